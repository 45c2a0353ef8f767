"""The :class:`Corpus` of a read: its three tables, their columns and dtypes.

>>> import astana_lib as al
>>> corpus = al.read_corpus(SEEDS, progress=False)    # SEEDS: the repository's seeds/ folder
>>> corpus
Corpus(5 articles, 74 paragraphs, 0 problems (0 errors))

``articles``, ``paragraphs`` and ``problems`` have the columns documented in
:mod:`astana_lib.schema`; ``_finalize`` fixes their order and dtypes and copies article
metadata onto paragraphs, ``_dedupe_ids`` makes article ids unique. How a corpus is read:
:mod:`astana_lib.reading.read`.

Provenance
    Paragraph rows carry ``path``, ``record`` (record inputs; NA for ``.txt``) and
    ``line_start``/``line_end``; :meth:`Corpus.source` reads those lines back from the
    input, for every input type.
"""

from __future__ import annotations

import json
import math
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from astana_lib.reading.decoding import decode_bytes
from astana_lib.reading.formats import format_of
from astana_lib.reading.inputs import SEEDS  # noqa: F401  (the doctests read it)
from astana_lib.reading.problems import (  # noqa: F401  (old import paths)
    ERRORS,
    Errors,
    ReadError,
    _problem_kind,
)
from astana_lib.reading.rawinput import display_path
from astana_lib.schema import ARTICLES, PARAGRAPHS, PROBLEMS

__all__ = ["ARTICLE_COLUMNS", "Corpus", "read_parquet"]

#: Columns every articles table has (the schema's ``<extra>`` entry documents the extra
#: columns; it is not a column).
ARTICLE_COLUMNS = tuple(c for c in ARTICLES if not c.startswith("<"))
_STR_ARTICLE_COLS = (
    "article_id", "path", "encoding", "outlet", "outlet_source", "outlet_evidence",
    "date_source", "date_evidence", "round_source", "round_evidence", "event",
    "event_source", "event_evidence", "title", "duplicate_of", "duplicate_reason",
)  # fmt: skip
_STR_PARA_COLS = (
    "para_id", "article_id", "path", "text", "norm", "role", "role_reason", "duplicate_of",
    "outlet", "article_duplicate_of",
)  # fmt: skip


# ----------------------------------------------------------------------------- Corpus


def _empty(columns: Iterable[str]) -> pd.DataFrame:
    return pd.DataFrame({c: [] for c in columns})


