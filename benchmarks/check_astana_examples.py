"""Issue 11's missed real examples in the Astana sub-corpus: are they found now?

Run from the repository root (seconds):

    .venv/bin/python benchmarks/check_astana_examples.py [path/to/astana_sub.jsonl.gz]

The sub-corpus is cut from the shared dumps by ``astana subcorpus`` (default path
``/work/data/astana_sub.jsonl.gz`` or ``$ASTANA_SUBCORPUS``). Prints, for the paragraph
pair ``ant-FR-internationalNews-1299-20180517:3`` ↔ ``ant-SK-middleEast-1788-20180518:7``
and the article pair ``ant-FR-internationalNews-1593-20180602`` ↔
``ant-SK-middleEast-2579-20180624``, every pair the default search reports (with its
scores and ``p_reuse``) and every candidate it rejects, plus the old rule's answer.
"""

from __future__ import annotations

import logging
import os
import sys
from pathlib import Path

import pandas as pd

import astana_lib as al

PAIR = ("ant-FR-internationalNews-1299-20180517:3", "ant-SK-middleEast-1788-20180518:7")
ARTICLES = ("ant-FR-internationalNews-1593-20180602", "ant-SK-middleEast-2579-20180624")
COLS = ["para_a", "para_b", "cosine", "containment_ab", "containment_ba", "kind", "p_reuse"]


def main() -> None:
    logging.basicConfig(level=logging.WARNING)
    path = Path(
        sys.argv[1]
        if len(sys.argv) > 1
        else os.environ.get("ASTANA_SUBCORPUS", "/work/data/astana_sub.jsonl.gz")
    )
    if not path.exists():
        print(f"SKIPPED: {path} not found (make it with `astana subcorpus`)")
        return
    corpus = al.read_corpus(path, progress=False)
    paras = corpus.paragraphs
    pairs = al.find_near_duplicates(paras, progress=False)
    cands = al.add_p_reuse(al.find_near_duplicates(paras, decision=None, progress=False), paras)
    old = al.find_near_duplicates(
        paras, threshold=0.6, containment_threshold=0.8, min_run=None, decision=None,
        progress=False,
    )  # fmt: skip
    print(f"{len(paras)} paragraphs; {len(pairs)} pairs kept of {len(cands)} candidates "
          f"(old defaults: {len(old)} pairs)")  # fmt: skip
    print(pairs["kind"].value_counts().to_string())
    pd.set_option("display.width", 200)
    a, b = sorted(PAIR)
    for name, table in (("default", pairs), ("old 0.6/0.8", old)):
        hit = table[(table["para_a"] == a) & (table["para_b"] == b)]
        print(f"\n{a} <-> {b}, {name}: {'FOUND' if len(hit) else 'not found'}")
        if len(hit):
            print(hit[[c for c in COLS if c in hit]].round(3).to_string(index=False))
    x, y = ARTICLES
    for name, table in (("default", pairs), ("candidates", cands), ("old 0.6/0.8", old)):
        sel = table[
            ((table["article_a"] == x) & (table["article_b"] == y))
            | ((table["article_a"] == y) & (table["article_b"] == x))
        ]
        print(f"\narticles {x} <-> {y}, {name}: {len(sel)} paragraph pairs")
        if len(sel):
            print(sel[[c for c in COLS if c in sel]].round(3).to_string(index=False))
    n_art = {aid: int((paras["article_id"] == aid).sum()) for aid in ARTICLES}
    print(f"\nparagraphs per article: {n_art}")


if __name__ == "__main__":
    main()
