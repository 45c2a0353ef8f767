"""Paragraph roles (title, body, byline, boilerplate, repeat …).

Paragraphs come from :func:`astana_lib.annotate.paragraphs.split_paragraphs` (re-exported here).

Roles (:func:`assign_roles`), in the order the rules are tried; ``role_reason`` names the
rule that fired:

1. ``boilerplate`` — ``empty_after_normalisation`` (only invisible characters),
   ``html_markup`` (only tags), ``separator`` (no letter or digit: rules such as
   ``-----`` or ``* * *``), or one of the :data:`BOILERPLATE_PHRASES` (page-update
   stamps, print/send/share/comment links, form text): the paragraph is short and nothing
   but those phrases, dates and punctuation remains.
2. ``source`` — a short line ``المصدر : …`` (``source_line``) or ``نقلا عن …``
   (``reprint_line``).
3. ``byline`` — a block of short bulleted lines that carries a date (``bullet_block``;
   bulleted lists without a date are body), a line that is only a date (``date_line``), a
   short author line ``بقلم/كتب/إعداد …`` (``author_line``), or ``name - city``
   (``author_city``, cities from :data:`BYLINE_CITIES`).
4. ``section`` — a short tag of one to four words with stand-alone separators, such as
   ``سياسة ـ الرأي ـ`` (``section_tag``): a trailing separator, two separators, or a
   section word (:data:`SECTION_WORDS`).
5. ``repeat`` — the normalised text equals an earlier paragraph's (``exact_repeat``), or
   the paragraph is a run-on copy of several others (``run_on_copy``): at least 80 % of
   its word 3-shingles occur in the union of the other paragraphs, at least two of them
   contribute, and it is longer than each contributor. ``duplicate_of`` points at the
   first copy / the first contained paragraph.
6. ``title`` — a headline-shaped paragraph (one line, 2–25 words, at most 160 characters,
   no final full stop, comma or colon) that either equals the record's own title
   (``matches_record_title``), comes first and is followed by a longer paragraph
   (``headline_first``), or comes later but has at least 60 % of its words in the lead
   paragraph (``headline_echo``: scrapers often put the headline after the body). At most
   one title per article.
7. ``body`` — everything else (``default``).
"""

from __future__ import annotations

import re
from typing import NamedTuple

from astana_lib.annotate.metadata import DATE_TOKENS_RE, DATE_WORDS, find_dates
from astana_lib.annotate.paragraphs import Paragraph, split_paragraphs
from astana_lib.text.normalize import normalize_arabic

__all__ = [
    "BOILERPLATE_PHRASES",
    "BYLINE_CITIES",
    "SECTION_WORDS",
    "Paragraph",
    "RoleResult",
    "assign_roles",
    "split_paragraphs",
]

#: Boilerplate phrases, as regular expressions on the *normalised* text
#: (:func:`astana_lib.text.normalize.normalize_arabic`: alef/yeh/teh-marbuta folded, lowercase).
#: (name, pattern, what it is). A paragraph is boilerplate when at least one matches and
#: nothing but these phrases, dates and punctuation remains. Extend with care: a phrase
#: only ever removes itself, so body sentences that contain it keep their other words.
BOILERPLATE_PHRASES: tuple[tuple[str, str, str], ...] = (
    (
        "update_stamp",
        r"(?:التحديث الاخير|اخر تحديث|تاريخ (?:ال)?تحديث|اخر تعديل|تم التحديث|updated)"
        r"(?:\s*(?:بتاريخ|في|:))?",
        "page-update stamp: not the publication date",
    ),
    ("print", r"(?:طباعه|اطبع|print)(?: (?:الخبر|المقال|الصفحه))?", "print link"),
    (
        "send",
        r"(?:ارسال|ارسل)(?: (?:الخبر|المقال|الرابط))?(?: (?:الي|لـ?) ?صديق)?",
        "send-to-a-friend link",
    ),
    (
        "comment",
        r"(?:اضافه|اكتب|اضف|ارسل|شاركنا) (?:تعليق|تعليقا|تعليقك|رايك)|عدد التعليقات|التعليقات|تعليقات",
        "comment form link",
    ),
    (
        "required_fields",
        r"(?:كل|جميع) الحقول[^\n]{0,40}?مطلوبه|الحقول المطلوبه|(?:\(\*\))",
        "comment form: required fields",
    ),
    (
        "share",
        r"شارك(?: (?:المقال|الخبر|علي|عبر))*|مشاركه|فيسبوك|فيس بوك|تويتر|واتساب|واتس اب|تلغرام|"
        r"تيليجرام|facebook|twitter|whatsapp|telegram|email|share",
        "share buttons",
    ),
    ("read_more", r"اقرا (?:ايضا|المزيد)|المزيد|ذات صله|اخبار ذات صله", "related-links header"),
    ("follow", r"تابعونا(?: علي)?|تابعنا علي", "follow-us link"),
    ("copyright", r"جميع الحقوق محفوظه|حقوق النشر محفوظه|©", "copyright line"),
    ("views", r"(?:عدد )?(?:المشاهدات|مشاهده|القراءات)", "view counter"),
)

