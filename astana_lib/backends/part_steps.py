"""The corpus-level steps of a read as map-reduce over parts: plain functions for the workers.

A *part* (:class:`ReadPart`) is what one read task produced: the tables of one or more
pieces (a ``.txt`` file, or records ``[start, stop)`` of a record file) read with
:func:`astana_lib.reading.parts.read_part`. :func:`astana_lib.read_corpus` concatenates the
parts and runs the corpus-level steps of :mod:`astana_lib.reading.finish` on the whole
corpus; here each step is a map over the parts (a small key table per part), one reduce
(a small plan: article-level at most) and a map that applies the plan to every part:

* article ids — map :func:`id_keys`, reduce :func:`plan_ids`, apply :func:`rename_part`;
* site boilerplate — map :func:`norm_hash_counts`, reduce :func:`frequent_hashes`; map
  :func:`boilerplate_rows`, reduce :func:`boilerplate_lines`; apply :func:`relabel_part`;
* duplicate records — map :func:`duplicate_keys`, reduce :func:`plan_duplicates`; map
  :func:`body_texts` (near-rule candidates only), reduce :func:`finish_duplicates`;
  apply :func:`mark_part`;
* problems — map :func:`part_problems`, reduce :func:`final_problems` and
  :func:`problem_summary` (the one warning, given on the client).

The reduces call the very functions the single-machine read calls (``_unique_ids``,
:func:`~astana_lib.reading.boilerplate.lines_from_rows`,
:func:`~astana_lib.reading.duplicates.link_exact_records` …) on key tables, so the
results are identical: :func:`finish_parts` wires the steps with any ``submit(fn, *args)``
(Dask's ``client.submit``, or a plain call in process — how the tests check it against
``_finish_read(Corpus.concat(parts))``).
"""

from __future__ import annotations

import copy
import itertools
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from astana_lib.reading.boilerplate import (
    LONG_MIN_ARTICLES,
    MIN_ARTICLES,
    candidate_rows,
    lines_from_rows,
    ok_rows,
    relabel_site_boilerplate,
)
from astana_lib.reading.corpus import (
    ARTICLE_COLUMNS,
    Corpus,
    _empty,
    _extra_column,
    _finalize,
    _rename_paragraphs,
    _unique_ids,
)
from astana_lib.reading.duplicates import (
    NEAR_JACCARD,
    _Bodies,
    duplicate_marks,
    link_exact_records,
    link_near_records,
    near_articles,
)
from astana_lib.reading.finish import _extra_problems, _problem_summary
from astana_lib.reading.inputs import SEEDS  # noqa: F401  (the doctests read it)
from astana_lib.schema import PARAGRAPHS, PROBLEMS

__all__ = ["ReadPart", "finish_parts", "gather_parts"]

Submit = Callable[..., Any]


@dataclass
class ReadPart:
    """The tables of one read task, in corpus order (all paragraphs of an article in it).

    Attributes
    ----------
    articles : list of DataFrame
        One articles table per piece, as :func:`~astana_lib.reading.parts.read_part` makes
        it (the dtypes of extra record fields are settled for the whole corpus only when
        the parts are gathered, as :meth:`Corpus.concat` does).
    paragraphs : DataFrame
        The paragraphs of all pieces, with the columns and dtypes of
        ``read_corpus(...).paragraphs``.
    problems : list of DataFrame
        One problems table per piece.

    Examples
    --------
    >>> from astana_lib.reading.parts import read_part
    >>> part = ReadPart.of([read_part(SEEDS / "004_bf5fb0177f1529b9.txt")])
    >>> part.n_articles, len(part.paragraphs)
    (1, 16)
    """

    articles: list[pd.DataFrame]
    paragraphs: pd.DataFrame
    problems: list[pd.DataFrame]

    @classmethod
    def of(cls, corpora: list[Corpus]) -> ReadPart:
        """The part of corpora read from consecutive pieces (in order)."""
        paras = [c.paragraphs for c in corpora]
        return cls(
            [c.articles for c in corpora],
            paras[0] if len(paras) == 1 else pd.concat(paras, ignore_index=True),
            [c.problems for c in corpora],
        )

    @property
    def n_articles(self) -> int:
        """Articles of the part."""
        return sum(len(a) for a in self.articles)

    def article_table(self) -> pd.DataFrame:
        """The articles of all pieces in one table (extra columns as read)."""
        if len(self.articles) == 1:
            return self.articles[0]
        return pd.concat(self.articles, ignore_index=True, sort=False)

    def n_paragraphs(self) -> np.ndarray:
        """Paragraphs of each article of the part."""
        return np.concatenate(
            [a["n_paragraphs"].to_numpy(dtype=np.int64) for a in self.articles]
            or [np.zeros(0, np.int64)]
        )

    def with_article_columns(self, values: dict[str, np.ndarray]) -> list[pd.DataFrame]:
        """Copies of the piece tables with columns set from part-wide arrays (dtype kept)."""
        out, k = [], 0
        for a in self.articles:
            a = a.copy()
            for c, v in values.items():
                a[c] = pd.Series(v[k : k + len(a)], index=a.index, dtype=object).astype(a[c].dtype)
            out.append(a)
            k += len(a)
        return out


