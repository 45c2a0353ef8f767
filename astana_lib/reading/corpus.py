"""Read raw scraped articles into provenance-keeping tables.

>>> import astana_lib as al
>>> corpus = al.read_corpus(SEEDS, progress=False)    # SEEDS: the repository's seeds/ folder
>>> corpus
Corpus(5 articles, 74 paragraphs, 0 problems (0 errors))

Inputs (:func:`list_inputs`)
    a folder of ``.txt`` files (one article a file, sorted by name; a ``metadata.csv`` in
    the folder is the curated metadata); a single ``.txt``; or a record file —
    ``.jsonl``, ``.jsonl.gz``, ``.csv``, ``.parquet`` — with one article per record and a
    text column. Record fields ``outlet``, ``date``, ``title``, ``url`` (and ``round``)
    are metadata (source ``"metadata"``); every other field is kept as an extra column of
    ``articles``.

Output (:class:`Corpus`)
    ``articles``, ``paragraphs`` and ``problems`` with the columns documented in
    :mod:`astana_lib.schema`. For ``.txt`` inputs ``line_start``/``line_end`` are lines of
    the decoded file; for record inputs, lines of the record's text field (``record`` says
    which record). Every input file and record gives an article row (an empty or
    undecodable one has 0 paragraphs and a ``problems`` row), and every non-blank line
    is in exactly one paragraph row.

Splitting the work
    ``read_corpus`` is "list inputs → :func:`read_part` on each → :meth:`Corpus.concat`
    → corpus-level steps" (site boilerplate learned from the whole corpus,
    :mod:`astana_lib.reading.boilerplate`; duplicate records, :mod:`astana_lib.reading.duplicates`);
    a distributed reader maps :func:`read_part` over files and record ranges
    (``start``/``stop``), concatenates the parts in order and runs the same corpus-level
    steps, with identical results.

Provenance
    Paragraph rows carry ``path``, ``record`` (record inputs; NA for ``.txt``) and
    ``line_start``/``line_end``; :meth:`Corpus.source` reads those lines back from the
    input, for every input type.
"""

from __future__ import annotations

import json
import logging
import math
import re
import stat
import warnings
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal

import numpy as np
import pandas as pd
from tqdm.auto import tqdm

from astana_lib._checks import check_choice
from astana_lib._progress import progress_enabled
from astana_lib.annotate.events import infer_event
from astana_lib.annotate.metadata import (
    OutletRegistry,
    default_registry,
    infer_date,
    infer_outlet,
    parse_metadata_date,
    read_metadata_csv,
)
from astana_lib.annotate.roles import assign_roles, split_paragraphs
from astana_lib.annotate.rounds import infer_round
from astana_lib.annotate.sources import CITATION_ROLES, AgencyMatcher, default_matcher
from astana_lib.reading import boilerplate as _boilerplate
from astana_lib.reading.decoding import decode_bytes
from astana_lib.reading.duplicates import mark_duplicate_records
from astana_lib.reading.rawinput import coerce_text, display_path, iter_csv, iter_jsonl, parse_round
from astana_lib.schema import ARTICLES, PARAGRAPHS, PROBLEMS
from astana_lib.text.normalize import normalize_arabic

__all__ = ["Corpus", "ReadError", "list_inputs", "read_corpus", "read_parquet", "read_part"]

logger = logging.getLogger(__name__)

#: The repository's ``seeds/`` folder (the examples in the docstrings read it).
SEEDS = Path(__file__).resolve().parents[2] / "seeds"

Errors = Literal["warn", "raise", "ignore"]
ERRORS = ("warn", "raise", "ignore")
RECORD_SUFFIXES = (".jsonl", ".jsonl.gz", ".ndjson", ".csv", ".parquet")
TEXT_SUFFIXES = (".txt",)
METADATA_FILE = "metadata.csv"
LONG_LINE = 100_000
#: Paragraph rows kept as Python lists before they are packed into a DataFrame chunk
#: (bounds the memory of reading a large record file to about the size of the tables).
PARAGRAPH_CHUNK = 20_000
_RECORD_META = ("outlet", "date", "title", "round", "event", "url")
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


class ReadError(ValueError):
    """Raised by ``errors="raise"`` when an input cannot be read; names the file."""


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
            The record field that held the text (as given to :func:`read_corpus`).

        Returns
        -------
        str
            The lines joined with ``"\\n"``.

        Examples
        --------
        >>> c = read_corpus(SEEDS, progress=False)
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
    recs = _iter_records(path, probs, record - 1, record - 1 + _SOURCE_WINDOW)  # type: ignore[arg-type]
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
    arts = arts.copy()
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
    old = arts["article_id"].to_numpy(dtype=object)
    arts["article_id"] = new_ids
    n = arts["n_paragraphs"].to_numpy(dtype=np.int64)
    changed = np.repeat(old != np.asarray(new_ids, dtype=object), n)
    if changed.any():
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
    probs = pd.concat([probs, pd.DataFrame(extra_probs)], ignore_index=True, sort=False)
    return arts, paras, probs


# ----------------------------------------------------------------------------- building


