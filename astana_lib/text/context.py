"""Context rules for lexicon terms: what may not follow or precede a match.

A bare term can have other senses: "النظام" is "the regime" in "قوات النظام" but "the
system/order" in "النظام الغربي", "النظام المالي العالمي"; "المعارضة" is the Syrian
opposition in "وفد المعارضة" but the Turkish one in "المعارضة التركية" and an adjective
("opposing") in "الأصوات المعارضة". Longest-match alone cannot tell them apart, so each
lexicon row may carry two optional columns:

* ``not_followed_by``: ``|``-separated word sequences that may not come right after
  the match ("الغربي|الإقليمي|المالي|في إيران");
* ``not_preceded_by``: word sequences that may not come right before it
  ("الأصوات|الأحزاب|الدول").

Words are compared in normalised form (:func:`~astana_lib.text.normalize.normalize_arabic`),
with punctuation around them stripped; a word ending in ``*`` matches any word starting
with it ("الترك*"). A preceding word is also tried without its conjunction و/ف
("والأحزاب" = "الأحزاب"). Sentence punctuation between the match and the neighbour
(a comma, full stop, colon, quotation mark, bracket) ends the context, so "النظام،
الغربي …" is not excluded. The lexicon's ``context_source`` column says where each
rule comes from.

Examples
--------
>>> rules = ContextRules.parse("الغربي|المالي العالمي|الترك*", "الأصوات")
>>> rules.excluded("النظام الغربي يواصل", 0, 6)
'not_followed_by: الغربي'
>>> rules.excluded("النظام المالي العالمي", 0, 6)
'not_followed_by: المالي العالمي'
>>> rules.excluded("النظام المالي في سوريا", 0, 6) is None
True
>>> rules.excluded("النظام، الغربي", 0, 6) is None
True
>>> rules.excluded("والاصوات النظام", 9, 15)
'not_preceded_by: الأصوات'
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from astana_lib.text.normalize import normalize_arabic

__all__ = ["CONTEXT_COLUMNS", "ContextRules"]

#: Optional lexicon columns holding the rules (and where they come from).
CONTEXT_COLUMNS = ("not_followed_by", "not_preceded_by", "context_source")

_SPLIT_RE = re.compile(r"\s*\|\s*")
_STRIP = "،,.:؛;!?؟«»\"“”„()[]{}'-–—…"
_BREAK = frozenset('،,.:؛;!?؟«»"“”„()[]{}…')


def _seqs(spec: object) -> tuple[tuple[tuple[str, ...], str], ...]:
    """``(normalised words, as written)`` for each ``|``-separated item of ``spec``."""
    if not isinstance(spec, str) or not spec.strip():
        return ()
    out = []
    for item in _SPLIT_RE.split(spec.strip()):
        words = tuple(
            normalize_arabic(w.rstrip("*")) + ("*" if w.endswith("*") else "") for w in item.split()
        )
        if words:
            out.append((words, item))
    return tuple(out)


def _word_eq(pattern: str, word: str) -> bool:
    if pattern.endswith("*"):
        return word.startswith(pattern[:-1])
    return word == pattern


@dataclass(frozen=True)
class ContextRules:
    """The context rules of one lexicon row (see the module notes).

    Attributes
    ----------
    not_followed_by, not_preceded_by : tuple
        ``(normalised words, item as written)`` pairs.
    """

    not_followed_by: tuple[tuple[tuple[str, ...], str], ...] = ()
    not_preceded_by: tuple[tuple[tuple[str, ...], str], ...] = ()

    @classmethod
    def parse(cls, not_followed_by: object = None, not_preceded_by: object = None) -> ContextRules:
        """Rules from the two lexicon cells (NA/empty cells give no rule)."""
        return cls(_seqs(not_followed_by), _seqs(not_preceded_by))

    def __bool__(self) -> bool:
        return bool(self.not_followed_by or self.not_preceded_by)

    def excluded(self, norm: str, start: int, end: int) -> str | None:
        """Why the match ``norm[start:end]`` is excluded (``None`` when it is kept).

        ``norm`` is the normalised paragraph; the match span is in it.
        """
        if self.not_followed_by and norm[end - 1 : end] not in _BREAK:
            after = _words(norm[end:].split(), forward=True)
            for seq, written in self.not_followed_by:
                if len(after) >= len(seq) and all(
                    _word_eq(p, w) for p, w in zip(seq, after, strict=False)
                ):
                    return f"not_followed_by: {written}"
        if self.not_preceded_by:
            before = _words(norm[:start].split()[::-1], forward=False)
            for seq, written in self.not_preceded_by:
                rev = seq[::-1]
                if len(before) >= len(rev) and all(
                    _word_eq(p, w) or (w[:1] in "وف" and _word_eq(p, w[1:]))
                    for p, w in zip(rev, before, strict=False)
                ):
                    return f"not_preceded_by: {written}"
        return None


def _words(tokens: list[str], *, forward: bool, limit: int = 4) -> list[str]:
    """Up to ``limit`` neighbouring words, stopping at sentence punctuation."""
    out: list[str] = []
    for tok in tokens[:limit]:
        lead = tok[:1] in _BREAK
        trail = tok[-1:] in _BREAK
        if (forward and lead) or (not forward and trail):
            break
        word = tok.strip(_STRIP)
        if not word:
            break
        out.append(word)
        if (forward and trail) or (not forward and lead):
            break
    return out
