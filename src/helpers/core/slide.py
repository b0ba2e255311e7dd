"""A report chart re-drawn for a slide of the meeting deck, and the slide's geometry.

A slide is 960 × 540 points (13.333 × 7.5 in, PowerPoint's 16:9). From the top: the headline (the
chart's finding, as slide text of at least 28 pt, one or two lines), the chart, filling the space
left, and at the foot the source line. The headline is fitted here, where the chart is drawn,
because the chart's height depends on how many lines the headline and the source line take.

The slide chart is the report's figure re-styled, not a second drawing by each section:
its title and source line are taken out (they become slide text), it is resized to the chart's box,
and every text in it is scaled with the width and never set under `LABEL_MIN` points. Tick labels
that would then run into each other are thinned (every other one kept): fewer labels rather than
small ones. The same chart at 1920 × 1080 pixels, for a presenter's own slides, is the slide chart
resized again (`PRESENTER_IN`) and laid out anew. (A copy would spare the report's figure, but a
figure with a lambda tick formatter cannot be pickled; the report's version is drawn first.)
"""
from __future__ import annotations

from dataclasses import asdict, dataclass

from matplotlib.figure import Figure
from matplotlib.text import Text

SLIDE_PT = (960.0, 540.0)  # width, height in points
MARGIN_X = 40.0  # left and right, points
TOP = 30.0  # above the headline
HEADLINE_SIZES = (32.0, 30.0, 28.0)  # tried in turn: the largest at which the headline takes two lines
HEADLINE_MIN = HEADLINE_SIZES[-1]
DEK_SIZE = 20.0  # the rest of a headline too long for two lines at HEADLINE_MIN
LEADING = 1.18  # line height / font size, the same in deck.html and deck.pptx
SOURCE_SIZE = 12.0  # the source line at the foot
FOOT_SIZE = 11.0  # the section and slide number, bottom right
FOOT_W = 190.0  # the width kept for them
BOTTOM = 18.0  # under the source line
GAP = 10.0  # between headline, chart and source line
LABEL_MIN = 14.0  # points at slide size: no chart text is smaller
REPORT_WIDTH_IN = 10.0  # the report's charts are drawn 10 inches wide (present.chart)
PRESENTER_IN = (1920 / 144, 1080 / 144)  # inches: 1920 × 1080 pixels at PRESENTER_DPI
PRESENTER_DPI = 144
DECK_DPI = 150  # the deck.pptx picture: about 1850 pixels across the slide
# Line breaking is measured with matplotlib's copy of the font, the slide is laid out by WeasyPrint
# and PowerPoint: a headline is wrapped to a little less than the width it has, so it never takes a
# line more there than here.
WRAP_SLACK = 0.95
# Where a headline that does not fit two lines is cut into headline and dek, in order of preference.
BREAKS = ("; ", ", but ", ": ", " — ", ", if ", ", ")


@dataclass(frozen=True)
class SlideLayout:
    """Where everything on one chart slide goes, in points from the slide's top left corner."""
    headline: str  # the finding, at headline_size; wrapped lines joined by "\n"
    headline_size: float
    dek: str  # the rest of a long headline ("" when it fits), at DEK_SIZE
    source: str  # the source line, "Source: " and the sources, at SOURCE_SIZE, wrapped
    chart: tuple[float, float, float, float]  # x, y, width, height
    source_y: float  # top of the source line

    @property
    def headline_lines(self) -> int:
        return self.headline.count("\n") + 1

    def chart_inches(self) -> tuple[float, float]:
        return self.chart[2] / 72, self.chart[3] / 72

    def as_dict(self) -> dict:
        return asdict(self)


def usable_width() -> float:
    return SLIDE_PT[0] - 2 * MARGIN_X


def _wrap(text: str, size: float, width: float, bold: bool = False) -> str:
    from helpers.core.present import wrap

    return wrap(" ".join(text.split()), size, width * WRAP_SLACK, bold=bold)


def fit_headline(title: str) -> tuple[str, float, str]:
    """(headline, size, dek): the title on one line at the largest headline size that allows it, else
    on two lines at the largest that allows that;
    a title too long for two lines even at HEADLINE_MIN is cut at its first clause break that leaves a
    headline of two lines, the rest becoming the dek under it."""
    title = " ".join(title.split())
    if not title:
        raise ValueError("a slide needs a headline: the chart has no title")
    for most in (1, 2):  # one line at any headline size before two lines at the largest
        for size in HEADLINE_SIZES:
            lines = _wrap(title, size, usable_width(), bold=True)
            if lines.count("\n") < most:
                return lines, size, ""
    for mark in BREAKS:
        at = title.find(mark)
        while at > 0:
            head = _wrap(title[:at], HEADLINE_MIN, usable_width(), bold=True)
            if head.count("\n") < 2:
                rest = title[at + len(mark):] if mark in ("; ", ": ", " — ", ", ") else title[at + 2:]
                return head, HEADLINE_MIN, rest[:1].upper() + rest[1:] if mark in ("; ", ": ") else rest
            at = title.rfind(mark, 0, at)
    # no break leaves two lines: the headline is the title's first two lines, the dek the rest
    lines = _wrap(title, HEADLINE_MIN, usable_width(), bold=True).split("\n")
    return "\n".join(lines[:2]), HEADLINE_MIN, " ".join(lines[2:])


