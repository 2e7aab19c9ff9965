#!/usr/bin/env python3
"""Records what a cibgraph binary writes for a fixed corpus of invocations, so that two
builds can be shown to give byte-identical outputs (scripts/outputs/compare.py).

    swift build -c release --product cibgraph
    python3 scripts/outputs/record.py .build/release/cibgraph /tmp/outputs-after
    python3 scripts/outputs/compare.py /work/baseline/outputs /tmp/outputs-after

Every case is one run of the binary, with the repository's root as its working directory
(--root; default: the repository holding this script), so that inputs from the repository
are named by relative paths and records made in two clones compare equal. Inputs that are
not in the repository (the test suite's inline fixtures, the small hostile inputs of
scripts/hostile/reproduce.py, the benchmark's S data from bench/gen.py) are
written by this script into a temporary folder ($IN in the commands). Files a command
writes go to a fresh folder per case ($OUT) and are copied into the record.

The record, OUTPUT/cases/GROUP/NAME/ for each case:
  command    the arguments, with $IN and $OUT for the temporary folders, standard input
             and environment (a differing command means the corpus changed, not the tool)
  status     the exit status ("signal N", "timeout"), and that of any preparatory run
  stdout, stderr
  files.txt  what the case's output folder holds afterwards (type, mode, path)
  files/     the regular files it holds
OUTPUT/record.json says which binary, when, and how long it took (not compared).

What legitimately varies between runs is normalised in every stream and written file:
the temporary folders' paths (as $IN, $OUT, $WORK), the repository's and the binary's
absolute paths ($ROOT, $BINARY), and the creation date Cairo writes into PDF files.
Recording twice with one binary gives records that compare equal.

Cases run with a controlled environment (PATH, HOME, LANG=C.UTF-8, TZ=UTC, umask 022;
no COLUMNS, GVBINDIR or CIBGRAPH_*), standard input from /dev/null unless the case gives
it, and a time limit of 60 s each. SWIFT_DETERMINISTIC_HASHING=1 fixes the order of Swift's
dictionaries: without it, which of several bad figures of a document is reported first
changes from run to run (Tests/Fuzzing/Seeds/document/huge-figures.json). The temporary
folder is always /tmp/cibgraph-outputs-XXXXXXXX, so that widths of text laid out around
its path match from record to record; generated spreadsheets are drawn from standard
input, as a drawing is sized to its title, the nodes file's name. The whole record takes
15 to 50 s on a 2-core machine, depending on its load (about 16 s of CPU).

Options: --only REGEX records the matching cases only; --list prints the case names;
--keep keeps the temporary folder of inputs and written files; --force replaces a record.
"""
import argparse
import json
import os
import re
import shlex
import shutil
import stat
import subprocess
import sys
import tempfile
import threading
import time

HERE = os.path.dirname(os.path.abspath(__file__))
DEFAULT_ROOT = os.path.dirname(os.path.dirname(HERE))
CASE_TIMEOUT = 60

# Inputs of the repository, named as the test suite names them.
REPORT_2019 = "Graphs/meta-2019-04-india-pakistan.json"
REPORT_2020 = "Graphs/meta-2020-08-cib-report.json"
ARTICLE = "Graphs/seed-000-ispr-article.json"
DOCUMENTS = {"report-2019": REPORT_2019, "report-2020": REPORT_2020, "article": ARTICLE}
SEEDS = "Tests/Fuzzing/Seeds"
DOCUMENT_SEEDS = [
    "cafe-composed-decomposed", "counts-at-limit", "dangling-duplicates-cycle", "deep-nesting",
    "duplicate-keys", "full-one-line", "full-pretty", "hostile-names", "huge-figures",
    "ispr-article", "one-line-dangling-references", "one-line-valid-large", "syntax-error",
    "wrong-types",
]
SPREADSHEET_SEEDS = [
    "bad-rows", "broken-quote", "cafe-composed-decomposed", "clean-crlf-bom-reordered", "clean",
    "duplicate-header", "extra-fields", "fuzz-label-and-count-both-bad",
    "fuzz-several-problems-in-a-row", "header-only", "hostile-names", "invalid-utf8",
    "million-commas", "nodes-only-many", "overflow-issue-10", "overflow-with-edges",
]
AUDIENCE_SEEDS = [
    "broken-quote", "cafe-composed-decomposed", "clean", "duplicates", "extra-and-missing-fields",
    "header-without-account", "hostile-ids", "invalid-utf8", "no-header", "reordered-crlf-bom",
    "unknown-and-wrong-kind", "wide-row",
]
ACTIVITY_SEEDS = [
    "alternating", "bad-times-and-rows", "broken-quote", "clean", "hashtag-list-long",
    "hostile-accounts", "hub-object", "iso-times", "missing-columns", "one-account-repeating",
    "twitter-archive",
]
CIB_DATA = "../shared/data/cib-data"
SHARED_TEXT = "../shared/seeds/000_8efd8f3b61102623.txt"
GENERATOR = "bench/gen.py"
SUBCOMMANDS = ["reach", "components", "validate", "overlap", "coordinate", "render", "convert",
               "dot"]


class Case:
    """One run of the binary: arguments (with $IN and $OUT), standard input, environment,
    preparatory runs whose outputs feed it, and files planted in $OUT before it runs."""

    def __init__(self, name, args, stdin=None, stdin_file=None, env=None, before=(), plant=None,
                 fifo=None):
        if not re.fullmatch(r"[a-z0-9][a-z0-9._-]*/[a-z0-9][a-z0-9._-]*", name):
            raise ValueError(f"case name {name!r}: group/name of [a-z0-9._-]")
        self.name, self.args, self.stdin, self.stdin_file = name, list(args), stdin, stdin_file
        self.env, self.before, self.plant, self.fifo = dict(env or {}), list(before), plant, fifo

    def description(self):
        lines = ["cibgraph " + shell_words(self.args)]
        for step in self.before:
            lines.append("before: cibgraph " + shell_words(step))
        if self.stdin is not None and self.stdin.startswith("@"):
            lines.append(f"stdin: a pipe fed with {self.stdin[1:]}")
        elif self.stdin is not None:
            lines.append(f"stdin: a pipe fed with {self.stdin!r}")
        if self.stdin_file is not None:
            lines.append(f"stdin: < {self.stdin_file}")
        if self.fifo is not None:
            lines.append(f"fifo: {self.fifo[0]} fed with {self.fifo[1]}")
        for key, value in sorted(self.env.items()):
            lines.append(f"env: {key}={value}")
        if self.plant is not None:
            lines.append(f"planted: {self.plant.__doc__ or self.plant.__name__}")
        return "\n".join(lines) + "\n"


def shell_words(args):
    """The arguments as a shell would take them; controls and bidi marks as $'\\x..'."""

    def word(arg):
        if all(c.isprintable() and c not in "\u202e\u2066\u2069\u200f" for c in arg):
            return shlex.quote(arg)
        escaped = "".join(c if c.isprintable() and c not in "\\'\u202e\u2066\u2069\u200f"
                          else (f"\\{c}" if c in "\\'" else
                                f"\\x{ord(c):02x}" if ord(c) < 0x80 else f"\\u{ord(c):04x}")
                          for c in arg)
        return f"$'{escaped}'"

    return " ".join(word(arg) for arg in args)


class Corpus:
    def __init__(self):
        self.cases = []
        self.names = set()

    def add(self, name, *args, **options):
        if name in self.names:
            raise ValueError(f"duplicate case {name}")
        self.names.add(name)
        self.cases.append(Case(name, args, **options))


# ---------------------------------------------------------------------------------------
# Inputs written by the script (the test suite's inline fixtures and reproduce.py's).

def quoted(text):
    return '"' + text.replace('"', '""') + '"'


