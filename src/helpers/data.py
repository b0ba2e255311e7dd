"""Load data/ files through declared schemas; any violation is a one-line DataError.

Each table is declared once in TABLES (columns, types, units, allowed values and
ranges). Values are coerced by this module so that the error can name the line;
pandera then checks ranges, allowed sets, nulls and uniqueness.
"""
from __future__ import annotations

import io
import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable

import pandas as pd
import pandera.pandas as pa

from helpers.errors import DataError
from helpers.paths import data_dir as default_data_dir

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


def _source_col() -> Col:
    return Col("source_id", "str", f"id of a row in sources.csv, or '{ASSUMPTION}'")


def _note_col() -> Col:
    return Col("note", "str", "what the figure covers, caveats", required=False)


FINANCIAL_METRICS = (
    "revenue", "net_loss", "net_loss_cumulative", "total_expenses", "compute_cost_total",
    "inference_compute_cost", "training_compute_cost", "rd_compute_cost", "cash_burn",
    "cash_burn_cumulative", "compute_cost_total_cumulative", "api_revenue", "gross_margin",
    "cost_of_revenue", "stock_compensation",
)
PERIODS = ("FY", "H1", "Q3", "Q1-Q3", "annualized", "cumulative")

TABLES: dict[str, Table] = {t.name: t for t in (
    Table(
        "sources.csv",
        "Every source cited by the other files.",
        (
            Col("source_id", "str", "short unique id"),
            Col("publisher", "str", "who published it"),
            Col("title", "str", "title of the document or article"),
            Col("date", "str", "publication date, YYYY-MM-DD (or YYYY-MM, YYYY)", pattern=DATE_PATTERN),
            Col("url", "str", "link", pattern=r"^https?://\S+$"),
            Col("kind", "str", "primary (filing, company release, official statistic) or secondary (press report)",
                allowed=("primary", "secondary")),
            Col("note", "str", "the figure it supports, with a short quote", required=False),
        ),
        key=("source_id",),
        sourced=False,
    ),
    Table(
        "openai_financials.csv",
        "OpenAI's revenue, costs and losses by calendar year, reported and projected.",
        (
            Col("company", "str", "company name"),
            Col("year", "int", "calendar year (for cumulative metrics, the last year of the span)", min=2015, max=2035),
            Col("period", "str", "part of the year covered: FY (full year), H1, Q3, Q1-Q3, annualized "
                "(run-rate), cumulative (span in note)", allowed=PERIODS),
            Col("metric", "str", "what is measured", allowed=FINANCIAL_METRICS),
            Col("value", "float", "the figure, in `unit`"),
            Col("unit", "str", "usd_bn (billions of US dollars) or pct", allowed=("usd_bn", "pct")),
            Col("status", "str", "reported (a past year) or projected", allowed=("reported", "projected")),
            Col("headline", "str", "yes for the one row per year and metric that the charts use", allowed=("yes", "no")),
            _source_col(),
            _note_col(),
        ),
        key=("company", "year", "period", "metric", "status", "source_id"),
        rules=(
            RowRule("value", "a value of 0 or more (only gross_margin may be negative)",
                    lambda df: (df["value"] < 0) & (df["metric"] != "gross_margin")),
            RowRule("unit", "pct for gross_margin and usd_bn for every other metric",
                    lambda df: (df["metric"] == "gross_margin") != (df["unit"] == "pct")),
            RowRule("headline", "at most one headline row per company, year and metric",
                    lambda df: (df["headline"] == "yes") & df.duplicated(["company", "year", "metric", "headline"])),
        ),
    ),
    Table(
        "openai_valuations.csv",
        "OpenAI's valuation at each funding round or share sale.",
        (
            Col("date", "str", "date of the round, YYYY-MM-DD or YYYY-MM", pattern=DATE_PATTERN),
            Col("valuation", "float", "valuation in `unit`", min=0),
            Col("unit", "str", "usd_bn", allowed=("usd_bn",)),
            Col("round", "str", "kind of transaction (post-money round, secondary sale)"),
            _source_col(),
            _note_col(),
        ),
        key=("date", "round", "source_id"),
    ),
    Table(
        "industry_figures.csv",
        "Single figures about the industry (IBM, Kruze Consulting, Citi and others).",
        (
            Col("figure_id", "str", "short unique id used by the notebooks"),
            Col("description", "str", "what the figure is"),
            Col("value", "float", "the figure, in `unit`"),
            Col("unit", "str", "unit code", allowed=UNITS),
            Col("period", "str", "year, span or as-of date the figure refers to"),
            _source_col(),
            _note_col(),
        ),
        key=("figure_id",),
    ),
)}


def _where(path: Path) -> str:
    try:
        return os.path.relpath(path)
    except ValueError:
        return str(path)


def _read_text(path: Path) -> str:
    if not path.exists():
        raise DataError(f"{_where(path)}: file not found (expected a CSV file with columns: "
                        f"{', '.join(c.name for c in TABLES[path.name].columns)})")
    raw = path.read_bytes()
    if raw.startswith(b"\xef\xbb\xbf"):
        raise DataError(f"{_where(path)}: starts with a byte-order mark; expected UTF-8 without BOM")
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        raise DataError(f"{_where(path)}: line {line}: not valid UTF-8 (byte {raw[exc.start]:#x}); expected UTF-8 text") from None
    if not text.strip():
        raise DataError(f"{_where(path)}: file is empty; expected a header row and at least one data row")
    return text


