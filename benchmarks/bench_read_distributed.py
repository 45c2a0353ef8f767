"""Client memory of the Dask readers: parts kept on the workers vs gathered (issue 8).

For each ``*.jsonl.gz`` in ``../shared/corpora`` (or ``$ASTANA_SHARED/corpora``), on a
LocalCluster of 2 worker processes (1 thread each), each run in a fresh process so peak
RSS is the run's own:

* ``before: gathered`` — :func:`~astana_lib.backends.dask_read.read_corpus_distributed`
  of the code in ``--baseline`` (a checkout of main before this change: parts read on
  the workers, concatenated and finished on the client): the baseline;
* ``on workers`` — :func:`astana_lib.backends.dask_read.read_corpus_parts`: the parts
  and every corpus-level step stay on the workers (no gather);
* ``gathered`` — this tree's ``read_corpus_distributed`` (``read_corpus_parts`` then
  ``.gather()``: the Corpus on the client).

For each: wall time (and its ratio to the baseline), peak RSS of the client process
(it also runs the scheduler, as a LocalCluster does) and its growth over the RSS it had
with the cluster up, peak RSS of each worker (psutil, sampled every 0.1 s), and a
fingerprint of the paragraphs (row hashes summed, part by part on the workers for the
no-gather run) so the three runs are shown to hold the same table.

Usage::

    git archive main | tar -x -C /tmp/main_snapshot      # the code before, for the baseline
    flock /tmp/astana_heavy.lock nice -n 10 python benchmarks/bench_read_distributed.py \
        --baseline /tmp/main_snapshot
    python benchmarks/bench_read_distributed.py --only "ant*" --partition-size 2000

Prints its figures and writes them to ``benchmarks/results/bench_read_distributed.txt``.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import subprocess
import sys
import time
import warnings
from pathlib import Path

import pandas as pd
import psutil

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "benchmarks"))
RESULTS = REPO / "benchmarks" / "results"
VARIANTS = ("before: gathered", "on workers", "gathered")

from bench_scale import PeakRSS, Report  # noqa: E402


def shared_dir() -> Path:
    env = os.environ.get("ASTANA_SHARED")
    return Path(env) if env else REPO.parent / "shared"


def fingerprint(paragraphs: pd.DataFrame) -> int:
    """Sum (mod 2**64) of the row hashes: the same for a table and its parts."""
    return int(pd.util.hash_pandas_object(paragraphs, index=False).sum())


def run(path: Path, variant: str, partition_size: int, memory_limit: str) -> dict:
    """One read in this process; the figures as a dict."""
    from distributed import Client, LocalCluster

    from astana_lib.backends.dask_read import read_corpus_distributed

    if variant == "on workers":
        from astana_lib.backends.dask_read import read_corpus_parts

    warnings.simplefilter("ignore")
    with (
        LocalCluster(
            n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None,
            memory_limit=memory_limit,
        ) as cluster,
        Client(cluster) as client,
    ):  # fmt: skip
        pids = {f"worker{k}": pid for k, pid in enumerate(client.run(os.getpid).values())}
        pids["client"] = os.getpid()
        rss0 = psutil.Process().memory_info().rss
        with PeakRSS(pids) as peak:
            t0 = time.perf_counter()
            kw = {"client": client, "partition_size": partition_size, "progress": False}
            if variant == "on workers":
                dc = read_corpus_parts(path, **kw)
            else:  # this tree's reader, or the baseline's (run with its PYTHONPATH)
                corpus = read_corpus_distributed(path, **kw)
            secs = time.perf_counter() - t0
        if variant == "on workers":
            prints = client.gather([client.submit(fingerprint, p) for p in dc.paragraph_parts])
            fp = sum(prints) % 2**64
            n_art, n_par, n_parts = len(dc), dc.n_paragraphs, len(dc.parts)
        else:
            fp = fingerprint(corpus.paragraphs)
            n_art, n_par = len(corpus), len(corpus.paragraphs)
            n_parts = corpus.articles.attrs["dask"]["tasks"]
    workers = [v for k, v in peak.peak.items() if k != "client"]
    return {
        "variant": variant, "corpus": path.name, "seconds": secs, "articles": n_art,
        "paragraphs": n_par, "parts": n_parts, "fingerprint": fp, "client_rss0": rss0,
        "client_peak": peak.peak["client"], "worker_peaks": workers,
    }  # fmt: skip


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--only", default="*.jsonl.gz", help="glob of the corpora")
    ap.add_argument("--partition-size", type=int, default=2000)
    ap.add_argument("--memory-limit", default="5GiB", help="per worker")
    ap.add_argument("--baseline", help="a checkout of the code before (default: this tree)")
    ap.add_argument("--one", nargs=2, metavar=("PATH", "VARIANT"), help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.one:
        out = run(Path(args.one[0]), args.one[1], args.partition_size, args.memory_limit)
        print("RESULT " + json.dumps(out))
        return
    say = Report()
    corpora = sorted((shared_dir() / "corpora").glob(args.only))
    if not corpora:
        sys.exit(f"no corpora matching {args.only} in {shared_dir() / 'corpora'}")
    say(
        f"# command: python benchmarks/bench_read_distributed.py --only {args.only!r} "
        f"--partition-size {args.partition_size} ({time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime())})"
    )
    say(
        f"python {platform.python_version()}, cpus {os.cpu_count()}, load "
        f"{os.getloadavg()[0]:.2f}; LocalCluster 2 worker processes x 1 thread, "
        f"memory_limit {args.memory_limit}; each run in a fresh process"
    )
    baseline = Path(args.baseline).resolve() if args.baseline else REPO
    say(f"baseline code: {baseline}")
    say(
        f"{'corpus':<30} {'run':<20} {'wall':>7} {'ratio':>6} {'client peak':>12} "
        f"{'client growth':>14} {'worker peaks':>18}  parts  paragraphs  same table"
    )
    for path in corpora:
        base = None
        for variant in VARIANTS:
            cmd = [sys.executable, __file__, "--one", str(path), variant,
                   "--partition-size", str(args.partition_size),
                   "--memory-limit", args.memory_limit]  # fmt: skip
            code = baseline if variant.startswith("before") else REPO
            env = {**os.environ, "PYTHONPATH": str(code)}
            proc = subprocess.run(cmd, capture_output=True, text=True, env=env, check=False)
            lines = [x for x in proc.stdout.splitlines() if x.startswith("RESULT ")]
            if proc.returncode or not lines:
                say(f"{path.name:<30} {variant:<20} FAILED: {proc.stderr.strip()[-300:]}")
                continue
            r = json.loads(lines[-1][len("RESULT ") :])
            base = base or r
            mib = 2**20
            same = "yes" if r["fingerprint"] == base["fingerprint"] else "NO"
            say(
                f"{path.name:<30} {variant:<20} {r['seconds']:6.1f}s "
                f"{r['seconds'] / base['seconds']:5.2f}x {r['client_peak'] / mib:9.0f} MiB "
                f"{(r['client_peak'] - r['client_rss0']) / mib:+11.0f} MiB "
                f"{' / '.join(f'{w / mib:.0f}' for w in r['worker_peaks']):>14} MiB "
                f"{r['parts']:6d} {r['paragraphs']:11d}  {same}"
            )
    RESULTS.mkdir(exist_ok=True)
    (RESULTS / "bench_read_distributed.txt").write_text("\n".join(say.lines) + "\n")


if __name__ == "__main__":
    main()
