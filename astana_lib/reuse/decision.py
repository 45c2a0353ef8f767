"""The reuse decision: a small logistic model on the reader's features, giving ``p_reuse``.

:func:`~astana_lib.reuse.find_near_duplicates` finds *candidate* pairs exactly (every
pair with word cosine or shingle containment above low thresholds) and keeps those the
decision calls reuse: ``p_reuse >= threshold_``. ``p_reuse`` is a logistic regression on
:data:`~astana_lib.reuse.features.FEATURES` (word and character n-gram cosine, containment both
ways, longest common run, length ratio, figures mismatch, the share of the shared text inside
quotation marks and the cover outside them, how rare or common the shared 3-grams are in the
corpus), fitted on hand-labelled real paragraph pairs. The corpus-frequency features
(:data:`~astana_lib.reuse.features.CORPUS_FEATURES`) take their training mean when the
3-grams were counted in fewer than
:data:`~astana_lib.reuse.shingle_counts.MIN_CORPUS_TEXTS` distinct texts (a small corpus
cannot tell a formula from a copy).

The default model ships as package data (``astana_lib/data/reuse_decision.json``): its
coefficients, the feature names and scaling, the decision threshold and its provenance
(label file and its SHA-256, number of pairs, date, cross-validated scores). No pickle.

Refit on your own labelled pairs (another corpus, dialect or definition of reuse) with
:func:`fit_reuse_decision` and pass the result as ``find_near_duplicates(...,
decision=model)``; save it with :meth:`ReuseDecision.to_json`.

Calibration caveat: ``p_reuse`` is calibrated on the labelled pairs, which were sampled
over score bands (the hard middle over-represented), not on the pairs of one corpus as
they come; read it as "how often a pair like this was reuse in the benchmark".
"""

from __future__ import annotations

import datetime as _dt
import json
import logging
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from astana_lib._checks import check_fraction
from astana_lib.resources import data_path
from astana_lib.reuse.features import CORPUS_FEATURES, FEATURES, pair_features, tfidf_cosine
from astana_lib.reuse.shingle_counts import MIN_CORPUS_TEXTS, ShingleCounts
from astana_lib.schema import require_columns

__all__ = [
    "MIN_LABELS_PER_CLASS",
    "ReuseDecision",
    "add_p_reuse",
    "default_decision",
    "fit_reuse_decision",
]

logger = logging.getLogger(__name__)

#: A refit needs at least this many labelled pairs of each class.
MIN_LABELS_PER_CLASS = 10
_DEFAULT_FILE = "reuse_decision.json"
_DEFAULT: ReuseDecision | None = None


