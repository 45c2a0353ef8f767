"""Tests for astana_lib.review.display: per-cell direction for Arabic tables."""

from __future__ import annotations

import sys

import pandas as pd
import pytest

from astana_lib.review.display import rtl_table


def test_rtl_table_cells_take_their_own_direction_and_long_text_is_shortened():
    df = pd.DataFrame({"outlet": ["قناة RT العربية"], "text": ["ن" * 300]})
    html = rtl_table(df, max_chars=20).to_html()
    assert "unicode-bidi: plaintext" in html
    assert "ن" * 19 + "…" in html and "ن" * 21 not in html
    assert df["text"].str.len().iloc[0] == 300  # input untouched


def test_rtl_table_without_jinja2_names_the_extra(monkeypatch):
    monkeypatch.setitem(sys.modules, "jinja2", None)  # as in a core-only install
    with pytest.raises(ImportError, match=r"astana_lib\[notebooks\]"):
        rtl_table(pd.DataFrame({"a": [1]}))
