"""Arabic normalisation for matching.

The original text is never changed: :func:`normalize_arabic` produces the *matching
form* that the library stores in derived columns (``paragraphs["norm"]``) and feeds to
vectorisers. The rules follow the verified notes in ``shared/notes/arabic.md`` and the
classic Lucene ``ArabicNormalizer`` rule set, with none of the pitfalls of pyarabic
(``ى`` is *not* turned into ``ا``; ``آ`` is *not* turned into ``ءء``).

Rules, applied in this order (the function is idempotent):

1. Unicode NFKC: folds presentation forms (ﻻ, ﷲ …) and composes alef + hamza.
2. Drop zero-width and bidi control characters (U+200B–U+200F, U+061C, U+202A–U+202E,
   U+2066–U+2069, U+FEFF) and the byte-order mark.
3. Drop diacritics (harakat, tanwin, shadda, sukun: U+064B–U+065F, U+0610–U+061A,
   U+0670 dagger alef, Quranic annotation marks U+06D6–U+06ED) and tatweel (U+0640).
4. Map alef variants ``آ أ إ ٱ`` → ``ا``; alef maqsura ``ى`` → ``ي``; Persian/Urdu
   ``ی ي ک`` → ``ي ك``; optionally teh marbuta ``ة`` → ``ه`` (``fold_teh_marbuta``).
5. Arabic-Indic (٠–٩) and Persian (۰–۹) digits → ASCII ``0``–``9``.
6. Unify white space (NBSP, narrow NBSP, tabs, line breaks …) to single spaces, strip.
7. Optionally lowercase Latin letters (``lowercase``, on by default).

Hamza on waw/yeh (ؤ ئ) and standalone hamza (ء) are kept: folding them merges
different words.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

__all__ = ["ARABIC_LETTERS_RE", "has_arabic", "normalize_arabic", "normalize_series"]

_CONTROL = "\u200b\u200c\u200d\u200e\u200f\u061c\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069\ufeff\u00ad"
_DIACRITICS = (
    "".join(chr(c) for c in range(0x064B, 0x0660))
    + "".join(chr(c) for c in range(0x0610, 0x061B))
    + "\u0670"
    + "".join(chr(c) for c in range(0x06D6, 0x06EE))
    + "\u0640"  # tatweel
)
_DELETE = {ord(c): None for c in _CONTROL + _DIACRITICS}

_MAP_BASE = {
    "آ": "ا",
    "أ": "ا",
    "إ": "ا",
    "ٱ": "ا",
    "ى": "ي",
    "ی": "ي",  # Persian yeh U+06CC
    "ې": "ي",
    "ک": "ك",  # Persian keheh U+06A9
    "ڪ": "ك",
    "ە": "ه",
    "ۀ": "ه",
    "ہ": "ه",
}
_MAP_BASE.update({chr(0x0660 + i): str(i) for i in range(10)})  # Arabic-Indic digits
_MAP_BASE.update({chr(0x06F0 + i): str(i) for i in range(10)})  # Persian digits

#: Matches one Arabic letter (basic Arabic block letters, not digits or punctuation).
ARABIC_LETTERS_RE = re.compile(r"[\u0621-\u063A\u0641-\u064A\u0671-\u06D3\u06FA-\u06FF]")


@lru_cache(maxsize=4)
def _table(fold_teh_marbuta: bool) -> dict[int, str | None]:
    table: dict[int, str | None] = dict(_DELETE)
    table.update({ord(k): v for k, v in _MAP_BASE.items()})
    if fold_teh_marbuta:
        table[ord("ة")] = "ه"
    return table


def normalize_arabic(text: str, *, fold_teh_marbuta: bool = True, lowercase: bool = True) -> str:
    """Return the matching form of ``text`` (the original is not modified).

    Parameters
    ----------
    text : str
        Any text; non-Arabic characters pass through (Latin letters are lowercased
        when ``lowercase`` is true).
    fold_teh_marbuta : bool, default True
        Map teh marbuta ``ة`` to heh ``ه`` (common spelling variation in news text:
        "الجولة"/"الجوله").
    lowercase : bool, default True
        Lowercase non-Arabic letters (``RT`` → ``rt``).

    Returns
    -------
    str
        The normalised text. ``normalize_arabic(normalize_arabic(s)) == normalize_arabic(s)``.

    Examples
    --------
    >>> normalize_arabic("أستانا")
    'استانا'
    >>> normalize_arabic("آستانا") == normalize_arabic("استانا") == normalize_arabic("إستانا")
    True
    >>> normalize_arabic("غداً")          # tanwin dropped, the word is kept whole
    'غدا'
    >>> normalize_arabic("مـــفاوضات")    # tatweel
    'مفاوضات'
    >>> normalize_arabic("الجولة الأولى")
    'الجوله الاولي'
    >>> normalize_arabic("جولة ٢٠١٧", fold_teh_marbuta=False)
    'جولة 2017'
    >>> normalize_arabic("قناة\u00a0RT\u200f")
    'قناه rt'
    """
    if not isinstance(text, str):
        raise TypeError(f"normalize_arabic expects str, got {type(text).__name__}")
    # is_normalized is a fast check; most scraped text is already NFKC
    out = text if unicodedata.is_normalized("NFKC", text) else unicodedata.normalize("NFKC", text)
    out = out.translate(_table(fold_teh_marbuta))
    out = " ".join(out.split())  # str.split() splits on exactly the Unicode white space
    if lowercase:
        out = out.lower()
    return out


def normalize_series(texts, *, fold_teh_marbuta: bool = True, lowercase: bool = True):
    """Vectorised :func:`normalize_arabic` over a pandas Series (missing stays missing).

    Examples
    --------
    >>> import pandas as pd
    >>> out = normalize_series(pd.Series(["أستانا", None]))
    >>> out[0], bool(out.isna()[1])
    ('استانا', True)
    """
    import pandas as pd

    s = pd.Series(texts)
    return s.map(
        lambda t: (
            normalize_arabic(t, fold_teh_marbuta=fold_teh_marbuta, lowercase=lowercase)
            if isinstance(t, str)
            else t
        )
    )


def has_arabic(text: str) -> bool:
    """Whether ``text`` contains at least one Arabic letter.

    Examples
    --------
    >>> has_arabic("RT 2017"), has_arabic("قناة RT")
    (False, True)
    """
    return bool(ARABIC_LETTERS_RE.search(text))
