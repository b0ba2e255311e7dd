"""The answer's three sentences follow the computed findings: their numbers, their direction and their
likelihood."""
from helpers.report import answer


def _sections(**found):
    return [{"short": "S", "findings": [dict(name=name, kind="finding", **f) for name, f in found.items()]}]


COST = {"basics-cost-per-revenue-dollar": dict(sentence="OpenAI spent $2.60 for every $1 of revenue in 2025.",
                                               value=2.6, shown="$2.60"),
        "basics-break-even-year": dict(sentence="… in 2037.", value=2037, shown="2037")}


def test_the_answer_states_how_likely_its_years_are():
    chance = {"basics-break-even-chance": dict(
        sentence="OpenAI turns an operating profit by 2030 in under 1% of 10,000 draws of the assumptions, and by "
                 "2035 in 35%.", label="Draws with an operating profit by 2035", value=0.347, shown="35%")}
    [first] = answer.answer(_sections(**COST, **chance))["sentences"]
    assert first == ("Not on today's figures: the leading AI company still spends more than it earns (OpenAI spent "
                     "$2.60 for every $1 of revenue in 2025), and on the report's central assumptions its first "
                     "operating profit comes in 2037 (a profit by 2035 in 35% of 10,000 draws of the assumptions).")
    [without] = answer.answer(_sections(**COST))["sentences"]
    assert "draws" not in without


def test_the_answer_turns_with_the_numbers():
    cheap = dict(COST, **{"basics-cost-per-revenue-dollar": dict(sentence="OpenAI spent $0.80 for every $1 of "
                                                                 "revenue in 2025.", value=0.8, shown="$0.80")})
    [first] = answer.answer(_sections(**cheap))["sentences"]
    assert first.startswith("On unit economics, yes: the leading AI company earns more than it spends")


def test_the_hub_is_the_company_the_data_names():
    hub = {"circular-revenue-hub": dict(sentence="…", label="Share of disclosed deal dollars to or from Nvidia",
                                        value=0.6, shown="60%")}
    [sentence] = answer.answer(_sections(**hub))["sentences"]
    assert sentence == "If it fails, the loss is concentrated: 60% of the disclosed deal dollars run to or from one " \
                       "company, Nvidia."
