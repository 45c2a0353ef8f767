"""Reuse between outlets: who shares text with whom, and who published first.

:func:`reuse_edges` turns the near-duplicate PAIRS table into an outlet-level edge
table (REUSE_EDGES); :func:`reuse_graph` turns that into a :class:`networkx.DiGraph`
for layouts and graph measures.

Direction: a pair is *directed* from the outlet that published earlier to the one that
published later (:func:`astana_lib.analysis.origin.pair_direction`): by publication *time* when
``articles`` are given and both records carry one (ANT), else by day when the dates
differ. Otherwise (a date missing, the same day without times, or equal times) the pair
is *undirected* and its outlets are put in alphabetical order. An outlet pair can
therefore have up to three rows: A→B (directed), B→A (directed) and A–B (undirected).
Every edge carries ``direction_basis`` and ``direction_confidence`` (the lowest of its
pairs'): the table never guesses an order the data does not support. ``view="net"``
separates agency copy, shared quotations and outlet-to-outlet copying
(:func:`astana_lib.analysis.origin.pair_origins`).

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
import numpy as np
import pandas as pd

from astana_lib._checks import check_choice
from astana_lib._tables import UNKNOWN, constant_columns, fill_unknown_outlet
from astana_lib.analysis.direction import pair_direction
from astana_lib.reading.duplicates import DuplicateRecords, drop_duplicate_record_pairs
from astana_lib.resources import REGISTRY_COLUMNS, outlet_registry
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
    "edge_kind",
    "kind_from",
    "direction_basis",
    "direction_confidence",
]
#: ``edge_kind`` values: raw view, then the net view's kinds.
EDGE_KINDS = ("reuse", "copy", "agency", "quotation", "unresolved")
_NET_KIND = {
    "outlet": "copy",
    "agency": "agency",
    "quotation": "quotation",
    "unknown": "unresolved",
}


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


_CONF_NAMES = ("low", "medium", "high")
_CONF_RANK = {c: float(i) for i, c in enumerate(_CONF_NAMES)}


def _net_rows(df: pd.DataFrame, *, quotations: str) -> pd.DataFrame:
    """Rows of the net view: agency pairs become agency → outlet rows (one per paragraph)."""
    kind = df["origin_kind"].astype("string").fillna("unknown")
    df = df.assign(edge_kind=kind.map(_NET_KIND).fillna("unresolved"))
    if quotations == "drop":
        n_q = int((df["edge_kind"] == "quotation").sum())
        logger.info("reuse_edges: %d quotation pair(s) left out (quotations='drop')", n_q)
        df = df[df["edge_kind"] != "quotation"]
    quote = df["edge_kind"] == "quotation"
    df.loc[quote, "first"] = pd.NA  # quoting the same statement is not copying
    df.loc[quote, "direction_confidence"] = pd.NA
    df.loc[quote, "direction_basis"] = "quotation"
    copy = df["edge_kind"] == "copy"
    origin = df["origin"].astype("string")
    # an outlet origin decides the direction: from the origin outlet
    df.loc[copy & (origin == df["_oa"]), "first"] = "a"
    df.loc[copy & (origin == df["_ob"]), "first"] = "b"
    ag = df["edge_kind"] == "agency"
    rest = df[~ag].copy()
    rest["kind_from"] = "outlet"
    parts = [rest]
    agency_pairs = df[ag]
    for side in ("a", "b"):
        side_rows = agency_pairs.copy()
        side_rows["_oa"] = origin[ag].to_numpy()
        side_rows["_ob"] = agency_pairs[f"_o{side}"].to_numpy()
        side_rows["_art_a"] = origin[ag].to_numpy()
        side_rows["_art_b"] = agency_pairs[f"article_{side}"].to_numpy()
        side_rows["para_a"] = agency_pairs[f"para_{side}"].to_numpy()  # counted once below
        side_rows["first"] = "a"
        side_rows["lag_hours"] = float("nan")
        side_rows["direction_basis"] = "credit"
        side_rows["direction_confidence"] = np.where(
            agency_pairs["origin_basis"].astype("string") == "credit_in_paragraph", "high", "medium"
        )
        side_rows["kind_from"] = "agency"
        parts.append(side_rows)
    out = pd.concat(parts, ignore_index=True)
    agency_rows = out["kind_from"] == "agency"
    from astana_lib.annotate.sources import default_matcher

    own_outlet = {a: default_matcher().outlet(a) or a for a in out.loc[agency_rows, "_oa"].unique()}
    # each paragraph once per agency; an agency's own copy is not an edge to itself
    dup = agency_rows & out.duplicated(["_oa", "para_a"])
    mapped = out["_oa"].map(own_outlet).fillna(out["_oa"])
    own = agency_rows & ((out["_oa"] == out["_ob"]) | (mapped == out["_ob"]))
    return out[~dup & ~own].reset_index(drop=True)


def reuse_edges(
    pairs: pd.DataFrame,
    *,
    paragraphs: pd.DataFrame | None = None,
    unknown: Literal["keep", "drop"] = "keep",
    duplicate_records: DuplicateRecords = "drop",
    articles: pd.DataFrame | None = None,
    view: Literal["raw", "net"] = "raw",
    quotations: Literal["keep", "drop"] = "keep",
) -> pd.DataFrame:
    """Outlet-level reuse edges from near-duplicate paragraph pairs (REUSE_EDGES).

    Two views. ``view="raw"`` counts every cross-outlet pair as reuse between the two
    outlets. ``view="net"`` uses the origin of each pair
    (:func:`astana_lib.analysis.origin.pair_origins`): a pair whose text both outlets took from
    an agency becomes two *agency → outlet* edges (the agency is a node of its own,
    ``kind_from="agency"``; each paragraph counted once), a pair copied from an outlet
    stays an outlet → outlet ``"copy"`` edge (directed from the origin), a shared
    quotation is an undirected ``"quotation"`` edge (or left out with
    ``quotations="drop"``), and a pair of unknown origin an ``"unresolved"`` edge.

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
    articles : DataFrame, optional
        ARTICLES table: publication *times* order the pairs when both are known
        (:func:`astana_lib.analysis.origin.pair_direction`); pairs that already carry a
        ``first`` column keep it.
    view : {"raw", "net"}, default "raw"
        ``"net"`` needs the ``origin_kind``/``origin`` columns of
        :func:`~astana_lib.analysis.origin.pair_origins`.
    quotations : {"keep", "drop"}, default "keep"
        Net view: keep shared quotations as undirected edges, or leave them out.

    Returns
    -------
    pandas.DataFrame
        ``outlet_from``, ``outlet_to``, ``n_pairs``, ``n_articles_from``,
        ``n_articles_to``, ``n_article_pairs`` (distinct article pairs), ``directed``,
        ``median_lag_days`` (float; NA when undirected), ``weight`` (= ``n_pairs``),
        ``edge_kind`` (``"reuse"`` in the raw view; ``"copy"``, ``"agency"``,
        ``"quotation"``, ``"unresolved"`` in the net view), ``kind_from``
        (``"outlet"``/``"agency"``), ``direction_basis`` (the bases of its pairs,
        ``|``-joined) and ``direction_confidence`` (the lowest of its pairs': low <
        medium < high; NA when undirected), then user columns of ``pairs`` constant
        within each edge. Sorted by weight.

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
    check_choice("view", view, ("raw", "net"))
    check_choice("quotations", quotations, ("keep", "drop"))
    require_columns(pairs, ["para_a", "para_b"], table="pairs")
    pairs = drop_duplicate_record_pairs(pairs, duplicate_records, paragraphs=paragraphs)
    if view == "net" and not {"origin_kind", "origin"} <= set(pairs.columns):
        raise ValueError(
            "view='net' needs the origin_kind and origin columns of the pairs: "
            "run astana_lib.pair_origins(pairs, paragraphs, articles=articles) first"
        )
    df = _cross_outlet(_complete_sides(pairs, paragraphs), unknown=unknown)
    if "first" not in df.columns:
        df = pair_direction(df, articles=articles)
    df["_art_a"], df["_art_b"] = df["article_a"], df["article_b"]
    if view == "raw":
        df["edge_kind"] = "reuse"
    else:
        df = _net_rows(df, quotations=quotations)
    return _aggregate_edges(_orient(df))


