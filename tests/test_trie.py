"""Tests of astana_lib.text.trie: one regex for many literal terms."""

from __future__ import annotations

import re

from hypothesis import given, settings
from hypothesis import strategies as st

from astana_lib.text.trie import trie_pattern

WORDS = st.lists(st.text(alphabet="ابتسا .(", min_size=1, max_size=5), min_size=1, max_size=8)


@settings(max_examples=300, deadline=None)
@given(WORDS, st.text(alphabet="ابتسا .(", max_size=30))
def test_trie_matches_like_a_longest_first_alternation(words, text):
    flat = "|".join(re.escape(w) for w in sorted(set(words), key=lambda w: (-len(w), w)))
    want = [m.span() for m in re.finditer(f"(?:{flat})", text)]
    got = [m.span() for m in re.finditer(f"(?:{trie_pattern(words)})", text)]
    assert got == want


def test_longest_term_wins_and_backs_off_to_a_word_boundary():
    rx = re.compile(rf"(?:{trie_pattern(['روس', 'روسيا', 'روسيا اليوم'])})(?!\w)")
    assert [m.group() for m in rx.finditer("روسيا اليوم وروسيا وروس وروسي")] == [
        "روسيا اليوم",
        "روسيا",
        "روس",
    ]


def test_metacharacters_are_literal_and_no_term_is_the_empty_pattern():
    assert re.fullmatch(trie_pattern(["a.c", "(x)"]), "a.c")
    assert not re.fullmatch(trie_pattern(["a.c"]), "abc")
    assert trie_pattern([]) == ""
