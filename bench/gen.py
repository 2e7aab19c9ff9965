#!/usr/bin/env python3
"""Deterministic generator of coordinated-inauthentic-behaviour (CIB) like graphs.

Writes, under bench-data/<size>/ at the repository's root (ignored by git):
  nodes.csv     Id,Label,Kind,Followers,Members   (Gephi spreadsheet convention)
  edges.csv     Source,Target,Type                (Type: administers, memberOf, follows,
                                                   attributedTo, linkedTo)
  audience.csv  Asset,Account                     (one row per asset/follower pair)
  graph.dot     the same graph (all nodes declared, undirected `graph`), for Graphviz
  meta.json     parameters, counts, byte sizes and sha256 of every file

Shape of the graph
  * many small "operations": 1-3 organisations, a few operator accounts (heavy-tailed
    count), pages / groups / instagram accounts administered by them; each operation is
    connected by construction (spanning tree + extra edges inside the operation);
  * one "mega" operation (~25% of the nodes, denser), which together with ~8% of the
    small operations that are bridged to it forms the giant component;
  * ~0.5% isolated nodes (assets with no recorded link, accounts with no edge): they are
    components of size 1, and only visible if the nodes file is read;
  * audiences: heavy-tailed (Lomax) sizes per asset; followers drawn from the operation's
    own audience pool, from globally popular accounts, and from the operation's own
    (inauthentic) accounts, so that audiences overlap.  Followers (pages, instagram) and
    Members (groups) in nodes.csv equal the number of audience rows of that asset.

IDs are strings with a kind prefix (a=account, p=page, g=group, i=instagram,
o=organization, u=ordinary audience account) and randomly permuted numbers, so that
neither the ID nor the row order reveals the component structure.  Row order of every
file is random.  The same (size, seed) gives byte-identical files for a given numpy
version (meta.json records the sha256 of each file and the numpy version).

Usage: python3 bench/gen.py --size S|M|L|3L|XL [--seed 42] [--no-dot] [--out DIR]
       python3 bench/gen.py --edges 50000 --audience 100000 --name custom

Memory: the random draws are made in batches of at most --edge-batch extra edges and
--audience-batch audience rows, and the files are written a million rows at a time, so
that XL (10^8 edges, 2*10^8 audience rows, 8 GB of CSV) fits on a 24 GB machine
(bench/README.md says what it took). Each
row is drawn independently from the same distributions whatever the batch, so batches
change which rows are drawn, not their distribution; the defaults are above what 3L
draws in one go, so S, M, L and 3L are the bytes the unbatched generator wrote.
"""
import argparse
import hashlib
import json
import os
import sys
import time

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

SIZES = {
    "S": dict(edges=10_000, audience=20_000),
    "M": dict(edges=1_000_000, audience=2_000_000),
    "L": dict(edges=10_000_000, audience=20_000_000),
    "3L": dict(edges=30_000_000, audience=60_000_000),
    "XL": dict(edges=100_000_000, audience=200_000_000),
}
# Above 3L's single draws (about 1.9*10^7 extra edges, 6*10^7 audience rows).
EDGE_BATCH = 25_000_000
AUDIENCE_BATCH = 70_000_000
KINDS = ["account", "page", "group", "instagram", "organization"]
ACC, PAGE, GROUP, IG, ORG = range(5)
PREFIX = ["a", "p", "g", "i", "o"]
ETYPES = ["administers", "memberOf", "follows", "attributedTo", "linkedTo"]
ADM, MEM, FOL, ATT, LNK = range(5)

HERE = os.path.dirname(os.path.abspath(__file__))


def log(*a):
    print(f"[gen {time.strftime('%H:%M:%S')}]", *a, file=sys.stderr, flush=True)


