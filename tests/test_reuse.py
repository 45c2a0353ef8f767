"""Tests of astana_lib.reuse: find_near_duplicates and ParagraphMatcher."""

from __future__ import annotations

import gzip
import json
import os
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from astana_lib.reuse.matcher import (
    RUN_MAX_TEXTS,
    RUN_MIN_COSINE,
    ParagraphMatcher,
    find_near_duplicates,
)
from astana_lib.schema import PAIRS
from astana_lib.text.normalize import normalize_arabic

REPO = Path(__file__).resolve().parents[1]


def shared_dir() -> Path:
    return Path(os.environ.get("ASTANA_SHARED", Path(__file__).resolve().parents[2] / "shared"))


def seed_paragraphs() -> pd.DataFrame:
    """The seeds as a paragraphs table: the corpus reader's when available.

    Without the reader, one paragraph per non-empty line (role 'body'), which is enough
    for the facts tested here; rows are identified by (article prefix, line_start).
    """
    try:
        from astana_lib import read_corpus  # type: ignore[attr-defined]
    except ImportError:
        read_corpus = None
    if read_corpus is not None:
        return read_corpus(REPO / "seeds").paragraphs
    rows = []
    for f in sorted((REPO / "seeds").glob("*.txt")):
        n = 0
        for i, line in enumerate(f.read_text(encoding="utf-8").splitlines(), 1):
            if line.strip():
                n += 1
                rows.append(
                    {
                        "para_id": f"{f.stem}:{n}",
                        "article_id": f.stem,
                        "para_no": n,
                        "line_start": i,
                        "line_end": i,
                        "text": line,
                        "norm": normalize_arabic(line),
                        "role": "body",
                        "outlet": f"outlet_{f.stem[:3]}",
                        "date": pd.Timestamp("2017-07-05"),
                    }
                )
    return pd.DataFrame(rows)


def _line_ids(paras: pd.DataFrame, article_prefix: str, lines) -> list[str]:
    sel = paras[paras["article_id"].str.startswith(article_prefix)]
    ids = []
    for line in lines:
        hit = sel[(sel["line_start"] <= line) & (sel["line_end"] >= line)]
        assert len(hit) == 1, (article_prefix, line)
        ids.append(hit["para_id"].iloc[0])
    return ids


def _pair(pairs: pd.DataFrame, a: str, b: str) -> pd.DataFrame:
    a, b = min(a, b), max(a, b)
    return pairs[(pairs["para_a"] == a) & (pairs["para_b"] == b)]


@pytest.fixture(scope="module")
def seeds():
    return seed_paragraphs()


@pytest.fixture(scope="module")
def seed_pairs(seeds):
    return find_near_duplicates(seeds, progress=False)


# ---------------------------------------------------------------- seed facts
def test_seed_verbatim_repeats_in_000_are_exact(seeds, seed_pairs):
    firsts = _line_ids(seeds, "000", range(2, 12))
    repeats = _line_ids(seeds, "000", range(12, 22))
    for a, b in zip(firsts, repeats, strict=True):
        row = _pair(seed_pairs, a, b)
        assert len(row) == 1, (a, b)
        assert row["kind"].iloc[0] == "exact"
        assert row["cosine"].iloc[0] == 1.0
    assert (seed_pairs["kind"] == "exact").sum() >= 10


def test_seed_004_run_on_contains_each_source_despite_low_cosine(seeds, seed_pairs):
    (runon,) = _line_ids(seeds, "004", [28])
    sources = _line_ids(seeds, "004", [1, 3, 5, 7, 9, 11, 13, 15, 17, 19])
    for s in sources:
        row = _pair(seed_pairs, s, runon)
        assert len(row) == 1, s
        assert row["kind"].iloc[0] == "contained"
        assert row["cosine"].iloc[0] < 0.5
        inside = row["containment_ab"] if row["para_a"].iloc[0] == s else row["containment_ba"]
        assert inside.iloc[0] == 1.0


