"""Similarity figures: the histogram of pair scores and the threshold curves.

:func:`plot_similarity` draws the scores of a PAIRS table with the threshold marked;
:func:`plot_threshold_curve` draws precision/recall/F1 and/or the number of pairs by
threshold (e.g. ``benchmarks/results/threshold_curve.csv``), one panel per metric when
there are many benchmarks. Count axes follow the shared log-scale rule
(:func:`astana_lib.figures._common.wants_log`).
"""

from __future__ import annotations

import logging
import math
from collections.abc import Sequence

import matplotlib as mpl
import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
from matplotlib.axes import Axes
from matplotlib.figure import Figure
from matplotlib.ticker import MaxNLocator

from astana_lib._checks import check_fraction
from astana_lib.figures._common import (
    Lang,
    check_common,
    check_top_n,
    new_axes,
    set_title,
    wants_log,
)
from astana_lib.figures.fonts import astana_style
from astana_lib.figures.labels import ar_label
from astana_lib.figures.texts import BENCH_AR
from astana_lib.figures.texts import text as _t
from astana_lib.schema import require_columns

__all__ = ["plot_similarity", "plot_threshold_curve"]

logger = logging.getLogger(__name__)

#: line colour per curve
_COLORS = {"precision": "#2171b5", "recall": "#6a51a3", "f1": "#d94801", "n_pairs": "#525252"}
#: line style per benchmark
_STYLES = ["-", "--", ":", "-."]


def plot_similarity(
    pairs_or_scores: pd.DataFrame | pd.Series | Sequence[float] | np.ndarray,
    *,
    threshold: float,
    column: str = "cosine",
    lang: Lang = "ar",
    bins: int = 40,
    log: bool | None = None,
    title: str | None = None,
    ax: Axes | None = None,
) -> Figure:
    """Histogram of similarity scores with the chosen threshold marked.

    The note says how many pairs reach the threshold and, for a PAIRS table with a
    ``kind`` column, how many more are reported as ``contained`` although their cosine
    is below it (so the figure's count matches the pairs table).

    Parameters
    ----------
    pairs_or_scores : DataFrame, Series or array-like
        A PAIRS table (its ``column``) or the scores themselves, in [0, 1].
    threshold : float
        The threshold used, in (0, 1]; scores at or above it are coloured.
    column : str, default "cosine"
        Score column of a table.
    lang : {"ar", "en"}, default "ar"
    bins : int, default 40
    log : bool, optional
        Logarithmic count axis; by default when the bar heights span two orders of magnitude.
    title : str, optional
    ax : matplotlib Axes, optional

    Returns
    -------
    matplotlib.figure.Figure

    Examples
    --------
    >>> fig = plot_similarity(pd.DataFrame({"cosine": [0.2, 0.3, 0.35, 0.8, 1.0]}), threshold=0.5)
    >>> len(fig.axes[0].patches) > 0
    True
    >>> plt.close(fig)
    """
    check_common(lang, ax)
    threshold = check_fraction("threshold", threshold)
    bins = check_top_n("bins", bins)
    if isinstance(pairs_or_scores, pd.DataFrame):
        require_columns(pairs_or_scores, [column], table="pairs")
        raw = pairs_or_scores[column]
    else:
        raw = pd.Series(np.asarray(pairs_or_scores, dtype=float).ravel())
    scores = pd.to_numeric(raw, errors="coerce")
    n_bad = int(scores.isna().sum())
    if n_bad:
        logger.warning("plot_similarity: %d missing/non-numeric scores not drawn", n_bad)
    scores = scores.dropna().to_numpy(dtype=float)
    if len(scores) and (scores.min() < -1e-9 or scores.max() > 1 + 1e-9):
        raise ValueError(
            f"similarity scores must lie in [0, 1]; got {scores.min():.3g}..{scores.max():.3g}"
        )
    scores = np.clip(scores, 0.0, 1.0)
    n_contained = 0
    if isinstance(pairs_or_scores, pd.DataFrame) and "kind" in pairs_or_scores.columns:
        # pairs kept by containment although their cosine is below the threshold: they
        # are in the pairs table, so the figure says how many (not only the histogram)
        low = pd.to_numeric(pairs_or_scores[column], errors="coerce") < threshold
        n_contained = int(((pairs_or_scores["kind"] == "contained") & low).sum())
    lo = math.floor(min(scores.min() if len(scores) else 0.0, threshold) * 20) / 20
    edges = np.linspace(lo, 1.0, bins + 1)
    counts, _ = np.histogram(scores, bins=edges)
    with astana_style():
        fig, ax = new_axes(ax, (5.6, 3.2))
        below = scores[scores < threshold]
        above = scores[scores >= threshold]
        ax.hist(below, bins=edges, color="#9ecae1", linewidth=0)
        ax.hist(above, bins=edges, color="#08519c", linewidth=0)
        use_log = wants_log(counts) if log is None else bool(log)
        if use_log:
            ax.set_yscale("log")
        else:
            ax.yaxis.set_major_locator(MaxNLocator(integer=True))
        ax.axvline(threshold, color="#cb181d", linewidth=1.2, linestyle="--")
        share = f"{len(above) / len(scores):.0%}" if len(scores) else "–"
        note = (
            f"{_t('threshold', lang)} = {threshold:.2f}\n{_t('above', lang, n=len(above), p=share)}"
        )
        if n_contained:
            note += "\n" + _t("contained_too", lang, k=n_contained)
        ax.annotate(
            ar_label(note),
            (threshold, 1.0),
            xycoords=("data", "axes fraction"),
            xytext=(-4, -2),
            textcoords="offset points",
            ha="right",
            va="top",
            fontsize=mpl.rcParams["font.size"] - 1,
            color="#cb181d",
        )
        ax.set_xlim(lo, 1.0)
        ax.set_xlabel(ar_label(_t("cosine", lang)))
        ax.set_ylabel(ar_label(_t("pairs", lang)))
        ax.grid(axis="y")
        set_title(ax, title, _t("similarity_title", lang))
    return fig


