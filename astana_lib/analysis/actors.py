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
"""

from __future__ import annotations

import logging
import re
from collections.abc import Iterable, Sequence
from pathlib import Path

import pandas as pd
from tqdm.auto import tqdm

from astana_lib._progress import progress_enabled
from astana_lib._tables import as_list, constant_columns
from astana_lib.reading.duplicates import DuplicateRecords, drop_duplicate_records
from astana_lib.schema import ACTOR_MENTIONS, ARTICLES, PARAGRAPHS, require_columns
from astana_lib.text.lexicon import (
    HEAVY_COLUMNS,
    TermMatcher,
    load_lexicon,
    mapped_offsets,
    select_paragraphs,
)
from astana_lib.text.normalize import normalize_arabic

__all__ = [
    "SPEECH_VERBS",
    "actor_mentions",
    "actor_summary",
    "load_gazetteer",
    "unmatched_names",
]

logger = logging.getLogger(__name__)

#: Past-tense speech verbs (normalised); matched with optional و/ف and feminine ت.
SPEECH_VERBS = (
    "قال",
    "اعلن",
    "اضاف",
    "اكد",
    "اشار",
    "اوضح",
    "ذكر",
    "لفت",
    "اعتبر",
    "صرح",
    "تابع",
    "شدد",
    "كشف",
    "افاد",
    "راي",
    "نفي",
    "حذر",
    # issue 10: verbs of stance that attribute words to their subject
    "انتقد",
    "دعا",
    "دعت",
    "طالب",
    "اتهم",
    "وصف",
    "رحب",
    "اعرب",
    "اقترح",
    "جدد",
    "تساءل",
    "اعترف",
    "نوه",
)
#: Attribution before a name that is not a verb: "وبحسب الرئيس بوتين", "حسب لافروف".
ATTRIBUTION_CUES = ("حسب", "بحسب")
_AFTER_NAME = ("قوله", "قولها")
_VERB_ALT = "|".join(normalize_arabic(v) for v in SPEECH_VERBS)
_VERB_RE = re.compile(rf"^[وف]?(?:(?:{_VERB_ALT})ت?|{'|'.join(ATTRIBUTION_CUES)})$")
_AFTER_RE = re.compile(rf"^(?:{_VERB_ALT})ت?$|^(?:{'|'.join(_AFTER_NAME)})$")
#: Words after which a following name is not the verb's subject.
_COMPLEMENTISERS = (
    "أن",
    "إن",
    "أنه",
    "إنه",
    "أنها",
    "إنها",
    "أنهم",
    "إنهم",
    "أنهما",
    "أننا",
    "إننا",
    "أنني",
    "بأن",
    "بأنه",
    "بأنها",
    "بأنهم",
    "لأن",
)
_BLOCKERS = frozenset(
    normalize_arabic(w)
    for w in (
        *_COMPLEMENTISERS,
        "مع",
        "عن",
        "بين",
        "من",
        "ضد",
        "لدى",
        "حول",
        "ومع",
        "وعن",
        "وبين",
        "الذي",
        "التي",
        "الذين",
    )
)
#: Words that end a subject phrase in :func:`unmatched_names` (prepositions and such).
_PHRASE_END = _BLOCKERS | frozenset(
    normalize_arabic(w)
    for w in (
        "في",
        "إلى",
        "الى",
        "على",
        "خلال",
        "بخصوص",
        "بشأن",
        "حيث",
        "لكن",
        "بعد",
        "قبل",
        "أمس",
        "اليوم",
        "مؤخرا",
    )
)
#: Characters that end the search window (sentence end, quotation, brackets).
_STOP_CHARS = frozenset('.:؛;!?؟«»"“”„()[]{}')
_PUNCT_STRIP = "،,.:؛;!?؟«»\"“”„()[]{}'-–—"
_TOKEN_RE = re.compile(r"\S+")
_MAX_NAME_WORDS = 3
_ARTICLE_RE = re.compile(r"^[\W]*[وفبكل]?ال")
#: Words that are roles, institutions, time words or fillers, not names (for the
#: :func:`unmatched_names` guess). Space-separated to keep the list readable.
_ROLE_WORDS = frozenset(
    normalize_arabic(w)
    for w in """
    المسؤول المسؤولة الأخير المتحدث المتحدثة الناطق الناطقة باسم مصدر مصادر مراسل مندوب
    وزير وزيرة وزارة الخارجية الدفاع رئيس الرئيس مساعد نائب مدير قسم المبعوث مبعوث الممثل
    الخاص الدولي الأممي الوفد وفد الروسي الروسية الأمريكي الأميركي الإيراني التركي السوري
    السورية الكازاخستاني الكازاخستانية الكزاخية الكازاخية المعارضة الحكومة بيان وكالة
    الأنباء السفير عضو قائد القائد العام الأمين للرئيس لشؤون الشرق الأوسط الدائم المرصد
    في إلى الى من على أيضا كذلك بدوره بدورها اليوم أمس خلال مؤتمر صحفي هذا ذلك بذلك الذي
    التي رسميا مجددا سابقا لاحقا قائلا نفسه فيها ما كل السبت الأحد الاثنين الثلاثاء
    الأربعاء الخميس الجمعة الشهر الأسبوع العام الماضي الجاري مسؤول فصيل نشطاء ناشطون
    مجموعات العضو أحد السكان
    """.split()  # noqa: SIM905
)


def load_gazetteer(
    gazetteer: str | Path | pd.DataFrame | None = None, *, extend: bool = False
) -> pd.DataFrame:
    """Load the actor gazetteer (packaged, a user's CSV/DataFrame, or both).

    Parameters
    ----------
    gazetteer : str, Path, DataFrame or None
        ``None`` → packaged ``data/actors.csv``; otherwise a table with the columns
        ``actor_id, name_en, name_ar, alias, role, affiliation, source``.
    extend : bool, default False
        Append the user's rows to the packaged gazetteer instead of replacing it.

    Examples
    --------
    >>> gaz = load_gazetteer()
    >>> sorted(set(gaz.loc[gaz["actor_id"] == "lavrentiev", "name_en"]))
    ['Alexander Lavrentiev']
    """
    return load_lexicon(
        "actors", gazetteer, term_column="alias", key_column="actor_id", extend=extend
    )


def _gazetteer(gazetteer: str | Path | pd.DataFrame | None) -> pd.DataFrame:
    if isinstance(gazetteer, pd.DataFrame) and "term_norm" in gazetteer.columns:
        return gazetteer
    return load_gazetteer(gazetteer)


#: ``only_after`` value meaning "right after a speech verb or attribution cue".
SPEECH_VERB_CONTEXT = "@speech_verb"


def _only_after_rules(gaz: pd.DataFrame) -> dict[int, tuple[frozenset[str], bool]]:
    """``{term index: (allowed preceding words, speech verb allowed)}`` from ``only_after``."""
    if "only_after" not in gaz.columns:
        return {}
    rules: dict[int, tuple[frozenset[str], bool]] = {}
    for k, spec in enumerate(gaz["only_after"]):
        if isinstance(spec, str) and spec.strip():
            items = [w.strip() for w in spec.split("|") if w.strip()]
            words = frozenset(normalize_arabic(w) for w in items if w != SPEECH_VERB_CONTEXT)
            rules[k] = (words, SPEECH_VERB_CONTEXT in items)
    return rules


def _find(
    matcher: TermMatcher, norm: str, rules: dict[int, tuple[frozenset[str], bool]]
) -> list[tuple[int, int, int]]:
    """Gazetteer matches in ``norm``, minus aliases whose ``only_after`` context is missing.

    A bare alias such as "الأسد" (lion; Hafez or Maher al-Assad) counts only right after
    a speech verb ("قال الأسد", "وتابع الأسد") or one of the listed words; punctuation
    in between, or any other word before it, drops the match.
    """
    hits = [(matcher.duplicates.get(k, k), s, e) for k, s, e in matcher.find_norm(norm)]
    if not rules:
        return hits
    out = []
    for k, s, e in hits:
        rule = rules.get(k)
        if rule is not None:
            head = norm[:s]
            if head and not head[-1].isspace():  # proclitic attached ("والأسد")
                head = head[: len(head) - len(head.split()[-1])] if head.split() else ""
            prev = head.split()[-1] if head.split() else ""
            if not prev or prev[-1:] in _STOP_CHARS or prev[-1:] in "،,":
                continue
            word = _strip(prev)
            if not (word in rule[0] or (rule[1] and _VERB_RE.match(word))):
                continue
        out.append((k, s, e))
    return out


def _tokens(norm: str) -> list[tuple[int, int, str]]:
    return [(m.start(), m.end(), m.group()) for m in _TOKEN_RE.finditer(norm)]


def _strip(tok: str) -> str:
    return tok.strip(_PUNCT_STRIP)


def _verb_before(
    toks: list[tuple[int, int, str]], first: int, window: int, others: set[int]
) -> int | None:
    """Index of the speech-verb token governing the name that starts at token ``first``.

    Walks back at most ``window`` words plus the verb; stops at another actor's token
    (``others``), a complementiser/preposition blocker, or any sentence punctuation,
    quotation mark or bracket. Another actor is passed over when the two are
    coordinated subjects of one verb ("وأكد الرؤساء بوتين وأردوغان وروحاني": the word
    after the other actor's name starts with و, or the name ends with a comma).
    """
    budget = window + 1  # the words in between plus the verb itself
    k = first
    while budget > 0 and k > 0:
        k -= 1
        tok = toks[k][2]
        if k in others:
            # coordinated names ("بوتين وأردوغان", "بوتين، أردوغان") do not use the window
            if k + 1 in others or toks[k + 1][2][:1] == "و" or tok[-1:] in "،,":
                continue
            return None
        budget -= 1
        word = _strip(tok)
        if _VERB_RE.match(word):
            # "قال:" / "قال «…" introduce a quotation, not this name.
            return None if tok[-1:] in _STOP_CHARS else k
        if word in _BLOCKERS or any(c in _STOP_CHARS for c in tok):
            return None
    return None


def _speech(
    norm: str, spans: list[tuple[int, int]], *, window: int
) -> list[tuple[int, int] | None]:
    """For each mention span in ``norm``, the span of the speech verb governing it."""
    toks = _tokens(norm)
    tok_of: dict[int, int] = {}
    for i, (ts, te, _) in enumerate(toks):
        for j in range(ts, te):
            tok_of[j] = i
    mention_toks = [(tok_of[s], tok_of[e - 1]) for s, e in spans]
    taken = {k for a, b in mention_toks for k in range(a, b + 1)}
    out: list[tuple[int, int] | None] = []
    for (_, e), (a, b) in zip(spans, mention_toks, strict=True):
        k = _verb_before(toks, a, window, taken - set(range(a, b + 1)))
        if k is None and b + 1 < len(toks) and toks[b][2][-1:] not in _STOP_CHARS:
            nxt = toks[b + 1][2]  # "دي ميستورا أكد …", "عن لافرنتييف قوله"
            if nxt[:1] not in _STOP_CHARS and _AFTER_RE.match(_strip(nxt)):
                k = b + 1
        if k is not None:
            ts, _, tok = toks[k]
            lead = len(tok) - len(tok.lstrip(_PUNCT_STRIP))
            out.append((ts + lead, ts + lead + len(_strip(tok))))
            continue
        # Headline convention "لافرنتييف: …" / "لافرينتييف : …" (name, colon, words).
        colon = norm.find(":", e, e + 2)
        if colon >= 0 and not norm[e:colon].strip() and norm[colon + 1 :].strip():
            out.append((colon, colon + 1))
        else:
            out.append(None)
    return out


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
    gaz = _gazetteer(gazetteer)
    require_columns(gaz, ["actor_id", "name_en", "name_ar", "affiliation"], table="gazetteer")
    paras = drop_duplicate_records(select_paragraphs(paragraphs, roles), duplicate_records)
    matcher = TermMatcher(gaz["term_norm"].tolist())
    only_after = _only_after_rules(gaz)
    rows = []
    for pos, text in enumerate(
        tqdm(paras["text"], disable=not progress_enabled(progress), desc="actors")
    ):
        if not isinstance(text, str) or not text:
            continue
        norm = normalize_arabic(text)
        hits = _find(matcher, norm, only_after)
        if not hits:
            continue
        _, starts, ends = mapped_offsets(text, norm)
        verbs = _speech(norm, [(s, e) for _, s, e in hits], window=window)
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


def unmatched_names(
    paragraphs: pd.DataFrame,
    *,
    gazetteer: str | Path | pd.DataFrame | None = None,
    roles: Iterable[str] | None = ("title", "body"),
    window: int = 6,
    window_quote: int = 10,
) -> pd.DataFrame:
    """Speech-verb subjects the gazetteer does not know (to read, not to hide).

    For every speech verb (see :data:`SPEECH_VERBS`) the words after it, up to the next
    complementiser (أن/إن …), preposition, punctuation, quotation mark or ``window``
    words, are the verb's subject phrase. Verbs that :func:`actor_mentions` attributes
    to a gazetteer name, and phrases that contain one, are known and left out; the
    others are returned.

    Parameters
    ----------
    paragraphs : DataFrame
        PARAGRAPHS table.
    gazetteer : str, Path, DataFrame or None
        Actor gazetteer; ``None`` = packaged.
    roles : iterable of str or None, default ("title", "body")
        Paragraph roles searched.
    window : int, default 6
        Most words taken after the verb.
    window_quote : int, default 10
        ``window`` of :func:`actor_mentions`: verbs that it attributes to a known
        actor are not reported here.

    Returns
    -------
    pandas.DataFrame
        Every paragraph column except ``text``/``norm``, then ``verb``, ``phrase``
        (the subject phrase, original text; empty when the verb is followed directly
        by أن/إن or punctuation), ``candidate`` (a *guess* at a person name: up to
        three trailing words of the phrase that are not role, institution or time
        words, not starting with the article ال; empty when there is none) and ``kind``: ``"candidate_name"`` (a possible unknown person,
        worth adding to the gazetteer), ``"no_name"`` (a role, institution, or a
        reference back such as "المسؤول الروسي") or ``"no_subject"`` (dropped subject).

    Examples
    --------
    >>> paras = pd.DataFrame({"para_id": ["a:1"], "article_id": ["a"], "role": ["body"],
    ...     "text": ["وقال فاتح حسون إن الوفد… وقال المسؤول الروسي إن"]})
    >>> u = unmatched_names(paras)
    >>> u[["verb", "phrase", "candidate", "kind"]].values.tolist()
    [['وقال', 'فاتح حسون', 'فاتح حسون', 'candidate_name'], ['وقال', 'المسؤول الروسي', '', 'no_name']]
    """
    if not isinstance(window, int) or window < 1:
        raise ValueError(f"window must be a positive int, got {window!r}")
    gaz = _gazetteer(gazetteer)
    paras = select_paragraphs(paragraphs, roles)
    matcher = TermMatcher(gaz["term_norm"].tolist())
    only_after = _only_after_rules(gaz)
    rows = []
    for pos, text in enumerate(paras["text"]):
        if not isinstance(text, str) or not text:
            continue
        norm = normalize_arabic(text)
        toks = _tokens(norm)
        verb_idx = [k for k, (_, _, t) in enumerate(toks) if _VERB_RE.match(_strip(t))]
        if not verb_idx:
            continue
        known = [(s, e) for _, s, e in _find(matcher, norm, only_after)]
        # Verbs already attributed to a known actor (before or after the name).
        used = {v[0] for v in _speech(norm, known, window=window_quote) if v is not None}
        _, starts, ends = mapped_offsets(text, norm)
        for k in verb_idx:
            vs, ve, vt = toks[k]
            lead = len(vt) - len(vt.lstrip(_PUNCT_STRIP))
            if vs + lead in used:
                continue
            phrase_toks: list[tuple[int, int, str]] = []
            if vt[-1:] not in _STOP_CHARS:
                for j in range(k + 1, min(len(toks), k + 1 + window)):
                    s, e, t = toks[j]
                    if _strip(t) in _PHRASE_END or t[:1] in _STOP_CHARS or _strip(t)[:2] == "لل":
                        break
                    phrase_toks.append((s, e, t))
                    if any(c in _STOP_CHARS or c in "،," for c in t[-1:]):
                        break
            if phrase_toks:
                ps, pe = phrase_toks[0][0], phrase_toks[-1][1]
                if any(s < pe and e > ps for s, e in known):
                    continue
                phrase = text[starts[ps] : ends[pe - 1]].strip(_PUNCT_STRIP + " ")
                cand_toks: list[tuple[int, int]] = []
                for s, e, t in reversed(phrase_toks):
                    w = _strip(t)
                    if w in _ROLE_WORDS or not w or any(ch.isdigit() for ch in w):
                        break
                    cand_toks.append((s, e))
                cand_toks = cand_toks[:_MAX_NAME_WORDS][::-1]
                # A name starts with a word without the article ("يحيى العريضي"); words
                # with ال/بال/وال at the head of the run are institutions or adjectives.
                while cand_toks and _ARTICLE_RE.match(norm[cand_toks[0][0] : cand_toks[0][1]]):
                    cand_toks.pop(0)
                candidate = (
                    text[starts[cand_toks[0][0]] : ends[cand_toks[-1][1] - 1]].strip(
                        _PUNCT_STRIP + " "
                    )
                    if cand_toks
                    else ""
                )
                kind = "candidate_name" if candidate else "no_name"
            else:
                phrase, candidate, kind = "", "", "no_subject"
            verb = text[starts[vs] : ends[ve - 1]].strip(_PUNCT_STRIP + " ")
            rows.append((pos, verb, phrase, candidate, kind))
    hits = pd.DataFrame(rows, columns=["_pos", "verb", "phrase", "candidate", "kind"])
    keep = [c for c in paras.columns if c not in HEAVY_COLUMNS]
    out = paras[keep].iloc[hits["_pos"].to_numpy()].reset_index(drop=True)
    for c in ("verb", "phrase", "candidate", "kind"):
        out[c] = hits[c].to_numpy()
    return out
