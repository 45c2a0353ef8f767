"""Who published first: publication times when the records carry them, else days.

Direction (:func:`pair_direction`): the earlier publication *time* wins when both
articles carry one (the ANT dump has times with a time zone); otherwise the earlier
*day*; same-day pairs without times stay undirected. Every direction carries its
``direction_basis`` and ``direction_confidence``:

==============  ==================================================  ==========
basis           when                                                confidence
==============  ==================================================  ==========
``time``        both publication times known, lag >= 1 hour         high
``time``        lag under 1 hour (clock or update noise)            medium
``crawl_time``  times are crawl times (SaudiNewsNet ``date_kind``)  low
``day``         dates differ by 2 days or more                      high
``day``         dates differ by 1 day (time zones may invert it)    medium
``same_day``    same day, no times (undirected)                     NA
``missing``     a date is missing (undirected)                      NA
==============  ==================================================  ==========
"""

from __future__ import annotations

import re

import numpy as np
import pandas as pd

from astana_lib.schema import require_columns

__all__ = ["article_times", "pair_direction"]

_TIME_RE = re.compile(
    r"date='(\d{4}-\d\d-\d\dT\d\d:\d\d(?::\d\d(?:\.\d+)?)?(?:Z|[+-]\d\d:?\d\d)?)'"
)


def article_times(articles: pd.DataFrame) -> pd.DataFrame:
    """Publication times (UTC) of the articles whose record carried a time.

    The readers keep day-precision ``date``; the record's own value, with its time and
    time zone, is quoted in ``date_evidence`` (``record field date='…'``). A time of
    exactly midnight is taken as "no time". SaudiNewsNet's times are crawl times
    (``date_kind`` in the evidence): ``time_basis`` is then ``"crawl_time"``.

    Returns
    -------
    DataFrame
        ``article_id``, ``time`` (datetime64, UTC, naive; NaT when unknown),
        ``time_basis`` (``"time"``, ``"crawl_time"`` or NA).

    Examples
    --------
    >>> arts = pd.DataFrame({"article_id": ["a", "b", "c"], "date_evidence": [
    ...     "record field date='2018-05-17T20:59:52+00:00'",
    ...     "record field date='2015-07-21T02:51:32' (date_kind: date_extracted (crawl time))",
    ...     "record field date='2018-05-18'"]})
    >>> article_times(arts).values.tolist()
    [['a', Timestamp('2018-05-17 20:59:52'), 'time'], ['b', Timestamp('2015-07-21 02:51:32'), 'crawl_time'], ['c', NaT, <NA>]]
    """
    require_columns(articles, ["article_id"], table="articles")
    ev = (
        articles["date_evidence"].astype("string")
        if "date_evidence" in articles.columns
        else pd.Series(pd.NA, index=articles.index, dtype="string")
    )
    raw = ev.str.extract(_TIME_RE, expand=False)
    t = pd.to_datetime(raw, utc=True, errors="coerce", format="ISO8601")
    t = t.dt.tz_convert(None)
    midnight = (
        t.notna() & (t == t.dt.normalize()) & ~raw.fillna("").str.contains(r"[+-]\d\d:?\d\d$|Z$")
    )
    t = t.where(~midnight)
    basis = pd.Series(pd.NA, index=articles.index, dtype="string")
    basis[t.notna()] = "time"
    basis[t.notna() & ev.str.contains("crawl", case=False, na=False)] = "crawl_time"
    out = pd.DataFrame({"article_id": articles["article_id"].to_numpy(), "time": t.to_numpy()})
    out["time_basis"] = pd.array(basis.tolist(), dtype="string")
    return out


