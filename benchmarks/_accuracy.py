"""Shared helpers of the near-duplicate accuracy benchmarks (eval_gold.py, eval_synthetic.py).

Thin, dependency-light code on top of scikit-learn's ``TfidfVectorizer`` and
:func:`astana_lib.text.normalize.normalize_arabic`: the configurations compared, loading of
real corpus paragraphs, cosine / shingle-containment scoring of given pairs, an exact
all-pairs candidate search (sparse_dot_topn) and precision/recall/F1 helpers.

Not part of the library: these scripts measure, the library (``astana_lib.reuse``)
adopts the defaults they recommend.
"""

from __future__ import annotations

import gzip
import io
import json
import os
import re
import sys
import zlib
from collections.abc import Callable, Iterable, Sequence
from contextlib import redirect_stdout
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd
import scipy.sparse as sp
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.metrics import cohen_kappa_score

from astana_lib.text.normalize import ARABIC_LETTERS_RE, normalize_arabic

REPO = Path(__file__).resolve().parents[1]
RESULTS = REPO / "benchmarks" / "results"
CORPORA = ("ant_multisource_2018", "saudinewsnet_2015", "almayadeen_2023_2024")


# --------------------------------------------------------------------------- locating data
def shared_dir() -> Path | None:
    """``$ASTANA_SHARED``, else ``../shared`` next to the repository; None when absent."""
    env = os.environ.get("ASTANA_SHARED")
    cand = Path(env) if env else REPO.parent / "shared"
    return cand if cand.is_dir() else None


def require_shared(*parts: str) -> Path:
    """Return the shared folder or exit(0) with a clear message when it (or a part) is absent."""
    sh = shared_dir()
    missing = [p for p in parts if sh is None or not (sh / p).exists()]
    if sh is None or missing:
        where = (
            sh
            if sh is not None
            else Path(os.environ.get("ASTANA_SHARED") or REPO.parent / "shared")
        )
        print(
            f"SKIPPED: shared benchmark data not found ({where}; missing: {missing or 'folder'}). "
            "Set ASTANA_SHARED=/path/to/shared or place it next to the repository."
        )
        sys.exit(0)
    return sh


# --------------------------------------------------------------------------- corpora
PARA_SPLIT = re.compile(r"\n\s*\n")


def iter_articles(path: Path) -> Iterable[dict]:
    with gzip.open(path, "rt", encoding="utf-8") as fh:
        for line in fh:
            if line.strip():
                yield json.loads(line)


def load_corpus_paragraphs(
    shared: Path,
    *,
    n: int,
    seed: int,
    min_chars: int = 40,
    min_arabic: int = 20,
    topic_share: float = 0.5,
    corpora: Sequence[str] = CORPORA,
) -> pd.DataFrame:
    """Sample whole articles from the shared corpora until about ``n`` paragraphs.

    Paragraphs are ``text.split("\\n\\n")`` pieces of at least ``min_chars`` characters
    with at least ``min_arabic`` Arabic letters.
    ``topic_share`` of the paragraphs come from articles on Syria/Russia (text mentions
    both), the rest from any article: same-topic text makes negatives hard.
    Articles flagged ``url_duplicate_of`` (ANT re-listings) are skipped.

    Returns columns para_id, article_id, para_no, outlet, date, corpus, text.
    """
    rng = np.random.default_rng(seed)
    arts: list[tuple[str, str, str, str, list[str]]] = []
    for name in corpora:
        for rec in iter_articles(shared / "corpora" / f"{name}.jsonl.gz"):
            if rec.get("url_duplicate_of"):
                continue
            text = rec.get("text") or ""
            paras = [p.strip() for p in PARA_SPLIT.split(text)]
            # the library skips rows without Arabic letters; so do we (rules, "_____")
            paras = [
                p
                for p in paras
                if len(p) >= min_chars and len(ARABIC_LETTERS_RE.findall(p)) >= min_arabic
            ]
            if paras:
                arts.append(
                    (rec["id"], rec.get("outlet") or "", rec.get("date") or "", name, paras)
                )
    topic = np.array(["سوري" in "".join(a[4]) and "روسي" in "".join(a[4]) for a in arts])
    order_topic = rng.permutation(np.flatnonzero(topic))
    order_other = rng.permutation(np.flatnonzero(~topic))
    rows: list[dict] = []
    seen_norm: set[str] = set()

    def take(order: np.ndarray, budget: int) -> None:
        got = 0
        for idx in order:
            if got >= budget:
                break
            aid, outlet, date, corpus, paras = arts[idx]
            for k, p in enumerate(paras, start=1):
                key = normalize_arabic(p)
                if key in seen_norm:  # exact repeats would be unlabelled reuse
                    continue
                seen_norm.add(key)
                rows.append(
                    {
                        "para_id": f"{aid}:{k}",
                        "article_id": aid,
                        "para_no": k,
                        "outlet": outlet,
                        "date": date,
                        "corpus": corpus,
                        "text": p,
                    }
                )
                got += 1

    take(order_topic, int(n * topic_share))
    take(order_other, n - len(rows))
    return pd.DataFrame(rows)


