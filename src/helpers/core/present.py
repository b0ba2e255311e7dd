"""What notebooks use to show results: charts with a finding title and a source line,
tables and prose whose values are escaped, and number formatting.

Charts are matplotlib Figures (not pyplot), displayed once as an HTML <figure> that
embeds the SVG and carries alt text; the PNG and SVG also travel in the output so
the build can export every chart to reports/figures/.
"""
from __future__ import annotations

import base64
import functools
import io
import re
from pathlib import Path
from dataclasses import dataclass, replace

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
# The theme every chart shares: seaborn's, with the report's type sizes, colours and grid on top;
# the palette's colours cycle in this order where a chart does not name its own.
import seaborn as sns  # noqa: E402

sns.set_theme(context="notebook", style="whitegrid", palette=list(PALETTE.values()), rc=RC)

SLUG = re.compile(r"^[a-z0-9]+(-[a-z0-9]+)*$")


TITLE_SIZE = 16  # points, bold: the finding
SOURCE_SIZE = 10  # points: the source line
MARGIN_IN = 0.12  # inches kept free inside the image on every side


def chart(title: str, source: str, *, ncols: int = 1, nrows: int = 1, size: tuple[float, float] = (10, 5.6),
          **subplot_kw):
    """A figure whose title states the finding and whose foot carries the source line: the one
    chart layout of the report. Title and source are wrapped to the figure's width by measuring the
    text (`fit`), so a chart of any size keeps both inside the image. Returns (fig, axes)."""
    if not title.strip() or not source.strip():
        raise ValueError("a chart needs a title that states its finding and a source line")
    fig = Figure(figsize=size, layout="constrained")
    axes = fig.subplots(nrows, ncols, **subplot_kw)
    fig.suptitle(title, x=0.0, ha="left", fontsize=TITLE_SIZE, fontweight="bold")
    fig.text(0.0, 0.0, "Source: " + source, ha="left", va="bottom", fontsize=SOURCE_SIZE, color=MUTED,
             gid="source-line")
    fit(fig)
    return fig, axes


def fan(ax, x, band: dict, color: str, central: tuple | None = None) -> None:
    """A fan chart on `ax`: the 90% and 50% bands and the median of uncertainty.bands(...) by `x`, and the central
    assumptions' line (`central`: its x and y) dashed; each labelled for the legend."""
    ax.fill_between(x, band[5], band[95], color=color, alpha=0.18, linewidth=0, label="90% of draws")
    ax.fill_between(x, band[25], band[75], color=color, alpha=0.35, linewidth=0, label="50% of draws")
    ax.plot(x, band[50], color=color, linewidth=2.5, label="Median draw")
    if central is not None:
        ax.plot(*central, color=INK, linewidth=1.5, linestyle="--", label="Central assumptions")
    ax.xaxis.get_major_locator().set_params(integer=True)


def retitle(fig: Figure, title: str) -> Figure:
    """Give a chart a new finding title (and lay it out again)."""
    fig._suptitle.set_text(title)
    return fit(fig)


def set_source(fig: Figure, source: str) -> Figure:
    """Give a chart a new source line (and lay it out again)."""
    _source_text(fig).set_text("Source: " + source)
    return fit(fig)


def fit(fig: Figure) -> Figure:
    """Wrap the title and the source line to the figure's current width, measured with the
    renderer's own font metrics, and keep room for the source line under the plots. Call again
    after resizing a figure."""
    width_in, height_in = fig.get_size_inches()
    usable = (width_in - 2 * MARGIN_IN) * 72  # points
    title = fig._suptitle
    if title is not None:
        title.set_text(wrap(" ".join(title.get_text().split()), TITLE_SIZE, usable, bold=True))
        title.set_position((MARGIN_IN / width_in, 1 - MARGIN_IN / height_in))
        title.set_verticalalignment("top")
    note = _source_text(fig)
    lines = 0
    if note is not None:
        note.set_text(wrap(" ".join(note.get_text().split()), SOURCE_SIZE, usable))
        note.set_position((MARGIN_IN / width_in, MARGIN_IN / height_in))
        lines = note.get_text().count("\n") + 1
    bottom = (MARGIN_IN + lines * SOURCE_SIZE * 1.25 / 72 + 0.1) / height_in if lines else MARGIN_IN / height_in
    engine = fig.get_layout_engine()
    if engine is not None and hasattr(engine, "set"):
        engine.set(rect=(MARGIN_IN / width_in, bottom, 1 - 2 * MARGIN_IN / width_in, 1 - bottom - MARGIN_IN / height_in))
    return fig


