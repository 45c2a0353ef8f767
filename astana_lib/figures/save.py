"""Saving figures reproducibly, with a manifest of what they were made from.

:func:`save_figure` writes a figure as PDF (TrueType fonts embedded, no Type 3, Arabic
text extractable) and 300-dpi PNG (optionally SVG) that are byte-identical when re-run
on the same input, and records in ``<out>/manifest.json`` the files' SHA-256, the
inputs' checksums (DataFrames or files), the versions of the packages that drew it and
the parameters. The manifest holds no time stamps, so it is reproducible too.
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
import re
from collections.abc import Iterable, Mapping, Sequence
from importlib import metadata
from pathlib import Path
from typing import Any

import matplotlib as mpl
import numpy as np
import pandas as pd
from matplotlib.figure import Figure

from astana_lib._checks import check_choice
from astana_lib._version import installed_version

__all__ = [
    "FORMATS",
    "MANIFEST",
    "checksum",
    "corpus_name",
    "output_folder",
    "package_versions",
    "read_manifest",
    "save_figure",
]

logger = logging.getLogger(__name__)

FORMATS = ("pdf", "png", "svg")
MANIFEST = "manifest.json"
_NAME_RE = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.-]*$")
_PACKAGES = ("astana_lib", "matplotlib", "pandas", "numpy", "scikit-learn", "networkx")

# Fixed metadata: no creation dates, so re-running gives the same bytes.
_METADATA = {
    "pdf": {"CreationDate": None, "ModDate": None},
    "png": {},
    "svg": {"Date": None},
}


_SUFFIXES = (".jsonl.gz", ".jsonl", ".json.gz", ".csv.gz", ".csv", ".parquet", ".gz")


def corpus_name(corpus: str | Path) -> str:
    """A short, file-name-safe name for a corpus path (its file or folder name).

    Examples
    --------
    >>> corpus_name("../seeds"), corpus_name("/data/astana_sub.jsonl.gz")
    ('seeds', 'astana_sub')
    """
    name = Path(str(corpus)).expanduser().resolve().name or "corpus"
    for suffix in _SUFFIXES:
        if name.endswith(suffix) and len(name) > len(suffix):
            name = name[: -len(suffix)]
            break
    name = re.sub(r"[^A-Za-z0-9_.-]+", "_", name).strip("._") or "corpus"
    return name


def output_folder(
    corpus: str | Path,
    *,
    root: str | Path = "output",
    env: str | None = "ASTANA_FIGURES",
    create: bool = True,
) -> Path:
    """Where a notebook or script run on ``corpus`` writes its figures and tables.

    By default ``<root>/<corpus name>/`` (``output/seeds``, ``output/astana_sub``): each
    corpus gets its own folder, and the committed ``figures/`` of the repository is
    never overwritten unless asked for — by setting the environment variable ``env``
    (``ASTANA_FIGURES=../figures``) to an explicit folder.

    Examples
    --------
    >>> import os, tempfile
    >>> root = tempfile.mkdtemp()
    >>> output_folder("../seeds", root=root, env=None).name
    'seeds'
    >>> os.environ["ASTANA_FIGURES_DEMO"] = root
    >>> output_folder("../seeds", root="x", env="ASTANA_FIGURES_DEMO") == Path(root)
    True
    """
    chosen = os.environ.get(env) if env else None
    out = Path(chosen) if chosen else Path(root) / corpus_name(corpus)
    if create:
        out.mkdir(parents=True, exist_ok=True)
    return out


def package_versions() -> dict[str, str]:
    """Versions of the packages that make the figures (``"not installed"`` when absent).

    ``astana_lib`` is :data:`astana_lib.__version__`, so a figure drawn from a source tree
    that is not installed records the source tree's version too.

    Examples
    --------
    >>> import matplotlib
    >>> import astana_lib
    >>> v = package_versions()
    >>> v["matplotlib"] == matplotlib.__version__, v["astana_lib"] == astana_lib.__version__
    (True, True)
    """
    out: dict[str, str] = {}
    for name in _PACKAGES:
        if name == "astana_lib":
            out[name] = installed_version()
            continue
        try:
            out[name] = metadata.version(name)
        except metadata.PackageNotFoundError:
            out[name] = "not installed"
    return out


def _sha256_file(path: Path) -> str:
    h = hashlib.sha256()
    with open(path, "rb") as fh:
        for chunk in iter(lambda: fh.read(1 << 20), b""):
            h.update(chunk)
    return h.hexdigest()


def checksum(obj: pd.DataFrame | pd.Series | str | Path) -> dict[str, Any]:
    """Deterministic checksum of an input: a DataFrame/Series, a file or a folder.

    DataFrames are hashed from their CSV serialisation (index, column names, values,
    ISO dates) plus their dtypes, so equal tables give equal checksums in any process.
    Files are hashed from their bytes; folders from their files' relative paths and
    hashes.

    Returns
    -------
    dict
        ``{"kind", "sha256", ...}`` with ``rows``/``columns`` for tables, ``path`` and
        ``bytes``/``files`` for paths.

    Examples
    --------
    >>> df = pd.DataFrame({"outlet": ["aljazeera"], "n_articles": [3]})
    >>> c = checksum(df)
    >>> c["kind"], c["rows"], c["columns"]
    ('dataframe', 1, ['outlet', 'n_articles'])
    >>> c["sha256"] == checksum(df.copy())["sha256"]
    True
    >>> c["sha256"] == checksum(df.assign(n_articles=4))["sha256"]
    False
    """
    if isinstance(obj, pd.Series):
        obj = obj.to_frame()
    if isinstance(obj, pd.DataFrame):
        text = obj.to_csv(index=True, lineterminator="\n", date_format="%Y-%m-%dT%H:%M:%S")
        dtypes = ";".join(f"{c}={t}" for c, t in obj.dtypes.astype(str).items())
        digest = hashlib.sha256((dtypes + "\n" + text).encode("utf-8")).hexdigest()
        return {
            "kind": "dataframe",
            "sha256": digest,
            "rows": len(obj),
            "columns": [str(c) for c in obj.columns],
        }
    if isinstance(obj, (str, Path)):
        path = Path(obj)
        if path.is_file():
            return {
                "kind": "file",
                "path": str(path),
                "sha256": _sha256_file(path),
                "bytes": path.stat().st_size,
            }
        if path.is_dir():
            files = sorted(p for p in path.rglob("*") if p.is_file())
            h = hashlib.sha256()
            for p in files:
                h.update(f"{p.relative_to(path).as_posix()}\0{_sha256_file(p)}\n".encode())
            return {
                "kind": "folder",
                "path": str(path),
                "sha256": h.hexdigest(),
                "files": len(files),
            }
        raise FileNotFoundError(f"input {path} does not exist: cannot checksum it")
    raise TypeError(
        f"inputs must be DataFrames, Series or paths, got {type(obj).__name__}; "
        "pass other values in params="
    )


def _jsonable(value: Any) -> Any:
    """Convert parameters to JSON-friendly values (stable, no object reprs with ids)."""
    if value is None or isinstance(value, (bool, int, float, str)):
        return value
    if isinstance(value, (np.integer, np.floating, np.bool_)):
        return value.item()
    if isinstance(value, Path):
        return str(value)
    if isinstance(value, Mapping):
        return {str(k): _jsonable(v) for k, v in value.items()}
    if isinstance(value, (list, tuple, set, frozenset)):
        items = [_jsonable(v) for v in value]
        return sorted(items, key=repr) if isinstance(value, (set, frozenset)) else items
    if isinstance(value, (pd.Timestamp, np.datetime64)):
        return str(pd.Timestamp(value).isoformat())
    if isinstance(value, (pd.DataFrame, pd.Series)):
        return checksum(value)
    return repr(value)


def _named_inputs(
    inputs: Mapping[str, Any] | Sequence[Any] | pd.DataFrame | str | Path | None,
) -> dict[str, Any]:
    if inputs is None:
        return {}
    if isinstance(inputs, (pd.DataFrame, pd.Series, str, Path)):
        inputs = [inputs]
    if isinstance(inputs, Mapping):
        return {str(k): v for k, v in inputs.items()}
    named: dict[str, Any] = {}
    for i, obj in enumerate(inputs):
        key = Path(obj).name if isinstance(obj, (str, Path)) else f"input_{i}"
        named[key if key not in named else f"{key}_{i}"] = obj
    return named


def read_manifest(out: str | Path = "figures") -> dict[str, Any]:
    """Read ``<out>/manifest.json`` (an empty manifest when there is none yet).

    Examples
    --------
    >>> read_manifest("/nonexistent-folder")
    {'figures': {}}
    """
    path = Path(out) / MANIFEST
    if not path.is_file():
        return {"figures": {}}
    data = json.loads(path.read_text(encoding="utf-8"))
    data.setdefault("figures", {})
    return data


def save_figure(
    fig: Figure,
    name: str,
    *,
    out: str | Path = "figures",
    formats: Iterable[str] = ("pdf", "png"),
    dpi: int = 300,
    inputs: Mapping[str, Any] | Sequence[Any] | pd.DataFrame | str | Path | None = None,
    params: Mapping[str, Any] | None = None,
    close: bool = False,
) -> list[Path]:
    """Save ``fig`` reproducibly as ``<out>/<name>.<fmt>`` and record it in the manifest.

    Parameters
    ----------
    fig : matplotlib.figure.Figure
        The figure (e.g. returned by a :mod:`astana_lib.figures.plotting` function).
    name : str
        File stem: letters, digits, ``_``, ``-``, ``.`` (no folders).
    out : str or Path, default "figures"
        Output folder (created when missing). ``manifest.json`` lives there.
    formats : iterable of {"pdf", "png", "svg"}, default ("pdf", "png")
        PDF embeds TrueType fonts (``pdf.fonttype=42``: no Type 3, text extractable);
        SVG draws text as paths with a fixed hash salt.
    dpi : int, default 300
        Resolution of raster output (PNG).
    inputs : mapping of name → DataFrame/path, or a sequence of them, optional
        What the figure was drawn from; their checksums go into the manifest.
    params : mapping, optional
        Parameters to record (JSON-friendly values; others are stored as ``repr``).
    close : bool, default False
        Close the figure after saving (frees memory when making many figures).

    Returns
    -------
    list of Path
        The files written, in the order of ``formats``.

    Examples
    --------
    >>> import tempfile
    >>> import matplotlib.pyplot as plt
    >>> fig, ax = plt.subplots(figsize=(2, 1))
    >>> _ = ax.plot([0, 1], [0, 1])
    >>> tmp = tempfile.mkdtemp()
    >>> paths = save_figure(fig, "demo", out=tmp, params={"threshold": 0.5}, close=True)
    >>> [p.name for p in paths]
    ['demo.pdf', 'demo.png']
    >>> entry = read_manifest(tmp)["figures"]["demo"]
    >>> entry["params"], sorted(entry["files"])
    ({'threshold': 0.5}, ['demo.pdf', 'demo.png'])
    """
    if not isinstance(fig, Figure):
        raise TypeError(f"fig must be a matplotlib Figure, got {type(fig).__name__}")
    if not isinstance(name, str) or not _NAME_RE.match(name):
        raise ValueError(
            f"name must be a plain file stem (letters, digits, '_', '-', '.'), got {name!r}"
        )
    formats = [formats] if isinstance(formats, str) else list(formats)
    if not formats:
        raise ValueError("formats must name at least one of ['pdf', 'png', 'svg']")
    for fmt in formats:
        check_choice("format", fmt, FORMATS)
    if int(dpi) <= 0:
        raise ValueError(f"dpi must be a positive integer, got {dpi!r}")
    named_inputs = _named_inputs(inputs)
    input_sums = {k: checksum(v) for k, v in named_inputs.items()}

    out_dir = Path(out)
    out_dir.mkdir(parents=True, exist_ok=True)
    rc = {
        "pdf.fonttype": 42,
        "ps.fonttype": 42,
        "svg.fonttype": "path",
        "svg.hashsalt": "astana_lib",
    }
    written: list[Path] = []
    files: dict[str, Any] = {}
    with mpl.rc_context(rc):
        for fmt in dict.fromkeys(formats):
            path = out_dir / f"{name}.{fmt}"
            fig.savefig(
                path,
                format=fmt,
                dpi=int(dpi),
                metadata=_METADATA[fmt] or None,
                bbox_inches="tight",
                pad_inches=0.05,
            )
            written.append(path)
            files[path.name] = {
                "format": fmt,
                "sha256": _sha256_file(path),
                "bytes": path.stat().st_size,
                **({"dpi": int(dpi)} if fmt == "png" else {}),
            }
            logger.info("wrote %s", path)

    manifest = read_manifest(out_dir)
    manifest["figures"][name] = {
        "files": files,
        "inputs": input_sums,
        "params": _jsonable(dict(params or {})),
        "versions": package_versions(),
    }
    manifest["figures"] = dict(sorted(manifest["figures"].items()))
    text = json.dumps(manifest, ensure_ascii=False, indent=2, sort_keys=False) + "\n"
    tmp = out_dir / f".{MANIFEST}.tmp"
    tmp.write_text(text, encoding="utf-8")
    tmp.replace(out_dir / MANIFEST)
    if close:
        import matplotlib.pyplot as plt

        plt.close(fig)
    return written
