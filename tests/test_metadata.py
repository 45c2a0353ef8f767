"""Outlet, date and round inference, and the outlet registry."""

from __future__ import annotations

import datetime as dt

import pandas as pd
import pytest

from astana_lib.annotate.metadata import (
    ASTANA_RE,
    OutletRegistry,
    find_dates,
    infer_date,
    infer_outlet,
    infer_round,
    round_for_date,
    round_mentions,
)
from astana_lib.resources import load_table
from astana_lib.text.normalize import normalize_arabic as N


def _rounds(text: str) -> list[tuple[int, str, bool]]:
    return [(m.round, m.kind, m.background) for m in round_mentions(N(text))]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ('مباحثات "استانا 5 "', 5),
        ('مفاوضات "أستانا-5"', 5),
        ("اجتماع آستانا 6 حول سوريا", 6),
        ("محادثات أستانة 7", 7),
        ("انطلقت الجولة الخامسة من المفاوضات في أستانا", 5),
        ("الجولة الحادية عشرة من محادثات أستانا", 11),
        ("الجولة الـ 20 من محادثات أستانا", 20),
        ("الاجتماع الدولي الثاني والعشرين بصيغة أستانا", 22),
        ("جولات أستانا الثمان", 8),
        ("بأستانا-9", 9),
    ],
)
def test_round_mentions_in_every_spelling(text, expected):
    found = _rounds(text)
    assert [r for r, _, _ in found] == [expected]


@pytest.mark.parametrize(
    "text",
    [
        "الجولة الخامسة من مفاوضات جنيف حول سوريا",  # Geneva round
        "استضافت أستانا 5 اجتماعات حول سوريا",  # a count of meetings
        "الجولة المقبلة من محادثات أستانا",  # no number
        "في الآستانة عاصمة الدولة العثمانية 5",  # Istanbul
        "أستانا 2017",  # a year
        "الجولة الخامسة",  # no Astana in the sentence
    ],
)
def test_not_round_mentions(text):
    assert _rounds(text) == []


def test_background_sentences_are_marked():
    t = "يذكر أن الجولة الرابعة من محادثات أستانا جرت في أيار. وانطلقت الجولة الخامسة في أستانا."
    assert _rounds(t) == [(4, "ordinal", True), (5, "ordinal", False)]
    assert _rounds("آستانا استضافت 5 اجتماعات كان آخرها أستانا 5") == [(5, "number", True)]


def test_astana_regex_spellings_and_istanbul():
    text = N("أستانا آستانا استانا أستانة بأستانا لأستانا وأستانا الآستانة للآستانة نور سلطان")
    names = [m.group(0) for m in ASTANA_RE.finditer(text)]
    assert len(names) == 8
    assert not ASTANA_RE.search(N("الرئيس نور سلطان نزارباييف"))


def test_infer_round_rules():
    assert infer_round([N("اجتماع أستانا 6")], ["body"])[0] == 6
    # repeats and boilerplate do not count
    assert infer_round([N("اجتماع أستانا 6")], ["repeat"])[0] is None
    # majority with the date breaking a tie
    r, ev = infer_round(
        [N("أستانا 8"), N("أستانا 7")], ["body", "body"], date=dt.date(2017, 12, 22)
    )
    assert r == 8 and "explicit" in ev
    r, ev = infer_round([N("أستانا 8"), N("أستانا 7")], ["body", "body"])
    assert r is None and ev.startswith("contradictory")
    # never from the date alone (rules and real excerpts: tests/test_rounds.py)
    assert (
        infer_round([N("محادثات أستانا حول سوريا")], ["body"], date=dt.date(2018, 5, 15))[0] is None
    )
    assert infer_round([N("خبر عن الطقس")], ["body"], date=dt.date(2018, 5, 15))[0] is None
    # the Sochi congress is a related event, not a round
    r, ev = infer_round([N("مؤتمر سوتشي ومسار أستانا")], ["body"], date=dt.date(2018, 1, 30))
    assert r is None and "not within" in ev


def test_round_windows_come_from_the_reference_table():
    rounds = load_table("rounds")
    for row in rounds.itertuples():
        assert round_for_date(row.start_date.date())[0] == row.round
        assert round_for_date(row.end_date.date())[0] == row.round


@pytest.mark.parametrize(
    ("text", "date"),
    [
        ("• 2017-12-22", dt.date(2017, 12, 22)),
        ("22/12/2017", dt.date(2017, 12, 22)),
        ("الجمعة 22 ديسمبر 2017", dt.date(2017, 12, 22)),
        ("22 كانون الأول 2017", dt.date(2017, 12, 22)),
        ("22 ديسمبر/كانون الأول 2017", dt.date(2017, 12, 22)),
        ("نوفمبر 14, 2024", dt.date(2024, 11, 14)),
        ("٢٢-١٢-٢٠١٧", dt.date(2017, 12, 22)),
    ],
)
def test_find_dates(text, date):
    assert [d for d, _ in find_dates(N(text))] == [date]


def test_dates_only_from_bylines():
    assert infer_date([N("2017-12-22")], ["body"])[0] is None
    assert (
        infer_date([N("التحديث الاخير بتاريخ|الخميس, نوفمبر 14, 2024")], ["boilerplate"])[0] is None
    )
    d, ev = infer_date([N("• 2017-12-22"), N("• 2017-12-23")], ["byline", "byline"])
    assert d is None and ev.startswith("contradictory")


