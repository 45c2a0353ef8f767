"""Reading speed and memory on the shared corpora (prints its figures).

For each ``*.jsonl.gz`` in ``../shared/corpora`` (or ``$ASTANA_SHARED/corpora``), in a fresh
process so peak RSS is per corpus:

* ``read_corpus`` wall time and CPU time of the process (``time.process_time``: what one
  core spends, robust to other jobs on a busy machine), articles/s on each, paragraphs/s
  and peak RSS;
* a baseline in the same process — gunzip + ``json.loads`` of every record, and
  ``normalize_arabic`` of every paragraph — so the figures can be compared as ratios on a
  busy machine;
* the **bare pass** in the same process: gunzip + ``json.loads`` + split the text into
  lines + ``normalize_arabic`` of every non-blank line, and the ratio of reading to it
  (CPU time of each). Target: reading is no slower than 4.5x the bare pass (issue 9;
  reading now includes the corpus-level site boilerplate and duplicate-record steps);
* the Astana topic filter: how many articles it keeps, per outlet.

Usage::

    python benchmarks/bench_read.py            # all corpora
    python benchmarks/bench_read.py --limit 5000
    python benchmarks/bench_read.py --only "ant*"     # one corpus
"""

from __future__ import annotations

import argparse
import gzip
import json
import os
import resource
import subprocess
import sys
import time
import warnings
from pathlib import Path


def shared_dir() -> Path:
    env = os.environ.get("ASTANA_SHARED")
    return Path(env) if env else Path(__file__).resolve().parents[2] / "shared"


def one(path: Path, limit: int | None) -> dict:
    from astana_lib.annotate.topic import filter_astana
    from astana_lib.reading.finish import _finish_read
    from astana_lib.reading.parts import read_part
    from astana_lib.reading.read import read_corpus
    from astana_lib.text.normalize import normalize_arabic

    t0 = time.perf_counter()
    n = 0
    with gzip.open(path, "rb") as fh:
        for line in fh:
            json.loads(line)
            n += 1
            if limit and n >= limit:
                break
    t_json = time.perf_counter() - t0

    # bare pass: gunzip + json + split + normalise, nothing else (same process, CPU time)
    c0 = time.process_time()
    n = n_lines = 0
    with gzip.open(path, "rb") as fh:
        for line in fh:
            text = json.loads(line).get("text") or ""
            for ln in text.split("\n"):
                if ln.strip():
                    normalize_arabic(ln)
                    n_lines += 1
            n += 1
            if limit and n >= limit:
                break
    cpu_bare = time.process_time() - c0

    warnings.simplefilter("ignore")
    c0 = time.process_time()
    t0 = time.perf_counter()
    if limit:  # the first records, with the same corpus-level steps as read_corpus
        corpus = _finish_read(path, read_part(path, stop=limit), [], None, None, "ignore")
    else:
        corpus = read_corpus(path, progress=False, errors="ignore")
    t_read = time.perf_counter() - t0
    cpu_read = time.process_time() - c0
    rss_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024

    c0 = time.process_time()
    for t in corpus.paragraphs["text"]:
        normalize_arabic(t)
    t_norm = time.process_time() - c0

    astana = filter_astana(corpus)
    per_outlet = astana.articles["outlet"].fillna("(unknown)").value_counts().to_dict()
    a = corpus.articles
    return {
        "corpus": path.name,
        "articles": len(a),
        "paragraphs": len(corpus.paragraphs),
        "problems": len(corpus.problems),
        "empty_articles": int((a["n_paragraphs"] == 0).sum()),
        "seconds": round(t_read, 2),
        "articles_per_s": round(len(a) / t_read),
        "cpu_seconds": round(cpu_read, 2),
        "articles_per_cpu_s": round(len(a) / cpu_read),
        "paragraphs_per_s": round(len(corpus.paragraphs) / t_read),
        "peak_rss_mb": round(rss_mb),
        "ratio_to_json_parse": round(t_read / t_json, 1),
        "ratio_to_normalize_only": round(cpu_read / t_norm, 2),
        "bare_pass_cpu_seconds": round(cpu_bare, 2),
        "ratio_to_bare_pass": round(cpu_read / cpu_bare, 2),
        "duplicate_records": int(a["duplicate_of"].notna().sum()),
        "site_boilerplate_paragraphs": int(
            corpus.paragraphs["role_reason"].str.startswith("site_").sum()
        ),
        "outlet_known": round(float(a["outlet"].notna().mean()), 3),
        "date_known": round(float(a["date"].notna().mean()), 3),
        "round_known": round(float(a["round"].notna().mean()), 4),
        "astana_articles": len(astana),
        "astana_per_outlet": per_outlet,
        "astana_round_known": int(astana.articles["round"].notna().sum()),
        "roles": corpus.paragraphs["role"].value_counts().to_dict(),
    }


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--limit", type=int, default=None, help="read only the first N records")
    ap.add_argument("--only", default="*", help="glob of the corpora to run (default: all)")
    ap.add_argument("--one", type=Path, help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.one:
        print(json.dumps(one(args.one, args.limit), ensure_ascii=False))
        return
    corpora = sorted((shared_dir() / "corpora").glob(f"{args.only}.jsonl.gz"))
    if not corpora:
        sys.exit(f"no corpora in {shared_dir() / 'corpora'} (set ASTANA_SHARED)")
    print(f"python {sys.version.split()[0]}, pid {os.getpid()}, cpus {os.cpu_count()}, "
          f"load {os.getloadavg()[0]:.2f}")  # fmt: skip
    total_a = total_t = total_c = 0.0
    for path in corpora:
        cmd = [sys.executable, __file__, "--one", str(path)]
        if args.limit:
            cmd += ["--limit", str(args.limit)]
        out = subprocess.run(cmd, capture_output=True, text=True, check=True).stdout
        r = json.loads(out.strip().splitlines()[-1])
        total_a += r["articles"]
        total_t += r["seconds"]
        total_c += r["cpu_seconds"]
        print(
            f"{r['corpus']:32s} {r['articles']:6d} articles {r['paragraphs']:7d} paragraphs "
            f"in {r['seconds']:6.1f} s wall = {r['articles_per_s']:5d} articles/s, "
            f"{r['cpu_seconds']:6.1f} s CPU = {r['articles_per_cpu_s']:5d} articles/CPU-s "
            f"({r['paragraphs_per_s']} paragraphs/s), peak RSS {r['peak_rss_mb']} MB; "
            f"{r['ratio_to_json_parse']}x gunzip+json, {r['ratio_to_normalize_only']}x "
            f"normalize-only; problems {r['problems']} (empty texts {r['empty_articles']})"
        )
        print(
            f"    known: outlet {r['outlet_known']:.1%}, date {r['date_known']:.1%}, "
            f"round {r['round_known']:.2%}; Astana articles {r['astana_articles']} "
            f"(round known for {r['astana_round_known']}): {r['astana_per_outlet']}"
        )
        print(
            f"    bare gunzip+json+split+normalise pass {r['bare_pass_cpu_seconds']:.1f} s CPU; "
            f"reading / bare pass = {r['ratio_to_bare_pass']:.2f}x (target <= 4.5x); "
            f"duplicate records {r['duplicate_records']}, site boilerplate/credit paragraphs "
            f"{r['site_boilerplate_paragraphs']}"
        )
        print(f"    roles: {r['roles']}")
    print(
        f"TOTAL {int(total_a)} articles in {total_t:.1f} s wall = {total_a / total_t:.0f} "
        f"articles/s; {total_c:.1f} s CPU = {total_a / total_c:.0f} articles per CPU-second"
    )


if __name__ == "__main__":
    main()
