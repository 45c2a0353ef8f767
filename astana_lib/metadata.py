"""Article metadata: outlet, publication date and Astana round, with evidence.

Everything here works on the *normalised* paragraph text (``norm``) and the paragraph
roles of :mod:`astana_lib.roles`. Each ``infer_*`` function returns ``(value, evidence)``;
the evidence is the matched text, or, when the value is missing, why. Nothing is guessed:
contradictory or missing evidence gives a missing value.

Outlet (:func:`infer_outlet`)
    From the article's own signals, matched as whole names against the outlet registry
    (``data/outlets.csv``: ``name_ar``, ``variants_ar``, ``name_en``, ``variants_en``,
    ``domains``): source lines (``المصدر : الجزيرة + وكالات``), a dateline opening the
    first paragraph (``الوقت- …``), byline lines (``فريق ماسة``), section tags, and URLs.
    Names are only looked up in those places, never in running text. A name that fits
    several registry outlets (``الرأي``: Jordan's or Kuwait's) is ambiguous; signals that
    name different outlets contradict each other; both give NA.

Date (:func:`infer_date`)
    Only from byline paragraphs (``• 2017-12-22``, ``الخميس 22 ديسمبر 2017``) or record
    metadata; never from page-update stamps (those are boilerplate) nor from body text.

Round (:func:`infer_round`)
    Explicit mentions in title/body paragraphs: ``أستانا 5``, ``أستانا-5``, ``استانا 6``,
    ``الجولة الخامسة`` / ``الاجتماع الدولي السادس`` / ``الجولة الـ 5`` (in a sentence that
    names Astana and no other venue), and counts such as ``جولات أستانا الثمان`` (→ 8).
    Background sentences (``يذكر أن …``, ``… كان آخرها …``, ``كانت قد …``) are not
    counted, nor a round that ended over 30 days before the article's date (a reference to
    the past). Then the date:
    a date within a round's window (±3 days, ``rounds`` table) gives that round when the
    article names Astana; related events (Sochi congress …, ``related_events`` table) are
    not rounds. ``الآستانة`` (Istanbul) is not Astana: a name with the article ``ال`` never
    matches.
"""

from __future__ import annotations

import datetime as dt
import re
from collections import Counter
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import pandas as pd

from astana_lib._textmap import norm_offsets
from astana_lib.normalize import normalize_arabic
from astana_lib.resources import load_table

__all__ = [
    "ASTANA_RE",
    "DATE_TOKENS_RE",
    "DATE_WORDS",
    "ROUND_MENTION_RE",
    "OutletRegistry",
    "find_dates",
    "infer_date",
    "infer_outlet",
    "infer_round",
    "round_mentions",
]

# ----------------------------------------------------------------------------- dates

