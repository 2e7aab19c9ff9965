#!/usr/bin/env python3
"""cibgraph's analyses on Apache Spark, for data beyond one machine.

One command-line program with a subcommand per analysis, reading the CSV files
`cibgraph` reads and printing the JSON `cibgraph ... --format json` prints:

    components  --nodes N.csv --edges E.csv [--audience A.csv ...] [--limit K]
    reach       --nodes N.csv [--edges E.csv] --audience A.csv [...]
    overlap     --nodes N.csv [--edges E.csv] --audience A.csv [...] [--top K]
                [--min-jaccard J] [--pairs P]
    coordinate  ACTIVITY.csv [--window SECONDS] [--min-repeat R] [--limit K]

Run it with plain `python3` (Spark in local mode, every core) or hand it to
`spark-submit --master yarn|k8s://...|spark://...` as it is: it is one file, so
it needs no --py-files. Paths are anything Spark reads (a local path,
hdfs://, s3a://), and a folder of part files is read as one table. The JSON
goes to standard output or to -o (a local path on the driver).

Definitions are cibgraph's (see its README and `cibgraph help`), and
spark/check.py compares every answer with the `cibgraph` binary's on the same
files. Where they differ by design:
  - a refused input names the file, the reason, how many rows and the first
    offending values, not a line and column: Spark reads rows in parallel and
    does not know their lines. The examples of rows left out by
    --skip-bad-rows likewise name the row's value instead of its line.
  - cibgraph refuses bytes that are not UTF-8; Spark's reader replaces them
    with U+FFFD. Run `cibgraph validate` on a sample where that matters.
  - "first asset" and "first account" mean first in the order Spark reads
    rows: the file's order for one file, the order of the part files for a
    folder.

Exit status as cibgraph's: 0 fine, 64 usage, 65 bad data, 66 missing input,
73 output not writable.
"""

import argparse
import json
import sys

EX_USAGE = 64
EX_DATAERR = 65
EX_NOINPUT = 66
EX_CANTCREAT = 73


class Refusal(Exception):
    """An input the analysis cannot answer for, with the exit status to leave with."""

    def __init__(self, message, status=EX_DATAERR):
        super().__init__(message)
        self.status = status


# --- Kinds and relation types, as cibgraph reads them (Sources/CIBGraphCore/Model) ---

# Built-in kinds in cibgraph's display order (AssetKind's sort: platforms'
# kinds, Facebook's first, then the actors), with whether audience lists may
# name them (AssetKind.hasAudience).
KINDS = [
    ("account", False),
    ("page", True),
    ("group", True),
    ("event", True),
    ("instagram", True),
    ("x-account", True),
    ("youtube-channel", True),
    ("tiktok-account", True),
    ("telegram-channel", True),
    ("threads-account", True),
    ("unnamed-account", False),
    ("organization", False),
    ("person", False),
    ("movement", False),
]
KIND_ORDER = {name: i for i, (name, _) in enumerate(KINDS)}
AUDIENCE_KINDS = [name for name, audience in KINDS if audience]
# The five kinds every table of kinds shows, even when none is there.
ORIGINAL_KINDS = ["account", "page", "group", "instagram", "organization"]
# Other spellings exports use (AssetKind's builtInNames), as spelling keys.
KIND_SPELLINGS = {
    **{name: name for name, _ in KINDS},
    "facebook-account": "account", "facebook-profile": "account", "fb-account": "account",
    "fb-profile": "account", "facebook-user": "account",
    "facebook-page": "page", "fb-page": "page",
    "facebook-group": "group", "fb-group": "group",
    "facebook-event": "event", "fb-event": "event",
    "instagram-account": "instagram", "instagram-profile": "instagram", "ig": "instagram",
    "ig-account": "instagram", "ig-profile": "instagram",
    "x": "x-account", "x-profile": "x-account", "twitter": "x-account",
    "twitter-account": "x-account", "twitter-profile": "x-account", "twitter-user": "x-account",
    "youtube": "youtube-channel", "youtube-account": "youtube-channel",
    "yt-channel": "youtube-channel",
    "tiktok": "tiktok-account", "tiktok-profile": "tiktok-account",
    "telegram": "telegram-channel",
    "threads": "threads-account", "threads-profile": "threads-account",
    "organisation": "organization", "org": "organization",
}
# Relation types (RelationType), and Gephi's edge types, read case-insensitively.
RELATION_TYPES = [
    "administers", "memberof", "follows", "attributedto", "partof", "linkedto",
    "coordinatedwith", "directed", "undirected",
]
# The largest count a cell may hold: 18 digits cannot overflow a 64-bit sum of
# fewer than 9 rows in 10^18, and no audience is near it.
COUNT_DIGITS = 18

# CSV as RFC 4180: quoted fields may hold commas, quotes (doubled) and line
# breaks. multiLine makes a file one task (a quoted line break cannot be found
# from the middle of a file), so large inputs should be folders of part files.
CSV_OPTIONS = {"header": "true", "multiLine": "true", "escape": '"', "quote": '"',
               "mode": "PERMISSIVE", "encoding": "UTF-8"}


def _functions():
    from pyspark.sql import functions as F

    return F


# --- Reading ---------------------------------------------------------------------


def file_name(path):
    """The last part of a path or URL, as cibgraph names inputs in its output."""
    return path.rstrip("/").rsplit("/", 1)[-1]


