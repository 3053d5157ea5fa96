"""Faults (issue 15): workers end with their parent; Ctrl-C prints one line and exits 130."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from tests.helpers import SCENARIOS

SIM = Path(sys.executable).with_name("sim")
pytestmark = pytest.mark.skipif(
    not SIM.exists() or not sys.platform.startswith("linux"), reason="needs the sim script"
)


def _children(pid: int) -> list[int]:
    found = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
            except OSError:
                continue
            if int(fields[1]) == pid:
                found.append(int(entry.name))
    return found


def _alive(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return False
    return state != "Z"


def _start_run(out: Path) -> tuple[subprocess.Popen, list[int]]:
    proc = subprocess.Popen(
        [str(SIM), "run", str(SCENARIOS / "dify.yaml"), "--paths", "2000000", "--months", "60",
         "--workers", "2", "--out", str(out), "-q"],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
    )  # fmt: skip
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline and len(kids := _children(proc.pid)) < 2:
        time.sleep(0.1)
    assert len(kids) >= 2, "the run did not start its workers"
    time.sleep(0.5)
    return proc, kids


def test_workers_die_with_a_killed_parent(tmp_path):
    proc, kids = _start_run(tmp_path / "out")
    os.kill(proc.pid, signal.SIGKILL)
    proc.wait(timeout=120)
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline and any(_alive(k) for k in kids):
        time.sleep(0.1)
    assert not any(_alive(k) for k in kids)


def test_ctrl_c_prints_one_line_exits_130_and_keeps_reports(tmp_path):
    out = tmp_path / "out"
    out.mkdir()
    (out / "dify.html").write_text("old report")
    (out / "dify.json").write_text("{}")
    proc, kids = _start_run(out)
    os.kill(proc.pid, signal.SIGINT)
    _, err = proc.communicate(timeout=120)
    assert proc.returncode == 130
    assert err.strip().count("\n") == 0 and "interrupted" in err and "Traceback" not in err
    assert (out / "dify.html").read_text() == "old report"
    assert (out / "dify.json").read_text() == "{}"
    assert sorted(p.name for p in out.iterdir()) == ["dify.html", "dify.json"]
    time.sleep(0.5)
    assert not any(_alive(k) for k in kids)


GRID = """parameters:
  financing.initial_cash: [100000, 200000, 300000, 400000, 500000, 600000]
  revenue.cloud.price_per_month: {low: 29, high: 99, n: 4}
design: grid
paths: 4096
months: 36
seed: 3
"""


def _rows(csv_file: Path) -> int:
    return max(0, csv_file.read_text().count("\n") - 1) if csv_file.exists() else 0


def test_sweep_interrupted_by_ctrl_c_resumes_to_the_same_table(tmp_path):
    grid = tmp_path / "grid.yaml"
    grid.write_text(GRID)
    command = [str(SIM), "sweep", str(SCENARIOS / "dify.yaml"), "--grid", str(grid), "-q",
               "--workers", "2"]  # fmt: skip
    whole = tmp_path / "whole"
    subprocess.run([*command, "--out", str(whole)], check=True, capture_output=True)
    part = tmp_path / "part"
    proc = subprocess.Popen(
        [*command, "--out", str(part)], stderr=subprocess.PIPE, stdout=subprocess.PIPE, text=True
    )
    csv_file = part / "dify_sweep.csv"
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline and _rows(csv_file) < 3 and proc.poll() is None:
        time.sleep(0.05)
    kids = _children(proc.pid)
    os.kill(proc.pid, signal.SIGINT)
    _, err = proc.communicate(timeout=120)
    if proc.returncode == 0:
        pytest.skip("the sweep finished before it could be interrupted")
    assert proc.returncode == 130, err
    assert "interrupted" in err and "Traceback" not in err and err.strip().count("\n") == 0
    assert 0 < _rows(csv_file) < 24
    time.sleep(0.5)
    assert not any(_alive(k) for k in kids)
    subprocess.run([*command, "--out", str(part)], check=True, capture_output=True)
    assert csv_file.read_bytes() == (whole / "dify_sweep.csv").read_bytes()
