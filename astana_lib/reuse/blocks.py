"""The block task of the near-duplicate search, and the one list of its block pairs.

The search over ``n`` distinct texts is the union of independent *block pairs*: the
representatives are cut into row blocks (:func:`plan_blocks`), and one pure task
(:func:`search_block_pair_task`) finds every pair of one block pair — cosine
(:func:`astana_lib.reuse.cosine.search_block_pair`) and shingle containment
(:func:`astana_lib.reuse.containment.containment_block_pair`). The union over block
pairs ``i <= j`` equals the single-block answer exactly, so where the tasks run (in this
process, on Dask workers; :mod:`astana_lib.backends.executor`) never changes the result.

A task's inputs are two :class:`Block` s and the :class:`BlockParams`; its output is one
:data:`BLOCK_COLUMNS` DataFrame (spillable as Parquet), merged by
:func:`astana_lib.reuse.merge.merge_block_results`.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import NamedTuple

import numpy as np
import pandas as pd
import scipy.sparse as sp

from astana_lib.reuse.containment import containment_block_pair
from astana_lib.reuse.cosine import PrefixIndex, prefix_index, search_block_pair

__all__ = [
    "BLOCK_COLUMNS",
    "COSINE",
    "SHARED",
    "Block",
    "BlockParams",
    "BlockPlan",
    "block_spans",
    "plan_blocks",
    "prepare_block",
    "row_block",
    "search_block_pair_task",
]

#: Columns of one block-pair result (and of its spill file).
BLOCK_COLUMNS = ("row", "col", "measure", "value")
#: ``measure`` codes in block results: a cosine score, or a count of shared shingles.
COSINE, SHARED = 0, 1


def block_spans(n: int, block_size: int) -> list[tuple[int, int]]:
    """Split ``range(n)`` into consecutive ``(start, stop)`` blocks.

    Examples
    --------
    >>> block_spans(5, 2)
    [(0, 2), (2, 4), (4, 5)]
    >>> block_spans(0, 2)
    []
    """
    if block_size < 1:
        raise ValueError(f"block_size must be >= 1, got {block_size}")
    return [(s, min(s + block_size, n)) for s in range(0, n, block_size)]


def row_block(X: sp.csr_matrix, start: int, stop: int) -> sp.csr_matrix:
    """Rows ``start:stop`` of a CSR matrix without copying its data (views of its arrays).

    A block cut this way costs only its row pointers, so an executor can keep every
    block of a large matrix at hand; pickling it (to send it to a worker) writes only
    its own rows.

    Examples
    --------
    >>> X = sp.csr_matrix(np.array([[1.0, 0.0], [0.0, 2.0], [3.0, 4.0]]))
    >>> B = row_block(X, 1, 3)
    >>> B.toarray().tolist(), np.shares_memory(B.data, X.data)
    ([[0.0, 2.0], [3.0, 4.0]], True)
    """
    lo, hi = X.indptr[start], X.indptr[stop]
    indptr = X.indptr[start : stop + 1] - lo
    B = sp.csr_matrix((X.data[lo:hi], X.indices[lo:hi], indptr), shape=(stop - start, X.shape[1]))
    B.has_sorted_indices = X.has_sorted_indices
    return B


class Block(NamedTuple):
    """One row block of a side of the search.

    ``X``: TF-IDF rows (global vocabulary, rare-first columns); ``P``: prepared shingle
    rows (:func:`~astana_lib.reuse.containment.prepare_shingles`, global df); ``n_shingles``:
    shingle count per row; ``offset``: row number of the first row in its side;
    ``prefix``: its prefix index (:func:`prepare_block`), or None.
    """

    X: sp.csr_matrix
    P: sp.csr_matrix
    n_shingles: np.ndarray
    offset: int
    prefix: PrefixIndex | None = None


@dataclass(frozen=True)
class BlockParams:
    """What a block task needs besides its two blocks (all plain values: picklable)."""

    threshold: float
    containment_threshold: float | None
    min_shingles: int
    method: str = "prefix"
    n_threads: int = 1


class BlockPlan(NamedTuple):
    """Row spans of every block (side a's blocks first, then side b's) and the pairs.

    ``pairs`` lists ``(i, j)`` block numbers: ``i <= j`` within one side when searching
    a corpus against itself, every (a block, b block) otherwise. A pair with ``i == j``
    is a diagonal block (only pairs ``row < col`` inside it).
    """

    spans: list[tuple[int, int]]
    n_a_blocks: int
    pairs: list[tuple[int, int]]


def plan_blocks(n_a: int, n_b: int | None, block_size: int) -> BlockPlan:
    """The block pairs of a search of ``n_a`` texts against themselves (``n_b`` None)
    or against ``n_b`` other texts.

    Examples
    --------
    >>> plan_blocks(3, None, 2).pairs
    [(0, 0), (0, 1), (1, 1)]
    >>> p = plan_blocks(3, 2, 2)
    >>> p.spans, p.pairs
    ([(0, 2), (2, 3), (0, 2)], [(0, 2), (1, 2)])
    """
    spans_a = block_spans(n_a, int(block_size))
    k = len(spans_a)
    if n_b is None:
        return BlockPlan(spans_a, k, [(i, j) for i in range(k) for j in range(i, k)])
    spans_b = block_spans(n_b, int(block_size))
    pairs = [(i, k + j) for i in range(k) for j in range(len(spans_b))]
    return BlockPlan(spans_a + spans_b, k, pairs)


def prepare_block(block: Block, params: BlockParams) -> Block:
    """Add the block's prefix index (once per block, not once per block pair)."""
    if params.method != "prefix" or block.X.nnz == 0 or block.prefix is not None:
        return block
    return block._replace(prefix=prefix_index(block.X, params.threshold))


