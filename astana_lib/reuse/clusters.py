"""Reuse clusters: groups of paragraphs linked by reuse pairs (connected components)."""

from __future__ import annotations

from collections.abc import Iterable

import numpy as np
import pandas as pd

from astana_lib.reading.duplicates import DuplicateRecords, drop_duplicate_record_pairs
from astana_lib.schema import CLUSTERS, require_columns

__all__ = ["reuse_clusters"]

_KINDS = ("exact", "near", "contained", "run", "duplicate_record")


def reuse_clusters(
    pairs: pd.DataFrame,
    paragraphs: pd.DataFrame,
    *,
    kinds: Iterable[str] | None = None,
    duplicate_records: DuplicateRecords = "drop",
) -> pd.DataFrame:
    """Group reused paragraphs: one cluster id per paragraph in a reuse group.

    A cluster is a connected component of the graph whose edges are the pairs (single
    linkage, the NEWS-COPY convention): if a~b and b~c, a, b and c share a cluster even
    when a and c were not paired. ``duplicates="first"`` pairs from
    :func:`~astana_lib.reuse.find_near_duplicates` therefore give the same clusters as
    the full expansion.

    Parameters
    ----------
    pairs : DataFrame
        A :data:`~astana_lib.schema.PAIRS` table (``para_a``, ``para_b``; ``kind`` when
        ``kinds`` is given).
    paragraphs : DataFrame
        The paragraphs table the pairs came from (``para_id``; ``article_id`` and
        ``outlet`` are used for the counts when present). Every column is carried onto
        the output rows.
    kinds : iterable of str, optional
        Only pairs of these kinds link paragraphs (e.g. ``["exact", "near"]``);
        default: all pairs.
    duplicate_records : {"drop", "keep"}, default "drop"
        ``"drop"`` leaves out pairs of kind ``"duplicate_record"`` and pairs with a
        paragraph of a duplicate record (``article_duplicate_of``); ``"keep"`` links them.

    Returns
    -------
    DataFrame
        :data:`~astana_lib.schema.CLUSTERS` columns (``para_id``, ``cluster`` numbered
        0..k-1 with the largest cluster first, ties by first paragraph id,
        ``cluster_size``, ``n_articles``, ``n_outlets``), then every other column of
        ``paragraphs`` for that paragraph. Paragraphs in no pair are not listed. Rows are
        sorted by cluster, then in the paragraphs' order.

    Examples
    --------
    >>> paras = pd.DataFrame({"para_id": ["a:1", "b:1", "c:1", "d:1"],
    ...                       "article_id": ["a", "b", "c", "d"],
    ...                       "outlet": ["sana", "rt", "rt", "sana"], "text": list("wxyz")})
    >>> pairs = pd.DataFrame({"para_a": ["a:1", "b:1"], "para_b": ["b:1", "c:1"],
    ...                       "kind": ["exact", "near"]})
    >>> reuse_clusters(pairs, paras)[["para_id", "cluster", "cluster_size", "n_outlets", "text"]]
      para_id  cluster  cluster_size  n_outlets text
    0     a:1        0             3          2    w
    1     b:1        0             3          2    x
    2     c:1        0             3          2    y
    >>> reuse_clusters(pairs, paras, kinds=["exact"])["para_id"].tolist()
    ['a:1', 'b:1']
    """
    from scipy.sparse import coo_matrix
    from scipy.sparse.csgraph import connected_components

    require_columns(pairs, ["para_a", "para_b"], table="pairs")
    require_columns(paragraphs, ["para_id"], table="paragraphs")
    if paragraphs["para_id"].duplicated().any():
        raise ValueError("paragraphs: para_id must be unique")
    pairs = drop_duplicate_record_pairs(pairs, duplicate_records, paragraphs=paragraphs)
    if kinds is not None:
        kinds = [kinds] if isinstance(kinds, str) else list(kinds)
        bad = [k for k in kinds if k not in _KINDS]
        if bad:
            raise ValueError(f"kinds must be among {list(_KINDS)}, got {bad}")
        require_columns(pairs, ["kind"], table="pairs")
        pairs = pairs[pairs["kind"].isin(kinds)]
    para = paragraphs.reset_index(drop=True)
    pos = pd.Series(np.arange(len(para)), index=para["para_id"].astype(str))
    a = pairs["para_a"].astype(str)
    b = pairs["para_b"].astype(str)
    unknown = sorted((set(a) | set(b)) - set(pos.index))
    if unknown:
        raise ValueError(
            f"{len(unknown)} paragraph id(s) of the pairs are not in paragraphs, e.g. {unknown[:3]}"
        )
    other_cols = [c for c in para.columns if c != "para_id"]
    out_cols = list(CLUSTERS) + other_cols
    if len(pairs) == 0:
        empty = para.iloc[:0].copy()
        for col, dtype in (
            ("cluster", "int64"),
            ("cluster_size", "int64"),
            ("n_articles", "int64"),
            ("n_outlets", "int64"),
        ):
            empty[col] = pd.Series([], dtype=dtype)
        return empty[out_cols].reset_index(drop=True)
    ia = pos.loc[a].to_numpy()
    ib = pos.loc[b].to_numpy()
    nodes = np.unique(np.concatenate((ia, ib)))
    local = np.searchsorted(nodes, np.concatenate((ia, ib)))
    m = len(pairs)
    graph = coo_matrix((np.ones(m), (local[:m], local[m:])), shape=(len(nodes), len(nodes)))
    _, label = connected_components(graph, directed=False)
    rows = para.iloc[nodes].reset_index(drop=True)
    rows["_label"] = label
    rows["_pos"] = nodes
    sizes = rows.groupby("_label")["_pos"].agg(["size", "min"])
    ranked = sizes.sort_values(["size", "min"], ascending=[False, True]).index
    new_id = pd.Series(np.arange(len(ranked)), index=ranked)
    rows["cluster"] = rows["_label"].map(new_id).astype("int64")
    rows["cluster_size"] = rows.groupby("cluster")["_pos"].transform("size").astype("int64")
    if "article_id" in rows.columns:
        rows["n_articles"] = rows.groupby("cluster")["article_id"].transform("nunique")
    else:
        rows["n_articles"] = rows["cluster_size"]
    if "outlet" in rows.columns:
        rows["n_outlets"] = rows.groupby("cluster")["outlet"].transform("nunique")
    else:
        rows["n_outlets"] = pd.Series(pd.NA, index=rows.index, dtype="Int64")
    rows = rows.sort_values(["cluster", "_pos"], kind="stable").reset_index(drop=True)
    return rows[out_cols]
