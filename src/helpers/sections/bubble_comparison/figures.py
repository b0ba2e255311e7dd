"""The Bubble comparison section: the episodes side by side, series aligned on their peaks, and the
depreciation clock's charts and tables.

The arithmetic is in helpers.depreciation; this module picks rows from data/ and draws, so the
notebook reads as a story.
"""
from __future__ import annotations

import textwrap

import matplotlib as mpl
import numpy as np
import pandas as pd
from matplotlib.patches import Patch
from matplotlib.ticker import FuncFormatter

from helpers.core.present import INK, MUTED, PALETTE, chart, fmt_usd_bn

SOURCE_CHARS_PER_INCH = 12.5  # DejaVu Sans at 10 pt: about 0.08 in a character
TITLE_CHARS_PER_INCH = 6.8  # bold at 16 pt


def _fit(fig):
    """Wrap the source line to the figure's width, make room for it, and shrink a long title to fit.

    present.chart wraps the source at 150 characters, wider than a 10-inch figure, and reserves room
    for about two lines; titles computed from parameters can run long."""
    width, height = fig.get_figwidth(), fig.get_figheight()
    note = next(text for text in fig.texts if text.get_text().startswith("Source: "))
    lines = textwrap.wrap(note.get_text().replace("\n", " "), int(width * SOURCE_CHARS_PER_INCH))
    note.set_text("\n".join(lines))
    bottom = (len(lines) * 0.17 + 0.12) / height
    fig.get_layout_engine().set(rect=(0, bottom, 1, 1 - bottom))
    title = fig._suptitle
    capacity = width * TITLE_CHARS_PER_INCH
    if title is not None and len(title.get_text()) > capacity:
        title.set_fontsize(max(12.0, 16 * capacity / len(title.get_text())))
    return fig


EPISODES = {
    "uk_railway_mania_1840s": "UK railway mania, 1840s",
    "us_railroads_gilded_age": "US railroads, 1870s–1890s",
    "telecom_fiber_1996_2002": "Telecom and fiber, 1996–2002",
    "dotcom_1995_2002": "Dot-com, 1995–2002",
    "ai_2023_on": "AI, 2023 onward",
}
# The measures compared across episodes, in display order: (measure, label, unit suffix)
MEASURES = (
    ("investment_pct_gdp_peak", "Investment at the peak, % of GDP", "%"),
    ("it_investment_pct_gdp", "Broad IT investment (BEA), % of GDP", "%"),
    ("asset_life_years", "Asset life, years", " yrs"),
    ("utilization_after_peak", "Utilization after the peak, %", "%"),
    ("peak_to_trough_loss_pct", "Peak-to-trough market loss, %", "%"),
    ("years_to_recover", "Years to regain the peak", " yrs"),
)
PEAK_MEASURES = ("peak_to_trough_loss_pct", "years_to_recover")  # undefined while a boom is still running
AI = "ai_2023_on"
SCOPES = {"genai_economy": "the whole generative-AI economy (Exponential View)",
          "enterprise": "enterprise AI spending (Menlo Ventures and others)",
          "openai": "OpenAI's revenue"}
SCOPE_SHORT = {"genai_economy": "Gen-AI economy", "enterprise": "Enterprise AI spending", "openai": "OpenAI"}
SHORT_BY = {"US Bureau of Economic Analysis": "BEA", "Global Financial Data": "GFD",
            "contemporary account": "contemporary account", "anonymous user post": "user post"}
STATUS_LABEL = {"actual": "actual", "forecast": "forecast", "assumed": "assumed growth",
                "reported": "reported", "projected": "projected"}


def short_by(estimate_by: str) -> str:
    """'Andrew Odlyzko (quoted by ...)' -> 'Odlyzko'; organisations keep their name or abbreviation."""
    name = estimate_by.split(" (")[0].strip()
    if name in SHORT_BY:
        return SHORT_BY[name]
    words = name.split()
    if len(words) in (2, 3) and all(w[:1].isupper() for w in words) and not any(
            w in ("Research", "Lynch", "Street", "Journal", "Data", "Connect", "Futures", "Chronicle") for w in words):
        return words[-1]  # a person: surname
    return name