def pair_direction(
    pairs: pd.DataFrame, *, articles: pd.DataFrame | None = None, min_lag_hours: float = 1.0
) -> pd.DataFrame:
    """Who published first in each pair, with the basis and a confidence.

    Parameters
    ----------
    pairs : DataFrame
        PAIRS table (``date_a``/``date_b``; ``article_a``/``article_b`` to look up times).
    articles : DataFrame, optional
        ARTICLES table; publication times are read with :func:`article_times`.
    min_lag_hours : float, default 1.0
        Time lags below this are directed with confidence "medium" only.

    Returns
    -------
    DataFrame
        ``pairs`` with ``time_a``, ``time_b``, ``first`` (``"a"``, ``"b"`` or NA when
        undirected), ``lag_hours``, ``direction_basis`` and ``direction_confidence``
        (see the module notes).

    Examples
    --------
    >>> pairs = pd.DataFrame({"article_a": ["f24", "x"], "article_b": ["sky", "y"],
    ...     "date_a": pd.to_datetime(["2018-05-17", "2018-05-17"]),
    ...     "date_b": pd.to_datetime(["2018-05-18", "2018-05-17"])})
    >>> arts = pd.DataFrame({"article_id": ["f24", "sky"], "date_evidence": [
    ...     "record field date='2018-05-17T20:59:52+00:00'",
    ...     "record field date='2018-05-18T05:04:56+00:00'"]})
    >>> pair_direction(pairs, articles=arts)[["first", "lag_hours", "direction_basis",
    ...     "direction_confidence"]].values.tolist()
    [['a', 8.1, 'time', 'high'], [<NA>, nan, 'same_day', <NA>]]
    """
    require_columns(pairs, ["date_a", "date_b"], table="pairs")
    out = pairs.copy()
    n = len(out)
    ta = pd.Series(pd.NaT, index=out.index, dtype="datetime64[ns]")
    tb = ta.copy()
    ba = pd.Series(pd.NA, index=out.index, dtype="string")
    bb = ba.copy()
    if articles is not None and n:
        require_columns(pairs, ["article_a", "article_b"], table="pairs")
        times = article_times(articles).drop_duplicates("article_id").set_index("article_id")
        ta = out["article_a"].map(times["time"]).astype("datetime64[ns]")
        tb = out["article_b"].map(times["time"]).astype("datetime64[ns]")
        ba = out["article_a"].map(times["time_basis"]).astype("string")
        bb = out["article_b"].map(times["time_basis"]).astype("string")
    da = pd.to_datetime(out["date_a"]).dt.normalize()
    db = pd.to_datetime(out["date_b"]).dt.normalize()
    has_time = ta.notna() & tb.notna() & (ta != tb)
    crawl = has_time & ((ba == "crawl_time") | (bb == "crawl_time"))
    lag_h = ((tb - ta).dt.total_seconds() / 3600).where(has_time)
    day_diff = (db - da).dt.days.astype("Float64")
    by_day = ~has_time & da.notna() & db.notna() & (da != db)
    first = pd.Series(pd.NA, index=out.index, dtype="string")
    first[has_time] = np.where(lag_h[has_time] > 0, "a", "b")
    first[by_day] = np.where(day_diff[by_day] > 0, "a", "b")
    basis = pd.Series("missing", index=out.index, dtype="string")
    basis[da.notna() & db.notna()] = "same_day"
    basis[by_day] = "day"
    basis[has_time] = "time"
    basis[crawl] = "crawl_time"
    conf = pd.Series(pd.NA, index=out.index, dtype="string")
    conf[has_time] = np.where(lag_h[has_time].abs() >= min_lag_hours, "high", "medium")
    conf[crawl] = "low"
    conf[by_day] = np.where(day_diff[by_day].abs() >= 2, "high", "medium")
    lag = lag_h.abs().round(1)
    lag[by_day] = (day_diff[by_day].abs() * 24).astype(float)
    out["time_a"], out["time_b"] = ta.to_numpy(), tb.to_numpy()
    out["first"] = first
    out["lag_hours"] = lag.astype(float)
    out["direction_basis"] = basis
    out["direction_confidence"] = conf
    return out
