"""Framing vocabulary: which words outlets use for the same thing.

The lexicon ``data/framing.csv`` (columns ``concept, label_en, variant, notes, source``;
one row per spelling) groups competing namings under a *concept*:

* ``deescalation_zone_naming``: "خفض التصعيد" / "تخفيف التوتر" / "خفض التوتر" /
  "عدم التصعيد" … (the zones agreed in May 2017 are named differently by different
  outlets; the core phrase is matched so "مناطق خفض التصعيد", "منطقة رابعة لخفض
  التصعيد" and "لتخفيف التوتر" all count);
* ``opposition_naming``: "المعارضة" / "المعارضة المسلحة" / "الجماعات الإرهابية" /
  "الفصائل" …;
* ``government_naming``: "النظام" / "النظام السوري" / "الحكومة السورية" / "الدولة
  السورية" …;
* ``guarantors_naming`` ("الدول الضامنة" …) and ``process_naming`` ("محادثات أستانا",
  "مسار أستانا" …);
* ``other_uses``: longer phrases that contain a bare variant but are not about the
  Syrian parties ("النظام الدولي", "النظام الإيراني", "المعارضة التركية" …). Because
  the longest match wins, listing them here keeps them out of the party-naming counts;
  :func:`framing_counts` leaves the concept out of its result unless
  ``drop_concepts=()``.

Matching follows :mod:`astana_lib.text.lexicon`: normalised text, whole words, proclitics on
the first word, longest match wins ("المعارضة المسلحة" is never also counted as
"المعارضة"). Limits: bare phrases can have a general meaning ("خفض التوتر" between two
countries, "النظام" = "system"); the ``notes`` column flags those; counts are of
occurrences, not of stance.

Extend the lexicon with your own rows::

    lex = al.load_lexicon("framing", "my_terms.csv", term_column="variant",
                          key_column="concept", extend=True)
    counts = al.framing_counts(paragraphs, lexicon=lex)
"""

from __future__ import annotations

import logging
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Literal

import pandas as pd
from tqdm.auto import tqdm

from astana_lib._checks import check_choice
from astana_lib._progress import progress_enabled
from astana_lib._tables import as_list, constant_columns
from astana_lib.reading.duplicates import DuplicateRecords, drop_duplicate_records
from astana_lib.schema import ARTICLES, FRAMING_COUNTS, PARAGRAPHS, require_columns
from astana_lib.text.context import ContextRules
from astana_lib.text.lexicon import (
    HEAVY_COLUMNS,
    TermMatcher,
    load_lexicon,
    mapped_offsets,
    select_paragraphs,
    unmatched_terms,
)
from astana_lib.text.normalize import normalize_arabic

__all__ = ["framing_counts", "framing_hits", "framing_shares", "load_framing_lexicon"]

logger = logging.getLogger(__name__)

#: Paragraph-level columns that are not article metadata.
_PARAGRAPH_LEVEL = (
    "para_id",
    "para_no",
    "line_start",
    "line_end",
    "text",
    "norm",
    "role",
    "role_reason",
    "duplicate_of",
)


def load_framing_lexicon(
    lexicon: str | Path | pd.DataFrame | None = None, *, extend: bool = False
) -> pd.DataFrame:
    """Load the framing lexicon (packaged, a user's CSV/DataFrame, or both).

    Parameters
    ----------
    lexicon : str, Path, DataFrame or None
        ``None`` → packaged ``data/framing.csv``; otherwise a table with the columns
        ``concept, label_en, variant, notes, source``.
    extend : bool, default False
        Append the user's rows to the packaged lexicon instead of replacing it.

    Examples
    --------
    >>> lex = load_framing_lexicon()
    >>> "deescalation_zone_naming" in set(lex["concept"])
    True
    """
    return load_lexicon(
        "framing", lexicon, term_column="variant", key_column="concept", extend=extend
    )