def search_block_pair_task(
    block_i: Block, block_j: Block, params: BlockParams, *, same_block: bool
) -> pd.DataFrame:
    """Every candidate pair of one block pair: cosine >= threshold, or containment.

    A pure function of its inputs (the task every executor runs). Rows are global row
    numbers of each side (``offset`` added); ``measure`` says whether ``value`` is a
    cosine (:data:`COSINE`) or a number of shared shingles (:data:`SHARED`).

    Examples
    --------
    >>> X = sp.csr_matrix(np.array([[1.0, 0.0], [0.6, 0.8], [1.0, 0.0]]))
    >>> P = sp.csr_matrix((3, 1))
    >>> b = prepare_block(Block(X, P, np.zeros(3, np.int64), 0), BlockParams(0.9, None, 5))
    >>> search_block_pair_task(b, b, BlockParams(0.9, None, 5), same_block=True).to_numpy().tolist()
    [[0.0, 2.0, 0.0, 1.0]]
    """
    bj = block_i if same_block else block_j
    r1, c1, s1 = search_block_pair(
        block_i.X,
        bj.X,
        offset_i=block_i.offset,
        offset_j=bj.offset,
        threshold=params.threshold,
        same_block=same_block,
        method=params.method,  # type: ignore[arg-type]
        n_threads=params.n_threads,
        prefix_i=block_i.prefix,
        prefix_j=bj.prefix,
    )
    if params.containment_threshold is None:
        r2 = c2 = k2 = np.empty(0, np.int64)
    else:
        r2, c2, k2 = containment_block_pair(
            block_i.P,
            bj.P,
            n_i=block_i.n_shingles,
            n_j=bj.n_shingles,
            offset_i=block_i.offset,
            offset_j=bj.offset,
            threshold=params.containment_threshold,
            same_block=same_block,
            min_shingles=params.min_shingles,
        )
    return pd.DataFrame(
        {
            "row": np.concatenate((r1, r2)).astype(np.int64),
            "col": np.concatenate((c1, c2)).astype(np.int64),
            "measure": np.concatenate(
                (np.full(len(r1), COSINE, np.int8), np.full(len(r2), SHARED, np.int8))
            ),
            "value": np.concatenate((s1, k2.astype(np.float64))),
        }
    )
