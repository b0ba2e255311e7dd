"""The Bubble comparison section: what its notebook shows. The episodes side by side, series aligned
on their peaks, the depreciation clock and the revenue gap, each as a chart (a present.Chart), a
table (the arguments of present.table), a finding or a paragraph (a template and its values for
present.prose), computed from data/ and the notebook's parameters.

The arithmetic is in the section's model (helpers.sections.bubble_comparison.model); this module
picks rows from data/, words the results and draws.
"""
from __future__ import annotations

from dataclasses import asdict, dataclass, field
from functools import cached_property
from pathlib import Path

import matplotlib as mpl
import numpy as np
import pandas as pd
from matplotlib.lines import Line2D
from matplotlib.patches import Patch
from matplotlib.ticker import FuncFormatter

from helpers.core import data, uncertainty
from helpers.core.present import INK, MUTED, PALETTE, Chart, Finding, chart, fan, fmt_pct, fmt_usd_bn
from helpers.core.sources import cite
from helpers.sections.bubble_comparison import model
from helpers.sections.bubble_comparison import revenue_required as rr

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
MIN_EPISODES = 2  # a measure is charted only when data/ has a figure for at least this many episodes
MIN_TEXT = 11  # points: no text on this section's charts is smaller (title and source line aside)
AI = "ai_2023_on"
SCOPES = {"genai_economy": "the whole generative-AI economy (Exponential View)",
          "enterprise": "enterprise AI spending (Menlo Ventures and others)",
          "openai": "OpenAI's revenue"}
SCOPE_SHORT = {"genai_economy": "Gen-AI economy", "enterprise": "Enterprise AI spending", "openai": "OpenAI"}
SHORT_BY = {"US Bureau of Economic Analysis": "BEA", "Global Financial Data": "GFD",
            "contemporary account": "contemporary account", "anonymous user post": "user post"}
STATUS_LABEL = {"actual": "actual", "forecast": "forecast", "assumed": "assumed growth",
                "reported": "reported", "projected": "projected"}
# What a year's depreciation rests on (model.depreciation_status), and what a year of the clock compares
DEPRECIATION_LABEL = {"actual": "reported capex", "forecast": "includes forecast capex",
                      "assumed": "includes assumed capex growth"}
COMPARES_LABEL = {"reported": "both reported", "forecast": "both forecasts",
                  "mixed": "one reported, one forecast"}
MONTH_NAMES = ("January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
               "November", "December")


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


def charted_measures(comp: pd.DataFrame) -> tuple:
    """The MEASURES with a figure for at least MIN_EPISODES episodes: the panels of the episodes chart."""
    counts = comp[comp["value"].notna()].groupby("measure")["episode"].nunique()
    return tuple(m for m in MEASURES if counts.get(m[0], 0) >= MIN_EPISODES)


EPISODE_WORDS = {"uk_railway_mania_1840s": "UK railway mania", "us_railroads_gilded_age": "US railroads",
                 "telecom_fiber_1996_2002": "telecom", "dotcom_1995_2002": "dot-com", "ai_2023_on": "AI"}
NUMBER_WORDS = {1: "one", 2: "two", 3: "three", 4: "four", 5: "five"}


def _short(episode: str) -> str:
    """An episode's name without its dates, for lists in a sentence ('telecom')."""
    return EPISODE_WORDS.get(episode) or EPISODES[episode].split(",")[0]


def _measure_words(label: str) -> str:
    """'Investment at the peak, % of GDP' -> 'investment at the peak'."""
    name = label.split(",")[0]
    return name if name[:2].isupper() else name[:1].lower() + name[1:]


def _and(items: list[str]) -> str:
    return items[0] if len(items) == 1 else ", ".join(items[:-1]) + " and " + items[-1]


def episodes_gaps(comp: pd.DataFrame) -> str:
    """What the episodes chart leaves out, in a sentence: the measures with a figure for fewer than MIN_EPISODES
    episodes (and that figure), then the episodes without a figure in the panels shown."""
    shown = charted_measures(comp)
    parts = []
    left = []
    for measure, label, suffix in (m for m in MEASURES if m not in shown):
        found = comp[(comp["measure"] == measure) & comp["value"].notna()]
        figures = _and([f"{_short(r.episode)}, {_fmt(r.value, suffix)}" for r in found.itertuples()]) if len(found) \
            else "no boom"
        left.append(f"{_measure_words(label)} ({figures})")
    if left:
        fewer = NUMBER_WORDS.get(MIN_EPISODES, str(MIN_EPISODES))
        parts.append(f"Not charted, as data/ has a figure for fewer than {fewer} booms: {_and(left)}.")
    missing, no_peak = [], []
    for measure, label, _ in shown:
        empty = comp[(comp["measure"] == measure) & comp["value"].isna()]["episode"]
        none = [_short(e) for e in empty if not (e == AI and measure in PEAK_MEASURES)]
        if none:
            missing.append(f"{_measure_words(label)}: {_and(none)}")
        if (empty == AI).any() and measure in PEAK_MEASURES:
            no_peak.append(_measure_words(label))
    if missing:
        parts.append("In the panels, no source found for " + "; ".join(missing) + ".")
    if no_peak:
        parts.append(f"{_short(AI)} has no peak yet, so no {_and(no_peak)}.")
    return " ".join(parts)


def _draw_episodes(comp: pd.DataFrame, ai_2030: float | None, title: str, source: str):
    """Small multiples: one panel per charted measure (charted_measures), one bar per episode; lines for the
    range of the other estimates."""
    shown = charted_measures(comp)
    nrows = max((len(shown) + 1) // 2, 1)
    fig, grid = chart(title, source, size=(10, 1.9 + 3.2 * nrows), nrows=nrows, ncols=2, sharey=True, squeeze=False)
    names = list(EPISODES.values())
    y = np.arange(len(names))
    for ax in grid.ravel()[len(shown):]:
        fig.delaxes(ax)
    for ax, (measure, label, suffix) in zip(grid.ravel(), shown):
        rows = comp[comp["measure"] == measure].set_index("episode").reindex(list(EPISODES))
        top = float(np.nanmax(rows[["value", "high"]].to_numpy(dtype=float))) if rows["n"].sum() else 1.0
        top = max(top, ai_2030 or 0) if measure == "investment_pct_gdp_peak" else top
        for yi, (episode, row) in enumerate(rows.iterrows()):
            color = PALETTE["cost"] if episode == AI else PALETTE["revenue"]
            if row["value"] == row["value"]:
                ax.barh(yi, row["value"], color=color, height=0.6)
                ax.annotate(f"{_fmt(row['value'], suffix)} {short_by(row['estimate_by'])}", (row["value"], yi),
                            xytext=(4, 0), textcoords="offset points", va="center", fontsize=MIN_TEXT, color=INK)
            else:
                why = "no peak yet" if episode == AI and measure in PEAK_MEASURES else "no source found"
                ax.annotate(why, (0, yi), xytext=(4, 0), textcoords="offset points", va="center", fontsize=MIN_TEXT,
                            color=MUTED, style="italic")
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
            ax.annotate(f"{ai_2030:g}% forecast, 2030", (ai_2030, yi - 0.42), xytext=(6, 0),
                        textcoords="offset points", va="center", fontsize=MIN_TEXT, color=PALETTE["cost"])
        ax.set_title(label, fontsize=12, loc="left")
        ax.set_xlim(0, top * 2.1)
        ax.set_yticks(y, names)
        ax.grid(axis="y", visible=False)
        ax.tick_params(axis="x", labelsize=MIN_TEXT)
    grid[0, 0].invert_yaxis()
    last = grid.ravel()[: len(shown)]
    left, right = (last[-2], last[-1]) if len(shown) % 2 == 0 else (last[-1], last[-2] if len(shown) > 1 else None)
    left.set_xlabel("Bars: the estimate charted", fontsize=MIN_TEXT, color=MUTED)
    (right or left).set_xlabel("Grey lines: range of all estimates in data/" if right else
                               "Bars: the estimate charted; grey lines: range of all estimates", fontsize=MIN_TEXT,
                               color=MUTED)
    return fig


# --------------------------------------------------------------------------------------------------
# Series aligned on their peaks

def series_rows(series: pd.DataFrame, name: str, *, headline_only: bool = True) -> pd.DataFrame:
    rows = series[series["series"] == name]
    if headline_only:
        rows = rows[rows["headline"] == "yes"]
    return rows.sort_values("year")


TELECOM_SERIES = {
    "telecom_spending_us": "US telecom spending (Lippis)",
    "telecom_equipment_spending_us": "US carriers' equipment (BusinessWeek; Lehman)",
    "telecom_capex_na_wireline": "N. American wireline capex (RHK)",
    "telecom_capex_na_providers": "N. American providers' capex (RHK, Infonetics)",
}


def _draw_aligned(nasdaq: pd.DataFrame, trough: pd.Series, recovery_years: float, telecom: dict[str, pd.DataFrame],
                  tel_peak_year: int, ai: pd.DataFrame, ai_peak_year: int, title: str, source: str):
    """Top: the Nasdaq Composite as % of its March 2000 closing high. Bottom: capex, years from each peak."""
    # two panels, one above the other, so each reads at full width
    fig, (left, right) = chart(title, source, size=(10, 10), nrows=2)
    left.plot(nasdaq["years_from_peak"], nasdaq["pct_of_peak"], color=PALETTE["revenue"], marker="o", linewidth=2.5)
    first = nasdaq.iloc[1] if len(nasdaq) > 1 else nasdaq.iloc[0]
    left.annotate("year-end close", (first["years_from_peak"], first["pct_of_peak"]), xytext=(8, 4),
                  textcoords="offset points", fontsize=MIN_TEXT, color=PALETTE["revenue"])
    left.axhline(100, color=PALETTE["neutral"], linestyle="--", linewidth=1)
    left.annotate("closing high = 100", (nasdaq["years_from_peak"].min(), 100), ha="left", va="bottom",
                  fontsize=MIN_TEXT, color=MUTED, xytext=(0, 3), textcoords="offset points")
    left.plot([trough["years_from_peak"]], [trough["pct_of_peak"]], marker="v", color=PALETTE["loss"], markersize=9,
              linestyle="none")
    left.annotate(f"lowest close of {int(trough['year'])}: {trough['pct_of_peak']:.0f}",
                  (trough["years_from_peak"], trough["pct_of_peak"]), xytext=(8, -6), textcoords="offset points",
                  fontsize=MIN_TEXT, color=PALETTE["loss"])
    left.axvline(recovery_years, color=PALETTE["good"], linewidth=1.2)
    left.annotate(f"new closing high\nafter {recovery_years:g} years", (recovery_years, 20), ha="right",
                  fontsize=MIN_TEXT, color=PALETTE["good"], xytext=(-4, 0), textcoords="offset points")
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
                       label=f"AI: four cloud firms' capex ({STATUS_LABEL[status]})", **style)
    right.plot(ai["years_from_peak"], ai["value"], color=PALETTE["cost"], linewidth=2)
    right.set_ylabel("US$ billions a year (nominal)")
    right.set_xlabel(f"Years from peak (telecom {tel_peak_year}; AI {ai_peak_year}, set by the assumed growth after "
                     "the last guided year)")
    right.set_title("Capital spending: telecom then, AI now", fontsize=12, loc="left")
    right.legend(loc="upper left", fontsize=MIN_TEXT, ncol=2, columnspacing=1.2, handletextpad=0.4)
    right.set_ylim(0, float(max(ai["value"].max(), 1)) * 1.8)
    for ax in (left, right):
        ax.xaxis.get_major_locator().set_params(integer=True)
    return fig


# --------------------------------------------------------------------------------------------------
# The depreciation clock

def _draw_capex_depreciation(table: pd.DataFrame, schedule: pd.DataFrame, asset_life: float, title: str, source: str):
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
        ax.annotate(fmt_usd_bn(value, 0), (xi, value), ha="center", va="bottom", fontsize=MIN_TEXT, xytext=(0, 3),
                    textcoords="offset points", color=PALETTE["loss"],
                    bbox=dict(facecolor="white", edgecolor="none", pad=1))
    ax.set_ylabel("US$ billions a year")
    ax.set_xlabel(f"Calendar year (straight line over {asset_life:g} years, from the year of spending)")
    ax.set_xticks(x, [str(v) for v in x])
    ax.legend(loc="upper left", fontsize=MIN_TEXT)
    ax.set_ylim(0, float(np.nanmax(table["capex"])) * 1.3)
    return fig


