"""HTML for reviewing reuse: pairs side by side, clusters, articles with roles.

One renderer for the offline report (:func:`astana_lib.build_report`) and the notebook
explorer (:func:`astana_lib.explore`). Every text is HTML-escaped; Arabic blocks carry
``dir="rtl" lang="ar"``; browsers shape Arabic themselves (nothing is reshaped).
Matching spans come from the same alignment as :func:`astana_lib.explain_pair`
(maximal common runs of normalised words, mapped back to the original characters), but
without fitting a TF-IDF model, so a whole corpus' clusters render in seconds.

Columns added by later stages (``p_reuse``, ``origin_kind``, ``origin``, ``event``,
``relevance`` …) are shown when present and simply absent otherwise.
"""

from __future__ import annotations

import html
import itertools
import re
import zlib
from collections.abc import Iterable, Mapping

import pandas as pd

from astana_lib.analysis.actors import actor_mentions as find_actor_mentions
from astana_lib.annotate.sources import find_citations
from astana_lib.reuse.explain import _PALETTE, _align, tokens_with_offsets

__all__ = [
    "CSS",
    "anchor",
    "article_html",
    "cluster_html",
    "match_spans",
    "notes_by_paragraph",
    "pair_html",
    "paragraph_provenance",
]

#: Pair columns that identify the two sides (shown in the side headers, not as scores).
_PAIR_ID_COLUMNS = {
    "para_a",
    "para_b",
    "article_a",
    "article_b",
    "outlet_a",
    "outlet_b",
    "date_a",
    "date_b",
}
#: Article columns shown in the article header when present, in this order.
ARTICLE_FIELDS = (
    "outlet",
    "date",
    "round",
    "event",
    "relevance",
    "title",
    "path",
    "record",
    "cited_sources",
    "url",
)
#: Cluster-level columns shown in a cluster's header when present.
CLUSTER_FIELDS = (
    "cluster_size",
    "n_articles",
    "n_outlets",
    "origin_kind",
    "origin",
    "origin_outlet",
    "origin_para",
    "direction",
    "direction_confidence",
    "chain",
)
_FADED_ROLES = {"boilerplate", "repeat", "byline", "section", "source"}

#: Stylesheet shared by the report and the explorer (class names prefixed ``al-``).
CSS = """
.al-pair{display:flex;gap:10px;margin:6px 0}
.al-side{flex:1;min-width:0;border:1px solid #ccc;border-radius:4px;padding:6px 10px}
.al-meta{direction:ltr;text-align:left;font-size:85%;color:#555;margin-bottom:3px}
.al-ar{font-family:'Noto Sans Arabic','DejaVu Sans',sans-serif;line-height:1.8;
 unicode-bidi:plaintext;text-align:start;font-size:105%}
.al-scores{font-size:85%;color:#333;margin:2px 0}
.al-cluster{border-top:2px solid #888;margin:18px 0 8px;padding-top:6px}
.al-article{border-top:1px solid #bbb;margin:14px 0;padding-top:4px}
.al-para{margin:4px 0;padding:2px 6px}
.al-faded{color:#999;background:#f6f6f6}
.al-role{font-size:75%;color:#777;direction:ltr;unicode-bidi:isolate}
.al-quote{border-bottom:2px solid #c0392b}
.al-credit{border-bottom:2px dotted #1f6fb2;font-weight:bold}
.al-tag{display:inline-block;background:#eef;border-radius:3px;padding:0 4px;margin:0 2px}
mark{border-radius:2px}
"""

_ANCHOR_RE = re.compile(r"[^A-Za-z0-9_-]+")


def anchor(kind: str, key: object) -> str:
    """A stable, HTML-safe element id for ``key`` (any string, Arabic included).

    Examples
    --------
    >>> anchor("art", "000_a78b:12")
    'art-000_a78b-12-9a9fd38f'
    >>> anchor("art", "x y") != anchor("art", "x_y")
    True
    """
    text = str(key)
    slug = _ANCHOR_RE.sub("-", text).strip("-")[:60]
    return f"{kind}-{slug}-{zlib.crc32(text.encode('utf-8')):08x}"


