"""The Monte Carlo's building blocks: ranges, seeded draws, shares and the ranking of drivers."""
import numpy as np
import pytest

from helpers.core import uncertainty as u

RANGES = {"a": u.Spread("triangular", 0.3, 0.5, 0.68), "b": u.Spread("uniform", 0.15, 0.3, 0.45),
          "c": u.normal(0.4, 0.02)}


def test_same_inputs_give_identical_arrays():
    seed = u.seed_for("basics", {"a": 0.5}, 10)
    first, second = u.draws(RANGES, 10_000, seed), u.draws(RANGES, 10_000, u.seed_for("basics", {"a": 0.5}, 10))
    for name in RANGES:
        assert first[name].tobytes() == second[name].tobytes()


def test_a_different_seed_gives_different_draws():
    one, two = u.draws(RANGES, 1000, u.seed_for("basics", 1)), u.draws(RANGES, 1000, u.seed_for("basics", 2))
    assert not np.array_equal(one["a"], two["a"])


def test_the_seed_depends_on_its_parts_only():
    assert u.seed_for("basics", {"x": 1, "y": 2}) == u.seed_for("basics", {"y": 2, "x": 1})
    assert u.seed_for("basics", 0.5) != u.seed_for("bubble-comparison", 0.5)
    assert 0 <= u.seed_for("x") < 2 ** 64


def test_distribution_shapes():
    drawn = u.draws(RANGES, 100_000, 7)
    a, b, c = drawn["a"], drawn["b"], drawn["c"]
    assert 0.3 <= a.min() and a.max() <= 0.68 and abs(a.mean() - (0.3 + 0.5 + 0.68) / 3) < 0.002
    # a triangular density peaks at its central value: more draws near it than near the ends
    near = np.abs(a - 0.5) < 0.02
    assert near.mean() > (np.abs(a - 0.32) < 0.02).mean() * 3
    assert 0.15 <= b.min() and b.max() <= 0.45 and abs(b.mean() - 0.3) < 0.002 and abs(b.std() - 0.3 / 12 ** 0.5) < 0.002
    assert abs(c.mean() - 0.4) < 0.001 and abs(c.std() - 0.02) < 0.001 and c.min() >= 0.4 - 4 * 0.02


def test_a_range_without_width_and_fixed_values():
    drawn = u.draws({"a": u.Spread("triangular", 0.5, 0.5, 0.5)}, 5, 1)
    assert drawn["a"].tolist() == [0.5] * 5
    full = u.with_fixed(drawn, {"a": 0.5, "z": 2.0}, 5)
    assert full["z"].tolist() == [2.0] * 5 and full["a"] is drawn["a"]


@pytest.mark.parametrize("body, pattern", [
    ({"low": 0.8, "central": 0.5, "high": 0.9}, r"expected low <= central <= high, got 0.8, 0.5, 0.9"),
    ({"low": 0.2, "central": "x", "high": 0.9}, r"central must be a number, got 'x'"),
    ({"low": 0.2, "high": 0.9}, r"a triangular range takes central, high, low \(missing central\)"),
    ({"dist": "lognormal", "low": 0.2, "central": 0.5, "high": 0.9}, r"unknown distribution 'lognormal'; expected one of"),
    ({"dist": "normal", "central": 0.5, "sd": 0}, r"sd must be above 0"),
    ({"dist": "normal", "central": 0.5, "sd": 0.1, "low": 0.1}, r"a normal range takes central, sd \(unknown low\)"),
    ({"low": 0.2, "central": True, "high": 0.9}, r"central must be a number, got True"),
])
def test_bad_ranges_are_one_line_errors(body, pattern):
    with pytest.raises(ValueError, match=pattern) as info:
        u.from_mapping(body)
    assert "\n" not in str(info.value)


@pytest.mark.parametrize("text, pattern", [
    ("0.8:0.5:0.9", r"expected low <= central <= high"), ("0.2:0.5", r"expected low:central:high as numbers"),
    ("beta:0.2:0.5:0.9", r"unknown distribution 'beta'"), ("normal:0.5", r"expected normal:central:sd"),
    ("a:b:c", r"unknown distribution 'a'"), ("nan:0.5:0.9", r"finite number"),
])
def test_bad_range_text(text, pattern):
    with pytest.raises(ValueError, match=pattern):
        u.from_text(text)


def test_text_round_trips():
    text = "a 0.3:0.5:0.68, b uniform:0.15:0.3:0.45, c normal:0.4:0.02"
    assert u.parse(text) == RANGES and u.unparse(u.parse(text)) == text
    assert u.from_mapping({"low": 1, "central": 6, "high": 6}).text == "1:6:6"
    assert u.parse("") == {}
    with pytest.raises(ValueError, match="'a' is given two ranges"):
        u.parse("a 1:2:3, a 1:2:3")
    with pytest.raises(ValueError, match="expected 'NAME RANGE' entries"):
        u.parse("a=1:2:3")


def test_shares_bands_and_drivers():
    assert u.share(np.array([True, False, False, True])) == 0.5
    paths = np.tile(np.arange(101.0)[:, None], (1, 3))
    band = u.bands(paths)
    assert band[50].tolist() == [50.0] * 3 and band[5][0] == 5.0 and band[95][0] == 95.0
    rng = np.random.default_rng(0)
    x, y, z = rng.uniform(size=(3, 5000))
    out = 3 * x - y + 0.1 * z
    ranked = u.drivers({"y": y, "x": x, "z": z, "fixed": np.ones(5000)}, out)
    assert [name for name, _ in ranked] == ["x", "y", "z"] and ranked[0][1] > 0 > ranked[1][1]
    assert u.ranks(np.array([3.0, 1.0, 3.0, 2.0])).tolist() == [3.5, 1.0, 3.5, 2.0]
    assert u.spearman(np.arange(10.0), np.arange(10.0) ** 3) == pytest.approx(1.0)
