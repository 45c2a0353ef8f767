"""Bad record input (issue 13): numbering, field types, gzip damage, encodings, crashes.

Every test builds its input in the test and checks the reader's contract: with
``errors="warn"/"ignore"`` a bad file or record is a problem row and the rest is read;
with ``errors="raise"`` a :class:`ReadError` names the file (and record).
"""

from __future__ import annotations

import gzip
import json
import warnings

import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from astana_lib.cli import main
from astana_lib.reading.problems import ReadError
from astana_lib.reading.rawinput import coerce_text, parse_round
from astana_lib.reading.read import read_corpus

SPORT = {"id": "sport1", "text": "فاز الفريق بالمباراة"}
ASTANA = {"id": "astana1", "text": "انطلقت محادثات أستانا حول سوريا"}


def _read(path, **kw):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return read_corpus(path, progress=False, **kw)


def _jsonl(*recs) -> bytes:
    return b"".join(json.dumps(r, ensure_ascii=False).encode() + b"\n" for r in recs)


# ----------------------------------------------------------------------------- numbering


def test_subcorpus_after_a_blank_line_copies_the_kept_record(tmp_path, capsys):
    src = tmp_path / "d.jsonl"
    src.write_bytes(b"\n" + _jsonl(SPORT, ASTANA))
    out = tmp_path / "o.jsonl.gz"
    assert main(["-q", "subcorpus", str(src), "--out", str(out)]) == 0
    lines = gzip.decompress(out.read_bytes()).decode().splitlines()
    assert [json.loads(x)["id"] for x in lines] == ["astana1"]


def test_subcorpus_on_truncated_gzip_is_one_line_and_writes_nothing(tmp_path, capsys):
    src = tmp_path / "t.jsonl.gz"
    src.write_bytes(gzip.compress(_jsonl(*([ASTANA, SPORT] * 200)))[:-60])
    out = tmp_path / "o.jsonl.gz"
    assert main(["-q", "subcorpus", str(src), "--out", str(out)]) == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and "truncated" in err[0] and "Traceback" not in err[0]
    assert not out.exists() and [p.name for p in tmp_path.iterdir()] == ["t.jsonl.gz"]


def test_truncated_jsonl_gz_is_a_problem_row(tmp_path):
    src = tmp_path / "t.jsonl.gz"
    src.write_bytes(gzip.compress(_jsonl(*([ASTANA] * 300)))[:-40])
    c = _read(src, errors="ignore")
    (row,) = c.problems[c.problems["severity"] == "error"].itertuples()
    assert "truncated" in row.problem and f"after record {len(c.articles)}" in row.problem
    with pytest.raises(ReadError, match=r"t\.jsonl\.gz.*truncated"):
        read_corpus(src, errors="raise", progress=False)


def test_corrupted_gzip_never_raises_zlib_error_and_names_suspect_records(tmp_path):
    data = gzip.compress(
        _jsonl(*[{"id": f"r{i}", "text": f"نص رقم {i} عن أستانا"} for i in range(400)])
    )
    seen_crc = False
    for k in range(12):
        bad = bytearray(data)
        pos = 20 + (k * 7919) % (len(data) - 40)
        bad[pos] ^= 0x5A
        src = tmp_path / f"c{k}.jsonl.gz"
        src.write_bytes(bytes(bad))
        c = _read(src, errors="ignore")  # never zlib.error / EOFError
        errs = c.problems[c.problems["severity"] == "error"]["problem"]
        if any("checksum" in p for p in errs):
            seen_crc = True
            assert any(f"records 1-{len(c.articles)}" in p or "may be corrupt" in p for p in errs)
        with pytest.raises((ReadError,)) if len(errs) else warnings.catch_warnings():
            read_corpus(src, errors="raise", progress=False)
    assert seen_crc  # at least one corruption decompressed with a bad checksum


