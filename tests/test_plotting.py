"""Tests for astana_lib.figures.plotting: every figure, both languages, 5 and 500 articles."""

from __future__ import annotations

import shutil
import subprocess
import warnings

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
import pytest
from matplotlib.patches import FancyArrowPatch
from matplotlib.text import Text

from astana_lib import labels, plotting
from astana_lib.figures.plotting import (
    plot_actors,
    plot_citations,
    plot_coverage_heatmap,
    plot_framing_shares,
    plot_reuse_network,
    plot_rounds_timeline,
    plot_similarity,
    plot_threshold_curve,
)
from astana_lib.figures.save import save_figure

# Outlet ids that are not in the packaged registry, so names come from the fixtures.
OUTLETS = [
    ("t_rt", "قناة RT العربية", "RT Arabic"),
    ("t_jaz", "الجزيرة", "Al Jazeera"),
    ("t_sana", "الوكالة العربية السورية للأنباء (سانا)", "SANA"),
    ("t_site", "موقع 2017 / ٢٠١٧", "Site 2017"),
]


def _outlets(n: int) -> list[tuple[str, str, str]]:
    extra = [(f"t_o{i}", f"منفذ رقم {i}", f"Outlet {i}") for i in range(n)]
    return (OUTLETS + extra)[:n]


def coverage(n_outlets: int = 3, rounds=(4, 5), seed: int = 0) -> pd.DataFrame:
    rng = np.random.default_rng(seed)
    rows = [
        {
            "outlet": o,
            "round": r,
            "n_articles": int(rng.integers(1, 4)),
            "n_body_paragraphs": 9,
            "name_ar": ar,
            "name_en": en,
            "country": "x",
            "alignment": "y",
            "user_col": "keep",
        }
        for o, ar, en in _outlets(n_outlets)
        for r in rounds
    ]
    rows.append(
        {
            "outlet": None,
            "round": None,
            "n_articles": 1,
            "n_body_paragraphs": 3,
            "name_ar": None,
            "name_en": None,
            "country": None,
            "alignment": None,
            "user_col": "keep",
        }
    )
    return pd.DataFrame(rows).astype({"round": "Int64"})


VARIANTS = {
    "deescalation_zone_naming": [
        ("مناطق تخفيف التوتر", "tension-reduction zones"),
        ("مناطق خفض التصعيد", "de-escalation zones"),
        ("مناطق عدم التصعيد", "non-escalation zones"),
    ],
    "government_naming": [("النظام", "the regime"), ("الحكومة السورية", "the Syrian government")],
}


def framing(n_articles: int = 5, n_outlets: int = 3, seed: int = 0) -> pd.DataFrame:
    rng = np.random.default_rng(seed)
    outs = _outlets(n_outlets)
    rows = []
    for a in range(n_articles):
        for concept, vs in VARIANTS.items():
            for v, en in vs:
                k = int(rng.integers(0, 3))
                if k:
                    rows.append(
                        {
                            "article_id": f"a{a}",
                            "outlet": outs[a % n_outlets][0],
                            "round": int(rng.integers(1, 23)),
                            "concept": concept,
                            "variant": v,
                            "label_en": en,
                            "count": k,
                        }
                    )
    return pd.DataFrame(rows).astype({"round": "Int64"})


ACTORS = [
    ("lavrentiev", "ألكسندر لافرينتييف", "Alexander Lavrentiev"),
    ("de_mistura", "ستافان دي ميستورا", "Staffan de Mistura"),
    ("jaafari", "بشار الجعفري", "Bashar al-Jaafari"),
] + [(f"actor{i}", f"الفاعل {i}", f"Actor {i}") for i in range(20)]


def actor_mentions(n: int = 20, n_outlets: int = 3, n_actors: int = 3, seed: int = 0):
    rng = np.random.default_rng(seed)
    outs = _outlets(n_outlets)
    rows = []
    for i in range(n):
        a = ACTORS[int(rng.integers(0, n_actors))]
        rows.append(
            {
                "para_id": f"a:{i}",
                "article_id": "a",
                "outlet": outs[i % n_outlets][0],
                "round": 5,
                "actor": a[0],
                "name_en": a[2],
                "name_ar": a[1],
                "matched": a[1],
                "start": 0,
                "end": 4,
                "quoted": bool(i % 3 == 0),
                "verb": "قال" if i % 3 == 0 else None,
            }
        )
    return pd.DataFrame(rows)


