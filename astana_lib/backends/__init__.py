"""Backends: where search blocks run (one machine or a Dask cluster) and spill files."""
