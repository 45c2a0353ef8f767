"""Astana topic filter."""

from __future__ import annotations

import pandas as pd
import pytest

import astana_lib as al
from astana_lib.annotate.topic import astana_mentions, count_astana_mentions, filter_astana
from astana_lib.reading.parts import read_part


def test_mentions_are_spans_of_the_original_text():
    t = "مفاوضات بأستانا ثم آستانا 6، وفي الآستانة، ثم نور سلطان."
    ms = astana_mentions(t)
    assert [m.matched for m in ms] == ["بأستانا", "آستانا", "نور سلطان"]
    assert all(t[m.start : m.end] == m.matched for m in ms)


def test_filter_keeps_all_seeds_and_their_columns(seed_corpus):
    f = filter_astana(seed_corpus)
    assert len(f) == 5 and (f.articles["astana_mentions"] > 0).all()
    added = ["astana_mentions", "relevance", "relevance_score", "relevance_evidence"]
    assert list(f.articles.columns) == [*seed_corpus.articles.columns, *added]
    assert (f.articles["relevance"] == "subject").all()
    assert f.paragraphs.equals(seed_corpus.paragraphs)
    assert al.filter_astana is filter_astana


def test_filter_min_mentions_and_repeats_do_not_count(seed_corpus):
    counts = count_astana_mentions(seed_corpus.paragraphs)
    # 000 names Astana 10 times in its unique paragraphs; its repeats would add more
    assert counts["000_a78b001b85edf31a"] == 10
    f = filter_astana(seed_corpus, min_mentions=11)
    assert set(f.articles["article_id"]) == {"001_50371eee1d8be29c"}
    assert set(f.paragraphs["article_id"]) == {"001_50371eee1d8be29c"}


def test_filter_on_dataframes_excludes_istanbul_and_kazakh_news():
    df = pd.DataFrame(
        {
            "article_id": ["a", "b", "c", "d"],
            "text": [
                "محادثات أستانا حول سوريا",
                "زار السلطان الآستانة وسوريا",
                "افتتح معرض في أستانا عاصمة كازاخستان",
                "دمشق: وفد إلى نور سلطان",
            ],
            "outlet": ["x", "y", "z", "w"],
        }
    )
    assert filter_astana(df)["article_id"].tolist() == ["a", "d"]
    # Kazakh news without a word of the talks is the city, not the talks
    assert filter_astana(df, require_syria=False)["article_id"].tolist() == ["a", "d"]
    assert list(filter_astana(df).columns) == ["article_id", "text", "outlet"]
    with pytest.raises(ValueError, match="min_mentions"):
        filter_astana(df, min_mentions=0)


@pytest.mark.corpora
def test_filter_finds_astana_articles_in_a_real_corpus(shared_dir):
    c = read_part(shared_dir / "corpora" / "almayadeen_2023_2024.jsonl.gz", stop=1200)
    f = filter_astana(c)
    assert 0 < len(f) < len(c)
    assert f.articles["astana_mentions"].min() >= 1


def test_record_title_counts(tmp_path):
    import json

    recs = [
        {"id": "t", "title": "جولة جديدة من محادثات أستانا", "text": "بحث الوفد الوضع في سوريا."},
        {"id": "u", "title": "خبر آخر", "text": "بحث الوفد الوضع في سوريا."},
    ]
    p = tmp_path / "r.jsonl"
    p.write_text("\n".join(json.dumps(r, ensure_ascii=False) for r in recs), "utf-8")
    c = read_part(p)
    f = filter_astana(c)
    assert f.articles["article_id"].tolist() == ["t"]
    assert f.articles["astana_mentions"].tolist() == [1]
