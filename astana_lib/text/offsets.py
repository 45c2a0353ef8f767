"""Map positions in the normalised text back to the original text (the one offset mapper).

Every table that reports where something was found (``matched``/``start``/``end`` of
citations, framing terms, actors, Astana mentions; the aligned spans of an explained pair)
finds it in :func:`~astana_lib.text.normalize.normalize_arabic` form and reports it in the
ORIGINAL text. :func:`map_offsets` does that mapping, once per text:

* ``norm == normalize_arabic(text)``, always (never a character-by-character look-alike);
* the normalised character ``norm[k]`` comes from ``text[starts[k]:ends[k]]``, so the
  normalised span ``norm[a:b]`` is ``text[starts[a]:ends[b - 1]]``;
* a letter's range is the letter and the marks attached to it (diacritics that
  normalisation drops: harakat, tanwin, shadda, dagger alef …), so a span never cuts a
  word's last diacritic off; tatweel, zero-width and bidi controls between words or after
  the last letter stay outside (inside a span they are inside, as everything between its
  first and last letter);
* a normalised space stands for the whole white-space run it replaces (first to last
  white-space character);
* a character that normalises to several (``ﻻ``, ``ﷺ``, ``İ``) gives each of them its
  range.

Plain news text takes a vectorised path (each distinct character normalised once). Text
where characters do not normalise one by one (NFKC composing across characters, Greek final
sigma …) is mapped word by word: within a word character clusters (a base and its combining
marks) when they normalise on their own, else the whole word for each of its normalised
characters. :class:`OffsetMap` wraps the mapping for callers that map several spans of one
text; :func:`normalized_tokens` lists word tokens with their original ranges.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence
from functools import lru_cache
from typing import Literal

import numpy as np

from astana_lib.text.normalize import _table, normalize_arabic

__all__ = ["OffsetMap", "map_offsets", "norm_offsets", "normalized_tokens", "original_span"]

_CHUNK_RE = re.compile(r"\S+")
_DROPPED, _LETTER, _SPACE = 0, 1, 2

Mapping = tuple[str, np.ndarray, np.ndarray]


def map_offsets(text: str, norm: str | None = None) -> Mapping | None:
    """Return ``(norm, starts, ends)``: ``norm[k]`` comes from ``text[starts[k]:ends[k]]``.

    Parameters
    ----------
    text : str
        Original text.
    norm : str, optional
        ``normalize_arabic(text)`` when the caller has it (saves computing it again).

    Returns
    -------
    (str, numpy.ndarray, numpy.ndarray) or None
        ``norm == normalize_arabic(text)``; ``starts`` and ``ends`` are int64 arrays of
        ``len(norm)`` (see the module notes for what a range holds). ``None`` only when no
        word-by-word mapping reproduces ``normalize_arabic`` (never seen in news text).

    Examples
    --------
    >>> text = "قالَ  لافْرَنتييف"
    >>> norm, starts, ends = map_offsets(text)
    >>> norm
    'قال لافرنتييف'
    >>> text[starts[0]:ends[2]], text[starts[4]:ends[-1]]
    ('قالَ', 'لافْرَنتييف')
    >>> int(starts[3]), int(ends[3])     # the space stands for the run of two
    (4, 6)
    """
    want = normalize_arabic(text) if norm is None else norm
    mapped = _vector_offsets(text)
    if mapped is not False and mapped[0] == want:
        return mapped
    mapped = _word_offsets(text)
    if mapped is None or mapped[0] != want:
        return None
    return mapped


@lru_cache(maxsize=65536)
def _char_kind(u: int) -> tuple[int, int, bool] | None:
    """``(kind, output code, attached mark)`` of one code point; None if it maps to several."""
    piece = unicodedata.normalize("NFKC", chr(u)).translate(_table(True))
    if not piece:
        return _DROPPED, 0, unicodedata.combining(chr(u)) != 0
    if piece.isspace():
        return _SPACE, 0, False
    if len(piece) == 1:
        return _LETTER, ord(piece), False
    return None


def _kinds(cps: np.ndarray):
    """Per code point of the text: kind, output code (not lowercased), attached mark.

    False when a character normalises to several. Each distinct character is looked at
    once; long texts use dense tables over the code points present (linear, no sort).
    """
    if len(cps) > 100_000:
        present = np.zeros(0x110000, dtype=bool)
        present[cps] = True
        uniq = np.flatnonzero(present)
        lookup = np.zeros(0x110000, dtype=np.int64)
        lookup[uniq] = np.arange(len(uniq))
        inv = lookup[cps]
    else:
        uniq, inv = np.unique(cps, return_inverse=True)
    info = [_char_kind(u) for u in uniq.tolist()]
    if any(x is None for x in info):
        return False
    kind, code, mark = (np.array(col) for col in zip(*info, strict=True))
    return kind[inv], code.astype(np.uint32)[inv], mark.astype(bool)[inv]


def _vector_offsets(text: str) -> Mapping | Literal[False]:
    """Character-by-character mapping, vectorised; False when a character maps to several.

    The caller checks the result against ``normalize_arabic`` (character-wise
    normalisation differs from the whole text's when NFKC composes across characters).
    """
    cps = np.frombuffer(text.encode("utf-32-le", "surrogatepass"), dtype="<u4")
    empty = ("", np.empty(0, dtype=np.int64), np.empty(0, dtype=np.int64))
    if len(cps) == 0:
        return empty
    kinds = _kinds(cps)
    if kinds is False:
        return False
    kd, codes, mark = kinds
    n = len(cps)
    emit = np.flatnonzero(kd == _LETTER)
    if len(emit) == 0:
        return empty
    # end of a letter: past the run of attached marks that follows it
    idx = np.where(mark, n, np.arange(n))
    nxt = np.append(np.minimum.accumulate(idx[::-1])[::-1], n)
    letter_end = nxt[emit + 1]
    ws = np.flatnonzero(kd == _SPACE)
    n_space = np.cumsum(kd == _SPACE)
    space_before = np.zeros(len(emit), dtype=bool)
    space_before[1:] = n_space[emit[1:]] > n_space[emit[:-1]]
    counts = 1 + space_before.astype(np.int64)
    first = np.cumsum(counts) - counts  # output index of each letter's first entry
    starts = np.repeat(emit.astype(np.int64), counts)
    ends = np.repeat(letter_end.astype(np.int64), counts)
    vals = np.repeat(codes[emit], counts)
    sp = first[space_before]
    prev, this = emit[:-1][space_before[1:]], emit[space_before]
    starts[sp] = ws[np.searchsorted(ws, prev, side="right")]
    ends[sp] = ws[np.searchsorted(ws, this, side="left") - 1] + 1
    vals[sp] = ord(" ")
    out = vals.astype("<u4").tobytes().decode("utf-32-le", "surrogatepass")
    low = out.lower()  # the whole text at once, as normalize_arabic does (Greek final sigma)
    if len(low) != len(out):
        return False
    return low, starts, ends


def _clusters(word: str) -> list[tuple[int, int]]:
    """``(start, end)`` of each base character with the combining marks that follow it."""
    out: list[tuple[int, int]] = []
    i, n = 0, len(word)
    while i < n:
        j = i + 1
        while j < n and unicodedata.combining(word[j]):
            j += 1
        out.append((i, j))
        i = j
    return out


def _word_spans(text: str, a: int, b: int, piece: str) -> list[tuple[int, int]]:
    """Range of each character of ``piece``, the normalised form of the word ``text[a:b]``.

    Clusters are normalised one by one (lowercased one by one, then, failing that, the word
    at once, for the Greek final sigma); failing both, every character gets the whole word.
    """
    clusters = [(a + i, a + j) for i, j in _clusters(text[a:b])]
    table = _table(True)
    for each in (True, False):
        chars: list[str] = []
        spans: list[tuple[int, int]] = []
        pending: tuple[int, int] | None = None
        for s, e in clusters:
            part = unicodedata.normalize("NFKC", text[s:e]).translate(table)
            for c in part.lower() if each else part:
                if c.isspace():  # NFKC may give spaces (U+00AF → " ̄"): collapse them
                    pending = (pending[0] if pending else s, e) if chars else None
                    continue
                if pending:
                    chars.append(" ")
                    spans.append(pending)
                    pending = None
                chars.append(c)
                spans.append((s, e))
        joined = "".join(chars)
        if (joined if each else joined.lower()) == piece and len(joined) == len(piece):
            return spans
    return [(a, b)] * len(piece)


def _word_offsets(text: str) -> Mapping | None:
    """Word-by-word mapping: clusters within a word when they normalise on their own."""
    out: list[str] = []
    starts: list[int] = []
    ends: list[int] = []
    prev_end = -1
    for m in _CHUNK_RE.finditer(text):
        a, b = m.span()
        piece = normalize_arabic(m.group())
        if not piece:
            continue
        if out:
            out.append(" ")
            starts.append(prev_end)
            ends.append(a)
        spans = _word_spans(text, a, b, piece)
        starts.extend(s for s, _ in spans)
        ends.extend(e for _, e in spans)
        out.append(piece)
        prev_end = b
    norm = "".join(out)
    if len(starts) != len(norm):
        return None
    return norm, np.asarray(starts, dtype=np.int64), np.asarray(ends, dtype=np.int64)


def norm_offsets(text: str, norm: str | None = None) -> tuple[str, Sequence[int]] | None:
    """Return ``(norm, pos)`` with ``pos[k]`` = index in ``text`` where ``norm[k]`` starts.

    The ``starts`` of :func:`map_offsets` (kept for callers that only need starts; a span's
    end is better taken from :class:`OffsetMap`, which keeps the last letter's diacritics).

    Examples
    --------
    >>> norm, pos = norm_offsets("  قناة\u00a0RT ")
    >>> norm, pos.tolist()
    ('قناه rt', [2, 3, 4, 5, 6, 7, 8])
    """
    mapped = map_offsets(text, norm)
    return None if mapped is None else (mapped[0], mapped[1])


def normalized_tokens(text: str, pattern: re.Pattern[str]) -> list[tuple[str, int, int]]:
    """Tokens of ``normalize_arabic(text)`` matching ``pattern``, with original ranges.

    Returns ``(token, start, end)``: ``text[start:end]`` is the token as written, its
    diacritics included.

    Examples
    --------
    >>> normalized_tokens("قالَ: أستانا", re.compile(r"\\w+"))
    [('قال', 0, 4), ('استانا', 6, 12)]
    """
    mapped = map_offsets(text)
    if mapped is None:  # pragma: no cover - no known text reaches it
        raise ValueError("no word-by-word mapping reproduces normalize_arabic for this text")
    norm, starts, ends = mapped
    return [
        (m.group(), int(starts[m.start()]), int(ends[m.end() - 1])) for m in pattern.finditer(norm)
    ]


class OffsetMap:
    """Normalised → original positions of one text, computed once, on first use.

    Callers that map several matches of the same paragraph (every agency or round
    mention) use one ``OffsetMap`` so the paragraph is mapped once, not once per match:
    linear in the paragraph length whatever the number of mentions. ``norm``: the
    paragraph's ``normalize_arabic`` form when the caller has it.

    Examples
    --------
    >>> m = OffsetMap("قال مراسل الجزيرة إن")
    >>> m.original(4, 17), m.original(0, 3)
    ('مراسل الجزيرة', 'قال')
    """

    __slots__ = ("_done", "_mapped", "_norm", "text")

    def __init__(self, text: str, norm: str | None = None) -> None:
        self.text = text
        self._norm = norm
        self._mapped: Mapping | None = None
        self._done = False

    def mapping(self) -> Mapping | None:
        """``(norm, starts, ends)`` of :func:`map_offsets` (None when not mappable)."""
        if not self._done:
            self._mapped = map_offsets(self.text, self._norm)
            self._norm = None
            self._done = True
        return self._mapped

    def span(self, start: int, end: int) -> tuple[int, int] | None:
        """Span in the text of the normalised span ``[start, end)`` (None when not mappable)."""
        if end <= start:
            return None
        mapped = self.mapping()
        if mapped is None or end > len(mapped[1]):
            return None
        return int(mapped[1][start]), int(mapped[2][end - 1])

    def original(self, start: int, end: int) -> str | None:
        """Original characters of the normalised span ``[start, end)`` (None when not mappable)."""
        sp = self.span(start, end)
        return None if sp is None else self.text[sp[0] : sp[1]]


def original_span(text: str, start: int, end: int) -> tuple[int, int] | None:
    """Span in ``text`` of the normalised span ``[start, end)`` (None when not mappable).

    Maps the whole text: to map several spans of one text use :class:`OffsetMap`.

    Examples
    --------
    >>> t = "قال مراسل الجزيرة إن"
    >>> s = original_span(t, 4, 17)
    >>> t[s[0]:s[1]]
    'مراسل الجزيرة'
    """
    return OffsetMap(text).span(start, end)
