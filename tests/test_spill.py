"""Tests of astana_lib.backends.spill: atomic per-block Parquet files and resume discovery."""

from __future__ import annotations

import pandas as pd
import pytest

from astana_lib.backends.spill import BlockStore, fingerprint


def _df(n: int) -> pd.DataFrame:
    return pd.DataFrame({"row": range(n), "col": range(1, n + 1), "score": [0.5] * n})


def test_fingerprint_depends_on_values_not_index():
    a = pd.Series(["x", "y"], index=[0, 1])
    b = pd.Series(["x", "y"], index=[5, 6])
    assert fingerprint(a, 0.8) == fingerprint(b, 0.8)
    assert fingerprint(a, 0.8) != fingerprint(a, 0.7)
    assert fingerprint(a) != fingerprint(pd.Series(["y", "x"]))


def test_write_read_finished_and_clear(tmp_path):
    store = BlockStore(tmp_path / "spill", key="k1")
    assert store.finished() == set()
    store.write((0, 0), _df(3))
    store.write((0, 2), _df(0))
    assert store.finished() == {(0, 0), (0, 2)}
    pd.testing.assert_frame_equal(store.read((0, 0)), _df(3))
    both = store.read_all([(0, 2), (0, 0)])
    assert len(both) == 3
    # files of another run in the same folder are invisible to this one
    other = BlockStore(tmp_path / "spill", key="k2")
    other.write((1, 1), _df(1))
    assert store.finished() == {(0, 0), (0, 2)}
    assert other.finished() == {(1, 1)}
    assert store.clear() == 2
    assert store.finished() == set()
    assert other.finished() == {(1, 1)}


def test_temporary_files_are_not_finished_blocks(tmp_path):
    store = BlockStore(tmp_path, key="k")
    # what a worker killed in the middle of a write leaves behind
    (tmp_path / f".{store.path((3, 4)).name}.deadbeef.tmp").write_bytes(b"PAR1 partial")
    assert store.finished() == set()
    store.write((3, 4), _df(2))
    assert store.finished() == {(3, 4)}
    assert store.clear() == 2  # the block file and the leftover temporary file


def test_failed_write_leaves_no_file(tmp_path):
    store = BlockStore(tmp_path, key="k")
    bad = pd.DataFrame({"x": [object()]})  # pyarrow cannot write arbitrary objects
    with pytest.raises(Exception):  # noqa: B017 - pyarrow raises its own error types
        store.write((0, 0), bad)
    assert list(tmp_path.iterdir()) == []


def test_bad_key_rejected(tmp_path):
    with pytest.raises(ValueError, match="alphanumeric"):
        BlockStore(tmp_path, key="../x")
