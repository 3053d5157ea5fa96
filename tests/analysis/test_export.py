"""The per-path export: one row per path, the same numbers as the results, written whole."""

from __future__ import annotations

import csv

import numpy as np
import pytest
from typer.testing import CliRunner

from sim.analysis.export import ExportError, paths_table, write_paths
from sim.analysis.results import run
from sim.cli.main import app
from sim.scenario.loading import load
from tests.helpers import SCENARIOS


@pytest.fixture(scope="module")
def results():
    return run(load(SCENARIOS / "dify.yaml", ["financing.initial_cash=150000"]), paths=300, seed=4)


def test_csv_has_one_row_per_path_with_the_results_numbers(results, tmp_path):
    out = write_paths(results, tmp_path / "p.csv", monthly_cash=True)
    rows = list(csv.DictReader(out.open()))
    b = results.batch
    assert len(rows) == b.n
    ended = [int(r["death_month"]) + int(r["exit_month"]) for r in rows]
    assert ended == b.death_month.tolist()  # the month a life ended, by a death or an exit
    assert all(int(r["exit_month"]) == 0 for r, k in zip(rows, b.exit_kind, strict=True) if k == 0)
    assert np.allclose([float(r["founder_value"]) for r in rows], b.founder_value)
    assert np.allclose([float(r["financing_gap"]) for r in rows], b.gap)
    dead = [r for r in rows if r["death_month"] != "0"]
    assert dead and all(r["cause"] in results.cause_labels for r in dead)
    assert np.allclose([float(r[f"cash_{results.months}"]) for r in rows], b.cash[-1])
    assert np.allclose([float(r["input:demand.bass.p"]) for r in rows], b.inputs["demand.bass.p"])


def test_parquet_when_pyarrow_is_there(results, tmp_path):
    pq = pytest.importorskip("pyarrow.parquet")
    out = write_paths(results, tmp_path / "p.parquet")
    table = pq.read_table(out).to_pydict()
    ended = np.add(table["death_month"], table["exit_month"])
    assert ended.tolist() == results.batch.death_month.tolist()
    csv_out = write_paths(results, tmp_path / "p.csv")
    assert out.stat().st_mode == csv_out.stat().st_mode  # not mkstemp's 0600


def test_bad_names_and_missing_monthly_records(results, tmp_path, monkeypatch):
    with pytest.raises(ExportError, match=".csv or .parquet"):
        write_paths(results, tmp_path / "p.xlsx")
    monkeypatch.setattr(results.batch, "cash", results.batch.cash[:, :10])
    with pytest.raises(ExportError, match="first 10 paths"):
        paths_table(results, monthly_cash=True)


def test_cli(tmp_path):
    def sim(*args):
        return CliRunner().invoke(app, [str(a) for a in args], env={"COLUMNS": "200"})

    ok = sim("run", SCENARIOS / "dify.yaml", "--paths", 200, "--out", tmp_path, "-q",
             "--export-paths", tmp_path / "p.csv", "--export-cash")  # fmt: skip
    assert ok.exit_code == 0, ok.output
    assert (tmp_path / "p.csv").exists()
    bad = sim("run", SCENARIOS / "dify.yaml", "--paths", 200, "--out", tmp_path, "-q",
              "--export-paths", tmp_path / "p.txt")  # fmt: skip
    assert bad.exit_code == 2 and ".csv or .parquet" in bad.output
    precise = sim("run", SCENARIOS / "dify.yaml", "--paths", 40000, "--months", 12, "--out",
                  tmp_path, "--precision", "0.01")  # fmt: skip
    assert precise.exit_code == 0 and "precision: P(alive at the horizon) within" in precise.output
