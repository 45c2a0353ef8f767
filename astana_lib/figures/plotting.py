"""Publication figures for the analysis tables, with correct Arabic (or English) labels.

Every function takes one of the tables documented in :mod:`astana_lib.schema`
(COVERAGE, FRAMING_COUNTS, ACTOR_MENTIONS, CITATIONS, PAIRS, REUSE_EDGES), draws inside
:func:`astana_lib.figures.fonts.astana_style` (bundled Noto Sans Arabic, TrueType in PDF), passes
every label through :func:`astana_lib.figures.labels.ar_label`, and returns the
:class:`~matplotlib.figure.Figure` (save it with :func:`astana_lib.figures.save_figure`).

Common options (keyword-only):

* ``lang="ar"|"en"``: Arabic labels, or English names (outlets from the registry
  ``load_table("outlets")``, actors/agencies/framing variants from the table's
  ``name_en``/``label_en`` columns), falling back to the id when a name is missing.
* ``ax=None``: draw into an existing Axes instead of a new figure sized for the data.
* ``top_n``-style caps: long tails are aggregated into an "other" row (counts are never
  silently dropped) so the figures read well with 5 articles and with 500.
* ``title=None``: a default title; pass ``""`` for none (captions usually live in the paper).
"""

from __future__ import annotations

import logging
import math
from collections.abc import Iterable, Mapping, Sequence
from typing import Any, Literal

import matplotlib as mpl
import matplotlib.dates as mdates
import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
from matplotlib.axes import Axes
from matplotlib.figure import Figure
from matplotlib.lines import Line2D
from matplotlib.ticker import MaxNLocator

from astana_lib._checks import check_choice, check_fraction
from astana_lib.figures.fonts import astana_style
from astana_lib.figures.labels import ar_label, wrap_label
from astana_lib.resources import load_table
from astana_lib.schema import require_columns

__all__ = [
    "plot_actors",
    "plot_citations",
    "plot_coverage_heatmap",
    "plot_framing_shares",
    "plot_reuse_network",
    "plot_rounds_timeline",
    "plot_similarity",
    "plot_threshold_curve",
]

logger = logging.getLogger(__name__)

Lang = Literal["ar", "en"]
LANGS = ("ar", "en")

OTHER = "__other__"
UNKNOWN = "(unknown)"

# Fixed texts of the figures: (Arabic, English). Counts are written as "label: n" so the
# Arabic needs no number agreement.
_TXT: dict[str, tuple[str, str]] = {
    "round": ("جولة أستانا", "Astana round"),
    "outlet": ("الوسيلة الإعلامية", "Outlet"),
    "n_articles": ("عدد المقالات", "Articles"),
    "n_body_paragraphs": ("عدد فقرات المتن", "Body paragraphs"),
    "coverage_title": (
        "التغطية حسب الوسيلة الإعلامية وجولة أستانا",
        "Coverage by outlet and Astana round",
    ),
    "unknown_round": ("غير معروفة", "unknown"),
    "unknown": ("غير معروف", "(unknown)"),
    "other": ("أخرى", "other"),
    "timeline_title": ("جولات أستانا وتغطيتها", "The Astana rounds and their coverage"),
    "unknown_round_note": ("مقالات بلا جولة معروفة: {n}", "articles with unknown round: {n}"),
    "no_coverage": ("جولة بلا تغطية", "round without coverage"),
    "share": ("الحصة من الاستخدامات", "Share of uses"),
    "framing_title": ("مصطلحات التأطير", "Framing vocabulary"),
    "by_outlet": ("حسب الوسيلة الإعلامية", "by outlet"),
    "by_round": ("حسب الجولة", "by round"),
    "round_n": ("الجولة {n}", "round {n}"),
    "actors_title": (
        "الفاعلون في التغطية: نسبة مقالات كل وسيلة التي تذكرهم وتقتبس منهم",
        "Actors in the coverage: share of each outlet's articles mentioning / quoting them",
    ),
    "mentions": ("الذكر", "mentions"),
    "share_articles_all": (
        "نسبة مقالات الوسيلة التي تذكره",
        "share of the outlet's articles mentioning the actor",
    ),
    "share_articles_with_actor": (
        "نسبة مقالات الوسيلة (التي تذكر فاعلًا واحدًا على الأقل) التي تذكره",
        "share of the outlet's articles (with any actor) mentioning the actor",
    ),
    "quoted": ("اقتباس (قال، أعلن، أكد…)", "quoted (said, announced…)"),
    "actor": ("الفاعل", "Actor"),
    "citations_title": (
        "الوكالات والمصادر التي تستشهد بها الوسائل الأخرى",
        "Agencies and sources cited by other outlets",
    ),
    "contained_too": (
        "و{k} زوجًا بالاحتواء (جيب التمام أقل من العتبة)",
        "+ {k} pairs by containment (cosine below it)",
    ),
    "small_left_out": (
        "لم تُرسم {k} مجموعة استخدمت المفهوم أقل من {m} مرات",
        "{k} group(s) with fewer than {m} uses not drawn",
    ),
    "self_left_out": (
        "استُبعدت {n} إشارة من الوسيلة إلى نفسها",
        "{n} self-references of an outlet to itself left out",
    ),
    "articles": ("مقالات تستشهد بالمصدر", "Articles citing"),
    "citations": ("مرات الاستشهاد", "Citations"),
    "agency": ("الوكالة أو المصدر", "Agency or source"),
    "cosine": ("تشابه جيب التمام (TF-IDF)", "Cosine similarity (TF-IDF)"),
    "pairs": ("أزواج الفقرات", "Paragraph pairs"),
    "threshold": ("العتبة", "threshold"),
    "similarity_title": ("توزيع درجات التشابه", "Distribution of similarity scores"),
    "above": ("أزواج فوق العتبة: {n} ({p})", "pairs ≥ threshold: {n} ({p})"),
    "curve_title": ("حساسية النتائج للعتبة", "Threshold sensitivity"),
    "curve_title_bench": (
        "الدقة والاستدعاء حسب العتبة في مجموعات الاختبار",
        "Precision and recall by threshold on the benchmarks",
    ),
    "curve_title_pairs": (
        "عدد الأزواج في هذه المدونة حسب العتبة",
        "Pairs found in this corpus by threshold",
    ),
    "precision": ("الدقة", "precision"),
    "recall": ("الاستدعاء", "recall"),
    "f1": ("مقياس F1", "F1"),
    "n_pairs": ("عدد الأزواج", "pairs found"),
    "score": ("القيمة", "score"),
    "best_f1": ("الأفضل {f:.2f} عند {t:.2f}", "best {f:.2f} at {t:.2f}"),
    "network_title": ("إعادة استخدام النصوص بين الوسائل الإعلامية", "Text reuse between outlets"),
    "directed_note": (
        "السهم: من نشر أولًا ← من نشر لاحقًا؛ الخط: الترتيب غير معروف؛ السماكة: عدد الأزواج",
        "arrow: published first → later; plain line: order unknown; width: reused pairs",
    ),
    "top_shown": ("المعروض: أعلى {k} من {n}", "shown: top {k} of {n}"),
    "empty": ("لا بيانات", "no data"),
}


