"""read_corpus / read_part / Corpus: schema, seeds, bad input, record files, parts, Parquet."""

from __future__ import annotations

import codecs
import gzip
import json
import os
import shutil
import warnings
from pathlib import Path

import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from pandas.testing import assert_frame_equal

import astana_lib as al
from astana_lib.reading.corpus import Corpus
from astana_lib.reading.inputs import list_inputs
from astana_lib.reading.parts import read_part
from astana_lib.reading.problems import ReadError
from astana_lib.reading.read import read_corpus
from astana_lib.schema import ARTICLES, PARAGRAPHS, PROBLEMS

SEEDS = Path(__file__).resolve().parents[1] / "seeds"
S001 = "001_50371eee1d8be29c"
S004 = "004_bf5fb0177f1529b9"
ARABIC = "قال لافرنتييف إن محادثات أستانا 6 حول سوريا ستستمر."


def _assert_corpus_equal(a: Corpus, b: Corpus) -> None:
    for name in ("articles", "paragraphs", "problems"):
        assert_frame_equal(getattr(a, name), getattr(b, name), check_exact=True, obj=name)


def _quiet_read(path, **kw):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return read_corpus(path, progress=False, **kw)


# ----------------------------------------------------------------------------- seeds


def test_seed_tables_have_the_schema_columns(seed_corpus):
    c = seed_corpus
    cols = [k for k in ARTICLES if k != "<extra>"]
    assert list(c.articles.columns[: len(cols)]) == cols
    assert list(c.paragraphs.columns) == list(PARAGRAPHS)
    assert list(c.problems.columns) == list(PROBLEMS)
    assert len(c.articles) == 5 and c.problems.empty
    assert c.articles["article_id"].is_unique and c.paragraphs["para_id"].is_unique
    assert str(c.articles["date"].dtype).startswith("datetime64")
    assert str(c.articles["round"].dtype) == "Int64"
    assert (c.articles["n_paragraphs"].sum()) == len(c.paragraphs)
    assert set(c.paragraphs["role"]) <= set(al.schema.PARAGRAPH_ROLES)


def test_seed_metadata_values(seed_corpus):
    a = seed_corpus.articles.set_index("article_id")
    assert a.loc[S004, "outlet"] == "almasa"
    assert a.loc[S004, "date"] == pd.Timestamp("2017-12-22")
    assert a.loc[S004, "round"] == 8
    assert a.loc["002_01f740d96dbb44b1", "outlet"] == "alwaght"
    assert a.loc["003_16459814e9a46614", "outlet"] == "aljazeera"
    assert pd.isna(a.loc["000_a78b001b85edf31a", "outlet"])
    assert a.loc["000_a78b001b85edf31a", "round"] == 5
    assert a.loc[S001, "round"] == 6
    assert pd.isna(a.loc[S001, "date"])  # the 2024 update stamp is not the date
    assert a.loc[S004, "cited_sources"] == ["rt"]
    assert a.loc["002_01f740d96dbb44b1", "cited_sources"] == ["sputnik", "kazinform"]
    assert "notes" in a.columns and a["notes"].notna().all()


def test_inferred_metadata_without_curated_csv():
    c = _quiet_read(SEEDS, metadata=False)
    a = c.articles.set_index("article_id")
    assert "notes" not in a.columns
    assert a.loc[S004, "outlet_source"] == "inferred"
    assert "byline" in a.loc[S004, "date_evidence"] and a.loc[S004, "date"].year == 2017
    assert a.loc[S004, "title"].startswith("لافرينتييف : موسكو")
    assert pd.isna(a.loc[S001, "date"]) and "no date in a byline" in a.loc[S001, "date_evidence"]
    assert "ambiguous" in a.loc[S001, "outlet_evidence"]
    assert pd.isna(a.loc["003_16459814e9a46614", "round"])  # no explicit round in the text


def test_paragraphs_carry_article_metadata(seed_corpus):
    merged = seed_corpus.paragraphs.merge(
        seed_corpus.articles[["article_id", "outlet", "date", "round"]],
        on="article_id",
        suffixes=("", "_article"),
    )
    for col in ("outlet", "date", "round"):
        assert (
            merged[col].equals(merged[f"{col}_article"])
            or (merged[col].isna() == merged[f"{col}_article"].isna()).all()
        )
    assert (merged["outlet"].fillna("-") == merged["outlet_article"].fillna("-")).all()


