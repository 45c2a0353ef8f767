"""What a read reads (reading/inputs.py): listing, skipping with a reason, curated metadata."""

from __future__ import annotations

import os

import pandas as pd
import pytest

from astana_lib.reading.inputs import METADATA_FILE, list_inputs, resolve_metadata, scan_inputs


def _folder(tmp_path):
    d = tmp_path / "corpus"
    d.mkdir()
    for name in ("b.txt", "a.txt", ".hidden.txt", "notes.md"):
        (d / name).write_text("نص", encoding="utf-8")
    (d / METADATA_FILE).write_text("article_id,round\na,5\n", encoding="utf-8")
    return d


def test_folder_lists_txt_files_by_name_and_skips_the_rest_with_a_reason(tmp_path):
    d = _folder(tmp_path)
    (d / "sub").mkdir()
    inputs, skipped = scan_inputs(d)
    assert [p.name for p in inputs] == ["a.txt", "b.txt"] == [p.name for p in list_inputs(d)]
    assert {p.name: why for p, why in skipped} == {
        "notes.md": "not a .txt file",
        "sub": "sub-folder (not read; recursive=True reads it)",
    }  # metadata.csv is the curated metadata, hidden entries are ignored


def test_symlink_loop_is_told_from_a_broken_symlink_by_errno(tmp_path):
    d = _folder(tmp_path)
    (d / "loop.txt").symlink_to(d / "loop.txt")
    (d / "gone.txt").symlink_to(d / "missing.txt")
    why = {p.name: w for p, w in scan_inputs(d)[1]}
    assert why["loop.txt"].startswith("symlink loop (")
    assert why["gone.txt"].startswith("broken symlink (")


def test_a_record_file_is_its_own_input_and_an_unknown_suffix_is_an_error(tmp_path):
    f = tmp_path / "news.JSONL.GZ"
    f.write_bytes(b"")
    assert scan_inputs(f) == ([f], [])
    (tmp_path / "x.docx").write_bytes(b"")
    with pytest.raises(ValueError, match="unsupported input"):
        scan_inputs(tmp_path / "x.docx")
    with pytest.raises(FileNotFoundError):
        scan_inputs(tmp_path / "absent.txt")


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no FIFOs on this platform")
def test_a_fifo_is_refused_not_opened(tmp_path):
    os.mkfifo(tmp_path / "x.txt")
    with pytest.raises(ValueError, match="not a regular file"):
        scan_inputs(tmp_path / "x.txt")


def test_resolve_metadata_options(tmp_path):
    d = _folder(tmp_path)
    md, where = resolve_metadata(d, None)  # picked up in the folder
    assert list(md["article_id"]) == ["a"] and where.endswith(METADATA_FILE)
    assert resolve_metadata(d, False) == (None, None)
    rec = tmp_path / "news.jsonl"
    rec.write_text("", encoding="utf-8")
    (tmp_path / METADATA_FILE).write_text("article_id\nx\n", encoding="utf-8")
    assert resolve_metadata(rec, None) == (None, None)  # not next to a record file
    md, where = resolve_metadata(d, pd.DataFrame({"article_id": [1]}))
    assert list(md["article_id"]) == ["1"] and where == "metadata DataFrame"
    with pytest.raises(TypeError, match="metadata=True"):
        resolve_metadata(d, True)
    with pytest.raises(ValueError, match="article_id"):
        resolve_metadata(d, pd.DataFrame({"id": [1]}))
