"""Tests of astana_lib.text.speech: which speech verb governs a name."""

from __future__ import annotations

import pytest

from astana_lib.text.normalize import normalize_arabic
from astana_lib.text.speech import SPEECH_VERBS, speech_spans


def _verb(text: str, name: str, window: int = 10) -> str | None:
    norm = normalize_arabic(text)
    s = norm.index(normalize_arabic(name))
    span = speech_spans(norm, [(s, s + len(normalize_arabic(name)))], window=window)[0]
    return None if span is None else norm[span[0] : span[1]]


@pytest.mark.parametrize(
    ("text", "verb"),
    [
        ("وقال لافرنتييف إن الجولة", "وقال"),
        ("وقال مدير قسم آسيا لافرنتييف إن", "وقال"),
        ("نقلت سبوتنيك عن لافرنتييف قوله", "قوله"),
        ("لافرنتييف أكد أن", "اكد"),
        ("لافرنتييف: الجولة المقبلة", ":"),
        ("وبحسب لافرنتييف فإن", "وبحسب"),
        ("قال إن لافرنتييف سيحضر", None),  # complementiser: not his words
        ("قال: لافرنتييف سيحضر", None),  # the colon opens someone else's quotation
        ("تحدث مع لافرنتييف", None),
    ],
)
def test_speech_verb_of_a_name(text, verb):
    assert _verb(text, "لافرنتييف") == verb


def test_window_counts_the_words_in_between():
    text = "وقال في مؤتمر صحفي عقده اليوم في العاصمة لافرنتييف إن"
    assert _verb(text, "لافرنتييف", window=10) == "وقال"
    assert _verb(text, "لافرنتييف", window=3) is None


def test_speech_verbs_are_normalised():
    assert all(v == normalize_arabic(v) for v in SPEECH_VERBS)
