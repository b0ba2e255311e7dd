"""The meeting deck: its slides as one list, built from the same findings as the report, and the two
files made from it, deck.pdf (through deck.html and WeasyPrint) and deck.pptx (python-pptx).

The story, in order: the title (the question, the data cut-off, and a presenter's date if given); the answer in three
computed sentences (helpers.report.answer); one slide per key finding (the charts shown with
deck=True, drawn for the slide by helpers.core.slide); what would change the answer; the claim
scorecard; and the small print (fingerprint, parameters, package versions, where the full report is).

Every slide is a dict: kind, headline (its title), and what its kind shows; `notes` are the speaker
notes of deck.pptx (for a chart: its findings with their arithmetic and every source in full).
"""
from __future__ import annotations

import io
import os
import zipfile
from datetime import date, datetime
from pathlib import Path

from helpers.core import slide as geometry
from helpers.core.cutoff import in_words
from helpers.core.errors import BuildError

FULL_REPORT = "ai-bubble-report.pdf (and ai-bubble-report.html) in the same folder as this deck"


def deck_date() -> str | None:
    """The date a presenter gives the deck (AI_BUBBLE_DECK_DATE=YYYY-MM-DD, the meeting's), or None.
    Without it the deck is dated by its data cut-off only: the clock never enters a build, so the same
    inputs give the same bytes on any day."""
    given = os.environ.get(DECK_DATE_ENV)
    if given:
        try:
            return date.fromisoformat(given).isoformat()
        except ValueError:
            raise BuildError(f"{DECK_DATE_ENV} must be a date as YYYY-MM-DD, got {given!r}") from None
    return None


DECK_DATE_ENV = "AI_BUBBLE_DECK_DATE"


def source_lines(ids, sources) -> list[str]:
    """Every source of `ids` in full: publisher, title, date and link."""
    from helpers.core.data import ASSUMPTION

    table = sources.set_index("source_id")
    lines = []
    for i in dict.fromkeys(ids):
        if i == ASSUMPTION:
            lines.append("An assumption of this report (its value and how to change it are in the report)")
        elif i in table.index:
            row = table.loc[i]
            parts = [str(row["publisher"]), f"“{row['title']}”" if isinstance(row["title"], str) else None,
                     row["date"] if isinstance(row["date"], str) else "undated",
                     row["url"] if isinstance(row["url"], str) else (row["read_at"] if isinstance(row["read_at"], str)
                                                                     else None)]
            lines.append(", ".join(p for p in parts if p))
    return lines


def chart_notes(figure: dict, found: dict, sources) -> str:
    """A chart slide's speaker notes: the finding (the chart's full title), the findings it supports with
    their arithmetic and sources, what the chart shows, and every source in full."""
    s = figure["slide"]
    lines = [s["title"] + "."]
    for name in s["findings"]:
        f = found.get(name)
        if f:
            lines.append(f["sentence"] + (f" ({f['provenance']})" if f.get("provenance") else ""))
    lines += ["", "The chart: " + figure["alt"], "", "Sources:"]
    lines += [f"- {line}" for line in source_lines(s["sources"], sources)] or [f"- {s['source']}"]
    return "\n".join(lines)


