"""The fixed texts of the figures, in Arabic and English, in one place.

:data:`TEXT` maps a key to its ``(Arabic, English)`` pair; :func:`text` picks one and fills
its ``{placeholders}``. Counts are written as "label: n" so the Arabic needs no number
agreement. The smaller tables name places, event types and benchmarks in Arabic.

Examples
--------
>>> text("top_shown", "en", k=3, n=10)
'shown: top 3 of 10'
>>> text("other", "ar")
'أخرى'
"""

from __future__ import annotations

from typing import Any

__all__ = ["BENCH_AR", "CITY_AR", "EVENT_TYPE_AR", "TEXT", "text"]

#: key -> (Arabic, English)
TEXT: dict[str, tuple[str, str]] = {
    "round": ("جولة أستانا", "Astana round"),
    "outlet": ("الوسيلة الإعلامية", "Outlet"),
    "n_articles": ("عدد المقالات", "Articles"),
    "n_body_paragraphs": ("عدد فقرات المتن", "Body paragraphs"),
    "coverage_title": (
        "التغطية حسب الوسيلة الإعلامية وجولة أستانا",
        "Coverage by outlet and Astana round",
    ),
    "unknown_round": ("غير معروفة", "unknown"),
    "unknown": ("غير معروف", "(unknown)"),
    "other": ("أخرى", "other"),
    "timeline_title": ("جولات أستانا وتغطيتها", "The Astana rounds and their coverage"),
    "unknown_round_note": ("مقالات بلا جولة معروفة: {n}", "articles with unknown round: {n}"),
    "no_coverage": ("جولة بلا تغطية", "round without coverage"),
    "share": ("الحصة من الاستخدامات", "Share of uses"),
    "framing_title": ("مصطلحات التأطير", "Framing vocabulary"),
    "by_outlet": ("حسب الوسيلة الإعلامية", "by outlet"),
    "by_round": ("حسب الجولة", "by round"),
    "round_n": ("الجولة {n}", "round {n}"),
    "actors_title": (
        "الفاعلون في التغطية: نسبة مقالات كل وسيلة التي تذكرهم وتقتبس منهم",
        "Actors in the coverage: share of each outlet's articles mentioning / quoting them",
    ),
    "mentions": ("الذكر", "mentions"),
    "share_articles_all": (
        "نسبة مقالات الوسيلة التي تذكره",
        "share of the outlet's articles mentioning the actor",
    ),
    "share_articles_with_actor": (
        "نسبة مقالات الوسيلة (التي تذكر فاعلًا واحدًا على الأقل) التي تذكره",
        "share of the outlet's articles (with any actor) mentioning the actor",
    ),
    "quoted": ("اقتباس (قال، أعلن، أكد…)", "quoted (said, announced…)"),
    "actor": ("الفاعل", "Actor"),
    "citations_title": (
        "الوكالات والمصادر التي تستشهد بها الوسائل الأخرى",
        "Agencies and sources cited by other outlets",
    ),
    "contained_too": (
        "و{k} زوجًا بالاحتواء (جيب التمام أقل من العتبة)",
        "+ {k} pairs by containment (cosine below it)",
    ),
    "small_left_out": (
        "لم تُرسم {k} مجموعة استخدمت المفهوم أقل من {m} مرات",
        "{k} group(s) with fewer than {m} uses not drawn",
    ),
    "self_left_out": (
        "استُبعدت {n} إشارة من الوسيلة إلى نفسها",
        "{n} self-references of an outlet to itself left out",
    ),
    "articles": ("مقالات تستشهد بالمصدر", "Articles citing"),
    "citations": ("مرات الاستشهاد", "Citations"),
    "agency": ("الوكالة أو المصدر", "Agency or source"),
    "cosine": ("تشابه جيب التمام (TF-IDF)", "Cosine similarity (TF-IDF)"),
    "pairs": ("أزواج الفقرات", "Paragraph pairs"),
    "threshold": ("العتبة", "threshold"),
    "similarity_title": ("توزيع درجات التشابه", "Distribution of similarity scores"),
    "above": ("أزواج فوق العتبة: {n} ({p})", "pairs ≥ threshold: {n} ({p})"),
    "curve_title": ("حساسية النتائج للعتبة", "Threshold sensitivity"),
    "curve_title_bench": (
        "الدقة والاستدعاء حسب العتبة في مجموعات الاختبار",
        "Precision and recall by threshold on the benchmarks",
    ),
    "curve_title_pairs": (
        "عدد الأزواج في هذه المدونة حسب العتبة",
        "Pairs found in this corpus by threshold",
    ),
    "precision": ("الدقة", "precision"),
    "recall": ("الاستدعاء", "recall"),
    "f1": ("مقياس F1", "F1"),
    "n_pairs": ("عدد الأزواج", "pairs found"),
    "score": ("القيمة", "score"),
    "best_f1": ("الأفضل {f:.2f} عند {t:.2f}", "best {f:.2f} at {t:.2f}"),
    "network_title": ("إعادة استخدام النصوص بين الوسائل الإعلامية", "Text reuse between outlets"),
    "top_shown": ("المعروض: أعلى {k} من {n}", "shown: top {k} of {n}"),
    "empty": ("لا بيانات", "no data"),
    # coverage over time (timeline.py)
    "monthly_title": (
        "التغطية عبر الزمن: المقالات شهريًا حسب الوسيلة",
        "Coverage over time: articles per month",
    ),
    "monthly_ylabel": ("عدد المقالات", "articles"),
    "undated": ("مقالات بلا تاريخ لم تُرسم: {n}", "{n} undated article(s) not drawn"),
    "rounds_note": (
        "الخطوط: جولات أستانا (أحمر) وأحداث مرتبطة (رمادي)؛ {k} من {n} مقالة بجولة معروفة",
        "lines: Astana rounds (red), related events (grey); {k} of {n} articles have a known round",
    ),
    # the reuse network (network.py): edge kinds, node kinds, the note under the graph
    "edge_copy": ("نسخ من وسيلة إلى أخرى", "outlet → outlet copy"),
    "edge_reuse": ("إعادة استخدام", "reuse"),
    "edge_unresolved": ("مصدر غير محدد", "origin unknown"),
    "edge_agency": ("من وكالة أنباء", "agency → outlet"),
    "edge_quotation": ("اقتباس مشترك (ليس نسخًا)", "shared quotation (not copying)"),
    "agency_node": ("وكالة أنباء", "news agency"),
    "outlet_node": ("وسيلة إعلامية", "outlet"),
    "network_note": (
        "السهم: من نشر أولًا ← من نشر لاحقًا (أو الوكالة ← من نقل عنها)؛ الخط: الترتيب غير "
        "معروف؛ السماكة: عدد الأزواج",
        "arrow: published first → later (or agency → outlet crediting it); plain line: "
        "order unknown; width: reused pairs",
    ),
}

