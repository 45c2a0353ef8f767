"""What bytes and decoded text look like: binary signatures, plausible text, UTF-16, HTML.

The tests :func:`astana_lib.reading.decoding.decode_bytes` asks before it decides how to
decode a file: a known binary signature, plausible-text and Arabic shares, BOM-less UTF-16,
valid UTF-8 lines with non-ASCII characters, and HTML saved as text.
"""

from __future__ import annotations

import re

__all__ = ["looks_like_html"]

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

_HTML_STRONG_RE = re.compile(r"<!doctype\s+html|<html[\s>]|<body[\s>]|<head[\s>]", re.IGNORECASE)
_HTML_TAG_RE = re.compile(
    r"</?(?:p|div|span|a|br|img|script|style|meta|link|ul|li|table|tr|td|h[1-6]|strong|em)\b[^>]*>",
    re.IGNORECASE,
)
_CONTROL_BYTES = bytes(b for b in range(32) if b not in (9, 10, 12, 13)) + b"\x7f"
_SAMPLE = 65536
_EOL_RE = re.compile(rb"(\r\n|\r|\n)")


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


def _is_text_like(sample: bytes) -> bool:
    """No NUL and few control bytes (UTF-8 or cp1256 text, not UTF-16 or binary)."""
    n_ctrl = sum(sample.count(b) for b in _CONTROL_BYTES)
    return b"\x00" not in sample and n_ctrl <= 0.05 * len(sample)


def _mostly_valid_utf8(sample: bytes) -> bool:
    """Whether ``sample`` (possibly cut inside a character) is UTF-8 without control bytes."""
    try:
        sample.decode("utf-8")
    except UnicodeDecodeError as exc:
        if exc.start < len(sample) - 3:
            return False
    return not any(b in _CONTROL_BYTES for b in sample) and b"\x00" not in sample


_UTF8_MULTIBYTE_RE = re.compile(
    rb"[\xc2-\xdf][\x80-\xbf]|[\xe0-\xef][\x80-\xbf]{2}|[\xf0-\xf4][\x80-\xbf]{3}"
)


def _has_utf8_multibyte(data: bytes) -> bool:
    """Whether some line of ``data`` is valid UTF-8 with non-ASCII characters.

    A cp1256 file almost never has such a line (Arabic letters in cp1256 are bytes
    0xc1–0xfe in a row, not lead byte + continuation bytes), so a file with one is a
    UTF-8 file with some bad lines, decided line by line.
    """
    if not _UTF8_MULTIBYTE_RE.search(data):
        return False
    for line in _EOL_RE.split(data)[::2]:
        if line.isascii():
            continue
        try:
            line.decode("utf-8")
            return True
        except UnicodeDecodeError:
            continue
    return False