# --------------------------------------------------------------------------------------------------
# The episodes side by side

def comparison(episodes: pd.DataFrame) -> pd.DataFrame:
    """One row per (episode, measure) compared: the headline value, whose it is, and the spread of all rows.

    Every episode x measure pair appears; value is NaN where data/ has no figure."""
    rows = []
    for episode in EPISODES:
        for measure, label, _ in MEASURES:
            found = episodes[(episodes["episode"] == episode) & (episodes["measure"] == measure)]
            head = found[found["headline"] == "yes"]
            row = dict(episode=episode, measure=measure, label=label, n=len(found),
                       low=found["value"].min() if len(found) else np.nan,
                       high=found["value"].max() if len(found) else np.nan,
                       value=np.nan, estimate_by=None, period=None, measured=None, source_id=None)
            if len(head):
                h = head.iloc[0]
                row.update(value=float(h["value"]), estimate_by=h["estimate_by"], period=h["period"],
                           measured=h["measured"], source_id=h["source_id"])
            rows.append(row)
    return pd.DataFrame(rows)


def headline(episodes: pd.DataFrame, episode: str, measure: str) -> pd.Series:
    rows = episodes[(episodes["episode"] == episode) & (episodes["measure"] == measure) & (episodes["headline"] == "yes")]
    if len(rows) != 1:
        raise ValueError(f"bubble_episodes.csv: expected one headline row for {episode} / {measure}, found {len(rows)}")
    return rows.iloc[0]


def _fmt(value: float, suffix: str) -> str:
    return f"{value:,.2f}".rstrip("0").rstrip(".") + suffix


def comparison_table(comp: pd.DataFrame, episodes: pd.DataFrame) -> pd.DataFrame:
    """Measures (rows) by episode (columns): 'value (whose)', empty where no source exists."""
    table = {}
    for episode, name in EPISODES.items():
        column = {}
        peak = episodes[(episodes["episode"] == episode) & (episodes["measure"] == "peak_year")
                        & (episodes["headline"] == "yes")]
        column["Market peak"] = f"{peak.iloc[0]['period']} ({short_by(peak.iloc[0]['estimate_by'])})" if len(peak) else None
        for measure, label, suffix in MEASURES:
            row = comp[(comp["episode"] == episode) & (comp["measure"] == measure)].iloc[0]
            column[label] = (f"{_fmt(row['value'], suffix)} ({short_by(row['estimate_by'])}, {row['period']})"
                             if row["value"] == row["value"] else None)
        table[name] = column
    frame = pd.DataFrame(table)
    return frame.rename_axis("Measure").reset_index()


def estimates_table(episodes: pd.DataFrame) -> pd.DataFrame:
    """One row per episode and compared measure: the estimate charted, and every other estimate in data/."""
    rows = []
    for episode, name in EPISODES.items():
        for measure, label, suffix in MEASURES:
            found = episodes[(episodes["episode"] == episode) & (episodes["measure"] == measure)]
            if found.empty:
                continue
            found = found.sort_values("value")
            head = found[found["headline"] == "yes"]
            describe = lambda r: f"{_fmt(r['value'], suffix)}: {r['measured']} ({r['estimate_by']}, {r['period']})"
            rows.append({"Episode": name, "Measure": label,
                         "Charted estimate": describe(head.iloc[0]) if len(head) else None,
                         "Other estimates": "; ".join(describe(r) for _, r in found[found["headline"] != "yes"].iterrows())
                         or None})
    return pd.DataFrame(rows)


