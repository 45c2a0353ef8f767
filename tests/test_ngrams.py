"""Tests of astana_lib.text.ngrams: integer-id n-gram counts equal CountVectorizer's."""

from __future__ import annotations

import numpy as np
import pytest
from sklearn.feature_extraction.text import CountVectorizer
from test_reuse import seed_paragraphs

from astana_lib.reuse.containment import TOKEN_PATTERN
from astana_lib.text.ngrams import NgramIndex, shingle_keys, tokenize


@pytest.fixture(scope="module")
def norms():
    return seed_paragraphs()["norm"].dropna().tolist()


@pytest.mark.parametrize("ngram_range", [(1, 1), (1, 2), (2, 3), (1, 3)])
def test_counts_equal_countvectorizer(norms, ngram_range):
    fit, query = norms[:50], [*norms[50:], "كلمات جديدة تماما لم ترد", ""]
    vocab: dict[str, int] = {}
    ids, ptr = tokenize(fit, vocab, grow=True, pattern=TOKEN_PATTERN)
    idx = NgramIndex(ngram_range).fit(ids, ptr, len(vocab))
    names = idx.feature_names(list(vocab))
    assert len(set(names)) == len(names)
    ref = CountVectorizer(token_pattern=TOKEN_PATTERN, ngram_range=ngram_range, lowercase=False)
    ref.fit(fit)
    assert set(names) == set(ref.vocabulary_)
    cv = CountVectorizer(
        token_pattern=TOKEN_PATTERN,
        ngram_range=ngram_range,
        lowercase=False,
        vocabulary={n: i for i, n in enumerate(names)},
    )
    assert abs(idx.counts(ids, ptr) - cv.transform(fit)).max() == 0
    q_ids, q_ptr = tokenize(query, dict(vocab), grow=True, pattern=TOKEN_PATTERN)
    assert abs(idx.counts(q_ids, q_ptr) - cv.transform(query)).max() == 0


def test_shingle_keys_distinct_per_text_and_shared_across_texts():
    vocab: dict[str, int] = {}
    texts = ["ا ب ج ا ب ج", "ا ب ج د", "د"]
    ids, ptr = tokenize(texts, vocab, grow=True, pattern=TOKEN_PATTERN)
    doc, keys, n = shingle_keys(ids, ptr, 3)
    assert n.tolist() == [3, 2, 0]  # (ا ب ج) twice in text 0 counts once
    k0, k1 = set(keys[doc == 0].tolist()), set(keys[doc == 1].tolist())
    assert len(k0 & k1) == 1
    assert keys.dtype == np.uint64


def test_shingle_keys_order_is_lexsort_order_with_hash_ties():
    """_doc_key_order sorts on one key (text, top 40 hash bits) and fixes ties on the full
    hash: the same (doc, key) sequence as lexsort, also when top bits collide."""
    from astana_lib.text.ngrams import _doc_key_order

    rng = np.random.default_rng(0)
    doc = np.sort(rng.integers(0, 50, 5000))
    top = rng.integers(0, 4, 5000).astype(np.uint64) << np.uint64(40)  # many top-bit ties
    h = top | rng.integers(0, 2**24, 5000).astype(np.uint64)
    h[::7] = h[0]  # repeated keys as well
    o, ref = _doc_key_order(doc, h), np.lexsort((h, doc))
    assert np.array_equal(doc[o], doc[ref]) and np.array_equal(h[o], h[ref])
