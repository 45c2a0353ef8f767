"""The Dask runtime shared by the distributed read and search: run statistics, task rounds.

:func:`run_units` submits units of work, retries the ones whose inputs died with a worker
(up to ``max_rounds`` rounds) and hands each result to a callback; :class:`RunStats` records
what happened. Dask is imported only inside functions.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Hashable, Sequence
from concurrent.futures import CancelledError
from dataclasses import dataclass, field
from typing import Any

from tqdm.auto import tqdm

from astana_lib._progress import progress_enabled

__all__ = ["RunStats", "dashboard_link", "require_client", "run_units"]

log = logging.getLogger("astana_lib.backends.dask")


@dataclass
class RunStats:
    """What a distributed run did (also stored in ``result.attrs["dask"]``).

    Attributes
    ----------
    tasks : int
        Units of work of the run (block pairs, or read partitions).
    computed : int
        Units computed in this call (a unit rerun after a worker died counts once).
    resumed : int
        Units taken from finished spill files of an earlier run.
    rounds : int
        Submission rounds (1 unless scattered inputs were lost with a worker).
    seconds : float
        Wall time of the distributed part.
    dashboard : str or None
        Dashboard link of the client.
    """

    tasks: int = 0
    computed: int = 0
    resumed: int = 0
    rounds: int = 0
    seconds: float = 0.0
    dashboard: str | None = None
    spill_dir: str | None = None
    extra: dict[str, Any] = field(default_factory=dict)

    def as_dict(self) -> dict[str, Any]:
        """Plain-dict form (what goes in ``DataFrame.attrs``)."""
        d = {k: v for k, v in self.__dict__.items() if k != "extra"}
        d.update(self.extra)
        return d


def require_client(client: Any) -> Any:
    """Check that ``client`` is a ``distributed.Client`` and log its dashboard link."""
    try:
        from distributed import Client
    except ImportError as e:  # pragma: no cover - depends on the environment
        raise ImportError(
            "the Dask backend needs dask.distributed: pip install 'astana_lib[dask]'"
        ) from e
    if not isinstance(client, Client):
        raise TypeError(f"client must be a dask.distributed.Client, got {type(client).__name__}")
    if client.status != "running":
        raise ValueError(f"the Dask client is not running (status {client.status!r})")
    link = getattr(client, "dashboard_link", None)
    log.info("Dask dashboard: %s", link)
    return client


def dashboard_link(client: Any) -> str | None:
    """The client's dashboard link, or None when it has no dashboard."""
    try:
        return client.dashboard_link
    except Exception:  # no dashboard (dashboard_address=None)
        return None


def _lost_input(exc: BaseException) -> bool:
    """True for failures of the cluster (not of our code): rerun the task elsewhere."""
    from distributed import KilledWorker

    return isinstance(exc, (CancelledError, KilledWorker))


def run_units(
    client: Any,
    units: Sequence[Hashable],
    *,
    submit: Callable[[Any, list[Hashable], int], dict[Any, Hashable]],
    on_result: Callable[[Hashable, Any], None],
    desc: str,
    progress: bool,
    max_rounds: int,
    stats: RunStats,
) -> None:
    """Run ``units`` on the cluster round after round until every one has finished.

    ``submit(client, todo, round_no)`` submits one task per unit of ``todo`` and returns
    ``{future: unit}``; ``on_result(unit, value)`` consumes each finished result on the
    client as soon as it arrives (so finished results never stay on a worker that may
    die). Failures of the cluster (a worker killed, scattered inputs lost) send the unit
    to the next round; any other exception is raised.
    """
    from distributed import as_completed

    todo = list(units)
    bar = tqdm(total=len(todo), desc=desc, disable=not progress_enabled(progress), unit="task")
    try:
        for round_no in range(1, max_rounds + 1):
            if not todo:
                break
            stats.rounds = round_no
            futures = submit(client, todo, round_no)
            failed: list[Hashable] = []
            for fut in as_completed(list(futures)):
                unit = futures[fut]
                try:
                    value = fut.result()
                except Exception as exc:
                    if not _lost_input(exc):
                        for f in futures:
                            f.cancel()
                        raise
                    log.debug("%s: task %s lost with a worker (%s); will rerun", desc, unit, exc)
                    failed.append(unit)
                else:
                    on_result(unit, value)
                    stats.computed += 1
                    bar.update(1)
                fut.release()
            del futures
            todo = failed
            if todo and round_no < max_rounds:
                log.warning(
                    "%s: %d of %d tasks lost their inputs with a worker; resubmitting them "
                    "(round %d of at most %d)",
                    desc,
                    len(todo),
                    stats.tasks,
                    round_no + 1,
                    max_rounds,
                )
        if todo:
            raise RuntimeError(
                f"{desc}: {len(todo)} tasks still failing after {max_rounds} rounds "
                f"(workers keep dying?): {todo[:5]}"
            )
    finally:
        bar.close()
