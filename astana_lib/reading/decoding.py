"""Bytes → text for scraped article files, with every decision reported.

:func:`decode_bytes` turns the raw bytes of one input file into text and a list of
:class:`DecodeProblem` entries that the reader copies into ``corpus.problems``:

1. empty input → ``"empty file"`` (warning; the article is kept with 0 paragraphs);
2. byte-order marks: UTF-8 (``utf-8-sig``), UTF-16 LE/BE, UTF-32 LE/BE; the BOM is dropped
   and reported;
3. trailing NUL padding (as left by some downloaders) is dropped and reported (warning);
4. known binary signatures (PDF, ZIP, GZIP, PNG, JPEG, GIF …) → ``"binary content"``
   (error; nothing decoded) — unless the bytes are plain UTF-8 text without control
   characters (a text that happens to start with ``GIF8``, ``BZh`` or ``PAR1``);
5. strict UTF-8;
6. BOM-less UTF-16 (LE or BE), recognised by decoding both ways and scoring how much of
   the result is plausible text (Arabic, Latin, digits, punctuation, white space); an odd
   final byte (a truncated file) is reported and left out;
7. NUL bytes or many control characters with no plausible decoding → binary (error);
8. a mix of valid UTF-8 lines and lines that are not (stray bytes, CESU-8 surrogates,
   a line in Windows-1256) is decided **line by line** (:func:`decode_mixed_lines`):
   valid UTF-8 lines are never changed; a line whose non-ASCII bytes are mostly invalid
   UTF-8 and read as Arabic in cp1256 is decoded as cp1256; CESU-8 surrogate pairs are
   joined into the character they encode; other invalid bytes become U+FFFD. Each kind
   of repair is one warning listing the lines (and bytes) concerned;
9. otherwise (no line is non-ASCII UTF-8) Windows-1256 (legacy Arabic pages; warning);
10. CRLF and lone CR line breaks are turned into LF (warning, with counts), so line
    numbers are the same whatever the platform the file was saved on;
11. HTML saved as ``.txt`` is detected and reported (warning); the text is kept as it is
    (tags included), markup-only lines later get role ``boilerplate``.

Nothing else is changed: NBSP, zero-width and bidi controls, tatweel and diacritics stay
in the text (the matching form ``norm`` drops them, see :mod:`astana_lib.text.normalize`).
"""

from __future__ import annotations

import codecs
import re
from dataclasses import dataclass, field

from astana_lib.reading.sniff import (
    _BINARY_MAGIC,
    _CONTROL_BYTES,
    _EOL_RE,
    _SAMPLE,
    _arabic_share,
    _has_utf8_multibyte,
    _is_text_like,
    _mostly_valid_utf8,
    _try_utf16,
    looks_like_html,
)

__all__ = ["DecodeProblem", "Decoded", "decode_bytes", "decode_mixed_lines", "looks_like_html"]

_BOMS: tuple[tuple[bytes, str, str], ...] = (
    # longest first: the UTF-32 LE BOM starts with the UTF-16 LE one
    (codecs.BOM_UTF32_LE, "utf-32-le", "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32-be", "utf-32"),
    (codecs.BOM_UTF8, "utf-8", "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16-le", "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16-be", "utf-16"),
)


@dataclass(frozen=True)
class DecodeProblem:
    """One finding of :func:`decode_bytes` (a future row of ``corpus.problems``)."""

    problem: str
    severity: str  # "warning" or "error"
    action: str
    line: int | None = None
    #: what was found, independent of the wording (``"empty"``, ``"bom"``,
    #: ``"cp1256_lines"`` …): code tests this, never the text of ``problem``
    kind: str = ""


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
                kind="line_breaks",
            )
        )
    if looks_like_html(text):
        problems.append(
            DecodeProblem(
                "HTML markup in a text file",
                "warning",
                "kept every line as it is (tags included); markup-only lines get role "
                "'boilerplate' (rule html_markup)",
                kind="html",
            )
        )
    if "\x00" in text:
        problems.append(
            DecodeProblem(
                f"{text.count(chr(0))} NUL character(s) in the text",
                "warning",
                "kept as they are",
                _line_of(text, text.index("\x00")),
                kind="nul_characters",
            )
        )
    return Decoded(text, encoding, tuple(problems))


#: Repairs of single lines by :func:`decode_mixed_lines` (kind -> what the lines were).
LINE_REPAIRS = {
    "cp1256_lines": "not UTF-8, decoded as cp1256",
    "cesu8_lines": "with CESU-8 surrogate pairs",
    "invalid_utf8_lines": "with invalid UTF-8 bytes",
}
#: A line is re-read as cp1256 when more than this share of its non-ASCII bytes is
#: invalid UTF-8 (a cp1256 Arabic line is almost all invalid; a UTF-8 line with a stray
#: byte almost all valid).
MIXED_CP1256_SHARE = 0.5
_MAX_LISTED = 20
_ESCAPED_RE = re.compile("[\udc80-\udcff]")
_HIGH_BYTES = bytes(range(0x80, 0x100))


