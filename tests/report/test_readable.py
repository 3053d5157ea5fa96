"""Pages and terminal output a founder reads without a manual: parameters by label and unit,
numeric sweep axes, ties named as ties, one money format, percentage points, legends below
the plot, a CJK font stack and tables that fit 80 columns."""

from __future__ import annotations

import html
import re

import pytest
from typer.testing import CliRunner

from cli.main import app
from sim.analysis.results import run
from sim.formatting import money, points, signed_points
from sim.report import charts, render, value
from sim.report import sweep as sweep_page
from sim.report.page import CSS
from sim.scenario import labels
from sim.scenario.loading import load
from tests.helpers import ROOT, SCENARIOS

from .test_i18n import _decoded

DIFY = SCENARIOS / "dify.yaml"
CASH, PRICE = "financing.initial_cash", "revenue.cloud.price_per_month"
# a number written in full with a currency: "417,938,028 CNY" (the one format is "418M CNY")
FULL_MONEY = re.compile(r"\b\d{1,3}(?:,\d{3}){2,}(?:\.\d+)? ?(?:USD|CNY)\b")


def _sim(*args, columns: int = 200):
    result = CliRunner().invoke(app, [str(a) for a in args], env={"COLUMNS": str(columns)})
    assert result.exit_code == 0, result.output
    return result.output


@pytest.fixture(scope="module")
def pages(tmp_path_factory):
    """The analysis pages of dify, written by their commands (small runs), in English."""
    out = tmp_path_factory.mktemp("pages")
    _sim("sensitivity", DIFY, "--paths", "200", "--base", "8", "--months", "24", "--out", out)
    _sim("compare", DIFY, "--paths", "300", "--out", out, "-q")
    _sim("tournament", DIFY, ROOT / "examples" / "tournament", "--seed", "3", "--paths", "300",
         "--out", out, "-q")  # fmt: skip
    _sim("sweep", DIFY, "--grid", ROOT / "examples" / "sweep" / "dify_grid.yaml", "--out", out)
    _sim("run", DIFY, "--paths", "300", "--out", out, "-q", "--slider", CASH)
    names = ("sensitivity", "compare", "tournament", "sweep")
    found = {k: (out / f"dify_{k}.html").read_text() for k in names}
    return found | {"run": (out / "dify.html").read_text()}


def _text(page: str) -> str:
    """What a reader sees: the page without scripts and tags."""
    page = re.sub(r"<script.*?</script>", "", page, flags=re.S)
    return html.unescape(re.sub(r"<[^>]+>", " ", page))


# --------------------------------------------------------------------------- labels


@pytest.mark.parametrize("page", ["sensitivity", "sweep", "run"])
def test_parameters_are_shown_by_label_and_unit_with_the_key_on_hover(pages, page):
    text = pages[page]
    assert '<span class="param" title="financing.initial_cash">initial cash (USD)</span>' in text


def test_charts_name_parameters_by_label(pages):
    sens, sweep = (_decoded(pages[k]) for k in ("sensitivity", "sweep"))
    assert "initial cash (USD)<br><span style='font-size:11px'>" in sens  # the tornado's rows
    assert re.search(r'"y":\[[^\]]*"initial cash \(USD\)"', sens)  # Sobol' bars
    assert '"title":{"text":"initial cash (USD)"}' in sweep  # the heat map's axes
    assert "cloud: monthly price (USD per customer per month)" in sweep
    # the raw key is on hover
    assert "<i>(financing.initial_cash)</i>" in sweep and '"financing.initial_cash"' in sens
    # the slider's table and the compare page's strategies
    assert (
        '<th><span class="param" title="financing.initial_cash">Initial cash (USD)'
        in (pages["run"])
    )
    assert 'title="costs.team.headcount">team size (people)</span> = 5' in pages["compare"]


def test_solve_names_the_parameter_and_its_unit():
    out = _sim(
        "solve", DIFY, "--target", "p_alive_24=0.8", "--vary", CASH, "--paths", "300",
        "--range", "100000,1000000",
    )  # fmt: skip
    assert out.startswith("initial cash (USD): financing.initial_cash = ")
    assert re.search(r"= \d[\d.]*k USD \(95% interval \d[\d.]*k USD to \d[\d.]*k USD\)", out)


