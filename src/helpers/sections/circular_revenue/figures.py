"""The Circular revenue section: what its notebook shows. The deal network's chart, the deals and loop
tables, the round-trip model's charts and findings, and the dot-com precedents.

The graph and its loops are in deal_graph.py, the arithmetic in model.py; this module turns them into
charts (present.Chart), findings (present.Finding), tables (the arguments of present.table) and prose (the
arguments of present.prose), so that the notebook only narrates. `load()` reads the section's data and
`scope(...)` applies the notebook's parameters; every other function here takes what they return.
"""
from __future__ import annotations

import math
from dataclasses import dataclass

import networkx as nx
import numpy as np
import pandas as pd
from matplotlib.figure import Figure
from matplotlib.lines import Line2D
from matplotlib.patches import FancyArrowPatch
from matplotlib.ticker import FuncFormatter, PercentFormatter
from matplotlib.transforms import Bbox

from helpers.core import uncertainty
from helpers.core.present import INK, MUTED, PALETTE, Chart, Finding, chart, fmt_pct, fmt_usd_bn, prose
from helpers.core.sources import cite
from helpers.sections.circular_revenue import deal_graph as dealgraph
from helpers.sections.circular_revenue import model as roundtrip

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
BOOKED_FROM = 0.0005  # US$: a company booking less than this from a dollar is left out of charts and counts
AI_COLOR, DOTCOM_COLOR = "#c8553d", "#8a94a0"


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


HUB_FACE = "#fde7a8"  # the hub's fill: the company on one side of the largest share of deal dollars
HUB_HALO, HUB_HALO_COLOR = 4200, "#f8d47c"  # points^2: the highlight drawn under the hub
MIN_TEXT = 11  # points: no text on this section's charts is smaller (title and source line aside)
EDGE_LABEL_AT = (0.5, 0.42, 0.58, 0.34, 0.66, 0.27, 0.73, 0.2, 0.8)  # where along its arc a label may sit
LABEL_GAP = 3  # points kept free around each label


def deal_dollars(graph: nx.MultiDiGraph) -> dict[str, float]:
    """Disclosed deal dollars that run to or from each company (a deal with itself counted once)."""
    through: dict[str, float] = {}
    for u, v, d in graph.edges(data=True):
        if not math.isnan(d["amount"]):
            through[u] = through.get(u, 0.0) + d["amount"]
            if v != u:
                through[v] = through.get(v, 0.0) + d["amount"]
    return through


def _renderer(fig: Figure):
    """Lay the figure out once and return a renderer whose measures match the drawn chart."""
    from matplotlib.backends.backend_agg import FigureCanvasAgg

    canvas = fig.canvas if isinstance(fig.canvas, FigureCanvasAgg) else FigureCanvasAgg(fig)
    canvas.draw()
    return canvas.get_renderer()


def _overlap(a, b) -> float:
    """Area two display boxes share (0 when they do not touch)."""
    w = min(a.x1, b.x1) - max(a.x0, b.x0)
    h = min(a.y1, b.y1) - max(a.y0, b.y0)
    return w * h if w > 0 and h > 0 else 0.0


def _place_labels(fig: Figure, ax, labels: list[tuple], circles: list) -> None:
    """Put each edge label (text artist, candidate positions in data units) at the first of its positions
    where it overlaps no label placed before it nor any node label; failing that, where it overlaps least.
    Labels are placed largest amount first; node circles are avoided where possible. Labels stay out of the
    layout, so placing them does not move the axes."""
    renderer = _renderer(fig)
    pad = LABEL_GAP * fig.dpi / 72
    taken = [t.get_window_extent(renderer).padded(pad) for t in ax.texts if t.get_gid() == "node-label"]
    discs = []
    for (x, y), r in circles:
        cx, cy = ax.transData.transform((x, y))
        rr = r * fig.dpi / 72
        discs.append(Bbox.from_extents(cx - rr, cy - rr, cx + rr, cy + rr))
    for text, candidates in labels:
        best, best_cost = None, None
        for xy in candidates:
            text.set_position(xy)
            box = text.get_window_extent(renderer).padded(pad)
            cost = 1000 * sum(_overlap(box, other) for other in taken) + sum(_overlap(box, d) for d in discs)
            if best_cost is None or cost < best_cost:
                best, best_cost = xy, cost
            if cost == 0:
                break
        text.set_position(best)
        taken.append(text.get_window_extent(renderer).padded(pad))


def draw_network(graph: nx.MultiDiGraph, revenue: pd.DataFrame, title: str, source: str) -> Figure:
    """Companies sized by revenue (area), edges coloured by kind and as wide as the disclosed amount; the hub
    (the company on one side of the largest share of disclosed deal dollars) filled and labelled with that share."""
    fig, ax = chart(title, source, size=(11, 8.4))
    pos = _positions(list(graph.nodes))
    largest = float(revenue["value"].max())
    areas = {n: _node_area(revenue["value"].get(n), largest) for n in graph.nodes}
    radius = {n: math.sqrt(a / math.pi) for n, a in areas.items()}
    groups = _edge_groups(graph)
    through = deal_dollars(graph)
    total = dealgraph.disclosed_total(graph)
    hub = max(sorted(through), key=lambda c: through[c]) if through else None
    biggest = max([g["amount"] for g in groups if g["disclosed"]] or [1.0])
    per_pair: dict = {}
    edge_labels = []
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
            cx, cy = (x1 + x2) / 2 + rad * (y2 - y1), (y1 + y2) / 2 - rad * (x2 - x1)  # arc3's control point
            along = [((1 - t) ** 2 * x1 + 2 * t * (1 - t) * cx + t ** 2 * x2,
                      (1 - t) ** 2 * y1 + 2 * t * (1 - t) * cy + t ** 2 * y2) for t in EDGE_LABEL_AT]
            text = ax.text(*along[0], fmt_usd_bn(g["amount"], 0 if g["amount"] >= 10 else 1), ha="center",
                           va="center", fontsize=MIN_TEXT + 1, color=color, fontweight="bold", zorder=5, gid="edge-label",
                           bbox=dict(boxstyle="round,pad=0.15", facecolor="white", edgecolor="none", alpha=0.9))
            text.set_in_layout(False)
            edge_labels.append((text, along))
    box = dict(boxstyle="round,pad=0.12", facecolor="white", edgecolor="none", alpha=0.85)

    def label(text, xy, offset, ha, va, kind):
        size, weight, color = {"name": (13, "bold", INK), "hub": (12, "bold", INK),
                               "detail": (MIN_TEXT, "normal", MUTED)}[kind]
        ax.annotate(text, xy, xytext=offset, textcoords="offset points", ha=ha, va=va, fontsize=size,
                    fontweight=weight, color=color, zorder=6, bbox=box, gid="node-label")

    step = 17  # points between a node's label lines
    for node in graph.nodes:
        x, y = pos[node]
        is_hub = node == hub
        if is_hub:  # a halo under the arrows that meet there: the hub stands out whatever its revenue
            ax.scatter([x], [y], s=HUB_HALO, color=HUB_HALO_COLOR, alpha=0.8, linewidth=0, zorder=1)
        ax.scatter([x], [y], s=areas[node], color=HUB_FACE if is_hub else "#dfe6ee", edgecolor=INK,
                   linewidth=3 if is_hub else 1.2, zorder=3)
        detail = revenue_label(revenue.loc[node]) if node in revenue.index else "revenue not in data"
        lines = [(node, "name")]
        if is_hub:
            lines.append((f"{through[node] / total:.0%} of deal dollars ({fmt_usd_bn(through[node], 0)})", "hub"))
        lines.append((detail, "detail"))
        side = LABEL_SIDE.get(node, "below" if node in LAYOUT else ("above" if y > 0 else "below"))
        gap = radius[node] + 3 + (1.5 if is_hub else 0)
        if side in ("left", "right"):
            sign, ha = (-1, "right") if side == "left" else (1, "left")
            label(node, (x, y), (sign * gap, 1), ha, "bottom", "name")
            for k, (text, kind) in enumerate(lines[1:]):
                label(text, (x, y), (sign * gap, -1 - k * step), ha, "top", kind)
            continue
        sign, va = (1, "bottom") if side == "above" else (-1, "top")
        order = lines if side == "below" else lines[::-1]
        for k, (text, kind) in enumerate(order):
            label(text, (x, y), (0, sign * (gap + k * step + (1 if k else 0))), "center", va, kind)
    kinds = [k for k in KIND_COLORS if any(g["kind"] == k for g in groups)]
    handles = [Line2D([], [], color=KIND_COLORS[k], linewidth=4, label=KIND_LABELS[k]) for k in kinds]
    handles.append(Line2D([], [], color=MUTED, linewidth=1.6, linestyle=(0, (1.5, 1.5)),
                          label="Dotted: amount not disclosed"))
    handles.append(Line2D([], [], color=MUTED, linewidth=0, label="Width: disclosed amount; arrow: money flows"))
    handles.append(Line2D([], [], color="none", marker="o", markersize=11, markerfacecolor="#dfe6ee",
                          markeredgecolor=INK, label="Circle area: company revenue"))
    if hub is not None:
        handles.append(Line2D([], [], color="none", marker="o", markersize=11, markerfacecolor=HUB_FACE,
                              markeredgecolor=INK, markeredgewidth=2.5,
                              label=f"Yellow: {hub}, on one side of {through[hub] / total:.0%} of disclosed deal dollars"))
    # under the plot, inside the layout (present.fit keeps the source line below it)
    ax.legend(handles=handles, loc="upper center", bbox_to_anchor=(0.5, 0), ncol=2, fontsize=MIN_TEXT + 1,
              handlelength=2.2)
    xs = [p[0] for p in pos.values()]
    ys = [p[1] for p in pos.values()]
    ax.set_xlim(min(xs) - 0.3, max(xs) + 0.3)
    ax.set_ylim(min(ys) - 0.38, max(ys) + 0.34)
    ax.set_aspect("equal")
    ax.axis("off")
    _place_labels(fig, ax, edge_labels, [(pos[n], radius[n]) for n in graph.nodes])
    return fig


