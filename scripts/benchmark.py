#!/usr/bin/env python3
"""Times cibgraph beside the tools a user would pick instead (DuckDB, polars, pandas,
SciPy, plain Python: bench/tools.py), checks every answer against the reference, and
writes the results to docs/benchmarks.json, the tables to docs/benchmarks.md and the
speed table to README.md.

    make bench                                    # S M L (about 15 minutes)
    make bench SIZES="S M L 3L XL"                # XL: 8 GB of CSV, an hour or more
    python3 scripts/benchmark.py --sizes S        # checks in a minute that it runs
    python3 scripts/benchmark.py --report-only    # the tables again from docs/benchmarks.json

Whole processes under /usr/bin/time, release build, warm page cache (a run's inputs are
read, untimed, just before it: this machine pages out file pages unused for a minute). Per task, a warm-up round runs every tool once; then
--rounds rounds run each tool again, cibgraph and the anchors alternating in an order
that turns each round, so that a slow minute of the machine falls on all of them. An
anchor other than DuckDB whose warm-up took --repeat-below seconds or more keeps that
one run. Tables give the median, the spread (fastest–slowest run) and the largest peak
memory.

Each run is watched: past --timeout seconds or --memory-cap GiB of resident memory (the
tool's whole process group) it is killed and recorded as such, and the tool sits out the
rest of that size; an anchor whose time or memory at the size before, scaled by the
growth in rows, would pass either limit is skipped with its estimate (--force runs it).

Data: bench-data/<size>/, made by bench/gen.py when missing (S M L 3L XL: 10^4 to 10^8
edges, twice as many audience rows), and reference.json beside it: computed by
`bench/tools.py reference` (numpy and SciPy) up to 3L; at XL that needs more memory than
this machine has, so the reference is the answers of the DuckDB anchors (DuckDB's reader,
joins and distinct counts, SciPy's components), which share no code with cibgraph. Data
and reference are kept; only a missing or incomplete folder is generated again.

Results are merged into docs/benchmarks.json size by size, written after every task, so
re-running one size (or resuming with --resume after an interruption) keeps the others.
Generator and anchors run in bench-data/venv with the versions of bench/requirements.txt,
which scripts/setup.sh --bench installs.
"""
import argparse
import datetime
import json
import os
import platform
import re
import signal
import statistics
import subprocess
import sys
import tempfile
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
BENCH = os.path.join(ROOT, "bench")
DATA = os.path.join(ROOT, "bench-data")
PYTHON = os.path.join(DATA, "venv", "bin", "python")
BINARY = os.path.join(ROOT, ".build", "release", "cibgraph")
RESULTS = os.path.join(ROOT, "docs", "benchmarks.json")
REPORT = os.path.join(ROOT, "docs", "benchmarks.md")
README = os.path.join(ROOT, "README.md")

SIZES = ["S", "M", "L", "3L", "XL"]
# Edges and audience rows of the sizes bench/gen.py does not name.
GENERATED_COUNTS = {"3L": (30_000_000, 60_000_000), "XL": (100_000_000, 200_000_000)}
# Where the reference answers come from: bench/tools.py's numpy and SciPy need about
# ten times the 3.8 GB they take at L (pandas factorizes every identifier), so at XL the
# DuckDB anchors give them.
REFERENCE_BY_DUCKDB = {"XL"}
TASKS = ["components", "reach", "overlap"]
ANCHORS = {
    "components": ["cc-duckdb", "cc-polars", "cc-scipy", "cc-python"],
    "reach": ["reach-duckdb", "reach-polars", "reach-pandas", "reach-pyset"],
    "overlap": ["overlap-duckdb", "overlap-polars", "overlap-pandas", "overlap-pysets"],
}
ANCHOR_NAMES = {
    "cc-duckdb": "DuckDB + SciPy", "cc-polars": "polars + SciPy", "cc-scipy": "pandas + SciPy",
    "cc-python": "plain Python", "reach-duckdb": "DuckDB", "reach-polars": "polars",
    "reach-pandas": "pandas", "reach-pyset": "Python sets", "overlap-duckdb": "DuckDB",
    "overlap-polars": "polars", "overlap-pandas": "pandas", "overlap-pysets": "Python sets",
}
COMMANDS = {
    "components": "`components --nodes --edges --limit 1`",
    "reach": "`reach --nodes --audience`",
    "overlap": "`overlap --audience --top 100`",
}
# Issue 17's targets at L, against the fastest anchor of the same run: this many times
# faster, with less peak memory.
SPEEDUP_TARGETS = {"components": 5.0, "reach": 5.0, "overlap": 4.0}
TARGET_SIZE = "L"
OUTPUT_TARGET = 100.0  # MB/s
# Cost grows linearly when a step's time factor is at most this much over its size factor.
LINEAR_SLACK = 1.25
OUTPUTS = ["json", "csv", "dot"]
# The files each task reads (cibgraph and every anchor alike).
TASK_INPUTS = {
    "components": lambda nodes, edges, audience: (nodes, edges),
    "reach": lambda nodes, edges, audience: (nodes, audience),
    "overlap": lambda nodes, edges, audience: (audience,),
}
BEGIN_README = "<!-- BEGIN speed table: written by scripts/benchmark.py from docs/benchmarks.json -->"
END_README = "<!-- END speed table -->"
KEEP_MARK = "<!-- The sections below are not written by scripts/benchmark.py, which keeps them. -->"


