"""Source lines: turn the source ids behind a chart or table into a short citation."""
from __future__ import annotations

import pandas as pd

from helpers.core.data import ASSUMPTION


def cite(sources: pd.DataFrame, ids, limit: int = 4) -> str:
    """'Publisher (date); Publisher (date); ... and N more' for the distinct ids, in order given, except
    that sources whose publisher could not be identified come last (a line leads with who published)."""
    ids = [i for i in dict.fromkeys(ids) if isinstance(i, str)]
    table = sources.set_index("source_id")
    unidentified = {i for i in ids if i in table.index and str(table.loc[i, "publisher"]).startswith("Unidentified")}
    ids = [i for i in ids if i not in unidentified] + [i for i in ids if i in unidentified]
    parts = []
    for source_id in ids:
        if source_id == ASSUMPTION:
            parts.append("assumption (see the assumptions of this section)")
        elif source_id in table.index:
            row = table.loc[source_id]
            parts.append(f"{row['publisher']} ({row['date']})" if isinstance(row["date"], str) else row["publisher"])
        else:
            raise KeyError(f"unknown source id {source_id!r}")
    parts = list(dict.fromkeys(parts))
    extra = len(parts) - limit
    text = "; ".join(parts[:limit])
    return text + (f"; and {extra} more (every source is listed in the Sources appendix)" if extra > 0 else "")
