"""The Circular revenue section: the deal network's chart, the loop table, the round-trip model's charts
and the dot-com precedents.

The graph and its loops are in helpers.dealgraph, the arithmetic in helpers.roundtrip; this module turns
them into tables and charts so that the notebook reads as a story.
"""
from __future__ import annotations

import math

import networkx as nx
import pandas as pd
from matplotlib.lines import Line2D
from matplotlib.patches import FancyArrowPatch
from matplotlib.ticker import FuncFormatter, PercentFormatter

from helpers.sections.circular_revenue import deal_graph as dealgraph
from helpers.core.present import INK, MUTED, PALETTE, chart, fmt_usd_bn

KIND_COLORS = {"equity_investment": "#e0a030", "warrant": "#8e5bb5", "chip_purchase": "#2f6db5",
               "compute_contract": "#3a8a4f", "capacity_backstop": "#c8553d", "revenue_share": "#59636e"}
KIND_LABELS = {"equity_investment": "Equity investment", "warrant": "Warrant (shares granted)",
               "chip_purchase": "Chip purchase", "compute_contract": "Cloud / compute contract",
               "capacity_backstop": "Capacity backstop", "revenue_share": "Revenue share"}
# Where each company sits on the network chart (x, y); investors and suppliers around the two labs.
# Companies not listed here (a reader's own data) are placed on an outer ring.
LAYOUT = {"OpenAI": (-0.6, 0.0), "Anthropic": (0.9, 0.0), "Nvidia": (0.3, 0.95), "Microsoft": (0.1, -0.9),
          "Oracle": (-1.0, 0.95), "CoreWeave": (-0.15, 0.3), "AMD": (-1.5, 0.5), "Broadcom": (-1.35, -0.8),
          "Amazon": (1.35, -0.85), "Google": (1.45, 0.75)}
LABEL_SIDE = {"OpenAI": "left", "Anthropic": "right", "CoreWeave": "right", "Nvidia": "above", "Oracle": "above",
              "AMD": "above", "Google": "above"}  # others: below
LABEL_FROM = 1.0  # usd_bn: smaller disclosed amounts are drawn but not labelled (they are in the deals table)
MAX_NODE_AREA = 5200  # points^2 for the largest revenue
AI_COLOR, DOTCOM_COLOR = "#c8553d", "#8a94a0"


def wrap_title(title: str, inches: float) -> str:
    """Break a long finding title into lines that fit a figure `inches` wide (16 pt bold DejaVu Sans
    averages about 7.2 characters per inch); a title with its own line breaks is kept as it is."""
    import textwrap

    return "\n".join(textwrap.wrap(title, max(int(inches * 7.2), 30))) if "\n" not in title else title


def _titled(fig, title: str):
    """Set the figure's finding title, wrapped to its width (whatever present.chart did with it)."""
    fig._suptitle.set_text(wrap_title(title, fig.get_size_inches()[0]))
    return fig


def fit_source(fig, bottom_extra: float = 0.0):
    """Re-wrap the figure's source line to the figure's width and reserve room for it.

    present.chart wraps the source at a fixed 150 characters, wider than a 10-11 inch figure at
    10 pt; long source lines would run off the right edge."""
    import textwrap

    width_in, height_in = fig.get_size_inches()
    for text in fig.texts:
        if text.get_text().startswith("Source: "):
            lines = textwrap.wrap(" ".join(text.get_text().split()), int(width_in * 72 / 6.0))
            text.set_text("\n".join(lines))
            reserve = (len(lines) * 12.5 + 8) / (height_in * 72) + bottom_extra
            fig.get_layout_engine().set(rect=(0, reserve, 1, 1 - reserve))
            return reserve
    return 0.0


def company_revenue(companies: pd.DataFrame) -> pd.DataFrame:
    """The headline revenue figure per company (usd_bn) with its metric and period."""
    rows = companies[companies["headline"] == "yes"].set_index("company")
    return rows[["metric", "value", "period", "source_id"]]