_MONTHS: dict[str, int] = {
    "يناير": 1, "جانفي": 1, "كانون الثاني": 1,
    "فبراير": 2, "فيفري": 2, "شباط": 2,
    "مارس": 3, "اذار": 3,
    "ابريل": 4, "افريل": 4, "نيسان": 4,
    "مايو": 5, "ماي": 5, "ايار": 5,
    "يونيو": 6, "يونيه": 6, "جوان": 6, "حزيران": 6,
    "يوليو": 7, "يوليه": 7, "جويليه": 7, "تموز": 7,
    "اغسطس": 8, "اوت": 8, "اب": 8,
    "سبتمبر": 9, "ايلول": 9,
    "اكتوبر": 10, "تشرين الاول": 10,
    "نوفمبر": 11, "تشرين الثاني": 11,
    "ديسمبر": 12, "كانون الاول": 12,
}  # fmt: skip
_WEEKDAYS = ("الاحد", "الاثنين", "الثلاثاء", "الاربعاء", "الخميس", "الجمعه", "السبت")
#: Month and weekday names (normalised), space-separated.
DATE_WORDS = " ".join([*_MONTHS, *_WEEKDAYS])
_MONTH_ALT = "|".join(sorted(map(re.escape, _MONTHS), key=len, reverse=True))
_M = rf"(?:{_MONTH_ALT})"
_DATE_RES: tuple[tuple[re.Pattern[str], str], ...] = (
    (re.compile(r"(?<!\d)(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})(?!\d)"), "ymd"),
    (re.compile(r"(?<!\d)(\d{1,2})[-/.](\d{1,2})[-/.](\d{4})(?!\d)"), "dmy"),
    (
        re.compile(
            rf"(?<!\d)(\d{{1,2}})\s*(?:من\s+)?({_M})(?:\s*[/-]\s*{_M})?\s*[،,]?\s*(\d{{4}})(?!\d)"
        ),
        "d_month_y",
    ),
    (re.compile(rf"(?<!\w)({_M})\s+(\d{{1,2}})\s*[،,]\s*(\d{{4}})(?!\d)"), "month_d_y"),
)
#: Date words, digits and punctuation: what remains of a date or stamp line once removed
#: has no letters. Used by the byline and boilerplate rules of :mod:`astana_lib.roles`.
DATE_TOKENS_RE = re.compile(rf"(?<!\w)(?:{_MONTH_ALT}|{'|'.join(_WEEKDAYS)})(?!\w)|[\d\W_]+")


def find_dates(norm: str) -> list[tuple[dt.date, str]]:
    """Find calendar dates written in normalised text.

    Formats: ``2017-12-22``, ``22/12/2017``, ``22 ديسمبر 2017``, ``22 كانون الاول 2017``,
    ``ديسمبر 22, 2017``. Invalid dates (``31/02/2017``) are skipped.

    Examples
    --------
    >>> find_dates("• 2017-12-22")
    [(datetime.date(2017, 12, 22), '2017-12-22')]
    >>> find_dates(normalize_arabic("الخميس 14 أيلول 2017"))
    [(datetime.date(2017, 9, 14), '14 ايلول 2017')]
    """
    found: list[tuple[int, dt.date, str]] = []
    taken: list[tuple[int, int]] = []
    for rx, kind in _DATE_RES:
        for m in rx.finditer(norm):
            if any(a < m.end() and m.start() < b for a, b in taken):
                continue
            g = m.groups()
            try:
                if kind == "ymd":
                    d = dt.date(int(g[0]), int(g[1]), int(g[2]))
                elif kind == "dmy":
                    d = dt.date(int(g[2]), int(g[1]), int(g[0]))
                elif kind == "d_month_y":
                    d = dt.date(int(g[2]), _MONTHS[g[1]], int(g[0]))
                else:
                    d = dt.date(int(g[2]), _MONTHS[g[0]], int(g[1]))
            except (ValueError, KeyError):
                continue
            taken.append(m.span())
            found.append((m.start(), d, m.group(0)))
    return [(d, s) for _, d, s in sorted(found)]


# ----------------------------------------------------------------------------- Astana, rounds

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
_OTHER_VENUE_RE = re.compile(r"جنيف|جينيف|فيينا|لوزان|الرياض|القاهره|اللجنه الدستوريه")
_SENTENCE_SPLIT_RE = re.compile(r"(?<=[.!?؟])\s+|\n+")
DATE_WINDOW_DAYS = 3
#: An explicit mention of a round that ended more than this many days before the
#: article's date is a reference to the past, not coverage of that round.
RETROSPECTIVE_DAYS = 30


def _may_name_astana(norm: str) -> bool:
    """Cheap substring pre-check before :data:`ASTANA_RE`."""
    return "استان" in norm or "سلطان" in norm or "astana" in norm


@dataclass(frozen=True)
class RoundMention:
    """One round mention: round number, kind ('number', 'ordinal', 'count'), matched text,
    and whether it sits in a background sentence."""

    round: int
    kind: str
    matched: str
    background: bool


