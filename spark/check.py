#!/usr/bin/env python3
"""Checks that spark/cibgraph_spark.py answers as cibgraph does: runs both on the
benchmark's S and M files, on activity files made here, and on the hand-made
hostile files of spark/testdata/, and compares their JSON (or, for inputs both
must refuse, their exit status).

    python3 spark/check.py [--check] [--sizes S,M] [--cibgraph .build/debug/cibgraph]
        [--data bench-data] [--master local[2]]

--check is what the test suite runs (Tests/CIBGraphCLITests/SparkJobTests.swift):
the same, quietly, exiting non-zero on the first difference. Every analysis
runs in one Spark session (a JVM starts once). The S and M files are
bench/gen.py's, made into bench-data/ when missing (numpy and pyarrow from
.venv-spark); pyspark comes from .venv-spark too, which scripts/setup.sh
installs when Java is there. Without Java this exits 69, saying so.

Compared: every key of both JSON documents, exactly (floats too: Spark's
jaccard values are computed on the driver from the same integers), except
the examples of rows left out, which cibgraph locates by line and Spark names
by value.
"""

import argparse
import json
import os
import random
import shutil
import subprocess
import sys
import tempfile
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
SPARK_PYTHON = os.path.join(ROOT, ".venv-spark", "bin", "python3")
HOSTILE = os.path.join(ROOT, "spark", "testdata", "hostile")


def say(*words):
    print("spark/check:", *words, file=sys.stderr, flush=True)


def ensure_pyspark():
    """Re-runs this script with .venv-spark's Python when this one lacks pyspark."""
    try:
        import pyspark  # noqa: F401
        return
    except ImportError:
        pass
    venv = os.path.dirname(os.path.dirname(SPARK_PYTHON))
    if os.path.exists(SPARK_PYTHON) and os.path.realpath(sys.prefix) != os.path.realpath(venv):
        os.execv(SPARK_PYTHON, [SPARK_PYTHON] + sys.argv)
    say("pyspark is not installed: scripts/setup.sh installs it into .venv-spark when Java is there")
    sys.exit(1)


