"""How much an article is about the Astana talks: a score, a level and the evidence.

Mentions
    :func:`talks_mentions` finds the mentions of Astana *as the talks* in a normalised
    paragraph, sentence by sentence:

    * the unambiguous spellings of :data:`~astana_lib.annotate.rounds.ASTANA_RE` (أستانا,
      آستانا, أستانة, نور سلطان …) count when the words around them (± :data:`WINDOW`
      characters of their sentence) speak of the talks
      (:data:`TALKS_CUES`: محادثات/مفاوضات/مسار/صيغة/جولة/اتفاق/تفاهمات/الضامنة/خفض
      التصعيد/ثلاثي/سوريا …); without such a word the mention is the Kazakh city
      (FC Astana, Air Astana, an SCO summit held there) and does not count — unless the
      article names the talks elsewhere;
    * ``الأستانة``/``الآستانة`` (with the article ``ال``) is Istanbul in Ottoman-era text
      but Astana in BBC Arabic ("مفاوضات الأستانة", "العاصمة الكازاخية الآستانة"): it
      counts when its sentence (or failing that its paragraph) has a Kazakh or talks cue
      (:data:`AL_ASTANA_CUES`) and no Istanbul cue (:data:`ISTANBUL_CUES`: عثماني, السلطان,
      البوسفور, إسطنبول, الخلافة …).

Levels (:func:`astana_relevance`)
    The score adds: a talks mention in the headline (3), in the lead — the first body
    paragraph — (2); a reported round or event (:mod:`astana_lib.annotate.rounds`,
    :mod:`astana_lib.annotate.events`): 3 when its words are in the headline or lead, else 1;
    sentences that say something *about* the process (:data:`CONTENT_CUES`: what it agreed,
    its zones, failure …, within ± :data:`WINDOW` characters of a mention, or a relative
    clause right after it — "مفاوضات أستانة التي انتزعت …"; naming the guarantors is not; 1
    per sentence, at most 3) and 0.5 per mention (at most 6).
    ``subject`` ≥ 4, ``background`` ≥ 1.5, ``passing`` > 0, ``none`` = 0 (no talks mention).
    The thresholds were set on the hand labels of ``benchmarks/labels`` (see
    ``benchmarks/results/eval_astana_relevance.txt`` for precision and recall).
"""

from __future__ import annotations

import re
from typing import Literal, NamedTuple

import pandas as pd

from astana_lib.annotate.events import infer_event
from astana_lib.annotate.rounds import ASTANA_RE, infer_round, sentence_spans
from astana_lib.schema import require_columns
from astana_lib.text.normalize import normalize_arabic

__all__ = [
    "AL_ASTANA_CUES",
    "CONTENT_CUES",
    "ISTANBUL_CUES",
    "LEVELS",
    "TALKS_CUES",
    "Relevance",
    "TalksMention",
    "astana_relevance",
    "level_at_least",
    "talks_mentions",
]

Level = Literal["subject", "background", "passing", "none"]
#: Relevance levels, most relevant first.
LEVELS: tuple[str, ...] = ("subject", "background", "passing", "none")
_RANK = {lvl: i for i, lvl in enumerate(reversed(LEVELS))}  # none 0 … subject 3
SUBJECT_SCORE = 4.0
BACKGROUND_SCORE = 1.5

