"""Kernels forked from a warm process: real IPython kernels that papermill drives as usual."""
import os
import signal
import sys
import time
import types

import nbformat
import papermill
import pytest

from helpers.build import kernels


def _notebook(path, *cells):
    nb = nbformat.v4.new_notebook()
    nb.cells = [nbformat.v4.new_code_cell(cells[0], metadata={"tags": ["parameters"]})]
    nb.cells += [nbformat.v4.new_code_cell(c) for c in cells[1:]]
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
    nbformat.write(nb, path)
    return path


def _execute(tmp_path, source, target, **kw):
    seed = kernels.Seed(tmp_path / "kernel.log")
    try:
        papermill.execute_notebook(str(source), str(target), kernel_name="python3", progress_bar=False,
                                   cwd=str(tmp_path), kernel_manager_class=kernels.manager_class(str(tmp_path), seed),
                                   **kw)
    finally:
        seed.close()
    return seed


def _gone(pid):
    try:
        os.waitpid(pid, os.WNOHANG)
    except ChildProcessError:
        return True
    return False


def test_papermill_runs_a_notebook_in_a_forked_kernel(tmp_path, monkeypatch):
    monkeypatch.setenv("MARKER", "from-the-build")
    monkeypatch.setitem(sys.modules, "warm_module", types.ModuleType("warm_module"))  # loaded before the fork
    source = _notebook(tmp_path / "nb.ipynb", "n = 1",
                       "import os, sys\nprint(n * 2, os.getcwd(), os.environ['MARKER'], os.getsid(0) == os.getpid(), "
                       "'warm_module' in sys.modules)")
    seed = _execute(tmp_path, source, tmp_path / "out.ipynb", parameters={"n": 21})
    out = nbformat.read(tmp_path / "out.ipynb", as_version=4)
    printed = out.cells[2].outputs[0]["text"].split()
    # parameters injected, working folder and environment as given, own session, modules inherited
    assert printed == ["42", str(tmp_path), "from-the-build", "True", "True"]
    assert seed.process.returncode == 0 and _gone(seed.pid)  # shut down and reaped


def test_a_failing_cell_is_reported_and_the_kernel_is_gone(tmp_path):
    source = _notebook(tmp_path / "nb.ipynb", "x = 1", "raise ValueError('no such year')")
    with pytest.raises(papermill.PapermillExecutionError, match="no such year"):
        seed = kernels.Seed(tmp_path / "kernel.log")
        try:
            papermill.execute_notebook(str(source), str(tmp_path / "out.ipynb"), kernel_name="python3",
                                       progress_bar=False, kernel_manager_class=kernels.manager_class(str(tmp_path), seed))
        finally:
            seed.close()
    assert _gone(seed.pid)


def test_an_unused_seed_exits_when_closed(tmp_path):
    seed = kernels.Seed(tmp_path / "kernel.log")
    seed.close()
    assert _gone(seed.pid) and seed.process.returncode == 0


def test_a_kernel_left_running_is_killed_on_close(tmp_path):
    seed = kernels.Seed(tmp_path / "kernel.log")
    from jupyter_client.connect import write_connection_file

    connection, _ = write_connection_file(str(tmp_path / "conn.json"), transport="ipc", ip=str(tmp_path / "k"))
    seed.launch(["python", "-m", "ipykernel_launcher", "-f", connection], str(tmp_path), dict(os.environ))
    deadline = time.time() + 10
    while not (tmp_path / "k-1").exists() and time.time() < deadline:  # its sockets are up
        time.sleep(0.05)
    seed.close()
    assert _gone(seed.pid) and seed.process.returncode == -signal.SIGKILL


def test_process_wrapper_reports_exit_codes():
    pid = os.fork()
    if pid == 0:
        os._exit(3)
    process = kernels.ForkedProcess(pid)
    assert process.wait(timeout=10) == 3 and process.poll() == 3
    process.kill()  # already gone: nothing happens


def test_kernels_forked_one_after_another_shut_down_when_asked(tmp_path):
    """After the first notebook this process holds an event loop; a kernel forked from it must not
    share that loop's wake-up pipe, or it may never hear the shutdown request (and be killed late)."""
    source = _notebook(tmp_path / "nb.ipynb", "x = 1", "x + 1")
    for n in range(8):
        started = time.monotonic()
        seed = _execute(tmp_path, source, tmp_path / f"out{n}.ipynb")
        assert seed.process.returncode == 0, f"run {n}: kernel ended with {seed.process.returncode}"
        assert time.monotonic() - started < 2.0, f"run {n}: shutdown took {time.monotonic() - started:.1f}s"
