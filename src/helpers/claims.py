"""The claims ledger: what the article says, what the sources say, and verdicts recomputed from data/.

A claim whose `check` column names a function here has its verdict recomputed: the function
returns the figure that data/ gives for it, and `verdict_for` compares the article's value with
that figure:

- holds       the article's value equals the figure (within 0.5%), or the figure lies in the
              article's range (e.g. 30-40);
- rounded     within 10% of the figure;
- overstated  more than 10% above it;
- wrong       more than 10% below it, or a comparison the data contradicts.

A stored verdict that disagrees with its check fails the tests; claims without a check carry a
judgement (misattributed, unverifiable) explained in their reason.
"""
from __future__ import annotations

import html
import re
from dataclasses import dataclass
from typing import Callable

import pandas as pd

from helpers.sources import cite

HOLDS_WITHIN = 0.005
ROUNDED_WITHIN = 0.10
VERDICT_ORDER = ("holds", "rounded", "misattributed", "overstated", "wrong", "unverifiable")
SECTION_TITLES = {"basics": "Basics", "circular-revenue": "Circular revenue",
                  "concentration-risk": "Concentration risk", "bubble-comparison": "Bubble comparison"}


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
        return "overstated" if nearest > 0 else "wrong"
    relative = (nearest - figure) / abs(figure)
    if abs(relative) <= HOLDS_WITHIN:
        return "holds"
    if abs(relative) <= ROUNDED_WITHIN:
        return "rounded"
    return "overstated" if relative > 0 else "wrong"


CHECKS: dict[str, Callable[[pd.Series, dict], Outcome]] = {}
CHECK_READS: dict[str, tuple[str, ...]] = {}  # check name -> data files it reads


def check(name: str, *files: str):
    def register(function):
        CHECKS[name] = function
        CHECK_READS[name] = files
        return function
    return register


def _row(frame: pd.DataFrame, what: str, **match) -> pd.Series:
    rows = frame
    for column, value in match.items():
        rows = rows[rows[column] == value]
    if len(rows) != 1:
        raise ValueError(f"expected one row of {what} matching {match}, found {len(rows)}")
    return rows.iloc[0]


def _openai(frames: dict, metric: str, year: int) -> pd.Series:
    return _row(frames["openai_financials.csv"], "openai_financials.csv", metric=metric, year=year, headline="yes")


def _lookup(claim: pd.Series, row: pd.Series, text: str) -> Outcome:
    return Outcome(verdict_for(claim["article_value"], float(row["value"])), text, (row["source_id"],))


def _financial_check(name: str, metric: str, year: int, words: str) -> None:
    @check(name, "openai_financials.csv")
    def _(claim, frames):
        row = _openai(frames, metric, year)
        return _lookup(claim, row, f"{words}: ${row['value']:g}B ({row['status']})")


_financial_check("openai_2024_loss", "net_loss", 2024, "OpenAI's 2024 net loss")
_financial_check("openai_2024_revenue", "revenue", 2024, "OpenAI's 2024 revenue")
_financial_check("openai_cumulative_loss_2028", "net_loss_cumulative", 2028, "projected losses 2023-2028")
_financial_check("openai_running_cost", "inference_compute_cost", 2025, "OpenAI's 2025 inference compute cost")


def _industry_check(name: str, figure_id: str, words: str, fmt: str) -> None:
    @check(name, "industry_figures.csv")
    def _(claim, frames):
        row = _row(frames["industry_figures.csv"], "industry_figures.csv", figure_id=figure_id)
        return _lookup(claim, row, f"{words}: {fmt.format(row['value'])}")


_industry_check("ibm_compute_cost", "ibm_compute_cost_increase", "IBM's projected rise in compute cost", "{:g}%")
_industry_check("ibm_execs_genai", "ibm_execs_cite_genai", "executives citing generative AI", "{:g}%")
_industry_check("citi_infra_spend", "citi_ai_infra_spend_2029", "Citi's AI infrastructure spend to 2029",
                "${:g} trillion")
_industry_check("openai_api_revenue", "openai_api_revenue", "OpenAI API revenue, annualized", "${:g}B")


@check("openai_valuation", "openai_valuations.csv")
def _(claim, frames):
    row = frames["openai_valuations.csv"].sort_values("date").iloc[-1]
    return Outcome(verdict_for(claim["article_value"], float(row["valuation"])),
                   f"latest valuation ({row['date']}): ${row['valuation']:g}B", (row["source_id"],))


def _oracle(frames: dict, metric: str) -> pd.Series:
    return _row(frames["oracle_financials.csv"], "oracle_financials.csv", metric=metric)


