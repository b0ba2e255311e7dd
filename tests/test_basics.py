"""The Basics section's figures: charts, findings, tables and prose, from small hand-made frames
(numbers chosen to be checked by hand) and from data/."""
import numpy as np
import pandas as pd
import pytest

from helpers.core.cutoff import in_words
from helpers.core.present import Chart, Finding
from helpers.sections.basics import figures
from helpers.sections.basics import model

COLUMNS = ["company", "year", "period", "metric", "value", "unit", "status", "headline", "source_id", "note"]


def _row(year, metric, value, status="reported", source="s-rev", period="FY", headline="yes", note=None):
    unit = "pct" if metric == "gross_margin" else "usd_bn"
    return ["OpenAI", year, period, metric, value, unit, status, headline, source, note]


# 2024: revenue 10, costs 25 ($2.50 per $1), inference 4 (40¢). 2025 (the base year): revenue 20, cost of
# revenue 8 (gross margin 60%), costs 40 ($2.00 per $1, operating loss 20, other costs 32), inference 6 (30¢).
# 2026 projected: revenue 40, inference 10 (25¢); 2030 projected: revenue 200. Cumulative: losses 30 to 2028,
# cash burn 100 to 2029.
FINANCIALS = pd.DataFrame([
    _row(2024, "revenue", 10.0, source="s-rev24"),
    _row(2024, "total_expenses", 25.0, source="s-exp24"),
    _row(2024, "inference_compute_cost", 4.0, source="s-inf"),
    _row(2024, "net_loss", 16.0, source="s-loss"),
    _row(2025, "revenue", 20.0, source="s-rev25"),
    _row(2025, "total_expenses", 40.0, source="s-exp25"),
    _row(2025, "cost_of_revenue", 8.0, source="s-cor25"),
    _row(2025, "inference_compute_cost", 6.0, source="s-inf"),
    _row(2025, "inference_compute_cost", 5.5, source="s-other", headline="no", note="first half, annualized"),
    _row(2026, "revenue", 40.0, "projected", source="s-proj"),
    _row(2026, "inference_compute_cost", 10.0, "projected", source="s-proj"),
    _row(2028, "net_loss_cumulative", 30.0, "projected", source="s-proj", period="cumulative"),
    _row(2029, "cash_burn_cumulative", 100.0, "projected", source="s-burn", period="cumulative"),
    _row(2030, "revenue", 200.0, "projected", source="s-far"),
], columns=COLUMNS).astype({"year": "Int64"})

VALUATIONS = pd.DataFrame(
    [["2024-10", 150.0, "usd_bn", "round", "s-val1", None], ["2025-10", 400.0, "usd_bn", "round", "s-val2", None]],
    columns=["date", "valuation", "unit", "round", "source_id", "note"])

INDUSTRY = pd.DataFrame(
    [[fid, f"figure {fid}", 89.0, "pct", "2024", "s-ind", None] for fid in figures.INDUSTRY_FIGURES]
    + [["citi_extra", "not picked", 1.0, "usd_tn", "2029", "s-ind", None],
       ["openai_compute_margin_paid_2025_10", "margin, October 2025", 70.0, "pct", "2025-10", "s-margin25", None],
       ["openai_compute_margin_paid_2024_01", "margin, January 2024", 35.0, "pct", "2024-01", "s-margin24", None]],
    columns=["figure_id", "description", "value", "unit", "period", "source_id", "note"]).set_index("figure_id")
INDUSTRY.loc["citi_ai_infra_spend_2029", ["value", "unit"]] = [2.8, "usd_tn"]

IDS = ["s-rev24", "s-exp24", "s-inf", "s-loss", "s-rev25", "s-exp25", "s-cor25", "s-other", "s-proj", "s-burn", "s-far",
       "s-val1", "s-val2", "s-ind", "s-margin25", "s-margin24"]
SOURCES = pd.DataFrame({"source_id": IDS, "publisher": [f"Pub {i}" for i in IDS], "date": None})

CENTRAL = dict(revenue_growth=0.5, cost_growth=0.3, gross_margin=0.4)


