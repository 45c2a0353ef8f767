"""The reuse decision on the real labelled benchmark: grouped CV, CIs, reliability, gold.

Run from the repository root (2-4 min; the texts are read from ../shared/corpora):

    .venv/bin/python benchmarks/eval_real.py             # evaluate, print, write results
    .venv/bin/python benchmarks/eval_real.py --write-model   # also refit the packaged model

What it does (everything printed, and written to ``results/eval_real.txt``):

1. Loads ``real_reuse/candidates.csv`` + ``labels.csv`` (hand-read pairs), reads both
   texts of each pair from the dumps (SHA-1 checked) and computes the reader's features
   (:func:`astana_lib.reuse.features.pair_features`; word cosine with the whole dump's idf,
   3-gram counts over the whole dump's distinct paragraphs). Out-of-fold errors are
   tabulated by labelled category for both feature sets.
2. Candidate coverage: the share of labelled reuse pairs the exact candidate step keeps
   for a grid of (cosine, containment) candidate thresholds.
3. Cross-validation **grouped**, never random pairs, of the previous model's 9 features
   (``FEATURES_V1``) and of the current ``FEATURES`` in the same run and folds: leave-one-corpus-out (3 folds) and
   GroupKFold(5) over outlet pairs (a pair's two outlets; within-outlet pairs of one
   outlet form their own groups). In each training fold the logistic model is fitted and
   its ``p_reuse`` threshold chosen by an inner 5-fold CV on that fold only (best F1);
   the test fold is scored with the candidate gate and that threshold. Pooled
   out-of-fold precision / recall / F1 with 95 % bootstrap intervals (2,000 resamples of
   pairs), against the old rule (cosine >= 0.6 or containment >= 0.8).
4. Reliability diagram of the out-of-fold ``p_reuse`` (``results/reuse_reliability.png``).
5. ExAraPlagDet gold pairs: recall per obfuscation type at the chosen operating point
   (candidate gate + model threshold), precision on its (easy) negatives.
6. ``--write-model``: refits on every labelled pair and writes
   ``astana_lib/data/reuse_decision.json`` with provenance (label file SHA-256, n, date,
   CV scores, candidate thresholds).
"""

from __future__ import annotations

import argparse
import datetime as dt
import sys
import time
from pathlib import Path

import numpy as np
import pandas as pd

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _accuracy import RESULTS, fmt_table, prf, require_shared
from _real_reuse import (
    BENCH,
    features,
    file_sha256,
    load_candidates,
    load_labels,
    score_pairs,
)

from astana_lib.reuse.decision import ReuseDecision
from astana_lib.reuse.features import FEATURES, FEATURES_V1
from astana_lib.reuse.matcher import (
    DEFAULT_CONTAINMENT_THRESHOLD,
    DEFAULT_MIN_RUN,
    DEFAULT_THRESHOLD,
    RUN_MAX_TEXTS,
    RUN_MIN_COSINE,
)
from astana_lib.reuse.shingle_counts import MIN_CORPUS_TEXTS

REPO = Path(__file__).resolve().parents[1]
MODEL_JSON = REPO / "astana_lib" / "data" / "reuse_decision.json"
CACHE = Path("/work/data/i11")
MIN_SHINGLES = 5
RUN_DF = REPO / "benchmarks" / "real_reuse" / "run_df.csv"


def candidate_gate(f: pd.DataFrame, tc: float, tk: float, run: int | None = None) -> np.ndarray:
    """Would the exact candidate steps of find_near_duplicates find this pair?

    A labelled pair (``pair_id``) gets in by its shared run only if one of its shared
    5-word runs is in at most ``RUN_MAX_TEXTS`` distinct paragraphs of its dump
    (``real_reuse/run_df.csv``, from ``real_reuse/count_run_df.py``), as in the run step.
    """
    run = DEFAULT_MIN_RUN if run is None else run
    short_sh = np.maximum(np.minimum(f["n_tokens_a"], f["n_tokens_b"]) - 2, 0)
    cont = (f["containment_max"] >= tk - 1e-9) & (short_sh >= MIN_SHINGLES)
    if run > 0:
        runs = (f["longest_run"] >= run) & (f["cosine"] >= RUN_MIN_COSINE - 1e-9)
        if run == DEFAULT_MIN_RUN and "pair_id" in f.columns and RUN_DF.exists():
            mdf = f[["pair_id"]].merge(pd.read_csv(RUN_DF), on="pair_id", how="left")
            runs = runs & (mdf["min_run_df"].fillna(0).to_numpy() <= RUN_MAX_TEXTS)
    else:
        runs = False
    return ((f["cosine"] >= tc - 1e-9) | cont | runs).to_numpy()


