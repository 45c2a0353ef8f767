"""Astana-process events that are not numbered rounds, and which one an article reports.

The events — guarantor presidents' summits, foreign ministers' meetings, the Sochi
congress, Russia–Turkey memoranda — are the ``related_events`` package table
(``data/related_events.csv``: ``event_id``, ``event``, ``event_type``, dates, city, Arabic
city, ``source`` URL). :func:`infer_event` gives an article the event it reports on,
with the same kind of evidence as the round (:mod:`astana_lib.annotate.rounds`): the article's
date lies within the event's dates ± :data:`~astana_lib.annotate.rounds.DATE_WINDOW_DAYS` (3)
**and** one title/body sentence speaks of that meeting — words of its type
(``قمة``/``زعماء`` for a summit; ``وزراء خارجية``/``نظيريه``/``لافروف`` … for ministers;
``مؤتمر الحوار الوطني`` for the congress; ``مذكرة``/``اتفاق`` for a memorandum) together
with the guarantors: two of Russia/Turkey/Iran (names, capitals, leaders), a trilateral
meeting with one of them, ``الدول الضامنة``, Astana, or the meeting named by its place
(``قمة أنقرة``). A date alone never gives an event;
neither does a place alone (every Moscow story names Moscow) nor "the three states".

:func:`event_table` returns the rounds and events with their dates, and
:func:`article_meetings` the meeting (round or event) of each article — the columns
coverage tables and timelines use (:func:`astana_lib.analysis.coverage.meeting_coverage`).
"""

from __future__ import annotations

import datetime as dt
import re
from functools import lru_cache

import pandas as pd

from astana_lib.annotate.rounds import (
    ASTANA_RE,
    DATE_WINDOW_DAYS,
    _Quoter,
    _snippet,
    sentence_spans,
)
from astana_lib.resources import load_table
from astana_lib.text.normalize import normalize_arabic

__all__ = ["EVENT_TYPES", "article_meetings", "event_table", "events_for_date", "infer_event"]

#: Words that name a meeting of each event type (normalised text).
EVENT_TYPES: dict[str, re.Pattern[str]] = {
    "summit": re.compile(
        r"(?<!\w)[وبل]?(?:ال)?(?:قمه|زعماء|رؤساء|قاده)(?!\w)|الرؤساء الثلاثه|القاده الثلاثه"
    ),
    "ministers": re.compile(
        r"(?<!\w)[وبل]?(?:ال)?(?:وزراء خارجيه|وزير الخارجيه|وزيرا خارجيه|وزراء الخارجيه)"
        r"|(?<!\w)(?:نظيريه|نظرائه|لافروف|ظريف|جاويش|جاووش|تشاووش|تشاويش|تشاوش|"
        r"عبد اللهيان|عبداللهيان|المقداد|فيدان)(?!\w)"
    ),
    "congress": re.compile(r"مؤتمر (?:ال)?حوار|الحوار الوطني|مؤتمر سوتشي|مؤتمر شعوب"),
    "memorandum": re.compile(r"(?<!\w)[وبل]?(?:ال)?(?:مذكره|اتفاق|اتفاقيه|تفاهم)(?!\w)"),
}
_TRIO = (
    re.compile(r"روسي|روسيا|موسكو|الكرملين|بوتين|بوتن|لافروف|سوتشي"),
    re.compile(r"تركي|تركيا|انقره|اردوغان|اوغلو|اسطنبول"),
    re.compile(r"ايران|ايراني|طهران|روحاني|رئيسي|ظريف|عبد ?اللهيان"),
)
_GUARANTORS_RE = re.compile(r"الضامن|ضامني")
_TRILATERAL_RE = re.compile(r"ثلاثي|الثلاثي|رباعي")


