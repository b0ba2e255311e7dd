import math

import numpy as np
import pytest

from helpers.sections.circular_revenue import model as roundtrip
from helpers.sections.circular_revenue.model import DivergentLoopError, Network


# --- the geometric series on a bare matrix --------------------------------------------------------

def test_chain_by_hand():
    # A passes half to B, B half to C: $1 at A -> A 1, B 0.5, C 0.25
    shares = [[0, 0.5, 0], [0, 0, 0.5], [0, 0, 0]]
    assert roundtrip.total_booked(shares, [1, 0, 0]) == pytest.approx([1, 0.5, 0.25])


def test_pass_through_zero_keeps_only_the_first_booking():
    assert roundtrip.total_booked(np.zeros((3, 3)), [1, 0, 0]) == pytest.approx([1, 0, 0])


def test_loop_below_one_is_a_geometric_series():
    # A -> B -> A at 0.8 each: A gets 1 + 0.64 + 0.64^2 + ... = 1 / 0.36; B gets 0.8 of that
    booked = roundtrip.total_booked([[0, 0.8], [0.8, 0]], [1, 0])
    assert booked == pytest.approx([1 / 0.36, 0.8 / 0.36])
    assert booked.sum() == pytest.approx(5.0)


@pytest.mark.parametrize("shares", [
    [[0, 1.0], [1.0, 0]],  # product of shares exactly 1
    [[0, 0.9], [1.2, 0]],  # product 1.08
    [[1.0]],  # a company passing everything to itself
])
def test_a_loop_that_would_diverge_is_refused(shares):
    labels = ["A", "B"][:len(shares)]
    with pytest.raises(DivergentLoopError, match="infinite") as info:
        roundtrip.total_booked(shares, [1] + [0] * (len(shares) - 1), labels)
    assert isinstance(info.value, ValueError)
    assert "A → " in str(info.value)


def test_two_loops_each_below_one_can_still_diverge_together():
    # A splits everything between B and C, both hand it all back: each loop's product is 0.5, the total is infinite
    shares = [[0, 0.5, 0.5], [1, 0, 0], [1, 0, 0]]
    with pytest.raises(DivergentLoopError, match="spectral radius"):
        roundtrip.total_booked(shares, [1, 0, 0], ["A", "B", "C"])
    # just under: finite, 1 / (1 - 0.99) at A
    almost = np.array(shares) * [[1], [0.99], [0.99]]
    assert roundtrip.total_booked(almost, [1, 0, 0])[0] == pytest.approx(100.0)


@pytest.mark.parametrize("shares, injected, message", [
    ([[0, -0.5], [0, 0]], [1, 0], "negative"),
    ([[0, 0.5]], [1, 0], "square"),
    ([[0, math.nan], [0, 0]], [1, 0], "finite"),
])
def test_impossible_inputs_are_refused(shares, injected, message):
    with pytest.raises(ValueError, match=message):
        roundtrip.total_booked(shares, injected)


# --- the deal-network model ------------------------------------------------------------------------
# V (a vendor) invests 10 in L (a lab); S (a supplier) invests 4 in L. L buys from V (amount not
# disclosed) and from S ($30, disclosed); S buys from V ($5, disclosed). So W: L -> S 100%, S -> V 100%.
COMPANIES = ("V", "L", "S")
PURCHASES = np.array([[0, 0, 0], [0, 0, 30.0], [5.0, 0, 0]])
INVESTMENTS = np.array([[0, 10.0, 0], [0, 0, 0], [0, 4.0, 0]])
BUYS = np.array([[False, False, False], [True, False, True], [True, False, False]])
NET = Network(COMPANIES, PURCHASES, INVESTMENTS, BUYS)


def test_routing_uses_disclosed_amounts_only():
    assert NET.routing.tolist() == [[0, 0, 0], [0, 0, 1], [1, 0, 0]]


@pytest.mark.parametrize("p, expected", [(0.0, [0, 1, 0]), (0.5, [0.25, 1, 0.5]), (1.0, [1, 1, 1])])
def test_outside_dollar_by_hand(p, expected):
    # $1 paid to L: L books 1, passes p to S, which passes p of that to V
    assert roundtrip.revenue_from_outside_dollar(NET, "L", p).tolist() == pytest.approx(expected)


def test_investment_by_hand():
    # V's 10 in L: L spends 5 back with V; of the other 5, half (2.5) goes to S; S passes half (1.25) to V
    revenue = roundtrip.revenue_from_investments(NET, "V", spend_back=0.5, pass_through=0.5)
    assert revenue.to_dict() == pytest.approx({"V": 6.25, "L": 0, "S": 2.5})
    per_dollar = roundtrip.revenue_from_investments(NET, "V", 0.5, 0.5, per_dollar=True)
    assert per_dollar.to_dict() == pytest.approx({"V": 0.625, "L": 0, "S": 0.25})


