"""astana_lib: Arabic news coverage of the Astana talks on Syria.

Read raw scraped articles into provenance-keeping tables, find reused (near-duplicate)
paragraphs with TF-IDF, and analyse coverage across outlets and negotiation rounds.

>>> import astana_lib as al
>>> al.normalize_arabic("أستانا")
'استانا'
"""

from __future__ import annotations

import logging

from astana_lib import _compat  # registers the old flat module paths (astana_lib.rounds …)
from astana_lib._version import installed_version
from astana_lib.analysis.actors import actor_mentions, actor_summary
from astana_lib.analysis.coverage import (
    citation_summary,
    coverage_matrix,
    coverage_pivot,
    meeting_coverage,
)
from astana_lib.analysis.framing import (
    framing_counts,
    framing_hits,
    framing_shares,
    load_framing_lexicon,
)
from astana_lib.analysis.gazetteer import load_gazetteer
from astana_lib.analysis.monthly import coverage_by_month
from astana_lib.analysis.network import reuse_edges, reuse_graph
from astana_lib.analysis.origin import pair_direction, pair_origins, reuse_origins
from astana_lib.analysis.unknown_speakers import unmatched_names
from astana_lib.annotate.relevance import astana_relevance
from astana_lib.annotate.sources import find_citations
from astana_lib.annotate.topic import filter_astana
from astana_lib.figures.actors import plot_actors
from astana_lib.figures.citations import plot_citations
from astana_lib.figures.coverage import plot_coverage_heatmap
from astana_lib.figures.fonts import astana_style
from astana_lib.figures.framing import plot_framing_shares
from astana_lib.figures.labels import ar_label
from astana_lib.figures.network import plot_reuse_network
from astana_lib.figures.rounds import plot_rounds_timeline
from astana_lib.figures.save import corpus_name, output_folder, save_figure
from astana_lib.figures.similarity import plot_similarity, plot_threshold_curve
from astana_lib.figures.timeline import plot_coverage_over_time
from astana_lib.pipeline import analyse, build_all
from astana_lib.reading.corpus import Corpus, read_parquet
from astana_lib.reading.problems import ReadError
from astana_lib.reading.read import read_corpus
from astana_lib.resources import load_table
from astana_lib.reuse.chains import cluster_bridges, split_chains
from astana_lib.reuse.clusters import reuse_clusters
from astana_lib.reuse.constants import DEFAULT_THRESHOLD
from astana_lib.reuse.decision import ReuseDecision, add_p_reuse, fit_reuse_decision
from astana_lib.reuse.estimator import ParagraphMatcher
from astana_lib.reuse.explain import explain_pair, show_pair
from astana_lib.reuse.matcher import find_near_duplicates
from astana_lib.reuse.pairbudget import PairBudgetError, duplicate_groups
from astana_lib.review.display import rtl_html, rtl_table
from astana_lib.review.explorer import Explorer, explore
from astana_lib.review.report import build_report
from astana_lib.text.normalize import normalize_arabic

logging.getLogger(__name__).addHandler(logging.NullHandler())


__version__ = installed_version()

__all__ = [
    "DEFAULT_THRESHOLD",
    "Corpus",
    "Explorer",
    "PairBudgetError",
    "ParagraphMatcher",
    "ReadError",
    "ReuseDecision",
    "__version__",
    "actor_mentions",
    "actor_summary",
    "add_p_reuse",
    "analyse",
    "ar_label",
    "astana_relevance",
    "astana_style",
    "build_all",
    "build_report",
    "citation_summary",
    "cluster_bridges",
    "corpus_name",
    "coverage_by_month",
    "coverage_matrix",
    "coverage_pivot",
    "duplicate_groups",
    "explain_pair",
    "explore",
    "filter_astana",
    "find_citations",
    "find_near_duplicates",
    "fit_reuse_decision",
    "framing_counts",
    "framing_hits",
    "framing_shares",
    "load_framing_lexicon",
    "load_gazetteer",
    "load_table",
    "meeting_coverage",
    "normalize_arabic",
    "output_folder",
    "pair_direction",
    "pair_origins",
    "plot_actors",
    "plot_citations",
    "plot_coverage_heatmap",
    "plot_coverage_over_time",
    "plot_framing_shares",
    "plot_reuse_network",
    "plot_rounds_timeline",
    "plot_similarity",
    "plot_threshold_curve",
    "read_corpus",
    "read_parquet",
    "reuse_clusters",
    "reuse_edges",
    "reuse_graph",
    "reuse_origins",
    "rtl_html",
    "rtl_table",
    "save_figure",
    "show_pair",
    "split_chains",
    "unmatched_names",
]


def __getattr__(name: str):
    """``astana_lib.<old module>`` as an attribute, as before the stage sub-packages."""
    if f"astana_lib.{name}" in _compat.MOVED:
        import importlib

        return importlib.import_module(f"astana_lib.{name}")
    raise AttributeError(f"module 'astana_lib' has no attribute {name!r}")
