import re

import pandas as pd
import pytest

from helpers.sections.concentration_risk import figures as con


def test_decimal_year_places_readings_by_precision():
    assert con.decimal_year("2015") == (2015.5, 0.5)  # only the year: mid-year, spread over it
    x, spread = con.decimal_year("2000-03")
    assert x == pytest.approx(2000 + 2.5 / 12) and spread == pytest.approx(1 / 24)
    x, spread = con.decimal_year("2024-12-31")  # 2024 is a leap year: day 366 of 366
    assert x == pytest.approx(2024 + 365.5 / 366) and spread == 0.0


def test_date_words():
    assert con.date_words("2000-03") == "March 2000"
    assert con.date_words("2024-12-31") == "31 December 2024"
    assert con.date_words("2015") == "2015"


def test_missing_years_compacts_ranges():
    assert con.missing_years([2015, 2019, 2023, 2024, 2025], 2015, 2025) == "2016–2018, 2020–2022"
    assert con.missing_years([1999, 2001], 1999, 2002) == "2000, 2002"
    assert con.missing_years(range(2000, 2005), 2000, 2004) == "none"


def test_effective_number_from_hhi():
    assert con.effective_n_from_hhi(20) == 500  # 500 equal weights of 0.2%
    assert con.effective_n_from_hhi(125) == 80
    with pytest.raises(ValueError):
        con.effective_n_from_hhi(0)


def test_weight_sets_add_share_classes_and_bound_effective_number():
    rows = [("Apple", "all", 10.0), ("Microsoft", "all", 10.0), ("Nvidia", "all", 5.0), ("Amazon", "all", 5.0),
            ("Meta", "all", 5.0), ("Alphabet", "class A", 3.0), ("Alphabet", "class C", 2.0), ("Tesla", "all", 0.0)]
    weights = pd.DataFrame([{"company": c, "share_class": k, "weight": w, "unit": "pct", "as_of": "2025-01-01",
                             "source_id": "s", "note": None} for c, k, w in rows])
    partial = weights[weights["company"] != "Tesla"].assign(as_of="2025-02-01")
    sets = con.weight_sets(pd.concat([weights, partial]))
    assert len(sets) == 1  # the set without Tesla is not complete
    row = sets.iloc[0]
    assert row["Alphabet"] == 5.0
    assert row["seven_total"] == 40.0
    assert row["hhi_seven"] == 100 + 100 + 25 * 4  # 300
    assert row["effective_n_at_most"] == pytest.approx(10_000 / 300)


def test_fall_and_loss_texts():
    assert con.fall_text(0.2258) == "−22.6%"
    assert con.fall_text(-0.05) == "+5.0%"
    assert con.fall_text(0.0) == "0%"
    assert con.loss_text(7334.9) == "−$7,335"
    assert con.loss_text(-50) == "+$50"
    assert con.loss_text(0.2) == "$0"


def test_doubling_years():
    assert con.doubling_years(100) == pytest.approx(1.0)
    assert con.doubling_years(0) is None


def test_shipped_data_gives_the_section_its_anchors():
    from helpers.core import data

    history = data.load("concentration_history.csv")
    assert con.peak_2000(history)["value"] > 0
    assert con.latest(history, "mag7_weight")["value"] > 0
    capex = data.load("concentration_capex.csv")
    growth = con.capex_growth(capex, con.gap_year(capex))
    assert set(growth) == {"mag7", "sp500_ex_mag7"}
    ret = data.load("retirement_figures.csv")
    share, ids, _ = con.tdf_equity_share(ret)
    assert 0 < share <= 1 and len(ids) == 2
    assert not con.past_falls(ret).empty


def test_reading_near():
    history = pd.DataFrame([{"measure": "mag7_weight", "as_of": "2023-01-01", "value": 20.0, "headline": "no"},
                            {"measure": "mag7_weight", "as_of": "2023-12-31", "value": 28.0, "headline": "yes"}])
    assert con.reading_near(history, "mag7_weight", "2022-12-31")["value"] == 20.0
    with pytest.raises(ValueError, match="within 31 days"):
        con.reading_near(history, "mag7_weight", "2023-06-30")


