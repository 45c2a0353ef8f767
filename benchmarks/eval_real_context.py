"""Does the rest of the two ARTICLES separate rewritten wire copy from independent reports?

The pair-only decision (``eval_real.py``, 13 features; ``eval_real_variants.py``: no
model or pair feature beats the shipped F1 by outlet pair: 0.877 on the first reading,
0.857 on the adjudicated labels) fails on hard negatives (the same
event reported independently, one quotation in several outlets, templates, formula lines)
against paraphrased or condensed wire copy. A reader decides by looking at the rest of the
two articles: rewritten wire copy shows several aligned paragraph pairs in the same order
(passim's alignments, NEWS-COPY's article level); independent reports share facts but few
aligned passages; a shared quotation is one paragraph matching and nothing around it.

This experiment (no library change) reconstructs both articles of every labelled pair
from the dumps (paragraphs = ``text.split("\\n\\n")``, the labelled paragraphs checked
against their SHA-1), vectorises every paragraph with the word TF-IDF of a
``ParagraphMatcher`` fitted on the pair's whole dump (as ``_real_reuse.score_pairs``
does, so cosines are the search's), and computes context features from the two
articles only (each is defined inside a corpus search from the articles of the two
paragraphs, independent of the rest of the corpus):

* ``ctx_pairs``: paragraph pairs (i, j) with i != a and j != b and cosine >= 0.3;
  ``ctx_rows`` the paragraphs of A (not a) with such a partner in B (not b), and
  ``ctx_share`` = ``ctx_rows`` / (paragraphs of the shorter article - 1);
* ``ctx_max``: the highest cosine of those other pairs;
* ``ctx_neigh``: max cosine of the aligned neighbours (a-1, b-1), (a+1, b+1);
  ``ctx_near``: max cosine of pairs within 2 paragraphs of (a, b) on both sides;
* ``ctx_chain``: the longest chain of other pairs (cosine >= 0.3) in the same order as
  (a, b), through (a, b) (a monotone alignment; passim-style), and ``ctx_chain_share``;
* ``ctx_rows_50`` / ``ctx_chain_50``: ``ctx_rows`` / ``ctx_chain`` counting only other
  pairs with cosine >= 0.5 (near copies, not shared facts);
* ``ctx_margin``: cos(a, b) minus the best cosine of a with another paragraph of B or
  of b with another of A (is b a's own partner, or is a's aligned partner elsewhere?);
* ``ctx_art_cos`` / ``ctx_art_cos_wo``: cosine of the two whole articles' TF-IDF vectors,
  with and without the pair's own paragraphs;
* ``ctx_pos_diff``: |a / n_A - b / n_B| (wire copy keeps the story's order);
  ``ctx_n_min``: log paragraphs of the shorter article;
* separately, because they may proxy the labelling: ``same_outlet``, ``days_apart``.

Protocol exactly as ``eval_real_variants.py`` (its ``Variant`` and ``cv``): the same
labelled pairs and 13 features (``eval_real``'s cache), GroupKFold(5) over outlet pairs
and leave one corpus out, the threshold rule (best F1 among thresholds with inner-CV
precision >= 0.90) chosen inside each training fold, the same candidate gate and
containment floor; pooled out-of-fold P / R / F1 with 95 % bootstrap CIs (1,000
resamples) and AUC.

The search scores each pair of distinct normalised texts once (``reuse/repdecision.py``);
context belongs to a pair of ARTICLES. For each labelled pair the script also finds every
article of the dump holding the same normalised text on each side ("copies"), computes
the context of every copy article pair (up to 40) and evaluates the context taken as the
max or the min over them (what a text-level decision could use).

Run from the repository root (first run reads the three dumps, ~3 min, 2.6 GB peak, cached
under ``/work/data/i11ctx``; then ~2 min)::

    ASTANA_SHARED=/work/shared flock /tmp/astana_heavy.lock nice -n 10 /work/venv/bin/python \\
        benchmarks/eval_real_context.py        # -> results/eval_real_context.txt
"""

from __future__ import annotations

import datetime as dt
import gzip
import hashlib
import itertools
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

from astana_lib.reuse.estimator import ParagraphMatcher
from astana_lib.reuse.features import FEATURES
from astana_lib.text.normalize import normalize_arabic

