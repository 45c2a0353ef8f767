"""Read raw scraped articles into provenance-keeping tables: :func:`read_corpus`.

>>> import astana_lib as al
>>> corpus = al.read_corpus(SEEDS, progress=False)    # SEEDS: the repository's seeds/ folder
>>> corpus
Corpus(5 articles, 74 paragraphs, 0 problems (0 errors))

Inputs (:func:`~astana_lib.reading.inputs.list_inputs`)
    a folder of ``.txt`` files (one article a file, sorted by name; a ``metadata.csv`` in
    the folder is the curated metadata); a single ``.txt``; or a record file —
    ``.jsonl``, ``.jsonl.gz``, ``.csv``, ``.parquet`` (:mod:`astana_lib.reading.formats`) —
    with one article per record and a text column. Record fields ``outlet``, ``date``,
    ``title``, ``url`` (and ``round``) are metadata (source ``"metadata"``); every other
    field is kept as an extra column of ``articles``.

Output (:class:`~astana_lib.reading.corpus.Corpus`)
    ``articles``, ``paragraphs`` and ``problems`` with the columns documented in
    :mod:`astana_lib.schema`. For ``.txt`` inputs ``line_start``/``line_end`` are lines of
    the decoded file; for record inputs, lines of the record's text field (``record`` says
    which record). Every input file and record gives an article row (an empty or
    undecodable one has 0 paragraphs and a ``problems`` row), and every non-blank line
    is in exactly one paragraph row.

Splitting the work
    ``read_corpus`` is "list inputs → :func:`~astana_lib.reading.parts.read_part` on each →
    :meth:`Corpus.concat` → corpus-level steps" (:mod:`astana_lib.reading.finish`: site
    boilerplate learned from the whole corpus, :mod:`astana_lib.reading.boilerplate`;
    duplicate records, :mod:`astana_lib.reading.duplicates`); the Dask reader
    (:mod:`astana_lib.backends.dask_read`) maps ``read_part`` over files and record
    ranges (``start``/``stop``) and runs the same corpus-level steps as map-reduce over
    the parts on the workers (:mod:`astana_lib.backends.part_steps`), with identical
    results; ``read_corpus_parts`` keeps the parts there for corpora larger than the
    client's memory.
"""

from __future__ import annotations

import logging
from pathlib import Path
from typing import Any

import pandas as pd
from tqdm.auto import tqdm

from astana_lib._checks import check_choice
from astana_lib._progress import progress_enabled
from astana_lib.annotate.metadata import OutletRegistry, default_registry
from astana_lib.annotate.sources import AgencyMatcher, default_matcher
from astana_lib.reading.builder import _Builder
from astana_lib.reading.corpus import Corpus
from astana_lib.reading.finish import _finish_read
from astana_lib.reading.formats import stem_of
from astana_lib.reading.inputs import SEEDS, resolve_metadata, scan_inputs  # noqa: F401
from astana_lib.reading.parts import _read_text_file, read_part
from astana_lib.reading.problems import ERRORS, Errors, ReadError
from astana_lib.reading.rawinput import display_path

__all__ = ["read_corpus"]

logger = logging.getLogger(__name__)


