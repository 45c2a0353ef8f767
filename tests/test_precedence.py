"""One precedence rule for article metadata (annotate/precedence.py) and its use by the reader."""

from __future__ import annotations

import json
import warnings

import pandas as pd

from astana_lib.annotate.precedence import Candidate, Decision, decide
from astana_lib.reading.read import read_corpus

CURATED = Candidate("metadata", "sana", "curated metadata.csv; text: source line 'سانا'")
RECORD = Candidate("metadata", "alwatan", "record field outlet='الوطن'")
TEXT = Candidate("inferred", "sana", "source line 'سانا'")


def test_first_candidate_with_a_value_wins_with_its_source_and_evidence():
    d = decide([Candidate("metadata", None, ""), RECORD, TEXT])
    assert d == Decision("alwatan", "metadata", "record field outlet='الوطن'", (TEXT,))


def test_overruled_lists_only_lower_candidates_with_another_value():
    d = decide([CURATED, RECORD, TEXT])
    assert d.value == "sana" and d.source == "metadata"
    assert d.overruled == (RECORD,)  # the text agrees with the curated value


def test_no_value_joins_every_non_empty_evidence_in_priority_order():
    d = decide(
        [
            Candidate("metadata", None, ""),
            Candidate("metadata", None, "record field round=99 is not a round number (1-22)"),
            Candidate("inferred", None, "Astana not named in title/body"),
        ]
    )
    assert d == Decision(
        None,
        None,
        "record field round=99 is not a round number (1-22); Astana not named in title/body",
    )


def test_no_candidate_gives_no_value_and_no_evidence():
    assert decide([]) == Decision(None, None, "")


def test_a_falsy_value_is_a_value():
    d = decide([Candidate("metadata", 0, "zero"), Candidate("inferred", 5, "five")])
    assert (d.value, d.evidence) == (0, "zero")


def _read(tmp_path, records, metadata=None):
    path = tmp_path / "news.jsonl"
    path.write_text(
        "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records), encoding="utf-8"
    )
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return read_corpus(path, progress=False, metadata=metadata)


def test_reader_curated_round_wins_over_record_and_text_and_reports_the_text(tmp_path):
    text = "انطلاق الجولة السابعة من محادثات أستانا حول سوريا اليوم في العاصمة الكازاخية"
    recs = [{"id": "a", "round": 6, "date": "2017-10-30", "text": text}]
    md = pd.DataFrame({"article_id": ["a"], "round": ["9"]})
    c = _read(tmp_path, recs, metadata=md)
    row = c.articles.iloc[0]
    assert (row["round"], row["round_source"]) == (9, "metadata")
    assert row["round_evidence"].startswith("curated metadata DataFrame; text: ")
    assert any(
        p.startswith("curated round 9 differs from the text (7: ") for p in c.problems["problem"]
    )


def test_reader_invalid_record_round_falls_back_to_the_text_with_both_evidences(tmp_path):
    recs = [{"id": "a", "round": 99, "text": "خبر عن الطقس في دمشق"}]
    c = _read(tmp_path, recs)
    row = c.articles.iloc[0]
    assert pd.isna(row["round"]) and pd.isna(row["round_source"])
    assert row["round_evidence"].startswith("record field round 99 is not a round number (1-22); ")
    assert list(c.problems["action"]) == ["ignored; round inferred from the text"]