def _present(v: object) -> bool:
    if v is None:
        return False
    if isinstance(v, (list, tuple)):
        return len(v) > 0
    try:
        return not bool(pd.isna(v))
    except (TypeError, ValueError):
        return True


def _fmt(v: object) -> str:
    if isinstance(v, pd.Timestamp):
        return v.strftime("%Y-%m-%d") if v == v.normalize() else v.isoformat()
    if isinstance(v, float):
        return f"{v:.3f}"
    if isinstance(v, (list, tuple)):
        return ", ".join(map(str, v))
    return str(v)


def match_spans(text_a: str, text_b: str, *, min_words: int = 3) -> list[tuple[int, int, int, int]]:
    """Aligned matching runs of two texts as ``(a_start, a_end, b_start, b_end)``.

    Offsets point into the original texts (end exclusive); runs are at least
    ``min_words`` normalised words long, as in :func:`astana_lib.explain_pair`.

    Examples
    --------
    >>> a = "قال الوزير إن محادثات أستانا ستستأنف غدا"
    >>> b = "محادثات آستانا ستستأنف غداً في العاصمة"
    >>> [(a[s:e], b[t:u]) for s, e, t, u in match_spans(a, b)]
    [('محادثات أستانا ستستأنف غدا', 'محادثات آستانا ستستأنف غداً')]
    """
    ta, tb = tokens_with_offsets(text_a), tokens_with_offsets(text_b)
    return [
        (ta[i][1], ta[i + k - 1][2], tb[j][1], tb[j + k - 1][2])
        for i, j, k in _align(ta, tb, int(min_words))
    ]


def paragraph_provenance(row: Mapping) -> str:
    """``file[#record]:line_start-line_end`` of a paragraph row (what is known of it).

    Examples
    --------
    >>> paragraph_provenance({"path": "d.jsonl", "record": 7, "line_start": 3, "line_end": 4})
    'd.jsonl#7:3-4'
    """
    where = str(row.get("path", "")) if _present(row.get("path")) else "?"
    if _present(row.get("record")):
        where += f"#{int(row['record'])}"
    s, e = row.get("line_start"), row.get("line_end")
    if _present(s):
        where += f":{int(s)}" + (f"-{int(e)}" if _present(e) and int(e) != int(s) else "")
    return where


def _side_meta(row: Mapping, *, link: bool) -> str:
    pid = html.escape(str(row.get("para_id", "")))
    if link and _present(row.get("article_id")):
        pid = f'<a href="#{anchor("art", row["article_id"])}">{pid}</a>'
    bits = [pid]
    for col in ("outlet", "date", "round", "role"):
        if _present(row.get(col)):
            bits.append(f"<bdi>{html.escape(_fmt(row[col]))}</bdi>")
    bits.append(html.escape(paragraph_provenance(row)))
    return " · ".join(bits)


#: A note on a span of a paragraph: (start, end, css class, tooltip).
Note = tuple[int, int, str, str]


def _rendered(text: str, marks: list[tuple[int, int, int]], notes: list[Note]) -> str:
    """Escaped ``text``: matching spans as ``<mark>`` (colour ``k``), notes as spans."""
    cuts = {0, len(text)}
    for s, e, *_ in (*marks, *notes):
        cuts |= {max(0, min(len(text), s)), max(0, min(len(text), e))}
    cuts_sorted = sorted(cuts)
    out = []
    for s, e in itertools.pairwise(cuts_sorted):
        seg = html.escape(text[s:e])
        for n0, n1, cls, tip in notes:
            if n0 <= s and e <= n1:
                seg = f'<span class="{cls}" title="{html.escape(tip)}">{seg}</span>'
        for m0, m1, k in marks:
            if m0 <= s and e <= m1:
                seg = f'<mark style="background:{_PALETTE[k % len(_PALETTE)]}">{seg}</mark>'
                break
        out.append(seg)
    return "".join(out).replace("\n", "<br>")


def _text_block(
    text: str, marks: list[tuple[int, int, int]], notes: list[Note] | None = None
) -> str:
    return f'<div class="al-ar" dir="rtl" lang="ar">{_rendered(text, marks, notes or [])}</div>'


