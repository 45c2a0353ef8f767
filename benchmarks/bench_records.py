"""Duplicate records and learned site boilerplate on the shared dumps (prints its counts).

For each ``*.jsonl.gz`` in ``../shared/corpora`` (or ``$ASTANA_SHARED/corpora``) and the
Astana sub-corpus (``--sub``, default ``/work/data/astana_sub.jsonl.gz`` when present):

* duplicate records (:mod:`astana_lib.reading.duplicates`): articles flagged, per rule and per
  outlet; how many near-identical links each Jaccard threshold would make (0.8 … 0.95),
  the measurement behind the 0.9 default;
* site boilerplate (:mod:`astana_lib.reading.boilerplate`): body paragraphs relabelled per outlet
  (boilerplate / credit line → source), separator rules, and every learned line (outlet,
  articles, dates, role, first 70 characters) for reading;
* on the sub-corpus: articles per outlet and reuse pairs, copies kept vs dropped.

Usage::

    python benchmarks/bench_records.py > benchmarks/results/bench_records.txt
    python benchmarks/bench_records.py --cache /tmp/plain   # reuse the per-record tables

``--cache DIR`` keeps the tables of ``read_corpus(path, site_boilerplate=False)`` (the
reader before its corpus-level steps, which this script runs itself) as Parquet in
``DIR/<corpus>``, so a second run does not read the dumps again.
"""

from __future__ import annotations

import argparse
import os
import sys
import time
import warnings
from pathlib import Path

import pandas as pd


def shared_dir() -> Path:
    env = os.environ.get("ASTANA_SHARED")
    return Path(env) if env else Path(__file__).resolve().parents[2] / "shared"


def one(path: Path, cache: Path | None) -> pd.DataFrame:
    import astana_lib as al
    from astana_lib import boilerplate as bp
    from astana_lib.reading.duplicates import mark_duplicate_records

    t0 = time.perf_counter()
    saved = cache / path.name.split(".")[0] if cache else None
    if saved is not None and saved.is_dir():
        plain = al.read_parquet(saved)
    else:
        plain = al.read_corpus(path, progress=False, errors="ignore", site_boilerplate=False)
        if saved is not None:
            plain.to_parquet(saved)
    paras0 = plain.paragraphs
    lines = bp.site_boilerplate(paras0)
    paras = bp.relabel_site_boilerplate(paras0, lines)
    arts = mark_duplicate_records(plain.articles, paras)
    secs = time.perf_counter() - t0
    print(f"\n## {path.name}: {len(arts)} articles, {len(paras)} paragraphs ({secs:.0f} s)")

    dup = arts[arts["duplicate_of"].notna()]
    rule = dup["duplicate_reason"].str.replace(r"[=(].*", "", regex=True).str.strip()
    print(f"duplicate records: {len(dup)} ({len(dup) / len(arts):.1%} of articles)")
    print("  by rule:", rule.value_counts().to_dict())
    print("  by outlet:", dup["outlet"].value_counts().to_dict())
    kept = arts[arts["duplicate_of"].isna()]
    print(
        "  articles per outlet, all rows -> counted once:",
        {
            o: f"{n} -> {int((kept['outlet'] == o).sum())}"
            for o, n in arts["outlet"].value_counts().items()
        },
    )
    near = {}
    for thr in (0.8, 0.85, 0.9, 0.95):
        m = mark_duplicate_records(plain.articles, paras, near_jaccard=thr)
        near[thr] = int(m["duplicate_reason"].str.startswith("near-identical").sum())
    exact_only = mark_duplicate_records(plain.articles, paras, near_jaccard=None)
    print(
        "  near-identical links by Jaccard threshold (same outlet, <= 1 day):",
        near,
        "| flagged without the near rule:",
        int(exact_only["duplicate_of"].notna().sum()),
    )

    reason = paras["role_reason"]
    site = paras[reason.str.startswith("site_")]
    print(f"site boilerplate: {len(site)} body paragraphs relabelled from {len(lines)} lines")
    print(
        "  per outlet and role:",
        {f"{o}/{r}": n for (o, r), n in site.groupby(["outlet", "role"]).size().items()},
    )
    sep = paras[reason == "separator"]
    print(
        f"  separator rules (per-article rule): {len(sep)}", sep["outlet"].value_counts().to_dict()
    )
    print("  roles before -> after:", paras0["role"].value_counts().to_dict(), "->",
          paras["role"].value_counts().to_dict())  # fmt: skip
    print("  learned lines (outlet | articles | dates | role | first 70 characters):")
    for r in lines.itertuples():
        print(f"    {r.outlet:16s} | {r.n_articles:4d} | {r.n_dates:3d} | {r.role:11s} | "
              f"{r.norm[:70]!r}")  # fmt: skip
    return lines


def sub(path: Path, lines: pd.DataFrame) -> None:
    import astana_lib as al

    c0 = al.read_corpus(path, progress=False, errors="ignore", site_boilerplate=False)
    c = al.read_corpus(path, progress=False, errors="ignore", site_boilerplate=lines)
    print(f"\n## sub-corpus {path.name}: {len(c)} articles")
    print(
        "site lines learned on the dumps relabel",
        int(c.paragraphs["role_reason"].str.startswith("site_").sum()),
        "paragraphs here (read alone, the sub-corpus is too small to learn them);",
        "separator rules:",
        int((c.paragraphs["role_reason"] == "separator").sum()),
    )
    before = al.find_near_duplicates(c0.paragraphs, progress=False, duplicate_records="keep")
    before["kind"] = before["kind"].replace("duplicate_record", "exact/near (copy)")
    print(f"before (no site lines, copies kept, as before issue 9): {len(before)} pairs")
    for dr in ("keep", "drop"):
        cov = al.coverage_matrix(c.articles, c.paragraphs, duplicate_records=dr)
        pairs = al.find_near_duplicates(c.paragraphs, progress=False, duplicate_records=dr)
        edges = al.reuse_edges(pairs, paragraphs=c.paragraphs, duplicate_records=dr)
        f24 = edges[
            (edges["outlet_from"] == "france24_arabic") & (edges["outlet_to"] == "skynews_arabia")
        ]
        print(
            f"duplicate_records={dr!r}: articles per outlet "
            f"{cov.groupby('outlet')['n_articles'].sum().to_dict()}; reuse pairs {len(pairs)} "
            f"{pairs['kind'].value_counts().to_dict()}; france24 -> skynews pairs "
            f"{int(f24['n_pairs'].sum())}"
        )


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--sub", type=Path, default=Path("/work/data/astana_sub.jsonl.gz"))
    ap.add_argument("--cache", type=Path, default=None, help="folder for per-record tables")
    args = ap.parse_args()
    warnings.simplefilter("ignore")
    pd.set_option("display.width", 200)
    corpora = sorted((shared_dir() / "corpora").glob("*.jsonl.gz"))
    if not corpora:
        print(f"no corpora in {shared_dir() / 'corpora'} (set ASTANA_SHARED); skipped")
        return
    print(f"python {sys.version.split()[0]}, load {os.getloadavg()[0]:.2f}")
    lines = pd.concat([one(path, args.cache) for path in corpora], ignore_index=True)
    if args.sub.is_file():
        sub(args.sub, lines)


if __name__ == "__main__":
    main()