def _complete_sides(pairs: pd.DataFrame, paragraphs: pd.DataFrame | None) -> pd.DataFrame:
    """The pairs with ``article_*``, ``outlet_*`` and ``date_*`` of both sides (NA if unknown)."""
    df = _fill_from_paragraphs(pairs, paragraphs) if paragraphs is not None else pairs.copy()
    for side in ("a", "b"):
        if f"article_{side}" not in df:
            df[f"article_{side}"] = df[f"para_{side}"].astype(str).str.rsplit(":", n=1).str[0]
        for col in ("outlet", "date"):
            if f"{col}_{side}" not in df:
                df[f"{col}_{side}"] = pd.NA
    require_columns(df, ["outlet_a", "outlet_b", "date_a", "date_b"], table="pairs")
    return df


def _cross_outlet(df: pd.DataFrame, *, unknown: str) -> pd.DataFrame:
    """Cross-outlet pairs only (every exclusion logged), with outlets ``_oa``/``_ob``."""
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
    df["_oa"], df["_ob"] = oa[~drop], ob[~drop]
    return df


def _orient(df: pd.DataFrame) -> pd.DataFrame:
    """From/to outlets and articles (earlier first; alphabetical when undirected), lag, rank."""
    first = df["first"].astype("string")
    directed = first.notna()
    from_a = (first == "a").fillna(False) | (~directed & (df["_oa"] <= df["_ob"]))
    df["outlet_from"] = df["_oa"].where(from_a, df["_ob"])
    df["outlet_to"] = df["_ob"].where(from_a, df["_oa"])
    df["_art_from"] = df["_art_a"].where(from_a, df["_art_b"])
    df["_art_to"] = df["_art_b"].where(from_a, df["_art_a"])
    df["directed"] = directed.astype(bool)
    lag = pd.to_numeric(df["lag_hours"], errors="coerce") / 24
    df["_lag"] = lag.where(directed).astype("Float64")
    if "kind_from" not in df.columns:
        df["kind_from"] = "outlet"
    conf = df["direction_confidence"].astype("string")
    df["_conf"] = conf.map(_CONF_RANK).where(directed).astype("Float64")
    df["_basis"] = df["direction_basis"].astype("string")
    df["_art_pair"] = df["_art_from"].astype(str) + "\x1f" + df["_art_to"].astype(str)
    return df