CACHE = Path("/work/data/i11ctx")
MIN_COS = 0.3
STRICT_COS = 0.5
MAX_COPY_PAIRS = 40
CTX = ["ctx_pairs", "ctx_rows", "ctx_share", "ctx_max", "ctx_neigh", "ctx_near",
       "ctx_chain", "ctx_chain_share", "ctx_art_cos", "ctx_art_cos_wo", "ctx_pos_diff",
       "ctx_n_min", "ctx_rows_50", "ctx_chain_50", "ctx_margin"]  # fmt: skip
META = ["same_outlet", "days_apart"]


def _chain(cells: list[tuple[int, int]]) -> int:
    """Longest chain of cells strictly increasing in both coordinates."""
    cells = sorted(cells)
    best = [1] * len(cells)
    for k, (i, j) in enumerate(cells):
        for m in range(k):
            if cells[m][0] < i and cells[m][1] < j:
                best[k] = max(best[k], best[m] + 1)
    return max(best, default=0)


def _chain_through(hit: np.ndarray, ia: int, jb: int) -> int:
    """Other hit cells on the longest chain in the order of (ia, jb), through (ia, jb)."""
    ii, jj = np.nonzero(hit)
    before = [(i, j) for i, j in zip(ii, jj, strict=True) if i < ia and j < jb]
    after = [(i, j) for i, j in zip(ii, jj, strict=True) if i > ia and j > jb]
    return _chain(before) + _chain(after)


def context(A: dict, B: dict, a: int, b: int) -> dict:
    """Context features of paragraph ``a`` of article A and ``b`` of B (see module doc).

    ``A`` / ``B``: ``pos`` (positions of the non-empty paragraphs in ``text.split``),
    ``X`` (their L2-normalised TF-IDF rows), ``art`` / ``wo`` (whole-article vectors,
    without paragraph p: ``wo[p]``).
    """
    ia, jb = A["pos"].index(a), B["pos"].index(b)
    S = (A["X"] @ B["X"].T).toarray()
    nA, nB = S.shape
    other = np.ones_like(S, dtype=bool)
    other[ia, :] = False
    other[:, jb] = False
    hit = other & (S >= MIN_COS)
    denom = max(min(nA, nB) - 1, 1)
    neigh = [S[ia + d, jb + d] for d in (-1, 1) if 0 <= ia + d < nA and 0 <= jb + d < nB]
    win = other[max(ia - 2, 0) : ia + 3, max(jb - 2, 0) : jb + 3]
    near = S[max(ia - 2, 0) : ia + 3, max(jb - 2, 0) : jb + 3][win]
    chain = _chain_through(hit, ia, jb)
    alt = [*np.delete(S[ia, :], jb), *np.delete(S[:, jb], ia)]
    hit50 = other & (S >= STRICT_COS)
    wa, wb = A["wo"].get(a), B["wo"].get(b)
    return {
        "ctx_pairs": int(hit.sum()),
        "ctx_rows": int(hit.any(axis=1).sum()),
        "ctx_share": hit.any(axis=1).sum() / denom,
        "ctx_max": float(S[other].max()) if other.any() else 0.0,
        "ctx_neigh": float(max(neigh, default=0.0)),
        "ctx_near": float(near.max()) if near.size else 0.0,
        "ctx_chain": chain,
        "ctx_chain_share": chain / denom,
        "ctx_art_cos": float(A["art"].multiply(B["art"]).sum()),
        "ctx_art_cos_wo": float(wa.multiply(wb).sum()) if wa is not None else 0.0,
        "ctx_pos_diff": abs(ia / nA - jb / nB),
        "ctx_n_min": float(np.log(min(nA, nB))),
        "ctx_rows_50": int(hit50.any(axis=1).sum()),
        "ctx_chain_50": _chain_through(hit50, ia, jb),
        "ctx_margin": float(S[ia, jb] - max(alt, default=0.0)),
    }


def _article(m: ParagraphMatcher, norms: list[str | None], pos_needed: set[int]) -> dict:
    pos = [i for i, t in enumerate(norms) if t is not None]
    texts = [norms[i] for i in pos]
    wo = {p: " ".join(norms[i] for i in pos if i != p) for p in pos_needed}
    keys = sorted(wo)
    M = m.transform([*texts, " ".join(texts), *(wo[k] for k in keys)])
    n = len(texts)
    return {
        "pos": pos,
        "X": M[:n],
        "art": M[n],
        "wo": {k: M[n + 1 + r] for r, k in enumerate(keys)},
    }


