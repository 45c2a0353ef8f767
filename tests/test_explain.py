"""Tests of astana_lib.reuse.explain: explain_pair and show_pair."""

from __future__ import annotations

import math

import pandas as pd
import pytest
from test_reuse import _line_ids, _pair, seed_paragraphs

from astana_lib.reuse.explain import explain_pair, show_pair, tokens_with_offsets
from astana_lib.reuse.matcher import find_near_duplicates


@pytest.fixture(scope="module")
def seeds():
    return seed_paragraphs()


def test_offsets_point_into_original_text_with_diacritics():
    text = "وأكّد لافرينتييف أنَّ الجولـــة المقبلة «ستكون» في أستانا"
    toks = tokens_with_offsets(text)
    assert [t for t, _, _ in toks] == [
        "واكد",
        "لافرينتييف",
        "ان",
        "الجوله",
        "المقبله",
        "ستكون",
        "في",
        "استانا",
    ]
    assert text[toks[0][1] : toks[0][2]] == "وأكّد"
    assert text[toks[3][1] : toks[3][2]] == "الجولـــة"
    assert text[toks[5][1] : toks[5][2]] == "ستكون"


def test_run_on_explanation_spans_and_scores_agree_with_pairs(seeds):
    pairs = find_near_duplicates(seeds, progress=False)
    src, runon = _line_ids(seeds, "004", [3, 28])
    ex = explain_pair(seeds, src, runon)
    row = _pair(pairs, src, runon).iloc[0]
    assert math.isclose(ex.cosine, row["cosine"], abs_tol=1e-12)
    flip = row["para_a"] != src
    assert ex.containment_ab == (row["containment_ba"] if flip else row["containment_ab"])
    assert ex.containment_ab == 1.0 and ex.containment_ba < 0.2
    text_a = seeds.set_index("para_id").loc[src, "text"]
    text_b = seeds.set_index("para_id").loc[runon, "text"]
    # the whole source paragraph is one span, found inside the run-on paragraph
    assert len(ex.spans) == 1
    sp = ex.spans.iloc[0]
    assert text_a[sp.a_start : sp.a_end] == sp.text_a
    assert text_b[sp.b_start : sp.b_end] == sp.text_b
    assert sp.a_end - sp.a_start >= len(text_a.strip()) - 2
    assert ex.top_terms["contribution"].is_monotonic_decreasing
    assert (ex.top_terms["contribution"] > 0).all()
    assert ex.top_terms["contribution"].sum() <= ex.cosine + 1e-12


def test_unrelated_pair_has_no_spans_and_missing_ids_error(seeds):
    a, b = _line_ids(seeds, "000", [1]) + _line_ids(seeds, "004", [19])
    ex = explain_pair(seeds, a, b)
    assert ex.spans.empty and ex.cosine < 0.3
    with pytest.raises(KeyError, match="nope"):
        explain_pair(seeds, a, "nope")
    with pytest.raises(ValueError, match="min_words"):
        explain_pair(seeds, a, b, min_words=0)


def test_show_pair_html_escaped_rtl_marked():
    paras = pd.DataFrame(
        {
            "para_id": ["a:1", "b:1"],
            "outlet": ["<script>", "rt"],
            "text": [
                "قال الوزير <img src=x> إن محادثات أستانا ستستأنف غدا في العاصمة",
                "محادثات أستانا ستستأنف غدا في العاصمة الكازاخستانية & غيرها",
            ],
        }
    )
    h = show_pair(paras, "a:1", "b:1")
    assert "<img" not in h.data and "&lt;img src=x&gt;" in h.data
    assert "<script>" not in h.data and "&amp;" in h.data
    assert h.data.count('dir="rtl"') == 2
    assert h.data.count("<mark") == 2
    assert "محادثات أستانا ستستأنف غدا في العاصمة</mark>" in h.data  # not reshaped
    assert explain_pair(paras, "a:1", "b:1")._repr_html_() == h.data


def test_explain_pair_fits_the_default_matcher_once_per_table(monkeypatch):
    """Issue 10: explain_pair refitted TF-IDF on every call (1.8 s per pair)."""
    import astana_lib.reuse.explain as ex

    texts = [
        "قال لافرينتييف إن موسكو اقترحت على واشنطن أن تكون طرفا ضامنا في محادثات أستانا",
        "لافرينتييف: موسكو اقترحت على واشنطن أن تكون طرفاً ضامناً في محادثات أستانا",
        "وأعلنت وزارة الخارجية الكازاخستانية موعد الجولة المقبلة من محادثات أستانا",
    ]
    paras = pd.DataFrame({"para_id": ["a:1", "b:1", "c:1"], "text": texts})
    calls = []
    real_fit = ex.ParagraphMatcher.fit

    def counting_fit(self, *args, **kwargs):
        calls.append(1)
        return real_fit(self, *args, **kwargs)

    monkeypatch.setattr(ex.ParagraphMatcher, "fit", counting_fit)
    first = ex.explain_pair(paras, "a:1", "b:1")
    again = ex.explain_pair(paras, "a:1", "c:1")
    ex.explain_pair(paras, "b:1", "c:1")
    assert len(calls) == 1
    assert first.cosine > again.cosine > 0
    # a changed table is refitted, and results equal a fresh fit
    more = pd.concat([paras, pd.DataFrame({"para_id": ["d:1"], "text": [texts[2]]})])
    ex.explain_pair(more, "a:1", "b:1")
    assert len(calls) == 2
    fresh = ex.explain_pair(paras.copy(), "a:1", "b:1")
    assert abs(fresh.cosine - first.cosine) < 1e-12
    assert fresh.top_terms.equals(first.top_terms)


def test_show_pair_without_ipython_names_the_extra(monkeypatch):
    import sys

    monkeypatch.setitem(sys.modules, "IPython.display", None)  # as if not installed
    paras = pd.DataFrame({"para_id": ["a:1", "b:1"], "text": ["محادثات أستانا", "محادثات أستانا"]})
    with pytest.raises(ImportError, match=r"astana_lib\[notebooks\]"):
        show_pair(paras, "a:1", "b:1")
