"""The compiled exit passes give what the numpy expressions of the rules give."""

import numpy as np

from sim.engine.processes.exits import _clock, _winds_down


def test_clock_adds_the_hazard_where_the_rule_applies():
    rng = np.random.default_rng(0)
    for _ in range(300):
        n = int(rng.integers(1, 40))
        t = int(rng.integers(1, 13))
        live = rng.random(n) < 0.7
        start = rng.integers(1, 13, n) if rng.random() < 0.5 else np.array([int(t)])
        total = rng.choice([0.0, 0.5, 1.0, np.nan], n)
        rate = rng.choice([0.0, -0.0, 0.01, 0.3, np.inf], n)
        threshold = rng.exponential(1.0, n)
        on = live & (t >= start)
        want_total = total + np.where(on, rate, 0.0)  # the engine's numpy code
        want = on & (want_total >= threshold)
        hit = np.empty(n, dtype=bool)
        some = _clock(total, rate, live, t, start, threshold, hit)
        assert total.tobytes() == want_total.tobytes()
        np.testing.assert_array_equal(hit, want)
        assert some == want.any()


def test_shutdown_rule_by_its_four_conditions():
    rng = np.random.default_rng(1)
    talking = 1
    for _ in range(300):
        n, rounds = int(rng.integers(1, 40)), int(rng.integers(0, 3))
        t = int(rng.integers(1, 13))
        cash = rng.choice([-1e5, 0.0, 1e4, 5e4, 1e6, np.nan], n)
        burn = rng.choice([-1e4, 0.0, -0.0, 1e4, 3e4, np.inf], n)
        live, ends = rng.random(n) < 0.8, rng.random(n) < 0.2
        start = rng.integers(1, 13, n) if rng.random() < 0.5 else np.array([6])
        below = rng.choice([2.0, 3.0], n) if rng.random() < 0.5 else np.array([3.0])
        flat = np.array([6.0]) if rng.random() < 0.5 else rng.choice([3.0, 6.0], n)
        flat_months = rng.integers(0, 10, n).astype(float)
        high = rng.choice([0.0, 1.0, 100.0], n)
        status = rng.integers(0, 4, (rounds, n)).astype(np.int8)
        with np.errstate(all="ignore"):
            runway = np.where(burn > 0, cash / burn, np.inf)
        want = live & ~ends & (t >= start) & (runway < below) & (flat_months >= flat)
        want &= (high > 0) & (status != talking).all(0)
        out = np.empty(n, dtype=bool)
        args = cash, burn, live, ends, t, start, below, flat_months, flat, high, status, talking
        some = _winds_down(*args, out)
        np.testing.assert_array_equal(out, want)
        assert some == want.any()
