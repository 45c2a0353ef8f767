"""The tables that flow through astana_lib, documented in one place.

Data flows as plain :class:`pandas.DataFrame` objects::

    articles ─┐
              ├─► paragraphs ─► pairs ─► clusters ─► coverage / reuse network
    problems ─┘

Every stage takes and returns these tables, keeps every column it was given
(metadata such as ``outlet``, ``date``, ``round`` and any user column travel with the
rows), and never rewrites ``text``: normalised forms live in derived columns.

The dictionaries below map column name → description. They are the reference used by
the docstrings, the notebooks and :func:`require_columns`.
"""

from __future__ import annotations

from collections.abc import Iterable

import pandas as pd

__all__ = [
    "ACTOR_MENTIONS",
    "ARTICLES",
    "CITATIONS",
    "CLUSTERS",
    "COVERAGE",
    "FRAMING_COUNTS",
    "FRAMING_HITS",
    "ORIGINS",
    "PAIRS",
    "PARAGRAPHS",
    "PARAGRAPH_ROLES",
    "PROBLEMS",
    "REUSE_EDGES",
    "SOURCES",
    "paragraph_key",
    "require_columns",
]

#: Provenance values of the ``*_source`` columns of :data:`ARTICLES`.
SOURCES = ("metadata", "inferred")

#: One row per article (file, or record of a .jsonl/.csv/.parquet input).
ARTICLES: dict[str, str] = {
    "article_id": "file stem, or the record's id; unique in a corpus",
    "path": "input file the article came from (record inputs: the file)",
    "record": "1-based record number within a multi-record file (NA for one-article files)",
    "encoding": "encoding the bytes were decoded with (utf-8, utf-8-sig, utf-16, cp1256 …)",
    "outlet": "outlet id from the outlet registry (data/outlets.csv), NA when unknown",
    "outlet_source": "'metadata' (curated/metadata field), 'inferred' (from the text) or NA",
    "outlet_evidence": "the matched text the outlet was inferred from, or why it is empty",
    "date": "publication date (datetime64, day precision), NA when not knowable",
    "date_source": "'metadata', 'inferred' or NA",
    "date_evidence": "the matched text, or why it is empty",
    "round": "number of the Astana round covered (Int64, 1-22), NA when unknown",
    "round_source": "'metadata', 'inferred' or NA",
    "round_evidence": "the rule and the words: 'explicit: …' (a number/ordinal of the round, "
    "the article dated within the round ± 7 days), 'count + date: …', 'date + meeting text: …' "
    "(date within the round ± 3 days and a sentence on the meeting being held); or why it is "
    "empty (forward/backward reference, no sentence about the meeting …). Never the date alone",
    "event": "event_id of the Astana-process event the article reports on (a guarantor "
    "presidents' summit, foreign ministers' meeting, the Sochi congress …: "
    "data/related_events.csv), NA when none",
    "event_source": "'metadata' (record field or curated metadata.csv column 'event'), "
    "'inferred' or NA",
    "event_evidence": "'date + meeting text: …' (date within the event ± 3 days, and the "
    "sentence with the meeting's type words and its place/the guarantors/Astana), or why empty",
    "title": "headline text (original characters), NA when none found",
    "cited_sources": "agencies/sources the article cites (list of registry ids, may be empty)",
    "n_lines": "non-empty input lines in the article",
    "n_paragraphs": "paragraph rows produced for the article (all roles)",
    "duplicate_of": "article_id of the kept copy when this article is a duplicate record of "
    "it (same article stored twice by the scraper), else NA; kept copy = earliest date, then "
    "first read (see astana_lib.reading.duplicates). Analyses count such rows once by default",
    "duplicate_reason": "rule that made it a duplicate: 'record field url_duplicate_of=…', "
    "'duplicate url', 'identical normalised body', 'near-identical body (3-shingle Jaccard …)'",
    "<extra>": "record fields other than the text and id (url, category …) and free columns of "
    "a curated metadata.csv (notes …) are kept as extra columns; filter_astana adds "
    "astana_mentions (mentions of Astana as the talks), relevance (subject / background / "
    "passing / none), relevance_score and relevance_evidence (astana_lib.annotate.relevance)",
}

#: Paragraph roles, in the order used for display.
PARAGRAPH_ROLES: dict[str, str] = {
    "title": "headline of the article",
    "body": "article text proper",
    "byline": "author/date/views block of the page",
    "source": "'المصدر : …' source line",
    "section": "section or outlet tag such as 'سياسة ـ الرأي ـ'",
    "boilerplate": "scraper debris: page-update stamps, share/print/comment links, form text",
    "repeat": "a repeat inside the article (verbatim, or a run-on copy of earlier paragraphs); "
    "see duplicate_of",
}