def _draw_clock(table: pd.DataFrame, others: dict[str, pd.DataFrame], scope: str, title: str, source: str):
    """Each calendar year's depreciation, the revenue it needs (Sequoia's multipliers) and AI revenue of the same
    year (log scale). Filled markers: reported (revenue reported for that calendar year; depreciation of reported
    capex only); hollow: forecast (projected revenue; depreciation that includes forecast or assumed capex). The
    years whose depreciation rests on forecasts are shaded. `others`: each scope's reported figures (columns x,
    value, label), a twelve-month figure placed at the middle of its twelve months."""
    fig, ax = chart(title, source, size=(10, 7.6))
    cost, need, rev = PALETTE["cost"], PALETTE["loss"], PALETTE["revenue"]
    solid = table["depreciation_status"] == "actual"
    later = table[~solid]
    if len(later):
        ax.axvspan(float(later["year"].min()) - 0.5, float(table["year"].max()) + 0.5, color=PALETTE["neutral"],
                   alpha=0.10, linewidth=0)
        ax.annotate("shaded: forecast years", (float(later["year"].min()) - 0.45, 0.985),
                    xycoords=("data", "axes fraction"), va="top", fontsize=MIN_TEXT, color=MUTED)
    ax.plot(table["year"], table["depreciation"], color=cost, linewidth=2.6)
    ax.plot(table.loc[solid, "year"], table.loc[solid, "depreciation"], color=cost, marker="o", markersize=8,
            linestyle="none")
    ax.plot(later["year"], later["depreciation"], marker="o", markersize=8, markerfacecolor="white",
            markeredgecolor=cost, markeredgewidth=2, linestyle="none")
    ax.plot(table["year"], table["needed"], color=need, linewidth=2, linestyle="--")
    earned = table[table["revenue_status"].notna()]
    reported = earned[earned["revenue_status"] == "reported"]
    projected = earned[earned["revenue_status"] == "projected"]
    ax.plot(earned["year"], earned["revenue"], color=rev, linewidth=2.2, linestyle=":")
    ax.plot(reported["year"], reported["revenue"], color=rev, marker="s", markersize=8, linestyle="none")
    ax.plot(projected["year"], projected["revenue"], marker="s", markersize=8, markerfacecolor="white",
            markeredgecolor=rev, markeredgewidth=2, linestyle="none")
    markers = {"genai_economy": "D", "enterprise": "^", "openai": "v"}
    for name, frame in others.items():
        if frame.empty:
            continue
        mine = name == scope
        part = frame if mine else frame.sort_values("x")
        ax.plot(part["x"], part["value"], marker=markers[name], color=rev if mine else PALETTE["neutral"],
                linestyle="none" if mine else "-", linewidth=1, markersize=7 if mine else 6)
        for row in part[part["label"] != ""].itertuples():
            ax.annotate(row.label, (row.x, row.value), xytext=(6, -12), textcoords="offset points", fontsize=MIN_TEXT,
                        color=rev if mine else MUTED)
    ax.fill_between(projected["year"], projected["revenue"], projected["needed"],
                    where=projected["needed"] > projected["revenue"], color=cost, alpha=0.10, interpolate=True)
    ax.set_yscale("log")
    ax.yaxis.set_major_formatter(FuncFormatter(lambda v, _: f"{v:,.0f}" if v >= 1 else f"{v:g}"))
    ax.set_ylabel("US$ billions a calendar year (log scale)")
    ax.set_xlabel("Calendar year: each year's revenue against the same year's depreciation")
    ax.set_xticks(table["year"], [str(int(y)) for y in table["year"]])
    line = lambda **kw: Line2D([], [], **kw)  # noqa: E731
    handles = [
        line(color=cost, linewidth=2.6, marker="o", markersize=8, label="Depreciation of AI capex (reported capex)"),
        line(color=cost, linewidth=2.6, marker="o", markersize=8, markerfacecolor="white", markeredgewidth=2,
             label="Depreciation (with forecast or assumed capex)"),
        line(color=need, linewidth=2, linestyle="--", label="Revenue needed: depreciation × data centre × margin"),
    ]
    if len(reported):
        handles.append(line(color=rev, linestyle=":", linewidth=2.2, marker="s", markersize=8,
                            label=f"{SCOPE_SHORT[scope]} revenue, calendar year, reported"))
    if len(projected):
        handles.append(line(color=rev, linestyle=":", linewidth=2.2, marker="s", markersize=8, markerfacecolor="white",
                            markeredgewidth=2, label=f"{SCOPE_SHORT[scope]} revenue, calendar year, projected"))
    handles += [line(color=rev if name == scope else PALETTE["neutral"], marker=markers[name], linestyle="none",
                     markersize=6, label=f"{SCOPE_SHORT[name]}, as reported"
                     + ("" if name == scope else " (other scope)"))
                for name, frame in others.items() if not frame.empty]
    handles.append(Patch(color=cost, alpha=0.10, label="Gap to the revenue needed"))
    # under the plot, in two columns (present.fit keeps the source line below it)
    ax.legend(handles=handles, loc="upper center", bbox_to_anchor=(0.5, -0.16), ncol=2, fontsize=MIN_TEXT,
              columnspacing=1.2, handletextpad=0.5)
    return fig


def _draw_life(sens: pd.DataFrame, lives: pd.DataFrame, asset_life: float, year: int, revenue: float | None,
               revenue_label: str, title: str, source: str, rests_on: str = "reported capex"):
    """Depreciation (and the revenue it needs) in one year for each asset life; sourced lives marked."""
    fig, ax = chart(title, source, size=(10, 5.6))
    ax.plot(sens.index, sens["depreciation"], color=PALETTE["cost"], linewidth=2.8,
            label=f"Depreciation in {year} ({rests_on})")
    ax.plot(sens.index, sens["needed"], color=PALETTE["loss"], linewidth=2, linestyle="--",
            label=f"Revenue needed in {year}")
    if revenue is not None:  # named in the legend, clear of the lines it would cross as a label on the plot
        ax.axhline(revenue, color=PALETTE["revenue"], linewidth=2, linestyle=":",
                   label=f"{revenue_label}: {usd(revenue)}")
    top = float(sens["needed"].max())
    for i, (life, names) in enumerate(lives.groupby("value")["who"].apply(lambda s: ", ".join(dict.fromkeys(s))).items()):
        ax.axvline(life, color=PALETTE["neutral"], linewidth=0.8, linestyle=":")
        ax.annotate(f"{life:g} yrs: {names}", (life, top * (0.97 - 0.075 * (i % 5))), rotation=0, fontsize=MIN_TEXT,
                    color=MUTED, xytext=(3, 0), textcoords="offset points", va="top",
                    bbox=dict(facecolor="white", edgecolor="none", pad=1))
    chosen = sens.loc[asset_life, "depreciation"] if asset_life in sens.index else None
    if chosen is not None:
        ax.plot([asset_life], [chosen], marker="o", color=PALETTE["cost"], markersize=10)
        ax.annotate(f"this report: {asset_life:g} yrs, {fmt_usd_bn(chosen, 0)}", (asset_life, chosen),
                    xytext=(8, 8), textcoords="offset points", fontsize=MIN_TEXT, color=PALETTE["cost"],
                    fontweight="bold")
    ax.set_xlabel("Asset life, years (straight line)")
    ax.set_ylabel(f"US$ billions in {year}")
    ax.set_ylim(0, top * 1.05)
    # right, under the sourced lives' labels and above the lines
    ax.legend(loc="upper right", bbox_to_anchor=(1.0, 0.57), fontsize=MIN_TEXT)
    return fig


# --------------------------------------------------------------------------------------------------
# The revenue gap

def gap_value(gap: pd.DataFrame, estimate: str, measure: str) -> pd.Series:
    rows = gap[(gap["estimate"] == estimate) & (gap["measure"] == measure)]
    if len(rows) != 1:
        raise ValueError(f"bubble_revenue_gap.csv: expected one row for {estimate} / {measure}, found {len(rows)}")
    return rows.iloc[0]


def _draw_gap(items: pd.DataFrame, title: str, source: str, yours: str = "this report's multipliers"):
    """Horizontal bars: revenue needed (published and recomputed) against revenue earned."""
    fig, ax = chart(title, source, size=(10, 6.8))
    y = np.arange(len(items))
    colors = [PALETTE["revenue"] if k == "earned" else (PALETTE["accent"] if k == "yours" else PALETTE["cost"])
              for k in items["kind"]]
    ax.barh(y, items["value"], color=colors, height=0.62)
    for yi, value in zip(y, items["value"]):
        ax.annotate(usd(value), (value, yi), va="center", xytext=(4, 0), textcoords="offset points",
                    fontsize=11)
    ax.set_yticks(y, items["label"])
    ax.invert_yaxis()
    # short enough for the axis' width: the one estimate over the GPUs' life says so in its own label
    ax.set_xlabel("US$ billions a year (lifetime where marked)")
    ax.grid(axis="y", visible=False)
    ax.set_xlim(0, float(items["value"].max()) * 1.25)
    ax.legend(handles=[Patch(color=PALETTE["cost"], label="Revenue needed (as published)"),
                       Patch(color=PALETTE["accent"], label=f"Revenue needed ({yours})"),
                       Patch(color=PALETTE["revenue"], label="AI revenue earned or assumed")],
              loc="upper left", bbox_to_anchor=(0, -0.16), fontsize=MIN_TEXT)  # under the axis, clear of the bars
    return fig


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


def revenue_periods(rows: pd.DataFrame, sources: pd.DataFrame) -> pd.DataFrame:
    """revenue_rows with the twelve months each figure covers: `ends` (when they end, in years: a calendar year Y
    ends at Y + 1; twelve months to June 2026 end at 2026.5), `x` (where the chart puts it: a calendar year at its
    year, twelve months to mid-2026 halfway between 2025 and 2026) and `period` in words. A trailing-twelve-month
    figure runs to its source's date (data/README.md), whose month must be given."""
    dates = sources.set_index("source_id")["date"]
    ends, words = [], []
    for row in rows.itertuples():
        if row.basis == "calendar_year":
            ends.append(row.year + 1.0)
            words.append(f"calendar {row.year}")
            continue
        date = str(dates.get(row.source_id, ""))
        parts = date.split("-")
        if len(parts) < 2 or int(parts[0]) != row.year:
            raise ValueError(f"bubble_series.csv: the twelve months of {row.series} {row.year} run to its source's date, "
                             f"which must be a month of {row.year} (YYYY-MM), got {date!r} for {row.source_id}")
        month = int(parts[1])
        ends.append(row.year + month / 12)
        words.append(f"twelve months to {MONTH_NAMES[month - 1]} {row.year}")
    out = rows.assign(ends=ends, period=words)
    return out.assign(x=out["ends"] - 1.0)


def after_guidance(path: pd.DataFrame, growth: float) -> str:
    """The assumption that shapes AI capex after the last year with a figure ('guided'): the capex_growth parameter,
    in words ('stays flat after 2026, the last guided year')."""
    sourced = path[path["status"] != "assumed"]
    year = int(sourced["year"].max())
    last = "the last guided year" if (sourced["status"] == "forecast").any() else "the last reported year"
    how = "stays flat" if growth == 0 else f"{'grows' if growth > 0 else 'falls'} {fmt_pct(abs(growth))} a year"
    return f"{how} after {year}, {last}"


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


# --------------------------------------------------------------------------------------------------
# What the notebook shows: its data, its parameters, and one function per chart, table, finding and
# paragraph. A paragraph is returned as the keyword arguments of present.prose (template and values),
# a table as those of present.table.

TEL, DOT, UK, US = "telecom_fiber_1996_2002", "dotcom_1995_2002", "uk_railway_mania_1840s", "us_railroads_gilded_age"
NAME = "bubble-comparison"


