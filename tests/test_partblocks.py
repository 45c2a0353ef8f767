"""Blocks built from parts (astana_lib.reuse.partblocks): the local fit's rows, bit for bit."""

from __future__ import annotations

import numpy as np
import pandas as pd
import scipy.sparse as sp

from astana_lib.reuse.blocks import BlockParams, prepare_block, search_block_pair_task
from astana_lib.reuse.containment import keys_to_matrix, prepare_shingles
from astana_lib.reuse.estimator import ParagraphMatcher
from astana_lib.reuse.merge import merge_block_results
from astana_lib.reuse.partblocks import (
    build_part_state,
    combine_results,
    complete_block_result,
    finalize_shingles,
    part_block,
)
from astana_lib.reuse.partfit import (
    finalize_features,
    finalize_texts,
    finalize_tokens,
    merge_counts,
    merge_texts,
    merge_tokens,
    summarize_part,
)


def _blocks(paras: pd.DataFrame, k: int):
    codes = pd.factorize(paras["article_id"])[0]
    parts = [paras[np.isin(codes, c)] for c in np.array_split(np.arange(codes.max() + 1), k)]
    summ = [summarize_part(p, i, require_arabic=True) for i, p in enumerate(parts)]
    texts = finalize_texts(merge_texts(*[s.texts for s in summ]))
    tm = finalize_tokens(merge_tokens(*[s.tokens_m for s in summ]))
    td = finalize_tokens(merge_tokens(*[s.tokens_d for s in summ]))
    both = [
        build_part_state(p, i, texts, tm, td, keep=("article_id",), ngram_range=(1, 2),
                         shingle_size=3, min_run=5)
        for i, p in enumerate(parts)
    ]  # fmt: skip
    tables = {n: merge_counts(*[b[1]["features"][n] for b in both]) for n in (1, 2)}
    feats = finalize_features(tables, (1, 2), texts.n_docs)
    sh = finalize_shingles(merge_counts(*[b[1]["shingles"] for b in both]))
    return [
        part_block(st, feats, sh, start=0, stop=texts.reps_per_part.get(i, 0),
                   ngram_range=(1, 2), n_tokens=len(tm))
        for i, (st, _) in enumerate(both)
        if texts.reps_per_part.get(i, 0)
    ]  # fmt: skip


def test_part_blocks_are_the_rows_of_the_local_matrix(seed_corpus):
    paras = seed_corpus.paragraphs
    blocks = _blocks(paras, 3)
    m = ParagraphMatcher().fit(paras)
    X = sp.vstack([b.block.X for b in blocks]).tocsr()
    assert X.shape == m._X.shape
    assert np.array_equal(X.indptr, m._X.indptr) and np.array_equal(X.indices, m._X.indices)
    assert np.array_equal(X.data, m._X.data)  # bit for bit: same idf, order of sums
    doc, keys, cols = m._shingles
    Ba = keys_to_matrix(doc, keys, m._side.n_unique, m.shingle_keys_, columns=cols)
    P = sp.vstack([b.block.P for b in blocks]).tocsr()
    Pa = prepare_shingles(Ba, m.shingle_df_)
    assert P.shape == Pa.shape and (Pa != P).nnz == 0
    assert np.concatenate([b.block.n_shingles for b in blocks]).tolist() == m._n_shingles.tolist()


def test_completed_block_results_equal_the_merge(seed_corpus):
    blocks = _blocks(seed_corpus.paragraphs, 2)
    params = BlockParams(threshold=0.3, containment_threshold=0.5, min_shingles=5)
    b = [prepare_block(x.block, params) for x in blocks]
    X = sp.vstack([x.X for x in b]).tocsr()
    P = sp.vstack([x.P for x in b]).tocsr()
    res, done = [], []
    for i in range(len(b)):
        for j in range(i, len(b)):
            r = search_block_pair_task(b[i], b[j], params, same_block=i == j)
            res.append(r)
            u, v, c, s = complete_block_result(r, b[i], b[j])
            done.append(pd.DataFrame({"u": u, "v": v, "cosine": c, "shared": s, "source": 0}))
    want = merge_block_results(res, X, X, P, P)
    got = combine_results(done)
    assert len(want[0]) > 0
    for w, g in zip(want, got[:4], strict=True):
        assert np.array_equal(w, g)
