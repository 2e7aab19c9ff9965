#!/usr/bin/env python3
"""Writes the example data of Examples/data/ that the README's commands run on.

Synthetic, not a platform's data: every id, name and count is made up here, from a
fixed seed, so the same files come out on every run and every machine. They are
written the way real exports look:

  nodes.csv, edges.csv   itemized assets of one reported network (Meta's August 2020
                         "United States, CLS Strategies" network of
                         Graphs/meta-2020-08-cib-report.json, network id
                         us-cls-2020-08): part of its accounts, Pages and Instagram
                         accounts, as Gephi spreadsheets (Id,Label,Kind,Followers,Members;
                         Source,Target,Type), in three clusters and a few loners.
                         Attach them with --network us-cls-2020-08.
  audience.csv           audience lists (Asset,Account): a sample of the followers of
                         each Page and Instagram account, overlapping.
  activity.csv           a CooRTweet-style activity file (object_id,account_id,
                         content_id,timestamp_share, Unix seconds): 300 accounts sharing
                         URLs over a month, among them a planted group of 8 that shares
                         the same 10 URLs within 40 seconds of each other.
  twitter-archive.csv    a Twitter/X information-operations archive sample, with the
                         archive's columns (tweetid, userid as a hash, tweet_time as
                         "YYYY-MM-DD HH:MM", retweet_tweetid, hashtags, urls ...): 60
                         accounts, among them a planted group of 5 that retweets the
                         same 6 tweets within a minute.
  gephi-nodes.csv,       the itemized network as Gephi's Data Laboratory exports it
  gephi-edges.csv        (nodes: Id,Label,timeset and the attribute columns; edges:
                         Source,Target,Type,Id,Label,timeset,Weight with Type Directed).

Run from anywhere: `python3 Examples/data/generate.py` rewrites the files beside it;
`--check` only says whether the files there are what it would write (exit 1 if not).
"""

import csv
import hashlib
import io
import random
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
SEED = 2020_08


def table(header, rows):
    """RFC 4180 text with CRLF line ends, as spreadsheet exports write it."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(header)
    writer.writerows(rows)
    return out.getvalue()


def itemized(rng):
    """The assets and relations of the itemized network: three clusters, each
    accounts administering Pages and Pages linked to Instagram accounts, and
    some assets linked to nothing."""
    clusters = [("Venezuela", "ve"), ("Bolivia", "bo"), ("Ecuador", "ec")]
    topics = ["Noticias", "Opinión", "Debate", "Actualidad", "Voces", "Diario", "Verdad", "Hoy"]
    assets = []  # (id, label, kind, followers, members)
    relations = []  # (source, target, type)
    next_account = 100_004_512_000_000
    next_page = 104_731_000_000_000
    for country, code in clusters:
        accounts = []
        for _ in range(6):
            next_account += rng.randint(1_000, 90_000)
            accounts.append(str(next_account))
            assets.append((str(next_account), "", "account", "", ""))
        pages = []
        for i in range(4):
            next_page += rng.randint(10_000, 900_000)
            name = f"{rng.choice(topics)} {country} {i + 1}"
            followers = rng.randint(800, 45_000)
            pages.append(str(next_page))
            assets.append((str(next_page), name, "page", str(followers), ""))
        instagram = []
        for i in range(3):
            handle = f"{code}_{rng.choice(topics).lower()}_{rng.randint(10, 99)}"
            followers = rng.randint(150, 4_000)
            instagram.append(handle)
            assets.append((handle, "@" + handle, "instagram", str(followers), ""))
        for page in pages:
            for account in rng.sample(accounts, 2):
                relations.append((account, page, "administers"))
        for handle in instagram:
            relations.append((rng.choice(accounts), handle, "administers"))
            relations.append((rng.choice(pages), handle, "linkedTo"))
    for _ in range(2):  # itemized, linked to nothing found
        next_account += rng.randint(1_000, 90_000)
        assets.append((str(next_account), "", "account", "", ""))
    return assets, relations


def audience(rng, assets):
    """A sample of each Page's and Instagram account's followers, drawn from one
    pool with some accounts far more active than others, so that audiences
    overlap the way a network's own followers do."""
    pool = [str(1_000_000_000 + rng.randint(0, 8_999_999_999)) for _ in range(2_500)]
    weights = [1.0 / (1 + i) ** 0.6 for i in range(len(pool))]
    rows = []
    for asset_id, _, kind, followers, _ in assets:
        if kind not in ("page", "instagram"):
            continue
        size = min(int(followers), rng.randint(40, 260))
        chosen = set()
        while len(chosen) < size:
            chosen.update(rng.choices(pool, weights=weights, k=size - len(chosen)))
        rows += [(asset_id, account) for account in sorted(chosen)]
    return rows


