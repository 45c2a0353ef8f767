"""Coverage over time: monthly articles per outlet, with the Astana rounds and events marked.

:func:`plot_coverage_over_time` draws :func:`astana_lib.analysis.monthly.coverage_by_month`
(re-exported here) as stacked bars, every outlet in the legend, and marks the rounds
(``data/rounds.csv``) and related events (``data/related_events.csv``, and an ``event``
column of the articles when present) that fall in the corpus's date span, their labels
staggered on levels with leader lines so neighbouring rounds never overprint.
"""

from __future__ import annotations

from typing import Literal

import matplotlib as mpl
import matplotlib.dates as mdates
import numpy as np
import pandas as pd
from matplotlib.axes import Axes
from matplotlib.figure import Figure

from astana_lib._checks import check_choice
from astana_lib.analysis.monthly import coverage_by_month
from astana_lib.figures._common import cap_columns, new_axes, outlet_labeller, stacked_bars
from astana_lib.figures.fonts import astana_style
from astana_lib.figures.labels import ar_label
from astana_lib.figures.texts import CITY_AR, EVENT_TYPE_AR
from astana_lib.figures.texts import text as _t
from astana_lib.resources import load_table
from astana_lib.schema import require_columns

__all__ = ["coverage_by_month", "plot_coverage_over_time"]


def _levels(x: np.ndarray, widths: np.ndarray, pad: float) -> np.ndarray:
    """Label level per mark: labels ``[x, x + width]`` on one level never overlap.

    Greedy: marks in order of ``x``, each on the lowest level whose last label ends at
    least ``pad`` before it; a new level is opened when none is free (no cap, so a
    dense stretch of rounds gets as many levels as it needs).
    """
    end: list[float] = []
    out = np.zeros(len(x), dtype=int)
    for i in np.argsort(x, kind="mergesort"):
        lev = next((k for k, e in enumerate(end) if x[i] >= e + pad), len(end))
        if lev == len(end):
            end.append(-np.inf)
        out[i] = lev
        end[lev] = x[i] + widths[i]
    return out


def _event_label(e: object, lang: str) -> str:
    """Short label of a related event: "Sochi: congress" / "سوتشي: مؤتمر".

    The Arabic place name is the table's ``city_ar`` (``data/related_events.csv``), else
    a known city's Arabic name, else the ``city`` as given.
    """
    city = str(getattr(e, "city", "") or "")
    city_ar = getattr(e, "city_ar", None)
    city_ar = str(city_ar) if isinstance(city_ar, str) and city_ar else CITY_AR.get(city, city)
    kind = str(getattr(e, "event_type", "") or "").split("(")[0].strip()
    words = kind.split()
    short = next((w for w in words if w.strip("'s") in EVENT_TYPE_AR or w in EVENT_TYPE_AR), kind)
    short = short.rstrip("'")
    if lang == "ar":
        key = next((k for k in EVENT_TYPE_AR if k in kind), None)
        return f"{city_ar}: {EVENT_TYPE_AR[key]}" if key else city_ar
    return f"{city}: {short}" if city else str(getattr(e, "name", ""))


def _monthly_matrix(monthly: pd.DataFrame, top_n: int) -> tuple[pd.DataFrame, int]:
    """Months (every month of the span) × outlets, the smaller outlets pooled into OTHER."""
    mat = monthly.pivot(index="month", columns="outlet", values="n_articles").fillna(0)
    mat, n_other = cap_columns(mat, top_n)
    if len(mat):
        full = pd.date_range(mat.index.min(), mat.index.max(), freq="MS")
        mat = mat.reindex(full, fill_value=0)
    return mat, n_other


def _marks(
    rounds: pd.DataFrame, events: pd.DataFrame, lo: pd.Timestamp, hi: pd.Timestamp, lang: str
) -> list[tuple[pd.Timestamp, str, str]]:
    """(date, label, colour) of the rounds (red) and related events (grey) in ``[lo, hi]``."""
    marks = []
    for r in rounds.itertuples():
        d = pd.Timestamp(r.start_date)
        if lo <= d <= hi:
            city = r.city_ar if lang == "ar" else r.city
            marks.append((d, f"{city} {r.round}", "#cb181d"))
    ev = events.rename(columns={"event": "name"}) if "event" in events.columns else events
    if "start_date" in ev.columns:
        for e in ev.itertuples():
            d = pd.Timestamp(e.start_date)
            if lo <= d <= hi:
                marks.append((d, _event_label(e, lang), "#737373"))
    return marks


def _note(monthly: pd.DataFrame, lang: str) -> str:
    """The note under the axes: what the lines are, articles with a round, undated ones."""
    n_all = int(monthly["n_articles"].sum())
    n_round = int(monthly["n_with_round"].sum()) if "n_with_round" in monthly else 0
    note = _t("rounds_note", lang, k=n_round, n=n_all)
    n_undated = int(monthly.attrs.get("n_undated", 0))
    if n_undated:
        note += "؛ " if lang == "ar" else "; "
        note += _t("undated", lang, n=n_undated)
    return note


