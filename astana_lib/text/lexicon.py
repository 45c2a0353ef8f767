"""Term lists (lexicons, gazetteers) matched on normalised Arabic text.

The framing lexicon (``data/framing.csv``) and the actor gazetteer (``data/actors.csv``)
are plain CSV tables, one row per spelling. This module loads them (packaged, or a
user's own file/DataFrame), compiles their terms into one word-boundary matcher, and
finds them in paragraphs:

* Matching runs on :func:`~astana_lib.text.normalize.normalize_arabic` forms of both the terms
  and the text, so hamza/alef spellings, teh marbuta, diacritics, tatweel and
  presentation forms do not matter ("أردوغان" = "اردوغان" = "إردوغان").
* Whole words only: a term never matches inside a longer word ("بوتن" does not match
  "سبوتنيك").
* Arabic proclitics on the *first* word are accepted: و / ف (conjunction), then ب / ل / ك
  (preposition): "ولافروف", "بأستانا", "لمناطق". A term starting with the article ال
  also matches its "لل" form ("للمعارضة" = ل + المعارضة).
* Longest match wins where terms overlap at the same position ("المعارضة المسلحة"
  is counted once, never also as "المعارضة"); matches do not overlap.
* Every match is mapped back to character offsets in the ORIGINAL text
  (:func:`astana_lib.text.offsets.map_offsets`), so ``text[start:end]`` is what matched.

Limits (documented, not hidden): suffixes are not stripped (a term must be written in
every inflected form it should match: "المسلحين" and "المسلحون" are two rows); only the
first word takes proclitics ("مناطق لتخفيف التوتر" needs the ل form as its own row or a
shorter term such as "تخفيف التوتر"); no disambiguation by context (a bare surname that
is also a common word must not be listed as an alias; see the gazetteer's notes).
"""

from __future__ import annotations

import logging
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

import pandas as pd
from tqdm.auto import tqdm

from astana_lib._progress import progress_enabled
from astana_lib.resources import OPTIONAL_COLUMNS, data_path, load_table
from astana_lib.schema import require_columns
from astana_lib.text.normalize import ARABIC_LETTERS_RE, normalize_arabic
from astana_lib.text.offsets import map_offsets
from astana_lib.text.trie import trie_pattern

__all__ = [
    "TermMatch",
    "TermMatcher",
    "load_lexicon",
    "match_lexicon",
    "normalize_with_offsets",
    "select_paragraphs",
    "unmatched_terms",
]

logger = logging.getLogger(__name__)

#: Paragraph columns not copied into per-match tables (join back on ``para_id``).
HEAVY_COLUMNS = ("text", "norm")


# --------------------------------------------------------------------------- offsets
def normalize_with_offsets(text: str) -> tuple[str, list[int], list[int]]:
    """Normalise ``text`` and map every normalised character back to the original.

    Returns ``(norm, starts, ends)`` where ``norm == normalize_arabic(text)`` and the
    normalised character ``norm[j]`` comes from ``text[starts[j]:ends[j]]``: the lists of
    :func:`astana_lib.text.offsets.map_offsets` (the one mapper; see its notes). A span
    ``norm[a:b]`` therefore corresponds to ``text[starts[a]:ends[b - 1]]``.

    Raises ``ValueError`` in the (never seen) case where no word-by-word mapping
    reproduces :func:`normalize_arabic`.

    Examples
    --------
    >>> text = "قال  لافْرَنتييف"
    >>> norm, starts, ends = normalize_with_offsets(text)
    >>> norm
    'قال لافرنتييف'
    >>> a = norm.index("لافرنتييف"); b = a + len("لافرنتييف")
    >>> text[starts[a]:ends[b - 1]]
    'لافْرَنتييف'
    """
    norm, starts, ends = mapped_offsets(text)
    return norm, starts.tolist(), ends.tolist()


def mapped_offsets(text: str, norm: str | None = None):
    """:func:`~astana_lib.text.offsets.map_offsets`, raising ``ValueError`` instead of None."""
    mapped = map_offsets(text, norm)
    if mapped is None:  # pragma: no cover - no known text reaches it
        raise ValueError("piecewise normalisation differs from normalize_arabic for this text")
    return mapped


# --------------------------------------------------------------------------- matcher
_WORD = r"\w"

_WORDS_RE = re.compile(r"\w+")
_CLITIC_PREFIXES = ("", *"وفبلك", *(a + b for a in "وف" for b in "بلك"))


