"""Same inputs, same bytes; unchanged sections are not re-executed."""
import pytest
import re

from conftest import run_build, tree_digest

from helpers.sections import SECTIONS

pytestmark = pytest.mark.slow


def ran(result) -> set[str]:
    return set(re.findall(r"^\[([a-z-]+)\] running", result.stderr, re.M))


def test_two_clean_builds_are_byte_identical(tmp_path):
    digests = []
    for n in (1, 2):
        out = tmp_path / f"out{n}"
        result = run_build("--out", out, "--force", cache=tmp_path / f"cache{n}")
        assert result.returncode == 0, result.stderr
        digest = tree_digest(out)
        digest.pop("build-times.json")  # wall-clock timings, kept out of build.json on purpose
        digests.append(digest)
    assert digests[0] == digests[1]
    assert any(name.endswith(".pdf") for name in digests[0])
    assert "deck.pptx" in digests[0] and any(name.startswith("figures/slides/") for name in digests[0])


def test_rebuild_runs_only_what_changed(tmp_path, data_copy):
    cache = tmp_path / "cache"
    out = tmp_path / "out"
    first = run_build("--data", data_copy, "--out", out, cache=cache)
    assert first.returncode == 0, first.stderr
    assert ran(first) == {s.slug for s in SECTIONS}

    again = run_build("--data", data_copy, "--out", out, cache=cache)
    assert again.returncode == 0 and "is up to date" in again.stderr and not ran(again)

    # a file only some sections read: only those re-run
    readers = {s.slug for s in SECTIONS if "openai_valuations.csv" in s.reads}
    path = data_copy / "openai_valuations.csv"
    path.write_text(path.read_text().replace(",500,usd_bn,", ",510,usd_bn,"))
    changed = run_build("--data", data_copy, "--out", out, cache=cache)
    assert changed.returncode == 0, changed.stderr
    assert ran(changed) == readers
    assert "$510B" in (out / "sections" / "basics.html").read_text()

    # a parameter of one section re-runs that section only
    param = run_build("--data", data_copy, "--out", out, "-p", "basics.horizon=12", cache=cache)
    assert ran(param) == {"basics"}

    forced = run_build("--data", data_copy, "--out", out, "-p", "basics.horizon=12", "--force", cache=cache)
    assert ran(forced) == {s.slug for s in SECTIONS}
    assert not [p for p in out.rglob("*") if p.name.endswith(".tmp")], "temporary files left in the reports"
