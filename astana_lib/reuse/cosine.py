"""Exact cosine search of one pair of row blocks of L2-normalised sparse rows (TF-IDF).

Every function here works on a *pair of row blocks* ``(X_i, X_j)`` of one matrix (or of
two matrices sharing the same columns), so that a search over ``n`` rows can be run as
the union of block pairs ``i <= j`` — by any executor
(:mod:`astana_lib.backends.executor`; :func:`astana_lib.reuse.allpairs.all_pairs` over a
whole matrix). The union over block pairs equals the single-block
answer **exactly** (same pairs, bit-identical scores) because:

* candidates may be generated in different ways (``method``), but every candidate is
  verified by the same routine, :func:`rowwise_dot`, which computes the score of one
  pair from the two rows alone (sum over shared columns in column order), whatever
  block the rows sit in;
* prefix filtering uses a *global* column order (rare-first, from the global idf) that
  is baked into the column numbering before blocks are cut (:func:`rare_first`), so a
  row's prefix depends on the row only.

Methods
-------
``"prefix"``
    Exact all-pairs search with prefix filtering (Bayardo, Ma & Srikant, *Scaling up
    all pairs similarity search*, WWW 2007; the L2 prefix bound as in Anastasiu &
    Karypis, L2AP, ICDE 2014). With columns ordered rare-first, a row's *prefix* is
    its leading entries up to the point where the l2 norm of the remaining *suffix*
    drops below the threshold ``t``. For two rows ``x, y`` whose prefixes share no
    column, every shared column lies in the suffix of the row whose prefix ends
    first, so ``x·y <= ||suffix|| < t``: any pair scoring ``>= t`` shares a prefix
    column, and ``P_i @ P_j.T`` (prefixes only) yields a small candidate set. The
    same product also gives the prefix part of the score, which with the suffix norm
    gives an upper bound used to drop most candidates before exact verification.
    Fast when rare features carry the weight (word n-grams); slow for char n-grams.
``"topn"``
    ``sparse_dot_topn.sp_matmul_topn`` (multi-threaded sparse product keeping values
    above the threshold); quadratic in the number of rows, but with a small constant.
``"brute"``
    Dense block products ``X_i @ X_j.T``; the reference used in the tests.

Scores below ``threshold - SCORE_TOLERANCE`` are dropped; candidate steps run with a
wider margin (``CANDIDATE_MARGIN``) so that floating-point round-off can never lose a
pair (identical rows score ``0.9999999999999998``, not always ``1.0``).
"""

from __future__ import annotations

from typing import Literal, NamedTuple

import numpy as np
import scipy.sparse as sp

from astana_lib._checks import check_choice, check_fraction

__all__ = [
    "CANDIDATE_MARGIN",
    "SCORE_TOLERANCE",
    "PrefixIndex",
    "prefix_index",
    "prefix_split",
    "rare_first",
    "rowwise_dot",
    "search_block_pair",
]

Method = Literal["prefix", "topn", "brute"]
METHODS = ("prefix", "topn", "brute")

#: A pair is kept when its verified score is >= threshold - SCORE_TOLERANCE.
SCORE_TOLERANCE = 1e-9
#: Candidate steps look for scores >= threshold - CANDIDATE_MARGIN (a safe superset).
CANDIDATE_MARGIN = 1e-6

_EMPTY = (np.empty(0, np.int64), np.empty(0, np.int64), np.empty(0, np.float64))


def as_csr(X, name: str) -> sp.csr_matrix:
    """``X`` as a float64 CSR matrix with sorted indices (a TypeError names ``name``)."""
    if not sp.issparse(X):
        raise TypeError(f"{name} must be a scipy sparse matrix, got {type(X).__name__}")
    X = sp.csr_matrix(X, dtype=np.float64)
    if not X.has_sorted_indices:
        X = X.copy()
        X.sort_indices()
    return X


def rare_first(df: np.ndarray) -> np.ndarray:
    """Return the rank of every column when columns are ordered rare-first.

    Parameters
    ----------
    df : ndarray of shape (n_features,)
        Document frequency of each column (or any score where *smaller* means
        rarer). Ties are broken by column number, so the order is deterministic.

    Returns
    -------
    ndarray of int64
        ``rank[c]`` is the new position of column ``c``; apply it with
        ``X.indices = rank[X.indices]`` followed by ``X.sort_indices()`` (see
        :func:`reorder_columns`).

    Examples
    --------
    >>> rare_first(np.array([5, 1, 3, 1]))
    array([3, 0, 2, 1])
    """
    df = np.asarray(df)
    order = np.argsort(df, kind="stable")
    rank = np.empty(len(order), dtype=np.int64)
    rank[order] = np.arange(len(order))
    return rank


