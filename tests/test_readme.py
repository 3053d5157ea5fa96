"""The README's Quick start is what CI runs, and what it documents exists."""

from __future__ import annotations

import re

from .helpers import ROOT

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
    for path in ("scenarios/dify.yaml", "benchmarks/engine_speed.py", "sim/scenario.py"):
        assert (ROOT / path).exists(), path
    for match in re.findall(r"\]\((docs/[^)]+)\)", README):
        assert (ROOT / match).exists(), match


def test_every_json_key_is_documented():
    from sim.loading import load
    from sim.runner import run

    summary = run(load(ROOT / "scenarios" / "dify.yaml"), paths=200, seed=1).summary()
    contract = README.split("## The JSON contract", 1)[1]
    for key in summary:
        assert f"`{key}`" in contract, key
