import math

import pandas as pd
import pytest

from helpers.core.present import Chart, fmt_pct, fmt_usd_bn
from helpers.sections.circular_revenue import deal_graph as dealgraph
from helpers.sections.circular_revenue import figures as circular
from test_dealgraph import deals as small_deals


@pytest.fixture(scope="module")
def real_frames():
    return circular.load()


@pytest.fixture(scope="module")
def frames(real_frames):
    return {"deals.csv": real_frames.deals, "deal_companies.csv": real_frames.companies,
            "dotcom_precedents.csv": real_frames.dotcom}


def real_scope(frames, **overrides):
    params = dict(include_conditional=True, include_after_article=False, company="Nvidia", entry_company="OpenAI",
                  spend_back=0.5, pass_through=0.5)
    return circular.scope(frames, **{**params, **overrides})


@pytest.fixture(scope="module")
def real(real_frames):
    return real_scope(real_frames)


# --- a small network worked by hand -----------------------------------------------------------------
#   Nvidia invests 10 in OpenAI (conditional); Microsoft invests 20 in OpenAI (firm);
#   OpenAI buys 30 of chips from Nvidia and 10 of compute from Oracle; Oracle buys 5 of chips from Nvidia;
#   Oracle shares revenue with OpenAI (amount undisclosed).
#   OpenAI's purchases: 75% Nvidia, 25% Oracle; Oracle's: 100% Nvidia.

def small_frames() -> circular.Frames:
    deals = small_deals(("Nvidia", "OpenAI", "equity_investment", 10, "conditional"),
                        ("OpenAI", "Nvidia", "chip_purchase", 30),
                        ("OpenAI", "Oracle", "compute_contract", 10),
                        ("Oracle", "Nvidia", "chip_purchase", 5),
                        ("Microsoft", "OpenAI", "equity_investment", 20),
                        ("Oracle", "OpenAI", "revenue_share", None))
    deals["source_id"] = [f"d{k}" for k in range(len(deals))]
    companies = pd.DataFrame({
        "company": ["Nvidia", "OpenAI", "Oracle", "Microsoft"],
        "metric": ["revenue", "annualized_revenue_run_rate", "revenue", "revenue"],
        "value": [130.5, 10.0, 50.0, 200.0], "unit": "usd_bn",
        "period": ["FY2025", "2025-06", "FY2025", "FY2025"], "headline": "yes",
        "source_id": ["r-nvidia", "r-openai", "r-oracle", "r-microsoft"], "note": None})
    dotcom = pd.DataFrame({
        "company": ["Lucent", "Lucent", "Qwest", "Qwest", "Qwest"],
        "period": ["2000-12-31", "FY2001", "2000-2001", "FY2000", "FY2001"],
        "measure": ["vendor_financing_commitments", "revenue", "capacity_swap_revenue", "revenue", "revenue"],
        "value": [5.7, 21.3, 0.95, 16.0, 20.3], "unit": "usd_bn",
        "versus": ["FY2001", None, "FY2000+FY2001", None, None], "headline": "yes",
        "source_id": ["p-lucent", "p-lucent-rev", "p-qwest", "p-qwest-rev", "p-qwest-rev"], "note": None})
    ids = list(deals["source_id"]) + list(companies["source_id"]) + ["p-lucent", "p-lucent-rev", "p-qwest", "p-qwest-rev"]
    sources = pd.DataFrame({"source_id": ids, "publisher": [f"Pub {i}" for i in ids], "date": "2025-01-01"})
    return circular.Frames(sources, deals, companies, dotcom)


def small_scope(**overrides) -> circular.Scope:
    params = dict(include_conditional=True, include_after_article=False, company="Nvidia", entry_company="OpenAI",
                  spend_back=0.5, pass_through=0.4)
    return circular.scope(small_frames(), **{**params, **overrides})


def source_line(fig) -> str:
    return next(t.get_text() for t in fig.texts if t.get_text().startswith("Source: ")).replace("\n", " ")


# --- scope and prose ---------------------------------------------------------------------------------

def test_load_reads_the_section_files(real_frames):
    assert {"deal_id", "from_company", "amount"} <= set(real_frames.deals.columns)
    assert {"company", "metric", "headline"} <= set(real_frames.companies.columns)
    assert {"versus", "measure"} <= set(real_frames.dotcom.columns)
    assert "publisher" in real_frames.sources.columns


