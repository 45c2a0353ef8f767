"""Command line: ``astana figures``, ``astana report``, ``astana read``, ``astana subcorpus``.

Examples (shell)::

    astana figures --corpus seeds --out figures          # every table and figure
    astana figures --corpus my_articles/ --out my_figures --lang en
    astana report --corpus seeds --out report            # one offline HTML page
    astana read --corpus dump.jsonl.gz --out dump_tables  # Parquet tables of a corpus
    astana subcorpus dump1.jsonl.gz dump2.jsonl.gz --out astana.jsonl.gz
    astana subcorpus dump.jsonl.gz --out about_astana.jsonl.gz --min-relevance subject
"""

from __future__ import annotations

import argparse
import logging
import sys
import warnings
from collections.abc import Sequence
from pathlib import Path

__all__ = ["main"]

log = logging.getLogger("astana_lib.cli")


def _parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(
        prog="astana",
        description="Arabic news coverage of the Astana talks: tables and figures.",
    )
    p.add_argument("-q", "--quiet", action="store_true", help="no progress bars or log lines")
    sub = p.add_subparsers(dest="command", required=True)

    f = sub.add_parser("figures", help="regenerate every table and figure from a corpus")
    f.add_argument("--corpus", default="seeds", help="folder of .txt files or a record file")
    f.add_argument("--out", default="figures", help="output folder (default: figures)")
    f.add_argument(
        "--lang", nargs="+", choices=["en", "ar"], default=["en", "ar"], help="label language(s)"
    )
    f.add_argument("--threshold", type=float, default=None, help="near-duplicate threshold")
    f.add_argument(
        "--benchmark-curve",
        default=None,
        help="threshold curve CSV from benchmarks/eval_synthetic.py "
        "(default: benchmarks/results/threshold_curve.csv when it exists)",
    )

    h = sub.add_parser("report", help="write one self-contained offline HTML report")
    h.add_argument("--corpus", required=True, help="folder of .txt files or a record file")
    h.add_argument("--out", required=True, help="output folder (report.html is written there)")
    h.add_argument("--lang", choices=["en", "ar"], default="en", help="figure label language")
    h.add_argument("--threshold", type=float, default=None, help="near-duplicate threshold")
    h.add_argument("--title", default=None, help="page title")

    r = sub.add_parser("read", help="read a corpus and write its tables as Parquet")
    r.add_argument("--corpus", required=True)
    r.add_argument("--out", required=True)

    s = sub.add_parser("subcorpus", help="keep the Astana-related articles of news dumps")
    s.add_argument("inputs", nargs="+", help=".jsonl/.jsonl.gz/.csv/.parquet files or folders")
    s.add_argument("--out", required=True, help="output .jsonl.gz of the kept records")
    s.add_argument("--min-mentions", type=int, default=1)
    s.add_argument(
        "--min-relevance",
        choices=["passing", "background", "subject"],
        default="passing",
        help="lowest relevance level kept (subject > background > passing; default passing)",
    )
    return p


def _subcorpus(
    inputs: Sequence[str],
    out: str,
    *,
    min_mentions: int,
    progress: bool,
    min_relevance: str = "passing",
) -> int:
    """Copy the original records (JSON lines, unchanged) of Astana-related articles."""
    import gzip

    import astana_lib as al

    n = 0
    out_path = Path(out)
    out_path.parent.mkdir(parents=True, exist_ok=True)
    with gzip.open(out_path, "wb") as fh:
        for inp in inputs:
            if not str(inp).endswith((".jsonl", ".jsonl.gz")):
                raise ValueError(f"subcorpus copies JSON-lines records; not a .jsonl(.gz): {inp}")
            corpus = al.read_corpus(inp, progress=progress)
            kept = al.filter_astana(corpus, min_mentions=min_mentions, min_relevance=min_relevance)
            records = set(kept.articles["record"].dropna().astype(int))
            n_file = 0
            opener = gzip.open if str(inp).endswith(".gz") else open
            with opener(inp, "rb") as src:
                for i, line in enumerate(src, start=1):
                    if i in records:
                        fh.write(line if line.endswith(b"\n") else line + b"\n")
                        n_file += 1
            n += n_file
            print(f"{inp}: kept {n_file} of {len(corpus.articles)} articles")
    return n


def _log_warning(message, category, filename, lineno, file=None, line=None) -> None:
    """``warnings.showwarning`` for the CLI: one WARNING log line, no source echo."""
    logging.getLogger("astana_lib").warning("%s", message)


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of the ``astana`` console command."""
    args = _parser().parse_args(argv)
    logging.basicConfig(
        level=logging.WARNING, format="%(levelname)s %(name)s: %(message)s", stream=sys.stderr
    )
    # our own progress lines only; third-party INFO (e.g. fontTools subsetting) stays quiet
    logging.getLogger("astana_lib").setLevel(logging.WARNING if args.quiet else logging.INFO)
    # Library warnings (e.g. input problems) go to the log once, as one line each.
    shown, warnings.showwarning = warnings.showwarning, _log_warning
    progress = not args.quiet  # bars are drawn only on a terminal (see _progress)
    try:
        if args.command == "figures":
            from astana_lib.pipeline import build_all

            curve = args.benchmark_curve
            default_curve = Path("benchmarks/results/threshold_curve.csv")
            if curve is None and default_curve.is_file():
                curve = default_curve
            files = build_all(
                args.corpus,
                args.out,
                langs=args.lang,
                threshold=args.threshold,
                benchmark_curve=curve,
                progress=progress,
            )
            print(f"wrote {len(files)} files to {args.out}")
            if curve is None:
                print(
                    "threshold_benchmark not drawn: no benchmark curve "
                    "(--benchmark-curve benchmarks/results/threshold_curve.csv from a clone)"
                )
        elif args.command == "report":
            from astana_lib.report import build_report

            path = build_report(
                args.corpus,
                args.out,
                threshold=args.threshold,
                lang=args.lang,
                title=args.title,
                progress=progress,
            )
            print(f"wrote {path} ({path.stat().st_size / 1e6:.1f} MB)")
        elif args.command == "read":
            import astana_lib as al

            corpus = al.read_corpus(args.corpus, progress=progress)
            corpus.to_parquet(args.out)
            print(
                f"{len(corpus.articles)} articles, {len(corpus.paragraphs)} paragraphs, "
                f"{len(corpus.problems)} problems -> {args.out}"
            )
        elif args.command == "subcorpus":
            n = _subcorpus(
                args.inputs,
                args.out,
                min_mentions=args.min_mentions,
                min_relevance=args.min_relevance,
                progress=progress,
            )
            print(f"kept {n} Astana-related articles -> {args.out}")
    except (FileNotFoundError, ValueError) as exc:
        print(f"astana: error: {exc}", file=sys.stderr)
        return 2
    finally:
        warnings.showwarning = shown
    return 0


if __name__ == "__main__":  # pragma: no cover
    raise SystemExit(main())
