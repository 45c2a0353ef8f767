"""``python -m astana_lib`` runs the ``astana`` command (see :mod:`astana_lib.cli`)."""

from astana_lib.cli import main

if __name__ == "__main__":
    raise SystemExit(main())
