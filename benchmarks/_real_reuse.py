"""Load the real labelled reuse benchmark (benchmarks/real_reuse/) and score its pairs.

Helpers of ``eval_real.py`` (not run directly). A labelled pair names two paragraphs by
record id and 0-based position in ``text.split("\\n\\n")`` of a shared dump
(``make_candidates.py``); the texts are read from ``../shared/corpora`` and checked
against the SHA-1 stored with the pair. The word TF-IDF cosine is computed as
``find_near_duplicates`` computes it on that corpus: a ``ParagraphMatcher`` fitted on
all paragraphs of the pair's corpus (vocabulary and idf of the whole dump).
"""

from __future__ import annotations

import gzip
import hashlib
import json
import time
from pathlib import Path

import numpy as np
import pandas as pd

from astana_lib.reuse.allpairs import rowwise_dot
from astana_lib.reuse.features import pair_features
from astana_lib.reuse.matcher import ParagraphMatcher
from astana_lib.reuse.shingle_counts import ShingleCounts
from astana_lib.text.normalize import normalize_arabic

REPO = Path(__file__).resolve().parents[1]
BENCH = REPO / "benchmarks" / "real_reuse"
FILES = {
    "saudinewsnet": "saudinewsnet_2015.jsonl.gz",
    "ant": "ant_multisource_2018.jsonl.gz",
    "almayadeen": "almayadeen_2023_2024.jsonl.gz",
}


def load_candidates(folder: Path = BENCH) -> pd.DataFrame:
    return pd.read_csv(folder / "candidates.csv", dtype={"para_a": int, "para_b": int})


def load_labels(folder: Path = BENCH) -> pd.DataFrame:
    """candidates.csv joined with labels.csv (labelled pairs only)."""
    cand = load_candidates(folder)
    lab = pd.read_csv(folder / "labels.csv")
    lab = lab.drop_duplicates("pair_id", keep="last")
    lab = lab[lab["label"].isin([0, 1, "0", "1"])].copy()
    lab["label"] = lab["label"].astype(int)
    df = cand.merge(lab[["pair_id", "label", "category", "note"]], on="pair_id", how="inner")
    return df.reset_index(drop=True)


def file_sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def score_pairs(
    df: pd.DataFrame, corpora: Path, cache: Path | None = None
) -> tuple[pd.DataFrame, dict[str, ShingleCounts]]:
    """Normalised texts and word cosine of each pair, and each dump's 3-gram counts.

    The counts (:class:`~astana_lib.reuse.shingle_counts.ShingleCounts`) are taken over
    the distinct normalised paragraphs of the pair's whole dump, as
    ``find_near_duplicates`` takes them over the corpus it searches.
    """
    key = hashlib.sha1(
        ("|".join(df["pair_id"] + df["sha1_a"] + df["sha1_b"]) + "v4").encode()
    ).hexdigest()[:16]
    corpora_used = sorted(df["corpus"].unique())
    if cache is not None:
        f = cache / f"real_texts_{key}.parquet"
        cfiles = {c: cache / f"real_counts_{key}_{c}.npz" for c in corpora_used}
        if f.exists() and all(p.exists() for p in cfiles.values()):
            return pd.read_parquet(f), {c: ShingleCounts.load(p) for c, p in cfiles.items()}
    parts = []
    counts: dict[str, ShingleCounts] = {}
    for corpus, sub in df.groupby("corpus", sort=False):
        t0 = time.perf_counter()
        want = set(sub["id_a"]) | set(sub["id_b"])
        paras: list[str] = []
        texts: dict[tuple[str, int], str] = {}
        with gzip.open(corpora / FILES[corpus], "rt", encoding="utf-8") as fh:
            for line in fh:
                if not line.strip():
                    continue
                rec = json.loads(line)
                pieces = (rec.get("text") or "").split("\n\n")
                paras.extend(p for p in pieces if p.strip())
                if rec["id"] in want:
                    for i, p in enumerate(pieces):
                        texts[(rec["id"], i)] = p
        ta = [texts.get((a, int(i))) for a, i in zip(sub["id_a"], sub["para_a"], strict=True)]
        tb = [texts.get((b, int(i))) for b, i in zip(sub["id_b"], sub["para_b"], strict=True)]
        bad = [
            pid
            for pid, x, y, ha, hb in zip(
                sub["pair_id"], ta, tb, sub["sha1_a"], sub["sha1_b"], strict=True
            )
            if x is None
            or y is None
            or hashlib.sha1(x.encode()).hexdigest() != ha
            or hashlib.sha1(y.encode()).hexdigest() != hb
        ]
        if bad:
            raise SystemExit(f"{corpus}: {len(bad)} pair texts missing or changed: {bad[:5]}")
        norms = [normalize_arabic(p) for p in paras]
        m = ParagraphMatcher(carry=(), require_arabic=False).fit(norms)
        counts[corpus] = ShingleCounts.from_texts(norms)
        del norms
        na = [normalize_arabic(t) for t in ta]
        nb = [normalize_arabic(t) for t in tb]
        X = m.transform(na + nb)
        n = len(na)
        cos = np.clip(rowwise_dot(X, np.arange(n), X, np.arange(n, 2 * n)), 0, 1)
        parts.append(
            pd.DataFrame({"pair_id": sub["pair_id"].to_numpy(), "corpus": corpus,
                          "norm_a": na, "norm_b": nb, "word_cosine": cos})
        )  # fmt: skip
        print(
            f"  {corpus}: {len(sub)} pairs scored; idf over {len(paras):,} paragraphs "
            f"({time.perf_counter() - t0:.0f} s)",
            flush=True,
        )
    out = pd.concat(parts, ignore_index=True)
    out = df[["pair_id"]].merge(out, on="pair_id", how="left")
    if cache is not None:  # normalised texts stay outside git (cache folder)
        cache.mkdir(parents=True, exist_ok=True)
        out.to_parquet(f)
        for c, cnt in counts.items():
            cnt.save(cfiles[c])
    return out, counts


def features(scored: pd.DataFrame, counts: dict[str, ShingleCounts]) -> pd.DataFrame:
    """The reader's features of the scored pairs (:func:`score_pairs`), per dump."""
    parts = []
    for corpus, sub in scored.groupby("corpus", sort=False):
        n = len(sub)
        texts = list(sub["norm_a"]) + list(sub["norm_b"])
        f = pair_features(
            texts, np.arange(n), np.arange(n, 2 * n), cosine=sub["word_cosine"],
            corpus=counts[corpus],
        )  # fmt: skip
        f.insert(0, "pair_id", sub["pair_id"].to_numpy())
        parts.append(f)
    return scored[["pair_id"]].merge(pd.concat(parts, ignore_index=True), on="pair_id")
