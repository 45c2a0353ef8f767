"""The main job: every table and figure of the project from one corpus, in one call.

``astana figures --corpus seeds --out figures`` (see :mod:`astana_lib.cli`) and the
notebooks call :func:`build_all`, so the command line and the notebooks produce the same
files. Each step is a plain library function; this module only chains them and writes
their results.

Outputs in ``out``::

    tables/articles.csv        one row per article (schema.ARTICLES)
    tables/paragraphs.csv      one row per paragraph, every input line (schema.PARAGRAPHS)
    tables/problems.csv        what the reader found wrong and did (schema.PROBLEMS)
    tables/pairs.csv           near-duplicate paragraph pairs (schema.PAIRS)
    tables/clusters.csv        reuse clusters (schema.CLUSTERS)
    tables/coverage.csv        outlet × round coverage (schema.COVERAGE)
    tables/framing_counts.csv  framing vocabulary per article (schema.FRAMING_COUNTS)
    tables/actor_mentions.csv  actor mentions and quotations (schema.ACTOR_MENTIONS)
    tables/citations.csv       cited agencies (schema.CITATIONS)
    tables/reuse_edges.csv     outlet reuse graph (schema.REUSE_EDGES)
    <figure>_<lang>.pdf/.png   every figure, in each requested language
    manifest.json              inputs' checksums, versions, parameters of every figure
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal

import pandas as pd
from tqdm.auto import tqdm

from astana_lib._checks import check_choice

__all__ = ["Results", "analyse", "build_all", "write_tables"]

log = logging.getLogger(__name__)

Lang = Literal["ar", "en"]


@dataclass
class Results:
    """Every table of the analysis of one corpus (plain DataFrames)."""

    corpus: object
    pairs: pd.DataFrame
    clusters: pd.DataFrame
    coverage: pd.DataFrame
    framing_counts: pd.DataFrame
    actor_mentions: pd.DataFrame
    citations: pd.DataFrame
    reuse_edges: pd.DataFrame
    params: dict = field(default_factory=dict)

    def tables(self) -> dict[str, pd.DataFrame]:
        """All tables by file name stem, the reader's tables first."""
        c = self.corpus
        return {
            "articles": c.articles,
            "paragraphs": c.paragraphs,
            "problems": c.problems,
            "pairs": self.pairs,
            "clusters": self.clusters,
            "coverage": self.coverage,
            "framing_counts": self.framing_counts,
            "actor_mentions": self.actor_mentions,
            "citations": self.citations,
            "reuse_edges": self.reuse_edges,
        }


def analyse(
    corpus: str | Path | object = "seeds",
    *,
    threshold: float | None = None,
    progress: bool = True,
) -> Results:
    """Read a corpus (or take a :class:`~astana_lib.reading.Corpus`) and compute every table.

    Parameters
    ----------
    corpus : str, Path or Corpus, default "seeds"
        Anything :func:`astana_lib.read_corpus` reads, or an already-read corpus.
    threshold : float, optional
        Cosine threshold for :func:`astana_lib.find_near_duplicates` (default: its own,
        chosen on the benchmarks).
    progress : bool, default True
        Show tqdm progress bars.

    Returns
    -------
    Results

    Examples
    --------
    >>> res = analyse("seeds", progress=False)          # doctest: +SKIP
    >>> sorted(res.tables())[:3]                         # doctest: +SKIP
    ['actor_mentions', 'articles', 'citations']
    """
    import astana_lib as al

    if isinstance(corpus, (str, Path)):
        path = Path(corpus)
        if not path.exists():
            raise FileNotFoundError(f"corpus not found: {path}")
        corpus = al.read_corpus(path, progress=progress)
    if len(corpus.articles) == 0 or len(corpus.paragraphs) == 0:
        raise ValueError(
            "the corpus has no readable articles/paragraphs; see corpus.problems:\n"
            + corpus.problems.to_string()
        )
    paragraphs = corpus.paragraphs
    kw = {} if threshold is None else {"threshold": threshold}
    steps: list[tuple[str, Callable[[], pd.DataFrame]]] = []
    out: dict[str, pd.DataFrame] = {}
    steps = [
        ("pairs", lambda: al.find_near_duplicates(paragraphs, progress=progress, **kw)),
        ("clusters", lambda: al.reuse_clusters(out["pairs"], paragraphs)),
        ("coverage", lambda: al.coverage_matrix(corpus.articles, paragraphs)),
        ("framing_counts", lambda: al.framing_counts(paragraphs)),
        ("actor_mentions", lambda: al.actor_mentions(paragraphs)),
        ("citations", lambda: al.find_citations(paragraphs)),
        ("reuse_edges", lambda: al.reuse_edges(out["pairs"], paragraphs=paragraphs)),
    ]
    for name, step in tqdm(steps, desc="analysis", disable=not progress, unit="step"):
        log.info("computing %s", name)
        out[name] = step()
    return Results(corpus=corpus, params={"threshold": threshold}, **out)


