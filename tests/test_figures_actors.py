"""Tests for astana_lib.figures.actors (actors per outlet)."""

from __future__ import annotations

import pandas as pd
from _plot_fixtures import (
    _close_figures,  # noqa: F401  (autouse)
    actor_mentions,
)

from astana_lib.figures.actors import plot_actors


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
