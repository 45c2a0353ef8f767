"""Tests for astana_lib.analysis.actors: gazetteer, mentions, quotations, unmatched names."""

from __future__ import annotations

import gzip
import json
import os
import re
from pathlib import Path

import pandas as pd
import pytest
from _analysis_fixtures import make_paragraphs

import astana_lib as al
from astana_lib.analysis.actors import (
    actor_mentions,
    actor_summary,
    load_gazetteer,
    unmatched_names,
)
from astana_lib.text.lexicon import normalize_with_offsets
from astana_lib.text.normalize import normalize_arabic

REPO = Path(__file__).resolve().parents[1]


def _paras(*texts: str) -> pd.DataFrame:
    return pd.DataFrame(
        {
            "para_id": [f"a:{i}" for i in range(1, len(texts) + 1)],
            "article_id": "a",
            "role": "body",
            "outlet": "x",
            "text": list(texts),
        }
    )


@pytest.mark.parametrize(
    "spelling",
    [
        "لافرينتيف",
        "لافرنتييف",
        "لافرينتييف",
        "ألكسندر لافرنتييف",
        "الكسندر لافرينتييف",
        "ألكسندر لافرينتيف",
    ],
)
def test_all_lavrentiev_spellings_are_one_actor(spelling):
    m = actor_mentions(_paras(f"التقى {spelling} الوفد"))
    assert m["actor"].tolist() == ["lavrentiev"]
    assert m["matched"].tolist() == [spelling]


@pytest.mark.parametrize(
    "text, actor",
    [
        ("المبعوث ستافان دي ميستورا", "de_mistura"),
        ("المبعوث ستفان دي ميستورا", "de_mistura"),
        ("المبعوث ستيفان دي ميستورا", "de_mistura"),
        ("المبعوث دي مستورا", "de_mistura"),
        ("ولدي ميستورا رأي", "de_mistura"),
        ("حيدر بيك توماتوف", "tumatov"),
        ("وأضاف تومانوف", "tumatov"),
        ("المبعوث غير بيدرسون", "pedersen"),
        ("المبعوث بيدرسن", "pedersen"),
        ("وزير الخارجية جاويش أوغلو", "cavusoglu"),
        ("وزير الخارجية تشاووش أوغلو", "cavusoglu"),
        ("الرئيس إردوغان", "erdogan"),
        ("الرئيس اردوغان", "erdogan"),
        ("وبوتين", "putin"),
        ("خيرات عبد الرحمانوف", "abdrakhmanov"),
        ("حسين جابري أنصاري", "ansari"),
    ],
)
def test_spelling_variants(text, actor):
    assert actor_mentions(_paras(text))["actor"].tolist() == [actor]


def test_no_match_inside_words_or_for_ambiguous_bare_names():
    m = actor_mentions(_paras("نقلت سبوتنيك عن الأسد في الغابة", "الطريق الرئيسي"))
    assert m.empty
    assert list(m.columns)[-4:] == ["start", "end", "quoted", "verb"]


def test_quotations_before_after_and_blocked():
    texts = [
        "وقال لافرنتييف إن الاتفاق قريب",  # verb right before
        "قال المبعوث الخاص للرئيس الروسي إلى سوريا ألكسندر لافرينتييف إن",  # title between
        "ونقلت وكالة سبوتنيك عن لافرنتييف قوله للصحفيين",  # "عن X قوله"
        "لذلك فإن (المبعوث الدولي لسوريا ستفان) دي ميستورا أكد ضرورة الاستمرار",  # verb after
        "قالت الخارجية إن لافروف ناقش الأزمة مع تيلرسون",  # complementiser: not quoted
        "وأشار لافرنتييف الى أن محادثاته مع ستافان دي ميستورا كانت بناءة",  # other actor
        "لافرنتييف: جولة آستانا الحالية ستكون ختامية",  # headline colon
        "وقال المسؤول الروسي إن",  # back-reference: no actor at all
    ]
    m = actor_mentions(_paras(*texts))
    got = [
        (r.para_id, r.actor, r.quoted, None if pd.isna(r.verb) else r.verb) for r in m.itertuples()
    ]
    assert got == [
        ("a:1", "lavrentiev", True, "وقال"),
        ("a:2", "lavrentiev", True, "قال"),
        ("a:3", "lavrentiev", True, "قوله"),
        ("a:4", "de_mistura", True, "أكد"),
        ("a:5", "lavrov", False, None),
        ("a:5", "tillerson", False, None),
        ("a:6", "lavrentiev", True, "وأشار"),
        ("a:6", "de_mistura", False, None),
        ("a:7", "lavrentiev", True, ":"),
    ]
    text_of = dict(zip(_paras(*texts)["para_id"], texts, strict=True))
    for r in m.itertuples():
        assert text_of[r.para_id][r.start : r.end] == r.matched