@check("oracle_share_rise", "oracle_financials.csv")
def _(claim, frames):
    return _lookup(claim, _oracle(frames, "share_price_change_one_day"),
                   f"close-to-close rise on 10 Sep 2025: {_oracle(frames, 'share_price_change_one_day')['value']:g}%")


@check("oracle_market_cap_gain", "oracle_financials.csv")
def _(claim, frames):
    row = _oracle(frames, "market_cap_gain_one_day")
    return _lookup(claim, row, f"market value added on 10 Sep 2025: ${row['value']:g}B")


def oracle_decade(frames: dict, last_fiscal_year: int = 2025, years: int = 10) -> dict[str, float]:
    """Oracle's total revenue and net income (usd_bn) over the `years` fiscal years to `last_fiscal_year`."""
    table = frames["oracle_financials.csv"]
    span = range(last_fiscal_year - years + 1, last_fiscal_year + 1)
    sums = {}
    for metric in ("total_revenue", "net_income"):
        rows = table[(table["metric"] == metric) & table["fiscal_year"].isin(list(span))]
        if sorted(rows["fiscal_year"]) != list(span):
            raise ValueError(f"oracle_financials.csv: need one {metric} row for each fiscal year {span.start}-{span.stop - 1}")
        scale = rows["unit"].map({"usd_m": 0.001, "usd_bn": 1.0})
        sums[metric] = float((rows["value"] * scale).sum())
    return sums


@check("oracle_gain_vs_decade_revenue", "oracle_financials.csv")
def _(claim, frames):
    """The article: the one-day gain was larger than all of Oracle's revenue in the prior decade."""
    gain = parse_value(claim["article_value"])[0]
    sums = oracle_decade(frames)
    verdict = "holds" if gain > sums["total_revenue"] else "wrong"
    ids = tuple(frames["oracle_financials.csv"].query("metric in ['total_revenue', 'net_income']")["source_id"].unique())
    return Outcome(verdict, f"revenue FY2016-FY2025: ${sums['total_revenue']:,.0f}B; "
                            f"net income: ${sums['net_income']:,.0f}B", ids)


@check("msft_share_of_nvidia", "nvidia_customers.csv")
def _(claim, frames):
    rows = frames["nvidia_customers.csv"]
    rows = rows[(rows["company"] == "Microsoft") & (rows["metric"] == "share_of_nvidia_revenue_est")]
    row = rows.iloc[0]
    return _lookup(claim, row, f"analysts' estimate ({row['period']}): {row['value']:g}%")


def _deal(frames: dict, payer: str, receiver: str, kind: str) -> pd.Series:
    return _row(frames["deals.csv"], "deals.csv", from_company=payer, to_company=receiver, kind=kind,
                headline="yes")


@check("nvidia_openai_pledge", "deals.csv")
def _(claim, frames):
    row = _deal(frames, "Nvidia", "OpenAI", "equity_investment")
    return _lookup(claim, row.rename({"amount": "value"}),
                   f"Nvidia's pledge to OpenAI ({row['status']}): ${row['amount']:g}B")


@check("oracle_openai_contract", "deals.csv")
def _(claim, frames):
    row = _deal(frames, "OpenAI", "Oracle", "compute_contract")
    return _lookup(claim, row.rename({"amount": "value"}),
                   f"OpenAI's compute contract with Oracle: ${row['amount']:g}B")


def _capex_check(name: str, companies: str, words: str) -> None:
    @check(name, "concentration_capex.csv")
    def _(claim, frames):
        row = _row(frames["concentration_capex.csv"], "concentration_capex.csv", companies=companies, year=2024,
                   metric="capex_growth_yoy", period="FY", status="actual")
        return _lookup(claim, row, f"{words}, 2024 vs 2023: {row['value']:g}%")


_capex_check("mag7_capex_growth", "mag7", "the seven's capex growth")
_capex_check("sp493_capex_growth", "sp500_ex_mag7", "the other 493's capex growth")


def _attribution_check(name: str, measure: str, words: str) -> None:
    @check(name, "ai_attribution.csv")
    def _(claim, frames):
        row = _row(frames["ai_attribution.csv"], "ai_attribution.csv", measure=measure, basket="jpm_ai_related",
                   headline="yes")
        return _lookup(claim, row, f"JPMorgan: AI-related stocks' share of {words} since Nov 2022: {row['value']:g}%")


_attribution_check("jpm_ai_share_returns", "share_of_sp500_returns", "S&P 500 returns")
_attribution_check("jpm_ai_share_capex_growth", "share_of_sp500_capex_growth", "S&P 500 capex growth")