@dataclass(frozen=True)
class Data:
    """The files the section reads."""
    sources: pd.DataFrame
    episodes: pd.DataFrame
    series: pd.DataFrame
    gap: pd.DataFrame
    required: pd.DataFrame  # bubble_revenue_required.csv: the published cases of the revenue-required engine

    def head(self, episode: str, measure: str) -> pd.Series:
        """The headline row of bubble_episodes.csv for an episode and measure."""
        return headline(self.episodes, episode, measure)

    def gap_row(self, estimate: str, measure: str) -> pd.Series:
        """The row of bubble_revenue_gap.csv for an estimate and measure."""
        return gap_value(self.gap, estimate, measure)

    def revenue_rows(self, scope: str) -> pd.DataFrame:
        """revenue_rows(self.series, scope), worked out once (the frames are read, never changed)."""
        return self._once(("revenue_rows", scope), lambda: revenue_rows(self.series, scope))

    @property
    def capex_inputs(self) -> tuple[pd.Series, pd.DataFrame, pd.DataFrame]:
        """capex_inputs(self.series), worked out once."""
        return self._once(("capex_inputs",), lambda: capex_inputs(self.series))

    def _once(self, key: tuple, make):
        """make(), once per key for these data: what depends only on the data and the parameters in `key`
        (callers read the result and never change it)."""
        memo = self.__dict__.setdefault("_memo", {})  # a frozen dataclass: its fields stay as loaded
        if key not in memo:
            memo[key] = make()
        return memo[key]


def load(folder: Path | str | None = None) -> Data:
    """The section's data files, read and checked by helpers.core.data.load."""
    return Data(*(data.load(name, folder) for name in
                  ("sources.csv", "bubble_episodes.csv", "bubble_series.csv", "bubble_revenue_gap.csv",
                   "bubble_revenue_required.csv")))


@dataclass(frozen=True)
class Scenario:
    """The notebook's parameters (see its parameters cell for what each means); text choices are checked."""
    asset_life: float
    capex_forecast: str
    capex_growth: float
    ai_share_of_capex: float
    revenue_scope: str
    ai_revenue_growth: float
    datacenter_multiplier: float
    margin_multiplier: float
    end_year: int
    required_return: float = 0.0

    def __post_init__(self):
        check_choices(self.capex_forecast, self.revenue_scope)


def _ids(*groups) -> tuple[str, ...]:
    """Source ids in the order given, each once (missing ones dropped)."""
    return tuple(dict.fromkeys(i for group in groups for i in group if isinstance(i, str)))


def _compare(value: float, other: float, *, level: str = "level with") -> str:
    return "above" if value > other else "below" if value < other else level


# --- Five booms on the same measures ----------------------------------------------------------------

@dataclass(frozen=True)
class Booms:
    """The headline figures the first part of the section states."""
    comp: pd.DataFrame
    inv: dict
    rails: list
    it_dot: pd.Series
    it_ai: pd.Series
    util: pd.Series
    loss: dict
    recover: pd.Series
    ai_2030: pd.Series

    @property
    def ai(self) -> float:
        return self.inv[AI]["value"]

    @property
    def telecom(self) -> float:
        return self.inv[TEL]["value"]


def booms(d: Data) -> Booms:
    return Booms(
        comp=comparison(d.episodes),
        inv={e: d.head(e, "investment_pct_gdp_peak") for e in (UK, US, TEL, AI)},
        rails=sorted(d.head(e, "investment_pct_gdp_peak")["value"] for e in (UK, US)),
        it_dot=d.head(DOT, "it_investment_pct_gdp"), it_ai=d.head(AI, "it_investment_pct_gdp"),
        util=d.head(TEL, "utilization_after_peak"),
        loss={e: d.head(e, "peak_to_trough_loss_pct") for e in (UK, US, DOT)},
        recover=d.head(DOT, "years_to_recover"),
        ai_2030=series_rows(d.series, "ai_capex_pct_gdp").query("status == 'forecast'").iloc[-1],
    )


def episodes_text(d: Data) -> dict:
    """The paragraphs on the five booms: investment relative to GDP, utilization, losses and recovery."""
    b = booms(d)
    inv = b.inv
    by = lambda row: short_by(row["estimate_by"])  # noqa: E731
    template = (
        "At their peaks, railway investment reached {uk}% of Britain's national income "
        "({uk_by}, {uk_period}) and {us}% of US GDP ({us_by}); the telecom build-out reached {tel}% ({tel_by}). "
        "AI infrastructure was {ai}% of US GDP in 2025 ({ai_by}): {ai_vs_tel} the telecom boom, {ai_vs_rail} of the "
        "railways'. One scenario puts it at {ai30}% in {ai30_year} ({ai30_by}), still below the railways.\n\n"
        "On a broader measure, all private investment in information-processing equipment and software "
        "({bea}), {it_ai_period} stood at {it_ai}% of GDP against {it_dot}% at the dot-com peak ({it_dot_period}).\n\n"
        "The only utilization figure found for any boom is for fiber: {util}% of capacity was in use in "
        "{util_period} ({util_by}). Markets fell {loss_lo}% to {loss_hi}% from peak to trough; the Nasdaq took "
        "{rec} years to regain its high. For the railway booms no recovery time was found, and AI has no peak yet.")
    values = dict(
        uk=f"{inv[UK]['value']:g}", uk_by=by(inv[UK]), uk_period=inv[UK]["period"], us=f"{inv[US]['value']:g}",
        us_by=by(inv[US]), tel=f"{b.telecom:g}", tel_by=by(inv[TEL]), ai=f"{b.ai:g}", ai_by=by(inv[AI]),
        ai_vs_tel=_compare(b.ai, b.telecom), ai_vs_rail=f"about {b.ai / np.mean(b.rails):.0%}",
        ai30=f"{b.ai_2030['value']:g}", ai30_year=int(b.ai_2030["year"]),
        ai30_by=publisher(d.sources, b.ai_2030["source_id"]),
        bea=by(b.it_ai), it_ai=f"{b.it_ai['value']:g}", it_ai_period=b.it_ai["period"], it_dot=f"{b.it_dot['value']:g}",
        it_dot_period=b.it_dot["period"], util=f"{b.util['value']:g}", util_period=b.util["period"], util_by=by(b.util),
        loss_lo=f"{min(r['value'] for r in b.loss.values()):g}", loss_hi=f"{max(r['value'] for r in b.loss.values()):g}",
        rec=f"{b.recover['value']:g}",
    )
    return dict(template=template, boxed=True, **values)


def episodes(d: Data) -> Chart:
    """The five booms on six measures, one panel each; the title places AI between telecom and the railways."""
    b = booms(d)
    rails = b.rails
    title = (f"At {b.ai:g}% of GDP, AI investment is {'above' if b.ai > b.telecom else 'below'} the telecom boom's "
             f"{b.telecom:g}% and {'below' if b.ai < rails[0] else 'above'} the railways' {rails[0]:g}–{rails[1]:g}%")
    shown = charted_measures(b.comp)
    charted = b.comp[b.comp["measure"].isin([m for m, _, _ in shown])]
    ids = list(charted["source_id"].dropna()) + [b.ai_2030["source_id"]]
    alt = (f"{len(shown)} bar-chart panels comparing the UK railway mania, US railroads, telecom and fiber, the "
           "dot-com boom and AI. "
           + "; ".join(f"{label}: " + ", ".join(f"{EPISODES[r.episode]} {r.value:g}"
                                               for r in b.comp[b.comp["measure"] == m].itertuples()
                                               if r.value == r.value)
                       for m, label, _ in shown)
           + ". " + episodes_gaps(b.comp))
    fig = _draw_episodes(b.comp, float(b.ai_2030["value"]), title, cite(d.sources, ids, limit=6))
    return Chart(fig, f"{NAME}-episodes", alt, sources=_ids(ids))


def episodes_note(d: Data) -> dict:
    """The note under the episodes chart: the measures it leaves out and the gaps in its panels (present.prose's
    arguments), so that nothing in data/ is hidden by the chart."""
    return dict(template="{gaps} Every estimate is in the tables below.", gaps=episodes_gaps(comparison(d.episodes)))


def investment_share_finding(d: Data) -> Finding:
    """AI infrastructure investment as a share of US GDP, against the telecom and railway peaks."""
    b = booms(d)
    rails = b.rails
    return Finding(
        f"{NAME}-investment-share",
        f"AI infrastructure investment reached {b.ai:g}% of US GDP in 2025, {_compare(b.ai, b.telecom)} the telecom "
        f"boom's {b.telecom:g}% and {_compare(b.ai, rails[0])} the railway booms' {rails[0]:g}–{rails[-1]:g}%.",
        label="AI investment, % of US GDP (telecom peak; railways)", value=float(b.ai),
        shown=f"{b.ai:g}% ({b.telecom:g}%; {rails[0]:g}–{rails[-1]:g}%)",
        how="each boom's best-sourced estimate of investment as a share of GDP at its peak (for AI, 2025)",
        sources=_ids([row.get("source_id") for row in b.inv.values()]))


def booms_table(d: Data) -> dict:
    """The booms side by side (present.table's arguments)."""
    comp = comparison(d.episodes)
    return dict(frame=comparison_table(comp, d.episodes),
                caption="The booms side by side: the estimate charted, whose it is, and the period it covers; "
                        "empty where no source was found",
                source=cite(d.sources, comp["source_id"].dropna(), limit=6))


def every_estimate_table(d: Data) -> dict:
    """Every estimate in the data for the compared measures (present.table's arguments)."""
    return dict(frame=estimates_table(d.episodes),
                caption="Every estimate in the data for the compared measures: what it measures, "
                        "whose, when",
                source=cite(d.sources, d.episodes["source_id"], limit=6))


# --- After the peak ---------------------------------------------------------------------------------

def capex(d: Data, s: Scenario) -> tuple[pd.DataFrame, pd.DataFrame, pd.Series, pd.DataFrame]:
    """The four hyperscalers' capex path on the scenario (model.capex_path), the rows it uses, and its inputs:
    (path, rows used, actuals by year, forecasts)."""
    actual, forecasts, used = d.capex_inputs
    path = d._once(("capex_path", s.capex_forecast, s.capex_growth, s.end_year),
                   lambda: model.capex_path(actual, forecasts, s.capex_forecast, s.capex_growth, through=s.end_year))
    return path, used, actual, forecasts


@dataclass(frozen=True)
class Peaks:
    """The dot-com market and telecom and AI capex, each counted in years from its peak."""
    peak_year: int
    peak_level: pd.Series
    trough_level: pd.Series
    recovery_level: pd.Series
    recover: pd.Series
    closes: pd.DataFrame
    nasdaq: pd.DataFrame
    trough: pd.Series
    tel_peak_year: int
    telecom: dict
    tel_peak_rows: pd.DataFrame
    tel_peak_max: pd.Series
    last_tel: pd.Series
    path: pd.DataFrame
    capex_used: pd.DataFrame
    actual: pd.Series
    forecasts: pd.DataFrame
    ai_aligned: pd.DataFrame
    ai_peak_year: int
    ai_peak_value: float

    @property
    def ratio(self) -> float:
        """AI capex at its peak per dollar of the largest telecom figure in the telecom peak year."""
        return self.ai_peak_value / self.tel_peak_max["value"]


def peaks(d: Data, s: Scenario) -> Peaks:
    peak_year = int(d.head(DOT, "peak_year")["value"])
    peak_level, trough_level = d.head(DOT, "peak_index_level"), d.head(DOT, "trough_index_level")
    closes = series_rows(d.series, "nasdaq_composite_close")
    nasdaq = model.align_on_peak(closes.set_index("year")["value"], peak_year=peak_year, peak_value=peak_level["value"])
    trough = pd.Series({"year": int(trough_level["period"]), "years_from_peak": int(trough_level["period"]) - peak_year,
                        "pct_of_peak": trough_level["value"] / peak_level["value"] * 100})
    tel_peak_year = int(d.head(TEL, "peak_year")["value"])
    telecom = telecom_aligned(d.series, tel_peak_year)
    path, used, actual, forecasts = capex(d, s)
    ai_aligned = model.align_on_peak(path.set_index("year")["capex"]).assign(status=path["status"].to_numpy())
    ai_peak_year = int(ai_aligned.loc[ai_aligned["years_from_peak"] == 0, "year"].iloc[0])
    tel_peak_rows = pd.concat([f[(f["year"] == tel_peak_year) & (f["status"] == "actual")] for f in telecom.values()])
    return Peaks(
        peak_year=peak_year, peak_level=peak_level, trough_level=trough_level,
        recovery_level=d.head(DOT, "recovery_index_level"), recover=d.head(DOT, "years_to_recover"),
        closes=closes, nasdaq=nasdaq, trough=trough, tel_peak_year=tel_peak_year, telecom=telecom,
        tel_peak_rows=tel_peak_rows, tel_peak_max=tel_peak_rows.loc[tel_peak_rows["value"].idxmax()],
        last_tel=pd.concat(telecom.values()).query("status == 'actual'").sort_values("year").iloc[-1],
        path=path, capex_used=used, actual=actual, forecasts=forecasts, ai_aligned=ai_aligned,
        ai_peak_year=ai_peak_year, ai_peak_value=float(path.set_index("year").loc[ai_peak_year, "capex"]),
    )


