"""The combined report, the summary, the deck and the scenario comparison."""
import html as html_lib
import json
import re

import pytest
from markupsafe import escape

from helpers.sections import SECTIONS

pytestmark = pytest.mark.slow


def pdf_pages(path) -> int:
    import pypdf

    return len(pypdf.PdfReader(path).pages)


def test_combined_report_has_every_section_the_audit_and_sources(built):
    text = (built / "ai-bubble-report.html").read_text()
    for section in SECTIONS:
        assert f'id="{section.slug}"' in text and str(escape(section.title)) in text
    assert 'id="claim-audit"' in text and 'id="sources"' in text and 'id="summary"' in text
    from helpers.core import data

    for claim_id in data.load("claims.csv")["claim_id"]:
        assert f'id="claim-{claim_id}"' in text, claim_id
    assert '<nav class="toc"' in text
    numbers = [tuple(map(int, n)) for n in re.findall(r'<span class="fig-no">Figure (\d+)\.(\d+)\.</span>', text)]
    assert len(numbers) >= 20
    for section in SECTIONS:  # numbered within each section, as in the section's own pages
        mine = [k for s, k in numbers if s == section.number]
        assert mine == list(range(1, len(mine) + 1)) and mine, section.slug
        own = (built / "sections" / f"{section.slug}.html").read_text()
        assert f"Figure {section.number}.{len(mine)}." in own and f"Figure {section.number}.{len(mine) + 1}." not in own
    assert len(set(re.findall(r'\bid="([^"]+)"', text))) == len(re.findall(r'\bid="([^"]+)"', text))
    assert pdf_pages(built / "ai-bubble-report.pdf") > 20


SECTION_APPENDIX_HEADINGS = ("The article's claims in this part", "The data behind this section",
                             "Sources of the numbers above")


def _pdf_text(path) -> list[str]:
    import pypdf

    return [page.extract_text() for page in pypdf.PdfReader(path).pages]


def _without_footer(text: str) -> str:
    return re.sub(r"Page \d+ of \d+\s*$", "", text.strip())


def test_combined_pdf_is_put_together_from_the_sections_own_pages(built):
    combined = _pdf_text(built / "ai-bubble-report.pdf")
    total = len(combined)
    assert [t.strip().splitlines()[-1] for t in combined] == [f"Page {k} of {total}" for k in range(1, total + 1)]
    joined = [_without_footer(t) for t in combined]
    for section in SECTIONS:
        pages = _pdf_text(built / "sections" / f"{section.slug}.pdf")
        assert [t.strip().splitlines()[-1] for t in pages] == [f"Page {k} of {len(pages)}" for k in range(1, len(pages) + 1)]
        own = [_without_footer(t) for t in pages]
        # the section's own PDF ends with its appendix part, which the whole report gathers at its back
        main = next(k for k, t in enumerate(own) if any(h in t for h in SECTION_APPENDIX_HEADINGS))
        assert 0 < main < len(own), section.slug
        start = joined.index(own[0])
        assert joined[start:start + main] == own[:main], section.slug  # the same pages, numbered for the whole
        assert own[main] not in joined, section.slug


def test_combined_pdf_contents_give_the_pages_their_links_go_to(built):
    import pypdf

    reader = pypdf.PdfReader(built / "ai-bubble-report.pdf")
    printed = [int(n) for n in re.findall(r"\.{3,}\s*(\d+)\s*$", reader.pages[0].extract_text(), re.M)]
    targets, seen = [], None
    for annot in reader.pages[0]["/Annots"]:
        name = str(annot.get_object()["/Dest"])
        if name != seen:
            targets.append(reader.get_destination_page_number(reader.named_destinations[name]) + 1)
            seen = name
    assert len(printed) >= 20 and printed == targets
    titles = {section.title for section in SECTIONS}
    starts = {t: reader.get_destination_page_number(reader.named_destinations[s.slug]) for s in SECTIONS
              for t in [s.title]}
    for title in titles:  # each section's link lands on the page that opens it
        assert title.split(":")[0] in reader.pages[starts[title]].extract_text()
    dests = reader.named_destinations
    for page in reader.pages:  # no link anywhere points at nothing
        for annot in page.get("/Annots", []):
            dest = annot.get_object().get("/Dest")
            assert dest is None or str(dest) in dests, dest