#: ``الأستانة``/``الآستانة`` with a prefix (بالآستانة, للآستانة, والأستانة) in normalised text.
AL_ASTANA_RE = re.compile(r"(?<!\w)[وف]?(?:[بك]?ال|لل)(?:استانه|استانا)(?!\w)")
#: Words of the talks: a sentence naming Astana with one of these is about the talks.
TALKS_CUES = re.compile(
    r"محادث|مفاوض|مباحث|مسار|عمليه|صيغه|(?<!\w)[وبل]?(?:ال)?جول(?:ه|ات)(?!\w)|اتفاق|تفاهم|"
    r"ضامن|خفض التصعيد|خفض التوتر|ثلاثي|ترويكا|منصه|ملتقي|سوري|دمشق|الاسد"
)
#: Kazakh or talks context for ``الأستانة``.
AL_ASTANA_CUES = re.compile(
    r"كازاخ|كازخ|قازاخ|قزاخ|قازخ|"
    r"(?:مفاوضات|محادثات|مباحثات|مسار|عمليه|صيغه|اجتماعات|جوله|جولات|اتفاق|تفاهمات)\s+"
    r"(?:[بل]?ال)?استان|ضامن|خفض التصعيد|خفض التوتر"
)
#: Istanbul context for ``الأستانة``.
ISTANBUL_CUES = re.compile(
    r"عثماني|السلطان|الخلافه|البوسفور|اسطنبول|استانبول|اسلامبول|القسطنطينيه|الباب العالي|"
    r"الخديو|الصدر الاعظم|بيزنط|الدردنيل|مرمره|الاستانه العليه"
)
#: Words that say something about the process (what it did, agreed, is, or failed).
CONTENT_CUES = re.compile(
    r"خفض التصعيد|خفض التوتر|عدم التصعيد|مناطق|نقاط (?:ال)?مراقبه|نقطه مراقبه|اتفقت|المتفق|"
    r"فشل|نجح|انهيار|ينهار|معطل|مسدود|ادت|اتاحت|انشات|ارست|نتجت|تمخضت|حقق|نتائج|"
    r"انجاز|مذكره|مبادره|بديل|موازي|تقسيم|تقاسم|النفوذ|الحل السياسي|حل سياسي"
)
#: A relative clause right after the mention (… أستانة التي انتزعت …) describes the process.
_RELATIVE_RE = re.compile(r"^\W*(?:\S+\s+){0,2}?(?:و?ال(?:تي|ذي))(?!\w)")


#: Characters on each side of a mention in which talks and content words are looked for.
WINDOW = 60


def _window(sent: str, start: int, end: int) -> str:
    return sent[max(0, start - WINDOW) : end + WINDOW]


class TalksMention(NamedTuple):
    """A mention of Astana as the talks: matched normalised text, its span, the sentence
    span, and how it was resolved ('astana' or 'al-astana: <cue>')."""

    matched: str
    start: int
    end: int
    sentence: tuple[int, int]
    how: str


def talks_mentions(norm: str, *, assume_talks: bool = False) -> list[TalksMention]:
    """Mentions of Astana as the talks in one normalised paragraph (see the module doc).

    With ``assume_talks`` (the article already names the talks elsewhere) every
    unambiguous spelling counts, even in a sentence without a talks word
    (a headline such as "مخاوف من انهيار أستانة").

    Examples
    --------
    >>> [m.how for m in talks_mentions(normalize_arabic("ومع انطلاق مفاوضات الأستانة بداية 2017"))]
    ['al-astana: مفاوضات الاستان']
    >>> talks_mentions(normalize_arabic("في الآستانة عاصمة الدولة العثمانية"))
    []
    >>> talks_mentions(normalize_arabic("تعادل هلسنكي مع استانة من قازاخستان"))
    []
    >>> [m.matched for m in talks_mentions(normalize_arabic("اتفقت عليها روسيا وتركيا وإيران "
    ...     "في العاصمة الكازاخية الآستانة"))]
    ['الاستانه']
    """
    if "استان" not in norm and "سلطان" not in norm and "astana" not in norm:
        return []
    out: list[TalksMention] = []
    para_istanbul: bool | None = None
    for a, b in sentence_spans(norm):
        sent = norm[a:b]
        if "استان" not in sent and "سلطان" not in sent and "astana" not in sent:
            continue
        for m in ASTANA_RE.finditer(sent):
            if assume_talks or TALKS_CUES.search(_window(sent, m.start(), m.end())):
                out.append(TalksMention(m.group(0), a + m.start(), a + m.end(), (a, b), "astana"))
        if "الاستان" not in sent and "لاستان" not in sent:
            continue
        for m in AL_ASTANA_RE.finditer(sent):
            if ISTANBUL_CUES.search(sent):
                continue
            cue = AL_ASTANA_CUES.search(sent)
            if cue is None:
                if para_istanbul is None:
                    para_istanbul = ISTANBUL_CUES.search(norm) is not None
                cue = None if para_istanbul else AL_ASTANA_CUES.search(norm)
            if cue is not None:
                how = f"al-astana: {cue.group(0)}"
                out.append(TalksMention(m.group(0), a + m.start(), a + m.end(), (a, b), how))
    out.sort(key=lambda t: t.start)
    return out


