"""Astana rounds: which numbered round an article reports on, with the rule and the words.

A round is set only from evidence that the article *reports on* that round
(:func:`infer_round`), never from the publication date alone:

1. **explicit** — a number or ordinal of the round (``أستانا 5``, ``أستانا-5``,
   ``الجولة الخامسة`` / ``الاجتماع الدولي السادس`` / ``الجولة الـ 5`` / ``الجولة رقم 20`` in a
   sentence that names Astana and no other venue) counts when the article's date lies
   within the round's dates ± :data:`REPORT_WINDOW_DAYS` (7). A mention of a round that
   starts later is a *forward* reference ("the ninth round … is scheduled for mid-May" in a
   March article), one of a round that ended earlier a *backward* reference ("in the
   framework of Astana 4" months later); neither is taken. Without a date, sentences with
   future (``المقبلة``, ``من المقرر``, ``المرتقبة`` …) or past markers (``السابقة``,
   ``الماضية``, ``يذكر أن``, ``كانت قد`` …) are references and the others count.
2. **count + date** — ``جولات أستانا الثمان`` (→ 8) counts when the date is within the
   window (± :data:`DATE_WINDOW_DAYS`) of that same round.
3. **date + meeting text** — the date lies within a round's window (± 3 days) *and* a
   title/body sentence that names Astana (or the round's own city when it was held
   elsewhere: Sochi for rounds 10 and 15) speaks of the meeting itself: it opens, is
   held, ends, its final statement, "a new round" (``انطلاق``, ``تعقد``, ``اختتام``,
   ``البيان الختامي``, ``جولة جديدة`` …), with no future/past marker and no other year.

``الآستانة`` with the article ``ال`` is not matched here (see
:mod:`astana_lib.annotate.relevance` for its disambiguation); related events (summits, ministers'
meetings, the Sochi congress) are not rounds: see :mod:`astana_lib.annotate.events`.
The evidence quotes the original characters; each paragraph is mapped to its original
offsets at most once, so inference is linear in the article's length.
"""

from __future__ import annotations

import datetime as dt
import re
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass
from functools import lru_cache

from astana_lib.resources import load_table
from astana_lib.text.normalize import normalize_arabic
from astana_lib.text.offsets import norm_offsets

__all__ = [
    "ASTANA_RE",
    "DATE_WINDOW_DAYS",
    "REPORT_WINDOW_DAYS",
    "ROUND_MENTION_RE",
    "RoundMention",
    "infer_round",
    "round_for_date",
    "round_mentions",
]

#: Astana (the city and the talks) in normalised text; ``الاستانه`` (Istanbul) and
#: ``نور سلطان نزارباييف`` (the president) do not match. Group ``name`` is the city word.
ASTANA_RE = re.compile(
    r"(?<!\w)[وف]?[بلك]?(?P<name>استانا|استانه|نور ?سلطان(?!\s*نزار)|astana)(?!\w)"
)
_ORDINALS: dict[str, int] = {}
_UNITS = [
    ("الاول", "الاولي"), ("الثاني", "الثانيه"), ("الثالث", "الثالثه"), ("الرابع", "الرابعه"),
    ("الخامس", "الخامسه"), ("السادس", "السادسه"), ("السابع", "السابعه"),
    ("الثامن", "الثامنه"), ("التاسع", "التاسعه"), ("العاشر", "العاشره"),
]  # fmt: skip
for _i, (_m, _f) in enumerate(_UNITS, start=1):
    _ORDINALS[_m] = _ORDINALS[_f] = _i
for _m, _f, _i in (("الحادي", "الحاديه", 1), ("الثاني", "الثانيه", 2)):
    _ORDINALS[f"{_m} عشر"] = _ORDINALS[f"{_f} عشره"] = 10 + _i
    _ORDINALS[f"{_m} والعشرين"] = _ORDINALS[f"{_f} والعشرين"] = 20 + _i
    _ORDINALS[f"{_m} والعشرون"] = _ORDINALS[f"{_f} والعشرون"] = 20 + _i
