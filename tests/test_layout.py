"""The package reads as the pipeline it is: scenario language -> engine -> analyses -> story ->
reports, each stage importing only itself and the stages before it (and the shared helpers)."""

from __future__ import annotations

import ast

import pytest

from tests.helpers import ROOT

STAGES = ("scenario", "engine", "analysis", "story", "report")
"""In data-flow order: a stage may import the stages before it, never one after it."""
SHARED = ("formatting", "output", "catalogue", "children")
"""Helpers every stage may use; they import no stage."""
MAX_LINES = 400
KEPT_WHOLE = "Kept whole"
"""A longer module says why at its top, in a docstring sentence starting with these words."""

MODULES = sorted((ROOT / "sim").rglob("*.py"))


def _rank(module: str) -> int:
    """0 for the shared helpers, 1.. for the stages in order, len(STAGES) + 1 for ``sim``."""
    parts = module.split(".")
    if parts == ["sim"]:
        return len(STAGES) + 1
    if parts[1] in SHARED:
        return 0
    return STAGES.index(parts[1]) + 1


def _module(path) -> str:
    parts = list(path.relative_to(ROOT).with_suffix("").parts)
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _imports(path) -> set[str]:
    """Every sim module ``path`` imports, at the top or inside a function."""
    found = set()
    for node in ast.walk(ast.parse(path.read_text())):
        if isinstance(node, ast.Import):
            found |= {a.name for a in node.names if a.name.split(".")[0] == "sim"}
        elif isinstance(node, ast.ImportFrom):
            assert node.level == 0, f"{path}: relative import (use sim.STAGE.MODULE)"
            if node.module and node.module.split(".")[0] == "sim":
                # `from sim.engine import runner` imports the module sim.engine.runner
                for alias in node.names:
                    sub = f"{node.module}.{alias.name}"
                    found.add(sub if _is_module(node, alias) else node.module)
    return found


def _is_module(node: ast.ImportFrom, alias: ast.alias) -> bool:
    base = ROOT.joinpath(*node.module.split("."), alias.name)
    return base.with_suffix(".py").exists() or base.is_dir()


def test_every_module_is_in_a_stage_or_shared():
    for path in MODULES:
        module = _module(path)
        assert module == "sim" or module.split(".")[1] in STAGES + SHARED, module


@pytest.mark.parametrize("path", MODULES, ids=lambda p: _module(p))
def test_no_stage_imports_a_later_one(path):
    module = _module(path)
    for imported in _imports(path):
        assert _rank(imported) <= _rank(module), f"{module} imports {imported}, a later stage"


def test_the_check_sees_upward_imports(tmp_path):
    probe = tmp_path / "probe.py"
    probe.write_text("from sim import story\ndef f():\n    from sim.report.page import render\n")
    assert _imports(probe) == {"sim.story", "sim.report.page"}
    assert _rank("sim.report.page") > _rank("sim.engine.batch") > _rank("sim.scenario.base")


def test_the_library_never_imports_the_command_line():
    for path in MODULES:
        assert not any(m.split(".")[0] == "cli" for m in _plain_imports(path)), path


def _plain_imports(path) -> set[str]:
    names = set()
    for node in ast.walk(ast.parse(path.read_text())):
        if isinstance(node, ast.Import):
            names |= {a.name for a in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module:
            names.add(node.module)
    return names


@pytest.mark.parametrize("path", MODULES, ids=lambda p: _module(p))
def test_modules_are_short_or_say_why_not(path):
    lines = len(path.read_text().splitlines())
    doc = ast.get_docstring(ast.parse(path.read_text())) or ""
    assert lines <= MAX_LINES or KEPT_WHOLE in doc, f"{path}: {lines} lines and no reason given"
