"""Tests for astana_lib.figures.plotting: every figure, both languages, 5 and 500 articles.

The tests of one figure family are in ``tests/test_figures_<family>.py``, the test tables in
``tests/_plot_fixtures.py``.
"""

from __future__ import annotations

import shutil
import subprocess
import warnings

import matplotlib.pyplot as plt
import pandas as pd
import pytest
from _plot_fixtures import (
    _close_figures,  # noqa: F401  (autouse)
    _has_base_arabic,
    _texts,
    actor_mentions,
    citations,
    coverage,
    curve,
    edges,
    framing,
    scores,
)

from astana_lib import labels, plotting
from astana_lib.figures.plotting import (
    plot_actors,
    plot_citations,
    plot_coverage_heatmap,
    plot_framing_shares,
    plot_reuse_network,
    plot_rounds_timeline,
    plot_similarity,
    plot_threshold_curve,
)
from astana_lib.figures.save import save_figure

SMALL = {
    "heatmap": lambda lang: plot_coverage_heatmap(coverage(), lang=lang),
    "timeline": lambda lang: plot_rounds_timeline(coverage(), lang=lang),
    "framing": lambda lang: plot_framing_shares(framing(), lang=lang),
    "actors": lambda lang: plot_actors(actor_mentions(), lang=lang),
    "citations": lambda lang: plot_citations(citations(), lang=lang),
    "similarity": lambda lang: plot_similarity(scores(), threshold=0.5, lang=lang),
    "curve": lambda lang: plot_threshold_curve(curve(), threshold=0.5, lang=lang),
    "network": lambda lang: plot_reuse_network(edges(), lang=lang),
}
LARGE = {
    "heatmap": lambda lang: plot_coverage_heatmap(coverage(30, range(1, 23)), lang=lang),
    "timeline": lambda lang: plot_rounds_timeline(coverage(30, range(1, 23)), lang=lang),
    "framing": lambda lang: plot_framing_shares(framing(500, 30), lang=lang),
    "actors": lambda lang: plot_actors(actor_mentions(3000, 30, 23), lang=lang),
    "citations": lambda lang: plot_citations(citations(2000, 30, 23), lang=lang),
    "similarity": lambda lang: plot_similarity(scores(20000), threshold=0.5, lang=lang),
    "curve": lambda lang: plot_threshold_curve(
        curve(("a", "b", "c", "d")), threshold=0.5, lang=lang
    ),
    "network": lambda lang: plot_reuse_network(edges(30), lang=lang),
}


@pytest.mark.parametrize("name", sorted(SMALL))
@pytest.mark.parametrize("size", ["small", "large"])
def test_every_figure_draws_without_warnings(name, size):
    make = (SMALL if size == "small" else LARGE)[name]
    for lang in ("ar", "en"):
        with warnings.catch_warnings():
            warnings.simplefilter("error")  # missing glyphs, deprecations, layout problems
            fig = make(lang)
            fig.canvas.draw()
        w, h = fig.get_size_inches()
        assert 2 <= w <= 14 and 1.5 <= h <= 16, (name, size, w, h)
        plt.close(fig)


@pytest.mark.parametrize("name", sorted(SMALL))
def test_every_label_goes_through_ar_label(name, monkeypatch):
    # force the old-matplotlib path: any label that skipped ar_label keeps base Arabic letters
    monkeypatch.setattr(labels, "native_shaping_available", lambda: False)
    fig = SMALL[name]("ar")
    texts = _texts(fig)
    assert texts
    leaked = [t for t in texts if _has_base_arabic(t)]
    assert leaked == []
    assert any(any(0xFE70 <= ord(c) <= 0xFEFF for c in t) for t in texts)  # reshaped


def test_native_path_draws_logical_strings():
    fig = plot_coverage_heatmap(coverage(), lang="ar")
    ticks = [t.get_text() for t in fig.axes[0].get_yticklabels()]
    if labels.native_shaping_available():
        assert "الجزيرة" in ticks and "قناة RT العربية" in ticks


def test_english_labels_and_registry_fallback():
    fig = plot_coverage_heatmap(coverage(), lang="en")
    ticks = [t.get_text() for t in fig.axes[0].get_yticklabels()]
    assert "RT Arabic" in ticks and "(unknown)" in ticks
    assert not any(_has_base_arabic(t) for t in ticks)
    # registry ids get registry names; unknown ids fall back to the id
    cov = pd.DataFrame(
        {"outlet": ["sana", "no_such_outlet"], "round": [4, 4], "n_articles": [1, 2]}
    )
    fig = plot_coverage_heatmap(cov, lang="en")
    ticks = {t.get_text() for t in fig.axes[0].get_yticklabels()}
    assert "no_such_outlet" in ticks
    assert "sana" not in ticks  # the packaged registry names it


def test_inputs_are_not_modified():
    tables = [coverage(), framing(), actor_mentions(), citations(), edges(), scores(), curve()]
    before = [t.copy() for t in tables]
    plot_coverage_heatmap(tables[0])
    plot_rounds_timeline(tables[0])
    plot_framing_shares(tables[1])
    plot_actors(tables[2])
    plot_citations(tables[3])
    plot_reuse_network(tables[4])
    plot_similarity(tables[5], threshold=0.4)
    plot_threshold_curve(tables[6])
    for a, b in zip(tables, before, strict=True):
        pd.testing.assert_frame_equal(a, b)


def test_draw_into_given_axes():
    fig, axes = plt.subplots(1, 2)
    out = plot_similarity(scores(), threshold=0.5, ax=axes[0])
    assert out is fig
    plot_coverage_heatmap(coverage(), ax=axes[1])
    assert axes[1].images


def test_saved_plot_is_reproducible_and_searchable(tmp_path):
    a = save_figure(plot_coverage_heatmap(coverage()), "cov", out=tmp_path / "a", close=True)
    b = save_figure(plot_coverage_heatmap(coverage()), "cov", out=tmp_path / "b", close=True)
    assert [p.read_bytes() for p in a] == [p.read_bytes() for p in b]
    if shutil.which("pdftotext") and labels.native_shaping_available():
        text = subprocess.run(
            ["pdftotext", str(a[0]), "-"], capture_output=True, text=True, check=True
        ).stdout
        assert "الجزيرة" in text


def test_module_exports():
    assert set(plotting.__all__) == {
        "plot_actors",
        "plot_citations",
        "plot_coverage_heatmap",
        "plot_framing_shares",
        "plot_reuse_network",
        "plot_rounds_timeline",
        "plot_similarity",
        "plot_threshold_curve",
    }


def test_empty_tables_draw_a_no_data_figure():
    from astana_lib.schema import ACTOR_MENTIONS, CITATIONS, COVERAGE, FRAMING_COUNTS, REUSE_EDGES

    def empty(schema):
        return pd.DataFrame({c: [] for c in schema})

    figs = [
        plot_coverage_heatmap(empty(COVERAGE), lang="en"),
        plot_framing_shares(empty(FRAMING_COUNTS), lang="en"),
        plot_actors(empty(ACTOR_MENTIONS), lang="en"),
        plot_citations(empty(CITATIONS), lang="en"),
        plot_reuse_network(empty(REUSE_EDGES), lang="en"),
    ]
    for fig in figs:
        assert "no data" in _texts(fig)
    timeline = plot_rounds_timeline(empty(COVERAGE), lang="en")
    assert sum(p.get_height() for p in timeline.axes[0].patches) == 0