#: The threshold rule asks this precision of the (inner) CV before F1. Why: the labelled
#: pairs are within one day of each other; on a real 100k search most candidates are
#: further apart, and the pairs a lower threshold adds there were mostly not reuse on
#: reading (reuse_decision.md, "Reading the output"). The F1 curve is flat from 0.25 to
#: 0.55, so precision costs little F1.
MIN_PRECISION = 0.90


def best_threshold(
    p: np.ndarray, y: np.ndarray, gate: np.ndarray, min_precision: float = MIN_PRECISION
) -> float:
    """Best-F1 p_reuse threshold among those with precision >= min_precision (else best F1)."""
    rows = []
    for t in np.round(np.arange(0.10, 0.91, 0.01), 2):
        pred = gate & (p >= t)
        tp = int((pred & (y == 1)).sum())
        fp = int((pred & (y == 0)).sum())
        fn = int((~pred & (y == 1)).sum())
        prec, _rec, f1 = prf(tp, fp, fn)
        rows.append((prec >= min_precision, f1, float(t)))  # ties: the higher threshold
    return max(rows)[2]


def inner_threshold(
    F: pd.DataFrame,
    y: np.ndarray,
    gate: np.ndarray,
    C: float,
    features=FEATURES,
    min_precision: float = MIN_PRECISION,
) -> float:
    from sklearn.model_selection import StratifiedKFold

    p = np.zeros(len(y))
    for tr, te in StratifiedKFold(5, shuffle=True, random_state=0).split(F, y):
        m = ReuseDecision(C=C, features=features).fit(F.iloc[tr], y[tr])
        p[te] = m.predict_proba(F.iloc[te])
    return best_threshold(p, y, gate, min_precision)


def grouped_cv(F, y, gate, groups, splitter, C, features=FEATURES, min_precision=MIN_PRECISION):
    """Out-of-fold p_reuse, predictions and per-fold rows."""
    p = np.full(len(y), np.nan)
    pred = np.zeros(len(y), dtype=bool)
    rows = []
    for k, (tr, te) in enumerate(splitter.split(F, y, groups)):
        if len(set(y[tr])) < 2:
            continue
        model = ReuseDecision(C=C, features=features).fit(F.iloc[tr], y[tr])
        thr = inner_threshold(F.iloc[tr], y[tr], gate[tr], C, features, min_precision)
        p[te] = model.predict_proba(F.iloc[te])
        pred[te] = gate[te] & (p[te] >= thr)
        tp = int((pred[te] & (y[te] == 1)).sum())
        fp = int((pred[te] & (y[te] == 0)).sum())
        fn = int((~pred[te] & (y[te] == 1)).sum())
        P, R, F1 = prf(tp, fp, fn)
        rows.append(
            {
                "fold": k,
                "test groups": ", ".join(sorted(set(groups[te])))[:60],
                "n": len(te),
                "reuse": int(y[te].sum()),
                "threshold": thr,
                "P": P,
                "R": R,
                "F1": F1,
            }
        )
    return p, pred, pd.DataFrame(rows)


def boosted_cv(F, y, gate, groups, splitter, features=FEATURES):
    """The same grouped CV with a gradient-boosted tree instead of the logistic model."""
    from sklearn.ensemble import HistGradientBoostingClassifier
    from sklearn.model_selection import StratifiedKFold

    def tree():
        return HistGradientBoostingClassifier(max_iter=200, learning_rate=0.05, random_state=0)

    X = F[list(features)].to_numpy(dtype=np.float64)
    p = np.zeros(len(y))
    pred = np.zeros(len(y), dtype=bool)
    for tr, te in splitter.split(X, y, groups):
        inner = np.zeros(len(tr))
        for a, b in StratifiedKFold(5, shuffle=True, random_state=0).split(X[tr], y[tr]):
            inner[b] = tree().fit(X[tr][a], y[tr][a]).predict_proba(X[tr][b])[:, 1]
        thr = best_threshold(inner, y[tr], gate[tr])
        p[te] = tree().fit(X[tr], y[tr]).predict_proba(X[te])[:, 1]
        pred[te] = gate[te] & (p[te] >= thr)
    return p, pred


