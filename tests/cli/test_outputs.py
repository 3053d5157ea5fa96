"""Output places are checked before any simulation (issue 15): exit 2, a message naming the
option, nothing written or created."""

from __future__ import annotations

import pytest
from typer.testing import CliRunner

from cli.main import app
from tests.helpers import SCENARIOS

DIFY = str(SCENARIOS / "dify.yaml")
COMMANDS = {
    "run": ["run", DIFY, "--paths", "50"],
    "compare": ["compare", DIFY, "--paths", "50"],
    "sensitivity": ["sensitivity", DIFY, "--paths", "8", "--base", "2"],
    "tournament": ["tournament", DIFY, str(SCENARIOS.parent / "examples" / "tournament")],
}


@pytest.mark.parametrize("command", COMMANDS)
@pytest.mark.parametrize("where", ["file", "proc", "folder-as-json"])
def test_bad_output_places_are_refused_before_simulating(tmp_path, monkeypatch, command, where):
    import sim.analysis.results as results

    def no_simulation(*args, **kwargs):  # the check must come first
        raise AssertionError("simulated before checking the output places")

    monkeypatch.setattr(results, "simulate", no_simulation)
    args = list(COMMANDS[command])
    if where == "file":
        target = tmp_path / "a-file"
        target.write_text("keep")
        args += ["--out", str(target)]
        says = "is a file, expected a folder"
    elif where == "proc":
        args += ["--out", "/proc/nope/deeper"]
        says = "cannot write there"
    else:
        if command not in ("run", "compare"):
            pytest.skip("no --json option")
        (tmp_path / "j").mkdir()
        args += ["--out", str(tmp_path / "out"), "--json", str(tmp_path / "j")]
        says = "is a folder, expected a file name"
    before = sorted(tmp_path.rglob("*"))
    result = CliRunner().invoke(app, args)
    assert result.exit_code == 2, result.output
    assert says in result.output and "Traceback" not in result.output
    assert sorted(tmp_path.rglob("*")) == before


def test_run_needing_more_memory_than_the_machine_has_is_refused(tmp_path):
    result = CliRunner().invoke(
        app, ["run", DIFY, "--paths", "100000000000", "--out", str(tmp_path / "o")]
    )
    assert result.exit_code == 2
    assert "GiB of memory" in result.output and "available" in result.output
    assert not (tmp_path / "o").exists()


HUGE = "100000000000"


@pytest.mark.parametrize(
    "args",
    [
        ["story", DIFY, "--paths", HUGE],
        ["solve", DIFY, "--target", "p_alive_36=0.9", "--vary", "financing.initial_cash",
         "--paths", HUGE],
        ["tournament", DIFY, str(SCENARIOS.parent / "examples" / "tournament"), "--paths", HUGE,
         "--seed", "1"],
        ["compare", DIFY, "--paths", HUGE],
        ["sensitivity", DIFY, "--paths", HUGE],
    ],
    ids=lambda a: a[0],
)  # fmt: skip
def test_every_command_refuses_a_run_larger_than_memory(args, tmp_path):
    out = ["--out", str(tmp_path / "o")] if args[0] not in ("story", "solve") else []
    result = CliRunner().invoke(app, [*args, *out])
    assert result.exit_code == 2, result.output
    assert "GiB of memory" in result.output and "available" in result.output
    assert not (tmp_path / "o").exists()


def test_a_sweep_larger_than_memory_is_refused(tmp_path):
    spec = tmp_path / "grid.yaml"
    spec.write_text(f"parameters:\n  financing.initial_cash: [1, 2]\npaths: {HUGE}\n")
    result = CliRunner().invoke(
        app, ["sweep", DIFY, "--grid", str(spec), "--out", str(tmp_path / "o")]
    )
    assert result.exit_code == 2, result.output
    assert "GiB of memory" in result.output
    assert not (tmp_path / "o").exists()
