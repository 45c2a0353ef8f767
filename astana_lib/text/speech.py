"""Speech verbs and attribution cues: who is quoted, on normalised text.

:data:`SPEECH_VERBS` (قال, أعلن, أضاف, أكد … with و/ف and feminine ت) and the attribution
cues بحسب/حسب, and :func:`speech_spans`: for each name span of a normalised paragraph, the
speech verb that governs it (before the name, within a window of words and with no
complementiser, preposition, punctuation or other actor in between; right after the name;
or the headline colon "لافرنتييف: …"). Used by :mod:`astana_lib.analysis.actors` (quoted
mentions, unknown speakers) and :mod:`astana_lib.annotate.quotes` (the verbs). The rules
are documented with their examples in :mod:`astana_lib.analysis.actors`.
"""

from __future__ import annotations

import re

from astana_lib.text.normalize import normalize_arabic

__all__ = ["ATTRIBUTION_CUES", "SPEECH_VERBS", "speech_spans"]

#: Past-tense speech verbs (normalised); matched with optional و/ف and feminine ت.
SPEECH_VERBS = (
    "قال",
    "اعلن",
    "اضاف",
    "اكد",
    "اشار",
    "اوضح",
    "ذكر",
    "لفت",
    "اعتبر",
    "صرح",
    "تابع",
    "شدد",
    "كشف",
    "افاد",
    "راي",
    "نفي",
    "حذر",
    # issue 10: verbs of stance that attribute words to their subject
    "انتقد",
    "دعا",
    "دعت",
    "طالب",
    "اتهم",
    "وصف",
    "رحب",
    "اعرب",
    "اقترح",
    "جدد",
    "تساءل",
    "اعترف",
    "نوه",
)
#: Attribution before a name that is not a verb: "وبحسب الرئيس بوتين", "حسب لافروف".
ATTRIBUTION_CUES = ("حسب", "بحسب")
_AFTER_NAME = ("قوله", "قولها")
_VERB_ALT = "|".join(normalize_arabic(v) for v in SPEECH_VERBS)
_VERB_RE = re.compile(rf"^[وف]?(?:(?:{_VERB_ALT})ت?|{'|'.join(ATTRIBUTION_CUES)})$")
_AFTER_RE = re.compile(rf"^(?:{_VERB_ALT})ت?$|^(?:{'|'.join(_AFTER_NAME)})$")
#: Words after which a following name is not the verb's subject.
_COMPLEMENTISERS = (
    "أن",
    "إن",
    "أنه",
    "إنه",
    "أنها",
    "إنها",
    "أنهم",
    "إنهم",
    "أنهما",
    "أننا",
    "إننا",
    "أنني",
    "بأن",
    "بأنه",
    "بأنها",
    "بأنهم",
    "لأن",
)
_BLOCKERS = frozenset(
    normalize_arabic(w)
    for w in (
        *_COMPLEMENTISERS,
        "مع",
        "عن",
        "بين",
        "من",
        "ضد",
        "لدى",
        "حول",
        "ومع",
        "وعن",
        "وبين",
        "الذي",
        "التي",
        "الذين",
    )
)
#: Characters that end the search window (sentence end, quotation, brackets).
_STOP_CHARS = frozenset('.:؛;!?؟«»"“”„()[]{}')
_PUNCT_STRIP = "،,.:؛;!?؟«»\"“”„()[]{}'-–—"
_TOKEN_RE = re.compile(r"\S+")


def tokens(norm: str) -> list[tuple[int, int, str]]:
    """``(start, end, token)`` of the white-space separated tokens of ``norm``."""
    return [(m.start(), m.end(), m.group()) for m in _TOKEN_RE.finditer(norm)]


def strip_punct(tok: str) -> str:
    """``tok`` without leading and trailing punctuation and quotation marks."""
    return tok.strip(_PUNCT_STRIP)


def verb_before(
    toks: list[tuple[int, int, str]], first: int, window: int, others: set[int]
) -> int | None:
    """Index of the speech-verb token governing the name that starts at token ``first``.

    Walks back at most ``window`` words plus the verb; stops at another actor's token
    (``others``), a complementiser/preposition blocker, or any sentence punctuation,
    quotation mark or bracket. Another actor is passed over when the two are
    coordinated subjects of one verb ("وأكد الرؤساء بوتين وأردوغان وروحاني": the word
    after the other actor's name starts with و, or the name ends with a comma).
    """
    budget = window + 1  # the words in between plus the verb itself
    k = first
    while budget > 0 and k > 0:
        k -= 1
        tok = toks[k][2]
        if k in others:
            # coordinated names ("بوتين وأردوغان", "بوتين، أردوغان") do not use the window
            if k + 1 in others or toks[k + 1][2][:1] == "و" or tok[-1:] in "،,":
                continue
            return None
        budget -= 1
        word = strip_punct(tok)
        if _VERB_RE.match(word):
            # "قال:" / "قال «…" introduce a quotation, not this name.
            return None if tok[-1:] in _STOP_CHARS else k
        if word in _BLOCKERS or any(c in _STOP_CHARS for c in tok):
            return None
    return None


def speech_spans(
    norm: str, spans: list[tuple[int, int]], *, window: int
) -> list[tuple[int, int] | None]:
    """For each mention span in ``norm``, the span of the speech verb governing it.

    Examples
    --------
    >>> norm = "وقال لافرنتييف ان الوفد"
    >>> speech_spans(norm, [(5, 14)], window=10)
    [(0, 4)]
    >>> speech_spans("قال ان لافرنتييف", [(7, 16)], window=10)   # "قال إن لافروف …"
    [None]
    """
    toks = tokens(norm)
    tok_of: dict[int, int] = {}
    for i, (ts, te, _) in enumerate(toks):
        for j in range(ts, te):
            tok_of[j] = i
    mention_toks = [(tok_of[s], tok_of[e - 1]) for s, e in spans]
    taken = {k for a, b in mention_toks for k in range(a, b + 1)}
    out: list[tuple[int, int] | None] = []
    for (_, e), (a, b) in zip(spans, mention_toks, strict=True):
        k = verb_before(toks, a, window, taken - set(range(a, b + 1)))
        if k is None and b + 1 < len(toks) and toks[b][2][-1:] not in _STOP_CHARS:
            nxt = toks[b + 1][2]  # "دي ميستورا أكد …", "عن لافرنتييف قوله"
            if nxt[:1] not in _STOP_CHARS and _AFTER_RE.match(strip_punct(nxt)):
                k = b + 1
        if k is not None:
            ts, _, tok = toks[k]
            lead = len(tok) - len(tok.lstrip(_PUNCT_STRIP))
            out.append((ts + lead, ts + lead + len(strip_punct(tok))))
            continue
        # Headline convention "لافرنتييف: …" / "لافرينتييف : …" (name, colon, words).
        colon = norm.find(":", e, e + 2)
        if colon >= 0 and not norm[e:colon].strip() and norm[colon + 1 :].strip():
            out.append((colon, colon + 1))
        else:
            out.append(None)
    return out
