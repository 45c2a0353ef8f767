"""Duplicate records: one article stored twice by a scraper, flagged and counted once.

Scrapers store one article more than once (two section URLs, re-crawls). Nothing is
deleted: :func:`mark_duplicate_records` gives every article ``duplicate_of`` (the
``article_id`` of the copy that is kept, NA for kept articles) and ``duplicate_reason``;
the reader calls it and carries ``duplicate_of`` onto the paragraphs as
``article_duplicate_of``. Every analysis then counts an article once by default and
takes ``duplicate_records="keep"`` to count the copies too (:func:`drop_duplicate_records`
is the one place that does it).

Rules (two articles are copies of one record when one of them holds):

1. ``record field url_duplicate_of=<id>`` — the record itself names the other record
   (ANT marks re-listed articles this way).
2. ``duplicate url`` — the same ``url`` field value.
3. ``identical normalised body`` — same outlet and the same normalised body paragraphs
   (role ``body``, joined), at least :data:`MIN_BODY_CHARS` characters (shorter bodies
   are scraping debris such as an author name, not evidence).
4. ``near-identical body`` — same outlet, publication dates at most :data:`NEAR_MAX_DAYS`
   apart (or unknown), and word 3-shingle Jaccard of the bodies >= :data:`NEAR_JACCARD`.
   Candidates are pairs whose identical body paragraphs cover at least half of the
   longer body (a corrected copy keeps most paragraphs verbatim).

Text shared by *different* outlets is wire copy, never a duplicate record (rules 3–4
need the same outlet). Copies linked by any rule form one group (transitively); the
kept copy is the one with the earliest date, then the first read (input order).
``duplicate_reason`` names the rule that linked the article to its group (the first
rule that applies, in the order above; rule 4 with its Jaccard).

Measured on the shared dumps (``benchmarks/bench_duplicates.py``, output in
``benchmarks/results/bench_duplicates.txt``): same-outlet article pairs with 0.9 <=
Jaccard < 1 are corrected re-publications of one story on the same day; between 0.8
and 0.9 they mix re-publications with follow-up stories (other titles, new lead), so
0.9 is the threshold.
"""

from __future__ import annotations

import logging
from collections import defaultdict
from typing import Literal

import numpy as np
import pandas as pd

from astana_lib._checks import check_choice

__all__ = [
    "DUPLICATE_RECORDS",
    "MIN_BODY_CHARS",
    "NEAR_JACCARD",
    "NEAR_MAX_DAYS",
    "DuplicateRecords",
    "drop_duplicate_record_pairs",
    "drop_duplicate_records",
    "label_duplicate_record_pairs",
    "mark_duplicate_records",
]

logger = logging.getLogger(__name__)

DuplicateRecords = Literal["drop", "keep"]
DUPLICATE_RECORDS = ("drop", "keep")

#: Shortest normalised body (characters) whose identity is evidence of a duplicate.
MIN_BODY_CHARS = 100
#: Word 3-shingle Jaccard of two bodies from which they are near-identical copies.
NEAR_JACCARD = 0.9
#: Most days between the dates of near-identical copies.
NEAR_MAX_DAYS = 1
#: A body paragraph shared by more articles than this is a formula, not a candidate link.
_MAX_SHARED = 20
_MIN_PARA_CHARS = 30

_REASONS = ("url_duplicate_of", "duplicate url", "identical normalised body", "near-identical")


def drop_duplicate_records(
    df: pd.DataFrame,
    duplicate_records: DuplicateRecords = "drop",
    *,
    column: str = "article_duplicate_of",
) -> pd.DataFrame:
    """Leave out the rows of duplicate records (``"drop"``), or keep every row (``"keep"``).

    The one helper behind the ``duplicate_records`` option of the analyses. A table
    without ``column`` (built by hand, or read before duplicates were flagged) is returned
    unchanged.

    Parameters
    ----------
    df : DataFrame
        Articles (``column="duplicate_of"``) or paragraphs and tables derived from them
        (``column="article_duplicate_of"``).
    duplicate_records : {"drop", "keep"}, default "drop"
        ``"drop"`` counts each article once; ``"keep"`` counts copies too.
    column : str
        Column that holds the kept copy's ``article_id`` (NA for kept rows).

    Examples
    --------
    >>> p = pd.DataFrame({"para_id": ["a:1", "b:1"], "article_duplicate_of": [None, "a"]})
    >>> drop_duplicate_records(p)["para_id"].tolist()
    ['a:1']
    >>> drop_duplicate_records(p, "keep")["para_id"].tolist()
    ['a:1', 'b:1']
    """
    check_choice("duplicate_records", duplicate_records, DUPLICATE_RECORDS)
    if duplicate_records == "keep" or column not in df.columns:
        return df
    dup = df[column].notna().to_numpy()
    return df[~dup] if dup.any() else df


