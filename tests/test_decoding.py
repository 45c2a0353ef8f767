"""Bytes → text: encodings, line breaks, binary and HTML detection."""

from __future__ import annotations

import codecs
import gzip

import pytest

from astana_lib.decoding import decode_bytes, looks_like_html

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
