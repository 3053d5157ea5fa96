"""The lesson plans in docs/teaching/ cannot drift from the code.

Every number of an answer key is marked ``<!-- answer: ID -->TEXT<!-- /answer -->`` and
``docs/teaching/answers.py`` computes ID with the library, from the very command the lesson
shows (4,000 paths, seed 1): the text must equal the fresh value. Every claim (a sentence
stating a direction) must hold, and every ``sim`` command of a lesson must run.
"""

from __future__ import annotations

import importlib.util
import shlex
import sys

import pytest
import typer
from typer.testing import CliRunner

from sim.cli.main import app
from tests.helpers import ROOT

TEACHING = ROOT / "docs" / "teaching"
FEW_PATHS = "200"
"""Paths for the check that a command runs; the answers themselves use the lessons' 4,000."""


def _load_answers():
    spec = importlib.util.spec_from_file_location("teaching_answers", TEACHING / "answers.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module


answers = _load_answers()
TEXTS = {path.name: path.read_text(encoding="utf-8") for path in answers.LESSONS}
LESSONS = sorted(name for name in TEXTS if name != "README.md")
COMMANDS = typer.main.get_command(app).commands
SECTIONS = (
    "## Learning goals",
    "## The case in plain words",
    "## Plan",
    "## Commands students run",
    "## Discussion questions",
    "## Answer key",
)


@pytest.fixture(scope="module")
def fresh() -> dict[str, str]:
    return answers.fresh()


def _used() -> set[str]:
    return {name for text in TEXTS.values() for name, _ in answers.markers(text)}


def test_at_least_three_lessons_each_in_the_index():
    assert len(LESSONS) >= 3
    for name in LESSONS:
        assert f"]({name})" in TEXTS["README.md"], name
        for part in SECTIONS:
            assert part in TEXTS[name], (name, part)


def test_every_marker_is_well_formed_and_names_an_answer():
    for name, text in TEXTS.items():
        assert text.count("<!-- answer:") == len(answers.markers(text)), name
        assert text.count("<!-- /answer -->") == len(answers.markers(text)), name
    unknown = _used() - set(answers.ANSWERS)
    assert not unknown, f"markers without a function in answers.py: {sorted(unknown)}"


def test_every_answer_is_used():
    unused = set(answers.ANSWERS) - _used()
    assert not unused, f"answers.py functions no lesson shows: {sorted(unused)}"


def test_every_answer_key_has_numbers():
    for name in LESSONS:
        key = TEXTS[name].split("## Answer key", 1)[1]
        assert len(answers.markers(key)) >= 8, name


@pytest.mark.parametrize("lesson", sorted(TEXTS))
def test_answer_keys_say_what_the_tool_computes(lesson, fresh):
    stale = [
        f"{name}: the text says {shown!r}, the tool now gives {fresh[name]!r}"
        for name, shown in answers.markers(TEXTS[lesson])
        if shown != fresh[name]
    ]
    assert not stale, "run `python docs/teaching/answers.py --update`, then reread:\n" + "\n".join(
        stale
    )


def test_claims_hold(fresh):
    broken = [f"{name}: {f.__doc__}" for name, f in answers.CLAIMS.items() if not f()]
    assert not broken, "sentences of the lessons no longer true:\n" + "\n".join(broken)


def test_answers_come_from_commands_the_lessons_show():
    shown = {line for text in TEXTS.values() for line in answers.code_commands(text)}
    for command in answers.COMMANDS:
        assert command.command in shown, command.command
    for copy in answers.COPIES.values():
        assert copy.command in shown, copy.command
        assert any(copy.old in t and copy.new in t for t in TEXTS.values()), copy.command


def _option(command: str, flag: str):
    params = COMMANDS[command].params
    return next((p for p in params if flag in p.opts), None)


def test_lessons_use_the_paths_and_seed_of_the_answers():
    """A command either says --paths 4000 or has 4,000 as its default (sim solve), and no
    command changes the seed except the one that shows what another seed does."""
    for text in TEXTS.values():
        for line in answers.code_commands(text):
            args = shlex.split(line)[1:]
            paths = _option(args[0], "--paths")
            if paths is None or args[0] == "list":
                continue
            value = args[args.index("--paths") + 1] if "--paths" in args else paths.default
            assert int(value) == answers.PATHS, line
            if "--seed" not in args:
                assert _option(args[0], "--seed").default == answers.SEED, line
    seeds = [c for c in answers.COMMANDS if getattr(c, "seed", answers.SEED) != answers.SEED]
    assert [c.command for c in seeds] == ["sim run scenarios/dify.yaml --paths 4000 --seed 2"]


def test_rewrite_replaces_only_the_marked_text():
    text = "a <!-- answer: x -->1.0%<!-- /answer --> b <!-- answer: y -->2<!-- /answer -->"
    new = answers.rewrite(text, {"x": "9.9%", "y": "2"})
    assert new == "a <!-- answer: x -->9.9%<!-- /answer --> b <!-- answer: y -->2<!-- /answer -->"


def test_the_script_finds_nothing_stale(fresh, capsys):
    assert answers.main([]) == 0
    assert "dify_late_alive = " in capsys.readouterr().out


def _few_paths(args: list[str]) -> list[str]:
    if _option(args[0], "--paths") is None:
        return args
    if "--paths" in args:
        i = args.index("--paths") + 1
        return [*args[:i], FEW_PATHS, *args[i + 1 :]]
    return [*args, "--paths", FEW_PATHS]


@pytest.mark.parametrize("lesson", sorted(TEXTS))
def test_every_command_of_a_lesson_runs(lesson, tmp_path, monkeypatch):
    """In order, in a fresh folder that sees the project's files, as a student types them
    (with few paths); a copy made with `sim new` gets the edit the lesson asks for."""
    monkeypatch.chdir(tmp_path)
    for name in ("scenarios", "strategies", "seeds", "docs", "examples"):
        (tmp_path / name).symlink_to(ROOT / name)
    copies = {copy.command: copy for copy in answers.COPIES.values()}
    runner = CliRunner()
    lines = answers.code_commands(TEXTS[lesson])
    for line in lines:
        args = _few_paths(shlex.split(line)[1:])
        result = runner.invoke(app, args, env={"COLUMNS": "200"})
        assert result.exit_code == 0, f"{line}\n{result.output}"
        if line in copies:
            copy = copies[line]
            file = tmp_path / copy.shown
            file.write_text(file.read_text().replace(copy.old, copy.new))
    if lesson != "README.md":
        assert len(lines) >= 4, lesson
