"""Duplicate records: the rules on short real excerpts, and every analysis counting once."""

from __future__ import annotations

import json
import warnings

import pandas as pd
import pytest

import astana_lib as al
from astana_lib.reading.duplicates import (
    drop_duplicate_record_pairs,
    drop_duplicate_records,
    mark_duplicate_records,
)

# France 24 Arabic, ANT 2018 (ant-FR-internationalNews-29-20180219 and its re-listing)
F24 = [
    "قتل 80 مدنيا على الأقل الاثنين في غارات جوية وقصف مدفعي لقوات النظام السوري على الغوطة "
    "الشرقية قرب دمشق، وفق حصيلة للمرصد السوري لحقوق الإنسان.",
    "وتحاصر قوات النظام الغوطة الشرقية منذ العام 2013، ويعيش فيها نحو 400 ألف شخص في ظروف "
    "إنسانية صعبة مع نقص في المواد الغذائية والأدوية.",
    "وتأتي هذه الغارات غداة تعزيزات عسكرية أرسلتها قوات النظام إلى محيط الغوطة الشرقية تمهيدا "
    "لهجوم بري وشيك، وفق ما نقلت صحيفة الوطن السورية.",
]
# Sky News Arabia printing the same wire copy (another outlet: reuse, not a duplicate)
SKY = "skynews_arabia"


def _articles(rows):
    return pd.DataFrame(rows).assign(date=lambda d: pd.to_datetime(d["date"]))


def _paras(bodies: dict[str, list[str]]):
    rows = [
        {"article_id": a, "role": "body", "norm": al.normalize_arabic(t)}
        for a, texts in bodies.items()
        for t in texts
    ]
    return pd.DataFrame(rows)


def test_url_duplicate_of_record_field_flags_the_relisted_france24_copy():
    arts = _articles(
        [
            {"article_id": "ant-FR-internationalNews-29-20180219", "outlet": "france24_arabic",
             "date": "2018-02-19", "url_duplicate_of": None},
            {"article_id": "ant-FR-middleEast-24-20180219", "outlet": "france24_arabic",
             "date": "2018-02-19", "url_duplicate_of": "ant-FR-internationalNews-29-20180219"},
        ]
    )  # fmt: skip
    paras = _paras({"ant-FR-internationalNews-29-20180219": F24[:1],
                    "ant-FR-middleEast-24-20180219": F24[1:]})  # fmt: skip
    out = mark_duplicate_records(arts, paras)
    assert out["duplicate_of"].tolist() == [None, "ant-FR-internationalNews-29-20180219"]
    assert out["duplicate_reason"].iat[1].startswith("record field url_duplicate_of=")


def test_same_url_twice_is_a_duplicate_even_when_the_text_was_edited():
    url = "https://www.skynewsarabia.com/middle-east/1040000-غارات-الغوطة"
    arts = _articles(
        [{"article_id": f"sky-{k}", "outlet": SKY, "date": "2018-02-19", "url": url}
         for k in (1, 2)]
    )  # fmt: skip
    out = mark_duplicate_records(arts, _paras({"sky-1": F24[:1], "sky-2": F24[1:]}))
    assert out["duplicate_of"].tolist() == [None, "sky-1"]
    assert out["duplicate_reason"].tolist() == [None, "duplicate url"]


def test_identical_body_in_one_outlet_is_a_duplicate_but_across_outlets_is_wire_copy():
    arts = _articles(
        [
            {"article_id": "f1", "outlet": "france24_arabic", "date": "2018-02-19"},
            {"article_id": "f2", "outlet": "france24_arabic", "date": "2018-02-19"},
            {"article_id": "s1", "outlet": SKY, "date": "2018-02-19"},
        ]
    )
    out = mark_duplicate_records(arts, _paras({"f1": F24, "f2": F24, "s1": F24}))
    assert out["duplicate_of"].tolist() == [None, "f1", None]
    assert out["duplicate_reason"].tolist() == [None, "identical normalised body", None]


