"""Give freed heap memory back to the operating system between the search's big steps.

glibc keeps freed memory in its heap (its mmap threshold grows after large frees), so a
process's RSS after a step that built and dropped large arrays stays at the step's peak
and the next step's peak adds on top. ``malloc_trim(0)`` returns the free pages; Dask's
workers do the same (``distributed``'s memory trimming). A no-op where glibc is absent.
"""

from __future__ import annotations

import ctypes
import ctypes.util
import functools
import logging

__all__ = ["release_free_memory"]

logger = logging.getLogger("astana_lib")


@functools.cache
def _malloc_trim():
    name = ctypes.util.find_library("c")
    if not name:
        return None
    try:
        return ctypes.CDLL(name).malloc_trim
    except (OSError, AttributeError):  # not glibc (musl, macOS, Windows)
        return None


def release_free_memory() -> bool:
    """Return freed heap pages to the OS (glibc ``malloc_trim``); True when it could.

    Examples
    --------
    >>> release_free_memory() in (True, False)
    True
    """
    trim = _malloc_trim()
    if trim is None:
        return False
    trim(0)
    return True
