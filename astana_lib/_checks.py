"""Small argument checks shared by the public functions (clear messages, one place)."""

from __future__ import annotations

from collections.abc import Collection
from typing import Any

__all__ = ["check_choice", "check_fraction"]


def check_choice(name: str, value: Any, choices: Collection[Any]) -> Any:
    """Raise ``ValueError`` naming the allowed values when ``value`` is not one of them.

    Examples
    --------
    >>> check_choice("scope", "all", ("all", "within"))
    'all'
    >>> check_choice("scope", "everything", ("all", "within"))
    Traceback (most recent call last):
    ...
    ValueError: scope must be one of ['all', 'within'], got 'everything'
    """
    if value not in choices:
        raise ValueError(f"{name} must be one of {list(choices)}, got {value!r}")
    return value


def check_fraction(name: str, value: Any, *, low_inclusive: bool = False) -> float:
    """Check that ``value`` is a number in (0, 1] (or [0, 1] with ``low_inclusive``).

    Examples
    --------
    >>> check_fraction("threshold", 0.5)
    0.5
    >>> check_fraction("threshold", 1.5)
    Traceback (most recent call last):
    ...
    ValueError: threshold must be in (0, 1], got 1.5
    """
    try:
        v = float(value)
    except (TypeError, ValueError):
        raise TypeError(f"{name} must be a number in (0, 1], got {value!r}") from None
    ok = (0 <= v <= 1) if low_inclusive else (0 < v <= 1)
    if not ok:
        raise ValueError(f"{name} must be in {'[' if low_inclusive else '('}0, 1], got {value!r}")
    return v