def after_the_peak_text(d: Data, s: Scenario) -> dict:
    """The paragraphs on the Nasdaq's fall and recovery, and on telecom and AI capex at their peaks."""
    p = peaks(d, s)
    path = p.path
    template = (
        "The Nasdaq Composite closed at {peak} on {peak_date}. Its lowest close of {trough_year} "
        "was {trough} points, {trough_pct} of the high; it closed above the old high only on {rec_date} ({rec} points), "
        "{rec_years} years later, in nominal terms.\n\n"
        "Telecom spending peaked in {tel_year}: {tel_max} on the widest measure ({tel_by}), {tel_range} on the others. "
        "By {last_year}, North American service providers' capex was {last_value} ({last_by}). The four cloud companies "
        "spent {c0} in {y0} and {c1} in {y1}; the {choice} forecast for {fy} is {fv}. The path after that is an "
        "assumption, not a forecast: if capex {assumption}, AI capex peaks in {ai_peak_year} at {ai_peak}, {ratio} "
        "times the largest telecom figure, in nominal dollars.")
    values = dict(
        peak=f"{p.peak_level['value']:,.2f}", peak_date=p.peak_level["period"], trough_year=int(p.trough_level["period"]),
        trough=f"{p.trough_level['value']:,.2f}", trough_pct=f"{p.trough['pct_of_peak']:.0f}%",
        rec_date=p.recovery_level["period"], rec=f"{p.recovery_level['value']:,.2f}", rec_years=f"{p.recover['value']:g}",
        tel_year=p.tel_peak_year, tel_max=usd(p.tel_peak_max["value"]),
        tel_by=publisher(d.sources, p.tel_peak_max["source_id"]),
        tel_range=" and ".join(usd(v) for v in sorted(p.tel_peak_rows["value"])[:-1]),
        last_year=int(p.last_tel["year"]), last_value=usd(p.last_tel["value"]),
        last_by=publisher(d.sources, p.last_tel["source_id"]),
        c0=usd(p.actual.iloc[0]), y0=int(p.actual.index[0]), c1=usd(p.actual.iloc[-1]), y1=int(p.actual.index[-1]),
        choice=s.capex_forecast, fy=int(p.forecasts["year"].max()) if len(p.forecasts) else "later years",
        fv=usd(path.loc[path["status"] == "forecast", "capex"].iloc[-1]) if (path["status"] == "forecast").any()
        else "not used",
        ai_peak_year=p.ai_peak_year, ai_peak=usd(p.ai_peak_value), ratio=f"{p.ratio:.1f}",
        assumption=after_guidance(path, s.capex_growth),
    )
    return dict(template=template, boxed=True, **values)


def ai_peak_words(p: Peaks, s: Scenario) -> str:
    """Where AI capex peaks on the path, and the assumption that puts the peak there (capex_growth after the last
    guided year): a path still rising at the end of the clock has no peak, only a last year."""
    assumption = after_guidance(p.path, s.capex_growth)
    if s.capex_growth > 0 and p.ai_peak_year == int(p.path["year"].max()):
        return f"if AI capex {assumption}, it is {p.ratio:.1f}× telecom's peak by {p.ai_peak_year} and still rising"
    return f"if AI capex {assumption}, it peaks in {p.ai_peak_year} at {p.ratio:.1f}× telecom's"


def after_the_peak(d: Data, s: Scenario) -> Chart:
    """The Nasdaq as % of its 2000 high, and telecom and AI capex, each in years from its peak."""
    p = peaks(d, s)
    title = (f"The Nasdaq took {p.recover['value']:g} years to regain its {p.peak_year} high; "
             f"{ai_peak_words(p, s)}")
    ids = [*p.closes["source_id"], p.peak_level["source_id"], p.trough_level["source_id"], p.recover["source_id"],
           *pd.concat(p.telecom.values())["source_id"], *p.capex_used["source_id"]]
    fig = _draw_aligned(p.nasdaq, p.trough, float(p.recover["value"]), p.telecom, p.tel_peak_year, p.ai_aligned,
                        p.ai_peak_year, title, cite(d.sources, ids, limit=6))
    alt = (f"Two line charts, one above the other, by years from the peak. Top: Nasdaq Composite year-end closes from "
           f"{p.closes['year'].min()} to {p.closes['year'].max()} as a percentage of the March {p.peak_year} closing high, falling to "
           f"{p.trough['pct_of_peak']:.0f}% in {int(p.trough['year'])} and regaining the high after "
           f"{p.recover['value']:g} years. Bottom: telecom capital spending around {p.tel_peak_year} (peak "
           f"{usd(p.tel_peak_max['value'])}) and the four cloud companies' capex from {p.path['year'].min()} to "
           f"{s.end_year}, peaking at {usd(p.ai_peak_value)} in {p.ai_peak_year}. The AI peak is set by an assumption, "
           f"not a forecast: capex {after_guidance(p.path, s.capex_growth)} (an assumption).")
    return Chart(fig, f"{NAME}-after-the-peak", alt, sources=_ids(ids))


# --- The depreciation clock -------------------------------------------------------------------------

@dataclass(frozen=True)
class Clock:
    """The depreciation clock on a scenario: model.clock's table (calendar years) and what it was computed from."""
    d: Data
    s: Scenario
    path: pd.DataFrame
    capex_used: pd.DataFrame
    reported: pd.DataFrame  # the scope's reported figures (revenue_periods)
    revenue: pd.DataFrame  # calendar-year revenue (model.calendar_revenue)
    table: pd.DataFrame
    spend: pd.Series
    schedule: pd.DataFrame
    covers: int | None = field(default=None)
    covers_need: int | None = field(default=None)

    @property
    def first(self) -> pd.Series:
        return self.table.iloc[0]

    @property
    def end(self) -> pd.Series:
        return self.table.iloc[-1]

    @cached_property
    def like(self) -> pd.Series | None:
        """The latest calendar year with reported revenue and depreciation of reported capex only, if any."""
        return model.latest_like_for_like(self.table)

    @cached_property
    def now(self) -> pd.Series:
        """The year the section's 'now' figures compare: the latest year with reported revenue against depreciation
        of reported capex; if the scope has none, its first calendar year with revenue (a forecast with a forecast)."""
        if self.like is not None:
            return self.like
        return self.table[self.table["revenue"].notna()].iloc[0]

    @property
    def latest(self) -> pd.Series:
        """The scope's latest reported figure (a calendar year, or twelve months to a month)."""
        return self.reported.sort_values("ends").iloc[-1]

    @property
    def assumption(self) -> str:
        """The assumption that shapes the capex path after the last guided year, in words."""
        return after_guidance(self.path, self.s.capex_growth)

    @property
    def ids(self) -> list[str]:
        """The sources of the clock: capex, every scope's revenue, and the parameters."""
        return [*self.capex_used["source_id"],
                *[i for scope in SCOPES for i in self.d.revenue_rows(scope)["source_id"]], "assumption"]

    def reach(self, year: int | None, what: str) -> str:
        """'covers depreciation from 2029' or 'does not cover depreciation by 2030'."""
        return f"covers {what} from {year}" if year is not None else f"does not cover {what} by {self.s.end_year}"

    def kind(self, row: pd.Series) -> str:
        """'reported' or 'forecast': what a year of the table compares (a mixed year counts as a forecast)."""
        return "reported" if row["compares"] == "reported" else "forecast"


def clock(d: Data, s: Scenario) -> Clock:
    """Run the depreciation clock (model.clock) on the scenario, calendar year against calendar year."""
    path, used, _, _ = capex(d, s)
    reported = d._once(("revenue_periods", s.revenue_scope),
                       lambda: revenue_periods(d.revenue_rows(s.revenue_scope), d.sources))
    # what depends on the capex path and the life alone, or on revenue alone, once per key: a live grid runs the
    # clock for every pair of lives and growth rates
    capex_key = (s.capex_forecast, s.capex_growth, s.ai_share_of_capex, s.asset_life, s.end_year)
    revenue = d._once(("calendar_revenue", s.revenue_scope, s.ai_revenue_growth, s.end_year),
                      lambda: model.calendar_revenue(reported[["value", "ends"]], s.ai_revenue_growth, through=s.end_year))
    years = d._once(("depreciation_years", *capex_key),
                    lambda: model.depreciation_years(path, s.asset_life, s.ai_share_of_capex, s.end_year))
    table = model.clock(path, s.asset_life, revenue, datacenter_multiplier=s.datacenter_multiplier,
                        margin_multiplier=s.margin_multiplier, ai_share=s.ai_share_of_capex, through=s.end_year,
                        depreciation=years)
    spend = path.set_index("year")["capex"] * s.ai_share_of_capex
    schedule = d._once(("schedule", *capex_key), lambda: model.schedule(spend, s.asset_life, through=s.end_year))
    return Clock(d, s, path, used, reported, revenue, table, spend, schedule,
                 covers=model.first_year_covered(table, "depreciation"),
                 covers_need=model.first_year_covered(table, "needed"))


def capex_and_depreciation(c: Clock) -> Chart:
    """Capex counted as AI by year, with its depreciation charge stacked by year of spending."""
    table, first, last = c.table, c.first, c.end
    title = (f"At a {c.s.asset_life:g}-year life, depreciation on AI capex rises from {usd(first['depreciation'])} "
             f"in {int(first['year'])} to {usd(last['depreciation'])} a year in {int(last['year'])} if capex "
             f"{c.assumption}")
    ids = [*c.capex_used["source_id"], "assumption"]
    fig = _draw_capex_depreciation(table, c.schedule, c.s.asset_life, title, cite(c.d.sources, ids, limit=6))
    bars = ", ".join(f"{int(y)}: {usd(v)} {STATUS_LABEL[st]}"
                     for y, v, st in zip(table["year"], table["capex"], table["capex_status"]))
    alt = (f"Bars of the four cloud companies' capex counted as AI from {int(first['year'])} to {c.s.end_year} "
           f"({bars}); after the guidance the bars are an assumption: capex {c.assumption} (an "
           f"assumption). The depreciation charge is stacked by year of spending: "
           + ", ".join(f"{int(y)}: {usd(v)}" for y, v in zip(table['year'], table['depreciation'])) + ".")
    return Chart(fig, f"{NAME}-capex-and-depreciation", alt, sources=_ids(ids))


