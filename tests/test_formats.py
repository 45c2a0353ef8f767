"""Record formats behind one interface (reading/formats.py): count and iterate a range."""

from __future__ import annotations

import gzip
import json

import pandas as pd
import pytest

from astana_lib.reading.formats import (
    FORMATS,
    RECORD_SUFFIXES,
    CsvRecords,
    JsonLines,
    ParquetRecords,
    RecordFormat,
    format_of,
    stem_of,
    suffix_of,
)
from astana_lib.reading.parts import read_part

RECORDS = [
    {"id": f"a{k}", "outlet": "SANA", "text": f"محادثات أستانا الجولة {k}"} for k in range(7)
]


def _write(tmp_path, suffix):
    path = tmp_path / f"news{suffix}"
    if suffix in (".jsonl", ".ndjson"):
        path.write_text(
            "\n".join(json.dumps(r, ensure_ascii=False) for r in RECORDS) + "\n\n",
            encoding="utf-8",
        )
    elif suffix == ".jsonl.gz":
        with gzip.open(path, "wt", encoding="utf-8") as fh:
            for r in RECORDS:
                print(json.dumps(r, ensure_ascii=False), file=fh)
    elif suffix == ".csv":
        pd.DataFrame(RECORDS).to_csv(path, index=False)
    else:
        pd.DataFrame(RECORDS).to_parquet(path, index=False)
    return path


def test_registry_lists_every_record_suffix_once_in_message_order():
    assert RECORD_SUFFIXES == (".jsonl", ".jsonl.gz", ".ndjson", ".csv", ".parquet")
    assert {type(f) for f in FORMATS.values()} == {JsonLines, CsvRecords, ParquetRecords}
    assert all(isinstance(f, RecordFormat) for f in FORMATS.values())


def test_suffix_and_stem_know_double_suffixes():
    from pathlib import Path

    assert suffix_of(Path("x/News.JSONL.GZ")) == ".jsonl.gz"
    assert stem_of(Path("news.jsonl.gz")) == "news"
    assert suffix_of(Path("a.tar.gz")) == ".gz"


def test_format_of_a_text_file_is_a_clear_error():
    with pytest.raises(KeyError, match="not a record file"):
        format_of("article.txt")


@pytest.mark.parametrize("suffix", RECORD_SUFFIXES)
def test_count_equals_records_iterated_and_ranges_cover_them(tmp_path, suffix):
    path = _write(tmp_path, suffix)
    fmt = format_of(path)
    seen: list = []
    records = list(fmt.records(path, lambda *a, **k: seen.append(a)))
    assert fmt.count(path) == len(records) == len(RECORDS) and not seen
    assert [n for n, _ in records] == list(range(1, 8))
    assert [r["id"] for _, r in records] == [r["id"] for r in RECORDS]
    ranges = [
        list(fmt.records(path, lambda *a, **k: None, start=s, stop=e))
        for s, e in ((0, 3), (3, 6), (6, None))
    ]
    assert [x for part in ranges for x in part] == records


@pytest.mark.parametrize("suffix", RECORD_SUFFIXES)
def test_parts_of_every_format_concatenate_to_the_whole(tmp_path, suffix):
    from astana_lib.reading.corpus import Corpus

    path = _write(tmp_path, suffix)
    whole = read_part(path)
    parts = Corpus.concat([read_part(path, start=0, stop=4), read_part(path, start=4)])
    pd.testing.assert_frame_equal(parts.paragraphs, whole.paragraphs)
    pd.testing.assert_frame_equal(parts.articles, whole.articles)


def test_unreadable_parquet_is_one_error_row_not_a_crash(tmp_path):
    path = tmp_path / "bad.parquet"
    path.write_bytes(b"PAR1 not really parquet")
    problems: list = []
    assert list(ParquetRecords().records(path, lambda *a, **k: problems.append(a))) == []
    assert problems[0][0].startswith("cannot read Parquet:") and problems[0][1] == "error"
    with pytest.raises(Exception):  # noqa: B017 - pyarrow's own error type
        ParquetRecords().count(path)
