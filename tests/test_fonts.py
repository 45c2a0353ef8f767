"""Tests for astana_lib.figures.fonts: bundled font, registration, style, no missing glyphs."""

from __future__ import annotations

import io
import warnings
from pathlib import Path

import matplotlib as mpl
import matplotlib.pyplot as plt
from matplotlib import font_manager
from matplotlib.ft2font import FT2Font

from astana_lib.figures.fonts import (
    ARABIC_FONT,
    FONT_FAMILY,
    LATIN_FONT,
    astana_style,
    font_dir,
    register_fonts,
    style_rc,
)

LABELS = [
    "قناة RT العربية",
    "الجزيرة",
    "أستانا 5",
    "2017 / ٢٠١٧",
    "(عربي) [نص] «اقتباس»",
    "مناطقُ خفضِ التصعيد",
    "RT Arabic – Sputnik, 12%",
    "دي ميستورا: «لا حل عسكريا»؟",
]


def test_bundled_font_and_licence_present():
    names = {p.name for p in font_dir().iterdir()}
    assert {"NotoSansArabic-Regular.ttf", "OFL.txt"} <= names
    licence = (font_dir() / "OFL.txt").read_text(encoding="utf-8")
    assert "SIL OPEN FONT LICENSE" in licence and "Version 1.1" in licence
    assert {"DejaVuSans.ttf", "DejaVuSans-Bold.ttf", "LICENSE_DEJAVU.txt"} <= names
    dejavu = (font_dir() / "LICENSE_DEJAVU.txt").read_text(encoding="utf-8")
    assert "Bitstream Vera" in dejavu and "public domain" in dejavu


def test_bundled_font_covers_arabic_letters_and_digits():
    font = FT2Font(str(font_dir() / "NotoSansArabic-Regular.ttf"))
    cmap = font.get_charmap()
    needed = [*range(0x0621, 0x063B), *range(0x0641, 0x0653), *range(0x0660, 0x066A)]
    needed += [ord(c) for c in "0123456789،؛؟"]
    assert [hex(c) for c in needed if c not in cmap] == []


def test_register_fonts_is_idempotent():
    register_fonts()
    n = len(font_manager.fontManager.ttflist)
    paths = register_fonts()
    assert len(font_manager.fontManager.ttflist) == n
    assert all(p.is_file() for p in paths)
    assert ARABIC_FONT in {f.name for f in font_manager.fontManager.ttflist}


def test_family_resolves_to_bundled_file():
    register_fonts()
    found = font_manager.findfont(font_manager.FontProperties(family=ARABIC_FONT))
    assert "NotoSansArabic" in found


def test_style_is_scoped():
    before = list(mpl.rcParams["font.family"])
    with astana_style(rc={"axes.grid": True}) as rc:
        assert mpl.rcParams["font.family"][: len(FONT_FAMILY)] == list(FONT_FAMILY)
        assert mpl.rcParams["axes.grid"] is True
        assert rc["pdf.fonttype"] == 42
    assert list(mpl.rcParams["font.family"]) == before
    assert style_rc(font_size=12)["font.size"] == 12


def test_no_missing_glyph_warnings_for_mixed_labels():
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # "Glyph ... missing from font(s)" would raise
        with astana_style():
            fig, ax = plt.subplots(figsize=(4, 3))
            ax.barh(range(len(LABELS)), range(1, len(LABELS) + 1))
            ax.set_yticks(range(len(LABELS)), LABELS)
            ax.set_title("تغطية جولات أستانا (2017–2024)")
            ax.set_xlabel("عدد المقالات − 3")
            for fmt in ("png", "pdf", "svg"):
                fig.savefig(io.BytesIO(), format=fmt)
        plt.close(fig)


def test_missing_glyph_check_can_fail():
    # the detection this file relies on: a glyph no font has must warn
    with astana_style(), warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        fig, ax = plt.subplots(figsize=(2, 1))
        ax.set_title("\U0001f9ff")  # nazar amulet: in neither Noto Sans Arabic nor DejaVu Sans
        fig.savefig(io.BytesIO(), format="png")
        plt.close(fig)
    assert any("missing from font" in str(w.message) for w in caught)


def test_pdf_embeds_only_bundled_font_files(monkeypatch):
    """Regression (install layout): DejaVu Sans came from matplotlib's own folder, whose
    path - and so the PDF's font order - depends on where matplotlib is installed."""
    from matplotlib.backends import backend_pdf

    used: list[str] = []
    original = backend_pdf.PdfFile.writeFonts

    def spy(self):
        used.extend(str(fname) for fname, _subset in self._fontNames)
        return original(self)

    monkeypatch.setattr(backend_pdf.PdfFile, "writeFonts", spy)
    with astana_style():
        fig, ax = plt.subplots(figsize=(4, 3))
        ax.barh(range(len(LABELS)), range(1, len(LABELS) + 1))
        ax.set_yticks(range(len(LABELS)), LABELS)
        ax.set_title("Coverage of the Astana rounds (2017–2024)")  # bold Latin title
        ax.set_xlabel("articles − 3 ×10")
        fig.savefig(io.BytesIO(), format="pdf")
    plt.close(fig)
    names = {Path(f).name for f in used}
    assert {"DejaVuSans.ttf", "DejaVuSans-Bold.ttf", "NotoSansArabic-Regular.ttf"} <= names
    assert {Path(f).parent for f in used} == {font_dir()}


def test_latin_family_resolves_to_bundled_file_for_every_weight():
    register_fonts()
    for weight in ("normal", "bold"):
        props = font_manager.FontProperties(family=list(FONT_FAMILY), weight=weight)
        found = font_manager.fontManager._find_fonts_by_props(props)
        assert [Path(f).parent for f in found] == [font_dir()] * len(FONT_FAMILY)
    assert FONT_FAMILY[1] == LATIN_FONT
