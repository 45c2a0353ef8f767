"""One search from a paragraphs table to the pairs table, on any executor.

:func:`search_pairs` is what :func:`astana_lib.reuse.matcher.find_near_duplicates` runs,
with or without a Dask client: check the options and select the rows
(:func:`select_rows`), fit a :class:`~astana_lib.reuse.estimator.ParagraphMatcher` once on
the whole selection, run its block-pair search on the given executor, label pairs of
duplicate records, apply the scope, and keep what the ``p_reuse`` decision calls reuse.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Iterable, Sequence
from typing import Any

import pandas as pd

from astana_lib._checks import check_choice, check_fraction
from astana_lib._memory import release_free_memory
from astana_lib.backends.executor import Executor
from astana_lib.reuse.constants import SCOPES, SEARCH_METHODS, NothingToMatchError
from astana_lib.reuse.estimator import ParagraphMatcher
from astana_lib.reuse.expand import apply_scope
from astana_lib.reuse.prepare import carry_name
from astana_lib.schema import require_columns

__all__ = [
    "apply_scope",
    "copy_labeller",
    "decide",
    "label_copies",
    "resolve_decision",
    "search_counts",
    "search_pairs",
    "select_rows",
    "typed_empty",
]

logger = logging.getLogger("astana_lib.reuse.matcher")


def search_pairs(
    paragraphs: pd.DataFrame,
    *,
    executor: Executor,
    scope: str,
    roles: Iterable[str] | None,
    duplicate_records: str,
    decision: Any,
    min_p_reuse: float | None,
    **options: Any,
) -> pd.DataFrame:
    """The pairs table of ``paragraphs``, the block search run by ``executor``.

    ``options`` are :class:`~astana_lib.reuse.estimator.ParagraphMatcher` options
    (``threshold``, ``containment_threshold``, ``method``, ``block_size`` …); the other
    arguments are those of :func:`~astana_lib.reuse.matcher.find_near_duplicates`.
    Fitting time and the block search's figures are recorded on the executor.
    """
    chosen = resolve_decision(decision, min_p_reuse)
    sel = select_rows(
        paragraphs, scope=scope, threshold=options["threshold"],
        containment_threshold=options["containment_threshold"], method=options["method"],
        roles=roles, duplicate_records=duplicate_records,
    )  # fmt: skip
    block_size = options.get("block_size")
    if block_size is not None and int(block_size) < 1:
        raise ValueError(f"block_size must be >= 1, got {block_size}")
    matcher = ParagraphMatcher(**options)
    t0, c0 = time.perf_counter(), time.thread_time()
    try:
        matcher.fit(sel)
    except NothingToMatchError as err:
        logger.warning("find_near_duplicates: %s; returning no pairs", err)
        return decide(typed_empty(sel, options["carry"]), sel, chosen)
    executor.record("fit_seconds", time.perf_counter() - t0)
    executor.record("fit_cpu_seconds", time.thread_time() - c0)
    from astana_lib.reuse.repdecision import decide_and_expand

    res, run_only = matcher._self_candidates(executor)
    counts = None if chosen is None else search_counts(matcher, sel)
    side, expand_options, carry = matcher._side, matcher._expand_options(), matcher.carry
    del matcher  # the TF-IDF and shingle matrices are not needed by the decision
    release_free_memory()
    return decide_and_expand(
        side, res, run_only, chosen=chosen, corpus=counts, expand_options=expand_options,
        carry=carry, relabel=copy_labeller(sel), scope=scope,
    )  # fmt: skip


def copy_labeller(frame: pd.DataFrame):
    """:func:`label_copies` on ``frame``'s rows, or None when no pair can be relabelled."""
    dof = frame.get("article_duplicate_of")
    if dof is None or "article_id" not in frame.columns or not dof.notna().any():
        return None
    return lambda pairs: label_copies(pairs, frame)


def resolve_decision(decision: Any, min_p_reuse: float | None):
    """(model, p threshold) or None, checked before any work is done."""
    from astana_lib.reuse.decision import ReuseDecision, default_decision

    if min_p_reuse is not None:
        check_fraction("min_p_reuse", min_p_reuse)
    if decision is None:
        if min_p_reuse is not None:
            raise ValueError("min_p_reuse needs a decision (decision='default' or a model)")
        return None
    if isinstance(decision, str):
        check_choice("decision", decision, ("default",))
        decision = default_decision()
    if not isinstance(decision, ReuseDecision):
        raise TypeError(
            "decision must be 'default', None or a ReuseDecision "
            f"(astana_lib.fit_reuse_decision), got {type(decision).__name__}"
        )
    decision._check_fitted()
    return decision, float(decision.threshold_ if min_p_reuse is None else min_p_reuse)