def plot_threshold_curve(
    curve: pd.DataFrame,
    *,
    threshold: float | None = None,
    lang: Lang = "ar",
    title: str | None = None,
    ax: Axes | None = None,
) -> Figure:
    """Threshold sensitivity: precision/recall/F1 and/or the number of pairs vs threshold.

    Parameters
    ----------
    curve : pandas.DataFrame
        ``threshold`` plus any of ``precision``, ``recall``, ``f1`` (drawn on a 0–1 axis)
        and ``n_pairs`` (on a second axis, logarithmic when it spans two orders of
        magnitude). An optional ``benchmark`` column draws one line style per benchmark
        (e.g. ``benchmarks/results/threshold_curve.csv``).
    threshold : float, optional
        The chosen threshold, marked with a dashed line.
    lang : {"ar", "en"}, default "ar"
    title : str, optional
    ax : matplotlib Axes, optional

    Returns
    -------
    matplotlib.figure.Figure

    Examples
    --------
    >>> curve = pd.DataFrame({"threshold": [0.3, 0.5, 0.7], "precision": [0.5, 0.8, 0.95],
    ...                       "recall": [0.95, 0.85, 0.6], "f1": [0.66, 0.82, 0.74]})
    >>> fig = plot_threshold_curve(curve, threshold=0.5, lang="en")
    >>> [t.get_text() for t in fig.legends[0].get_texts()]
    ['precision', 'recall', 'F1 (best 0.82 at 0.50)']
    >>> plt.close(fig)
    """
    check_common(lang, ax)
    require_columns(curve, ["threshold"], table="curve")
    metrics = [c for c in ("precision", "recall", "f1") if c in curve.columns]
    has_n = "n_pairs" in curve.columns
    if not metrics and not has_n:
        raise ValueError(
            "curve needs at least one of the columns precision, recall, f1, n_pairs; "
            f"it has {list(curve.columns)}"
        )
    if threshold is not None:
        threshold = check_fraction("threshold", threshold)
    df = curve.copy()
    df["_bench"] = df["benchmark"].astype(str) if "benchmark" in df.columns else ""
    benches = list(dict.fromkeys(df["_bench"]))
    if len(benches) > 2 and ax is None:
        return _threshold_facets(df, benches, metrics, has_n, threshold, lang, title)
    with astana_style():
        own_figure = ax is None
        fig, ax = new_axes(ax, (7.2 if len(benches) > 1 else 6.4, 3.4))
        handles = _metric_lines(ax, df, benches, metrics, lang) if metrics else []
        if has_n:
            handles += _pair_lines(ax, df, benches, twin=bool(metrics), lang=lang)
        if threshold is not None:
            ax.axvline(threshold, color="#cb181d", linestyle="--", linewidth=1.0)
            ax.annotate(
                ar_label(f"{_t('threshold', lang)} = {threshold:.2f}"),
                (threshold, 0.0),
                xycoords=("data", "axes fraction"),
                xytext=(3, 3),
                textcoords="offset points",
                fontsize=mpl.rcParams["font.size"] - 2,
                color="#cb181d",
            )
        ax.set_xlabel(ar_label(_t("threshold", lang)))
        if own_figure:
            fig.legend(handles=handles, loc="outside right upper", markerfirst=lang != "ar")
        else:
            ax.legend(handles=handles, loc="best", markerfirst=lang != "ar")
        set_title(ax, title, _curve_title(metrics, lang))
    return fig


