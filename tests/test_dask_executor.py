"""Tests of astana_lib.backends.dask.DaskExecutor: the same block task as the local search."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

distributed = pytest.importorskip("distributed")

SEEDS = Path(__file__).resolve().parents[1] / "seeds"


@pytest.fixture(scope="module")
def client():
    with distributed.Client(
        n_workers=1, threads_per_worker=1, processes=False, dashboard_address=None
    ) as c:
        yield c


@pytest.fixture(scope="module")
def paragraphs():
    import astana_lib as al

    return al.read_corpus(SEEDS, progress=False).paragraphs


def test_dask_executor_is_an_executor(client):
    from astana_lib.backends.dask import DaskExecutor
    from astana_lib.backends.executor import Executor

    assert isinstance(DaskExecutor(client), Executor)


def test_query_corpus_search_on_dask_equals_local(client, paragraphs):
    # the cross search (paragraphs_b) runs on any executor too, not only self-search
    from astana_lib.backends.dask import DaskExecutor
    from astana_lib.reuse.estimator import ParagraphMatcher

    body = paragraphs[paragraphs["role"] == "body"].reset_index(drop=True)
    half = len(body) // 2
    m = ParagraphMatcher(block_size=7).fit(body.iloc[:half])
    local = m.find_pairs(body.iloc[half:])
    ex = DaskExecutor(client, progress=False)
    got = m.find_pairs(body.iloc[half:], executor=ex)
    assert len(local) > 0
    pd.testing.assert_frame_equal(got, local)
    assert ex.stats.computed == ex.stats.tasks > 1


def test_block_size_none_is_the_same_default_locally_and_on_dask(client, paragraphs):
    # regression: block_size=None meant 50,000 rows locally but 20,000 with client=
    from astana_lib.reuse.constants import default_block_size
    from astana_lib.reuse.matcher import find_near_duplicates

    got = find_near_duplicates(paragraphs, client=client, progress=False)
    spans = got.attrs["dask"]["block_spans"]
    assert len(spans) == 1  # the seeds fit in one default block
    assert default_block_size("prefix") == 50_000
    pd.testing.assert_frame_equal(got, find_near_duplicates(paragraphs, progress=False))
