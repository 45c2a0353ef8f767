"""Dask backend: read a corpus and search near-duplicates on a ``dask.distributed`` cluster.

The same analysis as on one machine, spread over the workers of a
:class:`dask.distributed.Client` (a ``LocalCluster`` on a laptop, an HPC cluster through
dask-jobqueue, a cloud cluster through its deployer), with **identical** results:

* :func:`read_corpus_distributed` lists the inputs, cuts record files (.jsonl, .csv,
  .parquet …) into partitions of ``partition_size`` records and reads one partition per
  task with :func:`astana_lib.reading.read_part`; the client concatenates the parts in
  input order (:meth:`Corpus.concat`), exactly as :func:`astana_lib.read_corpus` does.
* :func:`find_near_duplicates_distributed` fits the vocabulary/idf **once** on the
  client over the whole corpus, cuts the paragraphs into blocks of ``block_size`` rows,
  scatters the vectorised blocks to the workers and runs the exact block-pair search
  (:func:`astana_lib.allpairs.search_block_pair` and its containment counterpart) over
  every block pair ``i <= j``. The union of block pairs is the single-machine answer,
  so the pairs table (and the clusters built from it) are the same. Only the block loop
  of :class:`~astana_lib.reuse.ParagraphMatcher` is replaced (a subclass overrides its
  representative-level ``_search``); fitting, exact-duplicate expansion, containment
  values, carried metadata and ordering are the matcher's own code.

Robustness and scale
--------------------
* Every finished block pair can be written to ``spill_dir`` as one Parquet file
  (atomic: temporary file + rename, see :mod:`astana_lib.spill`): a task holds two
  blocks and one block result, results never pile up on the workers, and a killed run
  restarted with the same inputs resumes from the finished blocks (``resume=True``).
  Workers also hold their share of the scattered blocks (the TF-IDF matrix is spread
  over the cluster; Dask spills it to the workers' local disk past their memory limit).
  The client holds the whole TF-IDF matrix (it fits it) and the final pairs table.
* Tasks are submitted with ``retries``; a worker that dies mid-run has its tasks
  rescheduled by Dask, and blocks whose scattered inputs died with it are scattered
  again and rerun (up to ``max_rounds`` rounds). Nothing finished is lost.
* Progress: the dashboard link is logged (logger ``astana_lib.distributed``, level
  INFO) and a tqdm bar on the client counts finished tasks (``progress=False`` hides it).

Requirements: every worker runs the same ``astana_lib`` version as the client (tasks
are the library's own functions), and input paths / ``spill_dir`` must be reachable by
the workers (a shared file system on a multi-machine cluster).

Dask is an optional dependency (``pip install astana_lib[dask]``): this module imports
it only inside its functions, and :mod:`astana_lib` imports this module only when a
client is given, so without one Dask is never imported.
"""

from __future__ import annotations

import functools
import logging
import time
import uuid
from collections.abc import Callable, Hashable, Iterable, Sequence
from concurrent.futures import CancelledError
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal

import pandas as pd
from tqdm.auto import tqdm

from astana_lib._progress import progress_enabled
from astana_lib.reading import Corpus, Errors
from astana_lib.reuse import (
    DEFAULT_CARRY,
    DEFAULT_CONTAINMENT_THRESHOLD,
    DEFAULT_MIN_RUN,
    DEFAULT_ROLES,
    DEFAULT_THRESHOLD,
    DEFAULT_TITLE_CONTAINMENT_THRESHOLD,
    Analyzer,
    Duplicates,
    Scope,
    SearchMethod,
)

__all__ = ["RunStats", "find_near_duplicates_distributed", "read_corpus_distributed"]

log = logging.getLogger(__name__)