# ------------------------------------------------------------------------------------------ what the notebook shows
from helpers.core.present import Chart, Finding  # noqa: E402
from helpers.sections.concentration_risk import model as drawdown  # noqa: E402

DEFAULTS = dict(seven_fall=0.413, rest_beta=0.31, balance_usd=38176.0, stock_share=0.851, bond_fall=0.0)


@pytest.fixture(scope="module")
def d():
    return con.load()


@pytest.fixture(scope="module")
def s(d):
    return con.scenario(d, **DEFAULTS)


def _text(paragraph: dict) -> str:
    """A prose dict as the reader sees it (values unescaped)."""
    values = dict(paragraph)
    return values.pop("template").format(**values)


def _source_line(chart: Chart) -> str:
    return " ".join(next(t for t in chart.fig.texts if t.get_gid() == "source-line").get_text().split())


def _history(rows):
    return pd.DataFrame([{"measure": m, "as_of": a, "value": v, "unit": "pct", "headline": h, "source_id": "s",
                          "note": n} for m, a, v, h, n in rows])


def test_reading_date_words_uses_the_note_only_to_place_a_bare_year():
    row = pd.Series({"as_of": "2025", "note": "Goldman chart via SKN: 'As of mid-2025'"})
    assert con.reading_date_words(row) == "mid-2025"
    assert con.reading_date_words(pd.Series({"as_of": "2024", "note": "figure at the End of 2024"})) == "end of 2024"
    unplaced = pd.Series({"as_of": "2015", "note": "'in 2015'; date within 2015 not stated"})
    assert con.reading_date_words(unplaced) == "2015"
    assert con.reading_date_words(pd.Series({"as_of": "2025", "note": "revised in mid-2026"})) == "2025"
    assert con.reading_date_words(pd.Series({"as_of": "2025", "note": None})) == "2025"
    assert con.reading_date_words(pd.Series({"as_of": "2000-03", "note": "mid-2000"})) == "March 2000"
    assert con.reading_date_words({"as_of": "2024-12-31"}) == "31 December 2024"


def test_history_pickers_on_hand_made_readings():
    history = _history([("top10_weight", "2020", 25.0, "yes", None), ("top10_weight", "2021-06", 30.0, "yes", None),
                        ("top10_weight", "2022", 30.0, "yes", None), ("top10_weight", "2023", 40.0, "no", None),
                        ("top10_weight_long_run_average", "2019-01", 20.0, "yes", None),
                        ("top10_weight_long_run_average", "2023-01", 22.0, "yes", None),
                        ("mag7_weight", "2021-06", 21.5, "no", None)])
    assert con.highest(history, "top10_weight")["as_of"] == "2022"  # headline only; the later of two equal
    assert con.long_run_average(history)["value"] == 22.0  # the latest
    assert con.seven_weight_on(history, "2021-06") == 21.5
    assert con.seven_weight_on(history, "2021-07") is None
    with pytest.raises(ValueError, match="long_run_average"):
        con.long_run_average(history[history["measure"] != "top10_weight_long_run_average"])


def test_beta_calibration_backs_beta_out_of_the_year(d):
    ret = pd.DataFrame([{"measure": "calendar_year_return", "subject": subject, "value": value, "unit": "pct",
                         "period": "2022", "headline": "yes", "source_id": sid, "note": None}
                        for subject, value, sid in (("Magnificent Seven", -40.0, "a"), ("S&P 500", -20.0, "b"))])
    history = _history([("mag7_weight", "2023-01-01", 20.0, "yes", None)])
    calib = con.beta_calibration(history, ret)
    expected = drawdown.implied_beta(-0.40, -0.20, 0.20)
    # start weight 0.2 * 0.8 / 0.6 = 0.2667; the rest -(0.2 - 0.2667*0.4)/0.7333 = -0.1273; beta 0.318
    assert calib.seven_weight_start == pytest.approx(expected["seven_weight_start"]) == pytest.approx(0.8 / 3)
    assert calib.beta == pytest.approx(expected["beta"])
    assert (calib.seven_return["source_id"], calib.index_return["source_id"]) == ("a", "b")
    assert calib.weight_end["as_of"] == "2023-01-01"
    real = con.beta_calibration(d.history, d.ret)
    assert f"{real.beta:.2f}" == f"{DEFAULTS['rest_beta']:.2f}"  # the parameter's default is this calibration