def log(*words):
    print("[benchmark]", *words, file=sys.stderr, flush=True)


# ------------------------------------------------------------------------------ running


def group_rss(group):
    """Resident bytes of every process in a process group (the tool and its children)."""
    total = 0
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/stat") as stat:
                fields = stat.read().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if int(fields[2]) == group:
            total += int(fields[21]) * os.sysconf("SC_PAGE_SIZE")
    return total


class Run:
    """One whole-process run: seconds and peak MiB from /usr/bin/time, or why it has none."""

    def __init__(self, seconds=None, mib=None, status="ok", output=None, output_seconds=None):
        self.seconds, self.mib, self.status, self.output = seconds, mib, status, output
        # cibgraph's own timing of its output (CIBGRAPH_TIMINGS=1): making and writing it.
        self.output_seconds = output_seconds


# The phases of CIBGRAPH_TIMINGS=1 that are the output's cost (not the reading, the
# analysis, or freeing the inputs afterwards).
OUTPUT_PHASES = ("rendering the output", "writing the output", "drawing and writing the output")


def output_seconds(stderr):
    """The seconds cibgraph's timing lines give its output, or None without them."""
    total, found = 0.0, False
    for line in stderr.splitlines():
        match = re.match(r"timing: (.+): ([0-9.]+) s$", line)
        if match and match.group(1) in OUTPUT_PHASES:
            total += float(match.group(2))
            found = True
    return total if found else None


def run(command, timeout, memory_cap_gib, output_path):
    """Runs a command under /usr/bin/time with its stdout in output_path, killing it past
    the time or memory cap."""
    with tempfile.NamedTemporaryFile("r", suffix=".time") as stats, open(output_path, "wb") as out, \
            tempfile.TemporaryFile() as err:
        process = subprocess.Popen(["/usr/bin/time", "-f", "%e %M", "-o", stats.name, *command],
                                   stdout=out, stderr=err, start_new_session=True,
                                   env={**os.environ, "CIBGRAPH_TIMINGS": "1"})
        started, killed, peak = time.monotonic(), None, 0
        while True:
            # Returns as soon as the tool ends; the scan of /proc, twice a second, takes
            # a millisecond of the other core.
            try:
                process.wait(timeout=0.5)
                break
            except subprocess.TimeoutExpired:
                pass
            peak = max(peak, group_rss(process.pid))
            if time.monotonic() - started > timeout:
                killed = f"time cap: killed after {timeout:.0f} s"
            elif peak > memory_cap_gib * 2**30:
                killed = f"out of memory: killed at {peak / 2**30:.2f} GiB (cap {memory_cap_gib:g} GiB)"
            if killed:
                os.killpg(process.pid, signal.SIGKILL)
                process.wait()
                return Run(status=killed)
        if process.returncode != 0:
            err.seek(0)
            message = err.read().decode("utf-8", "replace").strip().splitlines()
            if process.returncode in (-9, 137) or any("signal 9" in line for line in message):
                return Run(status=f"killed by the system at {peak / 2**30:.1f} GiB (out of memory)")
            tail = " / ".join(line for line in message if not line.startswith("Command exited"))[-300:]
            return Run(status=f"failed (exit {process.returncode}): {tail}")
        seconds, kilobytes = stats.read().split()[-2:]
        err.seek(0)
        timed = output_seconds(err.read().decode("utf-8", "replace"))
    return Run(float(seconds), int(kilobytes) / 1024, "ok", output_path, timed)


# ------------------------------------------------------------------------------ data


def environment_ready(with_anchors):
    modules = ["numpy", "pyarrow", "scipy"] + (["pandas", "polars", "duckdb"] if with_anchors else [])
    if not os.path.exists(PYTHON):
        return False
    return subprocess.run([PYTHON, "-c", "import " + ", ".join(modules)], capture_output=True).returncode == 0


def step(command, what):
    """Runs a step the benchmark cannot go on without; exits with one sentence if it fails."""
    status = subprocess.run(command, stdout=subprocess.DEVNULL).returncode
    if status < 0:
        sys.exit(f"benchmark: {what} was killed by signal {-status}"
                 + (" (out of memory?)" if status == -signal.SIGKILL else "") + "; the results so far are kept")
    if status != 0:
        sys.exit(f"benchmark: {what} failed (exit {status}, its message is above); the results so far are kept")


def generate(size):
    """bench-data/<size>: generated when its meta.json (written last) is missing."""
    folder = os.path.join(DATA, size)
    if not os.path.exists(os.path.join(folder, "meta.json")):
        log(f"generating size {size} into {os.path.relpath(folder, ROOT)}")
        started = time.monotonic()
        # bench/gen.py names S, M and L; the larger sizes are given as counts, and made
        # through scripts/gen_large.py, whose string columns may pass 2 GiB.
        generator = [os.path.join(BENCH, "gen.py")]
        if size in GENERATED_COUNTS:
            edges, audience = GENERATED_COUNTS[size]
            generator = [os.path.join(ROOT, "scripts", "gen_large.py"), *generator,
                         "--edges", str(edges), "--audience", str(audience), "--name", size]
        else:
            generator += ["--size", size]
        step([PYTHON, *generator, "--no-dot", "--out", folder], f"generating {size}")
        log(f"generated {size} in {time.monotonic() - started:.0f} s")
        for stale in ("reference.json",):
            if os.path.exists(os.path.join(folder, stale)):
                os.remove(os.path.join(folder, stale))
    return folder


