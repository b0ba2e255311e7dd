"""The Basics section: OpenAI's cost/revenue gap from data/, and what its notebook shows.

The break-even model itself is in `model.py`; this module reads the section's data, computes
the figures the notebook states and draws its charts, so the notebook only narrates:

    d = figures.load()
    show(figures.revenue_vs_costs(d))

Chart functions return a `helpers.core.present.Chart` (with the findings it supports), table
functions a dict for `present.table(**...)`, prose functions a dict for `present.prose(**...)`.
"""
from __future__ import annotations

import math
from dataclasses import dataclass
from functools import cached_property

import matplotlib
import numpy as np
import pandas as pd
import seaborn as sns
from matplotlib.ticker import FuncFormatter

from helpers.core.data import ASSUMPTION
from helpers.core.cutoff import in_words
from helpers.core.present import INK, MUTED, PALETTE, Chart, Finding, chart, fan, fmt_pct, fmt_usd_bn, fmt_value
from helpers.core.sources import cite
from helpers.core.uncertainty import share_text, signed
from helpers.sections.basics import model

LABELS = {"revenue_growth": "Revenue growth", "cost_growth": "Operating-cost growth", "gross_margin": "Gross margin"}
MODEL_SOURCE = "this report's break-even model on OpenAI's reported figures; growth rates and margin are assumptions"
CUMULATIVE_LABELS = {"cash_burn_cumulative": "Projected cash burn", "net_loss_cumulative": "Projected losses",
                     "compute_cost_total_cumulative": "Projected compute spending"}
MODEL_LOSS_LABEL = "Model: losses until break-even"
INDUSTRY_FIGURES = ("ibm_compute_cost_increase", "ibm_execs_cite_genai", "kruze_ai_compute_share_budget",
                    "openai_api_revenue", "openai_api_gross_margin_2024_06", "citi_ai_infra_spend_2029",
                    "barclays_ai_capex_gdp_contribution", "jpm_ai_capex_gdp_contribution")
PAID_MARGIN_PREFIX = "openai_compute_margin_paid"
# The break-even grid: yearly revenue growth (rows) by yearly operating-cost growth (columns).
GRID_REVENUE_GROWTHS = tuple(float(g) for g in np.round(np.arange(0.0, 1.01, 0.1), 2))
GRID_COST_GROWTHS = tuple(float(c) for c in np.round(np.arange(0.0, 0.61, 0.1), 2))
GRID_BLANK = "#e9ecef"  # cells where break-even comes after the horizon
SEARCH_YEARS = 100  # how far the model looks for a break-even year
LABEL_SIZE = 11  # points: the smallest text in a chart (a 10-inch chart is shown at about 63% on a PDF page)


# ---------------------------------------------------------------------------------------------
# The section's data


@dataclass(frozen=True)
class Frames:
    """The section's data files (industry figures indexed by figure_id) and what follows from them."""
    sources: pd.DataFrame
    financials: pd.DataFrame
    valuations: pd.DataFrame
    industry: pd.DataFrame

    @cached_property
    def gap(self) -> pd.DataFrame:
        return gap_table(self.financials)

    @cached_property
    def base(self) -> model.BaseYear:
        return model.base_year(self.financials)


def load() -> Frames:
    """The section's frames, read (and checked) via data.load."""
    from helpers.core import data

    frames = Frames(sources=data.load("sources.csv"), financials=data.load("openai_financials.csv"),
                    valuations=data.load("openai_valuations.csv"),
                    industry=data.load("industry_figures.csv").set_index("figure_id"))
    frames.base  # the model's base year: data it cannot use is said here, in one line, before any chart
    return frames


def headline(financials: pd.DataFrame, metric: str, company: str = "OpenAI") -> pd.DataFrame:
    """One row per year for `metric`: the row flagged headline, full-year or cumulative."""
    rows = financials[(financials["company"] == company) & (financials["metric"] == metric)
                      & (financials["headline"] == "yes")]
    return rows.sort_values("year").set_index("year")[["value", "status", "source_id", "period"]]


def gap_table(financials: pd.DataFrame) -> pd.DataFrame:
    """Revenue, total costs, loss and cost per revenue dollar by year, from headline rows."""
    frame = pd.DataFrame({m: headline(financials, m)["value"] for m in
                          ("revenue", "total_expenses", "inference_compute_cost", "net_loss")})
    frame["status"] = headline(financials, "revenue")["status"]
    frame["operating_loss"] = frame["total_expenses"] - frame["revenue"]
    frame["cost_per_revenue_dollar"] = frame["total_expenses"] / frame["revenue"]
    frame["inference_per_revenue_dollar"] = frame["inference_compute_cost"] / frame["revenue"]
    frame.index = frame.index.astype(int)
    return frame


def sources_of(financials: pd.DataFrame, metrics, years=None) -> list[str]:
    """Source ids of the headline rows of `metrics` (in `years`, if given)."""
    rows = financials[(financials["metric"].isin(metrics)) & (financials["headline"] == "yes")]
    if years is not None:
        rows = rows[rows["year"].isin(list(years))]
    return list(rows["source_id"])


def model_source_ids(d: Frames) -> list[str]:
    """What the break-even model runs on: the base year's reported rows and the assumptions."""
    return [*sources_of(d.financials, ["revenue", "total_expenses", "cost_of_revenue"], [d.base.year]), ASSUMPTION]


def year_text(year) -> str:
    """A break-even year as the reader sees it ("never ..." when the model found none)."""
    if year is None or (isinstance(year, float) and math.isnan(year)):
        return "never (within the search window)"
    return str(int(year))


def _money(value: float) -> str:
    return f"${value:.2f}"


# ---------------------------------------------------------------------------------------------
# The gap between costs and revenue