def test_seed_004_headline_vs_lead_reported(seeds, seed_pairs):
    head, lead = _line_ids(seeds, "004", [26, 1])
    row = _pair(seed_pairs, head, lead)
    assert len(row) == 1
    assert row["kind"].iloc[0] in ("near", "contained")


def test_title_containment_option(seeds):
    head, lead = _line_ids(seeds, "004", [26, 1])
    # the candidate mechanics alone (no shared-run step, no decision model)
    raw = dict(threshold=0.6, min_run=None, decision=None, progress=False)
    strict = find_near_duplicates(
        seeds, containment_threshold=0.8, title_containment_threshold=None, **raw
    )
    assert _pair(strict, head, lead).empty  # cosine 0.54 < 0.6, containment 0.75 < 0.8
    titled = find_near_duplicates(
        seeds, containment_threshold=0.8, title_containment_threshold=0.7, **raw
    )
    row = _pair(titled, head, lead)
    assert row["kind"].tolist() == ["contained"]
    # the only additions are the headline's pairs (with its lead and the run-on copy)
    keys = set(zip(titled["para_a"], titled["para_b"], strict=True))
    added = keys - set(zip(strict["para_a"], strict["para_b"], strict=True))
    assert len(added) == 2 and all(head in p for p in added)
    as_body = seeds.assign(role=seeds["role"].replace("title", "body"))
    assert _pair(
        find_near_duplicates(
            as_body, containment_threshold=0.8, title_containment_threshold=0.7, **raw
        ),
        head,
        lead,
    ).empty
    with pytest.raises(ValueError, match="title_containment_threshold"):
        find_near_duplicates(seeds, title_containment_threshold=0, progress=False)


def test_seed_different_lavrentiev_statements_not_reported(seeds, seed_pairs):
    a = seeds[seeds["article_id"].str.startswith("001")]
    b = seeds[seeds["article_id"].str.startswith("002")]
    a_ids = set(a.loc[a["text"].str.contains("لافرنتييف"), "para_id"])
    b_ids = set(b.loc[b["text"].str.contains("لافرنتييف"), "para_id"])
    assert a_ids and b_ids
    cross = seed_pairs[
        (seed_pairs["para_a"].isin(a_ids | b_ids)) & (seed_pairs["para_b"].isin(a_ids | b_ids))
    ]
    cross = cross[cross["article_a"] != cross["article_b"]]
    assert cross.empty, cross


# ---------------------------------------------------------------- table contract
def test_pairs_schema_metadata_and_order(seeds, seed_pairs):
    assert list(seed_pairs.columns[:2]) == ["para_a", "para_b"]
    assert set(PAIRS) <= set(seed_pairs.columns)
    assert (seed_pairs["para_a"] < seed_pairs["para_b"]).all()
    assert not seed_pairs.duplicated(["para_a", "para_b"]).any()
    assert set(seed_pairs["kind"]) <= {"exact", "near", "contained", "run"}
    assert seed_pairs["p_reuse"].between(0, 1).all()
    meta = seeds.set_index("para_id")
    for side in ("a", "b"):
        ids = seed_pairs[f"para_{side}"]
        assert (
            seed_pairs[f"article_{side}"].to_numpy() == meta.loc[ids, "article_id"].to_numpy()
        ).all()
        pd.testing.assert_series_equal(
            seed_pairs[f"outlet_{side}"].reset_index(drop=True),
            meta.loc[ids, "outlet"].reset_index(drop=True),
            check_names=False,
        )
    assert seed_pairs["date_a"].dtype == seeds["date"].dtype


def test_user_columns_carried_and_input_untouched(seeds):
    paras = seeds.copy()
    paras["my_label"] = [f"lab{i}" for i in range(len(paras))]
    before = paras.copy()
    pairs = find_near_duplicates(paras, carry=("article_id", "outlet", "my_label"), progress=False)
    pd.testing.assert_frame_equal(paras, before)  # text, norm, every column unchanged
    lab = paras.set_index("para_id")["my_label"]
    assert (pairs["my_label_a"] == pairs["para_a"].map(lab)).all()
    assert (pairs["my_label_b"] == pairs["para_b"].map(lab)).all()
    with pytest.raises(ValueError, match="carry"):
        find_near_duplicates(paras, carry=("nope",), progress=False)


