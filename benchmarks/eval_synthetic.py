"""Near-duplicate accuracy on synthetic wire copy built from real corpus paragraphs.

1. Background: ``--background`` real paragraphs (default 20,000; half from articles on
   Syria/Russia) sampled by whole articles from ``shared/corpora``; background pairs that
   are already reuse (word-1-gram cosine >= 0.5 or word-3-shingle containment >= 0.5) are
   collapsed to one paragraph so that unlabelled reuse does not count as false positives.
2. ``benchmarks/synthetic.py`` adds ``--n`` edited copies (spelling, names, noise,
   attribution, truncate, reorder, runon, wire_edit, verbatim) with known truth, and
   draws same-topic different-text hard negatives.
3. Each configuration runs an exact all-pairs search over the whole collection (TF-IDF
   fitted on it, sparse_dot_topn, cosine >= 0.3, up to 200 neighbours per paragraph) and is
   scored at every threshold: edge precision/recall/F1 against the true pairs (any other
   reported pair is a false positive), recall per transformation, the share of hard
   negatives reported, and ARI (sklearn ``adjusted_rand_score``) of the connected
   components vs the true reuse groups (over the paragraphs in a true or predicted group;
   everything else is a singleton).
4. Word-shingle containment (own candidate search) is added with OR to the cosine rule.

Run::

    .venv/bin/python benchmarks/eval_synthetic.py            # full, ~6-9 min
    .venv/bin/python benchmarks/eval_synthetic.py --quick    # ~1 min
    .venv/bin/python benchmarks/eval_synthetic.py --library  # also astana_lib's search

Writes ``benchmarks/results/synthetic_grid.csv`` and the ``synthetic*`` rows of
``benchmarks/results/threshold_curve.csv``.
"""

from __future__ import annotations

import argparse
import itertools
import time

import numpy as np
import pandas as pd
from _accuracy import (
    RESULTS,
    Config,
    components,
    config_from_name,
    containment_all_pairs,
    cosine_all_pairs,
    fmt_table,
    load_corpus_paragraphs,
    normaliser,
    prf,
    require_shared,
    update_curve_csv,
)
from sklearn.metrics import adjusted_rand_score
from synthetic import TRANSFORMS, make_synthetic_reuse

THRESHOLDS = np.round(np.arange(0.30, 0.951, 0.05), 2)
CONFIGS_FULL = [
    Config("word", (1, 1), "fold"),
    Config("word", (1, 2), "fold"),
    Config("word", (1, 3), "fold"),
    Config("char_wb", (3, 5), "fold"),
    Config("word", (1, 2), "nofold"),
    Config("word", (1, 2), "raw"),
    Config("char_wb", (3, 5), "raw"),
]
CONFIGS_QUICK = [
    Config("word", (1, 1), "fold"),
    Config("word", (1, 2), "fold"),
    Config("char_wb", (3, 5), "fold"),
    Config("word", (1, 2), "raw"),
]
SHORT = {
    "verbatim": "verb",
    "spelling": "spell",
    "names": "names",
    "noise": "noise",
    "attribution": "attr",
    "truncate": "trunc",
    "reorder": "reord",
    "runon": "runon",
    "wire_edit": "wire",
    "heavy_edit": "heavy",
    "headline": "head",
}


def dedupe_background(bg: pd.DataFrame) -> tuple[pd.DataFrame, int]:
    """Collapse reuse already present in the background to one paragraph per group."""
    norms = [normaliser("fold")(t) for t in bg["text"]]
    X = Config("word", (1, 1), "fold").vectorizer().fit_transform(norms).tocsr()
    c1 = cosine_all_pairs(X, threshold=0.8)
    c2 = containment_all_pairs(norms, k=5, threshold=0.8)
    i = np.concatenate([c1.i, c2.i])
    j = np.concatenate([c1.j, c2.j])
    lab = components(len(bg), i, j)
    keep = ~pd.Series(lab).duplicated().to_numpy()
    return bg[keep].reset_index(drop=True), int((~keep).sum())