def chart_episodes(comp: pd.DataFrame, ai_2030: float | None, title: str, source: str):
    """Small multiples: one panel per measure, one bar per episode; dots for the other estimates."""
    fig, first = chart(title, source, size=(10, 10.5))
    first.remove()  # present.chart lays out one row; this chart needs three
    grid = fig.subplots(3, 2, sharey=True)
    names = list(EPISODES.values())
    y = np.arange(len(names))
    for ax, (measure, label, suffix) in zip(grid.ravel(), MEASURES):
        rows = comp[comp["measure"] == measure].set_index("episode").reindex(list(EPISODES))
        top = float(np.nanmax(rows[["value", "high"]].to_numpy(dtype=float))) if rows["n"].sum() else 1.0
        top = max(top, ai_2030 or 0) if measure == "investment_pct_gdp_peak" else top
        for yi, (episode, row) in enumerate(rows.iterrows()):
            color = PALETTE["cost"] if episode == AI else PALETTE["revenue"]
            if row["value"] == row["value"]:
                ax.barh(yi, row["value"], color=color, height=0.6)
                ax.annotate(f"{_fmt(row['value'], suffix)} {short_by(row['estimate_by'])}", (row["value"], yi),
                            xytext=(4, 0), textcoords="offset points", va="center", fontsize=10, color=INK)
            else:
                why = "no peak yet" if episode == AI and measure in PEAK_MEASURES else "no source found"
                ax.annotate(why, (0, yi), xytext=(4, 0), textcoords="offset points", va="center", fontsize=10,
                            color=PALETTE["neutral"], style="italic")
        others = comp[(comp["measure"] == measure) & (comp["n"] > 1)]
        for _, row in others.iterrows():
            yi = list(EPISODES).index(row["episode"])
            if row["low"] != row["high"]:
                ax.plot([row["low"], row["high"]], [yi + 0.38, yi + 0.38], color=MUTED, linewidth=1.5)
                ax.plot([row["low"], row["high"]], [yi + 0.38, yi + 0.38], "|", color=MUTED, markersize=7)
        if measure == "investment_pct_gdp_peak" and ai_2030 is not None:
            yi = list(EPISODES).index(AI)
            ax.plot([ai_2030], [yi - 0.42], marker="o", markerfacecolor="white", markeredgecolor=PALETTE["cost"],
                    markersize=7, linestyle="none")
            ax.annotate(f"{ai_2030:g}% forecast for 2030", (ai_2030, yi - 0.42), xytext=(6, 0),
                        textcoords="offset points", va="center", fontsize=9, color=PALETTE["cost"])
        ax.set_title(label, fontsize=12, loc="left")
        ax.set_xlim(0, top * 2.1)
        ax.set_yticks(y, names)
        ax.grid(axis="y", visible=False)
        ax.tick_params(axis="x", labelsize=10)
    grid[0, 0].invert_yaxis()
    grid[-1, 0].set_xlabel("Bars: the estimate charted", fontsize=10, color=MUTED)
    grid[-1, 1].set_xlabel("Grey lines: range of all estimates in data/", fontsize=10, color=MUTED)
    return _fit(fig)


# --------------------------------------------------------------------------------------------------
# Series aligned on their peaks

def series_rows(series: pd.DataFrame, name: str, *, headline_only: bool = True) -> pd.DataFrame:
    rows = series[series["series"] == name]
    if headline_only:
        rows = rows[rows["headline"] == "yes"]
    return rows.sort_values("year")


TELECOM_SERIES = {
    "telecom_spending_us": "US telecom spending (Lippis)",
    "telecom_equipment_spending_us": "US carriers' equipment spending (BusinessWeek; Lehman forecasts)",
    "telecom_capex_na_wireline": "N. American wireline capex (RHK)",
    "telecom_capex_na_providers": "N. American service-provider capex (RHK, Infonetics)",
}


