"""Speed of ``explain_pair`` when browsing many pairs of one corpus (issue 10).

Reads the first ``--articles`` articles of the ANT 2018 dump (``shared/corpora``), takes
``--pairs`` random pairs of title/body paragraphs (fixed seed) and times
:func:`astana_lib.explain_pair` on each:

* baseline (the behaviour before issue 10): a TF-IDF matcher fitted on the corpus for
  every pair — measured as one ``ParagraphMatcher().fit`` plus an explanation with that
  matcher, per pair;
* now: the first call fits the default matcher, later calls on the same table reuse it.

Run (from the repository root)::

    ASTANA_SHARED=/path/to/shared .venv/bin/python benchmarks/bench_explain.py

Prints the times and their ratio; writes ``benchmarks/results/bench_explain.txt``.
"""

from __future__ import annotations

import argparse
import gzip
import io
import sys
import tempfile
import time
from contextlib import redirect_stdout
from pathlib import Path

import numpy as np
from _accuracy import RESULTS, require_shared

import astana_lib as al
from astana_lib.reuse.matcher import DEFAULT_ROLES, ParagraphMatcher


def main(shared: Path, n_articles: int, n_pairs: int) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "ant_head.jsonl.gz"
        with (
            gzip.open(shared / "corpora" / "ant_multisource_2018.jsonl.gz", "rt") as src,
            gzip.open(path, "wt") as dst,
        ):
            for i, line in enumerate(src):
                if i >= n_articles:
                    break
                dst.write(line)
        paragraphs = al.read_corpus(path, progress=False).paragraphs
    body = paragraphs[paragraphs["role"].isin(DEFAULT_ROLES)]["para_id"].to_numpy()
    rng = np.random.default_rng(10)
    pairs = [tuple(rng.choice(body, 2, replace=False)) for _ in range(n_pairs)]
    print(f"corpus: {n_articles} ANT articles, {len(paragraphs)} paragraphs; {n_pairs} pairs\n")

    t0 = time.perf_counter()
    ParagraphMatcher().fit(paragraphs[paragraphs["role"].isin(DEFAULT_ROLES)])
    fit_s = time.perf_counter() - t0

    t0 = time.perf_counter()
    al.explain_pair(paragraphs, *pairs[0])
    first_s = time.perf_counter() - t0
    t0 = time.perf_counter()
    for a, b in pairs[1:]:
        al.explain_pair(paragraphs, a, b)
    per_pair = (time.perf_counter() - t0) / (len(pairs) - 1)
    baseline = fit_s + per_pair
    print("| what | seconds |\n|---|---|")
    print(f"| fit the TF-IDF matcher once | {fit_s:.3f} |")
    print(f"| first explain_pair on the table (fits) | {first_s:.3f} |")
    print(f"| later explain_pair calls, mean per pair | {per_pair * 1000:.1f} ms |")
    print(f"| baseline: refit per pair (fit + explain) | {baseline:.3f} |")
    print(f"\nspeed-up per pair after the first: {baseline / per_pair:.0f}x; "
          f"target < 50 ms per pair: {'met' if per_pair < 0.05 else 'NOT met'}")  # fmt: skip


if __name__ == "__main__":
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--articles", type=int, default=3000)
    ap.add_argument("--pairs", type=int, default=100)
    args = ap.parse_args()
    shared_dir = require_shared("corpora")
    buf = io.StringIO()
    with redirect_stdout(buf):
        main(shared_dir, args.articles, args.pairs)
    text = buf.getvalue()
    sys.stdout.write(text)
    RESULTS.mkdir(parents=True, exist_ok=True)
    (RESULTS / "bench_explain.txt").write_text(text, encoding="utf-8")
