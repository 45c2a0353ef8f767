"""Does distributional (LSA) similarity separate rewritten copy from an independent report?

The pair-only decision misses paraphrased wire copy and reports independent write-ups of
the same event (``eval_real.py``). A semantic similarity that is not lexical overlap could
tell "the same content in the same words" (copy) from "the same content in other words"
(independent report): ``lsa_excess`` = word cosine minus LSA cosine. No pretrained Arabic
encoder is reachable from this machine (only the package registries are), so the semantic
space is learnt from the dumps themselves: per dump, word TF-IDF (sublinear, min_df 3) over
up to 150,000 of its paragraphs (>= 40 characters, seed 0), ``TruncatedSVD`` with 300 and
100 components; the pair's two paragraphs are projected and compared by cosine. Same
labels, folds, threshold rule and gate as ``eval_real_variants.py``.

Run (about 5 min)::

    python benchmarks/eval_real_lsa.py   # -> results/eval_real_lsa.txt
"""

from __future__ import annotations

import datetime as dt
import gzip
import json
import sys
import time
from pathlib import Path

import numpy as np
import pandas as pd

sys.path.insert(0, str(Path(__file__).resolve().parent))

import eval_real as E
import eval_real_variants as V
from _accuracy import require_shared
from _real_reuse import FILES, features, load_candidates, load_labels, score_pairs

from astana_lib.reuse.features import FEATURES
from astana_lib.text.normalize import normalize_arabic

EXTRAS = ([], ["lsa_cos"], ["lsa_excess"], ["lsa_cos", "lsa_excess"], ["lsa_cos100"],
          ["lsa_cos100", "lsa_excess100"], ["char_excess"])  # fmt: skip


def lsa_cosines(S: pd.DataFrame, shared: Path, dims: tuple[int, ...]) -> dict[int, np.ndarray]:
    """LSA cosine of each pair's two normalised texts, the space fitted on the pair's dump."""
    from sklearn.decomposition import TruncatedSVD
    from sklearn.feature_extraction.text import TfidfVectorizer

    rng = np.random.default_rng(0)
    out = {k: np.zeros(len(S)) for k in dims}
    for corpus, rows in S.groupby("corpus").indices.items():
        paras: list[str] = []
        with gzip.open(shared / FILES[corpus], "rt", encoding="utf-8") as fh:
            for line in fh:
                if line.strip():
                    pieces = (json.loads(line).get("text") or "").split("\n\n")
                    paras.extend(p for p in pieces if len(p.strip()) >= 40)
        if len(paras) > 150_000:
            paras = [paras[i] for i in rng.choice(len(paras), 150_000, replace=False)]
        norms = [normalize_arabic(p) for p in paras]
        vec = TfidfVectorizer(token_pattern=r"(?u)\b\w+\b", sublinear_tf=True, min_df=3)
        X = vec.fit_transform(norms)
        A = vec.transform(S["norm_a"].iloc[rows])
        B = vec.transform(S["norm_b"].iloc[rows])
        for k in dims:
            svd = TruncatedSVD(k, random_state=0).fit(X)
            a, b = svd.transform(A), svd.transform(B)
            a /= np.maximum(np.linalg.norm(a, axis=1, keepdims=True), 1e-12)
            b /= np.maximum(np.linalg.norm(b, axis=1, keepdims=True), 1e-12)
            out[k][rows] = (a * b).sum(axis=1)
        print(f"{corpus}: LSA fitted on {len(paras):,} paragraphs", flush=True)
    return out


def main() -> None:
    from sklearn.linear_model import LogisticRegression
    from sklearn.metrics import roc_auc_score
    from sklearn.pipeline import make_pipeline
    from sklearn.preprocessing import StandardScaler

    t0 = time.perf_counter()
    lines = [f"## eval_real_lsa  ({dt.datetime.now(dt.UTC):%Y-%m-%d %H:%M} UTC)",
             "command: python benchmarks/eval_real_lsa.py"]  # fmt: skip
    shared = require_shared("corpora") / "corpora"
    df = load_labels(E.BENCH)
    scored, counts = score_pairs(load_candidates(E.BENCH), shared, cache=E.CACHE)
    F = df[["pair_id"]].merge(features(scored, counts), on="pair_id", how="left")
    S = df[["pair_id", "corpus"]].merge(scored.drop(columns="corpus"), on="pair_id", how="left")
    cos = lsa_cosines(S, shared, (300, 100))
    F["lsa_cos"], F["lsa_cos100"] = cos[300], cos[100]
    F["lsa_excess"] = F["cosine"] - F["lsa_cos"]
    F["lsa_excess100"] = F["cosine"] - F["lsa_cos100"]
    F["char_excess"] = F["char_cosine"] - F["lsa_cos"]
    y = df["label"].to_numpy()
    lines += ["", "| feature | AUC alone |", "|---|---|"]
    for c in ("cosine", "lsa_cos", "lsa_excess", "lsa_cos100", "lsa_excess100", "char_excess"):
        lines.append(f"| {c} | {roc_auc_score(y, F[c]):.3f} |")
    gate = E.candidate_gate(F, E.DEFAULT_THRESHOLD, E.DEFAULT_CONTAINMENT_THRESHOLD)

    def logistic():
        return make_pipeline(StandardScaler(), LogisticRegression(max_iter=3000))

    models = {"logistic, 13 features" + (" + " + ", ".join(extra) if extra else ""):
              (logistic, list(FEATURES) + extra) for extra in EXTRAS}  # fmt: skip
    rows, _ = V.score_variants(models, F, y, gate, V.grouped_splits(df))
    lines += ["", f"{len(y)} labelled pairs; same folds, threshold rule and gate as eval_real.py",
              "", E.fmt_table(pd.DataFrame(rows)), "", f"total {time.perf_counter() - t0:.0f} s"]  # fmt: skip
    V.write_results("eval_real_lsa", lines)


if __name__ == "__main__":
    main()
