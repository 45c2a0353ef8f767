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
    tables/reuse_origins.csv   origin of each reuse cluster: agency, outlet, quotation (schema.ORIGINS)
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
from astana_lib._progress import progress_enabled
from astana_lib.analysis.actors import actor_mentions
from astana_lib.analysis.coverage import coverage_matrix
from astana_lib.analysis.framing import framing_counts
from astana_lib.analysis.monthly import coverage_by_month
from astana_lib.analysis.network import reuse_edges
from astana_lib.analysis.origin import reuse_origins
from astana_lib.annotate.sources import find_citations
from astana_lib.figures.actors import plot_actors
from astana_lib.figures.citations import plot_citations
from astana_lib.figures.coverage import plot_coverage_heatmap
from astana_lib.figures.framing import plot_framing_shares
from astana_lib.figures.network import plot_reuse_network
from astana_lib.figures.save import checksum, save_figure
from astana_lib.figures.similarity import plot_similarity, plot_threshold_curve
from astana_lib.figures.timeline import plot_coverage_over_time
from astana_lib.reading.read import read_corpus
from astana_lib.reuse.clusters import reuse_clusters
from astana_lib.reuse.constants import DEFAULT_THRESHOLD
from astana_lib.reuse.matcher import find_near_duplicates

__all__ = ["Results", "analyse", "build_all", "threshold_sensitivity", "write_tables"]

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
    sensitivity: pd.DataFrame
    low_pairs: pd.DataFrame
    params: dict = field(default_factory=dict)
    reuse_origins: pd.DataFrame = field(default_factory=pd.DataFrame)

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
            "reuse_origins": self.reuse_origins,
            "threshold_sensitivity": self.sensitivity,
        }


def threshold_sensitivity(
    pairs: pd.DataFrame, *, thresholds: Sequence[float] | None = None
) -> pd.DataFrame:
    """Number of pairs a cosine threshold would keep, from pairs found at a low threshold.

    Parameters
    ----------
    pairs : pandas.DataFrame
        Output of :func:`astana_lib.find_near_duplicates` run at the lowest threshold of
        interest (pairs below it cannot be counted).
    thresholds : sequence of float, optional
        Default 0.30, 0.35, …, 1.00.

    Returns
    -------
    pandas.DataFrame
        Columns ``threshold`` and ``n_pairs`` (pairs with cosine ≥ threshold, exact copies
        included).

    Examples
    --------
    >>> pairs = pd.DataFrame({"cosine": [1.0, 0.82, 0.55, 0.31]})
    >>> threshold_sensitivity(pairs, thresholds=[0.3, 0.5, 0.8, 1.0])["n_pairs"].tolist()
    [4, 3, 2, 1]
    """
    import numpy as np

    if thresholds is None:
        thresholds = np.round(np.arange(0.30, 1.0001, 0.05), 2)
    scores = np.sort(pairs["cosine"].to_numpy(dtype=float))
    # a tolerance so that 1.0 - 1e-16 counts as an exact copy at threshold 1.0
    n = [int(len(scores) - np.searchsorted(scores, t - 1e-9)) for t in thresholds]
    return pd.DataFrame({"threshold": [float(t) for t in thresholds], "n_pairs": n})