def network_title(graph: nx.MultiDiGraph) -> tuple[str, str, float]:
    """The company on one side of the largest share of disclosed dollars, and that share."""
    total = dealgraph.disclosed_total(graph)
    involvement = deal_dollars(graph)
    top = max(sorted(involvement), key=lambda c: involvement[c])
    share = involvement[top] / total
    return (f"{share:.0%} of the {fmt_usd_bn(total, 0)} in disclosed deals run to or from {top}", top, share)


def deal_rows(rows: pd.DataFrame, sources: pd.DataFrame) -> pd.DataFrame:
    """One row per deal in `rows`, as the deals table shows it."""
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


def dotcom_rows(dotcom: pd.DataFrame, sources: pd.DataFrame) -> pd.DataFrame:
    """Every dot-com precedent figure, as the precedents table shows it."""
    rows = dotcom.sort_values(["company", "measure", "period"])
    return pd.DataFrame({
        "Company": rows["company"], "Period": rows["period"],
        "Figure": [m.replace("_", " ") for m in rows["measure"]],
        "Value": [fmt_usd_bn(v) if u == "usd_bn" else f"{v:g}" for v, u in zip(rows["value"], rows["unit"])],
        "In the chart": ["yes" if h == "yes" and isinstance(v, str) else ("no: another source's figure" if h == "no" else "")
                         for h, v in zip(rows["headline"], rows["versus"])],
        "Source": [cite(sources, [i]) for i in rows["source_id"]],
    })


def loop_rows(loops: pd.DataFrame) -> pd.DataFrame:
    """The loops (dealgraph.loops) as the loops table shows them."""
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


def draw_dollar(revenue: pd.Series, highlight: str, title: str, xlabel: str, source: str, highlight_label: str) -> Figure:
    """Horizontal bars: revenue booked per company from one dollar; `highlight` in its own colour."""
    shown = booked(revenue).sort_values()
    fig, ax = chart(title, source, size=(10, 1.9 + 0.55 * max(len(shown), 2)))
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
    return fig


def draw_sweep(by_pass: pd.DataFrame, by_spend: pd.DataFrame, pass_through: float, spend_back: float,
               title: str, source: str, band: pd.DataFrame | None = None, band_label: str = "") -> Figure:
    """Left: revenue per dollar as the contract pass-through moves; right: the company's self-funded share
    as the spend-back share moves, with `band` (draws_band: the middle 90% of a Monte Carlo's draws by spend-back
    share, labelled `band_label`) shaded behind it when given."""
    entry, company = by_pass.attrs["entry"], by_pass.attrs["company"]
    fig, (left, right) = chart(title, source, ncols=2, size=(11, 5.6))
    left.plot(by_pass["share"], by_pass["outside_dollar_revenue"], color=PALETTE["revenue"], linewidth=2.5,
              label=f"a customer's dollar paid to {entry}")
    left.plot(by_pass["share"], by_pass["invested_dollar_revenue"], color=PALETTE["accent"], linewidth=2.5,
              label=f"a dollar {company} invests")
    left.plot(by_pass["share"], by_pass["back_to_company"], color=PALETTE["cost"], linewidth=2, linestyle="--",
              label=f"… of which back to {company}")
    left.axvline(pass_through, color=MUTED, linestyle=":", linewidth=1.2)
    left.annotate(f"this report: {pass_through:.0%}", (pass_through, 0), xycoords=("data", "axes fraction"),
                  xytext=(4, 4), textcoords="offset points", fontsize=MIN_TEXT, color=MUTED)
    if by_pass["diverges"].any():
        first = by_pass.loc[by_pass["diverges"], "share"].min()
        left.axvspan(first, by_pass["share"].max(), color=PALETTE["loss"], alpha=0.12)
        left.annotate("infinite: a loop passes\non all it receives", (first, 0.5), xycoords=("data", "axes fraction"),
                      fontsize=MIN_TEXT, color=PALETTE["loss"], ha="right", xytext=(-4, 0), textcoords="offset points")
    left.set_xlabel("Contract pass-through share")
    left.set_ylabel("Revenue booked across companies (US$)")
    left.xaxis.set_major_formatter(PercentFormatter(1.0))
    left.yaxis.set_major_formatter(FuncFormatter(lambda v, _: f"${v:.2f}"))
    left.set_ylim(0, None)
    left.legend(loc="upper left", fontsize=MIN_TEXT)
    left.set_title(f"Revenue per dollar (spend-back {spend_back:.0%})", loc="left", fontsize=13)
    left.set_xlim(-0.03, 1.03)
    if band is not None:
        right.fill_between(band["share"], band["low"], band["high"], color=PALETTE["cost"], alpha=0.2, linewidth=0,
                           label=band_label)
    right.plot(by_spend["share"], by_spend["self_funded_share"], color=PALETTE["cost"], linewidth=2.5,
               label=f"pass-through {pass_through:.0%}")
    if band is not None:
        right.legend(loc="lower right", bbox_to_anchor=(1.0, 0.08), fontsize=MIN_TEXT)  # above "this report"
    right.axvline(spend_back, color=MUTED, linestyle=":", linewidth=1.2)
    right.annotate(f"this report: {spend_back:.0%}", (spend_back, 0), xycoords=("data", "axes fraction"),
                   xytext=(4, 4), textcoords="offset points", fontsize=MIN_TEXT, color=MUTED)
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
    return fig


