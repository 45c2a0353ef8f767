"""Tests of astana_lib.reuse.shingle_counts: word 3-gram counts over the texts of a corpus."""

from __future__ import annotations

import numpy as np

from astana_lib.reuse.containment import TOKEN_PATTERN
from astana_lib.reuse.shingle_counts import (
    ShingleCounts,
    count_texts,
    gather_tokens,
    shingle_positions,
)
from astana_lib.text.ngrams import shingle_keys, tokenize


def test_counts_are_distinct_texts_and_match_the_search_hash():
    texts = ["ا ب ج د", "ا ب ج ا ب ج", "ا ب ج", "ا ب ج", "ه و ز"]
    c = ShingleCounts.from_texts(texts)
    assert c.n_texts == 4  # the repeated "ا ب ج" counted once
    ids, ptr = tokenize(texts, dict(c.vocab), grow=True, pattern=TOKEN_PATTERN)
    _doc, keys, _n = shingle_keys(ids, ptr, 3)  # the search's own shingle keys
    got = dict(zip(keys.tolist(), c.lookup(keys).tolist(), strict=True))
    abc = shingle_keys(*tokenize(["ا ب ج"], dict(c.vocab), grow=True, pattern=TOKEN_PATTERN), 3)
    assert got[int(abc[1][0])] == 3  # "ا ب ج" in three distinct texts, repeats not counted
    assert c.lookup(np.array([12345], dtype=np.uint64)).tolist() == [0]


def test_count_texts_per_text_and_per_entry():
    ids = np.array([0, 1, 2, 0, 1, 2, 0, 1, 2, 3, 4, 5])
    ptr = np.array([0, 6, 9, 12])
    _pos, keys, sptr = shingle_positions(ids, ptr)
    u, per_key, per_text, per_entry = count_texts(keys, sptr)
    assert per_text.tolist() == [3, 1, 1]  # distinct 3-grams per text
    assert len(u) == 4 and sorted(per_key.tolist()) == [1, 1, 1, 2]  # "0 1 2" in two texts
    assert per_entry[sptr[1]] == 2  # text 1's "0 1 2" is also in text 0


def test_gather_tokens_and_save_load(tmp_path):
    ids, ptr = np.arange(7), np.array([0, 2, 2, 7])
    g_ids, g_ptr = gather_tokens(ids, ptr, np.array([2, 0, 1]))
    assert g_ids.tolist() == [2, 3, 4, 5, 6, 0, 1] and g_ptr.tolist() == [0, 5, 7, 7]
    c = ShingleCounts.from_texts(["وقال الوزير ان الحل", "قال الوزير ان"])
    c.save(tmp_path / "c.npz")
    d = ShingleCounts.load(tmp_path / "c.npz")
    assert d.vocab == c.vocab and d.n_texts == 2
    assert np.array_equal(d.keys, c.keys) and np.array_equal(d.counts, c.counts)


def test_empty_corpus():
    c = ShingleCounts.from_texts(["", "  ", None, "كلمة"])
    assert c.n_texts == 1 and len(c.keys) == 0
    assert c.lookup(np.array([1], dtype=np.uint64)).tolist() == [0]


def test_counts_of_a_search_equal_a_recount_of_every_distinct_text():
    """ShingleCounts.of_search: the fitted search's counts plus the rows it skipped give the
    counts the features take over every distinct text by themselves (empty text included)."""
    from astana_lib.reuse.estimator import ParagraphMatcher
    from astana_lib.reuse.features import _tokens

    arabic = ["ا ب ج د 1 2 3", "ا ب ج", "ا ب ج", "ه و ز 1 2 3 4"]
    skipped = ["1 2 3 4", "", "x y z 1 2 3"]
    m = ParagraphMatcher().fit(arabic + skipped)
    assert m.n_skipped_ == 3
    got = ShingleCounts.of_search(m, skipped)
    texts = list(dict.fromkeys(arabic + skipped))
    want = _tokens(texts, np.arange(len(texts)), None)[2]
    assert got.n_texts == want.n_texts == 6

    def per_position(c):
        ids, ptr = tokenize(texts, dict(c.vocab), grow=True, pattern=TOKEN_PATTERN)
        return c.lookup(shingle_positions(ids, ptr)[1]).tolist()

    assert per_position(got) == per_position(want)
    assert max(per_position(got)) == 4  # "1 2 3" in four distinct texts, two of them skipped


def test_tokens_of_a_search_are_the_tokens_of_a_new_pass():
    """The decision's features take the token ids the search kept (no second tokenising
    pass): the same ids and 3-gram counts per text as tokenising again with its
    vocabulary; a text the search did not tokenise gives None (features tokenise it)."""
    from astana_lib.reuse.estimator import ParagraphMatcher

    texts = ["وقال الوزير ان المحادثات مثمره", "قال الوزير", "ا ب ج د ه"]
    m = ParagraphMatcher().fit(texts)
    c = ShingleCounts.of_search(m)
    ids, ptr, n_sh = c.tokens_of([texts[2], texts[0]])
    want_ids, want_ptr = tokenize([texts[2], texts[0]], dict(c.vocab), grow=True,
                                  pattern=TOKEN_PATTERN)  # fmt: skip
    assert ids.tolist() == want_ids.tolist() and ptr.tolist() == want_ptr.tolist()
    assert n_sh.tolist() == [3, 3]
    assert c.tokens_of(["نص لم يبحث"]) is None
    assert ShingleCounts.from_texts(texts).tokens_of(texts) is None
