"""Bytes → text for scraped article files, with every decision reported.

:func:`decode_bytes` turns the raw bytes of one input file into text and a list of
:class:`DecodeProblem` entries that the reader copies into ``corpus.problems``:

1. empty input → ``"empty file"`` (warning; the article is kept with 0 paragraphs);
2. byte-order marks: UTF-8 (``utf-8-sig``), UTF-16 LE/BE, UTF-32 LE/BE; the BOM is dropped
   and reported;
3. known binary signatures (PDF, ZIP, GZIP, PNG, JPEG, GIF …) → ``"binary content"``
   (error; nothing decoded);
4. strict UTF-8;
5. BOM-less UTF-16 (LE or BE), recognised by decoding both ways and scoring how much of
   the result is plausible text (Arabic, Latin, digits, punctuation, white space);
6. NUL bytes or many control characters with no plausible decoding → binary (error);
7. mostly-UTF-8 bytes with a few invalid sequences → UTF-8 with U+FFFD replacement
   (warning, with the first line concerned);
8. otherwise Windows-1256 (legacy Arabic web pages; warning);
9. CRLF and lone CR line breaks are turned into LF (warning, with counts), so line
   numbers are the same whatever the platform the file was saved on;
10. HTML saved as ``.txt`` is detected and reported (warning); the text is kept as it is
    (tags included), markup-only lines later get role ``boilerplate``.

Nothing else is changed: NBSP, zero-width and bidi controls, tatweel and diacritics stay
in the text (the matching form ``norm`` drops them, see :mod:`astana_lib.normalize`).
"""

from __future__ import annotations

import codecs
import re
from dataclasses import dataclass, field

__all__ = ["DecodeProblem", "Decoded", "decode_bytes", "looks_like_html"]

_BINARY_MAGIC: tuple[tuple[bytes, str], ...] = (
    (b"%PDF-", "PDF"),
    (b"PK\x03\x04", "ZIP/Office"),
    (b"\x1f\x8b", "gzip"),
    (b"\x89PNG", "PNG"),
    (b"\xff\xd8\xff", "JPEG"),
    (b"GIF8", "GIF"),
    (b"\x7fELF", "ELF executable"),
    (b"BZh", "bzip2"),
    (b"\xfd7zXZ", "xz"),
    (b"7z\xbc\xaf", "7-zip"),
    (b"\xd0\xcf\x11\xe0", "OLE (old Office)"),
    (b"SQLite format 3", "SQLite"),
    (b"PAR1", "Parquet"),
)

_BOMS: tuple[tuple[bytes, str, str], ...] = (
    # longest first: the UTF-32 LE BOM starts with the UTF-16 LE one
    (codecs.BOM_UTF32_LE, "utf-32-le", "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32-be", "utf-32"),
    (codecs.BOM_UTF8, "utf-8", "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16-le", "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16-be", "utf-16"),
)

_HTML_STRONG_RE = re.compile(r"<!doctype\s+html|<html[\s>]|<body[\s>]|<head[\s>]", re.IGNORECASE)
_HTML_TAG_RE = re.compile(
    r"</?(?:p|div|span|a|br|img|script|style|meta|link|ul|li|table|tr|td|h[1-6]|strong|em)\b[^>]*>",
    re.IGNORECASE,
)
_CONTROL_BYTES = bytes(b for b in range(32) if b not in (9, 10, 12, 13)) + b"\x7f"
_SAMPLE = 65536


@dataclass(frozen=True)
class DecodeProblem:
    """One finding of :func:`decode_bytes` (a future row of ``corpus.problems``)."""

    problem: str
    severity: str  # "warning" or "error"
    action: str
    line: int | None = None


@dataclass(frozen=True)
class Decoded:
    """Result of :func:`decode_bytes`: ``text`` is None when nothing could be decoded."""

    text: str | None
    encoding: str | None
    problems: tuple[DecodeProblem, ...] = field(default_factory=tuple)

    @property
    def ok(self) -> bool:
        """Whether text was produced (possibly with warnings)."""
        return self.text is not None


