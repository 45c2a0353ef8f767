"""A reuse explorer for JupyterLab: filter pairs, browse clusters, read matches side by side.

``al.explore(corpus, pairs)`` returns an :class:`Explorer`; shown in a notebook it is an
ipywidgets panel: filters (outlets, round/event, relevance, pair kind, origin kind,
reuse score), the clusters of the filtered pairs listed by size and first date, the
pairs of a cluster, and a right-to-left side-by-side view of a pair with matching spans
marked and each paragraph's provenance (file, record, line) — drawn by the same
renderer as the offline report (:mod:`astana_lib.review.html`). An article view shows
every paragraph with its role (boilerplate and repeats greyed, not hidden).
``explorer.selection`` is the filtered pairs table for the next cell.

Filtering is precomputed: each filter is an integer-coded column, a filter change is a
few numpy boolean masks (measured in ``benchmarks/bench_explorer.py``). ipywidgets is
imported only when the panel is drawn, so the core library never imports Jupyter;
without ipywidgets, or outside a live kernel, the notebook shows an HTML message
saying so instead of nothing. Columns added by later stages (``p_reuse``,
``origin_kind``, ``event``, ``relevance``) become filters when present.
"""

from __future__ import annotations

import html
import re
from collections.abc import Iterable

import numpy as np
import pandas as pd

from astana_lib.review.html import CSS, article_html, notes_by_paragraph, pair_html
from astana_lib.schema import require_columns

__all__ = ["Explorer", "explore"]

_NO_WIDGETS = (
    "<div style='border:1px solid #c99;padding:6px;background:#fff6f6'>"
    "<b>astana_lib explorer:</b> this view needs a running Jupyter kernel with ipywidgets "
    "(<code>pip install 'astana_lib[notebooks]'</code>, then run the cell in JupyterLab). "
    "{why} For a static, shareable view use <code>al.build_report(...)</code>.</div>"
)
_DIGITS = re.compile(r"(\d+)")


def _codes(values: pd.Series, levels: list[str]) -> np.ndarray:
    return pd.Categorical(values.astype("string").fillna("(none)"), categories=levels).codes


def _levels(*series: pd.Series) -> list[str]:
    vals: set[str] = set()
    for s in series:
        vals |= set(s.astype("string").fillna("(none)").unique())
    return sorted(vals, key=lambda v: [int(t) if t.isdigit() else t for t in _DIGITS.split(v)])