def _positions(nodes) -> dict:
    extra = [n for n in nodes if n not in LAYOUT]
    pos = {n: LAYOUT[n] for n in nodes if n in LAYOUT}
    for k, name in enumerate(extra):
        angle = 2 * math.pi * k / max(len(extra), 1) + math.pi / 7
        pos[name] = (1.75 * math.cos(angle), 1.05 * math.sin(angle))
    return pos


def _edge_groups(graph: nx.MultiDiGraph) -> list[dict]:
    """One drawn edge per (payer, receiver, kind): disclosed total, or undisclosed."""
    groups: dict = {}
    for u, v, data in graph.edges(data=True):
        g = groups.setdefault((u, v, data["kind"]), dict(u=u, v=v, kind=data["kind"], amount=0.0, disclosed=False))
        if not math.isnan(data["amount"]):
            g["amount"] += data["amount"]
            g["disclosed"] = True
    return list(groups.values())


def _node_area(revenue: float | None, largest: float) -> float:
    if revenue is None or not revenue > 0:
        return 60.0
    return MAX_NODE_AREA * revenue / largest


def revenue_label(row) -> str:
    what = "run-rate" if row["metric"] == "annualized_revenue_run_rate" else "revenue"
    return f"{fmt_usd_bn(row['value'])} {what}, {row['period']}"


def chart_network(graph: nx.MultiDiGraph, revenue: pd.DataFrame, title: str, source: str):
    """Companies sized by revenue (area), edges coloured by kind and as wide as the disclosed amount."""
    fig, ax = chart(title, source, size=(11, 8.4))
    _titled(fig, title)
    pos = _positions(list(graph.nodes))
    largest = float(revenue["value"].max())
    areas = {n: _node_area(revenue["value"].get(n), largest) for n in graph.nodes}
    radius = {n: math.sqrt(a / math.pi) for n, a in areas.items()}
    groups = _edge_groups(graph)
    biggest = max([g["amount"] for g in groups if g["disclosed"]] or [1.0])
    per_pair: dict = {}
    for g in sorted(groups, key=lambda g: (-g["amount"], g["kind"])):
        slot = per_pair.setdefault((g["u"], g["v"]), [])
        slot.append(g)
        rad = 0.10 + 0.11 * (len(slot) - 1)
        (x1, y1), (x2, y2) = pos[g["u"]], pos[g["v"]]
        width = 1.2 + 11 * math.sqrt(g["amount"] / biggest) if g["disclosed"] else 1.6
        color = KIND_COLORS.get(g["kind"], MUTED)
        arrow = FancyArrowPatch((x1, y1), (x2, y2), connectionstyle=f"arc3,rad={rad}", arrowstyle="-|>",
                                mutation_scale=12 + width, linewidth=width, color=color,
                                linestyle="-" if g["disclosed"] else (0, (1.5, 1.5)), alpha=0.85,
                                shrinkA=radius[g["u"]] + 2, shrinkB=radius[g["v"]] + 3, zorder=2)
        ax.add_patch(arrow)
        if g["disclosed"] and g["amount"] >= LABEL_FROM:
            t = (0.5, 0.32, 0.68, 0.2, 0.8)[min(len(slot) - 1, 4)]  # stagger labels of parallel arcs
            cx, cy = (x1 + x2) / 2 + rad * (y2 - y1), (y1 + y2) / 2 - rad * (x2 - x1)  # arc3's control point
            mx = (1 - t) ** 2 * x1 + 2 * t * (1 - t) * cx + t ** 2 * x2
            my = (1 - t) ** 2 * y1 + 2 * t * (1 - t) * cy + t ** 2 * y2
            ax.annotate(fmt_usd_bn(g["amount"], 0 if g["amount"] >= 10 else 1), (mx, my), ha="center", va="center",
                        fontsize=11, color=color, fontweight="bold", zorder=5,
                        bbox=dict(boxstyle="round,pad=0.15", facecolor="white", edgecolor="none", alpha=0.85))
    box = dict(boxstyle="round,pad=0.12", facecolor="white", edgecolor="none", alpha=0.85)
    for node in graph.nodes:
        x, y = pos[node]
        ax.scatter([x], [y], s=areas[node], color="#dfe6ee", edgecolor=INK, linewidth=1.2, zorder=3)
        detail = revenue_label(revenue.loc[node]) if node in revenue.index else "revenue not in data"
        side = LABEL_SIDE.get(node, "below" if node in LAYOUT else ("above" if y > 0 else "below"))
        gap = radius[node] + 3
        if side in ("left", "right"):
            sign, ha = (-1, "right") if side == "left" else (1, "left")
            ax.annotate(node, (x, y), xytext=(sign * gap, 1), textcoords="offset points", ha=ha, va="bottom",
                        fontsize=13, fontweight="bold", color=INK, zorder=6, bbox=box)
            ax.annotate(detail, (x, y), xytext=(sign * gap, -1), textcoords="offset points", ha=ha, va="top",
                        fontsize=10.5, color=MUTED, zorder=6, bbox=box)
            continue
        sign, va = (1, "bottom") if side == "above" else (-1, "top")
        near, far = (detail, node) if side == "above" else (node, detail)
        ax.annotate(near, (x, y), xytext=(0, sign * gap), textcoords="offset points", ha="center", va=va,
                    fontsize=13 if near == node else 10.5, fontweight="bold" if near == node else "normal",
                    color=INK if near == node else MUTED, zorder=6, bbox=box)
        ax.annotate(far, (x, y), xytext=(0, sign * (gap + (15 if near != node else 18))), textcoords="offset points",
                    ha="center", va=va, fontsize=13 if far == node else 10.5,
                    fontweight="bold" if far == node else "normal", color=INK if far == node else MUTED, zorder=6,
                    bbox=box)
    kinds = [k for k in KIND_COLORS if any(g["kind"] == k for g in groups)]
    handles = [Line2D([], [], color=KIND_COLORS[k], linewidth=4, label=KIND_LABELS[k]) for k in kinds]
    handles.append(Line2D([], [], color=MUTED, linewidth=1.6, linestyle=(0, (1.5, 1.5)),
                          label="Dotted: amount not disclosed"))
    handles.append(Line2D([], [], color=MUTED, linewidth=0, label="Width: disclosed amount; arrow: money flows"))
    handles.append(Line2D([], [], color=MUTED, linewidth=0, label="Circle area: company revenue"))
    legend_height = 0.075  # three rows of 10.5 pt on an 8.4 inch figure
    reserve = fit_source(fig, bottom_extra=legend_height)
    fig.legend(handles=handles, loc="lower center", bbox_to_anchor=(0.5, reserve - legend_height), ncol=3,
               fontsize=10.5, handlelength=2.2)
    xs = [p[0] for p in pos.values()]
    ys = [p[1] for p in pos.values()]
    ax.set_xlim(min(xs) - 0.3, max(xs) + 0.3)
    ax.set_ylim(min(ys) - 0.38, max(ys) + 0.34)
    ax.set_aspect("equal")
    ax.axis("off")
    return fig


