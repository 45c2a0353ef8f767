"""Tests for astana_lib.analysis.monthly (coverage per calendar month)."""

from __future__ import annotations

import logging

import pandas as pd

from astana_lib.analysis.monthly import coverage_by_month
from astana_lib.figures import timeline


def _articles() -> pd.DataFrame:
    return pd.DataFrame(
        {
            "article_id": ["a", "b", "c", "d", "e"],
            "outlet": ["rt", "rt", None, "rt", "aljazeera"],
            "date": pd.to_datetime(["2018-05-14", "2018-05-20", "2018-06-01", None, "2018-05-02"]),
            "round": pd.array([9, pd.NA, pd.NA, 9, pd.NA], dtype="Int64"),
        }
    )


def test_every_dated_article_counts_not_only_those_with_a_round():
    m = coverage_by_month(_articles())
    assert int(m["n_articles"].sum()) == 4
    assert int(m["n_with_round"].sum()) == 1


def test_undated_articles_are_logged_and_counted_in_attrs(caplog):
    with caplog.at_level(logging.INFO, logger="astana_lib.analysis.monthly"):
        m = coverage_by_month(_articles())
    assert m.attrs["n_undated"] == 1
    assert "1 undated" in caplog.text


def test_missing_outlet_is_the_unknown_label():
    m = coverage_by_month(_articles())
    assert "(unknown)" in set(m["outlet"])


def test_old_path_in_the_timeline_module_is_the_same_function():
    assert timeline.coverage_by_month is coverage_by_month