def round_mentions(norm: str) -> list[RoundMention]:
    """Round mentions in a normalised paragraph, sentence by sentence.

    Ordinal mentions (``الجولة الخامسة``) count only in sentences naming Astana and no
    other venue (Geneva rounds are not Astana rounds). Numbers outside 1–22 are ignored.

    Examples
    --------
    >>> [(m.round, m.kind) for m in round_mentions(normalize_arabic('مفاوضات "أستانا-5"'))]
    [(5, 'number')]
    >>> m = round_mentions(normalize_arabic("يذكر أن الجولة الرابعة من محادثات أستانا جرت"))
    >>> [(x.round, x.background) for x in m]
    [(4, True)]
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
    for sent in _SENTENCE_SPLIT_RE.split(norm):
        if not sent or not _may_name_astana(sent):
            continue
        # every branch needs a digit or a round/meeting word: skip the scan otherwise
        if _DIGIT_RE.search(sent) is None and not any(w in sent for w in _ROUND_WORDS):
            continue
        matches = list(ROUND_MENTION_RE.finditer(sent))
        if not matches:
            continue
        background = _BACKGROUND_RE.search(sent) is not None
        names_astana = _may_name_astana(sent) and ASTANA_RE.search(sent) is not None
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
                out.append(RoundMention(r, kind, m.group(0).strip(), background))
    return out


@lru_cache(maxsize=1)
def _round_windows() -> tuple[tuple[int, dt.date, dt.date], ...]:
    rounds = load_table("rounds")
    return tuple(
        (int(r), s.date(), e.date())
        for r, s, e in zip(rounds["round"], rounds["start_date"], rounds["end_date"], strict=True)
    )


@lru_cache(maxsize=1)
def _related_windows() -> tuple[tuple[str, dt.date, dt.date], ...]:
    ev = load_table("related_events")
    return tuple(
        (str(n), s.date(), e.date())
        for n, s, e in zip(ev["event"], ev["start_date"], ev["end_date"], strict=True)
    )


def _original_text(text: str, norm: str, matched: str) -> str:
    """The original characters of ``matched`` (a substring of ``norm``), or ``matched``."""
    i = norm.find(matched)
    mapped = norm_offsets(text) if i >= 0 else None
    if mapped is None or not matched:
        return matched
    pos = mapped[1]
    return text[pos[i] : pos[i + len(matched) - 1] + 1]


def _round_end(r: int) -> dt.date | None:
    return next((e for rr, _, e in _round_windows() if rr == r), None)


def round_for_date(date: dt.date | None) -> tuple[int | None, str]:
    """Round whose window (±3 days) contains ``date``, and a description of the rule.

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
    for name, s, e in _related_windows():
        if s - pad <= date <= e + pad:
            return None, f"date {date} is near {name} ({s}), a related event, not a round"
    return None, f"date {date} is not within {DATE_WINDOW_DAYS} days of any round"


