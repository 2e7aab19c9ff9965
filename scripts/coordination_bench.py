#!/usr/bin/env python3
"""Times `cibgraph coordinate` beside reference implementations on generated
activity files with planted coordinated groups, checks that their edge sets and
weights agree, and writes docs/coordination-benchmark.md.

    python3 scripts/coordination_bench.py [--sizes 1000000,10000000]
        [--binary .build/release/cibgraph] [--reference-timeout 600]

Data goes to bench-data/coord/ (ignored by git). Each file: background
activity (90 % of rows on uniformly drawn objects, 10 % on 1,000 hot objects,
times uniform over 30 days, integer seconds) and planted groups of 5 to 20
accounts that each act on 20 objects within 30 s of each other.

References, on the same rows:
- the coordination-network-toolkit (PyPI `coordination-network-toolkit`), as
  its documentation says to run it: `preprocess` a CSV of message_id,
  user_id, repost_id, message, timestamp, urls (the object as the URL), then
  `compute co_link --time_window W --min_edge_weight R`, then its
  `co_link_network` table is read (1.5.2's csv export fails with a TypeError). Its weight is the number of distinct
  messages of user_1 with a message of user_2 on the same URL within W seconds
  (both ends inclusive), per direction; cibgraph's is the number of distinct
  objects. They are equal when an account acts on an object at most once, and
  the generator draws few repeats; every difference is listed.
- pandas, the same semantics as cibgraph: rows sorted by (object, time); for
  lag k = 1, 2, … the rows k apart on the same object within W seconds give
  pairs (until no row has a partner k apart), pairs of distinct accounts
  de-duplicated per object, counted per pair, kept at >= R.
"""

import argparse
import os
import subprocess
import sys
import time
from pathlib import Path

import numpy as np
import pandas as pd

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "bench-data" / "coord"
WINDOW = 60
MIN_REPEAT = 2