_STAMP_RE = re.compile(dict((n, p) for n, p, _ in BOILERPLATE_PHRASES)["update_stamp"])
_BOILER_RE = re.compile("|".join(f"(?P<{n}>{p})" for n, p, _ in BOILERPLATE_PHRASES))
_LETTER_RE = re.compile(r"[^\W\d_]")
_LETTERS_RE = re.compile(r"[^\W\d_]+")
#: Every letter run of the phrases plus date words: the first word of a boilerplate
#: paragraph must be one of them (a fast pre-check before the phrase regex).
_BOILER_WORDS = frozenset(
    _LETTERS_RE.findall(" ".join(p for _, p, _ in BOILERPLATE_PHRASES) + " " + DATE_WORDS)
)
_TAG_RE = re.compile(r"<[^<>]{0,2000}>")
_WORD_RE = re.compile(r"\w+")
_SOURCE_RE = re.compile(r"^\W*(?:(?P<source>المصدر\s*[:：])|(?P<reprint>نقلا عن))")
_BULLET_CHARS = "•·▪◦●○■□►▸-*–—"
_AUTHOR_RE = re.compile(
    r"^(?:(?:بقلم|كتب|كتبه|كتبت|by)(?!\w)|(?:اعداد|تحرير|ترجمه|المحرر|مراسل)\s*[:：])"
    r"|^ترجمه خاصه(?!\w)"
)
#: Section names (normalised) that make a short separated tag a section tag.
SECTION_WORDS = frozenset(
    [
        "سياسه",
        "اقتصاد",
        "رياضه",
        "ثقافه",
        "اخبار",
        "محليات",
        "دولي",
        "عربي",
        "عربيه",
        "منوعات",
        "تقارير",
        "الراي",
        "مقالات",
        "صحه",
        "تكنولوجيا",
        "فن",
        "فنون",
        "العالم",
        "السياسه",
        "الاقتصاد",
        "الرياضه",
        "الثقافه",
        "الاخبار",
        "المحليات",
        "الدوليه",
        "العربيه",
        "المنوعات",
        "التقارير",
        "المقالات",
        "الصحه",
        "سوريا",
        "الشرق",
        "الاوسط",
        "مجتمع",
        "تحقيقات",
        "حوارات",
    ]
)
#: Cities (normalised) of ``name - city`` byline lines.
BYLINE_CITIES = frozenset(
    [
        "الرياض",
        "جده",
        "مكه",
        "المدينه",
        "الدمام",
        "الخبر",
        "ابها",
        "تبوك",
        "حائل",
        "جازان",
        "نجران",
        "القصيم",
        "الطائف",
        "دمشق",
        "بيروت",
        "القاهره",
        "موسكو",
        "انقره",
        "طهران",
        "عمان",
        "بغداد",
        "الدوحه",
        "دبي",
        "ابوظبي",
        "الكويت",
        "المنامه",
        "مسقط",
        "استانا",
        "واشنطن",
        "لندن",
        "باريس",
        "جنيف",
        "نيويورك",
        "اسطنبول",
        "حلب",
        "ادلب",
        "سوتشي",
    ]
)
_SECTION_SEPS = frozenset({"ـ", "|", "»", "«", "›", "‹", ">", "<", "/", "-", "–", "—", "::", "•"})
_DASH_SPLIT_RE = re.compile(r"\s[-–—ـ]\s|\s[-–—]|[-–—]\s")
_TITLE_END_BAD = ".。؛;:،,…"
_BYLINE_WORDS_RE = re.compile(r"تاريخ النشر|نشر في|نشر بتاريخ|بتاريخ|الساعه|منذ")
_TIME_RE = re.compile(r"\d{1,2}:\d{2}(?::\d{2})?(?:\s*(?:ص|م|am|pm))?")

SHINGLE = 3
RUN_ON_MIN_COVERAGE = 0.8
ECHO_MIN_SHARE = 0.6


class RoleResult(NamedTuple):
    """Role of one paragraph, the rule that gave it, and the repeated paragraph's index."""

    role: str
    reason: str
    duplicate_of: int | None = None