def clock_text(c: Clock) -> dict:
    """The paragraphs on what AI revenue covers, calendar year against calendar year: the latest year in which both
    are reported, or, for a scope with no reported calendar year, its first projected year; then, on the growth
    assumed, later."""
    s, now, end, latest = c.s, c.now, c.end, c.latest
    util = c.d.head(TEL, "utilization_after_peak")
    if c.like is not None:
        first = ("In {y}, the latest calendar year for which both are reported, {scope} came to {rev}. Depreciation "
                 "on AI-era capex that year, all of it reported spending, was {dep_now}, so revenue covered {cov} of it.")
    else:
        first = ("{Scope} has no reported calendar year yet: its latest figure, {latest} for the {period} ({basis}), "
                 "spans two calendar years. Carried to calendar {y} at {g} a year, a projection, it gives {rev}, set "
                 "against {y}'s depreciation of {dep_now}, which includes the {y} capex forecast: a forecast against a "
                 "forecast, covering {cov} of it.")
    template = (
        first + " The revenue needed on these multipliers (×{dcm} × {mm}) {verb} {need}: "
        "revenue {verb} {share} of it, as if capacity priced just to pay for itself were {share} used. "
        "For comparison, {util}% of fiber capacity was in use in {util_period}.\n\n"
        "With AI revenue growing {g} a year, and capex that {assumption}, it {c1}, and it {c2}. "
        "In {end_year}, both forecasts: depreciation {dep_end}, revenue needed {need_end}, revenue {rev_end} "
        "({share_end} of the need).")
    values = dict(
        y=int(now["year"]), scope=SCOPES[s.revenue_scope], Scope=SCOPES[s.revenue_scope][:1].upper()
        + SCOPES[s.revenue_scope][1:], rev=usd(now["revenue"]), verb="was" if c.like is not None else "is", dep_now=usd(now["depreciation"]),
        cov=fmt_pct(now["coverage"]), latest=usd(latest["value"]), period=latest["period"],
        basis=BASIS_WORDS[latest["basis"]],
        dcm=f"{s.datacenter_multiplier:g}", mm=f"{s.margin_multiplier:g}", need=usd(now["needed"]),
        share=fmt_pct(now["share_of_needed"]), util=f"{util['value']:g}", util_period=util["period"],
        g=fmt_pct(s.ai_revenue_growth), assumption=c.assumption, c1=c.reach(c.covers, "depreciation"),
        c2=c.reach(c.covers_need, "the revenue needed"), end_year=s.end_year, dep_end=usd(end["depreciation"]),
        need_end=usd(end["needed"]), rev_end=usd(end["revenue"]), share_end=fmt_pct(end["share_of_needed"]),
    )
    return dict(template=template, boxed=True, **values)


def clock_title(c: Clock) -> str:
    """The clock's finding: when AI revenue overtakes depreciation and the revenue needed, if it does, and the
    capex assumption that shapes it."""
    if c.covers is None:
        found = (f"Growing {fmt_pct(c.s.ai_revenue_growth)} a year, AI revenue covers only "
                 f"{fmt_pct(c.end['coverage'])} of AI depreciation in {c.s.end_year}")
    elif c.covers_need is None:
        found = f"AI revenue overtakes AI depreciation in {c.covers}, but not the revenue needed by {c.s.end_year}"
    else:
        found = f"AI revenue overtakes AI depreciation in {c.covers} and the revenue needed in {c.covers_need}"
    return f"{found}, if capex {c.assumption}"


def others_reported(c: Clock) -> dict[str, pd.DataFrame]:
    """Every scope's reported revenue figures as the clock chart places them (revenue_periods: x, value), labelled
    where a figure is not a calendar year."""
    out = {}
    for scope in SCOPES:
        rows = revenue_periods(c.d.revenue_rows(scope), c.d.sources)
        out[scope] = rows.assign(label=[f"{usd(v)}, {p}" if b != "calendar_year" else ""
                                        for v, p, b in zip(rows["value"], rows["period"], rows["basis"])])
    return out


def depreciation_clock(c: Clock) -> Chart:
    """Each calendar year's depreciation, the revenue it needs and AI revenue of the same year (every scope), log
    scale, reported and forecast marked apart (a deck slide)."""
    s, first, now, end = c.s, c.first, c.now, c.end
    fig = _draw_clock(c.table, others_reported(c), s.revenue_scope, clock_title(c), cite(c.d.sources, c.ids, limit=6))
    marks = "; ".join(f"{int(r['year'])}: depreciation {usd(r['depreciation'])} "
                      f"({DEPRECIATION_LABEL[r['depreciation_status']]})"
                      + (f", revenue {usd(r['revenue'])} ({r['revenue_status']})" if pd.notna(r["revenue"]) else "")
                      for _, r in c.table.iterrows())
    alt = (f"Line chart, log scale, calendar years {int(first['year'])} to {s.end_year}, each year's revenue against "
           f"the same year's depreciation; filled markers reported, hollow forecast. Depreciation of AI capex "
           f"({usd(first['depreciation'])} to {usd(end['depreciation'])}), revenue needed "
           f"({usd(first['needed'])} to {usd(end['needed'])}) and {SCOPE_SHORT[s.revenue_scope]} revenue "
           f"({usd(now['revenue'])} in {int(now['year'])}, {COMPARES_LABEL[now['compares']]}; {usd(end['revenue'])} "
           f"in {s.end_year}, projected at {fmt_pct(s.ai_revenue_growth)} a year); revenue "
           f"{c.reach(c.covers, 'depreciation')} and {c.reach(c.covers_need, 'the revenue needed')}. After "
           f"{int(c.path.loc[c.path['status'] != 'assumed', 'year'].max())} capex is an assumption: it "
           f"{c.assumption} (an assumption), which sets the shape of depreciation. By year: {marks}.")
    return Chart(fig, f"{NAME}-depreciation-clock", alt, sources=_ids(c.ids), deck=True)


def coverage_finding(c: Clock) -> Finding:
    """AI revenue per $1 of AI depreciation in the same calendar year: the latest year both are reported (or the
    scope's first projected year), and at the end of the clock."""
    now, end = c.now, c.end
    kind = c.kind(now)
    return Finding(
        f"{NAME}-coverage",
        f"At a {c.s.asset_life:g}-year life, AI revenue covered {now['coverage']:.0%} of AI depreciation in "
        f"{int(now['year'])} ({COMPARES_LABEL[now['compares']]}); growing {fmt_pct(c.s.ai_revenue_growth)} a year, "
        f"with capex that {c.assumption}, it covers {end['coverage']:.0%} in {int(end['year'])} (forecast).",
        label=f"AI revenue / AI depreciation, {int(now['year'])} ({c.s.asset_life:g}-year life, {kind})",
        value=round(float(now["coverage"]), 3), shown=f"{now['coverage']:.0%}",
        how=(f"{usd(now['revenue'])} of AI revenue ÷ {usd(now['depreciation'])} of depreciation, {int(now['year'])}"),
        sources=_ids(c.ids))


CLOCK_COLUMNS = {"year": "Year", "capex": "AI capex ($B)", "capex_status": "Capex is",
                 "depreciation": "Depreciation ($B)", "depreciation_status": "Depreciation rests on",
                 "needed": "Revenue needed ($B)", "revenue": "AI revenue ($B)", "revenue_status": "Revenue is",
                 "compares": "Compares", "coverage": "Revenue per $1 of depreciation",
                 "share_of_needed": "Revenue as share of need"}


def clock_table(c: Clock) -> dict:
    """The depreciation clock by calendar year (present.table's arguments), each year's comparison marked."""
    s = c.s
    shown = c.table.assign(capex_status=c.table["capex_status"].map(STATUS_LABEL),
                           depreciation_status=c.table["depreciation_status"].map(DEPRECIATION_LABEL),
                           revenue_status=c.table["revenue_status"].map(STATUS_LABEL),
                           compares=c.table["compares"].map(COMPARES_LABEL))
    return dict(
        frame=shown[list(CLOCK_COLUMNS)].rename(columns=CLOCK_COLUMNS),
        caption=f"The depreciation clock by calendar year: {s.asset_life:g}-year life, {fmt_pct(s.ai_share_of_capex)} "
                f"of capex counted as AI, capex that {c.assumption}, {SCOPE_SHORT[s.revenue_scope]} revenue growing "
                f"{fmt_pct(s.ai_revenue_growth)} a year",
        source=cite(c.d.sources, c.ids, limit=6),
        formats={"AI capex ($B)": "{:,.0f}".format, "Depreciation ($B)": "{:,.0f}".format,
                 "Revenue needed ($B)": "{:,.0f}".format, "AI revenue ($B)": "{:,.1f}".format,
                 "Revenue per $1 of depreciation": "${:,.2f}".format, "Revenue as share of need": "{:.0%}".format},
    )


# --- How sure: the clock on draws of its assumptions -------------------------------------------------

# The assumptions that move how much of AI depreciation AI revenue covers, as a reader names them (the data-centre
# and margin multipliers move the revenue needed, not the coverage)
RANGED = {"asset_life": "asset life", "capex_growth": "capex growth after the guidance",
          "ai_share_of_capex": "share of capex counted as AI", "ai_revenue_growth": "AI revenue growth"}
YEARLY = ("capex_growth", "ai_revenue_growth")  # rates a year


@dataclass(frozen=True)
class ClockDraws:
    """The depreciation clock run on `n` draws of its assumptions: the single-number clock `c`, the ranges, the
    draws (every assumption in RANGED, those without a range held at their value), model.clock_many of them and
    each draw's first year covered (NaN when revenue does not reach depreciation by the end of the clock)."""
    c: Clock
    n: int
    spreads: dict  # name -> uncertainty.Spread
    inputs: dict  # name -> array of n values
    many: dict
    covers: np.ndarray

    @property
    def columns(self) -> np.ndarray:
        """The years with revenue (the same in every draw): the fan chart's years."""
        return ~np.isnan(self.many["revenue"][0])

    @property
    def years(self) -> np.ndarray:
        return self.many["year"][self.columns]

    @property
    def coverage(self) -> np.ndarray:
        """AI revenue per $1 of AI depreciation, one row per draw, one column per year with revenue."""
        return self.many["coverage"][:, self.columns]

    @property
    def end_year(self) -> int:
        return int(self.c.s.end_year)

    @property
    def mid_year(self) -> int:
        first = int(self.years[0])
        return first + (self.end_year - first) // 2

    def share_by(self, year: int) -> float:
        """The share of draws in which AI revenue covers AI depreciation in or before `year`."""
        return uncertainty.share(self.covers <= year)


def monte_carlo(c: Clock, ranges: str, n: int | None = None) -> ClockDraws:
    """Draw the ranged assumptions (seeded by the section and its parameter values) and run the clock on every
    draw at once (model.clock_many: each draw equals model.clock on its values exactly)."""
    central = {name: getattr(c.s, name) for name in RANGED}
    spreads = uncertainty.parse_for(ranges, central, "the depreciation clock's coverage")
    n = uncertainty.DRAWS if n is None else n
    seed = uncertainty.seed_for(NAME, asdict(c.s), uncertainty.unparse(spreads), n)
    inputs = uncertainty.with_fixed(uncertainty.draws(spreads, n, seed), central, n)
    many = model.clock_many(c.path, c.reported[["value", "ends"]], asset_life=inputs["asset_life"],
                            capex_growth=inputs["capex_growth"], revenue_growth=inputs["ai_revenue_growth"],
                            ai_share=inputs["ai_share_of_capex"], through=c.s.end_year)
    return ClockDraws(c, n, spreads, inputs, many, model.first_years_covered(many))


def sourced_bounds(d: Data) -> dict[str, tuple[str, float]]:
    """The bounds of the default ranges that follow from the data, each with what it is: the shortest and longest
    asset lives for AI hardware; the yearly fall of North American telecom providers' capex from the first to the
    last reported year after the telecom peak; and the AI revenue growth that carries the generative-AI economy's
    latest figure to the revenue Bain expects in 2030 (its requirement less its shortfall) on the clock's own
    projection."""
    lives = sourced_lives(d.episodes)["value"]
    telecom = series_rows(d.series, "telecom_capex_na_providers").query("status == 'actual'")
    first, last = telecom.iloc[0], telecom.iloc[-1]
    reported = revenue_periods(d.revenue_rows("genai_economy"), d.sources).sort_values("ends").iloc[-1]
    need = d.gap_row("bain_2030", "required_annual_revenue_2030")
    short = d.gap_row("bain_2030", "revenue_shortfall_2030")
    years = 2030 + 1 - float(reported["ends"])
    return {"asset_life low": float(lives.min()), "asset_life high": float(lives.max()),
            "capex_growth low": float((last["value"] / first["value"]) ** (1 / (last["year"] - first["year"])) - 1),
            "ai_revenue_growth high": float(((need["value"] - short["value"]) / reported["value"]) ** (1 / years) - 1)}


def range_source_ids(d: Data) -> list[str]:
    """The rows the default ranges come from (sourced_bounds)."""
    telecom = series_rows(d.series, "telecom_capex_na_providers").query("status == 'actual'")
    bain = d.gap[d.gap["estimate"] == "bain_2030"]
    return list(dict.fromkeys([*sourced_lives(d.episodes)["source_id"], *telecom["source_id"], *bain["source_id"]]))


