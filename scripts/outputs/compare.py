#!/usr/bin/env python3
"""Compares two records made by scripts/outputs/record.py and lists every case whose
stdout, stderr, exit status or written files differ, with a short unified diff of each
difference; exits 1 if any case differs or is in one record only, 0 if none does.

    python3 scripts/outputs/compare.py BEFORE_DIR AFTER_DIR [--lines 20] [--quiet]

A case differs when any file of its folder differs or is in one record only: stdout,
stderr, status, files.txt (the names, types and modes of what it wrote), files/* (what
it wrote), or command (the corpus itself changed between the two records).
"""
import argparse
import difflib
import os
import sys

STREAMS_FIRST = ["command", "status", "stdout", "stderr", "files.txt"]


def case_folders(record):
    """Case name -> the folder holding it, for every case of a record."""
    cases = {}
    top = os.path.join(record, "cases")
    for directory, subdirectories, files in os.walk(top):
        if "status" in files:
            cases[os.path.relpath(directory, top)] = directory
            subdirectories[:] = [d for d in subdirectories if d == "files"]
    return cases


def files_of(folder):
    """The relative paths of every file of a case folder, streams first."""
    found = []
    for directory, subdirectories, files in os.walk(folder):
        subdirectories.sort()
        for name in sorted(files):
            found.append(os.path.relpath(os.path.join(directory, name), folder))
    return sorted(found, key=lambda p: (STREAMS_FIRST.index(p) if p in STREAMS_FIRST
                                        else len(STREAMS_FIRST), p))


def read(path):
    with open(path, "rb") as f:
        return f.read()


def is_text(data):
    if b"\0" in data[:8192]:
        return False
    try:
        data.decode("utf-8")
        return True
    except UnicodeDecodeError:
        return False


def describe(name, before, after, lines):
    """A short unified diff of one file, or a line saying how binary files differ."""
    if not (is_text(before) and is_text(after)):
        common = next((i for i, (a, b) in enumerate(zip(before, after)) if a != b),
                      min(len(before), len(after)))
        return [f"  {name}: binary files differ ({len(before):,} and {len(after):,} bytes, "
                f"first difference at byte {common:,})"]
    diff = list(difflib.unified_diff(
        before.decode().splitlines(), after.decode().splitlines(), f"before/{name}",
        f"after/{name}", n=2, lineterm=""))
    if not diff:  # only the final newline differs
        ends = [data.endswith(b"\n") for data in (before, after)]
        diff = [f"--- before/{name}", f"+++ after/{name}",
                f"(ends with a newline: {ends[0]} before, {ends[1]} after)"]
    shown = [("  " + line)[:300] for line in diff[:lines]]
    if len(diff) > lines:
        shown.append(f"  … {len(diff) - lines} more diff lines")
    return shown


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("before", help="a record folder (record.py's output)")
    parser.add_argument("after", help="another record folder")
    parser.add_argument("--lines", type=int, default=20,
                        help="diff lines shown per differing file (default 20)")
    parser.add_argument("--quiet", action="store_true", help="list differing cases, no diffs")
    args = parser.parse_args()
    for record in (args.before, args.after):
        if not os.path.isdir(os.path.join(record, "cases")):
            parser.error(f"{record} is not a record (no cases/ folder)")

    before, after = case_folders(args.before), case_folders(args.after)
    differing = 0
    for name in sorted(set(before) | set(after)):
        if name not in after or name not in before:
            differing += 1
            print(f"{name}: only in {'before' if name in before else 'after'}")
            continue
        report = []
        old, new = files_of(before[name]), files_of(after[name])
        for relative in sorted(set(old) | set(new), key=lambda p: (
                STREAMS_FIRST.index(p) if p in STREAMS_FIRST else len(STREAMS_FIRST), p)):
            if relative not in new or relative not in old:
                side = "before" if relative in old else "after"
                report.append(f"  {relative}: only in {side}")
                continue
            a = read(os.path.join(before[name], relative))
            b = read(os.path.join(after[name], relative))
            if a != b:
                report += [f"  {relative}: differs"] if args.quiet else describe(
                    relative, a, b, args.lines)
        if report:
            differing += 1
            print(f"{name}: differs")
            print("\n".join(report))
    total = len(set(before) | set(after))
    print(f"{total} cases compared: {differing} differ" if differing
          else f"{total} cases compared: all identical")
    return 1 if differing else 0


if __name__ == "__main__":
    sys.exit(main())
