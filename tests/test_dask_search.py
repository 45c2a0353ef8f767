"""The search over paragraph parts held on the workers (astana_lib.backends.dask_search).

Every test compares with ``find_near_duplicates(pd.concat(parts))``: the pairs table must be
identical (rows, order, kinds, cosine bit for bit, p_reuse).
"""

from __future__ import annotations

import gzip
import json
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from astana_lib.backends.dask import find_near_duplicates_distributed
from astana_lib.reuse.matcher import find_near_duplicates

distributed = pytest.importorskip("distributed")

GOLDEN = Path(__file__).parent / "golden"


@pytest.fixture(scope="module")
def client():
    with distributed.Client(
        processes=False, n_workers=2, threads_per_worker=1, dashboard_address=None
    ) as c:
        yield c


def split_by_article(paras: pd.DataFrame, k: int) -> list[pd.DataFrame]:
    """``k`` parts in corpus order, every article in one part."""
    codes = pd.factorize(paras["article_id"])[0]
    cut = np.array_split(np.arange(codes.max() + 1), k)
    return [paras[np.isin(codes, c)] for c in cut]


def same(client, parts, **kw) -> pd.DataFrame:
    want = find_near_duplicates(pd.concat(parts), progress=False, **kw)
    got = find_near_duplicates_distributed(
        [client.scatter(p) for p in parts], client=client, progress=False, **kw
    )
    assert got.empty or "dask" in got.attrs
    got.attrs = {}
    pd.testing.assert_frame_equal(got, want, check_exact=True)
    return got


def test_seeds_in_parts_identical(client, seed_corpus):
    parts = split_by_article(seed_corpus.paragraphs, 3)
    got = same(client, parts, block_size=7)
    assert len(got) > 0 and "p_reuse" in got.columns
    same(client, parts, decision=None)


def _synthetic() -> list[pd.DataFrame]:
    """Three parts: exact copies across parts, a title inside a lead, a shared run."""
    lead = (
        "أعلن الوفد الروسي اليوم أن الجولة المقبلة من محادثات أستانا حول الأزمة السورية "
        "ستعقد في العاصمة الكازاخية في منتصف شهر تموز المقبل بحضور ممثلين عن الدول "
        "الضامنة الثلاث روسيا وتركيا وإيران إضافة إلى وفدي الحكومة والمعارضة المسلحة "
        "ومبعوث الأمم المتحدة الخاص إلى سوريا ستيفان دي ميستورا وممثلين عن الأردن"
    )
    # 12 words of the lead with the 10th changed: 7 of its 10 shingles are in the lead
    title = "الجولة المقبلة من محادثات أستانا حول الأزمة السورية ستعقد خلال العاصمة الكازاخية"
    run = ("وقال المتحدث باسم الخارجية إن بلاده ترحب بكل الجهود الرامية إلى وقف إطلاق النار "
           "لكنها ترفض أي تدخل خارجي")  # fmt: skip
    run2 = "ترحب بكل الجهود الرامية إلى وقف إطلاق النار في ادلب وحلب وريف حماة الشمالي اليوم"
    other = "قصفت الطائرات مواقع في ريف إدلب الجنوبي صباح اليوم وأفادت مصادر محلية بسقوط ضحايا"
    long = (
        "وفي سياق متصل " + other + " كما تواصلت الاشتباكات العنيفة بين فصائل المعارضة "
        "وقوات النظام على محاور عدة في ريف حماة الشمالي وسط قصف مدفعي متبادل ونزوح "
        "مئات العائلات نحو الحدود التركية حسب ما ذكره ناشطون في المنطقة"
    )

    def part(art, rows):
        return pd.DataFrame(
            {
                "para_id": [f"{art}:{i + 1}" for i in range(len(rows))],
                "article_id": art,
                "outlet": f"outlet_{art}",
                "date": "2017-07-01",
                "role": [r for r, _ in rows],
                "text": [t for _, t in rows],
            }
        )

    p0 = pd.concat([part("a", [("title", title), ("body", lead), ("body", other)]),
                    part("b", [("body", run), ("body", "2017")])])  # fmt: skip
    p1 = pd.concat([part("c", [("title", "عنوان آخر"), ("body", lead), ("body", run2)]),
                    part("d", [("body", other + " "), ("body", other.replace("صباح", "مساء"))])])  # fmt: skip
    p2 = part("e", [("body", lead), ("body", long), ("repeat", run)])
    return [p0, p1, p2]