def test_scenario_takes_the_seven_s_latest_weight_and_runs_the_model(d, s):
    assert s.seven_weight == pytest.approx(d.seven_now["value"] / 100) == pytest.approx(0.343)
    assert s.result == drawdown.scenario(s.seven_weight, 0.413, 0.31, 38176.0, 0.851, 0.0)
    assert s.result["index_fall"] == pytest.approx(0.343 * 0.413 + 0.657 * 0.31 * 0.413)


def test_balance_losses_add_the_parameter_balance(d, s):
    rows = con.balance_losses(d.ret, s)
    data_rows, own = rows.iloc[:-1], rows.iloc[-1]
    assert list(data_rows["value"]) == list(con.balances(d.ret)["value"])
    assert data_rows["fund_loss_usd"].tolist() == pytest.approx((data_rows["value"] * s.result["index_fall"]).tolist())
    assert own["value"] == 38176.0 and own["source_id"] == "assumption"
    assert own["mix_loss_usd"] == pytest.approx(s.result["mix_loss_usd"])


def test_history_chart_and_its_finding(d):
    chart = con.history_chart(d)
    assert isinstance(chart, Chart) and chart.name == "concentration-risk-history" and chart.deck
    assert chart.title == "Ten stocks now hold 37% of the S&P 500, above the 27% of the 2000 peak"
    assert "the top ten reached 37% against 27% at the 2000 peak, and the seven 34.3%" in chart.alt
    assert "(1999 to 2025)" in chart.alt and "(2015 to 2025)" in chart.alt
    plotted = set(con.history_plotted(d.history)["source_id"])
    assert set(chart.sources) == plotted and len(chart.sources) == len(plotted)
    finding = con.top10_finding(d)
    assert isinstance(finding, Finding) and finding.name == "concentration-risk-top10"
    assert (finding.value, finding.shown) == (37.0, "37% (27%)")
    assert "the seven alone hold 34.3%" in finding.sentence


def test_history_prose_states_the_dates_the_rows_give(d):
    text = _text(con.history_prose(d))
    assert "held 37% of the S&P 500 in mid-2025, against 27% at the dot-com peak (March 2000)" in text
    assert "40-year average of 22%" in text and "The highest headline reading is 38.7% (31 December 2024)" in text
    assert "34.3% on 15 December 2025, up from 12.3% in 2015: they now weigh more than" in text
    assert "26.6% of S&P 500 profits against 34.2% of its market value (19 August 2025" in text


def test_history_prose_without_a_matching_weight_says_so():
    history = _history([("top10_weight", "2000-03", 27.0, "yes", None),
                        ("top10_weight", "2025", 37.0, "yes", "As of mid-2025"),
                        ("top10_weight_long_run_average", "2023-06-30", 22.0, "yes", None),
                        ("mag7_weight", "2015", 12.0, "yes", None), ("mag7_weight", "2025-12-15", 20.0, "yes", None),
                        ("mag7_earnings_share", "2025-08-19", 26.6, "yes", None)])
    frames = con.Frames(pd.DataFrame(), history, pd.DataFrame(), pd.DataFrame(), pd.DataFrame(), pd.DataFrame())
    values = con.history_prose(frames)
    assert values["earn_weight"] == "n/a" and values["vs_peak"] == "less" and values["top_now_date"] == "mid-2025"


