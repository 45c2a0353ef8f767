"""The citations figure: which agencies and sources each outlet cites.

It draws :func:`astana_lib.analysis.coverage.citation_summary` of the CITATIONS table as a
heatmap, outlets (rows) × agencies (columns), both tails pooled into "other (k)".
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Literal

import matplotlib as mpl
import matplotlib.pyplot as plt  # noqa: F401  (doctest namespace)
import pandas as pd
from matplotlib.axes import Axes
from matplotlib.figure import Figure

from astana_lib._checks import check_choice
from astana_lib.analysis.coverage import citation_summary
from astana_lib.figures._common import (
    OTHER,
    Lang,
    auto_annotate,
    cap_columns,
    cap_rows,
    check_common,
    check_top_n,
    entity_labels,
    heatmap,
    new_axes,
    other_label,
    outlet_key,
    outlet_labeller,
    set_title,
    text_width_in,
)
from astana_lib.figures.fonts import astana_style
from astana_lib.figures.labels import ar_label, wrap_label
from astana_lib.figures.texts import text as _t
from astana_lib.schema import require_columns

__all__ = ["plot_citations"]


def plot_citations(
    citations: pd.DataFrame,
    *,
    count: Literal["articles", "citations"] = "articles",
    kinds: Sequence[str] | None = ("agency", "dateline", "source_line"),
    lang: Lang = "ar",
    top_n: int = 15,
    top_n_outlets: int = 20,
    annotate: bool | None = None,
    title: str | None = None,
    ax: Axes | None = None,
) -> Figure:
    """Cited agencies and sources per outlet: heatmap outlets (rows) × agencies (columns).

    Parameters
    ----------
    citations : pandas.DataFrame
        CITATIONS table: ``outlet``, ``agency``, ``article_id`` (for ``count="articles"``);
        ``name_ar``/``name_en`` label the agencies.
    count : {"articles", "citations"}, default "articles"
        Distinct articles citing the agency, or every citation found.
    kinds : sequence of str or None, default ("agency", "dateline", "source_line")
        ``citation_kind`` values drawn (see :func:`astana_lib.citation_summary`): by
        default an outlet's references to itself are left out, and the figure says how
        many.
    lang : {"ar", "en"}, default "ar"
    top_n : int, default 15
        Agency columns; rarer agencies are pooled into "other (k)".
    top_n_outlets : int, default 20
        Outlet rows; smaller outlets are pooled into "other (k)".
    annotate : bool, optional
        Write counts in cells; default when at most 480 cells.
    title : str, optional
    ax : matplotlib Axes, optional

    Returns
    -------
    matplotlib.figure.Figure

    Examples
    --------
    >>> ci = pd.DataFrame({"article_id": ["a", "a", "b"], "outlet": ["rt", "rt", "aljazeera"],
    ...     "agency": ["sputnik", "sputnik", "kazinform"],
    ...     "name_en": ["Sputnik", "Sputnik", "Kazinform"],
    ...     "name_ar": ["سبوتنيك", "سبوتنيك", "وكالة الأنباء الكازاخستانية"]})
    >>> fig = plot_citations(ci, lang="en")
    >>> sorted(t.get_text() for t in fig.axes[0].get_xticklabels())
    ['Kazinform', 'Sputnik']
    >>> plt.close(fig)
    """
    check_common(lang, ax)
    check_choice("count", count, ("articles", "citations"))
    top_n = check_top_n("top_n", top_n)
    top_n_outlets = check_top_n("top_n_outlets", top_n_outlets)
    require_columns(citations, ["outlet", "agency", "article_id"], table="citations")
    n_self = (
        int((citations["citation_kind"] == "self").sum())
        if "citation_kind" in citations.columns and "self" not in (kinds or ("self",))
        else 0
    )
    summary = citation_summary(citations, by="outlet", kinds=kinds)
    value = "n_articles" if count == "articles" else "n_citations"
    mat = (
        summary.assign(outlet=outlet_key(summary["outlet"]))
        .set_index(["outlet", "agency"])[value]
        .unstack(fill_value=0)
    )
    mat, n_other_outlets = cap_rows(mat, top_n_outlets)
    mat, n_other_agencies = cap_columns(mat, top_n)
    names = entity_labels(citations, "agency", lang)
    outlet_label = outlet_labeller(lang)
    rows = [wrap_label(outlet_label(o, n_other_outlets), 28, max_lines=2) for o in mat.index]
    # column labels are rotated: one line each, long names shortened
    col_labels = [
        other_label(lang, n_other_agencies)
        if a == OTHER
        else wrap_label(names.get(str(a), str(a)), 22, max_lines=3)
        for a in mat.columns
    ]
    with astana_style():
        width = 1.8 + text_width_in(rows) + 0.42 * max(len(col_labels), 3)
        height = 1.6 + 0.3 * max(len(rows), 2) + 0.5 * text_width_in(col_labels)
        fig, ax = new_axes(ax, (min(width, 13), min(height, 11)))
        heatmap(
            ax,
            mat,
            rows,
            col_labels,
            annotate=auto_annotate(annotate, mat.size),
            cbar_label=_t(count, lang),
            xlabel=_t("agency", lang),
            ylabel="",
            lang=lang,
            rotate_x=40 if len(col_labels) > 3 or text_width_in(col_labels) > 1.0 else 0,
        )
        set_title(ax, title, _t("citations_title", lang))
        if n_self:
            # anchored below the x-axis label (not at a fixed figure position, which the
            # label of a tall heatmap can reach), so the two never overprint
            ax.annotate(
                ar_label(_t("self_left_out", lang, n=n_self)),
                xy=(0.5, 0.0),
                xycoords=ax.xaxis.label,
                xytext=(0, -6),
                textcoords="offset points",
                fontsize=mpl.rcParams["font.size"] * 0.8,
                color="0.35",
                ha="center",
                va="top",
            )
    return fig
