"""numba's cache for a user who can write neither beside the code nor in a home folder."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys

import numpy as np
import pytest

from tests.helpers import ROOT

NOBODY = ["setpriv", "--reuid=65534", "--regid=65534", "--clear-groups", "--"]


@pytest.mark.skipif(
    not hasattr(os, "geteuid") or os.geteuid() != 0 or shutil.which("setpriv") is None,
    reason="needs root and setpriv to run as another user",
)
def test_a_user_without_a_writable_cache_still_runs():
    code = "import sim; r = sim.run(sim.load('scenarios/dify.yaml'), paths=200); print('ran')"
    env = {k: v for k, v in os.environ.items() if k not in ("NUMBA_CACHE_DIR", "XDG_CACHE_HOME")}
    env["HOME"] = "/nonexistent"
    done = subprocess.run(
        [*NOBODY, sys.executable, "-c", code], cwd=ROOT, env=env, capture_output=True, text=True
    )
    if "ModuleNotFoundError" in done.stderr or "PermissionError" in done.stderr:
        pytest.skip("the checkout or its environment is not readable by nobody")
    assert done.returncode == 0, done.stderr[-2000:]
    assert "ran" in done.stdout


def test_a_folder_that_cannot_be_looked_into_is_not_writable(monkeypatch, tmp_path):
    """Path.exists() raises PermissionError under another user's home: that is 'not
    writable', not a traceback."""
    from pathlib import Path

    from sim.engine import jit

    def refuse(self, *args, **kwargs):
        raise PermissionError(13, "Permission denied", str(self))

    monkeypatch.setattr(Path, "exists", refuse)
    assert jit._writable(tmp_path / "numba") is False


def test_per_path_gives_a_number_or_the_paths_array_and_refuses_other_shapes():
    from sim.engine.jit import at, njit, per_path

    assert per_path(3, 4) == 3.0 and isinstance(per_path(np.float64(2.5), 4), float)
    assert per_path(np.array([7.0]), 4) == 7.0
    a = per_path(np.arange(4), 4)
    assert a.dtype == np.float64 and a.flags.c_contiguous and list(a) == [0, 1, 2, 3]
    with pytest.raises(ValueError, match="shape"):
        per_path(np.ones(3), 4)

    @njit
    def twice(x, n):
        out = np.empty(n)
        for i in range(n):
            out[i] = 2.0 * at(x, i)
        return out

    assert list(twice(per_path(1.5, 3), 3)) == [3.0, 3.0, 3.0]
    assert list(twice(per_path(np.arange(3), 3), 3)) == [0.0, 2.0, 4.0]
