"""The rounds timeline: every Astana round on a date axis, its coverage as stacked bars.

The bars are :func:`astana_lib.analysis.coverage.coverage_pivot` of the coverage with a
round of the reference table (``data/rounds.csv``); coverage with an unknown round is
written in a note. Round labels hang from the top of the axes, spread apart so that
neighbouring rounds (1–3 are three weeks apart) never overprint.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from typing import Literal

import matplotlib as mpl
import matplotlib.dates as mdates
import matplotlib.pyplot as plt  # noqa: F401  (doctest namespace)
import numpy as np
import pandas as pd
from matplotlib.axes import Axes
from matplotlib.figure import Figure
from matplotlib.ticker import MaxNLocator

from astana_lib._checks import check_choice
from astana_lib.analysis.coverage import coverage_pivot
from astana_lib.figures._common import (
    Lang,
    cap_rows,
    check_common,
    check_top_n,
    new_axes,
    outlet_key,
    outlet_labeller,
    set_title,
    stacked_bars,
)
from astana_lib.figures.fonts import astana_style
from astana_lib.figures.labels import ar_label
from astana_lib.figures.texts import text as _t
from astana_lib.resources import load_table
from astana_lib.schema import require_columns

__all__ = ["plot_rounds_timeline"]

logger = logging.getLogger(__name__)


def _spread(positions: Sequence[float], gap: float) -> np.ndarray:
    """Move sorted 1-D label positions apart to at least ``gap``, as little as possible.

    Overlapping neighbours are pooled into clusters centred on their original positions.

    Examples
    --------
    >>> _spread([0, 1, 2, 50], gap=10).tolist()
    [-9.0, 1.0, 11.0, 50.0]
    """
    clusters: list[list[float]] = []  # [x0, n, sum of (o_i - k*gap)]
    for p in positions:
        clusters.append([float(p), 1, float(p)])
        while len(clusters) > 1:
            prev, last = clusters[-2], clusters[-1]
            if prev[0] + prev[1] * gap <= last[0]:
                break
            n = prev[1] + last[1]
            total = prev[2] + last[2] - last[1] * prev[1] * gap
            clusters[-2:] = [[total / n, n, total]]
    out = [c[0] + k * gap for c in clusters for k in range(int(c[1]))]
    return np.asarray(out, dtype=float)


def _round_matrix(
    coverage: pd.DataFrame, ref: pd.DataFrame, value: str, top_n: int
) -> tuple[pd.DataFrame, int, float]:
    """Outlets × reference rounds (pooled to ``top_n`` rows), pooled count, unknown-round total."""
    rounds = pd.to_numeric(coverage["round"], errors="coerce")
    v = pd.to_numeric(coverage[value], errors="coerce").fillna(0)
    n_unknown = float(v[rounds.isna()].sum())
    known = rounds.dropna().astype(int)
    unmatched = sorted(set(known) - set(ref["round"]))
    if unmatched:
        logger.warning("coverage rounds %s are not in the rounds table: not drawn", unmatched)
    known = known[known.isin(ref["round"])]
    idx = known.index
    table = pd.DataFrame(
        {"outlet": outlet_key(coverage["outlet"]).loc[idx], "round": known, value: v.loc[idx]}
    )
    mat, n_other = cap_rows(coverage_pivot(table, value=value), top_n)
    return mat.reindex(columns=ref["round"], fill_value=0), n_other, n_unknown


def _label_offsets(fig, ax: Axes, x: np.ndarray) -> tuple[np.ndarray, tuple[float, float], float]:
    """Spread label positions (data units), the x limits and points per data unit."""
    # rotated labels are one line high: spread neighbours (rounds 1-3 are 3 weeks
    # apart) so they never overlap, with the shift in points
    xlim = (x.min() - 60, x.max() + 60) if len(x) else (0.0, 1.0)
    fig_w = fig.get_size_inches()[0] * ax.get_position().width * 72
    scale = fig_w / (xlim[1] - xlim[0])
    gap = mpl.rcParams["font.size"] - 2 + 2.5
    order = np.argsort(x, kind="mergesort")
    spread = np.empty(len(x))
    pts = _spread(x[order] * scale, gap)
    lo_pt = xlim[0] * scale + gap
    for i in range(len(pts)):  # keep the first labels right of the y axis
        pts[i] = max(pts[i], lo_pt if i == 0 else pts[i - 1] + gap)
    spread[order] = pts / scale
    return spread, xlim, scale


def _round_labels(
    fig, ax: Axes, x: np.ndarray, labels: Sequence[str], totals: pd.Series, ymax: float
) -> tuple[float, float]:
    """Hang the round labels from the top of the axes; return the y top and x limits."""
    spread, xlim, scale = _label_offsets(fig, ax, x)
    # labels hang from the top of the axes, in a band kept free of bars
    label_pt = mpl.rcParams["font.size"] - 2
    band_pt = max((len(lab) for lab in labels), default=0) * label_pt * 0.55 + 8
    axes_pt = fig.get_size_inches()[1] * ax.get_position().height * 72
    band = min(band_pt / max(axes_pt, 1.0), 0.6)
    for xi, xs, lab, tot in zip(x, spread, labels, totals, strict=True):
        ax.annotate(
            ar_label(lab),
            (xi, 1.0),
            xycoords=("data", "axes fraction"),
            xytext=((xs - xi) * scale, -3),
            textcoords="offset points",
            rotation=90,
            ha="center",
            va="top",
            fontsize=label_pt,
            color="#333333" if tot else "#9a9a9a",
        )
        ax.plot([xi, xi], [tot, ymax / (1 - band)], color="#e6e6e6", lw=0.6, zorder=0)
    return ymax / (1 - band), xlim


def plot_rounds_timeline(
    coverage: pd.DataFrame,
    rounds: pd.DataFrame | None = None,
    *,
    value: Literal["n_articles", "n_body_paragraphs"] = "n_articles",
    lang: Lang = "ar",
    top_n: int = 6,
    title: str | None = None,
    ax: Axes | None = None,
) -> Figure:
    """Timeline of the Astana rounds on a date axis, with each round's coverage as bars.

    Every round of the reference table is marked at its start date and labelled with
    its city and number ("أستانا 5" / "Astana 5"); the bar height is the coverage of the
    round, stacked by outlet (the ``top_n`` largest outlets, the rest as "other").
    Coverage with an unknown round is reported in a note, not dropped silently.

    Parameters
    ----------
    coverage : pandas.DataFrame
        COVERAGE table (``outlet``, ``round``, ``value``).
    rounds : pandas.DataFrame, optional
        Rounds reference table (``round``, ``start_date``, ``city``, ``city_ar``);
        default ``load_table("rounds")``.
    value : {"n_articles", "n_body_paragraphs"}, default "n_articles"
    lang : {"ar", "en"}, default "ar"
    top_n : int, default 6
        Outlets shown as separate colours.
    title : str, optional
    ax : matplotlib Axes, optional

    Returns
    -------
    matplotlib.figure.Figure

    Examples
    --------
    >>> cov = pd.DataFrame({"outlet": ["aljazeera", "rt"], "n_articles": [2, 1],
    ...                     "round": pd.array([4, 20], dtype="Int64")})
    >>> fig = plot_rounds_timeline(cov, lang="en")
    >>> sum(t.get_text().split()[0] in {"Astana", "Sochi", "Nur-Sultan"}
    ...     for t in fig.axes[0].texts)  # every round of the reference table is labelled
    22
    >>> plt.close(fig)
    """
    check_common(lang, ax)
    check_choice("value", value, ("n_articles", "n_body_paragraphs"))
    top_n = check_top_n("top_n", top_n)
    require_columns(coverage, ["outlet", "round", value], table="coverage")
    if rounds is None:
        rounds = load_table("rounds")
    require_columns(rounds, ["round", "start_date", "city", "city_ar"], table="rounds")
    ref = rounds.assign(
        round=pd.to_numeric(rounds["round"]).astype(int),
        start_date=pd.to_datetime(rounds["start_date"]),
    ).sort_values("round")
    per_round, n_other, n_unknown = _round_matrix(coverage, ref, value, top_n)
    label = outlet_labeller(lang, coverage)
    totals = per_round.sum(axis=0)
    dates = dict(zip(ref["round"], ref["start_date"], strict=True))
    x = mdates.date2num([dates[r] for r in per_round.columns])
    first = ref.drop_duplicates("round")
    city = dict(zip(first["round"], first["city_ar" if lang == "ar" else "city"], strict=True))
    labels = [f"{city[r]} {r}" for r in per_round.columns]

    with astana_style():
        fig, ax = new_axes(ax, (7.5, 3.6))
        bars, _ = stacked_bars(ax, x, per_round, width=16)
        ymax = max(float(totals.max()) if len(totals) else 0.0, 1.0)
        zero = totals.to_numpy() == 0
        ax.plot(x[zero], np.zeros(zero.sum()), "|", color="#9e9e9e", markersize=8, mew=1.2)
        ytop, xlim = _round_labels(fig, ax, x, labels, totals, ymax)
        ax.set_ylim(0, ytop)
        ax.yaxis.set_major_locator(MaxNLocator(integer=True, nbins=5))
        ax.xaxis.set_major_locator(mdates.YearLocator())
        ax.xaxis.set_major_formatter(mdates.DateFormatter("%Y"))
        ax.set_xlim(*xlim)
        ax.set_ylabel(ar_label(_t(value, lang)))
        ax.grid(axis="y")
        if bars and len(per_round.index) > 1:
            ax.legend(
                bars,
                [ar_label(label(o, n_other)) for o in per_round.index],
                loc="upper center",
                bbox_to_anchor=(0.5, -0.09),
                ncols=min(4, len(bars)),
                markerfirst=lang != "ar",
            )
        if n_unknown:
            ax.annotate(
                ar_label(_t("unknown_round_note", lang, n=f"{n_unknown:.0f}")),
                (1.0, 1.0),
                xycoords="axes fraction",
                xytext=(0, 3),
                textcoords="offset points",
                ha="right",
                va="bottom",
                fontsize=mpl.rcParams["font.size"] - 1,
                color="#555555",
            )
        set_title(ax, title, _t("timeline_title", lang))
    return fig
