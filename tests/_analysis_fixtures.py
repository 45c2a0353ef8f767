"""Fixture tables for the analysis tests (schema columns + one user column)."""

from __future__ import annotations

import pandas as pd

from astana_lib.schema import ARTICLES, PARAGRAPHS
from astana_lib.text.normalize import normalize_arabic

ARTICLE_TEXTS = {
    "a1": [
        ("title", "لافرنتييف: جولة آستانا الحالية ستكون ختامية بالنسبة لمناطق تخفيف التوتر"),
        ("body", "وقال لافرنتييف خلال مؤتمر صحفي إن مناطق تخفيف التوتر تعمل."),
        (
            "body",
            "وأكد الوفد أن المعارضة المسلحة حضرت، وأن المعارضة السورية غائبة والمعارضة منقسمة.",
        ),
        ("repeat", "وقال لافرنتييف خلال مؤتمر صحفي إن مناطق تخفيف التوتر تعمل."),
    ],
    "a2": [
        ("body", "تشهد أستانا مفاوضات لإطلاق كل مناطق خفض التصعيد ومنطقة رابعة لخفض التصعيد."),
        (
            "body",
            "وقال المبعوث الخاص للرئيس الروسي إلى سوريا ألكسندر لافرينتييف إن النظام السوري وافق.",
        ),
        ("byline", "فريق ماسة"),
    ],
    "a3": [
        ("body", "أعلنت الدول الضامنة أن مناطق خفض التوتر قائمة، وقال يحيى العريضي إن الوفد حاضر."),
    ],
    "a4": [("body", "نص بلا مصطلحات.")],
}
META = {
    "a1": ("outlet_x", "2017-09-14", 6, "batch1"),
    "a2": ("outlet_y", "2017-09-15", 6, "batch1"),
    "a3": (None, None, None, "batch2"),
    "a4": ("outlet_x", "2017-07-05", 5, "batch2"),
}


def make_paragraphs() -> pd.DataFrame:
    rows = []
    for aid, paras in ARTICLE_TEXTS.items():
        outlet, date, rnd, tag = META[aid]
        for no, (role, text) in enumerate(paras, 1):
            row = {c: pd.NA for c in PARAGRAPHS}
            row.update(
                para_id=f"{aid}:{no}",
                article_id=aid,
                para_no=no,
                path=f"{aid}.txt",
                line_start=no,
                line_end=no,
                text=text,
                norm=normalize_arabic(text),
                role=role,
                role_reason="fixture",
                outlet=outlet,
                date=pd.Timestamp(date) if date else pd.NaT,
                round=rnd,
                my_tag=tag,
            )
            rows.append(row)
    df = pd.DataFrame(rows)
    df["round"] = df["round"].astype("Int64")
    df["date"] = pd.to_datetime(df["date"])
    return df


def make_articles() -> pd.DataFrame:
    paras = make_paragraphs()
    rows = []
    for aid, (outlet, date, rnd, tag) in META.items():
        row = {c: pd.NA for c in ARTICLES if c != "<extra>"}
        row.update(
            article_id=aid,
            path=f"{aid}.txt",
            outlet=outlet,
            date=pd.Timestamp(date) if date else pd.NaT,
            round=rnd,
            n_paragraphs=int((paras["article_id"] == aid).sum()),
            my_tag=tag,
        )
        rows.append(row)
    df = pd.DataFrame(rows)
    df["round"] = df["round"].astype("Int64")
    df["date"] = pd.to_datetime(df["date"])
    return df
