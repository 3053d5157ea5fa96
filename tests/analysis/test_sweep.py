"""sim sweep: designs, equality with direct runs, resume, local pool vs Dask, the command."""

from __future__ import annotations

import csv

import pytest
from typer.testing import CliRunner

from sim import load, run
from sim.analysis import design as designs
from sim.analysis import sweep as sw
from sim.cli.main import app
from tests.helpers import SCENARIOS

DIFY = SCENARIOS / "dify.yaml"
CASH, PRICE = "financing.initial_cash", "revenue.cloud.price_per_month"
cli = CliRunner()


def grid(**extra) -> designs.Grid:
    doc = {
        "parameters": {CASH: [150000, 400000], PRICE: {"low": 29, "high": 99, "n": 3}},
        "paths": 200,
        "months": 12,
        "seed": 7,
    }
    return designs.Grid.model_validate(doc | extra)


def write_grid(tmp_path, text: str):
    path = tmp_path / "grid.yaml"
    path.write_text(text, encoding="utf-8")
    return path


GRID_YAML = f"""
parameters:
  {CASH}: [150000, 400000]
  {PRICE}: {{low: 29, high: 99, n: 3}}
paths: 200
months: 12
seed: 7
"""


def test_grid_design_is_every_combination_of_the_values():
    points = designs.design(grid())
    assert points == [
        {CASH: c, PRICE: p} for c in (150000, 400000) for p in (29, 64, 99)
    ]  # 64, not 64.0: whole numbers are ints, so an override reads like the user's value
    assert designs.design(grid(parameters={PRICE: {"low": 29, "high": 99, "n": 5}})) == [
        {PRICE: v} for v in (29, 46.5, 64, 81.5, 99)
    ]


def test_random_design_draws_within_the_ranges_reproducibly():
    spec = {
        CASH: [100000, 400000],
        PRICE: {"low": 29.0, "high": 99.0},
        "costs.team.headcount": {"low": 5, "high": 15, "integer": True},
        "financing.climate": ["normal", "cold"],
    }
    g = grid(parameters=spec, design="random", points=40)
    points = designs.design(g)
    assert len(points) == 40
    assert all(100000 <= p[CASH] <= 400000 and isinstance(p[CASH], int) for p in points)
    assert all(29 <= p[PRICE] <= 99 and isinstance(p[PRICE], float) for p in points)
    assert all(isinstance(p["costs.team.headcount"], int) for p in points)
    assert {p["financing.climate"] for p in points} == {"normal", "cold"}
    assert len({p[PRICE] for p in points}) == 40  # drawn, not a grid
    assert designs.design(g) == points  # same seed, same design
    assert designs.design(grid(parameters=spec, design="random", points=40, seed=8)) != points


def test_point_ids_are_stable_and_depend_on_what_is_simulated():
    a = [p.id for p in sw.plan(DIFY, grid()).points]
    assert a == [p.id for p in sw.plan(DIFY, grid()).points]
    assert len(set(a)) == len(a)
    assert set(a).isdisjoint(p.id for p in sw.plan(DIFY, grid(seed=8)).points)
    assert set(a).isdisjoint(p.id for p in sw.plan(DIFY, grid(paths=201)).points)
    assert set(a).isdisjoint(
        p.id for p in sw.plan(DIFY, grid(), ["costs.fixed_per_month=1"]).points
    )


def test_each_row_equals_a_direct_run_of_its_point(tmp_path):
    plan = sw.plan(DIFY, grid())
    rows = sw.execute(plan, tmp_path / "t.csv", workers=1).rows
    assert [r["point"] for r in rows] == [p.id for p in plan.points]
    for row, point in zip(rows, plan.points, strict=True):
        sets = [f"{k}={v!r}" for k, v in point.values.items()]
        direct = run(load(DIFY, sets), paths=200, seed=7, months=12, workers=1).summary()
        assert row == {"point": point.id, **point.values, **sw.metrics(direct)}
    assert rows[0]["p_alive_24"] is None and rows[0]["months"] == 12  # beyond the horizon
    assert len({r["p_alive_at_horizon"] for r in rows}) > 1  # the values matter


def test_interrupted_sweep_resumes_with_only_the_missing_points(tmp_path, monkeypatch):
    plan = sw.plan(DIFY, grid())
    whole = sw.execute(plan, tmp_path / "whole.csv", workers=1)
    lines = (tmp_path / "whole.csv").read_text().splitlines(keepends=True)
    part = tmp_path / "part.csv"
    # header, three finished rows and half a row, as if killed while writing
    part.write_text("".join(lines[:4]) + lines[4][:20])

    calls = []
    real = sw.evaluate
    monkeypatch.setattr(sw, "evaluate", lambda task: calls.append(task) or real(task))
    again = sw.execute(plan, part, workers=1)
    assert len(calls) == 3 == again.ran and again.resumed == 3
    assert {t.overrides for t in calls} == {plan.task(p).overrides for p in plan.points[3:]}
    assert again.rows == whole.rows
    assert part.read_text() == (tmp_path / "whole.csv").read_text()
    calls.clear()
    assert sw.execute(plan, part, workers=1).ran == 0 and not calls


def test_rows_of_another_design_are_left_out(tmp_path):
    path = tmp_path / "t.csv"
    sw.execute(sw.plan(DIFY, grid(seed=8)), path, workers=1)
    plan = sw.plan(DIFY, grid())
    out = sw.execute(plan, path, workers=1)
    assert out.dropped == 6 and out.ran == 6
    with open(path, newline="") as f:
        assert [r["point"] for r in csv.DictReader(f)] == [p.id for p in plan.points]