def write_inputs(inputs, root):
    """Writes every input the corpus names as $IN/... into `inputs`."""

    def put(name, content):
        path = os.path.join(inputs, name)
        os.makedirs(os.path.dirname(path), exist_ok=True)
        with open(path, "wb") as f:
            f.write(content.encode("utf-8") if isinstance(content, str) else content)

    def document(networks, organizations=None, one_line=False):
        doc = {"format": "cibgraph-network-document", "version": 1,
               "report": {"title": "T", "publisher": "P"}, "networks": networks}
        if organizations:
            doc["organizations"] = organizations
        return json.dumps(doc, separators=(",", ":")) if one_line else json.dumps(doc, indent=2)

    header = "Id,Label,Kind,Followers,Members\n"

    # EndToEndTests.
    put("e2e/nodes.csv", header + "a1,,account,,\np1,P,page,100,\np2,,page,5,\ng1,,group,,30\n"
        "o1,Org,organization,,\nx,,instagram,,\n")
    put("e2e/edges.csv", "Source,Target,Type\na1,p1,administers\na1,g1,memberOf\n"
        "p2,o1,attributedTo\n")
    put("e2e/wrong.json", '{"format": "cibgraph-network-document", "version": 1,\n'
        ' "report": {"title": "T", "publisher": "P"},\n "networks": [{"id": "n", "name": "N",\n'
        '   "reported": {"counts": {"page": {"value": true}}}}]}')
    put("e2e/empty.json", "")
    put("e2e/cut.json", '{"format": "cibgraph-network-document", "vers')
    put("e2e/pair-nodes.csv", "Id,Kind\n" + "".join(f"n{i},page\n" for i in range(10)))
    put("e2e/pair-edges.csv", "Source,Target\n" + "".join(f"x{i},y{i}\n" for i in range(3000)))
    put("e2e/bad-nodes.csv", header + "p1,ok,page,10,\np2,x,pagee,1,\np3,y,page,-5,\n"
        "p4,z,group,,lots\n")
    put("e2e/open.csv", 'Id,Kind\na,page\n"b,page\nc,page\n')
    put("e2e/dangling-edges.csv", "Source,Target,Type\np1,ghost,linkedTo\n")
    put("e2e/long-field.csv", b"Id,Label,Kind\na," + b"x" * ((1 << 20) + 10) + b",page\n")
    put("e2e/hostile-render.csv", "Id,Label,Kind,Followers\n" + "".join(
        f"n{i},{quoted(name)},page,{i}\n" for i, name in enumerate(
            ["<script>alert(1)</script>", '"><svg onload=x>', "a\x1b[31m\u202eb", "&#60;x&#62;",
             "\\N\\G"])))

    # AudienceEndToEndTests.
    put("audience/nodes.csv", header + 'p1,"Page <one>",page,3,\np2,Page two,page,2,\n'
        "p3,Page three,page,1,\ng1,Group,group,,2\ni1,Insta,instagram,2,\na1,Admin,account,,\n")
    put("audience/edges.csv", "Source,Target,Type\na1,p1,administers\na1,g1,administers\n")
    put("audience/audience.csv", "\ufeffAsset,Account\r\np1,u1\r\np1,u2\r\np1,u3\r\np2,u1\r\n"
        "p2,u2\r\np3,u9\r\ng1,u1\r\ng1,u4\r\ni1,u2\r\ni1,u5\r\np1,u1\r\nghost,u1\r\np2,\r\n"
        "a1,u7\r\n")
    put("audience/more.csv", "Asset,Account\np3,u1\np3,u2\ni1,u9\ng1,u10\n")
    put("audience/broken.csv", 'Asset,Account\np1,u1\np2,"u2\n')
    put("audience/header.csv", "Page,Follower\np1,u1\n")
    put("audience/wide.csv", b"Asset,Account\np1,u1\np1,u2" + b"," * 100_000 + b"\np1,u3\n")

    # StandardInputTests.
    std_nodes = (header + 'p1,"Page <one>",page,3,\np2,Page two,page,2,\ng1,Group,group,,2\n'
                 "a1,Admin,account,,\n")
    std_edges = "Source,Target,Type\na1,p1,administers\na1,g1,administers\n"
    std_audience = "Asset,Account\r\np1,u1\r\np1,u2\r\np2,u1\r\ng1,u4\r\nghost,u9\r\n"
    put("stdin/nodes.csv", std_nodes)
    put("stdin/edges.csv", std_edges)
    put("stdin/audience.csv", std_audience)

    # HostileNameTests.
    names = [
        "Quote \" and backslash \\ and 'single'", "<script>alert(1)</script>",
        "line\nbreak\r\nand tab\t", "\x1b[2J\x1b[31mred", "right-to-left \u202etxt.exe",
        "isolates \u2066x\u2069 and \u200fmark", "emoji 😀👩‍👩‍👧 and 中文 and עברית",
        '=HYPERLINK("http://evil","click")', "+1, -1, @SUM(A1)", "long" * 5_000,
        "nul \x00 and bell \x07",
    ]
    put("hostile/nodes.csv", "Id,Label,Kind,Followers,Members\r\n" + "".join(
        f"{quoted(n)},{quoted(n)},page,{i},\r\n" for i, n in enumerate(names)))
    put("hostile/edges.csv", "Source,Target,Type\r\n" + "".join(
        f"{quoted(names[i])},{quoted(names[i - 1])},linkedTo\r\n" for i in range(1, len(names))))
    put("hostile/document.json", document([{
        "id": "n\x1b[31m", "name": names[3], "origin": names[4],
        "assets": [{"id": n, "kind": "page", "name": n, "followers": i}
                   for i, n in enumerate(names)],
        "relations": [{"source": names[i], "target": names[i - 1], "type": "linkedTo",
                       "evidence": names[i]} for i in range(1, len(names))]}]))

    # IdentityEndToEndTests.
    composed, decomposed = "caf\u00e9", "cafe\u0301"
    put("identity/nodes.csv", header + f"{composed},A,page,10,\n{decomposed},B,page,20,\n")
    put("identity/edges.csv", f"Source,Target,Type\n{composed},{decomposed},linkedTo\n")
    put("identity/document.json", document([{"id": "n", "name": "N", "assets": [
        {"id": composed, "kind": "page", "followers": 10},
        {"id": decomposed, "kind": "page", "followers": 20}]}]))

    # FormulaEndToEndTests.
    formulas = ['=HYPERLINK("http://evil","click")', "+cmd|' /C calc'!A0", "@SUM(A1:A9)",
                "\t=1+1", " =1+1", "-2+3", "\r=1"]

    def field(text):
        return quoted(text) if any(c in text for c in ',"\r\n') else text

    put("formula/nodes.csv", header + "".join(
        f"{field(f)},{field(f)},page,{i},\n" for i, f in enumerate(formulas))
        + "-100123,Telegram channel,page,5,\n")
    put("formula/edges.csv", "Source,Target,Type,Evidence\n" + "".join(
        f"{field(formulas[i - 1])},{field(formulas[i])},linkedTo,{field(formulas[i])}\n"
        for i in range(1, len(formulas))))
    put("formula/activity.csv", "object_id,account_id,content_id,timestamp\n" + "".join(
        f"{field(o)},+a,=post{i},{100 * i}\n{field(o)},-b,@post{i},{100 * i + 5}\n"
        for i, o in enumerate(['=HYPERLINK("x")', "@obj"])))

    # CountLimitTests.
    put("counts/overflow.csv", header + "p1,P,page,9223372036854775807,\np2,Q,page,1,\n")
    put("counts/over.csv", header + "p1,P,page,,1000000000000001\n")
    put("counts/limit.csv", header + "p1,P,page,,1000000000000000\n")
    put("counts/sum-nodes.csv", header + "hub,Hub,account,,\n" + "".join(
        f"p{i},Page {i},page,1000000000000000,\n" for i in range(10_000)))
    put("counts/sum-edges.csv", "Source,Target,Type\n" + "".join(
        f"hub,p{i},administers\n" for i in range(10_000)))
    for label, value in [("int-max", "9223372036854775807"), ("limit-plus-1", "1000000000000001"),
                         ("negative", "-5"), ("1e300", "1e300"), ("fraction", "1.5"),
                         ("30-digits", "123456789012345678901234567890")]:
        figure = (
            '{"format": "cibgraph-network-document", "version": 1, "report": {"title": "T", '
            '"publisher": "P"},\n "networks": [{"id": "n", "name": "N", "reported": {"counts": '
            '{"page": {"value": VALUE}}},\n   "assets": [{"id": "p", "kind": "page", '
            '"followers": 5}]}]}')
        put(f"counts/figure-{label}.json", figure.replace("VALUE", value))
        put(f"counts/followers-{label}.json",
            figure.replace('"followers": 5', f'"followers": {value}').replace("VALUE", "1"))

    # CoordinateEndToEndTests.
    activity_header = "object_id,account_id,content_id,timestamp\r\n"
    put("coordinate/activity.csv", activity_header
        + "u1,a,p1,1000\r\nu1,b,p2,1030\r\nu1,c,p3,1050\r\nu2,a,p4,2019-05-01T00:00:00Z\r\n"
        "u2,b,p5,2019-05-01T00:00:30Z\r\nx,e,p6,5000\r\nx,f,p7,5000\r\ny,e,p8,6000\r\n"
        "y,f,p9,6001\r\nz,,p10,7000\r\nz,g,p11,noon\r\n")
    put("coordinate/tweets.csv", "tweetid,userid,tweet_time,retweet_tweetid,urls,hashtags\n"
        "1,u1,2019-05-01 12:00,9,[],\"['a', 'b']\"\n2,u2,2019-05-01 12:00,9,[],\"['A']\"\n"
        "3,u1,2019-05-01 13:00,8,[],\"['b']\"\n4,u2,2019-05-01 13:00:20,8,[],[]\n")
    put("coordinate/broken.csv", activity_header + 'u1,a,"p1,0\nu1,b,p2,0\n')
    put("coordinate/header.csv", "object,account_id,when\nu1,a,0\n")
    hostile_accounts = ["=cmd|' /C calc'!A0", 'quote"d', "new\nline", "rtl\u202egnp.exe",
                        "ansi\x1b[31mred", "+plus", "comma,name"]
    put("coordinate/hostile.csv", activity_header + "".join(
        f"obj{i}a,{quoted(n)},{quoted(n)},{i * 1000}\r\nobj{i}a,anchor,p,{i * 1000}\r\n"
        f"obj{i}b,{quoted(n)},p,{i * 1000 + 500}\r\nobj{i}b,anchor,p,{i * 1000 + 500}\r\n"
        for i, n in enumerate(hostile_accounts)))
    plain_header = "object_id,account_id,content_id,timestamp\n"

    def hub(accounts, obj="https://example.test/hub"):
        return plain_header + "".join(f"{obj},acct{a},p{a},1600000000\n" for a in range(accounts))

    put("coordinate/tiny.csv", plain_header + "u,a,p,0\nu,b,q,0\n")
    put("coordinate/hub100.csv", hub(100))
    put("coordinate/bursts.csv", plain_header + "".join(
        f"tag,acct{a},p,{1600000000 + b * 1000}\n" for b in range(30) for a in range(100)))
    evil = "evil\x1b]0;owned\x07\x1b[31m\nnext line\u202etxt.exe"
    put("coordinate/evil.csv", hub(3, quoted(evil + "x" * 5_000)))
    put("coordinate/small.csv", plain_header + "u1,a,,0\nu1,b,,0\nu2,a,,9\nu2,b,,9\nu3,c,,0\n"
        "u3,d,,0\n")
    put("coordinate/outputs.csv", plain_header + "u1,a,c1,100\nu1,b,c2,110\nu2,a,c3,200\n"
        "u2,b,c4,205\n")
    put("coordinate/wide.csv", plain_header.encode() + b"u1,a,p1,0\nu1,b,p2,1\nu1,c,p3,0"
        + b"," * 100_000 + b"\nu1,d,p4,0\n")
    put("coordinate/milliseconds.csv", plain_header + "u1,a,p1,1600000000000\n"
        "u1,b,p2,1600000030000\nu2,a,p3,1600000100000\nu2,b,p4,1600000100500\n")
    put("coordinate/alternating-40k.csv", plain_header + "".join(
        f"https://example.test/u,{'ab'[r % 2]},p{r},{1_600_000_000 + r // 1_000}\n"
        for r in range(40_000)))

    # LayoutProcessTests: dot takes seconds on this graph, past a 1 s limit.
    tangled_nodes = "Id,Label,Kind\n" + "".join(f"a{i},Account {i},account\n" for i in range(45))
    seen, tangled_edges = set(), "Source,Target,Type\n"
    for i in range(45):
        for k in (7, 11, 13, 17, 19, 23):
            j = (i * k + 1) % 45
            if j != i and (i, j) not in seen:
                seen.add((i, j))
                tangled_edges += f"a{i},a{j},linkedTo\n"
    put("render/tangled-nodes.csv", tangled_nodes)
    put("render/tangled-edges.csv", tangled_edges)

    # DrawingTests' itemized document (Tests/CIBGraphTests/Golden/itemized*.dot).
    put("golden/itemized.json", json.dumps({
        "format": "cibgraph-network-document", "version": 1,
        "report": {"title": "Test report", "publisher": "Tester", "published": "2024-01",
                   "sources": [{"id": "s", "publisher": "Tester", "title": "Test report"}]},
        "organizations": [{"id": "org", "name": "Org", "partOf": "parent"},
                          {"id": "parent", "name": "Parent"}],
        "networks": [{
            "id": "n", "name": 'Itemized "network"', "origin": "Nowhere",
            "attribution": {"statement": 'linked to "Org"', "organizations": ["org"],
                            "source": "s"},
            "reported": {"counts": {"account": {"value": 3, "source": "s"}},
                         "audiences": {"page": {"value": 1000, "qualifier": "about",
                                                "source": "s"}}},
            "assets": [
                {"id": "a1", "kind": "account", "name": "Operator \\N one"},
                {"id": "p1", "kind": "page", "name": "<script>alert(1)</script>",
                 "followers": 900},
                {"id": "g1", "kind": "group", "name": "Group\nwith break", "members": 50},
                {"id": "i1", "kind": "instagram", "name": "\u202etxt.exe", "followers": 10}],
            "relations": [
                {"source": "a1", "target": "p1", "type": "administers",
                 "evidence": 'shared admin "X"'},
                {"source": "a1", "target": "g1", "type": "memberOf"},
                {"source": "i1", "target": "p1", "type": "follows"},
                {"source": "p1", "target": "org", "type": "attributedTo"},
                {"source": "g1", "target": "i1", "type": "linkedTo"}]}]}, indent=2))

    # The fuzz seeds: spreadsheet seeds hold both files, split at "--- edges ---"; audience
    # seeds are read against the audience target's fixture graph.
    for seed in SPREADSHEET_SEEDS:
        with open(os.path.join(root, SEEDS, "spreadsheet", seed + ".csv"), "rb") as f:
            data = f.read()
        nodes, separator, edges = data.partition(b"--- edges ---")
        if separator:
            put(f"seeds/{seed}.nodes.csv", nodes.rstrip(b"\r\n") + b"\n")
            put(f"seeds/{seed}.edges.csv", edges.lstrip(b"\r\n"))
        else:
            put(f"seeds/{seed}.nodes.csv", data)
    put("seeds/audience-graph.csv", header + "".join(
        f"{quoted(i)},,{k},,\n" for i, k in [
            ("p1", "page"), ("p2", "page"), ("g1", "group"), ("ig1", "instagram"),
            ("a1", "account"), ("o1", "organization"), (composed, "page"), (decomposed, "group"),
            ('say "hi"', "page"), ("=1+1", "group"), ("\u202eevil", "instagram")]))

    # scripts/hostile/reproduce.py, the small ones.
    put("hostile/big-figures.json", document([{"id": "n", "name": "N", "assets": [
        {"id": f"p{i}", "kind": "page", "followers": 10**15} for i in range(20_000)],
        "relations": []}], one_line=True))
    put("hostile/dangling.json", document([{"id": "n", "name": "N",
                                            "assets": [{"id": "a", "kind": "page"}],
                                            "relations": [{"source": "a", "target": f"missing{i}",
                                                           "type": "linkedTo"}
                                                          for i in range(1_000)]}], one_line=True))
    put("hostile/hub5000.csv", plain_header + "".join(
        f"https://example.org/hub,u{i},c{i},{1600000000 + i % 60}\n" for i in range(5_000)))
    tags = " ".join(f"tag{i}" for i in range(110_000))
    put("hostile/hashtags.csv", "tweetid,userid,tweet_time,retweet_tweetid,urls,hashtags\n"
        f"1,u1,2020-01-01 00:00,,,\"[{tags}]\"\n2,u2,2020-01-01 00:00,,,\"[{tags}]\"\n")
    put("hostile/formulas.json", document([{"id": "n", "name": "N", "assets": [
        {"id": '=HYPERLINK("http://x")', "kind": "page"}, {"id": "+cmd", "kind": "page"},
        {"id": "@SUM(1)", "kind": "page"}, {"id": "\t=1", "kind": "page"}], "relations": []}],
        one_line=True))
    put("hostile/one-line.json", document([{
        "id": "n", "name": "N",
        "assets": [{"id": f"a{i}", "kind": "page", "name": f"Page {i}", "followers": i}
                   for i in range(36_000)],
        "relations": [{"source": f"a{i}", "target": f"a{i + 1}", "type": "linkedTo"}
                      for i in range(35_999)]}], one_line=True))
    put("hostile/repeating.csv", plain_header + "".join(
        f"o,u,c{i},{1600000000 + i}\n" for i in range(200_000)))
    put("hostile/extra.csv", header + "p1,P,page,1,," + "," * 1_000_000 + "\n")
    # A file whose name is hostile (a newline, an escape sequence and a bidi override).
    with open(os.path.join(root, REPORT_2019), "rb") as f:
        put("hostile/evil\n\x1b[31mname\u202e.json", f.read())


