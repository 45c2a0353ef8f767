"""Site boilerplate learned from the corpus: lines one outlet repeats across its pages.

The per-article rules of :mod:`astana_lib.annotate.roles` cannot know that "يمكنكم استلام
إشعارات بأهم الموضوعات …" is a BBC app promo or that "فرانس24/ أ ف ب" is France 24's
credit line: inside one article they look like text. Across the corpus they are obvious:
one outlet prints the same line under article after article, on date after date.

:func:`site_boilerplate` learns those lines from a paragraphs table, and
:func:`relabel_site_boilerplate` gives the matching ``body`` paragraphs their role
(:func:`astana_lib.read_corpus` does both, ``site_boilerplate=True``). A line (normalised
paragraph text, role ``body`` or ``title``) is site boilerplate when

* one outlet prints it in at least :data:`MIN_ARTICLES` articles published on at least
  :data:`MIN_DATES` distinct dates, and it is at most :data:`MAX_CHARS` characters long
  (promos, disclaimers, credit and contact lines, "read more" headers); or
* it is longer but printed in at least :data:`LONG_MIN_ARTICLES` articles on at least
  :data:`LONG_MIN_DATES` dates (long disclaimers);
* and no other outlet prints it: text shared across outlets is wire copy, not
  boilerplate.

Counting dates, not only articles, keeps a story's background paragraph (repeated in a
few articles of the same days) and duplicate records (same day) out. A learned line
that names a cited agency (``data/agencies.csv``: "فرانس24/ أ ف ب") is a credit line and
becomes role ``source``; the others become ``boilerplate``. ``role_reason`` says
``site_boilerplate`` / ``site_credit_line`` with the outlet and the counts. Lines
without letters or digits (separator rules ``-----``) are boilerplate by the per-article
rule ``boilerplate:separator`` (:mod:`astana_lib.annotate.roles`).

Measured on the shared dumps by ``benchmarks/bench_boilerplate.py`` (output in
``benchmarks/results/bench_boilerplate.txt``), with a read sample of relabelled lines.
"""

from __future__ import annotations

import logging
import re

import numpy as np
import pandas as pd

from astana_lib.annotate.sources import AgencyMatcher, default_matcher
from astana_lib.schema import require_columns

__all__ = [
    "LONG_MIN_ARTICLES",
    "LONG_MIN_DATES",
    "MAX_CHARS",
    "MIN_ARTICLES",
    "MIN_DATES",
    "relabel_site_boilerplate",
    "site_boilerplate",
]

logger = logging.getLogger(__name__)

#: Short lines: articles and distinct dates from which one outlet's line is boilerplate.
MIN_ARTICLES = 5
MIN_DATES = 3
#: Longest line (normalised characters) the short-line rule applies to.
MAX_CHARS = 60
#: Longer lines need more repeats.
LONG_MIN_ARTICLES = 10
LONG_MIN_DATES = 5

_ROLES = ("body", "title")
#: Words (besides agency names) a credit line may have: "خدمة", "بالاتفاق مع" …
MAX_CREDIT_EXTRA_WORDS = 2
_WORD_RE = re.compile(r"[^\W\d_]{2,}")


def site_boilerplate(
    paragraphs: pd.DataFrame,
    *,
    min_articles: int = MIN_ARTICLES,
    min_dates: int = MIN_DATES,
    max_chars: int = MAX_CHARS,
    long_min_articles: int = LONG_MIN_ARTICLES,
    long_min_dates: int = LONG_MIN_DATES,
    agencies: AgencyMatcher | None = None,
) -> pd.DataFrame:
    """Learn the lines each outlet repeats across its articles (see the module notes).

    Parameters
    ----------
    paragraphs : DataFrame
        PARAGRAPHS table (``article_id``, ``outlet``, ``date``, ``role``, ``norm``).
    min_articles, min_dates, max_chars, long_min_articles, long_min_dates : int
        The thresholds of the two rules.
    agencies : AgencyMatcher, optional
        Agency matcher that tells credit lines (default: the packaged agencies).

    Returns
    -------
    DataFrame
        One row per learned line: ``outlet``, ``norm``, ``n_articles``, ``n_dates``,
        ``role`` (``"boilerplate"`` or ``"source"``) and ``reason``; sorted by outlet,
        most repeated first.

    Examples
    --------
    >>> promo = "يمكنكم استلام إشعارات بأهم الموضوعات بعد تحميل أحدث نسخة من تطبيق بي بي سي"
    >>> from astana_lib.text.normalize import normalize_arabic
    >>> paras = pd.DataFrame({"article_id": list("abcdef"), "outlet": "bbc_arabic",
    ...     "date": pd.date_range("2018-05-01", periods=6), "role": "body",
    ...     "norm": normalize_arabic(promo)})
    >>> site_boilerplate(paras, max_chars=120)[["outlet", "n_articles", "n_dates", "role"]]
           outlet  n_articles  n_dates         role
    0  bbc_arabic           6        6  boilerplate
    """
    require_columns(paragraphs, ["article_id", "outlet", "role", "norm"], table="paragraphs")
    ok = ok_rows(paragraphs)
    # cheap first pass on integer codes (no Python strings for the whole column): only
    # lines printed at least min(...) times anywhere can qualify
    codes, _ = pd.factorize(paragraphs["norm"])
    codes = np.asarray(codes)
    freq = np.bincount(codes[ok & (codes >= 0)], minlength=int(codes.max(initial=-1)) + 1)
    n_min = min(min_articles, long_min_articles)
    idx = np.flatnonzero(ok & (codes >= 0) & (freq[np.maximum(codes, 0)] >= n_min))
    return lines_from_rows(
        candidate_rows(paragraphs, idx), min_articles=min_articles, min_dates=min_dates,
        max_chars=max_chars, long_min_articles=long_min_articles,
        long_min_dates=long_min_dates, agencies=agencies,
    )  # fmt: skip