def _both(d: Frames) -> pd.DataFrame:
    """The years with both revenue and total costs."""
    return d.gap.dropna(subset=["revenue", "total_expenses"])


def gap_prose(d: Frames) -> dict:
    """The paragraph comparing the first and the latest year with revenue and costs, for `prose(**...)`."""
    both = _both(d)
    first, last = both.index.min(), both.index.max()
    return dict(
        boxed=True, template="In {first}, OpenAI booked {rev_first} of revenue against {cost_first} of "
                 "total costs and expenses: {ratio_first} spent per dollar earned. In {last}, revenue reached "
                 "{rev_last} and costs {cost_last}, an operating loss of {loss_last}.",
        first=first, last=last,
        rev_first=fmt_usd_bn(both.loc[first, "revenue"]), cost_first=fmt_usd_bn(both.loc[first, "total_expenses"]),
        ratio_first=_money(both.loc[first, "cost_per_revenue_dollar"]),
        rev_last=fmt_usd_bn(both.loc[last, "revenue"]), cost_last=fmt_usd_bn(both.loc[last, "total_expenses"]),
        loss_last=fmt_usd_bn(both.loc[last, "operating_loss"]),
    )


def cost_per_revenue_dollar(d: Frames) -> Finding:
    """What OpenAI spent per dollar of revenue in the latest year with both figures."""
    both = _both(d)
    last = both.index.max()
    ratio = both.loc[last, "cost_per_revenue_dollar"]
    return Finding("basics-cost-per-revenue-dollar", f"OpenAI spent {_money(ratio)} for every $1 of revenue in {last}.",
                   label=f"OpenAI's costs per $1 of revenue ({last})", value=float(ratio), shown=_money(ratio),
                   how=f"{fmt_usd_bn(both.loc[last, 'total_expenses'])} of costs ÷ "
                       f"{fmt_usd_bn(both.loc[last, 'revenue'])} of revenue, {last}")


def revenue_vs_costs(d: Frames) -> Chart:
    """Revenue (reported and projected) and total costs by year, titled with the latest cost per revenue dollar."""
    gap, both = d.gap, _both(d)
    latest = int(both.index.max())
    ratio = both.loc[latest, "cost_per_revenue_dollar"]
    ids = sources_of(d.financials, ["revenue", "total_expenses"])
    fig, ax = chart(f"OpenAI spent {_money(ratio)} for every $1 of revenue in {latest}", cite(d.sources, ids))
    shown = gap.dropna(subset=["revenue"])
    shown = shown[shown.index <= latest + 2]  # later projections would flatten the reported years
    x = np.arange(len(shown))
    projected = (shown["status"] == "projected").to_numpy()
    ax.bar(x - 0.2, shown["revenue"], 0.4, color=PALETTE["revenue"], label="Revenue (reported)")
    ax.bar(x[projected] - 0.2, shown["revenue"][projected], 0.4, color="white", edgecolor=PALETTE["revenue"],
           hatch="///", label="Revenue (company projection)")
    costs = shown["total_expenses"]
    ax.bar(x + 0.2, costs.fillna(0), 0.4, color=PALETTE["cost"], label="Total costs and expenses (reported)")
    for xi, (rev, cost) in enumerate(zip(shown["revenue"], costs)):
        ax.annotate(fmt_usd_bn(rev), (xi - 0.2, rev), ha="center", va="bottom", fontsize=LABEL_SIZE, xytext=(0, 2),
                    textcoords="offset points")
        if cost == cost:
            ax.annotate(fmt_usd_bn(cost), (xi + 0.2, cost), ha="center", va="bottom", fontsize=LABEL_SIZE, xytext=(0, 2),
                        textcoords="offset points")
    ax.set_xticks(x, [str(y) for y in shown.index])
    ax.set_ylabel("US$ billions")
    ax.set_xlabel("Calendar year")
    ax.legend(loc="upper left")
    revenue_years = gap.dropna(subset=["revenue"]).index
    alt = (f"Bar chart of OpenAI revenue by year from {revenue_years.min()} to {revenue_years.max()}, reported and "
           f"projected, with total costs for {', '.join(map(str, both.index))}; costs exceed revenue in every "
           "reported year.")
    return Chart(fig, "basics-revenue-vs-costs", alt, sources=tuple(dict.fromkeys(ids)),
                 findings=(cost_per_revenue_dollar(d),), deck=True)


def headline_table(d: Frames) -> dict:
    """OpenAI's headline figures by year, for `table(**...)`."""
    shown = d.gap.rename_axis("Year").reset_index()
    money = "{:,.2f}".format
    return dict(
        frame=shown[["Year", "status", "revenue", "total_expenses", "operating_loss", "net_loss",
                     "cost_per_revenue_dollar"]]
        .rename(columns={"status": "Status", "revenue": "Revenue ($B)", "total_expenses": "Total costs ($B)",
                         "operating_loss": "Operating loss ($B)", "net_loss": "Net loss ($B)",
                         "cost_per_revenue_dollar": "Cost per $1 of revenue"}),
        caption="OpenAI's headline figures by year (one row per year; every estimate is in the data appendix)",
        source=cite(d.sources, sources_of(d.financials, ["revenue", "total_expenses", "net_loss"]), limit=6),
        formats={"Revenue ($B)": money, "Total costs ($B)": money, "Operating loss ($B)": money,
                 "Net loss ($B)": money, "Cost per $1 of revenue": "${:,.2f}".format},
    )


# ---------------------------------------------------------------------------------------------
# The cost of running the models


def _latest_serving(d: Frames) -> tuple[int, float]:
    """The latest reported year with an inference cost, and that cost in cents per revenue dollar."""
    serve = d.gap.dropna(subset=["inference_per_revenue_dollar"])
    year = int(serve[serve["status"] == "reported"].index.max())
    return year, serve.loc[year, "inference_per_revenue_dollar"] * 100