def reference(size, folder, args):
    """The reference answers of a size (reference.json beside the data), computed once."""
    path = os.path.join(folder, "reference.json")
    if os.path.exists(path):
        return json.load(open(path))
    if size not in REFERENCE_BY_DUCKDB:
        log(f"computing the reference answers of size {size} (numpy and SciPy)")
        step([PYTHON, os.path.join(BENCH, "tools.py"), "reference", folder, path], f"the reference of {size}")
        return json.load(open(path))
    log(f"computing the reference answers of size {size} with the DuckDB anchors")
    answers = {}
    for task, anchor in (("components", "cc-duckdb"), ("reach", "reach-duckdb"), ("overlap", "overlap-duckdb")):
        result = run([PYTHON, os.path.join(BENCH, "tools.py"), anchor, folder], args.timeout, args.memory_cap,
                     os.path.join(DATA, "output.tmp"))
        if result.status != "ok":
            sys.exit(f"benchmark: the reference of {size} comes from {anchor}, which did not finish: {result.status}")
        answers[task] = anchor_answer(result)
        os.remove(result.output)
    answers["about"] = ("Reference answers computed by the DuckDB anchors of bench/tools.py "
                        "(cc-duckdb, reach-duckdb, overlap-duckdb): numpy and SciPy's reference "
                        f"needs more memory than this machine has at {size}.")
    answers["source"] = "DuckDB"
    with open(path, "w") as out:
        json.dump(answers, out, indent=1)
    return answers


def warm(folder, files):
    """Reads the inputs once, so that every tool finds them in the page cache; returns
    the seconds of the second read (the floor under every time)."""
    paths = [os.path.join(folder, f) for f in files]
    subprocess.run(["cat", *paths], stdout=subprocess.DEVNULL, check=True)
    started = time.monotonic()
    subprocess.run(["cat", *paths], stdout=subprocess.DEVNULL, check=True)
    return time.monotonic() - started


# ------------------------------------------------------------------------------ answers


def cibgraph_answer(task, result):
    """cibgraph's JSON in the shape of bench/tools.py's answers."""
    answer = json.load(open(result.output))
    if task == "components":
        return {"components": answer["count"], "largest": answer["largest"]}
    if task == "reach":
        network = answer["networks"][0]
        kinds = network["kinds"]
        out = {
            "distinct": {k: kinds[k]["distinct"] for k in ("page", "group", "instagram")},
            "summed": {k: kinds[k]["summed"] for k in ("page", "group", "instagram")},
            "rows": {k: kinds[k]["audienceRows"] for k in ("page", "group", "instagram")},
        }
        out["distinct"]["all"] = network["overall"]["distinct"]
        out["summed"]["all"] = sum(out["summed"].values())
        out["rows"]["all"] = sum(out["rows"].values())
        return out
    summary = answer["summary"]
    return {"top": answer["compared"], "pairs": summary["pairs"], "nonzero_pairs": summary["nonzeroPairs"],
            "intersection_sum": summary["intersectionSum"], "jaccard_sum": summary["jaccardSum"]}


def anchor_answer(result):
    """The answer of bench/tools.py's one JSON line."""
    return json.loads(open(result.output).read().splitlines()[-1])["answer"]


def differences(task, answer, want):
    """What differs between an answer and the reference (empty when they agree)."""
    if task == "components":
        keys = ("components", "largest")
        return [f"{k} {answer.get(k)} (reference {want[k]})" for k in keys if answer.get(k) != want[k]]
    if task == "reach":
        return [f"{part} {answer[part]} (reference {want[part]})" for part in ("distinct", "summed", "rows")
                if part in answer and part in want and answer[part] != want[part]]
    wrong = [f"{k} {answer.get(k)!r:.80} (reference {want[k]!r:.80})"
             for k in ("top", "pairs", "nonzero_pairs", "intersection_sum") if answer.get(k) != want[k]]
    if abs(answer["jaccard_sum"] - want["jaccard_sum"]) > 1e-6 * max(1.0, want["jaccard_sum"]):
        wrong.append(f"jaccard_sum {answer['jaccard_sum']} (reference {want['jaccard_sum']})")
    return wrong


def output_differences(kind, path, want):
    """A full listing of every component, checked against the reference's count."""
    if kind == "json":
        listed = json.load(open(path))
        found = (listed["count"], len(listed["components"]), listed["components"][0]["size"])
    elif kind == "csv":
        with open(path, "rb") as listing:
            rows = sum(1 for _ in listing) - 1
        with open(path) as listing:
            next(listing)
            largest = int(next(listing).split(",")[1])
        found = (rows, rows, largest)
    else:
        with open(path, "rb") as drawing:
            head = drawing.read(64)
        return [] if b"graph" in head else [f"no graph in {head!r}"]
    expected = (want["components"], want["components"], want["largest"])
    return [] if found == expected else [f"count, listed, largest {found} (reference {expected})"]


# ------------------------------------------------------------------------------ measuring


