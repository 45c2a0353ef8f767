"""The actors figure: who is mentioned and who is quoted, per outlet, per article.

It draws :func:`astana_lib.analysis.actors.actor_summary` of the ACTOR_MENTIONS table as
shares of each outlet's articles: a dot matrix, actors (rows) × outlets (columns).
"""

from __future__ import annotations

import math
from collections.abc import Callable

import matplotlib as mpl
import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
from matplotlib.axes import Axes
from matplotlib.figure import Figure
from matplotlib.lines import Line2D

from astana_lib.analysis.actors import actor_summary
from astana_lib.analysis.tallies import articles_per_outlet
from astana_lib.figures._common import (
    OTHER,
    Lang,
    auto_annotate,
    cap_index,
    check_common,
    check_top_n,
    draw_empty,
    entity_labels,
    new_axes,
    outlet_key,
    outlet_labeller,
    set_title,
    text_width_in,
)
from astana_lib.figures.fonts import astana_style
from astana_lib.figures.labels import ar_label, wrap_label
from astana_lib.figures.texts import text as _t
from astana_lib.schema import require_columns

__all__ = ["plot_actors"]


def _actor_shares(
    actor_mentions: pd.DataFrame,
    articles: pd.DataFrame | None,
    top_n: int,
    top_n_outlets: int,
) -> tuple[pd.DataFrame, pd.DataFrame, pd.Series, int, int, str]:
    """Shares of each outlet's articles that mention / quote each of the ``top_n`` actors.

    Returns the mention and quote shares (actors × outlets, the smaller outlets pooled
    into OTHER), the article counts per outlet, the number pooled, the number of actors
    and which denominator was used (``"all"`` articles or those ``"with_actor"``).
    """
    outlets = outlet_key(actor_mentions["outlet"])
    quoted_flag = actor_mentions["quoted"].fillna(False).astype(bool)
    summary = actor_summary(
        actor_mentions.assign(
            outlet=outlets.to_numpy(),
            quoted=quoted_flag.to_numpy(),
            matched=actor_mentions["matched"]
            if "matched" in actor_mentions.columns
            else actor_mentions["actor"],
        ),
        by="outlet",
    )
    if articles is not None:
        n_art, denominator = articles_per_outlet(articles), "all"
    else:
        n_art, denominator = articles_per_outlet(actor_mentions), "with_actor"
    counts = summary.set_index(["actor", "outlet"])
    art = counts["n_articles"].unstack(fill_value=0)
    qart = counts["n_quoted_articles"].unstack(fill_value=0).reindex_like(art).fillna(0)
    mentions = art.div(n_art.reindex(art.columns).to_numpy(), axis=1)
    quoted = qart.div(n_art.reindex(art.columns).to_numpy(), axis=1)
    order = art.sum(axis=1).sort_values(ascending=False, kind="mergesort").index
    n_actors = len(order)
    keep_a = list(order[:top_n])
    mentions, quoted = mentions.loc[keep_a], quoted.loc[keep_a]
    # outlets with most articles first; smaller ones pooled ("other": share of their sum)
    cols, rest = cap_index(n_art.reindex(mentions.columns), top_n_outlets)
    mentions, quoted = mentions[cols], quoted[cols]
    if rest:
        tot = float(n_art.reindex(rest).sum())
        pool_m = art.loc[keep_a, rest].sum(axis=1) / tot
        pool_q = qart.loc[keep_a, rest].sum(axis=1) / tot
        mentions = pd.concat([mentions, pool_m.rename(OTHER)], axis=1)
        quoted = pd.concat([quoted, pool_q.rename(OTHER)], axis=1)
        n_art = pd.concat([n_art, pd.Series({OTHER: tot})])
    return mentions, quoted, n_art, len(rest), n_actors, denominator


