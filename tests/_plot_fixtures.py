"""Test tables for the figure tests: outlets outside the registry, Arabic names, 5 to 500 articles."""

from __future__ import annotations

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
import pytest
from matplotlib.text import Text

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


def _texts(fig) -> list[str]:
    return [t.get_text() for t in fig.findobj(Text) if t.get_text()]


def _has_base_arabic(s: str) -> bool:
    return any(0x0621 <= ord(c) <= 0x064A for c in s)


@pytest.fixture(autouse=True)
def _close_figures():
    yield
    plt.close("all")
