"""Exact-duplicate groups and the memory/time budget of a pair search.

``n`` identical paragraphs are ``n (n - 1) / 2`` pairs: 4,000 copies of one promo line
are 7,998,000 pair rows and about 4 GB. Two tools keep that in hand:

* :func:`duplicate_groups` reports each exact-duplicate group **once** (group id, size,
  first paragraph, members, articles and outlets it spans) — the compact answer to "what
  is copied verbatim, and how often"; ``find_near_duplicates(duplicates="first")`` then
  links each copy to the group's first paragraph only (``n - 1`` rows per group instead
  of ``n (n - 1) / 2``), and ``duplicates="all"`` gives the full expansion on request;
* before pair rows are built, :func:`check_pair_budget` estimates their memory and time
  from the candidate counts (exact groups are counted before the search starts, near
  pairs before they are expanded to copies), logs the estimate, and raises
  :class:`PairBudgetError` — with the estimate and what to do — when it is above a
  user-set ``max_memory``.

The per-row figures are measured (``find_near_duplicates`` on 1,000 and 2,000 identical
paragraphs, three carried columns, on the project's 2-core machine: 540–650 bytes of peak
memory and 90,000–150,000 rows per second).
"""

from __future__ import annotations

import logging
import re
from collections.abc import Iterable

import numpy as np
import pandas as pd

from astana_lib.schema import require_columns
from astana_lib.text.normalize import normalize_arabic

__all__ = [
    "BYTES_PER_PAIR",
    "PAIRS_PER_SECOND",
    "PairBudgetError",
    "check_pair_budget",
    "duplicate_groups",
    "exact_pair_count",
    "parse_memory",
]

logger = logging.getLogger("astana_lib.reuse")

#: Peak bytes per pair row of the pairs table (measured, see the module docstring).
BYTES_PER_PAIR = 600
#: Pair rows built per second (measured, conservative).
PAIRS_PER_SECOND = 100_000
#: Estimates above this many rows are logged as warnings (below: info).
WARN_ROWS = 5_000_000

_UNITS = {"": 1, "b": 1, "k": 1e3, "kb": 1e3, "m": 1e6, "mb": 1e6, "g": 1e9, "gb": 1e9,
          "t": 1e12, "tb": 1e12, "kib": 2**10, "mib": 2**20, "gib": 2**30, "tib": 2**40}  # fmt: skip


class PairBudgetError(MemoryError):
    """The estimated memory of the pair rows is above the ``max_memory`` budget."""


def parse_memory(value: float | int | str | None) -> float | None:
    """Bytes of a memory budget given as a number or a string such as ``"4GB"``.

    Examples
    --------
    >>> parse_memory("4GB"), parse_memory("512 MiB"), parse_memory(1e9), parse_memory(None)
    (4000000000.0, 536870912.0, 1000000000.0, None)
    """
    if value is None:
        return None
    if isinstance(value, bool):
        raise TypeError("max_memory must be a number of bytes or a string like '4GB'")
    if isinstance(value, int | float):
        if value <= 0:
            raise ValueError(f"max_memory must be > 0, got {value}")
        return float(value)
    m = re.fullmatch(r"\s*([\d.]+)\s*([a-zA-Z]*)\s*", str(value))
    if not m or m.group(2).lower() not in _UNITS:
        raise ValueError(f"max_memory: cannot read {value!r}; give bytes or e.g. '4GB', '500MB'")
    return float(m.group(1)) * _UNITS[m.group(2).lower()]


