"""Scaffolds (`sim new`) and the JSON Schema (`sim schema`): every key explained, the same
scenario and the same numbers as the archetype, errors a beginner can act on."""

from __future__ import annotations

import json
import re

import pytest
from typer.testing import CliRunner

from sim.analysis.results import run
from sim.cli.main import app
from sim.scenario.json_schema import SCHEMA_FILE, scenario_schema, schema_text, strategy_schema
from sim.scenario.loading import ScenarioError, _plain, load, parse_yaml
from sim.scenario.scaffold import scaffold
from tests.helpers import SCENARIOS

runner = CliRunner()
ARCHETYPES = sorted(SCENARIOS.glob("*.yaml"))
FREE_FORM = {"sources", "assumptions", "set", "scale", "when", "seasonality", "reference_prices"}
"""Sections whose keys are data (parameter paths, metrics, months), not schema fields."""
KEY = re.compile(r"^(\s*)(- )?([A-Za-z_][A-Za-z0-9_\-]*):(\s|$)")


def _sim(*args):
    return runner.invoke(app, [str(a) for a in args], env={"COLUMNS": "200"})


def _write(tmp_path, archetype, name="myco"):
    path = tmp_path / f"{name}.yaml"
    path.write_text(scaffold(archetype, name), encoding="utf-8")
    return path


@pytest.mark.parametrize("archetype", ARCHETYPES, ids=lambda p: p.stem)
def test_scaffold_loads_to_the_archetype_and_reproduces_its_results(tmp_path, archetype):
    path = _write(tmp_path, archetype)
    mine, theirs = load(path).scenario, load(archetype).scenario
    assert mine.company.name == "myco"
    assert mine.model_copy(update={"company": theirs.company}) == theirs
    a = run(load(archetype), paths=300, seed=7, workers=1).summary()
    b = run(load(path), paths=300, seed=7, workers=1).summary()
    assert a["survival"] == b["survival"]
    assert a["financing_gap"] == b["financing_gap"]


@pytest.mark.parametrize("archetype", ARCHETYPES, ids=lambda p: p.stem)
def test_every_field_line_has_a_comment_above_it(archetype):
    lines = scaffold(archetype, "myco").splitlines()
    assert lines[0] == f"# yaml-language-server: $schema={SCHEMA_FILE}"
    skip_below = None  # inside a free-form section or a text block: no schema keys there
    checked = 0
    for i, line in enumerate(lines):
        match = KEY.match(line)
        if not match:
            continue
        indent = len(match.group(1)) + len(match.group(2) or "")
        if skip_below is not None and len(match.group(1)) > skip_below:
            continue
        skip_below = None
        value = line.split(":", 1)[1].strip()
        if (match.group(3) in FREE_FORM and not value) or value.startswith(">"):
            skip_below = indent
        above = lines[i - 1].strip()
        assert above.startswith("#"), f"line {i + 1} has no comment above it: {line!r}"
        checked += 1
    assert checked > 20


def test_comments_give_units_ranges_and_the_archetype_text():
    text = scaffold(SCENARIOS / "dify.yaml", "myco")
    lines = text.splitlines()
    at = lines.index("    price_per_month: 59")
    comment = " ".join(line.strip("# ") for line in lines[at - 4 : at])
    assert "Price a paying customer pays each month" in comment
    assert "Unit: USD per customer per month" in comment
    assert "Allowed: a number >= 0" in comment and "Rule of thumb" in comment
    assert "Unit: share, 0 to 1" in text
    assert "# installs ever" in text  # the archetype's own end-of-line notes stay
    original = parse_yaml((SCENARIOS / "dify.yaml").read_text(), "dify")
    doc = parse_yaml(text, "myco")
    assert _plain(doc["company"]["story"]) == _plain(original["company"]["story"])
    assert _plain(doc["sources"]) == _plain(original["sources"])
    assert _plain(doc["assumptions"]) == _plain(original["assumptions"])


def test_a_typo_in_a_scaffold_gives_one_line_with_the_line_number(tmp_path):
    path = _write(tmp_path, SCENARIOS / "dify.yaml")
    text = path.read_text()
    bad = text.replace("  price_per_month: 59", "  price_per_month: ten")
    line = bad.splitlines().index("    price_per_month: ten") + 1
    path.write_text(bad)
    with pytest.raises(ScenarioError) as info:
        load(path)
    message = str(info.value)
    assert "\n" not in message
    assert f"myco.yaml:{line} revenue[0].price_per_month: expected a number or a distribution" in (
        message
    )
    assert "got 'ten'" in message

    path.write_text(text.replace("  price_per_month: 59", "  price_per_mnth: 59"))
    with pytest.raises(ScenarioError, match=rf":{line} revenue\[0\].price_per_mnth: unknown key"):
        load(path)


def test_schema_is_json_with_the_scenario_sections():
    schema = json.loads(schema_text(scenario_schema()))
    assert schema["$schema"].startswith("http://json-schema.org/draft-07")
    assert schema["title"] == "startup-sim scenario"
    for section in ("company", "demand", "revenue", "costs", "financing", "shocks"):
        assert section in schema["properties"]
    assert set(schema["required"]) == {"company", "financing"}
    subscription = schema["$defs"]["Subscription"]["properties"]
    assert {"type": "number", "minimum": 0} in subscription["price_per_month"]["oneOf"]
    strategy = json.loads(schema_text(strategy_schema()))
    assert strategy["title"] == "startup-sim strategy" and "Strategy" in strategy["$defs"]


@pytest.mark.parametrize("archetype", ARCHETYPES, ids=lambda p: p.stem)
def test_schema_accepts_every_archetype(archetype):
    doc = json.loads(json.dumps(_plain(parse_yaml(archetype.read_text(), archetype.name))))
    schema = scenario_schema()
    assert _errors(doc, schema, schema) == []