def inference_per_dollar(d: Frames) -> Finding:
    """Inference compute cost per revenue dollar in the latest reported year."""
    year, cents = _latest_serving(d)
    return Finding("basics-inference-per-dollar",
                   f"Running the models (inference compute) took {cents:.0f}¢ of every revenue dollar in {year}, "
                   "before salaries, rent or research.",
                   label=f"Inference cost per $1 of revenue ({year})", value=round(float(cents), 1),
                   shown=f"{cents:.0f}¢",
                   how=f"{fmt_usd_bn(d.gap.loc[year, 'inference_compute_cost'])} of inference compute ÷ "
                       f"{fmt_usd_bn(d.gap.loc[year, 'revenue'])} of revenue, {year}")


def cost_to_serve(d: Frames) -> Chart:
    """Inference compute cost per revenue dollar by year (projected years outlined)."""
    serve = d.gap.dropna(subset=["inference_per_revenue_dollar"])
    latest, cents = _latest_serving(d)
    ids = sources_of(d.financials, ["revenue", "inference_compute_cost"])
    fig, ax = chart(f"Running the models alone took {cents:.0f}¢ of every revenue dollar in {latest}",
                    cite(d.sources, ids))
    x = np.arange(len(serve))
    colors = [PALETTE["cost"] if s == "reported" else "white" for s in serve["status"]]
    ax.bar(x, serve["inference_per_revenue_dollar"] * 100, 0.55, color=colors, edgecolor=PALETTE["cost"], linewidth=2)
    for xi, (value, status) in enumerate(zip(serve["inference_per_revenue_dollar"], serve["status"])):
        label = f"{value * 100:.0f}¢" + (" (projected)" if status == "projected" else "")
        ax.annotate(label, (xi, value * 100), ha="center", va="bottom", xytext=(0, 3), textcoords="offset points")
    ax.set_xticks(x, [str(y) for y in serve.index])
    ax.set_ylabel("US cents per $1 of revenue")
    ax.set_xlabel("Calendar year (projected years outlined)")
    ax.set_ylim(0, max(112, float(serve["inference_per_revenue_dollar"].max() * 115)))
    ax.axhline(100, color=PALETTE["neutral"], linestyle="--", linewidth=1)
    # placed by the axes' right edge (inside them) so that it is drawn whatever the number of bars
    ax.annotate("100¢: compute alone would eat all revenue", (1, 100), xycoords=("axes fraction", "data"),
                ha="right", va="bottom", xytext=(-4, 2), textcoords="offset points", fontsize=LABEL_SIZE,
                color=MUTED)
    alt = ("Bar chart of OpenAI's inference compute cost per dollar of revenue by year: "
           + ", ".join(f"{y}: {v * 100:.0f} cents" for y, v in d.gap["inference_per_revenue_dollar"].dropna().items())
           + ".")
    return Chart(fig, "basics-cost-to-serve", alt, sources=tuple(dict.fromkeys(ids)),
                 findings=(inference_per_dollar(d),))


def compute_margin_table(d: Frames) -> dict:
    """OpenAI's reported compute margin on paying users, for `table(**...)`."""
    paid = d.industry[d.industry.index.str.startswith(PAID_MARGIN_PREFIX)]
    return dict(
        frame=paid.reset_index()[["period", "value", "description"]].sort_values("period")
        .rename(columns={"period": "As of", "value": "Compute margin (%)", "description": "Figure"}),
        caption="OpenAI's reported compute margin on paying users: the share of their revenue left after running the models",
        source=cite(d.sources, paid["source_id"]),
        formats={"Compute margin (%)": "{:.0f}".format},
    )


def inference_estimates_table(d: Frames) -> dict:
    """Every estimate of OpenAI's inference compute cost in data/, for `table(**...)`."""
    estimates = d.financials[d.financials["metric"] == "inference_compute_cost"].sort_values(["year", "status", "value"])
    return dict(
        frame=estimates[["year", "period", "status", "value", "note"]].rename(columns={
            "year": "Year", "period": "Period", "status": "Status", "value": "Inference cost ($B)",
            "note": "What it covers"}),
        caption="Every estimate of OpenAI's inference compute cost in the data (the chart uses the full-year headline rows)",
        source=cite(d.sources, estimates["source_id"], limit=8),
        formats={"Inference cost ($B)": "{:,.1f}".format},
    )


# ---------------------------------------------------------------------------------------------
# Losses against the valuation


def latest_valuation(d: Frames) -> pd.Series:
    """The latest valuation row (by date)."""
    return d.valuations.sort_values("date").iloc[-1]


def loss_items(financials: pd.DataFrame, model_loss: float | None) -> pd.DataFrame:
    """The cumulative projections (headline rows) with a label each, plus the model's losses until
    break-even when it breaks even; largest first."""
    rows = financials[(financials["headline"] == "yes") & (financials["period"] == "cumulative")]
    items = rows.assign(label=[f"{CUMULATIVE_LABELS[m]} (to {y})" for m, y in zip(rows["metric"], rows["year"])])
    if model_loss is not None:
        items = pd.concat([items, pd.DataFrame([{"label": MODEL_LOSS_LABEL, "value": model_loss,
                                                  "source_id": ASSUMPTION}])])
    return items.sort_values("value", ascending=False)


def _burn(items: pd.DataFrame) -> pd.Series:
    burn = items[items["metric"] == "cash_burn_cumulative"]
    if burn.empty:
        raise ValueError("openai_financials.csv: no headline cash_burn_cumulative row to compare with the valuation")
    return burn.iloc[0]


