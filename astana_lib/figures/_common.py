"""Helpers shared by every figure family: checks, axes, labels, pooling, scales.

One place for the rules every figure follows:

* missing outlets are :data:`astana_lib._tables.UNKNOWN` (the analysis tables' label) and
  are drawn as "unknown" / "غير معروف";
* long tails are pooled into one "other (k)" row or column (:func:`cap_index`,
  :func:`cap_rows`, :func:`cap_columns`): the ``top_n - 1`` largest stay, so a figure
  never has more than ``top_n`` rows, and counts are never silently dropped;
* a count axis is logarithmic when its positive values span two orders of magnitude
  (:func:`wants_log`);
* texts come from :mod:`astana_lib.figures.texts`; outlet names from the registry.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any, Literal

import matplotlib as mpl
import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
from matplotlib.axes import Axes
from matplotlib.figure import Figure
from matplotlib.ticker import MaxNLocator

from astana_lib._checks import check_choice
from astana_lib._tables import UNKNOWN, fill_unknown_outlet
from astana_lib.figures.labels import ar_label
from astana_lib.figures.texts import text as _t
from astana_lib.resources import load_table

__all__ = [
    "LANGS",
    "OTHER",
    "UNKNOWN",
    "Lang",
    "auto_annotate",
    "cap_columns",
    "cap_index",
    "cap_rows",
    "check_common",
    "check_top_n",
    "draw_empty",
    "entity_labels",
    "heatmap",
    "new_axes",
    "other_label",
    "outlet_key",
    "outlet_labeller",
    "set_title",
    "text_width_in",
    "wants_log",
]

Lang = Literal["ar", "en"]
LANGS = ("ar", "en")

#: Index label of a pooled "other (k)" row or column.
OTHER = "__other__"

#: Missing outlet ids become :data:`UNKNOWN` (the label of the analysis tables).
outlet_key = fill_unknown_outlet


def other_label(lang: str, n_other: int) -> str:
    """The label of a pooled row: "other (k)" / "أخرى (k)".

    Examples
    --------
    >>> other_label("en", 3)
    'other (3)'
    """
    return f"{_t('other', lang)} ({n_other})"


def check_common(lang: str, ax: Any) -> None:
    """Check the options every figure takes (``lang``, ``ax``)."""
    check_choice("lang", lang, LANGS)
    if ax is not None and not isinstance(ax, Axes):
        raise TypeError(f"ax must be a matplotlib Axes or None, got {type(ax).__name__}")


def check_top_n(name: str, value: int) -> int:
    """A positive integer option (``top_n``, ``bins`` …), as an ``int``."""
    if not isinstance(value, (int, np.integer)) or isinstance(value, bool) or value < 1:
        raise ValueError(f"{name} must be a positive integer, got {value!r}")
    return int(value)


def new_axes(ax: Axes | None, figsize: tuple[float, float]) -> tuple[Figure, Axes]:
    """The given Axes and its figure, or a new constrained-layout figure of ``figsize``."""
    if ax is not None:
        return ax.figure, ax  # type: ignore[return-value]
    fig, new_ax = plt.subplots(figsize=figsize, layout="constrained")
    return fig, new_ax


def set_title(ax: Axes, title: str | None, default: str) -> None:
    """Set ``title`` (``None``: ``default``; ``""``: no title)."""
    text = default if title is None else title
    if text:
        ax.set_title(ar_label(text), loc="center")


def draw_empty(ax: Axes, lang: str) -> None:
    """Write "no data" in an empty Axes."""
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


def outlet_labeller(lang: str, table: pd.DataFrame | None = None):
    """Return a function outlet id → display name (table columns, then registry, then id)."""
    names = _registry_names(lang)
    col = "name_ar" if lang == "ar" else "name_en"
    if table is not None and col in table.columns and "outlet" in table.columns:
        sub = table[["outlet", col]].dropna()
        names.update(dict(zip(sub["outlet"].astype(str), sub[col].astype(str), strict=True)))

    def label(outlet: Any, n_other: int = 0) -> str:
        if outlet == OTHER:
            return other_label(lang, n_other)
        if outlet == UNKNOWN or outlet is None or (not isinstance(outlet, str) and pd.isna(outlet)):
            return _t("unknown", lang)
        return names.get(str(outlet), str(outlet))

    return label


def cap_index(totals: pd.Series, top_n: int) -> tuple[list[Any], list[Any]]:
    """Split ``totals``'s index into the ``top_n`` largest (stable order) and the rest."""
    order = totals.sort_values(ascending=False, kind="mergesort")
    if len(order) <= top_n:
        return list(order.index), []
    # top_n - 1 named rows + one "other" row keeps the figure at top_n rows
    return list(order.index[: top_n - 1]), list(order.index[top_n - 1 :])