def test_history_tables_and_missing_years(d):
    yearly = con.yearly_readings_table(d)
    assert set(yearly) == {"frame", "caption", "source", "formats"}
    assert yearly["frame"].equals(con.yearly_table(d.history))
    assert yearly["source"].endswith("more (every source is listed in the Sources appendix)")
    others = con.other_readings_table(d)
    assert list(others["frame"].columns) == ["As of", "Measure", "Value (%)", "Source id", "Why it is not the headline"]
    assert len(others["frame"]) == (d.history["headline"] == "no").sum()
    assert set(others["frame"]["Measure"]) == {"Seven's weight", "Top-10 weight"}
    text = _text(con.missing_years_prose(d))
    assert "the seven's weight, 2016–2018, 2020–2022 (of 2015–2025)" in text
    assert "the top-10 weight, 2002–2009, 2011–2013, 2015, 2017, 2019 (of 1999–2025)" in text


def test_effective_number_prose_chart_and_weights_table(d):
    text = _text(con.effective_n_prose(d))
    assert "In March 2000 the S&P 500's HHI was 123: as concentrated as 81 equal-weighted stocks" in text
    assert "By 31 May 2024 it was 184 (54 stocks)" in text and "effective number at 46 at 31 December 2024" in text
    chart = con.effective_n_chart(d)
    assert chart.name == "concentration-risk-effective-number" and not chart.deck
    assert chart.title == "The index now behaves like 46 equal-weighted stocks, down from 81 in 2000"
    assert "March 2000: 81 (from HHI)" in chart.alt and "31 December 2024: 46 (stated)" in chart.alt
    assert set(chart.sources) == set(con.effective_n_points(d.history, d.weights)["source_id"])
    table = con.seven_weights_table(d)
    frame = table["frame"]
    assert list(frame["Company"][-2:]) == ["The seven together", "The other 493"]
    assert frame["Weight (%)"].iloc[-2] + frame["Weight (%)"].iloc[-1] == pytest.approx(100)
    assert list(frame["Weight (%)"][:7]) == sorted(frame["Weight (%)"][:7], reverse=True)
    assert f"sums to {frame['Weight (%)'].iloc[-2]:.1f}%, below the 34.3% of 15 December 2025" in table["caption"]


def test_capex_prose_chart_finding_and_table(d):
    text = _text(con.capex_prose(d))
    assert "In 2024 the seven raised capital spending by 40% and the other 493 by 3.5%" in text
    assert "doubles every 2.1 years and the rest's every 20" in text
    assert "from $154B in 2023 to $239B in 2024; the seven plan $680B for 2026" in text
    chart = con.capex_gap_chart(d)
    assert chart.name == "concentration-risk-capex-gap" and chart.deck
    assert chart.title == "In 2024 the seven raised capex 40%, the other 493 only 3.5%: 11× the growth rate"
    assert "capex growth in 2024 of 40% for the seven against 3.5% for the other 493" in chart.alt
    assert "5 hyperscalers (Goldman) 2023: 154 (actual)" in chart.alt
    # forecasts carry the month they were made: the seven's February plan and the four's June tally are different
    # vintages, which is how the smaller set's plan can exceed the larger set's
    assert "The seven 2026: 680 (forecast made Feb 2026)" in chart.alt
    assert "4 hyperscalers 2026: 725 (forecast made Jun 2026)" in chart.alt
    assert con.made_when(d.sources, "con-amto-2026-02-fool-mag7-680") == "Feb 2026"
    labels = {t.get_text() for ax in chart.fig.axes for t in ax.texts}
    assert {"680 (forecast, Feb 2026)", "725 (forecast, Jun 2026)", "244 (earlier forecast, 2024)", "413"} <= labels
    assert set(chart.sources) == set(con.capex_plotted(d.capex)["source_id"])
    finding = con.capex_gap_finding(d)
    assert finding.value == pytest.approx(round(40 / 3.5, 2)) and finding.shown == "40% / 3.5%"
    table = con.capex_table(d)
    assert len(table["frame"]) == len(d.capex) and "Companies" in table["frame"]


def test_attribution_prose_chart_and_table(d):
    text = _text(con.attribution_prose(d))
    assert "delivered 75% of S&P 500 returns, 80% of its earnings growth and 90% of its capex growth" in text
    assert "household wealth by $2.7 trillion and consumption by about $95B a year" in text
    chart = con.attribution_chart(d)
    assert chart.name == "concentration-risk-ai-attribution" and chart.deck
    assert chart.title == "AI stocks drove 75% of S&P 500 returns, 90% of capex growth since ChatGPT"
    assert "Cembalest's 65-75% range" in chart.alt and "43% weight" in chart.alt
    assert set(chart.sources) == set(con.attribution_plotted(d.attr)["source_id"])
    table = con.attribution_table(d)
    assert len(table["frame"]) == len(d.attr) and table["frame"]["Whose stocks"].notna().all()


