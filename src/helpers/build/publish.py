"""Build into a staging copy of the output folder, then swap it in; one build per folder at a time."""
from __future__ import annotations

import errno
import fcntl
import hashlib
import os
import shutil
from contextlib import contextmanager
from pathlib import Path

from helpers.core.errors import BuildError
from helpers.core.paths import CACHE_DIR


@contextmanager
def locked(out: Path):
    """Refuse a second build into the same output folder while one is running."""
    key = hashlib.sha256(str(out.resolve()).encode()).hexdigest()[:16]
    lock_dir = CACHE_DIR / "locks"
    lock_dir.mkdir(parents=True, exist_ok=True)
    handle = open(lock_dir / f"{key}.lock", "a+")
    try:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError as exc:
            if exc.errno in (errno.EAGAIN, errno.EACCES):
                handle.seek(0)
                holder = handle.read().strip() or "another process"
                raise BuildError(f"another build is writing to {out} (pid {holder}); wait for it to finish") from None
            raise
        handle.seek(0)
        handle.truncate()
        handle.write(str(os.getpid()))
        handle.flush()
        yield
    finally:
        handle.close()


def ensure_writable(out: Path) -> None:
    """Fail before any work if the output folder cannot be created or written."""
    out = out.resolve()
    try:
        out.parent.mkdir(parents=True, exist_ok=True)
        probe = out.parent / f".{out.name}.probe-{os.getpid()}"
        probe.write_bytes(b"")
        probe.unlink()
    except OSError as exc:
        raise BuildError(f"cannot write to {_nearest(out.parent)}: {exc.strerror}") from None
    if out.exists() and not out.is_dir():
        raise BuildError(f"cannot write to {out}: it is a file, not a folder")


def _nearest(path: Path) -> Path:
    """The deepest existing part of `path` (what the user must fix)."""
    while not path.exists() and path != path.parent:
        path = path.parent
    return path


def remove_stale_staging(out: Path) -> None:
    """Staging folders left by a build that was killed outright (its process is gone)."""
    out = out.resolve()
    for stale in out.parent.glob(f".{out.name}.staging-*"):
        pid = stale.name.rsplit("-", 1)[-1]
        if pid.isdigit() and not _alive(int(pid)):
            shutil.rmtree(stale, ignore_errors=True)


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


@contextmanager
def staged(out: Path):
    """Yield a staging folder holding a copy of `out`; on success it replaces `out` whole."""
    out = out.resolve()
    try:
        out.parent.mkdir(parents=True, exist_ok=True)
        staging = out.parent / f".{out.name}.staging-{os.getpid()}"
        if staging.exists():
            shutil.rmtree(staging)
        if out.exists():
            shutil.copytree(out, staging, copy_function=_link_or_copy)
        else:
            staging.mkdir()
    except OSError as exc:
        raise BuildError(f"cannot write to {out.parent}: {exc.strerror}") from None
    try:
        yield staging
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    old = out.parent / f".{out.name}.old-{os.getpid()}"
    try:
        if out.exists():
            os.rename(out, old)
        os.rename(staging, out)
    except OSError as exc:
        if old.exists() and not out.exists():
            os.rename(old, out)
        shutil.rmtree(staging, ignore_errors=True)
        raise BuildError(f"cannot replace {out}: {exc.strerror}") from None
    shutil.rmtree(old, ignore_errors=True)


def _link_or_copy(src, dst):
    """Hard-link unchanged files into staging (cheap); writers replace, never modify, them."""
    try:
        os.link(src, dst)
    except OSError:
        shutil.copy2(src, dst)


def write_bytes(path: Path, data: bytes) -> None:
    """Replace `path` (never write through a hard link shared with the published tree)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(path.name + ".tmp")
    tmp.write_bytes(data)
    os.replace(tmp, path)


def copy_in(src: Path, dest: Path) -> None:
    """Put a cached file into the staging tree (hard link when possible; both are immutable)."""
    dest.parent.mkdir(parents=True, exist_ok=True)
    if dest.exists() and os.path.samefile(src, dest):
        return  # already this very file (rename between two links of one file would do nothing)
    tmp = dest.with_name(dest.name + ".tmp")
    tmp.unlink(missing_ok=True)
    _link_or_copy(src, tmp)
    os.replace(tmp, dest)


def write_text(path: Path, text: str) -> None:
    write_bytes(path, text.encode("utf-8"))
