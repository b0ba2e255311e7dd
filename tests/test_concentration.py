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
