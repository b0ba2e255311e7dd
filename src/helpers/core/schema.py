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
UNITS = ("usd_bn", "usd_tn", "usd_m", "usd", "pct", "share", "ratio", "years", "count", "index_points")


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


def source_col() -> Col:
    return Col("source_id", "str", f"id of a row in sources.csv, or '{ASSUMPTION}'")


def note_col() -> Col:
    return Col("note", "str", "what the figure covers, caveats", required=False)
