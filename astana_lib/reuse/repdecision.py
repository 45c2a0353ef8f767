"""The ``p_reuse`` decision on representative pairs, before the copies are expanded.

``p_reuse`` depends on the two texts of a pair (and their cosine) only, so every copy
pair of two distinct texts has the value of its representative pair, and every pair
inside an exact-duplicate group the value of that text with itself. Scoring the
representative pairs, in chunks of :data:`DECISION_CHUNK` pairs, and expanding only the
kept ones gives the pairs table of "expand every candidate, then score and filter"
(:func:`~astana_lib.reuse.find.decide`) row for row, value for value, without building
the table of every candidate's copies or the features of every text at once: at 1M
paragraphs that table and those features were the peak of the search's memory.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Sequence
from typing import Any

import numpy as np
import pandas as pd

from astana_lib.reuse.expand import apply_scope, expand_self, pairs_frame
from astana_lib.reuse.prepare import PreparedSide

__all__ = ["DECISION_CHUNK", "decide_and_expand", "rep_p_reuse"]

logger = logging.getLogger("astana_lib.reuse.matcher")

#: Representative pairs scored at a time (bounds the features' memory; each chunk
#: vectorises only its own texts).
DECISION_CHUNK = 250_000

_KEEP_ALWAYS = ("exact", "duplicate_record")


def rep_p_reuse(
    texts: Sequence[str],
    u: np.ndarray,
    v: np.ndarray,
    cosine: np.ndarray,
    *,
    decision: Any,
    corpus: Any,
    chunk: int = DECISION_CHUNK,
) -> np.ndarray:
    """``p_reuse`` of the text pairs ``(texts[u[k]], texts[v[k]])``, ``chunk`` pairs at a time.

    Parameters
    ----------
    texts : sequence of str
        Distinct normalised texts (a search's representatives).
    u, v : array of int
        Positions in ``texts`` of the two sides of each pair.
    cosine : array of float
        Word TF-IDF cosine of each pair.
    decision : ReuseDecision
        The fitted decision model.
    corpus : ShingleCounts
        Word 3-gram counts of the corpus searched.
    chunk : int
        Pairs scored at a time; the values do not depend on it.

    Examples
    --------
    >>> from astana_lib.reuse.decision import default_decision
    >>> from astana_lib.reuse.shingle_counts import ShingleCounts
    >>> t = ["أعلن الوفد الروسي أن الجولة المقبلة من محادثات استانا ستعقد في تموز",
    ...      "وأعلن الوفد الروسي ان الجولة المقبلة من محادثات استانا ستعقد في تموز",
    ...      "قصفت الطائرات مواقع في ريف ادلب الجنوبي صباح اليوم"]
    >>> p = rep_p_reuse(t, np.array([0, 0]), np.array([1, 2]), np.array([0.83, 0.02]),
    ...                 decision=default_decision(), corpus=ShingleCounts.from_texts(t), chunk=1)
    >>> bool(p[0] > 0.9), bool(p[1] < 0.1)
    (True, True)
    """
    from astana_lib.reuse.features import pair_features

    u = np.asarray(u, dtype=np.int64)
    v = np.asarray(v, dtype=np.int64)
    cosine = np.asarray(cosine, dtype=np.float64)
    out = np.empty(len(u), dtype=np.float64)
    for s in range(0, len(u), max(int(chunk), 1)):
        sl = slice(s, s + max(int(chunk), 1))
        feats = pair_features(texts, u[sl], v[sl], cosine=cosine[sl], corpus=corpus)
        out[sl] = decision.predict_proba(feats)
    return out


def _row_p(side: PreparedSide, ra, rb, rep_keys: np.ndarray, p_rep, p_self) -> np.ndarray:
    """``p_reuse`` of expanded rows: their representative pair's, or their group's."""
    ia, ib = side.inverse[ra], side.inverse[rb]
    n = np.int64(max(side.n_unique, 1))
    key = np.minimum(ia, ib) * n + np.maximum(ia, ib)
    j = np.minimum(np.searchsorted(rep_keys, key), max(len(rep_keys) - 1, 0))
    p = p_rep[j] if len(rep_keys) else np.zeros(len(ia))
    return np.where(ia == ib, p_self[ia], p)


def decide_and_expand(
    side: PreparedSide,
    res: tuple,
    run_only,
    *,
    chosen: tuple | None,
    corpus: Any,
    expand_options: dict,
    carry: Sequence[str],
    relabel: Callable[[pd.DataFrame], pd.DataFrame] | None,
    scope: str,
) -> pd.DataFrame:
    """Score representative pairs, expand the kept ones, label and scope: the pairs table.

    ``res``/``run_only``: the search's representative pairs (``(u, v, cosine, shared,
    n_a, n_b)``); ``chosen``: ``(model, p threshold)``, or None for no decision (every
    candidate kept, no ``p_reuse``); ``relabel(pairs)``: the duplicate-record labelling
    (None when no pair can be one); ``scope``: as
    :func:`~astana_lib.reuse.expand.apply_scope`; ``expand_options``: those of
    :func:`~astana_lib.reuse.expand.expand_self` (``groups`` limits the exact-duplicate
    groups paired and scored). Exact pairs, and pairs the labelling
    makes ``duplicate_record``, are kept whatever their ``p_reuse`` (as
    :func:`~astana_lib.reuse.find.decide` does).
    """
    rows = expand_self(side, res, run_only=run_only, **expand_options)
    extra = None
    if chosen is not None:
        model, p_min = chosen
        p = _row_scores(side, res, rows, model=model, corpus=corpus,
                        groups=expand_options.get("groups"))  # fmt: skip
        # with a possible relabelling every candidate is framed, then filtered below
        keep = (p >= p_min) | (rows[5] == "exact") if relabel is None else slice(None)
        n_cand = len(p)
        rows = tuple(np.asarray(x)[keep] for x in rows)
        extra = {"p_reuse": p[keep]}
    pairs = pairs_frame(side, side, rows, carry=carry, order_keys=True, extra=extra)
    pairs = apply_scope(relabel(pairs) if relabel is not None else pairs, scope)
    if chosen is None:
        return pairs
    if relabel is not None:
        ok = (pairs["p_reuse"].to_numpy() >= p_min) | pairs["kind"].isin(_KEEP_ALWAYS).to_numpy()
        pairs = pairs[ok].reset_index(drop=True)
    logger.info("decision: %d of %d candidate pairs kept (p_reuse >= %.2f)",
                len(pairs), n_cand, p_min)  # fmt: skip
    return pairs


def _row_scores(
    side: PreparedSide, res: tuple, rows: tuple, *, model, corpus, groups=None
) -> np.ndarray:
    """``p_reuse`` of every expanded row, each distinct text pair scored once.

    ``groups``: the representatives whose exact-duplicate groups were expanded (default:
    every group).
    """
    u, v, cosine = res[0], res[1], res[2]
    n = np.int64(max(side.n_unique, 1))
    rep_keys = np.minimum(u, v) * n + np.maximum(u, v)
    order = np.argsort(rep_keys, kind="stable")
    # the features, hence p_reuse, do not depend on which text is side a
    p_sorted = rep_p_reuse(side.uniq, u[order], v[order], cosine[order], decision=model,
                           corpus=corpus)  # fmt: skip
    groups = np.flatnonzero(side.sizes >= 2) if groups is None else np.asarray(groups)
    groups = groups[side.sizes[groups] >= 2]
    p_self = np.zeros(side.n_unique, dtype=np.float64)
    if len(groups):
        p_self[groups] = rep_p_reuse(side.uniq, groups, groups, np.ones(len(groups)),
                                     decision=model, corpus=corpus)  # fmt: skip
    return _row_p(side, rows[0], rows[1], rep_keys[order], p_sorted, p_self)
