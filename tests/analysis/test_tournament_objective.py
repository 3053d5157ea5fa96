"""A tournament's own file (``tournament.yaml``) chooses the objective; the option overrides it;
the page and the debrief say which objective ranked the teams and what it rewards."""

from __future__ import annotations

import html
import json

import pytest
from typer.testing import CliRunner

from sim.analysis.objectives import parse
from sim.analysis.tournament import play
from sim.cli.main import app
from sim.report import objective as shown
from sim.report.i18n import t
from sim.report.tournament import render
from sim.scenario.loading import ScenarioError
from sim.scenario.tournament import NAMES, check_objective, find_rules
from tests.helpers import ROOT, SCENARIOS

DIFY = SCENARIOS / "dify.yaml"
LEAN = (ROOT / "examples" / "tournament" / "lean.yaml").read_text()
# nobody, nothing shipped: it lives on its starting cash, survives and builds nothing
HIBERNATE = (
    "name: hibernate\nset:\n  costs.team.headcount: 1\n  costs.team.cost_per_head_per_month: 100\n"
    "  costs.fixed_per_month: 0\n  revenue.cloud.conversion: 0\n"
)


def sim(*args):
    return CliRunner().invoke(app, [str(a) for a in args], env={"COLUMNS": "200"})


@pytest.fixture
def teams(tmp_path):
    folder = tmp_path / "teams"
    folder.mkdir()
    (folder / "hibernate.yaml").write_text(HIBERNATE)
    (folder / "lean.yaml").write_text(LEAN)
    return folder


def _places(s: dict) -> dict:
    return {r["team"]: r["place"] for r in s["leaderboard"] if not r["baseline"]}


def test_the_file_chooses_the_objective_and_the_option_overrides_it(teams):
    default = play(DIFY, teams, seed=2, paths=1000).summary(reveal=True)
    assert default["objective_source"] == "default" and default["rules_file"] is None
    assert _places(default) == {"lean": 1, "hibernate": 2}  # founders' value: doing nothing loses
    (teams / "tournament.yaml").write_text("# the class's rules\nobjective: p_alive\n")
    s = play(DIFY, teams, seed=2, paths=1000).summary(reveal=True)
    assert (s["objective"], s["objective_source"]) == ("p_alive", "file")
    assert s["rules_file"] == str(teams / "tournament.yaml")
    assert sorted(x["team"] for x in s["teams"]) == ["hibernate", "lean"]  # the rules: no team
    assert _places(s)["hibernate"] == 1  # on survival, doing nothing wins
    over = play(DIFY, teams, seed=2, paths=1000, objective="founder_value_mean").summary(True)
    assert (over["objective"], over["objective_source"]) == ("founder_value_mean", "option")
    assert _places(over) == _places(default)
    # the same worlds whoever chose the objective: the leaderboard's figures agree
    assert over["leaderboard"] == default["leaderboard"]


@pytest.mark.parametrize(
    "text, says",
    [
        ("\nobjective: founder_value\n", "tournament.yaml:2 objective: unknown objective"),
        ("objectve: p_alive\n", "tournament.yaml:1 objectve: unknown key (expected one of: "),
        ("objective: p_founder_value_above:lots\n", "tournament.yaml:1 objective: expected"),
        ("objective: p_founder_value_above:-1\n", "the amount must be a number >= 0"),
        ("objective: [p_alive]\n", "tournament.yaml:1 objective:"),
        ("- p_alive\n", "expected a mapping"),
    ],
)
def test_a_bad_rules_file_names_its_line_and_nobody_plays(teams, text, says):
    (teams / "tournament.yaml").write_text(text)
    with pytest.raises(ScenarioError, match=None) as e:
        play(DIFY, teams, seed=1, paths=50)
    assert says in str(e.value) and str(teams) in str(e.value)
    out = teams.parent / "out"
    result = sim("tournament", DIFY, teams, "--paths", 50, "--seed", 1, "--out", out)
    assert result.exit_code == 2 and says in result.output and "Traceback" not in result.output
    assert not out.exists()


def test_the_rules_file_alone_is_no_team_and_two_are_one_too_many(tmp_path):
    (tmp_path / "tournament.yaml").write_text("objective: p_alive\n")
    with pytest.raises(ScenarioError, match="holds no team file"):
        play(DIFY, tmp_path, seed=1, paths=50)
    (tmp_path / "tournament.yml").write_text("objective: p_alive\n")
    with pytest.raises(ScenarioError, match="holds both"):
        find_rules(tmp_path)
    assert find_rules(tmp_path / "nothing_here")[1] is None


def test_objective_names_are_checked_once_for_files_and_options():
    assert check_objective("p_founder_value_above:1_000_000") == ("p_founder_value_above", 1e6)
    for name in NAMES:
        text = name.replace(":X", ":5")
        assert check_objective(text)[0] == name.partition(":")[0]
        assert parse(text).name.partition(":")[0] == name.partition(":")[0]
    for bad in ("p_alive:3", "alive", "", "founder_value_mean:"):
        with pytest.raises(ValueError, match="unknown objective"):
            check_objective(bad)


@pytest.mark.parametrize("name", [n.replace(":X", ":5e7") for n in NAMES])
@pytest.mark.parametrize("lang", ["en", "zh"])
def test_every_objective_is_explained_in_every_language(name, lang):
    means = shown.means(name, "USD", lang)
    assert means and "{" not in means
    if name.startswith("p_founder"):
        assert "50M USD" in means
    assert len({shown.means(n.replace(":X", ":1"), "USD", lang) for n in NAMES}) == len(NAMES)


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_the_page_says_which_objective_ranked_the_teams_and_who_chose_it(teams, lang):
    (teams / "tournament.yaml").write_text("objective: p_founder_value_above:5e7\n")
    s = play(DIFY, teams, seed=2, paths=400).summary(reveal=True)
    page = render(s, lang=lang)
    assert html.escape(shown.label(s["objective"], "USD", lang)) in page
    assert html.escape(shown.means(s["objective"], "USD", lang)) in page
    assert t("tour.by.file", lang, file=str(teams / "tournament.yaml")) in page
    assert t("tour.what_alive", lang, months=36) not in page  # sorted by the objective
    assert "-1218595257" not in page  # differences in points, not raw numbers
    fv = play(DIFY, teams, seed=2, paths=400, objective="founder_value_mean").summary(True)
    page = render(fv, lang=lang)
    assert t("tour.by.option", lang, name="founder_value_mean") in page
    below = next(r for r in fv["leaderboard"] if r["vs_holder"] and not r["tied"])
    assert shown.diff(below["vs_holder"], "founder_value_mean", "USD", lang) in page
    assert "USD" in shown.diff(below["vs_holder"], "founder_value_mean", "USD", lang)


def test_the_terminal_and_help_name_the_file(teams, tmp_path):
    (teams / "tournament.yaml").write_text("objective: p_alive\n")
    out = tmp_path / "out"
    result = sim("tournament", DIFY, teams, "--paths", 200, "--seed", 1, "--out", out)
    assert result.exit_code == 0, result.output
    assert f"chosen by {teams / 'tournament.yaml'}" in result.output.replace("\n", "")
    assert json.loads((out / "dify_tournament.json").read_text())["objective"] == "p_alive"
    result = sim("tournament", "--help")
    assert "tournament.yaml" in result.output and "overrides the file" in result.output
