"""Chained clusters: reuse clusters held together by one bridging pair, and how to split them.

:func:`~astana_lib.reuse.clusters.reuse_clusters` uses single linkage: if a~b and b~c, a, b
and c share a cluster. One pair between two paragraphs of different stories (a shared
background sentence, a stock phrase) then chains two stories into one cluster.
:func:`cluster_bridges` finds the pairs whose removal would cut a cluster into two parts
of at least ``min_side`` paragraphs each (bridges of the pair graph, networkx), with the
text they share; :func:`split_chains` offers a split — cut those bridges, or Louvain
communities — whose effect is measured against hand clusters in
``benchmarks/eval_origin.py`` rather than assumed.
"""

from __future__ import annotations

from typing import Literal

import networkx as nx
import numpy as np
import pandas as pd

from astana_lib._checks import check_choice
from astana_lib.schema import require_columns

__all__ = ["cluster_bridges", "split_chains"]


def _cluster_graphs(pairs: pd.DataFrame, clusters: pd.DataFrame):
    require_columns(pairs, ["para_a", "para_b"], table="pairs")
    require_columns(clusters, ["para_id", "cluster"], table="clusters")
    of = dict(zip(clusters["para_id"].astype(str), clusters["cluster"], strict=True))
    graphs: dict[int, nx.Graph] = {}
    for cid, grp in clusters.groupby("cluster", sort=True):
        g = nx.Graph()
        g.add_nodes_from(grp["para_id"].astype(str))
        graphs[cid] = g
    cos = pairs["cosine"] if "cosine" in pairs.columns else pd.Series(1.0, index=pairs.index)
    for a, b, c in zip(pairs["para_a"].astype(str), pairs["para_b"].astype(str), cos, strict=True):
        ca = of.get(a)
        if ca is not None and of.get(b) == ca:
            w = 1.0 if pd.isna(c) else float(c)
            if not graphs[ca].has_edge(a, b) or graphs[ca][a][b]["weight"] < w:
                graphs[ca].add_edge(a, b, weight=w)
    return graphs


def _chain_bridges(g: nx.Graph, min_side: int) -> list[tuple[str, str, int, int]]:
    if g.number_of_nodes() < 2 * min_side:
        return []
    out = []
    # the bridges cut the graph into 2-edge-connected blocks forming a tree: the size
    # of one side of a bridge is the size of the subtree behind it
    br = list(nx.bridges(g))
    if not br:
        return out
    h = g.copy()
    h.remove_edges_from(br)
    block = {}
    sizes = []
    for k, comp in enumerate(nx.connected_components(h)):
        sizes.append(len(comp))
        for node in comp:
            block[node] = k
    tree = nx.Graph()
    tree.add_nodes_from(range(len(sizes)))
    tree.add_edges_from((block[u], block[v]) for u, v in br)
    n = g.number_of_nodes()
    for u, v in br:
        tree.remove_edge(block[u], block[v])
        su = sum(sizes[k] for k in nx.node_connected_component(tree, block[u]))
        tree.add_edge(block[u], block[v])
        sv = n - su
        if su >= min_side and sv >= min_side:
            out.append((u, v, su, sv))
    return out


def cluster_bridges(
    pairs: pd.DataFrame,
    clusters: pd.DataFrame,
    *,
    paragraphs: pd.DataFrame | None = None,
    min_side: int = 2,
) -> pd.DataFrame:
    """Pairs that alone hold two parts of a cluster together.

    Parameters
    ----------
    pairs : DataFrame
        The PAIRS table the clusters were built from (``cosine`` used when present).
    clusters : DataFrame
        CLUSTERS table (``para_id``, ``cluster``).
    paragraphs : DataFrame, optional
        PARAGRAPHS table: when given, the words the two paragraphs share are listed
        (``shared_a``/``shared_b``: the longest aligned run of each bridge, original
        text, from :func:`astana_lib.reuse.explain.explain_pair`).
    min_side : int, default 2
        Both parts must keep at least this many paragraphs (a bridge to a single
        paragraph is how every pair of two looks, not a chain).

    Returns
    -------
    DataFrame
        ``cluster``, ``para_a``, ``para_b``, ``side_a``/``side_b`` (paragraphs left on
        each side when the pair is cut), ``cosine``; with ``paragraphs`` also
        ``shared_a``, ``shared_b``, ``shared_words``.

    Examples
    --------
    >>> pairs = pd.DataFrame({"para_a": ["a", "b", "c", "c", "e"],
    ...                       "para_b": ["b", "c", "d", "e", "f"],
    ...                       "cosine": [0.9, 0.9, 0.55, 0.9, 0.9]})
    >>> cl = pd.DataFrame({"para_id": list("abcdef"), "cluster": 0})
    >>> cluster_bridges(pairs, cl)[["para_a", "para_b", "side_a", "side_b"]].values.tolist()
    [['b', 'c', 2, 4], ['c', 'e', 4, 2]]
    """
    if not isinstance(min_side, int) or min_side < 1:
        raise ValueError(f"min_side must be a positive int, got {min_side!r}")
    rows = []
    for cid, g in _cluster_graphs(pairs, clusters).items():
        for u, v, su, sv in _chain_bridges(g, min_side):
            a, b = sorted((u, v))
            sa, sb = (su, sv) if a == u else (sv, su)
            rows.append(
                {
                    "cluster": cid,
                    "para_a": a,
                    "para_b": b,
                    "side_a": sa,
                    "side_b": sb,
                    "cosine": g[u][v]["weight"],
                }
            )
    out = pd.DataFrame(rows, columns=["cluster", "para_a", "para_b", "side_a", "side_b", "cosine"])
    out = out.sort_values(["cluster", "para_a", "para_b"], kind="stable").reset_index(drop=True)
    if paragraphs is not None:
        from astana_lib.reuse.explain import explain_pair

        shared_a, shared_b, n_words = [], [], []
        ids = set(out["para_a"]) | set(out["para_b"])
        sub = paragraphs[paragraphs["para_id"].astype(str).isin(ids)]
        for a, b in zip(out["para_a"], out["para_b"], strict=True):
            spans = explain_pair(sub, a, b, roles=None).spans
            if len(spans):
                top = spans.sort_values("n_words", ascending=False).iloc[0]
                shared_a.append(top["text_a"])
                shared_b.append(top["text_b"])
                n_words.append(int(spans["n_words"].sum()))
            else:
                shared_a.append(pd.NA)
                shared_b.append(pd.NA)
                n_words.append(0)
        out["shared_a"] = pd.array(shared_a, dtype="string")
        out["shared_b"] = pd.array(shared_b, dtype="string")
        out["shared_words"] = np.asarray(n_words, dtype="int64")
    return out