def slides(sections: list[dict], ledger, sources, context: dict, charts: dict[str, dict]) -> list[dict]:
    """Every slide of the deck, in order. `sections`: as the combined report loads them (findings,
    figures, parameters); `charts`: figure name -> {"svg": the slide chart's SVG, "png": its PNG bytes}."""
    from helpers.core import claims
    from helpers.report import answer
    from helpers.report.content import REPORT_SUBTITLE

    found = answer.findings_by_name(sections)
    said = answer.answer(sections)
    cutoff = context.get("cutoff") or ""
    given = context.get("deck_date")
    data_to = f"data up to {in_words(cutoff) if cutoff else 'an unknown date'}"
    deck: list[dict] = [{
        "kind": "title", "headline": said["question"], "lines": [
            REPORT_SUBTITLE, f"{in_words(given)} · {data_to}" if given else
            f"{data_to[0].upper()}{data_to[1:]}: every figure carries its own date"],
        "notes": f"{REPORT_SUBTITLE}\n" + (f"Presented on {given}. " if given else "")
                 + f"Data cut-off: {cutoff or 'unknown'} (the latest date of any source cited in the data).",
    }, {
        "kind": "text", "headline": "The answer", "lines": said["sentences"],
        "notes": "\n".join(said["sentences"] + [""] + [f"{f['label']}: {f['shown']}" + (f" ({f['provenance']})" if
                                                       f.get("provenance") else "") for f in answer.key_figures(sections)]),
    }]
    for s in sections:
        for figure in s["figures"]:
            if not (figure.get("deck") and figure.get("slide")):
                continue
            layout = figure["slide"]["layout"]
            deck.append({"kind": "chart", "name": figure["name"], "section": s["short"],
                         "headline": " ".join(layout["headline"].split("\n")), "layout": layout,
                         "alt": figure["alt"], "chart": charts[figure["name"]],
                         "notes": chart_notes(figure, found, sources)})
    conditions = answer.conditions(sections)
    deck.append({"kind": "text", "headline": "What would change the answer",
                 "lines": [c["sentence"] for c in conditions] or ["No finding of this build names a condition."],
                 "notes": "\n".join(f"{c['sentence']} ({c['section']})" for c in conditions)})
    counts = claims.counts(ledger)
    deck.append({"kind": "scorecard", "headline": "The article's claims, checked",
                 "lines": [claims.summary_sentence(ledger)], "counts": {v: n for v, n in counts.items() if n},
                 "notes": claims.summary_sentence(ledger) + "\n" + claims.year_on_sentence(ledger)})
    parameters = {sec["slug"]: sec["parameters"] for sec in sections}
    from helpers.build.manifest import package_versions

    versions = context.get("versions") or package_versions()
    small = [f"Input fingerprint: {context.get('fingerprint', '')}",
             f"Data folder: {context.get('data_label', '')}; data cut-off {cutoff or 'unknown'}"
             + (f"; scenario {context['scenario']}" if context.get("scenario") else ""),
             "Parameters: " + "; ".join(f"{slug}.{k}={v}" for slug, values in parameters.items()
                                        for k, v in values.items()),
             "Software: " + ", ".join(f"{k} {v}" for k, v in versions.items()),
             f"The full report, with every claim checked and every source: {FULL_REPORT}. Each chart here "
             "is also in figures/slides/ at 1920 × 1080 pixels (PNG and SVG), without its headline."]
    deck.append({"kind": "small", "headline": "Small print", "lines": small, "notes": "\n".join(small)})
    for number, item in enumerate(deck, 1):
        item["number"], item["of"] = number, len(deck)
    return deck


def html(deck: list[dict], context: dict) -> str:
    """deck.html: one 16:9 page per slide, laid out in points from the slides' layouts."""
    import base64

    from helpers.build import render
    from helpers.report.content import REPORT_TITLE

    shown = [dict(item, src="data:image/svg+xml;base64," + base64.b64encode(item["chart"]["svg"].encode()).decode())
             if item["kind"] == "chart" else item for item in deck]
    return render.page("deck.html.j2", title=REPORT_TITLE, slides=shown, g=geometry, **context)


# deck.pptx ---------------------------------------------------------------------------------------

EMU_PER_PT = 12700
INK_RGB = (0x1F, 0x23, 0x28)
MUTED_RGB = (0x59, 0x63, 0x6E)
FONT = "DejaVu Sans"  # the font of deck.pdf and of the charts
TEXT_SIZE = 22.0  # the answer, the conditions, the scorecard
SMALL_SIZE = 12.0  # the small print


def _pt(value: float) -> int:
    return int(round(value * EMU_PER_PT))


def _style(run, size: float, bold: bool = False, muted: bool = False) -> None:
    from pptx.dml.color import RGBColor
    from pptx.util import Pt

    run.font.size = Pt(size)
    run.font.bold = bold
    run.font.name = FONT
    run.font.color.rgb = RGBColor(*(MUTED_RGB if muted else INK_RGB))