class _Bodies:
    """Body paragraphs of every article as integer codes (one per distinct normalised text).

    Built without turning the whole ``norm`` column into Python strings (a large read
    stays compact); texts are fetched only for the candidate pairs of the near rule.
    """

    def __init__(self, articles: pd.DataFrame, paragraphs: pd.DataFrame) -> None:
        n = len(articles)
        body = (paragraphs["role"] == "body").to_numpy(dtype=bool)
        norm = paragraphs["norm"]
        length = norm.str.len().fillna(0).to_numpy(dtype=np.int64)
        rows = np.flatnonzero(body & (length > 0))
        codes, _ = pd.factorize(norm.iloc[rows]) if len(rows) else (np.array([], int), None)
        n_par = articles["n_paragraphs"].to_numpy() if "n_paragraphs" in articles else None
        if n_par is not None and int(n_par.sum()) == len(paragraphs):
            owner = np.repeat(np.arange(n), n_par)[rows]
        else:
            owner = pd.Index(articles["article_id"]).get_indexer(
                paragraphs["article_id"].iloc[rows]
            )
        ok = owner >= 0
        self._set(n, owner[ok], np.asarray(codes)[ok], length[rows[ok]], rows[ok], paragraphs)

    @classmethod
    def from_codes(
        cls, n: int, owner: np.ndarray, codes: np.ndarray, length: np.ndarray
    ) -> _Bodies:
        """Bodies from the body rows' article positions, text codes and lengths (corpus order).

        Codes only need to be equal for equal texts and numbered by first appearance
        (a distributed reader factorises hashes of the texts); :meth:`texts` is then
        unavailable (the caller fetches the texts it needs).
        """
        out = cls.__new__(cls)
        out._set(n, owner, codes, length, np.arange(len(owner)), None)
        return out

    def _set(
        self, n: int, owner: np.ndarray, codes: np.ndarray, length: np.ndarray,
        rows: np.ndarray, paragraphs: pd.DataFrame | None,
    ) -> None:  # fmt: skip
        order = np.argsort(owner, kind="stable")
        rows, codes, owner = rows[order], codes[order], owner[order]
        self.paragraphs = paragraphs
        self.rows = rows
        self.codes = codes
        self.length = length[order]
        self.bounds = np.searchsorted(owner, np.arange(n + 1))
        self.owner = owner
        self.n = n
        k = np.diff(self.bounds)
        #: characters of each body joined with newlines
        self.total = np.bincount(owner, weights=self.length, minlength=n).astype(np.int64)
        self.total += np.maximum(k - 1, 0)

    def span(self, i: int) -> slice:
        return slice(int(self.bounds[i]), int(self.bounds[i + 1]))

    def key(self, i: int) -> bytes:
        return self.codes[self.span(i)].tobytes()

    def texts(self, articles: list[int]) -> dict[int, str]:
        """Bodies (paragraphs joined with spaces) of some articles, fetched in one go."""
        if not articles:
            return {}
        spans = [self.span(i) for i in articles]
        rows = np.concatenate([self.rows[sl] for sl in spans])
        norms = self.paragraphs["norm"].iloc[rows].tolist()
        out, k = {}, 0
        for i, sl in zip(articles, spans, strict=True):
            m = sl.stop - sl.start
            out[i] = " ".join(norms[k : k + m])
            k += m
        return out


def _shingles(text: str) -> set[tuple[str, str, str]]:
    w = text.split()
    return set(zip(w, w[1:], w[2:], strict=False))


class _Groups:
    """Union-find over article positions that remembers the first reason per link."""

    def __init__(self, n: int) -> None:
        self.parent = list(range(n))
        self.reason: dict[int, str] = {}

    def find(self, i: int) -> int:
        while self.parent[i] != i:
            self.parent[i] = self.parent[self.parent[i]]
            i = self.parent[i]
        return i

    def link(self, i: int, j: int, reason: str) -> None:
        for k in (i, j):
            self.reason.setdefault(k, reason)
        ri, rj = self.find(i), self.find(j)
        if ri != rj:
            self.parent[max(ri, rj)] = min(ri, rj)


