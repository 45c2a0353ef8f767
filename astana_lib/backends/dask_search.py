"""Near-duplicate search over paragraph parts held on Dask workers (out of core).

:func:`find_near_duplicates_parts` takes the paragraphs table as a sequence of *parts*
— Dask futures of DataFrames, or paths of Parquet files the workers read — in corpus
order, with every article's paragraphs in one part, and returns the pairs table that
``find_near_duplicates(pd.concat(parts))`` returns, without the client ever holding all
paragraphs or the TF-IDF matrix:

1. **Fit as a map-reduce on the workers** (:mod:`astana_lib.reuse.partfit`): each part
   selects its rows and summarises them (distinct texts by 128-bit hash, token first
   positions); the tables are tree-reduced in worker tasks into the global text table
   (representatives = first copies, copies counted, titles), token ids (first
   appearance) and, from each part's state (:func:`~astana_lib.reuse.partblocks.build_part_state`),
   the n-gram document frequencies (distinct texts: rare-first order; copies: idf), the
   shingle document frequencies and the decision's 3-gram counts. The reduced tables
   stay on the workers as futures; the client receives only a few counts.
2. **Blocks built on the workers** from their own parts
   (:func:`~astana_lib.reuse.partblocks.part_block`: TF-IDF rows with the global idf and
   feature order, prepared shingle rows), and **the same block task**
   (:func:`~astana_lib.reuse.blocks.search_block_pair_task`) on every block pair
   ``i <= j``, completed on the worker with the merge's measures and that block pair's
   title and run pairs (:func:`~astana_lib.reuse.partblocks.part_pair_task`): the title
   and run steps compare rows of two blocks, so they run per block pair like the search.
3. **After the candidates**, in pieces on the workers
   (:mod:`astana_lib.reuse.partfinish`): the block pairs' results are combined in a
   worker task and cut into pieces of at most
   :data:`~astana_lib.reuse.partfinish.PIECE_PAIRS` representative pairs and
   :data:`~astana_lib.reuse.partfinish.PIECE_GROUPS` exact-duplicate groups. Each
   piece fetches from every part only the rows (``para_id`` and carried columns, no
   text) and one normalised text of its own representatives
   (:func:`~astana_lib.reuse.partexpand.part_rows`), and
   :func:`~astana_lib.reuse.partexpand.finish_pairs` runs the local steps on them: the
   ``p_reuse`` decision on representative pairs with the corpus counts of their
   3-grams from the reduced tables, then the expansion of the kept pairs to copies,
   the carried metadata, the duplicate-record labels and the scope
   (:func:`~astana_lib.reuse.repdecision.decide_and_expand`). The pieces are merged
   in one worker task and the client receives the pairs table; with ``out=``, they are
   range-partitioned on ``para_a`` and each worker writes its Parquet files in table
   order, and the client receives only the list of files.

Identity: the representatives, token ids, feature order (with its tie-breaks), idf and
shingle order are those of the local fit, every score is computed from the two rows
(:func:`~astana_lib.reuse.cosine.rowwise_dot`), so the pairs table is identical to the
local one (rows, order, kinds, cosine bit for bit, ``p_reuse``). Limits: word
analyzer with n-grams up to 2 (the defaults); no spill files / resume on this path;
without ``out`` the merge of the pieces and the client hold the whole pairs table.
"""

from __future__ import annotations

import functools
import logging
import operator
import time
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import pandas as pd