# --------------------------------------------------------------------------- writing
def _line_buffers(arr):
    """Yield raw byte views of a pyarrow (large_)string array without nulls."""
    if isinstance(arr, pa.ChunkedArray):
        chunks = arr.chunks
    else:
        chunks = [arr]
    for ch in chunks:
        if len(ch) == 0:
            continue
        otype = np.int64 if pa.types.is_large_string(ch.type) else np.int32
        offs = np.frombuffer(ch.buffers()[1], dtype=otype)[ch.offset: ch.offset + len(ch) + 1]
        yield memoryview(ch.buffers()[2])[int(offs[0]): int(offs[-1])]


def write_rows(f, cols, sep=",", chunk=1_000_000):
    """Write rows made of string columns (pyarrow arrays, no nulls) joined by sep."""
    write_slices(f, len(cols[0]), lambda s, e: [c.slice(s, e - s) for c in cols], sep, chunk)


def write_slices(f, n, columns, sep=",", chunk=1_000_000):
    """Write n rows whose string columns columns(start, end) makes a slice at a time,
    so that no whole column of strings is ever held (XL's audience: 2*10^8 rows)."""
    for s in range(0, n, chunk):
        parts = columns(s, min(n, s + chunk))
        line = pc.binary_join_element_wise(*parts, sep) if len(parts) > 1 else parts[0]
        line = pc.binary_join_element_wise(line, "", "\n")
        for buf in _line_buffers(line):
            f.write(buf)


def str_ids(prefix, nums):
    """prefix + decimal number, as a pyarrow string array."""
    s = pc.cast(pa.array(nums), pa.string())
    return pc.binary_join_element_wise(prefix, s, "")


def sha256(path):
    h = hashlib.sha256()
    with open(path, "rb") as f:
        while True:
            b = f.read(1 << 22)
            if not b:
                break
            h.update(b)
    return h.hexdigest()


# --------------------------------------------------------------------------- model
def sorted_unique(x):
    """np.unique by sorting (numpy 2.x's hash-based unique is slow on large int64 arrays)."""
    x = np.sort(x)
    if len(x) == 0:
        return x
    return x[np.concatenate(([True], x[1:] != x[:-1]))]


def first_occurrence(x):
    """Indices of the first occurrence of each distinct value, in original order."""
    order = np.argsort(x, kind="stable")
    xs = x[order]
    keep = order[np.concatenate(([True], xs[1:] != xs[:-1]))] if len(x) else order
    return np.sort(keep)


def in_sorted(x, sorted_arr):
    """np.isin(x, sorted_arr) for a sorted array."""
    if len(sorted_arr) == 0:
        return np.zeros(len(x), dtype=bool)
    i = np.minimum(np.searchsorted(sorted_arr, x), len(sorted_arr) - 1)
    return sorted_arr[i] == x


def dense_codes(x):
    """Codes 0..k-1 for the distinct values of x (sort based)."""
    u = sorted_unique(x)
    return np.searchsorted(u, x), len(u)


def skewed(rng, n, size, gamma):
    """Local index in [0, n) with a heavy head at 0 (floor(n * u**gamma))."""
    u = rng.random(size)
    return np.minimum((n * u ** gamma).astype(np.int64), n - 1)


