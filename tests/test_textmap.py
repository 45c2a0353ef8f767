"""Normalised → original offsets (issue 13: linear in the paragraph, whatever the mentions)."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from astana_lib.text.normalize import normalize_arabic
from astana_lib.text.offsets import OffsetMap, _fast_offsets, _slow_offsets, norm_offsets

PIECES = [
    "أ",
    "ستانا",
    " ",
    "\u00a0",
    "\u200f",
    "ـ",
    "ً",
    "RT",
    "ة",
    "\n",
    "٥",
    "ﻻ",
    "İ",
    "ﷺ",
    "x",
    "  ",
]


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(PIECES), max_size=30).map("".join) | st.text(max_size=40))
def test_fast_offsets_equal_the_character_loop(text):
    fast = _fast_offsets(text)
    slow = _slow_offsets(text)
    if fast is not False:
        assert fast[0] == slow[0] and list(fast[1]) == slow[1]
    mapped = norm_offsets(text)
    if mapped is not None:
        norm, pos = mapped
        assert norm == normalize_arabic(text) and len(pos) == len(norm)


def test_offset_map_maps_each_mention_of_a_long_paragraph():
    text = "نقلت وكالة سبوتنيك  عن الوفد. " * 20_000
    norm = normalize_arabic(text)
    m = OffsetMap(text)
    last = norm.rfind("وكاله سبوتنيك")
    assert m.original(last, last + len("وكاله سبوتنيك")) == "وكالة سبوتنيك"
    assert isinstance(m.span(last, last + 1)[0], int)