def _plausible_share(text: str) -> float:
    """Share of characters that are ordinary text (Arabic, Latin, digits, punctuation, space)."""
    if not text:
        return 0.0
    good = 0
    for ch in text[:_SAMPLE]:
        o = ord(ch)
        if (
            32 <= o < 127
            or ch in "\n\r\t\f"
            or 0x00A0 <= o <= 0x024F
            or 0x0600 <= o <= 0x06FF
            or 0x0750 <= o <= 0x077F
            or 0x08A0 <= o <= 0x08FF
            or 0x2000 <= o <= 0x206F
            or 0xFB50 <= o <= 0xFDFF
            or 0xFE70 <= o <= 0xFEFF
        ):
            good += 1
    return good / min(len(text), _SAMPLE)


def _arabic_share(text: str) -> float:
    """Share of Arabic letters among all letters of ``text`` (0 when no letters)."""
    letters = arabic = 0
    for ch in text[:_SAMPLE]:
        if ch.isalpha():
            letters += 1
            if "\u0600" <= ch <= "\u06ff" or "\ufb50" <= ch <= "\ufeff":
                arabic += 1
    return arabic / letters if letters else 0.0


def looks_like_html(text: str) -> bool:
    """Whether decoded text is an HTML page rather than plain text.

    True when it has a document-level tag (``<html>``, ``<body>``, ``<!DOCTYPE html>``),
    or at least 5 common tags that make up a noticeable share of the lines.

    Examples
    --------
    >>> looks_like_html("<html><body><p>نص</p></body></html>")
    True
    >>> looks_like_html("قال الوزير إن 3 < 5")
    False
    """
    if "<" not in text:
        return False
    sample = text[:_SAMPLE]
    if _HTML_STRONG_RE.search(sample):
        return True
    n_tags = len(_HTML_TAG_RE.findall(sample))
    n_lines = sample.count("\n") + 1
    return n_tags >= 5 and n_tags >= 0.2 * n_lines


def _line_of(text: str, pos: int) -> int:
    return text.count("\n", 0, pos) + 1


def _finish(text: str, encoding: str, problems: list[DecodeProblem]) -> Decoded:
    """Normalise line breaks and detect HTML; common tail of every successful decode."""
    if "\r" in text:
        n_crlf = text.count("\r\n")
        n_cr = text.count("\r") - n_crlf
        text = text.replace("\r\n", "\n").replace("\r", "\n")
        parts = []
        if n_crlf:
            parts.append(f"{n_crlf} CRLF")
        if n_cr:
            parts.append(f"{n_cr} lone CR")
        problems.append(
            DecodeProblem(
                f"line breaks {' and '.join(parts)}",
                "warning",
                "converted to LF; line numbers count the converted lines",
            )
        )
    if looks_like_html(text):
        problems.append(
            DecodeProblem(
                "HTML markup in a text file",
                "warning",
                "kept every line as it is (tags included); markup-only lines get role "
                "'boilerplate' (rule html_markup)",
            )
        )
    if "\x00" in text:
        problems.append(
            DecodeProblem(
                f"{text.count(chr(0))} NUL character(s) in the text",
                "warning",
                "kept as they are",
                _line_of(text, text.index("\x00")),
            )
        )
    return Decoded(text, encoding, tuple(problems))


def _try_utf16(data: bytes) -> tuple[str, str] | None:
    """Decode BOM-less UTF-16 when one byte order gives clearly plausible text."""
    if len(data) < 4 or len(data) % 2:
        return None
    best: tuple[float, str, str] | None = None
    for enc in ("utf-16-le", "utf-16-be"):
        try:
            text = data.decode(enc)
        except UnicodeDecodeError:
            continue
        score = _plausible_share(text)
        if best is None or score > best[0]:
            best = (score, enc, text)
    if best is None or best[0] < 0.95:
        return None
    return best[2], best[1]


