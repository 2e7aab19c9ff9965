#!/usr/bin/env python3
"""Checks docs/cibgraph-document.schema.json against the tool that reads the documents.

    swift build --product cibgraph
    python3 scripts/check-schema.py [--cibgraph .build/debug/cibgraph]

1. The schema is a valid JSON Schema (draft 2020-12).
2. Every document in Graphs/, Tests/Fuzzing/Seeds/document/ and Tests/Fixtures/ that `cibgraph` reads
   (`validate` does not exit 65) is accepted by the schema, and so is the version 2
   document `convert --to json` writes of it. A document the tool refuses is listed with the
   tool's reason and whether the schema refuses it too: the schema cannot see some of
   what the reader checks (duplicate keys, a kind used but not declared).
3. Changes to a version 2 document, each refused by the tool, the schema or both, as
   MUTATIONS below says: the schema is not checked only on what it accepts.

Needs the Python package jsonschema. When it is not importable, the script makes a
virtual environment in $TMPDIR (cibgraph-schema-venv), installs jsonschema there from
PyPI and runs itself again with it: jsonschema is never a dependency of the Swift package.
Exit status: 0 when every check holds, 1 otherwise.
"""
import argparse
import copy
import glob
import importlib.util
import json
import os
import subprocess
import sys
import tempfile

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
SCHEMA = os.path.join(ROOT, "docs", "cibgraph-document.schema.json")
VENV = os.path.join(tempfile.gettempdir(), "cibgraph-schema-venv")


def ensure_jsonschema():
    if importlib.util.find_spec("jsonschema"):
        return
    if os.environ.get("CIBGRAPH_SCHEMA_VENV") == "1":
        sys.exit("jsonschema is still not importable in " + VENV)
    python = os.path.join(VENV, "bin", "python")
    if not os.path.exists(python):
        print(f"making a virtual environment with jsonschema in {VENV}", file=sys.stderr)
        subprocess.run([sys.executable, "-m", "venv", VENV], check=True)
    subprocess.run([python, "-m", "pip", "install", "--quiet", "jsonschema"], check=True)
    env = dict(os.environ, CIBGRAPH_SCHEMA_VENV="1")
    os.execve(python, [python] + sys.argv, env)


def network(document, index=0):
    return document["networks"][index]


def figure(document):
    return network(document)["reported"]["counts"]["page"]


def set_key(path, value):
    """A mutation setting the key at the end of `path` (a list of keys and indices)."""
    def apply(document):
        target = document
        for step in path[:-1]:
            target = target[step]
        target[path[-1]] = value
    return apply


def delete_key(path):
    def apply(document):
        target = document
        for step in path[:-1]:
            target = target[step]
        del target[path[-1]]
    return apply


def combine(*changes):
    def apply(document):
        for change in changes:
            change(document)
    return apply


def as_version_1(document):
    document["version"] = 1
    document.pop("kinds", None)
    for item in document.get("networks", []):
        origins = item.pop("origins", [])
        if origins:
            item["origin"] = origins[0]
        for asset in item.get("assets", []):
            if asset["kind"] in ("vk-community", "ok-account"):
                asset["kind"] = "account"
        for figures in (item.get("reported", {}).get("counts", {}), item.get("reported", {}).get("audiences", {})):
            figures.pop("vk-community", None)
        item.get("reported", {}).pop("posts", None)
        item.get("reported", {}).pop("summedFollowers", None)
        item.pop("measures", None)
        for element in item.get("assets", []) + item.get("relations", []):
            element.pop("measures", None)


COUNTS = ["networks", 0, "reported", "counts"]
PAGE = COUNTS + ["page"]
# The every-key document's measured account (x1), edge (x1-x2) and network.
ASSET_MEASURES = ["networks", 0, "assets", 3, "measures"]
RELATION_MEASURES = ["networks", 0, "relations", 2, "measures"]
NETWORK_MEASURES = ["networks", 0, "measures"]

