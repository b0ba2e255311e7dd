"""How a data file is declared: its columns (type, allowed values, range) and cross-column rules.

The declarations live beside the code that reads them: `tables.py` in each section's package
(helpers/sections/<section>/) and, for the files every section reads, helpers/core/tables.py.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Callable

if TYPE_CHECKING:  # pandas is imported only when a file is actually read
    import pandas as pd

ASSUMPTION = "assumption"
DATE_PATTERN = r"^\d{4}(-\d{2}(-\d{2})?)?$"
UNITS = ("usd_bn", "usd_tn", "usd_m", "usd", "pct", "share", "ratio", "years", "count", "index_points", "words")


# What a figure in each unit can plausibly be. The commonest real error in a data file is a slip of
# units (millions typed into a billions column): a value outside these bounds stops the build. A
# table may narrow them (Table.plausible).
PLAUSIBLE = {
    "usd_bn": (-10_000, 10_000, "billions of US dollars: $10 trillion at most"),
    "usd_tn": (-100, 100, "trillions of US dollars"),
    "usd_m": (-10_000_000, 10_000_000, "millions of US dollars: $10 trillion at most"),
    "usd": (-10_000_000, 10_000_000, "US dollars"),
    "pct": (-100, 1_000, "a percentage"),
    "share": (-1, 10, "a fraction, 1 = 100%"),
    "ratio": (0, 1_000, "a ratio"),
    "years": (0, 2_100, "years, or a calendar year"),
    "count": (0, 1_000_000, "a count"),
    "index_points": (0, 1_000_000, "index points"),
}
VALUE_COLUMNS = ("value", "valuation", "amount")  # the columns whose unit is given in `unit`


@dataclass(frozen=True)
class Col:
    name: str
    kind: str  # "str", "int", "float"
    description: str
    required: bool = True
    allowed: tuple | None = None
    min: float | None = None
    max: float | None = None
    pattern: str | None = None


@dataclass(frozen=True)
class RowRule:
    """A rule across columns: `bad(df)` marks the rows that break it."""
    column: str
    expected: str
    bad: Callable[[pd.DataFrame], pd.Series]


@dataclass(frozen=True)
class Table:
    name: str
    description: str
    columns: tuple[Col, ...]
    key: tuple[str, ...] = ()
    rules: tuple[RowRule, ...] = field(default_factory=tuple)
    sourced: bool = True  # has a source_id column that must resolve in sources.csv
    plausible: dict = field(default_factory=dict)  # unit -> (low, high, words): narrower than PLAUSIBLE

    def bounds(self, unit: str):
        return self.plausible.get(unit) or PLAUSIBLE.get(unit)


def source_col() -> Col:
    return Col("source_id", "str", f"id of a row in sources.csv, or '{ASSUMPTION}'")


def note_col() -> Col:
    return Col("note", "str", "what the figure covers, caveats", required=False)
