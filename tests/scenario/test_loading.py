"""Loading: safe YAML, errors that name the file, the line and the key; --set overrides."""

from __future__ import annotations

import textwrap

import pytest

from sim.scenario.loading import ScenarioError, load

GOOD = """\
company:
  name: Shop
financing:
  initial_cash: 1000
revenue:
  - kind: subscription
    name: cloud
    price_per_month: 10
"""


def _write(tmp_path, text, name="s.yaml"):
    path = tmp_path / name
    path.write_text(textwrap.dedent(text))
    return path


def _error(path, overrides=None) -> str:
    with pytest.raises(ScenarioError) as err:
        load(path, overrides)
    return str(err.value)


@pytest.mark.parametrize(
    ("old", "new", "where", "says"),
    [
        (
            "price_per_month: 10",
            "price_per_month: ten",
            ":8 revenue[0].price_per_month",
            "got 'ten'",
        ),
        ("price_per_month: 10", "price_per_month: -5", ":8 revenue[0].price_per_month", ">= 0"),
        ("price_per_month: 10", "prise: 10", ":8 revenue[0].prise", "unknown key"),
        ("  name: Shop", "  name: Shop\n  colour: red", ":3 company.colour", "unknown key"),
        (
            "price_per_month: 10",
            "price_per_month: 10\n    churn: 1.2",
            ":9 revenue[0].churn",
            "share",
        ),
        ("initial_cash: 1000", "initial_cash: .nan", ":4 financing.initial_cash", "finite"),
        ("  initial_cash: 1000", "  climate: cold", ":3 financing.initial_cash", "required key"),
    ],
)
def test_errors_name_file_line_and_key(tmp_path, old, new, where, says):
    path = _write(tmp_path, GOOD.replace(old, new))
    message = _error(path)
    assert f"{path}{where}" in message, message
    assert says in message


def test_yaml_syntax_error_has_its_line(tmp_path):
    path = _write(tmp_path, GOOD.replace("  name: Shop", "  name: Shop\n   bad: [1"))
    message = _error(path)
    assert message.startswith(f"{path}:") and "YAML syntax error" in message


def test_missing_file_and_folder(tmp_path):
    assert "no such file" in _error(tmp_path / "nope.yaml")
    assert "is a folder" in _error(tmp_path)


def test_yaml_is_loaded_safely(tmp_path):
    """No Python objects from tags; a tag is just an error, never executed."""
    path = _write(
        tmp_path, GOOD.replace("name: Shop", "name: !!python/object/apply:os.system ['echo hi']")
    )
    assert "company.name" in _error(path) or "YAML" in _error(path)


def test_overrides_by_dotted_key_and_list_name(tmp_path):
    path = _write(tmp_path, GOOD)
    sc = load(path, ["revenue.cloud.price_per_month=25", "company.horizon_months=6"]).scenario
    assert sc.revenue[0].price_per_month == 25 and sc.months == 6
    sc = load(path, ["revenue.0.price_per_month={kind: uniform, low: 1, high: 2}"]).scenario
    assert sc.revenue[0].price_per_month.kind == "uniform"
    assert "no item 'web'" in _error(path, ["revenue.web.price_per_month=1"])
    assert "expected dotted.key=VALUE" in _error(path, ["revenue"])


def test_scenario_references_are_checked(tmp_path):
    text = GOOD + "shocks:\n  - {name: ban, at_month: 3, stops: [web]}\n"
    assert "unknown revenue stream 'web'" in _error(_write(tmp_path, text))
    text = GOOD.replace(
        "  initial_cash: 1000", "  initial_cash: 1000\n  rounds: [{name: a, amount: 1, after: z}]"
    )
    assert "unknown round 'z'" in _error(_write(tmp_path, text))


def test_errors_in_values_set_on_the_command_line(tmp_path):
    """A value given by --set is reported as that --set (key and value), never at a line of the
    file (issue 15: it used to be blamed on the line of its section)."""
    path = _write(tmp_path, GOOD)
    message = _error(path, ["financing.climate=freezing"])
    assert message.startswith(
        "--set financing.climate=freezing: financing.climate: unknown climate"
    )
    assert f"{path}:" not in message
    message = _error(path, ["financing.intial_cash=100"])
    assert message.startswith("--set financing.intial_cash=100: financing.intial_cash: unknown key")
    message = _error(path, ["revenue.cloud.price_per_month={kind: uniform, low: 5, high: 1}"])
    assert message.startswith("--set revenue.cloud.price_per_month={kind: uniform, low: 5, high")
    assert "must be below high" in message and f"{path}:" not in message
    # a policy's path is checked against the whole scenario, and still blamed on its --set
    bad = "policies=[{name: x, when: {month: {above: 2}}, set: {demand.zz: 1}}]"
    message = _error(path, [bad])
    assert message.startswith(f"--set {bad}: policies[0].set.demand.zz: policy 'x'")
    assert f"{path}:" not in message and "(top level)" not in message


def test_correlations_are_checked(tmp_path):
    text = GOOD.replace("price_per_month: 10", "price_per_month: {kind: uniform, low: 1, high: 2}")
    path = _write(tmp_path, text)
    ok = "correlations=[{parameters: [revenue.cloud.price_per_month, financing.initial_cash], "
    assert "not an uncertain parameter" in _error(path, [ok + "rank_matrix: [[1, .5], [.5, 1]]}]"])
    text = text.replace("initial_cash: 1000", "initial_cash: {kind: uniform, low: 1, high: 2}")
    path = _write(tmp_path, text, "c.yaml")
    assert load(path, [ok + "rank_matrix: [[1, .5], [.5, 1]]}]"]).scenario.correlations
    assert "not positive semi-definite" in _error(
        path,
        [
            "demand.bass={market_size: {kind: uniform, low: 1, high: 2}, p: 0.1, q: 0.1}",
            "correlations=[{parameters: [revenue.cloud.price_per_month, financing.initial_cash, "
            "demand.bass.market_size], rank_matrix: [[1, .9, -.9], [.9, 1, .9], [-.9, .9, 1]]}]",
        ],
    )
