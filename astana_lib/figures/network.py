"""The reuse network figure: outlets (and agencies) linked by reused text.

It draws a REUSE_EDGES table (:func:`astana_lib.analysis.network.reuse_edges`).

Every edge row of the table is drawn as its own arc: an outlet pair with directed *and*
undirected pairs shows an arrow for the directed ones and a plain line for the others,
each labelled with its own count (merging them used to draw the larger directed part as
a plain line). Parallel arcs between two nodes bend apart; counts are written on the arc
with a thin white outline rather than a box, so they do not cut through other edges.
"""

from __future__ import annotations

import math
from typing import Literal

import matplotlib as mpl
import matplotlib.patheffects as pe
import matplotlib.pyplot as plt  # noqa: F401  (doctest namespace)
import numpy as np
import pandas as pd
from matplotlib.axes import Axes
from matplotlib.figure import Figure
from matplotlib.lines import Line2D

from astana_lib._checks import check_choice
from astana_lib.figures._common import (
    Lang,
    auto_annotate,
    check_common,
    check_top_n,
    draw_empty,
    new_axes,
    outlet_key,
    outlet_labeller,
    set_title,
)
from astana_lib.figures.fonts import astana_style
from astana_lib.figures.labels import ar_label, wrap_label
from astana_lib.figures.texts import text as _t
from astana_lib.resources import load_table
from astana_lib.schema import require_columns

__all__ = ["plot_reuse_network"]

#: Colour and line style per ``edge_kind`` (directed colour, undirected colour, style).
_STYLE = {
    "reuse": ("#4a6fa5", "#9e9e9e", "-"),
    "copy": ("#4a6fa5", "#9e9e9e", "-"),
    "unresolved": ("#7f8fa6", "#b0b0b0", "-"),
    "agency": ("#c2570c", "#e6a56e", "-"),
    "quotation": ("#3f8f5b", "#3f8f5b", ":"),
}
_RADS = (0.0, 0.22, -0.22, 0.42, -0.42, 0.6, -0.6)

#: one drawn arc: from, to, weight, directed, edge kind, bend
Arc = tuple[str, str, float, bool, str, float]


def _edge_table(edges: pd.DataFrame, quotations: str) -> tuple[pd.DataFrame, set[str]]:
    """One row per (from, to, directed, kind) with its summed weight; the agency nodes."""
    wcol = "weight" if "weight" in edges.columns else "n_pairs"
    require_columns(edges, ["outlet_from", "outlet_to", wcol], table="reuse_edges")
    df = pd.DataFrame(
        {
            "a": outlet_key(edges["outlet_from"]),
            "b": outlet_key(edges["outlet_to"]),
            "w": pd.to_numeric(edges[wcol], errors="coerce").fillna(0),
            "directed": edges["directed"].fillna(False).astype(bool)
            if "directed" in edges.columns
            else False,
            "kind": edges["edge_kind"].astype("string").fillna("reuse")
            if "edge_kind" in edges.columns
            else "reuse",
        }
    )
    agencies = (
        set(edges.loc[edges["kind_from"] == "agency", "outlet_from"].astype(str))
        if "kind_from" in edges.columns
        else set()
    )
    if quotations == "drop":
        df = df[df["kind"] != "quotation"]
    # one arc per (from, to, directed, kind): directed and undirected rows stay apart
    df = df[df["w"] > 0].groupby(["a", "b", "directed", "kind"], as_index=False)["w"].sum()
    return df, agencies


def _arcs(df: pd.DataFrame) -> list[Arc]:
    """The arcs to draw; parallel arcs between the same two nodes get distinct bends."""
    arcs = []
    slot: dict[tuple[str, str], int] = {}
    for r in df.itertuples(index=False):
        key = tuple(sorted((r.a, r.b)))
        k = slot.get(key, 0)
        slot[key] = k + 1
        rad = _RADS[k % len(_RADS)]
        if r.a > r.b:  # bends are relative to the drawing direction
            rad = -rad
        arcs.append((r.a, r.b, float(r.w), bool(r.directed), str(r.kind), rad))
    return arcs