def read_table(spark, path, required, optional=(), alternatives=None):
    """A CSV file (or folder of CSV part files) with a header, its columns found
    by name, case-insensitively, in any order among others.

    Returns the DataFrame with one string column per named column (None where an
    optional one is absent), `_fields` (how many fields the row has when it has
    a number other than the header's, else null) and `_row` (increasing in the
    order rows are read: a file's own order).
    Raises Refusal when the file is missing (66) or the header lacks a column (65).
    """
    F = _functions()
    from pyspark.errors import AnalysisException
    from pyspark.sql.types import StringType, StructField, StructType

    try:
        header = spark.read.options(**CSV_OPTIONS).csv(path).columns
    except AnalysisException as error:
        if "PATH_NOT_FOUND" in str(error) or "Path does not exist" in str(error):
            raise Refusal(f"{path}: no such file or folder", EX_NOINPUT)
        raise Refusal(f"{path}: cannot be read as CSV: {error}")
    header = [name.lstrip("\ufeff").strip().lower() for name in header]
    if not header or header == [""] or all(name.startswith("_c") for name in header):
        raise Refusal(f"{path}: empty, or without a header row")
    positions = {}
    for index, name in enumerate(header):
        if name in positions and name in [n.lower() for n in list(required) + list(optional)]:
            raise Refusal(f"{path}: the header names {name} twice")
        positions.setdefault(name, index)
    if alternatives:
        for name, others in alternatives.items():
            if name not in positions:
                for other in others:
                    if other in positions:
                        positions[name] = positions[other]
                        break
    missing = [name for name in required if name.lower() not in positions]
    if missing:
        raise Refusal(
            f"{path}: the header has no {' or '.join(missing)} column "
            f"(it has {', '.join(header)})")
    # Positional names: the header's own may repeat or hold anything.
    schema = StructType(
        [StructField(f"c{i}", StringType()) for i in range(len(header))]
        + [StructField("_corrupt", StringType())])
    table = (spark.read.options(**CSV_OPTIONS)
             .option("columnNameOfCorruptRecord", "_corrupt")
             .schema(schema).csv(path))
    # A row with another number of fields than the header is "corrupt" to
    # Spark; its fields are counted outside quotes for the message.
    outside_quotes = F.regexp_replace(F.col("_corrupt"), r'"([^"]|"")*"', "")
    fields = F.when(F.col("_corrupt").isNotNull(),
                    F.size(F.split(outside_quotes, ",", -1)))
    columns = [
        (F.col(f"c{positions[name.lower()]}") if name.lower() in positions
         else F.lit(None).cast("string")).alias(name)
        for name in list(required) + list(optional)
    ]
    return (table.select(*columns, fields.alias("_fields"))
            .withColumn("_row", F.monotonically_increasing_id())), len(header)


def empty(column):
    F = _functions()
    return column.isNull() | (column == F.lit(""))


def kind_of(column):
    """The built-in kind a Kind cell names (null for none), read as cibgraph reads it."""
    F = _functions()
    key = F.regexp_replace(F.lower(F.trim(column)), "[ _]", "-")
    spellings = F.create_map(*[F.lit(x) for pair in KIND_SPELLINGS.items() for x in pair])
    return spellings[key]


def count_of(column):
    """A Followers or Members cell as a number: null when empty, -1 when not a
    whole number of at most COUNT_DIGITS digits (refused by the caller)."""
    F = _functions()
    text = F.trim(column)
    return (F.when(empty(text), F.lit(None).cast("long"))
            .when(text.rlike(rf"^[0-9]{{1,{COUNT_DIGITS}}}$"), text.cast("long"))
            .otherwise(F.lit(-1).cast("long")))


def first_examples(frame, condition, value, limit=3):
    """Up to `limit` values of the first rows (in input order) meeting `condition`."""
    rows = frame.where(condition).orderBy("_row").select(value.alias("v")).limit(limit).collect()
    return ", ".join(json.dumps(row.v, ensure_ascii=False) for row in rows)


def refuse_if(path, counts, frame, checks):
    """Raises one Refusal listing every failed check: (count key, condition,
    value to show, message)."""
    problems = []
    for key, condition, value, message in checks:
        if counts[key]:
            examples = first_examples(frame, condition, value)
            problems.append(f"{path}: {counts[key]:,} row(s): {message} (first: {examples})")
    if problems:
        raise Refusal("\n".join(problems) + "\nnothing computed.")


class Graph:
    """The nodes and relations of a nodes/edges pair, checked as cibgraph checks them.

    `nodes`: Id, kind (cibgraph's name), followers, members, _row (the vertex
    number: increasing in file order, so the smallest of a component is its
    first asset). `edges`: src, dst as vertex numbers. `edge_count` counts
    relation rows, self-loops and repeats included, as cibgraph does.
    """

    def __init__(self, spark, nodes_path, edges_path=None):
        F = _functions()
        table, width = read_table(spark, nodes_path, ["Id", "Kind"], ["Followers", "Members"])
        nodes = table.select(
            "Id", "Kind", kind_of(F.col("Kind")).alias("kind_name"),
            count_of(F.col("Followers")).alias("followers_count"),
            count_of(F.col("Members")).alias("members_count"), "_fields", "_row").persist()
        checks = [
            ("fields", F.col("_fields").isNotNull(), F.col("Id"),
             f"another number of fields than the header's {width}"),
            ("emptyId", F.col("_fields").isNull() & empty(F.col("Id")), F.col("Kind"),
             "empty Id; every node needs an identifier"),
            ("emptyKind", F.col("_fields").isNull() & empty(F.col("Kind")), F.col("Id"),
             "empty Kind; every node needs a kind"),
            ("unknownKind", F.col("_fields").isNull() & ~empty(F.col("Kind"))
             & F.col("kind_name").isNull(), F.col("Kind"),
             "unknown kind; expected one of " + ", ".join(name for name, _ in KINDS)),
            ("badCount", (F.col("followers_count") < 0) | (F.col("members_count") < 0), F.col("Id"),
             "Followers or Members is not a whole number of at most "
             f"{COUNT_DIGITS} digits"),
        ]
        counts = nodes.agg(
            F.count(F.lit(1)).alias("rows"),
            *[F.sum(F.when(condition, 1).otherwise(0)).alias(key)
              for key, condition, _, _ in checks],
            F.collect_set("kind_name").alias("kinds")).first().asDict()
        refuse_if(nodes_path, counts, nodes, checks)
        repeated = (nodes.groupBy("Id").agg(F.count(F.lit(1)).alias("n"),
                                            F.min("_row").alias("_row"))
                    .where(F.col("n") > 1))
        first = repeated.orderBy("_row").limit(3).collect()
        if first:
            names = ", ".join(json.dumps(row.Id, ensure_ascii=False) for row in first)
            raise Refusal(f"{nodes_path}: an Id is defined twice (first: {names})\nnothing computed.")
        self.nodes = nodes.drop("_fields", "Kind")
        self.node_count = counts["rows"]
        self.kinds = sorted(set(counts["kinds"]), key=KIND_ORDER.get)
        self.nodes_path = nodes_path
        self.edges = spark.createDataFrame([], "src long, dst long")
        self.edge_count = 0
        if edges_path is not None:
            self._read_edges(spark, edges_path)

    def _read_edges(self, spark, path):
        F = _functions()
        table, width = read_table(spark, path, ["Source", "Target"], ["Type"])
        ids = self.nodes.select("Id", "_row")
        edges = (table
                 .join(ids.select(F.col("Id").alias("Source"), F.col("_row").alias("src")),
                       "Source", "left")
                 .join(ids.select(F.col("Id").alias("Target"), F.col("_row").alias("dst")),
                       "Target", "left")
                 .persist())
        good = F.col("_fields").isNull()
        checks = [
            ("fields", ~good, F.col("Source"),
             f"another number of fields than the header's {width}"),
            ("emptyEnd", good & (empty(F.col("Source")) | empty(F.col("Target"))),
             F.concat_ws(" -> ", "Source", "Target"), "empty Source or Target"),
            ("badType", good & ~empty(F.col("Type"))
             & ~F.lower(F.col("Type")).isin(RELATION_TYPES), F.col("Type"),
             "unknown relation type; expected one of administers, memberOf, follows, "
             "attributedTo, partOf, linkedTo, coordinatedWith, or Gephi's Directed or Undirected"),
            ("dangling", good & ~empty(F.col("Source")) & ~empty(F.col("Target"))
             & (F.col("src").isNull() | F.col("dst").isNull()),
             F.when(F.col("src").isNull(), F.col("Source")).otherwise(F.col("Target")),
             "an end is not a node of the nodes file"),
        ]
        counts = edges.agg(
            F.count(F.lit(1)).alias("rows"),
            *[F.sum(F.when(condition, 1).otherwise(0)).alias(key)
              for key, condition, _, _ in checks]).first().asDict()
        refuse_if(path, counts, edges, checks)
        self.edges = edges.select("src", "dst")
        self.edge_count = counts["rows"]


