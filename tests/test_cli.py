"""The main job from the command line: every table and figure, reproducibly."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

import pandas as pd
import pytest

from astana_lib.cli import main

ROOT = Path(__file__).resolve().parents[1]
SEEDS = ROOT / "seeds"


def _digest(folder: Path) -> dict[str, str]:
    return {
        p.name: hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(folder.rglob("*"))
        if p.is_file() and p.suffix in {".png", ".pdf", ".csv"}
    }


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("figs")
    assert main(["-q", "figures", "--corpus", str(SEEDS), "--out", str(out)]) == 0
    return out


def test_figures_writes_every_table_and_figure(built: Path) -> None:
    tables = {p.stem for p in (built / "tables").glob("*.csv")}
    assert {
        "articles",
        "paragraphs",
        "problems",
        "pairs",
        "clusters",
        "coverage",
        "framing_counts",
        "actor_mentions",
        "citations",
        "reuse_edges",
    } <= tables
    for name in [
        "coverage_heatmap",
        "rounds_timeline",
        "framing_shares",
        "actors",
        "citations",
        "similarity",
        "threshold_sensitivity",
        "reuse_network",
    ]:
        for lang in ("en", "ar"):
            for ext in ("pdf", "png"):
                assert (built / f"{name}_{lang}.{ext}").stat().st_size > 1000, (name, lang, ext)
    manifest = json.loads((built / "manifest.json").read_text(encoding="utf-8"))
    assert "coverage_heatmap_en" in json.dumps(manifest)


def test_tables_keep_every_input_line(built: Path) -> None:
    paras = pd.read_csv(built / "tables" / "paragraphs.csv")
    n_lines = sum(
        sum(1 for line in p.read_text(encoding="utf-8").splitlines() if line.strip())
        for p in SEEDS.glob("*.txt")
    )
    covered = (paras["line_end"] - paras["line_start"] + 1).sum()
    assert covered >= n_lines  # blank lines inside a paragraph may be counted, none dropped
    assert set(paras["article_id"]) == {p.stem for p in SEEDS.glob("*.txt")}


def test_rerun_is_byte_identical(built: Path, tmp_path: Path) -> None:
    # English figures only, to keep the suite fast: same code path as Arabic
    args = ["-q", "figures", "--corpus", str(SEEDS), "--out", str(tmp_path), "--lang", "en"]
    assert main(args) == 0
    again = _digest(tmp_path)
    first = {k: v for k, v in _digest(built).items() if k in again}
    assert len(again) > 20 and again == first


def test_missing_corpus_is_a_clear_error(tmp_path: Path, capsys) -> None:
    assert main(["-q", "figures", "--corpus", str(tmp_path / "nope"), "--out", str(tmp_path)]) == 2
    assert "corpus not found" in capsys.readouterr().err


def test_empty_corpus_is_a_clear_error(tmp_path: Path, capsys) -> None:
    empty = tmp_path / "empty"
    empty.mkdir()
    (empty / "a.txt").write_bytes(b"")
    assert main(["-q", "figures", "--corpus", str(empty), "--out", str(tmp_path / "o")]) == 2
    assert "no readable" in capsys.readouterr().err


# ------------------------------------------------------------------ issue 10: logs
def _records(tmp_path: Path) -> Path:
    import gzip

    path = tmp_path / "dump.jsonl.gz"
    rows = [
        {"id": "x1", "outlet": "almayadeen", "date": "2023-01-01", "title": "t", "text": ""},
        {
            "id": "x2",
            "outlet": "almayadeen",
            "date": "2023-01-02",
            "title": "محادثات أستانا",
            "text": "انطلقت محادثات أستانا حول سوريا في كازاخستان اليوم.",
        },
    ]
    with gzip.open(path, "wt", encoding="utf-8") as fh:
        for r in rows:
            fh.write(json.dumps(r, ensure_ascii=False) + "\n")
    return path


def test_input_problem_warning_is_printed_once(tmp_path: Path, caplog, recwarn) -> None:
    src = _records(tmp_path)
    with caplog.at_level("INFO"):
        assert main(["read", "--corpus", str(src), "--out", str(tmp_path / "t")]) == 0
    said = [r for r in caplog.records if "1 problem(s)" in r.getMessage()]
    assert len(said) == 1 and said[0].levelname == "WARNING"
    assert not [w for w in recwarn if "problem(s)" in str(w.message)]


def test_no_progress_bars_when_output_is_not_a_terminal(tmp_path: Path, capsys) -> None:
    src = _records(tmp_path)
    assert main(["read", "--corpus", str(src), "--out", str(tmp_path / "t")]) == 0
    err = capsys.readouterr().err
    assert "articles/s" not in err and "\r" not in err


def test_subcorpus_reports_counts_per_input_file(tmp_path: Path, capsys) -> None:
    (tmp_path / "a").mkdir()
    (tmp_path / "b").mkdir()
    a, b = _records(tmp_path / "a"), _records(tmp_path / "b")
    out = tmp_path / "astana.jsonl.gz"
    assert main(["-q", "subcorpus", str(a), str(b), "--out", str(out)]) == 0
    text = capsys.readouterr().out
    assert f"{a}: kept 1 of 2 articles" in text
    assert f"{b}: kept 1 of 2 articles" in text
    assert "kept 2 Astana-related articles" in text


def test_python_m_astana_lib_is_the_astana_command(tmp_path):
    import os
    import subprocess
    import sys

    env = {
        **os.environ,
        "PYTHONPATH": os.pathsep.join([str(ROOT), os.environ.get("PYTHONPATH", "")]),
    }
    run = [sys.executable, "-m", "astana_lib"]
    out = tmp_path / "tables"
    res = subprocess.run(
        [*run, "-q", "read", "--corpus", str(SEEDS), "--out", str(out)],
        capture_output=True,
        text=True,
        env=env,
        cwd=tmp_path,
    )
    assert res.returncode == 0, res.stderr
    assert res.stdout.startswith("5 articles") and (out / "articles.parquet").is_file()
    bad = subprocess.run(
        [*run, "-q", "figures", "--corpus", str(tmp_path / "nope"), "--out", str(tmp_path)],
        capture_output=True,
        text=True,
        env=env,
        cwd=tmp_path,
    )
    assert bad.returncode == 2 and "astana: error:" in bad.stderr


# ----------------------------------------------------------------------------- issue 13


def _err_lines(capsys) -> list[str]:
    return [x for x in capsys.readouterr().err.splitlines() if x.strip()]


def test_figures_out_existing_file_fails_before_work(tmp_path: Path, capsys) -> None:
    out = tmp_path / "f"
    out.write_text("keep me")
    assert main(["-q", "figures", "--corpus", str(SEEDS), "--out", str(out)]) == 2
    (line,) = _err_lines(capsys)
    assert line == f"astana: error: --out {out} exists and is not a folder"
    assert out.read_text() == "keep me" and sorted(p.name for p in tmp_path.iterdir()) == ["f"]


def test_read_out_existing_file_is_one_line(tmp_path: Path, capsys) -> None:
    out = tmp_path / "f"
    out.write_text("keep me")
    assert main(["-q", "read", "--corpus", str(SEEDS), "--out", str(out)]) == 2
    (line,) = _err_lines(capsys)
    assert "exists and is not a folder" in line and out.read_text() == "keep me"


def test_read_writes_tables_into_a_new_folder(tmp_path: Path, capsys) -> None:
    out = tmp_path / "tables"
    assert main(["-q", "read", "--corpus", str(SEEDS), "--out", str(out)]) == 0
    assert sorted(p.name for p in out.iterdir()) == [
        "articles.parquet", "paragraphs.parquet", "problems.parquet",
    ]  # fmt: skip
    assert sorted(p.name for p in tmp_path.iterdir()) == ["tables"]  # no staging left


def test_figures_on_an_empty_folder_is_one_clear_line(tmp_path: Path, capsys) -> None:
    empty = tmp_path / "empty"
    empty.mkdir()
    out = tmp_path / "o"
    assert main(["-q", "figures", "--corpus", str(empty), "--out", str(out)]) == 2
    (line,) = _err_lines(capsys)
    assert "no readable articles" in line and "DataFrame" not in line
    assert not out.exists() and sorted(p.name for p in tmp_path.iterdir()) == ["empty"]


def test_read_warning_summary_printed_once_without_masked_digits(tmp_path: Path, caplog) -> None:
    src = tmp_path / "c"
    src.mkdir()
    (src / "a.txt").write_bytes("محادثات أستانا".encode("utf-16"))
    with caplog.at_level("INFO"):
        assert main(["-q", "read", "--corpus", str(src), "--out", str(tmp_path / "o")]) == 0
    said = [r.getMessage() for r in caplog.records if "problem(s)" in r.getMessage()]
    assert len(said) == 1
    assert "UTF-16 byte-order mark" in said[0] and "UTF-N" not in said[0]


def test_subcorpus_out_is_a_folder_is_one_line(tmp_path: Path, capsys) -> None:
    src = tmp_path / "d.jsonl"
    src.write_text('{"id": "a", "text": "محادثات أستانا"}\n', encoding="utf-8")
    assert main(["-q", "subcorpus", str(src), "--out", str(tmp_path)]) == 2
    (line,) = _err_lines(capsys)
    assert "is a folder" in line