def _t(key: str, lang: str, **fmt: Any) -> str:
    text = _TXT[key][0 if lang == "ar" else 1]
    return text.format(**fmt) if fmt else text


def _check_common(lang: str, ax: Any) -> None:
    check_choice("lang", lang, LANGS)
    if ax is not None and not isinstance(ax, Axes):
        raise TypeError(f"ax must be a matplotlib Axes or None, got {type(ax).__name__}")


def _check_top_n(name: str, value: int) -> int:
    if not isinstance(value, (int, np.integer)) or isinstance(value, bool) or value < 1:
        raise ValueError(f"{name} must be a positive integer, got {value!r}")
    return int(value)


def _new_axes(ax: Axes | None, figsize: tuple[float, float]) -> tuple[Figure, Axes]:
    if ax is not None:
        return ax.figure, ax  # type: ignore[return-value]
    fig, new_ax = plt.subplots(figsize=figsize, layout="constrained")
    return fig, new_ax


def _set_title(ax: Axes, title: str | None, default: str) -> None:
    text = default if title is None else title
    if text:
        ax.set_title(ar_label(text), loc="center")


def _empty(ax: Axes, lang: str) -> None:
    ax.text(0.5, 0.5, ar_label(_t("empty", lang)), ha="center", va="center", transform=ax.transAxes)
    ax.set_xticks([])
    ax.set_yticks([])


def _registry_names(lang: str) -> dict[str, str]:
    """Outlet id → display name from the packaged registry (empty when it does not exist)."""
    try:
        reg = load_table("outlets")
    except (FileNotFoundError, ValueError):
        return {}
    col = "name_ar" if lang == "ar" else "name_en"
    if "outlet_id" not in reg.columns or col not in reg.columns:
        return {}
    reg = reg.dropna(subset=["outlet_id", col])
    return dict(zip(reg["outlet_id"].astype(str), reg[col].astype(str), strict=True))


def _outlet_labeller(lang: str, table: pd.DataFrame | None = None):
    """Return a function outlet id → display name (table columns, then registry, then id)."""
    names = _registry_names(lang)
    col = "name_ar" if lang == "ar" else "name_en"
    if table is not None and col in table.columns and "outlet" in table.columns:
        sub = table[["outlet", col]].dropna()
        names.update(dict(zip(sub["outlet"].astype(str), sub[col].astype(str), strict=True)))

    def label(outlet: Any, n_other: int = 0) -> str:
        if outlet == OTHER:
            return f"{_t('other', lang)} ({n_other})"
        if outlet == UNKNOWN or outlet is None or (not isinstance(outlet, str) and pd.isna(outlet)):
            return _t("unknown", lang)
        return names.get(str(outlet), str(outlet))

    return label


def _outlet_key(s: pd.Series) -> pd.Series:
    return s.astype("string").fillna(UNKNOWN).astype(object)


def _cap_index(totals: pd.Series, top_n: int) -> tuple[list[Any], list[Any]]:
    """Split ``totals``'s index into the ``top_n`` largest (stable order) and the rest."""
    order = totals.sort_values(ascending=False, kind="mergesort")
    if len(order) <= top_n:
        return list(order.index), []
    # top_n - 1 named rows + one "other" row keeps the figure at top_n rows
    return list(order.index[: top_n - 1]), list(order.index[top_n - 1 :])