class ReuseDecision:
    """Logistic model on pair features → ``p_reuse``, and a decision threshold.

    scikit-learn conventions: ``__init__`` stores options; :meth:`fit` learns
    ``coef_``, ``intercept_``, ``mean_``, ``scale_`` (standardisation) and
    ``threshold_``.

    Parameters
    ----------
    C : float, default 1.0
        Inverse L2 regularisation strength (``sklearn.linear_model.LogisticRegression``).
    threshold : float in (0, 1], default 0.5
        ``p_reuse`` at or above which a pair is called reuse.
    features : tuple of str, default :data:`~astana_lib.reuse.features.FEATURES`
    contained_at : float or None, default 0.9
        A pair where one side has at least this share of its word 3-grams (and at least
        ``min_shingles`` of them) inside the other gets ``p_reuse`` at least the share of
        such pairs labelled reuse in the training labels (``contained_floor_``). The
        logistic model is fitted on paragraphs of ordinary length and underrates a
        paragraph inside a much longer run-on copy; ``None``: no floor.
    min_shingles : int, default 5

    Attributes
    ----------
    coef_, intercept_, mean_, scale_ : ndarray / float
    threshold_ : float
    contained_floor_ : float
        Share of the training pairs with ``containment_max >= contained_at`` labelled
        reuse (0 when fewer than :data:`MIN_LABELS_PER_CLASS` such pairs).
    n_train_ : int
    provenance_ : dict
        Where the labels came from (file, hash, n, date, scores); free-form.

    Examples
    --------
    >>> import numpy as np, pandas as pd
    >>> rng = np.random.default_rng(0)
    >>> names = list(ReuseDecision().features)
    >>> X = pd.DataFrame(rng.random((60, len(names))), columns=names)
    >>> y = (X["cosine"] + X["containment_max"] > 1).astype(int)
    >>> d = ReuseDecision().fit(X, y)
    >>> p = d.predict_proba(X)
    >>> bool(((p >= 0) & (p <= 1)).all()), d.predict(X).dtype.name
    (True, 'bool')
    """

    def __init__(
        self,
        *,
        C: float = 1.0,
        threshold: float = 0.5,
        features: tuple[str, ...] = FEATURES,
        contained_at: float | None = 0.9,
        min_shingles: int = 5,
    ) -> None:
        self.C = C
        self.threshold = threshold
        self.features = features
        self.contained_at = contained_at
        self.min_shingles = min_shingles

    def fit(self, X: pd.DataFrame, y, *, provenance: dict | None = None) -> ReuseDecision:
        """Fit on a feature table (:func:`~astana_lib.reuse.features.pair_features`) and 0/1 labels."""
        from sklearn.linear_model import LogisticRegression

        check_fraction("threshold", self.threshold)
        y = _check_labels(y)
        F = self._matrix(X)
        if len(F) != len(y):
            raise ValueError(f"{len(F)} feature rows but {len(y)} labels")
        small = self._small_corpus(X)
        self.mean_ = F[~small].mean(axis=0) if (~small).any() else F.mean(axis=0)
        F = self._neutralise(F, small)
        scale = F.std(axis=0)
        self.scale_ = np.where(scale > 0, scale, 1.0)
        lr = LogisticRegression(C=float(self.C), max_iter=1000)
        lr.fit((F - self.mean_) / self.scale_, y)
        self.coef_ = lr.coef_.ravel().astype(np.float64)
        self.intercept_ = float(lr.intercept_[0])
        self.threshold_ = float(self.threshold)
        self.contained_floor_ = 0.0
        if self.contained_at is not None:
            m = self._contained(X)
            if m.sum() >= MIN_LABELS_PER_CLASS:
                self.contained_floor_ = float(y[m].mean())
        self.n_train_ = len(y)
        self.provenance_ = dict(provenance or {})
        self.provenance_.setdefault("n", len(y))
        self.provenance_.setdefault("n_reuse", int(y.sum()))
        self.provenance_.setdefault("date", _dt.date.today().isoformat())
        return self

    def _small_corpus(self, X: pd.DataFrame) -> np.ndarray:
        """Rows whose 3-gram counts come from a corpus too small to tell a formula."""
        if "corpus_texts" not in X.columns:
            return np.zeros(len(X), dtype=bool)
        return X["corpus_texts"].to_numpy(dtype=np.float64) < MIN_CORPUS_TEXTS

    def _neutralise(self, F: np.ndarray, small: np.ndarray) -> np.ndarray:
        """Corpus-frequency features of small-corpus rows → the training mean (no evidence)."""
        cols = [i for i, f in enumerate(self.features) if f in CORPUS_FEATURES]
        if small.any() and cols:
            F = F.copy()
            F[np.ix_(small, cols)] = self.mean_[cols]
        return F

    def _matrix(self, X: pd.DataFrame) -> np.ndarray:
        if not isinstance(X, pd.DataFrame):
            raise TypeError("features must be a DataFrame with columns " + ", ".join(self.features))
        require_columns(X, list(self.features), table="pair features")
        F = X[list(self.features)].to_numpy(dtype=np.float64)
        return np.nan_to_num(F, nan=0.0, posinf=1.0, neginf=0.0)

    def _check_fitted(self) -> None:
        if "coef_" not in self.__dict__:
            raise RuntimeError("this ReuseDecision is not fitted: call fit() or from_json()")

    def decision_function(self, X: pd.DataFrame) -> np.ndarray:
        """Log-odds of reuse."""
        self._check_fitted()
        F = self._neutralise(self._matrix(X), self._small_corpus(X))
        Z = (F - self.mean_) / self.scale_
        # row by row (not a BLAS matrix product): a pair's value does not depend on the
        # other rows scored with it
        return np.einsum("ij,j->i", Z, np.asarray(self.coef_, dtype=np.float64)) + self.intercept_

    def _contained(self, X: pd.DataFrame) -> np.ndarray:
        """Rows where one side is (almost) inside the other (see ``contained_at``)."""
        if self.contained_at is None or "containment_max" not in X.columns:
            return np.zeros(len(X), dtype=bool)
        ok = X["containment_max"].to_numpy(dtype=np.float64) >= float(self.contained_at) - 1e-9
        if {"n_tokens_a", "n_tokens_b"} <= set(X.columns):
            shorter = np.minimum(X["n_tokens_a"], X["n_tokens_b"]).to_numpy()
            ok &= shorter - 2 >= int(self.min_shingles)
        return ok

    def predict_proba(self, X: pd.DataFrame) -> np.ndarray:
        """``p_reuse`` of each row (finite, in [0, 1])."""
        z = np.clip(self.decision_function(X), -50, 50)
        p = 1.0 / (1.0 + np.exp(-z))
        floor = getattr(self, "contained_floor_", 0.0)
        if floor > 0:
            p = np.where(self._contained(X), np.maximum(p, floor), p)
        return p

    def predict(self, X: pd.DataFrame) -> np.ndarray:
        """True where ``p_reuse >= threshold_``."""
        return self.predict_proba(X) >= self.threshold_

    # ------------------------------------------------------------------ JSON
    def to_dict(self) -> dict[str, Any]:
        self._check_fitted()
        return {
            "model": "logistic regression on standardised pair features (astana_lib.reuse.decision)",
            "features": list(self.features),
            "coef": [float(v) for v in self.coef_],
            "intercept": self.intercept_,
            "mean": [float(v) for v in self.mean_],
            "scale": [float(v) for v in self.scale_],
            "threshold": self.threshold_,
            "contained_at": self.contained_at,
            "min_shingles": int(self.min_shingles),
            "contained_floor": self.contained_floor_,
            "C": float(self.C),
            "n_train": self.n_train_,
            "source": self.provenance_,
        }

    def to_json(self, path: str | Path) -> None:
        """Write the fitted model as JSON (coefficients, features, provenance)."""
        Path(path).write_text(
            json.dumps(self.to_dict(), ensure_ascii=False, indent=2) + "\n", encoding="utf-8"
        )

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> ReuseDecision:
        """Rebuild a fitted model from :meth:`to_dict` output."""
        feats = tuple(d["features"])
        unknown = [f for f in feats if f not in FEATURES]
        if unknown:
            raise ValueError(f"unknown feature(s) {unknown}; known: {list(FEATURES)}")
        m = cls(
            C=float(d.get("C", 1.0)),
            threshold=float(d["threshold"]),
            features=feats,
            contained_at=d.get("contained_at"),
            min_shingles=int(d.get("min_shingles", 5)),
        )
        m.contained_floor_ = float(d.get("contained_floor", 0.0))
        m.coef_ = np.asarray(d["coef"], dtype=np.float64)
        m.intercept_ = float(d["intercept"])
        m.mean_ = np.asarray(d["mean"], dtype=np.float64)
        m.scale_ = np.asarray(d["scale"], dtype=np.float64)
        m.threshold_ = float(d["threshold"])
        m.n_train_ = int(d.get("n_train", 0))
        m.provenance_ = dict(d.get("source", {}))
        if not (len(m.coef_) == len(m.mean_) == len(m.scale_) == len(feats)):
            raise ValueError("model JSON: coef, mean, scale and features differ in length")
        return m

    @classmethod
    def from_json(cls, path: str | Path) -> ReuseDecision:
        """Load a model written by :meth:`to_json`."""
        return cls.from_dict(json.loads(Path(path).read_text(encoding="utf-8")))

    def with_threshold(self, threshold: float) -> ReuseDecision:
        """A copy deciding at another ``p_reuse`` threshold."""
        check_fraction("threshold", threshold)
        d = self.to_dict()
        d["threshold"] = float(threshold)
        return ReuseDecision.from_dict(d)


