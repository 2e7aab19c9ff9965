#!/usr/bin/env python3
"""Times cibgraph side by side with the Python anchors of bench/tools.py, checks every
answer (cibgraph's and the anchors') against the reference, and writes the table to
docs/benchmarks.md.

    python3 scripts/benchmark.py                 # sizes S and M (a few minutes)
    python3 scripts/benchmark.py --sizes S M L   # L: about 1 GB of data, ~12 minutes
    make bench                                   # the same as the second line

Whole processes, release build, warm page cache: each command runs once to warm the
cache, then --repeat times (the median is reported) when it takes under 10 s.
The data is generated into bench-data/<size> (ignored by git) by bench/gen.py when
missing, and the reference answers beside it by bench/tools.py (numpy and SciPy, not
cibgraph). Generator and anchors run in their own virtual environment,
bench-data/venv, with the versions of bench/requirements.txt (installed with pip on
first use): the system's Python is left alone, and the pinned numpy keeps the
generated files byte for byte the ones measured.
"""
import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
BENCH = os.path.join(ROOT, "bench")
VENV = os.path.join(ROOT, "bench-data", "venv")
PYTHON = os.path.join(VENV, "bin", "python")
BINARY = os.path.join(ROOT, ".build", "release", "cibgraph")
ANCHORS = {
    "components": ["cc-duckdb", "cc-polars", "cc-scipy", "cc-python"],
    "reach": ["reach-duckdb", "reach-polars", "reach-pandas", "reach-pyset"],
    "overlap": ["overlap-duckdb", "overlap-polars", "overlap-pandas", "overlap-pysets"],
}
# Issue 5's targets at size L: seconds, and peak memory in MB (10^6 bytes) as the issue gives them.
TARGETS = {"components": (1.5, 600), "reach": (2.0, 1200), "overlap": (1.5, 1200)}
MIB_PER_MB = 1e6 / 2**20
KEEP_MARK = "<!-- The sections below are not written by scripts/benchmark.py, which keeps them. -->"
# What generating the data and computing the reference need, and what only the anchors
# need (import name: package name in bench/requirements.txt).
GENERATOR_PACKAGES = {"numpy": "numpy", "pyarrow": "pyarrow", "scipy": "scipy"}
ANCHOR_PACKAGES = {"pandas": "pandas", "polars": "polars", "duckdb": "duckdb"}


def log(*words):
    print("[benchmark]", *words, file=sys.stderr, flush=True)


def pinned():
    """Package name -> requirement line of bench/requirements.txt."""
    lines = open(os.path.join(BENCH, "requirements.txt")).read().splitlines()
    pins = {}
    for line in lines:
        line = line.split("#")[0].strip()
        if line:
            pins[line.split("==")[0].lower()] = line
    return pins


def importable(module):
    return subprocess.run([PYTHON, "-c", f"import {module}"], capture_output=True).returncode == 0


def ensure_environment(with_anchors):
    """Creates bench-data/venv and installs what is missing; exits with one sentence when it cannot."""
    if not os.path.exists(PYTHON):
        log("creating the virtual environment", os.path.relpath(VENV, ROOT))
        if subprocess.run([sys.executable, "-m", "venv", VENV]).returncode != 0:
            sys.exit(f"benchmark: {sys.executable} cannot create a virtual environment (on Debian or Ubuntu, "
                     "install python3-venv: scripts/setup.sh --bench does)")
    pins = pinned()
    needed = [("generating the data and the reference answers", GENERATOR_PACKAGES)]
    if with_anchors:
        needed.append(("the anchors (or run with --no-anchors to time cibgraph alone)", ANCHOR_PACKAGES))
    for purpose, packages in needed:
        missing = [package for module, package in packages.items() if not importable(module)]
        if not missing:
            continue
        log("installing", *missing, "into", os.path.relpath(VENV, ROOT))
        install = [PYTHON, "-m", "pip", "install", "--quiet", *(pins[p] for p in missing)]
        if subprocess.run(install).returncode != 0:
            sys.exit(f"benchmark: pip could not install {', '.join(pins[p] for p in missing)} "
                     f"(its message is above), needed for {purpose}")


