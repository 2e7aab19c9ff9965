#!/usr/bin/env python3
"""Anchor implementations, one per subcommand.

Each subcommand is meant to be timed as a whole process, from reading the input files
to printing the answer: `python3 bench/tools.py <tool> <datadir>` prints one JSON line
{"tool", "answer", "phases"} on stdout; "phases" are seconds spent in each step inside
the process (imports included, as "import").

Definitions (the same for every tool, and for the reference answers):
  components  the graph is undirected; its nodes are the Ids of nodes.csv plus any edge
              endpoint missing from it (none in generated data); isolated nodes count as
              components of size 1.  Answer: number of components, size of the largest.
  reach       summed: sum of Followers (page, instagram) and Members (group) in nodes.csv;
              unique: number of distinct Account values in audience.csv, overall and per
              kind of the Asset (page, group, instagram); rows: audience rows per kind.
  overlap     the 100 assets with the most audience rows (ties: smaller Id first, byte
              order); for each pair i<j: |A_i & A_j| and Jaccard |A_i & A_j| / |A_i | A_j|.
              Answer: the top-100 list, sum of intersections, number of pairs with a
              non-empty intersection, sum of Jaccard over all 4950 pairs, the max pair.
"""
import sys
import time

_T0 = time.perf_counter()
_PH = {}
_last = _T0


def phase(name):
    global _last
    now = time.perf_counter()
    _PH[name] = round(_PH.get(name, 0.0) + now - _last, 4)
    _last = now


import json  # noqa: E402
import os  # noqa: E402

ASSET_KINDS = ("page", "group", "instagram")
TOP = 100


def paths(d):
    return (os.path.join(d, "nodes.csv"), os.path.join(d, "edges.csv"),
            os.path.join(d, "audience.csv"), os.path.join(d, "graph.dot"))


def emit(tool, answer):
    phase("output")
    _PH["total_in_process"] = round(time.perf_counter() - _T0, 4)
    print(json.dumps({"tool": tool, "answer": answer, "phases": _PH}), flush=True)


def top_order(sizes_by_asset):
    """Top-100 assets: most rows first, ties by Id (byte order)."""
    return sorted(sizes_by_asset.items(), key=lambda kv: (-kv[1], kv[0].encode()))[:TOP]


def overlap_answer(top_ids, top_sizes, inter):
    """inter: dict (i, j) -> |A_i & A_j| for i < j (indices into top_ids), nonzero only."""
    jsum = 0.0
    best = (-1.0, "", "")
    isum = 0
    nz = 0
    for (i, j), c in inter.items():
        if c <= 0:
            continue
        jac = c / (top_sizes[i] + top_sizes[j] - c)
        jsum += jac
        isum += int(c)
        nz += 1
        key = (jac, top_ids[i], top_ids[j])
        if jac > best[0] or (jac == best[0] and (top_ids[i], top_ids[j]) < (best[1], best[2])):
            best = key
    return {"top": list(top_ids), "top_sizes": [int(x) for x in top_sizes],
            "pairs": len(top_ids) * (len(top_ids) - 1) // 2, "nonzero_pairs": nz,
            "intersection_sum": isum, "jaccard_sum": round(jsum, 9),
            "max": {"a": best[1], "b": best[2], "jaccard": round(best[0], 9)}}


# ============================================================================ helpers
def read_graph_pandas(d):
    import pandas as pd
    nodes_csv, edges_csv, _, _ = paths(d)
    n = pd.read_csv(nodes_csv, usecols=["Id"])
    e = pd.read_csv(edges_csv, usecols=["Source", "Target"])
    return n, e


def factorize_graph(n, e):
    """Integer node ids 0..N-1 (nodes.csv order first), edge endpoint arrays."""
    import numpy as np
    import pandas as pd
    nn, ne = len(n), len(e)
    allids = np.concatenate([n["Id"].to_numpy(object), e["Source"].to_numpy(object),
                             e["Target"].to_numpy(object)])
    codes, uniq = pd.factorize(allids)
    return len(uniq), codes[nn:nn + ne], codes[nn + ne:], uniq