def plot_coverage_over_time(
    monthly: pd.DataFrame,
    *,
    rounds: pd.DataFrame | None = None,
    events: pd.DataFrame | None = None,
    lang: Literal["ar", "en"] = "ar",
    top_n: int = 8,
    title: str | None = None,
    ax: Axes | None = None,
) -> Figure:
    """Monthly articles per outlet (stacked bars) with rounds and related events marked.

    Parameters
    ----------
    monthly : DataFrame
        Output of :func:`coverage_by_month`.
    rounds, events : DataFrame, optional
        Rounds (``round``, ``start_date``, ``city``, ``city_ar``) and related events
        (``event``, ``start_date``); default the packaged tables. Only those inside the
        figure's date span are drawn.
    lang : {"ar", "en"}, default "ar"
    top_n : int, default 8
        Outlets with their own colour (the most covered); the rest are one "other"
        group. Every drawn outlet is in the legend.
    title : str, optional
    ax : matplotlib Axes, optional

    Returns
    -------
    matplotlib.figure.Figure

    Examples
    --------
    >>> arts = pd.DataFrame({"article_id": list("abc"), "outlet": ["rt", "aljazeera", "rt"],
    ...     "date": pd.to_datetime(["2018-05-14", "2018-05-20", "2018-09-01"])})
    >>> fig = plot_coverage_over_time(coverage_by_month(arts), lang="en")
    >>> [t.get_text() for t in fig.axes[0].get_legend().get_texts()]
    ['rt', 'Al Jazeera']
    >>> import matplotlib.pyplot as plt; plt.close(fig)
    """
    check_choice("lang", lang, ("ar", "en"))
    require_columns(monthly, ["outlet", "month", "n_articles"], table="monthly")
    mat, n_other = _monthly_matrix(monthly, top_n)
    label = outlet_labeller(lang)
    if rounds is None:
        rounds = load_table("rounds")
    if events is None:
        events = load_table("related_events")
    with astana_style():
        fig, ax = new_axes(ax, (8.5, 4.2))
        x = mdates.date2num(mat.index + pd.Timedelta(days=14)) if len(mat) else np.array([])
        names = [ar_label(label(outlet, n_other)) for outlet in mat.columns]
        _, bottom = stacked_bars(ax, x, mat.T, width=24 if len(mat) < 40 else 20, labels=names)
        ymax = max(float(bottom.max()) if len(bottom) else 0.0, 1.0)
        lo = mat.index.min() - pd.Timedelta(days=20) if len(mat) else pd.Timestamp("2017-01-01")
        hi = mat.index.max() + pd.Timedelta(days=50) if len(mat) else pd.Timestamp("2024-12-31")
        marks = _marks(rounds, events, lo, hi, lang)
        mx = mdates.date2num([m[0] for m in marks]) if marks else np.array([])
        ax.set_xlim(mdates.date2num(lo), mdates.date2num(hi))
        top = ymax * 1.05
        step = ymax * 0.14
        texts = []
        for (_d, text, color), xi in zip(marks, mx, strict=True):
            texts.append(ax.annotate(
                ar_label(text), (xi, top), xytext=(2, 0), textcoords="offset points",
                ha="left", va="center", fontsize=mpl.rcParams["font.size"] - 2.5, color=color,
                bbox={"boxstyle": "square,pad=0.1", "fc": "white", "ec": "none"}, zorder=3,
            ))  # fmt: skip
        locator = mdates.AutoDateLocator(minticks=4, maxticks=10)
        ax.xaxis.set_major_locator(locator)
        ax.xaxis.set_major_formatter(mdates.ConciseDateFormatter(locator))
        ax.set_ylabel(ar_label(_t("monthly_ylabel", lang)))
        ax.grid(axis="y", color="#eeeeee")
        ax.spines[["top", "right"]].set_visible(False)
        if len(mat.columns):
            ax.legend(loc="upper left", bbox_to_anchor=(1.01, 1.0), markerfirst=lang != "ar",
                      fontsize=mpl.rcParams["font.size"] - 1)  # fmt: skip
        ax.annotate(ar_label(_note(monthly, lang)), (0.0, 0.0), xycoords="axes fraction",
                    xytext=(0, -30), textcoords="offset points",
                    fontsize=mpl.rcParams["font.size"] - 2, color="#555555", ha="left",
                    va="top")  # fmt: skip
        text = _t("monthly_title", lang) if title is None else title
        if text:
            ax.set_title(ar_label(text))
        ax.set_ylim(0, top + step * 5.4)
        lev = _label_levels(fig, ax, texts, mx)
        for t, (_d, _text, color), xi, lv in zip(texts, marks, mx, lev, strict=True):
            y_text = top + step * (lv + 0.5)
            t.xy = (xi, y_text)
            ax.plot([xi, xi], [0, y_text], color=color, lw=0.8, ls="--", alpha=0.7, zorder=0)
        n_levels = int(lev.max()) + 1 if len(lev) else 0
        ax.set_ylim(0, top + step * (n_levels + 0.4))
    return fig


def _label_levels(fig: Figure, ax: Axes, texts: list, mx: np.ndarray) -> np.ndarray:
    """Levels for the mark labels from their drawn widths (so no two labels overlap).

    The figure is laid out once (constrained layout included) to measure each label's
    extent with the renderer; widths go to data units with the axes' final width.
    """
    if not texts:
        return np.array([], dtype=int)
    fig.draw_without_rendering()
    renderer = fig.canvas.get_renderer()
    x0, x1 = ax.get_xlim()
    data_per_px = (x1 - x0) / max(ax.bbox.width, 1.0)
    ends = np.array([t.get_window_extent(renderer).x1 for t in texts])
    starts = ax.transData.transform(np.column_stack([mx, np.zeros(len(mx))]))[:, 0]
    widths = (ends - starts) * data_per_px
    return _levels(mx, widths, pad=(x1 - x0) * 0.006)
