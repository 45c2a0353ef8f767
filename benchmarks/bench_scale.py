"""Scale benchmark of the Dask backend (issue 5): single machine vs LocalCluster.

On the same paragraphs, in one run of this script:

1. the single-machine search (:func:`astana_lib.find_near_duplicates`);
2. :func:`astana_lib.backends.dask.find_near_duplicates_distributed` on a LocalCluster with
   1 worker, then with 2 workers (1 thread each; this machine has 2 cores);

and for each: wall time, peak RSS (client process; every worker process, sampled every
0.1 s with psutil), and whether the pairs table is identical to the single-machine one.
Then a projection of wall time for 10M and 100M paragraphs on 16 and 64 workers, from the
measured per-block-pair costs, with its assumptions printed.

Paragraphs: the 1M-paragraph set of ``benchmarks/bench_reuse.py`` (three corpora,
paragraphs >= 40 characters, plus synthetic copies), first ``--n`` of them.

Usage::

    python benchmarks/bench_scale.py --n 100000            # moderate run
    python benchmarks/bench_scale.py --n 1000000           # the full set (long)
    python benchmarks/bench_scale.py --parts --n 200000    # parts on the workers vs DataFrame

``--parts`` (issue 8, out-of-core search): the paragraphs are written once as Parquet parts
(``--part-rows`` paragraphs each, cut at article boundaries, under ``--parts-dir``) by a
separate process; then the DataFrame path (the client reads the parts, concatenates them
and calls ``find_near_duplicates_distributed(paragraphs)``) and the parts path (the client
passes the paths; the workers read them, :mod:`astana_lib.backends.dask_search`) each run in
a fresh process on a LocalCluster of ``--workers`` workers, with peak RSS of the client and
of every worker sampled; the pairs tables are then compared. ``--paths parts-out`` runs
the parts path with ``out=`` (the workers write the pairs as Parquet files, the client
receives only their list)::

    python benchmarks/bench_scale.py --parts --paths parts,parts-out --n 1000000

Prints its figures and writes them to ``benchmarks/results/bench_scale.txt``.
"""

from __future__ import annotations

import argparse
import contextlib
import itertools
import json
import os
import platform
import shutil
import sys
import tempfile
import threading
import time
from pathlib import Path

import numpy as np
import pandas as pd
import psutil

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "benchmarks"))
RESULTS = REPO / "benchmarks" / "results"


class PeakRSS:
    """Sample the RSS of a set of processes in a background thread; keep each one's peak."""

    def __init__(self, pids: dict[str, int], interval: float = 0.1) -> None:
        self.pids = dict(pids)
        self.interval = interval
        self.peak: dict[str, int] = dict.fromkeys(self.pids, 0)
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    #: stop this process when the client passes this many bytes (protects a shared machine)
    client_limit: float = float("inf")

    def _run(self) -> None:
        procs = {}
        for name, pid in self.pids.items():
            with contextlib.suppress(psutil.NoSuchProcess):
                procs[name] = psutil.Process(pid)
        while not self._stop.is_set():
            for name, p in procs.items():
                with contextlib.suppress(psutil.NoSuchProcess):
                    self.peak[name] = max(self.peak[name], p.memory_info().rss)
            if self.peak.get("client", 0) > self.client_limit:
                print(json.dumps({"killed": True, "client_rss": self.peak["client"]}), flush=True)
                for child in psutil.Process().children(recursive=True):  # this run's workers
                    with contextlib.suppress(psutil.NoSuchProcess):
                        child.kill()
                os._exit(3)
            self._stop.wait(self.interval)

    def __enter__(self) -> PeakRSS:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        self._thread.join()


def gib(n: float) -> str:
    return f"{n / 2**30:.2f} GiB"


class Report:
    def __init__(self) -> None:
        self.lines: list[str] = []

    def __call__(self, msg: str = "") -> None:
        print(msg, flush=True)
        self.lines.append(msg)


def identical(a: pd.DataFrame, b: pd.DataFrame) -> str:
    """'yes' when the pairs tables are equal (rows, order, dtypes exact; scores to 1e-9)."""
    try:
        pd.testing.assert_frame_equal(
            a[["para_a", "para_b", "kind"]], b[["para_a", "para_b", "kind"]], check_exact=True
        )
        pd.testing.assert_frame_equal(a, b, check_exact=False, rtol=0, atol=1e-9)
    except AssertionError as exc:
        return f"NO ({str(exc).splitlines()[0][:120]})"
    diff = (a["cosine"] - b["cosine"]).abs().max() if len(a) else 0.0
    return f"yes (max |Δcosine| = {diff:.1e})"


