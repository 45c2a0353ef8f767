"""Publication figures for the analysis tables, with correct Arabic (or English) labels.

The figure functions, one module per figure family, gathered here (the module path
``astana_lib.plotting`` users import keeps working):

* :mod:`~astana_lib.figures.coverage` — :func:`plot_coverage_heatmap`;
* :mod:`~astana_lib.figures.rounds` — :func:`plot_rounds_timeline`;
* :mod:`~astana_lib.figures.framing` — :func:`plot_framing_shares`;
* :mod:`~astana_lib.figures.actors` — :func:`plot_actors`;
* :mod:`~astana_lib.figures.citations` — :func:`plot_citations`;
* :mod:`~astana_lib.figures.similarity` — :func:`plot_similarity`, :func:`plot_threshold_curve`;
* :mod:`~astana_lib.figures.network` — :func:`plot_reuse_network`;
* :mod:`~astana_lib.figures.timeline` — :func:`plot_coverage_over_time` (monthly coverage);
* shared rules (unknown outlet, "other (k)" pooling, log scale) in
  :mod:`~astana_lib.figures._common`, the texts in :mod:`~astana_lib.figures.texts`.

Every function takes one of the tables documented in :mod:`astana_lib.schema`
(COVERAGE, FRAMING_COUNTS, ACTOR_MENTIONS, CITATIONS, PAIRS, REUSE_EDGES), draws inside
:func:`astana_lib.figures.fonts.astana_style` (bundled Noto Sans Arabic, TrueType in PDF), passes
every label through :func:`astana_lib.figures.labels.ar_label`, and returns the
:class:`~matplotlib.figure.Figure` (save it with :func:`astana_lib.figures.save_figure`).

Common options (keyword-only):

* ``lang="ar"|"en"``: Arabic labels, or English names (outlets from the registry
  ``load_table("outlets")``, actors/agencies/framing variants from the table's
  ``name_en``/``label_en`` columns), falling back to the id when a name is missing.
* ``ax=None``: draw into an existing Axes instead of a new figure sized for the data.
* ``top_n``-style caps: long tails are aggregated into an "other" row (counts are never
  silently dropped) so the figures read well with 5 articles and with 500.
* ``title=None``: a default title; pass ``""`` for none (captions usually live in the paper).
"""

from __future__ import annotations

from astana_lib.figures._common import LANGS, OTHER, UNKNOWN, Lang  # noqa: F401  (old names)
from astana_lib.figures.actors import plot_actors
from astana_lib.figures.citations import plot_citations
from astana_lib.figures.coverage import plot_coverage_heatmap
from astana_lib.figures.framing import plot_framing_shares
from astana_lib.figures.network import plot_reuse_network
from astana_lib.figures.rounds import plot_rounds_timeline
from astana_lib.figures.similarity import plot_similarity, plot_threshold_curve

__all__ = [
    "plot_actors",
    "plot_citations",
    "plot_coverage_heatmap",
    "plot_framing_shares",
    "plot_reuse_network",
    "plot_rounds_timeline",
    "plot_similarity",
    "plot_threshold_curve",
]