def notes_by_paragraph(
    paragraphs: pd.DataFrame,
    *,
    actor_mentions: pd.DataFrame | None = None,
    citations: pd.DataFrame | None = None,
) -> dict[str, list[Note]]:
    """Quotations and credits to mark in each paragraph, keyed by ``para_id``.

    Quoted actor mentions (``quoted`` rows of :func:`astana_lib.actor_mentions`, with
    their offsets) become ``al-quote`` notes; cited agencies (:func:`astana_lib.find_citations`)
    become ``al-credit`` notes at their offsets (or, without offsets, on every occurrence
    of the matched text), the citation kind in the tooltip. Tables not
    given are computed on ``paragraphs``.

    Examples
    --------
    >>> p = pd.DataFrame({"para_id": ["a:1"], "article_id": ["a"],
    ...     "text": ["وقال لافرنتييف لوكالة سبوتنيك إن الجولة المقبلة ستعقد"], "role": ["body"]})
    >>> sorted(cls for *_, cls, _ in notes_by_paragraph(p)["a:1"])
    ['al-credit', 'al-quote']
    """
    if actor_mentions is None:
        actor_mentions = find_actor_mentions(paragraphs)
    if citations is None:
        citations = find_citations(paragraphs)
    out: dict[str, list[Note]] = {}
    if len(actor_mentions) and "quoted" in actor_mentions.columns:
        q = actor_mentions[actor_mentions["quoted"].fillna(False).astype(bool)]
        for r in q.itertuples():
            tip = f"quoted: {getattr(r, 'name_en', '')} ({getattr(r, 'verb', '')})"
            out.setdefault(str(r.para_id), []).append((int(r.start), int(r.end), "al-quote", tip))
    if len(citations) and {"para_id", "matched"} <= set(citations.columns):
        texts = paragraphs.set_index("para_id")["text"]
        has_offsets = {"start", "end"} <= set(citations.columns)
        for r in citations.drop_duplicates(["para_id", "matched"]).itertuples():
            text = texts.get(r.para_id)
            if not isinstance(text, str) or not isinstance(r.matched, str) or not r.matched:
                continue
            kind = getattr(r, "citation_kind", None)
            kind = f" ({kind})" if isinstance(kind, str) else ""
            tip = f"credit: {getattr(r, 'name_en', r.matched)}{kind}"
            if has_offsets and not pd.isna(r.start) and int(r.start) >= 0:
                s0, s1 = int(r.start), int(r.end)
                if text[s0:s1] == r.matched:
                    out.setdefault(str(r.para_id), []).append((s0, s1, "al-credit", tip))
                    continue
            start = text.find(r.matched)
            while start >= 0:
                end = start + len(r.matched)
                out.setdefault(str(r.para_id), []).append((start, end, "al-credit", tip))
                start = text.find(r.matched, end)
    return out


def pair_html(
    row_a: Mapping,
    row_b: Mapping,
    *,
    info: Mapping | None = None,
    spans: list[tuple[int, int, int, int]] | None = None,
    link: bool = True,
    notes: Mapping[str, list[Note]] | None = None,
) -> str:
    """Two paragraphs side by side (``row_a`` on the right), matching spans marked.

    Parameters
    ----------
    row_a, row_b : mapping
        Paragraph rows (``para_id``, ``text``; ``outlet``, ``date``, ``path``,
        ``line_start`` … shown when present).
    info : mapping, optional
        The pair's row of the pairs table: its scores and labels (``kind``, ``cosine``,
        ``p_reuse``, ``origin_kind`` … whatever it has) are listed above the texts.
    spans : list, optional
        Precomputed :func:`match_spans`; computed when omitted.
    link : bool, default True
        Link each side's ``para_id`` to its article's anchor.
    notes : mapping para_id → notes, optional
        Quotations and credits to mark (see :func:`notes_by_paragraph`).

    Examples
    --------
    >>> h = pair_html({"para_id": "a:1", "text": "محادثات أستانا ستستأنف غدا <b>"},
    ...               {"para_id": "b:1", "text": "محادثات أستانا ستستأنف غدا"},
    ...               info={"kind": "near", "cosine": 0.93})
    >>> 'dir="rtl"' in h, "&lt;b&gt;" in h, h.count("<mark"), "cosine <b>0.930</b>" in h
    (True, True, 2, True)
    """
    ta, tb = str(row_a.get("text", "") or ""), str(row_b.get("text", "") or "")
    if spans is None:
        spans = match_spans(ta, tb)
    ma = [(s[0], s[1], k) for k, s in enumerate(spans)]
    mb = [(s[2], s[3], k) for k, s in enumerate(spans)]
    scores = []
    for col, v in (info or {}).items():
        if col not in _PAIR_ID_COLUMNS and _present(v):
            scores.append(f"{html.escape(str(col))} <b>{html.escape(_fmt(v))}</b>")
    scores.append(f"{len(spans)} matching span(s)")
    sides = [
        f'<div class="al-side"><div class="al-meta">{_side_meta(r, link=link)}</div>'
        f"{_text_block(t, m, (notes or {}).get(str(r.get('para_id'))))}</div>"
        for r, t, m in ((row_a, ta, ma), (row_b, tb, mb))
    ]
    # dir="rtl" on the flex row: the first (earlier) paragraph stands on the right
    return (
        f'<div class="al-pairbox"><div class="al-scores">{" · ".join(scores)}</div>'
        f'<div class="al-pair" dir="rtl">{"".join(sides)}</div></div>'
    )