def data(size):
    """The folder of generated inputs of a size, with reference.json beside them."""
    folder = os.path.join(ROOT, "bench-data", size)
    reference = os.path.join(folder, "reference.json")
    if not os.path.exists(os.path.join(folder, "meta.json")):
        log(f"generating size {size} into {os.path.relpath(folder, ROOT)}")
        subprocess.run([PYTHON, os.path.join(BENCH, "gen.py"), "--size", size, "--no-dot", "--out", folder],
                       check=True, stdout=subprocess.DEVNULL)
        if os.path.exists(reference):
            os.remove(reference)
    if not os.path.exists(reference):
        log(f"computing the reference answers of size {size}")
        subprocess.run([PYTHON, os.path.join(BENCH, "tools.py"), "reference", folder, reference],
                       check=True, stdout=subprocess.DEVNULL)
    return folder


def timed(command):
    """Runs a command under /usr/bin/time; returns (seconds, peak MiB, stdout)."""
    with tempfile.NamedTemporaryFile("r", suffix=".time") as stats:
        result = subprocess.run(["/usr/bin/time", "-f", "%e %M", "-o", stats.name, *command], capture_output=True, text=True)
        if result.returncode != 0:
            raise RuntimeError(f"{' '.join(command)} failed ({result.returncode}): {result.stderr[-500:]}")
        seconds, kilobytes = stats.read().split()[-2:]
    return float(seconds), int(kilobytes) / 1024, result.stdout


def measure(command, repeat):
    timed(command)  # warm the page cache
    runs = [timed(command)]
    if runs[0][0] < 10:
        runs += [timed(command) for _ in range(repeat - 1)]
    seconds = statistics.median(r[0] for r in runs)
    memory = max(r[1] for r in runs)
    return seconds, memory, runs[-1][2]


def check(task, output, reference):
    answer = json.loads(output)
    if task == "components":
        return answer["count"] == reference["components"]["components"] and answer["largest"] == reference["components"]["largest"]
    if task == "reach":
        kinds = answer["networks"][0]["kinds"]
        distinct = [kinds[k]["distinct"] for k in ("page", "group", "instagram")] + [answer["networks"][0]["overall"]["distinct"]]
        summed = [kinds[k]["summed"] for k in ("page", "group", "instagram")]
        want = reference["reach"]
        return distinct == [want["distinct"][k] for k in ("page", "group", "instagram", "all")] and summed == [want["summed"][k] for k in ("page", "group", "instagram")]
    summary, want = answer["summary"], reference["overlap"]
    return (answer["compared"] == want["top"] and summary["pairs"] == want["pairs"] and summary["nonzeroPairs"] == want["nonzero_pairs"]
            and summary["intersectionSum"] == want["intersection_sum"] and abs(summary["jaccardSum"] - want["jaccard_sum"]) < 1e-6)


