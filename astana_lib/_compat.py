"""Old flat module paths (``astana_lib.normalize`` …) as aliases of the stage modules.

Before the package was grouped by pipeline stage (``text``, ``reading``, ``annotate``,
``reuse``, ``backends``, ``analysis``, ``figures``, ``review``) every module sat directly under
``astana_lib``. Code written against those paths keeps working: ``import
astana_lib.normalize`` returns the very module object ``astana_lib.text.normalize`` (so
``monkeypatch.setattr`` and ``isinstance`` behave as before). New code should import the new
paths. The aliases are resolved lazily by a :mod:`importlib` finder: importing
``astana_lib`` does not import the modules they name.

Examples
--------
>>> import astana_lib.normalize as old
>>> import astana_lib.text.normalize as new
>>> old is new
True
"""

from __future__ import annotations

import importlib
import importlib.abc
import importlib.machinery
import sys
from types import ModuleType

#: old module path -> the module that holds its code now
MOVED: dict[str, str] = {
    "astana_lib.normalize": "astana_lib.text.normalize",
    "astana_lib._textmap": "astana_lib.text.offsets",
    "astana_lib.ngrams": "astana_lib.text.ngrams",
    "astana_lib.lexicon": "astana_lib.text.lexicon",
    "astana_lib.context": "astana_lib.text.context",
    "astana_lib.rawinput": "astana_lib.reading.rawinput",
    "astana_lib.decoding": "astana_lib.reading.decoding",
    "astana_lib.boilerplate": "astana_lib.reading.boilerplate",
    "astana_lib.duplicates": "astana_lib.reading.duplicates",
    "astana_lib.roles": "astana_lib.annotate.roles",
    "astana_lib.metadata": "astana_lib.annotate.metadata",
    "astana_lib.rounds": "astana_lib.annotate.rounds",
    "astana_lib.events": "astana_lib.annotate.events",
    "astana_lib.relevance": "astana_lib.annotate.relevance",
    "astana_lib.topic": "astana_lib.annotate.topic",
    "astana_lib.sources": "astana_lib.annotate.sources",
    "astana_lib.quotes": "astana_lib.annotate.quotes",
    "astana_lib.allpairs": "astana_lib.reuse.allpairs",
    "astana_lib.containment": "astana_lib.reuse.containment",
    "astana_lib.pairbudget": "astana_lib.reuse.pairbudget",
    "astana_lib.features": "astana_lib.reuse.features",
    "astana_lib.decision": "astana_lib.reuse.decision",
    "astana_lib.explain": "astana_lib.reuse.explain",
    "astana_lib.clusters": "astana_lib.reuse.clusters",
    "astana_lib.chains": "astana_lib.reuse.chains",
    "astana_lib.distributed": "astana_lib.backends.dask",
    "astana_lib.spill": "astana_lib.backends.spill",
    "astana_lib.coverage": "astana_lib.analysis.coverage",
    "astana_lib.framing": "astana_lib.analysis.framing",
    "astana_lib.actors": "astana_lib.analysis.actors",
    "astana_lib.network": "astana_lib.analysis.network",
    "astana_lib.origin": "astana_lib.analysis.origin",
    "astana_lib.direction": "astana_lib.analysis.direction",
    "astana_lib.plotting": "astana_lib.figures.plotting",
    "astana_lib.plot_network": "astana_lib.figures.network",
    "astana_lib.fonts": "astana_lib.figures.fonts",
    "astana_lib.labels": "astana_lib.figures.labels",
    "astana_lib.timeline": "astana_lib.figures.timeline",
    "astana_lib.review_html": "astana_lib.review.html",
    "astana_lib.report": "astana_lib.review.report",
    "astana_lib.explorer": "astana_lib.review.explorer",
    "astana_lib._explorer_widget": "astana_lib.review._widget",
    "astana_lib.display": "astana_lib.review.display",
}


class _AliasLoader(importlib.abc.MetaPathFinder, importlib.abc.Loader):
    """Finds ``astana_lib.<old>`` and loads it as the module it moved to."""

    def __init__(self) -> None:
        self._specs: dict[str, importlib.machinery.ModuleSpec] = {}

    def find_spec(self, fullname, path=None, target=None):
        if fullname not in MOVED:
            return None
        return importlib.machinery.ModuleSpec(fullname, self)

    def create_module(self, spec) -> ModuleType:
        module = importlib.import_module(MOVED[spec.name])
        self._specs[module.__name__] = module.__spec__  # importlib overwrites it next
        return module

    def exec_module(self, module: ModuleType) -> None:
        module.__spec__ = self._specs.pop(module.__name__, module.__spec__)


def install() -> None:
    """Register the alias finder once (done when ``astana_lib`` is imported)."""
    if not any(isinstance(f, _AliasLoader) for f in sys.meta_path):
        sys.meta_path.append(_AliasLoader())


install()
