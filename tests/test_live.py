"""Assumptions a reader can move in the page (helpers.core.live): each section's grid of live values is its
model's own, the page carries it in one JSON block and one inline script allowed by its hash, and in Chromium,
with the network cut, a control set to a value shows what a build with `-p` for that value writes."""
import base64
import hashlib
import html
import json
import re

import pytest

from conftest import open_offline, run_build
from helpers.core import live
from helpers.core.errors import BuildError
from helpers.core.params import declared
from helpers.sections import SECTIONS, by_slug

MAX_PAGE_BYTES = 2_000_000
# the settings the browser test moves to (grid values away from the defaults), one -p build for them all
MOVED = {"basics": {"revenue_growth": 0.8, "gross_margin": 0.5},
         "circular-revenue": {"pass_through_share": 0.75, "include_conditional": False},
         "concentration-risk": {"seven_fall": 0.6, "rest_beta": 1.0},
         "bubble-comparison": {"asset_life": 4.0, "ai_revenue_growth": 1.0}}


def defaults(slug):
    return {name: p.default for name, p in declared(by_slug(slug)).items()}


@pytest.fixture(scope="module")
def tables():
    return {s.slug: live.table(s.slug, defaults(s.slug)) for s in SECTIONS}


def test_every_section_declares_two_to_four_live_assumptions(tables):
    for slug, data in tables.items():
        assert data is not None, slug
        assert 2 <= len(data["knobs"]) <= 4, slug
        assert len(data["cells"]) <= 500, f"{slug}: {len(data['cells'])} settings"


def test_grids_hold_the_default_and_stay_in_range(tables):
    for slug, data in tables.items():
        params = declared(by_slug(slug))
        for knob in data["knobs"]:
            p = params[knob["param"].split(".", 1)[1]]
            assert knob["values"][knob["at"]] == p.default, knob["param"]
            assert len(knob["values"]) >= 2 and len(knob["values"]) == len(knob["shown"])
            for v in knob["values"]:
                if p.type in ("int", "float"):
                    assert (p.min is None or v >= p.min) and (p.max is None or v <= p.max), (knob["param"], v)
                    assert isinstance(v, (int, float)) and not isinstance(v, bool)
                elif p.choices:
                    assert v in p.choices


def test_every_setting_is_computed(tables):
    for slug, data in tables.items():
        assert all(cell is not None for cell in data["cells"]), slug
        for cell in data["cells"]:
            assert len(cell["f"]) == len(data["findings"])


def test_a_build_value_off_the_grid_joins_it():
    values = dict(defaults("basics"), revenue_growth=0.37)
    data = live.table("basics", values)
    knob = data["knobs"][0]
    assert knob["param"] == "basics.revenue_growth" and knob["values"][knob["at"]] == 0.37
    assert knob["values"] == sorted(knob["values"])


def test_live_values_at_the_defaults_are_the_notebooks(tables):
    """The finding functions the notebook calls, called directly with the defaults, give the same strings."""
    from helpers.sections.basics import figures as basics
    from helpers.sections.concentration_risk import figures as concentration

    d = basics.load()
    own = live.initial(tables["basics"])
    for f in basics.break_even_findings(d, 0.5, 0.3, 0.4, 10):
        assert own[f.name]["shown"] == f.shown
    c = concentration.load()
    s = concentration.scenario(c, **{k: defaults("concentration-risk")[k] for k in
                                     ("seven_fall", "rest_beta", "balance_usd", "stock_share", "bond_fall")})
    own = live.initial(tables["concentration-risk"])
    assert own["concentration-risk-index-fund-loss"]["shown"] == concentration.index_fund_finding(s).shown
    assert own["concentration-risk-401k-loss"]["shown"] == concentration.retirement_loss_finding(s).shown


def test_the_build_stops_when_live_values_differ_from_the_notebooks():
    registered = [{"name": "basics-break-even-year", "shown": "2099"}, {"name": "basics-growth-needed", "shown": "53%"}]
    with pytest.raises(BuildError, match="basics-break-even-year"):
        live.table("basics", defaults("basics"), registered)


def test_embedded_data_cannot_close_its_script_block():
    text = live.embed({"strings": ["</script><script>alert(1)</script>", "a & b <!--"]})
    assert "<" not in text and ">" not in text and "&" not in text
    assert json.loads(text)["strings"][0] == "</script><script>alert(1)</script>"


def test_the_number_in_a_live_finding_is_marked(tables):
    data = tables["basics"]
    shown = live.initial(data)["basics-break-even-year"]["shown"]
    body = (f'<div class="findings finding-finding" id="finding-basics-break-even-year"><p>OpenAI turns a profit in '
            f'<span class="num" tabindex="0">{shown}<span class="prov" role="tooltip">x</span></span>.</p></div>')
    marked = live.mark_findings(body, data)
    assert f'<span data-finding="basics-break-even-year">{shown}</span>' in marked
    assert 'data-live-finding="basics-break-even-year"' in marked


def test_the_script_hash_is_the_scripts():
    digest = base64.b64encode(hashlib.sha256(live.script().encode()).digest()).decode()
    assert live.script_hash() == f"'sha256-{digest}'"
    assert "</script" not in live.script().lower()