# ============================================================================ components
def cc_networkx(d):
    import networkx as nx
    import pandas  # noqa: F401
    phase("import")
    n, e = read_graph_pandas(d)
    phase("read")
    G = nx.Graph()
    G.add_nodes_from(n["Id"].tolist())
    G.add_edges_from(zip(e["Source"].tolist(), e["Target"].tolist()))
    del n, e
    phase("build")
    sizes = [len(c) for c in nx.connected_components(G)]
    phase("compute")
    emit("cc-networkx", {"components": len(sizes), "largest": max(sizes)})


def cc_igraph(d):
    import igraph as ig
    import pandas  # noqa: F401
    phase("import")
    n, e = read_graph_pandas(d)
    phase("read")
    g = ig.Graph.DataFrame(e, directed=False, vertices=n, use_vids=False)
    del n, e
    phase("build")
    sizes = g.connected_components().sizes()
    phase("compute")
    emit("cc-igraph", {"components": len(sizes), "largest": max(sizes)})


def cc_networkit(d):
    import networkit as nk
    import numpy as np
    import pandas  # noqa: F401
    phase("import")
    n, e = read_graph_pandas(d)
    phase("read")
    N, s, t, _ = factorize_graph(n, e)
    del n, e
    phase("map")
    G = nk.Graph(N)
    G.addEdges((s.astype(np.uint64), t.astype(np.uint64)))
    phase("build")
    cc = nk.components.ConnectedComponents(G)
    cc.run()
    sizes = cc.getComponentSizes()
    phase("compute")
    emit("cc-networkit", {"components": cc.numberOfComponents(), "largest": max(sizes.values())})


def cc_rustworkx(d):
    import rustworkx as rx
    import numpy  # noqa: F401
    import pandas  # noqa: F401
    phase("import")
    n, e = read_graph_pandas(d)
    phase("read")
    N, s, t, _ = factorize_graph(n, e)
    del n, e
    phase("map")
    g = rx.PyGraph()
    g.add_nodes_from(range(N))
    g.add_edges_from_no_data(list(zip(s.tolist(), t.tolist())))
    phase("build")
    comps = rx.connected_components(g)
    phase("compute")
    emit("cc-rustworkx", {"components": len(comps), "largest": max(len(c) for c in comps)})


def _cc_scipy(d):
    import numpy as np
    from scipy.sparse import coo_matrix
    from scipy.sparse.csgraph import connected_components
    import pandas  # noqa: F401
    phase("import")
    n, e = read_graph_pandas(d)
    phase("read")
    N, s, t, uniq = factorize_graph(n, e)
    nodes_file = len(n)
    del n, e
    phase("map")
    A = coo_matrix((np.ones(len(s), dtype=np.int8), (s, t)), shape=(N, N)).tocsr()
    phase("build")
    k, labels = connected_components(A, directed=False)
    sizes = np.bincount(labels)
    phase("compute")
    return N, nodes_file, len(s), k, sizes, labels, uniq


def cc_scipy(d):
    N, _, _, k, sizes, _, _ = _cc_scipy(d)
    emit("cc-scipy", {"components": int(k), "largest": int(sizes.max())})


def cc_polars(d):
    import numpy as np
    import polars as pl
    from scipy.sparse import coo_matrix
    from scipy.sparse.csgraph import connected_components
    phase("import")
    nodes_csv, edges_csv, _, _ = paths(d)
    n = pl.read_csv(nodes_csv, columns=["Id"])
    e = pl.read_csv(edges_csv, columns=["Source", "Target"])
    phase("read")
    ids = n.with_row_index("ix").with_columns(pl.col("ix").cast(pl.Int64))
    miss = pl.concat([e["Source"], e["Target"]]).unique().to_frame("Id").join(ids, on="Id", how="anti")
    if len(miss):  # endpoints missing from nodes.csv become nodes too
        ids = pl.concat([ids, miss.with_row_index("ix", offset=len(ids)).select(
            pl.col("Id"), pl.col("ix").cast(pl.Int64))], how="diagonal")
    m = (e.join(ids.rename({"Id": "Source", "ix": "s"}), on="Source", how="left")
          .join(ids.rename({"Id": "Target", "ix": "t"}), on="Target", how="left"))
    s, t = m["s"].to_numpy(), m["t"].to_numpy()
    N = len(ids)
    phase("map")
    A = coo_matrix((np.ones(len(s), dtype=np.int8), (s, t)), shape=(N, N)).tocsr()
    phase("build")
    k, labels = connected_components(A, directed=False)
    phase("compute")
    emit("cc-polars", {"components": int(k), "largest": int(np.bincount(labels).max())})