def infer_round(
    norms: list[str],
    roles: list[str],
    *,
    date: dt.date | None = None,
    texts: list[str] | None = None,
) -> tuple[int | None, str]:
    """Infer the Astana round of one article (see the module docstring).

    Parameters
    ----------
    norms, roles : list of str
        Normalised text and role of each paragraph; only ``title`` and ``body`` count.
    date : datetime.date, optional
        Publication date, used when the text names no round.
    texts : list of str, optional
        Original paragraph texts: the evidence then quotes the original characters.

    Returns
    -------
    (int or None, str)
        The round and the evidence (or why it is missing).

    Examples
    --------
    >>> infer_round([normalize_arabic("اجتماع أستانا 6 حول سوريا")], ["body"])
    (6, "explicit: 'استانا 6'")
    >>> infer_round(["جولات استانا الثمان"], ["body"], date=dt.date(2017, 12, 22))[0]
    8
    >>> infer_round(["استانا 5", "استانا 6"], ["body", "body"])
    (None, "contradictory explicit mentions: 5 ('استانا 5'), 6 ('استانا 6')")
    """
    fg: list[RoundMention] = []
    counts: list[RoundMention] = []
    shown: dict[int, str] = {}  # id(mention) -> text quoted in the evidence
    names_astana = False
    for k, (nm, role) in enumerate(zip(norms, roles, strict=True)):
        if role not in ("title", "body"):
            continue
        if not names_astana and _may_name_astana(nm) and ASTANA_RE.search(nm):
            names_astana = True
        for m in round_mentions(nm):
            if m.background:
                continue
            (counts if m.kind == "count" else fg).append(m)
            if texts is not None:
                shown[id(m)] = _original_text(texts[k], nm, m.matched)
    r_date, date_rule = round_for_date(date)
    if fg:
        c = Counter(m.round for m in fg)
        first = {}
        for m in fg:
            first.setdefault(m.round, shown.get(id(m), m.matched))
        ranked = c.most_common()
        if len(ranked) == 1:
            chosen = ranked[0][0]
        elif r_date in c:
            chosen = r_date
        elif ranked[0][1] >= 2 * ranked[1][1]:
            chosen = ranked[0][0]
        else:
            listed = ", ".join(f"{r} ('{first[r]}')" for r, _ in sorted(ranked))
            return None, f"contradictory explicit mentions: {listed}"
        ev = f"explicit: '{first[chosen]}'"
        end = _round_end(chosen)
        if date is not None and end is not None and (date - end).days > RETROSPECTIVE_DAYS:
            return None, (
                f"{ev} refers to the past: round {chosen} ended {end}, "
                f"{(date - end).days} days before the article's date {date}"
            )
        if len(ranked) > 1:
            ev += f" ({c[chosen]} of {sum(c.values())} mentions)"
        if r_date is not None and r_date != chosen:
            ev += f"; note: {date_rule}"
        return chosen, ev
    if counts:
        vals = sorted({m.round for m in counts})
        if len(vals) == 1 and (r_date is None or r_date == vals[0]):
            ev = f"count: '{shown.get(id(counts[0]), counts[0].matched)}' implies {vals[0]} rounds so far"
            if r_date is not None:
                ev += f"; {date_rule}"
            return vals[0], ev
        if r_date is not None:
            return r_date, f"{date_rule} (count mentions: {vals})"
        return None, f"contradictory count mentions: {vals}"
    if r_date is not None and names_astana:
        return r_date, date_rule
    if not names_astana:
        return None, "Astana not named in title/body"
    return None, f"Astana named but no round mentioned; {date_rule}"


# ----------------------------------------------------------------------------- outlets

_URL_RE = re.compile(r"https?://(?:www\.)?([a-z0-9.-]+\.[a-z]{2,})", re.IGNORECASE)
_DATELINE_RE = re.compile(r"^\s*\(?(?P<name>[^\s\-–—():]+(?: [^\s\-–—():]+){0,2})\)?\s*[-–—]")
_SOURCE_LINE_RE = re.compile(r"^\s*المصدر\s*[:：]\s*(?P<rest>.+)$", re.DOTALL)
_SPLIT_NAMES_RE = re.compile(r"\s*(?:\+|،|,|/|\s-\s|\sو\s|\n)\s*")
_BYLINE_STRIP_RE = re.compile(r"^[•·▪◦●○■□►▸*\-–—\s]*(?:فريق|تحرير|بقلم|كتب|اعداد)?\s*[:：]?\s*")