def test_inputs_table_and_calibration_prose(d, s):
    table = con.inputs_table(d, s)
    used = dict(zip(table["frame"]["Input"], table["frame"]["Used"]))
    assert used["The seven's fall"] == "41.3%" and used["The other 493's fall per unit of the seven's"] == "0.31"
    assert used["A 401(k) balance"] == "$38,176"
    assert used["Stocks in the target-date mix"] == "85.1%" and used["Fall of bonds and cash"] == "0.0%"
    assert "34.3% on 15 December 2025" in table["frame"]["From data"].iloc[0]
    assert "85.1% (US and foreign equities)" in table["frame"]["From data"].iloc[4]
    # the parameters' defaults are these figures of the data
    assert con.default_balance(d.ret)["value"] == DEFAULTS["balance_usd"]
    assert con.tdf_equity_share(d.ret)[0] == pytest.approx(DEFAULTS["stock_share"])
    other = con.inputs_table(d, con.scenario(d, **{**DEFAULTS, "rest_beta": 1.5}))
    assert "1.5" in list(other["frame"]["Used"])
    text = _text(con.calibration_prose(d))
    assert "in 2022 the seven fell 41.3% and the S&P 500 20.4%, and the seven ended the year at 20%" in text
    assert "they started it at about 27.1%, so the other 493 fell about 12.6%: 0.31 times" in text


def test_drawdown_prose_chart_and_findings(d, s):
    text = _text(con.drawdown_prose(d, s))
    assert "an S&P 500 index fund would lose 22.6%: 14.2% from the seven and 8.4% from the rest" in text
    assert "would lose 19.2%" in text and "a loss of $8,619 all in an index fund, or a loss of $7,335" in text
    assert "25.4% in the 2022 bear market, 49.1% in the 2000-02 crash, 56.8% in the 2007-09 crash" in text
    gain = con.scenario(d, **{**DEFAULTS, "stock_share": 0.1, "bond_fall": -0.5})
    assert "would gain" in _text(con.drawdown_prose(d, gain)) and "a gain of $" in _text(con.drawdown_prose(d, gain))
    chart = con.drawdown_chart(d, s)
    assert chart.name == "concentration-risk-drawdown" and chart.deck
    assert chart.title == ("If the seven fell 41.3%, an S&P 500 fund would lose 22.6% and a $38,176 target-date "
                           "401(k) about $7,300")
    assert "the seven 41.3%, the other 493 12.8%, an S&P 500 fund 22.6%, a target-date mix 19.2%" in chart.alt
    assert "$8,619 in an index fund, $7,335 in the mix" in chart.alt
    assert chart.sources == ("con-fool-2025-12-mag7-share", "assumption")
    assert _source_line(chart) == ("Source: The Motley Fool (research) (2025-12); assumption (see the assumptions "
                                   "of this section); " + con.MODEL_SOURCE)
    fund, saver = con.index_fund_finding(s), con.retirement_loss_finding(s)
    assert (fund.name, fund.value, fund.shown) == ("concentration-risk-index-fund-loss", 0.2258, "22.6%")
    assert (saver.name, saver.value, saver.shown) == ("concentration-risk-401k-loss", 7335.0, "$7,335")
    assert saver.sentence == "A $38,176 target-date 401(k) with 85.1% in stocks would lose $7,335."


def test_balances_table(d, s):
    table = con.balances_table(d, s)
    frame = table["frame"]
    assert list(frame.columns) == ["401(k) balance", "Balance ($)", "Loss all in an S&P 500 fund ($)",
                                   "Loss in the target-date mix (85% stocks) ($)"]
    assert frame.iloc[-1]["401(k) balance"] == "The balance this report assumes"
    assert table["caption"].startswith("What the same fall (index fund −22.6%, mix −19.2%)")
    assert set(table["formats"]) == set(frame.columns[1:])