def network_title(graph: nx.MultiDiGraph) -> tuple[str, str, float]:
    """The company on one side of the largest share of disclosed dollars, and that share."""
    total = dealgraph.disclosed_total(graph)
    involvement = {}
    for u, v, d in graph.edges(data=True):
        if not math.isnan(d["amount"]):
            involvement[u] = involvement.get(u, 0.0) + d["amount"]
            if v != u:
                involvement[v] = involvement.get(v, 0.0) + d["amount"]
    top = max(sorted(involvement), key=lambda c: involvement[c])
    share = involvement[top] / total
    return (f"{share:.0%} of the {fmt_usd_bn(total, 0)} in disclosed deals run to or from {top}", top, share)


def deals_table(rows: pd.DataFrame, sources: pd.DataFrame) -> pd.DataFrame:
    from helpers.core.sources import cite

    table = rows.sort_values(["from_company", "to_company", "deal_id"])
    return pd.DataFrame({
        "Deal (money flows →)": [f"{u} → {v}" for u, v in zip(table["from_company"], table["to_company"])],
        "Kind": [KIND_LABELS.get(k, k) for k in table["kind"]],
        "Amount": [fmt_usd_bn(a) if pd.notna(a) else "not disclosed" for a in table["amount"]],
        "Status": table["status"],
        "Announced (or period)": [a if isinstance(a, str) else (p if isinstance(p, str) else "") for a, p in
                      zip(table["announced"], table["period"])],
        "Source": [cite(sources, [s]) for s in table["source_id"]],
    })


