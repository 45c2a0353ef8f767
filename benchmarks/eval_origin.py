"""Origin of reuse and chained clusters, measured against hand labels (issue 12).

Cuts two slices of the shared dumps (ANT 2018: May 2018, 5 outlets with publication
times; SaudiNewsNet 2015: 21–31 July 2015, 12 papers, crawl times), finds reuse pairs
and clusters with the library defaults, and compares with the labels in
``benchmarks/data/`` (see ``origin_labelling.md`` there):

1. ``origin_labels.csv`` — origin of 110 cross-outlet clusters read by hand: accuracy of
   ``origin_kind`` and ``origin`` of :func:`astana_lib.reuse_origins` for its option
   grid (``agency_rule`` × ``quotes``), with a confusion table;
2. ``origin_labels_reread.csv`` — 30 of them labelled again blind: agreement;
3. ``hand_clusters.csv`` — 313 paragraphs of 51 clusters grouped by hand into the
   passages they copy: ARI of the clusters as found, after cutting bridging pairs and
   after Louvain communities (:func:`astana_lib.split_chains`);
   ``hand_clusters_reread.csv`` — 56 of them grouped again blind: ARI between the two.

Labels are matched by ``para_id`` (cluster numbers change with the code). Run from the
repository root::

    flock /tmp/astana_heavy.lock nice -n 10 .venv/bin/python benchmarks/eval_origin.py

(3–5 min the first time; the slices, pairs and clusters are cached in
``--cache``, default ``$TMPDIR/astana_eval_origin``). Prints the tables and writes them
to ``benchmarks/results/eval_origin.txt``.
"""

from __future__ import annotations

import argparse
import gzip
import json
import os
import sys
import tempfile
import time
from pathlib import Path

import pandas as pd

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

import astana_lib as al  # noqa: E402

SLICES = {
    "ant_multisource_2018": ("2018-05-01", "2018-05-31"),
    "saudinewsnet_2015": ("2015-07-21", "2015-07-31"),
}


def shared_dir() -> Path:
    env = os.environ.get("ASTANA_SHARED")
    return Path(env) if env else REPO.parent / "shared"


def load_slice(corpus: str, cache: Path) -> dict[str, pd.DataFrame]:
    """Articles, paragraphs, pairs and clusters of one slice (cached as pickles)."""
    out = {k: cache / f"{corpus}_{k}.pkl" for k in ("articles", "paragraphs", "pairs")}
    if all(p.exists() for p in out.values()):
        tabs = {k: pd.read_pickle(p) for k, p in out.items()}
    else:
        lo, hi = SLICES[corpus]
        src = shared_dir() / "corpora" / f"{corpus}.jsonl.gz"
        cut = cache / f"{corpus}_slice.jsonl.gz"
        with gzip.open(src, "rt", encoding="utf-8") as f, gzip.open(cut, "wt") as g:
            for line in f:
                if lo <= str(json.loads(line).get("date"))[:10] <= hi:
                    g.write(line)
        c = al.read_corpus(cut, progress=False)
        pairs = al.find_near_duplicates(c.paragraphs, progress=False)
        tabs = {"articles": c.articles, "paragraphs": c.paragraphs, "pairs": pairs}
        for k, p in out.items():
            tabs[k].to_pickle(p)
    tabs["clusters"] = al.reuse_clusters(tabs["pairs"], tabs["paragraphs"])
    return tabs


def cluster_of(clusters: pd.DataFrame, corpus: str) -> dict[str, str]:
    pairs = zip(clusters["para_id"], clusters["cluster"], strict=True)
    return {p: f"{corpus}:{c}" for p, c in pairs}