def test_scope_applies_the_parameters():
    s = small_scope()
    assert len(s.in_scope) == 6 and s.graph.number_of_edges() == 6
    assert set(s.net.companies) == {"Nvidia", "OpenAI", "Oracle", "Microsoft"}
    assert s.shares == {"spend_back": 0.5, "pass_through": 0.4}
    assert s.label == "conditional deals included; deals announced after the article left out"
    assert len(s.disclosed) == 5
    firm = small_scope(include_conditional=False)
    assert len(firm.in_scope) == 5
    assert firm.label == "firm deals only; deals announced after the article left out"


@pytest.mark.parametrize("name", ["company", "entry_company"])
def test_scope_refuses_a_company_outside_the_deals(name):
    with pytest.raises(ValueError, match=f"parameter {name}='Nokia'.*choose one of: Microsoft, Nvidia, OpenAI, Oracle"):
        small_scope(**{name: "Nokia"})


def test_say_shows_the_paragraphs_that_apply(monkeypatch):
    shown = []
    monkeypatch.setattr(circular, "prose", lambda template, **values: shown.append((template, values)))
    circular.say({"template": "<p>{n} deals</p>", "n": 3}, None, circular.SELF_FUNDED_PROSE)
    assert shown == [("<p>{n} deals</p>", {"n": 3}), (circular.SELF_FUNDED_PROSE["template"], {})]


def test_scope_prose_counts_the_deals():
    p = circular.scope_prose(small_scope())
    assert (p["n"], p["c"], p["d"], p["total"], p["u"]) == (6, 4, 5, "$75.0B", 1)
    assert p["conditional"].startswith("1 of the deals ($10.0B of the disclosed total) are conditional")
    assert "{conditional}" in p["template"]
    assert circular.scope_prose(small_scope(include_conditional=False))["conditional"] == "None of them is conditional."


# --- the deal network -------------------------------------------------------------------------------

def test_network_title_names_the_hub():
    graph = dealgraph.build(small_deals(("A", "B", "equity_investment", 6), ("B", "C", "compute_contract", 3),
                                        ("C", "D", "chip_purchase", 1), ("D", "A", "chip_purchase", None)))
    title, top, share = circular.network_title(graph)
    assert top == "B" and share == pytest.approx(0.9)
    assert title == "90% of the $10B in disclosed deals run to or from B"


def test_hub_finding():
    f = circular.hub_finding(small_scope())
    # OpenAI is on one side of 10 + 30 + 10 + 20 = $70B of the $75B disclosed
    assert f.name == "circular-revenue-hub"
    assert f.value == pytest.approx(round(70 / 75, 3)) and f.shown == "93%"
    assert f.sentence == ("93% of the $75B in disclosed AI deals run to or from OpenAI; 1 of the 6 deals have no "
                          "disclosed amount.")
    assert f.label == "Share of disclosed deal dollars to or from OpenAI"


def test_network_chart():
    s = small_scope()
    c = circular.network_chart(s)
    assert isinstance(c, Chart) and c.name == "circular-revenue-network" and c.deck
    assert c.title == "93% of the $75B in disclosed deals run to or from OpenAI"
    assert c.sources == ("d0", "d1", "d2", "d3", "d4", "d5", "r-nvidia", "r-openai", "r-oracle", "r-microsoft")
    assert [f.name for f in c.findings] == ["circular-revenue-hub"]
    assert c.alt == ("Network of 4 companies and 6 deals; arrows show money from investor or buyer to the receiver. "
                     "Largest disclosed: OpenAI to Nvidia $30.0B; Microsoft to OpenAI $20.0B; Nvidia to OpenAI $10.0B. "
                     "1 deals have no disclosed amount and are dotted.")
    assert source_line(c.fig).startswith("Source: Pub d0 (2025-01-01); Pub d1 (2025-01-01)")
    labels = {t.get_text() for t in c.fig.axes[0].texts}
    assert {"OpenAI", "$10.0B run-rate, 2025-06", "$30B", "$20B"} <= labels


def test_network_chart_on_the_real_data(real):
    c = circular.network_chart(real)
    hub = c.findings[0]
    assert (hub.value, hub.shown) == (0.869, "87%")
    assert hub.sentence.startswith("87% of the $872B in disclosed AI deals run to or from OpenAI; 9 of the 32 deals")
    assert c.title == "87% of the $872B in disclosed deals run to or from OpenAI"
    assert "Largest disclosed: OpenAI to Oracle $300.0B" in c.alt


