"""The version of the source tree: the single place it is written.

``pyproject.toml`` reads it at build time (``[tool.setuptools.dynamic]``);
:data:`astana_lib.__version__` is the installed distribution's version, or this one when
the package runs from a source tree that is not installed.
"""

__version__ = "0.1.0"


def installed_version() -> str:
    """The installed distribution's version; the source tree's when it is not installed.

    This is :data:`astana_lib.__version__`, importable without importing the package
    (so :mod:`astana_lib.figures.save` does not import ``astana_lib`` back).

    Examples
    --------
    >>> import astana_lib
    >>> installed_version() == astana_lib.__version__
    True
    """
    from importlib import metadata

    try:
        return metadata.version("astana_lib")
    except metadata.PackageNotFoundError:
        return __version__
