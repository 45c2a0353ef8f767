"""Tests for astana_lib.analysis.network: outlet reuse edges and graph."""

from __future__ import annotations

import logging
from pathlib import Path

import pandas as pd
import pytest

import astana_lib as al
from astana_lib.analysis.network import reuse_edges, reuse_graph

REPO = Path(__file__).resolve().parents[1]


def _pairs() -> pd.DataFrame:
    rows = [
        # para_a, para_b, outlet_a, outlet_b, date_a, date_b
        ("a1:1", "b1:1", "sana", "alwaght", "2017-07-04", "2017-07-06"),  # sana first, lag 2
        ("a1:2", "b1:2", "sana", "alwaght", "2017-07-04", "2017-07-06"),
        ("a2:1", "b2:1", "sana", "alwaght", "2017-07-10", "2017-07-14"),  # lag 4
        ("b3:1", "a3:1", "alwaght", "sana", "2017-08-01", "2017-07-31"),  # sana first again
        ("c1:1", "a4:1", "rt", "sana", "2017-07-05", "2017-07-05"),  # same day: undirected
        ("c2:1", "a5:1", "rt", "sana", None, "2017-07-05"),  # date missing: undirected
        ("a6:1", "a6:2", "sana", "sana", "2017-07-05", "2017-07-05"),  # same article
        ("a7:1", "a8:1", "sana", "sana", "2017-07-05", "2017-07-06"),  # same outlet
        ("x1:1", "c3:1", None, "rt", "2017-07-01", "2017-07-02"),  # one outlet unknown
        ("x2:1", "x3:1", None, None, "2017-07-01", "2017-07-02"),  # both unknown
    ]
    df = pd.DataFrame(
        rows, columns=["para_a", "para_b", "outlet_a", "outlet_b", "date_a", "date_b"]
    )
    df["article_a"] = df["para_a"].str.split(":").str[0]
    df["article_b"] = df["para_b"].str.split(":").str[0]
    df["date_a"] = pd.to_datetime(df["date_a"])
    df["date_b"] = pd.to_datetime(df["date_b"])
    df["cosine"] = 0.9
    df["kind"] = "near"
    df["corpus"] = "test"  # user column
    return df


def test_direction_counts_and_lag(caplog):
    with caplog.at_level(logging.INFO, logger="astana_lib.analysis.network"):
        e = reuse_edges(_pairs())
    rows = {(r.outlet_from, r.outlet_to, r.directed): r for r in e.itertuples()}
    d = rows[("sana", "alwaght", True)]
    assert (d.n_pairs, d.n_articles_from, d.n_articles_to, d.n_article_pairs) == (4, 3, 3, 3)
    assert d.median_lag_days == 2.0  # lags 2, 2, 4, 1
    u = rows[("rt", "sana", False)]
    assert u.n_pairs == 2 and pd.isna(u.median_lag_days)
    k = rows[("(unknown)", "rt", True)]
    assert k.n_pairs == 1
    assert len(e) == 3 and (e["weight"] == e["n_pairs"]).all()
    assert "inside one article" in caplog.text and "both outlets unknown" in caplog.text
    assert set(e["corpus"]) == {"test"}  # metadata kept


def test_unknown_drop_and_bad_option():
    e = reuse_edges(_pairs(), unknown="drop")
    assert "(unknown)" not in set(e["outlet_from"]) | set(e["outlet_to"])
    with pytest.raises(ValueError, match="unknown must be one of"):
        reuse_edges(_pairs(), unknown="ignore")


def test_outlets_and_dates_filled_from_paragraphs():
    p = _pairs()[["para_a", "para_b"]].iloc[:5]
    paras = pd.DataFrame(
        {
            "para_id": [
                "a1:1",
                "b1:1",
                "a1:2",
                "b1:2",
                "a2:1",
                "b2:1",
                "b3:1",
                "a3:1",
                "c1:1",
                "a4:1",
            ]
        }
    )
    paras["article_id"] = paras["para_id"].str.split(":").str[0]
    paras["outlet"] = paras["article_id"].str[0].map({"a": "sana", "b": "alwaght", "c": "rt"})
    paras["date"] = pd.to_datetime("2017-07-05")
    paras.loc[paras["outlet"] == "alwaght", "date"] = pd.to_datetime("2017-07-07")
    e = reuse_edges(p, paragraphs=paras)
    rows = {(r.outlet_from, r.outlet_to, r.directed): r.n_pairs for r in e.itertuples()}
    assert rows == {("sana", "alwaght", True): 4, ("rt", "sana", False): 1}


