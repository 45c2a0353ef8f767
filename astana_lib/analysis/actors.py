"""Actors: who is mentioned and who is quoted, with every spelling counted as one person.

The gazetteer ``data/actors.csv`` (columns ``actor_id, name_en, name_ar, alias, role,
affiliation, source``; one row per alias) lists the delegates, envoys and leaders around
the Astana talks with the spellings the seeds and the shared corpora use
(لافرينتيف / لافرنتييف / لافرينتييف / ألكسندر …, دي ميستورا / دي مستورا with ستافان /
ستفان / ستيفان …). Matching follows :mod:`astana_lib.text.lexicon`: normalised text, whole
words, proclitics (و ب ل ف) on the first word, longest alias wins.

Gazetteer policy: a bare surname is an alias only when it is not also a common word or
another well-known person's name. "الأسد" (lion; Hafez/Maher al-Assad), "الجعفري"
(also Iraq's Ibrahim al-Jaafari), "رئيسي" ("main"), "المعلم" ("teacher"), "جونز",
"علوش" (also Zahran Alloush) and "أنصاري" are therefore matched only in longer forms
("بشار الأسد", "الرئيس الأسد", "بشار الجعفري", "إبراهيم رئيسي" …), or in a context given
by the optional ``only_after`` column: "الأسد" and "المعلم" count right after a speech
verb ("قال/اعتبر/أضاف/تابع الأسد", ``only_after="@speech_verb"``), never after "ماهر"
or "عن". Spelling variants are aliases ("جاويش/تشاووش/تشاويش/تشاوش أوغلو"); proclitics
و ف ب ل ك on the first word are accepted ("ولافروف", "لبوتين"). "روحاني" and "ظريف"
are kept bare (their adjective senses are rare in news text); remove them with your own
gazetteer if your corpus says otherwise.

Quotations (``quoted``/``verb``): a mention is quoted when

* a speech verb (قال, أعلن, أضاف, أكد, أشار, أوضح, ذكر, لفت, اعتبر, صرح, تابع, شدد, كشف,
  أفاد, رأى, نفى, حذر, and the stance verbs انتقد, دعا, طالب, اتهم, وصف, رحب, أعرب,
  اقترح, جدد, تساءل, اعترف, نوه, with و/ف and feminine ت) or an attribution cue
  (بحسب/حسب: "وبحسب الرئيس بوتين") stands at most ``window`` words
  *before* the name, with no sentence punctuation, quotation mark, complementiser
  (أن/إن/أنه …), object preposition (مع, عن, بين) or other actor in between
  ("وقال مدير قسم آسيا … حيدر بيك توماتوف"; "قال إن لافروف …" is *not* a quotation of
  Lavrov). Coordinated subjects share the verb: in "وأكد الرؤساء بوتين وأردوغان
  وروحاني" all three are quoted (another name is passed over when the next word starts
  with و or the name ends with a comma); or
* the word right after the name is a speech verb or "قوله/قولها"
  ("دي ميستورا أكد …", "نقلت سبوتنيك عن لافرنتييف قوله").

Limits: references back to an earlier name ("وقال المسؤول الروسي", "قال الأخير",
"وأضاف" with a dropped subject) are not resolved: they are not counted as quotations of
anyone. :func:`unmatched_names` lists these speech-verb subjects that the gazetteer does
not know, so they can be read and, where they are people, added to the gazetteer.

Modules: the gazetteer and its matches in :mod:`astana_lib.analysis.gazetteer`, speech verbs
in :mod:`astana_lib.text.speech`, :func:`unmatched_names` in
:mod:`astana_lib.analysis.unknown_speakers` (all re-exported here); this module counts
mentions and quotations (:func:`actor_mentions`, :func:`actor_summary`).
"""

from __future__ import annotations

import logging
from collections.abc import Iterable, Sequence
from pathlib import Path

import pandas as pd
from tqdm.auto import tqdm

from astana_lib._progress import progress_enabled
from astana_lib._tables import as_list, constant_columns
from astana_lib.analysis.gazetteer import (  # SPEECH_VERB_CONTEXT: old path kept
    SPEECH_VERB_CONTEXT,  # noqa: F401
    gazetteer_matches,
    gazetteer_table,
    load_gazetteer,
    only_after_rules,
)
from astana_lib.analysis.unknown_speakers import unmatched_names
from astana_lib.reading.duplicates import DuplicateRecords, drop_duplicate_records
from astana_lib.schema import ACTOR_MENTIONS, ARTICLES, PARAGRAPHS, require_columns
from astana_lib.text.lexicon import HEAVY_COLUMNS, TermMatcher, mapped_offsets, select_paragraphs
from astana_lib.text.normalize import normalize_arabic
from astana_lib.text.speech import SPEECH_VERBS, speech_spans

