"""The steps after the candidates, over parts: only the rows the pairs need.

The representative pairs of a search over parts (:mod:`astana_lib.reuse.partblocks`)
are few compared with the paragraphs. To expand them to copies, carry metadata, label
duplicate records, apply the scope and score the decision, the client needs only the
rows of the representatives in a pair and of exact-duplicate groups
(:func:`part_rows`, run on each part), one normalised text per such representative,
and the decision's 3-gram counts of *those* texts' 3-grams (:func:`decision_corpus`).
With them the local code runs unchanged: :func:`~astana_lib.reuse.expand.expand_self`
and :func:`~astana_lib.reuse.expand.pairs_frame` on a :class:`PreparedSide` of the
gathered rows (:func:`gathered_side`; same order of rows and representatives as the
whole corpus, so the same pairs in the same order), then
:func:`~astana_lib.reuse.decision.add_p_reuse` with a
:class:`~astana_lib.reuse.shingle_counts.ShingleCounts` whose token ids keep the order
of the whole corpus' ids (so every feature, and ``p_reuse``, is the local one).
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from astana_lib.reuse.containment import TOKEN_PATTERN
from astana_lib.reuse.partblocks import PartState
from astana_lib.reuse.prepare import PreparedSide
from astana_lib.reuse.shingle_counts import ShingleCounts, shingle_positions
from astana_lib.text.ngrams import tokenize

__all__ = [
    "decision_corpus",
    "finish_pairs",
    "gathered_side",
    "lookup_counts",
    "part_rows",
    "used_tokens",
]


def part_rows(state: PartState, needed: np.ndarray) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Rows of one part whose representative is ``needed``, and the texts of those it owns.

    ``needed``: sorted global representative numbers (the two sides of some pairs, and
    the exact-duplicate groups to pair). Returns the rows (their kept columns plus
    ``_rep``) in part order, and ``(_rep, norm, n_sh)`` of the needed representatives
    this part owns.
    """
    rr = state.row_rep
    needed = np.asarray(needed, dtype=np.int64)
    hit = (rr >= 0) & _member(rr, needed)
    rows = state.frame.loc[hit].reset_index(drop=True)
    rows["_rep"] = rr[hit]
    own = state.rep0 + np.arange(len(state.texts))
    want = _member(own, needed)
    reps = pd.DataFrame(
        {"_rep": own[want], "norm": [t for t, w in zip(state.texts, want, strict=True) if w],
         "n_sh": state.n_sh[want]}
    )  # fmt: skip
    return rows, reps


def _member(values: np.ndarray, sorted_set: np.ndarray) -> np.ndarray:
    """``np.isin(values, sorted_set)`` by binary search (``sorted_set`` sorted)."""
    if len(sorted_set) == 0:
        return np.zeros(len(values), dtype=bool)
    j = np.minimum(np.searchsorted(sorted_set, values), len(sorted_set) - 1)
    return sorted_set[j] == values


def gathered_side(rows: pd.DataFrame, reps: pd.DataFrame) -> PreparedSide:
    """A :class:`PreparedSide` of gathered rows (in corpus order) and their reps.

    Representatives are renumbered ``0..k-1`` in their global order (``rep_ids``: the
    global numbers; ``n_sh``: their shingle counts); ``sizes`` are the corpus-wide
    copies (every copy of a duplicated text is gathered).
    """
    reps = reps.sort_values("_rep", kind="stable", ignore_index=True)
    inverse = np.searchsorted(reps["_rep"].to_numpy(), rows["_rep"].to_numpy())
    side = PreparedSide.__new__(PreparedSide)
    side.frame = rows.drop(columns="_rep").reset_index(drop=True)
    side.keys = side.frame["para_id"].astype(str).to_numpy(dtype=object)
    side.norms = reps["norm"].to_numpy(dtype=object)[inverse]
    side.uniq = reps["norm"].to_numpy(dtype=object)
    side.inverse = inverse.astype(np.int64)
    side.sizes = np.bincount(inverse, minlength=len(reps)).astype(np.int64)
    side.members = np.argsort(side.inverse, kind="stable")
    side.starts = np.concatenate(([0], np.cumsum(side.sizes)[:-1]))
    side.rep_ids = reps["_rep"].to_numpy(dtype=np.int64)  # global numbers, sorted
    side.n_sh = reps["n_sh"].to_numpy(dtype=np.int64)
    return side


def used_tokens(texts: list[str]) -> tuple[list[str], np.ndarray, np.ndarray]:
    """Tokens of ``texts`` (first appearance), and the texts' local token ids."""
    vocab: dict[str, int] = {}
    ids, ptr = tokenize(texts, vocab, grow=True, pattern=TOKEN_PATTERN)
    return list(vocab), ids, ptr