def dotcom_table(dotcom: pd.DataFrame, sources: pd.DataFrame) -> pd.DataFrame:
    from helpers.core.sources import cite

    rows = dotcom.sort_values(["company", "measure", "period"])
    return pd.DataFrame({
        "Company": rows["company"], "Period": rows["period"],
        "Figure": [m.replace("_", " ") for m in rows["measure"]],
        "Value": [fmt_usd_bn(v) if u == "usd_bn" else f"{v:g}" for v, u in zip(rows["value"], rows["unit"])],
        "In the chart": ["yes" if h == "yes" and isinstance(v, str) else ("no: another source's figure" if h == "no" else "")
                         for h, v in zip(rows["headline"], rows["versus"])],
        "Source": [cite(sources, [i]) for i in rows["source_id"]],
    })


def loops_table(loops: pd.DataFrame) -> pd.DataFrame:
    return pd.DataFrame({
        "Loop (money leaves and returns)": loops["loop"],
        "Companies": loops["companies"],
        "Links along the loop": loops["links"],
        "Smallest disclosed link": [fmt_usd_bn(a) if a == a else "none disclosed" for a in loops["smallest_disclosed"]],
        "Links without amount": loops["undisclosed_links"],
        "Conditional links": loops["conditional_links"],
    })


def _money(value: float) -> str:
    return f"{value * 100:.0f}¢" if abs(value) < 1 else f"${value:.2f}"


def chart_dollar(revenue: pd.Series, highlight: str, title: str, xlabel: str, source: str, highlight_label: str):
    """Horizontal bars: revenue booked per company from one dollar; `highlight` in its own colour."""
    shown = revenue[revenue > 0.0005].sort_values()
    fig, ax = chart(title, source, size=(10, 1.9 + 0.55 * max(len(shown), 2)))
    _titled(fig, title)
    colors = [PALETTE["cost"] if c == highlight else PALETTE["revenue"] for c in shown.index]
    ax.barh(range(len(shown)), shown.values, color=colors, height=0.62)
    for y, value in enumerate(shown.values):
        ax.annotate(_money(value), (value, y), va="center", xytext=(4, 0), textcoords="offset points", fontsize=12)
    ax.set_yticks(range(len(shown)), [f"{c} ({highlight_label})" if c == highlight else c for c in shown.index])
    ax.set_xlabel(xlabel)
    ax.set_xlim(0, max(float(shown.max()) if len(shown) else 1.0, 0.1) * 1.18)
    ax.xaxis.set_major_formatter(FuncFormatter(lambda v, _: f"${v:.2f}"))
    ax.grid(axis="y", visible=False)
    if shown.empty:
        ax.text(0.5, 0.5, "no revenue booked by any company at these shares", transform=ax.transAxes,
                ha="center", va="center", color=MUTED)
    fit_source(fig)
    return fig


