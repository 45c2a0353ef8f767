"""The offline HTML report: structure, escaping, self-containment, and a real browser."""

from __future__ import annotations

import dataclasses
import re
import shutil
import subprocess
from html.parser import HTMLParser
from pathlib import Path

import pytest

import astana_lib as al
from astana_lib.cli import main
from astana_lib.review.html import anchor
from astana_lib.review.report import build_report

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
needs_chromium = pytest.mark.skipif(
    CHROMIUM is None,
    reason="Chromium is not installed (Debian: apt-get install chromium); "
    ".ci/run installs it so CI runs these browser tests",
)


class _Collect(HTMLParser):
    """Every element's tag and attributes, in document order."""

    def __init__(self) -> None:
        super().__init__()
        self.elements: list[tuple[str, dict]] = []

    def handle_starttag(self, tag, attrs):
        self.elements.append((tag, dict(attrs)))


def _elements(page: str) -> list[tuple[str, dict]]:
    p = _Collect()
    p.feed(page)
    return p.elements


@pytest.fixture(scope="module")
def seeds_results(seed_corpus):
    return al.analyse(seed_corpus, progress=False)


@pytest.fixture(scope="module")
def seeds_report(seeds_results, tmp_path_factory) -> Path:
    return build_report(results=seeds_results, out=tmp_path_factory.mktemp("report"))


def test_report_has_every_cluster_article_and_coverage_link(seeds_report, seeds_results):
    page = seeds_report.read_text(encoding="utf-8")
    els = _elements(page)
    ids = {a["id"] for _, a in els if "id" in a}
    clusters = set(seeds_results.clusters["cluster"])
    assert clusters and {f"cluster-{c}" for c in clusters} <= ids
    assert {anchor("art", a) for a in seeds_results.corpus.articles["article_id"]} <= ids
    # every in-page link resolves to an element of the page
    links = [a["href"] for t, a in els if t == "a" and "href" in a]
    assert links and all(h.startswith("#") and h[1:] in ids for h in links)
    # one linked coverage cell per non-zero outlet × round count, with the right number
    cov = seeds_results.coverage
    cov_links = [h for h in links if h.startswith("#cov-")]
    assert len(set(cov_links)) == int((cov["n_articles"] > 0).sum())
    assert int(cov["n_articles"].sum()) == len(seeds_results.corpus.articles)


def test_report_is_self_contained(seeds_report):
    page = seeds_report.read_text(encoding="utf-8")
    for tag, attrs in _elements(page):
        for key in ("src", "href"):
            v = attrs.get(key)
            assert v is None or v.startswith(("#", "data:")), (tag, key, v[:80])
    assert not re.search(r"url\((?!data:)", page)  # CSS loads nothing from outside
    assert "@font-face" in page and "data:font/ttf;base64," in page
    assert seeds_report.stat().st_size < 10e6


def test_report_arabic_blocks_are_rtl(seeds_report):
    els = _elements(seeds_report.read_text(encoding="utf-8"))
    blocks = [a for _, a in els if "al-ar" in a.get("class", "").split()]
    assert blocks and all(a.get("dir") == "rtl" and a.get("lang") == "ar" for a in blocks)


def test_report_escapes_markup_in_texts_and_ids(tmp_path):
    hostile = '<script>alert("x")</script> محادثات أستانا ستستأنف غدا في العاصمة الكازاخستانية'
    (tmp_path / "c").mkdir()
    for name in ("a<b", "b&c"):
        (tmp_path / "c" / f"{name}.txt").write_text(
            f"عنوان\n\n{hostile}\n\nنص آخر مختلف تماما عن كل ما سبق هنا\n", encoding="utf-8"
        )
    path = build_report(tmp_path / "c", tmp_path / "out")
    page = path.read_text(encoding="utf-8")
    assert "<script>alert" not in page
    assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;" in page
    assert page.count("<script>") == 1  # only the page's own search script
    assert 'id="cluster-0"' in page and "<mark" in page


def test_cli_report_writes_one_page(tmp_path, seeds_dir):
    assert main(["-q", "report", "--corpus", str(seeds_dir), "--out", str(tmp_path)]) == 0
    assert [p.name for p in tmp_path.iterdir()] == ["report.html"]


def test_cli_report_missing_corpus_is_a_clear_error(tmp_path, capsys):
    rc = main(["-q", "report", "--corpus", str(tmp_path / "nope"), "--out", str(tmp_path)])
    assert rc == 2 and "corpus not found" in capsys.readouterr().err


