import dataclasses
import math

import numpy as np
import pandas as pd
import pytest
from matplotlib.backends.backend_agg import FigureCanvasAgg

from helpers.sections.bubble_comparison import figures as bubbles
from helpers.core import data
from helpers.core.present import Chart, Finding, table_html
from helpers.core.sources import cite


@pytest.fixture(scope="module")
def episodes():
    return data.load("bubble_episodes.csv")


@pytest.fixture(scope="module")
def series():
    return data.load("bubble_series.csv")


def test_comparison_has_every_episode_and_measure_and_leaves_gaps_empty(episodes):
    comp = bubbles.comparison(episodes)
    assert len(comp) == len(bubbles.EPISODES) * len(bubbles.MEASURES)
    ai = comp[comp["episode"] == bubbles.AI].set_index("measure")
    # the AI boom has no peak yet: no loss, no recovery time, and nothing is filled in
    assert math.isnan(ai.loc["peak_to_trough_loss_pct", "value"])
    assert math.isnan(ai.loc["years_to_recover", "value"])
    assert pd.isna(ai.loc["years_to_recover", "estimate_by"])
    table = bubbles.comparison_table(comp, episodes).set_index("Measure")
    assert pd.isna(table.loc["Years to regain the peak", bubbles.EPISODES[bubbles.AI]])


def test_comparison_uses_the_headline_row_and_the_spread_of_all_rows(episodes):
    comp = bubbles.comparison(episodes).set_index(["episode", "measure"])
    row = comp.loc[("uk_railway_mania_1840s", "investment_pct_gdp_peak")]
    rows = episodes[(episodes["episode"] == "uk_railway_mania_1840s") & (episodes["measure"] == "investment_pct_gdp_peak")]
    assert row["value"] == rows.loc[rows["headline"] == "yes", "value"].iloc[0]
    assert (row["low"], row["high"], row["n"]) == (rows["value"].min(), rows["value"].max(), len(rows))


def test_estimates_table_lists_every_row_once(episodes):
    every = bubbles.estimates_table(episodes)
    compared = episodes[episodes["measure"].isin([m for m, _, _ in bubbles.MEASURES])]
    groups = compared.groupby(["episode", "measure"]).ngroups
    assert len(every) == groups
    listed = every["Charted estimate"].notna().sum() + every["Other estimates"].fillna("").str.count("; ").add(
        every["Other estimates"].notna().astype(int)).sum()
    assert listed == len(compared)


def test_short_by():
    assert bubbles.short_by("Andrew Odlyzko (quoted by Edward Chancellor, Breakingviews)") == "Odlyzko"
    assert bubbles.short_by("US Bureau of Economic Analysis (via Justin Fox)") == "BEA"
    assert bubbles.short_by("Microsoft (CFO Amy Hood, reported by The Register)") == "Microsoft"
    assert bubbles.short_by("Merrill Lynch (reported by the Wall Street Journal)") == "Merrill Lynch"


def test_capex_inputs_take_headline_actuals_of_the_ai_era_and_later_forecasts(series):
    actual, forecasts, used = bubbles.capex_inputs(series)
    assert actual.index.min() == bubbles.AI_ERA_START
    assert not actual.index.duplicated().any()
    assert (forecasts["year"] > actual.index.max()).all()
    assert set(used["source_id"]) >= set(series.loc[series["series"] == "hyperscaler_capex"].query(
        "headline == 'yes' and year >= @bubbles.AI_ERA_START and status == 'actual'")["source_id"])


def test_revenue_rows_keep_one_reported_figure_a_year_and_no_run_rates(series):
    for scope in bubbles.SCOPES:
        rows = bubbles.revenue_rows(series, scope)
        assert not rows["year"].duplicated().any()
        assert set(rows["basis"]) <= set(bubbles.REVENUE_BASES)
    with pytest.raises(ValueError, match="revenue_scope must be one of"):
        bubbles.revenue_rows(series, "everything")


def test_text_parameters_are_checked():
    bubbles.check_choices("low", "openai")
    with pytest.raises(ValueError, match="capex_forecast must be one of low, high, got 'mid'"):
        bubbles.check_choices("mid", "openai")
    with pytest.raises(ValueError, match="revenue_scope"):
        bubbles.check_choices("high", "all")


def test_min_life_covering():
    sens = pd.Series({1.0: 100.0, 2.0: 60.0, 3.0: 40.0})
    assert bubbles.min_life_covering(sens, 60.0) == 2.0
    assert bubbles.min_life_covering(sens, 10.0) is None


def test_usd_words():
    assert bubbles.usd(25.17) == "$25.2B"
    assert bubbles.usd(110.0) == "$110B"
    assert bubbles.usd(48.2) == "$48.2B"
    assert bubbles.usd(2690.4) == "$2.7 trillion"


# --------------------------------------------------------------------------------------------------
# What the notebook shows, on the real data/ and the notebook's default parameters

