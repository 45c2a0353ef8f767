"""Figures: publication plots with right-to-left Arabic labels, and reproducible saving."""

# ``astana_lib.figures`` was one module before 0.x; its public names stay importable here.
from astana_lib.figures.save import (
    FORMATS,
    MANIFEST,
    checksum,
    corpus_name,
    output_folder,
    package_versions,
    read_manifest,
    save_figure,
)

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
