"""A corpus read on a Dask cluster whose parts stay on the workers: :class:`DistributedCorpus`.

Made by :func:`astana_lib.backends.dask_read.read_corpus_parts`: the parts are futures on
the workers and every corpus-level step (unique article ids, site boilerplate, duplicate
records, problems) has run there as map-reduce (:mod:`astana_lib.backends.part_steps`),
so the client holds futures and a few numbers per part — never the paragraphs.
``.gather()`` brings the :class:`~astana_lib.reading.corpus.Corpus` home, identical to
:func:`astana_lib.read_corpus`.

The contract for code that works on the parts (the near-duplicate search on the
cluster): :attr:`DistributedCorpus.paragraph_parts` is a list of futures, in corpus
order, each a DataFrame with exactly the columns and dtypes of
``read_corpus(...).paragraphs``; all paragraphs of an article are in one part.
"""

from __future__ import annotations

from typing import Any

import pandas as pd
from tqdm.auto import tqdm

from astana_lib._progress import progress_enabled
from astana_lib.backends.dask_runtime import RunStats
from astana_lib.backends.part_steps import ReadPart, gather_parts
from astana_lib.reading.corpus import Corpus
from astana_lib.reading.inputs import SEEDS  # noqa: F401  (the doctests read it)

__all__ = ["DistributedCorpus"]


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
    stats : RunStats
        Run statistics (``gather().articles.attrs["dask"]`` holds them as a dict).

    Examples
    --------
    >>> from distributed import Client
    >>> from astana_lib.backends.dask_read import read_corpus_parts
    >>> client = Client(processes=False, n_workers=1, threads_per_worker=1,
    ...                 dashboard_address=None)
    >>> dc = read_corpus_parts(SEEDS, client=client, partition_size=3, progress=False)
    >>> dc.sizes
       n_articles  n_paragraphs
    0           3            47
    1           2            27
    >>> c = dc.gather()
    >>> c, c.articles.attrs["dask"]["tasks"]
    (Corpus(5 articles, 74 paragraphs, 0 problems (0 errors)), 2)
    >>> client.close()
    """

    def __init__(
        self,
        client: Any,
        parts: list[Any],
        problems: Any,
        boilerplate: Any,
        sizes: pd.DataFrame,
        stats: RunStats,
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
        corpus.articles.attrs["dask"] = self.stats.as_dict()
        return corpus


def _part_sizes(client: Any, parts: list[Any], *, desc: str, progress: bool) -> pd.DataFrame:
    """Wait for the parts (raising the first error) and fetch their sizes (a tqdm bar)."""
    from distributed import as_completed

    futures = {client.submit(_sizes, p, pure=False): k for k, p in enumerate(parts)}
    got: dict[int, tuple[int, int]] = {}
    bar = tqdm(total=len(parts), desc=desc, unit="part", disable=not progress_enabled(progress))
    try:
        for fut in as_completed(list(futures)):
            got[futures[fut]] = fut.result()
            bar.update(1)
    finally:
        bar.close()
    return pd.DataFrame(
        [got[k] for k in range(len(parts))], columns=["n_articles", "n_paragraphs"], dtype="int64"
    )