# --- end to end ---------------------------------------------------------------------------------------


def _pages(built):
    return [built / "ai-bubble-report.html", *sorted((built / "sections").glob("*.html"))]


@pytest.mark.slow
def test_pages_carry_the_script_their_policy_allows_and_stay_small(built):
    for path in _pages(built):
        text = path.read_text(encoding="utf-8")
        assert path.stat().st_size < MAX_PAGE_BYTES, f"{path.name}: {path.stat().st_size} bytes"
        policy = re.search(r'http-equiv="Content-Security-Policy" content="([^"]+)"', text).group(1)
        scripts = re.findall(r"<script>(.*?)</script>", text, re.S)
        assert len(scripts) == 1, path.name
        digest = base64.b64encode(hashlib.sha256(scripts[0].encode()).digest()).decode()
        assert f"script-src 'sha256-{digest}'" in policy, path.name
        assert "unsafe-inline" not in policy.split("script-src", 1)[1]
        assert re.search(r"<script[^>]*\bsrc=", text) is None
    index = (built / "index.html").read_text(encoding="utf-8")
    assert "<script" not in index and "script-src" not in index


@pytest.mark.slow
def test_live_values_at_the_build_setting_are_build_json(built):
    manifest = json.loads((built / "build.json").read_text())
    for s in SECTIONS:
        text = (built / "sections" / f"{s.slug}.html").read_text(encoding="utf-8")
        payload = re.search(r'<script type="application/json" class="live-data">(.*?)</script>', text, re.S).group(1)
        own = live.initial(json.loads(payload))
        shown = {f["name"]: f["shown"] for f in manifest["sections"][s.slug]["findings"]}
        assert own and all(shown[name] == v["shown"] for name, v in own.items()), s.slug
        for name, v in own.items():  # the number in the box and in the sentence, as built
            for found in re.findall(rf'data-finding="{name}">([^<]*)<', text):
                assert html.unescape(found) == shown[name], (s.slug, name)


@pytest.fixture(scope="module")
def moved(tmp_path_factory):
    """build.json of one build with every MOVED setting given with -p."""
    out = tmp_path_factory.mktemp("moved")
    pairs = [f"{slug}.{name}={value}" for slug, values in MOVED.items() for name, value in values.items()]
    result = run_build("--out", out, *[a for pair in pairs for a in ("-p", pair)])
    assert result.returncode == 0, result.stderr
    return json.loads((out / "build.json").read_text())


SET = """([param, value]) => {
  const c = document.querySelector(`[data-param="${param}"]`);
  const values = JSON.parse(c.dataset.values);
  const i = values.findIndex(v => v === value);
  if (i < 0) { return false; }
  c.value = String(i);
  c.dispatchEvent(new Event('input', {bubbles: true}));
  c.dispatchEvent(new Event('change', {bubbles: true}));
  return true;
}"""
READ = """() => Array.from(document.querySelectorAll('[data-finding]')).filter(e => !e.closest('[hidden]'))
  .map(e => [e.dataset.finding, e.textContent])"""


@pytest.mark.slow
@pytest.mark.parametrize("page_name", ["sections", "ai-bubble-report.html"])
def test_moving_a_control_shows_what_a_build_with_p_writes(built, browser, moved, page_name):
    paths = sorted((built / "sections").glob("*.html")) if page_name == "sections" else [built / page_name]
    expected = {f["name"]: f["shown"] for s in moved["sections"].values() for f in s["findings"]}
    default = json.loads((built / "build.json").read_text())
    before = {f["name"]: f["shown"] for s in default["sections"].values() for f in s["findings"]}
    for path in paths:
        context, page, requests, problems = open_offline(browser, path)
        slugs = [s for s in MOVED if (page_name != "sections" or path.stem == s)]
        for slug in slugs:
            for name, value in MOVED[slug].items():
                assert page.evaluate(SET, [f"{slug}.{name}", value]), f"{slug}.{name}={value} is not on the grid"
        numbers = page.evaluate(READ)
        context.close()
        checked = {name for name, _ in numbers}
        assert numbers and all(name.startswith(tuple(slugs)) for name in checked), path.name
        for name, text in numbers:
            assert text == expected[name], f"{path.name}: {name} shows {text!r}, a -p build writes {expected[name]!r}"
        assert any(expected[n] != before[n] for n in checked), "the moved settings change nothing"
        assert not [u for u in requests if not u.startswith(("file:", "data:"))], path.name
        assert not problems, f"{path.name}: {problems}"


@pytest.mark.slow
def test_the_controls_work_from_the_keyboard_and_fit_a_phone(built, browser):
    page = browser.new_page(viewport={"width": 390, "height": 800})
    page.goto((built / "sections" / "basics.html").as_uri())
    control = page.locator('[data-param="basics.revenue_growth"]')
    control.focus()
    page.keyboard.press("ArrowRight")
    assert control.evaluate("c => c.value") == str(json.loads(control.get_attribute("data-values")).index(0.5) + 1)
    assert page.locator('.live-control output').first.inner_text() == "60%"
    assert page.evaluate("document.documentElement.scrollWidth - window.innerWidth") <= 0
    page.locator(".live-reset").click()
    assert page.locator('.live-control output').first.inner_text() == "50%"
    page.close()
