"""Why two paragraphs were paired: aligned matching spans and the terms behind the cosine.

:func:`explain_pair` returns a :class:`PairExplanation` (spans point into the
*original* ``text`` of each paragraph, never into the normalised form);
:func:`show_pair` renders it for a notebook: side by side, right-to-left, matching
spans highlighted with ``<mark>`` (the same colour on both sides), all text HTML-escaped.
Browsers shape Arabic themselves: the text is never reshaped for HTML.
"""

from __future__ import annotations

import html
import re
import weakref
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pandas as pd

from astana_lib.reuse.constants import DEFAULT_ROLES
from astana_lib.reuse.containment import TOKEN_PATTERN, shingle_matrix
from astana_lib.reuse.estimator import ParagraphMatcher
from astana_lib.schema import require_columns
from astana_lib.text.normalize import normalize_arabic
from astana_lib.text.offsets import normalized_tokens

__all__ = ["PairExplanation", "explain_pair", "show_pair", "tokens_with_offsets"]

_TOKEN_RE = re.compile(TOKEN_PATTERN)
_PALETTE = ("#ffe08a", "#b8e0ff", "#c8f0c0", "#ffc9de", "#e0d0ff", "#ffd8b0")


def tokens_with_offsets(text: str) -> list[tuple[str, int, int]]:
    """Normalised word tokens of ``text`` with their offsets in the original ``text``.

    The tokens of ``normalize_arabic(text)`` (the search's tokens), each mapped back by
    :func:`astana_lib.text.offsets.map_offsets` to the exact original characters, the
    diacritics of its last letter included.

    Examples
    --------
    >>> tokens_with_offsets("قالَ: أستانا")
    [('قال', 0, 4), ('استانا', 6, 12)]
    >>> t = "مُفاوضات"
    >>> tok, s, e = tokens_with_offsets(t)[0]
    >>> tok, t[s:e] == t
    ('مفاوضات', True)
    """
    return normalized_tokens(text, _TOKEN_RE)


def _align(ta: list[tuple[str, int, int]], tb: list[tuple[str, int, int]], min_words: int):
    """Greedy longest-first maximal common token runs, non-overlapping on both sides."""
    wa = [t[0] for t in ta]
    wb = [t[0] for t in tb]
    k = min_words
    index: dict[tuple[str, ...], list[int]] = {}
    for j in range(len(wb) - k + 1):
        index.setdefault(tuple(wb[j : j + k]), []).append(j)
    runs = []
    for i in range(len(wa) - k + 1):
        for j in index.get(tuple(wa[i : i + k]), ()):
            if i > 0 and j > 0 and wa[i - 1] == wb[j - 1]:
                continue  # not the start of a maximal run
            n = k
            while i + n < len(wa) and j + n < len(wb) and wa[i + n] == wb[j + n]:
                n += 1
            runs.append((n, i, j))
    runs.sort(key=lambda r: (-r[0], r[1], r[2]))
    used_a = np.zeros(len(wa), dtype=bool)
    used_b = np.zeros(len(wb), dtype=bool)
    kept = []
    for n, i, j in runs:
        if used_a[i : i + n].any() or used_b[j : j + n].any():
            continue
        used_a[i : i + n] = True
        used_b[j : j + n] = True
        kept.append((i, j, n))
    kept.sort()
    return kept


@dataclass
class PairExplanation:
    """What :func:`explain_pair` found; displays as HTML in a notebook.

    Attributes
    ----------
    para_a, para_b : str
    text_a, text_b : str
        Original texts.
    cosine : float
        TF-IDF cosine (same vectoriser settings as the search).
    containment_ab, containment_ba : float
        Share of a's (b's) word-3-gram shingles found in the other; NaN when a text
        has fewer than 3 words.
    spans : DataFrame
        ``a_start, a_end, b_start, b_end`` (character offsets into the original
        texts, end exclusive), ``n_words``, ``text_a``, ``text_b`` (the original
        substrings); one row per aligned matching run, in a's order.
    top_terms : DataFrame
        ``term, weight_a, weight_b, contribution`` (``weight_a * weight_b``; the
        contributions of all shared terms sum to the cosine), largest first.
    meta : dict
        ``outlet``/``date``/``article_id`` of each side when available.
    """

    para_a: str
    para_b: str
    text_a: str
    text_b: str
    cosine: float
    containment_ab: float
    containment_ba: float
    spans: pd.DataFrame
    top_terms: pd.DataFrame
    meta: dict = field(default_factory=dict)

    def _repr_html_(self) -> str:
        return _render(self)