def _sort_members(members: pd.DataFrame) -> pd.DataFrame:
    keys = [c for c in ("date", "article_id", "para_no") if c in members.columns]
    keys = keys if "para_no" in keys else [*keys, "para_id"][: len(keys) + 1]
    keys = [c for c in keys if c in members.columns]
    return members.sort_values(keys, na_position="last", kind="stable") if keys else members


def _score(info: Mapping) -> float:
    for col in ("p_reuse", "cosine"):
        v = info.get(col)
        if _present(v):
            return float(v)
    return 0.0


def _partner(rows: list[dict], i: int, info_of: Mapping) -> tuple[dict, Mapping | None]:
    """The member shown beside ``rows[i]``: the best-scoring earlier member it was
    paired with, else any paired member, else the cluster's earliest paragraph."""
    me = str(rows[i].get("para_id"))
    best: tuple[int, float, int] | None = None
    for j, r in enumerate(rows):
        if j == i:
            continue
        other = str(r.get("para_id"))
        info = info_of.get((min(me, other), max(me, other)))
        if info is None:
            continue
        key = (int(j < i), _score(info), -j)
        if best is None or key > best:
            best = key
    if best is None:
        return rows[0], None
    j = -best[2]
    other = str(rows[j].get("para_id"))
    return rows[j], info_of.get((min(me, other), max(me, other)))


def cluster_html(
    cluster_id: object,
    members: pd.DataFrame,
    *,
    pair_info: Mapping[tuple[str, str], Mapping] | None = None,
    link: bool = True,
    notes: Mapping[str, list[Note]] | None = None,
) -> str:
    """One reuse cluster: its header, then each member beside the paragraph it matched.

    Members are ordered by date; each one after the first is shown beside the earlier
    member it was paired with (best score), so the spans shown are the real match.

    Parameters
    ----------
    cluster_id : object
        Cluster id (anchor ``cluster-<id>``).
    members : DataFrame
        The cluster's rows of the clusters table (paragraph columns included).
    pair_info : mapping (para_a, para_b) → pairs row, optional
        Keys with ``para_a < para_b``: which members were paired, and the scores
        shown above each side-by-side view. Without it every member is shown beside
        the earliest paragraph.
    link : bool, default True
        Link paragraphs to their articles' anchors.
    notes : mapping para_id → notes, optional
        Quotations and credits to mark (see :func:`notes_by_paragraph`).

    Examples
    --------
    >>> m = pd.DataFrame({"para_id": ["a:1", "b:2"], "cluster_size": [2, 2],
    ...     "text": ["محادثات أستانا ستستأنف غدا", "محادثات أستانا ستستأنف غدا"],
    ...     "date": pd.to_datetime(["2017-05-03", "2017-05-02"])})
    >>> h = cluster_html(3, m)
    >>> 'id="cluster-3"' in h, h.index("b:2") < h.index("a:1")
    (True, True)
    """
    members = _sort_members(members)
    rows = members.to_dict("records")
    head = [f"<b>cluster {html.escape(str(cluster_id))}</b>"]
    first = rows[0] if rows else {}
    for col in CLUSTER_FIELDS:
        if col in members.columns and _present(first.get(col)):
            head.append(f"{col} <b>{html.escape(_fmt(first[col]))}</b>")
    if "date" in members.columns and _present(members["date"].min()):
        head.append(f"first {html.escape(_fmt(members['date'].min()))}")
    if "outlet" in members.columns:
        outs = sorted({str(o) for o in members["outlet"] if _present(o)})
        head.append("outlets " + ", ".join(html.escape(o) for o in outs))
    body = []
    info_of = pair_info or {}
    for i, other in enumerate(rows[1:], start=1):
        partner, info = _partner(rows, i, info_of)
        body.append(pair_html(partner, other, info=info, link=link, notes=notes))
    if len(rows) == 1:
        body.append(pair_html(first, first, link=link, notes=notes))
    return (
        f'<section class="al-cluster" id="cluster-{html.escape(str(cluster_id))}">'
        f'<div class="al-meta">{" · ".join(head)}</div>{"".join(body)}</section>'
    )


