"""The report in English and Chinese: the message table, the helper, a whole Chinese page."""

from __future__ import annotations

import html
import re

import pytest
from plotly.offline import get_plotlyjs
from typer.testing import CliRunner

from sim.analysis.results import run
from sim.analysis.slider import sweep
from sim.cli.main import app
from sim.report import render
from sim.report.i18n import (
    LANGS,
    MESSAGES,
    calendar,
    cause_label,
    check_lang,
    pct,
    placeholders,
    quantile_interval,
    t,
)
from sim.scenario.loading import load
from sim.story.texts import TEXT as STORY_TEXT
from tests.helpers import SCENARIOS

CJK = re.compile(r"[\u3000-\u303f\u4e00-\u9fff\uff00-\uffef]")
PATHS = 800
DIFFERENT_PLACEHOLDERS = {"cal.month"}  # 'May 2023' needs the month's name, '2023年5月' its number


def _page(sets=None, lang="zh", slider=True, paths=PATHS):
    r = run(load(SCENARIOS / "dify.yaml", sets), paths=paths, seed=1)
    sl = None
    if slider:
        sl = sweep(SCENARIOS / "dify.yaml", "financing.initial_cash", overrides=sets, paths=paths)
    return render(r, r.summary(), lang=lang, slider=sl)


@pytest.fixture(scope="module")
def zh_pages():
    """Chinese pages: deaths with a slider, and nobody dying (other cards and notes)."""
    deadly = ["financing.initial_cash=150000", "financing.rounds.seed.probability=0.3"]
    return [_page(deadly), _page(["financing.initial_cash=100000000"], slider=False)]


def test_every_message_in_both_languages():
    assert set(LANGS) == {"en", "zh"}
    for key, texts in MESSAGES.items():
        assert set(texts) == set(LANGS), key
        en, zh = texts["en"], texts["zh"]
        assert en.strip() and zh.strip(), key
        if key not in DIFFERENT_PLACEHOLDERS:
            assert placeholders(en) == placeholders(zh), key
        if re.search("[A-Za-z]{2}", re.sub(r"%?\{[^}]*\}|<[^>]*>|&\w+;", "", en)):
            assert CJK.search(zh), f"{key}: no Chinese in {zh!r}"
        assert zh.count("%{") == en.count("%{"), key  # plotly's hover placeholders kept


def test_t_fills_values_and_leaves_plotly_placeholders():
    assert t("card.alive", "en", m=12) == "Still alive after 12 months"
    assert t("card.alive", "zh", m=12) == "12 个月后仍存活"
    hover = t("fan.hover", "en", name="cash")
    assert hover == "%{customdata[0]}: median cash %{customdata[1]}<extra></extra>"
    assert t("slider.intro", "en", label="x", key="a.b", paths="10").count("<code>a.b</code>")
    with pytest.raises(KeyError, match="needs a value for"):
        t("card.alive", "en")
    with pytest.raises(ValueError, match="unknown language 'fr'"):
        t("card.alive", "fr", m=1)
    assert check_lang("zh") == "zh"


def test_formatting_in_chinese():
    assert calendar("2023-05", 1, "zh") == "2023年5月"
    assert calendar("2023-05", 8, "zh") == "2023年12月"
    assert calendar("2023-05", 9, "zh") == "2024年1月"
    assert calendar("2023-05", 9, "en") == "Jan 2024"
    assert pct(0.00001, "zh") == "低于 0.01%" and pct(0.5, "zh") == "50.0%"
    q = {"value": 8, "lo": 7, "hi": 9}
    assert quantile_interval(q, str, "zh") == "95% 区间为 7 至 9"
    assert cause_label("round failed: seed", "zh") == "融资失败：seed"
    assert cause_label("burned cash before breakeven", "zh") == "盈亏平衡前烧光了现金"
    assert cause_label("round failed: seed", "en") == "round failed: seed"
    assert cause_label("something new", "zh") == "something new"


def _english_fragments() -> tuple[set[str], set[str]]:
    """Phrases (several words) and single words of the English messages, without their
    placeholders, HTML tags and entities."""
    phrases, words = set(), set()
    for texts in MESSAGES.values():
        for piece in re.split(r"%?\{[^}]*\}|<[^>]*>|&\w+;", texts["en"]):
            piece = piece.strip(" .,;:()")
            if " " in piece and len(piece) >= 8:
                phrases.add(piece)
            elif re.fullmatch(r"[A-Za-z/]{3,}", piece):
                words.add(piece)
    return phrases, words


def _ui(page: str) -> str:
    """The page without plotly.js, the story's text, which sim.story tells in English, and
    the scenario's own prose: its reasons for its numbers and what its story leaves out (they
    stay in the language they were written in; the label before each is the page's: 理由：)."""
    page = page.replace(get_plotlyjs(), "")
    page = re.sub(r'(<span class="why">[^：<]*：).*?</span>', r"\1", page, flags=re.S)
    return re.sub(r'<span class="(?:told|prose)">.*?</span>', "", page, flags=re.S)