def test_draw_functions_carry_their_titles_and_sources(real):
    fig = circular.draw_network(real.graph, real.revenue, "A finding", "a source")
    assert fig._suptitle.get_text() == "A finding"
    assert source_line(fig) == "Source: a source"
    bars = circular.draw_dollar(pd.Series({"A": 1.0, "B": 0.25}), "A", "Another finding", "US$", "src", "entry")
    assert bars._suptitle.get_text() == "Another finding"
    assert [t.get_text() for t in bars.axes[0].get_yticklabels()] == ["B", "A (entry)"]


def test_long_titles_and_sources_are_wrapped_to_the_figure():
    long = "word " * 60
    fig = circular.draw_dollar(pd.Series({"A": 1.0}), "A", long, "US$", long, "entry")
    assert fig._suptitle.get_text().count("\n") >= 2
    assert source_line(fig).split() == ["Source:"] + long.split()
    assert next(t for t in fig.texts if t.get_text().startswith("Source: ")).get_text().count("\n") >= 1


def test_deals_and_article_tables():
    s = small_scope()
    deals = circular.deals_table(s)
    assert set(deals) == {"frame", "caption", "source"}
    assert list(deals["frame"]["Deal (money flows →)"])[:2] == ["Microsoft → OpenAI", "Nvidia → OpenAI"]
    assert "not disclosed" in set(deals["frame"]["Amount"])
    assert deals["caption"].startswith("Every deal in the network (conditional deals included; ")
    assert deals["source"].startswith("Pub d0 (2025-01-01)")
    article = circular.article_table(s)
    assert article["caption"] == "What the article says about who pays whom, against the deals in the data"
    first = article["frame"].iloc[0]
    assert first["The deals in the data"] == ("Nvidia → OpenAI: equity investment $10.0B (conditional) | "
                                                    "OpenAI → Nvidia: chip purchase $30.0B (firm)")


def test_article_rows_read_the_graph():
    graph = dealgraph.build(small_deals(("Nvidia", "OpenAI", "equity_investment", 100, "conditional")))
    text = circular.pair_text(graph, "Nvidia", "OpenAI")
    assert text == "Nvidia → OpenAI: equity investment $100.0B (conditional)"
    assert circular.pair_text(graph, "OpenAI", "Nvidia") == "OpenAI → Nvidia: no deal in scope"
    assert len(circular.article_rows(graph)) == len(circular.ARTICLE_LINKS)


# --- the loops --------------------------------------------------------------------------------------

def test_loops_finding_prose_and_table():
    s = small_scope()
    loops = dealgraph.loops(s.graph)
    f = circular.loops_finding(loops)
    # Nvidia ↔ OpenAI, OpenAI ↔ Oracle (undisclosed revenue share), OpenAI → Oracle → Nvidia → OpenAI
    assert (f.name, f.value, f.shown) == ("circular-revenue-loops", 3, "3")
    assert f.sentence == ("The deal network holds 3 loops in which money leaves a company and comes back to it; "
                          "1 are made of firm deals only and 2 have a disclosed amount on every link.")
    p = circular.loops_prose(loops, s.graph.nodes)
    assert (p["shortest"], p["longest"], p["hub"], p["hub_n"], p["second"], p["second_n"]) == (2, 3, "OpenAI", 3,
                                                                                                "Nvidia", 2)
    t = circular.loops_table(loops)
    assert list(t["frame"]["Smallest disclosed link"]) == ["$10.0B", "$10.0B", "$5.0B"]
    assert list(t["frame"]["Links without amount"]) == [0, 1, 0]
    assert t["source"] == "cycle detection on the graph of the deals in scope above"


def test_no_loops_no_prose():
    graph = dealgraph.build(small_deals(("A", "B", "chip_purchase", 1)))
    loops = dealgraph.loops(graph)
    assert circular.loops_prose(loops, graph.nodes) is None
    assert circular.loops_finding(loops).value == 0


def test_loops_on_the_real_data(real):
    f = circular.loops_finding(dealgraph.loops(real.graph))
    assert f.sentence == ("The deal network holds 22 loops in which money leaves a company and comes back to it; "
                          "3 are made of firm deals only and 5 have a disclosed amount on every link.")


