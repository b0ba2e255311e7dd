"""The claims ledger: what the article says, what the sources say, and verdicts recomputed from data/.

A claim whose `check` column names a registered check (each section's claims.py) has its verdict
recomputed: the function
returns the figure that data/ gives for it, and `verdict_for` compares the article's value with
that figure:

- holds        the article's value equals the figure (within 0.5%), or the figure lies in the
               article's range (e.g. 30-40);
- rounded      within 10% of the figure;
- overstated   more than 10% above it;
- understated  more than 10% below it;
- wrong        a statement or comparison the data contradict.

A stored verdict that disagrees with its check fails the tests; claims without a check carry a
judgement (misdated, misattributed, contested, unverifiable, not a figure) explained in their reason.
Every word is defined in data/README.md.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Callable

import pandas as pd

from helpers.core.sources import cite
from helpers.core.tables import NOT_A_CLAIM, SINCE_VERDICTS, VERDICTS

HOLDS_WITHIN = 0.005
ROUNDED_WITHIN = 0.10
VERDICT_ORDER = VERDICTS


@dataclass(frozen=True)
class Outcome:
    verdict: str
    figure: str  # the recomputed figure, in words
    source_ids: tuple[str, ...]


def parse_value(text: str) -> tuple[float, float] | None:
    """'5' -> (5, 5); '30-40' -> (30, 40); 'more than 50' or words -> None."""
    match = re.fullmatch(r"\s*(-?[\d.]+)\s*(?:-|–|to)\s*(-?[\d.]+)\s*", text)
    if match:
        low, high = sorted((float(match.group(1)), float(match.group(2))))
        return low, high
    try:
        value = float(text)
    except ValueError:
        return None
    return value, value


def verdict_for(article_value: str, figure: float) -> str:
    """Compare the article's value (number or range) with the figure from data/."""
    parsed = parse_value(article_value)
    if parsed is None:
        raise ValueError(f"article value {article_value!r} is not a number or a range")
    low, high = parsed
    if low <= figure <= high:
        return "holds"
    nearest = low if figure < low else high
    if figure == 0:
        return "overstated" if nearest > 0 else "understated"
    relative = (nearest - figure) / abs(figure)
    if abs(relative) <= HOLDS_WITHIN:
        return "holds"
    if abs(relative) <= ROUNDED_WITHIN:
        return "rounded"
    return "overstated" if relative > 0 else "understated"


CHECKS: dict[str, Callable[[pd.Series, dict], Outcome]] = {}
CHECK_READS: dict[str, tuple[str, ...]] = {}  # check name -> data files it reads


def check(name: str, *files: str):
    def register(function):
        CHECKS[name] = function
        CHECK_READS[name] = files
        return function
    return register


def row_matching(frame: pd.DataFrame, what: str, **match) -> pd.Series:
    rows = frame
    for column, value in match.items():
        rows = rows[rows[column] == value]
    if len(rows) != 1:
        raise ValueError(f"expected one row of {what} matching {match}, found {len(rows)}")
    return rows.iloc[0]


def outcome_from_row(claim: pd.Series, row: pd.Series, text: str) -> Outcome:
    return Outcome(verdict_for(claim["article_value"], float(row["value"])), text, (row["source_id"],))


# Verdicts that judge more than the number (its date, its author, the words around it): the figure
# itself must still hold or be rounded when a check recomputes it.
JUDGED = ("misdated", "misattributed", "contested", "unverifiable")


def agrees(stored: str, computed: str) -> bool:
    """Does a stored verdict agree with the verdict its check recomputes?"""
    return stored == computed or (stored in JUDGED and computed in ("holds", "rounded"))


def article_published(frames: dict) -> str:
    """When the article was published (article.csv), as YYYY-MM or YYYY-MM-DD."""
    return row_matching(frames["article.csv"], "article.csv", field="published")["value"]


def load_checks() -> None:
    """Import every section's claims.py, which registers its checks here."""
    import importlib
    import importlib.util

    from helpers.sections import ALL_SECTIONS

    for section in ALL_SECTIONS:
        if importlib.util.find_spec(f"{section.package}.claims") is not None:
            importlib.import_module(f"{section.package}.claims")


def evaluate(claims: pd.DataFrame, frames: dict) -> pd.DataFrame:
    """The ledger with the recomputed figure and verdict for every claim that has a check."""
    out = claims.copy()
    out["computed_verdict"] = None
    out["computed_figure"] = None
    out["computed_sources"] = None
    for index, claim in out.iterrows():
        name = claim["check"]
        if not isinstance(name, str):
            continue
        if name not in CHECKS:
            raise ValueError(f"claims.csv: claim {claim['claim_id']}: unknown check {name!r}")
        outcome = CHECKS[name](claim, frames)
        out.at[index, "computed_verdict"] = outcome.verdict
        out.at[index, "computed_figure"] = outcome.figure
        out.at[index, "computed_sources"] = tuple(outcome.source_ids)
    return out


def counts(ledger: pd.DataFrame) -> dict[str, int]:
    return {v: int((ledger["verdict"] == v).sum()) for v in VERDICT_ORDER}


def checkable(ledger: pd.DataFrame) -> pd.DataFrame:
    """The claims that can hold or fail: definitional and rhetorical rows ("not a figure") aside."""
    return ledger[ledger["verdict"] != NOT_A_CLAIM]


def since_counts(ledger: pd.DataFrame) -> dict[str, int]:
    return {v: int((ledger["since_verdict"] == v).sum()) for v in SINCE_VERDICTS}


