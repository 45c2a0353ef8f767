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
  (:func:`astana_lib.reuse.allpairs.search_block_pair` and its containment counterpart) over
  every block pair ``i <= j``. The union of block pairs is the single-machine answer,
  so the pairs table (and the clusters built from it) are the same. Only the block loop
  of :class:`~astana_lib.reuse.ParagraphMatcher` is replaced (a subclass overrides its
  representative-level ``_search``); fitting, exact-duplicate expansion, containment
  values, carried metadata and ordering are the matcher's own code.

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

import functools
import logging
import time
import uuid
from collections.abc import Hashable, Iterable, Sequence
from pathlib import Path
from typing import Any, Literal

import pandas as pd

from astana_lib.reuse.matcher import (
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

from astana_lib.backends.dask_read import read_corpus_distributed
from astana_lib.backends.dask_runtime import (
    RunStats,
    _dashboard,
    _require_client,
    _run_units,
    _timer,
)

log = logging.getLogger(__name__)


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
    from astana_lib.reuse.allpairs import prefix_index

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

    from astana_lib.reuse.allpairs import search_block_pair
    from astana_lib.reuse.containment import containment_block_pair

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
       :func:`~astana_lib.reuse.allpairs.search_block_pair` (cosine) and
       :func:`~astana_lib.reuse.containment.containment_block_pair` (containment) — the very
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
    from astana_lib.reuse import matcher as reuse

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
    from astana_lib.reuse.matcher import ParagraphMatcher

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

    from astana_lib.backends.spill import BlockStore, fingerprint
    from astana_lib.reuse.allpairs import block_spans, rowwise_dot
    from astana_lib.reuse.containment import prepare_shingles, shared_counts

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