class _Builder:
    """Accumulates column lists for one part; turns them into a Corpus at the end."""

    def __init__(
        self,
        *,
        errors: str,
        curated: pd.DataFrame | None,
        curated_path: str | None,
        registry: OutletRegistry,
        matcher: AgencyMatcher,
    ) -> None:
        self.errors = errors
        self.arts: list[dict[str, Any]] = []
        self.paras: dict[str, list[Any]] = {
            c: [] for c in ("para_id", "article_id", "para_no", "path", "line_start",
                            "line_end", "text", "norm", "role", "role_reason", "duplicate_of")
        }  # fmt: skip
        self._para_chunks: list[pd.DataFrame] = []
        self.probs: list[dict[str, Any]] = []
        self.registry = registry
        self.matcher = matcher
        self.curated: dict[str, dict[str, Any]] = {}
        self.curated_cols: list[str] = []
        self.curated_path = curated_path
        if curated is not None:
            self.curated_cols = [
                c for c in curated.columns if c != "article_id" and c not in ARTICLES
            ]
            for row in curated.to_dict("records"):
                self.curated[str(row["article_id"])] = row
        self._outlet_cache: dict[str, tuple[str, ...]] = {}

    def _flush_paragraphs(self) -> None:
        """Move the paragraph lists into a DataFrame chunk (Arrow strings: compact)."""
        chunk = pd.DataFrame(self.paras)
        for c in ("para_id", "article_id", "path", "text", "norm", "role", "role_reason"):
            chunk[c] = chunk[c].astype("str")
        self._para_chunks.append(chunk)
        for v in self.paras.values():
            v.clear()

    def problem(
        self,
        path: str,
        problem: str,
        severity: str,
        action: str,
        *,
        record: int | None = None,
        line: int | None = None,
    ) -> None:
        if severity == "error" and self.errors == "raise":
            where = f"{path}" + (f" record {record}" if record is not None else "")
            where += f" line {line}" if line is not None else ""
            raise ReadError(f"{where}: {problem}")
        self.probs.append(
            {"path": path, "record": record, "line": line, "problem": problem,
             "severity": severity, "action": action}
        )  # fmt: skip

    def _lookup_outlet(self, name: str) -> tuple[str, ...]:
        if name not in self._outlet_cache:
            self._outlet_cache[name] = self.registry.lookup(name)
        return self._outlet_cache[name]

    def article(self, **kwargs: Any) -> None:
        """Add one article; an unexpected failure on it becomes an error row, not a crash.

        Partial rows of the failed article are rolled back and the article is kept with
        0 paragraphs (``errors="raise"`` raises :class:`ReadError` naming file and record).
        """
        n_paras = len(self.paras["para_id"])
        n_chunks = len(self._para_chunks)
        n_arts, n_probs = len(self.arts), len(self.probs)
        try:
            self._article(**kwargs)
        except ReadError:
            raise
        except Exception as exc:
            keep = n_paras if len(self._para_chunks) == n_chunks else 0  # flushed meanwhile
            for v in self.paras.values():
                del v[keep:]
            del self.arts[n_arts:]
            del self.probs[n_probs:]
            self.problem(
                kwargs["path"], f"unexpected {type(exc).__name__} while reading: {exc}", "error",
                "article kept with 0 paragraphs", record=kwargs.get("record"),
            )  # fmt: skip
            self._article(**{**kwargs, "text": None, "meta": None, "extra": None})

    def _article(
        self,
        *,
        article_id: str,
        path: str,
        record: int | None,
        encoding: str | None,
        text: str | None,
        meta: dict[str, Any] | None = None,
        extra: dict[str, Any] | None = None,
    ) -> None:
        meta = meta or {}
        record_title = meta.get("title")
        if _is_missing(record_title) or not str(record_title).strip():
            record_title = None
        texts: list[str] = []
        norms: list[str] = []
        roles: list[str] = []
        paras = split_paragraphs(text) if text else []
        for p in paras:
            texts.append(p.text)
            norms.append(normalize_arabic(p.text))
        results = assign_roles(
            texts, norms, record_title=normalize_arabic(str(record_title)) if record_title else None
        )
        if len(self.paras["para_id"]) >= PARAGRAPH_CHUNK:
            self._flush_paragraphs()
        P = self.paras
        for k, (p, nm, r) in enumerate(zip(paras, norms, results, strict=True), start=1):
            P["para_id"].append(f"{article_id}:{k}")
            P["article_id"].append(article_id)
            P["para_no"].append(k)
            P["path"].append(path)
            P["line_start"].append(p.line_start)
            P["line_end"].append(p.line_end)
            P["text"].append(p.text)
            P["norm"].append(nm)
            P["role"].append(r.role)
            P["role_reason"].append(r.reason)
            P["duplicate_of"].append(
                f"{article_id}:{r.duplicate_of + 1}" if r.duplicate_of is not None else None
            )
            roles.append(r.role)
            if len(p.text) > LONG_LINE and "\n" not in p.text:
                self.problem(
                    path, f"very long line ({len(p.text):,} characters)", "warning",
                    "kept as one paragraph", record=record, line=p.line_start,
                )  # fmt: skip

        # --- outlet
        outlet = outlet_source = None
        t_outlet, t_outlet_ev = infer_outlet(texts, norms, roles, registry=self.registry)
        raw_outlet = meta.get("outlet")
        if not _is_missing(raw_outlet) and str(raw_outlet).strip():
            ids = self._lookup_outlet(str(raw_outlet))
            if len(ids) == 1:
                outlet, outlet_source = ids[0], "metadata"
                outlet_ev = f"record field outlet={raw_outlet!r}"
            else:
                what = "fits several outlets" if ids else "is not in the outlet registry"
                outlet_ev = f"record field outlet={raw_outlet!r} {what}"
        elif not _is_missing(meta.get("url")) and str(meta.get("url")).strip():
            ids = self.registry.domain(str(meta["url"]))
            if len(ids) == 1:
                outlet, outlet_source = ids[0], "metadata"
                outlet_ev = f"record field url domain ({meta['url']})"
            else:
                outlet_ev = f"record url {meta['url']!r} matches no single registry domain"
        else:
            outlet_ev = ""
        if outlet is None:
            if t_outlet is not None:
                outlet, outlet_source, outlet_ev = t_outlet, "inferred", t_outlet_ev
            else:
                outlet_ev = "; ".join(x for x in (outlet_ev, t_outlet_ev) if x)

        # --- date
        date = date_source = None
        t_date, t_date_ev = infer_date(norms, roles)
        raw_date = meta.get("date")
        date_ev = ""
        if not _is_missing(raw_date) and str(raw_date).strip():
            d = parse_metadata_date(raw_date)
            if d is not None:
                date, date_source = d, "metadata"
                date_ev = f"record field date={str(raw_date)!r}"
                kind = (extra or {}).get("date_kind")
                if isinstance(kind, str) and kind:
                    date_ev += f" (date_kind: {kind})"
            else:
                date_ev = f"record field date={str(raw_date)!r} is not an ISO date"
        if date is None:
            if t_date is not None:
                date, date_source, date_ev = t_date, "inferred", t_date_ev
            else:
                date_ev = "; ".join(x for x in (date_ev, t_date_ev) if x)

        # --- round
        rnd = rnd_source = None
        raw_round = meta.get("round")
        # a record's headline is not a paragraph: the round/event rules read it as the title
        if record_title is not None and "title" not in roles:
            ev_texts, ev_roles = [str(record_title), *texts], ["title", *roles]
            ev_norms = [normalize_arabic(str(record_title)), *norms]
        else:
            ev_texts, ev_norms, ev_roles = texts, norms, roles
        t_round, t_round_ev = infer_round(ev_norms, ev_roles, date=date, texts=ev_texts)
        if not _is_missing(raw_round) and str(raw_round).strip():
            rnd, why = parse_round(raw_round)
            if rnd is not None:
                rnd_source = "metadata"
                round_ev = f"record field round={raw_round!r}"
            else:
                round_ev = f"record field {why}; {t_round_ev}"
                self.problem(path, f"record field {why}", "warning",
                             "ignored; round inferred from the text", record=record)  # fmt: skip
        if rnd is None:
            if t_round is not None:
                rnd, rnd_source, round_ev = t_round, "inferred", t_round_ev
            elif _is_missing(raw_round) or not str(raw_round).strip():
                round_ev = t_round_ev

        # --- event (summits, ministers' meetings, congress: data/related_events.csv)
        event = event_source = None
        t_event, event_ev = infer_event(ev_norms, ev_roles, date=date, texts=ev_texts)
        raw_event = meta.get("event")
        if not _is_missing(raw_event) and str(raw_event).strip():
            event, event_source = str(raw_event).strip(), "metadata"
            event_ev = f"record field event={raw_event!r}; text: {event_ev}"
        elif t_event is not None:
            event, event_source = t_event, "inferred"

        # --- title
        title = record_title
        if title is None:
            title = next((t for t, r in zip(texts, roles, strict=True) if r == "title"), None)

        # --- curated metadata (always wins; conflicts with the text are reported)
        cur = self.curated.get(article_id)
        if cur is not None:
            src = f"curated {self.curated_path or 'metadata'}"
            c_outlet = cur.get("outlet")
            if not _is_missing(c_outlet):
                if t_outlet is not None and t_outlet != c_outlet:
                    self.problem(
                        path, f"curated outlet {c_outlet!r} differs from the text "
                        f"({t_outlet!r}: {t_outlet_ev})", "warning", "kept the curated value",
                        record=record,
                    )  # fmt: skip
                if c_outlet not in set(self.registry.table["outlet_id"]):
                    self.problem(
                        path, f"curated outlet {c_outlet!r} is not a registry outlet id",
                        "warning", "kept as given", record=record,
                    )  # fmt: skip
                outlet, outlet_source, outlet_ev = (
                    c_outlet,
                    "metadata",
                    f"{src}; text: {t_outlet_ev}",
                )
            c_date = parse_metadata_date(cur.get("date"))
            if not _is_missing(cur.get("date")) and c_date is None:
                self.problem(
                    path, f"curated date {cur.get('date')!r} is not YYYY-MM-DD", "warning",
                    "ignored the curated date", record=record,
                )  # fmt: skip
            if c_date is not None:
                if t_date is not None and t_date != c_date:
                    self.problem(
                        path, f"curated date {c_date} differs from the text ({t_date_ev})",
                        "warning", "kept the curated value", record=record,
                    )  # fmt: skip
                date, date_source, date_ev = c_date, "metadata", f"{src}; text: {t_date_ev}"
            c_round, why = parse_round(cur.get("round"))
            if why is not None:
                self.problem(path, f"curated {why}", "warning",
                             "ignored the curated round", record=record)  # fmt: skip
            if c_round is not None:
                if t_round is not None and t_round != c_round:
                    self.problem(
                        path, f"curated round {c_round} differs from the text "
                        f"({t_round}: {t_round_ev})", "warning", "kept the curated value",
                        record=record,
                    )  # fmt: skip
                rnd, rnd_source, round_ev = c_round, "metadata", f"{src}; text: {t_round_ev}"
            c_event = cur.get("event")
            if not _is_missing(c_event) and str(c_event).strip():
                if t_event is not None and t_event != c_event:
                    self.problem(
                        path, f"curated event {c_event!r} differs from the text "
                        f"({t_event}: {event_ev})", "warning", "kept the curated value",
                        record=record,
                    )  # fmt: skip
                event, event_source, event_ev = c_event, "metadata", f"{src}; text: {event_ev}"
            if not _is_missing(cur.get("title")):
                title = cur["title"]

        # --- cited sources
        cited = self.matcher.ids(
            " \n ".join(nm for nm, r in zip(norms, roles, strict=True) if r in CITATION_ROLES)
        )

        row: dict[str, Any] = {
            "article_id": article_id,
            "path": path,
            "record": record,
            "encoding": encoding,
            "outlet": outlet,
            "outlet_source": outlet_source,
            "outlet_evidence": outlet_ev or None,
            "date": date,
            "date_source": date_source,
            "date_evidence": date_ev or None,
            "round": rnd,
            "round_source": rnd_source,
            "round_evidence": round_ev or None,
            "event": event,
            "event_source": event_source,
            "event_evidence": event_ev or None,
            "title": title,
            "cited_sources": cited,
            "n_lines": sum(p.line_end - p.line_start + 1 for p in paras),
            "n_paragraphs": len(paras),
        }
        for c in self.curated_cols:
            row[c] = cur.get(c) if cur is not None else None
        if extra:
            for k, v in extra.items():
                key = k if k not in row else f"meta_{k}"
                row[key] = v
        self.arts.append(row)

    def corpus(self) -> Corpus:
        arts = pd.DataFrame(self.arts) if self.arts else _empty(ARTICLE_COLUMNS)
        for c in self.curated_cols:
            if c not in arts.columns:
                arts[c] = pd.Series([None] * len(arts), dtype=object)
        self._flush_paragraphs()
        paras = (
            pd.concat(self._para_chunks, ignore_index=True)
            if len(self._para_chunks) > 1
            else self._para_chunks[0]
        )
        self._para_chunks = []
        probs = pd.DataFrame(self.probs) if self.probs else _empty(PROBLEMS)
        arts, paras, probs = _dedupe_ids(arts, paras, probs)
        return _finalize(arts, paras, probs)