def chart_aligned(nasdaq: pd.DataFrame, trough: pd.Series, recovery_years: float, telecom: dict[str, pd.DataFrame],
                  tel_peak_year: int, ai: pd.DataFrame, ai_peak_year: int, title: str, source: str):
    """Left: the Nasdaq Composite as % of its March 2000 closing high. Right: capex, years from each peak."""
    fig, first = chart(title, source, size=(10, 10))
    first.remove()  # two panels, one above the other, so each reads at full width
    left, right = fig.subplots(2, 1)
    left.plot(nasdaq["years_from_peak"], nasdaq["pct_of_peak"], color=PALETTE["revenue"], marker="o", linewidth=2.5)
    first = nasdaq.iloc[1] if len(nasdaq) > 1 else nasdaq.iloc[0]
    left.annotate("year-end close", (first["years_from_peak"], first["pct_of_peak"]), xytext=(8, 4),
                  textcoords="offset points", fontsize=10, color=PALETTE["revenue"])
    left.axhline(100, color=PALETTE["neutral"], linestyle="--", linewidth=1)
    left.annotate("closing high = 100", (nasdaq["years_from_peak"].min(), 100), ha="left", va="bottom",
                  fontsize=10, color=MUTED, xytext=(0, 3), textcoords="offset points")
    left.plot([trough["years_from_peak"]], [trough["pct_of_peak"]], marker="v", color=PALETTE["loss"], markersize=9,
              linestyle="none")
    left.annotate(f"lowest close of {int(trough['year'])}: {trough['pct_of_peak']:.0f}",
                  (trough["years_from_peak"], trough["pct_of_peak"]), xytext=(8, -6), textcoords="offset points",
                  fontsize=10, color=PALETTE["loss"])
    left.axvline(recovery_years, color=PALETTE["good"], linewidth=1.2)
    left.annotate(f"new closing high\nafter {recovery_years:g} years", (recovery_years, 20), ha="right",
                  fontsize=10, color=PALETTE["good"], xytext=(-4, 0), textcoords="offset points")
    left.set_ylim(0, 125)
    left.set_ylabel("% of the March 2000 closing high")
    left.set_xlabel(f"Years from the peak year ({int(nasdaq.loc[nasdaq['years_from_peak'] == 0, 'year'].iloc[0])} = 0)")
    left.set_title("Dot-com: the Nasdaq Composite", fontsize=12, loc="left")

    colors = ["#5b8fd1", "#2f6db5", "#1d4f8c", "#8ab4e8"]
    for (name, frame), color in zip(telecom.items(), colors):
        actual = frame[frame["status"] == "actual"]
        right.plot(frame["years_from_peak"], frame["value"], color=color, linewidth=1.5, linestyle=":")
        right.plot(actual["years_from_peak"], actual["value"], color=color, marker="o", linestyle="none",
                   label=TELECOM_SERIES[name])
        fc = frame[frame["status"] == "forecast"]
        right.plot(fc["years_from_peak"], fc["value"], marker="o", markerfacecolor="white", markeredgecolor=color,
                   linestyle="none")
    for status, style in (("actual", dict(marker="s", color=PALETTE["cost"], linestyle="none")),
                          ("forecast", dict(marker="s", markerfacecolor="white", markeredgecolor=PALETTE["cost"],
                                            linestyle="none")),
                          ("assumed", dict(marker="s", markerfacecolor="white", markeredgecolor=PALETTE["neutral"],
                                           linestyle="none"))):
        part = ai[ai["status"] == status]
        if len(part):
            right.plot(part["years_from_peak"], part["value"], markersize=7,
                       label=f"AI: four hyperscalers' capex ({STATUS_LABEL[status]})", **style)
    right.plot(ai["years_from_peak"], ai["value"], color=PALETTE["cost"], linewidth=2)
    right.set_ylabel("US$ billions a year (nominal)")
    right.set_xlabel(f"Years from peak (telecom {tel_peak_year}; AI {ai_peak_year}, assumed)")
    right.set_title("Capital spending: telecom then, AI now", fontsize=12, loc="left")
    right.legend(loc="upper left", fontsize=9)
    right.set_ylim(0, float(max(ai["value"].max(), 1)) * 1.8)
    for ax in (left, right):
        ax.xaxis.get_major_locator().set_params(integer=True)
    return _fit(fig)


# --------------------------------------------------------------------------------------------------
# The depreciation clock

