#!/usr/bin/env python3
"""Compares two reference answers (bench/tools.py reference) statistic by statistic: the
check that bench/gen.py's batched draws keep the distributions of the unbatched ones.

    python3 bench/compare.py bench-data/L/reference.json /tmp/L-batched/reference.json

Prints a Markdown table of each statistic in both and the relative difference.
"""
import json
import sys


def statistics(reference):
    components, reach, overlap = reference["components"], reference["reach"], reference["overlap"]
    rows = [(key, components[key]) for key in
            ("nodes", "edges", "components", "largest", "singletons", "components_larger_than_20")]
    rows += [(f"components of size {size}", components["size_histogram_upto_20"].get(size, 0))
             for size in ("1", "3", "5", "10", "20")]
    rows += [(f"distinct audience, {kind}", reach["distinct"][kind]) for kind in ("page", "group", "instagram", "all")]
    rows += [(f"audience rows, {kind}", reach["rows"][kind]) for kind in ("page", "group", "instagram")]
    rows += [("largest audience", overlap["top_sizes"][0]), ("100th largest audience", overlap["top_sizes"][-1]),
             ("top 100: pairs that overlap", overlap["nonzero_pairs"]),
             ("top 100: sum of intersections", overlap["intersection_sum"]),
             ("top 100: sum of Jaccard", overlap["jaccard_sum"]), ("top 100: largest Jaccard", overlap["max"]["jaccard"])]
    return rows


def main():
    if len(sys.argv) != 3:
        sys.exit("usage: bench/compare.py REFERENCE.json OTHER.json")
    first, second = (statistics(json.load(open(path))) for path in sys.argv[1:])
    print(f"| statistic | {sys.argv[1]} | {sys.argv[2]} | difference |")
    print("|---|---:|---:|---:|")
    for (name, a), (_, b) in zip(first, second):
        shown = (lambda v: f"{v:,}") if isinstance(a, int) else (lambda v: f"{v:.4f}")
        difference = f"{100 * (b - a) / a:+.1f} %" if a else ("0" if b == a else "new")
        print(f"| {name} | {shown(a)} | {shown(b)} | {difference} |")


if __name__ == "__main__":
    main()
