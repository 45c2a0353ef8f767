"""Tests for the analysis chain behind the main job."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from astana_lib.pipeline import analyse, threshold_sensitivity, write_tables

SEEDS = Path(__file__).resolve().parents[1] / "seeds"


@pytest.fixture(scope="module")
def results():
    return analyse(SEEDS, progress=False)


def test_every_table_is_a_dataframe_with_rows(results) -> None:
    tables = results.tables()
    for name in [
        "articles",
        "paragraphs",
        "pairs",
        "coverage",
        "framing_counts",
        "actor_mentions",
        "citations",
        "threshold_sensitivity",
    ]:
        assert isinstance(tables[name], pd.DataFrame) and len(tables[name]) > 0, name


def test_low_threshold_search_contains_default_pairs(results) -> None:
    key = ["para_a", "para_b"]
    default = set(map(tuple, results.pairs[key].to_numpy()))
    low = set(map(tuple, results.low_pairs[key].to_numpy()))
    assert default <= low
    sens = results.sensitivity.set_index("threshold")["n_pairs"]
    assert sens.is_monotonic_decreasing
    assert sens.loc[0.3] == (results.low_pairs["cosine"] >= 0.3 - 1e-9).sum()


def test_metadata_reaches_the_pairs(results) -> None:
    outlets = results.corpus.paragraphs.set_index("para_id")["outlet"]
    pairs = results.pairs
    assert (pairs["outlet_a"].fillna("?") == pairs["para_a"].map(outlets).fillna("?")).all()


def test_write_tables_flattens_lists(results, tmp_path: Path) -> None:
    files = write_tables(results, tmp_path)
    arts = pd.read_csv(tmp_path / "tables" / "articles.csv")
    assert len(files) == len(results.tables())
    assert not arts["cited_sources"].astype(str).str.startswith("[").any()


def test_threshold_sensitivity_counts_ties_at_threshold() -> None:
    got = threshold_sensitivity(
        pd.DataFrame({"cosine": [0.7, 0.7000000001, 0.69]}), thresholds=[0.7]
    )
    assert got["n_pairs"].tolist() == [2]


def test_analyse_rejects_missing_corpus(tmp_path: Path) -> None:
    with pytest.raises(FileNotFoundError, match="corpus not found"):
        analyse(tmp_path / "missing", progress=False)
