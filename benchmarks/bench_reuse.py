"""Speed and memory of the near-duplicate search against two baselines (issue 3).

In ONE process, on the same paragraphs (the three corpora of ``../shared/corpora``,
paragraphs of >= 40 characters, normalised; synthetic edited copies added when ``--n``
exceeds the ~430k real ones), with the same TF-IDF matrix (word 1-2-grams, sublinear tf,
l2 — the library's vectoriser, fitted once and timed on its own):

* ``ours``      : :func:`astana_lib.reuse.allpairs.all_pairs` (prefix filtering, exact);
* ``topn``      : the same search with ``method="topn"`` (sparse_dot_topn, 2 threads);
* ``brute``     : baseline 1, scikit-learn ``cosine_similarity`` in row blocks (dense
                  blocks, thresholded) — the exact answer recall is measured against;
* ``minhash``   : baseline 2, datasketch MinHash LSH (128 permutations) on each text's
                  set of word 1-2-grams at the same threshold, candidates verified by the
                  exact cosine (so it can only lose recall, never precision);
* ``library``   : the full :func:`astana_lib.find_near_duplicates` (vectorising,
                  cosine + containment search, exact-duplicate expansion), end to end.

For each: wall time, peak RSS during the step (psutil, sampled every 50 ms), pairs found,
recall against the exact answer. When brute force is too slow (``--brute-rows``), it is
run on the first rows only (their pairs with *every* row) and its time extrapolated
linearly in rows (cost per row is ~constant: each row is multiplied by the whole matrix);
recall is then measured on those rows — printed as such.

Usage::

    python benchmarks/bench_reuse.py --n 100000                 # all baselines in full
    python benchmarks/bench_reuse.py --n 1000000 --brute-rows 4000 --skip-minhash

Writes the printed report to ``benchmarks/results/bench_reuse.txt`` (appends a section
per run) as well.
"""

from __future__ import annotations

import argparse
import gc
import gzip
import itertools
import json
import logging
import os
import re
import sys
import threading
import time
from collections.abc import Callable
from pathlib import Path

import numpy as np
import pandas as pd
import psutil
import scipy.sparse as sp

REPO = Path(__file__).resolve().parents[1]
RESULTS = REPO / "benchmarks" / "results"
CORPORA = ("ant_multisource_2018", "saudinewsnet_2015", "almayadeen_2023_2024")
PARA_SPLIT = re.compile(r"\n\s*\n")
ATTRIBUTIONS = (
    "نقلت وكالة سبوتنيك عن مصدر مطلع",
    "بحسب ما ذكرت وكالة الأنباء الرسمية",
    "وفق ما أفادت وكالة رويترز",
)


def shared_dir() -> Path:
    return Path(os.environ.get("ASTANA_SHARED", REPO.parent / "shared"))


# --------------------------------------------------------------------------- data
def load_paragraphs(n: int | None = None, *, min_chars: int = 40, seed: int = 0) -> pd.DataFrame:
    """The benchmark paragraphs: real ones from the three corpora, then synthetic copies.

    Real paragraphs (``text.split('\\n\\n')`` pieces of >= ``min_chars`` characters) come
    in corpus order. When ``n`` exceeds their number, edited copies of randomly chosen
    real paragraphs are appended (one edit each: drop a word, append an attribution
    clause, cut the last fifth, swap two sentences/halves, or a verbatim copy), as wire
    copy re-published by other outlets would look. ``n=None``: real paragraphs only.

    Columns: para_id, article_id, outlet, date, text, norm (normalised).
    """
    from astana_lib.text.normalize import normalize_arabic

    shared = shared_dir()
    rows: list[tuple[str, str, str, str, str]] = []
    for name in CORPORA:
        path = shared / "corpora" / f"{name}.jsonl.gz"
        with gzip.open(path, "rt", encoding="utf-8") as fh:
            for line in fh:
                rec = json.loads(line)
                text = rec.get("text") or ""
                k = 0
                for p in PARA_SPLIT.split(text):
                    p = p.strip()
                    if len(p) >= min_chars:
                        k += 1
                        aid = f"{name[:3]}:{rec['id']}"
                        rows.append(
                            (f"{aid}:{k}", aid, rec.get("outlet") or "", rec.get("date") or "", p)
                        )
                if n is not None and len(rows) >= n:
                    break
        if n is not None and len(rows) >= n:
            break
    df = pd.DataFrame(rows, columns=["para_id", "article_id", "outlet", "date", "text"])
    if n is not None and len(df) > n:
        df = df.iloc[:n]
    if n is not None and len(df) < n:
        df = pd.concat([df, _synthetic_copies(df, n - len(df), seed=seed)], ignore_index=True)
    df["norm"] = [normalize_arabic(t) for t in df["text"]]
    return df


