"""Peak RSS of ``find_near_duplicates`` step by step (issue 11: 1M paragraphs in < 8 GB).

Runs the default search on ``bench_reuse.load_paragraphs(n)`` (cached as Parquet in
``--cache``) and prints, for each step of the search (fit, block search, title and run
steps, search counts, each chunk of the decision's features, the expansion and the pairs
table), its wall time and the process RSS at its start, peak (sampled every 0.1 s) and end.
Steps are timed by wrapping the library's functions in this process only.

Usage::

    python benchmarks/profile_search_memory.py --n 1000000 [--save pairs.parquet]

Prints the report (and appends it to ``benchmarks/results/profile_search_memory.txt``).
"""

from __future__ import annotations

import argparse
import functools
import gc
import sys
import threading
import time
from pathlib import Path

import pandas as pd
import psutil

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

PROC = psutil.Process()
STACK: list[str] = []
PEAKS: dict[str, int] = {}
LINES: list[str] = []


def _say(msg: str) -> None:
    print(msg, flush=True)
    LINES.append(msg)


def _sampler() -> None:
    while True:
        rss = PROC.memory_info().rss
        for key in STACK:
            PEAKS[key] = max(PEAKS.get(key, 0), rss)
        time.sleep(0.1)


def _timed(key: str, fn, *args, **kwargs):
    r0, t0 = PROC.memory_info().rss, time.perf_counter()
    STACK.append(key)
    PEAKS[key] = r0
    try:
        return fn(*args, **kwargs)
    finally:
        STACK.remove(key)
        end = PROC.memory_info().rss
        _say(f"{'  ' * len(STACK)}{key}: {time.perf_counter() - t0:7.1f} s  start "
             f"{r0 / 2**30:5.2f}  peak {PEAKS[key] / 2**30:5.2f}  end {end / 2**30:5.2f} GiB")  # fmt: skip


def _wrap(module, name: str) -> None:
    fn = getattr(module, name)
    key = f"{module.__name__.rsplit('.', 1)[-1]}.{name}"
    setattr(module, name, functools.wraps(fn)(functools.partial(_timed, key, fn)))


def _wrap_method(cls, name: str, key: str) -> None:
    fn = getattr(cls, name)

    @functools.wraps(fn)
    def method(self, *args, **kwargs):
        return _timed(key, fn, self, *args, **kwargs)

    setattr(cls, name, method)


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--n", type=int, default=1_000_000)
    ap.add_argument("--cache", type=Path, default=Path("/tmp"), help="folder of the Parquet cache")
    ap.add_argument("--save", type=Path, help="write the pairs table here (Parquet)")
    ap.add_argument("--out", type=Path, default=HERE / "results" / "profile_search_memory.txt")
    args = ap.parse_args(argv)
    cache = args.cache / f"bench_paragraphs_{args.n}.parquet"
    if cache.exists():
        df = pd.read_parquet(cache)
    else:
        from bench_reuse import load_paragraphs

        df = load_paragraphs(args.n)
        df.to_parquet(cache)
    import astana_lib as al
    import astana_lib.reuse.decision as decision
    import astana_lib.reuse.estimator as estimator
    import astana_lib.reuse.features as features
    import astana_lib.reuse.find as find
    import astana_lib.reuse.repdecision as repdecision

    for module, names in (
        (find, ["select_rows", "search_counts"]),
        (estimator, ["title_step", "run_step", "expand_self", "pairs_frame"]),
        (repdecision, ["expand_self", "pairs_frame", "apply_scope"]),
        (decision, ["features_for_pairs"]),
        (features, ["pair_features", "_char_vectors", "_runs_and_shared", "quoted_token_mask"]),
    ):
        for name in names:
            if hasattr(module, name):
                _wrap(module, name)
    _wrap_method(estimator.ParagraphMatcher, "fit", "fit")
    _wrap_method(estimator.ParagraphMatcher, "_candidates", "block search")
    paras = df[["para_id", "article_id", "outlet", "date", "text", "norm"]]
    del df
    gc.collect()
    threading.Thread(target=_sampler, daemon=True).start()
    _say(f"# profile_search_memory  {time.strftime('%Y-%m-%d %H:%M')}  n={args.n:,}")
    _say(f"holding the paragraphs: {PROC.memory_info().rss / 2**30:.2f} GiB")
    pairs = _timed("find_near_duplicates", al.find_near_duplicates, paras)
    _say(f"{len(pairs):,} pairs {pairs['kind'].value_counts().to_dict()}; the pairs table "
         f"holds {pairs.memory_usage(deep=True).sum() / 2**30:.2f} GiB")  # fmt: skip
    if args.save:
        pairs.attrs = {}
        pairs.to_parquet(args.save, index=False)
    with args.out.open("a", encoding="utf-8") as fh:
        fh.write("\n".join(LINES) + "\n\n")


if __name__ == "__main__":
    main()