__all__ = [
    "SPEECH_VERBS",
    "actor_mentions",
    "actor_summary",
    "load_gazetteer",
    "unmatched_names",
]

logger = logging.getLogger(__name__)


def actor_mentions(
    paragraphs: pd.DataFrame,
    *,
    gazetteer: str | Path | pd.DataFrame | None = None,
    roles: Iterable[str] | None = ("title", "body"),
    window: int = 10,
    progress: bool = False,
    duplicate_records: DuplicateRecords = "drop",
) -> pd.DataFrame:
    """Find actor mentions (any alias spelling) and whether they are quoted.

    Parameters
    ----------
    paragraphs : DataFrame
        PARAGRAPHS table (needs ``para_id``, ``article_id``, ``text``; ``role`` when
        ``roles`` is given).
    gazetteer : str, Path, DataFrame or None
        Actor gazetteer (see :func:`load_gazetteer`); ``None`` = packaged.
    roles : iterable of str or None, default ("title", "body")
        Paragraph roles searched (repeats and boilerplate left out by default).
    window : int, default 10
        Most words allowed between a speech verb and the name it introduces (titles
        such as "المبعوث الخاص للرئيس الروسي إلى سوريا" come in between).
    progress : bool, default False
        tqdm progress bar.
    duplicate_records : {"drop", "keep"}, default "drop"
        ``"drop"`` counts each article once: rows of duplicate records (``article_duplicate_of``
        not NA, see :mod:`astana_lib.reading.duplicates`) are left out; ``"keep"`` counts copies.

    Returns
    -------
    pandas.DataFrame
        ACTOR_MENTIONS: every paragraph column except ``text``/``norm`` (metadata kept),
        then ``actor``, ``name_en``, ``name_ar``, ``affiliation``, ``matched``,
        ``start``, ``end`` (offsets into the paragraph's original text), ``quoted``,
        ``verb`` (original spelling, NA when not quoted).

    Examples
    --------
    >>> paras = pd.DataFrame({"para_id": ["a:1"], "article_id": ["a"], "role": ["body"],
    ...     "outlet": ["x"], "text": ["وقال لافرنتييف إن دي ميستورا زار أستانا"]})
    >>> m = actor_mentions(paras)
    >>> m[["outlet", "actor", "matched", "quoted", "verb"]].values.tolist()
    [['x', 'lavrentiev', 'لافرنتييف', True, 'وقال'], ['x', 'de_mistura', 'دي ميستورا', False, <NA>]]
    """
    if not isinstance(window, int) or window < 0:
        raise ValueError(f"window must be a non-negative int, got {window!r}")
    gaz = gazetteer_table(gazetteer)
    require_columns(gaz, ["actor_id", "name_en", "name_ar", "affiliation"], table="gazetteer")
    paras = drop_duplicate_records(select_paragraphs(paragraphs, roles), duplicate_records)
    matcher = TermMatcher(gaz["term_norm"].tolist())
    only_after = only_after_rules(gaz)
    rows = []
    for pos, text in enumerate(
        tqdm(paras["text"], disable=not progress_enabled(progress), desc="actors")
    ):
        if not isinstance(text, str) or not text:
            continue
        norm = normalize_arabic(text)
        hits = gazetteer_matches(matcher, norm, only_after)
        if not hits:
            continue
        _, starts, ends = mapped_offsets(text, norm)
        verbs = speech_spans(norm, [(s, e) for _, s, e in hits], window=window)
        for (k, s, e), v in zip(hits, verbs, strict=True):
            a, b = int(starts[s]), int(ends[e - 1])
            verb = pd.NA if v is None else text[starts[v[0]] : ends[v[1] - 1]]
            rows.append((pos, k, text[a:b], a, b, v is not None, verb))
    hits_df = pd.DataFrame(
        rows, columns=["_pos", "_term", "matched", "start", "end", "quoted", "verb"]
    )
    keep = [c for c in paras.columns if c not in HEAVY_COLUMNS]
    own = ["actor", "name_en", "name_ar", "affiliation"]
    clash = [c for c in own if c in keep]
    if clash:
        logger.warning("paragraph column(s) %s replaced by the gazetteer's", clash)
        keep = [c for c in keep if c not in clash]
    out = paras[keep].iloc[hits_df["_pos"].to_numpy()].reset_index(drop=True)
    g = gaz.iloc[hits_df["_term"].to_numpy()].reset_index(drop=True)
    out["actor"] = g["actor_id"]
    for c in ("name_en", "name_ar", "affiliation"):
        out[c] = g[c]
    for c in ("matched", "start", "end", "quoted", "verb"):
        out[c] = hits_df[c].to_numpy()
    out["start"] = out["start"].astype("int64")
    out["end"] = out["end"].astype("int64")
    out["quoted"] = out["quoted"].astype(bool)
    out["verb"] = out["verb"].astype("string")
    if paragraphs["article_id"].nunique() and out.empty:
        logger.info("actors: no gazetteer name found in %d paragraph(s)", len(paras))
    return out


