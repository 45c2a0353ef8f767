"""The three paths of issue 13 that were quadratic, timed against linear baselines.

Prints (and writes to ``benchmarks/results/bench_linear.txt``):

A. one 50 MB line with a round or agency mention every ~150 bytes: ``read_corpus`` of
   the ``.txt`` file plus ``find_citations`` of its paragraphs (target: under 1 minute;
   baseline in the same process: decoding + ``normalize_arabic`` of the line);
B. 20,000 paragraphs of real articles in **one** ``.txt`` file against the same
   paragraphs spread over their records in a ``.jsonl`` (target: within 2x);
C. 1,000 real articles as 1,000 small ``.txt`` files against one ``.jsonl`` file of the
   same texts (target: within 2x).

B and C take the first articles of the ANT dump in ``../shared/corpora`` (or
``$ASTANA_SHARED/corpora``) and skip with a message when it is absent. The texts are
written to a temporary folder and removed; nothing of them is printed.

Usage::

    python benchmarks/bench_linear.py            # all three
    python benchmarks/bench_linear.py --only A --mb 5
"""

from __future__ import annotations

import argparse
import gzip
import json
import os
import sys
import tempfile
import time
import warnings
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

UNITS = (
    "وقال المتحدث إن الجولة المقبلة من محادثات أستانا 6 ستعقد في موعدها المحدد. ",
    "ونقلت وكالة سبوتنيك عن مصدر في الوفد الروسي أن المشاورات مستمرة بين الوفود. ",
)


def shared_dir() -> Path:
    env = os.environ.get("ASTANA_SHARED")
    return Path(env) if env else ROOT.parent / "shared"


def _read(path: Path):
    import astana_lib as al

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return al.read_corpus(path, progress=False, metadata=False)


def _timed(fn):
    t0 = time.perf_counter()
    out = fn()
    return out, time.perf_counter() - t0


def case_a(tmp: Path, mb: float) -> list[str]:
    import astana_lib as al
    from astana_lib.reading.decoding import decode_bytes
    from astana_lib.text.normalize import normalize_arabic

    unit = "".join(UNITS)
    n_units = int(mb * 1e6 / len(unit.encode()))
    line = unit * n_units
    data = line.encode()
    path = tmp / "one_line.txt"
    path.write_bytes(data)
    per_mention = len(data) / (2 * n_units)
    _, t_base = _timed(lambda: normalize_arabic(decode_bytes(data).text))
    corpus, t_read = _timed(lambda: _read(path))
    cites, t_cite = _timed(lambda: al.find_citations(corpus.paragraphs, roles=None))
    total = t_read + t_cite
    a = corpus.articles.iloc[0]
    return [
        f"## A. one {len(data) / 1e6:.1f} MB line, a mention every {per_mention:.0f} bytes "
        f"({2 * n_units:,} mentions)",
        "",
        "| step | seconds |",
        "|---|---|",
        f"| baseline: decode + normalize_arabic | {t_base:.1f} |",
        f"| read_corpus (round {a['round']}, {len(corpus.paragraphs)} paragraph) | {t_read:.1f} |",
        f"| find_citations ({len(cites):,} citations) | {t_cite:.1f} |",
        f"| **total** (target < 60 s) | **{total:.1f}** ({total / t_base:.1f}x baseline) |",
        "",
    ]


def _ant_records(n_articles: int | None, n_paragraphs: int | None) -> list[dict]:
    from astana_lib.annotate.paragraphs import split_paragraphs

    src = next(iter(sorted((shared_dir() / "corpora").glob("ant*.jsonl.gz"))), None)
    if src is None:
        return []
    out, n_par = [], 0
    with gzip.open(src, "rt", encoding="utf-8") as fh:
        for k, line in enumerate(fh):
            rec = json.loads(line)
            text = rec.get("text")
            if not isinstance(text, str) or not text.strip():
                continue
            out.append({"id": f"a{k:05d}", "text": text})
            n_par += len(split_paragraphs(text))
            if n_articles is not None and len(out) >= n_articles:
                break
            if n_paragraphs is not None and n_par >= n_paragraphs:
                break
    return out


def _write_jsonl(path: Path, recs: list[dict]) -> None:
    with open(path, "w", encoding="utf-8") as fh:
        for r in recs:
            fh.write(json.dumps(r, ensure_ascii=False) + "\n")


def case_b(tmp: Path) -> list[str]:
    recs = _ant_records(None, 20_000)
    if not recs:
        return ["## B. skipped: no ANT dump under ../shared/corpora", ""]
    spread = tmp / "spread.jsonl"
    _write_jsonl(spread, recs)
    one = tmp / "one_file.txt"
    one.write_text("\n\n".join(r["text"].strip() for r in recs), encoding="utf-8")
    c1, t_spread = _timed(lambda: _read(spread))
    c2, t_one = _timed(lambda: _read(one))
    return [
        f"## B. {len(c1.paragraphs):,} paragraphs of {len(recs):,} real articles",
        "",
        "| input | paragraphs | seconds |",
        "|---|---|---|",
        f"| spread over {len(recs):,} records (.jsonl) | {len(c1.paragraphs):,} | {t_spread:.1f} |",
        f"| one .txt file | {len(c2.paragraphs):,} | {t_one:.1f} |",
        f"| **ratio one file / spread** (target <= 2) | | **{t_one / t_spread:.2f}** |",
        "",
    ]


def case_c(tmp: Path) -> list[str]:
    recs = _ant_records(1000, None)
    if not recs:
        return ["## C. skipped: no ANT dump under ../shared/corpora", ""]
    one = tmp / "records.jsonl"
    _write_jsonl(one, recs)
    folder = tmp / "files"
    folder.mkdir()
    for r in recs:
        (folder / f"{r['id']}.txt").write_text(r["text"], encoding="utf-8")
    c1, t_one = _timed(lambda: _read(one))
    c2, t_files = _timed(lambda: _read(folder))
    assert c1.paragraphs["text"].tolist() == c2.paragraphs["text"].tolist()
    return [
        f"## C. {len(recs):,} real articles ({len(c1.paragraphs):,} paragraphs)",
        "",
        "| input | seconds | ms per article |",
        "|---|---|---|",
        f"| one .jsonl file | {t_one:.1f} | {1000 * t_one / len(recs):.1f} |",
        f"| {len(recs):,} .txt files | {t_files:.1f} | {1000 * t_files / len(recs):.1f} |",
        f"| **ratio files / one file** (target <= 2) | **{t_files / t_one:.2f}** | |",
        "",
    ]


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--only", choices=["A", "B", "C"], nargs="+", default=["A", "B", "C"])
    ap.add_argument("--mb", type=float, default=50.0, help="size of the line of case A")
    ap.add_argument("--no-write", action="store_true", help="do not write results/")
    args = ap.parse_args()
    lines = ["# bench_linear: issue 13's quadratic paths", ""]
    with tempfile.TemporaryDirectory(prefix="bench_linear_") as d:
        tmp = Path(d)
        for case, fn in (("A", lambda: case_a(tmp, args.mb)), ("B", lambda: case_b(tmp)),
                         ("C", lambda: case_c(tmp))):  # fmt: skip
            if case in args.only:
                block = fn()
                print("\n".join(block), flush=True)
                lines += block
    if not args.no_write and args.only == ["A", "B", "C"] and args.mb == 50.0:
        out = ROOT / "benchmarks" / "results" / "bench_linear.txt"
        out.write_text("\n".join(lines) + "\n", encoding="utf-8")
        print(f"written: {out.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