AGENCIES = [
    ("sputnik", "سبوتنيك", "Sputnik"),
    ("rt", "روسيا اليوم (RT)", "RT"),
    ("kazinform", "وكالة الأنباء الكازاخستانية", "Kazinform"),
] + [(f"ag{i}", f"وكالة {i}", f"Agency {i}") for i in range(20)]


def citations(n: int = 12, n_outlets: int = 3, n_agencies: int = 3, seed: int = 0):
    rng = np.random.default_rng(seed)
    outs = _outlets(n_outlets)
    rows = []
    for i in range(n):
        ag = AGENCIES[int(rng.integers(0, n_agencies))]
        rows.append(
            {
                "article_id": f"a{i // 2}",
                "para_id": f"a{i // 2}:{i}",
                "outlet": outs[i % n_outlets][0],
                "round": 5,
                "agency": ag[0],
                "name_en": ag[2],
                "name_ar": ag[1],
                "matched": ag[1],
            }
        )
    return pd.DataFrame(rows)


def edges(n_outlets: int = 4, seed: int = 0) -> pd.DataFrame:
    rng = np.random.default_rng(seed)
    ids = [o[0] for o in _outlets(n_outlets)]
    rows = []
    for i, a in enumerate(ids):
        for b in ids[i + 1 :]:
            if n_outlets <= 4 or rng.random() < 0.3:
                d = bool(rng.random() < 0.5)
                w = int(rng.integers(1, 20))
                rows.append(
                    {
                        "outlet_from": a,
                        "outlet_to": b,
                        "n_pairs": w,
                        "n_articles_from": 1,
                        "n_articles_to": 1,
                        "directed": d,
                        "median_lag_days": 1.0 if d else np.nan,
                        "weight": w,
                    }
                )
    return pd.DataFrame(rows)


def curve(benchmarks=("gold",)) -> pd.DataFrame:
    t = np.round(np.arange(0.2, 0.96, 0.05), 2)
    parts = []
    for i, b in enumerate(benchmarks):
        p = np.clip(0.5 + 0.5 * (t - 0.2) / 0.75 - 0.02 * i, 0, 1)
        r = np.clip(1 - (t - 0.2) ** 2 * 1.5, 0, 1)
        parts.append(
            pd.DataFrame(
                {
                    "threshold": t,
                    "precision": p,
                    "recall": r,
                    "f1": 2 * p * r / (p + r),
                    "benchmark": b,
                    "n_pairs": (5000 * np.exp(-8 * (t - 0.2))).astype(int),
                }
            )
        )
    return pd.concat(parts, ignore_index=True)


def scores(n: int = 40, seed: int = 0) -> pd.DataFrame:
    rng = np.random.default_rng(seed)
    return pd.DataFrame({"cosine": np.clip(rng.beta(2, 6, n), 0, 1)})


SMALL = {
    "heatmap": lambda lang: plot_coverage_heatmap(coverage(), lang=lang),
    "timeline": lambda lang: plot_rounds_timeline(coverage(), lang=lang),
    "framing": lambda lang: plot_framing_shares(framing(), lang=lang),
    "actors": lambda lang: plot_actors(actor_mentions(), lang=lang),
    "citations": lambda lang: plot_citations(citations(), lang=lang),
    "similarity": lambda lang: plot_similarity(scores(), threshold=0.5, lang=lang),
    "curve": lambda lang: plot_threshold_curve(curve(), threshold=0.5, lang=lang),
    "network": lambda lang: plot_reuse_network(edges(), lang=lang),
}
LARGE = {
    "heatmap": lambda lang: plot_coverage_heatmap(coverage(30, range(1, 23)), lang=lang),
    "timeline": lambda lang: plot_rounds_timeline(coverage(30, range(1, 23)), lang=lang),
    "framing": lambda lang: plot_framing_shares(framing(500, 30), lang=lang),
    "actors": lambda lang: plot_actors(actor_mentions(3000, 30, 23), lang=lang),
    "citations": lambda lang: plot_citations(citations(2000, 30, 23), lang=lang),
    "similarity": lambda lang: plot_similarity(scores(20000), threshold=0.5, lang=lang),
    "curve": lambda lang: plot_threshold_curve(
        curve(("a", "b", "c", "d")), threshold=0.5, lang=lang
    ),
    "network": lambda lang: plot_reuse_network(edges(30), lang=lang),
}