def test_synthetic_parts_cross_part_copies_titles_runs(client):
    parts = _synthetic()
    for kw in ({}, {"decision": None}, {"decision": None, "duplicates": "first"},
               {"decision": None, "scope": "across", "block_size": 2}):  # fmt: skip
        got = same(client, parts, **kw)
    kinds = set(find_near_duplicates(pd.concat(parts), progress=False, decision=None)["kind"])
    assert {"exact", "contained", "run", "near"} <= kinds
    assert len(got) > 0


def test_parquet_paths_are_read_on_the_workers(client, tmp_path, seed_corpus):
    parts = split_by_article(seed_corpus.paragraphs, 2)
    paths = []
    for i, p in enumerate(parts):
        paths.append(str(tmp_path / f"part{i}.parquet"))
        p.to_parquet(paths[-1])
    want = find_near_duplicates(pd.concat([pd.read_parquet(x) for x in paths]), progress=False)
    got = find_near_duplicates_distributed(paths, client=client, progress=False)
    got.attrs = {}
    pd.testing.assert_frame_equal(got, want, check_exact=True)


def test_parts_without_arabic_give_typed_empty_pairs(client):
    parts = [pd.DataFrame({"para_id": ["a:1"], "article_id": "a", "text": ["2017"]})]
    got = same(client, parts)
    assert got.empty and "p_reuse" in got.columns


def test_parts_reject_char_analyzer(client):
    parts = [pd.DataFrame({"para_id": ["a:1"], "article_id": "a", "text": ["محادثات"]})]
    with pytest.raises(ValueError, match="analyzer='word'"):
        find_near_duplicates_distributed(parts, client=client, analyzer="char_wb")


@pytest.mark.corpora
def test_20k_ant_paragraphs_in_parts_match_the_golden_search(client, shared_dir, tmp_path):
    """The first 20k ANT paragraphs (as tests/test_golden.py), 6 parts: golden pairs."""
    from test_golden import N_SEARCH, _pairs_digest

    from astana_lib.reading.read import read_corpus

    src = shared_dir / "corpora" / "ant_multisource_2018.jsonl.gz"
    out = tmp_path / "ant_head.jsonl.gz"
    with gzip.open(src, "rb") as fin, gzip.open(out, "wb") as fout:
        for i, line in enumerate(fin):
            fout.write(line)
            if i >= 2499:
                break
    paras = read_corpus(out, progress=False).paragraphs.head(N_SEARCH).reset_index(drop=True)
    parts = [client.scatter(p) for p in split_by_article(paras, 6)]
    got = find_near_duplicates_distributed(parts, client=client, progress=False)
    want = json.loads((GOLDEN / "search_20k.json").read_text(encoding="utf-8"))
    assert _pairs_digest(got) == want


def test_find_near_duplicates_with_client_takes_parts(client, seed_corpus):
    parts = split_by_article(seed_corpus.paragraphs, 2)
    got = find_near_duplicates([client.scatter(p) for p in parts], client=client, progress=False)
    got.attrs = {}
    want = find_near_duplicates(pd.concat(parts), progress=False)
    pd.testing.assert_frame_equal(got, want, check_exact=True)


def test_an_empty_part_and_a_part_of_copies_only(client):
    parts = _synthetic()
    empty = parts[0].iloc[:0]
    copies = parts[2].iloc[[0]].assign(para_id="f:1", article_id="f")  # only a copy of a lead
    same(client, [parts[0], empty, parts[1], copies, parts[2]], decision=None)


