"""Near-duplicate accuracy on the ExAraPlagDet gold pairs, per obfuscation type.

Positives: the 1,727 gold (suspicious passage, source passage) reuse pairs of
``shared/benchmarks/exaraplagdet_pairs_gold.csv.gz``. Negatives, two per positive,
fixed seed:

* ``random``: the suspicious passage vs the source passage of another pair from a
  different source document (and different suspicious document);
* ``hard``: the suspicious passage vs another passage of the *same source document*
  (same topic, same author, different text; offsets do not overlap).

Each configuration (analyzer × n-gram range × normalisation) fits its TF-IDF
vocabulary/IDF on a realistic background: all gold passages plus ``--background``
real paragraphs of ``shared/corpora`` (default 20,000). The pair's cosine is then
thresholded; word-shingle containment (max of both directions) is scored too.

Precision/recall/F1 are reported over all pairs and per obfuscation type (that type's
positives plus the negatives drawn for them: a 1:2 positive:negative ratio, so precision
depends on that ratio; the false-positive rates ``fpr_hard``/``fpr_rand`` do not).

Run::

    .venv/bin/python benchmarks/eval_gold.py            # full, ~3-5 min
    .venv/bin/python benchmarks/eval_gold.py --quick    # ~1 min

Writes ``benchmarks/results/gold_grid.csv`` (every config × threshold × subset) and the
``gold*`` rows of ``benchmarks/results/threshold_curve.csv`` (for ``--curve-config``).
With ``--library`` it also scores the pairs with ``astana_lib.ParagraphMatcher``
(the library's own vectoriser and defaults), when that exists.
"""

from __future__ import annotations

import argparse
import time
from pathlib import Path

import numpy as np
import pandas as pd
from _accuracy import (
    RESULTS,
    Config,
    config_from_name,
    containment_pairs,
    fmt_table,
    load_corpus_paragraphs,
    normaliser,
    prf,
    require_shared,
    rowwise_cosine,
    update_curve_csv,
)

GOLD = "benchmarks/exaraplagdet_pairs_gold.csv.gz"
TYPES = ["none", "word shuffling", "phrase shuffling", "manual synonym substitution",
         "manual paraphrasing"]  # fmt: skip
SHORT = dict(zip(TYPES, ["none", "wshuf", "pshuf", "synon", "paraph"], strict=True))
THRESHOLDS = np.round(np.arange(0.20, 0.951, 0.05), 2)

CONFIGS_FULL = [
    Config("word", (1, 1), "fold"),
    Config("word", (1, 2), "fold"),
    Config("word", (1, 3), "fold"),
    Config("char_wb", (3, 5), "fold"),
    Config("char_wb", (2, 4), "fold"),
    Config("char", (3, 5), "fold"),
    Config("word", (1, 1), "raw"),
    Config("word", (1, 2), "raw"),
    Config("char_wb", (3, 5), "raw"),
    Config("word", (1, 2), "nofold"),
    Config("char_wb", (3, 5), "nofold"),
]
CONFIGS_QUICK = [
    Config("word", (1, 1), "fold"),
    Config("word", (1, 2), "fold"),
    Config("char_wb", (3, 5), "fold"),
    Config("word", (1, 2), "raw"),
]


def build_pairs(gold: pd.DataFrame, seed: int) -> pd.DataFrame:
    """Positive gold pairs plus one random and one same-source-document negative each."""
    rng = np.random.default_rng(seed)
    n = len(gold)
    rows = []
    src_doc = gold["source_doc"].to_numpy()
    sus_doc = gold["suspicious_doc"].to_numpy()
    off = gold["source_offset"].to_numpy()
    ln = gold["source_length"].to_numpy()
    src_text = gold["source_text"].to_numpy()
    by_doc: dict[str, list[int]] = {}
    for i, d in enumerate(src_doc):
        by_doc.setdefault(d, []).append(i)
    for i in range(n):
        obf = gold["obfuscation"].iat[i]
        rows.append((i, i, 1, obf, "positive"))
        while True:
            j = int(rng.integers(n))
            if src_doc[j] != src_doc[i] and sus_doc[j] != sus_doc[i]:
                break
        rows.append((i, j, 0, obf, "random"))
        cands = [
            j
            for j in by_doc[src_doc[i]]
            if j != i
            and src_text[j] != src_text[i]
            and (off[j] + ln[j] <= off[i] or off[i] + ln[i] <= off[j])
        ]
        if cands:
            rows.append((i, int(rng.choice(cands)), 0, obf, "hard"))
    return pd.DataFrame(rows, columns=["sus", "src", "label", "obfuscation", "kind"])