def chart_capex_depreciation(table: pd.DataFrame, schedule: pd.DataFrame, asset_life: float, title: str, source: str):
    """Capex bars by year (actual / forecast / assumed) with the depreciation charge stacked by vintage."""
    fig, ax = chart(title, source, size=(10, 5.8))
    x = table["year"].to_numpy()
    for status, style in (("actual", dict(color="#c9d7ea", edgecolor="#9db4d4")),
                          ("forecast", dict(color="white", edgecolor="#7f9cc4", hatch="///")),
                          ("assumed", dict(color="white", edgecolor=PALETTE["neutral"], linestyle="--"))):
        part = table[table["capex_status"] == status]
        if len(part):
            ax.bar(part["year"], part["capex"], 0.8, label=f"Capex counted as AI ({STATUS_LABEL[status]})", **style)
    bottom = np.zeros(len(schedule))
    vintages = list(schedule.columns)
    cmap = mpl.colormaps["Oranges"]
    for i, vintage in enumerate(vintages):
        values = schedule[vintage].reindex(x).fillna(0).to_numpy()
        ax.bar(x, values, 0.45, bottom=bottom[: len(x)], color=cmap(0.35 + 0.6 * i / max(len(vintages) - 1, 1)),
               edgecolor="white", linewidth=0.5, label="Depreciation, by year of spending" if i == 0 else None)
        bottom[: len(x)] += values
    total = table["depreciation"].to_numpy()
    for xi, value in zip(x, total):
        ax.annotate(fmt_usd_bn(value, 0), (xi, value), ha="center", va="bottom", fontsize=9, xytext=(0, 2),
                    textcoords="offset points", color=PALETTE["loss"])
    ax.set_ylabel("US$ billions a year")
    ax.set_xlabel(f"Calendar year (straight line over {asset_life:g} years, from the year of spending)")
    ax.set_xticks(x, [str(v) for v in x])
    ax.legend(loc="upper left", fontsize=10)
    ax.set_ylim(0, float(np.nanmax(table["capex"])) * 1.3)
    return _fit(fig)


def chart_clock(table: pd.DataFrame, others: dict[str, pd.DataFrame], scope: str, title: str, source: str):
    """Depreciation, the revenue it needs (Sequoia's multipliers) and AI revenue, reported and projected (log scale)."""
    fig, ax = chart(title, source, size=(10, 6))
    ax.plot(table["year"], table["depreciation"], color=PALETTE["cost"], linewidth=2.8, marker="o",
            label="Depreciation of AI capex")
    ax.plot(table["year"], table["needed"], color=PALETTE["loss"], linewidth=2, linestyle="--",
            label="Revenue needed: depreciation × data-centre × margin multipliers")
    reported = table[table["revenue_status"] == "reported"]
    projected = table[table["revenue_status"].notna()]
    ax.plot(projected["year"], projected["revenue"], color=PALETTE["revenue"], linewidth=2.2, linestyle=":",
            label=f"{SCOPE_SHORT[scope]} revenue, projected")
    ax.plot(reported["year"], reported["revenue"], color=PALETTE["revenue"], marker="o", markersize=9,
            linestyle="none", label=f"{SCOPE_SHORT[scope]} revenue, reported")
    markers = {"genai_economy": "D", "enterprise": "^", "openai": "s"}
    for name, frame in others.items():
        if name == scope or frame.empty:
            continue
        ax.plot(frame["year"], frame["value"], marker=markers[name], color=PALETTE["neutral"], linestyle="-",
                linewidth=1, markersize=6, label=f"{SCOPE_SHORT[name]} revenue, reported (other scope)")
    ax.fill_between(projected["year"], projected["revenue"], projected["needed"],
                    where=projected["needed"] > projected["revenue"], color=PALETTE["cost"], alpha=0.10,
                    interpolate=True, label="Gap to the revenue needed")
    ax.set_yscale("log")
    ax.yaxis.set_major_formatter(FuncFormatter(lambda v, _: f"{v:,.0f}" if v >= 1 else f"{v:g}"))
    ax.set_ylabel("US$ billions a year (log scale)")
    ax.set_xlabel("Calendar year (revenue after the latest reported year is projected)")
    ax.xaxis.get_major_locator().set_params(integer=True)
    ax.legend(loc="lower right", fontsize=9)
    return _fit(fig)