class _Fitted:
    """What :func:`explain_pair` reuses between calls on the same paragraphs table."""

    def __init__(self, paragraphs: pd.DataFrame) -> None:
        self.ref = weakref.ref(paragraphs)
        self.shape = paragraphs.shape
        self.columns = tuple(paragraphs.columns)
        self.matchers: dict[tuple[str, ...] | None, ParagraphMatcher] = {}
        # TF-IDF rows of every paragraph for each default matcher (row = position)
        self.rows: dict[tuple[str, ...] | None, Any] = {}
        ids = paragraphs["para_id"].astype(str).to_numpy()
        self.positions: dict[str, int] = {}
        self.duplicated: set[str] = set()
        for i, pid in enumerate(ids):
            if pid in self.positions:
                self.duplicated.add(pid)
            else:
                self.positions[pid] = i

    def valid_for(self, paragraphs: pd.DataFrame) -> bool:
        return (
            self.ref() is paragraphs
            and self.shape == paragraphs.shape
            and self.columns == tuple(paragraphs.columns)
        )


#: Per-table cache (by ``id``; entries die with their table): the default matcher is
#: fitted once per paragraphs table and roles, not once per pair.
_CACHE: dict[int, _Fitted] = {}


def _fitted(paragraphs: pd.DataFrame) -> _Fitted:
    key = id(paragraphs)
    entry = _CACHE.get(key)
    if entry is None or not entry.valid_for(paragraphs):
        for k in [k for k, v in _CACHE.items() if v.ref() is None]:
            del _CACHE[k]
        entry = _CACHE[key] = _Fitted(paragraphs)
    return entry


def _row(paragraphs: pd.DataFrame, key: str, fitted: _Fitted | None = None) -> pd.Series:
    fitted = fitted or _fitted(paragraphs)
    key = str(key)
    if key not in fitted.positions:
        raise KeyError(f"para_id {key!r} is not in paragraphs")
    if key in fitted.duplicated:
        n = int((paragraphs["para_id"].astype(str) == key).sum())
        raise ValueError(f"para_id {key!r} occurs {n} times in paragraphs")
    return paragraphs.iloc[fitted.positions[key]]