def measure_group(jobs, args, results_of, label, always_repeat=(), inputs=()):
    """Interleaved rounds over jobs {name: (command, checker)}: a warm-up round, then
    args.rounds rounds in turning order (a job outside always_repeat whose warm-up took
    args.repeat_below seconds keeps that run alone). Fills results_of[name] with runs
    and status.

    The files of `inputs` are read, untimed, before every run: this machine's kernel pages
    out file pages left unused for about a minute (a DAMON "pageout" scheme), so without
    it a run after a slow tool read part of its input from disk, and which run did was
    chance."""
    names = list(jobs)
    for name in names:
        results_of.setdefault(name, {"runs": [], "status": "ok"})
    repeat = {}
    for round_number in range(args.rounds + 1):
        turn = round_number % len(names)
        for name in names[turn:] + names[:turn]:
            entry = results_of[name]
            if entry["status"] != "ok" or (round_number > 0 and not repeat.get(name)):
                continue
            command, checker = jobs[name]
            log(label, name, "warm-up" if round_number == 0 else f"round {round_number}")
            if inputs:
                subprocess.run(["cat", *inputs], stdout=subprocess.DEVNULL, check=True)
            result = run(command, args.timeout, args.memory_cap, os.path.join(DATA, f"output-{name}.tmp"))
            if result.status != "ok":
                entry["status"] = result.status
                log(label, name, result.status)
                continue
            try:
                wrong = "; ".join(checker(result))
            except (ValueError, KeyError, IndexError, TypeError, StopIteration) as error:
                wrong = f"unreadable answer ({type(error).__name__}: {error})"
            if wrong or round_number == 0:  # every run's answer is checked; the first wrong one is kept
                entry["answer"] = wrong or entry.get("answer", "= reference")
            if round_number == 0:
                entry["bytes"] = os.path.getsize(result.output)
                repeat[name] = name in always_repeat or result.seconds < args.repeat_below
                if repeat[name]:
                    continue
            entry["runs"].append([result.seconds, round(result.mib, 1)])
            if result.output_seconds is not None:
                entry.setdefault("output_seconds", []).append(result.output_seconds)
    for name in names:
        path = os.path.join(DATA, f"output-{name}.tmp")
        if os.path.exists(path):
            os.remove(path)


def expected_cost(results, size, anchor, task, meta):
    """An anchor's time and memory at a size, scaled from the size before it in the results;
    None when nothing is known."""
    before = SIZES[:SIZES.index(size)]
    for earlier in reversed(before):
        entry = results["sizes"].get(earlier, {}).get("tasks", {}).get(task, {}).get(anchor)
        if not entry:
            continue
        factor = meta["edges"] / results["sizes"][earlier]["inputs"]["edges"]
        if entry["status"] != "ok":
            return earlier, None, None, entry["status"]
        seconds = statistics.median(r[0] for r in entry["runs"])
        memory = max(r[1] for r in entry["runs"])
        return earlier, seconds * factor, memory * factor / 1024, None
    return None


def measure_size(size, binary, args, results):
    folder = generate(size)
    want = reference(size, folder, args)
    meta = json.load(open(os.path.join(folder, "meta.json")))
    nodes, edges, audience = (os.path.join(folder, f) for f in ("nodes.csv", "edges.csv", "audience.csv"))
    record = results["sizes"].get(size) if args.resume else None
    if not record or record.get("binary") != binary_identity(binary):
        record = {"tasks": {}, "outputs": {}}
    record.update({
        "measured": datetime.datetime.now(datetime.timezone.utc).strftime("%Y-%m-%d %H:%M UTC"),
        "binary": binary_identity(binary), "rounds": args.rounds,
        "reference": "DuckDB anchors" if want.get("source") == "DuckDB" else "numpy and SciPy (bench/tools.py reference)",
        "inputs": {"nodes": meta["nodes"], "edges": meta["edges"], "audience_rows": meta["audience_rows"],
                   "bytes": {f: v["bytes"] for f, v in meta["files"].items()}},
    })
    results["sizes"][size] = record
    record["floor"] = warm(folder, ["nodes.csv", "edges.csv", "audience.csv"])

    commands = {
        "components": [binary, "components", "--nodes", nodes, "--edges", edges, "--format", "json", "--limit", "1"],
        "reach": [binary, "reach", "--nodes", nodes, "--audience", audience, "--format", "json", "--quiet"],
        # The anchors' overlap reads audience.csv alone, and so does this.
        "overlap": [binary, "overlap", "--audience", audience, "--top", "100", "--format", "json", "--pairs", "1"],
    }
    for task in TASKS:
        if args.resume and record["tasks"].get(task, {}).get("cibgraph", {}).get("runs"):
            log(size, task, "measured before; kept (--resume)")
            continue
        want_task = want[task]
        jobs = {"cibgraph": (commands[task], lambda r, t=task, w=want_task: differences(t, cibgraph_answer(t, r), w))}
        skipped = {}
        for anchor in ([] if args.no_anchors else ANCHORS[task]):
            estimate = None if args.force else expected_cost(results, size, anchor, task, meta)
            if estimate:
                earlier, seconds, gib, failed = estimate
                if failed:
                    skipped[anchor] = f"skipped: at {earlier}, {failed}"
                    continue
                if seconds > args.timeout or gib > args.memory_cap:
                    skipped[anchor] = (f"skipped: from {earlier}, expected about {seconds:.0f} s / {gib:.1f} GiB "
                                       f"(caps {args.timeout:.0f} s, {args.memory_cap:g} GiB)")
                    continue
            jobs[anchor] = ([PYTHON, os.path.join(BENCH, "tools.py"), anchor, folder],
                            lambda r, t=task, w=want_task: differences(t, anchor_answer(r), w))
        measured = {}
        measure_group(jobs, args, measured, f"{size} {task}", always_repeat={"cibgraph", ANCHORS[task][0]},
                      inputs=TASK_INPUTS[task](nodes, edges, audience))
        for anchor, why in skipped.items():
            log(size, anchor, why)
            measured[anchor] = {"runs": [], "status": why}
        record["tasks"][task] = measured
        save(results, args.results)

    if size in args.output_sizes and not (args.resume and record.get("outputs")):
        # Writing every component, and the DOT of every asset, beside the same reading
        # with one component: the difference is the time the output takes.
        full = commands["components"][:-4]
        components = want["components"]
        jobs = {
            "reading": (commands["components"],
                        lambda r: differences("components", cibgraph_answer("components", r), components)),
            "json": (full + ["--format", "json"], lambda r: output_differences("json", r.output, components)),
            "csv": (full + ["--format", "csv"], lambda r: output_differences("csv", r.output, components)),
            "dot": ([binary, "dot", "--nodes", nodes, "--edges", edges, "--no-overview"],
                    lambda r: output_differences("dot", r.output, components)),
        }
        record["outputs"] = {}
        measure_group(jobs, args, record["outputs"], f"{size} output", always_repeat=set(jobs),
                      inputs=(nodes, edges))
        save(results, args.results)