def _join_surrogates(text: str) -> str:
    """Join UTF-16 surrogate pairs into the characters they encode; lone ones → U+FFFD."""
    return text.encode("utf-16-le", "surrogatepass").decode("utf-16-le", "replace")


def decode_mixed_lines(data: bytes) -> tuple[str, list[DecodeProblem]]:
    """Decode bytes that are mostly UTF-8 line by line, repairing only the bad lines.

    Valid UTF-8 lines are kept exactly. A line with invalid bytes is

    * ``cp1256`` when most of its non-ASCII bytes are invalid UTF-8 and it reads as
      Arabic in Windows-1256 (a line pasted from a legacy page);
    * ``cesu-8`` when its only invalid sequences are UTF-16 surrogates encoded as UTF-8
      (``\\xed\\xa0\\xbd…``, as Java and MySQL write emoji): each pair is joined into
      the character it encodes;
    * otherwise UTF-8 with each invalid byte replaced by U+FFFD.

    Returns the text and one warning per kind of repair, listing the lines (1-based)
    and, for U+FFFD, the bytes replaced.

    Examples
    --------
    >>> good = "محادثات أستانا".encode()
    >>> text, probs = decode_mixed_lines(good + b"\\n" + "جولة".encode("cp1256") + b"\\n" + good)
    >>> text.splitlines() == ["محادثات أستانا", "جولة", "محادثات أستانا"]
    True
    >>> [(p.problem, p.line) for p in probs]
    [('1 line(s) not UTF-8, decoded as cp1256: line 2', 2)]
    >>> text, probs = decode_mixed_lines(good + b" \\x96 " + good)
    >>> "\\ufffd" in text, probs[0].action
    (True, 'invalid bytes replaced with U+FFFD (bytes: 0x96)')
    """
    parts = _EOL_RE.split(data)  # line, break, line, break, …, line
    lines, breaks = parts[::2], [b.decode("ascii") for b in parts[1::2]]
    out: list[str] = []
    fixed: dict[str, list[int]] = {"cp1256": [], "cesu-8": [], "replace": []}
    bad_bytes: dict[int, None] = {}
    for no, line in enumerate(lines, start=1):
        try:
            out.append(line.decode("utf-8"))
            continue
        except UnicodeDecodeError:
            pass
        try:
            text = line.decode("utf-8", "surrogatepass")
        except UnicodeDecodeError:
            text = None
        if text is not None:
            out.append(_join_surrogates(text))
            fixed["cesu-8"].append(no)
            continue
        escaped = line.decode("utf-8", "surrogateescape")  # bad byte b -> U+DC00 + b
        bad = _ESCAPED_RE.findall(escaped)
        n_high = len(line) - len(line.translate(None, _HIGH_BYTES))
        as1256 = line.decode("cp1256", "replace")
        if len(bad) > MIXED_CP1256_SHARE * n_high and _arabic_share(as1256) >= 0.3:
            out.append(as1256)
            fixed["cp1256"].append(no)
            continue
        out.append(_ESCAPED_RE.sub("\ufffd", escaped))
        fixed["replace"].append(no)
        for ch in bad:
            bad_bytes.setdefault(ord(ch) - 0xDC00, None)
    problems: list[DecodeProblem] = []

    def listed(nos: list[int]) -> str:
        s = ", ".join(map(str, nos[:_MAX_LISTED]))
        return (
            ("line " if len(nos) == 1 else "lines ") + s + (" …" if len(nos) > _MAX_LISTED else "")
        )

    if fixed["cp1256"]:
        nos = fixed["cp1256"]
        problems.append(
            DecodeProblem(
                f"{len(nos)} line(s) {LINE_REPAIRS['cp1256_lines']}: {listed(nos)}",
                "warning",
                "only these lines decoded as Windows-1256; the other lines are UTF-8",
                nos[0],
                kind="cp1256_lines",
            )
        )
    if fixed["cesu-8"]:
        nos = fixed["cesu-8"]
        problems.append(
            DecodeProblem(
                f"{len(nos)} line(s) {LINE_REPAIRS['cesu8_lines']}: {listed(nos)}",
                "warning",
                "surrogate pairs joined into the characters they encode",
                nos[0],
                kind="cesu8_lines",
            )
        )
    if fixed["replace"]:
        nos = fixed["replace"]
        shown = " ".join(f"0x{b:02x}" for b in list(bad_bytes)[:10])
        problems.append(
            DecodeProblem(
                f"{len(nos)} line(s) {LINE_REPAIRS['invalid_utf8_lines']}: {listed(nos)}",
                "warning",
                f"invalid bytes replaced with U+FFFD (bytes: {shown})",
                nos[0],
                kind="invalid_utf8_lines",
            )
        )
    text = "".join(x for pair in zip(out, [*breaks, ""], strict=True) for x in pair)
    return text, problems


