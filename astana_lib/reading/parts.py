"""Reading one part: a ``.txt`` file, or records ``[start, stop)`` of a record file.

:func:`read_part` is the unit of work of :func:`astana_lib.reading.read.read_corpus` and of
the Dask reader (:mod:`astana_lib.backends.dask_read`): concatenating the parts of a file
with :meth:`Corpus.concat <astana_lib.reading.corpus.Corpus.concat>`, in order, gives the
same tables as reading it whole. Records come from the file's format
(:mod:`astana_lib.reading.formats`); each becomes one article of the builder
(:mod:`astana_lib.reading.builder`).
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pandas as pd
from tqdm.auto import tqdm

from astana_lib._checks import check_choice
from astana_lib._progress import progress_enabled
from astana_lib.annotate.metadata import OutletRegistry, default_registry
from astana_lib.annotate.sources import AgencyMatcher, default_matcher
from astana_lib.reading.builder import _Builder
from astana_lib.reading.corpus import Corpus, _is_missing
from astana_lib.reading.decoding import decode_bytes
from astana_lib.reading.formats import TEXT_SUFFIXES, format_of, stem_of, suffix_of
from astana_lib.reading.inputs import SEEDS, resolve_metadata, scan_inputs  # noqa: F401
from astana_lib.reading.problems import ERRORS, Errors
from astana_lib.reading.rawinput import coerce_text, display_path

__all__ = ["read_part"]

_RECORD_META = ("outlet", "date", "title", "round", "event", "url")


def _iter_records(
    path: Path, b: Any, start: int, stop: int | None, text_column: str = "text"
) -> Iterator[tuple[int, dict[str, Any]]]:
    """Yield (1-based record number, record dict) for records [start, stop), problems to ``b``."""
    spath = display_path(path)

    def problem(msg: str, severity: str, action: str, record: int | None = None) -> None:
        b.problem(spath, msg, severity, action, record=record)

    return format_of(path).records(path, problem, start=start, stop=stop, text_column=text_column)


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
    stem = display_path(stem_of(path))
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
    article_id = display_path(stem_of(path)) if article_id is None else article_id
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
    scan_inputs(p)  # existence and suffix checks
    suffix = suffix_of(p)
    if suffix in TEXT_SUFFIXES and (start is not None or stop is not None):
        raise ValueError("start/stop select records of a record file; a .txt file is one article")
    start = 0 if start is None else int(start)
    if start < 0 or (stop is not None and stop < start):
        raise ValueError(f"need 0 <= start <= stop, got start={start}, stop={stop}")
    curated, curated_path = resolve_metadata(p, metadata)
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
