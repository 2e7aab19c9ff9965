#!/usr/bin/env python3
"""Writes Graphs/ as a catalogue of the takedowns in the cib-data compilation.

    python3 scripts/catalogue.py            # writes Graphs/meta-*.json, Graphs/x-*.json, Graphs/README.md
    python3 scripts/catalogue.py --check    # exit 1 if Graphs/ is not what it would write
    python3 scripts/catalogue.py --data DIR # the compilation's folder (default ../shared/data/cib-data)

The input is the cib-data compilation of simabasel on GitHub (commit f9fe9ca), kept
beside the repository in ../shared/data/cib-data/:

- cib-fb-data.csv, one row per network of Facebook's (now Meta's) announcements of
  coordinated inauthentic behaviour from July 2018 to May 2020. Each announcement
  (announced_date) becomes Graphs/meta-YYYY-MM-<slug>.json, a version 2 document of its
  networks, the slug being the announcement's address's last part. Every figure is
  transcribed as the compilation gives it, errors included (validate flags them), with
  the announcement as its source and the qualifier hedgeUnknown: the compilation dropped
  every "about" and "less than". An empty cell is left out (not given), never 0.
  The announcement of April 2019 (India and Pakistan) is not written: the hand-made
  Graphs/meta-2019-04-india-pakistan.json holds Meta's own figures and wins. Its rows
  are compared with it instead, and each difference is listed in Graphs/README.md.
- twitter-data.csv, one row per file of Twitter's archive of information operations.
  Each release (release_date) becomes Graphs/x-YYYY-MM-<slug>.json, a network per row:
  the accounts Twitter reported, the accounts in the archive (a subset where fewer),
  the tweets and the accounts' summed follower count, which is a sum, never an audience.

Graphs/README.md lists every document in Graphs/, hand-made ones included.
Python 3's standard library only.
"""
import csv
import difflib
import json
import re
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
GRAPHS = ROOT / "Graphs"
DEFAULT_DATA = ROOT.parent / "shared" / "data" / "cib-data"

COMPILATION_COMMIT = "f9fe9ca"
COMPILATION_URL = "https://github.com/simabasel/cib-data"
FB_SOURCE = {
    "id": "cib-fb-data",
    "publisher": "simabasel/cib-data on GitHub",
    "title": f"cib-fb-data.csv: a per-network compilation of Facebook's CIB announcements (commit {COMPILATION_COMMIT})",
    "url": f"{COMPILATION_URL}/blob/{COMPILATION_COMMIT}/cib-fb-data.csv",
    "kind": "secondary",
}
X_SOURCE = {
    "id": "cib-twitter-data",
    "publisher": "simabasel/cib-data on GitHub",
    "title": f"twitter-data.csv: per-file summaries of Twitter's information-operations archive, computed by the compilation's script (commit {COMPILATION_COMMIT})",
    "url": f"{COMPILATION_URL}/blob/{COMPILATION_COMMIT}/twitter-data.csv",
    "kind": "secondary",
}
PARAPHRASED_BY = "the cib-data compilation"
POLICY = "coordinated inauthentic behaviour"

# The announcement whose figures the facts file gives in Meta's own words: the
# hand-made document stands for it, and its rows are compared with it.
HAND_MADE_ANNOUNCEMENT = "2019-04-01"
HAND_MADE = "meta-2019-04-india-pakistan.json"
# Each of its rows, by affiliation, and the hand-made network it describes.
HAND_MADE_NETWORKS = {
    "ISPR (Inter-Service Public Relations) of the Pakistani military": "pk-ispr-2019-04",
    "INC IT Cell in India": "in-inc-it-cell-2019-04",
    "Indian IT firm, Silver Touch": "in-silver-touch-2019-04",
}

# Places as the compilation writes them: an ISO 3166-1 code, a named region (kept as
# written), or None for words that name no place ("Various", "Unidentified"), which a
# note on the network keeps. A name not here stops the script.
PLACES = {
    "Algeria": "DZ", "Angola": "AO", "Argentina": "AR", "Armenia": "AM", "Australia": "AU",
    "Austria": "AT", "Azerbaijan": "AZ", "Bahrain": "BH", "Bangladesh": "BD", "Bolivia": "BO",
    "Bosnia": "BA", "Brazil": "BR", "Cameroon": "CM", "Canada": "CA",
    "Central African Republic": "CF", "China": "CN", "Comoros": "KM",
    "Democratic Republic of the Congo": "CD", "Denmark": "DK", "Ecuador": "EC", "Egypt": "EG",
    "Estonia": "EE", "Finland": "FI", "France": "FR", "Georgia": "GE", "Germany": "DE",
    "Ghana": "GH", "Honduras": "HN", "Hong Kong": "HK", "India": "IN", "Indonesia": "ID",
    "Iran": "IR", "Iraq": "IQ", "Israel": "IL", "Italy": "IT", "Ivory Coast": "CI",
    "Jordan": "JO", "Kazakhstan": "KZ", "Kosovo": "XK", "Kyrgyzstan": "KG", "Latvia": "LV",
    "Lebanon": "LB", "Libya": "LY", "Lithuania": "LT", "Macedonia": "MK", "Madagascar": "MG",
    "Mauritania": "MR", "Mexico": "MX", "Moldova": "MD", "Morocco": "MA", "Mozambique": "MZ",
    "Myanmar": "MM", "Niger": "NE", "Nigeria": "NG", "Pakistan": "PK", "Palestine": "PS",
    "Peru": "PE", "Philippines": "PH", "Poland": "PL", "Qatar": "QA", "Romania": "RO",
    "Russia": "RU", "Saudi Arabia": "SA", "Senegal": "SN", "Serbia": "RS", "Sierra Leone": "SL",
    "Somalia": "SO", "Spain": "ES", "Sudan": "SD", "Sweden": "SE", "Syria": "SY",
    "Tajikistan": "TJ", "Tanzania": "TZ", "Thailand": "TH", "Togo": "TG", "Tunisia": "TN",
    "Turkey": "TR", "UAE": "AE", "UK": "GB", "the UK": "GB", "US": "US", "USA": "US",
    "Ukraine": "UA", "Uzbekistan": "UZ", "Venezuela": "VE", "Vietnam": "VN", "Yemen": "YE",
    "Zimbabwe": "ZW",
    # Regions, kept as written.
    "Latin America": "Latin America", "Middle East": "Middle East", "North Africa": "North Africa",
    "Southeast Asia": "Southeast Asia", "The Gulf": "The Gulf", "West Papua": "West Papua",
    # Words that name no place.
    "Various": None, "Unidentified": None,
}

