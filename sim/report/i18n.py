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
from ..story_text import cause as story_cause

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
        "zh": "下面按月列出它经历的事情，全部根据模拟对这条路径的运行记录自动生成；"
        "没有值得一提的事情的月份省略。",
    },
    "story.month": {"en": "Month {m} ({cal})", "zh": "第 {m} 个月（{cal}）"},
    # ------------------------------------------------------------------ shared by the pages
    "range.paren": {"en": "{p} ({lo} to {hi})", "zh": "{p}（{lo} 至 {hi}）"},
    "range.diff": {"en": "{d} ({lo} to {hi})", "zh": "{d}（{lo} 至 {hi}）"},
    "word.and": {"en": " and ", "zh": " 且 "},
    "changes": {"en": "Changes: {sets}.", "zh": "改动：{sets}。"},
    "rules": {"en": "Rules: {rules}.", "zh": "规则：{rules}。"},
    "rule": {"en": "{name}: when {when}, {acts}", "zh": "{name}：当 {when} 时，{acts}"},
    "rule.once": {"en": "{rule} (once)", "zh": "{rule}（仅一次）"},
    # ------------------------------------------------------------------ comparison page
    "cmp.doc.title": {"en": "{name}: strategies compared", "zh": "{name}：策略对比"},
    "cmp.h1": {"en": "{name}: which strategy survives?", "zh": "{name}：哪种策略能活下来？"},
    "cmp.meta": {
        "en": "{n} strategies, each run on the same {paths} simulated worlds (same seed {seed}: "
        "path i of every strategy meets the same market, shocks and investors), {months} months.",
        "zh": "{n} 种策略，每种都在同样的 {paths} 个模拟世界中运行（同一个随机种子 {seed}："
        "每种策略的第 i 条路径遇到的是同样的市场、冲击和投资人），共 {months} 个月。",
    },
    "cmp.h.ranking": {"en": "Ranking", "zh": "排名"},
    "cmp.h.strategies": {"en": "The strategies", "zh": "各个策略"},
    "cmp.col.place": {"en": "place", "zh": "名次"},
    "cmp.col.strategy": {"en": "strategy", "zh": "策略"},
    "cmp.col.alive": {"en": "alive at the horizon", "zh": "模拟终点时存活"},
    "cmp.col.vs": {
        "en": "difference with the baseline, same worlds (95% interval)",
        "zh": "与基准的差异，同样的模拟世界（95% 区间）",
    },
    "cmp.col.default_alive": {"en": "default alive", "zh": "默认存活"},
    "cmp.col.breakeven": {"en": "breaks even", "zh": "实现盈亏平衡"},
    "cmp.col.gap": {"en": "extra cash for 90% survival", "zh": "达到 90% 存活所需的追加现金"},
    "cmp.baseline": {"en": "baseline", "zh": "基准"},
    "cmp.table_hint": {
        "en": "strategies share a place when the difference between them is within the Monte "
        "Carlo error (its 95% interval contains zero). Differences are paired: each simulated "
        "world is run under every strategy, so luck cancels out.",
        "zh": "两种策略之间的差异在蒙特卡罗误差之内（差异的 95% 区间包含零）时，它们并列同一名次。"
        "差异是成对计算的：每个模拟世界都在每种策略下各跑一遍，因此运气的影响相互抵消。",
    },
    "cmp.survival.title": {
        "en": "Share of companies still alive, by strategy",
        "zh": "各策略下仍存活的公司占比",
    },
    "cmp.survival.y": {"en": "Alive (%)", "zh": "存活（%）"},
    "cmp.survival.hint": {
        "en": "each line is the share of simulated companies still alive at the end of each month "
        "under one strategy; the dotted grey line is the scenario as written (the baseline).",
        "zh": "每条线是在一种策略下，每个月末仍存活的模拟公司所占的比例；灰色点线是按原样"
        "使用的情景（基准）。",
    },
    "cmp.cash.title": {
        "en": "Median cash at each month end, by strategy ({cur})",
        "zh": "各策略下每个月末现金的中位数（{cur}）",
    },
    "cmp.cash.y": {"en": "Cash ({cur})", "zh": "现金（{cur}）"},
    "cmp.cash.hint": {
        "en": "the median cash balance under each strategy, over all paths (a company that "
        "failed keeps its last, negative, balance); below the dashed line the median company "
        "is dead.",
        "zh": "每种策略下、按全部路径计算的现金余额中位数（倒闭的公司停留在最后一个负的余额上）；"
        "低于虚线，中位数的那家公司就已经倒闭了。",
    },
    "cmp.baseline_item": {
        "en": "<b>baseline</b>: the scenario file as written.",
        "zh": "<b>基准</b>：按原样使用情景文件。",
    },
    "cmp.tied": {
        "en": "{leader} and {runner_up} are tied: the difference in survival is within the "
        "Monte Carlo error of this run.",
        "zh": "{leader} 与 {runner_up} 并列：两者存活率的差异在本次运行的蒙特卡罗误差之内。",
    },
    "cmp.leads": {
        "en": "{leader} leads ({a} alive at the horizon against {b} for {runner_up}) mainly "
        "because it avoids '{cause}': {other} of {runner_up}'s paths die of it, {lead} of "
        "{leader}'s ({drop} of all paths saved).",
        "zh": "{leader} 领先（模拟终点时存活 {a}，{runner_up} 为 {b}），主要是因为它避开了"
        "“{cause}”：{runner_up} 有 {other} 的路径因此倒闭，{leader} 为 {lead}"
        "（相当于挽救了全部路径的 {drop}）。",
    },
    # ------------------------------------------------------------------ sensitivity page
    "sens.doc.title": {"en": "{name}: sensitivity", "zh": "{name}：敏感性分析"},
    "sens.h1": {
        "en": "{name}: which assumption decides survival?",
        "zh": "{name}：哪个假设决定了公司的存亡？",
    },
    "sens.meta": {
        "en": "{n} uncertain parameters &middot; {months} months &middot; tornado: {tpaths} "
        "paths per run &middot; Sobol': base sample {base} ({spaths} paths) &middot; seed {seed}",
        "zh": "{n} 个不确定参数 &middot; {months} 个月 &middot; 龙卷风图：每次运行 {tpaths} 条路径 "
        "&middot; Sobol'：基础样本 {base}（{spaths} 条路径） &middot; 随机种子 {seed}",
    },
    "sens.h.tornado": {"en": "One at a time: the tornado", "zh": "逐个改变：龙卷风图"},
    "sens.h.sobol": {"en": "All at once: Sobol' indices", "zh": "同时改变：Sobol' 指数"},
    "sens.h.monthly": {
        "en": "When: which assumption kills early, which late",
        "zh": "何时：哪个假设导致早期倒闭，哪个导致后期倒闭",
    },
    "sens.h.numbers": {"en": "The numbers", "zh": "具体数字"},
    "sens.footer": {
        "en": " Sobol' base sample <code>{base}</code>, SALib <code>{salib}</code>.",
        "zh": "Sobol' 基础样本 <code>{base}</code>，SALib <code>{salib}</code>。",
    },
    "sens.months": {"en": "{n} months", "zh": "{n} 个月"},
    "sens.month": {"en": "{n} month", "zh": "{n} 个月"},
    "sens.no_vary": {
        "en": "Survival does not vary across the simulated companies within {span}",
        "zh": "在 {span}内，各模拟公司的存活情况没有任何差别",
    },
    "sens.barely_vary": {
        "en": "Survival barely varies across the simulated companies within {span}",
        "zh": "在 {span}内，各模拟公司的存活情况几乎没有差别",
    },
    "sens.gap_most": {
        "en": "; the financing gap depends most on <b>{p}</b>",
        "zh": "；融资缺口最取决于 <b>{p}</b>",
    },
    "sens.end": {"en": ".", "zh": "。"},
    "sens.top": {
        "en": "Whether the company is still alive after {months} months depends most on "
        "<b>{p}</b>: it takes part in {st} of the variance of survival (Sobol' total index, "
        "95% interval ± {conf})",
        "zh": "公司 {months} 个月后是否仍然存活，最取决于 <b>{p}</b>：它参与了存活方差中的 {st}"
        "（Sobol' 总效应指数，95% 区间 ± {conf}）",
    },
    "sens.ahead": {"en": ", clearly ahead of {p} ({st})", "zh": "，明显领先于 {p}（{st}）"},
    "sens.not_ahead": {
        "en": ", not clearly ahead of {p} ({st}) at this sample size (their intervals overlap)",
        "zh": "，但在这个样本量下并不明显领先于 {p}（{st}）（两者的区间有重叠）",
    },
    "sens.luck_more": {
        "en": " Luck (rounds that close or not, customers who come or not) matters even more: "
        "{st}.",
        "zh": "运气（融资能否完成、客户来与不来）的影响更大：{st}。",
    },
    "sens.one_at_a_time": {
        "en": " One at a time, <b>{p}</b> moves survival the most: {low} at its 10th percentile "
        "({lv}), {high} at its 90th ({hv}).",
        "zh": "逐个改变时，<b>{p}</b> 对存活率的影响最大：在其第 10 百分位（{lv}）时为 {low}，"
        "在第 90 百分位（{hv}）时为 {high}。",
    },
    "sens.correlations": {
        "en": "The scenario correlates some parameters ({names}). Both analyses move parameters "
        "independently of each other and ignore these correlations: Sobol' indices assume "
        "independent inputs, and the tornado moves one parameter without moving its partners.",
        "zh": "情景让一些参数相互关联（{names}）。两种分析都独立地改变各个参数，忽略了这些相关性："
        "Sobol' 指数假定输入相互独立，龙卷风图改变一个参数时也不会带动与它相关的参数。",
    },
    "sens.to": {"en": "{lo} to {hi}", "zh": "{lo} 至 {hi}"},
    "sens.at10": {"en": "at its 10th percentile", "zh": "取第 10 百分位"},
    "sens.at90": {"en": "at its 90th percentile", "zh": "取第 90 百分位"},
    "sens.alive_value": {"en": "{v}% alive", "zh": "{v}% 存活"},
    "sens.tornado.title": {
        "en": "Survival after {months} months with one assumption at its low or high value",
        "zh": "把一个假设取低值或高值时，{months} 个月后的存活率",
    },
    "sens.tornado.x": {
        "en": "Share of paths alive after {months} months (%)",
        "zh": "{months} 个月后仍存活的路径占比（%）",
    },
    "sens.tornado.hint": {
        "en": "the dashed line is survival with every assumption drawn as usual, {base}. Each row "
        "fixes one assumption for every path at its 10th percentile (red) or its 90th (blue), "
        "the values under its name, and leaves the rest as usual; the longest bars, at the top, "
        "are the assumptions that move survival most on their own. Both runs use the same "
        "simulated worlds, so the differences are precise to about ±{se} points (95%).",
        "zh": "虚线是所有假设照常抽取时的存活率，为 {base}。每一行把一个假设在所有路径上固定为"
        "它的第 10 百分位（红色）或第 90 百分位（蓝色）——数值写在名称下方——其余照常抽取；"
        "最长的柱子排在最上面，是单独改变时对存活率影响最大的假设。两次运行使用同样的模拟世界，"
        "所以差异的精度约为 ±{se} 个百分点（95%）。",
    },
    "sens.gap.title": {
        "en": "Average financing gap with one assumption at its low or high value ({cur})",
        "zh": "把一个假设取低值或高值时的平均融资缺口（{cur}）",
    },
    "sens.gap.x": {
        "en": "Average extra cash needed at the start to survive ({cur})",
        "zh": "为了存活，开局时平均需要追加的现金（{cur}）",
    },
    "sens.gap.hint": {
        "en": "the financing gap of a path is the extra cash it would have needed at the start "
        "never to run out (0 for paths that survive as planned); the dashed line is its average "
        "with every assumption drawn as usual, {base}. Bars as above: red at the 10th "
        "percentile, blue at the 90th; the longest bars are at the top.",
        "zh": "一条路径的融资缺口，是它在开局时还需要多少现金才永远不会把钱花光（按计划就能存活的"
        "路径为 0）；虚线是所有假设照常抽取时的平均值，为 {base}。柱子的含义同上：红色为第 10 "
        "百分位，蓝色为第 90 百分位；最长的柱子排在最上面。",
    },
    "sens.sobol_luck": {
        "en": " For survival, luck's total index is {st}.",
        "zh": "对存活而言，运气的总效应指数为 {st}。",
    },
    "sens.sobol_intro": {
        "en": "Sobol' indices vary all assumptions at once over their whole distributions and "
        "split the variance of an outcome between them. The <b>first-order index S1</b> is the "
        "share explained by an assumption on its own; the <b>total index ST</b> adds its "
        "interactions with the others (survival often needs two things to go wrong together, "
        "so ST is much larger than S1). The simulation is itself random (whether a round "
        "closes, how many customers join): that luck is treated as one more input and shown as "
        "its own bar.{luck} Whiskers are 95% bootstrap intervals.",
        "zh": "Sobol' 指数让所有假设同时在各自的整个分布上变化，并把某个结果的方差分摊给它们。"
        "<b>一阶指数 S1</b> 是一个假设单独能解释的份额；<b>总效应指数 ST</b> 还加上它与其他假设的"
        "交互作用（公司倒闭往往需要两件事同时出错，所以 ST 常常比 S1 大得多）。模拟本身也是随机的"
        "（融资是否完成、有多少客户加入）：这部分运气被当作又一个输入，单独画成一根柱子。{luck}"
        "误差线是 95% 的自助法（bootstrap）区间。",
    },
    "sens.luck": {"en": "luck (the engine's own randomness)", "zh": "运气（模拟引擎自身的随机性）"},
    "sens.what_alive": {"en": "survival to month {months}", "zh": "存活到第 {months} 个月"},
    "sens.what_gap": {"en": "the financing gap ({cur})", "zh": "融资缺口（{cur}）"},
    "sens.sobol.title": {
        "en": "Sobol' indices: what explains {what}",
        "zh": "Sobol' 指数：什么决定了{what}",
    },
    "sens.sobol.x": {"en": "Share of the variance (%)", "zh": "方差占比（%）"},
    "sens.s1": {"en": "S1: alone", "zh": "S1：单独作用"},
    "sens.st": {"en": "ST: with interactions", "zh": "ST：含交互作用"},
    "sens.same": {
        "en": "This outcome is the same on every path: nothing to explain",
        "zh": "这个结果在每条路径上都一样：没有什么需要解释",
    },
    "sens.outcome_alive": {
        "en": "whether a company is still alive at the horizon (yes or no)",
        "zh": "公司在模拟终点时是否仍然存活（是或否）",
    },
    "sens.outcome_gap": {
        "en": "the extra cash a path would have needed at the start",
        "zh": "一条路径在开局时还需要追加的现金",
    },
    "sens.sobol.hint": {
        "en": "the outcome is {outcome}. A long blue bar means the assumption matters, alone or "
        "together with others; a long green bar means it matters on its own. Indices near zero "
        "(within their whiskers) could be left as plain numbers without changing the answer. "
        "Estimates can stray slightly below 0 or above 100%: that is sampling noise.",
        "zh": "这里的结果是{outcome}。蓝色柱子长，说明这个假设单独或与其他假设一起起作用；"
        "绿色柱子长，说明它单独就起作用。接近零（在误差线范围内）的指数，对应的假设可以改成固定"
        "数值而不影响结论。估计值可能略低于 0 或略高于 100%：那是抽样噪声。",
    },
    "sens.no_deaths": {"en": "no deaths yet", "zh": "尚无倒闭"},
    "sens.monthly.title": {
        "en": "Who decides the deaths of each month (Sobol' total index)",
        "zh": "每个月的倒闭由谁决定（Sobol' 总效应指数）",
    },
    "sens.monthly.hover": {
        "en": "%{y}, month %{x}: %{text}<br>%{customdata} still alive<extra></extra>",
        "zh": "%{y}，第 %{x} 个月：%{text}<br>%{customdata} 仍存活<extra></extra>",
    },
    "sens.none_died": {
        "en": "no simulated company died within the horizon",
        "zh": "在模拟期内没有一家模拟公司倒闭",
    },
    "sens.first_deaths": {
        "en": "the first deaths come in month {m}",
        "zh": "第一批倒闭出现在第 {m} 个月",
    },
    "sens.monthly.hint": {
        "en": "each column asks: among all simulated companies, what decides whether one is still "
        "alive at the end of that month? A dark cell means that assumption takes a large part in "
        "it. An assumption dark on the left kills early (before its first round, say), one dark "
        "on the right decides the late deaths. Columns are blank until someone dies ({when}); "
        "while deaths are few, the indices are rough (hover for their intervals).",
        "zh": "每一列回答的问题是：在所有模拟公司中，是什么决定了一家公司在那个月末是否仍然存活？"
        "格子颜色越深，说明这个假设在其中起的作用越大。左边颜色深的假设导致早期倒闭（比如在第一轮"
        "融资之前），右边颜色深的假设决定后期的倒闭。在有公司倒闭之前，各列都是空白（{when}）；"
        "倒闭的公司还很少时，指数只是粗略的估计（把鼠标悬停在格子上可以看到区间）。",
    },
    "sens.col.parameter": {"en": "Parameter", "zh": "参数"},
    "sens.col.range": {"en": "10th to 90th percentile", "zh": "第 10 至第 90 百分位"},
    "sens.col.survival": {"en": "Survival at 10th / 90th", "zh": "第 10 / 第 90 百分位时的存活率"},
    "sens.col.effect": {"en": "Effect on survival ± s.e.", "zh": "对存活率的影响 ± 标准误"},
    "sens.col.s1": {"en": "S1 survival", "zh": "存活 S1"},
    "sens.col.st": {"en": "ST survival", "zh": "存活 ST"},
    "sens.col.st_gap": {"en": "ST financing gap", "zh": "融资缺口 ST"},
    "sens.points": {"en": "{eff} ± {se} points", "zh": "{eff} ± {se} 个百分点"},
    "sens.table_hint": {
        "en": "rows in order of ST for survival. The effect is survival at the 90th percentile "
        "minus survival at the 10th, in percentage points, on the same simulated worlds; ± is "
        "its standard error. Sobol' indices are given with their 95% interval.",
        "zh": "各行按存活 ST 从大到小排列。影响是在同样的模拟世界中，第 90 百分位时的存活率减去"
        "第 10 百分位时的存活率，单位为百分点；± 后面是它的标准误。Sobol' 指数附有 95% 区间。",
    },
    # ------------------------------------------------------------------ tournament page
    "tour.doc.title": {"en": "{name}: tournament", "zh": "{name}：比赛"},
    "tour.h1": {"en": "{name}: tournament leaderboard", "zh": "{name}：比赛排行榜"},
    "tour.seed": {"en": "seed {seed}", "zh": "随机种子 {seed}"},
    "tour.sealed": {
        "en": "seed sealed until the debrief (fingerprint sha256 {fp}...)",
        "zh": "随机种子在复盘前保密（指纹 sha256 {fp}...）",
    },
    "tour.teams": {"en": "{n} teams", "zh": "{n} 支队伍"},
    "tour.team_one": {"en": "{n} team", "zh": "{n} 支队伍"},
    "tour.skipped": {
        "en": ", {n} files skipped (see below)",
        "zh": "，{n} 个文件被跳过（见下文）",
    },
    "tour.skipped_one": {
        "en": ", {n} file skipped (see below)",
        "zh": "，{n} 个文件被跳过（见下文）",
    },
    "tour.meta": {
        "en": "{teams}{skipped}. Every team played the same {paths} simulated worlds of "
        "<code>{file}</code> for {months} months: world i meets every team with the same "
        "market, shocks and investors, so differences between teams are the strategies, not "
        "luck. {seed}.",
        "zh": "{teams}{skipped}。每支队伍都在 <code>{file}</code> 的同样 {paths} 个模拟世界中"
        "比赛 {months} 个月：第 i 个世界给每支队伍的市场、冲击和投资人都相同，所以队伍之间的差异"
        "来自策略，而不是运气。{seed}。",
    },
    "tour.names_and": {"en": " and ", "zh": " 和 "},
    "tour.wins": {
        "en": "{names} wins: {p} of companies alive after {months} months (the scenario as "
        "written: {base}).",
        "zh": "{names} 获胜：{months} 个月后有 {p} 的公司仍存活（按原样使用的情景：{base}）。",
    },
    "tour.share_first": {
        "en": "{names} share first place: {p} of companies alive after {months} months (the "
        "scenario as written: {base}).",
        "zh": "{names} 并列第一：{months} 个月后有 {p} 的公司仍存活（按原样使用的情景：{base}）。",
    },
    "tour.h.leaderboard": {"en": "Leaderboard", "zh": "排行榜"},
    "tour.h.teams": {"en": "What each team did", "zh": "每支队伍做了什么"},
    "tour.col.place": {"en": "place", "zh": "名次"},
    "tour.col.team": {"en": "team", "zh": "队伍"},
    "tour.col.alive": {
        "en": "alive after {months} months (95% interval)",
        "zh": "{months} 个月后存活（95% 区间）",
    },
    "tour.col.vs_holder": {
        "en": "against the team holding the place above, same worlds (95% interval)",
        "zh": "与上一名次的队伍相比，同样的模拟世界（95% 区间）",
    },
    "tour.col.vs_base": {
        "en": "against the scenario as written, same worlds",
        "zh": "与按原样使用的情景相比，同样的模拟世界",
    },
    "tour.col.gap": {"en": "extra cash for 50% survival", "zh": "达到 50% 存活所需的追加现金"},
    "tour.col.breakeven": {"en": "breaks even", "zh": "实现盈亏平衡"},
    "tour.col.default_alive": {"en": "default alive", "zh": "默认存活"},
    "tour.col.note": {"en": "note", "zh": "备注"},
    "tour.not_competing": {"en": "not competing", "zh": "不参加排名"},
    "tour.first": {"en": "first", "zh": "第一名"},
    "tour.tied_with": {"en": "tied with {team}: {d}", "zh": "与 {team} 并列：{d}"},
    "tour.below": {"en": "below {team}: {d}", "zh": "低于 {team}：{d}"},
    "tour.nothing": {"en": "nothing", "zh": "无需追加"},
    "tour.note.baseline": {
        "en": "baseline: the scenario as written, not competing",
        "zh": "基准：按原样使用的情景，不参加排名",
    },
    "tour.note.shares": {
        "en": "shares place {place} with {team}",
        "zh": "与 {team} 并列第 {place} 名",
    },
    "tour.note.world": {"en": "changes the world: {keys}", "zh": "改变了世界：{keys}"},
    "tour.table_hint": {
        "en": "How places are decided: teams are sorted by the share of companies alive after "
        "{months} months. The first team holds place 1. Each next team shares the place of the "
        "team holding it when the difference between them, measured world by world, could be "
        "zero (its 95% interval contains 0): the gap is within the luck of the draw. Otherwise "
        "it holds a new place, numbered by its row (1, 1, 3, ...). The extra cash, breakeven "
        "and default-alive columns describe each team but never decide a place. The scenario "
        "as written (grey) is shown for reference and does not compete.",
        "zh": "名次怎么定：各队按 {months} 个月后仍存活的公司占比排序，第一支队伍获得第 1 名。"
        "之后的每支队伍，如果它与占据该名次的队伍之间逐个世界计算的差异可能为零（差异的 95% 区间"
        "包含 0），也就是差距在抽签运气的范围之内，就与那支队伍并列；否则获得一个新名次，按所在"
        "行编号（1、1、3……）。追加现金、盈亏平衡和默认存活这几列只描述各队的情况，不决定名次。"
        "按原样使用的情景（灰色）只作参考，不参加排名。",
    },
    "tour.chart.title": {
        "en": "Share of companies alive after {months} months, by team",
        "zh": "各队 {months} 个月后仍存活的公司占比",
    },
    "tour.chart.x": {"en": "Alive (%)", "zh": "存活（%）"},
    "tour.chart.first": {"en": "first place", "zh": "第一名"},
    "tour.chart.team": {"en": "team", "zh": "队伍"},
    "tour.chart.baseline": {"en": "scenario as written", "zh": "按原样使用的情景"},
    "tour.chart.hover": {
        "en": "%{y}: %{x:.1f}% alive<extra></extra>",
        "zh": "%{y}：%{x:.1f}% 存活<extra></extra>",
    },
    "tour.chart.hint": {
        "en": "each dot is a team's share of companies alive, with its 95% interval (gold: "
        "first place). Places are not read off these bars: two teams are compared world by "
        "world, which is far more precise, so bars that overlap can still mean different places.",
        "zh": "每个点是一支队伍仍存活的公司占比，并附有 95% 区间（金色：第一名）。名次不是从这些"
        "区间读出来的：两支队伍是逐个世界比较的，这要精确得多，所以区间重叠的队伍仍然可能名次不同。",
    },
    "tour.h.invalid": {"en": "Invalid entries", "zh": "无效的参赛文件"},
    "tour.invalid_hint": {
        "en": "These files could not play and were skipped; fix the line named in the error and "
        "check the file with <code>sim tournament SCENARIO FOLDER --seed 1</code>.",
        "zh": "这些文件无法参赛，已被跳过；请修改错误信息中指出的那一行，再用 "
        "<code>sim tournament SCENARIO FOLDER --seed 1</code> 检查文件。",
    },
    "tour.col.file": {"en": "file", "zh": "文件"},
    "tour.col.error": {"en": "error", "zh": "错误"},
    "tour.no_changes": {"en": "no changes", "zh": "没有改动"},
    "tour.file_sha": {"en": "(file sha256 {sha})", "zh": "（文件 sha256 {sha}）"},
    "tour.h.debrief": {
        "en": "Debrief: what separated the top from the bottom",
        "zh": "复盘：第一名和最后一名差在哪里",
    },
    "tour.shared_with": {
        "en": " (first place shared with {teams})",
        "zh": "（与 {teams} 并列第一）",
    },
    "tour.against_baseline": {
        "en": "the scenario as written, since only one team played",
        "zh": "按原样使用的情景（因为只有一支队伍参赛）",
    },
    "tour.against_last": {"en": "the last team, <b>{team}</b>", "zh": "最后一名 <b>{team}</b>"},
    "tour.debrief": {
        "en": "The winner, <b>{w}</b>{with_}, set against {against}: in the same {paths} worlds, "
        "{dw} of {w}'s companies died within {months} months, against {dl} of {l}'s.",
        "zh": "把冠军 <b>{w}</b>{with_}与{against}相比：在同样的 {paths} 个世界中，{w} 的公司有 "
        "{dw} 在 {months} 个月内倒闭，而 {l} 为 {dl}。",
    },
    "tour.h.stories": {
        "en": "One life of each: <code>sim story</code>",
        "zh": "各自的一段人生：<code>sim story</code>",
    },
    "tour.no_stories": {
        "en": "Stories need <code>sim story</code> (the module <code>sim.story</code>), which "
        "this version does not have.",
        "zh": "故事需要 <code>sim story</code>（<code>sim.story</code> 模块），而这个版本没有它。",
    },
    "tour.no_deaths": {
        "en": "Neither team lost a company: there are no causes of death to compare.",
        "zh": "两支队伍都没有公司倒闭：没有倒闭原因可以比较。",
    },
    "tour.fewer_for": {"en": "fewer for {team}", "zh": "{team} 更少"},
    "tour.no_clear": {"en": "no clear difference", "zh": "没有明显差异"},
    "tour.col.cause": {"en": "cause of death", "zh": "倒闭原因"},
    "tour.col.share": {"en": "{team}: share of worlds", "zh": "{team}：占世界的比例"},
    "tour.col.diff": {
        "en": "difference ({w} minus {l}), same worlds (95% interval)",
        "zh": "差异（{w} 减 {l}），同样的模拟世界（95% 区间）",
    },
    "tour.col.reading": {"en": "reading", "zh": "解读"},
    "tour.avoided": {
        "en": "<b>{w}</b> avoided <b>{cause}</b>: it killed {pl} of {l}'s companies and {pw} of "
        "{w}'s.",
        "zh": "<b>{w}</b> 避开了<b>{cause}</b>：它让 {l} 的公司倒闭了 {pl}，而 {w} 只有 {pw}。",
    },
    "tour.cause_item": {
        "en": "<b>{cause}</b> ({pl} against {pw})",
        "zh": "<b>{cause}</b>（{pl} 对 {pw}）",
    },
    "tour.list_sep": {"en": ", ", "zh": "、"},
    "tour.met_more": {
        "en": "<b>{l}</b> died less often of {causes}. A company that survives one danger lives "
        "long enough to meet the next, so the winner can die more often of a later cause.",
        "zh": "<b>{l}</b> 因{causes}倒闭的情况更少。一家公司躲过了一种危险，就会活得足够久，"
        "去遇到下一种危险，所以冠军可能更常死于较晚出现的原因。",
    },
    "tour.no_cause_differs": {
        "en": "No cause of death differs clearly between the two teams.",
        "zh": "两支队伍之间没有哪种倒闭原因有明显差异。",
    },
    "tour.causes_hint": {
        "en": "each cause is the share of the simulated worlds in which the company died of it. "
        "The difference is measured world by world; a cause is avoided when its 95% interval "
        "lies wholly on one side of zero.",
        "zh": "每种原因的数字是公司因此倒闭的模拟世界所占的比例。差异是逐个世界计算的；"
        "当差异的 95% 区间完全落在零的一侧时，才算避开了这种原因。",
    },
    "tour.typical_death": {"en": "a typical death", "zh": "典型的倒闭"},
    "tour.typical_survivor": {"en": "a typical survivor", "zh": "典型的存活"},
    "tour.story_h": {
        "en": "{team}: {kind} (world {path})",
        "zh": "{team}：{kind}（第 {path} 个世界）",
    },
    "tour.chosen": {"en": "Chosen as {reason}.", "zh": "选择理由：{reason}。"},
    "tour.same_world": {
        "en": "In the same simulated world, {other} {fate}.",
        "zh": "在同一个模拟世界里，{other}{fate}。",
    },
    "tour.fate_died": {
        "en": "died in month {month} ({cause})",
        "zh": "在第 {month} 个月倒闭（{cause}）",
    },
    "tour.fate_alive": {
        "en": "was alive at the horizon with {cash} in the bank",
        "zh": "到期末仍然存活，银行里有 {cash}",
    },
    "tour.sealed_note": {
        "en": " The seed is sealed: the teacher reveals it at the debrief. Its fingerprint is "
        "<code>{fp}</code> (sha256 of 'sim tournament seed SEED'), so anyone can check the "
        "revealed seed is the one played here.",
        "zh": "随机种子是保密的：老师会在复盘时公布。它的指纹是 <code>{fp}</code>"
        "（'sim tournament seed SEED' 的 sha256），"
        "所以任何人都可以核对公布的种子就是这里用的那个。",
    },
    "tour.footer": {
        "en": "{items}. Replay: <code>{cmd}</code>; the same scenario file, team files (sha256 "
        "above), seed and paths give the same leaderboard.{sealed}",
        "zh": "{items}。重放命令：<code>{cmd}</code>；"
        "同一个情景文件、同样的队伍文件（sha256 见上）、"
        "同一个随机种子和同样的路径数，会得到相同的排行榜。{sealed}",
    },
    "tour.footer.months": {"en": "months", "zh": "月数"},
    # the sweep page (sim.report.sweep)
    "sweep.doc.title": {"en": "{name}: sweep", "zh": "{name}：参数扫描"},
    "sweep.h1": {
        "en": "{name}: survival across {n:,} points",
        "zh": "{name}：{n:,} 个参数组合下的存活率",
    },
    "sweep.meta": {
        "en": "{design} design over {keys} &middot; {paths:,} simulated companies per point "
        "&middot; {horizon} &middot; seed {seed}, the same for every point (common random "
        "numbers: points differ by their values, not by luck)",
        "zh": "{design}，参数：{keys} &middot; 每个组合模拟 {paths:,} 家公司 &middot; {horizon} "
        "&middot; 随机种子 {seed}，所有组合相同（共同随机数：组合之间的差别来自参数取值，"
        "而不是运气）",
    },
    "sweep.design.grid": {"en": "grid", "zh": "网格设计"},
    "sweep.design.random": {"en": "random", "zh": "随机设计"},
    "sweep.horizon.months": {"en": "{n} months", "zh": "{n} 个月"},
    "sweep.horizon.scenario": {"en": "the scenario's horizon", "zh": "情景设定的模拟期"},
    "sweep.when.months": {"en": "after {n} months", "zh": "{n} 个月后"},
    "sweep.when.horizon": {"en": "at the horizon", "zh": "模拟终点时"},
    "sweep.headline": {
        "en": "Most likely alive {when}: <b>{p}</b> (95% interval {lo} – {hi}) at {best}; "
        "least likely: <b>{worst_p}</b> at {worst}.",
        "zh": "{when}存活可能性最高：<b>{p}</b>（95% 区间 {lo} – {hi}），参数为 {best}；"
        "最低：<b>{worst_p}</b>，参数为 {worst}。",
    },
    "sweep.title.one": {"en": "Survival by {x}", "zh": "存活率随 {x} 的变化"},
    "sweep.title.two": {"en": "Survival by {x} and {y}", "zh": "存活率随 {x} 和 {y} 的变化"},
    "sweep.y": {"en": "alive {when} (%)", "zh": "{when}存活（%）"},
    "sweep.alive": {"en": "alive", "zh": "存活"},
    "sweep.alive_pct": {"en": "alive (%)", "zh": "存活（%）"},
    "sweep.points": {"en": "points", "zh": "组合"},
    "sweep.hover": {"en": "alive: {p} ({lo} – {hi})", "zh": "存活：{p}（{lo} – {hi}）"},
    "sweep.hint.one": {
        "en": "each point: the share of companies alive {when}, with its 95% interval",
        "zh": "每个点：{when}仍存活的公司占比，及其 95% 区间",
    },
    "sweep.hint.random": {
        "en": "each dot is a point of the random design; its colour, the share alive {when}",
        "zh": "每个点是随机设计中的一个组合；颜色表示{when}仍存活的占比",
    },
    "sweep.hint.grid": {
        "en": "each cell: the share of companies alive {when} (green: more survive)",
        "zh": "每个格子：{when}仍存活的公司占比（越绿存活越多）",
    },
    "sweep.hint.others_grid": {
        "en": "; with {others} also varied, a cell shows the best value over them (hover to "
        "see where it is reached)",
        "zh": "；{others} 也在变化，格子显示其中最好的值（悬停可看在哪里取得）",
    },
    "sweep.hint.others_random": {
        "en": "; {others} also vary (hover to see their values)",
        "zh": "；{others} 也在变化（悬停可看取值）",
    },
    "sweep.hint.end": {"en": ".", "zh": "。"},
    "sweep.h.points": {"en": "The points", "zh": "全部组合"},
    "sweep.col.alive": {
        "en": "alive at the horizon (95% interval)",
        "zh": "模拟终点时存活（95% 区间）",
    },
    "sweep.col.alive_at": {"en": "alive at {m} months", "zh": "{m} 个月时存活"},
    "sweep.col.breakeven": {"en": "breaks even", "zh": "实现盈亏平衡"},
    "sweep.col.default_alive": {"en": "default alive", "zh": "默认存活"},
    "sweep.col.gap": {"en": "financing gap {q}", "zh": "融资缺口 {q}"},
    "sweep.note.top": {
        "en": "The {rows} most likely to survive of {n:,} points; the CSV and Parquet files "
        "have them all.",
        "zh": "列出 {n:,} 个组合中最可能存活的 {rows} 个；CSV 和 Parquet 文件包含全部组合。",
    },
    "sweep.note.all": {
        "en": "Sorted from the most to the least likely to survive.",
        "zh": "按存活可能性从高到低排序。",
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
    """A cause of death (``round failed: seed``) in ``lang``; the round or shock name is kept.
    The labels are translated once, with the story's sentences (:mod:`sim.story_text`)."""
    return story_cause(label, lang)


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


def lang_option_error(lang: str) -> str | None:
    """The message for a bad ``--lang`` of a command (None if ``lang`` is known)."""
    if lang in LANGS:
        return None
    choices = " or ".join(f"{k} ({v})" for k, v in LANGS.items())
    return f"--lang {lang}: the report can be written in {choices}"