def _dots(
    ax: Axes,
    m: np.ndarray,
    q: np.ndarray,
    size: Callable[[np.ndarray], np.ndarray],
    *,
    named: np.ndarray,
    show_all: bool,
) -> None:
    """Open circles (mentioned), filled circles (quoted), shares written beside them."""
    yy, xx = np.meshgrid(np.arange(m.shape[0]), np.arange(m.shape[1]), indexing="ij")
    nz = m > 0
    ax.scatter(
        xx[nz],
        yy[nz],
        s=size(m[nz]),
        facecolors="#deebf7",
        edgecolors="#2171b5",
        linewidths=0.8,
        zorder=2,
    )
    qz = q > 0
    ax.scatter(xx[qz], yy[qz], s=size(q[qz]), color="#d94801", linewidths=0, zorder=3)
    for i, j in zip(*np.nonzero(nz), strict=True):
        if show_all or not named[j]:
            r = math.sqrt(size(m[i, j]) / math.pi)
            ax.annotate(
                f"{m[i, j]:.0%}" + (f" ({q[i, j]:.0%})" if q[i, j] else ""),
                (j, i),
                xytext=(r + 2, 0),
                textcoords="offset points",
                ha="left",
                va="center",
                fontsize=mpl.rcParams["font.size"] - 2.5,
                color="#333333",
            )


def _size_legend(
    ax: Axes, size: Callable[[np.ndarray], np.ndarray], lang: str, denominator: str
) -> None:
    """Legend of reference circle sizes and of the quoted marker."""
    ref = [0.1, 0.25, 0.5, 1.0]
    handles = [
        Line2D(
            [],
            [],
            ls="",
            marker="o",
            markersize=math.sqrt(size(np.array([v]))[0]),
            markerfacecolor="#deebf7",
            markeredgecolor="#2171b5",
            label=f"{v:.0%}",
        )
        for v in ref
    ]
    handles.append(
        Line2D(
            [],
            [],
            ls="",
            marker="o",
            markersize=7,
            color="#d94801",
            label=ar_label(_t("quoted", lang)),
        )
    )
    ax.legend(
        handles=handles,
        title=ar_label(wrap_label(_t(f"share_articles_{denominator}", lang), 24)),
        markerfirst=lang != "ar",
        loc="upper left",
        bbox_to_anchor=(1.01, 1.0),
        labelspacing=1.2,
        borderaxespad=0,
    )


