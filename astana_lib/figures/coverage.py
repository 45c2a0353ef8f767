"""The coverage heatmap: outlets (rows) × Astana rounds (columns).

It draws :func:`astana_lib.analysis.coverage.coverage_pivot` of the COVERAGE table (the
outlet × round wide table), with the unknown round as the last column and the smaller
outlets pooled into "other (k)".
"""

from __future__ import annotations

from typing import Literal

import matplotlib.pyplot as plt  # noqa: F401  (doctest namespace)
import pandas as pd
from matplotlib.axes import Axes
from matplotlib.figure import Figure

from astana_lib._checks import check_choice
from astana_lib.analysis.coverage import coverage_pivot
from astana_lib.figures._common import (
    UNKNOWN,
    Lang,
    auto_annotate,
    cap_rows,
    check_common,
    check_top_n,
    heatmap,
    new_axes,
    outlet_key,
    outlet_labeller,
    set_title,
    text_width_in,
)
from astana_lib.figures.fonts import astana_style
from astana_lib.figures.labels import wrap_label
from astana_lib.figures.texts import text as _t
from astana_lib.resources import load_table
from astana_lib.schema import require_columns

__all__ = ["outlet_round_matrix", "plot_coverage_heatmap"]

#: Column of the unknown round in :func:`outlet_round_matrix` (drawn last).
UNKNOWN_ROUND = -1


def outlet_round_matrix(
    coverage: pd.DataFrame, value: Literal["n_articles", "n_body_paragraphs"]
) -> pd.DataFrame:
    """:func:`coverage_pivot` with the figures' keys: outlet ids, integer rounds.

    A missing outlet is :data:`UNKNOWN`; a missing (or non-numeric) round is the column
    ``-1``, last; a missing value counts 0.

    Examples
    --------
    >>> cov = pd.DataFrame({"outlet": ["x", None, "x"], "round": [5, 5, None],
    ...                     "n_articles": [2, 1, 1]})
    >>> outlet_round_matrix(cov, "n_articles").to_dict("index")
    {'(unknown)': {5: 1, -1: 0}, 'x': {5: 2, -1: 1}}
    """
    rounds = pd.to_numeric(coverage["round"], errors="coerce")
    table = pd.DataFrame(
        {
            "outlet": outlet_key(coverage["outlet"]),
            "round": rounds.astype("Float64")
            .fillna(-1)
            .astype(int)
            .astype("Int64")
            .mask(rounds.isna()),
            value: pd.to_numeric(coverage[value], errors="coerce").fillna(0),
        }
    )
    return coverage_pivot(table, value=value).rename(columns={UNKNOWN: UNKNOWN_ROUND})


def plot_coverage_heatmap(
    coverage: pd.DataFrame,
    *,
    value: Literal["n_articles", "n_body_paragraphs"] = "n_articles",
    lang: Lang = "ar",
    top_n: int = 20,
    all_rounds: bool = False,
    annotate: bool | None = None,
    title: str | None = None,
    ax: Axes | None = None,
) -> Figure:
    """Heatmap of coverage: outlets (rows) × Astana rounds (columns).

    Parameters
    ----------
    coverage : pandas.DataFrame
        COVERAGE table (:data:`astana_lib.schema.COVERAGE`): ``outlet``, ``round`` and
        ``value``; ``name_ar``/``name_en`` are used for labels when present. Rows with
        the same outlet and round are summed; round NA is shown as an "unknown" column,
        outlet NA as "(unknown)".
    value : {"n_articles", "n_body_paragraphs"}, default "n_articles"
        The count to show.
    lang : {"ar", "en"}, default "ar"
        Label language.
    top_n : int, default 20
        At most this many rows: the largest outlets, the rest summed into "other (k)".
    all_rounds : bool, default False
        Show every round of the reference table (1–22), also those without coverage.
    annotate : bool, optional
        Write counts in cells; by default only when there are at most 480 cells.
    title : str, optional
        Title; default depends on ``lang``; ``""`` for none.
    ax : matplotlib Axes, optional
        Draw into this Axes (a colour bar is added next to it).

    Returns
    -------
    matplotlib.figure.Figure

    Examples
    --------
    >>> cov = pd.DataFrame({"outlet": ["aljazeera", "rt", "aljazeera"],
    ...                     "round": pd.array([4, 4, 5], dtype="Int64"),
    ...                     "n_articles": [2, 1, 1], "n_body_paragraphs": [20, 7, 9],
    ...                     "name_ar": ["الجزيرة", "قناة RT العربية", "الجزيرة"],
    ...                     "name_en": ["Al Jazeera", "RT Arabic", "Al Jazeera"]})
    >>> fig = plot_coverage_heatmap(cov, lang="en")
    >>> [t.get_text() for t in fig.axes[0].get_yticklabels()]
    ['Al Jazeera', 'RT Arabic']
    >>> plt.close(fig)
    """
    check_common(lang, ax)
    check_choice("value", value, ("n_articles", "n_body_paragraphs"))
    top_n = check_top_n("top_n", top_n)
    require_columns(coverage, ["outlet", "round", value], table="coverage")
    mat = outlet_round_matrix(coverage, value)
    unknown = [UNKNOWN_ROUND] if UNKNOWN_ROUND in mat.columns else []
    if all_rounds:
        ref = sorted(int(r) for r in load_table("rounds")["round"])
        cols = sorted(set(ref) | {c for c in mat.columns if c > 0})
        mat = mat.reindex(columns=cols + unknown, fill_value=0)
    else:
        mat = mat[sorted(c for c in mat.columns if c > 0) + unknown]
    mat, n_other = cap_rows(mat, top_n)
    label = outlet_labeller(lang, coverage)
    rows = [wrap_label(label(o, n_other), 28, max_lines=2) for o in mat.index]
    cols_lab = [str(c) if c > 0 else _t("unknown_round", lang) for c in mat.columns]
    with astana_style():
        width = 1.6 + text_width_in(rows) + 0.36 * max(len(cols_lab), 3)
        height = 1.3 + 0.3 * max(len(rows), 2)
        fig, ax = new_axes(ax, (min(width, 13), min(height, 11)))
        heatmap(
            ax,
            mat,
            rows,
            cols_lab,
            annotate=auto_annotate(annotate, mat.size),
            cbar_label=_t(value, lang),
            xlabel=_t("round", lang),
            ylabel="",
            lang=lang,
        )
        set_title(ax, title, _t("coverage_title", lang))
    return fig
