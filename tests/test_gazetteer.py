"""Tests of astana_lib.analysis.gazetteer: the actor gazetteer and its context rules."""

from __future__ import annotations

from astana_lib.analysis.gazetteer import gazetteer_matches, load_gazetteer, only_after_rules
from astana_lib.text.lexicon import TermMatcher
from astana_lib.text.normalize import normalize_arabic


def test_gazetteer_has_sources_and_one_actor_per_alias():
    gaz = load_gazetteer()
    assert gaz["source"].notna().all()
    assert gaz.groupby("term_norm")["actor_id"].nunique().max() == 1
    names = gaz.groupby("actor_id")["name_en"].nunique()
    assert (names == 1).all()
    # ambiguous bare surnames are not aliases, or only in a context (only_after)
    for bare in ["الأسد", "الجعفري", "رئيسي", "المعلم", "جونز", "علوش"]:
        rows = gaz[gaz["term_norm"] == normalize_arabic(bare)]
        assert rows.empty or rows["only_after"].fillna("").str.len().gt(0).all(), bare


def test_bare_alias_counts_only_in_its_only_after_context():
    gaz = load_gazetteer()
    matcher = TermMatcher(gaz["term_norm"].tolist())
    rules = only_after_rules(gaz)
    assad = set(gaz.index[gaz["actor_id"] == "assad"])

    def found(text: str) -> list[str]:
        norm = normalize_arabic(text)
        return [norm[s:e] for k, s, e in gazetteer_matches(matcher, norm, rules) if k in assad]

    assert found("وقال الأسد إن الحرب طويلة") == ["الاسد"]
    assert found("نقلت سبوتنيك عن الأسد في الغابة") == []
    assert found("قال، الأسد") == []
    assert found("وقال الرئيس بشار الأسد") == ["الرئيس بشار الاسد"]
