"""The story of one path: told from the run's own event record, in order, with the right months."""

from __future__ import annotations

import re

import numpy as np
import pytest
from typer.testing import CliRunner

from sim.analysis.results import run
from sim.cli.main import app
from sim.engine.state import Event
from sim.scenario.loading import load
from sim.story import (
    StoryError,
    drawn_values,
    month_label,
    pick,
    pick_reason,
    story_lines,
    story_text,
)
from tests.helpers import ROOT, SCENARIOS, scenario

runner = CliRunner()

# Deterministic: 2,000 leads a month, 100k costs a month against 500k of cash, a seed round that
# cannot close (talks from month 1, answer in month 3), a ban halving demand in months 3-4.
DOOMED = scenario(
    engine={"counts": "expected"},
    demand={"leads_per_month": 2000},
    revenue=[
        {
            "kind": "subscription",
            "name": "pro",
            "price_per_month": 10,
            "conversion": 0.01,
            "charging": {"from_month": 2},
        }
    ],
    costs={"fixed_per_month": 100_000},
    financing={
        "initial_cash": 500_000,
        "rounds": [{"name": "seed", "amount": 1e6, "probability": 0.0, "months_to_close": 2}],
    },
    shocks=[{"name": "ban", "at_month": 3, "duration_months": 2, "effects": {"demand": 0.5}}],
)
PHRASES = {
    Event.CHARGING_STARTED: "starts charging",
    Event.ROUND_TALKS: "talks for the",
    Event.ROUND_CLOSED: "round closes",
    Event.ROUND_FAILED: "round fails",
    Event.SHOCK_HIT: "shock hits",
    Event.SHOCK_ENDED: "shock ends",
    Event.BREAKEVEN: "breaks even",
    Event.DEATH: "money runs out",
    Event.POLICY: "policy ",
}


def _sim(*args):
    return runner.invoke(app, [str(a) for a in args], env={"COLUMNS": "200"})


def test_deterministic_story_lists_the_events_in_order_with_their_months():
    r = run(DOOMED, paths=1, seed=1)
    assert r.batch.death_month[0] == 6
    lines = dict(story_lines(r, 0))
    assert "talks for the seed round begin, asking 1M USD" not in lines[1]  # currency is CNY
    assert "Talks for the seed round begin, asking 1M CNY in a normal market" in lines[1]
    assert "Pro starts charging 10 CNY a month" in lines[2]
    assert "The ban shock hits: new users cut by 50%, for 2 months" in lines[3]
    assert "The seed round fails in a normal market (it had a 0% chance of closing)" in lines[3]
    assert "The ban shock ends" in lines[5]
    assert "Runway down to 4.0 months" in lines[1]
    assert "Passes 1,000 users (2,000 so far)" in lines[1]
    death = lines[6]
    assert "The money runs out" in death and "Cause: round failed: seed" in death
    assert max(lines) == 6  # the story ends with the death
    text = story_text(r, 0)
    order = ["seed round begin", "starts charging", "shock hits", "round fails", "shock ends"]
    positions = [text.index(p) for p in order + ["money runs out"]]
    assert positions == sorted(positions)
    assert text.startswith("Month 1 (Jan 2023): Test starts with 500k CNY in the bank")


def test_a_survivor_ends_with_its_state_at_the_horizon():
    rich = scenario(engine={"counts": "expected"}, costs={"fixed_per_month": 1000})
    r = run(rich, paths=1, seed=1)
    last_month, last = story_lines(r, 0)[-1]
    assert last_month == 12
    assert "Still alive after 12 months" in last and "988k CNY in the bank" in last
    assert month_label(r, 12) == "Month 12 (Dec 2023)"


def test_story_months_match_the_event_record_of_the_path():
    r = run(load(SCENARIOS / "dify.yaml", ["financing.initial_cash=200000"]), paths=300, seed=4)
    b = r.batch
    assert (b.death_month > 0).any() and (b.death_month == 0).any()
    for path in [*np.flatnonzero(b.death_month > 0)[:5], *np.flatnonzero(b.death_month == 0)[:5]]:
        lines = dict(story_lines(r, int(path)))
        events = b.events[b.events["path"] == path]
        assert events.size
        for e in events:
            assert int(e["month"]) in lines
            assert PHRASES[int(e["kind"])] in lines[int(e["month"])].lower()
        assert max(lines) == (b.death_month[path] or r.months)


