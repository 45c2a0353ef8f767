"""Paragraph roles: the seed facts of issue 2 and generated inputs (splitting: test_paragraphs)."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from astana_lib.annotate.paragraphs import split_paragraphs
from astana_lib.annotate.roles import assign_roles
from astana_lib.text.normalize import normalize_arabic

SEEDS = Path(__file__).resolve().parents[1] / "seeds"
S000 = "000_a78b001b85edf31a"
S001 = "001_50371eee1d8be29c"
S002 = "002_01f740d96dbb44b1"
S003 = "003_16459814e9a46614"
S004 = "004_bf5fb0177f1529b9"


def _roles(text: str):
    paras = split_paragraphs(text)
    texts = [p.text for p in paras]
    return paras, assign_roles(texts, [normalize_arabic(t) for t in texts])


def _by_line(paragraphs, article_id):
    p = paragraphs[paragraphs["article_id"] == article_id]
    return {int(r.line_start): r for r in p.itertuples()}


def _nonblank_lines(text: str) -> list[int]:
    return [i for i, ln in enumerate(text.split("\n"), start=1) if ln.strip()]


# ----------------------------------------------------------------------------- splitting


_line = st.one_of(
    st.just(""),
    st.just("   "),
    st.just("\u00a0"),
    st.sampled_from(["أستانا 5", "  • 2017-12-22", "طباعة الخبر", "المصدر : سانا", "ـ"]),
    st.text(
        alphabet=st.characters(blacklist_categories=("Cs",), blacklist_characters="\n\r"),
        max_size=40,
    ),
)


@settings(max_examples=300, deadline=None)
@given(st.lists(_line, max_size=30))
def test_generated_inputs_lose_no_line(lines):
    text = "\n".join(lines)
    paras, roles = _roles(text)
    covered = [i for p in paras for i in range(p.line_start, p.line_end + 1)]
    assert sorted(covered) == _nonblank_lines(text)
    assert len(covered) == len(set(covered))
    for p in paras:
        assert p.text == "\n".join(text.split("\n")[p.line_start - 1 : p.line_end])
    assert len(roles) == len(paras)
    for i, r in enumerate(roles):
        if r.role == "repeat":
            assert r.duplicate_of is not None and r.duplicate_of != i
        else:
            assert r.duplicate_of is None
    assert sum(r.role == "title" for r in roles) <= 1


# ----------------------------------------------------------------------------- seed facts


def test_000_repeats_point_at_first_copy(seed_corpus):
    by = _by_line(seed_corpus.paragraphs, S000)
    for line in range(12, 22):
        r = by[line]
        assert r.role == "repeat", line
        assert r.duplicate_of == f"{S000}:{line - 10}"
        assert by[line - 10].text == r.text
    body = [r for r in by.values() if r.role == "body"]
    assert len(body) == 12  # lines 1-11 and 22
    assert sorted(r.line_start for r in body) == [*range(1, 12), 22]
    assert len({r.norm for r in body}) == 12


def test_004_run_on_copy_title_byline_and_debris(seed_corpus):
    by = _by_line(seed_corpus.paragraphs, S004)
    run_on = by[28]
    assert len(run_on.text) == 1550 and len(run_on.text.encode("utf-8")) == 2816
    assert run_on.role == "repeat" and run_on.role_reason.startswith("run_on_copy")
    assert run_on.duplicate_of == f"{S004}:1"
    # no single paragraph equals it
    assert all(r.norm != run_on.norm for k, r in by.items() if k != 28)
    assert by[26].role == "title" and by[26].role_reason.startswith("headline_echo")
    assert by[21].role == "byline" and by[21].line_end == 24
    assert by[30].role == "source" and "الماسة السورية" in by[30].text
    assert by[33].role == "boilerplate" and by[33].text == "اكتب تعليق"
    assert by[35].role == "boilerplate" and "مطلوبة" in by[35].text
    assert {by[k].role for k in range(1, 20, 2)} == {"body"}


def test_001_stamp_section_title_and_links(seed_corpus):
    by = _by_line(seed_corpus.paragraphs, S001)
    assert by[1].role == "boilerplate" and by[1].role_reason == "boilerplate:update_stamp"
    assert by[3].role == "title"
    assert by[5].role == "section"
    assert by[29].role == "boilerplate" and by[31].role == "boilerplate"
    assert {by[k].role for k in range(7, 28, 2)} == {"body"}


def test_titles_of_other_seeds(seed_corpus):
    assert _by_line(seed_corpus.paragraphs, S003)[1].role == "title"
    assert _by_line(seed_corpus.paragraphs, S003)[21].role == "source"
    for aid in (S000, S002):  # the first line is the lead sentence, not a headline
        assert "title" not in set(
            seed_corpus.paragraphs.loc[seed_corpus.paragraphs["article_id"] == aid, "role"]
        )


def test_role_reason_always_names_a_rule(seed_corpus):
    assert seed_corpus.paragraphs["role_reason"].notna().all()
    assert (seed_corpus.paragraphs["role_reason"].str.len() > 0).all()


# ----------------------------------------------------------------------------- rules


def test_body_sentence_with_a_boilerplate_word_stays_body():
    texts = ["شارك الوزير في اجتماع أستانا حول سوريا اليوم."]
    assert assign_roles(texts, [normalize_arabic(t) for t in texts])[0].role == "body"


def test_short_line_that_does_not_echo_the_lead_is_not_a_title():
    texts = [
        "قال المبعوث الروسي إن موسكو اقترحت على واشنطن المشاركة في محادثات أستانا.",
        "وأضاف أن الجولة المقبلة ستعقد في موعدها",
    ]
    roles = assign_roles(texts, [normalize_arabic(t) for t in texts])
    assert [r.role for r in roles] == ["body", "body"]


def test_html_markup_lines_are_boilerplate():
    _paras, roles = _roles("<html>\n<body>\n<p>محادثات أستانا حول سوريا.</p>\n</body>")
    assert [r.role for r in roles] == ["boilerplate", "boilerplate", "body", "boilerplate"]
    assert roles[0].reason == "html_markup"


def test_invisible_only_line_is_kept_as_boilerplate():
    paras, roles = _roles("نص الخبر.\n\u200f\u200e\nنص آخر.")
    assert [p.line_start for p in paras] == [1, 2, 3]
    assert roles[1] == ("boilerplate", "empty_after_normalisation", None)


@pytest.mark.parametrize(
    ("text", "role", "reason"),
    [
        ("سياسة ـ الرأي ـ", "section", "section_tag"),
        ("أخبار | سوريا", "section", "section_tag"),
        ("ناصر الطميحي - جدة", "byline", "author_city"),
        ("* نقلا عن صحيفة الرياض", "source", "reprint_line"),
        ("الجمعة 22 ديسمبر 2017", "byline", "date_line"),
        ("بقلم: أحمد علي", "byline", "author_line"),
        ("* المقادير:", "body", "default"),  # a bulleted list item, not a byline
        ("ساعة ذرية - شمسية", "body", "default"),
    ],
)
def test_short_line_rules(text, role, reason):
    texts = ["نص طويل بما يكفي ليكون فقرة من متن الخبر عن محادثات أستانا.", text]
    r = assign_roles(texts, [normalize_arabic(t) for t in texts])[1]
    assert (r.role, r.reason) == (role, reason)


@pytest.mark.parametrize(
    ("text", "role"),
    [
        ("تحرير: أحمد علي", "byline"),
        ("تحرير جبال الزلزال", "body"),  # 'liberation', not 'edited by'
        ("ترجمة خاصة بالميادين نت", "byline"),
        ("دراما اجتماعية / رومانيا ـ 2015", "body"),
    ],
)
def test_author_and_section_edge_cases(text, role):
    texts = ["نص طويل بما يكفي ليكون فقرة من متن الخبر عن محادثات أستانا.", text]
    assert assign_roles(texts, [normalize_arabic(t) for t in texts])[1].role == role


def test_glued_update_stamp_is_named_in_the_reason():
    texts = ["يذكر أن الجولة الرابعة جرت في أيار.التحديث الاخير بتاريخ|الخميس, نوفمبر 14, 2024"]
    r = assign_roles(texts, [normalize_arabic(t) for t in texts])[0]
    assert r.role == "body" and "glued page-update stamp" in r.reason


def _run_on_reference(idx, norms):
    """The former all-pairs version of _run_on_copies (issue 13 regression reference)."""
    from astana_lib.annotate.roles import RUN_ON_MIN_COVERAGE, _shingles

    if len(idx) < 3:
        return {}
    sh = {i: _shingles(norms[i]) for i in idx}
    seen, multi = set(), set()
    for s in sh.values():
        multi |= seen & s
        seen |= s
    found = {}
    for i in idx:
        si = sh[i]
        if len(si) < 10 or len(si & multi) / len(si) < RUN_ON_MIN_COVERAGE:
            continue
        contrib = [j for j in idx if j != i and not si.isdisjoint(sh[j])]
        if len(contrib) < 2 or any(len(sh[j]) >= len(si) for j in contrib):
            continue
        found[i] = (min(contrib), len(si & multi) / len(si), contrib)
    return found


def test_run_on_copies_index_equals_all_pairs_reference():
    import random

    from astana_lib.annotate.roles import _run_on_copies

    rng = random.Random(13)
    words = [f"كلمة{k}" for k in range(40)]
    for _ in range(200):
        base = [
            " ".join(rng.choices(words, k=rng.randint(3, 30))) for _ in range(rng.randint(3, 9))
        ]
        paras = list(base)
        for _ in range(rng.randint(0, 3)):  # run-on copies: glued neighbours
            k = rng.randrange(len(base) - 1)
            paras.insert(rng.randrange(len(paras) + 1), base[k] + " " + base[k + 1])
        idx = list(range(len(paras)))
        assert _run_on_copies(idx, paras) == _run_on_reference(idx, paras)


def test_twenty_thousand_paragraphs_in_one_article_are_not_compared_pairwise():
    import time

    from astana_lib.annotate.roles import _run_on_copies

    shared = "محادثات استانا حول سوريا تستمر اليوم في العاصمه الكازاخستانيه بحضور الوفود"
    paras = [
        f"{shared} فقره رقم {k} " + " ".join(f"w{k}x{j}" for j in range(12)) for k in range(20_000)
    ]
    t = time.perf_counter()
    _run_on_copies(list(range(len(paras))), paras)
    assert time.perf_counter() - t < 20  # all pairs: ~50 s at 20,000 (issue 13)