#: Arabic names of the benchmarks in ``benchmarks/results/threshold_curve.csv``.
BENCH_AR = {
    "gold": "المعيار الذهبي",
    "news": "دون خلط الكلمات",
    "synthetic": "نسخ اصطناعية",
    "none": "نسخ حرفي",
    "word shuffling": "خلط الكلمات",
    "phrase shuffling": "خلط العبارات",
    "manual synonym substitution": "استبدال المرادفات",
    "manual paraphrasing": "إعادة الصياغة",
}

#: Arabic names of the cities of related events (when the table has no ``city_ar``).
CITY_AR = {"Sochi": "سوتشي", "Tehran": "طهران", "Doha": "الدوحة", "Ankara": "أنقرة",
           "Astana": "أستانا", "Geneva": "جنيف", "Moscow": "موسكو"}  # fmt: skip
#: Arabic names of related-event types.
EVENT_TYPE_AR = {"congress": "مؤتمر", "memorandum": "مذكرة", "summit": "قمة",
                 "meeting": "اجتماع", "ministers": "اجتماع وزاري"}  # fmt: skip


def text(key: str, lang: str, **fmt: Any) -> str:
    """The text ``key`` in ``lang`` ("ar" or "en"), with ``fmt`` filled in when given."""
    value = TEXT[key][0 if lang == "ar" else 1]
    return value.format(**fmt) if fmt else value
