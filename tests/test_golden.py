"""Golden outputs: the refactor of issue 8 (and any later one) must not change a result.

Three recorded outputs, checked on every run:

* **seeds** — every table of ``astana figures --corpus seeds`` equals the committed
  ``figures/tables/*.csv`` byte for byte, and every figure file equals the committed one when
  the installed plotting libraries are the versions recorded in ``figures/manifest.json``;
* **Astana sub-corpus** — the SHA-256 and row count of every table of ``astana figures`` on the
  sub-corpus cut from the shared dumps (``tests/golden/subcorpus_tables.json``; hashes only,
  the tables hold corpus text);
* **20k-paragraph search** — the SHA-256 of the pairs of ``find_near_duplicates`` on the first
  20,000 paragraphs of the ANT dump, local and on a Dask cluster
  (``tests/golden/search_20k.json``).

The shared dumps are absent from a user's clone: those tests skip. After a change that is
*meant* to change results, re-record with ``ASTANA_UPDATE_GOLDEN=1 pytest tests/test_golden.py``
and say why in the commit message.
"""

from __future__ import annotations

import gzip
import hashlib
import json
import os
from pathlib import Path

import pandas as pd
import pytest

from astana_lib.pipeline import analyse, build_all, write_tables

REPO = Path(__file__).resolve().parents[1]
GOLDEN = Path(__file__).parent / "golden"
UPDATE = os.environ.get("ASTANA_UPDATE_GOLDEN") == "1"
N_SEARCH = 20_000


def _sha(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _table_digest(folder: Path) -> dict[str, dict]:
    out = {}
    for p in sorted((folder / "tables").glob("*.csv")):
        rows = max(sum(1 for _ in pd.read_csv(p, dtype=str, keep_default_na=False).itertuples()), 0)
        out[p.stem] = {"sha256": _sha(p), "rows": rows}
    return out


def _check(name: str, got: dict) -> None:
    path = GOLDEN / name
    if UPDATE:
        GOLDEN.mkdir(exist_ok=True)
        path.write_text(json.dumps(got, indent=1, sort_keys=True) + "\n", encoding="utf-8")
        pytest.skip(f"recorded {path}")
    want = json.loads(path.read_text(encoding="utf-8"))
    changed = {
        k: (want.get(k), got.get(k)) for k in set(want) | set(got) if want.get(k) != got.get(k)
    }
    assert not changed, f"golden output {name} changed: {changed}"


def test_seed_tables_and_figures_equal_the_committed_ones(tmp_path):
    build_all(
        "seeds" if Path("seeds").is_dir() else REPO / "seeds",
        tmp_path,
        progress=False,
        benchmark_curve=REPO / "benchmarks/results/threshold_curve.csv",
    )
    committed = REPO / "figures"
    tables = sorted(p.name for p in (committed / "tables").glob("*.csv"))
    assert tables == sorted(p.name for p in (tmp_path / "tables").glob("*.csv"))
    differ = [n for n in tables if _sha(committed / "tables" / n) != _sha(tmp_path / "tables" / n)]
    assert not differ, f"tables differ from figures/tables: {differ}"

    from astana_lib.figures import package_versions

    manifest = json.loads((committed / "manifest.json").read_text(encoding="utf-8"))
    recorded = next(iter(manifest["figures"].values()))["versions"]
    installed = package_versions()
    if any(recorded.get(k) != v for k, v in installed.items() if k != "astana_lib"):
        pytest.skip(
            "plotting libraries differ from the ones that drew figures/: bytes not compared"
        )
    files = sorted(p.name for p in committed.iterdir() if p.suffix in {".pdf", ".png"})
    differ = [n for n in files if _sha(committed / n) != _sha(tmp_path / n)]
    assert not differ, f"figures differ from the committed ones: {differ}"


def test_subcorpus_tables_are_golden(astana_subcorpus_file, tmp_path, monkeypatch):
    monkeypatch.chdir(astana_subcorpus_file.parent)  # tables record the path as given
    write_tables(analyse(astana_subcorpus_file.name, progress=False), tmp_path)
    _check("subcorpus_tables.json", _table_digest(tmp_path))


@pytest.fixture(scope="module")
def paragraphs_20k(shared_dir, tmp_path_factory):
    """The first 20,000 paragraphs of the ANT dump (records copied as they are)."""
    from astana_lib import read_corpus

    src = shared_dir / "corpora" / "ant_multisource_2018.jsonl.gz"
    out = tmp_path_factory.mktemp("golden") / "ant_head.jsonl.gz"
    with gzip.open(src, "rb") as fin, gzip.open(out, "wb") as fout:
        for i, line in enumerate(fin):
            fout.write(line)
            if i >= 2499:
                break
    paragraphs = read_corpus(out, progress=False).paragraphs
    assert len(paragraphs) >= N_SEARCH
    return paragraphs.head(N_SEARCH).reset_index(drop=True)


def _pairs_digest(pairs: pd.DataFrame) -> dict:
    csv = pairs.to_csv(index=False, float_format="%.12g", lineterminator="\n").encode()
    return {
        "sha256": hashlib.sha256(csv).hexdigest(),
        "rows": len(pairs),
        "columns": list(pairs.columns),
        "kinds": {str(k): int(v) for k, v in pairs["kind"].value_counts().sort_index().items()},
    }


def test_20k_paragraph_search_is_golden(paragraphs_20k):
    from astana_lib import find_near_duplicates

    _check("search_20k.json", _pairs_digest(find_near_duplicates(paragraphs_20k, progress=False)))


def test_20k_paragraph_search_on_dask_is_golden(paragraphs_20k):
    distributed = pytest.importorskip("distributed")
    from astana_lib import find_near_duplicates

    with distributed.Client(n_workers=2, threads_per_worker=1, processes=False) as client:
        pairs = find_near_duplicates(paragraphs_20k, client=client, progress=False)
    if UPDATE:
        pytest.skip("the Dask search is checked against the local golden output")
    want = json.loads((GOLDEN / "search_20k.json").read_text(encoding="utf-8"))
    assert _pairs_digest(pairs) == want
