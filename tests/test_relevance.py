"""Astana relevance levels and the disambiguation of الأستانة (short real excerpts)."""

from __future__ import annotations

import pandas as pd
import pytest

import astana_lib as al
from astana_lib.annotate.relevance import astana_relevance, level_at_least, talks_mentions
from astana_lib.text.normalize import normalize_arabic as N


@pytest.mark.parametrize(
    "text",
    [
        # BBC Arabic, 28 Feb 2018
        'ومع انطلاق مفاوضات الأستانة بداية 2017 دخلت الحركة في تحالف مع "جبهة فتح الشام"',
        # BBC Arabic, 29 Jun 2018
        "من بين مناطق خفض التوتر الأربعة التي اتفقت عليها روسيا وتركيا وإيران في العاصمة "
        "الكازاخية الآستانة قبل أكثر من عام",
    ],
)
def test_bbc_al_astana_is_astana(text):
    assert len(talks_mentions(N(text))) == 1


@pytest.mark.parametrize(
    "text",
    [
        # BBC Arabic, 22 Sep 2018 (Ahwaz history)
        "تم التوصل إلى اتفاق جديد وقع في الاستانة (عاصمة الدولة العثمانية في حينها)",
        # Al-Sharq Al-Awsat, 24 Jul 2015 (travelogue)
        "وأتوقف عند عبوره مضيق الدردنيل إلى البوسفور، فظاهر الآستانة، أو إسطنبول",
        # Al-Sharq Al-Awsat, 6 Aug 2015 (but no cue at all: not counted either)
        "أقل اليخت الخديو عباس حلمي الثاني إلى منفاه بالأستانة في تركيا",
    ],
)
def test_istanbul_is_not_astana(text):
    assert talks_mentions(N(text)) == []


@pytest.mark.parametrize(
    "text",
    [
        "وخيم التعادل السلبي على لقاء إتش جيه كيه هيلسنكي مع ضيفه إف سي استانا",  # football
        "وقد وصل الشيخ محمد بن زايد، الأربعاء، إلى العاصمة أستانا في زيارة رسمية",  # Kazakh visit
    ],
)
def test_the_kazakh_city_is_not_the_talks(text):
    assert talks_mentions(N(text)) == []


def _paras(rows):
    aid, role, text = zip(*rows, strict=True)
    return pd.DataFrame({"article_id": aid, "role": role, "text": text})


def test_levels_on_real_excerpts():
    p = _paras([
        # Sky News Arabia, 14 Jul 2018: headline and lead about the Astana deal
        ("s", "title", 'أردوغان يبلغ بوتن مخاوفه من "انهيار أستانة"'),
        ("s", "body", "أبلغ الرئيس التركي رجب طيب أردوغان نظيره الروسي بأن اتفاق أستانة الذي "
                      "يهدف إلى احتواء الصراع السوري قد ينهار إذا استهدفت قوات الحكومة إدلب"),
        # Sky News Arabia, 21 Mar 2018: one sentence on what Astana agreed
        ("b", "body", "قتل 16 طفلا الأربعاء في غارة قرب مدرسة بمحافظة إدلب."),
        ("b", "body", "وتشكل محافظة إدلب إحدى مناطق اتفاق خفض التوتر، الذي تم التوصل إليه في "
                      "مايو في أستانة برعاية روسيا وإيران وتركيا"),
        # Al Mayadeen, 29 May 2023: a name in a list
        ("p", "body", "أعلن الرئيس التركي فوزه بجولة الإعادة في انتخابات الرئاسة."),
        ("p", "body", 'تقارب مع روسيا تجلى في تدشين أنبوب "السيل التركي"، والسير بمسار أستانة '
                      "- سوتشي للحل في سوريا"),
        # Al-Sharq Al-Awsat 2015: Istanbul
        ("n", "body", "وعاش فترة في الأستانة، إسطنبول، يصدر صحيفة «الجوائب»"),
    ])  # fmt: skip
    rel = astana_relevance(p).set_index("article_id")
    assert rel["relevance"].to_dict() == {
        "s": "subject", "b": "background", "p": "passing", "n": "none"
    }  # fmt: skip
    assert "headline names the talks" in rel.loc["s", "relevance_evidence"]
    assert rel.loc["n", "astana_mentions"] == 0


def test_filter_min_relevance_and_bad_values():
    df = pd.DataFrame(
        {"article_id": ["a", "b", "b"],
         "text": ["اتفاق أستانة الذي يهدف إلى احتواء الصراع السوري قد ينهار",
                  "قتل مدنيون في إدلب", "شارك الفصيل في محادثات جنيف وأستانا حول سوريا"]}
    )  # fmt: skip
    assert al.filter_astana(df)["article_id"].tolist() == ["a", "b", "b"]
    assert al.filter_astana(df, min_relevance="background")["article_id"].tolist() == ["a"]
    with pytest.raises(ValueError, match="min_relevance"):
        al.filter_astana(df, min_relevance="high")
    with pytest.raises(ValueError, match="min_relevance"):
        level_at_least(pd.Series(["subject"]), "most")


def test_subcorpus_min_relevance(tmp_path):
    import gzip
    import json

    from astana_lib.cli import main

    recs = [
        {"id": "a", "title": "جولة جديدة من محادثات أستانا", "date": "2018-05-14",
         "text": "مع انطلاق جولة جديدة من محادثات أستانة بشأن سوريا برعاية روسيا وإيران وتركيا."},
        {"id": "b", "date": "2018-03-01", "text": "قتل مدنيون في إدلب.\n\nوشارك في محادثات "
         "جنيف وأستانا حول سوريا."},
    ]  # fmt: skip
    src = tmp_path / "d.jsonl"
    src.write_text("\n".join(json.dumps(r, ensure_ascii=False) for r in recs), "utf-8")
    out = tmp_path / "o.jsonl.gz"
    assert main(["-q", "subcorpus", str(src), "--out", str(out), "--min-relevance", "subject"]) == 0
    with gzip.open(out, "rt", encoding="utf-8") as fh:
        assert [json.loads(x)["id"] for x in fh] == ["a"]
    assert main(["-q", "subcorpus", str(src), "--out", str(out)]) == 0
    with gzip.open(out, "rt", encoding="utf-8") as fh:
        assert len(fh.read().splitlines()) == 2


@pytest.mark.corpora
def test_bbc_al_astana_articles_are_kept_from_the_real_dump(shared_dir):
    from astana_lib.reading.parts import read_part

    c = read_part(shared_dir / "corpora" / "ant_multisource_2018.jsonl.gz", start=1200, stop=1220)
    f = al.filter_astana(c)
    assert "ant-BB-middleEast-115-20180228" in set(f.articles["article_id"])
