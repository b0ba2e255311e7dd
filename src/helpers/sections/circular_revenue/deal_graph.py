"""The deal network as a networkx graph built from data/deals.csv, and the loops in it.

An edge points the way money (or equity) moves: from the investor to the investee, from the buyer
to the seller. A loop (a cycle of the graph) is therefore a path along which money leaves a company
and comes back to it. Loops are found with networkx.simple_cycles, never listed by hand.
"""
from __future__ import annotations

import math

import networkx as nx
import numpy as np
import pandas as pd

from helpers.sections.circular_revenue.model import Network

INVESTMENT_KINDS = ("equity_investment", "warrant")
PURCHASE_KINDS = ("chip_purchase", "compute_contract", "capacity_backstop", "revenue_share")
KIND_WORDS = {"equity_investment": "equity investment", "warrant": "warrant", "chip_purchase": "chip purchase",
              "compute_contract": "cloud/compute contract", "capacity_backstop": "capacity backstop",
              "revenue_share": "revenue share"}


def select(deals: pd.DataFrame, include_conditional: bool = True, include_after_article: bool = False) -> pd.DataFrame:
    """The headline row of each deal in scope."""
    rows = deals[deals["headline"] == "yes"]
    if not include_conditional:
        rows = rows[rows["status"] == "firm"]
    if not include_after_article:
        rows = rows[rows["after_article"] == "no"]
    return rows


def build(deals: pd.DataFrame, include_conditional: bool = True, include_after_article: bool = False) -> nx.MultiDiGraph:
    """One edge per deal (key: deal_id), from payer to receiver; amount is NaN when undisclosed."""
    unknown = set(deals["kind"]) - set(INVESTMENT_KINDS) - set(PURCHASE_KINDS)
    if unknown:
        raise ValueError(f"deals.csv: unknown deal kind(s) {sorted(unknown)}")
    graph = nx.MultiDiGraph()
    for row in select(deals, include_conditional, include_after_article).itertuples():
        amount = float(row.amount) if pd.notna(row.amount) else math.nan
        graph.add_edge(row.from_company, row.to_company, key=row.deal_id, kind=row.kind, amount=amount,
                       status=row.status, announced=row.announced, source_id=row.source_id,
                       group="investment" if row.kind in INVESTMENT_KINDS else "purchase")
    return graph


def company_graph(graph: nx.MultiDiGraph) -> nx.DiGraph:
    """One edge per (payer, receiver): the deals, their kinds, the disclosed total and what is undisclosed."""
    simple = nx.DiGraph()
    simple.add_nodes_from(graph.nodes)
    for u, v, key, data in graph.edges(keys=True, data=True):
        if not simple.has_edge(u, v):
            simple.add_edge(u, v, deals=[], kinds=[], amount=math.nan, undisclosed=0, conditional=0)
        edge = simple[u][v]
        edge["deals"].append(key)
        if data["kind"] not in edge["kinds"]:
            edge["kinds"].append(data["kind"])
        if math.isnan(data["amount"]):
            edge["undisclosed"] += 1
        else:
            edge["amount"] = data["amount"] + (0 if math.isnan(edge["amount"]) else edge["amount"])
        edge["conditional"] += data["status"] == "conditional"
    return simple


def _rotate(cycle: list, simple: nx.DiGraph) -> list:
    """Start a loop at the payer of its largest disclosed link (ties and undisclosed loops: by name)."""
    links = list(zip(cycle, cycle[1:] + cycle[:1]))
    amounts = [simple[u][v]["amount"] for u, v in links]
    scored = [(-(a if not math.isnan(a) else -1.0), str(u), k) for k, ((u, _), a) in enumerate(zip(links, amounts))]
    start = min(scored)[2]
    return cycle[start:] + cycle[:start]


