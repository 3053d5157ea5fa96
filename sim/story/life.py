"""The story of one simulated company, month by month, read off the run's own record.

Every sentence comes from what the run recorded for that path: its events
(:attr:`Batch.events <sim.engine.batch.Batch>`: charging started, rounds, shocks, policies,
breakeven, death), its monthly records (users, cash, revenue, costs), and the scenario's
scheduled items (GPU purchases, training runs, hiring plan, prepayments) with the values this
path drew (``Batch.inputs``) and its policies applied. Nothing is simulated again, so the story
is the one behind the run's figures. Runway is cash / monthly burn, with burn the month's costs
less GPU purchases and revenue, as in the policies' ``runway_months``.

Kept whole: the teller is one walk over one path's months, and its sentence builders (rounds,
shocks, policies, hiring, GPUs, runway, the fate) share that walk's state; split across modules
they would pass it around instead.

>>> results = sim.run(sim.load("scenarios/model_lab.yaml"), paths=2000, seed=1)  # doctest: +SKIP
>>> i = pick(results, "typical-death")  # doctest: +SKIP
>>> for month, text in story_lines(results, i): print(month_label(results, month), text)
... # doctest: +SKIP
"""

from __future__ import annotations

import math

import numpy as np
from pydantic import BaseModel

from sim.analysis.results import Results
from sim.engine.processes.base import month_of
from sim.engine.processes.month_end import SHOCK_MEMORY_MONTHS
from sim.engine.state import Event
from sim.formatting import money, number
from sim.scenario import labels
from sim.scenario.strategy import find
from sim.story import texts as st
from sim.story.pick import StoryError
from sim.story.texts import say

MILESTONES = (1_000, 10_000, 100_000, 1_000_000, 10_000_000, 100_000_000)
RUNWAY_WARNING_MONTHS = 6.0
"""A story warns the first month runway falls below this ..."""
RUNWAY_REARM_MONTHS = 12.0
"""... and again only after it has been back above this (so no warning each month)."""

EFFECTS = {k[7:]: v["en"] for k, v in st.TEXT.items() if k.startswith("effect.")}
METRICS = {k[7:]: v["en"] for k, v in st.TEXT.items() if k.startswith("metric.")}
CAUSES = {
    k[4:]: st.say(k, "en", months=SHOCK_MEMORY_MONTHS) for k in st.TEXT if k.startswith("why.")
}
"""English names of shock effects, policy metrics, and what each cause of death means (the
sentences in both languages are in :mod:`sim.story.texts`)."""

# order of sentences within a month (the engine's phase order, then the month-end record)
_OPENING, _SHOCK, _POLICY, _ROUND, _CHARGING, _SPENDING, _USERS, _BREAKEVEN, _YEAR, _RUNWAY = range(
    10
)
_END = 10


# --------------------------------------------------------------------------- the story


def month_label(results: Results, month: int, *, lang: str = "en") -> str:
    """'Month 7 (Nov 2023)'; in Chinese '第 7 个月（2023年11月）'."""
    cal = st.calendar(results.scenario.company.start, month, st.check_lang(lang))
    return say("month.label", lang, m=month, cal=cal)


def story_lines(results: Results, path: int, *, lang: str = "en") -> list[tuple[int, str]]:
    """The story of ``path``: one ``(month, text)`` per month in which something happened.

    ``text`` holds one or more sentences (what happened that month, in the engine's order);
    the last line tells the company's fate (its death and the cause, or where it stands at
    the horizon). Show a month with :func:`month_label`. ``lang``: ``en`` (English) or ``zh``
    (Simplified Chinese); names from the scenario are kept as written in both.
    """
    st.check_lang(lang)
    if not 0 <= path < results.paths:
        raise StoryError(f"path {path} does not exist: this run has paths 0 to {results.paths - 1}")
    if path >= results.batch.cash.shape[1]:
        raise StoryError(
            f"path {path} has no monthly record: a run keeps one for its first "
            f"{results.batch.cash.shape[1]:,} paths only"
        )
    items = _Teller(results, path, lang).items()
    items.sort(key=lambda item: (item[0], item[1]))  # stable: engine order within a kind
    lines: list[tuple[int, str]] = []
    for month, _, text in items:
        sentence = st.sentence(text, lang)
        if lines and lines[-1][0] == month:
            lines[-1] = (month, lines[-1][1] + say("join.sentences", lang) + sentence)
        else:
            lines.append((month, sentence))
    return lines