def analyse(
    corpus: str | Path | object = "seeds",
    *,
    threshold: float | None = None,
    low_threshold: float = 0.3,
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
    low_threshold : float, default 0.3
        A second search at this threshold feeds the similarity distribution and the
        threshold-sensitivity table (``Results.sensitivity``).
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
    if isinstance(corpus, (str, Path)):
        path = Path(corpus)
        if not path.exists():
            raise FileNotFoundError(f"corpus not found: {path}")
        corpus = read_corpus(path, progress=progress)
    if len(corpus.articles) == 0 or len(corpus.paragraphs) == 0:
        from astana_lib.reading.corpus import _problem_kind

        kinds = corpus.problems["problem"].map(_problem_kind).value_counts().head(3)
        why = "; ".join(f"{k} ×{v}" for k, v in kinds.items()) or "no input files"
        raise ValueError(
            f"the corpus has no readable articles/paragraphs ({len(corpus.articles)} "
            f"article(s), {len(corpus.problems)} problem(s): {why})"
        )
    paragraphs = corpus.paragraphs
    kw = {} if threshold is None else {"threshold": threshold}
    out: dict[str, pd.DataFrame] = {}
    steps: list[tuple[str, Callable[[], pd.DataFrame]]] = [
        ("pairs", lambda: find_near_duplicates(paragraphs, progress=progress, **kw)),
        (
            "low_pairs",
            lambda: find_near_duplicates(
                paragraphs, threshold=low_threshold, decision=None, progress=progress
            ),
        ),
        ("sensitivity", lambda: threshold_sensitivity(out["low_pairs"])),
        ("clusters", lambda: reuse_clusters(out["pairs"], paragraphs)),
        ("coverage", lambda: coverage_matrix(corpus.articles, paragraphs)),
        ("framing_counts", lambda: framing_counts(paragraphs)),
        ("actor_mentions", lambda: actor_mentions(paragraphs)),
        ("citations", lambda: find_citations(paragraphs)),
        (
            "reuse_edges",
            lambda: reuse_edges(out["pairs"], paragraphs=paragraphs, articles=corpus.articles),
        ),
        (
            "reuse_origins",
            lambda: reuse_origins(out["clusters"], paragraphs, articles=corpus.articles),
        ),
    ]
    for name, step in tqdm(
        steps, desc="analysis", disable=not progress_enabled(progress), unit="step"
    ):
        log.info("computing %s", name)
        out[name] = step()
    low_pairs = out.pop("low_pairs")
    return Results(
        corpus=corpus,
        params={"threshold": threshold, "low_threshold": low_threshold},
        low_pairs=low_pairs,
        **out,
    )


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


def _figure_specs(
    res: Results, threshold: float, benchmark_curve: pd.DataFrame | None
) -> list[tuple[str, Callable, dict]]:
    """(name, plot function, keyword arguments) for every figure."""
    specs: list[tuple[str, Callable, dict]] = [
        ("coverage_heatmap", plot_coverage_heatmap, {"coverage": res.coverage}),
        (
            "rounds_timeline",
            plot_coverage_over_time,
            {"monthly": coverage_by_month(res.corpus.articles)},
        ),
        ("framing_shares", plot_framing_shares, {"framing_counts": res.framing_counts}),
        (
            "actors",
            plot_actors,
            {"actor_mentions": res.actor_mentions, "articles": res.corpus.articles},
        ),
        ("citations", plot_citations, {"citations": res.citations}),
        (
            "similarity",
            plot_similarity,
            {"pairs_or_scores": res.low_pairs, "threshold": threshold},
        ),
        (
            "threshold_sensitivity",
            plot_threshold_curve,
            {"curve": res.sensitivity, "threshold": threshold},
        ),
        ("reuse_network", plot_reuse_network, {"edges": res.reuse_edges}),
    ]
    if benchmark_curve is not None:
        specs.append(
            (
                "threshold_benchmark",
                plot_threshold_curve,
                {"curve": benchmark_curve, "threshold": threshold},
            )
        )
    return specs


def build_all(
    corpus: str | Path = "seeds",
    out: str | Path = "figures",
    *,
    langs: Sequence[Lang] = ("en", "ar"),
    threshold: float | None = None,
    benchmark_curve: str | Path | None = None,
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
    benchmark_curve : str or Path, optional
        CSV of precision/recall/F1 by threshold (``benchmarks/results/threshold_curve.csv``
        written by ``benchmarks/eval_synthetic.py``); drawn as ``threshold_benchmark``.
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

    for lang in langs:
        check_choice("lang", lang, ("ar", "en"))
    res = analyse(corpus, threshold=threshold, progress=progress)
    written = write_tables(res, out)
    thr = threshold if threshold is not None else DEFAULT_THRESHOLD
    params = {"corpus": str(corpus), "threshold": thr}
    if isinstance(corpus, (str, Path)):
        # the raw input files, hashed once: every figure records what it was drawn from
        params["corpus_checksum"] = checksum(Path(corpus))
    curve = pd.read_csv(benchmark_curve) if benchmark_curve is not None else None
    if curve is not None:
        params["benchmark_curve"] = str(benchmark_curve)
    else:
        log.warning(
            "threshold_benchmark not drawn: no benchmark curve given (it is "
            "benchmarks/results/threshold_curve.csv in a clone of the repository; pass "
            "benchmark_curve= / --benchmark-curve)"
        )
    specs = _figure_specs(res, thr, curve)
    jobs = [(lang, spec) for lang in langs for spec in specs]
    for lang, (name, plot, kwargs) in tqdm(
        jobs, desc="figures", disable=not progress_enabled(progress), unit="fig"
    ):
        log.info("drawing %s (%s)", name, lang)
        fig = plot(**kwargs, lang=lang)
        inputs = {k: v for k, v in kwargs.items() if isinstance(v, pd.DataFrame)}
        try:
            written += save_figure(
                fig, f"{name}_{lang}", out=out, inputs=inputs, params={**params, "lang": lang}
            )
        finally:
            plt.close(fig)
    return written
