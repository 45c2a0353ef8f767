"""How common are the word runs each labelled pair shares? (-> run_df.csv)

For every labelled pair of ``labels.csv``: the number of distinct word 5-grams
(``DEFAULT_MIN_RUN`` words, the search's run step) the two paragraphs share, and the
smallest number of distinct paragraphs of the pair's whole dump that contain one of them
(``min_run_df``). The run step of ``find_near_duplicates`` ignores runs found in more than
``RUN_MAX_TEXTS`` distinct texts (formula lines), so ``eval_real.py`` lets a pair in by its
shared run only when ``min_run_df <= RUN_MAX_TEXTS``. Counts only; no text is written.

Usage: ``python benchmarks/real_reuse/count_run_df.py`` (about 2 minutes; needs ../shared).
"""

from __future__ import annotations

import gzip
import json
import sys
from pathlib import Path

import numpy as np
import pandas as pd

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))

from _real_reuse import FILES, load_labels  # noqa: E402

from astana_lib.reuse.constants import DEFAULT_MIN_RUN, RUN_MAX_TEXTS  # noqa: E402
from astana_lib.reuse.containment import TOKEN_PATTERN  # noqa: E402
from astana_lib.text.ngrams import shingle_keys, tokenize  # noqa: E402
from astana_lib.text.normalize import normalize_arabic  # noqa: E402


def paragraphs_of(path: Path) -> dict[tuple[str, int], str]:
    """Every non-empty paragraph of a dump, keyed by (record id, 0-based position)."""
    out: dict[tuple[str, int], str] = {}
    with gzip.open(path, "rt", encoding="utf-8") as fh:
        for line in fh:
            if line.strip():
                rec = json.loads(line)
                for i, p in enumerate((rec.get("text") or "").split("\n\n")):
                    if p.strip():
                        out[(rec["id"], i)] = p
    return out


def main() -> None:
    corpora = HERE.parents[2] / "shared" / "corpora"
    labels = load_labels()
    rows = []
    for corpus, sub in labels.groupby("corpus", sort=True):
        paras = paragraphs_of(corpora / FILES[corpus])
        norms = list(dict.fromkeys(normalize_arabic(p) for p in paras.values()))
        vocab: dict[str, int] = {}
        ids, ptr = tokenize(norms, vocab, grow=True, pattern=TOKEN_PATTERN)
        keys, df = np.unique(shingle_keys(ids, ptr, DEFAULT_MIN_RUN)[1], return_counts=True)
        na = [
            normalize_arabic(paras[(a, int(i))])
            for a, i in zip(sub["id_a"], sub["para_a"], strict=True)
        ]
        nb = [
            normalize_arabic(paras[(b, int(i))])
            for b, i in zip(sub["id_b"], sub["para_b"], strict=True)
        ]
        da, ka, _ = shingle_keys(
            *tokenize(na, vocab, grow=True, pattern=TOKEN_PATTERN), DEFAULT_MIN_RUN
        )
        db, kb, _ = shingle_keys(
            *tokenize(nb, vocab, grow=True, pattern=TOKEN_PATTERN), DEFAULT_MIN_RUN
        )
        for k, pid in enumerate(sub["pair_id"]):
            shared = np.intersect1d(ka[da == k], kb[db == k])
            pos = np.searchsorted(keys, shared)
            mdf = int(df[pos].min()) if len(shared) else -1  # every shared key is in the dump
            rows.append((pid, corpus, len(shared), mdf))
        print(f"{corpus}: {len(sub)} pairs; {len(norms):,} distinct paragraphs", flush=True)
    out = pd.DataFrame(rows, columns=["pair_id", "corpus", "n_shared_runs", "min_run_df"])
    out.sort_values("pair_id").to_csv(HERE / "run_df.csv", index=False)
    lab = labels.merge(out, on="pair_id")
    shared = lab[lab["n_shared_runs"] > 0]
    for y, g in shared.groupby("label"):
        print(f"label {y}: {len(g)} pairs share a run; every shared run in more than "
              f"{RUN_MAX_TEXTS} texts: {int((g['min_run_df'] > RUN_MAX_TEXTS).sum())}")  # fmt: skip


if __name__ == "__main__":
    main()
