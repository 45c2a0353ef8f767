"""Tests of astana_lib.reuse.decision: the p_reuse model, its refit and its use in the search."""

from __future__ import annotations

import json

import numpy as np
import pandas as pd
import pytest

import astana_lib as al
from astana_lib.resources import data_path
from astana_lib.reuse.decision import (
    MIN_LABELS_PER_CLASS,
    ReuseDecision,
    add_p_reuse,
    default_decision,
    fit_reuse_decision,
)
from astana_lib.reuse.features import FEATURES

LEAD = "أعلن الوفد الروسي أن الجولة المقبلة من محادثات أستانا حول سوريا ستعقد في تموز المقبل بحضور الضامنين"
OTHER = "قصفت الطائرات الحربية مواقع للمسلحين في ريف إدلب الجنوبي صباح اليوم وفق مصادر محلية"


def _toy_labelled(n_pos: int, n_neg: int):
    """Paragraphs and labelled pairs: edited copies (1) and unrelated texts (0)."""
    words = LEAD.split()
    other = OTHER.split()
    rows, pairs = [], []
    rng = np.random.default_rng(0)
    for i in range(n_pos):
        w = list(words)
        del w[int(rng.integers(len(w)))]
        rows += [(f"p{i}a", LEAD + f" {i}"), (f"p{i}b", " ".join(w))]
        pairs.append((f"p{i}a", f"p{i}b", 1))
    for i in range(n_neg):
        o = list(other)
        rng.shuffle(o)
        rows += [(f"n{i}a", LEAD), (f"n{i}b", " ".join(o[: 8 + i % 5]))]
        pairs.append((f"n{i}a", f"n{i}b", 0))
    paras = pd.DataFrame(rows, columns=["para_id", "text"])
    return pd.DataFrame(pairs, columns=["para_a", "para_b", "label"]), paras


def test_default_model_is_package_data_with_provenance():
    d = json.loads(data_path("reuse_decision.json").read_text(encoding="utf-8"))
    assert d["features"] == list(FEATURES)
    src = d["source"]
    assert {"labels", "sha256", "n", "date", "cv"} <= set(src)
    assert src["n"] >= 600 and len(src["sha256"]) == 64
    m = default_decision()
    assert 0 < m.threshold_ < 1 and len(m.coef_) == len(FEATURES)


def test_refit_one_call_and_json_roundtrip(tmp_path):
    pairs, paras = _toy_labelled(15, 15)
    model = al.fit_reuse_decision(pairs, paras, provenance={"labels": "toy"})
    assert isinstance(model, ReuseDecision) and model.provenance_["n"] == 30
    p = add_p_reuse(pairs, paras, decision=model)["p_reuse"].to_numpy()
    assert p[:15].min() > p[15:].max()  # separable toy labels
    model.to_json(tmp_path / "m.json")
    again = ReuseDecision.from_json(tmp_path / "m.json")
    assert np.allclose(add_p_reuse(pairs, paras, decision=again)["p_reuse"], p)


@pytest.mark.parametrize(
    ("n_pos", "n_neg", "match"),
    [(12, 0, "one class"), (0, 12, "one class"), (MIN_LABELS_PER_CLASS - 1, 12, "too few")],
)
def test_refit_on_too_few_or_one_class_labels_raises(n_pos, n_neg, match):
    pairs, paras = _toy_labelled(n_pos, n_neg)
    with pytest.raises(ValueError, match=match):
        fit_reuse_decision(pairs, paras)


def test_refit_rejects_bad_labels_and_unknown_paragraphs():
    pairs, paras = _toy_labelled(12, 12)
    with pytest.raises(ValueError, match="0/1"):
        fit_reuse_decision(pairs.assign(label=2), paras)
    with pytest.raises(ValueError, match="not in paragraphs"):
        fit_reuse_decision(pairs, paras.iloc[2:])


def test_find_near_duplicates_uses_a_refitted_decision():
    pairs, paras = _toy_labelled(12, 12)
    model = fit_reuse_decision(pairs, paras)
    found = al.find_near_duplicates(paras, decision=model, progress=False)
    assert "p_reuse" in found.columns and found["p_reuse"].notna().all()
    strict = al.find_near_duplicates(paras, decision=model, min_p_reuse=1.0, progress=False)
    assert set(strict["kind"]) <= {"exact"}  # only exact pairs survive p >= 1
    raw = al.find_near_duplicates(paras, decision=None, progress=False)
    assert "p_reuse" not in raw.columns and len(raw) >= len(found)


def test_decision_option_is_checked():
    _pairs, paras = _toy_labelled(2, 2)
    with pytest.raises(ValueError, match="decision"):
        al.find_near_duplicates(paras, decision="best", progress=False)
    with pytest.raises(TypeError, match="ReuseDecision"):
        al.find_near_duplicates(paras, decision=0.5, progress=False)
    with pytest.raises(ValueError, match="min_p_reuse"):
        al.find_near_duplicates(paras, decision=None, min_p_reuse=0.5, progress=False)
    with pytest.raises(RuntimeError, match="not fitted"):
        al.find_near_duplicates(paras, decision=ReuseDecision(), progress=False)


