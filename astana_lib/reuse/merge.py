"""The one merge of block results into representative-level candidate pairs.

Every executor hands the block-pair results (:func:`astana_lib.reuse.blocks.search_block_pair_task`,
in the order of the plan's pairs) to :func:`merge_block_results`, so the local and the
distributed search build their candidates with the same code.
"""

from __future__ import annotations

from collections.abc import Iterable

import numpy as np
import pandas as pd
import scipy.sparse as sp

from astana_lib.reuse.blocks import BLOCK_COLUMNS, COSINE
from astana_lib.reuse.containment import shared_counts
from astana_lib.reuse.cosine import rowwise_dot

__all__ = ["merge_block_results"]


def merge_block_results(
    results: Iterable[pd.DataFrame],
    Xa: sp.csr_matrix,
    Xb: sp.csr_matrix,
    Pa: sp.csr_matrix,
    Pb: sp.csr_matrix,
) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """Union of block results → ``(u, v, cosine, shared)`` sorted by ``(u, v)``.

    Cosine pairs keep the score of their block; pairs found by containment only get
    their cosine from :func:`~astana_lib.reuse.cosine.rowwise_dot`; every pair gets
    its number of shared shingles (:func:`~astana_lib.reuse.containment.shared_counts`).
    ``Xb``/``Pb`` are ``Xa``/``Pa`` for a search of a corpus against itself.

    Examples
    --------
    >>> X = sp.csr_matrix(np.array([[1.0, 0.0], [0.6, 0.8], [1.0, 0.0]]))
    >>> P = sp.csr_matrix(np.array([[1.0], [0.0], [1.0]]))
    >>> res = pd.DataFrame({"row": [0, 0], "col": [2, 1], "measure": [0, 1], "value": [1.0, 0.0]})
    >>> [a.tolist() for a in merge_block_results([res], X, X, P, P)]
    [[0, 0], [1, 2], [0.6, 1.0], [0, 1]]
    """
    frames = list(results)
    allres = (
        pd.concat(frames, ignore_index=True)
        if frames
        else pd.DataFrame({c: [] for c in BLOCK_COLUMNS})
    )
    del frames
    meas = allres["measure"].to_numpy()
    rows = allres["row"].to_numpy(dtype=np.int64)
    cols = allres["col"].to_numpy(dtype=np.int64)
    vals = allres["value"].to_numpy(dtype=np.float64)
    del allres
    is_cos = meas == COSINE
    cr, cc, cs = rows[is_cos], cols[is_cos], vals[is_cos]
    kr, kc = rows[~is_cos], cols[~is_cos]
    nbig = max(Xb.shape[0], 1)
    extra = np.setdiff1d(kr * nbig + kc, cr * nbig + cc)
    er, ec = extra // nbig, extra % nbig
    es = rowwise_dot(Xa, er, Xb, ec)
    u = np.concatenate((cr, er))
    v = np.concatenate((cc, ec))
    cosine = np.concatenate((cs, es))
    order = np.lexsort((v, u))
    u, v, cosine = u[order], v[order], cosine[order]
    shared = shared_counts(Pa, u, Pb, v)
    return u, v, cosine, shared