class Audience:
    """Audience lists (Asset,Account rows) read against a graph's nodes, the
    rows cibgraph would refuse counted by its reasons.

    `rows`: the distinct (Asset, Account, kind) rows kept. Refuses unless
    `skip_bad_rows`, as cibgraph does.
    """

    REASONS = ["unknownAsset", "notAnAudienceAsset", "emptyAsset", "emptyAccount",
               "missingFields", "extraFields"]

    def __init__(self, spark, paths, graph, skip_bad_rows):
        F = _functions()
        tables = []
        for path in paths:
            table, width = read_table(spark, path, ["Asset", "Account"])
            tables.append(table.withColumn("_file", F.lit(path))
                          .withColumn("_width", F.lit(width)))
        table = tables[0]
        for other in tables[1:]:
            table = table.unionByName(other)
        kinds = graph.nodes.select(F.col("Id").alias("Asset"), "kind_name")
        rows = table.join(kinds, "Asset", "left")
        audience_kind = F.col("kind_name").isin(AUDIENCE_KINDS)
        reason = (F.when(F.col("_fields") < F.col("_width"), "missingFields")
                  .when(F.col("_fields") > F.col("_width"), "extraFields")
                  .when(F.col("_fields").isNotNull(), "missingFields")
                  .when(empty(F.col("Asset")), "emptyAsset")
                  .when(empty(F.col("Account")), "emptyAccount")
                  .when(F.col("kind_name").isNull(), "unknownAsset")
                  .when(~audience_kind, "notAnAudienceAsset"))
        rows = rows.withColumn("_reason", reason).persist()
        tally = (rows.groupBy("_file", "_reason")
                 .agg(F.count(F.lit(1)).alias("n"),
                      F.min(F.struct("_row", "Asset", "Account")).alias("first"))
                 .collect())
        self.files = ", ".join(paths)
        self.row_count = sum(row.n for row in tally)
        self.skipped = {reason: 0 for reason in self.REASONS}
        self.left_out = []
        for row in sorted(tally, key=lambda r: (r._file, self._order(r._reason))):
            if row._reason is None:
                continue
            self.skipped[row._reason] += row.n
            self.left_out.append({"file": row._file, "reason": row._reason, "rows": row.n,
                                  "example": {"Asset": row.first.Asset,
                                              "Account": row.first.Account}})
        bad = sum(self.skipped.values())
        if bad and not skip_bad_rows:
            lines = [f"{entry['file']}: {entry['rows']:,} row(s) {entry['reason']} "
                     f"(first: Asset {json.dumps(entry['example']['Asset'], ensure_ascii=False)}, "
                     f"Account {json.dumps(entry['example']['Account'], ensure_ascii=False)})"
                     for entry in self.left_out]
            raise Refusal("\n".join(lines) + f"\n{bad:,} bad row(s); nothing computed. "
                          "--skip-bad-rows leaves them out and says so in the output.")
        used = rows.where(F.col("_reason").isNull())
        self.used = self.row_count - bad
        self.rows = used.select("Asset", "Account", "kind_name").distinct().persist()
        self.distinct_rows = self.rows.count()
        self.duplicates = self.used - self.distinct_rows
        self.bad = bad

    def _order(self, reason):
        return self.REASONS.index(reason) if reason in self.REASONS else -1

    def json(self):
        return {"files": self.files, "rows": self.row_count, "used": self.used,
                "duplicates": self.duplicates, "skipped": dict(self.skipped)}

    def left_out_json(self):
        """cibgraph's rowsLeftOut, with each reason's first row instead of its line."""
        if not self.bad:
            return None
        return {"total": self.bad,
                "counts": [{"file": e["file"], "reason": e["reason"], "rows": e["rows"]}
                           for e in self.left_out],
                "examples": [{"file": e["file"], "reason": e["reason"], "row": e["example"]}
                             for e in self.left_out]}


# --- Connected components: large-star / small-star --------------------------------