def test_bad_input_paragraphs_never_crash_or_give_nan():
    huge = (OTHER + " ") * 1200 + LEAD  # ~100k characters, the lead at its end
    paras = pd.DataFrame(
        {
            "para_id": [f"x:{i}" for i in range(8)],
            "article_id": ["x", "y", "z", "w", "v", "u", "t", "s"],
            "text": ["", "   ", "سوريا", "سوريا", huge, LEAD, LEAD + " اليوم", "12345"],
        }
    )
    assert len(huge) > 90_000
    pairs = al.find_near_duplicates(paras, progress=False)
    assert np.isfinite(pairs["p_reuse"].to_numpy()).all()
    found = set(zip(pairs["para_a"], pairs["para_b"], strict=True))
    assert ("x:2", "x:3") in found  # one-token copies: exact, scored
    assert ("x:4", "x:5") in found  # the lead inside the 100k-character paragraph
    assert not {"x:0", "x:1", "x:7"} & (set(pairs["para_a"]) | set(pairs["para_b"]))
    # every candidate, kept or not, has a finite score
    raw = al.find_near_duplicates(paras, decision=None, progress=False)
    scored = add_p_reuse(raw, paras)
    assert len(scored) == len(raw) and np.isfinite(scored["p_reuse"]).all()


def test_empty_search_gives_typed_p_reuse_column():
    paras = pd.DataFrame({"para_id": ["a", "b"], "text": ["", "12"]})
    out = al.find_near_duplicates(paras, progress=False)
    assert out.empty and out["p_reuse"].dtype == np.float64


def test_corpus_frequency_features_are_neutral_on_a_small_corpus():
    from astana_lib.reuse.features import CORPUS_FEATURES
    from astana_lib.reuse.shingle_counts import MIN_CORPUS_TEXTS

    m = default_decision()
    rng = np.random.default_rng(1)
    X = pd.DataFrame(rng.random((5, len(FEATURES))), columns=list(FEATURES))
    big = X.assign(corpus_texts=MIN_CORPUS_TEXTS)
    small = X.assign(corpus_texts=MIN_CORPUS_TEXTS - 1)
    at_mean = big.copy()
    for f in CORPUS_FEATURES:
        at_mean[f] = m.mean_[list(FEATURES).index(f)]
    assert np.allclose(m.predict_proba(small), m.predict_proba(at_mean))
    assert not np.allclose(m.predict_proba(small), m.predict_proba(big))
    # without the column (a feature table from elsewhere) the features are used as given
    assert np.allclose(m.predict_proba(X), m.predict_proba(big))


def test_corpus_counts_of_a_fitted_search_give_the_same_p_reuse():
    from astana_lib.reuse.matcher import ParagraphMatcher
    from astana_lib.reuse.shingle_counts import ShingleCounts

    pairs, paras = _toy_labelled(12, 12)
    m = ParagraphMatcher(require_arabic=False).fit(paras)
    n = paras["text"].nunique()
    counts = ShingleCounts(m.token_vocabulary_, m.shingle_keys_, m.shingle_df_, n)
    own = add_p_reuse(pairs, paras)["p_reuse"]
    given = add_p_reuse(pairs, paras, corpus=counts)["p_reuse"]
    assert np.allclose(own, given)


def test_search_counts_give_the_p_reuse_of_a_recount_with_skipped_rows(monkeypatch):
    """find_near_duplicates passes the search's own 3-gram counts to the decision (no second
    tokenising pass); p_reuse equals add_p_reuse counting by itself, also when rows the
    search skips (no Arabic letter, empty) share 3-grams with searched ones."""
    import astana_lib.reuse.decision as decision_module

    # frequency features live even on a toy corpus, so a count difference would show
    monkeypatch.setattr(decision_module, "MIN_CORPUS_TEXTS", 1)
    digits = "2018 05 17 12 30"  # its 3-grams: in 3 searched texts + 4 skipped ones (not rare)
    texts = [LEAD + " " + digits, LEAD + " اليوم " + digits, OTHER, OTHER + " " + digits,
             *(f"{digits} {k}" for k in range(4)), "", "Astana talks on Syria resume in July"]  # fmt: skip
    paras = pd.DataFrame({"para_id": [f"r{i}" for i in range(len(texts))], "text": texts})
    raw = al.find_near_duplicates(paras, decision=None, progress=False)
    recount = add_p_reuse(raw, paras)
    decided = al.find_near_duplicates(paras, decision=default_decision().with_threshold(0.01),
                                      progress=False)  # fmt: skip
    assert len(decided) == len(raw) > 0
    assert np.array_equal(decided["p_reuse"].to_numpy(), recount["p_reuse"].to_numpy())


def test_p_reuse_is_finite_for_quote_marks_only_missing_text_and_bad_cosines():
    """Bad input to add_p_reuse: a missing text, a lone or unclosed quotation mark, a
    paragraph of marks only, a 100k-character one-word paragraph, NaN / inf cosines:
    every pair gets a finite p_reuse in [0, 1] (a side without tokens scores ~0)."""
    huge = "كلمة " * 20_000
    texts = [None, "", "«", LEAD + " «" + LEAD, '"' * 50, huge, huge + LEAD, "(((((", LEAD]
    paras = pd.DataFrame({"para_id": [f"t{i}" for i in range(len(texts))], "text": texts})
    pairs = pd.DataFrame({"para_a": ["t0", "t1", "t2", "t3", "t4", "t5", "t6", "t7"],
                          "para_b": ["t8"] * 8,
                          "cosine": [np.nan, 0.1, 0.9, 0.9, np.nan, 0.3, np.inf, 0.5]})  # fmt: skip
    p = add_p_reuse(pairs, paras)["p_reuse"].to_numpy()
    assert np.isfinite(p).all() and ((p >= 0) & (p <= 1)).all()
    no_tokens = [0, 1, 2, 4, 7]  # missing, empty, marks only: nothing to compare
    assert (p[no_tokens] < 0.01).all()
    assert p[3] > 0.9  # the lead quoted after itself, an unclosed quote to the end