def test_cr_only_jsonl_keeps_every_record(tmp_path):
    src = tmp_path / "cr.jsonl"
    src.write_bytes(_jsonl(SPORT, ASTANA).replace(b"\n", b"\r"))
    c = _read(src)
    assert c.articles["article_id"].tolist() == ["sport1", "astana1"]
    assert c.articles["record"].tolist() == [1, 2]
    assert any("lone CR" in p for p in c.problems["problem"])


@pytest.mark.parametrize("enc", ["utf-16", "utf-16-le", "utf-16-be"])
def test_utf16_jsonl_keeps_every_record(tmp_path, enc):
    src = tmp_path / "u.jsonl"
    src.write_bytes(_jsonl(SPORT, ASTANA).decode().encode(enc))
    c = _read(src)
    assert c.articles["article_id"].tolist() == ["sport1", "astana1"]
    assert c.paragraphs["text"].tolist() == [SPORT["text"], ASTANA["text"]]
    assert any("UTF-16" in p for p in c.problems["problem"])


def test_jsonl_line_with_a_bad_byte_is_decoded_not_skipped(tmp_path):
    src = tmp_path / "b.jsonl"
    src.write_bytes(
        _jsonl(SPORT).replace("فاز".encode(), "فاز".encode() + b"\x96") + _jsonl(ASTANA)
    )
    c = _read(src)
    assert c.paragraphs["text"].tolist() == ["فاز\ufffd الفريق بالمباراة", ASTANA["text"]]
    (row,) = c.problems[c.problems["record"] == 1].itertuples()
    assert "invalid UTF-8" in row.problem and "0x96" in row.action


# ----------------------------------------------------------------------------- fields


def test_lone_surrogate_escapes_in_any_field(tmp_path):
    src = tmp_path / "s.jsonl"
    src.write_bytes(
        b'{"id": "x\\ud83d", "text": "\\u0646\\u0635 \\ud83d", "title": "\\ude00", "tags": ["\\ud800"]}\n'
        + _jsonl(ASTANA)
    )
    c = _read(src, errors="ignore")
    assert c.articles["article_id"].tolist() == ["x\ufffd", "astana1"]
    assert c.paragraphs["text"].iloc[0] == "نص \ufffd"
    assert "surrogate" in c.problems["problem"].iloc[0] and c.problems["record"].iloc[0] == 1
    c.to_parquet(tmp_path / "out")  # pyarrow can write every string


def test_text_as_a_json_list_is_joined_as_paragraphs(tmp_path):
    src = tmp_path / "l.jsonl"
    src.write_bytes(_jsonl({"id": "a", "text": ["الفقرة الأولى عن أستانا", "الفقرة الثانية"]}))
    c = _read(src)
    assert c.paragraphs["text"].tolist() == ["الفقرة الأولى عن أستانا", "الفقرة الثانية"]
    assert "list of 2 item(s)" in c.problems["problem"].iloc[0]


def test_text_as_an_object_is_an_error_row(tmp_path):
    src = tmp_path / "o.jsonl"
    src.write_bytes(_jsonl({"id": "a", "text": {"ar": "نص"}}, ASTANA))
    c = _read(src, errors="ignore")
    assert c.articles["n_paragraphs"].tolist() == [0, 1]
    assert c.problems["severity"].tolist() == ["error"]
    with pytest.raises(ReadError, match=r"o\.jsonl record 1: text is a JSON object"):
        read_corpus(src, errors="raise", progress=False)


def test_parquet_binary_text_is_decoded(tmp_path):
    src = tmp_path / "b.parquet"
    table = pa.table(
        {
            "id": ["a", "b"],
            "text": pa.array([t.encode() for t in (SPORT["text"], ASTANA["text"])], pa.binary()),
        }
    )
    pq.write_table(table, src)
    c = _read(src)
    assert c.paragraphs["text"].tolist() == [SPORT["text"], ASTANA["text"]]
    assert not c.paragraphs["text"].str.startswith("b'").any()


