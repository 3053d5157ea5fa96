"""The compiled passes of the market and demand give the numpy expressions' numbers, bit for
bit."""

import numpy as np
import pytest

from sim.engine.jit import per_path
from sim.engine.processes.demand import BassHazard, _bass_month
from sim.engine.processes.market import (
    PRICE_FLOOR,
    V_MAX,
    _arrive,
    _catch_up,
    _drift,
    _entry_rate,
    _minus_clipped,
    _minus_v,
    _multipliers,
    _scale_at,
    _set_at,
    logit_share,
)

# which of the (up to five) arguments that may be a number or per-path are per-path: none,
# all, and each one alone (a compiled version per mix; each argument is read on its own)
MIXES = [(False,) * 5, (True,) * 5] + [tuple(j == k for j in range(5)) for k in range(5)]


def _uniform(rng, low, high, n, per_path):
    """Uniform(low, high): one value per path, or one number for all (the two forms the
    compiled passes take)."""
    return rng.uniform(low, high, n) if per_path else float(rng.uniform(low, high))


@pytest.mark.parametrize("mix", MIXES)
def test_appeal_passes_match_the_numpy_expressions(mix):
    rng = np.random.default_rng(2)
    for _ in range(40):
        n = int(rng.integers(1, 50))
        kinds = iter(mix)

        def some(low, high, n=n, kinds=kinds):  # a number for all paths, or one a path
            return rng.uniform(low, high, n) if next(kinds) else float(rng.uniform(low, high))

        base = some(-3, 3)
        reference, factor, a, price = some(10, 100), some(0.3, 1.0), some(0.8, 1.6), some(5, 200)
        cut = 0.9 ** rng.integers(0, 500, n)  # down to the price floor, where e^v overflows
        rivals = rng.integers(0, 30, n).astype(float)
        s0 = 1.0 / (1.0 + rng.integers(0, 10, n))
        fc, fch = rng.uniform(0.5, 1.5, n), float(rng.uniform(0.5, 3.0))

        with np.errstate(all="ignore"):  # no rivals: 1 - s0 = 0, as in the engine
            market_price = np.maximum(reference * factor * cut, PRICE_FLOOR)
            v = base - a * (price / market_price - 1.0)
            lo = np.log(rivals) - V_MAX
            s = logit_share(v, rivals)
            want_conversion, want_churn = fc * (s / s0), fch * ((1.0 - s) / (1.0 - s0))

        x = np.empty(n)
        args = (per_path(y, n) for y in (base, reference, factor, a))
        _minus_v(*args, cut, per_path(price, n), lo, V_MAX, PRICE_FLOOR, x)
        with np.errstate(over="ignore"):
            np.exp(x, out=x)
        conversion, churn = np.empty(n), np.empty(n)
        _multipliers(x, rivals, s0, per_path(fc, n), per_path(fch, n), conversion, churn)
        assert conversion.tobytes() == want_conversion.tobytes()
        assert churn.tobytes() == want_churn.tobytes()


@pytest.mark.parametrize("mix", MIXES[:4])
def test_entrant_passes_match_the_numpy_expressions(mix):
    rng = np.random.default_rng(3)
    for _ in range(40):
        n = int(rng.integers(1, 60))
        base = _uniform(rng, 0, 0.2, n, mix[0])
        per_share = _uniform(rng, 0, 1, n, mix[1])
        size = _uniform(rng, -1e5, 1e6, n, mix[2])
        if mix[3]:
            size = np.where(rng.random(n) < 0.2, np.nan, size)  # NaN > 0 is false: share 0
        users = rng.uniform(0, 1e6, n)
        want = base + per_share * np.divide(
            users, size, out=np.zeros(n), where=np.asarray(size) > 0
        )
        lam = np.empty(n)
        _entry_rate(per_path(base, n), per_path(per_share, n), users, per_path(size, n), lam)
        assert lam.tobytes() == want.tobytes()

        new = rng.poisson(0.3, n).astype(float)
        new[rng.random(n) < 0.05] = np.nan
        rivals = rng.uniform(1, 9, n)
        want_rivals, want_came = rivals + new, np.flatnonzero(new != 0.0)
        came, count, now = np.full(n, -1, dtype=np.int64), np.empty(n), np.empty(n)
        m = _arrive(new, rivals, came, count, now)
        assert rivals.tobytes() == want_rivals.tobytes()
        assert np.array_equal(came[:m], want_came)
        assert count[:m].tobytes() == new[want_came].tobytes()
        assert now[:m].tobytes() == want_rivals[want_came].tobytes()

        lo, cut = rng.normal(size=n), rng.uniform(0.1, 1, n)
        want_lo, want_cut = lo.copy(), cut.copy()
        want_lo[want_came] = np.log(want_rivals[want_came]) - V_MAX
        want_cut[want_came] *= 0.9 ** new[want_came]
        _set_at(lo, came[:m], np.log(now[:m]), V_MAX)
        _scale_at(cut, came[:m], 0.9 ** count[:m])
        assert lo.tobytes() == want_lo.tobytes() and cut.tobytes() == want_cut.tobytes()


