"""The README's Quick start is what CI runs, and what it documents exists."""

from __future__ import annotations

import re

from tests.helpers import ROOT

README = (ROOT / "README.md").read_text()


def _quick_start() -> list[str]:
    section = README.split("## Quick start", 1)[1].split("\n## ", 1)[0]
    return re.findall(r"```bash\n(.+?)\n```", section, flags=re.S)


def test_quick_start_is_two_commands_that_ci_runs_verbatim():
    commands = _quick_start()
    assert len(commands) == 2
    assert commands[0].endswith("sim run scenarios/dify.yaml")
    assert commands[1].endswith("pytest")
    ci = (ROOT / ".ci" / "run").read_text().splitlines()
    for command in commands:
        assert command in ci


def test_documented_files_exist():
    for path in ("scenarios/dify.yaml", "benchmarks/engine_speed.py", "sim/scenario/schema.py"):
        assert (ROOT / path).exists(), path
    named = re.findall(r"`((?:sim|tests|benchmarks|docs)/[\w/.]+)`", README)
    assert len(named) > 10
    for path in named:
        assert (ROOT / path).exists(), path
    for match in re.findall(r"\]\((docs/[^)]+)\)", README):
        assert (ROOT / match).exists(), match


def test_every_json_key_is_documented():
    from sim.analysis.results import run
    from sim.scenario.loading import load

    summary = run(load(ROOT / "scenarios" / "dify.yaml"), paths=200, seed=1).summary()
    contract = README.split("## The JSON contract", 1)[1]
    for key in summary:
        assert f"`{key}`" in contract, key


def test_what_you_see_is_what_the_main_command_prints(tmp_path):
    """The README's sample output is the real output of its main command (same seed), so
    the figures it quotes cannot go stale when the engine changes."""
    from typer.testing import CliRunner

    from sim.cli.main import app

    shown = README.split("$ sim run scenarios/dify.yaml\n", 1)[1].split("```", 1)[0]
    args = ["run", str(ROOT / "scenarios" / "dify.yaml"), "--out", str(tmp_path)]
    result = CliRunner().invoke(app, args, env={"COLUMNS": "200"})
    assert result.exit_code == 0, result.output

    def table(text: str) -> list[str]:
        return [line.rstrip() for line in text.splitlines() if line[:1] in "┏┃┡│└"]

    assert table(shown) and table(result.output) == table(shown)
    assert shown.splitlines()[0] == result.output.splitlines()[0].rstrip()
