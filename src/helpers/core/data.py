"""Load data/ files through declared schemas; any violation is a one-line DataError.

Each table is declared once (see helpers.sections.all_tables) (columns, types, units, allowed values and
ranges). Values are coerced by this module so that the error can name the line;
pandera then checks ranges, allowed sets, nulls and uniqueness.
"""
from __future__ import annotations

import csv
import io
import os
from pathlib import Path

import pandas as pd

from helpers.core.errors import DataError
from helpers.core.paths import SECTION_ENV, VALIDATED_ENV, label
from helpers.core.paths import data_dir as default_data_dir

from helpers.core.schema import ASSUMPTION, VALUE_COLUMNS, Table  # noqa: F401  (ASSUMPTION re-exported)
from helpers.core.tables import all_tables


def _where(path: Path) -> str:
    """The path as the user gave it; inside the repository, relative to it (data/deals.csv)."""
    return label(path) if Path(path).is_absolute() else str(path)


def _read_text(path: Path) -> str:
    if not path.exists():
        raise DataError(f"{_where(path)}: file not found (expected a CSV file with columns: "
                        f"{', '.join(c.name for c in all_tables()[path.name].columns)})")
    if not path.is_file():
        raise DataError(f"{_where(path)}: is a folder, not a file; expected a CSV file")
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise DataError(f"{_where(path)}: cannot be read ({exc.strerror}); expected a readable CSV file") from None
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


def _table(path: Path, text: str) -> pd.DataFrame:
    """The file's rows as text, read with the csv module so that a broken row is named: a quote that
    is not closed on its line, a row with more or fewer values than the header, a column named twice."""
    reader = csv.reader(io.StringIO(text), strict=True)
    last = 1
    try:
        header = next(reader)
        rows, last = [], reader.line_num
        for row in reader:
            start = last + 1
            if reader.line_num > start and any("\n" in value for value in row):
                raise DataError(f"{_where(path)}: line {start}: a quoted value runs on to line {reader.line_num} "
                                f"(a quote left open?); expected each row on one line")
            last = reader.line_num
            if not row:
                continue
            if len(row) != len(header):
                raise DataError(f"{_where(path)}: line {start}: {len(row)} values; expected {len(header)}, "
                                f"one per column of the header ({', '.join(header)})")
            rows.append(row)
    except csv.Error as exc:
        raise DataError(f"{_where(path)}: line {last + 1}: not a readable CSV row ({exc}); "
                        f"expected comma-separated values, quotes closed on the same line") from None
    twice = sorted({name for name in header if header.count(name) > 1})
    if twice:
        raise DataError(f"{_where(path)}: column '{twice[0]}' is named twice in the header; expected each column once")
    return pd.DataFrame(rows, columns=header, dtype=str)


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
        bad = (numbers.isna() | ~numbers.abs().lt(float("inf"))) & ~blank  # text, nan, inf
        if col.kind == "int":
            bad |= numbers.notna() & (numbers % 1 != 0)
        if bad.any():
            line = int(bad.idxmax()) + 2
            kind = "a whole number" if col.kind == "int" else "a finite number"
            raise DataError(f"{_where(path)}: line {line}, column '{col.name}': expected {kind}, got {values[bad.idxmax()]!r}")
        out[col.name] = numbers.astype("Int64") if col.kind == "int" else numbers.astype(float)
    return out


def _schema(table: Table):
    import pandera.pandas as pa

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
    import pandera.pandas as pa

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
    _check_plausible(path, frame, table)
    for rule in table.rules:
        bad = rule.bad(frame).fillna(False)
        if bad.any():
            row = bad.idxmax()
            raise DataError(f"{_where(path)}: line {row + 2}, column '{rule.column}': expected {rule.expected}, "
                            f"got {frame.loc[row, rule.column]!r}")


def _check_plausible(path: Path, frame: pd.DataFrame, table: Table) -> None:
    """Each figure within what its unit can plausibly be (see schema.PLAUSIBLE)."""
    if "unit" not in frame:
        return
    for column in (c for c in VALUE_COLUMNS if c in frame):
        for index, value, unit in zip(frame.index, frame[column], frame["unit"]):
            bounds = table.bounds(unit)
            if bounds is None or value != value:
                continue
            low, high, words = bounds
            if not low <= value <= high:
                raise DataError(f"{_where(path)}: line {index + 2}, column '{column}': expected a figure in {unit} "
                                f"({words}) between {low:,g} and {high:,g}, got {value:,g}; a slip of units?")


def load(name: str, folder: Path | str | None = None) -> pd.DataFrame:
    """Read one data file, check it against its schema and return it with typed columns."""
    if name not in all_tables():
        raise DataError(f"no schema declared for data file '{name}'")
    _check_declared(name)
    table = all_tables()[name]
    path = Path(folder or default_data_dir()) / name
    frame = _table(path, _read_text(path))
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
    if os.environ.get(VALIDATED_ENV) != str(path.parent.resolve()):  # notebooks in a build skip the re-check
        _validate(path, frame, table)
    return frame


def _check_declared(name: str) -> None:
    """In a build, a notebook reads only the files its section declares: the cache keys a section
    by those files, so an undeclared one would change the report without rebuilding it."""
    slug = os.environ.get(SECTION_ENV)
    if not slug:
        return
    from helpers.sections import by_slug

    section = by_slug(slug)
    if name not in section.reads:
        raise DataError(f"notebooks/{section.notebook} reads data/{name}, which its section does not declare "
                        f"(declare it in src/helpers/sections/{section.package.rsplit('.', 1)[-1]}/tables.py)")


def check_folder(folder: Path | str, names: list[str] | tuple[str, ...]) -> dict[str, pd.DataFrame]:
    """Load every named file and check that each source_id resolves in sources.csv."""
    folder = Path(folder)
    if not folder.is_dir():
        raise DataError(f"{_where(folder)}: data folder not found")
    frames = {name: load(name, folder) for name in dict.fromkeys(("sources.csv", *names))}
    known = set(frames["sources.csv"]["source_id"]) | {ASSUMPTION}
    for name, frame in frames.items():
        if not all_tables()[name].sourced:
            continue
        for column in (c for c in frame.columns if c == "source_id" or c.endswith("_source_id")):
            unknown = ~frame[column].isin(known) & frame[column].notna()
            if unknown.any():
                row = unknown.idxmax()
                raise DataError(f"{_where(folder / name)}: line {row + 2}, column '{column}': expected an id listed in "
                                f"sources.csv or '{ASSUMPTION}', got {frame.loc[row, column]!r}")
    return frames
