"""The corpus-level read steps as map-reduce over parts, run in process: same Corpus as read_corpus."""

from __future__ import annotations

import codecs
import warnings
from pathlib import Path

import pandas as pd
import pytest
from _read_fixtures import write_messy_jsonl
from pandas.testing import assert_frame_equal

from astana_lib.backends.part_steps import (
    ReadPart,
    finish_parts,
    frequent_hashes,
    gather_parts,
)
from astana_lib.reading.formats import RECORD_SUFFIXES, format_of, suffix_of
from astana_lib.reading.inputs import resolve_metadata, scan_inputs
from astana_lib.reading.parts import read_part
from astana_lib.reading.read import read_corpus

SEEDS = Path(__file__).resolve().parents[1] / "seeds"


def _call(fn, *args):
    return fn(*args)


def _read_in_parts(path: Path, size: int, **kw) -> tuple[list[ReadPart], dict]:
    """What the Dask reader does, in process: pieces of ``size`` records / files per part."""
    root = Path(path)
    inputs, skipped = scan_inputs(root)
    curated, curated_path = resolve_metadata(root, None)
    opts = {"metadata": curated if curated is not None else False, **kw}
    tasks: list[list] = []
    for p in inputs:
        if suffix_of(p) in RECORD_SUFFIXES:
            n = format_of(p).count(p)
            tasks += [[(str(p), s, s + size)] for s in range(0, n, size)]
        elif tasks and len(tasks[-1]) < size and tasks[-1][0][1] is None:
            tasks[-1].append((str(p), None, None))
        else:
            tasks.append([(str(p), None, None)])
    parts = [ReadPart.of([read_part(p, start=s, stop=e, **opts) for p, s, e in t]) for t in tasks]
    meta = {"skipped": skipped, "curated": curated, "curated_path": curated_path}
    return parts, meta


def _finish(parts, meta, **kw):
    out = finish_parts(_call, parts, **meta, **kw)
    return out, gather_parts(out["parts"], out["problems"])


def _assert_identical(got, want) -> None:
    for name in ("articles", "paragraphs", "problems"):
        a, b = getattr(got, name), getattr(want, name)
        assert_frame_equal(a, b, check_exact=True, obj=name)
        assert a.equals(b) and list(a.dtypes) == list(b.dtypes)


def _assert_paragraph_parts(out, want) -> None:
    """The paragraph parts are the corpus's paragraphs cut at article bounds, same dtypes."""
    tables = [p.paragraphs for p in out["parts"]]
    for t in tables:
        assert list(t.columns) == list(want.paragraphs.columns)
        assert list(t.dtypes) == list(want.paragraphs.dtypes)
    assert_frame_equal(pd.concat(tables, ignore_index=True), want.paragraphs, check_exact=True)
    ids = [set(t["article_id"]) for t in tables]
    assert sum(map(len, ids)) == len(set().union(*ids))  # no article split between parts


def test_seeds_in_parts_equal_read_corpus(seed_corpus):
    parts, meta = _read_in_parts(SEEDS, 2)
    assert len(parts) == 3 and meta["curated"] is not None
    out, got = _finish(parts, meta)
    _assert_identical(got, seed_corpus)
    _assert_paragraph_parts(out, seed_corpus)
    assert (got.paragraphs["role_reason"].str.startswith("site_")).sum() == 0


@pytest.mark.parametrize("size", [1, 7, 25, 1000])
def test_messy_records_in_parts_equal_read_corpus(tmp_path, size):
    path = write_messy_jsonl(tmp_path / "messy.jsonl")
    with pytest.warns(UserWarning, match="problem"):
        want = read_corpus(path, progress=False)
    parts, meta = _read_in_parts(path, size)
    out, got = _finish(parts, meta)
    _assert_identical(got, want)
    _assert_paragraph_parts(out, want)
    # every step had work to do, across parts
    assert set(want.articles["duplicate_reason"].dropna().str[:12]) == {
        "identical no",
        "duplicate ur",
        "near-identic",
        "record field",
    }
    assert {"boilerplate", "source"} <= set(want.paragraphs["role"])
    assert want.problems["action"].str.startswith("renamed").sum() == 2


def test_site_boilerplate_table_or_off_in_parts(tmp_path):
    from astana_lib.reading.boilerplate import site_boilerplate

    path = write_messy_jsonl(tmp_path / "messy.jsonl")
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        table = site_boilerplate(
            read_corpus(path, progress=False, site_boilerplate=False).paragraphs
        )
        assert len(table) >= 2
        for option in (False, table, table.iloc[:1]):
            want = read_corpus(path, progress=False, site_boilerplate=option)
            parts, meta = _read_in_parts(path, 9)
            _, got = _finish(parts, meta, site_boilerplate=option)
            _assert_identical(got, want)


def test_learned_lines_equal_site_boilerplate(tmp_path):
    from astana_lib.reading.boilerplate import site_boilerplate

    path = write_messy_jsonl(tmp_path / "messy.jsonl", n=90, seed=3)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        whole = read_corpus(path, progress=False, site_boilerplate=False)
    parts, meta = _read_in_parts(path, 8)
    out, _ = _finish(parts, meta)
    assert_frame_equal(out["lines"], site_boilerplate(whole.paragraphs))


def test_bad_folder_in_parts_equals_read_corpus(tmp_path):
    d = tmp_path / "bad"
    d.mkdir()
    text = "قال لافرنتييف إن محادثات أستانا 6 حول سوريا ستستمر."
    (d / "a_utf8_bom.txt").write_bytes(codecs.BOM_UTF8 + text.encode())
    (d / "b_utf16.txt").write_bytes(codecs.BOM_UTF16_LE + text.encode("utf-16-le"))
    (d / "c_cp1256.txt").write_bytes(text.encode("cp1256"))
    (d / "d_crlf.txt").write_bytes(f"{text}\r\n\r\n{text[:20]}\r".encode())
    (d / "e_empty.txt").write_bytes(b"")
    (d / "f_binary.txt").write_bytes(b"%PDF-1.5\n" + bytes(range(256)) * 8)
    (d / "notes.docx").write_bytes(b"PK\x03\x04")
    (d / "sub").mkdir()
    (d / "metadata.csv").write_text("article_id,outlet\nghost,SANA\nc_cp1256,SANA\n")
    with pytest.warns(UserWarning, match=r"error\(s\)"):
        want = read_corpus(d, progress=False)
    parts, meta = _read_in_parts(d, 2)
    out, got = _finish(parts, meta)
    _assert_identical(got, want)
    _assert_paragraph_parts(out, want)
    assert "curated metadata for unknown article_id 'ghost'" in set(got.problems["problem"])


def test_no_parts_is_the_empty_corpus_with_the_folder_problems(tmp_path):
    (tmp_path / "notes.docx").write_bytes(b"PK")
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        want = read_corpus(tmp_path, progress=False)
    _, got = _finish([], {"skipped": scan_inputs(tmp_path)[1], "curated": None,
                            "curated_path": None})  # fmt: skip
    _assert_identical(got, want)


def test_frequent_hashes_add_counts_across_parts():
    import numpy as np

    a = (np.array([1, 2], np.uint64), np.array([3, 1]))
    b = (np.array([1, 5], np.uint64), np.array([2, 9]))
    assert frequent_hashes([a, b], 5).tolist() == [1, 5]
    assert frequent_hashes([]).tolist() == []