def actor_summary(mentions: pd.DataFrame, *, by: str | Sequence[str] = "outlet") -> pd.DataFrame:
    """Mentions and quotations per actor and group (e.g. per outlet or round).

    Parameters
    ----------
    mentions : DataFrame
        Output of :func:`actor_mentions`.
    by : str or sequence of str, default "outlet"
        Grouping column(s); missing values form their own group.

    Returns
    -------
    pandas.DataFrame
        ``by`` columns, ``actor``, ``name_en``, ``name_ar``, ``affiliation``,
        ``n_mentions``, ``n_quoted``, ``n_articles`` (articles mentioning the actor),
        ``n_quoted_articles`` (articles quoting the actor),
        ``spellings`` (distinct matched spellings, most frequent first), then any
        user column constant within each group. Sorted by group, then most mentioned.

    Examples
    --------
    >>> paras = pd.DataFrame({"para_id": ["a:1", "b:1"], "article_id": ["a", "b"],
    ...     "role": ["body", "body"], "outlet": ["x", "x"],
    ...     "text": ["وقال لافرنتييف إن", "أعلن ألكسندر لافرينتيف أن"]})
    >>> s = actor_summary(actor_mentions(paras))
    >>> s[["outlet", "actor", "n_mentions", "n_quoted", "n_articles"]].values.tolist()
    [['x', 'lavrentiev', 2, 2, 2]]
    """
    keys = as_list(by)
    require_columns(mentions, [*keys, "article_id", "actor", "matched", "quoted"], table="mentions")
    grp = mentions.groupby([*keys, "actor"], dropna=False, sort=False)
    out = grp.agg(
        n_mentions=("matched", "size"),
        n_quoted=("quoted", "sum"),
        n_articles=("article_id", "nunique"),
    )
    quoted_rows = mentions[mentions["quoted"].fillna(False).astype(bool)]
    out["n_quoted_articles"] = (
        quoted_rows.groupby([*keys, "actor"], dropna=False, sort=False)["article_id"]
        .nunique()
        .reindex(out.index)
        .fillna(0)
        .astype("int64")
    )
    out["spellings"] = grp["matched"].agg(lambda s: list(s.value_counts().index))
    out = out.reset_index()
    names = [c for c in ("name_en", "name_ar", "affiliation") if c in mentions.columns]
    if names:
        out = out.merge(
            mentions.drop_duplicates("actor")[["actor", *names]], on="actor", how="left"
        )
    meta = constant_columns(
        mentions, keys, exclude=[*ARTICLES, *PARAGRAPHS, *ACTOR_MENTIONS, "affiliation"]
    )
    if len(meta.columns):
        out = out.merge(meta.reset_index(), on=keys, how="left")
    out["n_quoted"] = out["n_quoted"].astype("int64")
    out = out.sort_values(
        [*keys, "n_mentions", "actor"],
        ascending=[True] * len(keys) + [False, True],
        kind="stable",
        na_position="last",
    ).reset_index(drop=True)
    first = [
        *keys,
        "actor",
        *names,
        "n_mentions",
        "n_quoted",
        "n_articles",
        "n_quoted_articles",
        "spellings",
    ]
    return out[[*first, *[c for c in out.columns if c not in first]]]