# The actors the compilation's affiliations name: id -> (name, kind, country). An id is
# the same in every document, so that the same organisation is one actor in a summary.
ACTORS = {
    "panda": ("Panda, an advertising agency in Georgia", "organization", "GE"),
    "ge-georgian-dream-government": ("the Georgian Dream-led government", "organization", "GE"),
    "epoch-media-group": ("Epoch Media Group", "organization", "US"),
    "ira": ("Internet Research Agency (IRA)", "organization", "RU"),
    "yevgeny-prigozhin": ("Yevgeny Prigozhin", "person", "RU"),
    "charles-communications": ("Charles Communications", "organization", "AE"),
    "mintreach": ("MintReach", "organization", "NG"),
    "flexell": ("Flexell", "organization", "EG"),
    "insightid": ("InsightID (media firm)", "organization", "ID"),
    "el-fagr": ("El Fagr (newspaper)", "organization", "EG"),
    "myanmar-military": ("Myanmar military", "organization", "MM"),
    "cn-government": ("Government of China", "organization", "CN"),
    "new-waves": ("New Waves", "organization", "EG"),
    "newave": ("Newave", "organization", "AE"),
    "sa-government": ("Government of Saudi Arabia", "organization", "SA"),
    "new-eastern-outlook": ("New Eastern Outlook, a Russian government-funded journal based in Moscow", "organization", "RU"),
    "hn-government": ("Government of Honduras", "organization", "HN"),
    "liberty-front-press": ("Liberty Front Press", "organization", None),
    "pk-military": ("Pakistani military", "organization", "PK"),
    "ispr": ("Inter-Service Public Relations (ISPR)", "organization", "PK"),
    "inc": ("Indian National Congress (INC)", "organization", "IN"),
    "inc-it-cell": ("IT Cell of the Indian National Congress", "organization", "IN"),
    "silver-touch": ("Silver Touch (Indian IT firm)", "organization", "IN"),
    "nic-gabunada": ("Nic Gabunada", "person", "PH"),
    "psd": ("Social Democratic Party (PSD)", "organization", "RO"),
    "md-government": ("Government of Moldova", "organization", "MD"),
    "saracen-group": ("Saracen Group, an online syndicate in Indonesia", "organization", "ID"),
    "sputnik": ("Sputnik (Russian news agency)", "organization", "RU"),
    "bd-government": ("Government of Bangladesh", "organization", "BD"),
    "twinmark-media": ("Twinmark Media Enterprises", "organization", "PH"),
    "mytel": ("Mytel", "organization", "MM"),
    "viettel": ("Viettel", "organization", "VN"),
    "gapit-communications": ("Gapit Communications, a PR firm in Vietnam", "organization", "VN"),
    "arep-global": ("aRep Global", "organization", None),
    "newsfront": ("NewsFront", "organization", None),
    "southfront": ("SouthFront", "organization", None),
    "irib": ("The Islamic Republic of Iran Broadcasting Corporation", "organization", "IR"),
    "qanon": ("QAnon", "movement", None),
    "vdare": ("VDARE", "organization", "US"),
    "unz-review": ("The Unz Review", "organization", "US"),
    "myanmar-police-force": ("Myanmar Police Force", "organization", "MM"),
    "espersona": ("Espersona, a media firm in Georgia", "organization", "GE"),
    "united-national-movement": ("United National Movement, a political party in Georgia", "organization", "GE"),
    # Named by the Twitter releases.
    "ir-government": ("Government of Iran", "organization", "IR"),
    "erc": ("Esquerra Republicana de Catalunya", "organization", "ES"),
    "partido-popular": ("Partido Popular", "organization", "ES"),
    "dotdev": ("DotDev", "organization", None),
    "smaat": ("Smaat", "organization", "SA"),
}
# Parts of others (partOf), as the affiliation says.
PART_OF = {"ispr": "pk-military", "inc-it-cell": "inc"}

