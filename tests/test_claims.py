import re
from markupsafe import escape as html_escape

import pandas as pd
import pytest

from helpers.core import claims
from helpers.sections.circular_revenue import claims as circular_claims
from helpers.core import data
from helpers.core.tables import all_tables
from helpers.sections import SLUGS


@pytest.fixture(scope="module")
def frames():
    return {name: data.load(name) for name in all_tables()}


@pytest.mark.parametrize("article, figure, verdict", [
    ("5", 5.0, "holds"),
    ("5", 5.02, "holds"),          # within 0.5%
    ("5", 5.1, "rounded"),         # 2% off
    ("90", 89, "rounded"),         # 1.1% off, a round number
    ("20", 19, "rounded"),         # 5.3% off
    ("330", 247, "overstated"),    # 34% above
    ("10", 12, "understated"),           # 17% below
    ("30-40", 36, "holds"),        # inside the range
    ("30-40", 41, "rounded"),      # 2.4% beyond the top
    ("30-40", 25, "overstated"),   # range starts 20% above the figure
])
def test_verdict_for_by_hand(article, figure, verdict):
    assert claims.verdict_for(article, figure) == verdict


def test_verdict_needs_a_number():
    with pytest.raises(ValueError, match="not a number"):
        claims.verdict_for("hundreds", 300)


def test_oracle_decade_sums_by_hand():
    # ten fiscal years of revenue 40,000 $m and net income 10,000 $m -> $400B and $100B
    rows = [dict(company="Oracle", fiscal_year=y, fiscal_year_end=f"{y}-05-31", metric=m, value=v, unit="usd_m",
                 source_id="s", note=None)
            for y in range(2016, 2026) for m, v in (("total_revenue", 40_000.0), ("net_income", 10_000.0))]
    frame = pd.DataFrame(rows)
    assert circular_claims.oracle_decade({"oracle_financials.csv": frame}) == {"total_revenue": 400.0, "net_income": 100.0}
    claim = pd.Series({"article_value": "330"})
    outcome = claims.CHECKS["oracle_gain_vs_decade_revenue"](claim, {"oracle_financials.csv": frame})
    assert outcome.verdict == "wrong"  # 330 < 400
    claim = pd.Series({"article_value": "450"})
    assert claims.CHECKS["oracle_gain_vs_decade_revenue"](claim, {"oracle_financials.csv": frame}).verdict == "holds"


def test_oracle_decade_needs_every_year():
    frame = pd.DataFrame([dict(company="Oracle", fiscal_year=2025, metric="total_revenue", value=1.0, unit="usd_bn",
                               source_id="s")])
    with pytest.raises(ValueError, match="each fiscal year 2016-2025"):
        circular_claims.oracle_decade({"oracle_financials.csv": frame})


def test_oracle_claim_on_real_data_is_about_revenue_not_profit(frames):
    sums = circular_claims.oracle_decade(frames)
    assert sums["total_revenue"] > 330 > sums["net_income"]


def test_stored_verdicts_agree_with_their_checks(frames):
    ledger = claims.evaluate(frames["claims.csv"], frames)
    checked = ledger[ledger["computed_verdict"].notna()]
    assert len(checked) >= 12
    disagree = checked[[not claims.agrees(s, c) for s, c in zip(checked["verdict"], checked["computed_verdict"])]]
    assert disagree.empty, disagree[["claim_id", "verdict", "computed_verdict", "computed_figure"]].to_string()


def test_ledger_covers_the_article(frames):
    ledger = frames["claims.csv"]
    assert len(ledger) >= 25
    assert set(ledger["section"]) == set(SLUGS)
    assert ledger["claim_id"].is_unique
    for claim in ledger.itertuples():
        assert claim.reason and len(claim.reason) > 20, claim.claim_id


def test_a_wrong_stored_verdict_is_caught(frames):
    ledger = frames["claims.csv"].copy()
    ledger.loc[ledger["claim_id"] == "oracle-gain-vs-decade-revenue", "verdict"] = "holds"
    evaluated = claims.evaluate(ledger, frames)
    row = evaluated.set_index("claim_id").loc["oracle-gain-vs-decade-revenue"]
    assert row["verdict"] != row["computed_verdict"]


