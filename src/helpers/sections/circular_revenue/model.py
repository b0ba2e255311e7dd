"""The Circular revenue section's round-trip model: how much reported revenue a dollar creates as it
passes from company to company, and how much of a company's revenue is its own money coming back.

Money moves along the deal network in two ways:

* a purchase (buyer -> seller, e.g. a chip order or a cloud contract): the seller books it as revenue,
  and spends a share `pass_through` of that revenue buying from its own suppliers in the network, split
  in proportion to the disclosed dollar value of its purchase contracts;
* an investment (investor -> investee, e.g. equity or a warrant): the investee spends a share
  `spend_back` of it buying from the investor (only where the data show the investee buying from the
  investor at all); what it does not spend back it spends like revenue, `pass_through` of it going to its
  suppliers in proportion to its disclosed contracts.

With W the routing matrix (W[i, j] = share of i's disclosed purchases that go to j; a row of zeros when i
has no disclosed purchases) and A = pass_through * W, the revenue r that each company books from money
b first booked as revenue solves

    r = b + A^T r,   so   r = (I - A^T)^-1 b = b + A^T b + (A^T)^2 b + ...

a geometric series over the paths of the graph. It converges only when the spectral radius of A is below
1. At 1 or above, money keeps going round some loop: in the simplest case a loop whose product of shares
is 1 or more. The total is then infinite and the model refuses with DivergentLoopError (a ValueError).
Deals without a disclosed amount carry no weight in W: they stay in the graph for the loops but move no
modelled dollars, except through `spend_back`, which needs only to know that the investee buys from the
investor.
"""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

DIVERGENCE_TOLERANCE = 1e-9


class DivergentLoopError(ValueError):
    """The shares make money circulate forever: the total revenue would be infinite."""


def check_share(name: str, value: float) -> float:
    """A pass-through share: a fraction between 0 and 1."""
    if not isinstance(value, (int, float)) or isinstance(value, bool) or not 0 <= value <= 1:
        raise ValueError(f"{name} must be a share between 0 and 1, got {value!r}")
    return float(value)


def _loop_text(labels, cycle) -> str:
    names = [str(labels[i]) for i in cycle]
    return " → ".join(names + names[:1])


def _diverging_loop(shares: np.ndarray, labels) -> tuple[str, float]:
    """A loop inside the part of the graph that keeps all the money, and the product of its shares."""
    import networkx as nx

    graph = nx.DiGraph()
    rows, cols = np.nonzero(shares)
    graph.add_weighted_edges_from((int(i), int(j), float(shares[i, j])) for i, j in zip(rows, cols))
    best = None
    for component in nx.strongly_connected_components(graph):
        nodes = sorted(component)
        sub = shares[np.ix_(nodes, nodes)]
        if len(nodes) == 1 and sub[0, 0] == 0:
            continue
        if max(abs(np.linalg.eigvals(sub))) >= 1 - DIVERGENCE_TOLERANCE:
            cycle = [u for u, _ in nx.find_cycle(graph.subgraph(nodes))]
            product = float(np.prod([shares[u, v] for u, v in zip(cycle, cycle[1:] + cycle[:1])]))
            candidate = (_loop_text(labels, cycle), product)
            best = candidate if best is None or candidate[1] > best[1] else best
    return best if best is not None else ("(no single loop found)", float("nan"))


