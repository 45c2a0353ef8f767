"""Every notebook executes top to bottom: on the seeds, and on the Astana-related articles
of ../shared/corpora when those exist. Notebooks are stored without outputs."""

from __future__ import annotations

import os
from pathlib import Path

import nbformat
import pytest
from nbclient import NotebookClient

ROOT = Path(__file__).resolve().parents[1]
NOTEBOOKS = sorted((ROOT / "notebooks").glob("*.ipynb"))


def _run(nb_path: Path, env: dict[str, str]) -> nbformat.NotebookNode:
    nb = nbformat.read(nb_path, as_version=4)
    old = {k: os.environ.get(k) for k in env}
    os.environ.update(env)  # the kernel inherits the environment of this process
    try:
        NotebookClient(
            nb,
            timeout=600,
            kernel_name="python3",
            resources={"metadata": {"path": str(nb_path.parent)}},
        ).execute()
    finally:
        for k, v in old.items():
            if v is None:
                os.environ.pop(k, None)
            else:
                os.environ[k] = v
    return nb


def _shared() -> Path:
    return Path(os.environ.get("ASTANA_SHARED", ROOT.parent / "shared"))


@pytest.fixture(scope="module")
def astana_subcorpus(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The Astana-related articles of ../shared/corpora, cut out by `astana subcorpus`."""
    corpora = sorted((_shared() / "corpora").glob("*.jsonl.gz"))
    if not corpora:
        pytest.skip("../shared/corpora not available")
    from astana_lib.cli import main

    out = tmp_path_factory.mktemp("sub") / "astana.jsonl.gz"
    assert main(["-q", "subcorpus", *map(str, corpora), "--out", str(out)]) == 0
    return out


def test_there_are_four_notebooks() -> None:
    assert [p.name[:2] for p in NOTEBOOKS] == ["01", "02", "03", "04"]


@pytest.mark.parametrize("nb_path", NOTEBOOKS, ids=lambda p: p.stem)
def test_notebook_stored_without_outputs(nb_path: Path) -> None:
    nb = nbformat.read(nb_path, as_version=4)
    for cell in nb.cells:
        if cell.cell_type == "code":
            assert not cell.outputs and cell.execution_count is None, (
                f"{nb_path.name} has stored outputs: strip them (jupytext/nbstripout)"
            )


@pytest.mark.slow
@pytest.mark.parametrize("nb_path", NOTEBOOKS, ids=lambda p: p.stem)
def test_notebook_runs_on_seeds(nb_path: Path, tmp_path: Path) -> None:
    nb = _run(nb_path, {"ASTANA_FIGURES": str(tmp_path)})
    errors = [
        o for c in nb.cells if c.cell_type == "code" for o in c.outputs if o.output_type == "error"
    ]
    assert not errors
    if nb_path.stem.startswith(("02", "03", "04")):
        assert list(tmp_path.glob("*.png")), "the notebook should save its figures"


@pytest.mark.slow
@pytest.mark.corpora
@pytest.mark.parametrize("nb_path", NOTEBOOKS, ids=lambda p: p.stem)
def test_notebook_runs_on_astana_subcorpus(
    nb_path: Path, astana_subcorpus: Path, tmp_path: Path
) -> None:
    _run(nb_path, {"ASTANA_FIGURES": str(tmp_path), "ASTANA_CORPUS": str(astana_subcorpus)})
