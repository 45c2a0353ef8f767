"""Reuse between outlets: who shares text with whom, and who published first.

:func:`reuse_edges` turns the near-duplicate PAIRS table into an outlet-level edge
table (REUSE_EDGES); :func:`reuse_graph` turns that into a :class:`networkx.DiGraph`
for layouts and graph measures.

Direction: a pair is *directed* from the outlet that published earlier to the one that
published later when both dates are known and differ. Otherwise (a date missing, or the
same day) the pair is *undirected* and its outlets are put in alphabetical order. An
outlet pair can therefore have up to three rows: A→B (directed), B→A (directed) and
A–B (undirected). Dates are day-precision publication dates, so same-day wire copy
stays undirected: the table never guesses an order the data does not support.

Only cross-outlet reuse is counted: pairs inside one article or between two articles of
the same outlet are left out. A pair with one unknown outlet is kept with the outlet
``"(unknown)"`` (``unknown="keep"``, visible in the graph) or dropped
(``unknown="drop"``); a pair whose outlets are both unknown cannot be told to be
cross-outlet and is dropped. Every exclusion is logged with its count.
"""

from __future__ import annotations

import logging
from pathlib import Path
from typing import Literal

import networkx as nx
import pandas as pd

from astana_lib._checks import check_choice
from astana_lib._tables import UNKNOWN, constant_columns, fill_unknown_outlet
from astana_lib.duplicates import DuplicateRecords, drop_duplicate_record_pairs
from astana_lib.schema import PAIRS, PARAGRAPHS, REUSE_EDGES, require_columns

__all__ = ["reuse_edges", "reuse_graph"]

logger = logging.getLogger(__name__)

_EDGE_COLUMNS = [
    "outlet_from",
    "outlet_to",
    "n_pairs",
    "n_articles_from",
    "n_articles_to",
    "n_article_pairs",
    "directed",
    "median_lag_days",
    "weight",
]


def _fill_from_paragraphs(pairs: pd.DataFrame, paragraphs: pd.DataFrame) -> pd.DataFrame:
    require_columns(paragraphs, ["para_id"], table="paragraphs")
    para = paragraphs.drop_duplicates("para_id").set_index("para_id")
    out = pairs.copy()
    for side in ("a", "b"):
        ids = out[f"para_{side}"]
        for col in ("article_id", "outlet", "date"):
            if col not in para.columns:
                continue
            target = "article_" + side if col == "article_id" else f"{col}_{side}"
            looked = ids.map(para[col])
            out[target] = (
                out[target].where(out[target].notna(), looked) if target in out else looked
            )
    return out