def _texts(fig) -> list[str]:
    return [t.get_text() for t in fig.findobj(Text) if t.get_text()]


def _has_base_arabic(s: str) -> bool:
    return any(0x0621 <= ord(c) <= 0x064A for c in s)


@pytest.fixture(autouse=True)
def _close_figures():
    yield
    plt.close("all")


@pytest.mark.parametrize("name", sorted(SMALL))
@pytest.mark.parametrize("size", ["small", "large"])
def test_every_figure_draws_without_warnings(name, size):
    make = (SMALL if size == "small" else LARGE)[name]
    for lang in ("ar", "en"):
        with warnings.catch_warnings():
            warnings.simplefilter("error")  # missing glyphs, deprecations, layout problems
            fig = make(lang)
            fig.canvas.draw()
        w, h = fig.get_size_inches()
        assert 2 <= w <= 14 and 1.5 <= h <= 16, (name, size, w, h)
        plt.close(fig)


@pytest.mark.parametrize("name", sorted(SMALL))
def test_every_label_goes_through_ar_label(name, monkeypatch):
    # force the old-matplotlib path: any label that skipped ar_label keeps base Arabic letters
    monkeypatch.setattr(labels, "native_shaping_available", lambda: False)
    fig = SMALL[name]("ar")
    texts = _texts(fig)
    assert texts
    leaked = [t for t in texts if _has_base_arabic(t)]
    assert leaked == []
    assert any(any(0xFE70 <= ord(c) <= 0xFEFF for c in t) for t in texts)  # reshaped


def test_native_path_draws_logical_strings():
    fig = plot_coverage_heatmap(coverage(), lang="ar")
    ticks = [t.get_text() for t in fig.axes[0].get_yticklabels()]
    if labels.native_shaping_available():
        assert "الجزيرة" in ticks and "قناة RT العربية" in ticks


def test_english_labels_and_registry_fallback():
    fig = plot_coverage_heatmap(coverage(), lang="en")
    ticks = [t.get_text() for t in fig.axes[0].get_yticklabels()]
    assert "RT Arabic" in ticks and "(unknown)" in ticks
    assert not any(_has_base_arabic(t) for t in ticks)
    # registry ids get registry names; unknown ids fall back to the id
    cov = pd.DataFrame(
        {"outlet": ["sana", "no_such_outlet"], "round": [4, 4], "n_articles": [1, 2]}
    )
    fig = plot_coverage_heatmap(cov, lang="en")
    ticks = {t.get_text() for t in fig.axes[0].get_yticklabels()}
    assert "no_such_outlet" in ticks
    assert "sana" not in ticks  # the packaged registry names it


def test_inputs_are_not_modified():
    tables = [coverage(), framing(), actor_mentions(), citations(), edges(), scores(), curve()]
    before = [t.copy() for t in tables]
    plot_coverage_heatmap(tables[0])
    plot_rounds_timeline(tables[0])
    plot_framing_shares(tables[1])
    plot_actors(tables[2])
    plot_citations(tables[3])
    plot_reuse_network(tables[4])
    plot_similarity(tables[5], threshold=0.4)
    plot_threshold_curve(tables[6])
    for a, b in zip(tables, before, strict=True):
        pd.testing.assert_frame_equal(a, b)


def test_heatmap_caps_rows_and_keeps_totals():
    cov = coverage(30, range(1, 23))
    fig = plot_coverage_heatmap(cov, top_n=10, lang="en")
    ax = fig.axes[0]
    ticks = [t.get_text() for t in ax.get_yticklabels()]
    assert len(ticks) == 10
    assert ticks[-1].startswith("other (")
    n_other = int(ticks[-1].split("(")[1].rstrip(")"))
    assert n_other == 31 - 9  # 30 named outlets + unknown, 9 shown
    data = np.ma.filled(ax.images[0].get_array(), 0)
    assert data.sum() == cov["n_articles"].sum()  # nothing lost, unknown round included
    assert ax.get_xticklabels()[-1].get_text() == "unknown"


