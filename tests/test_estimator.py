"""Tests of astana_lib.reuse.estimator: ParagraphMatcher's typed errors and executor hook."""

from __future__ import annotations

import logging

import pandas as pd
import pytest

from astana_lib.reuse.constants import NothingToMatchError
from astana_lib.reuse.estimator import ParagraphMatcher
from astana_lib.reuse.matcher import find_near_duplicates


def test_fit_without_a_usable_row_raises_nothing_to_match():
    with pytest.raises(NothingToMatchError, match="no paragraph to match"):
        ParagraphMatcher().fit(["2017-12-22", "", "14560"])


def test_nothing_to_match_is_still_a_value_error():
    assert issubclass(NothingToMatchError, ValueError)


def test_find_near_duplicates_turns_nothing_to_match_into_no_pairs(caplog):
    paras = pd.DataFrame({"para_id": ["a", "b"], "text": ["2017", ""]})
    with caplog.at_level(logging.WARNING, logger="astana_lib.reuse.matcher"):
        got = find_near_duplicates(paras, progress=False)
    assert len(got) == 0 and "cosine" in got.columns
    assert any("returning no pairs" in r.message for r in caplog.records)


def test_other_value_errors_of_fit_are_not_swallowed():
    # control flow used to depend on the error text; a bad option must still raise
    paras = pd.DataFrame({"para_id": ["a", "b"], "text": ["محادثات أستانا", "محادثات"]})
    with pytest.raises(ValueError, match="ngram_range"):
        find_near_duplicates(paras, ngram_range=(2, 1), progress=False)


def test_carry_role_is_kept_once():
    """Regression: carry=("role", ...) kept "role" twice (carry + the role column) and crashed."""
    import pandas as pd

    from astana_lib.reuse.matcher import find_near_duplicates

    text = "أعلن الوفد الروسي أن الجولة المقبلة من محادثات أستانا ستعقد في تموز المقبل"
    paras = pd.DataFrame(
        {"para_id": ["a:1", "b:1"], "text": [text, text + "."], "role": ["body", "body"]}
    )
    pairs = find_near_duplicates(paras, carry=("role",), decision=None, progress=False)
    assert pairs[["role_a", "role_b"]].to_numpy().tolist() == [["body", "body"]]
