"""The runner: chunks and workers change nothing but the speed."""

from __future__ import annotations

import numpy as np
import pytest

import sim
from sim.engine import runner
from sim.engine.batch import simulate
from sim.engine.rng import BLOCK_PATHS, root_sequence
from sim.scenario.loading import load
from tests.helpers import SCENARIOS


@pytest.fixture(scope="module")
def dify():
    return load(SCENARIOS / "dify.yaml").scenario


def test_a_run_is_its_chunks_side_by_side(dify):
    n = runner.CHUNK_PATHS + 10
    whole = sim.run(dify, paths=n, seed=5, months=6, workers=1)
    tail = simulate(dify, 10, root_sequence(5), first=runner.CHUNK_PATHS, months=6)
    assert np.array_equal(whole.batch.death_month[-10:], tail.death_month)
    assert np.array_equal(whole.batch.cash[:, -10:], tail.cash)
    assert whole.batch.events["path"].max() >= runner.CHUNK_PATHS  # events renumbered


def test_workers_give_identical_results(dify):
    n = 2 * runner.CHUNK_PATHS + 5
    one = sim.run(dify, paths=n, seed=8, months=8, workers=1)
    two = sim.run(dify, paths=n, seed=8, months=8, workers=2)
    for name in ("death_month", "cause", "gap", "cash", "revenue", "users", "cost_sums"):
        assert np.array_equal(getattr(one.batch, name), getattr(two.batch, name)), name
    assert np.array_equal(one.batch.events, two.batch.events)


def test_a_run_on_workers_leaves_the_garbage_collector_as_it_was(dify):
    """The parent's objects are frozen while workers run (sim.engine.runner._executor), then not."""
    import gc

    sim.run(dify, paths=runner.CHUNK_PATHS + 1, seed=8, months=2, workers=2)
    assert gc.get_freeze_count() == 0


def test_any_chunk_size_gives_identical_results(dify):
    """Draws are keyed by blocks of paths, not by chunks (sim.engine.draws)."""
    n = 3 * BLOCK_PATHS + 17
    runs = [
        sim.run(dify, paths=n, seed=4, months=9, workers=w, chunk_paths=size)
        for size, w in ((BLOCK_PATHS, 1), (2 * BLOCK_PATHS, 2), (4 * BLOCK_PATHS, 1))
    ]
    for r in runs[1:]:
        for name in ("death_month", "cause", "gap", "final_cash", "cash", "users", "cost_sums"):
            assert np.array_equal(getattr(r.batch, name), getattr(runs[0].batch, name)), name
        for key, values in r.batch.inputs.items():
            assert np.array_equal(values, runs[0].batch.inputs[key]), key
        assert np.array_equal(r.batch.events, runs[0].batch.events)
    with pytest.raises(ValueError, match="multiple of"):
        sim.run(dify, paths=10, chunk_paths=1000)


def test_bad_sizes_are_refused(dify):
    with pytest.raises(ValueError, match="at least 1"):
        sim.run(dify, paths=0)
    with pytest.raises(ValueError, match="between 1 and 600"):
        sim.run(dify, paths=1, months=601)


def test_one_path_one_month(dify):
    r = sim.run(dify, paths=1, months=1, seed=1)
    assert r.batch.cash.shape == (2, 1) and r.summary()["months"] == 1


def test_given_values_replace_draws_path_by_path(dify):
    n = runner.CHUNK_PATHS + 3
    cash = np.linspace(0, 1e6, n)
    r = sim.run(dify, paths=n, seed=1, months=3, given={"financing.initial_cash": cash})
    assert np.array_equal(r.batch.inputs["financing.initial_cash"], cash)
    assert np.array_equal(r.batch.cash[0], cash)
    with pytest.raises(ValueError, match="not uncertain parameters"):
        sim.run(dify, paths=2, months=1, given={"costs.fixed_per_month": np.ones(2)})
    with pytest.raises(ValueError, match="expected 5 values"):
        sim.run(dify, paths=5, months=1, given={"financing.initial_cash": np.ones(2)})


def test_monthly_records_are_kept_for_the_first_paths_only(dify, monkeypatch):
    """Memory stays bounded: beyond RECORD_PATHS, paths keep their outcomes but no record."""
    monkeypatch.setattr(runner, "RECORD_PATHS", runner.CHUNK_PATHS)
    n = runner.CHUNK_PATHS + 7
    r = sim.run(dify, paths=n, seed=3, months=4, workers=1)
    assert r.batch.cash.shape == (5, runner.CHUNK_PATHS) and r.batch.death_month.shape == (n,)
    full = sim.run(dify, paths=n, seed=3, months=4, workers=1, given=None)
    assert np.array_equal(r.batch.final_cash, full.batch.final_cash)
    s = r.summary()
    assert s["monthly"]["paths"] == runner.CHUNK_PATHS and s["paths"] == n
    assert np.array_equal(r.batch.final_cash[: runner.CHUNK_PATHS], r.batch.cash[-1])