# --- the round-trip arithmetic ----------------------------------------------------------------------

def test_spend_back_prose_reads_the_sourced_figures(real):
    p = circular.spend_back_prose(real)
    companies = real.frames.companies.set_index("metric")["value"]
    hardware, other = companies["hardware_cost_per_gigawatt"], companies["other_cost_per_gigawatt"]
    assert p["hw"] == fmt_usd_bn(hardware) and p["total"] == fmt_usd_bn(hardware + other)
    assert p["hw_share"] == fmt_pct(hardware / (hardware + other))
    assert (p["sb"], p["pt"]) == ("50%", "50%")
    assert circular.spend_back_prose(small_scope()) is None  # the small data have neither figure


def test_single_supplier_prose():
    p = circular.single_supplier_prose(small_scope().net)
    assert p["pairs"] == "Oracle to Nvidia"
    only_two = dealgraph.network(dealgraph.build(small_deals(("A", "B", "chip_purchase", 1), ("A", "C", "chip_purchase", 1))))
    assert circular.single_supplier_prose(only_two) is None


def test_outside_dollar_chart():
    c = circular.outside_dollar_chart(small_scope())
    # $1 at OpenAI; 40% of it passed on: Nvidia 0.30, Oracle 0.10, and Oracle passes 0.04 on to Nvidia
    f = c.findings[0]
    assert (f.name, f.value, f.shown) == ("circular-revenue-outside-dollar", 1.44, "$1.44")
    assert f.sentence == ("A dollar a customer pays OpenAI is booked as $1.44 of revenue by 3 companies when each "
                          "passes on 40% of what it earns to its suppliers in the network.")
    assert c.title == "A customer's dollar paid to OpenAI is booked as $1.44 of revenue by 3 companies"
    assert c.alt.endswith("40% pass-through share: OpenAI $1.00; Nvidia $0.34; Oracle $0.10; total $1.44.")
    assert c.sources == ("d0", "d1", "d2", "d3", "d4")  # the disclosed deals the model's dollars follow
    assert source_line(c.fig).endswith("; pass-through share: assumption")
    assert not c.deck


def test_invested_dollar_prose_title_and_chart():
    s = small_scope()
    # Nvidia's dollar in OpenAI: 50¢ spent back on Nvidia; of the other 50¢, 40% passed on (15¢ Nvidia, 5¢ Oracle),
    # and Oracle passes 2¢ of its 5¢ to Nvidia: Nvidia 67¢, Oracle 5¢
    per_dollar = circular.invested_dollar(s)
    assert per_dollar["Nvidia"] == pytest.approx(0.67) and per_dollar.sum() == pytest.approx(0.72)
    p = circular.invested_dollar_prose(s)
    assert (p["invests"], p["total"], p["back"], p["sb"], p["pt"]) == ("$10.0B", "$0.72", "$0.67", "50%", "40%")
    c = circular.invested_dollar_chart(s)
    assert c.title == "Of each dollar Nvidia invests, 67¢ comes back as Nvidia's revenue; $0.72 is booked in all"
    assert c.alt.endswith("spend-back share 50%, pass-through share 40%: Nvidia $0.67; Oracle $0.05.")
    assert c.deck and c.name == "circular-revenue-invested-dollar"
    assert source_line(c.fig).endswith("; spend-back and pass-through shares: assumptions")


def test_invested_dollar_title_for_a_company_that_invests_nothing():
    s = small_scope(company="Oracle")
    assert circular.invested_dollar_prose(s)["invests"] == "nothing"
    assert circular.invested_dollar_title(circular.invested_dollar(s), "Oracle", 0.0) == (
        "Oracle makes no disclosed investment in the network, so none of its revenue is its own money returning")


