"""Exact all-pairs cosine search over a whole matrix, block pair by block pair.

:func:`all_pairs` runs the block task of the near-duplicate search
(:func:`astana_lib.reuse.blocks.search_block_pair_task`, cosine only) over the block pairs
of :func:`astana_lib.reuse.blocks.plan_blocks` on an executor (in this process by
default). The kernels — prefix filtering with an L2 bound, ``sparse_dot_topn``, brute
force, and the one verification routine :func:`rowwise_dot` — live in
:mod:`astana_lib.reuse.cosine` and are importable from here as before.
"""

from __future__ import annotations

import functools
from collections.abc import Iterator

import numpy as np
import scipy.sparse as sp

from astana_lib._checks import check_choice, check_fraction
from astana_lib.backends.executor import Executor, LocalExecutor
from astana_lib.reuse.blocks import (
    Block,
    BlockParams,
    block_spans,
    plan_blocks,
    prepare_block,
    row_block,
    search_block_pair_task,
)
from astana_lib.reuse.constants import default_block_size
from astana_lib.reuse.cosine import (
    CANDIDATE_MARGIN,
    METHODS,
    SCORE_TOLERANCE,
    Method,
    PrefixIndex,
    as_csr,
    prefix_index,
    prefix_split,
    rare_first,
    reorder_columns,
    rowwise_dot,
    search_block_pair,
)

__all__ = [
    "CANDIDATE_MARGIN",
    "SCORE_TOLERANCE",
    "PrefixIndex",
    "all_pairs",
    "block_spans",
    "iter_block_pairs",
    "prefix_index",
    "prefix_split",
    "rare_first",
    "reorder_columns",
    "rowwise_dot",
    "search_block_pair",
]


def iter_block_pairs(n: int, block_size: int) -> Iterator[tuple[tuple[int, int], tuple[int, int]]]:
    """Yield the block pairs ``(span_i, span_j)`` with ``i <= j`` covering ``n`` rows.

    The row spans of :func:`~astana_lib.reuse.blocks.plan_blocks` (the one list of block
    pairs of every search).

    Examples
    --------
    >>> list(iter_block_pairs(3, 2))
    [((0, 2), (0, 2)), ((0, 2), (2, 3)), ((2, 3), (2, 3))]
    """
    plan = plan_blocks(n, None, block_size)
    for i, j in plan.pairs:
        yield plan.spans[i], plan.spans[j]


def all_pairs(
    X: sp.spmatrix,
    *,
    threshold: float,
    method: Method = "prefix",
    block_size: int | None = None,
    progress: bool = False,
    n_threads: int = 2,
    executor: Executor | None = None,
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """All pairs of rows of ``X`` with cosine ``>= threshold``, block pair by block pair.

    Parameters
    ----------
    X : sparse matrix
        L2-normalised rows (columns rare-first for ``method="prefix"``).
    threshold : float in (0, 1]
    method : {"prefix", "topn", "brute"}
    block_size : int, optional
        Rows per block; default :data:`~astana_lib.reuse.constants.DEFAULT_BLOCK_SIZE`
        (50,000 for ``prefix``, bounding the memory of each candidate product; 20,000
        for ``topn`` and ``brute``).
    progress : bool
        Show a tqdm bar over block pairs (with the default executor).
    n_threads : int, default 2
        Threads for ``method="topn"``.
    executor : Executor, optional
        Where block pairs run (default: this process,
        :class:`~astana_lib.backends.executor.LocalExecutor`).

    Returns
    -------
    rows, cols, scores : ndarray
        ``rows < cols``, sorted by (row, col).

    Examples
    --------
    >>> X = sp.csr_matrix(np.array([[1.0, 0.0], [0.6, 0.8], [1.0, 0.0]]))
    >>> r, c, s = all_pairs(X, threshold=0.9, block_size=1)
    >>> r.tolist(), c.tolist(), s.tolist()
    ([0], [2], [1.0])
    """
    threshold = check_fraction("threshold", threshold)
    check_choice("method", method, METHODS)
    X = as_csr(X, "X")
    if block_size is None:
        block_size = default_block_size(method)
    plan = plan_blocks(X.shape[0], None, block_size)
    params = BlockParams(threshold, None, 1, method=method, n_threads=int(n_threads))

    def block(k: int) -> Block:
        a0, a1 = plan.spans[k]
        return Block(row_block(X, a0, a1), None, None, a0)  # type: ignore[arg-type]

    executor = LocalExecutor(progress=progress) if executor is None else executor
    results = executor.run_block_pairs(
        block,
        plan.pairs,
        prepare=functools.partial(prepare_block, params=params),
        task=functools.partial(search_block_pair_task, params=params),
        run_key=lambda: (X.shape, X.nnz, params, block_size),
        desc="cosine blocks",
    )
    if not results:
        return np.empty(0, np.int64), np.empty(0, np.int64), np.empty(0, np.float64)
    r = np.concatenate([res["row"].to_numpy(np.int64) for res in results])
    c = np.concatenate([res["col"].to_numpy(np.int64) for res in results])
    s = np.concatenate([res["value"].to_numpy(np.float64) for res in results])
    order = np.lexsort((c, r))
    return r[order], c[order], s[order]
