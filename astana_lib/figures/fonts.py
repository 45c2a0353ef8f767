"""The bundled fonts and the figure style every plot of the library uses.

The package ships every font its figures use, so no font comes from the environment:
Noto Sans Arabic (Regular and Bold, SIL Open Font License 1.1, ``OFL.txt``) and, for the
Latin letters, digits and symbols the Arabic font lacks, DejaVu Sans (Regular and Bold,
version 2.35 as shipped with matplotlib; Bitstream Vera licence, DejaVu changes in the
public domain, ``LICENSE_DEJAVU.txt``), all in ``astana_lib/data/fonts/``.

:func:`register_fonts` adds the files to matplotlib's font manager, ahead of fonts of the
same name found elsewhere (matplotlib's own DejaVu Sans lives wherever matplotlib is
installed); :func:`astana_style` is a context manager (and :func:`style_rc` the plain
dict) that sets the family list ``["Noto Sans Arabic", "DejaVu Sans"]``, TrueType
embedding in PDF/PS (``pdf.fonttype = 42``: no Type 3 fonts, text extractable), SVG text
as paths with a fixed hash salt, and a quiet, paper-friendly look.

Because every embedded font file lies in the same package folder, matplotlib's PDF
backend (which writes fonts in the order of their file paths) embeds them in the same
order whatever the install layout (editable or not, any venv location), so the PDFs are
byte-identical across installs with the same package versions.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Any

import matplotlib as mpl
from matplotlib import font_manager

__all__ = [
    "ARABIC_FONT",
    "FONT_FAMILY",
    "LATIN_FONT",
    "astana_style",
    "font_dir",
    "register_fonts",
    "style_rc",
]

#: Family name of the bundled Arabic font.
ARABIC_FONT = "Noto Sans Arabic"
#: Family name of the bundled Latin font (letters, digits and symbols the Arabic font lacks).
LATIN_FONT = "DejaVu Sans"
#: Family list used by every figure: Arabic first, then the bundled Latin font.
FONT_FAMILY: tuple[str, ...] = (ARABIC_FONT, LATIN_FONT)


def font_dir() -> Path:
    """Folder of the bundled font files (and their licences).

    Examples
    --------
    >>> sorted(p.name for p in font_dir().iterdir())  # doctest: +NORMALIZE_WHITESPACE
    ['DejaVuSans-Bold.ttf', 'DejaVuSans.ttf', 'LICENSE_DEJAVU.txt',
     'NotoSansArabic-Bold.ttf', 'NotoSansArabic-Regular.ttf', 'OFL.txt']
    """
    return Path(str(resources.files("astana_lib") / "data" / "fonts"))


@lru_cache(maxsize=1)
def _register() -> tuple[Path, ...]:
    paths = tuple(sorted(font_dir().glob("*.ttf")))
    if not paths:
        raise FileNotFoundError(f"no bundled .ttf font found in {font_dir()}")
    fm = font_manager.fontManager
    known = {Path(f.fname).resolve() for f in fm.ttflist}
    for path in paths:
        if path.resolve() not in known:
            fm.addfont(str(path))
    # Bundled files first: for equally good matches (our DejaVu Sans and matplotlib's own
    # copy) the font manager takes the first in its list, so "DejaVu Sans" resolves here.
    ours = {p.resolve() for p in paths}
    first = [f for f in fm.ttflist if Path(f.fname).resolve() in ours]
    fm.ttflist[:] = first + [f for f in fm.ttflist if Path(f.fname).resolve() not in ours]
    fm._findfont_cached.cache_clear()
    return paths


def register_fonts() -> list[Path]:
    """Register the bundled font files with matplotlib (idempotent) and return their paths.

    The bundled files take precedence over fonts of the same family found elsewhere, so
    ``"DejaVu Sans"`` resolves to the package's copy, not to matplotlib's.

    Examples
    --------
    >>> from matplotlib import font_manager
    >>> paths = register_fonts()
    >>> [p.name for p in paths]  # doctest: +NORMALIZE_WHITESPACE
    ['DejaVuSans-Bold.ttf', 'DejaVuSans.ttf',
     'NotoSansArabic-Bold.ttf', 'NotoSansArabic-Regular.ttf']
    >>> found = font_manager.findfont(font_manager.FontProperties(family=LATIN_FONT))
    >>> Path(found).parent == font_dir()
    True
    """
    return list(_register())


def style_rc(*, font_size: float = 9.0) -> dict[str, Any]:
    """Return the rcParams of the library's figure style (fonts registered on call).

    Parameters
    ----------
    font_size : float, default 9
        Base font size in points (tick labels are one point smaller, titles one larger).

    Examples
    --------
    >>> rc = style_rc()
    >>> rc["font.family"][:2], rc["pdf.fonttype"]
    (['Noto Sans Arabic', 'DejaVu Sans'], 42)
    """
    register_fonts()
    return {
        "font.family": list(FONT_FAMILY),
        "font.size": font_size,
        "axes.titlesize": font_size + 1,
        "axes.titleweight": "bold",
        "axes.labelsize": font_size,
        "xtick.labelsize": font_size - 1,
        "ytick.labelsize": font_size - 1,
        "legend.fontsize": font_size - 1,
        "legend.title_fontsize": font_size - 1,
        "legend.frameon": False,
        "figure.titlesize": font_size + 2,
        "figure.titleweight": "bold",
        "axes.spines.top": False,
        "axes.spines.right": False,
        "axes.axisbelow": True,
        "axes.grid": False,
        "grid.color": "#dddddd",
        "grid.linewidth": 0.6,
        "axes.unicode_minus": True,
        "figure.dpi": 100,
        "savefig.dpi": 300,
        "pdf.fonttype": 42,
        "ps.fonttype": 42,
        "svg.fonttype": "path",
        "svg.hashsalt": "astana_lib",
        "image.cmap": "Blues",
    }


@contextmanager
def astana_style(
    *, font_size: float = 9.0, rc: Mapping[str, Any] | None = None
) -> Iterator[dict[str, Any]]:
    """Context manager applying the library's figure style (see :func:`style_rc`).

    Every plotting function of :mod:`astana_lib.figures.plotting` draws inside it. Use it around
    your own matplotlib code to get the same fonts and look; to apply the style for a
    whole notebook, ``matplotlib.rcParams.update(style_rc())``.

    Parameters
    ----------
    font_size : float, default 9
        Base font size in points.
    rc : mapping, optional
        Extra rcParams applied on top of the style.

    Examples
    --------
    >>> import matplotlib.pyplot as plt
    >>> with astana_style():
    ...     fig, ax = plt.subplots()
    ...     _ = ax.set_title("أستانا 5")
    >>> ax.title.get_fontfamily()[0]
    'Noto Sans Arabic'
    >>> plt.close(fig)
    """
    params = style_rc(font_size=font_size)
    if rc:
        params.update(rc)
    with mpl.rc_context(params):
        yield params
