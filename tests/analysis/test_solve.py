"""The solver: its answer meets the target when re-run; impossible targets are refused."""

from __future__ import annotations

import math

import pytest

from sim.analysis.results import run
from sim.analysis.solve import SolveError, metric, parse_target, solve
from sim.scenario.loading import load
from tests.helpers import SCENARIOS

DIFY = SCENARIOS / "dify.yaml"


def _run_at(paths, seed):
    def run_at(x):
        return run(load(DIFY, [f"financing.initial_cash={x!r}"]), paths=paths, seed=seed, months=24)

    return run_at


def test_answer_re_run_on_other_worlds_meets_the_target_within_error():
    answer = solve(_run_at(3000, 1), "financing.initial_cash", "p_alive_24", 0.85, 0.0, 2e6)
    assert math.isfinite(answer.se) and answer.se > 0
    again, se = metric(_run_at(6000, 99)(answer.value), "p_alive_24")
    # two independent estimates at the same value: their difference has sd sqrt(se1^2 + se2^2)
    assert abs(again - answer.target) <= 4 * math.hypot(se, answer.achieved_se)
    lo, hi = answer.interval
    assert lo < answer.value < hi


def test_interval_stays_in_the_search_range():
    from sim.analysis.solve import Z95, Solution

    wide = Solution("x", "p_alive_24", 0.8, 10.0, 20.0, 0.8, 0.01, 5, low=0.0, high=30.0)
    assert wide.interval == (0.0, 30.0)
    narrow = Solution("x", "p_alive_24", 0.8, 10.0, 1.0, 0.8, 0.01, 5, low=0.0, high=30.0)
    assert narrow.interval == (10.0 - Z95, 10.0 + Z95)


def test_unreachable_target_says_so():
    with pytest.raises(SolveError, match="no value of financing.initial_cash in"):
        solve(_run_at(500, 1), "financing.initial_cash", "p_alive_24", 0.5, 5e6, 6e6)


@pytest.mark.parametrize("text", ["p_alive_24", "alive=0.9", "p_alive_24=1.5", "p_alive_24=0"])
def test_bad_targets(text):
    with pytest.raises(SolveError):
        parse_target(text)


def test_targets_parse():
    assert parse_target("p_alive_24=0.9") == ("p_alive_24", 0.9)
    assert parse_target("default_alive=75%") == ("default_alive", 0.75)


def test_cli(tmp_path):
    from typer.testing import CliRunner

    from sim.cli.main import app

    def sim(*args):
        return CliRunner().invoke(app, [str(a) for a in args], env={"COLUMNS": "200"})

    out = tmp_path / "answer.json"
    ok = sim("solve", DIFY, "--target", "p_alive_24=0.8", "--vary", "financing.initial_cash",
             "--range", "0,2000000", "--paths", 1000, "--months", 24, "--json", out)  # fmt: skip
    assert ok.exit_code == 0, ok.output
    assert "financing.initial_cash =" in ok.output and out.exists()
    bad = sim("solve", DIFY, "--target", "p_alive_24=0.8", "--vary", "financing.initial_cash",
              "--range", "5000000,6000000", "--paths", 300, "--months", 24)  # fmt: skip
    assert bad.exit_code == 2 and "no value of" in bad.output and "Traceback" not in bad.output
    typo = sim("solve", DIFY, "--target", "p_alive_24=0.8", "--vary", "financing.inital_cash")
    assert typo.exit_code == 2 and "inital_cash" in typo.output
