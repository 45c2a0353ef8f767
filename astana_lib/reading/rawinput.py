"""Raw record input: JSON-lines iteration, field types and file names, with every repair reported.

One place decides how records of a JSON-lines file are numbered (the reader and
``astana subcorpus`` both use :func:`iter_jsonl`, so "record 5" is the same line for
both), and how record fields of unexpected types become text:

Record numbering (:func:`iter_jsonl`)
    Record ``k`` is the ``k``-th non-blank line of the file (1-based). Line breaks may be
    LF, CRLF or lone CR (a raw CR cannot occur inside a JSON value). A file starting with
    a UTF-16 byte-order mark, or whose first bytes are UTF-16 (``{\\x00"\\x00``), is
    decoded as UTF-16. A line that is not valid UTF-8 is decoded line by line as in
    :func:`astana_lib.reading.decoding.decode_mixed_lines`. Lone UTF-16 surrogate escapes
    (``"\\ud83d"``) in any string are replaced with U+FFFD. A truncated or corrupt gzip
    stream ends the file with an error row naming the last record read; a gzip checksum
    error (the data decompressed but is damaged somewhere) says which records are suspect.

Text field (:func:`coerce_text`)
    ``str`` as is; missing/blank → empty; a list (JSON array, Arrow list) of strings or
    numbers → its items joined with a blank line (``"\\n\\n"``), so each item is its own
    paragraph; ``bytes`` (a Parquet ``binary`` column) → decoded like a ``.txt`` file;
    a number → ``str()``; anything else (object, nested list, bool) → no text, error row.

Round field (:func:`parse_round`)
    An integer 1–22 (``5``, ``5.0``, ``"5"``); anything else (``99``, ``-1``, ``"5.7"``,
    ``"الخامسة"``) is a warning row and the round is inferred from the text instead.
"""

from __future__ import annotations

import gzip
import io
import json
import os
import zlib
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import numpy as np

from astana_lib.reading.decoding import LINE_REPAIRS, decode_bytes, decode_mixed_lines

__all__ = [
    "MAX_ROUND",
    "coerce_text",
    "display_path",
    "fix_surrogates",
    "iter_csv",
    "iter_jsonl",
    "parse_round",
]

#: Rounds are numbered 1..MAX_ROUND (the rounds table).
MAX_ROUND = 22
#: Separator put between the items of a list-valued text field (each item a paragraph).
LIST_SEPARATOR = "\n\n"

Problem = Callable[..., None]  # problem(message, severity, action, record=None)


def display_path(path: str | os.PathLike) -> str:
    """``str(path)`` that is valid UTF-8: undecodable bytes of a file name shown as ``\\xNN``.

    Examples
    --------
    >>> display_path(os.fsdecode(b"caf\\xe9.txt"))
    'caf\\\\xe9.txt'
    """
    return os.fsencode(path).decode("utf-8", "backslashreplace")


def _has_surrogate(s: str) -> bool:
    try:
        s.encode("utf-8")
    except UnicodeEncodeError:
        return True
    return False


def _fix_str(s: str) -> str:
    return s.encode("utf-16-le", "surrogatepass").decode("utf-16-le", "replace")


def fix_surrogates(value: Any) -> tuple[Any, bool]:
    """Replace lone surrogates in every string of a JSON value; (value, whether changed).

    Examples
    --------
    >>> fix_surrogates({"text": "نص \\ud83d", "n": 1})
    ({'text': 'نص �', 'n': 1}, True)
    """
    if isinstance(value, str):
        return (_fix_str(value), True) if _has_surrogate(value) else (value, False)
    if isinstance(value, dict):
        changed = False
        out = {}
        for k, v in value.items():
            k2, c1 = fix_surrogates(k)
            v2, c2 = fix_surrogates(v)
            out[k2] = v2
            changed = changed or c1 or c2
        return out, changed
    if isinstance(value, list):
        items = [fix_surrogates(v) for v in value]
        return [v for v, _ in items], any(c for _, c in items)
    return value, False


def _is_missing(v: Any) -> bool:
    return v is None or (isinstance(v, float) and v != v)


