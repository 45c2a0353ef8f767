"""Tests for astana_lib.analysis.origin: origin of reused text and direction with confidence.

The texts are short excerpts (about 80 characters, a few cut in the middle) of the real
articles named in each test (ANT 2018, SaudiNewsNet 2015).
"""

from __future__ import annotations

import pandas as pd
import pytest

import astana_lib as al
from astana_lib.analysis.origin import pair_origins

# France 24 (ant-FR-middleEast-493-20180517) and Sky News Arabia (ant-SK-middleEast-1788-20180518)
F24_CREDIT = "نقلت وكالة الأنباء السورية الرسمية الخميس عن الرئيس الروسي فلاديمير بوتين قوله"
F24_PESKOV = 'قال المتحدث باسم الكرملين ديمتري بيسكوف للصحافيين "اليوم، أجرى الرئيس بوتين محادثات"'
SKY_CREDIT = "وأوضح بوتن، وفق ما نقلت عنه وكالة الأنباء السورية الرسمية"
SKY_PESKOV = 'من جهته، قال المتحدث باسم الكرملين، ديمتري بيسكوف، "اليوم، أجرى الرئيس بوتن محادثات"'
F24_HISTORY = "وكانت روسيا تدخلت في سوريا في 30 أيلول/سبتمبر 2015، ما سمح للجيش الحكومي باستعادة"
SKY_HISTORY = "وكانت روسيا تدخلت عسكريا في سوريا في 30 سبتمبر 2015، ما سمح للجيش الحكومي باستعادة"


def _paras(rows):
    df = pd.DataFrame(rows, columns=["para_id", "outlet", "date", "text"])
    df["article_id"] = df["para_id"].str.split(":").str[0]
    df["para_no"] = df["para_id"].str.split(":").str[1].astype(int)
    df["role"] = "body"
    df["date"] = pd.to_datetime(df["date"])
    return df


def _pairs(paras, links):
    p = paras.set_index("para_id")
    rows = []
    for a, b in links:
        rows.append(
            {
                "para_a": a,
                "para_b": b,
                "article_a": p.at[a, "article_id"],
                "article_b": p.at[b, "article_id"],
                "outlet_a": p.at[a, "outlet"],
                "outlet_b": p.at[b, "outlet"],
                "date_a": p.at[a, "date"],
                "date_b": p.at[b, "date"],
                "cosine": 0.8,
                "kind": "near",
            }
        )
    return pd.DataFrame(rows)


def _f24_sky():
    paras = _paras(
        [
            ("f24:1", "france24_arabic", "2018-05-17", F24_CREDIT),
            ("f24:2", "france24_arabic", "2018-05-17", F24_PESKOV),
            ("f24:9", "france24_arabic", "2018-05-17", F24_HISTORY),
            ("sky:2", "skynews_arabia", "2018-05-18", SKY_CREDIT),
            ("sky:6", "skynews_arabia", "2018-05-18", SKY_PESKOV),
            ("sky:14", "skynews_arabia", "2018-05-18", SKY_HISTORY),
        ]
    )
    arts = pd.DataFrame(
        {
            "article_id": ["f24", "sky"],
            "date_evidence": [
                "record field date='2018-05-17T20:59:52+00:00'",
                "record field date='2018-05-18T05:04:56+00:00'",
            ],
        }
    )
    return paras, arts


def test_france24_sky_putin_words_come_from_sana_not_france24():
    paras, arts = _f24_sky()
    pairs = _pairs(paras, [("f24:9", "sky:14")])
    out = pair_origins(pairs, paras, articles=arts)
    row = out.iloc[0]
    assert (row.origin_kind, row.origin, row.origin_basis) == (
        "agency",
        "sana",
        "credit_in_article",
    )
    assert "وكالة الأنباء السورية" in row.origin_evidence and row.evidence_para == "f24:1"
    assert (row["first"], row.direction_basis, row.direction_confidence) == ("a", "time", "high")
    # the net network draws SANA → both outlets, not France 24 → Sky News
    net = al.reuse_edges(out, view="net")
    assert set(zip(net.outlet_from, net.outlet_to, net.edge_kind, strict=True)) == {
        ("sana", "france24_arabic", "agency"),
        ("sana", "skynews_arabia", "agency"),
    }
    assert set(net.kind_from) == {"agency"}
    raw = al.reuse_edges(out)
    assert raw[["outlet_from", "outlet_to", "edge_kind"]].values.tolist() == [
        ["france24_arabic", "skynews_arabia", "reuse"]
    ]


