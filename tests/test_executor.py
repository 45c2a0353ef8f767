"""Tests of astana_lib.backends.executor: the executor protocol and the local executor."""

from __future__ import annotations

import pandas as pd

from astana_lib.backends.executor import Executor, LocalExecutor
from astana_lib.reuse.matcher import ParagraphMatcher, find_near_duplicates


class _Recording(LocalExecutor):
    """A local executor that remembers which block pairs it ran."""

    def __init__(self) -> None:
        super().__init__()
        self.ran: list[tuple[int, int]] = []

    def run_block_pairs(self, block, pairs, **kw):
        self.ran.extend(pairs)
        return super().run_block_pairs(block, pairs, **kw)


def _texts() -> list[str]:
    base = [
        "أعلن الوفد الروسي أن الجولة المقبلة من محادثات أستانا ستعقد في تموز المقبل",
        "قصفت الطائرات مواقع في ريف إدلب الجنوبي صباح اليوم وفق مصادر محلية",
        "قال المبعوث الأممي إن اجتماع جنيف سيبحث ملف المعتقلين والدستور",
    ]
    out = []
    for i in range(12):
        t = base[i % 3]
        out.append(t if i < 3 else t + f" وأضاف المصدر {i}")
    return out


def test_local_executor_is_an_executor():
    assert isinstance(LocalExecutor(), Executor)


def test_local_executor_prepares_each_block_once_and_releases_it():
    prepared: list[int] = []
    ex = LocalExecutor()
    out = ex.run_block_pairs(
        lambda k: k,
        [(0, 0), (0, 1), (1, 1)],
        prepare=lambda b: prepared.append(b) or b,
        task=lambda a, b, same_block: (a, b, same_block),
        run_key=tuple,
        desc="t",
    )
    assert out == [(0, 0, True), (0, 1, False), (1, 1, True)]
    assert prepared == [0, 1]


def test_matcher_runs_its_blocks_on_the_given_executor():
    m = ParagraphMatcher(block_size=2).fit(_texts())
    ex = _Recording()
    got = m.find_pairs(executor=ex)
    n_blocks = -(-len(set(_texts())) // 2)
    assert len(ex.ran) == n_blocks * (n_blocks + 1) // 2 > 1
    pd.testing.assert_frame_equal(got, m.find_pairs())
    assert "merge_seconds" in ex.figures and ex.figures["block_spans"][0] == [0, 2]


def test_block_size_none_is_one_default_for_every_path():
    from astana_lib.reuse.constants import DEFAULT_BLOCK_SIZE

    assert ParagraphMatcher()._block_size() == DEFAULT_BLOCK_SIZE["prefix"] == 50_000
    assert ParagraphMatcher(analyzer="char_wb")._block_size() == DEFAULT_BLOCK_SIZE["topn"]


def test_results_do_not_depend_on_the_block_size():
    paras = pd.DataFrame({"para_id": [f"p{i}" for i in range(12)], "text": _texts()})
    ref = find_near_duplicates(paras, progress=False, decision=None)
    assert len(ref) > 5
    for bs in (1, 3, 5):
        pd.testing.assert_frame_equal(
            find_near_duplicates(paras, progress=False, decision=None, block_size=bs), ref
        )