@check("ai_capex_cycle_trillion", "bubble_series.csv")
def _(claim, frames):
    """The article: a trillion-dollar capex cycle, i.e. at least $1T. Cumulative hyperscaler capex
    since 2023 (reported, plus the latest year's guidance)."""
    rows = frames["bubble_series.csv"]
    capex = rows[(rows["series"] == "hyperscaler_capex") & (rows["headline"] == "yes") & (rows["year"] >= 2023)]
    total = float(capex["value"].sum()) / 1000
    verdict = "holds" if total >= parse_value(claim["article_value"])[0] else "overstated"
    span = f"{int(capex['year'].min())}-{int(capex['year'].max())}"
    return Outcome(verdict, f"Microsoft, Alphabet, Amazon and Meta capex {span} (last year guided): "
                            f"${total:.2f} trillion", tuple(capex["source_id"].unique()))


def evaluate(claims: pd.DataFrame, frames: dict) -> pd.DataFrame:
    """The ledger with the recomputed figure and verdict for every claim that has a check."""
    out = claims.copy()
    out["computed_verdict"] = None
    out["computed_figure"] = None
    for index, claim in out.iterrows():
        name = claim["check"]
        if not isinstance(name, str):
            continue
        if name not in CHECKS:
            raise ValueError(f"claims.csv: claim {claim['claim_id']}: unknown check {name!r}")
        outcome = CHECKS[name](claim, frames)
        out.at[index, "computed_verdict"] = outcome.verdict
        out.at[index, "computed_figure"] = outcome.figure
    return out


def counts(ledger: pd.DataFrame) -> dict[str, int]:
    return {v: int((ledger["verdict"] == v).sum()) for v in VERDICT_ORDER}


def table_html(ledger: pd.DataFrame, sources: pd.DataFrame, *, caption: str, group: bool = False) -> str:
    """The ledger as an HTML table; every value from data/ is escaped."""
    esc = html.escape
    head = ("<thead><tr><th>Claim</th><th>Article says</th><th>Best source says</th>"
            "<th>Verdict</th><th>Why</th></tr></thead>")
    body = []
    sections = list(SECTION_TITLES) if group else [None]
    for section in sections:
        rows = ledger if section is None else ledger[ledger["section"] == section]
        if rows.empty:
            continue
        if section is not None:
            body.append(f'<tr class="group"><th colspan="5">{esc(SECTION_TITLES[section])}</th></tr>')
        for claim in rows.itertuples():
            source = cite(sources, [claim.source_id]) if isinstance(claim.source_id, str) else "no source found"
            figure = claim.computed_figure if isinstance(claim.computed_figure, str) else (
                claim.source_value if isinstance(claim.source_value, str) else "—")
            body.append(
                "<tr>"
                f'<td class="txt"><span class="claim-id">{esc(claim.claim_id)}</span><br>{esc(claim.claim)}</td>'
                f'<td class="txt">{esc(claim.article_value)} {esc(_unit_words(claim.unit))}<br>'
                f'<small>{esc(claim.period)}</small></td>'
                f'<td class="txt">{esc(figure)}<br><small>{esc(source)}</small></td>'
                f'<td class="txt"><span class="verdict verdict-{esc(claim.verdict)}">{esc(claim.verdict)}</span>'
                f'{"<br><small>recomputed from data/</small>" if isinstance(claim.computed_verdict, str) else ""}</td>'
                f'<td class="txt">{esc(claim.reason)}</td>'
                "</tr>")
    return (f'<table class="report-table claims-table"><caption>{esc(caption)}</caption>{head}'
            f"<tbody>{''.join(body)}</tbody></table>")


def _unit_words(unit: str) -> str:
    return {"usd_bn": "US$ bn", "usd_tn": "US$ tn", "usd_m": "US$ m", "usd": "US$", "pct": "%",
            "share": "(share)", "ratio": "×", "years": "", "count": "", "index_points": "points"}.get(unit, unit)


def summary_sentence(ledger: pd.DataFrame) -> str:
    tally = counts(ledger)
    parts = [f"{n} {v}" for v, n in tally.items() if n]
    return f"Of the article's {len(ledger)} numeric claims: " + ", ".join(parts) + "."


def show_section(slug: str) -> None:
    """Display the claims that belong to a section, with verdicts, in a notebook."""
    from IPython.display import HTML, display

    from helpers import data

    ledger = data.load("claims.csv")
    mine = ledger[ledger["section"] == slug]
    needed = {"sources.csv"} | {f for name in mine["check"].dropna() for f in CHECK_READS.get(name, ())}
    frames = {name: data.load(name) for name in sorted(needed)}
    mine = evaluate(mine, frames)
    tally = counts(mine)
    badges = " ".join(f'<span class="verdict verdict-{v}">{n} {v}</span>' for v, n in tally.items() if n)
    display(HTML(f'<div class="claims-summary"><p>{len(mine)} claims in this section: {badges}</p></div>'
                 + table_html(mine, frames["sources.csv"], caption="What the article claims, checked")))
