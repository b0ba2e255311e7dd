"""The combined report, the summary, the deck and the scenario comparison."""
import html
import json
import re

import pytest

from helpers.sections import SECTIONS


def pdf_objects(path) -> bytes:
    """A PDF's bytes with its compressed streams (object streams included) inflated."""
    import zlib

    data = path.read_bytes()
    parts = [data]
    for match in re.finditer(rb"stream\r?\n", data):
        end = data.find(b"endstream", match.end())
        try:
            parts.append(zlib.decompress(data[match.end():end]))
        except zlib.error:
            pass
    return b"".join(parts)


def pdf_pages(path) -> int:
    return len(re.findall(rb"/Type\s*/Page(?![s\w])", pdf_objects(path)))


def test_combined_report_has_every_section_the_audit_and_sources(built):
    text = (built / "ai-bubble-report.html").read_text()
    for section in SECTIONS:
        assert f'id="{section.slug}"' in text and html.escape(section.title) in text
    assert 'id="claim-audit"' in text and 'id="sources"' in text and 'id="summary"' in text
    from helpers import data

    for claim_id in data.load("claims.csv")["claim_id"]:
        assert claim_id in text, claim_id
    assert '<nav class="toc"' in text
    numbers = [int(n) for n in re.findall(r'<span class="fig-no">Figure (\d+)\.</span>', text)]
    assert numbers == list(range(1, len(numbers) + 1)) and len(numbers) >= 20
    assert len(set(re.findall(r'\bid="([^"]+)"', text))) == len(re.findall(r'\bid="([^"]+)"', text))
    assert pdf_pages(built / "ai-bubble-report.pdf") > 20


def test_summary_numbers_are_the_computed_ones(built):
    manifest = json.loads((built / "build.json").read_text())
    summary = (built / "ai-bubble-report.html").read_text().split('id="basics"')[0]
    index = (built / "index.html").read_text()
    findings = [f for s in manifest["sections"].values() for f in s["findings"]]
    assert len(findings) >= 8
    for f in findings:
        assert html.escape(f["sentence"]) in summary, f["name"]
        if f.get("label") and f.get("shown"):
            assert html.escape(f["shown"]) in summary and html.escape(f["shown"]) in index
    assert re.search(r"Of the article(&#x27;|')s \d+ numeric claims", summary)


def test_deck_has_one_slide_per_key_finding(built):
    manifest = json.loads((built / "build.json").read_text())
    executed_flags = re.findall(r'"deck": true', "".join(
        (built / "executed" / f"{slug}.ipynb").read_text() for slug in manifest["sections"]))
    assert len(executed_flags) >= 8
    assert pdf_pages(built / "deck.pdf") == len(executed_flags) + 2  # cover and the claim audit
    boxes = re.findall(rb"/MediaBox\s*\[\s*0\s+0\s+([\d.]+)\s+([\d.]+)", pdf_objects(built / "deck.pdf"))
    assert boxes and all(abs(float(w) / float(h) - 16 / 9) < 0.01 for w, h in boxes)


def test_landing_page_links_everything(built):
    index = (built / "index.html").read_text()
    for href in ["ai-bubble-report.html", "ai-bubble-report.pdf", "deck.pdf", "scenarios/index.html", "build.json"]:
        assert f'href="{href}"' in index, href
    for section in SECTIONS:
        assert f'href="sections/{section.slug}.pdf"' in index


@pytest.mark.parametrize("name", ["base", "bear", "bull"])
def test_shipped_scenarios_parse(name):
    from pathlib import Path

    from helpers import params

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
        assert all(html.escape(v) in page for v in shown)
    assert '<img src="data:image/svg+xml' in page and 'alt="Small bar charts' in page