def framing_hits(
    paragraphs: pd.DataFrame,
    *,
    lexicon: str | Path | pd.DataFrame | None = None,
    roles: Iterable[str] | None = ("title", "body"),
    context: bool = True,
    window: int = 6,
    progress: bool = False,
) -> pd.DataFrame:
    """Every framing-lexicon match, with its context, so each count can be audited.

    Parameters
    ----------
    paragraphs : DataFrame
        PARAGRAPHS table (needs ``para_id``, ``article_id``, ``text``, ``role``).
    lexicon : str, Path, DataFrame or None
        Framing lexicon (see :func:`load_framing_lexicon`); ``None`` = packaged.
    roles : iterable of str or None, default ("title", "body")
        Paragraph roles searched.
    context : bool, default True
        Apply the lexicon's context rules (``not_followed_by`` / ``not_preceded_by``,
        see :mod:`astana_lib.text.context`). ``False`` marks every match as kept (the
        behaviour before context rules, for comparison).
    window : int, default 6
        Words of original text shown on each side (``before`` / ``after``).
    progress : bool, default False
        tqdm progress bar.

    Returns
    -------
    pandas.DataFrame
        FRAMING_HITS: every paragraph column except ``text``/``norm`` (metadata kept),
        then ``concept``, ``variant``, ``label_en``, ``matched``, ``start``, ``end``
        (``text[start:end] == matched`` in the paragraph's ORIGINAL text), ``before``,
        ``after`` (the words around it, original text), ``kept`` (counted) and
        ``excluded_by`` (the rule that left it out, empty when kept). Matches of
        ``other_uses`` phrases are listed too (they are never counted as naming).

    Examples
    --------
    >>> paras = pd.DataFrame({"para_id": ["a:1"], "article_id": ["a"], "role": ["body"],
    ...     "outlet": ["x"], "text": ["انتقد النظام الغربي قصف النظام لإدلب"]})
    >>> h = framing_hits(paras)
    >>> h[["matched", "start", "kept", "excluded_by"]].values.tolist()
    [['النظام', 6, False, 'not_followed_by: الغربي'], ['النظام', 24, True, '']]
    >>> h.loc[1, "before"], h.loc[1, "after"]
    ('انتقد النظام الغربي قصف', 'لإدلب')
    """
    if not isinstance(window, int) or window < 0:
        raise ValueError(f"window must be a non-negative int, got {window!r}")
    lex = _prepared(lexicon)
    require_columns(paragraphs, ["para_id", "article_id", "text"], table="paragraphs")
    paras = select_paragraphs(paragraphs, roles)
    matcher = TermMatcher(lex["term_norm"].tolist())
    rules = [
        ContextRules.parse(a, b)
        for a, b in zip(
            lex.get("not_followed_by", pd.Series([None] * len(lex))),
            lex.get("not_preceded_by", pd.Series([None] * len(lex))),
            strict=True,
        )
    ]
    rows = []
    for pos, text in enumerate(
        tqdm(paras["text"], disable=not progress_enabled(progress), desc="framing")
    ):
        if not isinstance(text, str) or not text:
            continue
        norm = normalize_arabic(text)
        found = matcher.find_norm(norm)
        if not found:
            continue
        _, starts, ends = mapped_offsets(text, norm)
        for k, s, e in found:
            k = matcher.duplicates.get(k, k)
            why = rules[k].excluded(norm, s, e) if context and rules[k] else None
            a, b = int(starts[s]), int(ends[e - 1])
            before = " ".join(text[:a].split()[-window:]) if window else ""
            after = " ".join(text[b:].split()[:window]) if window else ""
            rows.append((pos, k, text[a:b], a, b, before, after, why is None, why or ""))
    cols = ["_pos", "_term", "matched", "start", "end", "before", "after", "kept", "excluded_by"]
    hits = pd.DataFrame(rows, columns=cols)
    keep = [c for c in paras.columns if c not in HEAVY_COLUMNS]
    own = ["concept", "variant", "label_en"]
    clash = [c for c in own if c in keep]
    if clash:
        logger.warning("paragraph column(s) %s replaced by the lexicon's", clash)
        keep = [c for c in keep if c not in clash]
    out = paras[keep].iloc[hits["_pos"].to_numpy()].reset_index(drop=True)
    terms = lex.iloc[hits["_term"].to_numpy()].reset_index(drop=True)
    for c in [*own, "term_norm"]:
        out[c] = terms[c].to_numpy()
    for c in cols[2:]:
        out[c] = hits[c].to_numpy()
    out["start"] = out["start"].astype("int64")
    out["end"] = out["end"].astype("int64")
    out["kept"] = out["kept"].astype(bool)
    return out