def _decode_bom(data: bytes) -> Decoded | None:
    """Decode a file that starts with a byte-order mark (None when it does not)."""
    problems: list[DecodeProblem] = []
    for bom, codec, name in _BOMS:
        if data.startswith(bom):
            body = data[len(bom) :]
            label = {"utf-8-sig": "UTF-8", "utf-16": "UTF-16", "utf-32": "UTF-32"}[name]
            problems.append(
                DecodeProblem(f"{label} byte-order mark", "warning", "BOM removed", kind="bom")
            )
            text = body.decode(codec, errors="replace")
            if "\ufffd" in text and "\ufffd" not in body.decode(codec, errors="ignore"):
                problems.append(
                    DecodeProblem(
                        f"invalid {label} sequences",
                        "warning",
                        "replaced with U+FFFD",
                        _line_of(text, text.index("\ufffd")),
                        kind="invalid_sequences",
                    )
                )
            return _finish(text, name, problems)
    return None


def _decode_not_utf8(data: bytes, problems: list[DecodeProblem]) -> Decoded:
    """Text that is not UTF-8 as a whole: decided line by line when some lines are UTF-8
    with non-ASCII characters, else Windows-1256."""
    if _has_utf8_multibyte(data):
        mixed, line_problems = decode_mixed_lines(data)
        problems.extend(line_problems)
        return _finish(mixed, "utf-8", problems)

    text1256 = data.decode("cp1256", errors="replace")
    if _arabic_share(text1256) >= 0.3:
        problems.append(
            DecodeProblem(
                "not UTF-8: decoded as cp1256 (Windows Arabic)",
                "warning",
                "read as text",
                kind="cp1256",
            )
        )
    else:
        problems.append(
            DecodeProblem(
                "not UTF-8 and no Arabic letters as cp1256: encoding uncertain",
                "warning",
                "decoded as cp1256; check the text",
                kind="cp1256_uncertain",
            )
        )
    return _finish(text1256, "cp1256", problems)


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
    >>> d = decode_bytes(b"%PDF-1.4\\n%\\xe2\\xe3\\xcf\\xd3\\n1 0 obj")
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
            (
                DecodeProblem(
                    "empty file", "warning", "article kept with 0 paragraphs", kind="empty"
                ),
            ),
        )

    with_bom = _decode_bom(data)
    if with_bom is not None:
        return with_bom

    stripped = data.rstrip(b"\x00")
    if len(stripped) < len(data) and stripped and _is_text_like(stripped[:_SAMPLE]):
        problems.append(
            DecodeProblem(
                f"{len(data) - len(stripped)} trailing NUL byte(s) (padding)",
                "warning",
                "dropped; the text before them is read",
                kind="nul_padding",
            )
        )
        data = stripped

    head = data[:16]
    for magic, kind in _BINARY_MAGIC:
        if head.startswith(magic) and not _mostly_valid_utf8(data[:_SAMPLE]):
            return Decoded(
                None,
                None,
                (
                    DecodeProblem(
                        f"binary content ({kind} file)", "error", "not read", kind="binary"
                    ),
                ),
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
    if utf16 is None and len(data) % 2 and len(data) >= 5:
        utf16 = _try_utf16(data[:-1])
        if utf16 is not None:
            problems.append(
                DecodeProblem(
                    f"odd number of bytes for UTF-16: last byte 0x{data[-1]:02x} incomplete",
                    "warning",
                    "last byte left out (file truncated?)",
                    kind="utf16_odd_length",
                )
            )
    if utf16 is not None:
        text16, enc = utf16
        problems.append(
            DecodeProblem(
                f"decoded as {enc} (no byte-order mark)", "warning", "read as text", kind="utf16"
            )
        )
        return _finish(text16, enc, problems)

    if n_nul > 0.01 * len(sample) or n_ctrl > 0.05 * len(sample):
        return Decoded(
            None,
            None,
            (
                DecodeProblem(
                    "binary content (NUL/control bytes)", "error", "not read", kind="binary"
                ),
            ),
        )
    if text is not None:  # valid UTF-8 with a few NULs
        return _finish(text, "utf-8", problems)

    return _decode_not_utf8(data, problems)
