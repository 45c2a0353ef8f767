"""One regular expression for many literal terms, factored as a character trie.

Used by the term matcher of :mod:`astana_lib.text.lexicon` (framing lexicon, actor
gazetteer) and the agency matcher of :mod:`astana_lib.annotate.sources`. A flat
alternation of hundreds of terms makes ``re`` try each term at each position; the trie
shares common prefixes, so a position is rejected after a character or two.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

__all__ = ["trie_pattern"]


def trie_pattern(terms: Iterable[str]) -> str:
    """A regex matching any of ``terms`` literally, longest first at a given start.

    At each trie node the continuation is tried before stopping (greedy ``?``), so the
    longest term wins at a given start, as in a longest-first alternation; a caller's
    ``(?!\\w)`` then makes the regex back off to a shorter term that ends on a word
    boundary. The pattern has no group of its own. No term → the empty pattern.

    Examples
    --------
    >>> rx = re.compile(trie_pattern(["رويترز", "روسيا اليوم", "روس"]))
    >>> [m.group(0) for m in rx.finditer("روسيا اليوم و رويترز و روس")]
    ['روسيا اليوم', 'رويترز', 'روس']
    >>> trie_pattern(["ab", "a.c"])
    'a(?:\\\\.c|b)'
    """
    trie: dict = {}
    for t in terms:
        node = trie
        for ch in t:
            node = node.setdefault(ch, {})
        node[""] = {}

    def build(node: dict) -> str:
        branches = [re.escape(ch) + build(child) for ch, child in sorted(node.items()) if ch]
        if not branches:
            return ""
        body = branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"
        return f"(?:{body})?" if "" in node else body

    return build(trie)
