"""Runs and sweeps on a Dask cluster: the same bytes as the local pool, no file needed there.

The cluster is a LocalCluster of worker processes on 127.0.0.1, started by the test: its
workers share no memory with this process, as the workers of a real cluster do not.
"""

from __future__ import annotations

import json
import shutil
from dataclasses import fields

import numpy as np
import pytest
from typer.testing import CliRunner

import sim
from sim.analysis import design as designs
from sim.analysis import sweep as sw
from sim.cli.main import app
from sim.engine.rng import BLOCK_PATHS
from tests.helpers import SCENARIOS

distributed = pytest.importorskip("dask.distributed")

DIFY = SCENARIOS / "dify.yaml"


@pytest.fixture(scope="module")
def cluster():
    with distributed.LocalCluster(
        n_workers=2,
        threads_per_worker=1,
        processes=True,
        host="127.0.0.1",
        dashboard_address=None,
        worker_dashboard_address=None,
        death_timeout=60,
    ) as c:
        yield c


def _equal(x: np.ndarray, y: np.ndarray) -> bool:
    return x.dtype == y.dtype and np.array_equal(x, y, equal_nan=x.dtype.kind == "f")


def _same_batches(a, b) -> None:
    for f in fields(a):
        x, y = getattr(a, f.name), getattr(b, f.name)
        if isinstance(x, np.ndarray):
            assert _equal(x, y), f.name
        elif isinstance(x, dict):
            assert x.keys() == y.keys(), f.name
            assert all(_equal(x[k], y[k]) for k in x), f.name
        else:
            assert x == y, f.name


def test_a_run_on_the_cluster_is_the_local_run_byte_for_byte(cluster, monkeypatch):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "0")  # the audit clock is not part of the result
    loaded = sim.load(DIFY)
    # three chunks, the second one half recorded: the records are joined across chunks
    kw = dict(paths=3 * BLOCK_PATHS - 100, chunk_paths=BLOCK_PATHS, record_paths=5000, seed=7)
    there = sim.run(loaded, scheduler=cluster.scheduler_address, **kw)
    for workers in (1, 2):
        here = sim.run(loaded, workers=workers, **kw)
        _same_batches(there.batch, here.batch)
        assert json.dumps(there.summary()) == json.dumps(here.summary())


def test_sim_run_scheduler_writes_the_same_json(cluster, tmp_path, monkeypatch):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "0")
    base = ["run", str(DIFY), "--paths", "6000", "-q"]
    local = CliRunner().invoke(app, [*base, "--out", str(tmp_path / "here")])
    there = CliRunner().invoke(
        app, [*base, "--out", str(tmp_path / "there"), "--scheduler", cluster.scheduler_address]
    )
    assert local.exit_code == 0 and there.exit_code == 0, there.output
    assert (tmp_path / "there" / "dify.json").read_bytes() == (
        tmp_path / "here" / "dify.json"
    ).read_bytes()


def test_sweep_tasks_carry_the_scenario_text_not_its_path(cluster, tmp_path):
    scenario = tmp_path / "elsewhere.yaml"
    shutil.copy(DIFY, scenario)
    grid = designs.Grid.model_validate(
        {
            "parameters": {"financing.initial_cash": [150000, 400000]},
            "paths": 300,
            "months": 24,
        }
    )
    plan = sw.plan(scenario, grid)
    task = plan.task(plan.points[0])
    assert task.text == DIFY.read_text() and task.sha256 == plan.sha256
    local = sw.execute(plan, tmp_path / "local.csv", workers=1).rows
    scenario.unlink()  # no worker could read it now
    there = sw.execute(plan, tmp_path / "there.csv", scheduler=cluster.scheduler_address).rows
    assert there == local
    assert (tmp_path / "there.csv").read_bytes() == (tmp_path / "local.csv").read_bytes()


def test_a_task_whose_text_does_not_match_its_sha256_is_refused():
    plan = sw.plan(DIFY, designs.Grid.model_validate({"parameters": {"months_x": [1]}}))
    task = plan.task(plan.points[0])
    tampered = type(task)(**{**task.__dict__, "text": task.text.replace("Dify", "Dafy")})
    with pytest.raises(designs.SweepError, match="sha256"):
        sw.evaluate(tampered)


def test_an_unreachable_scheduler_is_a_user_error(tmp_path):
    result = CliRunner().invoke(
        app,
        ["run", str(DIFY), "--paths", "100", "--out", str(tmp_path)]
        + ["--scheduler", "tcp://127.0.0.1:9"],
    )
    assert result.exit_code == 2
    assert "cannot reach the Dask scheduler at tcp://127.0.0.1:9" in result.output
    assert not list(tmp_path.iterdir())
