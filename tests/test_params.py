import re

import pytest
import yaml

from helpers.core import params
from helpers.core.errors import ParameterError
from helpers.core.paths import DEFAULT_DATA_DIR
from helpers.sections import SECTIONS


@pytest.fixture(scope="module")
def declared():
    return params.all_declared()


def test_notebook_parameters_are_typed_and_bounded(declared):
    basics = declared["basics"]
    assert basics["horizon"].type == "int" and basics["horizon"].min == 1
    assert basics["revenue_growth"].type == "float"
    for p in basics.values():
        assert p.help, f"{p.name} needs a comment saying what it is"


def test_base_scenario_matches_notebook_defaults(declared):
    """base.yaml gives every parameter; its values (a range's central value) and its ranges, read as a
    build reads them, are the notebooks' defaults, `ranges` included."""
    path = DEFAULT_DATA_DIR / "scenarios" / "base.yaml"
    base = yaml.safe_load(path.read_text())
    resolved = params.resolve(list(SECTIONS), path, [])
    for section in SECTIONS:
        defaults = {name: p.default for name, p in declared[section.slug].items()}
        assert set(base[section.slug]) | ({params.RANGES} & set(defaults)) == set(defaults), section.slug
        assert resolved[section.slug] == defaults, section.slug


def test_cli_values_are_read_as_declared_types(declared):
    values = params.parse_overrides(["horizon=12", "basics.revenue_growth=0.25"], declared)
    assert values == {"basics": {"horizon": 12, "revenue_growth": 0.25}}
    assert isinstance(values["basics"]["horizon"], int)


def test_resolve_layers_scenario_then_cli(tmp_path):
    scenario = tmp_path / "s.yaml"
    scenario.write_text("basics:\n  horizon: 20\n  gross_margin: 0.5\n")
    resolved = params.resolve(list(SECTIONS), scenario, ["horizon=15"])
    assert resolved["basics"]["horizon"] == 15
    assert resolved["basics"]["gross_margin"] == 0.5
    assert resolved["basics"]["cost_growth"] == 0.3


@pytest.mark.parametrize("pair, pattern", [
    ("revenue_grwth=0.5", r"unknown parameter 'revenue_grwth' given with -p \(did you mean 'revenue_growth'\?\)"),
    ("horizon=ten", r"parameter 'basics.horizon' \(given with -p\): expected int in 1..40, got 'ten'"),
    ("horizon=10.5", r"expected int in 1..40, got '10.5'"),
    ("horizon=0", r"parameter 'basics.horizon' \(given with -p\): expected int in 1..40, got 0"),
    ("gross_margin=2", r"expected float in -1..1, got 2.0"),
    ("revenue_growth=nan", r"expected a finite number"),
    ("horizon", r"expected NAME=VALUE"),
    ("nosuch.horizon=3", r"unknown section 'nosuch'"),
])
def test_bad_cli_parameters(pair, pattern, declared):
    with pytest.raises(ParameterError) as info:
        params.parse_overrides([pair], declared)
    assert re.search(pattern, str(info.value)), str(info.value)
    assert "\n" not in str(info.value)


@pytest.mark.parametrize("text, pattern", [
    ("basics:\n  horizon: [1,\n", r"not valid YAML"),
    ("basic:\n  horizon: 3\n", r"unknown section 'basic'"),
    ("basics:\n  horizn: 3\n", r"unknown parameter 'horizn' in section 'basics' \(did you mean 'horizon'\?\)"),
    ("basics:\n  horizon: '12'\n", r"expected int in 1..40, got '12'"),
    ("basics:\n  horizon: true\n", r"expected int in 1..40, got True"),
    ("- just\n- a list\n", r"expected a mapping"),
    ("basics:\n  horizon: 12\n  horizon: 15\n", r"line 3: .*'horizon' is given twice \(first on line 2\)"),
    ("basics:\n  horizon: 12\nbasics:\n  gross_margin: 0.3\n", r"'basics' is given twice"),
])
def test_bad_scenarios(tmp_path, text, pattern, declared):
    path = tmp_path / "bad.yaml"
    path.write_text(text)
    with pytest.raises(ParameterError) as info:
        params.read_scenario(path, declared)
    assert str(path) in str(info.value)
    assert re.search(pattern, str(info.value)), str(info.value)


def test_string_parameter_keeps_equals_signs():
    p = params.Param("s", "label", "str", "x", "")
    assert params.check_value(p, "a=b=c", "test") == "a=b=c"


def test_text_parameter_choices():
    p = params.Param("s", "mode", "str", "high", "which path; one of high|low", choices=("high", "low"))
    assert params.check_value(p, "low", "test", typed_text=True) == "low"
    with pytest.raises(ParameterError, match=r"expected one of: high, low, got 'medium'"):
        params.check_value(p, "medium", "test", typed_text=True)
    assert params.CHOICES.search("which path; one of high|low").group(1) == "high|low"


