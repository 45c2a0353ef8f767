"""The block-pair search of representatives, run on any executor.

:func:`search_candidates` is the one search engine: it cuts the representatives into
blocks (:func:`astana_lib.reuse.blocks.plan_blocks`), has an executor
(:mod:`astana_lib.backends.executor`) run the pure block task on every block pair and
merges the results (:func:`astana_lib.reuse.merge.merge_block_results`). The local and
the Dask search differ only in the executor they pass.
"""

from __future__ import annotations

import functools
import logging
import time
from collections.abc import Callable

import numpy as np
import scipy.sparse as sp

from astana_lib.backends.executor import Executor
from astana_lib.reuse.blocks import (
    Block,
    BlockParams,
    plan_blocks,
    prepare_block,
    row_block,
    search_block_pair_task,
)
from astana_lib.reuse.containment import prepare_shingles
from astana_lib.reuse.merge import merge_block_results

__all__ = ["search_candidates"]

logger = logging.getLogger("astana_lib.reuse.matcher")


def _warn_if_large(Xa, Xb, Pa, Pb, same: bool) -> None:
    est = (Xa.nnz + (0 if same else Xb.nnz)) * 12 * 4 + (Pa.nnz + (0 if same else Pb.nnz)) * 8 * 4
    if est > 500e6:
        logger.warning(
            "large search: %d x %d texts, estimated working memory ~%.1f GB before "
            "candidates (more at low thresholds)",
            Xa.shape[0],
            Xb.shape[0],
            est / 1e9,
        )


def search_candidates(
    Xa: sp.csr_matrix,
    Ba: sp.csr_matrix,
    na: np.ndarray,
    Xb: sp.csr_matrix | None,
    Bb: sp.csr_matrix | None,
    nb: np.ndarray | None,
    shingle_df: np.ndarray,
    *,
    params: BlockParams,
    block_size: int,
    executor: Executor,
    run_key: Callable[[], tuple] = tuple,
) -> tuple:
    """Candidate pairs of representatives by cosine and containment, block pair by block pair.

    Parameters
    ----------
    Xa, Ba, na
        TF-IDF rows (rare-first columns), raw shingle rows and shingle counts of side a.
    Xb, Bb, nb
        The same for side b, or all None to search side a against itself.
    shingle_df
        Global shingle document frequencies (:func:`~astana_lib.reuse.containment.prepare_shingles`).
    params, block_size, executor, run_key
        The block task's parameters, rows per block, where tasks run, and what
        identifies the run (for spill files).

    Returns
    -------
    tuple
        ``(u, v, cosine, shared, n_u, n_v)``: representative pairs sorted by ``(u, v)``
        (``u < v`` against itself), their cosine, shared shingle counts, and the shingle
        counts of each side.
    """
    same = Xb is None
    Pa = prepare_shingles(Ba, shingle_df)
    if same:
        Xb, Pb, nb = Xa, Pa, na
    else:
        Pb = prepare_shingles(Bb, shingle_df)
    plan = plan_blocks(Xa.shape[0], None if same else Xb.shape[0], block_size)
    _warn_if_large(Xa, Xb, Pa, Pb, same)
    sides = ((Xa, Pa, na), (Xb, Pb, nb))

    def block(k: int) -> Block:
        X, P, n = sides[0 if k < plan.n_a_blocks else 1]
        a0, a1 = plan.spans[k]
        return Block(row_block(X, a0, a1), row_block(P, a0, a1), n[a0:a1], a0)

    executor.record("block_spans", [list(s) for s in plan.spans])
    results = executor.run_block_pairs(
        block,
        plan.pairs,
        prepare=functools.partial(prepare_block, params=params),
        task=functools.partial(search_block_pair_task, params=params),
        run_key=lambda: (*run_key(), params, int(block_size)),
        desc="near-duplicate blocks",
    )
    t0 = time.perf_counter()
    u, v, cosine, shared = merge_block_results(results, Xa, Xb, Pa, Pb)
    executor.record("merge_seconds", time.perf_counter() - t0)
    return u, v, cosine, shared, na, nb