def coerce_text(value: Any) -> tuple[str | None, list[tuple[str, str, str]]]:
    """Text of a record's text field and the problems met: ``[(problem, severity, action)]``.

    ``None`` text means the record has no usable text (0 paragraphs). See the module
    docstring for the rules.

    Examples
    --------
    >>> coerce_text(["الفقرة الأولى", "الفقرة الثانية"])[0]
    'الفقرة الأولى\\n\\nالفقرة الثانية'
    >>> coerce_text("محادثات أستانا".encode())
    ('محادثات أستانا', [('text is bytes, not a string', 'warning', 'decoded as utf-8')])
    >>> coerce_text({"a": 1})[1][0][1]
    'error'
    """
    if isinstance(value, str):
        return value, []
    if _is_missing(value):
        return None, []
    if isinstance(value, bytes | bytearray | memoryview):
        dec = decode_bytes(bytes(value))
        probs = [(p.problem, p.severity, p.action) for p in dec.problems]
        if dec.text is None:
            return None, [
                *probs,
                ("text is bytes, not a string", "error", "record kept with 0 paragraphs"),
            ]
        return dec.text, [
            ("text is bytes, not a string", "warning", f"decoded as {dec.encoding}"),
            *probs,
        ]
    if isinstance(value, np.ndarray):
        value = value.tolist()
    if isinstance(value, list | tuple):
        items = [v for v in value if not _is_missing(v)]
        if all(
            isinstance(v, str) or (isinstance(v, int | float) and not isinstance(v, bool))
            for v in items
        ):
            text = LIST_SEPARATOR.join(str(v) for v in items)
            return text, [(
                f"text is a list of {len(value)} item(s), not a string", "warning",
                "items joined with a blank line between them (each item a paragraph)",
            )]  # fmt: skip
        kinds = sorted({type(v).__name__ for v in items if not isinstance(v, str)})
        return None, [(
            f"text is a list holding {', '.join(kinds)} values", "error",
            "record kept with 0 paragraphs",
        )]  # fmt: skip
    if isinstance(value, int | float) and not isinstance(value, bool):
        return str(value), [(
            f"text is a {type(value).__name__}, not a string", "warning", "converted with str()",
        )]  # fmt: skip
    name = "JSON object" if isinstance(value, dict) else type(value).__name__
    return None, [(f"text is a {name}, not a string", "error", "record kept with 0 paragraphs")]


def parse_round(value: Any) -> tuple[int | None, str | None]:
    """A round number from metadata, or ``(None, why)`` when it is not one.

    Examples
    --------
    >>> parse_round("5"), parse_round(5.0)
    ((5, None), (5, None))
    >>> parse_round(99)[1]
    'round 99 is not a round number (1-22)'
    >>> parse_round("الخامسة")[0] is None
    True
    """
    if _is_missing(value) or (isinstance(value, str) and not value.strip()):
        return None, None
    why = f"round {value!r} is not a round number (1-{MAX_ROUND})"
    if isinstance(value, bool):
        return None, why
    try:
        f = float(str(value).strip()) if not isinstance(value, int | float) else float(value)
    except (TypeError, ValueError):
        return None, why
    if f != f or abs(f) == float("inf") or f != int(f):
        return None, why
    r = int(f)
    if not 1 <= r <= MAX_ROUND:
        return None, why
    return r, None


# ----------------------------------------------------------------------------- JSON lines


def _utf16_codec(head: bytes) -> str | None:
    if head.startswith((b"\xff\xfe", b"\xfe\xff")) and not head.startswith(b"\xff\xfe\x00\x00"):
        return "utf-16"
    if len(head) >= 4 and head[1] == 0 and head[3] == 0 and head[0] and head[2]:
        return "utf-16-le"
    if len(head) >= 4 and head[0] == 0 and head[2] == 0 and head[1] and head[3]:
        return "utf-16-be"
    return None


def _raw_lines(fh, problem: Problem, report: bool) -> Iterator[bytes]:
    """Lines of a JSON-lines stream as UTF-8 bytes (LF, CRLF, CR; UTF-16 decoded).

    File-level warnings are given only when ``report`` (the part starting at record 0).
    """
    head = fh.peek(4)[:4] if hasattr(fh, "peek") else b""
    codec = _utf16_codec(head)
    if codec is not None:
        if report:
            problem(f"JSON lines in UTF-16 ({codec})", "warning", "decoded as UTF-16")
        text = io.TextIOWrapper(fh, encoding=codec, errors="replace", newline=None)
        for line in text:
            yield line.encode("utf-8", "surrogatepass")
        return
    warned_cr = False
    for raw in fh:
        body = raw.rstrip(b"\r\n")
        if b"\r" in body:
            if not warned_cr and report:
                warned_cr = True
                problem("lone CR line breaks in a JSON-lines file", "warning",
                        "treated as line breaks (a raw CR cannot occur inside a JSON value)")  # fmt: skip
            yield from body.split(b"\r")
        else:
            yield body


