"""Tests for astana_lib.figures: reproducible files, embedded fonts, manifest."""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

import matplotlib.pyplot as plt
import pandas as pd
import pytest

from astana_lib.figures.fonts import astana_style
from astana_lib.figures.labels import ar_label
from astana_lib.figures.save import checksum, package_versions, read_manifest, save_figure


def _figure():
    with astana_style():
        fig, ax = plt.subplots(figsize=(3, 2))
        ax.bar([0, 1, 2], [3, 1, 2])
        ax.set_xticks([0, 1, 2], [ar_label(s) for s in ["الجزيرة", "قناة RT العربية", "أستانا 5"]])
        ax.set_title(ar_label("مناطق خفض التصعيد"))
    return fig


def test_two_saves_are_byte_identical(tmp_path):
    fig = _figure()
    a = save_figure(fig, "demo", out=tmp_path / "a", formats=("pdf", "png", "svg"))
    b = save_figure(fig, "demo", out=tmp_path / "b", formats=("pdf", "png", "svg"))
    plt.close(fig)
    for pa, pb in zip(a, b, strict=True):
        assert pa.read_bytes() == pb.read_bytes(), pa.name
    # a fresh figure drawn from the same input: same bytes too
    fig2 = _figure()
    c = save_figure(fig2, "demo", out=tmp_path / "c", formats=("pdf", "png"), close=True)
    assert c[0].read_bytes() == a[0].read_bytes()
    assert c[1].read_bytes() == a[1].read_bytes()
    assert (tmp_path / "a" / "manifest.json").read_bytes() == (
        tmp_path / "b" / "manifest.json"
    ).read_bytes()


def test_pdf_has_truetype_fonts_and_no_type3(tmp_path):
    (pdf,) = save_figure(_figure(), "fonts", out=tmp_path, formats=["pdf"], close=True)
    raw = pdf.read_bytes()
    assert b"/Subtype /Type3" not in raw
    assert b"/FontFile2" in raw  # embedded TrueType program
    assert b"NotoSansArabic" in raw


@pytest.mark.skipif(
    shutil.which("pdftotext") is None, reason="pdftotext (poppler-utils) not installed"
)
def test_pdf_arabic_text_is_extractable(tmp_path):
    (pdf,) = save_figure(_figure(), "text", out=tmp_path, formats=["pdf"], close=True)
    text = subprocess.run(
        ["pdftotext", str(pdf), "-"], capture_output=True, text=True, check=True
    ).stdout
    assert "الجزيرة" in text
    assert "التصعيد" in text


@pytest.mark.skipif(
    shutil.which("pdffonts") is None, reason="pdffonts (poppler-utils) not installed"
)
def test_pdffonts_reports_embedded_truetype(tmp_path):
    (pdf,) = save_figure(_figure(), "pf", out=tmp_path, formats=["pdf"], close=True)
    out = subprocess.run(["pdffonts", str(pdf)], capture_output=True, text=True, check=True).stdout
    rows = out.splitlines()[2:]
    assert rows and all("Type 3" not in r for r in rows)
    assert any("NotoSansArabic" in r and "TrueType" in r for r in rows)


def test_png_resolution(tmp_path):
    fig = _figure()
    (png,) = save_figure(fig, "res", out=tmp_path, formats=["png"], dpi=300, close=True)
    img = plt.imread(png)
    # 3 in wide at 300 dpi, tight bbox: between 2 and 3.2 inches of pixels
    assert 600 <= img.shape[1] <= 960