def item(obj: Any, *keys: Any) -> Any:
    """``obj[k0][k1]…``: one part's share of a plan, as its own small task."""
    for k in keys:
        obj = obj[k]
    return obj


# --------------------------------------------------------------------------- article ids
def id_keys(part: ReadPart) -> pd.DataFrame:
    """Map: ``article_id``, ``path`` and ``record`` of the part's articles."""
    return pd.concat(
        [a[["article_id", "path", "record"]] for a in part.articles], ignore_index=True
    )


def plan_ids(
    keys: list[pd.DataFrame], skipped: list, curated: pd.DataFrame | None, curated_path: str | None
) -> dict[str, Any]:
    """Reduce: new ids per part (None when unchanged), rename problems, corpus-level problems."""
    allk = (
        pd.concat(keys, ignore_index=True)
        if keys
        else pd.DataFrame({"article_id": [], "path": [], "record": []})
    )
    old = allk["article_id"].to_numpy(dtype=object)
    if allk["article_id"].duplicated().any():
        new_ids, dedupe = _unique_ids(allk)
    else:
        new_ids, dedupe = old.tolist(), []
    new = np.asarray(new_ids, dtype=object)
    bounds = np.cumsum([0, *map(len, keys)])
    renames = [
        None if (old[a:b] == new[a:b]).all() else new[a:b] for a, b in itertools.pairwise(bounds)
    ]
    extra = _extra_problems(skipped, curated, curated_path, new_ids)
    return {"renames": renames, "dedupe": dedupe, "extra": extra}


def rename_part(part: ReadPart, new_ids: np.ndarray | None) -> ReadPart:
    """Apply: the part with its articles' new ids (paragraph ids follow)."""
    if new_ids is None:
        return part
    old = np.concatenate([a["article_id"].to_numpy(dtype=object) for a in part.articles])
    paras = _rename_paragraphs(part.paragraphs, old, new_ids, part.n_paragraphs())
    for c in ("article_id", "para_id", "duplicate_of"):
        paras[c] = paras[c].astype(part.paragraphs[c].dtype)
    return ReadPart(part.with_article_columns({"article_id": new_ids}), paras, part.problems)


# --------------------------------------------------------------------------- boilerplate
def _norm_hashes(paragraphs: pd.DataFrame, rows: np.ndarray, *, bits: int = 64) -> np.ndarray:
    """Hashes of the ``norm`` of some rows (the same in every process): 64 bits, or 128
    (an ``(n, 2)`` array) where a collision would change a result."""
    values = paragraphs["norm"].iloc[rows].array  # no Python strings: 3-4x faster
    h = pd.util.hash_array(values)
    if bits == 64:
        return h
    return np.column_stack([h, pd.util.hash_array(values, hash_key=_SECOND_HASH_KEY)])