def test_scopes_partition_pairs(seeds, seed_pairs):
    within = find_near_duplicates(seeds, scope="within", progress=False)
    across = find_near_duplicates(seeds, scope="across", progress=False)
    assert len(within) + len(across) == len(seed_pairs)
    assert (within["article_a"] == within["article_b"]).all()
    assert (across["article_a"] != across["article_b"]).all()
    outlets = find_near_duplicates(seeds, scope="outlets", progress=False)
    assert (outlets["outlet_a"] != outlets["outlet_b"]).all()
    with pytest.raises(ValueError, match="scope"):
        find_near_duplicates(seeds, scope="everything", progress=False)


def _toy() -> pd.DataFrame:
    texts = [
        "أعلن الوفد الروسي أن الجولة المقبلة من محادثات أستانا ستعقد في تموز المقبل",
        "أعلن الوفد الروسي أن الجولة المقبلة من محادثات أستانا ستعقد في تموز المقبل",
        "أعلن الوفد الروسي ان الجولة المقبلة من محادثات استانا ستعقد في شهر تموز المقبل",
        "قصفت الطائرات مواقع في ريف إدلب الجنوبي صباح اليوم",
        "RT 2017-12-22",
        "",
        "اكتب تعليق",
    ]
    return pd.DataFrame(
        {
            "para_id": [f"x{i}:1" for i in range(len(texts))],
            "article_id": [f"x{i}" for i in range(len(texts))],
            "outlet": ["sana", "rt", "rt", "sana", "rt", "rt", "rt"],
            "role": ["body"] * 6 + ["boilerplate"],
            "text": texts,
        }
    )


def test_roles_filter_and_skipped_rows():
    toy = _toy()
    pairs = find_near_duplicates(toy, progress=False)
    ids = set(pairs["para_a"]) | set(pairs["para_b"])
    assert ids == {"x0:1", "x1:1", "x2:1"}  # no-Arabic, empty and boilerplate rows left out
    assert _pair(pairs, "x0:1", "x1:1")["kind"].item() == "exact"
    assert _pair(pairs, "x0:1", "x2:1")["kind"].item() == "near"
    # roles=None searches every row; 'text' without 'norm' is normalised internally
    toy2 = pd.concat([toy, toy.iloc[[6]].assign(para_id="x7:1", article_id="x7")])
    all_rows = find_near_duplicates(toy2, roles=None, progress=False)
    assert len(_pair(all_rows, "x6:1", "x7:1")) == 1
    m = ParagraphMatcher().fit(toy)
    assert m.n_skipped_ == 2


def test_methods_identical_on_toy_and_seeds(seeds):
    for data in (_toy(), seeds):
        ref = find_near_duplicates(data, method="brute", progress=False)
        for method in ("prefix", "topn", "auto"):
            pd.testing.assert_frame_equal(
                find_near_duplicates(data, method=method, block_size=40, progress=False), ref
            )


def test_char_analyzer_path(seeds):
    opts = dict(analyzer="char_wb", ngram_range=(3, 5), threshold=0.8, progress=False)
    ref = find_near_duplicates(seeds, method="brute", **opts)
    pd.testing.assert_frame_equal(find_near_duplicates(seeds, **opts), ref)  # auto = topn
    pd.testing.assert_frame_equal(find_near_duplicates(seeds, method="prefix", **opts), ref)
    assert (ref["kind"] == "exact").sum() >= 10
    m = ParagraphMatcher(analyzer="char_wb", ngram_range=(3, 5)).fit(seeds)
    X = m.transform(seeds.iloc[:5])
    assert abs(X - m.vectorizer_.transform(seeds["norm"].iloc[:5])).max() == 0


