"""Output files: written whole or not at all, with the permissions of any new file."""

from __future__ import annotations

import os
import stat

import pytest

from sim.output import replacing, write_atomic


def _mode(path) -> int:
    return stat.S_IMODE(os.stat(path).st_mode)


@pytest.fixture
def umask():
    old = os.umask(0o022)
    yield 0o022
    os.umask(old)


def test_a_new_file_has_the_usual_permissions(tmp_path, umask):
    """mkstemp makes 0600 files: a report or a table others cannot read would be a surprise."""
    assert _mode(write_atomic(tmp_path / "a.html", "<p>")) == 0o644
    with replacing(tmp_path / "b.parquet") as tmp:
        tmp.write_bytes(b"PAR1")
    assert _mode(tmp_path / "b.parquet") == 0o644


def test_a_failed_write_leaves_the_old_file_and_no_temporary(tmp_path):
    old = write_atomic(tmp_path / "r.html", "old")
    with pytest.raises(RuntimeError), replacing(old) as tmp:
        tmp.write_text("half")
        raise RuntimeError("interrupted")
    assert old.read_text() == "old"
    assert [p.name for p in tmp_path.iterdir()] == ["r.html"]
