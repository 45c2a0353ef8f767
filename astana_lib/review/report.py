"""A self-contained offline HTML report of a corpus: coverage, reuse network, clusters.

``astana report --corpus … --out DIR`` (see :mod:`astana_lib.cli`) calls
:func:`build_report`, which writes ``DIR/report.html``: one file that opens from a USB
stick with no server and no network — CSS and the small search script inline, figures
as PNG data URIs, the bundled Noto Sans Arabic embedded as a base64 ``@font-face``.
Every text is HTML-escaped; Arabic blocks carry ``dir="rtl" lang="ar"``; all text is in
the page, so the browser's find (Ctrl+F) searches it. Each coverage cell (outlet ×
round) links to the articles and reuse clusters behind it.

Once loaded, the page records on ``<html>`` what it fetched (``data-al-resources``: the
number of network/file resources, 0 for a self-contained page) and whether the
embedded Arabic font was loaded (``data-al-arabic-font``), so a headless browser's
``--dump-dom`` shows both.
"""

from __future__ import annotations

import base64
import html
import io
import logging
from pathlib import Path
from typing import Literal

import pandas as pd

from astana_lib._checks import check_choice
from astana_lib._tables import UNKNOWN, fill_unknown_outlet
from astana_lib.figures.fonts import ARABIC_FONT, font_dir
from astana_lib.review.html import CSS, anchor, article_html, cluster_html, notes_by_paragraph

__all__ = ["REPORT_NAME", "build_report", "render_report"]

log = logging.getLogger(__name__)

#: File name of the report inside the output folder.
REPORT_NAME = "report.html"

_PAGE_CSS = """
body{font-family:'DejaVu Sans',Arial,sans-serif;margin:0 auto;max-width:1200px;padding:10px 18px;
 color:#222}
nav{position:sticky;top:0;background:#fff;border-bottom:1px solid #ccc;padding:4px 0;z-index:2}
nav a{margin-right:12px}
table.al-cov{border-collapse:collapse;font-size:85%}
table.al-cov td,table.al-cov th{border:1px solid #ccc;padding:2px 6px;text-align:center;
 unicode-bidi:plaintext}
td.al-zero{color:#bbb}
img.al-fig{max-width:100%;border:1px solid #eee;margin:6px 0}
.al-hidden{display:none}
"""

_SEARCH_JS = """
(function(){var box=document.getElementById('al-filter');if(!box)return;
box.addEventListener('input',function(){var q=box.value.trim();var n=0;
document.querySelectorAll('section.al-cluster').forEach(function(s){
var hit=!q||s.textContent.indexOf(q)>=0;s.classList.toggle('al-hidden',!hit);if(hit)n++;});
document.getElementById('al-count').textContent=n;});})();
window.addEventListener('load',function(){var d=document.documentElement.dataset;
var r=performance.getEntriesByType('resource').map(function(e){return e.name;});
d.alResources=String(r.length);d.alResourceNames=r.join(' ');
document.fonts.ready.then(function(){var ok=false;document.fonts.forEach(function(f){
if(f.family.replace(/['"]/g,'')==='Noto Sans Arabic'&&f.status==='loaded')ok=true;});
d.alArabicFont=String(ok);});});
"""


def _font_face() -> str:
    """``@font-face`` rules embedding the bundled Arabic font files as base64.

    Only Noto Sans Arabic: Latin text uses the reader's own sans-serif font (the bundled
    DejaVu Sans would add 2 MB for what every browser already has).
    """
    rules = []
    for path in sorted(font_dir().glob("NotoSansArabic-*.ttf")):
        weight = "bold" if "Bold" in path.name else "normal"
        data = base64.b64encode(path.read_bytes()).decode("ascii")
        rules.append(
            f"@font-face{{font-family:'{ARABIC_FONT}';font-weight:{weight};"
            f"src:url(data:font/ttf;base64,{data}) format('truetype')}}"
        )
    return "\n".join(rules)


def _png_uri(fig, dpi: int) -> str:
    buf = io.BytesIO()
    fig.savefig(buf, format="png", dpi=dpi, bbox_inches="tight", pad_inches=0.05)
    return "data:image/png;base64," + base64.b64encode(buf.getvalue()).decode("ascii")


