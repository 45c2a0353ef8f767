"""Tests of astana_lib.reuse.runs: copy-by-copy matching of 3-grams and run order."""

from __future__ import annotations

import numpy as np
import pytest

from astana_lib.reuse.runs import _argsort_stable, _match_copies, _run_order


@pytest.mark.parametrize("seed", range(4))
def test_argsort_stable_equals_numpy_stable_sort_with_many_ties(seed):
    rng = np.random.default_rng(seed)
    h = rng.integers(0, [3, 50, 2**62, 10][seed], 5_000).astype(np.uint64)
    assert np.array_equal(_argsort_stable(h), np.argsort(h, kind="stable"))


def _naive_matches(ha, hb):
    """The k-th copy of a value in hb with its k-th copy in ha, by counting."""
    seen_a: dict[int, list[int]] = {}
    for i, v in enumerate(ha.tolist()):
        seen_a.setdefault(v, []).append(i)
    used: dict[int, int] = {}
    out = []
    for j, v in enumerate(hb.tolist()):
        k = used.get(v, 0)
        used[v] = k + 1
        if k < len(seen_a.get(v, [])):
            out.append((seen_a[v][k], j, k == 0))
    return sorted(out)


@pytest.mark.parametrize("seed", range(6))
def test_match_copies_pairs_the_kth_copies(seed):
    rng = np.random.default_rng(seed)
    ha = rng.integers(0, 8, rng.integers(0, 60)).astype(np.uint64)
    hb = rng.integers(0, 8, rng.integers(0, 60)).astype(np.uint64)
    at_a, at_b, first = _match_copies(ha, hb)
    got = sorted(zip(at_a.tolist(), at_b.tolist(), first.tolist(), strict=True))
    assert got == _naive_matches(ha, hb)


@pytest.mark.parametrize("big", [False, True])
def test_run_order_equals_lexsort_and_falls_back_for_huge_positions(big):
    rng = np.random.default_rng(1)
    n = 2_000
    top = 2**40 if big else 500
    owner, pa = rng.integers(0, 100, n), rng.integers(0, top, n)
    pb = rng.integers(0, top, n)
    triples = np.unique(np.stack([owner, pb - pa, pa]), axis=1)  # distinct, as matches are
    owner, diag, pa = triples[:, rng.permutation(triples.shape[1])]
    assert np.array_equal(_run_order(owner, diag, pa), np.lexsort((pa, diag, owner)))
