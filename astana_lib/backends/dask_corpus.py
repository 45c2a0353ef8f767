"""Reading a corpus that stays on the workers: :func:`read_corpus_parts` → :class:`DistributedCorpus`.

:func:`~astana_lib.backends.dask_read.read_corpus_distributed` reads partitions on the
workers but brings every part to the client, concatenates them there and runs the
corpus-level steps on the whole corpus. :func:`read_corpus_parts` keeps the parts on the
workers as futures: the corpus-level steps (unique article ids, site boilerplate,
duplicate records, problems) run as map-reduce in worker tasks
(:mod:`astana_lib.backends.part_steps`), so the client holds futures, a few numbers per
part and the summary warning — never the paragraphs. ``.gather()`` brings the
:class:`~astana_lib.reading.corpus.Corpus` home, identical to :func:`astana_lib.read_corpus`.

The contract for code that works on the parts (the near-duplicate search on the
cluster): :attr:`DistributedCorpus.paragraph_parts` is a list of futures, in corpus
order, each a DataFrame with exactly the columns and dtypes of
``read_corpus(...).paragraphs``; all paragraphs of an article are in one part.
"""

from __future__ import annotations

import logging
import time
from pathlib import Path
from typing import Any

import pandas as pd
from tqdm.auto import tqdm

from astana_lib._checks import check_choice
from astana_lib._progress import progress_enabled
from astana_lib.annotate.metadata import OutletRegistry, default_registry
from astana_lib.backends.dask_read import _list_inputs, _tasks
from astana_lib.backends.dask_runtime import RunStats, dashboard_link, require_client
from astana_lib.backends.part_steps import (
    ReadPart,
    finish_parts,
    gather_parts,
    problem_summary,
    read_pieces,
)
from astana_lib.reading.corpus import Corpus
from astana_lib.reading.finish import _report
from astana_lib.reading.inputs import SEEDS  # noqa: F401  (the doctests read it)
from astana_lib.reading.problems import ERRORS, Errors, ReadError

__all__ = ["DistributedCorpus", "read_corpus_parts"]

log = logging.getLogger("astana_lib.backends.dask")


def _paragraphs(part: ReadPart) -> pd.DataFrame:
    return part.paragraphs


def _articles(part: ReadPart) -> pd.DataFrame:
    return part.article_table()


def _sizes(part: ReadPart) -> tuple[int, int]:
    return part.n_articles, len(part.paragraphs)


