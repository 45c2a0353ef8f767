"""Shingle containment: how much of paragraph *a* is found inside paragraph *b*.

Cosine similarity misses containment: a paragraph copied inside a long run-on paragraph
scores only 0.3–0.5 against it. Containment is measured on word shingles (``size``
consecutive tokens of the normalised text)::

    containment_ab = |S(a) ∩ S(b)| / |S(a)|        (share of a's shingles found in b)

A shingle is identified by a 64-bit hash of its token ids (:func:`astana_lib.text.ngrams.shingle_keys`):
no shingle strings are built, and the chance of any collision among 50M distinct
shingles is about 1e-4, so shared counts are exact in practice.

Candidate step (exact, no minhash): ``containment_ab >= t`` needs at least
``need = ceil(t·|S(a)|)`` shared shingles, so at least one of a's first
``|S(a)| - need + 1`` shingles in any fixed global order is in ``b`` (pigeonhole). With
shingles ordered rare-first (global document frequency), that *prefix* is made of a's
rarest shingles; shingles that occur in one paragraph only (``df == 1``) are never shared,
so they are dropped from the matrix altogether and shorten the prefix. Candidates are
``P_i @ B_j.T`` (a in block i contained in b in block j) plus ``B_i @ P_j.T`` (the other
way round), verified by exact shared counts (:func:`astana_lib.reuse.cosine.rowwise_dot`).
As for cosine, :func:`containment_block_pair` runs on a pair of row blocks and the union
over block pairs ``i <= j`` is exactly the single-block answer.

Short paragraphs: a side with fewer than ``min_shingles`` shingles is never said to be
*contained* (a four-word line would otherwise be "inside" half the corpus); its
containment value is still reported.
"""

from __future__ import annotations

import numpy as np
import scipy.sparse as sp

from astana_lib._checks import check_fraction
from astana_lib.reuse.cosine import SCORE_TOLERANCE, rare_first, rowwise_dot
from astana_lib.text.ngrams import shingle_keys, tokenize

__all__ = [
    "TOKEN_PATTERN",
    "containment_block_pair",
    "containment_prefix",
    "containment_ratio",
    "keys_to_matrix",
    "prepare_shingles",
    "shared_counts",
    "shingle_matrix",
]

#: Tokens are whole words of the normalised text (letters, digits; no diacritics left).
TOKEN_PATTERN = r"(?u)\b\w+\b"


def keys_to_matrix(
    doc: np.ndarray,
    keys: np.ndarray,
    n_docs: int,
    universe: np.ndarray,
    *,
    columns: np.ndarray | None = None,
) -> sp.csr_matrix:
    """Binary (texts × shingles) matrix; column j is shingle ``universe[j]``.

    ``columns`` (optional) are the already known positions of ``keys`` in ``universe``
    (e.g. the inverse of the ``np.unique`` that made it), saving the lookup.

    ``universe`` is the sorted array of every shingle key of the texts searched together
    (``np.unique`` of their keys); ``doc``/``keys`` come from
    :func:`astana_lib.text.ngrams.shingle_keys`.

    Examples
    --------
    >>> keys_to_matrix(np.array([0, 0, 1]), np.array([7, 9, 9], dtype=np.uint64), 3,
    ...                np.array([7, 9], dtype=np.uint64)).toarray()
    array([[1., 1.],
           [0., 1.],
           [0., 0.]], dtype=float32)
    """
    idx = np.int32 if len(universe) < 2**31 and len(keys) < 2**31 else np.int64
    cols = (np.searchsorted(universe, keys) if columns is None else columns).astype(idx)
    indptr = np.concatenate(([0], np.cumsum(np.bincount(doc, minlength=n_docs)))).astype(idx)
    B = sp.csr_matrix(
        (np.ones(len(cols), dtype=np.float32), cols, indptr),
        shape=(n_docs, len(universe)),
    )
    B.sort_indices()
    return B


