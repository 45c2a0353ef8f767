"""Tests of the Dask backend (astana_lib.backends.dask): identical results, spill, resume, faults.

One module-scoped LocalCluster (2 worker processes, 1 thread each) serves every test.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pandas as pd
import pytest

distributed = pytest.importorskip("distributed")

pytestmark = pytest.mark.slow

REPO = Path(__file__).resolve().parents[1]
SEEDS = REPO / "seeds"


@pytest.fixture(scope="module")
def client():
    from distributed import Client, LocalCluster

    with (
        LocalCluster(
            n_workers=2,
            threads_per_worker=1,
            processes=True,
            dashboard_address=":0",
            memory_limit="3GiB",
        ) as cluster,
        Client(cluster) as c,
    ):
        yield c


@pytest.fixture(scope="module")
def seeds():
    import astana_lib as al

    return al.read_corpus(SEEDS, progress=False)


def _assert_corpus_equal(a, b) -> None:
    for name in ("articles", "paragraphs", "problems"):
        pd.testing.assert_frame_equal(getattr(a, name), getattr(b, name), check_exact=True)


def _assert_pairs_equal(a: pd.DataFrame, b: pd.DataFrame) -> None:
    pd.testing.assert_frame_equal(a, b, check_exact=False, rtol=0, atol=1e-9)
    # the row set and order are exact; the scores equal to 1e-9 (in practice bit-identical)
    pd.testing.assert_frame_equal(a[["para_a", "para_b", "kind"]], b[["para_a", "para_b", "kind"]])


def _variants(paragraphs: pd.DataFrame, n: int, seed: int = 0) -> pd.DataFrame:
    """``n`` paragraphs made from the seed paragraphs with random word drops (known reuse)."""
    import numpy as np

    rng = np.random.default_rng(seed)
    base = paragraphs[paragraphs["role"] == "body"].reset_index(drop=True)
    rows = []
    for k in range(n):
        src = base.iloc[int(rng.integers(len(base)))]
        words = src["text"].split()
        keep = rng.random(len(words)) > rng.choice([0.0, 0.1, 0.5])
        text = " ".join(w for w, m in zip(words, keep, strict=True) if m) or words[0]
        rows.append(
            {
                "para_id": f"v{k // 10}:{k % 10 + 1}",
                "article_id": f"v{k // 10}",
                "outlet": f"outlet{k % 7}",
                "date": pd.Timestamp("2017-01-01") + pd.Timedelta(days=int(k % 30)),
                "role": "body",
                "text": text,
                "user_column": k,
            }
        )
    return pd.DataFrame(rows)


# ----------------------------------------------------------------------------- reading
def test_read_seeds_identical(client, seeds):
    from astana_lib.backends.dask import read_corpus_distributed

    got = read_corpus_distributed(SEEDS, client=client, partition_size=2, progress=False)
    _assert_corpus_equal(seeds, got)
    stats = got.articles.attrs["dask"]
    assert stats["tasks"] == 3 and stats["computed"] == 3


def test_read_corpus_client_option_dispatches(client, seeds):
    import astana_lib as al

    got = al.read_corpus(SEEDS, client=client, partition_size=2, progress=False)
    _assert_corpus_equal(seeds, got)
    assert "dask" in got.articles.attrs


def _write_jsonl_gz(dst: Path, src: Path, n: int, *, step: int = 1, junk: bool = False) -> None:
    """Copy every ``step``-th of the first ``n * step`` records (plus an invalid line)."""
    import gzip
    import itertools

    with gzip.open(src, "rt", encoding="utf-8") as f, gzip.open(dst, "wt", encoding="utf-8") as g:
        for k, line in enumerate(itertools.islice(f, 0, n * step, step)):
            g.write(line)
            if junk and k == n // 2:
                g.write("\n{not json\n")


@pytest.mark.corpora
def test_read_record_file_partitions_identical(client, tmp_path, shared_dir):
    import astana_lib as al
    from astana_lib.backends.dask import read_corpus_distributed

    shared = shared_dir
    # almayadeen has records with empty text (problems rows); an invalid line is added
    path = tmp_path / "mayadeen.jsonl.gz"
    _write_jsonl_gz(path, shared / "corpora" / "almayadeen_2023_2024.jsonl.gz", 300, junk=True)
    with pytest.warns(UserWarning, match="problem"):
        single = al.read_corpus(path, progress=False)
    with pytest.warns(UserWarning, match="problem"):
        got = read_corpus_distributed(path, client=client, partition_size=70, progress=False)
    assert got.articles.attrs["dask"]["tasks"] == 5
    assert len(single.problems) > 10 and (single.problems["severity"] == "error").any()
    _assert_corpus_equal(single, got)

    with pytest.raises(al.reading.ReadError, match="invalid JSON"):
        read_corpus_distributed(path, client=client, partition_size=70, errors="raise",
                                progress=False, retries=0)  # fmt: skip


def test_read_bad_arguments(client):
    from astana_lib.backends.dask import read_corpus_distributed

    with pytest.raises(TypeError, match=r"dask\.distributed\.Client"):
        read_corpus_distributed(SEEDS, client="tcp://nowhere:8786")
    with pytest.raises(ValueError, match="partition_size"):
        read_corpus_distributed(SEEDS, client=client, partition_size=0)
    with pytest.raises(ValueError, match="errors must be one of"):
        read_corpus_distributed(SEEDS, client=client, errors="explode")


# ----------------------------------------------------------------------------- search
@pytest.mark.parametrize(
    ("block_size", "kw"),
    [
        (7, {}),
        (1000, {}),
        (6, {"title_containment_threshold": 0.3}),
        (9, {"threshold": 0.5, "analyzer": "char_wb", "ngram_range": (3, 5)}),
        (5, {"scope": "within", "duplicates": "first"}),
        (11, {"containment_threshold": None, "method": "brute"}),
    ],
)
def test_search_seeds_identical(client, seeds, block_size, kw):
    import astana_lib as al
    from astana_lib.backends.dask import find_near_duplicates_distributed

    single = al.find_near_duplicates(seeds.paragraphs, progress=False, **kw)
    got = find_near_duplicates_distributed(
        seeds.paragraphs, client=client, block_size=block_size, progress=False, **kw
    )
    assert len(single) > 0
    _assert_pairs_equal(single, got)
    stats = got.attrs["dask"]
    assert stats["computed"] == stats["tasks"] and stats["resumed"] == 0


def test_find_near_duplicates_client_option_dispatches(client, seeds, tmp_path):
    import astana_lib as al

    single = al.find_near_duplicates(seeds.paragraphs, progress=False)
    got = al.find_near_duplicates(
        seeds.paragraphs, client=client, block_size=8, spill_dir=tmp_path, progress=False
    )
    _assert_pairs_equal(single, got)
    assert got.attrs["dask"]["tasks"] > 1 and list(tmp_path.iterdir())


@pytest.mark.parametrize("scope", ["all", "across", "outlets"])
def test_search_carries_metadata_and_clusters_identical(client, seeds, scope):
    import astana_lib as al
    from astana_lib.backends.dask import find_near_duplicates_distributed

    paras = _variants(seeds.paragraphs, 300)
    carry = ("article_id", "outlet", "date", "user_column")
    single = al.find_near_duplicates(paras, carry=carry, scope=scope, progress=False)
    got = find_near_duplicates_distributed(
        paras, client=client, block_size=40, carry=carry, scope=scope, progress=False
    )
    _assert_pairs_equal(single, got)
    assert {"user_column_a", "user_column_b", "outlet_a", "date_b"} <= set(got.columns)
    assert got["kind"].nunique() >= 2
    pd.testing.assert_frame_equal(
        al.reuse_clusters(single, paras), al.reuse_clusters(got, paras), check_exact=True
    )


@pytest.mark.corpora
def test_search_corpus_sample_identical(client, tmp_path, shared_dir):
    """A few thousand real paragraphs with wire copy: 11 Saudi papers of one day."""
    import astana_lib as al
    from astana_lib.backends.dask import find_near_duplicates_distributed, read_corpus_distributed

    path = tmp_path / "saudi.jsonl.gz"
    _write_jsonl_gz(path, shared_dir / "corpora" / "saudinewsnet_2015.jsonl.gz", 500, step=5)
    corpus = read_corpus_distributed(
        path, client=client, partition_size=250, errors="ignore", progress=False
    )
    paras = corpus.paragraphs
    assert len(paras) >= 2000
    single = al.find_near_duplicates(paras, progress=False)
    got = find_near_duplicates_distributed(
        paras, client=client, block_size=800, spill_dir=tmp_path / "spill", progress=False
    )
    assert len(single) > 50 and single["outlet_a"].ne(single["outlet_b"]).any()
    _assert_pairs_equal(single, got)
    pd.testing.assert_frame_equal(
        al.reuse_clusters(single, paras), al.reuse_clusters(got, paras), check_exact=True
    )


def test_search_spill_and_resume(client, seeds, tmp_path, caplog):
    import logging

    import astana_lib as al
    from astana_lib.backends.dask import find_near_duplicates_distributed

    paras = _variants(seeds.paragraphs, 200, seed=1)
    single = al.find_near_duplicates(paras, progress=False)
    spill = tmp_path / "spill"
    first = find_near_duplicates_distributed(
        paras, client=client, block_size=30, spill_dir=spill, progress=False
    )
    _assert_pairs_equal(single, first)
    files = sorted(spill.glob("*.parquet"))
    n_tasks = first.attrs["dask"]["tasks"]
    assert len(files) == n_tasks > 10
    assert not list(spill.glob(".*.tmp"))
    # simulate an interrupted run: three block files are missing, one half-written one left
    for f in files[:3]:
        f.unlink()
    (spill / f".{files[0].name}.0123.tmp").write_bytes(b"PAR1")
    with caplog.at_level(logging.INFO, logger="astana_lib.backends.dask"):
        second = find_near_duplicates_distributed(
            paras, client=client, block_size=30, spill_dir=spill, progress=False
        )
    _assert_pairs_equal(single, second)
    stats = second.attrs["dask"]
    assert (stats["computed"], stats["resumed"]) == (3, n_tasks - 3)
    assert any(f"{n_tasks - 3} of {n_tasks} block pair(s) already finished" in r.message
               for r in caplog.records)  # fmt: skip
    # other options → other fingerprint: nothing reused, old files left alone
    third = find_near_duplicates_distributed(
        paras, client=client, block_size=30, spill_dir=spill, threshold=0.9, progress=False
    )
    assert third.attrs["dask"]["resumed"] == 0
    assert len(list(spill.glob("*.parquet"))) == 2 * n_tasks
    # resume=False recomputes everything
    fourth = find_near_duplicates_distributed(
        paras, client=client, block_size=30, spill_dir=spill, resume=False, progress=False
    )
    assert fourth.attrs["dask"]["computed"] == n_tasks
    _assert_pairs_equal(single, fourth)


def test_search_survives_a_killed_worker(client, seeds, tmp_path):
    import threading

    import astana_lib as al
    from astana_lib.backends.dask import find_near_duplicates_distributed

    paras = _variants(seeds.paragraphs, 1500, seed=2)
    single = al.find_near_duplicates(paras, progress=False)
    spill = tmp_path / "spill"
    out: dict = {}

    def run() -> None:
        try:
            out["pairs"] = find_near_duplicates_distributed(
                paras, client=client, block_size=60, spill_dir=spill, progress=False
            )
        except BaseException as exc:  # reported by the assertion below
            out["error"] = exc

    th = threading.Thread(target=run)
    th.start()
    deadline = time.monotonic() + 60
    while len(list(spill.glob("*.parquet"))) < 20 and time.monotonic() < deadline:
        time.sleep(0.05)
    workers = list(client.scheduler_info()["workers"])
    victim = workers[0]
    pid = client.run(os.getpid, workers=[victim])[victim]
    n_done_at_kill = len(list(spill.glob("*.parquet")))
    os.kill(pid, signal.SIGKILL)
    th.join(timeout=120)
    assert not th.is_alive(), "search did not finish after a worker was killed"
    assert "error" not in out, out.get("error")
    got = out["pairs"]
    stats = got.attrs["dask"]
    assert n_done_at_kill < stats["tasks"], "the run finished before the kill"
    assert stats["computed"] == stats["tasks"]
    _assert_pairs_equal(single, got)
    client.wait_for_workers(2, timeout=60)


def test_search_bad_input(client):
    from astana_lib.backends.dask import find_near_duplicates_distributed

    paras = pd.DataFrame({"para_id": ["a:1", "b:1"], "text": ["2017", ""]})
    empty = find_near_duplicates_distributed(paras, client=client, progress=False)
    assert len(empty) == 0 and "cosine" in empty.columns
    with pytest.raises(ValueError, match="threshold"):
        find_near_duplicates_distributed(paras, client=client, threshold=1.5)
    with pytest.raises(ValueError, match="missing column"):
        find_near_duplicates_distributed(paras[["para_id"]], client=client)
    with pytest.raises(ValueError, match="block_size"):
        find_near_duplicates_distributed(paras, client=client, block_size=0)


# ----------------------------------------------------------------------------- optional
def test_dask_not_imported_without_client():
    code = textwrap.dedent(
        f"""
        import sys
        import astana_lib as al
        corpus = al.read_corpus({str(SEEDS)!r}, progress=False)
        pairs = al.find_near_duplicates(corpus.paragraphs, progress=False)
        assert len(pairs) > 0
        bad = sorted(m for m in sys.modules if m.split(".")[0] in ("dask", "distributed"))
        assert not bad, bad
        print("ok")
        """
    )
    res = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, timeout=120, cwd=REPO
    )
    assert res.returncode == 0, res.stderr[-2000:]
    assert res.stdout.strip().endswith("ok")
