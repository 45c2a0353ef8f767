"""Reading a corpus on a Dask cluster: record files cut into partitions, one task per part.

:func:`read_corpus_parts` reads and keeps the parts on the workers (a
:class:`~astana_lib.backends.dask_corpus.DistributedCorpus`): the corpus-level steps run
there as map-reduce (:mod:`astana_lib.backends.part_steps`) and the client never holds
the paragraphs. :func:`read_corpus_distributed` is the same read gathered into a
:class:`~astana_lib.reading.corpus.Corpus`. The search half of the backend is
:mod:`astana_lib.backends.dask`.
"""

from __future__ import annotations

import logging
import time
from pathlib import Path
from typing import Any

import pandas as pd

from astana_lib._checks import check_choice
from astana_lib.annotate.metadata import OutletRegistry, default_registry
from astana_lib.backends.dask_corpus import DistributedCorpus, _part_sizes
from astana_lib.backends.dask_runtime import RunStats, dashboard_link, require_client
from astana_lib.backends.part_steps import ReadPart, finish_parts, problem_summary
from astana_lib.reading.corpus import Corpus
from astana_lib.reading.finish import _report
from astana_lib.reading.formats import RECORD_SUFFIXES, format_of, suffix_of
from astana_lib.reading.inputs import SEEDS, resolve_metadata, scan_inputs  # noqa: F401
from astana_lib.reading.parts import read_part
from astana_lib.reading.problems import ERRORS, Errors, ReadError

__all__ = ["read_corpus_distributed", "read_corpus_parts"]

log = logging.getLogger("astana_lib.backends.dask")


# --------------------------------------------------------------------------- reading
#: One piece of reading work: (path, start, stop) — a .txt file, or records [start, stop).
Piece = tuple[str, int | None, int | None]


def _count_records(path: str) -> int | None:
    """Number of records of a record file (:meth:`RecordFormat.count`), on a worker.

    None when the file cannot be counted (unreadable, corrupt): it is then read as one
    piece, and the reader reports the problem exactly as the single-machine path does.
    """
    try:
        return format_of(path).count(Path(path))
    except Exception as exc:  # corrupt or unreadable: one piece, the reader reports it
        log.info("cannot count records of %s (%s): reading it as one piece", path, exc)
        return None


def _partition(n: int | None, size: int) -> list[tuple[int | None, int | None]]:
    """Record ranges of ``size`` records covering ``n`` records; the last one open-ended.

    Examples
    --------
    >>> _partition(5, 2)
    [(0, 2), (2, 4), (4, None)]
    >>> _partition(2, 5), _partition(None, 5)
    ([(None, None)], [(None, None)])
    """
    if n is None or n <= size:
        return [(None, None)]
    starts = list(range(0, n, size))
    return [(s, s + size) for s in starts[:-1]] + [(starts[-1], None)]


def _list_inputs(
    root: Path, metadata: pd.DataFrame | str | Path | bool | None
) -> tuple[list[Path], list[tuple[Path, str]], pd.DataFrame | None, str | None]:
    """Worker task: the inputs of ``root``, what was skipped, and the curated metadata."""
    inputs, skipped = scan_inputs(root)
    return (inputs, skipped, *resolve_metadata(root, metadata))


def _read_pieces(pieces: list[Piece], kwargs: dict[str, Any]) -> ReadPart:
    """Worker task: read each piece with :func:`~astana_lib.reading.parts.read_part`; one part."""
    return ReadPart.of([read_part(path, start=s, stop=e, **kwargs) for path, s, e in pieces])


def _tasks(client: Any, inputs: list[Path], partition_size: int, retries: int) -> list[list[Piece]]:
    """Pieces in input order, grouped into tasks: record files are counted on the workers
    and cut into ranges of ``partition_size`` records; ``.txt`` files go
    ``partition_size`` to a task."""
    record_files = [str(p) for p in inputs if suffix_of(p) in RECORD_SUFFIXES]
    counts: dict[str, int | None] = {}
    if record_files:
        futs = client.map(_count_records, record_files, pure=False, retries=retries)
        for f, name in zip(futs, record_files, strict=True):
            counts[name] = f.result()
        del futs
    tasks: list[list[Piece]] = []
    batch: list[Piece] = []
    for p in map(str, inputs):
        if p in counts:
            if batch:
                tasks.append(batch)
                batch = []
            tasks.extend([[(p, s, e)] for s, e in _partition(counts[p], partition_size)])
        else:
            batch.append((p, None, None))
            if len(batch) >= partition_size:
                tasks.append(batch)
                batch = []
    if batch:
        tasks.append(batch)
    return tasks