_SECOND_HASH_KEY = "astana_lib_2nd_k"  # 16 characters, as hash_array needs


def _line_rows(paragraphs: pd.DataFrame) -> np.ndarray:
    return np.flatnonzero(ok_rows(paragraphs) & paragraphs["norm"].notna().to_numpy(dtype=bool))


def norm_hash_counts(part: ReadPart) -> tuple[np.ndarray, np.ndarray]:
    """Map: how often each line (hash of ``norm``) may be a site line in the part."""
    return np.unique(_norm_hashes(part.paragraphs, _line_rows(part.paragraphs)), return_counts=True)


def frequent_hashes(
    counts: list[tuple[np.ndarray, np.ndarray]], n_min: int = min(MIN_ARTICLES, LONG_MIN_ARTICLES)
) -> np.ndarray:
    """Reduce: hashes of the lines printed at least ``n_min`` times in the corpus (sorted).

    A hash collision can only add a line here; :func:`boilerplate_lines` decides on the
    texts themselves.
    """
    if not counts:
        return np.zeros(0, np.uint64)
    h = np.concatenate([c[0] for c in counts])
    n = np.concatenate([c[1] for c in counts])
    uniq, inv = np.unique(h, return_inverse=True)
    return uniq[np.bincount(inv, weights=n, minlength=len(uniq)) >= n_min]


def boilerplate_rows(part: ReadPart, frequent: np.ndarray) -> pd.DataFrame:
    """Map: outlet, line, article and day of the part's rows of frequent lines."""
    paras = part.paragraphs
    rows = _line_rows(paras)
    hit = np.isin(_norm_hashes(paras, rows), frequent)
    return candidate_rows(paras, rows[hit]).drop_duplicates(ignore_index=True)


def boilerplate_lines(rows: list[pd.DataFrame]) -> pd.DataFrame:
    """Reduce: the learned site lines (:func:`~astana_lib.reading.boilerplate.site_boilerplate`)."""
    df = (
        pd.concat(rows, ignore_index=True)
        if rows
        else pd.DataFrame(columns=["outlet", "norm", "article_id", "date"])
    )
    return lines_from_rows(df)


def relabel_part(part: ReadPart, lines: pd.DataFrame) -> ReadPart:
    """Apply: the part with its site lines relabelled."""
    paras = relabel_site_boilerplate(part.paragraphs, lines)
    return part if paras is part.paragraphs else ReadPart(part.articles, paras, part.problems)


# --------------------------------------------------------------------------- duplicates
def _body_rows(part: ReadPart) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Body rows with text, their article (position in the part) and length."""
    paras = part.paragraphs
    length = paras["norm"].str.len().fillna(0).to_numpy(dtype=np.int64)
    rows = np.flatnonzero((paras["role"] == "body").to_numpy(dtype=bool) & (length > 0))
    owner = np.repeat(np.arange(part.n_articles), part.n_paragraphs())[rows]
    return rows, owner, length[rows]


def duplicate_keys(part: ReadPart) -> dict[str, Any]:
    """Map: the article fields the duplicate rules read, and the body lines as 128-bit hashes."""
    arts = part.article_table()
    cols = ["article_id", "outlet", "date"]
    cols += [c for c in ("url", "url_duplicate_of") if c in arts.columns]
    rows, owner, length = _body_rows(part)
    return {
        "articles": arts[cols].copy(),
        "owner": owner,
        "hash": _norm_hashes(part.paragraphs, rows, bits=128),
        "length": length,
    }


def plan_duplicates(keys: list[dict[str, Any]], near: bool = True) -> dict[str, Any]:
    """Reduce: rules 1–3 of :func:`~astana_lib.reading.duplicates.mark_duplicate_records`
    on the whole corpus's keys, and the candidate pairs of the near rule."""
    sizes = [len(k["articles"]) for k in keys]
    offsets = np.cumsum([0, *sizes])
    if keys:
        arts = pd.concat([k["articles"] for k in keys], ignore_index=True, sort=False)
    else:
        arts = pd.DataFrame({"article_id": [], "outlet": [], "date": []})
    for c in ("url", "url_duplicate_of"):  # as Corpus.concat settles extra fields
        if c in arts.columns and c not in ARTICLE_COLUMNS:
            arts[c] = _extra_column(arts[c])
    arts["date"] = pd.to_datetime(arts["date"]).astype("datetime64[us]")
    cat = np.concatenate  # body rows, corpus order
    owner = cat([k["owner"] + off for k, off in zip(keys, offsets, strict=False)] or [[]])
    h = cat([k["hash"] for k in keys] or [np.zeros((0, 2), np.uint64)])
    # equal codes for equal texts, numbered by first appearance (as factorising the texts)
    codes = pd.DataFrame(h).groupby([0, 1], sort=False).ngroup().to_numpy(dtype=np.int64)
    length = cat([k["length"] for k in keys] or [[]]).astype(np.int64)
    bodies = _Bodies.from_codes(len(arts), owner.astype(np.int64), codes, length)
    g, cand = link_exact_records(arts, bodies, near=near)
    return {"groups": g, "cand": cand, "articles": arts[["article_id", "date"]],
            "offsets": offsets}  # fmt: skip