@pytest.fixture()
def d():
    return figures.Frames(sources=SOURCES, financials=FINANCIALS, valuations=VALUATIONS, industry=INDUSTRY)


def source_line(chart: Chart) -> str:
    return " ".join(next(t for t in chart.fig.texts if t.get_gid() == "source-line").get_text().split())


def test_frames_derive_the_gap_and_the_base_year(d):
    assert d.base == model.BaseYear(2025, 20.0, 8.0, 40.0)
    assert list(d.gap.index) == [2024, 2025, 2026, 2030]
    assert d.gap.loc[2024, "cost_per_revenue_dollar"] == 2.5
    assert d.gap.loc[2025, "operating_loss"] == 20.0
    assert d.gap.loc[2026, "inference_per_revenue_dollar"] == 0.25
    assert d.gap is d.gap  # computed once


def test_load_reads_the_sections_files():
    d = figures.load()
    assert d.industry.index.name == "figure_id"
    assert set(figures.INDUSTRY_FIGURES) <= set(d.industry.index)
    assert d.base.year in d.gap.index


def test_sources_of_and_model_source_ids(d):
    assert figures.sources_of(FINANCIALS, ["revenue"], [2025]) == ["s-rev25"]
    assert figures.sources_of(FINANCIALS, ["inference_compute_cost"]) == ["s-inf", "s-inf", "s-proj"]
    assert figures.model_source_ids(d) == ["s-rev25", "s-exp25", "s-cor25", "assumption"]


def test_year_text():
    assert figures.year_text(2031) == "2031"
    assert figures.year_text(2031.0) == "2031"
    assert figures.year_text(None).startswith("never")
    assert figures.year_text(float("nan")).startswith("never")


def test_gap_prose_compares_first_and_latest_year(d):
    values = figures.gap_prose(d)
    text = values.pop("template").format(**values)
    assert "In 2024, OpenAI booked $10.0B of revenue against $25.0B" in text
    assert "$2.50 spent per dollar earned" in text
    assert "In 2025, revenue reached $20.0B and costs $40.0B, an operating loss of $20.0B" in text


def test_revenue_vs_costs(d):
    chart = figures.revenue_vs_costs(d)
    assert chart.name == "basics-revenue-vs-costs" and chart.deck
    assert chart.title == "OpenAI spent $2.00 for every $1 of revenue in 2025"
    assert "from 2024 to 2030" in chart.alt and "total costs for 2024, 2025" in chart.alt
    assert chart.sources == ("s-rev24", "s-exp24", "s-rev25", "s-exp25", "s-proj", "s-far")
    assert "Pub s-rev24" in source_line(chart)
    (found,) = chart.findings
    assert (found.name, found.value, found.shown) == ("basics-cost-per-revenue-dollar", 2.0, "$2.00")
    assert found.label == "OpenAI's costs per $1 of revenue (2025)"
    ax = chart.fig.axes[0]
    # revenue shown up to two years after the latest year with costs: 2030 would flatten the reported years
    assert [t.get_text() for t in ax.get_xticklabels()] == ["2024", "2025", "2026"]


def test_headline_table(d):
    t = figures.headline_table(d)
    assert list(t["frame"].columns) == ["Year", "Status", "Revenue ($B)", "Total costs ($B)", "Operating loss ($B)",
                                        "Net loss ($B)", "Cost per $1 of revenue"]
    assert list(t["frame"]["Year"]) == [2024, 2025, 2026, 2030]
    assert t["formats"]["Cost per $1 of revenue"](2.5) == "$2.50"
    assert t["formats"]["Net loss ($B)"](1234.5) == "1,234.50"
    assert t["source"].startswith("Pub s-rev24")
    assert t["caption"].startswith("OpenAI's headline figures by year")