def test_window_limits_the_distance_to_the_verb():
    text = "قال المبعوث الخاص للرئيس الروسي إلى سوريا ألكسندر لافرينتييف"
    assert actor_mentions(_paras(text), window=6)["quoted"].tolist() == [True]
    assert actor_mentions(_paras(text), window=5)["quoted"].tolist() == [False]
    with pytest.raises(ValueError, match="window"):
        actor_mentions(_paras(text), window=-1)


def test_metadata_kept_and_summary():
    paras = make_paragraphs()
    m = actor_mentions(paras)
    assert {"outlet", "date", "round", "my_tag", "role"} <= set(m.columns)
    assert "repeat" not in set(m["role"])
    s = actor_summary(m, by="outlet")
    lav = s[s["actor"] == "lavrentiev"].set_index("outlet")
    assert lav.loc["outlet_x", "n_mentions"] == 2 and lav.loc["outlet_x", "n_quoted"] == 2
    assert lav.loc["outlet_y", "spellings"] == ["ألكسندر لافرينتييف"]
    by_tag = actor_summary(m, by="my_tag")
    assert set(by_tag["my_tag"]) == {"batch1", "batch2"}
    assert set(by_tag.loc[by_tag["my_tag"] == "batch2", "actor"]) == {"aridi"}
    m2 = m.assign(country=m["outlet"].map({"outlet_x": "SY", "outlet_y": "QA"}))
    assert set(actor_summary(m2)["country"].dropna()) == {"SY", "QA"}


def test_user_gazetteer_extends(tmp_path):
    p = tmp_path / "g.csv"
    pd.DataFrame(
        {
            "actor_id": ["hassoun"],
            "name_en": ["Fateh Hassoun"],
            "name_ar": ["فاتح حسون"],
            "alias": ["فاتح حسون"],
            "role": ["opposition delegate"],
            "affiliation": ["Syrian opposition"],
            "source": ["test"],
        }
    ).to_csv(p, index=False)
    gaz = load_gazetteer(p, extend=True)
    m = actor_mentions(_paras("وقال فاتح حسون إن لافروف"), gazetteer=gaz)
    assert m["actor"].tolist() == ["hassoun", "lavrov"]
    only = actor_mentions(_paras("وقال فاتح حسون إن لافروف"), gazetteer=p)
    assert only["actor"].tolist() == ["hassoun"]


def _seeds():
    if not hasattr(al, "read_corpus"):
        pytest.skip("reader (al.read_corpus) not available yet")
    return al.read_corpus(REPO / "seeds").paragraphs


def test_seeds_lavrentiev_spellings_and_quotation():
    m = actor_mentions(_seeds())
    lav = m[m["actor"] == "lavrentiev"]
    spellings = {normalize_arabic(s).split()[-1] for s in lav["matched"]}
    assert spellings == {normalize_arabic(s) for s in ["لافرينتيف", "لافرنتييف", "لافرينتييف"]}
    q = lav[lav["article_id"].str.startswith("001") & (lav["verb"] == "وقال")]
    assert len(q) == 1 and bool(q["quoted"].iloc[0])
    assert "tumatov" in set(m.loc[m["article_id"].str.startswith("003"), "actor"])
    assert {
        "de_mistura",
        "jones",
        "satterfield",
        "ansari",
        "jaafari",
        "vershinin",
        "abdrakhmanov",
        "lavrov",
        "tillerson",
        "assad",
    } <= set(m["actor"])


def _shared() -> Path:
    env = os.environ.get("ASTANA_SHARED")
    return Path(env) if env else Path(__file__).resolve().parents[2] / "shared"


#: Loose patterns (normalised text) that catch any spelling of these names.
_LOOSE = {
    "lavrentiev": r"لافر\w*نت\w*ف",
    "de_mistura": r"دي ?مي?ستورا",
    "pedersen": r"بيدرس(?:ن|ون)",
    "cavusoglu": r"(?:جاويش|تشاووش|شاووش) اوغلو",
    "erdogan": r"اردوغان",
}