@dataclass
class RunStats:
    """What a distributed run did (also stored in ``result.attrs["dask"]``).

    Attributes
    ----------
    tasks : int
        Units of work of the run (block pairs, or read partitions).
    computed : int
        Units computed in this call (a unit rerun after a worker died counts once).
    resumed : int
        Units taken from finished spill files of an earlier run.
    rounds : int
        Submission rounds (1 unless scattered inputs were lost with a worker).
    seconds : float
        Wall time of the distributed part.
    dashboard : str or None
        Dashboard link of the client.
    """

    tasks: int = 0
    computed: int = 0
    resumed: int = 0
    rounds: int = 0
    seconds: float = 0.0
    dashboard: str | None = None
    spill_dir: str | None = None
    extra: dict[str, Any] = field(default_factory=dict)

    def as_dict(self) -> dict[str, Any]:
        """Plain-dict form (what goes in ``DataFrame.attrs``)."""
        d = {k: v for k, v in self.__dict__.items() if k != "extra"}
        d.update(self.extra)
        return d


def _require_client(client: Any) -> Any:
    """Check that ``client`` is a ``distributed.Client`` and log its dashboard link."""
    try:
        from distributed import Client
    except ImportError as e:  # pragma: no cover - depends on the environment
        raise ImportError(
            "the Dask backend needs dask.distributed: pip install 'astana_lib[dask]'"
        ) from e
    if not isinstance(client, Client):
        raise TypeError(f"client must be a dask.distributed.Client, got {type(client).__name__}")
    if client.status != "running":
        raise ValueError(f"the Dask client is not running (status {client.status!r})")
    link = getattr(client, "dashboard_link", None)
    log.info("Dask dashboard: %s", link)
    return client


def _dashboard(client: Any) -> str | None:
    try:
        return client.dashboard_link
    except Exception:  # no dashboard (dashboard_address=None)
        return None


def _lost_input(exc: BaseException) -> bool:
    """True for failures of the cluster (not of our code): rerun the task elsewhere."""
    from distributed import KilledWorker

    return isinstance(exc, (CancelledError, KilledWorker))


def _run_units(
    client: Any,
    units: Sequence[Hashable],
    *,
    submit: Callable[[Any, list[Hashable], int], dict[Any, Hashable]],
    on_result: Callable[[Hashable, Any], None],
    desc: str,
    progress: bool,
    max_rounds: int,
    stats: RunStats,
) -> None:
    """Run ``units`` on the cluster round after round until every one has finished.

    ``submit(client, todo, round_no)`` submits one task per unit of ``todo`` and returns
    ``{future: unit}``; ``on_result(unit, value)`` consumes each finished result on the
    client as soon as it arrives (so finished results never stay on a worker that may
    die). Failures of the cluster (a worker killed, scattered inputs lost) send the unit
    to the next round; any other exception is raised.
    """
    from distributed import as_completed

    todo = list(units)
    bar = tqdm(total=len(todo), desc=desc, disable=not progress_enabled(progress), unit="task")
    try:
        for round_no in range(1, max_rounds + 1):
            if not todo:
                break
            stats.rounds = round_no
            futures = submit(client, todo, round_no)
            failed: list[Hashable] = []
            for fut in as_completed(list(futures)):
                unit = futures[fut]
                try:
                    value = fut.result()
                except Exception as exc:
                    if not _lost_input(exc):
                        for f in futures:
                            f.cancel()
                        raise
                    log.debug("%s: task %s lost with a worker (%s); will rerun", desc, unit, exc)
                    failed.append(unit)
                else:
                    on_result(unit, value)
                    stats.computed += 1
                    bar.update(1)
                fut.release()
            del futures
            todo = failed
            if todo and round_no < max_rounds:
                log.warning(
                    "%s: %d of %d tasks lost their inputs with a worker; resubmitting them "
                    "(round %d of at most %d)",
                    desc,
                    len(todo),
                    stats.tasks,
                    round_no + 1,
                    max_rounds,
                )
        if todo:
            raise RuntimeError(
                f"{desc}: {len(todo)} tasks still failing after {max_rounds} rounds "
                f"(workers keep dying?): {todo[:5]}"
            )
    finally:
        bar.close()


def _timer() -> float:
    return time.perf_counter()