def test_read_corpus_equals_concat_of_parts(seed_corpus):
    md = al.metadata.read_metadata_csv(SEEDS / "metadata.csv")
    parts = [read_part(p, metadata=md) for p in list_inputs(SEEDS)]
    _assert_corpus_equal(Corpus.concat(parts), seed_corpus)


def test_parquet_round_trip(seed_corpus, tmp_path):
    seed_corpus.to_parquet(tmp_path / "c")
    _assert_corpus_equal(al.read_parquet(tmp_path / "c"), seed_corpus)


def test_curated_conflict_and_unknown_id_are_reported(tmp_path):
    shutil.copy(SEEDS / f"{S004}.txt", tmp_path)
    pd.DataFrame(
        {"article_id": [S004, "nope"], "round": ["7", "1"], "notes": ["test", "x"]}
    ).to_csv(tmp_path / "metadata.csv", index=False)
    with pytest.warns(UserWarning, match="problem"):
        c = read_corpus(tmp_path, progress=False)
    assert c.articles.loc[0, "round"] == 7 and c.articles.loc[0, "round_source"] == "metadata"
    probs = c.problems["problem"].tolist()
    assert any("curated round 7 differs from the text (8" in p for p in probs)
    assert any("unknown article_id 'nope'" in p for p in probs)
    assert set(c.problems["severity"]) == {"warning"}


def test_single_txt_file_input():
    c = _quiet_read(SEEDS / f"{S004}.txt")
    assert len(c) == 1 and c.articles.loc[0, "outlet_source"] == "metadata"


# ----------------------------------------------------------------------------- bad input


@pytest.fixture
def bad_folder(tmp_path):
    d = tmp_path / "bad"
    d.mkdir()
    (d / "a_utf8_bom.txt").write_bytes(codecs.BOM_UTF8 + ARABIC.encode())
    (d / "b_utf16.txt").write_bytes(codecs.BOM_UTF16_LE + ARABIC.encode("utf-16-le"))
    (d / "c_cp1256.txt").write_bytes(ARABIC.encode("cp1256"))
    (d / "d_crlf.txt").write_bytes(f"{ARABIC}\r\n\r\n{ARABIC[:20]}\r".encode())
    (d / "e_empty.txt").write_bytes(b"")
    (d / "f_binary.txt").write_bytes(b"%PDF-1.5\n" + bytes(range(256)) * 8)
    (d / "g_html.txt").write_text(
        f"<html>\n<body>\n<p>{ARABIC}</p>\n</body>\n</html>", encoding="utf-8"
    )
    (d / "i_marks.txt").write_text(
        "\u200fمُحادثــات\u00a0أستانا\u061c\n\u200e\nنص.", encoding="utf-8"
    )
    (d / "notes.docx").write_bytes(b"PK\x03\x04")
    (d / "sub").mkdir()
    (d / "sub" / "x.txt").write_text(ARABIC, encoding="utf-8")
    return d


def test_bad_files_are_listed_and_nothing_is_lost(bad_folder):
    with pytest.warns(UserWarning, match=r"error\(s\)"):
        c = read_corpus(bad_folder, progress=False)
    a = c.articles.set_index("article_id")
    assert len(a) == 8  # every .txt file has an article row
    for stem in ("a_utf8_bom", "b_utf16", "c_cp1256", "d_crlf"):
        assert c.paragraphs.loc[c.paragraphs["article_id"] == stem, "text"].iloc[0] == ARABIC
    assert a.loc["a_utf8_bom", "encoding"] == "utf-8-sig"
    assert a.loc["c_cp1256", "encoding"] == "cp1256"
    assert a.loc["e_empty", "n_paragraphs"] == 0 and a.loc["f_binary", "n_paragraphs"] == 0
    assert pd.isna(a.loc["f_binary", "encoding"])
    d = c.paragraphs[c.paragraphs["article_id"] == "d_crlf"]
    assert d["line_start"].tolist() == [1, 3]
    m = c.paragraphs[c.paragraphs["article_id"] == "i_marks"]
    assert m["text"].iloc[0].startswith("\u200fمُحادثــات\u00a0")  # text unchanged
    assert m["norm"].iloc[0] == "محادثات استانا"
    assert len(m) == 3  # the invisible-only line is kept

    p = c.problems
    by_path = {Path(x).name: g for x, g in p.groupby("path")}
    assert by_path["f_binary.txt"]["severity"].tolist() == ["error"]
    assert "empty file" in by_path["e_empty.txt"]["problem"].tolist()
    assert any("HTML" in x for x in by_path["g_html.txt"]["problem"])
    assert any("CRLF" in x for x in by_path["d_crlf.txt"]["problem"])
    assert by_path["notes.docx"]["action"].tolist() == ["skipped"]
    assert by_path["sub"]["action"].tolist() == ["skipped"]  # not recursive, but reported
    g = c.paragraphs[c.paragraphs["article_id"] == "g_html"]
    assert g["role"].tolist() == [
        "boilerplate",
        "boilerplate",
        "body",
        "boilerplate",
        "boilerplate",
    ]


