"""Tests for astana_lib.analysis.tallies (denominators of the share figures)."""

from __future__ import annotations

import pandas as pd
import pytest

from astana_lib.analysis.tallies import articles_per_outlet


def test_an_article_on_many_rows_counts_once_and_a_missing_outlet_is_kept():
    t = pd.DataFrame(
        {"article_id": ["a", "a", "b", "c", "d"], "outlet": ["rt", "rt", "rt", None, pd.NA]}
    )
    assert articles_per_outlet(t).to_dict() == {"(unknown)": 2, "rt": 2}


def test_missing_columns_are_a_clear_error():
    with pytest.raises(ValueError, match="article_id"):
        articles_per_outlet(pd.DataFrame({"outlet": ["rt"]}))
