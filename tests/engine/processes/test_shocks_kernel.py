"""The compiled shock passes give the numbers of the numpy expressions they replaced."""

import numpy as np
import pytest

from sim.engine.processes.shocks import _multiply, _stop


@pytest.mark.filterwarnings("ignore::RuntimeWarning")  # 1e300 x 1e300 overflows on purpose
def test_multipliers_are_the_numpy_product_bit_for_bit():
    rng = np.random.default_rng(0)
    special = [1.0, 0.0, -0.0, 0.5, 1 / 3, 1e300, 3.0, 0.7]
    for _ in range(300):
        n, shocks = int(rng.integers(1, 30)), int(rng.integers(1, 5))
        active = rng.random((shocks, n)) < 0.5
        moving = np.flatnonzero(rng.random(shocks) < 0.7)
        per_path = rng.random() < 0.5
        values = [
            rng.choice(special, n) if per_path and rng.random() < 0.7 else rng.choice(special)
            for _ in moving
        ]
        paths = np.flatnonzero(rng.random(n) < 0.5)
        want = np.ones(paths.size)  # the engine's numpy code
        for q, k in enumerate(moving):
            f = values[q][paths] if isinstance(values[q], np.ndarray) else values[q]
            want = want * np.where(active[k, paths], f, 1.0)
        factors = np.empty((moving.size, n if per_path else 1))
        for q in range(moving.size):
            factors[q] = values[q]
        out = np.full(n, 9.0)
        _multiply(out, paths, active, moving, factors)
        assert out[paths].tobytes() == want.tobytes()
        rest = np.setdiff1d(np.arange(n), paths)
        assert (out[rest] == 9.0).all()  # the other paths keep their multiplier


def test_stopped_streams_where_a_stopping_shock_is_active():
    rng = np.random.default_rng(1)
    for _ in range(200):
        n, shocks, streams = int(rng.integers(1, 30)), int(rng.integers(1, 5)), 3
        active = rng.random((shocks, n)) < 0.4
        stops = rng.random((streams, shocks)) < 0.4
        paths = np.flatnonzero(rng.random(n) < 0.6)
        stopped = rng.random((streams, n)) < 0.5
        want = stopped.copy()
        want[:, paths] = (stops.astype(np.int64) @ active[:, paths].astype(np.int64)) > 0
        _stop(stopped, paths, stops, active)
        np.testing.assert_array_equal(stopped, want)
