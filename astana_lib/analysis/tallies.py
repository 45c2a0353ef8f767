"""Small tallies the figures use as denominators: distinct articles per outlet.

A share of an outlet's articles (e.g. "30 % of Al Jazeera's articles mention Lavrentiev")
needs the outlet's number of articles. :func:`articles_per_outlet` counts them from any
table with ``article_id`` and ``outlet`` (ARTICLES, or a table of mentions), so the
figure divides by a table computed here instead of re-aggregating inside the plot.
"""

from __future__ import annotations

import pandas as pd

from astana_lib._tables import fill_unknown_outlet
from astana_lib.schema import require_columns

__all__ = ["articles_per_outlet"]


def articles_per_outlet(table: pd.DataFrame) -> pd.Series:
    """Distinct ``article_id`` per outlet (a missing outlet counts as ``"(unknown)"``).

    Parameters
    ----------
    table : pandas.DataFrame
        Any table with ``article_id`` and ``outlet`` (ARTICLES, ACTOR_MENTIONS …); an
        article listed on several rows is counted once.

    Returns
    -------
    pandas.Series
        ``n_articles`` indexed by ``outlet``, sorted by outlet.

    Examples
    --------
    >>> t = pd.DataFrame({"article_id": ["a", "a", "b", "c"], "outlet": ["rt", "rt", "rt", None]})
    >>> articles_per_outlet(t).to_dict()
    {'(unknown)': 1, 'rt': 2}
    """
    require_columns(table, ["article_id", "outlet"], table="articles")
    keyed = table.assign(outlet=fill_unknown_outlet(table["outlet"]))
    return keyed.groupby("outlet")["article_id"].nunique().rename("n_articles")
