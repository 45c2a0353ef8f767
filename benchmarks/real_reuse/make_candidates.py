# ruff: noqa
# The labeller's candidate script for issue 11 (copied from the labelling session; kept as run).
"""Draw candidate paragraph pairs for the real reuse benchmark (issue 11, item 1).

Run (from anywhere; ~5-10 min on 2 cores, < 4 GB):

    flock /tmp/astana_heavy.lock nice -n 10 env PYTHONPATH=/work/main \
        /work/venv/bin/python /work/labels/reuse/make_candidates.py \
        --corpora /work/shared/corpora --out /work/labels/reuse/candidates.csv

Steps, per corpus (SaudiNewsNet 2015, ANT 2018, Al Mayadeen 2023-24):

1. Records -> paragraphs: ``text.split("\\n\\n")``; ``para`` is the 0-based index in that
   split. Paragraphs of 40-1,200 characters (stripped) are kept (the upper cap keeps pairs
   readable by a human; see README caveats).
2. Normalise with ``astana_lib.text.normalize.normalize_arabic`` (diacritics, tatweel, alef / yeh /
   teh marbuta folded). Exact-duplicate normalised paragraphs *within one outlet* are
   collapsed to their first occurrence (so a formula line does not flood the pool).
3. Word 1-2-gram TF-IDF (sublinear tf, l2, token pattern ``\\w+``), fitted on the whole
   corpus's kept paragraphs.
4. Date windows: paragraphs are grouped by calendar day (``date[:10]``); each day is compared
   with itself and the next day (SaudiNewsNet dates are crawl dates; ANT and Al Mayadeen are
   publication dates). Pairs with word cosine >= 0.10 from different articles are kept; for
   SaudiNewsNet and ANT, pairs within one outlet are kept only with probability 0.08 (formula
   lines, an outlet's own repeats) so that the pool is mostly cross-outlet; Al Mayadeen is one
   outlet, so its pairs are within-outlet, cross-article.
5. Scores on each pair: ``word_cos`` (step 3), ``char_cos`` (char_wb 3-5-gram TF-IDF,
   sublinear, fitted on the corpus's pooled candidate paragraphs plus 20k random ones),
   ``cont_ab`` = |S(a) & S(b)| / |S(a)| and ``cont_ba`` over word 3-gram shingle sets of the
   normalised texts.
6. Bands: ``w10`` .. ``w90`` = word cosine in [0.1,0.2) .. [0.9,1.0]; pairs whose larger
   containment is >= 0.5 while word cosine < 0.5 go to band ``cont``; pairs with word cosine
   < 0.2 but char cosine >= 0.45 go to ``charhi``. Stratified sample (seed 11) with quotas per
   (corpus, band), at most one pair per article pair and each paragraph used at most twice.
"""

from __future__ import annotations

import argparse
import gzip
import hashlib
import json
import re
from collections import defaultdict
from pathlib import Path

import numpy as np
import pandas as pd
from sklearn.feature_extraction.text import TfidfVectorizer

from astana_lib.text.normalize import normalize_arabic

CORPORA = {
    "saudinewsnet": "saudinewsnet_2015.jsonl.gz",
    "ant": "ant_multisource_2018.jsonl.gz",
    "almayadeen": "almayadeen_2023_2024.jsonl.gz",
}
BANDS = ["w10", "w20", "w30", "w40", "w50", "w60", "w70", "w80", "w90", "cont", "charhi"]
# pairs to draw per band, per corpus (scaled below); the hard middle (0.2-0.6) is favoured
QUOTA = {
    "w10": 4,
    "w20": 14,
    "w30": 14,
    "w40": 14,
    "w50": 12,
    "w60": 8,
    "w70": 6,
    "w80": 5,
    "w90": 5,
    "cont": 10,
    "charhi": 3,
}
SCALE = {"saudinewsnet": 4.0, "ant": 4.0, "almayadeen": 2.2}
WORD = re.compile(r"\w+")


def load(path: Path) -> pd.DataFrame:
    rows = []
    with gzip.open(path, "rt", encoding="utf-8") as fh:
        for line in fh:
            d = json.loads(line)
            text = d.get("text") or ""
            for i, p in enumerate(text.split("\n\n")):
                s = p.strip()
                if 40 <= len(s) <= 1200:
                    rows.append((d["id"], i, d.get("outlet") or "", (d.get("date") or "")[:10], p))
    return pd.DataFrame(rows, columns=["id", "para", "outlet", "date", "text"])


def shingles(norm: str, k: int = 3) -> set:
    t = WORD.findall(norm)
    return {" ".join(t[i : i + k]) for i in range(len(t) - k + 1)}


def band_of(w: float, c: float, cab: float, cba: float) -> str:
    if max(cab, cba) >= 0.5 and w < 0.5:
        return "cont"
    if w < 0.2 and c >= 0.45:
        return "charhi"
    return f"w{min(int(w * 10), 9) * 10}"


