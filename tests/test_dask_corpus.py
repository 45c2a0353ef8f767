"""read_corpus_parts (backends/dask_read.py) and DistributedCorpus (backends/dask_corpus.py): the
parts stay on the workers, gather() is read_corpus's Corpus (test_dask_read.py is kept as it was)."""

from __future__ import annotations

import gzip
import itertools
import warnings
from pathlib import Path

import pandas as pd
import pytest
from _read_fixtures import write_messy_jsonl
from pandas.testing import assert_frame_equal

pytest.importorskip("distributed")

SEEDS = Path(__file__).resolve().parents[1] / "seeds"


@pytest.fixture(scope="module")
def client():
    from distributed import Client, LocalCluster

    with (
        LocalCluster(n_workers=2, threads_per_worker=1, processes=False, dashboard_address=None)
        as cluster,
        Client(cluster) as c,
    ):  # fmt: skip
        yield c


def _read(path, **kw):
    """read_corpus and its warnings."""
    from astana_lib.reading.read import read_corpus

    with warnings.catch_warnings(record=True) as w:
        warnings.simplefilter("always")
        c = read_corpus(path, progress=False, **kw)
    return c, [str(x.message) for x in w if issubclass(x.category, UserWarning)]


def _parts(path, client, **kw):
    from astana_lib.backends.dask_read import read_corpus_parts

    with warnings.catch_warnings(record=True) as w:
        warnings.simplefilter("always")
        dc = read_corpus_parts(path, client=client, progress=False, **kw)
    return dc, [str(x.message) for x in w if issubclass(x.category, UserWarning)]


def _assert_identical(dc, want) -> None:
    got = dc.gather()
    for name in ("articles", "paragraphs", "problems"):
        a, b = getattr(got, name), getattr(want, name)
        assert_frame_equal(a, b, check_exact=True, obj=name)
        assert a.equals(b) and list(a.dtypes) == list(b.dtypes)
        assert {k: v for k, v in a.attrs.items() if k != "dask"} == b.attrs
    assert got.articles.attrs["dask"]["tasks"] == len(dc.parts)
    # the contract of the parts: read_corpus's paragraphs, cut at article bounds
    tables = dc.client.gather(dc.paragraph_parts)
    for t in tables:
        assert list(t.dtypes) == list(want.paragraphs.dtypes)
        assert list(t.columns) == list(want.paragraphs.columns)
    assert_frame_equal(pd.concat(tables, ignore_index=True), want.paragraphs, check_exact=True)
    ids = [set(t["article_id"]) for t in tables]
    assert sum(map(len, ids)) == len(set().union(*ids))
    assert dc.sizes["n_paragraphs"].tolist() == [len(t) for t in tables]
    arts = dc.client.gather(dc.article_parts)
    assert pd.concat(arts)["article_id"].tolist() == want.articles["article_id"].tolist()
    assert_frame_equal(dc.problems.result(), want.problems)


def test_seeds_stay_on_the_workers_and_gather_to_read_corpus(client, seed_corpus):
    dc, warned = _parts(SEEDS, client, partition_size=2)
    assert warned == []
    assert repr(dc) == "DistributedCorpus(5 articles, 74 paragraphs in 3 parts on the workers)"
    _assert_identical(dc, seed_corpus)


@pytest.mark.parametrize("size", [4, 13, 1000])
def test_messy_records_identical_with_the_same_warning(client, tmp_path, size):
    path = write_messy_jsonl(tmp_path / "messy.jsonl")
    want, want_warned = _read(path)
    dc, warned = _parts(path, client, partition_size=size)
    assert warned == want_warned and len(warned) == 1
    _assert_identical(dc, want)
    assert len(dc.boilerplate.result()) >= 2


