"""Reading: input formats, decoding, the article builder and ``read_corpus``.

The stage, bottom up: :mod:`~astana_lib.reading.formats` (record formats: count and iterate
records), :mod:`~astana_lib.reading.sniff`, :mod:`~astana_lib.reading.decoding` and
:mod:`~astana_lib.reading.rawinput` (bytes and fields to text),
:mod:`~astana_lib.reading.problems` (``ReadError``, problem kinds),
:mod:`~astana_lib.reading.inputs` (what to read),
:mod:`~astana_lib.reading.corpus` (the tables), :mod:`~astana_lib.reading.builder` (one
article → rows), :mod:`~astana_lib.reading.parts` (``read_part``),
:mod:`~astana_lib.reading.finish` (corpus-level steps) and :mod:`~astana_lib.reading.read`
(``read_corpus``).
"""

# ``astana_lib.reading`` was one module before 0.x; its public names stay importable here.
from astana_lib.reading.corpus import Corpus, read_parquet
from astana_lib.reading.inputs import list_inputs
from astana_lib.reading.parts import read_part
from astana_lib.reading.problems import ReadError
from astana_lib.reading.read import read_corpus

__all__ = [
    "Corpus",
    "ReadError",
    "list_inputs",
    "read_corpus",
    "read_parquet",
    "read_part",
]