def test_heatmap_annotates_only_few_cells():
    small = plot_coverage_heatmap(coverage(), lang="en").axes[0]
    assert len(small.texts) == 7  # 3 outlets × 2 rounds + the unknown cell
    big = plot_coverage_heatmap(coverage(30, range(1, 23)), top_n=25, lang="en").axes[0]
    assert len(big.texts) == 0  # 25 × 23 cells: too many to annotate
    assert len(plot_coverage_heatmap(coverage(), annotate=False).axes[0].texts) == 0


def test_heatmap_all_rounds_and_bad_input():
    ax = plot_coverage_heatmap(coverage(), all_rounds=True, lang="en").axes[0]
    assert [t.get_text() for t in ax.get_xticklabels()][:22] == [str(r) for r in range(1, 23)]
    with pytest.raises(ValueError, match="missing column"):
        plot_coverage_heatmap(pd.DataFrame({"outlet": ["x"]}))
    with pytest.raises(ValueError, match="lang must be one of"):
        plot_coverage_heatmap(coverage(), lang="fr")
    with pytest.raises(ValueError, match="top_n"):
        plot_coverage_heatmap(coverage(), top_n=0)


def test_timeline_labels_every_round_and_reports_unknown():
    fig = plot_rounds_timeline(coverage(), lang="ar")
    texts = _texts(fig)
    assert sum(t.startswith(("أستانا", "سوتشي", "نور سلطان")) for t in texts) == 22
    assert "أستانا 5" in texts or not labels.native_shaping_available()
    assert any("1" in t and "بلا جولة" in t for t in texts)
    ax = fig.axes[0]
    heights = [p.get_height() for p in ax.patches]
    assert sum(heights) == coverage()["n_articles"][coverage()["round"].notna()].sum()


def test_framing_shares_sum_to_one_per_bar():
    fig = plot_framing_shares(framing(), lang="en")
    assert len(fig.axes) == 2  # one panel per concept
    for ax in fig.axes:
        widths: dict[float, float] = {}
        for p in ax.patches:
            y = round(p.get_y(), 6)
            widths[y] = widths.get(y, 0.0) + p.get_width()
        assert widths and all(abs(w - 1) < 1e-9 for w in widths.values())
    one = plot_framing_shares(framing(), concepts=["government_naming"], by="round", lang="ar")
    assert len(one.axes) == 1
    with pytest.raises(ValueError, match="not in framing_counts"):
        plot_framing_shares(framing(), concepts=["nope"])
    fig, ax = plt.subplots()
    with pytest.raises(ValueError, match="one panel"):
        plot_framing_shares(framing(), ax=ax)


def test_actors_counts_and_cap():
    am = actor_mentions()
    am["article_id"] = [f"art{i // 2}" for i in range(len(am))]
    fig = plot_actors(am, lang="en")
    ax = fig.axes[0]
    texts = [t.get_text() for t in ax.texts]
    out = am[am["outlet"] == "t_rt"]
    lav = out[out["actor"] == "lavrentiev"]
    share = lav["article_id"].nunique() / out["article_id"].nunique()
    qshare = lav.loc[lav["quoted"], "article_id"].nunique() / out["article_id"].nunique()
    expected = f"{share:.0%}" + (f" ({qshare:.0%})" if qshare else "")
    assert expected in texts
    big = plot_actors(actor_mentions(3000, 30, 23), top_n=10, lang="en").axes[0]
    assert len(big.get_yticklabels()) == 10
    assert any(t.get_text().startswith("shown: top 10 of 23") for t in big.texts)