def table_html(ledger: pd.DataFrame, sources: pd.DataFrame, *, caption: str, group: bool = False) -> str:
    """The ledger as an HTML table (templates/fragments/claims_table.html.j2)."""
    from helpers.core.html import fragment
    from helpers.sections import ALL_SECTIONS

    titles = {s.slug: s.short for s in ALL_SECTIONS}
    groups = []
    for section in (list(titles) if group else [None]):
        rows = ledger if section is None else ledger[ledger["section"] == section]
        if rows.empty:
            continue
        groups.append({"title": titles[section] if section else None, "rows": [_row_view(c, sources)
                                                                               for c in rows.itertuples()]})
    return fragment("claims_table", caption=caption, groups=groups)


def _row_view(claim, sources: pd.DataFrame) -> dict:
    computed = isinstance(claim.computed_verdict, str)
    ids = list(claim.computed_sources) if computed else ([claim.source_id] if isinstance(claim.source_id, str) else [])
    source = cite(sources, ids) if ids else "no source found"
    figure = claim.computed_figure if isinstance(claim.computed_figure, str) else (
        claim.source_value if isinstance(claim.source_value, str) else "—")
    return {"claim_id": claim.claim_id, "claim": claim.claim, "article_value": claim.article_value,
            "unit": _unit_words(claim.unit), "period": claim.period, "figure": figure, "source": source,
            "verdict": claim.verdict, "recomputed": computed, "reason": claim.reason,
            "russian": claim.russian if isinstance(claim.russian, str) else None,
            "since": claim.since if isinstance(claim.since, str) else None,
            "since_verdict": claim.since_verdict if isinstance(claim.since_verdict, str) else None,
            "since_source": cite(sources, [claim.since_source_id]) if isinstance(claim.since_source_id, str) else None}


def badges_html(ledger: pd.DataFrame) -> str:
    """The tally of verdicts as coloured badges."""
    from helpers.core.html import fragment

    return fragment("verdict_badges", counts=counts(ledger))


def _unit_words(unit: str) -> str:
    return {"usd_bn": "US$ bn", "usd_tn": "US$ tn", "usd_m": "US$ m", "usd": "US$", "pct": "%",
            "share": "(share)", "ratio": "×", "years": "", "count": "", "index_points": "points",
            "words": ""}.get(unit, unit)


def _tally_words(tally: dict[str, int]) -> str:
    """"3 hold, 1 rounded, 1 wrong": each verdict with its count, "holds" agreeing with it."""
    return ", ".join(f"{n} {'hold' if v == 'holds' and n != 1 else v}" for v, n in tally.items() if n)


def section_sentence(ledger: pd.DataFrame) -> str:
    """One section's claims in a sentence: "The article makes 6 checkable claims in this part: 3 hold, …"."""
    claims = checkable(ledger)
    if claims.empty:
        return "The article makes no checkable claim in this part."
    noun = "claim" if len(claims) == 1 else "claims"
    return f"The article makes {len(claims)} checkable {noun} in this part: {_tally_words(counts(claims))}."


def summary_sentence(ledger: pd.DataFrame) -> str:
    claims = checkable(ledger)
    tally = counts(claims)
    aside = len(ledger) - len(claims)
    noun = "claim" if len(claims) == 1 else "claims"
    return (f"Of the article's {len(claims)} checkable {noun}: " + _tally_words(tally) + "."
            + (f" {aside} more {'is' if aside == 1 else 'are'} definitions or figures of speech, not claims to check."
               if aside else ""))


def year_on(ledger: pd.DataFrame, sources: pd.DataFrame) -> list[dict]:
    """The claims scored a year on, forecasts first, each as the audit shows it."""
    scored = ledger[ledger["since_verdict"].notna()]
    scored = scored.assign(_order=(scored["kind"] != "forecast").astype(int)).sort_values("_order", kind="stable")
    if "computed_verdict" not in scored:
        scored = scored.assign(computed_verdict=None, computed_figure=None, computed_sources=None)
    return [_row_view(c, sources) for c in scored.itertuples()]


def year_on_sentence(ledger: pd.DataFrame) -> str:
    tally = {v: n for v, n in since_counts(ledger).items() if n}
    scored = sum(tally.values())
    forecasts = int(((ledger["kind"] == "forecast") & ledger["since_verdict"].notna()).sum())
    return (f"A year on, {scored} of the article's claims can be set against what happened since, {forecasts} of them "
            f"forecasts: " + ", ".join(f"{n} {v}" for v, n in tally.items()) + ".")


def show_section(slug: str) -> None:
    """Display the claims that belong to a section, with verdicts, in a notebook."""
    from IPython.display import HTML, display

    from helpers.core import data
    from helpers.core.html import fragment
    from helpers.core.present import APPENDIX_KEY

    ledger = data.load("claims.csv")
    mine = ledger[ledger["section"] == slug]
    needed = {"sources.csv"} | {f for name in mine["check"].dropna() for f in CHECK_READS.get(name, ())}
    frames = {name: data.load(name) for name in sorted(needed)}
    mine = evaluate(mine, frames)
    display(HTML(fragment("claims_section", sentence=section_sentence(mine))))
    display(HTML(table_html(mine, frames["sources.csv"], caption="What the article claims in this part, checked")),
            metadata={APPENDIX_KEY: "claims"})


load_checks()  # at the end: the sections' checks import the names above