def _amount(name: str, value: float) -> str:
    return f"{value:g}" if name == "asset_life" else ("−" if value < 0 else "") + fmt_pct(abs(value))


def ranges_words(m: ClockDraws) -> str:
    """The ranges drawn, in words: "asset life 2 to 6 years, ..., AI revenue growth 30% to 70% a year"."""
    return uncertainty.ranges_words(m.spreads, RANGED.get, _amount,
                                    lambda name: " years" if name == "asset_life" else " a year" if name in YEARLY else "")


def held_words(m: ClockDraws) -> str:
    """The assumptions held at one value in every draw, in words ("" when every one has a range)."""
    s = m.c.s
    words = {"asset_life": f"a {s.asset_life:g}-year life",
             "capex_growth": f"capex that {m.c.assumption}",
             "ai_share_of_capex": "all of the capex counted as AI" if s.ai_share_of_capex == 1
             else f"{fmt_pct(s.ai_share_of_capex)} of the capex counted as AI",
             "ai_revenue_growth": f"AI revenue growing {fmt_pct(s.ai_revenue_growth)} a year"}
    held = [words[name] for name in RANGED if name not in m.spreads]
    return _and(held) + " in every draw" if held else ""


def _shares(m: ClockDraws) -> tuple[str, str]:
    """'by 2030 in 51%' and, when the clock is long enough to have a middle, 'by 2028 in none' ('' otherwise)."""
    end = f"by {m.end_year} in {uncertainty.share_text(m.share_by(m.end_year))}"
    mid = f"by {m.mid_year} in {uncertainty.share_text(m.share_by(m.mid_year))}" if m.mid_year < m.end_year else ""
    return end, mid


def coverage_chance(m: ClockDraws) -> Finding:
    """The share of draws in which AI revenue covers AI depreciation by the end (and the middle) of the clock."""
    end, mid = _shares(m)
    share = m.share_by(m.end_year)
    held = held_words(m)
    return Finding(
        f"{NAME}-coverage-chance",
        f"AI revenue covers AI depreciation {end} of {m.n:,} draws of the assumptions"
        + (f", and {mid}." if mid else "."),
        label=f"Draws in which AI revenue covers AI depreciation by {m.end_year}", value=round(share, 3),
        shown=uncertainty.share_text(share),
        how=(f"{m.n:,} draws of {ranges_words(m)} (a range without a word is triangular, peaking at the central "
             f"value)" + (f", with {held}" if held else "") + f"; the share of draws in which a calendar year's AI "
             f"revenue reaches that year's AI depreciation in or before {m.end_year}" + (f" ({mid})" if mid else "")
             + "; the data-centre and margin multipliers do not enter"),
        sources=_ids(m.c.ids, range_source_ids(m.c.d)))


def coverage_drivers(m: ClockDraws, column: int = -1) -> list[tuple[str, float]]:
    """The ranged assumptions by how strongly they move coverage in one year of the fan (the last by default):
    Spearman rank correlation across the draws, strongest first."""
    return uncertainty.drivers({k: m.inputs[k] for k in m.spreads}, m.coverage[:, column])


def drivers_sentence(m: ClockDraws) -> str:
    """Which assumptions drive the spread, in one or two sentences: at the end of the clock, and in its first year
    with revenue when another assumption leads there."""
    ranked = coverage_drivers(m)
    if not ranked:
        return "Every assumption is held at one value here, so all draws give the same clock."
    (top, rho), rest = ranked[0], ranked[1:]
    others = "; ".join(f"{RANGED[k]} {uncertainty.signed(r)}" for k, r in rest)
    text = (f"{RANGED[top][:1].upper() + RANGED[top][1:]} drives most of the spread: ranked against coverage in "
            f"{m.end_year} across the draws, it correlates {uncertainty.signed(rho)}"
            + (f" ({others})." if others else "."))
    (early, early_rho), first = coverage_drivers(m, 0)[0], int(m.years[0])
    if early != top and abs(early_rho) > 0 and first < m.end_year:
        text += (f" In {first}, before revenue growth has compounded, {RANGED[early]} matters most "
                 f"({uncertainty.signed(early_rho)}).")
    return text


def fan_prose(m: ClockDraws) -> dict:
    """The paragraph under the fan chart: what was drawn, the median draw and what drives the spread (prose's
    arguments)."""
    band = uncertainty.bands(m.coverage)
    held = held_words(m)
    values = dict(n=f"{m.n:,}", end=m.end_year, median=fmt_pct(band[50][-1]), drivers=drivers_sentence(m))
    if not m.spreads:
        return dict(template="No assumption is given a range here, so all {n} draws give the same clock, with "
                             "{held}: AI revenue covers {median} of AI depreciation in {end}.", held=held, **values)
    peaked = any(s.dist != "uniform" for s in m.spreads.values())
    return dict(
        template="The {n} draws take each assumption from its range ({ranges}){peak}{held}. In the median draw AI "
                 "revenue covers {median} of AI depreciation in {end}; in the middle half of the draws, {low} to "
                 "{high}. {drivers}",
        ranges=ranges_words(m), peak=", most often near the central value" if peaked else "",
        held=f", with {held}" if held else "", low=fmt_pct(band[25][-1]), high=fmt_pct(band[75][-1]), **values)


def coverage_fan(m: ClockDraws) -> Chart:
    """Fan chart of AI revenue as a share of AI depreciation, by calendar year across the draws: median, 50% and 90%
    bands and the central assumptions' clock; titled with the share of draws in which revenue covers depreciation
    by the middle and the end of the clock."""
    c, years = m.c, m.years
    band = uncertainty.bands(m.coverage * 100)
    central = c.table[c.table["revenue"].notna()]
    end, mid = _shares(m)
    ids = _ids(c.ids, range_source_ids(c.d))
    fig, ax = chart(f"AI revenue covers AI depreciation {mid or end} of {m.n:,} draws of the assumptions"
                    + (f", {end}" if mid else ""), cite(c.d.sources, ids, limit=6), size=(10, 4.6))
    fan(ax, years, band, PALETTE["revenue"], central=(central["year"], central["coverage"] * 100))
    ax.axhline(100, color=MUTED, linewidth=1)
    ax.annotate("revenue = depreciation", (0, 100), xycoords=("axes fraction", "data"), ha="left", va="top",
                xytext=(4, -3), textcoords="offset points", fontsize=MIN_TEXT, color=MUTED)
    ax.yaxis.set_major_formatter(FuncFormatter(lambda v, _: f"{v:,.0f}%"))
    ax.set_ylim(0, max(float(band[95].max()), 100) * 1.1)
    ax.set_ylabel("Revenue, % of depreciation")
    ax.set_xlabel("Calendar year: each year's AI revenue against the same year's depreciation")
    ax.legend(loc="upper left", fontsize=MIN_TEXT)
    pct = lambda v: f"{v:,.0f}%"  # noqa: E731
    alt = (f"Fan chart of AI revenue as a percentage of AI depreciation in the same calendar year, {int(years[0])} to "
           f"{m.end_year}, across {m.n:,} draws of the assumptions ({ranges_words(m)}): in {m.end_year} the median "
           f"draw is {pct(band[50][-1])}, half the draws lie between {pct(band[25][-1])} and {pct(band[75][-1])} "
           f"and 90% between {pct(band[5][-1])} and {pct(band[95][-1])}; the central assumptions give "
           f"{pct(central['coverage'].iloc[-1] * 100)}. Revenue covers depreciation {end} of draws"
           + (f", {mid}." if mid else "."))
    return Chart(fig, f"{NAME}-coverage-fan", alt, sources=ids, findings=(coverage_chance(m),), deck=True)


# --- How much hangs on the asset life ---------------------------------------------------------------

@dataclass(frozen=True)
class Lives:
    """Depreciation and the revenue it needs in the clock's 'now' year (Clock.now), for a range of asset lives."""
    year: int
    revenue: float
    kind: str  # reported (revenue and capex both reported that year) or forecast
    lives: pd.DataFrame  # the sourced lives (sourced_lives)
    grid: list
    sens: pd.DataFrame  # index: life; columns depreciation, needed
    need_life: float | None  # shortest life at which revenue covers depreciation
    need_life_all: float | None  # ... and the revenue needed

    def span(self, life: float | None) -> str:
        return f"{life:g} years or more" if life is not None else f"more than {max(self.grid):g} years"


def lives(c: Clock) -> Lives:
    year, revenue = int(c.now["year"]), c.now["revenue"]
    sourced = sourced_lives(c.d.episodes)
    grid = model.life_grid(c.s.asset_life, sourced["value"])
    sens = model.life_needed(c.spend, grid, year, c.s.datacenter_multiplier, c.s.margin_multiplier)
    return Lives(year, revenue, c.kind(c.now), sourced, grid, sens, min_life_covering(sens["depreciation"], revenue),
                 min_life_covering(sens["needed"], revenue))


def revenue_words(v: Lives) -> str:
    """'$37B of AI revenue in 2025' or 'A projected $135B of AI revenue in 2026'."""
    return (f"{usd(v.revenue)} of AI revenue in {v.year}" if v.kind == "reported"
            else f"A projected {usd(v.revenue)} of AI revenue in {v.year}")


def asset_life_text(c: Clock) -> dict:
    """The paragraph on the charge at the shortest and longest sourced lives and the life revenue needs."""
    v = lives(c)
    sourced, sens = v.lives, v.sens
    lo, hi = sourced["value"].min(), sourced["value"].max()
    who = lambda life: ", ".join(dict.fromkeys(sourced.loc[sourced["value"] == life, "who"]))  # noqa: E731
    template = (
        "In {y} ({compares}), at a {lo}-year life ({lo_who}) the charge would be {d_lo}; at "
        "{hi} years ({hi_who}) it is {d_hi}. {scope} revenue of {rev} ({rev_kind}) covers the charge only with a life "
        "of {need_life}, and the revenue needed, with the multipliers, only with a life of {need_all}.")
    values = dict(y=v.year, lo=f"{lo:g}", lo_who=who(lo), d_lo=usd(sens.loc[lo, "depreciation"]), hi=f"{hi:g}",
                  hi_who=who(hi), d_hi=usd(sens.loc[hi, "depreciation"]), scope=SCOPE_SHORT[c.s.revenue_scope],
                  rev=usd(v.revenue), need_life=v.span(v.need_life), need_all=v.span(v.need_life_all),
                  compares=COMPARES_LABEL[c.now["compares"]], rev_kind=STATUS_LABEL[c.now["revenue_status"]])
    return dict(template=template, boxed=True, **values)


def asset_life(c: Clock) -> Chart:
    """Depreciation and the revenue needed in the clock's 'now' year, by asset life; sourced lives marked."""
    v = lives(c)
    sens = v.sens
    title = f"{revenue_words(v)} covers that year's depreciation only at lives of {v.span(v.need_life)}"
    ids = [*v.lives["source_id"], *c.capex_used["source_id"], "assumption"]
    fig = _draw_life(sens, v.lives, float(c.s.asset_life), v.year, float(v.revenue),
                     f"{SCOPE_SHORT[c.s.revenue_scope]} revenue in {v.year} ({STATUS_LABEL[c.now['revenue_status']]})",
                     title, cite(c.d.sources, ids, limit=6), DEPRECIATION_LABEL[c.now["depreciation_status"]])
    alt = (f"Line chart of depreciation and revenue needed in {v.year} for asset lives from {min(v.grid):g} to "
           f"{max(v.grid):g} years: {usd(sens['depreciation'].iloc[0])} at {min(v.grid):g} year to "
           f"{usd(sens['depreciation'].iloc[-1])} at {max(v.grid):g} years, against {v.year} revenue of "
           f"{usd(v.revenue)} ({STATUS_LABEL[c.now['revenue_status']]}; {COMPARES_LABEL[c.now['compares']]}); "
           "sourced lives marked at " + ", ".join(f"{x:g}" for x in sorted(set(v.lives['value']))) + " years.")
    return Chart(fig, f"{NAME}-asset-life", alt, sources=_ids(ids))


