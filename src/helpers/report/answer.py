"""The report's answer, stated first: the question, three sentences built from the computed findings
(so they change when the numbers do), and the scorecard under them (the claims by verdict, the five
figures that matter most, what would change the answer). The report's first page and the deck's
answer slide both read it.

Which findings carry the answer is an editorial choice made here, by name; the words around each
number follow its value (a ratio above 1 reads "more than it earns", below 1 "less").
"""
from __future__ import annotations

QUESTION = "Does the math of the AI boom add up?"

# The five figures that matter most, in the order the argument uses them.
KEY_FIGURES = (
    "basics-cost-per-revenue-dollar",
    "basics-break-even-year",
    "bubble-comparison-coverage",
    "circular-revenue-hub",
    "concentration-risk-index-fund-loss",
)


def findings_by_name(sections: list[dict]) -> dict[str, dict]:
    """Every finding the sections registered, by name, with its section's short title."""
    return {f["name"]: dict(f, section=s["short"]) for s in sections for f in s["findings"]}


def _lower_first(sentence: str) -> str:
    return sentence[:1].lower() + sentence[1:] if sentence[:2] != sentence[:2].upper() else sentence


def _unit_economics(found: dict) -> str | None:
    cost, be = found.get("basics-cost-per-revenue-dollar"), found.get("basics-break-even-year")
    if not cost or cost.get("value") is None:
        return None
    losing = cost["value"] > 1
    lead = ("Not on today's figures: the leading AI company still spends more than it earns" if losing
            else "On unit economics, yes: the leading AI company earns more than it spends")
    text = f"{lead} (OpenAI spent {cost['shown']} for every $1 of revenue in {_year(cost)})"
    if be:
        text += (f", and on the report's central assumptions its first operating profit comes in {be['shown']}"
                 if be.get("value") else ", and on the report's central assumptions it never turns a profit")
    chance = _chance(found.get("basics-break-even-chance"))
    if chance:
        text += f" (a profit by {chance['year']} in {chance['shown']} of {chance['draws']} draws of the assumptions)"
    return text + "."


def _chance(f: dict | None) -> dict | None:
    """A probability finding's year, share and number of draws, for the answer's own wording."""
    import re

    if not f or not f.get("shown"):
        return None
    year, draws = re.search(r"by (\d{4})", f.get("label") or ""), re.search(r"([\d,]+) draws", f["sentence"])
    return {"year": year.group(1), "shown": f["shown"], "draws": draws.group(1)} if year and draws else None


def _year(f: dict) -> str:
    """The year a finding's sentence speaks of ("… in 2025."), for the answer's own wording."""
    import re

    years = re.findall(r"\b(20\d\d)\b", f["sentence"])
    return years[-1] if years else "the latest reported year"


def _build_out(found: dict) -> str | None:
    cover, gap = found.get("bubble-comparison-coverage"), found.get("bubble-comparison-revenue-gap")
    if not cover or cover.get("value") is None:
        return None
    short = cover["value"] < 1
    lead = ("The build-out runs ahead of the revenue that must pay for it" if short
            else "The build-out is paid for by the revenue it earns")
    text = f"{lead}: {_lower_first(cover['sentence'].split(';')[0].rstrip('.'))}"
    chance = _chance(found.get("bubble-comparison-coverage-chance"))
    if chance:
        text += f"; revenue catches up by {chance['year']} in {chance['shown']} of {chance['draws']} draws"
    if gap and " vs " in (gap.get("shown") or ""):
        needed, sold = gap["shown"].split(" vs ", 1)
        text += f"; on Sequoia's arithmetic AI needs {needed} of revenue a year and sells {sold}"
    return text + "."


def _concentration(found: dict) -> str | None:
    hub, loss = found.get("circular-revenue-hub"), found.get("concentration-risk-index-fund-loss")
    if not hub and not loss:
        return None
    parts = []
    if hub:
        company = (hub.get("label") or "").rpartition("to or from ")[2] or "one company"
        parts.append(f"{hub['shown']} of the disclosed deal dollars run to or from one company, {company}")
    if loss:
        parts.append(_lower_first(loss["sentence"].rstrip(".")))
    concentrated = (hub or {}).get("value", 0) >= 0.5 or (loss or {}).get("value", 0) >= 0.1
    lead = "If it fails, the loss is concentrated" if concentrated else "If it fails, the loss is spread wide"
    return f"{lead}: " + "; and ".join(parts) + "."


def answer(sections: list[dict]) -> dict:
    """The question and the three sentences that answer it (fewer when a section is missing)."""
    found = findings_by_name(sections)
    sentences = [s for s in (_unit_economics(found), _build_out(found), _concentration(found)) if s]
    return {"question": QUESTION, "sentences": sentences}


def key_figures(sections: list[dict]) -> list[dict]:
    """The five figures that matter most (those the build made), each with its section."""
    found = findings_by_name(sections)
    return [found[name] for name in KEY_FIGURES if name in found and found[name].get("shown")]


def conditions(sections: list[dict]) -> list[dict]:
    """What would change the answer: every finding of kind "condition", with its section."""
    return [f for f in findings_by_name(sections).values() if f["kind"] == "condition"]
