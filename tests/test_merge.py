"""Tests of astana_lib.reuse.merge: the one merge of block results."""

from __future__ import annotations

import numpy as np
import pandas as pd
import scipy.sparse as sp

from astana_lib.reuse.blocks import COSINE, SHARED
from astana_lib.reuse.merge import merge_block_results

X = sp.csr_matrix(np.array([[1.0, 0.0], [0.6, 0.8], [1.0, 0.0], [0.0, 1.0]]))
P = sp.csr_matrix(np.array([[1.0, 1.0], [0.0, 1.0], [1.0, 0.0], [0.0, 1.0]]))


def _res(rows):
    r, c, m, v = zip(*rows, strict=True) if rows else ((), (), (), ())
    return pd.DataFrame({"row": r, "col": c, "measure": m, "value": v})


def test_block_order_does_not_change_the_merge():
    a = _res([(0, 2, COSINE, 1.0), (1, 3, COSINE, 0.8)])
    b = _res([(0, 1, SHARED, 1.0), (0, 2, SHARED, 1.0)])
    one = merge_block_results([a, b], X, X, P, P)
    two = merge_block_results([b, a], X, X, P, P)
    for x, y in zip(one, two, strict=True):
        np.testing.assert_array_equal(x, y)
    u, v, cosine, shared = one
    assert list(zip(u.tolist(), v.tolist(), strict=True)) == [(0, 1), (0, 2), (1, 3)]
    # (0, 1) was found by containment only: its cosine is computed, (0, 2) keeps its score
    np.testing.assert_allclose(cosine, [0.6, 1.0, 0.8])
    assert shared.tolist() == [1, 1, 1]


def test_no_block_result_gives_no_pair():
    u, v, cosine, shared = merge_block_results([], X, X, P, P)
    assert len(u) == len(v) == len(cosine) == len(shared) == 0