def reorder_columns(X, rank: np.ndarray) -> sp.csr_matrix:
    """Renumber the columns of ``X`` with ``rank`` (from :func:`rare_first`).

    Examples
    --------
    >>> X = sp.csr_matrix(np.array([[1.0, 2.0, 0.0]]))
    >>> reorder_columns(X, np.array([2, 0, 1])).toarray()
    array([[2., 0., 1.]])
    """
    X = sp.csr_matrix(X, copy=True)
    X.indices = np.asarray(rank, dtype=X.indices.dtype)[X.indices]
    X.has_sorted_indices = False
    X.sort_indices()
    return X


def _tail_sq(X: sp.csr_matrix, d2: np.ndarray, row_of: np.ndarray) -> np.ndarray:
    """Per entry: sum of squares from this entry to the end of its row (inclusive).

    A running sum that restarts at every row (the previous rows' totals are subtracted
    inside the cumsum), so round-off stays at the scale of one row, not of the matrix.
    """
    n_rows = X.shape[0]
    totals = np.bincount(row_of, weights=d2, minlength=n_rows)
    lens = np.diff(X.indptr)
    nonempty = np.flatnonzero(lens)
    e = d2.copy()
    if len(nonempty) > 1:
        e[X.indptr[nonempty[1:]]] -= totals[nonempty[:-1]]
    before = np.cumsum(e) - d2  # sum over the row's earlier entries
    return np.maximum(totals[row_of] - before, 0.0)


class PrefixIndex(NamedTuple):
    """What the prefix candidate step needs about a block of rows (see :func:`prefix_index`)."""

    prefix: sp.csr_matrix
    suffix_norm: np.ndarray
    boundary: np.ndarray
    tail: np.ndarray  # per entry of X: squared norm from the entry to the row end
    entry_key: np.ndarray  # per entry: row * (n_cols + 1) + col, sorted


def prefix_index(X, threshold: float) -> PrefixIndex:
    """:func:`prefix_split` of a block plus the per-entry tails used by the score bound.

    Compute it once per row block and pass it to :func:`search_block_pair` as
    ``prefix_i``/``prefix_j`` (a row's entries depend on the row only).

    Examples
    --------
    >>> X = sp.csr_matrix(np.array([[0.8, 0.36, 0.48], [0.0, 0.6, 0.8]]))
    >>> idx = prefix_index(X, 0.5)
    >>> idx.boundary.tolist(), idx.tail.round(4).tolist()
    ([2, 3], [1.0, 0.36, 0.2304, 1.0, 0.64])
    """
    X = as_csr(X, "X")
    P, s, b = prefix_split(X, threshold)
    d2 = X.data * X.data
    row_of = np.repeat(np.arange(X.shape[0], dtype=np.int64), np.diff(X.indptr))
    key = row_of * (np.int64(X.shape[1]) + 1) + X.indices
    return PrefixIndex(P, s, b, _tail_sq(X, d2, row_of), key)


def prefix_split(X, threshold: float) -> tuple[sp.csr_matrix, np.ndarray, np.ndarray]:
    """Split each row into its prefix (kept) and suffix (summarised by its norm).

    Columns of ``X`` must already be in the global rare-first order, rows L2-normalised.
    The prefix of a row is its leading entries while the squared norm of the entries
    from there to the end of the row is still ``>= (threshold - CANDIDATE_MARGIN)**2``.

    Returns
    -------
    prefix : csr_matrix
        Same shape as ``X`` holding only the prefix entries (original weights).
    suffix_norm : ndarray of float64
        l2 norm of each row's suffix (always ``< threshold``).
    boundary : ndarray of int64
        Column (in rare-first numbering) of the first suffix entry; ``n_features`` when
        the whole row is prefix.

    Examples
    --------
    >>> X = sp.csr_matrix(np.array([[0.8, 0.36, 0.48]]))
    >>> P, s, b = prefix_split(X, 0.5)
    >>> P.toarray(), s.round(2), b
    (array([[0.8 , 0.36, 0.  ]]), array([0.48]), array([2]))
    """
    X = as_csr(X, "X")
    t = max(float(threshold) - CANDIDATE_MARGIN, 0.0)
    d2 = X.data * X.data
    row_of = np.repeat(np.arange(X.shape[0]), np.diff(X.indptr))
    tail = _tail_sq(X, d2, row_of)  # squared norm from this entry to the end of its row
    keep = tail >= t * t
    P = sp.csr_matrix((X.data * keep, X.indices.copy(), X.indptr.copy()), shape=X.shape)
    P.eliminate_zeros()  # works in place: the arrays above must not be shared with X
    suffix_norm = np.sqrt(np.bincount(row_of, weights=d2 * ~keep, minlength=X.shape[0]))
    n_prefix = np.diff(P.indptr)
    first_suffix = X.indptr[:-1] + n_prefix
    has_suffix = first_suffix < X.indptr[1:]
    boundary = np.full(X.shape[0], X.shape[1], dtype=np.int64)
    boundary[has_suffix] = X.indices[first_suffix[has_suffix]]
    return P, suffix_norm, boundary