class Relevance(NamedTuple):
    """Relevance of one article: level, score, evidence and number of talks mentions."""

    level: str
    score: float
    evidence: str
    mentions: int


def _article_relevance(
    norms: list[str], roles: list[str], *, rnd: object = None, event: object = None, date=None
) -> Relevance:
    title_hit = lead_hit = False
    n_mentions = 0
    content: list[str] = []
    first_body = next((i for i, r in enumerate(roles) if r == "body"), None)
    seen_sentences: set[tuple[int, tuple[int, int]]] = set()
    used = [r in ("title", "body") for r in roles]
    found = [talks_mentions(nm) if u else [] for nm, u in zip(norms, used, strict=True)]
    if any(found):  # the article names the talks: its other Astana mentions are the talks too
        found = [
            talks_mentions(nm, assume_talks=True) if u else []
            for nm, u in zip(norms, used, strict=True)
        ]
    for k, (nm, role) in enumerate(zip(norms, roles, strict=True)):
        ms = found[k]
        if not ms:
            continue
        n_mentions += len(ms)
        title_hit |= role == "title"
        lead_hit |= k == first_body
        for m in ms:
            key = (k, m.sentence)
            if key in seen_sentences:
                continue
            seen_sentences.add(key)
            cue = CONTENT_CUES.search(_window(nm, m.start, m.end))
            rel = _RELATIVE_RE.search(nm[m.end : m.end + WINDOW]) if cue is None else None
            if (cue or rel) and len(content) < 3:
                content.append(cue.group(0) if cue else f"relative clause '{rel.group(0).strip()}'")
    has_round = rnd is not None and not pd.isna(rnd)
    has_event = isinstance(event, str) and bool(event)
    score = 0.0
    parts: list[str] = []
    if title_hit:
        score += 3
        parts.append("headline names the talks (+3)")
    if lead_hit:
        score += 2
        parts.append("lead names the talks (+2)")
    if has_round or has_event:
        head = [i for i, r in enumerate(roles) if r == "title"][:1]
        head += [first_body] if first_body is not None else []
        hn, hr = [norms[i] for i in head], [roles[i] for i in head]
        what = f"round {rnd}" if has_round else f"event {event}"
        in_head = (has_round and infer_round(hn, hr, date=date)[0] == rnd) or (
            has_event and infer_event(hn, hr, date=date)[0] == event
        )
        score += 3 if in_head else 1
        parts.append(f"reports {what}" + (" in headline/lead (+3)" if in_head else " (+1)"))
    if content:
        score += len(content)
        parts.append(f"{len(content)} sentence(s) about the process: {', '.join(content)}")
    if n_mentions:
        score += 0.5 * min(n_mentions, 6)
        parts.append(f"{n_mentions} talks mention(s)")
    if n_mentions == 0 and not (has_round or has_event):
        return Relevance("none", 0.0, "no mention of the Astana talks in headline/body", 0)
    level = (
        "subject"
        if score >= SUBJECT_SCORE
        else "background"
        if score >= BACKGROUND_SCORE
        else "passing"
    )
    return Relevance(level, score, "; ".join(parts), n_mentions)


