#!/usr/bin/env python3
"""Runs the attacks of the hostile-input review against a built cibgraph and prints,
for each, the exit status, the seconds, the peak memory and whether the tool held.

    swift build -c release --product cibgraph
    python3 scripts/hostile/reproduce.py [--binary .build/release/cibgraph] [--work DIR]

Every input is generated here (nothing large is committed); the colliding
identifiers come from colliding_ids.c, compiled with cc. Each command runs under a
2 GiB address-space limit (`ulimit -v`), as the issue asks of coordinate, and a
time limit, so a regression shows as a kill or a timeout, not a hung machine.
"""
import argparse
import json
import os
import resource
import subprocess
import sys
import tempfile
import time

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
ADDRESS_SPACE = 2 << 30


def limited():
    resource.setrlimit(resource.RLIMIT_AS, (ADDRESS_SPACE, ADDRESS_SPACE))


def run(command, stdin=None, env=None, timeout=120):
    """Runs `command`; returns (status, seconds, peak MB, stdout, stderr)."""
    with tempfile.NamedTemporaryFile("r") as peak_file:
        start = time.monotonic()
        process = subprocess.Popen(
            ["/usr/bin/time", "-q", "-f", "%M", "-o", peak_file.name] + command,
            stdin=stdin or subprocess.DEVNULL, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
            preexec_fn=limited, cwd=ROOT, env=dict(os.environ, **(env or {})))
        try:
            out, err = process.communicate(timeout=timeout)
        except subprocess.TimeoutExpired:
            process.kill()
            out, err = process.communicate()
            return ("timeout", timeout, 0, out, err)
        seconds = time.monotonic() - start
        text = peak_file.read().split()
        peak = int(text[-1]) / 1000 if text and text[-1].isdigit() else 0
    return (process.returncode, seconds, peak, out, err)


class Report:
    def __init__(self):
        self.rows = []

    def add(self, finding, what, result, held):
        status, seconds, peak, _, err = result
        first = err.decode(errors="replace").strip().splitlines()[:1]
        self.rows.append((finding, what, status, seconds, held, first[0][:110] if first else ""))
        mark = "held" if held else "FAILED"
        print(f"{finding:>3} {mark:6} exit {status!s:>7} {seconds:7.2f} s {peak:7.0f} MB  {what}",
              flush=True)
        if first:
            print(f"{'':>11}{first[0][:150]}", flush=True)


def document(assets, relations, one_line=True, title="Hostile"):
    doc = {
        "format": "cibgraph-network-document", "version": 1,
        "report": {"title": title, "publisher": "P"},
        "networks": [{"id": "n", "name": "N", "assets": assets, "relations": relations}],
    }
    return json.dumps(doc, separators=(",", ":")) if one_line else json.dumps(doc, indent=2)


