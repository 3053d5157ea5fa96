"""The report's fixed text in English and Simplified Chinese: one table, one helper.

Every message has an ``en`` and a ``zh`` entry. Placeholders are ``{name}`` (or
``{name:spec}``) and are filled by :func:`t`; plotly's own ``%{...}`` hover placeholders are
left alone. Messages are HTML where the page inserts them as such: values are escaped by the
caller, never here. Numbers keep the formatting of :mod:`sim.formatting` (``15k``, ``1.5M``,
``92.7%``) and units such as ``USD`` in both languages.

Scenario text (name, story, reasons, fact texts) is shown as written, in whatever language the
author used; so is the month-by-month story of one company, which :mod:`sim.story` tells in
English only.
"""

from __future__ import annotations

import html
import json
import re

from ..formatting import MONTHS
from ..formatting import pct as _pct

LANGS = {"en": "English", "zh": "Simplified Chinese"}
"""Languages of the report, by code."""
HTML_LANG = {"en": "en", "zh": "zh-CN"}

MESSAGES: dict[str, dict[str, str]] = {
    # ------------------------------------------------------------------ page
    "doc.title": {"en": "{name}: survival report", "zh": "{name}：生存报告"},
    "meta.line": {
        "en": "{paths} simulated paths (possible lives of the company, each with its uncertain "
        "numbers drawn anew) &middot; {months} months from {start} &middot; seed {seed} "
        "&middot; scenario {source}",
        "zh": "{paths} 条模拟路径（公司可能经历的不同人生，每条路径都重新抽取不确定的数值）"
        " &middot; 从{start}起共 {months} 个月 &middot; 随机种子 {seed} &middot; 情景文件 {source}",
    },
    "meta.no_file": {"en": "not from a file", "zh": "并非来自文件"},
    "h.headline": {"en": "Headline figures", "zh": "主要数字"},
    "h.charts": {"en": "Charts", "zh": "图表"},
    "h.assumptions": {
        "en": "Assumptions: what the scenario file says",
        "zh": "假设：情景文件里写了什么",
    },
    "hint.read": {"en": "Read: ", "zh": "怎么读："},
    "na": {"en": "n/a", "zh": "无"},
    # ------------------------------------------------------------------ cards
    "card.alive": {"en": "Still alive after {m} months", "zh": "{m} 个月后仍存活"},
    "card.alive_horizon": {
        "en": "Still alive after {m} months (the horizon)",
        "zh": "{m} 个月后仍存活（模拟终点）",
    },
    "card.breakeven": {"en": "Median breakeven month", "zh": "盈亏平衡月份（中位数）"},
    "card.never": {"en": "never", "zh": "从未"},
    "card.never_sub": {
        "en": "{share} never break even within {months} months",
        "zh": "{share} 在 {months} 个月内始终没有实现盈亏平衡",
    },
    "card.month": {"en": "month {m}", "zh": "第 {m} 个月"},
    "card.breakeven_sub": {
        "en": "among the {share} that break even; {interval}; {never}",
        "zh": "在实现盈亏平衡的 {share} 中统计；{interval}；{never}",
    },
    "card.default_alive": {"en": "Default alive", "zh": "默认存活"},
    "card.default_alive_sub": {
        "en": "break even before their own money runs out, with no round needed; {interval}",
        "zh": "不需要新一轮融资，在自有资金花完之前就实现盈亏平衡；{interval}",
    },
    "card.gap": {
        "en": "To survive {months} months with {level} probability",
        "zh": "要以 {level} 的概率活过 {months} 个月",
    },
    "card.gap_no_paths": {"en": "no paths", "zh": "没有路径"},
    "card.gap_nothing": {"en": "nothing extra", "zh": "无需追加资金"},
    "card.gap_nothing_sub": {
        "en": "at least {level} of paths survive with the cash and rounds planned",
        "zh": "按计划的现金和融资，至少 {level} 的路径能存活",
    },
    "card.gap_raise": {"en": "raise {amount} more", "zh": "再筹 {amount}"},
    "card.gap_raise_sub": {
        "en": "extra cash at the start, on top of the plan; {interval}",
        "zh": "在计划之外，开局时额外需要的现金；{interval}",
    },
    "card.margin": {"en": "Gross margin", "zh": "毛利率"},
    "card.margin_none": {"en": "no revenue", "zh": "没有收入"},
    "card.margin_sub": {
        "en": "revenue minus inference and other cost of goods, over all months and paths",
        "zh": "收入减去推理成本和其他销售成本后占收入的比例，按所有月份和路径合计",
    },
    "card.margin_se": {"en": "; plus or minus {x} (95%)", "zh": "；误差 ±{x}（95%）"},
    "card.margin_segments": {
        "en": "; revenue by segment: {segments}",
        "zh": "；各细分市场的收入占比：{segments}",
    },
    # ------------------------------------------------------------------ intervals
    "interval.share": {"en": "95% interval {lo} to {hi}", "zh": "95% 区间为 {lo} 至 {hi}"},
    "interval.unbounded": {
        "en": "interval not bounded with this many paths",
        "zh": "路径数太少，无法给出区间",
    },
    "interval.at_most": {"en": "95% interval: at most {hi}", "zh": "95% 区间：最多 {hi}"},
    "interval.at_least": {"en": "95% interval: at least {lo}", "zh": "95% 区间：至少 {lo}"},
    "interval.exact": {
        "en": "95% interval: {lo} exactly (many paths share this value)",
        "zh": "95% 区间：恰好为 {lo}（很多路径取同一个值）",
    },
    "interval.range": {"en": "95% interval {lo} to {hi}", "zh": "95% 区间为 {lo} 至 {hi}"},
    "pct.under": {"en": "under 0.01%", "zh": "低于 0.01%"},
    # ------------------------------------------------------------------ calendar
    "cal.month": {"en": "{name} {year}", "zh": "{year}年{month}月"},
    "cal.start_of": {"en": "start of {cal}", "zh": "{cal}初"},
    "axis.month": {"en": "Month", "zh": "月份"},
    "axis.start": {"en": "start", "zh": "开始"},
    # ------------------------------------------------------------------ chart titles
    "title.survival": {"en": "Share of companies still alive", "zh": "仍存活的公司占比"},
    "title.cash": {
        "en": "Cash in the bank at each month end ({cur})",
        "zh": "每个月末银行里的现金（{cur}）",
    },
    "title.flows": {
        "en": "Monthly revenue and costs of the companies still alive ({cur})",
        "zh": "仍存活公司的每月收入与成本（{cur}）",
    },
    "title.breakeven": {"en": "When do companies break even?", "zh": "公司何时实现盈亏平衡？"},
    "title.gap": {
        "en": "How much more money would keep the company alive?",
        "zh": "再多多少钱能让公司活下来？",
    },
    "title.costs": {
        "en": "Where the money goes: average monthly costs ({cur})",
        "zh": "钱花在哪里：平均每月成本（{cur}）",
    },
    "title.causes": {"en": "Why companies die", "zh": "公司为什么倒闭"},
    # ------------------------------------------------------------------ cost categories
    "cost.team": {"en": "Team (salaries)", "zh": "团队（工资）"},
    "cost.gpu": {"en": "GPU (rent, purchases, training)", "zh": "GPU（租用、购买、训练）"},
    "cost.inference": {"en": "Inference (serving customers)", "zh": "推理（服务客户）"},
    "cost.marketing": {"en": "Marketing and customer acquisition", "zh": "市场营销与获客"},
    "cost.cogs": {
        "en": "Other cost of goods (fees, third-party APIs)",
        "zh": "其他销售成本（手续费、第三方 API）",
    },
    "cost.other": {
        "en": "Office, tools and other fixed costs",
        "zh": "办公、工具及其他固定成本",
    },
    # ------------------------------------------------------------------ survival chart
    "survival.y": {"en": "Share of paths alive (%)", "zh": "仍存活的路径占比（%）"},
    "survival.band": {"en": "95% band", "zh": "95% 区间带"},
    "survival.line": {"en": "share alive", "zh": "存活占比"},
    "survival.hover": {
        "en": "%{y:.1f}% alive at the end of %{customdata}<extra></extra>",
        "zh": "%{customdata}末：%{y:.1f}% 存活<extra></extra>",
    },
    "survival.hint": {
        "en": "the line is the share of simulated companies still alive at the end of each "
        "month; after {months} months it is {share} ({interval}). The band shows how precisely "
        "the simulation pins that share down; more paths make it narrower.",
        "zh": "曲线是每个月末仍存活的模拟公司所占的比例；{months} 个月后为 {share}"
        "（{interval}）。阴影带表示模拟对这个比例估计得有多精确，路径越多，带子越窄。",
    },
    # ------------------------------------------------------------------ cash and flows
    "fan.cash": {"en": "Cash", "zh": "现金"},
    "fan.costs": {"en": "Costs", "zh": "成本"},
    "fan.revenue": {"en": "Revenue", "zh": "收入"},
    "fan.outer": {"en": "{name}: 90% of paths", "zh": "{name}：90% 的路径"},
    "fan.inner": {"en": "{name}: middle 50%", "zh": "{name}：中间 50%"},
    "fan.median": {"en": "{name}: median", "zh": "{name}：中位数"},
    "fan.hover": {
        "en": "%{customdata}: median {name} %{y:,.0f} {cur}<extra></extra>",
        "zh": "%{customdata}：{name}中位数 %{y:,.0f} {cur}<extra></extra>",
    },
    "cash.y": {"en": "Cash at month end ({cur})", "zh": "月末现金（{cur}）"},
    "cash.zero": {"en": "out of money below this line", "zh": "低于这条线就是钱花光了"},
    "cash.hint": {
        "en": "the dark line is the median cash balance; half of the paths lie in the dark "
        "band and 90% in the light band. Below the dashed zero line the company has run out "
        "of money: a company that failed stays at its last (negative) balance, so the low end "
        "of the fan shows how deep the hole was when it died.",
        "zh": "深色线是现金余额的中位数；一半的路径落在深色带内，90% 落在浅色带内。"
        "低于零值虚线就表示公司的钱已经花光：倒闭的公司停留在最后一个（负的）余额上，"
        "所以扇形的下沿显示了它倒闭时亏空有多深。",
    },
    "flows.y": {"en": "Per month ({cur})", "zh": "每月金额（{cur}）"},
    "flows.hint": {
        "en": "among the companies still alive at the start of each month, the lines are the "
        "median revenue (green) and costs (red) of that month and the bands the middle 50% of "
        "companies. Where green rises above red, the typical company pays its own way.",
        "zh": "对每个月初仍存活的公司，两条线分别是当月收入（绿色）和成本（红色）的中位数，"
        "色带是中间 50% 的公司。绿线高过红线的地方，典型的公司已经能自负盈亏。",
    },
    "flows.stop": {
        "en": " The lines stop where no company is left alive.",
        "zh": "没有公司存活的地方，曲线就中断了。",
    },
    # ------------------------------------------------------------------ breakeven chart
    "breakeven.y": {"en": "Share of all paths (%)", "zh": "占全部路径的比例（%）"},
    "breakeven.bar": {"en": "first month with a profit", "zh": "第一个盈利的月份"},
    "breakeven.hover": {
        "en": "%{y:.2f}% first broke even in %{customdata}<extra></extra>",
        "zh": "%{y:.2f}% 在%{customdata}首次实现盈亏平衡<extra></extra>",
    },
    "breakeven.none": {
        "en": "No path broke even within {months} months",
        "zh": "{months} 个月内没有一条路径实现盈亏平衡",
    },
    "breakeven.median": {"en": " median: month {m}", "zh": " 中位数：第 {m} 个月"},
    "breakeven.hint": {
        "en": "each bar is the share of all paths whose first profitable month (revenue at "
        "least covering costs) was that month; {share} broke even within {months} months. "
        "{never} never did (or died first) and are not shown.",
        "zh": "每根柱子是第一个盈利月份（收入至少覆盖成本）恰好是该月的路径占全部路径的比例；"
        "{share} 在 {months} 个月内实现了盈亏平衡。另有 {never} 始终没有做到（或者先倒闭了），"
        "图中没有显示。",
    },
    # ------------------------------------------------------------------ gap chart
    "gap.x": {"en": "Extra cash at the start ({cur})", "zh": "开局时追加的现金（{cur}）"},
    "gap.y": {"en": "Share surviving {months} months (%)", "zh": "活过 {months} 个月的比例（%）"},
    "gap.line": {"en": "share of paths that survive", "zh": "存活路径的比例"},
    "gap.hover": {
        "en": "raise %{x:,.0f} {cur} more: %{y:.1f}% survive<extra></extra>",
        "zh": "再筹 %{x:,.0f} {cur}：%{y:.1f}% 存活<extra></extra>",
    },
    "gap.mark": {
        "en": "{level}% survive: raise {amount}",
        "zh": "{level}% 存活：再筹 {amount}",
    },
    "gap.mark_zero": {"en": "{level}% survive as is", "zh": "不追加资金即有 {level}% 存活"},
    "gap.none": {
        "en": "No path ran out of money: nothing more to raise",
        "zh": "没有一条路径把钱花光：无需再筹钱",
    },
    "gap.hint": {
        "en": "pick an amount on the horizontal axis: the curve gives the share of paths that "
        "would survive all {months} months with that much more cash at the start, on top of "
        "the planned cash and rounds. At zero it is today's survival, {share}",
        "zh": "在横轴上选一个金额：曲线给出在计划的现金和融资之外，开局时再多这么多现金，"
        "能活满全部 {months} 个月的路径比例。金额为零时就是现在的存活率 {share}",
    },
    "gap.hint_end": {"en": ".", "zh": "。"},
    "gap.hint_lines": {
        "en": "; the dashed lines mark the amounts for 50% and 90% survival.",
        "zh": "；虚线标出存活率达到 50% 和 90% 所需的金额。",
    },
    # ------------------------------------------------------------------ costs chart
    "costs.y": {
        "en": "Average per company per month ({cur})",
        "zh": "每家公司每月平均金额（{cur}）",
    },
    "costs.hover": {
        "en": "{label}: %{y:,.0f} {cur}<extra></extra>",
        "zh": "{label}：%{y:,.0f} {cur}<extra></extra>",
    },
    "costs.hint": {
        "en": "the height of the stack is the average monthly spending of a company still "
        "alive that month, split by what the money goes to; GPU purchases show as spikes in "
        "the month they are paid.",
        "zh": "堆叠的总高度是当月仍存活的公司平均每月的支出，按钱的去向拆分；"
        "购买 GPU 的支出在付款当月表现为尖峰。",
    },
    "costs.unused": {
        "en": " Nothing was spent on: {items}.",
        "zh": "以下项目没有任何支出：{items}。",
    },
    "list.sep": {"en": "; ", "zh": "、"},
    # ------------------------------------------------------------------ causes of death
    "causes.x": {"en": "Share of all paths (%)", "zh": "占全部路径的比例（%）"},
    "causes.text": {"en": "{share} ({deaths} deaths)", "zh": "{share}（{deaths} 家倒闭）"},
    "causes.hover": {
        "en": "%{y}: %{x:.2f}% of paths<extra></extra>",
        "zh": "%{y}：占路径的 %{x:.2f}%<extra></extra>",
    },
    "causes.hint": {
        "en": "each bar is the share of all {n} simulated companies that died of that cause "
        "within {months} months ({died} died in all); the whiskers are 95% intervals (plus or "
        "minus 1.96 standard errors).",
        "zh": "每根柱子是全部 {n} 家模拟公司中，在 {months} 个月内因该原因倒闭的比例"
        "（总共有 {died} 倒闭）；误差线是 95% 区间（正负 1.96 个标准误）。",
    },
    "causes.nobody": {
        "en": "No simulated company died within {months} months.",
        "zh": "在 {months} 个月内，没有一家模拟公司倒闭。",
    },
    # cause labels from sim.processes.month_end.cause_labels: "<prefix>: <name>" or "<prefix>"
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
    "note.round failed": {
        "en": "talks for this round ended without money (and no round closed since), then the "
        "cash ran out",
        "zh": "这一轮融资谈判没有拿到钱（此后也没有其他轮次完成），随后现金耗尽",
    },
    "note.shock": {
        "en": "the cash ran out within a year of this shock hitting, or while it lasted",
        "zh": "在这次冲击发生后一年内或冲击持续期间，现金耗尽",
    },
    "note.ran out while raising": {
        "en": "the cash ran out while talks for this round were still going on",
        "zh": "这一轮融资谈判还在进行，现金就已耗尽",
    },
    "note.no round in time": {
        "en": "the cash ran out before talks for this round could start (too early, or the "
        "traction it needs was not there yet)",
        "zh": "这一轮融资谈判还没能开始，现金就已耗尽（时机太早，或者还没达到所需的业务进展）",
    },
    "note.burned cash before breakeven": {
        "en": "the cash ran out before the company ever made a profit",
        "zh": "公司还没盈利过一次，现金就已耗尽",
    },
    "note.fell back into losses after breakeven": {
        "en": "the company made a profit once, then lost money again until the cash ran out",
        "zh": "公司曾经盈利，之后又重新亏损，直到现金耗尽",
    },
    # ------------------------------------------------------------------ assumptions
    "facts.sources": {"en": "Sources of the story", "zh": "故事的来源"},
    "assumptions.why": {"en": "Why: ", "zh": "理由："},
    "assumptions.no_source": {"en": "no source given", "zh": "未注明来源"},
    "assumptions.yes": {"en": "yes", "zh": "是"},
    "assumptions.no": {"en": "no", "zh": "否"},
    "assumptions.intro": {
        "en": "Every value the scenario file sets. A distribution is drawn anew for each "
        "simulated path: PERT and triangular are (lowest, most likely, highest), uniform is "
        "(lowest, highest), lognormal is given by its mean and standard deviation. The basis "
        "is the fact (from the article fact sheets) and/or the reason the author gave.",
        "zh": "情景文件设定的每一个数值。分布在每条模拟路径上都会重新抽取：PERT 分布和 "
        "triangular（三角分布）写作（最低，最可能，最高），uniform（均匀分布）写作（最低，最高），"
        "lognormal（对数正态分布）由 mean（均值）和 sd（标准差）给出。依据是事实"
        "（来自文章的事实表）和/或作者给出的理由。",
    },
    "assumptions.no_facts": {
        "en": " Fact texts are not shown: no fact sheets were found.",
        "zh": "没有找到事实表，因此不显示事实的内容。",
    },
    "assumptions.parameter": {"en": "Parameter", "zh": "参数"},
    "assumptions.value": {"en": "Value", "zh": "取值"},
    "assumptions.basis": {"en": "Basis", "zh": "依据"},
    "assumptions.orphans": {
        "en": "Sources or reasons given for keys that match no parameter: {keys}",
        "zh": "以下键注明了来源或理由，但没有对应的参数：{keys}",
    },
    # ------------------------------------------------------------------ run record
    "footer.title": {"en": "Run record.", "zh": "运行记录。"},
    "footer.scenario_file": {"en": "scenario file", "zh": "情景文件"},
    "footer.sha256": {"en": "scenario sha256", "zh": "情景文件 sha256"},
    "footer.seed": {"en": "seed", "zh": "随机种子"},
    "footer.paths": {"en": "paths", "zh": "路径数"},
    "footer.created": {"en": "created", "zh": "生成时间"},
    "footer.same": {
        "en": "Same file, seed and paths give the same numbers.",
        "zh": "同一个文件、同一个随机种子和同样的路径数，会得到相同的数字。",
    },
    # ------------------------------------------------------------------ the slider
    "slider.h": {"en": "What if {label} were different?", "zh": "如果{label}不同，会怎样？"},
    "slider.intro": {
        "en": "Drag the slider below the chart to change {label} (<code>{key}</code>) and watch "
        "the survival curve move. Each position is a separate simulation of {paths} paths in "
        "which every company gets that value; everything else is drawn exactly as in the run "
        "above (the same seed, so each path has the same luck at every position). The curve "
        "moves only because of {label}.",
        "zh": "拖动图下方的滑块来改变{label}（<code>{key}</code>），看生存曲线如何移动。"
        "滑块的每个位置都是一次单独的模拟，共 {paths} 条路径，每家公司都取这个值；"
        "其他一切都与上面那次运行完全一样地抽取（同一个随机种子，所以每条路径在每个位置上的"
        "运气都相同）。曲线的移动只来自{label}的变化。",
    },
    "slider.span_dist": {
        "en": "The positions span the 5th to the 95th percentile of its distribution in the "
        "scenario, {desc}.",
        "zh": "滑块的各个位置覆盖情景中该分布的第 5 到第 95 百分位，即 {desc}。",
    },
    "slider.span_number": {
        "en": "The positions span about half to one and a half times the scenario's value, {desc}.",
        "zh": "滑块的各个位置大约从情景中取值（{desc}）的一半到一倍半。",
    },
    "slider.dropped": {
        "en": " Values the scenario does not allow were left out.",
        "zh": "情景不允许的取值已略去。",
    },
    "slider.fewer": {
        "en": " To keep the report quick, each position uses {paths} paths instead of the "
        "run's {run_paths}, so its curve is a little less precise.",
        "zh": "为了让报告生成得快一些，每个位置只用 {paths} 条路径（上面那次运行用了 "
        "{run_paths} 条），所以曲线的精度稍低一些。",
    },
    "slider.title": {
        "en": "Share of companies still alive, by {label}",
        "zh": "{label}不同时，仍存活的公司占比",
    },
    "slider.prefix": {"en": "{label}: ", "zh": "{label}："},
    "slider.trace": {"en": "{label} {value}", "zh": "{label} {value}"},
    "slider.others": {"en": "the other positions", "zh": "其他位置"},
    "slider.reference": {
        "en": "the run above ({label} drawn per path)",
        "zh": "上面那次运行（{label}按路径抽取）",
    },
    "slider.alive": {
        "en": "{share} alive after {months} months",
        "zh": "{months} 个月后 {share} 存活",
    },
    "slider.hint": {
        "en": "the bold line is the survival curve with {label} at the value shown above the "
        "slider; the faint lines are the other positions, for comparison, and the dashed grey "
        "line is the run above. The figure at the right end is the share still alive after "
        "{months} months. The table gives every position.",
        "zh": "粗线是{label}取滑块上方所示数值时的生存曲线；浅色细线是其他位置的曲线，"
        "用于比较；灰色虚线是上面那次运行。曲线右端的数字是 {months} 个月后仍存活的比例。"
        "下表列出了每个位置的结果。",
    },
    "slider.floor": {
        "en": " Note that the vertical axis starts at {floor}, not at zero, so that the movement "
        "is easier to see.",
        "zh": "注意：纵轴从 {floor} 而不是从零开始，以便看清曲线的移动。",
    },
    "slider.col_alive": {
        "en": "Still alive after {months} months",
        "zh": "{months} 个月后仍存活",
    },
    "slider.col_interval": {"en": "95% interval", "zh": "95% 区间"},
    "slider.scenario_value": {"en": " (closest to the scenario)", "zh": "（最接近情景设定）"},
    "param.initial_cash": {"en": "initial cash", "zh": "启动资金"},
    "param.price_per_month": {"en": "the monthly price", "zh": "月费价格"},
    "param.price_per_unit": {"en": "the unit price", "zh": "单价"},
    "param.amount": {"en": "the round size", "zh": "融资金额"},
    "param.probability": {"en": "the chance a round closes", "zh": "融资成功的概率"},
    "param.headcount": {"en": "the headcount", "zh": "团队人数"},
    "param.cost_per_head_per_month": {"en": "the monthly cost per head", "zh": "人均月成本"},
    "param.conversion": {"en": "conversion", "zh": "转化率"},
    "param.churn": {"en": "churn", "zh": "流失率"},
    "param.market_size": {"en": "the market size", "zh": "市场规模"},
    # ------------------------------------------------------------------ the story
    "story.h": {"en": "The life of one company", "zh": "一家公司的一生"},
    "story.intro": {
        "en": "Simulated company no. {path} of {paths}, from the same run as the charts above. "
        "Why this one: {reason}.",
        "zh": "第 {path} 号模拟公司（共 {paths} 家），与上面的图表来自同一次运行。"
        "为什么选它：{reason}。",
    },
    "story.how": {
        "en": "Month by month, what happened to it, told from the simulation's own record of "
        "this path; months in which nothing worth telling happened are left out.",
        "zh": "下面按月列出它经历的事情，全部根据模拟对这条路径的运行记录自动生成"
        "（目前只有英文版本）；没有值得一提的事情的月份省略。",
    },
    "story.month": {"en": "Month {m} ({cal})", "zh": "第 {m} 个月（{cal}）"},
    "story.typical_death": {
        "en": "the typical death: {dead} of {paths} companies died, in month {median} at the "
        "median; this one died in month {month}, the closest to that",
        "zh": "它是典型的倒闭公司——{paths} 家公司中有 {dead} 家倒闭，倒闭月份的中位数是"
        "第 {median} 个月；这一家在第 {month} 个月倒闭，最接近中位数",
    },
    "story.typical_survivor": {
        "en": "the typical survivor: nobody died, and this one has {cash} in the bank after "
        "{months} months, the closest to the median of all {paths} companies ({median})",
        "zh": "它是典型的存活公司——没有公司倒闭；这一家在 {months} 个月后银行里有 {cash}，"
        "最接近全部 {paths} 家公司的中位数（{median}）",
    },
}