def test_sensitivity_chart_and_what_a_repeat_of_the_largest_fall_needs(d, s):
    chart = con.sensitivity_chart(d, s)
    assert chart.name == "concentration-risk-drawdown-sensitivity" and not chart.deck
    needed = drawdown.fall_needed(s.seven_weight, 0.31, 0.491)
    assert chart.title == f"At beta 0.31, only a {needed:.0%} fall of the seven repeats the 2000-02 loss (49%)"
    assert "with the seven at 34.3% of the index" in chart.alt and "2007-09 crash 57%" in chart.alt
    assert chart.sources == ("con-fool-2025-12-mag7-share", *con.past_falls(d.ret)["source_id"])
    # the largest past fall (2007-09, 56.8%) is beyond the 54.7% the seven can cause at beta 0.31
    text = _text(con.fall_needed_prose(d, s))
    assert "at most 54.7%" in text and "needs more than the seven can lose" in text
    assert con.fall_needed_findings(d, s) == ()
    steeper = con.scenario(d, **{**DEFAULTS, "rest_beta": 1.0})
    (condition,) = con.fall_needed_findings(d, steeper)
    assert condition.kind == "condition" and condition.name == "concentration-risk-fall-needed"
    assert condition.sentence.endswith("a loss like the 2007-09 crash (56.8%) needs the seven to fall 57%.")
    assert "needs the seven to fall 57%" in _text(con.fall_needed_prose(d, steeper))


def test_loss_labels_and_the_conditional_title():
    assert con.loss_label(0.2258) == "22.6%" and con.loss_label(-0.05) == "gain 5.0%" and con.loss_label(0) == "0%"
    assert con.loss_usd_label(7334.9) == "$7,335" and con.loss_usd_label(-50) == "gain $50"
    assert con.loss_usd_label(0.2) == "$0"
    assert con.about_usd(7335) == "about $7,300" and con.about_usd(7300) == "$7,300"
    assert con.about_usd(123.4) == "about $120" and con.about_usd(-8.6) == "$9" and con.about_usd(7300.4) == "$7,300"
    result = drawdown.scenario(0.343, 0.413, 0.31, 38176.0, 0.851, 0.0)
    assert con.drawdown_title(result) == (f"If the seven fell 41.3%, an S&P 500 fund would lose "
                                          f"{result['index_fall']:.1%} and a $38,176 target-date 401(k) about "
                                          f"${round(result['mix_loss_usd'], -2):,.0f}")
    # bonds rising enough turn the 401(k)'s loss into a gain: the title says so
    gain = drawdown.scenario(0.343, 0.413, 0.31, 38176.0, 0.1, -0.5)
    title = con.drawdown_title(gain)
    assert title.startswith("If the seven fell 41.3%, an S&P 500 fund would lose 22.6% and a $38,176 target-date "
                            "401(k) would gain about $")


def test_drawdown_chart_shows_losses_as_positive_bars_on_an_axis_of_losses(d, s):
    chart = con.drawdown_chart(d, s)
    left, right = chart.fig.axes[:2]
    assert left.get_ylabel() == "Loss, % of value" and right.get_ylabel() == "Loss, US dollars"
    assert left.get_ylim()[0] == 0 and left.get_ylim()[1] > 0 and not left.yaxis_inverted()
    assert all(bar.get_height() >= 0 for bar in left.patches)
    texts = [t.get_text() for ax in (left, right) for t in ax.texts]
    assert texts == ["41.3%", "12.8%", "22.6%", "19.2%", "$8,619", "$7,335"]
    assert not any(t.startswith(("−", "-")) for t in texts)  # no negative numbers on an axis of losses
    assert left.get_legend().get_title().get_text() == "Index fund's loss"
    gain = con.drawdown_chart(d, con.scenario(d, **{**DEFAULTS, "stock_share": 0.1, "bond_fall": -0.5}))
    assert gain.fig.axes[0].texts[3].get_text().startswith("gain ")
    assert "bonds gain 50%" in gain.fig.axes[1].get_title(loc="left")