# --------------------------------------------------------------------------- sweep


def _row(cash, price, p, half=0.01):
    return {
        CASH: cash,
        PRICE: price,
        "p_alive_at_horizon": p,
        "p_alive_at_horizon_lo": max(p - half, 0),
        "p_alive_at_horizon_hi": min(p + half, 1),
        **{f"p_alive_{m}": p for m in (12, 24, 36)},
        "breakeven_share": p,
        "default_alive_share": p,
        "financing_gap_p50": 0.0,
        "financing_gap_p90": 123_456.0,
    }


META = {"scenario": "Dify", "design": "grid", "paths": 1000, "months": 36, "seed": 1,
        "currency": "USD"}  # fmt: skip


def test_numeric_sweeps_have_numeric_axes():
    rows = [_row(c, p, 0.5) for c in (100_000, 200_000, 600_000) for p in (29, 99)]
    fig, _ = sweep_page._figure(rows, [CASH, PRICE], META, "after 36 months", "en")
    assert fig.layout.xaxis.type == "linear" and fig.layout.yaxis.type == "linear"
    assert list(fig.data[0].x) == [100_000, 200_000, 600_000]  # spaced by value
    assert list(fig.layout.xaxis.ticktext) == ["100k USD", "200k USD", "600k USD"]
    one, _ = sweep_page._figure(rows[::2], [CASH], META, "after 36 months", "en")
    assert one.layout.xaxis.type == "linear"
    words = [{**r, PRICE: name} for r, name in zip(rows, "abcdef", strict=True)]
    fig, _ = sweep_page._figure(words, [CASH, PRICE], META, "after 36 months", "en")
    assert fig.layout.yaxis.type == "category"


def test_the_sweep_headline_names_ties_as_ties():
    tied = [_row(600_000, p, 0.995, 0.005) for p in (29, 64, 99)]
    rows = sorted([*tied, _row(100_000, 29, 0.2)], key=lambda r: -r["p_alive_at_horizon"])
    text = sweep_page.headline(rows, [CASH, PRICE], "after 36 months", "en", "USD")
    assert "3 points cannot be told apart at this number of paths" in text
    assert text.count("initial cash = 600k USD") == 3
    clear = sorted([_row(600_000, 29, 0.9), _row(100_000, 29, 0.2)], key=lambda r: -r[
        "p_alive_at_horizon"])  # fmt: skip
    text = sweep_page.headline(clear, [CASH, PRICE], "after 36 months", "en", "USD")
    assert "cannot be told apart" not in text
    assert "at initial cash = 600k USD, cloud: monthly price = 29 USD" in text
    same = [_row(c, 29, 0.5, 0.05) for c in (1, 2)]
    assert "All 2 points" in sweep_page.headline(same, [CASH, PRICE], "x", "en", "USD")


def test_the_real_sweep_page_counts_its_ties(pages):
    assert "points cannot be told apart" in pages["sweep"]


# --------------------------------------------------------------------------- money, points


def test_one_money_format_on_every_page(pages):
    for name, page in pages.items():
        text = _text(page)
        assert not FULL_MONEY.search(text), (name, FULL_MONEY.search(text))
        assert not FULL_MONEY.search(page), name  # hover texts too
        assert "%{y:,.0f}" not in page and "%{x:,.0f}" not in page, name
    assert re.search(r"<td>\d[\d.]*[kMB]? USD</td>", pages["tournament"])
    assert ">nothing<" not in pages["tournament"]
    assert "0 USD" in _text(pages["run"]) or "k USD" in _text(pages["run"])


def test_one_money_format_in_the_terminal(tmp_path):
    outputs = [
        _sim("run", DIFY, "--paths", "300", "--out", tmp_path),
        _sim("compare", DIFY, "--paths", "300", "--out", tmp_path),
        _sim(
            "tournament",
            DIFY,
            ROOT / "examples" / "tournament",
            "--seed",
            "3",
            "--paths",
            "300",
            "--out",
            tmp_path,
        ),  # fmt: skip
    ]
    for out in outputs:
        assert not FULL_MONEY.search(out), FULL_MONEY.search(out)
        assert not re.search(r"│ *nothing *│", out)  # a gap of zero is "0 USD"
    run_out = outputs[0]
    assert re.search(r"extra cash for 50% survival +│ +\d[\d.]*[kMB]? USD", run_out)