@dataclass(eq=False)
class Corpus:
    """The three tables of a read corpus (see :mod:`astana_lib.schema`).

    Attributes
    ----------
    articles : pandas.DataFrame
        One row per article (:data:`~astana_lib.schema.ARTICLES` columns, then extra
        record fields and curated-metadata columns).
    paragraphs : pandas.DataFrame
        One row per paragraph (:data:`~astana_lib.schema.PARAGRAPHS`), in article order.
    problems : pandas.DataFrame
        What went wrong and what was done (:data:`~astana_lib.schema.PROBLEMS`).

    Examples
    --------
    >>> c = Corpus.empty()
    >>> len(c), list(c.problems.columns)
    (0, ['path', 'record', 'line', 'problem', 'severity', 'action'])
    """

    articles: pd.DataFrame
    paragraphs: pd.DataFrame
    problems: pd.DataFrame
    # caches of :meth:`source`: input texts by (path, record), and the para_id index
    _texts: dict[tuple[str, int | None], str] = field(
        default_factory=dict, repr=False, compare=False
    )
    _index: dict[str, Any] = field(default_factory=dict, repr=False, compare=False)

    @classmethod
    def empty(cls) -> Corpus:
        """A corpus with no rows and the schema's columns."""
        return _finalize(_empty(ARTICLE_COLUMNS), _empty(PARAGRAPHS), _empty(PROBLEMS))

    def __len__(self) -> int:
        return len(self.articles)

    def __repr__(self) -> str:
        n_err = int((self.problems["severity"] == "error").sum()) if len(self.problems) else 0
        return (
            f"Corpus({len(self.articles)} articles, {len(self.paragraphs)} paragraphs, "
            f"{len(self.problems)} problems ({n_err} errors))"
        )

    @classmethod
    def concat(cls, parts: Iterable[Corpus]) -> Corpus:
        """Concatenate corpora read from parts, in order (article ids made unique).

        Examples
        --------
        >>> a = Corpus.empty()
        >>> len(Corpus.concat([a, a]))
        0
        """
        parts = list(parts)
        if not parts:
            return cls.empty()
        arts = pd.concat([p.articles for p in parts], ignore_index=True, sort=False)
        paras = pd.concat([p.paragraphs for p in parts], ignore_index=True, sort=False)
        probs = pd.concat([p.problems for p in parts], ignore_index=True, sort=False)
        arts, paras, probs = _dedupe_ids(arts, paras, probs)
        return _finalize(arts, paras, probs)

    def source(self, para_id: str, *, text_column: str = "text") -> str:
        """The original input lines of a paragraph, read again from its input file.

        Works for every input type: for a ``.txt`` file, lines ``line_start..line_end``
        of the decoded file; for a record file (``.jsonl``, ``.jsonl.gz``, ``.csv``,
        ``.parquet``), those lines of the text field of record ``record``. The result
        equals the paragraph's ``text`` unless the file changed since it was read.

        Parameters
        ----------
        para_id : str
            A ``para_id`` of :attr:`paragraphs`.
        text_column : str, default "text"
            The record field that held the text (as given to :func:`~astana_lib.reading.read.read_corpus`).

        Returns
        -------
        str
            The lines joined with ``"\\n"``.

        Examples
        --------
        >>> import astana_lib as al
        >>> c = al.read_corpus(SEEDS, progress=False)
        >>> row = c.paragraphs.iloc[5]
        >>> c.source(row["para_id"]) == row["text"], int(row["line_start"])
        (True, 6)
        """
        paras = self.paragraphs
        if self._index.get("table") is not paras:  # (re)build the para_id index
            self._texts.clear()
            self._index["table"] = paras
            self._index["pos"] = dict(
                zip(paras["para_id"].tolist(), range(len(paras)), strict=True)
            )
        i = self._index["pos"].get(para_id)
        if i is None:
            raise KeyError(f"no paragraph {para_id!r} in this corpus")
        row = {c: paras[c].iat[i] for c in ("path", "record", "line_start", "line_end")}
        rec = None if pd.isna(row["record"]) else int(row["record"])
        key = (str(row["path"]), rec)
        if key not in self._texts:
            if len(self._texts) > 4 * _SOURCE_WINDOW:
                self._texts.clear()
            for r, text in _input_texts(Path(key[0]), rec, text_column):
                self._texts[(key[0], r)] = text
        lines = self._texts[key].split("\n")
        return "\n".join(lines[int(row["line_start"]) - 1 : int(row["line_end"])])

    def to_parquet(self, directory: str | Path) -> Path:
        """Write ``articles``, ``paragraphs`` and ``problems`` as Parquet files in a folder.

        :func:`read_parquet` reads them back identical (dtypes included).

        Examples
        --------
        >>> import tempfile
        >>> d = Corpus.empty().to_parquet(tempfile.mkdtemp())
        >>> sorted(p.name for p in d.iterdir())
        ['articles.parquet', 'paragraphs.parquet', 'problems.parquet']
        """
        d = Path(directory)
        d.mkdir(parents=True, exist_ok=True)
        for name in ("articles", "paragraphs", "problems"):
            getattr(self, name).to_parquet(d / f"{name}.parquet", index=False)
        return d


class _Problems:
    """Stands in for the builder when re-reading records: collects the problems."""

    def __init__(self) -> None:
        self.seen: list[str] = []

    def problem(self, path: str, problem: str, severity: str, action: str, **kw: Any) -> None:
        self.seen.append(problem)


#: Records read at once by :meth:`Corpus.source` (the next paragraphs are then cached).
_SOURCE_WINDOW = 256


def _input_texts(path: Path, record: int | None, text_column: str) -> list[tuple[int | None, str]]:
    """The texts the reader split into paragraphs: the decoded file, or the text fields of
    records ``record`` … ``record + _SOURCE_WINDOW - 1``, as ``(record, text)``."""
    if record is None:
        return [(None, decode_bytes(path.read_bytes()).text or "")]
    out: list[tuple[int | None, str]] = []
    probs = _Problems()
    spath = display_path(path)

    def problem(msg: str, severity: str, action: str, record: int | None = None) -> None:
        probs.problem(spath, msg, severity, action, record=record)

    recs = format_of(path).records(
        path, problem, start=record - 1, stop=record - 1 + _SOURCE_WINDOW, text_column=text_column
    )
    for no, rec in recs:
        text = rec.get(text_column)
        text = "" if _is_missing(text) else text if isinstance(text, str) else str(text)
        out.append((no, text.replace("\r\n", "\n").replace("\r", "\n")))
    if not out or out[0][0] != record:
        raise ReadError(f"{path}: cannot read record {record} {probs.seen[:1]}")
    return out