def cap_rows(mat: pd.DataFrame, top_n: int) -> tuple[pd.DataFrame, int]:
    """Keep the ``top_n`` rows with the largest totals; sum the others into an OTHER row."""
    keep, rest = cap_index(mat.sum(axis=1), top_n)
    out = mat.loc[keep]
    if rest:
        out = pd.concat([out, mat.loc[rest].sum().to_frame(OTHER).T])
    return out, len(rest)


def text_width_in(labels: Iterable[str], font_pt: float = 8.0) -> float:
    """Rough width in inches of the longest label line (for figure sizing)."""
    longest = max((len(line) for lab in labels for line in str(lab).split("\n")), default=0)
    return longest * font_pt * 0.55 / 72


def cap_columns(mat: pd.DataFrame, top_n: int) -> tuple[pd.DataFrame, int]:
    """:func:`cap_rows` for columns: the largest first, the rest pooled into OTHER.

    Examples
    --------
    >>> m = pd.DataFrame({"a": [1, 0], "b": [5, 5], "c": [0, 1]})
    >>> out, k = cap_columns(m, 2)
    >>> list(out.columns), out[OTHER].tolist(), k
    (['b', '__other__'], [1, 1], 2)
    """
    out, n_other = cap_rows(mat.T, top_n)
    return out.T, n_other


def wants_log(values: Any) -> bool:
    """The log-scale rule: positive values spanning two orders of magnitude (max/min ≥ 100).

    Examples
    --------
    >>> wants_log([1, 50, 0]), wants_log([2, 200])
    (False, True)
    """
    v = pd.to_numeric(pd.Series(np.ravel(np.asarray(values, dtype=object))), errors="coerce")
    v = v[v > 0]
    return bool(len(v) and v.max() / v.min() >= 100)


def entity_labels(df: pd.DataFrame, id_col: str, lang: str) -> dict[str, str]:
    """Id → display name from the table's ``name_ar``/``name_en`` column (else the id)."""
    col = "name_ar" if lang == "ar" else "name_en"
    out = {str(k): str(k) for k in df[id_col].dropna().unique()}
    if col in df.columns:
        sub = df[[id_col, col]].dropna().drop_duplicates(id_col)
        out.update(dict(zip(sub[id_col].astype(str), sub[col].astype(str), strict=True)))
    return out


def heatmap(
    ax: Axes,
    mat: pd.DataFrame,
    row_labels: Sequence[str],
    col_labels: Sequence[str],
    *,
    annotate: bool,
    cbar_label: str,
    xlabel: str,
    ylabel: str,
    lang: str,
    rotate_x: float = 0.0,
    cmap: str = "Blues",
) -> None:
    """Draw ``mat`` as a heatmap with a colour bar (zero cells blank, counts written).

    An empty ``mat`` draws "no data" (:func:`draw_empty`) instead.
    """
    if mat.empty:
        draw_empty(ax, lang)
        return
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


def auto_annotate(annotate: bool | None, n_cells: int, limit: int = 480) -> bool:
    """``annotate`` as given, or by default only when there are at most ``limit`` cells."""
    return n_cells <= limit if annotate is None else bool(annotate)


def stacked_bars(
    ax: Axes,
    x: np.ndarray,
    mat: pd.DataFrame,
    *,
    width: float,
    labels: Sequence[str] | None = None,
) -> tuple[list[Any], np.ndarray]:
    """Stack one bar series per row of ``mat`` (tab10 colours, pooled OTHER in grey).

    Returns the bar containers (for a legend) and the stacked totals.
    """
    bottom = np.zeros(len(x))
    colors = mpl.colormaps["tab10"].colors
    bars = []
    for i, key in enumerate(mat.index):
        heights = mat.loc[key].to_numpy(dtype=float)
        color = "#9e9e9e" if key == OTHER else colors[i % len(colors)]
        kw = {} if labels is None else {"label": labels[i]}
        bars.append(ax.bar(x, heights, bottom=bottom, width=width, color=color, linewidth=0, **kw))
        bottom += heights
    return bars, bottom
