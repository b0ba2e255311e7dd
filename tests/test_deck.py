"""The meeting deck: slides readable from the back of a room (headline 28 pt or more, chart labels 14 pt
or more, the source line 10 pt or more, all read from deck.pdf's text), the story in order, deck.pptx
with the same titles and notes, and its round trip through LibreOffice Impress."""
import io
import json
import math
import re
import shutil
import subprocess

import pytest

from helpers.core import slide
from helpers.core.present import chart
from helpers.report import deck

SOFFICE = shutil.which("soffice") or shutil.which("libreoffice")
STORY_END = ["What would change the answer", "The article's claims, checked", "Small print"]


# The slide's geometry and the slide chart -------------------------------------------------------

def test_a_short_headline_takes_one_line_and_a_long_one_two_lines_and_a_dek():
    text, size, dek = slide.fit_headline("OpenAI spent $2.60 for every $1 of revenue in 2025")
    assert "\n" not in text and size >= slide.HEADLINE_MIN and not dek
    title = ("AI revenue overtakes AI depreciation in 2030, but not the revenue needed by 2030, if capex stays "
             "flat after 2026, the last guided year, and that is a long sentence for any slide")
    text, size, dek = slide.fit_headline(title)
    assert text.count("\n") <= 1 and size >= slide.HEADLINE_MIN and dek
    assert title.startswith(" ".join(text.split())) and " ".join(dek.split()) in title
    with pytest.raises(ValueError, match="headline"):
        slide.fit_headline("  ")


def test_the_chart_fills_the_slide_between_headline_and_source_line():
    where = slide.layout("Ten stocks now hold 37% of the S&P 500, above the 27% of the 2000 peak",
                         "Goldman Sachs (2024-03-21); and 26 more")
    x, y, w, h = where.chart
    assert where.source.startswith("Source: Goldman Sachs")
    assert y == pytest.approx(slide.TOP + where.headline_lines * where.headline_size * slide.LEADING + slide.GAP)
    assert y + h + slide.GAP == pytest.approx(where.source_y)
    assert w == slide.usable_width() and h > 0.6 * slide.SLIDE_PT[1]


def test_a_long_source_line_is_cut_to_two_lines_and_counts_what_it_leaves_out():
    parts = [f"Publisher number {i} with a long name (2025-0{i % 9 + 1})" for i in range(8)]
    text = slide.short_source("; ".join(parts) + "; and 5 more (every source is listed in the Sources appendix)")
    kept = [p for p in parts if p in text]
    assert 0 < len(kept) < len(parts)
    assert f"and {len(parts) - len(kept) + 5} more" in text
    assert slide.layout("A finding", text).source.count("\n") <= 1


def test_the_slide_chart_has_no_title_or_source_and_no_label_under_14_pt():
    fig, ax = chart("A finding stated as the title", "A publisher (2025)")
    ax.bar(["a", "b"], [1, 2], label="bars")
    ax.annotate("small note", (0, 1), fontsize=8)
    ax.set_xlabel("A label", fontsize=9)
    ax.legend(fontsize=7)
    where, drawn = slide.for_slide(fig, "A finding stated as the title", "A publisher (2025)")
    shown = slide.texts(drawn)
    assert drawn._suptitle is None and not any("A publisher" in t.get_text() for t in shown)
    assert shown and min(t.get_fontsize() for t in shown) >= slide.LABEL_MIN
    assert tuple(drawn.get_size_inches()) == pytest.approx(where.chart_inches())


def test_labels_that_would_overlap_at_slide_size_are_dropped_not_shrunk():
    fig, ax = chart("A finding", "A publisher (2025)")
    ax.plot([0, 1], [0, 1])
    for k in range(5):
        ax.text(0.5, 0.5 + k * 0.001, f"crowded label {k}", fontsize=11)
    _, drawn = slide.for_slide(fig, "A finding", "A publisher (2025)")
    visible = [t for t in drawn.axes[0].texts if t.get_visible()]
    assert len(visible) == 1 and visible[0].get_fontsize() >= slide.LABEL_MIN


# deck.pptx from slides ---------------------------------------------------------------------------