# ----------------------------------------------------------------------------- inputs


def _suffix(path: Path) -> str:
    name = path.name.lower()
    for s in RECORD_SUFFIXES + TEXT_SUFFIXES:
        if name.endswith(s):
            return s
    return path.suffix.lower()


def _stem(path: Path) -> str:
    s = _suffix(path)
    return path.name[: -len(s)] if s and path.name.lower().endswith(s) else path.stem


def _not_regular(p: Path) -> str | None:
    """Why ``p`` cannot be read as a file (None for a regular file or a folder)."""
    try:
        st = p.stat()
    except OSError as exc:
        if p.is_symlink():
            kind = "symlink loop" if "symbolic links" in str(exc) else "broken symlink"
            return f"{kind} ({exc.strerror})"
        return f"cannot stat: {exc.strerror}"
    if stat.S_ISREG(st.st_mode) or stat.S_ISDIR(st.st_mode):
        return None
    kinds = ((stat.S_ISFIFO, "FIFO"), (stat.S_ISSOCK, "socket"), (stat.S_ISCHR, "device"),
             (stat.S_ISBLK, "device"))  # fmt: skip
    kind = next((k for f, k in kinds if f(st.st_mode)), "special file")
    return f"not a regular file ({kind})"


def _scan(path: Path, *, recursive: bool = False) -> tuple[list[Path], list[tuple[Path, str]]]:
    """(inputs, skipped files with the reason) of a folder or a file.

    Only regular files are ever opened: FIFOs, sockets, devices, broken symlinks and
    symlink loops are skipped (a FIFO named ``x.txt`` would block a read forever).
    """
    if str(path) == "":
        raise ValueError("empty path: give a folder, a .txt file or a record file")
    if path.is_dir():
        inputs: list[Path] = []
        skipped: list[tuple[Path, str]] = []
        seen_dirs: set[tuple[int, int]] = set()

        def walk(folder: Path) -> None:
            st = folder.stat()
            if (st.st_dev, st.st_ino) in seen_dirs:  # a symlink back up the tree
                skipped.append((folder, "folder already read (symlink loop)"))
                return
            seen_dirs.add((st.st_dev, st.st_ino))
            try:
                entries = sorted(folder.iterdir())
            except OSError as exc:
                skipped.append((folder, f"cannot list folder: {exc.strerror}"))
                return
            for p in entries:
                if p.name.startswith("."):  # hidden: .ipynb_checkpoints, .DS_Store …
                    continue
                why = _not_regular(p)
                if why is not None:
                    skipped.append((p, why))
                elif p.is_dir():
                    if recursive:
                        walk(p)
                    else:
                        skipped.append((p, "sub-folder (not read; recursive=True reads it)"))
                elif _suffix(p) in TEXT_SUFFIXES:
                    inputs.append(p)
                elif p.name != METADATA_FILE or folder != path:
                    skipped.append((p, f"not a {'/'.join(TEXT_SUFFIXES)} file"))

        walk(path)
        return inputs, skipped
    if not path.exists() and not path.is_symlink():
        raise FileNotFoundError(f"no such file or folder: {display_path(path)}")
    why = _not_regular(path)
    if why is not None:
        raise ValueError(f"{display_path(path)}: {why}; give a regular file or a folder")
    if _suffix(path) not in TEXT_SUFFIXES + RECORD_SUFFIXES:
        raise ValueError(
            f"{display_path(path)}: unsupported input; give a folder of .txt files or a "
            f"{', '.join(TEXT_SUFFIXES + RECORD_SUFFIXES)} file"
        )
    return [path], []


