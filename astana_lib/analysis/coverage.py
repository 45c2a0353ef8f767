"""Coverage: how many articles (and body paragraphs) each outlet published per round.

:func:`coverage_matrix` returns the long COVERAGE table (one row per outlet × round),
with the outlet registry's attributes joined on (Arabic/English names, country,
ownership, alignment) so coverage can be grouped by country or alignment;
:func:`coverage_pivot` turns it into the outlet × round grid a heatmap needs.
:func:`meeting_coverage` counts per outlet × *meeting* — numbered rounds and the
events around them (summits, ministers' meetings, the Sochi congress), with their start
dates, for timelines.
:func:`citation_summary` counts the agencies and sources outlets cite (from the
CITATIONS table of :func:`astana_lib.find_citations`).

Nothing is dropped silently: articles without a known outlet are counted under
``"(unknown)"`` and articles without a known round under round ``<NA>``.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from pathlib import Path
from typing import Literal

import pandas as pd

from astana_lib._checks import check_choice
from astana_lib._tables import UNKNOWN, as_list, constant_columns, fill_unknown_outlet
from astana_lib.reading.duplicates import DuplicateRecords, drop_duplicate_records
from astana_lib.resources import REGISTRY_COLUMNS, load_table, outlet_registry
from astana_lib.schema import ARTICLES, CITATIONS, COVERAGE, PARAGRAPHS, require_columns

__all__ = [
    "citation_summary",
    "coverage_matrix",
    "coverage_pivot",
    "meeting_coverage",
    "outlet_registry",
]

logger = logging.getLogger(__name__)


def _join_registry(df: pd.DataFrame, registry: pd.DataFrame) -> pd.DataFrame:
    cols = [c for c in REGISTRY_COLUMNS if c in registry.columns]
    reg = registry.drop_duplicates("outlet_id")[["outlet_id", *cols]]
    reg = reg.assign(outlet_id=reg["outlet_id"].astype(str))
    clash = [c for c in cols if c in df.columns]
    if clash:  # the caller's own columns win over the registry
        reg = reg.drop(columns=clash)
    out = df.merge(reg, left_on="outlet", right_on="outlet_id", how="left").drop(
        columns="outlet_id"
    )
    for c in REGISTRY_COLUMNS:
        if c not in out.columns:
            out[c] = pd.NA
    known = set(reg["outlet_id"])
    unknown = sorted({o for o in out["outlet"] if o != UNKNOWN and o not in known})
    if unknown:
        logger.warning("outlet(s) not in the registry (attributes left empty): %s", unknown)
    return out


def coverage_matrix(
    articles: pd.DataFrame,
    paragraphs: pd.DataFrame | None = None,
    *,
    complete: bool = False,
    registry: str | Path | pd.DataFrame | None = None,
    duplicate_records: DuplicateRecords = "drop",
) -> pd.DataFrame:
    """Articles and body paragraphs per outlet × round (COVERAGE, long form).

    Parameters
    ----------
    articles : DataFrame
        ARTICLES table (needs ``article_id``, ``outlet``, ``round``).
    paragraphs : DataFrame, optional
        PARAGRAPHS table; when given, ``n_body_paragraphs`` counts the paragraphs with
        role ``"body"`` of each group's articles (otherwise it is ``<NA>``).
    complete : bool, default False
        Also list every outlet × round with no article (``n_articles == 0``): all
        outlets present × rounds 1…last round of ``data/rounds.csv`` (and any other
        round present). Useful for heatmaps with empty cells.
    registry : str, Path, DataFrame or None
        Outlet registry to join (``None`` = packaged ``data/outlets.csv``).
    duplicate_records : {"drop", "keep"}, default "drop"
        ``"drop"`` counts each article once: rows of duplicate records (``articles.duplicate_of``
        not NA, see :mod:`astana_lib.reading.duplicates`) are left out; ``"keep"`` counts copies.

    Returns
    -------
    pandas.DataFrame
        ``outlet`` (missing → ``"(unknown)"``), ``round`` (Int64, ``<NA>`` kept),
        ``n_articles``, ``n_body_paragraphs``, the registry's ``name_ar``,
        ``name_en``, ``country``, ``ownership``, ``alignment``, then any user column of
        ``articles`` that is constant within each outlet × round. Sorted by outlet,
        round (unknown round last).

    Examples
    --------
    >>> arts = pd.DataFrame({"article_id": ["a", "b", "c"],
    ...     "outlet": ["aljazeera", "aljazeera", None],
    ...     "round": pd.array([6, 6, None], dtype="Int64")})
    >>> cov = coverage_matrix(arts)
    >>> cov[["outlet", "round", "n_articles", "name_en"]]
          outlet  round  n_articles     name_en
    0  (unknown)   <NA>           1         NaN
    1  aljazeera      6           2  Al Jazeera
    """
    require_columns(articles, ["article_id", "outlet", "round"], table="articles")
    articles = drop_duplicate_records(articles, duplicate_records, column="duplicate_of")
    if paragraphs is not None:
        paragraphs = drop_duplicate_records(paragraphs, duplicate_records)
    if articles["article_id"].duplicated().any():
        dups = articles.loc[articles["article_id"].duplicated(), "article_id"].tolist()
        raise ValueError(f"articles has duplicate article_id values: {dups[:10]}")
    arts = articles.copy()
    arts["outlet"] = fill_unknown_outlet(arts["outlet"])
    arts["round"] = arts["round"].astype("Int64")
    if paragraphs is not None:
        require_columns(paragraphs, ["article_id", "role"], table="paragraphs")
        body = paragraphs[paragraphs["role"] == "body"].groupby("article_id").size()
        orphans = set(paragraphs["article_id"]) - set(arts["article_id"])
        if orphans:
            logger.warning(
                "%d paragraph article_id(s) not in articles (not counted): %s",
                len(orphans),
                sorted(orphans)[:10],
            )
        arts["_body"] = arts["article_id"].map(body).fillna(0).astype("int64")
    keys = ["outlet", "round"]
    grp = arts.groupby(keys, dropna=False, sort=False)
    cov = grp.size().rename("n_articles").to_frame()
    cov["n_body_paragraphs"] = (
        grp["_body"].sum().astype("Int64") if paragraphs is not None else pd.NA
    )
    cov = cov.reset_index()
    if complete:
        rounds = load_table("rounds")["round"].dropna().astype(int)
        all_rounds = sorted(set(range(1, int(rounds.max()) + 1)) | set(cov["round"].dropna()))
        grid = pd.MultiIndex.from_product(
            [sorted(cov["outlet"].unique()), all_rounds], names=keys
        ).to_frame(index=False)
        grid["round"] = grid["round"].astype("Int64")
        cov = grid.merge(cov, on=keys, how="outer")
        cov["n_articles"] = cov["n_articles"].fillna(0).astype("int64")
        if paragraphs is not None:
            cov["n_body_paragraphs"] = cov["n_body_paragraphs"].fillna(0).astype("Int64")
    cov["n_body_paragraphs"] = cov["n_body_paragraphs"].astype("Int64")
    cov = _join_registry(cov, outlet_registry(registry))
    meta = constant_columns(arts, keys, exclude=[*ARTICLES, *PARAGRAPHS, *COVERAGE, "_body"])
    if len(meta.columns):
        cov = cov.merge(meta.reset_index(), on=keys, how="left")
    cov["round"] = cov["round"].astype("Int64")
    cov = cov.sort_values(keys, na_position="last", kind="stable").reset_index(drop=True)
    first = [*COVERAGE, "ownership"]
    return cov[[*first, *[c for c in cov.columns if c not in first]]]


def meeting_coverage(
    articles: pd.DataFrame,
    paragraphs: pd.DataFrame | None = None,
    *,
    registry: str | Path | pd.DataFrame | None = None,
) -> pd.DataFrame:
    """Articles per outlet × meeting (round or related event), with the meeting's dates.

    Each article counts once, under its round, else its event
    (:func:`astana_lib.annotate.events.article_meetings`); articles with neither are counted
    under meeting ``<NA>``.

    Returns
    -------
    pandas.DataFrame
        ``outlet``, ``meeting`` (``'round-9'``, ``'summit-2018-04'`` …), ``meeting_kind``
        ('round'/'event'), ``meeting_type``, ``meeting_label``, ``meeting_start``,
        ``n_articles``, ``n_body_paragraphs``, then the registry's columns. Sorted by
        outlet, then meeting start (unknown last).

    Examples
    --------
    >>> arts = pd.DataFrame({"article_id": ["a", "b", "c"], "outlet": ["x", "x", "x"],
    ...     "round": pd.array([9, None, None], dtype="Int64"),
    ...     "event": [None, "summit-2018-04", None]})
    >>> meeting_coverage(arts)[["meeting", "meeting_kind", "n_articles"]].values.tolist()
    [['summit-2018-04', 'event', 1], ['round-9', 'round', 1], [nan, nan, 1]]
    """
    from astana_lib.annotate.events import article_meetings

    require_columns(articles, ["article_id", "outlet", "round"], table="articles")
    meet = article_meetings(articles)
    arts = articles[["article_id"]].copy()
    arts["outlet"] = fill_unknown_outlet(articles["outlet"]).to_numpy()
    for c in meet.columns[1:]:
        arts[c] = meet[c].to_numpy()
    keys = ["outlet", "meeting"]
    info = ["meeting_kind", "meeting_type", "meeting_label", "meeting_start"]
    if paragraphs is not None:
        require_columns(paragraphs, ["article_id", "role"], table="paragraphs")
        body = paragraphs[paragraphs["role"] == "body"].groupby("article_id").size()
        arts["_body"] = arts["article_id"].map(body).fillna(0).astype("int64")
    grp = arts.groupby(keys, dropna=False, sort=False)
    cov = grp[info].first()
    cov["n_articles"] = grp.size()
    cov["n_body_paragraphs"] = (
        grp["_body"].sum().astype("Int64") if paragraphs is not None else pd.NA
    )
    cov = cov.reset_index()
    cov["n_body_paragraphs"] = cov["n_body_paragraphs"].astype("Int64")
    cov = _join_registry(cov, outlet_registry(registry))
    cov = cov.sort_values(
        ["outlet", "meeting_start", "meeting"], na_position="last", kind="stable"
    ).reset_index(drop=True)
    return cov[[*keys, *info, "n_articles", "n_body_paragraphs",
                *[c for c in cov.columns if c not in (*keys, *info, "n_articles",
                                                      "n_body_paragraphs")]]]  # fmt: skip


def coverage_pivot(
    coverage: pd.DataFrame,
    *,
    value: Literal["n_articles", "n_body_paragraphs"] = "n_articles",
) -> pd.DataFrame:
    """Outlet × round wide table from :func:`coverage_matrix` (missing cells = 0).

    Columns are the rounds in order (ints), followed by ``"(unknown)"`` when some
    articles have no known round; rows are outlets. Values are ``value``.

    Examples
    --------
    >>> cov = pd.DataFrame({"outlet": ["x", "x", "y"],
    ...     "round": pd.array([5, None, 6], dtype="Int64"), "n_articles": [2, 1, 3],
    ...     "n_body_paragraphs": pd.array([10, 4, 9], dtype="Int64")})
    >>> coverage_pivot(cov)  # doctest: +NORMALIZE_WHITESPACE
    round   5  6  (unknown)
    outlet
    x       2  0          1
    y       0  3          0
    """
    check_choice("value", value, ("n_articles", "n_body_paragraphs"))
    require_columns(coverage, ["outlet", "round", value], table="coverage")
    df = coverage[["outlet", "round", value]].copy()
    has_unknown = bool(df["round"].isna().any())
    df["round"] = df["round"].astype("object").where(df["round"].notna(), UNKNOWN)
    wide = (
        df.groupby(["outlet", "round"], sort=False)[value]
        .sum(min_count=1)
        .unstack("round")
        .fillna(0)
        .astype("int64")
    )
    rounds = sorted(c for c in wide.columns if c != UNKNOWN)
    wide = wide[[*rounds, *([UNKNOWN] if has_unknown else [])]]
    wide = wide.sort_index()
    wide.columns.name = "round"
    return wide


def citation_summary(
    citations: pd.DataFrame,
    *,
    by: str | Sequence[str] = "outlet",
    kinds: Sequence[str] | None = ("agency", "dateline", "source_line"),
) -> pd.DataFrame:
    """Citations of agencies and sources per group (e.g. which outlet cites whom).

    Parameters
    ----------
    citations : DataFrame
        CITATIONS table from :func:`astana_lib.find_citations`.
    by : str or sequence of str, default "outlet"
        Grouping column(s); a missing outlet is counted under ``"(unknown)"``.
    kinds : sequence of str or None, default ("agency", "dateline", "source_line")
        ``citation_kind`` values counted: by default an outlet naming itself ("قال لبي
        بي سي", "(CNN)") is left out (logged), so the table shows sources cited by
        others. ``None`` counts every row (also when there is no ``citation_kind``).

    Returns
    -------
    pandas.DataFrame
        ``by`` columns, ``agency``, ``name_en``, ``name_ar``, ``n_citations``,
        ``n_articles`` (articles citing it), ``share`` (of the group's citations),
        then user columns constant within each group. Sorted by group, then most cited.

    Examples
    --------
    >>> cit = pd.DataFrame({"article_id": ["a", "a", "b"], "outlet": ["x", "x", None],
    ...     "agency": ["sputnik", "sana", "sputnik"], "name_en": ["Sputnik", "SANA", "Sputnik"],
    ...     "name_ar": ["سبوتنيك", "سانا", "سبوتنيك"], "matched": ["سبوتنيك", "سانا", "سبوتنيك"]})
    >>> citation_summary(cit)[["outlet", "agency", "n_citations", "share"]].values.tolist()
    [['(unknown)', 'sputnik', 1, 1.0], ['x', 'sana', 1, 0.5], ['x', 'sputnik', 1, 0.5]]
    """
    keys = as_list(by)
    require_columns(citations, [*keys, "article_id", "agency"], table="citations")
    cit = citations
    if kinds is not None and "citation_kind" in cit.columns:
        keep = cit["citation_kind"].isin(list(kinds))
        if (~keep).any():
            logger.info(
                "citation_summary: %d citation(s) of kind %s left out",
                int((~keep).sum()),
                sorted(set(cit.loc[~keep, "citation_kind"])),
            )
        cit = cit[keep]
    cit = cit.copy()
    if "outlet" in keys:
        cit["outlet"] = fill_unknown_outlet(cit["outlet"])
    grp = cit.groupby([*keys, "agency"], dropna=False, sort=False)
    out = grp.agg(n_citations=("agency", "size"), n_articles=("article_id", "nunique"))
    out = out.reset_index()
    names = [c for c in ("name_en", "name_ar") if c in cit.columns]
    if names:
        out = out.merge(cit.drop_duplicates("agency")[["agency", *names]], on="agency", how="left")
    total = out.groupby(keys, dropna=False, sort=False)["n_citations"].transform("sum")
    out["share"] = out["n_citations"] / total
    meta = constant_columns(cit, keys, exclude=[*ARTICLES, *PARAGRAPHS, *CITATIONS])
    if len(meta.columns):
        out = out.merge(meta.reset_index(), on=keys, how="left")
    out = out.sort_values(
        [*keys, "n_citations", "agency"],
        ascending=[True] * len(keys) + [False, True],
        kind="stable",
        na_position="last",
    ).reset_index(drop=True)
    first = [*keys, "agency", *names, "n_citations", "n_articles", "share"]
    return out[[*first, *[c for c in out.columns if c not in first]]]
