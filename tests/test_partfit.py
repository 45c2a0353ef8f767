"""The fit of the search as a map-reduce over parts (astana_lib.reuse.partfit)."""

from __future__ import annotations

import numpy as np
import pandas as pd

from astana_lib.reuse.estimator import ParagraphMatcher
from astana_lib.reuse.partfit import (
    finalize_texts,
    finalize_tokens,
    merge_counts,
    merge_texts,
    merge_tokens,
    summarize_part,
    text_hashes,
)


def _parts(paras: pd.DataFrame, k: int) -> list[pd.DataFrame]:
    codes = pd.factorize(paras["article_id"])[0]
    return [paras[np.isin(codes, c)] for c in np.array_split(np.arange(codes.max() + 1), k)]


def test_text_hashes_are_stable_not_salted():
    # fixed bytes: the same key in every process (Python's hash() of str is salted)
    h1, h2 = text_hashes(["استانا"])
    again = text_hashes(["استانا"])
    assert (int(h1[0]), int(h2[0])) == (int(again[0][0]), int(again[1][0]))
    assert h1.dtype == np.uint64 and len(set(text_hashes(["a", "b", "c"])[0].tolist())) == 3


def test_reduced_tokens_and_representatives_are_the_local_fit(seed_corpus):
    paras = seed_corpus.paragraphs
    summ = [summarize_part(p, i, require_arabic=True) for i, p in enumerate(_parts(paras, 3))]
    # reduce in another grouping than part order: the result must not depend on it
    tokens = finalize_tokens(
        merge_tokens(merge_tokens(summ[2].tokens_m, summ[0].tokens_m), summ[1].tokens_m)
    )
    texts = finalize_texts(merge_texts(summ[1].texts, merge_texts(summ[2].texts, summ[0].texts)))
    m = ParagraphMatcher().fit(paras)
    assert list(tokens.index) == list(m.token_vocabulary_)
    assert texts.n_docs == int(m._side.sizes.sum())
    assert sum(texts.reps_per_part.values()) == m._side.n_unique
    info = texts.lookup(*text_hashes(list(m._side.uniq)))
    assert info["rep"].tolist() == list(range(m._side.n_unique))
    assert info["count"].tolist() == m._side.sizes.tolist()


def test_merge_counts_is_associative():
    a = (np.array([1, 5, 9]), np.array([1, 2, 3]))
    b = (np.array([5, 7]), np.array([10, 20]))
    c = (np.array([9, 1]), np.array([100, 200]))
    left = merge_counts(merge_counts(a, b), c)
    right = merge_counts(a, merge_counts(c, b))
    assert [x.tolist() for x in left] == [x.tolist() for x in right]
    assert left[0].tolist() == [1, 5, 7, 9] and left[1].tolist() == [201, 12, 20, 103]


def test_text_lookup_steps_over_a_shared_first_half():
    # two texts whose first 64 bits collide: the second half tells them apart
    from astana_lib.reuse.partfit import TextTable

    t = pd.DataFrame({"h1": np.array([5, 5, 9], np.uint64), "h2": np.array([1, 7, 2], np.uint64),
                      "rep": [0, 1, 2]})  # fmt: skip
    got = TextTable(t).lookup(np.array([5, 9, 5], np.uint64), np.array([7, 2, 1], np.uint64))
    assert got["rep"].tolist() == [1, 2, 0]
