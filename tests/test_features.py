"""Tests of astana_lib.reuse.features: the reader's features of a pair of texts."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from astana_lib.reuse.features import FEATURES, light_stem, pair_features
from astana_lib.text.normalize import normalize_arabic

A = normalize_arabic("أعلن الوفد الروسي أن الجولة المقبلة من محادثات أستانا ستعقد في تموز المقبل")
B = normalize_arabic("وأعلن الوفد الروسي ان الجولة المقبلة لمحادثات أستانا ستعقد في تموز")
C = normalize_arabic("قصفت الطائرات مواقع في ريف إدلب الجنوبي صباح اليوم")


def test_identical_texts_score_one():
    f = pair_features([A, A], [0], [1], cosine=[1.0])
    for col in FEATURES:
        if col not in ("log_run", "number_mismatch", "quote_share", "common_shared"):
            assert f[col].iloc[0] == pytest.approx(1.0), col
    assert f["number_mismatch"].iloc[0] == 0


def test_number_mismatch_of_a_template_with_other_figures():
    a = normalize_arabic("ارتفع المؤشر 35 نقطة عند 9100 نقطة")
    b = normalize_arabic("ارتفع المؤشر 12 نقطة عند 8800 نقطة")
    c = normalize_arabic("ارتفع المؤشر 35 نقطة عند 9100 نقطه اليوم")
    f = pair_features([a, b, c, C], [0, 0, 0], [1, 2, 3], cosine=[0.5, 0.9, 0.0])
    assert f["number_mismatch"].tolist() == [1.0, 0.0, 0.0]  # C has no figure: no evidence


def test_clitics_do_not_change_char_cosine():
    # the same words with و / ب / ال / لل clitics: char cosine stays high, word cosine would not
    a = normalize_arabic("المحادثات في استانا والوفد الروسي")
    b = normalize_arabic("وبالمحادثات في استانا وللوفد الروسي")
    f = pair_features([a, b, C], [0, 0], [1, 2], cosine=[0.3, 0.0])
    assert f["char_cosine"].iloc[0] > 0.9
    assert f["char_cosine"].iloc[1] < 0.3


def test_longest_run_and_containment_of_an_edited_copy():
    f = pair_features([A, B], [0], [1], cosine=[0.7])
    # "الوفد الروسي ان الجوله المقبله" is the longest shared run (5 tokens) before "لمحادثات"
    assert f["longest_run"].iloc[0] == 5
    assert 0 < f["containment_min"].iloc[0] <= f["containment_max"].iloc[0] < 1
    assert f["run_share"].iloc[0] == pytest.approx(5 / 11)  # B has 11 tokens


def test_run_inside_a_long_text_is_found():
    long = " ".join([C] * 3 + [A] + [C] * 2)
    f = pair_features([A, long], [0], [1], cosine=[0.4])
    assert f["containment_max"].iloc[0] == 1.0
    assert f["run_share"].iloc[0] == 1.0


def test_bad_input_empty_one_token_and_huge_texts_are_finite():
    huge = "كلمة " * 19_000 + A  # ~95k characters
    texts = ["", "سوريا", "سوريا", huge, A, "   "]
    f = pair_features(texts, [0, 1, 1, 3, 5], [4, 2, 4, 4, 0], cosine=[np.nan, 1.0, 0.1, 0.2, 0])
    assert np.isfinite(f[list(FEATURES)].to_numpy()).all()
    assert f.loc[0, list(FEATURES)].sum() == 0  # empty text: nothing shared
    assert f.loc[1, "run_share"] == 1.0 and f.loc[1, "containment_max"] == 1.0  # same one token
    assert len(huge) > 95_000 and f.loc[3, "containment_max"] == 1.0  # A at its end


def test_light_stem_is_conservative():
    # a word-initial و is taken for the conjunction (same on both sides of a pair)
    assert light_stem("وزير") == "زير" and light_stem("ولا") == "ولا"
    assert light_stem("ال") == "ال" and light_stem("و") == "و"
    assert light_stem("بالمحادثات") == "محادثات"


def test_rows_must_match():
    with pytest.raises(ValueError, match="same length"):
        pair_features([A, B], [0, 1], [1])


QUOTE = "«إيران تسعى لنشر أسلحة خطيرة جدا في سوريا لتحقيق غاية محددة هي تدميرنا»"


def test_shared_quotation_with_independent_framing():
    # two outlets quote one statement (GUIDE rule 6): the shared words are inside the marks
    a = normalize_arabic(f"وقال رئيس الوزراء الإسرائيلي في تصريحات من قبرص إن {QUOTE}")
    b = normalize_arabic(f"اتهم نتنياهو طهران خلال زيارة للصحافيين الثلاثاء قائلا {QUOTE}")
    f = pair_features([a, b], [0], [1], cosine=[0.5])
    assert f["quote_share"].iloc[0] == pytest.approx(1.0)
    assert f["outside_cover"].iloc[0] == 0.0 and f["run_cover"].iloc[0] > 0.4


def test_shared_framing_around_a_quote_counts_outside():
    # the quote and its framing are shared (GUIDE rule 7): copy, not two quotations
    frame = "وأضاف المتحدث باسم التحالف العقيد تركي المالكي في بيان اليوم أن"
    a = normalize_arabic(f"{frame} {QUOTE}")
    b = normalize_arabic(f"{frame} {QUOTE} مؤكدا استمرار العمليات")
    f = pair_features([a, b], [0], [1], cosine=[0.8])
    assert 0.3 < f["quote_share"].iloc[0] < 0.7
    assert f["outside_cover"].iloc[0] == pytest.approx(1.0)


def test_shared_text_common_in_the_corpus_is_common_shared():
    title = "صاحب السمو الملكي الامير محمد بن سلمان ولي ولي العهد وزير الدفاع"
    a = normalize_arabic(f"استقبل {title} في جدة رئيس حزب القوات")
    b = normalize_arabic(f"حضر الاستقبال {title} ووزير الدوله")
    others = [f"{title} خبر رقم {i}" for i in range(30)]  # the title chain recurs
    f = pair_features([a, b, *others], [0], [1], cosine=[0.5])
    assert f["common_shared"].iloc[0] > 0.5 and f["rare_shared"].iloc[0] == 0
    f2 = pair_features([a, b], [0], [1], cosine=[0.5])  # a corpus of the two texts only
    assert f2["common_shared"].iloc[0] == 0 and f2["rare_shared"].iloc[0] > 0.5
    assert f["corpus_texts"].iloc[0] == 32 and f2["corpus_texts"].iloc[0] == 2


def test_corpus_counts_given_explicitly_give_the_same_features():
    from astana_lib.reuse.shingle_counts import ShingleCounts

    texts = [A, B, C, A + " اليوم"]
    f = pair_features(texts, [0, 0], [1, 3], cosine=[0.7, 0.9])
    g = pair_features([A, B, A + " اليوم"], [0, 0], [1, 2], cosine=[0.7, 0.9],
                      corpus=ShingleCounts.from_texts(texts))  # fmt: skip
    pd.testing.assert_frame_equal(f, g)


def test_bad_input_quote_marks_only_and_a_huge_quoted_text_are_finite():
    huge = "«" + "كلمة " * 19_000 + A  # ~95k characters, a quote left open to the end
    texts = ["«", '"', "«»", huge, A, '" "']
    f = pair_features(texts, [0, 1, 3, 5], [2, 4, 4, 4], cosine=[0, 0.1, 0.2, 0.0])
    assert np.isfinite(f[list(FEATURES)].to_numpy()).all()
    assert f.loc[2, "quote_share"] == pytest.approx(0.5)  # quoted in the huge text only


def test_features_do_not_depend_on_which_text_is_side_a():
    """A phrase repeated in one text matches each of its copies: the runs (longest, cover,
    quoted and unquoted shares) are the diagonals of the match matrix, whichever side a is.
    (Matching only a 3-gram's first copy made ``run_cover`` depend on the order of the
    pair's ``para_id``s.)"""
    phrase = "قال الوزير ان المحادثات في استانا كانت مثمره"
    t = [f"{phrase} و{phrase} وانتهت", f"واضاف «{phrase}» وانتهت اليوم", f"{phrase} جدا"]
    a, b = [0, 0, 1, 2], [1, 2, 2, 1]
    f_ab = pair_features(t, a, b, cosine=[0.5] * 4)
    f_ba = pair_features(t, b, a, cosine=[0.5] * 4)
    cols = [c for c in FEATURES] + ["longest_run"]
    pd.testing.assert_frame_equal(f_ab[cols], f_ba[cols], check_exact=True)


@pytest.mark.parametrize("seed", range(5))
def test_features_are_symmetric_on_random_texts_with_repeats(seed):
    rng = np.random.default_rng(seed)
    words = ["قال", "الوزير", "ان", "المحادثات", "في", "استانا", "«", "»", "2017", "كانت"]
    t = [" ".join(rng.choice(words, size=rng.integers(0, 30))) for _ in range(12)]
    a, b = rng.integers(0, 12, 40), rng.integers(0, 12, 40)
    f_ab = pair_features(t, a, b, cosine=np.full(40, 0.4))
    f_ba = pair_features(t, b, a, cosine=np.full(40, 0.4))
    pd.testing.assert_frame_equal(f_ab[list(FEATURES)], f_ba[list(FEATURES)], check_exact=True)


def test_a_text_repeating_one_word_does_not_multiply_its_matches():
    """100k characters of one repeated word paired with itself: each copy of a 3-gram
    matches one copy (matching every copy would make 10^9 matches)."""
    t = ["قال " * 25_000, "قال " * 10]
    f = pair_features(t, [0, 0, 1], [0, 1, 0], cosine=[1.0, 0.5, 0.5])
    assert f["run_share"].tolist() == [1.0, 1.0, 1.0] and f["longest_run"].tolist()[0] == 25_000
    assert f.loc[1, list(FEATURES)].equals(f.loc[2, list(FEATURES)])
