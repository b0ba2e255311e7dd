"""Tables every section reads (the sources list, the claims ledger, the article), and the list of
every data file's declaration."""
from functools import lru_cache

from helpers.sections import SLUGS
from helpers.core.schema import DATE_PATTERN, UNITS, Col, RowRule, Table, note_col, source_col

TABLES = (
    Table(
        "sources.csv",
        "Every source cited by the other files.",
        (
            Col("source_id", "str", "short unique id"),
            Col("publisher", "str", "who first published the figure: the company's filing or release, the outlet that "
                "broke the story, the research firm"),
            Col("title", "str", "title of the document or article"),
            Col("date", "str", "the original's publication date, YYYY-MM-DD (or YYYY-MM, YYYY); empty when not known",
                required=False, pattern=DATE_PATTERN),
            Col("url", "str", "link to the original, where known", required=False, pattern=r"^https?://\S+$"),
            Col("read_at", "str", "link to the copy actually read, when it is not the original's own page (a mirror, "
                "syndication or aggregator)", required=False, pattern=r"^https?://\S+$"),
            Col("kind", "str", "primary (filing, company release, official statistic, the author's own report) or "
                "secondary (a press report of someone else's figure), judged for the original",
                allowed=("primary", "secondary")),
            Col("note", "str", "what the source says: the figure(s) it gives, with a short quote", required=False),
        ),
        key=("source_id",),
        sourced=False,
        rules=(RowRule("url", "a link to the original or to the copy read",
                       lambda df: df["url"].isna() & df["read_at"].isna()),),
    ),
)

ARTICLE_FIELDS = ("title", "published", "form", "tested")

TABLES += (
    Table(
        "article.csv",
        "The article under test: its title, when it was published, in what form it circulated and which text is tested.",
        (
            Col("field", "str", "what is recorded", allowed=ARTICLE_FIELDS),
            Col("value", "str", "its value (published: YYYY-MM or YYYY-MM-DD)"),
            source_col(),
            note_col(),
        ),
        key=("field",),
        rules=(RowRule("value", "a date of the form YYYY-MM or YYYY-MM-DD for `published`",
                       lambda df: (df["field"] == "published") & ~df["value"].str.match(DATE_PATTERN)),),
    ),
)

# What a verdict says about what the article states, in its own words (documented in data/README.md).
VERDICTS = ("holds", "rounded", "overstated", "understated", "misdated", "misattributed", "wrong", "contested",
            "unverifiable", "not a figure")
NOT_A_CLAIM = "not a figure"  # definitional or rhetorical: not counted among the claims that hold or fail
# What the data that came in after the article show about a forward-looking claim.
SINCE_VERDICTS = ("borne out", "worse than stated", "better than stated", "too early to tell", "overtaken")

TABLES += (
    Table(
        "claims.csv",
        "The claims ledger: every number the article states, the best source found and a verdict.",
        (
            Col("claim_id", "str", "stable short id", pattern=r"^[a-z0-9]+(-[a-z0-9]+)*$"),
            Col("section", "str", "section of the report the claim belongs to", allowed=SLUGS),
            Col("claim", "str", "what the article says, quoted in English"),
            Col("russian", "str", "the Russian words of the translation tested, where the reading is ambiguous",
                required=False),
            Col("article_value", "str", "the value as the article states it (a number, a range like 30-40, or words)"),
            Col("kind", "str", "figure (a number), statement (a checkable fact in words) or forecast (about the future)",
                allowed=("figure", "statement", "forecast")),
            Col("unit", "str", "unit code", allowed=UNITS),
            Col("period", "str", "year, span or as-of date the claim refers to"),
            Col("attributed_to", "str", "whom the article attributes it to, or 'none'"),
            Col("source_id", "str", "best public source found (row of sources.csv); empty only when unverifiable",
                required=False),
            Col("source_value", "str", "the value that source gives", required=False),
            Col("verdict", "str", "one of the verdict words in data/README.md", allowed=VERDICTS),
            Col("reason", "str", "one line on why"),
            Col("since", "str", "forecasts and statements about the present: what the latest data show, dated",
                required=False),
            Col("since_verdict", "str", "how the claim looks a year on: " + ", ".join(SINCE_VERDICTS),
                required=False, allowed=SINCE_VERDICTS),
            Col("since_source_id", "str", "the source of `since` (dated after the article)", required=False),
            Col("check", "str", "name of the arithmetic check registered in a section's claims.py (src/helpers/sections/) that recomputes the verdict "
                "from data/, if any", required=False),
        ),
        key=("claim_id",),
        rules=(
            RowRule("source_id", "a source for every verdict except unverifiable and not a figure",
                    lambda df: df["source_id"].isna() & ~df["verdict"].isin(["unverifiable", NOT_A_CLAIM])),
            RowRule("since_verdict", "a one-year-on verdict with its source for every forecast",
                    lambda df: (df["kind"] == "forecast") & (df["since_verdict"].isna() | df["since_source_id"].isna()
                                                             | df["since"].isna())),
        ),
    ),
)


@lru_cache(maxsize=1)
def all_tables() -> dict[str, Table]:
    """File name -> declaration, for every data file of the report: these and each section's tables.py."""
    import importlib

    from helpers.sections import ALL_SECTIONS

    found: dict[str, Table] = {}
    for table in (*TABLES, *(t for s in ALL_SECTIONS for t in importlib.import_module(f"{s.package}.tables").TABLES)):
        if table.name in found:
            raise RuntimeError(f"data file {table.name} is declared twice")
        found[table.name] = table
    return found