_ORDINALS["الواحد والعشرين"] = 21
for _i, (_m, _f) in enumerate(_UNITS[2:9], start=3):
    _ORDINALS[f"{_m} عشر"] = _ORDINALS[f"{_f} عشره"] = 10 + _i
_ORDINALS["العشرين"] = _ORDINALS["العشرون"] = 20
_ORD_ALT = "|".join(sorted(map(re.escape, _ORDINALS), key=len, reverse=True))
_COUNTS = {
    "الثلاث": 3, "الاربع": 4, "الخمس": 5, "الست": 6, "السبع": 7,
    "الثمان": 8, "الثماني": 8, "الثمانيه": 8, "التسع": 9, "العشر": 10,
}  # fmt: skip
_COUNT_ALT = "|".join(sorted(_COUNTS, key=len, reverse=True))
_NOT_COUNTED = r"(?!\s*(?:جولات|اجتماعات|جلسات|مرات|ايام|اشهر|سنوات|اعوام|وفود|دول|مناطق|الاف))"
_ASTANA_WORD = r"[وف]?[بلك]?(?:استانا|استانه|نور ?سلطان|astana)"

#: Explicit round mentions in normalised text (groups ``num``, ``ord``, ``count``).
ROUND_MENTION_RE = re.compile(
    rf"(?<!\w){_ASTANA_WORD}\s*[-–—_/]?\s*[\"'“”«»]?\s*(?P<num>\d{{1,2}})(?![\d.,]\d)(?!\d){_NOT_COUNTED}"
    rf"|(?<!\w)(?:[وفبل]?(?:ال)?جوله|[وفبل]?(?:ال)?اجتماع|[وفبل]?(?:ال)?مباحثات|[وفبل]?(?:ال)?محادثات)"
    rf"(?:\s+(?:الدولي|الرفيع المستوي|رفيعه المستوي|رفيع المستوي))?"
    rf"\s+(?:رقم\s*)?(?:ال\s*(?=\d))?(?:(?P<ord>{_ORD_ALT})(?!\w)|(?P<ordnum>\d{{1,2}})(?!\d))"
    rf"|(?<!\w)[وفبل]?(?:ال)?جولات\s+{_ASTANA_WORD}\s+(?P<count>{_COUNT_ALT})(?!\w)"
)

_DIGIT_RE = re.compile(r"\d")
_ROUND_WORDS = ("جول", "اجتماع", "محادثات", "مباحثات")
_BACKGROUND_RE = re.compile(
    r"^\W*(?:و|ف)?(?:يذكر|يشار|تجدر الاشاره|جدير بالذكر|من المعروف|ومن المعروف)"
    r"|كان اخرها|كانت اخرها|كان اخرهما|(?<!\w)كانت? قد(?!\w)"
)
#: Past markers: a sentence with one of these refers to an earlier meeting.
PAST_RE = re.compile(
    r"(?<!\w)(?:ال)?(?:سابقه|السابق|الماضيه|الماضي|المنصرم|المنصرمه)(?!\w)"
    r"|(?<!\w)[وف]?منذ(?!\w)|(?<!\w)عشيه(?!\w)|(?<!\w)في وقت سابق(?!\w)"
)
#: Future markers: a sentence with one of these announces a coming meeting.
FUTURE_RE = re.compile(
    r"(?<!\w)(?:ال)?(?:مقبل|مقبله|قادم|قادمه|مرتقب|مرتقبه|مزمع|مزمعه)(?!\w)"
    r"|(?<!\w)(?:من )?المقرر(?!\w)|(?<!\w)من المنتظر(?!\w)|(?<!\w)(?:ست|سي)(?:عقد|نطلق|بدا|جري|ستضيف|نعقد)(?!\w)"
)
#: Words saying that a meeting opens, is held, ends, or issues its final statement.
MEETING_RE = re.compile(
    r"(?<!\w)[وب]?(?:ال)?(?:انطلاق|انطلقت|تنطلق|انطلق|بدء|بدات|تبدا|افتتاح|افتتحت|انعقاد|تنعقد|"
    r"انعقدت|تعقد|عقدت|يعقد|اختتام|اختتمت|تختتم|ختام|تتواصل|تستانف|استئناف|استؤنفت|انتهت|تنتهي|انتهاء)(?!\w)"
    r"|البيان الختامي|بيان ختامي|البيان المشترك|جوله جديده|الجوله الحاليه|"
    r"(?:اجتماع|اجتماعات|محادثات|مفاوضات|مباحثات)\S* (?:\S+ ){0,3}(?:اليوم|امس)(?!\w)"
)
_OTHER_VENUE_RE = re.compile(r"جنيف|جينيف|فيينا|لوزان|الرياض|القاهره|اللجنه الدستوريه")
_SENTENCE_END_RE = re.compile(r"(?<=[.!?؟])\s+|\n+")
_YEAR_RE = re.compile(r"(?<!\d)(?:19|20)\d\d(?!\d)")
#: A round's window for the date rules (days before its start / after its end).
DATE_WINDOW_DAYS = 3
#: An explicit mention counts when the article's date is within the round's dates ± this.
REPORT_WINDOW_DAYS = 7


