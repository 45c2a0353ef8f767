"""Tests for astana_lib.text.context (context rules of lexicon entries)."""

from __future__ import annotations

from astana_lib.text.context import ContextRules
from astana_lib.text.normalize import normalize_arabic


def _check(rules: ContextRules, text: str, term: str) -> str | None:
    norm = normalize_arabic(text)
    s = norm.index(normalize_arabic(term))
    return rules.excluded(norm, s, s + len(normalize_arabic(term)))


def test_following_word_with_punctuation_attached_is_still_compared():
    r = ContextRules.parse("الغربي")
    assert _check(r, "تهديد النظام الغربي، وانتقال", "النظام") == "not_followed_by: الغربي"


def test_punctuation_between_match_and_word_ends_the_context():
    r = ContextRules.parse("الغربي", "الأحزاب")
    assert _check(r, "النظام، الغربي", "النظام") is None
    assert _check(r, "الأحزاب، المعارضة", "المعارضة") is None


def test_wildcard_and_multiword_and_conjunction_on_preceding_word():
    r = ContextRules.parse("الترك*|في إيران", "الأحزاب")
    assert _check(r, "المعارضة التركية", "المعارضة") == "not_followed_by: الترك*"
    assert _check(r, "النظام في إيران", "النظام") == "not_followed_by: في إيران"
    assert _check(r, "النظام في سوريا", "النظام") is None
    assert _check(r, "والأحزاب المعارضة", "المعارضة") == "not_preceded_by: الأحزاب"


def test_empty_cells_give_no_rule():
    r = ContextRules.parse(float("nan"), "")
    assert not r
    assert _check(r, "النظام الغربي", "النظام") is None