def test_huge_single_line_file(tmp_path):
    text = ("قال الوفد في أستانا إن سوريا 2017. " * 150_000).strip()  # ~5 MB, one line
    (tmp_path / "huge.txt").write_text(text, encoding="utf-8")
    c = read_part(tmp_path / "huge.txt", metadata=False)
    assert len(c.paragraphs) == 1 and c.paragraphs.loc[0, "text"] == text
    assert len(text.encode("utf-8")) > 5_000_000
    assert c.problems["problem"].tolist() == [f"very long line ({len(text):,} characters)"]


def test_errors_raise_names_the_file(bad_folder):
    with pytest.raises(ReadError, match=r"f_binary\.txt"):
        read_corpus(bad_folder, errors="raise", progress=False)


def test_errors_ignore_is_quiet_but_lists_problems(bad_folder):
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        c = read_corpus(bad_folder, errors="ignore", progress=False)
    assert (c.problems["severity"] == "error").sum() == 1


def test_bad_options():
    with pytest.raises(ValueError, match="errors must be one of"):
        read_corpus(SEEDS, errors="loud", progress=False)  # type: ignore[arg-type]
    with pytest.raises(FileNotFoundError):
        read_corpus(SEEDS / "nope", progress=False)


# ----------------------------------------------------------------------------- records

RECORDS = [
    {"id": "r1", "outlet": "Al Arabiya", "date": "2018-05-14T10:00:00+04:00", "title": "عنوان",
     "text": f"{ARABIC}\n\nالفقرة الثانية عن أستانا 9.", "url": "http://www.alarabiya.net/x"},
    {"id": "r2", "outlet": "Al Mayadeen", "date": "2023-06-20", "title": "فارغ", "text": ""},
    {"outlet": "Sky News Arabia", "date": "2018-07-30", "title": "بلا رقم", "text": ARABIC,
     "category": "world"},
    {"id": "r4", "outlet": "Unknown TV", "date": "", "title": "", "text": "سطر\r\nسطر آخر"},
    {"id": "r1", "outlet": "BBC Arabic", "date": "2018-05-15", "title": "مكرر", "text": ARABIC},
    {"id": "r6", "outlet": "CNN Arabic", "date": "2018-05-15", "title": "x", "text": "نص."},
    {"id": "r7", "outlet": "France 24 Arabic", "date": "2018-05-15", "title": "y", "text": "نص"},
]  # fmt: skip


def _write_records(tmp_path: Path, kind: str) -> Path:
    df = pd.DataFrame(RECORDS)
    if kind == "jsonl":
        p = tmp_path / "recs.jsonl"
        lines = [json.dumps(r, ensure_ascii=False) for r in RECORDS]
        p.write_text("\n".join([*lines[:3], "", *lines[3:]]) + "\n", encoding="utf-8")
    elif kind == "jsonl.gz":
        p = tmp_path / "recs.jsonl.gz"
        with gzip.open(p, "wt", encoding="utf-8") as fh:
            for r in RECORDS:
                fh.write(json.dumps(r, ensure_ascii=False) + "\n")
    elif kind == "csv":
        p = tmp_path / "recs.csv"
        df.to_csv(p, index=False)
    else:
        p = tmp_path / "recs.parquet"
        df.to_parquet(p, index=False)
    return p


