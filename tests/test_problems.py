"""Problem kinds for the read summary (reading/problems.py)."""

from __future__ import annotations

import pytest

from astana_lib.reading.problems import ReadError, problem_kind


@pytest.mark.parametrize(
    ("problem", "kind"),
    [
        ("3 line(s) not UTF-8, decoded as cp1256: lines 4, 9, 12", "N line(s) not UTF-8, decoded as cp1256"),
        ("1 line(s) with invalid UTF-8 bytes: line 7", "N line(s) with invalid UTF-8 bytes"),
        ("duplicate article_id 'x'", "duplicate article_id …"),
        ("very long line (120,000 characters)", "very long line (N characters)"),
        ("JSON lines in UTF-16 (utf-16-le)", "JSON lines in UTF-16 (utf-16-le)"),
        ("cannot read: [Errno 13] Permission denied", "cannot read: [Errno 13] Permission denied"),
    ],
)  # fmt: skip
def test_problem_kind_masks_counts_lines_and_quotes_but_keeps_names(problem, kind):
    assert problem_kind(problem) == kind


def test_read_error_is_a_value_error():
    assert issubclass(ReadError, ValueError)


def test_pipeline_can_still_import_the_old_name():
    from astana_lib.reading.corpus import _problem_kind

    assert _problem_kind is problem_kind
