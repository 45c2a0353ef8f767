"""Tests for the packaged data tables and their loader."""

from __future__ import annotations

import pandas as pd
import pytest

from astana_lib.analysis.coverage import meeting_coverage
from astana_lib.annotate.metadata import OutletRegistry
from astana_lib.resources import TABLES, data_path, load_table, outlet_registry


def test_rounds_table_matches_reference() -> None:
    rounds = load_table("rounds")
    assert list(rounds["round"]) == list(range(1, 23))
    assert (rounds["end_date"] >= rounds["start_date"]).all()
    assert rounds["start_date"].is_monotonic_increasing
    assert rounds["source"].str.startswith("http").all()
    r5 = rounds.set_index("round").loc[5]
    assert r5["start_date"] == pd.Timestamp("2017-07-04") and r5["city_ar"] == "أستانا"


def test_related_events_are_not_rounds() -> None:
    events = load_table("related_events")
    assert "Syrian National Dialogue Congress" in set(events["event"])
    assert "round" not in events.columns


@pytest.mark.parametrize("name", TABLES)
def test_every_packaged_table_has_a_source_column(name: str) -> None:
    if not data_path(name).exists():
        pytest.skip(f"{name}.csv not shipped")
    assert "source" in load_table(name).columns


def test_user_csv_replaces_table(tmp_path) -> None:
    rounds = load_table("rounds")
    mine = tmp_path / "rounds.csv"
    rounds.head(2).assign(
        start_date=lambda d: d["start_date"].dt.strftime("%Y-%m-%d"),
        end_date=lambda d: d["end_date"].dt.strftime("%Y-%m-%d"),
        extra="x",
    ).to_csv(mine, index=False)
    got = load_table("rounds", path=mine)
    assert len(got) == 2 and "extra" in got.columns


def test_user_csv_missing_columns_is_a_clear_error(tmp_path) -> None:
    bad = tmp_path / "r.csv"
    bad.write_text("round,city\n1,Astana\n", encoding="utf-8")
    with pytest.raises(ValueError, match="missing column"):
        load_table("rounds", path=bad)


def test_unknown_table() -> None:
    with pytest.raises(ValueError, match="unknown table"):
        load_table("nope")


def test_outlet_registry_one_loader_for_reader_coverage_and_network(tmp_path) -> None:
    # the registry was loaded three ways (OutletRegistry, coverage.outlet_registry, the
    # plots): a user's CSV worked in coverage but not in OutletRegistry (a path was stored
    # as the table); all now go through resources.outlet_registry
    reg = outlet_registry()
    mine = tmp_path / "outlets.csv"
    reg[reg["outlet_id"] == "aljazeera"].assign(name_en="My Jazeera").to_csv(mine, index=False)
    assert OutletRegistry(mine).lookup("الجزيرة") == ("aljazeera",)
    assert OutletRegistry(mine).lookup("العربية") == ()
    assert OutletRegistry().table.equals(reg)
    arts = pd.DataFrame(
        {"article_id": ["a"], "outlet": ["aljazeera"], "date": pd.to_datetime(["2017-01-23"]),
         "round": pd.array([1], dtype="Int64")}
    )  # fmt: skip
    cov = meeting_coverage(arts, registry=mine)
    assert set(cov.loc[cov["outlet"] == "aljazeera", "name_en"]) == {"My Jazeera"}


def test_outlet_registry_frame_needs_outlet_id() -> None:
    with pytest.raises(ValueError, match="outlet_id"):
        outlet_registry(pd.DataFrame({"name_en": ["x"]}))