def _may_name_astana(norm: str) -> bool:
    """Cheap substring pre-check before :data:`ASTANA_RE`."""
    return "استان" in norm or "سلطان" in norm or "astana" in norm


def sentence_spans(norm: str) -> Iterator[tuple[int, int]]:
    """``(start, end)`` of each sentence of a normalised paragraph (empty ones skipped).

    Examples
    --------
    >>> t = "جملة اولي. جملة ثانيه\\nسطر"
    >>> [t[a:b] for a, b in sentence_spans(t)]
    ['جملة اولي.', 'جملة ثانيه', 'سطر']
    """
    start = 0
    for m in _SENTENCE_END_RE.finditer(norm):
        if m.start() > start:
            yield start, m.start()
        start = m.end()
    if start < len(norm):
        yield start, len(norm)


def reference_marker(sentence: str) -> str | None:
    """'past' or 'future' when a normalised sentence refers to another meeting, else None.

    Examples
    --------
    >>> reference_marker(normalize_arabic("من المقرر إجراء الجولة التاسعة في منتصف مايو المقبل"))
    'future'
    >>> reference_marker(normalize_arabic("يذكر أن الجولة الرابعة جرت في أيار"))
    'past'
    >>> reference_marker(normalize_arabic("انطلقت الجولة التاسعة اليوم")) is None
    True
    """
    if _BACKGROUND_RE.search(sentence) or PAST_RE.search(sentence):
        return "past"
    if FUTURE_RE.search(sentence):
        return "future"
    return None


@dataclass(frozen=True)
class RoundMention:
    """One round mention.

    ``round``; ``kind`` ('number', 'ordinal', 'count'); ``matched`` text; ``background``
    (the sentence is a background/past sentence); ``marker`` ('past', 'future' or None,
    see :func:`reference_marker`); ``start``/``end`` of the match in the paragraph.
    """

    round: int
    kind: str
    matched: str
    background: bool
    marker: str | None = None
    start: int = -1
    end: int = -1


