"""Tests for astana_lib.figures.framing (framing shares)."""

from __future__ import annotations

import matplotlib.pyplot as plt
import pandas as pd
import pytest
from _plot_fixtures import (
    _close_figures,  # noqa: F401  (autouse)
    framing,
)

from astana_lib.figures.framing import plot_framing_shares


def test_framing_shares_sum_to_one_per_bar():
    fig = plot_framing_shares(framing(), lang="en")
    assert len(fig.axes) == 2  # one panel per concept
    for ax in fig.axes:
        widths: dict[float, float] = {}
        for p in ax.patches:
            y = round(p.get_y(), 6)
            widths[y] = widths.get(y, 0.0) + p.get_width()
        assert widths and all(abs(w - 1) < 1e-9 for w in widths.values())
    one = plot_framing_shares(framing(), concepts=["government_naming"], by="round", lang="ar")
    assert len(one.axes) == 1
    with pytest.raises(ValueError, match="not in framing_counts"):
        plot_framing_shares(framing(), concepts=["nope"])
    fig, ax = plt.subplots()
    with pytest.raises(ValueError, match="one panel"):
        plot_framing_shares(framing(), ax=ax)


# ------------------------------------------------------------ issue 10: honest figures
def test_framing_groups_under_min_n_are_not_drawn_and_the_figure_says_so():
    fc = pd.DataFrame(
        {
            "article_id": ["a", "b", "c"],
            "outlet": ["t_rt", "t_rt", "t_aljazeera"],
            "concept": ["government_naming"] * 3,
            "variant": ["النظام", "الحكومة السورية", "النظام"],
            "label_en": ["the regime", "the Syrian government", "the regime"],
            "count": [4, 2, 1],
        }
    )
    fig = plot_framing_shares(fc, lang="en", min_n=5)
    ax = fig.axes[0]
    labels = [t.get_text() for t in ax.get_yticklabels()]
    assert len(labels) == 1 and labels[0].endswith("(n=6)")
    assert "1 group(s) with fewer than 5 uses not drawn" in ax.get_title()
    legend = [t.get_text() for t in ax.get_legend().get_texts()]
    assert not any("(" in t or any("\u0600" <= ch <= "\u06ff" for ch in t) for t in legend)
    plt.close(fig)
