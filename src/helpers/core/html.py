"""HTML from templates: every piece of markup the report writes comes from a Jinja template in
helpers/templates/ (pages) or helpers/templates/fragments/ (figures, findings, tables, the
summary, the claim audit), with every value escaped by Jinja's autoescape."""
from __future__ import annotations

from functools import lru_cache

from jinja2 import Environment, FileSystemLoader, select_autoescape
from markupsafe import Markup

from helpers.core.paths import TEMPLATES_DIR


@lru_cache(maxsize=1)
def env() -> Environment:
    from helpers.core.cutoff import in_words

    environment = Environment(loader=FileSystemLoader(TEMPLATES_DIR), autoescape=select_autoescape(["html", "j2"]),
                              keep_trailing_newline=True)
    environment.filters["date_words"] = in_words
    return environment


def fragment(template: str, **context) -> str:
    """Render templates/fragments/<template>.html.j2 to a string of HTML."""
    return env().get_template(f"fragments/{template}.html.j2").render(**context).strip()


def trusted(markup: str) -> Markup:
    """Markup made by another template (not user data), to embed without escaping it again."""
    return Markup(markup)