def ok_rows(paragraphs: pd.DataFrame) -> np.ndarray:
    """Rows that may be site lines: role ``body`` or ``title`` and a known outlet.

    >>> ok_rows(pd.DataFrame({"role": ["body", "byline"], "outlet": ["f24", "f24"]})).tolist()
    [True, False]
    """
    return paragraphs["role"].isin(_ROLES).to_numpy(dtype=bool) & paragraphs[
        "outlet"
    ].notna().to_numpy(dtype=bool)


def candidate_rows(paragraphs: pd.DataFrame, idx: np.ndarray) -> pd.DataFrame:
    """``outlet``, ``norm``, ``article_id`` and day (``date``) of the paragraph rows ``idx``.

    :func:`site_boilerplate` passes the rows of lines printed often enough; a
    distributed reader builds these rows part by part and hands them all to
    :func:`lines_from_rows` (rows repeated within one article and day may be dropped).

    >>> p = pd.DataFrame({"outlet": ["f24"], "norm": ["نص"], "article_id": ["a"],
    ...                   "date": pd.to_datetime(["2018-01-02 10:00"])})
    >>> candidate_rows(p, np.array([0]))["date"].tolist()
    [Timestamp('2018-01-02 00:00:00')]
    """
    date = (
        pd.to_datetime(paragraphs["date"]).to_numpy()[idx]
        if "date" in paragraphs.columns
        else np.full(len(idx), np.datetime64("NaT"))
    )
    return pd.DataFrame(
        {
            "outlet": paragraphs["outlet"].iloc[idx].to_numpy(dtype=object),
            "norm": paragraphs["norm"].iloc[idx].to_numpy(dtype=object),
            "article_id": paragraphs["article_id"].iloc[idx].to_numpy(dtype=object),
            "date": pd.to_datetime(date).normalize(),
        }
    )


def lines_from_rows(
    df: pd.DataFrame,
    *,
    min_articles: int = MIN_ARTICLES,
    min_dates: int = MIN_DATES,
    max_chars: int = MAX_CHARS,
    long_min_articles: int = LONG_MIN_ARTICLES,
    long_min_dates: int = LONG_MIN_DATES,
    agencies: AgencyMatcher | None = None,
) -> pd.DataFrame:
    """The learned-lines table of :func:`site_boilerplate` from its candidate rows.

    ``df`` (:func:`candidate_rows`) must hold every ``body``/``title`` row of a known
    outlet of each line it holds; the result does not depend on the row order.

    >>> lines_from_rows(pd.DataFrame(columns=["outlet", "norm", "article_id", "date"])).shape
    (0, 6)
    """
    cols = ["outlet", "norm", "n_articles", "n_dates", "role", "reason"]
    if df.empty:
        return pd.DataFrame({c: pd.Series([], dtype=object) for c in cols})
    # only lines printed by exactly one outlet (cross-outlet text is wire copy)
    n_out = df.drop_duplicates(["norm", "outlet"])["norm"].value_counts()
    one = df["norm"].map(n_out).to_numpy() == 1
    cand = df[one]
    size = cand.groupby("norm", sort=False)["article_id"].size()
    cand = cand[cand["norm"].map(size).to_numpy() >= min(min_articles, long_min_articles)]
    if cand.empty:
        return pd.DataFrame({c: pd.Series([], dtype=object) for c in cols})
    grp = cand.groupby(["outlet", "norm"], sort=False)
    stats = pd.DataFrame(
        {"n_articles": grp["article_id"].nunique(), "n_dates": grp["date"].nunique()}
    ).reset_index()
    length = stats["norm"].str.len()
    short = (
        (length <= max_chars)
        & (stats["n_articles"] >= min_articles)
        & (stats["n_dates"] >= min_dates)
    )
    long = (stats["n_articles"] >= long_min_articles) & (stats["n_dates"] >= long_min_dates)
    stats = stats[(short | long).to_numpy()].copy()
    matcher = default_matcher() if agencies is None else agencies
    credit = np.array([_is_credit(nm, matcher) for nm in stats["norm"]], dtype=bool)
    stats["role"] = np.where(credit, "source", "boilerplate")
    rule = np.where(credit, "site_credit_line", "site_boilerplate")
    stats["reason"] = [
        f"{r}: line repeated in {a} articles of {o} on {d} dates"
        for r, a, o, d in zip(rule, stats["n_articles"], stats["outlet"], stats["n_dates"],
                              strict=True)
    ]  # fmt: skip
    stats = stats.sort_values(
        ["outlet", "n_articles", "norm"], ascending=[True, False, True], kind="stable"
    )
    return stats[cols].reset_index(drop=True)


