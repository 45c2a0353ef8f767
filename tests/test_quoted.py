"""Tests of astana_lib.reuse.quoted: which tokens of a paragraph are inside quotation marks."""

from __future__ import annotations

from astana_lib.reuse.containment import TOKEN_PATTERN
from astana_lib.reuse.quoted import MIN_PAREN_TOKENS, quoted_token_mask
from astana_lib.text.ngrams import tokenize
from astana_lib.text.normalize import normalize_arabic


def _mask(text: str) -> list[int]:
    t = [normalize_arabic(text)]
    _ids, ptr = tokenize(t, {}, grow=True, pattern=TOKEN_PATTERN)
    return quoted_token_mask(t, ptr, TOKEN_PATTERN).astype(int).tolist()


def test_guillemets_straight_and_curly_quotes():
    assert _mask("وقال الوزير إن «الحل سياسي» اليوم") == [0, 0, 0, 1, 1, 0]
    assert _mask('وقال إن "الحل سياسي" و“لا بديل” عنه') == [0, 0, 1, 1, 0, 1, 1, 0]


def test_a_quote_left_open_runs_to_the_end_of_the_paragraph():
    # long quotes are often cut at the paragraph end without their closing mark
    assert _mask("مشيرا إلى أن “رئاسة الأهلي فخر واعتزاز") == [0, 0, 0, 1, 1, 1, 1]


def test_quran_braces_and_long_parentheses_are_quotes_short_ones_are_not():
    assert _mask("قال تعالى {ومن يقتل مؤمنا متعمدا}") == [0, 0, 1, 1, 1, 1]
    verse = " ".join(["كلمة"] * MIN_PAREN_TOKENS)
    assert _mask(f"قال تعالى ({verse})") == [0, 0] + [1] * MIN_PAREN_TOKENS
    assert _mask("الرياض (واس) أعلن الوزير (الخميس) أن") == [0] * 6


def test_texts_without_marks_and_empty_texts():
    t = ["", "لا اقتباس هنا", '"']
    _ids, ptr = tokenize(t, {}, grow=True, pattern=TOKEN_PATTERN)
    assert quoted_token_mask(t, ptr, TOKEN_PATTERN).tolist() == [False] * 3
