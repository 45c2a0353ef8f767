"""Reading a corpus on a Dask cluster: record files cut into partitions, one task per piece.

See :func:`read_corpus_distributed`; the search half of the backend is
:mod:`astana_lib.backends.dask`.
"""

from __future__ import annotations

import logging
from collections.abc import Hashable
from pathlib import Path
from typing import Any

import pandas as pd

from astana_lib._checks import check_choice
from astana_lib.annotate.metadata import OutletRegistry, default_registry
from astana_lib.backends.dask_runtime import (
    RunStats,
    _dashboard,
    _require_client,
    _run_units,
    _timer,
)
from astana_lib.reading.corpus import Corpus
from astana_lib.reading.finish import _finish_read
from astana_lib.reading.formats import RECORD_SUFFIXES, format_of, suffix_of
from astana_lib.reading.inputs import resolve_metadata, scan_inputs
from astana_lib.reading.parts import read_part
from astana_lib.reading.problems import ERRORS, Errors

__all__ = ["read_corpus_distributed"]

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


def _read_pieces(pieces: list[Piece], kwargs: dict[str, Any]) -> list:
    """Worker task: read each piece with :func:`astana_lib.reading.parts.read_part`."""
    return [read_part(path, start=start, stop=stop, **kwargs) for path, start, stop in pieces]


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


def _read_on_workers(
    client: Any, tasks: list[list[Piece]], kwargs: dict[str, Any], *, desc: str,
    progress: bool, retries: int, max_rounds: int, stats: RunStats,
) -> list[Corpus]:  # fmt: skip
    """Run the tasks on the workers (resubmitting lost ones); the parts in task order."""
    kw_future = client.scatter(kwargs, broadcast=True, hash=False) if tasks else None
    results: dict[int, list] = {}

    def submit(c: Any, todo: list[Hashable], round_no: int) -> dict[Any, Hashable]:
        nonlocal kw_future
        if round_no > 1:  # the scattered options may have died with a worker
            kw_future = c.scatter(kwargs, broadcast=True, hash=False)
        return {
            c.submit(_read_pieces, tasks[k], kw_future, pure=False, retries=retries): k
            for k in todo
        }

    def on_result(k: Hashable, value: Any) -> None:
        results[k] = value

    _run_units(
        client, list(range(len(tasks))), submit=submit, on_result=on_result, desc=desc,
        progress=progress, max_rounds=max_rounds, stats=stats,
    )  # fmt: skip
    return [part for k in range(len(tasks)) for part in results[k]]


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

    Inputs are listed with :func:`astana_lib.reading.list_inputs` on a worker (the client
    never opens an input file: on a multi-machine cluster only the workers need to see
    the files). Record files
    (``.jsonl``/``.jsonl.gz``/``.csv``/``.parquet``) are counted on the workers and cut
    into ranges of ``partition_size`` records; ``.txt`` files are read
    ``partition_size`` files per task. Each task runs
    :func:`astana_lib.reading.read_part`; the client concatenates the parts in input
    order with :meth:`Corpus.concat <astana_lib.reading.Corpus.concat>` and adds the
    corpus-level problems (skipped files, curated metadata for unknown articles)
    exactly as :func:`astana_lib.read_corpus` does. The three tables are identical to
    the single-machine ones (same rows, order and dtypes).

    Parameters
    ----------
    path : str or Path
        As in :func:`astana_lib.read_corpus`. On a multi-machine cluster the path must
        be readable by every worker (shared file system).
    client : dask.distributed.Client
        The cluster to run on.
    partition_size : int, default 2000
        Records (or ``.txt`` files) per task.
    metadata, errors, text_column, id_column, outlets, agencies
        As in :func:`astana_lib.read_corpus`. With ``errors="raise"`` the first
        unreadable input raises :class:`~astana_lib.reading.ReadError` on the client.
    progress : bool, default True
        tqdm bar on the client over finished tasks.
    retries : int, default 2
        Dask retries of a task that raised (``Client.submit(retries=...)``).
    max_rounds : int, default 3
        Rounds of resubmission when tasks are lost with dying workers.
    site_boilerplate : bool or DataFrame, default True
        As in :func:`astana_lib.read_corpus`.

    Returns
    -------
    Corpus
        ``corpus.articles.attrs["dask"]`` holds the run statistics (:class:`RunStats`).

    Examples
    --------
    A tiny in-process cluster; on a real one, ``Client("tcp://scheduler:8786")``.

    >>> import json, tempfile
    >>> from pathlib import Path
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
    check_choice("errors", errors, ERRORS)
    if int(partition_size) < 1:
        raise ValueError(f"partition_size must be >= 1, got {partition_size}")
    partition_size = int(partition_size)
    _require_client(client)
    t0 = _timer()
    stats = RunStats(dashboard=_dashboard(client))
    root = Path(path)
    # the inputs are listed (and metadata.csv read) on a worker: the client never opens them
    listing = client.submit(_list_inputs, root, metadata, pure=False, retries=retries)
    inputs, skipped, curated, curated_path = listing.result()
    del listing
    registry = default_registry() if outlets is None else OutletRegistry(outlets)
    kwargs = {
        "metadata": curated if curated is not None else False,
        "errors": errors,
        "text_column": text_column,
        "id_column": id_column,
        "progress": False,
        "outlets": registry.table,
        "agencies": agencies,
    }
    tasks = _tasks(client, inputs, partition_size, retries)
    stats.tasks = len(tasks)
    log.info(
        "reading %d input(s) of %s in %d task(s) on %d worker(s)", len(inputs), root,
        len(tasks), len(client.scheduler_info().get("workers", {})),
    )  # fmt: skip
    parts = _read_on_workers(
        client, tasks, kwargs, desc=f"reading {root.name}", progress=progress,
        retries=retries, max_rounds=max_rounds, stats=stats,
    )  # fmt: skip
    corpus = _finish_read(
        root, Corpus.concat(parts), skipped, curated, curated_path, errors, stacklevel=2,
        site_boilerplate=site_boilerplate,
    )  # fmt: skip
    stats.seconds = _timer() - t0
    corpus.articles.attrs["dask"] = stats.as_dict()
    log.info("read %s on Dask: %r in %.1f s", root, corpus, stats.seconds)
    return corpus
