#!/usr/bin/env python3
"""Times cibgraph side by side with the anchors of ../shared/bench, checks every
answer against the reference, and writes the table to docs/benchmarks.md.

    python3 scripts/benchmark.py                 # sizes S and M (a few minutes)
    python3 scripts/benchmark.py --sizes S M L   # L: about 1 GB of data, ~12 minutes
    make bench                                   # the same as the second line

Whole processes, release build, warm page cache: each command runs once to warm the
cache, then --repeat times (the median is reported) when it takes under 10 s.
The data is generated into bench-data/<size> (ignored by git) with the shared
generator when missing; anchors need the Python packages of
../shared/bench/requirements.txt (missing ones are installed with pip).
"""
import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
SHARED = os.path.join(os.path.dirname(ROOT), "shared", "bench")
BINARY = os.path.join(ROOT, ".build", "release", "cibgraph")
ANCHORS = {
    "components": ["cc-polars", "cc-scipy", "cc-python"],
    "reach": ["reach-polars", "reach-pandas", "reach-pyset"],
    "overlap": ["overlap-polars", "overlap-pandas", "overlap-pysets"],
}
# Issue 5's targets at size L: seconds, and peak memory in MB (10^6 bytes) as the issue gives them.
TARGETS = {"components": (1.5, 600), "reach": (2.0, 1200), "overlap": (1.5, 1200)}
MIB_PER_MB = 1e6 / 2**20
KEEP_MARK = "<!-- The sections below are not written by scripts/benchmark.py, which keeps them. -->"
PACKAGES = {"numpy": "numpy", "pyarrow": "pyarrow", "polars": "polars", "pandas": "pandas", "scipy": "scipy"}


def log(*words):
    print("[benchmark]", *words, file=sys.stderr, flush=True)


def ensure_packages():
    missing = []
    for module, package in PACKAGES.items():
        try:
            __import__(module)
        except ImportError:
            missing.append(package)
    if missing:
        log("installing", *missing)
        subprocess.run([sys.executable, "-m", "pip", "install", "--quiet", *missing], check=True)


def data(size):
    folder = os.path.join(ROOT, "bench-data", size)
    if not os.path.exists(os.path.join(folder, "audience.csv")):
        log(f"generating size {size} into {folder}")
        subprocess.run([sys.executable, os.path.join(SHARED, "gen.py"), "--size", size, "--no-dot", "--out", folder], check=True)
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


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", nargs="+", default=["S", "M"], choices=["S", "M", "L"])
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--no-anchors", action="store_true", help="time cibgraph only")
    parser.add_argument("--out", default=os.path.join(ROOT, "docs", "benchmarks.md"))
    parser.add_argument("--binary", help="time this cibgraph instead of building the release one "
                        "(for a before-and-after table: the build before a change, then after)")
    args = parser.parse_args()

    ensure_packages()
    binary = args.binary or BINARY
    if not args.binary:
        log("building release")
        subprocess.run(["swift", "build", "-c", "release", "--product", "cibgraph"], cwd=ROOT, check=True,
                       stdout=subprocess.DEVNULL)
    rows = []
    for size in args.sizes:
        folder = data(size)
        reference = json.load(open(os.path.join(SHARED, "reference", f"{size}.json")))
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
                    seconds, memory, _ = measure([sys.executable, os.path.join(SHARED, "tools.py"), anchor, folder], args.repeat)
                    rows.append((size, task, anchor, seconds, memory, None))
                except RuntimeError as error:
                    log(error)

    lines = [
        "# Benchmarks",
        "",
        "Whole process, release build, warm page cache, median of runs; peak memory is the",
        "largest resident set. Written by `python3 scripts/benchmark.py --sizes "
        + " ".join(args.sizes) + "` on this project's kind of machine (2 cores).",
        "cibgraph's answers are checked against `../shared/bench/reference/<size>.json`;",
        "the anchors' answers are checked by `../shared/bench/anchors.py` (see its RESULTS.md).",
        "",
        "| size | task | tool | seconds | peak MiB | answer |",
        "|---|---|---|---|---|---|",
    ]
    for size, task, tool, seconds, memory, ok in rows:
        verdict = "" if ok is None else ("= reference" if ok else "**WRONG**")
        lines.append(f"| {size} | {task} | {tool} | {seconds:.2f} | {memory:.0f} | {verdict} |")
    # How far each of issue 5's targets (at L) is met, and the ratio to the fastest anchor.
    largest = max(args.sizes, key="SML".index)
    lines += [
        "",
        f"## Targets at {largest}",
        "",
        "| task | target | cibgraph | met | fastest anchor | cibgraph vs fastest |",
        "|---|---|---|---|---|---|",
    ]
    for task, (target_s, target_mib) in TARGETS.items():
        ours = [r for r in rows if r[0] == largest and r[1] == task and r[2] == "cibgraph"]
        anchors = [r for r in rows if r[0] == largest and r[1] == task and r[2] != "cibgraph"]
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
    if any(ok is False for *_, ok in rows):
        sys.exit("a cibgraph answer differs from the reference")


if __name__ == "__main__":
    main()