# Each affiliation as the compilation writes it (spaces at the ends trimmed) and the
# actors it names; one naming none ("state-backed influence campaign") maps to [].
# An affiliation not here stops the script.
AFFILIATIONS = {
    "Panda, an advertising agency in Georgia, and the Georgian Dream-led government":
        ["panda", "ge-georgian-dream-government"],
    "Epoch Media Group, a US-based media organization": ["epoch-media-group"],
    "Internet Research Agency (IRA) and Yevgeny Prigozhin": ["ira", "yevgeny-prigozhin"],
    "Internet Research Agency (IRA)": ["ira"],
    "Internet Research Agency": ["ira"],
    "Charles Communications in UAE, MintReach in Nigeria and Flexell in Egypt.":
        ["charles-communications", "mintreach", "flexell"],
    "Media firm InsightID": ["insightid"],
    "Newspaper El Fagr": ["el-fagr"],
    "Myanmar military": ["myanmar-military"],
    "Chinese gvt": ["cn-government"],
    "People’s Republic of China (PRC)": ["cn-government"],
    "New Waves in Egypt, and Newave in the UAE": ["new-waves", "newave"],
    "KSA gvt": ["sa-government"],
    "New Eastern Outlook, a Russian government-funded journal based in Moscow": ["new-eastern-outlook"],
    "Honduras gvt": ["hn-government"],
    "Liberty Front Press": ["liberty-front-press"],
    "ISPR (Inter-Service Public Relations) of the Pakistani military": ["ispr"],
    "INC IT Cell in India": ["inc-it-cell"],
    "Indian IT firm, Silver Touch": ["silver-touch"],
    "Nic Gabunada": ["nic-gabunada"],
    "Social Democratic Party (PSD)": ["psd"],
    "Moldovan gvt": ["md-government"],
    "Saracen Group, an online syndicate in Indonesia": ["saracen-group"],
    "Sputnik Russian news agency": ["sputnik"],
    "Bangladesh gvt": ["bd-government"],
    "Twinmark Media Enterprises": ["twinmark-media"],
    "Mytel in Myanmar and Viettel in Vietnam, and Gapit Communications, a PR firm in Vietnam":
        ["mytel", "viettel", "gapit-communications"],
    "aRep Global": ["arep-global"],
    "New Waves, and Flexell": ["new-waves", "flexell"],
    "Crimea media companies NewsFront, and SouthFront": ["newsfront", "southfront"],
    "The Islamic Republic of Iran Broadcasting Corporation": ["irib"],
    "QAnon": ["qanon"],
    "VDARE, a website known for posting anti-immigration content, and The Unz Review":
        ["vdare", "unz-review"],
    "Myanmar Police Force": ["myanmar-police-force"],
    "Espersona, a media firm in Georgia": ["espersona"],
    "United National Movement, a political party in Georgia": ["united-national-movement"],
    "state-backed influence campaign": [],
    "Commercial entity originating in Venezuela": [],
    "Iranian government": ["ir-government"],
    "Esquerra Republicana de Catalunya": ["erc"],
    "Partido Popular": ["partido-popular"],
    "DotDev": ["dotdev"],
    "Smaat": ["smaat"],
}

# cib-fb-data.csv's columns of figures and where each goes.
FB_COUNTS = [("fb_accounts", "account"), ("fb_pages", "page"), ("fb_groups", "group"),
             ("Events", "event"), ("ig_accounts", "instagram")]
FB_AUDIENCES = [("fb_pages_followers", "page"), ("fb_groups_followers", "group"),
                ("ig_followers", "instagram")]

