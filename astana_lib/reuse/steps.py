"""Candidate steps run after the block search, whatever executor ran it.

* :func:`title_step`: headline pairs — a ``title`` paragraph with at least
  ``title_containment_threshold`` of its shingles inside another paragraph;
* :func:`run_step`: pairs sharing a run of ``min_run`` consecutive words (a word
  ``min_run``-gram, inverted index, exact) with word cosine >= :data:`RUN_MIN_COSINE`;
  a run found in more than :data:`RUN_MAX_TEXTS` distinct texts is a formula and makes no
  candidate.

Both take and return the representative-level result ``(u, v, cosine, shared, n_u, n_v)``
of :func:`astana_lib.reuse.search.search_candidates`, sorted by ``(u, v)``.
"""

from __future__ import annotations

import numpy as np
import scipy.sparse as sp

from astana_lib.reuse.blocks import block_spans
from astana_lib.reuse.constants import RUN_MAX_TEXTS, RUN_MIN_COSINE
from astana_lib.reuse.containment import containment_block_pair, prepare_shingles, shared_counts
from astana_lib.reuse.cosine import SCORE_TOLERANCE, rowwise_dot

__all__ = ["run_step", "title_step"]


def _add(res, nu, nv, ncos, nshared):
    u, v, cosine, shared, na, nb = res
    u = np.concatenate((u, nu))
    v = np.concatenate((v, nv))
    cosine = np.concatenate((cosine, ncos))
    shared = np.concatenate((shared, nshared))
    order = np.lexsort((v, u))
    return u[order], v[order], cosine[order], shared[order], na, nb


def _titles_inside(plans, *, threshold: float, min_shingles: int, same: bool):
    """(u, v) of title representatives with >= threshold of their shingles in another."""
    found_u, found_v = [], []
    for titles, P1, n1, P2, n2, flip in plans:
        if len(titles) == 0:
            continue
        r, c, k = containment_block_pair(
            P1[titles], P2, n_i=n1[titles], n_j=n2, offset_i=0, offset_j=0,
            threshold=threshold, same_block=False, min_shingles=min_shingles,
        )  # fmt: skip
        nt = n1[titles][r]
        ok = (nt >= min_shingles) & (k >= threshold * nt - SCORE_TOLERANCE * nt)
        t_rows, others = titles[r[ok]], c[ok]
        if same:
            m = t_rows != others
            t_rows, others = t_rows[m], others[m]
            found_u.append(np.minimum(t_rows, others))
            found_v.append(np.maximum(t_rows, others))
        elif flip:
            found_u.append(others)
            found_v.append(t_rows)
        else:
            found_u.append(t_rows)
            found_v.append(others)
    return found_u, found_v


def title_step(
    res,
    titles_a: np.ndarray,
    titles_b: np.ndarray | None,
    Xa: sp.csr_matrix,
    Xb: sp.csr_matrix | None,
    Ba: sp.csr_matrix,
    Bb: sp.csr_matrix | None,
    shingle_df: np.ndarray,
    *,
    title_threshold: float | None,
    containment_threshold: float | None,
    min_shingles: int,
):
    """Add headline pairs missed by the search (``Xb`` None: side a against itself).

    ``titles_a``/``titles_b``: representatives with a copy of role ``title``. Nothing to
    do when ``title_threshold`` is None or not below ``containment_threshold``.
    """
    tt, ct = title_threshold, containment_threshold
    if tt is None or (ct is not None and float(tt) >= float(ct)):
        return res
    u, v, _, _, na, nb = res
    same = Xb is None
    Pa = prepare_shingles(Ba, shingle_df)
    Pb = Pa if same else prepare_shingles(Bb, shingle_df)
    # (titles of side 1, prepared rows of side 1, counts, other side, its counts, flip?)
    plans = [(titles_a, Pa, na, Pb, nb, False)]
    if not same:
        plans.append((titles_b, Pb, nb, Pa, na, True))
    found_u, found_v = _titles_inside(
        plans, threshold=float(tt), min_shingles=int(min_shingles), same=same
    )
    if not found_u:
        return res
    nbig = max((Xa if same else Xb).shape[0], 1)
    new_key = np.unique(np.concatenate(found_u) * nbig + np.concatenate(found_v))
    new_key = np.setdiff1d(new_key, u * nbig + v)
    if len(new_key) == 0:
        return res
    nu, nv = new_key // nbig, new_key % nbig
    ncos = rowwise_dot(Xa, nu, Xa if same else Xb, nv)
    return _add(res, nu, nv, ncos, shared_counts(Pa, nu, Pb, nv))


#: Rows of side a per product of the run step: 5,000 holds a quarter of the transient
#: pairs of 20,000 (at 200k paragraphs +0.31 GiB instead of +0.74, and faster).
_RUN_BLOCK_ROWS = 5_000