def list_inputs(path: str | Path) -> list[Path]:
    """The files :func:`read_corpus` reads for ``path``, in reading order.

    A folder gives its ``.txt`` files sorted by name (not recursive; sub-folders and other
    files are reported as skipped in ``problems``, hidden entries are ignored); a file
    gives itself.

    Examples
    --------
    >>> [p.name for p in list_inputs(SEEDS)][:2]
    ['000_a78b001b85edf31a.txt', '001_50371eee1d8be29c.txt']
    """
    return _scan(Path(path))[0]


def _resolve_metadata(
    path: Path, metadata: pd.DataFrame | str | Path | bool | None
) -> tuple[pd.DataFrame | None, str | None]:
    if metadata is None:
        folder = path if path.is_dir() else path.parent
        cand = folder / METADATA_FILE
        if cand.is_file() and (path.is_dir() or _suffix(path) in TEXT_SUFFIXES):
            return read_metadata_csv(cand), str(cand)
        return None, None
    if metadata is False:
        return None, None
    if metadata is True:
        raise TypeError("metadata=True is not meaningful; give a path, a DataFrame, None or False")
    if isinstance(metadata, pd.DataFrame):
        if "article_id" not in metadata.columns:
            raise ValueError("metadata DataFrame needs an 'article_id' column")
        md = metadata.copy()
        md["article_id"] = md["article_id"].astype(str)
        return md, str(metadata.attrs.get("source", "metadata DataFrame"))
    return read_metadata_csv(metadata), str(metadata)