@pytest.mark.corpora
def test_corpora_every_spelling_of_key_actors_is_one_actor():
    corpora = sorted((_shared() / "corpora").glob("*.jsonl.gz"))
    if not corpora:
        pytest.skip("../shared/corpora not available")
    raw = re.compile("لافر|ستورا|بيدرس|اوغلو|أوغلو|دوغان")
    rows = []
    for path in corpora:
        with gzip.open(path, "rt", encoding="utf-8") as f:
            for line in f:
                if not raw.search(line):
                    continue
                d = json.loads(line)
                for i, t in enumerate((d.get("text") or "").split("\n\n"), 1):
                    if raw.search(t):
                        rows.append((f"{d['id']}:{i}", d["id"], t))
    paras = pd.DataFrame(rows, columns=["para_id", "article_id", "text"])
    m = actor_mentions(paras, roles=None)
    spans = {}
    for r in m.itertuples():
        spans.setdefault((r.para_id, r.actor), []).append((r.start, r.end))
    checked = {a: 0 for a in _LOOSE}
    for r in paras.itertuples():
        norm, starts, ends = normalize_with_offsets(r.text)
        for actor, pat in _LOOSE.items():
            for hit in re.finditer(rf"(?<!\w)[وفبل]?({pat})(?!\w)", norm):
                a, b = starts[hit.start(1)], ends[hit.end(1) - 1]
                covered = any(s <= a and b <= e for s, e in spans.get((r.para_id, actor), []))
                assert covered, (actor, r.para_id, r.text[max(0, a - 30) : b + 30])
                checked[actor] += 1
    assert all(n > 0 for n in checked.values()), checked


def test_empty_paragraphs():
    empty = make_paragraphs().iloc[:0]
    m = actor_mentions(empty)
    assert m.empty and {"outlet", "actor", "quoted", "verb"} <= set(m.columns)
    assert actor_summary(m).empty and unmatched_names(empty).empty


# ------------------------------------------------------------- issue 10: who is quoted
def test_verb_before_bare_assad_is_a_quoted_assad_mention():
    texts = [
        "وقال الأسد إن الحرب طويلة",
        "واعتبر الأسد أن الاتفاق مؤقت",
        "وتابع الأسد: لن نقبل",
        "أضاف الأسد في المقابلة",
        "أكد شقيقه ماهر الأسد",
        "نقلت سبوتنيك عن الأسد في الغابة",
        "قال، الأسد",
    ]
    m = actor_mentions(_paras(*texts))
    assert m["para_id"].tolist() == ["a:1", "a:2", "a:3", "a:4"]
    assert (m["actor"] == "assad").all() and m["quoted"].all()
    assert m["verb"].tolist() == ["وقال", "واعتبر", "وتابع", "أضاف"]


def test_cavusoglu_tashawish_spelling_is_matched():
    m = actor_mentions(_paras("وقال مولود تشاويش أوغلو إن", "وزير الخارجية تشاوش أوغلو"))
    assert m["actor"].tolist() == ["cavusoglu", "cavusoglu"]
    assert m["quoted"].tolist() == [True, False]


def test_according_to_and_criticised_attribute_the_words():
    texts = [
        "وبحسب الرئيس بوتين فإن القوات ستبقى",
        "وانتقد وزير الخارجية الروسي سيرغي لافروف التقارير",
        "وحسب لافرنتييف، فإن الجولة المقبلة",
    ]
    m = actor_mentions(_paras(*texts))
    assert m[["actor", "quoted", "verb"]].values.tolist() == [
        ["putin", True, "وبحسب"],
        ["lavrov", True, "وانتقد"],
        ["lavrentiev", True, "وحسب"],
    ]


def test_joint_statement_of_several_leaders_quotes_each_of_them():
    text = (
        "وأكد الرؤساء الروسي فلاديمير بوتين والتركي رجب طيب أردوغان "
        "والإيراني حسن روحاني على وحدة سوريا"
    )
    m = actor_mentions(_paras(text))
    assert m["actor"].tolist() == ["putin", "erdogan", "rouhani"]
    assert m["quoted"].all() and (m["verb"] == "وأكد").all()
    # a name after a preposition is still not a joint subject
    m = actor_mentions(_paras("وأشار لافرنتييف إلى محادثاته مع بوتين ولافروف"))
    assert m["quoted"].tolist() == [True, False, False]


def test_clitics_on_names_are_matched():
    m = actor_mentions(_paras("ولافروف ولبوتين وبأردوغان وكلافرنتييف"))
    assert m["actor"].tolist() == ["lavrov", "putin", "erdogan", "lavrentiev"]
    assert m["matched"].tolist() == ["لافروف", "بوتين", "أردوغان", "لافرنتييف"]