def burn_vs_valuation(d: Frames, items: pd.DataFrame) -> Finding:
    """OpenAI's projected cumulative cash burn as a share of its latest valuation."""
    latest = latest_valuation(d)
    burn, valuation = _burn(items), latest["valuation"]
    share = burn["value"] / valuation
    when = in_words(latest["date"])
    return Finding("basics-burn-vs-valuation",
                   f"OpenAI's own projection of cash burn to {burn['year']} ({fmt_usd_bn(burn['value'], 0)}) equals "
                   f"{share:.0%} of its {fmt_usd_bn(valuation, 0)} valuation ({when}).",
                   label=f"Projected cash burn to {burn['year']} / valuation ({when})", value=round(float(share), 3),
                   shown=f"{share:.0%}", how=f"{fmt_usd_bn(burn['value'], 0)} of projected cash burn ÷ "
                                              f"{fmt_usd_bn(valuation, 0)} valuation",
                   sources=tuple(i for i in (burn.get("source_id"), latest.get("source_id")) if isinstance(i, str)))


def losses_vs_valuation_title(items: pd.DataFrame, valuation: float, model_loss: float | None, when: str = "") -> str:
    """The model's losses before break-even when they exceed the valuation, else the projected burn's share of it."""
    dated = f" ({in_words(when)})" if when else ""
    if model_loss is not None and model_loss > valuation:
        return f"Losses before break-even would exceed OpenAI's {fmt_usd_bn(valuation, 0)} valuation{dated}"
    burn = _burn(items)
    return (f"Projected cash burn to {burn['year']} equals {burn['value'] / valuation:.0%} of OpenAI's "
            f"{fmt_usd_bn(valuation, 0)} valuation{dated}")


def losses_vs_valuation(d: Frames, revenue_growth: float, cost_growth: float, gross_margin: float) -> Chart:
    """Horizontal bars of projected losses and burn (and the model's losses) against the latest valuation."""
    model_loss = model.cumulative_loss_to_break_even(d.base, revenue_growth, cost_growth, gross_margin, SEARCH_YEARS)
    items = loss_items(d.financials, model_loss)
    latest = latest_valuation(d)
    valuation = latest["valuation"]
    ids = [latest["source_id"], *items["source_id"]]
    fig, ax = chart(losses_vs_valuation_title(items, valuation, model_loss, latest["date"]), cite(d.sources, ids),
                    size=(10, 5.2))
    y = np.arange(len(items) + 1)
    values = [valuation, *items["value"]]
    labels = [f"Valuation ({latest['date']})", *items["label"]]
    ax.barh(y, values, color=[PALETTE["revenue"]] + [PALETTE["loss"]] * len(items), height=0.6)
    for yi, value in zip(y, values):
        ax.annotate(fmt_usd_bn(value, 0), (value, yi), va="center", xytext=(4, 0), textcoords="offset points")
    ax.set_yticks(y, labels)
    ax.invert_yaxis()
    ax.set_xlabel("US$ billions")
    ax.grid(axis="y", visible=False)
    ax.set_xlim(0, max(values) * 1.15)
    alt = (f"Horizontal bar chart comparing OpenAI's {fmt_usd_bn(valuation, 0)} valuation ({in_words(latest['date'])}) with "
           + "; ".join(f"{label}: {fmt_usd_bn(v, 0)}" for label, v in zip(items["label"], items["value"])) + ".")
    return Chart(fig, "basics-losses-vs-valuation", alt, sources=tuple(dict.fromkeys(ids)),
                 findings=(burn_vs_valuation(d, items),))


def industry_table(d: Frames) -> dict:
    """IBM, Kruze Consulting, Citi and others on the cost of AI compute, for `table(**...)`."""
    rows = d.industry.loc[list(INDUSTRY_FIGURES)].reset_index()
    rows["shown"] = [fmt_value(v, u) for v, u in zip(rows["value"], rows["unit"])]
    return dict(
        frame=rows[["description", "shown", "period"]].rename(
            columns={"description": "Figure", "shown": "Value", "period": "Period"}),
        caption="IBM, Kruze Consulting, Citi and others on the cost of AI compute",
        source=cite(d.sources, rows["source_id"], limit=8),
    )


# ---------------------------------------------------------------------------------------------
# What would it take to break even?


def outcome_text(be_year: int | None, end_year: int) -> str:
    """How the projection ends: breaks even within the horizon, later, or not within the search window."""
    if be_year and be_year <= end_year:
        return f"breaks even in {be_year}"
    later = f" and breaks even only in {be_year}" if be_year else " and does not break even within a century"
    return f"is still losing money in {end_year}" + later


def required_text(required: float | None, end_year: int) -> str:
    """The revenue growth needed to break even by the end of the horizon, in words."""
    if required is None:
        return "No rate of revenue growth breaks even at this gross margin."
    return f"Breaking even by {end_year} needs revenue growth of at least {fmt_pct(required)} a year."


def break_even_prose(d: Frames, revenue_growth: float, cost_growth: float, gross_margin: float, horizon: int) -> dict:
    """The paragraph stating the base year, the assumptions and where they lead, for `prose(**...)`."""
    base = d.base
    be_year = model.break_even_year(base, revenue_growth, cost_growth, gross_margin, SEARCH_YEARS)
    end_year = base.year + horizon
    required = model.required_revenue_growth(base, cost_growth, gross_margin, horizon)
    return dict(
        template="Base year {year}: revenue {rev}, cost of revenue {cor} (gross margin {gm}), other costs "
                 "{opex}. With revenue growing {rg} a year, other costs {cg} and a gross margin of {pgm}, OpenAI "
                 "{outcome}. {required}",
        year=base.year, rev=fmt_usd_bn(base.revenue), cor=fmt_usd_bn(base.cost_of_revenue),
        gm=fmt_pct(base.gross_margin), opex=fmt_usd_bn(base.operating_costs), rg=fmt_pct(revenue_growth),
        cg=fmt_pct(cost_growth), pgm=fmt_pct(gross_margin), outcome=outcome_text(be_year, end_year),
        required=required_text(required, end_year),
    )


