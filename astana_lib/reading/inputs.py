"""The inputs of a read: listing a folder or a file, and finding its curated metadata.

:func:`list_inputs` gives the files :func:`astana_lib.reading.read.read_corpus` reads, in
reading order; ``scan_inputs`` also gives what was skipped and why (only regular files are
ever opened). ``resolve_metadata`` turns the ``metadata=`` argument into the curated table.
"""

from __future__ import annotations

import errno
import stat
from pathlib import Path

import pandas as pd

from astana_lib.annotate.metadata import read_metadata_csv
from astana_lib.reading.formats import RECORD_SUFFIXES, TEXT_SUFFIXES, suffix_of
from astana_lib.reading.rawinput import display_path

__all__ = ["METADATA_FILE", "SEEDS", "list_inputs"]

#: The repository's ``seeds/`` folder (the examples in the docstrings read it).
SEEDS = Path(__file__).resolve().parents[2] / "seeds"
#: The curated metadata of a folder of ``.txt`` files.
METADATA_FILE = "metadata.csv"


def _not_regular(p: Path) -> str | None:
    """Why ``p`` cannot be read as a file (None for a regular file or a folder)."""
    try:
        st = p.stat()
    except OSError as exc:
        if p.is_symlink():
            kind = "symlink loop" if exc.errno == errno.ELOOP else "broken symlink"
            return f"{kind} ({exc.strerror})"
        return f"cannot stat: {exc.strerror}"
    if stat.S_ISREG(st.st_mode) or stat.S_ISDIR(st.st_mode):
        return None
    kinds = ((stat.S_ISFIFO, "FIFO"), (stat.S_ISSOCK, "socket"), (stat.S_ISCHR, "device"),
             (stat.S_ISBLK, "device"))  # fmt: skip
    kind = next((k for f, k in kinds if f(st.st_mode)), "special file")
    return f"not a regular file ({kind})"


def scan_inputs(
    path: Path, *, recursive: bool = False
) -> tuple[list[Path], list[tuple[Path, str]]]:
    """(inputs, skipped files with the reason) of a folder or a file.

    Only regular files are ever opened: FIFOs, sockets, devices, broken symlinks and
    symlink loops are skipped (a FIFO named ``x.txt`` would block a read forever).
    """
    if str(path) == "":
        raise ValueError("empty path: give a folder, a .txt file or a record file")
    if path.is_dir():
        inputs: list[Path] = []
        skipped: list[tuple[Path, str]] = []
        seen_dirs: set[tuple[int, int]] = set()

        def walk(folder: Path) -> None:
            st = folder.stat()
            if (st.st_dev, st.st_ino) in seen_dirs:  # a symlink back up the tree
                skipped.append((folder, "folder already read (symlink loop)"))
                return
            seen_dirs.add((st.st_dev, st.st_ino))
            try:
                entries = sorted(folder.iterdir())
            except OSError as exc:
                skipped.append((folder, f"cannot list folder: {exc.strerror}"))
                return
            for p in entries:
                if p.name.startswith("."):  # hidden: .ipynb_checkpoints, .DS_Store …
                    continue
                why = _not_regular(p)
                if why is not None:
                    skipped.append((p, why))
                elif p.is_dir():
                    if recursive:
                        walk(p)
                    else:
                        skipped.append((p, "sub-folder (not read; recursive=True reads it)"))
                elif suffix_of(p) in TEXT_SUFFIXES:
                    inputs.append(p)
                elif p.name != METADATA_FILE or folder != path:
                    skipped.append((p, f"not a {'/'.join(TEXT_SUFFIXES)} file"))

        walk(path)
        return inputs, skipped
    if not path.exists() and not path.is_symlink():
        raise FileNotFoundError(f"no such file or folder: {display_path(path)}")
    why = _not_regular(path)
    if why is not None:
        raise ValueError(f"{display_path(path)}: {why}; give a regular file or a folder")
    if suffix_of(path) not in TEXT_SUFFIXES + RECORD_SUFFIXES:
        raise ValueError(
            f"{display_path(path)}: unsupported input; give a folder of .txt files or a "
            f"{', '.join(TEXT_SUFFIXES + RECORD_SUFFIXES)} file"
        )
    return [path], []


def list_inputs(path: str | Path) -> list[Path]:
    """The files :func:`read_corpus` reads for ``path``, in reading order.

    A folder gives its ``.txt`` files sorted by name (not recursive; sub-folders and other
    files are reported as skipped in ``problems``, hidden entries are ignored); a file
    gives itself.

    Examples
    --------
    >>> [p.name for p in list_inputs(SEEDS)][:2]
    ['000_a78b001b85edf31a.txt', '001_50371eee1d8be29c.txt']
    """
    return scan_inputs(Path(path))[0]


def resolve_metadata(
    path: Path, metadata: pd.DataFrame | str | Path | bool | None
) -> tuple[pd.DataFrame | None, str | None]:
    """(curated metadata table or None, where it came from) for a read of ``path``.

    None looks for ``metadata.csv`` in the folder (or next to a ``.txt`` file); False
    ignores curated metadata; a DataFrame needs an ``article_id`` column.
    """
    if metadata is None:
        folder = path if path.is_dir() else path.parent
        cand = folder / METADATA_FILE
        if cand.is_file() and (path.is_dir() or suffix_of(path) in TEXT_SUFFIXES):
            return read_metadata_csv(cand), str(cand)
        return None, None
    if metadata is False:
        return None, None
    if metadata is True:
        raise TypeError("metadata=True is not meaningful; give a path, a DataFrame, None or False")
    if isinstance(metadata, pd.DataFrame):
        if "article_id" not in metadata.columns:
            raise ValueError("metadata DataFrame needs an 'article_id' column")
        md = metadata.copy()
        md["article_id"] = md["article_id"].astype(str)
        return md, str(metadata.attrs.get("source", "metadata DataFrame"))
    return read_metadata_csv(metadata), str(metadata)
