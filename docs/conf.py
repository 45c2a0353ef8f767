"""Sphinx configuration of the astana_lib documentation.

Build (warnings are errors, as in the test suite)::

    python -m sphinx -W --keep-going -b html docs docs/_build/html

The API reference is generated from the docstrings (numpydoc), the table schemas from
``astana_lib/schema.py``; the four notebooks are executed on the seed corpus during the
build (myst-nb), so every page shows the output of the current code.
"""

from __future__ import annotations

import os
import pkgutil
import sys
from pathlib import Path

DOCS = Path(__file__).resolve().parent
ROOT = DOCS.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(DOCS / "_ext"))

import astana_lib  # noqa: E402

project = "astana_lib"
author = "astana_lib contributors"
copyright = "astana_lib contributors"
release = astana_lib.__version__
version = release

extensions = [
    "sphinx.ext.autodoc",
    "sphinx.ext.viewcode",
    "numpydoc",
    "myst_nb",
    "schema_tables",
]

root_doc = "index"
exclude_patterns = ["_build", "**/.ipynb_checkpoints", "Thumbs.db", ".DS_Store"]
source_suffix = {".rst": "restructuredtext", ".md": "myst-nb", ".ipynb": "myst-nb"}

# -- API reference ---------------------------------------------------------------------
autodoc_default_options = {"members": True, "member-order": "bysource"}
autodoc_typehints = "none"  # numpydoc sections carry the types
numpydoc_show_class_members = False
numpydoc_class_members_toctree = False
numpydoc_xref_param_type = False

# -- notebooks -------------------------------------------------------------------------
nb_execution_mode = "force"  # run on the seeds at every build: pages show current output
nb_execution_timeout = 600
nb_execution_raise_on_error = True
nb_execution_show_tb = True
nb_merge_streams = True
myst_enable_extensions = ["colon_fence", "dollarmath"]
myst_heading_anchors = 3

# -- HTML ------------------------------------------------------------------------------
html_theme = "pydata_sphinx_theme"
html_title = f"astana_lib {release}"
html_theme_options = {"navigation_with_keys": False, "show_toc_level": 2}
html_static_path: list[str] = []

PRIVATE = {"astana_lib.__main__"}


def public_modules() -> list[str]:
    """Every public module of the package and its stage sub-packages, in name order.

    Modules whose name (or a parent's) starts with an underscore are private.
    """
    names = []
    for info in pkgutil.walk_packages(astana_lib.__path__, prefix="astana_lib."):
        parts = info.name.split(".")[1:]
        if not any(p.startswith("_") for p in parts) and info.name not in PRIVATE:
            names.append(info.name)
    return sorted(names)


def _write_if_changed(path: Path, text: str) -> None:
    if not path.is_file() or path.read_text(encoding="utf-8") != text:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")


def write_api_pages(app) -> None:
    """One page per module under ``api/`` (generated, not committed)."""
    api = Path(app.srcdir) / "api"
    modules = public_modules()
    for name in modules:
        title = f"``{name}``"
        _write_if_changed(
            api / f"{name}.rst", f"{title}\n{'=' * len(title)}\n\n.. automodule:: {name}\n"
        )
    for stale in api.glob("*.rst"):
        if stale.stem not in modules and stale.name != "index.rst":
            stale.unlink()
    lines = [
        "API reference",
        "=============",
        "",
        ".. automodule:: astana_lib",
        "   :no-members:",
        "",
        "Everything a notebook needs is importable from ``astana_lib`` itself",
        "(``import astana_lib as al``); each function is documented in the module that",
        "holds it.",
        "",
        ".. toctree::",
        "   :maxdepth: 1",
        "",
        *[f"   {name}" for name in modules],
        "",
    ]
    _write_if_changed(api / "index.rst", "\n".join(lines))


def notebook_figures(app) -> None:
    """Notebooks save figures where ``ASTANA_FIGURES`` says: keep them out of figures/."""
    if "ASTANA_FIGURES" not in os.environ:
        out = Path(app.doctreedir) / "notebook_figures"
        out.mkdir(parents=True, exist_ok=True)
        os.environ["ASTANA_FIGURES"] = str(out)
    # the kernels inherit this environment: a non-interactive MPLBACKEND (CI often sets
    # Agg) would turn every figure of the notebooks into a "<Figure size …>" line
    os.environ.pop("MPLBACKEND", None)


def setup(app):
    app.connect("builder-inited", write_api_pages)
    app.connect("builder-inited", notebook_figures)
