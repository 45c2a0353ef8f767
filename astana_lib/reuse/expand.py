"""From representative pairs to the pairs table: kinds, copies, carried metadata.

The search works on one representative per distinct normalised text
(:class:`~astana_lib.reuse.prepare.PreparedSide`); this module expands its pairs back to
every copy (``duplicates="all"``) or to first copies (``"first"``), adds the pairs
inside exact-duplicate groups (``kind "exact"``), checks the pair budget before any row
is built (:mod:`astana_lib.reuse.pairbudget`) and builds the
:data:`~astana_lib.schema.PAIRS` frame.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pandas as pd

from astana_lib.reuse.containment import containment_ratio
from astana_lib.reuse.cosine import SCORE_TOLERANCE
from astana_lib.reuse.pairbudget import check_pair_budget, exact_pair_count
from astana_lib.reuse.prepare import PreparedSide, carry_name

__all__ = ["apply_scope", "expand_cross", "expand_self", "pair_kinds", "pairs_frame"]


def pair_kinds(cosine: np.ndarray, threshold: float, run_only=None, key=None) -> np.ndarray:
    """``"near"`` at cosine >= threshold, ``"run"`` for pairs only the run step found
    (``key`` in ``run_only``), ``"contained"`` otherwise.

    Examples
    --------
    >>> pair_kinds(np.array([0.9, 0.3, 0.25]), 0.6, np.array([7]), np.array([5, 6, 7])).tolist()
    ['near', 'contained', 'run']
    """
    near = cosine >= float(threshold) - SCORE_TOLERANCE
    kind = np.where(near, "near", "contained").astype(object)
    if key is not None and run_only is not None and len(run_only):
        kind[np.isin(key, run_only) & ~near] = "run"
    return kind


def _copies(a: PreparedSide, b: PreparedSide, u, v, *, duplicates: str, budget: tuple):
    """Rows of every copy pair of the representative pairs ``(u, v)`` → (idx, ra, rb)."""
    if duplicates == "first":
        return np.arange(len(u)), a.members[a.starts[u]], b.members[b.starts[v]]
    tot = a.sizes[u] * b.sizes[v]
    n_out = int(tot.sum())
    extra, max_memory, stage = budget
    check_pair_budget(n_out + extra, max_memory=max_memory, stage=stage)
    idx = np.repeat(np.arange(len(u)), tot)
    within = np.arange(n_out) - np.repeat(np.cumsum(tot) - tot, tot)
    gv = b.sizes[v][idx]
    ra = a.members[a.starts[u][idx] + within // gv]
    rb = b.members[b.starts[v][idx] + within % gv]
    return idx, ra, rb


def _exact_groups(
    side: PreparedSide, duplicates: str, only: np.ndarray | None = None
) -> tuple[np.ndarray, np.ndarray]:
    """Row pairs inside exact-duplicate groups (all pairs, or each copy with the first).

    ``only``: the representatives whose groups to pair (default: every group).
    """
    sizes, starts, members = side.sizes, side.starts, side.members
    if only is not None:
        sizes = np.zeros_like(sizes)
        sizes[only] = side.sizes[only]
    ea, eb = [], []
    for g in np.unique(sizes[sizes >= 2]):
        groups = np.nonzero(sizes == g)[0]
        base = members[starts[groups][:, None] + np.arange(g)[None, :]]  # (k, g)
        if duplicates == "first":
            ea.append(np.repeat(base[:, 0], g - 1))
            eb.append(base[:, 1:].ravel())
        else:
            i, j = np.triu_indices(int(g), 1)
            ea.append(base[:, i].ravel())
            eb.append(base[:, j].ravel())
    ea = np.concatenate(ea) if ea else np.empty(0, np.int64)
    eb = np.concatenate(eb) if eb else np.empty(0, np.int64)
    return ea, eb


def expand_self(
    side: PreparedSide,
    res,
    *,
    threshold: float,
    run_only,
    duplicates: str,
    max_memory,
    groups: np.ndarray | None = None,
):
    """Pairs of a corpus against itself, on rows: ``(rows_a, rows_b, cos, cab, cba, kind)``.

    ``groups``: the representatives whose exact-duplicate groups are paired (default:
    all; a part of the work pairs only its own, see :mod:`astana_lib.reuse.partfinish`).
    """
    u, v, cosine, shared, na, _ = res
    cab_u = containment_ratio(shared, na[u])
    cba_u = containment_ratio(shared, na[v])
    kind_u = pair_kinds(cosine, threshold, run_only, u * max(side.n_unique, 1) + v)
    stage = "near/contained pairs expanded to copies, with exact groups"
    budget = (exact_pair_count(side.sizes, "all"), max_memory, stage)
    idx, ra, rb = _copies(side, side, u, v, duplicates=duplicates, budget=budget)
    ea, eb = _exact_groups(side, duplicates, groups)
    n_sh_rows = na[side.inverse]
    full = np.where(n_sh_rows[ea] > 0, 1.0, np.nan)
    rows_a = np.concatenate((ra, ea))
    rows_b = np.concatenate((rb, eb))
    cos = np.concatenate((cosine[idx], np.ones(len(ea))))
    cab = np.concatenate((cab_u[idx], full))
    cba = np.concatenate((cba_u[idx], full))
    kind = np.concatenate((kind_u[idx], np.full(len(ea), "exact", dtype=object)))
    return rows_a, rows_b, cos, cab, cba, kind


def expand_cross(
    a: PreparedSide,
    b: PreparedSide,
    res,
    *,
    threshold: float,
    run_only,
    duplicates: str,
    max_memory,
):
    """Pairs between two corpora, on rows: ``(rows_a, rows_b, cos, cab, cba, kind)``."""
    u, v, cosine, shared, na, nb = res
    cab_u = containment_ratio(shared, na[u])
    cba_u = containment_ratio(shared, nb[v])
    kind_u = pair_kinds(cosine, threshold, run_only, u * max(b.n_unique, 1) + v)
    kind_u[a.uniq[u] == b.uniq[v]] = "exact"
    cosine = np.where(kind_u == "exact", 1.0, cosine)
    budget = (0, max_memory, "pairs expanded to copies")
    idx, ra, rb = _copies(a, b, u, v, duplicates=duplicates, budget=budget)
    return ra, rb, cosine[idx], cab_u[idx], cba_u[idx], kind_u[idx]


def pairs_frame(
    a: PreparedSide,
    b: PreparedSide,
    rows,
    *,
    carry: Sequence[str],
    order_keys: bool,
    extra: dict[str, np.ndarray] | None = None,
) -> pd.DataFrame:
    """The PAIRS frame of ``rows = (ra, rb, cos, cab, cba, kind)``, sorted by para ids.

    ``order_keys``: swap each pair so that ``para_a < para_b`` (a corpus against itself).
    ``extra``: more symmetric per-row columns (e.g. ``p_reuse``), added after ``kind``.
    """
    ra, rb, cos, cab, cba, kind = rows
    ra = np.asarray(ra, dtype=np.int64)
    rb = np.asarray(rb, dtype=np.int64)
    ka, kb = a.keys[ra], b.keys[rb]
    if order_keys and len(ra):
        swap = ka > kb
        ra, rb = np.where(swap, rb, ra), np.where(swap, ra, rb)
        ka, kb = np.where(swap, kb, ka), np.where(swap, ka, kb)
        cab, cba = np.where(swap, cba, cab), np.where(swap, cab, cba)
    out = {"para_a": pd.Series(ka, dtype="str"), "para_b": pd.Series(kb, dtype="str")}
    for col in carry:
        for side, side_rows, tag in ((a, ra, "a"), (b, rb, "b")):
            name = carry_name(col, tag)
            if col in side.frame.columns:
                out[name] = side.frame[col].iloc[side_rows].reset_index(drop=True)
            else:
                out[name] = pd.Series(pd.NA, index=range(len(side_rows)), dtype="object")
    out["cosine"] = pd.Series(np.asarray(cos, dtype=np.float64))
    out["containment_ab"] = pd.Series(np.asarray(cab, dtype=np.float64))
    out["containment_ba"] = pd.Series(np.asarray(cba, dtype=np.float64))
    out["kind"] = pd.Series(np.asarray(kind, dtype=object), dtype="str")
    for name, values in (extra or {}).items():
        out[name] = pd.Series(np.asarray(values))
    df = pd.DataFrame(out)
    return df.sort_values(["para_a", "para_b"], kind="stable").reset_index(drop=True)


def apply_scope(pairs: pd.DataFrame, scope: str) -> pd.DataFrame:
    """Keep the pairs of ``scope`` (all / within / across articles / across outlets)."""
    if scope == "within":
        pairs = pairs[pairs["article_a"] == pairs["article_b"]]
    elif scope == "across":
        pairs = pairs[pairs["article_a"] != pairs["article_b"]]
    elif scope == "outlets":
        known = pairs["outlet_a"].notna() & pairs["outlet_b"].notna()
        pairs = pairs[known & (pairs["outlet_a"] != pairs["outlet_b"])]
    return pairs.reset_index(drop=True)
