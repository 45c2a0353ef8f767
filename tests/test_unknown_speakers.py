"""Tests of astana_lib.analysis.unknown_speakers: speech-verb subjects the gazetteer lacks."""

from __future__ import annotations

import pandas as pd
from _analysis_fixtures import make_paragraphs

from astana_lib.analysis.gazetteer import load_gazetteer
from astana_lib.analysis.unknown_speakers import unmatched_names


def test_unmatched_names_reports_unknown_speakers_and_keeps_metadata():
    paras = make_paragraphs()
    u = unmatched_names(paras, gazetteer=load_gazetteer()[lambda d: d["actor_id"] != "aridi"])
    cands = u[u["kind"] == "candidate_name"]
    assert "يحيى العريضي" in set(cands["candidate"])
    assert {"outlet", "my_tag"} <= set(u.columns)
    # verbs attributed to known actors are not reported
    assert "لافرنتييف" not in " ".join(u["phrase"])


def test_kinds_of_unknown_subjects():
    paras = pd.DataFrame(
        {
            "para_id": ["a:1", "a:2"],
            "article_id": ["a", "a"],
            "role": ["body", "body"],
            "text": ["وقال المسؤول الروسي إن الوفد", "وأضاف: لن نقبل"],
        }
    )
    u = unmatched_names(paras)
    assert u[["para_id", "phrase", "kind"]].values.tolist() == [
        ["a:1", "المسؤول الروسي", "no_name"],
        ["a:2", "", "no_subject"],
    ]


def test_window_must_be_positive():
    import pytest

    with pytest.raises(ValueError, match="window"):
        unmatched_names(make_paragraphs(), window=0)
