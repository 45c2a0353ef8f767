"""Tests for astana_lib.figures.similarity (scores and threshold curves)."""

from __future__ import annotations

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
import pytest
from _plot_fixtures import (
    _close_figures,  # noqa: F401  (autouse)
    _texts,
    curve,
    scores,
)

from astana_lib.figures.similarity import plot_similarity, plot_threshold_curve


def test_similarity_threshold_and_validation():
    fig = plot_similarity(scores(), threshold=0.35, lang="en")
    ax = fig.axes[0]
    assert any(abs(line.get_xdata()[0] - 0.35) < 1e-12 for line in ax.get_lines())
    n_above = int((scores()["cosine"] >= 0.35).sum())
    assert any(f"pairs ≥ threshold: {n_above}" in t for t in _texts(fig))
    assert plot_similarity(np.array([0.1, 0.9]), threshold=0.5)  # array input
    with pytest.raises(ValueError, match=r"\[0, 1\]"):
        plot_similarity([0.1, 1.5], threshold=0.5)
    with pytest.raises(ValueError, match="threshold"):
        plot_similarity([0.1], threshold=0)


def test_threshold_curve_layouts():
    single = plot_threshold_curve(curve(), threshold=0.5, lang="en")
    assert len(single.axes) == 2  # scores + twin axis for n_pairs
    facets = plot_threshold_curve(curve(("a", "b", "c")), lang="en")
    assert len(facets.axes) == 4  # precision, recall, f1, n_pairs
    assert [t.get_text() for t in facets.legends[0].get_texts()] == ["a", "b", "c"]
    with pytest.raises(ValueError, match="at least one of"):
        plot_threshold_curve(pd.DataFrame({"threshold": [0.5]}))


def test_similarity_figure_counts_contained_pairs_below_the_threshold():
    pairs = pd.DataFrame(
        {"cosine": [0.9, 0.7, 0.4, 0.35], "kind": ["near", "near", "contained", "near"]}
    )
    fig = plot_similarity(pairs, threshold=0.6, lang="en")
    texts = " ".join(t.get_text() for t in fig.axes[0].texts)
    assert "pairs ≥ threshold: 2" in texts and "+ 1 pairs by containment" in texts
    plt.close(fig)


def test_threshold_figures_have_distinct_titles_and_arabic_legends():
    sens = pd.DataFrame({"threshold": [0.3, 0.6], "n_pairs": [10, 4]})
    bench = pd.DataFrame(
        {
            "threshold": [0.3, 0.6, 0.3, 0.6],
            "precision": [0.5, 0.9, 0.4, 0.8],
            "recall": [0.9, 0.7, 0.9, 0.6],
            "f1": [0.6, 0.8, 0.5, 0.7],
            "benchmark": ["gold", "gold", "synthetic", "synthetic"],
        }
    )
    a = plot_threshold_curve(sens, lang="en").axes[0].get_title()
    b = plot_threshold_curve(bench, lang="en").axes[0].get_title()
    assert a and b and a != b
    fig = plot_threshold_curve(bench, lang="ar")
    legend_text = " ".join(t.get_text() for lg in fig.legends for t in lg.get_texts())
    assert "gold" not in legend_text and "synthetic" not in legend_text
    plt.close("all")