_PLACEHOLDER = re.compile(r"(?<!%)\{(\w+)(?::([^{}]*))?\}")

PLOTLY_LOCALE = {
    "moduleType": "locale",
    "name": "zh-CN",
    "dictionary": {
        "Autoscale": "自动缩放",
        "Box Select": "矩形选择",
        "Compare data on hover": "悬停时比较数据",
        "Double-click on legend to isolate one trace": "双击图例可只显示这一条曲线",
        "Double-click to zoom back out": "双击可恢复缩放",
        "Download plot": "下载图表",
        "Download plot as a PNG": "下载图表为 PNG 图片",
        "Download plot as JSON": "下载图表为 JSON",
        "Image download succeeded": "图片下载成功",
        "Lasso Select": "套索选择",
        "Pan": "平移",
        "Preparing image - this may take a few seconds": "正在生成图片，可能需要几秒钟",
        "Reset": "重置",
        "Reset axes": "重置坐标轴",
        "Reset view": "重置视图",
        "Reset views": "重置视图",
        "Show closest data on hover": "悬停时显示最近的数据",
        "Sorry, there was a problem downloading your image!": "抱歉，下载图片时出了问题！",
        "Toggle Spike Lines": "显示/隐藏辅助线",
        "Toggle show closest data on hover": "切换悬停时显示最近的数据",
        "Zoom": "缩放",
        "Zoom in": "放大",
        "Zoom out": "缩小",
    },
    "format": {
        "days": ["星期日", "星期一", "星期二", "星期三", "星期四", "星期五", "星期六"],
        "shortDays": ["周日", "周一", "周二", "周三", "周四", "周五", "周六"],
        "months": [f"{k}月" for k in range(1, 13)],
        "shortMonths": [f"{k}月" for k in range(1, 13)],
        "date": "%Y-%m-%d",
    },
}
"""plotly.js's own words (the toolbar above each chart) in Chinese, registered on the page."""