def _check_labels(y) -> np.ndarray:
    y = pd.Series(y)
    if y.isna().any():
        raise ValueError(f"labels have {int(y.isna().sum())} missing value(s)")
    vals = set(pd.unique(y))
    if not vals <= {0, 1}:
        raise ValueError(f"labels must be 0/1 (or bool), got values {sorted(map(str, vals))}")
    y = y.astype(int).to_numpy()
    n1, n0 = int(y.sum()), int(len(y) - y.sum())
    if n1 == 0 or n0 == 0:
        raise ValueError(
            f"labels are one class only ({n1} reuse, {n0} not reuse): a decision needs "
            "labelled pairs of both kinds"
        )
    if min(n0, n1) < MIN_LABELS_PER_CLASS:
        raise ValueError(
            f"too few labelled pairs: {n1} reuse and {n0} not reuse; at least "
            f"{MIN_LABELS_PER_CLASS} of each are needed for a decision worth using"
        )
    return y


def default_decision() -> ReuseDecision:
    """The packaged model (fitted on the real labelled benchmark; see its ``provenance_``).

    Examples
    --------
    >>> d = default_decision()
    >>> d.features[0], 0 < d.threshold_ < 1, "sha256" in d.provenance_
    ('cosine', True, True)
    """
    global _DEFAULT
    if _DEFAULT is None:
        _DEFAULT = ReuseDecision.from_json(data_path(_DEFAULT_FILE))
    return _DEFAULT