def test_survival_differences_are_percentage_points(pages, tmp_path):
    assert points(0.376) == "+37.6 points" and signed_points(-0.0001) == "+0.0"
    assert points(None) == "n/a" and signed_points(-0.1234) == "-12.3"
    compare, tournament = _text(pages["compare"]), _text(pages["tournament"])
    assert re.search(r"[+-]\d+\.\d points \([+-]\d+\.\d to [+-]\d+\.\d\)", compare)
    assert re.search(r"[+-]\d+\.\d points \([+-]\d+\.\d to [+-]\d+\.\d\)", tournament)
    for text in (compare, tournament):
        assert not re.search(r"[+-]\d+\.\d% \(", text)  # a signed share is a difference
    out = _sim("compare", DIFY, "--paths", "300", "--out", tmp_path)
    assert "(points)" in out and not re.search(r"[+-]\d+\.\d%", out)


# --------------------------------------------------------------------------- layout


def test_legends_sit_below_the_plot_never_under_the_title():
    r = run(load(DIFY), paths=300, seed=1)
    s = r.summary()
    figures = [build(r, s, "en")[0] for _, build in charts.CHARTS]
    figures.append(charts.figure("title", "x", "y"))
    figures.append(value.endings(s, "en")[0])
    for fig in figures:
        legend = fig.layout.legend
        assert legend.yref == "container" and legend.y == 0 and legend.yanchor == "bottom"
        assert fig.layout.title.text and fig.layout.margin.t >= 60


def test_the_tournament_chart_keeps_its_legend_below(pages):
    page = pages["tournament"]
    layout = re.search(r'"legend":\{[^}]*\}', page.split('id="chart-leaderboard"')[1]).group(0)
    assert '"yref":"container"' in layout and '"y":0' in layout


def test_pages_ask_for_cjk_fonts(pages):
    for font in ("Noto Sans CJK SC", "Source Han Sans SC", "PingFang SC", "Microsoft YaHei",
                 "WenQuanYi Micro Hei"):  # fmt: skip
        assert font in CSS and font in charts.FONTS
    assert charts.figure("t", "x", "y").layout.font.family == charts.FONTS
    assert '"font":{"family":"system-ui' in pages["sweep"]


# --------------------------------------------------------------------------- 80 columns


def _fits(out: str, names: list[str]) -> None:
    lines = out.splitlines()
    assert max(map(len, lines)) <= 80, max(lines, key=len)
    cells = " ".join(part.strip() for line in lines for part in line.split("│"))
    for name in names:  # every word of every name whole in some cell
        for word in name.split():
            assert re.search(rf"(?<![\w.]){re.escape(word)}(?![\w])", cells), (name, word)


def test_compare_fits_80_columns_without_cutting_names(tmp_path):
    out = _sim("compare", DIFY, "--paths", "300", "--out", tmp_path, columns=80)
    names = [st.name for st in load(DIFY).scenario.strategies]
    assert "overseas-first" in out and "…" not in out
    _fits(out, names)


def test_sensitivity_fits_80_columns_without_cutting_names(tmp_path):
    out = _sim("sensitivity", DIFY, "--paths", "200", "--base", "8", "--months", "24", "--out",
               tmp_path, columns=80)  # fmt: skip
    sc = load(DIFY).scenario
    keys = ["financing.initial_cash", "demand.bass.market_size", "revenue.cloud.churn"]
    _fits(out, [labels.label(k, "USD", scenario=sc) for k in keys])
    for key in keys:  # keys break after a dot, never inside a part
        for part in key.split("."):
            assert re.search(rf"(?<![\w]){re.escape(part)}(?![\w])", out), part
    assert "…" not in out


def test_report_money_helper_is_the_formatting_one():
    assert money(417_938_028, "CNY") == "418M CNY" and money(0, "USD") == "0 USD"
    assert money(2991.7, "CNY") == "2,992 CNY" and money(-1298.54, "CNY") == "-1,299 CNY"
    assert money(46.5, "USD") == "46.5 USD"
    r = run(load(DIFY, ["financing.initial_cash=100000000"]), paths=200, seed=1)
    page = render(r, r.summary())
    assert '<div class="big">0 USD</div>' in page and "nothing extra" in page
