"""Tests for astana_lib.figures.timeline (coverage over time, issue 10)."""

from __future__ import annotations

import re

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt
import numpy as np
import pandas as pd

from astana_lib.figures.timeline import _levels, coverage_by_month, plot_coverage_over_time


def _articles() -> pd.DataFrame:
    n = 40
    return pd.DataFrame(
        {
            "article_id": [f"a{i}" for i in range(n)],
            "outlet": ["france24_arabic"] * 20 + ["skynews_arabia"] * 18 + ["alarabiya", None],
            "date": pd.date_range("2018-02-01", periods=n, freq="5D"),
            "round": pd.array([9] + [pd.NA] * (n - 1), dtype="Int64"),
        }
    )


def test_every_article_counts_not_only_those_with_a_round():
    m = coverage_by_month(_articles())
    assert int(m["n_articles"].sum()) == 40
    assert int(m["n_with_round"].sum()) == 1


def test_small_outlets_stay_in_the_legend_and_the_note_says_what_is_counted():
    fig = plot_coverage_over_time(coverage_by_month(_articles()), lang="en")
    ax = fig.axes[0]
    legend = [t.get_text() for t in ax.get_legend().get_texts()]
    assert "Al Arabiya" in legend and len(legend) == 4
    notes = " ".join(t.get_text() for t in ax.texts)
    assert "1 of 40 articles have a known round" in notes
    # rounds inside the span are marked: Astana 9 (May 2018), Sochi 10 (July 2018)
    assert "Astana 9" in notes and "Sochi 10" in notes and "Astana 5" not in notes
    plt.close(fig)


def test_round_labels_on_one_level_never_overlap():
    x = np.array([0.0, 5.0, 8.0, 30.0, 31.0])
    widths = np.full(5, 10.0)
    lev = _levels(x, widths, pad=1.0)
    for level in set(lev):
        xs = np.sort(x[lev == level])
        assert np.all(np.diff(xs) >= 11.0)


def _dense_monthly() -> pd.DataFrame:
    """Monthly counts for 2018-01 .. 2024-06 (the sub-corpus's span): early 2018 has a
    congress, a ministers' meeting, a summit, another ministers' meeting and round 9
    within four months."""
    months = pd.date_range("2018-01-01", "2024-06-01", freq="MS")
    return pd.DataFrame(
        {"outlet": "skynews_arabia", "month": months, "n_articles": 3, "n_with_round": 0}
    )


def _mark_labels(fig) -> list:
    ax = fig.axes[0]
    return [t for t in ax.texts if t.get_text() and t.xycoords == "data"]


def test_dense_round_and_event_labels_do_not_overlap_when_drawn():
    for lang in ("ar", "en"):
        fig = plot_coverage_over_time(_dense_monthly(), lang=lang)
        fig.canvas.draw()
        renderer = fig.canvas.get_renderer()
        labels = _mark_labels(fig)
        assert len(labels) >= 15
        boxes = [t.get_window_extent(renderer) for t in labels]
        for i in range(len(boxes)):
            for j in range(i + 1, len(boxes)):
                assert not boxes[i].overlaps(boxes[j]), (
                    lang,
                    labels[i].get_text(),
                    labels[j].get_text(),
                )
        plt.close(fig)


def test_arabic_figure_has_no_latin_event_label_video_summit():
    fig = plot_coverage_over_time(_dense_monthly(), lang="ar")
    texts = [t.get_text() for t in _mark_labels(fig)]
    assert any("عبر الفيديو" in t for t in texts)
    assert not [t for t in texts if re.search("[A-Za-z]", t)]
    plt.close(fig)


def test_levels_open_as_many_levels_as_needed():
    x = np.arange(8.0)
    lev = _levels(x, np.full(8, 10.0), pad=0.5)
    assert sorted(lev) == list(range(8))
