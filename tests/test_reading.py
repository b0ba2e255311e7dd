"""The report as a reader meets it: the answer first, a short argument, reader words, links that
resolve, numbers that say where they come from, and pages that fit a phone and a tablet."""
import re
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urlparse

import pytest

pytestmark = pytest.mark.slow

MAX_ARGUMENT_PAGES = 30
PIPELINE_WORDS = re.compile(
    r"src/helpers|\bdata/[a-z_]+\.(?:csv|yml)|\.py\b|\bThis build\b|\byour choice\b|\bweak URL\b|\b1 claims\b"
    r"|\byour multipliers\b|\bparameter [a-z_]+\b|\b[a-z]+_[a-z_]*[a-z]\b")


class _Page(HTMLParser):
    """Reader text (outside code, style and link targets), every href, and every id of a page."""
    SKIP = {"code", "style", "script", "pre"}

    def __init__(self):
        super().__init__()
        self.text, self.hrefs, self.ids, self._skip = [], [], set(), []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if attrs.get("id"):
            self.ids.add(attrs["id"])
        if tag == "a" and attrs.get("href"):
            self.hrefs.append(attrs["href"])
        if tag in self.SKIP or "url" in (attrs.get("class") or "").split():
            self._skip.append(tag)

    def handle_endtag(self, tag):
        if self._skip and self._skip[-1] == tag:
            self._skip.pop()

    def handle_data(self, data):
        if not self._skip:
            self.text.append(data)


def parse(path: Path) -> _Page:
    page = _Page()
    page.feed(path.read_text(encoding="utf-8"))
    return page


def test_the_argument_fits_in_thirty_pages(built):
    """Title, answer, contents and the four sections end before page 31; the appendices follow."""
    import pypdf

    reader = pypdf.PdfReader(built / "ai-bubble-report.pdf")
    starts = {item.title: reader.get_destination_page_number(item) + 1
              for item in reader.outline if not isinstance(item, list)}
    appendix = min(page for title, page in starts.items() if title.startswith("Appendix"))
    assert appendix - 1 <= MAX_ARGUMENT_PAGES, f"the argument takes {appendix - 1} pages: {starts}"
    assert [t for t in starts if t.startswith("Appendix")] == [
        "Appendix A. The claim audit", "Appendix B. The data", "Appendix C. Sources",
        "Appendix D. How this report was built"]


def test_the_answer_comes_first(built):
    html = (built / "ai-bubble-report.html").read_text(encoding="utf-8")
    answer = html.index('class="answer"')
    assert answer < html.index('id="basics"') and answer < html.index('id="summary-scorecard"')
    sentences = re.findall(r"<p>([^<]*(?:<[^>]+>[^<]*)*?)</p>", html[answer:html.index("</div>", answer)])
    assert len(sentences) == 3


def test_reader_text_has_no_pipeline_words(built):
    for path in [built / "index.html", built / "ai-bubble-report.html", *sorted((built / "sections").glob("*.html"))]:
        text = " ".join(parse(path).text)
        found = sorted(set(m.group(0) for m in PIPELINE_WORDS.finditer(text)))
        assert not found, f"{path.name}: {found}"


def test_every_link_resolves(built):
    pages = sorted(built.rglob("*.html"))
    ids = {p: parse(p).ids for p in pages}
    for page in pages:
        for href in parse(page).hrefs:
            url = urlparse(href)
            if url.scheme in ("http", "https", "mailto"):
                continue
            target = (page.parent / unquote(url.path)).resolve() if url.path else page
            assert target.exists(), f"{page.relative_to(built)}: {href} points to a missing file"
            if url.fragment and target.suffix == ".html":
                assert url.fragment in ids[target] or url.fragment == "top", \
                    f"{page.relative_to(built)}: {href} points to a missing anchor"


def test_ids_are_unique(built):
    for page in sorted(built.rglob("*.html")):
        found = re.findall(r'\bid="([^"]+)"', page.read_text(encoding="utf-8"))
        dupes = sorted({i for i in found if found.count(i) > 1})
        assert not dupes, f"{page.name}: {dupes[:5]}"


def test_every_finding_number_says_where_it_comes_from(built, browser):
    html = (built / "ai-bubble-report.html").read_text(encoding="utf-8")
    numbers = re.findall(r'class="num"', html)
    assert len(numbers) >= 15
    page = browser.new_page(viewport={"width": 1400, "height": 900})
    page.goto((built / "ai-bubble-report.html").as_uri())
    number = page.locator("#summary .num").first
    assert not page.locator("#summary .num .prov").first.is_visible()
    number.hover()
    tip = page.locator("#summary .num .prov").first
    assert tip.is_visible() and "Source:" in tip.inner_text()
    page.close()


def test_pdf_numbers_link_to_their_source(built):
    import pypdf

    reader = pypdf.PdfReader(built / "ai-bubble-report.pdf")
    names = reader.named_destinations
    sources = reader.get_destination_page_number(next(i for i in reader.outline if not isinstance(i, list)
                                                      and i.title == "Appendix C. Sources"))
    linked = [str(a.get_object()["/Dest"]) for p in reader.pages for a in (p.get("/Annots") or [])
              if str(a.get_object().get("/Dest", "")).startswith("source-")]
    assert len(linked) >= 15
    for name in set(linked):
        assert name in names and reader.get_destination_page_number(names[name]) >= sources, name


@pytest.mark.parametrize("width", [390, 768, 1400])
def test_pages_fit_the_screen(built, browser, width):
    for path in [built / "index.html", built / "ai-bubble-report.html", *sorted((built / "sections").glob("*.html"))]:
        page = browser.new_page(viewport={"width": width, "height": 900})
        page.goto(path.as_uri())
        overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
        assert overflow <= 0, f"{path.name} at {width}px scrolls sideways by {overflow}px"
        wide = page.evaluate("""Array.from(document.querySelectorAll('table')).filter(t =>
            t.getBoundingClientRect().right > window.innerWidth + 1 && !t.closest('.table-scroll')).length""")
        assert wide == 0, f"{path.name} at {width}px: {wide} tables overflow without their own scroll box"
        if path.name == "index.html":
            for box in page.locator(".key-value").all():
                b = box.bounding_box()
                assert b and b["x"] >= 0 and b["x"] + b["width"] <= width, f"a headline value is cut off at {width}px"
        page.close()


def test_a_chart_opens_full_size_when_tapped(built, browser):
    page = browser.new_page(viewport={"width": 390, "height": 800}, has_touch=True)
    page.goto((built / "sections" / "basics.html").as_uri())
    chart = page.locator("figure.chart img").first
    before = chart.bounding_box()
    chart.tap()
    after = chart.bounding_box()
    assert after["height"] > before["height"] * 1.5, (before, after)
    page.locator("figure.chart a.zoom-close").first.tap()
    assert page.locator("figure.chart img").first.bounding_box()["height"] == pytest.approx(before["height"], abs=2)
    page.close()


def test_wide_tables_keep_their_first_column_in_view(built, browser):
    page = browser.new_page(viewport={"width": 390, "height": 800})
    page.goto((built / "ai-bubble-report.html").as_uri() + "#table-year-on")
    box = page.locator("#table-year-on").locator("xpath=..")
    box.evaluate("el => el.scrollLeft = 400")
    first = page.locator("#table-year-on td").first.bounding_box()
    assert first["x"] >= 0 and first["x"] < 40, first
    page.close()