def _coerce(path: Path, frame: pd.DataFrame, table: Table) -> pd.DataFrame:
    out = frame.copy()
    for col in table.columns:
        values = out[col.name].str.strip()
        blank = values == ""
        if col.required and blank.any():
            line = int(blank.idxmax()) + 2
            raise DataError(f"{_where(path)}: line {line}, column '{col.name}': value is missing; expected {col.description}")
        if col.kind == "str":
            out[col.name] = values.where(~blank, None)
            continue
        numbers = pd.to_numeric(values.where(~blank, None), errors="coerce")
        bad = numbers.isna() & ~blank
        if col.kind == "int":
            bad |= numbers.notna() & (numbers % 1 != 0)
        if bad.any():
            line = int(bad.idxmax()) + 2
            kind = "a whole number" if col.kind == "int" else "a number"
            raise DataError(f"{_where(path)}: line {line}, column '{col.name}': expected {kind}, got {values[bad.idxmax()]!r}")
        out[col.name] = numbers.astype("Int64") if col.kind == "int" else numbers.astype(float)
    return out


def _schema(table: Table) -> pa.DataFrameSchema:
    columns = {}
    for col in table.columns:
        checks = []
        if col.allowed is not None:
            checks.append(pa.Check.isin(list(col.allowed), error=f"one of: {', '.join(map(str, col.allowed))}"))
        if col.min is not None:
            checks.append(pa.Check.ge(col.min, error=f"a value of at least {col.min:g}"))
        if col.max is not None:
            checks.append(pa.Check.le(col.max, error=f"a value of at most {col.max:g}"))
        if col.pattern is not None:
            checks.append(pa.Check.str_matches(col.pattern, error=f"text of the form {col.description}"))
        columns[col.name] = pa.Column(checks=checks, nullable=not col.required)
    return pa.DataFrameSchema(columns, unique=list(table.key) or None, report_duplicates="exclude_first")


def _validate(path: Path, frame: pd.DataFrame, table: Table) -> None:
    try:
        _schema(table).validate(frame)
    except pa.errors.SchemaError as exc:
        cases = exc.failure_cases
        first = cases.iloc[0] if len(cases) else {}
        line = int(first["index"]) + 2 if "index" in cases and first["index"] is not None else "?"
        if exc.column_name is None and "column" in cases:  # duplicate key
            key = ", ".join(f"{k}={frame.loc[first['index'], k]}" for k in table.key)
            raise DataError(f"{_where(path)}: line {line}: duplicate row for ({key}); expected each "
                            f"({', '.join(table.key)}) once") from None
        check = getattr(exc.check, "error", None) or str(exc.check)
        raise DataError(f"{_where(path)}: line {line}, column '{exc.column_name}': expected {check}, "
                        f"got {first['failure_case']!r}") from None
    for rule in table.rules:
        bad = rule.bad(frame).fillna(False)
        if bad.any():
            row = bad.idxmax()
            raise DataError(f"{_where(path)}: line {row + 2}, column '{rule.column}': expected {rule.expected}, "
                            f"got {frame.loc[row, rule.column]!r}")


def load(name: str, folder: Path | str | None = None) -> pd.DataFrame:
    """Read one data file, check it against its schema and return it with typed columns."""
    if name not in TABLES:
        raise DataError(f"no schema declared for data file '{name}'")
    table = TABLES[name]
    path = Path(folder or default_data_dir()) / name
    text = _read_text(path)
    try:
        frame = pd.read_csv(io.StringIO(text), dtype=str, keep_default_na=False, skipinitialspace=False)
    except (pd.errors.ParserError, pd.errors.EmptyDataError) as exc:
        raise DataError(f"{_where(path)}: not a readable CSV file ({str(exc).strip().splitlines()[-1]})") from None
    expected = [c.name for c in table.columns]
    header = [str(c) for c in frame.columns]
    for col in expected:
        if col not in header:
            raise DataError(f"{_where(path)}: missing column '{col}'; expected columns: {', '.join(expected)}")
    for col in header:
        if col not in expected:
            raise DataError(f"{_where(path)}: unknown column '{col}'; expected only: {', '.join(expected)}")
    if frame.empty:
        raise DataError(f"{_where(path)}: has a header but no data rows")
    frame = _coerce(path, frame[expected], table)
    _validate(path, frame, table)
    return frame


def check_folder(folder: Path | str, names: list[str] | tuple[str, ...]) -> dict[str, pd.DataFrame]:
    """Load every named file and check that each source_id resolves in sources.csv."""
    folder = Path(folder)
    if not folder.is_dir():
        raise DataError(f"{_where(folder)}: data folder not found")
    frames = {name: load(name, folder) for name in dict.fromkeys(("sources.csv", *names))}
    known = set(frames["sources.csv"]["source_id"]) | {ASSUMPTION}
    for name, frame in frames.items():
        if not TABLES[name].sourced:
            continue
        unknown = ~frame["source_id"].isin(known)
        if unknown.any():
            row = unknown.idxmax()
            raise DataError(f"{_where(folder / name)}: line {row + 2}, column 'source_id': expected an id listed in "
                            f"sources.csv or '{ASSUMPTION}', got {frame.loc[row, 'source_id']!r}")
    return frames