def connected_components(spark, edges, checkpoint):
    """The component of every vertex that has an edge, as (vertex, root): root is
    the smallest vertex number of its component. Vertices are longs; `edges` has
    columns src, dst, taken as undirected; self-loops and repeats are allowed.

    GraphFrames' connectedComponents would do this, but its JVM part comes
    from Maven Central only (the graphframes-py package on PyPI is Python
    alone), so this is the algorithm GraphFrames itself uses, on plain
    DataFrames: Kiveris, Lattanzi, Mirrokni, Rastogi, Vassilvitskii,
    "Connected Components in MapReduce and Beyond" (SoCC 2014). Large-star
    links every neighbour larger than a vertex to the smallest vertex of its
    neighbourhood; small-star links a vertex and its smaller neighbours to the
    smallest of them. Alternated, they turn each component into a star around
    its smallest vertex in O(log^2 n) rounds (in practice a handful).

    Cost per round: two window aggregations and two de-duplications (four
    shuffles of the current edges, which never outnumber the input's), and an
    anti-join to see whether the round changed anything (a fifth). Each round's
    edges are checkpointed (to `checkpoint` when given, reliably; else locally)
    so that the plan does not grow with the rounds.

    Returns (DataFrame of vertex, root; number of rounds).
    """
    F = _functions()
    from pyspark.sql import Window

    def settle(frame):
        frame = frame.checkpoint(eager=True) if checkpoint else frame.localCheckpoint(eager=True)
        return frame

    # Undirected edges as (u, v) with u > v, once each.
    current = settle(edges.where(F.col("src") != F.col("dst"))
                     .select(F.greatest("src", "dst").alias("u"), F.least("src", "dst").alias("v"))
                     .distinct())
    rounds = 0
    count = current.count()
    while True:
        rounds += 1
        # Large-star: each vertex a with its neighbours b; m(a) the smallest of
        # them and a; every neighbour b > a is linked to m(a).
        both = current.select(F.col("u").alias("a"), F.col("v").alias("b")).unionAll(
            current.select(F.col("v").alias("a"), F.col("u").alias("b")))
        by_a = Window.partitionBy("a")
        large = (both.withColumn("m", F.least(F.col("a"), F.min("b").over(by_a)))
                 .where(F.col("b") > F.col("a"))
                 .select(F.col("b").alias("u"), F.col("m").alias("v"))
                 .where(F.col("u") != F.col("v"))
                 .distinct())
        # Small-star: each vertex u with its smaller neighbours v; m(u) the
        # smallest; u and each v other than m(u) are linked to m(u).
        by_u = Window.partitionBy("u")
        marked = large.withColumn("m", F.min("v").over(by_u))
        small = (marked.where(F.col("v") != F.col("m"))
                 .select(F.col("v").alias("u"), F.col("m").alias("v"))
                 .unionAll(marked.select("u", F.col("m").alias("v")))
                 .distinct())
        small = settle(small)
        previous, count = count, small.count()
        # Both are sets: equal counts and nothing new means the same edges.
        unchanged = (count == previous
                     and small.join(current, ["u", "v"], "left_anti").limit(1).count() == 0)
        current = small
        if unchanged:
            break
    return current.select(F.col("u").alias("vertex"), F.col("v").alias("root")), rounds


# --- Output ------------------------------------------------------------------------


def open_output(path):
    if path is None or path == "-":
        return sys.stdout.buffer, False
    try:
        return open(path, "wb"), True
    except OSError as error:
        raise Refusal(f"{path}: cannot be written: {error.strerror}", EX_CANTCREAT)


def write_json(value, path):
    out, close = open_output(path)
    out.write(json.dumps(value, indent=2, ensure_ascii=False).encode("utf-8") + b"\n")
    if close:
        out.close()


def write_json_streaming(head, key, items, tail, path):
    """Writes `head`, then `key` as an array of `items` (an iterator: a list too
    long for the driver's memory is written as it comes), then `tail`, with
    the layout of write_json."""
    out, close = open_output(path)
    text = json.dumps(head, indent=2, ensure_ascii=False)
    out.write((text[:-2] + ",\n" if head else "{\n").encode("utf-8"))
    out.write(f'  {json.dumps(key)}: ['.encode("utf-8"))
    first = True
    for item in items:
        block = json.dumps(item, indent=2, ensure_ascii=False).replace("\n", "\n    ")
        out.write(((",\n    " if not first else "\n    ") + block).encode("utf-8"))
        first = False
    out.write(("\n  ]" if not first else "]").encode("utf-8"))
    for name, value in tail.items():
        block = json.dumps(value, indent=2, ensure_ascii=False).replace("\n", "\n  ")
        out.write(f',\n  {json.dumps(name)}: {block}'.encode("utf-8"))
    out.write(b"\n}\n")
    if close:
        out.close()


def iso_time(milliseconds):
    """cibgraph's ActivityTime.iso: UTC, with .mmm when the milliseconds are not zero."""
    import datetime

    seconds, millis = divmod(milliseconds, 1000)
    moment = datetime.datetime(1970, 1, 1) + datetime.timedelta(seconds=seconds)
    text = f"{moment.year:04d}-{moment.month:02d}-{moment.day:02d}T{moment:%H:%M:%S}"
    return text + (f".{millis:03d}Z" if millis else "Z")


# --- The analyses ------------------------------------------------------------------


