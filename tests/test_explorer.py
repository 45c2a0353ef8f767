"""The notebook explorer: filters, clusters listing, rendering, widget and fallback."""

from __future__ import annotations

import dataclasses
import subprocess
import sys

import numpy as np
import pandas as pd
import pytest

import astana_lib as al
from astana_lib.review.explorer import Explorer


@pytest.fixture(scope="module")
def seeds_pairs(seed_corpus):
    return al.find_near_duplicates(seed_corpus.paragraphs, progress=False)


@pytest.fixture(scope="module")
def explorer(seed_corpus, seeds_pairs):
    return al.explore(seed_corpus, seeds_pairs)


def test_filters_match_plain_pandas(explorer, seeds_pairs):
    p = explorer.pairs
    for kind in explorer.options["kinds"]:
        assert explorer.filter(kinds=[kind]).sum() == (p["kind"] == kind).sum()
    outlet = explorer.options["outlets"][0]
    want = (p["outlet_a"].fillna("(none)") == outlet) | (p["outlet_b"].fillna("(none)") == outlet)
    assert (explorer.filter(outlets=[outlet]) == want.to_numpy()).all()
    m = explorer.filter(score=(0.5, 0.8))
    assert (m == p[explorer.score_column].between(0.5, 0.8).to_numpy()).all()  # p_reuse if present
    assert len(explorer.selection) == int(m.sum())
    assert explorer.filter().all()  # no filter: everything


def test_unknown_filter_value_is_a_clear_error(explorer):
    with pytest.raises(ValueError, match="outlets has no value"):
        explorer.filter(outlets=["no_such_outlet"])


def test_rounds_sorted_naturally_and_events_when_present(seed_corpus, seeds_pairs):
    arts = seed_corpus.articles.assign(event="sochi_congress")
    corpus = dataclasses.replace(seed_corpus, articles=arts)
    ex = al.explore(corpus, seeds_pairs.assign(origin_kind="agency", p_reuse=0.9))
    assert all(" · sochi_congress" in r for r in ex.options["rounds"] if r != "round ?")
    assert ex.options["origin_kinds"] == ["agency"] and ex.score_column == "p_reuse"
    nums = [int(r.split()[1]) for r in ex.options["rounds"] if r.split()[1].isdigit()]
    assert nums == sorted(nums)


def test_clusters_listed_by_size_then_first_date(explorer):
    t = explorer.cluster_table
    assert len(t) == explorer.clusters["cluster"].nunique()
    sizes = t["cluster_size"].tolist()
    assert sizes == sorted(sizes, reverse=True)
    explorer.filter(kinds=["exact"])
    sel = explorer.selected_clusters()
    assert set(sel["cluster"]) == set(explorer.selection["cluster"].dropna())


def test_pair_and_article_views_are_rtl_escaped_with_provenance(explorer):
    h = explorer.pair_html(0)
    assert 'dir="rtl"' in h and 'lang="ar"' in h and "<mark" in h
    row = explorer.pairs.iloc[0]
    para = explorer._paras.loc[row["para_a"]]
    assert f"{para['path']}:{int(para['line_start'])}" in h
    a = explorer.article_html(row["article_a"])
    assert 'href="#' not in a  # no anchors to follow inside the notebook view
    assert "al-faded" in a or (explorer.corpus.paragraphs["role"] == "body").all()


def test_widget_filter_change_updates_lists_and_selection(explorer):
    pytest.importorskip("ipywidgets")
    box = explorer.widget()
    ctl = box._astana_controls
    n_all = len(ctl["clusters"].options)
    ctl["kinds"].value = ("exact",)
    assert len(explorer.selection) == (explorer.pairs["kind"] == "exact").sum()
    assert 0 < len(ctl["clusters"].options) <= n_all
    assert "<mark" in box._astana_view.value
    ctl["kinds"].value = ()


def test_display_without_ipywidgets_says_so(explorer, monkeypatch):
    monkeypatch.setitem(sys.modules, "ipywidgets", None)  # import fails
    monkeypatch.delitem(sys.modules, "astana_lib.review._widget", raising=False)
    bundle = explorer._repr_mimebundle_()
    assert list(bundle) == ["text/html"] and "needs a running Jupyter kernel" in bundle["text/html"]


def test_display_with_widgets_keeps_an_html_fallback(explorer):
    pytest.importorskip("ipywidgets")
    bundle = explorer._repr_mimebundle_()
    assert "application/vnd.jupyter.widget-view+json" in bundle
    assert "widget was not drawn" in bundle["text/html"]


def test_core_import_does_not_import_jupyter():
    code = (
        "import sys, astana_lib as al; "
        "bad=[m for m in sys.modules if m.split('.')[0] in "
        "('ipywidgets','IPython','ipykernel','jupyter_client','notebook')]; print(bad)"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"


def test_empty_pairs_explorer(seed_corpus, seeds_pairs):
    ex = Explorer(seed_corpus, seeds_pairs.iloc[:0])
    assert len(ex.filter()) == 0 and ex.selection.empty and ex.selected_clusters().empty
    assert isinstance(ex.cluster_table, pd.DataFrame)
    assert np.asarray(ex.filter(score=(0, 1))).dtype == bool
