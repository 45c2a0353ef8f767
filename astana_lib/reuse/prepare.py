"""One corpus side of the near-duplicate search, prepared: usable rows, norms, copies.

:func:`prepare_side` checks a paragraphs table (or plain texts), normalises the texts,
skips unusable rows (empty, no Arabic letter) and groups identical normalised texts:
the search runs on one *representative* per group (:class:`PreparedSide`), and the
copies are expanded back at the end (:mod:`astana_lib.reuse.expand`).
"""

from __future__ import annotations

import logging
from collections.abc import Sequence

import numpy as np
import pandas as pd

from astana_lib.schema import require_columns
from astana_lib.text.normalize import ARABIC_LETTERS_RE, normalize_arabic

__all__ = ["PreparedSide", "carry_name", "prepare_side", "usable_text"]

logger = logging.getLogger("astana_lib.reuse.matcher")

_WORD_RE = ARABIC_LETTERS_RE  # a usable row has at least one Arabic letter


def usable_text(t: object, *, require_arabic: bool) -> bool:
    """True for a text the search can use (``require_arabic``: has an Arabic letter).

    Examples
    --------
    >>> usable_text("محادثات", require_arabic=True), usable_text("2017", require_arabic=True)
    (True, False)
    """
    return (
        isinstance(t, str)
        and t.strip() != ""
        and (bool(_WORD_RE.search(t)) if require_arabic else any(ch.isalnum() for ch in t))
    )


def carry_name(col: str, side: str) -> str:
    return f"article_{side}" if col == "article_id" else f"{col}_{side}"


class PreparedSide:
    """One prepared corpus side: usable rows, their norms, duplicate groups."""

    def __init__(self, frame: pd.DataFrame, keys: np.ndarray, norms: np.ndarray):
        self.frame = frame  # usable rows only, original columns, RangeIndex
        self.keys = keys
        self.norms = norms
        uniq, first, inverse, counts = np.unique(
            norms, return_index=True, return_inverse=True, return_counts=True
        )
        # representatives in order of first appearance (deterministic, input-ordered)
        order = np.argsort(first, kind="stable")
        remap = np.empty(len(order), dtype=np.int64)
        remap[order] = np.arange(len(order))
        self.uniq = uniq[order]
        self.inverse = remap[inverse]
        self.sizes = counts[order]
        self.members = np.argsort(self.inverse, kind="stable")  # rows grouped by unique id
        self.starts = np.concatenate(([0], np.cumsum(self.sizes)[:-1]))

    @property
    def n_unique(self) -> int:
        return len(self.uniq)

    def title_uniques(self) -> np.ndarray:
        """Representatives of which at least one copy has role 'title'."""
        if "role" not in self.frame.columns:
            return np.empty(0, dtype=np.int64)
        is_title = (self.frame["role"] == "title").fillna(False).to_numpy(dtype=bool)
        return np.unique(self.inverse[is_title]).astype(np.int64)


def prepare_side(
    data, *, require_arabic: bool, name: str, keep: Sequence[str] = ()
) -> tuple[PreparedSide, int]:
    """Turn a paragraphs DataFrame or a sequence of texts into a :class:`PreparedSide`.

    The side's ``frame`` holds ``para_id`` and the ``keep`` columns only (no copy of
    the texts: a 1M-paragraph corpus would otherwise be held twice).
    """
    if isinstance(data, pd.DataFrame):
        if "norm" not in data.columns:
            require_columns(data, ["para_id", "text"], table=name)
        else:
            require_columns(data, ["para_id"], table=name)
        cols = ["para_id"] + [
            c for c in dict.fromkeys(keep) if c in data.columns and c != "para_id"
        ]
        frame = data[cols].reset_index(drop=True)
        src = data.reset_index(drop=True) if "norm" not in data.columns else None
        if frame["para_id"].isna().any():
            raise ValueError(f"{name}: para_id has missing values")
        dup = frame["para_id"].duplicated()
        if dup.any():
            raise ValueError(
                f"{name}: para_id must be unique; repeated: {frame['para_id'][dup].head(5).tolist()}"
            )
        if src is None:
            norms = data["norm"].reset_index(drop=True)
            if "text" in data.columns:
                text = data["text"].reset_index(drop=True)
                fill = norms.isna() & text.notna()
                if fill.any():
                    norms = norms.copy()
                    norms[fill] = [normalize_arabic(str(t)) for t in text[fill]]
        else:
            norms = src["text"].map(lambda t: normalize_arabic(t) if isinstance(t, str) else t)
        keys = frame["para_id"].astype(str).to_numpy(dtype=object)
    else:
        if isinstance(data, str):
            raise TypeError(f"{name} must be a DataFrame or a sequence of texts, not one string")
        series = pd.Series(list(data) if not isinstance(data, pd.Series) else data)
        keys = series.index.astype(str).to_numpy(dtype=object)
        frame = pd.DataFrame({"para_id": keys, "text": series.to_numpy()})
        norms = frame["text"].map(lambda t: normalize_arabic(t) if isinstance(t, str) else t)
    norms = norms.to_numpy(dtype=object)
    ok = np.array([usable_text(t, require_arabic=require_arabic) for t in norms], dtype=bool)
    n_skipped = int((~ok).sum())
    if n_skipped:
        logger.info(
            "%s: %d of %d rows skipped (empty, or no %s)",
            name,
            n_skipped,
            len(ok),
            "Arabic letter" if require_arabic else "word",
        )
    frame = frame.loc[ok].reset_index(drop=True)
    side = PreparedSide(frame, keys[ok], np.asarray([str(t) for t in norms[ok]], dtype=object))
    return side, n_skipped