class OutletRegistry:
    """Lookup of outlet ids by exact (normalised) name, English name or web domain.

    Parameters
    ----------
    table : pandas.DataFrame, optional
        The ``outlets`` table (default: ``load_table("outlets")``).

    Examples
    --------
    >>> reg = OutletRegistry()
    >>> reg.lookup("الجزيرة")
    ('aljazeera',)
    >>> reg.lookup("Al Arabiya")
    ('alarabiya',)
    >>> reg.domain("https://www.aljazeera.net/news/x")
    ('aljazeera',)
    """

    def __init__(self, table: pd.DataFrame | None = None) -> None:
        self.table = load_table("outlets") if table is None else table
        names: dict[str, set[str]] = {}
        domains: dict[str, set[str]] = {}
        for row in self.table.itertuples(index=False):
            oid = row.outlet_id
            for col in ("name_ar", "variants_ar", "name_en", "variants_en"):
                val = getattr(row, col)
                if isinstance(val, str):
                    for v in val.split("|"):
                        if v.strip():
                            names.setdefault(normalize_arabic(v), set()).add(oid)
            if isinstance(row.domains, str):
                for d in row.domains.split("|"):
                    if d.strip():
                        domains.setdefault(d.strip().lower().removeprefix("www."), set()).add(oid)
        self._names = {k: tuple(sorted(v)) for k, v in names.items()}
        self._domains = {k: tuple(sorted(v)) for k, v in domains.items()}

    def lookup(self, name: str) -> tuple[str, ...]:
        """Outlet ids whose name or variant equals ``name`` (normalised); () when none."""
        return self._names.get(normalize_arabic(name), ())

    def domain(self, url_or_domain: str) -> tuple[str, ...]:
        """Outlet ids for a URL or host name (sub-domains of a registered domain match)."""
        m = _URL_RE.search(url_or_domain)
        host = (m.group(1) if m else url_or_domain).lower().removeprefix("www.")
        while host:
            if host in self._domains:
                return self._domains[host]
            if "." not in host:
                break
            host = host.split(".", 1)[1]
        return ()


@lru_cache(maxsize=1)
def default_registry() -> OutletRegistry:
    """The packaged outlet registry (cached)."""
    return OutletRegistry()


def _name_candidates(text: str) -> list[str]:
    parts = [p.strip(" \t\u00a0.:") for p in _SPLIT_NAMES_RE.split(text.strip())]
    return [p for p in parts if p]


def infer_outlet(
    texts: list[str],
    norms: list[str],
    roles: list[str],
    *,
    registry: OutletRegistry | None = None,
) -> tuple[str | None, str]:
    """Infer the outlet of one article from its own signals (see the module docstring).

    Returns
    -------
    (str or None, str)
        The registry id and the evidence (or why it is missing).

    Examples
    --------
    >>> infer_outlet(["نص.", "المصدر : الجزيرة + وكالات"], ["نص.", "المصدر : الجزيره + وكالات"],
    ...              ["body", "source"])
    ('aljazeera', "source line: 'المصدر : الجزيرة + وكالات'")
    >>> infer_outlet(["نص."], ["نص."], ["body"])
    (None, 'no source line, dateline, byline, section tag or URL naming a registry outlet')
    """
    reg = registry or default_registry()
    signals: list[tuple[str, str, tuple[str, ...]]] = []  # (kind, text, ids)
    dateline_checked = False
    for t, role in zip(texts, roles, strict=True):
        if role == "source":
            m = _SOURCE_LINE_RE.match(t.strip())
            if m:
                for cand in _name_candidates(m.group("rest")):
                    ids = reg.lookup(cand)
                    if ids:
                        signals.append(("source line", t.strip(), ids))
        elif role == "byline":
            for line in t.split("\n"):
                cand = _BYLINE_STRIP_RE.sub("", line.strip())
                ids = reg.lookup(cand) if cand else ()
                if ids:
                    signals.append(("byline", line.strip(), ids))
        elif role == "section":
            for tok in t.split():
                ids = reg.lookup(tok) if len(tok) > 1 else ()
                if ids:
                    signals.append(("section tag", t.strip(), ids))
        elif role == "body" and not dateline_checked:
            dateline_checked = True
            m = _DATELINE_RE.match(t)
            if m:
                ids = reg.lookup(m.group("name"))
                if ids:
                    signals.append(("dateline", m.group(0).strip(), ids))
        if "http" in t:
            for m in _URL_RE.finditer(t):
                ids = reg.domain(m.group(1))
                if ids:
                    signals.append(("URL", m.group(0), ids))
    if not signals:
        return None, "no source line, dateline, byline, section tag or URL naming a registry outlet"
    single = {ids[0] for _, _, ids in signals if len(ids) == 1}
    ambiguous = [(k, t, ids) for k, t, ids in signals if len(ids) > 1]
    if len(single) == 1:
        oid = next(iter(single))
        ev = "; ".join(dict.fromkeys(f"{k}: '{t}'" for k, t, ids in signals if ids == (oid,)))
        return oid, ev
    if len(single) > 1:
        listed = "; ".join(f"{k} '{t}' → {ids[0]}" for k, t, ids in signals if len(ids) == 1)
        return None, f"contradictory signals: {listed}"
    k, t, ids = ambiguous[0]
    return None, f"ambiguous: {k} '{t}' fits several outlets {list(ids)}"


