"""What the reader reports: the error raised by ``errors="raise"``, and problem kinds.

Every problem of a read is a row of ``corpus.problems`` (:data:`~astana_lib.schema.PROBLEMS`);
:func:`problem_kind` groups their texts for the summary warning of
:func:`astana_lib.reading.read.read_corpus` (and the message of ``astana analyse`` on an
unreadable corpus).
"""

from __future__ import annotations

import re
from typing import Literal

__all__ = ["ERRORS", "Errors", "ReadError", "problem_kind"]

Errors = Literal["warn", "raise", "ignore"]
ERRORS = ("warn", "raise", "ignore")


class ReadError(ValueError):
    """Raised by ``errors="raise"`` when an input cannot be read; names the file."""


#: Counts and positions in a problem text, masked when problems are grouped for the
#: summary; numbers that are part of a name (UTF-16, cp1256, [Errno 2]) are kept.
_COUNT_RE = re.compile(r"(?<![\w\-./])(?<!Errno )\d[\d,.]*(?![\w\-])")
_QUOTED_RE = re.compile(r"'[^']*'|\"[^\"]*\"")
_LINES_RE = re.compile(r":\s*lines? [\d, …]+$")


def problem_kind(problem: str) -> str:
    """A problem text without its counts, line lists and quoted values (for grouping).

    Examples
    --------
    >>> problem_kind("3 line(s) not UTF-8, decoded as cp1256: lines 4, 9, 12")
    'N line(s) not UTF-8, decoded as cp1256'
    >>> problem_kind("UTF-16 byte-order mark"), problem_kind("cannot read: [Errno 13] x")
    ('UTF-16 byte-order mark', 'cannot read: [Errno 13] x')
    """
    kind = _LINES_RE.sub("", problem)
    kind = _QUOTED_RE.sub("…", kind)
    return _COUNT_RE.sub("N", kind)


#: the name :mod:`astana_lib.pipeline` calls
_problem_kind = problem_kind