def exact_pair_count(sizes: np.ndarray, duplicates: str) -> int:
    """Pair rows that exact-duplicate groups of these sizes give.

    Examples
    --------
    >>> exact_pair_count(np.array([4000, 1, 3]), "all"), exact_pair_count(np.array([4000, 3]), "first")
    (7998003, 4001)
    """
    s = np.asarray(sizes, dtype=np.int64)
    s = s[s >= 2]
    if duplicates == "first":
        return int((s - 1).sum())
    return int((s * (s - 1) // 2).sum())


def check_pair_budget(n_rows: int, *, max_memory: float | None, stage: str) -> None:
    """Log the memory/time estimate of ``n_rows`` pair rows; raise above ``max_memory``.

    Examples
    --------
    >>> check_pair_budget(10, max_memory=1e9, stage="test")
    >>> check_pair_budget(7_998_000, max_memory=1e9, stage="exact-duplicate groups")
    Traceback (most recent call last):
    ...
    astana_lib.reuse.pairbudget.PairBudgetError: exact-duplicate groups: 7,998,000 pair rows, estimated ~4.8 GB and ~80 s, above max_memory=1.0 GB; use duplicates='first' (one row per copy, duplicate_groups() lists each group once), a narrower roles/scope selection, or a larger max_memory
    """
    est = n_rows * BYTES_PER_PAIR
    secs = n_rows / PAIRS_PER_SECOND
    msg = f"{stage}: {n_rows:,} pair rows, estimated ~{est / 1e9:.1f} GB and ~{secs:.0f} s"
    if max_memory is not None and est > max_memory:
        raise PairBudgetError(
            f"{msg}, above max_memory={max_memory / 1e9:.1f} GB; use duplicates='first' "
            "(one row per copy, duplicate_groups() lists each group once), a narrower "
            "roles/scope selection, or a larger max_memory"
        )
    if n_rows > WARN_ROWS:
        logger.warning("%s (set max_memory to stop above a budget)", msg)
    elif n_rows:
        logger.info(msg)


def duplicate_groups(
    paragraphs: pd.DataFrame,
    *,
    roles: Iterable[str] | None = ("title", "body", "repeat"),
    min_size: int = 2,
) -> pd.DataFrame:
    """Exact-duplicate groups (identical normalised text), each reported once.

    Parameters
    ----------
    paragraphs : DataFrame
        Needs ``para_id`` and ``norm`` or ``text``; uses ``article_id``, ``outlet`` and
        ``role`` when present.
    roles : iterable of str or None, default ("title", "body", "repeat")
        Rows searched (as in :func:`astana_lib.find_near_duplicates`); None: all.
    min_size : int, default 2
        Smallest group reported.

    Returns
    -------
    DataFrame
        One row per group, largest first: ``group_id`` (1-based), ``size``, ``first``
        (para_id of the first copy in table order), ``members`` (list of para_ids, in
        table order), ``n_articles``, ``n_outlets`` (NA without the columns) and
        ``n_pairs`` (the rows ``duplicates="all"`` would give: size·(size−1)/2).

    Examples
    --------
    >>> p = pd.DataFrame({"para_id": ["a:1", "b:1", "c:1", "c:2"],
    ...                   "article_id": ["a", "b", "c", "c"],
    ...                   "text": ["تابعونا على تويتر", "تابعونا على تويتر",
    ...                            "تابعونا على تويتر", "نص آخر"]})
    >>> duplicate_groups(p)[["group_id", "size", "first", "members", "n_pairs"]].to_dict("records")
    [{'group_id': 1, 'size': 3, 'first': 'a:1', 'members': ['a:1', 'b:1', 'c:1'], 'n_pairs': 3}]
    """
    require_columns(paragraphs, ["para_id"], table="paragraphs")
    df = paragraphs
    if roles is not None and "role" in df.columns:
        df = df[df["role"].isin([roles] if isinstance(roles, str) else list(roles))]
    if "norm" in df.columns:
        norms = df["norm"]
    else:
        require_columns(df, ["text"], table="paragraphs")
        norms = df["text"].map(lambda t: normalize_arabic(t) if isinstance(t, str) else t)
    ok = norms.map(lambda t: isinstance(t, str) and t.strip() != "").to_numpy(dtype=bool)
    work = pd.DataFrame({"para_id": df["para_id"].to_numpy()[ok], "key": norms.to_numpy()[ok]})
    for c in ("article_id", "outlet"):
        if c in df.columns:
            work[c] = df[c].to_numpy()[ok]
    work["order"] = np.arange(len(work))
    g = work.groupby("key", sort=False)
    size = g["para_id"].transform("size")
    work = work[size >= max(int(min_size), 2)]
    cols = ["group_id", "size", "first", "members", "n_articles", "n_outlets", "n_pairs"]
    if work.empty:
        return pd.DataFrame(
            {
                c: pd.Series([], dtype="int64" if c in ("group_id", "size", "n_pairs") else object)
                for c in cols
            }
        )
    g = work.groupby("key", sort=False)
    out = pd.DataFrame(
        {
            "size": g["para_id"].size(),
            "first": g["para_id"].first(),
            "members": g["para_id"].agg(list),
            "n_articles": g["article_id"].nunique() if "article_id" in work else pd.NA,
            "n_outlets": g["outlet"].nunique() if "outlet" in work else pd.NA,
            "order": g["order"].min(),
        }
    )
    out = out.sort_values(["size", "order"], ascending=[False, True], kind="stable")
    out = out.reset_index(drop=True).drop(columns="order")
    out.insert(0, "group_id", np.arange(1, len(out) + 1))
    out["n_pairs"] = out["size"] * (out["size"] - 1) // 2
    for c in ("n_articles", "n_outlets"):
        out[c] = out[c].astype("Int64")
    return out[cols]