def _png(width=40, height=20) -> bytes:
    from PIL import Image

    out = io.BytesIO()
    Image.new("RGB", (width, height), "white").save(out, format="png")
    return out.getvalue()


def _slides() -> list[dict]:
    layout = slide.layout("OpenAI spent $2.60 for every $1 of revenue in 2025", "CNBC (2025)").as_dict()
    items = [{"kind": "title", "headline": "Does the math add up?", "lines": ["Built 1 December 2026"], "notes": "t"},
             {"kind": "chart", "name": "basics-x", "section": "Basics", "headline": layout["headline"],
              "layout": layout, "alt": "A bar chart", "chart": {"png": _png(), "svg": ""},
              "notes": "OpenAI spent $2.60 for every $1 of revenue in 2025. ($2.60 = $34.0B ÷ $13.1B)"},
             {"kind": "scorecard", "headline": "The article's claims, checked", "lines": ["Of 3 claims: 3 hold."],
              "counts": {"holds": 3}, "notes": "s"}]
    for n, item in enumerate(items, 1):
        item["number"], item["of"] = n, len(items)
    return items


def test_pptx_has_title_placeholders_pictures_sources_and_notes():
    from pptx import Presentation

    data = deck.pptx(_slides(), "2026-06-25")
    prs = Presentation(io.BytesIO(data))
    assert [s.shapes.title.text for s in prs.slides] == [i["headline"] for i in _slides()]
    chart_slide = prs.slides[1]
    assert chart_slide.shapes.title.is_placeholder
    pictures = [s for s in chart_slide.shapes if s.shape_type == 13]
    assert len(pictures) == 1 and pictures[0].width == round(slide.usable_width() * deck.EMU_PER_PT)
    assert any(s.has_text_frame and s.text_frame.text.startswith("Source: CNBC") for s in chart_slide.shapes)
    assert "$34.0B ÷ $13.1B" in chart_slide.notes_slide.notes_text_frame.text
    title_size = chart_slide.shapes.title.text_frame.paragraphs[0].runs[0].font.size.pt
    assert title_size >= slide.HEADLINE_MIN
    assert prs.core_properties.modified.date().isoformat() == "2026-06-25"


def test_pptx_is_byte_identical_for_identical_slides():
    import zipfile

    first, second = deck.pptx(_slides(), "2026-06"), deck.pptx(_slides(), "2026-06")
    assert first == second
    infos = zipfile.ZipFile(io.BytesIO(first)).infolist()
    assert infos[0].filename == "[Content_Types].xml"
    assert {i.date_time for i in infos} == {(2026, 6, 1, 0, 0, 0)}


def test_a_bad_deck_date_is_refused_in_one_line(monkeypatch):
    from helpers.core.errors import BuildError

    monkeypatch.setenv(deck.DECK_DATE_ENV, "yesterday")
    with pytest.raises(BuildError, match=r"AI_BUBBLE_DECK_DATE must be a date as YYYY-MM-DD, got 'yesterday'"):
        deck.deck_date()
    monkeypatch.setenv(deck.DECK_DATE_ENV, "2026-12-01")
    assert deck.deck_date() == "2026-12-01"
    monkeypatch.delenv(deck.DECK_DATE_ENV)
    assert deck.deck_date() is None  # the clock never enters a build


# The built deck ----------------------------------------------------------------------------------

def pdf_text(path) -> list[list[tuple[float, str]]]:
    """Every page's text runs with their size in points, as the PDF draws them."""
    import pypdf

    pages = []
    for page in pypdf.PdfReader(path).pages:
        runs = []

        def visit(text, cm, tm, font, size, runs=runs):
            if text.strip():
                runs.append((round(size * math.hypot(tm[2], tm[3]) * math.hypot(cm[2], cm[3]), 1), text.strip()))
        page.extract_text(visitor_text=visit)
        pages.append(runs)
    return pages


def headline(runs) -> str:
    """A slide's headline: its text of 28 pt or more, in order."""
    return " ".join(t for size, t in runs if size >= slide.HEADLINE_MIN)


