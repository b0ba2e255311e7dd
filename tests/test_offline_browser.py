"""Every HTML report opened in a real browser (headless Chromium) with the network cut."""
import re

import pytest

from conftest import open_offline

pytestmark = pytest.mark.slow


def html_pages(folder):
    return sorted(p for p in folder.rglob("*.html"))


def test_every_page_is_offline_clean(built, browser):
    pages = html_pages(built)
    assert len(pages) >= 3
    for path in pages:
        context, page, requests, problems = open_offline(browser, path)
        images = page.evaluate(
            "Array.from(document.images).map(i => ({src: i.src.slice(0, 40), ok: i.complete && i.naturalWidth > 0,"
            " alt: i.alt}))")
        context.close()
        rel = path.relative_to(built)
        outside = [u for u in requests if not u.startswith(("file:", "data:"))]
        assert not outside, f"{rel} requested {outside}"
        assert not problems, f"{rel}: {problems}"
        for image in images:
            assert image["ok"], f"{rel}: image did not render: {image['src']}"
            assert len(image["alt"]) > 20, f"{rel}: image without alt text: {image['src']}"


def test_untrusted_text_is_shown_as_text(tmp_path, data_copy, browser):
    from conftest import run_build

    path = data_copy / "openai_financials.csv"
    lines = path.read_text().splitlines()
    for i, line in enumerate(lines):
        if ",inference_compute_cost," in line:
            lines[i] = line.rsplit(",", 1)[0] + ',"<script>window.pwned=1</script><img src=x onerror=window.pwned=2>"'
            break
    path.write_text("\n".join(lines) + "\n")
    out = tmp_path / "out"
    result = run_build("--data", data_copy, "--out", out, "--only", "basics")
    assert result.returncode == 0, result.stderr
    html = (out / "sections" / "basics.html").read_text()
    assert "&lt;script&gt;window.pwned=1&lt;/script&gt;" in html
    assert "<script>window.pwned" not in html and "pwned=1</script>" not in html
    assert len(re.findall(r"<script\b", html)) == 2  # the live assumptions' script and the data it reads
    context = browser.new_context(offline=True)
    page = context.new_page()
    page.goto((out / "sections" / "basics.html").as_uri(), wait_until="load")
    assert page.evaluate("window.pwned === undefined")
    assert "<script>window.pwned=1</script>" in page.inner_text("body")
    context.close()
