"""Shared fixtures: the seed corpus and the optional shared folder with the real corpora."""

from __future__ import annotations

import os
import warnings
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
SEEDS = REPO / "seeds"


def shared_path() -> Path:
    """``$ASTANA_SHARED`` if set, else the ``shared`` folder next to the repository."""
    env = os.environ.get("ASTANA_SHARED")
    return Path(env) if env else Path(__file__).resolve().parents[2] / "shared"


@pytest.fixture(scope="session")
def seeds_dir() -> Path:
    """The repository's ``seeds/`` folder (five raw articles and metadata.csv)."""
    return SEEDS


@pytest.fixture(scope="session")
def shared_dir() -> Path:
    """The shared folder with ``corpora/``; skips the test when it is absent."""
    p = shared_path()
    if not (p / "corpora").is_dir():
        pytest.skip(f"shared corpora not available at {p} (set ASTANA_SHARED)")
    return p


@pytest.fixture(scope="session")
def seed_corpus():
    """``read_corpus("seeds")`` read once per session (do not modify its tables)."""
    from astana_lib.reading.read import read_corpus

    with warnings.catch_warnings():
        warnings.simplefilter("error")  # the seeds read cleanly
        return read_corpus(SEEDS, progress=False)


@pytest.fixture(scope="session")
def astana_subcorpus_file(tmp_path_factory) -> Path:
    """The Astana-related articles of the shared corpora (`astana subcorpus`), cut once."""
    corpora = sorted((shared_path() / "corpora").glob("*.jsonl.gz"))
    if not corpora:
        pytest.skip(f"shared corpora not available at {shared_path()} (set ASTANA_SHARED)")
    from astana_lib.cli import main

    out = tmp_path_factory.mktemp("astana_sub") / "astana_sub.jsonl.gz"
    assert main(["-q", "subcorpus", *map(str, corpora), "--out", str(out)]) == 0
    return out