def _iter_records(
    path: Path, b: _Builder, start: int, stop: int | None, text_column: str = "text"
) -> Iterator[tuple[int, dict[str, Any]]]:
    """Yield (1-based record number, record dict) for records [start, stop)."""
    suffix = _suffix(path)
    spath = display_path(path)
    if suffix in (".jsonl", ".jsonl.gz", ".ndjson"):

        def problem(msg: str, severity: str, action: str, record: int | None = None) -> None:
            b.problem(spath, msg, severity, action, record=record)

        for rec_no, rec, _ in iter_jsonl(path, problem, start=start, stop=stop):
            yield rec_no, rec  # type: ignore[misc]
    elif suffix == ".csv":

        def csv_problem(msg: str, severity: str, action: str, record: int | None = None) -> None:
            b.problem(spath, msg, severity, action, record=record)

        yield from iter_csv(path, csv_problem, start=start, stop=stop, text_column=text_column)
    elif suffix == ".parquet":
        import pyarrow.parquet as pq

        try:
            pf = pq.ParquetFile(path)
            pos = -1
            for batch in pf.iter_batches(batch_size=2048):
                for rec in batch.to_pylist():
                    pos += 1
                    if pos < start:
                        continue
                    if stop is not None and pos >= stop:
                        return
                    yield pos + 1, rec
        except Exception as exc:  # pyarrow raises many types
            b.problem(spath, f"cannot read Parquet: {exc}", "error", "stopped reading the file")


