"""The Circular revenue section's live assumptions (helpers.core.live): the spend-back and pass-through shares
and whether conditional deals count move how much revenue a dollar is booked as, how much of Nvidia's
revenue is its own money coming back, and where a dollar it invests is booked (the deck chart's bars)."""
from __future__ import annotations

import dataclasses

from helpers.core.live import Bars, Knob, Result
from helpers.core.present import PALETTE
from helpers.sections.circular_revenue import deal_graph as dealgraph
from helpers.sections.circular_revenue import figures

KNOBS = (
    Knob("spend_back_share", (0.0, 0.25, 0.5, 0.75, 1.0)),
    Knob("pass_through_share", (0.0, 0.25, 0.5, 0.75, 0.9)),
    Knob("include_conditional", (True, False)),
)
FINDINGS = ("circular-revenue-hub", "circular-revenue-loops", "circular-revenue-outside-dollar",
            "circular-revenue-own-money")
SCOPE = ("include_conditional", "include_after_article", "company", "entry_company")


@dataclasses.dataclass
class Context:
    frames: figures.Frames
    scopes: dict  # the deals in scope, their graph and loops, by the parameters that choose them (SCOPE)
    fixed: dict = dataclasses.field(default_factory=dict)  # the findings the shares do not move, by SCOPE
    labels: tuple = ()  # the chart's bars (set by chart(), which the build calls first)


def prepare(values: dict) -> Context:
    return Context(figures.load(), {})


def scope(c: Context, values: dict) -> tuple[figures.Scope, object]:
    """figures.scope for these parameters, and the loops of its graph. Which deals are in scope does not
    depend on the two shares, so the scope is built once per choice of deals and given each setting's shares."""
    key = tuple(values[k] for k in SCOPE)
    if key not in c.scopes:
        s = figures.scope(c.frames, include_conditional=values["include_conditional"],
                          include_after_article=values["include_after_article"], company=values["company"],
                          entry_company=values["entry_company"], spend_back=values["spend_back_share"],
                          pass_through=values["pass_through_share"])
        c.scopes[key] = (s, dealgraph.loops(s.graph))
    s, loops = c.scopes[key]
    return dataclasses.replace(s, spend_back=values["spend_back_share"], pass_through=values["pass_through_share"]), loops


def chart(c: Context, values: dict) -> Bars:
    """Bars for every company a dollar the investor puts in reaches, with either choice of deals."""
    reached = {}
    for conditional in (True, False):
        s, _ = scope(c, dict(values, include_conditional=conditional))
        for company, value in figures.invested_dollar(s).items():
            if value > figures.BOOKED_FROM:
                reached[company] = max(reached.get(company, 0.0), value)
    c.labels = tuple(sorted(reached, key=lambda k: -reached[k]))
    return Bars(f"Revenue booked per dollar {values['company']} invests (US$)", c.labels, PALETTE["revenue"], unit="usd")


def evaluate(c: Context, values: dict) -> Result:
    """The notebook's findings on the deal network and the round-trip model for one setting."""
    s, loops = scope(c, values)
    per_dollar = figures.invested_dollar(s)
    bars = [float(per_dollar[k]) if k in per_dollar.index else None for k in c.labels]
    key = tuple(values[k] for k in SCOPE)
    if key not in c.fixed:  # the hub and the loops depend on which deals count, not on the shares
        c.fixed[key] = (figures.hub_finding(s), figures.loops_finding(loops))
    return Result((*c.fixed[key], figures.outside_dollar_finding(s), figures.own_money_finding(s)), bars)