def _norm_lookup(paragraphs: pd.DataFrame) -> pd.Series:
    """para_id → normalised text."""
    from astana_lib.text.normalize import normalize_arabic

    require_columns(paragraphs, ["para_id"], table="paragraphs")
    if "norm" in paragraphs.columns:
        norm = paragraphs["norm"]
        if "text" in paragraphs.columns and norm.isna().any():
            fill = norm.isna() & paragraphs["text"].notna()
            norm = norm.copy()
            norm[fill] = [normalize_arabic(str(t)) for t in paragraphs["text"][fill]]
    else:
        require_columns(paragraphs, ["text"], table="paragraphs")
        norm = paragraphs["text"].map(lambda t: normalize_arabic(t) if isinstance(t, str) else "")
    return pd.Series(
        norm.fillna("").astype(str).to_numpy(), index=paragraphs["para_id"].astype(str)
    )


def features_for_pairs(
    pairs: pd.DataFrame, paragraphs: pd.DataFrame, *, corpus: ShingleCounts | None = None
) -> pd.DataFrame:
    """:func:`~astana_lib.reuse.features.pair_features` of a pairs table (``para_a``/``para_b``).

    The 3-gram counts come from ``corpus`` when given (e.g. built from a fitted search's
    ``token_vocabulary_`` / ``shingle_keys_`` / ``shingle_df_``), else from the distinct
    texts of ``paragraphs``. Uses the pairs' ``cosine`` column when present (else a TF-IDF is fitted on
    ``paragraphs``). Each distinct pair of texts is scored once.
    """
    require_columns(pairs, ["para_a", "para_b"], table="pairs")
    lookup = _norm_lookup(paragraphs)
    if not lookup.index.is_unique:
        raise ValueError("paragraphs: para_id must be unique")
    pa, pb = pairs["para_a"].astype(str), pairs["para_b"].astype(str)
    ia, ib = lookup.index.get_indexer(pa), lookup.index.get_indexer(pb)
    if (ia < 0).any() or (ib < 0).any():
        missing = sorted(set(pa[ia < 0]) | set(pb[ib < 0]))
        raise ValueError(f"{len(missing)} para_id(s) of the pairs not in paragraphs: {missing[:5]}")
    codes, uniq = pd.factorize(lookup.to_numpy())  # identical texts share a code
    ca, cb = codes[ia].astype(np.int64), codes[ib].astype(np.int64)
    if "cosine" in pairs.columns:
        cos = np.nan_to_num(pairs["cosine"].to_numpy(dtype=np.float64), nan=0.0)
    else:
        cos = _cosine_in_corpus(paragraphs, lookup, pa, pb)
    # the cosine of a pair of texts does not depend on which copies carry them
    key = np.minimum(ca, cb) * len(uniq) + np.maximum(ca, cb)
    _, first, back = np.unique(key, return_index=True, return_inverse=True)
    f = pair_features(list(uniq), ca[first], cb[first], cosine=cos[first], corpus=corpus)
    return f.iloc[back.ravel()].reset_index(drop=True)