def split_chains(
    pairs: pd.DataFrame,
    clusters: pd.DataFrame,
    *,
    method: Literal["bridges", "communities"] = "bridges",
    min_side: int = 2,
    resolution: float = 1.0,
    seed: int = 0,
) -> pd.DataFrame:
    """Split chained clusters: cut bridging pairs, or split into graph communities.

    Parameters
    ----------
    pairs, clusters : DataFrame
        As in :func:`cluster_bridges`.
    method : {"bridges", "communities"}, default "bridges"
        ``"bridges"``: cut every bridge of :func:`cluster_bridges` (both parts keep
        ``min_side`` paragraphs). ``"communities"``: Louvain communities of each
        cluster's pair graph, weighted by cosine (networkx, ``resolution``, ``seed``).
    min_side : int, default 2
    resolution : float, default 1.0
        Louvain resolution (larger: more, smaller communities).
    seed : int, default 0

    Returns
    -------
    DataFrame
        The rows of ``clusters`` (every paragraph kept) with ``cluster`` renumbered
        0..k-1 (largest first, ties by the original order), ``parent_cluster`` (the
        cluster before the split), and ``cluster_size``, ``n_articles``, ``n_outlets``
        recomputed.

    Examples
    --------
    >>> pairs = pd.DataFrame({"para_a": ["a", "b", "c", "c", "e"],
    ...                       "para_b": ["b", "c", "d", "e", "f"],
    ...                       "cosine": [0.9, 0.9, 0.55, 0.9, 0.9]})
    >>> cl = pd.DataFrame({"para_id": list("abcdef"), "cluster": 0, "cluster_size": 6})
    >>> split_chains(pairs, cl)[["para_id", "cluster", "parent_cluster"]].values.tolist()
    [['a', 0, 0], ['b', 0, 0], ['c', 1, 0], ['d', 1, 0], ['e', 2, 0], ['f', 2, 0]]
    """
    check_choice("method", method, ("bridges", "communities"))
    if not isinstance(min_side, int) or min_side < 1:
        raise ValueError(f"min_side must be a positive int, got {min_side!r}")
    label: dict[str, tuple[int, int]] = {}
    for cid, g in _cluster_graphs(pairs, clusters).items():
        if method == "bridges":
            h = g.copy()
            h.remove_edges_from((u, v) for u, v, _, _ in _chain_bridges(g, min_side))
            parts = list(nx.connected_components(h))
        elif g.number_of_nodes() >= 2 * min_side:
            parts = nx.community.louvain_communities(
                g, weight="weight", resolution=resolution, seed=seed
            )
        else:
            parts = [set(g.nodes)]
        for k, part in enumerate(sorted(parts, key=lambda p: min(p))):
            for node in part:
                label[node] = (cid, k)
    out = clusters.copy()
    out["parent_cluster"] = out["cluster"]
    key = out["para_id"].astype(str).map(label)
    out["_key"] = key.map(lambda t: f"{t[0]}\x1f{t[1]}")
    out["_pos"] = np.arange(len(out))
    sizes = out.groupby("_key")["_pos"].agg(["size", "min"])
    ranked = sizes.sort_values(["size", "min"], ascending=[False, True]).index
    out["cluster"] = out["_key"].map(pd.Series(np.arange(len(ranked)), index=ranked))
    out["cluster_size"] = out.groupby("cluster")["_pos"].transform("size").astype("int64")
    if "article_id" in out.columns:
        out["n_articles"] = out.groupby("cluster")["article_id"].transform("nunique")
    if "outlet" in out.columns:
        out["n_outlets"] = out.groupby("cluster")["outlet"].transform("nunique")
    out = out.sort_values(["cluster", "_pos"], kind="stable").drop(columns=["_key", "_pos"])
    return out.reset_index(drop=True)