BASE = dict(asset_life=6.0, capex_forecast="high", capex_growth=0.0, ai_share_of_capex=1.0,
            revenue_scope="genai_economy", ai_revenue_growth=0.5, datacenter_multiplier=2.0, margin_multiplier=2.0,
            end_year=2030)


RANGES = "asset_life 2:6:6, capex_growth -0.21:0:0.1, ai_revenue_growth 0.3:0.5:0.7"


def scenario(**changes) -> bubbles.Scenario:
    return bubbles.Scenario(**{**BASE, **changes})


@pytest.fixture(scope="module")
def d():
    return bubbles.load()


@pytest.fixture(scope="module")
def c(d):
    return bubbles.clock(d, scenario())


def every_chart(d, c) -> tuple[Chart, ...]:
    s = scenario()
    return (bubbles.episodes(d), bubbles.after_the_peak(d, s), bubbles.capex_and_depreciation(c),
            bubbles.depreciation_clock(c), bubbles.coverage_fan(bubbles.monte_carlo(c, RANGES, n=500)),
            bubbles.asset_life(c), bubbles.revenue_gap(d, s), bubbles.revenue_required(d, s))


def title(chart_: Chart) -> str:
    return chart_.title


def source_line(chart_: Chart) -> str:
    return " ".join(next(t for t in chart_.fig.texts if t.get_gid() == "source-line").get_text().split())


def test_load_reads_the_sections_files(d):
    assert set(d.episodes["episode"]) == set(bubbles.EPISODES)
    assert "hyperscaler_capex" in set(d.series["series"])
    assert d.head("dotcom_1995_2002", "years_to_recover")["value"] > 0
    assert d.gap_row("sequoia_2024", "nvidia_dc_runrate_forecast")["value"] > 0


def test_scenario_refuses_text_outside_its_choices():
    with pytest.raises(ValueError, match="capex_forecast must be one of low, high, got 'mid'"):
        scenario(capex_forecast="mid")
    with pytest.raises(ValueError, match="revenue_scope must be one of"):
        scenario(revenue_scope="all")


def test_episodes_chart_states_where_ai_stands(d):
    b = bubbles.booms(d)
    chart_ = bubbles.episodes(d)
    assert chart_.name == "bubble-comparison-episodes" and not chart_.deck
    assert len(chart_.fig.axes) == len(bubbles.charted_measures(b.comp))  # one panel per charted measure, no leftover
    ai, tel, rails = b.inv[bubbles.AI]["value"], b.inv[bubbles.TEL]["value"], b.rails
    assert title(chart_) == (f"At {ai:g}% of GDP, AI investment is {'above' if ai > tel else 'below'} the telecom "
                             f"boom's {tel:g}% and {'below' if ai < rails[0] else 'above'} the railways' "
                             f"{rails[0]:g}–{rails[1]:g}%")
    assert f"AI, 2023 onward {ai:g}" in chart_.alt and f"Telecom and fiber, 1996–2002 {tel:g}" in chart_.alt
    comp = bubbles.comparison(d.episodes)
    charted = comp[comp["measure"].isin([m for m, _, _ in bubbles.charted_measures(comp)])]
    assert set(chart_.sources) == set(charted["source_id"].dropna()) | {b.ai_2030["source_id"]}
    assert source_line(chart_) == " ".join(("Source: " + cite(d.sources, chart_.sources, limit=6)).split())


def test_investment_share_finding(d):
    b = bubbles.booms(d)
    f = bubbles.investment_share_finding(d)
    assert isinstance(f, Finding) and f.name == "bubble-comparison-investment-share"
    assert f.value == b.inv[bubbles.AI]["value"]
    assert f.shown == f"{f.value:g}% ({b.inv[bubbles.TEL]['value']:g}%; {b.rails[0]:g}–{b.rails[-1]:g}%)"
    assert f"reached {f.value:g}% of US GDP in 2025, above the telecom boom's" in f.sentence


def test_episode_tables_carry_their_frame_caption_and_source(d):
    side = bubbles.booms_table(d)
    assert side["frame"].equals(bubbles.comparison_table(bubbles.comparison(d.episodes), d.episodes))
    every = bubbles.every_estimate_table(d)
    assert every["frame"].equals(bubbles.estimates_table(d.episodes))
    for args in (side, every):
        assert args["caption"] and args["source"]
        table_html(**args)  # the arguments present.table takes


def test_episodes_text_fills_every_field(d):
    args = bubbles.episodes_text(d)
    text = args["template"].format(**args)
    assert "{" not in text
    assert args["ai_vs_tel"] == "above"  # 1.6% against telecom's 1.2%
    b = bubbles.booms(d)
    assert args["ai_vs_rail"] == f"about {b.inv[bubbles.AI]['value'] / (sum(b.rails) / 2):.0%}"
    assert args["rec"] == f"{b.recover['value']:g}"