@pytest.mark.parametrize("kind", ["jsonl", "jsonl.gz", "csv", "parquet"])
def test_record_files(tmp_path, kind):
    path = _write_records(tmp_path, kind)
    c = _quiet_read(path)
    a = c.articles
    assert len(a) == len(RECORDS) and a["record"].tolist() == list(range(1, 8))
    assert a["article_id"].tolist() == ["r1", "r2", "recs:3", "r4", "r1~2", "r6", "r7"]
    assert a["outlet"].tolist()[:3] == ["alarabiya", "almayadeen", "skynews_arabia"]
    assert (
        pd.isna(a.loc[3, "outlet"]) and "not in the outlet registry" in a.loc[3, "outlet_evidence"]
    )
    assert a.loc[0, "date"] == pd.Timestamp("2018-05-14") and a.loc[0, "date_source"] == "metadata"
    assert a.loc[0, "round"] == 9 and a.loc[0, "title"] == "عنوان"
    assert a.loc[1, "n_paragraphs"] == 0
    assert "url" in a.columns and "category" in a.columns
    p1 = c.paragraphs[c.paragraphs["article_id"] == "r1"]
    assert p1["line_start"].tolist() == [1, 3]
    p4 = c.paragraphs[c.paragraphs["article_id"] == "r4"]
    assert p4["text"].tolist() == ["سطر", "سطر آخر"]
    probs = c.problems
    assert ((probs["record"] == 2) & (probs["problem"] == "empty text")).any()
    assert (probs["problem"].str.contains("duplicate article_id")).sum() == 1
    assert (c.paragraphs["article_id"].isin(a["article_id"])).all()
    assert c.paragraphs["para_id"].is_unique


def test_record_parts_concat_equals_whole(tmp_path):
    path = _write_records(tmp_path, "jsonl")
    whole = read_part(path)
    parts = [read_part(path, start=s, stop=s + 2) for s in range(0, 7, 2)]
    _assert_corpus_equal(Corpus.concat(parts), whole)


def test_invalid_json_line_is_an_error_row(tmp_path):
    p = tmp_path / "x.jsonl"
    p.write_text('{"id": "a", "text": "نص"}\n{broken\n{"id": "b", "text": "نص آخر"}\n', "utf-8")
    c = _quiet_read(p)
    assert c.articles["article_id"].tolist() == ["a", "b"]
    assert c.articles["record"].tolist() == [1, 3]
    assert c.problems.loc[0, "record"] == 2 and c.problems.loc[0, "severity"] == "error"
    with pytest.raises(ReadError, match=r"x.jsonl record 2"):
        read_corpus(p, errors="raise", progress=False)


def test_text_column_and_id_column_options(tmp_path):
    p = tmp_path / "y.csv"
    pd.DataFrame({"key": ["k1"], "body": [ARABIC], "extra": ["keep me"]}).to_csv(p, index=False)
    c = _quiet_read(p, text_column="body", id_column="key")
    assert c.articles["article_id"].tolist() == ["k1"]
    assert c.articles["extra"].tolist() == ["keep me"]
    assert c.paragraphs["text"].tolist() == [ARABIC]


# ----------------------------------------------------------------------------- real corpora


@pytest.mark.corpora
def test_almayadeen_empty_records_are_kept(shared_dir):
    path = shared_dir / "corpora" / "almayadeen_2023_2024.jsonl.gz"
    c = read_part(path, stop=300)
    assert len(c) == 300 and set(c.articles["outlet"]) == {"almayadeen"}
    empty = c.articles[c.articles["n_paragraphs"] == 0]
    assert len(empty) > 0
    assert set(empty["record"]) <= set(
        c.problems.loc[c.problems["problem"] == "empty text", "record"]
    )
    assert c.articles["date"].notna().all()


def test_parts_with_a_duplicate_inside_one_part_equal_whole(tmp_path):
    recs = [{"id": "a", "text": "نص"}, {"id": "a", "text": ""}, {"id": "b", "text": ""}]
    p = tmp_path / "d.jsonl"
    p.write_text("\n".join(json.dumps(r, ensure_ascii=False) for r in recs), "utf-8")
    whole = read_part(p)
    _assert_corpus_equal(Corpus.concat([read_part(p, stop=2), read_part(p, start=2)]), whole)
    assert whole.problems["record"].tolist() == [2, 2, 3]


_chars = st.characters(blacklist_categories=("Cs", "Cc"), blacklist_characters="\u2028\u2029\x85")
_gen_line = st.one_of(
    st.just(""), st.just("  "), st.sampled_from([ARABIC, "• 2017-12-22", "طباعة الخبر"]),
    st.text(alphabet=_chars, max_size=30),
)  # fmt: skip


@settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    lines=st.lists(_gen_line, max_size=25),
    eol=st.sampled_from(["\n", "\r\n", "\r"]),
    enc=st.sampled_from(["utf-8", "utf-8-sig", "utf-16"]),
)
def test_generated_files_lose_no_line(tmp_path, lines, eol, enc):
    raw = eol.join(lines)
    path = tmp_path / "gen.txt"
    path.write_bytes(raw.encode(enc))
    c = read_part(path, metadata=False)
    text = raw.replace("\r\n", "\n").replace("\r", "\n")
    expected = [ln for ln in text.split("\n") if ln.strip()]
    got = [ln for t in c.paragraphs["text"] for ln in t.split("\n")]
    assert got == expected
    assert (
        c.articles.loc[0, "n_lines"]
        == len(expected)
        == c.articles.loc[0, "n_paragraphs"] + sum(t.count("\n") for t in c.paragraphs["text"])
    )


def test_problem_summary_is_one_warning_not_also_a_log_record(tmp_path, caplog):
    """Issue 10: every warning was printed twice (warnings.warn + logger.warning)."""
    import gzip
    import json
    import logging
    import warnings

    path = tmp_path / "d.jsonl.gz"
    with gzip.open(path, "wt", encoding="utf-8") as fh:
        fh.write(json.dumps({"id": "a", "title": "t", "text": ""}) + "\n")
        fh.write(json.dumps({"id": "b", "title": "t", "text": "محادثات أستانا"}) + "\n")
    with (
        caplog.at_level(logging.WARNING, logger="astana_lib"),
        warnings.catch_warnings(record=True) as caught,
    ):
        warnings.simplefilter("always")
        al.read_corpus(path, progress=False)
    assert len([w for w in caught if "problem(s)" in str(w.message)]) == 1
    assert not [r for r in caplog.records if "problem(s)" in r.getMessage()]


# ----------------------------------------------------------------------------- provenance


@pytest.mark.parametrize("kind", ["jsonl", "jsonl.gz", "csv", "parquet"])
def test_record_inputs_paragraphs_carry_record_and_source_shows_their_lines(tmp_path, kind):
    path = _write_records(tmp_path, kind)
    c = _quiet_read(path)
    p = c.paragraphs
    assert p["record"].dtype == "Int64"
    rec = dict(zip(c.articles["article_id"], c.articles["record"], strict=True))
    assert p["record"].tolist() == p["article_id"].map(rec).tolist()
    r4 = p[p["article_id"] == "r4"]  # record 4: lines of its text field, not of the file
    assert r4["record"].tolist() == [4, 4] and r4["line_start"].tolist() == [1, 2]
    for pid, text in zip(p["para_id"], p["text"], strict=True):
        assert c.source(pid) == text
    with pytest.raises(KeyError, match="no paragraph"):
        c.source("nope:1")


def test_source_of_a_txt_folder_and_a_crlf_record(tmp_path, seed_corpus):
    p = seed_corpus.paragraphs
    assert p["record"].isna().all()
    for pid, text in zip(p["para_id"], p["text"], strict=True):
        assert seed_corpus.source(pid) == text
    f = tmp_path / "crlf.jsonl"
    f.write_text(json.dumps({"id": "w", "body": "عنوان\r\n\r\nفقرة أولى\r\nفقرة ثانية"}), "utf-8")
    c = _quiet_read(f, text_column="body")
    assert [c.source(x, text_column="body") for x in c.paragraphs["para_id"]] == (
        c.paragraphs["text"].tolist()
    )


@pytest.mark.corpora
def test_every_paragraph_of_the_shared_dumps_resolves_to_its_lines(shared_dir):
    # a sample of records of each dump: the first 200 and 100 from the middle
    for path in sorted((shared_dir / "corpora").glob("*.jsonl.gz")):
        for start, stop in ((0, 200), (6000, 6100)):
            c = read_part(path, start=start, stop=stop)
            p = c.paragraphs
            assert len(p) and p["record"].between(start + 1, stop).all()
            for pid, text in zip(p["para_id"], p["text"], strict=True):
                src = c.source(pid)
                assert text in src and src == text, (path.name, pid)


def test_source_next_to_a_broken_json_line(tmp_path):
    p = tmp_path / "b.jsonl"
    p.write_text(
        '{"id": "a", "text": "نص"}\n{broken\n{"id": "b", "text": "سطر\\n\\nآخر"}\n', "utf-8"
    )
    c = _quiet_read(p)
    assert [c.source(x) for x in c.paragraphs["para_id"]] == ["نص", "سطر", "آخر"]
    assert c.paragraphs["record"].tolist() == [1, 3, 3]


