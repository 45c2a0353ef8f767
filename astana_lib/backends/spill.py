"""Parquet spill files for block results: atomic writes, finished-block discovery, resume.

A long block-pairwise computation (the distributed near-duplicate search of
:mod:`astana_lib.backends.dask`) writes one Parquet file per finished block pair. A file
only appears under its final name once it is complete (written to a temporary name in
the same folder, then renamed), so a run killed at any moment leaves either a whole
block file or none, and a rerun can skip every block whose file exists.

File names carry a *fingerprint* of the run (a hash of the inputs and parameters), so
files of a different corpus or threshold in the same folder are never mistaken for
results of this run::

    <spill_dir>/<prefix>-<fingerprint>-<i>-<j>.parquet
"""

from __future__ import annotations

import hashlib
import os
import re
import uuid
from collections.abc import Iterable
from pathlib import Path

import pandas as pd

__all__ = ["BlockStore", "fingerprint"]


def fingerprint(*parts: object, length: int = 16) -> str:
    """Return a short, stable hex digest of ``parts`` (strings, numbers, Series, arrays).

    pandas objects are hashed by value (:func:`pandas.util.hash_pandas_object`, index
    ignored), everything else by its ``repr``. The same inputs give the same digest in
    every process and Python session.

    Examples
    --------
    >>> fingerprint("a", 1) == fingerprint("a", 1)
    True
    >>> fingerprint("a", 1) == fingerprint("a", 2)
    False
    >>> len(fingerprint(pd.Series(["x", "y"])))
    16
    """
    h = hashlib.blake2b(digest_size=32)
    for part in parts:
        if isinstance(part, (pd.Series, pd.DataFrame, pd.Index)):
            hashed = pd.util.hash_pandas_object(part, index=False)
            h.update(b"pd")
            h.update(hashed.to_numpy().tobytes())
        else:
            h.update(repr(part).encode("utf-8"))
        h.update(b"\x00")
    return h.hexdigest()[:length]


class BlockStore:
    """Folder of per-block Parquet results of one run, written atomically.

    Parameters
    ----------
    directory : str or Path
        Folder holding the block files (created when missing). On a multi-machine
        cluster it must be on a file system every worker and the client can reach.
    key : str
        Fingerprint of the run (see :func:`fingerprint`); part of every file name.
    prefix : str, default "block"
        First part of every file name.

    Examples
    --------
    >>> import tempfile
    >>> store = BlockStore(tempfile.mkdtemp(), key="abc123")
    >>> p = store.write((0, 1), pd.DataFrame({"row": [0], "col": [5], "score": [0.9]}))
    >>> store.finished()
    {(0, 1)}
    >>> store.read((0, 1))["col"].tolist()
    [5]
    """

    def __init__(self, directory: str | Path, *, key: str, prefix: str = "block") -> None:
        if not re.fullmatch(r"[0-9A-Za-z_]+", key):
            raise ValueError(f"key must be alphanumeric, got {key!r}")
        if not re.fullmatch(r"[0-9A-Za-z_]+", prefix):
            raise ValueError(f"prefix must be alphanumeric, got {prefix!r}")
        self.directory = Path(directory)
        self.key = key
        self.prefix = prefix
        self.directory.mkdir(parents=True, exist_ok=True)
        self._pattern = re.compile(rf"{re.escape(prefix)}-{re.escape(key)}-(\d+)-(\d+)\.parquet")

    def path(self, block: tuple[int, int]) -> Path:
        """Final path of the file of ``block`` (whether or not it exists yet)."""
        i, j = block
        return self.directory / f"{self.prefix}-{self.key}-{int(i)}-{int(j)}.parquet"

    def write(self, block: tuple[int, int], df: pd.DataFrame) -> Path:
        """Write ``df`` as the result of ``block``: temporary file, then atomic rename.

        Safe when two workers finish the same block (a retried task): both write the
        same content and the last rename wins.
        """
        final = self.path(block)
        tmp = final.with_name(f".{final.name}.{uuid.uuid4().hex}.tmp")
        try:
            df.to_parquet(tmp, index=False)
            os.replace(tmp, final)
        finally:
            if tmp.exists():
                tmp.unlink()
        return final

    def read(self, block: tuple[int, int]) -> pd.DataFrame:
        """Read the result of a finished ``block``."""
        return pd.read_parquet(self.path(block))

    def finished(self) -> set[tuple[int, int]]:
        """Blocks of this run whose file is complete (temporary files are ignored)."""
        out = set()
        for p in self.directory.iterdir():
            m = self._pattern.fullmatch(p.name)
            if m:
                out.add((int(m.group(1)), int(m.group(2))))
        return out

    def read_all(self, blocks: Iterable[tuple[int, int]]) -> pd.DataFrame:
        """Concatenate the results of ``blocks`` in the given order."""
        frames = [self.read(b) for b in blocks]
        if not frames:
            return pd.DataFrame()
        return pd.concat(frames, ignore_index=True)

    def clear(self) -> int:
        """Delete this run's block files (and its leftover temporary files); return count."""
        n = 0
        for p in self.directory.iterdir():
            if self._pattern.fullmatch(p.name) or (
                p.name.startswith(f".{self.prefix}-{self.key}-") and p.name.endswith(".tmp")
            ):
                p.unlink()
                n += 1
        return n

    def __repr__(self) -> str:
        return f"BlockStore({str(self.directory)!r}, key={self.key!r}, prefix={self.prefix!r})"
