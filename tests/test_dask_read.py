"""The Dask read path (astana_lib.backends.dask_read): the workers open the inputs, not the client.

Identity with the single-machine read on seeds and shared-dump samples is tested in
test_distributed.py; here the division of labour and the record counting.
"""

from __future__ import annotations

import gzip
import json
from pathlib import Path

import pandas as pd
import pytest

pytest.importorskip("distributed")

pytestmark = pytest.mark.slow

SEEDS = Path(__file__).resolve().parents[1] / "seeds"


@pytest.fixture(scope="module")
def client():
    from distributed import Client, LocalCluster

    with (
        LocalCluster(n_workers=1, threads_per_worker=1, processes=True, dashboard_address=None)
        as cluster,
        Client(cluster) as c,
    ):  # fmt: skip
        yield c


def _refuse(*args, **kwargs):
    raise AssertionError("the client opened an input")


def test_client_never_lists_counts_or_reads_the_inputs(client, tmp_path, monkeypatch):
    import astana_lib.backends.dask_read as dr
    from astana_lib.reading.read import read_corpus

    path = tmp_path / "news.jsonl.gz"
    with gzip.open(path, "wt", encoding="utf-8") as fh:
        for k in range(7):
            print(json.dumps({"id": f"a{k}", "text": f"محادثات أستانا {k}"}), file=fh)
    want = read_corpus(path, progress=False)
    # the workers are other processes: these patches bind the client only
    for name in ("scan_inputs", "resolve_metadata", "format_of", "read_part"):
        monkeypatch.setattr(dr, name, _refuse)
    got = dr.read_corpus_distributed(path, client=client, partition_size=3, progress=False)
    assert got.articles.attrs["dask"]["tasks"] == 3
    pd.testing.assert_frame_equal(got.paragraphs, want.paragraphs)
    monkeypatch.undo()
    want = read_corpus(SEEDS, progress=False)  # with the curated seeds/metadata.csv
    for name in ("scan_inputs", "resolve_metadata", "format_of", "read_part"):
        monkeypatch.setattr(dr, name, _refuse)
    got = dr.read_corpus_distributed(SEEDS, client=client, progress=False)
    pd.testing.assert_frame_equal(got.articles, want.articles)
    assert (got.articles["outlet_source"] == "metadata").any()


def test_a_missing_input_is_the_same_error_as_on_one_machine(client, tmp_path):
    import astana_lib.backends.dask_read as dr

    with pytest.raises(FileNotFoundError, match="no such file or folder"):
        dr.read_corpus_distributed(tmp_path / "absent.jsonl", client=client, progress=False)


def test_count_records_uses_the_format_and_is_none_when_unreadable(tmp_path):
    from astana_lib.backends.dask_read import _count_records

    good = tmp_path / "a.csv"
    pd.DataFrame({"text": ["x", "y"]}).to_csv(good, index=False)
    bad = tmp_path / "b.jsonl.gz"
    bad.write_bytes(b"not gzip")
    assert _count_records(str(good)) == 2
    assert _count_records(str(bad)) is None