def decode_bytes(data: bytes) -> Decoded:
    """Decode the bytes of one input file, reporting every non-trivial decision.

    Parameters
    ----------
    data : bytes
        The raw file content.

    Returns
    -------
    Decoded
        ``text`` (LF line breaks, otherwise unchanged; None when the content is binary),
        ``encoding`` used (``utf-8``, ``utf-8-sig``, ``utf-16``, ``utf-16-le``,
        ``utf-16-be``, ``utf-32``, ``cp1256``; None when nothing was decoded) and
        ``problems`` (empty for a clean UTF-8 file with LF line breaks).

    Examples
    --------
    >>> d = decode_bytes("أستانا\\r\\nسوريا".encode("utf-8-sig"))
    >>> d.text, d.encoding
    ('أستانا\\nسوريا', 'utf-8-sig')
    >>> [p.problem for p in d.problems]
    ['UTF-8 byte-order mark', 'line breaks 1 CRLF']
    >>> decode_bytes("محادثات أستانا".encode("cp1256")).encoding
    'cp1256'
    >>> decode_bytes("محادثات أستانا".encode("utf-16-le")).encoding
    'utf-16-le'
    >>> d = decode_bytes(b"%PDF-1.4 ...")
    >>> d.text is None, d.problems[0].severity
    (True, 'error')
    """
    if not isinstance(data, bytes | bytearray | memoryview):
        raise TypeError(f"decode_bytes expects bytes, got {type(data).__name__}")
    data = bytes(data)
    problems: list[DecodeProblem] = []
    if not data:
        return Decoded(
            "",
            None,
            (DecodeProblem("empty file", "warning", "article kept with 0 paragraphs"),),
        )

    for bom, codec, name in _BOMS:
        if data.startswith(bom):
            body = data[len(bom) :]
            label = {"utf-8-sig": "UTF-8", "utf-16": "UTF-16", "utf-32": "UTF-32"}[name]
            problems.append(DecodeProblem(f"{label} byte-order mark", "warning", "BOM removed"))
            text = body.decode(codec, errors="replace")
            if "\ufffd" in text and "\ufffd" not in body.decode(codec, errors="ignore"):
                problems.append(
                    DecodeProblem(
                        f"invalid {label} sequences",
                        "warning",
                        "replaced with U+FFFD",
                        _line_of(text, text.index("\ufffd")),
                    )
                )
            return _finish(text, name, problems)

    head = data[:16]
    for magic, kind in _BINARY_MAGIC:
        if head.startswith(magic):
            return Decoded(
                None,
                None,
                (DecodeProblem(f"binary content ({kind} file)", "error", "not read"),),
            )

    sample = data[:_SAMPLE]
    n_nul = sample.count(0)
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        text = None
    n_ctrl = sum(sample.count(b) for b in _CONTROL_BYTES)
    if text is not None and n_nul == 0 and n_ctrl <= 0.05 * len(sample):
        return _finish(text, "utf-8", problems)

    utf16 = _try_utf16(data)
    if utf16 is not None:
        text16, enc = utf16
        problems.append(
            DecodeProblem(f"decoded as {enc} (no byte-order mark)", "warning", "read as text")
        )
        return _finish(text16, enc, problems)

    if n_nul > 0.01 * len(sample) or n_ctrl > 0.05 * len(sample):
        return Decoded(
            None,
            None,
            (DecodeProblem("binary content (NUL/control bytes)", "error", "not read"),),
        )
    if text is not None:  # valid UTF-8 with a few NULs
        return _finish(text, "utf-8", problems)

    replaced = data.decode("utf-8", errors="replace")
    n_bad = replaced.count("\ufffd")
    n_multi = sum(1 for ch in replaced[:_SAMPLE] if ord(ch) > 127 and ch != "\ufffd")
    if n_multi and n_bad <= 0.01 * n_multi:
        problems.append(
            DecodeProblem(
                f"{n_bad} invalid UTF-8 sequence(s)",
                "warning",
                "decoded as UTF-8, invalid bytes replaced with U+FFFD",
                _line_of(replaced, replaced.index("\ufffd")),
            )
        )
        return _finish(replaced, "utf-8", problems)

    text1256 = data.decode("cp1256", errors="replace")
    if _arabic_share(text1256) >= 0.3:
        problems.append(
            DecodeProblem(
                "not UTF-8: decoded as cp1256 (Windows Arabic)", "warning", "read as text"
            )
        )
    else:
        problems.append(
            DecodeProblem(
                "not UTF-8 and no Arabic letters as cp1256: encoding uncertain",
                "warning",
                "decoded as cp1256; check the text",
            )
        )
    return _finish(text1256, "cp1256", problems)
