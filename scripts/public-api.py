#!/usr/bin/env python3
"""Counts the library's public declarations, per module, from the symbol graphs
`swift package dump-symbol-graph` writes (so a declaration split over lines, an
enum case or an implicit memberwise initializer counts as the compiler sees it).

    python3 scripts/public-api.py            # table per module and total
    python3 scripts/public-api.py --list     # every public symbol, with its doc status
    python3 scripts/public-api.py --undocumented   # those without a /// doc; exit 1 if any

Counted: the modules `import CIBGraph` brings (Core, Formats, Analysis, Drawing) and
CIBGraphviz; symbols the standard library synthesises (protocol conformances'
defaults) are left out.
"""
import glob
import json
import os
import subprocess
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
MODULES = ["CIBGraphCore", "CIBGraphFormats", "CIBGraphAnalysis", "CIBGraphDrawing", "CIBGraphviz"]


def symbols():
    # Old graphs are removed first, so that a module that failed to build is
    # missing rather than counted from an earlier run. The command exits
    # non-zero when it cannot write the test modules' graphs, which are not
    # counted; the library modules' graphs are checked one by one instead.
    for old in glob.glob(os.path.join(ROOT, ".build", "*", "symbolgraph", "*.symbols.json")):
        os.remove(old)
    run = subprocess.run(
        ["swift", "package", "dump-symbol-graph", "--minimum-access-level", "public"],
        cwd=ROOT, capture_output=True, text=True)
    for module in MODULES:
        paths = glob.glob(os.path.join(ROOT, ".build", "*", "symbolgraph", f"{module}.symbols.json"))
        if not paths:
            sys.exit(f"public-api: no symbol graph for {module}:\n{run.stderr[-2000:]}")
        # A module's extensions of another module's types (Formats' NetworkDocument.read)
        # are in a graph of their own, named module@extended.
        paths += sorted(glob.glob(os.path.join(os.path.dirname(paths[0]), f"{module}@*.symbols.json")))
        graphs = []
        for path in paths:
            with open(path) as f:
                graphs.append(json.load(f))
        for symbol in (symbol for graph in graphs for symbol in graph["symbols"]):
            if symbol.get("accessLevel") not in ("public", "open"):
                continue
            # Members a protocol's extension supplies (==, hash(into:), …) are not ours.
            if symbol["identifier"]["precise"].startswith("s:s") or "sourceOrigin" in symbol.get("docComment", {}):
                continue
            if "location" not in symbol:
                continue
            yield module, symbol


def main():
    rows = list(symbols())
    if "--list" in sys.argv or "--undocumented" in sys.argv:
        missing = 0
        for module, symbol in rows:
            documented = bool(symbol.get("docComment"))
            if "--undocumented" in sys.argv and documented:
                continue
            missing += not documented
            path = ".".join(symbol["pathComponents"])
            where = symbol["location"]["uri"].split("/Sources/")[-1]
            print(f"{module}\t{symbol['kind']['identifier']}\t{path}\t{where}\t{'doc' if documented else 'NO DOC'}")
        sys.exit(1 if "--undocumented" in sys.argv and missing else 0)
    total = 0
    for module in MODULES:
        count = sum(1 for m, _ in rows if m == module)
        undocumented = sum(1 for m, s in rows if m == module and not s.get("docComment"))
        total += count
        print(f"{module:18} {count:5} public declarations, {undocumented:4} without a doc comment")
    print(f"{'total':18} {total:5}")


main()