def test_credit_in_the_reused_paragraph_itself_is_preferred():
    paras, arts = _f24_sky()
    clusters = pd.DataFrame({"para_id": ["f24:1", "sky:2"], "cluster": [0, 0]})
    row = al.reuse_origins(clusters, paras, articles=arts).iloc[0]
    assert (row.origin_kind, row.origin_basis) == ("agency", "credit_in_paragraph")


def test_shared_quotation_is_not_copying():
    # Peskov's words, quoted by both outlets, with no agency credited in either article
    paras, arts = _f24_sky()
    paras = paras[~paras["para_id"].isin(["f24:1", "sky:2"])]
    out = pair_origins(_pairs(paras, [("f24:2", "sky:6")]), paras, articles=arts)
    row = out.iloc[0]
    assert row.origin_kind == "quotation"
    assert "بيسكوف" in row.speaker
    net = al.reuse_edges(out, view="net")
    assert net[["edge_kind", "directed"]].values.tolist() == [["quotation", False]]
    assert al.reuse_edges(out, view="net", quotations="drop").empty


def test_outlet_published_first_and_uncredited_copy():
    paras, arts = _f24_sky()
    paras = paras[~paras["para_id"].isin(["f24:1", "sky:2"])]
    row = pair_origins(_pairs(paras, [("f24:9", "sky:14")]), paras, articles=arts).iloc[0]
    assert (row.origin_kind, row.origin) == ("outlet", "france24_arabic")
    assert row.origin_basis == "published_first_time, uncredited"


def test_outlet_naming_itself_is_not_a_credit():
    # CNN's dateline "(CNN)" in its own article (ant-CN-middleEast-963-20180517)
    paras = _paras(
        [
            (
                "cnn:1",
                "cnn_arabic",
                "2018-05-17",
                "دبي، الإمارات العربية المتحدة (CNN)-- استقبل الرئيس الروسي",
            ),
            ("cnn:2", "cnn_arabic", "2018-05-17", F24_HISTORY),
            ("f24:9", "france24_arabic", "2018-05-18", F24_HISTORY),
        ]
    )
    row = pair_origins(_pairs(paras, [("cnn:2", "f24:9")]), paras).iloc[0]
    assert (row.origin_kind, row.origin, row.origin_basis) == (
        "outlet",
        "cnn_arabic",
        "published_first_day, uncredited",
    )


def test_conflicting_credits_stay_unknown():
    paras = _paras(
        [
            ("a:1", "skynews_arabia", "2018-06-24", "وقالت وكالة رويترز إن الغارات استهدفت بلدات"),
            ("a:2", "skynews_arabia", "2018-06-24", F24_HISTORY),
            ("b:1", "france24_arabic", "2018-06-25", "ذكرت وكالة فرانس برس أن الغارات استهدفت"),
            ("b:2", "france24_arabic", "2018-06-25", F24_HISTORY),
        ]
    )
    row = pair_origins(_pairs(paras, [("a:2", "b:2")]), paras).iloc[0]
    assert (row.origin_kind, row.origin_basis) == ("unknown", "conflicting_credits")


def test_spa_wire_copy_in_saudi_papers_is_agency_spa():
    # SaudiNewsNet: SPA publishes, a paper reprints with the "(واس)" dateline
    text = "أكد مجلس الوزراء السعودي أهمية دعم جهود التنمية في المملكة"
    paras = _paras(
        [
            ("spa1:1", "spa", "2015-07-21", text),
            ("okaz1:1", "okaz", "2015-07-22", "الرياض (واس)"),
            ("okaz1:2", "okaz", "2015-07-22", text),
        ]
    )
    row = pair_origins(_pairs(paras, [("okaz1:2", "spa1:1")]), paras).iloc[0]
    assert (row.origin_kind, row.origin) == ("agency", "spa")
    assert row.origin_evidence == "الرياض (واس)" and row.evidence_para == "okaz1:1"


def test_agency_copy_published_after_an_outlet_is_not_the_origin():
    text = "أكد مجلس الوزراء السعودي أهمية دعم جهود التنمية في المملكة"
    paras = _paras(
        [
            ("spa1:1", "spa", "2015-07-23", text),
            ("okaz1:1", "okaz", "2015-07-21", "الرياض (واس)"),
            ("okaz1:2", "okaz", "2015-07-21", text),
        ]
    )
    row = pair_origins(_pairs(paras, [("okaz1:2", "spa1:1")]), paras).iloc[0]
    assert row.origin_kind != "agency" or row.origin_basis.startswith("published_first")