def test_own_money_findings():
    s = small_scope()
    # Nvidia's own $10B comes back as 6.7; Microsoft's $20B (not spent back) routes 6.0 + 0.8 to Nvidia
    assert circular.own_money_share(s) == pytest.approx(6.7 / 13.5)
    f = circular.own_money_finding(s)
    assert (f.value, f.shown) == (round(6.7 / 13.5, 3), "50%")
    assert f.sentence == ("Nvidia's own money coming back is 50% of the revenue the disclosed investments route to it "
                          "(spend-back 50%, pass-through 40%).")
    # firm deals only: Nvidia's conditional stake is gone, none of its revenue is its own money
    assert circular.own_money_share(s, include_conditional=False) == 0
    cond = circular.own_money_if_finding(s)
    assert cond.kind == "condition" and cond.sentence == ("Counting firm deals only, Nvidia's own money coming "
                                                 "back would be 0% of the revenue the deals route to it, not 50%.")
    flipped = circular.own_money_if_finding(small_scope(include_conditional=False))
    assert flipped.sentence == ("Counting conditional deals too, Nvidia's own money coming back would be 50% of the "
                                "revenue the deals route to it, not 0%.")


def test_own_money_findings_when_nothing_is_routed_to_the_company():
    s = small_scope(company="Microsoft")
    assert math.isnan(circular.own_money_share(s))
    assert circular.own_money_finding(s).sentence == "No disclosed investment routes any revenue to Microsoft."
    assert circular.own_money_if_finding(s).sentence == ("Counting firm deals only, no disclosed investment would "
                                                         "route revenue to Microsoft.")


def test_own_money_findings_on_the_real_data(real):
    f = circular.own_money_finding(real)
    assert (f.value, f.shown) == (0.955, "96%")
    assert circular.own_money_if_finding(real).sentence == (
        "Counting firm deals only, Nvidia's own money coming back would be 18% of the revenue the deals route to it, "
        "not 96%.")


def test_self_funded_table():
    t = circular.self_funded_table(small_scope())
    frame = t["frame"].set_index("Company")
    assert frame.loc["Nvidia", "Own money, share"] == pytest.approx(6.7 / 13.5)
    assert frame.loc["Microsoft", "Invests (disclosed, $B)"] == 20
    assert frame.loc["Oracle", "For scale: annual revenue ($B)"] == 50
    assert t["caption"].endswith("(spend-back 50%, pass-through 40%)")
    assert t["source"].endswith("; shares: assumptions")
    assert t["formats"]["Own money, share"](0.5) == "50%"


def test_sweep_title_and_chart():
    s = small_scope()
    c = circular.sweep_chart(s)
    # Nvidia's own share at spend-back x: (3.4 + 6.6x) / (10.2 + 6.6x), from 33% to 60%
    assert c.title == "Nvidia's own money is 33% to 60% of the revenue its deals route to it"
    assert "Right: Nvidia's own money as a share of the revenue the deals route to it, from 33% to 60%" in c.alt
    # pass-through 0: only the dollar itself; 100%: 1 at OpenAI + 0.75 at Nvidia + 0.25 at Oracle + Oracle's 0.25 at Nvidia
    assert "rises from $1.00 to $2.25 as the pass-through share goes from 0% to 100%" in c.alt
    assert source_line(c.fig) == "Source: " + circular.SWEEP_SOURCE
    assert c.name == "circular-revenue-sweep" and not c.findings


def test_sweep_title_choices():
    flat = pd.DataFrame({"self_funded_share": [0.5, 0.502]})
    assert circular.sweep_title(flat, "X") == "X's own money is 50% of the revenue its deals route to it, at any spend-back"
    none = pd.DataFrame({"self_funded_share": [math.nan, math.nan]})
    assert circular.sweep_title(none, "X") == "No disclosed investment routes any revenue to X, whatever the shares"


# --- the dot-com precedents -------------------------------------------------------------------------

def test_precedents_findings_prose_and_chart():
    s = small_scope()
    table = circular.then_and_now(s)
    rows = table.set_index("label")
    assert rows.loc["Nvidia, deals to date", "share"] == pytest.approx(10 / 130.5)
    assert rows.loc["Qwest, 2000-2001", "revenue"] == pytest.approx(36.3)
    f = circular.vendor_financing_finding(table)
    assert (f.value, f.shown) == (round(10 / 130.5, 3), "8%")
    assert f.sentence == ("Nvidia's stakes in companies that buy from it equal 8% of a year's revenue; the largest "
                          "dot-com vendor financing in the data was 27% (Lucent, 2000-12-31).")
    p = circular.precedents_prose(table)
    assert (p["old_top"], p["old_name"], p["ai_list"], p["swap_list"]) == ("26.8%", "Lucent, 2000-12-31",
                                                                           "Nvidia 7.7%", "Qwest, 2000-2001 2.6%")
    c = circular.precedents_chart(s, table)
    assert c.title == ("Nvidia's stakes in companies that buy from it equal 8% of a year's revenue; Lucent's vendor financing "
                       "(2000-12-31) was 27% of its revenue")
    assert c.alt.startswith("Horizontal bar chart") and "Lucent, 2000-12-31 26.8%" in c.alt
    assert set(c.sources) == {"p-lucent", "p-lucent-rev", "p-qwest", "p-qwest-rev", "r-nvidia",
                              "d0", "d1", "d2", "d3", "d4", "d5"}
    assert c.deck and not c.findings