# (name, change to the every-key document, refused by the tool, refused by the schema)
MUTATIONS = [
    ("unchanged", lambda d: None, False, False),
    ("read as version 1", as_version_1, False, False),
    ("a value with notGiven", set_key(PAGE + ["qualifier"], "notGiven"), True, True),
    ("upTo without range", set_key(PAGE + ["upTo"], 9), True, True),
    ("a range without upTo", set_key(PAGE + ["qualifier"], "range"), True, True),
    ("a figure without value", delete_key(PAGE + ["value"]), True, True),
    ("an unknown qualifier", set_key(PAGE + ["qualifier"], "roughly"), True, True),
    ("a negative count", set_key(PAGE + ["value"], -1), True, True),
    ("a count over 10^15", set_key(PAGE + ["value"], 10**15 + 1), True, True),
    ("a fractional count", set_key(PAGE + ["value"], 1.5), True, True),
    ("an unknown country code", set_key(["networks", 0, "origins"], ["RU", "XX"]), True, True),
    ("an empty place", set_key(["networks", 0, "targets"], [" "]), True, True),
    ("an actor's unknown code", set_key(["organizations", 0, "country"], "QQ"), True, True),
    ("origin in version 2", set_key(["networks", 0, "origin"], "RU"), True, True),
    ("origins in version 1", combine(as_version_1, set_key(["networks", 0, "origins"], ["RU"])), True, True),
    ("kinds in version 1", combine(as_version_1, set_key(["kinds"], [])), True, True),
    ("posts in version 1",
     combine(as_version_1, set_key(["networks", 0, "reported", "posts"], {"value": 1})), True, True),
    ("summedFollowers in version 1",
     combine(as_version_1, set_key(["networks", 0, "reported", "summedFollowers"], {})), True, True),
    ("measures in version 1",
     combine(as_version_1, set_key(["networks", 0, "assets", 3, "measures"], {"degree": 1})), True, True),
    ("an unknown measure", set_key(ASSET_MEASURES + ["degre"], 1), True, True),
    ("a relation's measure of an asset", set_key(ASSET_MEASURES + ["symmetry"], 0.5), True, True),
    ("an asset's measure of a network", set_key(NETWORK_MEASURES + ["degree"], 1), True, True),
    ("a fractional count measure", set_key(ASSET_MEASURES + ["degree"], 1.5), True, True),
    ("a count measure over 10^15", set_key(RELATION_MEASURES + ["posts"], 10**15 + 1), True, True),
    ("a flag measure that is a number", set_key(RELATION_MEASURES + ["fast"], 1), True, True),
    ("a number measure that is text", set_key(RELATION_MEASURES + ["symmetry"], "1"), True, True),
    ("a time measure in Unix seconds", set_key(ASSET_MEASURES + ["firstAction"], "1583049600"), True, True),
    ("a null measure", set_key(NETWORK_MEASURES + ["density"], None), True, True),
    ("a declared kind named page", set_key(["kinds", 0, "name"], "page"), True, True),
    ("a declared kind named twitter", set_key(["kinds", 0, "name"], "twitter"), True, True),
    ("a declared kind's name with a space", set_key(["kinds", 0, "name"], "vk community"), True, True),
    ("a declared kind without plural", delete_key(["kinds", 0, "plural"]), True, True),
    ("an actor of a platform's kind", set_key(["organizations", 0, "kind"], "page"), True, True),
    ("a paraphrase's author on a verbatim statement",
     set_key(["networks", 0, "attribution", "paraphrasedBy"], "someone"), True, True),
    ("an unknown wording", set_key(["networks", 0, "attribution", "wording"], "quoted"), True, True),
    ("a month 13", set_key(["networks", 0, "activeFrom"], "2019-13"), True, True),
    ("an unknown relation type", set_key(["networks", 0, "relations", 0, "type"], "owns"), True, True),
    ("a detection without method", delete_key(["networks", 0, "detection", "method"]), True, True),
    ("an unknown version", set_key(["version"], 3), True, True),
    # A version 2 document may hold no key the format does not know.
    ("a misspelt key", set_key(PAGE + ["qualifer"], "about"), True, True),
    ("a misspelt network key", set_key(["networks", 0, "topic"], ["x"]), True, True),
    # What only the reader sees.
    ("a range whose low end is above its high end",
     combine(set_key(PAGE + ["qualifier"], "range"), set_key(PAGE + ["upTo"], 1)), True, False),
    ("a kind used but not declared", set_key(["networks", 0, "assets", 0, "kind"], "threds"), True, False),
    ("a summed follower count of a kind not declared",
     set_key(["networks", 0, "reported", "summedFollowers"], {"x-acount": {"value": 1}}), True, False),
    ("a kind declared twice", lambda d: d["kinds"].append(dict(d["kinds"][0], singular="again")), True, False),
    ("a day that does not exist", set_key(["networks", 0, "activeFrom"], "2019-02-30"), True, False),
    ("a time measure on a day that does not exist",
     set_key(ASSET_MEASURES + ["lastAction"], "2019-02-30T00:00:00Z"), True, False),
]


