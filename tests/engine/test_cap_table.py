"""Tests for cap_table: hand-worked cases, closed forms and invariants over many paths."""

import itertools

import numpy as np
import pytest

from sim.engine.cap_table import CapTable, Safe, Series, convert_safes, priced_round
from sim.engine.waterfall import waterfall

M = 1e6


def table_of(founders, pool, *series):
    """One-path-per-entry table built directly: ``series`` are (name, shares, invested,
    multiple, participating, seniority) with array-like shares/invested."""
    founders = np.atleast_1d(np.asarray(founders, dtype=float))
    n = len(founders)
    built = tuple(
        Series(nm, np.broadcast_to(np.asarray(sh, float), (n,)).copy(),
               np.broadcast_to(np.asarray(inv, float), (n,)).copy(), mult, part, sen)
        for nm, sh, inv, mult, part, sen in series
    )  # fmt: skip
    return CapTable(founders, np.broadcast_to(float(pool), (n,)).copy(), built, np.full(n, np.nan))


def assert_conserves(out, proceeds):
    total = out["founders"] + out["pool"] + sum(out["series"].values())
    np.testing.assert_allclose(total, proceeds, rtol=1e-9, atol=1e-6)
    np.testing.assert_allclose(out["investors"], sum(out["series"].values()), rtol=1e-12)
    for part in [out["founders"], out["pool"], *out["series"].values()]:
        assert np.all(part >= 0.0)


# --- priced rounds -------------------------------------------------------------------------


def test_start_splits_founders_and_pool():
    t = CapTable.start(4, pool=0.1)
    np.testing.assert_allclose(t.founders, 0.9)
    np.testing.assert_allclose(t.total, 1.0)
    assert np.all(np.isnan(t.last_post_money))


def test_founders_after_k_rounds_is_product_of_pre_over_post():
    rng = np.random.default_rng(7)
    n, f0 = 5000, 0.85
    t = CapTable.start(n, pool=1 - f0)
    expected = np.full(n, f0)
    for k in range(4):
        closes = rng.random(n) < 0.7
        pre = rng.lognormal(np.log(10 * M) + k, 0.8, n)
        amount = pre * rng.uniform(0.05, 0.6, n)
        t = priced_round(t, closes, pre, amount, f"R{k}").table
        expected = np.where(closes, expected * pre / (pre + amount), expected)
        # the new investors own exactly amount / post right after their round
        own = t.ownership()
        np.testing.assert_allclose(own[f"R{k}"][closes], (amount / (pre + amount))[closes])
        assert np.all(own[f"R{k}"][~closes] == 0.0)
    np.testing.assert_allclose(t.ownership()["founders"], expected, rtol=1e-12)
    np.testing.assert_allclose(sum(t.ownership().values()), 1.0, rtol=1e-12)


def test_paths_where_round_does_not_close_are_unchanged():
    rng = np.random.default_rng(3)
    n = 1000
    t = priced_round(CapTable.start(n), np.ones(n, bool), 9 * M, 1 * M, "seed").table
    safe = Safe("safe", np.full(n, 0.5 * M), 8 * M, 0.2)
    closes = rng.random(n) < 0.5
    r = priced_round(t, closes, 20 * M, 5 * M, "A", pool_top_up=0.15, safes=[safe])
    new = r.table
    o = ~closes
    for before, after in [(t.founders, new.founders), (t.pool, new.pool), (t.total, new.total),
                          (t.series[0].shares, new.series[0].shares),
                          (t.last_post_money, new.last_post_money)]:  # fmt: skip
        assert np.array_equal(before[o], after[o])
    for holder in ["founders", "pool", "seed"]:
        assert np.array_equal(t.ownership()[holder][o], new.ownership()[holder][o])
    for holder in ["founders", "seed"]:  # while the closing paths were diluted
        assert np.all(new.ownership()[holder][closes] < t.ownership()[holder][closes])
    np.testing.assert_allclose(new.ownership()["pool"][closes], 0.15)
    for s in new.series[1:]:
        assert np.all(s.shares[o] == 0.0) and np.all(s.invested[o] == 0.0)
    assert np.array_equal(r.safes[0].investment, np.where(closes, 0.0, 0.5 * M))
    assert not r.down_round[o].any()


