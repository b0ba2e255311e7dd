"""The report's sections: slug (used in file names), title, notebook; the data files each reads
are those whose declaration in helpers/tables names the section (or every section)."""
from dataclasses import dataclass

from helpers.errors import ParameterError
from helpers.paths import NOTEBOOKS_DIR


@dataclass(frozen=True)
class Section:
    slug: str
    title: str
    notebook: str

    @property
    def number(self) -> int:
        """The section's place in the report (figures are numbered "Figure <number>.<k>")."""
        return PLANNED_SLUGS.index(self.slug) + 1

    @property
    def short(self) -> str:
        return self.title.split(":")[0]

    @property
    def path(self):
        return NOTEBOOKS_DIR / self.notebook

    @property
    def reads(self) -> tuple[str, ...]:
        from helpers.tables import TABLES

        return tuple(sorted(name for name, t in TABLES.items() if not t.sections or self.slug in t.sections))


ALL_SECTIONS: tuple[Section, ...] = (
    Section("basics", "Basics: the unit economics", "01-basics.ipynb"),
    Section("circular-revenue", "Circular revenue: the same dollar, booked several times", "02-circular-revenue.ipynb"),
    Section("concentration-risk", "Concentration risk: an index riding on seven companies", "03-concentration-risk.ipynb"),
    Section("bubble-comparison", "Bubble comparison: railways, fiber, dot-com and AI", "04-bubble-comparison.ipynb"),
)
# A section is part of the report once its notebook exists.
SECTIONS: tuple[Section, ...] = tuple(s for s in ALL_SECTIONS if s.path.exists())
PLANNED_SLUGS = tuple(s.slug for s in ALL_SECTIONS)


def by_slug(slug: str) -> Section:
    for section in SECTIONS:
        if section.slug == slug:
            return section
    if slug in PLANNED_SLUGS:
        raise ParameterError(f"section '{slug}' has no notebook yet; available: {', '.join(s.slug for s in SECTIONS)}")
    raise ParameterError(f"unknown section '{slug}'; expected one of: {', '.join(s.slug for s in SECTIONS)}")


def select(only: list[str] | None) -> list[Section]:
    if not only:
        return list(SECTIONS)
    return [by_slug(slug) for slug in dict.fromkeys(only)]