def decision_corpus(
    texts: list[str], global_ids: np.ndarray, counts_of, n_texts: int
) -> ShingleCounts:
    """The decision's 3-gram counts restricted to ``texts``, keyed for their tokens.

    ``global_ids``: the whole corpus' decision token id of each of
    :func:`used_tokens` ``(texts)``; ``counts_of(keys)``: texts of the corpus holding each
    3-gram key (hash of global ids). Tokens get compact ids in the order of their global
    ids, so :func:`~astana_lib.reuse.features.pair_features` (which orders its character
    table by id) computes the same numbers as with the whole corpus' vocabulary.

    Examples
    --------
    >>> texts = ["ا ب ج د", "ب ج د"]
    >>> sc = decision_corpus(texts, np.array([5, 1, 2, 3]), lambda k: np.full(len(k), 7), 9)
    >>> list(sc.vocab), sc.n_texts, sorted(set(sc.counts.tolist()))
    (['ب', 'ج', 'د', 'ا'], 9, [7])
    """
    tokens, ids, ptr = used_tokens(texts)
    order = np.argsort(global_ids, kind="stable")
    compact = np.empty(len(order), dtype=np.int64)
    compact[order] = np.arange(len(order))
    vocab = {tokens[i]: k for k, i in enumerate(order)}
    if len(ids) == 0:
        return ShingleCounts(vocab, np.zeros(0, np.uint64), np.zeros(0, np.int64), n_texts)
    _, keys_g, _ = shingle_positions(global_ids[ids], ptr)
    _, keys_c, _ = shingle_positions(compact[ids], ptr)
    keys_c, first = np.unique(keys_c, return_index=True)
    counts = np.asarray(counts_of(keys_g[first]), dtype=np.int64)
    return ShingleCounts(vocab, keys_c, counts, n_texts)


def lookup_counts(table: tuple, keys: np.ndarray) -> np.ndarray:
    """Counts of ``keys`` in a sorted ``(keys, counts)`` table (0 when absent).

    Examples
    --------
    >>> lookup_counts((np.array([2, 5], np.uint64), np.array([3, 4])), np.array([5, 1], np.uint64))
    array([4, 0])
    """
    tk, tc = table
    keys = np.asarray(keys, dtype=np.uint64)
    if len(tk) == 0 or len(keys) == 0:
        return np.zeros(len(keys), dtype=np.int64)
    j = np.minimum(np.searchsorted(tk, keys), len(tk) - 1)
    return np.where(tk[j] == keys, tc[j], 0).astype(np.int64)


def finish_pairs(
    combined: tuple,
    got: list,
    tokens=None,
    grams=None,
    *,
    groups: np.ndarray | None = None,
    n_texts: int,
    chosen,
    threshold: float,
    duplicates: str,
    carry,
    scope: str,
) -> tuple[pd.DataFrame, dict]:
    """Pairs of some representative pairs and exact-duplicate groups, from part rows.

    Runs where it is called (a worker task on the parts path, so the client never holds
    the rows or texts of the paired paragraphs): ``combined``: representative pairs
    (global numbers, with their block results); ``groups``: the representatives whose
    exact-duplicate groups are paired (default: every duplicated text in ``got``);
    ``got``: each part's :func:`part_rows` of these representatives. Builds the
    gathered side (:func:`gathered_side`) and runs the local steps — expansion, pairs
    table, duplicate-record labels and scope, and with ``chosen`` the decision on
    representative pairs (:func:`~astana_lib.reuse.repdecision.decide_and_expand`) with
    the 3-gram counts of the representatives' 3-grams (``tokens``: the decision's
    global token table; ``grams``: the sorted ``(keys, counts)`` table). Every value
    depends only on its own pair, so pieces of the work give the rows of the whole,
    sorted by ``(para_a, para_b)`` within the piece. Returns the pairs and the seconds of
    each step.
    """
    import time

    from astana_lib.reuse.find import copy_labeller
    from astana_lib.reuse.repdecision import decide_and_expand

    t0 = time.perf_counter()
    u, v, cos, shared, run_only = combined
    side = gathered_side(
        pd.concat([g[0] for g in got], ignore_index=True),
        pd.concat([g[1] for g in got], ignore_index=True),
    )
    del got
    uc, vc = np.searchsorted(side.rep_ids, u), np.searchsorted(side.rep_ids, v)
    res = (uc, vc, cos, shared, side.n_sh, side.n_sh)
    run_keys = uc[run_only] * max(side.n_unique, 1) + vc[run_only]
    options = dict(threshold=float(threshold), duplicates=duplicates, max_memory=None)
    if groups is not None:
        options["groups"] = np.searchsorted(side.rep_ids, np.asarray(groups, dtype=np.int64))
    t1 = time.perf_counter()
    corpus = None
    if chosen is not None:
        texts = [str(t) for t in side.uniq]
        corpus = decision_corpus(texts, tokens.ids(used_tokens(texts)[0]),
                                 lambda keys: lookup_counts(grams, keys), n_texts)  # fmt: skip
    pairs = decide_and_expand(
        side, res, run_keys, chosen=chosen, corpus=corpus, expand_options=options,
        carry=carry, relabel=copy_labeller(side.frame), scope=scope,
    )  # fmt: skip
    return pairs, {"expand_seconds": t1 - t0, "decision_seconds": time.perf_counter() - t1}