def pairs_for(corpus: str, df: pd.DataFrame, rng: np.random.Generator) -> pd.DataFrame:
    vec = TfidfVectorizer(
        ngram_range=(1, 2),
        sublinear_tf=True,
        token_pattern=r"(?u)\b\w+\b",
        min_df=2,
        dtype=np.float32,
    )
    X = vec.fit_transform(df["norm"]).tocsr()
    days = sorted(df["date"].unique())
    by_day = {d: np.flatnonzero(df["date"].to_numpy() == d) for d in days}
    art = pd.factorize(df["id"])[0]
    outl = pd.factorize(df["outlet"])[0]
    single_outlet = df["outlet"].nunique() == 1
    out = []
    for j, d in enumerate(days):
        rows = by_day[d]
        cols = rows if j + 1 == len(days) else np.concatenate([rows, by_day[days[j + 1]]])
        for s in range(0, len(rows), 3000):
            r = rows[s : s + 3000]
            S = (X[r] @ X[cols].T).tocoo()
            m = S.data >= 0.10
            a = r[S.row[m]]
            b = cols[S.col[m]]
            v = S.data[m]
            keep = art[a] != art[b]
            if not single_outlet:
                same = outl[a] == outl[b]
                keep &= ~same | (rng.random(len(a)) < 0.08)
            a, b, v = a[keep], b[keep], v[keep]
            out.append(pd.DataFrame({"a": np.minimum(a, b), "b": np.maximum(a, b), "word_cos": v}))
    P = pd.concat(out, ignore_index=True).drop_duplicates(["a", "b"])
    P["word_cos"] = P["word_cos"].clip(upper=1.0)
    # one pair per article pair (the highest-scoring is not favoured: random pick)
    P["ka"] = np.minimum(art[P["a"]], art[P["b"]])
    P["kb"] = np.maximum(art[P["a"]], art[P["b"]])
    P = P.sample(frac=1.0, random_state=11).drop_duplicates(["ka", "kb"])
    return P


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--corpora", default="/work/shared/corpora")
    ap.add_argument("--out", default="/work/labels/reuse/candidates.csv")
    args = ap.parse_args()
    rng = np.random.default_rng(11)
    allsel = []
    for corpus, fname in CORPORA.items():
        df = load(Path(args.corpora) / fname)
        df["norm"] = [normalize_arabic(t) for t in df["text"]]
        df = df.drop_duplicates(["outlet", "norm"]).reset_index(drop=True)
        P = pairs_for(corpus, df, rng)
        # pre-band with word cosine + containment (char cosine needs the pooled vectoriser)
        norms = df["norm"].to_numpy()
        # sample a manageable pool per word band before computing containment
        P["wb"] = np.minimum((P["word_cos"] * 10).astype(int), 9)
        pool = (
            P.groupby("wb", group_keys=False)
            .apply(lambda g: g.sample(min(len(g), 4000), random_state=11))
            .reset_index(drop=True)
        )
        sh = {}

        def S(i):
            if i not in sh:
                sh[i] = shingles(norms[i])
            return sh[i]

        cab, cba = [], []
        for a, b in zip(pool["a"], pool["b"]):
            sa, sb = S(a), S(b)
            inter = len(sa & sb)
            cab.append(inter / len(sa) if sa else 0.0)
            cba.append(inter / len(sb) if sb else 0.0)
        pool["cont_ab"] = cab
        pool["cont_ba"] = cba
        idx = np.unique(np.concatenate([pool["a"], pool["b"]]))
        extra = rng.choice(len(df), size=min(20000, len(df)), replace=False)
        cvec = TfidfVectorizer(
            analyzer="char_wb", ngram_range=(3, 5), sublinear_tf=True, min_df=2, dtype=np.float32
        )
        cvec.fit(np.concatenate([norms[idx], norms[extra]]))
        C = cvec.transform(norms[idx])
        pos = {v: k for k, v in enumerate(idx)}
        ia = np.array([pos[v] for v in pool["a"]])
        ib = np.array([pos[v] for v in pool["b"]])
        pool["char_cos"] = np.asarray(C[ia].multiply(C[ib]).sum(axis=1)).ravel()
        pool["band"] = [
            band_of(w, c, x, y)
            for w, c, x, y in zip(
                pool["word_cos"], pool["char_cos"], pool["cont_ab"], pool["cont_ba"]
            )
        ]
        used = defaultdict(int)
        for band in BANDS:
            g = pool[pool["band"] == band].sample(frac=1.0, random_state=11)
            want = int(round(QUOTA[band] * SCALE[corpus]))
            taken = 0
            for r in g.itertuples():
                if taken >= want:
                    break
                if used[r.a] >= 2 or used[r.b] >= 2:
                    continue
                used[r.a] += 1
                used[r.b] += 1
                taken += 1
                A, B = df.iloc[r.a], df.iloc[r.b]
                allsel.append(
                    {
                        "corpus": corpus,
                        "id_a": A["id"],
                        "para_a": int(A["para"]),
                        "id_b": B["id"],
                        "para_b": int(B["para"]),
                        "outlet_a": A["outlet"],
                        "outlet_b": B["outlet"],
                        "date_a": A["date"],
                        "date_b": B["date"],
                        "sha1_a": hashlib.sha1(A["text"].encode("utf-8")).hexdigest(),
                        "sha1_b": hashlib.sha1(B["text"].encode("utf-8")).hexdigest(),
                        "len_a": len(A["text"]),
                        "len_b": len(B["text"]),
                        "word_cos": round(float(r.word_cos), 4),
                        "char_cos": round(float(r.char_cos), 4),
                        "cont_ab": round(float(r.cont_ab), 4),
                        "cont_ba": round(float(r.cont_ba), 4),
                        "band": band,
                        "snippet_a": A["text"].strip()[:60].replace("\n", " "),
                        "snippet_b": B["text"].strip()[:60].replace("\n", " "),
                    }
                )
        print(
            corpus, len(df), "paragraphs;", len(P), "window pairs;", len(pool), "pooled", flush=True
        )
    out = pd.DataFrame(allsel).sample(frac=1.0, random_state=11).reset_index(drop=True)
    out.insert(0, "pair_id", [f"r{i:04d}" for i in range(len(out))])
    out.to_csv(args.out, index=False)
    print(out.groupby(["corpus", "band"]).size().unstack(fill_value=0))
    print("total", len(out), "cross-outlet", float((out.outlet_a != out.outlet_b).mean()))


if __name__ == "__main__":
    main()