def round_mentions(norm: str) -> list[RoundMention]:
    """Round mentions in a normalised paragraph, sentence by sentence.

    Ordinal mentions (``الجولة الخامسة``) count only in sentences naming Astana and no
    other venue (Geneva rounds are not Astana rounds). Numbers outside 1–22 are ignored.

    Examples
    --------
    >>> [(m.round, m.kind) for m in round_mentions(normalize_arabic('مفاوضات "أستانا-5"'))]
    [(5, 'number')]
    >>> m = round_mentions(normalize_arabic("يذكر أن الجولة الرابعة من محادثات أستانا جرت"))
    >>> [(x.round, x.background, x.marker) for x in m]
    [(4, True, 'past')]
    >>> round_mentions(normalize_arabic("الجولة الخامسة من مفاوضات جنيف"))
    []
    >>> round_mentions(normalize_arabic("استضافت أستانا 5 اجتماعات"))
    []
    >>> [(m.round, m.kind) for m in round_mentions(normalize_arabic("جولات أستانا الثمان"))]
    [(8, 'count')]
    """
    if not _may_name_astana(norm):  # every kind of mention needs Astana in its sentence
        return []
    out: list[RoundMention] = []
    for a, b in sentence_spans(norm):
        sent = norm[a:b]
        if not _may_name_astana(sent):
            continue
        # every branch needs a digit or a round/meeting word: skip the scan otherwise
        if _DIGIT_RE.search(sent) is None and not any(w in sent for w in _ROUND_WORDS):
            continue
        matches = list(ROUND_MENTION_RE.finditer(sent))
        if not matches:
            continue
        background = _BACKGROUND_RE.search(sent) is not None
        marker = reference_marker(sent)
        names_astana = ASTANA_RE.search(sent) is not None
        other_venue = _OTHER_VENUE_RE.search(sent) is not None
        for m in matches:
            if m.group("num"):
                r, kind = int(m.group("num")), "number"
            elif m.group("count"):
                r, kind = _COUNTS[m.group("count")], "count"
            else:
                if not names_astana or other_venue:
                    continue
                r = _ORDINALS[m.group("ord")] if m.group("ord") else int(m.group("ordnum"))
                kind = "ordinal"
            if 1 <= r <= 22:
                text = m.group(0)
                lead = len(text) - len(text.lstrip())
                s, e = a + m.start() + lead, a + m.start() + len(text.rstrip())
                out.append(RoundMention(r, kind, text.strip(), background, marker, s, e))
    return out


@lru_cache(maxsize=1)
def _round_windows() -> tuple[tuple[int, dt.date, dt.date], ...]:
    rounds = load_table("rounds")
    return tuple(
        (int(r), s.date(), e.date())
        for r, s, e in zip(rounds["round"], rounds["start_date"], rounds["end_date"], strict=True)
    )


@lru_cache(maxsize=32)
def venue_pattern(r: int) -> re.Pattern[str]:
    """Astana, or the Arabic name of round ``r``'s city when it was held elsewhere (Sochi).

    Examples
    --------
    >>> bool(venue_pattern(10).search("محادثات حول سوريا في سوتشي"))
    True
    >>> bool(venue_pattern(9).search("محادثات حول سوريا في سوتشي"))
    False
    """
    rounds = load_table("rounds")
    row = rounds[rounds["round"] == r]
    city = row["city_ar"].iloc[0] if len(row) and "city_ar" in row.columns else None
    city = normalize_arabic(city) if isinstance(city, str) else ""
    if not city or ASTANA_RE.fullmatch(city) or "سلطان" in city:
        return ASTANA_RE
    return re.compile(rf"{ASTANA_RE.pattern}|(?<!\w)[وفبل]?{re.escape(city)}(?!\w)")


def round_dates(r: int) -> tuple[dt.date, dt.date] | None:
    """Start and end date of round ``r`` (None for an unknown round)."""
    return next(((s, e) for rr, s, e in _round_windows() if rr == r), None)


def round_for_date(date: dt.date | None) -> tuple[int | None, str]:
    """Round whose window (±3 days) contains ``date``, and a description of the rule.

    This is *not* evidence that an article reports on the round (see
    :func:`infer_round`); it is used together with meeting text.

    Examples
    --------
    >>> round_for_date(dt.date(2017, 12, 22))
    (8, 'date 2017-12-22 within round 8 (2017-12-21 to 2017-12-22, ±3 days)')
    >>> round_for_date(dt.date(2018, 1, 30))[0] is None
    True
    """
    if date is None:
        return None, "no date"
    pad = dt.timedelta(days=DATE_WINDOW_DAYS)
    for r, s, e in _round_windows():
        if s - pad <= date <= e + pad:
            return r, f"date {date} within round {r} ({s} to {e}, ±{DATE_WINDOW_DAYS} days)"
    return None, f"date {date} is not within {DATE_WINDOW_DAYS} days of any round"


