"""Tests for astana_lib.figures._common and .texts: the rules every figure shares."""

from __future__ import annotations

import ast
import string
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from astana_lib import _tables
from astana_lib.figures import _common
from astana_lib.figures._common import OTHER, cap_columns, cap_index, cap_rows, wants_log
from astana_lib.figures.texts import TEXT, text

FIGURES = Path(_common.__file__).parent
#: one module per figure family; each draws from the shared helpers, never from another family
FAMILIES = ["actors", "citations", "coverage", "framing", "network", "rounds", "similarity",
            "timeline"]  # fmt: skip


def test_figures_use_the_analysis_tables_unknown_label():
    assert _common.UNKNOWN is _tables.UNKNOWN
    s = pd.Series(["rt", None, pd.NA])
    assert _common.outlet_key(s).tolist() == _tables.fill_unknown_outlet(s).tolist()


def test_pooling_keeps_top_n_rows_and_every_count():
    mat = pd.DataFrame({"r1": [5, 1, 1, 2, 9], "r2": [0, 1, 3, 0, 1]}, index=list("abcde"))
    out, n_other = cap_rows(mat, 3)
    assert list(out.index) == ["e", "a", OTHER]  # top_n - 1 named rows + "other"
    assert n_other == 3
    assert out.loc[OTHER].tolist() == [4, 4]
    assert out.to_numpy().sum() == mat.to_numpy().sum()


def test_pooling_leaves_a_short_table_whole_sorted_and_ties_in_input_order():
    keep, rest = cap_index(pd.Series({"x": 1, "y": 3, "z": 1}), 3)
    assert (keep, rest) == (["y", "x", "z"], [])


def test_column_pooling_is_row_pooling_of_the_transpose():
    rng = np.random.default_rng(1)
    mat = pd.DataFrame(rng.integers(0, 9, (4, 7)), columns=[f"c{i}" for i in range(7)])
    out, k = cap_columns(mat, 4)
    rows, k_rows = cap_rows(mat.T, 4)
    pd.testing.assert_frame_equal(out, rows.T)
    assert k == k_rows == 4
    assert list(out.columns)[-1] == OTHER


@pytest.mark.parametrize(
    ("values", "expected"),
    [
        ([1, 100], True),  # exactly two orders of magnitude
        ([1, 99], False),
        ([0, 0, 2, 150], False),  # zeros are left out
        ([np.nan, 3, 400], True),
        (pd.Series(["5", "x", "600"]), True),  # non-numeric entries are ignored
        ([], False),
    ],
)
def test_one_log_scale_rule(values, expected):
    assert wants_log(values) is expected


def test_every_text_has_both_languages_with_the_same_placeholders():
    for key, (ar, en) in TEXT.items():
        assert ar and en, key
        fields = [{f for _, f, _, _ in string.Formatter().parse(s) if f} for s in (ar, en)]
        assert fields[0] == fields[1], key


def test_text_fills_placeholders_in_the_chosen_language():
    assert text("round_n", "en", n=4) == "round 4"
    assert text("round_n", "ar", n=4) == "الجولة 4"


def _imports(path: Path) -> set[str]:
    out = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom) and node.module:
            out.add(node.module)
        elif isinstance(node, ast.Import):
            out.update(a.name for a in node.names)
    return out


@pytest.mark.parametrize("family", FAMILIES)
def test_figure_families_share_helpers_not_each_other(family):
    imported = _imports(FIGURES / f"{family}.py")
    others = {f"astana_lib.figures.{f}" for f in FAMILIES if f != family}
    assert not imported & (others | {"astana_lib.figures.plotting", "astana_lib"})


@pytest.mark.parametrize("family", FAMILIES)
def test_plots_draw_analysis_tables_without_pivot_tables(family):
    calls = {
        node.func.attr
        for node in ast.walk(ast.parse((FIGURES / f"{family}.py").read_text(encoding="utf-8")))
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute)
    }
    assert "pivot_table" not in calls