class Checker:
    def __init__(self, binary, validator, work):
        self.binary = binary
        self.validator = validator
        self.work = work
        self.failures = 0

    def run(self, *arguments):
        return subprocess.run([self.binary, *arguments], capture_output=True, text=True, cwd=ROOT)

    @staticmethod
    def first_error(run):
        lines = [line for line in run.stderr.splitlines() if ": error: " in line]
        return lines[0].split(": error: ", 1)[1] if lines else run.stderr.strip()

    def tool(self, path):
        """Whether cibgraph reads the document, and why not: `validate` exits 65 for a
        document it cannot read, 1 for one it reads and finds errors in."""
        run = self.run("validate", path)
        if run.returncode in (0, 1):
            return True, ""
        if run.returncode != 65:
            self.fail(f"{path}: cibgraph validate exited {run.returncode}: {run.stderr.strip()}")
        return False, self.first_error(run)

    def convert(self, path):
        """The version 2 document `convert --to json` writes, or None and why not
        (it refuses a document with structural errors: dangling references, cycles)."""
        out = os.path.join(self.work, "converted-" + os.path.basename(path))
        run = self.run("convert", "--to", "json", path, "-o", out)
        return (out, "") if run.returncode == 0 else (None, self.first_error(run))

    def schema_errors(self, document):
        return sorted(self.validator.iter_errors(document), key=lambda e: list(e.absolute_path))

    def schema_accepts_file(self, path):
        try:
            with open(path, encoding="utf-8") as file:
                document = json.load(file)
        except (ValueError, RecursionError) as error:
            return False, f"not JSON to Python: {str(error)[:80]}"
        errors = self.schema_errors(document)
        if errors:
            first = errors[0]
            where = "/".join(str(step) for step in first.absolute_path) or "(document)"
            return False, f"{where}: {first.message[:100]}"
        return True, ""

    def fail(self, message):
        self.failures += 1
        print("FAIL " + message)

    def check_file(self, path):
        name = os.path.relpath(path, ROOT)
        accepted, reason = self.tool(path)
        schema_ok, schema_reason = self.schema_accepts_file(path)
        if accepted and not schema_ok:
            self.fail(f"{name}: read by cibgraph, refused by the schema: {schema_reason}")
            return
        if not accepted:
            verdict = "the schema refuses it too" if not schema_ok else "beyond the schema"
            print(f"ok   {name}: refused by cibgraph ({reason[:90]}); {verdict}")
            return
        converted, why_not = self.convert(path)
        if converted is None:
            print(f"ok   {name}: read by cibgraph and the schema; not converted ({why_not[:70]})")
            return
        with open(converted, encoding="utf-8") as file:
            version = json.load(file).get("version")
        ok, why = self.schema_accepts_file(converted)
        if version != 2 or not ok:
            self.fail(f"{name}: its conversion (version {version}) is refused by the schema: {why}")
            return
        print(f"ok   {name}: read by cibgraph and the schema; so is its version 2 conversion")

    def check_mutations(self, base_path):
        with open(base_path, encoding="utf-8") as file:
            base = json.load(file)
        for index, (name, change, tool_refuses, schema_refuses) in enumerate(MUTATIONS):
            document = copy.deepcopy(base)
            change(document)
            path = os.path.join(self.work, f"mutation-{index:02}.json")
            with open(path, "w", encoding="utf-8") as file:
                json.dump(document, file, ensure_ascii=False, indent=1)
            accepted, reason = self.tool(path)
            schema_ok = not self.schema_errors(document)
            said = (f"cibgraph {'refuses' if not accepted else 'reads'} it"
                    + (f" ({reason[:70]})" if not accepted else "")
                    + f", the schema {'refuses' if not schema_ok else 'accepts'} it")
            if accepted == tool_refuses or schema_ok == schema_refuses:
                self.fail(f"mutation '{name}': {said}; expected "
                          f"cibgraph to {'refuse' if tool_refuses else 'read'} it and the schema to "
                          f"{'refuse' if schema_refuses else 'accept'} it")
            else:
                print(f"ok   mutation '{name}': {said}")


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--cibgraph", help="the binary (default: .build/release/cibgraph, else .build/debug/cibgraph)")
    args = parser.parse_args()
    ensure_jsonschema()
    import jsonschema

    binary = args.cibgraph or next(
        (os.path.join(ROOT, p) for p in (".build/release/cibgraph", ".build/debug/cibgraph")
         if os.path.exists(os.path.join(ROOT, p))), None)
    if not binary or not os.path.exists(binary):
        sys.exit("no cibgraph binary: run `swift build --product cibgraph` or give --cibgraph")
    with open(SCHEMA, encoding="utf-8") as file:
        schema = json.load(file)
    jsonschema.Draft202012Validator.check_schema(schema)
    validator = jsonschema.Draft202012Validator(schema)
    print(f"ok   {os.path.relpath(SCHEMA, ROOT)} is a valid draft 2020-12 schema")

    with tempfile.TemporaryDirectory(prefix="cibgraph-schema-") as work:
        checker = Checker(os.path.abspath(binary), validator, work)
        files = sorted(glob.glob(os.path.join(ROOT, "Graphs", "*.json")))
        files += sorted(glob.glob(os.path.join(ROOT, "Tests", "Fuzzing", "Seeds", "document", "*.json")))
        files += sorted(glob.glob(os.path.join(ROOT, "Tests", "Fixtures", "*.json")))
        for path in files:
            checker.check_file(path)
        checker.check_mutations(os.path.join(ROOT, "Tests", "Fixtures", "v2-every-key.json"))
        total = len(files) + len(MUTATIONS)
        print(f"{total - checker.failures} of {total} checks hold" if checker.failures
              else f"all {total} checks hold ({len(files)} documents, {len(MUTATIONS)} mutations)")
        return 1 if checker.failures else 0


if __name__ == "__main__":
    sys.exit(main())