def life_needed_finding(c: Clock) -> Finding:
    """The condition: the asset life at which the latest year's revenue covers its depreciation."""
    v = lives(c)
    return Finding(f"{NAME}-life-needed",
                   f"{revenue_words(v)} covers that year's depreciation only at asset lives of "
                   f"{v.span(v.need_life)}.", kind="condition")


# --- The revenue gap, as venture investors computed it ----------------------------------------------

@dataclass(frozen=True)
class Sequoia:
    """Sequoia's two published cases recomputed (model.gap_case), the same on the scenario's multipliers,
    and the revenue set against them."""
    s23_gpu: pd.Series
    s24_gpu: pd.Series
    s24_dcm: pd.Series
    s24_mm: pd.Series
    case23: dict
    case24: dict
    yours: dict  # the 2024 GPU spend on the scenario's multipliers, against the revenue Sequoia assumed
    yours_ttm: dict  # ... against the gen-AI economy's sales
    assumed: float
    assumed_row: pd.Series
    ttm: pd.Series
    runrate: pd.Series
    published23: pd.Series
    hole23: pd.Series
    published24: pd.Series
    published_gap24: pd.Series
    cahn: pd.Series
    bain: pd.Series
    bain_short: pd.Series


def sequoia(d: Data, s: Scenario) -> Sequoia:
    g = d.gap_row
    s23_gpu, s24_gpu = g("sequoia_2023", "nvidia_gpu_runrate_revenue"), g("sequoia_2024", "nvidia_dc_runrate_forecast")
    s24_dcm, s24_mm = (g("sequoia_2024", "gpu_to_total_datacenter_cost_multiplier"),
                       g("sequoia_2024", "end_user_gross_margin_multiplier"))
    dcm23, mm23 = model.sequoia_2023_multipliers(g("sequoia_2023", "energy_cost_per_gpu_dollar")["value"],
                                                 g("sequoia_2023", "end_user_margin")["value"])
    per = lambda measure: g("sequoia_2024", measure)["value"]  # noqa: E731
    assumed = model.assumed_revenue((per("assumed_bigtech_count"), per("assumed_ai_revenue_per_bigtech")),
                                    (per("assumed_other_count"), per("assumed_ai_revenue_per_other")))
    ttm = g("genai_economy_2026", "genai_revenue_ttm")
    return Sequoia(
        s23_gpu=s23_gpu, s24_gpu=s24_gpu, s24_dcm=s24_dcm, s24_mm=s24_mm,
        case23=model.gap_case(s23_gpu["value"], dcm23, mm23),
        case24=model.gap_case(s24_gpu["value"], s24_dcm["value"], s24_mm["value"], assumed),
        yours=model.gap_case(s24_gpu["value"], s.datacenter_multiplier, s.margin_multiplier, assumed),
        yours_ttm=model.gap_case(s24_gpu["value"], s.datacenter_multiplier, s.margin_multiplier, ttm["value"]),
        assumed=assumed, assumed_row=g("sequoia_2024", "assumed_bigtech_count"), ttm=ttm,
        runrate=g("genai_economy_2026", "genai_revenue_runrate"),
        published23=g("sequoia_2023", "required_lifetime_revenue"), hole23=g("sequoia_2023", "revenue_hole"),
        published24=g("sequoia_2024", "required_annual_revenue"),
        published_gap24=g("sequoia_2024", "revenue_gap_after_assumed_revenue"),
        cahn=g("sequoia_2025", "required_annual_revenue"), bain=g("bain_2030", "required_annual_revenue_2030"),
        bain_short=g("bain_2030", "revenue_shortfall_2030"),
    )


SEQUOIA_COLUMNS = {"calc": "Calculation", "gpu": "GPU spend ($B)", "dcm": "× data centre", "mm": "× margin",
                   "needed": "Revenue needed ($B)", "published": "Published ($B)",
                   "revenue": "Revenue set against it ($B)", "gap": "Gap ($B)", "published_gap": "Published gap ($B)"}


def sequoia_table(d: Data, s: Scenario) -> dict:
    """Sequoia's revenue-gap arithmetic recomputed from its inputs, then on the scenario's multipliers
    (present.table's arguments)."""
    q = sequoia(d, s)
    rows = pd.DataFrame([
        dict(calc=f"Sequoia, {q.s23_gpu['as_of']}", **q.case23, published=q.published23["value"],
             published_gap=q.hole23["value"]),
        dict(calc=f"Sequoia, {q.s24_gpu['as_of']}", **q.case24, published=q.published24["value"],
             published_gap=q.published_gap24["value"]),
        dict(calc="The same, on this report's multipliers", **q.yours, published=np.nan, published_gap=np.nan),
        dict(calc=f"This report's multipliers against the gen-AI economy's sales (12 months to {q.ttm['as_of']})",
             **q.yours_ttm, published=np.nan, published_gap=np.nan),
    ])
    return dict(
        frame=rows[list(SEQUOIA_COLUMNS)].rename(columns=SEQUOIA_COLUMNS),
        caption="Sequoia's revenue-gap arithmetic, recomputed from its inputs",
        source=cite(d.sources, [q.s23_gpu["source_id"], q.s24_dcm["source_id"], q.s24_gpu["source_id"],
                                q.assumed_row["source_id"], q.ttm["source_id"]]),
        formats={"GPU spend ($B)": "{:,.0f}".format, "× data centre": "{:g}".format, "× margin": "{:g}".format,
                 "Revenue needed ($B)": "{:,.0f}".format, "Published ($B)": "{:,.0f}".format,
                 "Revenue set against it ($B)": "{:,.0f}".format, "Gap ($B)": "{:,.0f}".format,
                 "Published gap ($B)": "{:,.0f}".format},
    )


def revenue_gap_text(d: Data, s: Scenario) -> dict:
    """The paragraphs on how Sequoia's cases recompute and the gap on the scenario's multipliers."""
    q = sequoia(d, s)
    template = (
        "Both published cases recompute exactly: {g23} of GPU revenue × {d23} × {m23} = {n23}, "
        "and {g24} × {d24} × {m24} = {n24}. The {pub_gap} gap published in {as24} is not quite the arithmetic: the "
        "revenue it assumed for ten named companies adds up to {assumed}, which leaves {calc_gap}, rounded "
        "to {pub_gap}; the summary in data/ does not say how.\n\n"
        "On this report's multipliers (×{dcm} × {mm}) the same {g24} of GPUs needs {yours} a year. The whole "
        "generative-AI economy sold {ttm} in the twelve months to {ttm_as_of} ({ttm_by}; run rate above {runrate}), "
        "leaving a gap of {gap_now}. Later estimates are larger: Cahn has spoken of about {cahn} ({cahn_as_of}, a podcast "
        "summary), and Bain expects {bain} of yearly revenue to be needed by 2030, with {bain_short} missing.")
    values = dict(
        g23=usd(q.s23_gpu["value"]), d23=f"{q.case23['dcm']:g}", m23=f"{q.case23['mm']:g}", n23=usd(q.case23["needed"]),
        g24=usd(q.s24_gpu["value"]), d24=f"{q.s24_dcm['value']:g}", m24=f"{q.s24_mm['value']:g}",
        n24=usd(q.case24["needed"]), pub_gap=usd(q.published_gap24["value"]), as24=q.s24_gpu["as_of"],
        assumed=usd(q.assumed), calc_gap=usd(q.case24["gap"]),
        dcm=f"{s.datacenter_multiplier:g}", mm=f"{s.margin_multiplier:g}", yours=usd(q.yours["needed"]),
        ttm=usd(q.ttm["value"]), ttm_as_of=q.ttm["as_of"], ttm_by=q.ttm["estimate_by"], runrate=usd(q.runrate["value"]),
        gap_now=usd(q.yours_ttm["gap"]), cahn=usd(q.cahn["value"]), cahn_as_of=q.cahn["as_of"],
        bain=usd(q.bain["value"]), bain_short=usd(q.bain_short["value"]),
    )
    return dict(template=template, boxed=True, **values)


def multipliers_words(s: Scenario) -> str:
    """"this report's multipliers, ×2 × 2": the scenario's data-centre and margin multipliers, named."""
    return f"this report's multipliers, ×{s.datacenter_multiplier:g} × {s.margin_multiplier:g}"


def revenue_gap(d: Data, s: Scenario) -> Chart:
    """Revenue needed (published, and on the scenario's multipliers) against revenue earned (a deck slide)."""
    q = sequoia(d, s)
    items = pd.DataFrame([
        dict(label=f"Sequoia, {q.s23_gpu['as_of']}: {usd(q.s23_gpu['value'])} of GPUs (lifetime)",
             value=q.case23["needed"], kind="needed"),
        dict(label=f"Sequoia, {q.s24_gpu['as_of']}: {usd(q.s24_gpu['value'])} of GPUs", value=q.case24["needed"],
             kind="needed"),
        dict(label=f"The same, ×{s.datacenter_multiplier:g} × {s.margin_multiplier:g} (this report)",
             value=q.yours["needed"], kind="yours"),
        dict(label=f"Cahn, {q.cahn['as_of']} (podcast summary)", value=q.cahn["value"], kind="needed"),
        dict(label="Bain, needed by 2030", value=q.bain["value"], kind="needed"),
        dict(label="Ten named companies' AI revenue assumed by Sequoia", value=q.assumed, kind="earned"),
        dict(label=f"Gen-AI economy, 12 months to {q.ttm['as_of']}", value=q.ttm["value"], kind="earned"),
        dict(label=f"Gen-AI economy, run rate {q.runrate['as_of']}", value=q.runrate["value"], kind="earned"),
    ])
    title = (f"Sequoia's arithmetic asks for {usd(q.yours['needed'])} a year of AI revenue; the gen-AI economy sold "
             f"{usd(q.ttm['value'])}")
    ids = [q.s23_gpu["source_id"], q.s24_dcm["source_id"], q.s24_gpu["source_id"], q.cahn["source_id"],
           q.bain["source_id"], q.assumed_row["source_id"], q.ttm["source_id"]]
    fig = _draw_gap(items, title, cite(d.sources, ids, limit=7), multipliers_words(s))
    alt = ("Horizontal bar chart of AI revenue needed against revenue earned: "
           + "; ".join(f"{label}: {usd(v)}" for label, v in zip(items["label"], items["value"])) + ".")
    return Chart(fig, f"{NAME}-revenue-gap", alt, sources=_ids(ids), deck=True)


def revenue_gap_finding(d: Data, s: Scenario) -> Finding:
    """The revenue Sequoia's 2024 arithmetic asks for, against what the gen-AI economy sold."""
    q = sequoia(d, s)
    needed = usd(q.case24["needed"])
    return Finding(
        f"{NAME}-revenue-gap",
        f"On Sequoia's arithmetic (GPU spend × {q.s24_dcm['value']:g} × {q.s24_mm['value']:g}) AI needs {needed} of "
        f"revenue a year; the generative-AI economy sold {usd(q.ttm['value'])} in the twelve months to {q.ttm['as_of']}.",
        label="AI revenue needed a year (Sequoia) vs sold", value=None, shown=f"{needed} vs {usd(q.ttm['value'])}",
        how=(f"{usd(q.s24_gpu['value'])} of GPU spend × {q.s24_dcm['value']:g} (the rest of the data centre) × "
             f"{q.s24_mm['value']:g} (the end user's margin)"),
        sources=_ids([q.s24_gpu["source_id"], q.s24_dcm["source_id"], q.ttm["source_id"]]))


# --- What revenue would justify the capex: every published estimate as a case of one engine ----------

CASE_WHO = {"sequoia": "Sequoia", "kupperman": "Kupperman", "jpmorgan": "J.P. Morgan", "bain": "Bain"}
INPUT_WORDS = {"capex": "capex", "chip_share": "chip share", "life_years": "life", "required_return": "return"}


def input_words(name: str, basis: str, margin_of: str) -> str:
    """An input's name for a reader. The operator's margin on a year of capex against a year of revenue is the
    ratio of capex to revenue (Bain's terms)."""
    if name != "gross_margin":
        return INPUT_WORDS[name]
    if margin_of == "buyer":
        return "buyer's margin"
    return "capex-to-revenue ratio" if basis == "lifetime" else "gross margin"


