"""The full blind second reading of the real reuse benchmark (2026-11-30): batches and adjudication.

    python benchmarks/real_reuse/second_reading.py batches OUT       # 7 shuffled batches to read
    python benchmarks/real_reuse/second_reading.py adjudicate OUT    # the pairs the readings split on

``batches`` writes ``OUT/batch_K.txt`` (both paragraphs of each pair, outlets and dates, no
labels, no scores: for reading only, never committed) and ``OUT/batch_K_ids.csv``; each of 7
readers labelled one batch by ``GUIDE.md`` into ``OUT/read2_K.csv`` (concatenated:
``labels_read2.csv``). ``adjudicate`` writes ``OUT/adjudicate.txt``: every pair whose two
readings differ, with both readers' label, category and note as "Reader X" / "Reader Y" in a
random order per pair (``OUT/adjudicate_key.csv`` says which is which); the adjudicator saw
only that file and the guide, and wrote ``adjudicated.csv``.
"""

import glob
import hashlib
import sys
from pathlib import Path

import numpy as np
import pandas as pd
from show_pairs import article_paragraphs

HERE = Path(__file__).resolve().parent
K = 7


def batches(out: Path) -> None:
    C = pd.read_csv(HERE / "candidates.csv").set_index("pair_id")
    ids = sorted(pd.read_csv(HERE / "labels_read1.csv").pair_id)
    ids = list(np.random.default_rng(2026_11_30).permutation(ids))
    texts = article_paragraphs(C, ids)
    for k in range(K):
        part = ids[k::K]
        pd.DataFrame({"pair_id": part}).to_csv(out / f"batch_{k}_ids.csv", index=False)
        with open(out / f"batch_{k}.txt", "w", encoding="utf-8") as fh:
            for pid in part:
                r = C.loc[pid]
                same = "SAME outlet" if r.outlet_a == r.outlet_b else "different outlets"
                fh.write(
                    f"## {pid} | A: {r.outlet_a} {r.date_a} | B: {r.outlet_b} {r.date_b} | {same}\n"
                )
                for side in ("a", "b"):
                    p = texts[r[f"id_{side}"]][int(r[f"para_{side}"])]
                    assert hashlib.sha1(p.encode()).hexdigest() == r[f"sha1_{side}"], pid
                    fh.write(f"{side.upper()}: {p.strip()}\n")
                fh.write("\n")


def adjudicate(out: Path) -> None:
    r2 = pd.concat([pd.read_csv(f) for f in sorted(glob.glob(str(out / "read2_*.csv")))])
    r1 = pd.read_csv(HERE / "labels_read1.csv")
    m = r1.merge(r2, on="pair_id", suffixes=("_1", "_2"))
    d = m[m.label_1 != m.label_2].sort_values("pair_id")
    rng = np.random.default_rng(7)
    blocks = {}
    for k in range(K):
        for b in (out / f"batch_{k}.txt").read_text(encoding="utf-8").split("\n\n"):
            if b.startswith("## "):
                blocks[b.split()[1]] = b
    rows = []
    with open(out / "adjudicate.txt", "w", encoding="utf-8") as fh:
        for _, r in d.iterrows():
            sides = [
                ("1", r.label_1, r.category_1, r.note_1),
                ("2", r.label_2, r.category_2, r.note_2),
            ]
            if rng.random() < 0.5:
                sides = sides[::-1]
            rows.append({"pair_id": r.pair_id, "X": sides[0][0], "Y": sides[1][0]})
            fh.write(blocks[r.pair_id] + "\n")
            for name, s in zip("XY", sides, strict=True):
                fh.write(f"Reader {name}: label {s[1]} ({s[2]}) — {s[3]}\n")
            fh.write("\n")
    pd.DataFrame(rows).to_csv(out / "adjudicate_key.csv", index=False)
    pd.DataFrame({"pair_id": d.pair_id}).to_csv(out / "adjudicate_ids.csv", index=False)


def final_labels() -> pd.DataFrame:
    """labels.csv: the first reading where the two readings agree, else the adjudicator's row."""
    fin = pd.read_csv(HERE / "labels_read1.csv").set_index("pair_id")
    adj = pd.read_csv(HERE / "adjudicated.csv").set_index("pair_id")
    fin.loc[adj.index, ["label", "category", "note"]] = adj[
        ["label", "category", "note"]
    ].to_numpy()
    return fin.astype({"label": int}).reset_index()


if __name__ == "__main__":
    step, folder = sys.argv[1], Path(sys.argv[2])
    {"batches": batches, "adjudicate": adjudicate}[step](folder)