def test_policy_changes_are_told_and_used_for_later_sentences():
    sc = scenario(
        engine={"counts": "expected"},
        demand={"leads_per_month": 100},
        revenue=[
            {
                "kind": "subscription",
                "name": "pro",
                "price_per_month": 10,
                "charging": {"from_month": 3},
            }
        ],
        costs={"fixed_per_month": 200_000},
        policies=[
            {
                "name": "raise",
                "when": {"month": {"above": 1}},
                "set": {"revenue.pro.price_per_month": 25},
            },
            {
                "name": "cut",
                "when": {"runway_months": {"below": 3}},
                "scale": {"costs.fixed_per_month": 0.5},
            },
        ],
    )
    r = run(sc, paths=1, seed=1)
    fired = r.batch.events[r.batch.events["kind"] == Event.POLICY]
    lines = dict(story_lines(r, 0))
    for e in fired:
        name = sc.policies[e["ref"]].name
        assert f"Policy {name} acts" in lines[int(e["month"])]
    assert "Policy raise acts (from month 2): pro: monthly price set to 25 CNY" in lines[2]
    assert "Pro starts charging 25 CNY a month" in lines[3]  # the price the policy set
    assert "fixed costs cut by 50%" in "".join(lines.values())


def test_typical_death_is_the_death_closest_to_the_median():
    r = run(load(SCENARIOS / "model_lab.yaml"), paths=400, seed=2)
    d = r.batch.death_month
    dead = d > 0
    i = pick(r, "typical-death")
    assert dead[i]
    distance = np.abs(d - np.median(d[dead]))
    assert distance[i] == distance[dead].min()
    assert i == np.flatnonzero(dead & (distance == distance[dead].min()))[0]  # lowest index
    assert f"died in month {d[i]}" in pick_reason(r, "typical-death", i)
    worst = pick(r, "worst")
    assert d[worst] == d[dead].min()
    best = pick(r, "best")
    assert r.batch.cash[-1, best] == r.batch.cash[-1].max()


def test_typical_survivor_and_the_majority_default():
    r = run(load(SCENARIOS / "dify.yaml"), paths=300, seed=3)
    alive = r.batch.death_month == 0
    assert alive.mean() > 0.5
    i = pick(r, "typical-survivor")
    final = r.batch.cash[-1]
    distance = np.abs(final - np.median(final[alive]))
    assert alive[i] and distance[i] == distance[alive].min()
    assert pick(r, "typical") == i  # most survive: the typical company is a survivor


def test_picks_that_cannot_be_made_say_what_to_try():
    r = run(scenario(costs={"fixed_per_month": 1}), paths=50, seed=1)  # nobody dies
    with pytest.raises(StoryError, match="no simulated company died.*typical-survivor"):
        pick(r, "typical-death")
    assert r.batch.cash[-1, pick(r, "worst")] == r.batch.cash[-1].min()
    with pytest.raises(StoryError, match="unknown pick"):
        pick(r, "median")
    with pytest.raises(StoryError, match="paths 0 to 49"):
        story_lines(r, 50)


def test_cli_tells_a_story():
    result = _sim("story", SCENARIOS / "model_lab.yaml", "--pick", "typical-death",
                  "--paths", 300)  # fmt: skip
    assert result.exit_code == 0, result.output
    out = result.output
    assert "Why this one: the typical death" in out
    assert "Month 1 (Apr 2023): Model lab starts with 144M CNY" in out
    assert "The company dies. Cause:" in out
    assert "Tell it again: sim story" in out and "--path " in out
    again = _sim("story", SCENARIOS / "model_lab.yaml", "--paths", 300, "--path", 5)
    assert again.exit_code == 0 and "no. 5 of 300" in again.output


def test_cli_strategy_and_help():
    result = _sim("story", "--help")
    assert result.exit_code == 0 and "--pick" in result.output and "typical-death" in result.output
    result = _sim("story", SCENARIOS / "dify.yaml", "--paths", 200, "--strategy", "no-such")
    assert result.exit_code == 2 and "nor a file" in result.output


NO_DEATHS = ["--set", "financing.initial_cash=1e12"]


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--pick", "typical-death", *NO_DEATHS], "no simulated company died"),
        (["--pick", "median"], "unknown pick 'median'"),
        (["--path", 300], "there are only 300 paths"),
        (["--path", 1, "--pick", "best"], "not both"),
        (["--set", "revenue.cloud.price_per_month=ten"], "price_per_month"),
    ],
)  # fmt: skip
def test_cli_bad_input_exits_2_with_a_message(args, message):
    result = _sim("story", SCENARIOS / "dify.yaml", "--paths", 300, *args)
    assert result.exit_code == 2, result.output
    assert message in result.output and "Traceback" not in result.output


