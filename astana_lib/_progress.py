"""When to draw tqdm progress bars: only when someone can see them.

Bars written to a log file or a pipe fill it with carriage-return garbage, so a bar is
drawn only when progress was asked for *and* standard error is a terminal (or the code
runs in a Jupyter kernel, where tqdm draws a widget).
"""

from __future__ import annotations

import sys

__all__ = ["progress_enabled"]


def progress_enabled(progress: object) -> bool:
    """Whether to draw a progress bar for a ``progress=`` argument.

    Examples
    --------
    >>> progress_enabled(False)
    False
    """
    if not progress:
        return False
    if "ipykernel" in sys.modules:
        return True
    stream = sys.stderr
    try:
        return bool(stream is not None and stream.isatty())
    except (AttributeError, ValueError):
        return False