def deck_figures(built) -> list[dict]:
    manifest = json.loads((built / "build.json").read_text())
    found = []
    for slug in manifest["sections"]:
        nb = json.loads((built / "executed" / f"{slug}.ipynb").read_text())
        found += [o["metadata"]["report_figure"] for c in nb["cells"] for o in c.get("outputs", [])
                  if o.get("metadata", {}).get("report_figure", {}).get("deck")]
    return found


@pytest.mark.slow
def test_deck_pdf_tells_the_story_in_order_at_sizes_a_room_can_read(built):
    from helpers.report.answer import QUESTION

    pages = pdf_text(built / "deck.pdf")
    figures = deck_figures(built)
    assert len(pages) == 2 + len(figures) + len(STORY_END)
    assert headline(pages[0]) == QUESTION
    cover = " ".join(t for _, t in pages[0])
    assert re.search(r"Data up to \d{1,2} \w+ 20\d\d", cover) and "fingerprint" not in cover
    assert headline(pages[1]) == "The answer"
    assert [headline(p) for p in pages[-3:]] == STORY_END
    assert "fingerprint" in " ".join(t for _, t in pages[-1]).lower()
    for page, figure in zip(pages[2:-3], figures):
        big = headline(page)
        assert big, f"no headline of {slide.HEADLINE_MIN} pt on {figure['name']}'s slide"
        sizes = [size for size, t in page]
        source = [size for size, t in page if t.startswith("Source:")]
        assert source and min(source) >= 10, figure["name"]
        numbers = [size for size, t in page if re.fullmatch(r"\w[\w ]* · \d+ / \d+|\d+ / \d+", t)]
        labels = [s for s in sizes if s not in source + numbers and s < slide.HEADLINE_MIN]
        assert labels and min(labels) >= slide.LABEL_MIN, (figure["name"], sorted(set(labels)))


@pytest.mark.slow
def test_deck_pptx_has_the_pdf_headlines_as_titles_and_the_findings_in_its_notes(built):
    from pptx import Presentation

    pages = pdf_text(built / "deck.pdf")
    prs = Presentation(built / "deck.pptx")
    titles = [s.shapes.title.text for s in prs.slides]
    assert titles == [headline(p) for p in pages]
    manifest = json.loads((built / "build.json").read_text())
    findings = {f["name"]: f for m in manifest["sections"].values() for f in m["findings"]}
    notes = [s.notes_slide.notes_text_frame.text for s in prs.slides]
    assert findings["basics-cost-per-revenue-dollar"]["sentence"] in "\n".join(notes)
    assert all("Sources:" in n for n in notes[2:-3])


@pytest.mark.slow
def test_presenter_charts_are_1920_by_1080_without_headline(built):
    from PIL import Image

    for figure in deck_figures(built):
        png = built / "figures" / "slides" / f"{figure['name']}.png"
        assert Image.open(png).size == (1920, 1080), png.name
        svg = (built / "figures" / "slides" / f"{figure['name']}.svg").read_text()
        assert figure["title"] not in svg and "Source: " not in svg


@pytest.mark.slow
@pytest.mark.skipif(SOFFICE is None, reason="LibreOffice (soffice) not found: install libreoffice-impress "
                                            "(.ci/run does this in CI) to check that deck.pptx opens")
def test_deck_pptx_opens_in_libreoffice_with_the_same_pages_and_titles(built, tmp_path):
    import pypdf

    profile = tmp_path / "profile"  # its own profile: no clash with another LibreOffice running
    result = subprocess.run([SOFFICE, f"-env:UserInstallation=file://{profile}", "--headless", "--convert-to",
                             "pdf", "--outdir", str(tmp_path), str(built / "deck.pptx")],
                            capture_output=True, text=True, timeout=300)
    converted = tmp_path / "deck.pdf"
    assert result.returncode == 0 and converted.exists(), result.stderr
    ours = pdf_text(built / "deck.pdf")
    theirs = pypdf.PdfReader(converted).pages
    assert len(theirs) == len(ours)
    for page, runs in zip(theirs, ours):
        text = " ".join(page.extract_text().split())
        assert headline(runs) in text
