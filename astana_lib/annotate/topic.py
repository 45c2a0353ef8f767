"""Astana topic filter: keep the articles that are about the Astana talks on Syria.

:func:`filter_astana` keeps an article by its relevance level (subject / background /
passing, :mod:`astana_lib.annotate.relevance`): it names Astana *as the talks* — any spelling:
أستانا, آستانا, استانا, أستانة, with attached clitics (بأستانا, لأستانا, وأستانا), Nur-Sultan
(the city's name for rounds 12–18), and ``الأستانة``/``الآستانة`` when the context is
Kazakh or the talks (BBC Arabic's spelling) rather than Ottoman Istanbul — or it reports a
round or an Astana-process event; with ``require_syria=True`` (default) it also names Syria
(سوريا/سورية/السوري…/دمشق). :func:`count_astana_mentions` and :func:`astana_mentions`
count the unambiguous spellings (:data:`~astana_lib.annotate.metadata.ASTANA_RE`) whatever the
context.
"""

from __future__ import annotations

import re
from typing import Literal, NamedTuple

import pandas as pd

from astana_lib._checks import check_choice
from astana_lib.annotate.metadata import ASTANA_RE
from astana_lib.annotate.relevance import astana_relevance, level_at_least
from astana_lib.reading.corpus import Corpus, _finalize
from astana_lib.schema import require_columns
from astana_lib.text.normalize import normalize_arabic
from astana_lib.text.offsets import norm_offsets

__all__ = ["AstanaMention", "astana_mentions", "count_astana_mentions", "filter_astana"]

#: Roles whose paragraphs count (a repeated paragraph or page debris does not).
TOPIC_ROLES = ("title", "body")
_SYRIA_RE = re.compile(r"سوري|دمشق|syria")
RelevanceLevel = Literal["passing", "background", "subject"]


class AstanaMention(NamedTuple):
    """One mention: the original text that matched and its character span in the text."""

    matched: str
    start: int
    end: int


def astana_mentions(text: str) -> list[AstanaMention]:
    """Mentions of Astana (city/talks) in a text, as spans of the original text.

    Examples
    --------
    >>> [m.matched for m in astana_mentions("مفاوضات بأستانا ثم آستانا 6 في أستانة")]
    ['بأستانا', 'آستانا', 'أستانة']
    >>> astana_mentions("في الآستانة عاصمة الدولة العثمانية")
    []
    """
    mapped = norm_offsets(text)
    if mapped is None:
        norm = normalize_arabic(text)
        return [AstanaMention(m.group(0), -1, -1) for m in ASTANA_RE.finditer(norm)]
    norm, pos = mapped
    out = []
    for m in ASTANA_RE.finditer(norm):
        s, e = int(pos[m.start()]), int(pos[m.end() - 1]) + 1
        out.append(AstanaMention(text[s:e], s, e))
    return out


def count_astana_mentions(paragraphs: pd.DataFrame, *, require_syria: bool = True) -> pd.Series:
    """Number of Astana mentions per article (title/body paragraphs), indexed by article_id.

    Articles that do not name Syria count 0 when ``require_syria`` is true.

    Examples
    --------
    >>> p = pd.DataFrame({"article_id": ["a", "a", "b"], "role": ["title", "body", "body"],
    ...                   "norm": ["استانا 5", "في سوريا استانا", "استانا عاصمه كازاخستان"]})
    >>> count_astana_mentions(p).to_dict()
    {'a': 2, 'b': 0}
    """
    require_columns(paragraphs, ["article_id"], table="paragraphs")
    df = paragraphs
    if "role" in df.columns:
        df = df[df["role"].isin(TOPIC_ROLES)]
    if "norm" in df.columns:
        norms = df["norm"]
    else:
        require_columns(df, ["text"], table="paragraphs")
        norms = df["text"].map(normalize_arabic)
    counts: dict[str, int] = {}
    syria: dict[str, bool] = {}
    for aid, nm in zip(df["article_id"], norms, strict=True):
        if not isinstance(nm, str):
            continue
        n = len(ASTANA_RE.findall(nm)) if "استان" in nm or "سلطان" in nm or "astana" in nm else 0
        counts[aid] = counts.get(aid, 0) + n
        if not syria.get(aid) and _SYRIA_RE.search(nm):
            syria[aid] = True
    ids = pd.unique(paragraphs["article_id"])
    out = pd.Series(
        [counts.get(a, 0) if (syria.get(a) or not require_syria) else 0 for a in ids],
        index=pd.Index(ids, name="article_id"),
        dtype="int64",
    )
    return out