#: One row per paragraph of every input; no input line is dropped.
PARAGRAPHS: dict[str, str] = {
    "para_id": "unique key '<article_id>:<para_no>'",
    "article_id": "article the paragraph belongs to",
    "para_no": "1-based position of the paragraph in its article",
    "path": "input file",
    "record": "1-based record number within a record file (.jsonl/.csv/.parquet), as in "
    "articles; NA for .txt inputs (one article a file)",
    "line_start": "first line of the paragraph, 1-based: a line of the decoded file for .txt "
    "inputs, a line of the record's text field for record inputs (Corpus.source shows them)",
    "line_end": "last line of the paragraph (inclusive), counted like line_start",
    "text": "original characters, unchanged (line breaks inside a paragraph kept)",
    "norm": "normalize_arabic(text): the matching form",
    "role": f"one of {list(PARAGRAPH_ROLES)}",
    "role_reason": "why the role was given (rule name and evidence)",
    "duplicate_of": "para_id of the first copy this paragraph repeats "
    "(role 'repeat'; for run-on copies the first contained paragraph), else NA",
    "outlet": "article metadata carried onto every paragraph",
    "date": "article metadata carried onto every paragraph",
    "round": "article metadata carried onto every paragraph",
    "article_duplicate_of": "article metadata: the article's duplicate_of (kept copy of a "
    "duplicate record), NA for kept articles",
}

#: One row per unordered pair of paragraphs (``para_a < para_b``), listed once.
PAIRS: dict[str, str] = {
    "para_a": "para_id of the first paragraph (para_a < para_b)",
    "para_b": "para_id of the second paragraph",
    "article_a": "article of para_a",
    "article_b": "article of para_b",
    "outlet_a": "outlet of para_a",
    "outlet_b": "outlet of para_b",
    "date_a": "date of para_a",
    "date_b": "date of para_b",
    "cosine": "TF-IDF cosine similarity of the normalised texts (1.0 for identical norm)",
    "containment_ab": "share of a's shingles found in b",
    "containment_ba": "share of b's shingles found in a",
    "kind": "'exact' (same normalised text), 'near' (cosine >= threshold), "
    "'contained' (one inside the other, containment >= threshold), 'run' (a shared run "
    "of min_run words, found by neither); with duplicate_records='keep', "
    "'duplicate_record' for two copies of one article",
    "p_reuse": "probability that the pair is reuse (astana_lib.reuse.decision; absent with "
    "decision=None); pairs below the decision threshold are not listed",
}

#: One row per paragraph that belongs to a reuse group.
CLUSTERS: dict[str, str] = {
    "para_id": "paragraph",
    "cluster": "cluster id (int, 0..k-1, largest cluster first)",
    "cluster_size": "number of paragraphs in the cluster",
    "n_articles": "distinct articles in the cluster",
    "n_outlets": "distinct outlets in the cluster",
}

#: What went wrong while reading, and what was done about it.
PROBLEMS: dict[str, str] = {
    "path": "input file",
    "record": "record number within the file (NA for one-article files)",
    "line": "1-based line, where the problem is tied to a line (NA otherwise)",
    "problem": "what is wrong (e.g. 'empty file', 'binary content', 'decoded as cp1256')",
    "severity": "'warning' (read, with a caveat) or 'error' (not read)",
    "action": "what the reader did about it",
}


#: Coverage, long form: one row per outlet × round (rounds with no coverage: 0 rows kept
#: only when ``complete=True``). Outlet registry attributes are joined on.
COVERAGE: dict[str, str] = {
    "outlet": "outlet id (NA outlets reported as '(unknown)')",
    "round": "Astana round (Int64; NA = round unknown)",
    "n_articles": "articles of the outlet about the round",
    "n_body_paragraphs": "body paragraphs of those articles (role 'body')",
    "name_ar": "outlet Arabic name (registry)",
    "name_en": "outlet English name (registry)",
    "country": "outlet country (registry)",
    "alignment": "outlet ownership/alignment (registry)",
}

#: Framing vocabulary counts, long form: one row per article × variant found.
FRAMING_COUNTS: dict[str, str] = {
    "article_id": "article",
    "outlet": "article metadata",
    "round": "article metadata",
    "concept": "lexicon concept id (e.g. 'deescalation_zone_naming')",
    "variant": "lexicon variant as written in the lexicon (Arabic)",
    "label_en": "English gloss of the variant",
    "count": "occurrences in the article's body/title paragraphs (normalised matching)",
}

#: Framing hits: one row per lexicon match, so every count can be audited.
FRAMING_HITS: dict[str, str] = {
    "para_id": "paragraph",
    "article_id": "article",
    "outlet": "article metadata (every paragraph column but text/norm is carried)",
    "round": "article metadata",
    "concept": "lexicon concept id",
    "variant": "lexicon variant as written in the lexicon (Arabic)",
    "label_en": "English gloss of the variant",
    "term_norm": "normalised variant",
    "matched": "the original text that matched (text[start:end])",
    "start": "character offset of the match in the paragraph's original text",
    "end": "end offset (exclusive) in the original text",
    "before": "up to `window` words of original text before the match",
    "after": "up to `window` words of original text after the match",
    "kept": "True when counted (no context rule of the lexicon row excludes it)",
    "excluded_by": "the context rule that excluded the match ('' when kept)",
}

