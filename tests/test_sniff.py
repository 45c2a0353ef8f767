"""What bytes and text look like (reading/sniff.py): the tests decode_bytes asks first."""

from __future__ import annotations

import pytest

from astana_lib.reading.sniff import (
    _arabic_share,
    _has_utf8_multibyte,
    _mostly_valid_utf8,
    _try_utf16,
    looks_like_html,
)

TEXT = "محادثات أستانا حول سوريا"


@pytest.mark.parametrize(
    ("text", "html"),
    [
        ("<!DOCTYPE html><p>نص</p>", True),
        ("<p>أ</p>\n<p>ب</p>\n<div>ج</div>\n<span>د</span>\n<br>", True),
        ("قال إن 3 < 5 وإن 7 > 2", False),
        ("<p>سطر واحد بعلامة</p>\n" + "سطر\n" * 40, False),  # too few tags for its lines
    ],
)
def test_looks_like_html(text, html):
    assert looks_like_html(text) is html


@pytest.mark.parametrize("enc", ["utf-16-le", "utf-16-be"])
def test_bomless_utf16_byte_order_is_found(enc):
    assert _try_utf16(TEXT.encode(enc)) == (TEXT, enc)
    assert _try_utf16(b"abc") is None  # odd length


def test_arabic_share_and_utf8_signals():
    assert _arabic_share(TEXT) == 1.0 and _arabic_share("123") == 0.0
    assert _has_utf8_multibyte(b"ascii\n" + TEXT.encode() + b"\n\xff")
    assert not _has_utf8_multibyte(TEXT.encode("cp1256"))
    assert _mostly_valid_utf8(TEXT.encode()[:-1])  # cut inside the last character
    assert not _mostly_valid_utf8(b"%PDF-1.4\n\xe2\xe3\xcf\xd3 obj")