@lru_cache(maxsize=1)
def _events() -> tuple[tuple[str, str, str, dt.date, dt.date, re.Pattern[str]], ...]:
    ev = load_table("related_events")
    out = []
    for row in ev.itertuples(index=False):
        names = [normalize_arabic(str(row.city_ar))] if isinstance(row.city_ar, str) else []
        names = [n.removeprefix("ال") for n in names if n]
        alt = "|".join(map(re.escape, names))
        # the meeting named by its place: "قمة أنقرة", "اجتماع موسكو", "مؤتمر سوتشي"
        city = (
            re.compile(rf"(?:قمه|اجتماع|لقاء|مؤتمر|محادثات)\s+(?:ال)?(?:{alt})(?!\w)")
            if names
            else re.compile(r"(?!x)x")
        )
        out.append(
            (str(row.event_id), str(row.event), str(row.event_type),
             row.start_date.date(), row.end_date.date(), city)
        )  # fmt: skip
    return tuple(out)


def events_for_date(date: dt.date | None) -> list[str]:
    """Ids of the events whose dates ± 3 days contain ``date``.

    Examples
    --------
    >>> events_for_date(dt.date(2018, 4, 5))
    ['summit-2018-04']
    >>> events_for_date(dt.date(2018, 2, 20))
    []
    """
    if date is None:
        return []
    pad = dt.timedelta(days=DATE_WINDOW_DAYS)
    return [eid for eid, _, _, s, e, _ in _events() if s - pad <= date <= e + pad]


def _context(sent: str, city: re.Pattern[str] | None = None) -> str | None:
    """Why the sentence is about the guarantors' meeting, or None.

    Two of Russia/Turkey/Iran (their names, capitals, leaders; Sochi counts as Russia), a
    trilateral meeting with one of them, the guarantors, Astana, or the meeting named by
    its place ("قمة أنقرة"). A place alone ("موسكو"), or "the three states" alone, is not
    enough (Nile-dam talks, Wall Street).
    """
    if _GUARANTORS_RE.search(sent):
        return "guarantors"
    if city is not None and city.search(sent):
        return "its name"
    if ("استان" in sent or "سلطان" in sent) and ASTANA_RE.search(sent):
        return "Astana"
    n = sum(1 for rx in _TRIO if rx.search(sent))
    if n >= 2:
        return "guarantors"
    if n == 1 and _TRILATERAL_RE.search(sent):
        return "trilateral"
    return None


def infer_event(
    norms: list[str],
    roles: list[str],
    *,
    date: dt.date | None = None,
    texts: list[str] | None = None,
) -> tuple[str | None, str]:
    """The Astana-process event (not a round) an article reports on, with evidence.

    Parameters
    ----------
    norms, roles : list of str
        Normalised text and role of each paragraph; only ``title`` and ``body`` count.
    date : datetime.date, optional
        Publication date (required: without it no event is inferred).
    texts : list of str, optional
        Original paragraph texts: the evidence then quotes the original characters.

    Returns
    -------
    (str or None, str)
        The ``event_id`` and the evidence (rule, date and words), or why there is none.

    Examples
    --------
    >>> t = normalize_arabic("تعقد في العاصمة التركية أنقرة، الأربعاء، قمة ثلاثية")
    >>> infer_event([t], ["body"], date=dt.date(2018, 4, 4))[0]
    'summit-2018-04'
    >>> infer_event([t], ["body"], date=dt.date(2018, 6, 4))[1]
    'date 2018-06-04 is not within 3 days of any related event'
    """
    ids = events_for_date(date)
    if not ids:
        return None, (
            "no date" if date is None
            else f"date {date} is not within {DATE_WINDOW_DAYS} days of any related event"
        )  # fmt: skip
    quote = _Quoter(texts)
    events = [e for e in _events() if e[0] in ids]
    for eid, name, etype, s, e, city in events:
        kind = EVENT_TYPES.get(etype)
        if kind is None:
            continue
        for k, (nm, role) in enumerate(zip(norms, roles, strict=True)):
            if role not in ("title", "body"):
                continue
            for a, b in sentence_spans(nm):
                sent = nm[a:b]
                if not kind.search(sent):
                    continue
                why = _context(sent, city)
                if why is None:
                    continue
                span = f"{s}" if s == e else f"{s} to {e}"
                return eid, (
                    f"date + meeting text: date {date} within {name} ({span}, "
                    f"±{DATE_WINDOW_DAYS} days); {etype} words with {why}: "
                    f"'{_snippet(quote, k, nm, a, b)}'"
                )
    listed = ", ".join(ids)
    return None, f"date {date} is near {listed} but no sentence about the meeting"


