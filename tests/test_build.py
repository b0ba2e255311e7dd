"""End to end: build into temporary folders the way a user would, and read what came out."""
import json
import re

import nbformat
import pytest

from conftest import ROOT, run_build

pytestmark = pytest.mark.slow
SLUG = "basics"


def test_outputs_exist(built):
    for rel in ["index.html", "build.json", f"sections/{SLUG}.html", f"sections/{SLUG}.pdf",
                f"executed/{SLUG}.ipynb"]:
        assert (built / rel).is_file(), rel
    assert (built / f"sections/{SLUG}.pdf").read_bytes().startswith(b"%PDF")


def test_figures_exported_in_both_formats(built):
    manifest = json.loads((built / "build.json").read_text())
    names = manifest["sections"][SLUG]["figures"]
    assert len(names) >= 6
    for name in names:
        assert (built / "figures" / f"{name}.svg").read_text().lstrip().startswith("<?xml")
        assert (built / "figures" / f"{name}.png").read_bytes().startswith(b"\x89PNG")


def test_html_is_self_contained_and_code_free(built):
    html = (built / "sections" / f"{SLUG}.html").read_text()
    # one inline script (the live assumptions', allowed by its hash) and one block of data it reads; no src
    scripts = re.findall(r"<script\b([^>]*)>", html, re.I)
    assert sorted(scripts) == ["", ' type="application/json" class="live-data"'], scripts
    # nothing is fetched: every resource is a data: URI or a relative file (links to sources may go out)
    for attr in re.findall(r'<(?:img|script|link|iframe|source|video|audio|object|embed)\b[^>]*\b(?:src|href|data)="([^"]*)"',
                           html, re.I):
        assert attr.startswith(("data:", "#", "../", "basics")) or not re.match(r"^[a-z]+:", attr), attr
    assert not re.search(r'\ssrc="https?:', html)
    assert "@import" not in html and "url(http" not in html
    assert "import pandas" not in html and "helpers.core.present" not in html  # code cells hidden
    assert "Content-Security-Policy" in html


def test_every_chart_has_alt_text_title_and_source(built):
    html = (built / "sections" / f"{SLUG}.html").read_text()
    figures = re.findall(r'<figure class="chart".*?</figure>', html, re.S)
    assert len(figures) >= 6
    for fig in figures:
        alt = re.search(r'alt="([^"]*)"', fig).group(1)
        assert len(alt) > 40, alt
        assert re.search(r"Figure \d+\.", fig)
    svg = (built / "figures" / "basics-revenue-vs-costs.svg").read_text()
    assert "<text" in svg and "DejaVu Sans" in svg  # real text, in the font matplotlib laid it out with


def test_footer_and_manifest_record_parameters_and_fingerprint(built):
    manifest = json.loads((built / "build.json").read_text())
    section = manifest["sections"][SLUG]
    html = (built / "sections" / f"{SLUG}.html").read_text()
    assert section["fingerprint"] in html
    assert "revenue_growth=0.5" in html
    assert section["parameters"]["horizon"] == 10
    assert "data/openai_financials.csv" in section["inputs"]
    assert manifest["packages"]["papermill"] and manifest["packages"]["weasyprint"]
    times = json.loads((built / "build-times.json").read_text())
    assert set(times[SLUG]) == {"execute", "live_cpu", "render", "pdf"}


def test_executed_notebook_is_normalized(built):
    nb = nbformat.read(built / "executed" / f"{SLUG}.ipynb", as_version=4)
    assert [c.id for c in nb.cells] == [f"cell-{i:03d}" for i in range(len(nb.cells))]
    assert set(nb.metadata["papermill"]) == {"parameters"}
    assert any("injected-parameters" in c.metadata.get("tags", []) for c in nb.cells)


def test_index_links_the_section(built):
    index = (built / "index.html").read_text()
    assert f'href="sections/{SLUG}.html"' in index and f'href="sections/{SLUG}.pdf"' in index


def test_parameter_changes_the_report(tmp_path):
    out = tmp_path / "r"
    result = run_build("--out", out, "-p", "horizon=20", "-p", "revenue_growth=0.8")
    assert result.returncode == 0, result.stderr
    html = (out / "sections" / f"{SLUG}.html").read_text()
    assert "horizon=20" in html and "revenue_growth=0.8" in html
    assert "revenue growing 80% a year" in html


def _words(path) -> str:
    """A page's text as read: tags and the numbers' hover notes removed."""
    html = re.sub(r'<span class="prov"[^>]*>.*?</span>', "", path.read_text(), flags=re.S)
    return re.sub(r"<[^>]+>", "", html)


def test_changed_data_changes_the_report(tmp_path, data_copy, built):
    path = data_copy / "openai_financials.csv"
    text = path.read_text()
    assert "OpenAI,2025,FY,total_expenses,34," in text
    path.write_text(text.replace("OpenAI,2025,FY,total_expenses,34,", "OpenAI,2025,FY,total_expenses,44,"))
    out = tmp_path / "r"
    result = run_build("--data", data_copy, "--out", out)
    assert result.returncode == 0, result.stderr
    before, after = (_words(folder / "sections" / f"{SLUG}.html") for folder in (built, out))
    assert "costs $34.0B" in before and "costs $44.0B" in after
    assert json.loads((out / "build.json").read_text())["fingerprint"] != \
        json.loads((built / "build.json").read_text())["fingerprint"]


def test_scenario_builds_into_its_own_folder(tmp_path):
    scenario = tmp_path / "bear.yaml"
    scenario.write_text("description: test\nbasics:\n  revenue_growth: 0.2\n")
    out = tmp_path / "out"
    result = run_build("--scenario", scenario, "--out", out)
    assert result.returncode == 0, result.stderr
    assert "revenue_growth=0.2" in (out / "sections" / f"{SLUG}.html").read_text()
    assert json.loads((out / "build.json").read_text())["scenario"].endswith("bear.yaml")