# ----------------------------------------------------------------------------- issue 13: folders


def _folder(tmp_path, n: int = 2):
    d = tmp_path / "corpus"
    d.mkdir()
    for i in range(n):
        (d / f"a{i}.txt").write_text(f"{ARABIC}\nسطر {i}", encoding="utf-8")
    return d


def _problem_of(c, name):
    return c.problems[c.problems["path"].str.endswith(name)]


def test_dangling_symlink_and_symlink_loop_are_skipped_not_fatal(tmp_path):
    d = _folder(tmp_path)
    (d / "dangling.txt").symlink_to(d / "missing.txt")
    (d / "loop.txt").symlink_to(d / "loop.txt")
    (d / "up").symlink_to(d)  # a folder link back to itself
    for errors in ("ignore", "warn", "raise"):
        c = _quiet_read(d, errors=errors, recursive=True)
        assert len(c.articles) == 2
    c = _quiet_read(d, errors="ignore")
    assert "broken symlink" in _problem_of(c, "dangling.txt")["problem"].iloc[0]
    assert "symlink loop" in _problem_of(c, "loop.txt")["problem"].iloc[0]


def test_fifo_named_txt_is_never_opened(tmp_path):
    import os

    d = _folder(tmp_path)
    os.mkfifo(d / "x.txt")
    c = _quiet_read(d, errors="ignore")  # would block forever if opened
    assert len(c.articles) == 2
    assert _problem_of(c, "x.txt")["problem"].tolist() == ["not a regular file (FIFO)"]
    with pytest.raises(ValueError, match="FIFO"):
        read_corpus(d / "x.txt", progress=False)


def test_file_name_that_is_not_utf8_is_read_and_shown_escaped(tmp_path):
    import os

    d = _folder(tmp_path, 1)
    (d / os.fsdecode(b"caf\xe9.txt")).write_text(ARABIC, encoding="utf-8")
    c = _quiet_read(d, errors="ignore")
    assert sorted(c.articles["article_id"]) == ["a0", "caf\\xe9"]
    assert any("not valid UTF-8" in p for p in c.problems["problem"])
    c.to_parquet(tmp_path / "out")  # every path is valid UTF-8


def test_read_corpus_of_an_empty_string_is_an_error_not_the_current_folder():
    with pytest.raises(ValueError, match="empty path"):
        read_corpus("", progress=False)


def test_sub_folder_is_reported_as_such_and_read_with_recursive(tmp_path):
    d = _folder(tmp_path, 1)
    (d / "2017").mkdir()
    (d / "2017" / "a0.txt").write_text(ARABIC, encoding="utf-8")
    c = _quiet_read(d)
    assert "sub-folder" in _problem_of(c, "2017")["problem"].iloc[0]
    c = _quiet_read(d, recursive=True)
    assert c.articles["article_id"].tolist() == ["2017/a0", "a0"]
    assert c.problems.empty


def test_articles_table_has_no_extra_placeholder_column(tmp_path):
    assert "<extra>" not in Corpus.empty().articles.columns
    assert "<extra>" not in _quiet_read(_folder(tmp_path)).articles.columns


def test_warning_summary_keeps_names_with_digits_and_is_given_once(tmp_path, caplog):
    d = _folder(tmp_path, 0)
    (d / "u.txt").write_bytes(ARABIC.encode("utf-8-sig"))
    (d / "w.txt").write_bytes(ARABIC.encode("utf-16"))
    with pytest.warns(UserWarning) as rec, caplog.at_level("WARNING", logger="astana_lib"):
        read_corpus(d, progress=False)
    (msg,) = [str(w.message) for w in rec]
    assert "UTF-16 byte-order mark" in msg and "UTF-8 byte-order mark" in msg
    assert "UTF-N" not in msg
    assert not [r for r in caplog.records if r.levelname == "WARNING"]  # said once


# ----------------------------------------------------------------------------- issue 13: metadata.csv


def _with_metadata(tmp_path, data: bytes):
    d = _folder(tmp_path)
    (d / "metadata.csv").write_bytes(data)
    return d


def test_zero_byte_metadata_csv_is_a_warning(tmp_path):
    c = _quiet_read(_with_metadata(tmp_path, b""), errors="raise")
    assert len(c.articles) == 2
    assert c.problems["problem"].tolist() == ["empty metadata file"]


