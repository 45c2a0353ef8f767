"""The fit of the near-duplicate search as a map-reduce over parts of the paragraphs.

:meth:`~astana_lib.reuse.estimator.ParagraphMatcher.fit` learns global state from the
whole paragraphs table: one representative per distinct normalised text (first
appearance), token ids (first appearance), word n-gram features in vocabulary order
with their document frequencies (distinct texts → rare-first order; copies → idf), and
shingle document frequencies. Every one of these is a *reduction* of per-part tables,
so a corpus cut into parts (in corpus order) can be fitted without one process ever
holding all paragraphs. This module holds the pure per-part (map) and combine (reduce)
functions; :mod:`astana_lib.backends.dask_search` runs them on Dask workers.

Stable keys (never Python's salted ``hash``):

* a text: 128-bit BLAKE2b of its UTF-8 normalised form (two uint64);
* a token: its string; its global id is its rank by ``(part, first position in the
  part's stream of distinct texts)`` — the first-appearance id the local fit gives;
* a word n-gram: ``id`` (1-grams) or ``id1 * n_tokens + id2`` (2-grams) of global token
  ids — the key :class:`~astana_lib.text.ngrams.NgramIndex` builds, so the vocabulary
  order (and the rare-first tie-breaks) are those of the local fit;
* a shingle / run: the 64-bit mix of global token ids of
  :func:`~astana_lib.text.ngrams.shingle_keys` (the local keys, since the ids are equal).

Why first appearance reduces: a token first seen in part ``p`` cannot occur in a text
owned by an earlier part, so ordering tokens by ``(first part, position there)`` is the
order of the whole corpus' stream.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from astana_lib.reuse.containment import TOKEN_PATTERN
from astana_lib.reuse.cosine import rare_first
from astana_lib.reuse.prepare import usable_text
from astana_lib.reuse.shingle_counts import count_texts, shingle_positions
from astana_lib.schema import require_columns
from astana_lib.text.ngrams import _Layout, shingle_keys, tokenize
from astana_lib.text.normalize import normalize_arabic

__all__ = [
    "PartSummary",
    "TextTable",
    "TokenTable",
    "finalize_features",
    "finalize_texts",
    "finalize_tokens",
    "merge_counts",
    "merge_para_keys",
    "merge_texts",
    "merge_tokens",
    "part_norms",
    "summarize_part",
    "text_hashes",
]


def text_hashes(texts) -> tuple[np.ndarray, np.ndarray]:
    """Stable 128-bit keys of texts (BLAKE2b of the UTF-8 bytes), as two uint64 arrays.

    Examples
    --------
    >>> h1, h2 = text_hashes(["محادثات", "محادثات", "استانا"])
    >>> bool(h1[0] == h1[1] and h2[0] == h2[1]), bool(h1[0] != h1[2])
    (True, True)
    """
    raw = b"".join(hashlib.blake2b(t.encode("utf-8"), digest_size=16).digest() for t in texts)
    pairs = np.frombuffer(raw, dtype="<u8").reshape(-1, 2) if raw else np.zeros((0, 2), "<u8")
    return pairs[:, 0].astype(np.uint64), pairs[:, 1].astype(np.uint64)


def part_norms(frame: pd.DataFrame) -> tuple[pd.Series, pd.Series]:
    """Normalised texts of a part: as the search sees them (NaN kept) and as the
    decision sees them (missing → ``""``), computed as the local path does."""
    if "norm" in frame.columns:
        norms = frame["norm"].reset_index(drop=True)
        if "text" in frame.columns:
            text = frame["text"].reset_index(drop=True)
            fill = norms.isna() & text.notna()
            if fill.any():
                norms = norms.copy()
                norms[fill] = [normalize_arabic(str(t)) for t in text[fill]]
    else:
        require_columns(frame, ["text"], table="paragraphs")
        norms = (
            frame["text"]
            .reset_index(drop=True)
            .map(lambda t: normalize_arabic(t) if isinstance(t, str) else t)
        )
    return norms, norms.fillna("").astype(str)


@dataclass
class PartSummary:
    """What one part contributes to the global fit (the map step).

    ``texts``: one row per distinct text of the part (``h1, h2, part, local, count,
    title, usable``); ``tokens_m`` / ``tokens_d``: first position of every token in the
    part's stream of distinct usable texts (the search's vocabulary) / of all distinct
    texts (the decision's 3-gram counts); ``para_keys``: sorted 64-bit keys of the
    ``para_id`` s (:func:`merge_para_keys` checks they are unique across parts).
    """

    texts: pd.DataFrame
    tokens_m: pd.DataFrame
    tokens_d: pd.DataFrame
    para_keys: np.ndarray = field(default_factory=lambda: np.zeros(0, np.uint64))


def _token_tables(texts: list[str], usable: np.ndarray, part: int):
    """First positions of every token in the stream of all texts and of the usable ones
    (one tokenisation)."""
    vocab: dict[str, int] = {}
    ids, ptr = tokenize(texts, vocab, grow=True, pattern=TOKEN_PATTERN)
    tokens = np.array(list(vocab), dtype=object)
    used = ids[np.repeat(usable, np.diff(ptr))]
    u, first = np.unique(used, return_index=True)
    in_usable = u[np.argsort(first, kind="stable")]

    def table(toks: np.ndarray) -> pd.DataFrame:
        return pd.DataFrame(
            {"token": toks, "part": np.full(len(toks), part, np.int64),
             "pos": np.arange(len(toks), dtype=np.int64)}
        )  # fmt: skip

    return table(tokens[in_usable]), table(tokens)


def summarize_part(frame: pd.DataFrame, part: int, *, require_arabic: bool) -> PartSummary:
    """The map step of the fit over one part (rows already selected).

    Examples
    --------
    >>> p = pd.DataFrame({"para_id": ["a", "b", "c"], "text": ["ب ا", "ب ا", "2017"]})
    >>> s = summarize_part(p, 0, require_arabic=True)
    >>> s.texts[["local", "count", "usable"]].to_numpy().tolist(), s.tokens_m["token"].tolist()
    ([[0, 2, True], [1, 1, False]], ['ب', 'ا'])
    """
    require_columns(frame, ["para_id"], table="paragraphs")
    if frame["para_id"].isna().any():
        raise ValueError(f"paragraphs (part {part}): para_id has missing values")
    para_keys = np.sort(text_hashes(frame["para_id"].astype(str))[0])
    _, norms_d = part_norms(frame)
    codes, uniq = pd.factorize(norms_d, sort=False)
    uniq = [str(t) for t in uniq]
    counts = np.bincount(codes, minlength=len(uniq)).astype(np.int64)
    usable = np.array([usable_text(t, require_arabic=require_arabic) for t in uniq], dtype=bool)
    title = np.zeros(len(uniq), dtype=bool)
    if "role" in frame.columns:
        is_title = (frame["role"] == "title").fillna(False).to_numpy(dtype=bool)
        title[np.unique(codes[is_title])] = True
    h1, h2 = text_hashes(uniq)
    texts = pd.DataFrame(
        {"h1": h1, "h2": h2, "part": np.full(len(uniq), part, np.int64),
         "local": np.arange(len(uniq), dtype=np.int64), "count": counts, "title": title,
         "usable": usable}
    )  # fmt: skip
    return PartSummary(texts, *_token_tables(uniq, usable, part), para_keys=para_keys)


def merge_para_keys(*keys: np.ndarray) -> np.ndarray:
    """Combine sorted ``para_id`` keys; a ValueError when one is in two places.

    Examples
    --------
    >>> merge_para_keys(np.array([1, 5], np.uint64), np.array([3], np.uint64)).tolist()
    [1, 3, 5]
    """
    k = np.sort(np.concatenate(keys))
    if (k[1:] == k[:-1]).any():
        raise ValueError("paragraphs: para_id must be unique; a para_id is repeated (across parts)")
    return k


def merge_texts(*tables: pd.DataFrame) -> pd.DataFrame:
    """Combine text tables: one row per text hash, at its first (part, local) copy,
    copies summed, ``title`` if any copy is a title (a reduce step)."""
    t = pd.concat(tables, ignore_index=True)
    t = t.sort_values(["h1", "h2", "part", "local"], kind="stable", ignore_index=True)
    g = t.groupby(["h1", "h2"], sort=False)
    first = t.loc[~t.duplicated(["h1", "h2"])].reset_index(drop=True)
    first["count"] = g["count"].sum().to_numpy()
    first["title"] = g["title"].any().to_numpy()
    return first


def merge_tokens(*tables: pd.DataFrame) -> pd.DataFrame:
    """Combine token tables: each token at its first ``(part, pos)`` (a reduce step)."""
    t = pd.concat(tables, ignore_index=True)
    t = t.sort_values(["part", "pos"], kind="stable")
    return t.drop_duplicates("token", keep="first").reset_index(drop=True)


def merge_counts(*tables: tuple) -> tuple:
    """Combine ``(keys, col_1, col_2, …)`` count tables: keys unique and sorted, each
    column summed per key (a reduce step).

    Examples
    --------
    >>> merge_counts((np.array([3, 1]), np.array([1, 1])), (np.array([3]), np.array([2])))
    (array([1, 3]), array([1, 3]))
    """
    keys = np.concatenate([t[0] for t in tables])
    u, inv = np.unique(keys, return_inverse=True)
    cols = []
    for k in range(1, len(tables[0])):
        vals = np.concatenate([t[k] for t in tables])
        cols.append(np.bincount(inv.ravel(), weights=vals, minlength=len(u)).astype(vals.dtype))
    return (u, *cols)


class TokenTable:
    """Global token ids (first appearance) of a reduced token table."""

    def __init__(self, merged: pd.DataFrame) -> None:
        self.index = pd.Index(merged["token"].to_numpy(dtype=object))

    def __len__(self) -> int:
        return len(self.index)

    def ids(self, tokens) -> np.ndarray:
        """Global id of each token (-1 when absent)."""
        return self.index.get_indexer(pd.Index(list(tokens), dtype=object)).astype(np.int64)


def finalize_tokens(merged: pd.DataFrame) -> TokenTable:
    """The reduced token table in global id order (rank by first ``(part, pos)``)."""
    return TokenTable(merged.sort_values(["part", "pos"], kind="stable"))


@dataclass
class TextTable:
    """Global view of the distinct texts, for parts to look theirs up.

    Sorted by ``(h1, h2)``: owner ``part``/``local``, total ``count``, ``title``,
    ``usable`` and ``rep`` — the global representative number of a usable text (its rank
    by first appearance; -1 for unusable texts).
    """

    table: pd.DataFrame
    reps_per_part: dict = field(default_factory=dict)
    n_docs: int = 0
    n_texts: int = 0

    def lookup(self, h1: np.ndarray, h2: np.ndarray) -> pd.DataFrame:
        """Rows of the given hashes (every hash must be present)."""
        t1 = self.table["h1"].to_numpy(dtype=np.uint64)
        t2 = self.table["h2"].to_numpy(dtype=np.uint64)
        pos = np.searchsorted(t1, h1)  # sorted by (h1, h2): step on while h2 differs
        for _ in range(len(t1) + 1):
            inside = pos < len(t1)
            bad = ~inside | (t1[np.minimum(pos, len(t1) - 1)] != h1)
            if bad.any():
                raise KeyError("text hash missing from the reduced text table")
            step = t2[pos] != h2
            if not step.any():
                break
            pos = pos + step
        return self.table.iloc[pos].reset_index(drop=True)


def finalize_texts(merged: pd.DataFrame) -> TextTable:
    """Number the usable distinct texts in first-appearance order (the representatives)."""
    t = merged.sort_values(["part", "local"], kind="stable", ignore_index=True)
    rep = np.full(len(t), -1, dtype=np.int64)
    ok = t["usable"].to_numpy(dtype=bool)
    rep[ok] = np.arange(int(ok.sum()))
    t["rep"] = rep
    per_part = t.loc[ok].groupby("part").size()
    t = t.sort_values(["h1", "h2"], kind="stable", ignore_index=True)
    return TextTable(
        t,
        {int(k): int(v) for k, v in per_part.items()},
        n_docs=int(t.loc[t["usable"], "count"].sum()),
        n_texts=len(t),
    )


def ngram_keys(ids: np.ndarray, ptr: np.ndarray, n: int, n_tokens: int):
    """``(doc, key)`` of every word n-gram (n <= 2) from global token ids.

    The key is :class:`~astana_lib.text.ngrams.NgramIndex`'s: the id for a 1-gram,
    ``id1 * n_tokens + id2`` for a 2-gram.
    """
    starts, doc = _Layout(ptr).starts(n)
    key = ids[starts].astype(np.int64)
    if n == 2:
        key = key * np.int64(n_tokens) + ids[starts + 1]
    elif n != 1:
        raise ValueError(f"the parts path counts word 1- and 2-grams, not {n}-grams")
    return doc.astype(np.int64), key


def doc_frequencies(doc: np.ndarray, key: np.ndarray, weights: np.ndarray) -> tuple:
    """``(keys, distinct texts holding each, weight sum over them)`` of ``(doc, key)`` pairs."""
    if len(key) == 0:
        return np.empty(0, key.dtype), np.empty(0, np.int64), np.empty(0, np.int64)
    order = np.lexsort((doc, key))
    k, d = key[order], doc[order]
    keep = np.ones(len(k), dtype=bool)
    keep[1:] = (k[1:] != k[:-1]) | (d[1:] != d[:-1])
    k, d = k[keep], d[keep]
    u, inv = np.unique(k, return_inverse=True)
    df = np.bincount(inv.ravel(), minlength=len(u)).astype(np.int64)
    w = np.bincount(inv.ravel(), weights=weights[d], minlength=len(u)).astype(np.int64)
    return u, df, w


@dataclass
class FeatureTable:
    """Global features: per n, sorted keys, their column ``rank`` (rare-first) and ``idf``."""

    keys: dict
    rank: dict
    idf: dict
    n_features: int


def finalize_features(tables: dict, ngram_range: tuple[int, int], n_docs: int) -> FeatureTable:
    """Vocabulary order (n ascending, keys ascending) → rare-first rank and idf.

    ``tables[n] = (keys, df_distinct, df_rows)``; the idf and the rank are computed
    exactly as :meth:`ParagraphMatcher.fit` does on the whole corpus.
    """
    lo, hi = ngram_range
    ns = list(range(lo, hi + 1))
    df_u = np.concatenate([tables[n][1] for n in ns])
    df_rows = np.concatenate([tables[n][2] for n in ns]).astype(np.float64)
    idf = np.log((1.0 + n_docs) / (1.0 + df_rows)) + 1.0
    rank = rare_first(df_u)
    out_rank, out_idf, off = {}, {}, 0
    for n in ns:
        m = len(tables[n][0])
        out_rank[n], out_idf[n] = rank[off : off + m], idf[off : off + m]
        off += m
    return FeatureTable({n: tables[n][0] for n in ns}, out_rank, out_idf, off)


def decision_grams(ids: np.ndarray, ptr: np.ndarray) -> tuple:
    """``(keys, texts holding each)`` of the word 3-grams of distinct texts (decision counts)."""
    _pos, keys, sptr = shingle_positions(ids, ptr)
    u, c, _, _ = count_texts(keys, sptr)
    return u, c


def shingle_table(ids: np.ndarray, ptr: np.ndarray, size: int):
    """``shingle_keys`` of tokenised texts (re-exported for the part state)."""
    return shingle_keys(ids, ptr, size)