def test_bad_folder_identical(client, tmp_path):
    d = tmp_path / "bad"
    d.mkdir()
    text = "قال لافرنتييف إن محادثات أستانا 6 حول سوريا ستستمر."
    (d / "a.txt").write_bytes(b"\xef\xbb\xbf" + text.encode())
    (d / "b_binary.txt").write_bytes(b"%PDF-1.5\n" + bytes(range(256)) * 8)
    (d / "c_empty.txt").write_bytes(b"")
    (d / "d.TXT").write_text(text, encoding="utf-8")
    (d / "notes.docx").write_bytes(b"PK\x03\x04")
    (d / "metadata.csv").write_text("article_id,outlet\nghost,SANA\n")
    want, want_warned = _read(d)
    dc, warned = _parts(d, client, partition_size=2)
    assert warned == want_warned and "error(s)" in warned[0]
    _assert_identical(dc, want)


def test_errors_raise_and_ignore(client, tmp_path):
    from astana_lib.reading.problems import ReadError

    path = write_messy_jsonl(tmp_path / "messy.jsonl")
    with pytest.raises(ReadError, match="invalid JSON"):
        _parts(path, client, partition_size=20, errors="raise", retries=0)
    dc, warned = _parts(path, client, partition_size=20, errors="ignore")
    assert warned == [] and len(dc.problems.result()) == 5


def test_the_client_fetches_only_small_results(client, tmp_path, monkeypatch):
    from distributed import Future

    from astana_lib.backends import dask_corpus, dask_read

    fetched = []
    real = Future.result

    def spy(self, *a, **k):
        out = real(self, *a, **k)
        fetched.append(out)
        return out

    monkeypatch.setattr(Future, "result", spy)
    monkeypatch.setattr(dask_corpus, "gather_parts", None)  # gather() is not called
    path = write_messy_jsonl(tmp_path / "messy.jsonl")
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        dask_read.read_corpus_parts(path, client=client, partition_size=10, progress=False)
    assert fetched  # listing, record counts, part sizes, the summary
    for value in fetched:
        assert not isinstance(value, (pd.DataFrame, dask_corpus.ReadPart)), type(value)
        if isinstance(value, tuple) and value and isinstance(value[0], list):  # the listing
            assert all(isinstance(x, Path) for x in value[0])


def test_bad_arguments(client):
    from astana_lib.backends.dask_read import read_corpus_parts

    with pytest.raises(TypeError, match="Client"):
        read_corpus_parts(SEEDS, client="tcp://nowhere:8786")
    with pytest.raises(ValueError, match="partition_size"):
        read_corpus_parts(SEEDS, client=client, partition_size=0)
    with pytest.raises(ValueError, match="errors"):
        read_corpus_parts(SEEDS, client=client, errors="explode")


@pytest.mark.corpora
@pytest.mark.slow
def test_cut_of_each_shared_dump_identical(client, tmp_path, shared_dir):
    for src in sorted((shared_dir / "corpora").glob("*.jsonl.gz")):
        path = tmp_path / src.name
        with gzip.open(src, "rt", encoding="utf-8") as f, gzip.open(path, "wt") as g:
            g.writelines(itertools.islice(f, 1000))
        want, want_warned = _read(path)
        dc, warned = _parts(path, client, partition_size=150)
        assert warned == want_warned, src.name
        _assert_identical(dc, want)


@pytest.mark.slow
def test_parts_lost_with_a_killed_worker_are_read_again(tmp_path):
    import os
    import signal

    from distributed import Client, LocalCluster

    path = write_messy_jsonl(tmp_path / "messy.jsonl")
    want, _ = _read(path)
    with (
        LocalCluster(n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None)
        as cluster,
        Client(cluster) as c,
    ):  # fmt: skip
        dc, _ = _parts(path, c, partition_size=5)
        held = c.who_has(dc.parts)
        victim = next(iter(held[dc.parts[0].key]))
        assert any(victim not in w for w in held.values())  # parts on both workers
        pid = c.run(os.getpid, workers=[victim])[victim]
        os.kill(pid, signal.SIGKILL)
        _assert_identical(dc, want)
