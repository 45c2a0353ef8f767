"""Tests for astana_lib.figures.labels: both shaping paths, pass-through, wrapping."""

from __future__ import annotations

import unicodedata

import matplotlib
import pandas as pd
import pytest

from astana_lib.figures import labels
from astana_lib.figures.labels import RLM, ar_label, ar_labels, native_shaping_available, wrap_label

# Arabic Presentation Forms-A/B: what arabic_reshaper emits.
PRESENTATION = [(0xFB50, 0xFDFF), (0xFE70, 0xFEFF)]


def _is_presentation(ch: str) -> bool:
    return any(lo <= ord(ch) <= hi for lo, hi in PRESENTATION)


def _base_arabic_letters(s: str) -> list[str]:
    return [ch for ch in s if 0x0621 <= ord(ch) <= 0x064A]


def test_auto_follows_libraqm_detection():
    assert native_shaping_available() == hasattr(matplotlib.ft2font, "__libraqm_version__")
    s = "قناة RT العربية"
    expected = "native" if native_shaping_available() else "reshape"
    assert ar_label(s) == ar_label(s, shaping=expected)


def test_auto_uses_reshape_on_old_matplotlib(monkeypatch):
    monkeypatch.setattr(labels, "native_shaping_available", lambda: False)
    out = ar_label("الجزيرة")
    assert out != "الجزيرة"
    assert all(_is_presentation(ch) for ch in out)


def test_native_returns_logical_string():
    for s in ["الجزيرة", "قناة RT العربية", "أستانا 5", "2017 / ٢٠١٧", "(عربي)"]:
        assert ar_label(s, shaping="native") == s


def test_native_rlm_for_latin_first_mostly_arabic():
    assert ar_label("RT العربية", shaping="native") == RLM + "RT العربية"
    # mostly Latin: left alone
    assert ar_label("Sputnik Arabic عربي", shaping="native") == "Sputnik Arabic عربي"
    # idempotent
    once = ar_label("RT العربية", shaping="native")
    assert ar_label(once, shaping="native") == once
    # per line
    assert ar_label("الجزيرة\nRT العربية", shaping="native") == "الجزيرة\n" + RLM + "RT العربية"


def test_reshape_gives_presentation_forms_in_visual_order():
    out = ar_label("العربية", shaping="reshape")
    assert all(_is_presentation(ch) for ch in out)
    # visual order: the last logical letter (joined teh marbuta, final form U+FE94) comes first
    assert out[0] == "\ufe94"
    # NFKC of the reversed visual string gives back the logical letters
    assert unicodedata.normalize("NFKC", out)[::-1] == "العربية"


def test_reshape_keeps_digits_and_latin_runs_in_reading_order():
    out = ar_label("قناة RT العربية", shaping="reshape")
    assert "RT" in out  # Latin run not reversed
    assert out.index("RT") > 0
    out5 = ar_label("أستانا 5", shaping="reshape")
    assert out5.startswith("5 ")  # number on the left, Arabic word to its right
    assert "2017" in ar_label("نشر 2017", shaping="reshape")


def test_reshape_keeps_harakat():
    s = "مناطقُ خفضِ"
    out = ar_label(s, shaping="reshape")
    assert "\u064f" in out and "\u0650" in out


def test_reshape_mirrors_brackets():
    out = ar_label("(عربي)", shaping="reshape")
    # visual order of an RTL run: opening bracket of the logical text is drawn on the right,
    # mirrored, so the visual string still starts with '(' and ends with ')'
    assert out[0] == "(" and out[-1] == ")"


def test_reshape_latin_first_mostly_arabic_is_rtl():
    out = ar_label("RT العربية", shaping="reshape")
    assert out.endswith("RT")  # RTL paragraph: the first logical word is drawn rightmost
    assert RLM not in out


def test_non_arabic_passes_through_both_paths():
    for shaping in ("native", "reshape", "auto"):
        assert ar_label("RT Arabic (2017)", shaping=shaping) == "RT Arabic (2017)"
        assert ar_label(3, shaping=shaping) == "3"
        assert ar_label(None, shaping=shaping) == ""
        assert ar_label(pd.NA, shaping=shaping) == ""


def test_bad_shaping_is_a_clear_error():
    with pytest.raises(ValueError, match="shaping must be one of"):
        ar_label("x", shaping="bidi")


def test_reshape_does_not_change_dataframe():
    df = pd.DataFrame({"name_ar": ["الجزيرة"]})
    ar_labels(df["name_ar"], shaping="reshape")
    assert df["name_ar"].tolist() == ["الجزيرة"]
    assert not any(_is_presentation(ch) for ch in df["name_ar"].iloc[0])


def test_wrap_label():
    assert wrap_label("قصير") == "قصير"
    wrapped = wrap_label("وكالة الأنباء الكازاخستانية الرسمية للأخبار", width=14, max_lines=2)
    assert wrapped.count("\n") == 1 and wrapped.endswith("…")
    assert wrap_label(None) == ""
    # every line is in logical order and keeps its letters
    assert _base_arabic_letters(wrap_label("سطر أول طويل جدا", width=8).replace("\n", " ")) == (
        _base_arabic_letters("سطر أول طويل جدا")
    )