def mark_duplicate_records(
    articles: pd.DataFrame,
    paragraphs: pd.DataFrame,
    *,
    near_jaccard: float | None = NEAR_JACCARD,
    near_max_days: int = NEAR_MAX_DAYS,
    min_body_chars: int = MIN_BODY_CHARS,
) -> pd.DataFrame:
    """Flag duplicate records: add ``duplicate_of`` and ``duplicate_reason`` to articles.

    Parameters
    ----------
    articles : DataFrame
        ARTICLES table (``article_id``, ``outlet``, ``date``; ``url`` and
        ``url_duplicate_of`` used when present).
    paragraphs : DataFrame
        PARAGRAPHS table (``article_id``, ``role``, ``norm``).
    near_jaccard : float or None, default 0.9
        Shingle Jaccard for near-identical bodies (None: only the exact rules).
    near_max_days : int, default 1
        Most days between near-identical copies.
    min_body_chars : int, default 100
        Shortest body whose identity counts.

    Returns
    -------
    DataFrame
        ``articles`` (rows and order unchanged) with ``duplicate_of`` (kept copy's
        ``article_id``, NA for the kept article and for articles without copies) and
        ``duplicate_reason`` (the rule, NA when not a duplicate; the kept copy of a group
        has NA too).

    Examples
    --------
    >>> arts = pd.DataFrame({"article_id": ["a", "b", "c"], "outlet": ["f24", "f24", "sky"],
    ...     "date": pd.to_datetime(["2018-02-19", "2018-02-19", "2018-02-19"])})
    >>> body = "قصفت الطائرات الحربية مواقع في الغوطة الشرقية قرب دمشق صباح اليوم " * 3
    >>> paras = pd.DataFrame({"article_id": ["a", "b", "c"], "role": "body", "norm": body})
    >>> out = mark_duplicate_records(arts, paras)
    >>> out["duplicate_of"].tolist(), out["duplicate_reason"].tolist()
    ([None, 'a', None], [None, 'identical normalised body', None])
    """
    arts = articles.reset_index(drop=True)
    bodies = _Bodies(arts, paragraphs)
    g, cand = link_exact_records(
        arts, bodies, near=near_jaccard is not None, near_max_days=near_max_days,
        min_body_chars=min_body_chars,
    )  # fmt: skip
    n_near = 0
    if near_jaccard is not None:
        n_near = link_near_records(g, cand, bodies.texts(near_articles(cand)), near_jaccard)
    dup_of, reason = duplicate_marks(g, arts)
    out = articles.copy()
    out["duplicate_of"] = pd.Series(dup_of, index=articles.index, dtype=object)
    out["duplicate_reason"] = pd.Series(reason, index=articles.index, dtype=object)
    logger.info(
        "duplicate records: %d of %d articles (%d linked by near-identical bodies)",
        sum(d is not None for d in dup_of), len(arts), n_near,
    )  # fmt: skip
    return out


def link_exact_records(
    arts: pd.DataFrame,
    bodies: _Bodies,
    *,
    near: bool = True,
    near_max_days: int = NEAR_MAX_DAYS,
    min_body_chars: int = MIN_BODY_CHARS,
) -> tuple[_Groups, list[tuple[int, int]]]:
    """Rules 1–3 as links between article positions, and the candidate pairs of rule 4.

    ``arts`` has a default index (``article_id``, ``outlet``, ``date``; ``url`` and
    ``url_duplicate_of`` when present). The steps of :func:`mark_duplicate_records`, also
    run by the distributed reader (:mod:`astana_lib.backends.part_steps`) on key tables.
    """
    n = len(arts)
    g = _Groups(n)
    ids = arts["article_id"].astype(str).tolist()
    pos = {a: i for i, a in enumerate(ids)}
    outlets = arts["outlet"].to_numpy(dtype=object) if "outlet" in arts else np.full(n, None)
    dates = pd.to_datetime(arts["date"]) if "date" in arts else pd.Series([pd.NaT] * n)

    # 1. the record names its original
    if "url_duplicate_of" in arts.columns:
        for i, v in enumerate(arts["url_duplicate_of"]):
            if isinstance(v, str) and v and v != "None" and v in pos and pos[v] != i:
                g.link(i, pos[v], f"record field url_duplicate_of={v}")
    # 2. same url
    if "url" in arts.columns:
        first_url: dict[str, int] = {}
        for i, u in enumerate(arts["url"]):
            if isinstance(u, str) and u.strip():
                j = first_url.setdefault(u.strip(), i)
                if j != i:
                    g.link(i, j, "duplicate url")
    # 3. identical normalised body (same outlet)
    first_body: dict[tuple[object, bytes], int] = {}
    for i in range(n):
        if outlets[i] is None or pd.isna(outlets[i]) or bodies.total[i] < min_body_chars:
            continue
        j = first_body.setdefault((outlets[i], bodies.key(i)), i)
        if j != i:
            g.link(i, j, "identical normalised body")
    # 4. near-identical body (same outlet, close dates): the candidates
    cand = _near_candidates(bodies, outlets, dates, near_max_days) if near else []
    return g, cand