def read_corpus(
    path: str | Path,
    *,
    metadata: pd.DataFrame | str | Path | bool | None = None,
    errors: Errors = "warn",
    text_column: str = "text",
    id_column: str = "id",
    progress: bool = True,
    outlets: pd.DataFrame | None = None,
    agencies: pd.DataFrame | str | Path | None = None,
    client: Any = None,
    partition_size: int = 2000,
    site_boilerplate: bool | pd.DataFrame = True,
    recursive: bool = False,
) -> Corpus:
    """Read a folder of ``.txt`` articles, one ``.txt``, or a record file into a :class:`Corpus`.

    Parameters
    ----------
    path : str or Path
        A folder of ``.txt`` files (one article per file), one ``.txt`` file, or a
        ``.jsonl``, ``.jsonl.gz``, ``.csv`` or ``.parquet`` file with one article per
        record.
    metadata : DataFrame, str, Path, False or None, default None
        Curated metadata (``article_id`` plus any of ``outlet``, ``date``, ``round``,
        ``title`` and free columns such as ``notes``, which are added to ``articles``).
        Curated values always win; a conflict with what the text says is a ``problems``
        row. None picks up ``metadata.csv`` in the folder (or next to the ``.txt`` file);
        False ignores it.
    errors : {'warn', 'raise', 'ignore'}, default 'warn'
        Problems are always listed in ``corpus.problems``. 'warn' also emits one
        ``UserWarning`` summarising them; 'raise' raises :class:`ReadError` naming the
        file at the first input that cannot be read (severity 'error'); 'ignore' is quiet.
    text_column, id_column : str
        Record fields holding the article text and id (record inputs). A record without
        an id gets ``<file stem>:<record number>``.
    progress : bool, default True
        Show a tqdm progress bar.
    outlets, agencies : optional
        Outlet registry and agencies tables (default: the packaged ones).
    client : dask.distributed.Client, optional
        Read on a Dask cluster instead (``pip install astana_lib[dask]``): files and
        record ranges are partitioned over the workers, and the result is identical to
        the single-machine read. Without a client Dask is not imported. To keep the
        parts on the workers instead (no gather), use
        :func:`astana_lib.backends.dask_read.read_corpus_parts`.
    partition_size : int, default 2000
        Records per task when ``client`` is given.
    recursive : bool, default False
        Also read the ``.txt`` files of sub-folders (article id: the path relative to
        ``path`` without ``.txt``, e.g. ``2017/001``). Without it sub-folders are listed
        in ``problems`` as skipped.
    site_boilerplate : bool or DataFrame, default True
        Learn the lines each outlet repeats across its articles and relabel those body
        paragraphs ``boilerplate`` or ``source`` (:mod:`astana_lib.reading.boilerplate`). A
        DataFrame from :func:`astana_lib.reading.boilerplate.site_boilerplate` applies lines
        learned on another (larger) corpus, e.g. the dump a sub-corpus was cut from.

    Notes
    -----
    After the parts are read, two corpus-level steps run: site boilerplate (above) and
    duplicate records (:func:`astana_lib.reading.duplicates.mark_duplicate_records`: articles
    get ``duplicate_of``/``duplicate_reason``, paragraphs ``article_duplicate_of``;
    nothing is deleted).

    Returns
    -------
    Corpus
        ``articles``, ``paragraphs`` and ``problems`` (see :mod:`astana_lib.schema`).

    Examples
    --------
    >>> import astana_lib as al
    >>> c = al.read_corpus(SEEDS, progress=False)
    >>> c.articles[["article_id", "outlet", "round"]].head(3)
                 article_id   outlet  round
    0  000_a78b001b85edf31a      NaN      5
    1  001_50371eee1d8be29c      NaN      6
    2  002_01f740d96dbb44b1  alwaght      5
    >>> c.paragraphs["role"].value_counts().to_dict()
    {'body': 51, 'repeat': 11, 'boilerplate': 5, 'title': 3, 'source': 2, 'section': 1, 'byline': 1}
    """
    check_choice("errors", errors, ERRORS)
    if client is not None:
        from astana_lib.backends.dask_read import read_corpus_distributed

        if recursive:
            raise ValueError("recursive=True is not supported with client (Dask) yet")

        return read_corpus_distributed(
            path, client=client, partition_size=partition_size, metadata=metadata,
            errors=errors, text_column=text_column, id_column=id_column, outlets=outlets,
            agencies=agencies, progress=progress, site_boilerplate=site_boilerplate,
        )  # fmt: skip
    if isinstance(path, str) and not path.strip():
        raise ValueError("empty path: give a folder, a .txt file or a record file")
    root = Path(path)
    inputs, skipped = scan_inputs(root, recursive=recursive)
    curated, curated_path = resolve_metadata(root, metadata)
    if errors == "raise" and curated is not None:
        for prob, sev, _, line in curated.attrs.get("problems", []):
            if sev == "error":
                raise ReadError(f"{curated_path}" + (f" line {line}" if line else "") + f": {prob}")
    md = curated if curated is not None else False
    registry = default_registry() if outlets is None else OutletRegistry(outlets)
    if root.is_dir():
        # one builder for all the files of a folder: tables are built once, not per file
        b = _Builder(
            errors=errors, curated=curated, curated_path=curated_path, registry=registry,
            matcher=default_matcher() if agencies is None else AgencyMatcher(agencies),
        )  # fmt: skip
        for p in tqdm(
            inputs, desc=root.name, unit=" files", disable=not progress_enabled(progress)
        ):
            rel = p.relative_to(root)
            aid = display_path(
                stem_of(p) if rel.parent == Path(".") else rel.with_name(stem_of(p)).as_posix()
            )
            _read_text_file(p, b, article_id=aid)
        corpus = b.corpus()
    else:
        corpus = read_part(
            inputs[0], metadata=md, errors=errors, text_column=text_column, id_column=id_column,
            progress=progress, outlets=registry.table, agencies=agencies,
        )  # fmt: skip
    corpus = _finish_read(
        root, corpus, skipped, curated, curated_path, errors, stacklevel=2,
        site_boilerplate=site_boilerplate,
    )  # fmt: skip
    logger.info("read %s: %r", root, corpus)
    return corpus