def test_actors_are_per_article_of_the_outlet_not_raw_counts():
    """Issue 10: a big outlet looked as if it mentioned everyone more (raw counts)."""
    am = pd.DataFrame(
        {
            "actor": ["lavrov"] * 6 + ["lavrov"],
            "article_id": ["b1", "b1", "b2", "b3", "b4", "b5", "s1"],
            "outlet": ["t_big"] * 6 + ["t_small"],
            "quoted": [True, False, False, False, False, False, True],
            "name_en": ["Sergey Lavrov"] * 7,
        }
    )
    arts = pd.DataFrame(
        {
            "article_id": [f"b{i}" for i in range(1, 11)] + ["s1"],
            "outlet": ["t_big"] * 10 + ["t_small"],
        }
    )
    ax = plot_actors(am, articles=arts, lang="en", annotate=True).axes[0]
    texts = sorted(t.get_text() for t in ax.texts)
    assert "50% (10%)" in texts and "100% (100%)" in texts
    labels = [t.get_text() for t in ax.get_xticklabels()]
    assert any("n=10" in x for x in labels) and any("n=1" in x for x in labels)


def test_citations_count_articles_vs_citations():
    ci = pd.DataFrame(
        {
            "article_id": ["a", "a", "b"],
            "outlet": ["t_rt"] * 3,
            "agency": ["sputnik"] * 3,
            "name_en": ["Sputnik"] * 3,
            "name_ar": ["سبوتنيك"] * 3,
        }
    )
    arts = np.ma.filled(plot_citations(ci, lang="en").axes[0].images[0].get_array(), 0)
    cits = np.ma.filled(plot_citations(ci, count="citations").axes[0].images[0].get_array(), 0)
    assert arts.sum() == 2 and cits.sum() == 3


def test_similarity_threshold_and_validation():
    fig = plot_similarity(scores(), threshold=0.35, lang="en")
    ax = fig.axes[0]
    assert any(abs(line.get_xdata()[0] - 0.35) < 1e-12 for line in ax.get_lines())
    n_above = int((scores()["cosine"] >= 0.35).sum())
    assert any(f"pairs ≥ threshold: {n_above}" in t for t in _texts(fig))
    assert plot_similarity(np.array([0.1, 0.9]), threshold=0.5)  # array input
    with pytest.raises(ValueError, match=r"\[0, 1\]"):
        plot_similarity([0.1, 1.5], threshold=0.5)
    with pytest.raises(ValueError, match="threshold"):
        plot_similarity([0.1], threshold=0)


def test_threshold_curve_layouts():
    single = plot_threshold_curve(curve(), threshold=0.5, lang="en")
    assert len(single.axes) == 2  # scores + twin axis for n_pairs
    facets = plot_threshold_curve(curve(("a", "b", "c")), lang="en")
    assert len(facets.axes) == 4  # precision, recall, f1, n_pairs
    assert [t.get_text() for t in facets.legends[0].get_texts()] == ["a", "b", "c"]
    with pytest.raises(ValueError, match="at least one of"):
        plot_threshold_curve(pd.DataFrame({"threshold": [0.5]}))


def test_reuse_network_arrows_and_determinism():
    e = edges()

    def geometry():
        fig = plot_reuse_network(e, lang="en")
        ax = fig.axes[0]
        arrows = [p for p in ax.patches if isinstance(p, FancyArrowPatch)]
        return fig, arrows, ax.collections[-1].get_offsets().copy()

    fig, arrows, pos1 = geometry()
    _, _, pos2 = geometry()
    np.testing.assert_allclose(pos1, pos2)  # fixed layout
    assert len(arrows) == len(e)
    heads = sum(
        "-|>" in repr(a.get_arrowstyle()) or type(a.get_arrowstyle()).__name__ == "CurveFilledB"
        for a in arrows
    )
    assert heads == int(e["directed"].sum())
    names = _texts(fig)
    assert "RT Arabic" not in names  # ids not in registry: id shown
    assert "t_rt" in names
    empty = plot_reuse_network(e.iloc[:0], lang="ar")
    assert any("لا بيانات" in t for t in _texts(empty))


def test_draw_into_given_axes():
    fig, axes = plt.subplots(1, 2)
    out = plot_similarity(scores(), threshold=0.5, ax=axes[0])
    assert out is fig
    plot_coverage_heatmap(coverage(), ax=axes[1])
    assert axes[1].images


