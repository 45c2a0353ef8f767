"""Near-duplicate (reused) paragraphs: TF-IDF cosine + shingle containment.

Public API
----------
:func:`find_near_duplicates`
    One row per reused pair of paragraphs (the :data:`~astana_lib.schema.PAIRS` table).
:class:`ParagraphMatcher`
    The scikit-learn style estimator behind it: ``fit`` learns the vocabulary and idf on
    one corpus, ``find_pairs`` searches that corpus or queries another one against it.

How a pair is found
-------------------
1. Texts are matched on ``norm`` (:func:`~astana_lib.text.normalize.normalize_arabic`), never
   on ``text``. Rows whose normalised text has no Arabic letter (page debris such as
   "2017-12-22" or "14560") or no word at all are skipped and counted (``n_skipped_``).
2. Rows with the same ``norm`` are searched once (one *representative*) and expanded
   back at the end: they come out as ``kind == "exact"`` pairs with cosine 1.0. The idf
   is still computed over all rows (document frequency weighted by copies), so the
   vectors are those of ``TfidfVectorizer`` fitted on every row.
3. TF-IDF (``sublinear_tf=True``, l2 norm, whole-word tokens ``\\b\\w+\\b`` on the
   normalised text) and an exact all-pairs cosine search (:mod:`astana_lib.reuse.allpairs`,
   prefix filtering by default): every pair with cosine ``>= threshold`` → ``"near"``.
4. Word-3-gram shingle containment with its own candidate step
   (:mod:`astana_lib.reuse.containment`): pairs where one paragraph has at least
   ``containment_threshold`` of its shingles inside the other (and at least
   ``min_shingles`` shingles) but whose cosine is below the threshold → ``"contained"``
   (a paragraph inside a run-on copy scores only 0.3–0.5 cosine).
5. Shared runs (:func:`astana_lib.reuse.steps.run_step`): every pair sharing ``min_run``
   consecutive words (a word ``min_run``-gram, inverted index, exact) that the two steps
   above did not find → ``"run"`` (partly rewritten wire copy keeps a clause or two).
6. Every candidate gets both measures: ``cosine`` and ``containment_ab`` /
   ``containment_ba`` (NaN for a paragraph with fewer than 3 words).
7. The decision (:func:`find_near_duplicates`, ``decision="default"``): the reader's
   features of each candidate (:mod:`astana_lib.reuse.features`) → ``p_reuse`` from a logistic
   model fitted on hand-labelled real pairs (:mod:`astana_lib.reuse.decision`); candidates below
   the model's threshold are dropped (``exact`` pairs are always kept). Steps 3–5 only
   choose candidates, exactly: no pair above their thresholds is ever lost.

Exact-duplicate groups
----------------------
``k`` identical paragraphs give ``k(k-1)/2`` pairs, and a pair of near-duplicate texts
copied ``k`` and ``m`` times gives ``k·m`` pairs: an all-identical corpus of ``n`` rows
gives ``n(n-1)/2`` rows. That is the honest answer and the default
(``duplicates="all"``); the rows are counted and their memory and time estimated before
they are built (exact groups at ``fit``, before the search), logged (a warning above
5M rows), and ``max_memory`` turns the estimate into a
:class:`~astana_lib.reuse.pairbudget.PairBudgetError` (:mod:`astana_lib.reuse.pairbudget`).
:func:`~astana_lib.reuse.pairbudget.duplicate_groups` reports each exact group once (id, size,
members). ``duplicates="first"`` keeps the table linear: each copy is
paired with the first copy of its group only (``kind "exact"``) and near/contained pairs
are reported between first copies only. Both give the same clusters
(:func:`astana_lib.reuse.clusters.reuse_clusters`).

Where the code lives
--------------------
This module holds the entry point, :func:`find_near_duplicates`. The search itself:
:mod:`~astana_lib.reuse.prepare` (rows, norms, copies) → :mod:`~astana_lib.reuse.estimator`
(:class:`ParagraphMatcher`: vocabulary, idf, :mod:`~astana_lib.reuse.vectorize`) →
:mod:`~astana_lib.reuse.search` (block pairs of representatives: one pure task,
:mod:`~astana_lib.reuse.blocks`, run by an executor, :mod:`astana_lib.backends.executor`;
one merge, :mod:`~astana_lib.reuse.merge`) → :mod:`~astana_lib.reuse.steps` (title and
run steps) → :mod:`~astana_lib.reuse.expand` (copies, kinds, the pairs frame) →
:mod:`~astana_lib.reuse.find` (scope, duplicate records, the decision). The union over
block pairs ``i <= j`` equals the single-block result exactly, so the local and the Dask
executor give the same pairs. What must be global: the vocabulary and idf
(``vectorizer_``), the rare-first column order (``feature_rank_``) and the shingle
document frequencies (``shingle_df_``).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any, Literal

import pandas as pd

from astana_lib.backends.executor import LocalExecutor
from astana_lib.reuse.constants import (
    DEFAULT_CARRY,
    DEFAULT_CONTAINMENT_THRESHOLD,
    DEFAULT_MIN_RUN,
    DEFAULT_ROLES,
    DEFAULT_THRESHOLD,
    DEFAULT_TITLE_CONTAINMENT_THRESHOLD,
    KINDS,
    RUN_MAX_TEXTS,
    RUN_MIN_COSINE,
    Analyzer,
    Duplicates,
    NothingToMatchError,
    Scope,
    SearchMethod,
)
from astana_lib.reuse.estimator import ParagraphMatcher
from astana_lib.reuse.find import search_pairs

__all__ = [
    "DEFAULT_CARRY",
    "DEFAULT_CONTAINMENT_THRESHOLD",
    "DEFAULT_MIN_RUN",
    "DEFAULT_ROLES",
    "DEFAULT_THRESHOLD",
    "DEFAULT_TITLE_CONTAINMENT_THRESHOLD",
    "KINDS",
    "RUN_MAX_TEXTS",
    "RUN_MIN_COSINE",
    "NothingToMatchError",
    "ParagraphMatcher",
    "find_near_duplicates",
]


def find_near_duplicates(
    paragraphs: pd.DataFrame | Sequence[Any],
    *,
    threshold: float = DEFAULT_THRESHOLD,
    scope: Scope = "all",
    roles: Iterable[str] | None = DEFAULT_ROLES,
    containment_threshold: float | None = DEFAULT_CONTAINMENT_THRESHOLD,
    method: SearchMethod = "auto",
    analyzer: Analyzer = "word",
    ngram_range: tuple[int, int] = (1, 2),
    min_shingles: int = 5,
    title_containment_threshold: float | None = DEFAULT_TITLE_CONTAINMENT_THRESHOLD,
    min_run: int | None = DEFAULT_MIN_RUN,
    duplicates: Duplicates = "all",
    carry: Sequence[str] = DEFAULT_CARRY,
    block_size: int | None = None,
    progress: bool = True,
    max_memory: float | str | None = None,
    client: Any = None,
    spill_dir: str | Path | None = None,
    resume: bool = True,
    duplicate_records: Literal["drop", "keep"] = "drop",
    decision: Any = "default",
    min_p_reuse: float | None = None,
) -> pd.DataFrame:
    """Find reused paragraphs: wire copy across outlets and repeats inside articles.

    Parameters
    ----------
    paragraphs : DataFrame, or with ``client`` a sequence of parts
        The :data:`~astana_lib.schema.PARAGRAPHS` table (at least ``para_id`` and
        ``text`` or ``norm``; ``article_id`` for ``scope`` "within"/"across",
        ``outlet`` for "outlets"). With ``client``, also the same table as parts held
        on the workers (Dask futures of DataFrames or Parquet paths, in corpus order,
        each article in one part): the search then runs out of core, with the same
        pairs (:mod:`astana_lib.backends.dask_search`).
    threshold : float in (0, 1], default 0.6
        Minimum TF-IDF cosine for a ``"near"`` pair (see Notes for why 0.6).
    scope : {"all", "within", "across", "outlets"}
        All pairs; pairs in the same article; pairs in different articles; pairs from
        different (known) outlets.
    roles : iterable of str or None, default ("title", "body", "repeat")
        Paragraph roles searched (when a ``role`` column exists); ``None``: all rows.
        Bylines, source lines, section tags and boilerplate are left out by default:
        they repeat across an outlet's pages without being reuse.
    containment_threshold : float in (0, 1] or None, default 0.8
        Minimum containment of one side in the other for a ``"contained"`` pair.
    method : {"auto", "prefix", "topn", "brute"}
        Search strategy; identical results (see :mod:`astana_lib.reuse.allpairs`).
    min_run : int or None, default 5
        Candidate pairs also include every pair sharing a run of ``min_run`` consecutive
        words of the normalised text with word cosine >= 0.2 (``kind "run"`` when neither
        cosine nor containment found it): how partly rewritten wire copy shares a clause.
        ``None``: off.
    analyzer, ngram_range, min_shingles, title_containment_threshold, duplicates, carry
        See :class:`ParagraphMatcher`.
    block_size : int, optional
        Distinct texts per block of the block-pair search, locally and with ``client``
        alike (default :data:`~astana_lib.reuse.constants.DEFAULT_BLOCK_SIZE`: 50,000
        for the prefix search, 20,000 for ``topn``/``brute``).
    progress : bool, default True
        tqdm progress bars (tokenising large corpora, block pairs of large searches).
    max_memory : float, str or None, default None
        Memory budget of the pair rows (bytes or ``"4GB"``; single-machine search): the
        rows are counted before they are built and a
        :class:`~astana_lib.reuse.pairbudget.PairBudgetError` with the estimate is raised above
        it (see :class:`ParagraphMatcher`). 4,000 identical paragraphs are 7,998,000
        rows (~4.8 GB) with ``duplicates="all"``, 3,999 with ``"first"``.
    client : dask.distributed.Client, optional
        Run the block-pair search on a Dask cluster (``pip install astana_lib[dask]``);
        the vocabulary and idf are fitted once for the whole corpus, so the pairs are
        identical to the single-machine search. Without a client Dask is not imported.
    spill_dir : str or Path, optional
        With ``client``: folder for per-block-pair Parquet results, so a killed run can
        resume from finished blocks (see
        :func:`astana_lib.backends.dask.find_near_duplicates_distributed`).
    resume : bool, default True
        With ``client`` and ``spill_dir``: reuse finished blocks of an identical run.
    duplicate_records : {"drop", "keep"}, default "drop"
        Duplicate records (one article stored twice, ``article_duplicate_of`` not NA;
        see :mod:`astana_lib.reading.duplicates`): ``"drop"`` leaves their paragraphs out of the
        search, so an article is never reported against its own copy and an edge is not
        counted once per copy; ``"keep"`` searches them and gives pairs of two copies of
        one article ``kind="duplicate_record"`` (left out of :func:`reuse_edges` and
        :func:`reuse_clusters` by default).
    decision : "default", ReuseDecision or None, default "default"
        Which candidate pairs are reuse. ``"default"``: the packaged logistic model
        (:func:`astana_lib.reuse.decision.default_decision`, fitted on hand-labelled real pairs)
        scores every candidate (``threshold`` / ``containment_threshold`` then only
        choose the candidates) and pairs with ``p_reuse >= min_p_reuse`` are kept
        (``exact`` pairs always). A :class:`~astana_lib.reuse.decision.ReuseDecision` from
        :func:`astana_lib.reuse.decision.fit_reuse_decision`: your own model. ``None``: no
        model, every candidate is returned and there is no ``p_reuse`` column (the
        thresholds decide, as before version 0.2).
    min_p_reuse : float in (0, 1], optional
        Decision threshold on ``p_reuse`` (default: the model's ``threshold_``).

    Returns
    -------
    DataFrame
        One row per unordered pair (``para_a < para_b``) with the
        :data:`~astana_lib.schema.PAIRS` columns: ``article_a/b``, ``outlet_a/b``,
        ``date_a/b`` (and any other ``carry`` column as ``<col>_a/<col>_b``),
        ``cosine``, ``containment_ab``, ``containment_ba``, ``kind``. Empty (with these
        columns) when fewer than two paragraphs can be matched.

    Notes
    -----
    **The decision** (issue 11; ``benchmarks/eval_real.py``, printed in
    ``benchmarks/results/eval_real.txt``): on 869 real pairs from the three shared dumps
    (``benchmarks/real_reuse/``; rewritten wire copy, condensed and partial reuse,
    templates, shared quotations, same event told independently), each read twice, blind,
    with the disagreements adjudicated (the two readings agree at F1 0.95, kappa 0.90), the
    old rule (cosine >= 0.6 or containment >= 0.8) has precision 0.93 but recall 0.45 (F1
    0.60). The candidate steps at their defaults (cosine 0.6, containment 0.8, a shared run
    of 5 words with cosine >= 0.2) keep 444 of the 467 reuse pairs; the ``p_reuse`` model
    (13 features, with quotation and corpus-frequency features) at its threshold 0.58 (the
    best F1 among thresholds with inner-CV precision >= 0.90), cross-validated grouped by
    outlet pair: precision 0.92, recall 0.80, F1 0.86 [0.83, 0.88] (leave one corpus out:
    F1 0.85). Raise ``min_p_reuse`` for precision, lower it for recall.

    **Candidate thresholds** (measured, ``benchmarks/results/reuse_accuracy.md``, from
    ``benchmarks/eval_gold.py`` and ``benchmarks/eval_synthetic.py``):

    * word 1-2-grams on normalised text: best F1 on synthetic wire copy among the fast
      analyzers (0.924 vs 0.884 for char_wb 3-5, cosine only); without normalisation,
      diacritic/tatweel-noise copies drop to 0.18 recall; char n-grams also defeat the
      exact prefix-filtered search.
    * cosine ``threshold=0.6``: with the containment defaults, on the synthetic wire-copy
      benchmark (real paragraphs plus edited copies with known truth): recall 0.982,
      F1 0.968, ARI 0.967, P >= 0.955 (lower bound; ≈ 0.994 after labelling the "false"
      background pairs, most of which are real reuse); heavy-edit recall 0.91 (0.78–0.82
      at 0.7) and ExAraPlagDet synonym-substitution recall 0.34 (0.18 at 0.7). Use 0.5 to hunt paraphrase
      (more template pairs, slower search).
    * ``containment_threshold=0.8`` with ``title_containment_threshold=0.7``: the best
      library row on every measure of the synthetic benchmark (F1 0.968, ARI 0.967,
      headline-vs-lead recall 0.865; 0.75 everywhere: 0.960 / 0.960 / 0.706). 0.7
      everywhere lets short formula lines be "contained" in dozens of paragraphs and
      chains unrelated clusters (29-paragraph components, ARI 0.917); above 0.75
      without the title rule, seed 004's headline vs its lead (containment 0.75) is
      lost. ``min_shingles=5``: 10 costs run-on recall for no precision gain.

    **Speed** (``benchmarks/bench_reuse.py``, printed figures in
    ``benchmarks/results/bench_reuse.txt``; 2 shared cores, threshold 0.6): exact search
    by prefix filtering with an L2 bound. 100k real paragraphs: vectorise + search
    4.6 s against 102.6 s for TfidfVectorizer + brute-force cosine in row blocks (22x,
    identical pairs) and 33.2 s for MinHash LSH (recall 0.84); this function end to end
    (defaults, containment included) 6.3 s. 1M paragraphs (the three shared corpora +
    572k edited copies): 155 s end to end, peak RSS 6.6 GiB including the 2.0 GiB
    paragraphs table; brute force would take ~11 h (extrapolated from 1,000 rows).

    Examples
    --------
    >>> import pandas as pd
    >>> paras = pd.DataFrame({
    ...     "para_id": ["a:1", "a:2", "b:1"], "article_id": ["a", "a", "b"],
    ...     "outlet": ["sana", "sana", "rt"], "role": ["body", "body", "body"],
    ...     "text": ["أعلن الوفد الروسي أن الجولة المقبلة من محادثات أستانا ستعقد في تموز",
    ...              "قصفت الطائرات مواقع في ريف إدلب الجنوبي صباح اليوم",
    ...              "أعلن الوفد الروسي، أن الجولة المقبلة من محادثات أستانا ستعقد في تموز."]})
    >>> pairs = find_near_duplicates(paras, progress=False)
    >>> pairs[["para_a", "para_b", "outlet_a", "outlet_b", "cosine", "kind"]].to_numpy().tolist()
    [['a:1', 'b:1', 'sana', 'rt', 1.0, 'near']]
    >>> find_near_duplicates(paras, scope="within", progress=False).shape[0]
    0
    """
    options = dict(
        threshold=threshold, containment_threshold=containment_threshold, method=method,
        analyzer=analyzer, ngram_range=ngram_range, min_shingles=min_shingles,
        title_containment_threshold=title_containment_threshold, min_run=min_run,
        duplicates=duplicates, carry=carry, block_size=block_size,
    )  # fmt: skip
    wanted = dict(
        scope=scope, roles=roles, duplicate_records=duplicate_records, decision=decision,
        min_p_reuse=min_p_reuse,
    )  # fmt: skip
    if client is not None:
        from astana_lib.backends.dask import find_near_duplicates_distributed

        return find_near_duplicates_distributed(
            paragraphs, client=client, spill_dir=spill_dir, resume=resume, progress=progress,
            **options, **wanted,
        )  # fmt: skip
    return search_pairs(
        paragraphs, executor=LocalExecutor(progress=progress), max_memory=max_memory,
        progress=progress, **options, **wanted,
    )  # fmt: skip
