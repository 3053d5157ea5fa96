"""The archetype library ships in the package: names work from any folder, files win."""

from __future__ import annotations

import json
from pathlib import Path

from typer.testing import CliRunner

from sim.cli.main import app
from sim.scenario import library
from tests.helpers import ROOT, SCENARIOS

runner = CliRunner()


def _sim(*args):
    return runner.invoke(app, [str(a) for a in args], env={"COLUMNS": "200"})


def test_the_library_is_the_repositorys_folder_read_through_the_package():
    assert library.folder().resolve() == SCENARIOS.resolve()
    assert library.folder(library.SEEDS).resolve() == (ROOT / "seeds").resolve()
    assert library.names() == sorted(p.stem for p in SCENARIOS.glob("*.yaml"))


def test_names_resolve_to_archetypes_from_another_folder(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    listed = _sim("list", "--paths", 100)
    assert listed.exit_code == 0, listed.output
    assert "archetype library" in listed.output
    assert all(name in listed.output for name in library.names())

    shown = _sim("show", "dify")
    assert shown.exit_code == 0, shown.output
    assert "Dify" in shown.output and "f000_" in shown.output  # facts from the packaged seeds

    ran = _sim("run", "dify", "--paths", 300, "--out", tmp_path / "out", "--quiet")
    assert ran.exit_code == 0, ran.output
    data = json.loads((tmp_path / "out" / "dify.json").read_text())
    assert data["scenario"] == "Dify" and data["paths"] == 300
    assert data["run"]["scenario_file"] == str(library.folder() / "dify.yaml")

    made = _sim("new", "myco", "--from", "dify")
    assert made.exit_code == 0, made.output
    assert (tmp_path / "myco.yaml").is_file()
    assert _sim("validate", "myco.yaml").exit_code == 0


def test_a_file_of_that_name_wins_over_the_archetype(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    text = (SCENARIOS / "dify.yaml").read_text().replace("name: Dify", "name: My Dify", 1)
    (tmp_path / "dify.yaml").write_text(text)
    assert "My Dify" in _sim("validate", "dify.yaml").output
    assert library.resolve("dify.yaml") == Path("dify.yaml")  # the file here, not the archetype


def test_an_unknown_name_lists_the_archetypes(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    result = _sim("run", "difyy", "--out", tmp_path / "out")
    assert result.exit_code == 2
    assert "difyy: no such file or archetype; archetypes: ai_interview" in result.output
    assert not (tmp_path / "out").exists()
    # a path with a folder is a file, never an archetype
    result = _sim("show", "elsewhere/dify.yaml")
    assert result.exit_code == 2 and "elsewhere/dify.yaml: no such file" in result.output
    assert "archetype" not in result.output


def test_version():
    from importlib import metadata

    result = _sim("--version")
    assert result.exit_code == 0
    assert result.output.strip() == f"sim (startup-sim) {metadata.version('startup-sim')}"