# --------------------------------------------------------------------------- block search
#: Default distinct texts per block of the distributed search.
DEFAULT_BLOCK_SIZE = 20_000
#: Columns of one block-pair result (and of its spill file).
BLOCK_COLUMNS = ("row", "col", "measure", "value")
#: Version of the block-file layout (part of the spill fingerprint).
SPILL_FORMAT = 1
#: ``measure`` codes in block results.
COSINE, SHARED = 0, 1


def _prepare_block_task(inp: tuple, *, threshold: float, use_prefix: bool) -> tuple:
    """Worker task: add the block's prefix index (computed once per block, as on one machine).

    ``inp`` is ``(X, B, n_shingles)``; returns ``(X, B, n_shingles, prefix or None)``.
    """
    from astana_lib.allpairs import prefix_index

    X = inp[0]
    return (*inp, prefix_index(X, threshold) if use_prefix and X.nnz else None)


def _block_pair_task(
    inp_i: tuple,
    inp_j: tuple,
    *,
    block: tuple[int, int],
    offsets: tuple[int, int],
    params: dict[str, Any],
    store: Any,
) -> Any:
    """Search one block pair on a worker (cosine and containment); spill or return it.

    ``inp_*`` is ``(X, B, n_shingles, prefix)`` of a block: TF-IDF rows (global
    vocabulary and rare-first column order), prepared shingle rows (global df), shingle
    counts and the prefix index of the rows (:func:`_prepare_block_task`).
    Returns ``(result, (wall seconds, CPU seconds of the task's thread))``; the result is
    the DataFrame (no spill), or its number of rows once written to the spill store.
    """
    import numpy as np
    import pandas as pd

    from astana_lib.allpairs import search_block_pair
    from astana_lib.containment import containment_block_pair

    t0, c0 = time.perf_counter(), time.thread_time()
    i, j = block
    same = i == j
    X_i, B_i, n_i, pre_i = inp_i
    X_j, B_j, n_j, pre_j = inp_i if same else inp_j
    r1, c1, s1 = search_block_pair(
        X_i,
        X_j,
        offset_i=offsets[0],
        offset_j=offsets[1],
        threshold=params["threshold"],
        same_block=same,
        method=params.get("method", "prefix"),
        n_threads=1,
        prefix_i=pre_i,
        prefix_j=pre_j,
    )
    if params["containment_threshold"] is None:
        r2 = c2 = k2 = np.empty(0, np.int64)
    else:
        r2, c2, k2 = containment_block_pair(
            B_i,
            B_j,
            n_i=n_i,
            n_j=n_j,
            offset_i=offsets[0],
            offset_j=offsets[1],
            threshold=params["containment_threshold"],
            same_block=same,
            min_shingles=params["min_shingles"],
        )
    df = pd.DataFrame(
        {
            "row": np.concatenate((r1, r2)).astype(np.int64),
            "col": np.concatenate((c1, c2)).astype(np.int64),
            "measure": np.concatenate(
                (np.full(len(r1), COSINE, np.int8), np.full(len(r2), SHARED, np.int8))
            ),
            "value": np.concatenate((s1, k2.astype(np.float64))),
        }
    )
    if store is not None:
        store.write(block, df)
    timing = (time.perf_counter() - t0, time.thread_time() - c0)
    return (df if store is None else len(df)), timing


# --------------------------------------------------------------------------- reading
#: One piece of reading work: (path, start, stop) — a .txt file, or records [start, stop).
Piece = tuple[str, int | None, int | None]


