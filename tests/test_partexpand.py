"""The steps after the candidates over parts (astana_lib.reuse.partexpand)."""

from __future__ import annotations

import numpy as np
import pandas as pd

from astana_lib.reuse.containment import TOKEN_PATTERN
from astana_lib.reuse.decision import features_for_pairs
from astana_lib.reuse.estimator import ParagraphMatcher
from astana_lib.reuse.expand import expand_self, pairs_frame
from astana_lib.reuse.partexpand import decision_corpus, gathered_side, used_tokens
from astana_lib.reuse.shingle_counts import ShingleCounts
from astana_lib.text.ngrams import tokenize


def test_decision_corpus_gives_the_whole_corpus_features(seed_corpus):
    paras = seed_corpus.paragraphs
    pairs = ParagraphMatcher(threshold=0.3).fit(paras).find_pairs()
    assert len(pairs) > 5
    want = features_for_pairs(pairs, paras)
    # only the paragraphs of the pairs, with the corpus counts of their 3-grams
    named = set(pairs["para_a"]) | set(pairs["para_b"])
    sub = paras[paras["para_id"].isin(named)]
    norms = sub["norm"].fillna("").astype(str)
    texts = list(dict.fromkeys(norms))
    everything = list(dict.fromkeys(paras["norm"].fillna("").astype(str)))
    vocab: dict[str, int] = {}
    tokenize(everything, vocab, grow=True, pattern=TOKEN_PATTERN)
    gids = np.array([vocab[t] for t in used_tokens(texts)[0]])
    whole = ShingleCounts.from_texts(everything)
    assert set(gids.tolist()) != set(range(len(gids)))  # the ids are not compact already
    corpus = decision_corpus(texts, gids, whole.lookup, whole.n_texts)
    got = features_for_pairs(pairs, sub, corpus=corpus)
    pd.testing.assert_frame_equal(got, want, check_exact=True)


def test_gathered_side_expands_like_the_whole_side(seed_corpus):
    m = ParagraphMatcher(threshold=0.5).fit(seed_corpus.paragraphs)
    side = m._side
    res = (np.array([0, 2]), np.array([1, 5]), np.array([0.7, 0.55]), np.array([3, 1]),
           m._n_shingles, m._n_shingles)  # fmt: skip
    opts = dict(threshold=0.5, run_only=np.empty(0, np.int64), duplicates="all", max_memory=None)
    want = pairs_frame(side, side, expand_self(side, res, **opts), carry=("article_id",),
                       order_keys=True)  # fmt: skip
    # gather the rows of reps 0, 1, 2, 5 and of every duplicated text, as part_rows does
    need = np.isin(side.inverse, [0, 1, 2, 5]) | (side.sizes[side.inverse] >= 2)
    rows = side.frame.loc[need].reset_index(drop=True).assign(_rep=side.inverse[need])
    reps = np.unique(side.inverse[need])
    reps_t = pd.DataFrame({"_rep": reps, "norm": side.uniq[reps], "n_sh": m._n_shingles[reps]})
    g = gathered_side(rows, reps_t)
    uc, vc = np.searchsorted(g.rep_ids, res[0]), np.searchsorted(g.rep_ids, res[1])
    got_res = (uc, vc, res[2], res[3], g.n_sh, g.n_sh)
    got = pairs_frame(g, g, expand_self(g, got_res, **opts), carry=("article_id",),
                      order_keys=True)  # fmt: skip
    pd.testing.assert_frame_equal(got, want, check_exact=True)
    assert (want["kind"] == "exact").any()