def test_short_identical_bodies_such_as_an_author_name_are_not_evidence():
    # SaudiNewsNet al-Jazirah: three different columns whose scraped body is only "ان الصافي"
    arts = _articles(
        [{"article_id": f"snn-{k}", "outlet": "aljazirah", "date": d}
         for k, d in enumerate(["2015-07-21", "2015-07-28", "2015-08-04"])]
    )  # fmt: skip
    out = mark_duplicate_records(arts, _paras({f"snn-{k}": ["إن الصافي"] for k in range(3)}))
    assert out["duplicate_of"].isna().all()


def test_near_identical_body_on_the_same_day_is_a_duplicate_and_days_apart_is_not():
    edited = [F24[0].replace("80 مدنيا", "ثمانون مدنيا"), *F24[1:]]
    rows = [
        {"article_id": "a", "outlet": "france24_arabic", "date": "2018-02-19"},
        {"article_id": "b", "outlet": "france24_arabic", "date": "2018-02-19"},
    ]
    out = mark_duplicate_records(_articles(rows), _paras({"a": F24, "b": edited}))
    assert out["duplicate_of"].tolist() == [None, "a"]
    assert out["duplicate_reason"].iat[1].startswith("near-identical body (3-shingle Jaccard 0.9")
    rows[1]["date"] = "2018-02-25"  # a week later: a new article re-using the text
    out = mark_duplicate_records(_articles(rows), _paras({"a": F24, "b": edited}))
    assert out["duplicate_of"].isna().all()
    out = mark_duplicate_records(_articles(rows), _paras({"a": F24, "b": edited}), near_max_days=7)
    assert out["duplicate_of"].tolist() == [None, "a"]


def test_kept_copy_is_the_earliest_then_the_first_read():
    rows = [
        {"article_id": "late", "outlet": "france24_arabic", "date": "2018-02-20"},
        {"article_id": "early", "outlet": "france24_arabic", "date": "2018-02-19"},
        {"article_id": "early2", "outlet": "france24_arabic", "date": "2018-02-19"},
    ]
    out = mark_duplicate_records(_articles(rows), _paras({k["article_id"]: F24 for k in rows}))
    assert out["duplicate_of"].tolist() == ["early", None, "early"]


def test_duplicate_records_option_is_checked():
    with pytest.raises(ValueError, match="duplicate_records must be one of"):
        drop_duplicate_records(pd.DataFrame({"a": [1]}), "once")
    with pytest.raises(ValueError, match="duplicate_records must be one of"):
        drop_duplicate_record_pairs(pd.DataFrame({"para_a": ["x"]}), "no")


# ----------------------------------------------------------------------------- end to end


@pytest.fixture(scope="module")
def copies_corpus(tmp_path_factory):
    """France 24 article stored twice (ANT url_duplicate_of) + Sky News with the wire copy."""
    recs = [
        {"id": "ant-FR-internationalNews-29-20180219", "outlet": "France 24 Arabic",
         "date": "2018-02-19", "url": "http://www.france24.com/ar/20180219-a",
         "text": "\n\n".join(F24) + "\n\nفرانس24/ أ ف ب", "url_duplicate_of": None},
        {"id": "ant-FR-middleEast-24-20180219", "outlet": "France 24 Arabic",
         "date": "2018-02-19", "url": "http://www.france24.com/ar/20180219-b",
         "text": "\n\n".join(F24) + "\n\nفرانس24/ أ ف ب",
         "url_duplicate_of": "ant-FR-internationalNews-29-20180219"},
        {"id": "ant-SK-middleEast-1-20180220", "outlet": "Sky News Arabia",
         "date": "2018-02-20", "url": "https://www.skynewsarabia.com/x",
         "text": "\n\n".join(F24[:2]) + "\n\nوقال لافرنتييف إن محادثات أستانا ستستمر."},
    ]  # fmt: skip
    p = tmp_path_factory.mktemp("dups") / "copies.jsonl"
    p.write_text("\n".join(json.dumps(r, ensure_ascii=False) for r in recs), "utf-8")
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return al.read_corpus(p, progress=False)