def activity(rng):
    """CooRTweet's columns: background sharing, and a planted coordinated group."""
    start = 1_590_969_600  # 2020-06-01T00:00:00Z
    month = 30 * 86_400
    accounts = [f"acct_{rng.randint(10**7, 10**8 - 1)}" for _ in range(292)]
    urls = [f"https://news.example/{rng.randint(10**5, 10**6 - 1)}" for _ in range(400)]
    rows = []
    post = 7_000_000_000
    for _ in range(2_000):
        post += rng.randint(1, 5_000)
        rows.append((rng.choice(urls), rng.choice(accounts), str(post), start + rng.randrange(month)))
    group = [f"acct_{rng.randint(10**7, 10**8 - 1)}" for _ in range(8)]
    for k in range(10):
        url = f"https://campaign.example/story-{k + 1}"
        moment = start + rng.randrange(month)
        for account in group:
            post += rng.randint(1, 5_000)
            rows.append((url, account, str(post), moment + rng.randint(0, 40)))
    rows.sort(key=lambda row: (row[3], row[2]))
    return [(url, account, post, str(time)) for url, account, post, time in rows]


ARCHIVE_COLUMNS = [
    "tweetid", "userid", "user_display_name", "user_screen_name", "user_reported_location",
    "user_profile_description", "user_profile_url", "follower_count", "following_count",
    "account_creation_date", "account_language", "tweet_language", "tweet_text", "tweet_time",
    "tweet_client_name", "in_reply_to_userid", "in_reply_to_tweetid", "quoted_tweet_tweetid",
    "is_retweet", "retweet_userid", "retweet_tweetid", "latitude", "longitude", "quote_count",
    "reply_count", "like_count", "retweet_count", "hashtags", "urls", "user_mentions",
    "poll_choices",
]