def test_cost_to_serve(d):
    chart = figures.cost_to_serve(d)
    assert chart.title == "Running the models alone took 30¢ of every revenue dollar in 2025"
    assert chart.alt.endswith("2024: 40 cents, 2025: 30 cents, 2026: 25 cents.")
    assert chart.sources == ("s-rev24", "s-inf", "s-rev25", "s-proj", "s-far")
    (found,) = chart.findings
    assert (found.name, found.value, found.shown) == ("basics-inference-per-dollar", 30.0, "30¢")
    assert "in 2025" in found.sentence
    labels = [t.get_text() for t in chart.fig.axes[0].texts]
    assert "25¢ (projected)" in labels and "40¢" in labels


def test_compute_margin_table(d):
    t = figures.compute_margin_table(d)
    assert list(t["frame"]["As of"]) == ["2024-01", "2025-10"]
    assert list(t["frame"]["Compute margin (%)"]) == [35.0, 70.0]
    assert t["source"] == "Pub s-margin25; Pub s-margin24"


def test_inference_estimates_table_lists_every_estimate(d):
    t = figures.inference_estimates_table(d)
    frame = t["frame"]
    assert list(frame.columns) == ["Year", "Period", "Status", "Inference cost ($B)", "What it covers"]
    assert list(frame["Inference cost ($B)"]) == [4.0, 5.5, 6.0, 10.0]
    assert "first half, annualized" in list(frame["What it covers"])
    assert "Pub s-other" in t["source"]


def test_loss_items(d):
    items = figures.loss_items(FINANCIALS, None)
    assert list(items["label"]) == ["Projected cash burn (to 2029)", "Projected losses (to 2028)"]
    items = figures.loss_items(FINANCIALS, 60.0)
    assert list(items["label"]) == ["Projected cash burn (to 2029)", figures.MODEL_LOSS_LABEL,
                                    "Projected losses (to 2028)"]
    assert items.set_index("label").loc[figures.MODEL_LOSS_LABEL, "source_id"] == "assumption"


def test_losses_vs_valuation_title_branches():
    items = figures.loss_items(FINANCIALS, 60.0)
    assert figures.losses_vs_valuation_title(items, 400.0, 500.0) == \
        "Losses before break-even would exceed OpenAI's $400B valuation"
    assert figures.losses_vs_valuation_title(items, 400.0, 60.0) == \
        "Projected cash burn to 2029 equals 25% of OpenAI's $400B valuation"
    assert figures.losses_vs_valuation_title(items, 400.0, None).startswith("Projected cash burn to 2029 equals 25%")


def test_losses_vs_valuation(d):
    expected_loss = model.cumulative_loss_to_break_even(d.base, **CENTRAL)
    chart = figures.losses_vs_valuation(d, **CENTRAL)
    assert chart.name == "basics-losses-vs-valuation"
    when = d.valuations.sort_values("date").iloc[-1]["date"]
    assert chart.title == figures.losses_vs_valuation_title(figures.loss_items(FINANCIALS, expected_loss), 400.0,
                                                            expected_loss, when)
    assert expected_loss > 400  # the model's losses exceed the valuation
    assert chart.title == f"Losses before break-even would exceed OpenAI's $400B valuation ({in_words(when)})"
    assert chart.alt == (f"Horizontal bar chart comparing OpenAI's $400B valuation ({in_words(when)}) with "
                         f"{figures.MODEL_LOSS_LABEL}: ${expected_loss:,.0f}B; Projected cash burn (to 2029): $100B; "
                         "Projected losses (to 2028): $30B.")
    assert chart.sources == ("s-val2", "assumption", "s-burn", "s-proj")
    (found,) = chart.findings
    assert (found.name, found.value, found.shown) == ("basics-burn-vs-valuation", 0.25, "25%")
    assert found.sentence == ("OpenAI's own projection of cash burn to 2029 ($100B) equals 25% of its $400B valuation "
                              "(October 2025).")
    assert found.label == "Projected cash burn to 2029 / valuation (October 2025)"
    labels = [t.get_text() for t in chart.fig.axes[0].get_yticklabels()]
    assert labels[0] == "Valuation (2025-10)"
    # breaking even soon: small model losses, and the title compares the projected burn instead
    quick = figures.losses_vs_valuation(d, revenue_growth=1.0, cost_growth=0.0, gross_margin=0.6)
    assert quick.title == "Projected cash burn to 2029 equals 25% of OpenAI's $400B valuation (October 2025)"