def rowwise_dot(A, rows: np.ndarray, B, cols: np.ndarray, *, chunk: int = 200_000) -> np.ndarray:
    """Dot products ``A[rows[k]] · B[cols[k]]`` for every k, in bounded-memory chunks.

    This is the single verification routine of the module: it depends on the two
    rows only, so scores are identical whatever block the rows came from.

    Examples
    --------
    >>> A = sp.csr_matrix(np.array([[1.0, 0.0], [0.6, 0.8]]))
    >>> rowwise_dot(A, np.array([0, 1]), A, np.array([1, 1]))
    array([0.6, 1. ])
    """
    rows = np.asarray(rows, dtype=np.int64)
    cols = np.asarray(cols, dtype=np.int64)
    out = np.empty(len(rows), dtype=np.float64)
    for s in range(0, len(rows), chunk):
        r = rows[s : s + chunk]
        c = cols[s : s + chunk]
        prod = A[r].multiply(B[c])
        out[s : s + chunk] = np.asarray(prod.sum(axis=1)).ravel()
    return out


def _tail_norms(X: sp.csr_matrix, idx: PrefixIndex, rows: np.ndarray, from_col: np.ndarray):
    """``||X[rows[k], from_col[k]:]||`` for every k (l2 norm of a row from a column on)."""
    if len(rows) == 0:
        return np.empty(0)
    pos = np.searchsorted(idx.entry_key, rows * (np.int64(X.shape[1]) + 1) + from_col)
    inside = pos < X.indptr[rows + 1]
    sq = np.where(inside, idx.tail[np.minimum(pos, max(len(idx.tail) - 1, 0))], 0.0)
    return np.sqrt(sq + 1e-12)  # + 1e-12: never below the exact value through round-off


def _candidates_prefix(Xi, Xj, threshold: float, same_block: bool, prefix_i=None, prefix_j=None):
    ii = prefix_i if prefix_i is not None else prefix_index(Xi, threshold)
    jj = ii if same_block else (prefix_j if prefix_j is not None else prefix_index(Xj, threshold))
    Pi, si, bi = ii.prefix, ii.suffix_norm, ii.boundary
    Pj, sj, bj = jj.prefix, jj.suffix_norm, jj.boundary
    C = (Pi @ Pj.T).tocoo()
    r = C.row.astype(np.int64)
    c = C.col.astype(np.int64)
    partial = C.data
    if same_block:
        m = r < c
        r, c, partial = r[m], c[m], partial[m]
    # Upper bound on x·y: every shared column left out of `partial` lies at or after the
    # boundary b of the row whose prefix ends first (say x), so by Cauchy-Schwarz
    # x·y <= partial + ||x[b:]|| * ||y[b:]|| = partial + suffix_norm(x) * tail_norm(y, b).
    first_i = bi[r] <= bj[c]
    slack = np.empty(len(r))
    k = np.flatnonzero(first_i)
    slack[k] = si[r[k]] * _tail_norms(Xj, jj, c[k], bi[r[k]])
    k = np.flatnonzero(~first_i)
    slack[k] = sj[c[k]] * _tail_norms(Xi, ii, r[k], bj[c[k]])
    m = partial + slack >= threshold - CANDIDATE_MARGIN
    return r[m], c[m]


def _candidates_topn(Xi, Xj, threshold: float, same_block: bool, n_threads: int):
    from sparse_dot_topn import sp_matmul_topn

    C = sp_matmul_topn(
        Xi,
        Xj.T.tocsr(),
        top_n=Xj.shape[0],
        threshold=threshold - CANDIDATE_MARGIN,
        density=min(1.0, 64.0 / max(Xj.shape[0], 1)),
        n_threads=n_threads if n_threads > 1 else None,
    ).tocoo()
    r = C.row.astype(np.int64)
    c = C.col.astype(np.int64)
    if same_block:
        m = r < c
        r, c = r[m], c[m]
    return r, c


