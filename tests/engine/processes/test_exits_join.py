"""Sales split together (Exits.flush) get the numbers they get split one by one."""

import numpy as np

from sim.engine.cap_table import CapTable, Series
from sim.engine.processes.exits import _join, _take
from sim.engine.waterfall import waterfall


def test_sales_split_together_match_sales_split_alone_bit_for_bit():
    rng = np.random.default_rng(3)
    for series in (0, 1, 2):
        for _ in range(40):
            n = int(rng.integers(1, 30))
            table = CapTable(
                rng.uniform(0.2, 1.0, n),
                rng.uniform(0.0, 0.2, n),
                tuple(
                    Series(
                        f"s{k}",
                        np.where(rng.random(n) < 0.3, 0.0, rng.uniform(0, 1, n)),
                        np.where(rng.random(n) < 0.3, 0.0, rng.lognormal(13, 1, n)),
                        rng.choice([1.0, 2.0]) if rng.random() < 0.5 else rng.uniform(1, 2, n),
                        bool(rng.random() < 0.5),
                        int(rng.integers(0, 2)),
                    )
                    for k in range(series)
                ),
                rng.uniform(0, 1, n),
            )
            cuts = np.sort(rng.choice(np.arange(1, n + 1), size=min(n, 3), replace=False))
            parts = np.split(rng.permutation(n), cuts[:-1])
            values = [rng.choice([0.0, 1e5, 1e7, 1e9], p.size) * rng.random(p.size) for p in parts]
            alone = [waterfall(_take(table, p), v) for p, v in zip(parts, values, strict=True)]
            together = waterfall(_join([_take(table, p) for p in parts]), np.concatenate(values))
            for name in ("founders", "investors"):
                joined = np.concatenate([a[name] for a in alone])
                assert joined.tobytes() == together[name].tobytes()