def total_booked(shares, injected, labels=None) -> np.ndarray:
    """Money each node ends up receiving: x = injected + shares^T x.

    shares[i, j] is the share of what node i receives that it passes on to node j; injected[i] is
    the money that first reaches node i from outside. Refuses shares that make the total infinite."""
    shares = np.asarray(shares, dtype=float)
    injected = np.asarray(injected, dtype=float)
    n = shares.shape[0]
    if shares.ndim != 2 or shares.shape != (n, n) or injected.shape != (n,):
        raise ValueError(f"shares must be a square matrix and injected a vector of the same size, got "
                         f"{shares.shape} and {injected.shape}")
    if not (np.isfinite(shares).all() and np.isfinite(injected).all()):
        raise ValueError("shares and injected amounts must be finite numbers")
    if (shares < 0).any() or (injected < 0).any():
        raise ValueError("shares and injected amounts cannot be negative")
    labels = list(labels) if labels is not None else list(range(n))
    radius = max(abs(np.linalg.eigvals(shares))) if n else 0.0
    if radius >= 1 - DIVERGENCE_TOLERANCE:
        loop, product = _diverging_loop(shares, labels)
        raise DivergentLoopError(
            f"these pass-through shares make the total revenue infinite: money keeps circulating in the loop "
            f"{loop} (product of shares around it: {product:.3g}; spectral radius {radius:.3g} >= 1). "
            f"Lower the shares so that each loop passes on less than all it receives.")
    return np.linalg.solve(np.eye(n) - shares.T, injected)


@dataclass(frozen=True)
class Network:
    """The deal network as matrices over `companies` (disclosed amounts in usd_bn)."""
    companies: tuple[str, ...]
    purchases: np.ndarray  # [i, j]: disclosed value of what i buys from j
    investments: np.ndarray  # [i, j]: disclosed value of what i invests in j
    buys_from: np.ndarray  # [i, j]: True when the data show i buying from j (disclosed or not)

    def __post_init__(self):
        n = len(self.companies)
        for name in ("purchases", "investments", "buys_from"):
            if np.shape(getattr(self, name)) != (n, n):
                raise ValueError(f"{name} must be a {n}x{n} matrix, one row and column per company")
        if (np.asarray(self.purchases) < 0).any() or (np.asarray(self.investments) < 0).any():
            raise ValueError("deal amounts cannot be negative")

    def index(self, company: str) -> int:
        if company not in self.companies:
            raise ValueError(f"unknown company {company!r}; the network has: {', '.join(sorted(self.companies))}")
        return self.companies.index(company)

    @property
    def routing(self) -> np.ndarray:
        """W[i, j]: share of i's disclosed purchases that go to j (rows sum to 1, or 0 with none disclosed)."""
        totals = self.purchases.sum(axis=1, keepdims=True)
        return np.divide(self.purchases, totals, out=np.zeros_like(self.purchases, dtype=float), where=totals > 0)

    def invested(self, company: str) -> float:
        return float(self.investments[self.index(company)].sum())


def _revenue(net: Network, injected: np.ndarray, pass_through: float) -> pd.Series:
    booked = total_booked(pass_through * net.routing, injected, net.companies)
    return pd.Series(booked, index=list(net.companies), name="revenue")


def revenue_from_outside_dollar(net: Network, entry: str, pass_through: float) -> pd.Series:
    """Revenue each company books when one outside dollar is paid to `entry` (a customer's payment)."""
    pass_through = check_share("pass_through", pass_through)
    injected = np.zeros(len(net.companies))
    injected[net.index(entry)] = 1.0
    return _revenue(net, injected, pass_through)


def investment_injection(net: Network, investor: str, spend_back: float, pass_through: float,
                         capital: np.ndarray | None = None) -> np.ndarray:
    """Revenue first booked when `investor` puts `capital[j]` into each company j (default: its disclosed
    investments): spend_back of it returns to the investor where j buys from it; pass_through of the
    rest goes to j's suppliers."""
    i = net.index(investor)
    capital = net.investments[i].astype(float) if capital is None else np.asarray(capital, dtype=float)
    spent_back = spend_back * capital * net.buys_from[:, i]
    injected = pass_through * net.routing.T @ (capital - spent_back)
    injected[i] += spent_back.sum()
    return injected