def test_after_the_peak_compares_ai_capex_at_its_peak_with_telecom(d):
    p = bubbles.peaks(d, scenario())
    assert p.tel_peak_max["value"] == p.tel_peak_rows["value"].max()
    assert p.ai_peak_value == p.path["capex"].max()
    assert p.ratio == pytest.approx(p.ai_peak_value / p.tel_peak_max["value"])
    chart_ = bubbles.after_the_peak(d, scenario())
    guided = int(p.path.loc[p.path["status"] != "assumed", "year"].max())
    assert title(chart_) == (f"The Nasdaq took {p.recover['value']:g} years to regain its {p.peak_year} high; if AI "
                             f"capex stays flat after {guided}, the last guided year, it peaks in {p.ai_peak_year} at "
                             f"{p.ratio:.1f}× telecom's")
    # the assumption that makes the AI peak is named in the alt text too, and moves with its parameter
    assert "capex stays flat after" in chart_.alt and "(an assumption)" in chart_.alt
    rising = bubbles.after_the_peak(d, scenario(capex_growth=0.1))
    assert title(rising).endswith(f"if AI capex grows 10% a year after {guided}, the last guided year, it is "
                                  f"{bubbles.peaks(d, scenario(capex_growth=0.1)).ratio:.1f}× telecom's peak by 2030 "
                                  "and still rising")
    assert len(chart_.fig.axes) == 2
    assert f"peaking at {bubbles.usd(p.ai_peak_value)} in {p.ai_peak_year}" in chart_.alt
    assert set(p.capex_used["source_id"]) <= set(chart_.sources)
    assert set(p.closes["source_id"]) <= set(chart_.sources)
    # the capex forecast parameter moves the AI peak, and the title with it
    low = bubbles.peaks(d, scenario(capex_forecast="low"))
    assert low.ai_peak_value < p.ai_peak_value
    assert f"{low.ratio:.1f}×" in title(bubbles.after_the_peak(d, scenario(capex_forecast="low")))


def test_after_the_peak_text(d):
    args = bubbles.after_the_peak_text(d, scenario())
    args["template"].format(**args)
    p = bubbles.peaks(d, scenario())
    assert args["ratio"] == f"{p.ratio:.1f}" and args["choice"] == "high"
    assert args["assumption"].startswith("stays flat after ") and "assumption, not a forecast" in args["template"]
    assert args["trough_pct"] == f"{p.trough['pct_of_peak']:.0f}%"


def test_clock_follows_the_parameters(d, c):
    assert list(c.table["year"]) == list(range(bubbles.AI_ERA_START, 2031))
    # the gen-AI economy has no reported calendar year: its first year is a forecast set against a forecast
    assert c.like is None and c.now["compares"] == "forecast" and c.now["revenue_status"] == "projected"
    half = bubbles.clock(d, scenario(ai_share_of_capex=0.5))
    assert list(half.table["depreciation"]) == pytest.approx(list(c.table["depreciation"] / 2))
    assert c.schedule.sum(axis=1).tolist() == pytest.approx(c.table["depreciation"].tolist())


def test_capex_and_depreciation_chart(c):
    chart_ = bubbles.capex_and_depreciation(c)
    first, last = c.table.iloc[0], c.table.iloc[-1]
    assert title(chart_) == (f"At a 6-year life, depreciation on AI capex rises from "
                             f"{bubbles.usd(first['depreciation'])} in {int(first['year'])} to "
                             f"{bubbles.usd(last['depreciation'])} a year in {int(last['year'])} if capex stays flat "
                             f"after 2026, the last guided year")
    assert "capex stays flat after 2026, the last guided year (an assumption)" in chart_.alt
    assert chart_.sources == (*dict.fromkeys(c.capex_used["source_id"]), "assumption")
    assert f"{int(last['year'])}: {bubbles.usd(last['depreciation'])}." in chart_.alt


def test_clock_title_says_when_revenue_catches_up_and_names_the_capex_assumption(c):
    flat = ", if capex stays flat after 2026, the last guided year"
    assert bubbles.clock_title(dataclasses.replace(c, covers=None)) == (
        f"Growing 50% a year, AI revenue covers only {c.end['coverage']:.0%} of AI depreciation in 2030" + flat)
    assert bubbles.clock_title(dataclasses.replace(c, covers=2028, covers_need=None)) == (
        "AI revenue overtakes AI depreciation in 2028, but not the revenue needed by 2030" + flat)
    assert bubbles.clock_title(dataclasses.replace(c, covers=2028, covers_need=2029)) == (
        "AI revenue overtakes AI depreciation in 2028 and the revenue needed in 2029" + flat)