NEW = f"{len(FEATURES)} features (+ quotation and corpus-frequency features)"
OLD = f"{len(FEATURES_V1)} features"
#: (features, threshold rule's minimum precision): the previous model as it was shipped
#: (best-F1 threshold), the same features with today's rule, and the new model
FEATURE_SETS = {
    f"{OLD}, best-F1 threshold (previous model as shipped)": (FEATURES_V1, 0.0),
    f"{OLD}, threshold rule P >= {MIN_PRECISION}": (FEATURES_V1, MIN_PRECISION),
    f"{NEW}, threshold rule P >= {MIN_PRECISION}": (FEATURES, MIN_PRECISION),
}


def error_breakdown(df: pd.DataFrame, y: np.ndarray, preds: dict) -> pd.DataFrame:
    """False positives / negatives per labelled category, for each model's predictions."""
    note = df["note"].fillna("")
    rows = {}
    for name, pred in preds.items():
        fp = df.loc[pred & (y == 0), "category"].value_counts()
        fn = df.loc[~pred & (y == 1), "category"].value_counts()
        col = name.split(" (")[0]
        for cat, k in fp.items():
            rows.setdefault(("FP", cat), {})[col] = k
        for cat, k in fn.items():
            rows.setdefault(("FN", cat), {})[col] = k
        miss = ~pred & (y == 1)
        for flag in ("partial", "unsure"):
            rows.setdefault(("FN", f"of which note '{flag}'"), {})[col] = int(
                (miss & note.str.contains(flag)).sum()
            )
        rows.setdefault(("FP", "of which note 'unsure'"), {})[col] = int(
            (pred & (y == 0) & note.str.contains("unsure")).sum()
        )
        if "readings_split" in df:  # the pairs the two blind readings labelled differently
            split = df["readings_split"].to_numpy()
            rows.setdefault(("FN", "of which the readings split"), {})[col] = int(
                (miss & split).sum()
            )
            rows.setdefault(("FP", "of which the readings split"), {})[col] = int(
                (pred & (y == 0) & split).sum()
            )
    n_cat = df.groupby(["label", "category"]).size()
    out = pd.DataFrame(
        [{"error": e, "category": c,
          "labelled": "" if c.startswith("of which") else int(n_cat.get((int(e == "FN"), c), 0)),
          **v}
         for (e, c), v in sorted(rows.items())]
    ).fillna(0)  # fmt: skip
    return out


def bootstrap(y: np.ndarray, pred: np.ndarray, n: int = 2000, seed: int = 0) -> dict:
    rng = np.random.default_rng(seed)
    tp0 = int((pred & (y == 1)).sum())
    fp0 = int((pred & (y == 0)).sum())
    fn0 = int((~pred & (y == 1)).sum())
    point = prf(tp0, fp0, fn0)
    stats = []
    for _ in range(n):
        i = rng.integers(0, len(y), len(y))
        yy, pp = y[i], pred[i]
        stats.append(
            prf(
                int((pp & (yy == 1)).sum()),
                int((pp & (yy == 0)).sum()),
                int((~pp & (yy == 1)).sum()),
            )
        )
    lo, hi = np.percentile(np.array(stats), [2.5, 97.5], axis=0)
    return {
        "P": point[0], "P_lo": lo[0], "P_hi": hi[0],
        "R": point[1], "R_lo": lo[1], "R_hi": hi[1],
        "F1": point[2], "F1_lo": lo[2], "F1_hi": hi[2],
        "tp": tp0, "fp": fp0, "fn": fn0,
    }  # fmt: skip


