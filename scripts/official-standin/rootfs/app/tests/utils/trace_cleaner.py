"""Unpacks each user_tool/output_<hex>.zip into user_tool/output_<hex>/ and drops the rows of
its trace.trace that only record waiting (log/before/after rows that mention
LocatorAssertions or "waiting for"), as the official clean-up does.
Usage: trace_cleaner.py <user_tool folder>"""

import json
import sys
import zipfile
from pathlib import Path

NOISE = ("LocatorAssertions", "waiting for")


def keep(line):
    row = json.loads(line)
    if row.get("type") not in ("log", "before", "after"):
        return True
    return not any(word in line for word in NOISE)


def clean(archive_path):
    target = archive_path.with_suffix("")
    with zipfile.ZipFile(archive_path) as archive:
        archive.extractall(target)
    trace = target / "trace.trace"
    if trace.exists():
        lines = [line for line in trace.read_text().splitlines() if line.strip()]
        trace.write_text("".join(line + "\n" for line in lines if keep(line)))
    archive_path.unlink()


def main():
    folder = Path(sys.argv[1])
    for archive_path in sorted(folder.glob("output_*.zip")):
        clean(archive_path)


if __name__ == "__main__":
    main()