def test_depreciation_clock_chart(d, c):
    chart_ = bubbles.depreciation_clock(c)
    assert chart_.deck and chart_.name == "bubble-comparison-depreciation-clock"
    assert title(chart_) == bubbles.clock_title(c)
    assert f"revenue {c.reach(c.covers, 'depreciation')}" in chart_.alt
    assert "filled markers reported, hollow forecast" in chart_.alt
    assert "capex is an assumption: it stays flat after 2026, the last guided year (an assumption)" in chart_.alt
    scopes = {i for s in bubbles.SCOPES for i in bubbles.revenue_rows(d.series, s)["source_id"]}
    assert set(chart_.sources) == set(c.capex_used["source_id"]) | scopes | {"assumption"}
    fast = bubbles.clock(d, scenario(ai_revenue_growth=3.0))
    assert title(bubbles.depreciation_clock(fast)) == (
        f"AI revenue overtakes AI depreciation in {fast.covers} and the revenue needed in {fast.covers_need}, if "
        "capex stays flat after 2026, the last guided year")
    # the capex growth after the last guided year moves the chart and is named in its title
    steep = bubbles.clock(d, scenario(capex_growth=0.2))
    assert steep.end["depreciation"] > c.end["depreciation"]
    assert title(bubbles.depreciation_clock(steep)).endswith("if capex grows 20% a year after 2026, the last guided year")


def test_clock_text_and_coverage_finding(d, c):
    args = bubbles.clock_text(c)
    text = args["template"].format(**args)
    assert args["c1"] == c.reach(c.covers, "depreciation")
    assert args["cov"] == f"{c.now['coverage'] * 100:.0f}%"
    # the twelve months to June are not set against a calendar year: they are carried to it, as a projection
    assert "$110B for the twelve months to June 2026" in text and "a forecast against a forecast" in text
    f = bubbles.coverage_finding(c)
    assert f.value == round(float(c.now["coverage"]), 3)
    assert f.label == f"AI revenue / AI depreciation, {int(c.now['year'])} (6-year life, forecast)"
    assert f.shown == f"{c.now['coverage']:.0%}"
    # a scope reported by calendar year compares the latest year in which revenue and capex are both reported
    e = bubbles.clock(d, scenario(revenue_scope="enterprise"))
    assert int(e.now["year"]) == 2025 and e.now["compares"] == "reported"
    assert "the latest calendar year for which both are reported" in bubbles.clock_text(e)["template"]
    assert bubbles.coverage_finding(e).label == "AI revenue / AI depreciation, 2025 (6-year life, reported)"


def test_clock_sets_revenue_and_depreciation_of_the_same_period_side_by_side(d, c):
    # every row is one calendar year: the revenue in it is that year's (reported) or carried to it (projected),
    # never twelve months that end in the middle of it
    assert c.table["year"].is_unique
    assert set(c.revenue["year"]) <= set(c.table["year"])
    ttm = c.reported[c.reported["basis"] == "trailing_12m"].iloc[0]
    assert ttm["ends"] == pytest.approx(2026.5) and ttm["period"] == "twelve months to June 2026"
    row = c.table.set_index("year").loc[2026]
    assert row["revenue_status"] == "projected" and row["revenue"] == pytest.approx(ttm["value"] * 1.5 ** 0.5)
    # reported revenue is only ever set against depreciation of reported capex, and projected against forecast
    for scope in bubbles.SCOPES:
        t = bubbles.clock(d, scenario(revenue_scope=scope)).table.dropna(subset=["revenue"])
        assert set(t["compares"]) <= {"reported", "forecast"}
        assert (t.loc[t["compares"] == "reported", "revenue_status"] == "reported").all()
        assert (t.loc[t["compares"] == "reported", "depreciation_status"] == "actual").all()


def test_clock_table(c):
    args = bubbles.clock_table(c)
    assert list(args["frame"].columns) == list(bubbles.CLOCK_COLUMNS.values())
    assert set(args["frame"]["Capex is"]) == {"actual", "forecast", "assumed growth"}
    assert set(args["frame"]["Depreciation rests on"]) == {"reported capex", "includes forecast capex",
                                                           "includes assumed capex growth"}
    assert set(args["frame"]["Compares"].dropna()) == {"both forecasts"}
    assert args["caption"] == ("The depreciation clock by calendar year: 6-year life, 100% of capex counted as AI, "
                               "capex that stays flat after 2026, the last guided year, Gen-AI economy revenue "
                               "growing 50% a year")
    assert "<td" in table_html(**args)


def test_lives_find_the_shortest_life_revenue_covers(c):
    v = bubbles.lives(c)
    assert 6.0 in v.sens.index and set(v.lives["value"]) <= set(v.sens.index)
    covered = v.sens.loc[v.sens["depreciation"] <= v.revenue].index
    assert v.need_life == covered.min()
    assert v.span(v.need_life) == f"{v.need_life:g} years or more"
    assert v.span(None) == "more than 15 years"