def test_table_escapes_text(frames):
    ledger = claims.evaluate(frames["claims.csv"], frames).head(1).copy()
    ledger["reason"] = "<script>alert(1)</script>"
    html = claims.table_html(ledger, frames["sources.csv"], caption="x")
    assert "<script>" not in html and "&lt;script&gt;" in html


def test_each_section_reads_what_its_claims_checks_need(frames):
    from helpers.sections import ALL_SECTIONS

    ledger = frames["claims.csv"]
    for section in ALL_SECTIONS:
        names = ledger.loc[ledger["section"] == section.slug, "check"].dropna()
        needed = {f for name in names for f in claims.CHECK_READS[name]}
        assert needed <= set(section.reads), (section.slug, needed - set(section.reads))


def test_every_verdict_word_is_defined_in_the_data_readme():
    from helpers.core.tables import SINCE_VERDICTS, VERDICTS

    readme = (data.default_data_dir() / "README.md").read_text(encoding="utf-8")
    for word in VERDICTS + SINCE_VERDICTS:
        assert re.search(rf"^\| `{re.escape(word)}` \| \S", readme, re.M), f"verdict '{word}' not defined in data/README.md"


def _numbers(text: str) -> list[str]:
    return re.findall(r"\d+(?:\.\d+)?", text.replace(",", ""))


def test_each_claim_shows_the_figure_its_cited_source_gives(frames):
    """The first number of `source_value` is a number the cited source states (sources.csv records
    what each source says), so a figure is never shown beside another source's citation."""
    says = frames["sources.csv"].set_index("source_id")["note"].fillna("")
    for claim in frames["claims.csv"].itertuples():
        if claim.verdict == "not a figure":
            continue  # a definition or figure of speech: no figure to show
        if not isinstance(claim.source_id, str) or not isinstance(claim.source_value, str) or isinstance(claim.check, str):
            continue  # a recomputed claim shows the figure its check finds (next test)
        shown = _numbers(claim.source_value)
        if not shown:
            continue
        stated = {float(n) for n in _numbers(says[claim.source_id])}
        assert float(shown[0]) in stated, (claim.claim_id, claim.source_value, says[claim.source_id])


def test_recomputed_figures_cite_the_rows_they_come_from(frames):
    ledger = claims.evaluate(frames["claims.csv"], frames)
    for claim in ledger[ledger["computed_verdict"].notna()].itertuples():
        assert claim.computed_sources, claim.claim_id
        html = claims.table_html(ledger[ledger["claim_id"] == claim.claim_id], frames["sources.csv"], caption="x")
        publisher = frames["sources.csv"].set_index("source_id").loc[claim.computed_sources[0], "publisher"]
        assert str(html_escape(publisher)) in html, (claim.claim_id, publisher)


def test_forecasts_are_scored_a_year_on_with_later_sources(frames):
    ledger = frames["claims.csv"]
    dates = frames["sources.csv"].set_index("source_id")["date"]
    published = claims.article_published(frames)
    forecasts = ledger[ledger["kind"] == "forecast"]
    assert len(forecasts) >= 5
    scored = ledger[ledger["since_verdict"].notna()]
    assert set(forecasts["claim_id"]) <= set(scored["claim_id"])
    for claim in scored.itertuples():
        date = dates[claim.since_source_id]
        assert isinstance(date, str) and date[:7] >= published[:7], (claim.claim_id, claim.since_source_id, date)


def test_definitions_are_not_counted_as_claims_that_hold(frames):
    ledger = frames["claims.csv"]
    sentence = claims.summary_sentence(ledger)
    aside = int((ledger["verdict"] == "not a figure").sum())
    assert aside >= 3
    assert f"Of the article's {len(ledger) - aside} checkable claims" in sentence
    assert "not a figure" not in sentence


def test_the_articles_checkable_statements_are_in_the_ledger(frames):
    statements = set(frames["claims.csv"].query("kind == 'statement'")["claim_id"])
    for claim_id in ("oracle-admitted-loss", "msft-books-openai-as-azure", "coreweave-nvidia-shareholder",
                     "amazon-google-invest-and-supply-anthropic", "openai-never-profitable", "nvidia-funds-chip-buyers"):
        assert claim_id in statements, claim_id