def binary_identity(binary):
    """The commit the measured cibgraph was built from, and whether the tree differed."""
    commit = subprocess.run(["git", "-C", ROOT, "rev-parse", "--short", "HEAD"], capture_output=True, text=True).stdout.strip()
    dirty = subprocess.run(["git", "-C", ROOT, "status", "--porcelain", "--untracked-files=no", "--", "Sources"],
                           capture_output=True, text=True).stdout.strip()
    where = "" if os.path.abspath(binary) == BINARY else f" ({os.path.relpath(binary, ROOT)})"
    return commit + (" with changes to Sources" if dirty else "") + where


def save(results, path):
    results["environment"] = {
        "machine": f"{os.cpu_count()} cores, {os.sysconf('SC_PAGE_SIZE') * os.sysconf('SC_PHYS_PAGES') / 2**30:.1f} GiB",
        "platform": platform.platform(),
        "anchors": subprocess.run([PYTHON, "-c", "import duckdb, polars, pandas, numpy, scipy; print("
                                   "f'DuckDB {duckdb.__version__}, polars {polars.__version__}, pandas {pandas.__version__}, "
                                   "numpy {numpy.__version__}, SciPy {scipy.__version__}')"],
                                  capture_output=True, text=True).stdout.strip() if os.path.exists(PYTHON) else "",
    }
    ordered = {"sizes": {s: results["sizes"][s] for s in SIZES if s in results["sizes"]},
               "environment": results["environment"]}
    temporary = path + ".tmp"
    with open(temporary, "w") as out:
        json.dump(ordered, out, indent=1)
        out.write("\n")
    os.replace(temporary, path)


# ------------------------------------------------------------------------------ reporting


def summary(entry):
    """(median, fastest, slowest, peak MiB) of a tool's runs, or None."""
    if entry.get("status") != "ok" or not entry.get("runs"):
        return None
    seconds = [r[0] for r in entry["runs"]]
    return statistics.median(seconds), min(seconds), max(seconds), max(r[1] for r in entry["runs"])


def spread(entry, memory=True):
    """'1.71–1.83 s / 557 MiB', or the status of a tool that has no time."""
    s = summary(entry)
    if not s:
        return entry.get("status", "not measured")
    median, low, high, mib = s
    digits = 2 if high < 10 else 1 if high < 100 else 0
    seconds = f"{low:.{digits}f} s" if len(entry["runs"]) == 1 or f"{low:.{digits}f}" == f"{high:.{digits}f}" \
        else f"{low:.{digits}f}–{high:.{digits}f} s"
    if len(entry["runs"]) == 1:
        seconds += " (1 run)"
    return seconds + (f" / {memory_text(mib)}" if memory else "")


def memory_text(mib):
    return f"{mib / 1024:.1f} GiB" if mib >= 1024 else f"{mib:.0f} MiB"


def fastest_anchor(tools):
    """The anchor with the smallest median among those that answered right."""
    best = None
    for name, entry in tools.items():
        s = summary(entry)
        if name == "cibgraph" or not s or entry.get("answer") != "= reference":
            continue
        if best is None or s[0] < best[1][0]:
            best = (name, s)
    return best


def target_rows(results):
    """(task, text) rows of how far each speed target at L is met."""
    record = results["sizes"].get(TARGET_SIZE)
    rows = []
    for task, factor in SPEEDUP_TARGETS.items():
        tools = (record or {}).get("tasks", {}).get(task, {})
        ours = summary(tools.get("cibgraph", {}))
        best = fastest_anchor(tools)
        if not ours or not best:
            rows.append((task, f"≥ {factor:g}× faster than the fastest anchor, less memory", "not measured at L", "",
                         "not measured"))
            continue
        name, theirs = best
        ratio = theirs[0] / ours[0]
        low, high = theirs[1] / ours[2], theirs[2] / ours[1]
        less = ours[3] < theirs[3]
        met = ratio >= factor and less
        verdict = "**yes**" if met else "no: " + ", ".join(
            ([f"{ratio:.1f}× of {factor:g}×"] if ratio < factor else [])
            + ([f"{ours[3] / theirs[3]:.1f}× the memory"] if not less else []))
        rows.append((task, f"≥ {factor:g}× faster than the fastest anchor, less memory",
                     f"{ratio:.1f}× ({low:.1f}–{high:.1f}×) than {name}; "
                     f"{memory_text(ours[3])} against {memory_text(theirs[3])}", "", verdict))
    return rows