def test_best_when_nobody_survives_is_the_latest_death():
    r = run(DOOMED, paths=3, seed=1)
    assert (r.batch.death_month > 0).all()
    best = pick(r, "best")
    assert r.batch.death_month[best] == r.batch.death_month.max()
    assert "nobody survived" in pick_reason(r, "best", best)


def test_drawn_values_are_those_that_mattered_to_the_path():
    r = run(load(SCENARIOS / "model_lab.yaml"), paths=200, seed=1)
    i = pick(r, "worst")
    names = [name for name, _, _ in drawn_values(r, i)]
    assert "demand.bass.market_size" in names
    assert not any(n.startswith("costs.gpu.training_runs.base_v5") for n in names)  # month 33
    for name, value, share in drawn_values(r, i):
        assert value == r.batch.inputs[name][i] and 0 <= share <= 1


# --------------------------------------------------------------------------- Chinese (--lang zh)

ZH_PHRASES = {
    Event.CHARGING_STARTED: ("开始收费", "上线"),
    Event.ROUND_TALKS: ("融资谈判开始",),
    Event.ROUND_CLOSED: ("融资完成",),
    Event.ROUND_FAILED: ("融资在",),
    Event.SHOCK_HIT: ("冲击来袭",),
    Event.SHOCK_ENDED: ("冲击结束",),
    Event.BREAKEVEN: ("实现盈亏平衡",),
    Event.DEATH: ("钱用完了",),
    Event.POLICY: ("启动（",),
}


def _names(sc) -> list[str]:
    """Everything in a Chinese story that may stay in Latin letters: names and parameters."""
    names = [sc.company.name, sc.company.currency, "GPU", "--path", "--lang"]
    names += [s.name for s in sc.revenue] + [r.name for r in sc.financing.rounds]
    names += [s.name for s in sc.shocks] + [p.name for p in sc.policies]
    names += [run.name for run in sc.costs.gpu.training_runs]
    names += [".".join(k.split(".")[1:]) for p in sc.policies for k in [*p.scale, *p.set]]
    if isinstance(sc.financing.climate, str):
        names.append(sc.financing.climate)
    return sorted(names, key=len, reverse=True)


def _assert_no_english(text: str, sc) -> None:
    for name in _names(sc):
        text = text.replace(name, "")
    assert not re.findall(r"[A-Za-z]{2,}", text), text
    assert re.search(r"[\u4e00-\u9fff]", text)


def test_every_story_template_has_english_and_chinese():
    from sim.story.texts import TEXT, placeholders

    for key, texts in TEXT.items():
        assert set(texts) == {"en", "zh"}, key
        assert placeholders(texts["en"]) == placeholders(texts["zh"]), key
        if not key.startswith("join."):
            assert texts["en"].strip() and texts["zh"].strip(), key
        en, zh = (re.sub(r"\{[^}]*\}", "", texts[lang]) for lang in ("en", "zh"))
        if re.search(r"[A-Za-z]{2,}", en):  # words to translate
            assert re.search(r"[\u4e00-\u9fff\u3000-\u303f\uff00-\uffef]", zh), key
        assert not re.findall(r"[A-Za-z]{2,}", zh.replace("GPU", "").replace("--path", "")), key


def test_english_is_the_default_and_other_languages_are_refused():
    r = run(DOOMED, paths=1, seed=1)
    assert story_text(r, 0, lang="en") == story_text(r, 0)
    assert story_lines(r, 0, lang="en") == story_lines(r, 0)
    assert month_label(r, 12, lang="zh") == "第 12 个月（2023年12月）"
    with pytest.raises(ValueError, match="unknown language 'fr'"):
        story_lines(r, 0, lang="fr")


def test_chinese_story_of_a_deterministic_path():
    r = run(DOOMED, paths=1, seed=1)
    en, zh = story_lines(r, 0), story_lines(r, 0, lang="zh")
    assert [m for m, _ in zh] == [m for m, _ in en]
    lines = dict(zh)
    assert "seed 轮融资谈判开始，在常态融资市场中寻求 1M CNY" in lines[1]
    assert "现金跑道降到 4.0 个月" in lines[1] and "用户数突破 1,000（目前 2,000）" in lines[1]
    assert "pro 开始收费：标价每月 10 CNY" in lines[2]
    assert "“ban”冲击来袭：新用户下降 50%，持续 2 个月。" in lines[3]
    assert "seed 轮融资在常态融资市场中失败（原本成功的概率是 0%）" in lines[3]
    assert "“ban”冲击结束" in lines[5]
    assert "公司倒闭。原因：融资失败：seed（" in lines[6] and lines[6].endswith("。")
    text = story_text(r, 0, lang="zh")
    assert text.startswith("第 1 个月（2023年1月）：Test 起步时银行里有 500k CNY")
    _assert_no_english(text, DOOMED)