def test_down_round_is_flagged_per_path():
    n = 3
    first = priced_round(CapTable.start(n), np.ones(n, bool), 9 * M, 1 * M, "seed")
    assert not first.down_round.any()  # no earlier post-money to fall below
    np.testing.assert_allclose(first.table.last_post_money, 10 * M)
    pre = np.array([8 * M, 10 * M, 12 * M])  # below, equal to, above the seed's 10M post
    second = priced_round(first.table, np.ones(n, bool), pre, 2 * M, "A")
    assert second.down_round.tolist() == [True, False, False]
    skipped = priced_round(first.table, np.zeros(n, bool), pre, 2 * M, "A")
    assert not skipped.down_round.any()


def test_pool_top_up_comes_out_of_the_pre_money():
    n = 2
    t = CapTable.start(n, pool=np.float64(0.05))
    r = priced_round(t, np.ones(n, bool), np.array([16 * M, 30 * M]), 4 * M, "A", pool_top_up=0.15)
    own = r.table.ownership()
    np.testing.assert_allclose(own["pool"], 0.15)
    np.testing.assert_allclose(own["A"], 4 / np.array([20, 34]))
    # hand case, path 0: founders keep 1 - 0.15 - 0.20 = 65% instead of 0.95 * 0.8 = 76%
    np.testing.assert_allclose(own["founders"][0], 0.65)
    # a pool already above target is left alone
    r2 = priced_round(t, np.ones(n, bool), 16 * M, 4 * M, "A", pool_top_up=0.01)
    assert np.array_equal(r2.table.pool, t.pool)
    with pytest.raises(ValueError):
        priced_round(t, np.ones(n, bool), 16 * M, 4 * M, "A", pool_top_up=0.8)
    # a SAFE at least (1 - discount) x pre-money would convert into more than the company
    with pytest.raises(ValueError, match="whole"):
        convert_safes(t, np.ones(n, bool), 1 * M, [Safe("big", np.full(n, 0.9 * M), 5 * M, 0.2)])


# --- SAFEs and notes ----------------------------------------------------------------------


def test_post_money_safe_at_cap_by_hand():
    # Founders 90%, pool 10% of 1.0 share. $1M SAFE, $10M post-money cap, 20% discount; priced
    # round $4M at $16M pre. Cap price beats discount price iff 10M < 0.8 * 16M = 12.8M: yes.
    # At the cap the holder owns 1/10 of the capitalization C including itself:
    # C = 1 / (1 - 0.1) = 1.1111, SAFE shares 0.1111. Round price p = 16M / 1.1111 = 14.4M per
    # share, new shares 4M / 14.4M = 0.2778, total 1.3889. Holder: 0.1111 / 1.3889 = 8%
    # (= 10% x 16/20); founders 0.9 / 1.3889 = 64.8%; pool 7.2%; series A 20%.
    t = CapTable.start(1, pool=0.1)
    r = priced_round(t, [True], 16 * M, 4 * M, "A", safes=[Safe("safe", [1 * M], 10 * M, 0.2)])
    own = r.table.ownership()
    np.testing.assert_allclose(own["safe@A"], 0.08)
    np.testing.assert_allclose(own["founders"], 0.648)
    np.testing.assert_allclose(own["pool"], 0.072)
    np.testing.assert_allclose(own["A"], 0.20)
    np.testing.assert_allclose(r.table.series[0].invested, 1 * M)  # the SAFE's series comes first
    assert r.table.series[0].seniority == r.table.series[1].seniority  # shadow series of A
    assert r.safes[0].investment[0] == 0.0


def test_safe_at_discount_by_hand():
    # Same, cap $20M: 20M > 12.8M so the discount wins. Holder pays 0.8 p per share; its 1M buys
    # shares worth 1.25M at the round price, so it owns 1.25M / 20M post = 6.25%.
    # Before the round: C = 1 + C / 12.8 -> C = 12.8 / 11.8, holder 1 / 12.8 = 7.8125% of C.
    t = CapTable.start(1, pool=0.1)
    r = priced_round(t, [True], 16 * M, 4 * M, "A", safes=[Safe("safe", [1 * M], 20 * M, 0.2)])
    np.testing.assert_allclose(r.table.ownership()["safe@A"], 0.0625)
    t2, _ = convert_safes(t, [True], 16 * M, [Safe("safe", [1 * M], 20 * M, 0.2)])
    np.testing.assert_allclose(t2.total, 12.8 / 11.8)
    np.testing.assert_allclose(t2.ownership()["safe"], 1 / 12.8)


