"""Which tokens of a normalised paragraph lie inside quotation marks (for the reuse features).

Two outlets quoting one statement share its words without one text being written from
the other (labelling guide, ``benchmarks/real_reuse/GUIDE.md``, rules 6-7): a reader
checks whether the shared words sit *inside* the quotation marks or also in the framing
around them. :func:`quoted_token_mask` marks, for the tokens of
:func:`~astana_lib.text.ngrams.tokenize` (``TOKEN_PATTERN``), those inside

- «…», “…”, „…“ and straight "…" quotes (a quote left open runs to the end of the
  paragraph: long quotes are often cut there);
- {…} and ﴿…﴾ (Quran verses);
- (…) holding at least :data:`MIN_PAREN_TOKENS` tokens (a quoted verse or statement; short
  parentheses are datelines, agencies, dates: «(واس)», «(الخميس)»).

Texts without any opening mark cost one regex search each (the common case).
"""

from __future__ import annotations

import re
from collections.abc import Sequence

import numpy as np

__all__ = ["MIN_PAREN_TOKENS", "quoted_token_mask"]

#: Shortest parenthesised span (tokens) counted as a quotation.
MIN_PAREN_TOKENS = 6
_PAIRS = {"«": "»", "“": "”", "„": "“", "{": "}", "﴿": "﴾", "(": ")"}
_OPEN_RE = re.compile(r'[«“„{﴿("]')


def _quote_spans(text: str) -> list[tuple[int, int, bool]]:
    """(start, end, is_parenthesis) character spans of the quotations of ``text``."""
    spans: list[tuple[int, int, bool]] = []
    pos = 0
    n = len(text)
    while True:
        m = _OPEN_RE.search(text, pos)
        if m is None:
            return spans
        o = m.group()
        close = '"' if o == '"' else _PAIRS[o]
        end = text.find(close, m.end())
        if end < 0:  # left open: to the end of the paragraph (not for a parenthesis)
            if o == "(":
                pos = m.end()
                continue
            end = n
        spans.append((m.end(), end, o == "("))
        pos = end + 1


def quoted_token_mask(texts: Sequence[str], ptr: np.ndarray, pattern: str) -> np.ndarray:
    """Boolean mask over the flat tokens of ``texts``: True inside a quotation.

    Parameters
    ----------
    texts : sequence of str
        The texts that were tokenised.
    ptr : ndarray of int
        Row pointers of :func:`~astana_lib.text.ngrams.tokenize` on ``texts`` (tokens of
        text ``i`` are ``ptr[i]:ptr[i + 1]``).
    pattern : str
        The token regex used by that tokenisation.

    Returns
    -------
    ndarray of bool, length ``ptr[-1]``
        A text whose token count here differs from ``ptr`` (should not happen) is left
        all False.

    Examples
    --------
    >>> from astana_lib.text.ngrams import tokenize
    >>> t = ['وقال الوزير ان "الحل سياسي" اليوم', "قال تعالى {ومن يقتل مؤمنا}", "(واس) خبر"]
    >>> ids, ptr = tokenize(t, {}, grow=True, pattern=r"\\w+")
    >>> quoted_token_mask(t, ptr, r"\\w+").astype(int).tolist()
    [0, 0, 0, 1, 1, 0, 0, 0, 1, 1, 1, 0, 0]
    """
    mask = np.zeros(int(ptr[-1]) if len(ptr) else 0, dtype=bool)
    rx = re.compile(pattern)
    for i, text in enumerate(texts):
        if not text or _OPEN_RE.search(text) is None:  # no opening mark: nothing quoted
            continue
        spans = _quote_spans(text)
        if not spans:
            continue
        # spans open and close on non-word characters: tokens before / inside a span are
        # counted on the cut text (C-level findall, no Python loop over tokens)
        base, n_tok = int(ptr[i]), int(ptr[i + 1] - ptr[i])
        for s, e, paren in spans:
            lo = len(rx.findall(text, 0, s))
            k = len(rx.findall(text, s, e))
            if k and (not paren or k >= MIN_PAREN_TOKENS) and lo + k <= n_tok:
                mask[base + lo : base + lo + k] = True
    return mask