def sweep_title(by_spend: pd.DataFrame, company: str) -> str:
    shares = by_spend["self_funded_share"].dropna()
    if shares.empty:
        return f"No disclosed investment routes any revenue to {company}, whatever the shares"
    low, high = shares.min(), shares.max()
    if high - low < 0.005:
        return f"{company}'s own money is {low:.0%} of the revenue its deals route to it, at any spend-back"
    return f"{company}'s own money is {low:.0%} to {high:.0%} of the revenue its deals route to it"


def self_funded_rows(frame: pd.DataFrame, revenue: pd.DataFrame) -> pd.DataFrame:
    """The model's self_funded frame as the table shows it, with each company's revenue for scale."""
    shown = frame[(frame["invested"] > 0) | (frame["revenue_from_investments"] > BOOKED_FROM)]
    shown = shown.sort_values(["own_money_back", "revenue_from_investments"], ascending=False)
    latest = revenue["value"].reindex(shown.index)
    period = revenue["period"].reindex(shown.index)
    return pd.DataFrame({
        "Company": shown.index,
        "Invests (disclosed, $B)": shown["invested"].to_numpy(),
        "Revenue the deals route to it ($B)": shown["revenue_from_investments"].to_numpy(),
        "Of which its own money back ($B)": shown["own_money_back"].to_numpy(),
        "Own money, share": shown["self_funded_share"].to_numpy(),
        "For scale: annual revenue ($B)": latest.to_numpy(),
        "Revenue year": period.fillna("").to_numpy(),
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
    kinds = dealgraph.customer_investment_kinds(graph)
    vendors = set(invested.index) | set(vendors if vendors is not None else vendors_of(graph))
    for company in sorted(vendors, key=lambda c: (-invested.get(c, 0.0), c)):
        if company not in revenue.index:
            continue
        r = revenue.loc[company]
        rows.append(dict(era="AI 2023-25", kind="vendor financing", company=company, period="deals to date",
                         label=f"{company}, deals to date", value=float(invested.get(company, 0.0)),
                         deal_kinds=kinds.get(company, ("equity_investment",)),
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


def draw_precedents(table: pd.DataFrame, title: str, source: str) -> Figure:
    order = []
    for kind in ("vendor financing", "capacity swaps"):
        part = table[table["kind"] == kind]
        order.append(("header", KIND_TEXT[kind]))
        for era in ("AI 2023-25", "dot-com"):
            for r in part[part["era"] == era].sort_values("share", ascending=False).itertuples():
                order.append(("bar", r))
    fig, ax = chart(title, source, size=(11, 2.2 + 0.5 * len(order)))
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
                        textcoords="offset points", fontsize=MIN_TEXT, color=INK)
            ticks.append(y)
            labels.append(item.label)
        y -= 1
    ax.set_yticks(ticks, labels)
    ax.set_xlim(0, top * 1.95)  # room for the widest bar's label at 11 pt
    ax.set_ylim(y + 0.4, 0.6)
    ax.xaxis.set_major_formatter(PercentFormatter(1.0, decimals=0))
    ax.set_xlabel("Share of the company's annual revenue (%)")
    ax.grid(axis="y", visible=False)
    ax.legend(handles=[Line2D([], [], color=AI_COLOR, linewidth=8, label="AI deals, 2023-2025 (commitments over several years)"),
                       Line2D([], [], color=DOTCOM_COLOR, linewidth=8, label="Dot-com era, 2000-2001")],
              loc="upper center", bbox_to_anchor=(0.5, -0.13), ncol=2, fontsize=MIN_TEXT)
    return fig


# How a vendor's money or shares reach its customers, in the words of the deal's kind.
FINANCING_WORDS = {("equity_investment",): "stakes in companies that buy from it",
                   ("warrant",): "warrant on its own shares, granted to a company that buys from it,",
                   ("equity_investment", "warrant"): "stakes in and share warrants to companies that buy from it"}


def financing_words(company: str, deal_kinds) -> str:
    """'Nvidia's stakes in companies that buy from it' or 'AMD's warrant on its own shares, granted to ...'."""
    words = FINANCING_WORDS.get(tuple(sorted(deal_kinds)), "investments in companies that buy from it")
    return f"{company}'s {words}"


def _equal(deal_kinds) -> str:
    return "is worth" if tuple(deal_kinds) == ("warrant",) else "equal"


def precedents_title(table: pd.DataFrame) -> str:
    vf = table[table["kind"] == "vendor financing"]
    ai = vf[vf["era"].str.startswith("AI")].sort_values("share", ascending=False)
    old = vf[vf["era"] == "dot-com"].sort_values("share", ascending=False)
    if ai.empty or old.empty:
        return "Vendor financing relative to the vendor's revenue, dot-com era and AI deals"
    a, o = ai.iloc[0], old.iloc[0]
    return (f"{financing_words(a['company'], a['deal_kinds'])} {_equal(a['deal_kinds'])} {a['share']:.0%} of a year's "
            f"revenue; {o['company']}'s vendor financing ({o['period']}) was {o['share']:.0%} of its revenue")


def precedents_headline(table: pd.DataFrame) -> str | None:
    """The precedents' finding in words short enough for a slide's headline (None: the title is)."""
    vf = table[table["kind"] == "vendor financing"]
    ai = vf[vf["era"].str.startswith("AI")].sort_values("share", ascending=False)
    old = vf[vf["era"] == "dot-com"].sort_values("share", ascending=False)
    if ai.empty or old.empty:
        return None
    a, o = ai.iloc[0], old.iloc[0]
    return (f"{a['company']}'s financing of customers: {a['share']:.0%} of a year's revenue; "
            f"{o['company']}'s vendor financing in {o['period'][:4]}: {o['share']:.0%}")


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


def article_rows(graph: nx.MultiDiGraph) -> pd.DataFrame:
    """What the article says about who pays whom, beside the deals in `graph`."""
    return pd.DataFrame({
        "The article says": [text for text, _ in ARTICLE_LINKS],
        "The deals in the data": [" | ".join(pair_text(graph, u, v) for u, v in pairs) for _, pairs in ARTICLE_LINKS],
    })


# --- what the notebook shows ---------------------------------------------------------------------------

@dataclass(frozen=True, eq=False)
class Frames:
    """The section's data files, as data.load reads them."""
    sources: pd.DataFrame
    deals: pd.DataFrame
    companies: pd.DataFrame
    dotcom: pd.DataFrame


def load() -> Frames:
    """Read the section's data files through their declared schemas."""
    from helpers.core import data

    return Frames(data.load("sources.csv"), data.load("deals.csv"), data.load("deal_companies.csv"),
                  data.load("dotcom_precedents.csv"))


@dataclass(frozen=True, eq=False)
class Scope:
    """The deals in scope under the notebook's parameters, the graph and model network built from them,
    each company's headline revenue, and the parameters themselves."""
    frames: Frames
    include_conditional: bool
    include_after_article: bool
    company: str
    entry_company: str
    spend_back: float
    pass_through: float
    in_scope: pd.DataFrame
    graph: nx.MultiDiGraph
    revenue: pd.DataFrame
    net: roundtrip.Network

    @property
    def shares(self) -> dict[str, float]:
        return dict(spend_back=self.spend_back, pass_through=self.pass_through)

    @property
    def label(self) -> str:
        """Which deals are in scope, in words."""
        return ("conditional deals included" if self.include_conditional else "firm deals only") + "; " + (
            "deals announced after the article included" if self.include_after_article
            else "deals announced after the article left out")

    @property
    def disclosed(self) -> pd.DataFrame:
        """The deals in scope that have a disclosed amount."""
        return self.in_scope[self.in_scope["amount"].notna()]

    def cite(self, ids, **kw) -> str:
        return cite(self.frames.sources, ids, **kw)


def scope(frames: Frames, *, include_conditional: bool, include_after_article: bool, company: str,
          entry_company: str, spend_back: float, pass_through: float) -> Scope:
    """Apply the notebook's parameters: the deals in scope, their graph, the model's network and the companies'
    revenue. Refuses a `company` or `entry_company` that is not in the deals in scope."""
    in_scope = dealgraph.select(frames.deals, include_conditional, include_after_article)
    graph = dealgraph.build(frames.deals, include_conditional, include_after_article)
    revenue = company_revenue(frames.companies)
    net = dealgraph.network(graph)
    for name, value in (("company", company), ("entry_company", entry_company)):
        if value not in net.companies:
            raise ValueError(f"parameter {name}={value!r} is not a company in the deals in scope; "
                             f"choose one of: {', '.join(sorted(net.companies))}")
    return Scope(frames, include_conditional, include_after_article, company, entry_company, spend_back, pass_through,
                 in_scope, graph, revenue, net)


def say(*paragraphs: dict | None) -> None:
    """Display prose paragraphs, each the arguments of present.prose (template=..., values...); None stands
    for a paragraph that does not apply to these data and shows nothing."""
    for p in paragraphs:
        if p is not None:
            prose(**p)


def _ids(*groups) -> tuple[str, ...]:
    """The distinct source ids of `groups`, in order."""
    return tuple(dict.fromkeys(i for group in groups for i in group if isinstance(i, str)))


def booked(revenue: pd.Series) -> pd.Series:
    """The companies that book at least BOOKED_FROM of a dollar."""
    return revenue[revenue > BOOKED_FROM]


def _money_list(revenue: pd.Series) -> str:
    """'A $1.00; B $0.50' for the companies that book something, largest first."""
    return "; ".join(f"{c} ${v:.2f}" for c, v in booked(revenue).sort_values(ascending=False).items())


# The deal network

def scope_prose(s: Scope) -> dict:
    """How many deals and companies are in scope, what is disclosed and what is conditional."""
    conditional = s.in_scope[s.in_scope["status"] == "conditional"]
    return dict(
        template="In scope ({scope}): {n} deals among {c} companies. {d} have a disclosed amount, together {total}; "
                 "{u} have none. {conditional} Amounts are headline values over the life of each deal, not yearly "
                 "revenue.",
        scope=s.label, n=len(s.in_scope), c=s.graph.number_of_nodes(), d=len(s.disclosed),
        total=fmt_usd_bn(dealgraph.disclosed_total(s.graph)), u=dealgraph.undisclosed_count(s.graph),
        conditional=(f"{len(conditional)} of the deals ({fmt_usd_bn(conditional['amount'].sum())} of the disclosed "
                     "total) are conditional: letters of intent, 'up to' amounts or shares that vest only with "
                     "deployments." if len(conditional) else "None of them is conditional."),
    )


def hub_finding(s: Scope) -> Finding:
    """The company on one side of the largest share of disclosed deal dollars."""
    _, top, share = network_title(s.graph)
    return Finding(
        "circular-revenue-hub",
        f"{fmt_pct(share)} of the {fmt_usd_bn(dealgraph.disclosed_total(s.graph), 0)} in disclosed AI deals run to or "
        f"from {top}; {dealgraph.undisclosed_count(s.graph)} of the {len(s.in_scope)} deals have no disclosed amount.",
        label=f"Share of disclosed deal dollars to or from {top}", value=round(float(share), 3), shown=fmt_pct(share),
        how=(f"{fmt_usd_bn(share * dealgraph.disclosed_total(s.graph), 0)} of deals to or from {top} ÷ "
             f"{fmt_usd_bn(dealgraph.disclosed_total(s.graph), 0)} disclosed in all"),
        sources=tuple(dict.fromkeys(i for i in s.in_scope["source_id"] if isinstance(i, str))))


def network_alt(s: Scope) -> str:
    biggest = s.disclosed.sort_values("amount", ascending=False).head(3)
    return (f"Network of {s.graph.number_of_nodes()} companies and {len(s.in_scope)} deals; arrows show money from "
            f"investor or buyer to the receiver. Largest disclosed: "
            + "; ".join(f"{r.from_company} to {r.to_company} {fmt_usd_bn(r.amount)}" for r in biggest.itertuples())
            + f". {dealgraph.undisclosed_count(s.graph)} deals have no disclosed amount and are dotted.")


def network_chart(s: Scope) -> Chart:
    """The deal network, titled with the company at its centre (see network_title); on its slide, the
    same point as bars (a network's labels do not survive the slide's type size)."""
    ids = _ids(s.in_scope["source_id"], s.revenue["source_id"])
    title = network_title(s.graph)[0]
    return Chart(draw_network(s.graph, s.revenue, title, s.cite(ids)), "circular-revenue-network", network_alt(s),
                 sources=ids, findings=(hub_finding(s),), deck=True,
                 slide=draw_deal_dollars(s.graph, title, s.cite(ids)))


def draw_deal_dollars(graph: nx.MultiDiGraph, title: str, source: str, top: int = 8) -> Figure:
    """Disclosed deal dollars that run to or from each of the `top` companies most involved, as a share of
    all disclosed deal dollars, the hub marked (the deal network's slide)."""
    through = deal_dollars(graph)
    total = dealgraph.disclosed_total(graph)
    ranked = sorted(through.items(), key=lambda kv: (-kv[1], kv[0]))[:top]
    fig, ax = chart(title, source)
    names = [name for name, _ in ranked][::-1]
    shares = [value / total for _, value in ranked][::-1]
    colors = [PALETTE["accent"] if i == len(names) - 1 else PALETTE["neutral"] for i in range(len(names))]
    ax.barh(names, shares, color=colors, height=0.65)
    for y, (share, (_, value)) in enumerate(zip(shares, ranked[::-1])):
        ax.annotate(f"{share:.0%} ({fmt_usd_bn(value, 0)})", (share, y), xytext=(4, 0), textcoords="offset points",
                    va="center", fontsize=MIN_TEXT)
    ax.xaxis.set_major_formatter(PercentFormatter(1.0, decimals=0))
    ax.set_xlim(0, 1)
    ax.set_xlabel(f"Share of the {fmt_usd_bn(total, 0)} in disclosed deals that run to or from the company")
    ax.grid(axis="y", visible=False)
    return fig


def deals_table(s: Scope) -> dict:
    """Every deal in scope (arguments of present.table)."""
    return dict(frame=deal_rows(s.in_scope, s.frames.sources),
                caption=f"Every deal in the network ({s.label}); alternative figures for the same deals are in "
                        "the data",
                source=s.cite(s.in_scope["source_id"], limit=6))


def article_table(s: Scope) -> dict:
    """The article's account of who pays whom beside the deals in scope (arguments of present.table)."""
    return dict(frame=article_rows(s.graph),
                caption="What the article says about who pays whom, against the deals in the data",
                source=s.cite(s.in_scope["source_id"], limit=6))


# The loops

def loops_finding(loops: pd.DataFrame) -> Finding:
    """How many loops, how many of firm deals only, how many with every amount disclosed."""
    firm = loops[loops["conditional_links"] == 0]
    measured = loops[loops["undisclosed_links"] == 0]
    return Finding(
        "circular-revenue-loops",
        f"The deal network holds {len(loops)} loops in which money leaves a company and comes back to it; "
        f"{len(firm)} are made of firm deals only and {len(measured)} have a disclosed amount on every link.",
        label="Loops in the deal network", value=len(loops), shown=str(len(loops)),
        how="every cycle in the graph of deals, found by cycle detection")


def loops_prose(loops: pd.DataFrame, companies) -> dict | None:
    """The loops' lengths and the two companies on most of them (None without loops)."""
    if not len(loops):
        return None
    counts = dealgraph.loop_counts(loops, companies)
    return dict(template="The loops run from {shortest} to {longest} companies. {hub} sits on {hub_n} of them, "
                         "{second} on {second_n}.",
                shortest=int(loops["companies"].min()), longest=int(loops["companies"].max()),
                hub=counts.index[0], hub_n=int(counts.iloc[0]), second=counts.index[1], second_n=int(counts.iloc[1]))


def loops_table(loops: pd.DataFrame) -> dict:
    """Every loop (arguments of present.table)."""
    return dict(frame=loop_rows(loops),
                caption="Every loop in the deal network, shortest first (the smallest disclosed link bounds what can "
                        "go round)",
                source="cycle detection on the graph of the deals in scope above")


# The round-trip arithmetic

def spend_back_prose(s: Scope) -> dict | None:
    """Two sourced figures that bound the spend-back share from above (None when either is missing)."""
    companies, deals = s.frames.companies, s.frames.deals
    gw = companies[companies["metric"].isin(["hardware_cost_per_gigawatt", "other_cost_per_gigawatt"])].set_index("metric")
    tranche = deals[(deals["from_company"] == "Nvidia") & (deals["to_company"] == "OpenAI") & (deals["headline"] == "no")]
    if len(gw) != 2 or not len(tranche):
        return None
    hardware, other = gw.loc["hardware_cost_per_gigawatt", "value"], gw.loc["other_cost_per_gigawatt", "value"]
    return dict(
        template="Two sourced figures show how high a spend-back share can go. Nvidia's chief executive put Nvidia's "
                 "hardware at {hw} of the {total} that a one-gigawatt data centre costs ({hw_share}); press reports put "
                 "Nvidia's first tranche for OpenAI at {tranche} for the first gigawatt. If both hold, OpenAI would "
                 "spend more on Nvidia than Nvidia puts in: a spend-back share at the top of the range. No source "
                 "gives such a share for every deal, so both shares stay assumptions: this report uses a spend-back "
                 "share of {sb} and a pass-through share of {pt}.",
        hw=fmt_usd_bn(hardware), total=fmt_usd_bn(hardware + other), hw_share=fmt_pct(hardware / (hardware + other)),
        tranche=fmt_usd_bn(tranche["amount"].iloc[0]), sb=fmt_pct(s.spend_back), pt=fmt_pct(s.pass_through),
    )


def single_supplier_prose(net: roundtrip.Network) -> dict | None:
    """The companies whose whole pass-through goes to one supplier (None when there are none)."""
    single = roundtrip.single_suppliers(net)
    if not single:
        return None
    return dict(template="One pass-through share for every company is a simplification. Where a company has a "
                         "single disclosed supplier in the network, the model sends all of its pass-through there: "
                         "{pairs}. Their real suppliers also include companies outside this network, so for a given "
                         "share these flows are upper bounds.",
                pairs="; ".join(f"{c} to {supplier}" for c, supplier in single))


def outside_dollar(s: Scope) -> pd.Series:
    """Revenue each company books from one dollar a customer pays `entry_company`."""
    return roundtrip.revenue_from_outside_dollar(s.net, s.entry_company, s.pass_through)


def outside_dollar_finding(s: Scope, outside: pd.Series | None = None) -> Finding:
    """How much revenue a customer's dollar paid to `entry_company` is booked as, and by how many companies."""
    outside = outside_dollar(s) if outside is None else outside
    total, n = outside.sum(), len(booked(outside))
    return Finding(
        "circular-revenue-outside-dollar",
        f"A dollar a customer pays {s.entry_company} is booked as ${total:.2f} of revenue by {n} companies when each "
        f"passes on {fmt_pct(s.pass_through)} of what it earns to its suppliers in the network.",
        label=f"Revenue booked from $1 paid to {s.entry_company}", value=round(float(total), 2), shown=f"${total:.2f}")


def outside_dollar_chart(s: Scope) -> Chart:
    """Where a customer's dollar is booked as revenue, with its finding."""
    outside = outside_dollar(s)
    total, n = outside.sum(), len(booked(outside))
    finding = outside_dollar_finding(s, outside)
    ids = _ids(s.disclosed["source_id"])
    fig = draw_dollar(outside, s.entry_company,
                      f"A customer's dollar paid to {s.entry_company} is booked as ${total:.2f} of revenue by {n} "
                      "companies",
                      "Revenue booked from one outside dollar (US$)",
                      s.cite(ids) + "; pass-through share: assumption", "where the dollar enters")
    alt = (f"Bar chart of the revenue each company books from one dollar paid to {s.entry_company} at a "
           f"{s.pass_through:.0%} pass-through share: {_money_list(outside)}; total ${total:.2f}.")
    return Chart(fig, "circular-revenue-outside-dollar", alt, sources=ids, findings=(finding,))


def invested_dollar(s: Scope) -> pd.Series:
    """Revenue each company books from one dollar `company` invests, split like its disclosed investments."""
    return roundtrip.revenue_from_investments(s.net, s.company, per_dollar=True, **s.shares)


def invested_dollar_title(per_dollar: pd.Series, company: str, invests: float) -> str:
    if invests > 0:
        return (f"Of each dollar {company} invests, {per_dollar[company] * 100:.0f}¢ comes back as {company}'s revenue; "
                f"${per_dollar.sum():.2f} is booked in all")
    return f"{company} makes no disclosed investment in the network, so none of its revenue is its own money returning"


def invested_dollar_prose(s: Scope) -> dict:
    per_dollar, invests = invested_dollar(s), s.net.invested(s.company)
    return dict(
        template="{company} invests {invests} in the network's companies (disclosed deals in scope). With a "
                 "spend-back share of {sb} and a pass-through share of {pt}, each dollar of it is booked as {total} "
                 "of revenue across the companies, {back} of it by {company} itself.",
        company=s.company, invests=fmt_usd_bn(invests) if invests else "nothing", sb=fmt_pct(s.spend_back),
        pt=fmt_pct(s.pass_through), total=f"${per_dollar.sum():.2f}", back=f"${per_dollar[s.company]:.2f}",
    )


def invested_dollar_chart(s: Scope) -> Chart:
    """Where a dollar `company` invests is booked as revenue."""
    per_dollar = invested_dollar(s)
    ids = _ids(s.disclosed["source_id"])
    fig = draw_dollar(per_dollar, s.company, invested_dollar_title(per_dollar, s.company, s.net.invested(s.company)),
                      f"Revenue booked per dollar {s.company} invests (US$)",
                      s.cite(ids) + "; spend-back and pass-through shares: assumptions", "the investor")
    alt = (f"Bar chart of the revenue each company books from one dollar {s.company} invests, spend-back share "
           f"{s.spend_back:.0%}, pass-through share {s.pass_through:.0%}: {_money_list(per_dollar)}.")
    return Chart(fig, "circular-revenue-invested-dollar", alt, sources=ids, deck=True)


SELF_FUNDED_PROSE = dict(template=(
    "Now all the disclosed investments at once. For each company, the table gives the revenue these investments "
    "route to it in the model and how much of that is the company's own money coming back. A share of 100% "
    "means that, as far as the disclosed deals show, the only money reaching the company through the network is "
    "money it put in. The last column is for scale only: the deals run over several years."))


def own_money_share(s: Scope, include_conditional: bool | None = None) -> float:
    """`company`'s own money as a share of the revenue the disclosed investments route to it; with
    `include_conditional` given, for that choice of deals instead of the scope's. NaN when they route it nothing
    (or, for the other choice, when the company has no deal left)."""
    if include_conditional is None or include_conditional == s.include_conditional:
        return float(roundtrip.self_funded(s.net, **s.shares).loc[s.company, "self_funded_share"])
    other = dealgraph.build(s.frames.deals, include_conditional, s.include_after_article)
    if s.company not in other.nodes:
        return math.nan
    return float(roundtrip.self_funded(dealgraph.network(other), **s.shares).loc[s.company, "self_funded_share"])


def own_money_finding(s: Scope) -> Finding:
    own = own_money_share(s)
    if own != own:
        return Finding("circular-revenue-own-money", f"No disclosed investment routes any revenue to {s.company}.")
    return Finding(
        "circular-revenue-own-money",
        f"{s.company}'s own money coming back is {fmt_pct(own)} of the revenue the disclosed investments route to "
        f"it (spend-back {fmt_pct(s.spend_back)}, pass-through {fmt_pct(s.pass_through)}).",
        label=f"{s.company}: own money / revenue the deals route to it", value=round(float(own), 3), shown=fmt_pct(own),
        how=(f"the round-trip model with {fmt_pct(s.spend_back)} of each investment spent back with the investor and "
             f"{fmt_pct(s.pass_through)} of revenue passed on to suppliers"),
        sources=tuple(dict.fromkeys(i for i in s.disclosed["source_id"] if isinstance(i, str))))


def own_money_if_finding(s: Scope) -> Finding:
    """What the own-money share would be with the other choice of conditional deals (a condition)."""
    other_own = own_money_share(s, not s.include_conditional)
    counting = "firm deals only" if s.include_conditional else "conditional deals too"
    sentence = (f"Counting {counting}, {s.company}'s own money coming back would be {fmt_pct(other_own)} of the "
                f"revenue the deals route to it, not {fmt_pct(own_money_share(s))}." if other_own == other_own
                else f"Counting {counting}, no disclosed investment would route revenue to {s.company}.")
    return Finding("circular-revenue-own-money-if", sentence, kind="condition")


def self_funded_table(s: Scope) -> dict:
    """Revenue the disclosed investments route to each company and its own money's share (arguments of
    present.table)."""
    one_decimal = "{:,.1f}".format
    return dict(
        frame=self_funded_rows(roundtrip.self_funded(s.net, **s.shares), s.revenue),
        caption=f"Revenue the disclosed investments route to each company, and its own money's share "
                f"(spend-back {s.spend_back:.0%}, pass-through {s.pass_through:.0%})",
        source=s.cite(list(s.disclosed["source_id"]) + list(s.revenue["source_id"])) + "; shares: assumptions",
        formats={"Invests (disclosed, $B)": one_decimal, "Revenue the deals route to it ($B)": one_decimal,
                 "Of which its own money back ($B)": one_decimal, "Own money, share": "{:.0%}".format,
                 "For scale: annual revenue ($B)": one_decimal})


SWEEP_SOURCE = "this report's round-trip model on the disclosed deals; the shares are assumptions"


def sweep_alt(by_pass: pd.DataFrame, by_spend: pd.DataFrame) -> str:
    entry, company = by_pass.attrs["entry"], by_pass.attrs["company"]
    outside, invested, own = by_pass["outside_dollar_revenue"], by_pass["invested_dollar_revenue"], by_spend["self_funded_share"]
    return (f"Two line charts. Left: revenue booked from one dollar paid to {entry} rises from "
            f"${outside.iloc[0]:.2f} to ${outside.iloc[-1]:.2f} as the pass-through share goes from 0% to 100%; from "
            f"one dollar {company} invests, from ${invested.iloc[0]:.2f} to ${invested.iloc[-1]:.2f}. Right: "
            f"{company}'s own money as a share of the revenue the deals route to it, from {own.iloc[0]:.0%} to "
            f"{own.iloc[-1]:.0%} as the spend-back share goes from 0% to 100%.")


def sweep_chart(s: Scope, m: ShareDraws | None = None) -> Chart:
    """The model's results as each share moves from 0 to 100% (model.sweeps); with `m`, a Monte Carlo's draws, the
    middle 90% of them by spend-back share shaded on the right (draws_band)."""
    by_pass, by_spend = roundtrip.sweeps(s.net, entry=s.entry_company, company=s.company, **s.shares)
    band = draws_band(m) if m is not None else None
    ids = _ids(s.disclosed["source_id"])
    alt = sweep_alt(by_pass, by_spend)
    if band is None:
        fig = draw_sweep(by_pass, by_spend, s.pass_through, s.spend_back, sweep_title(by_spend, s.company), SWEEP_SOURCE)
    else:
        ids = _ids(ids, range_source_ids(s.frames))
        fig = draw_sweep(by_pass, by_spend, s.pass_through, s.spend_back, sweep_title(by_spend, s.company),
                         s.cite(ids, limit=4) + "; this report's round-trip model; the shares are assumptions",
                         band, f"90% of {m.n:,} draws of {'both shares' if len(m.spreads) > 1 else 'the shares'}")
        alt = (alt[:-1] + f"; shaded behind it, the middle 90% of {m.n:,} draws of the shares ({ranges_words(m)}) "
               f"by spend-back share, from {band['low'].min():.0%} to {band['high'].max():.0%}.")
    return Chart(fig, "circular-revenue-sweep", alt, sources=ids)


# How sure: a Monte Carlo over the two shares

SLUG = "circular-revenue"
RANGED = {"spend_back_share": "spend-back share", "pass_through_share": "pass-through share"}
OVER = 0.5  # the chance finding counts the draws in which the company's own money is more than this share


@dataclass(frozen=True, eq=False)
class ShareDraws:
    """The round-trip model run on `n` draws of the two shares: the scope at the single-number shares, the ranges,
    the draws (a share without a range held at its value) and model.round_trips_many of them."""
    s: Scope
    n: int
    spreads: dict  # name -> uncertainty.Spread
    inputs: dict  # name -> array of n values
    many: dict  # own, routed, share (NaN where nothing is routed to the company), outside

    @property
    def share(self) -> np.ndarray:
        """The company's own money as a share of the revenue the disclosed investments route to it, per draw."""
        return self.many["share"]

    @property
    def over(self) -> float:
        """The share of draws in which the company's own money is more than OVER of that revenue (a draw in which
        nothing is routed to it does not count)."""
        return uncertainty.share(np.nan_to_num(self.share, nan=-1.0) > OVER)

    @property
    def routed_any(self) -> bool:
        return bool(np.isfinite(self.share).any())


def monte_carlo(s: Scope, ranges: str, n: int | None = None) -> ShareDraws:
    """Draw the ranged shares (seeded by the section and its parameter values, never the clock) and run the
    round-trip model on every draw at once (model.round_trips_many)."""
    central = dict(spend_back_share=s.spend_back, pass_through_share=s.pass_through)
    spreads = uncertainty.parse_for(ranges, central, "the round-trip model")
    n = uncertainty.DRAWS if n is None else n
    values = dict(central, company=s.company, entry_company=s.entry_company,
                  include_conditional=s.include_conditional, include_after_article=s.include_after_article)
    seed = uncertainty.seed_for(SLUG, values, uncertainty.unparse(spreads), n)
    inputs = uncertainty.with_fixed(uncertainty.draws(spreads, n, seed), central, n)
    try:
        many = roundtrip.round_trips_many(s.net, s.company, s.entry_company, spend_back=inputs["spend_back_share"],
                                          pass_through=inputs["pass_through_share"])
    except roundtrip.DivergentLoopError as exc:
        raise roundtrip.DivergentLoopError(f"ranges: pass_through_share's range reaches "
                                           f"{inputs['pass_through_share'].max():g}; {exc}") from None
    return ShareDraws(s, n, spreads, inputs, many)


def pass_through_ceiling(frames: Frames) -> float | None:
    """Nvidia hardware's share of what a one-gigawatt data centre costs: about the most of a contract's revenue that a
    cloud provider spending all of it on capacity would pass to the network's chip makers, the top of the default
    pass-through range (None when the data lack either figure)."""
    gw = frames.companies[frames.companies["metric"].isin(["hardware_cost_per_gigawatt", "other_cost_per_gigawatt"])]
    values = gw.set_index("metric")["value"]
    if len(values) != 2 or not values.index.is_unique:
        return None
    return float(values["hardware_cost_per_gigawatt"] / values.sum())


def range_source_ids(frames: Frames) -> list[str]:
    """The rows the default ranges' bounds come from: the cost of a gigawatt (the pass-through ceiling) and Nvidia's
    first tranche for OpenAI (the top of the spend-back range)."""
    companies, deals = frames.companies, frames.deals
    gw = companies[companies["metric"].isin(["hardware_cost_per_gigawatt", "other_cost_per_gigawatt"])]
    tranche = deals[(deals["from_company"] == "Nvidia") & (deals["to_company"] == "OpenAI") & (deals["headline"] == "no")]
    return list(dict.fromkeys([*gw["source_id"], *tranche["source_id"]]))


def ranges_words(m: ShareDraws) -> str:
    """The ranges drawn, in words: "the spend-back share evenly from 0% to 100% and the pass-through share from 0% to
    70%"."""
    text = []
    for name, sp in m.spreads.items():
        if sp.dist == "normal":
            text.append(f"the {RANGED[name]} around {fmt_pct(sp.central)} (standard deviation {fmt_pct(sp.sd or 0)})")
        else:
            text.append(f"the {RANGED[name]} {'evenly ' if sp.dist == 'uniform' else ''}from {fmt_pct(sp.low)} to "
                        f"{fmt_pct(sp.high)}")
    return " and ".join(text)


def held_words(m: ShareDraws) -> str:
    """The shares held at one value in every draw ("" when both have a range)."""
    held = [f"the {RANGED[name]} at {fmt_pct(m.inputs[name][0])}" for name in RANGED if name not in m.spreads]
    return " and ".join(held)


def _draws_of(m: ShareDraws) -> str:
    """'10,000 draws of the two shares' (or of the one share drawn)."""
    named = list(m.spreads)
    if not named:
        return f"{m.n:,} draws, both shares held at their values"
    return f"{m.n:,} draws of " + ("the two shares" if len(named) > 1 else f"the {RANGED[named[0]]}")


def own_money_chance(m: ShareDraws) -> Finding:
    """The share of draws in which the company's own money coming back is more than half of the revenue the
    disclosed investments route to it, with the middle 90% of the draws' own-money shares."""
    s, name = m.s, "circular-revenue-own-money-chance"
    if not m.routed_any:
        return Finding(name, f"No disclosed investment routes any revenue to {s.company}, whatever the shares.")
    over, band = m.over, uncertainty.bands(m.share[np.isfinite(m.share)][:, None], (5, 95))
    low, high = float(band[5][0]), float(band[95][0])
    held = held_words(m)
    none = uncertainty.share(np.isnan(m.share))
    return Finding(
        name,
        f"{s.company}'s own money coming back is more than half of the revenue the disclosed investments route to it "
        f"in {uncertainty.share_text(over)} of {_draws_of(m)}.",
        label=f"Draws in which {s.company}'s own money is over half of the revenue the deals route to it",
        value=round(over, 3), shown=uncertainty.share_text(over),
        how=((f"{m.n:,} draws of {ranges_words(m)} (a range without a word is triangular, peaking at the central "
              "value)" + (f", with {held} in every draw" if held else "")) if m.spreads
             else f"{m.n:,} draws with {held} in every draw")
             + f"; in each draw the round-trip model gives {s.company}'s own money coming back ÷ the revenue all the "
             f"disclosed investments route to it ({s.label}); the share of draws in which that is above "
             f"{fmt_pct(OVER)}" + (f" ({uncertainty.share_text(none)} of draws route it nothing and do not count)"
                                   if none > 0 else "")
             + f"; in the middle 90% of the draws the share is {fmt_pct(low)}"
             + (f" to {fmt_pct(high)}" if fmt_pct(low) != fmt_pct(high) else ""),
        sources=_ids(s.disclosed["source_id"], range_source_ids(s.frames)))


BAND_STEP = 0.05  # the draws are grouped by spend-back share in bins this wide, centred on 0%, 5%, ..., 100%
BAND_MIN = 20  # draws a bin needs for its band to be drawn


def draws_band(m: ShareDraws) -> pd.DataFrame | None:
    """The middle 90% of the draws' own-money shares (5th and 95th percentiles), by spend-back share in bins of
    BAND_STEP (draws that route the company nothing left out); None when the spend-back share has no range or fewer
    than two bins have BAND_MIN draws."""
    if "spend_back_share" not in m.spreads:
        return None
    kept = np.isfinite(m.share)
    sb, share = m.inputs["spend_back_share"][kept], m.share[kept]
    bins = np.rint(sb / BAND_STEP).astype(int)
    rows = [(b * BAND_STEP, *np.percentile(share[bins == b], (5, 95))) for b in np.unique(bins)
            if (bins == b).sum() >= BAND_MIN]
    return pd.DataFrame(rows, columns=["share", "low", "high"]) if len(rows) >= 2 else None


def spread_drivers(m: ShareDraws) -> list[tuple[str, float]]:
    """The ranged shares by how strongly they move the company's own-money share across the draws (Spearman rank
    correlation, draws that route it nothing left out), strongest first."""
    kept = np.isfinite(m.share)
    return uncertainty.drivers({k: m.inputs[k][kept] for k in m.spreads}, m.share[kept]) if kept.any() else []


def drivers_sentence(m: ShareDraws) -> str:
    """Which share drives the spread, in one sentence."""
    ranked, kept = spread_drivers(m), m.share[np.isfinite(m.share)]
    if not ranked or not len(kept):
        return ""
    if np.ptp(kept) < 0.0005:
        return f"Neither share moves {m.s.company}'s own-money share here: it is {fmt_pct(kept[0])} in every draw."
    (top, rho), rest = ranked[0], ranked[1:]
    others = "; ".join(f"{RANGED[k]} {uncertainty.signed(r)}" for k, r in rest)
    return (f"The {RANGED[top]} drives the spread (rank correlation {uncertainty.signed(rho)}"
            + (f"; {others})." if others else ")."))


def other_deals(m: ShareDraws) -> ShareDraws | None:
    """The same draws' model with the other choice of conditional deals (None when the company or the entry company
    has no deal left in it)."""
    s = m.s
    try:
        other = scope(s.frames, include_conditional=not s.include_conditional,
                      include_after_article=s.include_after_article, company=s.company, entry_company=s.entry_company,
                      spend_back=s.spend_back, pass_through=s.pass_through)
    except ValueError:
        return None
    return monte_carlo(other, uncertainty.unparse(m.spreads), m.n)


def _range_words(m: ShareDraws, name: str) -> str:
    """One range in words, with where its bounds come from when they are the default's."""
    sp = m.spreads[name]
    if sp.dist == "normal":
        return f"the {RANGED[name]} around {fmt_pct(sp.central)} (standard deviation {fmt_pct(sp.sd or 0)})"
    text = f"the {RANGED[name]} {'evenly ' if sp.dist == 'uniform' else ''}from {fmt_pct(sp.low)} to {fmt_pct(sp.high)}"
    ceiling = pass_through_ceiling(m.s.frames)
    if name == "spend_back_share" and (sp.low, sp.high) == (0.0, 1.0):
        text += ", as no source gives it,"
    elif name == "pass_through_share" and ceiling is not None and round(sp.high, 2) == round(ceiling, 2):
        text += " (Nvidia hardware's share of a gigawatt's cost)"
    return text


def chance_prose(m: ShareDraws) -> dict:
    """What the draws took and why, the chance with the other choice of conditional deals and which share drives the
    spread (arguments of present.prose)."""
    s = m.s
    if not m.spreads:
        return dict(template="Both shares are held at one value here ({held}), so every draw gives the same result.",
                    held=held_words(m))
    other = other_deals(m)
    counting = "firm deals only" if s.include_conditional else "conditional deals too"
    if other is None or not other.routed_any:
        other_words = f" Counting {counting}, no disclosed investment routes revenue to {s.company}."
    elif m.routed_any:
        other_words = f" Counting {counting}, {uncertainty.share_text(other.over)} of the draws do."
    else:
        other_words = (f" Counting {counting}, {s.company}'s own money is more than half of the revenue the deals "
                       f"route to it in {uncertainty.share_text(other.over)} of the draws.")
    return dict(template="The draws take {ranges}{held}.{other}{drivers}",
                ranges=" and ".join(_range_words(m, name) for name in m.spreads).replace(",, ", ", ").rstrip(","),
                held=f", with {held_words(m)}" if held_words(m) else "", other=other_words,
                drivers=(" " + drivers_sentence(m)).rstrip())


# The dot-com precedents

def then_and_now(s: Scope) -> pd.DataFrame:
    """The precedents table for the deals in scope; every company that invests in a customer in any deal (conditional
    ones too) keeps its row."""
    everything = dealgraph.build(s.frames.deals, include_conditional=True, include_after_article=s.include_after_article)
    return precedents(s.frames.dotcom, s.graph, s.revenue, s.frames.companies, vendors=vendors_of(everything))


def _ranked(table: pd.DataFrame) -> tuple[pd.DataFrame, pd.DataFrame, pd.DataFrame]:
    """AI vendor financing, dot-com vendor financing and capacity swaps, each largest share first."""
    vf = table[table["kind"] == "vendor financing"].sort_values("share", ascending=False)
    swaps = table[table["kind"] == "capacity swaps"].sort_values("share", ascending=False)
    return vf[vf["era"] != "dot-com"], vf[vf["era"] == "dot-com"], swaps


def vendor_financing_finding(table: pd.DataFrame) -> Finding:
    """The largest AI vendor's stakes in its customers against the largest dot-com vendor financing."""
    ai, old, _ = _ranked(table)
    a = ai.iloc[0]
    return Finding(
        "circular-revenue-vendor-financing",
        f"{financing_words(a['company'], a['deal_kinds'])} {_equal(a['deal_kinds'])} {fmt_pct(a['share'])} of a year's "
        f"revenue; the "
        f"largest dot-com vendor financing in the data was {fmt_pct(old['share'].iloc[0])} ({old['label'].iloc[0]}).",
        label=f"{a['company']}: {'share warrant to' if tuple(a['deal_kinds']) == ('warrant',) else 'investments in'} "
              f"own customers / annual revenue", value=round(float(a["share"]), 3),
        shown=fmt_pct(a["share"]),
        how=f"{fmt_usd_bn(a['value'])} in its customers ÷ {fmt_usd_bn(a['revenue'])} of revenue ({a['revenue_period']})",
        sources=tuple(dict.fromkeys(i for i in (*a["source_ids"], *old["source_ids"].iloc[0]) if isinstance(i, str))))


def precedents_prose(table: pd.DataFrame) -> dict:
    ai, old, swaps = _ranked(table)
    return dict(
        template="The largest dot-com vendor financing in the data came to {old_top} of a year's revenue "
                 "({old_name}). The largest AI equivalents in scope: {ai_list}. Round-trip capacity sales: "
                 "{swap_list}.",
        old_top=fmt_pct(old["share"].iloc[0], 1), old_name=old["label"].iloc[0],
        ai_list="; ".join(f"{r.company} {fmt_pct(r.share, 1)}" for r in ai.head(3).itertuples()),
        swap_list="; ".join(f"{r.label} {fmt_pct(r.share, 1)}" for r in swaps.itertuples()),
    )


def precedents_chart(s: Scope, table: pd.DataFrame) -> Chart:
    """Vendor financing and round-trip sales as a share of revenue, then and now (`table`: then_and_now)."""
    ids = _ids([i for ids in table["source_ids"] for i in ids], s.in_scope["source_id"])
    fig = draw_precedents(table, precedents_title(table), s.cite(ids))
    alt = ("Horizontal bar chart of financing and round-trip sales as a share of annual revenue: "
           + "; ".join(f"{r.label} {r.share:.1%}" for r in table.itertuples()) + ".")
    return Chart(fig, "circular-revenue-precedents", alt, sources=ids, deck=True, headline=precedents_headline(table))


def dotcom_table(s: Scope) -> dict:
    """Every dot-com precedent figure (arguments of present.table)."""
    dotcom = s.frames.dotcom
    return dict(frame=dotcom_rows(dotcom, s.frames.sources),
                caption="Every dot-com precedent figure in the data (what each covers is in its note "
                        "column)",
                source=s.cite(dotcom["source_id"], limit=8))