def sources_of(build):
    """The git tree of Sources/ that a build (as binary_identity names it) was made from;
    the build's name itself when it is not a clean commit."""
    if not build or " " in build:
        return build
    tree = subprocess.run(["git", "-C", ROOT, "rev-parse", f"{build}:Sources"], capture_output=True, text=True)
    return tree.stdout.strip() if tree.returncode == 0 else build


def growth_rows(results):
    """(task, step, time factor, size factor, verdict) for consecutive measured sizes."""
    rows = []
    sizes = [s for s in SIZES if s in results["sizes"]]
    for task in TASKS:
        for a, b in zip(sizes, sizes[1:]):
            first = results["sizes"][a]["tasks"].get(task, {})
            second = results["sizes"][b]["tasks"].get(task, {})
            ours = summary(first.get("cibgraph", {})), summary(second.get("cibgraph", {}))
            if not all(ours):
                continue
            size_factor = results["sizes"][b]["inputs"]["edges"] / results["sizes"][a]["inputs"]["edges"]
            factor = ours[1][0] / ours[0][0]
            duck = [summary(t.get(ANCHORS[task][0], {})) for t in (first, second)]
            duck_text = f"×{duck[1][0] / duck[0][0]:.1f}" if all(duck) else "–"
            linear = factor <= size_factor * LINEAR_SLACK
            builds = [results["sizes"][size].get("binary") for size in (a, b)]
            # Sizes measured with builds of different sources say nothing about how
            # one build's cost grows.
            same = sources_of(builds[0]) == sources_of(builds[1])
            verdict = ("yes" if linear else "**no**") if same else (
                f"not judged: {builds[0]} and {builds[1]} are builds of different sources")
            rows.append((task, f"{a} → {b}", f"×{factor:.1f}", f"×{ours[1][3] / ours[0][3]:.1f}",
                         f"×{size_factor:g}", duck_text, verdict))
    return rows


def output_rows(results):
    rows = []
    for size in SIZES:
        outputs = results["sizes"].get(size, {}).get("outputs", {})
        base = summary(outputs.get("reading", {}))
        for kind in OUTPUTS:
            entry = outputs.get(kind, {})
            s = summary(entry)
            if not s or not base:
                if entry or base:
                    rows.append((size, kind, "", entry.get("status", "not measured"), "", "", "", ""))
                continue
            megabytes = entry["bytes"] / 1e6
            extra = s[0] - base[0]
            timed = entry.get("output_seconds")
            if timed:
                # The tool's own timing of the output, run by run: whole runs vary by more
                # than a small output costs.
                rates = sorted(megabytes / max(t, 1e-6) for t in timed)
                rate = statistics.median(rates)
                digits = 2 if max(timed) < 10 else 1
                own = (f"{min(timed):.{digits}f}–{max(timed):.{digits}f} s" if len(timed) > 1
                       else f"{timed[0]:.{digits}f} s")
                rate_text = (f"{rate:,.0f} MB/s ({rates[0]:,.0f}–{rates[-1]:,.0f})" if len(rates) > 1
                             else f"{rate:,.0f} MB/s")
            else:
                rate = megabytes / extra if extra > 0.005 else None
                own = "not timed"
                rate_text = f"{rate:,.0f} MB/s" if rate else "too fast to tell from the reading"
            met = "–" if size in ("S",) else ("yes" if rate is None or rate >= OUTPUT_TARGET else "**no**")
            if entry.get("answer") != "= reference":
                rate_text, met = f"**WRONG**: {entry.get('answer')}", "**no**"
            rows.append((size, kind, f"{megabytes:,.1f} MB", spread(entry), f"{extra:+.2f} s", own,
                         rate_text, met))
    return rows