def test_reader_flags_the_copy_and_carries_it_onto_paragraphs(copies_corpus):
    a, p = copies_corpus.articles, copies_corpus.paragraphs
    assert a["duplicate_of"].fillna("-").tolist() == [
        "-", "ant-FR-internationalNews-29-20180219", "-"
    ]  # fmt: skip
    assert a["duplicate_reason"].iat[1].startswith("record field url_duplicate_of")
    assert len(a) == 3 and len(p) == 4 + 4 + 3  # nothing deleted
    dup = p["article_id"] == "ant-FR-middleEast-24-20180219"
    assert p.loc[dup, "article_duplicate_of"].notna().all()
    assert p.loc[~dup, "article_duplicate_of"].isna().all()


def test_coverage_counts_an_article_once_unless_asked(copies_corpus):
    a, p = copies_corpus.articles, copies_corpus.paragraphs
    once = al.coverage_matrix(a, p).set_index("outlet")["n_articles"].to_dict()
    both = al.coverage_matrix(a, p, duplicate_records="keep")
    assert once == {"france24_arabic": 1, "skynews_arabia": 1}
    assert both.set_index("outlet")["n_articles"].to_dict()["france24_arabic"] == 2


def test_reuse_never_pairs_an_article_with_its_own_copy(copies_corpus):
    p = copies_corpus.paragraphs
    pairs = al.find_near_duplicates(p, progress=False)
    arts = set(pairs["article_a"]) | set(pairs["article_b"])
    assert "ant-FR-middleEast-24-20180219" not in arts
    assert len(pairs) == 2  # two wire-copy paragraphs France 24 -> Sky News
    kept = al.find_near_duplicates(p, progress=False, duplicate_records="keep")
    copy_pairs = kept[kept["kind"] == "duplicate_record"]
    assert (copy_pairs["article_a"] != copy_pairs["article_b"]).all()
    # the copy's 3 paragraphs and its credit line (two articles: too few to learn it)
    assert (kept["kind"] == "duplicate_record").sum() == 4
    edges = al.reuse_edges(kept, paragraphs=p)
    assert edges["n_pairs"].tolist() == [2]  # the France 24 -> Sky edge is not doubled
    assert al.reuse_edges(kept, paragraphs=p, duplicate_records="keep")["n_pairs"].sum() == 4
    clusters = al.reuse_clusters(kept, p)
    assert not clusters["para_id"].str.startswith("ant-FR-middleEast").any()
    assert clusters.equals(al.reuse_clusters(pairs, p))


def test_coverage_by_month_counts_an_article_once(copies_corpus):
    from astana_lib.figures.timeline import coverage_by_month

    a = copies_corpus.articles
    once = coverage_by_month(a).set_index("outlet")["n_articles"].to_dict()
    assert once == {"france24_arabic": 1, "skynews_arabia": 1}
    both = coverage_by_month(a, duplicate_records="keep").set_index("outlet")["n_articles"]
    assert both["france24_arabic"] == 2


def test_framing_actors_citations_count_an_article_once(copies_corpus):
    p = copies_corpus.paragraphs
    cit = al.find_citations(p)
    assert cit["article_id"].nunique() == 1  # AFP credit of the kept France 24 copy only
    assert al.find_citations(p, duplicate_records="keep")["article_id"].nunique() == 2
    fr = al.framing_counts(p, complete=True)
    assert "ant-FR-middleEast-24-20180219" not in set(fr["article_id"])
    act = al.actor_mentions(p, duplicate_records="keep")
    assert set(act["article_id"]) == {"ant-SK-middleEast-1-20180220"}


def test_repeats_inside_one_article_are_not_duplicate_record_pairs():
    # regression: a paragraph repeated inside an Al Mayadeen article (mayadeen-1714796:1
    # and :3) was labelled "duplicate_record" because both sides have the same kept copy
    paras = pd.DataFrame({"para_id": ["m:1", "m:3", "n:1"], "article_id": ["m", "m", "n"],
                          "article_duplicate_of": [None, None, "m"]})  # fmt: skip
    pairs = pd.DataFrame({"para_a": ["m:1", "m:1"], "para_b": ["m:3", "n:1"],
                          "kind": ["exact", "exact"]})  # fmt: skip
    from astana_lib.reading.duplicates import label_duplicate_record_pairs

    assert label_duplicate_record_pairs(pairs, paras)["kind"].tolist() == [
        "exact", "duplicate_record"
    ]  # fmt: skip
