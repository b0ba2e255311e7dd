"""A section's assumptions as a reader sees them: a human label and a value in words for each
parameter its notebook declares ("Yearly revenue growth after the base year: 50%"), and the
`-p` option that changes it.

The label and the unit come from the parameter's own comment in the notebook (the text papermill's
inspection returns), so a new parameter needs no second description here: the comment's first
clause is the label; "fraction" makes the value a percentage, "US dollars" a dollar amount,
"years" a number of years; a leading "assumption:" marks a value no source gives. A parameter with
a range (a section's `ranges`, see helpers.core.uncertainty) shows its value and the range it is drawn
from ("50%, drawn from 30% to 68%"); `ranges` itself has no row of its own.
"""
from __future__ import annotations

import re

from helpers.core import uncertainty
from helpers.core.params import RANGES, Param, declared
from helpers.sections import by_slug

# How a choice's value reads (the parameters' comments name the values, not their meaning).
CHOICE_WORDS = {
    "genai_economy": "the generative-AI economy", "enterprise": "enterprise spending on generative AI",
    "openai": "OpenAI alone", "low": "the lowest forecast in the data", "high": "the highest forecast in the data",
}
_CUT = re.compile(r";|, fraction\b|, straight line\b|, default\b|\(True/False\)|: one of\b|; one of\b")


def label(param: Param) -> str:
    """The first clause of the parameter's comment, capitalised, without units and defaults."""
    text = re.sub(r"^assumption:\s*", "", param.help.strip())
    text = _CUT.split(text, maxsplit=1)[0].strip().rstrip(",")
    return (text[:1].upper() + text[1:]) if text else param.name.replace("_", " ").capitalize()


def is_assumption(param: Param) -> bool:
    """True when the comment says no source gives the value (it starts "assumption:")."""
    return param.help.strip().lower().startswith("assumption:")


def shown(param: Param, value) -> str:
    """The value in a reader's words, in the parameter's unit."""
    words = param.help.lower()
    if param.type == "bool":
        return "yes" if value else "no"
    if param.type == "str":
        return CHOICE_WORDS.get(value, str(value))
    if "fraction" in words:
        return f"{value * 100:.3g}%"
    if "us dollars" in words:
        return f"${value:,.0f}"
    if words.startswith("years") or " years" in words.split(",")[0]:
        return f"{value:g} years"
    if "(sequoia" in words or "per $1" in words or "multiple" in words:
        return f"{value:g}×"
    return f"{value:g}"


DIST_WORDS = {"triangular": "", "uniform": "evenly ", "normal": "normally "}


def shown_range(param: Param, value, spread: uncertainty.Spread) -> str:
    """The value and the range it is drawn from, in a reader's words."""
    if spread.dist == "normal":
        return f"{shown(param, value)}, drawn normally with a standard deviation of {shown(param, spread.sd)}"
    return (f"{shown(param, value)}, drawn {DIST_WORDS[spread.dist]}from {shown(param, spread.low)} "
            f"to {shown(param, spread.high)}")


def option(slug: str, name: str, value, spread: uncertainty.Spread | None = None) -> str:
    """The command-line option that sets this value: `-p basics.revenue_growth=0.5` (or its range)."""
    if spread is not None:
        return f"-p {slug}.{name}={spread.text}"
    text = value if isinstance(value, str) else (str(value) if isinstance(value, bool) else f"{value:g}")
    return f"-p {slug}.{name}={text}"


def rows(slug: str, values: dict) -> list[dict]:
    """One row per declared parameter: label, value in words, whether it is an assumption, the option."""
    params = declared(by_slug(slug))
    spreads = uncertainty.parse(values.get(RANGES, params[RANGES].default)) if RANGES in params else {}
    out = []
    for name, p in params.items():
        if name == RANGES:
            continue
        value, spread = values.get(name, p.default), spreads.get(name)
        out.append({"name": name, "label": label(p),
                    "shown": shown_range(p, value, spread) if spread else shown(p, value),
                    "assumption": is_assumption(p), "option": option(slug, name, value, spread)})
    return out


def box_html(slug: str, values: dict, live: dict | None = None) -> str:
    """The section's assumptions box (templates/fragments/assumptions.html.j2), with its live controls when
    `live` is the section's table of live values (helpers.core.live.table)."""
    from helpers.core import live as live_values
    from helpers.core.html import fragment, trusted

    return fragment("assumptions", slug=slug, rows=rows(slug, values), live=trusted(live_values.box_html(live)))