def test_then_and_now_keeps_vendors_whose_deals_are_left_out():
    table = circular.then_and_now(small_scope(include_conditional=False))
    nvidia = table[table["company"] == "Nvidia"]
    assert len(nvidia) == 1 and nvidia["value"].iloc[0] == 0  # its only stake is conditional


def test_precedents_on_the_real_data(real):
    table = circular.then_and_now(real)
    f = circular.vendor_financing_finding(table)
    assert (f.value, f.shown) == (1.318, "132%")
    assert circular.precedents_title(table).startswith(
        "AMD's warrant on its own shares, granted to a company that buys from it, is worth 132%")
    assert "stake" not in circular.vendor_financing_finding(table).sentence.split(';')[0]  # a warrant is not a stake


def test_dotcom_table():
    t = circular.dotcom_table(small_scope())
    assert len(t["frame"]) == 5 and t["caption"].startswith("Every dot-com precedent figure")
    assert t["frame"].set_index("Figure").loc["vendor financing commitments", "In the chart"] == "yes"


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



# --- what the network chart shows, as drawn ---------------------------------------------------------

def _drawn(fig):
    from matplotlib.backends.backend_agg import FigureCanvasAgg

    canvas = FigureCanvasAgg(fig)
    canvas.draw()
    return canvas.get_renderer()


def test_network_chart_marks_the_hub_with_its_share_of_deal_dollars(real):
    c = circular.network_chart(real)
    _, top, share = circular.network_title(real.graph)
    through = circular.deal_dollars(real.graph)
    texts = [t.get_text() for t in c.fig.axes[0].texts]
    # the hub's label states what the title states, and its amount
    assert f"{share:.0%} of deal dollars ({fmt_usd_bn(through[top], 0)})" in texts
    # the hub is filled apart from the others; circles stay sized by revenue, and the legend says both
    faces = {tuple(round(v, 3) for v in coll.get_facecolor()[0][:3]) for coll in c.fig.axes[0].collections}
    from matplotlib.colors import to_rgb
    assert tuple(round(v, 3) for v in to_rgb(circular.HUB_FACE)) in faces
    legend = [t.get_text() for t in c.fig.axes[0].get_legend().get_texts()]
    assert "Circle area: company revenue" in legend
    assert f"Yellow: {top}, on one side of {share:.0%} of disclosed deal dollars" in legend


def test_deal_dollars_count_each_deal_on_both_sides():
    graph = dealgraph.build(small_deals(("A", "B", "equity_investment", 6), ("B", "C", "compute_contract", 3),
                                        ("C", "A", "chip_purchase", None)))
    assert circular.deal_dollars(graph) == {"A": 6.0, "B": 9.0, "C": 3.0}


@pytest.mark.parametrize("which", ["real", "small"])
def test_network_labels_overlap_no_other_label(real, which):
    s = real if which == "real" else small_scope()
    fig = circular.network_chart(s).fig
    renderer = _drawn(fig)
    boxes = [(t.get_text(), t.get_window_extent(renderer)) for t in fig.axes[0].texts if t.get_text()]
    assert any(t.get_gid() == "edge-label" for t in fig.axes[0].texts)
    for i, (a, box_a) in enumerate(boxes):
        for b, box_b in boxes[i + 1:]:
            assert not box_a.overlaps(box_b), f"label {a!r} overlaps {b!r}"


def _all_text(fig):
    """Every visible text of a figure but its title and source line (present.chart sets those)."""
    from matplotlib.text import Text

    skip = {id(fig._suptitle)} | {id(t) for t in fig.texts if t.get_gid() == "source-line"}
    return [t for t in fig.findobj(Text) if t.get_visible() and t.get_text().strip() and id(t) not in skip]


