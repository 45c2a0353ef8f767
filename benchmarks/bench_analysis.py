"""Speed of the analysis functions on real paragraphs (prints its figures).

Paragraphs come from ``../shared/corpora/*.jsonl.gz`` (or ``$ASTANA_SHARED/corpora``),
split on blank lines as the corpora README describes. In the same process, on the same
paragraphs, it times:

* baseline: ``normalize_series`` of every paragraph (the floor: every matcher normalises);
* a naive matcher: one flat regex alternation of all gazetteer aliases (named groups,
  longest first, no prefilter) run on every normalised paragraph — what a first
  implementation does;
* ``actor_mentions`` (trie regex + last-word prefilter + offsets + quotations);
* ``framing_counts`` and ``unmatched_names``;

and prints wall times, paragraphs/s and ratios to the baseline, plus a check that the
naive matcher and ``actor_mentions`` find the same number of mentions.

Usage::

    python benchmarks/bench_analysis.py                 # 50,000 paragraphs of ANT 2018
    python benchmarks/bench_analysis.py --limit 200000 --corpus saudinewsnet_2015
"""

from __future__ import annotations

import argparse
import gzip
import json
import os
import re
import sys
import time
from pathlib import Path

import pandas as pd


def shared_dir() -> Path:
    env = os.environ.get("ASTANA_SHARED")
    return Path(env) if env else Path(__file__).resolve().parents[2] / "shared"


def load_paragraphs(path: Path, limit: int) -> pd.DataFrame:
    rows = []
    with gzip.open(path, "rt", encoding="utf-8") as f:
        for line in f:
            d = json.loads(line)
            for i, t in enumerate((d.get("text") or "").split("\n\n"), 1):
                if t.strip():
                    rows.append((f"{d['id']}:{i}", d["id"], t, d.get("outlet"), d.get("date")))
            if len(rows) >= limit:
                break
    df = pd.DataFrame(rows[:limit], columns=["para_id", "article_id", "text", "outlet", "date"])
    df["role"] = "body"
    return df


def naive_count(norms: list[str], terms: list[str]) -> int:
    """Flat alternation, longest first, proclitics on the first word, no prefilter."""

    def pat(t: str) -> str:
        body = re.escape(t)
        if t.startswith("ال") and len(t) > 2:
            return f"(?:[وف]?[بك]?{body}|[وف]?لل{re.escape(t[2:])})"
        return f"[وف]?[بلك]?{body}"

    uniq = sorted(set(terms), key=lambda t: (-len(t), t))
    alts = "|".join(f"(?P<t{k}>{pat(t)})" for k, t in enumerate(uniq))
    rx = re.compile(rf"(?<!\w)(?:{alts})(?!\w)")
    return sum(1 for n in norms for _ in rx.finditer(n))


def timed(fn):
    t0 = time.perf_counter()
    out = fn()
    return out, time.perf_counter() - t0


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--corpus", default="ant_multisource_2018")
    ap.add_argument("--limit", type=int, default=50_000)
    args = ap.parse_args()
    path = shared_dir() / "corpora" / f"{args.corpus}.jsonl.gz"
    if not path.is_file():
        print(f"corpus not found: {path} (set ASTANA_SHARED)", file=sys.stderr)
        return 1

    import astana_lib as al
    from astana_lib.text.normalize import normalize_series

    paras, t_load = timed(lambda: load_paragraphs(path, args.limit))
    n = len(paras)
    chars = int(paras["text"].str.len().sum())
    print(
        f"corpus {args.corpus}: {n:,} paragraphs, {chars / 1e6:.1f}M characters "
        f"(loaded in {t_load:.1f} s)"
    )
    norms, t_base = timed(lambda: normalize_series(paras["text"]).tolist())
    gaz = al.load_gazetteer()
    naive, t_naive = timed(lambda: naive_count(norms, gaz["term_norm"].tolist()))
    mentions, t_act = timed(lambda: al.actor_mentions(paras))
    counts, t_fr = timed(lambda: al.framing_counts(paras))
    unknown, t_un = timed(lambda: al.unmatched_names(paras))

    def line(name: str, t: float, extra: str = "") -> None:
        print(
            f"  {name:<38} {t:8.2f} s  {n / t:10,.0f} paragraphs/s  "
            f"{t / t_base:6.2f}x baseline  {extra}"
        )

    print("wall times (same process, same paragraphs):")
    line("baseline normalize_series", t_base)
    line("naive flat-alternation alias regex", t_naive, f"{naive:,} matches")
    line(
        "actor_mentions",
        t_act,
        f"{len(mentions):,} mentions, {int(mentions['quoted'].sum()):,} quoted",
    )
    line("framing_counts", t_fr, f"{int(counts['count'].sum()):,} occurrences")
    line(
        "unmatched_names",
        t_un,
        f"{int((unknown['kind'] == 'candidate_name').sum()):,} candidate names",
    )
    print(f"naive / actor_mentions time ratio: {t_naive / t_act:.1f}")
    same = "yes" if naive == len(mentions) else f"NO ({naive} vs {len(mentions)})"
    print(f"naive matcher and actor_mentions find the same number of mentions: {same}")
    top = mentions["actor"].value_counts().head(8)
    print("most mentioned actors:", ", ".join(f"{a} {c}" for a, c in top.items()))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