class Explorer:
    """Filterable view of reuse pairs and clusters (see :func:`explore`).

    Attributes
    ----------
    pairs : DataFrame
        The pairs, with ``cluster`` added (the cluster of ``para_a``).
    cluster_table : DataFrame
        One row per cluster: ``cluster, cluster_size, n_outlets, first_date``.
    options : dict
        Filter name → the values it can take (``outlets``, ``rounds``, ``relevance``,
        ``kinds``, ``origin_kinds``; an absent column gives an empty list).
    score_column : str
        ``p_reuse`` when the pairs have it, else ``cosine``.
    selection : DataFrame
        The pairs passing the current filters (see :meth:`filter`).
    """

    def __init__(self, corpus, pairs: pd.DataFrame, clusters: pd.DataFrame | None = None):
        require_columns(pairs, ["para_a", "para_b"], table="pairs")
        paragraphs = corpus.paragraphs
        articles = corpus.articles
        if "record" in articles.columns and "record" not in paragraphs.columns:
            paragraphs = paragraphs.merge(
                articles[["article_id", "record"]], on="article_id", how="left"
            )
        self.corpus = corpus
        self._paras = paragraphs.set_index("para_id", drop=False)
        if clusters is None:
            from astana_lib.reuse.clusters import reuse_clusters

            clusters = reuse_clusters(pairs, corpus.paragraphs)
        self.clusters = clusters
        p = pairs.reset_index(drop=True).copy()
        cl_of = clusters.set_index("para_id")["cluster"] if len(clusters) else pd.Series()
        p["cluster"] = p["para_a"].map(cl_of).astype("Int64")
        self.pairs = p
        self.score_column = "p_reuse" if "p_reuse" in p.columns else "cosine"
        self._score = p[self.score_column].to_numpy(dtype=float) if len(p) else np.zeros(0)
        self._build_codes(articles)
        self._cluster_table(clusters)
        self._mask = np.ones(len(p), dtype=bool)
        self._notes_cache: dict[str, list] = {}

    # -- precomputation ---------------------------------------------------------------
    def _side(self, col: str, side: str) -> pd.Series:
        """Article-level column ``col`` for side ``a``/``b`` of every pair."""
        p = self.pairs
        if f"{col}_{side}" in p.columns:
            return p[f"{col}_{side}"]
        arts = self.corpus.articles
        key = p[f"article_{side}"] if f"article_{side}" in p.columns else None
        if key is None or col not in arts.columns:
            return pd.Series(pd.NA, index=p.index, dtype="string")
        return key.map(arts.drop_duplicates("article_id").set_index("article_id")[col])

    def _build_codes(self, articles: pd.DataFrame) -> None:
        p = self.pairs
        self.options: dict[str, list[str]] = {}
        self._sides: dict[str, tuple[np.ndarray, ...]] = {}

        def two_sided(name: str, a: pd.Series, b: pd.Series) -> None:
            lv = _levels(a, b)
            self.options[name] = lv
            self._sides[name] = (_codes(a, lv), _codes(b, lv))

        two_sided("outlets", self._side("outlet", "a"), self._side("outlet", "b"))
        ra, rb = self._side("round", "a"), self._side("round", "b")
        ra = ("round " + ra.astype("string")).fillna("round ?")
        rb = ("round " + rb.astype("string")).fillna("round ?")
        if "event" in articles.columns or "event_a" in p.columns:
            ea, eb = self._side("event", "a"), self._side("event", "b")
            ra = ra.where(ea.isna(), ra + " · " + ea.astype("string"))
            rb = rb.where(eb.isna(), rb + " · " + eb.astype("string"))
        two_sided("rounds", ra, rb)
        if "relevance" in articles.columns or "relevance_a" in p.columns:
            two_sided("relevance", self._side("relevance", "a"), self._side("relevance", "b"))
        else:
            self.options["relevance"] = []
        for name, col in (("kinds", "kind"), ("origin_kinds", "origin_kind")):
            if col in p.columns:
                lv = _levels(p[col])
                self.options[name] = lv
                self._sides[name] = (_codes(p[col], lv),)
            else:
                self.options[name] = []

    def _cluster_table(self, clusters: pd.DataFrame) -> None:
        if len(clusters) == 0:
            self.cluster_table = pd.DataFrame(
                columns=["cluster", "cluster_size", "n_outlets", "first_date"]
            )
            self._size = np.zeros(0)
            return
        agg = {"cluster_size": ("para_id", "size")}
        agg["n_outlets"] = ("outlet", "nunique") if "outlet" in clusters else ("para_id", "size")
        agg["first_date"] = ("date", "min") if "date" in clusters else ("para_id", "first")
        t = clusters.groupby("cluster").agg(**agg).reset_index()
        self.cluster_table = t.sort_values(
            ["cluster_size", "first_date", "cluster"],
            ascending=[False, True, True],
            na_position="last",
            kind="stable",
        ).reset_index(drop=True)

    # -- filtering --------------------------------------------------------------------
    def filter(
        self,
        *,
        outlets: Iterable[str] | None = None,
        rounds: Iterable[str] | None = None,
        relevance: Iterable[str] | None = None,
        kinds: Iterable[str] | None = None,
        origin_kinds: Iterable[str] | None = None,
        score: tuple[float, float] | None = None,
    ) -> np.ndarray:
        """Boolean mask of the pairs passing every filter (and store it as the selection).

        Each filter is a collection of values from :attr:`options` (``None`` or empty:
        no filter); a pair passes a two-sided filter (outlets, rounds, relevance) when
        either side has one of the values. ``score`` is an inclusive range of
        :attr:`score_column`.

        Examples
        --------
        >>> import astana_lib as al
        >>> corpus = al.read_corpus("seeds", progress=False)
        >>> ex = explore(corpus, al.find_near_duplicates(corpus.paragraphs, progress=False))
        >>> int(ex.filter(kinds=["exact"]).sum()) == int((ex.pairs["kind"] == "exact").sum())
        True
        >>> mask = ex.filter(score=(0.9, 1.0))
        >>> len(ex.selection) == int(mask.sum())
        True
        """
        mask = np.ones(len(self.pairs), dtype=bool)
        chosen = dict(
            outlets=outlets, rounds=rounds, relevance=relevance, kinds=kinds,
            origin_kinds=origin_kinds,
        )  # fmt: skip
        for name, values in chosen.items():
            if not values:
                continue
            values = [values] if isinstance(values, str) else list(values)
            unknown = sorted(set(values) - set(self.options[name]))
            if unknown:
                raise ValueError(f"{name} has no value(s) {unknown}; options: {self.options[name]}")
            want = np.array([self.options[name].index(v) for v in values])
            hit = np.zeros(len(mask), dtype=bool)
            for codes in self._sides[name]:
                hit |= np.isin(codes, want)
            mask &= hit
        if score is not None:
            lo, hi = float(score[0]), float(score[1])
            mask &= (self._score >= lo - 1e-12) & (self._score <= hi + 1e-12)
        self._mask = mask
        return mask

    @property
    def selection(self) -> pd.DataFrame:
        """The pairs passing the current filters (a copy, for the next cell)."""
        return self.pairs[self._mask].copy()

    def selected_clusters(self) -> pd.DataFrame:
        """:attr:`cluster_table` rows of the clusters that have a selected pair."""
        cl = self.pairs["cluster"].to_numpy(dtype="float64", na_value=np.nan)[self._mask]
        present = np.unique(cl[~np.isnan(cl)])
        t = self.cluster_table
        return t[np.isin(t["cluster"].to_numpy(dtype=float), present)]

    # -- rendering --------------------------------------------------------------------
    def _para(self, key: str) -> dict:
        try:
            return self._paras.loc[key].to_dict()
        except KeyError:
            return {"para_id": key, "text": ""}

    def _notes(self, keys: list[str]) -> dict:
        """Quotations and credits of these paragraphs (computed once per paragraph)."""
        todo = [k for k in keys if k not in self._notes_cache and k in self._paras.index]
        if todo:
            found = notes_by_paragraph(self._paras.loc[todo].reset_index(drop=True))
            for k in todo:
                self._notes_cache[k] = found.get(k, [])
        return {k: self._notes_cache.get(k, []) for k in keys}

    def pair_html(self, i: int) -> str:
        """HTML of pair row ``i`` of :attr:`pairs`: side by side, spans marked."""
        row = self.pairs.iloc[int(i)]
        a, b = str(row["para_a"]), str(row["para_b"])
        return f"<style>{CSS}</style>" + pair_html(
            self._para(a), self._para(b), info=row.to_dict(), link=False, notes=self._notes([a, b])
        )

    def article_html(self, article_id: str) -> str:
        """HTML of one article with every paragraph and its role."""
        arts = self.corpus.articles
        hit = arts[arts["article_id"] == article_id]
        art = hit.iloc[0].to_dict() if len(hit) else {"article_id": article_id}
        paras = self._paras[self._paras["article_id"] == article_id].reset_index(drop=True)
        cl = self.clusters
        cluster_of = dict(zip(cl["para_id"].astype(str), cl["cluster"], strict=False))
        notes = self._notes(paras["para_id"].astype(str).tolist())
        return f"<style>{CSS}</style>" + article_html(
            art, paras, cluster_of=cluster_of, notes=notes, link=False
        )

    def widget(self):
        """The ipywidgets panel (imports ipywidgets; see :func:`explore`)."""
        from astana_lib.review._widget import build_widget

        return build_widget(self)

    def _repr_mimebundle_(self, include=None, exclude=None):
        try:
            w = self.widget()
        except ImportError as exc:
            return {"text/html": _NO_WIDGETS.format(why=html.escape(f"({exc})"))}
        bundle = w._repr_mimebundle_(include=include, exclude=exclude) or {}
        if isinstance(bundle, tuple):
            bundle = bundle[0]
        why = (
            "If you see this text, the widget was not drawn (no live kernel, no widget "
            "frontend, or the notebook is not trusted)."
        )
        return {**bundle, "text/html": _NO_WIDGETS.format(why=why)}

    def __repr__(self) -> str:
        return (
            f"<Explorer: {len(self.pairs)} pairs, {len(self.cluster_table)} clusters, "
            f"{int(self._mask.sum())} selected>"
        )


def explore(corpus, pairs: pd.DataFrame, clusters: pd.DataFrame | None = None) -> Explorer:
    """Explore reuse pairs and clusters in a notebook (ipywidgets panel).

    Parameters
    ----------
    corpus : Corpus
        The read corpus (its ``paragraphs`` and ``articles``).
    pairs : DataFrame
        Pairs from :func:`astana_lib.find_near_duplicates` (any extra columns such as
        ``p_reuse``/``origin_kind`` become filters).
    clusters : DataFrame, optional
        :func:`astana_lib.reuse_clusters` output (computed when omitted).

    Returns
    -------
    Explorer
        Displayed as the panel in JupyterLab; ``.selection`` is the filtered pairs.

    Examples
    --------
    >>> import astana_lib as al
    >>> corpus = al.read_corpus("seeds", progress=False)
    >>> ex = al.explore(corpus, al.find_near_duplicates(corpus.paragraphs, progress=False))
    >>> sorted(ex.options)
    ['kinds', 'origin_kinds', 'outlets', 'relevance', 'rounds']
    >>> 'dir="rtl"' in ex.pair_html(0)
    True
    """
    return Explorer(corpus, pairs, clusters)