def _positions(graph, keep: list[str], agencies: set[str], layout: str, seed: int) -> dict:
    """Node positions of the chosen layout (``"auto"`` resolved as documented)."""
    import networkx as nx

    shown_agencies = [n for n in graph.nodes if n in agencies]
    shown_outlets = [n for n in graph.nodes if n not in agencies]
    if layout == "auto" and shown_agencies and len(shown_outlets) >= 2:
        layout = "shell"  # outlets inside, agencies on the outer ring
    elif layout == "auto":
        connected = len(keep) >= 3 and nx.is_connected(graph)
        layout = "kamada_kawai" if connected else "spring"
    if layout == "shell":
        pos = nx.shell_layout(graph, nlist=[shown_outlets, shown_agencies], rotate=0.3)
    elif layout == "circular" or len(keep) <= 2:
        pos = nx.circular_layout(graph)
    elif layout == "kamada_kawai":
        pos = nx.kamada_kawai_layout(graph, weight=None)
    else:
        pos = nx.spring_layout(graph, seed=seed, k=1.6 / math.sqrt(len(keep)), iterations=200)
    if len(keep) == 1:
        pos = {keep[0]: np.array([0.0, 0.0])}
    return pos


def _draw_graph(ax: Axes, graph, pos: dict, arcs: list[Arc], sizes: dict, agencies: set) -> None:
    """Edges (one call per arc, width by weight) then nodes (agencies as squares)."""
    import networkx as nx

    wmax = max([a[2] for a in arcs] or [1.0])
    draw_graph = nx.DiGraph()
    draw_graph.add_nodes_from(graph.nodes)
    for a, b, w, directed, kind, rad in arcs:
        width = 0.8 + 5.0 * w / wmax
        c_dir, c_und, style = _STYLE.get(kind, _STYLE["reuse"])
        nx.draw_networkx_edges(
            draw_graph,
            pos,
            edgelist=[(a, b)],
            ax=ax,
            width=width,
            edge_color=c_dir if directed else c_und,
            style=style,
            arrows=True,
            arrowstyle="-|>" if directed else "-",
            arrowsize=10 + 2 * width,
            connectionstyle=f"arc3,rad={rad}",
            node_size=[sizes[a], sizes[b]],
            nodelist=[a, b],
            alpha=0.85,
        )
    for shape, members in (
        ("o", [n for n in graph.nodes if n not in agencies]),
        ("s", [n for n in graph.nodes if n in agencies]),
    ):
        if members:
            nx.draw_networkx_nodes(
                graph,
                pos,
                nodelist=members,
                ax=ax,
                node_shape=shape,
                node_size=[sizes[n] for n in members],
                node_color="#fdd49e" if shape == "o" else "#f4a582",
                edgecolors="#b35806" if shape == "o" else "#8c2d04",
                linewidths=1.0,
            )


def _edge_counts(ax: Axes, pos: dict, arcs: list[Arc]) -> None:
    """Each arc's count at its middle, with a thin white outline."""
    halo = [pe.withStroke(linewidth=2.2, foreground="white")]
    for a, b, w, _, _, rad in arcs:
        p0, p1 = np.asarray(pos[a]), np.asarray(pos[b])
        dx, dy = p1 - p0
        mid = (p0 + p1) / 2 + 0.5 * rad * np.array([dy, -dx])
        ax.text(
            mid[0],
            mid[1],
            f"{w:.0f}",
            ha="center",
            va="center",
            fontsize=mpl.rcParams["font.size"] - 2,
            color="#222222",
            path_effects=halo,
            zorder=4,
        )