def context_table(df: pd.DataFrame, corpora: Path) -> pd.DataFrame:
    """Per labelled pair: context of its article pair, and max / min over copy article pairs."""
    key = hashlib.sha1(("|".join(df["pair_id"] + df["sha1_a"] + df["sha1_b"]) + "c5").encode())
    f = CACHE / f"context_{key.hexdigest()[:16]}.parquet"
    if f.exists():
        return pd.read_parquet(f)
    parts = []
    for corpus, sub in df.groupby("corpus", sort=False):
        t0 = time.perf_counter()
        arts: dict[str, list[str]] = {}
        with gzip.open(corpora / FILES[corpus], "rt", encoding="utf-8") as fh:
            for line in fh:
                if line.strip():
                    rec = json.loads(line)
                    arts[rec["id"]] = (rec.get("text") or "").split("\n\n")
        for side in ("a", "b"):
            for pid, rid, p, h in zip(sub["pair_id"], sub[f"id_{side}"], sub[f"para_{side}"],
                                      sub[f"sha1_{side}"], strict=True):  # fmt: skip
                if hashlib.sha1(arts[rid][int(p)].encode()).hexdigest() != h:
                    raise SystemExit(f"{corpus} {pid}: paragraph {side} changed (SHA-1)")
        norms = {
            r: [normalize_arabic(p) if p.strip() else None for p in ps] for r, ps in arts.items()
        }
        del arts
        m = ParagraphMatcher(carry=(), require_arabic=False).fit(
            [t for ts in norms.values() for t in ts if t is not None]
        )
        want = {norms[r][int(p)] for s in "ab" for r, p in zip(sub[f"id_{s}"], sub[f"para_{s}"], strict=True)}  # fmt: skip
        occ: dict[str, list[tuple[str, int]]] = {}
        for r, ts in norms.items():
            seen = set()
            for i, t in enumerate(ts):
                if t is not None and t in want and t not in seen:
                    occ.setdefault(t, []).append((r, i))
                    seen.add(t)
        need: dict[str, set[int]] = {}
        jobs = []
        for row in sub.itertuples():
            ta, tb = norms[row.id_a][row.para_a], norms[row.id_b][row.para_b]
            combos = [(ra, pa, rb, pb) for (ra, pa), (rb, pb) in itertools.product(occ[ta], occ[tb])
                      if ra != rb and (ra, rb) != (row.id_a, row.id_b)]  # fmt: skip
            combos = [(row.id_a, row.para_a, row.id_b, row.para_b), *combos[: MAX_COPY_PAIRS - 1]]
            jobs.append((row.pair_id, len(occ[ta]), len(occ[tb]), combos))
            for ra, pa, rb, pb in combos:
                need.setdefault(ra, set()).add(pa)
                need.setdefault(rb, set()).add(pb)
        vec = {r: _article(m, norms[r], ps) for r, ps in need.items()}
        for pid, n_a, n_b, combos in jobs:
            rows = [context(vec[ra], vec[rb], pa, pb) for ra, pa, rb, pb in combos]
            own = pd.DataFrame(rows[:1])
            allc = pd.DataFrame(rows)
            out = {"pair_id": pid, "copies_a": n_a, "copies_b": n_b, "copy_pairs": len(rows)}
            out |= own.iloc[0].to_dict()
            out |= {f"{c}_cmax": allc[c].max() for c in CTX}
            out |= {f"{c}_cmin": allc[c].min() for c in CTX}
            parts.append(out)
        print(f"  {corpus}: {len(sub)} pairs, {len(need)} articles vectorised "
              f"({time.perf_counter() - t0:.0f} s)", flush=True)  # fmt: skip
        del norms, m
    out = pd.DataFrame(parts)
    CACHE.mkdir(parents=True, exist_ok=True)
    out.to_parquet(f)
    return out