def test_precision_adds_chunks_until_the_interval_is_narrow_enough(dify):
    loose = load(SCENARIOS / "dify.yaml", ["financing.initial_cash=150000"])
    r = sim.run(loose, paths=10 * runner.CHUNK_PATHS, seed=2, months=12, precision=0.004)
    est = r.summary()["p_alive_at_horizon"]
    assert (est["hi"] - est["lo"]) / 2 <= 0.004
    assert (
        r.paths % runner.CHUNK_PATHS == 0 and runner.CHUNK_PATHS < r.paths < 10 * runner.CHUNK_PATHS
    )
    # one chunk fewer would not have been precise enough
    fewer = sim.run(loose, paths=r.paths - runner.CHUNK_PATHS, seed=2, months=12)
    est = fewer.summary()["p_alive_at_horizon"]
    assert (est["hi"] - est["lo"]) / 2 > 0.004
    # the same as a plain run of that many paths, on any number of workers
    plain = sim.run(loose, paths=r.paths, seed=2, months=12, workers=1)
    assert np.array_equal(plain.batch.death_month, r.batch.death_month)
    one = sim.run(loose, paths=10 * runner.CHUNK_PATHS, seed=2, months=12, precision=0.004,
                     workers=1)  # fmt: skip
    assert one.paths == r.paths


def test_precision_stops_at_the_cap(dify):
    r = sim.run(dify, paths=runner.CHUNK_PATHS, seed=1, months=6, precision=1e-6)
    assert r.paths == runner.CHUNK_PATHS
    with pytest.raises(ValueError, match="precision"):
        sim.run(dify, paths=10, precision=0.7)


@pytest.mark.parametrize("workers", [1, 2])
def test_events_are_kept_for_the_recorded_paths_only(dify, workers):
    """Stories are told from the monthly records and the events, so both stop at the same
    path; the recorded paths' events are those of a run that records every path."""
    n, kept = 2 * runner.CHUNK_PATHS, BLOCK_PATHS + 7
    every = sim.run(dify, paths=n, seed=3, months=8, workers=1, record_paths=n)
    some = sim.run(dify, paths=n, seed=3, months=8, workers=workers, record_paths=kept)
    assert every.batch.events["path"].max() >= kept  # there are events to drop
    assert np.array_equal(some.batch.events, every.batch.events[every.batch.events["path"] < kept])
    assert sim.run(dify, paths=n, seed=3, months=8, record_paths=0).batch.events.size == 0


def test_sales_frictions_give_identical_results_on_any_chunks_and_workers():
    """Lognormal cycles, a ramping sales team, hiring lags and receivables: per-path state
    only, so chunk sizes and workers change no bit."""
    file = SCENARIOS / "private_deployment.yaml"
    text = file.read_text(encoding="utf-8")
    text = text.replace("sales_cycle_months: 6 ", "sales_cycle: {mean_months: 6, sd_months: 4}")
    sets = [
        "revenue.deployments.payment_terms_months={kind: choice, values: [0, 1, 3]}",
        "revenue.deployments.sales_team={deals_per_rep_per_month: 1, share_of_team: 0.3}",
        "costs.team.hiring_months={kind: choice, values: [1, 2, 4]}",
        "costs.team.ramp_months=3",
        "costs.team.severance_months=2",
    ]
    sc = load(file, sets, text=text).scenario
    n = 3 * BLOCK_PATHS + 17
    runs = [
        sim.run(sc, paths=n, seed=4, months=24, workers=w, chunk_paths=size)
        for size, w in ((BLOCK_PATHS, 1), (2 * BLOCK_PATHS, 2), (4 * BLOCK_PATHS, 1))
    ]
    for r in runs[1:]:
        for name in ("death_month", "gap", "final_cash", "cash", "revenue", "cost_sums"):
            assert np.array_equal(getattr(r.batch, name), getattr(runs[0].batch, name)), name
        assert np.array_equal(r.batch.enterprise_value, runs[0].batch.enterprise_value)


def test_memory_estimate_counts_what_a_run_allocates(dify):
    """By hand: a month more adds one value per recorded path to each monthly record (which
    then covers the records a run allocates); a path more adds three copies of its outcomes;
    a worker more adds WORKER_BYTES."""
    from sim.engine.batch import MONTHLY, PER_PATH, new_records

    est, recorded = runner.memory_estimate, runner.RECORD_PATHS
    per_month = est(dify, 10**6, 61, 2) - est(dify, 10**6, 60, 2)
    assert per_month == len(MONTHLY) * 8 * recorded
    assert per_month * 61 >= sum(a.nbytes for a in new_records(recorded, 60).values())
    assert est(dify, 10**6, 60, 3) - est(dify, 10**6, 60, 2) == runner.WORKER_BYTES
    assert est(dify, 10**6 + 1, 60, 2) - est(dify, 10**6, 60, 2) >= 3 * 8 * len(PER_PATH)
