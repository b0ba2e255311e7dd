import pytest

from helpers.sections.concentration_risk import model as drawdown

# Hand-computed reference: the seven are 30% of the index, fall 50%; the rest fall half as far.
# rest fall = 0.5 * 0.5 = 0.25; index fall = 0.3 * 0.5 + 0.7 * 0.25 = 0.15 + 0.175 = 0.325


def test_index_fall_by_hand():
    assert drawdown.rest_fall(0.5, 0.5) == pytest.approx(0.25)
    assert drawdown.index_fall(0.3, 0.5, 0.5) == pytest.approx(0.325)
    # beta 0: only the seven's own weight is lost
    assert drawdown.index_fall(0.3, 0.5, 0.0) == pytest.approx(0.15)
    # beta 1: everything falls together
    assert drawdown.index_fall(0.3, 0.5, 1.0) == pytest.approx(0.5)


def test_zero_drawdown_loses_nothing():
    result = drawdown.scenario(0.343, 0.0, 2.0, balance=100_000, stock_share=0.85)
    assert result["index_fall"] == 0.0
    assert result["mix_fall"] == 0.0
    assert result["fund_loss_usd"] == 0.0 and result["mix_loss_usd"] == 0.0


def test_full_drawdown():
    # the seven wiped out, the rest untouched: the index loses exactly the seven's weight
    assert drawdown.index_fall(0.343, 1.0, 0.0) == pytest.approx(0.343)
    # the seven wiped out and beta 1: the whole index is gone
    assert drawdown.index_fall(0.343, 1.0, 1.0) == pytest.approx(1.0)
    # a 100% fall with beta 0.3: 0.343 + 0.657 * 0.3 = 0.5401
    assert drawdown.index_fall(0.343, 1.0, 0.3) == pytest.approx(0.5401)


def test_rest_fall_is_capped_at_everything():
    # beta 3 and a 50% fall would be a 150% fall of the rest: capped at 100%
    assert drawdown.rest_fall(0.5, 3.0) == 1.0
    assert drawdown.index_fall(0.3, 0.5, 3.0) == pytest.approx(0.3 * 0.5 + 0.7)


def test_stock_bond_mix_by_hand():
    # 80% stocks falling 25%, 20% bonds falling 0: 20%; bonds gaining 10%: 0.2 - 0.02 = 18%
    assert drawdown.mix_fall(0.8, 0.25) == pytest.approx(0.20)
    assert drawdown.mix_fall(0.8, 0.25, bond_fall=-0.1) == pytest.approx(0.18)
    assert drawdown.mix_fall(0.0, 0.25, bond_fall=0.05) == pytest.approx(0.05)
    assert drawdown.mix_fall(1.0, 0.25, bond_fall=0.5) == pytest.approx(0.25)


def test_scenario_by_hand():
    result = drawdown.scenario(0.3, 0.5, 0.5, balance=40_000, stock_share=0.8, bond_fall=0.0)
    assert result["seven_contribution"] == pytest.approx(0.15)
    assert result["rest_contribution"] == pytest.approx(0.175)
    assert result["index_fall"] == pytest.approx(0.325)
    assert result["mix_fall"] == pytest.approx(0.26)  # 0.8 * 0.325
    assert result["fund_loss_usd"] == pytest.approx(13_000)
    assert result["mix_loss_usd"] == pytest.approx(10_400)


def test_portfolio_fall_with_named_parts():
    weights = {"Nvidia": 0.1, "Apple": 0.1, "rest": 0.8}
    falls = {"Nvidia": 0.5, "Apple": 0.2, "rest": 0.1}
    assert drawdown.portfolio_fall(weights, falls) == pytest.approx(0.05 + 0.02 + 0.08)


@pytest.mark.parametrize("weights", [
    {"seven": 0.34, "rest": 0.6},  # sums to 0.94
    {"seven": 0.5, "rest": 0.6},  # sums to 1.1
    {"seven": 1.2, "rest": -0.2},  # sums to 1 but a weight outside 0..1
])
def test_weights_that_do_not_sum_to_one_are_refused(weights):
    with pytest.raises(ValueError, match="weight"):
        drawdown.portfolio_fall(weights, {"seven": 0.1, "rest": 0.1})


def test_weights_message_names_the_total():
    with pytest.raises(ValueError, match=r"weights must sum to 1, got 0\.94"):
        drawdown.check_weights({"seven": 0.34, "rest": 0.6})


def test_missing_fall_is_refused():
    with pytest.raises(ValueError, match="no fall given for: rest"):
        drawdown.portfolio_fall({"seven": 0.3, "rest": 0.7}, {"seven": 0.5})


@pytest.mark.parametrize("beta", [-0.1, 3.01, 10, float("nan")])
def test_beta_outside_its_range_is_refused(beta):
    with pytest.raises(ValueError, match="beta"):
        drawdown.index_fall(0.3, 0.5, beta)


@pytest.mark.parametrize("fall", [-0.01, 1.01, 50])
def test_drawdown_outside_0_to_100_percent_is_refused(fall):
    with pytest.raises(ValueError, match=r"between 0 and 1 \(0% to 100%\)"):
        drawdown.index_fall(0.3, fall, 0.5)