def test_a_log_of_some_paths_is_the_log_of_all_paths_there():
    # the market keeps ln N - V_MAX up to date where rivals came, by numpy's log of those
    # paths only: the same numbers as numpy's log of all paths (its vectorised log is not
    # libm's, so the engine does not take it in compiled code)
    rng = np.random.default_rng(4)
    for _ in range(300):
        n = int(rng.integers(1, 3000))
        rivals = np.where(rng.random(n) < 0.5, rng.integers(0, 40, n), rng.uniform(0, 60, n))
        every = np.log(rivals) if np.all(rivals) else np.log(rivals + 1.0)
        some = np.sort(rng.choice(n, int(rng.integers(1, n + 1)), replace=False))
        x = rivals[some] if np.all(rivals) else rivals[some] + 1.0
        assert np.log(x).tobytes() == every[some].tobytes()


@pytest.mark.parametrize("mix", MIXES[:4])
def test_the_bass_pass_matches_the_numpy_expressions(mix):
    rng = np.random.default_rng(5)
    for _ in range(40):
        n = int(rng.integers(1, 60))
        m = _uniform(rng, 1e3, 1e7, n, mix[0])
        p = _uniform(rng, 0, 0.05, n, mix[1])
        q = _uniform(rng, 0, 0.9, n, mix[2])
        season = rng.uniform(0, 2, n) if mix[3] else (1.0 if rng.random() < 0.5 else 0.7)
        shocked = rng.uniform(0, 2, n) if mix[0] else (1.0 if rng.random() < 0.5 else 0.5)
        factor = season * shocked
        users = rng.uniform(0, 1.2, n) * m  # past the market too: no one left
        bass = BassHazard(m, p, q)
        remaining = np.maximum(np.broadcast_to(m, (n,)) - users, 0.0)
        want = bass.of(remaining)
        if np.any(factor != 1.0):
            want *= factor
        got_remaining, h = np.empty(n), np.empty(n)
        args = (per_path(x, n) for x in (m, bass.k, bass.e))
        _bass_month(*args, users, per_path(season, n), per_path(shocked, n), got_remaining, h)
        assert got_remaining.tobytes() == remaining.tobytes()
        assert h.tobytes() == want.tobytes()


def test_quality_passes_match_the_numpy_expressions():
    rng = np.random.default_rng(6)
    for trial in range(60):
        n = int(rng.integers(1, 60))
        Q, F = rng.normal(2, 2, n), rng.normal(1, 2, n)
        a = rng.uniform(0, 0.01, n) if trial % 2 else 0.002
        d = rng.uniform(0, 0.1, n) if trial % 3 else 0.06
        productive = rng.integers(0, 30, n).astype(float)
        want_Q, want_F = Q.copy(), F.copy()
        want_Q += a * productive
        want_F += d
        _drift(Q, F, per_path(a, n), productive, per_path(d, n))
        assert Q.tobytes() == want_Q.tobytes() and F.tobytes() == want_F.tobytes()

        hit = rng.integers(1, 8, n) if trial % 4 else np.full(n, 99)  # 99: no hit this month
        c = rng.uniform(0, 1, n) if trial % 5 else 1.0
        if np.any(hit == 3):
            want_F += np.where(hit == 3, c * np.maximum(want_Q - want_F, 0.0), 0.0)
        _catch_up(Q, F, hit, 3, per_path(c, n))
        assert F.tobytes() == want_F.tobytes()

        rivals = rng.integers(0, 9, n).astype(float)
        v = rng.normal(0, 400, n) if trial % 2 else float(rng.normal(0, 400))
        with np.errstate(divide="ignore"):
            lo = np.log(rivals) - V_MAX
            want = -np.clip(v, lo, V_MAX)
        x = np.empty(n)
        _minus_clipped(per_path(v, n), lo, V_MAX, x)
        assert x.tobytes() == want.tobytes()