def break_even_findings(d: Frames, revenue_growth: float, cost_growth: float, gross_margin: float,
                        horizon: int) -> tuple[Finding, ...]:
    """The model's break-even year and (when some growth reaches it) the revenue growth needed by the horizon."""
    base = d.base
    be_year = model.break_even_year(base, revenue_growth, cost_growth, gross_margin, SEARCH_YEARS)
    end_year = base.year + horizon
    required = model.required_revenue_growth(base, cost_growth, gross_margin, horizon)
    found = [Finding(
        "basics-break-even-year",
        (f"On the central assumptions (revenue +{revenue_growth:.0%} a year, other costs +{cost_growth:.0%}, gross "
         f"margin {gross_margin:.0%}) OpenAI first turns an operating profit in {be_year}." if be_year else
         "On the central assumptions OpenAI does not break even within a century."),
        label="Break-even year (model)", value=be_year, shown=str(be_year) if be_year else "never",
        how=(f"the first year in which revenue, grown from {fmt_usd_bn(base.revenue)} ({base.year}), times the "
             f"gross margin exceeds other costs, grown from {fmt_usd_bn(base.operating_costs)}"))]
    if required is not None:
        found.append(Finding(
            "basics-growth-needed",
            f"Breaking even by {end_year} needs revenue to grow at least {fmt_pct(required)} a year while other costs "
            f"grow {fmt_pct(cost_growth)} at a {fmt_pct(gross_margin)} gross margin.",
            label=f"Revenue growth needed to break even by {end_year}", value=round(float(required), 3),
            shown=fmt_pct(required), kind="condition",
            how=f"the lowest yearly growth at which OpenAI's modelled operating result turns positive by {end_year}"))
    return tuple(found)


def break_even_projection(d: Frames, revenue_growth: float, cost_growth: float, gross_margin: float,
                          horizon: int) -> Chart:
    """Revenue and total costs, reported base year then projected (log scale), titled with the break-even year."""
    base = d.base
    projection = model.project(base, revenue_growth, cost_growth, gross_margin, horizon)
    be_year = model.break_even_year(base, revenue_growth, cost_growth, gross_margin, SEARCH_YEARS)
    end = int(projection["year"].max())
    reached = bool(be_year and be_year <= end)
    title = (f"On these assumptions OpenAI first turns a profit in {be_year}" if reached else
             f"On these assumptions OpenAI is still losing money in {end}")
    ids = model_source_ids(d)
    fig, ax = chart(title, cite(d.sources, ids))
    ax.plot(projection["year"], projection["revenue"], color=PALETTE["revenue"], linewidth=2.5, marker="o",
            label="Revenue")
    ax.plot(projection["year"], projection["total_costs"], color=PALETTE["cost"], linewidth=2.5, marker="o",
            label="Total costs")
    ax.fill_between(projection["year"], projection["revenue"], projection["total_costs"],
                    where=projection["total_costs"] > projection["revenue"], color=PALETTE["cost"], alpha=0.12,
                    interpolate=True, label="Loss")
    first = int(projection["year"].min())
    ax.set_yscale("log")
    # labels placed in axes fractions vertically: on the log axis they stay inside the plot
    ax.axvline(first + 0.5, color=PALETTE["neutral"], linestyle=":", linewidth=1)
    ax.annotate("reported | projected", (first + 0.5, 1), xycoords=("data", "axes fraction"), ha="center",
                va="top", fontsize=LABEL_SIZE, color=MUTED, xytext=(0, -4), textcoords="offset points")
    if reached:
        ax.axvline(be_year, color=PALETTE["good"], linewidth=1.5)
        ax.annotate(f"break-even {be_year}", (be_year, 0.9), xycoords=("data", "axes fraction"), ha="right",
                    va="top", color=PALETTE["good"], xytext=(-4, 0), textcoords="offset points")
    ax.yaxis.set_major_formatter(FuncFormatter(lambda v, _: f"{v:,.0f}"))
    ax.yaxis.set_minor_formatter(FuncFormatter(lambda v, _: f"{v:,.0f}" if str(v)[0] in "25" else ""))
    ax.set_ylabel("US$ billions (log scale)")
    ax.set_xlabel("Calendar year")
    ax.legend(loc="lower right")
    ax.xaxis.get_major_locator().set_params(integer=True)
    alt = (f"Line chart, log scale, of OpenAI revenue and total costs from {base.year} to {end} under the stated "
           "assumptions; " + (f"revenue overtakes costs in {be_year}." if reached
                              else f"costs stay above revenue through {end}."))
    return Chart(fig, "basics-break-even-projection", alt, sources=tuple(dict.fromkeys(ids)),
                 findings=break_even_findings(d, revenue_growth, cost_growth, gross_margin, horizon), deck=True)


def most_sensitive(table: pd.DataFrame, step: float) -> Finding:
    """The assumption that moves the break-even year most (the first row of model.sensitivity)."""
    top = table.iloc[0]
    return Finding("basics-most-sensitive",
                   f"{LABELS[top['parameter']]} moves the break-even year most: ±{step * 100:.0f} points shifts it "
                   f"from {year_text(top['low_year'])} to {year_text(top['high_year'])}.",
                   kind="condition")


def sensitivity_label(year, cap_year: int) -> str:
    """A bar-end label of the tornado chart: the year, or "not by <last year searched>" when there is none."""
    if year is None or (isinstance(year, float) and math.isnan(year)):
        return f"not by {cap_year}"
    return str(int(year))