def variants(ctx_cols: list[str]) -> dict:
    from sklearn.ensemble import HistGradientBoostingClassifier
    from sklearn.linear_model import LogisticRegression
    from sklearn.pipeline import make_pipeline
    from sklearn.preprocessing import StandardScaler

    def lr():
        return make_pipeline(StandardScaler(), LogisticRegression(C=1.0, max_iter=3000))

    def tree():
        return HistGradientBoostingClassifier(
            max_iter=150, learning_rate=0.05, max_depth=3, random_state=0
        )

    feats = list(FEATURES)
    out = {"logistic, 13 features (the shipped model)": (lr, feats)}
    for c in ctx_cols:
        out[f"logistic, 13 + {c}"] = (lr, [*feats, c])
    out["logistic, 13 + all ctx"] = (lr, feats + ctx_cols)
    out["logistic, 13 + ctx_share, ctx_chain_share, ctx_art_cos_wo"] = (
        lr, [*feats, "ctx_share", "ctx_chain_share", "ctx_art_cos_wo"])  # fmt: skip
    for c in META:
        out[f"logistic, 13 + {c} (may proxy the labelling)"] = (lr, [*feats, c])
    out["logistic, 13 + all ctx + same_outlet + days_apart"] = (lr, feats + ctx_cols + META)
    out["boosted tree (150 x depth 3), 13 features"] = (tree, feats)
    out["boosted tree (150 x depth 3), 13 + all ctx"] = (tree, feats + ctx_cols)
    for agg in ("cmax", "cmin"):
        cols = [f"{c}_{agg}" for c in ctx_cols]
        word = "max" if agg == "cmax" else "min"
        out[f"logistic, 13 + all ctx, {word} over copy article pairs"] = (lr, feats + cols)
    return out


def describe(F: pd.DataFrame, df: pd.DataFrame) -> pd.DataFrame:
    """Median of the main context features per label and category."""
    cols = ["ctx_rows", "ctx_share", "ctx_max", "ctx_neigh", "ctx_chain", "ctx_art_cos_wo"]
    g = pd.concat([df[["label", "category"]], F[cols]], axis=1)
    out = g.groupby(["label", "category"])[cols].median().round(3)
    out.insert(0, "n", g.groupby(["label", "category"]).size())
    return out.reset_index()


def separation(F: pd.DataFrame, df: pd.DataFrame, y: np.ndarray, p0: np.ndarray) -> list[str]:
    """Univariate AUC of each context feature, overall and where the shipped model hesitates."""
    from sklearn.metrics import roc_auc_score

    band = (p0 > 0.15) & (p0 < 0.85)
    cross = (df["outlet_a"] != df["outlet_b"]).to_numpy()
    rows = []
    for c in CTX:
        v = F[c].to_numpy(dtype=float)
        rows.append({"feature": c, "AUC all": roc_auc_score(y, v),
                     "AUC cross-outlet": roc_auc_score(y[cross], v[cross]),
                     "AUC hard band": roc_auc_score(y[band], v[band]),
                     "corr with shipped p": np.corrcoef(v, p0)[0, 1]})  # fmt: skip
    rows.append({"feature": "(shipped p itself)", "AUC all": roc_auc_score(y, p0),
                 "AUC cross-outlet": roc_auc_score(y[cross], p0[cross]),
                 "AUC hard band": roc_auc_score(y[band], p0[band]), "corr with shipped p": 1.0})  # fmt: skip
    chain = F["ctx_chain"].clip(0, 3).astype(int).astype(str).replace("3", "3+")
    tab = pd.crosstab(df.loc[band, "category"] + " (" + df.loc[band, "label"].astype(str) + ")",
                      chain[band])  # fmt: skip
    tab.index.name, tab.columns.name = "category (label)", None
    return [
        f"hard band = shipped out-of-fold p (by outlet pair) in (0.15, 0.85): {int(band.sum())} "
        f"pairs, {int(y[band].sum())} reuse",
        "", E.fmt_table(pd.DataFrame(rows).round(3)),
        "", "ctx_chain (other aligned pairs, cosine >= 0.3, in order) in the hard band, "
        "by category (label):",
        "", E.fmt_table(tab.reset_index()),
    ]  # fmt: skip


def listing(df, F, y, p, mask, cols) -> pd.DataFrame:
    out = df.loc[mask, ["pair_id", "label", "category", "outlet_a", "outlet_b"]].copy()
    out["p"] = np.round(p[mask], 2)
    for c in cols:
        out[c] = np.round(F.loc[mask, c].to_numpy(dtype=float), 2)
    out["note"] = df.loc[mask, "note"].fillna("").str.slice(0, 60)
    return out