def components(spark, args):
    """`cibgraph components --nodes --edges [--audience] --format json`."""
    F = _functions()
    graph = Graph(spark, args.nodes, args.edges)
    audience = (Audience(spark, args.audience, graph, args.skip_bad_rows)
                if args.audience else None)
    labels, rounds = connected_components(spark, graph.edges, args.checkpoint)
    labelled = (graph.nodes.join(labels, graph.nodes["_row"] == labels["vertex"], "left")
                .withColumn("component", F.coalesce("root", "_row")))
    stats = labelled.groupBy("component").agg(
        F.count(F.lit(1)).alias("size"),
        *[F.sum(F.when(F.col("kind_name") == kind, 1).otherwise(0)).alias("kind_" + kind)
          for kind in graph.kinds],
        F.coalesce(F.sum("followers_count"), F.lit(0)).alias("followers"),
        F.coalesce(F.sum("members_count"), F.lit(0)).alias("members"))
    if audience is not None:
        distinct = (audience.rows.join(labelled.select(F.col("Id").alias("Asset"), "component"),
                                       "Asset")
                    .groupBy("component").agg(F.countDistinct("Account").alias("distinct")))
        stats = stats.join(distinct, "component", "left")
    stats = stats.persist()
    totals = stats.agg(F.count(F.lit(1)).alias("count"), F.max("size").alias("largest"),
                       F.sum(F.when(F.col("size") == 1, 1).otherwise(0)).alias("singletons")
                       ).first()
    count = totals["count"]
    shown = count if not args.limit else min(args.limit, count)
    ranked = stats.orderBy(F.desc("size"), F.asc("component"))
    if args.limit:
        ranked = ranked.limit(args.limit)
    ranked = ranked.join(graph.nodes.select(F.col("_row").alias("component"),
                                            F.col("Id").alias("firstAsset")), "component")
    ranked = ranked.orderBy(F.desc("size"), F.asc("component"))
    # The five kinds always, and any other a shown component holds.
    shown_kinds = set(ORIGINAL_KINDS)
    for kind in graph.kinds:
        if kind not in shown_kinds and ranked.where(F.col("kind_" + kind) > 0).limit(1).count():
            shown_kinds.add(kind)
    kinds = sorted(shown_kinds, key=KIND_ORDER.get)

    def items():
        for rank, row in enumerate(ranked.toLocalIterator(), start=1):
            yield {
                "rank": rank, "size": row["size"],
                "kinds": {kind: (row["kind_" + kind] if kind in graph.kinds else 0)
                          for kind in kinds},
                "followersSummed": row["followers"], "membersSummed": row["members"],
                "audienceSummed": row["followers"] + row["members"],
                "distinctAudience": (row["distinct"] or 0) if audience is not None else None,
                "firstAsset": row["firstAsset"],
            }

    head = {"count": count, "largest": totals["largest"] or 0,
            "singletons": totals["singletons"] or 0, "nodes": graph.node_count,
            "edges": graph.edge_count, "shown": shown}
    tail = {}
    if audience is not None and audience.left_out_json():
        tail["rowsLeftOut"] = audience.left_out_json()
    write_json_streaming(head, "components", items(), tail, args.output)
    print(f"cibgraph-spark: components in {rounds} round(s) of large-star/small-star",
          file=sys.stderr)


def reach(spark, args):
    """`cibgraph reach --nodes [--edges] --audience --format json` for the nodes'
    network: counts per kind, followers and members summed, audience rows and
    distinct accounts per kind and overall."""
    F = _functions()
    graph = Graph(spark, args.nodes, args.edges)
    audience = Audience(spark, args.audience, graph, args.skip_bad_rows)
    per_kind = {row.kind_name: row for row in graph.nodes.groupBy("kind_name").agg(
        F.count(F.lit(1)).alias("itemized"),
        F.coalesce(F.sum("followers_count"), F.lit(0)).alias("followers"),
        F.coalesce(F.sum("members_count"), F.lit(0)).alias("members")).collect()}
    lists = {row.kind_name: row for row in audience.rows.groupBy("kind_name").agg(
        F.count(F.lit(1)).alias("rows"), F.countDistinct("Account").alias("distinct")).collect()}
    overall_distinct = audience.rows.select("Account").distinct().count()
    kinds = sorted(set(ORIGINAL_KINDS) | set(graph.kinds), key=KIND_ORDER.get)
    table = {}
    for kind in kinds:
        row = per_kind.get(kind)
        followers = row.followers if row else 0
        members = row.members if row else 0
        table[kind] = {
            "reported": None, "audience": None, "itemized": row.itemized if row else 0,
            "followersSummed": followers, "membersSummed": members,
            "summed": followers + members,
            "audienceRows": lists[kind].rows if kind in lists else 0,
            "distinct": lists[kind].distinct if kind in lists else 0,
        }
    name = file_name(args.nodes)
    stem = name.rsplit(".", 1)[0] if "." in name else name
    network = {
        "input": args.nodes, "report": name, "publisher": "itemized data", "published": None,
        "id": stem, "name": stem, "kinds": table,
        "overall": {
            "uniqueAudience": None, "claimedAudience": None, "itemized": graph.node_count,
            "summed": sum(entry["summed"] for entry in table.values()),
            "summedIsUpperBound": True,
            "audienceRows": audience.distinct_rows, "distinct": overall_distinct,
        },
    }
    result = {"networks": [network], "audience": audience.json()}
    if audience.left_out_json():
        result["rowsLeftOut"] = audience.left_out_json()
    write_json(result, args.output)


def overlap(spark, args):
    """`cibgraph overlap --nodes --audience --top K --format json`: the K largest
    audiences compared pairwise. The pairs come from a self-join on Account of
    the rows of those K assets, so an account costs the square of the number of
    them it follows (at most K^2/2 pairs); the K^2/2 counts go to the driver."""
    F = _functions()
    graph = Graph(spark, args.nodes, args.edges)
    audience = Audience(spark, args.audience, graph, args.skip_bad_rows)
    sizes = audience.rows.groupBy("Asset").agg(F.count(F.lit(1)).alias("size"))
    top = sizes.orderBy(F.desc("size"), F.asc("Asset")).limit(args.top).collect()
    compared = [row.Asset for row in top]
    size = [row.size for row in top]
    index = spark.createDataFrame([(asset, i) for i, asset in enumerate(compared)],
                                  "Asset string, i int")
    chosen = audience.rows.join(F.broadcast(index), "Asset").select("i", "Account")
    common = {}
    if len(compared) > 1:
        pairs = (chosen.alias("x").join(chosen.alias("y"), "Account")
                 .where(F.col("x.i") < F.col("y.i"))
                 .groupBy(F.col("x.i").alias("i"), F.col("y.i").alias("j"))
                 .agg(F.count(F.lit(1)).alias("n")))
        common = {(row.i, row.j): row.n for row in pairs.collect()}
    # Every pair i < j in row order, as cibgraph's matrix holds them.
    matrix = []
    for i in range(len(compared)):
        for j in range(i + 1, len(compared)):
            shared = common.get((i, j), 0)
            union = size[i] + size[j] - shared
            matrix.append({"order": len(matrix), "a": compared[i], "b": compared[j],
                           "intersection": shared, "jaccard": shared / union,
                           "overlap": shared / min(size[i], size[j]),
                           "sizeA": size[i], "sizeB": size[j]})
    jaccard_sum = 0.0
    for pair in matrix:
        jaccard_sum += pair["jaccard"]
    ranked = sorted((p for p in matrix
                     if p["jaccard"] >= args.min_jaccard and p["intersection"] > 0),
                    key=lambda p: (-p["jaccard"], -p["intersection"], p["order"]))
    if args.pairs:
        ranked = ranked[:args.pairs]
    result = {
        "compared": compared,
        "summary": {"pairs": len(matrix),
                    "nonzeroPairs": sum(1 for p in matrix if p["intersection"] > 0),
                    "intersectionSum": sum(p["intersection"] for p in matrix),
                    "jaccardSum": jaccard_sum, "shown": len(ranked)},
        "pairs": [{k: v for k, v in p.items() if k != "order"} for p in ranked],
        "networks": [], "reports": [], "organizations": [],
    }
    if audience.left_out_json():
        result["rowsLeftOut"] = audience.left_out_json()
    write_json(result, args.output)


