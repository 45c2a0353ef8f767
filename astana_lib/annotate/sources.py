"""Cited news agencies and sources: which wires and outlets an article quotes.

The list of agencies is package data (``data/agencies.csv``: ``agency_id, name_ar,
name_en, variant, source``; one row per spelling variant). A variant is matched as a
whole phrase in the normalised text (:func:`astana_lib.text.normalize.normalize_arabic`), with
word boundaries and an optional attached clitic (``و``, ``ف``, ``ب``, ``ل``, ``ك``:
``لوكالة سبوتنيك``, ``ورويترز``). Names that are also ordinary words are listed only in
an unambiguous form: ``مراسل الجزيرة`` / ``قناة الجزيرة`` rather than ``الجزيرة``
(the Arabian Peninsula), ``(وام)`` in brackets rather than ``وام`` (``وأم``), so the
attribution cue (``نقلت وكالة …``, ``قال مراسل …``) is part of the variant.
"""

from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path
from typing import Literal

import pandas as pd

from astana_lib.resources import load_table
from astana_lib.schema import CITATIONS, require_columns
from astana_lib.text.normalize import normalize_arabic
from astana_lib.text.offsets import OffsetMap
from astana_lib.text.trie import trie_pattern

__all__ = ["CITATION_KINDS", "AgencyMatcher", "citation_kind", "find_citations"]

#: Paragraph roles searched for citations (repeats and boilerplate would double count).
CITATION_ROLES = ("title", "body", "source", "byline")
#: Values of ``citation_kind`` (see the module notes).
CITATION_KINDS = ("agency", "dateline", "source_line", "self")
_DASHES = "-–—"
_DATELINE_CHARS = 80


def citation_kind(
    text: str, start: int, end: int, *, role: object = None, is_self: bool = False
) -> str:
    """Kind of the citation ``text[start:end]`` (original-text offsets).

    Examples
    --------
    >>> t = "دبي، الإمارات العربية المتحدة (CNN) -- قال لافروف"
    >>> citation_kind(t, t.index("CNN"), t.index("CNN") + 3)
    'dateline'
    >>> citation_kind(t, t.index("CNN"), t.index("CNN") + 3, is_self=True)
    'self'
    >>> t = "ونقلت وكالة سبوتنيك عن لافرنتييف"
    >>> citation_kind(t, 6, 19)
    'agency'
    >>> citation_kind("المصدر: رويترز", 8, 14, role="source")
    'source_line'
    """
    if is_self:
        return "self"
    if role in ("byline", "source"):
        return "source_line"
    if start <= _DATELINE_CHARS:
        before = text[:start].rstrip()
        after = text[end:].lstrip()
        if before.endswith("(") and after.startswith(")"):
            after = after[1:].lstrip()
        if after[:1] in _DASHES:
            return "dateline"
    return "agency"


def _is_word(ch: str) -> bool:
    return ch.isalnum() or ch == "_"


def _word_start(text: str, s: int) -> bool:
    """Whether position ``s`` starts a word, allowing one clitic (و ف ب ك ل لل) before it."""
    if s == 0 or not _is_word(text[s - 1]):
        return True
    if text[s - 1] in "وفبكل" and (s == 1 or not _is_word(text[s - 2])):
        return True
    return text[s - 2 : s] == "لل" and (s == 2 or not _is_word(text[s - 3]))


class AgencyMatcher:
    """Find agency mentions in normalised text.

    Parameters
    ----------
    agencies : DataFrame, str or Path, optional
        The agencies table, or a CSV with its columns (default: the packaged table).

    Examples
    --------
    >>> m = AgencyMatcher()
    >>> m.ids(normalize_arabic("ونقلت وكالة سبوتنيك عن لافرنتييف، وقال مراسل الجزيرة"))
    ['sputnik', 'aljazeera']
    >>> m.ids("الجزيره العربيه")   # the Arabian Peninsula is not Al Jazeera
    []
    """

    def __init__(self, agencies: pd.DataFrame | str | Path | None = None) -> None:
        if agencies is None:
            table = load_table("agencies")
        elif isinstance(agencies, pd.DataFrame):
            table = agencies
        else:
            table = load_table("agencies", path=agencies)
        require_columns(table, ["agency_id", "name_ar", "name_en", "variant"], table="agencies")
        self.table = table
        self._by_variant: dict[str, str] = {}
        self._names: dict[str, tuple[str, str]] = {}
        self._outlets: dict[str, str] = {}
        if "outlet" in table.columns:
            for aid, outlet in zip(table["agency_id"], table["outlet"], strict=True):
                if isinstance(outlet, str) and outlet.strip():
                    self._outlets.setdefault(aid, outlet.strip())
        for row in table.itertuples(index=False):
            v = normalize_arabic(str(row.variant))
            if v:
                self._by_variant.setdefault(v, row.agency_id)
            self._names.setdefault(row.agency_id, (row.name_en, row.name_ar))
        # the trie alone (no look-behind) lets ``re`` scan fast; boundaries are checked
        # in Python: start of text, a non-word character, or one attached clitic
        self._re = re.compile(rf"(?P<v>{trie_pattern(self._by_variant)})(?!\w)")

    def finditer(self, norm: str):
        """Yield ``(agency_id, start, end)`` for each mention in normalised text."""
        for m in self._re.finditer(norm):
            s = m.start()
            if _word_start(norm, s):
                yield self._by_variant[m.group("v")], s, m.end()

    def ids(self, norm: str) -> list[str]:
        """Agency ids mentioned in ``norm``, in order of first mention."""
        return list(dict.fromkeys(a for a, _, _ in self.finditer(norm)))

    def names(self, agency_id: str) -> tuple[str, str]:
        """``(name_en, name_ar)`` of an agency id."""
        return self._names[agency_id]

    def outlet(self, agency_id: str) -> str | None:
        """The outlet id (``data/outlets.csv``) that is this agency, if any."""
        return self._outlets.get(agency_id)