def test_burn_needs_a_cumulative_burn_row(d):
    items = figures.loss_items(FINANCIALS[FINANCIALS["metric"] != "cash_burn_cumulative"], None)
    with pytest.raises(ValueError, match="cash_burn_cumulative"):
        figures.burn_vs_valuation(d, items)


def test_industry_table(d):
    t = figures.industry_table(d)
    frame = t["frame"]
    assert list(frame.columns) == ["Figure", "Value", "Period"]
    assert len(frame) == len(figures.INDUSTRY_FIGURES)
    values = dict(zip(frame["Figure"], frame["Value"]))
    assert values["figure ibm_compute_cost_increase"] == "89%"
    assert values["figure citi_ai_infra_spend_2029"] == "$2.8 trillion"
    assert "not picked" not in list(frame["Figure"])
    assert t["source"] == "Pub s-ind"


@pytest.mark.parametrize("be_year, text", [
    (2030, "breaks even in 2030"),
    (2040, "is still losing money in 2035 and breaks even only in 2040"),
    (None, "is still losing money in 2035 and does not break even within a century"),
])
def test_outcome_text(be_year, text):
    assert figures.outcome_text(be_year, 2035) == text


def test_required_text():
    assert figures.required_text(0.531, 2035) == "Breaking even by 2035 needs revenue growth of at least 53% a year."
    assert figures.required_text(None, 2035) == "No rate of revenue growth breaks even at this gross margin."


def test_break_even_prose(d):
    values = figures.break_even_prose(d, **CENTRAL, horizon=10)
    text = values.pop("template").format(**values)
    be_year = model.break_even_year(d.base, **CENTRAL)
    assert "Base year 2025: revenue $20.0B, cost of revenue $8.0B (gross margin 60%), other costs $32.0B." in text
    assert "With revenue growing 50% a year, other costs 30% and a gross margin of 40%" in text
    assert f"OpenAI breaks even in {be_year}." in text
    required = model.required_revenue_growth(d.base, 0.3, 0.4, 10)
    assert f"at least {required:.0%} a year" in text


def test_break_even_findings(d):
    year, needed = figures.break_even_findings(d, **CENTRAL, horizon=10)
    be_year = model.break_even_year(d.base, **CENTRAL)
    assert (year.name, year.value, year.shown) == ("basics-break-even-year", be_year, str(be_year))
    assert f"operating profit in {be_year}" in year.sentence
    required = model.required_revenue_growth(d.base, 0.3, 0.4, 10)
    assert (needed.name, needed.kind, needed.value) == ("basics-growth-needed", "condition", round(required, 3))
    assert needed.label == "Revenue growth needed to break even by 2035"
    # no margin: no year, and no growth that would do it
    (never,) = figures.break_even_findings(d, 0.5, 0.3, 0.0, 10)
    assert (never.value, never.shown) == (None, "never")


def test_break_even_projection(d):
    be_year = model.break_even_year(d.base, **CENTRAL)
    chart = figures.break_even_projection(d, **CENTRAL, horizon=10)
    assert chart.name == "basics-break-even-projection" and chart.deck
    assert chart.title == f"On these assumptions OpenAI first turns a profit in {be_year}"
    assert chart.alt.endswith(f"from 2025 to 2035 under the stated assumptions; revenue overtakes costs in {be_year}.")
    assert chart.sources == ("s-rev25", "s-exp25", "s-cor25", "assumption")
    assert [f.name for f in chart.findings] == ["basics-break-even-year", "basics-growth-needed"]
    short = figures.break_even_projection(d, **CENTRAL, horizon=1)
    assert short.title == "On these assumptions OpenAI is still losing money in 2026"
    assert short.alt.endswith("costs stay above revenue through 2026.")


def test_most_sensitive():
    table = pd.DataFrame({"parameter": ["cost_growth"], "low_year": [2030], "high_year": [None]})
    found = figures.most_sensitive(table, 0.1)
    assert found.kind == "condition"
    assert found.sentence == ("Operating-cost growth moves the break-even year most: ±10 points shifts it from 2030 "
                              "to never (within the search window).")


