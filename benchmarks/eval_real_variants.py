"""Other models and features for the reuse decision, on the real benchmark's grouped CV.

Is the shipped decision's limit (``eval_real.py``: 13-feature logistic model, F1 0.88 by
outlet pair on the first reading's labels, 0.86 on the adjudicated labels) the model or the evidence? Same labelled pairs, same features, same folds
(GroupKFold(5) over outlet pairs; leave one corpus out), same threshold rule (best F1
among thresholds with inner-CV precision >= 0.90, chosen inside each training fold), same
candidate gate and containment floor as ``eval_real.py``; for each variant: pooled
out-of-fold precision / recall / F1 with a 95 % bootstrap interval (1,000 resamples) and
the AUC. Nothing here is tuned on a test fold: each variant is fitted as listed.

Variants:

* the shipped model (logistic regression on the standardised 13 features), ``C`` 0.1 / 0.3;
* splines of every feature (``SplineTransformer``, quantile knots) in the logistic model;
* all pairwise interactions of the features in the logistic model;
* a monotone gradient-boosted tree (``HistGradientBoostingClassifier``, increasing in the
  overlap features);
* extra features for the remaining errors, computed here from the normalised texts:
  ``lcs_share`` (longest common subsequence of light-stemmed words over the shorter text:
  edited wire copy keeps the word order), ``lcs_content`` (the same without the 150
  commonest stems of the benchmark), ``content_overlap`` (shared content stems over the
  shorter text's), ``short_run_share`` (share of the common-run tokens in runs of 3-4
  words: name chains of same-event reports) and ``runs_per_10`` (common runs of >= 3 words
  per 10 words of the shorter text).

Run (1-3 min; the features come from ``eval_real.py``'s cache)::

    python benchmarks/eval_real_variants.py   # -> results/eval_real_variants.txt
"""

from __future__ import annotations

import datetime as dt
import re
import sys
import time
from collections import Counter
from difflib import SequenceMatcher
from pathlib import Path

import numpy as np
import pandas as pd

sys.path.insert(0, str(Path(__file__).resolve().parent))

import eval_real as E
from _accuracy import RESULTS, require_shared
from _real_reuse import features, load_candidates, load_labels, score_pairs

from astana_lib.reuse.features import FEATURES, light_stem

_RX = re.compile(r"(?u)\b\w+\b")
_INCREASING = {"cosine", "char_cosine", "containment_max", "containment_min", "run_share",
               "log_run", "run_cover", "lcs_content", "content_overlap"}  # fmt: skip


def _contained(X: pd.DataFrame) -> np.ndarray:
    """The decision's containment floor rows (containment >= 0.9, >= 5 shingles)."""
    shorter = np.minimum(X["n_tokens_a"], X["n_tokens_b"]).to_numpy()
    return (X["containment_max"].to_numpy() >= 0.9 - 1e-9) & (shorter - 2 >= 5)


class Variant:
    """A scikit-learn classifier on some feature columns, with the decision's floor."""

    def __init__(self, make, cols) -> None:
        self.make, self.cols = make, list(cols)

    def fit(self, X: pd.DataFrame, y: np.ndarray) -> Variant:
        self.m = self.make().fit(X[self.cols].to_numpy(dtype=float), y)
        c = _contained(X)
        self.floor = float(y[c].mean()) if c.sum() >= 10 else 0.0
        return self

    def predict_proba(self, X: pd.DataFrame) -> np.ndarray:
        p = self.m.predict_proba(X[self.cols].to_numpy(dtype=float))[:, 1]
        return np.where(_contained(X), np.maximum(p, self.floor), p)


def _lcs(a: list[str], b: list[str]) -> int:
    """Length of the longest common subsequence (bit-parallel, Hyyrö 2004)."""
    if not a or not b:
        return 0
    pos: dict[str, int] = {}
    for i, w in enumerate(a):
        pos[w] = pos.get(w, 0) | (1 << i)
    full = (1 << len(a)) - 1
    v = full
    for w in b:
        u = v & pos.get(w, 0)
        v = ((v + u) | (v - u)) & full
    return len(a) - bin(v).count("1")


