"""The sentences of :mod:`sim.story` (and ``sim story``), in English and Simplified Chinese.

Every template has an ``en`` and a ``zh`` entry with the same ``{placeholders}``; numbers and
money are filled in already formatted by :mod:`sim.formatting` (15k, 1.5M CNY) in both
languages, and names from the scenario (company, revenue streams, rounds, shocks, policies,
training runs, parameters) are kept as written.

>>> say("change.cut", "zh", p=0.25)
'下降 25%'
"""

from __future__ import annotations

import string

from .formatting import calendar as _calendar_en

LANGS = ("en", "zh")

TEXT: dict[str, dict[str, str]] = {
    # ---------------------------------------------------------------- why this path
    "reason.typical_death": {
        "en": "the typical death: {dead} of {n} companies died, in month {median} at the "
        "median; this one died in month {month}, the closest to that",
        "zh": "典型的倒闭公司：{n} 家公司中有 {dead} 家倒闭，倒闭月份的中位数是第 {median} 个月；"
        "这一家在第 {month} 个月倒闭，最接近中位数",
    },
    "reason.typical_survivor": {
        "en": "the typical survivor: {alive} of {n} companies were alive after {months} months "
        "with {median} in the bank at the median; this one has {cash}, the closest to that",
        "zh": "典型的存活公司：{n} 家公司中有 {alive} 家在 {months} 个月后仍然存活，"
        "银行存款的中位数是 {median}；这一家有 {cash}，最接近中位数",
    },
    "reason.earliest_death": {
        "en": "the earliest death: month {month} ({same} of {n} companies died that month; "
        "this is the first of them)",
        "zh": "最早倒闭的公司：第 {month} 个月（{n} 家公司中有 {same} 家在这个月倒闭，"
        "这是其中编号最小的一家）",
    },
    "reason.lowest_cash": {
        "en": "nobody died, so the lowest final cash: {cash}",
        "zh": "没有公司倒闭，所以选期末现金最少的一家：{cash}",
    },
    "reason.latest_death": {
        "en": "nobody survived, so the latest death: month {month}",
        "zh": "没有公司存活，所以选倒闭最晚的一家：第 {month} 个月",
    },
    "reason.highest_cash": {
        "en": "the highest final cash of {n} companies: {cash}",
        "zh": "{n} 家公司中期末现金最多的一家：{cash}",
    },
    # ---------------------------------------------------------------- months
    "month.label": {"en": "Month {m} ({cal})", "zh": "第 {m} 个月（{cal}）"},
    "calendar": {"en": "{month} {year}", "zh": "{year}年{month}月"},
    # ---------------------------------------------------------------- the opening
    "opening": {
        "en": "{name} starts with {cash} in the bank",
        "zh": "{name} 起步时银行里有 {cash}",
    },
    "opening.team": {"en": " and a team of {team}", "zh": "，团队 {team} 人"},
    "opening.spends": {
        "en": "; it spends {costs} in its first month",
        "zh": "；第一个月花掉 {costs}",
    },
    "opening.earns": {"en": " and earns {revenue}", "zh": "，收入 {revenue}"},
    # ---------------------------------------------------------------- events
    "shock.ends": {"en": "the {name} shock ends", "zh": "“{name}”冲击结束"},
    "breakeven": {
        "en": "it breaks even: the first month with an operating profit, on revenue of {revenue}",
        "zh": "实现盈亏平衡：第一次出现经营利润，当月收入 {revenue}",
    },
    "charging.users": {"en": " with {users} users so far", "zh": "，此时已有 {users} 名用户"},
    "charging.unit.month": {"en": "a month", "zh": "每月"},
    "charging.unit.job": {"en": "per job", "zh": "每个任务"},
    "charging.unit.use": {"en": "per unit of use", "zh": "每单位用量"},
    "charging.free": {
        "en": "{label} opens{users}, free of charge",
        "zh": "{label} 上线{users}，免费使用",
    },
    "charging.starts": {
        "en": "{label} starts charging {price} {unit} (list price){users}",
        "zh": "{label} 开始收费：标价{unit} {price}{users}",
    },
    "charging.stopped": {
        "en": ", but earns nothing while {shocks} stops it",
        "zh": "，但 {shocks} 冲击期间没有收入",
    },
    "round.talks": {
        "en": "talks for the {name} round begin, asking {amount} in {market}",
        "zh": "{name} 轮融资谈判开始，在{market}中寻求 {amount}",
    },
    "round.closes": {
        "en": "the {name} round closes: {got} arrives",
        "zh": "{name} 轮融资完成：到账 {got}",
    },
    "round.scaled": {
        "en": " ({amount} asked, x{factor:g} in {market})",
        "zh": "（原本要求 {amount}，{market}中按 {factor:g} 倍到账）",
    },
    "round.fails": {
        "en": "the {name} round fails in {market} (it had a {odds:.0%} chance of closing)",
        "zh": "{name} 轮融资在{market}中失败（原本成功的概率是 {odds:.0%}）",
    },
    "market.named": {"en": "a {climate} market", "zh": "“{climate}”融资环境"},
    "market.other": {"en": "this market", "zh": "当前的融资环境"},
    "market.normal": {"en": "a normal market", "zh": "常态融资市场"},
    "market.hot": {"en": "a hot market", "zh": "火热的融资市场"},
    "market.winter": {"en": "a winter market", "zh": "资本寒冬"},
    "market.hot-2021": {"en": "a hot-2021 market", "zh": "类似 2021 年的火热融资市场"},
    "market.winter-2023": {"en": "a winter-2023 market", "zh": "类似 2023 年的资本寒冬"},
    "shock.hits": {"en": "the {name} shock hits{what}", "zh": "“{name}”冲击来袭{what}"},
    "shock.what": {"en": ": {parts}, {lasts}", "zh": "：{parts}，{lasts}"},
    "shock.what_none": {"en": ", {lasts}", "zh": "，{lasts}"},
    "shock.effect": {"en": "{label} {change}", "zh": "{label}{change}"},
    "shock.stops": {"en": "{stream} stops earning", "zh": "{stream} 停止产生收入"},
    "shock.for_good": {"en": "for good", "zh": "影响是永久的"},
    "shock.for": {"en": "for {months} months", "zh": "持续 {months} 个月"},
    "effect.price": {"en": "prices", "zh": "价格"},
    "effect.deal_size": {"en": "deal sizes", "zh": "单笔合同金额"},
    "effect.demand": {"en": "new users", "zh": "新用户"},
    "effect.churn": {"en": "churn", "zh": "流失率"},
    "effect.conversion": {"en": "conversion", "zh": "转化率"},
    "effect.gpu_cost": {"en": "GPU costs", "zh": "GPU 成本"},
    "effect.inference_cost": {"en": "inference costs", "zh": "推理成本"},
    "change.zero": {"en": "cut to zero", "zh": "降为零"},
    "change.cut": {"en": "cut by {p:.0%}", "zh": "下降 {p:.0%}"},
    "change.up": {"en": "up by {p:.0%}", "zh": "上升 {p:.0%}"},
    "change.times": {"en": "x{f:.3g}", "zh": "变为 {f:.3g} 倍"},
    "policy": {
        "en": "policy {name} acts ({when}): {acts}",
        "zh": "策略“{name}”启动（{when}）：{acts}",
    },
    "policy.scale": {"en": "{label} {change}", "zh": "{label} {change}"},
    "policy.set": {"en": "{label} set to {value}", "zh": "{label} 设为 {value}"},
    "cond.before": {"en": "before month {m}", "zh": "第 {m} 个月之前"},
    "cond.after": {"en": "after month {m}", "zh": "第 {m} 个月之后"},
    "cond.runway_below": {"en": "runway below {m} months", "zh": "现金跑道少于 {m} 个月"},
    "cond.runway_above": {"en": "runway above {m} months", "zh": "现金跑道超过 {m} 个月"},
    "cond.below": {"en": "{metric} below {value}", "zh": "{metric}低于 {value}"},
    "cond.above": {"en": "{metric} above {value}", "zh": "{metric}高于 {value}"},
    "metric.cash": {"en": "cash", "zh": "现金"},
    "metric.runway_months": {"en": "runway (months)", "zh": "现金跑道（月）"},
    "metric.monthly_revenue": {"en": "monthly revenue", "zh": "月收入"},
    "metric.monthly_costs": {"en": "monthly costs", "zh": "月支出"},
    "metric.monthly_profit": {"en": "monthly profit", "zh": "月利润"},
    "metric.users": {"en": "users", "zh": "用户数"},
    "metric.customers": {"en": "paying customers", "zh": "付费客户数"},
    "metric.month": {"en": "month", "zh": "月份"},
    # ---------------------------------------------------------------- scheduled spending
    "gpus.buy": {"en": "it buys {count} GPUs for {paid}", "zh": "购买 {count} 块 GPU，花费 {paid}"},
    "gpus.buy_about": {
        "en": "it buys about {count} GPUs for {paid}",
        "zh": "购买约 {count} 块 GPU，花费 {paid}",
    },
    "training": {
        "en": "training run {name} begins: {cost} over {months} months",
        "zh": "训练任务“{name}”开始：{months} 个月内花费 {cost}",
    },
    "hiring": {
        "en": "the hiring plan takes the team from {before} to {now}",
        "zh": "按招聘计划，团队从 {before} 人变为 {now} 人",
    },
    "prepay": {
        "en": "customers prepay {amount}: cash now, used up by later revenue",
        "zh": "客户预付 {amount}：现金先到账，之后由收入逐步抵扣",
    },
    # ---------------------------------------------------------------- the month-end record
    "milestone": {
        "en": "passes {mark} users ({users} so far)",
        "zh": "用户数突破 {mark}（目前 {users}）",
    },
    "runway": {
        "en": "runway down to {months:.1f} months: {cash} left, burning {burn} a month",
        "zh": "现金跑道降到 {months:.1f} 个月：还剩 {cash}，每月净烧 {burn}",
    },
    "year.one": {
        "en": "after {years} year: {users} users, revenue {revenue} and spending {costs} this "
        "month, {cash} in the bank",
        "zh": "{years} 年后：用户 {users}，当月收入 {revenue}、支出 {costs}，银行里有 {cash}",
    },
    "year.many": {
        "en": "after {years} years: {users} users, revenue {revenue} and spending {costs} this "
        "month, {cash} in the bank",
        "zh": "{years} 年后：用户 {users}，当月收入 {revenue}、支出 {costs}，银行里有 {cash}",
    },
    # ---------------------------------------------------------------- the end
    "death": {
        "en": "the money runs out: the month ends {short} short, with {spent} spent and "
        "{earned} earned",
        "zh": "钱用完了：月底还差 {short}，当月支出 {spent}，收入 {earned}",
    },
    "death.talking": {
        "en": ", while talks for {rounds} are still going on",
        "zh": "，而 {rounds} 轮融资谈判仍在进行",
    },
    "death.cause": {"en": ". The company dies. Cause: {label}", "zh": "。公司倒闭。原因：{label}"},
    "death.why": {"en": " ({why})", "zh": "（{why}）"},
    "alive": {
        "en": "still alive after {months} months, the end of the simulation: {cash} in the "
        "bank, {users} users, revenue {revenue} and spending {costs} this month ({result})",
        "zh": "模拟结束（{months} 个月后）时仍然存活：银行里有 {cash}，用户 {users}，"
        "当月收入 {revenue}、支出 {costs}（{result}）",
    },
    "alive.profit": {"en": "a profit of {x}", "zh": "盈利 {x}"},
    "alive.loss": {"en": "a loss of {x}", "zh": "亏损 {x}"},
    # cause labels of sim.processes.month_end.cause_labels: "<prefix>: <name>" or "<prefix>"
    "cause.round failed": {"en": "round failed", "zh": "融资失败"},
    "cause.shock": {"en": "shock", "zh": "冲击"},
    "cause.ran out while raising": {"en": "ran out while raising", "zh": "融资途中现金耗尽"},
    "cause.no round in time": {"en": "no round in time", "zh": "没能及时融资"},
    "cause.burned cash before breakeven": {
        "en": "burned cash before breakeven",
        "zh": "盈亏平衡前烧光了现金",
    },
    "cause.fell back into losses after breakeven": {
        "en": "fell back into losses after breakeven",
        "zh": "盈亏平衡后重新陷入亏损",
    },
    "cause.named": {"en": "{cause}: {name}", "zh": "{cause}：{name}"},
    "why.round failed": {
        "en": "its last round failed and no round closed after it",
        "zh": "最后一轮融资失败，之后也没有任何一轮完成",
    },
    "why.shock": {
        "en": "the shock hit within the {months} months before",
        "zh": "冲击发生在倒闭前 {months} 个月之内",
    },
    "why.ran out while raising": {
        "en": "the money ran out while talks were still going on",
        "zh": "融资谈判还在进行，钱就用完了",
    },
    "why.no round in time": {
        "en": "the round's talks had not started: too early, or traction too low",
        "zh": "这一轮的谈判还没开始：时间太早，或者增长势头不够",
    },
    "why.burned cash before breakeven": {
        "en": "it spent its money before reaching an operating profit",
        "zh": "还没实现经营盈利，钱就花光了",
    },
    "why.fell back into losses after breakeven": {
        "en": "it had broken even, then slipped back into losses",
        "zh": "曾经实现盈亏平衡，后来又陷入亏损",
    },
    # ---------------------------------------------------------------- joining
    "join.and": {"en": " and ", "zh": "、"},
    "join.list": {"en": ", ", "zh": "、"},
    "join.all": {"en": " and ", "zh": "，且"},
    "join.sentences": {"en": " ", "zh": ""},
    "line": {"en": "{when}: {text}", "zh": "{when}：{text}"},
    # ---------------------------------------------------------------- sim story (CLI)
    "cli.title": {
        "en": "{title}: simulated company no. {index} of {paths} (seed {seed}, money in {cur})",
        "zh": "{title}：第 {index} 号模拟公司（共 {paths} 家；随机种子 {seed}，货币单位 {cur}）",
    },
    "cli.strategy": {"en": ", strategy {name}", "zh": "，策略 {name}"},
    "cli.why": {"en": "Why this one: {why}.", "zh": "为什么选它：{why}。"},
    "cli.asked": {"en": "you asked for it with --path", "zh": "用 --path 指定的"},
    "cli.unusual": {
        "en": "Where this company's draws were unusual",
        "zh": "这家公司抽到的不寻常的值",
    },
    "cli.unusual_note": {
        "en": " (uncertain values in the lowest or highest {share:.0%} of the {paths} companies):",
        "zh": "（在 {paths} 家公司中处于最低或最高 {share:.0%} 的不确定参数）：",
    },
    "cli.lower": {
        "en": "{name} = {value}: lower than {among}% of them",
        "zh": "{name} = {value}：低于其中 {among}% 的公司",
    },
    "cli.higher": {
        "en": "{name} = {value}: higher than {among}% of them",
        "zh": "{name} = {value}：高于其中 {among}% 的公司",
    },
    "cli.again": {"en": "Tell it again: {command}", "zh": "再讲一遍：{command}"},
}