# --------------------------------------------------------------------------- configurations
@dataclass(frozen=True)
class Config:
    """One vectoriser configuration: analyzer, n-gram range, normalisation."""

    analyzer: str  # "word" | "char_wb" | "char"
    ngram: tuple[int, int]
    norm: str  # "fold" (normalize_arabic), "nofold" (no ة→ه), "raw" (none)

    @property
    def name(self) -> str:
        return f"{self.analyzer}{self.ngram[0]}-{self.ngram[1]}/{self.norm}"

    def vectorizer(self) -> TfidfVectorizer:
        return TfidfVectorizer(
            analyzer=self.analyzer,
            ngram_range=self.ngram,
            sublinear_tf=True,
            norm="l2",
            dtype=np.float32,
            lowercase=True,
        )


def normaliser(norm: str) -> Callable[[str], str]:
    if norm == "fold":
        return normalize_arabic
    if norm == "nofold":
        return lambda s: normalize_arabic(s, fold_teh_marbuta=False)
    if norm == "raw":
        return lambda s: s
    raise ValueError(norm)


def config_from_name(name: str) -> Config:
    m = re.fullmatch(r"(word|char_wb|char)(\d)-(\d)/(fold|nofold|raw)", name)
    if not m:
        raise ValueError(f"bad config name {name!r}, e.g. 'word1-2/fold'")
    return Config(m[1], (int(m[2]), int(m[3])), m[4])


# --------------------------------------------------------------------------- scores
def rowwise_cosine(X: sp.csr_matrix, a: np.ndarray, b: np.ndarray) -> np.ndarray:
    """Cosine of rows a[i] and b[i] of an l2-normalised matrix."""
    return np.asarray(X[a].multiply(X[b]).sum(axis=1)).ravel()


WORD_RE = re.compile(r"\w+")


def shingles(norm_text: str, k: int) -> set[int]:
    """Hashed word k-shingles of a normalised text (whole text when shorter than k)."""
    w = WORD_RE.findall(norm_text)
    if len(w) < k:
        return {zlib.crc32(" ".join(w).encode())} if w else set()
    return {zlib.crc32(" ".join(w[i : i + k]).encode()) for i in range(len(w) - k + 1)}


def containment_pairs(
    norms: Sequence[str], a: np.ndarray, b: np.ndarray, k: int
) -> tuple[np.ndarray, np.ndarray]:
    """containment_ab = |S(a)∩S(b)|/|S(a)| and containment_ba for given index pairs."""
    cache: dict[int, set[int]] = {}

    def S(i: int) -> set[int]:
        if i not in cache:
            cache[i] = shingles(norms[i], k)
        return cache[i]

    cab = np.zeros(len(a))
    cba = np.zeros(len(a))
    for t, (i, j) in enumerate(zip(a, b, strict=True)):
        si, sj = S(int(i)), S(int(j))
        if si and sj:
            inter = len(si & sj)
            cab[t] = inter / len(si)
            cba[t] = inter / len(sj)
    return cab, cba


def shingle_matrix(norms: Sequence[str], k: int) -> sp.csr_matrix:
    """Binary paragraph × hashed-shingle matrix (2**24 hash buckets)."""
    indptr = [0]
    indices: list[int] = []
    for t in norms:
        s = sorted({h & 0xFFFFFF for h in shingles(t, k)})
        indices.extend(s)
        indptr.append(len(indices))
    data = np.ones(len(indices), dtype=np.float32)
    return sp.csr_matrix(
        (data, np.asarray(indices, dtype=np.int32), np.asarray(indptr, dtype=np.int64)),
        shape=(len(norms), 1 << 24),
    )


# --------------------------------------------------------------------------- all-pairs search
def _upper_pairs(C: sp.csr_matrix) -> pd.DataFrame:
    C = C.tocoo()
    m = C.row < C.col
    return pd.DataFrame({"i": C.row[m], "j": C.col[m], "v": C.data[m]})