def cc_python(d):
    import csv
    phase("import")
    nodes_csv, edges_csv, _, _ = paths(d)
    parent = {}
    size = {}
    with open(nodes_csv, newline="", encoding="utf-8") as f:
        r = csv.reader(f)
        next(r)
        for row in r:
            parent[row[0]] = row[0]
            size[row[0]] = 1

    def find(x):
        root = x
        while parent[root] != root:
            root = parent[root]
        while parent[x] != root:
            parent[x], x = root, parent[x]
        return root

    with open(edges_csv, newline="", encoding="utf-8") as f:
        r = csv.reader(f)
        next(r)
        for s, t, _ in r:
            if s not in parent:
                parent[s] = s
                size[s] = 1
            if t not in parent:
                parent[t] = t
                size[t] = 1
            a, b = find(s), find(t)
            if a != b:
                if size[a] < size[b]:
                    a, b = b, a
                parent[b] = a
                size[a] += size[b]
    phase("read+union")
    roots = [x for x, p in parent.items() if x == p]
    phase("compute")
    emit("cc-python", {"components": len(roots), "largest": max(size[x] for x in roots)})


# ============================================================================ reach
def _summed_from_nodes_pandas(n):
    out = {}
    for k in ASSET_KINDS:
        sub = n[n["Kind"] == k]
        out[k] = int(sub["Followers"].fillna(0).sum() + sub["Members"].fillna(0).sum())
    out["all"] = sum(out.values())
    return out


def reach_pyset(d):
    import csv
    phase("import")
    nodes_csv, _, aud_csv, _ = paths(d)
    kind = {}
    summed = dict.fromkeys(ASSET_KINDS, 0)
    with open(nodes_csv, newline="", encoding="utf-8") as f:
        r = csv.reader(f)
        next(r)
        for id_, _, k, fol, mem in r:
            if k in summed:
                kind[id_] = k
                summed[k] += int(fol or 0) + int(mem or 0)
    phase("read nodes")
    sets = {k: set() for k in ASSET_KINDS}
    rows = dict.fromkeys(ASSET_KINDS, 0)
    with open(aud_csv, newline="", encoding="utf-8") as f:
        r = csv.reader(f)
        next(r)
        for asset, acct in r:
            k = kind[asset]
            sets[k].add(acct)
            rows[k] += 1
    phase("read audience + sets")
    distinct = {k: len(v) for k, v in sets.items()}
    distinct["all"] = len(set().union(*sets.values()))
    summed["all"] = sum(summed.values())
    rows["all"] = sum(rows.values())
    phase("compute")
    emit("reach-pyset", {"distinct": distinct, "summed": summed, "rows": rows})


def reach_pandas(d):
    import pandas as pd
    phase("import")
    nodes_csv, _, aud_csv, _ = paths(d)
    n = pd.read_csv(nodes_csv, usecols=["Id", "Kind", "Followers", "Members"])
    a = pd.read_csv(aud_csv)
    phase("read")
    kind = a["Asset"].map(pd.Series(n["Kind"].to_numpy(), index=n["Id"]))
    phase("map")
    per = a.groupby(kind)["Account"].nunique()
    rows = kind.value_counts()
    distinct = {k: int(per.get(k, 0)) for k in ASSET_KINDS}
    distinct["all"] = int(a["Account"].nunique())
    summed = _summed_from_nodes_pandas(n)
    rows = {k: int(rows.get(k, 0)) for k in ASSET_KINDS}
    rows["all"] = int(len(a))
    phase("compute")
    emit("reach-pandas", {"distinct": distinct, "summed": summed, "rows": rows})


