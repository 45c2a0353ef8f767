"""Tests for astana_lib.analysis.direction: who published first, on what basis, how confidently."""

from __future__ import annotations

import pandas as pd

from astana_lib.analysis.direction import article_times, pair_direction


def test_direction_bases_and_confidence():
    pairs = pd.DataFrame(
        {
            "article_a": ["t1", "t1", "c1", "d1", "d1", "m1"],
            "article_b": ["t2", "t3", "c2", "d2", "d3", "m2"],
            "date_a": pd.to_datetime(["2018-05-17"] * 3 + ["2018-05-17"] * 2 + [None]),
            "date_b": pd.to_datetime(
                ["2018-05-17", "2018-05-17", "2018-05-17", "2018-05-18", "2018-05-17", "2018-05-17"]
            ),
        }
    )
    arts = pd.DataFrame(
        {
            "article_id": ["t1", "t2", "t3", "c1", "c2"],
            "date_evidence": [
                "record field date='2018-05-17T10:00:00+03:00'",
                "record field date='2018-05-17T09:30:00+00:00'",  # 2.5 h later in UTC
                "record field date='2018-05-17T07:20:00+00:00'",  # 20 minutes later
                "record field date='2015-07-21T02:51:32' (date_kind: crawl time)",
                "record field date='2015-07-21T01:00:00' (date_kind: crawl time)",
            ],
        }
    )
    d = pair_direction(pairs, articles=arts)
    got = d[["first", "direction_basis", "direction_confidence"]].astype(object)
    got = got.where(got.notna(), None).values.tolist()
    assert got == [
        ["a", "time", "high"],
        ["a", "time", "medium"],
        ["b", "crawl_time", "low"],
        ["a", "day", "medium"],
        [None, "same_day", None],
        [None, "missing", None],
    ]


def test_article_times_ignore_day_only_values():
    arts = pd.DataFrame({"article_id": ["a"], "date_evidence": ["record field date='2018-05-17'"]})
    assert article_times(arts)["time"].isna().all()
