"""What a section's jobs write, and so what the combined report and the published tree read: one
declared layout of a section's folder (in the cache, or its staging copy during a build).

    entry.json        figures (name, title, alt, deck) and findings the notebook registered
    body.html         the rendered cells, figures numbered, appendix outputs left out: what the
                      combined report embeds
    appendix.json     the outputs set in the appendix, as HTML by kind (claims, data)
    section.html      the section's own page (body, then its appendix and build details)
    main.html         the body alone as a page: the PDF part the combined report reuses
    appendix.html     the appendix and build details as a page: the rest of the section's own PDF
    executed.ipynb    the executed notebook, normalized
    figures/          every chart as <name>.svg and <name>.png; a deck chart also drawn for its
                      slide (figures/deck/<name>.svg|png) and at 1920 × 1080 px for a
                      presenter's own slides (figures/slides/<name>.svg|png, published)
    section-base.pdf  main.html's pages without page numbers (the combined PDF's part)
    section.pdf       main.html's and appendix.html's pages, numbered: the section's own PDF
    part.json         the part's page count and the page of every link target

and where each lands in the published reports/ (`PUBLISHED`).
"""
from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

# written by the notebook job (helpers.build.execute.run_section)
RUN_FILES = ("entry.json", "body.html", "appendix.json", "section.html", "main.html", "appendix.html",
             "executed.ipynb")
# written by the PDF job (helpers.build.execute.section_pdf)
PDF_FILES = ("section-base.pdf", "section.pdf", "part.json")
FIGURE_FORMATS = ("svg", "png")
SLIDE_KINDS = ("deck", "slides")
# where a deck chart's presenter copy is published, under reports/figures/
SLIDES_FOLDER = "slides"


@dataclass(frozen=True)
class SectionFolder:
    path: Path

    def __truediv__(self, name: str) -> Path:
        if name not in RUN_FILES + PDF_FILES:
            raise KeyError(f"{name} is not part of a section's folder (see helpers.build.outputs)")
        return self.path / name

    @property
    def figures(self) -> Path:
        return self.path / "figures"

    def figure(self, name: str, fmt: str) -> Path:
        return self.figures / f"{name}.{fmt}"

    def slide_figure(self, kind: str, name: str, fmt: str) -> Path:
        """A deck chart drawn for the slide: kind "deck" (the deck's own) or "slides" (1920 × 1080)."""
        if kind not in SLIDE_KINDS:
            raise KeyError(f"{kind} is not a kind of slide figure (one of {', '.join(SLIDE_KINDS)})")
        return self.figures / kind / f"{name}.{fmt}"

    @property
    def complete(self) -> bool:
        return all((self.path / name).is_file() for name in RUN_FILES + PDF_FILES)

    def entry(self) -> dict:
        return json.loads((self / "entry.json").read_text(encoding="utf-8"))

    def part(self) -> dict | None:
        path = self / "part.json"
        return json.loads(path.read_text(encoding="utf-8")) if path.is_file() else None

    def appendix(self) -> dict[str, str]:
        return json.loads((self / "appendix.json").read_text(encoding="utf-8"))


def published(slug: str) -> dict[str, str]:
    """Folder file -> its path under reports/ for one section (figures are published by name)."""
    return {"section.html": f"sections/{slug}.html", "section.pdf": f"sections/{slug}.pdf",
            "executed.ipynb": f"executed/{slug}.ipynb"}


# The combined report's files, made once every section is built (helpers.report), and published as is.
COMBINED_FILES = ("ai-bubble-report.html", "ai-bubble-report.pdf", "deck.pdf", "deck.pptx")