def _reach_numpy(d):
    import numpy as np
    import pandas as pd
    phase("import")
    nodes_csv, _, aud_csv, _ = paths(d)
    n = pd.read_csv(nodes_csv, usecols=["Id", "Kind", "Followers", "Members"])
    a = pd.read_csv(aud_csv)
    phase("read")
    nn = len(n)
    codes, _ = pd.factorize(np.concatenate([n["Id"].to_numpy(object), a["Asset"].to_numpy(object)]))
    asset_node = codes[nn:]
    kcodes, kinds = pd.factorize(n["Kind"])
    kind_row = kcodes[asset_node] if asset_node.max() < nn else None
    if kind_row is None:
        raise SystemExit("audience asset missing from nodes.csv")
    acct, acct_uniq = pd.factorize(a["Account"])
    phase("map")
    distinct, rows = {}, {}
    seen = np.zeros(len(acct_uniq), dtype=bool)
    for k in ASSET_KINDS:
        kc = list(kinds).index(k) if k in list(kinds) else -1
        m = kind_row == kc
        seen[:] = False
        seen[acct[m]] = True
        distinct[k] = int(seen.sum())
        rows[k] = int(m.sum())
    distinct["all"] = int(len(acct_uniq))
    rows["all"] = int(len(a))
    summed = _summed_from_nodes_pandas(n)
    phase("compute")
    return {"distinct": distinct, "summed": summed, "rows": rows}


def reach_numpy(d):
    emit("reach-numpy", _reach_numpy(d))


def reach_polars(d):
    import polars as pl
    phase("import")
    nodes_csv, _, aud_csv, _ = paths(d)
    n = pl.read_csv(nodes_csv, columns=["Id", "Kind", "Followers", "Members"])
    a = pl.read_csv(aud_csv)
    phase("read")
    per = (a.join(n.select("Id", "Kind"), left_on="Asset", right_on="Id", how="left")
            .group_by("Kind").agg(pl.col("Account").n_unique().alias("d"), pl.len().alias("r")))
    per = {row["Kind"]: row for row in per.iter_rows(named=True)}
    distinct = {k: int(per[k]["d"]) if k in per else 0 for k in ASSET_KINDS}
    rows = {k: int(per[k]["r"]) if k in per else 0 for k in ASSET_KINDS}
    distinct["all"] = int(a["Account"].n_unique())
    rows["all"] = len(a)
    sm = (n.filter(pl.col("Kind").is_in(list(ASSET_KINDS))).group_by("Kind")
           .agg((pl.col("Followers").fill_null(0).sum() + pl.col("Members").fill_null(0).sum()).alias("s")))
    sm = dict(sm.iter_rows())
    summed = {k: int(sm.get(k, 0)) for k in ASSET_KINDS}
    summed["all"] = sum(summed.values())
    phase("compute")
    emit("reach-polars", {"distinct": distinct, "summed": summed, "rows": rows})


def reach_hll(d, p=14):
    import csv
    from datasketch import HyperLogLog
    phase("import")
    nodes_csv, _, aud_csv, _ = paths(d)
    kind = {}
    summed = dict.fromkeys(ASSET_KINDS, 0)
    with open(nodes_csv, newline="", encoding="utf-8") as f:
        r = csv.reader(f)
        next(r)
        for id_, _, k, fol, mem in r:
            if k in summed:
                kind[id_] = k
                summed[k] += int(fol or 0) + int(mem or 0)
    phase("read nodes")
    hll = {k: HyperLogLog(p=p) for k in ASSET_KINDS}
    upd = {k: h.update for k, h in hll.items()}
    with open(aud_csv, newline="", encoding="utf-8") as f:
        r = csv.reader(f)
        next(r)
        for asset, acct in r:
            upd[kind[asset]](acct.encode())
    phase("read audience + sketch")
    allh = HyperLogLog(p=p)
    for h in hll.values():
        allh.merge(h)
    est = {k: int(round(h.count())) for k, h in hll.items()}
    est["all"] = int(round(allh.count()))
    summed["all"] = sum(summed.values())
    phase("compute")
    emit("reach-hll", {"distinct_estimate": est, "summed": summed, "hll_p": p})