def explain_pair(
    paragraphs: pd.DataFrame,
    a: str,
    b: str,
    *,
    matcher: ParagraphMatcher | None = None,
    roles: Iterable[str] | None = DEFAULT_ROLES,
    min_words: int = 3,
    top: int = 10,
) -> PairExplanation:
    """Explain why paragraphs ``a`` and ``b`` match (or do not).

    Parameters
    ----------
    paragraphs : DataFrame
        Paragraphs table (``para_id``, ``text``; ``norm`` used when present).
    a, b : str
        ``para_id`` of the two paragraphs.
    matcher : ParagraphMatcher, optional
        A fitted matcher whose vocabulary/idf define the cosine. Default: one fitted on
        ``paragraphs`` restricted to ``roles`` — the same idf as
        :func:`~astana_lib.reuse.find_near_duplicates` with default options, so the
        cosine agrees with the pairs table. It is fitted on the first call for a table
        and reused by later calls on the same (unchanged) table, so browsing many
        pairs costs milliseconds per pair (``benchmarks/bench_explain.py``).
    roles : iterable of str or None
        Rows the default matcher is fitted on (as in ``find_near_duplicates``).
    min_words : int, default 3
        Shortest aligned run reported, in words.
    top : int, default 10
        Number of terms in ``top_terms``.

    Returns
    -------
    PairExplanation

    Examples
    --------
    >>> paras = pd.DataFrame({"para_id": ["a:1", "b:1"], "text": [
    ...     "قال لافرينتييف إن موسكو اقترحت على واشنطن أن تكون طرفا ضامنا في محادثات أستانا.",
    ...     "لافرينتييف: موسكو اقترحت على واشنطن أن تكون طرفاً ضامناً في محادثات أستانا لكنها رفضت"]})
    >>> ex = explain_pair(paras, "a:1", "b:1")
    >>> ex.spans[["n_words", "text_b"]].to_numpy().tolist()
    [[11, 'موسكو اقترحت على واشنطن أن تكون طرفاً ضامناً في محادثات أستانا']]
    >>> round(ex.containment_ab, 3), round(ex.containment_ba, 3)
    (0.75, 0.75)
    >>> round(float(ex.top_terms["contribution"].sum()), 6) <= round(ex.cosine, 6)
    True
    """
    require_columns(paragraphs, ["para_id", "text"], table="paragraphs")
    if int(min_words) < 1:
        raise ValueError(f"min_words must be >= 1, got {min_words}")
    fitted = _fitted(paragraphs)
    ra, rb = _row(paragraphs, a, fitted), _row(paragraphs, b, fitted)
    text_a = "" if pd.isna(ra["text"]) else str(ra["text"])
    text_b = "" if pd.isna(rb["text"]) else str(rb["text"])
    norm_a = normalize_arabic(text_a)
    norm_b = normalize_arabic(text_b)
    X = None
    if matcher is None:
        roles_key = None if roles is None else tuple([roles] if isinstance(roles, str) else roles)
        matcher = fitted.matchers.get(roles_key)
        if matcher is None:
            # Fitted once per table and roles (not per pair): the rows the search uses.
            sel = paragraphs
            if roles_key is not None and "role" in paragraphs.columns:
                sel = paragraphs[paragraphs["role"].isin(list(roles_key))]
            matcher = fitted.matchers[roles_key] = ParagraphMatcher().fit(sel)
            fitted.rows[roles_key] = matcher.transform(paragraphs).tocsr()
        rows_all = fitted.rows[roles_key]
        X = rows_all[[fitted.positions[str(a)], fitted.positions[str(b)]]]
    if X is None:
        X = matcher.transform([norm_a, norm_b]).tocsr()
    prod = X[0].multiply(X[1]).tocsr()
    cosine = float(prod.sum())
    idx, vals = prod.indices, prod.data
    keep = vals > 0
    idx, vals = idx[keep], vals[keep]
    order = np.lexsort((idx, -vals))[: int(top)]
    order = idx[order]
    top_terms = pd.DataFrame(
        {
            "term": pd.Series(matcher.feature_names(order), dtype="str"),
            "weight_a": X[0, order].toarray().ravel() if len(order) else np.zeros(0),
            "weight_b": X[1, order].toarray().ravel() if len(order) else np.zeros(0),
            "contribution": prod[0, order].toarray().ravel() if len(order) else np.zeros(0),
        }
    )
    B, n = shingle_matrix([norm_a, norm_b], size=int(getattr(matcher, "shingle_size", 3)))
    shared = len(np.intersect1d(B[0].indices, B[1].indices))
    cab = shared / n[0] if n[0] else float("nan")
    cba = shared / n[1] if n[1] else float("nan")
    ta, tb = tokens_with_offsets(text_a), tokens_with_offsets(text_b)
    rows = []
    for i, j, k in _align(ta, tb, int(min_words)):
        a0, a1 = ta[i][1], ta[i + k - 1][2]
        b0, b1 = tb[j][1], tb[j + k - 1][2]
        rows.append((a0, a1, b0, b1, k, text_a[a0:a1], text_b[b0:b1]))
    spans = pd.DataFrame(
        rows, columns=["a_start", "a_end", "b_start", "b_end", "n_words", "text_a", "text_b"]
    ).astype(
        {
            "a_start": "int64",
            "a_end": "int64",
            "b_start": "int64",
            "b_end": "int64",
            "n_words": "int64",
        }
    )
    meta = {}
    for col in ("article_id", "outlet", "date", "role"):
        if col in paragraphs.columns:
            meta[f"{col}_a"] = ra[col]
            meta[f"{col}_b"] = rb[col]
    return PairExplanation(
        para_a=str(a),
        para_b=str(b),
        text_a=text_a,
        text_b=text_b,
        cosine=cosine,
        containment_ab=float(cab),
        containment_ba=float(cba),
        spans=spans,
        top_terms=top_terms,
        meta=meta,
    )


