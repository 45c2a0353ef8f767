"""Speed of the one normalised → original offset mapper against the three it replaced (issue 8).

Takes the first ``--paragraphs`` non-empty paragraphs (title, then the lines of the text) of
each shared dump and maps every one with, in the same process:

* the old ``_textmap.norm_offsets`` (A: citations, rounds, topic, quotes),
* the old ``lexicon.normalize_with_offsets`` (B: framing, actors),
* the old ``explain.tokens_with_offsets`` (C: explain, review),
* :func:`astana_lib.text.offsets.map_offsets` (and :func:`normalized_tokens` for C's job).

The old mappers are the frozen copies in ``tests/_legacy_offsets.py``. Prints the total
seconds and the ratio new / old; writes ``benchmarks/results/bench_offsets.txt``.

Run (from the repository root)::

    ASTANA_SHARED=/path/to/shared .venv/bin/python benchmarks/bench_offsets.py
"""

from __future__ import annotations

import argparse
import gzip
import io
import json
import re
import sys
import time
from contextlib import redirect_stdout
from pathlib import Path

from _accuracy import RESULTS, require_shared

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests"))
from _legacy_offsets import (
    a_norm_offsets,
    b_normalize_with_offsets,
    c_tokens_with_offsets,
)

from astana_lib.reuse.containment import TOKEN_PATTERN
from astana_lib.text.offsets import map_offsets, normalized_tokens

DUMPS = ("ant_multisource_2018", "saudinewsnet_2015", "almayadeen_2023_2024")


def _paragraphs(path: Path, n: int) -> list[str]:
    out: list[str] = []
    with gzip.open(path, "rt", encoding="utf-8") as f:
        for line in f:
            rec = json.loads(line)
            for p in (rec.get("title") or "", *(rec.get("text") or "").split("\n")):
                if p.strip():
                    out.append(p)
                    if len(out) >= n:
                        return out
    return out


def _time(fn, texts: list[str]) -> float:
    t0 = time.perf_counter()
    for t in texts:
        fn(t)
    return time.perf_counter() - t0


def main(shared: Path, n: int) -> None:
    tok = re.compile(TOKEN_PATTERN)
    print(f"{n} paragraphs from each dump; seconds for all of them (same process)\n")
    print(
        "| dump | chars | A old | B old | C old | new map | new tokens | new/A | new/B | C new/old |"
    )
    print("|---|---|---|---|---|---|---|---|---|---|")
    for name in DUMPS:
        texts = _paragraphs(shared / "corpora" / f"{name}.jsonl.gz", n)
        map_offsets(texts[0])  # warm the per-character cache once for both sides
        a = _time(a_norm_offsets, texts)
        b = _time(b_normalize_with_offsets, texts)
        c = _time(c_tokens_with_offsets, texts)
        new = _time(map_offsets, texts)
        new_tok = _time(lambda t: normalized_tokens(t, tok), texts)
        chars = sum(map(len, texts))
        print(
            f"| {name} | {chars:,} | {a:.2f} | {b:.2f} | {c:.2f} | {new:.2f} | {new_tok:.2f} "
            f"| {new / a:.2f} | {new / b:.2f} | {new_tok / c:.2f} |"
        )
    long = "نقلت وكالة سبوتنيك  عن الوفد الرّوسي. " * 100_000
    a = _time(a_norm_offsets, [long])
    new = _time(map_offsets, [long])
    print(f"\none {len(long):,}-character paragraph: A old {a:.2f} s, new {new:.2f} s")


if __name__ == "__main__":
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--paragraphs", type=int, default=3000)
    args = ap.parse_args()
    shared = require_shared()
    buf = io.StringIO()
    with redirect_stdout(buf):
        main(shared, args.paragraphs)
    print(buf.getvalue(), end="")
    (RESULTS / "bench_offsets.txt").write_text(buf.getvalue(), encoding="utf-8")
