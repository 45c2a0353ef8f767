"""Speech-verb subjects that the actor gazetteer does not know (to read, then to add).

:func:`unmatched_names` lists, for every speech verb not attributed to a gazetteer name,
the words after it (its subject phrase) and a guess at a person's name in them; see the
limits of quotation attribution in :mod:`astana_lib.analysis.actors`.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from pathlib import Path

import pandas as pd

from astana_lib.analysis.gazetteer import gazetteer_matches, gazetteer_table, only_after_rules
from astana_lib.text.lexicon import HEAVY_COLUMNS, TermMatcher, mapped_offsets, select_paragraphs
from astana_lib.text.normalize import normalize_arabic
from astana_lib.text.speech import (
    _BLOCKERS,
    _PUNCT_STRIP,
    _STOP_CHARS,
    _VERB_RE,
    speech_spans,
    strip_punct,
    tokens,
)

__all__ = ["unmatched_names"]

#: Words that end a subject phrase in :func:`unmatched_names` (prepositions and such).
_PHRASE_END = _BLOCKERS | frozenset(
    normalize_arabic(w)
    for w in (
        "في",
        "إلى",
        "الى",
        "على",
        "خلال",
        "بخصوص",
        "بشأن",
        "حيث",
        "لكن",
        "بعد",
        "قبل",
        "أمس",
        "اليوم",
        "مؤخرا",
    )
)
_MAX_NAME_WORDS = 3
_ARTICLE_RE = re.compile(r"^[\W]*[وفبكل]?ال")
#: Words that are roles, institutions, time words or fillers, not names (for the
#: :func:`unmatched_names` guess). Space-separated to keep the list readable.
_ROLE_WORDS = frozenset(
    normalize_arabic(w)
    for w in """
    المسؤول المسؤولة الأخير المتحدث المتحدثة الناطق الناطقة باسم مصدر مصادر مراسل مندوب
    وزير وزيرة وزارة الخارجية الدفاع رئيس الرئيس مساعد نائب مدير قسم المبعوث مبعوث الممثل
    الخاص الدولي الأممي الوفد وفد الروسي الروسية الأمريكي الأميركي الإيراني التركي السوري
    السورية الكازاخستاني الكازاخستانية الكزاخية الكازاخية المعارضة الحكومة بيان وكالة
    الأنباء السفير عضو قائد القائد العام الأمين للرئيس لشؤون الشرق الأوسط الدائم المرصد
    في إلى الى من على أيضا كذلك بدوره بدورها اليوم أمس خلال مؤتمر صحفي هذا ذلك بذلك الذي
    التي رسميا مجددا سابقا لاحقا قائلا نفسه فيها ما كل السبت الأحد الاثنين الثلاثاء
    الأربعاء الخميس الجمعة الشهر الأسبوع العام الماضي الجاري مسؤول فصيل نشطاء ناشطون
    مجموعات العضو أحد السكان
    """.split()  # noqa: SIM905
)


def unmatched_names(
    paragraphs: pd.DataFrame,
    *,
    gazetteer: str | Path | pd.DataFrame | None = None,
    roles: Iterable[str] | None = ("title", "body"),
    window: int = 6,
    window_quote: int = 10,
) -> pd.DataFrame:
    """Speech-verb subjects the gazetteer does not know (to read, not to hide).

    For every speech verb (see :data:`SPEECH_VERBS`) the words after it, up to the next
    complementiser (أن/إن …), preposition, punctuation, quotation mark or ``window``
    words, are the verb's subject phrase. Verbs that :func:`actor_mentions` attributes
    to a gazetteer name, and phrases that contain one, are known and left out; the
    others are returned.

    Parameters
    ----------
    paragraphs : DataFrame
        PARAGRAPHS table.
    gazetteer : str, Path, DataFrame or None
        Actor gazetteer; ``None`` = packaged.
    roles : iterable of str or None, default ("title", "body")
        Paragraph roles searched.
    window : int, default 6
        Most words taken after the verb.
    window_quote : int, default 10
        ``window`` of :func:`actor_mentions`: verbs that it attributes to a known
        actor are not reported here.

    Returns
    -------
    pandas.DataFrame
        Every paragraph column except ``text``/``norm``, then ``verb``, ``phrase``
        (the subject phrase, original text; empty when the verb is followed directly
        by أن/إن or punctuation), ``candidate`` (a *guess* at a person name: up to
        three trailing words of the phrase that are not role, institution or time
        words, not starting with the article ال; empty when there is none) and ``kind``: ``"candidate_name"`` (a possible unknown person,
        worth adding to the gazetteer), ``"no_name"`` (a role, institution, or a
        reference back such as "المسؤول الروسي") or ``"no_subject"`` (dropped subject).

    Examples
    --------
    >>> paras = pd.DataFrame({"para_id": ["a:1"], "article_id": ["a"], "role": ["body"],
    ...     "text": ["وقال فاتح حسون إن الوفد… وقال المسؤول الروسي إن"]})
    >>> u = unmatched_names(paras)
    >>> u[["verb", "phrase", "candidate", "kind"]].values.tolist()
    [['وقال', 'فاتح حسون', 'فاتح حسون', 'candidate_name'], ['وقال', 'المسؤول الروسي', '', 'no_name']]
    """
    if not isinstance(window, int) or window < 1:
        raise ValueError(f"window must be a positive int, got {window!r}")
    gaz = gazetteer_table(gazetteer)
    paras = select_paragraphs(paragraphs, roles)
    matcher = TermMatcher(gaz["term_norm"].tolist())
    only_after = only_after_rules(gaz)
    rows = []
    for pos, text in enumerate(paras["text"]):
        if not isinstance(text, str) or not text:
            continue
        norm = normalize_arabic(text)
        toks = tokens(norm)
        verb_idx = [k for k, (_, _, t) in enumerate(toks) if _VERB_RE.match(strip_punct(t))]
        if not verb_idx:
            continue
        known = [(s, e) for _, s, e in gazetteer_matches(matcher, norm, only_after)]
        # Verbs already attributed to a known actor (before or after the name).
        used = {v[0] for v in speech_spans(norm, known, window=window_quote) if v is not None}
        _, starts, ends = mapped_offsets(text, norm)
        for k in verb_idx:
            vs, ve, vt = toks[k]
            lead = len(vt) - len(vt.lstrip(_PUNCT_STRIP))
            if vs + lead in used:
                continue
            phrase_toks: list[tuple[int, int, str]] = []
            if vt[-1:] not in _STOP_CHARS:
                for j in range(k + 1, min(len(toks), k + 1 + window)):
                    s, e, t = toks[j]
                    if (
                        strip_punct(t) in _PHRASE_END
                        or t[:1] in _STOP_CHARS
                        or strip_punct(t)[:2] == "لل"
                    ):
                        break
                    phrase_toks.append((s, e, t))
                    if any(c in _STOP_CHARS or c in "،," for c in t[-1:]):
                        break
            if phrase_toks:
                ps, pe = phrase_toks[0][0], phrase_toks[-1][1]
                if any(s < pe and e > ps for s, e in known):
                    continue
                phrase = text[starts[ps] : ends[pe - 1]].strip(_PUNCT_STRIP + " ")
                cand_toks: list[tuple[int, int]] = []
                for s, e, t in reversed(phrase_toks):
                    w = strip_punct(t)
                    if w in _ROLE_WORDS or not w or any(ch.isdigit() for ch in w):
                        break
                    cand_toks.append((s, e))
                cand_toks = cand_toks[:_MAX_NAME_WORDS][::-1]
                # A name starts with a word without the article ("يحيى العريضي"); words
                # with ال/بال/وال at the head of the run are institutions or adjectives.
                while cand_toks and _ARTICLE_RE.match(norm[cand_toks[0][0] : cand_toks[0][1]]):
                    cand_toks.pop(0)
                candidate = (
                    text[starts[cand_toks[0][0]] : ends[cand_toks[-1][1] - 1]].strip(
                        _PUNCT_STRIP + " "
                    )
                    if cand_toks
                    else ""
                )
                kind = "candidate_name" if candidate else "no_name"
            else:
                phrase, candidate, kind = "", "", "no_subject"
            verb = text[starts[vs] : ends[ve - 1]].strip(_PUNCT_STRIP + " ")
            rows.append((pos, verb, phrase, candidate, kind))
    hits = pd.DataFrame(rows, columns=["_pos", "verb", "phrase", "candidate", "kind"])
    keep = [c for c in paras.columns if c not in HEAVY_COLUMNS]
    out = paras[keep].iloc[hits["_pos"].to_numpy()].reset_index(drop=True)
    for c in ("verb", "phrase", "candidate", "kind"):
        out[c] = hits[c].to_numpy()
    return out