def near_articles(cand: list[tuple[int, int]]) -> list[int]:
    """The article positions of the candidate pairs, sorted (their texts are needed).

    >>> near_articles([(3, 1), (1, 2)])
    [1, 2, 3]
    """
    return sorted({i for pair in cand for i in pair})


def duplicate_marks(g: _Groups, arts: pd.DataFrame) -> tuple[list, list]:
    """``duplicate_of`` and ``duplicate_reason`` of every article from its group.

    The kept copy of a group is the earliest dated, then the first read.
    """
    n = len(arts)
    ids = arts["article_id"].astype(str).tolist()
    dates = pd.to_datetime(arts["date"]) if "date" in arts else pd.Series([pd.NaT] * n)
    roots = [g.find(i) for i in range(n)]
    members: dict[int, list[int]] = defaultdict(list)
    for i, r in enumerate(roots):
        members[r].append(i)
    dup_of: list[str | None] = [None] * n
    reason: list[str | None] = [None] * n
    date_key = dates.to_numpy(dtype="datetime64[ns]")
    for group in members.values():
        if len(group) < 2:
            continue
        keep = min(group, key=lambda i: (np.isnat(date_key[i]), date_key[i], i))
        for i in group:
            if i != keep:
                dup_of[i] = ids[keep]
                reason[i] = g.reason.get(i)
    return dup_of, reason


def _near_candidates(
    bodies: _Bodies, outlets: np.ndarray, dates: pd.Series, near_max_days: int
) -> list[tuple[int, int]]:
    """Same-outlet article pairs sharing body paragraphs that cover half the longer body."""
    total = bodies.total
    outlet_code = np.asarray(pd.factorize(pd.Series(outlets, dtype=object))[0])
    eligible = (outlet_code >= 0) & (total >= MIN_BODY_CHARS)
    own = bodies.owner
    keep = eligible[own] & (bodies.length >= _MIN_PARA_CHARS)
    # (outlet, paragraph text) -> articles that print it: a paragraph-sharing index
    idx = pd.DataFrame(
        {"o": outlet_code[own[keep]], "c": bodies.codes[keep], "a": own[keep],
         "n": bodies.length[keep]}
    ).drop_duplicates(["o", "c", "a"])  # fmt: skip
    size = idx.groupby(["o", "c"])["a"].transform("size").to_numpy()
    idx = idx[(size >= 2) & (size <= _MAX_SHARED)].sort_values(["o", "c", "a"], kind="stable")
    shared: dict[tuple[int, int], int] = defaultdict(int)
    if len(idx):
        key = idx["o"].to_numpy() * (int(idx["c"].max()) + 1) + idx["c"].to_numpy()
        starts = np.flatnonzero(np.r_[True, key[1:] != key[:-1]])
        arts_all = idx["a"].to_numpy().tolist()
        lens = idx["n"].to_numpy().tolist()
        for b0, b1 in zip(starts.tolist(), [*starts[1:].tolist(), len(arts_all)], strict=True):
            arts, ln = arts_all[b0:b1], lens[b0]
            for k, i in enumerate(arts):
                for j in arts[k + 1 :]:
                    shared[(i, j)] += ln
    d = dates.to_numpy(dtype="datetime64[D]")
    cand = []
    for (i, j), s in shared.items():
        if 2 * s < max(total[i], total[j]):
            continue
        dated = not (np.isnat(d[i]) or np.isnat(d[j]))
        if dated and abs(int((d[i] - d[j]).astype(int))) > near_max_days:
            continue
        cand.append((i, j))
    return cand


