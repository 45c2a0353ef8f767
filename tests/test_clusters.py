"""Tests of astana_lib.reuse.clusters.reuse_clusters."""

from __future__ import annotations

import pandas as pd
import pytest
from test_reuse import _line_ids, seed_paragraphs

from astana_lib.reuse.clusters import reuse_clusters
from astana_lib.reuse.matcher import find_near_duplicates
from astana_lib.schema import CLUSTERS


def _paras() -> pd.DataFrame:
    return pd.DataFrame(
        {
            "para_id": [f"p{i}" for i in range(7)],
            "article_id": ["a", "a", "b", "c", "d", "e", "f"],
            "outlet": ["sana", "sana", "rt", "rt", None, "bbc", "bbc"],
            "round": pd.array([5, 5, 5, 6, 6, None, 7], dtype="Int64"),
            "text": list("abcdefg"),
            "my_col": list("ABCDEFG"),
        }
    )


def test_components_numbering_and_metadata():
    pairs = pd.DataFrame(
        {
            "para_a": ["p0", "p1", "p3", "p5"],
            "para_b": ["p1", "p2", "p4", "p6"],
            "kind": ["exact", "near", "contained", "near"],
        }
    )
    cl = reuse_clusters(pairs, _paras())
    assert list(cl.columns[: len(CLUSTERS)]) == list(CLUSTERS)
    assert {"article_id", "outlet", "round", "text", "my_col"} <= set(cl.columns)
    got = dict(zip(cl["para_id"], cl["cluster"], strict=True))
    assert got == {"p0": 0, "p1": 0, "p2": 0, "p3": 1, "p4": 1, "p5": 2, "p6": 2}
    first = cl[cl["cluster"] == 0].iloc[0]
    assert first["cluster_size"] == 3 and first["n_articles"] == 2 and first["n_outlets"] == 2
    # NA outlet is not counted as an outlet; metadata of each paragraph is its own
    assert cl.loc[cl["para_id"] == "p3", "n_outlets"].item() == 1
    assert cl.loc[cl["para_id"] == "p4", "my_col"].item() == "E"
    assert cl["round"].dtype == "Int64"
    only_exact = reuse_clusters(pairs, _paras(), kinds=["exact"])
    assert only_exact["para_id"].tolist() == ["p0", "p1"]


def test_empty_pairs_and_bad_input():
    empty = reuse_clusters(pd.DataFrame({"para_a": [], "para_b": []}), _paras())
    assert empty.empty and list(empty.columns[:5]) == list(CLUSTERS)
    with pytest.raises(ValueError, match="not in paragraphs"):
        reuse_clusters(pd.DataFrame({"para_a": ["p0"], "para_b": ["zz"]}), _paras())
    with pytest.raises(ValueError, match="missing column"):
        reuse_clusters(pd.DataFrame({"para_a": ["p0"]}), _paras())
    with pytest.raises(ValueError, match="kinds"):
        reuse_clusters(
            pd.DataFrame({"para_a": [], "para_b": [], "kind": []}), _paras(), kinds=["fuzzy"]
        )


def test_seed_clusters_same_with_first_copy_pairs():
    seeds = seed_paragraphs()
    full = reuse_clusters(find_near_duplicates(seeds, progress=False), seeds)
    first = reuse_clusters(find_near_duplicates(seeds, duplicates="first", progress=False), seeds)
    pd.testing.assert_frame_equal(full, first)
    # the 004 run-on paragraph and all its sources are one cluster
    ids = _line_ids(seeds, "004", [1, 3, 5, 7, 9, 11, 13, 15, 17, 19, 28])
    assert full.loc[full["para_id"].isin(ids), "cluster"].nunique() == 1