def check_lang(lang: str) -> str:
    """``lang`` if the report speaks it, else ValueError naming the choices."""
    if lang not in LANGS:
        choices = ", ".join(f"{k} ({v})" for k, v in LANGS.items())
        raise ValueError(f"unknown language {lang!r}; expected one of: {choices}")
    return lang


def t(key: str, lang: str = "en", /, **values) -> str:
    """Message ``key`` in ``lang`` with its ``{name}`` placeholders filled from ``values``."""
    text = MESSAGES[key][check_lang(lang)]

    def fill(m: re.Match) -> str:
        name, spec = m.group(1), m.group(2)
        if name not in values:
            raise KeyError(f"message {key!r} needs a value for {{{name}}}")
        return format(values[name], spec or "")

    return _PLACEHOLDER.sub(fill, text)


def placeholders(text: str) -> set[str]:
    """The names of the ``{name}`` placeholders in a message."""
    return {m.group(1) for m in _PLACEHOLDER.finditer(text)}


def plotly_locale_script(lang: str) -> str:
    """A script registering plotly's toolbar words for ``lang`` ('' for English)."""
    if lang != "zh":
        return ""
    return f"Plotly.register({json.dumps(PLOTLY_LOCALE, ensure_ascii=False)});"


def plotly_locale(lang: str) -> str | None:
    return PLOTLY_LOCALE["name"] if lang == "zh" else None


