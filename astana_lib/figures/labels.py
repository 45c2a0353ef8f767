"""Arabic labels for matplotlib: one helper that does the right thing for the matplotlib in use.

matplotlib ≥ 3.11 ships with libraqm and shapes and orders Arabic itself: a label is
passed as the raw (logical-order) string. The classic recipe
``get_display(arabic_reshaper.reshape(s))`` then renders the text *reversed*. Older
matplotlib draws raw Arabic unjoined and left-to-right, and needs exactly that recipe.
:func:`ar_label` tells the two apart at run time
(``hasattr(matplotlib.ft2font, "__libraqm_version__")``) and returns what the running
matplotlib needs; every label of every figure in :mod:`astana_lib.figures.plotting` goes through it.

The transformed string is for drawing only: never store it in a DataFrame (a reshaped
string holds presentation forms in visual order; it is neither searchable nor matchable).

Details
-------
* The *native* path (libraqm) returns the logical string. A label's direction comes
  from its first strong character, so a label that starts with Latin but is mostly
  Arabic (``"RT العربية"``) gets a leading RIGHT-TO-LEFT MARK (U+200F), per line.
* The *reshape* path uses :mod:`arabic_reshaper` configured to **keep** harakat (its
  default deletes them) and the pure-Python ``bidi.algorithm.get_display`` (which mirrors
  brackets; the Rust ``bidi.get_display`` of python-bidi 0.6 does not), per line.
* Strings without Arabic letters pass through unchanged on both paths.
"""

from __future__ import annotations

import textwrap
import unicodedata
from collections.abc import Iterable
from functools import lru_cache
from typing import Any, Literal

import matplotlib.ft2font
import pandas as pd

from astana_lib._checks import check_choice
from astana_lib.text.normalize import has_arabic

__all__ = ["SHAPINGS", "ar_label", "ar_labels", "native_shaping_available", "wrap_label"]

Shaping = Literal["auto", "native", "reshape"]
SHAPINGS: tuple[str, ...] = ("auto", "native", "reshape")

RLM = "\u200f"


def native_shaping_available() -> bool:
    """Return True when the running matplotlib shapes and orders Arabic itself (libraqm).

    Examples
    --------
    >>> import matplotlib
    >>> native_shaping_available() == hasattr(matplotlib.ft2font, "__libraqm_version__")
    True
    """
    return hasattr(matplotlib.ft2font, "__libraqm_version__")


@lru_cache(maxsize=1)
def _reshaper() -> Any:
    import arabic_reshaper

    # arabic_reshaper deletes harakat by default: keep them, a label must not lose letters.
    return arabic_reshaper.ArabicReshaper(
        configuration={"delete_harakat": False, "support_ligatures": True}
    )


def _strong_counts(line: str) -> tuple[str | None, int, int]:
    """First strong direction ('L'/'R'/None) and the number of RTL and LTR letters."""
    first: str | None = None
    n_rtl = n_ltr = 0
    for ch in line:
        bidi = unicodedata.bidirectional(ch)
        if bidi in ("R", "AL"):
            n_rtl += 1
            first = first or "R"
        elif bidi == "L":
            n_ltr += 1
            first = first or "L"
    return first, n_rtl, n_ltr


def _needs_rtl_base(line: str) -> bool:
    """True for a line that starts with a Latin letter but is mostly right-to-left."""
    first, n_rtl, n_ltr = _strong_counts(line)
    return first == "L" and n_rtl > n_ltr


def _native_line(line: str) -> str:
    if _needs_rtl_base(line) and not line.startswith(RLM):
        return RLM + line
    return line


def _reshape_line(line: str) -> str:
    from bidi.algorithm import get_display  # pure-Python: mirrors brackets

    first, n_rtl, n_ltr = _strong_counts(line)
    base_dir = "R" if (first == "R" or (first == "L" and n_rtl > n_ltr)) else "L"
    return get_display(_reshaper().reshape(line.replace(RLM, "")), base_dir=base_dir)


def ar_label(text: Any, *, shaping: Shaping = "auto") -> str:
    """Return ``text`` ready to be drawn as a matplotlib label.

    Parameters
    ----------
    text : Any
        The label in logical (typed) order. Non-strings are converted with ``str``;
        ``None``/NA become ``""``.
    shaping : {"auto", "native", "reshape"}, default "auto"
        ``"native"``: matplotlib shapes Arabic itself (≥ 3.11 with libraqm): the logical
        string is returned (with a U+200F prefix on lines that start with Latin but are
        mostly Arabic). ``"reshape"``: presentation forms in visual order for older
        matplotlib (arabic-reshaper keeping harakat + ``bidi.algorithm.get_display``).
        ``"auto"`` picks ``"native"`` when :func:`native_shaping_available`, else
        ``"reshape"``.

    Returns
    -------
    str
        The string to pass to matplotlib. For drawing only: never store it.

    Examples
    --------
    >>> ar_label("RT Arabic")
    'RT Arabic'
    >>> ar_label("الجزيرة", shaping="native")
    'الجزيرة'
    >>> ar_label("RT العربية", shaping="native") == "\\u200fRT العربية"
    True
    >>> ar_label("الجزيرة", shaping="reshape")  # presentation forms, visual order
    'ﺓﺮﻳﺰﺠﻟﺍ'
    >>> ar_label(5)
    '5'
    """
    check_choice("shaping", shaping, SHAPINGS)
    if text is None or (
        not isinstance(text, str) and pd.api.types.is_scalar(text) and pd.isna(text)
    ):
        return ""
    s = text if isinstance(text, str) else str(text)
    if not has_arabic(s):
        return s
    if shaping == "auto":
        shaping = "native" if native_shaping_available() else "reshape"
    fix = _native_line if shaping == "native" else _reshape_line
    return "\n".join(fix(line) for line in s.split("\n"))


def ar_labels(texts: Iterable[Any], *, shaping: Shaping = "auto") -> list[str]:
    """Apply :func:`ar_label` to every element of ``texts``.

    Examples
    --------
    >>> ar_labels(["Sputnik", None, 3])
    ['Sputnik', '', '3']
    """
    return [ar_label(t, shaping=shaping) for t in texts]


def wrap_label(text: Any, width: int = 22, *, max_lines: int = 3) -> str:
    """Wrap a long label on spaces (in logical order, before :func:`ar_label`).

    Lines longer than ``width`` characters are broken at spaces; beyond ``max_lines``
    the rest is cut and marked with an ellipsis.

    Examples
    --------
    >>> wrap_label("وكالة الأنباء الكازاخستانية الرسمية", width=16)
    'وكالة الأنباء\\nالكازاخستانية\\nالرسمية'
    >>> wrap_label("a b c d e f g h", width=3, max_lines=2)
    'a b\\nc d…'
    >>> wrap_label("وكالة الصحافة الفرنسية (أ ف ب)", width=26, max_lines=1)
    'وكالة الصحافة الفرنسية…'
    """
    if text is None or (
        not isinstance(text, str) and pd.api.types.is_scalar(text) and pd.isna(text)
    ):
        return ""
    s = str(text)
    if len(s) <= width:
        return s
    lines = textwrap.wrap(s, width=width, break_long_words=False, break_on_hyphens=False)
    if len(lines) > max_lines:
        last = lines[max_lines - 1]
        for opening, closing in ("()", "[]", "«»"):  # never leave a bracket open
            if last.count(opening) > last.count(closing):
                last = last[: last.rindex(opening)].rstrip() or last
        lines = [*lines[: max_lines - 1], last + "…"]
    return "\n".join(lines)