def test_other_bad_inputs_are_refused():
    with pytest.raises(ValueError, match="seven's weight"):
        drawdown.index_fall(1.5, 0.5, 0.5)
    with pytest.raises(ValueError, match="stock share"):
        drawdown.mix_fall(1.2, 0.2)
    with pytest.raises(ValueError, match="bond fall"):
        drawdown.mix_fall(0.8, 0.2, bond_fall=-1.5)
    with pytest.raises(ValueError, match="balance"):
        drawdown.dollar_loss(-1, 0.2)


def test_fall_needed_inverts_the_model():
    # slope 0.3 + 0.7 * 0.5 = 0.65: a 32.5% index fall needs a 50% fall of the seven
    assert drawdown.fall_needed(0.3, 0.5, 0.325) == pytest.approx(0.5)
    assert drawdown.fall_needed(0.3, 0.5, 0.0) == 0.0
    # beta 0: the index can lose at most the seven's weight
    assert drawdown.fall_needed(0.3, 0.0, 0.3) == pytest.approx(1.0)
    assert drawdown.fall_needed(0.3, 0.0, 0.31) is None
    # beta 2: the rest is wiped out once the seven fall 50% (index 0.3 * 0.5 + 0.7 = 0.85);
    # a 90% index fall needs 0.3 * d + 0.7 = 0.9 -> d = 2/3
    assert drawdown.fall_needed(0.3, 2.0, 0.9) == pytest.approx(2 / 3)
    for target in (0.1, 0.5, 0.8):
        d = drawdown.fall_needed(0.3, 2.0, target)
        assert drawdown.index_fall(0.3, d, 2.0) == pytest.approx(target)


def test_implied_beta_by_hand():
    # start weight 0.25, seven -40%, rest -10%: index = 0.25 * -0.4 + 0.75 * -0.1 = -0.175;
    # end weight = 0.25 * 0.6 / 0.825 = 0.181818...
    result = drawdown.implied_beta(-0.4, -0.175, 0.25 * 0.6 / 0.825)
    assert result["seven_weight_start"] == pytest.approx(0.25)
    assert result["rest_return"] == pytest.approx(-0.1)
    assert result["beta"] == pytest.approx(0.25)


def test_implied_beta_refuses_impossible_inputs():
    with pytest.raises(ValueError, match="undefined"):
        drawdown.implied_beta(0.0, -0.1, 0.2)
    with pytest.raises(ValueError, match="outside 0..1"):
        drawdown.implied_beta(-0.9, 0.0, 0.5)


def test_sweep_rows():
    frame = drawdown.sweep(0.3, [0.0, 1.0], [0.0, 0.5])
    assert len(frame) == 4
    row = frame[(frame["beta"] == 1.0) & (frame["seven_fall"] == 0.5)].iloc[0]
    assert row["index_fall"] == pytest.approx(0.5)


def test_losses_for_balances():
    import pandas as pd

    balances = pd.DataFrame({"value": [10_000.0, 0.0]})
    out = drawdown.losses_for_balances(balances, index=0.2, mix=0.15)
    assert list(out["fund_loss_usd"]) == [2_000.0, 0.0]
    assert list(out["mix_loss_usd"]) == [1_500.0, 0.0]


# ------------------------------------------------------------------------------------------ on arrays
def test_scenario_many_equals_the_scalar_model_element_by_element():
    import numpy as np

    rng = np.random.default_rng(7)
    n = 500
    falls, betas = rng.uniform(0, 1, n), rng.uniform(0, 3, n)  # betas over 1 reach the 100% cap
    balances, shares, bonds = rng.uniform(0, 1e6, n), rng.uniform(0, 1, n), rng.uniform(-1, 1, n)
    many = drawdown.scenario_many(0.343, falls, betas, balances, shares, bonds)
    for i in range(n):
        one = drawdown.scenario(0.343, falls[i], betas[i], balances[i], shares[i], bonds[i])
        for key, values in many.items():
            assert values[i] == one[key], (key, i)  # exactly: the same operations in the same order
    assert (many["rest_fall"] <= 1.0).all() and (many["rest_fall"][betas * falls > 1] == 1.0).all()


def test_scenario_many_takes_numbers_and_arrays_together():
    import numpy as np

    many = drawdown.scenario_many(0.3, np.array([0.5, 0.2]), 0.5, 100_000, 0.85)
    assert many["index_fall"][0] == drawdown.index_fall(0.3, 0.5, 0.5) and len(many["mix_fall"]) == 2


@pytest.mark.parametrize("kwargs, message", [
    (dict(seven_fall=[0.2, 1.5]), r"the seven's fall must be between 0 and 1, got 1.5"),
    (dict(beta=[4.0]), r"beta must be between 0 and 3, got 4.0"),
    (dict(stock_share=[float("nan")]), r"stock share must be between 0 and 1, got nan"),
    (dict(balance=[-1.0]), r"balance must be 0 or more, got -1.0"),
])
def test_scenario_many_refuses_impossible_draws_in_one_line(kwargs, message):
    args = dict(seven_weight=0.343, seven_fall=[0.4], beta=[0.3], balance=[1000.0], stock_share=[0.8])
    with pytest.raises(ValueError, match=message) as info:
        drawdown.scenario_many(**{**args, **kwargs})
    assert "\n" not in str(info.value)
