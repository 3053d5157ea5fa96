"""The compiled team pass gives the numbers of the numpy expressions it replaced, bit for bit."""

import numpy as np

from sim.engine.processes.team import _follow_paths


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
        o1, a1, o2, a2 = open_.copy(), arrived.copy(), open_.copy(), arrived.copy()
        want = numpy_follow(o1, a1, t, lag, target, hc_prev, span)
        lags = np.ascontiguousarray(np.broadcast_to(lag, (n,)), dtype=np.int64)
        hc, cut = hc_prev.copy(), np.empty(n)
        _follow_paths(o2, a2, t, lags, int(lags.max()) + 1, target, hc, cut, max(t - span, 0))
        for a, b in ((want[0], hc), (want[1], cut), (o1, o2), (a1, a2)):
            assert a.tobytes() == b.tobytes()
