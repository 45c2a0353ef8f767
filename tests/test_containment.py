"""Tests of astana_lib.reuse.containment: word-shingle containment with its own candidate step."""

from __future__ import annotations

import itertools

import numpy as np
import pytest

from astana_lib.reuse.containment import (
    containment_block_pair,
    containment_ratio,
    prepare_shingles,
    shingle_matrix,
)

_VOCAB = (
    "اعلن الوفد الروسي ان الجوله المقبله من محادثات استانا ستعقد في تموز وقال المبعوث الخاص "
    "للرئيس الي سوريا ان موسكو اقترحت علي واشنطن ان تكون طرفا ضامنا لكن الاخيره رفضت "
    "المعارضه المسلحه مناطق خفض التوتر قوات المراقبه الضامنه تركيا ايران"
)
WORDS = _VOCAB.split()


def _texts(seed: int = 0, n: int = 120) -> list[str]:
    rng = np.random.default_rng(seed)
    texts = [" ".join(rng.choice(WORDS, size=rng.integers(3, 30))) for _ in range(n)]
    # run-on paragraphs made of earlier ones, and truncated copies
    texts += [" ".join(texts[i : i + 3]) for i in range(0, 30, 3)]
    texts += [" ".join(t.split()[: max(1, len(t.split()) * 3 // 4)]) for t in texts[30:50]]
    return texts


def _shingles(text: str, k: int = 3) -> set[tuple[str, ...]]:
    w = text.split()
    return {tuple(w[i : i + k]) for i in range(len(w) - k + 1)}


def _reference(texts, t, min_shingles):
    sets = [_shingles(x) for x in texts]
    out = set()
    for i, j in itertools.combinations(range(len(texts)), 2):
        a, b = sets[i], sets[j]
        shared = len(a & b)
        if (len(a) >= min_shingles and shared >= t * len(a)) or (
            len(b) >= min_shingles and shared >= t * len(b)
        ):
            out.add((i, j, shared))
    return out


@pytest.mark.parametrize("threshold", [0.5, 0.8, 1.0])
def test_matches_set_reference_exactly(threshold):
    texts = _texts()
    B, n = shingle_matrix(texts)
    assert n.tolist() == [len(_shingles(t)) for t in texts]
    r, c, k = containment_block_pair(
        prepare_shingles(B),
        None,
        n_i=n,
        n_j=n,
        offset_i=0,
        offset_j=0,
        threshold=threshold,
        same_block=True,
        min_shingles=5,
    )
    got = set(zip(r.tolist(), c.tolist(), k.tolist(), strict=True))
    ref = _reference(texts, threshold, 5)
    assert len(ref) > 5
    assert got == ref


def test_block_union_equals_single_block():
    texts = _texts(seed=2)
    B, n = shingle_matrix(texts)
    df = np.bincount(B.indices, minlength=B.shape[1])  # global df, as a Dask run must pass
    P = prepare_shingles(B, df)
    ref = containment_block_pair(
        P, None, n_i=n, n_j=n, offset_i=0, offset_j=0, threshold=0.7, same_block=True
    )
    parts = []
    spans = [(0, 40), (40, 97), (97, len(texts))]
    for i, (a0, a1) in enumerate(spans):
        for b0, b1 in spans[i:]:
            parts.append(
                containment_block_pair(
                    P[a0:a1],
                    P[b0:b1],
                    n_i=n[a0:a1],
                    n_j=n[b0:b1],
                    offset_i=a0,
                    offset_j=b0,
                    threshold=0.7,
                    same_block=a0 == b0,
                )
            )
    got = sorted(
        zip(*(np.concatenate([p[k] for p in parts]).tolist() for k in range(3)), strict=True)
    )
    assert got == sorted(zip(*(a.tolist() for a in ref), strict=True))
    assert len(got) > 0


def test_run_on_paragraph_contains_its_sources_and_short_lines_are_not_contained():
    p1 = "اعلن الوفد الروسي ان الجوله المقبله من محادثات استانا ستعقد في تموز"
    p2 = "وقال المبعوث الخاص للرئيس الي سوريا ان موسكو اقترحت علي واشنطن"
    runon = p1 + " " + p2 + " " + "قوات المراقبه الضامنه تركيا ايران"
    short = "محادثات استانا ستعقد"  # 1 shingle, inside both p1 and the run-on
    texts = [p1, p2, runon, short]
    B, n = shingle_matrix(texts)
    r, c, _ = containment_block_pair(
        prepare_shingles(B),
        None,
        n_i=n,
        n_j=n,
        offset_i=0,
        offset_j=0,
        threshold=0.9,
        same_block=True,
        min_shingles=5,
    )
    pairs = set(zip(r.tolist(), c.tolist(), strict=True))
    assert pairs == {(0, 2), (1, 2)}
    # with min_shingles=1 the short line is "contained" everywhere: that is what it prevents
    r, c, _ = containment_block_pair(
        prepare_shingles(B),
        None,
        n_i=n,
        n_j=n,
        offset_i=0,
        offset_j=0,
        threshold=0.9,
        same_block=True,
        min_shingles=1,
    )
    assert {(0, 3), (2, 3)} <= set(zip(r.tolist(), c.tolist(), strict=True))


def test_ratio_and_bad_threshold():
    assert containment_ratio(np.array([3]), np.array([4])).tolist() == [0.75]
    assert np.isnan(containment_ratio(np.array([0]), np.array([0]))[0])
    B, n = shingle_matrix(_texts())
    for t in (0, 1.01):
        with pytest.raises(ValueError, match="threshold"):
            containment_block_pair(
                prepare_shingles(B),
                None,
                n_i=n,
                n_j=n,
                offset_i=0,
                offset_j=0,
                threshold=t,
                same_block=True,
            )
    with pytest.raises(ValueError, match="shingle size"):
        shingle_matrix(["a b c"], size=0)
