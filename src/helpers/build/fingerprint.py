"""Content hashes of a build's inputs: data files read, notebook, helpers code, lock file, parameters."""
from __future__ import annotations

import hashlib
import json
from pathlib import Path

from helpers.core.paths import HELPERS_DIR, ROOT


def file_digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def code_files() -> list[Path]:
    files = [p for p in HELPERS_DIR.rglob("*") if p.is_file() and "__pycache__" not in p.parts]
    return sorted(files) + [ROOT / "requirements.lock"]


def code_digests() -> dict[str, str]:
    """Repository-relative path -> digest of the helpers code and the lock file (paths, not bare
    names: two sections each have a model.py)."""
    return {path.relative_to(ROOT).as_posix(): file_digest(path) for path in code_files()}


def section_inputs(section, data_dir: Path, values: dict, code: dict[str, str]) -> dict:
    """Name -> digest for everything that determines a section's report (`code`: code_digests())."""
    inputs = {f"data/{name}": file_digest(data_dir / name) for name in sorted(section.reads)}
    inputs[f"notebooks/{section.notebook}"] = file_digest(section.path)
    inputs.update(code)
    inputs["parameters"] = hashlib.sha256(json.dumps(values, sort_keys=True).encode()).hexdigest()
    return inputs


def combine(inputs: dict) -> str:
    return hashlib.sha256(json.dumps(inputs, sort_keys=True).encode()).hexdigest()


def overall(section_digests: dict[str, str]) -> str:
    """The report's input fingerprint: one hash over every section's."""
    return combine(dict(sorted(section_digests.items())))