def test_all_identical_corpus_and_duplicates_option():
    n = 30
    df = pd.DataFrame(
        {
            "para_id": [f"a{i:02d}:1" for i in range(n)],
            "article_id": [f"a{i:02d}" for i in range(n)],
            "text": ["محادثات أستانا حول سوريا تستأنف غدا في العاصمة الكازاخستانية"] * n,
        }
    )
    allp = find_near_duplicates(df, progress=False)
    assert len(allp) == n * (n - 1) // 2
    assert (allp["kind"] == "exact").all() and (allp["cosine"] == 1.0).all()
    assert (allp["containment_ab"] == 1.0).all()
    first = find_near_duplicates(df, duplicates="first", progress=False)
    assert len(first) == n - 1
    assert set(first["para_a"]) == {"a00:1"}


def test_bad_input():
    toy = _toy()
    for t in (0, -1, 1.2):
        with pytest.raises(ValueError, match="threshold"):
            find_near_duplicates(toy, threshold=t, progress=False)
    with pytest.raises(ValueError, match="containment_threshold"):
        find_near_duplicates(toy, containment_threshold=2, progress=False)
    with pytest.raises(ValueError, match="missing column"):
        find_near_duplicates(toy.drop(columns=["text"]), progress=False)
    with pytest.raises(ValueError, match="missing column"):
        find_near_duplicates(toy.drop(columns=["outlet"]), scope="outlets", progress=False)
    with pytest.raises(ValueError, match="unique"):
        find_near_duplicates(pd.concat([toy, toy]), progress=False)
    with pytest.raises(TypeError):
        find_near_duplicates(list(toy["text"]), progress=False)
    with pytest.raises(ValueError, match="method"):
        find_near_duplicates(toy, method="fast", progress=False)
    with pytest.raises(RuntimeError, match="not fitted"):
        ParagraphMatcher().find_pairs()
    with pytest.raises(ValueError, match="no paragraph"):
        ParagraphMatcher().fit(["", "RT 2017"])


@pytest.mark.parametrize("rows", [[], [0], [4, 5]])
def test_empty_one_paragraph_and_no_arabic_give_typed_empty(rows):
    toy = _toy().iloc[rows]
    pairs = find_near_duplicates(toy, progress=False)
    assert pairs.empty
    assert set(PAIRS) <= set(pairs.columns)
    assert pairs["cosine"].dtype == np.float64


def test_matcher_query_another_corpus_and_transform():
    toy = _toy()
    m = ParagraphMatcher(threshold=0.8).fit(toy.iloc[:4])
    for attr in ("vectorizer_", "vocabulary_", "idf_", "feature_rank_", "shingle_df_"):
        assert hasattr(m, attr)
    with pytest.raises(RuntimeError, match="not fitted"):
        ParagraphMatcher().vocabulary_  # noqa: B018
    X = m.transform(toy)
    ref = m.vectorizer_.transform([normalize_arabic(t) for t in toy["text"]])
    assert X.shape[0] == len(toy) and X[4].nnz == 0
    assert abs(X[:4] - ref[:4]).max() == 0
    query = pd.DataFrame(
        {
            "para_id": ["q:1", "q:2"],
            "outlet": ["aa", "bb"],
            "text": [toy["text"][3], "مقال مختلف تماما عن الطقس في دمشق اليوم"],
        }
    )
    got = m.find_pairs(query)
    assert got[["para_a", "para_b", "kind"]].to_numpy().tolist() == [["x3:1", "q:1", "exact"]]
    assert got["outlet_b"].tolist() == ["aa"]


@pytest.mark.corpora
def test_methods_identical_on_real_corpus_sample():
    path = shared_dir() / "corpora" / "saudinewsnet_2015.jsonl.gz"
    if not path.exists():
        pytest.skip("../shared/corpora not available")
    texts = []
    with gzip.open(path, "rt", encoding="utf-8") as fh:
        for line in fh:
            for p in (json.loads(line).get("text") or "").split("\n\n"):
                if len(p.strip()) >= 40:
                    texts.append(p)
            if len(texts) >= 2500:
                break
    df = pd.DataFrame({"para_id": [f"s:{i:05d}" for i in range(len(texts))], "text": texts})
    ref = find_near_duplicates(df, method="brute", threshold=0.6, progress=False)
    assert len(ref) > 10
    for method, bs in (("prefix", None), ("prefix", 600), ("topn", 1000)):
        got = find_near_duplicates(df, method=method, threshold=0.6, block_size=bs, progress=False)
        pd.testing.assert_frame_equal(got, ref)