def bar_end_labels(low, high, reference: float, cap: int) -> list[tuple[float, str, str]]:
    """Where one row's labels go: (x, text, side) with side "left" or "right" of x. One label at each bar's
    outer end; two bars on the same side of the reference (or ending at the same year) share one label at
    the farther end, so that labels never sit on top of each other."""
    ends = []
    for year in (low, high):
        missing = year is None or (isinstance(year, float) and math.isnan(year))
        ends.append((cap if missing else float(year), sensitivity_label(year, cap - 1)))
    sides = ["right" if x >= reference else "left" for x, _ in ends]
    if sides[0] != sides[1]:
        return [(x, text, side) for (x, text), side in zip(ends, sides)]
    far = max(ends, key=lambda e: abs(e[0] - reference))
    texts = list(dict.fromkeys(text for _, text in sorted(ends, key=lambda e: abs(e[0] - reference))))
    return [(far[0], " / ".join(texts), sides[0])]


def keep_labels_inside(ax, texts, pad_pt: float = 6, rounds: int = 6) -> None:
    """Widen the x axis until every label lies inside the axes, `pad_pt` points from their edges: labels
    at bars' ends then never run into the axis, its tick labels or the category labels beside it."""
    fig = ax.figure
    for _ in range(rounds):
        fig.draw_without_rendering()
        renderer = fig._get_renderer()
        box = ax.get_window_extent(renderer)
        pad = pad_pt * fig.dpi / 72
        extents = [t.get_window_extent(renderer) for t in texts]
        over_left = max(0.0, box.x0 + pad - min(e.x0 for e in extents))
        over_right = max(0.0, max(e.x1 for e in extents) - (box.x1 - pad))
        if over_left < 0.5 and over_right < 0.5:
            return
        lo, hi = ax.get_xlim()
        per_pixel = (hi - lo) / box.width
        ax.set_xlim(lo - over_left * per_pixel * 1.2, hi + over_right * per_pixel * 1.2)


def break_even_sensitivity(d: Frames, revenue_growth: float, cost_growth: float, gross_margin: float,
                           step: float) -> Chart:
    """Tornado chart: the break-even year when each assumption moves down and up by `step`."""
    base = d.base
    table = model.sensitivity(base, dict(revenue_growth=revenue_growth, cost_growth=cost_growth,
                                         gross_margin=gross_margin), step, max_years=SEARCH_YEARS)
    central = table.attrs["central_year"]
    cap = base.year + SEARCH_YEARS + 1
    top = table.iloc[0]
    fig, ax = chart(f"{LABELS[top['parameter']]} moves the break-even year most: "
                    f"{year_text(top['low_year'])} to {year_text(top['high_year'])}", MODEL_SOURCE, size=(10, 4.8))
    reference = central if central is not None else cap
    points = f"{step * 100:.0f} points"
    labels = []
    for yi, row in table.iterrows():
        for side, color in (("low", PALETTE["cost"]), ("high", PALETTE["revenue"])):
            year = row[f"{side}_year"]
            year = cap if year is None or (isinstance(year, float) and math.isnan(year)) else year
            ax.barh(yi, year - reference, left=reference, color=color, height=0.55,
                    label=f"Assumption {points} {'lower' if side == 'low' else 'higher'}" if yi == 0 else None)
        for x, text, where in bar_end_labels(row["low_year"], row["high_year"], reference, cap):
            labels.append(ax.annotate(text, (x, yi), va="center", ha="left" if where == "right" else "right",
                                      xytext=(5 if where == "right" else -5, 0), textcoords="offset points",
                                      fontsize=LABEL_SIZE + 1))
    ax.axvline(reference, color=PALETTE["neutral"], linewidth=1)
    ax.set_yticks(range(len(table)), [f"{LABELS[p]}\n(now {v:.0%})" for p, v in zip(table["parameter"], table["central"])])
    ax.invert_yaxis()
    ax.set_xlabel(f"Break-even year (central case: {year_text(central)})")
    ax.xaxis.get_major_locator().set_params(integer=True)
    ax.grid(axis="y", visible=False)
    # the legend sits above the bars, outside them, so no bar or label can run under it
    ax.legend(loc="lower left", bbox_to_anchor=(0, 1.02), ncols=2, borderaxespad=0)
    keep_labels_inside(ax, labels)
    alt = ("Tornado chart of the break-even year when each assumption moves down and up by "
           f"{step * 100:.0f} percentage points: " + "; ".join(
               f"{LABELS[r.parameter]} {year_text(r.low_year)} to {year_text(r.high_year)}"
               for r in table.itertuples()) + ".")
    return Chart(fig, "basics-break-even-sensitivity", alt, sources=tuple(dict.fromkeys(model_source_ids(d))),
                 findings=(most_sensitive(table, step),))


def break_even_grid_table(d: Frames, gross_margin: float) -> pd.DataFrame:
    """Break-even year for each revenue growth (rows) and operating-cost growth (columns) of the grid."""
    return model.grid(d.base, GRID_REVENUE_GROWTHS, GRID_COST_GROWTHS, gross_margin, SEARCH_YEARS)


def grid_cells(table: pd.DataFrame, end_year: int) -> pd.DataFrame:
    """What each cell of the grid shows: the break-even year, or "–" when it comes after `end_year` (or never)."""
    values = table.to_numpy(dtype=float, na_value=np.nan)
    late = np.isnan(values) | (values > end_year)
    labels = np.where(late, "–", np.nan_to_num(values).astype(int).astype(str))
    return pd.DataFrame(labels, index=table.index, columns=table.columns)


