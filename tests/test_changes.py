"""What changed since the last build: findings that moved, verdicts that flipped, inputs that differ."""
import shutil

import pytest

from conftest import run_build

from helpers.build.changes import diff, lines


def _manifest(value=2033, shown="2033", verdict="holds", digest="a", growth=0.5):
    return {"sections": {"basics": {
        "findings": [{"name": "basics-break-even-year", "label": "Break-even year (model)", "value": value,
                      "shown": shown, "sentence": f"OpenAI breaks even in {shown}.", "kind": "finding"},
                     {"name": "basics-note", "label": None, "value": None, "shown": None,
                      "sentence": "Costs grow.", "kind": "condition"}],
        "inputs": {"data/openai_financials.csv": digest, "notebooks/01-basics.ipynb": "n"},
        "parameters": {"revenue_growth": growth}}},
        "claims": {"openai-2024-loss": verdict}}


def test_nothing_moved_prints_nothing():
    assert lines(diff(_manifest(), _manifest())) == []
    assert diff(_manifest(), _manifest()).empty


def test_a_first_build_has_nothing_to_compare():
    assert diff({}, _manifest()).first and lines(diff({}, _manifest())) == []


def test_moved_findings_flipped_verdicts_and_differing_inputs_are_listed():
    changes = diff(_manifest(), _manifest(value=2035, shown="2035", verdict="rounded", digest="b", growth=0.3))
    text = lines(changes)
    assert "  Break-even year (model): 2033 → 2035" in text
    assert "  claim openai-2024-loss: holds → rounded" in text
    assert "  data files that differ: data/openai_financials.csv" in text
    assert "  parameter basics.revenue_growth: 0.5 → 0.3" in text
    assert not any("Costs grow" in line for line in text)  # unchanged statements stay out


def test_a_section_built_only_once_is_not_a_change():
    partial = {"sections": {}, "claims": {}}
    assert diff(_manifest(), {**partial, "sections": {}}).findings == []


@pytest.mark.slow
def test_a_rebuild_with_a_changed_number_says_what_moved(tmp_path, data_copy):
    out = tmp_path / "out"
    first = run_build("--data", data_copy, "--out", out, "--only", "basics")
    assert first.returncode == 0, first.stderr
    assert "What changed" not in first.stderr
    path = data_copy / "openai_financials.csv"
    text = path.read_text()
    row = next(l for l in text.splitlines() if l.startswith("OpenAI,2025,FY,revenue,") and ",yes," in l)
    value = row.split(",")[4]
    path.write_text(text.replace(row, row.replace(f",{value},", f",{float(value) * 2:g},", 1)))
    second = run_build("--data", data_copy, "--out", out, "--only", "basics")
    assert second.returncode == 0, second.stderr
    assert "What changed since the last build:" in second.stderr
    assert "data files that differ: data/openai_financials.csv" in second.stderr
    assert "OpenAI's costs per $1 of revenue (2025): $" in second.stderr
    page = (out / "changes.html").read_text()
    assert "openai_financials.csv" in page and "Findings whose value moved" in page
    assert 'href="changes.html"' in (out / "index.html").read_text()
    third = run_build("--data", data_copy, "--out", out, "--only", "basics", "--force")
    assert "What changed" not in third.stderr