from astana_lib.backends.dask_runtime import RunStats, dashboard_link, require_client
from astana_lib.reuse.blocks import BlockParams, prepare_block
from astana_lib.reuse.constants import DEFAULT_CARRY, NothingToMatchError, default_block_size
from astana_lib.reuse.find import (
    resolve_decision,
    select_rows,
    typed_empty,
)
from astana_lib.reuse.partblocks import (
    PartBlock,
    build_part_state,
    combine_results,
    finalize_shingles,
    formula_runs,
    part_block,
    part_pair_task,
    slim_state,
)
from astana_lib.reuse.partexpand import part_rows
from astana_lib.reuse.partfinish import (
    ROWS_PER_FILE,
    common_schema,
    concat_groups,
    file_names,
    files_frame,
    finish_piece,
    key_sample,
    merge_pieces,
    n_pieces,
    owned_groups,
    piece_length,
    piece_needed,
    prepare_out,
    split_by_keys,
    table_schema,
    work_piece,
    work_size,
    write_file,
    write_table,
)
from astana_lib.reuse.partfit import (
    finalize_features,
    finalize_texts,
    finalize_tokens,
    merge_counts,
    merge_para_keys,
    merge_texts,
    merge_tokens,
    summarize_part,
)

__all__ = ["find_near_duplicates_parts", "is_parts"]

log = logging.getLogger("astana_lib.backends.dask")

_FAN_IN = 4


def is_parts(paragraphs: Any) -> bool:
    """True for a sequence of parts (futures, paths, DataFrames) rather than one table.

    Examples
    --------
    >>> is_parts(["a.parquet", "b.parquet"]), is_parts(pd.DataFrame({"para_id": []}))
    (True, False)
    """
    return isinstance(paragraphs, (list, tuple)) and not isinstance(paragraphs, str)


def _select_part(frame: pd.DataFrame, *, carry: Sequence[str] | None, **how) -> pd.DataFrame:
    """The rows of one part the search uses; ``carry`` named explicitly must exist."""
    if carry is not None:
        missing = [c for c in carry if c not in frame.columns]
        if missing:
            raise ValueError(
                f"carry column(s) {missing} not in paragraphs; it has {list(frame.columns)}"
            )
    return select_rows(frame, **how)


def _read_part(path: str) -> pd.DataFrame:
    return pd.read_parquet(path)


def _part_futures(client: Any, parts: Sequence[Any]) -> list:
    from distributed import Future

    out = []
    for p in parts:
        if isinstance(p, Future):
            out.append(p)
        elif isinstance(p, (str, Path)):
            out.append(client.submit(_read_part, str(p), pure=False))
        elif isinstance(p, pd.DataFrame):
            out.append(client.scatter(p))
        else:
            raise TypeError(
                "a part must be a dask Future of a paragraphs DataFrame, a Parquet path or "
                f"a DataFrame, got {type(p).__name__}"
            )
    return out


def _tree(client: Any, futures: list, combine) -> Any:
    """Reduce futures pairwise-ish (fan-in 4) in worker tasks; the result stays a future."""
    while len(futures) > 1:
        futures = [
            client.submit(combine, *futures[i : i + _FAN_IN]) if len(futures[i : i + _FAN_IN]) > 1
            else futures[i]
            for i in range(0, len(futures), _FAN_IN)
        ]  # fmt: skip
    return futures[0]


def _meta(texts) -> tuple:
    return texts.reps_per_part, texts.n_docs, texts.n_texts


def _features(ngram_range, n_docs, *tables):
    return finalize_features(dict(zip(range(1, len(tables) + 1), tables, strict=True)),
                             tuple(ngram_range), n_docs)  # fmt: skip


def _prepare(pb: PartBlock, params: BlockParams) -> PartBlock:
    return pb._replace(block=prepare_block(pb.block, params))


def _token_ids(table, tokens):
    return table.ids(tokens)