def _candidates_brute(Xi, Xj, threshold: float, same_block: bool, rows_per_step: int = 2000):
    rs, cs = [], []
    XjT = Xj.T.tocsc()
    for s in range(0, Xi.shape[0], rows_per_step):
        S = (Xi[s : s + rows_per_step] @ XjT).toarray()
        r, c = np.nonzero(threshold - CANDIDATE_MARGIN <= S)
        r = r + s
        if same_block:
            m = r < c
            r, c = r[m], c[m]
        rs.append(r.astype(np.int64))
        cs.append(c.astype(np.int64))
    if not rs:
        return _EMPTY[0], _EMPTY[1]
    return np.concatenate(rs), np.concatenate(cs)


def search_block_pair(
    X_i,
    X_j,
    *,
    offset_i: int,
    offset_j: int,
    threshold: float,
    same_block: bool,
    method: Method = "prefix",
    n_threads: int = 2,
    prefix_i: PrefixIndex | None = None,
    prefix_j: PrefixIndex | None = None,
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """All pairs (row of ``X_i``, row of ``X_j``) with cosine ``>= threshold``.

    The building block of every search (single machine and Dask). Run it over all
    block pairs ``i <= j`` of one matrix (``same_block=True`` on the diagonal) and
    concatenate: the union is exactly the single-block answer.

    Parameters
    ----------
    X_i, X_j : sparse matrix
        Row blocks with the same columns; rows L2-normalised, non-negative weights.
        For ``method="prefix"`` the columns must be numbered in the global rare-first
        order (:func:`rare_first`, :func:`reorder_columns`); any fixed global order is
        *correct*, rare-first makes it fast.
    offset_i, offset_j : int
        Global row number of the first row of each block (added to the output).
    threshold : float in (0, 1]
        Minimum cosine.
    same_block : bool
        ``X_i`` and ``X_j`` are the same block: only pairs ``row < col`` are returned,
        self-pairs never.
    method : {"prefix", "topn", "brute"}
        Candidate generation (see the module docstring); results are identical.
    n_threads : int
        Threads for ``method="topn"``.
    prefix_i, prefix_j : PrefixIndex, optional
        :func:`prefix_index` of each block at this threshold, when already computed
        (compute it once per block, not once per block pair).

    Returns
    -------
    rows, cols : ndarray of int64
        Global row numbers (``rows < cols`` when ``same_block``).
    scores : ndarray of float64
        Cosine of each pair, computed by :func:`rowwise_dot`.

    Examples
    --------
    >>> X = sp.csr_matrix(np.array([[1.0, 0.0], [0.6, 0.8], [1.0, 0.0]]))
    >>> r, c, s = search_block_pair(X, X, offset_i=0, offset_j=0, threshold=0.5, same_block=True)
    >>> r.tolist(), c.tolist(), s.round(2).tolist()
    ([0, 0, 1], [1, 2, 2], [0.6, 1.0, 0.6])
    >>> r, c, s = search_block_pair(X[:1], X[1:], offset_i=0, offset_j=1, threshold=0.9,
    ...                             same_block=False)
    >>> r.tolist(), c.tolist()
    ([0], [2])
    """
    threshold = check_fraction("threshold", threshold)
    check_choice("method", method, METHODS)
    Xi = as_csr(X_i, "X_i")
    Xj = Xi if same_block else as_csr(X_j, "X_j")
    if Xi.shape[1] != Xj.shape[1]:
        raise ValueError(
            f"blocks have different numbers of columns: {Xi.shape[1]} vs {Xj.shape[1]}"
        )
    if Xi.shape[0] == 0 or Xj.shape[0] == 0 or Xi.nnz == 0 or Xj.nnz == 0:
        return tuple(a.copy() for a in _EMPTY)  # type: ignore[return-value]
    if method == "prefix":
        r, c = _candidates_prefix(Xi, Xj, threshold, same_block, prefix_i, prefix_j)
    elif method == "topn":
        r, c = _candidates_topn(Xi, Xj, threshold, same_block, n_threads)
    else:
        r, c = _candidates_brute(Xi, Xj, threshold, same_block)
    scores = rowwise_dot(Xi, r, Xj, c)
    keep = scores >= threshold - SCORE_TOLERANCE
    r, c, scores = r[keep], c[keep], scores[keep]
    order = np.lexsort((c, r))
    return r[order] + offset_i, c[order] + offset_j, scores[order]
