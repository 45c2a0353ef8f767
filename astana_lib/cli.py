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
import os
import shutil
import sys
import tempfile
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


class CliError(Exception):
    """A failure reported as one ``astana: error: …`` line (exit status 2)."""


def _check_out_folder(out: str, option: str = "--out") -> Path:
    """Fail before any work when ``out`` cannot be an output folder."""
    p = Path(out)
    if p.exists() and not p.is_dir():
        raise CliError(f"{option} {out} exists and is not a folder")
    parent = p if p.exists() else next((q for q in p.parents if q.exists()), Path("."))
    if not os.access(parent, os.W_OK):
        raise CliError(f"{option} {out}: folder {parent} is not writable")
    return p


def _check_out_file(out: str) -> Path:
    p = Path(out)
    if p.is_dir():
        raise CliError(f"--out {out} is a folder; give a .jsonl.gz file name")
    parent = p.parent if str(p.parent) else Path(".")
    if parent.exists() and not parent.is_dir():
        raise CliError(f"--out {out}: {parent} is not a folder")
    return p


def _staging(out: Path) -> Path:
    """A fresh sibling of ``out`` to write into; moved into place only on success."""
    out.parent.mkdir(parents=True, exist_ok=True)
    return Path(tempfile.mkdtemp(prefix=f".{out.name}.partial-", dir=out.parent))


def _publish(staged: Path, out: Path) -> None:
    """Move every file of ``staged`` into ``out`` (replacing files of the same name)."""
    if not out.exists():
        os.replace(staged, out)
        return
    for f in sorted(staged.rglob("*")):
        if f.is_file():
            dest = out / f.relative_to(staged)
            dest.parent.mkdir(parents=True, exist_ok=True)
            os.replace(f, dest)
    shutil.rmtree(staged, ignore_errors=True)


def _subcorpus(
    inputs: Sequence[str],
    out: str,
    *,
    min_mentions: int,
    progress: bool,
    min_relevance: str = "passing",
) -> int:
    """Copy the original records (JSON lines, unchanged) of Astana-related articles.

    Records are numbered as the reader numbers them (:func:`astana_lib.reading.rawinput.iter_jsonl`:
    the k-th non-blank line), so the copied line is the record that was kept. An input
    that cannot be read completely is an error and nothing is written.
    """
    import gzip

    import astana_lib as al
    from astana_lib.reading.rawinput import iter_jsonl

    for inp in inputs:
        if not str(inp).endswith((".jsonl", ".jsonl.gz")):
            raise CliError(f"subcorpus copies JSON-lines records; not a .jsonl(.gz): {inp}")
        if not Path(inp).is_file():
            raise CliError(f"no such file: {inp}")
    out_path = _check_out_file(out)
    out_path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{out_path.name}.partial-", dir=out_path.parent)
    os.close(fd)
    n = 0
    try:
        with gzip.open(tmp, "wb") as fh:
            for inp in inputs:
                corpus = al.read_corpus(inp, progress=progress)
                damaged = corpus.problems[
                    (corpus.problems["severity"] == "error") & corpus.problems["record"].isna()
                ]
                if len(damaged):
                    raise CliError(f"{inp}: {damaged['problem'].iloc[0]}; nothing written")
                kept = al.filter_astana(
                    corpus, min_mentions=min_mentions, min_relevance=min_relevance
                )
                records = set(kept.articles["record"].dropna().astype(int))

                def fail(
                    msg: str, severity: str, action: str, record: int | None = None, inp=inp
                ) -> None:
                    if severity == "error" and record is None:
                        raise CliError(f"{inp}: {msg}; nothing written")

                n_file = 0
                for rec_no, _, line in iter_jsonl(inp, fail, parse=False):
                    if rec_no in records:
                        fh.write(line + b"\n")
                        n_file += 1
                n += n_file
                print(f"{inp}: kept {n_file} of {len(corpus.articles)} articles")
        os.replace(tmp, out_path)
    finally:
        if os.path.exists(tmp):
            os.remove(tmp)
    return n


def _log_warning(message, category, filename, lineno, file=None, line=None) -> None:
    """``warnings.showwarning`` for the CLI: one WARNING log line, no source echo."""
    logging.getLogger("astana_lib").warning("%s", message)


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of the ``astana`` console command.

    Every failure is one ``astana: error: …`` line on stderr and a non-zero exit status
    (2: bad input or options, 1: an unexpected failure); outputs are checked before any
    work and written to a temporary sibling that is moved into place only on success,
    so a failed run leaves no partial output.
    """
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

            if not Path(args.corpus).exists():
                raise CliError(f"corpus not found: {args.corpus}")
            out = _check_out_folder(args.out)
            curve = args.benchmark_curve
            default_curve = Path("benchmarks/results/threshold_curve.csv")
            if curve is None and default_curve.is_file():
                curve = default_curve
            if curve is not None and not Path(curve).is_file():
                raise CliError(f"--benchmark-curve {curve}: no such file")
            staged = _staging(out)
            if (out / "manifest.json").is_file():  # keep the entries of other figures
                shutil.copy2(out / "manifest.json", staged / "manifest.json")
            try:
                files = build_all(
                    args.corpus,
                    staged,
                    langs=args.lang,
                    threshold=args.threshold,
                    benchmark_curve=curve,
                    progress=progress,
                )
                _publish(staged, out)
            finally:
                shutil.rmtree(staged, ignore_errors=True)
            print(f"wrote {len(files)} files to {args.out}")
            if curve is None:
                print(
                    "threshold_benchmark not drawn: no benchmark curve "
                    "(--benchmark-curve benchmarks/results/threshold_curve.csv from a clone)"
                )
        elif args.command == "report":
            from astana_lib.review.report import build_report

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

            out = _check_out_folder(args.out)
            corpus = al.read_corpus(args.corpus, progress=progress)
            staged = _staging(out)
            try:
                corpus.to_parquet(staged)
                _publish(staged, out)
            finally:
                shutil.rmtree(staged, ignore_errors=True)
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
    except (CliError, FileNotFoundError, ValueError, OSError) as exc:
        print(f"astana: error: {_one_line(exc)}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print("astana: interrupted; nothing written", file=sys.stderr)
        return 130
    except Exception as exc:
        log.debug("unexpected failure", exc_info=True)
        print(f"astana: error: {type(exc).__name__}: {_one_line(exc)}", file=sys.stderr)
        return 1
    finally:
        warnings.showwarning = shown
    return 0


def _one_line(exc: BaseException) -> str:
    text = " ".join(str(exc).split())
    return text if len(text) <= 500 else text[:497] + "..."


if __name__ == "__main__":  # pragma: no cover
    raise SystemExit(main())
