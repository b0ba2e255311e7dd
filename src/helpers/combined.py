"""The combined report (summary, sections, claim audit, sources) and the meeting deck.

Both are assembled from the sections' cached, already-rendered bodies and the findings and
figures each notebook registered, so nothing is executed twice.
"""
from __future__ import annotations

import base64
import html
import json
import re
from pathlib import Path

from helpers import render

ID_ATTR = re.compile(r'\bid="([^"]+)"')
HREF_ANCHOR = re.compile(r'href="#([^"]+)"')
H2 = re.compile(r'<h2 id="([^"]+)"[^>]*>(.*?)</h2>', re.S)
TAGS = re.compile(r"<[^>]+>")


def prefix_ids(body: str, slug: str) -> str:
    """Make heading and figure ids unique across sections (every section has 'The article's figures')."""
    body = ID_ATTR.sub(lambda m: f'id="{slug}--{m.group(1)}"', body)
    return HREF_ANCHOR.sub(lambda m: f'href="#{slug}--{m.group(1)}"', body)


def headings(body: str) -> list[tuple[str, str]]:
    return [(anchor, html.unescape(TAGS.sub("", text)).replace("¶", "").strip()) for anchor, text in H2.findall(body)]


def key_figures(sections: list[dict]) -> list[dict]:
    return [dict(f, section=s["title"]) for s in sections for f in s["findings"] if f.get("label") and f.get("shown")]


def summary_html(sections: list[dict], ledger, sources) -> str:
    from helpers import claims

    esc = html.escape
    parts = ['<section class="summary" id="summary"><h2 id="summary-findings">Summary</h2>',
             "<p>What the numbers say about the article's argument, section by section. Every figure below is "
             "computed by the notebooks from <code>data/</code> under the parameters listed at the end.</p><ul class='summary-findings'>"]
    for s in sections:
        sentences = [f["sentence"] for f in s["findings"] if f["kind"] == "finding"]
        if sentences:
            parts.append(f"<li><strong>{esc(s['short'])}.</strong> {' '.join(esc(x) for x in sentences)}</li>")
    parts.append("</ul>")
    rows = "".join(f"<tr><td class='txt'>{esc(f['section'].split(':')[0])}</td><td class='txt'>{esc(f['label'])}</td>"
                   f"<td class='num'>{esc(f['shown'])}</td></tr>" for f in key_figures(sections))
    parts.append(f"<table class='report-table key-figures'><caption>Key figures</caption><thead><tr><th>Section</th>"
                 f"<th>Figure</th><th>Value</th></tr></thead><tbody>{rows}</tbody></table>")
    tally = claims.counts(ledger)
    badges = " ".join(f'<span class="verdict verdict-{v}">{n} {v}</span>' for v, n in tally.items() if n)
    parts.append(f"<h3 id='summary-audit'>The claim audit</h3><p>{esc(claims.summary_sentence(ledger))}</p>"
                 f"<p>{badges}</p><p>The full audit, claim by claim, closes this report.</p>")
    conditions = [(s["short"], f["sentence"]) for s in sections for f in s["findings"] if f["kind"] == "condition"]
    if conditions:
        parts.append("<h3 id='summary-conditions'>What would change the conclusion</h3><ul>")
        parts.extend(f"<li><strong>{esc(short)}.</strong> {esc(sentence)}</li>" for short, sentence in conditions)
        parts.append("</ul>")
    parts.append("</section>")
    return "".join(parts)


def sources_html(sources) -> str:
    """Every source as a short paragraph (a list lays out far faster than a 300-row table)."""
    esc = html.escape
    items = []
    for row in sources.itertuples():
        date = row.date if isinstance(row.date, str) else "undated"
        items.append(f"<li><span class='claim-id'>{esc(row.source_id)}</span> {esc(row.publisher)}: "
                     f"<em>{esc(row.title)}</em> ({esc(date)}, {esc(row.kind)}). "
                     f"<a class='url' href=\"{esc(row.url)}\">{esc(row.url)}</a></li>")
    return f"<p>Every source in data/sources.csv ({len(items)}).</p><ul class='sources-list'>{''.join(items)}</ul>"


def combined_page(sections: list[dict], ledger, sources, context: dict) -> str:
    """sections: dicts with slug, title, short, body (rendered fragment), findings, parameters."""
    from helpers import claims

    parts, toc, number = [], [], 1
    for s in sections:
        body = prefix_ids(s["body"], s["slug"])
        body, number = render.number_figures(body, number)
        toc.append((s["slug"], s["title"], headings(body)))
        parts.append(f'<section class="report-section" id="{s["slug"]}"><h1 class="section-title">'
                     f'{html.escape(s["title"])}</h1>{body}</section>')
    audit = claims.table_html(ledger, sources, caption="Every numeric claim in the article, by section", group=True)
    body = (summary_html(sections, ledger, sources) + "".join(parts)
            + f'<section class="report-section" id="claim-audit"><h1 class="section-title">The claim audit</h1>'
              f"<p>{html.escape(claims.summary_sentence(ledger))} Verdicts marked “recomputed from data/” are "
              f"recalculated by the build; the others are judgements explained in their reason.</p>{audit}</section>"
            + f'<section class="report-section" id="sources"><h1 class="section-title">Sources</h1>{sources_html(sources)}</section>')
    return render.page("combined.html.j2", title="Does the math of the AI boom add up?",
                       subtitle="A reproducible test, with sourced numbers, of the argument that the AI boom is a bubble.",
                       body=body, toc=toc, crumbs="index.html",
                       parameters={s["slug"]: s["parameters"] for s in sections}, **context)


def deck_page(slides: list[dict], ledger, context: dict) -> str:
    """One finding per 16:9 slide: its chart (whose title states the finding and whose foot
    carries the source line) under the finding as the slide title."""
    from helpers import claims

    return render.page("deck.html.j2", title="Does the math of the AI boom add up?", slides=slides,
                       audit=claims.summary_sentence(ledger), counts=claims.counts(ledger), **context)


def slide(figure: dict, svg: str, section_title: str) -> dict:
    return {"title": figure["title"], "alt": figure["alt"], "section": section_title,
            "src": "data:image/svg+xml;base64," + base64.b64encode(svg.encode()).decode()}


def load_section(cache: Path) -> dict:
    entry = json.loads((cache / "entry.json").read_text(encoding="utf-8"))
    return {**entry, "body": (cache / "body.html").read_text(encoding="utf-8")}