def test_asset_life_chart_text_and_finding(c):
    v = bubbles.lives(c)
    chart_ = bubbles.asset_life(c)
    assert v.kind == "forecast"
    assert title(chart_) == (f"A projected {bubbles.usd(v.revenue)} of AI revenue in {v.year} covers that year's "
                             f"depreciation only at lives of {v.need_life:g} years or more")
    assert "sourced lives marked at " + ", ".join(f"{x:g}" for x in sorted(set(v.lives["value"]))) in chart_.alt
    assert set(v.lives["source_id"]) <= set(chart_.sources)
    args = bubbles.asset_life_text(c)
    args["template"].format(**args)
    assert args["lo"] == f"{v.lives['value'].min():g}" and args["need_life"] == v.span(v.need_life)
    f = bubbles.life_needed_finding(c)
    assert f.kind == "condition" and f"{v.need_life:g} years or more" in f.sentence


def test_sequoia_recomputes_both_published_cases(d):
    q = bubbles.sequoia(d, scenario())
    assert q.case23["needed"] == q.published23["value"]  # $50B x 2 x 2 = $200B
    assert q.case24["needed"] == q.published24["value"]  # $150B x 2 x 2 = $600B
    assert q.case24["gap"] == q.case24["needed"] - q.assumed
    args = bubbles.sequoia_table(d, scenario(datacenter_multiplier=3.0))
    frame = args["frame"].set_index("Calculation")
    assert list(frame["Revenue needed ($B)"]) == [200.0, 600.0, 900.0, 900.0]
    assert frame.iloc[3]["Gap ($B)"] == 900.0 - q.ttm["value"]
    assert math.isnan(frame.iloc[0]["Gap ($B)"])
    assert "<td" in table_html(**args)


def test_revenue_gap_chart_text_and_finding(d):
    q = bubbles.sequoia(d, scenario(margin_multiplier=3.0))
    chart_ = bubbles.revenue_gap(d, scenario(margin_multiplier=3.0))
    assert chart_.deck
    assert title(chart_) == ("Sequoia's arithmetic asks for $900B a year of AI revenue; the gen-AI economy sold "
                             f"{bubbles.usd(q.ttm['value'])}")
    assert "The same, ×2 × 3 (this report): $900B" in chart_.alt
    assert {q.bain["source_id"], q.cahn["source_id"], q.ttm["source_id"]} <= set(chart_.sources)
    args = bubbles.revenue_gap_text(d, scenario(margin_multiplier=3.0))
    args["template"].format(**args)
    assert args["yours"] == "$900B" and args["gap_now"] == bubbles.usd(900.0 - q.ttm["value"])
    f = bubbles.revenue_gap_finding(d, scenario(margin_multiplier=3.0))  # the published case, not the scenario's
    assert f.shown == f"$600B vs {bubbles.usd(q.ttm['value'])}" and f.value is None


def test_every_chart_keeps_its_text_inside_the_image(d, c):
    for chart_ in every_chart(d, c):
        canvas = FigureCanvasAgg(chart_.fig)
        canvas.draw()
        box = chart_.fig.bbox
        renderer = canvas.get_renderer()
        # the title and source line, and each panel with everything drawn with it (tick labels, axis
        # labels, panel title, annotations, legend)
        parts = [(t.get_text()[:40], t.get_window_extent(renderer)) for t in chart_.fig.texts + [chart_.fig._suptitle]]
        parts += [(ax.get_title(loc="left") or ax.get_xlabel(), ax.get_tightbbox(renderer)) for ax in chart_.fig.axes]
        for what, ext in parts:
            assert (ext.x0 >= box.x0 - 1 and ext.x1 <= box.x1 + 1 and ext.y0 >= box.y0 - 1
                    and ext.y1 <= box.y1 + 1), f"{chart_.name}: {what!r} runs off the image"


def test_one_value_for_the_four_companies_capex_in_both_files(series):
    # the four hyperscalers' full-year capex in concentration_capex.csv is the headline of bubble_series.csv
    capex = data.load("concentration_capex.csv")
    four = capex[(capex["companies"] == "hyperscalers4") & (capex["metric"] == "capex") & (capex["period"] == "FY")]
    head = series[(series["series"] == "hyperscaler_capex") & (series["headline"] == "yes")].set_index("year")
    # (an earlier forecast for a year that has since been reported, BofA's for 2025, is a forecast, not the value)
    for row in four[four["year"] >= 2025].itertuples():
        if row.status != head.loc[row.year, "status"]:
            continue
        assert row.value == head.loc[row.year, "value"] and row.source_id == head.loc[row.year, "source_id"]
    # the 2025 headline is the companies' own figures summed, as its note itemises them
    row = head.loc[2025]
    parts = [118.0, 91.4, 131.8, 72.2]
    assert row["value"] == pytest.approx(sum(parts), abs=0.05)
    assert all(f"{p:.1f}" in row["note"] for p in parts)
    # a plan for the seven below the four's plan for the same year must be an earlier tally (an older vintage)
    sources = data.load("sources.csv").set_index("source_id")
    seven = capex[(capex["companies"] == "mag7") & (capex["metric"] == "capex")].set_index("year")
    for year, plan in seven.iterrows():
        if year in head.index and plan["value"] < head.loc[year, "value"]:
            assert str(sources.loc[plan["source_id"], "date"]) < str(sources.loc[head.loc[year, "source_id"], "date"])