def test_break_even_sensitivity(d):
    table = model.sensitivity(d.base, CENTRAL, 0.1)
    top = table.iloc[0]
    chart = figures.break_even_sensitivity(d, **CENTRAL, step=0.1)
    assert chart.name == "basics-break-even-sensitivity"
    assert chart.title == (f"{figures.LABELS[top['parameter']]} moves the break-even year most: "
                           f"{figures.year_text(top['low_year'])} to {figures.year_text(top['high_year'])}")
    assert "down and up by 10 percentage points" in chart.alt
    for row in table.itertuples():
        assert f"{figures.LABELS[row.parameter]} {figures.year_text(row.low_year)} to " in chart.alt
    assert source_line(chart) == "Source: " + figures.MODEL_SOURCE
    assert chart.sources == ("s-rev25", "s-exp25", "s-cor25", "assumption")
    assert chart.findings == (figures.most_sensitive(table, 0.1),)
    central = table.attrs["central_year"]
    assert chart.fig.axes[0].get_xlabel() == f"Break-even year (central case: {central})"


def _extents(chart):
    """The drawn extents (display units) of the first axes, its bar-end labels, tick labels and legend."""
    fig = chart.fig
    fig.draw_without_rendering()
    renderer = fig._get_renderer()
    ax = fig.axes[0]
    return (ax, ax.get_window_extent(renderer), [t.get_window_extent(renderer) for t in ax.texts],
            [t.get_window_extent(renderer) for t in ax.get_yticklabels()],
            ax.get_legend().get_window_extent(renderer))


@pytest.mark.parametrize("assumptions", [CENTRAL, dict(revenue_growth=0.12, cost_growth=0.1, gross_margin=0.45),
                                         dict(revenue_growth=0.9, cost_growth=0.0, gross_margin=0.9)])
def test_break_even_sensitivity_labels_sit_clear_of_the_axis_and_each_other(d, assumptions):
    chart = figures.break_even_sensitivity(d, **assumptions, step=0.1)
    ax, box, labels, ticks, legend = _extents(chart)
    assert labels and all(t.get_fontsize() >= 11 for t in ax.texts)
    pad = 5 * chart.fig.dpi / 72  # at least 5 points inside the axes on both sides
    for label in labels:
        assert label.x0 >= box.x0 + pad and label.x1 <= box.x1 - pad
        assert not any(label.overlaps(tick) for tick in ticks)
        assert not label.overlaps(legend)
    for i, a in enumerate(labels):
        assert not any(a.overlaps(b) for b in labels[i + 1:])
    assert legend.y0 >= box.y1  # above the bars, not over them


def test_bar_end_labels():
    # opposite sides: one label at each end, outside the bar
    assert figures.bar_end_labels(2033, 2049, 2037, 2126) == [(2033.0, "2033", "left"), (2049.0, "2049", "right")]
    # no break-even within the search: labelled with the last year searched, placed at the cap
    assert figures.bar_end_labels(2030, None, 2037, 2126) == [(2030.0, "2030", "left"), (2126.0, "not by 2125", "right")]
    # same side, or the same year: one shared label at the farther end, never two on top of each other
    assert figures.bar_end_labels(2038, 2040, 2037, 2126) == [(2040.0, "2038 / 2040", "right")]
    assert figures.bar_end_labels(None, None, 2037, 2126) == [(2126.0, "not by 2125", "right")]


def test_small_text_is_at_least_11_points(d):
    charts = [figures.revenue_vs_costs(d), figures.cost_to_serve(d), figures.losses_vs_valuation(d, **CENTRAL),
              figures.break_even_projection(d, **CENTRAL, horizon=10), figures.break_even_sensitivity(d, **CENTRAL, step=0.1),
              figures.break_even_grid(d, **CENTRAL, horizon=10)]
    for chart in charts:
        for ax in chart.fig.axes:
            sizes = [t.get_fontsize() for t in ax.texts]
            legend = ax.get_legend()
            sizes += [t.get_fontsize() for t in legend.get_texts()] if legend else []
            assert all(size >= 11 for size in sizes), (chart.name, sizes)