def run_single(paras: pd.DataFrame) -> tuple[pd.DataFrame, float, int, float]:
    """Single-machine search: pairs, wall seconds, peak RSS, CPU seconds of the process."""
    import astana_lib as al

    me = os.getpid()
    with PeakRSS({"client": me}) as peak:
        t0, c0 = time.perf_counter(), time.process_time()
        pairs = al.find_near_duplicates(paras, roles=None, progress=False)
        secs, cpu = time.perf_counter() - t0, time.process_time() - c0
    return pairs, secs, peak.peak["client"], cpu


def run_dask(
    paras: pd.DataFrame, n_workers: int, *, block_size: int, spill: Path, memory_limit: str
) -> tuple[pd.DataFrame, float, dict[str, int], dict]:
    from distributed import Client, LocalCluster

    from astana_lib.backends.dask import find_near_duplicates_distributed

    with (
        LocalCluster(
            n_workers=n_workers,
            threads_per_worker=1,
            processes=True,
            dashboard_address=":0",
            memory_limit=memory_limit,
        ) as cluster,
        Client(cluster) as client,
    ):
        pids = {f"worker{k}": pid for k, pid in enumerate(client.run(os.getpid).values())}
        pids["client"] = os.getpid()
        with PeakRSS(pids) as peak:
            t0, c0 = time.perf_counter(), time.process_time()
            pairs = find_near_duplicates_distributed(
                paras,
                client=client,
                roles=None,
                block_size=block_size,
                spill_dir=spill,
                resume=False,
                progress=False,
            )
            secs, client_cpu = time.perf_counter() - t0, time.process_time() - c0
    stats = dict(pairs.attrs["dask"])
    stats["client_cpu_seconds"] = client_cpu
    return pairs, secs, peak.peak, stats


def block_costs(stats: dict, key: str = "block_cpu_seconds") -> dict[str, float]:
    """Per-block-pair seconds and a two-term cost model ``t = fixed + per_rowpair * rows_i * rows_j``.

    A diagonal block pair (i == i) searches b(b-1)/2 row pairs, an off-diagonal one b²,
    with about the same fixed part (slicing, prefix split, scheduling on the worker), so
    the two means give both terms: ``per_rowpair = 2 (off - diag) / b²`` and
    ``fixed = 2 diag - off``. When the difference is lost in timing noise (<= 0), all
    the time is charged to the row pairs (an upper bound for large N).
    """
    spans = stats["block_spans"]
    diag, off, off_rowpairs = [], [], []
    for name, secs in stats[key].items():
        i, j = (int(x) for x in name.split("-"))
        ni = spans[i][1] - spans[i][0]
        nj = spans[j][1] - spans[j][0]
        if i == j:
            diag.append(secs)
        else:
            off.append(secs)
            off_rowpairs.append(ni * nj)
    out: dict[str, float] = {
        "n_diag": len(diag),
        "n_off": len(off),
        "diag_mean": float(np.mean(diag)) if diag else float("nan"),
        "off_mean": float(np.mean(off)) if off else float("nan"),
    }
    if off:
        b2 = float(np.mean(off_rowpairs))
        per = 2 * (out["off_mean"] - out["diag_mean"]) / b2
        if per > 0:
            out["per_rowpair"], out["fixed"] = per, max(0.0, 2 * out["diag_mean"] - out["off_mean"])
            out["model"] = "two-term fit (diagonal vs off-diagonal blocks)"
        else:
            out["per_rowpair"], out["fixed"] = out["off_mean"] / b2, 0.0
            out["model"] = "all time charged to row pairs (diag/off difference lost in noise)"
    else:
        b = spans[0][1] - spans[0][0]
        out["per_rowpair"], out["fixed"] = out["diag_mean"] / max(b * (b - 1) / 2, 1), 0.0
        out["model"] = "single block: all time charged to row pairs"
    return out