def search_counts(matcher: ParagraphMatcher, sel: pd.DataFrame):
    """The decision's corpus 3-gram counts, from the fitted search (no second tokenising).

    The same counts as :func:`~astana_lib.reuse.decision.features_for_pairs` takes over the
    distinct texts of ``sel`` by itself: the rows the search skipped (empty, no Arabic
    letter) are counted apart.
    """
    from astana_lib.reuse.decision import _norm_lookup
    from astana_lib.reuse.shingle_counts import ShingleCounts

    skipped: list[str] = []
    if matcher.n_skipped_:
        # object dtype: a hash lookup (isin of pyarrow strings loops in Python)
        ids = pd.Series(sel["para_id"].astype(str).to_numpy(dtype=object), dtype=object)
        rows = ~ids.isin(pd.Index(matcher._side.keys, dtype=object)).to_numpy()
        skipped = list(_norm_lookup(sel[rows]).to_numpy())
    return ShingleCounts.of_search(matcher, skipped)


def decide(pairs: pd.DataFrame, paragraphs: pd.DataFrame, chosen, *, counts=None) -> pd.DataFrame:
    """Score candidates with the decision model and keep reuse (exact pairs always).

    ``counts``: the corpus 3-gram counts (:func:`search_counts`), else counted here.
    """
    if chosen is None:
        return pairs
    from astana_lib.reuse.decision import add_p_reuse

    model, p_min = chosen
    out = add_p_reuse(pairs, paragraphs, decision=model, corpus=counts)
    keep = (out["p_reuse"].to_numpy() >= p_min) | out["kind"].isin(
        ["exact", "duplicate_record"]
    ).to_numpy()
    logger.info("decision: %d of %d candidate pairs kept (p_reuse >= %.2f)",
                int(keep.sum()), len(out), p_min)  # fmt: skip
    return out[keep].reset_index(drop=True)


def label_copies(pairs: pd.DataFrame, sel: pd.DataFrame) -> pd.DataFrame:
    """Pairs of two copies of one duplicated article get ``kind="duplicate_record"``."""
    from astana_lib.reading.duplicates import label_duplicate_record_pairs

    if "article_duplicate_of" not in sel.columns or "article_id" not in sel.columns:
        return pairs
    return label_duplicate_record_pairs(pairs, sel)


def select_rows(
    paragraphs: pd.DataFrame,
    *,
    scope: str,
    threshold: float,
    containment_threshold: float | None,
    method: str,
    roles: Iterable[str] | None,
    duplicate_records: str = "drop",
) -> pd.DataFrame:
    """Check the options of :func:`find_near_duplicates` and select the rows it searches."""
    check_choice("scope", scope, SCOPES)
    check_fraction("threshold", threshold)
    if containment_threshold is not None:
        check_fraction("containment_threshold", containment_threshold)
    check_choice("method", method, SEARCH_METHODS)
    if not isinstance(paragraphs, pd.DataFrame):
        raise TypeError(f"paragraphs must be a pandas DataFrame, got {type(paragraphs).__name__}")
    need = ["para_id"] + (["norm"] if "norm" in paragraphs.columns else ["text"])
    if scope in ("within", "across"):
        need.append("article_id")
    if scope == "outlets":
        need.append("outlet")
    require_columns(paragraphs, need, table="paragraphs")
    from astana_lib.reading.duplicates import drop_duplicate_records

    paragraphs = drop_duplicate_records(paragraphs, duplicate_records)  # type: ignore[arg-type]
    if roles is None or "role" not in paragraphs.columns:
        return paragraphs
    roles = [roles] if isinstance(roles, str) else list(roles)
    return paragraphs[paragraphs["role"].isin(roles)]


def typed_empty(paragraphs: pd.DataFrame, carry: Sequence[str]) -> pd.DataFrame:
    """An empty pairs table with the columns (and dtypes) a non-empty one would have."""
    out: dict[str, pd.Series] = {
        "para_a": pd.Series([], dtype="str"),
        "para_b": pd.Series([], dtype="str"),
    }
    for col in carry:
        for tag in ("a", "b"):
            if col in paragraphs.columns:
                out[carry_name(col, tag)] = paragraphs[col].iloc[:0].reset_index(drop=True)
            else:
                out[carry_name(col, tag)] = pd.Series([], dtype="object")
    for col in ("cosine", "containment_ab", "containment_ba"):
        out[col] = pd.Series([], dtype="float64")
    out["kind"] = pd.Series([], dtype="str")
    return pd.DataFrame(out)
