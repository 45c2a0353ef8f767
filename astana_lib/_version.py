"""The version of the source tree: the single place it is written.

``pyproject.toml`` reads it at build time (``[tool.setuptools.dynamic]``);
:data:`astana_lib.__version__` is the installed distribution's version, or this one when
the package runs from a source tree that is not installed.
"""

__version__ = "0.1.0"