def _fit_on_workers(client, sel: list, opts: dict) -> dict:
    """Step 1: the reduced tables, as futures (plus the few counts the client needs)."""
    summ = [client.submit(summarize_part, s, p, require_arabic=True) for p, s in enumerate(sel)]
    get = functools.partial(client.map, pure=False)
    texts = client.submit(finalize_texts, _tree(client, get(operator.attrgetter("texts"), summ),
                                                merge_texts))  # fmt: skip
    tok_m = client.submit(finalize_tokens, _tree(
        client, get(operator.attrgetter("tokens_m"), summ), merge_tokens))  # fmt: skip
    tok_d = client.submit(finalize_tokens, _tree(
        client, get(operator.attrgetter("tokens_d"), summ), merge_tokens))  # fmt: skip
    para_keys = _tree(client, get(operator.attrgetter("para_keys"), summ), merge_para_keys)
    client.submit(merge_para_keys, para_keys).result()  # a repeated para_id raises here
    reps_per_part, n_docs, n_texts = client.submit(_meta, texts).result()
    del summ
    out = dict(texts=texts, tok_m=tok_m, tok_d=tok_d, reps_per_part=reps_per_part,
               n_docs=n_docs, n_texts=n_texts)  # fmt: skip
    if not reps_per_part:
        return out
    n_tokens = client.submit(len, tok_m).result()
    both = [
        client.submit(build_part_state, s, p, texts, tok_m, tok_d, keep=opts["keep"],
                      ngram_range=opts["ngram_range"], shingle_size=3, min_run=opts["min_run"])
        for p, s in enumerate(sel)
    ]  # fmt: skip
    states = get(operator.itemgetter(0), both)
    contrib = get(operator.itemgetter(1), both)
    del both
    hi = int(opts["ngram_range"][1])
    tables = [
        _tree(client, get(lambda c, n=n: c["features"][n], contrib), merge_counts)
        for n in range(1, hi + 1)
    ]
    features = client.submit(_features, opts["ngram_range"], n_docs, *tables)
    shingles = client.submit(finalize_shingles, _tree(
        client, get(operator.itemgetter("shingles"), contrib), merge_counts))  # fmt: skip
    grams = _tree(client, get(operator.itemgetter("grams"), contrib), merge_counts)
    formulas = client.submit(formula_runs, _tree(
        client, get(operator.itemgetter("runs"), contrib), merge_counts))  # fmt: skip
    del contrib, tables
    from distributed import wait

    wait([features, shingles, grams, formulas])  # the blocks need them: the fit ends here
    out.update(states=states, features=features, shingles=shingles, grams=grams,
               n_tokens=n_tokens, formulas=formulas)  # fmt: skip
    return out


def _search_on_workers(client, fit: dict, opts: dict, params: BlockParams, stats: RunStats):
    """Step 2: blocks on the workers, one task per block pair; results gathered."""
    from distributed import as_completed

    blocks = []
    for p, st in enumerate(fit["states"]):
        n_p = fit["reps_per_part"].get(p, 0)
        for a0 in range(0, n_p, opts["block_size"]):
            raw = client.submit(part_block, st, fit["features"], fit["shingles"], start=a0,
                                stop=min(a0 + opts["block_size"], n_p),
                                ngram_range=opts["ngram_range"], n_tokens=fit["n_tokens"],
                                formulas=fit["formulas"])  # fmt: skip
            blocks.append(client.submit(_prepare, raw, params))
    # the blocks hold what the rest needs of token ids and keys: keep only the rows' side
    fit["states"] = client.map(slim_state, fit["states"], pure=False)
    tt, ct = opts["title_containment_threshold"], opts["containment_threshold"]
    title = None if tt is None or (ct is not None and float(tt) >= float(ct)) else float(tt)
    futures = {}
    for i in range(len(blocks)):
        for j in range(i, len(blocks)):
            fut = client.submit(part_pair_task, blocks[i], blocks[j], params=params,
                                title_threshold=title, runs=opts["min_run"] is not None,
                                same_block=i == j, retries=2)  # fmt: skip
            futures[fut] = (i, j)
    stats.tasks = len(futures)
    for _ in as_completed(list(futures)):
        pass  # the results stay on the workers; one worker task combines them
    stats.computed = len(futures)
    stats.rounds = 1
    del blocks
    ordered = [f for f, _ in sorted(futures.items(), key=lambda kv: kv[1])]
    return client.submit(_combine, *ordered)