def link_near_records(
    g: _Groups, cand: list[tuple[int, int]], text: dict[int, str], near_jaccard: float
) -> int:
    """Link the candidate pairs whose bodies' 3-shingle Jaccard is >= ``near_jaccard``.

    ``text`` holds the body (normalised paragraphs joined with spaces) of every article
    of ``cand``; returns the links made.
    """
    links = 0
    for i, j in cand:
        if g.find(i) == g.find(j):
            continue
        a, b = _shingles(text[i]), _shingles(text[j])
        jac = len(a & b) / max(1, len(a | b))
        if jac >= near_jaccard:
            g.link(i, j, f"near-identical body (3-shingle Jaccard {jac:.2f})")
            links += 1
    return links


def drop_duplicate_record_pairs(
    pairs: pd.DataFrame,
    duplicate_records: DuplicateRecords = "drop",
    *,
    paragraphs: pd.DataFrame | None = None,
) -> pd.DataFrame:
    """Pairs without duplicate records (``"drop"``), or every pair (``"keep"``).

    ``"drop"`` leaves out pairs of kind ``"duplicate_record"`` (two copies of one
    article) and, when ``paragraphs`` has ``article_duplicate_of``, pairs with a
    paragraph of a duplicate record (so an edge is not counted once per copy).

    Examples
    --------
    >>> pairs = pd.DataFrame({"para_a": ["a:1", "a:1"], "para_b": ["b:1", "c:1"],
    ...                       "kind": ["duplicate_record", "exact"]})
    >>> drop_duplicate_record_pairs(pairs)["para_b"].tolist()
    ['c:1']
    """
    check_choice("duplicate_records", duplicate_records, DUPLICATE_RECORDS)
    if duplicate_records == "keep" or pairs.empty:
        return pairs
    drop = np.zeros(len(pairs), dtype=bool)
    if "kind" in pairs.columns:
        drop |= (pairs["kind"] == "duplicate_record").to_numpy()
    if paragraphs is not None and "article_duplicate_of" in paragraphs.columns:
        dup = paragraphs.loc[paragraphs["article_duplicate_of"].notna(), "para_id"]
        if len(dup):
            dup_ids = set(dup.astype(str))
            drop |= pairs["para_a"].astype(str).isin(dup_ids).to_numpy()
            drop |= pairs["para_b"].astype(str).isin(dup_ids).to_numpy()
    return pairs[~drop] if drop.any() else pairs


def label_duplicate_record_pairs(pairs: pd.DataFrame, paragraphs: pd.DataFrame) -> pd.DataFrame:
    """Set ``kind = "duplicate_record"`` on pairs of two copies of one article.

    Two paragraphs are copies of one record when their articles have the same kept copy
    (``article_duplicate_of``, or the article itself when it is the kept one).

    Examples
    --------
    >>> paras = pd.DataFrame({"para_id": ["a:1", "b:1", "c:1"], "article_id": ["a", "b", "c"],
    ...                       "article_duplicate_of": [None, "a", None]})
    >>> pairs = pd.DataFrame({"para_a": ["a:1", "a:1", "c:1"], "para_b": ["b:1", "c:1", "c:2"],
    ...                       "kind": ["exact", "exact", "exact"]})
    >>> paras = pd.concat([paras, pd.DataFrame({"para_id": ["c:2"], "article_id": ["c"]})])
    >>> label_duplicate_record_pairs(pairs, paras)["kind"].tolist()
    ['duplicate_record', 'exact', 'exact']
    """
    if pairs.empty or "article_duplicate_of" not in paragraphs.columns:
        return pairs
    dof = paragraphs["article_duplicate_of"]
    if not dof.notna().any():
        return pairs
    canon = pd.Series(
        dof.where(dof.notna(), paragraphs["article_id"]).astype(str).to_numpy(),
        index=paragraphs["para_id"].astype(str).to_numpy(),
    )
    art = pd.Series(
        paragraphs["article_id"].astype(str).to_numpy(),
        index=paragraphs["para_id"].astype(str).to_numpy(),
    )
    pa, pb = pairs["para_a"].astype(str), pairs["para_b"].astype(str)
    ca, cb = pa.map(canon).to_numpy(), pb.map(canon).to_numpy()
    # two different articles with the same kept copy (not a repeat inside one article)
    same = (ca == cb) & pd.notna(ca) & (pa.map(art).to_numpy() != pb.map(art).to_numpy())
    if not same.any():
        return pairs
    out = pairs.copy()
    kind = out["kind"].to_numpy(dtype=object).copy()
    kind[same] = "duplicate_record"
    out["kind"] = pd.Series(kind, index=out.index).astype(pairs["kind"].dtype)
    return out