def _text_box(shapes, x: float, y: float, w: float, h: float, paragraphs: list[str], size: float,
              muted: bool = False, space: float = 0.0):
    from pptx.enum.text import MSO_ANCHOR
    from pptx.util import Pt

    box = shapes.add_textbox(_pt(x), _pt(y), _pt(w), _pt(h))
    frame = box.text_frame
    frame.word_wrap = True
    frame.vertical_anchor = MSO_ANCHOR.TOP
    frame.margin_left = frame.margin_right = frame.margin_top = frame.margin_bottom = 0
    for k, text in enumerate(paragraphs):
        p = frame.paragraphs[0] if k == 0 else frame.add_paragraph()
        p.line_spacing = Pt(size * geometry.LEADING)  # in points: a factor multiplies the font's own line height
        if k:
            p.space_before = Pt(space)
        _style(p.add_run(), size, muted=muted)
        p.runs[0].text = text
    return box


def _title(slide_, text: str, x: float, y: float, w: float, h: float, size: float) -> None:
    """The slide's title placeholder, holding the headline, where deck.pdf sets it."""
    from pptx.enum.text import MSO_ANCHOR, MSO_AUTO_SIZE, PP_ALIGN
    from pptx.util import Pt

    title = slide_.shapes.title
    title.left, title.top, title.width, title.height = _pt(x), _pt(y), _pt(w), _pt(h)
    frame = title.text_frame
    frame.word_wrap = True
    frame.auto_size = MSO_AUTO_SIZE.NONE
    frame.vertical_anchor = MSO_ANCHOR.TOP
    frame.margin_left = frame.margin_right = frame.margin_top = frame.margin_bottom = 0
    frame.text = text
    p = frame.paragraphs[0]
    p.alignment = PP_ALIGN.LEFT
    p.line_spacing = Pt(size * geometry.LEADING)
    _style(p.runs[0], size, bold=True)


def pptx(deck: list[dict], cutoff: str) -> bytes:
    """deck.pptx: the same slides as deck.pdf, each with a real title placeholder holding its headline,
    the chart as a picture in its box, the source line as text and the speaker notes. Byte-identical
    for identical slides: core properties fixed to the data cut-off, zip entries dated the same."""
    from pptx import Presentation
    from pptx.enum.text import PP_ALIGN

    prs = Presentation()
    prs.slide_width, prs.slide_height = _pt(geometry.SLIDE_PT[0]), _pt(geometry.SLIDE_PT[1])
    title_only = prs.slide_layouts[5]
    x, width = geometry.MARGIN_X, geometry.usable_width()
    for item in deck:
        s = prs.slides.add_slide(title_only)
        if item["kind"] == "chart":
            layout = item["layout"]
            size = layout["headline_size"]
            lines = layout["headline"].count("\n") + 1
            _title(s, item["headline"], x, geometry.TOP, width, lines * size * geometry.LEADING, size)
            if layout["dek"]:
                _text_box(s.shapes, x, geometry.TOP + lines * size * geometry.LEADING + 4, width,
                          (layout["dek"].count("\n") + 1) * geometry.DEK_SIZE * geometry.LEADING,
                          [" ".join(layout["dek"].split("\n"))], geometry.DEK_SIZE, muted=True)
            cx, cy, cw, ch = layout["chart"]
            picture = s.shapes.add_picture(io.BytesIO(item["chart"]["png"]), _pt(cx), _pt(cy), _pt(cw), _pt(ch))
            picture.name = item["name"]
            picture._element.nvPicPr.cNvPr.set("descr", item["alt"])
            _text_box(s.shapes, x, layout["source_y"], width - geometry.FOOT_W,
                      geometry.SLIDE_PT[1] - layout["source_y"] - 4,
                      [" ".join(layout["source"].split("\n"))], geometry.SOURCE_SIZE, muted=True)
        else:
            size = 40.0 if item["kind"] == "title" else 32.0
            top = 150.0 if item["kind"] == "title" else geometry.TOP
            _title(s, item["headline"], x, top, width, 2 * size * geometry.LEADING, size)
            body_y = top + (2 if item["kind"] == "title" else 1) * size * geometry.LEADING + 16
            body_size = SMALL_SIZE if item["kind"] == "small" else TEXT_SIZE
            paragraphs = list(item["lines"])
            if item["kind"] == "scorecard":
                paragraphs += [f"{n}  {verdict}" for verdict, n in item["counts"].items()]
            _text_box(s.shapes, x, body_y, width, geometry.SLIDE_PT[1] - body_y - 40, paragraphs, body_size,
                      muted=item["kind"] == "title", space=body_size * 0.6)
        foot = (f"{item['section']} · " if item.get("section") else "") + f"{item['number']} / {item['of']}"
        _text_box(s.shapes, geometry.SLIDE_PT[0] - geometry.MARGIN_X - geometry.FOOT_W,
                  geometry.SLIDE_PT[1] - geometry.BOTTOM - geometry.FOOT_SIZE * geometry.LEADING,
                  geometry.FOOT_W, geometry.FOOT_SIZE * geometry.LEADING, [foot], geometry.FOOT_SIZE, muted=True
                  ).text_frame.paragraphs[0].alignment = PP_ALIGN.RIGHT
        s.notes_slide.notes_text_frame.text = item["notes"]
    _fixed_properties(prs, cutoff)
    out = io.BytesIO()
    prs.save(out)
    return stable_zip(out.getvalue(), _zip_date(cutoff))