def test_bad_options():
    paras, _ = _f24_sky()
    with pytest.raises(ValueError, match="scope"):
        pair_origins(_pairs(paras, [("f24:9", "sky:14")]), paras, scope="inside")
    with pytest.raises(ValueError, match="min_quoted"):
        al.reuse_origins(
            pd.DataFrame({"para_id": ["f24:9"], "cluster": [0]}), paras, min_quoted=1.5
        )


def test_credit_in_the_author_field_and_crawl_times_never_order():
    # SaudiNewsNet: papers put the credit in the record's author field ("الرياض - واس");
    # their times are crawl times, so without a credit nobody is "first".
    text = "تفقد مدير عام حرس الحدود اللواء البحري عواد بن عيد البلوي أمس قطاعات ومراكز"
    paras = _paras(
        [
            ("riyadh:1", "alriyadh", "2015-07-31", text),
            ("weeam:1", "alweeam", "2015-07-31", text),
        ]
    )
    arts = pd.DataFrame(
        {
            "article_id": ["riyadh", "weeam"],
            "author": ["تبوك - واس", "تبوك - الوئام :"],
            "date_evidence": [
                "record field date='2015-07-31T03:49:23' (date_kind: crawl time)",
                "record field date='2015-07-31T04:11:08' (date_kind: crawl time)",
            ],
        }
    )
    pairs = _pairs(paras, [("riyadh:1", "weeam:1")])
    row = pair_origins(pairs, paras, articles=arts).iloc[0]
    assert (row.origin_kind, row.origin, row.evidence_para) == ("agency", "spa", "riyadh:author")
    assert row.origin_basis == "credit_in_article (1 of 2 articles)"
    assert (row.direction_basis, row.direction_confidence) == ("crawl_time", "low")
    strict = pair_origins(pairs, paras, articles=arts, agency_rule="every").iloc[0]
    assert (strict.origin_kind, strict.origin_basis) == ("unknown", "crawl_time")


def test_outlet_credited_by_the_later_article():
    text = "وبخ السناتور الأميركي جون ماكين الرئيس واتهمه في كتاب جديد بالتقاعس عن القيم"
    paras = _paras(
        [
            ("sky:1", "skynews_arabia", "2018-05-07", text),
            ("ara:1", "alarabiya", "2018-05-08", text),
            ("ara:2", "alarabiya", "2018-05-08", "وذكرت سكاي نيوز عربية أن الكتاب يصدر قريبا"),
        ]
    )
    row = pair_origins(_pairs(paras, [("ara:1", "sky:1")]), paras).iloc[0]
    assert (row.origin_kind, row.origin, row.evidence_para) == ("outlet", "skynews_arabia", "ara:2")
    assert row.origin_basis == "published_first_day, credited"
    assert row["first"] == "b"


def test_repeat_inside_one_outlet_article_is_outlet_not_agency():
    # an in-article repeat (Al Mayadeen, 2023) is the outlet's own text: Al Mayadeen has a
    # registry row only so that self-citations are recognised, it is not a wire agency
    text = "وأكد المتحدث أن الاجتماع المقبل سيعقد في العاصمة الكازاخية بمشاركة الدول الضامنة"
    paras = _paras(
        [
            ("may:1", "almayadeen", "2023-06-20", text),
            ("may:7", "almayadeen", "2023-06-20", text),
        ]
    )
    clusters = al.reuse_clusters(_pairs(paras, [("may:1", "may:7")]), paras)
    got = al.reuse_origins(clusters, paras).iloc[0]
    assert got["origin_kind"] == "outlet"
    assert got["origin"] == "almayadeen"


def test_repeat_inside_one_wire_agency_article_is_agency():
    text = "وقد أعرب معاليه عن شكره وتقديره لخادم الحرمين الشريفين على الدعم والرعاية"
    paras = _paras([("spa:1", "spa", "2015-07-21", text), ("spa:4", "spa", "2015-07-21", text)])
    clusters = al.reuse_clusters(_pairs(paras, [("spa:1", "spa:4")]), paras)
    got = al.reuse_origins(clusters, paras).iloc[0]
    assert got["origin_kind"] == "agency"
    assert got["origin"] == "spa"
