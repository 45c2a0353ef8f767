"""The ipywidgets panel of :class:`astana_lib.review.explorer.Explorer` (imported only on display)."""

from __future__ import annotations

import html

import ipywidgets as w
import pandas as pd

MAX_LISTED = 300

_LABELS = {
    "outlets": "outlets",
    "rounds": "round / event",
    "relevance": "relevance",
    "kinds": "pair kind",
    "origin_kinds": "origin kind",
}


def _cluster_label(row) -> str:
    d = row.first_date
    date = d.strftime("%Y-%m-%d") if isinstance(d, pd.Timestamp) and not pd.isna(d) else "?"
    return f"cluster {row.cluster} · {row.cluster_size} paras · {row.n_outlets} outlets · {date}"


def build_widget(ex) -> w.Widget:
    """Build the panel: filters on top, clusters and pairs lists, the reading view."""
    selects = {}
    for name, label in _LABELS.items():
        opts = ex.options[name]
        selects[name] = w.SelectMultiple(
            options=opts,
            rows=min(6, max(2, len(opts))),
            description=label,
            disabled=not opts,
            tooltip="hold Ctrl/Cmd to pick several; none picked = no filter",
            layout=w.Layout(width="240px"),
            style={"description_width": "initial"},
        )
    s = ex._score
    lo, hi = (float(s.min()), float(s.max())) if len(s) else (0.0, 1.0)
    score = w.FloatRangeSlider(
        value=(lo, hi),
        min=min(lo, 0.0),
        max=max(hi, 1.0),
        step=0.01,
        description=ex.score_column,
        readout_format=".2f",
        continuous_update=False,
    )
    status = w.HTML()
    clusters = w.Select(options=[], rows=10, description="clusters", layout=w.Layout(width="48%"))
    pairs = w.Select(options=[], rows=10, description="pairs", layout=w.Layout(width="48%"))
    view_kind = w.ToggleButtons(options=["pair", "article a", "article b"], value="pair")
    view = w.HTML()

    def refresh_view(*_):
        i = pairs.value
        if i is None:
            view.value = "<i>no pair selected</i>"
            return
        if view_kind.value == "pair":
            view.value = ex.pair_html(i)
        else:
            side = "a" if view_kind.value == "article a" else "b"
            row = ex.pairs.iloc[i]
            aid = row.get(f"article_{side}")
            if pd.isna(aid) or aid is None:
                aid = str(row[f"para_{side}"]).rsplit(":", 1)[0]
            view.value = ex.article_html(aid)

    def refresh_pairs(*_):
        c = clusters.value
        mask = ex._mask
        if c is not None:
            mask = mask & (ex.pairs["cluster"] == c).fillna(False).to_numpy()
        idx = mask.nonzero()[0][:MAX_LISTED]
        sub = ex.pairs.iloc[idx]
        pairs.options = [
            (f"{a} ↔ {b} · {ex.score_column} {sc:.2f}", int(i))
            for i, a, b, sc in zip(idx, sub["para_a"], sub["para_b"], ex._score[idx], strict=False)
        ]
        pairs.value = int(idx[0]) if len(idx) else None
        refresh_view()

    def refresh(*_):
        ex.filter(**{k: list(v.value) for k, v in selects.items()}, score=score.value)
        table = ex.selected_clusters()
        clusters.options = [
            (_cluster_label(r), int(r.cluster)) for r in table.head(MAX_LISTED).itertuples()
        ]
        clusters.value = int(table["cluster"].iloc[0]) if len(table) else None
        status.value = (
            f"<b>{int(ex._mask.sum())}</b> of {len(ex.pairs)} pairs · <b>{len(table)}</b> clusters "
            f"(listed by size, then first date; at most {MAX_LISTED}) · "
            f"<code>explorer.selection</code> holds the selected pairs"
        )
        refresh_pairs()

    for sel in selects.values():
        sel.observe(refresh, names="value")
    score.observe(refresh, names="value")
    clusters.observe(refresh_pairs, names="value")
    pairs.observe(refresh_view, names="value")
    view_kind.observe(refresh_view, names="value")
    refresh()
    title = w.HTML(f"<b>astana_lib reuse explorer</b> — {html.escape(repr(ex))}")
    box = w.VBox(
        [
            title,
            w.HBox(list(selects.values())),
            score,
            status,
            w.HBox([clusters, pairs]),
            view_kind,
            view,
        ]
    )
    box._astana_refresh = refresh  # for benchmarks and tests: the filter-change handler
    box._astana_controls = {**selects, "score": score, "clusters": clusters, "pairs": pairs}
    box._astana_view = view
    return box