def iter_jsonl(
    path: str | Path,
    problem: Problem,
    *,
    start: int = 0,
    stop: int | None = None,
    parse: bool = True,
) -> Iterator[tuple[int, dict[str, Any] | None, bytes]]:
    """Yield ``(record number, record, line bytes)`` for records ``[start, stop)``.

    ``problem(message, severity, action, record=None)`` is called for every problem
    (see the module docstring); a record that is not a JSON object is reported and not
    yielded. With ``parse=False`` records are not decoded (``record`` is None): used to
    copy lines by record number.
    """
    p = Path(path)
    gz = p.name.lower().endswith(".gz")
    try:
        fh = gzip.open(p, "rb") if gz else open(p, "rb")  # noqa: SIM115
    except OSError as exc:
        problem(f"cannot open: {exc}", "error", "not read")
        return
    pos = -1
    first_damaged: int | None = None
    with fh:
        try:
            for raw in _raw_lines(fh, problem, start == 0):
                if not raw.strip():
                    continue
                pos += 1
                if pos < start:
                    continue
                if stop is not None and pos >= stop:
                    break
                rec_no = pos + 1
                if not parse:
                    yield rec_no, None, raw
                    continue
                try:
                    line = raw.decode("utf-8")
                except UnicodeDecodeError:
                    line, line_probs = decode_mixed_lines(raw)
                    first_damaged = first_damaged or rec_no
                    for lp in line_probs:
                        msg = f"record line {LINE_REPAIRS[lp.kind]}"
                        problem(msg, "warning", lp.action, record=rec_no)
                try:
                    rec = json.loads(line)
                except ValueError as exc:
                    first_damaged = first_damaged or rec_no
                    problem(f"invalid JSON: {exc}", "error", "record skipped", record=rec_no)
                    continue
                if not isinstance(rec, dict):
                    problem(f"record is a JSON {type(rec).__name__}, not an object", "error",
                            "record skipped", record=rec_no)  # fmt: skip
                    continue
                rec, changed = fix_surrogates(rec)
                if changed:
                    problem("lone UTF-16 surrogate escape(s) in the record", "warning",
                            "replaced with U+FFFD", record=rec_no)  # fmt: skip
                yield rec_no, rec, raw
        except (OSError, EOFError, zlib.error) as exc:
            n = pos + 1
            if "CRC" in str(exc) or "length" in str(exc).lower():
                where = f"first damaged record: {first_damaged}" if first_damaged else (
                    "no record shows where")  # fmt: skip
                problem(
                    f"gzip checksum error ({exc}): the file is damaged; records 1-{n} were "
                    f"read and any of them may be corrupt ({where})",
                    "error", "records kept; check them against another copy",
                )  # fmt: skip
            else:
                where = f"after record {n}" if n else "before the first record"
                problem(f"file truncated or corrupt {where}: {exc}", "error",
                        f"stopped reading the file; records 1-{n} were read")  # fmt: skip


# ----------------------------------------------------------------------------- CSV

_SEPARATORS = (",", ";", "\t", "|")


def iter_csv(
    path: str | Path,
    report: Problem,
    *,
    start: int = 0,
    stop: int | None = None,
    text_column: str = "text",
) -> Iterator[tuple[int, dict[str, Any]]]:
    """Yield ``(record number, record)`` of a CSV file for records ``[start, stop)``.

    A 0-byte file has no records (warning). A file that is not UTF-8 is decoded as a
    ``.txt`` file would be (reported). The separator is ``,`` unless the header names
    ``text_column`` only when split by ``;``, tab or ``|`` (reported). A header without
    ``text_column`` is an error row (records are kept, with 0 paragraphs). A row with more
    fields than the header is an error row and skipped; the other rows are read.
    """
    import pandas as pd

    problem = report
    p = Path(path)
    try:
        data = p.read_bytes()
    except OSError as exc:
        problem(f"cannot read: {exc}", "error", "not read")
        return
    if not data.strip():
        problem("empty file", "warning", "no records")
        return
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        dec = decode_bytes(data)
        for pr in dec.problems:
            problem(pr.problem, pr.severity, pr.action)
        if dec.text is None:
            return
        text = dec.text
    header = text.split("\n", 1)[0]
    sep = ","
    if start:  # file-level problems are reported by the part that starts the file

        def problem(*args: Any, **kwargs: Any) -> None:
            return None

    if text_column not in [h.strip().strip('"') for h in header.split(",")]:
        for cand in _SEPARATORS[1:]:
            if text_column in [h.strip().strip('"') for h in header.split(cand)]:
                sep = cand
                problem(f"CSV fields separated by {cand!r}", "warning", f"read with sep={cand!r}")
                break
        else:
            guess = max(_SEPARATORS, key=header.count)
            hint = f" (the header looks {guess!r}-separated)" if guess != "," else ""
            problem(
                f"no {text_column!r} column in the CSV header{hint}: {header[:80]!r}",
                "error",
                "records kept with 0 paragraphs",
            )
    try:
        n_header = len(header.split(sep))

        def bad_row(fields: list[str]) -> None:  # a row with more fields than the header
            problem(
                f"CSV row with {len(fields)} fields, the header has {n_header}: "
                f"{sep.join(fields)[:60]!r}",
                "error", "row skipped (its fields cannot be placed)",
            )  # fmt: skip

        # the python engine reports ragged rows one by one (the C engine stops the file)
        reader = pd.read_csv(
            io.StringIO(text), sep=sep, dtype=str, keep_default_na=False, na_values=[""],
            chunksize=2048, index_col=False, engine="python", on_bad_lines=bad_row,
        )  # fmt: skip
        pos = -1
        for chunk in reader:
            for rec in chunk.to_dict("records"):
                pos += 1
                if pos < start:
                    continue
                if stop is not None and pos >= stop:
                    return
                yield pos + 1, rec
    except (pd.errors.ParserError, pd.errors.EmptyDataError, ValueError) as exc:
        report(f"cannot read CSV: {exc}", "error", "stopped reading the file")
