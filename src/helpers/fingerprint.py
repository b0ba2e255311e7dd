"""Content hashes of a build's inputs: data files read, notebook, helpers code, lock file, parameters."""
from __future__ import annotations

import hashlib
import json
from pathlib import Path

from helpers.paths import HELPERS_DIR, ROOT


def file_digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def code_files() -> list[Path]:
    files = [p for p in HELPERS_DIR.rglob("*") if p.is_file() and "__pycache__" not in p.parts]
    return sorted(files) + [ROOT / "requirements.lock"]


def section_inputs(section, data_dir: Path, values: dict) -> dict:
    """Name -> digest for everything that determines a section's report."""
    inputs = {f"data/{name}": file_digest(data_dir / name) for name in sorted(section.reads)}
    inputs[f"notebooks/{section.notebook}"] = file_digest(section.path)
    for path in code_files():
        inputs[path.relative_to(ROOT).as_posix()] = file_digest(path)
    inputs["parameters"] = hashlib.sha256(json.dumps(values, sort_keys=True).encode()).hexdigest()
    return inputs


def combine(inputs: dict) -> str:
    return hashlib.sha256(json.dumps(inputs, sort_keys=True).encode()).hexdigest()
