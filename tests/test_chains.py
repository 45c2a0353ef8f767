"""Tests for astana_lib.reuse.chains: bridging pairs in reuse clusters and the split."""

from __future__ import annotations

import pandas as pd
import pytest

import astana_lib as al
from astana_lib.reuse.chains import cluster_bridges, split_chains

# Two passages of one story chained by a run-on paragraph (ANT 2018, Hawaii volcano):
# "طلبت السلطات في هاواي …" (France 24, Al Arabiya) and "وكتب الدفاع المدني …" (Sky, Al
# Arabiya); shortened to ~80 characters.
ORDER = "طلبت السلطات في هاواي من نحو عشرة آلاف شخص مغادرة منازلهم بعد ثوران بركان كيلوا"
FACEBOOK = 'وكتب الدفاع المدني على فيسبوك: "أبخرة وحمم انبعثت من تصدع في منطقة موهالا ستريت"'


def _chain():
    paras = pd.DataFrame(
        {
            "para_id": ["f24:1", "ara:1", "ara:5", "sky:3", "run:1"],
            "article_id": ["f24", "ara", "ara", "sky", "run"],
            "outlet": ["france24_arabic", "alarabiya", "alarabiya", "skynews_arabia", "x"],
            "text": [ORDER, ORDER, FACEBOOK, FACEBOOK, ORDER + " " + FACEBOOK],
        }
    )
    pairs = pd.DataFrame(
        {
            "para_a": ["ara:1", "ara:5", "f24:1", "run:1"],
            "para_b": ["f24:1", "sky:3", "run:1", "sky:3"],
            "cosine": [0.95, 0.9, 0.6, 0.55],
        }
    )
    return paras, pairs


def test_bridge_between_two_passages_is_found_with_its_shared_words():
    paras, pairs = _chain()
    clusters = al.reuse_clusters(pairs, paras)
    assert clusters["cluster"].nunique() == 1
    b = cluster_bridges(pairs, clusters, paragraphs=paras)
    assert len(b) == 2  # f24:1–run:1 and run:1–sky:3 both cut the chain
    assert set(b["side_a"] + b["side_b"]) == {5}
    row = b[(b["para_a"] == "f24:1") & (b["para_b"] == "run:1")].iloc[0]
    assert row["shared_words"] >= 10 and "هاواي" in row["shared_a"]


def test_split_by_bridges_separates_the_passages_and_keeps_every_paragraph():
    paras, pairs = _chain()
    clusters = al.reuse_clusters(pairs, paras)
    split = split_chains(pairs, clusters)
    assert len(split) == len(clusters)
    groups = split.groupby("cluster")["para_id"].apply(frozenset).tolist()
    assert frozenset({"ara:1", "f24:1"}) in groups
    assert frozenset({"ara:5", "sky:3"}) in groups
    assert (split["parent_cluster"] == 0).all()
    assert split.groupby("cluster")["cluster_size"].first().sum() == 5


def test_a_triangle_has_no_bridge_and_is_not_split():
    pairs = pd.DataFrame({"para_a": ["a", "b", "a"], "para_b": ["b", "c", "c"], "cosine": 0.9})
    cl = pd.DataFrame({"para_id": list("abc"), "cluster": 0})
    assert cluster_bridges(pairs, cl).empty
    assert split_chains(pairs, cl)["cluster"].nunique() == 1
    assert split_chains(pairs, cl, method="communities")["cluster"].nunique() == 1


def test_bad_options():
    paras, pairs = _chain()
    clusters = al.reuse_clusters(pairs, paras)
    with pytest.raises(ValueError, match="method"):
        split_chains(pairs, clusters, method="kmeans")
    with pytest.raises(ValueError, match="min_side"):
        cluster_bridges(pairs, clusters, min_side=0)
