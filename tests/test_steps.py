"""Tests of astana_lib.reuse.steps: the candidate steps after the block search."""

from __future__ import annotations

import pandas as pd
import pytest

from astana_lib.reuse.constants import RUN_MAX_TEXTS, RUN_MIN_COSINE
from astana_lib.reuse.matcher import find_near_duplicates

FORMULA = "وقال المتحدث الرسمي باسم وزارة الخارجية في البلاد"


def _formula_paragraphs(n: int) -> pd.DataFrame:
    """``n`` distinct paragraphs: one 8-word formula (four 5-word runs) and a word of their own."""
    own = [f"كلمه{chr(0x0628 + i % 20)}{chr(0x0628 + i // 20 % 20)}" for i in range(n)]
    texts = [f"{FORMULA} {w}" for w in own]
    return pd.DataFrame({"para_id": [f"p{i:04d}" for i in range(n)], "text": texts})


def _run_pairs(paras: pd.DataFrame) -> pd.DataFrame:
    """Pairs of the run step alone (cosine and containment steps cannot find them)."""
    pairs = find_near_duplicates(
        paras, threshold=0.99, containment_threshold=None, title_containment_threshold=None,
        decision=None, progress=False,
    )  # fmt: skip
    return pairs[pairs["kind"] == "run"]


def test_a_run_in_at_most_run_max_texts_texts_makes_candidates():
    paras = _formula_paragraphs(RUN_MAX_TEXTS)
    runs = _run_pairs(paras)
    assert len(runs) == RUN_MAX_TEXTS * (RUN_MAX_TEXTS - 1) // 2  # every pair shares it
    assert (runs["cosine"] >= RUN_MIN_COSINE - 1e-9).all()


def test_formula_run_in_more_than_run_max_texts_texts_makes_no_candidate():
    """Regression: one formula in k texts made k²/2 pairs before the cosine filter (1M OOM)."""
    paras = _formula_paragraphs(RUN_MAX_TEXTS + 1)
    assert _run_pairs(paras).empty


@pytest.mark.parametrize("extra", [0, 1])
def test_run_cap_counts_texts_of_both_corpora(extra):
    """Between two corpora a run's texts are counted on both sides."""
    from astana_lib.reuse.estimator import ParagraphMatcher

    paras = _formula_paragraphs(RUN_MAX_TEXTS + extra)
    a, b = paras.iloc[:50], paras.iloc[50:]
    pairs = ParagraphMatcher(threshold=0.99, containment_threshold=None).fit(a).find_pairs(b)
    runs = pairs[pairs["kind"] == "run"]
    assert runs.empty == bool(extra)
