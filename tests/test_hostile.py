"""Hostile input: each bad input ends in one clear line, a non-zero exit, no traceback, and the
previous reports byte-for-byte as they were. Also Ctrl-C, kill and two builds at once."""
import os
import re
import shutil
import signal
import subprocess
import sys
import time

import psutil
import pytest

from conftest import CACHE, ROOT, run_build, tree_digest

FIN = "openai_financials.csv"


def _edit(name, old, new):
    def apply(data):
        path = data / name
        text = path.read_text()
        assert old in text, old
        path.write_text(text.replace(old, new, 1))
    return apply


def _write(name, content: bytes):
    def apply(data):
        (data / name).write_bytes(content)
    return apply


def _scenario(text):
    def apply(data):
        (data / "scenario.yaml").write_text(text)
    return apply


# case: (prepare the data copy, extra CLI args, expected pattern in the one error line)
CASES = {
    "missing data folder": (None, ["--data", "{tmp}/nowhere"], r"nowhere: data folder not found"),
    "missing data file": (lambda d: (d / FIN).unlink(), [], rf"{FIN}: file not found"),
    "missing column": (_edit(FIN, "company,year,", "firm,year,"), [], rf"{FIN}: missing column 'company'"),
    "unknown extra column": (_edit(FIN, ",note\n", ",note,extra\n"), [], rf"{FIN}: unknown column 'extra'"),
    "non-numeric value": (_edit(FIN, ",0.54,usd_bn,", ",n/a,usd_bn,"), [],
                          rf"{FIN}: line 2, column 'value': expected a number, got 'n/a'"),
    "negative value": (_edit(FIN, ",0.54,usd_bn,", ",-0.54,usd_bn,"), [],
                       rf"{FIN}: line 2, column 'value': expected a value of 0 or more"),
    "duplicate key": (lambda d: (d / FIN).write_text((d / FIN).read_text() + (d / FIN).read_text().splitlines()[1] + "\n"),
                      [], rf"{FIN}: line \d+: duplicate row"),
    "empty file": (_write(FIN, b""), [], rf"{FIN}: file is empty"),
    "byte-order mark": (lambda d: (d / FIN).write_bytes(b"\xef\xbb\xbf" + (d / FIN).read_bytes()), [],
                        rf"{FIN}: starts with a byte-order mark"),
    "another encoding": (lambda d: (d / FIN).write_bytes((d / FIN).read_text().replace(
        "OpenAI,2022", "OpenAÏ,2022", 1).encode("latin-1")), [], rf"{FIN}: line 2: not valid UTF-8"),
    "malformed YAML scenario": (_scenario("basics:\n  horizon: [12\n"), ["--scenario", "{data}/scenario.yaml"],
                                r"scenario.yaml: line \d+: not valid YAML"),
    "unknown section in scenario": (_scenario("basix:\n  horizon: 12\n"), ["--scenario", "{data}/scenario.yaml"],
                                    r"unknown section 'basix'"),
    "unknown key in scenario": (_scenario("basics:\n  horizn: 12\n"), ["--scenario", "{data}/scenario.yaml"],
                                r"unknown parameter 'horizn' in section 'basics' \(did you mean 'horizon'\?\)"),
    "unknown parameter": (None, ["-p", "revenue_grwth=0.3"], r"unknown parameter 'revenue_grwth'"),
    "parameter of the wrong type": (None, ["-p", "horizon=ten"], r"parameter 'basics.horizon' .*expected int"),
    "parameter out of range": (None, ["-p", "horizon=0"], r"expected int in 1..40, got 0"),
    "parameter without a value": (None, ["-p", "horizon"], r"expected NAME=VALUE"),
    "unknown section": (None, ["--only", "everything"], r"unknown section 'everything'"),
    "a notebook cell that raises": (lambda d: (d / FIN).write_text("\n".join(
        l for l in (d / FIN).read_text().splitlines() if ",total_expenses," not in l) + "\n"),
        ["--only", "basics"], r"notebooks/01-basics.ipynb: cell \d+ raised ValueError: no year has reported revenue"),
    "output folder that cannot be written": (None, ["--out", "{tmp}/a-file/reports"], r"cannot write to .*a-file"),
}


@pytest.fixture
def previous(tmp_path, built):
    out = tmp_path / "published"
    shutil.copytree(built, out)
    return out