def _count_records(path: str) -> int | None:
    """Number of records of a record file, counted as the reader counts them.

    JSON lines: non-blank lines (the reader's definition of a record); Parquet: the
    footer's row count; CSV: rows parsed by pandas. None when the file cannot be
    counted (unreadable, corrupt): it is then read as one piece, and the reader reports
    the problem exactly as the single-machine path does.
    """
    import gzip

    from astana_lib.reading import _suffix

    p = Path(path)
    suffix = _suffix(p)
    try:
        if suffix in (".jsonl", ".jsonl.gz", ".ndjson"):
            opener = gzip.open if suffix == ".jsonl.gz" else open
            n = 0
            with opener(p, "rb") as fh:
                for raw in fh:
                    if raw.strip():
                        n += 1
            return n
        if suffix == ".parquet":
            import pyarrow.parquet as pq

            return int(pq.ParquetFile(p).metadata.num_rows)
        if suffix == ".csv":
            import pandas as pd

            n = 0
            for chunk in pd.read_csv(
                p,
                dtype=str,
                keep_default_na=False,
                na_values=[""],
                chunksize=8192,
                encoding="utf-8-sig",
            ):
                n += len(chunk)
            return n
    except Exception as exc:  # corrupt or unreadable: one piece, the reader reports it
        log.info("cannot count records of %s (%s): reading it as one piece", path, exc)
        return None
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


def _read_pieces(pieces: list[Piece], kwargs: dict[str, Any]) -> list:
    """Worker task: read each piece with :func:`astana_lib.reading.read_part`."""
    from astana_lib.reading import read_part

    return [read_part(path, start=start, stop=stop, **kwargs) for path, start, stop in pieces]


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

    Inputs are listed with :func:`astana_lib.reading.list_inputs`. Record files
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
    >>> from astana_lib.reading import read_corpus
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
    from astana_lib import reading
    from astana_lib._checks import check_choice
    from astana_lib.metadata import OutletRegistry, default_registry

    check_choice("errors", errors, reading.ERRORS)
    if int(partition_size) < 1:
        raise ValueError(f"partition_size must be >= 1, got {partition_size}")
    partition_size = int(partition_size)
    _require_client(client)
    t0 = _timer()
    stats = RunStats(dashboard=_dashboard(client))
    root = Path(path)
    inputs, skipped = reading._scan(root)
    curated, curated_path = reading._resolve_metadata(root, metadata)
    md = curated if curated is not None else False
    registry = default_registry() if outlets is None else OutletRegistry(outlets)
    kwargs = {
        "metadata": md,
        "errors": errors,
        "text_column": text_column,
        "id_column": id_column,
        "progress": False,
        "outlets": registry.table,
        "agencies": agencies,
    }

    # 1. count the records of record files on the workers
    record_files = [str(p) for p in inputs if reading._suffix(p) in reading.RECORD_SUFFIXES]
    counts: dict[str, int | None] = {}
    if record_files:
        futs = client.map(_count_records, record_files, pure=False, retries=retries)
        for f, name in zip(futs, record_files, strict=True):
            counts[name] = f.result()
        del futs

    # 2. pieces in input order, grouped into tasks
    tasks: list[list[Piece]] = []
    batch: list[Piece] = []
    for p in inputs:
        sp_ = str(p)
        if sp_ in counts:
            if batch:
                tasks.append(batch)
                batch = []
            tasks.extend([[(sp_, s, e)] for s, e in _partition(counts[sp_], partition_size)])
        else:
            batch.append((sp_, None, None))
            if len(batch) >= partition_size:
                tasks.append(batch)
                batch = []
    if batch:
        tasks.append(batch)
    stats.tasks = len(tasks)
    log.info(
        "reading %d input(s) of %s in %d task(s) on %d worker(s)",
        len(inputs),
        root,
        len(tasks),
        len(client.scheduler_info().get("workers", {})),
    )

    # 3. read on the workers, keep results on the client as they arrive
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
        client,
        list(range(len(tasks))),
        submit=submit,
        on_result=on_result,
        desc=f"reading {root.name}",
        progress=progress,
        max_rounds=max_rounds,
        stats=stats,
    )
    del kw_future
    parts = [part for k in range(len(tasks)) for part in results[k]]
    corpus = reading.Corpus.concat(parts)
    corpus = reading._finish_read(
        root, corpus, skipped, curated, curated_path, errors, stacklevel=2,
        site_boilerplate=site_boilerplate,
    )  # fmt: skip
    stats.seconds = _timer() - t0
    corpus.articles.attrs["dask"] = stats.as_dict()
    log.info("read %s on Dask: %r in %.1f s", root, corpus, stats.seconds)
    return corpus