MONTHS = {name: i for i, name in enumerate(
    ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"], 1)}
MONTH_NAMES = ["January", "February", "March", "April", "May", "June", "July", "August",
               "September", "October", "November", "December"]


class DataError(Exception):
    """A cell the script cannot read, with its file, line and column."""


def fail_at(file, line, column, message):
    raise DataError(f"{file}:{line}: column {column}: {message}")


# MARK: - Reading cells

def read_rows(path):
    """The rows of a CSV file as dicts, each with its line number (the header is line 1)."""
    with open(path, encoding="utf-8-sig", newline="") as file:
        reader = csv.DictReader(file)
        rows = []
        for row in reader:
            row["_line"] = reader.line_num
            rows.append(row)
    return rows


def whole_number(text, file, line, column):
    """A count as the compilation writes it ("1,400,000", "6278790.0"); None when empty."""
    text = text.strip()
    if not text:
        return None
    digits = text.replace(",", "")
    if digits.endswith(".0"):
        digits = digits[:-2]
    if not digits.isdigit():
        fail_at(file, line, column, f"not a whole number: {text!r}")
    return int(digits)


def us_date(text, file, line, column):
    """MM/DD/YYYY as YYYY-MM-DD."""
    match = re.fullmatch(r"(\d\d)/(\d\d)/(\d{4})", text.strip())
    if not match:
        fail_at(file, line, column, f"not a date MM/DD/YYYY: {text!r}")
    month, day, year = match.groups()
    return f"{year}-{month}-{day}"


def campaign_month(text, file, line, column):
    """start_date and end_date ("May-14", "2016") as YYYY-MM or YYYY; None when empty."""
    text = text.strip()
    if not text:
        return None
    if re.fullmatch(r"\d{4}", text):
        return text
    match = re.fullmatch(r"([A-Z][a-z]{2})-(\d\d)", text)
    if not match or match.group(1) not in MONTHS:
        fail_at(file, line, column, f"not a month such as May-14: {text!r}")
    return f"20{match.group(2)}-{MONTHS[match.group(1)]:02d}"


def places(text, file, line, column):
    """The places of a shared cell ("Vietnam, USA"): codes and regions, and the words that name none."""
    found, unnamed = [], []
    for name in (part.strip() for part in text.split(",")):
        if not name:
            continue
        if name not in PLACES:
            fail_at(file, line, column, f"unknown place {name!r}: add it to PLACES in {Path(__file__).name}")
        place = PLACES[name]
        if place is None:
            unnamed.append(name)
        elif place not in found:
            found.append(place)
    return found, unnamed


def actors_of(affiliation, file, line, column):
    if affiliation not in AFFILIATIONS:
        fail_at(file, line, column,
                f"unknown affiliation {affiliation!r}: add it to AFFILIATIONS in {Path(__file__).name}")
    return AFFILIATIONS[affiliation]


def slug_of(url):
    """The last part of an address, as a file name's slug: lower case, '-' between words."""
    path = re.sub(r"[?#].*$", "", url).rstrip("/")
    last = path.rsplit("/", 1)[-1]
    last = re.sub(r"\.html?$", "", last)
    if re.fullmatch(r"\d+", last) and "/status/" in path:
        # A tweet: the account and the tweet's number.
        last = path.split("/")[-3] + "-" + last
    slug = re.sub(r"[^a-z0-9]+", "-", last.lower()).strip("-")
    if not slug:
        raise DataError(f"{url}: no slug in this address")
    return slug


def long_date(iso):
    parts = iso.split("-")
    if len(parts) == 3:
        return f"{int(parts[2])} {MONTH_NAMES[int(parts[1]) - 1]} {parts[0]}"
    return f"{MONTH_NAMES[int(parts[1]) - 1]} {parts[0]}"


def figure(value, qualifier, source, note=None):
    result = {"value": value, "qualifier": qualifier, "source": source}
    if note:
        result["note"] = note
    return result


def actor_list(ids):
    """The document's organizations for the actors `ids` and those they are part of."""
    wanted = []
    for actor in ids:
        while actor and actor not in wanted:
            wanted.append(actor)
            actor = PART_OF.get(actor)
    result = []
    for actor in sorted(wanted):
        name, kind, country = ACTORS[actor]
        entry = {"id": actor, "name": name, "kind": kind}
        if actor in PART_OF:
            entry["partOf"] = PART_OF[actor]
        if country:
            entry["country"] = country
        result.append(entry)
    return result


def network_id(origins, month, taken):
    """<origin codes>-<yyyy-mm>-<n>: n counts the networks of those origins that month."""
    codes = "-".join(place.lower() for place in origins if len(place) == 2) or "unknown"
    base = f"{codes}-{month}"
    n = 1
    while f"{base}-{n}" in taken:
        n += 1
    taken.add(f"{base}-{n}")
    return f"{base}-{n}"


def unique_names(networks):
    """Names a document's networks share get "1 of 3", "2 of 3", … in row order, so each
    names one network in words a reader takes in (the row is in the network's notes)."""
    counts = {}
    for network in networks:
        counts[network["name"]] = counts.get(network["name"], 0) + 1
    seen = {}
    for network in networks:
        network.pop("_line")
        name = network["name"]
        if counts[name] > 1:
            seen[name] = seen.get(name, 0) + 1
            network["name"] = f"{name} ({seen[name]} of {counts[name]})"


def short_list(names, shown=3):
    return ", ".join(names[:shown]) + (f" and {len(names) - shown} more" if len(names) > shown else "")


# MARK: - Facebook

def fb_network(row, file, source_id, month, taken):
    line = row["_line"]

    def cell(column):
        return row[column].strip()

    origins, origin_words = places(row["origin_countries"], file, line, "origin_countries")
    targets, target_words = places(row["target_countries"], file, line, "target_countries")
    notes = [f"Row {line} of cib-fb-data.csv (cib-data, commit {COMPILATION_COMMIT}), transcribed as it is; "
             f"every figure's hedge was dropped by the compilation."]
    if origin_words:
        notes.append(f"The compilation gives the origin as \"{', '.join(origin_words)}\": no place.")
    if target_words:
        notes.append(f"The compilation gives the targets as \"{cell('target_countries')}\"; "
                     f"\"{', '.join(target_words)}\" names no place.")
    origin_text = cell("origin_countries") or "Unknown origin"
    name = origin_text + (f" → {short_list([t.strip() for t in cell('target_countries').split(',')])}"
                          if cell("target_countries") else "")
    affiliation = cell("affiliation")
    if affiliation:
        name += f" ({affiliation.rstrip('.')})" if len(affiliation) <= 40 else f" ({affiliation.split(',')[0]})"
    network = {
        "_line": line,
        "id": network_id(origins, month, taken),
        "name": name,
        "origins": origins,
        "targets": targets,
        "policy": POLICY,
        "topics": list(dict.fromkeys(t.strip() for t in cell("keywords").split(",") if t.strip())),
        "sources": [source_id, FB_SOURCE["id"]],
        "notes": notes,
    }
    if cell("source"):
        network["detection"] = {"method": cell("source"), "source": FB_SOURCE["id"]}
    actors = []
    if affiliation:
        actors = actors_of(affiliation, file, line, "affiliation")
        network["attribution"] = {
            "statement": affiliation, "wording": "paraphrase", "paraphrasedBy": PARAPHRASED_BY,
            "organizations": actors, "source": FB_SOURCE["id"],
        }
    budget = whole_number(row["budget_usd"], file, line, "budget_usd")
    first_ad = campaign_month(row["start_date"], file, line, "start_date")
    last_ad = campaign_month(row["end_date"], file, line, "end_date")
    if budget is not None:
        spend = {"amount": figure(budget, "hedgeUnknown", source_id), "currency": "USD"}
        if first_ad:
            spend["firstAd"] = first_ad
        if last_ad:
            spend["lastAd"] = last_ad
        network["adSpend"] = spend
    elif first_ad or last_ad:
        notes.append(f"The compilation dates the paid campaign ({first_ad or '?'} to {last_ad or '?'}) "
                     f"but gives no budget.")
    counts, audiences = {}, {}
    for column, kind in FB_COUNTS:
        value = whole_number(row[column], file, line, column)
        if value is not None:
            counts[kind] = figure(value, "hedgeUnknown", source_id)
    for column, kind in FB_AUDIENCES:
        value = whole_number(row[column], file, line, column)
        if value is not None:
            audiences[kind] = figure(value, "hedgeUnknown", source_id)
    network["reported"] = {"counts": counts, "audiences": audiences}
    return network, actors


def fb_documents(data):
    """Graphs/meta-*.json, one per announcement, and the rows of the hand-made one."""
    file = data / "cib-fb-data.csv"
    rows = read_rows(file)
    announcements = {}
    for row in rows:
        date = us_date(row["announced_date"], file.name, row["_line"], "announced_date")
        announcements.setdefault(date, []).append(row)
    documents, hand_made_rows = {}, []
    taken = set()
    for date in sorted(announcements):
        group = announcements[date]
        if date == HAND_MADE_ANNOUNCEMENT:
            hand_made_rows = group
            continue
        urls = {row["url"].strip() for row in group}
        if len(urls) != 1:
            raise DataError(f"{file.name}: the rows announced {date} cite {len(urls)} addresses: {sorted(urls)}")
        url = urls.pop()
        month = date[:7]
        source_id = f"meta-{date}"
        networks, actors = [], []
        for row in group:
            network, named = fb_network(row, file.name, source_id, month, taken)
            networks.append(network)
            actors += named
        unique_names(networks)
        lines = ", ".join(str(row["_line"]) for row in group)
        title = f"Facebook's announcement of coordinated inauthentic behaviour, {long_date(date)}"
        document = {
            "format": "cibgraph-network-document",
            "version": 2,
            "report": {
                "title": title,
                "publisher": "Facebook",
                "published": date,
                "url": url,
                "kind": "primary",
                "sources": [
                    {"id": source_id, "publisher": "Facebook", "title": title, "url": url,
                     "kind": "primary", "published": date},
                    FB_SOURCE,
                ],
                "notes": [
                    f"Figures come via a compilation, not from the announcement itself: rows {lines} of "
                    f"cib-fb-data.csv in {COMPILATION_URL} (commit {COMPILATION_COMMIT}). Each cites the "
                    f"announcement ({source_id}) and is qualified hedgeUnknown, as the compilation dropped "
                    f"every \"about\" and \"less than\"; budgets are in US dollars as the compilation gives them; "
                    f"attributions are the compilation's paraphrases.",
                    "The compilation gives no title: this one is the catalogue's.",
                    "Written by scripts/catalogue.py; rerun it rather than edit this file.",
                ],
            },
            "kinds": [],
            "organizations": actor_list(actors),
            "networks": networks,
        }
        name = f"meta-{month}-{slug_of(url)}.json"
        if name in documents:
            raise DataError(f"two announcements would both be written to Graphs/{name}")
        documents[name] = document
    return documents, hand_made_rows


# MARK: - Twitter / X

def x_documents(data):
    """Graphs/x-*.json, one per release of Twitter's archive."""
    file = data / "twitter-data.csv"
    rows = read_rows(file)
    releases = {}
    for row in rows:
        release = row["release_date"].strip()
        if not re.fullmatch(r"\d{4}_\d\d", release):
            fail_at(file.name, row["_line"], "release_date", f"not a release YYYY_MM: {release!r}")
        releases.setdefault(release.replace("_", "-"), []).append(row)
    documents = {}
    taken = set()
    for month in sorted(releases):
        group = releases[month]
        urls = []
        for row in group:
            for url in (u.strip() for u in row["urls"].split(",")):
                if url and url not in urls:
                    urls.append(url)
        if not urls:
            raise DataError(f"{file.name}: the release {month} cites no address")
        by_reported = {}
        for row in group:
            if row["accounts_reported"].strip() and row["accounts_reported"] != row["accounts"]:
                by_reported.setdefault(row["accounts_reported"].strip(), []).append(row)
        for shared in by_reported.values():
            if len(shared) > 1:
                for row in shared:
                    row["_shared_reported"] = ", ".join(str(r["_line"]) for r in shared)
        source_ids = [f"x-{month}"] + [f"x-{month}-{i}" for i in range(2, len(urls) + 1)]
        source_id = source_ids[0]
        title = f"Twitter's information-operations archive release, {long_date(month)}"
        networks, actors = [], []
        for row in group:
            network, named = x_network(row, file.name, source_id, month, taken)
            networks.append(network)
            actors += named
        unique_names(networks)
        lines = ", ".join(str(row["_line"]) for row in group)
        document = {
            "format": "cibgraph-network-document",
            "version": 2,
            "report": {
                "title": title,
                "publisher": "Twitter",
                "published": month,
                "url": urls[0],
                "kind": "primary",
                "sources": [
                    {"id": sid, "publisher": "Twitter", "url": url, "kind": "primary", "published": month}
                    | ({"title": title} if sid == source_id else {})
                    for sid, url in zip(source_ids, urls)
                ] + [X_SOURCE],
                "notes": [
                    f"Figures come via a compilation: rows {lines} of twitter-data.csv in {COMPILATION_URL} "
                    f"(commit {COMPILATION_COMMIT}), one per file of the release. The accounts Twitter reported "
                    f"cite the release ({source_id}); the accounts, tweets and summed follower counts of the "
                    f"archive's files were computed by the compilation's script ({X_SOURCE['id']}).",
                    "A summed follower count adds up each account's followers: a person following two of the "
                    "accounts is counted twice, so it is no audience and bounds none.",
                    "The compilation gives no title: this one is the catalogue's.",
                    "Written by scripts/catalogue.py; rerun it rather than edit this file.",
                ],
            },
            "kinds": [],
            "organizations": actor_list(actors),
            "networks": networks,
        }
        name = f"x-{month}-{slug_of(urls[0])}.json"
        if name in documents:
            raise DataError(f"two releases would both be written to Graphs/{name}")
        documents[name] = document
    return documents


def x_network(row, file, source_id, month, taken):
    line = row["_line"]

    def cell(column):
        return row[column].strip()

    origins, origin_words = places(row["attributed_country"], file, line, "attributed_country")
    targets, _ = places(row["target_countries"], file, line, "target_countries")
    archive = cell("users_filename")
    accounts = whole_number(row["accounts"], file, line, "accounts")
    reported = whole_number(row["accounts_reported"], file, line, "accounts_reported")
    tweets = whole_number(row["tweets_count"], file, line, "tweets_count")
    followers = whole_number(row["total_follower_count"], file, line, "total_follower_count")
    affiliation = cell("affiliation")
    name = cell("attributed_country") or "Unknown origin"
    if affiliation:
        name += f", {affiliation}"
    notes = [f"Row {line} of twitter-data.csv (cib-data, commit {COMPILATION_COMMIT}): the archive's files "
             f"{archive} and {cell('tweets_filename')}."]
    if origin_words:
        notes.append(f"The compilation gives the origin as \"{', '.join(origin_words)}\": no place.")
    computed = f"computed by the compilation's script from {archive}"
    counts, subsets = {}, []
    if row.get("_shared_reported") and accounts is not None:
        # One figure for the release, given on each of its files' rows: as each
        # network's count it would be summed twice. The archive's count stands.
        counts["x-account"] = figure(accounts, "exactly", X_SOURCE["id"],
                                     f"accounts: unique accounts {computed}")
        notes.append(f"The compilation gives accounts_reported {reported:,} on each of rows "
                     f"{row['_shared_reported']} of this release: a figure of the release, not of this "
                     f"file's network, so it is not this network's count.")
    elif reported is not None and accounts is not None and reported != accounts:
        # What Twitter said it removed is the network; the archive holds the part it published.
        counts["x-account"] = figure(reported, "hedgeUnknown", source_id,
                                     "accounts_reported: the number the compilation gives for Twitter's announcement")
        subsets.append({"label": f"the accounts in Twitter's archive file {archive}",
                        "counts": {"x-account": figure(accounts, "exactly", X_SOURCE["id"],
                                                       f"accounts: unique accounts {computed}")}})
    elif accounts is not None or reported is not None:
        value = accounts if accounts is not None else reported
        counts["x-account"] = figure(value, "exactly", source_id,
                                     f"accounts_reported and the unique accounts of {archive} agree")
    figures = {"counts": counts, "audiences": {}}
    if tweets is not None:
        figures["posts"] = figure(tweets, "exactly", X_SOURCE["id"],
                                  f"tweets_count: the tweets in {cell('tweets_filename')}, {computed}")
    if followers is not None:
        figures["summedFollowers"] = {"x-account": figure(
            followers, "exactly", X_SOURCE["id"],
            f"total_follower_count: the archived accounts' follower counts summed, {computed}")}
    network = {
        "_line": line,
        "id": "x-" + network_id(origins, month, taken),
        "name": name,
        "origins": origins,
        "targets": targets,
        "topics": [],
        "reported": figures,
        "subsets": subsets,
        "sources": [source_id, X_SOURCE["id"]],
        "notes": notes,
    }
    first, last = cell("first_tweet")[:10], cell("last_tweet")[:10]
    if re.fullmatch(r"\d{4}-\d\d-\d\d", first):
        network["activeFrom"] = first
    if re.fullmatch(r"\d{4}-\d\d-\d\d", last):
        network["activeUntil"] = last
    actors = []
    if affiliation:
        actors = actors_of(affiliation, file, line, "affiliation")
        network["attribution"] = {
            "statement": affiliation, "wording": "paraphrase", "paraphrasedBy": PARAPHRASED_BY,
            "organizations": actors, "source": X_SOURCE["id"],
        }
    return network, actors


# MARK: - April 2019: the compilation against Meta's figures

def hand_made_differences(rows, file_name):
    """Each difference between the compilation's April 2019 rows and the hand-made document."""
    with open(GRAPHS / HAND_MADE, encoding="utf-8") as handle:
        document = json.load(handle)
    by_id = {network["id"]: network for network in document["networks"]}
    lines = []
    for row in rows:
        line = row["_line"]
        affiliation = row["affiliation"].strip()
        if affiliation not in HAND_MADE_NETWORKS:
            raise DataError(f"{file_name}:{line}: an April 2019 row the hand-made document does not hold")
        network = by_id[HAND_MADE_NETWORKS[affiliation]]
        found = []
        reported = network.get("reported", {})
        tables = [("counts", FB_COUNTS), ("audiences", FB_AUDIENCES)]
        for table, columns in tables:
            for column, kind in columns:
                theirs = whole_number(row[column], file_name, line, column)
                ours = reported.get(table, {}).get(kind)
                what = f"{column} ({table}.{kind})"
                if ours is None and theirs is None:
                    continue
                if ours is None:
                    found.append(f"{what}: the compilation gives {theirs:,}; Meta gives no figure")
                elif theirs is None:
                    found.append(f"{what}: Meta gives {spoken(ours)}; the compilation nothing")
                elif ours.get("value") != theirs:
                    found.append(f"{what}: Meta gives {spoken(ours)}, the compilation {theirs:,}")
                elif ours.get("qualifier", "exactly") != "exactly":
                    found.append(f"{what}: Meta says {spoken(ours)}, the compilation {theirs:,} without the hedge")
        spend = network.get("adSpend")
        budget = whole_number(row["budget_usd"], file_name, line, "budget_usd")
        if spend and budget is not None:
            amount = spend["amount"]
            if amount["value"] != budget:
                found.append(f"budget_usd: Meta gives {spoken(amount)} {spend['currency']}, the compilation {budget:,}")
            elif amount.get("qualifier", "exactly") != "exactly":
                found.append(f"budget_usd: Meta says {spoken(amount)} {spend['currency']}, the compilation {budget:,} without the hedge")
            if spend.get("paidIn"):
                found.append(f"paid in {' and '.join(spend['paidIn'])} (Meta); the compilation gives US dollars only")
            for column, key in (("start_date", "firstAd"), ("end_date", "lastAd")):
                theirs = campaign_month(row[column], file_name, line, column)
                if theirs != spend.get(key):
                    found.append(f"{column}: Meta gives {spend.get(key) or 'none'}, the compilation {theirs or 'none'}")
        statement = network.get("attribution", {}).get("statement")
        if statement and affiliation != statement:
            found.append(f"attribution: Meta's words \"{statement}\"; the compilation's paraphrase \"{affiliation}\"")
        total = reported.get("total")
        if total:
            found.append(f"total: the headline {spoken(total['figure'])} ({', '.join(total['covers'])}; "
                         f"source {total['figure'].get('source')}) is not in the compilation")
        targets = row["target_countries"].strip()
        if targets and not network.get("targets"):
            found.append(f"targets: the compilation gives \"{targets}\"; the hand-made document none")
        if row["keywords"].strip() and not network.get("topics"):
            found.append(f"topics: the compilation gives \"{row['keywords'].strip()}\"; the hand-made document none")
        lines.append((line, network["id"], network["name"], found))
    return lines


def spoken(figure_object):
    value = figure_object.get("value")
    if value is None:
        return "no figure"
    qualifier = figure_object.get("qualifier", "exactly")
    words = {"about": "about ", "lessThan": "less than ", "moreThan": "more than ", "atLeast": "at least "}
    return f"{words.get(qualifier, '')}{value:,}"


# MARK: - Graphs/README.md

def markdown(text):
    """Text safe in a Markdown table cell."""
    text = re.sub(r"\s+", " ", str(text))
    return re.sub(r"([\\`*_\[\]<>|#])", r"\\\1", text)


def readme(documents, differences):
    """Graphs/README.md: every document of Graphs/, written or hand-made, and the April 2019 differences."""
    every = dict(documents)
    for path in sorted(GRAPHS.glob("*.json")):
        if path.name not in every and not is_generated_name(path.name):
            with open(path, encoding="utf-8") as handle:
                every[path.name] = json.load(handle)
    out = [
        "# Graphs: the catalogue",
        "",
        "Every document in this folder, one report each. `meta-*.json` and `x-*.json` are written by",
        "`python3 scripts/catalogue.py` from the cib-data compilation (simabasel/cib-data on GitHub,",
        f"commit {COMPILATION_COMMIT}; a copy is in `../shared/data/cib-data/`), and so is this file:",
        "rerun the script rather than edit them. `meta-2019-04-india-pakistan.json`,",
        "`meta-2020-08-cib-report.json` and `seed-000-ispr-article.json` are written by hand from",
        "Meta's own words (`../shared/facts/meta-cib-figures.md`) and a news article; where the",
        "compilation covers the same announcement (April 2019), the hand-made document wins and the",
        "compilation's rows are only compared with it (below).",
        "",
        "Figures from the compilation are qualified `hedgeUnknown` (it dropped every \"about\" and",
        "\"less than\"), and its transcription errors are kept as they are, with the row of the CSV in a",
        "note, for `cibgraph validate` to flag. The X documents' summed follower counts",
        "(`summedFollowers`) add up each account's followers: a sum, never an audience.",
        "",
        f"{len(every)} documents, {sum(len(d.get('networks', [])) for d in every.values())} networks.",
        "",
        "| file | report date | publisher | networks | sources |",
        "|---|---|---|---|---|",
    ]

    def order(item):
        name, document = item
        return (document["report"].get("published") or "", name)

    for name, document in sorted(every.items(), key=order):
        report = document["report"]
        networks = "<br>".join(markdown(f"{n['name']} ({n['id']})") for n in document.get("networks", []))
        sources = []
        for source in report.get("sources", []):
            label = markdown(f"{source['id']}: {source['publisher']}")
            sources.append(f"[{label}]({source['url']})" if source.get("url") else label)
        out.append(f"| [{markdown(name)}]({name}) | {markdown(report.get('published') or '')} | "
                   f"{markdown(report['publisher'])} | {networks} | {'<br>'.join(sources)} |")
    out += [
        "",
        f"## April 2019: the compilation against Meta's figures",
        "",
        f"The compilation's rows for the announcement of {long_date(HAND_MADE_ANNOUNCEMENT)} beside",
        f"[{HAND_MADE}]({HAND_MADE}), which holds Meta's words and wins:",
        "",
    ]
    for line, network_id_, name, found in differences:
        out.append(f"- Row {line} ({markdown(name)}, `{network_id_}`):")
        out += [f"  - {markdown(item)}" for item in found] or ["  - no difference"]
    return "\n".join(out) + "\n"


def is_generated_name(name):
    return (name.startswith("meta-") or name.startswith("x-")) and name.endswith(".json") and name != HAND_MADE \
        and name != "meta-2020-08-cib-report.json"


# MARK: - Writing and checking

def render(document):
    return json.dumps(document, indent=2, ensure_ascii=False, sort_keys=True) + "\n"


def generate(data):
    """Every file the script writes, by name in Graphs/."""
    documents, hand_made_rows = fb_documents(data)
    documents.update(x_documents(data))
    differences = hand_made_differences(hand_made_rows, "cib-fb-data.csv")
    files = {name: render(document) for name, document in documents.items()}
    files["README.md"] = readme(documents, differences)
    return files


def main():
    arguments = sys.argv[1:]
    check = "--check" in arguments
    data = DEFAULT_DATA
    if "--data" in arguments:
        at = arguments.index("--data")
        if at + 1 >= len(arguments):
            print("--data needs a folder", file=sys.stderr)
            return 64
        data = Path(arguments[at + 1])
    unknown = [a for i, a in enumerate(arguments) if a not in ("--check", "--data")
               and not (i > 0 and arguments[i - 1] == "--data")]
    if unknown:
        print(f"unknown argument {unknown[0]!r}; usage: catalogue.py [--check] [--data DIR]", file=sys.stderr)
        return 64
    for name in ("cib-fb-data.csv", "twitter-data.csv"):
        if not (data / name).is_file():
            print(f"{data / name}: no such file (the cib-data compilation; give its folder with --data)",
                  file=sys.stderr)
            return 66
    try:
        files = generate(data)
    except DataError as error:
        print(f"error: {error}", file=sys.stderr)
        return 65
    stale = sorted(path.name for path in GRAPHS.glob("*.json")
                   if is_generated_name(path.name) and path.name not in files)
    if check:
        with tempfile.TemporaryDirectory(prefix="cibgraph-catalogue-") as folder:
            differing = []
            for name, text in sorted(files.items()):
                written = Path(folder) / name
                written.write_text(text, encoding="utf-8")
                path = GRAPHS / name
                if not path.exists():
                    differing.append(f"{name}: missing from Graphs/")
                elif path.read_bytes() != written.read_bytes():
                    old = path.read_text(encoding="utf-8", errors="replace").splitlines()
                    diff = list(difflib.unified_diff(old, text.splitlines(), f"Graphs/{name}", "catalogue.py",
                                                     lineterm="", n=0))
                    differing.append(f"{name}: differs\n" + "\n".join(diff[:12]))
            differing += [f"{name}: in Graphs/ but not written by the catalogue" for name in stale]
        if differing:
            print("\n".join(differing), file=sys.stderr)
            print(f"Graphs/ is not what {Path(__file__).name} writes; rerun it", file=sys.stderr)
            return 1
        return 0
    for name in stale:
        (GRAPHS / name).unlink()
        svg = GRAPHS / (name[:-len(".json")] + ".svg")
        if svg.exists():
            svg.unlink()
    for name, text in files.items():
        (GRAPHS / name).write_text(text, encoding="utf-8")
    print(f"wrote {len(files) - 1} documents and README.md in Graphs/")
    return 0


if __name__ == "__main__":
    sys.exit(main())
