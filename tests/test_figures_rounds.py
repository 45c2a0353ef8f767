"""Tests for astana_lib.figures.rounds (the rounds timeline)."""

from __future__ import annotations

from _plot_fixtures import (
    _close_figures,  # noqa: F401  (autouse)
    _texts,
    coverage,
)

from astana_lib import labels
from astana_lib.figures.rounds import plot_rounds_timeline


def test_timeline_labels_every_round_and_reports_unknown():
    fig = plot_rounds_timeline(coverage(), lang="ar")
    texts = _texts(fig)
    assert sum(t.startswith(("أستانا", "سوتشي", "نور سلطان")) for t in texts) == 22
    assert "أستانا 5" in texts or not labels.native_shaping_available()
    assert any("1" in t and "بلا جولة" in t for t in texts)
    ax = fig.axes[0]
    heights = [p.get_height() for p in ax.patches]
    assert sum(heights) == coverage()["n_articles"][coverage()["round"].notna()].sum()