def activity(path, rows, seed):
    """A deterministic activity file: background shares of random objects at
    random times over 30 days, hot objects shared by many, and planted groups
    of accounts sharing the same objects within seconds; some accounts repeat
    a share, and a few times are ISO 8601 with zones or fractions."""
    rng = random.Random(seed)
    start = 1_600_000_000
    span = 30 * 86_400
    lines = ["object_id,account_id,content_id,timestamp"]
    post = 0

    def write(obj, account, t):
        nonlocal post
        post += 1
        if post % 97 == 0:
            stamp = time.strftime("%Y-%m-%dT%H:%M:%S", time.gmtime(t)) + "Z"
        elif post % 89 == 0:
            stamp = f"{t}.{rng.randrange(1000):03d}"
        elif post % 83 == 0:
            shifted = time.gmtime(t + 7200)
            stamp = time.strftime("%Y-%m-%d %H:%M:%S", shifted) + "+02:00"
        else:
            stamp = str(t)
        lines.append(f"{obj},acct{account},post{post},{stamp}")

    planted = rows // 10
    group = 0
    while planted > 0:
        members = rng.randrange(5, 15)
        for _ in range(rng.randrange(3, 8)):
            obj = f"https://planted.example/{group}/{rng.randrange(10**6)}"
            base = start + rng.randrange(span)
            for m in range(members):
                write(obj, f"-planted{group}-{m}", base + rng.randrange(0, 90))
                planted -= 1
        group += 1
    accounts = max(100, rows // 5)
    hot = max(10, rows // 2000)
    for _ in range(rows - (len(lines) - 1)):
        if rng.random() < 0.1:
            obj = f"https://hot.example/{rng.randrange(hot)}"
        else:
            obj = f"https://news.example/{rng.randrange(rows)}"
        account = rng.randrange(accounts)
        t = start + rng.randrange(span)
        write(obj, account, t)
        if rng.random() < 0.02:
            write(obj, account, t + rng.randrange(0, 30))
    with open(path, "w", encoding="utf-8", newline="\n") as out:
        out.write("\n".join(lines) + "\n")


def without_located_examples(value):
    """The JSON without the parts whose shape differs by design (line numbers)."""
    if isinstance(value, dict):
        return {k: without_located_examples(v) for k, v in value.items()
                if k != "skippedExamples" and not (k == "examples")}
    if isinstance(value, list):
        return [without_located_examples(v) for v in value]
    return value


def first_difference(a, b, where="$"):
    if type(a) is not type(b):
        return f"{where}: cibgraph {json.dumps(a)[:200]}, spark {json.dumps(b)[:200]}"
    if isinstance(a, dict):
        if list(a) != list(b):
            return f"{where}: keys {list(a)} against {list(b)}"
        for key in a:
            found = first_difference(a[key], b[key], f"{where}.{key}")
            if found:
                return found
        return None
    if isinstance(a, list):
        if len(a) != len(b):
            return f"{where}: {len(a)} items against {len(b)}"
        for i, (x, y) in enumerate(zip(a, b)):
            found = first_difference(x, y, f"{where}[{i}]")
            if found:
                return found
        return None
    return None if a == b else f"{where}: cibgraph {a!r}, spark {b!r}"


def cases(data, activity_file, with_audience):
    """(name, cibgraph's arguments, the Spark job's arguments, the exit status
    both must give) for one folder of nodes/edges/audience files; components
    with their distinct audiences too when `with_audience`."""
    n, e, a = (os.path.join(data, f) for f in ("nodes.csv", "edges.csv", "audience.csv"))
    graph = ["--nodes", n, "--edges", e]
    audience = [("components with audience",
                 ["components", *graph, "--audience", a, "--limit", "25"],
                 ["components", *graph, "--audience", a, "--limit", "25"], 0)]
    return [
        ("components", ["components", *graph], ["components", *graph], 0),
        *(audience if with_audience else []),
        ("reach", ["reach", *graph, "--audience", a], ["reach", *graph, "--audience", a], 0),
        ("overlap", ["overlap", "--nodes", n, "--audience", a, "--top", "100"],
         ["overlap", "--nodes", n, "--audience", a, "--top", "100"], 0),
        ("coordinate", ["coordinate", activity_file, "--window", "60", "--min-repeat", "2"],
         ["coordinate", activity_file, "--window", "60", "--min-repeat", "2"], 0),
    ]


def hostile_cases():
    h = lambda name: os.path.join(HOSTILE, name)  # noqa: E731
    graph = ["--nodes", h("nodes.csv"), "--edges", h("edges.csv")]
    audience = ["--audience", h("audience.csv")]
    return [
        ("hostile components", ["components", *graph], ["components", *graph], 0),
        ("hostile components, audience", ["components", *graph, *audience, "--skip-bad-rows"],
         ["components", *graph, *audience, "--skip-bad-rows"], 0),
        ("hostile reach, bad rows left out", ["reach", *graph, *audience, "--skip-bad-rows"],
         ["reach", *graph, *audience, "--skip-bad-rows"], 0),
        ("hostile reach, bad rows refused", ["reach", *graph, *audience],
         ["reach", *graph, *audience], 65),
        ("hostile overlap", ["overlap", "--nodes", h("nodes.csv"), *audience, "--top", "6",
                             "--skip-bad-rows"],
         ["overlap", "--nodes", h("nodes.csv"), *audience, "--top", "6", "--skip-bad-rows"], 0),
        ("hostile coordinate", ["coordinate", h("activity.csv"), "--skip-bad-rows"],
         ["coordinate", h("activity.csv"), "--skip-bad-rows"], 0),
        ("hostile coordinate, window 0, every pair",
         ["coordinate", h("activity.csv"), "--skip-bad-rows", "--window", "0", "--min-repeat", "1"],
         ["coordinate", h("activity.csv"), "--skip-bad-rows", "--window", "0", "--min-repeat", "1"],
         0),
        ("hostile coordinate, bad rows refused", ["coordinate", h("activity.csv")],
         ["coordinate", h("activity.csv")], 65),
        ("an Id defined twice", ["components", "--nodes", h("twice-nodes.csv")],
         ["components", "--nodes", h("twice-nodes.csv")], 65),
        ("a relation to no node", ["components", "--nodes", h("nodes.csv"), "--edges",
                                   h("dangling-edges.csv")],
         ["components", "--nodes", h("nodes.csv"), "--edges", h("dangling-edges.csv")], 65),
        ("an unknown kind", ["components", "--nodes", h("unknown-kind-nodes.csv")],
         ["components", "--nodes", h("unknown-kind-nodes.csv")], 65),
        ("a missing file", ["components", "--nodes", h("no-such-file.csv")],
         ["components", "--nodes", h("no-such-file.csv")], 66),
    ]


def compare(spark, run, cibgraph, name, ours, theirs, status, scratch, quiet):
    """Runs one case both ways; returns a description of the difference, or None."""
    output = os.path.join(scratch, "spark.json")
    if os.path.exists(output):
        os.remove(output)
    started = time.monotonic()
    reference = subprocess.run([cibgraph, *ours, "--format", "json"], capture_output=True)
    middle = time.monotonic()
    spark_status = run(spark, [*theirs, "-o", output])
    finished = time.monotonic()
    if not quiet:
        say(f"{name}: cibgraph {middle - started:.1f} s, spark {finished - middle:.1f} s")
    if reference.returncode != status:
        return (f"{name}: cibgraph exited {reference.returncode}, not {status}: "
                + reference.stderr.decode("utf-8", "replace")[-1000:])
    if spark_status != status:
        return f"{name}: the Spark job exited {spark_status}, not {status} as cibgraph did"
    if status != 0:
        return None
    expected = without_located_examples(json.loads(reference.stdout))
    with open(output, encoding="utf-8") as text:
        actual = without_located_examples(json.load(text))
    found = first_difference(expected, actual)
    return f"{name}: {found}" if found else None


def main():
    options = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    options.add_argument("--check", action="store_true", help="quiet; exit 1 on a difference")
    options.add_argument("--sizes", default="S,M", help="benchmark sizes (default S,M)")
    options.add_argument("--cibgraph", default=os.path.join(ROOT, ".build", "debug", "cibgraph"))
    options.add_argument("--data", default=os.path.join(ROOT, "bench-data"),
                         help="folder of the benchmark's size folders (made when missing)")
    options.add_argument("--master", default="local[2]")
    options.add_argument("--partitions", type=int, default=4,
                         help="shuffle partitions (default 4: two per core of local[2])")
    args = options.parse_args()
    if shutil.which("java") is None and not os.environ.get("JAVA_HOME"):
        say("no Java runtime (java on PATH or JAVA_HOME): the Spark jobs cannot run here")
        return 69
    if not os.access(args.cibgraph, os.X_OK):
        say(f"{args.cibgraph}: no cibgraph binary (swift build --product cibgraph)")
        return 66
    ensure_pyspark()
    sys.path.insert(0, os.path.join(ROOT, "spark"))
    import cibgraph_spark

    scratch = tempfile.mkdtemp(prefix="cibgraph-spark-check-")
    total_started = time.monotonic()
    spark = cibgraph_spark.session(args.master, partitions=args.partitions,
                                   name="cibgraph-spark check")
    failures = []
    try:
        plan = []
        for size in [s for s in args.sizes.split(",") if s]:
            folder = os.path.join(args.data, size)
            if not all(os.path.exists(os.path.join(folder, f))
                       for f in ("nodes.csv", "edges.csv", "audience.csv")):
                say(f"making the {size} files with bench/gen.py into {folder}")
                subprocess.run([sys.executable, os.path.join(ROOT, "bench", "gen.py"),
                                "--size", size, "--no-dot", "--out", folder], check=True,
                               stdout=subprocess.DEVNULL)
            # Coordination's rows: S's audience rows, and a tenth of M's (its join
            # is the costliest of the four in local mode).
            rows = 20_000 if size == "S" else 200_000
            activity_file = os.path.join(scratch, f"activity-{size}.csv")
            activity(activity_file, rows, seed=17)
            plan += [(f"{size} {name}", *rest)
                     for name, *rest in cases(folder, activity_file, with_audience=size == "S")]
        plan += hostile_cases()
        for name, ours, theirs, status in plan:
            difference = compare(spark, cibgraph_spark.run, args.cibgraph, name, ours, theirs,
                                 status, scratch, args.check)
            if difference:
                failures.append(difference)
                say("DIFFERENT", difference)
    finally:
        spark.stop()
        shutil.rmtree(scratch, ignore_errors=True)
    elapsed = time.monotonic() - total_started
    if failures:
        say(f"{len(failures)} of {len(plan)} case(s) differ from cibgraph ({elapsed:.0f} s)")
        return 1
    say(f"{len(plan)} case(s): the Spark jobs answer as cibgraph does ({elapsed:.0f} s, {args.master})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