def layout(title: str, source: str) -> SlideLayout:
    """The slide for a chart titled `title` (its finding) with the source line `source`."""
    headline, size, dek = fit_headline(title)
    y = TOP + (headline.count("\n") + 1) * size * LEADING
    if dek:
        dek = _wrap(dek, DEK_SIZE, usable_width())
        y += 4 + (dek.count("\n") + 1) * DEK_SIZE * LEADING
    y += GAP
    source = _wrap("Source: " + source, SOURCE_SIZE, usable_width() - FOOT_W)
    source_h = (source.count("\n") + 1) * SOURCE_SIZE * LEADING
    source_y = SLIDE_PT[1] - BOTTOM - source_h
    height = source_y - GAP - y
    return SlideLayout(headline, size, dek, source, (MARGIN_X, round(y, 2), usable_width(), round(height, 2)),
                       round(source_y, 2))


def restyle(fig: Figure, size_in: tuple[float, float], source_gid: str = "source-line") -> Figure:
    """The report chart `fig` re-styled, in place, for a box of `size_in` inches: no title and no
    source line (the slide sets both as text), every text scaled with the width and at least
    LABEL_MIN points, lines a little heavier. Returns the figure."""
    scale = size_in[0] / REPORT_WIDTH_IN
    if fig._suptitle is not None:
        fig._suptitle.remove()
        fig._suptitle = None
    for text in list(fig.texts):
        if text.get_gid() == source_gid or text.get_text().startswith("Source: "):
            text.remove()
    fig.set_size_inches(*size_in)
    for ax in fig.axes:
        for axis, which in ((ax.xaxis, "x"), (ax.yaxis, "y")):
            labels = axis.get_ticklabels()
            current = labels[0].get_fontsize() if labels else 12
            ax.tick_params(axis=which, which="both", labelsize=slide_size(current, scale))
        for line in ax.get_lines():
            line.set_linewidth(line.get_linewidth() * min(scale, 1.5))
    seen = set()
    for text in fig.findobj(Text):
        if id(text) not in seen and text.get_visible():
            seen.add(id(text))
            text.set_fontsize(slide_size(text.get_fontsize(), scale))
    for ax in fig.axes:
        legend = ax.get_legend()
        if legend is not None and legend.texts:
            legend._fontsize = legend.texts[0].get_fontsize()  # handle lengths and spacing follow the text
    engine = fig.get_layout_engine()
    if engine is not None and hasattr(engine, "set"):
        margin = 0.06  # inches
        engine.set(rect=(margin / size_in[0], margin / size_in[1], 1 - 2 * margin / size_in[0],
                         1 - 2 * margin / size_in[1]), w_pad=4 / 72, h_pad=4 / 72)
    return fig


def slide_size(size: float, scale: float) -> float:
    """A chart text's size on the slide: the report's size scaled with the width, never under LABEL_MIN."""
    return round(max(LABEL_MIN, size * scale), 1)


def thin_ticks(fig: Figure, again: bool = False) -> Figure:
    """Hide every other tick label on an axis whose labels overlap at their slide size (after a draw);
    `again`: show them all first (the figure was resized) and draw."""
    if again:
        for ax in fig.axes:
            for axis in (ax.xaxis, ax.yaxis):
                for t in axis.get_ticklabels():
                    t.set_visible(True)
        fig.draw_without_rendering()
    renderer = fig._get_renderer()
    for ax in fig.axes:
        for axis in (ax.xaxis, ax.yaxis):
            labels = [t for t in axis.get_ticklabels() if t.get_visible() and t.get_text()]
            for _ in range(3):
                boxes = [t.get_window_extent(renderer) for t in labels]
                if not any(a.overlaps(b) for a, b in zip(boxes, boxes[1:])):
                    break
                for t in labels[1::2]:
                    t.set_visible(False)
                labels = labels[::2]
    return fig