def chart_life(sens: pd.DataFrame, lives: pd.DataFrame, asset_life: float, year: int, revenue: float | None,
               revenue_label: str, title: str, source: str):
    """Depreciation (and the revenue it needs) in one year for each asset life; sourced lives marked."""
    fig, ax = chart(title, source, size=(10, 5.6))
    ax.plot(sens.index, sens["depreciation"], color=PALETTE["cost"], linewidth=2.8,
            label=f"Depreciation in {year}")
    ax.plot(sens.index, sens["needed"], color=PALETTE["loss"], linewidth=2, linestyle="--",
            label=f"Revenue needed in {year}")
    if revenue is not None:
        ax.axhline(revenue, color=PALETTE["revenue"], linewidth=2, linestyle=":")
        ax.annotate(f"{revenue_label}: {usd(revenue)}", (sens.index.max(), revenue),
                    ha="right", va="bottom", xytext=(0, 3), textcoords="offset points", fontsize=10,
                    color=PALETTE["revenue"])
    top = float(sens["needed"].max())
    for i, (life, names) in enumerate(lives.groupby("value")["who"].apply(lambda s: ", ".join(dict.fromkeys(s))).items()):
        ax.axvline(life, color=PALETTE["neutral"], linewidth=0.8, linestyle=":")
        ax.annotate(f"{life:g} yrs: {names}", (life, top * (0.97 - 0.08 * (i % 5))), rotation=0, fontsize=9,
                    color=MUTED, xytext=(3, 0), textcoords="offset points", va="top",
                    bbox=dict(facecolor="white", edgecolor="none", pad=1))
    chosen = sens.loc[asset_life, "depreciation"] if asset_life in sens.index else None
    if chosen is not None:
        ax.plot([asset_life], [chosen], marker="o", color=PALETTE["cost"], markersize=10)
        ax.annotate(f"your choice: {asset_life:g} yrs, {fmt_usd_bn(chosen, 0)}", (asset_life, chosen),
                    xytext=(8, 8), textcoords="offset points", fontsize=10, color=PALETTE["cost"], fontweight="bold")
    ax.set_xlabel("Asset life, years (straight line)")
    ax.set_ylabel(f"US$ billions in {year}")
    ax.set_ylim(0, top * 1.05)
    ax.legend(loc="center right", fontsize=10)
    return _fit(fig)


# --------------------------------------------------------------------------------------------------
# The revenue gap

def gap_value(gap: pd.DataFrame, estimate: str, measure: str) -> pd.Series:
    rows = gap[(gap["estimate"] == estimate) & (gap["measure"] == measure)]
    if len(rows) != 1:
        raise ValueError(f"bubble_revenue_gap.csv: expected one row for {estimate} / {measure}, found {len(rows)}")
    return rows.iloc[0]


def chart_gap(items: pd.DataFrame, title: str, source: str):
    """Horizontal bars: revenue needed (published and recomputed) against revenue earned."""
    fig, ax = chart(title, source, size=(10, 5.8))
    y = np.arange(len(items))
    colors = [PALETTE["revenue"] if k == "earned" else (PALETTE["accent"] if k == "yours" else PALETTE["cost"])
              for k in items["kind"]]
    ax.barh(y, items["value"], color=colors, height=0.62)
    for yi, value in zip(y, items["value"]):
        ax.annotate(usd(value), (value, yi), va="center", xytext=(4, 0), textcoords="offset points",
                    fontsize=11)
    ax.set_yticks(y, items["label"])
    ax.invert_yaxis()
    ax.set_xlabel("US$ billions a year (Sequoia's first estimate: over the GPUs' life)")
    ax.grid(axis="y", visible=False)
    ax.set_xlim(0, float(items["value"].max()) * 1.25)
    ax.legend(handles=[Patch(color=PALETTE["cost"], label="Revenue needed (as published)"),
                       Patch(color=PALETTE["accent"], label="Revenue needed (your multipliers)"),
                       Patch(color=PALETTE["revenue"], label="AI revenue earned or assumed")],
              loc="lower right", fontsize=10)
    return _fit(fig)


# --------------------------------------------------------------------------------------------------
# Picking the rows the clock uses