def chart_sweep(by_pass: pd.DataFrame, by_spend: pd.DataFrame, pass_through: float, spend_back: float,
                title: str, source: str):
    """Left: revenue per dollar as the contract pass-through moves; right: the company's self-funded share
    as the spend-back share moves."""
    entry, company = by_pass.attrs["entry"], by_pass.attrs["company"]
    fig, (left, right) = chart(title, source, ncols=2, size=(11, 5.6))
    _titled(fig, title)
    left.plot(by_pass["share"], by_pass["outside_dollar_revenue"], color=PALETTE["revenue"], linewidth=2.5,
              label=f"a customer's dollar paid to {entry}")
    left.plot(by_pass["share"], by_pass["invested_dollar_revenue"], color=PALETTE["accent"], linewidth=2.5,
              label=f"a dollar {company} invests")
    left.plot(by_pass["share"], by_pass["back_to_company"], color=PALETTE["cost"], linewidth=2, linestyle="--",
              label=f"… of which back to {company}")
    left.axvline(pass_through, color=MUTED, linestyle=":", linewidth=1.2)
    left.annotate(f"this report: {pass_through:.0%}", (pass_through, 0), xycoords=("data", "axes fraction"),
                  xytext=(4, 4), textcoords="offset points", fontsize=10, color=MUTED)
    if by_pass["diverges"].any():
        first = by_pass.loc[by_pass["diverges"], "share"].min()
        left.axvspan(first, by_pass["share"].max(), color=PALETTE["loss"], alpha=0.12)
        left.annotate("infinite: a loop passes\non all it receives", (first, 0.5), xycoords=("data", "axes fraction"),
                      fontsize=10, color=PALETTE["loss"], ha="right", xytext=(-4, 0), textcoords="offset points")
    left.set_xlabel("Contract pass-through share")
    left.set_ylabel("Revenue booked across companies (US$)")
    left.xaxis.set_major_formatter(PercentFormatter(1.0))
    left.yaxis.set_major_formatter(FuncFormatter(lambda v, _: f"${v:.2f}"))
    left.set_ylim(0, None)
    left.legend(loc="upper left", fontsize=10.5)
    left.set_title(f"Revenue per dollar (spend-back {spend_back:.0%})", loc="left", fontsize=13)
    left.set_xlim(-0.03, 1.03)
    right.plot(by_spend["share"], by_spend["self_funded_share"], color=PALETTE["cost"], linewidth=2.5)
    right.axvline(spend_back, color=MUTED, linestyle=":", linewidth=1.2)
    right.annotate(f"this report: {spend_back:.0%}", (spend_back, 0), xycoords=("data", "axes fraction"),
                   xytext=(4, 4), textcoords="offset points", fontsize=10, color=MUTED)
    right.set_xlabel("Spend-back share of an investment")
    right.set_ylabel(f"{company}'s own money, % of its\ndeal-funded revenue")
    right.xaxis.set_major_formatter(PercentFormatter(1.0))
    right.yaxis.set_major_formatter(PercentFormatter(1.0))
    right.set_ylim(0, 1.05)
    right.set_title(f"{company}'s own money (pass-through {pass_through:.0%})", loc="left", fontsize=13)
    right.set_xlim(-0.03, 1.03)
    if by_spend["self_funded_share"].isna().all():
        right.text(0.5, 0.5, f"no disclosed investment\nroutes revenue to {company}", transform=right.transAxes,
                   ha="center", va="center", color=MUTED, fontsize=12)
    fit_source(fig)
    return fig


def sweep_title(by_spend: pd.DataFrame, company: str) -> str:
    shares = by_spend["self_funded_share"].dropna()
    if shares.empty:
        return f"No disclosed investment routes any revenue to {company}, whatever the shares"
    low, high = shares.min(), shares.max()
    if high - low < 0.005:
        return f"{company}'s own money is {low:.0%} of the revenue its deals route to it, at any spend-back"
    return f"{company}'s own money is {low:.0%} to {high:.0%} of the revenue its deals route to it"


def self_funded_table(frame: pd.DataFrame, revenue: pd.DataFrame) -> pd.DataFrame:
    shown = frame[(frame["invested"] > 0) | (frame["revenue_from_investments"] > 0.0005)]
    shown = shown.sort_values(["own_money_back", "revenue_from_investments"], ascending=False)
    latest = revenue["value"].reindex(shown.index)
    return pd.DataFrame({
        "Company": shown.index,
        "Invests (disclosed, $B)": shown["invested"].to_numpy(),
        "Revenue the deals route to it ($B)": shown["revenue_from_investments"].to_numpy(),
        "Of which its own money back ($B)": shown["own_money_back"].to_numpy(),
        "Own money, share": shown["self_funded_share"].to_numpy(),
        "For scale: latest annual revenue ($B)": latest.to_numpy(),
    })


