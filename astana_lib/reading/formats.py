"""Record formats behind one small interface: count the records of a file, iterate a range.

A record file holds one article per record (``.jsonl``/``.jsonl.gz``/``.ndjson``, ``.csv``,
``.parquet``). Each format is a :class:`RecordFormat` that knows two things:

``count(path)``
    how many records the file has, counted as its reader numbers them (a distributed
    reader cuts the file into ranges with it);
``records(path, problem, start=, stop=, text_column=)``
    ``(record number, record dict)`` for records ``[start, stop)`` (1-based numbers), with
    every problem reported through ``problem(message, severity, action, record=None)``.

:data:`FORMATS` maps a file-name suffix to its format; :func:`format_of` finds the format
of a path. Adding a record format is one subclass and one entry in :data:`FORMATS`. A
``.txt`` file is not a record file: it is one article, decoded whole
(:func:`astana_lib.reading.decoding.decode_bytes`).

Examples
--------
>>> format_of("news.jsonl.gz").suffixes, suffix_of(Path("A.JSONL.GZ")), stem_of(Path("a.csv"))
(('.jsonl', '.jsonl.gz', '.ndjson'), '.jsonl.gz', 'a')
"""

from __future__ import annotations

import gzip
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

from astana_lib.reading.rawinput import iter_csv, iter_jsonl

__all__ = [
    "FORMATS",
    "RECORD_SUFFIXES",
    "TEXT_SUFFIXES",
    "CsvRecords",
    "JsonLines",
    "ParquetRecords",
    "RecordFormat",
    "format_of",
    "stem_of",
    "suffix_of",
]

#: problem(message, severity, action, record=None): how a format reports what went wrong
Problem = Callable[..., None]
Records = Iterator[tuple[int, dict[str, Any]]]


class RecordFormat:
    """One record-file format: counts the records of a file and iterates a range of them."""

    #: file-name suffixes (lower case) of the format
    suffixes: tuple[str, ...] = ()

    def count(self, path: Path) -> int:
        """Number of records of ``path`` (may raise on an unreadable or corrupt file)."""
        raise NotImplementedError

    def records(
        self,
        path: Path,
        problem: Problem,
        *,
        start: int = 0,
        stop: int | None = None,
        text_column: str = "text",
    ) -> Records:
        """Yield ``(1-based record number, record)`` for records ``[start, stop)``."""
        raise NotImplementedError


class JsonLines(RecordFormat):
    """JSON lines (plain or gzip): record ``k`` is the ``k``-th non-blank line.

    Numbering and repairs: :func:`astana_lib.reading.rawinput.iter_jsonl`.
    """

    suffixes = (".jsonl", ".jsonl.gz", ".ndjson")

    def count(self, path: Path) -> int:
        opener = gzip.open if path.name.lower().endswith(".gz") else open
        n = 0
        with opener(path, "rb") as fh:
            for raw in fh:
                if raw.strip():
                    n += 1
        return n

    def records(self, path, problem, *, start=0, stop=None, text_column="text") -> Records:
        for rec_no, rec, _ in iter_jsonl(path, problem, start=start, stop=stop):
            yield rec_no, rec  # type: ignore[misc]


class CsvRecords(RecordFormat):
    """CSV with a header row: rules in :func:`astana_lib.reading.rawinput.iter_csv`."""

    suffixes = (".csv",)

    def count(self, path: Path) -> int:
        import pandas as pd

        n = 0
        for chunk in pd.read_csv(
            path, dtype=str, keep_default_na=False, na_values=[""], chunksize=8192,
            encoding="utf-8-sig",
        ):  # fmt: skip
            n += len(chunk)
        return n

    def records(self, path, problem, *, start=0, stop=None, text_column="text") -> Records:
        yield from iter_csv(path, problem, start=start, stop=stop, text_column=text_column)


class ParquetRecords(RecordFormat):
    """Parquet: one record a row; the count is the footer's row count."""

    suffixes = (".parquet",)

    def count(self, path: Path) -> int:
        import pyarrow.parquet as pq

        return int(pq.ParquetFile(path).metadata.num_rows)

    def records(self, path, problem, *, start=0, stop=None, text_column="text") -> Records:
        import pyarrow.parquet as pq

        try:
            pos = -1
            for batch in pq.ParquetFile(path).iter_batches(batch_size=2048):
                for rec in batch.to_pylist():
                    pos += 1
                    if pos < start:
                        continue
                    if stop is not None and pos >= stop:
                        return
                    yield pos + 1, rec
        except Exception as exc:  # pyarrow raises many types
            problem(f"cannot read Parquet: {exc}", "error", "stopped reading the file")


#: suffix -> record format (the order is the order suffixes are listed in messages)
FORMATS: dict[str, RecordFormat] = {
    s: fmt for fmt in (JsonLines(), CsvRecords(), ParquetRecords()) for s in fmt.suffixes
}
RECORD_SUFFIXES = tuple(FORMATS)
#: one article a file, decoded whole
TEXT_SUFFIXES = (".txt",)


def suffix_of(path: Path) -> str:
    """The known suffix a file name ends with (``.jsonl.gz`` …), else its last suffix."""
    name = path.name.lower()
    for s in RECORD_SUFFIXES + TEXT_SUFFIXES:
        if name.endswith(s):
            return s
    return path.suffix.lower()


def stem_of(path: Path) -> str:
    """The file name without its known suffix (``news.jsonl.gz`` → ``news``)."""
    s = suffix_of(path)
    return path.name[: -len(s)] if s and path.name.lower().endswith(s) else path.stem


def format_of(path: str | Path) -> RecordFormat:
    """The record format of a file, by its suffix (KeyError for a non-record file)."""
    s = suffix_of(Path(path))
    if s not in FORMATS:
        raise KeyError(f"{Path(path).name}: not a record file ({', '.join(RECORD_SUFFIXES)})")
    return FORMATS[s]
