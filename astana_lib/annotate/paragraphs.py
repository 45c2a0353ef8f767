"""Splitting a decoded text into paragraphs, every non-blank line in exactly one.

Splitting (:func:`split_paragraphs`)
    A file (or record text) is either *blank-line separated* (paragraphs are runs of
    non-blank lines between blank lines; a run of several lines, such as a bulleted byline
    block, is one paragraph) or *line separated* (every non-blank line is a paragraph).
    The choice is made per file: blank-line mode when the file has at least two blocks and
    the blocks are at least half as many as the non-blank lines (so one blank line after a
    headline does not glue a line-separated body into one paragraph). A line is blank when
    ``line.strip() == ""`` (spaces, tabs, NBSP …). Every other line lands in exactly one
    paragraph, whose ``text`` is its lines joined with ``"\\n"``, unchanged.
"""

from __future__ import annotations

from typing import NamedTuple

__all__ = ["Paragraph", "split_paragraphs"]


class Paragraph(NamedTuple):
    """A paragraph of a text: 1-based first and last line, and the original text."""

    line_start: int
    line_end: int
    text: str


def split_paragraphs(text: str) -> list[Paragraph]:
    """Split text into paragraphs, keeping every non-blank line exactly once.

    Parameters
    ----------
    text : str
        Decoded text with ``"\\n"`` line breaks (see :func:`astana_lib.reading.decoding.decode_bytes`).

    Returns
    -------
    list of Paragraph
        ``(line_start, line_end, text)`` with 1-based inclusive line numbers; ``text`` is
        the lines joined with ``"\\n"``, characters unchanged.

    Examples
    --------
    >>> split_paragraphs("عنوان\\n\\nفقرة أولى\\n\\n• سطر\\n• سطر")
    [Paragraph(line_start=1, line_end=1, text='عنوان'), Paragraph(line_start=3, line_end=3, text='فقرة أولى'), Paragraph(line_start=5, line_end=6, text='• سطر\\n• سطر')]
    >>> [p.line_start for p in split_paragraphs("أ\\nب\\n\\nج\\nد\\nه")]  # line separated
    [1, 2, 4, 5, 6]
    """
    lines = text.split("\n")
    blocks: list[tuple[int, int]] = []  # 0-based [start, end)
    start: int | None = None
    n_nonblank = 0
    for i, line in enumerate(lines):
        if line.strip():
            n_nonblank += 1
            if start is None:
                start = i
        elif start is not None:
            blocks.append((start, i))
            start = None
    if start is not None:
        blocks.append((start, len(lines)))
    blank_mode = len(blocks) >= 2 and 2 * len(blocks) >= n_nonblank
    out: list[Paragraph] = []
    for b0, b1 in blocks:
        if blank_mode or b1 - b0 == 1:
            out.append(Paragraph(b0 + 1, b1, "\n".join(lines[b0:b1])))
        else:
            out.extend(Paragraph(i + 1, i + 1, lines[i]) for i in range(b0, b1))
    return out
