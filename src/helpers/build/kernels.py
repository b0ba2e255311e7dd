"""Kernels for papermill that start warm: forked from a process that has already imported the
analysis libraries, instead of a fresh `python -m ipykernel_launcher`.

A fresh kernel starts an interpreter and IPython, then repeats the imports every notebook makes
(pandas, matplotlib, the helpers); forked from a process that holds them, it skips both (here, a
notebook that only makes those imports ran in 0.55 s against 1.3 s with a spawned kernel). The child is still a real IPython
kernel speaking the Jupyter protocol over its own sockets, in its own session, with the working
folder, environment and connection file jupyter_client gives it, so papermill and nbclient drive
it exactly as they would a spawned one.

The fork happens before papermill starts (`Seed`), when the process runs no event loop, holds no
sockets and runs a single thread; the seed waits on a pipe until the kernel manager asks it to
become the kernel.
"""
from __future__ import annotations

import asyncio
import importlib
import json
import os
import signal
import sys
import time
from pathlib import Path

# What the notebooks import; loaded once by the build before its workers are forked, so every
# kernel forked from them finds these in memory. Each section's own modules are added from the
# registry (helpers.sections).
PRELOAD = ("numpy", "pandas", "matplotlib", "matplotlib.figure", "matplotlib.backends.backend_agg",
           "matplotlib.backends.backend_svg", "seaborn", "networkx", "pandera", "IPython.display",
           "ipykernel.kernelapp", "ipykernel.ipkernel", "helpers.core.present", "helpers.core.data",
           "helpers.core.sources", "helpers.core.claims", "helpers.core.slide")


def preload_names() -> list[str]:
    """PRELOAD and every module of every section's package."""
    import importlib
    import pkgutil

    from helpers.sections import SECTIONS

    names = list(PRELOAD)
    for section in SECTIONS:
        package = importlib.import_module(section.package)
        names += [f"{section.package}.{m.name}" for m in pkgutil.iter_modules(package.__path__)]
    return names


def preload() -> None:
    """Import what every kernel would otherwise import again (call before `Seed`)."""
    os.environ.setdefault("MPLBACKEND", "Agg")
    for name in preload_names():
        importlib.import_module(name)


class ForkedProcess:
    """The subset of subprocess.Popen that jupyter_client's provisioner uses, for a forked child."""

    stdin = stdout = stderr = None

    def __init__(self, pid: int):
        self.pid = pid
        self.returncode: int | None = None

    def poll(self) -> int | None:
        if self.returncode is None:
            try:
                pid, status = os.waitpid(self.pid, os.WNOHANG)
            except ChildProcessError:
                self.returncode = 0
                return self.returncode
            if pid:
                self.returncode = os.waitstatus_to_exitcode(status)
        return self.returncode

    def wait(self, timeout: float | None = None) -> int:
        deadline = None if timeout is None else time.monotonic() + timeout
        while self.poll() is None:
            if deadline is not None and time.monotonic() > deadline:
                raise TimeoutError(f"kernel {self.pid} still running after {timeout}s")
            time.sleep(0.01)
        return self.returncode

    def send_signal(self, signum: int) -> None:
        if self.poll() is None:
            os.kill(self.pid, signum)

    def terminate(self) -> None:
        self.send_signal(signal.SIGTERM)

    def kill(self) -> None:
        self.send_signal(signal.SIGKILL)


class Seed:
    """A child forked now that becomes a kernel when `launch` is called (or exits when `close` is)."""

    def __init__(self, log_path: Path):
        log_path.parent.mkdir(parents=True, exist_ok=True)
        read_end, self._write_end = os.pipe()
        self.pid = os.fork()
        if self.pid == 0:  # the child
            os.close(self._write_end)
            _become_kernel(read_end, str(log_path))  # never returns
        os.close(read_end)
        self.process: ForkedProcess | None = None

    def launch(self, cmd: list[str], cwd: str | None, env: dict) -> ForkedProcess:
        connection_file = cmd[cmd.index("-f") + 1]
        request = json.dumps({"connection_file": connection_file, "cwd": cwd or os.getcwd(),
                              "env": dict(env, JPY_PARENT_PID=str(os.getpid()))}).encode()
        with os.fdopen(self._write_end, "wb") as pipe:
            pipe.write(request)
        self.process = ForkedProcess(self.pid)
        return self.process

    def close(self) -> None:
        """Make sure the child is gone: a seed never launched sees its pipe close and exits; a
        kernel still running (its manager did not get to shut it down) is killed."""
        if self.process is None:
            self.process = ForkedProcess(self.pid)
            try:
                os.close(self._write_end)
            except OSError:
                pass
        elif self.process.poll() is None:
            try:
                os.killpg(self.pid, signal.SIGKILL)
            except OSError:
                self.process.kill()
        self.process.wait()


def manager_class(socket_dir: str, seed: Seed):
    """A jupyter_client kernel manager whose kernel is `seed`. Kernels talk over local sockets (IPC)
    in a private folder, not TCP: nothing listens on the network, and kernels started at the same
    moment by parallel workers cannot collide."""
    from jupyter_client.manager import AsyncKernelManager

    class SeedKernelManager(AsyncKernelManager):
        def __init__(self, **kwargs):
            kwargs.setdefault("transport", "ipc")
            kwargs.setdefault("ip", os.path.join(socket_dir, "kernel"))
            super().__init__(**kwargs)

        async def _async_launch_kernel(self, kernel_cmd, **kw):
            # what jupyter_client's LocalProvisioner.launch_kernel does, with a fork instead of Popen
            provisioner = self.provisioner
            process = seed.launch(kernel_cmd, kw.get("cwd"), kw.get("env") or dict(os.environ))
            provisioner.process, provisioner.pid, provisioner.pgid = process, process.pid, process.pid
            provisioner.cwd = kw.get("cwd")
            self._reconcile_connection_info(provisioner.connection_info)

    return SeedKernelManager


def _become_kernel(read_end: int, log_path: str) -> None:
    # Until launched, only the worker decides: it closes the pipe (exit) or kills the seed. A Ctrl-C
    # at the terminal reaches the worker, which does one or the other.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    code = 1
    try:
        with os.fdopen(read_end, "rb") as pipe:
            raw = pipe.read()
        if not raw:
            os._exit(0)
        request = json.loads(raw)
        log = os.open(log_path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o644)  # the last run's log
        null = os.open(os.devnull, os.O_RDONLY)
        os.dup2(null, 0)
        os.dup2(log, 1)
        os.dup2(log, 2)
        os.setsid()  # like a spawned kernel: its own session, so the terminal's Ctrl-C goes to the build
        signal.signal(signal.SIGINT, signal.default_int_handler)  # as in a fresh interpreter
        os.chdir(request["cwd"])
        os.environ.clear()
        os.environ.update(request["env"])
        # no IPython history: a build leaves nothing in the user's ~/.ipython
        sys.argv = ["ipykernel_launcher", "-f", request["connection_file"], "--HistoryManager.enabled=False"]
        # A fresh event loop: the one this process inherited shares its wake-up pipe with the worker
        # that forked it, which could swallow the kernel's own wake-up and leave it deaf to shutdown.
        asyncio.set_event_loop(asyncio.new_event_loop())
        from ipykernel.kernelapp import IPKernelApp

        app = IPKernelApp.instance()
        app.initialize(sys.argv[1:])
        app.start()
        code = 0
    except BaseException:  # noqa: BLE001 - the kernel's log is the only place left to say it
        import traceback

        traceback.print_exc()
    finally:
        os._exit(code)