def cosine_all_pairs(X: sp.csr_matrix, *, threshold: float, top_n: int = 200) -> pd.DataFrame:
    """All pairs i<j with cosine >= threshold (exact up to ``top_n`` neighbours per row)."""
    from sparse_dot_topn import sp_matmul_topn

    C = sp_matmul_topn(
        X, X.T.tocsr(), top_n=top_n, threshold=threshold - 1e-6, sort=False, n_threads=2
    )
    df = _upper_pairs(C)
    return df.rename(columns={"v": "cosine"})


def containment_all_pairs(
    norms: Sequence[str], *, k: int, threshold: float, top_n: int = 200
) -> pd.DataFrame:
    """All pairs i<j whose max(containment_ab, containment_ba) >= threshold (word k-shingles).

    Rows of the binary shingle matrix scaled by 1/|S(a)| give containment_ab = (A/|A|)·B.
    """
    from sparse_dot_topn import sp_matmul_topn

    M = shingle_matrix(norms, k)
    sizes = np.asarray(M.sum(axis=1)).ravel()
    inv = np.where(sizes > 0, 1.0 / np.maximum(sizes, 1), 0.0).astype(np.float32)
    A = sp.diags(inv) @ M
    C = sp_matmul_topn(
        A.tocsr(), M.T.tocsr(), top_n=top_n, threshold=threshold - 1e-6, sort=False, n_threads=2
    ).tocoo()
    off = C.row != C.col
    df = pd.DataFrame({"a": C.row[off], "b": C.col[off], "c": C.data[off]})
    df["i"] = np.minimum(df.a, df.b)
    df["j"] = np.maximum(df.a, df.b)
    out = df.groupby(["i", "j"], as_index=False)["c"].max().rename(columns={"c": "containment"})
    # shingles of the shorter text: tiny texts (headlines, boilerplate) are contained easily
    out["min_shingles"] = np.minimum(sizes[out.i], sizes[out.j]).astype(int)
    return out


# --------------------------------------------------------------------------- metrics
def prf(tp: int, fp: int, fn: int) -> tuple[float, float, float]:
    p = tp / (tp + fp) if tp + fp else 1.0
    r = tp / (tp + fn) if tp + fn else 1.0
    f = 2 * p * r / (p + r) if p + r else 0.0
    return p, r, f


def components(n: int, i: np.ndarray, j: np.ndarray) -> np.ndarray:
    """Connected-component label of each of n nodes given edges (i, j)."""
    from scipy.sparse.csgraph import connected_components

    g = sp.coo_matrix((np.ones(len(i)), (i, j)), shape=(n, n))
    return connected_components(g, directed=False)[1]


def fmt_table(df: pd.DataFrame, floatfmt: str = "{:.3f}") -> str:
    """Markdown table (no tabulate dependency)."""
    cols = list(df.columns)
    out = ["| " + " | ".join(map(str, cols)) + " |", "|" + "---|" * len(cols)]
    for _, r in df.iterrows():
        cells = [floatfmt.format(v) if isinstance(v, float) else str(v) for v in r]
        out.append("| " + " | ".join(cells) + " |")
    return "\n".join(out)


def update_curve_csv(rows: pd.DataFrame, benchmarks: Iterable[str]) -> Path:
    """Replace this script's rows (by ``benchmark``) in results/threshold_curve.csv."""
    path = RESULTS / "threshold_curve.csv"
    RESULTS.mkdir(parents=True, exist_ok=True)
    cols = ["threshold", "precision", "recall", "f1", "benchmark"]
    old = pd.read_csv(path) if path.exists() else pd.DataFrame(columns=cols)
    old = old[~old["benchmark"].isin(list(benchmarks))]
    new = pd.concat([old, rows[cols]], ignore_index=True) if len(old) else rows[cols]
    new.round(4).to_csv(path, index=False)
    return path


def cohen_kappa(a: Iterable, b: Iterable) -> float:
    """Cohen's kappa of two labellings of the same items (NaN when only one category)."""
    a, b = list(a), list(b)
    if len(set(a) | set(b)) < 2:
        return float("nan")  # undefined: both readings use one category only
    return float(cohen_kappa_score(a, b))


def run_and_save(main: Callable[[], None], filename: str) -> None:
    """Run ``main``, print what it prints and save it as ``benchmarks/results/<filename>``."""
    buf = io.StringIO()
    with redirect_stdout(buf):
        main()
    text = buf.getvalue()
    sys.stdout.write(text)
    RESULTS.mkdir(parents=True, exist_ok=True)
    (RESULTS / filename).write_text(text, encoding="utf-8")