# ---------------------------------------------------------------- candidate step (issue 11)
def _brute_candidates(paras: pd.DataFrame, t: float, k: float, run: int) -> set:
    """Every pair with cosine >= t, containment >= k (min 5 shingles) or a shared run
    (with cosine >= RUN_MIN_COSINE, in at most RUN_MAX_TEXTS distinct texts), by brute
    force over all pairs."""
    import re
    from collections import Counter

    from astana_lib.reuse.allpairs import rowwise_dot

    m = ParagraphMatcher(threshold=t).fit(paras)
    X = m.transform(paras)
    ids = paras["para_id"].tolist()
    toks = [re.findall(r"\w+", normalize_arabic(x)) for x in paras["text"]]
    sh = [{tuple(w[i : i + 3]) for i in range(len(w) - 2)} for w in toks]
    rn = [{tuple(w[i : i + run]) for i in range(len(w) - run + 1)} for w in toks]
    df = Counter(
        r for t in {tuple(w): s for w, s in zip(toks, rn, strict=True)}.values() for r in t
    )
    rn = [{r for r in s if df[r] <= RUN_MAX_TEXTS} for s in rn]  # formula runs make no pair
    out = set()
    n = len(ids)
    for i in range(n):
        for j in range(i + 1, n):
            if not toks[i] or not toks[j] or toks[i] == toks[j]:
                if toks[i] and toks[i] == toks[j]:
                    out.add(tuple(sorted((ids[i], ids[j]))))
                continue
            cos = float(rowwise_dot(X, np.array([i]), X, np.array([j]))[0])
            inter = len(sh[i] & sh[j])
            cont = any(len(s) >= 5 and inter >= k * len(s) - 1e-9 for s in (sh[i], sh[j]))
            if cos >= t - 1e-9 or cont or (rn[i] & rn[j] and cos >= RUN_MIN_COSINE - 1e-9):
                out.add(tuple(sorted((ids[i], ids[j]))))
    return out


@pytest.mark.parametrize(("t", "k", "run"), [(0.6, 0.8, 5), (0.4, 0.5, 4), (0.8, 0.9, 8)])
def test_no_pair_above_the_candidate_thresholds_is_lost(seeds, t, k, run):
    paras = seeds[seeds["role"].isin(["title", "body", "repeat"])].reset_index(drop=True)
    want = _brute_candidates(paras, t, k, run)
    got = find_near_duplicates(
        paras, threshold=t, containment_threshold=k, min_run=run,
        title_containment_threshold=None, decision=None, progress=False,
    )  # fmt: skip
    got_keys = set(zip(got["para_a"], got["para_b"], strict=True))
    assert want <= got_keys, sorted(want - got_keys)[:5]
    assert set(got["kind"]) <= {"exact", "near", "contained", "run"}
    runs = got[got["kind"] == "run"]
    assert (runs["cosine"] < t).all()


def test_run_candidates_between_two_corpora():
    a = pd.DataFrame(
        {
            "para_id": ["a:1"],
            "text": [
                "قال المتحدث باسم الخارجية الروسية ان الجولة المقبلة من محادثات استانا ستعقد في تموز "
                "بحضور وفود الدول الضامنة وممثلي الامم المتحدة والمعارضة السورية المسلحة"
            ],
        }
    )
    b = pd.DataFrame(
        {
            "para_id": ["b:1"],
            "text": ["وفي سياق اخر الجولة المقبلة من محادثات استانا ستعقد في موعد لم يحدد بعد"],
        }
    )
    m = ParagraphMatcher(threshold=0.9, containment_threshold=0.9, min_run=5).fit(a)
    got = m.find_pairs(b)
    assert got[["para_a", "para_b", "kind"]].to_numpy().tolist() == [["a:1", "b:1", "run"]]
    off = ParagraphMatcher(threshold=0.9, containment_threshold=0.9, min_run=None).fit(a)
    assert off.find_pairs(b).empty
