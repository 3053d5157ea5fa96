"""The compiled team pass gives the numbers of the numpy expressions it replaced, bit for bit."""

import numpy as np
import pytest

from sim.engine.processes.team import NOTHING, _month, _target


def same_bits(a, b) -> bool:
    """Equal to the last bit, signed zeros included; a NaN matches a NaN of either sign (which
    NaN an operation on two NaNs returns depends on the order the compiler gives its operands,
    and a NaN is not a number the engine reports)."""
    nan = np.isnan(a)
    return np.array_equal(nan, np.isnan(b)) and a[~nan].tobytes() == b[~nan].tobytes()


def numpy_follow(open_, arrived, t, lag, target, hc_prev, span):
    """Steps 1-4 of Team as numpy expressions (the engine's code before it was compiled)."""
    n = hc_prev.size
    hc = hc_prev.astype(float, copy=True)
    pending = open_[t : t + int(np.max(lag)) + 1]
    allowed = np.maximum(target - hc, 0.0)
    before = np.cumsum(pending, 0) - pending
    np.clip(allowed - before, 0.0, pending, out=pending)
    cut = np.maximum(hc - target, 0.0)
    if cut.any():
        ramping = arrived[max(t - span, 0) : t]
        ramping *= np.divide(hc - cut, hc, out=np.zeros(n), where=hc > 0)
        hc -= cut
    gap = np.maximum(target - hc - pending.sum(0), 0.0)
    if isinstance(lag, np.ndarray):
        open_[t + lag, np.arange(n)] += gap
    else:
        open_[t + lag] += gap
    arrived[t] = open_[t]
    hc += open_[t]
    return hc, cut


def numpy_month(
    open_, arrived, t, lag, base, per_head, most, last_revenue, hc_prev, ramp, pay, severance, costs
):
    """Team.step's target, steps 1-4, productive team and cost as numpy expressions (the
    engine's code before it was compiled)."""
    hc = np.broadcast_to(base, last_revenue.shape)
    if per_head is not None:
        with np.errstate(all="ignore"):
            hc = np.maximum(hc, np.ceil(last_revenue / per_head))
    if most is not None:
        hc = np.minimum(hc, most)
    target = hc
    span = int(np.ceil(np.max(ramp)))
    hc, cut = numpy_follow(open_, arrived, t, lag, target, hc_prev, span)
    productive = hc.copy()
    r = np.maximum(ramp, 1e-12)
    for j in range(min(span, t)):
        productive -= arrived[t - j] * np.maximum(0.0, 1.0 - (j + 1) / r)
    cost = hc * pay
    if severance is not None:
        cost = cost + cut * severance * pay
    costs += cost
    return target, hc, productive


@pytest.mark.filterwarnings("ignore::RuntimeWarning")  # inf x 0 and NaN on purpose
def test_compiled_pass_is_bit_identical():
    rng = np.random.default_rng(0)
    # ties, signed zeros, NaN, large and inexact values: where a reordering would show
    special = [0.0, -0.0, 1.0, 2.0, 3.0, 0.5, 1e16, np.nan, 7.0, 1 / 3]
    for _ in range(800):
        n, months = int(rng.integers(1, 40)), int(rng.integers(3, 30))
        t = int(rng.integers(1, months + 1))

        def values(shape):
            if rng.random() < 0.5:
                return rng.choice(special, size=shape)
            return np.round(rng.uniform(0, 20, shape)) * rng.choice([1, 0.1, 1 / 3])

        open_, arrived = values((months + 2, n)), values((months + 2, n))
        hc_prev = values(n)
        target = hc_prev.copy() if rng.random() < 0.1 else values(n)
        most = int(rng.integers(0, 8))
        lag = rng.integers(0, most + 1, n) if rng.random() < 0.5 else most
        lag = np.minimum(lag, months + 1 - t)
        span = int(rng.integers(0, 6))
        ramps = [0.0, 0.5, 1.0, 2.0, 3.5]
        ramp = rng.choice(ramps, n) if rng.random() < 0.5 else float(rng.choice(ramps[1:]))
        pay = values(n) if rng.random() < 0.5 else 4500.0
        severance = [None, 1.0, values(n)][int(rng.integers(0, 3))]
        per_head = [None, 3.0, values(n)][int(rng.integers(0, 3))]
        most = [None, 7.0, values(n)][int(rng.integers(0, 3))]
        base = values(n) if rng.random() < 0.5 else 2.0
        last_revenue = values(n) * 10
        o1, a1, o2, a2 = open_.copy(), arrived.copy(), open_.copy(), arrived.copy()
        costs1 = values(n)
        costs2 = costs1.copy()
        want = numpy_month(
            o1,
            a1,
            t,
            lag,
            base,
            per_head,
            most,
            last_revenue,
            hc_prev,
            ramp,
            pay,
            severance,
            costs1,
        )

        def flat(x):
            return NOTHING if x is None else np.asarray(x, dtype=float).reshape(-1)

        lags = np.asarray(lag, dtype=np.int64).reshape(-1)
        target, hc, productive = np.empty(n), hc_prev.copy(), np.empty(n)
        span = int(np.ceil(np.max(ramp)))
        _month(
            t,
            flat(base),
            flat(per_head),
            flat(most),
            last_revenue,
            True,
            o2,
            a2,
            lags,
            target,
            hc,
            flat(ramp),
            span,
            productive,
            flat(pay),
            flat(severance),
            costs2,
        )
        outs = zip(want + (o1, a1, costs1), (target, hc, productive, o2, a2, costs2), strict=True)
        for k, (a, b) in enumerate(outs):
            assert same_bits(a, b), k


def test_target_without_frictions_is_bit_identical():
    """Without frictions the month is the target, and its cost H x pay."""
    rng = np.random.default_rng(1)
    for _ in range(200):
        n = int(rng.integers(1, 30))
        last_revenue = rng.choice([0.0, -0.0, 1.0, 1e16, np.nan, np.inf, 7.5], size=n)
        per_head = rng.choice([0.0, 2.0, 1 / 3], size=n)
        most = rng.choice([0.0, 3.0, np.nan], size=n)
        pay = rng.uniform(0, 10, n)
        with np.errstate(all="ignore"):
            ratio = np.ceil(last_revenue / per_head)
        want = np.minimum(np.maximum(np.full(n, 2.0), ratio), most)
        costs = np.ones(n)
        got = np.empty(n)
        _month(
            1,
            np.array([2.0]),
            per_head,
            most,
            last_revenue,
            False,
            np.empty((0, 0)),
            np.empty((0, 0)),
            np.zeros(1, np.int64),
            got,
            got,
            NOTHING,
            0,
            got,
            pay,
            NOTHING,
            costs,
        )
        assert same_bits(want, got)
        assert same_bits(1.0 + want * pay, costs)
        again = np.empty(n)
        _target(np.array([2.0]), per_head, most, last_revenue, again)
        assert same_bits(want, again)