def framing_counts(
    paragraphs: pd.DataFrame,
    *,
    lexicon: str | Path | pd.DataFrame | None = None,
    roles: Iterable[str] | None = ("title", "body"),
    complete: bool = False,
    drop_concepts: Sequence[str] = ("other_uses",),
    context: bool = True,
    hits: pd.DataFrame | None = None,
    progress: bool = False,
    duplicate_records: DuplicateRecords = "drop",
) -> pd.DataFrame:
    """Count framing-lexicon variants per article (FRAMING_COUNTS, long form).

    The counts are the kept rows of :func:`framing_hits` (pass that table as ``hits``
    to count exactly the hits you audited).

    Parameters
    ----------
    paragraphs : DataFrame
        PARAGRAPHS table (needs ``para_id``, ``article_id``, ``text``, ``role``).
    lexicon : str, Path, DataFrame or None
        Framing lexicon (see :func:`load_framing_lexicon`); ``None`` = packaged.
    roles : iterable of str or None, default ("title", "body")
        Paragraph roles counted. Repeats, bylines and boilerplate are left out by
        default so a page's repeated half is not counted twice.
    complete : bool, default False
        Also list every article × variant with ``count == 0`` (articles without any
        lexicon term then stay visible).
    drop_concepts : sequence of str, default ("other_uses",)
        Concepts matched (so their longer phrases absorb the bare words) but left out
        of the result; pass ``()`` to see them.
    context : bool, default True
        Apply the lexicon's context rules (see :func:`framing_hits`).
    hits : DataFrame, optional
        A :func:`framing_hits` table of these paragraphs to count instead of matching
        again (``roles``, ``context`` and ``progress`` are then not used).
    progress : bool, default False
        tqdm progress bar.
    duplicate_records : {"drop", "keep"}, default "drop"
        ``"drop"`` counts each article once: rows of duplicate records (``article_duplicate_of``
        not NA, see :mod:`astana_lib.reading.duplicates`) are left out; ``"keep"`` counts copies.

    Returns
    -------
    pandas.DataFrame
        ``article_id``, the article-level metadata (every paragraph column that is
        constant within each article: ``outlet``, ``date``, ``round``, ``path`` and any
        user column), then ``concept``, ``variant``, ``label_en``, ``count``. Sorted by
        article, concept, descending count. Articles with no match and lexicon
        variants never matched are logged (INFO); see also
        :func:`astana_lib.text.lexicon.unmatched_terms`.

    Examples
    --------
    >>> paras = pd.DataFrame({
    ...     "para_id": ["a:1", "a:2", "b:1"], "article_id": ["a", "a", "b"],
    ...     "role": ["title", "body", "body"], "outlet": ["x", "x", "y"],
    ...     "round": pd.array([6, 6, 6], dtype="Int64"), "my_tag": ["t1", "t1", "t2"],
    ...     "text": ["مناطق تخفيف التوتر", "وفد المعارضة المسلحة والمعارضة", "منطقة لخفض التصعيد"]})
    >>> c = framing_counts(paras)
    >>> c[["article_id", "my_tag", "variant", "count"]].values.tolist()
    [['a', 't1', 'تخفيف التوتر', 1], ['a', 't1', 'المعارضة', 1], ['a', 't1', 'المعارضة المسلحة', 1], ['b', 't2', 'خفض التصعيد', 1]]
    """
    lex = _prepared(lexicon)
    require_columns(paragraphs, ["para_id", "article_id", "text"], table="paragraphs")
    paragraphs = drop_duplicate_records(paragraphs, duplicate_records)
    if hits is None:
        hits = framing_hits(
            paragraphs, lexicon=lex, roles=roles, context=context, window=0, progress=progress
        )
    else:  # a precomputed table of hits: leave out those of duplicate records too
        hits = drop_duplicate_records(hits, duplicate_records)
    require_columns(hits, ["article_id", "concept", "variant", "kept", "term_norm"], table="hits")
    matches = hits[hits["kept"]]
    meta = constant_columns(
        paragraphs, ["article_id"], exclude=[*_PARAGRAPH_LEVEL, "concept", "variant", "label_en"]
    )
    counts = (
        matches.groupby(["article_id", "concept", "variant"], sort=False)
        .size()
        .rename("count")
        .reset_index()
    )
    if complete:
        grid = pd.DataFrame({"article_id": meta.index.unique()}).merge(
            lex[["concept", "variant"]], how="cross"
        )
        counts = grid.merge(counts, on=["article_id", "concept", "variant"], how="left")
        counts["count"] = counts["count"].fillna(0)
    counts["count"] = counts["count"].astype("int64")
    counts = counts.merge(lex[["concept", "variant", "label_en"]], on=["concept", "variant"])
    out = meta.reset_index().merge(counts, on="article_id", how="inner")
    out = out.sort_values(
        ["article_id", "concept", "count", "variant"],
        ascending=[True, True, False, True],
        kind="stable",
    ).reset_index(drop=True)
    _report_unmatched(paragraphs, matches, lex)
    n_out = int((~hits["kept"]).sum())
    if n_out:
        logger.info("framing: %d match(es) left out by context rules (see framing_hits)", n_out)
    out = out[~out["concept"].isin(list(drop_concepts))]
    first = ["article_id", *[c for c in ("outlet", "date", "round") if c in out.columns]]
    rest = [
        c
        for c in out.columns
        if c not in first and c not in ("concept", "variant", "label_en", "count")
    ]
    return out[[*first, *rest, "concept", "variant", "label_en", "count"]]


