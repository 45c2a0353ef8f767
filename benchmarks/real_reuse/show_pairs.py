"""Print both paragraphs of candidate pairs for reading (texts go to stdout only, never to files).

    python benchmarks/real_reuse/show_pairs.py r0002,r0005      # given pair_ids
    python benchmarks/real_reuse/show_pairs.py --blind          # all of blind_subset.csv

No labels and no similarity scores are shown (for the blind second reading). Each paragraph is
checked against its sha1 in candidates.csv.
"""

import gzip
import hashlib
import json
import sys
from pathlib import Path

import pandas as pd

HERE = Path(__file__).resolve().parent
CORPORA = HERE.parents[2] / "shared" / "corpora"


def article_paragraphs(C: pd.DataFrame, ids: list[str]) -> dict[str, list[str]]:
    """The paragraphs (``text.split("\\n\\n")``) of every article named by the pairs ``ids``."""
    need = set(C.loc[ids, "id_a"]) | set(C.loc[ids, "id_b"])
    texts = {}
    for f in sorted(CORPORA.glob("*.jsonl.gz")):
        with gzip.open(f, "rt", encoding="utf-8") as fh:
            for line in fh:
                d = json.loads(line)
                if d["id"] in need:
                    texts[d["id"]] = (d.get("text") or "").split("\n\n")
    return texts


def main(argv: list[str]) -> None:
    C = pd.read_csv(HERE / "candidates.csv").set_index("pair_id")
    ids = (
        pd.read_csv(HERE / "blind_subset.csv").pair_id.tolist()
        if argv == ["--blind"]
        else argv[0].split(",")
    )
    texts = article_paragraphs(C, ids)
    for pid in ids:
        r = C.loc[pid]
        print(f"## {pid} | {r.outlet_a} {r.date_a} / {r.outlet_b} {r.date_b}")
        for side in ("a", "b"):
            p = texts[r[f"id_{side}"]][int(r[f"para_{side}"])]
            ok = hashlib.sha1(p.encode("utf-8")).hexdigest() == r[f"sha1_{side}"]
            print(f"{side.upper()}{'' if ok else ' [SHA1 MISMATCH]'}: {p.strip()}")
        print()


if __name__ == "__main__":
    main(sys.argv[1:])
