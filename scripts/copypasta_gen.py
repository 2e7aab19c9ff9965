#!/usr/bin/env python3
"""Writes a seeded activity file of posts with text, for `cibgraph coordinate
--by text`: background posts with planted copy-pasta campaigns, and the
campaigns' accounts beside it.

    python3 scripts/copypasta_gen.py OUT.csv --posts 100000 [--seed 7]
        [--campaigns N] [--groups OUT-groups.csv]

OUT.csv has account_id, content_id, timestamp, text (Unix seconds, over 30
days). The groups file has one row per planted campaign: its number and its
accounts, space-separated.

Background (about 99 % of the posts), by accounts that each post about 20
times at random times:
- ordinary posts: 6 to 30 words drawn from a vocabulary of 20,000 made-up
  words (Zipf-like: a few words are frequent), some with a mention, a
  hashtag or a link;
- paraphrases: a fifth of the posts rewrite one of 2,000 topic sentences
  with about 40 % of its words replaced and a word or two moved, so that
  many posts are alike without being near-duplicates (Jaccard of 5-character
  shingles well under 0.8);
- boilerplate: a tenth end with one of a few shared signatures ("Click the
  link below to read more", ...), the case where a shared tail alone must
  not link accounts.
Campaigns: 5 to 20 accounts of their own; each posts copies of 3 to 6 base
texts of 15 to 35 words, every copy within 5 minutes of the campaign's first
post of that text, each copy changed the way copy-pasta is: the case of a few
letters, extra spaces, a different link at the end, and in half of them one
typo (one letter changed) or an emoji or "!!" added. Any two copies of one
text stay at or above 0.8 similarity; nothing in the background comes near.
"""

import argparse
import random

SIGNATURES = [
    "Click the link below to read more",
    "Share this with everyone you know",
    "Follow us for daily updates",
    "Read the full story at the link below",
]
EMOJI = ["\U0001F525", "\U0001F64F", "\u2764\ufe0f", "\U0001F4AF"]
START = 1_700_000_000
SPAN = 30 * 86_400


def make_vocabulary(rng, size):
    syllables = [c + v for c in "bcdfghjklmnprstvwz" for v in "aeiou"] + ["th", "sh", "qu"]
    words = set()
    while len(words) < size:
        words.add("".join(rng.choice(syllables) for _ in range(rng.randint(1, 4))))
    return sorted(words)


class Text:
    def __init__(self, rng, vocabulary):
        self.rng = rng
        self.vocabulary = vocabulary
        # Zipf-like: index drawn as a power of a uniform.
        self.n = len(vocabulary)

    def word(self):
        return self.vocabulary[min(self.n - 1, int(self.n * self.rng.random() ** 2.5))]

    def sentence(self, low, high):
        return [self.word() for _ in range(self.rng.randint(low, high))]


def paraphrase(rng, text, words):
    out = [text.word() if rng.random() < 0.4 else w for w in words]
    for _ in range(rng.randint(1, 2)):
        i, j = rng.randrange(len(out)), rng.randrange(len(out))
        out.insert(j, out.pop(i))
    return out


def copy_of(rng, base):
    chars = list(base)
    for _ in range(rng.randint(0, 3)):
        i = rng.randrange(len(chars))
        chars[i] = chars[i].upper() if rng.random() < 0.5 else chars[i].lower()
    text = "".join(chars)
    if rng.random() < 0.3:
        text = text.replace(" ", "  ", 1)
    if rng.random() < 0.5:
        kind = rng.random()
        if kind < 0.5:
            spaces = [i for i, c in enumerate(text) if c.isalpha()]
            i = rng.choice(spaces)
            text = text[:i] + rng.choice("abcdefghijklmnopqrstuvwxyz") + text[i + 1 :]
        elif kind < 0.75:
            text += " " + rng.choice(EMOJI)
        else:
            text += "!!"
    return text + f" https://t.co/{rng.getrandbits(40):010x}"


def quote(text):
    return '"' + text.replace('"', '""') + '"'


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("out")
    parser.add_argument("--posts", type=int, default=100_000)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--campaigns", type=int, default=None, help="default: posts / 5,000, at least 3")
    parser.add_argument("--groups", default=None, help="default: OUT with -groups.csv")
    args = parser.parse_args()
    rng = random.Random(args.seed)
    text = Text(rng, make_vocabulary(rng, 20_000))
    topics = [text.sentence(12, 30) for _ in range(2_000)]
    campaigns = args.campaigns if args.campaigns is not None else max(3, args.posts // 5_000)
    groups_path = args.groups or args.out.rsplit(".", 1)[0] + "-groups.csv"
    post = 0
    with open(args.out, "w", encoding="utf-8", newline="") as out, open(
        groups_path, "w", encoding="utf-8", newline=""
    ) as groups:
        out.write("account_id,content_id,timestamp,text\n")
        groups.write("campaign,accounts\n")
        planted = 0
        for campaign in range(campaigns):
            accounts = [f"c{campaign}a{k}" for k in range(rng.randint(5, 20))]
            groups.write(f"{campaign},{' '.join(accounts)}\n")
            for _ in range(rng.randint(3, 6)):
                base = " ".join(text.sentence(15, 35))
                first = START + rng.randrange(SPAN)
                for account in accounts:
                    t = first + rng.randrange(300)
                    out.write(f"{account},p{post},{t},{quote(copy_of(rng, base))}\n")
                    post += 1
                    planted += 1
        background_accounts = max(2, (args.posts - planted) // 20)
        while post < args.posts:
            account = f"b{rng.randrange(background_accounts)}"
            roll = rng.random()
            if roll < 0.2:
                words = paraphrase(rng, text, rng.choice(topics))
            else:
                words = text.sentence(6, 30)
            if rng.random() < 0.1:
                words.insert(rng.randrange(len(words) + 1), "@" + text.word())
            if rng.random() < 0.1:
                words.append("#" + text.word())
            body = " ".join(words)
            if rng.random() < 0.1:
                body = body[0].upper() + body[1:] + ". " + rng.choice(SIGNATURES)
            if rng.random() < 0.15:
                body += f" https://example.com/{rng.getrandbits(32):08x}"
            out.write(f"{account},p{post},{START + rng.randrange(SPAN)},{quote(body)}\n")
            post += 1


if __name__ == "__main__":
    main()