def story_text(results: Results, path: int, *, lang: str = "en") -> str:
    """The whole story as plain text, one line per month."""
    return "\n".join(
        say("line", lang, when=month_label(results, m, lang=lang), text=t)
        for m, t in story_lines(results, path, lang=lang)
    )


def drawn_values(results: Results, path: int) -> list[tuple[str, float, float]]:
    """``(parameter, value on this path, share of paths that drew less)`` for every uncertain
    parameter that mattered to this path (a shock's effects only if it hit, a round's only if
    its talks began, a training run's only if it started): what this company drew, and how
    unusual that was."""
    b, sc, out = results.batch, results.scenario, []
    teller = _Teller(results, path)
    ev = teller.events

    def named(items, kind):
        return {items[k].name for k in ev["ref"][ev["kind"] == kind].tolist()}

    hit, talked = named(sc.shocks, Event.SHOCK_HIT), named(sc.financing.rounds, Event.ROUND_TALKS)
    kinds = {stream.kind for stream in sc.revenue}
    for name, values in b.inputs.items():
        parts = name.split(".")
        if parts[0] == "shocks" and "effects" in parts:  # only if it hit, and can bite
            if parts[1] not in hit or not _touches(parts[-1], kinds):
                continue
        if parts[:2] == ["financing", "rounds"] and parts[2] not in talked:
            continue
        if parts[:3] == ["costs", "gpu", "training_runs"]:
            start = teller.param(f"costs.gpu.training_runs.{parts[3]}.start_month")
            if start is None or month_of(start) > teller.last:
                continue
        v = values[path]
        out.append((name, float(v), float((values < v).mean() + 0.5 * (values == v).mean())))
    return out