def plot_actors(
    actor_mentions: pd.DataFrame,
    *,
    articles: pd.DataFrame | None = None,
    lang: Lang = "ar",
    top_n: int = 15,
    top_n_outlets: int = 12,
    annotate: bool | None = None,
    title: str | None = None,
    ax: Axes | None = None,
) -> Figure:
    """Actors per outlet, per article: who is mentioned and who is quoted.

    A dot matrix, actors (rows) × outlets (columns). Values are *shares of the outlet's
    articles* (so a large outlet does not look as if it covered everyone more): the open
    circle's area is the share of the outlet's articles that mention the actor, the
    filled circle's the share that quote the actor (subject of a speech verb,
    ``quoted``). Each column label gives the outlet's number of articles ``n``; the shares
    are written next to the circles when there are few cells (``mentioned (quoted)``).

    Parameters
    ----------
    actor_mentions : pandas.DataFrame
        ACTOR_MENTIONS table: ``actor``, ``outlet``, ``article_id``, ``quoted``;
        ``name_ar``/``name_en`` label the actors.
    articles : pandas.DataFrame, optional
        ARTICLES table (``article_id``, ``outlet``): the denominators (all articles of
        each outlet). Without it, the articles that mention any actor are counted (the
        figure says which).
    lang : {"ar", "en"}, default "ar"
    top_n : int, default 15
        Actors shown (most mentioned); the figure notes how many there are in all.
    top_n_outlets : int, default 12
        Outlet columns; smaller outlets are pooled into "other (k)".
    annotate : bool, optional
        Write the counts; default when at most 150 cells.
    title : str, optional
    ax : matplotlib Axes, optional

    Returns
    -------
    matplotlib.figure.Figure

    Examples
    --------
    >>> am = pd.DataFrame({"actor": ["lavrentiev", "lavrentiev", "de_mistura"],
    ...     "article_id": ["a", "b", "c"],
    ...     "outlet": ["rt", "aljazeera", "rt"], "quoted": [True, False, True],
    ...     "name_en": ["Alexander Lavrentiev", "Alexander Lavrentiev", "Staffan de Mistura"],
    ...     "name_ar": ["ألكسندر لافرينتييف", "ألكسندر لافرينتييف", "ستافان دي ميستورا"]})
    >>> fig = plot_actors(am, lang="en")
    >>> [t.get_text() for t in fig.axes[0].get_yticklabels()]
    ['Alexander Lavrentiev', 'Staffan de Mistura']
    >>> plt.close(fig)
    """
    check_common(lang, ax)
    top_n = check_top_n("top_n", top_n)
    top_n_outlets = check_top_n("top_n_outlets", top_n_outlets)
    require_columns(actor_mentions, ["actor", "outlet", "quoted"], table="actor_mentions")
    names = entity_labels(actor_mentions, "actor", lang)
    require_columns(actor_mentions, ["article_id"], table="actor_mentions")
    mentions, quoted, n_art, n_other, n_actors, denominator = _actor_shares(
        actor_mentions, articles, top_n, top_n_outlets
    )
    outlet_label = outlet_labeller(lang)
    col_labels = [
        wrap_label(outlet_label(o, n_other), 22, max_lines=1) + f" (n={n_art[o]:.0f})"
        for o in mentions.columns
    ]
    row_labels = [wrap_label(names.get(str(a), str(a)), 30, max_lines=2) for a in mentions.index]

    with astana_style():
        width = 2.2 + text_width_in(row_labels) + 1.0 * max(len(col_labels), 2)
        height = 1.9 + 0.34 * max(len(row_labels), 2)
        fig, ax = new_axes(ax, (min(width, 13), min(height, 11)))
        if mentions.empty:
            draw_empty(ax, lang)
            set_title(ax, title, _t("actors_title", lang))
            return fig
        # areas: a full circle is "every article of the outlet"; the pooled "other"
        # column's counts are always written next to it
        smax = 420.0 if len(col_labels) <= 8 else 300.0

        def size(v: np.ndarray) -> np.ndarray:
            return smax * np.minimum(v, 1.0)

        _dots(
            ax,
            mentions.to_numpy(dtype=float),
            quoted.to_numpy(dtype=float),
            size,
            named=np.asarray(mentions.columns != OTHER),
            show_all=auto_annotate(annotate, mentions.size, 150),
        )
        ax.set_xticks(range(len(col_labels)), [ar_label(c) for c in col_labels])
        longest = max((len(line) for c in col_labels for line in c.split("\n")), default=0)
        if len(col_labels) > 5 or longest * len(col_labels) > 40:
            plt.setp(ax.get_xticklabels(), rotation=35, ha="right", rotation_mode="anchor")
        ax.set_yticks(range(len(row_labels)), [ar_label(r) for r in row_labels])
        ax.set_xlim(-0.6, len(col_labels) - 0.2)
        ax.set_ylim(len(row_labels) - 0.5, -0.6)
        ax.grid(color="#eeeeee", linewidth=0.6)
        ax.tick_params(length=0)
        for spine in ax.spines.values():
            spine.set_visible(False)
        _size_legend(ax, size, lang, denominator)
        if n_actors > top_n:
            ax.text(
                1.01,
                0.0,
                ar_label(_t("top_shown", lang, k=top_n, n=n_actors)),
                transform=ax.transAxes,
                ha="left",
                va="bottom",
                fontsize=mpl.rcParams["font.size"] - 2,
                color="#555555",
            )
        set_title(ax, title, _t("actors_title", lang))
    return fig
