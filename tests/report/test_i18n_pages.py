"""The comparison, sensitivity, tournament and sweep pages in Chinese (``--lang zh``)."""

from __future__ import annotations

import html
import re

import pytest
import yaml
from typer.testing import CliRunner

from sim.cli.main import app
from sim.report.i18n import LANGS, MESSAGES, lang_option_error
from sim.scenario.loading import load
from tests.helpers import ROOT, SCENARIOS

from .test_i18n import CJK, _decoded, _english_fragments, _ui

DIFY = SCENARIOS / "dify.yaml"
TEAMS = ROOT / "examples" / "tournament"
PREFIXES = ("cmp.", "sens.", "tour.", "sweep.", "range.", "word.", "changes", "rules", "rule")
COMMANDS = {
    "compare": ["compare", DIFY, "--paths", "300", "--set", "financing.initial_cash=200000"],
    "sensitivity": ["sensitivity", DIFY, "--paths", "200", "--base", "8", "--months", "24"],
    "tournament": ["tournament", DIFY, TEAMS, "--seed", "3", "--paths", "300"],
    "sweep": ["sweep", DIFY, "--grid", ROOT / "examples" / "sweep" / "dify_grid.yaml"],
}
PAGES = {
    "compare": "dify_compare",
    "sensitivity": "dify_sensitivity",
    "tournament": "dify_tournament",
    "sweep": "dify_sweep",
}


def _scenario_text() -> list[str]:
    """Strategy and team descriptions: scenario text, shown as written (here in English)."""
    texts = [st.description for st in load(DIFY).scenario.strategies if st.description]
    for team in TEAMS.glob("*.yaml"):
        doc = yaml.safe_load(team.read_text())
        if isinstance(doc, dict) and doc.get("description"):
            texts.append(str(doc["description"]))
    return [html.escape(x) for x in texts]


def _sim(*args):
    return CliRunner().invoke(app, [str(a) for a in args], env={"COLUMNS": "200"})


@pytest.fixture(scope="module")
def zh_pages(tmp_path_factory):
    """Each page written by its command with --lang zh (exit 0), by command."""
    out = tmp_path_factory.mktemp("zh")
    pages = {}
    for command, args in COMMANDS.items():
        result = _sim(*args, "--out", out, "-q", "--lang", "zh")
        assert result.exit_code == 0, result.output
        pages[command] = (out / f"{PAGES[command]}.html").read_text()
    return pages


def test_new_messages_in_both_languages():
    new = [k for k in MESSAGES if k.startswith(PREFIXES)]
    assert len(new) > 150
    for key in new:
        en, zh = MESSAGES[key]["en"], MESSAGES[key]["zh"]
        assert en.strip() and zh.strip(), key
        if re.search("[A-Za-z]{2}", re.sub(r"%?\{[^}]*\}|<[^>]*>|&\w+;|<code>.*?</code>", "", en)):
            assert CJK.search(zh), key


@pytest.mark.parametrize("command", list(COMMANDS))
def test_chinese_pages_have_no_english_ui_text(zh_pages, command):
    page = zh_pages[command]
    assert '<html lang="zh-CN">' in page
    phrases, words = _english_fragments()
    ui = _decoded(_ui(page))
    for text in _scenario_text():
        ui = ui.replace(text, "")
    ui = re.sub(r"<code>.*?</code>", "", ui)  # commands and files
    left = [p for p in phrases if p in ui or p.replace("'", "&#x27;") in ui]
    assert not left, left
    as_label = (r'(?:>|<br>)\s*{}[\s:<"]', r'"(?:text|name|label|prefix)":\s*"{}"')
    left = [w for w in words for p in as_label if re.search(p.format(re.escape(w)), ui)]
    assert not left, left


def test_chinese_pages_say_it_in_chinese(zh_pages):
    compare, sens, tour, sweep = (_decoded(zh_pages[k]) for k in COMMANDS)
    for text in ("哪种策略能活下来？", "<h2>排名</h2>", "各策略下仍存活的公司占比", "2023年10月"):
        assert text in compare, text
    assert re.search("领先|并列", compare)  # the explanation, built in Chinese
    for text in (
        "哪个假设决定了公司的存亡？",
        "逐个改变：龙卷风图",
        "运气（模拟引擎自身的随机性）",
    ):
        assert text in sens, text
    for text in ("比赛排行榜", "<th>名次</th><th>队伍</th>", "复盘：", "随机种子 3", "运行记录。"):
        assert text in tour, text
    assert "lean" in tour  # team names stay as written
    for text in (
        "25 个参数组合下的存活率",
        "网格设计",
        "36 个月后存活可能性最高",
        "<h2>全部组合</h2>",
    ):
        assert text in sweep, text
    assert "financing.initial_cash" in sweep  # parameter keys stay as written


def test_english_stays_the_default(tmp_path):
    for command, args in COMMANDS.items():
        assert _sim(*args, "--out", tmp_path, "-q").exit_code == 0
        page = (tmp_path / f"{PAGES[command]}.html").read_text()
        assert '<html lang="en">' in page and "Plotly.register(" not in page
    assert (
        "Share of companies still alive, by strategy"
        in (tmp_path / "dify_compare.html").read_text()
    )
    assert "tournament leaderboard" in (tmp_path / "dify_tournament.html").read_text()
    assert "survival across 25 points" in (tmp_path / "dify_sweep.html").read_text()
    csv = (tmp_path / "dify_tournament.csv").read_text()
    assert not CJK.search(csv)


@pytest.mark.parametrize("command", list(COMMANDS))
def test_cli_rejects_unknown_language(tmp_path, command):
    bad = _sim(*COMMANDS[command], "--out", tmp_path, "-q", "--lang", "fr")
    assert bad.exit_code == 2
    assert "--lang fr: the report can be written in en (English) or zh" in bad.output
    assert "Traceback" not in bad.output
    assert not list(tmp_path.iterdir())  # checked before anything is simulated or written
    assert lang_option_error("zh") is None and set(LANGS) == {"en", "zh"}