def _source_text(fig: Figure):
    return next((t for t in fig.texts if t.get_gid() == "source-line" or t.get_text().startswith("Source: ")), None)


def wrap(text: str, fontsize: float, width_pt: float, *, bold: bool = False) -> str:
    """Break `text` into lines no wider than `width_pt` points in the report's font.

    A line's width is its words' widths plus its spaces', each measured once: the same as measuring the whole
    line (no kerning crosses a space), and fast enough for a slide that tries several sizes of one headline."""
    space = _text_width("x x", fontsize, bold) - 2 * _text_width("x", fontsize, bold)
    lines, line, used = [], "", 0.0
    for word in text.split(" "):
        width = _text_width(word, fontsize, bold)
        if line and used + space + width > width_pt:
            lines.append(line)
            line, used = word, width
        elif line:
            line, used = f"{line} {word}", used + space + width
        else:
            line, used = word, width
    lines.append(line)
    return "\n".join(lines)


@functools.lru_cache(maxsize=8192)
def _text_width(text: str, fontsize: float, bold: bool) -> float:
    """The width of `text` in points in the report's font (matplotlib's own measure)."""
    from matplotlib.font_manager import FontProperties
    from matplotlib.textpath import TextToPath

    if not text:
        return 0.0
    prop = FontProperties(family=RC["font.sans-serif"][0], size=fontsize, weight="bold" if bold else "normal")
    return TextToPath().get_text_width_height_descent(text, prop, ismath=False)[0]


PNG_DPI = 200  # a 10-inch chart is 2000 pixels wide


CLIP_ID = re.compile(r'<clipPath id="(p[0-9a-f]{10})"')


def _stable_clip_ids(svg: str) -> str:
    """Name clip paths by their order in the file. Matplotlib names each after a hash of its
    rectangle's exact floating-point bounds, which can differ in the last bits between two runs of
    the same layout (the drawn coordinates, rounded, do not), so identical charts got different ids."""
    for k, old in enumerate(dict.fromkeys(CLIP_ID.findall(svg))):
        svg = svg.replace(f'"{old}"', f'"clip{k:02d}"').replace(f"#{old})", f"#clip{k:02d})")
    return svg