AI_ERA_START = 2023  # first year of the AI episode (ai_2023_on): the first full year after ChatGPT's launch
REVENUE_BASES = ("calendar_year", "trailing_12m")  # run rates are not a year's revenue


def capex_inputs(series: pd.DataFrame) -> tuple[pd.Series, pd.DataFrame, pd.DataFrame]:
    """The four hyperscalers' capex from AI_ERA_START: headline actuals (year -> usd_bn), every forecast
    row (year, value) and the rows themselves (for the source line)."""
    rows = series[(series["series"] == "hyperscaler_capex") & (series["year"] >= AI_ERA_START)]
    actual = rows[(rows["status"] == "actual") & (rows["headline"] == "yes")].sort_values("year")
    forecasts = rows[(rows["status"] == "forecast") & (rows["year"] > actual["year"].max())]
    return (actual.set_index("year")["value"].rename(index=int), forecasts[["year", "value"]].astype({"year": int}),
            pd.concat([actual, forecasts]))


def revenue_rows(series: pd.DataFrame, scope: str) -> pd.DataFrame:
    """Headline reported AI revenue of one scope, one row per year (calendar year or trailing 12 months)."""
    if scope not in SCOPES:
        raise ValueError(f"revenue_scope must be one of {', '.join(SCOPES)}, got {scope!r}")
    rows = series[(series["series"] == f"ai_revenue_{scope}") & (series["headline"] == "yes")
                  & (series["status"] == "actual") & series["basis"].isin(REVENUE_BASES)]
    if rows.empty:
        raise ValueError(f"bubble_series.csv: no headline reported revenue for ai_revenue_{scope}")
    return rows.sort_values("year").astype({"year": int})


def telecom_aligned(series: pd.DataFrame, peak_year: int) -> dict[str, pd.DataFrame]:
    """Each US / North American telecom capex series (actual headline rows and forecasts made at the
    time), with years counted from the telecom peak year."""
    out = {}
    for name in TELECOM_SERIES:
        rows = series[(series["series"] == name) & ((series["headline"] == "yes") | (series["status"] == "forecast"))]
        out[name] = rows.sort_values(["year", "value"]).assign(years_from_peak=lambda f: f["year"] - peak_year)
    return out


def sourced_lives(episodes: pd.DataFrame) -> pd.DataFrame:
    """The asset lives in data/ for AI hardware: value and whose (short)."""
    rows = episodes[(episodes["episode"] == AI) & (episodes["measure"] == "asset_life_years")]
    return rows.assign(who=rows["estimate_by"].map(short_by)).sort_values("value")


def min_life_covering(sens: pd.Series, amount: float) -> float | None:
    """The shortest asset life in `sens` (life -> charge) whose charge is at most `amount`, or None."""
    ok = sens[sens <= amount]
    return float(ok.index.min()) if len(ok) else None


def publisher(sources: pd.DataFrame, source_id: str) -> str:
    """The publisher of a source, without the bracketed detail: for naming a source inside a sentence."""
    row = sources.set_index("source_id").loc[source_id]
    return str(row["publisher"]).split(" (")[0]


def usd(value: float) -> str:
    """US$ billions for sentences: $25B, $110B, $48.2B, $1.0 trillion, $2.7 trillion."""
    if abs(value) >= 1000:
        return fmt_usd_bn(value, 1)
    return fmt_usd_bn(value, 0 if abs(value) >= 100 or float(value).is_integer() else 1)


BASIS_WORDS = {"calendar_year": "calendar year", "trailing_12m": "trailing twelve months",
               "year_end": "year-end", "run_rate": "annualized run rate"}


def check_choices(capex_forecast: str, revenue_scope: str) -> None:
    """Refuse text parameters outside their choices, naming the parameter (the build checks only numbers)."""
    from helpers.sections.bubble_comparison.model import CHOICES

    if capex_forecast not in CHOICES:
        raise ValueError(f"capex_forecast must be one of {', '.join(CHOICES)}, got {capex_forecast!r}")
    if revenue_scope not in SCOPES:
        raise ValueError(f"revenue_scope must be one of {', '.join(SCOPES)}, got {revenue_scope!r}")