def test_post_money_safes_do_not_dilute_each_other():
    # YC's point: each post-money SAFE owns investment / cap of the pre-round capitalization.
    # 1M at 10M and 2M at 20M: 10% each, C = 1 / (1 - 0.2) = 1.25.
    safes = [Safe("s1", [1 * M], 10 * M), Safe("s2", [2 * M], 20 * M)]
    t, _ = convert_safes(CapTable.start(1), [True], 50 * M, safes)
    np.testing.assert_allclose(t.total, 1.25)
    np.testing.assert_allclose([t.ownership()["s1"], t.ownership()["s2"]], 0.10)


def test_convertible_note_accrues_simple_interest_and_pre_money_cap():
    # $1M note, 8%/year simple, 18 months: converts 1.12M. Post-money cap 10M -> 11.2% of C,
    # diluted by 16/20 in the round: 8.96%.
    note = Safe("note", [1 * M], 10 * M, 0.2, interest_rate_per_year=0.08, months_outstanding=18)
    r = priced_round(CapTable.start(1), [True], 16 * M, 4 * M, "A", safes=[note])
    np.testing.assert_allclose(r.table.ownership()["note@A"], 0.112 * 0.8)
    np.testing.assert_allclose(r.table.series[0].invested, 1 * M)  # MOIC on the cash put in
    # A pre-money cap of 9M on 1.0 share gives price 9M per share: 1M buys 1/9 of a share, the
    # same 10% of C as a 10M post-money cap for a lone SAFE.
    pre_cap = Safe("pre", [1 * M], 9 * M, conversion_timing="pre_money")
    t, _ = convert_safes(CapTable.start(1), [True], 16 * M, [pre_cap])
    np.testing.assert_allclose(t.ownership()["pre"], 0.10)


def test_discount_price_is_consistent_with_round_price_under_pool_top_up():
    rng = np.random.default_rng(11)
    n = 2000
    t = priced_round(CapTable.start(n, 0.05), np.ones(n, bool), 4 * M, 1 * M, "seed").table
    inv = rng.uniform(0.2, 2, n) * M
    cap = rng.uniform(5, 60, n) * M
    pre, amount = rng.uniform(10, 40, n) * M, rng.uniform(2, 10, n) * M
    r = priced_round(t, np.ones(n, bool), pre, amount, "A", pool_top_up=0.12,
                     safes=[Safe("safe", inv, cap, 0.2)])  # fmt: skip
    new = r.table
    s, a = new.series[1].shares, new.series[2].shares
    price = pre / (new.total - a)  # the round's price per share
    np.testing.assert_allclose(new.ownership()["pool"], 0.12)
    np.testing.assert_allclose(new.ownership()["A"], amount / (pre + amount))
    company_cap = t.total + s  # capitalization: excludes the pool increase
    at_cap, at_discount = s * cap / company_cap, s * 0.8 * price
    # the holder converted at the better of the two prices, and exactly at that price
    np.testing.assert_allclose(np.minimum(cap / company_cap, 0.8 * price), inv / s, rtol=1e-10)
    np.testing.assert_allclose(np.where(cap / company_cap < 0.8 * price, at_cap, at_discount), inv)
    assert 0 < (cap / company_cap < 0.8 * price).mean() < 1  # both branches exercised


