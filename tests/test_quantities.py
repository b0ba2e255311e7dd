"""One quantity, one value: where two data files hold the same quantity (the same entity, measure
and period), their headline values agree; other estimates stay as rows marked as alternatives."""
from collections import defaultdict

import pytest

from helpers.core import data


def _openai(frames):
    f = frames["openai_financials.csv"]
    f = f[(f["headline"] == "yes") & (f["period"] == "FY") & (f["unit"] == "usd_bn")]
    return [(("OpenAI", r.metric, f"FY{r.year}"), r.value) for r in f.itertuples()]


def _companies(frames):
    f = frames["deal_companies.csv"]
    f = f[(f["headline"] == "yes") & (f["unit"] == "usd_bn")]
    return [((r.company, r.metric, r.period), r.value) for r in f.itertuples()]


def _oracle(frames):
    f = frames["oracle_financials.csv"]
    f = f[f["metric"] == "total_revenue"]
    scale = {"usd_m": 0.001, "usd_bn": 1.0}
    return [(("Oracle", "revenue", f"FY{r.fiscal_year}"), round(r.value * scale[r.unit], 1)) for r in f.itertuples()]


def _hyperscalers(frames):
    series = frames["bubble_series.csv"]
    series = series[(series["series"] == "hyperscaler_capex") & (series["headline"] == "yes")]
    out = [(("Microsoft+Alphabet+Amazon+Meta", "capex", f"{r.year} {r.status}"), r.value) for r in series.itertuples()]
    capex = frames["concentration_capex.csv"]
    capex = capex[(capex["companies"] == "hyperscalers4") & (capex["metric"] == "capex") & (capex["period"] == "FY")]
    out += [(("Microsoft+Alphabet+Amazon+Meta", "capex", f"{r.year} {r.status}"), r.value) for r in capex.itertuples()]
    return out


EXTRACTORS = {
    "OpenAI's figures": (("openai_financials.csv", "deal_companies.csv"), lambda f: _openai(f) + _companies(f)),
    "Oracle's revenue": (("oracle_financials.csv", "deal_companies.csv"), lambda f: _oracle(f) + _companies(f)),
    "the big four's capex": (("bubble_series.csv", "concentration_capex.csv"), _hyperscalers),
}


@pytest.mark.parametrize("what", EXTRACTORS)
def test_a_quantity_held_in_two_files_has_one_headline_value(what):
    files, extract = EXTRACTORS[what]
    frames = {name: data.load(name) for name in files}
    values = defaultdict(set)
    for key, value in extract(frames):
        values[key].add(round(float(value), 1))
    clashes = {key: sorted(found) for key, found in values.items() if len(found) > 1}
    assert not clashes, f"{what}: one quantity, several headline values: {clashes}"
