"""The combined report's and the deck's content: HTML for the summary, the sections inside one page,
the claim audit, the sources, the contents and the slides.

Both are assembled from the sections' cached, already-rendered bodies and the findings and
figures each notebook registered, so nothing is executed twice. The combined PDF is put together
from parts (helpers.pdfparts): a front part (title, contents, summary), each section's own pages
as its PDF already has them, and a back part (claim audit, sources), so no section is laid out twice.
"""
from __future__ import annotations

import html
import re

from helpers.build import render
from helpers.core.html import fragment, trusted

ID_ATTR = re.compile(r'\bid="([^"]+)"')
HREF_ANCHOR = re.compile(r'href="#([^"]+)"')
H2 = re.compile(r'<h2 id="([^"]+)"[^>]*>(.*?)</h2>', re.S)
TAGS = re.compile(r"<[^>]+>")


def prefix_ids(body: str, slug: str) -> str:
    """Make heading and figure ids unique across sections (every section has 'The article's figures').
    Links to a source (#source-<id>) point at the one Sources appendix and keep their target."""
    body = ID_ATTR.sub(lambda m: f'id="{m.group(1)}"' if is_global(m.group(1)) else f'id="{slug}--{m.group(1)}"', body)
    return HREF_ANCHOR.sub(lambda m: f'href="#{m.group(1)}"' if is_global(m.group(1)) else f'href="#{slug}--{m.group(1)}"',
                           body)


def is_global(anchor: str) -> bool:
    """An anchor shared by the whole report (a source's row), not one section's."""
    return anchor.startswith(GLOBAL_ANCHOR)


GLOBAL_ANCHOR = "source-"


def headings(body: str) -> list[tuple[str, str]]:
    return [(anchor, html.unescape(TAGS.sub("", text)).replace("¶", "").strip()) for anchor, text in H2.findall(body)]


def summary_html(sections: list[dict], ledger, sources, context: dict) -> str:
    """The report's first page: the question, the answer in three computed sentences, the scorecard
    (claims by verdict and a year on, the five figures that matter most, what would change the answer)."""
    from helpers.core import claims
    from helpers.report import answer

    return fragment(
        "summary", answer=answer.answer(sections), key_figures=answer.key_figures(sections),
        conditions=answer.conditions(sections), audit_sentence=claims.summary_sentence(ledger),
        badges=trusted(claims.badges_html(ledger)), year_on_sentence=claims.year_on_sentence(ledger),
        cutoff=context.get("cutoff"), article=context.get("article"))


def sources_html(sources, every: bool = True) -> str:
    """Every source as a short paragraph (a list lays out far faster than a 300-row table)."""
    rows = [dict(row._asdict(), date=row.date if isinstance(row.date, str) else "undated",
                 url=row.url if isinstance(row.url, str) else None,
                 read_at=row.read_at if isinstance(row.read_at, str) else None)
            for row in sources.sort_values(["publisher", "date", "source_id"], key=lambda c: c.str.lower()).itertuples()]
    return fragment("sources", sources=rows, every=every)


AUDIT_INTRO = ("Verdicts marked “recomputed by the build” are recalculated from the data each time the report is "
               "built; the others are judgements explained in their reason.")

# The appendices, in order: (anchor, title). The report's argument ends where they begin.
APPENDICES = (("claim-audit", "Appendix A. The claim audit"), ("data", "Appendix B. The data"),
              ("sources", "Appendix C. Sources"), ("reproducibility", "Appendix D. How this report was built"))


def data_appendix(sections: list[dict]) -> str:
    """Every section's data tables, under the section's title (ids prefixed with its slug)."""
    return "".join(fragment("data_appendix", slug=s["slug"], title=s["title"],
                            tables=trusted(prefix_ids(s["appendix"]["data"], s["slug"])))
                   for s in sections if s["appendix"]["data"])


def back_html(ledger, sources, sections: list[dict], context: dict) -> str:
    """The appendices that close the report: claim audit, data, sources, how it was built."""
    from helpers.core import claims

    audit = claims.table_html(ledger, sources, caption="Every numeric claim in the article, by section", group=True)
    return fragment("back", titles=dict(APPENDICES), audit_sentence=claims.summary_sentence(ledger),
                    intro=AUDIT_INTRO, audit=trusted(audit), data=trusted(data_appendix(sections)),
                    year_on=trusted(fragment("year_on", year_on=claims.year_on(ledger, sources),
                                             year_on_sentence=claims.year_on_sentence(ledger),
                                             cutoff=context.get("cutoff"))),
                    sources=trusted(sources_html(sources)),
                    build_info=trusted(fragment("build_info", **context)))