# --------------------------------------------------------------------------------------------------
# What the charts show a reader, as drawn

def _drawn(fig):
    canvas = FigureCanvasAgg(fig)
    canvas.draw()
    return canvas.get_renderer()


def test_episodes_chart_shows_only_measures_with_two_episodes_and_says_what_it_leaves_out(d):
    comp = bubbles.comparison(d.episodes)
    shown = bubbles.charted_measures(comp)
    counts = comp[comp["value"].notna()].groupby("measure")["episode"].nunique()
    assert [m for m, _, _ in shown] == [m for m, _, _ in bubbles.MEASURES if counts.get(m, 0) >= 2]
    left = [m for m in bubbles.MEASURES if m not in shown]
    assert {m for m, _, _ in left} == {"utilization_after_peak", "years_to_recover"}  # one boom each in data/
    chart_ = bubbles.episodes(d)
    assert [ax.get_title(loc="left") for ax in chart_.fig.axes] == [label for _, label, _ in shown]
    gaps = bubbles.episodes_gaps(comp)
    util = d.head(bubbles.TEL, "utilization_after_peak")
    assert gaps.startswith("Not charted, as data/ has a figure for fewer than two booms: utilization after the peak "
                           f"(telecom, {util['value']:g}%) and years to regain the peak (dot-com, ")
    assert "broad IT investment (BEA): UK railway mania, US railroads and telecom" in gaps
    assert "AI has no peak yet, so no peak-to-trough market loss." in gaps
    assert gaps in chart_.alt  # nothing the chart leaves out is hidden from a reader of the alt text
    note = bubbles.episodes_note(d)
    assert note["template"].format(**note).startswith(gaps)


def test_episodes_gaps_for_a_boom_with_every_measure():
    rows = [dict(episode=e, measure=m, value=1.0, headline="yes", estimate_by="X Y", period="p", measured="m",
                 source_id="s") for e in bubbles.EPISODES for m, _, _ in bubbles.MEASURES]
    comp = bubbles.comparison(pd.DataFrame(rows))
    assert bubbles.charted_measures(comp) == bubbles.MEASURES and bubbles.episodes_gaps(comp) == ""


def test_revenue_gap_legend_names_the_reports_multipliers_and_its_x_label_is_visible(d):
    chart_ = bubbles.revenue_gap(d, scenario(margin_multiplier=3.0))
    renderer = _drawn(chart_.fig)
    ax = chart_.fig.axes[0]
    legend = [t.get_text() for t in ax.get_legend().get_texts()]
    assert "Revenue needed (this report's multipliers, ×2 × 3)" in legend
    assert not any("your" in t.lower() for t in legend)
    label = ax.xaxis.label
    box, fig_box = label.get_window_extent(renderer), chart_.fig.bbox
    assert "\n" not in label.get_text() and label.get_text().startswith("US$ billions")
    assert fig_box.x0 <= box.x0 and box.x1 <= fig_box.x1 and fig_box.y0 <= box.y0
    # nothing drawn below covers it: the legend sits under it
    assert not ax.get_legend().get_window_extent(renderer).overlaps(box)


def test_asset_life_revenue_label_is_clear_of_the_depreciation_line(c):
    import numpy as np

    chart_ = bubbles.asset_life(c)
    renderer = _drawn(chart_.fig)
    ax = chart_.fig.axes[0]
    v = bubbles.lives(c)
    legend = [t.get_text() for t in ax.get_legend().get_texts()]
    assert f"Gen-AI economy revenue in {v.year} (projected): {bubbles.usd(v.revenue)}" in legend
    line = ax.get_lines()[0]  # depreciation
    xs = np.linspace(min(v.grid), max(v.grid), 400)
    points = ax.transData.transform(np.column_stack([xs, np.interp(xs, line.get_xdata(), line.get_ydata())]))
    for t in ax.texts:
        box = t.get_window_extent(renderer)
        assert not any(box.contains(x, y) for x, y in points), f"{t.get_text()!r} sits on the depreciation line"
    assert not any("your" in t.get_text().lower() for t in ax.texts)


def test_no_text_on_the_sections_charts_is_smaller_than_eleven_points(d, c):
    from matplotlib.text import Text

    for chart_ in every_chart(d, c):
        _drawn(chart_.fig)
        skip = {id(chart_.fig._suptitle)} | {id(t) for t in chart_.fig.texts if t.get_gid() == "source-line"}
        small = [(t.get_text()[:30], t.get_fontsize()) for t in chart_.fig.findobj(Text)
                 if t.get_visible() and t.get_text().strip() and id(t) not in skip and t.get_fontsize() < 11]
        assert not small, f"{chart_.name}: text under 11 pt: {small}"


