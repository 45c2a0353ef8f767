"""Options of the near-duplicate search: defaults, enumerated choices, typed errors.

The low-level module every part of the search imports (the estimator, the block task,
the executors, the decision features), so that none of them has to import
:mod:`astana_lib.reuse.matcher` for a constant.
"""

from __future__ import annotations

from typing import Literal

__all__ = [
    "DEFAULT_BLOCK_SIZE",
    "DEFAULT_CARRY",
    "DEFAULT_CONTAINMENT_THRESHOLD",
    "DEFAULT_MIN_RUN",
    "DEFAULT_ROLES",
    "DEFAULT_THRESHOLD",
    "DEFAULT_TITLE_CONTAINMENT_THRESHOLD",
    "RUN_MAX_TEXTS",
    "RUN_MIN_COSINE",
    "NothingToMatchError",
    "default_block_size",
]

Scope = Literal["all", "within", "across", "outlets"]
SearchMethod = Literal["auto", "prefix", "topn", "brute"]
Duplicates = Literal["all", "first"]
Analyzer = Literal["word", "char", "char_wb"]

SCOPES = ("all", "within", "across", "outlets")
SEARCH_METHODS = ("auto", "prefix", "topn", "brute")
DUPLICATES = ("all", "first")
ANALYZERS = ("word", "char", "char_wb")
KINDS = ("exact", "near", "contained", "run")

#: Default cosine threshold for a "near" pair (see :func:`find_near_duplicates`).
DEFAULT_THRESHOLD = 0.6
#: Default share of one paragraph's shingles found in the other ("contained").
DEFAULT_CONTAINMENT_THRESHOLD = 0.8
#: Default length (words) of a shared run that makes a pair a candidate (``kind "run"``).
DEFAULT_MIN_RUN = 5
#: A shared-run candidate also needs this word cosine (drops shared formula lines between
#: otherwise different paragraphs; 1 of the first reading's 452 labelled reuse pairs is
#: below it).
RUN_MIN_COSINE = 0.2
#: A run shared by more than this many distinct texts makes no candidate (a formula,
#: dateline or title chain, like passim's ``--max-df`` of 100): without the cap the pairs
#: of one formula grow with the square of its frequency (a 1M search ran out of 24 GB).
#: On the labelled real pairs (first reading) it drops 46 of 257 non-reuse run pairs and 1 of 437 reuse
#: pairs (``benchmarks/results/reuse_decision.md``).
RUN_MAX_TEXTS = 100
#: Default containment threshold for the title side of a pair (headline vs its lead).
DEFAULT_TITLE_CONTAINMENT_THRESHOLD = 0.7
#: Paragraph roles searched by default: everything but page furniture.
DEFAULT_ROLES = ("title", "body", "repeat")
#: Metadata columns carried onto pairs by default (``article_id`` becomes ``article_a/b``).
DEFAULT_CARRY = ("article_id", "outlet", "date")

#: Distinct texts per block when ``block_size=None``, by cosine method — on one machine
#: and on Dask alike. ``prefix``: 50,000 bounds the memory of each candidate product
#: (a task holds two blocks, their prefix indexes and their candidates); ``topn`` and
#: ``brute`` multiply whole blocks, hence smaller blocks.
DEFAULT_BLOCK_SIZE = {"prefix": 50_000, "topn": 20_000, "brute": 20_000}


def default_block_size(method: str) -> int:
    """Rows per block when none is given, for a resolved cosine ``method``.

    Examples
    --------
    >>> default_block_size("prefix"), default_block_size("topn")
    (50000, 20000)
    """
    return DEFAULT_BLOCK_SIZE[method]


class NothingToMatchError(ValueError):
    """The paragraphs leave nothing to search: no usable row, or no feature.

    Raised by :meth:`ParagraphMatcher.fit <astana_lib.reuse.estimator.ParagraphMatcher.fit>`;
    :func:`~astana_lib.reuse.matcher.find_near_duplicates` turns it into an empty pairs
    table (with a warning). A ``ValueError``, as before it had its own type.
    """