# The years 1 to 9999, in Unix seconds, as cibgraph's reader accepts them.
FIRST_SECOND = -62135596800
LAST_SECOND = 253402300799


def milliseconds_of(column):
    """A time cell as whole milliseconds since 1970 (null when it is neither
    form), read as cibgraph's ActivityTime reads it: Unix seconds with an
    optional fraction (milliseconds kept, truncated), or ISO 8601 with a space
    or T, optional seconds and fraction, and a zone Z, ±HH:MM, ±HHMM or ±HH
    (none: UTC). In Spark SQL, not Python, so that no row leaves the JVM."""
    F = _functions()
    text = F.regexp_replace(column, r"^[ \t]+|[ \t]+$", "")
    unix = r"^(-?)([0-9]{1,12})(?:\.([0-9]+))?$"
    sign = F.when(F.regexp_extract(text, unix, 1) == "-", -1).otherwise(1)
    whole = F.regexp_extract(text, unix, 2).cast("long")
    fraction = F.rpad(F.substring(F.regexp_extract(text, unix, 3), 1, 3), 3, "0").cast("long")
    from_unix = F.when(text.rlike(unix) & (whole * sign >= FIRST_SECOND)
                       & (whole * sign <= LAST_SECOND),
                       sign * (whole * 1000 + fraction))
    iso = (r"^([0-9]{4})-([0-9]{2})-([0-9]{2})[T ]([0-9]{2}):([0-9]{2})"
           r"(?::([0-9]{2})(?:\.([0-9]+))?)?(Z|[+-][0-9]{2}(?::?[0-9]{2})?)?$")

    def part(n):
        return F.regexp_extract(text, iso, n)

    def number(n):
        return F.when(part(n) == "", 0).otherwise(part(n).cast("long"))

    date = F.make_date(part(1).cast("int"), part(2).cast("int"), part(3).cast("int"))
    days = F.datediff(date, F.lit("1970-01-01").cast("date")).cast("long")
    zone = part(8)
    zone_sign = F.when(F.substring(zone, 1, 1) == "-", -1).otherwise(1)
    zone_digits = F.regexp_replace(F.substring(zone, 2, 5), ":", "")
    zone_minutes = F.when((zone == "") | (zone == "Z"), 0).otherwise(
        zone_sign * (F.substring(zone_digits, 1, 2).cast("long") * 60
                     + F.when(F.length(zone_digits) == 4,
                              F.substring(zone_digits, 3, 2).cast("long")).otherwise(0)))
    iso_fraction = F.rpad(F.substring(part(7), 1, 3), 3, "0").cast("long")
    valid_iso = (text.rlike(iso) & date.isNotNull() & (part(1).cast("int") >= 1)
                 & (number(4) < 24) & (number(5) < 60) & (number(6) < 60))
    from_iso = F.when(valid_iso,
                      ((days * 86400 + number(4) * 3600 + number(5) * 60 + number(6)) * 1000
                       + iso_fraction - zone_minutes * 60000))
    return F.coalesce(from_unix, from_iso)


