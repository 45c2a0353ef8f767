"""Tests for astana_lib.analysis.framing."""

from __future__ import annotations

import os
from pathlib import Path

import pandas as pd
import pytest
from _analysis_fixtures import make_paragraphs

import astana_lib as al
from astana_lib.analysis.framing import framing_counts, framing_shares, load_framing_lexicon

REPO = Path(__file__).resolve().parents[1]


def test_packaged_lexicon_has_sources_and_required_variants():
    lex = load_framing_lexicon()
    assert lex["source"].notna().all() and (lex["source"].str.len() > 0).all()
    variants = set(lex["variant"])
    for v in [
        "خفض التصعيد",
        "تخفيف التوتر",
        "خفض التوتر",
        "عدم التصعيد",
        "المعارضة",
        "المعارضة المسلحة",
        "النظام",
        "النظام السوري",
        "الحكومة السورية",
        "الدولة السورية",
        "الجماعات الإرهابية",
        "الفصائل",
        "الدول الضامنة",
        "محادثات أستانا",
        "مفاوضات أستانا",
        "اجتماع أستانا",
        "مباحثات أستانا",
    ]:
        assert v in variants, v


def test_counts_longest_match_and_metadata_kept():
    c = framing_counts(make_paragraphs())
    a1 = c[c["article_id"] == "a1"].set_index("variant")["count"]
    # "المعارضة المسلحة" and "المعارضة السورية" are counted once each, never as "المعارضة"
    assert a1["المعارضة المسلحة"] == 1
    assert a1["المعارضة السورية"] == 1
    assert a1["المعارضة"] == 1
    # title + one body paragraph; the repeat paragraph is not counted
    assert a1["تخفيف التوتر"] == 2
    a2 = c[c["article_id"] == "a2"].set_index("variant")["count"]
    assert a2["خفض التصعيد"] == 2  # "مناطق خفض التصعيد" and "لخفض التصعيد"
    assert a2["النظام السوري"] == 1 and "النظام" not in a2
    assert {"outlet", "date", "round", "my_tag", "path"} <= set(c.columns)
    assert set(c.loc[c["article_id"] == "a1", "my_tag"]) == {"batch1"}
    assert c.loc[c["article_id"] == "a3", "outlet"].isna().all()  # NA outlet kept
    assert "a4" not in set(c["article_id"])


def test_complete_lists_zero_rows_for_articles_without_terms():
    lex = load_framing_lexicon()
    c = framing_counts(make_paragraphs(), complete=True)
    a4 = c[c["article_id"] == "a4"]
    n_variants = lex.loc[lex["concept"] != "other_uses", "term_norm"].nunique()
    assert len(a4) == n_variants and (a4["count"] == 0).all()
    assert a4["my_tag"].eq("batch2").all()


def test_user_lexicon_csv_replaces_or_extends(tmp_path):
    p = tmp_path / "mine.csv"
    pd.DataFrame(
        {
            "concept": ["truce"],
            "label_en": ["truce"],
            "variant": ["نص"],
            "notes": [""],
            "source": ["me"],
            "my_col": ["kept"],
        }
    ).to_csv(p, index=False)
    only = framing_counts(make_paragraphs(), lexicon=p)
    assert set(only["concept"]) == {"truce"} and set(only["article_id"]) == {"a4"}
    ext = framing_counts(make_paragraphs(), lexicon=load_framing_lexicon(p, extend=True))
    assert {"truce", "deescalation_zone_naming"} <= set(ext["concept"])


def test_shares_sum_to_one_per_group_and_concept():
    c = framing_counts(make_paragraphs())
    s = framing_shares(c, by="outlet")
    sums = s.groupby(["outlet", "concept"], dropna=False)["share"].sum()
    assert (sums.round(9) == 1).all()
    assert s["outlet"].isna().any()  # unknown outlet kept as its own group
    by_round = framing_shares(c, by=["outlet", "round"], level="label_en")
    assert "variant" not in by_round.columns
    with pytest.raises(ValueError, match="level must be one of"):
        framing_shares(c, level="spelling")


def test_shares_carry_group_constant_user_columns():
    c = framing_counts(make_paragraphs())
    c["country"] = c["outlet"].map({"outlet_x": "SY", "outlet_y": "QA"})
    s = framing_shares(c, by="outlet")
    assert "country" in s.columns
    assert set(s.loc[s["outlet"] == "outlet_y", "country"]) == {"QA"}


def _seeds_paragraphs():
    if not hasattr(al, "read_corpus"):
        pytest.skip("reader (al.read_corpus) not available yet")
    return al.read_corpus(REPO / "seeds").paragraphs


def test_seeds_deescalation_naming():
    os.environ.setdefault("TQDM_DISABLE", "1")
    c = framing_counts(_seeds_paragraphs())
    z = c[c["concept"] == "deescalation_zone_naming"]
    by_art = z.groupby(z["article_id"].str[:3])["variant"].agg(set)
    assert "خفض التصعيد" in by_art["003"] and "عدم التصعيد" in by_art["003"]
    assert "تخفيف التوتر" in by_art["001"] and "تخفيف التوتر" in by_art["002"]
    assert "خفض التوتر" in by_art["000"]
    assert "تخفيف التوتر" not in by_art["003"]