def evaluate(pairs: pd.DataFrame, score: np.ndarray, thresholds) -> pd.DataFrame:
    """P/R/F1 and false-positive rates per subset (all + each obfuscation type) × threshold."""
    out = []
    y = pairs["label"].to_numpy() == 1
    kind = pairs["kind"].to_numpy()
    obf = pairs["obfuscation"].to_numpy()
    for subset in ["all", "news", *TYPES]:
        if subset == "all":
            m = np.ones(len(pairs), bool)
        elif subset == "news":  # what wire copy can look like: no word-salad shuffling
            m = obf != "word shuffling"
        else:
            m = obf == subset
        for t in thresholds:
            pred = score >= t
            tp = int((pred & y & m).sum())
            fp = int((pred & ~y & m).sum())
            fn = int((~pred & y & m).sum())
            p, r, f = prf(tp, fp, fn)
            hard = m & (kind == "hard")
            rnd = m & (kind == "random")
            out.append(
                {
                    "subset": subset,
                    "threshold": float(t),
                    "precision": p,
                    "recall": r,
                    "f1": f,
                    "fpr_hard": float(pred[hard].mean()) if hard.any() else np.nan,
                    "fpr_rand": float(pred[rnd].mean()) if rnd.any() else np.nan,
                    "n_pos": int((y & m).sum()),
                    "n_neg": int((~y & m).sum()),
                }
            )
    return pd.DataFrame(out)


def summary_row(
    name: str, ev: pd.DataFrame, fixed: float, score: np.ndarray, pairs: pd.DataFrame
) -> dict:
    """Best-F1 threshold over all pairs, plus per-type recall there and F1 at ``fixed``."""
    a = ev[ev.subset == "all"]
    best = a.loc[a.f1.idxmax()]
    row = {
        "config": name,
        "best_t": best.threshold,
        "P": best.precision,
        "R": best.recall,
        "F1": best.f1,
        "fpr_hard": best.fpr_hard,
    }
    for t in TYPES:
        e = ev[(ev.subset == t) & np.isclose(ev.threshold, best.threshold)].iloc[0]
        row[f"R:{SHORT[t]}"] = e.recall
    f = a[np.isclose(a.threshold, fixed)].iloc[0]
    row[f"F1@{fixed}"] = f.f1
    neg = score[pairs["kind"].to_numpy() == "hard"]
    row["hardneg_p99"] = float(np.quantile(neg, 0.99))
    row["hardneg_max"] = float(neg.max())
    return row


