"""Splitting decoded text into paragraphs (annotate/paragraphs.py): every non-blank line once."""

from __future__ import annotations

from pathlib import Path

import pytest

from astana_lib.annotate.paragraphs import split_paragraphs

SEEDS = Path(__file__).resolve().parents[1] / "seeds"
S000 = "000_a78b001b85edf31a"
S002 = "002_01f740d96dbb44b1"
S004 = "004_bf5fb0177f1529b9"


def _nonblank_lines(text: str) -> list[int]:
    return [i for i, ln in enumerate(text.split("\n"), start=1) if ln.strip()]


def test_line_separated_and_blank_separated_files(seed_corpus):
    p = seed_corpus.paragraphs
    for aid in (S000, S002):  # single-newline files: one paragraph per line
        sub = p[p["article_id"] == aid]
        assert (sub["line_start"] == sub["line_end"]).all()
        assert len(sub) == len(_nonblank_lines((SEEDS / f"{aid}.txt").read_text("utf-8")))
    sub = p[p["article_id"] == S004]  # blank-line file: the byline block is one paragraph
    block = sub[sub["line_start"] == 21].iloc[0]
    assert block["line_end"] == 24
    assert block["text"] == "\n".join((SEEDS / f"{S004}.txt").read_text("utf-8").split("\n")[20:24])


@pytest.mark.parametrize("name", sorted(p.name for p in SEEDS.glob("*.txt")))
def test_every_nonblank_seed_line_in_exactly_one_paragraph(seed_corpus, name):
    text = (SEEDS / name).read_text("utf-8")
    lines = text.split("\n")
    sub = seed_corpus.paragraphs[seed_corpus.paragraphs["article_id"] == name[:-4]]
    covered = []
    for r in sub.itertuples():
        covered.extend(range(r.line_start, r.line_end + 1))
        assert r.text == "\n".join(lines[r.line_start - 1 : r.line_end])  # text unchanged
    assert sorted(covered) == _nonblank_lines(text)
    assert len(covered) == len(set(covered))


def test_one_blank_line_after_headline_keeps_line_mode():
    text = "عنوان الخبر\n\nسطر أول.\nسطر ثان.\nسطر ثالث.\nسطر رابع."
    assert [p.line_start for p in split_paragraphs(text)] == [1, 3, 4, 5, 6]