def grid_blank_label(end_year: int) -> str:
    """The colour bar's label: the scale's years, and what the grey cells marked "–" are."""
    return f"Break-even year (grey, –: not by {end_year})"


def break_even_grid(d: Frames, revenue_growth: float, cost_growth: float, gross_margin: float,
                    horizon: int) -> Chart:
    """Heat map (seaborn) of the break-even year by revenue growth and operating-cost growth; cells blank
    where break-even comes after the horizon. Titled with the revenue growth needed at the central cost growth."""
    base = d.base
    end_year = base.year + horizon
    required = model.required_revenue_growth(base, cost_growth, gross_margin, horizon)
    table = break_even_grid_table(d, gross_margin)
    title = (f"To break even by {end_year}, revenue must grow {required:.0%} a year if costs grow {cost_growth:.0%}"
             if required is not None else f"No revenue growth reaches break-even by {end_year} at this margin")
    fig, ax = chart(title, MODEL_SOURCE, size=(10, 6.2))
    values = table.to_numpy(dtype=float, na_value=np.nan)
    labels = grid_cells(table, end_year)
    late = labels.to_numpy() == "–"
    lowest = np.nanmin(values) if not np.isnan(values).all() else np.nan
    vmin, vmax = (lowest if np.isfinite(lowest) else end_year - 10), end_year
    # seaborn draws the first row at the top: the rows go in reverse so that the highest revenue growth is on top.
    rows = slice(None, None, -1)
    sns.heatmap(table.where(~late).iloc[rows].astype(float), mask=late[rows], cmap="viridis_r", vmin=vmin, vmax=vmax,
                ax=ax, annot=labels.to_numpy()[rows], fmt="", annot_kws={"fontsize": LABEL_SIZE},
                xticklabels=[f"{c:.0%}" for c in table.columns], yticklabels=[f"{r:.0%}" for r in table.index[rows]],
                cbar_kws={"shrink": 0.8, "label": grid_blank_label(end_year)})
    # Masked cells are left transparent and unlabelled: the axes' background is the blank colour and they
    # get a "–". seaborn picks text colours by luminance; the years keep dark text on the lighter (earlier)
    # half of the scale and white on the darker half.
    ax.set_facecolor(GRID_BLANK)
    height = len(table.index)
    for text in ax.texts:
        x, y = text.get_position()
        v = values[height - 1 - int(y), int(x)]
        text.set_color(INK if (v - vmin) / max(vmax - vmin, 1) < 0.5 else "white")
    for i, j in zip(*np.nonzero(late)):
        ax.text(j + 0.5, height - 1 - i + 0.5, "–", ha="center", va="center", fontsize=LABEL_SIZE, color=PALETTE["neutral"])
    ax.spines[["left", "bottom"]].set_visible(True)  # seaborn removes them; the report's charts keep them
    ax.collections[0].colorbar.outline.set_linewidth(matplotlib.rcParams["axes.linewidth"])
    ax.tick_params(axis="y", labelrotation=0)
    ax.set_xlabel("Yearly growth of operating costs")
    ax.set_ylabel("Yearly revenue growth")
    ax.grid(False)
    alt = (f"Heat map of the break-even year for yearly revenue growth from {table.index[0]:.0%} to "
           f"{table.index[-1]:.0%} (rows) and operating-cost growth from {table.columns[0]:.0%} to "
           f"{table.columns[-1]:.0%} (columns) at a {gross_margin:.0%} gross margin; cells blank where break-even "
           f"comes after {end_year}.")
    return Chart(fig, "basics-break-even-grid", alt, sources=tuple(dict.fromkeys(model_source_ids(d))))


# ---------------------------------------------------------------------------------------------
# How sure: a Monte Carlo over the assumptions' ranges


