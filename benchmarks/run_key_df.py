"""How many candidate pairs the run step's inverted index makes (issue 11, 1M target).

The run step of :func:`astana_lib.find_near_duplicates` pairs every two distinct texts that
share a word 5-gram, then keeps those with word cosine >= 0.2. A 5-gram found in ``df``
distinct texts makes ``df·(df−1)/2`` such pairs. This prints, for the paragraphs of
``bench_reuse.py`` (first ``n``), the shared 5-grams, the total of those pair incidences
and how much of it comes from 5-grams above a few document-frequency caps.

Usage::

    python benchmarks/run_key_df.py 100000
    python benchmarks/run_key_df.py 1000000     # ~1.5 min, ~3 GB: under the heavy-job lock
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent))

from bench_reuse import load_paragraphs

from astana_lib.reuse.containment import TOKEN_PATTERN
from astana_lib.text.ngrams import shingle_keys, tokenize


def main(n: int) -> None:
    t = time.perf_counter()
    df = load_paragraphs(n)
    uniq = list(dict.fromkeys(df["norm"]))
    del df
    ids, ptr = tokenize(uniq, {}, grow=True, pattern=TOKEN_PATTERN)
    _doc, keys, _ = shingle_keys(ids, ptr, 5)
    _, c = np.unique(keys, return_counts=True)
    c = c[c >= 2].astype(np.float64)
    pairs = c * (c - 1) / 2
    print(f"n={n} distinct={len(uniq)} 5-grams shared={len(c)} "
          f"total pair-incidences={pairs.sum():.3e}  ({time.perf_counter() - t:.0f} s)")  # fmt: skip
    for cap in (50, 100, 200, 500, 1000, 5000):
        m = c > cap
        print(f"  df > {cap:5d}: {int(m.sum()):7d} keys, pair-incidences {pairs[m].sum():.3e}; "
              f"kept below: {pairs[~m].sum():.3e}")  # fmt: skip
    print("top df:", np.sort(c)[-10:].astype(int).tolist())


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 100_000)
