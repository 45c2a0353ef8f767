"""Bytes → text: encodings, line breaks, binary and HTML detection."""

from __future__ import annotations

import codecs
import gzip

import pytest

from astana_lib.reading.decoding import decode_bytes, looks_like_html

TEXT = "قال لافرنتييف إن محادثات أستانا 5 ستستمر.\nوأضاف: «الجولة المقبلة في آب»."


def _problems(d):
    return [p.problem for p in d.problems]


def test_plain_utf8_is_clean():
    d = decode_bytes(TEXT.encode("utf-8"))
    assert (d.text, d.encoding, d.problems) == (TEXT, "utf-8", ())


@pytest.mark.parametrize(
    ("data", "encoding"),
    [
        (codecs.BOM_UTF8 + TEXT.encode("utf-8"), "utf-8-sig"),
        (codecs.BOM_UTF16_LE + TEXT.encode("utf-16-le"), "utf-16"),
        (codecs.BOM_UTF16_BE + TEXT.encode("utf-16-be"), "utf-16"),
        (codecs.BOM_UTF32_LE + TEXT.encode("utf-32-le"), "utf-32"),
        (TEXT.encode("utf-16-le"), "utf-16-le"),
        (TEXT.encode("utf-16-be"), "utf-16-be"),
        (TEXT.encode("cp1256"), "cp1256"),
    ],
)
def test_encodings_decode_to_the_same_text_and_are_reported(data, encoding):
    d = decode_bytes(data)
    assert d.text == TEXT
    assert d.encoding == encoding
    assert len(d.problems) == 1 and d.problems[0].severity == "warning"


def test_arabic_only_utf16_without_ascii_is_detected():
    s = "محادثاتأستانا"  # no ASCII character, so no NUL byte at all
    assert decode_bytes(s.encode("utf-16-le")).text == s


def test_crlf_and_cr_become_lf_and_are_counted():
    d = decode_bytes("أ\r\nب\rج\nد".encode())
    assert d.text == "أ\nب\nج\nد"
    assert _problems(d) == ["line breaks 1 CRLF and 1 lone CR"]


def test_invisible_characters_are_kept():
    s = "أستانا\u00a0٥\u200f\u061c ـــ مُفاوَضات"
    d = decode_bytes(s.encode("utf-8"))
    assert d.text == s and d.problems == ()


def test_empty_file():
    d = decode_bytes(b"")
    assert d.text == "" and _problems(d) == ["empty file"] and d.problems[0].severity == "warning"


@pytest.mark.parametrize(
    "data",
    [
        b"%PDF-1.7\n" + bytes(range(256)) * 4,
        gzip.compress(TEXT.encode("utf-8")),
        b"\x89PNG\r\n\x1a\n" + bytes(200),
        bytes(range(256)) * 8,
        b"\x00\x01\x02\x03" * 500,
    ],
)
def test_binary_content_is_an_error_and_not_decoded(data):
    d = decode_bytes(data)
    assert d.text is None and d.encoding is None
    assert d.problems[0].severity == "error" and "binary" in d.problems[0].problem


def test_a_few_bad_bytes_in_utf8_are_replaced_not_cp1256():
    data = TEXT.encode("utf-8") + b"\n" + "سطر".encode() + b"\xff\n" + TEXT.encode("utf-8")
    d = decode_bytes(data)
    assert d.encoding == "utf-8" and "\ufffd" in d.text
    assert d.text.startswith(TEXT)
    assert d.problems[0].line == 3


def test_html_saved_as_txt_is_flagged_and_kept():
    html = "<!DOCTYPE html>\n<html><body>\n<p>محادثات أستانا</p>\n</body></html>"
    d = decode_bytes(html.encode("utf-8"))
    assert d.text == html
    assert any("HTML" in p for p in _problems(d))
    assert not looks_like_html("قال إن 3 < 5 وإن 7 > 2")


def test_huge_single_line_decodes():
    s = ("أستانا سوريا " * 400_000).strip()  # ~5 MB in UTF-8
    d = decode_bytes(s.encode("utf-8"))
    assert d.text == s and d.problems == ()


def test_type_error_for_str():
    with pytest.raises(TypeError):
        decode_bytes("نص")  # type: ignore[arg-type]


# --- issue 13: mixed encodings, NUL padding, binary-looking text starts