def test_chinese_page_has_no_english_ui_text(zh_pages):
    phrases, words = _english_fragments()
    assert len(phrases) > 100
    for page in zh_pages:
        assert '<html lang="zh-CN">' in page
        ui = _ui(page)
        left = [p for p in phrases if p in ui or p.replace("'", "&#x27;") in ui]
        assert not left, left
        # single words as a whole heading, cell, label or title: >Month<, "text":"Month"
        as_label = (r'(?:>|<br>)\s*{}[\s:<"]', r'"(?:text|name|label|prefix)":\s*"{}"')
        left = [w for w in words for p in as_label if re.search(p.format(re.escape(w)), ui)]
        assert not left, left


def _decoded(page: str) -> str:
    """The page with the figures' JSON escapes (\\u4ed3) turned back into characters."""
    return re.sub(r"\\u([0-9a-fA-F]{4})", lambda m: chr(int(m.group(1), 16)), page)


def test_chinese_page_says_it_in_chinese(zh_pages):
    deadly, alive = (_decoded(p) for p in zh_pages)
    for text in (
        "<h2>主要数字</h2>",
        "仍存活的公司占比",
        "<th>参数</th><th>取值</th><th>依据</th>",
        "<h2>一家公司的一生</h2>",
        "典型的倒闭公司：",
        "第 1 个月（2023年5月）",
        "如果启动资金不同，会怎样？",
        "融资失败：seed",
        "2023年11月",
        "运行记录。",
        'Plotly.register({"moduleType": "locale", "name": "zh-CN"',
        '"locale": "zh-CN"',
    ):
        assert text in deadly, text
    assert "在 36 个月内，没有一家模拟公司倒闭。" in alive and "典型的存活公司：" in alive
    assert "无需追加资金" in alive
    # scenario text stays as written
    assert "A founder who dropped out of junior high" in deadly


def test_english_is_the_default(monkeypatch):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")
    r = run(load(SCENARIOS / "dify.yaml"), paths=200, seed=1)
    page = render(r, r.summary())
    assert '<html lang="en">' in page and "Plotly.register(" not in page
    assert page == render(r, r.summary(), lang="en")
    with pytest.raises(ValueError, match="unknown language"):
        render(r, r.summary(), lang="de")


def test_cli_lang(tmp_path):
    cli = CliRunner()
    args = ["run", str(SCENARIOS / "dify.yaml"), "--paths", "200", "--out", str(tmp_path), "-q"]
    assert cli.invoke(app, [*args, "--lang", "zh"]).exit_code == 0
    assert '<html lang="zh-CN">' in (tmp_path / "dify.html").read_text()
    bad = cli.invoke(app, [*args, "--lang", "fr"], env={"COLUMNS": "200"})
    assert bad.exit_code == 2
    assert "--lang fr: the report can be written in en (English) or zh" in bad.output
    assert "Traceback" not in bad.output


def _story_fragments() -> set[str]:
    """Phrases of the English story catalogue (sim.story), without placeholders."""
    found = set()
    for texts in STORY_TEXT.values():
        for piece in re.split(r"\{[^}]*\}", texts["en"]):
            piece = piece.strip(" .,;:()'")
            if " " in piece and len(piece) >= 8:
                found.add(piece)
    return found


def test_chinese_story_and_causes_are_chinese(zh_pages):
    """The story of one company, the causes of death and their notes: Chinese, with the
    scenario's names (rounds, streams, shocks) as written."""
    page = _decoded(zh_pages[0])
    told = [html.unescape(x) for x in re.findall(r'<span class="told">(.*?)</span>', page)]
    assert len(told) >= 3
    phrases = _story_fragments()
    assert len(phrases) > 40
    names = {"Dify", "seed", "cloud", "pro", "price_war"}
    for line in told:
        assert CJK.search(line), line
        left = [p for p in phrases if p in line]
        assert not left, (line, left)
        words = re.findall(r"[A-Za-z][A-Za-z_]+(?: [A-Za-z][A-Za-z_]+)+", line)
        assert not [w for w in words if not set(w.split()) <= names], line
    causes = re.search(r'<ul class="hint">(.*?)</ul>', page, flags=re.S).group(1)
    items = re.findall(r"<li><b>(.*?)</b>——(.*?)</li>", causes)
    assert items
    for label, note in items:
        head = html.unescape(label).split("：")[0]
        assert CJK.search(head) and not re.search("[A-Za-z]", head), label
        assert CJK.search(note) and not re.search("[A-Za-z]{3}", note), note
    assert "融资失败：seed" in page
    assert "情景文件自带的文字" in page  # the note on the scenario's own prose


def test_english_pages_have_no_prose_note():
    r = run(load(SCENARIOS / "dify.yaml"), paths=200, seed=1)
    assert "prose-note" not in render(r, r.summary(), lang="en")
    assert "prose-note" in render(r, r.summary(), lang="zh")
