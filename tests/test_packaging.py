"""Packaging: a lean core, the version, and figures identical on any install layout."""

from __future__ import annotations

import filecmp
import json
import os
import re
import shutil
import subprocess
import sys
import sysconfig
import tomllib
import venv
from pathlib import Path

import pytest

import astana_lib

ROOT = Path(__file__).resolve().parents[1]
PYPROJECT = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))

#: Modules the core must never import (they come with the notebooks and dask extras).
HEAVY = (
    "IPython",
    "ipykernel",
    "ipywidgets",
    "jupyter_client",
    "jupyter_core",
    "jupyterlab",
    "jupytext",
    "nbclient",
    "nbformat",
    "dask",
    "distributed",
)


def _env(**extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k != "PYTHONPATH"}
    env.update(MPLBACKEND="Agg", **extra)
    return env


def test_core_dependencies_hold_no_jupyter_or_dask():
    names = {
        re.split(r"[<>=!~\[ ;]", d, maxsplit=1)[0].lower()
        for d in PYPROJECT["project"]["dependencies"]
    }
    heavy = {"jupyterlab", "ipywidgets", "jupytext", "nbclient", "ipykernel", "dask", "distributed"}
    assert names.isdisjoint(heavy), names & heavy
    extras = PYPROJECT["project"]["optional-dependencies"]
    assert {"notebooks", "dask", "docs", "test", "dev"} <= set(extras)
    assert "astana_lib[notebooks,dask,docs]" in extras["test"]


def test_no_placeholder_project_url():
    urls = PYPROJECT["project"].get("urls", {})
    assert not any("example." in u for u in urls.values()), urls


def test_importing_and_running_the_core_never_imports_jupyter_or_dask(tmp_path):
    """read_corpus, find_near_duplicates and a figure, in a fresh interpreter."""
    code = f"""
import sys
import astana_lib as al
after_import = sorted(m for m in sys.modules if m.split(".")[0] in {HEAVY!r})
corpus = al.read_corpus({str(ROOT / "seeds")!r}, progress=False)
pairs = al.find_near_duplicates(corpus.paragraphs, progress=False)
import astana_lib.cli, astana_lib.pipeline  # what `astana figures` imports
coverage = al.coverage_matrix(corpus.articles, corpus.paragraphs)
al.save_figure(al.plot_coverage_heatmap(coverage, lang="ar"), "cov", out={str(tmp_path)!r})
after_run = sorted(m for m in sys.modules if m.split(".")[0] in {HEAVY!r})
import json
print(json.dumps([len(pairs), after_import, after_run]))
"""
    env = _env(PYTHONPATH=str(ROOT))
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, env=env, cwd=tmp_path
    )
    assert out.returncode == 0, out.stderr[-3000:]
    n_pairs, after_import, after_run = json.loads(out.stdout.strip().splitlines()[-1])
    assert n_pairs > 0
    assert after_import == [] and after_run == []
    assert list(tmp_path.glob("*.pdf"))


def test_version_is_the_source_version_and_recorded_consistently():
    from astana_lib import _version

    assert astana_lib.__version__ == _version.__version__
    assert PYPROJECT["project"]["dynamic"] == ["version"]
    cff = (ROOT / "CITATION.cff").read_text(encoding="utf-8")
    assert re.search(rf"^version: {re.escape(_version.__version__)}$", cff, flags=re.M)
    changelog = (ROOT / "CHANGELOG.md").read_text(encoding="utf-8")
    assert "## [Unreleased]" in changelog
    assert f"## [{_version.__version__}]" in changelog


def _copy_project(dest: Path) -> Path:
    """What a wheel is built from (pyproject, README, licences, the package): no tests,
    no figures, no caches."""
    dest.mkdir()
    for name in ("pyproject.toml", "README.md", "LICENSE"):
        shutil.copy2(ROOT / name, dest / name)
    shutil.copytree(
        ROOT / "astana_lib",
        dest / "astana_lib",
        ignore=shutil.ignore_patterns("__pycache__", "*.pyc"),
    )
    return dest