def near_needed(state: dict[str, Any], k: int) -> list[int]:
    """The articles of part ``k`` (positions in the part) whose bodies the near rule needs."""
    lo, hi = int(state["offsets"][k]), int(state["offsets"][k + 1])
    return [i - lo for i in near_articles(state["cand"]) if lo <= i < hi]


def body_texts(part: ReadPart, local: list[int]) -> dict[int, str]:
    """Map: bodies (normalised body paragraphs joined with spaces) of some articles."""
    if not local:
        return {}
    rows, owner, _ = _body_rows(part)
    want = np.isin(owner, local)
    norms = part.paragraphs["norm"].to_numpy(dtype=object)[rows[want]]
    out: dict[int, list[str]] = {i: [] for i in local}
    for i, t in zip(owner[want].tolist(), norms.tolist(), strict=True):
        out[i].append(t)
    return {i: " ".join(v) for i, v in out.items()}


def finish_duplicates(
    state: dict[str, Any], texts: list[dict[int, str]], near_jaccard: float | None = NEAR_JACCARD
) -> list[tuple[list, list]]:
    """Reduce: the near rule's links, then ``duplicate_of``/``duplicate_reason`` per part."""
    g = copy.deepcopy(state["groups"])  # the plan stays as computed (a task may rerun)
    offsets = state["offsets"]
    if near_jaccard is not None and state["cand"]:
        text = {int(offsets[k]) + i: t for k, d in enumerate(texts) for i, t in d.items()}
        link_near_records(g, state["cand"], text, near_jaccard)
    dup_of, reason = duplicate_marks(g, state["articles"])
    return [(dup_of[a:b], reason[a:b]) for a, b in itertools.pairwise(offsets)]


def mark_part(part: ReadPart, marks: tuple[list, list]) -> ReadPart:
    """Apply: ``duplicate_of``/``duplicate_reason`` on the articles, ``article_duplicate_of``
    on the paragraphs."""
    dup_of = np.asarray(marks[0], dtype=object)
    reason = np.asarray(marks[1], dtype=object)
    arts = []
    k = 0
    for a in part.articles:
        a = a.copy()
        a["duplicate_of"] = pd.Series(dup_of[k : k + len(a)], index=a.index).astype("str")
        a["duplicate_reason"] = pd.Series(reason[k : k + len(a)], index=a.index).astype("str")
        arts.append(a)
        k += len(a)
    paras = part.paragraphs.copy(deep=False)
    paras["article_duplicate_of"] = pd.Series(
        np.repeat(dup_of, part.n_paragraphs()), index=paras.index, dtype=object
    ).astype("str")
    return ReadPart(arts, paras, part.problems)


# --------------------------------------------------------------------------- problems
def part_problems(part: ReadPart) -> list[pd.DataFrame]:
    """Map: the part's problem tables (one per piece; file, record and line of each)."""
    return part.problems


