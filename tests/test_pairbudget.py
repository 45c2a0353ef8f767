"""Exact-duplicate groups reported once; pair memory estimated before it is spent (issue 13)."""

from __future__ import annotations

import logging

import pandas as pd
import pytest

import astana_lib as al
from astana_lib.reuse.pairbudget import (
    PairBudgetError,
    duplicate_groups,
    exact_pair_count,
    parse_memory,
)

PROMO = "تابعونا على قناتنا في تلغرام لمتابعة آخر أخبار محادثات أستانا حول سوريا"


def _identical(n: int) -> pd.DataFrame:
    return pd.DataFrame(
        {
            "para_id": [f"a{i:05d}:1" for i in range(n)],
            "article_id": [f"a{i:05d}" for i in range(n)],
            "outlet": ["sana", "rt"] * (n // 2) + ["sana"] * (n % 2),
            "role": "body",
            "text": [PROMO] * n,
        }
    )


def test_four_thousand_identical_paragraphs_stop_before_the_search_above_a_budget(caplog):
    paras = _identical(4000)
    budget = pytest.raises(PairBudgetError, match=r"7,998,000 pair rows, estimated ~4\.8 GB")
    with caplog.at_level(logging.INFO, logger="astana_lib"), budget:
        al.find_near_duplicates(paras, progress=False, max_memory="1GB")
    assert not any("vectorising" in r.message for r in caplog.records)  # before any search


def test_four_thousand_identical_paragraphs_are_linear_with_duplicates_first():
    pairs = al.find_near_duplicates(
        _identical(4000), progress=False, duplicates="first", max_memory="1GB"
    )
    assert len(pairs) == 3999 and set(pairs["kind"]) == {"exact"}
    assert pairs["para_a"].nunique() == 1


def test_large_expansion_is_logged_with_its_estimate_before_it_is_built(caplog):
    with caplog.at_level(logging.INFO, logger="astana_lib"):
        pairs = al.find_near_duplicates(_identical(300), progress=False)
    assert len(pairs) == 44_850
    msgs = [r.message for r in caplog.records if "pair rows" in r.message]
    assert msgs and "44,850 pair rows" in msgs[0] and "GB" in msgs[0]


def test_promo_lines_of_three_hundred_articles_are_one_group_each():
    rows = []
    for i in range(300):
        rows.append({"para_id": f"a{i}:1", "article_id": f"a{i}", "text": f"خبر رقم {i} عن أستانا"})
        for k, line in enumerate(("تابعونا على تويتر", "حمل تطبيقنا الآن", PROMO), start=2):
            rows.append({"para_id": f"a{i}:{k}", "article_id": f"a{i}", "text": line})
    groups = duplicate_groups(pd.DataFrame(rows))
    assert groups["size"].tolist() == [300, 300, 300]
    assert groups["n_pairs"].sum() == 134_550  # what duplicates="all" would list
    assert groups["first"].tolist() == ["a0:2", "a0:3", "a0:4"]
    assert groups["n_articles"].tolist() == [300, 300, 300]
    assert all(len(m) == 300 for m in groups["members"])


def test_duplicate_groups_of_a_table_without_copies_is_empty_with_columns():
    g = duplicate_groups(pd.DataFrame({"para_id": ["a:1"], "text": ["نص"]}))
    assert g.empty and list(g.columns)[:3] == ["group_id", "size", "first"]


def test_budget_options_are_checked():
    assert exact_pair_count([1, 2, 3], "all") == 4
    with pytest.raises(ValueError, match="max_memory"):
        parse_memory("lots")
    with pytest.raises(ValueError, match="max_memory"):
        al.ParagraphMatcher(max_memory="-1GB").fit(["محادثات أستانا حول سوريا"])