def _month(as_of: str) -> str:
    """'2024-06' -> 'Jun 2024'."""
    year, _, month = str(as_of).partition("-")
    return f"{MONTH_NAMES[int(month) - 1][:3]} {year}" if month else year


def _pct(share: float) -> str:
    return f"{share * 100:.0f}%"


def case_label(row: pd.Series) -> str:
    """'Kupperman (Sep 2025, high end)' / 'Sequoia (Jun 2024)' / 'Kupperman (Aug 2025, 20% return)'."""
    who, when = CASE_WHO.get(row["case"].split("_")[0], row["case"]), _month(row["as_of"])
    if row["case"].endswith(("_low", "_high")):
        when += ", low end" if row["case"].endswith("_low") else ", high end"
    elif row["required_return"] > 0 and row["basis"] != "perpetuity":
        when += f", {_pct(row['required_return'])} return"
    return f"{who} ({when})"


def how(capex: float, chip_share: float, life_years: float, gross_margin: float, required_return: float,
        basis: str, margin_of: str, capex_words: str = "") -> str:
    """The engine's arithmetic in words: '$150B of GPUs × 2 (data-centre cost) ÷ 50% (the buyer keeps 50%)'."""
    parts = [f"{usd(capex)}{capex_words}"]
    if chip_share < 1:
        parts.append(f"× {1 / chip_share:.3g} (data-centre cost)")
    life = f"{life_years:.3g} years"
    if basis == "annual":
        parts.append(f"× (1/{life} + {_pct(required_return)} return)" if required_return else f"÷ {life}")
    elif basis == "lifetime" and required_return:
        parts.append(f"× (1 + {_pct(required_return)} return × {life})")
    elif basis == "perpetuity":
        parts.append(f"× {_pct(required_return)} return a year, for ever")
    if margin_of == "buyer" and gross_margin > 0:
        parts.append(f"÷ {_pct(1 - gross_margin)} (the buyer keeps a {_pct(gross_margin)} margin)")
    elif margin_of == "operator" and gross_margin < 1:
        parts.append(f"÷ {_pct(gross_margin)} gross margin")
    return " ".join(parts)


@dataclass(frozen=True)
class Required:
    """The published cases recomputed (revenue_required.published_cases, one row per case with the data's words),
    and the same engine on the notebook's parameters for the latest year of reported capex ('yours')."""
    cases: pd.DataFrame
    yours: float
    yours_year: int
    yours_capex: float  # the AI share of that year's capex
    yours_how: str
    capex_ids: list

    @property
    def low(self) -> pd.Series:
        return self.cases.loc[self.cases["published"].idxmin()]

    @property
    def high(self) -> pd.Series:
        return self.cases.loc[self.cases["published"].idxmax()]

    @property
    def ids(self) -> list:
        return [*self.cases["source_id"], *self.cases["capex_source_id"].dropna(), *self.capex_ids, "assumption"]


def required(d: Data, s: Scenario) -> Required:
    cases = rr.published_cases(d.required)
    words = d.required.set_index("case")
    for column in ("author", "as_of", "published_as", "capex_covers", "source_id", "capex_source_id", "not_stated"):
        cases[column] = cases["case"].map(words[column])
    cases["label"] = [case_label(r) for _, r in cases.iterrows()]
    cases["how"] = [how(r["capex"], r["chip_share"], r["life_years"], r["gross_margin"], r["required_return"],
                        r["basis"], r["margin_of"]) for _, r in cases.iterrows()]
    path, used, _, _ = capex(d, s)
    reported = path[path["status"] == "actual"].iloc[-1]
    spend = float(reported["capex"]) * s.ai_share_of_capex
    chip, margin = 1 / s.datacenter_multiplier, 1 - 1 / s.margin_multiplier
    yours = rr.required_revenue(spend, chip, s.asset_life, margin, s.required_return)
    share = "" if s.ai_share_of_capex == 1 else f" ({_pct(s.ai_share_of_capex)} counted as AI)"
    text = how(spend, chip, s.asset_life, margin, s.required_return, "annual", "buyer",
               f" of {int(reported['year'])} capex{share}")
    ids = list(used.loc[used["year"] == reported["year"], "source_id"])
    return Required(cases, yours, int(reported["year"]), spend, text, ids)


def _implied_words(r: pd.Series) -> str:
    """What reproduces a published figure: 'a life of 3.3 years (stated: 3)'."""
    name, value, stated = r["implied_input"], r["implied_value"], r["stated_value"]
    shown = {"capex": usd, "life_years": lambda v: f"{v:.2g} years", "gross_margin": _pct,
             "required_return": _pct, "chip_share": lambda v: f"{v:.2g}"}[name]
    said = "not stated" if stated != stated else f"stated: {shown(stated)}"
    return f"a {input_words(name, r['basis'], r['margin_of'])} of {shown(value)} ({said})"


REQUIRED_COLUMNS = {"label": "Estimate", "published_as": "Published as", "published": "Published ($B)",
                    "how": "Arithmetic on the stated inputs", "recomputed": "Recomputed ($B)",
                    "verdict": "Within rounding", "implied": "What reproduces the published figure"}


def required_table(d: Data, s: Scenario) -> dict:
    """Each published estimate beside its recomputation, and the report's own setting (present.table's arguments)."""
    q = required(d, s)
    rows = q.cases.assign(
        verdict=np.where(q.cases["reproduces"], "yes",
                         np.where(q.cases["recomputed"].isna(), "an input not stated", "no")),
        implied=[("the stated inputs" if r["reproduces"] else _implied_words(r)) for _, r in q.cases.iterrows()],
        how=[r["how"] if r["recomputed"] == r["recomputed"] else r["how"] + " ÷ ? (not stated)"
             for _, r in q.cases.iterrows()])
    mine = pd.DataFrame([dict(label=f"This report's setting, {q.yours_year} capex", published_as=None,
                              published=np.nan, how=q.yours_how, recomputed=q.yours, verdict=None, implied=None)])
    frame = pd.concat([rows[list(REQUIRED_COLUMNS)], mine], ignore_index=True).rename(columns=REQUIRED_COLUMNS)
    return dict(frame=frame,
                caption="What revenue would justify the capex: each published estimate recomputed from its author's "
                        "inputs, and this report's setting",
                source=cite(d.sources, q.ids, limit=8),
                formats={"Published ($B)": "{:,.0f}".format, "Recomputed ($B)": "{:,.0f}".format})


def required_text(d: Data, s: Scenario) -> dict:
    """The paragraph on which published figures follow from their inputs, and what the others need."""
    q = required(d, s)
    ok = q.cases[q.cases["reproduces"]]
    off = q.cases[~q.cases["reproduces"]]
    misses = []
    for _, r in off.iterrows():
        if r["recomputed"] == r["recomputed"]:
            misses.append(f"{r['label']}: {usd(r['published'])} published, {usd(r['recomputed'])} from the stated "
                          f"inputs; {_implied_words(r)} reproduces it")
        else:
            misses.append(f"{r['label']}: {usd(r['published'])} follows only from {_implied_words(r)}")
    misses = [m[:1].upper() + m[1:] for m in misses]
    template = ("One arithmetic covers every estimate: the capex, grossed up to the whole data centre, recovered over "
                "its life (with a return, if one is asked), divided by the share of each revenue dollar that pays for "
                "the capital. {n_ok} of the {n} published figures follow from their authors' own inputs within "
                "rounding: {ok}. The others do not. {misses}.\n\n"
                "On this report's setting, {yours_year}'s capex alone needs {yours} of revenue a year: {yours_how}.")
    return dict(template=template, boxed=True, n_ok=len(ok), n=len(q.cases),
                ok="; ".join(ok["label"]), misses=". ".join(misses), yours_year=q.yours_year, yours=usd(q.yours),
                yours_how=q.yours_how)


def required_finding(q: Required) -> Finding:
    return Finding(
        f"{NAME}-revenue-required",
        f"Published estimates of the revenue AI must earn range from {usd(q.low['published'])} "
        f"({q.low['label']}) to {usd(q.high['published'])} a year ({q.high['label']}); "
        f"{int(q.cases['reproduces'].sum())} of {len(q.cases)} follow from their authors' stated inputs; on this "
        f"report's setting {q.yours_year}'s capex needs {usd(q.yours)} a year.",
        label=f"AI revenue needed a year for {q.yours_year}'s capex (this report's setting)", value=round(q.yours, 1),
        shown=usd(q.yours), how=q.yours_how)


def revenue_required(d: Data, s: Scenario) -> Chart:
    """The published estimates side by side as cases of one engine, with the reader's setting as one more bar."""
    q = required(d, s)
    title = (f"Published estimates of the revenue AI must earn range from {usd(q.low['published'])} to "
             f"{usd(q.high['published'])} a year; on this report's setting {q.yours_year}'s capex needs "
             f"{usd(q.yours)}")
    fig = _draw_required(q, title, cite(d.sources, q.ids, limit=6))
    alt = ("Horizontal bar chart of the yearly revenue AI must earn, as published and recomputed from each author's "
           "inputs: " + "; ".join(
               f"{r['label']}: {usd(r['published'])} published"
               + ("" if r["reproduces"] else (f", {usd(r['recomputed'])} recomputed" if r["recomputed"] == r["recomputed"]
                                              else ", an input not stated"))
               for _, r in q.cases.iterrows())
           + f"; this report's setting for {q.yours_year} capex: {usd(q.yours)}.")
    return Chart(fig, f"{NAME}-revenue-required", alt, sources=_ids(q.ids), findings=(required_finding(q),), deck=True)


def _draw_required(q: Required, title: str, source: str):
    """One bar per published figure; a hollow marker where the stated inputs give another; the reader's bar last."""
    rows = q.cases
    fig, ax = chart(title, source, size=(10, 7.4))
    y = np.arange(len(rows) + 1)
    ax.barh(y[:-1], rows["published"], color=PALETTE["cost"], height=0.6)
    ax.barh([y[-1]], [q.yours], color=PALETTE["accent"], height=0.6)
    top = float(max(rows["published"].max(), np.nanmax(rows["recomputed"]), q.yours))
    for yi, (_, r) in zip(y, rows.iterrows()):
        end, gap = r["published"], 8
        text = usd(end)
        if r["recomputed"] == r["recomputed"] and not r["reproduces"]:
            ax.plot([r["recomputed"]], [yi], marker="D", markersize=9, markerfacecolor="white",
                    markeredgecolor=PALETTE["loss"], markeredgewidth=2, linestyle="none")
            end, gap = max(end, r["recomputed"]), 12  # clear of the marker
            text += f"; stated inputs give {usd(r['recomputed'])}"
        elif not r["reproduces"]:
            text += f"; needs {_implied_words(r).split(' (')[0]}"
        if end > 0.55 * top:  # a long bar carries only its figure inside (the paragraph above says what it needs)
            ax.annotate(usd(end), (end, yi), xytext=(-8, 0), textcoords="offset points", va="center", ha="right",
                        fontsize=MIN_TEXT, color="white", fontweight="bold")
        else:
            ax.annotate(text, (end, yi), xytext=(gap, 0), textcoords="offset points", va="center", fontsize=MIN_TEXT)
    ax.annotate(usd(q.yours), (q.yours, y[-1]), xytext=(8, 0), textcoords="offset points", va="center",
                fontsize=MIN_TEXT, fontweight="bold")
    ax.set_yticks(y, [*rows["label"], f"This report's setting ({q.yours_year} capex)"])
    ax.invert_yaxis()
    ax.grid(axis="y", visible=False)
    ax.set_xlim(0, top * 1.3)
    ax.xaxis.set_major_formatter(FuncFormatter(lambda v, _: f"{v:,.0f}"))
    ax.set_xlabel("US$ billions of revenue a year (Sequoia, Bain: for a year of capex)")
    ax.legend(handles=[Patch(color=PALETTE["cost"], label="As published"),
                       Line2D([], [], marker="D", markersize=9, markerfacecolor="white", markeredgecolor=PALETTE["loss"],
                              markeredgewidth=2, linestyle="none", label="Recomputed from the stated inputs, where it differs"),
                       Patch(color=PALETTE["accent"], label="This report's setting (its assumptions)")],
              loc="upper left", bbox_to_anchor=(0, -0.13), fontsize=MIN_TEXT)
    return fig