@lru_cache(maxsize=1)
def default_matcher() -> AgencyMatcher:
    """The matcher for the packaged agencies table (cached)."""
    return AgencyMatcher()


def find_citations(
    paragraphs: pd.DataFrame,
    *,
    agencies: pd.DataFrame | str | Path | None = None,
    roles: tuple[str, ...] | None = CITATION_ROLES,
    duplicate_records: Literal["drop", "keep"] = "drop",
) -> pd.DataFrame:
    """One row per agency/source cited in the paragraphs.

    Parameters
    ----------
    paragraphs : pandas.DataFrame
        The paragraphs table (needs ``para_id``, ``article_id``, ``text``; uses ``norm``,
        ``role``, ``outlet``, ``round``, ``date`` when present).
    agencies : DataFrame, str or Path, optional
        Agencies table or CSV (default: packaged ``data/agencies.csv``).
    roles : tuple of str or None, default ('title', 'body', 'source', 'byline')
        Only paragraphs with these roles are searched (None: all). Repeats and boilerplate
        are skipped by default so a copy does not count twice.
    duplicate_records : {"drop", "keep"}, default "drop"
        ``"drop"`` counts each article once: rows of duplicate records (``article_duplicate_of``
        not NA, see :mod:`astana_lib.reading.duplicates`) are left out; ``"keep"`` counts copies.

    Returns
    -------
    pandas.DataFrame
        Columns of :data:`astana_lib.schema.CITATIONS` (plus ``date`` when the paragraphs
        have it), in paragraph order; ``matched`` is the original text of the mention.

    Examples
    --------
    >>> paras = pd.DataFrame({"para_id": ["a:1"], "article_id": ["a"],
    ...                       "text": ["ونقلت وكالة سبوتنيك عن لافرنتييف قوله"]})
    >>> find_citations(paras)[["para_id", "agency", "matched", "citation_kind"]].to_dict("records")
    [{'para_id': 'a:1', 'agency': 'sputnik', 'matched': 'وكالة سبوتنيك', 'citation_kind': 'agency'}]
    >>> paras = pd.DataFrame({"para_id": ["b:1"], "article_id": ["b"], "outlet": ["bbc_arabic"],
    ...                       "text": ["وقال لبي بي سي إن روسيا"]})
    >>> find_citations(paras)[["agency", "citation_kind"]].values.tolist()
    [['bbc', 'self']]
    """
    require_columns(paragraphs, ["para_id", "article_id", "text"], table="paragraphs")
    matcher = default_matcher() if agencies is None else AgencyMatcher(agencies)
    from astana_lib.reading.duplicates import drop_duplicate_records

    df = drop_duplicate_records(paragraphs, duplicate_records)
    if roles is not None and "role" in df.columns:
        df = df[df["role"].isin(roles)]
    has_norm = "norm" in df.columns
    norms = df["norm"] if has_norm else df["text"].map(normalize_arabic)
    has = {c: c in df.columns for c in ("outlet", "round", "date", "role")}
    # columns read once as lists: per-citation DataFrame access dominated long paragraphs
    col = {c: df[c].tolist() for c in ("article_id", "para_id", "outlet", "round", "date", "role")
           if c in df.columns}  # fmt: skip
    rows: list[dict] = []
    for k, (text, norm) in enumerate(zip(df["text"], norms, strict=True)):
        if not isinstance(norm, str) or not norm:
            continue
        offsets = OffsetMap(text, norm if has_norm else None)  # mapped once, on first use
        for agency, s, e in matcher.finditer(norm):
            span = offsets.span(s, e)
            name_en, name_ar = matcher.names(agency)
            outlet = col["outlet"][k] if has["outlet"] else None
            a, b = span if span else (s, e)
            kind = citation_kind(
                text,
                a,
                b,
                role=col["role"][k] if has["role"] else None,
                is_self=outlet is not None and matcher.outlet(agency) == outlet,
            )
            row = {
                "article_id": col["article_id"][k],
                "para_id": col["para_id"][k],
                "outlet": col["outlet"][k] if has["outlet"] else pd.NA,
                "round": col["round"][k] if has["round"] else pd.NA,
                "agency": agency,
                "name_en": name_en,
                "name_ar": name_ar,
                "matched": text[span[0] : span[1]] if span else norm[s:e],
                "start": a if span else -1,
                "end": b if span else -1,
                "citation_kind": kind,
            }
            if has["date"]:
                row["date"] = col["date"][k]
            rows.append(row)
    cols = list(CITATIONS) + (["date"] if has["date"] else [])
    out = pd.DataFrame(rows, columns=cols)
    out["round"] = out["round"].astype("Int64")
    out["start"] = out["start"].astype("int64")
    out["end"] = out["end"].astype("int64")
    if has["date"]:
        out["date"] = out["date"].astype(paragraphs["date"].dtype)
    cols_str = ("article_id", "para_id", "outlet", "agency", "name_en", "name_ar", "matched")
    for c in (*cols_str, "citation_kind"):
        out[c] = out[c].astype("str")
    return out
