"""The build cache (.build/, outside reports/): finished folders are moved in under the hash of
their inputs, so an unchanged section or combined report is copied, not made again."""
from __future__ import annotations

import os
import shutil
from pathlib import Path

from helpers.core.paths import CACHE_DIR

SECTION_CACHE = CACHE_DIR / "sections"
COMBINED_CACHE = CACHE_DIR / "combined"
KEEP_CACHED = 6  # cached builds kept per section


def staging(cache: Path) -> Path:
    """A fresh staging folder beside `cache`, private to this process."""
    tmp = cache.with_name(cache.name + f".tmp-{os.getpid()}")
    shutil.rmtree(tmp, ignore_errors=True)
    return tmp


def store(tmp: Path, cache: Path, complete: bool) -> None:
    """Move a finished folder into the cache. If another build stored the same inputs first, its
    entry is the same bytes and may be being read: keep it and drop ours."""
    cache.parent.mkdir(parents=True, exist_ok=True)
    if cache.exists() and not complete:
        shutil.rmtree(cache, ignore_errors=True)  # left incomplete by a build that was killed
    try:
        os.rename(tmp, cache)
    except OSError:
        shutil.rmtree(tmp, ignore_errors=True)


def prune(cache: Path, keep: int = KEEP_CACHED) -> None:
    """Keep the `keep` newest entries beside `cache`."""
    entries = sorted((p for p in cache.parent.iterdir() if p.is_dir() and ".tmp-" not in p.name),
                     key=lambda p: p.stat().st_mtime, reverse=True)
    for old in entries[keep:]:
        shutil.rmtree(old, ignore_errors=True)