def test_annotations_are_drawn_inside_the_axes(d):
    serve = figures.cost_to_serve(d)
    projection = figures.break_even_projection(d, **CENTRAL, horizon=10)
    for chart, text in ((serve, "100¢: compute alone would eat all revenue"), (projection, "reported | projected")):
        fig = chart.fig
        fig.draw_without_rendering()
        renderer = fig._get_renderer()
        ax = fig.axes[0]
        (label,) = [t for t in ax.texts if t.get_text() == text]
        box, extent = ax.get_window_extent(renderer), label.get_window_extent(renderer)
        assert label.get_visible() and extent.width > 0
        assert box.x0 <= extent.x0 and extent.x1 <= box.x1 and box.y0 <= extent.y0 and extent.y1 <= box.y1


def test_shading_says_what_it_is(d):
    projection = figures.break_even_projection(d, **CENTRAL, horizon=10)
    assert "Loss" in [t.get_text() for t in projection.fig.axes[0].get_legend().get_texts()]
    grid = figures.break_even_grid(d, **CENTRAL, horizon=10)
    assert "grey" in grid.fig.axes[0].collections[0].colorbar.ax.get_ylabel()


def test_break_even_grid_table_and_cells(d):
    table = figures.break_even_grid_table(d, 0.4)
    assert list(table.index) == list(figures.GRID_REVENUE_GROWTHS) and len(table.index) == 11
    assert list(table.columns) == list(figures.GRID_COST_GROWTHS) and len(table.columns) == 7
    assert table.loc[0.5, 0.3] == model.break_even_year(d.base, 0.5, 0.3, 0.4)
    cells = figures.grid_cells(pd.DataFrame([[2030.0, 2036.0], [np.nan, 2035.0]]), 2035)
    assert cells.values.tolist() == [["2030", "–"], ["–", "2035"]]


def test_break_even_grid_is_a_seaborn_heat_map(d):
    chart = figures.break_even_grid(d, **CENTRAL, horizon=10)
    required = model.required_revenue_growth(d.base, 0.3, 0.4, 10)
    assert chart.name == "basics-break-even-grid"
    assert chart.title == f"To break even by 2035, revenue must grow {required:.0%} a year if costs grow 30%"
    assert chart.alt.startswith("Heat map of the break-even year for yearly revenue growth from 0% to 100% (rows) "
                                "and operating-cost growth from 0% to 60% (columns) at a 40% gross margin")
    assert chart.alt.endswith("cells blank where break-even comes after 2035.")
    assert chart.sources == ("s-rev25", "s-exp25", "s-cor25", "assumption")
    ax = chart.fig.axes[0]
    table = figures.break_even_grid_table(d, 0.4)
    labels = figures.grid_cells(table, 2035)
    # highest revenue growth on top, as before
    assert ax.get_yticklabels()[0].get_text() == "100%" and ax.get_yticklabels()[-1].get_text() == "0%"
    assert [t.get_text() for t in ax.get_xticklabels()] == ["0%", "10%", "20%", "30%", "40%", "50%", "60%"]
    # one label per cell, in the cell it describes; blank cells are masked (drawn in the blank colour)
    shown = {}
    for text in ax.texts:
        x, y = text.get_position()
        shown[(len(table.index) - 1 - int(y), int(x))] = text.get_text()
    assert len(ax.texts) == table.size
    assert all(shown[i, j] == labels.iat[i, j] for i in range(len(table.index)) for j in range(len(table.columns)))
    mesh = ax.collections[0]
    assert int(np.ma.count_masked(mesh.get_array())) == int((labels.to_numpy() == "–").sum())
    # the colour bar's label says what the grey cells marked "–" are
    assert mesh.colorbar.ax.get_ylabel() == "Break-even year (grey, –: not by 2035)"
    # year labels: dark on the lighter (earlier) half of the scale, white on the darker half
    colours = {text.get_text(): text.get_color() for text in ax.texts}
    years = sorted(int(v) for v in labels.to_numpy().ravel() if v != "–")
    assert colours[str(years[0])] == figures.INK and colours[str(years[-1])] == "white"
    assert colours["–"] == figures.PALETTE["neutral"]