def _node_labels(ax: Axes, graph, pos: dict, sizes: dict, agencies: set, lang: str) -> None:
    """Node names under the nodes (outlets from the registry, agencies from theirs)."""
    outlet_label = outlet_labeller(lang)
    reg = load_table("agencies").drop_duplicates("agency_id")
    name_col = "name_ar" if lang == "ar" else "name_en"
    agency_names = dict(zip(reg["agency_id"], reg[name_col].astype(str), strict=True))
    for n in graph.nodes:
        r_pt = math.sqrt(sizes[n] / math.pi)
        label = outlet_label(n)
        if n in agencies and label == n:
            label = agency_names.get(n, n)
        ax.annotate(
            ar_label(wrap_label(label, 18, max_lines=2)),
            pos[n],
            xytext=(0, -(r_pt + 2)),
            textcoords="offset points",
            ha="center",
            va="top",
            fontsize=mpl.rcParams["font.size"] - 0.5,
            zorder=5,
            path_effects=[pe.withStroke(linewidth=2.5, foreground="white")],
        )


def _legend_and_note(
    ax: Axes, arcs: list[Arc], agencies: set, lang: str, n_nodes: int, top_n: int
) -> None:
    """Legend of the edge kinds and agency nodes (when any); the reading note below."""
    kinds = sorted({a[4] for a in arcs} - {"reuse"})
    if kinds or agencies:
        handles = [
            Line2D(
                [],
                [],
                color=_STYLE[k][0],
                ls=_STYLE[k][2],
                lw=2,
                label=ar_label(_t(f"edge_{k}", lang)),
            )
            for k in kinds
            if k in _STYLE
        ]
        if agencies:
            handles.append(
                Line2D(
                    [],
                    [],
                    ls="",
                    marker="s",
                    color="#f4a582",
                    mec="#8c2d04",
                    label=ar_label(_t("agency_node", lang)),
                )
            )
        ax.legend(
            handles=handles,
            loc="upper left",
            bbox_to_anchor=(1.0, 1.0),
            fontsize=mpl.rcParams["font.size"] - 2,
            frameon=False,
        )
    note = "\n".join(
        ar_label(line) for line in wrap_label(_t("network_note", lang), 95).split("\n")
    )
    if n_nodes > top_n:
        note += "\n" + ar_label(_t("top_shown", lang, k=top_n, n=n_nodes))
    ax.text(
        0.5,
        0.0,
        note,
        transform=ax.transAxes,
        ha="center",
        va="top",
        fontsize=mpl.rcParams["font.size"] - 2,
        color="#555555",
    )


