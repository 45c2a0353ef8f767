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
5. Shared runs (:meth:`ParagraphMatcher._run_step`): every pair sharing ``min_run``
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

Block structure (for Dask, issue 5)
-----------------------------------
The search runs over pairs of row blocks (:func:`astana_lib.reuse.allpairs.search_block_pair`,
:func:`astana_lib.reuse.containment.containment_block_pair`) of the representative rows; the
union over block pairs ``i <= j`` equals the single-block result exactly. What must be
global: the vocabulary and idf (``vectorizer_``), the rare-first column order
(``feature_rank_``) and the shingle document frequencies (``shingle_df_``).
"""

from __future__ import annotations

import logging
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any, Literal

import numpy as np
import pandas as pd
import scipy.sparse as sp

from astana_lib._checks import check_choice, check_fraction
from astana_lib._progress import progress_enabled
from astana_lib.reuse.allpairs import (
    SCORE_TOLERANCE,
    _PrefixCache,
    block_spans,
    rare_first,
    reorder_columns,
    rowwise_dot,
    search_block_pair,
)
from astana_lib.reuse.containment import (
    TOKEN_PATTERN,
    containment_block_pair,
    containment_ratio,
    keys_to_matrix,
    prepare_shingles,
    shared_counts,
)
from astana_lib.reuse.pairbudget import check_pair_budget, exact_pair_count, parse_memory
from astana_lib.schema import require_columns
from astana_lib.text.ngrams import NgramIndex, shingle_keys, tokenize
from astana_lib.text.normalize import ARABIC_LETTERS_RE, normalize_arabic

__all__ = [
    "DEFAULT_CARRY",
    "DEFAULT_CONTAINMENT_THRESHOLD",
    "DEFAULT_MIN_RUN",
    "DEFAULT_ROLES",
    "DEFAULT_THRESHOLD",
    "DEFAULT_TITLE_CONTAINMENT_THRESHOLD",
    "ParagraphMatcher",
    "find_near_duplicates",
]

logger = logging.getLogger(__name__)

Scope = Literal["all", "within", "across", "outlets"]
SearchMethod = Literal["auto", "prefix", "topn", "brute"]
Duplicates = Literal["all", "first"]
Analyzer = Literal["word", "char", "char_wb"]

SCOPES = ("all", "within", "across", "outlets")
SEARCH_METHODS = ("auto", "prefix", "topn", "brute")
DUPLICATES = ("all", "first")
ANALYZERS = ("word", "char", "char_wb")
KINDS = ("exact", "near", "contained", "run")

#: Default cosine threshold for a "near" pair (see :func:`find_near_duplicates`).
DEFAULT_THRESHOLD = 0.6
#: Default share of one paragraph's shingles found in the other ("contained").
DEFAULT_CONTAINMENT_THRESHOLD = 0.8
#: Default length (words) of a shared run that makes a pair a candidate (``kind "run"``).
DEFAULT_MIN_RUN = 5
#: A shared-run candidate also needs this word cosine (drops shared formula lines between
#: otherwise different paragraphs; 1 of 452 labelled reuse pairs is below it).
RUN_MIN_COSINE = 0.2
#: Default containment threshold for the title side of a pair (headline vs its lead).
DEFAULT_TITLE_CONTAINMENT_THRESHOLD = 0.7
#: Paragraph roles searched by default: everything but page furniture.
DEFAULT_ROLES = ("title", "body", "repeat")
#: Metadata columns carried onto pairs by default (``article_id`` becomes ``article_a/b``).
DEFAULT_CARRY = ("article_id", "outlet", "date")
#: Log a warning when exact-duplicate expansion produces more rows than this.
LARGE_EXPANSION = 5_000_000

_WORD_RE = ARABIC_LETTERS_RE  # a usable row has at least one Arabic letter
# memory estimate before a large run (calibrated on the 1M-paragraph benchmark)
_CHARS_PER_TOKEN = 6.0
_BYTES_PER_TOKEN = 150.0


def _carry_name(col: str, side: str) -> str:
    return f"article_{side}" if col == "article_id" else f"{col}_{side}"


class _Side:
    """One prepared corpus side: usable rows, their norms, duplicate groups."""

    def __init__(self, frame: pd.DataFrame, keys: np.ndarray, norms: np.ndarray):
        self.frame = frame  # usable rows only, original columns, RangeIndex
        self.keys = keys
        self.norms = norms
        uniq, first, inverse, counts = np.unique(
            norms, return_index=True, return_inverse=True, return_counts=True
        )
        # representatives in order of first appearance (deterministic, input-ordered)
        order = np.argsort(first, kind="stable")
        remap = np.empty(len(order), dtype=np.int64)
        remap[order] = np.arange(len(order))
        self.uniq = uniq[order]
        self.inverse = remap[inverse]
        self.sizes = counts[order]
        self.members = np.argsort(self.inverse, kind="stable")  # rows grouped by unique id
        self.starts = np.concatenate(([0], np.cumsum(self.sizes)[:-1]))

    @property
    def n_unique(self) -> int:
        return len(self.uniq)

    def title_uniques(self) -> np.ndarray:
        """Representatives of which at least one copy has role 'title'."""
        if "role" not in self.frame.columns:
            return np.empty(0, dtype=np.int64)
        is_title = (self.frame["role"] == "title").fillna(False).to_numpy(dtype=bool)
        return np.unique(self.inverse[is_title]).astype(np.int64)


def _prepare(
    data, *, require_arabic: bool, name: str, keep: Sequence[str] = ()
) -> tuple[_Side, int]:
    """Turn a paragraphs DataFrame or a sequence of texts into a :class:`_Side`.

    The side's ``frame`` holds ``para_id`` and the ``keep`` columns only (no copy of
    the texts: a 1M-paragraph corpus would otherwise be held twice).
    """
    if isinstance(data, pd.DataFrame):
        if "norm" not in data.columns:
            require_columns(data, ["para_id", "text"], table=name)
        else:
            require_columns(data, ["para_id"], table=name)
        cols = ["para_id"] + [c for c in keep if c in data.columns and c != "para_id"]
        frame = data[cols].reset_index(drop=True)
        src = data.reset_index(drop=True) if "norm" not in data.columns else None
        if frame["para_id"].isna().any():
            raise ValueError(f"{name}: para_id has missing values")
        dup = frame["para_id"].duplicated()
        if dup.any():
            raise ValueError(
                f"{name}: para_id must be unique; repeated: {frame['para_id'][dup].head(5).tolist()}"
            )
        if src is None:
            norms = data["norm"].reset_index(drop=True)
            if "text" in data.columns:
                text = data["text"].reset_index(drop=True)
                fill = norms.isna() & text.notna()
                if fill.any():
                    norms = norms.copy()
                    norms[fill] = [normalize_arabic(str(t)) for t in text[fill]]
        else:
            norms = src["text"].map(lambda t: normalize_arabic(t) if isinstance(t, str) else t)
        keys = frame["para_id"].astype(str).to_numpy(dtype=object)
    else:
        if isinstance(data, str):
            raise TypeError(f"{name} must be a DataFrame or a sequence of texts, not one string")
        series = pd.Series(list(data) if not isinstance(data, pd.Series) else data)
        keys = series.index.astype(str).to_numpy(dtype=object)
        frame = pd.DataFrame({"para_id": keys, "text": series.to_numpy()})
        norms = frame["text"].map(lambda t: normalize_arabic(t) if isinstance(t, str) else t)
    norms = norms.to_numpy(dtype=object)
    ok = np.array(
        [
            isinstance(t, str)
            and t.strip() != ""
            and (bool(_WORD_RE.search(t)) if require_arabic else any(ch.isalnum() for ch in t))
            for t in norms
        ],
        dtype=bool,
    )
    n_skipped = int((~ok).sum())
    if n_skipped:
        logger.info(
            "%s: %d of %d rows skipped (empty, or no %s)",
            name,
            n_skipped,
            len(ok),
            "Arabic letter" if require_arabic else "word",
        )
    frame = frame.loc[ok].reset_index(drop=True)
    side = _Side(frame, keys[ok], np.asarray([str(t) for t in norms[ok]], dtype=object))
    return side, n_skipped


class ParagraphMatcher:
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
        Rows per block (None: 50,000 for ``prefix``, 20,000 for ``topn``/``brute``).
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
        return 50_000 if self._method() == "prefix" else 20_000

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
        side, n_skipped = _prepare(
            paragraphs,
            require_arabic=self.require_arabic,
            name="paragraphs",
            keep=(*self.carry, "role"),
        )
        if side.n_unique == 0:
            raise ValueError(
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
        self.token_vocabulary_: dict[str, int] = {}
        ids, ptr = tokenize(
            list(side.uniq),
            self.token_vocabulary_,
            grow=True,
            pattern=TOKEN_PATTERN,
            progress=self.progress and side.n_unique > 50_000,
        )
        doc, keys, n_sh = shingle_keys(ids, ptr, int(self.shingle_size))
        self._n_shingles = n_sh
        self.shingle_keys_, shingle_cols, self.shingle_df_ = np.unique(
            keys, return_inverse=True, return_counts=True
        )
        self._shingles = (doc, keys, shingle_cols)
        self._runs = (
            shingle_keys(ids, ptr, int(self.min_run))[:2] if self.min_run is not None else None
        )
        self._cv = None
        if self.analyzer == "word":
            self._ngrams = NgramIndex(tuple(int(v) for v in self.ngram_range))
            counts = self._ngrams.fit_counts(ids, ptr, len(self.token_vocabulary_))
        else:
            from sklearn.feature_extraction.text import CountVectorizer

            self._cv = CountVectorizer(**self._sk_params())
            counts = self._cv.fit_transform(list(side.uniq)).tocsr()
        if counts.shape[1] == 0:
            raise ValueError("no features: the texts have no words")
        df_uniq = np.bincount(counts.indices, minlength=counts.shape[1])
        present = sp.csr_matrix(
            (np.ones(counts.nnz), counts.indices, counts.indptr), shape=counts.shape
        )
        df_rows = np.asarray(present.T @ side.sizes.astype(np.float64)).ravel()  # copies counted
        n_docs = int(side.sizes.sum())
        self.idf_ = np.log((1.0 + n_docs) / (1.0 + df_rows)) + 1.0
        self.feature_rank_ = rare_first(df_uniq)
        self.n_skipped_ = n_skipped
        self.n_features_in_ = counts.shape[1]
        self._vocab = None
        self._vectorizer = None
        self._side = side
        del ids, present
        X = self._tfidf(counts)
        del counts
        self._X = reorder_columns(X, self.feature_rank_)
        return self

    def _sk_params(self) -> dict:
        return dict(
            analyzer=self.analyzer,
            ngram_range=tuple(int(v) for v in self.ngram_range),
            token_pattern=TOKEN_PATTERN if self.analyzer == "word" else None,
            lowercase=False,
            dtype=np.float64,
        )

    @property
    def vocabulary_(self) -> dict[str, int]:
        """Feature string → column of :meth:`transform` (built on first access)."""
        self._check_fitted()
        if self._vocab is None:
            if self._cv is not None:
                self._vocab = dict(self._cv.vocabulary_)
            else:
                names = self._ngrams.feature_names(list(self.token_vocabulary_))
                self._vocab = {name: i for i, name in enumerate(names)}
        return self._vocab

    @property
    def vectorizer_(self):
        """A fitted scikit-learn ``TfidfVectorizer`` equivalent to :meth:`transform`.

        Same vocabulary, idf and settings (``sublinear_tf=True``, l2 norm), built on
        first access; use it to vectorise text outside the library.
        """
        self._check_fitted()
        if self._vectorizer is None:
            from sklearn.feature_extraction.text import TfidfVectorizer

            tv = TfidfVectorizer(
                **self._sk_params(), sublinear_tf=True, norm="l2", vocabulary=self.vocabulary_
            )
            tv.idf_ = self.idf_
            self._vectorizer = tv
        return self._vectorizer

    def feature_names(self, columns) -> list[str]:
        """Feature strings of the given :meth:`transform` columns.

        Examples
        --------
        >>> m = ParagraphMatcher().fit(["محادثات استانا حول سوريا", "الجولة الخامسة"])
        >>> m.feature_names([m.vocabulary_["استانا حول"]])
        ['استانا حول']
        """
        self._check_fitted()
        if self._cv is not None:
            names = self._cv.get_feature_names_out()
            return [str(names[int(c)]) for c in columns]
        return self._ngrams.feature_names(list(self.token_vocabulary_), columns)

    def _tfidf(self, counts: sp.csr_matrix) -> sp.csr_matrix:
        """Counts → TF-IDF rows (vocabulary order), exactly as TfidfVectorizer does."""
        from sklearn.feature_extraction.text import TfidfTransformer

        tt = TfidfTransformer(norm="l2", sublinear_tf=True)
        tt.idf_ = self.idf_
        tt.n_features_in_ = counts.shape[1]
        return tt.transform(counts).tocsr()

    def _vectorise_new(self, norms: list[str]):
        """Counts and shingle keys of texts outside the fitted corpus."""
        tokens = dict(self.token_vocabulary_)  # unseen words get ids >= the fitted ones
        ids, ptr = tokenize(norms, tokens, grow=True, pattern=TOKEN_PATTERN)
        self._runs_b = (
            shingle_keys(ids, ptr, int(self.min_run))[:2] if self.min_run is not None else None
        )
        if self._cv is not None:
            counts = self._cv.transform(norms).tocsr()
        else:
            counts = self._ngrams.counts(ids, ptr)
        doc, keys, n_sh = shingle_keys(ids, ptr, int(self.shingle_size))
        return counts, doc, keys, n_sh

    def _check_carry(self, frame: pd.DataFrame, *, explicit: bool) -> None:
        if explicit:
            missing = [c for c in self.carry if c not in frame.columns]
            if missing:
                raise ValueError(
                    f"carry column(s) {missing} not in paragraphs; it has {list(frame.columns)}"
                )

    def _check_fitted(self) -> None:
        if "idf_" not in self.__dict__:
            raise RuntimeError(
                "this ParagraphMatcher is not fitted yet: call fit(paragraphs) first"
            )

    # ------------------------------------------------------------------ transform
    def transform(self, paragraphs) -> sp.csr_matrix:
        """TF-IDF rows (vocabulary column order) of ``paragraphs``, one per input row.

        Rows are vectorised from ``norm`` (computed from ``text`` when absent); skipped
        rows (empty, no Arabic) are all-zero rows. Identical to
        ``self.vectorizer_.transform(norms)``.

        Examples
        --------
        >>> m = ParagraphMatcher().fit(["محادثات استانا حول سوريا", "الجولة الخامسة"])
        >>> X = m.transform(["محادثات أستانا", ""])
        >>> X.shape[0], round(float(X[0].multiply(X[0]).sum()), 6), X[1].nnz
        (2, 1.0, 0)
        """
        self._check_fitted()
        if isinstance(paragraphs, pd.DataFrame):
            if "norm" in paragraphs.columns:
                norms = paragraphs["norm"]
            else:
                require_columns(paragraphs, ["text"], table="paragraphs")
                norms = paragraphs["text"].map(
                    lambda t: normalize_arabic(t) if isinstance(t, str) else t
                )
        else:
            norms = pd.Series(
                [normalize_arabic(t) if isinstance(t, str) else t for t in paragraphs]
            )
        texts = [
            t if isinstance(t, str) and (not self.require_arabic or _WORD_RE.search(t)) else ""
            for t in norms
        ]
        counts = self._vectorise_new(texts)[0]
        return self._tfidf(counts)

    # ------------------------------------------------------------------ search
    def find_pairs(self, paragraphs_b=None) -> pd.DataFrame:
        """Reused pairs within the fitted corpus, or between it and ``paragraphs_b``.

        Parameters
        ----------
        paragraphs_b : DataFrame or sequence of str, optional
            Query corpus, vectorised with the fitted vocabulary and idf (words unseen at
            fit time are ignored by the cosine; containment uses all words). When
            given, ``para_a`` is always from the fitted corpus and ``para_b`` from
            ``paragraphs_b`` (no ``para_a < para_b`` ordering); pairs inside
            ``paragraphs_b`` are not searched.

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
        a = self._side
        doc_a, keys_a, cols_a = self._shingles
        if paragraphs_b is None:
            universe = self.shingle_keys_
            Ba = keys_to_matrix(doc_a, keys_a, a.n_unique, universe, columns=cols_a)
            res = self._search(self._X, Ba, self._n_shingles, None, None, None, self.shingle_df_)
            res = self._title_step(res, a, a, self._X, None, Ba, None, self.shingle_df_)
            res = self._run_step(res, a.n_unique, None, self._X, None, Ba, None)
            rows_a, rows_b, cos, cab, cba, kind = self._expand_self(a, *res)
            return self._pairs_frame(a, a, rows_a, rows_b, cos, cab, cba, kind, order_keys=True)
        b, _ = _prepare(
            paragraphs_b,
            require_arabic=self.require_arabic,
            name="paragraphs_b",
            keep=(*self.carry, "role"),
        )
        if b.n_unique == 0:
            none = np.empty(0, dtype=np.int64)
            nan = np.empty(0, dtype=np.float64)
            return self._pairs_frame(
                a, b, none, none, nan, nan, nan, np.empty(0, dtype=object), order_keys=False
            )
        self._check_carry(b.frame, explicit=self.carry is not DEFAULT_CARRY)
        counts_b, doc_b, keys_b, nb = self._vectorise_new(list(b.uniq))
        Xb = reorder_columns(self._tfidf(counts_b), self.feature_rank_)
        universe = np.union1d(self.shingle_keys_, keys_b)
        Ba = keys_to_matrix(doc_a, keys_a, a.n_unique, universe)
        Bb = keys_to_matrix(doc_b, keys_b, b.n_unique, universe)
        df = np.bincount(Ba.indices, minlength=len(universe)) + np.bincount(
            Bb.indices, minlength=len(universe)
        )
        res = self._search(self._X, Ba, self._n_shingles, Xb, Bb, nb, df)
        res = self._title_step(res, a, b, self._X, Xb, Ba, Bb, df)
        res = self._run_step(res, a.n_unique, b.n_unique, self._X, Xb, Ba, Bb)
        rows_a, rows_b, cos, cab, cba, kind = self._expand_cross(a, b, *res)
        return self._pairs_frame(a, b, rows_a, rows_b, cos, cab, cba, kind, order_keys=False)

    def _search(self, Xa, Ba, na, Xb, Bb, nb, shingle_df):
        """Representative-level search: (u, v, cosine, shared, n_u, n_v, same_norm)."""
        from tqdm.auto import tqdm

        same = Xb is None
        t = float(self.threshold)
        method = self._method()
        bs = self._block_size()
        if same:
            Xb, Bb_raw, nb = Xa, Ba, na
        else:
            Bb_raw = Bb
        Pa = prepare_shingles(Ba, shingle_df)
        Pb = Pa if same else prepare_shingles(Bb_raw, shingle_df)
        spans_a = block_spans(Xa.shape[0], bs)
        spans_b = spans_a if same else block_spans(Xb.shape[0], bs)
        jobs = [
            (sa, sb)
            for ia, sa in enumerate(spans_a)
            for ib, sb in enumerate(spans_b)
            if not same or ib >= ia
        ]
        est = (Xa.nnz + (0 if same else Xb.nnz)) * 12 * 4 + (
            Pa.nnz + (0 if same else Pb.nnz)
        ) * 8 * 4
        if est > 500e6:
            logger.warning(
                "large search: %d x %d texts, estimated working memory ~%.1f GB before "
                "candidates (more at low thresholds)",
                Xa.shape[0],
                Xb.shape[0],
                est / 1e9,
            )
        pre_a = _PrefixCache(Xa, t, method == "prefix")
        pre_b = pre_a if same else _PrefixCache(Xb, t, method == "prefix")
        cos_r, cos_c, cos_s, con_r, con_c = [], [], [], [], []
        bar = tqdm(
            jobs,
            desc="near-duplicate blocks",
            disable=not progress_enabled(self.progress) or len(jobs) < 2,
        )
        for (a0, a1), (b0, b1) in bar:
            diag = same and a0 == b0
            r, c, s = search_block_pair(
                Xa[a0:a1],
                Xb[b0:b1],
                offset_i=a0,
                offset_j=b0,
                threshold=t,
                same_block=diag,
                method=method,
                n_threads=int(self.n_threads),
                prefix_i=pre_a.get(a0, a1),
                prefix_j=pre_b.get(b0, b1),
            )
            cos_r.append(r)
            cos_c.append(c)
            cos_s.append(s)
            if self.containment_threshold is not None:
                r, c, _ = containment_block_pair(
                    Pa[a0:a1],
                    Pb[b0:b1],
                    n_i=na[a0:a1],
                    n_j=nb[b0:b1],
                    offset_i=a0,
                    offset_j=b0,
                    threshold=float(self.containment_threshold),
                    same_block=diag,
                    min_shingles=int(self.min_shingles),
                )
                con_r.append(r)
                con_c.append(c)
        bar.close()
        cr = np.concatenate(cos_r) if cos_r else np.empty(0, np.int64)
        cc = np.concatenate(cos_c) if cos_c else np.empty(0, np.int64)
        cs = np.concatenate(cos_s) if cos_s else np.empty(0)
        kr = np.concatenate(con_r) if con_r else np.empty(0, np.int64)
        kc = np.concatenate(con_c) if con_c else np.empty(0, np.int64)
        nbig = max(Xb.shape[0], 1)
        cos_key = cr * nbig + cc
        con_key = kr * nbig + kc
        extra = np.setdiff1d(con_key, cos_key)
        er, ec = extra // nbig, extra % nbig
        es = rowwise_dot(Xa, er, Xb, ec)
        u = np.concatenate((cr, er))
        v = np.concatenate((cc, ec))
        cosine = np.concatenate((cs, es))
        order = np.lexsort((v, u))
        u, v, cosine = u[order], v[order], cosine[order]
        shared = shared_counts(Pa, u, Pb, v)
        return u, v, cosine, shared, na, nb

    def _title_step(self, res, a: _Side, b: _Side, Xa, Xb, Ba, Bb, shingle_df):
        """Add headline pairs: a 'title' paragraph with >= title_containment_threshold
        of its shingles inside another paragraph (run after :meth:`_search`, so any
        search backend gets it)."""
        tt = self.title_containment_threshold
        ct = self.containment_threshold
        if tt is None or (ct is not None and float(tt) >= float(ct)):
            return res
        u, v, cosine, shared, na, nb = res
        same = Xb is None
        Pa = prepare_shingles(Ba, shingle_df)
        Pb = Pa if same else prepare_shingles(Bb, shingle_df)
        found_u, found_v = [], []
        # (titles of side 1, prepared rows of side 1, counts, other side, its counts, flip?)
        plans = [(a.title_uniques(), Pa, na, Pb, nb, False)]
        if not same:
            plans.append((b.title_uniques(), Pb, nb, Pa, na, True))
        for titles, P1, n1, P2, n2, flip in plans:
            if len(titles) == 0:
                continue
            r, c, k = containment_block_pair(
                P1[titles],
                P2,
                n_i=n1[titles],
                n_j=n2,
                offset_i=0,
                offset_j=0,
                threshold=float(tt),
                same_block=False,
                min_shingles=int(self.min_shingles),
            )
            nt = n1[titles][r]
            ok = (nt >= int(self.min_shingles)) & (k >= float(tt) * nt - SCORE_TOLERANCE * nt)
            t_rows, others = titles[r[ok]], c[ok]
            if same:
                m = t_rows != others
                t_rows, others = t_rows[m], others[m]
                found_u.append(np.minimum(t_rows, others))
                found_v.append(np.maximum(t_rows, others))
            elif flip:
                found_u.append(others)
                found_v.append(t_rows)
            else:
                found_u.append(t_rows)
                found_v.append(others)
        if not found_u:
            return res
        nbig = max((Xa if same else Xb).shape[0], 1)
        new_key = np.unique(np.concatenate(found_u) * nbig + np.concatenate(found_v))
        new_key = np.setdiff1d(new_key, u * nbig + v)
        if len(new_key) == 0:
            return res
        nu, nv = new_key // nbig, new_key % nbig
        ncos = rowwise_dot(Xa, nu, Xa if same else Xb, nv)
        nshared = shared_counts(Pa, nu, Pb, nv)
        u = np.concatenate((u, nu))
        v = np.concatenate((v, nv))
        cosine = np.concatenate((cosine, ncos))
        shared = np.concatenate((shared, nshared))
        order = np.lexsort((v, u))
        return u[order], v[order], cosine[order], shared[order], na, nb

    def _run_step(self, res, n_a: int, n_b: int | None, Xa, Xb, Ba, Bb):
        """Add pairs that share a run of ``min_run`` words (a word ``min_run``-gram), have
        word cosine >= :data:`RUN_MIN_COSINE` and were found by neither cosine nor
        containment (run after :meth:`_search`, so any search backend gets it). Exact:
        every such pair is found."""
        self._run_only = np.empty(0, dtype=np.int64)
        if self.min_run is None:
            return res
        u, v, cosine, shared, na, nb = res
        same = n_b is None
        doc_a, keys_a = self._runs
        doc_b, keys_b = (doc_a, keys_a) if same else self._runs_b
        if same:  # keys are distinct per text: a key in two texts can be shared
            universe, df = np.unique(keys_a, return_counts=True)
            shareable = universe[df >= 2]
        else:
            shareable = np.intersect1d(keys_a, keys_b)

        def matrix(doc, keys, n):
            m = np.isin(keys, shareable)
            cols = np.searchsorted(shareable, keys[m])
            return sp.csr_matrix(
                (np.ones(int(m.sum()), dtype=np.float32), (doc[m], cols)), shape=(n, len(shareable))
            )

        Ra = matrix(doc_a, keys_a, n_a)
        Rb = Ra if same else matrix(doc_b, keys_b, n_b)
        nbig = max(n_a if same else n_b, 1)
        found = []
        RbT = Rb.T.tocsr()
        for r0, r1 in block_spans(n_a, 20_000):
            C = (Ra[r0:r1] @ RbT).tocoo()
            r, c = C.row.astype(np.int64) + r0, C.col.astype(np.int64)
            if same:
                keep = c > r
                r, c = r[keep], c[keep]
            found.append(r * nbig + c)
        new_key = np.unique(np.concatenate(found)) if found else np.empty(0, np.int64)
        new_key = np.setdiff1d(new_key, u * nbig + v)
        self._run_only = new_key
        if len(new_key) == 0:
            return res
        nu, nv = new_key // nbig, new_key % nbig
        ncos = rowwise_dot(Xa, nu, Xa if same else Xb, nv)
        ok = ncos >= RUN_MIN_COSINE - SCORE_TOLERANCE
        new_key, nu, nv, ncos = new_key[ok], nu[ok], nv[ok], ncos[ok]
        self._run_only = new_key
        if len(new_key) == 0:
            return res
        nshared = shared_counts(Ba, nu, Ba if same else Bb, nv)
        u = np.concatenate((u, nu))
        v = np.concatenate((v, nv))
        cosine = np.concatenate((cosine, ncos))
        shared = np.concatenate((shared, nshared))
        order = np.lexsort((v, u))
        return u[order], v[order], cosine[order], shared[order], na, nb

    def _kind(self, cosine: np.ndarray, u=None, v=None, nbig: int = 1) -> np.ndarray:
        near = cosine >= float(self.threshold) - SCORE_TOLERANCE
        kind = np.where(near, "near", "contained").astype(object)
        run_only = getattr(self, "_run_only", None)
        if u is not None and run_only is not None and len(run_only):
            kind[np.isin(u * nbig + v, run_only) & ~near] = "run"
        return kind

    def _expand_self(self, side: _Side, u, v, cosine, shared, na, nb):
        cab_u = containment_ratio(shared, na[u])
        cba_u = containment_ratio(shared, na[v])
        kind_u = self._kind(cosine, u, v, max(side.n_unique, 1))
        sizes, starts, members = side.sizes, side.starts, side.members
        if self.duplicates == "first":
            idx = np.arange(len(u))
            ra, rb = members[starts[u]], members[starts[v]]
        else:
            tot = sizes[u] * sizes[v]
            n_out = int(tot.sum())
            check_pair_budget(
                n_out + exact_pair_count(sizes, "all"),
                max_memory=parse_memory(self.max_memory),
                stage="near/contained pairs expanded to copies, with exact groups",
            )
            idx = np.repeat(np.arange(len(u)), tot)
            within = np.arange(n_out) - np.repeat(np.cumsum(tot) - tot, tot)
            gv = sizes[v][idx]
            ra = members[starts[u][idx] + within // gv]
            rb = members[starts[v][idx] + within % gv]
        # exact groups
        ea, eb = [], []
        for g in np.unique(sizes[sizes >= 2]):
            groups = np.nonzero(sizes == g)[0]
            base = members[starts[groups][:, None] + np.arange(g)[None, :]]  # (k, g)
            if self.duplicates == "first":
                ea.append(np.repeat(base[:, 0], g - 1))
                eb.append(base[:, 1:].ravel())
            else:
                i, j = np.triu_indices(int(g), 1)
                ea.append(base[:, i].ravel())
                eb.append(base[:, j].ravel())
        ea = np.concatenate(ea) if ea else np.empty(0, np.int64)
        eb = np.concatenate(eb) if eb else np.empty(0, np.int64)
        n_sh_rows = na[side.inverse]
        full = np.where(n_sh_rows[ea] > 0, 1.0, np.nan)
        rows_a = np.concatenate((ra, ea))
        rows_b = np.concatenate((rb, eb))
        cos = np.concatenate((cosine[idx], np.ones(len(ea))))
        cab = np.concatenate((cab_u[idx], full))
        cba = np.concatenate((cba_u[idx], full))
        kind = np.concatenate((kind_u[idx], np.full(len(ea), "exact", dtype=object)))
        return rows_a, rows_b, cos, cab, cba, kind

    def _expand_cross(self, a: _Side, b: _Side, u, v, cosine, shared, na, nb):
        cab_u = containment_ratio(shared, na[u])
        cba_u = containment_ratio(shared, nb[v])
        kind_u = self._kind(cosine, u, v, max(b.n_unique, 1))
        kind_u[a.uniq[u] == b.uniq[v]] = "exact"
        cosine = np.where(kind_u == "exact", 1.0, cosine)
        if self.duplicates == "first":
            idx = np.arange(len(u))
            ra, rb = a.members[a.starts[u]], b.members[b.starts[v]]
        else:
            tot = a.sizes[u] * b.sizes[v]
            n_out = int(tot.sum())
            check_pair_budget(
                n_out, max_memory=parse_memory(self.max_memory), stage="pairs expanded to copies"
            )
            idx = np.repeat(np.arange(len(u)), tot)
            within = np.arange(n_out) - np.repeat(np.cumsum(tot) - tot, tot)
            gv = b.sizes[v][idx]
            ra = a.members[a.starts[u][idx] + within // gv]
            rb = b.members[b.starts[v][idx] + within % gv]
        return ra, rb, cosine[idx], cab_u[idx], cba_u[idx], kind_u[idx]

    def _pairs_frame(self, a: _Side, b: _Side, ra, rb, cos, cab, cba, kind, *, order_keys: bool):
        ra = np.asarray(ra, dtype=np.int64)
        rb = np.asarray(rb, dtype=np.int64)
        ka, kb = a.keys[ra], b.keys[rb]
        if order_keys and len(ra):
            swap = ka > kb
            ra, rb = np.where(swap, rb, ra), np.where(swap, ra, rb)
            ka, kb = np.where(swap, kb, ka), np.where(swap, ka, kb)
            cab, cba = np.where(swap, cba, cab), np.where(swap, cab, cba)
        out = {"para_a": pd.Series(ka, dtype="str"), "para_b": pd.Series(kb, dtype="str")}
        for col in self.carry:
            for side, rows, tag in ((a, ra, "a"), (b, rb, "b")):
                name = _carry_name(col, tag)
                if col in side.frame.columns:
                    out[name] = side.frame[col].iloc[rows].reset_index(drop=True)
                else:
                    out[name] = pd.Series(pd.NA, index=range(len(rows)), dtype="object")
        out["cosine"] = pd.Series(np.asarray(cos, dtype=np.float64))
        out["containment_ab"] = pd.Series(np.asarray(cab, dtype=np.float64))
        out["containment_ba"] = pd.Series(np.asarray(cba, dtype=np.float64))
        out["kind"] = pd.Series(np.asarray(kind, dtype=object), dtype="str")
        df = pd.DataFrame(out)
        df = df.sort_values(["para_a", "para_b"], kind="stable").reset_index(drop=True)
        return df


def find_near_duplicates(
    paragraphs: pd.DataFrame,
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
    paragraphs : DataFrame
        The :data:`~astana_lib.schema.PARAGRAPHS` table (at least ``para_id`` and
        ``text`` or ``norm``; ``article_id`` for ``scope`` "within"/"across",
        ``outlet`` for "outlets").
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
    analyzer, ngram_range, min_shingles, title_containment_threshold, duplicates, carry, \
block_size
        See :class:`ParagraphMatcher`.
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
    ``benchmarks/results/eval_real.txt``): on 869 hand-read real pairs from the three
    shared dumps (``benchmarks/real_reuse/``; rewritten wire copy, condensed and partial
    reuse, templates, shared quotations, same event told independently), the old rule
    (cosine >= 0.6 or containment >= 0.8) has precision 0.94 but recall 0.46 (F1 0.62).
    The candidate steps at their defaults (cosine 0.6, containment 0.8, a shared run of 5
    words with cosine >= 0.2) keep 436 of the 452 reuse pairs; the ``p_reuse`` model at its
    threshold 0.40, cross-validated grouped by outlet pair: precision 0.80 [0.77, 0.84],
    recall 0.87 [0.84, 0.90], F1 0.83 [0.81, 0.86] (by corpus: F1 0.82). Raise
    ``min_p_reuse`` for precision (0.75: precision 0.91, recall 0.68 out of fold).

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
    chosen = _resolve_decision(decision, min_p_reuse)
    if client is not None:
        from astana_lib.backends.dask import find_near_duplicates_distributed

        return find_near_duplicates_distributed(
            paragraphs, client=client, block_size=block_size, spill_dir=spill_dir,
            resume=resume, threshold=threshold, scope=scope, roles=roles,
            containment_threshold=containment_threshold, method=method, analyzer=analyzer,
            ngram_range=ngram_range, min_shingles=min_shingles,
            title_containment_threshold=title_containment_threshold, duplicates=duplicates,
            carry=carry, progress=progress, duplicate_records=duplicate_records,
            min_run=min_run, decision=decision, min_p_reuse=min_p_reuse,
        )  # fmt: skip
    sel = _select_rows(
        paragraphs, scope=scope, threshold=threshold,
        containment_threshold=containment_threshold, method=method, roles=roles,
        duplicate_records=duplicate_records,
    )  # fmt: skip
    matcher = ParagraphMatcher(
        analyzer=analyzer,
        ngram_range=ngram_range,
        threshold=threshold,
        containment_threshold=containment_threshold,
        min_shingles=min_shingles,
        title_containment_threshold=title_containment_threshold,
        min_run=min_run,
        method=method,
        duplicates=duplicates,
        max_memory=max_memory,
        carry=carry,
        block_size=block_size,
        progress=progress,
    )
    try:
        matcher.fit(sel)
    except ValueError as err:
        if "no paragraph to match" not in str(err) and "no features" not in str(err):
            raise
        logger.warning("find_near_duplicates: %s; returning no pairs", err)
        return _decide(_typed_empty(sel, carry), sel, chosen)
    return _decide(_apply_scope(_label_copies(matcher.find_pairs(), sel), scope), sel, chosen)


def _resolve_decision(decision: Any, min_p_reuse: float | None):
    """(model, p threshold) or None, checked before any work is done."""
    from astana_lib.reuse.decision import ReuseDecision, default_decision

    if min_p_reuse is not None:
        check_fraction("min_p_reuse", min_p_reuse)
    if decision is None:
        if min_p_reuse is not None:
            raise ValueError("min_p_reuse needs a decision (decision='default' or a model)")
        return None
    if isinstance(decision, str):
        check_choice("decision", decision, ("default",))
        decision = default_decision()
    if not isinstance(decision, ReuseDecision):
        raise TypeError(
            "decision must be 'default', None or a ReuseDecision "
            f"(astana_lib.fit_reuse_decision), got {type(decision).__name__}"
        )
    decision._check_fitted()
    return decision, float(decision.threshold_ if min_p_reuse is None else min_p_reuse)


def _decide(pairs: pd.DataFrame, paragraphs: pd.DataFrame, chosen) -> pd.DataFrame:
    """Score candidates with the decision model and keep reuse (exact pairs always)."""
    if chosen is None:
        return pairs
    from astana_lib.reuse.decision import add_p_reuse

    model, p_min = chosen
    out = add_p_reuse(pairs, paragraphs, decision=model)
    keep = (out["p_reuse"].to_numpy() >= p_min) | out["kind"].isin(
        ["exact", "duplicate_record"]
    ).to_numpy()
    logger.info("decision: %d of %d candidate pairs kept (p_reuse >= %.2f)",
                int(keep.sum()), len(out), p_min)  # fmt: skip
    return out[keep].reset_index(drop=True)


def _label_copies(pairs: pd.DataFrame, sel: pd.DataFrame) -> pd.DataFrame:
    """Pairs of two copies of one duplicated article get ``kind="duplicate_record"``."""
    from astana_lib.reading.duplicates import label_duplicate_record_pairs

    if "article_duplicate_of" not in sel.columns or "article_id" not in sel.columns:
        return pairs
    return label_duplicate_record_pairs(pairs, sel)


def _select_rows(
    paragraphs: pd.DataFrame,
    *,
    scope: str,
    threshold: float,
    containment_threshold: float | None,
    method: str,
    roles: Iterable[str] | None,
    duplicate_records: str = "drop",
) -> pd.DataFrame:
    """Check the options of :func:`find_near_duplicates` and select the rows it searches.

    Shared with the Dask path (:mod:`astana_lib.backends.dask`) so both select the same rows.
    """
    check_choice("scope", scope, SCOPES)
    check_fraction("threshold", threshold)
    if containment_threshold is not None:
        check_fraction("containment_threshold", containment_threshold)
    check_choice("method", method, SEARCH_METHODS)
    if not isinstance(paragraphs, pd.DataFrame):
        raise TypeError(f"paragraphs must be a pandas DataFrame, got {type(paragraphs).__name__}")
    need = ["para_id"] + (["norm"] if "norm" in paragraphs.columns else ["text"])
    if scope in ("within", "across"):
        need.append("article_id")
    if scope == "outlets":
        need.append("outlet")
    require_columns(paragraphs, need, table="paragraphs")
    from astana_lib.reading.duplicates import drop_duplicate_records

    paragraphs = drop_duplicate_records(paragraphs, duplicate_records)  # type: ignore[arg-type]
    if roles is None or "role" not in paragraphs.columns:
        return paragraphs
    roles = [roles] if isinstance(roles, str) else list(roles)
    return paragraphs[paragraphs["role"].isin(roles)]


def _apply_scope(pairs: pd.DataFrame, scope: str) -> pd.DataFrame:
    """Keep the pairs of ``scope`` (all / within / across articles / across outlets)."""
    if scope == "within":
        pairs = pairs[pairs["article_a"] == pairs["article_b"]]
    elif scope == "across":
        pairs = pairs[pairs["article_a"] != pairs["article_b"]]
    elif scope == "outlets":
        known = pairs["outlet_a"].notna() & pairs["outlet_b"].notna()
        pairs = pairs[known & (pairs["outlet_a"] != pairs["outlet_b"])]
    return pairs.reset_index(drop=True)


def _typed_empty(paragraphs: pd.DataFrame, carry: Sequence[str]) -> pd.DataFrame:
    """An empty pairs table with the columns (and dtypes) a non-empty one would have."""
    out: dict[str, pd.Series] = {
        "para_a": pd.Series([], dtype="str"),
        "para_b": pd.Series([], dtype="str"),
    }
    for col in carry:
        for tag in ("a", "b"):
            if col in paragraphs.columns:
                out[_carry_name(col, tag)] = paragraphs[col].iloc[:0].reset_index(drop=True)
            else:
                out[_carry_name(col, tag)] = pd.Series([], dtype="object")
    for col in ("cosine", "containment_ab", "containment_ba"):
        out[col] = pd.Series([], dtype="float64")
    out["kind"] = pd.Series([], dtype="str")
    return pd.DataFrame(out)