@pytest.mark.parametrize("bad", [99, -1, "5.7", "الخامسة", True])
def test_bad_record_round_is_a_problem_row(tmp_path, bad):
    src = tmp_path / "r.jsonl"
    src.write_bytes(_jsonl({"id": "a", "text": ASTANA["text"], "round": bad}))
    c = _read(src)
    assert pd.isna(c.articles["round"].iloc[0]) or c.articles["round_source"].iloc[0] == "inferred"
    assert any("not a round number" in p for p in c.problems["problem"])


def test_good_record_rounds_are_accepted():
    assert [parse_round(v)[0] for v in (5, 5.0, "5", " 7 ")] == [5, 5, 5, 7]
    assert coerce_text(None) == (None, [])


# ----------------------------------------------------------------------------- CSV


def test_zero_byte_csv_is_a_warning_not_a_crash(tmp_path):
    src = tmp_path / "e.csv"
    src.write_bytes(b"")
    c = _read(src, errors="raise")
    assert len(c.articles) == 0 and c.problems["problem"].tolist() == ["empty file"]


def test_semicolon_csv_is_read_with_its_separator(tmp_path):
    src = tmp_path / "s.csv"
    src.write_text(f"id;text\na;{ASTANA['text']}\n", encoding="utf-8")
    c = _read(src)
    assert c.paragraphs["text"].tolist() == [ASTANA["text"]]
    assert "separated by ';'" in c.problems["problem"].iloc[0]


def test_semicolon_csv_without_a_text_column_raises_under_errors_raise(tmp_path):
    src = tmp_path / "s.csv"
    src.write_text(f"id;body\na;{ASTANA['text']}\n", encoding="utf-8")
    with pytest.raises(ReadError, match=r"s\.csv: no 'text' column.*';'-separated"):
        read_corpus(src, errors="raise", progress=False)
    c = _read(src)
    assert len(c.articles) == 1 and (c.problems["severity"] == "error").sum() == 1


def test_cp1256_csv_is_decoded(tmp_path):
    src = tmp_path / "w.csv"
    src.write_bytes(f"id,text\na,{ASTANA['text']}\n".encode("cp1256"))
    c = _read(src)
    assert c.paragraphs["text"].tolist() == [ASTANA["text"]]


def test_ragged_csv_row_is_an_error_row_and_the_rest_is_read(tmp_path):
    src = tmp_path / "r.csv"
    src.write_text(
        f"id,text\na,{SPORT['text']}\nb,{ASTANA['text']},EXTRA\nc,{ASTANA['text']}\n",
        encoding="utf-8",
    )
    c = _read(src, errors="ignore")
    assert c.articles["article_id"].tolist() == ["a", "c"]
    assert "3 fields" in c.problems["problem"].iloc[0] and c.problems["severity"].iloc[0] == "error"
    with pytest.raises(ReadError, match=r"r\.csv: CSV row with 3 fields"):
        read_corpus(src, errors="raise", progress=False)


@pytest.mark.parametrize(
    ("line", "problem"),
    [
        ('{"id": "a", "text": "محادثات أستانا"}'.encode("cp1256"),
         "record line not UTF-8, decoded as cp1256"),
        ('{"id": "a", "text": "أستانا \xff"}'.encode("utf-8", "surrogateescape").replace(
            "\xff".encode(), b"\xff"), "record line with invalid UTF-8 bytes"),
    ],
)  # fmt: skip
def test_jsonl_record_line_repairs_are_named_by_kind(tmp_path, line, problem):
    path = tmp_path / "x.jsonl"
    path.write_bytes(json.dumps(SPORT).encode() + b"\n" + line + b"\n")
    c = read_corpus(path, progress=False, errors="ignore")
    assert list(c.problems["problem"]) == [problem]
    assert list(c.problems["record"]) == [2] and len(c) == 2