def test_no_text_on_the_sections_charts_is_smaller_than_eleven_points(real):
    table = circular.then_and_now(real)
    for chart_ in (circular.network_chart(real), circular.outside_dollar_chart(real),
                   circular.invested_dollar_chart(real), circular.sweep_chart(real),
                   circular.precedents_chart(real, table)):
        _drawn(chart_.fig)
        renderer = _drawn(chart_.fig)
        small = [(t.get_text()[:30], t.get_fontsize()) for t in _all_text(chart_.fig) if t.get_fontsize() < 11]
        assert not small, f"{chart_.name}: text under 11 pt: {small}"
        box = chart_.fig.bbox  # and, larger, each label still fits inside the image
        for t in [t for ax in chart_.fig.axes for t in ax.texts]:
            ext = t.get_window_extent(renderer)
            assert ext.x0 >= box.x0 - 1 and ext.x1 <= box.x1 + 1, f"{chart_.name}: {t.get_text()[:30]!r} runs off"


# --- how sure: the Monte Carlo over the two shares ---------------------------------------------------

RANGES = "spend_back_share uniform:0:0.5:1, pass_through_share 0:0.5:0.7"


def test_default_ranges_are_the_notebooks_and_the_pass_through_ceiling_is_sourced(real_frames):
    from helpers.core import params, uncertainty
    from helpers.sections import by_slug

    declared = params.declared(by_slug("circular-revenue"))
    assert declared["ranges"].default == RANGES
    spreads = uncertainty.parse(RANGES)
    # Nvidia's $35B of hardware in the $50B a gigawatt costs
    assert circular.pass_through_ceiling(real_frames) == pytest.approx(35 / 50)
    assert spreads["pass_through_share"].high == round(circular.pass_through_ceiling(real_frames), 2)
    assert (spreads["spend_back_share"].dist, spreads["spend_back_share"].low, spreads["spend_back_share"].high) == (
        "uniform", 0.0, 1.0)
    assert set(circular.range_source_ids(real_frames)) == {"crv-livemint-2025-09-nvda-gw-cost",
                                                            "crv-particle-2025-09-nvda-openai-loi"}


def test_monte_carlo_is_seeded_by_the_parameters(real, real_frames):
    import numpy as np

    a, b = circular.monte_carlo(real, RANGES), circular.monte_carlo(real, RANGES)
    assert a.n == 10_000 and set(a.spreads) == {"spend_back_share", "pass_through_share"}
    for key in ("spend_back_share", "pass_through_share"):
        assert np.array_equal(a.inputs[key], b.inputs[key])
    for key in ("own", "routed", "share", "outside"):
        assert np.array_equal(a.many[key], b.many[key], equal_nan=True)
    assert a.inputs["spend_back_share"].min() >= 0 and a.inputs["spend_back_share"].max() <= 1
    assert a.inputs["pass_through_share"].min() >= 0 and a.inputs["pass_through_share"].max() <= 0.7
    # another parameter value draws other values
    other = circular.monte_carlo(real_scope(real_frames, entry_company="Microsoft"), RANGES)
    assert not np.array_equal(a.inputs["spend_back_share"], other.inputs["spend_back_share"])
    # a share without a range is held at its value
    held = circular.monte_carlo(real, "pass_through_share 0:0.5:0.7")
    assert (held.inputs["spend_back_share"] == 0.5).all() and held.spreads.keys() == {"pass_through_share"}


def test_monte_carlo_draws_equal_the_scalar_model(real):
    from helpers.sections.circular_revenue import model as roundtrip

    m = circular.monte_carlo(real, RANGES, n=30)
    for k in range(m.n):
        sb, pt = m.inputs["spend_back_share"][k], m.inputs["pass_through_share"][k]
        share = roundtrip.self_funded(real.net, sb, pt).loc["Nvidia", "self_funded_share"]
        outside = roundtrip.revenue_from_outside_dollar(real.net, "OpenAI", pt).sum()
        assert m.share[k] == pytest.approx(share, rel=1e-12) and m.many["outside"][k] == pytest.approx(outside, rel=1e-12)


def test_monte_carlo_refuses_a_range_for_something_else(real):
    with pytest.raises(ValueError, match="ranges: company is not an assumption of the round-trip model"):
        circular.monte_carlo(real, "company 0:0.5:1")
    with pytest.raises(ValueError, match="the central value of spend_back_share's range is 0.4"):
        circular.monte_carlo(real, "spend_back_share 0:0.4:1")


