"""The actor gazetteer (``data/actors.csv``) and its matches in normalised text.

:func:`load_gazetteer` loads the packaged gazetteer or a user's (see the gazetteer policy
in :mod:`astana_lib.analysis.actors`); :func:`gazetteer_matches` finds its aliases in a
normalised paragraph, dropping bare aliases whose ``only_after`` context is missing ("الأسد"
counts only after a speech verb).
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from astana_lib.text.lexicon import TermMatcher, load_lexicon
from astana_lib.text.normalize import normalize_arabic
from astana_lib.text.speech import _STOP_CHARS, _VERB_RE, strip_punct

__all__ = ["SPEECH_VERB_CONTEXT", "gazetteer_matches", "load_gazetteer", "only_after_rules"]


def load_gazetteer(
    gazetteer: str | Path | pd.DataFrame | None = None, *, extend: bool = False
) -> pd.DataFrame:
    """Load the actor gazetteer (packaged, a user's CSV/DataFrame, or both).

    Parameters
    ----------
    gazetteer : str, Path, DataFrame or None
        ``None`` → packaged ``data/actors.csv``; otherwise a table with the columns
        ``actor_id, name_en, name_ar, alias, role, affiliation, source``.
    extend : bool, default False
        Append the user's rows to the packaged gazetteer instead of replacing it.

    Examples
    --------
    >>> gaz = load_gazetteer()
    >>> sorted(set(gaz.loc[gaz["actor_id"] == "lavrentiev", "name_en"]))
    ['Alexander Lavrentiev']
    """
    return load_lexicon(
        "actors", gazetteer, term_column="alias", key_column="actor_id", extend=extend
    )


def gazetteer_table(gazetteer: str | Path | pd.DataFrame | None) -> pd.DataFrame:
    """The gazetteer as given when already loaded (has ``term_norm``), else loaded."""
    if isinstance(gazetteer, pd.DataFrame) and "term_norm" in gazetteer.columns:
        return gazetteer
    return load_gazetteer(gazetteer)


#: ``only_after`` value meaning "right after a speech verb or attribution cue".
SPEECH_VERB_CONTEXT = "@speech_verb"


def only_after_rules(gaz: pd.DataFrame) -> dict[int, tuple[frozenset[str], bool]]:
    """``{term index: (allowed preceding words, speech verb allowed)}`` from ``only_after``."""
    if "only_after" not in gaz.columns:
        return {}
    rules: dict[int, tuple[frozenset[str], bool]] = {}
    for k, spec in enumerate(gaz["only_after"]):
        if isinstance(spec, str) and spec.strip():
            items = [w.strip() for w in spec.split("|") if w.strip()]
            words = frozenset(normalize_arabic(w) for w in items if w != SPEECH_VERB_CONTEXT)
            rules[k] = (words, SPEECH_VERB_CONTEXT in items)
    return rules


def gazetteer_matches(
    matcher: TermMatcher, norm: str, rules: dict[int, tuple[frozenset[str], bool]]
) -> list[tuple[int, int, int]]:
    """Gazetteer matches in ``norm``, minus aliases whose ``only_after`` context is missing.

    A bare alias such as "الأسد" (lion; Hafez or Maher al-Assad) counts only right after
    a speech verb ("قال الأسد", "وتابع الأسد") or one of the listed words; punctuation
    in between, or any other word before it, drops the match.
    """
    hits = [(matcher.duplicates.get(k, k), s, e) for k, s, e in matcher.find_norm(norm)]
    if not rules:
        return hits
    out = []
    for k, s, e in hits:
        rule = rules.get(k)
        if rule is not None:
            head = norm[:s]
            if head and not head[-1].isspace():  # proclitic attached ("والأسد")
                head = head[: len(head) - len(head.split()[-1])] if head.split() else ""
            prev = head.split()[-1] if head.split() else ""
            if not prev or prev[-1:] in _STOP_CHARS or prev[-1:] in "،,":
                continue
            word = strip_punct(prev)
            if not (word in rule[0] or (rule[1] and _VERB_RE.match(word))):
                continue
        out.append((k, s, e))
    return out