def section_html(section: dict, prev: dict | None = None, next: dict | None = None) -> tuple[str, list[tuple[str, str]]]:
    """A section's body inside the combined page (ids prefixed with its slug), and its headings;
    `prev` and `next` ({anchor, title}) are the neighbours its pager links to."""
    body = prefix_ids(section["body"], section["slug"])
    return (fragment("section", slug=section["slug"], title=section["title"], body=trusted(body), prev=prev, next=next),
            headings(body))


def neighbours(sections: list[dict]) -> list[tuple[dict, dict]]:
    """(previous, next) for each section, in the combined page: the answer before the first, the
    appendices after the last."""
    stops = ([{"anchor": "summary", "title": "The answer"}]
             + [{"anchor": s["slug"], "title": s["title"].split(":")[0]} for s in sections]
             + [{"anchor": APPENDICES[0][0], "title": "Appendices"}])
    return [(stops[i], stops[i + 2]) for i in range(len(sections))]


def contents(sections: list[dict]) -> list[dict]:
    """The table of contents: (anchor, title, sub-entries) from the summary to the sources."""
    entries = [{"anchor": "summary", "title": "The answer", "subs": []}]
    for s in sections:
        _, subs = section_html(s)
        entries.append({"anchor": s["slug"], "title": s["title"],
                        "subs": [{"anchor": a, "title": t, "subs": []} for a, t in subs]})
    entries += [{"anchor": anchor, "title": title, "subs": []} for anchor, title in APPENDICES]
    return entries


REPORT_TITLE = "Does the math of the AI boom add up?"
REPORT_SUBTITLE = "A reproducible test, with sourced numbers, of the argument that the AI boom is a bubble."


def combined_page(sections: list[dict], ledger, sources, context: dict) -> str:
    """The whole report as one HTML page. sections: dicts with slug, title, short, body (the
    rendered, numbered fragment), findings, parameters."""
    parameters = {s["slug"]: s["parameters"] for s in sections}
    parts = [section_html(s, prev, nxt)[0] for s, (prev, nxt) in zip(sections, neighbours(sections))]
    body = (summary_html(sections, ledger, sources, context) + "".join(parts)
            + back_html(ledger, sources, sections, dict(context, parameters=parameters)))
    return render.page("combined.html.j2", title=REPORT_TITLE, subtitle=REPORT_SUBTITLE, body=body,
                       toc=contents(sections), crumbs="index.html", footer=False, parameters=parameters, **context)


def front_page(sections: list[dict], ledger, sources, context: dict, pages: dict[str, int]) -> str:
    """The combined PDF's first part: title, contents with the page of every entry, summary.
    `pages` maps each contents anchor to its page in the whole PDF."""
    toc = contents(sections)
    anchors = [e["anchor"] for e in toc] + [s["anchor"] for e in toc for s in e["subs"]]
    summary = summary_html(sections, ledger, sources, context)
    targets = [a for a in anchors if a != "summary"]  # targets in later parts: see pdfparts.assemble
    targets += [f"source-{i}" for i in render.source_links(summary)]
    return render.page("combined.html.j2", title=REPORT_TITLE, subtitle=REPORT_SUBTITLE,
                       body=summary, toc=toc, pages=pages, link_targets=targets,
                       crumbs=None, footer=False, parameters={}, **context)


def back_page(ledger, sources, sections: list[dict], context: dict) -> str:
    """The combined PDF's last part: the appendices."""
    parameters = {s["slug"]: s["parameters"] for s in sections}
    return render.page(title=REPORT_TITLE, body=back_html(ledger, sources, sections, dict(context, parameters=parameters)),
                       header=False, crumbs=None, footer=False, parameters=parameters, **context)


def page_numbers(sections: list[dict], back: dict, front_pages: int, summary_page: int) -> dict[str, int]:
    """The page, in the whole PDF, of every contents entry: front part, then the sections' own
    pages in order, then the back part."""
    pages = {"summary": summary_page}
    offset = front_pages
    for s in sections:
        pages[s["slug"]] = offset + 1
        for anchor, page in s["part"]["anchors"].items():
            pages[f"{s['slug']}--{anchor}"] = offset + page + 1
        offset += s["part"]["pages"]
    for anchor, _ in APPENDICES:
        pages[anchor] = offset + back["anchors"][anchor] + 1
    return pages
