"""The vocabulary and TF-IDF side of :class:`~astana_lib.reuse.estimator.ParagraphMatcher`.

:class:`TfidfFeatures` is the mixin holding what ``fit`` learns about words: the token
vocabulary, shingles and word runs of the distinct texts, the feature counts
(integer-id n-grams for ``analyzer="word"``, scikit-learn's ``CountVectorizer``
otherwise), and the TF-IDF transform (``sublinear_tf=True``, l2 norm) that is exactly
scikit-learn's ``TfidfVectorizer`` with the fitted vocabulary and idf.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import scipy.sparse as sp

from astana_lib.reuse.constants import NothingToMatchError
from astana_lib.reuse.containment import TOKEN_PATTERN
from astana_lib.reuse.prepare import PreparedSide
from astana_lib.schema import require_columns
from astana_lib.text.ngrams import NgramIndex, shingle_keys, tokenize
from astana_lib.text.normalize import ARABIC_LETTERS_RE as _WORD_RE
from astana_lib.text.normalize import normalize_arabic

__all__ = ["TfidfFeatures"]


class TfidfFeatures:
    """Mixin: vocabulary, shingles and TF-IDF transform of a fitted matcher.

    Expects the estimator's options (``analyzer``, ``ngram_range``, ``shingle_size``,
    ``min_run``, ``require_arabic``, ``carry``, ``progress``) and, once fitted, ``idf_``.
    """

    analyzer: str
    ngram_range: tuple[int, int]
    shingle_size: int
    min_run: int | None
    require_arabic: bool
    carry: object
    progress: bool
    idf_: np.ndarray

    def _fit_tokens(self, side: PreparedSide) -> sp.csr_matrix:
        """Tokenise the distinct texts: shingles, word runs and feature counts."""
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
        # the token ids stay for the reuse decision's features (no second tokenising pass)
        small = np.int32 if len(self.token_vocabulary_) < 2**31 else np.int64
        self._token_ids = (ids.astype(small), ptr)
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
            raise NothingToMatchError("no features: the texts have no words")
        return counts

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
        >>> from astana_lib.reuse.estimator import ParagraphMatcher
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
        """Counts, shingle keys and word runs of texts outside the fitted corpus."""
        tokens = dict(self.token_vocabulary_)  # unseen words get ids >= the fitted ones
        ids, ptr = tokenize(norms, tokens, grow=True, pattern=TOKEN_PATTERN)
        runs = shingle_keys(ids, ptr, int(self.min_run))[:2] if self.min_run is not None else None
        if self._cv is not None:
            counts = self._cv.transform(norms).tocsr()
        else:
            counts = self._ngrams.counts(ids, ptr)
        doc, keys, n_sh = shingle_keys(ids, ptr, int(self.shingle_size))
        return counts, doc, keys, n_sh, runs

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
        >>> from astana_lib.reuse.estimator import ParagraphMatcher
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
