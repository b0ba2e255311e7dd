"""The reports/ committed to the repository must be the build of the committed inputs."""
import json
import subprocess

import pytest

from conftest import ROOT

from helpers.build import fingerprint
from helpers.build.plan import Options, plan

MANIFEST = ROOT / "reports" / "build.json"


def test_committed_report_matches_current_inputs():
    if not MANIFEST.exists():
        pytest.fail("reports/build.json is missing: run `make report` and commit reports/")
    committed = json.loads(MANIFEST.read_text())
    planned, _ = plan(Options())
    current = fingerprint.overall({p.section.slug: p.digest for p in planned})
    stale = [p.section.slug for p in planned
             if committed["sections"].get(p.section.slug, {}).get("fingerprint") != p.digest]
    assert committed["fingerprint"] == current, (
        f"reports/ is stale (sections changed since it was built: {', '.join(stale) or 'none'}): "
        "run `make report` and commit reports/")


def test_committed_report_has_every_output():
    for rel in ["index.html", "ai-bubble-report.html", "ai-bubble-report.pdf", "deck.pdf", "build.json"]:
        assert (ROOT / "reports" / rel).is_file(), rel
    manifest = json.loads(MANIFEST.read_text())
    for slug, section in manifest["sections"].items():
        for ext in ("html", "pdf"):
            assert (ROOT / "reports" / "sections" / f"{slug}.{ext}").is_file()
        assert (ROOT / "reports" / "executed" / f"{slug}.ipynb").is_file()
        for name in section["figures"]:
            assert (ROOT / "reports" / "figures" / f"{name}.svg").is_file()
            assert (ROOT / "reports" / "figures" / f"{name}.png").is_file()
    tracked = subprocess.run(["git", "ls-files", "reports"], cwd=ROOT, capture_output=True, text=True).stdout.split()
    if tracked:  # in a git checkout, what make report writes must be what is committed
        assert "reports/build.json" in tracked and "reports/deck.pdf" in tracked