def _is_credit(norm: str, matcher: AgencyMatcher) -> bool:
    """A credit line: it names an agency and little else (at most two other words).

    >>> _is_credit("فرانس24/ ا ف ب", default_matcher())
    True
    >>> _is_credit("يمكنكم استلام اشعارات باهم الموضوعات بعد تحميل تطبيق بي بي سي", default_matcher())
    False
    """
    spans = [(s, e) for _, s, e in matcher.finditer(norm)]
    if not spans:
        return False
    rest = list(norm)
    for s, e in spans:
        rest[s:e] = [" "] * (e - s)
    return len(_WORD_RE.findall("".join(rest))) <= MAX_CREDIT_EXTRA_WORDS


def relabel_site_boilerplate(paragraphs: pd.DataFrame, lines: pd.DataFrame) -> pd.DataFrame:
    """Give the ``body`` paragraphs that are learned site lines their role and reason.

    Parameters
    ----------
    paragraphs : DataFrame
        PARAGRAPHS table (``outlet``, ``norm``, ``role``, ``role_reason``).
    lines : DataFrame
        Output of :func:`site_boilerplate`.

    Returns
    -------
    DataFrame
        A copy of ``paragraphs`` (``text`` untouched) with ``role`` and ``role_reason``
        changed on the matching body rows; other rows unchanged.

    Examples
    --------
    >>> paras = pd.DataFrame({"outlet": ["f24", "f24"], "norm": ["فرانس24/ ا ف ب", "نص"],
    ...     "role": "body", "role_reason": "default"})
    >>> lines = pd.DataFrame({"outlet": ["f24"], "norm": ["فرانس24/ ا ف ب"],
    ...     "role": ["source"], "reason": ["site_credit_line: line repeated in 65 …"]})
    >>> relabel_site_boilerplate(paras, lines)["role"].tolist()
    ['source', 'body']
    """
    require_columns(paragraphs, ["outlet", "norm", "role", "role_reason"], table="paragraphs")
    if lines.empty or paragraphs.empty:
        return paragraphs
    key = dict(
        zip(zip(lines["outlet"], lines["norm"], strict=True),
            zip(lines["role"], lines["reason"], strict=True), strict=True)
    )  # fmt: skip
    hit_rows = paragraphs["norm"].isin(set(lines["norm"])).to_numpy(dtype=bool) & (
        paragraphs["role"] == "body"
    ).to_numpy(dtype=bool)
    cand = np.flatnonzero(hit_rows)
    if not len(cand):
        return paragraphs
    nm = dict(zip(cand.tolist(), paragraphs["norm"].iloc[cand].tolist(), strict=True))
    outl = dict(zip(cand.tolist(), paragraphs["outlet"].iloc[cand].tolist(), strict=True))
    roles = paragraphs["role"].to_numpy(dtype=object).copy()
    reasons = paragraphs["role_reason"].to_numpy(dtype=object).copy()
    n = 0
    for i in cand.tolist():
        hit = key.get((outl[i], nm[i]))
        if hit is not None:
            roles[i], reasons[i] = hit
            n += 1
    out = paragraphs.copy(deep=False)
    out["role"] = pd.Series(roles, index=out.index).astype(paragraphs["role"].dtype)
    out["role_reason"] = pd.Series(reasons, index=out.index).astype(paragraphs["role_reason"].dtype)
    logger.info("site boilerplate: %d paragraph(s) relabelled from %d line(s)", n, len(lines))
    return out