def generate(rows, seed=6):
    """The activity table (object, account, post, time) and the planted groups."""
    rng = np.random.default_rng(seed)
    start = 1_600_000_000
    span = 30 * 86_400
    groups = []
    planted_objects, planted_accounts, planted_times = [], [], []
    n_groups = max(5, rows // 200_000)
    for g in range(n_groups):
        size = int(rng.integers(5, 21))
        members = [f"planted-{g}-{m}" for m in range(size)]
        groups.append(members)
        for o in range(20):
            base = start + int(rng.integers(0, span))
            for member in members:
                planted_objects.append(f"https://planted.example/{g}/{o}")
                planted_accounts.append(member)
                planted_times.append(base + int(rng.integers(0, 30)))
    background = rows - len(planted_objects)
    n_accounts = max(1000, rows // 50)
    n_objects = max(1000, rows // 5)
    hot = rng.random(background) < 0.1
    objects = np.where(
        hot, rng.integers(0, 1000, background), rng.integers(1000, 1000 + n_objects, background)
    )
    accounts = rng.integers(0, n_accounts, background)
    times = start + rng.integers(0, span, background)
    frame = pd.DataFrame(
        {
            "object_id": np.concatenate(
                [
                    np.char.add("https://news.example/", objects.astype(str)),
                    np.array(planted_objects, dtype=object),
                ]
            ),
            "account_id": np.concatenate(
                [np.char.add("user", accounts.astype(str)), np.array(planted_accounts, dtype=object)]
            ),
            "timestamp": np.concatenate([times, np.array(planted_times, dtype=np.int64)]),
        }
    )
    frame = frame.sample(frac=1, random_state=seed).reset_index(drop=True)
    frame.insert(2, "content_id", np.arange(len(frame)).astype(str))
    return frame, groups


def pandas_edges(path):
    frame = pd.read_csv(path, dtype={"object_id": str, "account_id": str, "content_id": str})
    obj, _ = pd.factorize(frame["object_id"])
    acc, names = pd.factorize(frame["account_id"])
    order = np.lexsort((frame["timestamp"].to_numpy(), obj))
    obj, acc, t = obj[order], acc[order], frame["timestamp"].to_numpy()[order]
    parts = []
    k = 1
    while k < len(obj):
        same = (obj[k:] == obj[:-k]) & (t[k:] - t[:-k] <= WINDOW)
        if not same.any():
            break
        a, b, o = acc[:-k][same], acc[k:][same], obj[:-k][same]
        keep = a != b
        a, b, o = a[keep], b[keep], o[keep]
        parts.append(pd.DataFrame({"a": np.minimum(a, b), "b": np.maximum(a, b), "o": o}))
        k += 1
    pairs = pd.concat(parts).drop_duplicates()
    weights = pairs.groupby(["a", "b"]).size()
    weights = weights[weights >= MIN_REPEAT]
    return {
        tuple(sorted((names[a], names[b]))): int(w) for (a, b), w in weights.items()
    }


def toolkit_edges(activity, workdir):
    """Runs the coordination-network-toolkit; returns its edges and the seconds it took."""
    messages = workdir / "messages.csv"
    frame = pd.read_csv(activity, dtype=str)
    pd.DataFrame(
        {
            "message_id": frame["content_id"],
            "user_id": frame["account_id"],
            "username": frame["account_id"],
            "repost_id": "",
            "reply_id": "",
            "message": "",
            "timestamp": frame["timestamp"],
            "urls": frame["object_id"],
        }
    ).to_csv(messages, index=False)
    database = workdir / "toolkit.db"
    output = workdir / "toolkit-edges.csv"
    for path in (database, output):
        if path.exists():
            path.unlink()
    tool = [sys.executable, "-m", "coordination_network_toolkit", str(database)]
    steps = [
        tool + ["preprocess", "--format", "csv", str(messages)],
        tool
        + [
            "compute", "co_link", "--time_window", str(WINDOW), "--min_edge_weight",
            str(MIN_REPEAT), "--n_cpus", "2",
        ],
    ]
    total, peak = 0.0, 0
    for step in steps:
        seconds, kib = timed(step)
        total += seconds
        peak = max(peak, kib)
    # Read the computed table itself: 1.5.2's `export_network --output_format csv`
    # fails (output_gephi_csv() got an unexpected keyword argument 'n_messages').
    import sqlite3

    with sqlite3.connect(database) as db:
        directed = {
            (str(a), str(b)): int(w)
            for a, b, w in db.execute("select user_1, user_2, weight from co_link_network")
        }
    edges = {}
    for (a, b), weight in directed.items():
        if a == b:
            continue
        key = tuple(sorted((a, b)))
        edges[key] = max(edges.get(key, 0), weight)
    return edges, directed, total, peak


def warm(path):
    """Reads `path`, untimed, so that the run after it finds it in the page cache: this
    machine pages out file pages left unused for about a minute."""
    subprocess.run(["cat", str(path)], stdout=subprocess.DEVNULL, check=True)


def timed(command, timeout=None):
    """Runs `command` under /usr/bin/time; returns wall seconds and peak KiB."""
    result = subprocess.run(
        ["/usr/bin/time", "-f", "%e %M"] + command,
        capture_output=True, text=True, timeout=timeout,
    )
    if result.returncode != 0:
        raise RuntimeError(f"{command[0]} failed: {result.stderr[-2000:]}")
    seconds, kib = result.stderr.strip().splitlines()[-1].split()
    return float(seconds), int(kib)


def cibgraph_edges(binary, activity, workdir):
    network = workdir / "network.json"
    command = [
        binary, "coordinate", str(activity), "--window", str(WINDOW), "--min-repeat",
        str(MIN_REPEAT), "-o", str(network), "--format", "json",
    ]
    warm(activity)
    seconds, kib = timed(command)
    import json

    document = json.loads(network.read_text())
    edges = {}
    components = []
    for net in document["networks"]:
        components.append({asset["id"] for asset in net["assets"]})
        for relation in net["relations"]:
            edges[tuple(sorted((relation["source"], relation["target"])))] = int(relation["weight"])
    return edges, components, seconds, kib


def pandas_timed(activity):
    """pandas in a child process, for its own time and peak memory."""
    code = (
        "import sys, json; sys.path.insert(0, %r); import coordination_bench as b; "
        "e = b.pandas_edges(%r); json.dump([[k[0], k[1], v] for k, v in e.items()], open(%r, 'w'))"
    ) % (str(Path(__file__).parent), str(activity), str(activity) + ".pandas.json")
    warm(activity)
    seconds, kib = timed([sys.executable, "-c", code])
    import json

    edges = {(a, b): w for a, b, w in json.load(open(str(activity) + ".pandas.json"))}
    return edges, seconds, kib


def compare(ours, theirs):
    only_ours = set(ours) - set(theirs)
    only_theirs = set(theirs) - set(ours)
    different = {k for k in set(ours) & set(theirs) if ours[k] != theirs[k]}
    return only_ours, only_theirs, different


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--sizes", default="1000000,10000000")
    parser.add_argument(
        "--binary", default=os.environ.get("CIBGRAPH", str(ROOT / ".build/release/cibgraph"))
    )
    parser.add_argument("--toolkit-max-rows", type=int, default=1_000_000)
    args = parser.parse_args()
    DATA.mkdir(parents=True, exist_ok=True)
    lines = []
    for rows in [int(s) for s in args.sizes.split(",")]:
        workdir = DATA / f"n{rows}"
        workdir.mkdir(exist_ok=True)
        activity = workdir / "activity.csv"
        frame, groups = generate(rows)
        frame.to_csv(activity, index=False)
        size_mib = activity.stat().st_size / 2**20
        print(f"{rows:,} rows, {size_mib:.0f} MiB, {len(groups)} planted groups", flush=True)

        ours, components, seconds, kib = cibgraph_edges(args.binary, activity, workdir)
        planted_found = sum(1 for g in groups if set(g) in components)
        background_edges = sum(1 for a, b in ours if not (a.startswith("planted-") and b.startswith("planted-")))
        lines.append(
            (rows, size_mib, "cibgraph coordinate", seconds, kib, len(ours),
             f"{planted_found}/{len(groups)} planted groups found as components; {background_edges} edges touch background accounts")
        )
        print(lines[-1], flush=True)

        theirs, seconds, kib = pandas_timed(activity)
        only_ours, only_theirs, different = compare(ours, theirs)
        lines.append(
            (rows, size_mib, "pandas (sort + lagged self-join)", seconds, kib, len(theirs),
             "identical edges and weights" if not (only_ours or only_theirs or different)
             else f"differ: {len(only_ours)} only cibgraph, {len(only_theirs)} only pandas, {len(different)} weights")
        )
        print(lines[-1], flush=True)

        if rows <= args.toolkit_max_rows:
            toolkit, directed, seconds, kib = toolkit_edges(activity, workdir)
            only_ours, only_theirs, different = compare(ours, toolkit)
            asymmetric = sum(1 for (a, b), w in directed.items() if directed.get((b, a)) != w)
            verdict = (
                "identical edges and weights"
                if not (only_ours or only_theirs or different)
                else f"differ: {len(only_ours)} only cibgraph, {len(only_theirs)} only toolkit, "
                f"{len(different)} weights (e.g. {sorted(different)[:3]})"
            )
            lines.append(
                (rows, size_mib, "coordination-network-toolkit 1.5.2 (co_link)", seconds, kib,
                 len(toolkit), verdict + f"; {asymmetric} directed weights differ from their reverse")
            )
            print(lines[-1], flush=True)

    table = [
        "| rows | file | tool | time | peak memory | edges | agreement |",
        "|---|---|---|---|---|---|---|",
    ]
    for rows, size_mib, tool, seconds, kib, edges, note in lines:
        table.append(
            f"| {rows:,} | {size_mib:.0f} MiB | {tool} | {seconds:.1f} s | {kib / 1024:.0f} MiB | {edges:,} | {note} |"
        )
    out = ROOT / "docs" / "coordination-benchmark.md"
    text = out.read_text() if out.exists() else ""
    marker = "<!-- table -->"
    if marker in text:
        head, _, rest = text.partition(marker)
        tail = rest.partition("<!-- end table -->")[2]
        text = head + marker + "\n" + "\n".join(table) + "\n<!-- end table -->" + tail
    else:
        text = "\n".join(table) + "\n"
    out.write_text(text)
    print("\n".join(table))


if __name__ == "__main__":
    main()
