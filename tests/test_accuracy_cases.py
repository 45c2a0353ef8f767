"""Small fixed accuracy cases for the near-duplicate search, at the library defaults.

Each case is one edit that wire copy goes through (measured at scale by
``benchmarks/eval_synthetic.py``; see ``benchmarks/results/reuse_accuracy.md``), built on
real sentences of the seed articles, plus same-topic different-text pairs that must not
be reported. They run :func:`astana_lib.find_near_duplicates` with its default
threshold and containment threshold, so a change of defaults that loses one of these
cases fails here.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

import astana_lib as al
from astana_lib.reuse.decision import add_p_reuse, default_decision
from astana_lib.reuse.shingle_counts import MIN_CORPUS_TEXTS

# Real sentences from seeds/001 (line 7), seeds/002 (lines 4, 5), seeds/000 (line 2).
LAVRENTIEV_001 = (
    "أعلن رئيس الوفد الروسي إلى اجتماع آستانا الكسندر لافرنتييف أن الجولة الحالية من "
    "اجتماع آستانا ستكون ختامية بالنسبة لمناطق تخفيف التوتر وأن عملية آستانا ستستمر حول "
    "الكثير من المسائل التي يجب حلها بشأن الأزمة في سوريا."
)
LAVRENTIEV_002 = (
    "إلى ذلك أعلن مبعوث الرئيس الروسي الخاص إلى سوريا الكسندر لافرنتييف اليوم أن هدف "
    "اجتماع أستانا 5 المنعقد اليوم وغدا في العاصمة الكازاخستانية يتمثل بالتوصل إلى اتفاق "
    "بشأن مناطق تخفيف التوتر والآن يتم التوافق على التفاصيل."
)
SPUTNIK_002 = (
    'ونقلت وكالة سبوتنيك عن لافرنتييف قوله للصحفيين: "تجري الآن المشاورات الثلاثية على '
    "مستوى الخبراء مع الإيرانيين والأتراك وبعد الغداء ستبدأ لقاءات الوفود بصيغة موسعة وعلى "
    'مستوى أعلى .. ويجب ان نتوصل إلى انشاء مناطق تخفيف التوتر".'
)
PRESS_000 = (
    "وجاءت تصريحات لافرينتيف خلال مؤتمر صحفي الثلاثاء في اليوم الختامي لمباحثات "
    '"استانا 5 " أن الاتفاق حول مناطق خفض التوتر السورية لم ينجز بعد، معرباً عن أمله في '
    "أن تسهم جهود استانا في دفع محادثات جنيف في 10 الجاري."
)
# Unrelated background so that idf is not degenerate.
BACKGROUND = [
    "قصفت الطائرات الحربية مواقع للمسلحين في ريف إدلب الجنوبي صباح اليوم وأفادت مصادر محلية بسقوط قتلى.",
    "ارتفع مؤشر البورصة في ختام تعاملات الأسبوع مدعوما بأسهم البنوك وقطاع الاتصالات.",
    "أعلنت وزارة الصحة تسجيل إصابات جديدة ودعت المواطنين إلى الالتزام بالإجراءات الوقائية.",
    "وصل وزير الخارجية التركي إلى موسكو في زيارة رسمية يبحث خلالها العلاقات الثنائية.",
]


def _frame(texts: dict[str, str], *, titles: tuple[str, ...] = ()) -> pd.DataFrame:
    rows = {**{f"bg{i}:1": t for i, t in enumerate(BACKGROUND)}, **texts}
    df = pd.DataFrame({"para_id": list(rows), "text": list(rows.values())})
    df["article_id"] = df["para_id"].str.split(":").str[0]
    df["outlet"] = "outlet_" + df["article_id"]
    df["role"] = ["title" if p in titles else "body" for p in df["para_id"]]
    return df


def _found(pairs: pd.DataFrame, a: str, b: str) -> pd.Series | None:
    lo, hi = sorted([a, b])
    hit = pairs[(pairs["para_a"] == lo) & (pairs["para_b"] == hi)]
    return None if hit.empty else hit.iloc[0]


def _search(texts: dict[str, str], *, titles: tuple[str, ...] = ()) -> pd.DataFrame:
    return al.find_near_duplicates(_frame(texts, titles=titles), progress=False)


def _alef_hamza_variants(text: str) -> str:
    """Write every hamza-on-alef as bare alef, ى as ي, final ة as ه (a common house style)."""
    out = text.replace("أ", "ا").replace("إ", "ا").replace("آ", "ا").replace("ى", "ي")
    return " ".join(w[:-1] + "ه" if w.endswith("ة") else w for w in out.split(" "))


def test_spelling_variant_copy_is_found_as_exact() -> None:
    copy = _alef_hamza_variants(LAVRENTIEV_001)
    assert copy != LAVRENTIEV_001
    pair = _found(_search({"a:1": LAVRENTIEV_001, "b:1": copy}), "a:1", "b:1")
    assert pair is not None
    assert pair["kind"] == "exact"
    assert pair["cosine"] == pytest.approx(1.0)


def test_diacritics_and_tatweel_noise_is_exact() -> None:
    noisy = LAVRENTIEV_001.replace("الروسي", "الرُّوسيّ").replace("الجولة", "الجـــولة")
    pair = _found(_search({"a:1": LAVRENTIEV_001, "b:1": noisy}), "a:1", "b:1")
    assert pair is not None and pair["kind"] == "exact"


def test_transliteration_variant_is_found_near() -> None:
    copy = PRESS_000.replace("لافرينتيف", "لافرنتييف")
    pair = _found(_search({"a:1": PRESS_000, "b:1": copy}), "a:1", "b:1")
    assert pair is not None
    assert pair["kind"] == "near"
    assert 0.5 < pair["cosine"] < 1.0


def test_added_attribution_clause_is_found() -> None:
    copy = "نقلت وكالة سبوتنيك عن مصدر دبلوماسي أن " + LAVRENTIEV_002.removeprefix("إلى ذلك ")
    pair = _found(_search({"a:1": LAVRENTIEV_002, "b:1": copy}), "a:1", "b:1")
    assert pair is not None and pair["kind"] in ("near", "contained")


def test_truncated_copy_is_found() -> None:
    words = LAVRENTIEV_001.split()
    copy = " ".join(words[: int(len(words) * 0.6)])
    pair = _found(_search({"a:1": LAVRENTIEV_001, "b:1": copy}), "a:1", "b:1")
    assert pair is not None
    # every shingle of the truncated copy is inside the full paragraph
    assert max(pair["containment_ab"], pair["containment_ba"]) == pytest.approx(1.0)


def test_each_paragraph_of_a_run_on_copy_is_contained() -> None:
    runon = " ".join([LAVRENTIEV_002, SPUTNIK_002, PRESS_000])
    texts = {"s:1": LAVRENTIEV_002, "s:2": SPUTNIK_002, "s:3": PRESS_000, "r:1": runon}
    pairs = _search(texts)
    for src in ("s:1", "s:2", "s:3"):
        pair = _found(pairs, src, "r:1")
        assert pair is not None, src
        assert pair["kind"] in ("contained", "near")
        c = pair["containment_ab"] if pair["para_a"] == src else pair["containment_ba"]
        assert c == pytest.approx(1.0)
    # the three source paragraphs are different texts: not paired with each other
    assert _found(pairs, "s:1", "s:2") is None
    assert _found(pairs, "s:1", "s:3") is None


def test_same_topic_different_text_is_not_reported() -> None:
    # two different Lavrentiev statements on the same round (seeds 001 and 002)
    pairs = _search({"a:1": LAVRENTIEV_001, "b:1": LAVRENTIEV_002, "c:1": PRESS_000})
    assert pairs.empty, pairs[["para_a", "para_b", "cosine", "kind"]]


def test_metadata_travels_onto_found_pairs() -> None:
    pairs = _search({"a:1": LAVRENTIEV_001, "b:1": _alef_hamza_variants(LAVRENTIEV_001)})
    pair = _found(pairs, "a:1", "b:1")
    assert pair is not None
    assert (pair["outlet_a"], pair["outlet_b"]) == ("outlet_a", "outlet_b")


MARKET_A = (
    "وسجل سعر سهم الميرة أعلى نسبة ارتفاع بواقع 4.64 في المائة وصولا إلى سعر 273.1 ريال "
    "تلاه سعر سهم الأهلي بواقع 4.24 في المائة. وفي المقابل سجل سعر سهم الخليج الدولية "
    "أعلى نسبة تراجع بواقع 1.35 في المائة."
)
MARKET_B = (
    "وسجل سعر سهم بنك الإثمار أعلى نسبة ارتفاع بواقع 3.70 في المائة وصولا إلى سعر 0.140 "
    "دينار تلاه سعر سهم بنك البحرين الوطني بواقع 3.52 في المائة. وفي المقابل سجل سعر سهم "
    "مجمع الأسواق الحرة أعلى نسبة تراجع بواقع 3.49 في المائة."
)


@pytest.mark.xfail(
    strict=True,
    reason="two paragraphs only: no corpus evidence of the template; the decision refitted on "
    "the adjudicated labels scores the pair 0.67 >= 0.58 (tested at corpus level below)",
)
def test_market_report_template_with_other_figures_is_not_reported() -> None:
    # A strict xfail with the first p_reuse model (p_reuse 0.52 >= 0.40), passing with the
    # models of 2026-11-30 fitted on the first reading (p 0.53 < 0.54-0.57), a strict xfail
    # again with the model refitted on the adjudicated labels (p 0.67 >= 0.58): guide rule
    # 13 (an updated copy with new figures is reuse) weakens `number_mismatch` (coefficient
    # -0.28 -> -0.18). On a corpus of two paragraphs the corpus-frequency features cannot
    # see the template (they are neutral there), so nothing else marks it. On the real
    # benchmark the refitted model has fewer template false positives (7 of 54, was 10 of
    # 60), and the corpus-level evidence is tested below: a template recurring in a corpus
    # is not reported.
    # Formulaic stock-market paragraphs (same template, different shares and figures) were
    # the main real false alarms below cosine 0.55 in benchmarks/results/background_pairs_labelled.csv
    assert _found(_search({"a:1": MARKET_A, "b:1": MARKET_B}), "a:1", "b:1") is None


def test_market_report_template_recurring_in_the_corpus_is_not_reported() -> None:
    # the same two template paragraphs, in a corpus (>= MIN_CORPUS_TEXTS distinct texts) where
    # the market-report frame recurs: its shared 3-grams are common, the pair is a template
    rng = np.random.default_rng(0)
    words = [f"كلمة{i}" for i in range(400)]
    filler = {f"f{i}:1": " ".join(rng.choice(words, 12)) for i in range(MIN_CORPUS_TEXTS)}
    stocks = [f"شركة{i}" for i in range(60)]
    reports = {
        f"m{i}:1": MARKET_A.replace("الميرة", stocks[i]).replace("4.64", f"{i + 1}.{i % 7}1")
        .replace("الخليج الدولية", stocks[i + 30]) .replace("273.1", f"{100 + i}.5")
        for i in range(30)
    }  # fmt: skip
    texts = {"a:1": MARKET_A, "b:1": MARKET_B, **reports, **filler}
    paras = _frame(texts)
    pair = pd.DataFrame({"para_a": ["a:1"], "para_b": ["b:1"], "cosine": [0.5]})
    alone = add_p_reuse(pair, paras[paras["para_id"].isin(["a:1", "b:1"])])["p_reuse"].iloc[0]
    in_corpus = add_p_reuse(pair, paras)["p_reuse"].iloc[0]
    assert in_corpus < default_decision().threshold_
    assert in_corpus < alone - 0.2  # the frame recurs: its shared 3-grams are common


# seeds/004: the headline (line 26) compresses the lead sentence (line 1)
HEADLINE_004 = (
    "لافرينتييف : موسكو اقترحت على واشنطن أن تكون طرفا ضامنا في محادثات أستانا لكنها رفضت"
)
LEAD_004 = (
    "قال المبعوث الخاص للرئيس الروسي إلى سوريا ألكسندر لافرينتييف في مقابلة مع RT إن موسكو "
    "اقترحت على واشنطن أن تكون طرفا ضامنا في محادثات أستانا لكن الأخيرة رفضت."
)


def test_headline_compressing_its_lead_is_found() -> None:
    # 3 of the headline's shingles differ ("لكنها رفضت" vs "لكن الأخيرة رفضت"): containment
    # 0.75 and cosine ~0.53, so defaults above both lose the headline/lead relation. The
    # headline has role "title", as the reader marks it in seeds/004.
    pairs = _search({"h:1": HEADLINE_004, "l:1": LEAD_004}, titles=("h:1",))
    pair = _found(pairs, "h:1", "l:1")
    assert pair is not None
    assert pair["kind"] in ("near", "contained")