def shingle_matrix(norms, *, size: int = 3) -> tuple[sp.csr_matrix, np.ndarray]:
    """Binary shingle matrix of normalised texts and the number of shingles of each.

    Parameters
    ----------
    norms : sequence of str
        Normalised texts (``paragraphs["norm"]``).
    size : int, default 3
        Words per shingle.

    Returns
    -------
    B : csr_matrix of float32, shape (n, n_distinct_shingles)
        ``B[i, j] = 1`` when text i has shingle j.
    n_shingles : ndarray of int64
        Distinct shingles per text (0 for texts shorter than ``size`` words).

    Examples
    --------
    >>> B, n = shingle_matrix(["وقال الوزير ان المحادثات مثمره", "كلمة"])
    >>> n.tolist(), B.shape
    ([3, 0], (2, 3))
    """
    if size < 1:
        raise ValueError(f"shingle size must be >= 1, got {size}")
    ids, ptr = tokenize(list(norms), {}, grow=True, pattern=TOKEN_PATTERN)
    doc, keys, n = shingle_keys(ids, ptr, size)
    return keys_to_matrix(doc, keys, len(ptr) - 1, np.unique(keys)), n


def prepare_shingles(B: sp.csr_matrix, df: np.ndarray | None = None) -> sp.csr_matrix:
    """Drop shingles seen in one paragraph only and number the rest rare-first.

    ``df`` is the *global* document frequency of each bucket (default: computed from
    ``B``); block-wise runs must pass the global one so every block uses the same order.

    Examples
    --------
    >>> B = sp.csr_matrix(np.array([[1, 1, 1], [0, 1, 1], [0, 0, 1]], dtype=np.float32))
    >>> prepare_shingles(B).toarray()   # column 0 dropped; the rest rare-first
    array([[1., 1.],
           [1., 1.],
           [0., 1.]], dtype=float32)
    """
    B = sp.csr_matrix(B)
    if df is None:
        df = np.bincount(B.indices, minlength=B.shape[1])
    df = np.asarray(df)
    present = np.flatnonzero(df >= 2)  # only these can be shared by two texts
    newcol = np.full(len(df), -1, dtype=np.int64)
    newcol[present] = rare_first(df[present])  # rank among the shareable shingles
    cols = newcol[B.indices]
    keep = cols >= 0
    row_of = np.repeat(np.arange(B.shape[0]), np.diff(B.indptr))
    counts = np.bincount(row_of[keep], minlength=B.shape[0])
    indptr = np.concatenate(([0], np.cumsum(counts)))
    cols = cols[keep]
    out = sp.csr_matrix(
        (B.data[keep], cols, indptr), shape=(B.shape[0], len(present)), dtype=np.float32
    )
    out.has_sorted_indices = False
    out.sort_indices()
    return out


def containment_prefix(
    B: sp.csr_matrix, n_shingles: np.ndarray, threshold: float, min_shingles: int
) -> sp.csr_matrix:
    """Prefix rows for the containment candidate step (see the module docstring).

    ``B`` comes from :func:`prepare_shingles` (rare-first, no ``df == 1`` shingles);
    ``n_shingles`` counts *all* shingles of each row.

    Examples
    --------
    >>> B = sp.csr_matrix(np.ones((1, 4), dtype=np.float32))
    >>> containment_prefix(B, np.array([4]), 0.5, 2).toarray()   # need 2 of 4: 3 in prefix
    array([[1., 1., 1., 0.]], dtype=float32)
    >>> containment_prefix(B, np.array([10]), 0.8, 2).nnz        # 6 df==1 shingles: hopeless
    0
    """
    n_shingles = np.asarray(n_shingles, dtype=np.int64)
    need = np.ceil(threshold * n_shingles - 1e-9).astype(np.int64)
    nnz = np.diff(B.indptr)
    plen = np.where(n_shingles >= max(min_shingles, 1), nnz - need + 1, 0)
    plen = np.clip(plen, 0, nnz)
    pos = np.arange(B.nnz) - np.repeat(B.indptr[:-1], nnz)
    keep = pos < np.repeat(plen, nnz)
    indptr = np.concatenate(([0], np.cumsum(plen)))
    return sp.csr_matrix((B.data[keep], B.indices[keep], indptr), shape=B.shape)


def shared_counts(B_i, rows, B_j, cols) -> np.ndarray:
    """Number of shingles shared by ``B_i[rows[k]]`` and ``B_j[cols[k]]``.

    Examples
    --------
    >>> B = sp.csr_matrix(np.array([[1, 1, 0], [0, 1, 1]], dtype=np.float32))
    >>> shared_counts(B, [0], B, [1]).tolist()
    [1]
    """
    return np.rint(rowwise_dot(B_i, np.asarray(rows), B_j, np.asarray(cols))).astype(np.int64)


