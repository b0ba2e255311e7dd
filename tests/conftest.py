import hashlib
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT / "data"


CACHE = Path(tempfile.mkdtemp(prefix="ai-bubble-test-cache-"))  # one fresh build cache per test session


def run_build(*args, cwd=ROOT, cache=CACHE):
    """Run `python -m helpers build ARGS` as a user would; returns the CompletedProcess."""
    env = dict(os.environ, PYTHONPATH=str(ROOT / "src"), AI_BUBBLE_CACHE=str(cache))
    return subprocess.run([sys.executable, "-m", "helpers", "build", *map(str, args)], cwd=cwd, env=env,
                          capture_output=True, text=True, timeout=600)


def tree_digest(folder: Path) -> dict:
    """Path -> sha256 for every file under `folder` (to prove a tree was left untouched)."""
    return {p.relative_to(folder).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(folder.rglob("*")) if p.is_file()}


@pytest.fixture
def data_copy(tmp_path):
    target = tmp_path / "data"
    shutil.copytree(DATA, target)
    return target


@pytest.fixture(scope="session")
def built(tmp_path_factory):
    """One default build into a temporary folder, shared by the end-to-end tests."""
    out = tmp_path_factory.mktemp("report")
    result = run_build("--out", out)
    assert result.returncode == 0, result.stderr
    return out


CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
HOW = ("these tests open the reports in a real browser: install Debian's Chromium "
       "(`sudo apt-get install chromium`); .ci/run does this in CI")


@pytest.fixture(scope="module")
def browser():
    if not CHROMIUM:
        if os.environ.get("CI"):
            pytest.fail("Chromium is missing in CI: " + HOW)
        pytest.skip("Chromium not found: " + HOW)
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=[
            "--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking",
            "--disable-component-update", "--disable-sync", "--disable-quic"])
        yield browser
        browser.close()


def open_offline(browser, path: Path):
    """`path` opened in a new offline browser context, with every request it makes, its console errors and
    warnings and its page errors recorded: (context, page, requests, problems). Requests that are not to the
    file itself or a data: URI are aborted."""
    context = browser.new_context(offline=True)
    page = context.new_page()
    requests, problems = [], []
    page.on("request", lambda r: requests.append(r.url))
    page.on("console", lambda m: problems.append(f"console {m.type}: {m.text}") if m.type in ("error", "warning") else None)
    page.on("pageerror", lambda e: problems.append(f"page error: {e}"))
    page.route(lambda url: not url.startswith(("file:", "data:")), lambda route: route.abort())
    page.goto(path.as_uri(), wait_until="load")
    return context, page, requests, problems