def _no_letters(s: str) -> bool:
    return _LETTER_RE.search(s) is None


def _boilerplate_rule(text: str, norm: str) -> str | None:
    if not norm:
        return "empty_after_normalisation"
    if "<" in text and _TAG_RE.search(text) and _no_letters(_TAG_RE.sub(" ", text)):
        return "html_markup"
    if _no_letters(norm) and not any(ch.isdigit() for ch in norm):
        return "separator"
    if len(norm) <= 300:
        first = _LETTERS_RE.search(norm)
        if first is None or first.group(0) not in _BOILER_WORDS:
            return None
        m = _BOILER_RE.search(norm)
        if m is not None:
            rest = DATE_TOKENS_RE.sub(" ", _BOILER_RE.sub(" ", norm))
            if _no_letters(rest):
                return f"boilerplate:{m.lastgroup}"
    return None


def _byline_rule(text: str, norm: str) -> str | None:
    if len(norm) > 200:
        return None
    lines = [ln.strip() for ln in text.split("\n") if ln.strip()]
    if lines and all(ln[0] in _BULLET_CHARS and len(ln) <= 40 for ln in lines):
        if find_dates(norm):
            return "bullet_block"
        return None
    if len(lines) == 1 and len(norm) <= 80:
        if find_dates(norm):
            rest = DATE_TOKENS_RE.sub(" ", _TIME_RE.sub(" ", _BYLINE_WORDS_RE.sub(" ", norm)))
            if _no_letters(rest):
                return "date_line"
        if len(norm) <= 60 and len(norm.split()) <= 8 and _AUTHOR_RE.match(norm):
            return "author_line"
        parts = [x.strip() for x in _DASH_SPLIT_RE.split(norm)]
        if (
            len(parts) == 2
            and parts[1] in BYLINE_CITIES
            and 1 <= len(parts[0].split()) <= 3
            and len(norm) <= 40
        ):
            return "author_city"
    return None


def _section_rule(text: str) -> bool:
    s = text.strip()
    if "\n" in s or len(s) > 60:
        return False
    toks = s.split()
    seps = [t for t in toks if t in _SECTION_SEPS]
    words = [t for t in toks if t not in _SECTION_SEPS]
    if not seps or not 1 <= len(words) <= 4:
        return False
    if any(ch in s for ch in ".؟?!،:,") or any(ch.isdigit() for ch in s):
        return False
    return (
        toks[-1] in _SECTION_SEPS
        or len(seps) >= 2
        or any(normalize_arabic(w) in SECTION_WORDS for w in words)
    )


def _headline_shaped(text: str, norm: str) -> bool:
    s = text.strip()
    if "\n" in s or not s or len(s) > 160:
        return False
    if s[-1] in _TITLE_END_BAD:
        return False
    n = len(norm.split())
    return 2 <= n <= 25 and not _no_letters(norm)


def _shingles(norm: str) -> set[tuple[str, str, str]]:
    w = norm.split()
    return set(zip(w, w[1:], w[2:], strict=False))


def _run_on_copies(idx: list[int], norms: list[str]) -> dict[int, tuple[int, float, list[int]]]:
    """Find run-on copies among paragraphs ``idx``: {i: (first contributor, coverage, contributors)}.

    A paragraph is a run-on copy when >= ``RUN_ON_MIN_COVERAGE`` of its 3-word shingles
    occur in other paragraphs, at least two other paragraphs contribute, and every
    contributor is shorter (in shingles). Linear in the article's size: an inverted
    index (shingle -> paragraphs) replaces the comparison of all paragraph pairs; the
    "every contributor is shorter" test reads the two largest holders of each shingle,
    and contributors are listed only for accepted paragraphs, which share no shingle
    with each other (each would have to be shorter than the other).
    """
    if len(idx) < 3:
        return {}
    sh = {i: _shingles(norms[i]) for i in idx}
    post: dict[tuple[str, str, str], list[int]] = {}
    for i in idx:
        for g in sh[i]:
            post.setdefault(g, []).append(i)
    # per shingle found in two or more paragraphs: its two largest holders (size, index)
    top2: dict[tuple[str, str, str], tuple[tuple[int, int], tuple[int, int]]] = {}
    for g, holders in post.items():
        if len(holders) < 2:
            continue
        best = second = (-1, -1)
        for j in holders:
            cand = (len(sh[j]), j)
            if cand > best:
                best, second = cand, best
            elif cand > second:
                second = cand
        top2[g] = (best, second)
    if not top2:
        return {}
    found: dict[int, tuple[int, float, list[int]]] = {}
    for i in idx:
        si = sh[i]
        if len(si) < 10:
            continue
        shared = [g for g in si if g in top2]
        share = len(shared) / len(si)
        if share < RUN_ON_MIN_COVERAGE:
            continue
        if any(
            (t[1] if t[0][1] == i else t[0])[0] >= len(si) for t in map(top2.__getitem__, shared)
        ):
            continue  # some contributor is as long as this paragraph
        contrib_set: set[int] = set()
        for g in shared:
            contrib_set.update(post[g])
        contrib_set.discard(i)
        if len(contrib_set) < 2:
            continue
        contrib = sorted(contrib_set)
        found[i] = (contrib[0], share, contrib)
    return found