def _finish_on_workers(client, fit: dict, combined, finish: dict) -> list:
    """Step 3: the pairs table in pieces, each from the rows of its own representatives."""
    groups = client.submit(concat_groups, *client.map(owned_groups, fit["states"]))
    n_pairs, n_groups = client.submit(work_size, combined, groups).result()
    k = n_pieces(n_pairs, n_groups, n_workers=len(client.scheduler_info()["workers"]))
    chosen = finish["chosen"] is not None
    tables = (fit["tok_d"], fit["grams"]) if chosen else (None, None)
    done = []
    for i in range(k):
        piece = client.submit(work_piece, combined, groups, i, k)
        needed = client.submit(piece_needed, piece)
        got = [client.submit(part_rows, st, needed) for st in fit["states"]]
        done.append(client.submit(finish_piece, piece, got, *tables, **finish))
    log.info("finishing the pairs in %d piece(s): %d representative pairs, %d groups",
             k, n_pairs, n_groups)  # fmt: skip
    return done


def _write_on_workers(client, done: list, out: Path) -> tuple[pd.DataFrame, dict]:
    """The pieces range-partitioned on ``para_a`` and written as Parquet, in table order."""
    import numpy as np

    lengths = client.gather([client.submit(piece_length, d) for d in done])
    total = int(sum(lengths))
    n_files = max(1, -(-total // ROWS_PER_FILE))
    step = max(1, total // (n_files * 1_000))
    samples = client.gather([client.submit(key_sample, d, step) for d in done])
    sample = np.sort(np.concatenate([np.empty(0, object), *samples]).astype(object))
    cut = [sample[(len(sample) * r) // n_files] for r in range(1, n_files)] if len(sample) else []
    bounds = np.array(sorted(set(cut)), dtype=object)
    split = [client.submit(split_by_keys, d, bounds) for d in done]
    paths = file_names(out, len(bounds) + 1)
    schema = common_schema(client.gather([client.submit(table_schema, d) for d in done]))
    rows = client.gather([
        client.submit(write_file, str(p), *[client.submit(operator.getitem, s, r) for s in split],
                      schema=schema)
        for r, p in enumerate(paths)
    ])  # fmt: skip
    seconds = client.gather([client.submit(operator.itemgetter(1), d) for d in done])
    summed = {key: sum(s[key] for s in seconds) for key in seconds[0]} if seconds else {}
    return files_frame(paths, rows), summed


def _combine(*frames):
    return combine_results(list(frames))


def _empty(client, sel: list, carry, chosen, fit) -> pd.DataFrame:
    head = client.submit(lambda f: f.iloc[:0], sel[0]).result()
    pairs = typed_empty(head, carry)
    if chosen is None:
        return pairs
    from astana_lib.reuse.decision import add_p_reuse

    return add_p_reuse(pairs, head.assign(norm=pd.Series([], dtype=object)),
                       decision=chosen[0])  # fmt: skip


def _check_options(opts: dict) -> None:
    if (
        opts["analyzer"] != "word"
        or not 1 <= int(opts["ngram_range"][0]) <= int(opts["ngram_range"][1]) <= 2
    ):
        raise ValueError(
            "the search over parts supports analyzer='word' with ngram_range within (1, 2); "
            "pass one DataFrame for other features"
        )
    if opts["block_size"] < 1:
        raise ValueError(f"block_size must be >= 1, got {opts['block_size']}")


def find_near_duplicates_parts(
    parts: Sequence[Any],
    *,
    client: Any,
    threshold: float,
    scope: str,
    roles,
    containment_threshold: float | None,
    method: str,
    analyzer: str,
    ngram_range: tuple[int, int],
    min_shingles: int,
    title_containment_threshold: float | None,
    min_run: int | None,
    duplicates: str,
    carry: Sequence[str],
    block_size: int | None,
    duplicate_records: str,
    decision: Any,
    min_p_reuse: float | None,
    out: str | Path | None = None,
) -> pd.DataFrame:
    """The pairs table of paragraphs held as parts on the workers (see the module).

    Called by :func:`~astana_lib.backends.dask.find_near_duplicates_distributed` (and
    ``find_near_duplicates(client=)``) when ``paragraphs`` is a sequence of parts; the
    options are theirs.

    Examples
    --------
    >>> from distributed import Client
    >>> client = Client(processes=False, n_workers=1, threads_per_worker=1,
    ...                 dashboard_address=None)
    >>> t = ["أعلن الوفد الروسي أن الجولة المقبلة من محادثات أستانا ستعقد في تموز",
    ...      "قصفت الطائرات مواقع في ريف إدلب الجنوبي صباح اليوم"]
    >>> a = pd.DataFrame({"para_id": ["a:1", "a:2"], "article_id": "a", "text": t})
    >>> b = pd.DataFrame({"para_id": ["b:1"], "article_id": "b", "text": [t[0] + "."]})
    >>> from astana_lib.backends.dask import find_near_duplicates_distributed
    >>> pairs = find_near_duplicates_distributed([client.scatter(a), client.scatter(b)],
    ...                                          client=client, progress=False)
    >>> pairs[["para_a", "para_b", "kind"]].to_numpy().tolist()
    [['a:1', 'b:1', 'near']]
    >>> from astana_lib.reuse.matcher import find_near_duplicates
    >>> pairs.equals(find_near_duplicates(pd.concat([a, b]), progress=False))
    True
    >>> client.close()
    """
    client = require_client(client)
    if out is not None:
        out = prepare_out(out)
    stats = RunStats(dashboard=dashboard_link(client))
    t0 = time.perf_counter()
    chosen = resolve_decision(decision, min_p_reuse)
    resolved = method if method != "auto" else ("prefix" if analyzer == "word" else "topn")
    opts = dict(
        analyzer=analyzer, ngram_range=tuple(int(v) for v in ngram_range), min_run=min_run,
        block_size=int(block_size) if block_size is not None else default_block_size(resolved),
        title_containment_threshold=title_containment_threshold,
        containment_threshold=containment_threshold,
        keep=(*carry, "role", "article_id", "article_duplicate_of"),
    )  # fmt: skip
    _check_options(opts)
    if len(parts) == 0:
        raise ValueError("no parts: pass at least one future or path of a paragraphs table")
    select = functools.partial(
        _select_part, carry=None if carry is DEFAULT_CARRY else tuple(carry), scope=scope, threshold=threshold, containment_threshold=containment_threshold,
        method=method, roles=roles, duplicate_records=duplicate_records,
    )  # fmt: skip
    select_rows(pd.DataFrame({"para_id": [], "text": [], "article_id": [], "outlet": []}),
                scope=scope, threshold=threshold, containment_threshold=containment_threshold,
                method=method, roles=roles)  # fmt: skip
    sel = [client.submit(select, f) for f in _part_futures(client, parts)]
    fit = _fit_on_workers(client, sel, opts)
    stats.extra["fit_seconds"] = time.perf_counter() - t0
    if not fit["reps_per_part"]:
        log.warning("find_near_duplicates: %s; returning no pairs",
                    NothingToMatchError("no paragraph to match"))  # fmt: skip
        pairs = _empty(client, sel, carry, chosen, fit)
        return pairs if out is None else write_table(pairs, out)
    params = BlockParams(
        threshold=float(threshold),
        containment_threshold=None if containment_threshold is None else float(containment_threshold),
        min_shingles=int(min_shingles), method=resolved, n_threads=1,
    )  # fmt: skip
    t1 = time.perf_counter()
    combined = _search_on_workers(client, fit, opts, params, stats)
    stats.extra["blocks_seconds"] = time.perf_counter() - t1
    # the rows and texts of paired paragraphs, the expansion and the decision stay on
    # the workers, in pieces; the client receives the pairs (or, with out, file names)
    finish = dict(n_texts=fit["n_texts"], chosen=chosen, threshold=float(threshold),
                  duplicates=duplicates, carry=tuple(carry), scope=scope)  # fmt: skip
    done = _finish_on_workers(client, fit, combined, finish)
    if out is None:
        pairs, seconds = client.submit(merge_pieces, *done).result()
    else:
        pairs, seconds = _write_on_workers(client, done, out)
    stats.extra.update(seconds)
    stats.seconds = time.perf_counter() - t0
    pairs.attrs["dask"] = stats.as_dict()
    return pairs