def report(results):
    """docs/benchmarks.md's generated part."""
    sizes = [s for s in SIZES if s in results["sizes"]]
    lines = [
        "# Benchmarks",
        "",
        "Written by `scripts/benchmark.py` from `docs/benchmarks.json` (`make bench SIZES=\"" + " ".join(sizes) + "\"`).",
        "Whole processes under `/usr/bin/time`, release build, warm page cache; after a warm-up round,",
        "cibgraph and the anchors alternate over the rounds. Times are the fastest–slowest run,",
        "memory the largest peak resident set. Every answer, cibgraph's and each anchor's, is compared",
        "with the reference (see the last column); a tool killed at the time or memory cap, or skipped",
        "because it would be, says so.",
        "",
        "## Inputs",
        "",
        "| size | nodes | edges | audience rows | CSV | reference | measured | cibgraph | rounds | reading the CSV |",
        "|---|---:|---:|---:|---:|---|---|---|---:|---:|",
    ]
    for size in sizes:
        r = results["sizes"][size]
        i = r["inputs"]
        lines.append(f"| {size} | {i['nodes']:,} | {i['edges']:,} | {i['audience_rows']:,} | "
                     f"{sum(i['bytes'].values()) / 1e6:,.0f} MB | {r['reference']} | {r['measured']} | "
                     f"{r['binary']} | {r['rounds']} | {r['floor']:.2f} s |")
    for task in TASKS:
        lines += ["", f"## {task.capitalize()}: {COMMANDS[task]}", "",
                  "| size | tool | time / peak memory | median | answer |", "|---|---|---|---:|---|"]
        for size in sizes:
            tools = results["sizes"][size]["tasks"].get(task, {})
            for name, entry in tools.items():
                s = summary(entry)
                shown = "cibgraph" if name == "cibgraph" else f"{name} ({ANCHOR_NAMES.get(name, name)})"
                if name == "cibgraph":
                    shown = "**cibgraph**"
                answer = entry.get("answer", "")
                answer = answer if answer in ("", "= reference") else f"**WRONG**: {answer}"
                lines.append(f"| {size} | {shown} | {spread(entry)} | {f'{s[0]:.2f} s' if s else ''} | {answer} |")
    lines += ["", "## Targets", "",
              f"At {TARGET_SIZE}, against the fastest anchor of the same run (ratio of medians; in brackets the",
              "slowest cibgraph run against the fastest anchor run, and the other way round):", "",
              "| task | target | measured | | met |", "|---|---|---|---|---|"]
    lines += [f"| {' | '.join(row)} |" for row in target_rows(results)]
    lines += ["", f"Growth: cibgraph's median time from one size to the next against the growth of the input "
              f"(edges and audience rows grow alike); linear when the time grows at most {LINEAR_SLACK:g} times as much. "
              "From S, start-up dominates and the factor is far below the size's.", "",
              "| task | step | cibgraph time | cibgraph memory | input | DuckDB time | linear |",
              "|---|---|---:|---:|---:|---:|---|"]
    lines += [f"| {' | '.join(row)} |" for row in growth_rows(results)]
    lines += ["", f"Output at speed: `components --format json` and `--format csv` with every component, and "
              f"`dot --no-overview` (every asset), each beside the same reading with `--limit 1` in the same "
              f"rounds. The rate is the output's size over the time the tool itself gives its output "
              f"(`CIBGRAPH_TIMINGS=1`: making and writing it, not the reading or freeing the inputs), median "
              f"and range over the rounds, against {OUTPUT_TARGET:g} MB/s; whole runs vary by more than a "
              f"small output costs, so their difference from the reading is shown but not judged.",
              "", "| size | output | size | whole run / peak memory | over the reading (medians) | "
              "output's own time | rate | ≥ 100 MB/s |",
              "|---|---|---:|---|---:|---:|---:|---|"]
    lines += [f"| {' | '.join(row)} |" for row in output_rows(results)]
    environment = results.get("environment", {})
    lines += ["", f"Machine: {environment.get('machine', '')}, {environment.get('platform', '')}; "
              f"{environment.get('anchors', '')}."]
    return lines


def readme_table(results):
    """The README's speed table: cibgraph per size beside the fastest anchor at the largest
    size measured up to L, from the same run."""
    sizes = [s for s in SIZES if s in results["sizes"]]
    beside = TARGET_SIZE if TARGET_SIZE in sizes else (sizes[-1] if sizes else None)
    lines = [
        "Whole process, release build, this 2-core machine, warm page cache, on the files that",
        "`bench/gen.py` generates (" + "; ".join(
            f"{s}: {results['sizes'][s]['inputs']['edges']:,} edges, {results['sizes'][s]['inputs']['audience_rows']:,} "
            f"audience rows, {sum(results['sizes'][s]['inputs']['bytes'].values()) / 1e6:,.0f} MB of CSV" for s in sizes)
        + "), " + answers_phrase(results, sizes) + ", the spread of "
        + f"{max(results['sizes'][s]['rounds'] for s in sizes) if sizes else 0} interleaved rounds, and the fastest tool a user "
        "would pick instead measured in the same run:",
        "",
        "| command | " + " | ".join(sizes) + f" | fastest anchor at {beside} |",
        "|---|" + "---|" * len(sizes) + "---|",
    ]
    for task in TASKS:
        cells = []
        for size in sizes:
            entry = results["sizes"][size]["tasks"].get(task, {}).get("cibgraph", {})
            cells.append(spread(entry, memory=size != "S") if entry.get("answer", "= reference") == "= reference"
                         else "**wrong answer**")
        tools = results["sizes"][beside]["tasks"].get(task, {}) if beside else {}
        best = fastest_anchor(tools)
        anchor = f"{ANCHOR_NAMES[best[0]]}: {spread(tools[best[0]])}" if best else "none measured"
        lines.append(f"| {COMMANDS[task]} | " + " | ".join(cells) + f" | {anchor} |")
    met = [row for row in target_rows(results)]
    if any(row[2] != "not measured at L" for row in met):
        lines += ["", "Against the targets at L: " + "; ".join(
            f"{task} {measured.split(';')[0]} (target ≥ {SPEEDUP_TARGETS[task]:g}× and less memory: "
            f"{verdict.replace('**', '')})" for task, _, measured, _, verdict in met) + "."]
    # The other targets of the tracker: cost growing linearly, and outputs at speed.
    growth = [row for row in growth_rows(results) if not row[1].startswith("S ")]
    if growth:
        lines += ["", "Growth with the input (linear when the time grows at most "
                  f"{LINEAR_SLACK:g} times as much as the input): " + "; ".join(
                      f"{task} {step} time {factor} for input {size_factor} "
                      f"({verdict.replace('**', '')})"
                      for task, step, factor, _, size_factor, _, verdict in growth) + "."]
    outputs = [row for row in output_rows(results) if row[0] != "S" and row[6]]
    if outputs:
        lines += ["", f"Output at speed (target {OUTPUT_TARGET:g} MB/s, the tool's own timing of "
                  "making and writing it, median and range): " + "; ".join(
                      f"{kind.upper()} of every {'asset' if kind == 'dot' else 'component'} at "
                      f"{size} {size_text}: {rate.replace('**', '')} ({met.replace('**', '')})"
                      for size, kind, size_text, _, _, _, rate, met in outputs) + "."]
    return lines