def reuse_edges(
    pairs: pd.DataFrame,
    *,
    paragraphs: pd.DataFrame | None = None,
    unknown: Literal["keep", "drop"] = "keep",
    duplicate_records: DuplicateRecords = "drop",
) -> pd.DataFrame:
    """Outlet-level reuse edges from near-duplicate paragraph pairs (REUSE_EDGES).

    Parameters
    ----------
    pairs : DataFrame
        PAIRS table (``para_a``, ``para_b`` and ``outlet_a``/``outlet_b``,
        ``date_a``/``date_b``, ``article_a``/``article_b``; columns or values that are
        missing are looked up in ``paragraphs`` when it is given).
    paragraphs : DataFrame, optional
        PARAGRAPHS table used to fill missing outlets, dates and articles by
        ``para_id``.
    unknown : {"keep", "drop"}, default "keep"
        What to do with pairs where one outlet is unknown (see module notes).
    duplicate_records : {"drop", "keep"}, default "drop"
        ``"drop"`` leaves out pairs of kind ``"duplicate_record"`` and pairs with a
        paragraph of a duplicate record (``article_duplicate_of`` of ``paragraphs``), so
        an article stored twice is one article on the edge; ``"keep"`` counts them.

    Returns
    -------
    pandas.DataFrame
        ``outlet_from``, ``outlet_to``, ``n_pairs``, ``n_articles_from``,
        ``n_articles_to``, ``n_article_pairs`` (distinct article pairs), ``directed``,
        ``median_lag_days`` (float; NA when undirected), ``weight`` (= ``n_pairs``), then
        user columns of ``pairs`` constant within each edge. Sorted by weight.

    Examples
    --------
    >>> pairs = pd.DataFrame({
    ...     "para_a": ["a:1", "a:2", "c:1", "e:1"], "para_b": ["b:1", "b:2", "d:1", "e:2"],
    ...     "article_a": ["a", "a", "c", "e"], "article_b": ["b", "b", "d", "e"],
    ...     "outlet_a": ["sana", "sana", "rt", "rt"],
    ...     "outlet_b": ["alwaght", "alwaght", "sana", "rt"],
    ...     "date_a": pd.to_datetime(["2017-07-04", "2017-07-04", "2017-07-05", None]),
    ...     "date_b": pd.to_datetime(["2017-07-06", "2017-07-06", "2017-07-05", None])})
    >>> reuse_edges(pairs)[["outlet_from", "outlet_to", "n_pairs", "directed",
    ...                     "median_lag_days"]].values.tolist()
    [['sana', 'alwaght', 2, True, 2.0], ['rt', 'sana', 1, False, nan]]
    """
    check_choice("unknown", unknown, ("keep", "drop"))
    require_columns(pairs, ["para_a", "para_b"], table="pairs")
    pairs = drop_duplicate_record_pairs(pairs, duplicate_records, paragraphs=paragraphs)
    df = _fill_from_paragraphs(pairs, paragraphs) if paragraphs is not None else pairs.copy()
    for side in ("a", "b"):
        if f"article_{side}" not in df:
            df[f"article_{side}"] = df[f"para_{side}"].astype(str).str.rsplit(":", n=1).str[0]
        for col in ("outlet", "date"):
            if f"{col}_{side}" not in df:
                df[f"{col}_{side}"] = pd.NA
    require_columns(df, ["outlet_a", "outlet_b", "date_a", "date_b"], table="pairs")
    n0 = len(df)
    same_article = df["article_a"] == df["article_b"]
    both_unknown = df["outlet_a"].isna() & df["outlet_b"].isna()
    one_unknown = df["outlet_a"].isna() ^ df["outlet_b"].isna()
    oa, ob = fill_unknown_outlet(df["outlet_a"]), fill_unknown_outlet(df["outlet_b"])
    same_outlet = (oa == ob) & ~both_unknown
    drop = same_article | same_outlet | both_unknown
    if unknown == "drop":
        drop |= one_unknown
    reasons = {
        "inside one article": int(same_article.sum()),
        "same outlet": int((same_outlet & ~same_article).sum()),
        "both outlets unknown": int((both_unknown & ~same_article).sum()),
        "one outlet unknown (unknown='drop')": int(
            (one_unknown & ~same_article).sum() if unknown == "drop" else 0
        ),
    }
    logger.info(
        "reuse_edges: %d of %d pairs kept; left out: %s",
        int((~drop).sum()),
        n0,
        {k: v for k, v in reasons.items() if v},
    )
    if unknown == "keep" and int((one_unknown & ~drop).sum()):
        logger.warning(
            "reuse_edges: %d pair(s) with one unknown outlet kept under %r",
            int((one_unknown & ~drop).sum()),
            UNKNOWN,
        )
    df = df[~drop].copy()
    oa, ob = oa[~drop], ob[~drop]
    da = pd.to_datetime(df["date_a"]).dt.normalize()
    db = pd.to_datetime(df["date_b"]).dt.normalize()
    directed = da.notna() & db.notna() & (da != db)
    a_first = directed & (da < db)
    undirected_a = ~directed & (oa <= ob)
    from_a = a_first | undirected_a
    df["outlet_from"] = oa.where(from_a, ob)
    df["outlet_to"] = ob.where(from_a, oa)
    df["_art_from"] = df["article_a"].where(from_a, df["article_b"])
    df["_art_to"] = df["article_b"].where(from_a, df["article_a"])
    df["directed"] = directed.astype(bool)
    df["_lag"] = (db - da).abs().dt.days.where(directed).astype("Float64")
    keys = ["outlet_from", "outlet_to", "directed"]
    df["_art_pair"] = df["_art_from"].astype(str) + "\x1f" + df["_art_to"].astype(str)
    grp = df.groupby(keys, sort=False)
    edges = grp.agg(
        n_pairs=("para_a", "size"),
        n_articles_from=("_art_from", "nunique"),
        n_articles_to=("_art_to", "nunique"),
        n_article_pairs=("_art_pair", "nunique"),
        median_lag_days=("_lag", "median"),
    ).reset_index()
    edges["median_lag_days"] = edges["median_lag_days"].astype("float64")
    edges["weight"] = edges["n_pairs"]
    internal = {"_art_from", "_art_to", "_lag", "_art_pair"}
    meta = constant_columns(df, keys, exclude=[*PAIRS, *PARAGRAPHS, *REUSE_EDGES, *internal])
    if len(meta.columns):
        edges = edges.merge(meta.reset_index(), on=keys, how="left")
    edges = edges.sort_values(
        ["weight", "outlet_from", "outlet_to", "directed"],
        ascending=[False, True, True, False],
        kind="stable",
    ).reset_index(drop=True)
    extra = [c for c in edges.columns if c not in _EDGE_COLUMNS]
    return edges[[*_EDGE_COLUMNS, *extra]]


