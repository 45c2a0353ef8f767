"""Reuse: near-duplicate paragraph search, its decision, clusters and explanations."""

# ``astana_lib.reuse`` was one module before 0.x; its public names stay importable here.
from astana_lib.reuse.constants import (
    DEFAULT_CARRY,
    DEFAULT_CONTAINMENT_THRESHOLD,
    DEFAULT_MIN_RUN,
    DEFAULT_ROLES,
    DEFAULT_THRESHOLD,
    DEFAULT_TITLE_CONTAINMENT_THRESHOLD,
)
from astana_lib.reuse.estimator import ParagraphMatcher
from astana_lib.reuse.matcher import find_near_duplicates

__all__ = [
    "DEFAULT_CARRY",
    "DEFAULT_CONTAINMENT_THRESHOLD",
    "DEFAULT_MIN_RUN",
    "DEFAULT_ROLES",
    "DEFAULT_THRESHOLD",
    "DEFAULT_TITLE_CONTAINMENT_THRESHOLD",
    "ParagraphMatcher",
    "find_near_duplicates",
]
