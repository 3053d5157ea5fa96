"""numba, imported so that its on-disk cache works for any user who can run the code.

numba caches compiled kernels beside the source (``sim/engine/__pycache__``) or, if that folder
cannot be written (a package installed by another user), in the user's cache folder. When
neither can be written (a service account without a home), ``@njit(cache=True)`` fails at
import with a traceback. Before numba is imported, :func:`_ensure_cache_dir` then points
``NUMBA_CACHE_DIR`` at a private folder in the system's temporary directory: the kernels
compile once per machine and user instead of failing.

It also holds what the compiled passes share: numpy's scalar ``maximum``/``minimum``, and
:func:`at` with :func:`per_path`, by which a pass takes each input as a number or as one value
a path.
"""

from __future__ import annotations

import os
import sys
import tempfile
from pathlib import Path


def _writable(folder: Path) -> bool:
    """Whether ``folder`` (or, if it does not exist yet, its nearest existing parent) can be
    written."""
    for place in (folder, *folder.parents):
        try:
            if place.exists():
                return place.is_dir() and os.access(place, os.W_OK | os.X_OK)
        except OSError:  # a folder we may not even look into (another user's home)
            return False
    return False


def _ensure_cache_dir() -> None:
    if os.environ.get("NUMBA_CACHE_DIR") or "numba" in sys.modules:
        return  # the user chose, or numba has read its configuration already
    if _writable(Path(__file__).parent / "__pycache__"):
        return
    user = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    if _writable(Path(user)):
        return
    uid = os.getuid() if hasattr(os, "getuid") else "user"
    private = Path(tempfile.gettempdir()) / f"startup-sim-numba-{uid}"
    private.mkdir(mode=0o700, exist_ok=True)
    os.environ["NUMBA_CACHE_DIR"] = str(private)


_ensure_cache_dir()

import numpy as np  # noqa: E402
from numba import njit, types  # noqa: E402
from numba.extending import overload  # noqa: E402

__all__ = ["at", "maximum", "minimum", "njit", "per_path", "types"]


@njit(cache=True, nogil=True)
def maximum(a, b):
    """numpy's ``maximum`` of two floats in compiled code: NaN from either side, else
    ``a > b ? a : b`` (so the same signed zero as numpy)."""
    return a if (a > b or a != a) else b


@njit(cache=True, nogil=True)
def minimum(a, b):
    """numpy's ``minimum`` (and so the upper bound of its ``clip``), likewise."""
    return a if (a < b or a != a) else b


def at(x, i):
    """``x[i]`` for a per-path array, ``x`` itself for a number: in compiled code, one
    version of a pass is compiled for each mix of numbers and arrays it is given, so a number
    costs no memory traffic and the loop still vectorises (an index ``i * (x.size > 1)`` into
    a one-entry array would keep it from vectorising)."""
    raise TypeError("at() is for compiled code only")


@overload(at, inline="always")
def _at(x, i):
    if isinstance(x, types.Array):
        return lambda x, i: x[i]
    return lambda x, i: x


def per_path(x, n: int):
    """A number or a per-path array as the compiled passes take it with :func:`at`: a float,
    or a contiguous float64 array of the ``n`` paths (anything else is refused, as a pass would
    read past its end)."""
    if isinstance(x, float):
        return x
    a = np.asarray(x, dtype=float)
    if a.size == 1 and a.ndim <= 1:
        return float(a.reshape(-1)[0])
    if a.shape != (n,):
        raise ValueError(f"a per-path value of shape {a.shape} for {n} paths")
    return np.ascontiguousarray(a)
