"""Worker processes that end with their parent and leave Ctrl-C to it.

A worker forked for a run or a sweep must not outlive the program: killed by any signal (even
SIGKILL, which runs no clean-up), the parent cannot stop its workers, so each worker asks the
kernel to send it SIGKILL when its parent dies (``prctl(PR_SET_PDEATHSIG)`` on Linux). On
other systems a thread in the worker watches the parent's pid instead. Workers ignore SIGINT:
Ctrl-C reaches the whole process group, and the parent alone decides what to do with it.
"""

from __future__ import annotations

import ctypes
import os
import signal
import sys
import threading
import time

_PR_SET_PDEATHSIG = 1


def worker_init(parent: int) -> None:
    """Initializer of a worker process whose parent has pid ``parent``."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    done = False
    if sys.platform.startswith("linux"):
        try:
            libc = ctypes.CDLL(None, use_errno=True)
            done = libc.prctl(_PR_SET_PDEATHSIG, int(signal.SIGKILL), 0, 0, 0) == 0
        except (OSError, AttributeError):
            done = False
    if not done:
        threading.Thread(target=_watch, args=(parent,), daemon=True).start()
    if os.getppid() != parent:  # the parent died before the request took effect
        os._exit(1)


def _watch(parent: int) -> None:
    while os.getppid() == parent:
        time.sleep(0.5)
    os._exit(1)


def kill_workers(pool) -> None:
    """End the processes of a ``ProcessPoolExecutor`` now (on an error or Ctrl-C in the
    parent), instead of waiting for the chunks they are simulating and the ones queued."""
    processes = list((getattr(pool, "_processes", None) or {}).values())
    pool.shutdown(wait=False, cancel_futures=True)
    for p in processes:
        if p.is_alive():
            p.kill()
    for p in processes:
        p.join(timeout=5)