def test_cp1256_metadata_csv_is_decoded(tmp_path):
    d = _with_metadata(tmp_path, "article_id,outlet,title\na0,sana,عنوان المقال\n".encode("cp1256"))
    c = _quiet_read(d)
    a = c.articles.set_index("article_id")
    assert a.loc["a0", "title"] == "عنوان المقال" and a.loc["a0", "outlet"] == "sana"
    assert any("cp1256" in p for p in c.problems["problem"])


def test_ragged_metadata_row_does_not_shift_columns(tmp_path):
    text = "article_id,outlet,date\na0,sana,2017-05-04,EXTRA\na1,rt,2017-05-05\n"
    c = _quiet_read(_with_metadata(tmp_path, text.encode()))
    a = c.articles.set_index("article_id")
    assert a.loc["a1", "outlet"] == "rt" and a.loc["a1", "outlet_source"] == "metadata"
    assert a.loc["a0", "outlet_source"] != "metadata"  # its row could not be placed
    (row,) = c.problems[c.problems["problem"].str.contains("fields")].itertuples()
    assert row.line == 2 and "ignored" in row.action


def test_metadata_round_in_words_is_a_problem_row(tmp_path):
    d = _with_metadata(tmp_path, "article_id,round\na0,الخامسة\na1,6\n".encode())
    c = _quiet_read(d)
    a = c.articles.set_index("article_id")
    assert a.loc["a1", "round"] == 6 and a.loc["a0", "round_source"] != "metadata"
    assert any("'الخامسة' is not a round number" in p for p in c.problems["problem"])


def test_many_small_files_equal_their_parts(tmp_path):
    d = _folder(tmp_path, 30)
    (d / "a3.txt").write_bytes(b"")
    whole = _quiet_read(d, metadata=False)
    parts = Corpus.concat(read_part(p, metadata=False) for p in list_inputs(d))
    _assert_corpus_equal(whole, parts)


# ----------------------------------------------------------------------------- issue 13: contract


_LINES = [
    "قال لافرنتييف إن محادثات أستانا 6 حول سوريا ستستمر.",
    "المصدر : الجزيرة + وكالات",
    "GIF8 نص يبدأ كملف صورة",
    "Astana talks, round 5",
    "<p>محادثات</p>",
    "\u200fمُحادثــات\u00a0أستانا",
    "😀 تهنئة",
]


@st.composite
def _txt_bytes(draw):
    lines = draw(st.lists(st.sampled_from([*_LINES, ""]), min_size=0, max_size=6))
    eol = draw(st.sampled_from([b"\n", b"\r\n", b"\r"]))
    data = bytearray(eol.join(x.encode() for x in lines))
    for _ in range(draw(st.integers(0, 3))):  # random corruption
        op = draw(st.sampled_from(["flip", "insert", "truncate", "nul", "bom", "cp1256"]))
        pos = draw(st.integers(0, max(len(data), 1)))
        if op == "flip" and data:
            data[min(pos, len(data) - 1)] ^= draw(st.integers(1, 255))
        elif op == "insert":
            data[pos:pos] = draw(st.sampled_from([b"\x96", b"\xff", b"\xed\xa0\xbd", b"\xc3"]))
        elif op == "truncate":
            del data[pos:]
        elif op == "nul":
            data += b"\x00" * draw(st.integers(1, 20))
        elif op == "bom":
            data[0:0] = draw(st.sampled_from([codecs.BOM_UTF8, codecs.BOM_UTF16_LE]))
        elif op == "cp1256":
            data += eol + "سطر قديم".encode("cp1256")
    return bytes(data)


_FIELD = st.one_of(
    st.sampled_from(_LINES),
    st.lists(st.sampled_from(_LINES), max_size=3),
    st.none(),
    st.integers(-5, 99),
    st.dictionaries(st.sampled_from(["ar", "en"]), st.sampled_from(_LINES), max_size=2),
    st.just("\ud83d نص"),
)


