"""Planning a build: check the data and parameters, and key each section by the hash of
everything that determines its outputs (its data files, notebook, the helpers code, the lock file,
its parameters, and the labels printed in its footer)."""
from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from helpers.build import fingerprint
from helpers.build.cache import SECTION_CACHE
from helpers.build.outputs import SectionFolder
from helpers.core import params
from helpers.core.errors import DataError
from helpers.core.paths import CACHE_DIR, DEFAULT_DATA_DIR, DEFAULT_REPORTS_DIR, label
from helpers.sections import Section, select


@dataclass
class Options:
    data: Path | None = None
    scenario: Path | None = None
    pairs: list[str] = field(default_factory=list)
    out: Path | None = None
    only: list[str] | None = None
    force: bool = False
    jobs: int | None = None


def default_out(options: Options) -> Path:
    if options.out:
        return Path(options.out)
    if options.scenario:
        return DEFAULT_REPORTS_DIR / "scenarios" / Path(options.scenario).stem
    return DEFAULT_REPORTS_DIR


def validate_data(data_dir: Path, names: list[str], code: dict[str, str]) -> None:
    """Check the data files against their schemas; remembered by content hash, so an unchanged
    folder is not re-read (and pandas is not imported) on a rebuild."""
    digests = {}
    for name in names:
        path = data_dir / name
        digests[name] = fingerprint.file_digest(path) if path.is_file() else "missing"
    marker = CACHE_DIR / "validated" / fingerprint.combine({"data": digests, "code": code})
    if marker.exists():
        return
    from helpers.core import data

    data.check_folder(data_dir, names)
    marker.parent.mkdir(parents=True, exist_ok=True)
    marker.touch()


@dataclass
class Planned:
    section: Section
    values: dict
    inputs: dict
    digest: str
    cache: Path
    tmp: Path | None = None  # its staging folder while this build runs it

    @property
    def cached(self) -> bool:
        return SectionFolder(self.cache).complete

    @property
    def folder(self) -> Path:
        """Where the section's outputs are now: its staging folder during a build, else the cache."""
        return self.tmp if self.tmp is not None and self.tmp.exists() else self.cache


def plan(options: Options) -> tuple[list[Planned], dict]:
    """The sections to build, each with its parameters and cache key, and the build's context
    (data folder, scenario, code digests)."""
    sections = select(options.only)
    data_dir = Path(options.data or DEFAULT_DATA_DIR).resolve()
    if not data_dir.is_dir():
        raise DataError(f"{options.data or 'data'}: data folder not found")
    values = params.resolve(sections, Path(options.scenario) if options.scenario else None, options.pairs)
    code = fingerprint.code_digests()
    validate_data(data_dir, sorted({name for s in sections for name in s.reads}), code)
    from helpers.core.cutoff import data_cutoff

    context = {"data_label": label(data_dir),
               "scenario": label(Path(options.scenario)) if options.scenario else None, "code": code,
               "cutoff": data_cutoff(data_dir)}
    planned = []
    for section in sections:
        inputs = fingerprint.section_inputs(section, data_dir, values[section.slug], code)
        inputs["footer"] = footer_digest(context)
        digest = fingerprint.combine(inputs)
        planned.append(Planned(section, values[section.slug], inputs, digest, SECTION_CACHE / section.slug / digest))
    return planned, {**context, "data_dir": data_dir}


PAGE_LABELS = ("data_label", "scenario", "cutoff")  # what every page prints about its build


def footer_digest(context: dict) -> str:
    """The labels every page prints (data folder, scenario, data cut-off)."""
    return fingerprint.combine({k: context[k] for k in PAGE_LABELS})


def page_context(context: dict) -> dict:
    return {k: context[k] for k in PAGE_LABELS}
