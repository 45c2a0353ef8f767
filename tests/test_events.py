"""Astana-process events (summits, ministers' meetings, congress): table and inference."""

from __future__ import annotations

import datetime as dt

import pandas as pd
import pytest

import astana_lib as al
from astana_lib.annotate.events import article_meetings, event_table, events_for_date, infer_event
from astana_lib.resources import load_table
from astana_lib.text.normalize import normalize_arabic as N


def E(text: str, date: dt.date | None) -> tuple[str | None, str]:
    return infer_event([N(text)], ["body"], date=date, texts=[text])


def test_event_table_has_the_issue_s_events_with_sources():
    ev = load_table("related_events").set_index("event_id")
    expected = {
        "summit-2017-11": "2017-11-22", "summit-2018-04": "2018-04-04",
        "summit-2018-09": "2018-09-07", "summit-2019-02": "2019-02-14",
        "summit-2019-09": "2019-09-16", "summit-2020-07": "2020-07-01",
        "summit-2022-07": "2022-07-19", "fm-2018-03": "2018-03-16", "fm-2018-04": "2018-04-28",
        "congress-2018-01": "2018-01-29",
    }  # fmt: skip
    for eid, start in expected.items():
        assert ev.loc[eid, "start_date"] == pd.Timestamp(start), eid
    assert ev.index.is_unique
    assert ev["source"].str.startswith("http").all()
    assert set(ev["event_type"]) <= {"summit", "ministers", "congress", "memorandum"}
    assert (ev["end_date"] >= ev["start_date"]).all()


def test_ankara_summit_from_date_and_summit_words():
    # France 24, 4 Apr 2018
    t = ("يستقبل الرئيس التركي رجب طيب أردوغان الأربعاء في أنقرة نظيريه الروسي فلاديمير بوتين "
         "والإيراني حسن روحاني لعقد قمة حول سوريا")  # fmt: skip
    eid, ev = E(t, dt.date(2018, 4, 4))
    assert eid == "summit-2018-04"
    assert ev.startswith("date + meeting text: date 2018-04-04 within Guarantor presidents'")
    assert "summit words with guarantors" in ev


@pytest.mark.parametrize(
    ("text", "date", "event"),
    [
        # Sky News Arabia, 16 Mar 2018 (it calls the ministers' meeting a "summit")
        ("وأضاف لافروف خلال قمة بشأن سوريا في أستانة عاصمة كازاخستان، الجمعة",
         dt.date(2018, 3, 16), "fm-2018-03"),
        # France 24, 28 Apr 2018
        ("التقى السبت في موسكو، وزراء خارجية روسيا وإيران وتركيا لبحث سبل تسوية النزاع السوري",
         dt.date(2018, 4, 28), "fm-2018-04"),
        # Sky News Arabia, 8 Sep 2018
        ("عقدت إيران وروسيا وتركيا، قمة ثلاثية في طهران، لبحث الأوضاع في محافظة إدلب",
         dt.date(2018, 9, 8), "summit-2018-09"),
    ],
)  # fmt: skip
def test_events_from_real_excerpts(text, date, event):
    assert E(text, date)[0] == event


def test_no_event_from_a_date_alone_or_words_outside_the_window():
    eid, ev = E("قتل 14 شخصا على الأقل في الغوطة الشرقية", dt.date(2018, 4, 4))
    assert eid is None and "no sentence about the meeting" in ev
    t = "عقدت إيران وروسيا وتركيا، قمة ثلاثية في طهران"
    assert E(t, dt.date(2018, 9, 20))[0] is None
    assert E(t, None) == (None, "no date")
    assert events_for_date(dt.date(2018, 1, 30)) == ["congress-2018-01"]


def test_event_column_in_a_read_corpus(tmp_path):
    import json

    recs = [
        {"id": "a", "date": "2018-04-04", "title": "قمة تركية روسية إيرانية لبحث مستقبل سوريا",
         "text": "تعقد في العاصمة التركية أنقرة، الأربعاء، قمة ثلاثية تجمع أردوغان وبوتن وروحاني."},
        {"id": "b", "date": "2018-04-04", "text": "قتل 14 شخصا في الغوطة الشرقية.",
         "event": "summit-2018-04"},
        {"id": "c", "date": "2018-06-04", "text": "قمة ثلاثية في أنقرة."},
    ]  # fmt: skip
    p = tmp_path / "r.jsonl"
    p.write_text("\n".join(json.dumps(r, ensure_ascii=False) for r in recs), "utf-8")
    a = al.read_corpus(p, progress=False).articles.set_index("article_id")
    assert a.loc["a", "event"] == "summit-2018-04" and a.loc["a", "event_source"] == "inferred"
    assert a.loc["b", "event_source"] == "metadata"  # a record field wins
    assert pd.isna(a.loc["c", "event"]) and "not within 3 days" in a.loc["c", "event_evidence"]


def test_meetings_and_meeting_coverage_for_timelines():
    t = event_table()
    assert t["start_date"].is_monotonic_increasing
    assert {"round", "event"} == set(t["kind"])
    arts = pd.DataFrame(
        {"article_id": ["a", "b", "c", "d"], "outlet": ["x", "x", "y", None],
         "round": pd.array([9, None, 9, None], dtype="Int64"),
         "event": [None, "fm-2018-04", "fm-2018-04", None]}
    )  # fmt: skip
    m = article_meetings(arts)
    assert m["meeting"].tolist()[:3] == ["round-9", "fm-2018-04", "round-9"]  # round wins
    cov = al.meeting_coverage(arts)
    got = cov[["outlet", "meeting", "n_articles"]].astype(object).values.tolist()
    assert ["x", "fm-2018-04", 1] in got and ["y", "round-9", 1] in got
    assert cov["n_articles"].sum() == 4  # nothing dropped: no meeting counted under NA