def _csv_ready(df: pd.DataFrame) -> pd.DataFrame:
    """Lists become '|'-joined strings so the CSV stays one value per cell."""
    df = df.copy()
    for col in df.columns:
        if df[col].dtype == object and df[col].map(lambda v: isinstance(v, list)).any():
            df[col] = df[col].map(lambda v: "|".join(map(str, v)) if isinstance(v, list) else v)
    return df


def write_tables(results: Results, out: str | Path) -> list[Path]:
    """Write every table of ``results`` as UTF-8 CSV into ``out/tables``.

    Examples
    --------
    >>> write_tables(analyse("seeds", progress=False), "/tmp/out")   # doctest: +SKIP
    """
    tdir = Path(out) / "tables"
    tdir.mkdir(parents=True, exist_ok=True)
    written = []
    for name, df in results.tables().items():
        path = tdir / f"{name}.csv"
        _csv_ready(df).to_csv(path, index=False, encoding="utf-8", lineterminator="\n")
        written.append(path)
    return written


def _figure_specs(res: Results, threshold: float) -> list[tuple[str, Callable, dict, list]]:
    """(name, plot function, keyword arguments, input tables) for every figure."""
    import astana_lib as al

    return [
        ("coverage_heatmap", al.plot_coverage_heatmap, {"coverage": res.coverage}, [res.coverage]),
        ("rounds_timeline", al.plot_rounds_timeline, {"coverage": res.coverage}, [res.coverage]),
        (
            "framing_shares",
            al.plot_framing_shares,
            {"framing_counts": res.framing_counts},
            [res.framing_counts],
        ),
        ("actors", al.plot_actors, {"actor_mentions": res.actor_mentions}, [res.actor_mentions]),
        ("citations", al.plot_citations, {"citations": res.citations}, [res.citations]),
        (
            "similarity",
            al.plot_similarity,
            {"pairs_or_scores": res.pairs, "threshold": threshold},
            [res.pairs],
        ),
        ("reuse_network", al.plot_reuse_network, {"edges": res.reuse_edges}, [res.reuse_edges]),
    ]


def build_all(
    corpus: str | Path = "seeds",
    out: str | Path = "figures",
    *,
    langs: Sequence[Lang] = ("en", "ar"),
    threshold: float | None = None,
    progress: bool = True,
) -> list[Path]:
    """Regenerate every table and figure of the project from ``corpus`` into ``out``.

    Parameters
    ----------
    corpus : str or Path, default "seeds"
        Folder of .txt articles or a record file (see :func:`astana_lib.read_corpus`).
    out : str or Path, default "figures"
        Output folder (created). Files are overwritten; re-running on the same input gives
        byte-identical figures.
    langs : sequence of {"en", "ar"}, default ("en", "ar")
        Label languages; every figure is drawn once per language (``<name>_<lang>``).
    threshold : float, optional
        Near-duplicate cosine threshold (default: the library's benchmark-chosen one).
    progress : bool, default True
        Show tqdm progress bars.

    Returns
    -------
    list of Path
        Every file written.

    Examples
    --------
    >>> files = build_all("seeds", "/tmp/astana_figures", progress=False)  # doctest: +SKIP
    """
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    import astana_lib as al

    for lang in langs:
        check_choice("lang", lang, ("ar", "en"))
    res = analyse(corpus, threshold=threshold, progress=progress)
    written = write_tables(res, out)
    thr = threshold if threshold is not None else al.DEFAULT_THRESHOLD
    params = {"corpus": str(corpus), "threshold": thr}
    specs = _figure_specs(res, thr)
    jobs = [(lang, spec) for lang in langs for spec in specs]
    for lang, (name, plot, kwargs, inputs) in tqdm(
        jobs, desc="figures", disable=not progress, unit="fig"
    ):
        log.info("drawing %s (%s)", name, lang)
        fig = plot(**kwargs, lang=lang)
        try:
            written += al.save_figure(
                fig, f"{name}_{lang}", out=out, inputs=inputs, params={**params, "lang": lang}
            )
        finally:
            plt.close(fig)
    return written