# ============================================================================ overlap
def overlap_pandas(d):
    import pandas as pd
    phase("import")
    _, _, aud_csv, _ = paths(d)
    a = pd.read_csv(aud_csv)
    phase("read")
    sizes = a["Asset"].value_counts()
    cut = sizes.iloc[min(TOP, len(sizes)) - 1]
    cand = sizes[sizes >= cut]
    top = top_order(cand.to_dict())
    top_ids = [t for t, _ in top]
    top_sizes = [int(s) for _, s in top]
    rank = pd.Series(range(len(top_ids)), index=top_ids)
    sub = a[a["Asset"].isin(top_ids)].copy()
    sub["r"] = sub["Asset"].map(rank)
    sub = sub[["Account", "r"]]
    m = sub.merge(sub, on="Account")
    m = m[m["r_x"] < m["r_y"]]
    inter = m.groupby(["r_x", "r_y"]).size()
    phase("compute")
    ans = overlap_answer(top_ids, top_sizes, {(int(i), int(j)): int(c) for (i, j), c in inter.items()})
    emit("overlap-pandas", ans)


def _overlap_numpy(d):
    import numpy as np
    import pandas as pd
    from scipy.sparse import csr_matrix
    phase("import")
    _, _, aud_csv, _ = paths(d)
    a = pd.read_csv(aud_csv)
    phase("read")
    acodes, assets = pd.factorize(a["Asset"])
    sizes = np.bincount(acodes)
    k = min(TOP, len(sizes))
    cut = np.partition(sizes, len(sizes) - k)[len(sizes) - k]
    cand = np.nonzero(sizes >= cut)[0]
    top = top_order({assets[i]: int(sizes[i]) for i in cand})
    top_ids = [t for t, _ in top]
    top_sizes = np.array([s for _, s in top], dtype=np.int64)
    rank = np.full(len(sizes), -1, dtype=np.int64)
    rank[assets.get_indexer(top_ids)] = np.arange(len(top_ids))
    r = rank[acodes]
    m = r >= 0
    acct, _ = pd.factorize(a["Account"].to_numpy()[m])
    A = csr_matrix((np.ones(int(m.sum()), dtype=np.int32), (r[m], acct)), shape=(len(top_ids), int(acct.max()) + 1))
    inter = (A @ A.T).toarray()
    phase("compute")
    iu, ju = np.triu_indices(len(top_ids), 1)
    pairs = {(int(i), int(j)): int(inter[i, j]) for i, j in zip(iu, ju)}
    return top_ids, top_sizes, inter, pairs


def overlap_numpy(d):
    top_ids, top_sizes, _, pairs = _overlap_numpy(d)
    emit("overlap-numpy", overlap_answer(top_ids, top_sizes.tolist(), pairs))


def overlap_polars(d):
    import polars as pl
    phase("import")
    _, _, aud_csv, _ = paths(d)
    a = pl.read_csv(aud_csv)
    phase("read")
    sizes = a.group_by("Asset").len()
    cut = sizes["len"].sort(descending=True)[min(TOP, len(sizes)) - 1]
    top = top_order(dict(sizes.filter(pl.col("len") >= cut).iter_rows()))
    top_ids = [t for t, _ in top]
    top_sizes = [int(x) for _, x in top]
    rank = pl.DataFrame({"Asset": top_ids, "r": list(range(len(top_ids)))})
    sub = a.join(rank, on="Asset", how="inner").select("Account", "r")
    inter = (sub.join(sub, on="Account", suffix="_y").filter(pl.col("r") < pl.col("r_y"))
                .group_by("r", "r_y").len())
    phase("compute")
    pairs = {(int(i), int(j)): int(c) for i, j, c in inter.iter_rows()}
    emit("overlap-polars", overlap_answer(top_ids, top_sizes, pairs))


def overlap_pysets(d):
    import csv
    from collections import Counter
    phase("import")
    _, _, aud_csv, _ = paths(d)
    with open(aud_csv, newline="", encoding="utf-8") as f:
        r = csv.reader(f)
        next(r)
        cnt = Counter(asset for asset, _ in r)
    phase("pass 1 (sizes)")
    top = top_order(cnt)
    top_ids = [t for t, _ in top]
    idx = {t: i for i, t in enumerate(top_ids)}
    sets = [set() for _ in top_ids]
    with open(aud_csv, newline="", encoding="utf-8") as f:
        r = csv.reader(f)
        next(r)
        for asset, acct in r:
            i = idx.get(asset)
            if i is not None:
                sets[i].add(acct)
    phase("pass 2 (sets)")
    pairs = {}
    for i in range(len(sets)):
        si = sets[i]
        for j in range(i + 1, len(sets)):
            pairs[(i, j)] = len(si & sets[j])
    phase("compute")
    emit("overlap-pysets", overlap_answer(top_ids, [len(s) for s in sets], pairs))


