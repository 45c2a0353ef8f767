"""Dask backend: read a corpus and search near-duplicates on a ``dask.distributed`` cluster.

The same analysis as on one machine, spread over the workers of a
:class:`dask.distributed.Client` (a ``LocalCluster`` on a laptop, an HPC cluster through
dask-jobqueue, a cloud cluster through its deployer), with **identical** results:

* :func:`read_corpus_distributed` lists the inputs, cuts record files (.jsonl, .csv,
  .parquet …) into partitions of ``partition_size`` records and reads one partition per
  task with :func:`astana_lib.reading.read_part`; the corpus-level steps run as
  map-reduce on the workers (:mod:`astana_lib.backends.part_steps`) and the finished
  tables are gathered: the same Corpus as :func:`astana_lib.read_corpus`
  (:func:`~astana_lib.backends.dask_read.read_corpus_parts` keeps them on the workers).
* :class:`DaskExecutor` is an executor (:mod:`astana_lib.backends.executor`): it runs
  the block task of the near-duplicate search
  (:func:`astana_lib.reuse.blocks.search_block_pair_task`) on the workers, block pair by
  block pair, and hands the results back in order.
* :func:`find_near_duplicates_distributed` is the single-machine search
  (:func:`astana_lib.reuse.find.search_pairs`) with a :class:`DaskExecutor`: the
  vocabulary/idf are fitted **once** on the client over the whole corpus, the
  vectorised blocks are scattered to the workers, and the same block task and the same
  merge run as on one machine. The union of block pairs is the single-machine answer,
  so the pairs table (and the clusters built from it) are the same.

Robustness and scale
--------------------
* Every finished block pair can be written to ``spill_dir`` as one Parquet file
  (atomic: temporary file + rename, see :mod:`astana_lib.backends.spill`): a task holds two
  blocks and one block result, results never pile up on the workers, and a killed run
  restarted with the same inputs resumes from the finished blocks (``resume=True``).
  Workers also hold their share of the scattered blocks (the TF-IDF matrix is spread
  over the cluster; Dask spills it to the workers' local disk past their memory limit).
  The client holds the whole TF-IDF matrix (it fits it) and the final pairs table.
* Tasks are submitted with ``retries``; a worker that dies mid-run has its tasks
  rescheduled by Dask, and blocks whose scattered inputs died with it are scattered
  again and rerun (up to ``max_rounds`` rounds). Nothing finished is lost.
* Progress: the dashboard link is logged (logger ``astana_lib.backends.dask``, level
  INFO) and a tqdm bar on the client counts finished tasks (``progress=False`` hides it).

Requirements: every worker runs the same ``astana_lib`` version as the client (tasks
are the library's own functions), and input paths / ``spill_dir`` must be reachable by
the workers (a shared file system on a multi-machine cluster).

Dask is an optional dependency (``pip install astana_lib[dask]``): this module imports
it only inside its functions, and :mod:`astana_lib` imports this module only when a
client is given, so without one Dask is never imported.
"""

from __future__ import annotations

import logging
import time
import uuid
from collections.abc import Callable, Hashable, Iterable, Sequence
from pathlib import Path
from typing import Any, Literal

import pandas as pd