# --- what revenue would justify the capex: the published cases side by side --------------------------

def test_revenue_required_chart_states_the_published_range_and_the_readers_setting(d):
    q = bubbles.required(d, scenario())
    chart_ = bubbles.revenue_required(d, scenario())
    low, high = q.cases["published"].min(), q.cases["published"].max()
    assert title(chart_) == (f"Published estimates of the revenue AI must earn range from {bubbles.usd(low)} to "
                             f"{bubbles.usd(high)} a year; on this report's setting {q.yours_year}'s capex needs "
                             f"{bubbles.usd(q.yours)}")
    for _, r in q.cases.iterrows():
        assert f"{r['label']}: {bubbles.usd(r['published'])} published" in chart_.alt
    assert set(d.required["source_id"]) <= set(chart_.sources)
    assert set(d.required["capex_source_id"].dropna()) <= set(chart_.sources)
    f = chart_.findings[0]
    assert f.shown == bubbles.usd(q.yours) and f.shown in f.sentence and f.how == q.yours_how
    # the reader's row: the latest reported capex, x2 data centre, /6 years, /50% (x2)
    assert q.yours == pytest.approx(q.yours_capex * 2 / 6 * 2)


def test_each_parameter_of_the_readers_row_moves_it(d):
    base = bubbles.required(d, scenario()).yours
    for change in (dict(required_return=0.1), dict(asset_life=4.0), dict(datacenter_multiplier=1.0),
                   dict(margin_multiplier=3.0), dict(ai_share_of_capex=0.5)):
        assert bubbles.required(d, scenario(**change)).yours != pytest.approx(base), change
    q = bubbles.required(d, scenario(required_return=0.1))
    assert q.yours == pytest.approx(q.yours_capex * 2 * (1 / 6 + 0.1) * 2)
    assert "10% return" in q.yours_how


def test_required_table_lists_every_case_its_verdict_and_the_readers_row(d):
    args = bubbles.required_table(d, scenario())
    frame = args["frame"]
    assert len(frame) == len(d.required) + 1
    assert frame.iloc[-1]["Estimate"].startswith("This report's setting")
    high = frame.set_index("Estimate").loc["Kupperman (Sep 2025, high end)"]
    assert high["Within rounding"] == "no" and "a life of 3.3 years (stated: 3 years)" == high[
        "What reproduces the published figure"]
    bain = frame.set_index("Estimate").loc["Bain (Sep 2025)"]
    assert bain["Within rounding"] == "an input not stated" and "25%" in bain["What reproduces the published figure"]
    assert "<td" in table_html(**args)
    text = bubbles.required_text(d, scenario())
    words = text["template"].format(**text)
    assert "5 of the 8 published figures follow" in words and "$6.5 trillion" in words


# --- how sure: the clock on draws of its assumptions -------------------------------------------------

def test_each_draw_equals_the_scalar_clock_exactly(d, c):
    m = bubbles.monte_carlo(c, RANGES + ", ai_share_of_capex 0.75:1:1", n=300)
    for k in range(0, 300, 23):
        values = {name: float(m.inputs[name][k]) for name in m.inputs}
        one = bubbles.clock(d, scenario(**values))
        assert m.many["year"].tolist() == one.table["year"].tolist()
        for column in ("capex", "depreciation", "revenue", "coverage"):
            assert np.array_equal(m.many[column][k], one.table[column].to_numpy(dtype=float), equal_nan=True), column
        assert (np.isnan(m.covers[k]) and one.covers is None) or m.covers[k] == one.covers


def test_monte_carlo_is_seeded_by_its_inputs(d, c):
    one, two = bubbles.monte_carlo(c, RANGES), bubbles.monte_carlo(c, RANGES)
    assert one.n == 10_000 and one.coverage.shape == (10_000, 5) and one.years.tolist() == list(range(2026, 2031))
    for key in ("capex", "depreciation", "revenue", "coverage"):
        assert one.many[key].tobytes() == two.many[key].tobytes()
    assert one.covers.tobytes() == two.covers.tobytes()
    other = bubbles.monte_carlo(c, RANGES.replace("0.7", "0.8"))
    assert not np.array_equal(one.inputs["ai_revenue_growth"], other.inputs["ai_revenue_growth"])
    elsewhere = bubbles.monte_carlo(bubbles.clock(d, scenario(end_year=2031)),
                                    RANGES, n=50)  # another setting, another seed
    assert not np.array_equal(bubbles.monte_carlo(c, RANGES, n=50).inputs["asset_life"], elsewhere.inputs["asset_life"])
    # an assumption without a range is held at its value in every draw
    fixed = bubbles.monte_carlo(c, "asset_life 2:6:6", n=50)
    assert set(fixed.inputs["ai_revenue_growth"]) == {0.5} and list(fixed.spreads) == ["asset_life"]