def revenue_from_investments(net: Network, investor: str, spend_back: float, pass_through: float,
                             per_dollar: bool = False) -> pd.Series:
    """Revenue each company books from `investor`'s disclosed investments (or from one dollar split
    the same way, with per_dollar=True). Zero everywhere for a company that invests nothing."""
    spend_back = check_share("spend_back", spend_back)
    pass_through = check_share("pass_through", pass_through)
    capital = net.investments[net.index(investor)].astype(float)
    if per_dollar and capital.sum() > 0:
        capital = capital / capital.sum()
    return _revenue(net, investment_injection(net, investor, spend_back, pass_through, capital), pass_through)


def self_funded(net: Network, spend_back: float, pass_through: float) -> pd.DataFrame:
    """For each company: what it invests, the revenue all the disclosed investments route to it, how much
    of that is its own money coming back, and that share (NaN when the investments route it nothing)."""
    spend_back = check_share("spend_back", spend_back)
    pass_through = check_share("pass_through", pass_through)
    shares = pass_through * net.routing
    # revenue_from_investments for each investor, as arrays (a Series each made this 3x slower)
    by_investor = [total_booked(shares, investment_injection(net, c, spend_back, pass_through), net.companies)
                   for c in net.companies]
    total = sum(by_investor)
    own = [booked[i] for i, booked in enumerate(by_investor)]
    frame = pd.DataFrame({
        "invested": [net.invested(c) for c in net.companies],
        "revenue_from_investments": total,
        "own_money_back": own,
    }, index=list(net.companies))
    frame["self_funded_share"] = frame["own_money_back"].div(frame["revenue_from_investments"].where(
        frame["revenue_from_investments"] > 0))
    frame.index.name = "company"
    return frame


def sweep(net: Network, values, vary: str, *, spend_back: float, pass_through: float, entry: str,
          company: str) -> pd.DataFrame:
    """The model's results as one share moves over `values` and the other stays fixed.

    Columns: the share, revenue from one outside dollar paid to `entry`, revenue from one dollar
    `company` invests, the part of it back at `company`, and `company`'s self-funded share; NaN where
    the shares would make the total infinite (diverges=True)."""
    if vary not in ("pass_through", "spend_back"):
        raise ValueError(f"vary must be 'pass_through' or 'spend_back', got {vary!r}")
    net.index(entry), net.index(company)
    rows = []
    for value in values:
        shares = dict(spend_back=spend_back, pass_through=pass_through)
        shares[vary] = float(value)
        row = dict(share=float(value), diverges=False)
        try:
            row["outside_dollar_revenue"] = float(revenue_from_outside_dollar(net, entry, shares["pass_through"]).sum())
            invested = revenue_from_investments(net, company, per_dollar=True, **shares)
            row["invested_dollar_revenue"] = float(invested.sum())
            row["back_to_company"] = float(invested[company])
            row["self_funded_share"] = float(self_funded(net, **shares).loc[company, "self_funded_share"])
        except DivergentLoopError:
            row.update(diverges=True, outside_dollar_revenue=np.nan, invested_dollar_revenue=np.nan,
                       back_to_company=np.nan, self_funded_share=np.nan)
        rows.append(row)
    frame = pd.DataFrame(rows)
    frame.attrs.update(vary=vary, entry=entry, company=company)
    return frame


def _shares_array(name: str, values) -> np.ndarray:
    """Draws of a share: a 1-d array of finite fractions between 0 and 1."""
    values = np.asarray(values, dtype=float)
    if values.ndim != 1 or not np.isfinite(values).all() or (values < 0).any() or (values > 1).any():
        raise ValueError(f"{name} must be a 1-d array of shares between 0 and 1")
    return values