from astana_lib.backends.dask_corpus import DistributedCorpus
from astana_lib.backends.dask_read import read_corpus_distributed, read_corpus_parts
from astana_lib.backends.dask_runtime import RunStats, dashboard_link, require_client, run_units
from astana_lib.backends.dask_search import find_near_duplicates_parts, is_parts
from astana_lib.backends.spill import BlockStore, fingerprint
from astana_lib.reuse.constants import (
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
from astana_lib.reuse.find import search_pairs
from astana_lib.reuse.partfinish import prepare_out, write_table

__all__ = [
    "DaskExecutor",
    "DistributedCorpus",
    "RunStats",
    "find_near_duplicates_distributed",
    "read_corpus_distributed",
    "read_corpus_parts",
]

log = logging.getLogger(__name__)

#: Version of the block-file layout (part of the spill fingerprint).
SPILL_FORMAT = 2


def _timed_pair_task(
    inp_i: Any, inp_j: Any, *, task: Callable[..., Any], same_block: bool, block: tuple, store: Any
) -> tuple:
    """Worker side of one block pair: run ``task``, spill its result or return it.

    Returns ``(result, (wall seconds, CPU seconds of the task's thread))``; the result is
    the task's DataFrame (no spill), or its number of rows once written to the store.
    """
    t0, c0 = time.perf_counter(), time.thread_time()
    df = task(inp_i, inp_j, same_block=same_block)
    if store is not None:
        store.write(block, df)
    timing = (time.perf_counter() - t0, time.thread_time() - c0)
    return (df if store is None else len(df)), timing


class DaskExecutor:
    """Run the block tasks of a search on a ``dask.distributed`` cluster.

    Raw blocks are scattered to the workers, each block is prepared once on a worker, and
    one task per block pair runs there (:class:`~astana_lib.backends.executor.Executor`).
    Results come back to the client as soon as they are finished, or are written to one
    Parquet file per block pair in ``spill_dir`` (atomically, :mod:`astana_lib.backends.spill`)
    so that a killed run resumes from its finished blocks. Tasks lost with a dying worker
    are resubmitted (up to ``max_rounds`` rounds); ``retries`` reruns a task that raised.

    Parameters
    ----------
    client : dask.distributed.Client
    spill_dir : str or Path, optional
        Folder for per-block-pair Parquet files (reachable by every worker and the client).
    resume : bool, default True
        Reuse block files of an earlier identical run; False deletes them first.
    progress : bool, default True
        tqdm bar on the client over finished block pairs.
    retries, max_rounds : int
        Dask retries of a failing task; rounds of resubmission of lost tasks.

    Attributes
    ----------
    stats : RunStats
        What the runs of this executor did (tasks, computed, resumed, rounds, timings).
    """

    def __init__(
        self,
        client: Any,
        *,
        spill_dir: str | Path | None = None,
        resume: bool = True,
        progress: bool = True,
        retries: int = 2,
        max_rounds: int = 3,
    ) -> None:
        self.client = require_client(client)
        self.spill_dir = spill_dir
        self.resume = bool(resume)
        self.progress = progress
        self.retries = int(retries)
        self.max_rounds = int(max_rounds)
        self.stats = RunStats(dashboard=dashboard_link(client))

    def record(self, name: str, value: Any) -> None:
        self.stats.extra[name] = value

    def _store(self, units: list, run_key: Callable[[], tuple]) -> tuple[Any, set]:
        """The spill store of this run and its finished units (resume)."""
        if self.spill_dir is None:
            return None, set()
        from astana_lib._version import __version__

        store = BlockStore(
            self.spill_dir, key=fingerprint(SPILL_FORMAT, __version__, *run_key()), prefix="pairs"
        )
        self.stats.spill_dir = str(store.directory)
        done: set = set()
        if self.resume:
            done = store.finished() & set(units)
        else:
            removed = store.clear()
            if removed:
                log.info("resume=False: removed %d block file(s) of an earlier run", removed)
        self.stats.resumed = len(done)
        if done:
            log.info(
                "resuming: %d of %d block pair(s) already finished in %s",
                len(done),
                len(units),
                store.directory,
            )
        return store, done

    def run_block_pairs(
        self,
        block: Callable[[int], Any],
        pairs: Sequence[tuple[int, int]],
        *,
        prepare: Callable[[Any], Any],
        task: Callable[..., Any],
        run_key: Callable[[], tuple],
        desc: str,
    ) -> list[Any]:
        units = [tuple(p) for p in pairs]
        self.stats.tasks = len(units)
        log.info(
            "%s: %d block pair(s) on %d worker(s)",
            desc,
            len(units),
            len(self.client.scheduler_info().get("workers", {})),
        )
        store, done = self._store(units, run_key)
        results: dict[Hashable, Any] = {}
        timings: dict[Hashable, tuple[float, float]] = {}
        token = uuid.uuid4().hex[:8]

        def submit(c: Any, todo: list[Hashable], round_no: int) -> dict[Any, Hashable]:
            needed = sorted({k for u in todo for k in u})  # type: ignore[union-attr]
            raw = c.scatter([block(k) for k in needed], hash=False)
            ready = {
                k: c.submit(prepare, fut, key=f"near-duplicates-block-{k}-r{round_no}-{token}",
                            retries=self.retries)
                for k, fut in zip(needed, raw, strict=True)
            }  # fmt: skip
            del raw
            futures = {}
            for u in todo:
                i, j = u  # type: ignore[misc]
                fut = c.submit(
                    _timed_pair_task, ready[i], ready[j], task=task, same_block=i == j,
                    block=(i, j), store=store, key=f"near-duplicates-{i}-{j}-r{round_no}-{token}",
                    retries=self.retries,
                )  # fmt: skip
                futures[fut] = u
            return futures

        def on_result(u: Hashable, value: Any) -> None:
            payload, timings[u] = value
            if store is None:
                results[u] = payload

        t0 = time.perf_counter()
        run_units(
            self.client, [u for u in units if u not in done], submit=submit,
            on_result=on_result, desc=desc, progress=self.progress,
            max_rounds=self.max_rounds, stats=self.stats,
        )  # fmt: skip
        self.record("blocks_seconds", time.perf_counter() - t0)
        self.record("block_seconds", {f"{i}-{j}": w for (i, j), (w, _) in timings.items()})
        self.record("block_cpu_seconds", {f"{i}-{j}": c for (i, j), (_, c) in timings.items()})
        if store is not None:
            return [store.read(u) for u in units]  # type: ignore[arg-type]
        return [results.pop(u) for u in units]

    def __repr__(self) -> str:
        return f"DaskExecutor({self.client!r}, spill_dir={self.spill_dir!r})"


def find_near_duplicates_distributed(
    paragraphs: pd.DataFrame | Sequence[Any],
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
    out: str | Path | None = None,
) -> pd.DataFrame:
    """:func:`astana_lib.find_near_duplicates` on a Dask cluster, with identical pairs.

    The same code as on one machine (:func:`astana_lib.reuse.find.search_pairs`) with a
    :class:`DaskExecutor` instead of the local one:

    1. The paragraphs are selected and checked exactly as on one machine, and a
       :class:`~astana_lib.reuse.ParagraphMatcher` is fitted **once** on the client over
       the whole corpus: vocabulary, idf, rare-first feature order and shingle document
       frequencies are global.
    2. The distinct normalised texts are cut into blocks of ``block_size`` rows; each
       block's TF-IDF rows, prepared shingle rows and shingle counts are scattered to
       the workers.
    3. One task per block pair ``i <= j`` runs
       :func:`~astana_lib.reuse.blocks.search_block_pair_task` (cosine and containment) —
       the very task of the single-machine search, whose union over block pairs is the
       single-block answer. With ``spill_dir``, each finished block pair is written to
       one Parquet file (atomically) and the worker keeps nothing.
    4. The client merges the block results
       (:func:`~astana_lib.reuse.merge.merge_block_results`) and builds the pairs table
       with the matcher's own code (exact-duplicate expansion, containment values, carried
       metadata, ordering), then applies ``scope``.

    The result equals ``find_near_duplicates(paragraphs, ...)`` with the same options:
    same rows in the same order, same dtypes, scores equal (they are computed by the
    same row-wise routine, so bit-identical in practice).

    Parameters
    ----------
    paragraphs : DataFrame or sequence of parts
        The paragraphs table (see :func:`astana_lib.find_near_duplicates`), or the same
        table as parts held on the workers: a list of Dask futures of DataFrames or of
        Parquet paths the workers read, in corpus order, each article in one part, or a
        :class:`~astana_lib.backends.dask_corpus.DistributedCorpus` (its
        ``paragraph_parts``, from :func:`~astana_lib.backends.dask_read.read_corpus_parts`). Parts
        are searched out of core (:mod:`astana_lib.backends.dask_search`: the fit is a
        map-reduce on the workers, the client never holds all paragraphs or the
        matrix) with the same pairs; ``spill_dir``/``resume``/``retries``/``max_rounds``
        apply to the DataFrame path only.
    client : dask.distributed.Client
        The cluster to run on.
    block_size : int, optional
        Distinct texts per block, as in :func:`astana_lib.find_near_duplicates` (default
        :data:`~astana_lib.reuse.constants.DEFAULT_BLOCK_SIZE`, the same on one machine
        and on Dask: 50,000 for the prefix search, 20,000 for ``topn``/``brute``). A task
        holds two blocks and their candidates; smaller blocks use less worker memory and
        give more, smaller tasks (``n_blocks * (n_blocks + 1) / 2`` tasks).
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
    out : str or Path, optional
        A folder (created if needed; one holding ``pairs-*.parquet`` files is refused) to
        write the pairs table to, as Parquet files ``pairs-00000.parquet``, … of about
        :data:`~astana_lib.reuse.partfinish.ROWS_PER_FILE` rows, in table order:
        ``pd.read_parquet(out)`` is the table. With parts, the workers write the files
        and the client never holds the pairs: use it when the pairs are too many for
        the client's memory.

    Returns
    -------
    DataFrame
        The :data:`~astana_lib.schema.PAIRS` table; with ``out``, the list of files
        written instead (columns ``file``, ``rows``). ``attrs["dask"]`` holds the run
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
    paragraphs = getattr(paragraphs, "paragraph_parts", paragraphs)  # a DistributedCorpus
    if is_parts(paragraphs):
        return find_near_duplicates_parts(
            paragraphs, client=client, threshold=threshold, scope=scope, roles=roles,
            containment_threshold=containment_threshold, method=method, analyzer=analyzer,
            ngram_range=ngram_range, min_shingles=min_shingles,
            title_containment_threshold=title_containment_threshold, min_run=min_run,
            duplicates=duplicates, carry=carry, block_size=block_size,
            duplicate_records=duplicate_records, decision=decision, min_p_reuse=min_p_reuse,
            out=out,
        )  # fmt: skip
    if out is not None:
        out = prepare_out(out)
    executor = DaskExecutor(
        client, spill_dir=spill_dir, resume=resume, progress=progress, retries=retries,
        max_rounds=max_rounds,
    )  # fmt: skip
    t0 = time.perf_counter()
    pairs = search_pairs(
        paragraphs, executor=executor, scope=scope, roles=roles,
        duplicate_records=duplicate_records, decision=decision, min_p_reuse=min_p_reuse,
        threshold=threshold, containment_threshold=containment_threshold, method=method,
        analyzer=analyzer, ngram_range=ngram_range, min_shingles=min_shingles,
        title_containment_threshold=title_containment_threshold, min_run=min_run,
        duplicates=duplicates, carry=carry, block_size=block_size, n_threads=1,
        progress=False,
    )  # fmt: skip
    stats = executor.stats
    if not stats.rounds and not stats.tasks:  # nothing to search: no run to report
        return pairs if out is None else write_table(pairs, out)
    stats.seconds = time.perf_counter() - t0
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
    return pairs if out is None else write_table(pairs, out)