MONTHS_EN = "Jan Feb Mar Apr May Jun Jul Aug Sep Oct Nov Dec".split()


def check_lang(lang: str) -> str:
    """``lang`` if it is one of :data:`LANGS`, else a :class:`ValueError` naming them."""
    if lang not in LANGS:
        raise ValueError(f"unknown language {lang!r}; expected one of: {', '.join(LANGS)}")
    return lang


def say(key: str, lang: str = "en", /, **values) -> str:
    """The template ``key`` in ``lang``, filled with ``values``."""
    return TEXT[key][check_lang(lang)].format(**values)


def placeholders(template: str) -> set[str]:
    """The names of a template's ``{placeholders}``."""
    return {name for _, name, _, _ in string.Formatter().parse(template) if name is not None}


def calendar(start: str, month: int, lang: str = "en") -> str:
    """Calendar month of simulation month ``month``: 'Nov 2023', '2023年11月'."""
    if lang == "en":
        return _calendar_en(start, month)
    k = int(start[5:7]) - 1 + month - 1
    year, m = int(start[:4]) + k // 12, k % 12 + 1
    return say("calendar", lang, year=year, month=m)


def market(climate, lang: str = "en") -> str:
    """The financing climate as a place: 'a winter market', '资本寒冬'."""
    if not isinstance(climate, str):
        return say("market.other", lang)
    key = f"market.{climate}"
    return say(key, lang) if key in TEXT else say("market.named", lang, climate=climate)


def cause(label: str, lang: str = "en") -> str:
    """A cause-of-death label (``round failed: seed``) in ``lang``; the name is kept."""
    head, sep, name = label.partition(": ")
    key = f"cause.{head}"
    if lang == "en" or key not in TEXT:
        return label
    return say("cause.named", lang, cause=say(key, lang), name=name) if sep else say(key, lang)


def why(label: str, lang: str = "en", **values) -> str:
    """What a cause of death means, or '' if it is not a known cause."""
    head = next((k[4:] for k in TEXT if k.startswith("why.") and label.startswith(k[4:])), None)
    return "" if head is None else say(f"why.{head}", lang, **values)


def sentence(text: str, lang: str = "en") -> str:
    """``text`` as a sentence: capitalised and ended with a full stop (。 in Chinese)."""
    if lang == "en":
        return text[0].upper() + text[1:] + ("" if text.endswith(".") else ".")
    return text + ("" if text.endswith("。") else "。")
