"""The base rate of young businesses beside the run's survival curve, and the scenario's own
word on what its story leaves out (``company.survivorship``)."""

from __future__ import annotations

import html

import pytest
from pydantic import ValidationError
from typer.testing import CliRunner

from sim.analysis.results import run
from sim.cli.main import app
from sim.report import charts, page
from sim.report.base_rates import BASE_RATES, within
from sim.report.i18n import t
from tests.helpers import scenario

LEFT_OUT = (
    "Only the founders who made it wrote articles <b>about</b> it: the shops that closed in "
    "their first year are not in the story. The failed seed round stands for them."
)


def _test_company(months: int, **company):
    return scenario(company={"name": "Test", "horizon_months": months, **company})


def _run(months: int, **company):
    return run(_test_company(months, **company), paths=200, seed=1)


def test_the_figures_are_the_published_ones():
    # Knaup (2005) and BLS, The Economics Daily (14 June 2005): 66% of new establishments
    # survive 2 years, 44% 4 years; the information sector 63% and 38%
    rates = {(r.group, r.month): r.share for r in BASE_RATES}
    assert rates == {
        ("all", 24): 0.66,
        ("all", 48): 0.44,
        ("information", 24): 0.63,
        ("information", 48): 0.38,
    }
    assert [len(x) for x in within(36)] == [2, 2] and [len(x) for x in within(48)] == [4, 0]


def _markers(fig) -> dict:
    return {tr.name: (list(tr.x), list(tr.y)) for tr in fig.data if tr.mode == "markers"}


@pytest.mark.parametrize("lang", ["en", "zh"])
@pytest.mark.parametrize(
    "months, drawn, beyond", [(12, [], [24, 48]), (36, [24], [48]), (60, [24, 48], [])]
)
def test_base_rates_within_the_horizon_are_drawn_the_rest_named(months, drawn, beyond, lang):
    r = _run(months)
    fig, hint = charts._survival(r, r.summary(), lang)
    marks = _markers(fig)
    if not drawn:
        assert marks == {}
    else:
        by_age = {24: (66, 63), 48: (44, 38)}
        assert marks[t("base.all", lang)] == (drawn, [by_age[m][0] for m in drawn])
        assert marks[t("base.information", lang)] == (drawn, [by_age[m][1] for m in drawn])
    assert "66%" in hint and "44%" in hint and "63%" in hint and "38%" in hint
    assert "Knaup 2005" in hint
    ages = t("list.comma", lang).join(map(str, beyond))
    tail = t("base.beyond", lang, months=ages, horizon=months)
    assert hint.endswith(tail) == bool(beyond)


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_the_run_page_says_what_the_story_leaves_out(lang):
    r = _run(12, story="A shop.", survivorship=LEFT_OUT)
    shown = page.render(r, r.summary(), lang=lang)
    assert (
        f'<b>{t("survivorship", lang)}</b> <span class="prose">{html.escape(LEFT_OUT)}</span>'
        in shown
    )
    assert "<b>about</b>" not in shown  # the author's text is escaped
    assert shown.index("A shop.") < shown.index(html.escape(LEFT_OUT))  # beside the story
    plain = _run(12, story="A shop.")
    assert t("survivorship", lang) not in page.render(plain, plain.summary(), lang=lang)


def test_survivorship_is_optional_and_bounded():
    assert _test_company(12).company.survivorship == ""
    with pytest.raises(ValidationError, match="at most 2000"):
        _test_company(12, survivorship="x" * 2001)


def test_sim_show_prints_it(tmp_path):
    file = tmp_path / "test.yaml"
    file.write_text(
        "company:\n  name: Test\n  horizon_months: 12\n  story: A shop.\n"
        f"  survivorship: {LEFT_OUT!r}\n"
        "financing:\n  initial_cash: 1000000\n"
    )
    result = CliRunner().invoke(app, ["show", str(file)], env={"COLUMNS": "300"})
    assert result.exit_code == 0, result.output
    assert f"What this story leaves out: {LEFT_OUT}" in result.output


def test_every_archetype_says_what_its_story_leaves_out():
    """Issue 14: each archetype names its survivorship and the modelled risks standing for it."""
    from sim.scenario.loading import load
    from tests.helpers import SCENARIOS

    for path in sorted(SCENARIOS.glob("*.yaml")):
        told = load(path).scenario.company.survivorship
        assert len(told.split()) >= 30, path.name