def _read_records(
    path: Path,
    b: _Builder,
    *,
    start: int,
    stop: int | None,
    text_column: str,
    id_column: str,
    progress: bool,
) -> None:
    spath = display_path(path)
    stem = display_path(_stem(path))
    recs = _iter_records(path, b, start, stop, text_column)
    for rec_no, rec in tqdm(
        recs, desc=path.name, unit=" articles", disable=not progress_enabled(progress)
    ):
        rid = rec.get(id_column)
        article_id = str(rid) if not _is_missing(rid) and str(rid).strip() else f"{stem}:{rec_no}"
        if text_column not in rec:
            b.problem(spath, f"record has no {text_column!r} field", "warning",
                      "article kept with 0 paragraphs", record=rec_no)  # fmt: skip
            text = ""
        else:
            coerced, text_probs = coerce_text(rec.get(text_column))
            for msg, severity, action in text_probs:
                b.problem(spath, msg, severity, action, record=rec_no)
            text = coerced or ""
            if not text.strip() and not any(sev == "error" for _, sev, _ in text_probs):
                b.problem(spath, "empty text", "warning", "article kept with 0 paragraphs",
                          record=rec_no)  # fmt: skip
        if "\r" in text:
            n = text.count("\r")
            text = text.replace("\r\n", "\n").replace("\r", "\n")
            b.problem(spath, f"{n} CR line break character(s) in the text", "warning",
                      "converted to LF", record=rec_no)  # fmt: skip
        meta = {k: rec.get(k) for k in _RECORD_META if k in rec}
        extra = {
            k: v for k, v in rec.items() if k not in (text_column, id_column) and k not in meta
        }
        if "url" in meta:
            extra = {"url": meta["url"], **extra}
        b.article(
            article_id=article_id, path=spath, record=rec_no, encoding="utf-8",
            text=text, meta=meta, extra=extra,
        )  # fmt: skip


def _read_text_file(path: Path, b: _Builder, article_id: str | None = None) -> None:
    spath = display_path(path)
    article_id = display_path(_stem(path)) if article_id is None else article_id
    if spath != str(path):
        b.problem(spath, "file name is not valid UTF-8", "warning",
                  "path and article_id show the undecodable bytes as \\xNN")  # fmt: skip
    try:
        data = path.read_bytes()
    except OSError as exc:
        b.problem(spath, f"cannot read: {exc}", "error", "article kept with 0 paragraphs")
        b.article(article_id=article_id, path=spath, record=None, encoding=None, text=None)
        return
    dec = decode_bytes(data)
    for pr in dec.problems:
        b.problem(spath, pr.problem, pr.severity,
                  pr.action if dec.ok else f"{pr.action}; article kept with 0 paragraphs",
                  line=pr.line)  # fmt: skip
    b.article(article_id=article_id, path=spath, record=None, encoding=dec.encoding, text=dec.text)


def read_part(
    path: str | Path,
    *,
    start: int | None = None,
    stop: int | None = None,
    metadata: pd.DataFrame | str | Path | bool | None = None,
    errors: Errors = "warn",
    text_column: str = "text",
    id_column: str = "id",
    progress: bool = False,
    outlets: pd.DataFrame | None = None,
    agencies: pd.DataFrame | str | Path | None = None,
) -> Corpus:
    """Read one input file, or records ``[start, stop)`` of a record file.

    This is the unit of work of :func:`read_corpus` (and of a distributed reader):
    concatenating the parts of a file with :meth:`Corpus.concat`, in order, gives the same
    tables as reading it whole. The corpus-level steps of :func:`read_corpus` (site
    boilerplate, duplicate records) need the whole corpus and are not run here.

    Parameters
    ----------
    path : str or Path
        One ``.txt`` file, or one ``.jsonl``/``.jsonl.gz``/``.csv``/``.parquet`` file.
    start, stop : int, optional
        0-based record positions, as in ``records[start:stop]`` (record files only;
        blank lines of a JSON-lines file are not records).
    metadata : DataFrame, path, False or None
        Curated metadata (see :func:`read_corpus`); None looks for ``metadata.csv`` next
        to a ``.txt`` file.
    errors, text_column, id_column, progress
        As in :func:`read_corpus` (``errors="warn"`` does not warn here: the caller does).
    outlets, agencies : optional
        Outlet registry table and agencies table/CSV (default: the packaged ones).

    Returns
    -------
    Corpus

    Examples
    --------
    >>> part = read_part(SEEDS / "004_bf5fb0177f1529b9.txt")
    >>> part.articles[["outlet", "round"]].values.tolist()
    [['almasa', 8]]
    """
    check_choice("errors", errors, ERRORS)
    p = Path(path)
    if p.is_dir():
        raise ValueError(f"read_part reads one file; {p} is a folder (use read_corpus)")
    _scan(p)  # existence and suffix checks
    suffix = _suffix(p)
    if suffix in TEXT_SUFFIXES and (start is not None or stop is not None):
        raise ValueError("start/stop select records of a record file; a .txt file is one article")
    start = 0 if start is None else int(start)
    if start < 0 or (stop is not None and stop < start):
        raise ValueError(f"need 0 <= start <= stop, got start={start}, stop={stop}")
    curated, curated_path = _resolve_metadata(p, metadata)
    b = _Builder(
        errors=errors,
        curated=curated,
        curated_path=curated_path,
        registry=default_registry() if outlets is None else OutletRegistry(outlets),
        matcher=default_matcher() if agencies is None else AgencyMatcher(agencies),
    )
    if suffix in TEXT_SUFFIXES:
        _read_text_file(p, b)
    else:
        _read_records(
            p, b, start=start, stop=stop, text_column=text_column, id_column=id_column,
            progress=progress,
        )  # fmt: skip
    return b.corpus()