def precedents(dotcom: pd.DataFrame, graph: nx.MultiDiGraph, revenue: pd.DataFrame,
               companies: pd.DataFrame, vendors=None) -> pd.DataFrame:
    """Vendor financing and round-trip capacity sales as a share of the seller's revenue, then and now.

    AI rows: disclosed investments in companies that buy from the investor (`vendors`, default: those in
    `graph`, are shown even when the deals in scope leave them at zero)."""
    rows = []
    heads = dotcom[dotcom["headline"] == "yes"]
    for r in heads[heads["versus"].notna()].itertuples():
        periods = r.versus.split("+")
        rev = heads[(heads["company"] == r.company) & (heads["measure"] == "revenue") & heads["period"].isin(periods)]
        if sorted(rev["period"]) != sorted(periods):
            raise ValueError(f"dotcom_precedents.csv: {r.company} {r.measure}: no headline revenue row for "
                             f"{', '.join(sorted(set(periods) - set(rev['period'])))}")
        kind = "vendor financing" if r.measure.startswith("vendor_financing") else "capacity swaps"
        rows.append(dict(era="dot-com", kind=kind, company=r.company, period=r.period, label=f"{r.company}, {r.period}",
                         value=r.value, revenue=float(rev["value"].sum()), revenue_period=r.versus.replace("+", " + "),
                         source_ids=(r.source_id, *rev["source_id"])))
    invested = dealgraph.customer_investments(graph)
    vendors = set(invested.index) | set(vendors if vendors is not None else vendors_of(graph))
    for company in sorted(vendors, key=lambda c: (-invested.get(c, 0.0), c)):
        if company not in revenue.index:
            continue
        r = revenue.loc[company]
        rows.append(dict(era="AI 2023-25", kind="vendor financing", company=company, period="deals to date",
                         label=f"{company}, deals to date", value=float(invested.get(company, 0.0)),
                         revenue=float(r["value"]), revenue_period=r["period"], source_ids=(r["source_id"],)))
    swap = companies[(companies["company"] == "CoreWeave") & (companies["metric"] == "share_of_revenue_from_nvidia")]
    crw = revenue.loc["CoreWeave"] if "CoreWeave" in revenue.index else None
    if len(swap) and crw is not None:
        s = swap.iloc[0]
        rows.append(dict(era="AI 2023-25", kind="capacity swaps", company="CoreWeave", period=s["period"],
                         label=f"CoreWeave from Nvidia, {s['period']}", value=s["value"] / 100 * float(crw["value"]),
                         revenue=float(crw["value"]), revenue_period=s["period"],
                         source_ids=(s["source_id"], crw["source_id"])))
    frame = pd.DataFrame(rows)
    frame["share"] = frame["value"] / frame["revenue"]
    return frame


def vendors_of(graph: nx.MultiDiGraph) -> list[str]:
    """Companies that invest in a customer in any deal of the graph (shown even when the amount is 0)."""
    buys = {(u, v) for u, v, d in graph.edges(data=True) if d["group"] == "purchase"}
    return sorted({u for u, v, d in graph.edges(data=True) if d["group"] == "investment" and (v, u) in buys})


KIND_TEXT = {"vendor financing": "Vendor financing: money lent to or invested in customers",
             "capacity swaps": "Round-trip capacity sales: revenue from a swap partner or a supplier-shareholder"}
MEASURE_TEXT = {"vendor financing": "financing commitments", "capacity swaps": "swap revenue"}