def test_a_range_in_a_scenario_sets_the_central_value_and_the_ranges(tmp_path):
    scenario = tmp_path / "s.yaml"
    scenario.write_text("basics:\n  revenue_growth: {low: 0.2, central: 0.6, high: 0.9}\n"
                        "  gross_margin: 0.5\n"
                        "  cost_growth: {dist: normal, central: 0.3, sd: 0.05}\n")
    resolved = params.resolve(list(SECTIONS), scenario, [])["basics"]
    assert resolved["revenue_growth"] == 0.6 and resolved["gross_margin"] == 0.5 and resolved["cost_growth"] == 0.3
    # a plain value holds gross_margin fixed: its default range is gone
    assert resolved["ranges"] == "revenue_growth 0.2:0.6:0.9, cost_growth normal:0.3:0.05"


def test_a_range_on_the_command_line(declared):
    values = params.parse_overrides(["basics.revenue_growth=0.2:0.5:0.8", "cost_growth=uniform:0.1:0.3:0.4"], declared)
    assert values["basics"]["revenue_growth"].text == "0.2:0.5:0.8"
    resolved = params.resolve(list(SECTIONS), None, ["basics.revenue_growth=0.2:0.5:0.8", "gross_margin=0.4"])
    assert resolved["basics"]["ranges"] == "revenue_growth 0.2:0.5:0.8, cost_growth 0.15:0.3:0.45"


@pytest.mark.parametrize("text, pattern", [
    ("basics:\n  revenue_growth: {low: 0.8, central: 0.5, high: 0.9}\n",
     r"parameter 'basics.revenue_growth' \(in .*\): expected low <= central <= high, got 0.8, 0.5, 0.9"),
    ("basics:\n  revenue_growth: {low: 0.2, central: 0.5}\n", r"a triangular range takes central, high, low \(missing high\)"),
    ("basics:\n  gross_margin: {low: 0.2, central: 0.5, high: 1.5}\n", r"expected a range within float in -1..1, got high 1.5"),
    ("basics:\n  gross_margin: {dist: beta, low: 0.2, central: 0.5, high: 0.6}\n", r"unknown distribution 'beta'"),
    ("basics:\n  horizon: {low: 5, central: 10, high: 15}\n", r"only a float parameter takes a range"),
    ("basics:\n  ranges: 'revenue_growth 0.2:0.5:0.8'\n", r"is set through each assumption's own range"),
])
def test_bad_ranges_in_a_scenario(tmp_path, text, pattern, declared):
    path = tmp_path / "bad.yaml"
    path.write_text(text)
    with pytest.raises(ParameterError) as info:
        params.read_scenario(path, declared)
    assert str(path) in str(info.value) and "\n" not in str(info.value)
    assert re.search(pattern, str(info.value)), str(info.value)


def test_a_section_without_ranges_takes_single_values_only(tmp_path, declared):
    without = {slug: {n: p for n, p in ps.items() if n != params.RANGES} for slug, ps in declared.items()}
    path = tmp_path / "bad.yaml"
    path.write_text("circular-revenue:\n  spend_back_share: {low: 0.2, central: 0.5, high: 0.8}\n")
    with pytest.raises(ParameterError, match=r"this section takes single values, not ranges"):
        params.read_scenario(path, without)


def test_circular_revenue_takes_ranges_for_its_shares(declared):
    values = params.parse_overrides(["circular-revenue.pass_through_share=0:0.5:0.7"], declared)
    assert values["circular-revenue"]["pass_through_share"].text == "0:0.5:0.7"
    resolved = params.resolve(list(SECTIONS), None, ["circular-revenue.pass_through_share=0.1:0.4:0.6",
                                                     "circular-revenue.spend_back_share=0.3"])["circular-revenue"]
    assert resolved["pass_through_share"] == 0.4 and resolved["spend_back_share"] == 0.3
    assert resolved["ranges"] == "pass_through_share 0.1:0.4:0.6"  # a plain value holds spend-back fixed


@pytest.mark.parametrize("pair, pattern", [
    ("circular-revenue.pass_through_share=0:0.5", r"^parameter 'circular-revenue.pass_through_share' \(given with -p\): "
                                                  r"expected low:central:high as numbers, got '0:0.5'$"),
    ("circular-revenue.spend_back_share=0:0.5:1.2", r"^parameter 'circular-revenue.spend_back_share' \(given with -p\): "
                                                    r"expected a range within float in 0..1, got high 1.2$"),
    ("circular-revenue.pass_through_share=0.6:0.5:0.7", r"^parameter 'circular-revenue.pass_through_share' \(given "
                                                        r"with -p\): expected low <= central <= high, got 0.6, 0.5, 0.7$"),
])
def test_bad_circular_revenue_ranges_on_the_command_line(pair, pattern, declared):
    with pytest.raises(ParameterError) as info:
        params.parse_overrides([pair], declared)
    assert re.search(pattern, str(info.value)), str(info.value)


@pytest.mark.parametrize("pair, pattern", [
    ("basics.revenue_growth=0.9:0.5:0.8", r"parameter 'basics.revenue_growth' \(given with -p\): expected low <= central"),
    ("basics.revenue_growth=0.2:0.5", r"expected low:central:high as numbers"),
    ("basics.ranges=x", r"-p basics.ranges: parameter 'basics.ranges' is set through"),
    ("horizon=5:10:15", r"expected int in 1..40, got '5:10:15'"),
])
def test_bad_ranges_on_the_command_line(pair, pattern, declared):
    with pytest.raises(ParameterError) as info:
        params.parse_overrides([pair], declared)
    assert re.search(pattern, str(info.value)), str(info.value)
