"""Reading: input formats, decoding, the article builder and ``read_corpus``."""

# ``astana_lib.reading`` was one module before 0.x; its public names stay importable here.
from astana_lib.reading.corpus import (
    Corpus,
    ReadError,
    list_inputs,
    read_corpus,
    read_parquet,
    read_part,
)

__all__ = [
    "Corpus",
    "ReadError",
    "list_inputs",
    "read_corpus",
    "read_parquet",
    "read_part",
]