def read_corpus(
    path: str | Path,
    *,
    metadata: pd.DataFrame | str | Path | bool | None = None,
    errors: Errors = "warn",
    text_column: str = "text",
    id_column: str = "id",
    progress: bool = True,
    outlets: pd.DataFrame | None = None,
    agencies: pd.DataFrame | str | Path | None = None,
    client: Any = None,
    partition_size: int = 2000,
    site_boilerplate: bool | pd.DataFrame = True,
    recursive: bool = False,
) -> Corpus:
    """Read a folder of ``.txt`` articles, one ``.txt``, or a record file into a :class:`Corpus`.

    Parameters
    ----------
    path : str or Path
        A folder of ``.txt`` files (one article per file), one ``.txt`` file, or a
        ``.jsonl``, ``.jsonl.gz``, ``.csv`` or ``.parquet`` file with one article per
        record.
    metadata : DataFrame, str, Path, False or None, default None
        Curated metadata (``article_id`` plus any of ``outlet``, ``date``, ``round``,
        ``title`` and free columns such as ``notes``, which are added to ``articles``).
        Curated values always win; a conflict with what the text says is a ``problems``
        row. None picks up ``metadata.csv`` in the folder (or next to the ``.txt`` file);
        False ignores it.
    errors : {'warn', 'raise', 'ignore'}, default 'warn'
        Problems are always listed in ``corpus.problems``. 'warn' also emits one
        ``UserWarning`` summarising them; 'raise' raises :class:`ReadError` naming the
        file at the first input that cannot be read (severity 'error'); 'ignore' is quiet.
    text_column, id_column : str
        Record fields holding the article text and id (record inputs). A record without
        an id gets ``<file stem>:<record number>``.
    progress : bool, default True
        Show a tqdm progress bar.
    outlets, agencies : optional
        Outlet registry and agencies tables (default: the packaged ones).
    client : dask.distributed.Client, optional
        Read on a Dask cluster instead (``pip install astana_lib[dask]``): files and
        record ranges are partitioned over the workers, and the result is identical to
        the single-machine read. Without a client Dask is not imported.
    partition_size : int, default 2000
        Records per task when ``client`` is given.
    recursive : bool, default False
        Also read the ``.txt`` files of sub-folders (article id: the path relative to
        ``path`` without ``.txt``, e.g. ``2017/001``). Without it sub-folders are listed
        in ``problems`` as skipped.
    site_boilerplate : bool or DataFrame, default True
        Learn the lines each outlet repeats across its articles and relabel those body
        paragraphs ``boilerplate`` or ``source`` (:mod:`astana_lib.reading.boilerplate`). A
        DataFrame from :func:`astana_lib.reading.boilerplate.site_boilerplate` applies lines
        learned on another (larger) corpus, e.g. the dump a sub-corpus was cut from.

    Notes
    -----
    After the parts are read, two corpus-level steps run: site boilerplate (above) and
    duplicate records (:func:`astana_lib.reading.duplicates.mark_duplicate_records`: articles
    get ``duplicate_of``/``duplicate_reason``, paragraphs ``article_duplicate_of``;
    nothing is deleted).

    Returns
    -------
    Corpus
        ``articles``, ``paragraphs`` and ``problems`` (see :mod:`astana_lib.schema`).

    Examples
    --------
    >>> import astana_lib as al
    >>> c = al.read_corpus(SEEDS, progress=False)
    >>> c.articles[["article_id", "outlet", "round"]].head(3)
                 article_id   outlet  round
    0  000_a78b001b85edf31a      NaN      5
    1  001_50371eee1d8be29c      NaN      6
    2  002_01f740d96dbb44b1  alwaght      5
    >>> c.paragraphs["role"].value_counts().to_dict()
    {'body': 51, 'repeat': 11, 'boilerplate': 5, 'title': 3, 'source': 2, 'section': 1, 'byline': 1}
    """
    check_choice("errors", errors, ERRORS)
    if client is not None:
        from astana_lib.backends.dask_read import read_corpus_distributed

        if recursive:
            raise ValueError("recursive=True is not supported with client (Dask) yet")

        return read_corpus_distributed(
            path, client=client, partition_size=partition_size, metadata=metadata,
            errors=errors, text_column=text_column, id_column=id_column, outlets=outlets,
            agencies=agencies, progress=progress, site_boilerplate=site_boilerplate,
        )  # fmt: skip
    if isinstance(path, str) and not path.strip():
        raise ValueError("empty path: give a folder, a .txt file or a record file")
    root = Path(path)
    inputs, skipped = _scan(root, recursive=recursive)
    curated, curated_path = _resolve_metadata(root, metadata)
    if errors == "raise" and curated is not None:
        for prob, sev, _, line in curated.attrs.get("problems", []):
            if sev == "error":
                raise ReadError(f"{curated_path}" + (f" line {line}" if line else "") + f": {prob}")
    md = curated if curated is not None else False
    registry = default_registry() if outlets is None else OutletRegistry(outlets)
    if root.is_dir():
        # one builder for all the files of a folder: tables are built once, not per file
        b = _Builder(
            errors=errors, curated=curated, curated_path=curated_path, registry=registry,
            matcher=default_matcher() if agencies is None else AgencyMatcher(agencies),
        )  # fmt: skip
        for p in tqdm(
            inputs, desc=root.name, unit=" files", disable=not progress_enabled(progress)
        ):
            rel = p.relative_to(root)
            aid = display_path(
                _stem(p) if rel.parent == Path(".") else rel.with_name(_stem(p)).as_posix()
            )
            _read_text_file(p, b, article_id=aid)
        corpus = b.corpus()
    else:
        corpus = read_part(
            inputs[0], metadata=md, errors=errors, text_column=text_column, id_column=id_column,
            progress=progress, outlets=registry.table, agencies=agencies,
        )  # fmt: skip
    corpus = _finish_read(
        root, corpus, skipped, curated, curated_path, errors, stacklevel=2,
        site_boilerplate=site_boilerplate,
    )  # fmt: skip
    logger.info("read %s: %r", root, corpus)
    return corpus


