"""The report's sections: the one list of them.

Each section is a package here, named after its slug (`circular-revenue` -> `circular_revenue/`),
that holds everything the section owns:

    tables.py    the data files it reads (declarations checked by the build)
    model.py     its model: pure, tested functions on numbers and DataFrames
    figures.py   what its notebook shows: charts, tables and findings
    claims.py    the arithmetic checks behind its claims' verdicts (if any)
    live.py      its key assumptions as sliders in the page (helpers.core.live; optional)

and its story is `notebooks/<notebook>`. Everything that needs the sections (the build, the
parameters, the claims ledger, the combined report) reads `SECTIONS` below.
"""
from __future__ import annotations

import importlib
from dataclasses import dataclass

from helpers.core.errors import ParameterError
from helpers.core.paths import NOTEBOOKS_DIR


@dataclass(frozen=True)
class Section:
    slug: str
    title: str
    notebook: str

    @property
    def package(self) -> str:
        """The Python package holding the section's code: helpers.sections.<slug with underscores>."""
        return f"{__name__}.{self.slug.replace('-', '_')}"

    @property
    def number(self) -> int:
        """The section's place in the report (figures are numbered "Figure <number>.<k>")."""
        return SLUGS.index(self.slug) + 1

    @property
    def short(self) -> str:
        return self.title.split(":")[0]

    @property
    def path(self):
        return NOTEBOOKS_DIR / self.notebook

    @property
    def tables(self) -> tuple[str, ...]:
        """The data files this section declares (its tables.py)."""
        return tuple(t.name for t in importlib.import_module(f"{self.package}.tables").TABLES)

    @property
    def reads(self) -> tuple[str, ...]:
        """Every data file the section may read: its own and those every section reads."""
        return tuple(sorted({*self.tables, *SHARED_FILES}))


ALL_SECTIONS: tuple[Section, ...] = (
    Section("basics", "Basics: the unit economics", "01-basics.ipynb"),
    Section("circular-revenue", "Circular revenue: the same dollar, booked several times", "02-circular-revenue.ipynb"),
    Section("concentration-risk", "Concentration risk: an index riding on seven companies", "03-concentration-risk.ipynb"),
    Section("bubble-comparison", "Bubble comparison: railways, fiber, dot-com and AI", "04-bubble-comparison.ipynb"),
)
SLUGS = tuple(s.slug for s in ALL_SECTIONS)
# The files every section reads, declared in helpers/core/tables.py (a test checks the two agree).
SHARED_FILES = ("article.csv", "claims.csv", "sources.csv")
# A section is part of the report once its notebook exists.
SECTIONS: tuple[Section, ...] = tuple(s for s in ALL_SECTIONS if s.path.exists())
PLANNED_SLUGS = SLUGS


def by_slug(slug: str) -> Section:
    for section in SECTIONS:
        if section.slug == slug:
            return section
    if slug in SLUGS:
        raise ParameterError(f"section '{slug}' has no notebook yet; available: {', '.join(s.slug for s in SECTIONS)}")
    raise ParameterError(f"unknown section '{slug}'; expected one of: {', '.join(s.slug for s in SECTIONS)}")


def select(only: list[str] | None) -> list[Section]:
    if not only:
        return list(SECTIONS)
    return [by_slug(slug) for slug in dict.fromkeys(only)]