@dataclass(frozen=True)
class Draws:
    """The break-even model run on `n` draws of the assumptions: the draws (every assumption, those
    without a range held at their value), each draw's projected path and break-even year."""
    n: int
    spreads: dict  # name -> uncertainty.Spread, the ranged assumptions
    inputs: dict  # name -> array of n values
    paths: dict  # model.project_many of the draws
    years: np.ndarray  # break-even year of each draw, NaN when none within SEARCH_YEARS
    central: dict  # the single-number assumptions
    horizon: int

    @property
    def end_year(self) -> int:
        return int(self.paths["year"][-1])

    @property
    def mid_year(self) -> int:
        return int(self.paths["year"][0]) + max(self.horizon // 2, 1)

    def share_by(self, year: int) -> float:
        """The share of draws that turn an operating profit in or before `year`."""
        from helpers.core import uncertainty

        return uncertainty.share(self.years <= year)


def monte_carlo(d: Frames, revenue_growth: float, cost_growth: float, gross_margin: float, horizon: int,
                ranges: str, n: int | None = None) -> Draws:
    """Draw the ranged assumptions (seeded by the section and its parameter values) and run the model
    on every draw at once."""
    from helpers.core import uncertainty

    central = dict(revenue_growth=revenue_growth, cost_growth=cost_growth, gross_margin=gross_margin)
    spreads = uncertainty.parse_for(ranges, central, "the break-even model")
    n = uncertainty.DRAWS if n is None else n
    seed = uncertainty.seed_for("basics", central, horizon, uncertainty.unparse(spreads), n)
    inputs = uncertainty.with_fixed(uncertainty.draws(spreads, n, seed), central, n)
    paths = model.project_many(d.base, **inputs, horizon=horizon)
    years = model.break_even_years(d.base, **inputs, max_years=SEARCH_YEARS)
    return Draws(n, spreads, inputs, paths, years, central, horizon)


def _ranges_words(m: Draws) -> str:
    """The ranges drawn, in words: "revenue growth 30% to 68%, ..."."""
    from helpers.core import uncertainty

    return uncertainty.ranges_words(m.spreads, lambda name: LABELS[name].lower(), lambda _, value: fmt_pct(value))


def range_source_ids(d: Frames) -> list[str]:
    """The rows the default ranges come from: the base year's reported gross margins and OpenAI's
    revenue projections for the fifth year after it."""
    rows = d.financials[((d.financials["metric"] == "gross_margin") & (d.financials["year"] == d.base.year))
                        | ((d.financials["metric"] == "revenue") & (d.financials["status"] == "projected")
                           & (d.financials["year"] == d.base.year + 5))]
    return list(dict.fromkeys(rows["source_id"]))


def break_even_chance(d: Frames, m: Draws) -> Finding:
    """The share of draws that turn an operating profit by the middle and by the end of the horizon."""
    mid, end = m.share_by(m.mid_year), m.share_by(m.end_year)
    return Finding(
        "basics-break-even-chance",
        f"OpenAI turns an operating profit by {m.mid_year} in {share_text(mid)} of {m.n:,} draws of the assumptions, "
        f"and by {m.end_year} in {share_text(end)}.",
        label=f"Draws with an operating profit by {m.end_year}", value=round(end, 3), shown=share_text(end),
        how=(f"{m.n:,} draws of {_ranges_words(m)} (a range without a word is triangular, peaking at the "
             f"central value); the share of draws whose modelled operating result turns positive in or "
             f"before {m.end_year} ({share_text(mid)} by {m.mid_year})"),
        sources=tuple(dict.fromkeys([*model_source_ids(d), *range_source_ids(d)])))


def spread_drivers(m: Draws) -> list[tuple[str, float]]:
    """The ranged assumptions by how strongly they move the operating result at the end of the horizon
    (Spearman rank correlation across the draws), strongest first."""
    from helpers.core import uncertainty

    return uncertainty.drivers({k: m.inputs[k] for k in m.spreads}, m.paths["profit"][:, -1])


def drivers_sentence(m: Draws) -> str:
    """Which assumptions drive the spread, in one sentence."""
    ranked = spread_drivers(m)
    if not ranked:
        return "Every assumption is held at one value here, so all draws give the same path."
    (top, rho), rest = ranked[0], ranked[1:]
    others = "; ".join(f"{LABELS[k].lower()} {signed(r)}" for k, r in rest)
    return (f"{LABELS[top]} drives most of the spread: ranked against the operating result in {m.end_year} "
            f"across the draws, it correlates {signed(rho)}" + (f" ({others})." if others else "."))


def fan_prose(m: Draws) -> dict:
    """The paragraph under the fan chart: what was drawn, and what drives the spread, for `prose(**...)`."""
    from helpers.core import uncertainty

    never = uncertainty.share(np.isnan(m.years))
    median = np.percentile(np.where(np.isnan(m.years), np.inf, m.years), 50, method="lower")
    median = None if not np.isfinite(median) else int(median)
    return dict(
        template="The {n} draws take each assumption from its range ({ranges}), most often near the central "
                 "value. The median draw turns a profit in {median}{never}. {drivers}",
        n=f"{m.n:,}", ranges=_ranges_words(m), median=year_text(median),
        never=(f"; {share_text(never)} of draws never do within a century" if never > 0 else ""),
        drivers=drivers_sentence(m))


def signed_bn(value: float) -> str:
    """A result that may be a loss: "−$680B" or "$120B"."""
    return ("−" if value < 0 else "") + fmt_usd_bn(abs(value), 0)


def break_even_fan(d: Frames, m: Draws) -> Chart:
    """Fan chart of the projected operating result across the draws: median, 50% and 90% bands, and the
    central assumptions' path; titled with the share of draws in profit by the middle and end of the horizon."""
    from helpers.core import uncertainty

    years, profit = m.paths["year"], m.paths["profit"]
    band = uncertainty.bands(profit)
    central = model.project(d.base, **m.central, horizon=m.horizon)
    mid, end = m.share_by(m.mid_year), m.share_by(m.end_year)
    ids = list(dict.fromkeys([*model_source_ids(d), *range_source_ids(d)]))
    fig, ax = chart(f"OpenAI turns an operating profit by {m.mid_year} in {share_text(mid)} of {m.n:,} draws of the "
                    f"assumptions, by {m.end_year} in {share_text(end)}", cite(d.sources, ids), size=(10, 5.2))
    fan(ax, years, band, PALETTE["revenue"], central=(central["year"], central["profit"]))
    ax.axhline(0, color=MUTED, linewidth=1)
    ax.annotate("break-even", (1, 0), xycoords=("axes fraction", "data"), ha="right", va="bottom",
                xytext=(-4, 3), textcoords="offset points", fontsize=LABEL_SIZE, color=MUTED)
    ax.yaxis.set_major_formatter(FuncFormatter(lambda v, _: f"{v:,.0f}"))
    ax.set_ylabel("Operating result, US$ billions")
    ax.set_xlabel(f"Calendar year ({int(years[0])} reported, then projected)")
    ax.legend(loc="lower left")
    alt = (f"Fan chart of OpenAI's modelled operating result from {int(years[0])} to {m.end_year} across {m.n:,} "
           f"draws of the assumptions: in {m.end_year} the median draw is {signed_bn(band[50][-1])}, half the "
           f"draws lie between {signed_bn(band[25][-1])} and {signed_bn(band[75][-1])} and 90% between "
           f"{signed_bn(band[5][-1])} and {signed_bn(band[95][-1])}; {share_text(mid)} of draws are in "
           f"profit by {m.mid_year}, {share_text(end)} by {m.end_year}.")
    return Chart(fig, "basics-break-even-fan", alt, sources=tuple(ids), findings=(break_even_chance(d, m),), deck=True)
