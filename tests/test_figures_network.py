"""Tests for astana_lib.figures.network (the reuse network)."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from _plot_fixtures import (
    _close_figures,  # noqa: F401  (autouse)
    _texts,
    edges,
)
from matplotlib.patches import FancyArrowPatch

from astana_lib.figures.network import plot_reuse_network


def test_reuse_network_arrows_and_determinism():
    e = edges()

    def geometry():
        fig = plot_reuse_network(e, lang="en")
        ax = fig.axes[0]
        arrows = [p for p in ax.patches if isinstance(p, FancyArrowPatch)]
        return fig, arrows, ax.collections[-1].get_offsets().copy()

    fig, arrows, pos1 = geometry()
    _, _, pos2 = geometry()
    np.testing.assert_allclose(pos1, pos2)  # fixed layout
    assert len(arrows) == len(e)
    heads = sum(
        "-|>" in repr(a.get_arrowstyle()) or type(a.get_arrowstyle()).__name__ == "CurveFilledB"
        for a in arrows
    )
    assert heads == int(e["directed"].sum())
    names = _texts(fig)
    assert "RT Arabic" not in names  # ids not in registry: id shown
    assert "t_rt" in names
    empty = plot_reuse_network(e.iloc[:0], lang="ar")
    assert any("لا بيانات" in t for t in _texts(empty))


def test_network_france24_sky_directed_part_stays_an_arrow():
    # issue 10: France 24 → Sky News (26 directed pairs) + 3 same-day pairs were merged
    # into one plain line labelled 29, while a 1-pair CNN → Sky arrow was drawn.
    from matplotlib.patches import FancyArrowPatch

    e = pd.DataFrame(
        {
            "outlet_from": ["france24_arabic", "france24_arabic", "cnn_arabic"],
            "outlet_to": ["skynews_arabia", "skynews_arabia", "skynews_arabia"],
            "n_pairs": [26, 3, 1],
            "weight": [26, 3, 1],
            "directed": [True, False, True],
        }
    )
    fig = plot_reuse_network(e, lang="en")
    labels = sorted(t.get_text() for t in fig.axes[0].texts if t.get_text().isdigit())
    assert labels == ["1", "26", "3"]
    arrows = [p for p in fig.axes[0].patches if isinstance(p, FancyArrowPatch)]
    heads = [p for p in arrows if "Filled" in type(p.get_arrowstyle()).__name__]
    assert len(arrows) == 3 and len(heads) == 2
    # counts carry a halo, not a white box that hides the edges
    assert all(t.get_bbox_patch() is None for t in fig.axes[0].texts)


def test_network_net_view_draws_agencies_and_can_drop_quotations():
    e = pd.DataFrame(
        {
            "outlet_from": ["sana", "sana", "cnn_arabic"],
            "outlet_to": ["france24_arabic", "skynews_arabia", "france24_arabic"],
            "n_pairs": [24, 12, 4],
            "weight": [24, 12, 4],
            "directed": [True, True, False],
            "edge_kind": ["agency", "agency", "quotation"],
            "kind_from": ["agency", "agency", "outlet"],
        }
    )
    fig = plot_reuse_network(e, lang="en")
    legend = [t.get_text() for t in fig.axes[0].get_legend().get_texts()]
    assert "news agency" in legend and "shared quotation (not copying)" in legend
    fig2 = plot_reuse_network(e, lang="en", quotations="drop")
    names = {t.get_text() for t in fig2.axes[0].texts}
    assert "CNN Arabic" not in names and "SANA" in names
    with pytest.raises(ValueError, match="quotations"):
        plot_reuse_network(e, quotations="none")