def event_table() -> pd.DataFrame:
    """Rounds and related events as one dated table, for coverage and timelines.

    Columns: ``kind`` ('round' or 'event'), ``id`` (the round number as text, or the
    ``event_id``), ``label`` (``Astana 9``, ``Guarantor presidents' summit (Ankara)``),
    ``event_type`` ('round', 'summit', 'ministers', 'congress', 'memorandum'),
    ``start_date``, ``end_date``, ``city``, ``source``.

    Examples
    --------
    >>> t = event_table()
    >>> t.loc[t["id"] == "summit-2018-04", ["kind", "start_date"]].values.tolist()
    [['event', Timestamp('2018-04-04 00:00:00')]]
    >>> int((t["kind"] == "round").sum())
    22
    """
    rounds = load_table("rounds")
    ev = load_table("related_events")
    r = pd.DataFrame(
        {
            "kind": "round",
            "id": rounds["round"].astype(str),
            "label": "Astana " + rounds["round"].astype(str),
            "event_type": "round",
            "start_date": rounds["start_date"],
            "end_date": rounds["end_date"],
            "city": rounds["city"],
            "source": rounds["source"],
        }
    )
    e = pd.DataFrame(
        {
            "kind": "event",
            "id": ev["event_id"],
            "label": ev["event"],
            "event_type": ev["event_type"],
            "start_date": ev["start_date"],
            "end_date": ev["end_date"],
            "city": ev["city"],
            "source": ev["source"],
        }
    )
    out = pd.concat([r, e], ignore_index=True)
    return out.sort_values(["start_date", "kind"], kind="stable").reset_index(drop=True)


def article_meetings(articles: pd.DataFrame) -> pd.DataFrame:
    """The meeting (round or event) each article reports on, with its dates and label.

    The round wins when an article has both a round and an event (the event is kept in
    ``event``). Articles with neither get NA.

    Parameters
    ----------
    articles : DataFrame
        ARTICLES table (``article_id``, ``round``; ``event`` when present).

    Returns
    -------
    pandas.DataFrame
        One row per article, in order: ``article_id``, ``meeting`` (``'round-9'`` or the
        ``event_id``), ``meeting_kind`` ('round' / 'event'), ``meeting_label``,
        ``meeting_type`` ('round', 'summit', 'ministers', 'congress', 'memorandum'),
        ``meeting_start`` (datetime64).

    Examples
    --------
    >>> arts = pd.DataFrame({"article_id": ["a", "b", "c"],
    ...     "round": pd.array([9, None, None], dtype="Int64"),
    ...     "event": [None, "summit-2018-04", None]})
    >>> article_meetings(arts)[["meeting", "meeting_kind"]].values.tolist()
    [['round-9', 'round'], ['summit-2018-04', 'event'], [nan, nan]]
    """
    table = event_table()
    key = table["id"].where(table["kind"] == "event", "round-" + table["id"])
    info = table.assign(meeting=key).set_index("meeting")
    rnd = articles["round"].astype("Int64") if "round" in articles.columns else None
    ev = articles["event"] if "event" in articles.columns else None
    meeting = []
    for i in range(len(articles)):
        r = rnd.iloc[i] if rnd is not None else pd.NA
        e = ev.iloc[i] if ev is not None else None
        if r is not pd.NA and not pd.isna(r):
            meeting.append(f"round-{int(r)}")
        elif isinstance(e, str) and e:
            meeting.append(e)
        else:
            meeting.append(None)
    out = pd.DataFrame({"article_id": articles["article_id"].to_numpy(), "meeting": meeting})
    known = out["meeting"].map(lambda m: m in info.index if isinstance(m, str) else False)
    out["meeting_kind"] = out["meeting"].map(info["kind"]).where(known)
    out["meeting_label"] = out["meeting"].map(info["label"]).where(known)
    out["meeting_type"] = out["meeting"].map(info["event_type"]).where(known)
    out["meeting_start"] = pd.to_datetime(out["meeting"].map(info["start_date"]).where(known))
    return out
