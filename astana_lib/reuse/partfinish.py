"""The last step of a search over parts, in pieces: split the work, merge, write Parquet.

After the candidates, the pairs table of a search over parts is built in *pieces* on the
workers (:mod:`astana_lib.backends.dask_search`): each piece is a slice of the
representative pairs (sorted by ``(u, v)``) and a slice of the exact-duplicate groups
(:func:`work_piece`); it fetches from every part only the rows and texts of its own
representatives (:func:`~astana_lib.reuse.partexpand.part_rows`) and runs the local
steps on them (:func:`~astana_lib.reuse.partexpand.finish_pairs`). Every row of the
pairs table comes from exactly one piece and its values depend only on its own pair, so
the union of the pieces, sorted by ``(para_a, para_b)`` (unique keys), is the local
table row for row. The pieces are then merged (:func:`merge_pieces`) or, for an output
larger than one machine, range-partitioned on ``para_a`` (:func:`key_sample`,
:func:`split_by_keys`) and written as Parquet files in table order (:func:`write_file`).
"""

from __future__ import annotations

import math
from pathlib import Path

import numpy as np
import pandas as pd

from astana_lib.reuse.partblocks import PartState

__all__ = [
    "PIECE_GROUPS",
    "PIECE_PAIRS",
    "ROWS_PER_FILE",
    "common_schema",
    "concat_groups",
    "file_names",
    "files_frame",
    "finish_piece",
    "key_sample",
    "merge_pieces",
    "n_pieces",
    "owned_groups",
    "piece_length",
    "piece_needed",
    "prepare_out",
    "split_by_keys",
    "table_schema",
    "work_piece",
    "work_size",
    "write_file",
    "write_table",
]

#: Representative pairs per piece of the finishing step.
PIECE_PAIRS = 250_000
#: Exact-duplicate groups per piece of the finishing step.
PIECE_GROUPS = 100_000
#: Rows per Parquet file written by ``out=``.
ROWS_PER_FILE = 1_000_000

_SORT = ["para_a", "para_b"]


def owned_groups(state: PartState) -> np.ndarray:
    """Global numbers of a part's own representatives whose text has copies."""
    own = state.rep0 + np.arange(len(state.texts), dtype=np.int64)
    return own[np.asarray(state.sizes) >= 2]


def concat_groups(*arrays: np.ndarray) -> np.ndarray:
    """The parts' :func:`owned_groups`, in one sorted array."""
    if not arrays:
        return np.empty(0, np.int64)
    return np.sort(np.concatenate([np.asarray(a, dtype=np.int64) for a in arrays]))


def work_size(combined: tuple, groups: np.ndarray) -> tuple[int, int]:
    """Number of representative pairs and of exact-duplicate groups."""
    return len(combined[0]), len(groups)


