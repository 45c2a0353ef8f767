"""How many texts of a corpus hold each word 3-gram (for the reuse features).

A reader knows a formula when they see one: an outlet's dateline, a title chain, the
fixed wording of a congratulation cable or a weather report recurs in hundreds of
paragraphs, while a wire sentence copied by two outlets recurs in a handful.
:class:`ShingleCounts` counts, over the *distinct* normalised texts of a corpus, the
texts holding each word 3-gram (the shingles of
:func:`~astana_lib.text.ngrams.shingle_keys`, tokens of
:data:`~astana_lib.reuse.containment.TOKEN_PATTERN`); the features
``rare_shared`` / ``common_shared`` of :func:`~astana_lib.reuse.features.pair_features`
ask it how common the 3-grams a pair shares are.

The counts depend on the corpus: on a small corpus few phrases are common, so formula
lines would look like distinctive text, so under :data:`MIN_CORPUS_TEXTS` distinct texts
the decision (:class:`~astana_lib.reuse.decision.ReuseDecision`) gives these two features
their training mean: no evidence either way. The packaged model was fitted with counts
over whole dumps (100k-160k distinct paragraphs each).
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from astana_lib.reuse.containment import TOKEN_PATTERN
from astana_lib.text.ngrams import _Layout, _mix, tokenize

__all__ = [
    "COMMON_ABOVE",
    "MIN_CORPUS_TEXTS",
    "RARE_AT_MOST",
    "ShingleCounts",
    "count_texts",
    "gather_tokens",
    "shingle_positions",
]

#: A shared 3-gram found in at most this many distinct texts of the corpus is rare.
RARE_AT_MOST = 5
#: A shared 3-gram found in more than this many distinct texts is common (a formula).
COMMON_ABOVE = 20
#: Counts over fewer distinct texts say nothing about formulas: the decision then gives
#: the corpus-frequency features their training mean (no evidence either way).
MIN_CORPUS_TEXTS = 10_000


def shingle_positions(ids: np.ndarray, ptr: np.ndarray, size: int = 3):
    """Every word 3-gram of every text: (position in its text, 64-bit key, row pointers).

    The keys are those of :func:`~astana_lib.text.ngrams.shingle_keys` (same hash).
    """
    starts, doc = _Layout(ptr).starts(size)
    h = np.zeros(len(starts), dtype=np.uint64)
    with np.errstate(over="ignore"):
        for k in range(size):
            h = _mix(h ^ (ids[starts + k].astype(np.uint64) + np.uint64(0x9E3779B97F4A7C15)))
    pos = starts - ptr[doc]
    sptr = np.concatenate(([0], np.cumsum(np.bincount(doc, minlength=len(ptr) - 1))))
    return pos.astype(np.int64), h, sptr.astype(np.int64)


def count_texts(keys: np.ndarray, sptr: np.ndarray):
    """Texts holding each key (one sort): distinct keys, their counts, per text, per entry.

    ``keys`` of text ``i`` are ``keys[sptr[i]:sptr[i + 1]]``. Returns the sorted distinct
    keys, the number of texts holding each, the number of distinct keys of each text,
    and for every entry of ``keys`` the number of texts holding it.
    """
    n = len(sptr) - 1
    if len(keys) == 0:
        z = np.zeros(0, dtype=np.int64)
        return np.zeros(0, np.uint64), z, np.zeros(n, dtype=np.int64), z
    doc = np.repeat(np.arange(n), np.diff(sptr))
    order = np.argsort(keys, kind="stable")  # within one key, texts stay in order
    ks, ds = keys[order], doc[order]
    new_key = np.ones(len(ks), dtype=bool)
    new_key[1:] = ks[1:] != ks[:-1]
    new_doc = new_key.copy()
    new_doc[1:] |= ds[1:] != ds[:-1]
    gid = np.cumsum(new_key) - 1
    per_key = np.bincount(gid, weights=new_doc).astype(np.int64)
    per_text = np.bincount(ds[new_doc], minlength=n).astype(np.int64)
    per_entry = np.empty(len(keys), dtype=np.int64)
    per_entry[order] = per_key[gid]
    return ks[new_key], per_key, per_text, per_entry


def gather_tokens(ids: np.ndarray, ptr: np.ndarray, rows: np.ndarray):
    """Token ids and row pointers of the texts ``rows`` of a tokenised corpus."""
    rows = np.asarray(rows, dtype=np.int64)
    lens = ptr[rows + 1] - ptr[rows]
    owner = np.repeat(np.arange(len(rows)), lens)
    flat = np.arange(int(lens.sum())) - np.repeat(np.cumsum(lens) - lens, lens)
    sub_ptr = np.concatenate(([0], np.cumsum(lens))).astype(np.int64)
    return ids[ptr[rows][owner] + flat], sub_ptr


class ShingleCounts:
    """Number of distinct texts holding each word 3-gram of a corpus.

    Attributes
    ----------
    vocab : dict
        Token → id used for the hashes; tokenise other texts with a *copy* of it
        (``grow=True``) so that their 3-grams get the same keys.
    keys : ndarray of uint64
        Sorted distinct 3-gram keys.
    counts : ndarray of int64
        Texts holding each key.
    n_texts : int
        Distinct texts counted.

    Examples
    --------
    >>> c = ShingleCounts.from_texts(["ا ب ج د", "ا ب ج", "ا ب ج", "ه و ز"])
    >>> c.n_texts, sorted(c.counts.tolist())
    (3, [1, 1, 2])
    """

    def __init__(
        self,
        vocab: dict[str, int],
        keys: np.ndarray,
        counts: np.ndarray,
        n_texts: int,
        *,
        tokens: tuple | None = None,
    ) -> None:
        self.vocab = vocab
        self.keys = keys
        self.counts = counts
        self.n_texts = int(n_texts)
        #: optional ``(ids, ptr, texts, n_shingles)``: token ids (from ``vocab``), row
        #: pointers and distinct 3-grams of already tokenised distinct ``texts``
        self.tokens = tokens

    def tokens_of(self, texts: Sequence[str]):
        """Token ids, row pointers and distinct 3-gram counts of ``texts``, from
        :attr:`tokens`; None when it is not set or a text is not in it."""
        if self.tokens is None:
            return None
        ids, ptr, known, n_sh = self.tokens
        where = {t: i for i, t in enumerate(known)}
        rows = np.fromiter((where.get(t, -1) for t in texts), dtype=np.int64, count=len(texts))
        if (rows < 0).any():
            return None
        sub_ids, sub_ptr = gather_tokens(ids, ptr, rows)
        return sub_ids.astype(np.int64), sub_ptr, np.asarray(n_sh)[rows]

    def tokens_at(self, rows: np.ndarray):
        """Token ids, row pointers and distinct 3-gram counts of the texts at ``rows`` of
        :attr:`tokens` (positions in its texts).

        Examples
        --------
        >>> from astana_lib.reuse.estimator import ParagraphMatcher
        >>> m = ParagraphMatcher().fit(["ا ب ج د", "ه و ز"])
        >>> ids, ptr, n_sh = ShingleCounts.of_search(m).tokens_at(np.array([1]))
        >>> ptr.tolist(), n_sh.tolist()
        ([0, 3], [1])
        """
        ids, ptr, _known, n_sh = self.tokens
        rows = np.asarray(rows, dtype=np.int64)
        sub_ids, sub_ptr = gather_tokens(ids, ptr, rows)
        return sub_ids.astype(np.int64), sub_ptr, np.asarray(n_sh)[rows]

    @classmethod
    def from_tokens(cls, ids: np.ndarray, ptr: np.ndarray, vocab: dict[str, int]) -> ShingleCounts:
        """Counts over already tokenised *distinct* texts (ids from ``vocab``)."""
        _pos, keys, sptr = shingle_positions(ids, ptr)
        u, c, _per_text, _ = count_texts(keys, sptr)
        return cls(vocab, u, c, len(ptr) - 1)

    @classmethod
    def from_texts(cls, texts: Sequence[str]) -> ShingleCounts:
        """Counts over the distinct normalised texts of ``texts`` (non-strings skipped)."""
        uniq = list(dict.fromkeys(t for t in texts if isinstance(t, str) and t.strip()))
        vocab: dict[str, int] = {}
        ids, ptr = tokenize(uniq, vocab, grow=True, pattern=TOKEN_PATTERN)
        return cls.from_tokens(ids, ptr, vocab)

    @classmethod
    def of_search(cls, matcher, skipped_texts: Sequence[str] = ()) -> ShingleCounts:
        """The counts a fitted search already holds, plus the texts it skipped.

        A fitted :class:`~astana_lib.reuse.estimator.ParagraphMatcher` has the 3-grams of
        every distinct text it searched (``token_vocabulary_``, ``shingle_keys_``,
        ``shingle_df_``): no second tokenising pass over the corpus. ``skipped_texts``
        are the normalised texts of the rows it left out (empty, no Arabic letter); they
        are counted too, so that the result equals :meth:`from_texts`-style counts over
        every distinct text of the rows searched (what
        :func:`~astana_lib.reuse.decision.features_for_pairs` counts by itself).

        Examples
        --------
        >>> from astana_lib.reuse.estimator import ParagraphMatcher
        >>> m = ParagraphMatcher().fit(["ا ب ج د", "ا ب ج", "ا ب ج"])
        >>> c = ShingleCounts.of_search(m, ["", "1 2 3"])
        >>> c.n_texts, sorted(c.counts.tolist())
        (4, [1, 1, 2])
        """
        vocab = matcher.token_vocabulary_
        keys = np.asarray(matcher.shingle_keys_, dtype=np.uint64)
        counts = np.asarray(matcher.shingle_df_, dtype=np.int64)
        n_texts = int(matcher._side.n_unique)
        ids, ptr = matcher._token_ids
        tokens = (ids, ptr, matcher._side.uniq, matcher._n_shingles)
        skipped = list(dict.fromkeys(t if isinstance(t, str) else "" for t in skipped_texts))
        if skipped:
            extra_vocab = dict(vocab)  # new tokens get new ids; the search keeps its own
            ids, ptr = tokenize(skipped, extra_vocab, grow=True, pattern=TOKEN_PATTERN)
            _pos, k2, sptr = shingle_positions(ids, ptr)
            u2, c2, _per_text, _ = count_texts(k2, sptr)
            if len(u2):  # both sorted and distinct: add the counts of known keys, merge new ones
                j = np.minimum(np.searchsorted(keys, u2), max(len(keys) - 1, 0))
                known = (keys[j] == u2) if len(keys) else np.zeros(len(u2), dtype=bool)
                counts = counts.copy()
                counts[j[known]] += c2[known]
                keys = np.concatenate((keys, u2[~known]))
                counts = np.concatenate((counts, c2[~known]))
                order = np.argsort(keys, kind="stable")  # two sorted runs: a linear merge
                keys, counts = keys[order], counts[order]
            vocab = extra_vocab
            n_texts += len(skipped)
        return cls(vocab, keys, counts, n_texts, tokens=tokens)

    def lookup(self, keys: np.ndarray) -> np.ndarray:
        """Texts holding each key (0 for a key the corpus does not have)."""
        keys = np.asarray(keys, dtype=np.uint64)
        if len(self.keys) == 0 or len(keys) == 0:
            return np.zeros(len(keys), dtype=np.int64)
        order = np.argsort(keys)  # sorted queries: a cache-friendly search, ~8x faster
        j = np.empty(len(keys), dtype=np.int64)
        j[order] = np.searchsorted(self.keys, keys[order])
        j = np.minimum(j, len(self.keys) - 1)
        return np.where(self.keys[j] == keys, self.counts[j], 0)

    def save(self, path) -> None:
        """Write to an ``.npz`` file (vocabulary as a token array)."""
        toks = np.array(sorted(self.vocab, key=self.vocab.__getitem__), dtype=object)
        np.savez(path, keys=self.keys, counts=self.counts, n_texts=self.n_texts,
                 tokens=toks.astype(str))  # fmt: skip

    @classmethod
    def load(cls, path) -> ShingleCounts:
        """Read a file written by :meth:`save`."""
        d = np.load(path)
        vocab = {t: i for i, t in enumerate(d["tokens"].tolist())}
        return cls(vocab, d["keys"], d["counts"], int(d["n_texts"]))