def _timing(r: int, date: dt.date | None, marker: str | None) -> tuple[bool, str]:
    """Whether a mention of round ``r`` is the round reported, and why not."""
    dates = round_dates(r)
    if date is not None and dates is not None:
        s, e = dates
        pad = dt.timedelta(days=REPORT_WINDOW_DAYS)
        if date < s - pad:
            return False, (
                f"forward reference: round {r} starts {s}, {(s - date).days} days after "
                f"the article's date {date}"
            )
        if date > e + pad:
            return False, (
                f"backward reference: round {r} ended {e}, {(date - e).days} days before "
                f"the article's date {date}"
            )
        return True, ""
    if marker == "future":
        return False, "forward reference (future marker in the sentence, no date)"
    if marker == "past":
        return False, "backward reference (past marker in the sentence, no date)"
    return True, ""


class _Quoter:
    """Original characters of normalised spans; each paragraph is mapped at most once."""

    def __init__(self, texts: list[str] | None) -> None:
        self.texts = texts
        self._maps: dict[int, list[int] | None] = {}

    def __call__(self, k: int, norm: str, start: int, end: int) -> str:
        if self.texts is None or start < 0 or end <= start:
            return norm[max(start, 0) : end]
        if k not in self._maps:
            mapped = norm_offsets(self.texts[k])
            self._maps[k] = None if mapped is None or mapped[0] != norm else mapped[1]
        pos = self._maps[k]
        if pos is None:
            return norm[start:end]
        return self.texts[k][pos[start] : pos[end - 1] + 1]


def _snippet(quote: _Quoter, k: int, norm: str, a: int, b: int, width: int = 90) -> str:
    """The sentence ``norm[a:b]`` quoted in original characters, cut to ``width``."""
    if b - a > width:
        b = a + width
        cut = norm.rfind(" ", a, b)
        b = cut if cut > a else b
        return quote(k, norm, a, b) + " …"
    return quote(k, norm, a, b)


def meeting_sentence(
    norms: list[str], roles: list[str], *, year: int | None, names: re.Pattern[str] = ASTANA_RE
) -> tuple[int, int, int] | None:
    """First title/body sentence that names Astana and speaks of a meeting being held.

    Returns ``(paragraph, start, end)`` or None. Sentences with a future or past marker,
    or naming a year other than ``year``, do not count.

    Examples
    --------
    >>> meeting_sentence([normalize_arabic("مع انطلاق جولة جديدة من محادثات أستانة")],
    ...                  ["body"], year=2018)
    (0, 0, 38)
    >>> meeting_sentence([normalize_arabic("منذ بدأت المفاوضات في آستانا مطلع 2017")],
    ...                  ["body"], year=2018) is None
    True
    """
    for k, (nm, role) in enumerate(zip(norms, roles, strict=True)):
        if role not in ("title", "body") or not names.search(nm):
            continue
        for a, b in sentence_spans(nm):
            sent = nm[a:b]
            if not names.search(sent):
                continue
            if not MEETING_RE.search(sent) or reference_marker(sent) is not None:
                continue
            if year is not None and any(int(y) != year for y in _YEAR_RE.findall(sent)):
                continue
            return k, a, b
    return None