def test_self_funded_share_by_hand():
    # S's 4 in L: 2 spent back with S, 1 more reaches S through L's contracts -> S books 3, V books 1.5.
    # V: own 6.25 of 7.75; S: own 3 of 2.5 + 3 = 5.5; L books nothing (NaN share).
    table = roundtrip.self_funded(NET, spend_back=0.5, pass_through=0.5)
    assert table.loc["V", "revenue_from_investments"] == pytest.approx(7.75)
    assert table.loc["V", "self_funded_share"] == pytest.approx(6.25 / 7.75)
    assert table.loc["S", "self_funded_share"] == pytest.approx(3 / 5.5)
    assert math.isnan(table.loc["L", "self_funded_share"])
    assert table.loc["V", "invested"] == 10.0


def test_extreme_shares():
    everything_back = roundtrip.self_funded(NET, spend_back=1.0, pass_through=0.0)
    assert everything_back.loc["V", "own_money_back"] == pytest.approx(10.0)
    assert everything_back.loc["V", "self_funded_share"] == pytest.approx(1.0)
    nothing = roundtrip.self_funded(NET, spend_back=0.0, pass_through=0.0)
    assert nothing["revenue_from_investments"].sum() == 0
    assert nothing["self_funded_share"].isna().all()


def test_a_company_that_invests_nothing_gets_nothing_back():
    assert roundtrip.revenue_from_investments(NET, "L", 0.5, 0.5, per_dollar=True).sum() == 0


def test_closed_loop_of_contracts_diverges_at_full_pass_through():
    # L and S buy only from each other: at pass_through 1 the money never leaves
    net = Network(("L", "S"), np.array([[0, 1.0], [2.0, 0]]), np.zeros((2, 2)), np.array([[False, True], [True, False]]))
    assert roundtrip.revenue_from_outside_dollar(net, "L", 0.9).sum() == pytest.approx(1 / 0.1)
    with pytest.raises(DivergentLoopError, match="L → S → L"):
        roundtrip.revenue_from_outside_dollar(net, "L", 1.0)


@pytest.mark.parametrize("kwargs, message", [
    (dict(spend_back=1.2, pass_through=0.5), "spend_back must be a share between 0 and 1"),
    (dict(spend_back=0.5, pass_through=-0.1), "pass_through must be a share between 0 and 1"),
])
def test_shares_outside_zero_to_one_are_refused(kwargs, message):
    with pytest.raises(ValueError, match=message):
        roundtrip.revenue_from_investments(NET, "V", **kwargs)


def test_unknown_company_lists_the_known_ones():
    with pytest.raises(ValueError, match="unknown company 'X'.*L, S, V"):
        roundtrip.revenue_from_outside_dollar(NET, "X", 0.5)


def test_network_checks_its_matrices():
    with pytest.raises(ValueError, match="3x3"):
        Network(COMPANIES, np.zeros((2, 2)), INVESTMENTS, BUYS)
    with pytest.raises(ValueError, match="negative"):
        Network(COMPANIES, -PURCHASES, INVESTMENTS, BUYS)


def test_sweep_moves_with_the_share_and_marks_divergence():
    table = roundtrip.sweep(NET, [0, 0.5, 1], "pass_through", spend_back=0.5, pass_through=0.5, entry="L", company="V")
    assert table["outside_dollar_revenue"].tolist() == pytest.approx([1, 1.75, 3])
    assert table.loc[1, "back_to_company"] == pytest.approx(0.625)
    by_spend = roundtrip.sweep(NET, [0, 1], "spend_back", spend_back=0.5, pass_through=0.5, entry="L", company="V")
    assert by_spend["self_funded_share"].is_monotonic_increasing
    loop = Network(("L", "S"), np.array([[0, 1.0], [2.0, 0]]), np.array([[0, 1.0], [0, 0]]),
                   np.array([[False, True], [True, False]]))
    marked = roundtrip.sweep(loop, [0.5, 1.0], "pass_through", spend_back=0.5, pass_through=0.5, entry="L", company="L")
    assert marked["diverges"].tolist() == [False, True]
    assert math.isnan(marked.loc[1, "outside_dollar_revenue"])
    with pytest.raises(ValueError, match="vary"):
        roundtrip.sweep(NET, [0], "other", spend_back=0.5, pass_through=0.5, entry="L", company="V")


def test_sweeps_run_both_shares_over_zero_to_one():
    by_pass, by_spend = roundtrip.sweeps(NET, spend_back=0.5, pass_through=0.5, entry="L", company="V", steps=3)
    assert by_pass["share"].tolist() == [0, 0.5, 1] and by_spend["share"].tolist() == [0, 0.5, 1]
    assert (by_pass.attrs["vary"], by_spend.attrs["vary"]) == ("pass_through", "spend_back")
    assert by_pass["outside_dollar_revenue"].tolist() == pytest.approx([1, 1.75, 3])
    # at spend-back 0.5 and pass-through 0.5, V's share is 6.25 / 7.75 (test_self_funded_share_by_hand)
    assert by_spend.loc[1, "self_funded_share"] == pytest.approx(6.25 / 7.75)
    default, _ = roundtrip.sweeps(NET, spend_back=0.5, pass_through=0.5, entry="L", company="V")
    assert len(default) == roundtrip.SWEEP_STEPS and default["share"].tolist()[:3] == [0, 0.05, 0.1]
    with pytest.raises(ValueError, match="at least 2 steps"):
        roundtrip.sweeps(NET, spend_back=0.5, pass_through=0.5, entry="L", company="V", steps=1)


