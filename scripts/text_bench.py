#!/usr/bin/env python3
"""Times `cibgraph coordinate --by text` on posts from scripts/copypasta_gen.py
and checks what it finds against the planted campaigns; prints a Markdown
table for docs/coordination-benchmark.md.

    python3 scripts/text_bench.py [--sizes 1000000,10000000]
        [--binary .build/release/cibgraph] [--runs 1]

Data goes to bench-data/text/ (ignored by git), made once per size (seed 7).
Each run: `cibgraph coordinate FILE --by text --window 300 --format json
--list-accounts --limit 0` under `/usr/bin/time -v` (whole process, release
build): wall time, CPU time (user + system: the machine is shared, and the
CPU time is what the run itself costs) and peak memory. Agreement: the
candidate networks must be exactly the planted campaigns' account sets
(every campaign found, no background account linked).
"""

import argparse
import json
import re
import subprocess
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def timed(command):
    result = subprocess.run(
        ["/usr/bin/time", "-v"] + command, capture_output=True, text=True, check=False
    )
    if result.returncode != 0:
        raise SystemExit(f"{' '.join(command)} failed:\n{result.stderr[-2000:]}")
    def field(name):
        return re.search(rf"{name}: (.+)", result.stderr).group(1).strip()
    wall = field(r"Elapsed \(wall clock\) time \(h:mm:ss or m:ss\)")
    seconds = 0.0
    for part in wall.split(":"):
        seconds = seconds * 60 + float(part)
    cpu = float(field(r"User time \(seconds\)")) + float(field(r"System time \(seconds\)"))
    return result.stdout, seconds, cpu, int(field(r"Maximum resident set size \(kbytes\)")) / 1024


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", default="1000000,10000000")
    parser.add_argument("--binary", default=str(ROOT / ".build/release/cibgraph"))
    parser.add_argument("--runs", type=int, default=1)
    args = parser.parse_args()
    data = ROOT / "bench-data/text"
    data.mkdir(parents=True, exist_ok=True)
    rows = []
    for size in (int(s) for s in args.sizes.split(",")):
        posts = data / f"posts-{size}.csv"
        groups = data / f"posts-{size}-groups.csv"
        if not posts.exists() or not groups.exists():
            subprocess.run(
                ["python3", str(ROOT / "scripts/copypasta_gen.py"), str(posts), "--posts",
                 str(size), "--groups", str(groups)],
                check=True,
            )
        planted = set()
        for line in groups.read_text().splitlines()[1:]:
            planted.add(frozenset(line.split(",", 1)[1].split()))
        for _ in range(args.runs):
            out, wall, cpu, memory = timed([
                args.binary, "coordinate", str(posts), "--by", "text", "--window", "300",
                "--format", "json", "--list-accounts", "--limit", "0",
            ])
            found = {frozenset(c["accounts"]) for c in json.loads(out)["components"]}
            agreement = (
                f"{len(planted & found)}/{len(planted)} planted campaigns found as components; "
                f"{len(found - planted)} other components"
            )
            rows.append(
                f"| {size:,} | {posts.stat().st_size / 2**20:,.0f} MiB | {wall:,.1f} s | "
                f"{cpu:,.1f} s | {memory:,.0f} MiB | {agreement} |"
            )
            print(rows[-1], flush=True)
    print("\n| posts | file | wall time | CPU time | peak memory | agreement |")
    print("|---|---|---|---|---|---|")
    print("\n".join(rows))


if __name__ == "__main__":
    main()
