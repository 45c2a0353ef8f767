"""The estimator of the near-duplicate search: :class:`ParagraphMatcher`.

``fit`` learns the vocabulary, idf, rare-first feature order and shingle statistics of
one corpus (all global: what every block of the search shares); ``find_pairs`` runs the
block-pair search (:func:`astana_lib.reuse.search.search_candidates`) on an executor,
the title and run steps (:mod:`astana_lib.reuse.steps`), and expands representatives
back to copies (:mod:`astana_lib.reuse.expand`). How a pair is found, step by step:
:mod:`astana_lib.reuse.matcher`.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence

import numpy as np
import pandas as pd
import scipy.sparse as sp

from astana_lib._checks import check_choice, check_fraction
from astana_lib._memory import release_free_memory
from astana_lib.backends.executor import Executor, LocalExecutor
from astana_lib.reuse.blocks import BlockParams
from astana_lib.reuse.constants import (
    ANALYZERS,
    DEFAULT_CARRY,
    DEFAULT_CONTAINMENT_THRESHOLD,
    DEFAULT_MIN_RUN,
    DEFAULT_THRESHOLD,
    DEFAULT_TITLE_CONTAINMENT_THRESHOLD,
    DUPLICATES,
    SEARCH_METHODS,
    Analyzer,
    Duplicates,
    NothingToMatchError,
    SearchMethod,
    default_block_size,
)
from astana_lib.reuse.containment import keys_to_matrix
from astana_lib.reuse.cosine import rare_first, reorder_columns
from astana_lib.reuse.expand import expand_cross, expand_self, pairs_frame
from astana_lib.reuse.pairbudget import check_pair_budget, exact_pair_count, parse_memory
from astana_lib.reuse.prepare import PreparedSide, prepare_side
from astana_lib.reuse.search import search_candidates
from astana_lib.reuse.steps import run_step, title_step
from astana_lib.reuse.vectorize import TfidfFeatures

__all__ = ["ParagraphMatcher"]

logger = logging.getLogger("astana_lib.reuse.matcher")

# memory estimate before a large run (calibrated on the 1M-paragraph benchmark)
_CHARS_PER_TOKEN = 6.0
_BYTES_PER_TOKEN = 150.0


def _log_estimate(side: PreparedSide) -> None:
    """Log the size of the search before vectorising (a warning above ~2 GB)."""
    n_chars = int(sum(len(t) for t in side.uniq))
    est_gb = n_chars / _CHARS_PER_TOKEN * _BYTES_PER_TOKEN / 1e9
    log = logger.warning if est_gb > 2 else logger.info
    log(
        "vectorising %d distinct texts (%d rows, ~%.0fM words); estimated peak memory "
        "of the search ~%.1f GB",
        side.n_unique,
        int(side.frame.shape[0]),
        n_chars / _CHARS_PER_TOKEN / 1e6,
        est_gb,
    )


class ParagraphMatcher(TfidfFeatures):
    """Fit TF-IDF on one corpus, then find reused paragraphs in it or against another.

    scikit-learn conventions: ``__init__`` only stores the options, ``fit`` validates
    them and learns the state (attributes ending in ``_``).

    Parameters
    ----------
    analyzer : {"word", "char", "char_wb"}, default "word"
        TF-IDF features. Word n-grams make the exact prefix-filtering search fast.
    ngram_range : tuple of int, default (1, 2)
    threshold : float in (0, 1], default 0.6
        Minimum cosine for a ``"near"`` pair (why 0.6: :func:`find_near_duplicates`).
    containment_threshold : float in (0, 1] or None, default 0.8
        Minimum share of one paragraph's shingles found in the other for a
        ``"contained"`` pair; ``None`` switches the containment search off (containment
        values are still reported for near pairs).
    shingle_size : int, default 3
        Words per shingle.
    min_shingles : int, default 5
        A paragraph with fewer shingles (a line of fewer than 7 words) is never
        "contained" in another.
    min_run : int >= 2 or None, default 5
        Pairs sharing a run of ``min_run`` consecutive words (a word ``min_run``-gram)
        with word cosine >= 0.2 (:data:`RUN_MIN_COSINE`) are candidates too (``kind
        "run"`` when neither cosine nor containment found them); exact, through an
        inverted index of the word n-grams. ``None``: off.
    title_containment_threshold : float in (0, 1] or None, default 0.7
        Lower containment threshold for a paragraph with role ``title`` (when the
        paragraphs have a ``role`` column), applied to the title side only: a headline
        is a compressed rewrite of its lead (seed 004: containment 0.75, cosine 0.54).
        ``None``: titles use ``containment_threshold`` like any paragraph.
    method : {"auto", "prefix", "topn", "brute"}, default "auto"
        Cosine candidate generation (:mod:`astana_lib.reuse.allpairs`); all give identical
        results. ``auto``: ``prefix`` for word n-grams, ``topn`` for char n-grams.
    duplicates : {"all", "first"}, default "all"
        How exact-duplicate groups are expanded (see the module docstring). "first"
        links each copy to the first one only (``n - 1`` rows for ``n`` copies instead
        of ``n (n - 1) / 2``); :func:`astana_lib.reuse.pairbudget.duplicate_groups` lists each
        group once.
    max_memory : float, str or None, default None
        Budget for the pair rows (bytes, or ``"4GB"``). Before exact groups are expanded
        (at ``fit``) and before near pairs are expanded to copies, the rows are counted,
        their memory and time estimated and logged; above the budget a
        :class:`~astana_lib.reuse.pairbudget.PairBudgetError` says so. None: log only.
    require_arabic : bool, default True
        Skip rows whose text has no Arabic letter.
    carry : sequence of str, default ("article_id", "outlet", "date")
        Columns of the paragraphs table copied onto pairs as ``<col>_a``/``<col>_b``
        (``article_id`` → ``article_a``/``article_b``). Missing default columns become
        NA columns; a missing column named explicitly is an error.
    block_size : int or None
        Distinct texts per block of the block-pair search, on one machine and on Dask
        (None: :data:`~astana_lib.reuse.constants.DEFAULT_BLOCK_SIZE`, 50,000 for
        ``prefix``, 20,000 for ``topn``/``brute``).
    n_threads : int, default 2
        Threads for ``sparse_dot_topn``.
    progress : bool, default False
        tqdm bar over block pairs.

    Attributes
    ----------
    vectorizer_ : TfidfVectorizer
        Fitted vectoriser (vocabulary and idf of the fitted corpus, all rows counted).
    vocabulary_ : dict
    idf_ : ndarray
    feature_rank_ : ndarray
        Rare-first rank of each feature (the global order of the prefix search).
    shingle_df_ : ndarray
        Document frequency of each shingle bucket among distinct fitted texts.
    n_skipped_ : int
        Rows skipped at fit (empty or without Arabic letters).

    Examples
    --------
    >>> import pandas as pd
    >>> paras = pd.DataFrame({
    ...     "para_id": ["a:1", "b:1", "c:1"],
    ...     "text": ["أعلن الوفد الروسي أن الجولة المقبلة من محادثات أستانا ستعقد في تموز",
    ...              "أعلن الوفد الروسي ان الجولة المقبلة من محادثات استانا ستعقد في تموز",
    ...              "قصفت الطائرات مواقع في ريف إدلب الجنوبي صباح اليوم"]})
    >>> m = ParagraphMatcher(threshold=0.95).fit(paras)
    >>> m.find_pairs()[["para_a", "para_b", "cosine", "kind"]].to_numpy().tolist()
    [['a:1', 'b:1', 1.0, 'exact']]
    >>> query = pd.DataFrame({"para_id": ["q:1"],
    ...     "text": ["قصفت الطائرات مواقع في ريف ادلب الجنوبي"]})
    >>> found = m.find_pairs(query)      # q:1 is c:1 without its last two words
    >>> found[["para_a", "para_b", "containment_ba", "kind"]].to_numpy().tolist()
    [['c:1', 'q:1', 1.0, 'contained']]
    """

    def __init__(
        self,
        *,
        analyzer: Analyzer = "word",
        ngram_range: tuple[int, int] = (1, 2),
        threshold: float = DEFAULT_THRESHOLD,
        containment_threshold: float | None = DEFAULT_CONTAINMENT_THRESHOLD,
        shingle_size: int = 3,
        min_shingles: int = 5,
        title_containment_threshold: float | None = DEFAULT_TITLE_CONTAINMENT_THRESHOLD,
        min_run: int | None = DEFAULT_MIN_RUN,
        method: SearchMethod = "auto",
        duplicates: Duplicates = "all",
        max_memory: float | str | None = None,
        require_arabic: bool = True,
        carry: Sequence[str] = DEFAULT_CARRY,
        block_size: int | None = None,
        n_threads: int = 2,
        progress: bool = False,
    ) -> None:
        self.analyzer = analyzer
        self.ngram_range = ngram_range
        self.threshold = threshold
        self.containment_threshold = containment_threshold
        self.shingle_size = shingle_size
        self.min_shingles = min_shingles
        self.title_containment_threshold = title_containment_threshold
        self.min_run = min_run
        self.method = method
        self.duplicates = duplicates
        self.max_memory = max_memory
        self.require_arabic = require_arabic
        self.carry = carry
        self.block_size = block_size
        self.n_threads = n_threads
        self.progress = progress

    # ------------------------------------------------------------------ validation
    def _validate(self) -> None:
        check_choice("analyzer", self.analyzer, ANALYZERS)
        check_choice("method", self.method, SEARCH_METHODS)
        check_choice("duplicates", self.duplicates, DUPLICATES)
        parse_memory(self.max_memory)
        check_fraction("threshold", self.threshold)
        if self.containment_threshold is not None:
            check_fraction("containment_threshold", self.containment_threshold)
        if self.title_containment_threshold is not None:
            check_fraction("title_containment_threshold", self.title_containment_threshold)
        lo, hi = (int(v) for v in self.ngram_range)
        if not 1 <= lo <= hi:
            raise ValueError(
                f"ngram_range must be (min, max) with 1 <= min <= max, got {self.ngram_range}"
            )
        if int(self.shingle_size) < 1:
            raise ValueError(f"shingle_size must be >= 1, got {self.shingle_size}")
        if int(self.min_shingles) < 1:
            raise ValueError(f"min_shingles must be >= 1, got {self.min_shingles}")
        if self.min_run is not None and int(self.min_run) < 2:
            raise ValueError(f"min_run must be >= 2 words or None, got {self.min_run}")
        if self.block_size is not None and int(self.block_size) < 1:
            raise ValueError(f"block_size must be >= 1, got {self.block_size}")
        if isinstance(self.carry, str):
            raise TypeError("carry must be a sequence of column names, e.g. ('outlet', 'date')")

    def _method(self) -> str:
        if self.method != "auto":
            return self.method
        return "prefix" if self.analyzer == "word" else "topn"

    def _block_size(self) -> int:
        if self.block_size is not None:
            return int(self.block_size)
        return default_block_size(self._method())

    # ------------------------------------------------------------------ fitting
    def fit(self, paragraphs, y=None) -> ParagraphMatcher:
        """Learn vocabulary, idf and shingle statistics from ``paragraphs``.

        Parameters
        ----------
        paragraphs : DataFrame or sequence of str
            A paragraphs table (``para_id`` and ``norm`` or ``text``; other columns
            are kept for ``carry``) or plain texts (keys are their positions/index).

        Returns
        -------
        self

        Examples
        --------
        >>> m = ParagraphMatcher().fit(["محادثات استانا حول سوريا", "الجولة الخامسة"])
        >>> sorted(m.vocabulary_)[:3]
        ['استانا', 'استانا حول', 'الجوله']
        """
        self._validate()
        side, n_skipped = prepare_side(
            paragraphs,
            require_arabic=self.require_arabic,
            name="paragraphs",
            keep=(*self.carry, "role"),
        )
        if side.n_unique == 0:
            raise NothingToMatchError(
                "no paragraph to match: every row is empty or has no Arabic letter "
                f"({n_skipped} skipped)"
            )
        self._check_carry(side.frame, explicit=self.carry is not DEFAULT_CARRY)
        # exact groups are known before the search: fail early when they cannot fit
        check_pair_budget(
            exact_pair_count(side.sizes, self.duplicates),
            max_memory=parse_memory(self.max_memory),
            stage="exact-duplicate groups",
        )
        _log_estimate(side)
        counts = self._fit_tokens(side)
        df_uniq = np.bincount(counts.indices, minlength=counts.shape[1])
        present = sp.csr_matrix(
            (np.ones(counts.nnz), counts.indices, counts.indptr), shape=counts.shape
        )
        df_rows = np.asarray(present.T @ side.sizes.astype(np.float64)).ravel()  # copies counted
        del present
        n_docs = int(side.sizes.sum())
        self.idf_ = np.log((1.0 + n_docs) / (1.0 + df_rows)) + 1.0
        self.feature_rank_ = rare_first(df_uniq)
        self.n_skipped_ = n_skipped
        self.n_features_in_ = counts.shape[1]
        self._vocab = None
        self._vectorizer = None
        self._side = side
        X = self._tfidf(counts)
        del counts
        self._X = reorder_columns(X, self.feature_rank_)
        return self

    def find_pairs(self, paragraphs_b=None, *, executor: Executor | None = None) -> pd.DataFrame:
        """Reused pairs within the fitted corpus, or between it and ``paragraphs_b``.

        Parameters
        ----------
        paragraphs_b : DataFrame or sequence of str, optional
            Query corpus, vectorised with the fitted vocabulary and idf (words unseen at
            fit time are ignored by the cosine; containment uses all words). When
            given, ``para_a`` is always from the fitted corpus and ``para_b`` from
            ``paragraphs_b`` (no ``para_a < para_b`` ordering); pairs inside
            ``paragraphs_b`` are not searched.
        executor : Executor, optional
            Where the block pairs of the search run (:mod:`astana_lib.backends.executor`):
            None runs them here (:class:`~astana_lib.backends.executor.LocalExecutor`);
            a :class:`~astana_lib.backends.dask.DaskExecutor` runs the same tasks on a
            Dask cluster. The pairs are the same whatever the executor.

        Returns
        -------
        DataFrame
            :data:`~astana_lib.schema.PAIRS` columns (carried metadata included).

        Examples
        --------
        >>> m = ParagraphMatcher().fit(["محادثات استانا حول سوريا في كازاخستان"] * 3)
        >>> m.find_pairs()[["para_a", "para_b", "kind"]].to_numpy().tolist()
        [['0', '1', 'exact'], ['0', '2', 'exact'], ['1', '2', 'exact']]
        """
        self._check_fitted()
        executor = LocalExecutor(progress=self.progress) if executor is None else executor
        a = self._side
        if paragraphs_b is None:
            res, run_only = self._self_candidates(executor)
            rows = expand_self(a, res, run_only=run_only, **self._expand_options())
            return pairs_frame(a, a, rows, carry=self.carry, order_keys=True)
        b, _ = prepare_side(
            paragraphs_b,
            require_arabic=self.require_arabic,
            name="paragraphs_b",
            keep=(*self.carry, "role"),
        )
        if b.n_unique == 0:
            none = np.empty(0, dtype=np.int64)
            nan = np.empty(0, dtype=np.float64)
            rows = (none, none, nan, nan, nan, np.empty(0, dtype=object))
            return pairs_frame(a, b, rows, carry=self.carry, order_keys=False)
        self._check_carry(b.frame, explicit=self.carry is not DEFAULT_CARRY)
        counts_b, doc_b, keys_b, nb, runs_b = self._vectorise_new(list(b.uniq))
        Xb = reorder_columns(self._tfidf(counts_b), self.feature_rank_)
        doc_a, keys_a, _ = self._shingles
        universe = np.union1d(self.shingle_keys_, keys_b)
        Ba = keys_to_matrix(doc_a, keys_a, a.n_unique, universe)
        Bb = keys_to_matrix(doc_b, keys_b, b.n_unique, universe)
        df = np.bincount(Ba.indices, minlength=len(universe)) + np.bincount(
            Bb.indices, minlength=len(universe)
        )
        res = self._candidates(self._X, Ba, Xb, Bb, nb, df, executor, b)
        res = title_step(
            res, a.title_uniques(), b.title_uniques(), self._X, Xb, Ba, Bb, df,
            **self._title_options(),
        )  # fmt: skip
        res, run_only = run_step(
            res, self._runs, runs_b, a.n_unique, b.n_unique, self._X, Xb, Ba, Bb
        )
        rows = expand_cross(a, b, res, run_only=run_only, **self._expand_options())
        return pairs_frame(a, b, rows, carry=self.carry, order_keys=False)

    def _self_candidates(self, executor: Executor):
        """Representative pairs of the fitted corpus: ``(res, run_only)`` before expansion."""
        a = self._side
        doc_a, keys_a, cols_a = self._shingles
        Ba = keys_to_matrix(doc_a, keys_a, a.n_unique, self.shingle_keys_, columns=cols_a)
        res = self._candidates(self._X, Ba, None, None, None, self.shingle_df_, executor)
        release_free_memory()  # the block search's freed arrays: not under the next peaks
        res = title_step(
            res, a.title_uniques(), None, self._X, None, Ba, None, self.shingle_df_,
            **self._title_options(),
        )  # fmt: skip
        res = run_step(res, self._runs, None, a.n_unique, None, self._X, None, Ba, None)
        release_free_memory()
        return res

    def _candidates(self, Xa, Ba, Xb, Bb, nb, shingle_df, executor, b=None):
        """The block-pair search of representatives (:func:`search_candidates`)."""
        ct = self.containment_threshold
        params = BlockParams(
            threshold=float(self.threshold),
            containment_threshold=None if ct is None else float(ct),
            min_shingles=int(self.min_shingles),
            method=self._method(),
            n_threads=int(self.n_threads),
        )

        def run_key() -> tuple:
            sides = [self._side] if b is None else [self._side, b]
            texts = [pd.Series(s.uniq, dtype=object) for s in sides]
            sizes = [pd.Series(np.asarray(s.sizes)) for s in sides]
            shape = (self.analyzer, tuple(int(v) for v in self.ngram_range))
            return (*texts, *sizes, *shape, int(self.shingle_size), Xa.shape[0])

        return search_candidates(
            Xa, Ba, self._n_shingles, Xb, Bb, nb, shingle_df,
            params=params, block_size=self._block_size(), executor=executor, run_key=run_key,
        )  # fmt: skip

    def _title_options(self) -> dict:
        return {
            "title_threshold": self.title_containment_threshold,
            "containment_threshold": self.containment_threshold,
            "min_shingles": int(self.min_shingles),
        }

    def _expand_options(self) -> dict:
        return {
            "threshold": float(self.threshold),
            "duplicates": self.duplicates,
            "max_memory": parse_memory(self.max_memory),
        }