def test_chinese_story_has_the_same_months_and_events_as_the_english_one():
    r = run(load(SCENARIOS / "dify.yaml", ["financing.initial_cash=200000"]), paths=300, seed=4)
    b = r.batch
    for path in [*np.flatnonzero(b.death_month > 0)[:5], *np.flatnonzero(b.death_month == 0)[:5]]:
        en, zh = story_lines(r, int(path)), story_lines(r, int(path), lang="zh")
        assert [m for m, _ in zh] == [m for m, _ in en]
        lines = dict(zh)
        for e in b.events[b.events["path"] == path]:
            told = lines[int(e["month"])]
            assert any(p in told for p in ZH_PHRASES[int(e["kind"])]), (e, told)
        # as many sentences each month, in both languages
        for (_, e_text), (_, z_text) in zip(en, zh, strict=True):
            assert z_text.count("。") == e_text.count(". ") + 1


@pytest.mark.parametrize("name", ["model_lab", "dify", "faceswap_shop", "private_deployment"])
def test_no_english_template_text_in_a_chinese_story(name):
    r = run(load(SCENARIOS / f"{name}.yaml", ["financing.initial_cash=300000"]), paths=40, seed=2)
    for path in range(0, 40, 4):
        _assert_no_english(story_text(r, path, lang="zh"), r.scenario)
    for how in ["typical", "worst", "best"]:
        i = pick(r, how)
        _assert_no_english(pick_reason(r, how, i, lang="zh"), r.scenario)


def test_chinese_policies_and_reasons():
    sc = scenario(
        engine={"counts": "expected"},
        costs={"fixed_per_month": 200_000},
        policies=[
            {
                "name": "cut",
                "when": {"runway_months": {"below": 3}, "cash": {"below": 1e6}},
                "scale": {"costs.fixed_per_month": 0.5},
            }
        ],
    )
    r = run(sc, paths=1, seed=1)
    text = story_text(r, 0, lang="zh")
    assert "策略“cut”启动（现金跑道少于 3 个月，且现金低于 1M CNY）" in text
    assert "：固定成本 下降 50%" in text
    _assert_no_english(text, sc)
    rich = run(scenario(costs={"fixed_per_month": 1}), paths=20, seed=1)
    best = pick(rich, "best")
    assert pick_reason(rich, "best", best, lang="zh").startswith("20 家公司中期末现金最多的一家：")
    assert pick_reason(rich, "worst", pick(rich, "worst"), lang="zh").startswith("没有公司倒闭")


def test_cli_tells_a_story_in_chinese():
    result = _sim("story", SCENARIOS / "model_lab.yaml", "--pick", "typical-death",
                  "--paths", 300, "--lang", "zh")  # fmt: skip
    assert result.exit_code == 0, result.output
    out = result.output
    assert "为什么选它：典型的倒闭公司" in out
    assert "第 1 个月（2023年4月）：Model lab 起步时银行里有 144M CNY" in out
    assert "公司倒闭。原因：" in out and "再讲一遍：sim story" in out and "--lang zh" in out
    bad = _sim("story", SCENARIOS / "dify.yaml", "--paths", 50, "--lang", "fr")
    assert bad.exit_code == 2 and "--lang fr: unknown language" in bad.output
    assert "Traceback" not in bad.output


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_policies_are_told_without_template_leaks(lang):
    """A rule on the month (`month: {above: 0}`) and a parameter given by index
    (`revenue.0`) read as words: the first month it holds, the stream's name and label."""
    from sim.scenario.loading import load_strategies

    premium = load_strategies(ROOT / "examples" / "tournament" / "premium.yaml")[0]
    r = run(load(SCENARIOS / "dify.yaml", strategy=premium), paths=20, seed=1)
    text = "\n".join(t for _, t in story_lines(r, 0, lang=lang))
    assert "month 0" not in text and "第 0 个月" not in text
    assert "revenue.0" not in text and " 0 price" not in text
    if lang == "en":
        assert (
            "Policy raise_price acts (from the first month): cloud: monthly price up by 25%" in text
        )
    else:
        assert "从第一个月起" in text and "cloud：月费价格" in text