# ----------------------------------------------------------------------------- date


def infer_date(norms: list[str], roles: list[str]) -> tuple[dt.date | None, str]:
    """Publication date from byline paragraphs only (never update stamps or body text).

    Examples
    --------
    >>> infer_date(["• فريق ماسه\\n• 2017-12-22"], ["byline"])
    (datetime.date(2017, 12, 22), "byline: '2017-12-22'")
    >>> infer_date(["التحديث الاخير بتاريخ|الخميس, نوفمبر 14, 2024"], ["boilerplate"])
    (None, 'no date in a byline')
    """
    found: dict[dt.date, str] = {}
    for nm, role in zip(norms, roles, strict=True):
        if role == "byline":
            for d, s in find_dates(nm):
                found.setdefault(d, s)
    if not found:
        return None, "no date in a byline"
    if len(found) > 1:
        return None, "contradictory byline dates: " + ", ".join(f"'{s}'" for s in found.values())
    ((d, s),) = found.items()
    return d, f"byline: '{s}'"


def parse_metadata_date(value: object) -> dt.date | None:
    """Day of an ISO date/datetime string from record metadata ('2018-05-14T10:00+03:00').

    The local calendar day as written is kept (no time-zone conversion).

    Examples
    --------
    >>> parse_metadata_date("2013-12-26T04:57:07+04:00")
    datetime.date(2013, 12, 26)
    >>> parse_metadata_date("") is None, parse_metadata_date("soon") is None
    (True, True)
    """
    if value is None or (isinstance(value, float) and value != value):
        return None
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if isinstance(value, pd.Timestamp):
        return value.date()
    s = str(value).strip()
    m = re.match(r"(\d{4})-(\d{2})-(\d{2})", s)
    if not m:
        return None
    try:
        return dt.date(int(m.group(1)), int(m.group(2)), int(m.group(3)))
    except ValueError:
        return None


def read_metadata_csv(path: str | Path) -> pd.DataFrame:
    """Read a curated ``metadata.csv`` (article_id, outlet, date, round, title, … notes).

    Examples
    --------
    >>> from astana_lib.resources import data_path
    >>> import astana_lib, pathlib
    >>> root = pathlib.Path(astana_lib.__file__).parents[1]
    >>> md = read_metadata_csv(root / "seeds" / "metadata.csv")
    >>> "article_id" in md.columns and md["article_id"].is_unique
    True
    """
    df = pd.read_csv(path, dtype=str, keep_default_na=False, na_values=[""], encoding="utf-8-sig")
    if "article_id" not in df.columns:
        raise ValueError(f"{path}: curated metadata needs an 'article_id' column")
    dup = df["article_id"][df["article_id"].duplicated()].tolist()
    if dup:
        raise ValueError(f"{path}: duplicate article_id(s) {dup}")
    df.attrs["source"] = str(path)
    return df
