"""Tests of astana_lib.reuse.blocks: the one block plan and the pure block task."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
import scipy.sparse as sp
from sklearn.preprocessing import normalize

from astana_lib.reuse.blocks import (
    BLOCK_COLUMNS,
    COSINE,
    SHARED,
    Block,
    BlockParams,
    plan_blocks,
    prepare_block,
    search_block_pair_task,
)
from astana_lib.reuse.containment import prepare_shingles


def _inputs(seed: int = 0, n: int = 80, d: int = 60):
    rng = np.random.default_rng(seed)
    half = sp.random(n // 2, d, density=0.08, random_state=rng, format="csr")
    noise = sp.random(n - n // 2, d, density=0.01, random_state=rng, format="csr")
    X = normalize(sp.vstack([half, half[: n - n // 2] + noise]).tocsr())  # near copies
    B = sp.csr_matrix((rng.random((n // 2, 80)) < 0.06).astype(np.float64))
    B = sp.vstack([B, B[: n - n // 2]]).tocsr()  # the copies share their shingles
    P = prepare_shingles(B, np.bincount(B.indices, minlength=B.shape[1]))
    n_sh = np.diff(B.indptr).astype(np.int64)
    return X, P, n_sh


def _union(X, P, n_sh, params, block_size):
    plan = plan_blocks(X.shape[0], None, block_size)

    def block(k):
        a0, a1 = plan.spans[k]
        return prepare_block(Block(X[a0:a1], P[a0:a1], n_sh[a0:a1], a0), params)

    frames = [search_block_pair_task(block(i), block(j), params, same_block=i == j)
              for i, j in plan.pairs]  # fmt: skip
    out = pd.concat(frames, ignore_index=True)
    return out.sort_values(["measure", "row", "col"], kind="stable").reset_index(drop=True)


def test_plan_lists_each_unordered_block_pair_once():
    plan = plan_blocks(10, None, 3)
    assert plan.spans == [(0, 3), (3, 6), (6, 9), (9, 10)]
    assert plan.pairs == [(i, j) for i in range(4) for j in range(i, 4)]
    assert plan.n_a_blocks == 4


def test_plan_against_another_corpus_pairs_every_a_block_with_every_b_block():
    plan = plan_blocks(4, 5, 2)
    assert plan.spans == [(0, 2), (2, 4), (0, 2), (2, 4), (4, 5)]
    assert plan.pairs == [(0, 2), (0, 3), (0, 4), (1, 2), (1, 3), (1, 4)]
    assert all(i != j for i, j in plan.pairs)  # never a diagonal block


def test_plan_of_nothing_is_empty():
    assert plan_blocks(0, None, 5).pairs == []


@pytest.mark.parametrize("method", ["prefix", "brute"])
def test_union_of_block_tasks_is_the_single_block_answer(method):
    X, P, n_sh = _inputs()
    params = BlockParams(0.5, 0.6, 3, method=method)
    whole = _union(X, P, n_sh, params, X.shape[0])
    assert (whole["measure"] == COSINE).sum() > 10 and (whole["measure"] == SHARED).sum() > 10
    for bs in (3, 16, 50):
        pd.testing.assert_frame_equal(_union(X, P, n_sh, params, bs), whole, check_exact=True)


def test_block_task_result_has_the_block_columns_and_global_row_numbers():
    X, P, n_sh = _inputs()
    params = BlockParams(0.5, None, 3)
    bi = prepare_block(Block(X[:30], P[:30], n_sh[:30], 0), params)
    bj = prepare_block(Block(X[40:], P[40:], n_sh[40:], 40), params)
    res = search_block_pair_task(bi, bj, params, same_block=False)
    assert tuple(res.columns) == BLOCK_COLUMNS
    assert len(res) and res["row"].lt(30).all() and res["col"].ge(40).all()
    assert (res["measure"] == COSINE).all()  # containment off


def test_prepare_block_adds_a_prefix_index_for_the_prefix_method_only():
    X, P, n_sh = _inputs()
    raw = Block(X, P, n_sh, 0)
    assert prepare_block(raw, BlockParams(0.5, None, 3)).prefix is not None
    assert prepare_block(raw, BlockParams(0.5, None, 3, method="brute")).prefix is None