# --------------------------------------------------------------------------- search
def find_near_duplicates_distributed(
    paragraphs: pd.DataFrame,
    *,
    client: Any,
    block_size: int | None = None,
    spill_dir: str | Path | None = None,
    resume: bool = True,
    threshold: float = DEFAULT_THRESHOLD,
    scope: Scope = "all",
    roles: Iterable[str] | None = DEFAULT_ROLES,
    containment_threshold: float | None = DEFAULT_CONTAINMENT_THRESHOLD,
    method: SearchMethod = "auto",
    analyzer: Analyzer = "word",
    ngram_range: tuple[int, int] = (1, 2),
    min_shingles: int = 5,
    title_containment_threshold: float | None = DEFAULT_TITLE_CONTAINMENT_THRESHOLD,
    duplicates: Duplicates = "all",
    carry: Sequence[str] = DEFAULT_CARRY,
    progress: bool = True,
    retries: int = 2,
    min_run: int | None = DEFAULT_MIN_RUN,
    max_rounds: int = 3,
    duplicate_records: Literal["drop", "keep"] = "drop",
    decision: Any = "default",
    min_p_reuse: float | None = None,
) -> pd.DataFrame:
    """:func:`astana_lib.find_near_duplicates` on a Dask cluster, with identical pairs.

    1. The paragraphs are selected and checked exactly as on one machine, and a
       :class:`~astana_lib.reuse.ParagraphMatcher` is fitted **once** on the client over
       the whole corpus: vocabulary, idf, rare-first feature order and shingle document
       frequencies are global.
    2. The distinct normalised texts are cut into blocks of ``block_size`` rows; each
       block's TF-IDF rows, prepared shingle rows and shingle counts are scattered to
       the workers.
    3. One task per block pair ``i <= j`` runs
       :func:`~astana_lib.allpairs.search_block_pair` (cosine) and
       :func:`~astana_lib.containment.containment_block_pair` (containment) — the very
       functions of the single-machine search, whose union over block pairs is the
       single-block answer. With ``spill_dir``, each finished block pair is written to
       one Parquet file (atomically) and the worker keeps nothing.
    4. The client merges the block results and builds the pairs table with the
       matcher's own code (exact-duplicate expansion, containment values, carried
       metadata, ordering), then applies ``scope``.

    The result equals ``find_near_duplicates(paragraphs, ...)`` with the same options:
    same rows in the same order, same dtypes, scores equal (they are computed by the
    same row-wise routine, so bit-identical in practice).

    Parameters
    ----------
    paragraphs : DataFrame
        The paragraphs table (see :func:`astana_lib.find_near_duplicates`).
    client : dask.distributed.Client
        The cluster to run on.
    block_size : int, optional
        Distinct texts per block (default ``DEFAULT_BLOCK_SIZE``, 20,000). A task holds two blocks and their candidates; smaller
        blocks use less worker memory and give more, smaller tasks
        (``n_blocks * (n_blocks + 1) / 2`` tasks).
    spill_dir : str or Path, optional
        Folder for per-block-pair Parquet files (on a multi-machine cluster: a folder
        every worker and the client can reach). None keeps block results in memory
        (each is sent to the client as soon as it is finished).
    resume : bool, default True
        With ``spill_dir``: reuse block files of an earlier run with the same inputs and
        options (a fingerprint of the texts, keys and options is part of each file
        name) and compute only the missing blocks. False deletes this run's old files
        first.
    threshold, scope, roles, containment_threshold, method, analyzer, ngram_range, \
min_shingles, title_containment_threshold, duplicates, carry
        As in :func:`astana_lib.find_near_duplicates` (defaults: its defaults).
    progress : bool, default True
        tqdm bar on the client over finished block pairs; the dashboard link is logged.
    retries : int, default 2
        Dask retries of a task that raised.
    max_rounds : int, default 3
        Rounds of resubmission when blocks are lost with dying workers.
    min_run, decision, min_p_reuse
        As in :func:`astana_lib.find_near_duplicates`: the shared-run candidate step and
        the ``p_reuse`` decision, applied to the merged candidates on the client.

    Returns
    -------
    DataFrame
        The :data:`~astana_lib.schema.PAIRS` table. ``pairs.attrs["dask"]`` holds the run
        statistics (:class:`RunStats`: block pairs computed / resumed, rounds, seconds,
        per-block wall and CPU seconds in ``block_seconds`` and ``block_cpu_seconds``).

    Examples
    --------
    A tiny in-process cluster; on a real one, ``Client("tcp://scheduler:8786")``.

    >>> import tempfile
    >>> from distributed import Client
    >>> from astana_lib.reuse import find_near_duplicates
    >>> client = Client(processes=False, n_workers=1, threads_per_worker=1,
    ...                 dashboard_address=None)
    >>> paras = pd.DataFrame({
    ...     "para_id": ["a:1", "a:2", "b:1"], "article_id": ["a", "a", "b"],
    ...     "outlet": ["sana", "sana", "rt"],
    ...     "text": ["أعلن الوفد الروسي أن الجولة المقبلة من محادثات أستانا ستعقد في تموز",
    ...              "قصفت الطائرات مواقع في ريف إدلب الجنوبي صباح اليوم",
    ...              "أعلن الوفد الروسي، أن الجولة المقبلة من محادثات أستانا ستعقد في تموز."]})
    >>> pairs = find_near_duplicates_distributed(paras, client=client, block_size=1,
    ...     spill_dir=tempfile.mkdtemp(), progress=False)
    >>> pairs[["para_a", "para_b", "outlet_a", "outlet_b", "kind"]].to_numpy().tolist()
    [['a:1', 'b:1', 'sana', 'rt', 'near']]
    >>> pairs.attrs["dask"]["tasks"]        # 3 blocks of 1 text: 6 block pairs
    6
    >>> pairs.equals(find_near_duplicates(paras, progress=False))
    True
    >>> client.close()
    """
    from astana_lib import reuse

    block_size = DEFAULT_BLOCK_SIZE if block_size is None else block_size
    chosen = reuse._resolve_decision(decision, min_p_reuse)  # the p_reuse decision, checked
    # ---- the same checks and row selection as reuse.find_near_duplicates
    sel = reuse._select_rows(
        paragraphs, scope=scope, threshold=threshold,
        containment_threshold=containment_threshold, method=method, roles=roles,
        duplicate_records=duplicate_records,
    )  # fmt: skip
    if int(block_size) < 1:
        raise ValueError(f"block_size must be >= 1, got {block_size}")
    _require_client(client)
    matcher = _make_dask_matcher(
        analyzer=analyzer,
        ngram_range=ngram_range,
        threshold=threshold,
        containment_threshold=containment_threshold,
        min_shingles=min_shingles,
        title_containment_threshold=title_containment_threshold,
        min_run=min_run,
        method=method,
        duplicates=duplicates,
        carry=carry,
        progress=False,
    )
    stats = RunStats(dashboard=_dashboard(client))
    matcher.dask_options = {
        "client": client,
        "block_size": int(block_size),
        "spill_dir": spill_dir,
        "resume": bool(resume),
        "progress": progress,
        "retries": int(retries),
        "max_rounds": int(max_rounds),
        "stats": stats,
    }
    t0, c0 = _timer(), time.thread_time()
    # ---- 1. fit once, on the client, on the whole corpus
    try:
        matcher.fit(sel)
    except ValueError as err:
        if "no paragraph to match" not in str(err) and "no features" not in str(err):
            raise
        log.warning("find_near_duplicates_distributed: %s; returning no pairs", err)
        return reuse._decide(reuse._typed_empty(sel, carry), sel, chosen)
    stats.extra["fit_seconds"] = _timer() - t0
    stats.extra["fit_cpu_seconds"] = time.thread_time() - c0
    # ---- 2.-4. the matcher's own search, with its block loop run on the cluster
    pairs = reuse._decide(
        reuse._apply_scope(reuse._label_copies(matcher.find_pairs(), sel), scope), sel, chosen
    )
    stats.seconds = _timer() - t0
    log.info(
        "near-duplicate search on Dask: %d pairs; %d block pair(s) computed, %d resumed, "
        "%d round(s), %.1f s",
        len(pairs),
        stats.computed,
        stats.resumed,
        stats.rounds,
        stats.seconds,
    )
    pairs.attrs["dask"] = stats.as_dict()
    return pairs


