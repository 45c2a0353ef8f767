"""Tests of astana_lib.reuse.allpairs: exact all-pairs cosine search over row blocks."""

from __future__ import annotations

import numpy as np
import pytest
import scipy.sparse as sp
from sklearn.preprocessing import normalize

from astana_lib.reuse.allpairs import (
    all_pairs,
    block_spans,
    prefix_split,
    rare_first,
    reorder_columns,
    rowwise_dot,
    search_block_pair,
)


def _matrix(seed: int = 0, n: int = 600, d: int = 400) -> sp.csr_matrix:
    """Random sparse rows plus exact copies and lightly edited copies (known pairs)."""
    rng = np.random.default_rng(seed)
    base = sp.random(n, d, density=0.02, random_state=rng, format="csr")
    noise = sp.random(80, d, density=0.004, random_state=rng, format="csr")
    X = sp.vstack([base, base[:50] * 2.0, base[50:130] + noise]).tocsr()
    X = normalize(X)
    df = np.diff(X.tocsc().indptr)
    return reorder_columns(X, rare_first(df))


def _brute(X, t):
    S = (X @ X.T).toarray()
    r, c = np.nonzero(np.triu(S, 1) >= t - 1e-9)
    return set(zip(r.tolist(), c.tolist(), strict=True))


@pytest.mark.parametrize("threshold", [0.2, 0.5, 0.8, 1.0])
def test_methods_and_block_sizes_agree_exactly(threshold):
    X = _matrix()
    ref = all_pairs(X, threshold=threshold, method="brute", block_size=10_000)
    assert len(ref[0]) > 0
    for method, bs in [("prefix", None), ("prefix", 97), ("topn", 200), ("brute", 333)]:
        got = all_pairs(X, threshold=threshold, method=method, block_size=bs)
        for a, b in zip(ref, got, strict=True):
            np.testing.assert_array_equal(a, b)  # same pairs AND bit-identical scores


def test_matches_dense_reference_and_keeps_identical_rows():
    X = _matrix(seed=3)
    r, c, _ = all_pairs(X, threshold=0.9)
    assert set(zip(r.tolist(), c.tolist(), strict=True)) == _brute(X, 0.9)
    assert np.all(r < c)
    # the 50 rescaled copies are identical after l2 normalisation: found even at t = 1.0
    r1, c1, _ = all_pairs(X, threshold=1.0)
    found = set(zip(r1.tolist(), c1.tolist(), strict=True))
    assert all((i, 600 + i) in found for i in range(50))


def test_block_union_equals_single_block():
    X = _matrix(seed=5)
    ref = search_block_pair(X, X, offset_i=0, offset_j=0, threshold=0.6, same_block=True)
    spans = block_spans(X.shape[0], 128)
    parts = []
    for i, (a0, a1) in enumerate(spans):
        for b0, b1 in spans[i:]:
            parts.append(
                search_block_pair(
                    X[a0:a1],
                    X[b0:b1],
                    offset_i=a0,
                    offset_j=b0,
                    threshold=0.6,
                    same_block=a0 == b0,
                )
            )
    r = np.concatenate([p[0] for p in parts])
    c = np.concatenate([p[1] for p in parts])
    s = np.concatenate([p[2] for p in parts])
    order = np.lexsort((c, r))
    np.testing.assert_array_equal(ref[0], r[order])
    np.testing.assert_array_equal(ref[1], c[order])
    np.testing.assert_array_equal(ref[2], s[order])


def test_prefix_suffix_norm_below_threshold():
    X = _matrix(seed=7)
    for t in (0.3, 0.7, 0.95):
        P, s, boundary = prefix_split(X, t)
        assert np.all(s < t)
        rest = X - P
        np.testing.assert_allclose(np.sqrt(np.asarray(rest.multiply(rest).sum(1)).ravel()), s)
        assert P.nnz < X.nnz
        assert np.all((boundary >= 0) & (boundary <= X.shape[1]))


def test_rowwise_dot_matches_products():
    X = _matrix(seed=9)
    rows = np.array([0, 5, 600, 3])
    cols = np.array([600, 5, 0, 4])
    expected = [(X[i] @ X[j].T).toarray()[0, 0] for i, j in zip(rows, cols, strict=True)]
    np.testing.assert_allclose(rowwise_dot(X, rows, X, cols, chunk=2), expected)


def test_bad_input_clear_errors():
    X = _matrix()
    for t in (0, -0.1, 1.5):
        with pytest.raises(ValueError, match="threshold"):
            all_pairs(X, threshold=t)
    with pytest.raises(ValueError, match="method"):
        all_pairs(X, threshold=0.5, method="fast")
    with pytest.raises(TypeError, match="sparse"):
        search_block_pair(X.toarray(), X, offset_i=0, offset_j=0, threshold=0.5, same_block=False)
    with pytest.raises(ValueError, match="columns"):
        search_block_pair(X, X[:, :10], offset_i=0, offset_j=0, threshold=0.5, same_block=False)


def test_empty_and_single_row_give_empty_typed_results():
    X = _matrix()
    for M in (X[:0], X[:1], sp.csr_matrix((3, 400))):
        r, c, s = all_pairs(M, threshold=0.5)
        assert len(r) == len(c) == len(s) == 0
        assert r.dtype == np.int64 and s.dtype == np.float64