@pytest.mark.parametrize("case", list(CASES))
def test_bad_input_is_refused_cleanly(case, tmp_path, data_copy, previous):
    prepare, args, pattern = CASES[case]
    if prepare:
        prepare(data_copy)
    (tmp_path / "a-file").write_text("not a folder")
    before = tree_digest(previous)
    args = [a.format(tmp=tmp_path, data=data_copy) for a in args]
    if "--out" not in args:
        args += ["--out", str(previous)]
    result = run_build("--data", data_copy, *args)
    lines = result.stderr.strip().splitlines()
    assert result.returncode == 1, result.stderr
    assert "Traceback" not in result.stderr
    assert lines and lines[-1].startswith("error: "), result.stderr
    assert re.search(pattern, lines[-1]), lines[-1]
    assert len([l for l in lines if l.startswith("error")]) == 1
    assert tree_digest(previous) == before
    assert not list(previous.parent.glob(f".{previous.name}.staging-*"))


def test_debug_shows_the_traceback(data_copy, previous):
    (data_copy / FIN).write_text("")
    result = run_build("--data", data_copy, "--out", previous, "--debug")
    assert result.returncode != 0 and "Traceback" in result.stderr


def _start(out, *extra):
    env = dict(os.environ, PYTHONPATH=str(ROOT / "src"), AI_BUBBLE_CACHE=str(CACHE))
    return subprocess.Popen([sys.executable, "-m", "helpers", "build", "--out", str(out), "--force", *extra],
                            cwd=ROOT, env=env, stderr=subprocess.PIPE, text=True, start_new_session=True)


def _wait_for(proc, text, timeout=120):
    seen = []
    deadline = time.time() + timeout
    while time.time() < deadline:
        line = proc.stderr.readline()
        seen.append(line)
        if text in line:
            return seen
        if not line and proc.poll() is not None:
            break
    raise AssertionError(f"never saw {text!r}: {''.join(seen)}")


def _left_behind(cache_marker):
    """Processes of a build (the build, its workers, the kernels forked from them) still alive:
    they all carry the build's environment, with AI_BUBBLE_CACHE set to this test session's cache."""
    found = []
    for proc in psutil.process_iter():
        try:
            if proc.pid != os.getpid() and proc.status() != psutil.STATUS_ZOMBIE and \
                    proc.environ().get("AI_BUBBLE_CACHE") == cache_marker:
                found.append(proc)
        except psutil.Error:
            continue
    return found


@pytest.mark.parametrize("how, stage", [("ctrl-c", "running"), ("kill", "running"),
                                        ("ctrl-c", "rendering the claim audit"), ("kill", "rendering the deck")])
def test_interrupted_build_leaves_reports_and_no_kernels(how, stage, previous):
    """Interrupted while notebooks run (kernels alive) or while PDFs are laid out."""
    before = tree_digest(previous)
    proc = _start(previous)
    _wait_for(proc, stage)
    if stage == "running":
        time.sleep(1.5)  # let the kernel start
        kernels = [p for p in _left_behind(str(CACHE)) if p.pid != proc.pid and os.getsid(p.pid) == p.pid]
        assert kernels, "no kernel running yet: the check below would prove nothing"
    else:
        time.sleep(0.3)
    if how == "ctrl-c":
        os.killpg(proc.pid, signal.SIGINT)  # what the terminal sends to the foreground job
    else:
        proc.send_signal(signal.SIGTERM)
    _, err = proc.communicate(timeout=120)
    assert proc.returncode != 0
    assert "interrupted" in err and "Traceback" not in err and "Exception" not in err, err
    assert tree_digest(previous) == before
    assert not list(previous.parent.glob(f".{previous.name}.staging-*"))
    deadline = time.time() + 15
    while _left_behind(str(CACHE)) and time.time() < deadline:
        time.sleep(0.5)
    assert not _left_behind(str(CACHE)), "kernel or worker processes left behind"
    again = run_build("--out", previous, "--only", "basics")
    assert again.returncode == 0, again.stderr


def test_second_build_into_same_folder_is_refused(previous):
    first = _start(previous)
    try:
        _wait_for(first, "running")
        second = run_build("--out", previous)
        assert second.returncode == 1
        assert re.search(r"^error: another build is writing to .*published.*; wait for it to finish$",
                         second.stderr.strip().splitlines()[-1]), second.stderr
    finally:
        first.communicate(timeout=300)
    assert first.returncode == 0


@pytest.mark.parametrize("value", ["0", "-2", "two"])
def test_jobs_must_be_a_positive_number(value, previous):
    before = tree_digest(previous)
    result = run_build("--out", previous, "-j", value)
    assert result.returncode == 2 and "Traceback" not in result.stderr
    assert f"argument -j/--jobs: expected a whole number of at least 1, got '{value}'" in result.stderr
    assert tree_digest(previous) == before