def chart_precedents(table: pd.DataFrame, title: str, source: str):
    order = []
    for kind in ("vendor financing", "capacity swaps"):
        part = table[table["kind"] == kind]
        order.append(("header", KIND_TEXT[kind]))
        for era in ("AI 2023-25", "dot-com"):
            for r in part[part["era"] == era].sort_values("share", ascending=False).itertuples():
                order.append(("bar", r))
    fig, ax = chart(title, source, size=(11, 2.2 + 0.5 * len(order)))
    _titled(fig, title)
    top = max(float(table["share"].max()), 0.05)
    y = 0
    ticks, labels = [], []
    for what, item in order:
        if what == "header":
            ax.annotate(item, (0, y), xycoords=("axes fraction", "data"), fontsize=12, fontweight="bold", va="center",
                        color=INK)
        else:
            color = AI_COLOR if item.era.startswith("AI") else DOTCOM_COLOR
            ax.barh(y, item.share, color=color, height=0.62)
            ax.annotate(f"{item.share:.1%}  ({fmt_usd_bn(item.value)} of {fmt_usd_bn(item.revenue)} revenue, "
                        f"{item.revenue_period})", (item.share, y), va="center", xytext=(4, 0),
                        textcoords="offset points", fontsize=10.5, color=INK)
            ticks.append(y)
            labels.append(item.label)
        y -= 1
    ax.set_yticks(ticks, labels)
    ax.set_xlim(0, top * 1.65)
    ax.set_ylim(y + 0.4, 0.6)
    ax.xaxis.set_major_formatter(PercentFormatter(1.0, decimals=0))
    ax.set_xlabel("Share of the company's annual revenue (%)")
    ax.grid(axis="y", visible=False)
    ax.legend(handles=[Line2D([], [], color=AI_COLOR, linewidth=8, label="AI deals, 2023-2025 (commitments over several years)"),
                       Line2D([], [], color=DOTCOM_COLOR, linewidth=8, label="Dot-com era, 2000-2001")],
              loc="upper center", bbox_to_anchor=(0.5, -0.13), ncol=2, fontsize=10.5)
    fit_source(fig)
    return fig


def precedents_title(table: pd.DataFrame) -> str:
    vf = table[table["kind"] == "vendor financing"]
    ai = vf[vf["era"].str.startswith("AI")].sort_values("share", ascending=False)
    old = vf[vf["era"] == "dot-com"].sort_values("share", ascending=False)
    if ai.empty or old.empty:
        return "Vendor financing relative to the vendor's revenue, dot-com era and AI deals"
    a, o = ai.iloc[0], old.iloc[0]
    return (f"{a['company']}'s stakes in its own customers equal {a['share']:.0%} of a year's revenue;\n"
            f"{o['company']}'s vendor financing ({o['period']}) was {o['share']:.0%} of its revenue")


# What the article says about who pays whom (our paraphrase, no figures), and the company pairs to look up.
ARTICLE_LINKS = (
    ("Nvidia funds OpenAI, which buys Nvidia chips with the money", (("Nvidia", "OpenAI"), ("OpenAI", "Nvidia"))),
    ("Oracle's compute deal with OpenAI; Oracle buys Nvidia chips", (("OpenAI", "Oracle"), ("Oracle", "Nvidia"))),
    ("Microsoft funds OpenAI and sells it Azure capacity", (("Microsoft", "OpenAI"), ("OpenAI", "Microsoft"))),
    ("Microsoft invests in CoreWeave, which sells compute to OpenAI", (("Microsoft", "CoreWeave"),
                                                                        ("OpenAI", "CoreWeave"))),
    ("CoreWeave counts Nvidia as a shareholder", (("Nvidia", "CoreWeave"), ("CoreWeave", "Nvidia"))),
    ("Amazon is investor in and supplier to Anthropic", (("Amazon", "Anthropic"), ("Anthropic", "Amazon"))),
    ("Google is investor in and supplier to Anthropic", (("Google", "Anthropic"), ("Anthropic", "Google"))),
    ("OpenAI took a stake in AMD while committing to buy AMD hardware", (("AMD", "OpenAI"), ("OpenAI", "AMD"))),
)


def pair_text(graph: nx.MultiDiGraph, payer: str, receiver: str) -> str:
    """'A → B: equity investment $100B (conditional); ...' for the deals in scope, or that there are none."""
    if not graph.has_edge(payer, receiver):
        return f"{payer} → {receiver}: no deal in scope"
    parts = []
    for _, data in sorted(graph[payer][receiver].items()):
        amount = fmt_usd_bn(data["amount"]) if not math.isnan(data["amount"]) else "amount not disclosed"
        parts.append(f"{KIND_LABELS.get(data['kind'], data['kind']).lower()} {amount} ({data['status']})")
    return f"{payer} → {receiver}: " + "; ".join(parts)


def article_table(graph: nx.MultiDiGraph) -> pd.DataFrame:
    return pd.DataFrame({
        "The article says": [text for text, _ in ARTICLE_LINKS],
        "The deals in data/deals.csv": [" | ".join(pair_text(graph, u, v) for u, v in pairs) for _, pairs in ARTICLE_LINKS],
    })
