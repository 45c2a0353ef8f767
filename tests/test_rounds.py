"""Rounds only from evidence that the article reports on the round (short real excerpts)."""

from __future__ import annotations

import datetime as dt

import pytest

from astana_lib.annotate import rounds
from astana_lib.annotate.rounds import infer_round, reference_marker
from astana_lib.text.normalize import normalize_arabic as N


def R(text: str, date: dt.date | None, role: str = "body") -> tuple[int | None, str]:
    paras = text.split("\n\n")
    roles = [role] * len(paras)
    return infer_round([N(p) for p in paras], roles, date=date, texts=paras)


def test_forward_reference_in_a_march_article_is_not_round_9():
    # BBC Arabic, 17 Mar 2018 (foreign ministers' meeting in Astana)
    t = ("وعلى الصعيد الدبلوماسي، اجتمع وزراء خارجية روسيا وإيران وتركيا في العاصمة الكازاخستانية "
         "أستانة، حيث من المقرر إجراء الجولة التاسعة من المفاوضات بين أطراف النزاع في سوريا فيها "
         "في منتصف مايو/أيار المقبل.")  # fmt: skip
    r, ev = R(t, dt.date(2018, 3, 17))
    assert r is None
    assert "'الجولة التاسعة' is a forward reference: round 9 starts 2018-05-14" in ev


def test_press_review_before_astana_10_is_not_round_10():
    # France 24 press review, 20 Jul 2018 (Israel's nation-state law)
    t = "قبل اجتماع «آستانا 10» المقرر أن يعقد في منتجع سوتشي الروسي نهاية الشهر."
    r, ev = R(t, dt.date(2018, 7, 20))
    assert r is None and "forward reference" in ev and "'آستانا 10'" in ev


def test_putin_assad_in_sochi_names_astana_in_passing_not_round_9():
    # CNN Arabic / France 24, 17 May 2018: two days after round 9, no sentence on the meeting
    t = ("وقد تم إحراز تقدم كبير في إطار عملية أستانا، كما تم إحراز تقدم واضح أثناء مؤتمر "
         "الحوار الوطني السوري في سوتشي")  # fmt: skip
    r, ev = R(t, dt.date(2018, 5, 17))
    assert r is None and "no sentence about the meeting" in ev


@pytest.mark.parametrize(
    "text",
    [
        # Sky News Arabia, 29 Jul 2018 (detainees' death certificates)
        "واستبعاده من مباحثات السلام المرتقبة، سواء في جنيف أو أستانة",
        # France 24, 29 Jul 2018 (Erdogan announces an Istanbul summit)
        "ومنذ بدأت المفاوضات بشأن سوريا في آستانا مطلع 2017، تركزت في معظمها على محاولات",
    ],
)
def test_a_date_in_the_window_alone_gives_no_round(text):
    assert R(text, dt.date(2018, 7, 29))[0] is None


def test_new_round_without_its_number_from_date_and_meeting_text():
    # Sky News Arabia, 14 May 2018
    t = "مع انطلاق جولة جديدة من محادثات أستانة بشأن سوريا برعاية روسيا وإيران وتركيا"
    r, ev = R(t, dt.date(2018, 5, 14))
    assert r == 9
    assert ev.startswith("date + meeting text: date 2018-05-14 within round 9")
    assert "'مع انطلاق جولة جديدة من محادثات أستانة" in ev  # original characters


def test_explicit_number_in_a_headline_within_the_round():
    # Al Mayadeen, 23 Jun 2023 (headline of a record: role title)
    r, ev = R("بالتزامن مع أستانة 20.. حراك عسكري و\"بيئة حربٍ\" في الشمال والشرق",
              dt.date(2023, 6, 23), role="title")  # fmt: skip
    assert (r, ev) == (20, "explicit: 'أستانة 20'")


def test_ordinal_meeting_just_held():
    # Al Mayadeen, 29 Jan 2024
    r, ev = R(
        'جاء الاجتماع الحادي والعشرون الأخير لـ"صيغة أستانا" في ظروف إقليمية', dt.date(2024, 1, 29)
    )
    assert r == 21 and ev.startswith("explicit:")


def test_backward_references_are_not_the_round():
    # Al Mayadeen, 30 Mar 2024: "on the eve of round 21"
    t = 'الموقف الروسي عشية الجولة الـ 21 لاجتماعات "مسار أستانة" للحلّ السياسي في سوريا'
    r, ev = R(t, dt.date(2024, 3, 30))
    assert r is None and "backward reference: round 21 ended 2024-01-25" in ev
    # BBC Arabic, 30 Sep 2018: the Idlib zone "set up within Astana 4"
    t = "داخل منطقة خفض التصعيد، التي كانت قد أقيمت بدورها في إطار أستانا 4 تحت رعاية تركية"
    assert R(t, dt.date(2018, 9, 30))[0] is None


def test_without_a_date_text_markers_decide():
    assert R("من المقرر أن تنطلق الجولة العاشرة من محادثات أستانا", None)[0] is None
    assert R("الجولة السابقة من محادثات أستانا 9", None)[0] is None
    assert R("انطلقت الجولة العاشرة من محادثات أستانا", None)[0] == 10


def test_reference_markers():
    assert reference_marker(N("في منتصف مايو/أيار المقبل")) == "future"
    assert reference_marker(N("عشية الجولة الـ 21")) == "past"
    assert reference_marker(N("تنطلق اليوم الجولة التاسعة")) is None


def test_evidence_maps_each_paragraph_once(monkeypatch):
    # i13's concern: one offset map per paragraph, not one per mention (linear time)
    calls = []
    real = rounds.norm_offsets

    def counting(text):
        calls.append(len(text))
        return real(text)

    monkeypatch.setattr(rounds, "norm_offsets", counting)
    para = " ".join(["انطلقت محادثات أستانا 9 اليوم."] * 200)
    r, _ = infer_round([N(para)], ["body"], date=dt.date(2018, 5, 14), texts=[para])
    assert r == 9 and len(calls) == 1


def test_round_10_in_sochi_is_found_without_the_word_astana():
    # France 24, 30 Jul 2018 / Sky News Arabia, 1 Aug 2018 (round 10 was held in Sochi)
    t = "جولة جديدة من المحادثات حول سوريا في سوتشي بمشاركة رمزية للمعارضة"
    r, ev = R(t, dt.date(2018, 7, 30), role="title")
    assert r == 10 and ev.startswith("date + meeting text")
    t = "وصرح المسؤول الروسي عقب اختتام مفاوضات سوتشي بشأن سوريا، أنه تم سحب القوات الإيرانية"
    assert R(t, dt.date(2018, 8, 1))[0] == 10
    # Sochi words near round 9 (held in Astana) are not round 9
    assert R("اختتام مفاوضات سوتشي بشأن سوريا", dt.date(2018, 5, 15))[0] is None
    # France 24, 29 Jul 2018: the preview ("من المزمع") is not the round
    t = "من المزمع عقد مفاوضات تقنية حول تسوية النزاع في سوريا يومي الاثنين والثلاثاء في سوتشي"
    assert R(t, dt.date(2018, 7, 29))[0] is None