def origin_accuracy(labels: pd.DataFrame, data: dict, **options) -> pd.DataFrame:
    rows = []
    for corpus, tabs in data.items():
        lab = labels[labels["corpus"] == corpus].copy()
        where = cluster_of(tabs["clusters"], corpus)
        lab["cluster"] = lab["para_ids"].str.split("|").str[0].map(where)
        ids = {int(c.rsplit(":", 1)[1]) for c in lab["cluster"].dropna()}
        cl = tabs["clusters"][tabs["clusters"]["cluster"].isin(ids)]
        o = al.reuse_origins(cl, tabs["paragraphs"], articles=tabs["articles"], **options)
        o.index = [f"{corpus}:{c}" for c in o["cluster"]]
        for col in ("origin_kind", "origin", "origin_basis"):
            lab["pred_" + col] = lab["cluster"].map(o[col])
        rows.append(lab)
    df = pd.concat(rows, ignore_index=True)
    df["ok_kind"] = df["origin_kind"] == df["pred_origin_kind"]
    named = df["origin_kind"].isin(["agency", "outlet"])
    df["ok_origin"] = df["ok_kind"] & (~named | (df["origin"] == df["pred_origin"]))
    return df


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument(
        "--cache", type=Path, default=Path(tempfile.gettempdir()) / "astana_eval_origin"
    )
    ap.add_argument("--out", type=Path, default=REPO / "benchmarks" / "results" / "eval_origin.txt")
    args = ap.parse_args(argv)
    if not (shared_dir() / "corpora").is_dir():
        print(f"skipped: shared corpora not found at {shared_dir()} (set ASTANA_SHARED)")
        return 0
    args.cache.mkdir(parents=True, exist_ok=True)
    data_dir = REPO / "benchmarks" / "data"
    lines: list[str] = []

    def say(s: str = "") -> None:
        print(s)
        lines.append(s)

    t0 = time.perf_counter()
    data = {c: load_slice(c, args.cache) for c in SLICES}
    for c, tabs in data.items():
        say(
            f"{c}: {len(tabs['articles'])} articles, {len(tabs['paragraphs'])} paragraphs, "
            f"{len(tabs['pairs'])} pairs, {tabs['clusters']['cluster'].nunique()} clusters"
        )
    say(f"(slices ready in {time.perf_counter() - t0:.0f} s)")

    # 1. origin accuracy
    labels = pd.read_csv(data_dir / "origin_labels.csv")
    scored = labels[labels["origin_kind"] != "none"]
    say()
    say(
        f"## Origin of {len(labels)} labelled clusters ({len(labels) - len(scored)} "
        "labelled 'none' = not reuse, left out)"
    )
    say()
    say("| agency_rule | quotes | n | origin_kind accuracy | origin accuracy | seconds |")
    say("|---|---|---|---|---|---|")
    best = None
    for agency_rule in ("every", "sole"):
        for quotes in ("direct", "speech"):
            t = time.perf_counter()
            df = origin_accuracy(scored, data, agency_rule=agency_rule, quotes=quotes)
            dt = time.perf_counter() - t
            say(
                f"| {agency_rule} | {quotes} | {len(df)} | {df['ok_kind'].mean():.3f} | "
                f"{df['ok_origin'].mean():.3f} | {dt:.1f} |"
            )
            if agency_rule == "sole" and quotes == "speech":
                best = df
    say()
    say("Defaults (agency_rule='sole', quotes='speech'): rows = hand label, columns = predicted")
    say()
    say(pd.crosstab(best["origin_kind"], best["pred_origin_kind"]).to_markdown())
    say()
    for kind in ("agency", "outlet", "quotation", "unknown"):
        sub = best[best["origin_kind"] == kind]
        pred = best[best["pred_origin_kind"] == kind]
        if len(sub):
            say(
                f"- {kind}: recall {sub['ok_kind'].mean():.2f} ({int(sub['ok_kind'].sum())}/"
                f"{len(sub)}), precision {pred['ok_kind'].mean() if len(pred) else float('nan'):.2f} "
                f"({int(pred['ok_kind'].sum())}/{len(pred)}); named origin right "
                f"{int(sub['ok_origin'].sum())}/{len(sub)}"
            )
    for corpus in SLICES:
        sub = best[best["corpus"] == corpus]
        say(
            f"- {corpus}: origin_kind {sub['ok_kind'].mean():.3f}, origin "
            f"{sub['ok_origin'].mean():.3f} (n={len(sub)})"
        )

    # 2. blind re-read
    rr = pd.read_csv(data_dir / "origin_labels_reread.csv").merge(
        labels[["label_id", "origin_kind", "origin"]], on="label_id", suffixes=("", "_first")
    )
    agree_kind = (rr["origin_kind"] == rr["origin_kind_first"]).mean()
    named = rr["origin_kind_first"].isin(["agency", "outlet"])
    agree_origin = (
        (rr["origin_kind"] == rr["origin_kind_first"])
        & (rr["origin"].fillna("") == rr["origin_first"].fillna(""))
    )[named].mean()
    from sklearn.metrics import adjusted_rand_score, cohen_kappa_score

    kappa = cohen_kappa_score(rr["origin_kind"], rr["origin_kind_first"])
    say()
    say(
        f"## Blind re-read of {len(rr)} clusters: origin_kind agreement {agree_kind:.3f} "
        f"(Cohen's kappa {kappa:.3f}); named agency/outlet agreement {agree_origin:.3f} "
        f"(n={int(named.sum())})"
    )

    # 3. chained clusters
    hand = pd.read_csv(data_dir / "hand_clusters.csv")
    say()
    hand["parent"] = hand["group"].str.extract(r"^(\w+:\d+)")[0]
    say(
        f"## Chained clusters: {len(hand)} paragraphs of {hand['parent'].nunique()} "
        f"clusters in {hand['group'].nunique()} hand groups"
    )
    say()
    methods = {
        "connected components (as found)": lambda t: t["clusters"],
        "split: cut bridges (min_side=2)": lambda t: al.split_chains(t["pairs"], t["clusters"]),
        "split: Louvain communities": lambda t: al.split_chains(
            t["pairs"], t["clusters"], method="communities"
        ),
    }
    bridged = set()
    for corpus, tabs in data.items():
        b = al.cluster_bridges(tabs["pairs"], tabs["clusters"])
        pid_cluster = cluster_of(tabs["clusters"], corpus)
        bridged |= {pid_cluster[p] for p in b["para_a"]}
        say(
            f"- {corpus}: {b['cluster'].nunique()} of {tabs['clusters']['cluster'].nunique()} "
            f"clusters have a bridging pair ({len(b)} bridges)"
        )
    hand["found"] = pd.concat(
        [
            hand.loc[hand["corpus"] == c, "para_id"].map(cluster_of(t["clusters"], c))
            for c, t in data.items()
        ]
    )
    # a labelled paragraph the search no longer links to anything is its own cluster
    unlinked = hand["found"].isna()
    say(
        f"- labelled paragraphs in no cluster as found: {int(unlinked.sum())} (each its own cluster)"
    )
    hand.loc[unlinked, "found"] = "single:" + hand.loc[unlinked, "para_id"]
    hand["bridged"] = hand["found"].isin(bridged)
    say()
    say("| clusters | paragraphs | " + " | ".join(methods) + " |")
    say("|---|---|" + "---|" * len(methods))
    preds = {}
    for name, make in methods.items():
        parts = []
        for corpus, tabs in data.items():
            # only the clusters that were labelled need splitting (faster, same result)
            found = hand.loc[hand["corpus"] == corpus, "found"]
            ids = {int(c.rsplit(":", 1)[1]) for c in found if not c.startswith("single:")}
            cl = tabs["clusters"][tabs["clusters"]["cluster"].isin(ids)]
            split = make({"pairs": tabs["pairs"], "clusters": cl})
            m = cluster_of(split, corpus)
            pids = hand.loc[hand["corpus"] == corpus, "para_id"]
            parts.append(pids.map(m).fillna("single:" + pids))
        preds[name] = pd.concat(parts)
    for label, mask in (
        ("all labelled", hand.index == hand.index),
        ("with a bridge", hand["bridged"]),
        ("without a bridge", ~hand["bridged"]),
    ):
        sub = hand[mask]
        aris = [adjusted_rand_score(sub["group"], preds[n][mask]) for n in methods]
        say(
            f"| {label} ({sub['parent'].nunique()}) | {len(sub)} | "
            + " | ".join(f"{a:.3f}" for a in aris)
            + " |"
        )
    hr = pd.read_csv(data_dir / "hand_clusters_reread.csv").merge(
        hand[["para_id", "group"]], on="para_id", suffixes=("", "_first")
    )
    say()
    n_regrouped = hr["group"].str.extract(r"^(\w+:\d+)")[0].nunique()
    say(
        f"Blind re-grouping of {len(hr)} paragraphs ({n_regrouped} clusters, shuffled order): "
        f"ARI {adjusted_rand_score(hr['group_first'], hr['group']):.3f} against the first grouping"
    )
    say()
    say(f"(total {time.perf_counter() - t0:.0f} s)")
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
