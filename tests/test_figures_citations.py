"""Tests for astana_lib.figures.citations (cited agencies)."""

from __future__ import annotations

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
from _plot_fixtures import (
    _close_figures,  # noqa: F401  (autouse)
)

from astana_lib.figures.citations import plot_citations


def test_citations_count_articles_vs_citations():
    ci = pd.DataFrame(
        {
            "article_id": ["a", "a", "b"],
            "outlet": ["t_rt"] * 3,
            "agency": ["sputnik"] * 3,
            "name_en": ["Sputnik"] * 3,
            "name_ar": ["سبوتنيك"] * 3,
        }
    )
    arts = np.ma.filled(plot_citations(ci, lang="en").axes[0].images[0].get_array(), 0)
    cits = np.ma.filled(plot_citations(ci, count="citations").axes[0].images[0].get_array(), 0)
    assert arts.sum() == 2 and cits.sum() == 3


def test_citations_figure_leaves_out_self_references_and_says_how_many():
    ci = pd.DataFrame(
        {
            "article_id": ["a", "a", "b"],
            "outlet": ["t_rt"] * 3,
            "agency": ["rt", "sputnik", "rt"],
            "name_en": ["RT", "Sputnik", "RT"],
            "name_ar": ["روسيا اليوم", "سبوتنيك", "روسيا اليوم"],
            "citation_kind": ["self", "agency", "self"],
        }
    )
    fig = plot_citations(ci, lang="en")
    assert [t.get_text() for t in fig.axes[0].get_xticklabels()] == ["Sputnik"]
    notes = [t for t in fig.axes[0].texts if "2 self-references" in t.get_text()]
    assert len(notes) == 1
    # the note sits below the x-axis label and never overprints it
    fig.draw_without_rendering()
    renderer = fig.canvas.get_renderer()
    note_box = notes[0].get_window_extent(renderer)
    label_box = fig.axes[0].xaxis.label.get_window_extent(renderer)
    assert note_box.y1 <= label_box.y0 and not note_box.overlaps(label_box)
    plt.close(fig)