def test_manifest_records_files_inputs_versions_params(tmp_path):
    df = pd.DataFrame({"outlet": ["aljazeera", "rt"], "round": [5, 5], "n_articles": [2, 1]})
    csv = tmp_path / "in.csv"
    df.to_csv(csv, index=False)
    save_figure(
        _figure(),
        "one",
        out=tmp_path / "f",
        inputs={"coverage": df, "raw": csv},
        params={"lang": "ar", "top_n": 20, "rounds": (1, 2)},
        close=True,
    )
    save_figure(_figure(), "two", out=tmp_path / "f", formats=["png"], inputs=[csv], close=True)
    man = json.loads((tmp_path / "f" / "manifest.json").read_text(encoding="utf-8"))
    assert list(man["figures"]) == ["one", "two"]
    one = man["figures"]["one"]
    assert set(one["files"]) == {"one.pdf", "one.png"}
    import hashlib

    assert (
        one["files"]["one.png"]["sha256"]
        == hashlib.sha256((tmp_path / "f" / "one.png").read_bytes()).hexdigest()
    )
    assert one["files"]["one.png"]["dpi"] == 300
    assert one["inputs"]["coverage"] == checksum(df)
    assert one["inputs"]["raw"]["sha256"] == hashlib.sha256(csv.read_bytes()).hexdigest()
    assert one["params"] == {"lang": "ar", "top_n": 20, "rounds": [1, 2]}
    assert set(one["versions"]) >= {"astana_lib", "matplotlib", "pandas", "numpy", "scikit-learn"}
    assert one["versions"] == package_versions()
    assert man["figures"]["two"]["inputs"]["in.csv"]["kind"] == "file"
    # re-saving one figure replaces its entry, keeps the others
    save_figure(_figure(), "one", out=tmp_path / "f", formats=["png"], params={"x": 1}, close=True)
    man = read_manifest(tmp_path / "f")
    assert set(man["figures"]) == {"one", "two"}
    assert man["figures"]["one"]["params"] == {"x": 1}


def test_checksum_is_deterministic_and_sensitive():
    a = pd.DataFrame({"d": pd.to_datetime(["2017-05-04"]), "x": [1.5], "s": [["sana"]]})
    assert checksum(a) == checksum(a.copy())
    assert checksum(a)["sha256"] != checksum(a.astype({"x": "float32"}))["sha256"]
    assert checksum(a)["sha256"] != checksum(a.rename(columns={"x": "y"}))["sha256"]


def test_bad_arguments(tmp_path):
    fig = _figure()
    with pytest.raises(ValueError, match="format must be one of"):
        save_figure(fig, "x", out=tmp_path, formats=["jpg"])
    with pytest.raises(ValueError, match="plain file stem"):
        save_figure(fig, "../escape", out=tmp_path)
    with pytest.raises(TypeError, match="matplotlib Figure"):
        save_figure("not a figure", "x", out=tmp_path)
    with pytest.raises(FileNotFoundError):
        save_figure(fig, "x", out=tmp_path, inputs=[tmp_path / "missing.csv"])
    with pytest.raises(TypeError, match="params="):
        save_figure(fig, "x", out=tmp_path, inputs={"k": 3})
    plt.close(fig)
    assert not list(tmp_path.glob("x.*"))


# ------------------------------------------------------- issue 10: notebook output folders
def test_output_folder_is_named_after_the_corpus_and_not_figures(tmp_path, monkeypatch):
    from astana_lib.figures.save import corpus_name, output_folder

    monkeypatch.delenv("ASTANA_FIGURES", raising=False)
    monkeypatch.chdir(tmp_path)
    assert corpus_name("/data/astana_sub.jsonl.gz") == "astana_sub"
    assert corpus_name("../seeds/") == "seeds"
    out = output_folder("/data/astana_sub.jsonl.gz")
    assert out == Path("output") / "astana_sub" and out.is_dir()
    monkeypatch.setenv("ASTANA_FIGURES", str(tmp_path / "figures"))
    assert output_folder("/data/astana_sub.jsonl.gz") == tmp_path / "figures"


def test_notebooks_default_to_their_own_output_folder_and_narrative_from_data():
    import json

    root = Path(__file__).resolve().parents[1] / "notebooks"
    for path in sorted(root.glob("*.ipynb")):
        cells = json.loads(path.read_text(encoding="utf-8"))["cells"]
        text = "\n".join("".join(c["source"]) for c in cells)
        assert 'os.environ.get("ASTANA_FIGURES", "../figures")' not in text, path.name
        assert "five seed articles" not in text.lower(), path.name
        if "FIGURES" in text:
            assert "al.output_folder(CORPUS)" in text, path.name