class _Teller:
    """Builds the sentences of one path; ``items()`` gives ``(month, order, text)``."""

    def __init__(self, results: Results, path: int, lang: str = "en"):
        self.r, self.i, self.lang = results, path, lang
        self.sc, b = results.scenario, results.batch
        self.cur = self.sc.company.currency
        ev = b.events[b.events["path"] == path]
        self.events = ev[np.argsort(ev["month"], kind="stable")]
        self.death = int(b.death_month[path])  # the month its life ended (0: it did not)
        self.exit = int(b.exit_kind[path])  # an exit (acquired, shut down ...), not a death
        self.last = self.death or results.months  # last month on the record
        self.cash = b.cash[:, path]
        self.users = b.users[:, path]
        self.revenue = b.revenue[:, path]  # row t - 1 is month t
        self.costs = b.costs[:, path]
        self.fired = [(int(e["month"]), int(e["ref"])) for e in ev if e["kind"] == Event.POLICY]
        climate = self.sc.financing.climate
        self.climate = self.sc.financing.market
        self.market = st.market(climate, lang)
        self.gpu_factor = self._gpu_factor()
        self.capex = np.zeros(results.months + 1)  # GPU purchases paid in month t
        self.spent = self._purchases() + self._training() + self._hiring() + self._prepayments()

    def say(self, key: str, **values) -> str:
        return say(key, self.lang, **values)

    def join(self, items: list[str], how: str = "and") -> str:
        return self.say(f"join.{how}").join(items)

    def change(self, factor: float) -> str:
        """A multiplier in words: 'cut by 33%', 'up by 50%', 'x3'."""
        if factor == 0:
            return self.say("change.zero")
        if factor < 1:
            return self.say("change.cut", p=1 - factor)
        if factor <= 2:
            return self.say("change.up", p=factor - 1)
        return self.say("change.times", f=factor)

    def name(self, text: str) -> str:
        """A name from the scenario: 'pro_plan' reads 'pro plan' in English, as written in
        Chinese."""
        return text.replace("_", " ") if self.lang == "en" else text

    def money(self, x: float) -> str:
        return money(float(x), self.cur)

    def param(self, dotted: str, month: int | None = None) -> float | None:
        """A parameter's value on this path: its draw (or the number in the file), changed
        by the policies that fired on this path up to ``month``."""
        key = _canonical(self.sc, dotted)
        inputs = self.r.batch.inputs
        if key in inputs:
            value = float(inputs[key][self.i])
        else:
            raw = find(self.sc, dotted)
            if isinstance(raw, bool) or not isinstance(raw, int | float):
                return None
            value = float(raw)
        for fired_month, k in self.fired:
            if month is not None and fired_month > month:
                break
            policy = self.sc.policies[k]
            for target, factor in policy.scale.items():
                if _canonical(self.sc, target) == key:
                    value *= factor
            for target, new in policy.set.items():
                if _canonical(self.sc, target) == key:
                    value = float(new)
        return value

    def items(self) -> list[tuple[int, int, str]]:
        out = [(1, _OPENING, self.opening())]
        for e in self.events:
            t, kind, ref = int(e["month"]), int(e["kind"]), int(e["ref"])
            out.append(self.event(t, kind, ref))
        out += self.spent + self.milestones() + self.runway() + self.years()
        out.append((self.last, _END, self.fate()))
        return [item for item in out if item[2]]

    # ----------------------------------------------------------------- sentences

    def opening(self) -> str:
        team = self._planned_team(1)
        text = self.say("opening", name=self.sc.company.name, cash=self.money(self.cash[0]))
        if team:
            text += self.say("opening.team", team=number(team))
        text += self.say("opening.spends", costs=self.money(self.costs[0]))
        if self.revenue[0] > 0:
            text += self.say("opening.earns", revenue=self.money(self.revenue[0]))
        return text

    def event(self, t: int, kind: int, ref: int) -> tuple[int, int, str]:
        if kind == Event.CHARGING_STARTED:
            return t, _CHARGING, self.charging(t, ref)
        if kind in (Event.ROUND_TALKS, Event.ROUND_CLOSED, Event.ROUND_FAILED):
            return t, _ROUND, self.round(t, kind, ref)
        if kind == Event.SHOCK_HIT:
            return t, _SHOCK, self.shock(t, ref)
        if kind == Event.SHOCK_ENDED:
            return t, _SHOCK, self.say("shock.ends", name=self.sc.shocks[ref].name)
        if kind == Event.POLICY:
            return t, _POLICY, self.policy(ref)
        if kind == Event.BREAKEVEN:
            return t, _BREAKEVEN, self.say("breakeven", revenue=self.money(self.revenue[t - 1]))
        return t, _END, ""  # death: told by fate()

    def charging(self, t: int, k: int) -> str:
        stream = self.sc.revenue[k]
        label = self.name(stream.name)
        users = self.say("charging.users", users=number(self.users[t - 1]))
        users = users if self.users[t - 1] else ""
        if stream.kind == "subscription":
            price = self.param(f"revenue.{stream.name}.price_per_month", t)
            unit = self.say("charging.unit.month")
        else:
            price = self.param(f"revenue.{stream.name}.price_per_unit", t)
            unit = self.say(f"charging.unit.{'job' if stream.kind == 'per_job' else 'use'}")
        if not price:
            text = self.say("charging.free", label=label, users=users)
        else:
            text = self.say(
                "charging.starts", label=label, price=self.money(price), unit=unit, users=users
            )
        stopped = self._stopped(t, stream.name)
        if stopped:
            text += self.say("charging.stopped", shocks=self.join(stopped))
        return text

    def round(self, t: int, kind: int, k: int) -> str:
        r = self.sc.financing.rounds[k]
        amount = self.param(f"financing.rounds.{r.name}.amount", t) or 0.0
        if kind == Event.ROUND_TALKS:
            asking = self.money(amount)
            return self.say("round.talks", name=r.name, amount=asking, market=self.market)
        if kind == Event.ROUND_CLOSED:
            got = amount * self.climate.size_factor
            text = self.say("round.closes", name=r.name, got=self.money(got))
            if self.climate.size_factor != 1:
                text += self.say(
                    "round.scaled", amount=self.money(amount), factor=self.climate.size_factor,
                    market=self.market,
                )  # fmt: skip
            return text
        p = self.param(f"financing.rounds.{r.name}.probability", t)
        odds = min((p or 0.0) * self.climate.probability_factor, 1.0)
        return self.say("round.fails", name=r.name, market=self.market, odds=odds)

    def shock(self, t: int, k: int) -> str:
        sh = self.sc.shocks[k]
        parts = []
        kinds = {stream.kind for stream in self.sc.revenue}
        for target in EFFECTS:
            if not _touches(target, kinds):
                continue
            factor = self.param(f"shocks.{sh.name}.effects.{target}")
            if factor is not None and factor != 1:
                label = self.say(f"effect.{target}")
                parts.append(self.say("shock.effect", label=label, change=self.change(factor)))
        parts += [self.say("shock.stops", stream=self.name(s)) for s in sh.stops]
        lasts = (
            self.say("shock.for_good")
            if sh.duration_months is None
            else self.say("shock.for", months=self._lasts(sh))
        )
        what = (
            self.say("shock.what", parts=self.join(parts, "list"), lasts=lasts)
            if parts
            else self.say("shock.what_none", lasts=lasts)
        )
        return self.say("shock.hits", name=sh.name, what=what)

    def _lasts(self, sh) -> int:
        months = self.param(f"shocks.{sh.name}.duration_months") or 1
        return max(round(months), 1)

    def policy(self, k: int) -> str:
        p = self.sc.policies[k]
        when = self.join(
            [
                self._condition(metric, side, bound)
                for metric, b in p.when.items()
                for side, bound in (("below", b.below), ("above", b.above))
                if bound is not None
            ],
            "all",
        )
        acts = [
            self.say("policy.scale", label=self._label(path), change=self.change(f))
            for path, f in p.scale.items()
        ]
        acts += [
            self.say("policy.set", label=self._label(path), value=self._value(path, v))
            for path, v in p.set.items()
        ]
        return self.say("policy", name=p.name, when=when, acts=self.join(acts, "list"))

    def _value(self, path: str, v: float) -> str:
        return labels.value(path, v, self.sc.company.currency, self.sc)

    def _label(self, path: str) -> str:
        """A parameter in words, in the story's language: 'cloud: monthly price' for
        ``revenue.0.price_per_month`` (list items by their names in the scenario)."""
        return labels.short(path, self.lang, self.sc)

    def _open_talks(self) -> list[int]:
        """Rounds whose talks started and had not ended by the last recorded month."""
        kinds = self.events["kind"]
        started = set(self.events["ref"][kinds == Event.ROUND_TALKS].tolist())
        ended = set(
            self.events["ref"][np.isin(kinds, [Event.ROUND_CLOSED, Event.ROUND_FAILED])].tolist()
        )
        return sorted(started - ended)

    def _gpu_factor(self) -> np.ndarray:
        """Per month, the product of the GPU-cost factors of the shocks in force."""
        g = np.ones(self.r.months + 2)
        ended = {
            int(e["ref"]): int(e["month"]) for e in self.events if e["kind"] == Event.SHOCK_ENDED
        }
        for e in self.events[self.events["kind"] == Event.SHOCK_HIT]:
            k = int(e["ref"])
            factor = self.param(f"shocks.{self.sc.shocks[k].name}.effects.gpu_cost")
            if factor is not None and factor != 1:
                g[int(e["month"]) : ended.get(k, g.size)] *= factor
        return g

    def _purchases(self) -> list[tuple[int, int, str]]:
        out = []
        for j, _ in enumerate(self.sc.costs.gpu.purchases):
            key = f"costs.gpu.purchases.{j}"
            t = month_of(self.param(f"{key}.month"))
            if 1 <= t <= self.last:
                gpus = self.param(f"{key}.gpus", t)
                paid = gpus * self.param(f"{key}.price_per_gpu", t) * self.gpu_factor[t]
                self.capex[t] += paid
                exact = gpus == round(gpus)
                count = number(gpus) if exact else f"{round(gpus):,}"
                key = "gpus.buy" if exact else "gpus.buy_about"
                text = self.say(key, count=count, paid=self.money(paid))
                out.append((t, _SPENDING, text))
        return out

    def _training(self) -> list[tuple[int, int, str]]:
        out = []
        for run in self.sc.costs.gpu.training_runs:
            key = f"costs.gpu.training_runs.{run.name}"
            start = month_of(self.param(f"{key}.start_month"))
            months = max(month_of(self.param(f"{key}.months")), 1)
            if 1 <= start <= self.last:
                span = range(start, min(start + months, self.r.months + 1))
                cost = sum(self.param(f"{key}.cost", t) / months * self.gpu_factor[t] for t in span)
                text = self.say("training", name=run.name, cost=self.money(cost), months=months)
                out.append((start, _SPENDING, text))
        return out

    def _planned_team(self, t: int) -> float | None:
        """Headcount of the hiring plan in month ``t`` (capped at the maximum)."""
        team = self.sc.costs.team
        hc, latest = self.param("costs.team.headcount", t), 0
        for j, _ in enumerate(team.plan):
            start = month_of(self.param(f"costs.team.plan.{j}.from_month", t))
            if t >= start >= latest:
                hc, latest = self.param(f"costs.team.plan.{j}.headcount", t), start
        cap = self.param("costs.team.max_headcount", t) if team.max_headcount is not None else None
        return hc if cap is None else min(hc, cap)

    def _hiring(self) -> list[tuple[int, int, str]]:
        out, before = [], self._planned_team(1)
        for t in range(2, self.last + 1):
            now = self._planned_team(t)
            if now != before:
                text = self.say("hiring", before=number(before), now=number(now))
                out.append((t, _SPENDING, text))
            before = now
        return out

    def _condition(self, metric: str, side: str, bound: float) -> str:
        if metric == "month":
            # the rule compares the month number t = 1, 2, ... strictly: `above: 0` holds from
            # month 1, `below: 7` up to month 6; say the first or last month it holds
            if side == "above":
                first = math.floor(bound) + 1
                return self.say("cond.from_start") if first <= 1 else self.say("cond.from", m=first)
            return self.say("cond.until", m=math.ceil(bound) - 1)
        if metric == "runway_months":
            return self.say(f"cond.runway_{side}", m=number(bound))
        money_like = metric in ("cash", "monthly_revenue", "monthly_costs", "monthly_profit")
        value = self.money(bound) if money_like else number(bound)
        return self.say(f"cond.{side}", metric=self.say(f"metric.{metric}"), value=value)

    def _prepayments(self) -> list[tuple[int, int, str]]:
        out = []
        for j, _ in enumerate(self.sc.financing.prepayments):
            key = f"financing.prepayments.{j}"
            t = month_of(self.param(f"{key}.month"))
            if 1 <= t <= self.last:
                amount = self.money(self.param(f"{key}.amount", t))
                text = self.say("prepay", amount=amount)
                out.append((t, _SPENDING, text))
        return out

    def _stopped(self, t: int, stream: str) -> list[str]:
        """Shocks in force in month ``t`` that stop ``stream``."""
        out = []
        for k, sh in enumerate(self.sc.shocks):
            if stream not in sh.stops:
                continue
            refs, kinds, months = self.events["ref"], self.events["kind"], self.events["month"]
            hit = months[(kinds == Event.SHOCK_HIT) & (refs == k)]
            ended = months[(kinds == Event.SHOCK_ENDED) & (refs == k)]
            if hit.size and hit[0] <= t and not (ended.size and ended[0] <= t):
                out.append(sh.name)
        return out

    def milestones(self) -> list[tuple[int, int, str]]:
        out, reached = [], 0.0
        for t in range(1, self.last + 1):
            passed = [m for m in MILESTONES if reached < m <= self.users[t]]
            if passed:
                text = self.say("milestone", mark=number(passed[-1]), users=number(self.users[t]))
                out.append((t, _USERS, text))
            reached = max(reached, self.users[t])
        return out

    def runway(self) -> list[tuple[int, int, str]]:
        out, armed = [], True
        for t in range(1, self.last + 1):
            burn = self.costs[t - 1] - self.capex[t] - self.revenue[t - 1]  # without purchases
            months = self.cash[t] / burn if burn > 0 else math.inf
            if armed and 0 <= months < RUNWAY_WARNING_MONTHS and t != self.death:
                text = self.say(
                    "runway", months=months, cash=self.money(self.cash[t]), burn=self.money(burn)
                )
                out.append((t, _RUNWAY, text))
                armed = False
            elif months >= RUNWAY_REARM_MONTHS:
                armed = True
        return out

    def years(self) -> list[tuple[int, int, str]]:
        out = []
        for t in range(12, self.last, 12):
            text = self.say(
                "year.many" if t > 12 else "year.one", years=t // 12, users=number(self.users[t]),
                revenue=self.money(self.revenue[t - 1]), costs=self.money(self.costs[t - 1]),
                cash=self.money(self.cash[t]),
            )  # fmt: skip
            out.append((t, _YEAR, text))
        return out

    def fate(self) -> str:
        t = self.last
        if self.exit:
            return self._exit(t)
        if self.death:
            label = self.r.cause_labels[self.r.batch.cause[self.i]]
            why = st.why(label, self.lang, months=SHOCK_MEMORY_MONTHS)
            talking = [self.sc.financing.rounds[k].name for k in self._open_talks()]
            return (
                self.say(
                    "death",
                    short=self.money(-self.cash[t]),
                    spent=self.money(self.costs[t - 1]),
                    earned=self.money(self.revenue[t - 1]),
                )  # fmt: skip
                + (self.say("death.talking", rounds=self.join(talking)) if talking else "")
                + self.say("death.cause", label=st.cause(label, self.lang))
                + (self.say("death.why", why=why) if why else "")
            )
        profit = self.revenue[t - 1] - self.costs[t - 1]
        result = self.say(
            "alive.profit" if profit >= 0 else "alive.loss", x=self.money(abs(profit))
        )
        return self.say(
            "alive", months=t, cash=self.money(self.cash[t]), users=number(self.users[t]),
            revenue=self.money(self.revenue[t - 1]), costs=self.money(self.costs[t - 1]),
            result=result,
        ) + self._worth(t)  # fmt: skip

    def _arr(self, t: int) -> float:
        """ARR at the end of month ``t``: 12 x the mean revenue of its last three months."""
        return 4.0 * float(self.revenue[max(t - 3, 0) : t].sum())

    def _worth(self, t: int) -> str:
        b, i = self.r.batch, self.i
        arr, value = self._arr(t), float(b.enterprise_value[i])
        multiple = (value - self.cash[t]) / arr if arr > 0 else 0.0
        return self.say(
            "alive.worth", value=self.money(value), arr=self.money(arr), multiple=f"{multiple:.1f}",
            share=f"{100 * b.founders_share[i]:.0f}%", founders=self.money(b.founder_value[i]),
        )  # fmt: skip

    def _exit(self, t: int) -> str:
        b, i = self.r.batch, self.i
        label = self.r.cause_labels[b.cause[i]]
        arr, cash = self._arr(t), float(self.cash[t])
        price = float(b.enterprise_value[i]) - cash
        rule = self.sc.exits.shutdown
        text = self.say(
            f"exit.{label}", price=self.money(price), arr=self.money(arr), cash=self.money(cash),
            multiple=f"{price / arr if arr > 0 else 0.0:.1f}",
            investors=self.money(b.investor_proceeds[i]), founders=self.money(b.founder_value[i]),
            runway=f"{float(np.mean(rule.runway_below_months)) if rule else 0:g}",
            flat=f"{float(np.mean(rule.flat_revenue_months)) if rule else 0:g}",
        )  # fmt: skip
        return text


# --------------------------------------------------------------------------- helpers


def _touches(target: str, kinds: set[str]) -> bool:
    """Whether a shock effect can matter to a company with revenue streams of ``kinds``."""
    if target == "deal_size":
        return "contracts" in kinds
    if target == "price":
        return bool(kinds - {"contracts", "flat"})
    return True


def _canonical(scenario, dotted: str) -> str:
    """A parameter path as :mod:`sim.engine.sampling` names it (list items by name, else index)."""
    node, parts = scenario, []
    for part in dotted.split("."):
        if isinstance(node, list):
            idx = next((i for i, x in enumerate(node) if getattr(x, "name", None) == part), None)
            if idx is None and part.isdigit() and int(part) < len(node):
                idx = int(part)
            if idx is None:
                return dotted
            node = node[idx]
            parts.append(str(getattr(node, "name", idx)))
        elif isinstance(node, dict) and part in node:
            node = node[part]
            parts.append(part)
        elif isinstance(node, BaseModel) and part in type(node).model_fields:
            node = getattr(node, part)
            parts.append(part)
        else:
            return dotted
    return ".".join(parts)