def loops(graph: nx.MultiDiGraph | nx.DiGraph, max_length: int | None = None) -> pd.DataFrame:
    """Every simple loop of the company graph, one row each, shortest first."""
    simple = company_graph(graph) if graph.is_multigraph() else graph
    rows = []
    for cycle in nx.simple_cycles(simple, length_bound=max_length):
        cycle = _rotate(list(cycle), simple)
        links = list(zip(cycle, cycle[1:] + cycle[:1]))
        edges = [simple[u][v] for u, v in links]
        amounts = [e["amount"] for e in edges]
        disclosed = [a for a in amounts if not math.isnan(a)]
        kinds = [" + ".join(KIND_WORDS.get(k, k) for k in e["kinds"]) for e in edges]
        rows.append(dict(
            loop=" → ".join(cycle + cycle[:1]),
            companies=len(cycle),
            links=" → ".join(kinds),
            undisclosed_links=sum(math.isnan(a) for a in amounts),
            smallest_disclosed=min(disclosed) if disclosed else math.nan,
            conditional_links=sum(e["conditional"] > 0 for e in edges),
            members=tuple(cycle),
        ))
    columns = ["loop", "companies", "links", "undisclosed_links", "smallest_disclosed", "conditional_links", "members"]
    frame = pd.DataFrame(rows, columns=columns)
    if frame.empty:
        return frame
    frame["_amount"] = frame["smallest_disclosed"].fillna(-1)
    frame = frame.sort_values(["companies", "undisclosed_links", "_amount", "loop"],
                              ascending=[True, True, False, True], kind="stable")
    return frame.drop(columns="_amount").reset_index(drop=True)


def loop_counts(table: pd.DataFrame, companies) -> pd.Series:
    """How many loops pass through each company."""
    counts = {c: int(sum(c in members for members in table["members"])) if len(table) else 0 for c in companies}
    return pd.Series(counts, name="loops").sort_values(ascending=False, kind="stable")


def network(graph: nx.MultiDiGraph, companies=None) -> Network:
    """The graph as the round-trip model's matrices (disclosed amounts only; `buys_from` from every purchase)."""
    names = tuple(companies) if companies is not None else tuple(graph.nodes)
    index = {c: k for k, c in enumerate(names)}
    n = len(names)
    purchases, investments, buys = np.zeros((n, n)), np.zeros((n, n)), np.zeros((n, n), dtype=bool)
    for u, v, data in graph.edges(data=True):
        i, j = index[u], index[v]
        amount = 0.0 if math.isnan(data["amount"]) else data["amount"]
        if data["group"] == "purchase":
            purchases[i, j] += amount
            buys[i, j] = True
        else:
            investments[i, j] += amount
    return Network(names, purchases, investments, buys)


def disclosed_total(graph: nx.MultiDiGraph) -> float:
    return float(sum(d["amount"] for _, _, d in graph.edges(data=True) if not math.isnan(d["amount"])))


def undisclosed_count(graph: nx.MultiDiGraph) -> int:
    return sum(math.isnan(d["amount"]) for _, _, d in graph.edges(data=True))


def customer_investment_kinds(graph: nx.MultiDiGraph) -> dict[str, tuple[str, ...]]:
    """The kinds of deal (equity_investment, warrant, ...) behind each company's customer_investments."""
    buys = {(u, v) for u, v, d in graph.edges(data=True) if d["group"] == "purchase"}
    kinds: dict[str, set] = {}
    for u, v, d in graph.edges(data=True):
        if d["group"] == "investment" and (v, u) in buys and not math.isnan(d["amount"]):
            kinds.setdefault(u, set()).add(d["kind"])
    return {company: tuple(sorted(found)) for company, found in kinds.items()}


def customer_investments(graph: nx.MultiDiGraph) -> pd.Series:
    """Disclosed investments each company makes in companies that buy from it (the vendor-financing analogue)."""
    buys = {(u, v) for u, v, d in graph.edges(data=True) if d["group"] == "purchase"}
    totals: dict[str, float] = {}
    for u, v, d in graph.edges(data=True):
        if d["group"] == "investment" and (v, u) in buys and not math.isnan(d["amount"]):
            totals[u] = totals.get(u, 0.0) + d["amount"]
    return pd.Series(totals, name="invested_in_customers", dtype=float).sort_values(ascending=False)