def _marked(text: str, spans: list[tuple[int, int, int]]) -> str:
    """HTML-escaped ``text`` with ``<mark>`` around (start, end, colour-index) spans."""
    out, pos = [], 0
    for s, e, k in sorted(spans):
        out.append(html.escape(text[pos:s]))
        colour = _PALETTE[k % len(_PALETTE)]
        out.append(f'<mark style="background:{colour}">{html.escape(text[s:e])}</mark>')
        pos = e
    out.append(html.escape(text[pos:]))
    return "".join(out).replace("\n", "<br>")


def _fmt(v: float) -> str:
    return "n/a" if v != v else f"{v:.3f}"  # NaN check without numpy


def _render(ex: PairExplanation) -> str:
    sa = [(r.a_start, r.a_end, k) for k, r in enumerate(ex.spans.itertuples())]
    sb = [(r.b_start, r.b_end, k) for k, r in enumerate(ex.spans.itertuples())]

    def head(side: str, key: str) -> str:
        bits = [html.escape(key)]
        for col in ("outlet", "date"):
            v = ex.meta.get(f"{col}_{side}")
            if v is None or v is pd.NaT or (isinstance(v, float) and v != v):
                continue
            if isinstance(v, pd.Timestamp) and v == v.normalize():
                v = v.strftime("%Y-%m-%d")
            bits.append(html.escape(str(v)))
        return " · ".join(bits)

    cell = (
        'style="flex:1;min-width:0;border:1px solid #ccc;border-radius:4px;padding:6px 10px;'
        'line-height:1.7;unicode-bidi:plaintext;text-align:start"'
    )
    terms = "".join(
        f"<tr><td dir='auto' style='unicode-bidi:plaintext;text-align:start'>"
        f"{html.escape(str(t.term))}</td><td>{t.contribution:.3f}</td></tr>"
        for t in ex.top_terms.itertuples()
    )
    return (
        '<div class="astana-pair">'
        f"<div dir='ltr' style='margin-bottom:4px'>cosine <b>{_fmt(ex.cosine)}</b> · "
        f"containment a→b <b>{_fmt(ex.containment_ab)}</b> · b→a "
        f"<b>{_fmt(ex.containment_ba)}</b> · {len(ex.spans)} matching span(s)</div>"
        '<div style="display:flex;gap:10px">'
        f'<div {cell}><div dir="ltr" style="font-size:85%;color:#555">a: {head("a", ex.para_a)}'
        f'</div><div dir="rtl">{_marked(ex.text_a, sa)}</div></div>'
        f'<div {cell}><div dir="ltr" style="font-size:85%;color:#555">b: {head("b", ex.para_b)}'
        f'</div><div dir="rtl">{_marked(ex.text_b, sb)}</div></div>'
        "</div>"
        "<details><summary>terms driving the cosine</summary><table>"
        f"<tr><th>term</th><th>contribution</th></tr>{terms}</table></details>"
        "</div>"
    )


def show_pair(paragraphs: pd.DataFrame, a: str, b: str, **options):
    """Show two paragraphs side by side, right-to-left, matching spans highlighted.

    Parameters
    ----------
    paragraphs, a, b, **options
        As for :func:`explain_pair`.

    Returns
    -------
    IPython.display.HTML
        Displayed by Jupyter; ``.data`` holds the HTML string. Text is HTML-escaped,
        each text block has ``dir="rtl"``, spans are ``<mark>`` elements with the same
        colour on both sides.

    Examples
    --------
    >>> paras = pd.DataFrame({"para_id": ["a:1", "b:1"], "text": [
    ...     "قال الوزير <b> إن محادثات أستانا ستستأنف غدا في العاصمة",
    ...     "محادثات أستانا ستستأنف غدا في العاصمة الكازاخستانية"]})
    >>> h = show_pair(paras, "a:1", "b:1")
    >>> 'dir="rtl"' in h.data, "&lt;b&gt;" in h.data, h.data.count("<mark") == 2
    (True, True, True)
    """
    try:
        from IPython.display import HTML
    except ImportError as e:
        raise ImportError(
            "show_pair displays HTML in Jupyter and needs IPython: "
            "pip install 'astana_lib[notebooks]' (or use explain_pair, which needs nothing)"
        ) from e
    return HTML(_render(explain_pair(paragraphs, a, b, **options)))