def extra_features(na: list[str], nb: list[str]) -> pd.DataFrame:
    """The extra features of the module docstring, from the normalised texts of the pairs."""
    ta = [[light_stem(w) for w in _RX.findall(t or "")] for t in na]
    tb = [[light_stem(w) for w in _RX.findall(t or "")] for t in nb]
    df = Counter(w for toks in ta + tb for w in set(toks))
    stop = {w for w, _ in df.most_common(150)}
    rows = []
    for a, b, ra, rb in zip(ta, tb, na, nb, strict=True):
        ac, bc = [w for w in a if w not in stop], [w for w in b if w not in stop]
        A, B = _RX.findall(ra or ""), _RX.findall(rb or "")
        sm = SequenceMatcher(None, A, B, autojunk=False)
        runs = [m.size for m in sm.get_matching_blocks() if m.size >= 3]
        rows.append({
            "lcs_share": _lcs(a, b) / max(min(len(a), len(b)), 1),
            "lcs_content": _lcs(ac, bc) / max(min(len(ac), len(bc)), 1),
            "content_overlap": len(set(ac) & set(bc)) / max(min(len(set(ac)), len(set(bc))), 1),
            "short_run_share": sum(s for s in runs if s < 5) / sum(runs) if runs else 0.0,
            "runs_per_10": 10 * len(runs) / max(min(len(A), len(B)), 1),
        })  # fmt: skip
    return pd.DataFrame(rows)


def variants() -> dict:
    from sklearn.ensemble import HistGradientBoostingClassifier
    from sklearn.linear_model import LogisticRegression
    from sklearn.pipeline import make_pipeline
    from sklearn.preprocessing import PolynomialFeatures, SplineTransformer, StandardScaler

    feats = list(FEATURES)

    def lr(C=1.0, *steps):
        return lambda: make_pipeline(
            StandardScaler(), *steps, LogisticRegression(C=C, max_iter=3000)
        )

    def spline(k):
        return SplineTransformer(n_knots=k, degree=2, knots="quantile")

    def inter():
        return PolynomialFeatures(2, interaction_only=True, include_bias=False)

    out = {"logistic, 13 features (the shipped model)": (lr(), feats)}
    out["logistic, 13 features, C 0.1"] = (lr(0.1), feats)
    out["logistic, 13 features, C 0.3"] = (lr(0.3), feats)
    for k, C in ((3, 0.3), (4, 0.3), (4, 0.1), (5, 0.1)):
        out[f"logistic on splines ({k} knots, degree 2), C {C}"] = (lr(C, spline(k)), feats)
    for C in (0.03, 0.1):
        out[f"logistic with all pairwise interactions, C {C}"] = (
            lr(C, inter(), StandardScaler()),
            feats,
        )
    for extra in (["lcs_share"], ["lcs_content"], ["content_overlap"],
                  ["lcs_content", "content_overlap"], ["short_run_share"], ["runs_per_10"],
                  ["short_run_share", "runs_per_10"]):  # fmt: skip
        out["logistic, 13 + " + ", ".join(extra)] = (lr(), feats + extra)
    cols = [*feats, "lcs_content", "content_overlap"]
    mono = [1 if c in _INCREASING else 0 for c in cols]
    out["monotone boosted tree (150 x depth 3, rate 0.05), 15 features"] = (
        lambda: HistGradientBoostingClassifier(
            max_iter=150, learning_rate=0.05, max_depth=3, monotonic_cst=mono, random_state=0
        ),
        cols,
    )
    return out