def _synthetic_copies(real: pd.DataFrame, m: int, *, seed: int) -> pd.DataFrame:
    rng = np.random.default_rng(seed)
    src = rng.integers(0, len(real), size=m)
    edit = rng.integers(0, 5, size=m)
    texts = real["text"].to_numpy()
    out = []
    for i, (s, e) in enumerate(zip(src, edit, strict=True)):
        words = texts[s].split()
        if e == 0 and len(words) > 3:  # drop one word
            del words[int(rng.integers(len(words)))]
        elif e == 1:  # attribution clause
            words = [*words, "،", *ATTRIBUTIONS[int(rng.integers(len(ATTRIBUTIONS)))].split()]
        elif e == 2 and len(words) > 5:  # truncation
            words = words[: max(3, len(words) * 4 // 5)]
        elif e == 3 and len(words) > 6:  # reorder halves
            h = len(words) // 2
            words = words[h:] + words[:h]
        # e == 4: verbatim copy
        aid = f"syn:{i // 8}"
        out.append((f"{aid}:{i % 8 + 1}", aid, f"synthetic{i % 7}", "", " ".join(words)))
    return pd.DataFrame(out, columns=["para_id", "article_id", "outlet", "date", "text"])


# --------------------------------------------------------------------------- measuring
class Peak:
    """Peak RSS of this process during a ``with`` block (sampled every 50 ms)."""

    def __init__(self) -> None:
        self.proc = psutil.Process()
        self.peak = 0
        self._stop = threading.Event()

    def _run(self) -> None:
        while not self._stop.is_set():
            self.peak = max(self.peak, self.proc.memory_info().rss)
            self._stop.wait(0.05)

    def __enter__(self) -> Peak:
        gc.collect()
        self.start_rss = self.proc.memory_info().rss
        self.peak = self.start_rss
        self.t0 = time.perf_counter()
        self._t = threading.Thread(target=self._run, daemon=True)
        self._t.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.seconds = time.perf_counter() - self.t0
        self._stop.set()
        self._t.join()
        self.peak = max(self.peak, self.proc.memory_info().rss)


def gib(b: float) -> str:
    return f"{b / 2**30:.2f} GiB"


class Report:
    def __init__(self) -> None:
        self.lines: list[str] = []

    def __call__(self, msg: str = "") -> None:
        print(msg, flush=True)
        self.lines.append(msg)


# --------------------------------------------------------------------------- methods
def vectorise_ours(norms: list[str]) -> sp.csr_matrix:
    """The library's vectoriser: integer-id word 1-2-gram counts, TF-IDF, rare-first columns.

    Same values as ``TfidfVectorizer(token_pattern=TOKEN_PATTERN, ngram_range=(1, 2),
    lowercase=False, sublinear_tf=True)`` on the same texts (columns in another order).
    """
    from sklearn.feature_extraction.text import TfidfTransformer

    from astana_lib.reuse.allpairs import rare_first, reorder_columns
    from astana_lib.reuse.containment import TOKEN_PATTERN
    from astana_lib.text.ngrams import NgramIndex, tokenize

    vocab: dict[str, int] = {}
    ids, ptr = tokenize(norms, vocab, grow=True, pattern=TOKEN_PATTERN)
    counts = NgramIndex((1, 2)).fit_counts(ids, ptr, len(vocab))
    del ids
    X = TfidfTransformer(sublinear_tf=True).fit_transform(counts).tocsr()
    df = np.bincount(counts.indices, minlength=counts.shape[1])
    return reorder_columns(X, rare_first(df))


def vectorise_sklearn(norms: list[str]) -> sp.csr_matrix:
    """Baseline vectoriser: scikit-learn TfidfVectorizer with the same settings."""
    from sklearn.feature_extraction.text import TfidfVectorizer

    from astana_lib.reuse.containment import TOKEN_PATTERN

    tv = TfidfVectorizer(
        token_pattern=TOKEN_PATTERN, ngram_range=(1, 2), lowercase=False, sublinear_tf=True
    )
    return tv.fit_transform(norms).tocsr()


def brute_blocks(X: sp.csr_matrix, t: float, rows: int, block: int | None = None):
    """Baseline 1: cosine_similarity(X[block], X) for the first ``rows`` rows, thresholded.

    Dense blocks of ``block`` rows (default: 1,000, fewer when the corpus is so large that
    a dense block would exceed ~0.8 GB).
    """
    if block is None:
        block = max(50, min(1000, int(1e8 // max(X.shape[0], 1))))
    from sklearn.metrics.pairwise import cosine_similarity
    from tqdm.auto import tqdm

    out_r, out_c = [], []
    XT = X  # cosine_similarity normalises again (rows are unit already): as a user would call it
    for s in tqdm(range(0, rows, block), desc="brute", leave=False):
        S = cosine_similarity(X[s : min(s + block, rows)], XT, dense_output=True)
        r, c = np.nonzero(t - 1e-9 <= S)
        r = r + s
        m = r < c
        out_r.append(r[m])
        out_c.append(c[m])
    return np.concatenate(out_r), np.concatenate(out_c)


def minhash_lsh(norms: list[str], X: sp.csr_matrix, t: float, num_perm: int = 128):
    """Baseline 2: datasketch MinHash LSH on word 1-2-gram sets, candidates verified."""
    from datasketch import MinHash, MinHashLSH
    from tqdm.auto import tqdm

    from astana_lib.reuse.allpairs import rowwise_dot

    lsh = MinHashLSH(threshold=t, num_perm=num_perm)
    cand: set[tuple[int, int]] = set()
    tok = re.compile(r"\b\w+\b")
    for i, text in enumerate(tqdm(norms, desc="minhash", leave=False)):
        w = tok.findall(text)
        grams = {g.encode("utf-8") for g in w} | {
            f"{a} {b}".encode() for a, b in itertools.pairwise(w)
        }
        mh = MinHash(num_perm=num_perm)
        mh.update_batch(list(grams))
        for j in lsh.query(mh):
            cand.add((j, i))
        lsh.insert(i, mh)
    if not cand:
        return np.empty(0, np.int64), np.empty(0, np.int64), len(cand)
    arr = np.array(sorted(cand), dtype=np.int64)
    s = rowwise_dot(X, arr[:, 0], X, arr[:, 1])
    keep = s >= t - 1e-9
    return arr[keep, 0], arr[keep, 1], len(cand)


def as_set(r: np.ndarray, c: np.ndarray) -> set[tuple[int, int]]:
    return set(zip(r.tolist(), c.tolist(), strict=True))


def recall(found: set, exact: set) -> float:
    return 1.0 if not exact else len(found & exact) / len(exact)


# --------------------------------------------------------------------------- main
def main(argv: list[str] | None = None) -> None:
    from astana_lib.reuse.allpairs import all_pairs
    from astana_lib.reuse.matcher import DEFAULT_THRESHOLD

    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--n", type=int, default=100_000, help="paragraphs")
    ap.add_argument("--threshold", type=float, default=DEFAULT_THRESHOLD)
    ap.add_argument(
        "--brute-rows",
        type=int,
        default=None,
        help="run brute force on the first rows only and extrapolate (default: all)",
    )
    ap.add_argument(
        "--sklearn-rows",
        type=int,
        default=200_000,
        help="time TfidfVectorizer on at most this many rows (extrapolated linearly beyond)",
    )
    ap.add_argument("--skip-brute", action="store_true")
    ap.add_argument("--skip-minhash", action="store_true")
    ap.add_argument("--skip-topn", action="store_true")
    ap.add_argument("--skip-library", action="store_true")
    ap.add_argument(
        "--library-only",
        action="store_true",
        help="only the end-to-end library run (clean process: its peak RSS is the corpus "
        "DataFrame plus the search)",
    )
    ap.add_argument(
        "--vs-tfidf",
        action="store_true",
        help="issue 11 target: the whole find_near_duplicates call at its defaults (candidates "
        "+ p_reuse decision) vs scikit-learn TfidfVectorizer(ngram_range=(1, 2)).fit_transform "
        "alone on the same normalised paragraphs; prints the ratio",
    )
    ap.add_argument("--out", type=Path, default=RESULTS / "bench_reuse.txt")
    args = ap.parse_args(argv)
    logging.basicConfig(level=logging.INFO, format="%(levelname)s %(name)s: %(message)s")
    if not (shared_dir() / "corpora").exists():
        sys.exit(f"corpora not found under {shared_dir()} (set ASTANA_SHARED)")

    say = Report()
    t = args.threshold
    say(
        f"## bench_reuse  n={args.n:,}  threshold={t}  ({time.strftime('%Y-%m-%d %H:%M')} UTC, "
        f"{os.cpu_count()} cpus, load avg at start {os.getloadavg()[0]:.1f} — other jobs share the cores)"
    )
    cmd = " ".join(argv if argv is not None else sys.argv[1:])
    say(f"command: python benchmarks/bench_reuse.py {cmd}")
    with Peak() as p:
        df = load_paragraphs(args.n)
    n = len(df)
    n_syn = int(df["para_id"].str.startswith("syn:").sum())
    say(
        f"load+normalise: {n:,} paragraphs ({n_syn:,} synthetic edited copies) "
        f"{p.seconds:.1f} s, peak {gib(p.peak)}"
    )
    if args.vs_tfidf:
        _vs_tfidf(df, say)
        _write(say, args.out)
        return
    if args.library_only:
        _library(df, t, say)
        _write(say, args.out)
        return
    norms = df["norm"].tolist()
    res: dict[str, dict] = {}

    def run(name: str, fn: Callable[[], object]) -> object:
        with Peak() as p:
            out = fn()
        res[name] = {"s": p.seconds, "peak": p.peak}
        return out

    X = run("vectorise ours", lambda: vectorise_ours(norms))
    say(
        f"vectorise, ours (integer-id n-grams): {res['vectorise ours']['s']:.1f} s, "
        f"{X.shape[1]:,} features, {X.nnz / n:.0f} nnz/row, peak {gib(res['vectorise ours']['peak'])}"
    )
    sk_rows = min(n, args.sklearn_rows)
    X_sk = run("vectorise sklearn", lambda: vectorise_sklearn(norms[:sk_rows]))
    vs = res["vectorise sklearn"]
    if sk_rows < n:
        vs["measured"] = vs["s"]
        vs["s"] = vs["s"] * n / sk_rows
        X_sk = None
        say(
            f"vectorise, TfidfVectorizer: {vs['measured']:.1f} s on the first {sk_rows:,} rows, "
            f"extrapolated linearly to {vs['s']:.0f} s for {n:,}"
        )
    else:
        same = X_sk.nnz == X.nnz and np.allclose(
            np.sort(X_sk.data), np.sort(X.data), rtol=0, atol=1e-12
        )
        say(
            f"vectorise, TfidfVectorizer: {vs['s']:.1f} s, peak {gib(vs['peak'])} "
            f"(same values as ours: {same})"
        )
    t_ours, t_sk = res["vectorise ours"]["s"], vs["s"]

    r, c, _ = run(
        "ours (prefix)", lambda: all_pairs(X, threshold=t, method="prefix", progress=True)
    )
    found = {"ours (prefix)": as_set(r, c)}
    if not args.skip_topn:
        r2, c2, _ = run(
            "sparse_dot_topn", lambda: all_pairs(X, threshold=t, method="topn", progress=True)
        )
        found["sparse_dot_topn"] = as_set(r2, c2)
    exact, exact_rows = found["ours (prefix)"], n
    if not args.skip_brute:
        rows = min(args.brute_rows or n, n)
        Xb = X_sk if X_sk is not None else X
        br, bc = run("brute (baseline 1)", lambda: brute_blocks(Xb, t, rows))
        exact = as_set(br, bc)
        found["brute (baseline 1)"] = exact
        exact_rows = rows
        if rows < n:
            info = res["brute (baseline 1)"]
            info["measured"] = info["s"]
            info["s"] = info["s"] * n / rows
    del X_sk
    if not args.skip_minhash:
        mr, mc, ncand = run("minhash LSH (baseline 2)", lambda: minhash_lsh(norms, X, t))
        found["minhash LSH (baseline 2)"] = as_set(mr, mc)
        res["minhash LSH (baseline 2)"]["cand"] = ncand

    def restricted(f: set) -> set:
        return f if exact_rows == n else {x for x in f if x[0] < exact_rows}

    say("")
    src = "brute force (baseline 1)" if not args.skip_brute else "ours (brute force not run)"
    where = (
        ""
        if exact_rows == n
        else f" with a row among the first {exact_rows:,} (recall measured there)"
    )
    say(f"exact answer: {src}, {len(exact):,} pairs{where}")
    say(
        f"{'method':26s} {'vectorise':>9s} {'search':>8s} {'total':>8s} {'peak RSS':>9s} "
        f"{'pairs':>9s} {'recall':>7s}  notes"
    )
    vec_of = {"minhash LSH (baseline 2)": 0.0, "brute (baseline 1)": t_sk}
    for name, f in found.items():
        info = res[name]
        tv = vec_of.get(name, t_ours)
        notes = []
        if "measured" in info:
            notes.append(
                f"search extrapolated from {info['measured']:.1f} s on {exact_rows:,} rows x all"
            )
        if name == "brute (baseline 1)" and "measured" in vs:
            notes.append("vectorise extrapolated")
        if name == "minhash LSH (baseline 2)":
            notes.append(
                f"MinHash+LSH over word 1-2-gram sets; {info['cand']:,} candidates verified by exact cosine"
            )
        if name == "sparse_dot_topn":
            notes.append(
                "identical pairs to prefix" if f == found["ours (prefix)"] else "DIFFERENT pairs"
            )
        say(
            f"{name:26s} {tv:9.1f} {info['s']:8.1f} {tv + info['s']:8.1f} {gib(info['peak']):>9s} "
            f"{len(f):9,d} {recall(restricted(f), exact):7.4f}  {'; '.join(notes)}"
        )
    o = res["ours (prefix)"]["s"]
    if "brute (baseline 1)" in res:
        b = res["brute (baseline 1)"]["s"]
        say(
            f"ours vs baseline 1: {(b + t_sk) / (o + t_ours):.1f}x faster end to end "
            f"(vectorise + search); search alone {b / o:.1f}x"
        )
    if "minhash LSH (baseline 2)" in res:
        m = res["minhash LSH (baseline 2)"]["s"]
        say(
            f"ours vs baseline 2: {m / (o + t_ours):.1f}x faster end to end (MinHash needs no TF-IDF)"
        )
    X = None  # free it before the library run
    gc.collect()
    if not args.skip_library:
        _library(df, t, say)
    _write(say, args.out)


def _library(df: pd.DataFrame, t: float, say: Report) -> None:
    import astana_lib as al

    paras = df[["para_id", "article_id", "outlet", "date", "text", "norm"]]
    with Peak() as p:
        pairs = al.find_near_duplicates(paras, threshold=t, progress=True)
    kinds = pairs["kind"].value_counts().to_dict()
    say(
        f"library find_near_duplicates end to end (vectorise + cosine + containment + "
        f"exact-duplicate expansion, default options): {p.seconds:.1f} s, peak RSS "
        f"{gib(p.peak)} (process RSS before: {gib(p.start_rss)}, holding the paragraphs), "
        f"{len(pairs):,} pairs {kinds}"
    )


def _vs_tfidf(df: pd.DataFrame, say: Report) -> None:
    """find_near_duplicates at its defaults vs TfidfVectorizer((1, 2)).fit_transform alone."""
    from sklearn.feature_extraction.text import TfidfVectorizer

    import astana_lib as al
    from astana_lib.reuse.matcher import DEFAULT_CONTAINMENT_THRESHOLD, DEFAULT_THRESHOLD

    norms = df["norm"].tolist()
    with Peak() as p0:
        X = TfidfVectorizer(ngram_range=(1, 2)).fit_transform(norms)
    say(
        f"baseline TfidfVectorizer(ngram_range=(1, 2)).fit_transform on the {len(norms):,} "
        f"normalised paragraphs: {p0.seconds:.1f} s, peak RSS {gib(p0.peak)}, {X.shape[1]:,} features"
    )
    del X
    gc.collect()
    paras = df[["para_id", "article_id", "outlet", "date", "text", "norm"]]
    with Peak() as p:
        pairs = al.find_near_duplicates(paras, progress=False)
    with Peak() as p2:
        cands = al.find_near_duplicates(paras, decision=None, progress=False)
    say(
        f"find_near_duplicates at the defaults (candidates cosine >= {DEFAULT_THRESHOLD} or "
        f"containment >= {DEFAULT_CONTAINMENT_THRESHOLD} or a shared 5-word run with cosine "
        f">= 0.2, p_reuse decision): {p.seconds:.1f} s, "
        f"peak RSS {gib(p.peak)}, {len(pairs):,} pairs kept of {len(cands):,} candidates "
        f"{pairs['kind'].value_counts().to_dict()}"
    )
    say(f"the same without the decision (candidates only): {p2.seconds:.1f} s")
    say(
        f"RATIO find_near_duplicates / TfidfVectorizer fit_transform = {p.seconds / p0.seconds:.2f} "
        "(target <= 1)"
    )


def _write(say: Report, out: Path) -> None:
    say("")
    out.parent.mkdir(parents=True, exist_ok=True)
    with open(out, "a", encoding="utf-8") as fh:
        fh.write("\n".join(say.lines) + "\n\n")


if __name__ == "__main__":
    main()