#: Actor mentions: one row per mention found in a paragraph.
ACTOR_MENTIONS: dict[str, str] = {
    "para_id": "paragraph",
    "article_id": "article",
    "outlet": "article metadata",
    "round": "article metadata",
    "actor": "actor id from the gazetteer",
    "name_en": "English name of the actor",
    "name_ar": "canonical Arabic name of the actor",
    "affiliation": "the actor's side or state (gazetteer: Russia, Iran, Syrian opposition …)",
    "matched": "the original text that matched (any alias spelling)",
    "start": "character offset of the match in the paragraph's original text",
    "end": "end offset (exclusive) in the original text",
    "quoted": "True when the mention is the subject of a speech verb (قال/أعلن/أضاف/أكد/أشار …)",
    "verb": "the speech verb, when quoted",
}

#: Cited agencies and sources: one row per citation found.
CITATIONS: dict[str, str] = {
    "article_id": "article",
    "para_id": "paragraph",
    "outlet": "article metadata",
    "round": "article metadata",
    "agency": "agency id from data/agencies.csv",
    "name_en": "English name of the agency",
    "name_ar": "Arabic name of the agency",
    "matched": "the original text that matched",
    "start": "character offset of the match in the paragraph's original text (-1 if unknown)",
    "end": "end offset (exclusive) in the original text",
    "citation_kind": "'agency' (cited in the text), 'dateline' (opening credit '(رويترز) –'), "
    "'source_line' (byline/source paragraph) or 'self' (the article's own outlet)",
}

#: Outlet reuse graph as a table: one row per directed (or undirected) outlet pair.
REUSE_EDGES: dict[str, str] = {
    "outlet_from": "outlet that published first (or the alphabetically first when undirected)",
    "outlet_to": "outlet that published later",
    "n_pairs": "reused paragraph pairs between the two outlets",
    "n_articles_from": "distinct articles of outlet_from involved",
    "n_articles_to": "distinct articles of outlet_to involved",
    "n_article_pairs": "distinct (article_from, article_to) pairs behind the paragraph pairs",
    "directed": "True when dates order every pair counted on this edge",
    "median_lag_days": "median publication lag in days (NA when undirected)",
    "weight": "n_pairs (edge weight for layouts)",
    "edge_kind": "'reuse' (raw view); net view: 'copy' (outlet -> outlet), 'agency' "
    "(agency -> outlet, n_pairs = the outlet's paragraphs credited to it), 'quotation', "
    "'unresolved'",
    "kind_from": "'outlet', or 'agency' for agency nodes of the net view",
    "direction_basis": "how the pairs were ordered: time, crawl_time, day, credit, same_day …",
    "direction_confidence": "lowest confidence of its pairs (low < medium < high); NA undirected",
}

#: Origin of reused text, one row per cluster (origin.reuse_origins); pair_origins adds
#: the same columns to PAIRS, with the direction columns of origin.pair_direction.
ORIGINS: dict[str, str] = {
    "cluster": "cluster id",
    "origin_kind": "'agency', 'outlet', 'quotation' or 'unknown'",
    "origin": "agency id (data/agencies.csv), outlet id, or the quotation's speaker",
    "origin_basis": "rule that decided (credit_in_paragraph, credit_in_article, "
    "quoted_speech, published_first_time/day …) or why unknown",
    "origin_evidence": "credit line, dateline or attribution quoted from the original text",
    "evidence_para": "para_id of the evidence",
    "speaker": "who speaks in the reused text, when the text names one",
}


def paragraph_key(article_id: str, para_no: int) -> str:
    """Return the paragraph key used in ``para_id``, ``duplicate_of`` and pairs.

    Examples
    --------
    >>> paragraph_key("000_a78b001b85edf31a", 12)
    '000_a78b001b85edf31a:12'
    """
    return f"{article_id}:{int(para_no)}"


def require_columns(df: pd.DataFrame, columns: Iterable[str], *, table: str) -> None:
    """Raise a clear ``ValueError`` when ``df`` lacks any of ``columns``.

    Examples
    --------
    >>> require_columns(pd.DataFrame({"a": [1]}), ["a"], table="demo")
    >>> require_columns(pd.DataFrame({"a": [1]}), ["a", "text"], table="paragraphs")
    Traceback (most recent call last):
    ...
    ValueError: paragraphs table is missing column(s) ['text']; it has ['a']
    """
    if not isinstance(df, pd.DataFrame):
        raise TypeError(f"{table} must be a pandas DataFrame, got {type(df).__name__}")
    missing = [c for c in columns if c not in df.columns]
    if missing:
        raise ValueError(f"{table} table is missing column(s) {missing}; it has {list(df.columns)}")