def _finalize_problems(probs: pd.DataFrame) -> pd.DataFrame:
    return _finalize(_empty(ARTICLE_COLUMNS), _empty(PARAGRAPHS), probs).problems


def final_problems(tables: list[list[pd.DataFrame]], plan: dict[str, Any]) -> pd.DataFrame:
    """Reduce: the corpus's problems table in canonical order (as :func:`read_corpus`)."""
    flat = [t for ts in tables for t in ts]
    probs = pd.concat(flat, ignore_index=True, sort=False) if flat else _empty(PROBLEMS)
    if plan["dedupe"]:
        probs = pd.concat([probs, pd.DataFrame(plan["dedupe"])], ignore_index=True, sort=False)
    probs = _finalize_problems(probs)
    if plan["extra"]:
        probs = _finalize_problems(
            pd.concat([probs, pd.DataFrame(plan["extra"])], ignore_index=True)
        )
    return probs


def problem_summary(problems: pd.DataFrame, root: Path) -> str | None:
    """Reduce: the one summary message of the read (None without problems)."""
    return _problem_summary(root, problems)


# --------------------------------------------------------------------------- wiring
def finish_parts(
    submit: Submit,
    parts: list[Any],
    *,
    skipped: list,
    curated: pd.DataFrame | None,
    curated_path: str | None,
    site_boilerplate: bool | pd.DataFrame = True,
) -> dict[str, Any]:
    """Run the corpus-level steps over ``parts`` with ``submit(fn, *args)``.

    ``parts`` are parts or handles on them (Dask futures); ``submit`` runs a function on
    arguments that may hold handles and returns a handle on the result. Returns handles:
    ``parts`` (final, in order), ``problems`` (the corpus's table), ``lines`` (learned
    site lines, or None) and ``ids`` (the id plan).

    Examples
    --------
    In process, ``submit`` simply calls:

    >>> from astana_lib.reading.parts import read_part
    >>> parts = [ReadPart.of([read_part(p, metadata=False)]) for p in sorted(SEEDS.glob("*.txt"))]
    >>> out = finish_parts(lambda fn, *a: fn(*a), parts, skipped=[], curated=None,
    ...                    curated_path=None)
    >>> gather_parts(out["parts"], out["problems"])
    Corpus(5 articles, 74 paragraphs, 0 problems (0 errors))
    """
    n = len(parts)
    ids = submit(plan_ids, [submit(id_keys, p) for p in parts], skipped, curated, curated_path)
    parts = [submit(rename_part, p, submit(item, ids, "renames", k)) for k, p in enumerate(parts)]
    problems = submit(final_problems, [submit(part_problems, p) for p in parts], ids)
    lines = None
    if isinstance(site_boilerplate, pd.DataFrame):
        lines = site_boilerplate
    elif site_boilerplate:
        freq = submit(frequent_hashes, [submit(norm_hash_counts, p) for p in parts])
        lines = submit(boilerplate_lines, [submit(boilerplate_rows, p, freq) for p in parts])
    if lines is not None:
        parts = [submit(relabel_part, p, lines) for p in parts]
    state = submit(plan_duplicates, [submit(duplicate_keys, p) for p in parts])
    texts = [submit(body_texts, p, submit(near_needed, state, k)) for k, p in enumerate(parts)]
    marks = submit(finish_duplicates, state, texts)
    parts = [submit(mark_part, parts[k], submit(item, marks, k)) for k in range(n)]
    return {"parts": parts, "problems": problems, "lines": lines, "ids": ids}


def gather_parts(parts: list[ReadPart], problems: pd.DataFrame) -> Corpus:
    """The :class:`Corpus` of finished parts: what :func:`astana_lib.read_corpus` returns."""
    arts = [a for p in parts for a in p.articles]
    if not arts:
        return _finalize(_empty(ARTICLE_COLUMNS), _empty(PARAGRAPHS), problems)
    return _finalize(
        pd.concat(arts, ignore_index=True, sort=False),
        pd.concat([p.paragraphs for p in parts], ignore_index=True),
        problems,
    )