#: Counts and positions in a problem text, masked when problems are grouped for the
#: summary; numbers that are part of a name (UTF-16, cp1256, [Errno 2]) are kept.
_COUNT_RE = re.compile(r"(?<![\w\-./])(?<!Errno )\d[\d,.]*(?![\w\-])")
_QUOTED_RE = re.compile(r"'[^']*'|\"[^\"]*\"")


def _problem_kind(problem: str) -> str:
    """A problem text without its counts, line lists and quoted values (for grouping).

    Examples
    --------
    >>> _problem_kind("3 line(s) not UTF-8, decoded as cp1256: lines 4, 9, 12")
    'N line(s) not UTF-8, decoded as cp1256'
    >>> _problem_kind("UTF-16 byte-order mark"), _problem_kind("cannot read: [Errno 13] x")
    ('UTF-16 byte-order mark', 'cannot read: [Errno 13] x')
    """
    kind = re.sub(r":\s*lines? [\d, …]+$", "", problem)
    kind = _QUOTED_RE.sub("…", kind)
    return _COUNT_RE.sub("N", kind)


def _finish_read(
    root: Path,
    corpus: Corpus,
    skipped: list[Path],
    curated: pd.DataFrame | None,
    curated_path: str | None,
    errors: str,
    *,
    stacklevel: int = 2,
    site_boilerplate: bool | pd.DataFrame = True,
) -> Corpus:
    """Corpus-level steps: site boilerplate, duplicate records, problems, summary warning.

    The last step of :func:`read_corpus` after :meth:`Corpus.concat` of the parts; a
    distributed reader calls it too, so both give the same tables and warning.
    Corpus-level problems are skipped files and curated ids not read.
    """
    paras = corpus.paragraphs
    if isinstance(site_boilerplate, pd.DataFrame):
        paras = _boilerplate.relabel_site_boilerplate(paras, site_boilerplate)
    elif site_boilerplate and len(paras):
        paras = _boilerplate.relabel_site_boilerplate(paras, _boilerplate.site_boilerplate(paras))
    arts = mark_duplicate_records(corpus.articles, paras)
    extra_probs = [
        {"path": display_path(s), "record": None, "line": None, "problem": why,
         "severity": "warning", "action": "skipped"}
        for s, why in (
            x if isinstance(x, tuple) else (x, f"not a {'/'.join(TEXT_SUFFIXES)} file")
            for x in skipped
        )
    ]  # fmt: skip
    if curated is not None:
        extra_probs += [
            {"path": curated_path, "record": None, "line": line, "problem": prob,
             "severity": sev, "action": act}
            for prob, sev, act, line in curated.attrs.get("problems", [])
        ]  # fmt: skip
        unknown = sorted(set(curated["article_id"]) - set(corpus.articles["article_id"]))
        extra_probs += [
            {"path": curated_path, "record": None, "line": None,
             "problem": f"curated metadata for unknown article_id {a!r}",
             "severity": "warning", "action": "ignored"}
            for a in unknown
        ]  # fmt: skip
    if extra_probs:
        probs = pd.concat([corpus.problems, pd.DataFrame(extra_probs)], ignore_index=True)
        corpus = _finalize(arts, paras, probs)
    else:  # the tables are final already: set the new columns only (fast on large reads)
        for c in ("duplicate_of", "duplicate_reason"):
            arts[c] = arts[c].astype("str")
        paras = paras.copy(deep=False)
        n = arts["n_paragraphs"].to_numpy()
        paras["article_duplicate_of"] = pd.Series(
            np.repeat(arts["duplicate_of"].to_numpy(dtype=object), n), index=paras.index
        ).astype("str")
        corpus = Corpus(arts, paras, corpus.problems)
    n_prob = len(corpus.problems)
    if n_prob:
        n_err = int((corpus.problems["severity"] == "error").sum())
        summary = corpus.problems["problem"].map(_problem_kind)
        top = "; ".join(f"{k} ×{v}" for k, v in summary.value_counts().head(5).items())
        msg = (
            f"{display_path(root)}: {n_prob} problem(s), {n_err} error(s) while reading — "
            f"{top}; see corpus.problems"
        )
        # One channel per message (issue 10: it was printed twice): a Python warning
        # when the caller asked for warnings (the CLI routes them to logging), a log
        # record otherwise.
        if errors == "warn":
            warnings.warn(msg, UserWarning, stacklevel=stacklevel + 1)
        elif errors == "ignore":
            logger.info(msg)
        else:
            logger.warning(msg)
    return corpus
