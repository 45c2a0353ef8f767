"""Helpers of the labelled-hit benchmarks (eval_framing.py, eval_actors.py, eval_citations.py).

Labels are stored as ids + offsets + short snippets (never corpus texts): each row
names a corpus file of ``shared/corpora``, a ``para_id`` of the library's paragraph
table for it and ``start``/``end`` offsets into that paragraph's original text. This
module reads the corpora with the library, keeps the labelled articles only, and checks
that every stored span still points at the same words.
"""

from __future__ import annotations

import gzip
import json
import math
import tempfile
from pathlib import Path

import pandas as pd
from _accuracy import cohen_kappa  # noqa: F401  (re-exported for the eval scripts)

import astana_lib as al


def labelled_paragraphs(shared: Path, labels: pd.DataFrame) -> pd.DataFrame:
    """Paragraphs of the articles that hold a labelled span (all corpora named in labels).

    Only the labelled articles' records are copied (unchanged) to a temporary JSON-lines
    file and read with :func:`astana_lib.read_corpus`, so this is fast and light; the
    paragraph ids are the same as when the whole dump is read (``<record id>:<n>``).
    """
    parts = []
    with tempfile.TemporaryDirectory() as tmp:
        for corpus in sorted(labels["corpus"].unique()):
            arts = {p.rsplit(":", 1)[0] for p in labels.loc[labels["corpus"] == corpus, "para_id"]}
            path = Path(tmp) / corpus
            with (
                gzip.open(shared / "corpora" / corpus, "rt", encoding="utf-8") as src,
                gzip.open(path, "wt", encoding="utf-8") as dst,
            ):
                for line in src:
                    if line.strip() and json.loads(line).get("id") in arts:
                        dst.write(line)
            paras = al.read_corpus(path, progress=False).paragraphs
            parts.append(paras[paras["article_id"].isin(arts)].assign(corpus=corpus))
    return pd.concat(parts, ignore_index=True)


def check_spans(labels: pd.DataFrame, paragraphs: pd.DataFrame, column: str = "matched") -> None:
    """Raise when a stored span no longer holds the stored matched text."""
    text = paragraphs.set_index("para_id")["text"]
    bad = [
        r.hid
        for r in labels.itertuples()
        if r.para_id not in text.index or text[r.para_id][r.start : r.end] != getattr(r, column)
    ]
    if bad:
        raise SystemExit(f"{len(bad)} labelled span(s) no longer match the corpus: {bad[:10]}")


def wilson(k: int, n: int, z: float = 1.96) -> tuple[float, float]:
    """95% Wilson interval of a proportion k/n."""
    if n == 0:
        return math.nan, math.nan
    p = k / n
    d = 1 + z * z / n
    c = p + z * z / (2 * n)
    h = z * math.sqrt(p * (1 - p) / n + z * z / (4 * n * n))
    return (c - h) / d, (c + h) / d


def fmt(rows: list[dict]) -> str:
    """A Markdown table of ``rows`` (dicts with the same keys)."""
    if not rows:
        return "(none)"
    keys = list(rows[0])
    out = ["| " + " | ".join(keys) + " |", "|" + "---|" * len(keys)]
    for r in rows:
        cells = [f"{v:.3f}" if isinstance(v, float) else str(v) for v in r.values()]
        out.append("| " + " | ".join(cells) + " |")
    return "\n".join(out)