def test_a_table_of_other_parameters_is_not_overwritten(tmp_path):
    path = tmp_path / "t.csv"
    sw.execute(sw.plan(DIFY, grid(parameters={CASH: [150000]})), path, workers=1)
    before = path.read_text()
    with pytest.raises(designs.SweepError, match="another sweep"):
        sw.execute(sw.plan(DIFY, grid()), path, workers=1)
    assert path.read_text() == before


def test_local_pool_gives_the_same_table_as_one_process(tmp_path):
    plan = sw.plan(DIFY, grid())
    one = sw.execute(plan, tmp_path / "a.csv", workers=1).rows
    assert sw.execute(plan, tmp_path / "b.csv", workers=2).rows == one


def test_dask_cluster_gives_the_same_table_as_the_local_pool(tmp_path):
    distributed = pytest.importorskip("dask.distributed")
    plan = sw.plan(DIFY, grid())
    local = sw.execute(plan, tmp_path / "local.csv", workers=2).rows
    with distributed.LocalCluster(
        n_workers=1, threads_per_worker=1, processes=False, dashboard_address=None
    ) as cluster:
        out = tmp_path / "out"
        result = cli.invoke(
            app,
            ["sweep", str(DIFY), "--grid", str(write_grid(tmp_path, GRID_YAML)), "--out", str(out)]
            + ["--scheduler", cluster.scheduler_address, "-q"],
        )
        assert result.exit_code == 0, result.output
    assert (out / "dify_sweep.csv").read_text() == (tmp_path / "local.csv").read_text()
    assert len(local) == 6


def test_parquet_holds_the_same_table_as_the_csv(tmp_path):
    pq = pytest.importorskip("pyarrow.parquet")
    plan = sw.plan(DIFY, grid())
    rows = sw.execute(plan, tmp_path / "t.csv", workers=1).rows
    sw.write_parquet(rows, plan.columns, tmp_path / "t.parquet")
    assert pq.read_table(tmp_path / "t.parquet").to_pylist() == rows


def test_command_writes_the_table_parquet_and_heat_map(tmp_path):
    out = tmp_path / "out"
    args = ["sweep", str(DIFY), "--grid", str(write_grid(tmp_path, GRID_YAML)), "--out", str(out)]
    result = cli.invoke(app, [*args, "--workers", "1"])
    assert result.exit_code == 0, result.output
    assert "6 points" in result.output
    with open(out / "dify_sweep.csv", newline="") as f:
        assert len(list(csv.DictReader(f))) == 6
    page = (out / "dify_sweep.html").read_text()
    assert "heatmap" in page and CASH in page and "Most likely alive after 12 months" in page
    again = cli.invoke(app, [*args, "--workers", "1"])
    assert again.exit_code == 0 and "resumed: 6 points" in again.output


def test_random_design_with_three_parameters_reports(tmp_path):
    text = GRID_YAML.replace("paths: 200", "paths: 100\ndesign: random\npoints: 4")
    text = text.replace("parameters:", "parameters:\n  costs.fixed_per_month: [1000, 9000]")
    out = tmp_path / "out"
    result = cli.invoke(
        app, ["sweep", str(DIFY), "--grid", str(write_grid(tmp_path, text)), "--out", str(out)]
    )
    assert result.exit_code == 0, result.output
    assert "also vary" in (out / "dify_sweep.html").read_text()


@pytest.mark.parametrize(
    ("text", "message"),
    [
        (GRID_YAML.replace("seed: 7", "seed: 7\nsed: 1"), "sed: Extra inputs"),
        (GRID_YAML + "design: random\n", "points: N"),
        (GRID_YAML.replace("n: 3", "n: 3, hi: 5"), "hi"),
        (GRID_YAML.replace("low: 29", "low: 129"), "below low"),
        (GRID_YAML.replace(f"{CASH}: [", f"{CASH}: [[1], "), CASH),
        ("parameters: [", "YAML syntax error"),
        (GRID_YAML.replace(CASH, "financing.inital_cash"), "inital_cash: unknown key"),
        (GRID_YAML.replace("[150000, 400000]", "[-5, 400000]"), f"point {CASH}=-5"),
    ],
)
def test_bad_grid_files_exit_2_with_a_message(tmp_path, text, message):
    out = tmp_path / "out"
    result = cli.invoke(
        app, ["sweep", str(DIFY), "--grid", str(write_grid(tmp_path, text)), "--out", str(out)]
    )
    assert result.exit_code == 2, result.output
    assert message in result.output
    assert not out.exists()  # nothing simulated, nothing written


def test_missing_grid_file_and_scenario_exit_2(tmp_path):
    result = cli.invoke(app, ["sweep", str(DIFY), "--grid", str(tmp_path / "no.yaml")])
    assert result.exit_code == 2 and "no such file" in result.output
    grid_file = write_grid(tmp_path, GRID_YAML)
    result = cli.invoke(app, ["sweep", str(tmp_path / "no.yaml"), "--grid", str(grid_file)])
    assert result.exit_code == 2 and "no such file" in result.output


def test_help_describes_the_command():
    result = cli.invoke(app, ["sweep", "--help"])
    assert result.exit_code == 0
    assert "--grid" in result.output and "--scheduler" in result.output


def test_the_example_grid_is_valid():
    g = designs.read_grid(SCENARIOS.parent / "examples" / "sweep" / "dify_grid.yaml")
    plan = sw.plan(DIFY, g)
    assert len(plan.points) == 25
    sw.check(plan)