def _prefilter_keys(terms: dict[str, int], *, clitics: bool) -> frozenset[str] | None:
    """Every form the last word of a term can take as a whole word in the text.

    A text that contains none of them cannot match; ``None`` disables the shortcut
    (a term whose ends are not word characters).
    """
    keys: set[str] = set()
    for nt in terms:
        words = _WORDS_RE.findall(nt)
        if not words or _WORDS_RE.fullmatch(nt[-1]) is None:
            return None
        last = words[-1]
        keys.add(last)
        if clitics and len(words) == 1 and _WORDS_RE.fullmatch(nt[0]):
            keys.update(p + last for p in _CLITIC_PREFIXES)
            if last.startswith("ال"):
                keys.update(p + "لل" + last[2:] for p in ("", "و", "ف"))
    return frozenset(keys)


@dataclass(frozen=True)
class TermMatch:
    """One match of a term in a text.

    ``term`` is the index of the matched term in :attr:`TermMatcher.terms`; ``start``
    and ``end`` are offsets in the original text; ``matched`` is ``text[start:end]``
    (the term proper: leading proclitics are outside the span except in the "لل"
    form, where the span starts at the preposition).
    """

    term: int
    start: int
    end: int
    matched: str


class TermMatcher:
    """Compile a list of terms into one longest-match, word-boundary matcher.

    Parameters
    ----------
    terms : sequence of str
        Terms as written (any spelling; they are normalised here). Terms whose
        normalised forms coincide are merged: the first one is reported
        (see :attr:`duplicates`).
    clitics : bool, default True
        Accept the proclitics و ف ب ل ك on the first word (and "لل" for ال-terms).

    Attributes
    ----------
    terms : tuple of str
        The terms as given.
    norm_terms : tuple of str
        Their normalised forms.
    duplicates : dict
        ``{index: index_of_first_term_with_the_same_normal_form}`` for merged terms.

    Examples
    --------
    >>> m = TermMatcher(["المعارضة", "المعارضة المسلحة", "لافروف"])
    >>> [(x.term, x.matched) for x in m.find("وفد المعارضة المسلحة وللمعارضة، ولافروف")]
    [(1, 'المعارضة المسلحة'), (0, 'للمعارضة'), (2, 'لافروف')]
    >>> m.find("سبوتنيك المعارضات")        # whole words only
    []
    """

    def __init__(self, terms: Sequence[str], *, clitics: bool = True) -> None:
        self.terms = tuple(terms)
        self.clitics = clitics
        self.norm_terms = tuple(normalize_arabic(str(t)) for t in self.terms)
        first: dict[str, int] = {}
        self.duplicates: dict[int, int] = {}
        for k, nt in enumerate(self.norm_terms):
            if not nt:
                raise ValueError(f"term {self.terms[k]!r} is empty after normalisation")
            if nt in first:
                self.duplicates[k] = first[nt]
            else:
                first[nt] = k
        self._keys = _prefilter_keys(first, clitics=clitics)
        self._index = first
        if not first:
            self._regex = None
        else:
            body = trie_pattern(first)
            if clitics:
                al_rest = [t[2:] for t in first if t.startswith("ال") and len(t) > 2]
                alts = [f"[وف]?[بلك]?{body}"]
                if al_rest:
                    alts.append(f"[وف]?لل{trie_pattern(al_rest)}")
                body = "|".join(alts)
            self._regex = re.compile(rf"(?<!{_WORD})(?:{body})(?!{_WORD})")

    def _resolve(self, m: str) -> tuple[int, int]:
        """``(term index, proclitic length)`` for a matched string ``m``."""
        for k in range(0, min(3, len(m))):
            rest = m[k:]
            if rest in self._index:
                return self._index[rest], k
            if self.clitics and rest.startswith("لل") and "ال" + rest[2:] in self._index:
                return self._index["ال" + rest[2:]], k
        raise AssertionError(f"matched {m!r} resolves to no term")  # pragma: no cover

    def find_norm(self, norm: str) -> list[tuple[int, int, int]]:
        """Matches in an already-normalised text: ``(term, start, end)`` in ``norm``.

        The span excludes leading proclitics (the "لل" form spans "لل" + the rest).

        Examples
        --------
        >>> TermMatcher(["استانا"]).find_norm("محادثات باستانا")
        [(0, 9, 15)]
        """
        if self._regex is None:
            return []
        if self._keys is not None and self._keys.isdisjoint(_WORDS_RE.findall(norm)):
            return []  # no term's last word occurs: skip the (slower) regex scan
        found = []
        for m in self._regex.finditer(norm):
            s, e = m.span()
            k, skip = self._resolve(m.group())
            found.append((k, s + skip, e))
        return found

    def find(self, text: str) -> list[TermMatch]:
        """Matches in an original text, with offsets into that text.

        Examples
        --------
        >>> [(x.start, x.end, x.matched) for x in TermMatcher(["أستانا"]).find("في آسْتانا")]
        [(3, 10, 'آسْتانا')]
        """
        norm = normalize_arabic(text)
        hits = self.find_norm(norm)
        if not hits:
            return []
        _, starts, ends = mapped_offsets(text, norm)
        out = []
        for k, s, e in hits:
            a, b = int(starts[s]), int(ends[e - 1])
            out.append(TermMatch(term=k, start=a, end=b, matched=text[a:b]))
        return out


