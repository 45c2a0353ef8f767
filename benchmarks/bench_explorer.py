"""Explorer responsiveness: a filter change on 100k synthetic pairs (target < 0.2 s).

Builds a synthetic corpus (paragraph texts of random Arabic words, 12 outlets, 22 rounds
plus events and relevance levels) and 100k pairs with kinds, origin kinds and a reuse
score, then times, in one process:

* ``Explorer`` construction (the precomputation, once);
* ``Explorer.filter`` alone for a sequence of filter changes (median and max);
* the widget's whole filter-change handler (mask, cluster list by size/first date,
  pairs list of the first cluster, side-by-side rendering of its first pair), when
  ipywidgets is installed;
* a baseline in the same process: the same filters as plain pandas ``isin`` on string
  columns, recomputed per change — the ratio is robust to a busy machine.

Usage::

    python benchmarks/bench_explorer.py            # 100k pairs
    python benchmarks/bench_explorer.py --pairs 20000
"""

from __future__ import annotations

import argparse
import statistics
import time

import numpy as np
import pandas as pd


def synthetic(n_pairs: int, seed: int = 0):
    from astana_lib.reading.corpus import Corpus

    rng = np.random.default_rng(seed)
    words = np.array(["محادثات", "أستانا", "وفد", "المعارضة", "روسيا", "تركيا", "إيران",
                      "الضامنة", "جولة", "وقف", "إطلاق", "النار", "دمشق", "قال", "مصدر"])  # fmt: skip
    n_articles = max(10, n_pairs // 10)
    outlets = [f"outlet_{i:02d}" for i in range(12)]
    art = pd.DataFrame({"article_id": [f"art{i}" for i in range(n_articles)]})
    art["outlet"] = rng.choice(outlets, n_articles)
    art["round"] = pd.array(rng.integers(1, 23, n_articles), dtype="Int64")
    art["event"] = rng.choice(["", "sochi_congress", "guarantors_summit"], n_articles)
    art["event"] = art["event"].replace("", pd.NA)
    art["relevance"] = rng.choice(["core", "mention", "other_astana"], n_articles)
    art["date"] = pd.Timestamp("2017-01-01") + pd.to_timedelta(
        rng.integers(0, 2500, n_articles), unit="D"
    )
    art["path"] = "synthetic.jsonl"
    art["record"] = np.arange(1, n_articles + 1)
    per = 4
    para = art.loc[art.index.repeat(per)].reset_index(drop=True)
    para["para_no"] = np.tile(np.arange(1, per + 1), n_articles)
    para["para_id"] = para["article_id"] + ":" + para["para_no"].astype(str)
    para["text"] = [" ".join(rng.choice(words, 14)) for _ in range(len(para))]
    para["role"] = "body"
    para["line_start"] = para["para_no"]
    para["line_end"] = para["para_no"]
    para = para.drop(columns=["record"])
    a = rng.integers(0, len(para), n_pairs)
    b = (a + rng.integers(1, len(para) - 1, n_pairs)) % len(para)
    pa, pb = para["para_id"].to_numpy()[a], para["para_id"].to_numpy()[b]
    lo, hi = np.minimum(pa, pb), np.maximum(pa, pb)
    idx = para.set_index("para_id")
    pairs = pd.DataFrame({"para_a": lo, "para_b": hi})
    for side, col in (("a", "para_a"), ("b", "para_b")):
        pairs[f"article_{side}"] = idx.loc[pairs[col], "article_id"].to_numpy()
        pairs[f"outlet_{side}"] = idx.loc[pairs[col], "outlet"].to_numpy()
        pairs[f"date_{side}"] = idx.loc[pairs[col], "date"].to_numpy()
    pairs["cosine"] = rng.uniform(0.5, 1.0, n_pairs)
    pairs["kind"] = rng.choice(["exact", "near", "contained"], n_pairs)
    pairs["origin_kind"] = rng.choice(["agency", "outlet", "quotation", "unknown"], n_pairs)
    pairs["p_reuse"] = rng.uniform(0, 1, n_pairs)
    # clusters: paragraphs grouped in blocks (stands in for reuse_clusters' components)
    cl = para[["para_id", "article_id", "outlet", "date"]].copy()
    cl["cluster"] = rng.integers(0, max(1, len(para) // 5), len(para))
    cl["cluster_size"] = cl.groupby("cluster")["para_id"].transform("size")
    corpus = Corpus(articles=art, paragraphs=para, problems=pd.DataFrame())
    return corpus, pairs, cl


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--pairs", type=int, default=100_000)
    args = ap.parse_args()
    from astana_lib.review.explorer import Explorer

    corpus, pairs, clusters = synthetic(args.pairs)
    t = time.perf_counter()
    ex = Explorer(corpus, pairs, clusters)
    t_build = time.perf_counter() - t
    o = ex.options
    changes = [
        dict(outlets=o["outlets"][:2]),
        dict(outlets=o["outlets"][:2], rounds=o["rounds"][:5]),
        dict(outlets=o["outlets"][:2], rounds=o["rounds"][:5], relevance=["core"]),
        dict(kinds=["near"], origin_kinds=["agency", "outlet"]),
        dict(score=(0.7, 1.0)),
        dict(outlets=o["outlets"][3:9], kinds=["exact", "near"], score=(0.2, 0.9)),
        dict(),
    ]
    times, counts = [], []
    for ch in changes:
        t = time.perf_counter()
        m = ex.filter(**ch)
        times.append(time.perf_counter() - t)
        counts.append(int(m.sum()))

    # baseline: plain pandas string isin, per change
    p = ex.pairs
    arts = corpus.articles.set_index("article_id")
    ra = ("round " + p["article_a"].map(arts["round"]).astype("string")).fillna("round ?")
    base_times = []
    for ch in changes:
        t = time.perf_counter()
        m = pd.Series(True, index=p.index)
        if ch.get("outlets"):
            m &= p["outlet_a"].isin(ch["outlets"]) | p["outlet_b"].isin(ch["outlets"])
        if ch.get("rounds"):
            m &= ra.str.split(" · ").str[0].isin([r.split(" · ")[0] for r in ch["rounds"]])
        if ch.get("kinds"):
            m &= p["kind"].isin(ch["kinds"])
        if ch.get("score"):
            m &= p["p_reuse"].between(*ch["score"])
        base_times.append(time.perf_counter() - t)

    print(f"pairs: {len(pairs)}, paragraphs: {len(corpus.paragraphs)}, clusters: "
          f"{len(ex.cluster_table)}")  # fmt: skip
    print(f"Explorer construction (once): {t_build:.3f} s")
    print(f"filter change, mask only: median {statistics.median(times) * 1e3:.1f} ms, "
          f"max {max(times) * 1e3:.1f} ms over {len(times)} changes (selected {counts})")  # fmt: skip
    print(f"baseline pandas isin per change: median {statistics.median(base_times) * 1e3:.1f} ms"
          f" (ratio explorer/baseline {statistics.median(times) / statistics.median(base_times):.2f})")  # fmt: skip
    try:
        import ipywidgets  # noqa: F401
    except ImportError:
        print("ipywidgets not installed: widget handler not measured")
        return
    box = ex.widget()
    ctl = box._astana_controls
    full = []
    for ch in changes:
        t = time.perf_counter()
        for name in ("outlets", "rounds", "relevance", "kinds", "origin_kinds"):
            ctl[name].value = tuple(ch.get(name, ()))
        ctl["score"].value = ch.get("score", (ctl["score"].min, ctl["score"].max))
        full.append(time.perf_counter() - t)
    # one change of one widget = one handler run (the loop above fires several)
    single = []
    for ch in changes:
        ctl["outlets"].value = tuple(ch.get("outlets", ()))
        t = time.perf_counter()
        box._astana_refresh()
        single.append(time.perf_counter() - t)
    print(f"widget filter-change handler (mask + cluster list + pair list + pair view): "
          f"median {statistics.median(single) * 1e3:.1f} ms, max {max(single) * 1e3:.1f} ms"
          f" -> target < 200 ms: {'met' if max(single) < 0.2 else 'NOT met'}")  # fmt: skip
    print(f"(setting all six widgets at once: median {statistics.median(full) * 1e3:.1f} ms)")


if __name__ == "__main__":
    main()