def main():
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--binary", default=os.path.join(ROOT, ".build/release/cibgraph"))
    parser.add_argument("--work", default=None)
    args = parser.parse_args()
    tool = args.binary
    work = args.work or tempfile.mkdtemp(prefix="cibgraph-hostile-")
    os.makedirs(work, exist_ok=True)
    path = lambda name: os.path.join(work, name)
    report = Report()

    def write(name, text):
        with open(path(name), "w", encoding="utf-8", newline="") as f:
            f.write(text)
        return path(name)

    # 1. Sums that overflowed Int.
    nodes = write("overflow.csv", "Id,Label,Kind,Followers,Members\n"
                  "p1,P,page,9223372036854775807,\np2,Q,page,1,\n")
    for command in ("components", "reach", "dot"):
        r = run([tool, command, "--nodes", nodes])
        report.add(1, f"{command} --nodes overflow.csv", r, r[0] == 65)
    big = write("big-figures.json", document(
        [{"id": f"p{i}", "kind": "page", "followers": 10**15} for i in range(20_000)], []))
    r = run([tool, "reach", big, "--format", "json"])
    report.add(1, "reach: 20,000 Pages at 10^15 followers, summed exactly (2·10^19)", r,
               r[0] == 0 and b"20000000000000000000" in r[3])

    # 2. One-line JSON, and many findings in it.
    assets = [{"id": f"a{i}", "kind": "page", "name": f"Page {i}", "followers": i}
              for i in range(36_000)]
    relations = [{"source": f"a{i}", "target": f"a{i + 1}", "type": "linkedTo"}
                 for i in range(35_999)]
    one_line = write("one-line.json", document(assets, relations))
    size = os.path.getsize(one_line) / 1e6
    for command in ("validate", "reach"):
        r = run([tool, command, one_line])
        report.add(2, f"{command} of a {size:.1f} MB one-line document", r,
                   r[0] == 0 and r[1] < 1.0)
    dangling = write("dangling.json", document(
        [{"id": "a", "kind": "page"}],
        [{"source": "a", "target": f"missing{i}", "type": "linkedTo"} for i in range(1_000)]))
    r = run([tool, "validate", dangling])
    report.add(2, f"validate: {os.path.getsize(dangling) // 1000} KB, 1,000 dangling references",
               r, r[0] == 1 and r[1] < 1.0)

    # 3. Identifiers built to collide under the former unkeyed hash.
    generator = path("colliding_ids")
    subprocess.run(["cc", "-O2", "-o", generator,
                    os.path.join(ROOT, "scripts/hostile/colliding_ids.c")], check=True)
    ids = subprocess.run([generator, "200000"], check=True, capture_output=True).stdout.decode()
    ids = ids.split()
    write("flood-nodes.csv", "Id,Label,Kind,Followers,Members\n"
          + "".join(f"{x},,page,{i},\n" for i, x in enumerate(ids)))
    write("plain-nodes.csv", "Id,Label,Kind,Followers,Members\n"
          + "".join(f"p{i:07d},,page,{i},\n" for i in range(len(ids))))
    write("one-page.csv", "Id,Label,Kind,Followers,Members\np1,,page,,\n")
    write("flood-audience.csv", "Asset,Account\n" + "".join(f"p1,{x}\n" for x in ids))
    write("plain-audience.csv", "Asset,Account\n"
          + "".join(f"p1,u{i:07d}\n" for i in range(len(ids))))
    header = "object_id,account_id,content_id,timestamp\n"
    write("flood-activity.csv", header + "".join(
        f"o{i % 1000},{x},c{i},{1600000000 + i}\n" for i, x in enumerate(ids)))
    write("plain-activity.csv", header + "".join(
        f"o{i % 1000},u{i:07d},c{i},{1600000000 + i}\n" for i in range(len(ids))))
    for kind, command in [
        ("nodes", ["components", "--nodes", "{}-nodes.csv", "--limit", "1"]),
        ("audience", ["reach", "--nodes", path("one-page.csv"), "--audience", "{}-audience.csv"]),
        ("activity", ["coordinate", "{}-activity.csv", "--window", "10"]),
    ]:
        times = {}
        for variant in ("plain", "flood"):
            line = [tool] + [path(a.format(variant)) if "{}" in a else a for a in command]
            times[variant] = run(line)
        plain, flood = times["plain"][1], times["flood"][1]
        report.add(3, f"200,000 colliding {kind} ids: {flood:.2f} s against {plain:.2f} s ordinary",
                   times["flood"], times["flood"][0] == 0 and flood < 3 * plain + 0.5)

    # 4. Coordinate: pairs of actions, hubs, repeats, long lists.
    alternating = write("alternating.csv", header + "".join(
        f"https://example.org/x,{'ab'[i % 2]},c{i},{1600000000 + i % 30}\n" for i in range(50_000)))
    r = run([tool, "coordinate", alternating, "--window", "60", "--min-repeat", "1"])
    report.add(4, f"two accounts alternating on one URL ({os.path.getsize(alternating) / 1e6:.1f} MB)",
               r, r[0] in (0, 65))
    hub = write("hub.csv", header + "".join(
        f"https://example.org/hub,u{i},c{i},{1600000000 + i % 60}\n" for i in range(5_000)))
    for repeat in ("2", "1"):
        r = run([tool, "coordinate", hub, "--window", "60", "--min-repeat", repeat])
        report.add(4, f"5,000 accounts on one object, --min-repeat {repeat}", r, r[0] in (0, 65))
    repeating = write("repeating.csv", header + "".join(
        f"o,u,c{i},{1600000000 + i}\n" for i in range(200_000)))
    r = run([tool, "coordinate", repeating, "--window", "60"])
    report.add(4, "one account repeating 200,000 times on one object", r, r[0] == 0 and r[1] < 5)
    tags = " ".join(f"tag{i}" for i in range(110_000))
    archive = write("hashtags.csv", "tweetid,userid,tweet_time,retweet_tweetid,urls,hashtags\n"
                    f"1,u1,2020-01-01 00:00,,,\"[{tags}]\"\n2,u2,2020-01-01 00:00,,,\"[{tags}]\"\n")
    r = run([tool, "coordinate", archive, "--action", "hashtag", "--min-repeat", "1"])
    report.add(4, f"a {len(tags) / 2**20:.1f} MiB hashtag list in one row", r,
               r[0] in (0, 65) and r[1] < 5)

    # 5 and 9. Standard input without end; pipes.
    with open("/dev/zero", "rb") as zero:
        r = run([tool, "reach", "-"], stdin=zero, env={"CIBGRAPH_MAX_INPUT": "256M"})
    report.add(5, "reach - < /dev/zero (CIBGRAPH_MAX_INPUT=256M)", r, r[0] == 65)
    report_doc = os.path.join(ROOT, "Graphs/meta-2020-08-cib-report.json")
    r = run(["bash", "-c", f"'{tool}' reach <(cat '{report_doc}')"])
    report.add(9, "reach <(cat document.json)", r, r[0] == 0 and b"Russia" in r[3])

    # 6. Planted symlink and all-or-nothing outputs.
    victim = write("victim.txt", "precious\n")
    link = path("drawing.svg")
    if os.path.lexists(link):
        os.remove(link)
    os.symlink(victim, link)
    r = run([tool, "render", report_doc, "-o", link])
    intact = open(victim).read() == "precious\n"
    report.add(6, "render -o a symlink to another file: the other file is untouched", r, intact)
    out = path("out")
    os.makedirs(path("out.edges.csv"), exist_ok=True)  # a folder where a file must go
    r = run([tool, "convert", report_doc, "--to", "csv", "-o", out])
    report.add(6, "convert --to csv with out.edges.csv unwritable leaves no out.nodes.csv", r,
               r[0] == 73 and not os.path.exists(out + ".nodes.csv"))

    # 7. Formulas.
    formulas = write("formulas.json", document(
        [{"id": "=HYPERLINK(\"http://x\")", "kind": "page"}, {"id": "+cmd", "kind": "page"},
         {"id": "@SUM(1)", "kind": "page"}, {"id": "\t=1", "kind": "page"}], []))
    r = run([tool, "convert", formulas, "--to", "csv", "-o", path("formulas")])
    written = open(path("formulas.nodes.csv"), encoding="utf-8").read() if r[0] == 0 else ""
    cells = [line.split(",")[0].strip('"') for line in written.splitlines()[1:]]
    report.add(7, "convert --to csv defuses =, +, @ and tab-then-=", r,
               r[0] == 0 and all(c.startswith("'") for c in cells))

    # 8. One identity rule.
    cafe = write("cafe.csv", "Id,Label,Kind,Followers,Members\ncaf\u00e9,,page,1,\ncafe\u0301,,page,2,\n")
    counts = []
    for command in (["components", "--nodes", cafe, "--format", "json"],
                    ["validate", "--nodes", cafe]):
        counts.append(run([tool] + command))
    nodes_counted = json.loads(counts[0][3] or b"{}").get("nodes")
    report.add(8, "café composed and decomposed: two assets everywhere, and a warning", counts[1],
               nodes_counted == 2 and b"ids-differ-by-normalization" in counts[1][3])

    # 11. Extra fields.
    extra = write("extra.csv", "Id,Label,Kind,Followers,Members\np1,P,page,1,," + "," * 1_000_000 + "\n")
    r = run([tool, "components", "--nodes", extra])
    report.add(11, "a row with a million extra fields", r, r[0] == 65 and b"extra.csv:2:" in r[4])

    # 12. Layout time limit.
    dense_doc = write("dense.json", document(
        [{"id": f"n{i}", "kind": "page"} for i in range(300)],
        [{"source": f"n{i}", "target": f"n{j}", "type": "linkedTo"}
         for i in range(300) for j in range(i + 1, 300) if (i * 7 + j) % 9 == 0]))
    r = run([tool, "render", dense_doc, "--layout", "dot", "--timeout", "5", "-o", path("dense.svg")])
    report.add(12, "render --layout dot of a dense 300-node graph, --timeout 5", r,
               r[0] in (0, 70) and r[1] < 15)

    held = sum(1 for row in report.rows if row[4])
    print(f"\n{held} of {len(report.rows)} attacks held (inputs in {work})")
    return 0 if held == len(report.rows) else 1


if __name__ == "__main__":
    sys.exit(main())