# --------------------------------------------------------------------------- tables
def load_lexicon(
    name: str,
    lexicon: str | Path | pd.DataFrame | None = None,
    *,
    term_column: str,
    key_column: str,
    extend: bool = False,
) -> pd.DataFrame:
    """Load and check a term table (packaged, or the user's CSV / DataFrame).

    Parameters
    ----------
    name : str
        Packaged table name (``"framing"`` or ``"actors"``).
    lexicon : str, Path, DataFrame or None
        ``None`` → the packaged table. A path or DataFrame → the user's table, which
        must have the packaged table's columns (extra columns are kept).
    term_column : str
        Column holding the spelling to match (``variant`` / ``alias``).
    key_column : str
        Column identifying what a term stands for (``concept`` / ``actor_id``). A
        normalised term listed under two keys is an error (it could not be counted
        once).
    extend : bool, default False
        With a user table: append it to the packaged table instead of replacing it.

    Returns
    -------
    pandas.DataFrame
        The table with an added ``term_norm`` column. Rows with an empty term are
        dropped with a warning; normalised duplicates under the same key are kept
        (the matcher counts them once, under the first spelling) and logged.

    Examples
    --------
    >>> lex = load_lexicon("framing", term_column="variant", key_column="concept")
    >>> {"concept", "variant", "label_en", "source", "term_norm"} <= set(lex.columns)
    True
    >>> mine = pd.DataFrame({"concept": ["x"], "label_en": ["y"], "variant": ["هدنة"],
    ...                      "notes": [""], "source": ["me"]})
    >>> ext = load_lexicon("framing", mine, term_column="variant", key_column="concept",
    ...                    extend=True)
    >>> len(ext) == len(lex) + 1
    True
    """
    packaged = load_table(name)
    if lexicon is None:
        table = packaged
    else:
        if isinstance(lexicon, pd.DataFrame):
            optional = OPTIONAL_COLUMNS.get(name, frozenset())
            expected = [
                c for c in pd.read_csv(data_path(name), nrows=0).columns if c not in optional
            ]
            require_columns(lexicon, expected, table=f"{name} lexicon")
            user = lexicon.copy()
        else:
            user = load_table(name, path=lexicon)
        table = pd.concat([packaged, user], ignore_index=True) if extend else user
    require_columns(table, [term_column, key_column], table=f"{name} lexicon")
    table = table.reset_index(drop=True)
    empty = table[term_column].isna() | (table[term_column].astype(str).str.strip() == "")
    if empty.any():
        logger.warning(
            "%s lexicon: %d row(s) without a %s dropped (rows %s)",
            name,
            int(empty.sum()),
            term_column,
            list(table.index[empty])[:10],
        )
        table = table[~empty].reset_index(drop=True)
    table["term_norm"] = table[term_column].astype(str).map(normalize_arabic)
    no_arabic = ~table["term_norm"].map(lambda t: bool(ARABIC_LETTERS_RE.search(t)))
    if no_arabic.any():
        logger.warning(
            "%s lexicon: term(s) without Arabic letters (matched as written): %s",
            name,
            table.loc[no_arabic, term_column].tolist()[:10],
        )
    keys_per_term = table.groupby("term_norm")[key_column].nunique()
    clash = keys_per_term[keys_per_term > 1]
    if len(clash):
        rows = table[table["term_norm"].isin(clash.index)][[term_column, key_column]]
        raise ValueError(
            f"{name} lexicon: the same normalised term is listed under several "
            f"{key_column} values, so it cannot be counted once:\n{rows.to_string()}"
        )
    dup = table.duplicated("term_norm")
    if dup.any():
        logger.info(
            "%s lexicon: %d spelling(s) equal to an earlier one after normalisation: %s",
            name,
            int(dup.sum()),
            table.loc[dup, term_column].tolist()[:10],
        )
    return table


def select_paragraphs(
    paragraphs: pd.DataFrame, roles: Iterable[str] | None, *, table: str = "paragraphs"
) -> pd.DataFrame:
    """The paragraphs with one of ``roles`` (all when ``roles`` is None), checked.

    Examples
    --------
    >>> p = pd.DataFrame({"para_id": ["a:1", "a:2"], "article_id": ["a", "a"],
    ...                   "text": ["x", "y"], "role": ["body", "repeat"]})
    >>> select_paragraphs(p, ("title", "body"))["para_id"].tolist()
    ['a:1']
    """
    require_columns(paragraphs, ["para_id", "article_id", "text"], table=table)
    if roles is None:
        return paragraphs
    roles = [roles] if isinstance(roles, str) else list(roles)
    require_columns(paragraphs, ["role"], table=table)
    return paragraphs[paragraphs["role"].isin(roles)]


