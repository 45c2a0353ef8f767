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


def score_pairs(df: pd.DataFrame, corpora: Path, cache: Path | None = None) -> pd.DataFrame:
    """Feature table (one row per labelled pair) computed from the dumps' texts."""
    key = hashlib.sha1(
        ("|".join(df["pair_id"] + df["sha1_a"] + df["sha1_b"]) + "v3").encode()
    ).hexdigest()[:16]
    if cache is not None:
        f = cache / f"real_texts_{key}.parquet"
        if f.exists():
            return pd.read_parquet(f)
    parts = []
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
        m = ParagraphMatcher(carry=(), require_arabic=False).fit(
            [normalize_arabic(p) for p in paras]
        )
        na = [normalize_arabic(t) for t in ta]
        nb = [normalize_arabic(t) for t in tb]
        X = m.transform(na + nb)
        n = len(na)
        cos = np.clip(rowwise_dot(X, np.arange(n), X, np.arange(n, 2 * n)), 0, 1)
        parts.append(
            pd.DataFrame({"pair_id": sub["pair_id"].to_numpy(), "norm_a": na, "norm_b": nb,
                          "word_cosine": cos})
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
    return out


def features(scored: pd.DataFrame) -> pd.DataFrame:
    """The reader's features of the scored pairs (texts from :func:`score_pairs`)."""
    n = len(scored)
    texts = list(scored["norm_a"]) + list(scored["norm_b"])
    f = pair_features(texts, np.arange(n), np.arange(n, 2 * n), cosine=scored["word_cosine"])
    f.insert(0, "pair_id", scored["pair_id"].to_numpy())
    return f
