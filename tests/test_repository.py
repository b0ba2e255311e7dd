"""Fast checks of the repository itself: committed notebooks, pinned environment, layout."""
import re

import nbformat

from conftest import ROOT


def test_committed_notebooks_carry_no_outputs():
    for path in sorted((ROOT / "notebooks").glob("*.ipynb")):
        nb = nbformat.read(path, as_version=4)
        for cell in nb.cells:
            if cell.cell_type == "code":
                assert not cell.outputs and cell.execution_count is None, path.name
        assert any("parameters" in c.metadata.get("tags", []) for c in nb.cells), path.name


def test_environment_yml_matches_lock():
    text = (ROOT / "requirements.lock").read_text() + (ROOT / "requirements-dev.lock").read_text()
    lock = {k.lower(): v for k, v in re.findall(r"^([A-Za-z0-9_.-]+)==([^\s\\]+)", text, re.M)}
    env = dict(re.findall(r"^\s+- ([a-z0-9_.-]+)=([^\s=]+)$", (ROOT / "environment.yml").read_text(), re.M))
    top = [l.strip() for name in ("requirements.in", "requirements-dev.in")
           for l in (ROOT / name).read_text().splitlines() if l.strip() and not l.startswith(("#", "-"))]
    assert set(top) <= set(env), set(top) - set(env)
    for name, version in env.items():
        if name != "python":
            assert lock[name] == version, name
