"""The finishing step of the parts search in pieces (astana_lib.reuse.partfinish)."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pyarrow.parquet as pq
import pytest

from astana_lib.reuse.partfinish import (
    common_schema,
    file_names,
    merge_pieces,
    n_pieces,
    piece_needed,
    prepare_out,
    split_by_keys,
    table_schema,
    work_piece,
    write_file,
)


def test_the_pieces_cover_every_pair_and_group_once():
    combined = (np.arange(10), np.arange(10) + 1, np.linspace(0, 1, 10), np.arange(10),
                np.zeros(10, bool))  # fmt: skip
    groups = np.array([3, 7, 20])
    for n in (1, 3, 7, 12):
        pieces = [work_piece(combined, groups, k, n) for k in range(n)]
        assert np.concatenate([p[0][0] for p in pieces]).tolist() == list(range(10))
        assert np.concatenate([p[1] for p in pieces]).tolist() == [3, 7, 20]
        assert all(len(x) == len(p[0][0]) for p in pieces for x in p[0])
    # pairs 0-2 of 10 (u 0..2, v 1..3) and group 3 of 3
    assert piece_needed(work_piece(combined, groups, 0, 3)).tolist() == [0, 1, 2, 3]


def test_n_pieces_bounds_pairs_and_groups_and_feeds_every_worker():
    assert n_pieces(0, 0, n_workers=8) == 1
    assert n_pieces(250_001, 0) == 2 and n_pieces(0, 100_001) == 2
    assert n_pieces(40_000, 0, n_workers=2) == 2


def test_merge_sorts_by_para_ids_and_sums_seconds():
    a = pd.DataFrame({"para_a": ["b:1", "a:1"], "para_b": ["c:1", "c:1"], "cosine": [0.5, 0.7]})
    b = pd.DataFrame({"para_a": ["a:1"], "para_b": ["b:1"], "cosine": [0.9]})
    pairs, seconds = merge_pieces((a, {"x": 1.0}), (b.iloc[:0], {"x": 2.0}), (b, {"x": 0.5}))
    assert pairs["para_a"].tolist() == ["a:1", "a:1", "b:1"]
    assert pairs["para_b"].tolist() == ["b:1", "c:1", "c:1"] and seconds == {"x": 3.5}
    empty, _ = merge_pieces((b.iloc[:0], {}))
    assert empty.empty and list(empty.columns) == list(b.columns)


def test_split_by_keys_keeps_equal_para_a_in_one_file():
    pairs = pd.DataFrame({"para_a": ["a", "b", "b", "c", "d"], "para_b": list("vwxyz")})
    cut = split_by_keys((pairs, {}), np.array(["b", "c"], dtype=object))
    assert [f["para_a"].tolist() for f in cut] == [["a"], ["b", "b"], ["c", "d"]]
    assert split_by_keys((pairs, {}), np.array([], dtype=object))[0] is pairs


def test_a_column_without_values_is_written_as_text(tmp_path):
    """Files of one table share one schema, even when a file's carried column is all NA."""
    empty = pd.DataFrame(
        {"para_a": ["a"], "para_b": ["b"], "date_a": pd.Series([None], dtype=object)}
    )
    full = empty.assign(date_a="2017-01-23")
    schema = common_schema([table_schema((empty, {})), table_schema((full, {}))])
    write_file(str(tmp_path / "pairs-00000.parquet"), empty, schema=schema)
    write_file(str(tmp_path / "pairs-00001.parquet"), full, schema=schema)
    types = {str(pq.read_schema(p).field("date_a").type) for p in file_names(tmp_path, 2)}
    assert types == {str(schema.field("date_a").type)} and "string" in types.pop()
    assert pd.read_parquet(tmp_path)["date_a"].tolist()[1] == "2017-01-23"


def test_prepare_out_refuses_a_folder_with_a_pairs_table(tmp_path):
    folder = prepare_out(tmp_path / "new" / "pairs")
    assert folder.is_dir()
    (folder / "pairs-00000.parquet").write_bytes(b"")
    with pytest.raises(FileExistsError, match=r"pairs-00000\.parquet"):
        prepare_out(folder)
