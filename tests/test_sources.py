"""Cited agencies: the matcher and find_citations."""

from __future__ import annotations

import pandas as pd
import pytest

import astana_lib as al
from astana_lib.annotate.sources import AgencyMatcher, find_citations
from astana_lib.resources import load_table
from astana_lib.schema import CITATIONS
from astana_lib.text.normalize import normalize_arabic as N


@pytest.mark.parametrize(
    ("text", "ids"),
    [
        ("ونقلت وكالة سبوتنيك عن لافرنتييف", ["sputnik"]),
        ("في مقابلة مع RT قال", ["rt"]),
        ("ذكرت روسيا اليوم", ["rt"]),
        ("ونقلت وكالة الأنباء الكازاخستانية عن الوزير", ["kazinform"]),
        ("وقال مراسل الجزيرة إن", ["aljazeera"]),
        ("وفقا لـرويترز و(أ ف ب)", ["reuters", "afp"]),
        ("أفادت وكالة الأناضول", ["anadolu"]),
        ("الرياض (واس) - أعلن", ["spa"]),
        ("نقلت وكالة إنترفاكس عن تاس", ["interfax", "tass"]),
        ("شبه الجزيرة العربية", []),
        ("أمه وأم أخيه", []),
        ("روسيا اليومية", []),
        ("سبوتنيكات", []),
    ],
)
def test_matcher(text, ids):
    assert AgencyMatcher().ids(N(text)) == ids


def test_agencies_table_columns():
    t = load_table("agencies")
    assert list(t.columns) == ["agency_id", "name_ar", "name_en", "variant", "source", "outlet"]
    assert t["source"].notna().all()
    assert not t["variant"].duplicated().any()


def test_find_citations_on_seeds(seed_corpus):
    cit = find_citations(seed_corpus.paragraphs)
    assert list(cit.columns) == [*CITATIONS, "date"]
    got = sorted(zip(cit["article_id"].str[:3], cit["agency"], strict=True))
    assert got == [
        ("001", "sputnik"),
        ("002", "kazinform"),
        ("002", "sputnik"),
        ("003", "aljazeera"),
        ("004", "rt"),
    ]
    row = cit[cit["agency"] == "kazinform"].iloc[0]
    assert row["matched"] == "وكالة الأنباء الكازاخستانية"  # original characters
    assert row["outlet"] == "alwaght" and row["round"] == 5
    para = seed_corpus.paragraphs.set_index("para_id").loc[row["para_id"], "text"]
    assert row["matched"] in para
    # the run-on copy in 004 (a repeat) does not count twice
    assert (cit["article_id"].str.startswith("004")).sum() == 1


def test_find_citations_roles_none_and_user_table(seed_corpus):
    all_roles = find_citations(seed_corpus.paragraphs, roles=None)
    assert (all_roles["article_id"].str.startswith("004")).sum() == 2
    user = pd.DataFrame(
        {"agency_id": ["lavrentiev"], "name_ar": ["لافرينتييف"], "name_en": ["Lavrentiev"],
         "variant": ["لافرينتييف"], "source": ["test"]}
    )  # fmt: skip
    cit = find_citations(seed_corpus.paragraphs, agencies=user)
    assert set(cit["agency"]) == {"lavrentiev"} and len(cit) > 5


def test_find_citations_needs_columns():
    with pytest.raises(ValueError, match="missing column"):
        find_citations(pd.DataFrame({"text": ["x"]}))


def test_exported():
    assert al.find_citations is find_citations


# ------------------------------------------------------ issue 10: self-citations, datelines
def _cite(outlet: str, *texts: str, roles: list[str] | None = None) -> pd.DataFrame:
    paras = pd.DataFrame(
        {
            "para_id": [f"a:{i}" for i in range(1, len(texts) + 1)],
            "article_id": ["a"] * len(texts),
            "outlet": [outlet] * len(texts),
            "role": roles or ["body"] * len(texts),
            "text": list(texts),
        }
    )
    return find_citations(paras)


def test_bbc_cnn_sky_citing_themselves_are_self_citations():
    assert _cite("bbc_arabic", "وقال لبي بي سي إن")["citation_kind"].tolist() == ["self"]
    cnn = _cite("cnn_arabic", "دبي، الإمارات العربية المتحدة (CNN) -- قال لافروف")
    assert cnn[["agency", "citation_kind"]].values.tolist() == [["cnn", "self"]]
    sky = _cite("skynews_arabia", "وقالت مصادر سكاي نيوز عربية إن")
    assert sky[["agency", "citation_kind"]].values.tolist() == [["skynews_arabia", "self"]]


def test_other_outlets_citing_them_are_agency_citations_and_datelines():
    assert _cite("aljazeera", "وقال لبي بي سي إن")["citation_kind"].tolist() == ["agency"]
    d = _cite("aljazeera", "موسكو (رويترز) – قال لافروف", "ونقلت رويترز عن مصدر")
    assert d["citation_kind"].tolist() == ["dateline", "agency"]
    s = _cite("aljazeera", "المصدر: رويترز", roles=["source"])
    assert s["citation_kind"].tolist() == ["source_line"]


def test_citation_kind_values_are_documented():
    from astana_lib.annotate.sources import CITATION_KINDS

    out = _cite("bbc_arabic", "وقال لبي بي سي ونقلت رويترز")
    assert set(out["citation_kind"]) <= set(CITATION_KINDS)


def test_find_citations_maps_a_paragraph_once_not_once_per_mention():
    import time

    text = "ونقلت وكالة سبوتنيك عن الوفد الروسي أن محادثات أستانا مستمرة. " * 3000  # ~200 KB
    paras = pd.DataFrame({"para_id": ["a:1"], "article_id": ["a"], "text": [text]})
    t = time.perf_counter()
    out = find_citations(paras)
    assert len(out) == 3000 and set(out["matched"]) == {"وكالة سبوتنيك"}
    assert time.perf_counter() - t < 10  # per-mention re-mapping: minutes (issue 13)