def test_own_money_chance_on_the_real_data(real, real_frames):
    import numpy as np

    m = circular.monte_carlo(real, RANGES)
    f = circular.own_money_chance(m)
    direct = float(np.mean(m.share > 0.5))
    assert f.name == "circular-revenue-own-money-chance" and 0 <= f.value <= 1 and f.value == round(direct, 3)
    assert f.sentence == (f"Nvidia's own money coming back is more than half of the revenue the disclosed investments "
                          f"route to it in {f.shown} of 10,000 draws of the two shares.")
    assert "spend-back share evenly from 0% to 100% and the pass-through share from 0% to 70%" in f.how
    assert set(circular.range_source_ids(real_frames)) <= set(f.sources)
    # firm deals only: Nvidia's letter of intent is gone and the share of draws falls
    firm = circular.own_money_chance(circular.monte_carlo(real_scope(real_frames, include_conditional=False), RANGES))
    assert 0 < firm.value < f.value
    prose = circular.chance_prose(m)
    assert prose["other"] == f" Counting firm deals only, {firm.shown} of the draws do."
    assert "(Nvidia hardware's share of a gigawatt's cost)" in prose["ranges"]
    ranked = circular.spread_drivers(m)
    assert ranked[0][0] == "spend_back_share" and ranked[0][1] > 0 and ranked[1][1] < 0
    assert prose["drivers"].startswith(" The spend-back share drives the spread (rank correlation +")


def test_own_money_chance_when_nothing_is_routed_to_the_company():
    # Microsoft's only investment is in OpenAI, which buys nothing from it: nothing comes back, whatever the shares
    m = circular.monte_carlo(small_scope(company="Microsoft", spend_back=0.5, pass_through=0.5), RANGES, n=200)
    f = circular.own_money_chance(m)
    assert f.sentence == "No disclosed investment routes any revenue to Microsoft, whatever the shares." and f.value is None
    assert circular.spread_drivers(m) == [] and circular.draws_band(m) is None
    assert circular.chance_prose(m)["drivers"] == ""


def test_own_money_chance_with_the_shares_held():
    s = small_scope(spend_back=0.5, pass_through=0.5)
    m = circular.monte_carlo(s, "", n=50)
    assert circular.own_money_chance(m).sentence.endswith("in none of 50 draws, both shares held at their values.")
    assert circular.chance_prose(m)["template"].startswith("Both shares are held at one value here")
    assert "draws of" not in circular.sweep_chart(s, m).alt


def test_sweep_chart_shades_the_draws(real):
    m = circular.monte_carlo(real, RANGES)
    band = circular.draws_band(m)
    assert band["share"].iloc[0] == 0 and band["share"].iloc[-1] == 1 and (band["low"] <= band["high"]).all()
    c = circular.sweep_chart(real, m)
    assert c.title == circular.sweep_title(circular.roundtrip.sweeps(real.net, entry="OpenAI", company="Nvidia",
                                                                       **real.shares)[1], "Nvidia")
    assert "the middle 90% of 10,000 draws of the shares" in c.alt
    assert source_line(c.fig).endswith("the shares are assumptions") and "Bloomberg" in source_line(c.fig)
    assert set(circular.range_source_ids(real.frames)) <= set(c.sources)


def test_monte_carlo_names_the_range_that_makes_a_loop_diverge():
    import dataclasses

    import numpy as np

    from helpers.sections.circular_revenue.model import Network

    # Nvidia and OpenAI buy only from each other: at a pass-through share of 1 the money never leaves
    closed = Network(("Nvidia", "OpenAI"), np.array([[0, 1.0], [2.0, 0]]), np.array([[0, 1.0], [0, 0]]),
                     np.array([[False, True], [True, False]]))
    s = dataclasses.replace(small_scope(), net=closed, pass_through=0.9)
    assert circular.monte_carlo(s, "pass_through_share 0:0.9:0.99", n=50).many["outside"].max() < 100
    with pytest.raises(ValueError, match=r"^ranges: pass_through_share's range reaches 1; these pass-through shares "
                                         r"make the total revenue infinite: .*Nvidia → OpenAI → Nvidia"):
        circular.monte_carlo(dataclasses.replace(s, pass_through=1.0), "pass_through_share 1:1:1", n=50)
