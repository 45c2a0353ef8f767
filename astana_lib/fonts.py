"""The bundled Arabic font and the figure style every plot of the library uses.

The package ships Noto Sans Arabic (Regular and Bold, SIL Open Font License 1.1; the
licence is ``astana_lib/data/fonts/OFL.txt``) so figures look the same on every
machine. :func:`register_fonts` adds the files to matplotlib's font manager;
:func:`astana_style` is a context manager (and :func:`style_rc` the plain dict) that sets
the family list ``["Noto Sans Arabic", "DejaVu Sans"]`` (Latin letters and symbols the
Arabic font lacks fall back to DejaVu Sans), TrueType embedding in PDF/PS
(``pdf.fonttype = 42``: no Type 3 fonts, text extractable), SVG text as paths with a
fixed hash salt, and a quiet, paper-friendly look.
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
    "astana_style",
    "font_dir",
    "register_fonts",
    "style_rc",
]

#: Family name of the bundled Arabic font.
ARABIC_FONT = "Noto Sans Arabic"
#: Family list used by every figure: Arabic first, DejaVu Sans (bundled with matplotlib)
#: for the Latin letters and symbols the Arabic font lacks.
FONT_FAMILY: tuple[str, ...] = (ARABIC_FONT, "DejaVu Sans")


def font_dir() -> Path:
    """Folder of the bundled font files (and their ``OFL.txt`` licence).

    Examples
    --------
    >>> sorted(p.name for p in font_dir().iterdir())
    ['NotoSansArabic-Bold.ttf', 'NotoSansArabic-Regular.ttf', 'OFL.txt']
    """
    return Path(str(resources.files("astana_lib") / "data" / "fonts"))


@lru_cache(maxsize=1)
def _register() -> tuple[Path, ...]:
    paths = tuple(sorted(font_dir().glob("*.ttf")))
    if not paths:
        raise FileNotFoundError(f"no bundled .ttf font found in {font_dir()}")
    known = {Path(f.fname).resolve() for f in font_manager.fontManager.ttflist}
    for path in paths:
        if path.resolve() not in known:
            font_manager.fontManager.addfont(str(path))
    return paths


def register_fonts() -> list[Path]:
    """Register the bundled font files with matplotlib (idempotent) and return their paths.

    Examples
    --------
    >>> from matplotlib import font_manager
    >>> paths = register_fonts()
    >>> [p.name for p in paths]
    ['NotoSansArabic-Bold.ttf', 'NotoSansArabic-Regular.ttf']
    >>> ARABIC_FONT in {f.name for f in font_manager.fontManager.ttflist}
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

    Every plotting function of :mod:`astana_lib.plotting` draws inside it. Use it around
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
