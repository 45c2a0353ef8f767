"""The corpus-level steps that end every read: site boilerplate, duplicate records, problems.

:func:`astana_lib.reading.read.read_corpus` concatenates the parts it read and ends with
``_finish_read``. The Dask reader (:mod:`astana_lib.backends.dask_read`) runs the same
steps as map-reduce over parts held on the workers (:mod:`astana_lib.backends.part_steps`)
with the pieces defined here and in :mod:`~astana_lib.reading.boilerplate`,
:mod:`~astana_lib.reading.duplicates` and :mod:`~astana_lib.reading.corpus`, so both
give the same tables and the same summary warning.
"""

from __future__ import annotations

import logging
import warnings
from collections.abc import Iterable
from pathlib import Path

import numpy as np
import pandas as pd

import astana_lib.reading.boilerplate as _boilerplate
from astana_lib.reading.corpus import Corpus, _finalize
from astana_lib.reading.duplicates import mark_duplicate_records
from astana_lib.reading.formats import TEXT_SUFFIXES
from astana_lib.reading.problems import problem_kind
from astana_lib.reading.rawinput import display_path

logger = logging.getLogger(__name__)


def _finish_read(
    root: Path,
    corpus: Corpus,
    skipped: list[Path],
    curated: pd.DataFrame | None,
    curated_path: str | None,
    errors: str,
    *,
    stacklevel: int = 2,
    site_boilerplate: bool | pd.DataFrame = True,
) -> Corpus:
    """Corpus-level steps: site boilerplate, duplicate records, problems, summary warning.

    The last step of :func:`read_corpus` after :meth:`Corpus.concat` of the parts; a
    distributed reader calls it too, so both give the same tables and warning.
    Corpus-level problems are skipped files and curated ids not read.
    """
    paras = corpus.paragraphs
    if isinstance(site_boilerplate, pd.DataFrame):
        paras = _boilerplate.relabel_site_boilerplate(paras, site_boilerplate)
    elif site_boilerplate and len(paras):
        paras = _boilerplate.relabel_site_boilerplate(paras, _boilerplate.site_boilerplate(paras))
    arts = mark_duplicate_records(corpus.articles, paras)
    extra_probs = _extra_problems(skipped, curated, curated_path, corpus.articles["article_id"])
    if extra_probs:
        probs = pd.concat([corpus.problems, pd.DataFrame(extra_probs)], ignore_index=True)
        corpus = _finalize(arts, paras, probs)
    else:  # the tables are final already: set the new columns only (fast on large reads)
        for c in ("duplicate_of", "duplicate_reason"):
            arts[c] = arts[c].astype("str")
        paras = paras.copy(deep=False)
        n = arts["n_paragraphs"].to_numpy()
        paras["article_duplicate_of"] = pd.Series(
            np.repeat(arts["duplicate_of"].to_numpy(dtype=object), n), index=paras.index
        ).astype("str")
        corpus = Corpus(arts, paras, corpus.problems)
    _report(_problem_summary(root, corpus.problems), errors, stacklevel=stacklevel + 1)
    return corpus


def _extra_problems(
    skipped: list,
    curated: pd.DataFrame | None,
    curated_path: str | None,
    article_ids: Iterable[str],
) -> list[dict]:
    """Corpus-level problem rows: skipped inputs, curated-metadata problems and unknown ids."""
    extra_probs = [
        {"path": display_path(s), "record": None, "line": None, "problem": why,
         "severity": "warning", "action": "skipped"}
        for s, why in (
            x if isinstance(x, tuple) else (x, f"not a {'/'.join(TEXT_SUFFIXES)} file")
            for x in skipped
        )
    ]  # fmt: skip
    if curated is not None:
        extra_probs += [
            {"path": curated_path, "record": None, "line": line, "problem": prob,
             "severity": sev, "action": act}
            for prob, sev, act, line in curated.attrs.get("problems", [])
        ]  # fmt: skip
        unknown = sorted(set(curated["article_id"]) - set(article_ids))
        extra_probs += [
            {"path": curated_path, "record": None, "line": None,
             "problem": f"curated metadata for unknown article_id {a!r}",
             "severity": "warning", "action": "ignored"}
            for a in unknown
        ]  # fmt: skip
    return extra_probs


def _problem_summary(root: Path, problems: pd.DataFrame) -> str | None:
    """The one summary message of a read's problems (None when there is none)."""
    n_prob = len(problems)
    if not n_prob:
        return None
    n_err = int((problems["severity"] == "error").sum())
    summary = problems["problem"].map(problem_kind)
    top = "; ".join(f"{k} ×{v}" for k, v in summary.value_counts().head(5).items())
    return (
        f"{display_path(root)}: {n_prob} problem(s), {n_err} error(s) while reading — "
        f"{top}; see corpus.problems"
    )


def _report(msg: str | None, errors: str, *, stacklevel: int = 2) -> None:
    """Give the summary message once (issue 10: it was printed twice): a Python warning
    when the caller asked for warnings (the CLI routes them to logging), a log record
    otherwise."""
    if msg is None:
        return
    if errors == "warn":
        warnings.warn(msg, UserWarning, stacklevel=stacklevel + 1)
    elif errors == "ignore":
        logger.info(msg)
    else:
        logger.warning(msg)