def test_a_para_id_repeated_across_parts_is_an_error(client):
    parts = _synthetic()
    clash = parts[1].assign(para_id=lambda d: d["para_id"].replace({"c:1": "a:1"}))
    with pytest.raises(ValueError, match="para_id must be unique"):
        find_near_duplicates(pd.concat([parts[0], clash]), progress=False)
    with pytest.raises(ValueError, match="para_id must be unique"):
        find_near_duplicates_distributed([parts[0], clash], client=client, progress=False)


def test_an_explicit_carry_column_missing_is_an_error(client):
    parts = _synthetic()
    with pytest.raises(ValueError, match="carry column"):
        find_near_duplicates_distributed(parts, client=client, carry=("nope",), progress=False)
    same(client, parts, carry=("outlet", "date"), decision=None)


def test_runs_in_more_than_run_max_texts_are_ignored_as_locally(client, monkeypatch):
    import astana_lib.reuse.partblocks as partblocks
    import astana_lib.reuse.steps as steps

    parts = _synthetic()
    assert "run" in set(same(client, parts, decision=None)["kind"])
    for mod in (partblocks, steps):  # every shared run of these parts is in 2 texts
        monkeypatch.setattr(mod, "RUN_MAX_TEXTS", 1)
    got = same(client, parts, decision=None)
    assert "run" not in set(got["kind"])


def test_a_corpus_read_on_the_workers_is_searched_without_gathering(client):
    """The two out-of-core halves together: read_corpus_parts -> the parts search."""
    from astana_lib.backends.dask import read_corpus_parts
    from astana_lib.reading.read import read_corpus

    dc = read_corpus_parts("seeds", client=client, partition_size=2, progress=False)
    got = find_near_duplicates_distributed(dc, client=client, progress=False)
    want = find_near_duplicates(read_corpus("seeds").paragraphs, progress=False)
    assert len(want) > 0
    pd.testing.assert_frame_equal(got, want)


def _spy_fetched(client, monkeypatch) -> list:
    """A list that receives everything the client fetches (``result`` and ``gather``)."""
    from distributed import Future

    fetched = []
    real_result, real_gather = Future.result, type(client).gather

    def spy_result(self, *a, **k):
        out = real_result(self, *a, **k)
        fetched.append(out)
        return out

    def spy_gather(self, futures, *a, **k):
        out = real_gather(self, futures, *a, **k)
        fetched.append(out)
        return out

    monkeypatch.setattr(Future, "result", spy_result)
    monkeypatch.setattr(type(client), "gather", spy_gather)
    return fetched


def test_the_client_receives_counts_and_the_pairs_only(client, monkeypatch):
    """Block results, rows, texts and features stay on the workers: the only table the
    client receives is the pairs table (issue 8: the client's memory follows the output)."""
    fetched = _spy_fetched(client, monkeypatch)
    parts = [client.scatter(p) for p in _synthetic()]
    pairs = find_near_duplicates_distributed(parts, client=client, progress=False)
    assert len(pairs) > 0

    def frames(value):
        if isinstance(value, pd.DataFrame):
            yield value
        elif isinstance(value, (list, tuple)):
            for x in value:
                yield from frames(x)
        elif isinstance(value, np.ndarray) and value.dtype == object:
            yield value

    got = [f for v in fetched for f in frames(v)]
    assert len(got) == 1 and got[0] is not None and len(got[0]) == len(pairs)
    assert all(not isinstance(v, np.ndarray) or len(v) < 100 for v in fetched)


def _pieces(monkeypatch, pairs: int = 1, groups: int = 1, rows: int | None = None):
    import astana_lib.backends.dask_search as dask_search
    import astana_lib.reuse.partfinish as partfinish

    monkeypatch.setattr(partfinish, "PIECE_PAIRS", pairs)
    monkeypatch.setattr(partfinish, "PIECE_GROUPS", groups)
    if rows is not None:
        monkeypatch.setattr(partfinish, "ROWS_PER_FILE", rows)
        monkeypatch.setattr(dask_search, "ROWS_PER_FILE", rows)