def assign_roles(
    texts: list[str], norms: list[str], *, record_title: str | None = None
) -> list[RoleResult]:
    """Give every paragraph of one article a role (see the module docstring for the rules).

    Parameters
    ----------
    texts : list of str
        Original paragraph texts, in article order.
    norms : list of str
        Their normalised forms (:func:`astana_lib.text.normalize.normalize_arabic`).
    record_title : str, optional
        Normalised title from the record's metadata; a paragraph equal to it is the title.

    Returns
    -------
    list of RoleResult
        ``(role, reason, duplicate_of)``; ``duplicate_of`` is the 0-based index of the
        first copy (repeats only).

    Examples
    --------
    >>> from astana_lib.text.normalize import normalize_arabic
    >>> texts = ["مفاوضات بأستانا", "تشهد أستانا مفاوضات اليوم.", "تشهد أستانا مفاوضات اليوم.",
    ...          "طباعة الخبر", "المصدر : الجزيرة"]
    >>> [r.role for r in assign_roles(texts, [normalize_arabic(t) for t in texts])]
    ['title', 'body', 'repeat', 'boilerplate', 'source']
    """
    if len(texts) != len(norms):
        raise ValueError("texts and norms must have the same length")
    n = len(texts)
    out: list[RoleResult | None] = [None] * n
    for i, (t, nm) in enumerate(zip(texts, norms, strict=True)):
        rule = _boilerplate_rule(t, nm)
        if rule is not None:
            out[i] = RoleResult("boilerplate", rule)
        elif len(nm) <= 120 and (m := _SOURCE_RE.match(nm)) is not None:
            out[i] = RoleResult("source", "source_line" if m.group("source") else "reprint_line")
        elif (rule := _byline_rule(t, nm)) is not None:
            out[i] = RoleResult("byline", rule)
        elif _section_rule(t):
            out[i] = RoleResult("section", "section_tag")

    first_seen: dict[str, int] = {}
    for i in range(n):
        if out[i] is not None:
            continue
        j = first_seen.setdefault(norms[i], i)
        if j != i:
            out[i] = RoleResult("repeat", f"exact_repeat of paragraph {j + 1}", j)

    content = [i for i in range(n) if out[i] is None]
    for i, (first, share, contrib) in _run_on_copies(content, norms).items():
        out[i] = RoleResult(
            "repeat",
            f"run_on_copy: {share:.0%} of its 3-word shingles occur in {len(contrib)} "
            f"other paragraphs (first: {first + 1})",
            first,
        )

    content = [i for i in range(n) if out[i] is None]
    title: int | None = None
    if record_title:
        for i in content:
            if norms[i] == record_title:
                title = i
                out[i] = RoleResult("title", "matches_record_title")
                break
    elif content and _headline_shaped(texts[content[0]], norms[content[0]]):
        first = content[0]
        if any(len(norms[j]) > len(norms[first]) for j in content[1:]):
            title = first
            out[first] = RoleResult("title", "headline_first")
    if title is None and record_title is None and len(content) >= 2:
        lead = content[0]
        lead_words = set(_WORD_RE.findall(norms[lead]))
        for i in content[1:]:
            if not _headline_shaped(texts[i], norms[i]):
                continue
            words = [w for w in _WORD_RE.findall(norms[i]) if len(w) > 1]
            if not words or len(norms[i]) >= len(norms[lead]):
                continue
            share = sum(w in lead_words for w in words) / len(words)
            if share >= ECHO_MIN_SHARE:
                out[i] = RoleResult(
                    "title",
                    f"headline_echo: {share:.0%} of its words are in the lead paragraph {lead + 1}",
                )
                break
    return [
        r
        if r is not None
        else RoleResult(
            "body",
            "default; contains a glued page-update stamp (not a date)"
            if _STAMP_RE.search(norms[i])
            else "default",
        )
        for i, r in enumerate(out)
    ]
