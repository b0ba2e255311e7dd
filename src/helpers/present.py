"""What notebooks use to show results: charts with a finding title and a source line,
tables and prose whose values are escaped, and number formatting.

Charts are matplotlib Figures (not pyplot), displayed once as an HTML <figure> that
embeds the SVG and carries alt text; the PNG and SVG also travel in the output so
the build can export every chart to reports/figures/.
"""
from __future__ import annotations

import base64
import html
import io
import re

import matplotlib

matplotlib.use("Agg")
from matplotlib.figure import Figure  # noqa: E402

INK = "#1f2328"
MUTED = "#59636e"
PALETTE = {"revenue": "#2f6db5", "cost": "#c8553d", "loss": "#8c2d19", "neutral": "#8a94a0",
           "accent": "#e0a030", "good": "#3a8a4f"}

RC = {
    # DejaVu Sans ships with matplotlib, so layout is identical everywhere; the SVG names metric-alike
    # fallbacks for viewers without it.
    "font.family": ["sans-serif"],
    "font.sans-serif": ["DejaVu Sans", "Verdana", "Arial", "Helvetica"],
    "font.size": 13,
    "axes.titlesize": 14,
    "axes.labelsize": 13,
    "xtick.labelsize": 12,
    "ytick.labelsize": 12,
    "legend.fontsize": 12,
    "legend.frameon": False,
    "axes.spines.top": False,
    "axes.spines.right": False,
    "axes.edgecolor": MUTED,
    "axes.labelcolor": INK,
    "text.color": INK,
    "xtick.color": MUTED,
    "ytick.color": MUTED,
    "axes.grid": True,
    "axes.axisbelow": True,
    "grid.color": "#e3e6ea",
    "grid.linewidth": 0.8,
    "svg.hashsalt": "ai-bubble-report",
    "svg.fonttype": "none",  # text stays text: selectable, searchable, and 3x faster to lay out in the PDF
    "path.simplify": True,
    "text.parse_math": False,  # "$3.7B" is money, not mathtext
}
matplotlib.rcParams.update(RC)

SLUG = re.compile(r"^[a-z0-9]+(-[a-z0-9]+)*$")


def chart(title: str, source: str, *, ncols: int = 1, size: tuple[float, float] = (10, 5.6), **subplot_kw):
    """A figure whose title states the finding and whose foot carries the source line."""
    if not title.strip() or not source.strip():
        raise ValueError("a chart needs a title that states its finding and a source line")
    fig = Figure(figsize=size, layout="constrained")
    axes = fig.subplots(1, ncols, **subplot_kw)
    # widths in characters that fit the figure: ~7.2 per inch at 16pt bold, ~13.5 at 10pt
    fig.suptitle(_wrap(title, int(size[0] * 7.2)), x=0.0, ha="left", fontsize=16, fontweight="bold")
    source_text = _wrap("Source: " + source, int(size[0] * 13.5))
    lines = source_text.count("\n") + 1
    bottom = (0.2 + 0.17 * lines) / size[1]  # inches kept free for the source line, as a fraction
    fig.get_layout_engine().set(rect=(0, bottom, 1, 1 - bottom))
    fig.text(0.0, 0.005, source_text, ha="left", va="bottom", fontsize=10, color=MUTED)
    return fig, axes


def _wrap(text: str, width: int) -> str:
    import textwrap

    return "\n".join(textwrap.wrap(text, width)) or text


PNG_DPI = 200  # a 10-inch chart is 2000 pixels wide


