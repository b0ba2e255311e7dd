"""Executed notebook -> self-contained HTML page (no scripts, no network). PDFs: helpers.pdfparts."""
from __future__ import annotations

import re
from functools import lru_cache

from markupsafe import Markup

from helpers.core.html import env
from helpers.core.paths import TEMPLATES_DIR

FIGCAPTION = re.compile(r'(<figure class="chart"[^>]*>.*?<figcaption>)', re.S)


@lru_cache(maxsize=1)
def _exporter():
    from nbconvert import HTMLExporter

    exporter = HTMLExporter(template_name="basic")
    exporter.exclude_input = True
    exporter.exclude_input_prompt = True
    exporter.exclude_output_prompt = True
    return exporter


@lru_cache(maxsize=1)
def css() -> str:
    return "\n".join((TEMPLATES_DIR / name).read_text(encoding="utf-8") for name in ("report.css", "page.css"))


def number_figures(body: str, section_number: int) -> str:
    """Prefix each chart caption with 'Figure <section>.<k>.', so that a figure keeps its number
    in the section's own pages and in the combined report."""
    counter = iter(range(1, 10_000))

    def label(match):
        return f'{match.group(1)}<span class="fig-no">Figure {section_number}.{next(counter)}.</span> '

    return FIGCAPTION.sub(label, body)


def notebook_body(nb) -> str:
    """The cells' rendered markdown and outputs, code hidden, as an HTML fragment."""
    body, _ = _exporter().from_notebook_node(nb)
    return body


def page(template: str = "page.html.j2", **context) -> str:
    context = {**context, "css": Markup(css())}
    if "body" in context:
        context["body"] = Markup(context["body"])
    return env().get_template(template).render(**context)