def test_sensitivity_chart_labels_losses_without_minus_signs(d, s):
    chart = con.sensitivity_chart(d, s)
    ax = chart.fig.axes[0]
    texts = [t.get_text() for t in ax.texts]
    assert "S&P 500 lost 57% in the 2007-09 crash" in texts
    assert any(t.startswith("the seven lose 41%:") for t in texts)
    assert not any("−" in t for t in texts)
    assert ax.get_ylabel() == "Loss of an S&P 500 index fund, %"


def test_chart_text_is_at_least_11_points(d, s):
    charts = [con.history_chart(d), con.effective_n_chart(d), con.capex_gap_chart(d), con.attribution_chart(d),
              con.drawdown_chart(d, s), con.sensitivity_chart(d, s)]
    for chart in charts:
        for ax in chart.fig.axes:
            texts = list(ax.texts) + ax.get_xticklabels() + ax.get_yticklabels()
            legend = ax.get_legend()
            texts += list(legend.get_texts()) + [legend.get_title()] if legend else []
            assert all(t.get_fontsize() >= 11 for t in texts if t.get_text()), chart.name


# ------------------------------------------------------------------------------------------ how sure: the Monte Carlo
from helpers.core import params, uncertainty  # noqa: E402


@pytest.fixture(scope="module")
def declared_ranges():
    return params.all_declared()["concentration-risk"]["ranges"].default


@pytest.fixture(scope="module")
def central(d):
    declared = params.all_declared()["concentration-risk"]
    return con.scenario(d, **{k: declared[k].default for k in DEFAULTS})


@pytest.fixture(scope="module")
def draws(central, declared_ranges):
    return con.monte_carlo(central, declared_ranges)


def test_the_draws_run_the_model_on_arrays_exactly(central, draws):
    assert draws.n == uncertainty.DRAWS and set(draws.spreads) == {"seven_fall", "rest_beta", "stock_share"}
    for i in (0, 1, 4_321, draws.n - 1):
        one = drawdown.scenario(central.seven_weight, draws.inputs["seven_fall"][i], draws.inputs["rest_beta"][i],
                                draws.inputs["balance_usd"][i], draws.inputs["stock_share"][i],
                                draws.inputs["bond_fall"][i])
        assert all(draws.result[k][i] == one[k] for k in draws.result)
    assert (draws.inputs["bond_fall"] == central.bond_fall).all()  # no range: held at its value


def test_the_draws_are_seeded_by_the_inputs_not_the_clock(central, draws, declared_ranges):
    import numpy as np
    from dataclasses import replace

    again = con.monte_carlo(central, declared_ranges)
    assert all(np.array_equal(again.inputs[k], draws.inputs[k]) for k in draws.inputs)
    assert np.array_equal(again.result["index_fall"], draws.result["index_fall"])
    other = replace(central, balance_usd=50_000.0)  # a parameter the draws do not range over still reseeds them
    seed = lambda s, r: uncertainty.seed_for(con.NAME, s.seven_weight, {k: getattr(s, k) for k in con.RANGED},  # noqa: E731
                                             uncertainty.unparse(uncertainty.parse(r)), uncertainty.DRAWS)
    assert seed(central, declared_ranges) != seed(other, declared_ranges)
    assert not np.array_equal(con.monte_carlo(other, declared_ranges).inputs["seven_fall"], draws.inputs["seven_fall"])
    wider = declared_ranges.replace("0.2:0.413:0.78", "0.1:0.413:0.9")
    assert seed(central, wider) != seed(central, declared_ranges)


def test_the_chance_finding_is_the_share_of_draws(d, draws):
    f = con.loss_chance(d, draws)
    direct = float((draws.result["index_fall"] >= con.BEAR_MARKET).sum()) / draws.n
    assert f.name == "concentration-risk-index-fund-loss-chance" and 0 < f.value < 1
    assert f.value == round(direct, 3) and f.shown == uncertainty.share_text(direct)
    assert f"in {f.shown} of 10,000 draws" in f.sentence and "by 20% to 78%" in f.sentence
    assert "the seven's fall 20% to 78%" in f.how and "the other 493's beta 0.153 to 0.612" in f.how
    assert set(con.range_source_ids(d)) <= set(f.sources) and "bub-thisday-nasdaq-peak" in f.sources