def test_report_shows_optional_columns_when_present(seeds_results, tmp_path):
    res = seeds_results
    pairs = res.pairs.assign(p_reuse=0.871, origin_kind="agency")
    arts = res.corpus.articles.assign(event="astana_5", relevance="core")
    res2 = dataclasses.replace(
        res, pairs=pairs, corpus=dataclasses.replace(res.corpus, articles=arts)
    )
    page = build_report(results=res2, out=tmp_path).read_text(encoding="utf-8")
    for text in (
        "p_reuse <b>0.871</b>",
        "origin_kind <b>agency</b>",
        "event <b><bdi>astana_5</bdi></b>",
        "relevance <b><bdi>core</bdi></b>",
    ):
        assert text in page


def _chromium(*args: str, timeout: int = 120) -> subprocess.CompletedProcess:
    # a proxy on a closed loopback port: any request that tried the network would fail
    cmd = [
        CHROMIUM,
        "--headless",
        "--disable-gpu",
        "--no-sandbox",
        "--no-first-run",
        "--proxy-server=127.0.0.1:9",
        "--hide-scrollbars",
        *args,
    ]
    return subprocess.run(cmd, capture_output=True, text=True, timeout=timeout, check=False)


@needs_chromium
def test_chromium_renders_report_dom(seeds_report, seeds_results):
    out = _chromium("--virtual-time-budget=5000", "--dump-dom", seeds_report.as_uri())
    dom = out.stdout
    assert out.returncode == 0 and "<html" in dom, out.stderr[-2000:]
    els = _elements(dom)
    sections = [a["id"] for t, a in els if t == "section" and "al-cluster" in a.get("class", "")]
    assert sorted(sections) == sorted(f"cluster-{c}" for c in set(seeds_results.clusters.cluster))
    blocks = [a for _, a in els if "al-ar" in a.get("class", "").split()]
    assert blocks and all(a.get("dir") == "rtl" and a.get("lang") == "ar" for a in blocks)
    html_attrs = next(a for t, a in els if t == "html")
    # the page fetched nothing (data: URIs are not resources) and its Arabic font is ready
    assert html_attrs.get("data-al-resources") == "0", html_attrs.get("data-al-resource-names")
    assert html_attrs.get("data-al-arabic-font") == "true"


@needs_chromium
def test_chromium_screenshot_of_report(seeds_report, tmp_path):
    shot = tmp_path / "report.png"
    out = _chromium("--window-size=1200,2400", f"--screenshot={shot}", seeds_report.as_uri())
    assert out.returncode == 0 and shot.is_file(), out.stderr[-2000:]
    from PIL import Image

    im = Image.open(shot).convert("L")
    assert im.size == (1200, 2400)
    lo, hi = im.getextrema()
    assert hi - lo > 100  # not a blank page
    assert sum(1 for n in im.histogram() if n) > 20  # text and figures drawn


@pytest.mark.slow
@pytest.mark.corpora
@needs_chromium
def test_chromium_renders_subcorpus_report(astana_subcorpus_file, tmp_path):
    import time

    t = time.perf_counter()
    path = build_report(astana_subcorpus_file, tmp_path)
    elapsed = time.perf_counter() - t
    assert path.stat().st_size < 10e6
    assert elapsed < 120  # target 30 s (benchmarks/bench_report.py); generous on a busy CI
    res_clusters = path.read_text(encoding="utf-8").count('<section class="al-cluster"')
    out = _chromium("--virtual-time-budget=10000", "--dump-dom", path.as_uri(), timeout=300)
    els = _elements(out.stdout)
    sections = [a for t, a in els if t == "section" and "al-cluster" in a.get("class", "")]
    assert res_clusters > 10 and len(sections) == res_clusters
    blocks = [a for _, a in els if "al-ar" in a.get("class", "").split()]
    assert blocks and all(a.get("dir") == "rtl" and a.get("lang") == "ar" for a in blocks)
    html_attrs = next(a for t, a in els if t == "html")
    assert html_attrs.get("data-al-resources") == "0"
    assert html_attrs.get("data-al-arabic-font") == "true"


def test_report_of_a_corpus_without_reuse(tmp_path):
    (tmp_path / "c").mkdir()
    (tmp_path / "c" / "a.txt").write_text(
        "عنوان واحد\n\nنص قصير عن محادثات أستانا\n", encoding="utf-8"
    )
    page = build_report(tmp_path / "c", tmp_path / "out").read_text(encoding="utf-8")
    assert "Reuse clusters (0)" in page and '<section class="al-cluster"' not in page
    assert page.count('<article class="al-article"') == 1


def test_report_embeds_only_the_arabic_font_under_its_name(seeds_report):
    page = seeds_report.read_text(encoding="utf-8")
    faces = re.findall(r"@font-face\{font-family:'([^']+)';font-weight:(\w+)", page)
    assert sorted(faces) == [("Noto Sans Arabic", "bold"), ("Noto Sans Arabic", "normal")]
