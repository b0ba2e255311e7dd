"""`python -m helpers check [--data DIR]`: validate a data folder without building."""
from __future__ import annotations

from pathlib import Path

from helpers.core.errors import DataError
from helpers.core.paths import DEFAULT_DATA_DIR, label


def check_data(folder: Path | None = None) -> str:
    """Check every declared data file, every source id and every scenario file; return a one-line
    summary, or raise the same one-line error a build would."""
    from helpers.core import data, params
    from helpers.core.tables import all_tables

    where = Path(folder) if folder else DEFAULT_DATA_DIR
    if not where.is_dir():
        raise DataError(f"{folder or 'data'}: data folder not found")
    frames = data.check_folder(where, sorted(all_tables()))
    scenarios = sorted((where / "scenarios").glob("*.yaml"))
    declared = params.all_declared()
    for path in scenarios:
        params.read_scenario(path, declared)
    rows = sum(len(frame) for frame in frames.values())
    shown = label(where) if where.is_absolute() else str(where)
    return (f"{shown}/ is valid: {len(frames)} data files, {rows} rows, every source id resolved"
            + (f"; {len(scenarios)} scenario files" if scenarios else ""))