def test_break_even_grid_without_a_margin_is_blank(d):
    chart = figures.break_even_grid(d, 0.5, 0.3, 0.0, horizon=3)
    assert chart.title == "No revenue growth reaches break-even by 2028 at this margin"
    assert {t.get_text() for t in chart.fig.axes[0].texts} == {"–"}


def test_charts_from_the_data_state_their_findings():
    d = figures.load()
    chart = figures.revenue_vs_costs(d)
    last = int(d.gap.dropna(subset=["revenue", "total_expenses"]).index.max())
    ratio = d.gap.loc[last, "cost_per_revenue_dollar"]
    assert chart.title == f"OpenAI spent ${ratio:.2f} for every $1 of revenue in {last}"
    assert set(chart.sources) <= set(d.sources["source_id"])
    (burn,) = figures.losses_vs_valuation(d, **CENTRAL).findings
    row = d.financials[(d.financials["metric"] == "cash_burn_cumulative") & (d.financials["headline"] == "yes")]
    assert burn.value == round(float(row["value"].iloc[0] / figures.latest_valuation(d)["valuation"]), 3)
    required = model.required_revenue_growth(d.base, 0.3, 0.4, 10)
    assert f"revenue must grow {required:.0%} a year" in figures.break_even_grid(d, **CENTRAL, horizon=10).title
    assert all(isinstance(f, Finding) for f in figures.break_even_findings(d, **CENTRAL, horizon=10))


def test_data_the_model_cannot_use_is_refused_when_loading(data_copy, monkeypatch):
    path = data_copy / "openai_financials.csv"
    path.write_text("\n".join(l for l in path.read_text().splitlines() if ",total_expenses," not in l) + "\n")
    monkeypatch.setenv("AI_BUBBLE_DATA", str(data_copy))
    with pytest.raises(ValueError, match="no year has reported revenue and total_expenses for OpenAI"):
        figures.load()


# ---------------------------------------------------------------------------------------------
# The Monte Carlo

RANGES = "revenue_growth 0.3:0.5:0.68, cost_growth 0.15:0.3:0.45, gross_margin 0.33:0.4:0.43"


@pytest.mark.parametrize("g, c, m, horizon", [(0.5, 0.3, 0.4, 10), (0.68, 0.15, 0.43, 40), (-0.2, 0.9, -0.3, 7),
                                              (0.3123456789, 0.1987654321, 0.3333333333, 25), (2.5, -0.4, 1.0, 3)])
def test_vectorized_model_equals_the_scalar_model_exactly(d, g, c, m, horizon):
    many = model.project_many(d.base, [g, 0.1], [c, 0.1], [m, 0.1], horizon)
    one = model.project(d.base, g, c, m, horizon)
    assert many["year"].tolist() == one["year"].tolist()
    for column in ("revenue", "cost_of_revenue", "operating_costs", "total_costs", "profit"):
        assert many[column][0].tolist() == one[column].tolist(), column
    years = model.break_even_years(d.base, [g], [c], [m], max_years=100)
    scalar = model.break_even_year(d.base, g, c, m, max_years=100)
    assert (np.isnan(years[0]) and scalar is None) or years[0] == scalar


def test_vectorized_model_on_every_draw(d):
    m = figures.monte_carlo(d, 0.5, 0.3, 0.4, 10, RANGES, n=300)
    for k in range(0, 300, 37):
        args = {name: float(m.inputs[name][k]) for name in m.inputs}
        assert m.paths["profit"][k].tolist() == model.project(d.base, **args, horizon=10)["profit"].tolist()
        scalar = model.break_even_year(d.base, **args, max_years=figures.SEARCH_YEARS)
        assert (np.isnan(m.years[k]) and scalar is None) or m.years[k] == scalar