def test_monte_carlo_checks_its_ranges(c):
    with pytest.raises(ValueError, match="central value of asset_life's range is 5, but asset_life is 6"):
        bubbles.monte_carlo(c, "asset_life 2:5:6")
    with pytest.raises(ValueError, match="margin_multiplier is not an assumption of the depreciation clock's coverage"):
        bubbles.monte_carlo(c, "margin_multiplier 1:2:3")


def test_the_default_ranges_follow_the_data(d):
    from helpers.core import params, uncertainty
    from helpers.sections import by_slug

    declared = params.declared(by_slug("bubble-comparison"))
    ranges = uncertainty.parse(declared["ranges"].default)
    assert declared["ranges"].default == RANGES
    bounds = bubbles.sourced_bounds(d)
    assert ranges["asset_life"].low == bounds["asset_life low"]
    assert ranges["asset_life"].high == bounds["asset_life high"]
    assert ranges["capex_growth"].low == round(bounds["capex_growth low"], 2)
    assert ranges["ai_revenue_growth"].high == round(bounds["ai_revenue_growth high"], 2)
    # the revenue growth at the top of the range carries the latest figure to what Bain expects in 2030
    top = bubbles.clock(d, scenario(ai_revenue_growth=bounds["ai_revenue_growth high"])).table.set_index("year")
    expected = d.gap_row("bain_2030", "required_annual_revenue_2030")["value"] - \
        d.gap_row("bain_2030", "revenue_shortfall_2030")["value"]
    assert top.loc[2030, "revenue"] == pytest.approx(expected)


def test_coverage_fan_states_the_computed_shares(d, c):
    m = bubbles.monte_carlo(c, RANGES)
    mid, end = m.share_by(2028), m.share_by(2030)
    assert 0 <= mid <= end <= 1 and m.mid_year == 2028 and m.end_year == 2030
    chart_ = bubbles.coverage_fan(m)
    assert chart_.name == "bubble-comparison-coverage-fan" and chart_.deck
    share = bubbles.uncertainty.share_text
    assert title(chart_) == (f"AI revenue covers AI depreciation by 2028 in {share(mid)} of 10,000 draws of the "
                             f"assumptions, by 2030 in {share(end)}")
    finding = chart_.findings[0]
    assert finding.name == "bubble-comparison-coverage-chance" and finding.value == round(end, 3)
    assert finding.shown in finding.sentence and "10,000 draws" in finding.how and "70%" in finding.how
    assert set(bubbles.range_source_ids(d)) <= set(finding.sources) and finding.sources == chart_.sources
    assert {"bub-bain-tomshw-2025-09", "bub-rhk-itwc-2002", "bub-cnbc-itiger-2025-11-gpu-life"} <= set(chart_.sources)
    assert "10,000 draws" in chart_.alt and "median draw" in chart_.alt
    ax = chart_.fig.axes[0]
    assert "%" in ax.get_ylabel() and "year" in ax.get_xlabel().lower()
    # the central line is the single-number clock
    central = [line for line in ax.get_lines() if line.get_label() == "Central assumptions"][0]
    assert list(central.get_ydata()) == list(c.table["coverage"].dropna() * 100)


def test_the_ranges_move_the_finding_and_the_fan(c):
    narrow = bubbles.monte_carlo(c, "asset_life 5:6:6, capex_growth -0.05:0:0.05, ai_revenue_growth 0.45:0.5:0.55")
    wide = bubbles.monte_carlo(c, RANGES)
    assert bubbles.coverage_chance(narrow).sentence != bubbles.coverage_chance(wide).sentence
    spread = lambda m: np.ptp(m.coverage[:, -1])  # noqa: E731
    assert spread(narrow) < spread(wide)
    none = bubbles.monte_carlo(c, "", n=20)
    assert np.ptp(none.coverage, axis=0).max() == 0
    assert bubbles.drivers_sentence(none).startswith("Every assumption is held at one value")
    prose = bubbles.fan_prose(none)
    assert prose["template"].startswith("No assumption is given a range") and "a 6-year life" in prose["held"]


def test_fan_prose_names_what_drives_the_spread_in_reader_words(c):
    m = bubbles.monte_carlo(c, RANGES)
    ranked = bubbles.coverage_drivers(m)
    assert {name for name, _ in ranked} == {"asset_life", "capex_growth", "ai_revenue_growth"}
    assert abs(ranked[0][1]) >= abs(ranked[1][1]) >= abs(ranked[2][1])
    prose = bubbles.fan_prose(m)
    text = prose["template"].format(**{k: v for k, v in prose.items() if k != "template"})
    assert "_" not in text and "asset life 2 to 6 years" in text and "30% to 70% a year" in text
    assert "all of the capex counted as AI in every draw" in text
    assert text.count("correlates") == 1 and bubbles.RANGED[ranked[0][0]].lower() in text.lower()