def test_the_drivers_sentence_names_the_seven_s_fall(draws):
    text = con.drivers_sentence(draws)
    assert text.startswith("The seven's fall drives most of the spread") and "the share in stocks" in text
    ranked = uncertainty.drivers({k: draws.inputs[k] for k in ("seven_fall", "rest_beta")}, draws.result["index_fall"])
    assert uncertainty.signed(ranked[0][1]) in text


def test_no_ranges_give_one_loss(central, d):
    m = con.monte_carlo(central, "", n=50)
    assert m.spreads == {} and con.loss_chance(d, m).value in (0.0, 1.0)
    assert con.drivers_sentence(m).startswith("Every assumption is held at one value")


def test_a_range_outside_the_model_is_refused(central):
    with pytest.raises(ValueError, match=r"ranges: seven_weight is not an assumption of the drawdown model"):
        con.monte_carlo(central, "seven_weight 0.2:0.3:0.4")


def test_the_default_ranges_follow_the_data(d, declared_ranges):
    ranges = uncertainty.parse(declared_ranges)
    bounds = con.sourced_bounds(d)
    assert ranges["seven_fall"].high == bounds["seven_fall high"] == 0.78
    assert ranges["stock_share"].low == bounds["stock_share low"] and ranges["stock_share"].high == bounds["stock_share high"]
    beta = ranges["rest_beta"]  # an assumption: half to twice the value backed out of 2022
    assert beta.low == pytest.approx(beta.central / 2) and beta.high == pytest.approx(beta.central * 2)
    calib = con.beta_calibration(d.history, d.ret)
    assert f"{calib.beta:.3f}" == f"{beta.central:.3f}"
    assert "Nasdaq Composite" not in set(con.past_falls(d.ret)["label"])  # the S&P 500's falls only


def test_the_loss_chart_states_the_share(d, draws):
    chart = con.loss_chance_chart(d, draws)
    share = uncertainty.share_text(draws.bear_share)
    assert chart.title.startswith(f"In {share} of 10,000 draws") and f"in {share} of draws" in chart.alt
    assert "ranges: see the assumptions" in _source_line(chart) and "This Day in Tech History" in _source_line(chart)
    assert chart.name == "concentration-risk-loss-draws" and not chart.findings


def test_ranges_on_the_command_line():
    declared = params.all_declared()
    values = params.parse_overrides(["concentration-risk.seven_fall=0.2:0.413:0.8"], declared)
    assert values["concentration-risk"]["seven_fall"].text == "0.2:0.413:0.8"
    resolved = params.resolve([s for s in params.SECTIONS if s.slug == "concentration-risk"], None,
                              ["concentration-risk.seven_fall=0.2:0.413:0.8", "concentration-risk.stock_share=0.851"])
    assert resolved["concentration-risk"]["ranges"] == "seven_fall 0.2:0.413:0.8, rest_beta 0.153:0.306:0.612"
    assert resolved["concentration-risk"]["seven_fall"] == 0.413


@pytest.mark.parametrize("pair, pattern", [
    ("concentration-risk.seven_fall=0.2:0.413", r"parameter 'concentration-risk.seven_fall' \(given with -p\): "
                                                r"expected low:central:high as numbers"),
    ("concentration-risk.seven_fall=0.5:0.413:0.8", r"parameter 'concentration-risk.seven_fall' .*expected low <= central"),
    ("concentration-risk.rest_beta=0.1:0.306:4", r"parameter 'concentration-risk.rest_beta' .*expected a range within"),
])
def test_a_malformed_range_names_the_parameter_in_one_line(pair, pattern):
    from helpers.core.errors import ParameterError

    with pytest.raises(ParameterError) as info:
        params.parse_overrides([pair], params.all_declared())
    assert re.search(pattern, str(info.value)) and "\n" not in str(info.value), str(info.value)
