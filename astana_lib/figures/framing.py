"""Framing figures: the share of each framing variant per outlet (or round).

It draws :func:`astana_lib.analysis.framing.framing_shares` of the FRAMING_COUNTS table,
one panel per lexicon concept, one stacked bar per group; small groups are left out (and
counted in the panel title), the smaller outlets and the rarer variants are pooled into
"other (k)".
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from typing import Any, Literal

import matplotlib as mpl
import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
from matplotlib.axes import Axes
from matplotlib.figure import Figure

from astana_lib._checks import check_choice
from astana_lib.analysis.framing import framing_shares
from astana_lib.figures._common import (
    OTHER,
    UNKNOWN,
    Lang,
    cap_columns,
    cap_rows,
    check_common,
    check_top_n,
    draw_empty,
    other_label,
    outlet_key,
    outlet_labeller,
    set_title,
    text_width_in,
)
from astana_lib.figures.fonts import astana_style
from astana_lib.figures.labels import ar_label, wrap_label
from astana_lib.figures.texts import text as _t
from astana_lib.resources import load_table
from astana_lib.schema import require_columns

__all__ = ["plot_framing_shares"]

#: one panel: concept, group × variant counts, pooled groups, small groups left out
Panel = tuple[str, pd.DataFrame, int, int]


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


def _framing_table(framing_counts: pd.DataFrame, by: str, lang: str) -> pd.DataFrame:
    """The counts with the figure's group (``_group``), count and variant label columns."""
    df = framing_counts.copy()
    df["_group"] = (
        outlet_key(df["outlet"])
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
    if "article_id" not in df.columns:
        df["article_id"] = np.arange(len(df))
    return df


def _concepts(df: pd.DataFrame, concepts: Sequence[str] | None) -> list[str]:
    """The concepts to draw: as asked (checked), or every used one, the most used first."""
    totals = df.groupby("concept")["_count"].sum().sort_values(ascending=False, kind="mergesort")
    if concepts is None:
        return [c for c in totals.index if totals[c] > 0]
    missing = [c for c in concepts if c not in totals.index]
    if missing:
        raise ValueError(f"concepts {missing} not in framing_counts; it has {list(totals.index)}")
    return list(concepts)


def _panel(
    shares: pd.DataFrame, concept: str, by: str, top_n: int, max_variants: int, min_n: int
) -> Panel:
    """One concept's group × variant counts: small groups out, tails pooled."""
    sub = shares[shares["concept"] == concept]
    mat = sub.set_index(["_group", "label_en"])["count"].unstack(fill_value=0)
    small = mat.sum(axis=1) < min_n
    n_small = int((small & (mat.sum(axis=1) > 0)).sum())
    mat = mat.loc[~small]
    mat = mat.loc[:, mat.sum() > 0]
    mat, _ = cap_columns(mat, max_variants)
    mat = mat.loc[mat.sum(axis=1) > 0]
    n_other = 0
    if by == "round":
        mat = mat.loc[sorted(mat.index, key=lambda g: (g == UNKNOWN, g if g != UNKNOWN else 0))]
        mat = mat.iloc[::-1]  # first round on top after barh's bottom-up order
        if len(mat) > top_n:
            mat, n_other = cap_rows(mat, top_n)
    else:
        mat, n_other = cap_rows(mat, top_n)
        mat = mat.iloc[::-1]  # largest on top
    return concept, mat, n_other, n_small


def _group_labeller(by: str, lang: str) -> Callable[[Any, int], str]:
    """Group → label: an outlet's name, or "round n" / "unknown"; "other (k)" when pooled."""
    outlet_label = outlet_labeller(lang)

    def group_label(g: Any, n_other: int) -> str:
        if by == "outlet":
            return outlet_label(g, n_other)
        if g == OTHER:
            return other_label(lang, n_other)
        return _t("unknown_round", lang) if g == UNKNOWN else _t("round_n", lang, n=g)

    return group_label


def _panel_axes(panels: list[Panel], group_label: Callable[[Any, int], str]) -> tuple[Figure, list]:
    """A figure with one row of axes per panel, sized for its bars and labels."""
    heights = [0.75 + max(0.3 * len(m), 0.19 * m.shape[1] + 0.1) for _, m, _, _ in panels]
    heights = heights or [2.0]
    labels = [
        wrap_label(group_label(g, n), 36, max_lines=2) for _, m, n, _ in panels for g in m.index
    ]
    variants = [wrap_label(v, 40, max_lines=2) for _, m, _, _ in panels for v in m.columns]
    width = min(1.0 + text_width_in(labels) + 4.2 + text_width_in(variants) + 0.4, 12)
    fig, axs = plt.subplots(
        len(heights),
        1,
        figsize=(width, min(sum(heights) + 0.4, 16)),
        layout="constrained",
        gridspec_kw={"height_ratios": heights},
        squeeze=False,
    )
    return fig, list(axs[:, 0])


def _share_bars(pax: Axes, shares: pd.DataFrame, lang: str) -> None:
    """Stacked horizontal share bars, shares of 10 % or more written on them."""
    n_cols = shares.shape[1]
    cmap = mpl.colormaps["tab10" if n_cols <= 10 else "tab20"]
    y = np.arange(len(shares))
    left = np.zeros(len(shares))
    annotate = len(shares) <= 25
    for j, variant in enumerate(shares.columns):
        w = shares[variant].to_numpy(dtype=float)
        color = "#bdbdbd" if variant == OTHER else cmap(j % cmap.N)
        name = _t("other", lang) if variant == OTHER else wrap_label(variant, 40, max_lines=2)
        pax.barh(y, w, left=left, color=color, height=0.72, label=ar_label(name), linewidth=0)
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


def _draw_panel(
    pax: Axes,
    panel: Panel,
    *,
    lang: str,
    group_label: Callable[[Any, int], str],
    title: str,
    min_n: int,
    last: bool,
) -> None:
    """One concept: bars, group labels with their ``n``, title, legend."""
    _concept, mat, n_other, n_small = panel
    shares = mat.div(mat.sum(axis=1), axis=0)
    _share_bars(pax, shares, lang)
    pax.set_yticks(
        np.arange(len(shares)),
        [
            ar_label(f"{wrap_label(group_label(g, n_other), 36, max_lines=2)}  (n={n:.0f})")
            for g, n in zip(shares.index, mat.sum(axis=1), strict=True)
        ],
    )
    pax.set_xlim(0, 1)
    pax.set_ylim(-0.6, len(shares) - 0.4)
    pax.xaxis.set_major_formatter(mpl.ticker.PercentFormatter(1.0))
    if last:
        pax.set_xlabel(ar_label(_t("share", lang)))
    else:
        pax.tick_params(axis="x", labelbottom=False)
    pax.spines["left"].set_visible(False)
    pax.tick_params(axis="y", length=0)
    if n_small:
        title += "\n" + _t("small_left_out", lang, k=n_small, m=min_n)
    pax.set_title(ar_label(title), fontsize=mpl.rcParams["font.size"], loc="center")
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
        draw_empty(pax, lang)


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
    check_common(lang, ax)
    check_choice("by", by, ("outlet", "round"))
    top_n = check_top_n("top_n", top_n)
    max_variants = check_top_n("max_variants", max_variants)
    require_columns(framing_counts, [by, "concept", "variant", "count"], table="framing_counts")
    df = _framing_table(framing_counts, by, lang)
    if not isinstance(min_n, int) or min_n < 1:
        raise ValueError(f"min_n must be a positive int, got {min_n!r}")
    # The analysis table (one row per group × concept × label) is what is drawn.
    shares_table = framing_shares(
        df.assign(label_en=df["_variant_label"], count=df["_count"]),
        by="_group",
        level="label_en",
    )
    concepts = _concepts(df, concepts)
    if ax is not None and len(concepts) > 1:
        raise ValueError(
            f"ax= draws one panel but {len(concepts)} concepts were requested; pass concepts=[...]"
        )
    titles = _concept_titles(df, lang)
    titles.update({str(k): str(v) for k, v in (concept_titles or {}).items()})
    group_label = _group_labeller(by, lang)
    panels = [_panel(shares_table, c, by, top_n, max_variants, min_n) for c in concepts]

    with astana_style():
        fig, axes = (ax.figure, [ax]) if ax is not None else _panel_axes(panels, group_label)
        if not panels:
            draw_empty(axes[0], lang)
        for pax, panel in zip(axes, panels, strict=False):
            concept = str(panel[0])
            _draw_panel(
                pax,
                panel,
                lang=lang,
                group_label=group_label,
                title=titles.get(concept, concept.replace("_", " ").capitalize()),
                min_n=min_n,
                last=pax is axes[len(panels) - 1] or ax is not None,
            )
        default = (
            f"{_t('framing_title', lang)} {_t('by_outlet' if by == 'outlet' else 'by_round', lang)}"
        )
        text = default if title is None else title
        if text and ax is None:
            fig.suptitle(ar_label(text))
        elif text:
            set_title(ax, title, default)
    return fig