def _run_matrices(runs_a, runs_b, n_a: int, n_b: int | None):
    """Text x shared-run incidence matrices of both sides (runs in 2 to RUN_MAX_TEXTS texts)."""
    same = n_b is None
    doc_a, keys_a = runs_a
    doc_b, keys_b = (doc_a, keys_a) if same else runs_b
    if same:  # keys are distinct per text: a key in two texts can be shared
        universe, df = np.unique(keys_a, return_counts=True)
    else:  # a run of both sides: its texts on either side
        ua, ca = np.unique(keys_a, return_counts=True)
        ub, cb = np.unique(keys_b, return_counts=True)
        universe, ia, ib = np.intersect1d(ua, ub, assume_unique=True, return_indices=True)
        df = ca[ia] + cb[ib]
    shareable = universe[(df >= 2) & (df <= RUN_MAX_TEXTS)]

    def matrix(doc, keys, n):
        # a binary search in the (small) shareable keys: np.isin would sort a copy of
        # every run key of the corpus with them (~1 GB more at 1M paragraphs)
        pos = np.searchsorted(shareable, keys)
        if len(shareable):
            m = shareable[np.minimum(pos, len(shareable) - 1)] == keys
        else:
            m = np.zeros(len(keys), dtype=bool)
        cols = pos[m]
        del pos
        return sp.csr_matrix(
            (np.ones(int(m.sum()), dtype=np.float32), (doc[m], cols)), shape=(n, len(shareable))
        )

    Ra = matrix(doc_a, keys_a, n_a)
    return Ra, (Ra if same else matrix(doc_b, keys_b, n_b))


def _run_pairs(runs_a, runs_b, n_a: int, n_b: int | None, Xa, Xb, known: np.ndarray):
    """Keys ``u * n + v`` and cosines of the new pairs sharing a run, cosine >= RUN_MIN_COSINE.

    Block by block, so that only the pairs kept are ever held (not every pair sharing a
    run); ``known`` (sorted keys) are the pairs found already.
    """
    same = n_b is None
    Ra, Rb = _run_matrices(runs_a, runs_b, n_a, n_b)
    nbig = max(n_a if same else n_b, 1)
    RbT = Rb.T.tocsr()
    keys, cosines = [], []
    for r0, r1 in block_spans(n_a, _RUN_BLOCK_ROWS):
        C = (Ra[r0:r1] @ RbT).tocoo()
        r, c = C.row.astype(np.int64) + r0, C.col.astype(np.int64)
        del C
        if same:
            keep = c > r
            r, c = r[keep], c[keep]
        key = r * nbig + c
        new = ~np.isin(key, known, assume_unique=True)
        r, c, key = r[new], c[new], key[new]
        cos = rowwise_dot(Xa, r, Xa if same else Xb, c)
        ok = cos >= RUN_MIN_COSINE - SCORE_TOLERANCE
        keys.append(key[ok])
        cosines.append(cos[ok])
    if not keys:
        return np.empty(0, np.int64), np.empty(0, np.float64)
    key, cos = np.concatenate(keys), np.concatenate(cosines)
    order = np.argsort(key, kind="stable")
    return key[order], cos[order]


def run_step(res, runs_a, runs_b, n_a: int, n_b: int | None, Xa, Xb, Ba, Bb):
    """Add pairs sharing a word run that neither cosine nor containment found.

    ``runs_a``/``runs_b``: ``(doc, keys)`` of each side's word ``min_run``-grams
    (:func:`~astana_lib.text.ngrams.shingle_keys`), or ``runs_a`` None when the step is
    off; ``n_b`` None: side a against itself. Exact: every pair sharing a run found in
    at most :data:`~astana_lib.reuse.constants.RUN_MAX_TEXTS` distinct texts, with word
    cosine >= :data:`~astana_lib.reuse.constants.RUN_MIN_COSINE`, is found.

    Returns
    -------
    res, run_only
        The result with the new pairs, and their keys ``u * n_v + v`` (they are
        ``kind "run"`` unless their cosine reaches the threshold).
    """
    if runs_a is None:
        return res, np.empty(0, dtype=np.int64)
    u, v = res[0], res[1]
    same = n_b is None
    nbig = max(n_a if same else n_b, 1)
    known = np.unique(u * nbig + v)
    new_key, ncos = _run_pairs(runs_a, runs_b, n_a, n_b, Xa, Xb, known)
    if len(new_key) == 0:
        return res, new_key
    nu, nv = new_key // nbig, new_key % nbig
    nshared = shared_counts(Ba, nu, Ba if same else Bb, nv)
    return _add(res, nu, nv, ncos, nshared), new_key
