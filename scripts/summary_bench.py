#!/usr/bin/env python3
"""Times `cibgraph summary` over many documents beside plain Python (the json module,
what a researcher would write), interleaved, and checks that both give the same totals.

    python3 scripts/summary_bench.py                     # 10,000 documents, 5 rounds
    python3 scripts/summary_bench.py --documents 1000 --rounds 3 --binary OTHER/cibgraph

The documents come from bench/gen_documents.py (seeded) into bench-data/documents-N.
The Python anchor sums removed assets per year and kind as bounds (lower: the figures'
lower bounds, "more than N" counting N as summary does; upper: open once a figure has none), the way summary does, counting a
network id two documents give once (from the first primary report); both answers must
agree. Whole processes, warm page cache; prints the range of each tool's times."""
import argparse
import json
import os
import subprocess
import sys
import tempfile

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))

ANCHOR = r'''
import json, os, sys
folder = sys.argv[1]
UPPER = {"exactly": 1, "about": 1, "hedgeUnknown": 1, "lessThan": 1}
networks, order = {}, []
for name in sorted(os.listdir(folder)):
    if not name.endswith(".json"):
        continue
    document = json.load(open(os.path.join(folder, name)))
    report = document["report"]
    primary = report.get("kind", "primary") == "primary"
    year = report.get("published", "")[:4] or "unknown"
    for network in document["networks"]:
        known = networks.get(network["id"])
        if known is None:
            order.append(network["id"])
        if known is None or (not known[2] and primary):
            networks[network["id"]] = (year, network, primary)
totals = {}
for ident in order:
    year, network, _ = networks[ident]
    for kind, figure in network.get("reported", {}).get("counts", {}).items():
        qualifier = figure.get("qualifier", "exactly")
        value = figure.get("value")
        low = 0 if qualifier in ("lessThan", "notGiven") or value is None else value
        if qualifier == "lessThan":
            high = value - 1
        elif qualifier in ("moreThan", "atLeast", "notGiven"):
            high = None
        elif qualifier == "range":
            high = figure["upTo"]
        else:
            high = value
        lower, upper = totals.get((year, kind), (0, 0))
        totals[(year, kind)] = (lower + low, None if upper is None or high is None else upper + high)
print(json.dumps({f"{y} {k}": v for (y, k), v in sorted(totals.items())}))
'''


def timed(command):
    with tempfile.NamedTemporaryFile("r", suffix=".time") as stats:
        result = subprocess.run(["/usr/bin/time", "-f", "%e %M", "-o", stats.name, *command],
                                capture_output=True, text=True)
        if result.returncode != 0:
            sys.exit(f"{' '.join(command)} failed ({result.returncode}): {result.stderr[-500:]}")
        seconds, kilobytes = stats.read().split()[-2:]
    return float(seconds), int(kilobytes) / 1024, result.stdout


def ours(output):
    answer = json.loads(output)
    totals = {}
    for group in answer["groups"]:
        for kind, sum_ in group["summary"]["removed"].items():
            totals[f"{group['key']} {kind}"] = [sum_["lower"], sum_["upper"]]
    return totals


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--documents", type=int, default=10000)
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--binary", default=os.path.join(ROOT, ".build", "release", "cibgraph"))
    args = parser.parse_args()
    folder = os.path.join(ROOT, "bench-data", f"documents-{args.documents}")
    if not os.path.isdir(folder):
        subprocess.run([sys.executable, os.path.join(ROOT, "bench", "gen_documents.py"), str(args.documents), folder],
                       check=True)
    size = sum(os.path.getsize(os.path.join(folder, f)) for f in os.listdir(folder)) / 1e6
    with tempfile.NamedTemporaryFile("w", suffix=".py", delete=False) as script:
        script.write(ANCHOR)
    commands = {
        "cibgraph summary --by year": [args.binary, "summary", folder, "--by", "year", "--format", "json"],
        "python json": [sys.executable, script.name, folder],
    }
    times = {name: [] for name in commands}
    answers = {}
    for name, command in commands.items():  # warm the page cache
        answers[name] = timed(command)[2]
    for _ in range(args.rounds):
        for name, command in commands.items():
            seconds, memory, _ = timed(command)
            times[name].append((seconds, memory))
    os.unlink(script.name)
    agree = ours(answers["cibgraph summary --by year"]) == {k: list(v) for k, v in json.loads(answers["python json"]).items()}
    print(f"{args.documents} documents, {size:.0f} MB, {args.rounds} interleaved rounds")
    print("| tool | seconds (range) | peak MiB |")
    print("|---|---|---|")
    for name, runs in times.items():
        seconds = sorted(r[0] for r in runs)
        print(f"| {name} | {seconds[0]:.2f}–{seconds[-1]:.2f} | {max(r[1] for r in runs):.0f} |")
    print("answers agree" if agree else "ANSWERS DIFFER")
    if not agree:
        sys.exit(1)


if __name__ == "__main__":
    main()
