"""Worker time of each step of the Dask reader (read_corpus_parts), from Dask's task stream.

Reads one input with :func:`astana_lib.backends.dask_read.read_corpus_parts` on a
LocalCluster of 2 worker processes and prints the wall time, then the compute seconds
the workers spent in each task function (reading vs the corpus-level map-reduce steps of
:mod:`astana_lib.backends.part_steps`), most expensive first.

Usage::

    python benchmarks/profile_read_steps.py PATH [--partition-size 2000]
"""

from __future__ import annotations

import argparse
import collections
import time
import warnings


def main() -> None:
    from distributed import Client, LocalCluster, get_task_stream

    from astana_lib.backends.dask_read import read_corpus_parts

    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("path")
    ap.add_argument("--partition-size", type=int, default=2000)
    args = ap.parse_args()
    warnings.simplefilter("ignore")
    with (
        LocalCluster(n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None)
        as cluster,
        Client(cluster) as client,
        get_task_stream(client) as stream,
    ):  # fmt: skip
        t0 = time.perf_counter()
        dc = read_corpus_parts(
            args.path, client=client, partition_size=args.partition_size, progress=False
        )
        print(f"{dc!r}: {time.perf_counter() - t0:.1f} s wall")
    seconds: collections.Counter[str] = collections.Counter()
    for task in stream.data:
        key = task["key"][0] if isinstance(task["key"], tuple) else task["key"]
        for span in task["startstops"]:
            if span["action"] == "compute":
                seconds[key.split("-", 1)[0]] += span["stop"] - span["start"]
    total = sum(seconds.values())
    for name, s in seconds.most_common():
        if s >= 0.005 * total:
            print(f"{s:8.2f} s  {s / total:6.1%}  {name}")


if __name__ == "__main__":
    main()