def generate_bench(inputs, root):
    """The benchmark's S data (10^4 edges, 2·10^4 audience rows), as scripts/interleave.sh
    times it; deterministic for a given numpy."""
    out = os.path.join(inputs, "bench-S")
    subprocess.run([sys.executable, os.path.join(root, GENERATOR), "--size", "S", "--no-dot",
                    "--out", out], check=True, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    os.remove(os.path.join(out, "meta.json"))  # holds the generation time


# ---------------------------------------------------------------------------------------
# The corpus.

def corpus():
    c = Corpus()
    add = c.add
    r19, r20, art = REPORT_2019, REPORT_2020, ARTICLE
    all_docs = [r19, r20, art]
    doc_sets = dict(DOCUMENTS, **{"all": None})

    def docs(key):
        return all_docs if key == "all" else [DOCUMENTS[key]]

    # Help, version, usage.
    add("help/top", "--help")
    add("help/top-short", "-h")
    add("help/version", "--version")
    add("help/no-arguments")
    add("help/help")
    add("help/help-unknown", "help", "frobnicate")
    for sub in SUBCOMMANDS:
        add(f"help/{sub}", sub, "--help")
        add(f"help/help-{sub}", "help", sub)
        add(f"help/{sub}-version", sub, "--version")

    usage = {
        "unknown-subcommand": ["frobnicate"],
        "unknown-option": ["reach", "--frobnicate", r20],
        "reach-no-input": ["reach"],
        "reach-format-xml": ["reach", "--format", "xml", r20],
        "reach-format-missing-value": ["reach", r20, "--format"],
        "reach-estimate-without-audience": ["reach", "--estimate", r19],
        "reach-precision-3": ["reach", "--nodes", "$IN/audience/nodes.csv", "--audience",
                              "$IN/audience/audience.csv", "--estimate", "--precision", "3"],
        "reach-precision-19": ["reach", "--nodes", "$IN/audience/nodes.csv", "--audience",
                               "$IN/audience/audience.csv", "--estimate", "--precision", "19"],
        "reach-precision-word": ["reach", "--nodes", "$IN/audience/nodes.csv", "--audience",
                                 "$IN/audience/audience.csv", "--precision", "high"],
        "components-edges-without-nodes": ["components", "--edges", "e.csv"],
        "components-limit-negative": ["components", "--limit", "-1", "x.json"],
        "components-documents-and-nodes": ["components", r19, "--nodes", "$IN/e2e/nodes.csv"],
        "validate-audience": ["validate", "--nodes", "$IN/audience/nodes.csv", "--audience",
                              "$IN/audience/audience.csv"],
        "overlap-top-negative": ["overlap", "--nodes", "$IN/audience/nodes.csv", "--audience",
                                 "$IN/audience/audience.csv", "--top", "-1"],
        "overlap-min-jaccard-2": ["overlap", "--nodes", "$IN/audience/nodes.csv", "--audience",
                                  "$IN/audience/audience.csv", "--min-jaccard", "2"],
        "overlap-pairs-word": ["overlap", "--nodes", "$IN/audience/nodes.csv", "--audience",
                               "$IN/audience/audience.csv", "--pairs", "many"],
        "overlap-assets-and-top": ["overlap", "--nodes", "$IN/audience/nodes.csv", "--audience",
                                   "$IN/audience/audience.csv", "--assets", "p1,p2", "--top", "3"],
        "overlap-graph-without-audience": ["overlap", r19, "--graph", "$OUT/graph.json"],
        "coordinate-no-file": ["coordinate"],
        "coordinate-two-files": ["coordinate", "$IN/coordinate/tiny.csv",
                                 "$IN/coordinate/tiny.csv"],
        "coordinate-window-word": ["coordinate", "$IN/coordinate/broken.csv", "--window", "soon"],
        "coordinate-window-negative": ["coordinate", "$IN/coordinate/tiny.csv", "--window", "-1"],
        "coordinate-window-huge": ["coordinate", "$IN/coordinate/tiny.csv", "--window", "1e13"],
        "coordinate-min-repeat-0": ["coordinate", "$IN/coordinate/tiny.csv", "--min-repeat", "0"],
        "coordinate-percentile-101": ["coordinate", "$IN/coordinate/tiny.csv", "--percentile",
                                      "101"],
        "coordinate-action-bogus": ["coordinate", "$IN/coordinate/tweets.csv", "--action", "like"],
        "coordinate-max-pairs-0": ["coordinate", "$IN/coordinate/tiny.csv",
                                   "--max-pairs-per-object", "0"],
        "coordinate-same-output-twice": ["coordinate", "$IN/coordinate/outputs.csv", "-o",
                                         "$OUT/net.json", "--evidence", "$OUT/net.json"],
        "render-no-output": ["render", r20],
        "render-no-extension": ["render", r20, "-o", "$OUT/x"],
        "render-unknown-extension": ["render", r20, "-o", "$OUT/x.gif"],
        "render-format-gif": ["render", r20, "-o", "$OUT/x.svg", "--format", "gif"],
        "render-layout-bogus": ["render", r20, "-o", "$OUT/x.svg", "--layout", "spring"],
        "render-max-labels-negative": ["render", r20, "-o", "$OUT/x.svg", "--max-labels", "-1"],
        "convert-no-to": ["convert", r20],
        "convert-to-xml": ["convert", r20, "--to", "xml"],
        "convert-json-three-inputs": ["convert", "--to", "json"] + all_docs,
        "convert-csv-to-stdout": ["convert", r20, "--to", "csv"],
        "dot-layout-bogus": ["dot", r20, "--layout", "spring"],
        "dot-output-option": ["dot", r20, "-o", "$OUT/x.dot"],
    }
    for timeout in ["-1", "soon", "1000001", "1e9"]:
        usage[f"render-timeout-{timeout}"] = ["render", r20, "-o", "$OUT/never.svg",
                                              "--timeout", timeout]
    for name, args in usage.items():
        add(f"usage/{name}", *args)
    stdin_twice = {
        "reach-dash-dash": ["reach", "-", "-"],
        "reach-nodes-edges": ["reach", "--nodes", "-", "--edges", "-"],
        "reach-nodes-audience": ["reach", "--nodes", "-", "--audience", "-"],
        "reach-audience-twice": ["reach", "--nodes", "$IN/stdin/nodes.csv", "--audience", "-",
                                 "--audience", "-"],
        "overlap-nodes-audience": ["overlap", "--nodes", "-", "--audience", "-"],
        "convert-nodes-audience": ["convert", "--nodes", "-", "--audience", "-", "--to", "gexf"],
        "components-document-nodes": ["components", "-", "--nodes", "-"],
    }
    for name, args in stdin_twice.items():
        add(f"usage/stdin-twice-{name}", *args)
    for label, value in [("empty", ""), ("word", "lots"), ("negative", "-1"), ("zero", "0"),
                         ("unit", "12X"), ("huge", "99999999999T")]:
        add(f"usage/max-input-{label}", "reach", r19, env={"CIBGRAPH_MAX_INPUT": value})

    # reach.
    for key in doc_sets:
        for fmt in ("text", "json", "csv"):
            add(f"reach/{key}-{fmt}", "reach", *docs(key), "--format", fmt)
    add("reach/article-and-report-2019", "reach", art, r19)
    add("reach/spreadsheets", "reach", "--nodes", "$IN/e2e/nodes.csv", "--edges",
        "$IN/e2e/edges.csv")
    add("reach/nodes-only", "reach", "--nodes", "$IN/e2e/nodes.csv")
    for fmt in ("text", "json", "csv"):
        add(f"reach/audience-{fmt}", "reach", "--nodes", "$IN/audience/nodes.csv", "--edges",
            "$IN/audience/edges.csv", "--audience", "$IN/audience/audience.csv", "--format", fmt)
        add(f"reach/audience-estimate-{fmt}", "reach", "--nodes", "$IN/audience/nodes.csv",
            "--audience", "$IN/audience/audience.csv", "--estimate", "--format", fmt)
    for precision in ("4", "10", "18"):
        add(f"reach/audience-estimate-precision-{precision}", "reach", "--nodes",
            "$IN/audience/nodes.csv", "--audience", "$IN/audience/audience.csv", "--estimate",
            "--precision", precision, "--format", "json")
    add("reach/audience-two-files", "reach", "--nodes", "$IN/audience/nodes.csv", "--audience",
        "$IN/audience/audience.csv", "--audience", "$IN/audience/more.csv")
    add("reach/audience-quiet", "reach", "--nodes", "$IN/audience/nodes.csv", "--audience",
        "$IN/audience/audience.csv", "--quiet")
    add("reach/audience-of-a-document", "reach", r19, "--audience", "$IN/audience/more.csv")
    add("reach/audience-wide-row", "reach", "--nodes", "$IN/audience/nodes.csv", "--audience",
        "$IN/audience/wide.csv", "--format", "json")
    add("reach/sums-past-int-max", "reach", "--nodes", "$IN/counts/sum-nodes.csv", "--edges",
        "$IN/counts/sum-edges.csv")
    add("reach/sums-past-int-max-csv", "reach", "--nodes", "$IN/counts/sum-nodes.csv", "--format",
        "csv")
    add("reach/count-at-limit", "reach", "--nodes", "$IN/counts/limit.csv")
    add("reach/big-figures-json", "reach", "$IN/hostile/big-figures.json", "--format", "json")
    add("reach/documents-and-spreadsheets", "reach", r19, "--nodes", "$IN/e2e/nodes.csv",
        "--edges", "$IN/e2e/edges.csv")
    add("reach/one-line-document", "reach", "$IN/hostile/one-line.json")
    add("reach/identity-json", "reach", "--nodes", "$IN/identity/nodes.csv", "--format", "json")

    # Standard input, /dev/stdin, FIFOs, endless input.
    with_doc = dict(stdin_file=r20)
    add("stdin/reach-dash", "reach", "-", **with_doc)
    add("stdin/reach-dash-json", "reach", "-", "--format", "json", stdin_file=r19)
    add("stdin/reach-dev-stdin-json", "reach", "/dev/stdin", "--format", "json", stdin_file=r19)
    add("stdin/reach-proc-fd-json", "reach", "/proc/self/fd/0", "--format", "json", stdin_file=r19)
    add("stdin/reach-piped", "reach", "-", "--format", "json",
        stdin=("@" + r19))
    add("stdin/reach-fifo-json", "reach", "$OUT/fifo", "--format", "json",
        fifo=("$OUT/fifo", r19))
    for source in ("nodes", "edges", "audience"):
        args = {"nodes": "$IN/stdin/nodes.csv", "edges": "$IN/stdin/edges.csv",
                "audience": "$IN/stdin/audience.csv"}
        args[source] = "-"
        add(f"stdin/components-{source}-dash", "components", "--nodes", args["nodes"], "--edges",
            args["edges"], "--audience", args["audience"], "--format", "json", "--list-assets",
            stdin=f"@$IN/stdin/{source}.csv")
    add("stdin/reach-audience-estimate", "reach", "--nodes", "$IN/stdin/nodes.csv", "--audience",
        "-", "--estimate", stdin="@$IN/stdin/audience.csv")
    add("stdin/coordinate-empty", "coordinate", "-", stdin="")
    add("stdin/coordinate-dash", "coordinate", "-", "--window", "30", "--format", "json",
        stdin="@$IN/coordinate/activity.csv")
    add("stdin/reach-endless", "reach", "-", stdin_file="/dev/zero",
        env={"CIBGRAPH_MAX_INPUT": "1M"})
    endless = {
        "components-nodes-dev-zero": ["components", "--nodes", "/dev/zero"],
        "components-nodes-dash": ["components", "--nodes", "-"],
        "coordinate-dev-zero": ["coordinate", "/dev/zero"],
        "coordinate-dash": ["coordinate", "-"],
        "dot-dev-zero": ["dot", "/dev/zero"],
    }
    for name, args in endless.items():
        add(f"stdin/limit-64k-{name}", *args, stdin_file="/dev/zero",
            env={"CIBGRAPH_MAX_INPUT": "64K"})
    add("stdin/limit-file-over", "reach", r19, env={"CIBGRAPH_MAX_INPUT": "1000"})
    add("stdin/limit-file-exact", "reach", r19, env={"CIBGRAPH_MAX_INPUT": "7062"})

    # components.
    for key in doc_sets:
        for fmt in ("text", "json", "csv"):
            add(f"components/{key}-{fmt}", "components", *docs(key), "--format", fmt)
        add(f"components/{key}-list-assets", "components", *docs(key), "--list-assets")
    add("components/all-list-assets-json", "components", *all_docs, "--list-assets", "--format",
        "json")
    add("components/all-list-assets-csv", "components", *all_docs, "--list-assets", "--format",
        "csv")
    for limit in ("0", "1", "2"):
        add(f"components/all-limit-{limit}", "components", *all_docs, "--limit", limit)
    add("components/all-limit-1-json", "components", *all_docs, "--limit", "1", "--format", "json")
    for fmt in ("text", "json", "csv"):
        add(f"components/spreadsheets-{fmt}", "components", "--nodes", "$IN/e2e/nodes.csv",
            "--edges", "$IN/e2e/edges.csv", "--format", fmt)
        add(f"components/audience-{fmt}", "components", "--nodes", "$IN/audience/nodes.csv",
            "--edges", "$IN/audience/edges.csv", "--audience", "$IN/audience/audience.csv",
            "--format", fmt)
    add("components/audience-estimate", "components", "--nodes", "$IN/audience/nodes.csv",
        "--edges", "$IN/audience/edges.csv", "--audience", "$IN/audience/audience.csv",
        "--estimate", "--format", "json")
    add("components/sums-past-int-max-json", "components", "--nodes", "$IN/counts/sum-nodes.csv",
        "--edges", "$IN/counts/sum-edges.csv", "--format", "json")
    add("components/identity-json", "components", "--nodes", "$IN/identity/nodes.csv", "--edges",
        "$IN/identity/edges.csv", "--format", "json")
    add("components/identity-document-json", "components", "$IN/identity/document.json",
        "--format", "json")
    add("components/audience-quiet", "components", "--nodes", "$IN/audience/nodes.csv",
        "--audience", "$IN/audience/audience.csv", "--quiet")
    add("components/itemized", "components", "$IN/golden/itemized.json", "--list-assets")

    # validate.
    for key in doc_sets:
        for fmt in ("text", "json", "csv"):
            add(f"validate/{key}-{fmt}", "validate", *docs(key), "--format", fmt)
    add("validate/article-and-report-2019-json", "validate", "--format", "json", art, r19)
    add("validate/reports", "validate", r19, r20)
    add("validate/spreadsheets", "validate", "--nodes", "$IN/e2e/nodes.csv", "--edges",
        "$IN/e2e/edges.csv")
    for fmt in ("text", "json", "csv"):
        add(f"validate/bad-nodes-{fmt}", "validate", "--nodes", "$IN/e2e/bad-nodes.csv",
            "--format", fmt)
    add("validate/identity", "validate", "--nodes", "$IN/identity/nodes.csv", "--edges",
        "$IN/identity/edges.csv")
    add("validate/identity-document", "validate", "$IN/identity/document.json")
    add("validate/dangling-1000", "validate", "$IN/hostile/dangling.json")
    add("validate/one-line-document", "validate", "$IN/hostile/one-line.json")
    add("validate/itemized", "validate", "$IN/golden/itemized.json")
    add("validate/pair-mismatch", "validate", "--nodes", "$IN/e2e/pair-nodes.csv", "--edges",
        "$IN/e2e/pair-edges.csv")

    # overlap.
    for key in doc_sets:
        for fmt in ("text", "json", "csv"):
            add(f"overlap/{key}-{fmt}", "overlap", *docs(key), "--format", fmt)
    aud = ["--nodes", "$IN/audience/nodes.csv", "--edges", "$IN/audience/edges.csv",
           "--audience", "$IN/audience/audience.csv"]
    for fmt in ("text", "json", "csv"):
        add(f"overlap/audience-{fmt}", "overlap", *aud, "--format", fmt)
        add(f"overlap/audience-estimate-{fmt}", "overlap", *aud, "--estimate", "--format", fmt)
    add("overlap/audience-graph", "overlap", *aud, "--format", "json", "--graph",
        "$OUT/graph.json")
    add("overlap/audience-graph-text", "overlap", *aud, "--graph", "$OUT/graph.json")
    add("overlap/assets-csv", "overlap", "--nodes", "$IN/audience/nodes.csv", "--audience",
        "$IN/audience/audience.csv", "--assets", "p1,i1", "--format", "csv")
    add("overlap/assets-unknown", "overlap", "--nodes", "$IN/audience/nodes.csv", "--audience",
        "$IN/audience/audience.csv", "--assets", "p1,nope")
    add("overlap/top-2", "overlap", *aud, "--top", "2")
    add("overlap/min-jaccard-half", "overlap", *aud, "--min-jaccard", "0.5")
    add("overlap/pairs-1", "overlap", *aud, "--pairs", "1")
    add("overlap/pairs-0-json", "overlap", *aud, "--pairs", "0", "--format", "json")
    add("overlap/precision-4", "overlap", *aud, "--estimate", "--precision", "4")
    add("overlap/audience-two-files", "overlap", *aud, "--audience", "$IN/audience/more.csv")
    add("overlap/graph-missing-folder", "overlap", *aud, "--graph", "$OUT/missing/graph.json")
    add("overlap/bad-header", "overlap", "--nodes", "$IN/audience/nodes.csv", "--audience",
        "$IN/audience/header.csv")
    add("overlap/documents-with-audience", "overlap", r19, r20, "--audience",
        "$IN/audience/more.csv")

    # coordinate.
    act = "$IN/coordinate/activity.csv"
    for fmt in ("text", "json", "csv"):
        add(f"coordinate/window-30-{fmt}", "coordinate", act, "--window", "30", "--format", fmt)
        add(f"coordinate/default-{fmt}", "coordinate", act, "--format", fmt)
    add("coordinate/outputs-json", "coordinate", act, "--window", "30", "--min-repeat", "2", "-o",
        "$OUT/network.json", "--evidence", "$OUT/evidence.csv", "--format", "json",
        "--list-accounts")
    add("coordinate/outputs-text", "coordinate", act, "--window", "30", "-o", "$OUT/network.json",
        "--evidence", "$OUT/evidence.csv", "--list-accounts")
    for window in ("29", "0", "0.5", "auto", "86400"):
        add(f"coordinate/window-{window}", "coordinate", act, "--window", window, "--format",
            "json")
    add("coordinate/window-auto-text", "coordinate", act, "--window", "auto")
    add("coordinate/min-repeat-1", "coordinate", act, "--min-repeat", "1", "--list-accounts")
    add("coordinate/min-repeat-3", "coordinate", act, "--min-repeat", "3")
    add("coordinate/percentile-50", "coordinate", act, "--min-repeat", "1", "--percentile", "50",
        "--format", "json")
    add("coordinate/limit-1", "coordinate", act, "--window", "30", "--limit", "1")
    add("coordinate/limit-0-csv", "coordinate", act, "--min-repeat", "1", "--limit", "0",
        "--format", "csv", "--list-accounts")
    tweets = "$IN/coordinate/tweets.csv"
    add("coordinate/tweets-retweet", "coordinate", tweets, "--action", "retweet", "--window", "30",
        "--format", "json")
    add("coordinate/tweets-hashtag", "coordinate", tweets, "--action", "hashtag", "--min-repeat",
        "1", "--format", "json")
    add("coordinate/tweets-link", "coordinate", tweets, "--action", "link", "--min-repeat", "1")
    add("coordinate/tweets-no-action", "coordinate", tweets)
    add("coordinate/action-on-activity-file", "coordinate", act, "--action", "link")
    add("coordinate/hostile-text", "coordinate", "$IN/coordinate/hostile.csv", "--list-accounts",
        "--evidence", "$OUT/evidence.csv", "-o", "$OUT/network.json")
    add("coordinate/hostile-json", "coordinate", "$IN/coordinate/hostile.csv", "--list-accounts",
        "--format", "json")
    add("coordinate/hostile-csv", "coordinate", "$IN/coordinate/hostile.csv", "--list-accounts",
        "--format", "csv")
    add("coordinate/formula-evidence", "coordinate", "$IN/formula/activity.csv", "--evidence",
        "$OUT/ev.csv", "--format", "csv")
    add("coordinate/tiny-min-repeat-1", "coordinate", "$IN/coordinate/tiny.csv", "--min-repeat",
        "1")
    hub100 = "$IN/coordinate/hub100.csv"
    add("coordinate/hub100-refused", "coordinate", hub100, "--max-pairs-per-object", "4949")
    add("coordinate/hub100-allowed", "coordinate", hub100, "--max-pairs-per-object", "4950")
    add("coordinate/hub100-total-refused", "coordinate", hub100, "--max-pairs-total", "1000")
    add("coordinate/bursts-refused", "coordinate", "$IN/coordinate/bursts.csv", "--max-meetings",
        "100000")
    add("coordinate/bursts-allowed", "coordinate", "$IN/coordinate/bursts.csv", "--max-meetings",
        "148500")
    add("coordinate/evil-object-refused", "coordinate", "$IN/coordinate/evil.csv",
        "--max-pairs-per-object", "2")
    small = "$IN/coordinate/small.csv"
    add("coordinate/max-written-1", "coordinate", small, "--min-repeat", "1", "-o",
        "$OUT/small.json", "--max-written", "1")
    add("coordinate/max-written-2", "coordinate", small, "--min-repeat", "1", "-o",
        "$OUT/small.json", "--evidence", "$OUT/small-evidence.csv", "--max-written", "2")
    add("coordinate/max-written-3", "coordinate", small, "--min-repeat", "1", "-o",
        "$OUT/small.json", "--evidence", "$OUT/small-evidence.csv", "--max-written", "3")
    add("coordinate/wide-row", "coordinate", "$IN/coordinate/wide.csv")
    add("coordinate/milliseconds", "coordinate", "$IN/coordinate/milliseconds.csv",
        "--min-repeat", "1", "--format", "json")
    add("coordinate/alternating-40k", "coordinate", "$IN/coordinate/alternating-40k.csv",
        "--min-repeat", "1", "--format", "json", "--evidence", "$OUT/evidence.csv", "-o",
        "$OUT/network.json")
    add("coordinate/hub5000-refused", "coordinate", "$IN/hostile/hub5000.csv", "--min-repeat", "1")
    add("coordinate/one-account-repeating-200k", "coordinate", "$IN/hostile/repeating.csv")
    add("coordinate/evidence-only", "coordinate", act, "--window", "30", "--evidence",
        "$OUT/evidence.csv")
    add("coordinate/hashtags-1mib", "coordinate", "$IN/hostile/hashtags.csv", "--action",
        "hashtag", "--min-repeat", "1")
    add("coordinate/network-read-back", "components", "$OUT/network.json", "--format", "json",
        "--list-assets",
        before=[["coordinate", act, "--window", "30", "-o", "$OUT/network.json"]])
    add("coordinate/hostile-network-read-back", "components", "$OUT/network.json",
        "--list-assets", "--format", "json",
        before=[["coordinate", "$IN/coordinate/hostile.csv", "-o", "$OUT/network.json"]])
    add("coordinate/network-validate", "validate", "$OUT/network.json",
        before=[["coordinate", act, "--window", "30", "-o", "$OUT/network.json"]])
    add("coordinate/network-dot", "dot", "$OUT/network.json",
        before=[["coordinate", act, "--window", "30", "-o", "$OUT/network.json"]])

    # dot.
    for key in doc_sets:
        add(f"dot/{key}", "dot", *docs(key))
    for layout in ("dot", "neato", "fdp", "sfdp", "circo", "twopi"):
        add(f"dot/report-2019-layout-{layout}", "dot", r19, "--layout", layout)
    add("dot/report-2019-sfdp-no-legend", "dot", r19, "--layout", "sfdp", "--no-legend")
    add("dot/itemized", "dot", "$IN/golden/itemized.json")
    add("dot/itemized-sfdp-no-legend", "dot", "$IN/golden/itemized.json", "--layout", "sfdp",
        "--no-legend")
    add("dot/spreadsheets", "dot", "--nodes", "$IN/e2e/nodes.csv", "--edges", "$IN/e2e/edges.csv")
    add("dot/max-labels-1", "dot", "--nodes", "$IN/audience/nodes.csv", "--edges",
        "$IN/audience/edges.csv", "--max-labels", "1")
    add("dot/hostile-spreadsheets", "dot", "--nodes", "$IN/hostile/nodes.csv", "--edges",
        "$IN/hostile/edges.csv")
    add("dot/hostile-document", "dot", "$IN/hostile/document.json")
    add("dot/identity", "dot", "--nodes", "$IN/identity/nodes.csv", "--edges",
        "$IN/identity/edges.csv")
    add("dot/overlap-graph", "dot", "$OUT/graph.json",
        before=[["overlap", *aud, "--graph", "$OUT/graph.json"]])

    # render.
    for ext in ("svg", "png", "pdf", "dot"):
        add(f"render/report-2020-{ext}", "render", r20, "-o", f"$OUT/report.{ext}")
    add("render/format-forced-svg", "render", r20, "-o", "$OUT/drawing.out", "--format", "svg")
    add("render/format-forced-dot", "render", r19, "-o", "$OUT/drawing.svg", "--format", "dot")
    for layout in ("dot", "neato", "fdp", "sfdp", "circo", "twopi"):
        add(f"render/report-2019-{layout}", "render", r19, "--layout", layout, "-o",
            "$OUT/drawing.svg")
    for fmt in ("png", "pdf"):
        add(f"render/format-forced-{fmt}", "render", r20, "-o", "$OUT/drawing.out", "--format",
            fmt)
    add("render/max-labels-1-no-legend", "render", "--nodes", "-", "--edges",
        "$IN/audience/edges.csv", "--max-labels", "1", "--no-legend", "-o", "$OUT/m.svg",
        stdin="@$IN/audience/nodes.csv")
    add("render/all-no-legend", "render", *all_docs, "--no-legend", "-o", "$OUT/all.svg")
    add("render/itemized", "render", "$IN/golden/itemized.json", "-o", "$OUT/itemized.svg")
    # Generated spreadsheets are drawn from standard input: a drawing's title is its nodes
    # file's name, and Graphviz sizes the drawing to it, so a temporary path would not do.
    add("render/hostile-names-svg", "render", "--nodes", "-", "-o", "$OUT/h.svg",
        stdin="@$IN/e2e/hostile-render.csv")
    add("render/hostile-spreadsheets-svg", "render", "--nodes", "-", "--edges",
        "$IN/hostile/edges.csv", "-o", "$OUT/h.svg", stdin="@$IN/hostile/nodes.csv")
    add("render/overlap-graph", "render", "$OUT/graph.json", "-o", "$OUT/graph.svg",
        before=[["overlap", *aud, "--graph", "$OUT/graph.json"]])
    add("render/unwritable-folder", "render", r20, "-o", "/no/such/folder/x.svg")
    add("render/missing-input-keeps-file", "render", "Graphs/nothing.json", "-o", "$OUT/kept.svg",
        plant=plant_previous_svg)
    add("render/no-plugins", "render", r20, "-o", "$OUT/x.svg", env={"GVBINDIR": "$WORK/empty"})
    add("render/timeout", "render", "--nodes", "$IN/render/tangled-nodes.csv", "--edges",
        "$IN/render/tangled-edges.csv", "--layout", "dot", "--timeout", "1", "-o",
        "$OUT/kept.svg", plant=plant_previous_svg)
    add("render/planted-symlink", "render", r19, "-o", "$OUT/drawing.svg", plant=plant_symlink)

    # convert.
    for key in doc_sets:
        for to in ("graphml", "gexf"):
            add(f"convert/{key}-{to}", "convert", *docs(key), "--to", to)
        add(f"convert/{key}-csv", "convert", *docs(key), "--to", "csv", "-o", "$OUT/out")
        if key != "all":
            add(f"convert/{key}-json", "convert", *docs(key), "--to", "json")
    add("convert/report-2019-json-file", "convert", r19, "--to", "json", "-o", "$OUT/doc.json")
    add("convert/report-2019-graphml-file", "convert", r19, "--to", "graphml", "-o",
        "$OUT/g.graphml")
    for to in ("graphml", "gexf", "json"):
        add(f"convert/spreadsheets-{to}", "convert", "--nodes", "$IN/e2e/nodes.csv", "--edges",
            "$IN/e2e/edges.csv", "--to", to)
        add(f"convert/audience-{to}", "convert", *aud, "--to", to)
        add(f"convert/hostile-{to}", "convert", "--nodes", "$IN/hostile/nodes.csv", "--edges",
            "$IN/hostile/edges.csv", "--to", to)
    add("convert/audience-estimate-graphml", "convert", *aud, "--estimate", "--to", "graphml")
    add("convert/audience-csv", "convert", *aud, "--to", "csv", "-o", "$OUT/out")
    add("convert/hostile-csv", "convert", "--nodes", "$IN/hostile/nodes.csv", "--edges",
        "$IN/hostile/edges.csv", "--to", "csv", "-o", "$OUT/out")
    add("convert/formula-csv", "convert", "--nodes", "$IN/formula/nodes.csv", "--edges",
        "$IN/formula/edges.csv", "--to", "csv", "-o", "$OUT/out")
    add("convert/formula-json", "convert", "--nodes", "$IN/formula/nodes.csv", "--edges",
        "$IN/formula/edges.csv", "--to", "json")
    add("convert/formula-csv-read-back", "convert", "--nodes", "$OUT/out.nodes.csv", "--edges",
        "$OUT/out.edges.csv", "--to", "json",
        before=[["convert", "--nodes", "$IN/formula/nodes.csv", "--edges", "$IN/formula/edges.csv",
                 "--to", "csv", "-o", "$OUT/out"]])
    add("convert/hostile-formulas-csv", "convert", "$IN/hostile/formulas.json", "--to", "csv",
        "-o", "$OUT/formulas")
    add("convert/identity-graphml", "convert", "--nodes", "$IN/identity/nodes.csv", "--edges",
        "$IN/identity/edges.csv", "--to", "graphml")
    add("convert/identity-document-gexf", "convert", "$IN/identity/document.json", "--to", "gexf")
    add("convert/itemized-json", "convert", "$IN/golden/itemized.json", "--to", "json")
    add("convert/csv-edges-unwritable", "convert", r19, "--to", "csv", "-o", "$OUT/out",
        plant=plant_edges_folder)
    add("convert/to-dev-stdout", "convert", r19, "--to", "json", "-o", "/dev/stdout")
    add("convert/to-dev-null", "convert", r19, "--to", "json", "-o", "/dev/null")
    add("convert/keeps-private-mode", "convert", r19, "--to", "json", "-o", "$OUT/private.json",
        plant=plant_private_file)
    add("convert/missing-folder", "convert", r19, "--to", "graphml", "-o", "$OUT/missing/x.graphml")
    add("convert/coordinate-outputs-missing-folder", "coordinate", "$IN/coordinate/outputs.csv",
        "-o", "$OUT/net.json", "--evidence", "$OUT/missing/ev.csv")

    # Hostile names (HostileNameTests) through every command and format.
    hostile = ["--nodes", "$IN/hostile/nodes.csv", "--edges", "$IN/hostile/edges.csv"]
    for fmt in ("text", "json", "csv"):
        add(f"hostile/components-{fmt}", "components", *hostile, "--list-assets", "--format", fmt)
        add(f"hostile/reach-{fmt}", "reach", *hostile, "--format", fmt)
        add(f"hostile/validate-{fmt}", "validate", *hostile, "--format", fmt)
        add(f"hostile/document-components-{fmt}", "components", "$IN/hostile/document.json",
            "--list-assets", "--format", fmt)
        add(f"hostile/document-reach-{fmt}", "reach", "$IN/hostile/document.json", "--format",
            fmt)
    add("hostile/document-validate", "validate", "$IN/hostile/document.json")
    add("hostile/document-json", "convert", "$IN/hostile/document.json", "--to", "json")
    add("hostile/document-overlap", "overlap", "$IN/hostile/document.json")
    add("hostile/overlap-assets", "overlap", *hostile, "--audience", "$IN/audience/more.csv")

    # Errors: missing, unreadable and malformed inputs.
    for sub in ("reach", "components", "validate", "overlap", "dot", "coordinate"):
        add(f"errors/missing-{sub}", sub, "no/such/file.json")
    add("errors/missing-render", "render", "no/such/file.json", "-o", "$OUT/x.svg")
    add("errors/missing-convert", "convert", "no/such/file.json", "--to", "json")
    add("errors/missing-nodes", "reach", "--nodes", "no/such.csv")
    add("errors/missing-edges", "components", "--nodes", "$IN/e2e/nodes.csv", "--edges",
        "no/such.csv")
    add("errors/missing-audience", "reach", "--nodes", "$IN/stdin/nodes.csv", "--audience",
        "none.csv")
    add("errors/missing-audience-absolute", "reach", "--nodes", "$IN/audience/nodes.csv",
        "--audience", "/no/such/audience.csv")
    add("errors/missing-coordinate-absolute", "coordinate", "/nonexistent/activity.csv")
    add("errors/folder-as-nodes", "components", "--nodes", "Graphs")
    add("errors/folder-as-activity", "coordinate", "Graphs")
    add("errors/folder-as-document", "reach", "Graphs")
    add("errors/missing-hostile-name", "reach", "no/such\n\x1b[31mfile\u202e.json")
    add("errors/hostile-file-name", "validate", "$IN/hostile/evil\n\x1b[31mname\u202e.json")
    add("errors/hostile-file-name-reach", "reach", "$IN/hostile/evil\n\x1b[31mname\u202e.json",
        "--format", "json")
    add("errors/wrong-type-json", "reach", "$IN/e2e/wrong.json")
    add("errors/empty-json", "validate", "$IN/e2e/empty.json")
    add("errors/truncated-json", "reach", "$IN/e2e/cut.json")
    add("errors/text-as-json", "reach", SHARED_TEXT)
    add("errors/pair-mismatch", "components", "--nodes", "$IN/e2e/pair-nodes.csv", "--edges",
        "$IN/e2e/pair-edges.csv")
    add("errors/bad-rows-reach", "reach", "--nodes", "$IN/e2e/bad-nodes.csv")
    add("errors/unclosed-quote", "components", "--nodes", "$IN/e2e/open.csv")
    add("errors/dangling-edge", "components", "--nodes", "$IN/e2e/bad-nodes.csv", "--edges",
        "$IN/e2e/dangling-edges.csv")
    add("errors/long-field", "reach", "--nodes", "$IN/e2e/long-field.csv")
    add("errors/audience-broken", "reach", "--nodes", "$IN/audience/nodes.csv", "--audience",
        "$IN/audience/broken.csv")
    add("errors/coordinate-broken", "coordinate", "$IN/coordinate/broken.csv", "--format", "json")
    add("errors/coordinate-header", "coordinate", "$IN/coordinate/header.csv")
    add("errors/extra-fields-million", "components", "--nodes", "$IN/hostile/extra.csv")
    for cmd in (["components"], ["reach"], ["dot"], ["validate"], ["convert", "--to", "graphml"]):
        add(f"errors/count-overflow-{cmd[0]}", *cmd, "--nodes", "$IN/counts/overflow.csv")
    add("errors/count-over-limit", "reach", "--nodes", "$IN/counts/over.csv")
    for label in ("int-max", "limit-plus-1", "negative", "1e300", "fraction", "30-digits"):
        for cmd in (["reach"], ["components"], ["render", "-o", "$OUT/d.svg"]):
            add(f"errors/figure-{label}-{cmd[0]}", *cmd, f"$IN/counts/figure-{label}.json")
        add(f"errors/followers-{label}", "reach", f"$IN/counts/followers-{label}.json")
    # Public data the tool cannot read as any of its formats: refused, with where.
    add("errors/cib-fb-data-as-nodes", "reach", "--nodes", f"{CIB_DATA}/cib-fb-data.csv")
    add("errors/cib-fb-data-validate", "validate", "--nodes", f"{CIB_DATA}/cib-fb-data.csv")
    add("errors/cib-fb-data-as-audience", "reach", "--nodes", "$IN/audience/nodes.csv",
        "--audience", f"{CIB_DATA}/cib-fb-data.csv", "--format", "json")
    add("errors/twitter-data-as-activity", "coordinate", f"{CIB_DATA}/twitter-data.csv")
    add("errors/twitter-data-as-archive", "coordinate", f"{CIB_DATA}/twitter-data.csv",
        "--action", "hashtag")
    add("errors/cib-data-readme-as-document", "reach", f"{CIB_DATA}/README.md")

    # The fuzz seeds through the commands that read them.
    for seed in DOCUMENT_SEEDS:
        path = f"{SEEDS}/document/{seed}.json"
        add(f"seed-document/{seed}-reach", "reach", path)
        add(f"seed-document/{seed}-validate", "validate", path)
        add(f"seed-document/{seed}-validate-json", "validate", path, "--format", "json")
        add(f"seed-document/{seed}-components", "components", path, "--format", "json",
            "--list-assets")
        add(f"seed-document/{seed}-dot", "dot", path)
        add(f"seed-document/{seed}-graphml", "convert", path, "--to", "graphml")
    for seed in SPREADSHEET_SEEDS:
        files = ["--nodes", f"$IN/seeds/{seed}.nodes.csv"]
        if seed in ("bad-rows", "broken-quote", "cafe-composed-decomposed",
                    "clean-crlf-bom-reordered", "clean", "extra-fields", "hostile-names",
                    "invalid-utf8", "overflow-with-edges"):
            files += ["--edges", f"$IN/seeds/{seed}.edges.csv"]
        add(f"seed-spreadsheet/{seed}-reach", "reach", *files)
        add(f"seed-spreadsheet/{seed}-validate", "validate", *files)
        add(f"seed-spreadsheet/{seed}-components", "components", *files, "--format", "csv",
            "--list-assets")
        add(f"seed-spreadsheet/{seed}-dot", "dot", *files)
        add(f"seed-spreadsheet/{seed}-gexf", "convert", *files, "--to", "gexf")
    for seed in AUDIENCE_SEEDS:
        files = ["--nodes", "$IN/seeds/audience-graph.csv", "--audience",
                 f"{SEEDS}/audience/{seed}.csv"]
        add(f"seed-audience/{seed}-reach", "reach", *files, "--format", "json")
        add(f"seed-audience/{seed}-overlap", "overlap", *files)
        add(f"seed-audience/{seed}-components", "components", *files, "--format", "csv")
    for seed in ACTIVITY_SEEDS:
        path = f"{SEEDS}/activity/{seed}.csv"
        add(f"seed-activity/{seed}", "coordinate", path)
        add(f"seed-activity/{seed}-json", "coordinate", path, "--min-repeat", "1", "--format",
            "json", "--list-accounts")
    for action in ("link", "retweet", "hashtag"):
        add(f"seed-activity/twitter-archive-{action}", "coordinate",
            f"{SEEDS}/activity/twitter-archive.csv", "--action", action, "--min-repeat", "1",
            "--format", "csv", "--list-accounts", "--evidence", "$OUT/evidence.csv")

    # The benchmark's data at size S, with its three whole-process answers
    # (scripts/interleave.sh).
    bn, be, ba = "$IN/bench-S/nodes.csv", "$IN/bench-S/edges.csv", "$IN/bench-S/audience.csv"
    add("bench-s/components-limit-1", "components", "--nodes", bn, "--edges", be, "--limit", "1")
    add("bench-s/reach-audience", "reach", "--nodes", bn, "--audience", ba)
    add("bench-s/overlap-top-100", "overlap", "--nodes", bn, "--audience", ba, "--top", "100")
    for fmt in ("json", "csv"):
        add(f"bench-s/components-{fmt}", "components", "--nodes", bn, "--edges", be, "--format",
            fmt)
        add(f"bench-s/reach-audience-{fmt}", "reach", "--nodes", bn, "--edges", be, "--audience",
            ba, "--format", fmt)
        add(f"bench-s/overlap-top-100-{fmt}", "overlap", "--nodes", bn, "--audience", ba, "--top",
            "100", "--format", fmt)
    add("bench-s/components-audience-list-assets", "components", "--nodes", bn, "--edges", be,
        "--audience", ba, "--list-assets", "--limit", "5")
    add("bench-s/reach-estimate", "reach", "--nodes", bn, "--audience", ba, "--estimate")
    for precision in ("4", "12", "18"):
        add(f"bench-s/reach-estimate-precision-{precision}", "reach", "--nodes", bn, "--audience",
            ba, "--estimate", "--precision", precision, "--format", "json")
    add("bench-s/overlap-estimate", "overlap", "--nodes", bn, "--audience", ba, "--top", "100",
        "--estimate")
    add("bench-s/overlap-graph", "overlap", "--nodes", bn, "--audience", ba, "--top", "30",
        "--min-jaccard", "0.05", "--graph", "$OUT/overlap.json")
    add("bench-s/validate", "validate", "--nodes", bn, "--edges", be)
    add("bench-s/dot", "dot", "--nodes", bn, "--edges", be)
    add("bench-s/dot-max-labels-10-no-legend", "dot", "--nodes", bn, "--edges", be,
        "--max-labels", "10", "--no-legend")
    for to in ("graphml", "gexf", "json"):
        add(f"bench-s/convert-{to}", "convert", "--nodes", bn, "--edges", be, "--audience", ba,
            "--to", to, "-o", f"$OUT/s.{to}")
    add("bench-s/convert-csv", "convert", "--nodes", bn, "--edges", be, "--to", "csv", "-o",
        "$OUT/s")
    add("bench-s/render-svg", "render", "--nodes", "-", "--edges", be, "-o", "$OUT/s.svg",
        stdin=f"@{bn}")
    return c


def plant_previous_svg(out):
    """kept.svg holding "previous" (a failed render must leave it as it was)"""
    with open(os.path.join(out, "kept.svg"), "w") as f:
        f.write("previous")


def plant_symlink(out):
    """victim.txt, and drawing.svg a symbolic link to it (written through, it would change)"""
    with open(os.path.join(out, "victim.txt"), "w") as f:
        f.write("precious")
    os.symlink(os.path.join(out, "victim.txt"), os.path.join(out, "drawing.svg"))


def plant_edges_folder(out):
    """a folder named out.edges.csv (the pair cannot be written, so neither file is)"""
    os.mkdir(os.path.join(out, "out.edges.csv"))


def plant_private_file(out):
    """private.json holding "old", mode 0600 (the replacement keeps the mode)"""
    path = os.path.join(out, "private.json")
    with open(path, "w") as f:
        f.write("old")
    os.chmod(path, 0o600)


# ---------------------------------------------------------------------------------------
# Running and recording.

PDF_DATE = re.compile(rb"/(CreationDate|ModDate) \(D:[0-9Z+\-']*\)")


class Recorder:
    def __init__(self, binary, root, work):
        self.binary, self.root, self.work = binary, root, work
        self.inputs = os.path.join(work, "in")
        self.outputs = os.path.join(work, "out")

    def expand(self, text, out):
        return text.replace("$OUT", out).replace("$IN", self.inputs).replace("$WORK", self.work)

    def normalise(self, data, out):
        pairs = [(out, "$OUT"), (self.inputs, "$IN"), (self.work, "$WORK"),
                 (self.binary, "$BINARY"), (self.root, "$ROOT")]
        for real, token in pairs:
            # As written, in JSON with escaped slashes, and in Graphviz's SVG.
            for variant in (real, real.replace("/", "\\/"), real.replace("-", "&#45;")):
                data = data.replace(variant.encode(), token.encode())
        return data

    def environment(self, case, out):
        env = {"PATH": os.environ.get("PATH", "/usr/bin:/bin"), "HOME": os.environ.get("HOME", "/"),
               "LANG": "C.UTF-8", "TZ": "UTC", "SWIFT_DETERMINISTIC_HASHING": "1"}
        env.update({key: self.expand(value, out) for key, value in case.env.items()})
        return env

    def run(self, case, args, out, stdin_bytes=None, stdin_file=None):
        """Runs the binary with `args`; returns (status text, stdout, stderr)."""
        stdin = subprocess.DEVNULL
        handle = None
        if stdin_file is not None:
            handle = open(os.path.join(self.root, self.expand(stdin_file, out)), "rb")
            stdin = handle
        elif stdin_bytes is not None:
            stdin = subprocess.PIPE
        try:
            process = subprocess.Popen(
                [self.binary] + [self.expand(a, out) for a in args], cwd=self.root,
                env=self.environment(case, out), stdin=stdin, stdout=subprocess.PIPE,
                stderr=subprocess.PIPE, preexec_fn=lambda: os.umask(0o022))
            try:
                stdout, stderr = process.communicate(stdin_bytes, timeout=CASE_TIMEOUT)
            except subprocess.TimeoutExpired:
                process.kill()
                stdout, stderr = process.communicate()
                return "timeout", stdout, stderr
        finally:
            if handle:
                handle.close()
        code = process.returncode
        return (str(code) if code >= 0 else f"signal {-code}"), stdout, stderr

    def stdin_bytes(self, case, out):
        if case.stdin is None:
            return None
        if case.stdin.startswith("@"):
            with open(os.path.join(self.root, self.expand(case.stdin[1:], out)), "rb") as f:
                return f.read()
        return case.stdin.encode()

    def record(self, case, into):
        out = os.path.join(self.outputs, case.name)
        os.makedirs(out)
        if case.plant:
            case.plant(out)
        statuses = []
        for index, step in enumerate(case.before, 1):
            status, _, _ = self.run(case, step, out)
            statuses.append(f"before {index}: {status}")
        feeder = None
        if case.fifo:
            feeder = self.feed_fifo(self.expand(case.fifo[0], out),
                                    os.path.join(self.root, self.expand(case.fifo[1], out)))
        status, stdout, stderr = self.run(case, case.args, out, self.stdin_bytes(case, out),
                                          case.stdin_file)
        if feeder:
            feeder.join(timeout=5)
        folder = os.path.join(into, case.name)
        os.makedirs(folder)
        self.write(folder, "command", case.description().encode())
        self.write(folder, "status", ("\n".join(statuses + [status]) + "\n").encode())
        self.write(folder, "stdout", self.normalise(stdout, out))
        self.write(folder, "stderr", self.normalise(stderr, out))
        self.copy_written(out, folder)
        return status

    @staticmethod
    def feed_fifo(path, source):
        os.mkfifo(path, 0o600)

        def feed():
            with open(source, "rb") as f:
                data = f.read()
            try:
                with open(path, "wb") as fifo:
                    fifo.write(data)
            except OSError:
                pass

        thread = threading.Thread(target=feed, daemon=True)
        thread.start()
        return thread

    @staticmethod
    def write(folder, name, data):
        path = os.path.join(folder, name)
        os.makedirs(os.path.dirname(path), exist_ok=True)
        with open(path, "wb") as f:
            f.write(data)

    def copy_written(self, out, folder):
        """Lists what `out` holds (type, mode, name) and copies its regular files."""
        listing = []
        for directory, subdirectories, files in os.walk(out):
            subdirectories.sort()
            for name in sorted(subdirectories + files):
                path = os.path.join(directory, name)
                relative = os.path.relpath(path, out)
                info = os.lstat(path)
                mode = f"{stat.S_IMODE(info.st_mode):04o}"
                if stat.S_ISLNK(info.st_mode):
                    target = self.normalise(os.readlink(path).encode(), out).decode()
                    listing.append(f"link {relative} -> {target}")
                elif stat.S_ISDIR(info.st_mode):
                    listing.append(f"folder {mode} {relative}/")
                elif stat.S_ISFIFO(info.st_mode):
                    listing.append(f"fifo {mode} {relative}")
                elif stat.S_ISREG(info.st_mode):
                    listing.append(f"file {mode} {relative}")
                    with open(path, "rb") as f:
                        data = self.normalise(f.read(), out)
                    if data.startswith(b"%PDF"):
                        data = PDF_DATE.sub(rb"/\1 (D:normalised)", data)
                    self.write(folder, os.path.join("files", relative), data)
                else:
                    listing.append(f"other {mode} {relative}")
        if listing:
            self.write(folder, "files.txt", ("\n".join(listing) + "\n").encode())


def main():
    parser = argparse.ArgumentParser(
        description=__doc__.split("\n\n")[0],
        formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("binary", nargs="?", help="the cibgraph binary to record")
    parser.add_argument("output", nargs="?", help="the folder to record into (new or empty)")
    parser.add_argument("--root", default=DEFAULT_ROOT,
                        help="the repository root, the commands' working directory "
                        "(default: the repository holding this script)")
    parser.add_argument("--keep", action="store_true",
                        help="keep the temporary folder of inputs and written files")
    parser.add_argument("--only", help="record only cases whose name matches this regex")
    parser.add_argument("--list", action="store_true", help="print the case names and stop")
    parser.add_argument("--force", action="store_true", help="replace an existing record")
    args = parser.parse_args()

    cases = corpus().cases
    if args.only:
        cases = [case for case in cases if re.search(args.only, case.name)]
    if args.list:
        for case in cases:
            print(case.name)
        return 0
    if not args.binary or not args.output:
        parser.error("give the binary and the output folder")
    binary = os.path.abspath(args.binary)
    root = os.path.abspath(args.root)
    output = os.path.abspath(args.output)
    if not os.access(binary, os.X_OK):
        parser.error(f"{binary} is not an executable")
    if os.path.exists(output) and os.listdir(output):
        if not (args.force and os.path.exists(os.path.join(output, "record.json"))):
            parser.error(f"{output} is not empty (--force replaces a previous record)")
        shutil.rmtree(output)
    for needed in (GENERATOR, CIB_DATA, SHARED_TEXT):
        if not os.path.exists(os.path.join(root, needed)):
            parser.error(f"{needed} is missing: the corpus needs ../shared beside the repository")

    # Always /tmp/cibgraph-outputs-XXXXXXXX: text laid out around a temporary path keeps
    # its widths from one record to the next.
    work = tempfile.mkdtemp(prefix="cibgraph-outputs-", dir="/tmp")
    started = time.monotonic()
    try:
        recorder = Recorder(binary, root, work)
        for folder in (recorder.inputs, recorder.outputs, os.path.join(work, "empty")):
            os.makedirs(folder)
        write_inputs(recorder.inputs, root)
        generate_bench(recorder.inputs, root)
        into = os.path.join(output, "cases")
        os.makedirs(into)
        counts = {}
        for case in cases:
            status = recorder.record(case, into)
            counts[status] = counts.get(status, 0) + 1
    finally:
        if args.keep:
            print(f"inputs and written files kept in {work}")
        else:
            shutil.rmtree(work, ignore_errors=True)
    seconds = time.monotonic() - started
    version = subprocess.run([binary, "--version"], capture_output=True, text=True).stdout.strip()
    commit = subprocess.run(["git", "-C", root, "rev-parse", "HEAD"], capture_output=True,
                            text=True).stdout.strip()
    with open(os.path.join(output, "record.json"), "w") as f:
        json.dump({"binary": binary, "version": version, "root": root, "root_commit": commit,
                   "cases": len(cases), "statuses": dict(sorted(counts.items())),
                   "seconds": round(seconds, 1),
                   "recorded": time.strftime("%Y-%m-%dT%H:%M:%S%z")}, f, indent=2)
        f.write("\n")
    summary = ", ".join(f"{n} exit {s}" for s, n in sorted(counts.items()))
    print(f"{len(cases)} cases recorded into {output} in {seconds:.1f} s ({summary})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