def test_registry_lookup_and_ambiguity():
    reg = OutletRegistry()
    assert reg.lookup("الماسة السورية") == ("almasa",)
    assert reg.lookup("Saudi Press Agency (SPA)") == ("spa",)
    assert reg.lookup("الرأي") == ("alrai_jo", "alrai_kw")
    assert reg.domain("https://arabic.rt.com/middle_east/1") == ("rt_arabic",)
    assert reg.lookup("الرياض") == ()  # a city, not the newspaper


def test_registry_columns_and_sources():
    t = load_table("outlets")
    assert list(t.columns) == [
        "outlet_id", "name_ar", "variants_ar", "name_en", "variants_en", "domains", "country",
        "country_source", "ownership", "ownership_source", "alignment", "alignment_source",
        "source",
    ]  # fmt: skip
    assert t["outlet_id"].is_unique and t["source"].notna().all()
    for attr in ("country", "ownership", "alignment"):  # no attribute without a source
        assert not (t[attr].notna() & t[f"{attr}_source"].isna()).any(), attr


def test_every_corpus_outlet_name_is_in_the_registry():
    names = [
        "Sky News Arabia", "France 24 Arabic", "Al Arabiya", "CNN Arabic", "BBC Arabic",
        "Al-Riyadh", "Al-Jazirah", "Al-Yaum", "Al-Eqtisadiya", "Al-Sharq Al-Awsat", "Okaz",
        "Al-Watan", "Al-Madina", "Al-Weeam", "Ain Alyoum", "Sabq", "Saudi Press Agency (SPA)",
        "Arreyadi", "Arriyadiyah", "Al Mayadeen",
    ]  # fmt: skip
    reg = OutletRegistry()
    ids = [reg.lookup(n) for n in names]
    assert all(len(i) == 1 for i in ids), dict(zip(names, ids, strict=True))
    assert len({i[0] for i in ids}) == len(names)


def test_infer_outlet_signals():
    texts = ["الوقت- عقد الوفد اجتماعا.", "المصدر : الجزيرة + وكالات"]
    roles = ["body", "source"]
    oid, ev = infer_outlet(texts, [N(t) for t in texts], roles)
    assert oid is None and ev.startswith("contradictory")
    oid, ev = infer_outlet(texts[:1], [N(texts[0])], roles[:1])
    assert (oid, ev) == ("alwaght", "dateline: 'الوقت-'")
    oid, _ = infer_outlet(["انظر https://www.enabbaladi.net/archives/1"], ["x"], ["body"])
    assert oid == "enab_baladi"
    # a name in running text is not an outlet signal
    assert infer_outlet(["قال مراسل الجزيرة إن"], ["x"], ["body"])[0] is None


def test_custom_registry(tmp_path):
    t = load_table("outlets")
    extra = t.iloc[:1].copy()
    extra["outlet_id"], extra["name_ar"], extra["variants_ar"] = "mysite", "موقعي", pd.NA
    reg = OutletRegistry(pd.concat([t, extra], ignore_index=True))
    assert reg.lookup("موقعي") == ("mysite",)


def test_retrospective_and_pluperfect_mentions_do_not_set_the_round():
    r, ev = infer_round([N("في إطار أستانا 4 الشهير")], ["body"], date=dt.date(2018, 9, 30))
    assert r is None and "backward reference" in ev
    assert infer_round([N("في إطار أستانا 4")], ["body"], date=dt.date(2017, 5, 6))[0] == 4
    # 16 days after the round ended: a reference, not the round reported
    assert infer_round([N("في إطار أستانا 4")], ["body"], date=dt.date(2017, 5, 20))[0] is None
    t = N("منطقة خفض التصعيد التي كانت قد أقيمت في إطار أستانا 4")
    assert [m.background for m in round_mentions(t)] == [True]


def test_infer_round_maps_a_paragraph_once_not_once_per_mention():
    import time

    text = "انطلقت اليوم في العاصمة الكازاخستانية محادثات أستانا 6 حول سوريا. " * 3000  # ~200 KB
    t = time.perf_counter()
    r, ev = infer_round([N(text)], ["body"], texts=[text])
    assert r == 6 and "أستانا 6" in ev
    assert time.perf_counter() - t < 10  # per-mention re-mapping: minutes (issue 13)


def test_metadata_csv_utf8_bom_is_silent_other_boms_are_reported(tmp_path):
    # the reader tests the problem's kind (and the encoding), not its wording
    from astana_lib.annotate.metadata import read_metadata_csv

    body = "article_id,round\na,5\n"
    (tmp_path / "u8.csv").write_bytes(body.encode("utf-8-sig"))
    (tmp_path / "u16.csv").write_bytes(body.encode("utf-16"))
    (tmp_path / "empty.csv").write_bytes(b"")
    assert read_metadata_csv(tmp_path / "u8.csv").attrs["problems"] == []
    md16 = read_metadata_csv(tmp_path / "u16.csv")
    assert [p[0] for p in md16.attrs["problems"]] == ["UTF-16 byte-order mark"]
    assert list(md16["round"]) == ["5"]
    assert [p[0] for p in read_metadata_csv(tmp_path / "empty.csv").attrs["problems"]] == [
        "empty metadata file"
    ]