def test_vectorized_model_refuses_impossible_draws(d):
    with pytest.raises(ValueError, match="growth rates must be above"):
        model.project_many(d.base, [0.5, -1.0], 0.3, 0.4, 10)
    with pytest.raises(ValueError, match="gross_margin must be a fraction"):
        model.break_even_years(d.base, 0.5, 0.3, [0.4, 1.5])


def test_monte_carlo_is_seeded_by_its_inputs(d):
    one, two = (figures.monte_carlo(d, 0.5, 0.3, 0.4, 10, RANGES) for _ in range(2))
    assert one.n == 10_000 and one.paths["profit"].shape == (10_000, 11)
    assert one.paths["profit"].tobytes() == two.paths["profit"].tobytes()
    assert one.years.tobytes() == two.years.tobytes()
    other = figures.monte_carlo(d, 0.5, 0.3, 0.4, 10, RANGES.replace("0.68", "0.7"))
    assert not np.array_equal(one.inputs["revenue_growth"], other.inputs["revenue_growth"])
    # an assumption without a range is held at its value in every draw
    fixed = figures.monte_carlo(d, 0.5, 0.3, 0.4, 10, "revenue_growth 0.3:0.5:0.68", n=50)
    assert set(fixed.inputs["gross_margin"]) == {0.4} and list(fixed.spreads) == ["revenue_growth"]


def test_monte_carlo_checks_its_ranges(d):
    with pytest.raises(ValueError, match="central value of revenue_growth's range is 0.5, but revenue_growth is 0.6"):
        figures.monte_carlo(d, 0.6, 0.3, 0.4, 10, RANGES)
    with pytest.raises(ValueError, match="horizon is not an assumption of the break-even model"):
        figures.monte_carlo(d, 0.5, 0.3, 0.4, 10, "horizon 1:10:20")


def test_break_even_fan_states_the_computed_shares(d):
    m = figures.monte_carlo(d, 0.5, 0.3, 0.4, 10, RANGES)
    mid, end = m.share_by(2030), m.share_by(2035)
    assert 0 <= mid <= end <= 1 and m.mid_year == 2030 and m.end_year == 2035
    chart = figures.break_even_fan(d, m)
    assert chart.name == "basics-break-even-fan"
    assert f"by 2030 in {figures.share_text(mid)} of 10,000 draws" in chart.title
    assert f"by 2035 in {figures.share_text(end)}" in chart.title
    finding = chart.findings[0]
    assert finding.value == round(end, 3) and finding.shown in finding.sentence and "10,000 draws" in finding.how
    assert chart.sources == tuple(dict.fromkeys([*figures.model_source_ids(d), *figures.range_source_ids(d)]))
    assert finding.sources == chart.sources
    assert "10,000 draws" in chart.alt and "median draw" in chart.alt
    ax = chart.fig.axes[0]
    assert "US$ billions" in ax.get_ylabel() and "year" in ax.get_xlabel().lower()
    for text in chart.fig.findobj(lambda a: hasattr(a, "get_fontsize") and hasattr(a, "get_text")):
        if text.get_text().strip():
            assert text.get_fontsize() >= 10  # the source line is 10 pt; everything else 11 or more


def test_share_text_and_drivers(d):
    assert [figures.share_text(s) for s in (0, 0.004, 0.35, 0.996, 1)] == ["none", "under 1%", "35%", "over 99%", "100%"]
    m = figures.monte_carlo(d, 0.5, 0.3, 0.4, 10, RANGES)
    ranked = figures.spread_drivers(m)
    assert {name for name, _ in ranked} == {"revenue_growth", "cost_growth", "gross_margin"}
    assert abs(ranked[0][1]) >= abs(ranked[1][1]) >= abs(ranked[2][1])
    sentence = figures.drivers_sentence(m)
    assert sentence.startswith(figures.LABELS[ranked[0][0]]) and "_" not in sentence
    prose = figures.fan_prose(m)
    assert prose["n"] == "10,000" and "30% to 68%" in prose["ranges"]
    fixed = figures.monte_carlo(d, 0.5, 0.3, 0.4, 10, "", n=20)
    assert figures.drivers_sentence(fixed).startswith("Every assumption is held at one value")