class Scorer:
    """Scores predicted edges (index pairs i<j) against the synthetic truth."""

    def __init__(self, paras: pd.DataFrame, truth: pd.DataFrame, hard: pd.DataFrame) -> None:
        self.n = len(paras)
        pos = pd.Series(np.arange(self.n), index=paras["para_id"])
        ta, tb = pos[truth.para_a].to_numpy(), pos[truth.para_b].to_numpy()
        self.t_code = np.minimum(ta, tb) * self.n + np.maximum(ta, tb)
        self.t_type = truth["transform"].to_numpy()
        ha, hb = pos[hard.para_a].to_numpy(), pos[hard.para_b].to_numpy()
        self.h_code = np.minimum(ha, hb) * self.n + np.maximum(ha, hb)
        self.h_kind = hard["kind"].to_numpy()
        self.group = paras["group"].to_numpy()
        # transformation of each node's group (for attributing false positives)
        gtype = paras.dropna(subset=["transform"]).set_index("group")["transform"]
        self.node_type = pd.Series(self.group).map(gtype).to_numpy()

    def score(self, i: np.ndarray, j: np.ndarray) -> dict:
        code = np.minimum(i, j).astype(np.int64) * self.n + np.maximum(i, j)
        code = np.unique(code)
        hit = np.isin(self.t_code, code)
        is_tp = np.isin(code, self.t_code)
        tp, fp = int(hit.sum()), int((~is_tp).sum())
        p, r, f = prf(tp, fp, len(self.t_code) - tp)
        out = {"precision": p, "recall": r, "f1": f, "n_pairs": len(code), "fp": fp}
        fa, fb = code[~is_tp] // self.n, code[~is_tp] % self.n
        fp_syn = int(((self.group[fa] >= 0) | (self.group[fb] >= 0)).sum())
        out["precision_syn"] = tp / (tp + fp_syn) if tp + fp_syn else 1.0
        out["fp_background"] = fp - fp_syn
        hh = np.isin(self.h_code, code)
        out["hard_fp_rate"] = float(hh.mean()) if len(hh) else np.nan
        for kind in ("same_article", "shared_entities"):
            m = self.h_kind == kind
            out[f"hard_{kind}"] = float(hh[m].mean()) if m.any() else np.nan
        for t in TRANSFORMS:
            m = self.t_type == t
            if not m.any():
                continue
            tpt = int(hit[m].sum())
            fpt = int(((self.node_type[fa] == t) | (self.node_type[fb] == t)).sum())
            out[f"R:{t}"] = tpt / m.sum()
            out[f"P:{t}"] = tpt / (tpt + fpt) if tpt + fpt else 1.0
        out["ari"] = self.ari(code // self.n, code % self.n)
        out["largest_component"] = int(
            np.bincount(components(self.n, code // self.n, code % self.n)).max()
        )
        return out

    def ari(self, i: np.ndarray, j: np.ndarray) -> float:
        pred = components(self.n, i, j)
        sizes = np.bincount(pred)
        in_pred = sizes[pred] > 1
        nodes = np.flatnonzero(in_pred | (self.group >= 0))
        true = np.where(self.group[nodes] >= 0, self.group[nodes], -1 - nodes)
        return float(adjusted_rand_score(true, pred[nodes]))


def sweep(scorer: Scorer, cand: pd.DataFrame, name: str, col: str = "cosine") -> pd.DataFrame:
    rows = []
    for t in THRESHOLDS:
        m = cand[col].to_numpy() >= t
        rows.append(
            {
                "config": name,
                "rule": f"{col}>=t",
                "threshold": float(t),
                **scorer.score(cand.i.to_numpy()[m], cand.j.to_numpy()[m]),
            }
        )
    return pd.DataFrame(rows)


def summary(ev: pd.DataFrame, max_hard: float) -> dict:
    """Best-F1 row, and best-F1 row among thresholds with hard-negative FP rate <= max_hard."""
    best = ev.loc[ev.f1.idxmax()]
    ok = ev[ev.hard_fp_rate <= max_hard]
    safe = ok.loc[ok.f1.idxmax()] if len(ok) else best
    row = {
        "config": best.config,
        "best_t": best.threshold,
        "P": best.precision,
        "P_syn": best.precision_syn,
        "R": best.recall,
        "F1": best.f1,
        "ARI": best.ari,
        "hardFP": best.hard_fp_rate,
        f"t(hardFP<={max_hard})": safe.threshold,
        "F1 there": safe.f1,
    }
    for t in TRANSFORMS:
        if f"R:{t}" in best:
            row[f"R:{SHORT[t]}"] = best[f"R:{t}"]
    return row


def per_transform(ev: pd.DataFrame, thresholds) -> pd.DataFrame:
    rows = []
    for t in thresholds:
        r = ev[np.isclose(ev.threshold, t)].iloc[0]
        d = {"threshold": t, "P": r.precision, "P_syn": r.precision_syn, "R": r.recall,
             "F1": r.f1, "ARI": r.ari, "hardFP": r.hard_fp_rate, "bgFP": r.fp_background}  # fmt: skip
        for tr in TRANSFORMS:
            if f"R:{tr}" in r:
                d[f"R:{SHORT[tr]}"] = r[f"R:{tr}"]
        rows.append(d)
    return pd.DataFrame(rows)


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--quick", action="store_true")
    ap.add_argument("--background", type=int, default=None)
    ap.add_argument("--n", type=int, default=None, help="synthetic copies")
    ap.add_argument("--seed", type=int, default=20261123)
    ap.add_argument("--configs", nargs="*", default=None)
    ap.add_argument("--curve-config", default="word1-2/fold")
    ap.add_argument("--containment-k", type=int, nargs="*", default=[3])
    ap.add_argument("--max-hard", type=float, default=0.01)
    ap.add_argument("--library", action="store_true", help="also run al.find_near_duplicates")
    ap.add_argument("--show", type=int, default=3, help="background pairs printed per band")
    ap.add_argument(
        "--dump-background",
        default=None,
        help="CSV path: every background-only pair of --curve-config (cosine >= 0.3) with "
        "its containment and both texts, for manual labelling",
    )
    args = ap.parse_args(argv)

    shared = require_shared("corpora")
    t0 = time.perf_counter()
    nbg = args.background or (4000 if args.quick else 20000)
    nsyn = args.n or (450 if args.quick else 2700)
    bg = load_corpus_paragraphs(shared, n=nbg, seed=args.seed)
    bg, dropped = dedupe_background(bg)
    paras, truth, hard = make_synthetic_reuse(bg, n=nsyn, seed=args.seed)
    print(
        f"background {len(bg)} paragraphs ({dropped} already-reused paragraphs collapsed), "
        f"{(paras.outlet == 'synthetic').sum()} synthetic copies, {len(truth)} true pairs, "
        f"{len(hard)} hard negatives; {time.perf_counter() - t0:.0f} s"
    )
    print("true pairs per transform:", truth["transform"].value_counts().to_dict())
    print("hard negatives:", hard.kind.value_counts().to_dict(), "\n")
    scorer = Scorer(paras, truth, hard)
    texts = paras["text"].tolist()

    if args.configs:
        configs = [config_from_name(c) for c in args.configs]
    else:
        configs = CONFIGS_QUICK if args.quick else CONFIGS_FULL
    if args.curve_config not in [c.name for c in configs]:
        configs.append(config_from_name(args.curve_config))
    norm_cache: dict[str, list[str]] = {}
    cands: dict[str, pd.DataFrame] = {}
    grids, summ = [], []
    for cfg in configs:
        t1 = time.perf_counter()
        if cfg.norm not in norm_cache:
            norm_cache[cfg.norm] = [normaliser(cfg.norm)(t) for t in texts]
        X = cfg.vectorizer().fit_transform(norm_cache[cfg.norm]).tocsr()
        cand = cosine_all_pairs(X, threshold=float(THRESHOLDS.min()))
        cands[cfg.name] = cand
        ev = sweep(scorer, cand, cfg.name)
        grids.append(ev)
        summ.append(summary(ev, args.max_hard))
        print(
            f"  {cfg.name:20s} {len(cand):>8,d} candidate pairs  {time.perf_counter() - t1:5.1f} s"
        )

    print("\n## Cosine only: best-F1 threshold per configuration\n")
    print(fmt_table(pd.DataFrame(summ).sort_values("F1", ascending=False)))
    cur = grids[[c.name for c in configs].index(args.curve_config)]
    print(f"\n## {args.curve_config}, cosine only, by threshold (recall per transformation)\n")
    print(fmt_table(per_transform(cur, [0.4, 0.5, 0.55, 0.6, 0.65, 0.7, 0.8, 0.9])))

    show_background(base := cands[args.curve_config], paras, scorer, "cosine", args.show)
    if args.dump_background:
        dump_background(base, paras, scorer, norm_cache.get("fold"), args.dump_background)

    # containment OR cosine
    norms = norm_cache.get("fold") or [normaliser("fold")(t) for t in texts]
    comb_rows = []
    for k in args.containment_k:
        cont = containment_all_pairs(norms, k=k, threshold=0.3)
        evc = sweep(scorer, cont, f"shingles w{k}", col="containment")
        show_background(cont, paras, scorer, "containment", args.show)
        grids.append(evc)
        print(f"\n## containment alone, word {k}-shingles\n")
        print(fmt_table(per_transform(evc, [0.5, 0.6, 0.7, 0.8, 0.9])))
        for t, c, ms in itertools.product(
            (0.5, 0.55, 0.6, 0.65, 0.7, 0.8), (0.5, 0.6, 0.7, 0.8, 0.9), (1, 5, 10)
        ):
            if True:
                mi = base.cosine.to_numpy() >= t
                mc = (cont.containment.to_numpy() >= c) & (cont.min_shingles.to_numpy() >= ms)
                i = np.concatenate([base.i.to_numpy()[mi], cont.i.to_numpy()[mc]])
                j = np.concatenate([base.j.to_numpy()[mi], cont.j.to_numpy()[mc]])
                s = scorer.score(i, j)
                comb_rows.append(
                    {
                        "config": f"{args.curve_config} + w{k}",
                        "rule": "cosine>=t or cont>=c",
                        "threshold": t,
                        "containment": c,
                        "min_shingles": ms,
                        **s,
                    }
                )
    comb = pd.DataFrame(comb_rows)
    grids.append(comb)
    show = ["config", "threshold", "containment", "min_shingles", "precision", "recall", "f1", "ari",
            "hard_fp_rate", "R:runon", "R:truncate", "R:wire_edit"]  # fmt: skip
    print(f"\n## {args.curve_config} cosine >= t OR containment >= c (top 12 by F1)\n")
    print(fmt_table(comb.sort_values("f1", ascending=False)[show].head(12)))

    if args.library:
        lib = run_library(paras, scorer)
        if lib is not None:
            grids.append(lib)
            print("\n## Library: al.find_near_duplicates (its defaults, then candidate settings)\n")
            cols = ["config", "decision", "threshold", "containment", "title_containment", "min_run", "precision",
                    "precision_syn", "recall", "f1", "ari", "hard_fp_rate", "fp_background",
                    *[f"R:{t}" for t in TRANSFORMS], "largest_component", "n_contained",
                    "seconds"]  # fmt: skip
            print(fmt_table(lib[[c for c in cols if c in lib.columns]]))

    grid = pd.concat(grids, ignore_index=True)
    RESULTS.mkdir(parents=True, exist_ok=True)
    out = RESULTS / ("synthetic_grid_quick.csv" if args.quick else "synthetic_grid.csv")
    grid.round(4).to_csv(out, index=False)
    if not args.quick:
        curve = cur.assign(benchmark="synthetic")
        update_curve_csv(curve, ["synthetic"])
    print(f"\nwrote {out}; total {time.perf_counter() - t0:.0f} s")


def show_background(
    cand: pd.DataFrame, paras: pd.DataFrame, scorer: Scorer, col: str, k: int
) -> None:
    """Count background-only pairs by score band and print a few for inspection."""
    g = scorer.group
    bgp = cand[(g[cand.i.to_numpy()] < 0) & (g[cand.j.to_numpy()] < 0)]
    bands = [(0.3, 0.4), (0.4, 0.5), (0.5, 0.6), (0.6, 0.7), (0.7, 0.8), (0.8, 1.01)]
    counts = {f"{lo:.1f}-{min(hi, 1):.1f}": int(((bgp[col] >= lo) & (bgp[col] < hi)).sum())
              for lo, hi in bands}  # fmt: skip
    same = paras["article_id"].to_numpy()
    within = int((same[bgp.i.to_numpy()] == same[bgp.j.to_numpy()]).sum())
    print(f"\nbackground-only pairs by {col}: {counts} ({within} within one article)")
    texts = paras["text"].to_numpy()
    rng = np.random.default_rng(0)
    for lo, hi in [(0.4, 0.5), (0.5, 0.6), (0.6, 0.8)]:
        band = bgp[(bgp[col] >= lo) & (bgp[col] < hi)]
        for _, r in band.iloc[rng.permutation(len(band))[:k]].iterrows():
            print(f"  [{col} {r[col]:.2f}] {texts[int(r.i)][:110]!r}")
            print(f"  {'':>{len(col) + 8}} {texts[int(r.j)][:110]!r}")


def dump_background(
    cand: pd.DataFrame, paras: pd.DataFrame, scorer: Scorer, norms: list[str] | None, path: str
) -> None:
    """Write background-only candidate pairs (with w3 containment) for manual inspection."""
    from _accuracy import containment_pairs

    g = scorer.group
    bgp = cand[(g[cand.i.to_numpy()] < 0) & (g[cand.j.to_numpy()] < 0)].copy()
    if norms is None:
        norms = [normaliser("fold")(t) for t in paras["text"]]
    cab, cba = containment_pairs(norms, bgp.i.to_numpy(), bgp.j.to_numpy(), 3)
    bgp["containment"] = np.maximum(cab, cba)
    for side, col in (("a", "i"), ("b", "j")):
        idx = bgp[col].to_numpy()
        bgp[f"para_{side}"] = paras["para_id"].to_numpy()[idx]
        bgp[f"outlet_{side}"] = paras["outlet"].to_numpy()[idx]
        bgp[f"text_{side}"] = paras["text"].to_numpy()[idx]
    bgp["same_article"] = (
        paras["article_id"].to_numpy()[bgp.i] == paras["article_id"].to_numpy()[bgp.j]
    )
    bgp.drop(columns=["i", "j"]).round(4).to_csv(path, index=False)
    print(f"wrote {len(bgp)} background pairs to {path}")


_OLD = {"min_run": None, "decision": None}  # candidate rules alone (before issue 11)
LIBRARY_SETTINGS: list[dict] = [
    {},  # the library's defaults: exact candidates + the p_reuse decision
    {"decision": None},  # the same candidates, every one reported
    {"threshold": 0.6, "containment_threshold": 0.8, "title_containment_threshold": 0.7, **_OLD},
    {"threshold": 0.6, "containment_threshold": 0.8, "title_containment_threshold": None, **_OLD},
    {"threshold": 0.5, "containment_threshold": 0.8, **_OLD},
    {"threshold": 0.6, "containment_threshold": 0.75, **_OLD},
    {"threshold": 0.7, "containment_threshold": 0.75, **_OLD},
    {"threshold": 0.6, "containment_threshold": None, **_OLD},
]


def run_library(paras: pd.DataFrame, scorer: Scorer) -> pd.DataFrame | None:
    """Score ``al.find_near_duplicates`` at its defaults and at candidate settings."""
    try:
        import astana_lib as al

        find = al.find_near_duplicates
    except (ImportError, AttributeError) as exc:
        print(f"\n(library search not available yet: {exc})")
        return None
    import inspect

    params = inspect.signature(find).parameters
    defaults = {k: params[k].default for k in ("threshold", "containment_threshold")}
    defaults["title_containment_threshold"] = (
        params["title_containment_threshold"].default
        if "title_containment_threshold" in params
        else None
    )
    defaults["min_shingles"] = params["min_shingles"].default if "min_shingles" in params else None
    for k in ("min_run", "decision"):
        if k in params:
            defaults[k] = params[k].default
    pos = pd.Series(np.arange(len(paras)), index=paras["para_id"])
    rows = []
    for kw in LIBRARY_SETTINGS:
        if any(k not in params for k in kw):
            continue  # an option this version of the library does not have
        t1 = time.perf_counter()
        pairs = find(paras, progress=False, **kw)
        secs = time.perf_counter() - t1
        i = pos[pairs.para_a].to_numpy()
        j = pos[pairs.para_b].to_numpy()
        s = scorer.score(i, j)
        used = {**defaults, **kw}
        rows.append(
            {
                "config": "library default" if not kw else "library",
                "rule": "find_near_duplicates",
                "threshold": used["threshold"],
                "containment": used["containment_threshold"],
                "title_containment": used["title_containment_threshold"],
                "min_shingles": used["min_shingles"],
                "min_run": used.get("min_run"),
                "decision": "p_reuse" if used.get("decision", "default") is not None else "none",
                **s,
                "n_contained": int((pairs["kind"] == "contained").sum()),
                "seconds": secs,
            }
        )
    return pd.DataFrame(rows)


if __name__ == "__main__":
    main()