def project(
    report: Report,
    *,
    n_measured: int,
    stats1: dict,
    costs1: dict,
    t_blocks_1w: float,
    t_blocks_2w: float | None,
    block_size: int,
    worker_peak: int,
) -> None:
    """Print the wall-time projection for 10M and 100M paragraphs on 16 and 64 workers."""
    fit_per_row = stats1["fit_cpu_seconds"] / n_measured
    merge_per_row = stats1["merge_seconds"] / n_measured
    c = costs1["per_rowpair"]
    fixed = costs1["fixed"]
    eff = min(1.0, (t_blocks_1w / t_blocks_2w) / 2) if t_blocks_2w else float("nan")
    task_overhead = 0.05  # s per task: scheduling + moving two blocks over the network
    report("")
    report("Projection to 10M / 100M paragraphs on 16 / 64 workers")
    report("Assumptions (all figures measured above unless marked 'assumed'):")
    report(f"  * a block pair costs {fixed:.3f} s + {c:.3e} s per pair of rows searched, in CPU")
    report("    seconds of the task's thread (immune to the other jobs on this machine;")
    report("    assumed: a cluster core is as fast as these and not shared)")
    report(f"    ({costs1['model']}, 1-worker run at n={n_measured:,}, block size")
    report(f"    {block_size:,}; prefix-filtered cosine + shingle containment).")
    report("  * assumed: the cost per pair of rows stays constant as N grows (the same mix of")
    report("    news text and reuse; more reuse or a lower threshold means more candidates).")
    report("    The exact all-pairs search is quadratic: N^2/2 pairs of rows.")
    report(f"  * same block size {block_size:,} → (N/b)(N/b+1)/2 tasks, each holding two blocks:")
    report(f"    worker memory stays at the measured peak ({gib(worker_peak)}) whatever N.")
    report(f"  * assumed: {task_overhead * 1e3:.0f} ms scheduling + transfer per task, spread")
    report("    over the workers; the scheduler keeps up (~1k tasks/s).")
    report("  * 'ideal' = every worker busy (efficiency 1). 'as measured' = the 1 → 2 worker")
    report(
        f"    efficiency of this run ({eff:.2f}; 2 cores shared with other jobs, so pessimistic)."
    )
    report(
        f"  * fit on the client, serial: {fit_per_row * 1e6:.0f} µs CPU per paragraph (measured),"
    )
    report(f"    linear; merge on the client {merge_per_row * 1e6:.1f} µs per paragraph (assumed")
    report("    linear). assumed: the client has the memory for the TF-IDF matrix")
    report("    (~60 nnz/row: ~7 GB at 10M, ~70 GB at 100M) - at 100M a distributed fit")
    report("    (document-frequency reduction on the workers) would be needed.")
    report("")
    report(
        f"{'paragraphs':>12} {'workers':>8} {'fit (client)':>13} {'search ideal':>13} "
        f"{'as measured':>12} {'total ideal':>12}"
    )
    for N in (10_000_000, 100_000_000):
        work = c * N * N / 2
        tasks = (N / block_size) * (N / block_size + 1) / 2
        fit = fit_per_row * N
        merge = merge_per_row * N
        for w in (16, 64):
            ideal = (work + tasks * fixed) / w + tasks * task_overhead / w
            measured = (
                (work + tasks * fixed) / (w * eff) + tasks * task_overhead / w
                if np.isfinite(eff) and eff > 0
                else float("nan")
            )
            report(
                f"{N:>12,} {w:>8} {_dur(fit):>13} {_dur(ideal):>13} {_dur(measured):>12} "
                f"{_dur(fit + ideal + merge):>12}"
            )


def _dur(s: float) -> str:
    if not np.isfinite(s):
        return "n/a"
    if s < 120:
        return f"{s:.0f} s"
    if s < 7200:
        return f"{s / 60:.0f} min"
    if s < 2 * 86400:
        return f"{s / 3600:.1f} h"
    return f"{s / 86400:.1f} days"


PARTS_DIR = Path("/work/data/i8-dsearch")