def generate(n_edges, n_audience, seed, name, edge_batch=EDGE_BATCH, audience_batch=AUDIENCE_BATCH):
    ss = np.random.SeedSequence([seed, n_edges, n_audience])
    rng = np.random.default_rng(ss)
    t0 = time.time()

    n_nodes_target = max(200, int(round(n_edges / 2.5)))
    n_isolated = max(5, int(round(0.005 * n_nodes_target)))
    mega_nodes = int(round(0.25 * n_nodes_target))
    small_nodes_target = n_nodes_target - mega_nodes - n_isolated

    # ---- small operations -------------------------------------------------------
    cap = max(20, int(0.002 * n_nodes_target))
    est = small_nodes_target // 15 + 100
    while True:
        n_acc = 2 + np.minimum((rng.pareto(1.3, est) * 3).astype(np.int64), cap)
        n_page = rng.binomial(n_acc, 0.30)
        n_group = rng.binomial(n_acc, 0.12)
        n_ig = rng.binomial(n_acc, 0.25)
        n_org = 1 + rng.binomial(2, 0.15, est)
        none = (n_page + n_group + n_ig) == 0
        n_page[none] = 1
        tot = n_acc + n_page + n_group + n_ig + n_org
        cs = np.cumsum(tot)
        if cs[-1] >= small_nodes_target:
            k = int(np.searchsorted(cs, small_nodes_target)) + 1
            n_acc, n_page, n_group, n_ig, n_org = (x[:k] for x in (n_acc, n_page, n_group, n_ig, n_org))
            break
        est *= 2

    # ---- mega operation (cluster 0) ----------------------------------------------
    m_org = max(1, int(round(0.002 * mega_nodes)))
    m_page = int(round(0.15 * mega_nodes))
    m_group = int(round(0.08 * mega_nodes))
    m_ig = int(round(0.17 * mega_nodes))
    m_acc = mega_nodes - m_org - m_page - m_group - m_ig
    cnt = np.zeros((5, len(n_acc) + 1), dtype=np.int64)  # [kind, cluster]
    cnt[:, 0] = [m_acc, m_page, m_group, m_ig, m_org]
    cnt[ACC, 1:], cnt[PAGE, 1:], cnt[GROUP, 1:], cnt[IG, 1:], cnt[ORG, 1:] = n_acc, n_page, n_group, n_ig, n_org
    C = cnt.shape[1]
    start = np.zeros_like(cnt)
    start[:, 1:] = np.cumsum(cnt, axis=1)[:, :-1]

    # ---- isolated nodes ------------------------------------------------------------
    iso_kind = rng.choice([ACC, PAGE, GROUP, IG], size=n_isolated, p=[0.2, 0.4, 0.1, 0.3])
    n_kind = cnt.sum(axis=1) + np.bincount(iso_kind, minlength=5)
    kind_off = np.zeros(6, dtype=np.int64)
    kind_off[1:] = np.cumsum(n_kind)
    N = int(kind_off[-1])

    def g(kind, local):  # global node index
        return kind_off[kind] + local

    # cluster of every node (−1 = isolated), per kind, in local index order
    node_cluster = []
    for k in range(5):
        cl = np.repeat(np.arange(C), cnt[k])
        extra = int(n_kind[k] - cnt[k].sum())
        node_cluster.append(np.concatenate([cl, np.full(extra, -1)]))
    log(f"{name}: {N:,} nodes in {C:,} operations (+{n_isolated} isolated); "
        f"mega={mega_nodes:,}; kinds={dict(zip(KINDS, n_kind.tolist()))}")

    # ---- spanning edges (each operation connected) -----------------------------------
    src, dst, typ = [], [], []

    def add(s, d, t):
        src.append(np.asarray(s, dtype=np.int64))
        dst.append(np.asarray(d, dtype=np.int64))
        typ.append(np.full(len(s), t, dtype=np.int8) if np.isscalar(t) else np.asarray(t, dtype=np.int8))

    acc_cl = node_cluster[ACC]
    acc_local = np.arange(len(acc_cl))
    in_cl = acc_cl >= 0
    a_idx = acc_local[in_cl]
    a_cl = acc_cl[in_cl]
    j = a_idx - start[ACC, a_cl]  # position within the operation
    first = j == 0
    # account 0 of an operation -> attributedTo org 0
    add(g(ACC, a_idx[first]), g(ORG, start[ORG, a_cl[first]]), ATT)
    # account j>0 -> follows an earlier account (60%) or attributedTo org 0 (40%)
    rest = ~first
    jr, cr, ar = j[rest], a_cl[rest], a_idx[rest]
    fol = rng.random(len(jr)) < 0.6
    par = start[ACC, cr] + (rng.random(len(jr)) * jr).astype(np.int64)
    add(g(ACC, ar[fol]), g(ACC, par[fol]), FOL)
    add(g(ACC, ar[~fol]), g(ORG, start[ORG, cr[~fol]]), ATT)
    # org k>0 <- attributedTo from a random account of the operation
    o_cl = node_cluster[ORG]
    o_idx = np.arange(len(o_cl))
    sel = (o_cl >= 0)
    o_idx, o_cl = o_idx[sel], o_cl[sel]
    sel = (o_idx - start[ORG, o_cl]) > 0
    o_idx, o_cl = o_idx[sel], o_cl[sel]
    ra = start[ACC, o_cl] + skewed(rng, cnt[ACC, o_cl], len(o_cl), 1.0)
    add(g(ACC, ra), g(ORG, o_idx), ATT)
    # every asset <- administers from an operator account (skewed: few operators run many)
    for k in (PAGE, GROUP, IG):
        cl = node_cluster[k]
        idx = np.arange(len(cl))
        sel = cl >= 0
        idx, cl = idx[sel], cl[sel]
        ra = start[ACC, cl] + skewed(rng, cnt[ACC, cl], len(cl), 2.0)
        add(g(ACC, ra), g(k, idx), ADM)
    n_span = sum(len(x) for x in src)

    # ---- bridges: ~8% of small operations are linked into the mega operation ----------
    small = np.arange(1, C)
    br = small[rng.random(len(small)) < 0.08]
    bt = rng.choice([FOL, LNK, ATT], size=len(br), p=[0.5, 0.3, 0.2])
    has_page = cnt[PAGE, br] > 0
    bt[(bt == LNK) & ~has_page] = FOL
    b_acc = g(ACC, start[ACC, br] + skewed(rng, cnt[ACC, br], len(br), 1.0))
    m_acc_t = g(ACC, skewed(rng, cnt[ACC, 0], len(br), 2.0))
    m_page_t = g(PAGE, skewed(rng, cnt[PAGE, 0], len(br), 2.0))
    m_org_t = g(ORG, skewed(rng, cnt[ORG, 0], len(br), 1.5))
    b_page = g(PAGE, start[PAGE, br] + (rng.random(len(br)) * np.maximum(cnt[PAGE, br], 1)).astype(np.int64))
    bs = np.where(bt == LNK, b_page, b_acc)
    bd = np.where(bt == FOL, m_acc_t, np.where(bt == LNK, m_page_t, m_org_t))
    add(bs, bd, bt)
    n_bridge = len(br)

    req_s, req_d, req_t = np.concatenate(src), np.concatenate(dst), np.concatenate(typ)
    n_req = len(req_s)
    if n_req > n_edges:
        raise SystemExit(f"edge budget {n_edges} too small for {n_req} structural edges")

    def keys(s, d, t):
        return (s * N + d) * 5 + t

    req_keys = np.sort(keys(req_s, req_d, req_t))

    # ---- extra edges inside operations -----------------------------------------------
    need = n_edges - n_req
    w = np.concatenate([[0.0], cnt[:, 1:].sum(axis=0).astype(np.float64)])
    w[1:] *= 0.55 / w[1:].sum()
    w[0] = 0.45
    ex_s, ex_d, ex_t = [], [], []
    have = 0
    seen = np.empty(0, dtype=np.int64)
    rounds = 0
    while have < need:
        rounds += 1
        m = min(int((need - have) * 1.05) + 64, edge_batch)
        cl = rng.choice(C, size=m, p=w)
        t = rng.choice([MEM, FOL, ADM, ATT, LNK], size=m, p=[0.32, 0.30, 0.10, 0.13, 0.15]).astype(np.int8)
        na, npg, ngr, nig, nor = (cnt[k, cl] for k in (ACC, PAGE, GROUP, IG, ORG))
        sa, spg, sgr, sig, sor = (start[k, cl] for k in (ACC, PAGE, GROUP, IG, ORG))
        u_acc = g(ACC, sa + (rng.random(m) * na).astype(np.int64))
        h_acc = g(ACC, sa + skewed(rng, na, m, 2.0))
        s = np.empty(m, dtype=np.int64)
        d = np.empty(m, dtype=np.int64)
        # memberOf: account -> popular group
        sel = (t == MEM) & (ngr > 0)
        s[sel] = u_acc[sel]
        d[sel] = g(GROUP, sgr[sel] + skewed(rng, ngr[sel], int(sel.sum()), 2.0))
        t[(t == MEM) & ~sel] = FOL
        # administers: hub operator -> any asset of the operation
        sel = t == ADM
        n_as = npg + ngr + nig
        r = (rng.random(m) * np.maximum(n_as, 1)).astype(np.int64)
        tgt = np.where(r < npg, g(PAGE, spg + r),
                       np.where(r < npg + ngr, g(GROUP, sgr + r - npg), g(IG, sig + r - npg - ngr)))
        s[sel] = h_acc[sel]
        d[sel] = tgt[sel]
        # attributedTo: account or asset -> organisation (org 0 most often)
        sel = t == ATT
        org = g(ORG, sor + skewed(rng, nor, m, 2.0))
        from_asset = rng.random(m) < 0.5
        s[sel] = np.where(from_asset, tgt, u_acc)[sel]
        d[sel] = org[sel]
        # linkedTo: instagram -> page, page -> page, group -> page
        sel = (t == LNK) & (npg > 0)
        lsrc_kind = rng.choice([IG, PAGE, GROUP], size=m, p=[0.5, 0.3, 0.2])
        lsrc_kind = np.where((lsrc_kind == IG) & (nig == 0), PAGE, lsrc_kind)
        lsrc_kind = np.where((lsrc_kind == GROUP) & (ngr == 0), PAGE, lsrc_kind)
        ls = np.where(lsrc_kind == IG, g(IG, sig + (rng.random(m) * np.maximum(nig, 1)).astype(np.int64)),
                      np.where(lsrc_kind == GROUP,
                               g(GROUP, sgr + (rng.random(m) * np.maximum(ngr, 1)).astype(np.int64)),
                               g(PAGE, spg + (rng.random(m) * np.maximum(npg, 1)).astype(np.int64))))
        ld = g(PAGE, spg + skewed(rng, np.maximum(npg, 1), m, 2.0))
        s[sel] = ls[sel]
        d[sel] = ld[sel]
        t[(t == LNK) & ~sel] = FOL
        # follows: account -> hub account (70%) or -> page / instagram (30%)
        sel = t == FOL
        pick_ig = np.where((npg > 0) & (nig > 0), rng.random(m) < 0.5, nig > 0)
        pi_t = np.where(pick_ig, g(IG, sig + skewed(rng, np.maximum(nig, 1), m, 2.0)),
                        g(PAGE, spg + skewed(rng, np.maximum(npg, 1), m, 2.0)))
        to_asset = (rng.random(m) < 0.3) & ((npg + nig) > 0)
        s[sel] = u_acc[sel]
        d[sel] = np.where(to_asset, pi_t, h_acc)[sel]
        # no self loops (dropped; the next round makes up for them)
        ok = s != d
        s, d, t = s[ok], d[ok], t[ok]
        # drop duplicates (among themselves, of structural edges, of earlier rounds)
        k = keys(s, d, t)
        first_i = first_occurrence(k)
        s, d, t, k = s[first_i], d[first_i], t[first_i], k[first_i]
        ok = ~in_sorted(k, req_keys) & ~in_sorted(k, seen)
        s, d, t, k = s[ok], d[ok], t[ok], k[ok]
        take = min(len(s), need - have)
        ex_s.append(s[:take]); ex_d.append(d[:take]); ex_t.append(t[:take])
        seen = np.sort(np.concatenate([seen, k[:take]]))
        have += take
    del seen
    E_s = np.concatenate([req_s] + ex_s)
    E_d = np.concatenate([req_d] + ex_d)
    E_t = np.concatenate([req_t] + ex_t)
    perm = rng.permutation(len(E_s))
    E_s, E_d, E_t = E_s[perm], E_d[perm], E_t[perm]
    assert len(E_s) == n_edges
    log(f"{name}: {len(E_s):,} edges ({n_span:,} spanning, {n_bridge:,} bridges, "
        f"{len(E_s) - n_req:,} extra in {rounds} rounds) [{time.time() - t0:.1f}s]")

    # ---- audience ------------------------------------------------------------------------
    asset_g = np.concatenate([np.arange(kind_off[k], kind_off[k + 1]) for k in (PAGE, GROUP, IG)])
    asset_cl = np.concatenate([node_cluster[k] for k in (PAGE, GROUP, IG)])
    nA = len(asset_g)
    U = max(1000, int(0.6 * n_audience))
    n_acc_nodes = int(n_kind[ACC])
    wts = rng.pareto(1.2, nA)
    size = wts * (n_audience / wts.sum())
    size = np.minimum(np.floor(size + rng.random(nA)).astype(np.int64), U // 3)
    # audience pools: one per small operation, one per 300 assets of the mega operation,
    # one per isolated asset; pool size 0.6 x the pool's planned audience rows
    in_mega = np.nonzero(asset_cl == 0)[0]
    sub = np.zeros(nA, dtype=np.int64)
    sub[in_mega] = rng.permutation(len(in_mega)) // 300
    pool_key = np.where(asset_cl > 0, asset_cl,
                        np.where(asset_cl == 0, C + sub, C + nA + np.arange(nA)))
    pool_id, n_pools = dense_codes(pool_key)
    pool_tot = np.bincount(pool_id, weights=size, minlength=n_pools)
    P = np.clip((0.6 * pool_tot).astype(np.int64), 50, U)
    base = rng.integers(0, U, n_pools)
    span = U + n_acc_nodes  # account code: < U ordinary user, >= U the operation's own account

    def draw(a_of_row):
        rows = len(a_of_row)
        pid = pool_id[a_of_row]
        src_kind = rng.choice(3, size=rows, p=[0.65, 0.30, 0.05])
        u = rng.random(rows)
        code = np.where(src_kind == 0, (base[pid] + (P[pid] * u ** 1.5).astype(np.int64)) % U,
                        np.minimum((U * u ** 2.5).astype(np.int64), U - 1))
        cl_row = asset_cl[a_of_row]
        own = (src_kind == 2) & (cl_row >= 0)
        cr = cl_row[own]
        code[own] = U + start[ACC, cr] + (rng.random(int(own.sum())) * cnt[ACC, cr]).astype(np.int64)
        return a_of_row * span + code

    def draw_all(rows_per_asset):
        """draw() for every row, in batches of at most audience_batch rows (whole assets)."""
        ends = np.cumsum(rows_per_asset)
        if len(ends) == 0 or ends[-1] <= audience_batch:
            return draw(np.repeat(np.arange(nA), rows_per_asset))
        keys, first = [], 0
        while first < nA:
            done = ends[first - 1] if first else 0
            last = max(first + 1, int(np.searchsorted(ends, done + audience_batch, side="right")))
            keys.append(draw(np.repeat(np.arange(first, last), rows_per_asset[first:last])))
            first = last
        return np.concatenate(keys)

    key = sorted_unique(draw_all(size))
    rounds = 1
    while len(key) < n_audience and rounds < 20:  # top up what duplicates took away
        rounds += 1
        missing = n_audience - len(key)
        extra = np.floor(size * (1.15 * missing / size.sum()) + rng.random(nA)).astype(np.int64)
        key = sorted_unique(np.concatenate([key, draw_all(extra)]))
    if len(key) > n_audience:
        key = key[np.sort(rng.choice(len(key), n_audience, replace=False))]
    # The same values in half the bytes where they fit (XL: 2*10^8 rows).
    small = np.int32 if max(nA, span) < 2**31 else np.int64
    a_of_row = (key // span).astype(small)
    code = (key % span).astype(small)
    del key
    perm = rng.permutation(len(code))
    a_of_row, code = a_of_row[perm], code[perm]
    del perm
    aud_count = np.bincount(a_of_row, minlength=nA)
    log(f"{name}: {len(code):,} audience rows over {nA:,} assets in {rounds} rounds, universe {U:,} "
        f"(max audience {aud_count.max():,}) [{time.time() - t0:.1f}s]")

    return dict(N=N, n_kind=n_kind, kind_off=kind_off, E=(E_s, E_d, E_t), asset_g=asset_g,
                aud_asset=a_of_row, aud_code=code, aud_count=aud_count, U=U, C=C,
                n_isolated=n_isolated, mega_nodes=mega_nodes, rng=rng, t0=t0)


def scramble(x, n):
    """A bijection of [0, n) (affine map with a multiplier coprime to n)."""
    a = 2654435761 % n
    while np.gcd(a, n) != 1:
        a += 1
    return (x.astype(np.int64) * a + 12345) % n


def write_all(d, outdir, name, seed, write_dot=True):
    os.makedirs(outdir, exist_ok=True)
    rng = d["rng"]
    N, n_kind, kind_off = d["N"], d["n_kind"], d["kind_off"]
    # ---- node ids: per kind, a random permutation of 1..n --------------------------------
    kind_of = np.repeat(np.arange(5), n_kind)
    num = np.empty(N, dtype=np.int64)
    for k in range(5):
        num[kind_off[k]:kind_off[k + 1]] = rng.permutation(n_kind[k]) + 1
    ids = pa.concat_arrays([str_ids(PREFIX[k], num[kind_off[k]:kind_off[k + 1]]) for k in range(5)])
    # ---- nodes.csv -------------------------------------------------------------------------
    words = ["Account ", "Page ", "Group ", "Instagram ", "Org "]
    numstr = pc.cast(pa.array(num), pa.string())
    word = pa.array(np.array(words, dtype=object)[kind_of], pa.string())
    label = pc.binary_join_element_wise(word, numstr, "")
    r = rng.random(N)
    # quoting cases: organisations carry a comma; a few pages have quotes or non-ASCII text
    org_lab = pc.binary_join_element_wise('"Org ', numstr, ', Ltd."', "")
    quo_lab = pc.binary_join_element_wise('"The ""Real"" Page ', numstr, '"', "")
    utf_lab = pc.binary_join_element_wise("Página ", numstr, "")
    is_org = pa.array(kind_of == ORG)
    label = pc.if_else(is_org, org_lab, label)
    label = pc.if_else(pa.array((kind_of == PAGE) & (r < 0.01)), quo_lab, label)
    label = pc.if_else(pa.array((kind_of == PAGE) & (r >= 0.01) & (r < 0.03)), utf_lab, label)
    kind_str = pa.array(np.array(KINDS, dtype=object)[kind_of], pa.string())
    aud_full = np.full(N, -1, dtype=np.int64)
    aud_full[d["asset_g"]] = d["aud_count"]
    fol = np.where((kind_of == PAGE) | (kind_of == IG), aud_full, -1)
    mem = np.where(kind_of == GROUP, aud_full, -1)

    def numcol(v):
        s = pc.cast(pa.array(v), pa.string())
        return pc.if_else(pa.array(v < 0), "", s)

    order = rng.permutation(N)
    cols = [ids, label, kind_str, numcol(fol), numcol(mem)]
    cols = [c.take(pa.array(order)) for c in cols]
    with open(os.path.join(outdir, "nodes.csv"), "wb") as f:
        f.write(b"Id,Label,Kind,Followers,Members\n")
        write_rows(f, cols)
    node_order_ids = cols[0]
    del cols, label, word, numstr
    # ---- edges.csv ---------------------------------------------------------------------------
    E_s, E_d, E_t = d["E"]
    etypes = pa.array(ETYPES, pa.string())

    def edge_columns(s, e):
        return [ids.take(pa.array(E_s[s:e])), ids.take(pa.array(E_d[s:e])), etypes.take(pa.array(E_t[s:e]))]

    with open(os.path.join(outdir, "edges.csv"), "wb") as f:
        f.write(b"Source,Target,Type\n")
        write_slices(f, len(E_s), edge_columns)
    # ---- graph.dot -----------------------------------------------------------------------------
    if write_dot:
        with open(os.path.join(outdir, "graph.dot"), "wb") as f:
            f.write(b"graph G {\n")
            write_rows(f, [pc.binary_join_element_wise(node_order_ids, ";", "")])
            def dot_edges(s, e):
                source, target, _ = edge_columns(s, e)
                return [pc.binary_join_element_wise(source, " -- ", target, ";", "")]

            write_slices(f, len(E_s), dot_edges)
            f.write(b"}\n")
    else:
        try:
            os.remove(os.path.join(outdir, "graph.dot"))
        except FileNotFoundError:
            pass
    # ---- audience.csv ------------------------------------------------------------------------
    U = d["U"]
    codes, assets = d["aud_code"], d["aud_asset"]

    def audience_columns(s, e):
        code = codes[s:e]
        is_net = code >= U
        user = str_ids("u", scramble(np.where(is_net, 0, code), U) + 1)
        net = ids.take(pa.array(np.where(is_net, kind_off[ACC] + code - U, 0)))
        return [ids.take(pa.array(d["asset_g"][assets[s:e]])), pc.if_else(pa.array(is_net), net, user)]

    with open(os.path.join(outdir, "audience.csv"), "wb") as f:
        f.write(b"Asset,Account\n")
        write_slices(f, len(codes), audience_columns)

    # ---- meta ------------------------------------------------------------------------------------
    files = {}
    for fn in ("nodes.csv", "edges.csv", "audience.csv", "graph.dot"):
        p = os.path.join(outdir, fn)
        if os.path.exists(p):
            files[fn] = dict(bytes=os.path.getsize(p), sha256=sha256(p))
    meta = dict(
        name=name, seed=seed, numpy=np.__version__, pyarrow=pa.__version__,
        nodes=int(N), edges=int(len(E_s)), audience_rows=int(len(codes)),
        nodes_by_kind=dict(zip(KINDS, map(int, n_kind))),
        edges_by_type=dict(zip(ETYPES, map(int, np.bincount(E_t, minlength=5)))),
        operations=int(d["C"]), mega_operation_nodes=int(d["mega_nodes"]),
        isolated_nodes=int(d["n_isolated"]), audience_universe=int(U),
        files=files, seconds=round(time.time() - d["t0"], 1),
    )
    with open(os.path.join(outdir, "meta.json"), "w") as f:
        json.dump(meta, f, indent=1)
    return meta


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--size", choices=list(SIZES), help="S (1e4 edges), M (1e6), L (1e7), 3L (3e7), XL (1e8)")
    ap.add_argument("--edges", type=int)
    ap.add_argument("--audience", type=int)
    ap.add_argument("--name")
    ap.add_argument("--seed", type=int, default=42)
    ap.add_argument("--no-dot", action="store_true", help="do not write graph.dot")
    ap.add_argument("--out", help="output directory (default bench-data/<name>)")
    ap.add_argument("--edge-batch", type=int, default=EDGE_BATCH,
                    help="extra edges drawn at most at once (default %(default)s)")
    ap.add_argument("--audience-batch", type=int, default=AUDIENCE_BATCH,
                    help="audience rows drawn at most at once (default %(default)s)")
    a = ap.parse_args()
    if a.size:
        p = dict(SIZES[a.size])
        name = a.size
    else:
        if not (a.edges and a.audience):
            ap.error("--size or both --edges and --audience")
        p = dict(edges=a.edges, audience=a.audience)
        name = a.name or f"E{a.edges}"
    if a.edges:
        p["edges"] = a.edges
    if a.audience:
        p["audience"] = a.audience
    out = a.out or os.path.join(os.path.dirname(HERE), "bench-data", name)
    d = generate(p["edges"], p["audience"], a.seed, name, a.edge_batch, a.audience_batch)
    meta = write_all(d, out, name, a.seed, write_dot=not a.no_dot)
    log(f"{name}: wrote {out} in {meta['seconds']}s: " +
        ", ".join(f"{k} {v['bytes'] / 1e6:.1f} MB" for k, v in meta["files"].items()))
    print(json.dumps(meta, indent=1))


if __name__ == "__main__":
    main()