def test_saved_plot_is_reproducible_and_searchable(tmp_path):
    a = save_figure(plot_coverage_heatmap(coverage()), "cov", out=tmp_path / "a", close=True)
    b = save_figure(plot_coverage_heatmap(coverage()), "cov", out=tmp_path / "b", close=True)
    assert [p.read_bytes() for p in a] == [p.read_bytes() for p in b]
    if shutil.which("pdftotext") and labels.native_shaping_available():
        text = subprocess.run(
            ["pdftotext", str(a[0]), "-"], capture_output=True, text=True, check=True
        ).stdout
        assert "الجزيرة" in text


def test_module_exports():
    assert set(plotting.__all__) == {
        "plot_actors",
        "plot_citations",
        "plot_coverage_heatmap",
        "plot_framing_shares",
        "plot_reuse_network",
        "plot_rounds_timeline",
        "plot_similarity",
        "plot_threshold_curve",
    }


def test_empty_tables_draw_a_no_data_figure():
    from astana_lib.schema import ACTOR_MENTIONS, CITATIONS, COVERAGE, FRAMING_COUNTS, REUSE_EDGES

    def empty(schema):
        return pd.DataFrame({c: [] for c in schema})

    figs = [
        plot_coverage_heatmap(empty(COVERAGE), lang="en"),
        plot_framing_shares(empty(FRAMING_COUNTS), lang="en"),
        plot_actors(empty(ACTOR_MENTIONS), lang="en"),
        plot_citations(empty(CITATIONS), lang="en"),
        plot_reuse_network(empty(REUSE_EDGES), lang="en"),
    ]
    for fig in figs:
        assert "no data" in _texts(fig)
    timeline = plot_rounds_timeline(empty(COVERAGE), lang="en")
    assert sum(p.get_height() for p in timeline.axes[0].patches) == 0


def test_pooled_other_row_does_not_wash_out_the_colour_scale():
    cov = coverage(30, range(1, 23))
    ax = plot_coverage_heatmap(cov, top_n=5, lang="en").axes[0]
    im = ax.images[0]
    named_max = np.ma.filled(im.get_array(), 0)[:-1].max()
    assert im.norm.vmax == named_max  # scale set by the named outlets
    assert np.ma.filled(im.get_array(), 0)[-1].max() > named_max  # "other" saturates


# ------------------------------------------------------------ issue 10: honest figures
def test_framing_groups_under_min_n_are_not_drawn_and_the_figure_says_so():
    fc = pd.DataFrame(
        {
            "article_id": ["a", "b", "c"],
            "outlet": ["t_rt", "t_rt", "t_aljazeera"],
            "concept": ["government_naming"] * 3,
            "variant": ["النظام", "الحكومة السورية", "النظام"],
            "label_en": ["the regime", "the Syrian government", "the regime"],
            "count": [4, 2, 1],
        }
    )
    fig = plot_framing_shares(fc, lang="en", min_n=5)
    ax = fig.axes[0]
    labels = [t.get_text() for t in ax.get_yticklabels()]
    assert len(labels) == 1 and labels[0].endswith("(n=6)")
    assert "1 group(s) with fewer than 5 uses not drawn" in ax.get_title()
    legend = [t.get_text() for t in ax.get_legend().get_texts()]
    assert not any("(" in t or any("\u0600" <= ch <= "\u06ff" for ch in t) for t in legend)
    plt.close(fig)


def test_citations_figure_leaves_out_self_references_and_says_how_many():
    ci = pd.DataFrame(
        {
            "article_id": ["a", "a", "b"],
            "outlet": ["t_rt"] * 3,
            "agency": ["rt", "sputnik", "rt"],
            "name_en": ["RT", "Sputnik", "RT"],
            "name_ar": ["روسيا اليوم", "سبوتنيك", "روسيا اليوم"],
            "citation_kind": ["self", "agency", "self"],
        }
    )
    fig = plot_citations(ci, lang="en")
    assert [t.get_text() for t in fig.axes[0].get_xticklabels()] == ["Sputnik"]
    notes = [t for t in fig.axes[0].texts if "2 self-references" in t.get_text()]
    assert len(notes) == 1
    # the note sits below the x-axis label and never overprints it
    fig.draw_without_rendering()
    renderer = fig.canvas.get_renderer()
    note_box = notes[0].get_window_extent(renderer)
    label_box = fig.axes[0].xaxis.label.get_window_extent(renderer)
    assert note_box.y1 <= label_box.y0 and not note_box.overlaps(label_box)
    plt.close(fig)