def _metric_lines(
    ax: Axes, df: pd.DataFrame, benches: list[str], metrics: list[str], lang: str
) -> list:
    """Precision/recall/F1 lines (one style per benchmark), the best F1 circled."""
    handles = []
    for b_i, bench in enumerate(benches):
        sub = df[df["_bench"] == bench].sort_values("threshold")
        for m in metrics:
            notes = [_bench_label(bench, lang)] if len(benches) > 1 else []
            if m == "f1" and sub["f1"].notna().any():
                best = sub.loc[sub["f1"].idxmax()]
                notes.append(_t("best_f1", lang, f=best["f1"], t=best["threshold"]))
                ax.plot(
                    [best["threshold"]],
                    [best["f1"]],
                    "o",
                    color=_COLORS["f1"],
                    markersize=7,
                    mfc="none",
                    mew=1.2,
                )
            if lang == "ar":  # Arabic first: keeps the label's direction right-to-left
                notes = notes[::-1]
            sep = "؛ " if lang == "ar" else "; "
            text = _t(m, lang) + (f" ({sep.join(notes)})" if notes else "")
            (line,) = ax.plot(
                sub["threshold"],
                sub[m],
                _STYLES[b_i % len(_STYLES)],
                color=_COLORS[m],
                marker="o",
                markersize=2.5,
                linewidth=1.3,
                label=ar_label(text),
            )
            handles.append(line)
    ax.set_ylim(0, 1.08)
    ax.set_ylabel(ar_label(_t("score", lang)))
    ax.grid(axis="y")
    return handles


def _pair_lines(ax: Axes, df: pd.DataFrame, benches: list[str], *, twin: bool, lang: str) -> list:
    """Pairs found by threshold, on a second y axis when ``twin`` (log when it spans 100×)."""
    ax_n = ax.twinx() if twin else ax
    if twin:
        ax_n.spines["right"].set_visible(True)
    handles = []
    for b_i, bench in enumerate(benches):
        sub = df[df["_bench"] == bench].sort_values("threshold")
        suffix = f" ({_bench_label(bench, lang)})" if len(benches) > 1 else ""
        (line,) = ax_n.plot(
            sub["threshold"],
            sub["n_pairs"],
            _STYLES[b_i % len(_STYLES)],
            color=_COLORS["n_pairs"],
            linewidth=1.0,
            alpha=0.8,
            label=ar_label(_t("n_pairs", lang) + suffix),
        )
        handles.append(line)
    if wants_log(df["n_pairs"]):
        ax_n.set_yscale("log")
    ax_n.set_ylabel(ar_label(_t("n_pairs", lang)))
    return handles


def _bench_label(bench: str, lang: str) -> str:
    """A benchmark name in the figure's language ("gold/news" → "المعيار الذهبي/…")."""
    if lang != "ar":
        return bench
    return "/".join(BENCH_AR.get(part, part) for part in str(bench).split("/"))


def _curve_title(metrics: Sequence[str], lang: str) -> str:
    """Distinct default titles: accuracy on benchmarks vs pairs found in this corpus."""
    return _t("curve_title_bench" if metrics else "curve_title_pairs", lang)


def _threshold_facets(
    df: pd.DataFrame,
    benches: list[str],
    metrics: list[str],
    has_n: bool,
    threshold: float | None,
    lang: str,
    title: str | None,
) -> Figure:
    """Many benchmarks: one panel per metric, one colour per benchmark."""
    panels = [*metrics, *(["n_pairs"] if has_n else [])]
    cmap = mpl.colormaps["tab10" if len(benches) <= 10 else "tab20"]
    with astana_style():
        fig, axs = plt.subplots(
            1,
            len(panels),
            figsize=(2.6 * len(panels) + 2.6, 3.0),
            layout="constrained",
            squeeze=False,
        )
        handles = []
        for k, (pax, metric) in enumerate(zip(axs[0], panels, strict=True)):
            for b_i, bench in enumerate(benches):
                sub = df[df["_bench"] == bench].sort_values("threshold")
                (line,) = pax.plot(
                    sub["threshold"],
                    sub[metric],
                    color=cmap(b_i % cmap.N),
                    linewidth=1.2,
                    marker="o",
                    markersize=2,
                    label=ar_label(_bench_label(bench, lang)),
                )
                if k == 0:
                    handles.append(line)
            if metric == "n_pairs":
                if wants_log(df["n_pairs"]):
                    pax.set_yscale("log")
            else:
                pax.set_ylim(0, 1.05)
            if threshold is not None:
                pax.axvline(threshold, color="#cb181d", linestyle="--", linewidth=1.0)
            pax.set_title(ar_label(_t(metric, lang)), fontsize=mpl.rcParams["font.size"])
            pax.set_xlabel(ar_label(_t("threshold", lang)))
            pax.grid(axis="y")
        fig.legend(handles=handles, loc="outside right upper", markerfirst=lang != "ar")
        text = _curve_title(metrics, lang) if title is None else title
        if text:
            fig.suptitle(ar_label(text))
    return fig