def _figures(res, lang: str, dpi: int) -> list[tuple[str, str]]:
    """(caption, data URI) of the coverage and reuse-network figures."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    from astana_lib.figures.coverage import plot_coverage_heatmap
    from astana_lib.figures.network import plot_reuse_network
    from astana_lib.figures.rounds import plot_rounds_timeline

    specs = [
        ("Coverage: articles per outlet and round", plot_coverage_heatmap, res.coverage),
        ("Articles per round over time", plot_rounds_timeline, res.coverage),
        ("Reuse network between outlets", plot_reuse_network, res.reuse_edges),
    ]
    out = []
    for caption, plot, table in specs:
        try:
            fig = plot(table, lang=lang)
        except ValueError as exc:  # e.g. nothing to draw on a tiny corpus
            log.info("figure %r not drawn: %s", caption, exc)
            continue
        try:
            out.append((caption, _png_uri(fig, dpi)))
        finally:
            plt.close(fig)
    return out


def _round_key(v: object) -> str:
    return "?" if pd.isna(v) else str(int(v))


def _table_html(df: pd.DataFrame, *, max_rows: int = 200, links: list[str] | None = None) -> str:
    """A plain escaped HTML table (each cell takes its own direction).

    ``links``: one ready-made HTML cell content per row, shown in a last column.
    """
    head = "".join(f"<th>{html.escape(str(c))}</th>" for c in df.columns)
    if links is not None:
        head += "<th>reuse clusters between the two outlets</th>"
    body = []
    for i, row in enumerate(df.head(max_rows).itertuples(index=False)):
        extra = f"<td>{links[i]}</td>" if links is not None else ""
        cells = "".join(
            f'<td dir="auto">{"" if pd.isna(v) else html.escape(str(v))}</td>'
            if not isinstance(v, (list, tuple))
            else f'<td dir="auto">{html.escape(", ".join(map(str, v)))}</td>'
            for v in row
        )
        body.append(f"<tr>{cells}{extra}</tr>")
    more = f"<p>… {len(df) - max_rows} more rows</p>" if len(df) > max_rows else ""
    return f'<table class="al-cov"><tr>{head}</tr>{"".join(body)}</table>{more}'


def _coverage_html(arts: pd.DataFrame, clusters_by_article: dict[str, set]) -> tuple[str, str]:
    """The outlet × round grid with linked cells, and the sections the links point to."""
    rounds = sorted({_round_key(r) for r in arts["round"]}, key=lambda k: (k == "?", k.zfill(3)))
    outlets = sorted(set(arts["outlet"]), key=lambda o: (o == UNKNOWN, o))
    groups = arts.groupby(["outlet", arts["round"].map(_round_key)], sort=False)["article_id"]
    cells = {k: list(v) for k, v in groups}
    head = "".join(f"<th>{html.escape(r)}</th>" for r in rounds)
    rows = []
    detail = []
    for o in outlets:
        tds = []
        for r in rounds:
            ids = cells.get((o, r), [])
            if not ids:
                tds.append('<td class="al-zero">0</td>')
                continue
            cid = anchor("cov", f"{o}|{r}")
            n_cl = len(set().union(*(clusters_by_article.get(a, set()) for a in ids)))
            title = f"{len(ids)} article(s), {n_cl} reuse cluster(s)"
            tds.append(f'<td><a href="#{cid}" title="{title}">{len(ids)}</a></td>')
            cl = sorted(set().union(*(clusters_by_article.get(a, set()) for a in ids)))
            art_links = ", ".join(
                f'<a href="#{anchor("art", a)}">{html.escape(str(a))}</a>' for a in ids
            )
            cl_links = ", ".join(f'<a href="#cluster-{c}">{c}</a>' for c in cl) or "none"
            detail.append(
                f'<div class="al-covcell" id="{cid}"><b>{html.escape(o)} · round '
                f"{html.escape(r)}</b>: articles {art_links}; reuse clusters {cl_links}</div>"
            )
        rows.append(f'<tr><th dir="auto">{html.escape(o)}</th>{"".join(tds)}</tr>')
    grid = f'<table class="al-cov"><tr><th>outlet \\ round</th>{head}</tr>{"".join(rows)}</table>'
    return grid, "".join(detail)


def _edge_links(edges: pd.DataFrame, pairs: pd.DataFrame, cluster_of: dict) -> list[str] | None:
    """For each outlet-pair edge, links to the clusters of the pairs between the two outlets."""
    if not {"outlet_from", "outlet_to"} <= set(edges.columns) or len(pairs) == 0:
        return None
    if not {"outlet_a", "outlet_b"} <= set(pairs.columns):
        return None
    by_outlets: dict[frozenset, set] = {}
    for oa, ob, pa in zip(pairs["outlet_a"], pairs["outlet_b"], pairs["para_a"], strict=False):
        c = cluster_of.get(str(pa))
        if c is not None:
            by_outlets.setdefault(frozenset((str(oa), str(ob))), set()).add(int(c))
    out = []
    for a, b in zip(edges["outlet_from"], edges["outlet_to"], strict=False):
        cl = sorted(by_outlets.get(frozenset((str(a), str(b))), ()))
        out.append(", ".join(f'<a href="#cluster-{c}">{c}</a>' for c in cl) or "none")
    return out


def render_report(
    res, *, lang: Literal["en", "ar"] = "en", title: str | None = None, dpi: int = 110
) -> str:
    """The report page of computed :class:`~astana_lib.pipeline.Results` as an HTML string.

    Parameters are as for :func:`build_report`.

    Examples
    --------
    >>> page = render_report(analyse("seeds", progress=False))  # doctest: +SKIP
    """
    check_choice("lang", lang, ("en", "ar"))
    corpus = res.corpus
    arts = corpus.articles.copy()
    arts["outlet"] = fill_unknown_outlet(arts["outlet"])
    paras = corpus.paragraphs
    if "record" in arts.columns and "record" not in paras.columns:
        paras = paras.merge(arts[["article_id", "record"]], on="article_id", how="left")
    clusters = res.clusters
    if "record" in arts.columns and "record" not in clusters.columns and len(clusters):
        clusters = clusters.merge(arts[["article_id", "record"]], on="article_id", how="left")
    # columns never shown (the normalised text, role reasons) make every row copy slower
    unused = [c for c in ("norm", "role_reason") if c in clusters.columns]
    clusters = clusters.drop(columns=unused)
    paras = paras.drop(columns=[c for c in ("norm", "role_reason") if c in paras.columns])
    cluster_of = dict(zip(clusters["para_id"].astype(str), clusters["cluster"], strict=False))
    by_article: dict[str, set] = {}
    for aid, c in zip(clusters.get("article_id", []), clusters["cluster"], strict=False):
        by_article.setdefault(str(aid), set()).add(int(c))
    pairs = res.pairs
    pair_info = {
        (min(a, b), max(a, b)): row
        for a, b, row in zip(
            pairs["para_a"].astype(str),
            pairs["para_b"].astype(str),
            pairs.to_dict("records"),
            strict=False,
        )
    }
    notes = notes_by_paragraph(paras, actor_mentions=res.actor_mentions, citations=res.citations)
    grid, cov_detail = _coverage_html(arts, by_article)
    figs = "".join(
        f'<figure><img class="al-fig" alt="{html.escape(c)}" src="{uri}">'
        f"<figcaption>{html.escape(c)}</figcaption></figure>"
        for c, uri in _figures(res, lang, dpi)
    )
    n_clusters = int(clusters["cluster"].nunique()) if len(clusters) else 0
    cluster_blocks = [
        cluster_html(int(c), g, pair_info=pair_info, notes=notes)
        for c, g in clusters.groupby("cluster", sort=True)
    ]
    para_groups = dict(tuple(paras.groupby("article_id", sort=False)))
    article_blocks = [
        article_html(
            a, para_groups.get(a["article_id"], paras.iloc[:0]), cluster_of=cluster_of, notes=notes
        )
        for a in arts.to_dict("records")
    ]
    name = title or f"astana_lib report: {Path(str(res.params.get('corpus', ''))).name or 'corpus'}"
    params = ", ".join(f"{k}={v}" for k, v in res.params.items())
    summary = (
        f"{len(arts)} articles · {len(paras)} paragraphs · {len(pairs)} reuse pairs · "
        f"{n_clusters} reuse clusters · {len(corpus.problems)} input problems"
    )
    edges = res.reuse_edges
    return f"""<!DOCTYPE html>