# --------------------------------------------------------------------------- formatting


def calendar(start: str, month: int, lang: str = "en") -> str:
    """Calendar name of simulation month ``month`` (month 1 is ``start``): 'Dec 2023',
    '2023年12月'."""
    k = int(start[5:7]) - 1 + month - 1
    year, m = int(start[:4]) + k // 12, k % 12 + 1
    return t("cal.month", lang, name=MONTHS[m - 1], year=year, month=m)


def pct(p: float | None, lang: str = "en") -> str:
    """:func:`sim.formatting.pct` in ``lang``."""
    if p is None:
        return t("na", lang)
    text = _pct(p)
    return t("pct.under", lang) if text == "under 0.01%" else text


def share_interval(share: dict, lang: str = "en") -> str:
    """'95% interval 92.2% to 93.2%' for a ``{p, se, lo, hi}`` share."""
    return t("interval.share", lang, lo=pct(share["lo"], lang), hi=pct(share["hi"], lang))


def quantile_interval(q: dict, fmt, lang: str = "en") -> str:
    """The 95% interval of a ``{value, lo, hi}`` quantile, in words; ``fmt`` shows a value."""
    lo, hi = q["lo"], q["hi"]
    if lo is None and hi is None:
        return t("interval.unbounded", lang)
    if lo is None:
        return t("interval.at_most", lang, hi=fmt(hi))
    if hi is None:
        return t("interval.at_least", lang, lo=fmt(lo))
    if lo == hi:
        return t("interval.exact", lang, lo=fmt(lo))
    return t("interval.range", lang, lo=fmt(lo), hi=fmt(hi))


def cause_label(label: str, lang: str = "en") -> str:
    """A cause of death (``round failed: seed``) in ``lang``; the round or shock name is kept."""
    head, sep, name = label.partition(": ")
    key = f"cause.{head}"
    if key not in MESSAGES:
        return label
    return t(key, lang) + (("：" if lang == "zh" else ": ") + name if sep else "")


def cause_note(label: str, lang: str = "en") -> str | None:
    """What a cause of death means, in one plain-text sentence (None if unknown)."""
    key = f"note.{label.partition(': ')[0]}"
    return t(key, lang) if key in MESSAGES else None


def note_item(label: str, note: str, lang: str = "en") -> str:
    """A cause of death and what it means, as one list item (HTML, both escaped)."""
    sep = "——" if lang == "zh" else ": "
    return f"<li><b>{html.escape(label)}</b>{sep}{html.escape(note)}</li>"


def join(items: list[str], lang: str = "en") -> str:
    return t("list.sep", lang).join(items)
