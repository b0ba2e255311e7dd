"""Tables every section reads: the sources list and the claims ledger."""
from helpers.sections import SLUGS
from helpers.core.schema import DATE_PATTERN, UNITS, Col, RowRule, Table, note_col, source_col

TABLES = (
    Table(
        "sources.csv",
        "Every source cited by the other files.",
        (
            Col("source_id", "str", "short unique id"),
            Col("publisher", "str", "who published it"),
            Col("title", "str", "title of the document or article"),
            Col("date", "str", "publication date, YYYY-MM-DD (or YYYY-MM, YYYY); empty when the page is undated",
                required=False, pattern=DATE_PATTERN),
            Col("url", "str", "link", pattern=r"^https?://\S+$"),
            Col("kind", "str", "primary (filing, company release, official statistic) or secondary (press report)",
                allowed=("primary", "secondary")),
            Col("note", "str", "the figure it supports, with a short quote", required=False),
        ),
        key=("source_id",),
        sourced=False,
    ),
)

VERDICTS = ("holds", "rounded", "misattributed", "overstated", "wrong", "unverifiable")

TABLES += (
    Table(
        "claims.csv",
        "The claims ledger: every number the article states, the best source found and a verdict.",
        (
            Col("claim_id", "str", "stable short id", pattern=r"^[a-z0-9]+(-[a-z0-9]+)*$"),
            Col("section", "str", "section of the report the claim belongs to", allowed=SLUGS),
            Col("claim", "str", "the claim in English, in our words"),
            Col("article_value", "str", "the value as the article states it (a number, a range like 30-40, or words)"),
            Col("unit", "str", "unit code", allowed=UNITS),
            Col("period", "str", "year, span or as-of date the claim refers to"),
            Col("attributed_to", "str", "whom the article attributes it to, or 'none'"),
            Col("source_id", "str", "best public source found (row of sources.csv); empty only when unverifiable",
                required=False),
            Col("source_value", "str", "the value that source gives", required=False),
            Col("verdict", "str", "holds, rounded, misattributed, overstated, wrong or unverifiable", allowed=VERDICTS),
            Col("reason", "str", "one line on why"),
            Col("check", "str", "name of the arithmetic check registered in a section's claims.py (src/helpers/sections/) that recomputes the verdict "
                "from data/, if any", required=False),
        ),
        key=("claim_id",),
        rules=(
            RowRule("source_id", "a source for every verdict except unverifiable",
                    lambda df: df["source_id"].isna() & (df["verdict"] != "unverifiable")),
        ),
    ),
)