def match_lexicon(
    paragraphs: pd.DataFrame,
    lexicon: pd.DataFrame,
    *,
    columns: Sequence[str],
    roles: Iterable[str] | None = ("title", "body"),
    clitics: bool = True,
    offsets: bool = True,
    progress: bool = False,
) -> pd.DataFrame:
    """Find every lexicon term in the paragraphs: one row per match.

    Parameters
    ----------
    paragraphs : DataFrame
        PARAGRAPHS table (needs ``para_id``, ``article_id``, ``text``; ``role`` when
        ``roles`` is given).
    lexicon : DataFrame
        Output of :func:`load_lexicon` (needs ``term_norm``).
    columns : sequence of str
        Lexicon columns copied onto each match (e.g. ``concept``, ``variant``).
    roles : iterable of str or None, default ("title", "body")
        Paragraph roles searched; ``None`` searches every paragraph.
    clitics : bool, default True
        Accept proclitics on the first word (see module notes).
    offsets : bool, default True
        Map matches back to the original text (``matched``, ``start``, ``end``).
        ``False`` skips that work when only counts are needed (about twice as fast).
    progress : bool, default False
        Show a tqdm progress bar.

    Returns
    -------
    pandas.DataFrame
        Every paragraph column except ``text``/``norm`` (metadata kept), then the
        requested lexicon columns, ``term_norm`` and, with ``offsets``, ``matched``,
        ``start``, ``end`` (offsets into the paragraph's original ``text``). Ordered by
        paragraph, then position.

    Examples
    --------
    >>> lex = pd.DataFrame({"concept": ["c", "c"], "variant": ["خفض التصعيد", "تخفيف التوتر"]})
    >>> lex["term_norm"] = lex["variant"].map(normalize_arabic)
    >>> paras = pd.DataFrame({"para_id": ["a:1"], "article_id": ["a"], "role": ["body"],
    ...                       "outlet": ["x"], "text": ["منطقة رابعة لخفض التصعيد"]})
    >>> m = match_lexicon(paras, lex, columns=["variant"])
    >>> m[["outlet", "variant", "matched", "start", "end"]].values.tolist()
    [['x', 'خفض التصعيد', 'خفض التصعيد', 13, 24]]
    """
    require_columns(lexicon, ["term_norm", *columns], table="lexicon")
    paras = select_paragraphs(paragraphs, roles)
    matcher = TermMatcher(lexicon["term_norm"].tolist(), clitics=clitics)
    rows: list[tuple[int, int, int, int, str]] = []
    texts = paras["text"]
    for pos, text in enumerate(
        tqdm(texts, disable=not progress_enabled(progress), desc="matching terms")
    ):
        if not isinstance(text, str) or not text:
            continue
        if offsets:
            for hit in matcher.find(text):
                k = matcher.duplicates.get(hit.term, hit.term)
                rows.append((pos, k, hit.start, hit.end, hit.matched))
        else:
            for k, _, _ in matcher.find_norm(normalize_arabic(text)):
                rows.append((pos, matcher.duplicates.get(k, k), 0, 0, ""))
    keep = [c for c in paras.columns if c not in HEAVY_COLUMNS]
    clash = [c for c in columns if c in keep]
    if clash:
        logger.warning("paragraph column(s) %s replaced by the lexicon's", clash)
        keep = [c for c in keep if c not in clash]
    hits = pd.DataFrame(rows, columns=["_pos", "_term", "start", "end", "matched"])
    out = paras[keep].iloc[hits["_pos"].to_numpy()].reset_index(drop=True)
    lex = lexicon[[*columns, "term_norm"]].iloc[hits["_term"].to_numpy()].reset_index(drop=True)
    if not offsets:
        return pd.concat([out, lex], axis=1)
    out = pd.concat([out, lex, hits[["matched", "start", "end"]]], axis=1)
    out["start"] = out["start"].astype("int64")
    out["end"] = out["end"].astype("int64")
    return out


def unmatched_terms(matches: pd.DataFrame, lexicon: pd.DataFrame) -> pd.DataFrame:
    """Lexicon rows that never matched (so a user sees which spellings are unused).

    Examples
    --------
    >>> lex = pd.DataFrame({"variant": ["أ", "ب"], "term_norm": ["ا", "ب"]})
    >>> unmatched_terms(pd.DataFrame({"term_norm": ["ا"]}), lex)["variant"].tolist()
    ['ب']
    """
    require_columns(lexicon, ["term_norm"], table="lexicon")
    require_columns(matches, ["term_norm"], table="matches")
    used = set(matches["term_norm"])
    return lexicon[~lexicon["term_norm"].isin(used)].reset_index(drop=True)
