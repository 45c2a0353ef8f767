"""Blocks of the near-duplicate search built from one part of the paragraphs.

After the global fit has been reduced (:mod:`astana_lib.reuse.partfit`), each part
builds, for the distinct texts it *owns* (first seen in it), everything the search
needs: a :class:`PartState` (global token ids, shingle and run keys), then row blocks
(:class:`PartBlock`: TF-IDF rows with global idf and rare-first columns, prepared
shingle rows, title and run keys). :func:`part_pair_task` runs the one block task
(:func:`~astana_lib.reuse.blocks.search_block_pair_task`) on two such blocks, completes
its measures (:func:`complete_block_result`: what the merge does with the whole
matrix, done here on the two blocks' rows) and adds the block pair's title and run
pairs; :func:`combine_results` merges the block pairs' results as
:func:`~astana_lib.reuse.merge.merge_block_results`, :func:`~astana_lib.reuse.steps.title_step`
and :func:`~astana_lib.reuse.steps.run_step` do. Every score comes from
:func:`~astana_lib.reuse.cosine.rowwise_dot` on the two rows, so it is the same
whatever block the rows sit in.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from typing import NamedTuple

import numpy as np
import pandas as pd
import scipy.sparse as sp

from astana_lib.reuse.blocks import COSINE, Block, BlockParams, search_block_pair_task
from astana_lib.reuse.constants import RUN_MAX_TEXTS, RUN_MIN_COSINE
from astana_lib.reuse.containment import TOKEN_PATTERN, containment_block_pair, shared_counts
from astana_lib.reuse.cosine import SCORE_TOLERANCE, rare_first, rowwise_dot
from astana_lib.reuse.partfit import (
    FeatureTable,
    TextTable,
    TokenTable,
    decision_grams,
    doc_frequencies,
    ngram_keys,
    part_norms,
)
from astana_lib.reuse.shingle_counts import gather_tokens
from astana_lib.text.ngrams import shingle_keys, tokenize

__all__ = [
    "PartBlock",
    "PartState",
    "ShingleTable",
    "build_part_state",
    "combine_results",
    "complete_block_result",
    "finalize_shingles",
    "formula_runs",
    "part_block",
    "part_pair_task",
    "slim_state",
]

RESULT_COLUMNS = ("u", "v", "cosine", "shared", "source")
#: ``source`` of a result row: the block search, the title step, the run step.
SEARCH, TITLE, RUN = 0, 1, 2


def _tokenize_mine(texts: list[str], owned: np.ndarray, tokens_m, tokens_d):
    """Global search ids of the owned usable texts and decision ids of all ``texts``."""
    vocab: dict[str, int] = {}
    ids, ptr = tokenize(texts, vocab, grow=True, pattern=TOKEN_PATTERN)
    toks = list(vocab)
    gm, gd = tokens_m.ids(toks), tokens_d.ids(toks)
    if (gd < 0).any():
        raise KeyError("token missing from the reduced token table")
    own_ids, own_ptr = gather_tokens(ids, ptr, np.flatnonzero(owned))
    own_ids = gm[own_ids] if len(own_ids) else own_ids
    if (own_ids < 0).any():
        raise KeyError("token missing from the reduced token table")
    return own_ids, own_ptr, (gd[ids] if len(ids) else ids), ptr


@dataclass
class PartState:
    """One part after the global text and token tables: what its blocks are built from.

    ``frame``: the selected rows (``para_id`` and kept columns, no text); ``row_rep``:
    global representative of each row (-1: unusable); ``row_size``: copies of its text
    in the whole corpus; ``rep0``: global number of the part's first owned
    representative; then, per owned representative (in order): ``texts``, ``sizes``,
    ``title``, global token ids ``ids``/``ptr``, shingles ``sh_doc``/``sh_keys``/``n_sh``,
    runs ``run_doc``/``run_keys`` (None once the blocks are built: :func:`slim_state`).
    """

    part: int
    frame: pd.DataFrame
    row_rep: np.ndarray
    row_size: np.ndarray
    rep0: int
    texts: list
    sizes: np.ndarray
    title: np.ndarray
    ids: np.ndarray
    ptr: np.ndarray
    sh_doc: np.ndarray
    sh_keys: np.ndarray
    n_sh: np.ndarray
    run_doc: np.ndarray | None
    run_keys: np.ndarray | None


def build_part_state(
    frame: pd.DataFrame,
    part: int,
    texts: TextTable,
    tokens_m: TokenTable,
    tokens_d: TokenTable,
    *,
    keep: tuple[str, ...],
    ngram_range: tuple[int, int],
    shingle_size: int,
    min_run: int | None,
) -> tuple[PartState, dict]:
    """The state of one part (rows already selected), from the reduced tables, and its
    contributions to the next reductions: ``features`` (per n: keys, distinct texts,
    copies), ``shingles`` (keys, distinct texts) and ``grams`` (decision 3-gram counts)."""
    _, norms_d = part_norms(frame)
    codes, uniq = pd.factorize(norms_d, sort=False)
    uniq = [str(t) for t in uniq]
    from astana_lib.reuse.partfit import text_hashes

    info = texts.lookup(*text_hashes(uniq))
    local = np.arange(len(uniq))
    mine = (info["part"].to_numpy() == part) & (info["local"].to_numpy() == local)
    owned = mine & info["usable"].to_numpy(dtype=bool)
    rep = info["rep"].to_numpy(dtype=np.int64)
    cols = list(dict.fromkeys(["para_id"] + [c for c in keep if c in frame.columns]))
    own_idx = np.flatnonzero(owned)
    own_texts = [uniq[i] for i in own_idx]
    sizes = info["count"].to_numpy(dtype=np.int64)[own_idx]
    mine_idx = np.flatnonzero(mine)
    ids, ptr, d_ids, d_ptr = _tokenize_mine(
        [uniq[i] for i in mine_idx], owned[mine_idx], tokens_m, tokens_d
    )
    sh_doc, sh_keys, n_sh = shingle_keys(ids, ptr, int(shingle_size))
    run_doc = run_keys = None
    if min_run is not None:
        run_doc, run_keys = shingle_keys(ids, ptr, int(min_run))[:2]
    features = {}
    for n in range(1, int(ngram_range[1]) + 1):
        doc, key = ngram_keys(ids, ptr, n, len(tokens_m))
        features[n] = doc_frequencies(doc, key, sizes)
    sk, sdf = np.unique(sh_keys, return_counts=True)
    state = PartState(
        part=part, frame=frame[cols].reset_index(drop=True), row_rep=rep[codes],
        row_size=info["count"].to_numpy(dtype=np.int64)[codes],
        rep0=int(rep[own_idx[0]]) if len(own_idx) else 0, texts=own_texts, sizes=sizes,
        title=info["title"].to_numpy(dtype=bool)[own_idx], ids=ids, ptr=ptr, sh_doc=sh_doc,
        sh_keys=sh_keys, n_sh=n_sh, run_doc=run_doc, run_keys=run_keys,
    )  # fmt: skip
    grams = decision_grams(d_ids, d_ptr)
    rk, rdf = np.unique(run_keys if run_keys is not None else np.empty(0, np.uint64),
                        return_counts=True)  # fmt: skip
    return state, {"features": features, "shingles": (sk, sdf.astype(np.int64)), "grams": grams,
                   "runs": (rk, rdf.astype(np.int64))}  # fmt: skip


def formula_runs(merged: tuple) -> np.ndarray:
    """Run keys held by more than :data:`RUN_MAX_TEXTS` distinct texts (sorted): the run
    step ignores them (:func:`~astana_lib.reuse.steps.run_step`)."""
    keys, df = merged
    return keys[df > RUN_MAX_TEXTS]


def slim_state(state: PartState) -> PartState:
    """The state without what only the blocks needed (token ids, shingle and run keys)."""
    empty = np.empty(0, np.int64)
    return dataclasses.replace(
        state, ids=empty, ptr=np.zeros(1, np.int64), sh_doc=empty,
        sh_keys=np.empty(0, np.uint64), title=np.empty(0, bool), run_doc=None, run_keys=None,
    )  # fmt: skip


class ShingleTable(NamedTuple):
    """Shingles held by two or more distinct texts: sorted ``keys`` and their rare-first
    column ``col`` (:func:`~astana_lib.reuse.containment.prepare_shingles`)."""

    keys: np.ndarray
    col: np.ndarray


def finalize_shingles(merged: tuple) -> ShingleTable:
    """Global shingle df → the columns of the prepared shingle rows (df >= 2 only)."""
    keys, df = merged
    present = np.flatnonzero(df >= 2)
    return ShingleTable(keys[present], rare_first(df[present]))


class PartBlock(NamedTuple):
    """A row block of representatives, with its title rows and word-run keys."""

    block: Block
    titles: np.ndarray
    run_doc: np.ndarray | None
    run_keys: np.ndarray | None


def _tfidf_rows(ids, ptr, features: FeatureTable, ngram_range, n_tokens: int) -> sp.csr_matrix:
    """TF-IDF rows as the local fit computes them (same entries, same order of sums)."""
    from sklearn.feature_extraction.text import TfidfTransformer

    rows, cols, idf_of, rank_of = [], [], [], []
    off = 0
    for n in range(ngram_range[0], ngram_range[1] + 1):
        doc, key = ngram_keys(ids, ptr, n, n_tokens)
        pos = np.searchsorted(features.keys[n], key)
        rows.append(doc)
        cols.append(pos + off)
        idf_of.append(features.idf[n])
        rank_of.append(features.rank[n])
        off += len(features.keys[n])
    r, c = np.concatenate(rows), np.concatenate(cols)
    n_rows = len(ptr) - 1
    counts = sp.coo_matrix((np.ones(len(r)), (r, c)), shape=(n_rows, off)).tocsr()
    counts.sort_indices()
    used, inv = np.unique(counts.indices, return_inverse=True)
    compact = sp.csr_matrix((counts.data, inv.ravel(), counts.indptr), shape=(n_rows, len(used)))
    tt = TfidfTransformer(norm="l2", sublinear_tf=True)
    tt.idf_ = np.concatenate(idf_of)[used]
    tt.n_features_in_ = len(used)
    X = sp.csr_matrix(tt.transform(compact))
    X.indices = np.concatenate(rank_of)[used][X.indices].astype(np.int32)
    X = sp.csr_matrix((X.data, X.indices, X.indptr), shape=(n_rows, off))
    X.has_sorted_indices = False
    X.sort_indices()
    return X


def _doc_slice(doc: np.ndarray, start: int, stop: int) -> slice:
    return slice(int(np.searchsorted(doc, start)), int(np.searchsorted(doc, stop)))


def part_block(
    state: PartState,
    features: FeatureTable,
    shingles: ShingleTable,
    *,
    start: int,
    stop: int,
    ngram_range: tuple[int, int],
    n_tokens: int,
    formulas: np.ndarray | None = None,
) -> PartBlock:
    """Representatives ``start:stop`` of a part as a :class:`PartBlock` (run keys in
    ``formulas`` left out)."""
    ids, ptr = gather_tokens(state.ids, state.ptr, np.arange(start, stop))
    X = _tfidf_rows(ids, ptr, features, tuple(ngram_range), n_tokens)
    s = _doc_slice(state.sh_doc, start, stop)
    doc, keys = state.sh_doc[s] - start, state.sh_keys[s]
    pos = np.minimum(np.searchsorted(shingles.keys, keys), max(len(shingles.keys) - 1, 0))
    hit = (shingles.keys[pos] == keys) if len(shingles.keys) else np.zeros(len(keys), bool)
    indptr = np.concatenate(([0], np.cumsum(np.bincount(doc[hit], minlength=stop - start))))
    P = sp.csr_matrix(
        (np.ones(int(hit.sum()), np.float32), shingles.col[pos[hit]], indptr),
        shape=(stop - start, len(shingles.keys)),
    )
    P.has_sorted_indices = False
    P.sort_indices()
    run_doc = run_keys = None
    if state.run_doc is not None:
        r = _doc_slice(state.run_doc, start, stop)
        run_doc, run_keys = state.run_doc[r] - start, state.run_keys[r]
        if formulas is not None and len(formulas):
            ok = ~np.isin(run_keys, formulas)
            run_doc, run_keys = run_doc[ok], run_keys[ok]
    block = Block(X, P, state.n_sh[start:stop], state.rep0 + start)
    return PartBlock(block, np.flatnonzero(state.title[start:stop]), run_doc, run_keys)


def complete_block_result(res: pd.DataFrame, bi: Block, bj: Block) -> tuple:
    """One block pair's result with both measures: ``(u, v, cosine, shared)`` by (u, v).

    What :func:`~astana_lib.reuse.merge.merge_block_results` does for the pairs of this
    block pair, from the two blocks' rows: containment-only pairs get their cosine,
    every pair its shared shingle count (``bj`` is ``bi`` for a diagonal block).
    """
    meas = res["measure"].to_numpy()
    rows = res["row"].to_numpy(dtype=np.int64)
    cols = res["col"].to_numpy(dtype=np.int64)
    is_cos = meas == COSINE
    cr, cc, cs = rows[is_cos], cols[is_cos], res["value"].to_numpy(np.float64)[is_cos]
    kr, kc = rows[~is_cos], cols[~is_cos]
    extra = np.setdiff1d((kr << 32) + kc, (cr << 32) + cc)
    er, ec = extra >> 32, extra & 0xFFFFFFFF
    es = rowwise_dot(bi.X, er - bi.offset, bj.X, ec - bj.offset)
    u, v, cos = np.concatenate((cr, er)), np.concatenate((cc, ec)), np.concatenate((cs, es))
    order = np.lexsort((v, u))
    u, v, cos = u[order], v[order], cos[order]
    return u, v, cos, shared_counts(bi.P, u - bi.offset, bj.P, v - bj.offset)


def _title_pairs(bi: PartBlock, bj: PartBlock, same: bool, tt: float, min_shingles: int):
    """(u, v) of this block pair with a title side holding >= tt of its shingles in the other."""
    plans = [(bi, bj)] if same else [(bi, bj), (bj, bi)]
    keys = []
    for one, other in plans:
        t = one.titles
        if len(t) == 0:
            continue
        P1, n1 = one.block.P, one.block.n_shingles
        r, c, k = containment_block_pair(
            P1[t], other.block.P, n_i=n1[t], n_j=other.block.n_shingles, offset_i=0,
            offset_j=0, threshold=tt, same_block=False, min_shingles=min_shingles,
        )  # fmt: skip
        nt = n1[t][r]
        ok = (nt >= min_shingles) & (k >= tt * nt - SCORE_TOLERANCE * nt)
        a = t[r[ok]] + one.block.offset
        b = c[ok] + other.block.offset
        m = a != b
        keys.append((np.minimum(a[m], b[m]) << 32) + np.maximum(a[m], b[m]))
    return np.unique(np.concatenate(keys)) if keys else np.empty(0, np.int64)


def _run_pairs(bi: PartBlock, bj: PartBlock, same: bool):
    """(u, v) of this block pair sharing a word run (``u < v``)."""
    if same:
        uk, cnt = np.unique(bi.run_keys, return_counts=True)
        shareable = uk[cnt >= 2]
    else:
        shareable = np.intersect1d(bi.run_keys, bj.run_keys)

    def matrix(pb: PartBlock) -> sp.csr_matrix:
        m = np.isin(pb.run_keys, shareable)
        cols = np.searchsorted(shareable, pb.run_keys[m])
        return sp.csr_matrix(
            (np.ones(int(m.sum()), dtype=np.float32), (pb.run_doc[m], cols)),
            shape=(pb.block.X.shape[0], len(shareable)),
        )

    Ri = matrix(bi)
    Rj = Ri if same else matrix(bj)
    C = (Ri @ Rj.T).tocoo()
    r, c = C.row.astype(np.int64), C.col.astype(np.int64)
    if same:
        keep = c > r
        r, c = r[keep], c[keep]
    key = np.unique(((r + bi.block.offset) << 32) + c + bj.block.offset)
    return key


def _measured(keys: np.ndarray, bi: Block, bj: Block) -> tuple:
    u, v = keys >> 32, keys & 0xFFFFFFFF
    cos = rowwise_dot(bi.X, u - bi.offset, bj.X, v - bj.offset)
    return u, v, cos


def part_pair_task(
    bi: PartBlock,
    bj: PartBlock,
    *,
    params: BlockParams,
    title_threshold: float | None,
    runs: bool,
    same_block: bool,
) -> pd.DataFrame:
    """Every candidate of one block pair: the block task, completed, plus title and run pairs.

    ``title_threshold`` None: no title step (it is off, or not below the containment
    threshold); ``runs`` False: no run step. Rows: :data:`RESULT_COLUMNS`.
    """
    bj = bi if same_block else bj
    res = search_block_pair_task(bi.block, bj.block, params, same_block=same_block)
    u, v, cos, shared = complete_block_result(res, bi.block, bj.block)
    out = [(u, v, cos, shared, np.full(len(u), SEARCH, np.int8))]
    if title_threshold is not None:
        keys = _title_pairs(bi, bj, same_block, float(title_threshold), params.min_shingles)
        tu, tv, tc = _measured(keys, bi.block, bj.block)
        ts = shared_counts(bi.block.P, tu - bi.block.offset, bj.block.P, tv - bj.block.offset)
        out.append((tu, tv, tc, ts, np.full(len(tu), TITLE, np.int8)))
    if runs and bi.run_keys is not None:
        ru, rv, rc = _measured(_run_pairs(bi, bj, same_block), bi.block, bj.block)
        ok = rc >= RUN_MIN_COSINE - SCORE_TOLERANCE
        ru, rv, rc = ru[ok], rv[ok], rc[ok]
        rs = shared_counts(bi.block.P, ru - bi.block.offset, bj.block.P, rv - bj.block.offset)
        out.append((ru, rv, rc, rs, np.full(len(ru), RUN, np.int8)))
    cols = [np.concatenate([o[k] for o in out]) for k in range(5)]
    return pd.DataFrame(dict(zip(RESULT_COLUMNS, cols, strict=True)))


def combine_results(frames: list[pd.DataFrame]) -> tuple:
    """Block pairs' results → ``(u, v, cosine, shared, run_only)`` sorted by (u, v).

    As the local search: candidates of the block search, then title pairs it did not
    find, then run pairs neither found (``run_only`` marks those).

    Examples
    --------
    >>> f = pd.DataFrame({"u": [0, 0, 1], "v": [1, 1, 2], "cosine": [0.9, 0.9, 0.3],
    ...                   "shared": [4, 4, 2], "source": [0, 2, 2]})
    >>> [a.tolist() for a in combine_results([f])]
    [[0, 1], [1, 2], [0.9, 0.3], [4, 2], [False, True]]
    """
    allres = pd.concat(frames, ignore_index=True) if frames else pd.DataFrame(
        {c: np.empty(0, np.int64) for c in RESULT_COLUMNS}
    )  # fmt: skip
    key = (allres["u"].to_numpy(np.int64) << 32) + allres["v"].to_numpy(np.int64)
    src = allres["source"].to_numpy()
    seen = np.unique(key[src == SEARCH])
    picked = [np.flatnonzero(src == SEARCH)]
    for s in (TITLE, RUN):
        idx = np.flatnonzero(src == s)
        k, first = np.unique(key[idx], return_index=True)
        new = ~np.isin(k, seen)
        picked.append(idx[first[new]])
        seen = np.union1d(seen, k[new])
    take = np.concatenate(picked)
    take = take[np.lexsort((allres["v"].to_numpy()[take], allres["u"].to_numpy()[take]))]
    run_only = src[take] == RUN
    return (
        allres["u"].to_numpy(np.int64)[take],
        allres["v"].to_numpy(np.int64)[take],
        allres["cosine"].to_numpy(np.float64)[take],
        allres["shared"].to_numpy(np.int64)[take],
        run_only,
    )