def _render(fig: Figure) -> tuple[str, bytes]:
    """The chart as SVG (text stays text) and as PNG. The PNG is saved without an alpha channel
    (charts are opaque): a smaller file, written in three quarters of the time."""
    from PIL import Image

    svg, raw, png = io.StringIO(), io.BytesIO(), io.BytesIO()
    fig.savefig(svg, format="svg", metadata={"Date": None, "Creator": None})
    engine = fig.get_layout_engine()
    fig.set_layout_engine("none")  # the layout is settled by the first save; the PNG reuses it
    try:
        fig.savefig(raw, format="rgba", dpi=PNG_DPI)
    finally:
        fig.set_layout_engine(engine)
    width = int(fig.get_figwidth() * PNG_DPI)
    pixels = raw.getvalue()
    image = Image.frombuffer("RGBA", (width, len(pixels) // (4 * width)), pixels, "raw", "RGBA", 0, 1)
    image.convert("RGB").save(png, format="png")
    return svg.getvalue(), png.getvalue()


def show(fig: Figure, name: str, alt: str, *, deck: bool = False) -> None:
    """Display a chart in the notebook and register it for export as figures/<name>.svg/.png.

    `deck=True` puts the chart on a slide of the meeting deck (one key finding per slide)."""
    from IPython.display import display

    if not SLUG.match(name):
        raise ValueError(f"figure name {name!r} must be lowercase words joined by hyphens")
    if len(alt.strip()) < 20:
        raise ValueError(f"figure {name!r} needs alt text that says what the chart shows")
    title = fig._suptitle.get_text().replace("\n", " ") if fig._suptitle else name
    svg, png = _render(fig)
    data_uri = "data:image/svg+xml;base64," + base64.b64encode(svg.encode()).decode()
    markup = (f'<figure class="chart" id="fig-{name}" data-figure="{name}">'
              f'<img src="{data_uri}" alt="{html.escape(alt)}" loading="eager">'
              f'<figcaption>{html.escape(title)}</figcaption></figure>')
    display({"text/html": markup, "image/svg+xml": svg, "image/png": base64.b64encode(png).decode()},
            raw=True, metadata={"report_figure": {"name": name, "title": title, "alt": alt, "deck": deck}})


def finding(name: str, sentence: str, *, label: str | None = None, value: float | None = None,
            shown: str | None = None, kind: str = "finding") -> None:
    """Display a computed finding and register it for the report's summary.

    `sentence` states it in words (built from computed values); `label`, `value` and `shown`
    (the value formatted) put it in the summary's table of key figures and the scenario
    comparison; kind "condition" marks what would change the conclusion."""
    from IPython.display import HTML, display

    if kind not in ("finding", "condition"):
        raise ValueError(f"finding kind must be 'finding' or 'condition', got {kind!r}")
    if not SLUG.match(name):
        raise ValueError(f"finding name {name!r} must be lowercase words joined by hyphens")
    meta = {"name": name, "sentence": sentence, "label": label, "value": value, "shown": shown, "kind": kind}
    display(HTML(f'<div class="findings finding-{kind}"><p>{html.escape(sentence)}</p></div>'),
            metadata={"report_finding": meta})


def fmt_usd_bn(value: float, digits: int = 1) -> str:
    """$3.7B style; trillions above 1,000 and millions below 1."""
    if 0 < abs(value) < 1:
        return f"${value * 1000:,.0f}M"
    if abs(value) >= 1000:
        return f"${value / 1000:,.{digits}f} trillion"
    return f"${value:,.{digits}f}B"


def fmt_pct(share: float, digits: int = 0) -> str:
    return f"{share * 100:.{digits}f}%"


def fmt_value(value: float, unit: str) -> str:
    """A figure with its unit in words, as a reader expects it: 89%, $2.8 trillion, $1.0B, 6 years."""
    if unit == "pct":
        return f"{value:g}%"
    if unit == "share":
        return fmt_pct(value)
    if unit == "usd_tn":
        return f"${value:g} trillion"
    if unit == "usd_bn":
        return fmt_usd_bn(value)
    if unit == "usd_m":
        return f"${value:,.0f} million"
    if unit == "usd":
        return f"${value:,.2f}"
    if unit == "years":
        return f"{value:g} years"
    if unit == "ratio":
        return f"{value:g}×"
    return f"{value:,g}"


def prose(template: str, **values) -> None:
    """Display a paragraph: `template` is trusted markup from the notebook; string values are escaped,
    numbers keep their type so format specs such as {x:.1f} work."""
    from IPython.display import HTML, display

    display(HTML(template.format(**{k: html.escape(v) if isinstance(v, str) else v for k, v in values.items()})))


def table(frame, caption: str, source: str, *, formats: dict | None = None, classes: str = "") -> None:
    """Display a DataFrame as an escaped HTML table with a caption and a source line."""
    from IPython.display import HTML, display

    display(HTML(table_html(frame, caption, source, formats=formats, classes=classes)))


def table_html(frame, caption: str, source: str, *, formats: dict | None = None, classes: str = "") -> str:
    formats = formats or {}
    head = "".join(f"<th>{html.escape(str(c))}</th>" for c in frame.columns)
    rows = []
    for _, row in frame.iterrows():
        cells = []
        for col in frame.columns:
            value = row[col]
            text = "" if value is None or value != value else (formats[col](value) if col in formats else str(value))
            numeric = isinstance(value, (int, float)) and not isinstance(value, bool)
            cells.append(f'<td class="{"num" if numeric else "txt"}">{html.escape(text)}</td>')
        rows.append("<tr>" + "".join(cells) + "</tr>")
    return (f'<table class="report-table {html.escape(classes)}"><caption>{html.escape(caption)}</caption>'
            f"<thead><tr>{head}</tr></thead><tbody>{''.join(rows)}</tbody></table>"
            f'<p class="source">Source: {html.escape(source)}</p>')
