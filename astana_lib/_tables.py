"""Private helpers for the analysis tables (carrying metadata through aggregations)."""

from __future__ import annotations

import logging
from collections.abc import Sequence

import pandas as pd

logger = logging.getLogger(__name__)

#: Label used for a missing outlet in analysis tables (kept visible, never dropped).
UNKNOWN = "(unknown)"


def as_list(by: str | Sequence[str]) -> list[str]:
    """Return ``by`` as a list of column names.

    Examples
    --------
    >>> as_list("outlet"), as_list(["outlet", "round"])
    (['outlet'], ['outlet', 'round'])
    """
    return [by] if isinstance(by, str) else list(by)


def constant_columns(
    df: pd.DataFrame, keys: Sequence[str], *, exclude: Sequence[str] = ()
) -> pd.DataFrame:
    """Columns of ``df`` that are constant within every ``keys`` group, one row per group.

    This is how aggregated tables keep metadata: any column (including a user's own)
    whose value does not vary inside a group travels to the group's row. Columns that
    vary are left out (and logged at DEBUG level). Missing keys form their own group.

    Examples
    --------
    >>> df = pd.DataFrame({"a": ["x", "x", "y"], "meta": [1, 1, 2], "v": [1, 2, 3]})
    >>> constant_columns(df, ["a"]).reset_index().to_dict("list")
    {'a': ['x', 'y'], 'meta': [1, 2]}
    """
    keys = list(keys)
    candidates = [c for c in df.columns if c not in keys and c not in set(exclude)]
    if df.empty or not candidates:
        return df[keys + candidates].drop_duplicates(keys).set_index(keys)
    # Hashable stand-in so list-valued columns (e.g. cited_sources) can be tested too.
    probe = df[keys].copy()
    for c in candidates:
        probe[c] = df[c].map(lambda v: v if isinstance(v, str | int | float | bool) else repr(v))
    counts = probe.groupby(keys, dropna=False, sort=False)[candidates].nunique(dropna=False)
    keep = [c for c in candidates if (counts[c] <= 1).all()]
    dropped = [c for c in candidates if c not in keep]
    if dropped:
        logger.debug("columns varying within %s groups not carried: %s", keys, dropped)
    first = df.groupby(keys, dropna=False, sort=False)[keep].nth(0)
    firsts = df.loc[first.index, keys + keep]
    return firsts.set_index(keys)


def fill_unknown_outlet(s: pd.Series) -> pd.Series:
    """Replace missing outlet ids by :data:`UNKNOWN` (as strings).

    Examples
    --------
    >>> fill_unknown_outlet(pd.Series(["aljazeera", None])).tolist()
    ['aljazeera', '(unknown)']
    """
    return s.astype("object").where(s.notna(), UNKNOWN).astype(str)
