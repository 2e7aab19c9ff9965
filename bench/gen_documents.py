#!/usr/bin/env python3
"""Writes N CIBGraph network documents (version 2) shaped like a catalogue of takedowns,
seeded and deterministic, for timing `cibgraph summary` over many reports:

    python3 bench/gen_documents.py 10000 bench-data/documents

Each document is one announcement (a date from 2017 to 2024) with 1 to 4 networks: counts
of removed assets per kind with hedges (exact, about, less than, hedge unknown, not given),
≥1 audiences, ad spend in one of three currencies, origins and targets (ISO codes), an
attribution to one of 200 organisations (some part of another), topics and notes.
A network id recurs across documents now and then (a news article retelling a report).
Standard library only."""
import json
import os
import random
import sys

KINDS = ["account", "page", "group", "instagram", "event", "x-account", "youtube-channel"]
AUDIENCE_KINDS = ["page", "group", "instagram", "x-account", "youtube-channel"]
PLACES = ["RU", "IR", "PK", "IN", "US", "CN", "MM", "EG", "SA", "AE", "BR", "MX", "NG", "PH", "ID",
          "VN", "TH", "UA", "GE", "TR", "Middle East", "Francophone Africa"]
QUALIFIERS = ["exactly", "about", "about", "hedgeUnknown", "lessThan", "moreThan"]


def figure(rng, low, high, source):
    if rng.random() < 0.03:
        return {"qualifier": "notGiven", "source": source}
    value = rng.randint(low, high)
    return {"value": value, "qualifier": rng.choice(QUALIFIERS), "source": source}


def document(rng, number):
    year = rng.randint(2017, 2024)
    month = rng.randint(1, 12)
    day = rng.randint(1, 28)
    published = f"{year}-{month:02d}-{day:02d}"
    source = f"report-{number}"
    organizations, networks = [], []
    for n in range(rng.randint(1, 4)):
        # One network in fifty is a retelling of one described elsewhere.
        ident = f"net-{rng.randint(0, number)}-0" if rng.random() < 0.02 else f"net-{number}-{n}"
        org = rng.randint(0, 199)
        org_id = f"org-{org}"
        if not any(o["id"] == org_id for o in organizations):
            entry = {"id": org_id, "name": f"Organisation {org}", "aliases": [f"O{org}"],
                     "country": rng.choice(PLACES[:20]), "source": source}
            if org % 10:
                parent = f"org-{org - org % 10}"
                entry["partOf"] = parent
                if not any(o["id"] == parent for o in organizations):
                    organizations.append({"id": parent, "name": f"Organisation {org - org % 10}",
                                          "source": source})
            organizations.append(entry)
        kinds = rng.sample(KINDS, rng.randint(1, 4))
        counts = {kind: figure(rng, 1, 5000, source) for kind in kinds}
        audiences = {kind: figure(rng, 0, 3_000_000, source) for kind in kinds if kind in AUDIENCE_KINDS
                     and rng.random() < 0.8}
        network = {
            "id": ident, "name": f"Network {ident}",
            "origins": rng.sample(PLACES, rng.randint(1, 2)), "targets": rng.sample(PLACES, rng.randint(1, 3)),
            "policy": rng.choice(["coordinated inauthentic behaviour", "foreign interference", "state-backed"]),
            "topics": rng.sample(["elections", "health", "military", "religion", "economy"], 2),
            "attribution": {"statement": f"individuals associated with Organisation {org}",
                            "wording": rng.choice(["verbatim", "paraphrase"]), "organizations": [org_id],
                            "source": source},
            "reported": {"counts": counts, "audiences": audiences},
            "sources": [source], "notes": [f"note {number}-{n}"],
        }
        if network["attribution"]["wording"] == "paraphrase":
            network["attribution"]["paraphrasedBy"] = "a compilation"
        if rng.random() < 0.7:
            network["adSpend"] = {"amount": figure(rng, 1, 2_000_000, source),
                                  "currency": rng.choice(["USD", "USD", "EUR", "RUB"])}
        networks.append(network)
    return {
        "format": "cibgraph-network-document", "version": 2,
        "report": {"title": f"Takedown report {number}", "publisher": "Platform",
                   "published": published, "kind": "primary" if rng.random() < 0.9 else "secondary",
                   "sources": [{"id": source, "publisher": "Platform", "url": f"https://example.org/{year}/{month:02d}/r{number}"}]},
        "organizations": organizations, "networks": networks,
    }


def main():
    count, folder = int(sys.argv[1]), sys.argv[2]
    seed = int(sys.argv[3]) if len(sys.argv) > 3 else 42
    os.makedirs(folder, exist_ok=True)
    rng = random.Random(seed)
    for number in range(count):
        with open(os.path.join(folder, f"doc-{number:06d}.json"), "w") as out:
            json.dump(document(rng, number), out, indent=1)
    print(f"wrote {count} documents to {folder}")


if __name__ == "__main__":
    main()
