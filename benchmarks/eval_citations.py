"""Precision of cited sources, before and after separating self-references and datelines.

Labels: ``benchmarks/citation_labels.csv`` (guide: ``benchmarks/LABELLING.md``): every
citation the library finds in the Astana sub-corpus (stratum ``astana_sub_all``) and a
random 75 from Syria-related paragraphs of the three dumps (``dump_random``), each read
by hand: ``label_source`` (the words name this agency/outlet), ``label_citation`` (an
article of *another* outlet cites it as a source of information; 0 for self-references,
for "مذيع قناة الجزيرة" employer mentions, tag lists …) and ``kind_true``.

Before issue 10 every match counted as a citation of an agency; now ``citation_kind``
separates ``self`` (the outlet itself), ``dateline``, ``source_line`` and ``agency``,
and the citations figure shows the non-self kinds.

Run (from the repository root)::

    ASTANA_SHARED=/path/to/shared .venv/bin/python benchmarks/eval_citations.py

Prints Markdown tables and writes ``benchmarks/results/eval_citations.txt``.
"""

from __future__ import annotations

import pandas as pd
from _accuracy import REPO, require_shared, run_and_save
from _labelled import check_spans, fmt, labelled_paragraphs, wilson

import astana_lib as al

LABELS = REPO / "benchmarks" / "citation_labels.csv"


def main(shared) -> None:
    labels = pd.read_csv(LABELS)
    paras = labelled_paragraphs(shared, labels)
    paras = paras[paras["para_id"].isin(labels["para_id"])]
    check_spans(labels.rename(columns={"lab_id": "hid"}), paras)
    # labels are per paragraph: a labelled paragraph of a duplicate record counts too
    now = al.find_citations(paras, duplicate_records="keep")
    lab = labels.merge(
        now[["para_id", "start", "agency", "citation_kind"]],
        on=["para_id", "start"],
        how="left",
        suffixes=("", "_now"),
    )
    if lab["citation_kind"].isna().any():
        raise SystemExit(f"labelled citations no longer found: {lab[lab.citation_kind.isna()]}")
    print(f"labelled citations: {len(labels)} ({labels['stratum'].value_counts().to_dict()})\n")
    rows = []
    for stratum, g in [("all", lab), *lab.groupby("stratum")]:
        other = g[g["citation_kind"] != "self"]
        lo, hi = wilson(int(other["label_citation"].sum()), len(other))
        rows.append(
            {
                "stratum": stratum,
                "matches": len(g),
                "names the source": float(g["label_source"].mean()),
                "self-references": int((g["citation_kind"] == "self").sum()),
                "precision before (every match a citation)": float(g["label_citation"].mean()),
                "precision after (non-self kinds)": float(other["label_citation"].mean()),
                "after 95% CI": f"{lo:.2f}–{hi:.2f}",
                "kind accuracy": float((g["citation_kind"] == g["kind_true"]).mean()),
            }
        )
    print(fmt(rows))
    kinds = lab.groupby(["stratum", "citation_kind"]).size().rename("n").reset_index()
    print("\nKinds found:\n")
    print(fmt(kinds.to_dict("records")))
    wrong = lab[(lab["citation_kind"] != "self") & (lab["label_citation"] == 0)]
    print("\nNon-self matches that are not citations:")
    for r in wrong.itertuples():
        print(f"  {r.lab_id}: {r.agency} — {r.snippet}")


if __name__ == "__main__":
    shared_dir = require_shared("corpora")
    run_and_save(lambda: main(shared_dir), "eval_citations.txt")
