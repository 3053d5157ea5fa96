"""Tables users take elsewhere: the per-path record of a run, a tournament's leaderboard.

The per-path table has one row per simulated path: its sampled uncertain inputs, death month (0:
alive at the horizon) and cause, breakeven month (0: never), financing gap, default alive, final
cash and revenue, and, if asked, its cash at every month end (kept for the first
``sim.engine.runner.RECORD_PATHS`` paths of a run). Written as CSV or, with pyarrow installed,
Parquet. The leaderboard (:func:`csv_text`) is the tournament summary's rows, with no date or seed,
so that a replay writes the same bytes.
"""

from __future__ import annotations

import csv
import io
from pathlib import Path

import numpy as np

from sim.analysis.results import Results
from sim.output import replacing, write_atomic


class ExportError(ValueError):
    """The export cannot be written as asked (a user error)."""


def export_problem(path: str | Path, paths: int, monthly_cash: bool = False) -> str | None:
    """What would stop :func:`write_paths` writing ``path`` for a run of ``paths`` paths
    (checked before the run), or None."""
    from sim.engine.runner import RECORD_PATHS

    path = Path(path)
    if path.suffix not in (".csv", ".parquet"):
        return f"{path}: expected a .csv or .parquet file name"
    if path.suffix == ".parquet":
        try:
            import pyarrow  # noqa: F401
        except ImportError:
            return f"{path}: Parquet needs pyarrow (pip install pyarrow); or export to a .csv file"
    if monthly_cash and paths > RECORD_PATHS:
        return (
            f"monthly cash is kept for the first {RECORD_PATHS:,} paths of a run; export it "
            f"from a run of at most that many paths"
        )
    return None


def paths_table(results: Results, monthly_cash: bool = False) -> dict[str, np.ndarray]:
    """Column name -> one value per path."""
    b = results.batch
    labels = np.array(["", *results.cause_labels], dtype=object)
    table = {
        "path": np.arange(b.n),
        # a life ends in a death or an exit (bought, acqui-hired, shut down): one month each
        "death_month": np.where(b.exit_kind == 0, b.death_month, 0),
        "exit_month": np.where(b.exit_kind > 0, b.death_month, 0),
        "cause": labels[b.cause + 1],
        "breakeven_month": results.breakeven_month,
        "financing_gap": b.gap,
        "default_alive": b.default_alive,
        "final_cash": b.final_cash,
        "revenue_total": b.revenue_total,
        "founder_value": b.founder_value,
        "enterprise_value": b.enterprise_value,
        **{f"input:{k}": v for k, v in b.inputs.items()},
    }
    if monthly_cash:
        recorded = b.cash.shape[1]
        if recorded < b.n:
            raise ExportError(
                f"monthly cash is kept for the first {recorded:,} paths of a run; export it "
                f"from a run of at most that many paths"
            )
        table |= {f"cash_{t}": b.cash[t] for t in range(b.cash.shape[0])}
    return table


def write_paths(results: Results, path: str | Path, monthly_cash: bool = False) -> Path:
    """Write the table to ``path`` (.csv or .parquet), replacing a file only when complete."""
    path = Path(path)
    table = paths_table(results, monthly_cash)
    if path.suffix == ".csv":
        buf = io.StringIO()
        writer = csv.writer(buf)
        writer.writerow(table)
        writer.writerows(zip(*(col.tolist() for col in table.values()), strict=True))
        return write_atomic(path, buf.getvalue())
    if path.suffix != ".parquet":
        raise ExportError(f"{path}: expected a .csv or .parquet file name")
    try:
        import pyarrow as pa
        import pyarrow.parquet as pq
    except ImportError:
        raise ExportError(
            f"{path}: Parquet needs pyarrow (pip install pyarrow); or export to a .csv file"
        ) from None
    with replacing(path) as tmp:
        pq.write_table(pa.table({k: np.asarray(v) for k, v in table.items()}), tmp)
    return path


CSV_COLUMNS = (
    "place",
    "team",
    "p_alive",
    "lo",
    "hi",
    "financing_gap_p50",
    "breakeven_share",
    "default_alive",
    "note",
)
"""Columns of the leaderboard CSV."""


def csv_text(summary: dict) -> str:
    """The leaderboard as CSV (:data:`CSV_COLUMNS`); no date or seed, so a replay is identical."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(CSV_COLUMNS)
    for r in summary["leaderboard"]:
        gap = r["financing_gap_p50"]["value"]
        writer.writerow(
            [
                "" if r["place"] is None else r["place"],
                r["team"],
                _num(r["p_alive"]["p"]),
                _num(r["p_alive"]["lo"]),
                _num(r["p_alive"]["hi"]),
                "" if gap is None else f"{gap:.0f}",
                _num(r["breakeven_share"]["p"]),
                _num(r["default_alive"]["p"]),
                r["note"],
            ]
        )
    return out.getvalue()


def _num(x: float | None) -> str:
    return "" if x is None else f"{x:.6f}"