def write_parts(n: int, folder: Path, part_rows: int) -> list[Path]:
    """Write ``bench_reuse.load_paragraphs(n)`` as Parquet parts (each article in one part)."""
    import bench_reuse

    done = folder / "DONE"
    if done.exists():
        return sorted(folder.glob("part_*.parquet"))
    folder.mkdir(parents=True, exist_ok=True)
    paras = bench_reuse.load_paragraphs(n)
    codes = pd.factorize(paras["article_id"])[0]
    # cut after the last paragraph of an article, every ~part_rows rows
    ends = np.flatnonzero(np.diff(codes, append=-1) != 0) + 1
    cuts, last = [0], 0
    for e in ends:
        if e - last >= part_rows:
            cuts.append(int(e))
            last = int(e)
    if cuts[-1] != len(paras):
        cuts.append(len(paras))
    paths = []
    for k, (a, b) in enumerate(itertools.pairwise(cuts)):
        paths.append(folder / f"part_{k:03d}.parquet")
        paras.iloc[a:b].to_parquet(paths[-1], index=False)
    done.write_text(f"{len(paras)} paragraphs in {len(paths)} parts\n")
    return paths


def run_path(
    path_kind: str, folder: Path, workers: int, memory_limit: str, out: Path, client_limit: float
) -> dict:
    """One measured run in this (fresh) process: the DataFrame path or the parts path."""
    from distributed import Client, LocalCluster

    from astana_lib.backends.dask import find_near_duplicates_distributed

    paths = sorted(str(p) for p in folder.glob("part_*.parquet"))
    with (
        LocalCluster(n_workers=workers, threads_per_worker=1, processes=True,
                     dashboard_address=":0", memory_limit=memory_limit) as cluster,
        Client(cluster) as client,
    ):  # fmt: skip
        pids = {f"worker{k}": pid for k, pid in enumerate(client.run(os.getpid).values())}
        pids["client"] = os.getpid()
        watch = PeakRSS(pids)
        watch.client_limit = client_limit
        with watch as peak:
            t0, c0 = time.perf_counter(), time.process_time()
            if path_kind == "frame":
                paragraphs = pd.concat([pd.read_parquet(p) for p in paths], ignore_index=True)
            else:
                paragraphs = paths
            sink = None
            if path_kind == "parts-out":  # the workers write the pairs; the client gets a list
                sink = folder / "pairs_out"
                shutil.rmtree(sink, ignore_errors=True)
            pairs = find_near_duplicates_distributed(paragraphs, client=client, roles=None,
                                                     progress=False, out=sink)  # fmt: skip
            secs, cpu = time.perf_counter() - t0, time.process_time() - c0
            del paragraphs
    if sink is not None:  # after the measurement
        attrs = pairs.attrs
        pairs = pd.read_parquet(sink)
        pairs.attrs = attrs
    phases = {k: round(v, 1) for k, v in pairs.attrs.get("dask", {}).items()
              if k.endswith("_seconds") and isinstance(v, float)}  # fmt: skip
    pairs.attrs = {}
    pairs.to_parquet(out, index=False)
    workers_peak = [v for k, v in peak.peak.items() if k.startswith("worker")]
    return {"seconds": secs, "client_cpu": cpu, "client_rss": peak.peak["client"],
            "worker_rss": max(workers_peak), "pairs": len(pairs), "phases": phases}  # fmt: skip


