"""Old flat module paths keep working after the move into stage sub-packages (issue 8)."""

from __future__ import annotations

import importlib
import subprocess
import sys

import pytest

import astana_lib
from astana_lib._compat import MOVED

#: the public names of the pre-refactor modules that became packages
OLD_PUBLIC = {
    "astana_lib.reading": [
        "Corpus",
        "ReadError",
        "list_inputs",
        "read_corpus",
        "read_parquet",
        "read_part",
    ],
    "astana_lib.reuse": ["ParagraphMatcher", "find_near_duplicates", "DEFAULT_THRESHOLD"],
    "astana_lib.figures": ["save_figure", "corpus_name", "output_folder", "package_versions"],
}


@pytest.mark.parametrize(("old", "new"), sorted(MOVED.items()))
def test_old_module_path_is_the_moved_module(old, new):
    module = importlib.import_module(old)
    assert module is importlib.import_module(new)
    assert module.__spec__.name == new  # the alias does not rename the real module
    assert getattr(astana_lib, old.rpartition(".")[2]) is module


@pytest.mark.parametrize("old", sorted(OLD_PUBLIC))
def test_modules_that_became_packages_keep_their_public_names(old):
    module = importlib.import_module(old)
    missing = [n for n in OLD_PUBLIC[old] if not hasattr(module, n)]
    assert not missing


def test_every_public_name_of_the_package_is_importable():
    missing = [n for n in astana_lib.__all__ if not hasattr(astana_lib, n)]
    assert not missing


def test_importing_the_package_imports_no_old_alias_and_no_dask():
    code = (
        "import sys, astana_lib; from astana_lib._compat import MOVED;"
        "print(sorted(m for m in MOVED if m in sys.modules), 'distributed' in sys.modules)"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[] False"


def test_unknown_attribute_still_raises():
    with pytest.raises(AttributeError, match="no attribute 'nonexistent'"):
        astana_lib.nonexistent  # noqa: B018