def _second_venv(tmp_path: Path) -> Path:
    """A venv in another folder with astana_lib installed NON-editable (a wheel built from
    a copy of the project), seeing this environment's third-party packages only.

    The dependencies are not downloaded again (the test must run offline and fast): a
    ``.pth`` file lists this environment's site-packages as plain path entries. Entries
    of a ``.pth`` file are not themselves scanned for ``.pth`` files, so an editable
    install of astana_lib in this environment (its ``__editable__`` hook) stays inactive,
    and PYTHONPATH is removed: the second venv can only import its own installed copy.
    """
    env_dir = tmp_path / "second venv"  # a space in the path, as on many laptops
    venv.EnvBuilder(with_pip=False, symlinks=True).create(env_dir)
    python = env_dir / "bin" / "python"
    site = subprocess.run(
        [python, "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
        capture_output=True,
        text=True,
        check=True,
        env=_env(),
    ).stdout.strip()
    ours = {sysconfig.get_paths()["purelib"], sysconfig.get_paths()["platlib"]}
    Path(site, "outer_env.pth").write_text("\n".join(sorted(ours)) + "\n", encoding="utf-8")
    src = _copy_project(tmp_path / "project copy")
    subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "--python",
            str(python),
            "install",
            "-q",
            "--no-deps",
            "--no-build-isolation",
            "--no-index",
            str(src),
        ],
        check=True,
        env=_env(),
        cwd=tmp_path,
        capture_output=True,
        text=True,
    )
    return env_dir


@pytest.mark.slow
def test_figures_identical_from_a_non_editable_install_in_another_folder(tmp_path):
    env_dir = _second_venv(tmp_path)
    python = env_dir / "bin" / "python"
    where = subprocess.run(
        [
            python,
            "-c",
            "import astana_lib; print(astana_lib.__file__); print(astana_lib.__version__)",
        ],
        capture_output=True,
        text=True,
        check=True,
        env=_env(),
        cwd=tmp_path,
    ).stdout.splitlines()
    assert Path(where[0]).is_relative_to(env_dir), where
    assert where[1] == astana_lib.__version__

    args = [
        "-q",
        "figures",
        "--corpus",
        str(ROOT / "seeds"),
        "--benchmark-curve",
        str(ROOT / "benchmarks" / "results" / "threshold_curve.csv"),
    ]
    runs = {
        # the console script of the second install
        "installed": subprocess.Popen(
            [env_dir / "bin" / "astana", *args, "--out", str(tmp_path / "installed")],
            env=_env(),
            cwd=tmp_path,
            stderr=subprocess.PIPE,
            text=True,
        ),
        # the source tree, as the test suite sees it
        "source": subprocess.Popen(
            [sys.executable, "-m", "astana_lib", *args, "--out", str(tmp_path / "source")],
            env=_env(PYTHONPATH=str(ROOT)),
            cwd=tmp_path,
            stderr=subprocess.PIPE,
            text=True,
        ),
    }
    for name, proc in runs.items():
        _, err = proc.communicate(timeout=900)
        assert proc.returncode == 0, f"{name}: {err[-3000:]}"

    a, b = tmp_path / "source", tmp_path / "installed"
    files_a = sorted(p.relative_to(a).as_posix() for p in a.rglob("*") if p.is_file())
    files_b = sorted(p.relative_to(b).as_posix() for p in b.rglob("*") if p.is_file())
    assert files_a == files_b
    figures = [f for f in files_a if f.endswith((".pdf", ".png"))]
    assert len(figures) >= 20 and any(f.startswith("threshold_benchmark") for f in figures)
    differ = [f for f in files_a if not filecmp.cmp(a / f, b / f, shallow=False)]
    assert differ == []  # PDFs, PNGs, tables and manifest.json alike


def test_version_falls_back_to_the_source_tree_when_not_installed(monkeypatch):
    from importlib import metadata

    from astana_lib import _version

    def not_installed(name):
        raise metadata.PackageNotFoundError(name)

    monkeypatch.setattr(metadata, "version", not_installed)
    assert _version.installed_version() == _version.__version__