def reliability(p: np.ndarray, y: np.ndarray, path: Path, title: str) -> pd.DataFrame:
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    ok = ~np.isnan(p)
    p, y = p[ok], y[ok]
    bins = np.linspace(0, 1, 11)
    idx = np.clip(np.digitize(p, bins) - 1, 0, 9)
    tab = (
        pd.DataFrame({"bin": idx, "p": p, "y": y})
        .groupby("bin")
        .agg(n=("y", "size"), mean_p=("p", "mean"), observed=("y", "mean"))
    )
    fig, (ax, ax2) = plt.subplots(
        2, 1, figsize=(5, 5.6), gridspec_kw={"height_ratios": [3, 1]}, sharex=True
    )
    ax.plot([0, 1], [0, 1], color="0.6", lw=1, ls="--", label="perfect calibration")
    ax.plot(tab["mean_p"], tab["observed"], "o-", color="C0", label="out-of-fold p_reuse")
    for _, r in tab.iterrows():
        ax.annotate(f"{int(r.n)}", (r.mean_p, r.observed), textcoords="offset points",
                    xytext=(4, -10), fontsize=7, color="0.3")  # fmt: skip
    ax.set_ylabel("share labelled reuse")
    ax.set_title(title, fontsize=9)
    ax.legend(loc="upper left", fontsize=8)
    ax.set_xlim(0, 1)
    ax.set_ylim(-0.02, 1.02)
    ax2.hist([p[y == 1], p[y == 0]], bins=bins, stacked=True, color=["C2", "C3"],
             label=["reuse", "not reuse"])  # fmt: skip
    ax2.set_xlabel("p_reuse (predicted)")
    ax2.set_ylabel("pairs")
    ax2.legend(fontsize=7)
    fig.tight_layout()
    fig.savefig(path, dpi=120)
    plt.close(fig)
    return tab.reset_index()


def gold_eval(
    shared: Path,
    model: ReuseDecision,
    tc: float,
    tk: float,
    run: int,
    n_bg: int,
    previous: ReuseDecision | None = None,
) -> pd.DataFrame:
    """Recall per obfuscation type on ExAraPlagDet at the operating point."""
    from _accuracy import load_corpus_paragraphs
    from eval_gold import GOLD, build_pairs

    from astana_lib.reuse.allpairs import rowwise_dot
    from astana_lib.reuse.features import pair_features
    from astana_lib.reuse.matcher import ParagraphMatcher
    from astana_lib.text.normalize import normalize_arabic

    gold = pd.read_csv(shared / GOLD)
    pairs = build_pairs(gold, 20261123)
    bg = load_corpus_paragraphs(shared, n=n_bg, seed=20261123)
    n = len(gold)
    texts = [normalize_arabic(t) for t in [*gold["suspicious_text"], *gold["source_text"]]]
    corpus = texts + [normalize_arabic(t) for t in bg["text"]]
    m = ParagraphMatcher(carry=(), require_arabic=False).fit(corpus)
    X = m.transform(texts)
    a = pairs["sus"].to_numpy()
    b = pairs["src"].to_numpy() + n
    cos = np.clip(rowwise_dot(X, a, X, b), 0, 1)
    f = pair_features(corpus, a, b, cosine=cos)  # 3-gram counts over gold + background
    gate = candidate_gate(f, tc, tk, run)
    p = model.predict_proba(f)
    pred = gate & (p >= model.threshold_)
    prev = gate & (previous.predict_proba(f) >= previous.threshold_) if previous else pred
    pairs = pairs.assign(pred=pred, gate=gate, p=p, cosine=cos, prev=prev)
    rows = []
    for obf, g in pairs.groupby("obfuscation"):
        pos = g[g["label"] == 1]
        rows.append(
            {
                "obfuscation": obf,
                "positives": len(pos),
                "candidate recall": float(pos["gate"].mean()),
                "recall": float(pos["pred"].mean()),
                "recall, previous model": float(pos["prev"].mean()),
                "old rule recall (cos>=0.6 or cont>=0.8)": float(
                    ((pos["cosine"] >= 0.6) | (f.loc[pos.index, "containment_max"] >= 0.8)).mean()
                ),
                "FP on negatives": int(g.loc[g["label"] == 0, "pred"].sum()),
                "FP, previous model": int(g.loc[g["label"] == 0, "prev"].sum()),
                "negatives": int((g["label"] == 0).sum()),
            }
        )
    return pd.DataFrame(rows)


def outlet_pair_groups(df: pd.DataFrame) -> np.ndarray:
    """CV group of each labelled pair: its corpus and its two outlets, in sorted order."""
    lo = np.where(df["outlet_a"] <= df["outlet_b"], df["outlet_a"], df["outlet_b"])
    hi = np.where(df["outlet_a"] <= df["outlet_b"], df["outlet_b"], df["outlet_a"])
    return (df["corpus"] + ":" + pd.Series(lo) + "|" + pd.Series(hi)).to_numpy()