def read_parquet(directory: str | Path) -> Corpus:
    """Read a corpus written by :meth:`Corpus.to_parquet`.

    Examples
    --------
    >>> import tempfile
    >>> d = Corpus.empty().to_parquet(tempfile.mkdtemp())
    >>> read_parquet(d)
    Corpus(0 articles, 0 paragraphs, 0 problems (0 errors))
    """
    d = Path(directory)
    missing = [
        n for n in ("articles", "paragraphs", "problems") if not (d / f"{n}.parquet").is_file()
    ]
    if missing:
        raise FileNotFoundError(f"{d} is not a saved corpus: missing {missing} .parquet file(s)")
    arts = pd.read_parquet(d / "articles.parquet")
    if "cited_sources" in arts.columns:
        arts["cited_sources"] = [
            list(v) if v is not None and not (isinstance(v, float) and math.isnan(v)) else []
            for v in arts["cited_sources"]
        ]
    return Corpus(
        arts, pd.read_parquet(d / "paragraphs.parquet"), pd.read_parquet(d / "problems.parquet")
    )


# ----------------------------------------------------------------------------- finalising


def _is_missing(v: Any) -> bool:
    return v is None or v is pd.NA or (isinstance(v, float) and math.isnan(v))


def _extra_column(s: pd.Series) -> pd.Series:
    vals = [v for v in s if not _is_missing(v)]
    types = {type(v) for v in vals}
    if not vals or types <= {str}:
        return s.astype("str") if vals else s.astype(object)
    if types <= {bool} or types <= {int} or types <= {int, float} or types <= {float}:
        return pd.Series(list(s), index=s.index)
    return s.map(
        lambda v: (
            v
            if _is_missing(v) or isinstance(v, str)
            else json.dumps(v, ensure_ascii=False, default=str)
        )
    ).astype("str")


def _finalize(arts: pd.DataFrame, paras: pd.DataFrame, probs: pd.DataFrame) -> Corpus:
    """Fix column order and dtypes, and copy article metadata onto paragraphs."""
    arts = arts.reset_index(drop=True)
    paras = paras.reset_index(drop=True)
    probs = probs.reset_index(drop=True)
    for c in ARTICLE_COLUMNS:
        if c not in arts.columns:
            arts[c] = pd.Series([None] * len(arts), dtype=object)
    extra = [c for c in arts.columns if c not in ARTICLE_COLUMNS]
    arts = arts[list(ARTICLE_COLUMNS) + extra].copy()
    for c in _STR_ARTICLE_COLS:
        arts[c] = arts[c].astype("str")
    arts["record"] = pd.array(arts["record"], dtype="Int64")
    arts["round"] = pd.array(arts["round"], dtype="Int64")
    arts["date"] = pd.to_datetime(arts["date"]).astype("datetime64[us]")
    arts["n_lines"] = arts["n_lines"].astype("int64")
    arts["n_paragraphs"] = arts["n_paragraphs"].astype("int64")
    arts["cited_sources"] = [
        list(v) if isinstance(v, list | tuple | np.ndarray) else [] for v in arts["cited_sources"]
    ]
    arts["cited_sources"] = arts["cited_sources"].astype(object)
    for c in extra:
        arts[c] = _extra_column(arts[c])

    for c in PARAGRAPHS:
        if c not in paras.columns:
            paras[c] = pd.Series([None] * len(paras), dtype=object)
    n = arts["n_paragraphs"].to_numpy()
    if n.sum() != len(paras):
        raise AssertionError("internal error: paragraphs out of step with articles")
    paras["outlet"] = np.repeat(arts["outlet"].to_numpy(dtype=object), n)
    paras["date"] = np.repeat(arts["date"].to_numpy(), n)
    paras["round"] = pd.array(np.repeat(arts["round"].to_numpy(dtype=object), n), dtype="Int64")
    paras["record"] = pd.array(np.repeat(arts["record"].to_numpy(dtype=object), n), dtype="Int64")
    paras["article_duplicate_of"] = np.repeat(arts["duplicate_of"].to_numpy(dtype=object), n)
    paras = paras[list(PARAGRAPHS)].copy()
    for c in _STR_PARA_COLS:
        paras[c] = paras[c].astype("str")
    for c in ("para_no", "line_start", "line_end"):
        paras[c] = paras[c].astype("int64")
    paras["date"] = paras["date"].astype("datetime64[us]")

    for c in PROBLEMS:
        if c not in probs.columns:
            probs[c] = pd.Series([None] * len(probs), dtype=object)
    probs = probs[list(PROBLEMS)].copy()
    if len(probs) > 1:  # canonical order: by file (first appearance), then record
        path_order = pd.Series(pd.factorize(probs["path"])[0], index=probs.index)
        rec = pd.to_numeric(probs["record"], errors="coerce").fillna(-1)
        key = pd.DataFrame({"p": path_order, "r": rec})
        probs = probs.loc[key.sort_values(["p", "r"], kind="mergesort").index]
        probs = probs.reset_index(drop=True)
    for c in ("path", "problem", "severity", "action"):
        probs[c] = probs[c].astype("str")
    probs["record"] = pd.array(probs["record"], dtype="Int64")
    probs["line"] = pd.array(probs["line"], dtype="Int64")
    return Corpus(arts, paras, probs)


