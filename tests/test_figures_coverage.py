"""Tests for astana_lib.figures.coverage (the coverage heatmap)."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from _plot_fixtures import (
    _close_figures,  # noqa: F401  (autouse)
    coverage,
)

from astana_lib.figures.coverage import plot_coverage_heatmap


def test_heatmap_caps_rows_and_keeps_totals():
    cov = coverage(30, range(1, 23))
    fig = plot_coverage_heatmap(cov, top_n=10, lang="en")
    ax = fig.axes[0]
    ticks = [t.get_text() for t in ax.get_yticklabels()]
    assert len(ticks) == 10
    assert ticks[-1].startswith("other (")
    n_other = int(ticks[-1].split("(")[1].rstrip(")"))
    assert n_other == 31 - 9  # 30 named outlets + unknown, 9 shown
    data = np.ma.filled(ax.images[0].get_array(), 0)
    assert data.sum() == cov["n_articles"].sum()  # nothing lost, unknown round included
    assert ax.get_xticklabels()[-1].get_text() == "unknown"


def test_heatmap_annotates_only_few_cells():
    small = plot_coverage_heatmap(coverage(), lang="en").axes[0]
    assert len(small.texts) == 7  # 3 outlets × 2 rounds + the unknown cell
    big = plot_coverage_heatmap(coverage(30, range(1, 23)), top_n=25, lang="en").axes[0]
    assert len(big.texts) == 0  # 25 × 23 cells: too many to annotate
    assert len(plot_coverage_heatmap(coverage(), annotate=False).axes[0].texts) == 0


def test_heatmap_all_rounds_and_bad_input():
    ax = plot_coverage_heatmap(coverage(), all_rounds=True, lang="en").axes[0]
    assert [t.get_text() for t in ax.get_xticklabels()][:22] == [str(r) for r in range(1, 23)]
    with pytest.raises(ValueError, match="missing column"):
        plot_coverage_heatmap(pd.DataFrame({"outlet": ["x"]}))
    with pytest.raises(ValueError, match="lang must be one of"):
        plot_coverage_heatmap(coverage(), lang="fr")
    with pytest.raises(ValueError, match="top_n"):
        plot_coverage_heatmap(coverage(), top_n=0)


def test_pooled_other_row_does_not_wash_out_the_colour_scale():
    cov = coverage(30, range(1, 23))
    ax = plot_coverage_heatmap(cov, top_n=5, lang="en").axes[0]
    im = ax.images[0]
    named_max = np.ma.filled(im.get_array(), 0)[:-1].max()
    assert im.norm.vmax == named_max  # scale set by the named outlets
    assert np.ma.filled(im.get_array(), 0)[-1].max() > named_max  # "other" saturates