def main_parts(args: argparse.Namespace) -> int:
    """``--parts``: DataFrame path vs parts path, each in a fresh process (see the docstring)."""
    import json
    import subprocess

    folder = Path(args.parts_dir) / f"parts_{args.n}"
    me = [sys.executable, str(Path(__file__).resolve())]
    report = Report()
    report(f"# bench_scale --parts  {time.strftime('%Y-%m-%d %H:%M')}  n={args.n:,}  "
           f"parts of ~{args.part_rows:,} paragraphs  workers={args.workers}  "
           f"block_size=default")  # fmt: skip
    t0 = time.perf_counter()
    subprocess.run([*me, "--write-parts", "--n", str(args.n), "--parts-dir", args.parts_dir,
                    "--part-rows", str(args.part_rows)], check=True)  # fmt: skip
    n_parts = len(list(folder.glob("part_*.parquet")))
    report(f"{n_parts} parts in {folder} (written once, by another process: "
           f"{time.perf_counter() - t0:.0f} s this time)")  # fmt: skip
    res = {}
    for kind in args.paths.split(","):
        out = folder / f"pairs_{kind}.parquet"
        out.unlink(missing_ok=True)
        got = subprocess.run(
            [*me, "--run-path", kind, "--n", str(args.n), "--parts-dir", args.parts_dir,
             "--workers", str(args.workers), "--memory-limit", args.memory_limit,
             "--client-limit-gib", str(args.client_limit_gib)],
            capture_output=True, text=True,
        )  # fmt: skip
        res[kind] = json.loads(got.stdout.strip().splitlines()[-1])
    done = [k for k in res if not res[k].get("killed")]
    same = "not compared (two paths must finish)"
    if len(done) >= 2:
        first = pd.read_parquet(folder / f"pairs_{done[0]}.parquet")
        same = "; ".join(
            f"{k} vs {done[0]}: " + identical(first, pd.read_parquet(folder / f"pairs_{k}.parquet"))
            for k in done[1:]
        )
    report(f"{'path':<34} {'wall':>8} {'peak RSS client':>16} {'peak RSS / worker':>18} "
           f"{'pairs':>10}")  # fmt: skip
    for kind, name in (("frame", "DataFrame on the client"),
                       ("parts", "parts on the workers"),
                       ("parts-out", "parts, pairs written by workers")):  # fmt: skip
        r = res.get(kind)
        if r is None:
            continue
        if r.get("killed"):
            report(f"{name:<34} stopped: client RSS passed {gib(r['client_rss'])} "
                   f"(--client-limit-gib {args.client_limit_gib:g}, shared machine)")  # fmt: skip
            continue
        report(f"{name:<34} {r['seconds']:>7.1f}s {gib(r['client_rss']):>16} "
               f"{gib(r['worker_rss']):>18} {r['pairs']:>10,}")  # fmt: skip
        if r.get("phases"):
            report(f"{'':<34} " + ", ".join(f"{k} {v:.1f}s" for k, v in r["phases"].items()))
    if "frame" in done and "parts" in done:
        ratio = res["parts"]["seconds"] / res["frame"]["seconds"]
        report(f"parts / DataFrame: wall {ratio:.2f}x, client peak RSS "
               f"{res['parts']['client_rss'] / res['frame']['client_rss']:.2f}x")  # fmt: skip
    report(f"identical pairs: {same}")
    out = Path(args.out)
    with out.open("a", encoding="utf-8") as fh:
        fh.write("\n".join(report.lines) + "\n\n")
    print(f"(appended to {out})")
    return 0


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--parts", action="store_true", help="DataFrame path vs parts path")
    ap.add_argument("--parts-dir", default=str(PARTS_DIR), help="where the parts are written")
    ap.add_argument("--part-rows", type=int, default=50_000, help="paragraphs per part")
    ap.add_argument("--write-parts", action="store_true", help=argparse.SUPPRESS)
    ap.add_argument(
        "--client-limit-gib",
        type=float,
        default=14.0,
        help="--parts: stop a run whose client passes this RSS (shared machine)",
    )
    ap.add_argument("--paths", default="frame,parts",
                    help="--parts: which paths to run (frame, parts, parts-out: with out=)")  # fmt: skip
    ap.add_argument("--run-path", choices=["frame", "parts", "parts-out"], help=argparse.SUPPRESS)
    ap.add_argument("--n", type=int, default=1_000_000, help="paragraphs (default 1M)")
    ap.add_argument("--block-size", type=int, default=None,
                    help="rows per block (default: n/6, at least 2,000)")  # fmt: skip
    ap.add_argument("--workers", default="1,2", help="LocalCluster sizes to run (default 1,2)")
    ap.add_argument("--memory-limit", default="6GiB", help="per-worker memory limit")
    ap.add_argument("--out", default=str(RESULTS / "bench_scale.txt"))
    args = ap.parse_args(argv)
    if args.write_parts:
        write_parts(args.n, Path(args.parts_dir) / f"parts_{args.n}", args.part_rows)
        return 0
    if args.run_path:
        import json

        folder = Path(args.parts_dir) / f"parts_{args.n}"
        out = folder / f"pairs_{args.run_path}.parquet"
        limit = args.client_limit_gib * 2**30
        r = run_path(args.run_path, folder, int(args.workers), args.memory_limit, out, limit)
        print(json.dumps(r))
        return 0
    if args.parts:
        if "," in args.workers:
            args.workers = "2"
        return main_parts(args)

    import bench_reuse  # the 1M-paragraph set of the near-duplicate benchmark

    report = Report()
    block_size = args.block_size or max(2_000, -(-args.n // 6))
    report(
        f"# bench_scale  {time.strftime('%Y-%m-%d %H:%M')}  n={args.n:,}  block_size={block_size:,}"
    )
    report(
        f"machine: {os.cpu_count()} cores, {gib(psutil.virtual_memory().total)} RAM, "
        f"Python {platform.python_version()}; other jobs may share the cores (ratios matter)"
    )
    t0 = time.perf_counter()
    paras = bench_reuse.load_paragraphs(args.n)
    report(f"loaded {len(paras):,} paragraphs in {time.perf_counter() - t0:.0f} s "
           "(bench_reuse.load_paragraphs: corpora >= 40 chars + synthetic copies)")  # fmt: skip

    single, t_single, rss_single, cpu_single = run_single(paras)
    report("")
    report(
        f"{'run':<22} {'wall':>9} {'ratio':>7} {'peak RSS client':>16} {'peak RSS / worker':>20}  identical"
    )
    report(f"{'single machine':<22} {t_single:>8.1f}s {1.0:>7.2f} {gib(rss_single):>16} {'-':>20}  (reference, {len(single):,} pairs)")  # fmt: skip
    report(f"{'':<22} CPU {cpu_single:.1f}s (process)")
    runs = {}
    for w in (int(x) for x in args.workers.split(",")):
        with tempfile.TemporaryDirectory(prefix="bench_scale_spill_") as spill:
            pairs, secs, peak, stats = run_dask(
                paras, w, block_size=block_size, spill=Path(spill), memory_limit=args.memory_limit
            )
        runs[w] = (secs, stats, max(v for k, v in peak.items() if k.startswith("worker")))
        workers = [v for k, v in peak.items() if k.startswith("worker")]
        report(
            f"{f'LocalCluster {w} worker(s)':<22} {secs:>8.1f}s {secs / t_single:>7.2f} "
            f"{gib(peak['client']):>16} {gib(max(workers)):>20}  {identical(single, pairs)}"
        )
        cpu = sum(stats["block_cpu_seconds"].values())
        total_cpu = stats["client_cpu_seconds"] + cpu
        report(
            f"{'':<22} CPU {total_cpu:.1f}s = client {stats['client_cpu_seconds']:.1f}s + block "
            f"tasks {cpu:.1f}s: {total_cpu / cpu_single:.2f}× the single-machine CPU "
            "(the contention-free overhead measure)"
        )
        report(
            f"{'':<22} fit {stats['fit_seconds']:.1f}s (CPU {stats['fit_cpu_seconds']:.1f}s), "
            f"{stats['tasks']} block pairs in {stats['blocks_seconds']:.1f}s "
            f"(CPU {cpu:.1f}s: the workers got {cpu / (stats['blocks_seconds'] * w):.0%} of "
            f"{w} core(s)), merge {stats['merge_seconds']:.1f}s"
        )
        del pairs
    if 1 in runs:
        stats1 = runs[1][1]
        costs = block_costs(stats1)
        report("")
        report(
            f"per block pair (1 worker, CPU): diagonal {costs['diag_mean']:.2f} s (×{costs['n_diag']}), "
            f"off-diagonal {costs['off_mean']:.2f} s (×{costs['n_off']}); "
            f"model: {costs['fixed']:.3f} s + {costs['per_rowpair']:.3e} s per pair of rows"
        )
        t2 = runs[2][1]["blocks_seconds"] if 2 in runs else None
        if t2:
            report(
                f"block phase speed-up 1 → 2 workers (wall): {stats1['blocks_seconds'] / t2:.2f}× "
                "(ideal 2× needs 2 free cores)"
            )
        project(
            report,
            n_measured=len(paras),
            stats1=stats1,
            costs1=costs,
            t_blocks_1w=stats1["blocks_seconds"],
            t_blocks_2w=t2,
            block_size=block_size,
            worker_peak=runs[1][2],
        )
    out = Path(args.out)
    out.parent.mkdir(parents=True, exist_ok=True)
    with out.open("a", encoding="utf-8") as fh:
        fh.write("\n".join(report.lines) + "\n\n")
    print(f"(appended to {out})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