# ============================================================================ reference
def reference(d, out_path):
    """Exact answers (numpy/scipy), with more detail than the timed tools print."""
    import numpy as np
    N, nodes_file, n_edges, k, sizes, labels, uniq = _cc_scipy(d)
    ssorted = np.sort(sizes)[::-1]
    hist = np.bincount(sizes)
    comp = {
        "nodes": int(N), "nodes_in_nodes_csv": int(nodes_file), "edges": int(n_edges),
        "components": int(k), "largest": int(ssorted[0]),
        "largest_10": [int(x) for x in ssorted[:10]],
        "singletons": int(hist[1]) if len(hist) > 1 else 0,
        "size_histogram_upto_20": {str(s): int(c) for s, c in enumerate(hist[:21]) if c and s},
        "components_larger_than_20": int((sizes > 20).sum()),
    }
    reach = _reach_numpy(d)
    top_ids, top_sizes, inter, pairs = _overlap_numpy(d)
    ov = overlap_answer(top_ids, top_sizes.tolist(), pairs)
    jac = {}
    for (i, j), c in pairs.items():
        if c:
            jac[(i, j)] = c / (top_sizes[i] + top_sizes[j] - c)
    best = sorted(jac.items(), key=lambda kv: (-kv[1], top_ids[kv[0][0]], top_ids[kv[0][1]]))[:20]
    ov["top_pairs_by_jaccard"] = [{"a": top_ids[i], "b": top_ids[j], "intersection": int(inter[i, j]),
                                   "jaccard": round(v, 9)} for (i, j), v in best]
    ov["intersection_upper_triangle_rows"] = [[int(x) for x in inter[i, i + 1:]] for i in range(len(top_ids) - 1)]
    meta_p = os.path.join(d, "meta.json")
    meta = json.load(open(meta_p)) if os.path.exists(meta_p) else {}
    ref = {
        "about": "Reference answers for the CIB graph benchmark inputs; see bench/README.md and "
                 "the definitions at the top of bench/tools.py.",
        "inputs": {k2: meta.get(k2) for k2 in ("name", "seed", "numpy", "nodes", "edges", "audience_rows",
                                               "nodes_by_kind", "edges_by_type", "files")},
        "components": comp,
        "reach": reach,
        "overlap": ov,
    }
    with open(out_path, "w") as f:
        json.dump(ref, f, indent=1)
    emit("reference", {"components": comp["components"], "largest": comp["largest"],
                       "distinct_all": reach["distinct"]["all"]})


# ============================================================================ DuckDB
def _duck():
    import duckdb
    con = duckdb.connect()
    con.execute(f"SET threads = {os.cpu_count()}")
    return con


def cc_duckdb(d):
    """DuckDB reads and maps ids to integers (parallel CSV reader, hash join), SciPy labels."""
    import numpy as np
    from scipy.sparse import coo_matrix
    from scipy.sparse.csgraph import connected_components
    con = _duck()
    phase("import")
    nodes_csv, edges_csv, _, _ = paths(d)
    con.execute(f"CREATE TABLE ids AS SELECT Id, (row_number() OVER ()) - 1 AS i FROM read_csv('{nodes_csv}', header=true, columns={{'Id':'VARCHAR','Label':'VARCHAR','Kind':'VARCHAR','Followers':'BIGINT','Members':'BIGINT'}})")
    n = con.execute("SELECT count(*) FROM ids").fetchone()[0]
    e = con.execute(f"SELECT s.i, t.i FROM read_csv('{edges_csv}', header=true, columns={{'Source':'VARCHAR','Target':'VARCHAR','Type':'VARCHAR'}}) r "
                    "JOIN ids s ON s.Id = r.Source JOIN ids t ON t.Id = r.Target").fetchnumpy()
    phase("read")
    src, dst = e["i"], e["i_1"]
    m = coo_matrix((np.ones(len(src), dtype=np.int8), (src, dst)), shape=(n, n))
    k, labels = connected_components(m, directed=False)
    largest = int(np.bincount(labels).max())
    phase("compute")
    emit("cc-duckdb", {"components": int(k), "largest": largest})