def test_several_safes_and_a_top_up_that_binds_only_after_conversion():
    # Pool 10% of 1.0 share; target 5-9% post-money: t * post/pre * 1.0 is below the pool before
    # conversion but above it once the SAFEs add their shares, so the solver must cross the
    # top-up kink (and some SAFEs switch between cap and discount on the way).
    rng = np.random.default_rng(17)
    n = 4000
    t = CapTable.start(n, 0.10)
    pre, amount = rng.uniform(8, 20, n) * M, rng.uniform(0.15, 0.3, n)
    amount = amount * pre
    target = rng.uniform(0.05, 0.09, n)
    safes = [Safe(f"s{i}", rng.uniform(0.5, 1.5, n) * M, rng.uniform(10, 30, n) * M, 0.25)
             for i in range(3)]  # fmt: skip
    closes, used_cap = np.ones(n, bool), np.zeros(n, bool)
    for tgt in np.unique(np.round(target, 2)):  # pool_top_up is a scalar: group the paths
        on = np.isclose(np.round(target, 2), tgt)
        r = priced_round(t, on, pre, amount, "A", pool_top_up=tgt, safes=safes)
        new = r.table
        c = t.total + sum(s.shares for s in new.series[:3])
        price = pre / (new.total - new.series[3].shares)
        for s, series in zip(safes, new.series[:3], strict=True):
            best = np.minimum(s.conversion_valuation_cap / c, 0.75 * price)
            np.testing.assert_allclose((series.shares * best)[on], s.investment[on], rtol=1e-10)
            used_cap |= on & (s.conversion_valuation_cap / c < 0.75 * price)
        pool = new.ownership()["pool"][on]
        assert np.all(pool >= tgt * (1 - 1e-12))
        topped = new.pool[on] > t.pool[on]
        np.testing.assert_allclose(pool[topped], tgt)
        closes &= ~on
    assert not closes.any()
    bind_before = target * (pre + amount) / pre > 0.10
    assert 0 < bind_before.mean() < 1  # many paths bind only after the SAFEs convert
    assert 0 < used_cap.mean() < 1  # both conversion prices occur


# --- waterfall --------------------------------------------------------------------------------


def test_models_md_hand_case():
    t = priced_round(CapTable.start(3, pool=0.0), np.ones(3, bool), 40 * M, 10 * M, "A").table
    np.testing.assert_allclose(t.ownership()["founders"], 0.8)
    e = np.array([5, 30, 100]) * M
    out = waterfall(t, e)
    np.testing.assert_allclose(out["investors"], np.array([5, 10, 20]) * M)
    np.testing.assert_allclose(out["founders"], np.array([0, 20, 80]) * M, atol=1e-6)
    assert out["converted"]["A"].tolist() == [False, False, True]
    np.testing.assert_allclose(out["moic"]["A"], [0.5, 1.0, 2.0])
    assert_conserves(out, e)


def test_two_series_senior_a_by_hand():
    # Founders 90%, pool 10%. Seed 1M at 9M pre (10% post), A 5M at 15M pre (25% post), both 1x
    # non-participating, A senior. After A: founders 60.75%, pool 6.75%, seed 7.5%, A 25%.
    # Thresholds (pref per unit of company): A 5M / 0.25 = 20M, seed 1M / 0.075 = 13.33M.
    # E = 3M: A takes all 3M; seed and common get 0.
    # E = 8M: A 5M, seed 1M, rest 2M to common (0.675): founders 1.8M, pool 0.2M. The common
    #   price 2M / 0.675 = 2.96M < 13.33M: nobody converts (seed as common: 0.3M < 1M).
    # E = 20M: all take pref -> price 14M / 0.675 = 20.7M > 13.33M: the seed converts; price
    #   15M / 0.75 = 20M = A's threshold: A is indifferent (5M either way). Seed 1.5M, founders
    #   12.15M, pool 1.35M, A 5M.
    # E = 100M: everyone converts: pro rata 60.75M, 6.75M, 7.5M, 25M.
    t = CapTable.start(4, pool=0.1)
    t = priced_round(t, np.ones(4, bool), 9 * M, 1 * M, "seed").table
    t = priced_round(t, np.ones(4, bool), 15 * M, 5 * M, "A").table
    e = np.array([3, 8, 20, 100]) * M
    out = waterfall(t, e)
    np.testing.assert_allclose(out["series"]["A"], np.array([3, 5, 5, 25]) * M)
    np.testing.assert_allclose(out["series"]["seed"], np.array([0, 1, 1.5, 7.5]) * M, atol=1e-6)
    np.testing.assert_allclose(out["founders"], np.array([0, 1.8, 12.15, 60.75]) * M, atol=1e-6)
    np.testing.assert_allclose(out["pool"], np.array([0, 0.2, 1.35, 6.75]) * M, atol=1e-6)
    assert out["converted"]["seed"].tolist() == [False, False, True, True]
    np.testing.assert_allclose(out["moic_investors"], np.array([3, 6, 6.5, 32.5]) / 6)
    assert_conserves(out, e)
    # pari passu instead: at E = 3M the 6M of claims are cut pro rata: seed 0.5M, A 2.5M
    p = priced_round(CapTable.start(1, pool=0.1), [True], 9 * M, 1 * M, "seed").table
    p = priced_round(p, [True], 15 * M, 5 * M, "A", pari_passu=True).table
    out = waterfall(p, [3 * M])
    np.testing.assert_allclose(
        [out["series"]["seed"][0], out["series"]["A"][0]], [0.5 * M, 2.5 * M]
    )