def test_summary_numbers_are_the_computed_ones(built):
    """The answer page and the landing page show the computed key figures; every finding is stated
    in the report as the notebook computed it; what would change the answer follows the answer."""
    from helpers.report.answer import KEY_FIGURES

    manifest = json.loads((built / "build.json").read_text())
    html = (built / "ai-bubble-report.html").read_text()
    summary = html.split('id="basics"')[0]
    index = (built / "index.html").read_text()
    words = html_lib.unescape(re.sub(r"<[^>]+>", "", re.sub(r'<span class="prov"[^>]*>.*?</span>', "", html)))
    findings = {f["name"]: f for s in manifest["sections"].values() for f in s["findings"]}
    assert len(findings) >= 8
    for f in findings.values():
        assert f["sentence"] in words, f["name"]
    for name in KEY_FIGURES:
        shown = str(escape(findings[name]["shown"]))
        assert shown in summary and shown in index, name
    for f in findings.values():
        if f["kind"] == "condition":
            assert str(escape(f["sentence"])) in summary, f["name"]
    assert re.search(r"Of the article(&#x27;|&#39;|')s \d+ checkable claims", summary)
    assert re.search(r"A year on, \d+ of the article(&#x27;|&#39;|')s claims", summary)
    assert summary.index('class="answer"') < summary.index('id="summary-scorecard"')


def test_deck_has_one_slide_per_key_finding(built):
    manifest = json.loads((built / "build.json").read_text())
    executed_flags = re.findall(r'"deck": true', "".join(
        (built / "executed" / f"{slug}.ipynb").read_text() for slug in manifest["sections"]))
    assert len(executed_flags) >= 8
    # title, answer, the charts, what would change it, the scorecard, the small print
    assert pdf_pages(built / "deck.pdf") == len(executed_flags) + 5
    import pypdf

    boxes = [(p.mediabox.width, p.mediabox.height) for p in pypdf.PdfReader(built / "deck.pdf").pages]
    assert boxes and all(abs(float(w) / float(h) - 16 / 9) < 0.01 for w, h in boxes)


def test_landing_page_links_everything(built):
    index = (built / "index.html").read_text()
    for href in ["ai-bubble-report.html", "ai-bubble-report.pdf", "deck.pdf", "build.json"]:
        assert f'href="{href}"' in index, href
    assert 'href="scenarios/index.html"' not in index  # a default build makes no scenario comparison
    for section in SECTIONS:
        assert f'href="sections/{section.slug}.pdf"' in index


@pytest.mark.parametrize("name", ["base", "bear", "bull"])
def test_shipped_scenarios_parse(name):
    from pathlib import Path

    from helpers.core import params

    values = params.read_scenario(Path("data/scenarios") / f"{name}.yaml", params.all_declared())
    assert set(values) == {s.slug for s in SECTIONS}


def test_compare_builds_every_scenario_and_sets_them_side_by_side(tmp_path):
    import os
    import subprocess
    import sys

    from conftest import CACHE, ROOT

    env = dict(os.environ, PYTHONPATH=str(ROOT / "src"), AI_BUBBLE_CACHE=str(CACHE))
    result = subprocess.run([sys.executable, "-m", "helpers", "compare", "base", "bear", "bull", "--out", str(tmp_path)],
                            cwd=ROOT, env=env, capture_output=True, text=True, timeout=1800)
    assert result.returncode == 0, result.stderr
    page = (tmp_path / "scenarios" / "index.html").read_text()
    for name in ("base", "bear", "bull"):
        assert (tmp_path / "scenarios" / name / "ai-bubble-report.pdf").is_file()
        assert f"{name}/index.html" in page
        manifest = json.loads((tmp_path / "scenarios" / name / "build.json").read_text())
        shown = [f["shown"] for s in manifest["sections"].values() for f in s["findings"] if f.get("shown")]
        assert all(str(escape(v)) in page for v in shown)
    assert '<img src="data:image/svg+xml' in page and 'alt="Small bar charts' in page