def _render(fig: Figure, dpi: float = PNG_DPI) -> tuple[str, bytes]:
    """The chart as SVG (text stays text) and as PNG at `dpi`. The PNG is saved without an alpha channel
    (charts are opaque): a smaller file, written in three quarters of the time."""
    from PIL import Image

    svg, raw, png = io.StringIO(), io.BytesIO(), io.BytesIO()
    fig.savefig(svg, format="svg", metadata={"Date": None, "Creator": None})
    svg = io.StringIO(_stable_clip_ids(svg.getvalue()))
    engine = fig.get_layout_engine()
    fig.set_layout_engine("none")  # the layout is settled by the first save; the PNG reuses it
    try:
        fig.savefig(raw, format="rgba", dpi=dpi)
    finally:
        fig.set_layout_engine(engine)
    width = int(round(fig.get_figwidth() * dpi))
    pixels = raw.getvalue()
    image = Image.frombuffer("RGBA", (width, len(pixels) // (4 * width)), pixels, "raw", "RGBA", 0, 1)
    image.convert("RGB").save(png, format="png")
    return svg.getvalue(), png.getvalue()


@dataclass(frozen=True)
class Finding:
    """A computed result stated in a sentence, registered for the report's summary.

    `label`, `value` and `shown` (the value formatted) put it in the summary's table of key
    figures and the scenario comparison; kind "condition" marks what would change the conclusion."""
    name: str
    sentence: str
    label: str | None = None
    value: float | None = None
    shown: str | None = None
    kind: str = "finding"
    how: str | None = None  # the arithmetic behind `shown`, in words ("$34.0B of costs ÷ $13.1B of revenue")
    sources: tuple[str, ...] = ()  # source ids of its inputs (a chart's, when shown with the chart)

    def __post_init__(self):
        if self.kind not in ("finding", "condition"):
            raise ValueError(f"finding kind must be 'finding' or 'condition', got {self.kind!r}")
        if not SLUG.match(self.name):
            raise ValueError(f"finding name {self.name!r} must be lowercase words joined by hyphens")


@dataclass
class Chart:
    """What a section's chart function returns: the figure (its title states the finding, its foot
    the source line), the name it is exported under, its alt text, the source ids of what it plots,
    and the findings it supports (shown with it)."""
    fig: Figure
    name: str
    alt: str
    sources: tuple[str, ...] = ()
    findings: tuple[Finding, ...] = ()
    deck: bool = False
    # the slide's headline where the title is too long for two lines at 28 pt (helpers.core.slide)
    headline: str | None = None
    # a simpler drawing of the same finding for the slide (made with chart(), same title and source)
    slide: Figure | None = None

    def __post_init__(self):
        if not SLUG.match(self.name):
            raise ValueError(f"figure name {self.name!r} must be lowercase words joined by hyphens")
        if len(self.alt.strip()) < 20:
            raise ValueError(f"figure {self.name!r} needs alt text that says what the chart shows")

    @property
    def title(self) -> str:
        return self.fig._suptitle.get_text().replace("\n", " ") if self.fig._suptitle else self.name


def show(item, name: str | None = None, alt: str | None = None, *, deck: bool = False) -> None:
    """Display a Chart (its findings first, then the figure), a Finding, a sequence of them, or a bare figure with
    `name` and `alt`, and register charts for export as figures/<name>.svg/.png.

    `deck=True` puts the chart on a slide of the meeting deck (one key finding per slide)."""
    if isinstance(item, (tuple, list)):  # several findings (or charts), possibly none
        for each in item:
            show(each)
        return None
    if isinstance(item, Finding):
        return _show_finding(item)
    chart_ = item if isinstance(item, Chart) else Chart(item, name, alt, deck=deck)
    for f in chart_.findings:
        _show_finding(f if f.sources else replace(f, sources=tuple(chart_.sources)))
    _show_figure(chart_)


def _show_figure(chart_: Chart) -> None:
    from IPython.display import display

    from helpers.core.html import fragment

    title = chart_.title
    svg, png = _render(chart_.fig)
    data_uri = "data:image/svg+xml;base64," + base64.b64encode(svg.encode()).decode()
    markup = fragment("figure", name=chart_.name, src=data_uri, alt=chart_.alt, title=title)
    metadata = {"report_figure": {"name": chart_.name, "title": title, "alt": chart_.alt, "deck": chart_.deck}}
    if chart_.deck:  # after the report's version: the slide's is the same figure, re-styled
        metadata[SLIDE_KEY] = _slide_versions(chart_)
    display({"text/html": markup, "image/svg+xml": svg, "image/png": base64.b64encode(png).decode()},
            raw=True, metadata=metadata)


# Output metadata that carries a deck chart's slide: its layout, findings and sources, and the chart
# drawn for the slide (deck_svg, deck_png) and for a presenter's own slides (svg, png: 1920 × 1080).
SLIDE_KEY = "report_slide"


def _slide_versions(chart_: Chart) -> dict:
    from helpers.core import slide

    note = _source_text(chart_.fig)
    source = " ".join(note.get_text().split()).removeprefix("Source: ") if note is not None else ""
    where, fig = slide.for_slide(chart_.slide or chart_.fig, chart_.headline or chart_.title,
                                 slide.short_source(source))
    deck_svg, deck_png = _render(fig, slide.DECK_DPI)
    fig.set_size_inches(*slide.PRESENTER_IN)
    svg, png = _render(fig, slide.PRESENTER_DPI)
    return {"layout": where.as_dict(), "title": chart_.title, "source": source,
            "findings": [f.name for f in chart_.findings], "sources": list(chart_.sources),
            "deck_svg": deck_svg, "deck_png": base64.b64encode(deck_png).decode(),
            "svg": svg, "png": base64.b64encode(png).decode()}


def _show_finding(f: Finding) -> None:
    from IPython.display import HTML, display

    from helpers.core.html import fragment

    where, source = provenance(f), lead_source(f.sources)
    meta = {"name": f.name, "sentence": f.sentence, "label": f.label, "value": f.value, "shown": f.shown,
            "kind": f.kind, "how": f.how, "sources": list(f.sources), "provenance": where, "source": source}
    display(HTML(fragment("finding", kind=f.kind, name=f.name, **sentence_parts(f.sentence, f.shown),
                          provenance=where, source=source)),
            metadata={"report_finding": meta})


def provenance(f: Finding) -> str | None:
    """Where a finding's number comes from, in words: its arithmetic and its sources' publishers."""
    return where_from(f.sources, f"{f.shown} = {f.how}" if f.how and f.shown else f.how)


def where_from(ids, arithmetic: str | None = None) -> str | None:
    """'arithmetic; Source: publishers' for a number, either part left out when it is not known."""
    from helpers.core.sources import cite

    known = [i for i in ids if isinstance(i, str)]
    cited = cite(_sources_table(), known) if known else ""
    return "; ".join(p for p in (arithmetic, f"Source: {cited}" if cited else None) if p) or None


def lead_source(ids) -> str | None:
    """The source a number links to: the first of its sources whose publisher is known."""
    if not any(isinstance(i, str) for i in ids):
        return None
    table = _sources_table().set_index("source_id")["publisher"]
    known = [i for i in ids if isinstance(i, str) and i in table.index]
    return next((i for i in known if not str(table[i]).startswith("Unidentified")), next(iter(known), None))


def _sources_table():
    """The data folder's sources.csv, read and checked once per version of the file: every finding and
    every sourced paragraph of a notebook cites it."""
    from helpers.core import paths

    path = Path(paths.data_dir()) / "sources.csv"
    return _read_sources(str(path), path.stat().st_mtime_ns if path.exists() else None)


@functools.lru_cache(maxsize=4)
def _read_sources(path: str, _version):
    from helpers.core import data

    return data.load("sources.csv", Path(path).parent)


def sentence_parts(sentence: str, shown: str | None) -> dict:
    """The sentence split around the first place it states `shown`, so the number can carry its
    provenance; the whole sentence as `before` when it does not state it."""
    at = sentence.find(shown) if shown else -1
    if at < 0 and shown:  # a compound value ("40% / 3.5%"): its first number, where the sentence states it
        first = re.match(r"[$]?[\d.,]+(?:[%¢BTM]|(?= ))?", shown)
        shown = first.group(0) if first else None
        at = sentence.find(shown) if shown else -1
    if at < 0:
        return {"before": sentence, "number": None, "after": ""}
    return {"before": sentence[:at], "number": shown, "after": sentence[at + len(shown):]}


def finding(name: str, sentence: str, *, label: str | None = None, value: float | None = None,
            shown: str | None = None, kind: str = "finding") -> None:
    """Display a computed finding and register it for the report's summary (see Finding)."""
    _show_finding(Finding(name, sentence, label, value, shown, kind))


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


def prose(template: str, boxed: bool = False, sources=(), **values) -> None:
    """Display paragraphs of text: `template` is plain text with {placeholders} (format specs such as
    {x:.1f} work), paragraphs separated by a blank line; `boxed` sets them in a findings box. The
    markup comes from templates/fragments/prose.html.j2, and every character is escaped. With
    `sources` (the source ids of the values), each value that states a number says where it comes
    from on hover or tap, and links to its source."""
    from IPython.display import HTML, display

    from helpers.core.html import fragment

    if "<" in template:
        raise ValueError("prose takes text, not markup (paragraphs are separated by a blank line)")
    known = tuple(i for i in sources if isinstance(i, str))
    display(HTML(fragment("prose", boxed=boxed, paragraphs=prose_paragraphs(template, values),
                          provenance=where_from(known), source=lead_source(known))))


def story(text: dict | None, chart: Chart) -> None:
    """A paragraph (present.prose's arguments; None shows nothing) and the chart it introduces: the
    paragraph's numbers say they come from the chart's sources."""
    if text is not None:
        prose(**{**text, "sources": (*text.get("sources", ()), *chart.sources)})
    show(chart)


def _states_a_number(text: str) -> bool:
    """A short value with a digit that is not a date ("$13.1B", "52%", "6 years"; not "2025",
    "mid-2025" or "31 December 2024", and not a whole clause)."""
    return (bool(re.search(r"\d", text)) and len(text) <= 24 and not re.fullmatch(r"(1[89]|20)\d\d", text.strip())
            and not DATE_WORDS.search(text))


DATE_WORDS = re.compile(r"\b(January|February|March|April|May|June|July|August|September|October|November|December"
                        r"|Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec|mid|early|late|end)\b|^\d{4}-\d{2}(-\d{2})?$")


def prose_paragraphs(template: str, values: dict) -> list[list[dict]]:
    """The template filled in, as paragraphs of segments: {"text": ...} for the template's own words
    and {"text": ..., "number": True} for a value that states a number."""
    import string

    formatter = string.Formatter()
    paragraphs: list[list[dict]] = [[]]
    for literal, field, spec, conversion in formatter.parse(template):
        for k, chunk in enumerate(literal.split("\n\n")):
            if k:
                paragraphs.append([])
            if chunk:
                paragraphs[-1].append({"text": chunk})
        if field is not None:
            value = formatter.get_field(field, (), values)[0]
            value = formatter.convert_field(value, conversion) if conversion else value
            text = format(value, spec or "")
            paragraphs[-1].append({"text": text, "number": _states_a_number(text)})
    out = []
    for segments in paragraphs:
        if segments:
            segments[0]["text"] = segments[0]["text"].lstrip()
            segments[-1]["text"] = segments[-1]["text"].rstrip()
        if "".join(seg["text"] for seg in segments):
            out.append(segments)
    return out


def table(frame, caption: str, source: str, *, formats: dict | None = None, classes: str = "") -> None:
    """Display a DataFrame as an escaped HTML table with a caption and a source line. Tables are the
    report's apparatus: the build sets them in the section's Data appendix, not in its argument."""
    from IPython.display import HTML, display

    display(HTML(table_html(frame, caption, source, formats=formats, classes=classes)),
            metadata={APPENDIX_KEY: "data"})


# Output metadata that sends an output to an appendix of the section ("data" or "claims") instead
# of its main body (see helpers.build.render.split_appendix).
APPENDIX_KEY = "report_appendix"


def table_html(frame, caption: str, source: str, *, formats: dict | None = None, classes: str = "") -> str:
    from helpers.core.html import fragment

    formats = formats or {}
    rows = []
    for _, row in frame.iterrows():
        cells = []
        for col in frame.columns:
            value = row[col]
            text = "" if value is None or value != value else (formats[col](value) if col in formats else str(value))
            numeric = isinstance(value, (int, float)) and not isinstance(value, bool)
            cells.append({"cls": "num" if numeric else "txt", "text": text})
        rows.append(cells)
    return fragment("table", classes=classes, caption=caption, columns=[str(c) for c in frame.columns], rows=rows,
                    source=source, anchor=table_anchor(caption))


def table_anchor(caption: str) -> str:
    """A table's id, from its caption's first words: a link that survives a rebuild."""
    words = re.findall(r"[a-z0-9]+", caption.lower())[:8]
    return "table-" + "-".join(words)


def paragraph(text: str, cls: str | None = None) -> None:
    """Display one paragraph of plain text (escaped)."""
    from IPython.display import HTML, display

    from helpers.core.html import fragment

    display(HTML(fragment("paragraph", text=text, cls=cls)))