def test_one_conversion_per_pass_avoids_overshoot():
    # Founders 0.3; a: 0.6 shares, pref 1 (threshold 1.67); b: 0.1 shares, pref 2 (threshold
    # 20); E = 10. All on pref: price 7 / 0.3 = 23.3, above both thresholds. Converting both at
    # once would give b 0.1 x 10 = 1 < 2. Converting a alone: price 8 / 0.9 = 8.89 < 20, so b
    # keeps its pref: b 2, a 0.6 x 8.89 = 5.33, founders 2.67.
    t = table_of([0.3], 0.0, ("a", 0.6, 1.0, 1.0, False, 0), ("b", 0.1, 2.0, 1.0, False, 0))
    out = waterfall(t, [10.0])
    assert out["converted"]["a"][0] and not out["converted"]["b"][0]
    np.testing.assert_allclose(out["series"]["b"], 2.0)
    np.testing.assert_allclose(out["series"]["a"], 0.6 * 8 / 0.9)
    np.testing.assert_allclose(out["founders"], 0.3 * 8 / 0.9)


def test_participating_by_hand():
    # 10M for 20%, 1x participating, founders 80%: takes 10M then 20% of the rest.
    # E = 5M: 5M / 0; E = 30M: 10 + 0.2 x 20 = 14M / 16M; E = 100M: 10 + 18 = 28M / 72M.
    t = priced_round(CapTable.start(3, 0.0), np.ones(3, bool), 40 * M, 10 * M, "A",
                     participating=True).table  # fmt: skip
    e = np.array([5, 30, 100]) * M
    out = waterfall(t, e)
    np.testing.assert_allclose(out["investors"], np.array([5, 14, 28]) * M)
    np.testing.assert_allclose(out["founders"], np.array([0, 16, 72]) * M, atol=1e-6)
    assert not out["converted"]["A"].any()
    # 2x non-participating: pref 20M; converts only once 20% of E exceeds 20M (E > 100M)
    t2 = priced_round(CapTable.start(2, 0.0), np.ones(2, bool), 40 * M, 10 * M, "A", 2.0).table
    out2 = waterfall(t2, np.array([60, 150]) * M)
    np.testing.assert_allclose(out2["investors"], np.array([20, 30]) * M)


def test_zero_invested_gives_nan_moic_and_no_series_means_common_takes_all():
    t = priced_round(CapTable.start(2), np.array([True, False]), 9 * M, 1 * M, "seed").table
    out = waterfall(t, np.array([50 * M, 50 * M]))
    assert np.isfinite(out["moic"]["seed"][0]) and np.isnan(out["moic"]["seed"][1])
    assert np.isnan(out["moic_investors"][1])
    bare = waterfall(CapTable.start(2, 0.1), np.array([0.0, 10 * M]))
    np.testing.assert_allclose(bare["founders"], [0, 9 * M])
    assert bare["series"] == {}
    with pytest.raises(ValueError):
        waterfall(t, np.array([-1.0, 1.0]))


def _reference_payout(founders, pool, shares, pref, part, senior, conv, e):
    """Scalar, loop-based waterfall of one path for a given set of conversion decisions."""
    rest, paid = e, [0.0] * len(shares)
    for level in sorted(set(senior), reverse=True):
        group = [k for k in range(len(shares)) if senior[k] == level and not conv[k]]
        want = sum(pref[k] for k in group)
        take = min(want, rest)
        for k in group:
            paid[k] = pref[k] * take / want if want > 0 else 0.0
        rest -= take
    common = founders + pool + sum(s for s, c, p in zip(shares, conv, part, strict=True) if c or p)
    price = rest / common
    return [
        paid[k] + (shares[k] * price if conv[k] or part[k] else 0.0) for k in range(len(shares))
    ]