def containment_block_pair(
    B_i,
    B_j,
    *,
    n_i: np.ndarray,
    n_j: np.ndarray,
    offset_i: int,
    offset_j: int,
    threshold: float,
    same_block: bool,
    min_shingles: int = 5,
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Pairs where one row is contained in the other (containment ``>= threshold``).

    Parameters
    ----------
    B_i, B_j : csr_matrix
        Row blocks of the output of :func:`prepare_shingles` (global df, global order).
    n_i, n_j : ndarray of int
        Number of shingles of each row (before dropping ``df == 1`` shingles).
    offset_i, offset_j : int
        Global row number of the first row of each block.
    threshold : float in (0, 1]
    same_block : bool
        Same block on both sides: only ``row < col`` pairs.
    min_shingles : int
        A side with fewer shingles is never "contained".

    Returns
    -------
    rows, cols, shared : ndarray of int64
        Global row numbers and shared shingle counts, sorted by (row, col).

    Examples
    --------
    >>> from astana_lib.reuse.containment import shingle_matrix, prepare_shingles
    >>> texts = ["ا ب ج د ه و ز", "س ش ا ب ج د ه و ز ص ض ط ظ ع غ ف ق ك ل م", "ن ه و ي"]
    >>> B, n = shingle_matrix(texts)
    >>> r, c, k = containment_block_pair(prepare_shingles(B), None, n_i=n, n_j=n, offset_i=0,
    ...     offset_j=0, threshold=0.8, same_block=True)
    >>> r.tolist(), c.tolist(), k.tolist(), n.tolist()
    ([0], [1], [5], [5, 18, 2])
    """
    threshold = check_fraction("threshold", threshold)
    Bi = sp.csr_matrix(B_i)
    Bj = Bi if same_block else sp.csr_matrix(B_j)
    n_i = np.asarray(n_i, dtype=np.int64)
    n_j = n_i if same_block else np.asarray(n_j, dtype=np.int64)
    empty = (np.empty(0, np.int64), np.empty(0, np.int64), np.empty(0, np.int64))
    if Bi.nnz == 0 or Bj.nnz == 0:
        return empty
    Pi = containment_prefix(Bi, n_i, threshold, min_shingles)
    Pj = Pi if same_block else containment_prefix(Bj, n_j, threshold, min_shingles)
    C1 = (Pi @ Bj.T).tocoo()  # row of i contained in row of j
    if same_block:
        r = np.concatenate((C1.row, C1.col)).astype(np.int64)
        c = np.concatenate((C1.col, C1.row)).astype(np.int64)
        lo, hi = np.minimum(r, c), np.maximum(r, c)
        m = lo < hi
        r, c = lo[m], hi[m]
    else:
        C2 = (Bi @ Pj.T).tocoo()  # row of j contained in row of i
        r = np.concatenate((C1.row, C2.row)).astype(np.int64)
        c = np.concatenate((C1.col, C2.col)).astype(np.int64)
    if len(r) == 0:
        return empty
    key = np.unique(r * Bj.shape[0] + c)
    r, c = key // Bj.shape[0], key % Bj.shape[0]
    shared = shared_counts(Bi, r, Bj, c)
    na, nb = n_i[r], n_j[c]
    with np.errstate(divide="ignore", invalid="ignore"):
        ok_a = (na >= min_shingles) & (shared >= threshold * na - SCORE_TOLERANCE * na)
        ok_b = (nb >= min_shingles) & (shared >= threshold * nb - SCORE_TOLERANCE * nb)
    keep = ok_a | ok_b
    return r[keep] + offset_i, c[keep] + offset_j, shared[keep]


def containment_ratio(shared: np.ndarray, n: np.ndarray) -> np.ndarray:
    """``shared / n``, NaN where a text has no shingles.

    Examples
    --------
    >>> containment_ratio(np.array([2, 0]), np.array([4, 0])).tolist()
    [0.5, nan]
    """
    shared = np.asarray(shared, dtype=np.float64)
    n = np.asarray(n, dtype=np.float64)
    out = np.full(len(shared), np.nan)
    ok = n > 0
    out[ok] = shared[ok] / n[ok]
    return out