GOOD_LINES = ["محادثات أستانا حول سوريا", "قال الوفد الروسي – إن الجولة المقبلة", "نص ثالث"]


def _good_bytes() -> list[bytes]:
    return [ln.encode("utf-8") for ln in GOOD_LINES]


def test_mixed_utf8_with_three_stray_0x96_bytes_keeps_valid_lines():
    lines = _good_bytes()
    lines.insert(1, "سطر فيه ".encode() + b"\x96" + " شرطة".encode())
    lines.append(b"\x96 \x96")
    d = decode_bytes(b"\n".join(lines))
    out = d.text.split("\n")
    assert out[0] == GOOD_LINES[0] and out[2:4] == GOOD_LINES[1:]
    assert out[1] == "سطر فيه \ufffd شرطة" and out[4] == "\ufffd \ufffd"
    (p,) = [p for p in d.problems if "invalid UTF-8" in p.problem]
    assert p.line == 2 and "lines 2, 5" in p.problem and "0x96" in p.action
    assert d.encoding == "utf-8"


def test_mixed_utf8_with_one_cesu8_emoji_is_joined():
    cesu = "😀".encode("utf-16-be")  # D8 3D DE 00 -> encode each surrogate as UTF-8
    hi, lo = chr(int.from_bytes(cesu[:2], "big")), chr(int.from_bytes(cesu[2:], "big"))
    emoji_line = "تهنئة ".encode() + (hi + lo).encode("utf-8", "surrogatepass")
    d = decode_bytes(b"\n".join([*_good_bytes(), emoji_line]))
    assert d.text.split("\n") == [*GOOD_LINES, "تهنئة 😀"]
    (p,) = [p for p in d.problems if "CESU-8" in p.problem]
    assert p.line == 4


def test_mixed_utf8_with_one_cp1256_line_decodes_only_that_line():
    legacy = "بيان وزارة الخارجية الكازاخستانية"
    data = b"\n".join([*_good_bytes()[:2], legacy.encode("cp1256"), _good_bytes()[2]])
    d = decode_bytes(data)
    assert d.text.split("\n") == [*GOOD_LINES[:2], legacy, GOOD_LINES[2]]
    assert d.encoding == "utf-8"
    (p,) = [p for p in d.problems if "cp1256" in p.problem]
    assert p.line == 3 and "line 3" in p.problem


def test_whole_cp1256_file_is_still_cp1256():
    d = decode_bytes("\n".join(GOOD_LINES).encode("cp1256", errors="replace"))
    assert d.encoding == "cp1256" and d.text.split("\n")[0] == GOOD_LINES[0]


@pytest.mark.parametrize("n_nul", [8, 4096])
def test_valid_utf8_with_trailing_nul_padding_is_text(n_nul):
    text = "\n".join(GOOD_LINES)
    d = decode_bytes(text.encode() + b"\x00" * n_nul)
    assert d.text == text
    assert d.problems[0].problem == f"{n_nul} trailing NUL byte(s) (padding)"


@pytest.mark.parametrize("start", ["GIF8", "BZh", "PAR1", "PAR1 ", "BZh9"])
def test_text_starting_with_binary_magic_is_text(start):
    text = f"{start} محادثات أستانا\nسطر ثان"
    d = decode_bytes(text.encode())
    assert d.text == text and d.encoding == "utf-8" and d.problems == ()


@pytest.mark.parametrize("enc", ["utf-16-le", "utf-16-be"])
def test_odd_length_bomless_utf16_is_text_not_binary(enc):
    text = "\n".join(GOOD_LINES) + " Astana."
    d = decode_bytes(text.encode(enc)[:-1])
    assert d.encoding == enc
    assert d.text == text[:-1]
    assert any("odd number of bytes" in p.problem for p in d.problems)


@pytest.mark.parametrize("eol", ["\r", "\r\n"])
def test_mixed_lines_with_cr_line_breaks_are_decided_per_line(eol):
    data = eol.join(GOOD_LINES[:2]).encode() + eol.encode() + "سطر قديم".encode("cp1256")
    d = decode_bytes(data)
    assert d.text.split("\n") == [*GOOD_LINES[:2], "سطر قديم"]
    assert any(p.line == 3 and "cp1256" in p.problem for p in d.problems)
    assert any(p.problem.startswith("line breaks 2") for p in d.problems)  # breaks kept