def test_graph_arcs_and_attributes():
    g = reuse_graph(
        reuse_edges(_pairs()),
        registry=pd.DataFrame({"outlet_id": ["sana"], "name_en": ["SANA"], "country": ["Syria"]}),
    )
    assert g.edges["sana", "alwaght"]["weight"] == 4
    assert g.edges["sana", "alwaght"]["directed"] is True
    assert not g.has_edge("alwaght", "sana")
    # undirected pairs appear as two arcs
    assert g.edges["rt", "sana"]["n_pairs_undirected"] == 2
    assert g.edges["sana", "rt"]["n_pairs_undirected"] == 2
    assert g.edges["sana", "rt"]["directed"] is False
    assert g.nodes["sana"]["n_pairs"] == 6 and g.nodes["sana"]["name_en"] == "SANA"
    assert "name_en" not in g.nodes["alwaght"]


def test_seeds_have_no_cross_outlet_reuse():
    if not hasattr(al, "find_near_duplicates"):
        pytest.skip("near-duplicate search not available")
    c = al.read_corpus(REPO / "seeds")
    pairs = al.find_near_duplicates(c.paragraphs)
    e = reuse_edges(pairs, paragraphs=c.paragraphs)
    assert len(pairs) > 0 and e.empty  # only within-article repeats in the seeds
    assert list(e.columns[:9]) == [
        "outlet_from",
        "outlet_to",
        "n_pairs",
        "n_articles_from",
        "n_articles_to",
        "n_article_pairs",
        "directed",
        "median_lag_days",
        "weight",
    ]
    assert reuse_graph(e).number_of_nodes() == 0


def test_empty_pairs():
    e = reuse_edges(_pairs().iloc[:0])
    assert e.empty and "outlet_from" in e.columns
    assert reuse_graph(e).number_of_nodes() == 0


def test_times_order_same_day_pairs():
    # ANT 2018: France 24 (07:48 UTC) and Sky News Arabia (02:13 UTC) on 24 June 2018
    p = pd.DataFrame(
        {
            "para_a": ["f:1"],
            "para_b": ["s:1"],
            "article_a": ["f"],
            "article_b": ["s"],
            "outlet_a": ["france24_arabic"],
            "outlet_b": ["skynews_arabia"],
            "date_a": pd.to_datetime(["2018-06-24"]),
            "date_b": pd.to_datetime(["2018-06-24"]),
        }
    )
    arts = pd.DataFrame(
        {
            "article_id": ["f", "s"],
            "date_evidence": [
                "record field date='2018-06-24T07:48:50+00:00'",
                "record field date='2018-06-24T02:13:50+00:00'",
            ],
        }
    )
    day = reuse_edges(p)
    assert day[["directed", "direction_basis"]].values.tolist() == [[False, "same_day"]]
    assert pd.isna(day["direction_confidence"].iloc[0])
    timed = reuse_edges(p, articles=arts)
    assert timed[
        ["outlet_from", "outlet_to", "directed", "direction_basis", "direction_confidence"]
    ].values.tolist() == [["skynews_arabia", "france24_arabic", True, "time", "high"]]


def test_edge_confidence_is_the_lowest_of_its_pairs():
    e = reuse_edges(_pairs())
    row = e[(e.outlet_from == "sana") & (e.outlet_to == "alwaght") & e.directed].iloc[0]
    assert row.direction_confidence == "medium"  # one pair only 1 day apart
    assert row.direction_basis == "day"


def test_net_view_needs_origins_and_checks_options():
    with pytest.raises(ValueError, match="pair_origins"):
        reuse_edges(_pairs(), view="net")
    with pytest.raises(ValueError, match="view"):
        reuse_edges(_pairs(), view="clean")
    with pytest.raises(ValueError, match="quotations"):
        reuse_edges(_pairs(), quotations="hide")


def test_net_view_agency_nodes_in_graph():
    p = _pairs().iloc[:2].copy()
    p["origin_kind"] = ["agency", "outlet"]
    p["origin"] = ["afp", "sana"]
    p["origin_basis"] = ["credit_in_paragraph", "published_first_day, uncredited"]
    e = reuse_edges(p, view="net")
    kinds = set(zip(e.outlet_from, e.outlet_to, e.edge_kind, e.kind_from, strict=True))
    assert kinds == {
        ("afp", "sana", "agency", "agency"),
        ("afp", "alwaght", "agency", "agency"),
        ("sana", "alwaght", "copy", "outlet"),
    }
    g = reuse_graph(e)
    assert g.nodes["afp"]["kind"] == "agency" and g.nodes["sana"]["kind"] == "outlet"
    assert g.edges["sana", "alwaght"]["edge_kinds"] == {"copy": 1}