def test_the_pairs_finished_in_many_pieces_are_the_local_table(client, seed_corpus, monkeypatch):
    """One representative pair and one exact-duplicate group per piece: each piece fetches
    only its own rows, and the merged pieces are still the local table."""
    from astana_lib.reuse.partfinish import n_pieces

    _pieces(monkeypatch)
    assert n_pieces(5, 2) == 5
    parts = split_by_article(seed_corpus.paragraphs, 3)
    got = same(client, parts, block_size=7)
    assert (
        "exact" in set(got["kind"]) and len(set(got["kind"])) >= 3 and got["p_reuse"].notna().all()
    )
    same(client, parts, decision=None, duplicates="first")
    synthetic = _synthetic()
    for kw in ({}, {"decision": None}, {"scope": "across"}, {"scope": "outlets"}):
        same(client, synthetic, **kw)


def test_out_writes_the_table_as_parquet_files_in_order(client, seed_corpus, monkeypatch, tmp_path):
    _pieces(monkeypatch, pairs=3, groups=2, rows=4)
    parts = split_by_article(seed_corpus.paragraphs, 3)
    want = find_near_duplicates(pd.concat(parts), progress=False)
    files = find_near_duplicates_distributed(
        [client.scatter(p) for p in parts], client=client, progress=False, out=tmp_path / "p"
    )
    assert list(files.columns) == ["file", "rows"] and "dask" in files.attrs
    assert len(files) > 1 and files["rows"].sum() == len(want)
    assert [Path(f).name for f in files["file"]] == sorted(Path(f).name for f in files["file"])
    back = pd.concat([pd.read_parquet(f) for f in files["file"]], ignore_index=True)
    pd.testing.assert_frame_equal(back, want, check_exact=True)
    pd.testing.assert_frame_equal(pd.read_parquet(tmp_path / "p"), want, check_exact=True)
    with pytest.raises(FileExistsError, match="already holds a pairs table"):
        find_near_duplicates_distributed(parts, client=client, progress=False, out=tmp_path / "p")
    # a DataFrame on the client is written the same way
    files = find_near_duplicates_distributed(
        pd.concat(parts), client=client, progress=False, out=tmp_path / "q"
    )
    pd.testing.assert_frame_equal(pd.read_parquet(tmp_path / "q"), want, check_exact=True)


def test_out_of_no_pairs_writes_one_typed_empty_file(client, tmp_path):
    parts = [pd.DataFrame({"para_id": ["x:1"], "article_id": "x", "text": ["no arabic"]})]
    files = find_near_duplicates_distributed(parts, client=client, progress=False, out=tmp_path)
    assert files["rows"].tolist() == [0]
    back = pd.read_parquet(files["file"][0])
    assert back.empty and {"para_a", "para_b", "cosine", "kind"} <= set(back.columns)


def test_with_out_the_client_receives_no_pairs(client, monkeypatch, tmp_path):
    """With ``out`` the workers write the files: the client receives counts, a sample of
    ``para_a`` keys to cut the files at, and the list of files (issue 8: flat client)."""
    _pieces(monkeypatch, pairs=2, groups=1, rows=3)
    fetched = _spy_fetched(client, monkeypatch)
    parts = [client.scatter(p) for p in _synthetic()]
    files = find_near_duplicates_distributed(parts, client=client, progress=False, out=tmp_path)
    assert files["rows"].sum() > 3

    def flat(value):
        if isinstance(value, (list, tuple)):
            for x in value:
                yield from flat(x)
        else:
            yield value

    got = list(flat(fetched))
    assert not any(isinstance(v, pd.DataFrame) and "para_a" in v.columns for v in got)
    assert all(not isinstance(v, np.ndarray) or len(v) < 100 for v in got)