def test_empty_paragraphs_give_empty_tables_with_columns():
    empty = make_paragraphs().iloc[:0]
    c = framing_counts(empty)
    assert c.empty and {"article_id", "outlet", "round", "concept", "count"} <= set(c.columns)
    assert framing_counts(empty, complete=True).empty
    assert framing_shares(c).empty


def test_other_uses_absorb_non_party_phrases():
    paras = (
        make_paragraphs()
        .iloc[:1]
        .assign(text="النظام الدولي والنظام الإيراني والمعارضة التركية، لا النظام")
    )
    assert "other_uses" not in set(framing_counts(paras)["concept"])
    c = framing_counts(paras, drop_concepts=()).set_index("variant")
    assert c.loc["النظام", "count"] == 1 and c.loc["النظام", "concept"] == "government_naming"
    assert (
        c.loc[["النظام الدولي", "النظام الإيراني", "المعارضة التركية"], "concept"] == "other_uses"
    ).all()


# ----------------------------------------------------------------- context rules (issue 10)
def _paras(*texts: str, outlet: str = "almayadeen") -> pd.DataFrame:
    return pd.DataFrame(
        {
            "para_id": [f"a:{i}" for i in range(1, len(texts) + 1)],
            "article_id": ["a"] * len(texts),
            "role": ["body"] * len(texts),
            "outlet": [outlet] * len(texts),
            "text": list(texts),
        }
    )


def test_regime_followed_by_western_regional_financial_is_not_counted():
    paras = _paras(
        "انهيار النظام الإقليمي وتهديد للنظام الغربي عموماً",
        "الاندماج في النظام المالي العالمي",
        "قصفت قوات النظام مواقع المعارضة وقال النظام إنه",
    )
    hits = al.framing_hits(paras)
    bare = hits[hits["variant"] == "النظام"]
    assert bare["kept"].tolist() == [False, False, False, True]
    assert bare["excluded_by"].iloc[0] == "not_followed_by: الإقليمي"
    counts = al.framing_counts(paras)
    regime = counts[counts["variant"] == "النظام"]
    assert regime["count"].tolist() == [1]


def test_turkish_and_adjectival_opposition_are_not_counted():
    paras = _paras(
        "قادة الأحزاب التركية المعارضة أعلنوا",
        "وتنتقد المعارضة التركية سياسة أردوغان",
        "الدول والجهات المعارضة للتطبيع",
        "وفد المعارضة السورية ووفد المعارضة",
    )
    hits = al.framing_hits(paras)
    opp = hits[hits["concept"] == "opposition_naming"]
    assert opp.loc[~opp["kept"], "para_id"].tolist() == ["a:1", "a:3"]
    counted = al.framing_counts(paras)
    assert counted.set_index("variant")["count"].to_dict() == {
        "المعارضة": 1,
        "المعارضة السورية": 1,
    }


def test_opposition_factions_counted_once_not_as_factions_and_opposition():
    paras = _paras("وتوصلت تركيا التي تدعم الفصائل المعارضة إلى اتفاق مع الفصائل")
    c = al.framing_counts(paras)
    assert c.set_index("variant")["count"].to_dict() == {"الفصائل المعارضة": 1, "الفصائل": 1}


def test_palestinian_factions_are_not_the_syrian_opposition():
    paras = _paras("خلال اجتماعٍ للفصائل الفلسطينية في دمشق")
    hits = al.framing_hits(paras)
    assert hits["kept"].tolist() == [False]
    assert al.framing_counts(paras).empty


def test_framing_hits_spans_point_into_original_text_with_diacritics():
    text = "وقال إنّ قُوّات النِّظام تقدّمت، بينما النظام الغربيّ يراقب"
    hits = al.framing_hits(_paras(text), window=2)
    for r in hits.itertuples():
        assert text[r.start : r.end] == r.matched
    assert hits["matched"].tolist() == ["قُوّات النِّظام", "النظام"]
    assert hits["kept"].tolist() == [True, False]
    assert hits.loc[0, "before"] == "وقال إنّ" and hits.loc[0, "after"] == "تقدّمت، بينما"


def test_counts_are_the_kept_hits_and_context_false_counts_all():
    paras = _paras("النظام الغربي والنظام الإقليمي ونظام الأسد", "قوات النظام")
    hits = al.framing_hits(paras)
    counts = al.framing_counts(paras, hits=hits)
    kept = hits[hits["kept"] & (hits["concept"] != "other_uses")]
    assert counts["count"].sum() == len(kept)
    before = al.framing_counts(paras, context=False)
    assert before["count"].sum() == len(hits[hits["concept"] != "other_uses"])
    assert before["count"].sum() > counts["count"].sum()


def test_user_lexicon_without_context_columns_still_works(tmp_path):
    lex = pd.DataFrame(
        {
            "concept": ["c"],
            "label_en": ["the regime"],
            "variant": ["النظام"],
            "notes": [""],
            "source": ["me"],
        }
    )
    path = tmp_path / "mine.csv"
    lex.to_csv(path, index=False)
    hits = al.framing_hits(_paras("النظام الغربي"), lexicon=path)
    assert hits["kept"].tolist() == [True]


def test_packaged_context_rules_name_their_source_and_legend_labels_are_english():
    lex = load_framing_lexicon()
    ruled = lex[lex["not_followed_by"].notna() | lex["not_preceded_by"].notna()]
    assert len(ruled) >= 5
    assert ruled["context_source"].notna().all()
    assert not lex["label_en"].str.contains("[\u0600-\u06ff]").any()
