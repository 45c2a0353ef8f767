"""Package data tables (CSV with a ``source`` column) and one loader for all of them.

Tables shipped in ``astana_lib/data/``:

===================  ===========================================================
``rounds``           the 22 numbered Astana rounds (dates, city, Arabic city, source)
``related_events``   related meetings that are *not* numbered rounds (Sochi congress …)
``outlets``          outlet registry: Arabic names and spelling variants, English name,
                     country, ownership/alignment, with sources
``agencies``         news agencies and sources that articles cite
``agency_roles``     per cited agency: wire ``agency``, ``outlet`` or ``monitor``; its own
                     outlet is the ``outlet`` column of ``agencies``
``framing``          framing lexicon: concept, variant, notes, context rules, source
``actors``           actor gazetteer: person, alias, role, source
===================  ===========================================================

A researcher extends any of them by passing their own CSV with the same columns
(``load_table("framing", path="my_framing.csv")``). The outlet registry has its own loader,
:func:`outlet_registry` (the packaged table, a user's CSV or a DataFrame): the name lookup of
the reader, the coverage tables and the reuse network all load it through that function.
"""

from __future__ import annotations

import logging
from importlib import resources
from pathlib import Path

import pandas as pd

from astana_lib.schema import require_columns

__all__ = ["REGISTRY_COLUMNS", "TABLES", "data_path", "load_table", "outlet_registry"]

logger = logging.getLogger(__name__)

TABLES = (
    "rounds",
    "related_events",
    "outlets",
    "agencies",
    "agency_roles",
    "framing",
    "actors",
)

#: Columns a user's replacement CSV may leave out (display titles, notes).
OPTIONAL_COLUMNS: dict[str, frozenset[str]] = {
    "framing": frozenset(
        {
            "concept_en",
            "concept_ar",
            "notes",
            "not_followed_by",
            "not_preceded_by",
            "context_source",
        }
    ),
    "rounds": frozenset({"city_ar", "country", "other_sources", "notes"}),
    "actors": frozenset({"only_after"}),
    "agencies": frozenset({"outlet"}),
}


def data_path(name: str) -> Path:
    """Return the path of a packaged data file (``name`` without ``.csv`` or a file name).

    Examples
    --------
    >>> data_path("rounds").name
    'rounds.csv'
    """
    fname = name if "." in name else f"{name}.csv"
    return Path(str(resources.files("astana_lib") / "data" / fname))


def load_table(name: str, *, path: str | Path | None = None) -> pd.DataFrame:
    """Load a packaged table, or a user's CSV with the same columns.

    Parameters
    ----------
    name : str
        One of :data:`TABLES`.
    path : str or Path, optional
        A user's CSV to read instead of the packaged one. It must have the packaged
        table's columns, except those in :data:`OPTIONAL_COLUMNS` (extra columns are kept).

    Returns
    -------
    pandas.DataFrame
        Text columns as ``str``; dates in ``*_date`` columns parsed.

    Examples
    --------
    >>> rounds = load_table("rounds")
    >>> int(rounds["round"].max()), rounds.loc[4, "city"]
    (22, 'Astana')
    >>> "source" in rounds.columns
    True
    """
    if name not in TABLES:
        raise ValueError(f"unknown table {name!r}; choose one of {list(TABLES)}")
    packaged = data_path(name)
    src = Path(path) if path is not None else packaged
    if not src.is_file():
        raise FileNotFoundError(f"{name} table not found: {src}")
    df = pd.read_csv(src, dtype=str, keep_default_na=False, na_values=[""], encoding="utf-8")
    if path is not None:
        expected = pd.read_csv(packaged, nrows=0).columns
        optional = OPTIONAL_COLUMNS.get(name, frozenset())
        missing = [c for c in expected if c not in df.columns and c not in optional]
        if missing:
            raise ValueError(
                f"{src} cannot replace the packaged {name!r} table: missing column(s) {missing}"
            )
    for col in df.columns:
        if col.endswith("_date"):
            df[col] = pd.to_datetime(df[col], format="%Y-%m-%d")
    if "round" in df.columns:
        df["round"] = df["round"].astype("Int64")
    return df


#: Registry columns joined onto coverage rows and network nodes.
REGISTRY_COLUMNS = ("name_ar", "name_en", "country", "ownership", "alignment")


def outlet_registry(registry: str | Path | pd.DataFrame | None = None) -> pd.DataFrame:
    """The outlet registry (packaged ``data/outlets.csv``, or a user's table).

    The one loader of the registry. ``registry``: ``None`` for the packaged table, a path
    to a CSV with its columns, or a DataFrame with at least ``outlet_id`` (returned as
    given). Returns an empty registry (with a warning) when the packaged table is absent,
    so coverage still works without it.

    Examples
    --------
    >>> reg = outlet_registry()
    >>> {"outlet_id", "name_en", "country", "alignment"} <= set(reg.columns)
    True
    """
    if isinstance(registry, pd.DataFrame):
        require_columns(registry, ["outlet_id"], table="outlet registry")
        return registry
    try:
        return load_table("outlets", path=registry)
    except FileNotFoundError:
        if registry is not None:
            raise
        logger.warning("outlet registry data/outlets.csv not found; registry columns left empty")
        return pd.DataFrame(columns=["outlet_id", *REGISTRY_COLUMNS])
