"""Tests for astana_lib.text.normalize: the matching form, never the stored text."""

from __future__ import annotations

import pandas as pd
import pytest
from hypothesis import given
from hypothesis import strategies as st

from astana_lib.text.normalize import has_arabic, normalize_arabic, normalize_series

ARABIC_ISH = st.text(
    alphabet=st.sampled_from(
        list(
            "ابتثجحخدذرسشصضطظعغفقكلمنهويءآأإؤئىةٱ ً ٌ ٍ َ ُ ِ ّ ْـ٠١٢٣٤٥٦٧٨٩۰۹یکABCrt \u00a0\u200f\u200e\u061c\ufeff\n\t.,،"
        )
    ),
    max_size=80,
)


@given(ARABIC_ISH)
def test_idempotent(s: str) -> None:
    once = normalize_arabic(s)
    assert normalize_arabic(once) == once


@given(ARABIC_ISH)
def test_no_diacritics_tatweel_or_controls_survive(s: str) -> None:
    out = normalize_arabic(s)
    forbidden = set("ًٌٍَُِّْـ\u200f\u200e\u061c\ufeff\u00a0آأإٱى٠١٢٣٤٥٦٧٨٩۰۹یک")
    assert not forbidden & set(out)
    assert "  " not in out and out == out.strip()


@pytest.mark.parametrize(
    ("variants", "expected"),
    [
        (["أستانا", "آستانا", "استانا", "إستانا", "أسـتـانا"], "استانا"),
        (["الأولى", "الاولي", "الأُولى"], "الاولي"),  # ى → ي, not → ا (the pyarabic trap)
        (["غداً", "غدا"], "غدا"),  # tanwin must not split the word
        (["جولة", "جوله"], "جوله"),
        (["٢٠١٧", "۲۰۱۷", "2017"], "2017"),
        (["ﻻ"], "لا"),  # presentation form folded by NFKC
    ],
)
def test_spelling_variants_meet(variants: list[str], expected: str) -> None:
    assert {normalize_arabic(v) for v in variants} == {expected}


def test_hamza_on_carriers_kept() -> None:
    # folding ؤ/ئ/ء would merge different words
    assert normalize_arabic("مسؤول رئيس جزء") == "مسؤول رئيس جزء"


def test_teh_marbuta_optional() -> None:
    assert normalize_arabic("الجولة", fold_teh_marbuta=False) == "الجولة"
    assert normalize_arabic("RT", lowercase=False) == "RT"


def test_type_error_for_non_string() -> None:
    with pytest.raises(TypeError, match="expects str"):
        normalize_arabic(None)  # type: ignore[arg-type]


def test_series_keeps_missing_and_index() -> None:
    s = pd.Series(["أستانا", None], index=["a", "b"])
    out = normalize_series(s)
    assert list(out.index) == ["a", "b"]
    assert out["a"] == "استانا" and pd.isna(out["b"])


def test_has_arabic() -> None:
    assert has_arabic("قناة RT") and not has_arabic("RT 2017 ٢٠١٧")