def reach_duckdb(d):
    con = _duck()
    phase("import")
    nodes_csv, _, aud_csv, _ = paths(d)
    con.execute(f"CREATE VIEW n AS SELECT * FROM read_csv('{nodes_csv}', header=true, columns={{'Id':'VARCHAR','Label':'VARCHAR','Kind':'VARCHAR','Followers':'BIGINT','Members':'BIGINT'}})")
    con.execute(f"CREATE TABLE a AS SELECT * FROM read_csv('{aud_csv}', header=true, columns={{'Asset':'VARCHAR','Account':'VARCHAR'}})")
    phase("read")
    per = con.execute("SELECT n.Kind, count(DISTINCT a.Account), count(*) FROM a JOIN n ON n.Id = a.Asset GROUP BY n.Kind").fetchall()
    per = {k: (dd, r) for k, dd, r in per}
    distinct = {k: int(per[k][0]) if k in per else 0 for k in ASSET_KINDS}
    rows = {k: int(per[k][1]) if k in per else 0 for k in ASSET_KINDS}
    distinct["all"] = int(con.execute("SELECT count(DISTINCT Account) FROM a").fetchone()[0])
    rows["all"] = int(con.execute("SELECT count(*) FROM a").fetchone()[0])
    sm = dict(con.execute("SELECT Kind, sum(coalesce(Followers,0) + coalesce(Members,0)) FROM n "
                          "WHERE Kind IN ('page','group','instagram') GROUP BY Kind").fetchall())
    summed = {k: int(sm.get(k, 0) or 0) for k in ASSET_KINDS}
    summed["all"] = sum(summed.values())
    phase("compute")
    emit("reach-duckdb", {"distinct": distinct, "summed": summed, "rows": rows})


def overlap_duckdb(d):
    con = _duck()
    phase("import")
    _, _, aud_csv, _ = paths(d)
    con.execute(f"CREATE TABLE a AS SELECT * FROM read_csv('{aud_csv}', header=true, columns={{'Asset':'VARCHAR','Account':'VARCHAR'}})")
    phase("read")
    sizes = dict(con.execute("SELECT Asset, count(*) FROM a GROUP BY Asset ORDER BY 2 DESC LIMIT 1000").fetchall())
    top = top_order(sizes)
    top_ids = [t for t, _ in top]
    top_sizes = [int(x) for _, x in top]
    con.execute("CREATE TABLE rank (Asset VARCHAR, r INTEGER)")
    con.executemany("INSERT INTO rank VALUES (?, ?)", [(t, i) for i, t in enumerate(top_ids)])
    inter = con.execute("WITH sub AS (SELECT a.Account, rank.r FROM a JOIN rank USING (Asset)) "
                        "SELECT x.r, y.r, count(*) FROM sub x JOIN sub y ON x.Account = y.Account AND x.r < y.r "
                        "GROUP BY x.r, y.r").fetchall()
    phase("compute")
    pairs = {(int(i), int(j)): int(c) for i, j, c in inter}
    emit("overlap-duckdb", overlap_answer(top_ids, top_sizes, pairs))


TOOLS = {
    "cc-networkx": cc_networkx, "cc-igraph": cc_igraph, "cc-networkit": cc_networkit,
    "cc-rustworkx": cc_rustworkx, "cc-scipy": cc_scipy, "cc-polars": cc_polars, "cc-python": cc_python,
    "reach-pyset": reach_pyset, "reach-pandas": reach_pandas, "reach-numpy": reach_numpy,
    "reach-hll": reach_hll, "reach-polars": reach_polars,
    "overlap-pandas": overlap_pandas, "overlap-numpy": overlap_numpy, "overlap-pysets": overlap_pysets,
    "overlap-polars": overlap_polars,
    "cc-duckdb": cc_duckdb, "reach-duckdb": reach_duckdb, "overlap-duckdb": overlap_duckdb,
}

if __name__ == "__main__":
    if len(sys.argv) >= 2 and sys.argv[1] == "reference":
        reference(sys.argv[2], sys.argv[3])
    elif len(sys.argv) == 3 and sys.argv[1] in TOOLS:
        TOOLS[sys.argv[1]](sys.argv[2])
    else:
        sys.exit(f"usage: tools.py {{{'|'.join(TOOLS)}}} DATADIR | reference DATADIR OUT.json")
