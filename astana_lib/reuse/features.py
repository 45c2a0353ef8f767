"""What a reader compares in a pair of paragraphs, as numbers (features of the reuse decision).

:func:`pair_features` scores candidate pairs of *normalised* texts
(:func:`~astana_lib.text.normalize.normalize_arabic`) on what a person checks when deciding
whether one text was written from the other:

=====================  ==================================================================
``cosine``             word 1-2-gram TF-IDF cosine (the search's own score, passed in)
``char_cosine``        cosine of character 3-grams of the words with the clitics
                       و ف ب ك ل and the article ال stripped (light stemming), sublinear
                       tf, no idf: "وبالمحادثات" and "المحادثات" share their n-grams, and
                       spelling variants share most of theirs
``containment_max``    larger of the two word-3-shingle containments (a text inside another)
``containment_min``    smaller one (both texts mostly shared)
``run_share``          longest common run of tokens over the shorter text's token count
``log_run``            ``log1p`` of that run (a long verbatim run is evidence on its own)
``run_cover``          share of the shorter text's tokens inside common runs of at least
                       :data:`COVER_RUN` tokens (several shared clauses, not one)
``length_ratio``       shorter / longer token count
``number_mismatch``    share of the figures (digit tokens) of the two texts that are not in
                       both (``1 - Jaccard``; 0 when one side has no figure): a template
                       filled with other figures is another text
``quote_share``        share of the common-run tokens that lie inside quotation marks
                       («…», "…", {…}, long (…); :mod:`astana_lib.reuse.quoted`), the
                       mean of the two sides: two outlets quoting one statement
``outside_cover``      ``run_cover`` of the text *outside* quotation marks: the larger,
                       over the two sides, of the share of its unquoted tokens inside
                       common runs of at least :data:`COVER_RUN` tokens (a side with
                       fewer than 3 unquoted tokens counts 0): shared framing, not
                       only a shared quote
``rare_shared``        distinct shared 3-grams found in at most 5 texts of the corpus,
                       over the shorter text's distinct 3-grams: distinctive shared text
``common_shared``      the same for shared 3-grams found in more than 20 texts of the
                       corpus: formula lines, title chains, templates
                       (:mod:`astana_lib.reuse.shingle_counts`)
=====================  ==================================================================

Every feature is symmetric: swapping the two texts gives the same values, bit for bit (the
k-th copy of a 3-gram in one text matches its k-th copy in the other, in text order, so
the common runs are the same whichever text is side a, and a text repeating a phrase
does not multiply its matches). Every value is finite for every pair: a text with fewer than 3 tokens has no shingles,
so its containment is defined as its run share (1.0 for an identical short text, else
less); an empty text scores 0 on everything. Runs shorter than 3 tokens count as 0 (the
run is found through shared word 3-grams).

The character features are computed only for the texts that occur in the pairs (never
a whole-corpus character matrix), through a token × n-gram table built once per distinct
word: cost grows with the number of candidate pairs, not with the corpus.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import scipy.sparse as sp

from astana_lib.reuse.containment import TOKEN_PATTERN
from astana_lib.reuse.cosine import rowwise_dot
from astana_lib.reuse.quoted import quoted_token_mask
from astana_lib.reuse.runs import _runs_and_shared, _shareable
from astana_lib.reuse.shingle_counts import (
    ShingleCounts,
    count_texts,
    gather_tokens,
    shingle_positions,
)
from astana_lib.text.ngrams import tokenize

__all__ = ["CORPUS_FEATURES", "FEATURES", "FEATURES_V1", "light_stem", "pair_features"]

#: Feature columns of :func:`pair_features`, in the order the decision model uses them.
FEATURES = (
    "cosine",
    "char_cosine",
    "containment_max",
    "containment_min",
    "run_share",
    "log_run",
    "run_cover",
    "length_ratio",
    "number_mismatch",
    "quote_share",
    "outside_cover",
    "rare_shared",
    "common_shared",
)
#: The features of the first shipped model (before the quotation and frequency features).
FEATURES_V1 = FEATURES[:9]
#: Features that depend on the corpus the 3-grams are counted in (``corpus_texts``).
CORPUS_FEATURES = ("rare_shared", "common_shared")

_PREFIXES = ("وال", "فال", "بال", "كال", "لل", "ال")
_CONJ = ("و", "ف")
_CHAR_N = (3, 3)  # 3-4 gave the same CV F1/AUC on the real benchmark, 3x slower


def light_stem(word: str) -> str:
    """Strip the leading clitics a reader ignores (و/ف, then ال/بال/كال/لل).

    Conservative (Larkey's light stemming, prefixes only): a conjunction is stripped only
    when at least 3 letters remain, an article only when at least 2 remain.

    Examples
    --------
    >>> [light_stem(w) for w in ["وبالمحادثات", "المحادثات", "وزير", "للوفد", "ولا"]]
    ['محادثات', 'محادثات', 'زير', 'وفد', 'ولا']
    """
    w = word
    if len(w) > 3 and w[0] in _CONJ and not w.startswith(_PREFIXES[:4]):
        w = w[1:]
    for p in _PREFIXES:
        if w.startswith(p) and len(w) - len(p) >= 2:
            return w[len(p) :]
    return w


def _char_table(vocab: list[str]) -> sp.csr_matrix:
    """Token × character-n-gram indicator of the stemmed, space-padded tokens."""
    grams: dict[str, int] = {}
    lo, hi = _CHAR_N
    by_stem: dict[str, list[int]] = {}  # many tokens share a stem (و-, ال-, بال- forms)
    rows: list[int] = []
    cols: list[int] = []
    for i, tok in enumerate(vocab):
        stem = light_stem(tok)
        got = by_stem.get(stem)
        if got is None:
            s = f" {stem} "
            got = list(
                {grams.setdefault(s[k : k + n], len(grams))
                 for n in range(lo, hi + 1) for k in range(len(s) - n + 1)}
            )  # fmt: skip
            by_stem[stem] = got
        rows.extend([i] * len(got))
        cols.extend(got)
    # columns in the order of the grams' strings: a text's vector (and the order its values
    # are summed in) is then the same whatever other texts are scored with it
    order = np.argsort(np.array(list(grams), dtype=object), kind="stable") if grams else []
    rank = np.empty(len(grams), dtype=np.int64)
    rank[order] = np.arange(len(grams))
    return sp.csr_matrix(
        (np.ones(len(rows), dtype=np.float64), (rows, rank[np.asarray(cols, dtype=np.int64)])),
        shape=(len(vocab), max(len(grams), 1)),
    )


def _l2_rows(M: sp.csr_matrix) -> sp.csr_matrix:
    M = M.tocsr()
    norm = np.sqrt(np.asarray(M.multiply(M).sum(axis=1)).ravel())
    norm[norm == 0] = 1.0
    out = M.copy()
    out.data = out.data * np.repeat(1.0 / norm, np.diff(out.indptr))  # keeps the column order
    return out


def _char_vectors(ids: np.ndarray, ptr: np.ndarray, vocab: list[str]) -> sp.csr_matrix:
    n = len(ptr) - 1
    doc = np.repeat(np.arange(n), np.diff(ptr))
    T = sp.csr_matrix(
        (np.ones(len(ids)), (doc, ids)), shape=(n, max(len(vocab), 1)), dtype=np.float64
    )
    T.sum_duplicates()
    C = (T @ _char_table(vocab)).tocsr() if len(vocab) else sp.csr_matrix((n, 1))
    C.data = 1.0 + np.log(C.data)  # sublinear tf, as the word vectors
    C.sort_indices()
    return _l2_rows(C)


def _tokens(texts: list[str], used: np.ndarray, corpus: ShingleCounts | None):
    """Token ids (hashable with ``corpus``'s vocabulary) of the used texts, and the counts.

    Without ``corpus`` the counts are taken over the distinct ``texts`` (tokenised once,
    the used ones gathered from them); with a ``corpus`` holding the tokens of the used
    texts (:meth:`~astana_lib.reuse.shingle_counts.ShingleCounts.of_search`) they are
    gathered from it.
    """
    if corpus is None:
        index: dict[str, int] = {}
        codes = np.fromiter((index.setdefault(t, len(index)) for t in texts), dtype=np.int64)
        vocab: dict[str, int] = {}
        ids_u, ptr_u = tokenize(list(index), vocab, grow=True, pattern=TOKEN_PATTERN)
        _pos, keys, sptr = shingle_positions(ids_u, ptr_u)
        u, c, per_text, _ = count_texts(keys, sptr)
        ids, ptr = gather_tokens(ids_u, ptr_u, codes[used])
        return ids, ptr, ShingleCounts(vocab, u, c, len(index)), per_text[codes[used]]
    known = corpus.tokens_of([texts[i] for i in used])
    if known is not None:  # texts the search tokenised already: no second pass
        return known[0], known[1], corpus, known[2]
    vocab = dict(corpus.vocab)  # a copy: new tokens get new ids, the corpus keeps its own
    ids, ptr = tokenize([texts[i] for i in used], vocab, grow=True, pattern=TOKEN_PATTERN)
    _pos, keys, sptr = shingle_positions(ids, ptr)
    n_sh = count_texts(keys, sptr)[2]
    return ids, ptr, ShingleCounts(vocab, corpus.keys, corpus.counts, corpus.n_texts), n_sh


def pair_features(
    texts,
    rows_a,
    rows_b,
    *,
    cosine=None,
    corpus: ShingleCounts | None = None,
) -> pd.DataFrame:
    """Reader's features (:data:`FEATURES`) of pairs of normalised texts.

    Parameters
    ----------
    texts : sequence of str
        Normalised texts (``paragraphs["norm"]``); only those named in the pairs are used.
    rows_a, rows_b : array of int
        Positions in ``texts`` of the two sides of each pair.
    cosine : array of float, optional
        Word 1-2-gram TF-IDF cosine of each pair (the ``cosine`` column of the pairs
        table). Without it, a TF-IDF is fitted on the texts of the pairs.
    corpus : ShingleCounts, optional
        Word 3-gram counts of the corpus the pairs come from (``rare_shared`` /
        ``common_shared``). Default: counted over the distinct ``texts`` (pass the whole
        corpus as ``texts``, as :func:`~astana_lib.reuse.decision.features_for_pairs`
        does).

    Returns
    -------
    DataFrame
        One row per pair, the :data:`FEATURES` columns plus ``longest_run`` (tokens),
        ``n_tokens_a`` / ``n_tokens_b`` and ``corpus_texts`` (distinct texts the 3-grams
        were counted in). No NaN.

    Examples
    --------
    >>> t = ["وقال الوزير ان المحادثات في استانا كانت مثمره جدا",
    ...      "واكد الوزير ان المحادثات في استانا كانت مثمره",
    ...      ""]
    >>> f = pair_features(t, [0, 0], [1, 2], cosine=[0.7, 0.0])
    >>> f[["containment_max", "longest_run", "length_ratio"]].round(2).to_numpy().tolist()
    [[0.83, 7.0, 0.89], [0.0, 0.0, 0.0]]
    """
    rows_a = np.asarray(rows_a, dtype=np.int64)
    rows_b = np.asarray(rows_b, dtype=np.int64)
    if rows_a.shape != rows_b.shape:
        raise ValueError("rows_a and rows_b must have the same length")
    used, inv = np.unique(np.concatenate((rows_a, rows_b)), return_inverse=True)
    ua, ub = inv[: len(rows_a)], inv[len(rows_a) :]
    if corpus is not None and corpus.tokens is not None and corpus.tokens[2] is texts:
        # the texts the search tokenised, by position: no lookup by text
        sub = [texts[i] for i in used]
        ids, ptr, n_sh = corpus.tokens_at(used)
    else:
        texts = [t if isinstance(t, str) else "" for t in texts]
        sub = [texts[i] for i in used]
        ids, ptr, corpus, n_sh = _tokens(texts, used, corpus)
    # character / figure features on a compact vocabulary of the used texts only
    vocab_all = list(corpus.vocab) if len(ids) else []
    local, lids = np.unique(ids, return_inverse=True)
    vocab = [vocab_all[i] for i in local]
    lids = lids.ravel().astype(np.int64)
    ntok = np.diff(ptr)
    C = _char_vectors(lids, ptr, vocab)
    number_mismatch = _number_mismatch(lids, ptr, vocab, ua, ub)
    char_cos = np.clip(rowwise_dot(C, ua, C, ub), 0.0, 1.0)
    pos, keys, sptr = shingle_positions(ids, ptr)
    pos, keys, sptr = _shareable(pos, keys, sptr, np.unique(ua[ua == ub]))
    quoted = quoted_token_mask(sub, ptr, TOKEN_PATTERN)
    qcum = np.concatenate(([0], np.cumsum(quoted))).astype(np.int64)
    run, shared, cover, run_tok, run_q, out_a, out_b, n_rare, n_common = _runs_and_shared(
        pos, keys, sptr, ua, ub, ptr, qcum, corpus
    )
    na, nb = ntok[ua], ntok[ub]
    nq = qcum[ptr[1:]] - qcum[ptr[:-1]]  # quoted tokens per text
    sha, shb = n_sh[ua], n_sh[ub]
    shorter = np.minimum(na, nb)
    min_sh = np.minimum(sha, shb)
    with np.errstate(divide="ignore", invalid="ignore"):
        run_share = np.where(shorter > 0, np.minimum(run / np.maximum(shorter, 1), 1.0), 0.0)
        # identical short texts (< 3 tokens: no run) are a full run
        short_same = (shorter > 0) & (shorter < 3)
        for k in np.flatnonzero(short_same):
            short_same[k] = sub[ua[k]] == sub[ub[k]]
        run_share = np.where(short_same, 1.0, run_share)
        cab = np.where(sha > 0, np.minimum(shared / np.maximum(sha, 1), 1.0), run_share)
        cba = np.where(shb > 0, np.minimum(shared / np.maximum(shb, 1), 1.0), run_share)
        lr = np.where(np.maximum(na, nb) > 0, shorter / np.maximum(np.maximum(na, nb), 1), 0.0)
        run_cover = np.where(short_same, 1.0, np.minimum(cover / np.maximum(shorter, 1), 1.0))
        quote_share = np.where(run_tok > 0, run_q / np.maximum(run_tok, 1), 0.0)
        outside = np.maximum(_side_cover(out_a, na - nq[ua]), _side_cover(out_b, nb - nq[ub]))
        outside = np.where(short_same & (nq[ua] + nq[ub] == 0), 1.0, outside)
    if cosine is None:
        cosine = tfidf_cosine(sub, sub, ua, ub)
    cos = np.nan_to_num(np.asarray(cosine, dtype=np.float64), nan=0.0)
    cos = np.where(shorter > 0, np.clip(cos, 0.0, 1.0), 0.0)
    out = pd.DataFrame(
        {
            "cosine": cos,
            "char_cosine": char_cos,
            "containment_max": np.maximum(cab, cba),
            "containment_min": np.minimum(cab, cba),
            "run_share": run_share,
            "log_run": np.log1p(np.where(short_same, shorter, run)),
            "run_cover": run_cover,
            "length_ratio": lr,
            "number_mismatch": number_mismatch,
            "quote_share": np.clip(quote_share, 0.0, 1.0),
            "outside_cover": outside,
            "rare_shared": np.where(min_sh > 0, np.minimum(n_rare / np.maximum(min_sh, 1), 1), 0.0),
            "common_shared": np.where(
                min_sh > 0, np.minimum(n_common / np.maximum(min_sh, 1), 1), 0.0
            ),
            "longest_run": np.where(short_same, shorter, run).astype(np.float64),
            "n_tokens_a": na,
            "n_tokens_b": nb,
            "corpus_texts": np.full(len(na), corpus.n_texts, dtype=np.int64),
        }
    )
    return out


def _side_cover(covered: np.ndarray, unquoted: np.ndarray) -> np.ndarray:
    """Share of a side's unquoted tokens inside long common runs (0 under 3 such tokens)."""
    ok = unquoted >= 3
    return np.where(ok, np.clip(covered / np.maximum(unquoted, 1), 0.0, 1.0), 0.0)


def _number_mismatch(ids, ptr, vocab, ua, ub) -> np.ndarray:
    """``1 - |A ∩ B| / |A ∪ B|`` of the digit tokens of each pair (0 if a side has none)."""
    is_num = np.array([t.isdigit() for t in vocab], dtype=bool)
    if not is_num.any():
        return np.zeros(len(ua))
    n = len(ptr) - 1
    doc = np.repeat(np.arange(n), np.diff(ptr))
    m = is_num[ids]
    N = sp.csr_matrix(
        (np.ones(int(m.sum())), (doc[m], ids[m])), shape=(n, len(vocab)), dtype=np.float64
    )
    N.sum_duplicates()
    N.data[:] = 1.0
    cnt = np.diff(N.indptr)
    inter = rowwise_dot(N, ua, N, ub)
    union = cnt[ua] + cnt[ub] - inter
    both = (cnt[ua] > 0) & (cnt[ub] > 0)
    return np.where(both, 1.0 - inter / np.maximum(union, 1), 0.0)


def tfidf_cosine(corpus: list[str], texts: list[str], ua: np.ndarray, ub: np.ndarray) -> np.ndarray:
    """Word 1-2-gram TF-IDF cosine of pairs of ``texts``, with the idf of ``corpus``.

    The search's own weighting (:class:`~astana_lib.reuse.matcher.ParagraphMatcher`: tokens
    of ``TOKEN_PATTERN``, sublinear tf, smoothed idf counting every non-empty text, l2
    norm), built with scikit-learn here so that this module does not import the search.
    """
    from sklearn.feature_extraction.text import TfidfVectorizer

    fit = [t for t in corpus if isinstance(t, str) and t.strip()]
    if not fit:
        return np.zeros(len(ua))
    vec = TfidfVectorizer(token_pattern=TOKEN_PATTERN, ngram_range=(1, 2), lowercase=False,
                          sublinear_tf=True, dtype=np.float64)  # fmt: skip
    try:
        vec.fit(fit)
    except ValueError:  # no token at all
        return np.zeros(len(ua))
    X = vec.transform([t if isinstance(t, str) else "" for t in texts]).tocsr()
    return np.clip(rowwise_dot(X, ua, X, ub), 0.0, 1.0)