def answers_phrase(results, sizes):
    wrong = [problem for problem in problems_of(results, sizes) if "answered wrong" in problem]
    if wrong:
        return "**answers that differ from the reference: " + "; ".join(wrong) + "**"
    return "every answer (cibgraph's and each anchor's) equal to the reference"


def write_reports(results, report_path, readme_path):
    lines = report(results)
    kept = ""
    if os.path.exists(report_path):
        previous = open(report_path).read()
        if KEEP_MARK in previous:
            kept = "\n" + previous[previous.index(KEEP_MARK):]
    with open(report_path, "w") as out:
        out.write("\n".join(lines) + "\n" + kept)
    log("wrote", os.path.relpath(report_path, ROOT))
    if readme_path:
        text = open(readme_path).read()
        if BEGIN_README in text and END_README in text:
            head, rest = text.split(BEGIN_README, 1)
            tail = rest.split(END_README, 1)[1]
            table = "\n".join(readme_table(results))
            with open(readme_path, "w") as out:
                out.write(f"{head}{BEGIN_README}\n{table}\n{END_README}{tail}")
            log("wrote the speed table of", os.path.relpath(readme_path, ROOT))
        else:
            log(f"{os.path.relpath(readme_path, ROOT)} has no speed table marks; left alone")
    print("\n".join(lines))


def problems_of(results, sizes):
    problems = []
    for size in sizes:
        record = results["sizes"].get(size, {})
        groups = list(record.get("tasks", {}).items()) + [("output", record.get("outputs", {}))]
        for task, group in groups:
            for name, entry in group.items():
                where = f"{name} ({size} {task})"
                if entry.get("answer", "= reference") != "= reference":
                    problems.append(f"{where} answered wrong: {entry['answer']}")
                elif (name == "cibgraph" or task == "output") and entry.get("status") != "ok":
                    problems.append(f"{where} did not finish: {entry['status']}")
                elif entry.get("status", "ok").startswith("failed"):
                    problems.append(f"{where} {entry['status']}")
    return problems


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", nargs="+", default=["S", "M"], choices=SIZES)
    parser.add_argument("--rounds", type=int, default=5, help="timed rounds after the warm-up (default 5)")
    parser.add_argument("--repeat-below", type=float, default=30.0,
                        help="a tool whose warm-up takes this many seconds or more is run once (default 30)")
    parser.add_argument("--timeout", type=float, default=1200.0, help="seconds before a run is killed (default 1200)")
    parser.add_argument("--memory-cap", type=float, default=20.0,
                        help="GiB of resident memory before a run is killed (default 20)")
    parser.add_argument("--force", action="store_true", help="run anchors that the size before says would pass a cap")
    parser.add_argument("--no-anchors", action="store_true", help="time cibgraph only")
    parser.add_argument("--output-sizes", nargs="*", default=["S", "M", "L"], choices=SIZES,
                        help="sizes at which to time writing JSON, CSV and DOT (default S M L: the DOT of every "
                        "asset of XL would be about 13 GB)")
    parser.add_argument("--resume", action="store_true",
                        help="keep tasks of these sizes already in the results for the same cibgraph build")
    parser.add_argument("--report-only", action="store_true", help="write the tables from the results file and stop")
    parser.add_argument("--results", default=RESULTS)
    parser.add_argument("--out", default=REPORT)
    parser.add_argument("--readme", default=README, help="the README whose speed table to write ('' for none)")
    parser.add_argument("--binary", help="time this cibgraph instead of building the release one "
                        "(for a before-and-after table: the build before a change, then after)")
    args = parser.parse_args()

    results = json.load(open(args.results)) if os.path.exists(args.results) else {"sizes": {}}
    if args.report_only:
        if not results["sizes"]:
            sys.exit(f"benchmark: {os.path.relpath(args.results, ROOT)} holds no results yet; run make bench")
        write_reports(results, args.out, args.readme)
        return
    if not os.access("/usr/bin/time", os.X_OK):
        sys.exit("benchmark: /usr/bin/time (GNU time) is missing; scripts/setup.sh --bench installs it")
    if not environment_ready(with_anchors=not args.no_anchors):
        sys.exit(f"benchmark: {os.path.relpath(PYTHON, ROOT)} is missing or lacks the pinned packages of "
                 "bench/requirements.txt; scripts/setup.sh --bench installs them (make bench runs it)")
    binary = os.path.abspath(args.binary) if args.binary else BINARY
    if not args.binary:
        log("building release")
        step(["swift", "build", "-c", "release", "--package-path", ROOT, "--product", "cibgraph"], "the release build")
    for size in args.sizes:
        measure_size(size, binary, args, results)
    write_reports(results, args.out, args.readme)
    problems = problems_of(results, args.sizes)
    if problems:
        sys.exit("benchmark: " + "; ".join(problems))


if __name__ == "__main__":
    main()