def _cap_rows(mat: pd.DataFrame, top_n: int) -> tuple[pd.DataFrame, int]:
    """Keep the ``top_n`` rows with the largest totals; sum the others into an OTHER row."""
    keep, rest = _cap_index(mat.sum(axis=1), top_n)
    out = mat.loc[keep]
    if rest:
        out = pd.concat([out, mat.loc[rest].sum().to_frame(OTHER).T])
    return out, len(rest)


def _text_width_in(labels: Iterable[str], font_pt: float = 8.0) -> float:
    """Rough width in inches of the longest label line (for figure sizing)."""
    longest = max((len(line) for lab in labels for line in str(lab).split("\n")), default=0)
    return longest * font_pt * 0.55 / 72


def _heatmap(
    ax: Axes,
    mat: pd.DataFrame,
    row_labels: Sequence[str],
    col_labels: Sequence[str],
    *,
    annotate: bool,
    cbar_label: str,
    xlabel: str,
    ylabel: str,
    rotate_x: float = 0.0,
    cmap: str = "Blues",
) -> None:
    data = mat.to_numpy(dtype=float)
    nrows, ncols = data.shape
    # the colour scale follows the named rows: a pooled "other" row may saturate (marked
    # by the colour bar's arrow) rather than wash out every other cell
    named = data[np.asarray(mat.index != OTHER)] if (mat.index == OTHER).any() else data
    vmax = max(1.0, float(np.nanmax(named)) if named.size else 1.0)
    extend = "max" if data.size and np.nanmax(data) > vmax else "neither"
    colormap = mpl.colormaps[cmap].with_extremes(bad="#f2f2f2")
    im = ax.imshow(
        np.ma.masked_equal(data, 0),
        aspect="auto",
        cmap=colormap,
        vmin=0,
        vmax=vmax,
        interpolation="nearest",
    )
    ax.set_xticks(range(ncols), [ar_label(c) for c in col_labels])
    ax.set_yticks(range(nrows), [ar_label(r) for r in row_labels])
    if rotate_x:
        plt.setp(ax.get_xticklabels(), rotation=rotate_x, ha="right", rotation_mode="anchor")
    ax.set_xticks(np.arange(-0.5, ncols, 1), minor=True)
    ax.set_yticks(np.arange(-0.5, nrows, 1), minor=True)
    ax.grid(which="minor", color="white", linewidth=1.2)
    ax.grid(which="major", visible=False)
    ax.tick_params(which="both", length=0)
    for spine in ax.spines.values():
        spine.set_visible(False)
    ax.set_xlabel(ar_label(xlabel))
    ax.set_ylabel(ar_label(ylabel))
    if annotate:
        for i in range(nrows):
            for j in range(ncols):
                v = data[i, j]
                if v:
                    txt = f"{v:.0f}" if float(v).is_integer() else f"{v:.2f}"
                    ax.text(
                        j,
                        i,
                        txt,
                        ha="center",
                        va="center",
                        fontsize=mpl.rcParams["font.size"] - (2 if nrows * ncols <= 120 else 2.5),
                        color="white" if v > 0.6 * vmax else "#1a1a1a",
                    )
    cbar = ax.figure.colorbar(im, ax=ax, shrink=0.85, pad=0.02, aspect=25, extend=extend)
    cbar.set_label(ar_label(cbar_label))
    cbar.outline.set_visible(False)
    cbar.ax.yaxis.set_major_locator(MaxNLocator(integer=True, nbins=6))


def _auto_annotate(annotate: bool | None, n_cells: int, limit: int = 480) -> bool:
    return n_cells <= limit if annotate is None else bool(annotate)


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