def coordinate(spark, args):
    """`cibgraph coordinate FILE --window W --min-repeat R --format json`, with
    cibgraph's default definition: two accounts are linked when they acted on
    the same object at most W seconds apart (inclusive) on at least R distinct
    objects; the weight is that number of objects.

    Actions are put in buckets of W: two actions W apart are in the same or
    neighbouring buckets, so the join pairs each action only with those of its
    own bucket and the next on its object, never with every action of the
    object. Its cost is still the square of the actions one object has in two
    neighbouring buckets (the method's: k accounts acting within one window give
    k(k-1)/2 pairs); that is counted first, from the buckets' sizes alone, and
    an input above --max-candidates-per-object or --max-candidates-total is
    refused (65) before the join forms any pair.
    """
    F = _functions()
    from pyspark.sql import Window

    path = args.activity
    table, width = read_table(spark, path, ["object_id", "account_id", "timestamp"],
                              alternatives={"timestamp": ["timestamp_share"]})
    rows = table.withColumn("t", milliseconds_of(F.col("timestamp")))
    reason = (F.when(F.col("_fields") < width, "missingFields")
              .when(F.col("_fields") > width, "extraFields")
              .when(F.col("_fields").isNotNull(), "missingFields")
              .when(empty(F.col("object_id")), "emptyObject")
              .when(empty(F.col("account_id")), "emptyAccount")
              .when(F.col("t").isNull(), "badTime"))
    rows = rows.withColumn("_reason", reason).persist()
    tally = {row._reason: row for row in rows.groupBy("_reason").agg(
        F.count(F.lit(1)).alias("n"),
        F.min(F.struct("_row", "object_id", "account_id", "timestamp")).alias("first")).collect()}
    reasons = ["missingFields", "extraFields", "emptyAccount", "emptyObject", "badTime"]
    skipped = {r: tally[r].n if r in tally else 0 for r in reasons}
    total_rows = sum(row.n for row in tally.values())
    bad = sum(skipped.values())
    examples = [{"file": path, "reason": r,
                 "row": {"object_id": tally[r].first.object_id,
                         "account_id": tally[r].first.account_id,
                         "timestamp": tally[r].first.timestamp}}
                for r in reasons if r in tally]
    if bad and not args.skip_bad_rows:
        lines = [f"{path}: {skipped[e['reason']]:,} row(s) {e['reason']} (first: "
                 + json.dumps(e["row"], ensure_ascii=False) + ")" for e in examples]
        raise Refusal("\n".join(lines) + f"\n{bad:,} bad row(s); nothing computed. "
                      "--skip-bad-rows leaves them out and says so in the output.")
    window = round(args.window * 1000)
    width_ms = max(window, 1)
    used = rows.where(F.col("_reason").isNull())
    # An account's number is its first row: the smallest is the first account.
    accounts = used.groupBy("account_id").agg(F.min("_row").alias("k")).persist()
    actions = (used.join(accounts, "account_id")
               .select("object_id", "k", "t").distinct()
               .withColumn("bucket", F.floor(F.col("t") / F.lit(width_ms)))
               .persist())
    counts = used.agg(F.count(F.lit(1)).alias("actions"),
                      F.countDistinct("object_id").alias("objects")).first()
    account_count = accounts.count()
    # The pairs the join would form, from the buckets' sizes: n(n-1)/2 within a
    # bucket and n·n' with the next bucket of the same object.
    buckets = actions.groupBy("object_id", "bucket").agg(F.count(F.lit(1)).alias("n"))
    by_object = Window.partitionBy("object_id").orderBy("bucket")
    following = buckets.withColumn("next_bucket", F.lead("bucket").over(by_object)).withColumn(
        "next_n", F.lead("n").over(by_object))
    candidates = following.select(
        "object_id",
        (F.col("n") * (F.col("n") - 1) / 2
         + F.when(F.col("next_bucket") == F.col("bucket") + 1,
                  F.col("n") * F.col("next_n")).otherwise(0)).alias("c"))
    per_object = candidates.groupBy("object_id").agg(F.sum("c").alias("c"))
    worst = per_object.agg(F.max(F.struct("c", "object_id")).alias("worst"),
                           F.sum("c").alias("total")).first()
    if worst.worst is not None and worst.worst.c > args.max_candidates_per_object:
        raise Refusal(
            f"{path}: object {json.dumps(worst.worst.object_id, ensure_ascii=False)} has "
            f"{int(worst.worst.c):,} pairs of actions within neighbouring windows, more than "
            f"--max-candidates-per-object {args.max_candidates_per_object:,}; nothing computed.")
    if worst.total is not None and worst.total > args.max_candidates_total:
        raise Refusal(
            f"{path}: {int(worst.total):,} pairs of actions within neighbouring windows, more "
            f"than --max-candidates-total {args.max_candidates_total:,}; nothing computed.")
    x = actions.select("object_id", "bucket", F.col("k").alias("ka"), F.col("t").alias("ta"))
    here = actions.select("object_id", "bucket", F.col("k").alias("kb"), F.col("t").alias("tb"),
                          F.lit(False).alias("next"))
    after = actions.select("object_id", (F.col("bucket") - 1).alias("bucket"),
                           F.col("k").alias("kb"), F.col("t").alias("tb"),
                           F.lit(True).alias("next"))
    # Within a bucket each pair once (ka < kb); with the next bucket, either way round.
    met = (x.join(here.unionAll(after), ["object_id", "bucket"])
           .where(((F.col("ka") < F.col("kb")) | (F.col("next") & (F.col("ka") > F.col("kb"))))
                  & (F.abs(F.col("ta") - F.col("tb")) <= window)))
    # Per pair and object, cibgraph's evidence: the earliest action of either
    # with an action of the other within the window after it, and that action.
    coincidences = (met.select(F.least("ka", "kb").alias("a"), F.greatest("ka", "kb").alias("b"),
                               "object_id", F.least("ta", "tb").alias("lo"),
                               F.greatest("ta", "tb").alias("hi"))
                    .groupBy("a", "b", "object_id")
                    .agg(F.min(F.struct("lo", "hi")).alias("first")))
    pairs = (coincidences.groupBy("a", "b")
             .agg(F.count(F.lit(1)).alias("weight"), F.min("first.lo").alias("lo"),
                  F.max("first.hi").alias("hi"))
             .persist())
    pairs_found = pairs.count()
    edges = pairs.where(F.col("weight") >= args.min_repeat).persist()
    summary = edges.agg(F.count(F.lit(1)).alias("edges"),
                        F.coalesce(F.sum("weight"), F.lit(0)).alias("weight")).first()
    labels, rounds = connected_components(
        spark, edges.select(F.col("a").alias("src"), F.col("b").alias("dst")), args.checkpoint)
    # `labels` holds every account but the roots; b > a is never a root.
    edge_stats = (edges.join(labels, edges["b"] == labels["vertex"])
                  .groupBy(F.col("root").alias("component"))
                  .agg(F.count(F.lit(1)).alias("edges"), F.sum("weight").alias("weight"),
                       F.min("lo").alias("lo"), F.max("hi").alias("hi")))
    sizes = (labels.groupBy(F.col("root").alias("component"))
             .agg(F.count(F.lit(1)).alias("members")))
    # A root is in no edge as a larger end, so it is not in `labels`: count it.
    stats = (edge_stats.join(sizes, "component")
             .withColumn("size", F.col("members") + 1)
             .join(accounts.select(F.col("k").alias("component"),
                                   F.col("account_id").alias("firstAccount")), "component")
             .persist())
    component_count = stats.count()
    coordinated = stats.agg(F.coalesce(F.sum("size"), F.lit(0)).alias("n")).first().n
    ranked = stats.orderBy(F.desc("size"), F.desc("weight"), F.asc("component"))
    if args.limit:
        ranked = ranked.limit(args.limit)
    shown = component_count if not args.limit else min(args.limit, component_count)

    def items():
        for rank, row in enumerate(ranked.toLocalIterator(), start=1):
            yield {"rank": rank, "size": row["size"], "edges": row["edges"],
                   "weight": row["weight"], "firstAction": iso_time(row["lo"]),
                   "lastAction": iso_time(row["hi"]), "firstAccount": row["firstAccount"]}

    head = {
        "input": {"file": path, "format": "activity", "action": None, "rows": total_rows,
                  "actions": counts.actions, "withoutAction": 0, "accounts": account_count,
                  "objects": counts.objects},
        "skipped": skipped,
        "skippedExamples": [{"file": e["file"], "reason": e["reason"], "row": e["row"]}
                            for e in examples],
        "parameters": {"windowSeconds": float(args.window), "windowEstimated": False,
                       "minRepeat": args.min_repeat, "percentile": None,
                       "percentileWeight": None},
        "pairsFound": pairs_found, "pairsRepeated": summary.edges, "edges": summary.edges,
        "totalWeight": summary.weight, "accounts": coordinated, "count": component_count,
        "shown": shown,
    }
    tail = {}
    if bad:
        tail["rowsLeftOut"] = {
            "total": bad,
            "counts": [{"file": path, "reason": r, "rows": skipped[r]}
                       for r in reasons if skipped[r]],
            "examples": head["skippedExamples"]}
    write_json_streaming(head, "components", items(), tail, args.output)
    print(f"cibgraph-spark: coordination components in {rounds} round(s)", file=sys.stderr)