def astana_relevance(corpus) -> pd.DataFrame:
    """Relevance level, score and evidence of every article of a corpus.

    Parameters
    ----------
    corpus : Corpus or pandas.DataFrame
        A :class:`~astana_lib.reading.Corpus` (its ``articles.title`` counts as the
        headline when no paragraph is a title, as for record inputs; its ``round``,
        ``event`` and ``date`` columns are used), or a paragraphs table (``article_id``,
        ``norm`` or ``text``; ``role`` when present; without ``role`` every row is a
        body paragraph and an article's first row is its lead).

    Returns
    -------
    pandas.DataFrame
        ``article_id``, ``relevance`` (subject / background / passing / none),
        ``relevance_score`` (float), ``relevance_evidence`` (the rules that fired and
        the words), ``astana_mentions`` (mentions of Astana as the talks).

    Examples
    --------
    >>> p = pd.DataFrame({"article_id": ["a", "a", "b", "b", "c"],
    ...     "role": ["title", "body", "body", "body", "body"],
    ...     "text": ["أردوغان يبلغ بوتن مخاوفه من انهيار أستانة",
    ...     "اتفاق أستانة قد ينهار إذا استهدفت قوات الحكومة السورية إدلب",
    ...     "قتل 14 شخصا في الغوطة", "شارك الفصيل في محادثات جنيف وأستانا",
    ...     "في الآستانة عاصمة الدولة العثمانية"]})
    >>> astana_relevance(p)[["article_id", "relevance"]].values.tolist()
    [['a', 'subject'], ['b', 'passing'], ['c', 'none']]
    """
    from astana_lib.reading.corpus import Corpus

    if isinstance(corpus, Corpus):
        paras = corpus.paragraphs
        arts = corpus.articles
    elif isinstance(corpus, pd.DataFrame):
        paras, arts = corpus, None
    else:
        raise TypeError(
            f"astana_relevance expects a Corpus or a DataFrame, got {type(corpus).__name__}"
        )
    require_columns(paras, ["article_id"], table="paragraphs")
    norms = paras["norm"] if "norm" in paras.columns else paras["text"].map(normalize_arabic)
    roles = paras["role"] if "role" in paras.columns else pd.Series("body", index=paras.index)
    by: dict[str, tuple[list[str], list[str]]] = {}
    for aid, nm, role in zip(paras["article_id"], norms, roles, strict=True):
        ns, rs = by.setdefault(aid, ([], []))
        ns.append(nm if isinstance(nm, str) else "")
        rs.append(role)
    meta: dict[str, dict] = {}
    if arts is not None:
        for row in arts.to_dict("records"):
            meta[row["article_id"]] = row
    ids = list(arts["article_id"]) if arts is not None else list(pd.unique(paras["article_id"]))
    rows = []
    for aid in ids:
        ns, rs = by.get(aid, ([], []))
        m = meta.get(aid, {})
        title = m.get("title")
        if isinstance(title, str) and title and "title" not in rs:
            ns, rs = [normalize_arabic(title), *ns], ["title", *rs]
        date = m.get("date")
        date = None if date is None or pd.isna(date) else pd.Timestamp(date).date()
        rel = _article_relevance(ns, rs, rnd=m.get("round"), event=m.get("event"), date=date)
        rows.append((aid, rel.level, rel.score, rel.evidence, rel.mentions))
    return pd.DataFrame(
        rows,
        columns=["article_id", "relevance", "relevance_score", "relevance_evidence",
                 "astana_mentions"],
    )  # fmt: skip


def level_at_least(levels: pd.Series, minimum: str) -> pd.Series:
    """Boolean mask: ``levels`` at or above ``minimum`` (subject > background > passing).

    Examples
    --------
    >>> level_at_least(pd.Series(["subject", "passing", "none"]), "background").tolist()
    [True, False, False]
    """
    if minimum not in _RANK:
        raise ValueError(f"min_relevance must be one of {list(LEVELS)}, got {minimum!r}")
    return levels.map(_RANK).fillna(0) >= _RANK[minimum]