def twitter_archive(rng):
    """Tweets with the columns of Twitter's information-operations archive."""
    def hashed(text):
        return hashlib.sha256(f"{SEED}:{text}".encode()).hexdigest()

    users = []
    for i in range(60):
        created = f"20{rng.randint(14, 19)}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}"
        users.append((hashed(f"user{i}"), created, rng.randint(3, 900), rng.randint(10, 1_500)))
    planted = users[:5]
    tags = ["noticias", "elecciones", "economia", "salud", "futbol", "opinion"]
    originals = [str(1_270_000_000_000_000_000 + rng.randint(0, 10**15)) for _ in range(40)]
    rows = []
    tweet = 1_271_000_000_000_000_000

    def row(user, minute, text, retweet=None, hashtags=(), urls=()):
        nonlocal tweet
        tweet += rng.randint(10**9, 10**12)
        userid, created, followers, following = user
        day, rest = divmod(minute, 1_440)
        time = f"2020-06-{1 + day:02d} {rest // 60:02d}:{rest % 60:02d}"
        return {
            "tweetid": str(tweet), "userid": userid, "user_display_name": userid,
            "user_screen_name": userid, "user_reported_location": "",
            "user_profile_description": "", "user_profile_url": "",
            "follower_count": str(followers), "following_count": str(following),
            "account_creation_date": created, "account_language": "es", "tweet_language": "es",
            "tweet_text": text, "tweet_time": time, "tweet_client_name": "Twitter Web App",
            "in_reply_to_userid": "", "in_reply_to_tweetid": "", "quoted_tweet_tweetid": "",
            "is_retweet": "True" if retweet else "False",
            "retweet_userid": hashed(f"author{retweet}") if retweet else "",
            "retweet_tweetid": retweet or "", "latitude": "absent", "longitude": "absent",
            "quote_count": "0", "reply_count": "0", "like_count": str(rng.randint(0, 30)),
            "retweet_count": "0",
            "hashtags": "[" + ", ".join(f"'{t}'" for t in hashtags) + "]" if hashtags else "[]",
            "urls": "[" + ", ".join(f"'{u}'" for u in urls) + "]" if urls else "[]",
            "user_mentions": "[]", "poll_choices": "",
        }

    for _ in range(900):
        user = rng.choice(users[5:])
        minute = rng.randrange(29 * 1_440)
        if rng.random() < 0.5:
            original = rng.choice(originals)
            rows.append(row(user, minute, f"RT @{original[-6:]}: …", retweet=original))
        else:
            tag = rng.choice(tags)
            url = f"https://news.example/{rng.randint(10**5, 10**6 - 1)}"
            rows.append(row(user, minute, f"#{tag} {url}", hashtags=[tag], urls=[url]))
    for k in range(6):
        original = str(1_272_000_000_000_000_000 + k * 7_919_000_000)
        minute = rng.randrange(29 * 1_440)
        for user in planted:
            rows.append(row(user, minute, f"RT @{original[-6:]}: …", retweet=original))
    rows.sort(key=lambda r: (r["tweet_time"], r["tweetid"]))
    return [[r[c] for c in ARCHIVE_COLUMNS] for r in rows]


def gephi_export(assets, relations):
    """The itemized network as Gephi's Data Laboratory writes its two tables
    after importing cibgraph's GEXF: nodes with Id, Label, timeset and the
    attributes; edges Directed, numbered, labelled with the relation, weight 1.0."""
    words = {"account": "Facebook account", "page": "Facebook Page", "instagram": "Instagram account"}
    nodes = [
        (asset_id, label or asset_id, "", words[kind], followers, members, "us-cls-2020-08")
        for asset_id, label, kind, followers, members in assets
    ]
    edges = [
        (source, target, "Directed", str(i), kind, "", "1.0")
        for i, (source, target, kind) in enumerate(relations)
    ]
    return (
        table(["Id", "Label", "timeset", "kind", "followers", "members", "network"], nodes),
        table(["Source", "Target", "Type", "Id", "Label", "timeset", "Weight"], edges),
    )


def files():
    rng = random.Random(SEED)
    assets, relations = itemized(rng)
    gephi_nodes, gephi_edges = gephi_export(assets, relations)
    return {
        "nodes.csv": table(["Id", "Label", "Kind", "Followers", "Members"], assets),
        "edges.csv": table(["Source", "Target", "Type"], relations),
        "audience.csv": table(["Asset", "Account"], audience(rng, assets)),
        "activity.csv": table(
            ["object_id", "account_id", "content_id", "timestamp_share"], activity(rng)),
        "twitter-archive.csv": table(ARCHIVE_COLUMNS, twitter_archive(rng)),
        "gephi-nodes.csv": gephi_nodes,
        "gephi-edges.csv": gephi_edges,
    }


def main():
    check = "--check" in sys.argv[1:]
    stale = []
    for name, text in files().items():
        path = HERE / name
        data = text.encode("utf-8")
        if check:
            if not path.exists() or path.read_bytes() != data:
                stale.append(name)
        else:
            path.write_bytes(data)
    if stale:
        print(f"{', '.join(stale)}: not what {Path(__file__).name} writes; rerun it", file=sys.stderr)
        sys.exit(1)


if __name__ == "__main__":
    main()
