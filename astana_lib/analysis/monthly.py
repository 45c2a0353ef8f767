"""Coverage per calendar month: every dated article per outlet, with or without a round.

Most articles of a real corpus carry no round (they report the war, not a meeting), so
coverage *per round* is nearly empty for them; :func:`coverage_by_month` counts every dated
article per outlet and month, and how many of them have a known round. The figure is
:func:`astana_lib.figures.timeline.plot_coverage_over_time`.
"""

from __future__ import annotations

import logging

import pandas as pd

from astana_lib._tables import fill_unknown_outlet
from astana_lib.reading.duplicates import DuplicateRecords, drop_duplicate_records
from astana_lib.schema import require_columns

__all__ = ["coverage_by_month"]

logger = logging.getLogger(__name__)


def coverage_by_month(
    articles: pd.DataFrame, *, duplicate_records: DuplicateRecords = "drop"
) -> pd.DataFrame:
    """Articles per outlet and calendar month (every dated article, round known or not).

    Parameters
    ----------
    articles : DataFrame
        ARTICLES table (``article_id``, ``outlet``, ``date``; ``round`` when present).
    duplicate_records : {"drop", "keep"}, default "drop"
        ``"drop"`` counts each article once (rows with ``duplicate_of`` set are left
        out, see :mod:`astana_lib.reading.duplicates`); ``"keep"`` counts copies too.

    Returns
    -------
    pandas.DataFrame
        ``outlet`` (missing → "(unknown)"), ``month`` (first day of the month),
        ``n_articles``, ``n_with_round`` (of them, articles with a known round). Undated
        articles are left out and logged.

    Examples
    --------
    >>> arts = pd.DataFrame({"article_id": ["a", "b", "c"], "outlet": ["rt", "rt", None],
    ...     "date": pd.to_datetime(["2018-05-14", "2018-05-20", "2018-06-01"]),
    ...     "round": pd.array([9, pd.NA, pd.NA], dtype="Int64")})
    >>> coverage_by_month(arts).values.tolist()
    [['(unknown)', Timestamp('2018-06-01 00:00:00'), 1, 0], ['rt', Timestamp('2018-05-01 00:00:00'), 2, 1]]
    """
    require_columns(articles, ["article_id", "outlet", "date"], table="articles")
    articles = drop_duplicate_records(articles, duplicate_records, column="duplicate_of")
    df = articles.drop_duplicates("article_id")
    dates = pd.to_datetime(df["date"], errors="coerce")
    n_undated = int(dates.isna().sum())
    if n_undated:
        logger.info("coverage_by_month: %d undated article(s) left out", n_undated)
    has_round = df["round"].notna() if "round" in df.columns else pd.Series(False, df.index)
    out = pd.DataFrame(
        {
            "outlet": fill_unknown_outlet(df["outlet"]),
            "month": dates.dt.to_period("M").dt.to_timestamp(),
            "with_round": has_round.astype(int),
        }
    )[dates.notna()]
    agg = (
        out.groupby(["outlet", "month"])
        .agg(n_articles=("with_round", "size"), n_with_round=("with_round", "sum"))
        .reset_index()
    )
    agg.attrs["n_undated"] = n_undated
    return agg.astype({"n_articles": "int64", "n_with_round": "int64"})
