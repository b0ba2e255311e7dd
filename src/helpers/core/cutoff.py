"""The report's data cut-off (the latest date of any source a data file cites) and the article it tests."""
from __future__ import annotations

import csv
from datetime import date
from pathlib import Path


def data_cutoff(data_dir: Path) -> str:
    """The latest publication date (YYYY-MM-DD, YYYY-MM or YYYY) among the sources cited by any row
    of any data file in `data_dir` (read with the csv module: the build calls this before pandas is
    loaded; the files have already passed their checks)."""
    with open(data_dir / "sources.csv", encoding="utf-8", newline="") as handle:
        dates = {row["source_id"]: row["date"] for row in csv.DictReader(handle)}
    cited: set[str] = set()
    for path in sorted(data_dir.glob("*.csv")):
        if path.name == "sources.csv":
            continue
        with open(path, encoding="utf-8", newline="") as handle:
            for row in csv.DictReader(handle):
                cited.update(v for k, v in row.items() if k and (k == "source_id" or k.endswith("_source_id")) and v)
    found = [dates[s] for s in cited if dates.get(s)]
    # a date given only as a year or a month counts from its start: it cannot push the cut-off later
    return max(found, key=lambda d: (d + "-01-01")[:10]) if found else ""


def article(data_dir: Path) -> dict[str, str]:
    """article.csv as field -> value."""
    with open(data_dir / "article.csv", encoding="utf-8", newline="") as handle:
        return {row["field"]: row["value"] for row in csv.DictReader(handle)}


def in_words(when: str) -> str:
    """2026-06-18 -> 18 June 2026; 2026-06 -> June 2026; 2026 -> 2026."""
    parts = when.split("-")
    if len(parts) == 1:
        return when
    month = date(int(parts[0]), int(parts[1]), 1).strftime("%B")
    return f"{int(parts[2])} {month} {parts[0]}" if len(parts) == 3 else f"{month} {parts[0]}"
