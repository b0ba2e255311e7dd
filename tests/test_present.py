"""Prose as the report shows it: values that state a number carry where they come from."""
import pytest

from helpers.core import present


def test_prose_paragraphs_mark_the_values_that_state_a_number():
    paragraphs = present.prose_paragraphs("In {year}, revenue reached {rev} ({who}).\n\nCosts: {cost:.1f}%.",
                                          dict(year=2025, rev="$13.1B", who="OpenAI", cost=259.54))
    assert paragraphs == [
        [{"text": "In "}, {"text": "2025", "number": False}, {"text": ", revenue reached "},
         {"text": "$13.1B", "number": True}, {"text": " ("}, {"text": "OpenAI", "number": False}, {"text": ")."}],
        [{"text": "Costs: "}, {"text": "259.5", "number": True}, {"text": "%."}]]


def test_a_whole_clause_is_not_a_number():
    [[segment]] = present.prose_paragraphs("{clause}", dict(clause="it breaks even in 2037, twelve years on"))
    assert not segment["number"]


def test_prose_numbers_link_to_their_source(monkeypatch):
    shown = []
    monkeypatch.setattr("IPython.display.display", lambda obj, **kw: shown.append(obj.data))
    present.prose("Revenue reached {rev}.", sources=("bas-nextgen-2025-02-friar",), rev="$13.1B")
    [html] = shown
    assert '<a class="num" href="#source-bas-nextgen-2025-02-friar">$13.1B<span class="prov" role="tooltip">Source: ' in html
    shown.clear()
    present.prose("Revenue reached {rev}.", rev="$13.1B")  # no sources: plain text
    assert shown == ["<p>Revenue reached $13.1B.</p>"]


def test_prose_refuses_markup():
    with pytest.raises(ValueError, match="prose takes text, not markup"):
        present.prose("<b>{x}</b>", x=1)


@pytest.mark.parametrize("text, number", [("$13.1B", True), ("52%", True), ("6 years", True), ("2025", False),
                                          ("mid-2025", False), ("31 December 2024", False), ("2025-06", False)])
def test_dates_are_not_figures(text, number):
    [[segment]] = present.prose_paragraphs("{v}", dict(v=text))
    assert segment["number"] is number
