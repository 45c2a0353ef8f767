"""Tests for astana_lib.analysis.coverage."""

from __future__ import annotations

import logging
from pathlib import Path

import pandas as pd
import pytest
from _analysis_fixtures import make_articles, make_paragraphs

import astana_lib as al
from astana_lib.analysis.coverage import citation_summary, coverage_matrix, coverage_pivot

REPO = Path(__file__).resolve().parents[1]


def _registry():
    return pd.DataFrame(
        {
            "outlet_id": ["outlet_x", "outlet_y"],
            "name_ar": ["س", "ص"],
            "name_en": ["X", "Y"],
            "country": ["Syria", "Qatar"],
            "alignment": ["state", pd.NA],
        }
    )


def test_counts_unknowns_and_registry_join():
    cov = coverage_matrix(make_articles(), make_paragraphs(), registry=_registry())
    got = cov[["outlet", "round", "n_articles", "n_body_paragraphs", "country"]]
    rows = [tuple(None if pd.isna(v) else v for v in r) for r in got.itertuples(index=False)]
    assert rows == [
        ("(unknown)", None, 1, 1, None),
        ("outlet_x", 5, 1, 1, "Syria"),
        ("outlet_x", 6, 1, 2, "Syria"),
        ("outlet_y", 6, 1, 2, "Qatar"),
    ]
    assert cov["round"].dtype == "Int64"
    assert cov["n_articles"].sum() == len(make_articles())


def test_without_paragraphs_body_counts_are_na():
    cov = coverage_matrix(make_articles(), registry=_registry())
    assert cov["n_body_paragraphs"].isna().all()


def test_user_columns_constant_in_group_survive():
    cov = coverage_matrix(make_articles(), make_paragraphs(), registry=_registry())
    assert "my_tag" in cov.columns
    assert cov.set_index(["outlet"]).loc["outlet_y", "my_tag"] == "batch1"


def test_complete_grid_and_pivot():
    cov = coverage_matrix(make_articles(), make_paragraphs(), complete=True, registry=_registry())
    n_rounds = int(al.load_table("rounds")["round"].max())
    assert len(cov[cov["outlet"] == "outlet_x"]) == n_rounds
    assert cov["n_articles"].sum() == len(make_articles())
    wide = coverage_pivot(cov)
    assert list(wide.columns[:3]) == [1, 2, 3] and wide.columns[-1] == "(unknown)"
    assert wide.loc["outlet_x", 6] == 1 and wide.loc["(unknown)", "(unknown)"] == 1
    body = coverage_pivot(cov, value="n_body_paragraphs")
    assert body.loc["outlet_y", 6] == 2
    with pytest.raises(ValueError, match="value must be one of"):
        coverage_pivot(cov, value="n_words")


def test_unknown_outlet_warned_and_duplicates_rejected(caplog):
    arts = make_articles()
    with caplog.at_level(logging.WARNING, logger="astana_lib.analysis.coverage"):
        coverage_matrix(arts, registry=_registry().iloc[:1])
    assert "outlet_y" in caplog.text
    with pytest.raises(ValueError, match="duplicate article_id"):
        coverage_matrix(pd.concat([arts, arts.iloc[:1]]))


def test_citation_summary_shares_and_metadata():
    cit = pd.DataFrame(
        {
            "article_id": ["a", "a", "b", "c"],
            "para_id": ["a:1", "a:2", "b:1", "c:1"],
            "outlet": ["x", "x", "x", None],
            "round": pd.array([6, 6, 6, 5], dtype="Int64"),
            "agency": ["sputnik", "sputnik", "sana", "rt"],
            "name_en": ["S", "S", "SANA", "RT"],
            "name_ar": ["س", "س", "سانا", "ر"],
            "matched": ["س", "س", "سانا", "ر"],
            "group": ["g1", "g1", "g1", "g2"],
        }
    )
    s = citation_summary(cit)
    x = s[s["outlet"] == "x"].set_index("agency")
    assert x.loc["sputnik", "n_citations"] == 2 and x.loc["sputnik", "n_articles"] == 1
    assert x["share"].sum() == pytest.approx(1)
    assert "(unknown)" in set(s["outlet"]) and "group" in s.columns
    assert set(citation_summary(cit, by=["outlet", "round"])["round"].dropna()) == {5, 6}


def test_seeds_coverage():
    if not hasattr(al, "read_corpus"):
        pytest.skip("reader not available yet")
    c = al.read_corpus(REPO / "seeds")
    cov = coverage_matrix(c.articles, c.paragraphs)
    assert cov["n_articles"].sum() == len(c.articles) == 5
    assert cov["n_body_paragraphs"].sum() == (c.paragraphs["role"] == "body").sum()
    assert "aljazeera" in set(cov["outlet"])
    cs = citation_summary(al.find_citations(c.paragraphs))
    assert len(cs) > 0


def test_empty_articles():
    cov = coverage_matrix(make_articles().iloc[:0], make_paragraphs().iloc[:0])
    assert cov.empty and {"outlet", "round", "n_articles", "country"} <= set(cov.columns)
    assert coverage_pivot(cov).empty
