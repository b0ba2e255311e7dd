"""Executed notebook -> self-contained HTML page (no network; one inline script where a section has live
assumptions). PDFs: helpers.pdfparts."""
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


def number_figures(body: str, section_number: int, start: int = 1) -> str:
    """Prefix each chart caption with 'Figure <section>.<k>.', so that a figure keeps its number
    in the section's own pages and in the combined report (k from `start`: a section's appendix
    continues its body's count)."""
    counter = iter(range(start, 10_000))

    def label(match):
        return f'{match.group(1)}<span class="fig-no">Figure {section_number}.{next(counter)}.</span> '

    return FIGCAPTION.sub(label, body)


APPENDIX_TAG = "appendix"  # a cell tagged so is set, whole, in the section's Data appendix


def _markdown(text: str) -> str:
    from nbconvert.filters.markdown_mistune import markdown2html_mistune

    return markdown2html_mistune(text)


def split_appendix(nb):
    """The notebook without what belongs in an appendix, and that content's HTML by kind ("claims",
    "data"): outputs marked with helpers.core.present.APPENDIX_KEY, and cells tagged "appendix"
    (markdown too). `nb` itself is left whole."""
    import copy

    from helpers.core.present import APPENDIX_KEY

    main = copy.copy(nb)
    main.cells = []
    appendix: dict[str, list[str]] = {"claims": [], "data": []}
    for cell in nb.cells:
        if APPENDIX_TAG in cell.get("metadata", {}).get("tags", ()):  # the whole cell: a method note, say
            if cell.cell_type == "markdown":
                appendix["data"].append(f'<div class="method-note">{_markdown(cell.source)}</div>')
            else:
                appendix["data"].extend(o["data"]["text/html"] for o in cell.get("outputs", ())
                                        if "text/html" in o.get("data", {}))
            continue
        outputs = cell.get("outputs")
        if outputs and any(o.get("metadata", {}).get(APPENDIX_KEY) for o in outputs):
            cell = copy.copy(cell)
            cell.outputs = [o for o in outputs if not o.get("metadata", {}).get(APPENDIX_KEY)]
            for o in outputs:
                if o.get("metadata", {}).get(APPENDIX_KEY):
                    appendix[o["metadata"][APPENDIX_KEY]].append(o["data"]["text/html"])
        main.cells.append(cell)
    return main, {kind: "".join(html) for kind, html in appendix.items()}


def with_assumptions(body: str, box: str) -> str:
    """Set the assumptions box after the section's lead, before its first heading."""
    at = body.find("<h2")
    return body + box if at < 0 else body[:at] + box + body[at:]


def notebook_body(nb) -> str:
    """The cells' rendered markdown and outputs, code hidden, as an HTML fragment."""
    body, _ = _exporter().from_notebook_node(nb)
    return body


def page(template: str = "page.html.j2", **context) -> str:
    """A whole page. A body that carries live assumptions (helpers.core.live) gets the one inline script that
    moves them, allowed by the Content-Security-Policy through its hash; any other page has no script."""
    from helpers.core import live

    context = {**context, "css": Markup(css())}
    if "body" in context:
        context["body"] = Markup(context["body"])
        if f" {live.LIVE_ATTR}=" in context["body"]:
            context["live_script"], context["live_hash"] = Markup(live.script()), Markup(live.script_hash())
    return env().get_template(template).render(**context)


SOURCE_LINK = re.compile(r'href="#source-([^"]+)"')


def source_links(html: str) -> list[str]:
    """The source ids a body links to (#source-<id>), in first-linked order."""
    return list(dict.fromkeys(SOURCE_LINK.findall(html)))


def sources_list(ids: list[str]) -> str:
    """The sources behind a section's linked numbers, as the Sources appendix lists them."""
    from helpers.core import data
    from helpers.report.content import sources_html

    sources = data.load("sources.csv")
    return sources_html(sources[sources["source_id"].isin(ids)], every=False)
