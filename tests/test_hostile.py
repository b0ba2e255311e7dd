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

from bad_inputs import CASES
from conftest import CACHE, ROOT, run_build, tree_digest

FIN = "openai_financials.csv"
pytestmark = pytest.mark.slow


@pytest.fixture
def previous(tmp_path, built):
    out = tmp_path / "published"
    shutil.copytree(built, out)
    return out


@pytest.mark.parametrize("case", list(CASES))
def test_bad_input_is_refused_cleanly(case, tmp_path, data_copy, previous):
    prepare, args, pattern = CASES[case].prepare, CASES[case].args, CASES[case].pattern
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
    if CASES[case].stage == "notebook":  # the failed notebook is kept for the reader to open
        assert (CACHE / "failed" / "basics.ipynb").is_file()


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
    try:
        _wait_for(proc, stage)
        if stage == "running":  # wait for a kernel (a loaded machine can take seconds to start one)
            deadline, kernels = time.time() + 30, []
            while not kernels and time.time() < deadline:
                time.sleep(0.2)
                kernels = [p for p in _left_behind(str(CACHE)) if p.pid != proc.pid and os.getsid(p.pid) == p.pid]
            assert kernels, "no kernel running yet: the check below would prove nothing"
        else:
            time.sleep(0.3)
    except BaseException:
        os.killpg(proc.pid, signal.SIGKILL)  # never leave a build running behind a failed test
        proc.wait()
        raise
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