def read_corpus_parts(
    path: str | Path,
    *,
    client: Any,
    partition_size: int = 2_000,
    metadata: pd.DataFrame | str | Path | bool | None = None,
    errors: Errors = "warn",
    text_column: str = "text",
    id_column: str = "id",
    outlets: pd.DataFrame | None = None,
    agencies: pd.DataFrame | str | Path | None = None,
    progress: bool = True,
    retries: int = 2,
    site_boilerplate: bool | pd.DataFrame = True,
) -> DistributedCorpus:
    """Read a corpus on a Dask cluster and keep it there, part by part.

    Inputs are listed with :func:`astana_lib.reading.list_inputs` on a worker (the client
    never opens an input file: on a multi-machine cluster only the workers need to see
    the files). Record files (``.jsonl``/``.jsonl.gz``/``.csv``/``.parquet``) are counted
    on the workers and cut into ranges of ``partition_size`` records, ``.txt`` files go
    ``partition_size`` to a part; each part is read by a worker
    (:func:`astana_lib.reading.read_part`) and stays there. The corpus-level steps of
    :func:`astana_lib.read_corpus` — unique article ids, site boilerplate learned from
    the whole corpus, duplicate records, the problems table — run as map-reduce in
    worker tasks (:mod:`astana_lib.backends.part_steps`). The client receives only the
    listing, record counts, the size of each part and the summary of the problems,
    given as the same one ``UserWarning`` as ``read_corpus``. A part lost with a worker
    is recomputed by Dask from its lineage (the input files).

    Parameters
    ----------
    path : str or Path
        As in :func:`astana_lib.read_corpus`; on a multi-machine cluster it must be
        readable by every worker (shared file system).
    client : dask.distributed.Client
        The cluster to run on.
    partition_size : int, default 2000
        Records (or ``.txt`` files) per part.
    metadata, errors, text_column, id_column, outlets, agencies, site_boilerplate
        As in :func:`astana_lib.read_corpus`. With ``errors="raise"`` the first
        unreadable input raises :class:`~astana_lib.reading.problems.ReadError` here.
    progress : bool, default True
        tqdm bar on the client over finished parts.
    retries : int, default 2
        Dask retries of a task that raised (``Client.submit(retries=...)``).

    Returns
    -------
    DistributedCorpus
        Futures of the parts (``paragraph_parts``, ``article_parts``, ``problems``);
        ``.gather()`` gives the :class:`~astana_lib.reading.corpus.Corpus`, identical
        to ``read_corpus(path)``.

    Examples
    --------
    A tiny in-process cluster; on a real one, ``Client("tcp://scheduler:8786")``.

    >>> from distributed import Client
    >>> from astana_lib.reading.read import read_corpus
    >>> client = Client(processes=False, n_workers=1, threads_per_worker=1,
    ...                 dashboard_address=None)
    >>> dc = read_corpus_parts(SEEDS, client=client, partition_size=2, progress=False)
    >>> dc
    DistributedCorpus(5 articles, 74 paragraphs in 3 parts on the workers)
    >>> first = dc.paragraph_parts[0].result()    # one part's paragraphs, from its worker
    >>> list(first.dtypes) == list(read_corpus(SEEDS, progress=False).paragraphs.dtypes)
    True
    >>> dc.gather().paragraphs.equals(read_corpus(SEEDS, progress=False).paragraphs)
    True
    >>> client.close()
    """
    check_choice("errors", errors, ERRORS)
    if int(partition_size) < 1:
        raise ValueError(f"partition_size must be >= 1, got {partition_size}")
    require_client(client)
    t0 = time.perf_counter()
    root = Path(path)
    # the inputs are listed (and metadata.csv read) on a worker: the client never opens them
    listing = client.submit(_list_inputs, root, metadata, pure=False, retries=retries)
    inputs, skipped, curated, curated_path = listing.result()
    del listing
    if errors == "raise" and curated is not None:  # as read_corpus does
        for prob, sev, _, line in curated.attrs.get("problems", []):
            if sev == "error":
                raise ReadError(f"{curated_path}" + (f" line {line}" if line else "") + f": {prob}")
    registry = default_registry() if outlets is None else OutletRegistry(outlets)
    kwargs = {
        "metadata": curated if curated is not None else False,
        "errors": errors, "text_column": text_column, "id_column": id_column,
        "progress": False, "outlets": registry.table, "agencies": agencies,
    }  # fmt: skip
    tasks = _tasks(client, inputs, int(partition_size), retries)
    log.info(
        "reading %d input(s) of %s in %d part(s) on %d worker(s)", len(inputs), root,
        len(tasks), len(client.scheduler_info().get("workers", {})),
    )  # fmt: skip

    def submit(fn: Any, *args: Any) -> Any:
        return client.submit(fn, *args, pure=False, retries=retries)

    # the options travel as a task's result, not as scattered data: a part lost with a
    # worker can be recomputed from its lineage
    kw = submit(dict, kwargs)
    out = finish_parts(
        submit, [submit(_read_pieces, t, kw) for t in tasks], skipped=skipped,
        curated=curated, curated_path=curated_path, site_boilerplate=site_boilerplate,
    )  # fmt: skip
    del kw
    sizes = _part_sizes(client, out["parts"], desc=f"reading {root.name}", progress=progress)
    summary = submit(problem_summary, out["problems"], root).result()
    stats = RunStats(
        tasks=len(tasks), computed=len(tasks), rounds=1, dashboard=dashboard_link(client),
        seconds=time.perf_counter() - t0,
    )  # fmt: skip
    dc = DistributedCorpus(client, out["parts"], out["problems"], out["lines"], sizes, stats)
    log.info("read %s on Dask, kept on the workers: %r in %.1f s", root, dc, stats.seconds)
    _report(summary, errors, stacklevel=2)
    return dc


