"""PDFs put together from parts: page numbers stamped on, links and bookmarks carried across."""
import io

import pypdf
import pytest

from helpers.report import content as combined
from helpers.build import pdfparts
from helpers.build import render

CONTEXT = {"fingerprint": "f" * 8, "data_label": "data", "scenario": None, "parameters": {}}


def _page(title, body, **kw):
    return render.page(title=title, body=body, **{**CONTEXT, **kw})


def _break():
    return '<div style="break-after: page"></div>'


def _text(pdf: bytes) -> list[str]:
    return [page.extract_text() for page in pypdf.PdfReader(io.BytesIO(pdf)).pages]


def _link_pages(pdf: bytes, page_index: int) -> list[tuple[str, int]]:
    """(target name, 1-based page it resolves to) for each link on a page, in order."""
    reader = pypdf.PdfReader(io.BytesIO(pdf))
    dests = reader.named_destinations
    found = []
    for annot in reader.pages[page_index].get("/Annots", []):
        name = annot.get_object().get("/Dest")
        if name is not None and (not found or found[-1][0] != str(name)):
            found.append((str(name), reader.get_destination_page_number(dests[str(name)]) + 1))
    return found


@pytest.fixture(scope="module")
def parts():
    front = pdfparts.render_part(_page("Front", (
        '<p><a href="#a">Part A</a> <a href="#a--sub">A, its second page</a> <a href="#b--sub">B, sub</a> '
        '<a href="#back-target">Back</a></p><div class="link-targets">'
        '<span id="a"></span><span id="a--sub"></span><span id="b--sub"></span><span id="back-target"></span></div>'),
        footer=False))
    a = pdfparts.render_part(_page("Part A", f'<h2 id="top">A</h2>{_break()}<h2 id="sub">A two</h2>'
                                             '<p><a href="#top">back to the top of A</a></p>'))
    b = pdfparts.render_part(_page("Part B", '<h2 id="sub">B has a "sub" too</h2>'))
    back = pdfparts.render_part(_page("Back", '<h2 id="back-target">The end</h2>', header=False))
    return front, a, b, back


def test_a_part_has_no_page_numbers_until_stamped(parts):
    _, a, _, _ = parts
    assert a.pages == 2 and a.anchors["sub"] == 1
    assert not any("Page " in text for text in _text(a.pdf))
    numbered = _text(pdfparts.number_pages(a.pdf))
    assert [t.strip().splitlines()[-1] for t in numbered] == ["Page 1 of 2", "Page 2 of 2"]
    assert "A two" in numbered[1]  # the part's own content is still there under the numbers


def test_assembled_pdf_keeps_every_link_and_numbers_every_page(parts):
    front, a, b, back = parts
    pdf = pdfparts.assemble([(None, front.pdf), ("a", a.pdf), ("b", b.pdf), (None, back.pdf)])
    texts = _text(pdf)
    assert len(texts) == front.pages + a.pages + b.pages + back.pages == 5
    assert [t.strip().splitlines()[-1] for t in texts] == [f"Page {k} of 5" for k in range(1, 6)]
    # the front's links point into later parts; the two "sub" ids do not collide
    assert _link_pages(pdf, 0) == [("a", 2), ("a--sub", 3), ("b--sub", 4), ("back-target", 5)]
    assert _link_pages(pdf, 2) == [("a--top", 2)]  # a link inside a part, renamed with it
    reader = pypdf.PdfReader(io.BytesIO(pdf))
    titles = [item.title for item in reader.outline if not isinstance(item, list)]
    assert titles == ["Front", "Part A", "Part B", "The end"]
    assert reader.metadata.title.startswith("Front")


def test_assembly_is_byte_stable(parts):
    front, a, b, back = parts
    pieces = [(None, front.pdf), ("a", a.pdf), ("b", b.pdf), (None, back.pdf)]
    assert pdfparts.assemble(pieces) == pdfparts.assemble(pieces)


def test_contents_pages_follow_the_parts():
    sections = [{"slug": "basics", "part": {"pages": 10, "anchors": {"Gap": 0, "Costs": 3}}},
                {"slug": "circular-revenue", "part": {"pages": 16, "anchors": {"Loops": 4}}}]
    back = {"pages": 20, "anchors": {"claim-audit": 0, "data": 5, "sources": 7, "reproducibility": 19}}
    pages = combined.page_numbers(sections, back, front_pages=3, summary_page=2)
    assert pages == {"summary": 2, "basics": 4, "basics--Gap": 4, "basics--Costs": 7, "circular-revenue": 14,
                     "circular-revenue--Loops": 18, "claim-audit": 30, "data": 35, "sources": 37,
                     "reproducibility": 49}


def test_a_part_drawn_twice_a_second_apart_is_the_same_bytes():
    import time

    first = pdfparts.render_part(_page("Same", "<p>twice</p>")).pdf
    time.sleep(1.1)  # fontTools stamps font subsets with the time unless told otherwise
    assert pdfparts.render_part(_page("Same", "<p>twice</p>")).pdf == first