<html lang="en" dir="ltr"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{html.escape(name)}</title>
<style>{_font_face()}
{CSS}{_PAGE_CSS}</style></head><body>
<nav><a href="#coverage">coverage</a><a href="#figures">figures</a><a href="#network">reuse
network</a><a href="#clusters">clusters</a><a href="#articles">articles</a>
filter clusters: <input id="al-filter" size="24" placeholder="any text, e.g. an outlet">
<span id="al-count">{n_clusters}</span> shown</nav>
<h1>{html.escape(name)}</h1>
<p>{html.escape(summary)}</p><p class="al-meta">parameters: {html.escape(params)}. Pairs are
shown beside the earlier paragraph they matched (on the right); marks of one colour are
one matching run; <span class="al-quote">underlined</span>: a quoted speaker,
<span class="al-credit">dotted</span>: a credited agency (hover for who). Greyed paragraphs are boilerplate, repeats and page furniture (kept, not
hidden).</p>
<h2 id="coverage">Coverage: articles per outlet and round</h2>
<p>Each number links to the articles and reuse clusters behind it.</p>
{grid}<details open><summary>articles and clusters behind each cell</summary>{cov_detail}</details>
<h2 id="figures">Figures</h2>{figs}
<h2 id="network">Reuse network (outlet → outlet)</h2>
{_table_html(edges, links=_edge_links(edges, pairs, cluster_of))}
<h2 id="clusters">Reuse clusters ({n_clusters})</h2>{"".join(cluster_blocks)}
<h2 id="articles">Articles ({len(arts)})</h2>{"".join(article_blocks)}
<script>{_SEARCH_JS}</script></body></html>
"""


def build_report(
    corpus: str | Path | object = "seeds",
    out: str | Path = "report",
    *,
    threshold: float | None = None,
    lang: Literal["en", "ar"] = "en",
    title: str | None = None,
    dpi: int = 110,
    progress: bool = False,
    results=None,
) -> Path:
    """Write one self-contained offline HTML report of ``corpus`` to ``out/report.html``.

    Parameters
    ----------
    corpus : str, Path or Corpus, default "seeds"
        Anything :func:`astana_lib.analyse` takes.
    out : str or Path, default "report"
        Output folder (created).
    threshold : float, optional
        Near-duplicate cosine threshold (default: the library's).
    lang : {"en", "ar"}, default "en"
        Label language of the figures.
    title : str, optional
        Page title (default: from the corpus name).
    dpi : int, default 110
        Resolution of the inline figures.
    progress : bool, default False
        Show progress bars while analysing.
    results : Results, optional
        Already computed :func:`astana_lib.analyse` results (``corpus`` is then ignored).

    Returns
    -------
    Path
        The written ``report.html``.

    Examples
    --------
    >>> import tempfile
    >>> path = build_report("seeds", tempfile.mkdtemp())  # doctest: +SKIP
    >>> path.name                                          # doctest: +SKIP
    'report.html'
    """
    from astana_lib.pipeline import analyse

    check_choice("lang", lang, ("en", "ar"))
    if results is None:
        results = analyse(corpus, threshold=threshold, progress=progress)
        results.params.setdefault("corpus", str(corpus) if isinstance(corpus, (str, Path)) else "")
    if results.params.get("threshold") is None:
        from astana_lib.reuse.constants import DEFAULT_THRESHOLD

        results.params["threshold"] = DEFAULT_THRESHOLD
    page = render_report(results, lang=lang, title=title, dpi=dpi)
    out_dir = Path(out)
    out_dir.mkdir(parents=True, exist_ok=True)
    path = out_dir / REPORT_NAME
    path.write_text(page, encoding="utf-8")
    log.info("wrote %s (%.1f MB)", path, path.stat().st_size / 1e6)
    return path
