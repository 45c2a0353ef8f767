"""Tests for astana_lib.text.lexicon: normalised, word-boundary, longest-match term finding."""

from __future__ import annotations

import logging

import pandas as pd
import pytest
from _analysis_fixtures import make_paragraphs
from hypothesis import given, settings
from hypothesis import strategies as st

from astana_lib.text.lexicon import (
    TermMatcher,
    load_lexicon,
    match_lexicon,
    normalize_with_offsets,
    unmatched_terms,
)
from astana_lib.text.normalize import normalize_arabic


def test_offsets_map_back_to_original_text_with_diacritics_and_spaces():
    text = "  قالَ\u200f  لافْرَنـــتييف\n\nفي  آستانا "
    m = TermMatcher(["لافرنتييف", "أستانا"])
    found = m.find(text)
    assert [x.matched for x in found] == ["لافْرَنـــتييف", "آستانا"]
    for x in found:
        assert text[x.start : x.end] == x.matched


@settings(max_examples=200, deadline=None)
@given(
    st.text(
        alphabet=st.sampled_from(
            list("قال لافرنتييف آأإىةـ\u064e\u064b\u0651\u200f\u00a0\n\t.،ﻻ٣Ab")
        ),
        max_size=40,
    )
)
def test_normalize_with_offsets_agrees_with_normaliser(text):
    norm, starts, ends = normalize_with_offsets(text)
    assert norm == normalize_arabic(text)
    assert len(starts) == len(ends) == len(norm)
    assert all(0 <= s < e <= len(text) for s, e in zip(starts, ends, strict=True))
    assert starts == sorted(starts)


def test_longest_match_counts_prefix_variant_once():
    m = TermMatcher(["المعارضة", "المعارضة المسلحة"])
    found = m.find("وفد المعارضة المسلحة وممثلو المعارضة")
    assert [m.terms[x.term] for x in found] == ["المعارضة المسلحة", "المعارضة"]


def test_clitics_and_word_boundaries():
    m = TermMatcher(["المعارضة", "بوتن", "أستانا"])
    text = "للمعارضة والمعارضة بالمعارضة فالمعارضة المعارضات سبوتنيك وبوتن بأستانا"
    got = [(m.terms[x.term], x.matched) for x in m.find(text)]
    assert got == [
        ("المعارضة", "للمعارضة"),
        ("المعارضة", "المعارضة"),
        ("المعارضة", "المعارضة"),
        ("المعارضة", "المعارضة"),
        ("بوتن", "بوتن"),
        ("أستانا", "أستانا"),
    ]
    assert TermMatcher(["المعارضة"], clitics=False).find("والمعارضة") == []


def test_spelling_variants_equal_after_normalisation_are_merged():
    m = TermMatcher(["أردوغان", "اردوغان", "إردوغان"])
    assert m.duplicates == {1: 0, 2: 0}
    assert [x.term for x in m.find("قال إردوغان")] == [0]


def test_load_lexicon_rejects_term_under_two_keys_and_reports_empty(caplog, tmp_path):
    bad = pd.DataFrame(
        {
            "concept": ["a", "b"],
            "label_en": ["x", "y"],
            "variant": ["النظام", "النِّظام"],
            "notes": ["", ""],
            "source": ["t", "t"],
        }
    )
    with pytest.raises(ValueError, match="counted once"):
        load_lexicon("framing", bad, term_column="variant", key_column="concept")
    empty = bad.assign(concept=["a", "a"], variant=["النظام", ""])
    with caplog.at_level(logging.WARNING, logger="astana_lib.text.lexicon"):
        out = load_lexicon("framing", empty, term_column="variant", key_column="concept")
    assert len(out) == 1 and "without a variant" in caplog.text
    missing = tmp_path / "m.csv"
    missing.write_text("concept,variant\nx,y\n", encoding="utf-8")
    with pytest.raises(ValueError, match="missing column"):
        load_lexicon("framing", missing, term_column="variant", key_column="concept")


def test_match_lexicon_keeps_metadata_and_offsets():
    paras = make_paragraphs()
    lex = pd.DataFrame({"variant": ["تخفيف التوتر", "خفض التصعيد"]})
    lex["term_norm"] = lex["variant"].map(normalize_arabic)
    out = match_lexicon(paras, lex, columns=["variant"])
    assert {"outlet", "date", "round", "my_tag", "para_id", "role"} <= set(out.columns)
    assert "text" not in out.columns
    # repeats and bylines are not searched by default
    assert set(out["role"]) <= {"title", "body"}
    text_of = paras.set_index("para_id")["text"]
    for r in out.itertuples():
        assert text_of[r.para_id][r.start : r.end] == r.matched
    assert (out["variant"] == "خفض التصعيد").sum() == 2
    all_roles = match_lexicon(paras, lex, columns=["variant"], roles=None)
    assert len(all_roles) == len(out) + 1  # the repeat paragraph
    fast = match_lexicon(paras, lex, columns=["variant"], offsets=False)
    assert fast[["para_id", "variant"]].equals(out[["para_id", "variant"]])
    assert "start" not in fast.columns
    assert list(unmatched_terms(out, lex)["variant"]) == []
    lex2 = pd.concat([lex, pd.DataFrame({"variant": ["هدنة"], "term_norm": ["هدنه"]})])
    assert list(unmatched_terms(out, lex2)["variant"]) == ["هدنة"]


def test_match_lexicon_needs_role_column_when_roles_given():
    paras = make_paragraphs().drop(columns="role")
    lex = pd.DataFrame({"variant": ["x"], "term_norm": ["x"]})
    with pytest.raises(ValueError, match="role"):
        match_lexicon(paras, lex, columns=["variant"])
