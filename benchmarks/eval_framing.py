"""Precision of framing hits, per concept, before and after the lexicon's context rules.

Labels: ``benchmarks/framing_labels.csv`` (guide: ``benchmarks/LABELLING.md``), one row
per framing hit read by hand: corpus file, ``para_id``, ``start``/``end`` in the
paragraph's original text, the matched words, an ≤80-character snippet, ``label``
(1 = the words name what the concept is about, 0 = another sense) and, for a blind
re-read subset, ``label_reread``. Strata:

* ``random_sub`` / ``random_dump``: random hits of each concept among the Astana
  sub-corpus paragraphs / the other Syria-related paragraphs of the dumps;
* ``excluded``: random hits that the context rules leave out;
* ``bare_kept``: random kept hits of the bare words "النظام" and "المعارضة".

The hit *population* is every framing hit (``framing_hits(context=False)``) in the
paragraphs of the three dumps that mention Syria or Astana (سوري / أستانا / الأستانة).
Precision *before* the rules mixes kept and excluded hits in their population
proportions (stratified estimate: P(kept)·prec(kept) + P(excl)·prec(excl)); precision
*after* is prec(kept) from the random strata.

Run (from the repository root)::

    ASTANA_SHARED=/path/to/shared .venv/bin/python benchmarks/eval_framing.py   # ~1 min

Prints Markdown tables and writes ``benchmarks/results/eval_framing.txt``.
"""

from __future__ import annotations

import gzip
import json
import re
import tempfile
import time
from pathlib import Path

import pandas as pd
from _accuracy import REPO, require_shared, run_and_save
from _labelled import check_spans, cohen_kappa, fmt, wilson

import astana_lib as al

LABELS = REPO / "benchmarks" / "framing_labels.csv"
TOPIC = r"سوري|أستانا|استانا|الأستانة"


def main(shared) -> None:
    t0 = time.perf_counter()
    labels = pd.read_csv(LABELS)
    pool = []
    topic = re.compile(TOPIC)
    with tempfile.TemporaryDirectory() as tmp:
        for corpus in sorted(labels["corpus"].unique()):
            # only records mentioning the topic (or holding a label) are read: same
            # paragraph ids as reading the whole dump, a fraction of the time and memory
            ids = {p.rsplit(":", 1)[0] for p in labels.loc[labels["corpus"] == corpus, "para_id"]}
            path = Path(tmp) / corpus
            with (
                gzip.open(shared / "corpora" / corpus, "rt", encoding="utf-8") as src,
                gzip.open(path, "wt", encoding="utf-8") as dst,
            ):
                for line in src:
                    rec = json.loads(line) if line.strip() else {}
                    text = f"{rec.get('title') or ''} {rec.get('text') or ''}"
                    if rec.get("id") in ids or topic.search(text):
                        dst.write(line)
            paras = al.read_corpus(path, progress=False).paragraphs
            topical = paras["text"].str.contains(TOPIC, na=False) | paras["para_id"].isin(
                labels["para_id"]
            )
            pool.append(paras[topical].assign(corpus=corpus))
    paras = pd.concat(pool, ignore_index=True)
    check_spans(labels, paras)
    hits = al.framing_hits(paras, context=True, window=0)
    hits = hits[hits["concept"] != "other_uses"]
    lab = labels.merge(
        hits[["para_id", "start", "kept", "excluded_by"]], on=["para_id", "start"], how="left"
    )
    if lab["kept"].isna().any():
        missing = lab.loc[lab["kept"].isna(), "hid"].tolist()
        raise SystemExit(f"labelled hits no longer found by framing_hits: {missing[:10]}")
    lab["kept"] = lab["kept"].astype(bool)
    rnd = lab[lab["stratum"].str.startswith("random")]
    excl = lab[~lab["kept"]]

    print(f"labelled hits: {len(labels)} ({labels['stratum'].value_counts().to_dict()})")
    print(f"hit population: {len(hits)} framing hits in {len(paras)} Syria/Astana paragraphs\n")

    rows = []
    for concept, pop in hits.groupby("concept"):
        n_k, n_e = int(pop["kept"].sum()), int((~pop["kept"]).sum())
        r = rnd[rnd["concept"] == concept]
        rk = r[r["kept"]]
        e = excl[excl["concept"] == concept]
        p_k = rk["label"].mean() if len(rk) else float("nan")
        p_e = e["label"].mean() if len(e) else 0.0
        before = (n_k * p_k + n_e * p_e) / (n_k + n_e)
        lo, hi = wilson(int(rk["label"].sum()), len(rk))
        rows.append(
            {
                "concept": concept,
                "population": n_k + n_e,
                "excluded by rules": n_e,
                "labelled (random)": len(r),
                "labelled excluded": len(e),
                "precision before": before,
                "precision after": p_k,
                "after 95% CI": f"{lo:.2f}–{hi:.2f}",
                "excluded that were right": f"{int(e['label'].sum())}/{len(e)}",
            }
        )
    print("## Precision per concept (stratified estimate over the population)\n")
    print(fmt(rows))

    print("\n## Bare words (random + bare_kept strata; the ambiguous variants)\n")
    rows = []
    for variant in ("النظام", "المعارضة"):
        pop = hits[hits["variant"] == variant]
        n_k, n_e = int(pop["kept"].sum()), int((~pop["kept"]).sum())
        k = lab[(lab["variant"] == variant) & lab["kept"] & lab["stratum"].ne("excluded")]
        e = excl[excl["variant"] == variant]
        p_k, p_e = k["label"].mean(), (e["label"].mean() if len(e) else 0.0)
        rows.append(
            {
                "variant": variant,
                "population": n_k + n_e,
                "excluded": n_e,
                "labelled kept": len(k),
                "labelled excluded": len(e),
                "precision before": (n_k * p_k + n_e * p_e) / (n_k + n_e),
                "precision after": p_k,
            }
        )
    print(fmt(rows))

    print("\n## Per corpus, labelled random hits (raw, unweighted)\n")
    rows = []
    for corpus, g in rnd.groupby("corpus"):
        rows.append(
            {
                "corpus": corpus,
                "n": len(g),
                "precision before": g["label"].mean(),
                "precision after": g.loc[g["kept"], "label"].mean(),
                "excluded": int((~g["kept"]).sum()),
            }
        )
    print(fmt(rows))
    am = hits[(hits["outlet"] == "almayadeen") & (hits["variant"] == "النظام")]
    print(
        f"\nAl Mayadeen 'النظام' hits in the pool: {len(am)}, excluded by rules: "
        f"{int((~am['kept']).sum())}"
    )

    rules = excl.groupby("excluded_by").agg(n=("label", "size"), right=("label", "sum"))
    print("\n## Labelled excluded hits per rule (right = the rule removed a correct hit)\n")
    print(fmt([{"rule": k, "n": int(v.n), "right": int(v.right)} for k, v in rules.iterrows()]))

    rr = labels[labels["label_reread"].notna()]
    agree = (rr["label"] == rr["label_reread"]).mean()
    kappa = cohen_kappa(rr["label"].astype(int), rr["label_reread"].astype(int))
    print(
        f"\nBlind re-read: {len(rr)} hits, agreement {agree:.3f}, Cohen's kappa {kappa:.3f}"
        f"\n({time.perf_counter() - t0:.0f} s)"
    )


if __name__ == "__main__":
    shared_dir = require_shared("corpora")
    run_and_save(lambda: main(shared_dir), "eval_framing.txt")
