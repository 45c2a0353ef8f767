"""The decision on representative pairs (reuse/repdecision.py) against scoring every copy."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from astana_lib.backends.executor import LocalExecutor
from astana_lib.reuse.decision import default_decision
from astana_lib.reuse.estimator import ParagraphMatcher
from astana_lib.reuse.features import pair_features
from astana_lib.reuse.find import apply_scope, decide, label_copies, search_counts
from astana_lib.reuse.matcher import find_near_duplicates
from astana_lib.reuse.repdecision import rep_p_reuse
from astana_lib.reuse.shingle_counts import ShingleCounts

BASE = [
    "أعلن الوفد الروسي أن الجولة المقبلة من محادثات أستانا ستعقد في تموز المقبل في العاصمة",
    "قصفت الطائرات مواقع في ريف إدلب الجنوبي صباح اليوم وفق ما أفاد المرصد السوري",
    "قال المبعوث الأممي إن وقف إطلاق النار صامد في معظم مناطق خفض التصعيد في سوريا",
    "اتفقت الدول الضامنة على تشكيل فريق عمل مشترك للإفراج عن المعتقلين والمخطوفين",
]


def _corpus(seed: int = 0, n_articles: int = 40) -> pd.DataFrame:
    """Articles of edited copies of a few wire paragraphs, exact repeats included."""
    rng = np.random.default_rng(seed)
    rows = []
    for a in range(n_articles):
        for k in range(4):
            words = BASE[int(rng.integers(len(BASE)))].split()
            edit = int(rng.integers(4))
            if edit == 0:
                del words[int(rng.integers(len(words)))]
            elif edit == 1:
                words = [*words[: len(words) * 3 // 5], "بحسب", "وكالة", "سانا", f"{a}"]
            elif edit == 2:
                h = len(words) // 2
                words = words[h:] + words[:h]
            rows.append((f"art{a:02d}:{k}", f"art{a:02d}", f"outlet{a % 5}", " ".join(words)))
    return pd.DataFrame(rows, columns=["para_id", "article_id", "outlet", "text"])


@pytest.mark.parametrize("scope", ["all", "across", "outlets"])
def test_scoring_representatives_equals_scoring_every_copy(scope):
    paras = _corpus()
    got = find_near_duplicates(paras, scope=scope, progress=False)
    m = ParagraphMatcher(progress=False).fit(paras)
    every = label_copies(m.find_pairs(executor=LocalExecutor(progress=False)), paras)
    chosen = (default_decision(), default_decision().threshold_)
    want = decide(apply_scope(every, "all"), paras, chosen, counts=search_counts(m, paras))
    want = apply_scope(want, scope)
    assert len(got) > 20 and set(got["kind"]) >= {"exact"}
    pd.testing.assert_frame_equal(got, want)


def test_p_reuse_does_not_depend_on_the_chunk():
    paras = _corpus(1)
    m = ParagraphMatcher(progress=False).fit(paras)
    res, _ = m._self_candidates(LocalExecutor(progress=False))
    counts = search_counts(m, paras)
    u, v, cos = res[0], res[1], res[2]
    whole = rep_p_reuse(m._side.uniq, u, v, cos, decision=default_decision(), corpus=counts)
    for chunk in (1, 7):
        part = rep_p_reuse(m._side.uniq, u, v, cos, decision=default_decision(),
                           corpus=counts, chunk=chunk)  # fmt: skip
        np.testing.assert_array_equal(part, whole)


def test_a_text_with_itself_is_a_full_match_whatever_is_scored_with_it():
    texts = [BASE[0], BASE[1], BASE[0] + " في ريف"]
    alone = pair_features(texts, [0], [0], cosine=[1.0])
    among = pair_features(texts, [0, 1], [0, 2], cosine=[1.0, 0.5]).iloc[[0]]
    assert alone["containment_min"].iloc[0] == 1.0 and alone["run_share"].iloc[0] == 1.0
    pd.testing.assert_frame_equal(alone.reset_index(drop=True), among.reset_index(drop=True))
    corpus = ShingleCounts.from_texts(texts)
    p = rep_p_reuse(texts, np.array([0]), np.array([0]), np.array([1.0]),
                    decision=default_decision(), corpus=corpus)  # fmt: skip
    assert p[0] > 0.95


def test_duplicate_record_pairs_are_kept_whatever_their_p_reuse():
    paras = _corpus(2, 10)
    dup = paras[paras["article_id"] == "art00"].copy()
    dup["para_id"] = dup["para_id"].str.replace("art00", "zz00")
    dup["article_id"] = "zz00"
    dup["text"] = dup["text"] + " وأضاف المصدر أن الاجتماع سيستمر يومين آخرين في العاصمة"
    paras = pd.concat([paras, dup], ignore_index=True)
    paras["article_duplicate_of"] = np.where(paras["article_id"] == "zz00", "art00", None)
    pairs = find_near_duplicates(paras, duplicate_records="keep", progress=False)
    recs = pairs[pairs["kind"] == "duplicate_record"]
    assert len(recs) >= 4
    assert set(recs["article_a"]) | set(recs["article_b"]) == {"art00", "zz00"}
    low = find_near_duplicates(paras, duplicate_records="keep", min_p_reuse=1.0, progress=False)
    assert set(low["kind"]) <= {"exact", "duplicate_record"}
    assert (low["kind"] == "duplicate_record").sum() >= 4