class DistributedCorpus:
    """A read corpus whose parts stay on the workers of a Dask cluster.

    Made by :func:`read_corpus_parts`; every corpus-level step has already run.

    Attributes
    ----------
    client : dask.distributed.Client
    parts : list of Future
        The parts (:class:`~astana_lib.backends.part_steps.ReadPart`), in corpus order.
    paragraph_parts : list of Future
        One paragraphs table per part, in corpus order, with the columns and dtypes of
        ``read_corpus(...).paragraphs``; all paragraphs of an article in one part.
    article_parts : list of Future
        One articles table per part (extra record fields as read: their dtypes are
        settled for the whole corpus by :meth:`gather`).
    problems : Future
        The corpus's problems table (as ``read_corpus(...).problems``).
    boilerplate : Future, DataFrame or None
        The learned site lines (:func:`~astana_lib.reading.boilerplate.site_boilerplate`),
        the table given, or None (``site_boilerplate=False``).
    sizes : DataFrame
        ``n_articles`` and ``n_paragraphs`` of each part (on the client).
    stats : dict
        Run statistics (what ``gather().articles.attrs["dask"]`` holds).
    """

    def __init__(
        self,
        client: Any,
        parts: list[Any],
        problems: Any,
        boilerplate: Any,
        sizes: pd.DataFrame,
        stats: dict[str, Any],
    ) -> None:
        self.client = client
        self.parts = parts
        self.paragraph_parts = [client.submit(_paragraphs, p, pure=False) for p in parts]
        self.article_parts = [client.submit(_articles, p, pure=False) for p in parts]
        self.problems = problems
        self.boilerplate = boilerplate
        self.sizes = sizes
        self.stats = stats

    def __len__(self) -> int:
        return int(self.sizes["n_articles"].sum())

    @property
    def n_paragraphs(self) -> int:
        """Paragraphs of the corpus."""
        return int(self.sizes["n_paragraphs"].sum())

    def __repr__(self) -> str:
        return (
            f"DistributedCorpus({len(self)} articles, {self.n_paragraphs} paragraphs "
            f"in {len(self.parts)} parts on the workers)"
        )

    def gather(self) -> Corpus:
        """The whole :class:`~astana_lib.reading.corpus.Corpus` on the client.

        Identical to ``read_corpus(path)`` (tables, order, dtypes);
        ``articles.attrs["dask"]`` holds the run statistics.
        """
        parts = self.client.gather(self.parts)
        corpus = gather_parts(parts, self.problems.result())
        corpus.articles.attrs["dask"] = dict(self.stats)
        return corpus


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

    The inputs are listed and counted on the workers and cut into tasks exactly as by
    :func:`~astana_lib.backends.dask_read.read_corpus_distributed` (``partition_size``
    records, or ``.txt`` files, per task); each task's part stays on its worker. The
    corpus-level steps of :func:`astana_lib.read_corpus` run as map-reduce in worker
    tasks (:mod:`astana_lib.backends.part_steps`): unique article ids, the site
    boilerplate learned from the whole corpus, duplicate records, the problems table.
    The client receives only small plans' results: the size of each part and the
    summary of the problems, given as the same one ``UserWarning`` as ``read_corpus``.
    A part lost with a worker is recomputed by Dask from the input files.

    Parameters
    ----------
    path : str or Path
        As in :func:`astana_lib.read_corpus`; on a multi-machine cluster it must be
        readable by every worker.
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
        Dask retries of a task that raised.

    Returns
    -------
    DistributedCorpus
        Futures of the parts (``paragraph_parts``, ``article_parts``, ``problems``);
        ``.gather()`` gives the :class:`~astana_lib.reading.corpus.Corpus`.

    Examples
    --------
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
    log.info("reading %d input(s) of %s in %d part(s)", len(inputs), root, len(tasks))
    # the options travel as a task's result (not scattered data): a part lost with a
    # worker can be recomputed from its lineage
    kw = client.submit(dict, kwargs, pure=False)
    read = [client.submit(read_pieces, t, kw, pure=False, retries=retries) for t in tasks]

    def submit(fn: Any, *args: Any) -> Any:
        return client.submit(fn, *args, pure=False, retries=retries)

    out = finish_parts(
        submit, read, skipped=skipped, curated=curated, curated_path=curated_path,
        site_boilerplate=site_boilerplate,
    )  # fmt: skip
    del read, kw
    sizes = _wait(client, out["parts"], root, progress)
    summary = submit(problem_summary, out["problems"], root).result()
    stats = RunStats(
        tasks=len(tasks), computed=len(tasks), rounds=1, dashboard=dashboard_link(client),
        seconds=time.perf_counter() - t0, extra={"parts": len(tasks)},
    )  # fmt: skip
    dc = DistributedCorpus(
        client, out["parts"], out["problems"], out["lines"], sizes, stats.as_dict()
    )
    log.info("read %s on Dask, kept on the workers: %r in %.1f s", root, dc, stats.seconds)
    _report(summary, errors, stacklevel=2)
    return dc


def _wait(client: Any, parts: list[Any], root: Path, progress: bool) -> pd.DataFrame:
    """Wait for the final parts (raising the first error) and fetch their sizes."""
    from distributed import as_completed

    sizes = {client.submit(_sizes, p, pure=False): k for k, p in enumerate(parts)}
    got: dict[int, tuple[int, int]] = {}
    bar = tqdm(total=len(parts), desc=f"reading {root.name}", unit="part",
               disable=not progress_enabled(progress))  # fmt: skip
    try:
        for fut in as_completed(list(sizes)):
            got[sizes[fut]] = fut.result()
            bar.update(1)
    finally:
        bar.close()
    return pd.DataFrame(
        [got[k] for k in range(len(parts))], columns=["n_articles", "n_paragraphs"], dtype="int64"
    )