def read_corpus_distributed(
    path: str | Path,
    *,
    client: Any,
    partition_size: int = 2_000,
    metadata: pd.DataFrame | str | Path | bool | None = None,
    errors: Errors = "warn",
    text_column: str = "text",
    id_column: str = "id",
    outlets: pd.DataFrame | None = None,
    agencies: pd.DataFrame | str | Path | None = None,
    progress: bool = True,
    retries: int = 2,
    max_rounds: int = 3,
    site_boilerplate: bool | pd.DataFrame = True,
) -> Corpus:
    """Read a corpus on a Dask cluster: same :class:`~astana_lib.reading.Corpus` as on one machine.

    :func:`read_corpus_parts` then :meth:`DistributedCorpus.gather
    <astana_lib.backends.dask_corpus.DistributedCorpus.gather>`: the parts are read and
    finished on the workers, and only the finished tables come to the client. The three
    tables are identical to the single-machine ones (same rows, order and dtypes), and
    so is the summary warning. For corpora larger than the client's memory, keep the
    parts on the workers with :func:`read_corpus_parts`.

    Parameters
    ----------
    path, client, partition_size, metadata, errors, text_column, id_column, outlets, \
agencies, progress, retries, site_boilerplate
        As in :func:`read_corpus_parts`.
    max_rounds : int, default 3
        Kept for compatibility; parts lost with a dying worker are recomputed by Dask
        from their lineage, with no resubmission rounds.

    Returns
    -------
    Corpus
        ``corpus.articles.attrs["dask"]`` holds the run statistics (:class:`RunStats`).

    Examples
    --------
    >>> import json, tempfile
    >>> from distributed import Client
    >>> from astana_lib.reading.read import read_corpus
    >>> client = Client(processes=False, n_workers=1, threads_per_worker=1,
    ...                 dashboard_address=None)
    >>> path = Path(tempfile.mkdtemp()) / "news.jsonl"
    >>> recs = [{"id": f"a{k}", "outlet": "SANA", "text": f"محادثات أستانا الجولة {k}"}
    ...         for k in range(5)]
    >>> with path.open("w", encoding="utf-8") as fh:
    ...     for r in recs:
    ...         print(json.dumps(r, ensure_ascii=False), file=fh)
    >>> c = read_corpus_distributed(path, client=client, partition_size=2, progress=False)
    >>> c.articles.attrs["dask"]["tasks"], len(c.paragraphs)
    (3, 5)
    >>> c.paragraphs.equals(read_corpus(path, progress=False).paragraphs)
    True
    >>> client.close()
    """
    t0 = time.perf_counter()
    dc = read_corpus_parts(
        path, client=client, partition_size=partition_size, metadata=metadata,
        errors=errors, text_column=text_column, id_column=id_column, outlets=outlets,
        agencies=agencies, progress=progress, retries=retries,
        site_boilerplate=site_boilerplate,
    )  # fmt: skip
    corpus = dc.gather()
    corpus.articles.attrs["dask"]["seconds"] = time.perf_counter() - t0
    log.info("read %s on Dask: %r in %.1f s", path, corpus, time.perf_counter() - t0)
    return corpus