#: Working columns of the oriented pairs, never carried onto edges as metadata.
_INTERNAL = frozenset(
    {"_art_from", "_art_to", "_lag", "_art_pair", "_oa", "_ob", "_art_a", "_art_b"}
    | {"_conf", "_basis", "first", "lag_hours", "time_a", "time_b"}
    | {"direction_basis", "direction_confidence", "origin_evidence", "evidence_para"}
    | {"origin_basis", "speaker", "origin_kind", "origin"}
)


def _aggregate_edges(df: pd.DataFrame) -> pd.DataFrame:
    """One row per (from, to, directed, kind): counts, median lag, lowest confidence."""
    keys = ["outlet_from", "outlet_to", "directed", "edge_kind", "kind_from"]
    grp = df.groupby(keys, sort=False)
    edges = grp.agg(
        n_pairs=("para_a", "size"),
        n_articles_from=("_art_from", "nunique"),
        n_articles_to=("_art_to", "nunique"),
        n_article_pairs=("_art_pair", "nunique"),
        median_lag_days=("_lag", "median"),
        _conf=("_conf", "min"),
        direction_basis=("_basis", lambda b: "|".join(sorted(set(b.dropna())))),
    ).reset_index()
    edges["direction_confidence"] = (
        edges["_conf"].map(dict(enumerate(_CONF_NAMES)), na_action="ignore").astype("string")
    )
    edges = edges.drop(columns="_conf")
    edges["median_lag_days"] = edges["median_lag_days"].astype("float64")
    edges["weight"] = edges["n_pairs"]
    meta = constant_columns(df, keys, exclude=[*PAIRS, *PARAGRAPHS, *REUSE_EDGES, *_INTERNAL])
    if len(meta.columns):
        edges = edges.merge(meta.reset_index(), on=keys, how="left")
    edges = edges.sort_values(
        ["weight", "outlet_from", "outlet_to", "directed", "edge_kind"],
        ascending=[False, True, True, False, True],
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
    ``n_pairs`` (pairs touching the outlet, each pair once), ``kind`` (``"agency"``
    for the agency nodes of the net view, else ``"outlet"``) and, when the outlet is in
    the registry, ``name_ar``, ``name_en``, ``country``. Arcs also carry
    ``edge_kinds`` (pairs per ``edge_kind``).

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
    agency_nodes: set[str] = set()
    for r in edges.itertuples(index=False):
        u, v, n = str(r.outlet_from), str(r.outlet_to), int(getattr(r, wcol))
        node_pairs[u] = node_pairs.get(u, 0) + n
        node_pairs[v] = node_pairs.get(v, 0) + n
        if getattr(r, "kind_from", "outlet") == "agency":
            agency_nodes.add(u)
        ekind = str(getattr(r, "edge_kind", "reuse"))
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
            d.setdefault("edge_kinds", {})
            d["edge_kinds"][ekind] = d["edge_kinds"].get(ekind, 0) + n
            if bool(r.directed):
                d["n_pairs_directed"] += n
                lag = getattr(r, "median_lag_days", float("nan"))
                d["median_lag_days"] = float("nan") if pd.isna(lag) else float(lag)
            else:
                d["n_pairs_undirected"] += n
                d["directed"] = False
    for node, n in node_pairs.items():
        g.nodes[node]["n_pairs"] = n
        g.nodes[node]["kind"] = "agency" if node in agency_nodes else "outlet"
    reg = outlet_registry(registry)
    if len(reg):
        reg = reg.drop_duplicates("outlet_id").set_index("outlet_id")
        for node in g.nodes:
            if node in reg.index:
                for c in REGISTRY_COLUMNS:
                    if c in reg.columns and pd.notna(reg.at[node, c]):
                        g.nodes[node][c] = reg.at[node, c]
    return g