def _dedupe_ids(
    arts: pd.DataFrame, paras: pd.DataFrame, probs: pd.DataFrame
) -> tuple[pd.DataFrame, pd.DataFrame, pd.DataFrame]:
    """Rename repeated article ids ``x`` → ``x~2``, ``x~3`` … (in order), with a problem row."""
    dup = arts["article_id"].duplicated()
    if not dup.any():
        return arts, paras, probs
    new_ids, extra_probs = _unique_ids(arts)
    arts = arts.copy()
    old = arts["article_id"].to_numpy(dtype=object)
    arts["article_id"] = new_ids
    paras = _rename_paragraphs(paras, old, new_ids, arts["n_paragraphs"].to_numpy(dtype=np.int64))
    probs = pd.concat([probs, pd.DataFrame(extra_probs)], ignore_index=True, sort=False)
    return arts, paras, probs


def _unique_ids(arts: pd.DataFrame) -> tuple[list[str], list[dict[str, Any]]]:
    """New article ids (repeats renamed ``x~2`` …) and one problem row per rename.

    Needs only ``article_id``, ``path`` and ``record``: the distributed reader runs it on
    a table of those three columns for the whole corpus (:mod:`astana_lib.backends.part_steps`).
    """
    seen: dict[str, int] = {}
    used = set(arts["article_id"])
    new_ids = []
    extra_probs = []
    for aid, path, rec in zip(arts["article_id"], arts["path"], arts["record"], strict=True):
        k = seen.get(aid, 0) + 1
        seen[aid] = k
        if k == 1:
            new_ids.append(aid)
            continue
        new = f"{aid}~{k}"
        while new in used:
            k += 1
            new = f"{aid}~{k}"
        used.add(new)
        new_ids.append(new)
        extra_probs.append(
            {
                "path": path,
                "record": rec,
                "line": None,
                "problem": f"duplicate article_id {aid!r}",
                "severity": "warning",
                "action": f"renamed to {new!r}",
            }
        )
    return new_ids, extra_probs


def _rename_paragraphs(
    paras: pd.DataFrame, old: np.ndarray, new_ids: list[str] | np.ndarray, n: np.ndarray
) -> pd.DataFrame:
    """Paragraphs with the ids of renamed articles (``article_id``, ``para_id``, ``duplicate_of``).

    ``old``/``new_ids`` are the article ids before/after, ``n`` the articles' paragraph counts.
    """
    changed = np.repeat(old != np.asarray(new_ids, dtype=object), n)
    if not changed.any():
        return paras
    paras = paras.copy()
    new_rep = np.repeat(np.asarray(new_ids, dtype=object), n)
    old_rep = np.repeat(old, n)
    aid = paras["article_id"].to_numpy(dtype=object)
    pid = paras["para_id"].to_numpy(dtype=object)
    dof = paras["duplicate_of"].to_numpy(dtype=object)
    for i in np.flatnonzero(changed):
        aid[i] = new_rep[i]
        pid[i] = f"{new_rep[i]}:{int(paras['para_no'].iat[i])}"
        if isinstance(dof[i], str) and dof[i].startswith(f"{old_rep[i]}:"):
            dof[i] = new_rep[i] + dof[i][len(old_rep[i]) :]
    paras["article_id"], paras["para_id"], paras["duplicate_of"] = aid, pid, dof
    return paras