def _cosine_in_corpus(paragraphs, lookup, pa, pb) -> np.ndarray:
    """Word TF-IDF cosine with the idf of ``paragraphs`` (the corpus the pairs come from)."""
    pos = pd.Series(np.arange(len(lookup)), index=lookup.index)
    texts = list(lookup.to_numpy())
    return tfidf_cosine(texts, texts, pos.loc[pa].to_numpy(), pos.loc[pb].to_numpy())


def add_p_reuse(
    pairs: pd.DataFrame,
    paragraphs: pd.DataFrame,
    *,
    decision: ReuseDecision | None = None,
    corpus: ShingleCounts | None = None,
) -> pd.DataFrame:
    """Copy of ``pairs`` with a ``p_reuse`` column (never NaN).

    Parameters
    ----------
    pairs : DataFrame
        At least ``para_a``, ``para_b`` (``cosine`` used when present).
    paragraphs : DataFrame
        ``para_id`` and ``norm`` or ``text`` of every paragraph named in the pairs.
    decision : ReuseDecision, optional
        Default: :func:`default_decision`.
    corpus : ShingleCounts, optional
        Word 3-gram counts of the corpus; default: counted over the distinct texts of
        ``paragraphs`` (pass the whole corpus searched).

    Examples
    --------
    >>> import pandas as pd
    >>> paras = pd.DataFrame({"para_id": ["a", "b"],
    ...     "text": ["أعلن الوفد الروسي أن الجولة المقبلة من محادثات أستانا ستعقد في تموز",
    ...              "وأعلن الوفد الروسي ان الجولة المقبلة من محادثات استانا ستعقد في تموز"]})
    >>> pairs = pd.DataFrame({"para_a": ["a"], "para_b": ["b"], "cosine": [0.83]})
    >>> bool(add_p_reuse(pairs, paras)["p_reuse"].iloc[0] > 0.9)
    True
    """
    decision = default_decision() if decision is None else decision
    out = pairs.copy()
    if len(pairs) == 0:
        out["p_reuse"] = pd.Series([], dtype="float64")
        return out
    feats = features_for_pairs(pairs, paragraphs, corpus=corpus)
    out["p_reuse"] = decision.predict_proba(feats)
    return out


def fit_reuse_decision(
    pairs_labelled: pd.DataFrame,
    paragraphs: pd.DataFrame,
    *,
    label: str = "label",
    C: float = 1.0,
    threshold: float = 0.5,
    provenance: dict | None = None,
) -> ReuseDecision:
    """Fit the reuse decision on your own labelled pairs (one call).

    Parameters
    ----------
    pairs_labelled : DataFrame
        ``para_a``, ``para_b`` and a 0/1 ``label`` column (1 = reuse); a ``cosine``
        column is used when present, otherwise the word TF-IDF cosine is computed with
        the idf of ``paragraphs`` (pass the whole corpus the pairs come from, as
        :func:`~astana_lib.reuse.find_near_duplicates` would see it).
    paragraphs : DataFrame
        ``para_id`` and ``norm`` or ``text``.
    label : str, default "label"
    C, threshold
        See :class:`ReuseDecision`.
    provenance : dict, optional
        Stored with the model (e.g. ``{"labels": "my_labels.csv", "annotator": "…"}``).

    Returns
    -------
    ReuseDecision
        Use it as ``find_near_duplicates(paragraphs, decision=model)``.

    Raises
    ------
    ValueError
        Labels of one class only, fewer than :data:`MIN_LABELS_PER_CLASS` of a class,
        missing or non-0/1 labels, or pairs naming unknown paragraphs.

    Examples
    --------
    >>> import pandas as pd
    >>> paras = pd.DataFrame({"para_id": ["x", "y"], "text": ["قال الوزير", "قال الرئيس"]})
    >>> pairs = pd.DataFrame({"para_a": ["x"], "para_b": ["y"], "label": [1]})
    >>> fit_reuse_decision(pairs, paras)
    Traceback (most recent call last):
    ...
    ValueError: labels are one class only (1 reuse, 0 not reuse): a decision needs labelled pairs of both kinds
    """
    require_columns(pairs_labelled, ["para_a", "para_b", label], table="pairs_labelled")
    y = _check_labels(pairs_labelled[label])
    feats = features_for_pairs(pairs_labelled, paragraphs)
    return ReuseDecision(C=C, threshold=threshold).fit(feats, y, provenance=provenance)