def test_conversion_decisions_are_an_equilibrium_against_brute_force():
    rng = np.random.default_rng(5)
    n, k = 400, 3
    founders = rng.uniform(0.2, 0.6, n)
    shares = rng.uniform(0.02, 0.3, (k, n))
    invested = rng.uniform(0.1, 5, (k, n))
    mult = [1.0, 1.5, 2.0]
    part = [False, False, True]
    senior = [0, 1, 1]
    t = table_of(founders, 0.05, *[(f"s{j}", shares[j], invested[j], mult[j], part[j], senior[j])
                                   for j in range(k)])  # fmt: skip
    e = rng.lognormal(np.log(8), 1.2, n)
    out = waterfall(t, e)
    for i in range(n):
        pref = [mult[j] * invested[j, i] for j in range(k)]
        args = (founders[i], 0.05, shares[:, i], pref, part, senior)
        conv = [bool(out["converted"][f"s{j}"][i]) for j in range(k)]
        got = [out["series"][f"s{j}"][i] for j in range(k)]
        np.testing.assert_allclose(got, _reference_payout(*args, conv, e[i]), rtol=1e-9)
        for j in range(k):  # no non-participating series gains by switching alone
            if not part[j]:
                alt = conv.copy()
                alt[j] = not alt[j]
                assert _reference_payout(*args, alt, e[i])[j] <= got[j] * (1 + 1e-9) + 1e-12
        # and no other decision set is an equilibrium with different payouts
        for combo in itertools.product([False, True], repeat=2):
            c = [*combo, False]
            pay = _reference_payout(*args, c, e[i])
            stable = all(
                _reference_payout(*args, c[:j] + [not c[j]] + c[j + 1 :], e[i])[j]
                <= pay[j] * (1 + 1e-9) + 1e-12
                for j in range(2)
            )
            if stable:
                np.testing.assert_allclose(pay, got, rtol=1e-7, atol=1e-9)
    assert 0 < out["converted"]["s0"].mean() < 1  # both decisions occur


def test_sum_identity_on_100k_random_paths():
    rng = np.random.default_rng(2024)
    n = 100_000
    t = CapTable.start(n, pool=0.1)
    safe = Safe("safe", np.where(rng.random(n) < 0.5, rng.uniform(0.05, 0.5, n) * M, 0.0),
                rng.uniform(4, 20, n) * M, 0.2, months_outstanding=rng.uniform(0, 24, n),
                interest_rate_per_year=0.06)  # fmt: skip
    safes, pre = [safe], 8 * M
    terms = [(1.0, False, False), (1.0, True, False), (2.0, False, True)]
    for j, (mult, part, pari) in enumerate(terms):
        closes = rng.random(n) < 0.8
        pre = pre * rng.lognormal(0.3 + 0.4 * (j > 0), 0.4, n)
        amount = pre * rng.uniform(0.1, 0.4, n)
        r = priced_round(t, closes, pre, amount, f"R{j}", mult, part, 0.12 if j == 1 else None,
                         pari_passu=pari, safes=safes)  # fmt: skip
        t, safes = r.table, r.safes
        assert not r.down_round[~closes].any()
        assert r.down_round[closes].any() == (j > 0)
    e = np.where(rng.random(n) < 0.2, 0.0, rng.lognormal(np.log(30 * M), 1.5, n))
    out = waterfall(t, e)
    assert_conserves(out, e)
    total = out["founders"] + out["pool"] + out["investors"]
    assert np.all(np.abs(total - e) <= 1e-9 * e + 1e-6)
    assert np.all(total[e == 0] == 0)
    for s in t.series:  # MOIC is NaN exactly where the series was never bought
        assert np.array_equal(np.isnan(out["moic"][s.name]), s.invested == 0)
    assert np.all(out["moic_investors"][np.isfinite(out["moic_investors"])] >= 0)
