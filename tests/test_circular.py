import pandas as pd
import pytest

from helpers.sections.circular_revenue import figures as circular
from helpers.core import data
from helpers.sections.circular_revenue import deal_graph as dealgraph
from test_dealgraph import deals as small_deals


@pytest.fixture(scope="module")
def frames():
    return {name: data.load(name) for name in ("deals.csv", "deal_companies.csv", "dotcom_precedents.csv")}


def test_precedents_divide_by_the_stated_revenue_periods(frames):
    graph = dealgraph.build(frames["deals.csv"])
    revenue = circular.company_revenue(frames["deal_companies.csv"])
    table = circular.precedents(frames["dotcom_precedents.csv"], graph, revenue, frames["deal_companies.csv"])
    rows = table.set_index("label")
    dot = frames["dotcom_precedents.csv"]
    qwest_revenue = dot[(dot["company"] == "Qwest") & (dot["measure"] == "revenue") & (dot["headline"] == "yes")]
    assert rows.loc["Qwest, 2000-2001", "revenue"] == pytest.approx(qwest_revenue["value"].sum())
    lucent = rows.loc["Lucent, 2000-12-31"]
    assert lucent["share"] == pytest.approx(lucent["value"] / lucent["revenue"])
    nvidia = rows.loc["Nvidia, deals to date"]
    assert nvidia["value"] == pytest.approx(dealgraph.customer_investments(graph)["Nvidia"])
    assert nvidia["revenue"] == revenue.loc["Nvidia", "value"]


def test_precedents_need_the_revenue_they_are_compared_with(frames):
    dot = frames["dotcom_precedents.csv"]
    broken = dot[~((dot["company"] == "Cisco") & (dot["period"] == "FY2001") & (dot["measure"] == "revenue"))]
    graph = dealgraph.build(frames["deals.csv"])
    revenue = circular.company_revenue(frames["deal_companies.csv"])
    with pytest.raises(ValueError, match="Cisco.*FY2001"):
        circular.precedents(broken, graph, revenue, frames["deal_companies.csv"])


def test_vendors_stay_in_the_comparison_when_their_deals_are_left_out(frames):
    everything = dealgraph.build(frames["deals.csv"])
    firm = dealgraph.build(frames["deals.csv"], include_conditional=False)
    revenue = circular.company_revenue(frames["deal_companies.csv"])
    table = circular.precedents(frames["dotcom_precedents.csv"], firm, revenue, frames["deal_companies.csv"],
                                vendors=circular.vendors_of(everything))
    amd = table[table["company"] == "AMD"]
    assert len(amd) == 1 and amd["value"].iloc[0] == 0  # AMD's only deal is a conditional warrant


def test_network_title_names_the_hub():
    graph = dealgraph.build(small_deals(("A", "B", "equity_investment", 6), ("B", "C", "compute_contract", 3),
                                        ("C", "D", "chip_purchase", 1), ("D", "A", "chip_purchase", None)))
    title, top, share = circular.network_title(graph)
    assert top == "B" and share == pytest.approx(0.9)
    assert title == "90% of the $10B in disclosed deals run to or from B"


def test_charts_carry_their_titles_and_sources(frames):
    graph = dealgraph.build(frames["deals.csv"])
    revenue = circular.company_revenue(frames["deal_companies.csv"])
    fig = circular.chart_network(graph, revenue, "A finding", "a source")
    assert fig._suptitle.get_text() == "A finding"
    assert any(t.get_text().startswith("Source: a source") for t in fig.texts)
    bars = circular.chart_dollar(pd.Series({"A": 1.0, "B": 0.25}), "A", "Another finding", "US$", "src", "entry")
    assert bars._suptitle.get_text() == "Another finding"


def test_article_table_reads_the_graph():
    graph = dealgraph.build(small_deals(("Nvidia", "OpenAI", "equity_investment", 100, "conditional")))
    text = circular.pair_text(graph, "Nvidia", "OpenAI")
    assert text == "Nvidia → OpenAI: equity investment $100.0B (conditional)"
    assert circular.pair_text(graph, "OpenAI", "Nvidia") == "OpenAI → Nvidia: no deal in scope"
