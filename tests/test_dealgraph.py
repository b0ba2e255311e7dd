import math

import networkx as nx
import pandas as pd
import pytest

from helpers.core import data
from helpers.sections.circular_revenue import deal_graph as dealgraph

ARTICLE_PAIRS = [("Nvidia", "OpenAI"), ("OpenAI", "Oracle"), ("Oracle", "Nvidia"), ("Microsoft", "OpenAI"),
                 ("OpenAI", "Microsoft"), ("Microsoft", "CoreWeave"), ("Nvidia", "CoreWeave"),
                 ("OpenAI", "CoreWeave"), ("AMD", "OpenAI"), ("OpenAI", "AMD"), ("Amazon", "Anthropic"),
                 ("Google", "Anthropic")]


def deals(*rows, **overrides) -> pd.DataFrame:
    """A small deals table: rows of (from, to, kind, amount or None[, status])."""
    records = []
    for k, row in enumerate(rows):
        u, v, kind, amount, *rest = row
        records.append(dict(deal_id=f"t{k}", from_company=u, to_company=v, kind=kind,
                            amount=math.nan if amount is None else float(amount), unit="usd_bn", period=None,
                            announced=None, status=rest[0] if rest else "firm", headline="yes", after_article="no",
                            source_id="assumption", note=None))
    frame = pd.DataFrame(records)
    for column, value in overrides.items():
        frame[column] = value
    return frame


@pytest.fixture(scope="module")
def real():
    return data.load("deals.csv")


def test_graph_from_data_has_every_relationship_the_article_names(real):
    graph = dealgraph.build(real)
    for u, v in ARTICLE_PAIRS:
        assert graph.has_edge(u, v), (u, v)
    in_scope = real[(real["headline"] == "yes") & (real["after_article"] == "no")]
    assert graph.number_of_edges() == len(in_scope)
    assert set(graph.nodes) == set(in_scope["from_company"]) | set(in_scope["to_company"])


def test_undisclosed_deals_stay_in_the_graph_without_an_amount(real):
    graph = dealgraph.build(real)
    undisclosed = real[(real["headline"] == "yes") & real["amount"].isna() & (real["after_article"] == "no")]
    assert len(undisclosed) > 0
    for row in undisclosed.itertuples():
        assert math.isnan(graph[row.from_company][row.to_company][row.deal_id]["amount"])
    assert dealgraph.undisclosed_count(graph) == len(undisclosed)
    in_scope = real[(real["headline"] == "yes") & (real["after_article"] == "no")]
    assert dealgraph.disclosed_total(graph) == pytest.approx(in_scope["amount"].sum())


def test_alternative_figures_and_filters(real):
    every = dealgraph.build(real, include_conditional=True, include_after_article=True)
    assert every.number_of_edges() == (real["headline"] == "yes").sum()
    firm = dealgraph.build(real, include_conditional=False)
    assert all(d["status"] == "firm" for _, _, d in firm.edges(data=True))
    assert firm.number_of_edges() < dealgraph.build(real).number_of_edges()
    assert not any("-" in key for _, _, key in every.edges(keys=True))  # alternative rows are not drawn


def test_unknown_kind_is_refused():
    with pytest.raises(ValueError, match="unknown deal kind"):
        dealgraph.build(deals(("A", "B", "gift", 1)))


def test_no_loop():
    graph = dealgraph.build(deals(("A", "B", "equity_investment", 5), ("B", "C", "compute_contract", 3)))
    assert dealgraph.loops(graph).empty


def test_one_loop_starts_at_the_payer_of_its_largest_link():
    graph = dealgraph.build(deals(("A", "B", "equity_investment", 5), ("B", "A", "chip_purchase", None),
                                  ("B", "C", "compute_contract", 3)))
    table = dealgraph.loops(graph)
    assert table["loop"].tolist() == ["A → B → A"]
    row = table.iloc[0]
    assert (row["companies"], row["undisclosed_links"], row["smallest_disclosed"]) == (2, 1, 5.0)
    assert row["links"] == "equity investment → chip purchase"


def test_two_loops():
    graph = dealgraph.build(deals(("A", "B", "equity_investment", 5), ("B", "A", "chip_purchase", 2),
                                  ("B", "C", "compute_contract", 30, "conditional"), ("C", "A", "chip_purchase", 9)))
    table = dealgraph.loops(graph)
    assert table["loop"].tolist() == ["A → B → A", "B → C → A → B"]
    assert table["smallest_disclosed"].tolist() == [2.0, 5.0]
    assert table["conditional_links"].tolist() == [0, 1]
    assert dealgraph.loop_counts(table, graph.nodes).to_dict() == {"A": 2, "B": 2, "C": 1}


def test_parallel_deals_merge_into_one_link():
    graph = dealgraph.build(deals(("A", "B", "equity_investment", 1), ("A", "B", "compute_contract", 2),
                                  ("B", "A", "chip_purchase", None), ("B", "A", "chip_purchase", 4)))
    simple = dealgraph.company_graph(graph)
    assert simple["A"]["B"]["amount"] == 3 and simple["B"]["A"]["undisclosed"] == 1
    table = dealgraph.loops(graph)
    assert len(table) == 1 and table.iloc[0]["undisclosed_links"] == 0  # B -> A has a disclosed part


def test_loops_on_real_data_are_the_graphs_cycles(real):
    graph = dealgraph.build(real)
    table = dealgraph.loops(graph)
    simple = dealgraph.company_graph(graph)
    assert len(table) == len(list(nx.simple_cycles(simple)))
    for members in table["members"]:
        for u, v in zip(members, members[1:] + members[:1]):
            assert simple.has_edge(u, v)
    assert "Nvidia → OpenAI → Nvidia" in set(table["loop"])
    assert "OpenAI → Oracle → Nvidia → OpenAI" in set(table["loop"])


def test_network_matrices():
    graph = dealgraph.build(deals(("A", "B", "equity_investment", 5), ("B", "A", "chip_purchase", None),
                                  ("B", "C", "compute_contract", 3), ("B", "C", "revenue_share", 1)))
    net = dealgraph.network(graph)
    i = {c: k for k, c in enumerate(net.companies)}
    assert net.investments[i["A"], i["B"]] == 5
    assert net.purchases[i["B"], i["C"]] == 4 and net.purchases[i["B"], i["A"]] == 0
    assert net.buys_from[i["B"], i["A"]] and not net.buys_from[i["A"], i["B"]]


def test_customer_investments_count_only_investees_that_buy_from_the_investor():
    graph = dealgraph.build(deals(("A", "B", "equity_investment", 5), ("B", "A", "chip_purchase", None),
                                  ("A", "C", "equity_investment", 7), ("D", "B", "warrant", 2),
                                  ("B", "D", "chip_purchase", 1)))
    assert dealgraph.customer_investments(graph).to_dict() == {"A": 5.0, "D": 2.0}