@st.composite
def _jsonl_bytes(draw):
    out = []
    for k in range(draw(st.integers(0, 5))):
        rec = {"id": draw(st.sampled_from([f"r{k}", None, "", 7]))}
        if draw(st.booleans()):
            rec["text"] = draw(_FIELD)
        if draw(st.booleans()):
            rec["round"] = draw(st.sampled_from([5, 99, -1, "5.7", "الخامسة", None]))
        line = json.dumps(rec, ensure_ascii=draw(st.booleans())).encode("utf-8", "surrogatepass")
        out.append(line)
        if draw(st.booleans()):
            out.append(draw(st.sampled_from([b"", b"  ", b"[1, 2]", b"{broken"])))
    data = b"\n".join(out)
    if draw(st.booleans()) and data:
        data = data[: draw(st.integers(0, len(data)))]
    return data


def _valid_lines(data: bytes) -> list[str]:
    """Non-blank lines of ``data`` that are valid UTF-8 (as a reader must keep them)."""
    if data.startswith(codecs.BOM_UTF16_LE):
        return []
    out = []
    raw_lines = data.replace(b"\r\n", b"\n").replace(b"\r", b"\n").split(b"\n")
    for i, raw in enumerate(raw_lines):
        if i == len(raw_lines) - 1:
            raw = raw.rstrip(b"\x00")
        try:
            line = raw.decode("utf-8")
        except UnicodeDecodeError:
            continue
        if i == 0:
            line = line.removeprefix("\ufeff")
        if line.strip() and "\x00" not in line:
            out.append(line)
    return out


def _jsonl_records(data: bytes) -> int:
    return sum(1 for x in data.replace(b"\r", b"\n").split(b"\n") if x.strip())


@settings(
    max_examples=int(os.environ.get("CONTRACT_EXAMPLES", 40)),
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow],
)
@given(
    files=st.lists(
        st.tuples(
            st.sampled_from(["txt", "jsonl", "csv", "dir", "meta", "other"]),
            _txt_bytes(),
            _jsonl_bytes(),
        ),
        max_size=5,
    ),
    errors=st.sampled_from(["warn", "ignore", "raise"]),
)
def test_read_corpus_contract_on_random_folders(files, errors):
    import tempfile

    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp) / "c"
        root.mkdir()
        txt: dict[str, bytes] = {}
        jsonl: dict[str, bytes] = {}
        for k, (kind, tb, jb) in enumerate(files):
            if kind == "txt":
                (root / f"f{k}.txt").write_bytes(tb)
                txt[f"f{k}"] = tb
            elif kind == "jsonl":
                (root / f"f{k}.jsonl").write_bytes(jb)
                jsonl[f"f{k}.jsonl"] = jb
            elif kind == "csv":
                (root / f"f{k}.csv").write_bytes(tb)
            elif kind == "dir":
                (root / f"d{k}").mkdir()
                (root / f"d{k}" / "x.txt").write_bytes(tb)
            elif kind == "meta":
                (root / "metadata.csv").write_bytes(b"article_id,round\n" + tb)
            else:
                (root / f"f{k}.bin").write_bytes(tb)
        try:
            c = _quiet_read(root, errors=errors)
        except ReadError as exc:
            assert errors == "raise" and str(root) in str(exc)  # names the file
            return
        probs = c.problems
        for stem, data in txt.items():
            art = c.articles[c.articles["article_id"] == stem]
            assert len(art) == 1
            path = str(root / f"{stem}.txt")
            if (probs[probs["path"] == path]["severity"] == "error").any():
                continue
            joined = "\n".join(c.paragraphs.loc[c.paragraphs["article_id"] == stem, "text"])
            for line in _valid_lines(data):  # valid UTF-8 lines kept, unchanged
                assert line.strip() in joined
        for name, data in jsonl.items():  # one record file read on its own
            try:
                r = _quiet_read(root / name, errors=errors)
            except ReadError:
                assert errors == "raise"
                continue
            seen = set(r.articles["record"].dropna()) | set(r.problems["record"].dropna())
            assert (
                len(seen) == _jsonl_records(data)
                or (r.problems["record"].isna() & (r.problems["severity"] == "error")).any()
            )


def test_unreadable_metadata_csv_is_an_error_row_not_a_crash(tmp_path):
    d = _folder(tmp_path)
    (d / "metadata.csv").mkdir()  # is_file() is False: not metadata at all
    assert len(_quiet_read(d)) == 2
    md = d / "other.csv"
    md.symlink_to(d / "missing.csv")
    c = _quiet_read(d, metadata=md, errors="ignore")
    assert len(c.articles) == 2 and "cannot read" in c.problems["problem"].iloc[-1]
    with pytest.raises(ReadError, match="cannot read"):
        read_corpus(d, metadata=md, errors="raise", progress=False)