@functools.cache
def _dask_matcher_class() -> type:
    """Build the :class:`~astana_lib.reuse.ParagraphMatcher` subclass used on Dask.

    Only the representative-level search of a corpus against itself (``_search`` with no
    second corpus) is replaced: the block-pair loop runs on the cluster
    (:func:`_search_on_cluster`); fitting, exact-duplicate expansion and the pairs table
    are the matcher's own code.
    """
    from astana_lib.reuse import ParagraphMatcher

    class DaskParagraphMatcher(ParagraphMatcher):
        dask_options: dict[str, Any]

        def _search(self, Xa, Ba, na, Xb, Bb, nb, shingle_df):  # type: ignore[override]
            opts = getattr(self, "dask_options", None)
            if Xb is not None or not opts:
                return super()._search(Xa, Ba, na, Xb, Bb, nb, shingle_df)
            return _search_on_cluster(self, Xa, Ba, na, shingle_df, **opts)

    DaskParagraphMatcher.__module__ = __name__
    DaskParagraphMatcher.__qualname__ = "DaskParagraphMatcher"
    return DaskParagraphMatcher


def _make_dask_matcher(**params: Any) -> Any:
    return _dask_matcher_class()(**params)


def _search_on_cluster(
    matcher: Any,
    X: Any,
    B: Any,
    n_sh: Any,
    shingle_df: Any,
    *,
    client: Any,
    block_size: int,
    spill_dir: str | Path | None,
    resume: bool,
    progress: bool,
    retries: int,
    max_rounds: int,
    stats: RunStats,
) -> tuple:
    """``ParagraphMatcher._search`` of a corpus against itself, block pairs on the cluster.

    Same inputs and outputs as the single-machine method: ``X`` TF-IDF rows of the
    distinct texts (rare-first columns), ``B`` their raw shingle rows, ``n_sh`` shingle
    counts, ``shingle_df`` global shingle document frequencies → ``(u, v, cosine,
    shared, n_u, n_v)``, pairs of representatives sorted by (u, v).
    """
    import numpy as np
    import pandas as pd

    from astana_lib.allpairs import block_spans, rowwise_dot
    from astana_lib.containment import prepare_shingles, shared_counts
    from astana_lib.spill import BlockStore, fingerprint

    P = prepare_shingles(B, shingle_df)
    n = X.shape[0]
    spans = block_spans(n, int(block_size))
    units = [(i, j) for i in range(len(spans)) for j in range(i, len(spans))]
    stats.tasks = len(units)
    cthr = matcher.containment_threshold
    params = {
        "threshold": float(matcher.threshold),
        "containment_threshold": None if cthr is None else float(cthr),
        "min_shingles": int(matcher.min_shingles),
        "method": matcher._method(),
    }
    log.info(
        "near-duplicate search: %d distinct texts, %d block(s) of %d, %d block pair(s), "
        "on %d worker(s)",
        n,
        len(spans),
        int(block_size),
        len(units),
        len(client.scheduler_info().get("workers", {})),
    )

    # ---- spill store and resume
    store = None
    done: set[tuple[int, int]] = set()
    if spill_dir is not None:
        from astana_lib import __version__

        key = fingerprint(
            SPILL_FORMAT,
            __version__,
            pd.Series(matcher._side.uniq, dtype=object),
            pd.Series(np.asarray(matcher._side.sizes)),
            params,
            matcher.analyzer,
            tuple(int(v) for v in matcher.ngram_range),
            int(matcher.shingle_size),
            int(block_size),
            n,
        )
        store = BlockStore(spill_dir, key=key, prefix="pairs")
        stats.spill_dir = str(store.directory)
        if resume:
            done = store.finished() & set(units)
        else:
            removed = store.clear()
            if removed:
                log.info("resume=False: removed %d block file(s) of an earlier run", removed)
        stats.resumed = len(done)
        if done:
            log.info(
                "resuming: %d of %d block pair(s) already finished in %s",
                len(done),
                len(units),
                store.directory,
            )

    # ---- block pairs on the workers
    results: dict[tuple[int, int], Any] = {}
    token = uuid.uuid4().hex[:8]
    block_seconds: dict[tuple[int, int], tuple[float, float]] = {}

    def block_input(k: int) -> tuple:
        a0, a1 = spans[k]
        return (X[a0:a1], P[a0:a1], n_sh[a0:a1])

    def submit(c: Any, todo: list[Hashable], round_no: int) -> dict[Any, Hashable]:
        needed = sorted({k for u in todo for k in u})  # type: ignore[union-attr]
        raw = c.scatter([block_input(k) for k in needed], hash=False)
        scattered = {
            k: c.submit(
                _prepare_block_task,
                fut,
                threshold=params["threshold"],
                use_prefix=params["method"] == "prefix",
                key=f"near-duplicates-block-{k}-r{round_no}-{token}",
                retries=retries,
            )
            for k, fut in zip(needed, raw, strict=True)
        }
        del raw
        futures = {}
        for u in todo:
            i, j = u  # type: ignore[misc]
            fut = c.submit(
                _block_pair_task,
                scattered[i],
                scattered[j],
                block=(i, j),
                offsets=(spans[i][0], spans[j][0]),
                params=params,
                store=store,
                key=f"near-duplicates-{i}-{j}-r{round_no}-{token}",
                retries=retries,
            )
            futures[fut] = u
        return futures

    def on_result(u: Hashable, value: Any) -> None:
        payload, timing = value
        block_seconds[u] = timing  # type: ignore[index]
        if store is None:
            results[u] = payload  # type: ignore[index]

    t_blocks = _timer()
    _run_units(
        client,
        [u for u in units if u not in done],
        submit=submit,
        on_result=on_result,
        desc="near-duplicate blocks",
        progress=progress,
        max_rounds=max_rounds,
        stats=stats,
    )
    stats.extra["blocks_seconds"] = _timer() - t_blocks
    stats.extra["block_seconds"] = {f"{i}-{j}": w for (i, j), (w, _) in block_seconds.items()}
    stats.extra["block_cpu_seconds"] = {f"{i}-{j}": c for (i, j), (_, c) in block_seconds.items()}
    stats.extra["block_spans"] = [list(sp_) for sp_ in spans]
    t_merge = _timer()

    # ---- merge exactly as ParagraphMatcher._search does
    frames = [store.read(u) for u in units] if store is not None else [results[u] for u in units]
    results.clear()
    allres = (
        pd.concat(frames, ignore_index=True)
        if frames
        else pd.DataFrame({c: [] for c in BLOCK_COLUMNS})
    )
    del frames
    meas = allres["measure"].to_numpy()
    rows = allres["row"].to_numpy(dtype=np.int64)
    cols = allres["col"].to_numpy(dtype=np.int64)
    vals = allres["value"].to_numpy(dtype=np.float64)
    is_cos = meas == COSINE
    cr, cc, cs = rows[is_cos], cols[is_cos], vals[is_cos]
    kr, kc = rows[~is_cos], cols[~is_cos]
    nbig = max(n, 1)
    extra = np.setdiff1d(kr * nbig + kc, cr * nbig + cc)
    er, ec = extra // nbig, extra % nbig
    es = rowwise_dot(X, er, X, ec)
    u = np.concatenate((cr, er))
    v = np.concatenate((cc, ec))
    cosine = np.concatenate((cs, es))
    order = np.lexsort((v, u))
    u, v, cosine = u[order], v[order], cosine[order]
    shared = shared_counts(P, u, P, v)
    stats.extra["merge_seconds"] = _timer() - t_merge
    return u, v, cosine, shared, n_sh, n_sh