def filter_astana(
    corpus: Corpus | pd.DataFrame,
    *,
    min_mentions: int = 1,
    require_syria: bool = True,
    min_relevance: RelevanceLevel = "passing",
) -> Corpus | pd.DataFrame:
    """Keep the articles about the Astana talks.

    An article is kept when its relevance level (:func:`~astana_lib.annotate.relevance.astana_relevance`:
    subject > background > passing > none) is at least ``min_relevance``, it names Astana
    as the talks at least ``min_mentions`` times and, with ``require_syria``, it names
    Syria. (An article on a guarantors' summit that never names Astana keeps its
    ``event`` column in the corpus but is not kept here.)
    Mentions of the Kazakh city in unrelated news (FC Astana, a summit held in the
    city) do not count; ``الأستانة`` counts when its context is Kazakh or the talks, not
    Ottoman Istanbul.

    Parameters
    ----------
    corpus : Corpus or pandas.DataFrame
        A :class:`~astana_lib.reading.Corpus` (its ``articles.title`` counts too when the
        headline is not a paragraph, as for record inputs), or a paragraphs table
        (``article_id`` and ``norm`` or ``text``; ``role`` used when present), or an
        articles-like table with a ``text`` column (one row per article).
    min_mentions : int, default 1
        Minimum number of mentions of the talks in the title/body paragraphs.
    require_syria : bool, default True
        Also require the article to name Syria.
    min_relevance : {'passing', 'background', 'subject'}, default 'passing'
        Lowest relevance level kept: 'passing' keeps every article that names the talks;
        'background' drops one-word mentions; 'subject' keeps articles about the talks.

    Returns
    -------
    Corpus or pandas.DataFrame
        The same kind as the input, with only the kept articles and every column kept;
        a Corpus gets columns ``astana_mentions``, ``relevance``, ``relevance_score`` and
        ``relevance_evidence`` on ``articles`` and keeps all its ``problems`` rows.

    Examples
    --------
    >>> p = pd.DataFrame({"article_id": ["a", "b"], "text": ["محادثات أستانا حول سوريا",
    ...                   "في الآستانة عاصمة الدولة العثمانية"], "outlet": ["x", "y"]})
    >>> filter_astana(p)
      article_id                      text outlet
    0          a  محادثات أستانا حول سوريا      x
    >>> len(filter_astana(p, min_relevance="subject"))
    0
    """
    if isinstance(min_mentions, bool) or not isinstance(min_mentions, int) or min_mentions < 1:
        raise ValueError(f"min_mentions must be an integer >= 1, got {min_mentions!r}")
    check_choice("min_relevance", min_relevance, ("passing", "background", "subject"))
    if isinstance(corpus, Corpus):
        rel = astana_relevance(corpus).set_index("article_id")
        paras = corpus.paragraphs
        has_title = set(paras.loc[paras["role"] == "title", "article_id"])
        arts0 = corpus.articles
        extra = arts0[arts0["title"].notna() & ~arts0["article_id"].isin(has_title)]
        tparas = paras[["article_id", "role", "norm"]]
        if len(extra):
            titles = pd.DataFrame(
                {"article_id": extra["article_id"], "role": "title",
                 "norm": extra["title"].map(normalize_arabic)}
            )  # fmt: skip
            tparas = pd.concat([tparas, titles], ignore_index=True)
        syria = _names_syria(tparas)
        arts = corpus.articles.copy()
        arts = arts.drop(columns=[c for c in _REL_COLS if c in arts.columns])
        for c in _REL_COLS:
            arts[c] = arts["article_id"].map(rel[c]).to_numpy()
        arts["astana_mentions"] = arts["astana_mentions"].fillna(0).astype("int64")
        keep = (
            level_at_least(arts["relevance"], min_relevance)
            & (arts["astana_mentions"] >= min_mentions)
            & (arts["article_id"].isin(syria) | (not require_syria))
        )
        kept_ids = set(arts.loc[keep, "article_id"])
        paras = corpus.paragraphs[corpus.paragraphs["article_id"].isin(kept_ids)]
        return _finalize(arts[keep], paras, corpus.problems)
    if not isinstance(corpus, pd.DataFrame):
        raise TypeError(
            f"filter_astana expects a Corpus or a DataFrame, got {type(corpus).__name__}"
        )
    rel = astana_relevance(corpus)
    syria = _names_syria(corpus)
    keep = (
        level_at_least(rel["relevance"], min_relevance)
        & (rel["astana_mentions"] >= min_mentions)
        & (rel["article_id"].isin(syria) | (not require_syria))
    )
    keep_ids = set(rel.loc[keep.to_numpy(), "article_id"])
    return corpus[corpus["article_id"].isin(keep_ids)]


_REL_COLS = ("astana_mentions", "relevance", "relevance_score", "relevance_evidence")


def _names_syria(paragraphs: pd.DataFrame) -> set[str]:
    """Ids of the articles whose title/body paragraphs name Syria."""
    df = paragraphs
    if "role" in df.columns:
        df = df[df["role"].isin(TOPIC_ROLES)]
    norms = df["norm"] if "norm" in df.columns else df["text"].map(normalize_arabic)
    return {
        aid
        for aid, nm in zip(df["article_id"], norms, strict=True)
        if isinstance(nm, str) and _SYRIA_RE.search(nm)
    }