# --- Command line ------------------------------------------------------------------


def positive(text):
    value = int(text)
    if value < 1:
        raise argparse.ArgumentTypeError(f"{text} is not a positive whole number")
    return value


def not_negative(text):
    value = int(text)
    if value < 0:
        raise argparse.ArgumentTypeError(f"{text} is negative")
    return value


def seconds(text):
    value = float(text)
    if not (0 <= value <= 10 ** 9):
        raise argparse.ArgumentTypeError(f"{text} is not a number of seconds from 0 to 10^9")
    return value


def parser():
    top = argparse.ArgumentParser(
        prog="cibgraph_spark.py", description=__doc__.split("\n\n")[0],
        formatter_class=argparse.RawDescriptionHelpFormatter)
    top.add_argument("--master", help="Spark master when not run by spark-submit "
                     "(default: spark-submit's, else local[*])")
    top.add_argument("--partitions", type=positive,
                     help="shuffle partitions (spark.sql.shuffle.partitions); "
                     "about 2-4 per core of the cluster")
    top.add_argument("--checkpoint", help="a reliable checkpoint folder (hdfs://, s3a://) "
                     "for the components' rounds; without it they are checkpointed locally")
    commands = top.add_subparsers(dest="command", required=True)

    def graph_options(command, edges_required):
        command.add_argument("--nodes", required=True, help="nodes CSV: Id,Label,Kind,Followers,Members")
        command.add_argument("--edges", required=edges_required, help="edges CSV: Source,Target,Type")
        command.add_argument("--skip-bad-rows", action="store_true",
                             help="leave out audience rows that cannot be used, counted by reason")
        command.add_argument("-o", "--output", help="write the JSON here (default: standard output)")

    c = commands.add_parser("components", help="connected components, largest first")
    graph_options(c, False)
    c.add_argument("--audience", action="append", help="audience CSV (Asset,Account); repeatable")
    c.add_argument("--limit", type=not_negative, default=0,
                   help="show at most this many components (0: all)")
    r = commands.add_parser("reach", help="distinct and summed reach per kind and overall")
    graph_options(r, False)
    r.add_argument("--audience", action="append", required=True,
                   help="audience CSV (Asset,Account); repeatable")
    o = commands.add_parser("overlap", help="audience overlap of the largest audiences")
    graph_options(o, False)
    o.add_argument("--audience", action="append", required=True,
                   help="audience CSV (Asset,Account); repeatable")
    o.add_argument("--top", type=positive, default=100, help="compare this many assets")
    o.add_argument("--min-jaccard", type=float, default=0.0,
                   help="leave out pairs whose Jaccard index is below this")
    o.add_argument("--pairs", type=not_negative, default=0,
                   help="show at most this many pairs (0: all)")
    k = commands.add_parser("coordinate", help="coordinated accounts in activity data")
    k.add_argument("activity", help="activity CSV: object_id,account_id,content_id,timestamp")
    k.add_argument("--window", type=seconds, default=60.0,
                   help="seconds within which two actions coincide, inclusive (default 60)")
    k.add_argument("--min-repeat", type=positive, default=2,
                   help="keep pairs that coincide on at least this many distinct objects")
    k.add_argument("--max-candidates-per-object", type=positive, default=10 ** 8,
                   help="refuse an object whose neighbouring windows hold more pairs of actions")
    k.add_argument("--max-candidates-total", type=positive, default=10 ** 11,
                   help="refuse an input whose windows hold more pairs of actions in all")
    k.add_argument("--limit", type=not_negative, default=0,
                   help="show at most this many components (0: all)")
    k.add_argument("--skip-bad-rows", action="store_true",
                   help="leave out rows that cannot be used, counted by reason")
    k.add_argument("-o", "--output", help="write the JSON here (default: standard output)")
    return top


ANALYSES = {"components": components, "reach": reach, "overlap": overlap,
            "coordinate": coordinate}


def session(master=None, partitions=None, name="cibgraph-spark"):
    """A Spark session for the analyses. ANSI mode is off so that a cell that is
    not a number or date reads as null, which the analyses count as a bad row
    (rather than failing the whole job with a cast error)."""
    from pyspark.sql import SparkSession

    builder = (SparkSession.builder.appName(name).config("spark.sql.ansi.enabled", "false")
               .config("spark.ui.showConsoleProgress", "false"))
    if master:
        builder = builder.master(master)
    if partitions:
        builder = builder.config("spark.sql.shuffle.partitions", str(partitions))
    spark = builder.getOrCreate()
    spark.sparkContext.setLogLevel("ERROR")
    return spark


def run(spark, argv):
    """Runs one analysis in `spark`; returns the exit status (messages on stderr)."""
    args = parser().parse_args(argv)
    if args.checkpoint:
        spark.sparkContext.setCheckpointDir(args.checkpoint)
    try:
        ANALYSES[args.command](spark, args)
    except Refusal as refusal:
        print(f"cibgraph-spark: {refusal}", file=sys.stderr)
        return refusal.status
    return 0


def main(argv):
    args = parser().parse_args(argv)  # usage errors exit 2 → 64 below, before Spark starts
    spark = session(args.master, args.partitions, "cibgraph-spark " + args.command)
    try:
        return run(spark, argv)
    finally:
        spark.stop()


if __name__ == "__main__":
    try:
        sys.exit(main(sys.argv[1:]))
    except SystemExit as leaving:
        # argparse leaves with 2 on a usage error; cibgraph's is 64.
        if leaving.code == 2:
            sys.exit(EX_USAGE)
        raise