def n_pieces(n_pairs: int, n_groups: int, *, n_workers: int = 1) -> int:
    """Pieces for ``n_pairs`` representative pairs and ``n_groups`` groups.

    At most :data:`PIECE_PAIRS` pairs and :data:`PIECE_GROUPS` groups per piece, and at
    least one piece per worker when there are 10,000 pairs or more.

    Examples
    --------
    >>> n_pieces(0, 0), n_pieces(600_000, 10), n_pieces(20_000, 0, n_workers=4)
    (1, 3, 2)
    """
    k = max(math.ceil(n_pairs / PIECE_PAIRS), math.ceil(n_groups / PIECE_GROUPS), 1)
    return max(k, min(int(n_workers), n_pairs // 10_000))


def work_piece(combined: tuple, groups: np.ndarray, k: int, n: int) -> tuple[tuple, np.ndarray]:
    """Piece ``k`` of ``n``: a contiguous slice of the pairs and of the groups.

    Examples
    --------
    >>> c = tuple(np.arange(5) for _ in range(5))
    >>> [len(work_piece(c, np.arange(3), k, 2)[0][0]) for k in range(2)]
    [2, 3]
    """
    lo, hi = _bounds(len(combined[0]), k, n)
    glo, ghi = _bounds(len(groups), k, n)
    return tuple(np.asarray(x)[lo:hi] for x in combined), np.asarray(groups)[glo:ghi]


def _bounds(total: int, k: int, n: int) -> tuple[int, int]:
    return (total * k) // n, (total * (k + 1)) // n


def piece_needed(piece: tuple) -> np.ndarray:
    """Sorted representatives a piece needs: both sides of its pairs and its groups."""
    combined, groups = piece
    return np.unique(np.concatenate((combined[0], combined[1], groups)).astype(np.int64))


def finish_piece(piece: tuple, got: list, tokens=None, grams=None, **options):
    """:func:`~astana_lib.reuse.partexpand.finish_pairs` of one :func:`work_piece`."""
    from astana_lib.reuse.partexpand import finish_pairs

    combined, groups = piece
    return finish_pairs(combined, got, tokens, grams, groups=groups, **options)


def piece_length(done: tuple[pd.DataFrame, dict]) -> int:
    """Rows of a finished piece."""
    return len(done[0])


def merge_pieces(*done: tuple[pd.DataFrame, dict]) -> tuple[pd.DataFrame, dict]:
    """The pieces' pairs as one table sorted by ``(para_a, para_b)``, and summed seconds."""
    seconds: dict = {}
    for _, s in done:
        for key, value in s.items():
            seconds[key] = seconds.get(key, 0.0) + value
    return _sorted([d[0] for d in done]), seconds


def _sorted(frames: list[pd.DataFrame]) -> pd.DataFrame:
    """Concatenate (skipping empty frames, which may carry looser dtypes) and sort."""
    full = [f for f in frames if len(f)]
    if not full:
        return frames[0].iloc[:0].reset_index(drop=True)
    out = full[0] if len(full) == 1 else pd.concat(full, ignore_index=True)
    return out.sort_values(_SORT, kind="stable").reset_index(drop=True)


def key_sample(done: tuple[pd.DataFrame, dict], step: int) -> np.ndarray:
    """Every ``step``-th ``para_a`` of a piece's pairs (to choose the file boundaries)."""
    keys = done[0]["para_a"].to_numpy(dtype=object)
    return keys[:: max(int(step), 1)]


def split_by_keys(done: tuple[pd.DataFrame, dict], bounds: np.ndarray) -> list[pd.DataFrame]:
    """A piece's pairs cut at the sorted ``para_a`` values ``bounds`` (len + 1 frames).

    Rows with equal ``para_a`` land in the same frame, so sorting each file's rows gives
    the table order file after file.
    """
    pairs = done[0]
    if len(bounds) == 0:
        return [pairs]
    at = np.searchsorted(np.asarray(bounds, dtype=object),
                         pairs["para_a"].to_numpy(dtype=object), side="right")  # fmt: skip
    return [pairs[at == r].reset_index(drop=True) for r in range(len(bounds) + 1)]


def table_schema(done: tuple[pd.DataFrame, dict]):
    """The Arrow schema of a finished piece's pairs (``pyarrow.Schema``)."""
    import pyarrow as pa

    return pa.Schema.from_pandas(done[0].iloc[:1000], preserve_index=False)


def common_schema(schemas: list):
    """One schema for every file: columns without values take the type of the others."""
    import pyarrow as pa

    return pa.unify_schemas(schemas, promote_options="permissive")


def write_file(path: str, *frames: pd.DataFrame, schema=None) -> int:
    """Write the sorted union of ``frames`` to the Parquet file ``path``; its row count.

    ``schema``: the Arrow schema of every file of the table (:func:`common_schema`).
    """
    import pyarrow as pa
    import pyarrow.parquet as pq

    out = _sorted(list(frames))
    table = pa.Table.from_pandas(out, preserve_index=False)
    if schema is not None:
        table = table.select(schema.names).cast(schema)
    pq.write_table(table, path)
    return len(out)


def prepare_out(folder: str | Path) -> Path:
    """Create ``folder`` for a pairs table; refuse one that already holds one.

    Raises
    ------
    FileExistsError
        When ``folder`` holds ``pairs-*.parquet`` files (nothing is overwritten).
    """
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    old = sorted(folder.glob("pairs-*.parquet"))
    if old:
        raise FileExistsError(
            f"{folder} already holds a pairs table ({len(old)} pairs-*.parquet file(s), "
            f"e.g. {old[0].name}); remove them or choose another folder"
        )
    return folder


def write_table(pairs: pd.DataFrame, folder: str | Path) -> pd.DataFrame:
    """Write a pairs table held in memory as the files ``out=`` writes; their list.

    Examples
    --------
    >>> import tempfile
    >>> pairs = pd.DataFrame({"para_a": ["a:1", "a:2"], "para_b": ["b:1", "b:1"]})
    >>> files = write_table(pairs, tempfile.mkdtemp())
    >>> files["rows"].tolist(), pd.read_parquet(files["file"][0]).equals(pairs)
    ([2], True)
    """
    import pyarrow as pa

    n = max(1, -(-len(pairs) // ROWS_PER_FILE))
    paths = file_names(folder, n)
    schema = pa.Schema.from_pandas(pairs, preserve_index=False)
    rows = [write_file(str(p), pairs.iloc[r * ROWS_PER_FILE : (r + 1) * ROWS_PER_FILE],
                       schema=schema) for r, p in enumerate(paths)]  # fmt: skip
    return files_frame(paths, rows, pairs.attrs)


def files_frame(paths: list[Path], rows: list[int], attrs: dict | None = None) -> pd.DataFrame:
    """The table ``out=`` returns: one row per written file (``file``, ``rows``)."""
    files = pd.DataFrame({"file": pd.Series([str(p) for p in paths], dtype="str"),
                          "rows": pd.Series(rows, dtype="int64")})  # fmt: skip
    files.attrs.update(attrs or {})
    return files


def file_names(folder: str | Path, n: int) -> list[Path]:
    """The ``n`` Parquet files of a pairs table written to ``folder``, in table order."""
    return [Path(folder) / f"pairs-{r:05d}.parquet" for r in range(n)]
