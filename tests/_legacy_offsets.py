"""The three normalised -> original offset mappers as they were before issue 8 (commit 8d21d1c).

Frozen copies, kept only so that ``tests/test_offsets.py`` can pin what each one did and
show where the single mapper of :mod:`astana_lib.text.offsets` agrees with it and where it
deliberately differs (each difference has a regression test there):

* ``a_norm_offsets`` -- ``astana_lib._textmap.norm_offsets`` (citations, rounds, topic, quotes);
* ``b_normalize_with_offsets`` -- ``astana_lib.lexicon.normalize_with_offsets`` (framing, actors);
* ``c_tokens_with_offsets`` -- ``astana_lib.explain.tokens_with_offsets`` (explain, review).
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence
from functools import lru_cache
from typing import Literal

import numpy as np

from astana_lib.reuse.containment import TOKEN_PATTERN
from astana_lib.text.normalize import _table, normalize_arabic

_TOKEN_RE = re.compile(TOKEN_PATTERN)
_NONSPACE_RE = re.compile(r"\S+")


def a_norm_offsets(text: str, norm: str | None = None) -> tuple[str, Sequence[int]] | None:
    mapped = _a_fast(text)
    if mapped is False:
        mapped = _a_slow(text)
    if mapped[0] != (normalize_arabic(text) if norm is None else norm):
        return None
    return mapped


def _a_fast(text: str) -> tuple[str, np.ndarray] | Literal[False]:
    """Vectorised :func:`_a_slow`; False when a character normalises to several."""
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


def _a_slow(text: str) -> tuple[str, list[int]]:
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


@lru_cache(maxsize=4096)
def _norm_piece(piece: str) -> str:
    return normalize_arabic(piece)


def b_normalize_with_offsets(text: str) -> tuple[str, list[int], list[int]]:
    fast = _b_fast(text)
    if fast is not None:
        return fast
    return _b_slow(text)


def _b_fast(text: str) -> tuple[str, list[int], list[int]] | None:
    """Offsets for the common case (text already NFKC, no length-changing lowercase).

    Deletions (diacritics, tatweel, controls) and one-to-one letter maps are the only
    changes then, so the kept characters can be listed in one pass. Returns ``None``
    when the result would differ from :func:`normalize_arabic` (the caller then uses the
    general, slower cluster-by-cluster path).
    """
    if not unicodedata.is_normalized("NFKC", text):
        return None
    table = _table(True)
    keep = [i for i, ch in enumerate(text) if table.get(ord(ch), 1) is not None]
    kept = "".join([text[i] for i in keep]).translate(table)
    low = kept.lower()
    if len(low) != len(kept) or len(kept) != len(keep):
        return None
    n = len(text)
    out: list[str] = []
    starts: list[int] = []
    ends: list[int] = []
    prev_end = -1
    for m in _NONSPACE_RE.finditer(low):
        a, b = m.span()
        if out:
            out.append(" ")
            starts.append(keep[prev_end])
            ends.append(keep[a - 1] + 1)
        out.append(m.group())
        for j in range(a, b):
            i = keep[j]
            e = i + 1
            while e < n and unicodedata.combining(text[e]) and table.get(ord(text[e]), 1) is None:
                e += 1
            starts.append(i)
            ends.append(e)
        prev_end = b
    norm = "".join(out)
    if norm != normalize_arabic(text):
        return None
    return norm, starts, ends


def _b_slow(text: str) -> tuple[str, list[int], list[int]]:
    out: list[str] = []
    starts: list[int] = []
    ends: list[int] = []
    pending_space: tuple[int, int] | None = None
    i, n = 0, len(text)
    while i < n:
        ch = text[i]
        if ch.isspace():
            j = i + 1
            while j < n and text[j].isspace():
                j += 1
            pending_space = (i, j) if pending_space is None else (pending_space[0], j)
            i = j
            continue
        j = i + 1
        while j < n and unicodedata.combining(text[j]):
            j += 1
        piece = _norm_piece(text[i:j])
        if piece:
            if pending_space is not None and out:
                out.append(" ")
                starts.append(pending_space[0])
                ends.append(pending_space[1])
            pending_space = None
            for c in piece:
                out.append(c)
                starts.append(i)
                ends.append(j)
        i = j
    norm = "".join(out)
    expected = normalize_arabic(text)
    if norm != expected:
        raise ValueError("piecewise normalisation differs from normalize_arabic for this text")
    return norm, starts, ends


def c_tokens_with_offsets(text: str) -> list[tuple[str, int, int]]:
    chars: list[str] = []
    where: list[int] = []
    for i, ch in enumerate(text):
        n = " " if ch.isspace() else normalize_arabic(ch)
        for c in n:
            chars.append(c)
            where.append(i)
    norm = "".join(chars)
    out = []
    for m in _TOKEN_RE.finditer(norm):
        start = where[m.start()]
        end = where[m.end() - 1] + 1
        # include trailing diacritics/tatweel that normalised to nothing
        while end < len(text) and normalize_arabic(text[end]) == "" and not text[end].isspace():
            end += 1
        out.append((m.group(), start, end))
    return out