def round_trips_many(net: Network, company: str, entry: str, spend_back, pass_through) -> dict[str, np.ndarray]:
    """The model's results for many pairs of shares at once (a Monte Carlo's draws), one value per pair:

    * `own`: `company`'s own money coming back (self_funded's own_money_back);
    * `routed`: the revenue all the disclosed investments route to `company` (revenue_from_investments);
    * `share`: own / routed, NaN where nothing is routed (self_funded_share);
    * `outside`: revenue booked in all from one outside dollar paid to `entry` (revenue_from_outside_dollar's sum).

    Each equals the scalar functions' value for the same shares up to rounding (a relative 1e-12). The results
    are linear in what is injected, so one row of (I - A^T)^-1 serves every investor: with A = pass_through * W,
    solving (I - A) x = e_company gives x, and x . injected is what `company` books from any injection; solving
    (I - A) y = 1 gives y, whose entry for `entry` is the sum of what an outside dollar paid to it is booked as.
    One batched solve over the stack of (I - A) does both. Refuses shares that make the total infinite, as
    total_booked does (a pass-through share below 1 never does: each row of W sums to at most 1)."""
    spend_back = _shares_array("spend_back", spend_back)
    pass_through = _shares_array("pass_through", pass_through)
    if spend_back.shape != pass_through.shape:
        raise ValueError(f"spend_back and pass_through must have one value per draw each, got "
                         f"{spend_back.size} and {pass_through.size}")
    k, e = net.index(company), net.index(entry)
    n = len(net.companies)
    routing = net.routing
    if n and pass_through.size:
        worst = float(pass_through.max())
        if worst * max(abs(np.linalg.eigvals(routing))) >= 1 - DIVERGENCE_TOLERANCE:
            total_booked(worst * routing, np.zeros(n), net.companies)  # raises DivergentLoopError, naming the loop
    capital = net.investments.astype(float)  # [i, j]: what i invests in j
    spent = capital * net.buys_from.T  # [i, j]: the part of it that j could spend back with i
    back = spent.sum(axis=1)  # [i]: what investor i gets back per unit of spend-back share
    # (I - A) for each draw; right-hand sides e_company and ones
    matrices = np.eye(n)[None] - pass_through[:, None, None] * routing[None]
    sides = np.zeros((n, 2))
    sides[k, 0], sides[:, 1] = 1.0, 1.0
    solved = np.linalg.solve(matrices, np.broadcast_to(sides, (len(pass_through), n, 2)))
    x, y = solved[..., 0], solved[..., 1]
    sb, pt = spend_back[:, None], pass_through[:, None]
    # what is first booked as revenue: investment_injection, for `company`'s investments and for all of them
    own_injected = pt * ((capital[k] - sb * spent[k]) @ routing) + np.outer(spend_back, np.eye(n)[k] * back[k])
    all_injected = pt * ((capital.sum(axis=0) - sb * spent.sum(axis=0)) @ routing) + sb * back
    own = np.einsum("dj,dj->d", x, own_injected)
    routed = np.einsum("dj,dj->d", x, all_injected)
    share = np.divide(own, routed, out=np.full_like(own, np.nan), where=routed > 0)
    return dict(own=own, routed=routed, share=share, outside=y[:, e])


SWEEP_STEPS = 21  # shares 0%, 5%, ..., 100%


def sweeps(net: Network, *, spend_back: float, pass_through: float, entry: str, company: str,
           steps: int = SWEEP_STEPS) -> tuple[pd.DataFrame, pd.DataFrame]:
    """The two sweeps the section charts: over the pass-through share (spend-back fixed) and over the
    spend-back share (pass-through fixed), each on `steps` evenly spaced shares from 0 to 1."""
    if steps < 2:
        raise ValueError(f"a sweep needs at least 2 steps, got {steps}")
    grid = np.round(np.linspace(0, 1, steps), 2)
    shares = dict(spend_back=spend_back, pass_through=pass_through, entry=entry, company=company)
    return sweep(net, grid, "pass_through", **shares), sweep(net, grid, "spend_back", **shares)


def single_suppliers(net: Network) -> list[tuple[str, str]]:
    """(company, supplier) for each company with exactly one disclosed supplier in the network: the model
    sends all of its pass-through there."""
    return [(c, net.companies[int(np.argmax(row))]) for c, row in zip(net.companies, net.routing)
            if (row > 0).sum() == 1]
