"""Random streams: keyed by block and name, so adding a consumer changes nobody else's draws."""

from __future__ import annotations

import numpy as np

from sim.engine.rng import root_sequence, stream


def test_same_key_same_draws_other_key_other_draws():
    root = root_sequence(42)
    a = stream(root, 0, "param:x").random(5)
    assert np.array_equal(a, stream(root_sequence(42), 0, "param:x").random(5))
    assert not np.array_equal(a, stream(root, 1, "param:x").random(5))
    assert not np.array_equal(a, stream(root, 0, "param:y").random(5))
    assert not np.array_equal(a, stream(root_sequence(43), 0, "param:x").random(5))


def test_a_new_process_leaves_the_others_draws_unchanged(tmp_path):
    import yaml

    from sim.analysis.results import run
    from sim.scenario.loading import load
    from tests.helpers import SCENARIOS

    base = run(load(SCENARIOS / "dify.yaml"), paths=500, seed=7)
    # one more shock after dify's own, which never hits within the horizon
    data = yaml.safe_load((SCENARIOS / "dify.yaml").read_text())
    data["shocks"] = [*data.get("shocks", []), {"name": "nothing", "at_month": 99}]
    (tmp_path / "dify.yaml").write_text(yaml.safe_dump(data, allow_unicode=True))
    with_shock = run(load(tmp_path / "dify.yaml"), paths=500, seed=7)
    assert np.array_equal(base.batch.users, with_shock.batch.users)
    for key, draws in base.batch.inputs.items():
        assert np.array_equal(draws, with_shock.batch.inputs[key])
