"""Map positions in the normalised text back to the original text (for ``matched`` columns).

:func:`norm_offsets` normalises character by character, recording for each output character
the original character it came from, and checks that the result equals
:func:`astana_lib.text.normalize.normalize_arabic` of the whole text (it does for Arabic and Latin
news text; when it does not, callers fall back to the normalised match).
"""

from __future__ import annotations

import unicodedata
from collections.abc import Sequence
from typing import Literal

import numpy as np

from astana_lib.text.normalize import _table, normalize_arabic

__all__ = ["OffsetMap", "norm_offsets", "original_span"]


def norm_offsets(text: str, norm: str | None = None) -> tuple[str, Sequence[int]] | None:
    """Return ``(norm, pos)`` with ``pos[k]`` = index in ``text`` of ``norm[k]``, or None.

    ``pos`` is a NumPy integer array (one entry per character of ``norm``). Vectorised:
    each distinct character is normalised once, so mapping a 50 MB paragraph takes
    seconds, not minutes. ``norm``, when the caller has it, is
    ``normalize_arabic(text)`` (saves computing it again for the check).

    Examples
    --------
    >>> norm, pos = norm_offsets("  قناة\u00a0RT ")
    >>> norm, pos.tolist()
    ('قناه rt', [2, 3, 4, 5, 6, 7, 8])
    """
    mapped = _fast_offsets(text)
    if mapped is False:
        mapped = _slow_offsets(text)
    if mapped[0] != (normalize_arabic(text) if norm is None else norm):
        return None
    return mapped


def _fast_offsets(text: str) -> tuple[str, np.ndarray] | Literal[False]:
    """Vectorised :func:`_slow_offsets`; False when a character normalises to several."""
    table = _table(True)
    cps = np.frombuffer(text.encode("utf-32-le", "surrogatepass"), dtype="<u4")
    if len(cps) == 0:
        return "", np.empty(0, dtype=np.int64)
    # dense tables over the code points present (no sort: linear in the text)
    present = np.zeros(0x110000, dtype=bool)
    present[cps] = True
    code = np.zeros(0x110000, dtype=np.uint32)
    kind = np.zeros(0x110000, dtype=np.int8)  # 0 dropped, 1 one character, 2 white space
    for u in np.flatnonzero(present).tolist():
        piece = unicodedata.normalize("NFKC", chr(u)).translate(table).lower()
        if not piece:
            continue
        if piece.isspace():
            kind[u] = 2
        elif len(piece) == 1:
            kind[u], code[u] = 1, ord(piece)
        else:
            return False
    kd = kind[cps]
    emit = np.flatnonzero(kd == 1)
    if len(emit) == 0:
        return "", np.empty(0, dtype=np.int64)
    n_space = np.cumsum(kd == 2)
    space_before = np.zeros(len(emit), dtype=bool)
    space_before[1:] = n_space[emit[1:]] > n_space[emit[:-1]]
    counts = 1 + space_before.astype(np.int64)
    starts = np.cumsum(counts) - counts
    pos = np.repeat(emit.astype(np.int64), counts)
    vals = np.repeat(code[cps[emit]], counts)
    pos[starts[space_before]] = emit[space_before] - 1
    vals[starts[space_before]] = ord(" ")
    return vals.astype("<u4").tobytes().decode("utf-32-le", "surrogatepass"), pos


def _slow_offsets(text: str) -> tuple[str, list[int]]:
    """Character-by-character normalisation recording the source of each output character."""
    table = _table(True)
    out: list[str] = []
    pos: list[int] = []
    pending_space = False
    for i, ch in enumerate(text):
        piece = unicodedata.normalize("NFKC", ch).translate(table).lower()
        for c in piece:
            if c.isspace():
                pending_space = bool(out)
                continue
            if pending_space:
                out.append(" ")
                pos.append(i - 1 if i else i)
                pending_space = False
            out.append(c)
            pos.append(i)
    return "".join(out), pos


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
        self._mapped: tuple[str, Sequence[int]] | None = None
        self._done = False

    def _get(self) -> tuple[str, Sequence[int]] | None:
        if not self._done:
            self._mapped = norm_offsets(self.text, self._norm)
            self._norm = None
            self._done = True
        return self._mapped

    def span(self, start: int, end: int) -> tuple[int, int] | None:
        """Span in the text of the normalised span ``[start, end)`` (None when not mappable)."""
        if end <= start:
            return None
        mapped = self._get()
        if mapped is None or end > len(mapped[1]):
            return None
        pos = mapped[1]
        return int(pos[start]), int(pos[end - 1]) + 1

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
    mapped = norm_offsets(text)
    if mapped is None or end <= start:
        return None
    _, pos = mapped
    if end > len(pos):
        return None
    return int(pos[start]), int(pos[end - 1]) + 1