def legends_below(fig: Figure) -> Figure:
    """Move an axes' legend that sits outside its axes (anchored under it, say) to one legend at the foot
    of the figure, in as many columns as its width allows, where the layout keeps room for it (after a
    draw). A legend anchored to the axes at the report's proportions lands on the tick labels otherwise."""
    renderer = fig._get_renderer()
    moved = []
    for ax in fig.axes:
        legend = ax.get_legend()
        if legend is None:
            continue
        inside = ax.get_window_extent(renderer).padded(2)
        box = legend.get_window_extent(renderer)
        if inside.x0 <= box.x0 and box.x1 <= inside.x1 and inside.y0 <= box.y0 and box.y1 <= inside.y1:
            continue
        moved.append((legend.legend_handles, [t.get_text() for t in legend.texts], legend.texts[0].get_fontsize()))
        legend.remove()
    width = fig.get_window_extent(renderer).width * 0.96
    if any(ax.get_aspect() == 1.0 for ax in fig.axes):  # a drawing to scale (the deal network) keeps the height
        for handles, labels, size in moved:
            fig.legend(handles, labels, loc="outside right center", ncols=1, fontsize=size, frameon=False)
        return fig
    for handles, labels, size in moved:
        for ncols in range(len(labels), 0, -1):
            legend = fig.legend(handles, labels, loc="outside lower center", ncols=ncols, fontsize=size,
                                frameon=False)
            if legend.get_window_extent(renderer).width <= width or ncols == 1:
                break
            legend.remove()
    return fig


def wrap_labels(fig: Figure) -> Figure:
    """Break an axis label longer than its axis into lines (after a draw)."""
    from helpers.core.present import wrap

    renderer = fig._get_renderer()
    for ax in fig.axes:
        box = ax.get_window_extent(renderer)
        for label, room in ((ax.xaxis.label, box.width), (ax.yaxis.label, box.height)):
            text = " ".join(label.get_text().split())
            extent = label.get_window_extent(renderer)
            if text and max(extent.width, extent.height) > room:
                label.set_text(wrap(text, label.get_fontsize(), room * 72 / fig.dpi * 0.95))
    return fig


def declutter(fig: Figure) -> Figure:
    """Hide chart texts (annotations, notes) that would overlap another text or run off the figure at
    their slide size: fewer labels rather than small ones. Larger texts are kept first, then in the
    order they were drawn; tick labels, axis labels and legends are kept (after a draw)."""
    renderer = fig._get_renderer()
    frame = fig.get_window_extent(renderer).padded(1)
    kept = []
    for ax in fig.axes:
        for axis in (ax.xaxis, ax.yaxis):
            kept += [t.get_window_extent(renderer) for t in axis.get_ticklabels() if t.get_visible() and t.get_text()]
            if axis.label.get_text():
                kept.append(axis.label.get_window_extent(renderer))
        if ax.get_legend() is not None:
            kept.append(ax.get_legend().get_window_extent(renderer))
        if ax.title.get_text():
            kept.append(ax.title.get_window_extent(renderer))
    kept += [legend.get_window_extent(renderer) for legend in fig.legends]
    candidates = [t for ax in fig.axes for t in ax.texts] + list(fig.texts)
    candidates = [t for t in candidates if t.get_visible() and t.get_text().strip()]
    for text in sorted(candidates, key=lambda t: -t.get_fontsize()):  # stable: drawing order among equals
        box = text.get_window_extent(renderer)
        fits = frame.x0 <= box.x0 and box.x1 <= frame.x1 and frame.y0 <= box.y0 and box.y1 <= frame.y1
        if fits and not any(box.overlaps(other) for other in kept):
            kept.append(box)
        else:
            text.set_visible(False)
    return fig


def texts(fig: Figure) -> list[Text]:
    """Every visible, non-empty text the figure draws (after a draw)."""
    return [t for t in fig.findobj(Text) if t.get_visible() and t.get_text().strip()]


def for_slide(fig: Figure, title: str, source: str) -> tuple[SlideLayout, Figure]:
    """The slide for the report chart `fig`: its layout, and `fig` re-styled (in place: draw the report's
    version first) and sized to the slide's chart box."""
    where = layout(title, source)
    slide_fig = restyle(fig, where.chart_inches())
    for steps in ((legends_below, wrap_labels), (thin_ticks, declutter)):
        slide_fig.draw_without_rendering()  # settles the layout, so that what overlaps can be found
        for step in steps:
            step(slide_fig)
    return where, slide_fig


def short_source(source: str, lines: int = 2) -> str:
    """The source line cut to `lines` lines on a slide: as many of its sources as fit, then "and N more"
    (the speaker notes list them all). `source` is a chart's source line ("A (date); B (date); and 3 more
    (every source is listed in the Sources appendix); a note")."""
    import re

    parts = [p.strip() for p in source.split("; ") if p.strip()]
    more = 0
    named = []
    for part in parts:
        found = re.match(r"and (\d+) more\b", part)
        if found:
            more += int(found.group(1))
        else:
            named.append(part)
    for keep in range(len(named), 0, -1):
        rest = len(named) - keep + more
        text = "; ".join(named[:keep]) + (f"; and {rest} more (all in the notes and the report)" if rest else "")
        if _wrap("Source: " + text, SOURCE_SIZE, usable_width() - FOOT_W).count("\n") < lines:
            return text
    return text