def cv(factory, F, y, gate, splitter, groups):
    """Out-of-fold p and predictions, threshold by inner CV inside each training fold."""
    from sklearn.model_selection import StratifiedKFold

    p = np.full(len(y), np.nan)
    pred = np.zeros(len(y), dtype=bool)
    for tr, te in splitter.split(F, y, groups):
        Xtr, ytr = F.iloc[tr], y[tr]
        inner = np.zeros(len(tr))
        for a, b in StratifiedKFold(5, shuffle=True, random_state=0).split(Xtr, ytr):
            inner[b] = factory().fit(Xtr.iloc[a], ytr[a]).predict_proba(Xtr.iloc[b])
        thr = E.best_threshold(inner, ytr, gate[tr], E.MIN_PRECISION)
        p[te] = factory().fit(Xtr, ytr).predict_proba(F.iloc[te])
        pred[te] = gate[te] & (p[te] >= thr)
    return p, pred


def grouped_splits(df: pd.DataFrame) -> tuple:
    """The two grouped CVs of eval_real.py: GroupKFold(5) by outlet pair, one corpus out."""
    from sklearn.model_selection import GroupKFold, LeaveOneGroupOut

    return (("by outlet pair", GroupKFold(5), E.outlet_pair_groups(df)),
            ("by corpus", LeaveOneGroupOut(), df["corpus"].to_numpy()))  # fmt: skip


def score_variants(models: dict, F: pd.DataFrame, y: np.ndarray, gate: np.ndarray, splits):
    """One table row per ``name: (make, cols)`` model (P / R, F1 with a 1,000-resample CI
    and AUC per split), and the out-of-fold ``(p, pred, F1)`` by outlet pair per model."""
    from sklearn.metrics import roc_auc_score

    rows, oof = [], {}
    for name, (make, cols) in models.items():
        row = {"variant": name}
        for cv_name, splitter, groups in splits:
            p, pred = cv(lambda m=make, c=cols: Variant(m, c), F, y, gate, splitter, groups)
            b = E.bootstrap(y, pred, n=1000)
            row[f"{cv_name}: P / R"] = f"{b['P']:.3f} / {b['R']:.3f}"
            row[f"{cv_name}: F1 [95 % CI]"] = f"{b['F1']:.3f} [{b['F1_lo']:.3f}, {b['F1_hi']:.3f}]"
            row[f"{cv_name}: AUC"] = f"{roc_auc_score(y, p):.3f}"
            if cv_name == "by outlet pair":
                oof[name] = (p, pred, b["F1"])
        print(row, flush=True)
        rows.append(row)
    return rows, oof


def write_results(name: str, lines: list[str]) -> None:
    """Print the report and write it to ``results/<name>.txt``."""
    text = "\n".join(lines) + "\n"
    print(text)
    RESULTS.mkdir(parents=True, exist_ok=True)
    (RESULTS / f"{name}.txt").write_text(text, encoding="utf-8")


def main() -> None:
    shared = require_shared("corpora")
    t0 = time.perf_counter()
    lines = [f"## eval_real_variants  ({dt.datetime.now(dt.UTC):%Y-%m-%d %H:%M} UTC)",
             "command: python benchmarks/eval_real_variants.py"]  # fmt: skip
    print("\n".join(lines), flush=True)
    df = load_labels(E.BENCH)
    scored, counts = score_pairs(load_candidates(E.BENCH), shared / "corpora", cache=E.CACHE)
    F = df[["pair_id"]].merge(features(scored, counts), on="pair_id", how="left")
    S = df[["pair_id"]].merge(scored, on="pair_id", how="left")
    F = pd.concat([F, extra_features(list(S["norm_a"]), list(S["norm_b"]))], axis=1)
    y = df["label"].to_numpy()
    gate = E.candidate_gate(F, E.DEFAULT_THRESHOLD, E.DEFAULT_CONTAINMENT_THRESHOLD)
    rows, _ = score_variants(variants(), F, y, gate, grouped_splits(df))
    lines += ["", f"{len(y)} labelled pairs; same folds, threshold rule and gate as eval_real.py",
              "", E.fmt_table(pd.DataFrame(rows)), "",
              f"total {time.perf_counter() - t0:.0f} s"]  # fmt: skip
    write_results("eval_real_variants", lines)


if __name__ == "__main__":
    main()