def infer_round(
    norms: list[str],
    roles: list[str],
    *,
    date: dt.date | None = None,
    texts: list[str] | None = None,
) -> tuple[int | None, str]:
    """Infer the Astana round an article reports on (see the module docstring).

    Parameters
    ----------
    norms, roles : list of str
        Normalised text and role of each paragraph; only ``title`` and ``body`` count.
    date : datetime.date, optional
        Publication date: tells a reported round from a forward/backward reference, and
        with meeting text gives the round when the text has no number.
    texts : list of str, optional
        Original paragraph texts: the evidence then quotes the original characters.

    Returns
    -------
    (int or None, str)
        The round and the evidence: the rule (``explicit``, ``count + date``,
        ``date + meeting text``) and the words; or why there is none.

    Examples
    --------
    >>> infer_round([normalize_arabic("اجتماع أستانا 6 حول سوريا")], ["body"])
    (6, "explicit: 'استانا 6'")
    >>> infer_round(["جولات استانا الثمان"], ["body"], date=dt.date(2017, 12, 22))[0]
    8
    >>> infer_round(["استانا 5", "استانا 6"], ["body", "body"])
    (None, "contradictory explicit mentions: 5 ('استانا 5'), 6 ('استانا 6')")
    >>> s = "حيث من المقرر إجراء الجولة التاسعة من المفاوضات في أستانة"
    >>> infer_round([normalize_arabic(s)], ["body"], date=dt.date(2018, 3, 17), texts=[s])[1]
    "no round reported: 'الجولة التاسعة' is a forward reference: round 9 starts 2018-05-14, 58 days after the article's date 2018-03-17"
    >>> infer_round([normalize_arabic("محادثات أستانا حول سوريا")], ["body"],
    ...             date=dt.date(2018, 5, 15))[0] is None
    True
    """
    quote = _Quoter(texts)
    accepted: list[tuple[RoundMention, str]] = []
    counts: list[tuple[RoundMention, str]] = []
    rejected: list[str] = []
    names_astana = False
    for k, (nm, role) in enumerate(zip(norms, roles, strict=True)):
        if role not in ("title", "body") or not _may_name_astana(nm):
            continue
        if not names_astana and ASTANA_RE.search(nm):
            names_astana = True
        for m in round_mentions(nm):
            shown = quote(k, nm, m.start, m.end) if m.start >= 0 else m.matched
            if m.kind == "count":
                counts.append((m, shown))
                continue
            ok, why = _timing(m.round, date, m.marker)  # not ok: a forward/backward reference
            rejection = f"'{shown}' is a {why}"
            if ok and m.background and date is None:
                ok, rejection = False, f"'{shown}': background sentence (يذكر أن …, كانت قد …)"
            if ok:
                accepted.append((m, shown))
            elif len(rejected) < 3:
                rejected.append(rejection)
    r_date, date_rule = round_for_date(date)
    if accepted:
        c = Counter(m.round for m, _ in accepted)
        first: dict[int, str] = {}
        for m, shown in accepted:
            first.setdefault(m.round, shown)
        ranked = c.most_common()
        if len(ranked) == 1 or ranked[0][1] >= 2 * ranked[1][1]:
            chosen = ranked[0][0]
        else:
            listed = ", ".join(f"{r} ('{first[r]}')" for r, _ in sorted(ranked))
            return None, f"contradictory explicit mentions: {listed}"
        ev = f"explicit: '{first[chosen]}'"
        if len(ranked) > 1:
            ev += f" ({c[chosen]} of {sum(c.values())} mentions)"
        return chosen, ev
    if counts and r_date is not None and all(m.round == r_date for m, _ in counts):
        return r_date, (
            f"count + date: '{counts[0][1]}' implies {r_date} rounds so far; {date_rule}"
        )
    why = "; ".join(rejected)
    if r_date is not None:
        year = date.year if date else None
        hit = meeting_sentence(norms, roles, year=year, names=venue_pattern(r_date))
        if hit is not None:
            k, a, b = hit
            return (
                r_date,
                f"date + meeting text: {date_rule}; '{_snippet(quote, k, norms[k], a, b)}'",
            )
        why = "; ".join(x for x in (why, f"{date_rule} but no sentence about the meeting") if x)
    if not names_astana:
        return None, "Astana not named in title/body"
    if why:
        return None, f"no round reported: {why}"
    return None, f"Astana named but no round reported; {date_rule}"
