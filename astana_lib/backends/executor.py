"""Where block tasks run: the executor protocol and the in-process executor.

The near-duplicate search (:func:`astana_lib.reuse.search.search_candidates`) cuts its
work into block pairs and hands them to an *executor*; the executor only decides where
each block task runs and hands back the results in the order of the pairs. Two exist:

* :class:`LocalExecutor` (this module): every task in this process, one after the other,
  with a tqdm bar (the single-machine search, the default);
* :class:`~astana_lib.backends.dask.DaskExecutor`: the same tasks on the workers of a
  ``dask.distributed`` client, with retries, Parquet spill files and resume.

To add one (a process pool, Ray …), implement :class:`Executor`: ``run_block_pairs`` and
``record``. Tasks and their inputs are plain picklable values.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Hashable, Sequence
from typing import Any, Protocol, runtime_checkable

from tqdm.auto import tqdm

from astana_lib._progress import progress_enabled

__all__ = ["Executor", "LocalExecutor"]

#: ``block(k)`` → the raw input of block ``k``.
BlockGetter = Callable[[int], Any]
#: ``prepare(raw block)`` → the prepared block (computed once per block).
Prepare = Callable[[Any], Any]
#: ``task(prepared i, prepared j, same_block=i == j)`` → one block-pair result.
Task = Callable[..., Any]


@runtime_checkable
class Executor(Protocol):
    """Runs the block-pair tasks of one search and returns their results in order."""

    def run_block_pairs(
        self,
        block: BlockGetter,
        pairs: Sequence[tuple[int, int]],
        *,
        prepare: Prepare,
        task: Task,
        run_key: Callable[[], tuple],
        desc: str,
    ) -> list[Any]:
        """``[task(prepare(block(i)), prepare(block(j)), same_block=i == j) for i, j in pairs]``.

        ``run_key()`` returns values identifying the run (inputs and options); an executor
        that keeps results between runs (spill files) names them with it.
        """
        ...

    def record(self, name: str, value: Any) -> None:
        """Keep a figure of the run (seconds of a stage …) for the caller's statistics."""
        ...


class LocalExecutor:
    """Run every block task in this process, in order (tqdm bar over block pairs).

    A prepared block is computed on its first use and released after its last one.

    Parameters
    ----------
    progress : bool, default False
        tqdm bar over block pairs (when output is a terminal and there are 2 or more).

    Examples
    --------
    >>> ex = LocalExecutor()
    >>> ex.run_block_pairs(lambda k: [k], [(0, 0), (0, 1)], prepare=lambda b: b * 2,
    ...                    task=lambda a, b, same_block: (a, b, same_block),
    ...                    run_key=tuple, desc="demo")
    [([0, 0], [0, 0], True), ([0, 0], [1, 1], False)]
    """

    def __init__(self, *, progress: bool = False) -> None:
        self.progress = progress
        self.figures: dict[str, Any] = {}

    def run_block_pairs(
        self,
        block: BlockGetter,
        pairs: Sequence[tuple[int, int]],
        *,
        prepare: Prepare,
        task: Task,
        run_key: Callable[[], tuple],
        desc: str,
    ) -> list[Any]:
        uses: Counter[Hashable] = Counter(k for pair in pairs for k in set(pair))
        ready: dict[int, Any] = {}

        def get(k: int) -> Any:
            if k not in ready:
                ready[k] = prepare(block(k))
            return ready[k]

        out = []
        bar = tqdm(pairs, desc=desc, disable=not progress_enabled(self.progress) or len(pairs) < 2)
        for i, j in bar:
            out.append(task(get(i), get(j), same_block=i == j))
            for k in {i, j}:
                uses[k] -= 1
                if not uses[k]:
                    del ready[k]
        bar.close()
        return out

    def record(self, name: str, value: Any) -> None:
        self.figures[name] = value

    def __repr__(self) -> str:
        return f"LocalExecutor(progress={self.progress!r})"
