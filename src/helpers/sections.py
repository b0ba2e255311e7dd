"""The report's sections: slug (used in file names), title, notebook and the data files it reads."""
from dataclasses import dataclass

from helpers.errors import ParameterError
from helpers.paths import NOTEBOOKS_DIR


@dataclass(frozen=True)
class Section:
    slug: str
    title: str
    notebook: str
    reads: tuple[str, ...]

    @property
    def path(self):
        return NOTEBOOKS_DIR / self.notebook


SECTIONS: tuple[Section, ...] = (
    Section(
        slug="basics",
        title="Basics: the unit economics",
        notebook="01-basics.ipynb",
        reads=("sources.csv", "openai_financials.csv", "openai_valuations.csv", "industry_figures.csv",
               "claims.csv", "oracle_financials.csv", "nvidia_customers.csv"),
    ),
)

PLANNED_SLUGS = ("basics", "circular-revenue", "concentration-risk", "bubble-comparison")


def by_slug(slug: str) -> Section:
    for section in SECTIONS:
        if section.slug == slug:
            return section
    if slug in PLANNED_SLUGS:
        raise ParameterError(f"section '{slug}' is not built yet; available: {', '.join(s.slug for s in SECTIONS)}")
    raise ParameterError(f"unknown section '{slug}'; expected one of: {', '.join(s.slug for s in SECTIONS)}")


def select(only: list[str] | None) -> list[Section]:
    if not only:
        return list(SECTIONS)
    return [by_slug(slug) for slug in dict.fromkeys(only)]