def _prepared(lexicon: str | Path | pd.DataFrame | None) -> pd.DataFrame:
    """The loaded lexicon, checked, one row per normalised variant (the first spelling)."""
    lex = lexicon if _is_loaded(lexicon) else load_framing_lexicon(lexicon)
    require_columns(lex, ["concept", "variant", "label_en"], table="framing lexicon")
    return lex.drop_duplicates("term_norm").reset_index(drop=True)


def _is_loaded(lexicon: object) -> bool:
    return isinstance(lexicon, pd.DataFrame) and "term_norm" in lexicon.columns


def _report_unmatched(paragraphs: pd.DataFrame, matches: pd.DataFrame, lex: pd.DataFrame) -> None:
    without = sorted(set(paragraphs["article_id"].dropna()) - set(matches["article_id"]))
    if without:
        logger.info(
            "framing: %d article(s) without any lexicon term: %s", len(without), without[:10]
        )
    unused = unmatched_terms(matches, lex)
    if len(unused):
        logger.info(
            "framing: %d lexicon variant(s) not found: %s",
            len(unused),
            unused["variant"].tolist()[:10],
        )


def framing_shares(
    counts: pd.DataFrame,
    *,
    by: str | Sequence[str] = "outlet",
    level: Literal["variant", "label_en"] = "variant",
) -> pd.DataFrame:
    """Share of each variant within its concept, per group (e.g. per outlet).

    Parameters
    ----------
    counts : DataFrame
        Output of :func:`framing_counts`.
    by : str or sequence of str, default "outlet"
        Grouping column(s) of ``counts`` (``"outlet"``, ``"round"``, ``["outlet",
        "round"]``, a user column …). Missing group values form their own group.
    level : {"variant", "label_en"}, default "variant"
        ``"label_en"`` merges spellings that share an English gloss (e.g. the
        ``المسلحين``/``المسلحون`` forms).

    Returns
    -------
    pandas.DataFrame
        ``by`` columns, any columns constant within each group (metadata kept),
        ``concept``, ``variant`` (when ``level="variant"``), ``label_en``, ``count``
        (occurrences), ``n_articles`` (articles using it), ``share`` (count / all
        occurrences of the concept in the group; shares sum to 1 per group × concept).

    Examples
    --------
    >>> counts = pd.DataFrame({"article_id": ["a", "b", "c"], "outlet": ["x", "x", "y"],
    ...     "concept": ["z"] * 3, "variant": ["خفض التصعيد", "تخفيف التوتر", "خفض التصعيد"],
    ...     "label_en": ["de-escalation", "tension reduction", "de-escalation"],
    ...     "count": [3, 1, 2]})
    >>> s = framing_shares(counts)
    >>> s[["outlet", "variant", "share"]].values.tolist()
    [['x', 'خفض التصعيد', 0.75], ['x', 'تخفيف التوتر', 0.25], ['y', 'خفض التصعيد', 1.0]]
    """
    check_choice("level", level, ("variant", "label_en"))
    keys = as_list(by)
    require_columns(counts, [*keys, "article_id", "concept", "label_en", "count"], table="counts")
    if level == "variant":
        require_columns(counts, ["variant"], table="counts")
    items = ["concept", "variant", "label_en"] if level == "variant" else ["concept", "label_en"]
    used = counts[counts["count"] > 0]
    agg = (
        counts.groupby([*keys, *items], dropna=False, sort=False)
        .agg(count=("count", "sum"))
        .join(
            used.groupby([*keys, *items], dropna=False, sort=False).agg(
                n_articles=("article_id", "nunique")
            )
        )
        .reset_index()
    )
    agg["n_articles"] = agg["n_articles"].fillna(0).astype("int64")
    total = agg.groupby([*keys, "concept"], dropna=False, sort=False)["count"].transform("sum")
    agg["share"] = (agg["count"] / total.where(total > 0)).astype("float64")
    # Carry user columns constant within a group (e.g. an outlet's country); never the
    # per-article schema columns, which would look like group attributes by accident.
    meta = constant_columns(counts, keys, exclude=[*ARTICLES, *PARAGRAPHS, *FRAMING_COUNTS])
    if len(meta.columns):
        agg = agg.merge(meta.reset_index(), on=keys, how="left")
    agg = agg.sort_values(
        [*keys, "concept", "count"],
        ascending=[True] * len(keys) + [True, False],
        kind="stable",
        na_position="last",
    ).reset_index(drop=True)
    extra = list(meta.columns)
    return agg[[*keys, *extra, *items, "count", "n_articles", "share"]]