def article_html(
    article: Mapping,
    paragraphs: pd.DataFrame,
    *,
    cluster_of: Mapping[str, object] | None = None,
    fields: Iterable[str] = ARTICLE_FIELDS,
    notes: Mapping[str, list[Note]] | None = None,
    link: bool = True,
) -> str:
    """An article with every paragraph and its role (non-body roles greyed, not hidden).

    Parameters
    ----------
    article : mapping
        The article's row (``article_id``; ``outlet``, ``date``, ``round``, ``event``,
        ``relevance``, ``title`` … shown when present).
    paragraphs : DataFrame
        The article's paragraphs (``para_id``, ``text``, ``role``, ``line_start`` …).
    cluster_of : mapping para_id → cluster, optional
        Paragraphs in a reuse cluster link to it.
    fields : iterable of str
        Article columns shown in the header when present.
    notes : mapping para_id → notes, optional
        Quotations and credits to mark (see :func:`notes_by_paragraph`).
    link : bool, default True
        Link clustered paragraphs to their cluster's anchor (plain text when False).

    Examples
    --------
    >>> p = pd.DataFrame({"para_id": ["x:1", "x:2"], "para_no": [1, 2],
    ...     "text": ["أستانا", "شارك"], "role": ["body", "boilerplate"]})
    >>> h = article_html({"article_id": "x", "outlet": "sana"}, p, cluster_of={"x:1": 0})
    >>> 'href="#cluster-0"' in h, "al-faded" in h
    (True, True)
    """
    aid = article.get("article_id")
    head = [f"<b>{html.escape(str(aid))}</b>"]
    for col in fields:
        if col in article and _present(article.get(col)):
            head.append(f"{html.escape(col)} <b><bdi>{html.escape(_fmt(article[col]))}</bdi></b>")
    out = [f'<article class="al-article" id="{anchor("art", aid)}">']
    out.append(f'<div class="al-meta">{" · ".join(head)}</div>')
    if "para_no" in paragraphs.columns:
        paragraphs = paragraphs.sort_values("para_no", kind="stable")
    for row in paragraphs.to_dict("records"):
        role = str(row.get("role", "body")) if _present(row.get("role")) else "body"
        faded = role in _FADED_ROLES
        label = [html.escape(role)]
        if _present(row.get("duplicate_of")):
            label.append("of " + html.escape(str(row["duplicate_of"])))
        cl = (cluster_of or {}).get(str(row.get("para_id")))
        if cl is not None and link:
            label.append(f'<a href="#cluster-{html.escape(str(cl))}">cluster {cl}</a>')
        elif cl is not None:
            label.append(f"cluster {html.escape(str(cl))}")
        label.append(html.escape(paragraph_provenance({**article, **row})))
        out.append(
            f'<div class="al-para{" al-faded" if faded else ""}">'
            f'<span class="al-role">[{" · ".join(label)}]</span>'
            f"{_text_block(str(row.get('text', '') or ''), [], (notes or {}).get(str(row.get('para_id'))))}"
            "</div>"
        )
    out.append("</article>")
    return "".join(out)