# ----------------------------------------------------------------------------- coverage


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
    _check_common(lang, ax)
    check_choice("value", value, ("n_articles", "n_body_paragraphs"))
    top_n = _check_top_n("top_n", top_n)
    require_columns(coverage, ["outlet", "round", value], table="coverage")
    df = pd.DataFrame(
        {
            "outlet": _outlet_key(coverage["outlet"]),
            "round": pd.to_numeric(coverage["round"], errors="coerce").astype("Float64"),
            "v": pd.to_numeric(coverage[value], errors="coerce").fillna(0),
        }
    )
    df["round"] = df["round"].fillna(-1).astype(int)  # -1 = unknown round
    mat = df.pivot_table(index="outlet", columns="round", values="v", aggfunc="sum", fill_value=0)
    if all_rounds:
        ref = sorted(int(r) for r in load_table("rounds")["round"])
        cols = sorted(set(ref) | {c for c in mat.columns if c > 0})
        mat = mat.reindex(columns=cols + ([-1] if -1 in mat.columns else []), fill_value=0)
    else:
        cols = sorted(c for c in mat.columns if c > 0)
        mat = mat[cols + ([-1] if -1 in mat.columns else [])]
    mat, n_other = _cap_rows(mat, top_n)
    label = _outlet_labeller(lang, coverage)
    rows = [wrap_label(label(o, n_other), 28, max_lines=2) for o in mat.index]
    cols_lab = [str(c) if c > 0 else _t("unknown_round", lang) for c in mat.columns]
    with astana_style():
        width = 1.6 + _text_width_in(rows) + 0.36 * max(len(cols_lab), 3)
        height = 1.3 + 0.3 * max(len(rows), 2)
        fig, ax = _new_axes(ax, (min(width, 13), min(height, 11)))
        if mat.empty:
            _empty(ax, lang)
        else:
            _heatmap(
                ax,
                mat,
                rows,
                cols_lab,
                annotate=_auto_annotate(annotate, mat.size),
                cbar_label=_t(value, lang),
                xlabel=_t("round", lang),
                ylabel="",
            )
        _set_title(ax, title, _t("coverage_title", lang))
    return fig


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
    _check_common(lang, ax)
    check_choice("value", value, ("n_articles", "n_body_paragraphs"))
    top_n = _check_top_n("top_n", top_n)
    require_columns(coverage, ["outlet", "round", value], table="coverage")
    if rounds is None:
        rounds = load_table("rounds")
    require_columns(rounds, ["round", "start_date", "city", "city_ar"], table="rounds")
    ref = rounds.assign(
        round=pd.to_numeric(rounds["round"]).astype(int),
        start_date=pd.to_datetime(rounds["start_date"]),
    ).sort_values("round")
    df = pd.DataFrame(
        {
            "outlet": _outlet_key(coverage["outlet"]),
            "round": pd.to_numeric(coverage["round"], errors="coerce"),
            "v": pd.to_numeric(coverage[value], errors="coerce").fillna(0),
        }
    )
    n_unknown = float(df.loc[df["round"].isna(), "v"].sum())
    unmatched = sorted(set(df["round"].dropna().astype(int)) - set(ref["round"]))
    if unmatched:
        logger.warning("coverage rounds %s are not in the rounds table: not drawn", unmatched)
    df = df.dropna(subset=["round"]).astype({"round": int})
    df = df[df["round"].isin(ref["round"])]
    mat = df.pivot_table(index="outlet", columns="round", values="v", aggfunc="sum", fill_value=0)
    mat, n_other = _cap_rows(mat, top_n)
    label = _outlet_labeller(lang, coverage)
    per_round = mat.reindex(columns=ref["round"], fill_value=0)
    totals = per_round.sum(axis=0)
    dates = dict(zip(ref["round"], ref["start_date"], strict=True))
    x = mdates.date2num([dates[r] for r in per_round.columns])

    with astana_style():
        fig, ax = _new_axes(ax, (7.5, 3.6))
        bottom = np.zeros(len(x))
        colors = mpl.colormaps["tab10"].colors
        handles = []
        for i, outlet in enumerate(per_round.index):
            heights = per_round.loc[outlet].to_numpy(dtype=float)
            color = "#9e9e9e" if outlet == OTHER else colors[i % len(colors)]
            bars = ax.bar(x, heights, bottom=bottom, width=16, color=color, linewidth=0)
            handles.append((bars, ar_label(label(outlet, n_other))))
            bottom += heights
        ymax = max(float(totals.max()) if len(totals) else 0.0, 1.0)
        zero = totals.to_numpy() == 0
        ax.plot(x[zero], np.zeros(zero.sum()), "|", color="#9e9e9e", markersize=8, mew=1.2)
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
        # labels hang from the top of the axes, in a band kept free of bars
        labels = []
        for r in per_round.columns:
            row = ref.loc[ref["round"] == r].iloc[0]
            labels.append(f"{row['city_ar'] if lang == 'ar' else row['city']} {r}")
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
        ax.set_ylim(0, ymax / (1 - band))
        ax.yaxis.set_major_locator(MaxNLocator(integer=True, nbins=5))
        ax.xaxis.set_major_locator(mdates.YearLocator())
        ax.xaxis.set_major_formatter(mdates.DateFormatter("%Y"))
        ax.set_xlim(*xlim)
        ax.set_ylabel(ar_label(_t(value, lang)))
        ax.grid(axis="y")
        if handles and len(per_round.index) > 1:
            ax.legend(
                [h for h, _ in handles],
                [lab for _, lab in handles],
                loc="upper center",
                bbox_to_anchor=(0.5, -0.09),
                ncols=min(4, len(handles)),
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
        _set_title(ax, title, _t("timeline_title", lang))
    return fig


# ----------------------------------------------------------------------------- framing


def _concept_titles(df: pd.DataFrame, lang: str) -> dict[str, str]:
    col = f"concept_{lang}"
    titles: dict[str, str] = {}
    try:
        lex = load_table("framing")
    except (FileNotFoundError, ValueError):
        lex = None
    for table in (lex, df):
        if table is not None and col in table.columns and "concept" in table.columns:
            sub = table[["concept", col]].dropna().drop_duplicates("concept")
            titles.update(dict(zip(sub["concept"].astype(str), sub[col].astype(str), strict=True)))
    return titles


def plot_framing_shares(
    framing_counts: pd.DataFrame,
    *,
    by: Literal["outlet", "round"] = "outlet",
    concepts: Sequence[str] | None = None,
    lang: Lang = "ar",
    top_n: int = 15,
    max_variants: int = 8,
    min_n: int = 5,
    concept_titles: Mapping[str, str] | None = None,
    title: str | None = None,
    ax: Axes | None = None,
) -> Figure:
    """Share of each framing variant per outlet (or round): stacked horizontal bars.

    One panel per lexicon concept (e.g. how the de-escalation zones are named). Each bar
    is one outlet; its segments are the shares of the concept's variants among all the
    outlet's uses of the concept, and ``n=…`` at its end is the number of uses.

    Parameters
    ----------
    framing_counts : pandas.DataFrame
        FRAMING_COUNTS table: ``outlet``/``round``, ``concept``, ``variant``, ``count``;
        ``label_en`` labels the variants when ``lang="en"``; optional ``concept_ar`` /
        ``concept_en`` columns (or the same columns in the framing lexicon) title the panels.
    by : {"outlet", "round"}, default "outlet"
    concepts : sequence of str, optional
        Concepts to draw, in this order; default all, the most used first.
    lang : {"ar", "en"}, default "ar"
    top_n : int, default 15
        Bars per panel; the smaller outlets are pooled into "other (k)".
    max_variants : int, default 8
        Variants per panel; rarer ones are pooled into "other".
    min_n : int, default 5
        Groups with fewer uses of a concept than this are not drawn as shares (one use
        would be a "100 %" bar); the panel title says how many were left out and the
        minimum. Every drawn bar shows its ``n`` in its label.
    concept_titles : mapping, optional
        Concept id → panel title (in the figure's language). Default: the table's or the
        lexicon's ``concept_ar``/``concept_en`` column, else the id made readable.
    title : str, optional
    ax : matplotlib Axes, optional
        Only when a single concept is drawn.

    Returns
    -------
    matplotlib.figure.Figure

    Examples
    --------
    >>> fc = pd.DataFrame({"article_id": ["a", "b", "c"], "outlet": ["aljazeera", "rt", "rt"],
    ...     "round": pd.array([4, 4, 5], dtype="Int64"), "concept": "deescalation_zone_naming",
    ...     "variant": ["مناطق تخفيف التوتر", "مناطق خفض التصعيد", "مناطق خفض التصعيد"],
    ...     "label_en": ["tension-reduction zones", "de-escalation zones", "de-escalation zones"],
    ...     "count": [2, 1, 3]})
    >>> fig = plot_framing_shares(fc, lang="en", min_n=1)
    >>> [t.get_text() for t in fig.axes[0].get_legend().get_texts()]
    ['de-escalation zones', 'tension-reduction zones']
    >>> [t.get_text() for t in fig.axes[0].get_yticklabels()]
    ['Al Jazeera  (n=2)', 'rt  (n=4)']
    >>> plt.close(fig)
    """
    _check_common(lang, ax)
    check_choice("by", by, ("outlet", "round"))
    top_n = _check_top_n("top_n", top_n)
    max_variants = _check_top_n("max_variants", max_variants)
    require_columns(framing_counts, [by, "concept", "variant", "count"], table="framing_counts")
    df = framing_counts.copy()
    df["_group"] = (
        _outlet_key(df["outlet"])
        if by == "outlet"
        else pd.to_numeric(df["round"], errors="coerce")
        .astype("Int64")
        .astype(object)
        .where(df["round"].notna(), UNKNOWN)
    )
    df["_count"] = pd.to_numeric(df["count"], errors="coerce").fillna(0)
    df["_variant_label"] = df["variant"].astype(str)
    if lang == "en" and "label_en" in df.columns:
        df["_variant_label"] = (
            df["label_en"].where(df["label_en"].notna(), df["variant"]).astype(str)
        )
    if not isinstance(min_n, int) or min_n < 1:
        raise ValueError(f"min_n must be a positive int, got {min_n!r}")
    # The analysis table (one row per group × concept × label) is what is drawn.
    from astana_lib.analysis.framing import framing_shares

    if "article_id" not in df.columns:
        df["article_id"] = np.arange(len(df))
    shares_table = framing_shares(
        df.assign(label_en=df["_variant_label"], count=df["_count"]),
        by="_group",
        level="label_en",
    )
    totals = df.groupby("concept")["_count"].sum().sort_values(ascending=False, kind="mergesort")
    if concepts is None:
        concepts = [c for c in totals.index if totals[c] > 0]
    else:
        missing = [c for c in concepts if c not in totals.index]
        if missing:
            raise ValueError(
                f"concepts {missing} not in framing_counts; it has {list(totals.index)}"
            )
    if ax is not None and len(concepts) > 1:
        raise ValueError(
            f"ax= draws one panel but {len(concepts)} concepts were requested; pass concepts=[...]"
        )
    outlet_label = _outlet_labeller(lang)
    titles = _concept_titles(df, lang)
    titles.update({str(k): str(v) for k, v in (concept_titles or {}).items()})

    def group_label(g: Any, n_other: int) -> str:
        if by == "outlet":
            return outlet_label(g, n_other)
        if g == OTHER:
            return f"{_t('other', lang)} ({n_other})"
        return _t("unknown_round", lang) if g == UNKNOWN else _t("round_n", lang, n=g)

    panels = []
    for concept in concepts:
        sub = shares_table[shares_table["concept"] == concept]
        mat = sub.set_index(["_group", "label_en"])["count"].unstack(fill_value=0)
        small = mat.sum(axis=1) < min_n
        n_small = int((small & (mat.sum(axis=1) > 0)).sum())
        mat = mat.loc[~small]
        mat = mat.loc[:, mat.sum() > 0]
        mat = mat[mat.sum().sort_values(ascending=False, kind="mergesort").index]
        if mat.shape[1] > max_variants:
            rest = mat.columns[max_variants - 1 :]
            mat = pd.concat(
                [mat.iloc[:, : max_variants - 1], mat[rest].sum(axis=1).rename(OTHER)], axis=1
            )
        mat = mat.loc[mat.sum(axis=1) > 0]
        if by == "round":
            mat = mat.loc[sorted(mat.index, key=lambda g: (g == UNKNOWN, g if g != UNKNOWN else 0))]
            mat = mat.iloc[::-1]  # first round on top after barh's bottom-up order
            n_other = 0
            if len(mat) > top_n:
                mat, n_other = _cap_rows(mat, top_n)
        else:
            mat, n_other = _cap_rows(mat, top_n)
            mat = mat.iloc[::-1]  # largest on top
        panels.append((concept, mat, n_other, n_small))

    with astana_style():
        if ax is not None:
            fig, axes = ax.figure, [ax]
        else:
            heights = [0.75 + max(0.3 * len(m), 0.19 * m.shape[1] + 0.1) for _, m, _, _ in panels]
            heights = heights or [2.0]
            labels = [
                wrap_label(group_label(g, n), 36, max_lines=2)
                for _, m, n, _ in panels
                for g in m.index
            ]
            variants = [wrap_label(v, 40, max_lines=2) for _, m, _, _ in panels for v in m.columns]
            width = min(1.0 + _text_width_in(labels) + 4.2 + _text_width_in(variants) + 0.4, 12)
            fig, axs = plt.subplots(
                len(heights),
                1,
                figsize=(width, min(sum(heights) + 0.4, 16)),
                layout="constrained",
                gridspec_kw={"height_ratios": heights},
                squeeze=False,
            )
            axes = list(axs[:, 0])
        if not panels:
            _empty(axes[0], lang)
        for pax, (concept, mat, n_other, n_small) in zip(axes, panels, strict=False):
            shares = mat.div(mat.sum(axis=1), axis=0)
            n_cols = shares.shape[1]
            cmap = mpl.colormaps["tab10" if n_cols <= 10 else "tab20"]
            y = np.arange(len(shares))
            left = np.zeros(len(shares))
            annotate = len(shares) <= 25
            for j, variant in enumerate(shares.columns):
                w = shares[variant].to_numpy(dtype=float)
                color = "#bdbdbd" if variant == OTHER else cmap(j % cmap.N)
                name = (
                    _t("other", lang) if variant == OTHER else wrap_label(variant, 40, max_lines=2)
                )
                pax.barh(
                    y, w, left=left, color=color, height=0.72, label=ar_label(name), linewidth=0
                )
                if annotate:
                    for yi, (li, wi) in enumerate(zip(left, w, strict=True)):
                        if wi >= 0.1:
                            rgb = mpl.colors.to_rgb(color)
                            dark = 0.299 * rgb[0] + 0.587 * rgb[1] + 0.114 * rgb[2] < 0.55
                            pax.text(
                                li + wi / 2,
                                yi,
                                f"{wi:.0%}",
                                ha="center",
                                va="center",
                                fontsize=mpl.rcParams["font.size"] - 2,
                                color="white" if dark else "#1a1a1a",
                            )
                left += w
            pax.set_yticks(
                y,
                [
                    ar_label(f"{wrap_label(group_label(g, n_other), 36, max_lines=2)}  (n={n:.0f})")
                    for g, n in zip(shares.index, mat.sum(axis=1), strict=True)
                ],
            )
            pax.set_xlim(0, 1)
            pax.set_ylim(-0.6, len(shares) - 0.4)
            pax.xaxis.set_major_formatter(mpl.ticker.PercentFormatter(1.0))
            if pax is axes[len(panels) - 1] or ax is not None:
                pax.set_xlabel(ar_label(_t("share", lang)))
            else:
                pax.tick_params(axis="x", labelbottom=False)
            pax.spines["left"].set_visible(False)
            pax.tick_params(axis="y", length=0)
            ctitle = titles.get(str(concept), str(concept).replace("_", " ").capitalize())
            if n_small:
                ctitle += "\n" + _t("small_left_out", lang, k=n_small, m=min_n)
            pax.set_title(ar_label(ctitle), fontsize=mpl.rcParams["font.size"], loc="center")
            if len(shares):
                pax.legend(
                    loc="center left",
                    bbox_to_anchor=(1.02, 0.5),
                    handlelength=1.0,
                    labelspacing=0.25,
                    fontsize=mpl.rcParams["font.size"] - 1,
                    markerfirst=lang != "ar",
                )
            else:
                _empty(pax, lang)
        default = (
            f"{_t('framing_title', lang)} {_t('by_outlet' if by == 'outlet' else 'by_round', lang)}"
        )
        text = default if title is None else title
        if text and ax is None:
            fig.suptitle(ar_label(text))
        elif text:
            _set_title(ax, title, default)
    return fig


# ----------------------------------------------------------------------------- actors


def _entity_label(df: pd.DataFrame, id_col: str, lang: str) -> dict[str, str]:
    col = "name_ar" if lang == "ar" else "name_en"
    out = {str(k): str(k) for k in df[id_col].dropna().unique()}
    if col in df.columns:
        sub = df[[id_col, col]].dropna().drop_duplicates(id_col)
        out.update(dict(zip(sub[id_col].astype(str), sub[col].astype(str), strict=True)))
    return out


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
    _check_common(lang, ax)
    top_n = _check_top_n("top_n", top_n)
    top_n_outlets = _check_top_n("top_n_outlets", top_n_outlets)
    require_columns(actor_mentions, ["actor", "outlet", "quoted"], table="actor_mentions")
    df = pd.DataFrame(
        {
            "actor": actor_mentions["actor"].astype("string").fillna(UNKNOWN).astype(object),
            "outlet": _outlet_key(actor_mentions["outlet"]),
            "quoted": actor_mentions["quoted"].fillna(False).astype(bool),
        }
    )
    names = _entity_label(actor_mentions, "actor", lang)
    require_columns(actor_mentions, ["article_id"], table="actor_mentions")
    from astana_lib.analysis.actors import actor_summary

    summary = actor_summary(
        actor_mentions.assign(
            outlet=df["outlet"].to_numpy(),
            quoted=df["quoted"].to_numpy(),
            matched=actor_mentions["matched"]
            if "matched" in actor_mentions.columns
            else actor_mentions["actor"],
        ),
        by="outlet",
    )
    if articles is not None:
        require_columns(articles, ["article_id", "outlet"], table="articles")
        base = articles.assign(outlet=_outlet_key(articles["outlet"]))
        n_art = base.groupby("outlet")["article_id"].nunique()
        denominator = "all"
    else:
        n_art = (
            actor_mentions.assign(outlet=df["outlet"].to_numpy())
            .groupby("outlet")["article_id"]
            .nunique()
        )
        denominator = "with_actor"
    counts = summary.set_index(["actor", "outlet"])
    art = counts["n_articles"].unstack(fill_value=0)
    qart = counts["n_quoted_articles"].unstack(fill_value=0).reindex_like(art).fillna(0)
    mentions = art.div(n_art.reindex(art.columns).to_numpy(), axis=1)
    quoted = qart.div(n_art.reindex(art.columns).to_numpy(), axis=1)
    order = art.sum(axis=1).sort_values(ascending=False, kind="mergesort").index
    mentions, quoted = mentions.loc[order], quoted.loc[order]
    n_actors = len(mentions)
    keep_a = list(mentions.index[:top_n])
    mentions, quoted = mentions.loc[keep_a], quoted.loc[keep_a]
    # outlets with most articles first; smaller ones pooled ("other": share of their sum)
    cols = list(
        n_art.reindex(mentions.columns).sort_values(ascending=False, kind="mergesort").index
    )
    mentions, quoted = mentions[cols], quoted[cols]
    n_other = 0
    if len(cols) > top_n_outlets:
        rest = cols[top_n_outlets - 1 :]
        tot = float(n_art.reindex(rest).sum())
        pool_m = art.loc[keep_a, rest].sum(axis=1) / tot
        pool_q = qart.loc[keep_a, rest].sum(axis=1) / tot
        mentions = pd.concat([mentions[cols[: top_n_outlets - 1]], pool_m.rename(OTHER)], axis=1)
        quoted = pd.concat([quoted[cols[: top_n_outlets - 1]], pool_q.rename(OTHER)], axis=1)
        n_art = pd.concat([n_art, pd.Series({OTHER: tot})])
        n_other = len(rest)
    outlet_label = _outlet_labeller(lang)
    col_labels = [
        wrap_label(outlet_label(o, n_other), 22, max_lines=1) + f" (n={n_art[o]:.0f})"
        for o in mentions.columns
    ]
    row_labels = [wrap_label(names.get(str(a), str(a)), 30, max_lines=2) for a in mentions.index]

    with astana_style():
        width = 2.2 + _text_width_in(row_labels) + 1.0 * max(len(col_labels), 2)
        height = 1.9 + 0.34 * max(len(row_labels), 2)
        fig, ax = _new_axes(ax, (min(width, 13), min(height, 11)))
        if mentions.empty:
            _empty(ax, lang)
            _set_title(ax, title, _t("actors_title", lang))
            return fig
        m = mentions.to_numpy(dtype=float)
        q = quoted.to_numpy(dtype=float)
        named = np.asarray(mentions.columns != OTHER)
        # areas follow the named outlets; the pooled "other" column is capped (its counts
        # are always written next to it)
        vmax = 1.0  # shares: a full circle is "every article of the outlet"
        smax = 420.0 if len(col_labels) <= 8 else 300.0

        def size(v: np.ndarray) -> np.ndarray:
            return smax * np.minimum(v, vmax) / vmax

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
        show_all = _auto_annotate(annotate, m.size, 150)
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
        _set_title(ax, title, _t("actors_title", lang))
    return fig


# ----------------------------------------------------------------------------- citations


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
    _check_common(lang, ax)
    check_choice("count", count, ("articles", "citations"))
    top_n = _check_top_n("top_n", top_n)
    top_n_outlets = _check_top_n("top_n_outlets", top_n_outlets)
    require_columns(citations, ["outlet", "agency", "article_id"], table="citations")
    from astana_lib.analysis.coverage import citation_summary

    n_self = (
        int((citations["citation_kind"] == "self").sum())
        if "citation_kind" in citations.columns and "self" not in (kinds or ("self",))
        else 0
    )
    summary = citation_summary(citations, by="outlet", kinds=kinds)
    value = "n_articles" if count == "articles" else "n_citations"
    mat = (
        summary.assign(outlet=_outlet_key(summary["outlet"]))
        .set_index(["outlet", "agency"])[value]
        .unstack(fill_value=0)
    )
    mat, n_other_outlets = _cap_rows(mat, top_n_outlets)
    mat_t, n_other_agencies = _cap_rows(mat.T, top_n)
    mat = mat_t.T
    names = _entity_label(citations, "agency", lang)
    outlet_label = _outlet_labeller(lang)
    rows = [wrap_label(outlet_label(o, n_other_outlets), 28, max_lines=2) for o in mat.index]
    # column labels are rotated: one line each, long names shortened
    col_labels = [
        f"{_t('other', lang)} ({n_other_agencies})"
        if a == OTHER
        else wrap_label(names.get(str(a), str(a)), 22, max_lines=3)
        for a in mat.columns
    ]
    with astana_style():
        width = 1.8 + _text_width_in(rows) + 0.42 * max(len(col_labels), 3)
        height = 1.6 + 0.3 * max(len(rows), 2) + 0.5 * _text_width_in(col_labels)
        fig, ax = _new_axes(ax, (min(width, 13), min(height, 11)))
        if mat.empty:
            _empty(ax, lang)
        else:
            _heatmap(
                ax,
                mat,
                rows,
                col_labels,
                annotate=_auto_annotate(annotate, mat.size),
                cbar_label=_t(count, lang),
                xlabel=_t("agency", lang),
                ylabel="",
                rotate_x=40 if len(col_labels) > 3 or _text_width_in(col_labels) > 1.0 else 0,
            )
        _set_title(ax, title, _t("citations_title", lang))
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


# ----------------------------------------------------------------------------- similarity


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
    _check_common(lang, ax)
    threshold = check_fraction("threshold", threshold)
    bins = _check_top_n("bins", bins)
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
        fig, ax = _new_axes(ax, (5.6, 3.2))
        below = scores[scores < threshold]
        above = scores[scores >= threshold]
        ax.hist(below, bins=edges, color="#9ecae1", linewidth=0)
        ax.hist(above, bins=edges, color="#08519c", linewidth=0)
        nz = counts[counts > 0]
        use_log = (len(nz) > 0 and nz.max() / nz.min() >= 100) if log is None else bool(log)
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
        _set_title(ax, title, _t("similarity_title", lang))
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
    _check_common(lang, ax)
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
    styles = ["-", "--", ":", "-."]
    colors = {"precision": "#2171b5", "recall": "#6a51a3", "f1": "#d94801", "n_pairs": "#525252"}
    if len(benches) > 2 and ax is None:
        return _threshold_facets(df, benches, metrics, has_n, threshold, lang, title)
    with astana_style():
        own_figure = ax is None
        fig, ax = _new_axes(ax, (7.2 if len(benches) > 1 else 6.4, 3.4))
        handles = []
        ax_n = None
        if metrics:
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
                            color=colors["f1"],
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
                        styles[b_i % len(styles)],
                        color=colors[m],
                        marker="o",
                        markersize=2.5,
                        linewidth=1.3,
                        label=ar_label(text),
                    )
                    handles.append(line)
            ax.set_ylim(0, 1.08)
            ax.set_ylabel(ar_label(_t("score", lang)))
            ax.grid(axis="y")
        if has_n:
            ax_n = ax.twinx() if metrics else ax
            if metrics:
                ax_n.spines["right"].set_visible(True)
            for b_i, bench in enumerate(benches):
                sub = df[df["_bench"] == bench].sort_values("threshold")
                suffix = f" ({_bench_label(bench, lang)})" if len(benches) > 1 else ""
                (line,) = ax_n.plot(
                    sub["threshold"],
                    sub["n_pairs"],
                    styles[b_i % len(styles)],
                    color=colors["n_pairs"],
                    linewidth=1.0,
                    alpha=0.8,
                    label=ar_label(_t("n_pairs", lang) + suffix),
                )
                handles.append(line)
            n = pd.to_numeric(df["n_pairs"], errors="coerce")
            n = n[n > 0]
            if len(n) and n.max() / n.min() >= 100:
                ax_n.set_yscale("log")
            ax_n.set_ylabel(ar_label(_t("n_pairs", lang)))
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
        _set_title(ax, title, _curve_title(metrics, lang))
    return fig


#: Arabic names of the benchmarks in ``benchmarks/results/threshold_curve.csv``.
_BENCH_AR = {
    "gold": "المعيار الذهبي",
    "news": "دون خلط الكلمات",
    "synthetic": "نسخ اصطناعية",
    "none": "نسخ حرفي",
    "word shuffling": "خلط الكلمات",
    "phrase shuffling": "خلط العبارات",
    "manual synonym substitution": "استبدال المرادفات",
    "manual paraphrasing": "إعادة الصياغة",
}


def _bench_label(bench: str, lang: str) -> str:
    """A benchmark name in the figure's language ("gold/news" → "المعيار الذهبي/…")."""
    if lang != "ar":
        return bench
    return "/".join(_BENCH_AR.get(part, part) for part in str(bench).split("/"))


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
                n = pd.to_numeric(df["n_pairs"], errors="coerce")
                n = n[n > 0]
                if len(n) and n.max() / n.min() >= 100:
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


# ----------------------------------------------------------------------------- reuse network


# The network figure lives in its own module (edge kinds, agencies); re-exported here.
from astana_lib.figures.network import plot_reuse_network  # noqa: E402