def test_schema_rejects_what_the_loader_rejects():
    schema = scenario_schema()
    doc = json.loads(json.dumps(_plain(parse_yaml((SCENARIOS / "dify.yaml").read_text(), "d"))))
    doc["costs"]["cogs_share_of_revenue"] = 1.5
    doc["company"]["colour"] = "red"
    doc["financing"]["climate"] = "freezing"
    problems = "\n".join(_errors(doc, schema, schema))
    assert "cogs_share_of_revenue" in problems and "colour" in problems
    assert "climate" in problems


def test_jsonschema_validates_a_scenario_if_installed():
    jsonschema = pytest.importorskip("jsonschema")
    doc = json.loads(json.dumps(_plain(parse_yaml((SCENARIOS / "dify.yaml").read_text(), "d"))))
    jsonschema.validate(doc, scenario_schema())


def test_sim_new_writes_the_scaffold_and_the_schema_and_refuses_to_overwrite(tmp_path):
    result = _sim("new", "myco", "--from", "faceswap_shop", "--out", tmp_path)
    assert result.exit_code == 0, result.output
    target = tmp_path / "myco.yaml"
    assert target.read_text().startswith("# yaml-language-server: $schema=scenario.schema.json")
    assert json.loads((tmp_path / SCHEMA_FILE).read_text())["title"] == "startup-sim scenario"
    assert _sim("validate", target).exit_code == 0
    assert not list(tmp_path.glob(".*.tmp"))

    target.write_text("# my edits\n" + target.read_text())
    again = _sim("new", "myco", "--from", "dify", "--out", tmp_path)
    assert again.exit_code == 2 and "already exists" in again.output and "--force" in again.output
    assert target.read_text().startswith("# my edits")  # untouched
    forced = _sim("new", "myco", "--from", SCENARIOS / "dify.yaml", "--out", tmp_path, "--force")
    assert forced.exit_code == 0 and "name: myco" in target.read_text()


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["myco", "--from", "no_such_archetype"], "archetypes: "),
        (["my/co", "--from", "dify"], "use letters, digits"),
    ],
)
def test_sim_new_bad_input_exits_2(tmp_path, args, message):
    result = _sim("new", *args, "--out", tmp_path)
    assert result.exit_code == 2 and message in result.output
    assert "Traceback" not in result.output


def test_sim_schema_prints_or_writes(tmp_path):
    result = _sim("schema")
    assert result.exit_code == 0
    assert json.loads(result.output)["title"] == "startup-sim scenario"
    result = _sim("schema", "--strategy", "--out", tmp_path / "s.json")
    assert result.exit_code == 0
    assert json.loads((tmp_path / "s.json").read_text())["title"] == "startup-sim strategy"


# --------------------------------------------------------------------------- a small validator
# jsonschema is not a dependency; this checks the keywords pydantic's schemas use.

TYPES = {
    "object": dict,
    "array": list,
    "string": str,
    "boolean": bool,
    "null": type(None),
    "number": (int, float),
    "integer": int,
}


def _errors(value, schema, root, where="") -> list[str]:
    if "$ref" in schema:
        target = root
        for part in schema["$ref"].removeprefix("#/").split("/"):
            target = target[part]
        return _errors(value, target, root, where)
    out = []
    kind = schema.get("type")
    if kind is not None:
        ok = isinstance(value, TYPES[kind]) and not (
            kind in ("number", "integer") and isinstance(value, bool)
        )
        if not ok:
            return [f"{where}: expected {kind}"]
    if "enum" in schema and value not in schema["enum"]:
        out.append(f"{where}: {value!r} not in {schema['enum']}")
    if "const" in schema and value != schema["const"]:
        out.append(f"{where}: expected {schema['const']!r}")
    for key, test in (
        ("minimum", lambda v, b: v >= b),
        ("maximum", lambda v, b: v <= b),
        ("exclusiveMinimum", lambda v, b: v > b),
    ):
        if key in schema and isinstance(value, int | float) and not test(value, schema[key]):
            out.append(f"{where}: {value} breaks {key} {schema[key]}")
    if isinstance(value, str):
        if "pattern" in schema and not re.search(schema["pattern"], value):
            out.append(f"{where}: {value!r} does not match {schema['pattern']}")
        if len(value) > schema.get("maxLength", len(value)):
            out.append(f"{where}: too long")
    if isinstance(value, dict):
        props = schema.get("properties", {})
        for name in schema.get("required", []):
            if name not in value:
                out.append(f"{where}.{name}: missing")
        extra = schema.get("additionalProperties", True)
        for name, item in value.items():
            if name in props:
                out += _errors(item, props[name], root, f"{where}.{name}")
            elif extra is False:
                out.append(f"{where}.{name}: not allowed")
            elif isinstance(extra, dict):
                out += _errors(item, extra, root, f"{where}.{name}")
            if "propertyNames" in schema:
                out += _errors(name, schema["propertyNames"], root, f"{where}[{name}]")
    if isinstance(value, list) and "items" in schema:
        for i, item in enumerate(value):
            out += _errors(item, schema["items"], root, f"{where}[{i}]")
    if "anyOf" in schema:
        results = [_errors(value, s, root, where) for s in schema["anyOf"]]
        if all(results):
            out.append(f"{where}: matches none of anyOf: {min(results, key=len)}")
    if "oneOf" in schema:
        results = [_errors(value, s, root, where) for s in schema["oneOf"]]
        matches = sum(not r for r in results)
        if matches != 1:
            out.append(f"{where}: matches {matches} of oneOf: {min(results, key=len)}")
    for sub in schema.get("allOf", []):
        out += _errors(value, sub, root, where)
    return out