def reuse_graph(
    edges: pd.DataFrame, *, registry: str | Path | pd.DataFrame | None = None
) -> nx.DiGraph:
    """Build a directed, weighted outlet graph from :func:`reuse_edges`.

    Every edge row becomes arcs: a directed row one arc ``outlet_from → outlet_to``;
    an undirected row *two* arcs (both ways), each carrying the row's pairs. Arc
    attributes: ``weight`` (all pairs on the arc), ``n_pairs_directed``,
    ``n_pairs_undirected``, ``median_lag_days`` (of the directed pairs, NaN if none)
    and ``directed`` (True when every pair on the arc is dated in that order). The
    undirected pairs between u and v are thus counted on both arcs: for a total per
    outlet pair use the edge table, not the sum of arc weights. Node attributes:
    ``n_pairs`` (pairs touching the outlet, each pair once) and, when the outlet is in
    the registry, ``name_ar``, ``name_en``, ``country``.

    Examples
    --------
    >>> edges = pd.DataFrame({"outlet_from": ["sana", "rt"], "outlet_to": ["alwaght", "sana"],
    ...     "n_pairs": [2, 1], "directed": [True, False], "median_lag_days": [2.0, None],
    ...     "weight": [2, 1]})
    >>> g = reuse_graph(edges)
    >>> sorted(g.edges(data="weight"))
    [('rt', 'sana', 1), ('sana', 'alwaght', 2), ('sana', 'rt', 1)]
    >>> g.nodes["sana"]["n_pairs"], g.nodes["sana"]["name_en"]
    (3, 'SANA')
    """
    require_columns(edges, ["outlet_from", "outlet_to", "directed"], table="reuse_edges")
    wcol = "n_pairs" if "n_pairs" in edges.columns else "weight"
    require_columns(edges, [wcol], table="reuse_edges")
    g = nx.DiGraph()
    node_pairs: dict[str, int] = {}
    for r in edges.itertuples(index=False):
        u, v, n = str(r.outlet_from), str(r.outlet_to), int(getattr(r, wcol))
        node_pairs[u] = node_pairs.get(u, 0) + n
        node_pairs[v] = node_pairs.get(v, 0) + n
        arcs = [(u, v)] if bool(r.directed) else [(u, v), (v, u)]
        for a, b in arcs:
            if not g.has_edge(a, b):
                g.add_edge(
                    a,
                    b,
                    weight=0,
                    n_pairs_directed=0,
                    n_pairs_undirected=0,
                    median_lag_days=float("nan"),
                    directed=True,
                )
            d = g.edges[a, b]
            d["weight"] += n
            if bool(r.directed):
                d["n_pairs_directed"] += n
                lag = getattr(r, "median_lag_days", float("nan"))
                d["median_lag_days"] = float("nan") if pd.isna(lag) else float(lag)
            else:
                d["n_pairs_undirected"] += n
                d["directed"] = False
    for node, n in node_pairs.items():
        g.nodes[node]["n_pairs"] = n
    from astana_lib.coverage import REGISTRY_COLUMNS, outlet_registry

    reg = outlet_registry(registry)
    if len(reg):
        reg = reg.drop_duplicates("outlet_id").set_index("outlet_id")
        for node in g.nodes:
            if node in reg.index:
                for c in REGISTRY_COLUMNS:
                    if c in reg.columns and pd.notna(reg.at[node, c]):
                        g.nodes[node][c] = reg.at[node, c]
    return g
