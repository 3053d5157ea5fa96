"""The command line: exit codes, messages a user can act on, files written whole or not at all."""

from __future__ import annotations

import json

import pytest
from typer.testing import CliRunner

from sim.cli.main import app
from tests.helpers import SCENARIOS

runner = CliRunner()
GOOD = (SCENARIOS / "dify.yaml").read_text()
UNKNOWN = GOOD.replace("  currency: USD", "  currency: USD\n  colour: red")
UNKNOWN_LINE = UNKNOWN.splitlines().index("  colour: red") + 1


def _sim(*args):
    # a wide terminal, so that table cells are not wrapped across lines
    return runner.invoke(app, [str(a) for a in args], env={"COLUMNS": "200"})


def test_help_lists_the_commands():
    result = _sim("--help")
    assert result.exit_code == 0
    assert "run" in result.output and "validate" in result.output
    result = _sim("run", "--help")
    assert result.exit_code == 0 and "--paths" in result.output and "--set" in result.output


def test_run_writes_report_and_json(tmp_path, monkeypatch):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")
    result = _sim("run", SCENARIOS / "dify.yaml", "--paths", 500, "--out", tmp_path)
    assert result.exit_code == 0, result.output
    assert "alive at 24 months" in result.output and "report:" in result.output
    html = (tmp_path / "dify.html").read_text()
    data = json.loads((tmp_path / "dify.json").read_text())
    assert data["paths"] == 500 and data["scenario"] == "Dify"
    assert "<html" in html.lower() and "Dify" in html
    assert not list(tmp_path.glob(".*.tmp"))  # no temporary files left behind

    again = _sim("run", SCENARIOS / "dify.yaml", "--paths", 500, "--out", tmp_path, "--quiet")
    assert again.exit_code == 0 and again.output == ""
    assert json.loads((tmp_path / "dify.json").read_text()) == data


def test_set_months_and_json_path(tmp_path):
    target = tmp_path / "x" / "numbers.json"
    result = _sim(
        "run", SCENARIOS / "dify.yaml", "--paths", 200, "--months", 6, "--seed", 9,
        "--set", "financing.initial_cash=1", "--out", tmp_path, "--json", target, "-q",
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    data = json.loads(target.read_text())
    assert data["months"] == 6 and data["seed"] == 9 and data["p_alive"]["12"] is None


BAD = [
    ("missing file", None, "no such file"),
    ("syntax", GOOD.replace("  currency: USD", "  currency: [USD"), "YAML syntax error"),
    ("unknown key", UNKNOWN, f":{UNKNOWN_LINE} company.colour: unknown key"),
    (
        "wrong type",
        GOOD.replace("price_per_month: 59", "price_per_month: cheap"),
        "revenue[0].price_per_month",
    ),
    (
        "negative price",
        GOOD.replace("price_per_month: 59", "price_per_month: -59"),
        "expected a number >= 0",
    ),
    (
        "share above 1",
        GOOD.replace("cogs_share_of_revenue: 0.05", "cogs_share_of_revenue: 1.5"),
        "costs.cogs_share_of_revenue: expected a share",
    ),
]


@pytest.mark.parametrize(("what", "text", "says"), BAD, ids=[b[0] for b in BAD])
def test_bad_input_one_line_exit_2_nothing_written(tmp_path, what, text, says):
    path = tmp_path / "dify.yaml"
    if text is not None:
        path.write_text(text)
    out = tmp_path / "reports"
    out.mkdir()
    (out / "dify.html").write_text("old report")
    result = _sim("run", path, "--out", out, "--paths", 100)
    assert result.exit_code == 2
    assert says in result.output and str(path) in result.output
    assert "Traceback" not in result.output
    assert len(result.output.strip().splitlines()) == 1
    assert (out / "dify.html").read_text() == "old report"
    assert not (out / "dify.json").exists()


def test_bad_options_exit_2(tmp_path):
    assert _sim("run", SCENARIOS / "dify.yaml", "--paths", 0).exit_code == 2
    assert _sim("run", SCENARIOS / "dify.yaml", "--months", 601).exit_code == 2
    result = _sim("run", SCENARIOS / "dify.yaml", "--set", "nonsense", "--out", tmp_path)
    assert result.exit_code == 2 and "dotted.key=VALUE" in result.output


def test_validate(tmp_path):
    result = _sim("validate", SCENARIOS / "dify.yaml")
    assert result.exit_code == 0 and "ok" in result.output
    bad = tmp_path / "b.yaml"
    bad.write_text(GOOD.replace("win_rate", "x").replace("horizon_months: 36", "horizon_months: 0"))
    result = _sim("validate", bad)
    assert result.exit_code == 2 and "company.horizon_months" in result.output


def test_list_and_show(tmp_path):
    folder = tmp_path / "scenarios"
    folder.mkdir()
    (folder / "dify.yaml").write_text(GOOD)
    result = _sim("list", "--dir", folder, "--paths", 200)
    assert result.exit_code == 0, result.output
    assert "dify" in result.output and "USD" in result.output and "95% interval" in result.output

    result = _sim("show", SCENARIOS / "dify.yaml")
    assert result.exit_code == 0, result.output
    assert "revenue.cloud.price_per_month" in result.output
    assert "f000_30" in result.output  # a source fact, with its text from seeds/
    assert "Dify passed 100,000" in result.output

    assert _sim("list", "--dir", tmp_path / "none").exit_code == 2
    assert _sim("show", tmp_path / "missing.yaml").exit_code == 2


def test_out_never_writes_outside_its_folder(tmp_path):
    """A report name that is a link to a file elsewhere is replaced, not written through."""
    outside = tmp_path / "precious.txt"
    outside.write_text("keep me")
    out = tmp_path / "reports"
    out.mkdir()
    (out / "dify.html").symlink_to(outside)
    result = _sim("run", SCENARIOS / "dify.yaml", "--paths", 100, "--out", out, "-q")
    assert result.exit_code == 0, result.output
    assert outside.read_text() == "keep me"
    assert not (out / "dify.html").is_symlink() and "<html" in (out / "dify.html").read_text()
    assert sorted(p.name for p in out.iterdir()) == ["dify.html", "dify.json"]
