"""Running a notebook top to bottom outside the build, as JupyterLab would (a fresh kernel started
in notebooks/, the parameters cell's defaults, data/ as the data folder), gives the build's findings."""
import json
import os

import nbformat
import pytest
from nbclient import NotebookClient

from conftest import ROOT

from helpers.build.execute import findings_in
from helpers.sections import SECTIONS

pytestmark = pytest.mark.slow


@pytest.mark.parametrize("section", SECTIONS, ids=lambda s: s.slug)
def test_a_notebook_run_as_in_jupyterlab_gives_the_builds_findings(section, built, monkeypatch):
    for name in ("AI_BUBBLE_DATA", "AI_BUBBLE_VALIDATED", "AI_BUBBLE_SECTION", "AI_BUBBLE_CACHE"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("PYTHONPATH", os.pathsep.join(filter(None, [str(ROOT / "src"), os.environ.get("PYTHONPATH")])))
    nb = nbformat.read(section.path, as_version=4)
    NotebookClient(nb, kernel_name="python3", timeout=300,
                   resources={"metadata": {"path": str(ROOT / "notebooks")}}).execute()
    ran = {f["name"]: f for f in findings_in(nb)}
    expected = {f["name"]: f for f in json.loads((built / "build.json").read_text())["sections"][section.slug]["findings"]}
    assert ran == expected
