"""One precedence rule for article metadata (outlet, date, round, event), with evidence.

A field's value can come from several sources: curated metadata, a record field, the
text. Each source gives a :class:`Candidate` — its value (None when it has no usable
one) and its evidence (what it saw, also when it gave no value). :func:`decide` takes
the candidates in priority order and returns the :class:`Decision`: the first value
given, its source and evidence; when no source gives a value, the evidence of every
source joined with ``"; "`` (so the article says why the field is unknown). The
candidates that gave another value are listed in ``overruled`` (the reader reports a
curated value that contradicts the text).

Examples
--------
>>> text = Candidate("inferred", 7, "explicit: 'الجولة السابعة'")
>>> decide([Candidate("metadata", None, "record field round='x' is not a round"), text])
Decision(value=7, source='inferred', evidence="explicit: 'الجولة السابعة'", overruled=())
>>> decide([Candidate("metadata", None, ""), Candidate("inferred", None, "no date")])
Decision(value=None, source=None, evidence='no date', overruled=())
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, NamedTuple

__all__ = ["Candidate", "Decision", "decide"]


class Candidate(NamedTuple):
    """What one source says about a field.

    Attributes
    ----------
    source : str
        The ``<field>_source`` label of a value taken from it (``"metadata"``, ``"inferred"``).
    value : object
        The value, or None when the source has no usable one.
    evidence : str
        What the source saw ("" when it has nothing to say).
    """

    source: str
    value: Any
    evidence: str


class Decision(NamedTuple):
    """The value a field gets, where it comes from, and why.

    Attributes
    ----------
    value : object
        None when no source gave a value.
    source : str or None
        The winning candidate's source.
    evidence : str
        The winning candidate's evidence, or every non-empty evidence joined with ``"; "``.
    overruled : tuple of Candidate
        Lower-priority candidates whose value differs from the chosen one.
    """

    value: Any
    source: str | None
    evidence: str
    overruled: tuple[Candidate, ...] = ()


def decide(candidates: Sequence[Candidate]) -> Decision:
    """The first candidate with a value wins; see the module docstring.

    Parameters
    ----------
    candidates : sequence of Candidate
        In priority order (the most trusted source first).

    Returns
    -------
    Decision

    Examples
    --------
    >>> d = decide([Candidate("metadata", "sana", "curated metadata.csv"),
    ...             Candidate("inferred", "alwatan", "source line 'الوطن'")])
    >>> d.value, d.source, [c.value for c in d.overruled]
    ('sana', 'metadata', ['alwatan'])
    """
    for k, c in enumerate(candidates, start=1):  # runs for every field of every article
        value = c.value
        if value is not None:
            over = [o for o in candidates[k:] if o.value is not None and o.value != value]
            return Decision(value, c.source, c.evidence, tuple(over) if over else ())
    return Decision(None, None, "; ".join([c.evidence for c in candidates if c.evidence]))
