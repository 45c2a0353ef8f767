"""The documentation site builds with warnings as errors (a broken docstring, reference,
include or notebook fails the suite), and its generated pages are not empty."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("docs")
    env = {k: v for k, v in os.environ.items() if k not in ("ASTANA_FIGURES", "ASTANA_CORPUS")}
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(ROOT), env.get("PYTHONPATH")]))
    env["ASTANA_FIGURES"] = str(out / "notebook_figures")  # never the committed figures/
    cmd = [sys.executable, "-m", "sphinx", "-W", "--keep-going", "-q", "-b", "html"]
    cmd += ["-d", str(out / "doctrees"), str(ROOT / "docs"), str(out / "html")]
    proc = subprocess.run(cmd, capture_output=True, text=True, env=env, cwd=ROOT)
    warnings = [line for line in proc.stderr.splitlines() if "Kernel is running over" not in line]
    assert proc.returncode == 0, "\n".join(warnings[-60:])
    return out / "html"


def _text(path: Path) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", path.read_text(encoding="utf-8")))


@pytest.mark.slow
def test_docs_build_without_warnings_and_pages_are_filled(site: Path) -> None:
    from astana_lib import schema

    text = _text(site / "schemas.html")
    for name in schema.__all__:
        if isinstance(getattr(schema, name), dict):
            assert f"schema.{name}" in text
            for column in list(getattr(schema, name))[:3]:
                assert column in text
    api = {p.stem for p in (site / "api").glob("astana_lib.*.html")}
    assert {"astana_lib.reading", "astana_lib.reuse", "astana_lib.figures"} <= api
    assert "find_near_duplicates" in _text(site / "api" / "astana_lib.reuse.html")
    for nb in sorted((ROOT / "notebooks").glob("*.ipynb")):
        page = (site / "notebooks" / f"{nb.stem}.html").read_text(encoding="utf-8")
        assert "cell_output" in page, f"{nb.stem}: no executed output"
        if nb.stem.startswith(("02", "03", "04")):
            assert "<img" in page, f"{nb.stem}: figures not shown"
    bench = _text(site / "benchmarks" / "outputs.html")
    first = (ROOT / "benchmarks" / "results" / "bench_read.txt").read_text().splitlines()[0]
    assert first.split()[0] in bench
    assert "cff-version" in _text(site / "cite.html")
    assert "Unreleased" in _text(site / "changelog.html")