def main() -> None:
    shared = require_shared("corpora")
    t0 = time.perf_counter()
    lines = [f"## eval_real_context  ({dt.datetime.now(dt.UTC):%Y-%m-%d %H:%M} UTC)",
             "command: ASTANA_SHARED=/work/shared flock /tmp/astana_heavy.lock nice -n 10 "
             "/work/venv/bin/python "
             "benchmarks/eval_real_context.py"]  # fmt: skip
    print("\n".join(lines), flush=True)
    df = load_labels(E.BENCH)
    scored, counts = score_pairs(load_candidates(E.BENCH), shared / "corpora", cache=E.CACHE)
    F = df[["pair_id"]].merge(features(scored, counts), on="pair_id", how="left")
    C = df[["pair_id"]].merge(context_table(df, shared / "corpora"), on="pair_id", how="left")
    F = pd.concat([F, C.drop(columns="pair_id")], axis=1)
    F["same_outlet"] = (df["outlet_a"] == df["outlet_b"]).astype(float)
    F["days_apart"] = (pd.to_datetime(df["date_b"]) - pd.to_datetime(df["date_a"])).dt.days.abs()
    y = df["label"].to_numpy()
    gate = E.candidate_gate(F, E.DEFAULT_THRESHOLD, E.DEFAULT_CONTAINMENT_THRESHOLD)
    rows, oof = V.score_variants(variants(CTX), F, y, gate, V.grouped_splits(df))
    base = "logistic, 13 features (the shipped model)"
    cands = [k for k in oof if "ctx" in k and "copy" not in k and "same_outlet" not in k]
    best = max(cands, key=lambda k: oof[k][2])
    (pb, predb, _), (p0, pred0, _) = oof[best], oof[base]
    n_copy = int((C["copy_pairs"] > 1).sum())
    changed_max = int((C["ctx_chain_cmax"] != C["ctx_chain"]).sum())
    changed_min = int((C["ctx_chain_cmin"] != C["ctx_chain"]).sum())
    lines += [
        "", f"{len(y)} labelled pairs; same folds, threshold rule and gate as eval_real.py; "
        f"context: word TF-IDF of a ParagraphMatcher fitted on the pair's whole dump, "
        f"other pairs counted at cosine >= {MIN_COS}",
        "", E.fmt_table(pd.DataFrame(rows)),
        "", "### Does context separate where the pair's features do not?",
        "", *separation(F, df, y, p0),
        "", "### Median context features per label and category",
        "", E.fmt_table(describe(F, df)),
        "", "### Copies: labelled paragraph texts in more than one article of their dump",
        f"side a in > 1 article: {int((C['copies_a'] > 1).sum())}; side b: "
        f"{int((C['copies_b'] > 1).sum())}; pairs with > 1 copy article pair "
        f"(a != b): {n_copy} of {len(C)} (max {int(C['copy_pairs'].max())}, "
        f"capped at {MAX_COPY_PAIRS}); of these, ctx_chain of the labelled article pair "
        f"differs from its max over copy pairs for {changed_max} and from its min for "
        f"{changed_min}",
        "", f"### Out-of-fold errors by category (CV by outlet pair): shipped vs best "
        f"context variant '{best}' (chosen on these out-of-fold F1s: optimistic)",
        "", E.fmt_table(E.error_breakdown(df, y, {"13 features": pred0, "best context": predb})),
    ]  # fmt: skip
    show = ["cosine", "containment_max", "ctx_rows", "ctx_chain", "ctx_art_cos_wo"]
    wrong = predb != (y == 1)
    fixed = (pred0 != (y == 1)) & ~wrong
    broken = (pred0 == (y == 1)) & wrong
    for title, mask in (("Newly fixed by the best context variant", fixed),
                        ("Newly wrong with the best context variant", broken),
                        ("Remaining errors of the best context variant", wrong)):  # fmt: skip
        lines += ["", f"### {title}: {int(mask.sum())}", "",
                  E.fmt_table(listing(df, F, y, pb, mask, show))]  # fmt: skip
    lines += ["", f"total {time.perf_counter() - t0:.0f} s"]
    V.write_results("eval_real_context", lines)


if __name__ == "__main__":
    main()