def two_readings(folder: Path, df: pd.DataFrame) -> dict[int, np.ndarray]:
    """The first and second blind readings' labels of ``df``'s pairs ({} without them);
    the final labels are where they agree, else the adjudicator's (real_reuse/README.md)."""
    paths = {k: folder / f"labels_read{k}.csv" for k in (1, 2)}
    if not all(path.exists() for path in paths.values()):
        return {}
    return {k: pd.read_csv(path).set_index("pair_id")["label"][df.pair_id].to_numpy()
            for k, path in paths.items()}  # fmt: skip


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--labels-dir", type=Path, default=BENCH)
    ap.add_argument("--cand-cosine", type=float, default=DEFAULT_THRESHOLD)
    ap.add_argument("--cand-containment", type=float, default=DEFAULT_CONTAINMENT_THRESHOLD)
    ap.add_argument("--cand-run", type=int, default=DEFAULT_MIN_RUN)
    ap.add_argument("--C", type=float, default=1.0)
    ap.add_argument("--gold-background", type=int, default=5000)
    ap.add_argument("--skip-gold", action="store_true")
    ap.add_argument("--write-model", action="store_true")
    ap.add_argument(
        "--boosted", action="store_true", help="also cross-validate a gradient-boosted tree"
    )
    args = ap.parse_args(argv)
    shared = require_shared("corpora")
    out_lines: list[str] = []

    def say(s: str = "") -> None:
        print(s, flush=True)
        out_lines.append(s)

    t0 = time.perf_counter()
    df = load_labels(args.labels_dir)
    readings = two_readings(args.labels_dir, df)
    if readings:
        df["readings_split"] = readings[1] != readings[2]
    say(f"## eval_real  ({dt.datetime.now(dt.UTC):%Y-%m-%d %H:%M} UTC)")
    say(f"command: python benchmarks/eval_real.py {' '.join(argv or sys.argv[1:])}")
    say(
        f"labelled pairs: {len(df)} ({int(df.label.sum())} reuse, {int((1 - df.label).sum())} not); "
        f"cross-outlet share {float((df.outlet_a != df.outlet_b).mean()):.2f}"
    )
    say(df.groupby(["corpus", "label"]).size().unstack(fill_value=0).to_string())
    say(df.groupby(["category"]).size().to_string())
    # features of every candidate (cached: labels arrive in batches, candidates do not change)
    f_all = features(
        *score_pairs(load_candidates(args.labels_dir), shared / "corpora", cache=CACHE)
    )
    f = df[["pair_id"]].merge(f_all, on="pair_id", how="left")
    F = f  # the model picks FEATURES; n_tokens_a/b feed its containment floor
    y = df["label"].to_numpy()
    say(f"features computed ({time.perf_counter() - t0:.0f} s)\n")

    # -- candidate coverage
    say("### Candidate step: share of labelled reuse pairs kept (and of non-reuse)")
    grid = []
    for run in (0, 4, 5, 6, 8):
        for tc in (0.25, 0.3, 0.4, 0.5, 0.6):
            for tk in (0.5, 0.8):
                g = candidate_gate(f, tc, tk, run)
                grid.append({"shared run >=": run or "off", "cosine >=": tc, "containment >=": tk,
                             "reuse kept": float(g[y == 1].mean()),
                             "not-reuse kept": float(g[y == 0].mean())})  # fmt: skip
    say(fmt_table(pd.DataFrame(grid)))
    tc, tk = args.cand_cosine, args.cand_containment
    gate = candidate_gate(f, tc, tk, args.cand_run)
    say(
        f"\nchosen candidate thresholds: cosine >= {tc}, containment >= {tk} "
        f"(min {MIN_SHINGLES} shingles), shared run >= {args.cand_run} words with cosine >= "
        f"{RUN_MIN_COSINE}: "
        f"{int(gate[y == 1].sum())}/{int(y.sum())} reuse pairs "
        "are candidates; reuse pairs outside count as misses below"
    )
    miss = df[(y == 1) & ~gate]
    if len(miss):
        say("reuse pairs the candidate step misses (pair_id, category, cosine, containment_max):")
        for r, ff in zip(miss.itertuples(), f[(y == 1) & ~gate].itertuples(), strict=True):
            say(f"  {r.pair_id} {r.category} {ff.cosine:.2f} {ff.containment_max:.2f} {r.note}")

    # -- grouped CV
    from sklearn.model_selection import GroupKFold, LeaveOneGroupOut

    corpus_groups = df["corpus"].to_numpy()
    outlet_groups = outlet_pair_groups(df)
    old = ((f["cosine"] >= 0.6) | (f["containment_max"] >= 0.8)).to_numpy()
    summary = []
    oof = {}
    errors = {}
    # the previous model's features and the new ones, same folds, same run
    for fs_name, (feats, min_p) in FEATURE_SETS.items():
        for name, splitter, groups in (
            ("by corpus (leave one corpus out)", LeaveOneGroupOut(), corpus_groups),
            ("by outlet pair (GroupKFold 5)", GroupKFold(5), outlet_groups),
        ):
            p, pred, folds = grouped_cv(F, y, gate, groups, splitter, args.C, feats, min_p)
            say(f"\n### CV {name}, {fs_name}: per fold")
            say(fmt_table(folds))
            b = bootstrap(y, pred)
            summary.append({"CV": name, "decision": f"p_reuse, {fs_name}", **b})
            if feats == FEATURES and min_p == MIN_PRECISION:
                oof[name] = p
            if name.startswith("by outlet"):
                errors[fs_name] = pred
    if args.boosted:  # is the limit the model or the features?
        for name, splitter, groups in (
            ("by corpus (leave one corpus out)", LeaveOneGroupOut(), corpus_groups),
            ("by outlet pair (GroupKFold 5)", GroupKFold(5), outlet_groups),
        ):
            _p, pred = boosted_cv(F, y, gate, groups, splitter)
            summary.append({"CV": name, "decision": f"boosted trees, {NEW}", **bootstrap(y, pred)})
    say("\n### Out-of-fold errors by category (CV by outlet pair)")
    say(fmt_table(error_breakdown(df, y, errors), floatfmt="{:.0f}"))
    summary.append(
        {"CV": "(no fit)", "decision": "old rule cos>=0.6 or cont>=0.8", **bootstrap(y, old)}
    )
    cosbest = max(
        (prf(int(((f.cosine >= t) & (y == 1)).sum()), int(((f.cosine >= t) & (y == 0)).sum()),
             int(((f.cosine < t) & (y == 1)).sum()))[2], t)
        for t in np.arange(0.2, 0.9, 0.05)
    )  # fmt: skip
    cb = f["cosine"].to_numpy() >= cosbest[1]
    summary.append({"CV": "(in-sample best)", "decision": f"cosine >= {cosbest[1]:.2f} alone",
                    **bootstrap(y, cb)})  # fmt: skip
    if readings:  # the human reference: two independent readings of every pair
        for what, truth, pred in (
            ("second reading scored against the first", readings[1], readings[2]),
            ("first reading scored against the final labels", y, readings[1]),
            ("second reading scored against the final labels", y, readings[2]),
        ):
            summary.append({"CV": "(human)", "decision": what, **bootstrap(truth, pred == 1)})
    say("\n### Pooled out-of-fold scores, 95 % bootstrap intervals")
    tab = pd.DataFrame(summary)
    tab2 = pd.DataFrame(
        {
            "CV": tab["CV"],
            "decision": tab["decision"],
            "precision": [f"{r.P:.3f} [{r.P_lo:.3f}, {r.P_hi:.3f}]" for r in tab.itertuples()],
            "recall": [f"{r.R:.3f} [{r.R_lo:.3f}, {r.R_hi:.3f}]" for r in tab.itertuples()],
            "F1": [f"{r.F1:.3f} [{r.F1_lo:.3f}, {r.F1_hi:.3f}]" for r in tab.itertuples()],
            "tp/fp/fn": [f"{r.tp}/{r.fp}/{r.fn}" for r in tab.itertuples()],
        }
    )
    say(fmt_table(tab2))
    key = "by outlet pair (GroupKFold 5)"
    rel = reliability(
        oof[key], y, RESULTS / "reuse_reliability.png",
        f"Reliability of p_reuse, out of fold\n(CV {key}), n = {len(y)} pairs",
    )  # fmt: skip
    say("\n### Reliability (out-of-fold, by outlet pair): bin, n, mean p, observed share")
    say(fmt_table(rel))
    with np.errstate(invalid="ignore"):
        brier = float(np.nanmean((oof[key] - y) ** 2))
    say(f"Brier score {brier:.4f}; figure results/reuse_reliability.png")
    curve = []
    for t in np.round(np.arange(0.05, 0.951, 0.05), 2):
        pred = gate & (np.nan_to_num(oof[key]) >= t)
        P, R, F1 = prf(int((pred & (y == 1)).sum()), int((pred & (y == 0)).sum()),
                       int((~pred & (y == 1)).sum()))  # fmt: skip
        curve.append({"threshold": float(t), "precision": P, "recall": R, "f1": F1})
    pd.DataFrame(curve).round(4).to_csv(RESULTS / "real_reuse_curve.csv", index=False)
    cv_ = pd.DataFrame(curve)
    for p_min in (0.90, 0.95):
        ok = cv_[cv_["precision"] >= p_min]
        if len(ok):
            r = ok.iloc[0]
            say(f"out of fold, the lowest p_reuse threshold with precision >= {p_min}: "
                f"{r.threshold:.2f} (precision {r.precision:.3f}, recall {r.recall:.3f}, "
                f"F1 {r.f1:.3f})")  # fmt: skip
        else:
            say(f"no p_reuse threshold reaches precision {p_min} out of fold")
    say("out-of-fold precision/recall/F1 by p_reuse threshold: results/real_reuse_curve.csv")

    # -- final model
    thr = inner_threshold(F, y, gate, args.C)
    model = ReuseDecision(C=args.C, threshold=thr)
    thr_v1 = inner_threshold(F, y, gate, args.C, FEATURES_V1, 0.0)  # as it was shipped
    model_v1 = ReuseDecision(C=args.C, threshold=thr_v1, features=FEATURES_V1).fit(F, y)
    labels_path = args.labels_dir / "labels.csv"
    prov = {
        "labels": "benchmarks/real_reuse/labels.csv (+ candidates.csv)",
        "sha256": file_sha256(labels_path),
        "candidates_sha256": file_sha256(args.labels_dir / "candidates.csv"),
        "n": len(y),
        "n_reuse": int(y.sum()),
        "corpora": sorted(df["corpus"].unique()),
        "date": dt.date.today().isoformat(),
        "fitted_by": "benchmarks/eval_real.py --write-model",
        "candidate_thresholds": {
            "cosine": tc,
            "containment": tk,
            "min_shingles": MIN_SHINGLES,
            "min_run": args.cand_run,
        },
        "threshold_choice": (
            f"best F1 among thresholds with precision >= {MIN_PRECISION} in a 5-fold "
            "stratified CV of p_reuse on all labelled pairs"
        ),
        "cv": {
            r["CV"]: {
                k: round(float(r[k]), 4)
                for k in ("P", "P_lo", "P_hi", "R", "R_lo", "R_hi", "F1", "F1_lo", "F1_hi")
            }
            for r in summary
            if r["decision"].startswith(f"p_reuse, {NEW}")
        },
        "brier_oof_outlet": round(brier, 4),
        "shingle_counts": "word 3-grams counted over the distinct paragraphs of each pair's "
        "whole dump (rare_shared / common_shared)",
        "min_corpus_texts": MIN_CORPUS_TEXTS,
    }
    model.fit(F, y, provenance=prov)
    say(f"\n### Final model: threshold {thr:.2f}; p_reuse floor {model.contained_floor_:.3f} for "
        f"pairs with containment >= {model.contained_at} (the labelled reuse rate of such "
        f"pairs, n={int(model._contained(F).sum())}); coefficients (standardised features)")  # fmt: skip
    say(fmt_table(pd.DataFrame({"feature": FEATURES, "coef": model.coef_, "mean": model.mean_})))
    if args.write_model:
        model.to_json(MODEL_JSON)
        say(f"written {MODEL_JSON.relative_to(REPO)}")

    # -- ExAraPlagDet
    if not args.skip_gold:
        say(f"\n### ExAraPlagDet gold pairs at the operating point (p_reuse >= {thr:.2f}, "
            f"candidates cosine >= {tc} or containment >= {tk}); idf with "
            f"{args.gold_background} corpus paragraphs")  # fmt: skip
        say(f"(previous model: {len(FEATURES_V1)} features, p_reuse >= {thr_v1:.2f})")
        gold = gold_eval(shared, model, tc, tk, args.cand_run, args.gold_background, model_v1)
        say(fmt_table(gold))
    say(f"\ntotal {time.perf_counter() - t0:.0f} s")
    RESULTS.mkdir(parents=True, exist_ok=True)
    (RESULTS / "eval_real.txt").write_text("\n".join(out_lines) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