def plot_reuse_network(
    edges: pd.DataFrame,
    *,
    lang: Lang = "ar",
    layout: Literal["auto", "spring", "circular", "kamada_kawai", "shell"] = "auto",
    seed: int = 0,
    top_n: int = 25,
    annotate: bool | None = None,
    quotations: Literal["keep", "drop"] = "keep",
    title: str | None = None,
    ax: Axes | None = None,
) -> Figure:
    """Outlet reuse graph: nodes are outlets (and agencies), edges reused paragraphs.

    Edge width grows with ``weight``; an edge is an arrow (earlier → later outlet, or
    agency → outlet) when ``directed`` is True, a plain line otherwise; node area grows
    with the node's total reused pairs. With a net-view table
    (:func:`astana_lib.analysis.network.reuse_edges` ``view="net"``) agencies are drawn as
    squares, agency edges in orange, shared quotations as dotted lines, and a legend
    names the edge kinds. The layout is deterministic (``seed``).

    Parameters
    ----------
    edges : pandas.DataFrame
        REUSE_EDGES table: ``outlet_from``, ``outlet_to``, ``weight`` (or ``n_pairs``),
        ``directed``; ``edge_kind`` and ``kind_from`` when present.
    lang : {"ar", "en"}, default "ar"
    layout : {"auto", "spring", "circular", "kamada_kawai", "shell"}, default "auto"
        ``"auto"``: with agency nodes, ``"shell"`` (outlets on an inner ring, agencies on
        the outer one); else Kamada-Kawai (deterministic, spreads dense graphs well) for a
        connected graph of 3 or more nodes, else spring.
    seed : int, default 0
        Seed of the spring layout.
    top_n : int, default 25
        Nodes shown (largest total weight); the figure notes how many there are in all.
    annotate : bool, optional
        Write ``n_pairs`` on the edges; default when at most 30 edges.
    quotations : {"keep", "drop"}, default "keep"
        Leave shared-quotation edges (``edge_kind == "quotation"``) out with "drop".
    title : str, optional
    ax : matplotlib Axes, optional

    Returns
    -------
    matplotlib.figure.Figure

    Examples
    --------
    >>> e = pd.DataFrame({"outlet_from": ["outlet_a", "outlet_c", "outlet_a"],
    ...     "outlet_to": ["outlet_b", "outlet_d", "outlet_b"], "n_pairs": [4, 2, 1],
    ...     "weight": [4, 2, 1], "directed": [True, False, False]})
    >>> fig = plot_reuse_network(e, lang="en")
    >>> sorted(t.get_text() for t in fig.axes[0].texts if t.get_text().startswith("outlet"))
    ['outlet_a', 'outlet_b', 'outlet_c', 'outlet_d']
    >>> sorted(t.get_text() for t in fig.axes[0].texts if t.get_text().isdigit())
    ['1', '2', '4']
    >>> plt.close(fig)
    """
    import networkx as nx

    check_common(lang, ax)
    check_choice("layout", layout, ("auto", "spring", "circular", "kamada_kawai", "shell"))
    check_choice("quotations", quotations, ("keep", "drop"))
    top_n = check_top_n("top_n", top_n)
    df, agencies = _edge_table(edges, quotations)
    strength = (
        pd.concat([df.groupby("a")["w"].sum(), df.groupby("b")["w"].sum()]).groupby(level=0).sum()
    )
    n_nodes = len(strength)
    keep = list(strength.sort_values(ascending=False, kind="mergesort").index[:top_n])
    df = df[df["a"].isin(keep) & df["b"].isin(keep)].sort_values(["a", "b", "directed", "kind"])
    graph = nx.Graph()
    graph.add_nodes_from(sorted(keep))
    graph.add_edges_from(zip(df["a"], df["b"], strict=True))
    arcs = _arcs(df)

    with astana_style():
        size_in = 4.2 if len(keep) <= 6 else min(4.2 + 0.18 * len(keep), 9.5)
        fig, ax = new_axes(ax, (size_in + 1.2, size_in))
        ax.set_axis_off()
        if not len(keep):
            draw_empty(ax, lang)
            set_title(ax, title, _t("network_title", lang))
            return fig
        pos = _positions(graph, keep, agencies, layout, seed)
        node_w = np.array([strength.get(n, 0.0) for n in graph.nodes], dtype=float)
        node_size = 180 + 900 * node_w / max(node_w.max(), 1.0)
        sizes = dict(zip(graph.nodes, node_size, strict=True))
        _draw_graph(ax, graph, pos, arcs, sizes, agencies)
        if auto_annotate(annotate, len(arcs), 30):
            _edge_counts(ax, pos, arcs)
        _node_labels(ax, graph, pos, sizes, agencies, lang)
        xs = np.array([p[0] for p in pos.values()])
        ys = np.array([p[1] for p in pos.values()])
        padx = max(0.35, 0.18 * (xs.max() - xs.min()))
        pady = max(0.35, 0.18 * (ys.max() - ys.min()))
        ax.set_xlim(xs.min() - padx, xs.max() + padx)
        ax.set_ylim(ys.min() - pady * 1.3, ys.max() + pady)
        ax.set_aspect("equal", adjustable="box")
        _legend_and_note(ax, arcs, agencies, lang, n_nodes, top_n)
        set_title(ax, title, _t("network_title", lang))
    return fig