def at_thresholds(grid: pd.DataFrame, where: dict[str, list[float]]) -> pd.DataFrame:
    """Recall per obfuscation (and P/F1 on the 'news' subset) for config → thresholds."""
    rows = []
    for cfg, ts in where.items():
        for t in ts:
            e = grid[(grid.config == cfg) & np.isclose(grid.threshold, t)].set_index("subset")
            if e.empty:
                continue
            row = {"config": cfg, "t": t}
            row.update({f"R:{SHORT[s]}": e.loc[s, "recall"] for s in TYPES})
            row.update({"R:news": e.loc["news", "recall"], "P:news": e.loc["news", "precision"]})
            row["fpr_hard"] = e.loc["all", "fpr_hard"]
            rows.append(row)
    return pd.DataFrame(rows)


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--quick", action="store_true", help="small background, 4 configs")
    ap.add_argument("--background", type=int, default=None, help="corpus paragraphs for IDF")
    ap.add_argument("--seed", type=int, default=20261123)
    ap.add_argument("--configs", nargs="*", default=None, help="e.g. word1-2/fold char_wb3-5/raw")
    ap.add_argument("--curve-config", default="word1-2/fold")
    ap.add_argument("--fixed", type=float, default=0.5, help="extra threshold column F1@t")
    ap.add_argument("--library", action="store_true", help="also score with astana_lib")
    args = ap.parse_args(argv)

    shared = require_shared(GOLD, "corpora")
    t0 = time.perf_counter()
    gold = pd.read_csv(shared / GOLD)
    pairs = build_pairs(gold, args.seed)
    nbg = args.background if args.background is not None else (3000 if args.quick else 20000)
    bg = load_corpus_paragraphs(shared, n=nbg, seed=args.seed)
    print(
        f"gold pairs: {len(gold)} positives; negatives: {(pairs.kind == 'random').sum()} random, "
        f"{(pairs.kind == 'hard').sum()} same-source-document; background {len(bg)} corpus "
        f"paragraphs ({time.perf_counter() - t0:.0f} s to load)"
    )
    print(gold["obfuscation"].value_counts().to_string(), "\n")

    # text index: suspicious texts 0..n-1, source texts n..2n-1, background after
    n = len(gold)
    texts = [*gold["suspicious_text"], *gold["source_text"], *bg["text"]]
    a = pairs["sus"].to_numpy()
    b = pairs["src"].to_numpy() + n
    if args.configs:
        configs = [config_from_name(c) for c in args.configs]
    else:
        configs = CONFIGS_QUICK if args.quick else CONFIGS_FULL
    if args.curve_config not in [c.name for c in configs]:
        configs.append(config_from_name(args.curve_config))

    norm_cache: dict[str, list[str]] = {}
    grids = []
    summary = []
    cos_by_config: dict[str, np.ndarray] = {}
    for cfg in configs:
        t1 = time.perf_counter()
        if cfg.norm not in norm_cache:
            f = normaliser(cfg.norm)
            norm_cache[cfg.norm] = [f(t) for t in texts]
        X = cfg.vectorizer().fit_transform(norm_cache[cfg.norm]).tocsr()
        cos = rowwise_cosine(X, a, b)
        cos_by_config[cfg.name] = cos
        ev = evaluate(pairs, cos, THRESHOLDS)
        ev.insert(0, "score", "cosine")
        ev.insert(0, "config", cfg.name)
        grids.append(ev)
        summary.append(summary_row(cfg.name, ev, args.fixed, cos, pairs))
        print(f"  {cfg.name:22s} {X.shape[1]:>9,d} features  {time.perf_counter() - t1:5.1f} s")

    print("\n## Cosine: best-F1 threshold per config (all pairs), recall per obfuscation there\n")
    print(fmt_table(pd.DataFrame(summary).sort_values("F1", ascending=False)))

    cos_grid = pd.concat(grids, ignore_index=True)
    print(
        "\n## Recall per obfuscation type at fixed thresholds (P on 'news' = all but word shuffling)\n"
    )
    print(fmt_table(at_thresholds(cos_grid, {c.name: [0.5, 0.7] for c in configs})))
    syn = RESULTS / "synthetic_grid.csv"
    if syn.exists():
        sg = pd.read_csv(syn)
        sg = sg[(sg["rule"] == "cosine>=t") & sg["config"].isin([c.name for c in configs])]
        best = sg.loc[sg.groupby("config")["f1"].idxmax()].set_index("config")["threshold"]
        print("\n## ... at each config's best-F1 threshold on the synthetic benchmark")
        print(f"(read from {syn.name})\n")
        print(fmt_table(at_thresholds(cos_grid, {k: [float(v)] for k, v in best.items()})))

    # containment on word k-shingles of the normalised text (configuration-free)
    norms = norm_cache.get("fold") or [normaliser("fold")(t) for t in texts]
    csum = []
    for k in (1, 2, 3, 4, 5):
        cab, cba = containment_pairs(norms, a, b, k)
        c = np.maximum(cab, cba)
        ev = evaluate(pairs, c, THRESHOLDS)
        ev.insert(0, "score", f"containment_w{k}")
        ev.insert(0, "config", "shingles/fold")
        grids.append(ev)
        csum.append(summary_row(f"containment w{k}", ev, args.fixed, c, pairs))
    print("\n## Word k-shingle containment max(c_ab, c_ba): best threshold per k\n")
    print(fmt_table(pd.DataFrame(csum)))

    # the recommended rule: cosine (curve config) >= t OR containment (w3) >= c
    cur_cos = cos_by_config[args.curve_config]
    cab, cba = containment_pairs(norms, a, b, 3)
    for c in (0.8, 0.9):
        comb = np.where(np.maximum(cab, cba) >= c, 1.0, cur_cos)
        ev = evaluate(pairs, comb, THRESHOLDS)
        ev.insert(0, "score", f"cosine or containment_w3>={c}")
        ev.insert(0, "config", args.curve_config)
        grids.append(ev)
        print(f"\n## {args.curve_config} cosine >= t OR w3 containment >= {c}\n")
        e = ev[ev.threshold.isin([0.4, 0.5, 0.6, 0.7])].pivot(
            index="subset", columns="threshold", values="recall"
        )
        print("recall by subset and t:\n")
        print(fmt_table(e.reset_index()))

    if args.library:
        lib = library_scores(texts, a, b)
        if lib is not None:
            ev = evaluate(pairs, lib, THRESHOLDS)
            ev.insert(0, "score", "cosine")
            ev.insert(0, "config", "astana_lib.ParagraphMatcher")
            grids.append(ev)
            print("\n## Library (astana_lib.ParagraphMatcher defaults)\n")
            print(fmt_table(pd.DataFrame([summary_row("library", ev, args.fixed, lib, pairs)])))
            print("\nrecall per obfuscation type, library vectors:\n")
            where = {"astana_lib.ParagraphMatcher": [0.4, 0.5, 0.6, 0.7]}
            print(fmt_table(at_thresholds(ev, where)))

    grid = pd.concat(grids, ignore_index=True)
    cur = grid[(grid.config == args.curve_config) & (grid.score == "cosine")]
    print(f"\n## {args.curve_config}: per obfuscation type at selected thresholds\n")
    sel = cur[cur.threshold.isin([0.3, 0.4, 0.5, 0.6, 0.7, 0.8])].sort_values(
        ["subset", "threshold"]
    )
    print(fmt_table(sel.drop(columns=["config", "score"])))

    RESULTS.mkdir(parents=True, exist_ok=True)
    suffix = "_quick" if args.quick else ""
    out = RESULTS / f"gold_grid{suffix}.csv"
    grid.round(4).to_csv(out, index=False)
    if not args.quick:
        curve = cur.copy()
        curve["benchmark"] = np.where(curve.subset == "all", "gold", "gold/" + curve.subset)
        update_curve_csv(curve, curve["benchmark"].unique())
    print(f"\nwrote {out.relative_to(Path.cwd()) if out.is_relative_to(Path.cwd()) else out}")
    print(f"total {time.perf_counter() - t0:.0f} s")


def library_scores(texts: list[str], a: np.ndarray, b: np.ndarray) -> np.ndarray | None:
    """Cosine of the pairs under the library's own fitted matcher (None if unavailable)."""
    try:
        import astana_lib as al

        Matcher = al.ParagraphMatcher
    except (ImportError, AttributeError) as exc:
        print(f"\n(library not available: {exc})")
        return None
    paras = pd.DataFrame(
        {
            "para_id": [f"g:{i}" for i in range(len(texts))],
            "article_id": [f"g{i}" for i in range(len(texts))],
            "text": texts,
        }
    )
    m = Matcher().fit(paras)
    X = m.transform(paras)
    return rowwise_cosine(X.tocsr(), a, b)


if __name__ == "__main__":
    main()