def _fixed_properties(prs, cutoff: str) -> None:
    from helpers.report.content import REPORT_TITLE

    when = datetime(*_zip_date(cutoff)[:3])
    props = prs.core_properties
    props.title = REPORT_TITLE
    props.subject = "Meeting deck"
    props.author = props.last_modified_by = "The AI-bubble report"
    props.created = props.modified = props.last_printed = when
    props.revision = 1


def _zip_date(cutoff: str) -> tuple[int, int, int, int, int, int]:
    """The data cut-off (YYYY, YYYY-MM or YYYY-MM-DD) as a zip entry's date; 1980-01-01 without one."""
    parts = [int(p) for p in cutoff.split("-")] if cutoff else [1980]
    parts += [1] * (3 - len(parts))
    return (max(parts[0], 1980), parts[1], parts[2], 0, 0, 0)


def stable_zip(data: bytes, date_time: tuple) -> bytes:
    """The zip `data` written again with every entry dated `date_time`, deflated, in the order it had
    (which python-pptx keeps stable, [Content_Types].xml first), so identical contents give identical bytes."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as source, zipfile.ZipFile(out, "w") as target:
        for info in source.infolist():
            entry = zipfile.ZipInfo(info.filename, date_time=date_time)
            entry.compress_type = zipfile.ZIP_DEFLATED
            entry.create_system = 0
            entry.external_attr = 0
            target.writestr(entry, source.read(info.filename), compresslevel=6)
    return out.getvalue()


def write(folder: Path, sections: list[dict], ledger, sources, context: dict, chart_files) -> list[dict]:
    """Write deck.html, deck.pdf and deck.pptx into `folder`; `chart_files(name, fmt)` is the path of a
    deck chart drawn for its slide. Returns the slides."""
    from helpers.build import pdfparts

    charts = {f["name"]: {"svg": chart_files(s, f["name"], "svg").read_text(encoding="utf-8"),
                          "png": chart_files(s, f["name"], "png").read_bytes()}
              for s in sections for f in s["figures"] if f.get("deck") and f.get("slide")}
    deck = slides(sections, ledger, sources, context, charts)
    page = html(deck, context)
    (folder / "deck.html").write_text(page, encoding="utf-8")
    (folder / "deck.pdf").write_bytes(pdfparts.render_part(page).pdf)  # slides carry their own numbers
    (folder / "deck.pptx").write_bytes(pptx(deck, context.get("cutoff") or ""))
    return deck
