"""Precision and recall of actor mentions and of the ``quoted`` flag, on hand-read paragraphs.

Labels (guide: ``benchmarks/LABELLING.md``):

* ``benchmarks/actor_label_paragraphs.csv``: the paragraphs read in full (corpus file,
  ``para_id``, stratum: random paragraphs with a mention from the Astana sub-corpus and
  from the Syria-related paragraphs of the dumps, and sub-corpus paragraphs with a
  speech verb but no mention, where misses hide);
* ``benchmarks/actor_labels.csv``: one row per gazetteer-actor mention in them —
  every mention the library reported (before or after issue 10) and every mention it
  missed (``origin = missed``) — with ``label_mention`` (the span names this actor),
  ``label_quoted`` (words or a stated position of this person are reported here),
  ``found_before``/``quoted_before`` (the library at commit 2cda9f3, before issue 10)
  and, for a blind re-read subset, ``quoted_reread``.

"After" is computed live by :func:`astana_lib.actor_mentions`; a mention it reports
that has no label stops the script (label it first).

Run (from the repository root)::

    ASTANA_SHARED=/path/to/shared .venv/bin/python benchmarks/eval_actors.py

Prints Markdown tables and writes ``benchmarks/results/eval_actors.txt``.
"""

from __future__ import annotations

import pandas as pd
from _accuracy import REPO, require_shared, run_and_save
from _labelled import check_spans, cohen_kappa, fmt, labelled_paragraphs

import astana_lib as al

LABELS = REPO / "benchmarks" / "actor_labels.csv"
PARAS = REPO / "benchmarks" / "actor_label_paragraphs.csv"


def _scores(found: pd.Series, quoted: pd.Series, lab: pd.DataFrame) -> dict[str, float]:
    true = lab["label_mention"] == 1
    tq = true & (lab["label_quoted"] == 1)
    return {
        "mentions found": int(found.sum()),
        "mention precision": float(lab.loc[found, "label_mention"].mean()),
        "mention recall": float((found & true).sum() / true.sum()),
        "quoted flagged": int((found & quoted).sum()),
        "quoted precision": float((found & quoted & tq).sum() / (found & quoted).sum()),
        "quoted recall": float((found & quoted & tq).sum() / tq.sum()),
    }


def main(shared) -> None:
    labels = pd.read_csv(LABELS)
    read = pd.read_csv(PARAS)
    paras = labelled_paragraphs(shared, read.rename(columns={"para_id": "para_id"}))
    paras = paras[paras["para_id"].isin(read["para_id"])]
    check_spans(labels.rename(columns={"mid": "hid"}), paras)
    # labels are per paragraph: a labelled paragraph of a duplicate record counts too
    now = al.actor_mentions(paras, duplicate_records="keep")
    key = ["para_id", "start"]
    merged = now[[*key, "actor", "quoted"]].merge(
        labels, on=key, how="left", suffixes=("_now", ""), indicator=True
    )
    unlabelled = merged[merged["_merge"] == "left_only"]
    if len(unlabelled):
        raise SystemExit(f"{len(unlabelled)} reported mention(s) have no label:\n{unlabelled}")
    lab = labels.merge(now[[*key, "quoted"]], on=key, how="left")
    found_now = lab["quoted"].notna()
    quoted_now = lab["quoted"].fillna(False).astype(bool)

    print(
        f"paragraphs read in full: {len(read)} ({read['stratum'].value_counts().to_dict()}); "
        f"labelled mentions: {len(labels)} (true: {int(labels['label_mention'].sum())}, "
        f"quoted: {int(labels['label_quoted'].sum())}; missed by both versions: "
        f"{int((labels['origin'] == 'missed').sum())})\n"
    )
    rows = [
        {"version": "before (2cda9f3)", **_scores(lab["found_before"], lab["quoted_before"], lab)},
        {"version": "after (this tree)", **_scores(found_now, quoted_now, lab)},
    ]
    print(fmt(rows))
    tq = (lab["label_mention"] == 1) & (lab["label_quoted"] == 1)
    fp = lab[found_now & quoted_now & ~tq]
    fn = lab[tq & ~(found_now & quoted_now)]
    print("\nQuoted false positives (after):")
    for r in fp.itertuples():
        print(f"  {r.mid}: {r.actor} — {r.snippet}")
    print("Quoted misses (after):")
    for r in fn.itertuples():
        print(f"  {r.mid}: {r.actor} ({r.origin}) — {r.snippet}")
    rr = labels[labels["quoted_reread"].notna()]
    agree = (rr["label_quoted"] == rr["quoted_reread"]).mean()
    kappa = cohen_kappa(rr["label_quoted"].astype(int), rr["quoted_reread"].astype(int))
    print(f"\nBlind re-read of the quoted flag: {len(rr)} mentions, agreement {agree:.3f}, "
          f"Cohen's kappa {kappa:.3f}")  # fmt: skip


if __name__ == "__main__":
    shared_dir = require_shared("corpora")
    run_and_save(lambda: main(shared_dir), "eval_actors.txt")
