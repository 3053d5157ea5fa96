"""The compiled passes of the market's appeal give the numpy expressions' numbers, bit for bit."""

import numpy as np

from sim.engine.processes.market import (
    PRICE_FLOOR,
    V_MAX,
    _flat,
    _minus_v,
    _multipliers,
    logit_share,
)


def test_appeal_passes_match_the_numpy_expressions():
    rng = np.random.default_rng(2)
    for _ in range(200):
        n = int(rng.integers(1, 50))

        def some(low, high, n=n):  # a number for all paths, or one per path
            one = rng.random() < 0.5
            return float(rng.uniform(low, high)) if one else rng.uniform(low, high, n)

        base = 0.0 if rng.random() < 0.5 else rng.normal(0, 3, n)
        reference, factor, a, price = some(10, 100), some(0.3, 1.0), some(0.8, 1.6), some(5, 200)
        if rng.random() < 0.2:
            factor = 1.0
        cut = 0.9 ** rng.integers(0, 500, n)  # down to the price floor, where e^v overflows
        rivals = rng.integers(0, 30, n).astype(float)
        s0 = 1.0 / (1.0 + rng.integers(0, 10, n))
        fc, fch = some(0.5, 1.5), some(0.5, 3.0)

        with np.errstate(all="ignore"):  # no rivals: 1 - s0 = 0, as in the engine
            market_price = np.maximum(reference * factor * cut, PRICE_FLOOR)
            v = base - a * (price / market_price - 1.0)
            lo = np.log(rivals) - V_MAX
            s = logit_share(v, rivals)
            want_conversion, want_churn = fc * (s / s0), fch * ((1.0 - s) / (1.0 - s0))

        x = np.empty(n)
        args = (_flat(y) for y in (base, reference, factor, a))
        _minus_v(*args, cut, _flat(price), _flat(lo), V_MAX, PRICE_FLOOR, x)
        with np.errstate(over="ignore"):
            np.exp(x, out=x)
        conversion, churn = np.empty(n), np.empty(n)
        _multipliers(x, rivals, s0, _flat(fc), _flat(fch), conversion, churn)
        assert conversion.tobytes() == want_conversion.tobytes()
        assert churn.tobytes() == want_churn.tobytes()