def test_similarity_figure_counts_contained_pairs_below_the_threshold():
    pairs = pd.DataFrame(
        {"cosine": [0.9, 0.7, 0.4, 0.35], "kind": ["near", "near", "contained", "near"]}
    )
    fig = plot_similarity(pairs, threshold=0.6, lang="en")
    texts = " ".join(t.get_text() for t in fig.axes[0].texts)
    assert "pairs ≥ threshold: 2" in texts and "+ 1 pairs by containment" in texts
    plt.close(fig)


def test_threshold_figures_have_distinct_titles_and_arabic_legends():
    sens = pd.DataFrame({"threshold": [0.3, 0.6], "n_pairs": [10, 4]})
    bench = pd.DataFrame(
        {
            "threshold": [0.3, 0.6, 0.3, 0.6],
            "precision": [0.5, 0.9, 0.4, 0.8],
            "recall": [0.9, 0.7, 0.9, 0.6],
            "f1": [0.6, 0.8, 0.5, 0.7],
            "benchmark": ["gold", "gold", "synthetic", "synthetic"],
        }
    )
    a = plot_threshold_curve(sens, lang="en").axes[0].get_title()
    b = plot_threshold_curve(bench, lang="en").axes[0].get_title()
    assert a and b and a != b
    fig = plot_threshold_curve(bench, lang="ar")
    legend_text = " ".join(t.get_text() for lg in fig.legends for t in lg.get_texts())
    assert "gold" not in legend_text and "synthetic" not in legend_text
    plt.close("all")


def test_network_france24_sky_directed_part_stays_an_arrow():
    # issue 10: France 24 → Sky News (26 directed pairs) + 3 same-day pairs were merged
    # into one plain line labelled 29, while a 1-pair CNN → Sky arrow was drawn.
    from matplotlib.patches import FancyArrowPatch

    e = pd.DataFrame(
        {
            "outlet_from": ["france24_arabic", "france24_arabic", "cnn_arabic"],
            "outlet_to": ["skynews_arabia", "skynews_arabia", "skynews_arabia"],
            "n_pairs": [26, 3, 1],
            "weight": [26, 3, 1],
            "directed": [True, False, True],
        }
    )
    fig = plot_reuse_network(e, lang="en")
    labels = sorted(t.get_text() for t in fig.axes[0].texts if t.get_text().isdigit())
    assert labels == ["1", "26", "3"]
    arrows = [p for p in fig.axes[0].patches if isinstance(p, FancyArrowPatch)]
    heads = [p for p in arrows if "Filled" in type(p.get_arrowstyle()).__name__]
    assert len(arrows) == 3 and len(heads) == 2
    # counts carry a halo, not a white box that hides the edges
    assert all(t.get_bbox_patch() is None for t in fig.axes[0].texts)


def test_network_net_view_draws_agencies_and_can_drop_quotations():
    e = pd.DataFrame(
        {
            "outlet_from": ["sana", "sana", "cnn_arabic"],
            "outlet_to": ["france24_arabic", "skynews_arabia", "france24_arabic"],
            "n_pairs": [24, 12, 4],
            "weight": [24, 12, 4],
            "directed": [True, True, False],
            "edge_kind": ["agency", "agency", "quotation"],
            "kind_from": ["agency", "agency", "outlet"],
        }
    )
    fig = plot_reuse_network(e, lang="en")
    legend = [t.get_text() for t in fig.axes[0].get_legend().get_texts()]
    assert "news agency" in legend and "shared quotation (not copying)" in legend
    fig2 = plot_reuse_network(e, lang="en", quotations="drop")
    names = {t.get_text() for t in fig2.axes[0].texts}
    assert "CNN Arabic" not in names and "SANA" in names
    with pytest.raises(ValueError, match="quotations"):
        plot_reuse_network(e, quotations="none")