def check_anchor(task, output, reference):
    """An anchor's answer (the JSON line bench/tools.py prints) against the reference."""
    answer = json.loads(output.splitlines()[-1])["answer"]
    if task == "components":
        return all(answer[key] == reference["components"][key] for key in ("components", "largest"))
    if task == "reach":
        return all(answer[part] == reference["reach"][part] for part in ("distinct", "summed", "rows") if part in answer)
    want = reference["overlap"]
    return (all(answer[key] == want[key] for key in ("top", "nonzero_pairs", "intersection_sum"))
            and abs(answer["jaccard_sum"] - want["jaccard_sum"]) < 1e-6 * max(1.0, want["jaccard_sum"]))


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", nargs="+", default=["S", "M"], choices=["S", "M", "L"])
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--no-anchors", action="store_true", help="time cibgraph only")
    parser.add_argument("--out", default=os.path.join(ROOT, "docs", "benchmarks.md"))
    parser.add_argument("--binary", help="time this cibgraph instead of building the release one "
                        "(for a before-and-after table: the build before a change, then after)")
    args = parser.parse_args()

    if not os.access("/usr/bin/time", os.X_OK):
        sys.exit("benchmark: /usr/bin/time (GNU time) is missing; on Debian or Ubuntu, install time "
                 "(scripts/setup.sh --bench does)")
    ensure_environment(with_anchors=not args.no_anchors)
    binary = args.binary or BINARY
    if not args.binary:
        log("building release")
        subprocess.run(["swift", "build", "-c", "release", "--product", "cibgraph"], cwd=ROOT, check=True,
                       stdout=subprocess.DEVNULL)
    rows, failed = [], []
    for size in args.sizes:
        folder = data(size)
        reference = json.load(open(os.path.join(folder, "reference.json")))
        nodes, edges, audience = (os.path.join(folder, f) for f in ("nodes.csv", "edges.csv", "audience.csv"))
        commands = {
            "components": [binary, "components", "--nodes", nodes, "--edges", edges, "--format", "json", "--limit", "1"],
            "reach": [binary, "reach", "--nodes", nodes, "--audience", audience, "--format", "json"],
            "overlap": [binary, "overlap", "--nodes", nodes, "--audience", audience, "--top", "100", "--format", "json", "--pairs", "1"],
        }
        for task, command in commands.items():
            log(size, task)
            seconds, memory, output = measure(command, args.repeat)
            rows.append((size, task, "cibgraph", seconds, memory, check(task, output, reference)))
            if args.no_anchors:
                continue
            for anchor in ANCHORS[task]:
                log(size, anchor)
                try:
                    seconds, memory, output = measure([PYTHON, os.path.join(BENCH, "tools.py"), anchor, folder], args.repeat)
                    rows.append((size, task, anchor, seconds, memory, check_anchor(task, output, reference)))
                except RuntimeError as error:
                    log(error)
                    failed.append(f"{anchor} ({size})")

    lines = [
        "# Benchmarks",
        "",
        "Whole process, release build, warm page cache, median of runs; peak memory is the",
        "largest resident set. Written by `python3 scripts/benchmark.py --sizes "
        + " ".join(args.sizes) + "` on this project's kind of machine (2 cores).",
        "Inputs from `bench/gen.py` (seed 42); every answer, cibgraph's and the anchors', is checked",
        "against the reference answers that `bench/tools.py reference` computes with numpy and SciPy.",
        "",
        "| size | task | tool | seconds | peak MiB | answer |",
        "|---|---|---|---|---|---|",
    ]
    for size, task, tool, seconds, memory, ok in rows:
        verdict = "= reference" if ok else "**WRONG**"
        lines.append(f"| {size} | {task} | {tool} | {seconds:.2f} | {memory:.0f} | {verdict} |")
    # How far each of issue 5's targets is met at L, the size they are set for, and the
    # ratio to the fastest anchor.
    if "L" in args.sizes:
        lines += [
            "",
            "## Targets at L",
            "",
            "| task | target | cibgraph | met | fastest anchor | cibgraph vs fastest |",
            "|---|---|---|---|---|---|",
        ]
        for task, (target_s, target_mib) in TARGETS.items():
            ours = [r for r in rows if r[0] == "L" and r[1] == task and r[2] == "cibgraph"]
            anchors = [r for r in rows if r[0] == "L" and r[1] == task and r[2] != "cibgraph"]
            if not ours:
                continue
            _, _, _, seconds, memory, _ = ours[0]
            fits = memory <= target_mib * MIB_PER_MB
            met = "yes" if seconds <= target_s and fits else (
                "memory only" if fits else ("time only" if seconds <= target_s else "no"))
            if anchors:
                best = min(anchors, key=lambda r: r[3])
                versus = f"{best[2]} {best[3]:.2f} s / {best[4]:.0f} MiB"
                ratio = f"{best[3] / seconds:.1f}x faster, {best[4] / memory:.1f}x less memory"
            else:
                versus, ratio = "", ""
            lines.append(f"| {task} | {target_s} s, {target_mib} MB ({target_mib * MIB_PER_MB:.0f} MiB) | {seconds:.2f} s / {memory:.0f} MiB | {met} | {versus} | {ratio} |")
    # Sections measured by other means (hostile input, say) follow this mark and are kept.
    kept = ""
    if os.path.exists(args.out):
        previous = open(args.out).read()
        if KEEP_MARK in previous:
            kept = "\n" + previous[previous.index(KEEP_MARK):]
    with open(args.out, "w") as out:
        out.write("\n".join(lines) + "\n" + kept)
    log("wrote", args.out)
    problems = []
    wrong = [f"{tool} ({size})" for size, task, tool, *_, ok in rows if not ok]
    if wrong:
        problems.append("these answers differ from the reference: " + ", ".join(wrong))
    if failed:
        problems.append("these anchors failed (their messages are above): " + ", ".join(failed))
    if problems:
        sys.exit("benchmark: " + "; ".join(problems))


if __name__ == "__main__":
    main()