def test_single_suppliers_are_the_companies_with_one_disclosed_supplier():
    # L buys only from S (its purchase from V is undisclosed), S only from V; V buys nothing
    assert roundtrip.single_suppliers(NET) == [("L", "S"), ("S", "V")]
    two = Network(("A", "B", "C"), np.array([[0, 1.0, 2.0], [0, 0, 0], [0, 0, 0]]), np.zeros((3, 3)),
                  np.array([[False, True, True], [False, False, False], [False, False, False]]))
    assert roundtrip.single_suppliers(two) == []


# --- many draws at once ------------------------------------------------------------------------------

def _scalar(net, company, entry, spend_back, pass_through):
    frame = roundtrip.self_funded(net, spend_back, pass_through)
    return dict(own=frame.loc[company, "own_money_back"], routed=frame.loc[company, "revenue_from_investments"],
                share=frame.loc[company, "self_funded_share"],
                outside=roundtrip.revenue_from_outside_dollar(net, entry, pass_through).sum())


def _assert_same(many, scalars):
    for key in ("own", "routed", "share", "outside"):
        expected = np.array([s[key] for s in scalars], dtype=float)
        np.testing.assert_allclose(many[key], expected, rtol=1e-12, atol=1e-14, equal_nan=True, err_msg=key)
        assert (np.isnan(many[key]) == np.isnan(expected)).all(), key


def _draws(n=60):
    rng = np.random.default_rng(7)
    spend_back, pass_through = rng.uniform(0, 1, n), rng.uniform(0, 0.99, n)
    # the corners: nothing spent back, nothing passed on, all spent back
    return np.r_[spend_back, 0, 0, 1, 1, 0.5], np.r_[pass_through, 0, 0.5, 0, 0.99, 0]


@pytest.mark.parametrize("company", COMPANIES)
def test_many_draws_equal_the_scalar_model_on_the_small_network(company):
    spend_back, pass_through = _draws()
    many = roundtrip.round_trips_many(NET, company, "L", spend_back, pass_through)
    _assert_same(many, [_scalar(NET, company, "L", sb, pt) for sb, pt in zip(spend_back, pass_through)])


def test_many_draws_equal_the_scalar_model_on_the_real_network():
    from helpers.sections.circular_revenue import figures

    frames = figures.load()
    spend_back, pass_through = _draws(25)
    for conditional in (True, False):
        net = figures.scope(frames, include_conditional=conditional, include_after_article=False, company="Nvidia",
                            entry_company="OpenAI", spend_back=0.5, pass_through=0.5).net
        for company in net.companies:  # investors, investees and companies that get nothing
            many = roundtrip.round_trips_many(net, company, "OpenAI", spend_back, pass_through)
            _assert_same(many, [_scalar(net, company, "OpenAI", sb, pt) for sb, pt in zip(spend_back, pass_through)])


def test_many_draws_by_hand():
    # V's own 6.25 of 7.75 (test_self_funded_share_by_hand); nothing at all at zero shares
    many = roundtrip.round_trips_many(NET, "V", "L", [0.5, 0.0], [0.5, 0.0])
    assert many["share"][0] == pytest.approx(6.25 / 7.75) and many["routed"][0] == pytest.approx(7.75)
    assert many["routed"][1] == 0 and np.isnan(many["share"][1])


def test_many_draws_refuse_a_diverging_loop_and_bad_shares():
    net = Network(("L", "S"), np.array([[0, 1.0], [2.0, 0]]), np.zeros((2, 2)), np.array([[False, True], [True, False]]))
    assert roundtrip.round_trips_many(net, "L", "L", [0.5], [0.9])["outside"][0] == pytest.approx(1 / 0.1)
    with pytest.raises(DivergentLoopError, match="L → S → L"):
        roundtrip.round_trips_many(net, "L", "L", [0.5, 0.5], [0.9, 1.0])
    with pytest.raises(ValueError, match="pass_through must be a 1-d array of shares between 0 and 1"):
        roundtrip.round_trips_many(NET, "V", "L", [0.5], [1.2])
    with pytest.raises(ValueError, match="spend_back must be a 1-d array of shares between 0 and 1"):
        roundtrip.round_trips_many(NET, "V", "L", [np.nan], [0.5])
    with pytest.raises(ValueError, match="one value per draw each, got 2 and 1"):
        roundtrip.round_trips_many(NET, "V", "L", [0.5, 0.5], [0.5])
    with pytest.raises(ValueError, match="unknown company 'X'"):
        roundtrip.round_trips_many(NET, "X", "L", [0.5], [0.5])
