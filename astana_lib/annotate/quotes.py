"""Quoted speech in a paragraph: quotation marks, attributed speech, cited statements.

Used by :mod:`astana_lib.analysis.origin` to tell outlets quoting the same speaker or communiqué
from outlets copying one another. Matching is on the normalised text
(:func:`astana_lib.text.normalize.normalize_arabic`) with the speech verbs of
:data:`astana_lib.text.speech.SPEECH_VERBS`; spans are mapped back to the original text.
"""

from __future__ import annotations

import re

from astana_lib.text.normalize import normalize_arabic
from astana_lib.text.speech import SPEECH_VERBS

__all__ = ["quotation_info"]

_QUOTE_RE = re.compile(r"«[^»]{3,}»|\"[^\"]{3,}\"|“[^”]{3,}”|„[^“”]{3,}[“”]")
_VERB_ALT = "|".join(SPEECH_VERBS)
_SPEECH_RE = re.compile(rf"^[وف]?(?:{_VERB_ALT})ت?$")
_STATEMENT_RE = re.compile(
    r"(?:^|\s)(?:[وف]?(?:جاء|ورد) في|نص|[وف]?اكد|[وف]?دعا|[وف]?قال)?\s*"
    r"(?P<s>ال?بيان (?:ال)?(?:ختامي|مشترك)|الاعلان الختامي|البيان الصادر|في بيان)"
)
#: Words that end the speaker phrase after a speech verb (time, manner, channel).
#: Share of direct quotation that makes attributed speech a quotation (quotes="direct").
_MIN_DIRECT = 0.15
_SPEAKER_END = frozenset(
    normalize_arabic(w)
    for w in """بالقول للصحافيين للصحفيين لوسائل في خلال عقب بعد اليوم أمس الخميس الجمعة السبت
    الأحد الاثنين الثلاثاء الأربعاء حسب وفق وفقا بحسب عن لوكالة لقناة لموقع مساء صباح""".split()  # noqa: SIM905
)
_COMPLEMENT_RE = re.compile(r"(?:^|\s)(?:[وفبل]?[اإأ]ن(?:ه|ها|هم|هما|نا|ني)?|:)(?:\s|$)|:")


def _speech_start(norm: str, max_words: int = 12) -> int | None:
    """Token index of a speech verb in the first words that introduces speech."""
    toks = norm.split()
    for k, tok in enumerate(toks[:max_words]):
        if _SPEECH_RE.match(tok.strip('،,.:«»"“”()')):
            rest = " ".join(toks[k:])
            if _COMPLEMENT_RE.search(rest) or any(q in rest for q in '«"“'):
                return k
            return None
    return None


def quotation_info(text: str) -> dict:
    """How much of a paragraph is quoted speech, and who speaks.

    Returns
    -------
    dict
        ``quoted_share`` (characters inside quotation marks / all), ``speech``
        (attributed speech opens the paragraph, or a statement is quoted),
        ``statement`` (a communiqué or statement is cited: البيان الختامي …),
        ``speaker_text`` (the words between the verb and إن/أن/:, original spelling, or the
        statement's name; None when not found).

    Examples
    --------
    >>> q = quotation_info('وقال بوتين إن "إعادة الاستقرار في البلاد توفر الظروف المواتية"')
    >>> round(q["quoted_share"], 2), q["speech"], q["speaker_text"]
    (0.77, True, 'بوتين')
    >>> quotation_info("وجاء في البيان الختامي أن الدول الضامنة اتفقت")["speaker_text"]
    'البيان الختامي'
    >>> quotation_info("استقبل الرئيس الروسي نظيره السوري في سوتشي")["speech"]
    False
    """
    if not isinstance(text, str) or not text.strip():
        return {"quoted_share": 0.0, "speech": False, "speaker_text": None}
    quoted = sum(m.end() - m.start() for m in _QUOTE_RE.finditer(text))
    share = quoted / max(len(text.strip()), 1)
    norm = normalize_arabic(text)
    k = _speech_start(norm)
    speaker = None
    if k is not None:
        words = text.split()
        tail = []
        for w in words[k + 1 : k + 8]:
            nw = normalize_arabic(w).strip('،,.«»"“”()')
            if (
                re.fullmatch(r"[وفبل]?[اإأ]ن(?:ه|ها|هم|هما|نا|ني)?|ان|:|", nw)
                or nw in _SPEAKER_END
                or w.startswith(("«", '"', "“", ":"))
            ):
                break
            tail.append(w.rstrip(":،,"))
            if w.endswith((":", "،", ",")):
                break
        speaker = " ".join(tail) or None
    st = _STATEMENT_RE.search(norm)
    if st:
        from astana_lib.text.offsets import original_span

        span = original_span(text, st.start("s"), st.end("s"))
        if speaker is None:
            speaker = text[span[0] : span[1]] if span else st.group("s")
    return {
        "quoted_share": float(share),
        "speech": k is not None or bool(st),
        "statement": bool(st),
        "speaker_text": speaker,
    }
