"""Fast checks of the repository itself: committed notebooks, pinned environment, layout."""
import ast
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
    lines = [l.strip() for name in ("requirements.in", "requirements-dev.in")
             for l in (ROOT / name).read_text().splitlines() if l.strip() and not l.startswith(("#", "-"))]
    top = dict(re.match(r"([A-Za-z0-9_.-]+)(?:==(\S+))?$", l).groups() for l in lines)  # name -> pin or None
    assert set(top) <= set(env), set(top) - set(env)
    for name, pin in top.items():
        if pin:
            assert env[name] == pin, name
    for name, version in env.items():
        if name != "python":
            assert lock[name] == version, name


NARRATION_FORBIDS = (ast.BinOp, ast.UnaryOp, ast.Compare, ast.BoolOp, ast.If, ast.IfExp, ast.For, ast.While,
                     ast.ListComp, ast.DictComp, ast.SetComp, ast.GeneratorExp, ast.Subscript, ast.Lambda,
                     ast.FunctionDef)
MAX_CELL_LINES = 8


def test_notebooks_narrate():
    """A code cell calls tested functions and shows what they return: a few lines, no arithmetic,
    indexing, branching or loops (the parameters cell aside)."""
    for path in sorted((ROOT / "notebooks").glob("*.ipynb")):
        nb = nbformat.read(path, as_version=4)
        for index, cell in enumerate(nb.cells):
            if cell.cell_type != "code" or "parameters" in cell.metadata.get("tags", []):
                continue
            lines = [line for line in cell.source.splitlines() if line.strip() and not line.strip().startswith("#")]
            assert len(lines) <= MAX_CELL_LINES, f"{path.name} cell {index}: {len(lines)} lines"
            found = sorted({type(node).__name__ for node in ast.walk(ast.parse(cell.source))
                            if isinstance(node, NARRATION_FORBIDS)})
            assert not found, f"{path.name} cell {index} computes in the notebook ({', '.join(found)}): {cell.source}"


def test_clip_path_ids_do_not_depend_on_float_noise():
    from helpers.core.present import _stable_clip_ids

    a = '<clipPath id="p0a10f24a3a"><rect/></clipPath><path clip-path="url(#p0a10f24a3a)"/><clipPath id="pffffffffff">'
    b = '<clipPath id="p3c2dbe0e26"><rect/></clipPath><path clip-path="url(#p3c2dbe0e26)"/><clipPath id="p1111111111">'
    assert _stable_clip_ids(a) == _stable_clip_ids(b)
    assert 'id="clip00"' in _stable_clip_ids(a) and "url(#clip00)" in _stable_clip_ids(a)
