"""A messy record file for the distributed reader's identity tests (no corpus text).

Every corpus-level step has something to do across parts: repeated ids, site boilerplate
lines, duplicate records by each rule (record field, url, identical and near-identical
bodies), extra fields whose type differs between parts, empty/missing text and an
invalid JSON line.
"""

from __future__ import annotations

import json
import random
from pathlib import Path

WORDS = [
    "محادثات",
    "أستانا",
    "سوريا",
    "وفد",
    "المعارضة",
    "الحكومة",
    "روسيا",
    "تركيا",
    "إيران",
    "وقف",
    "إطلاق",
    "النار",
    "الجولة",
    "المقبلة",
    "المناطق",
    "الآمنة",
    "اتفاق",
    "خفض",
    "التصعيد",
    "دمشق",
    "حلب",
    "إدلب",
    "الغوطة",
    "الأمم",
    "المتحدة",
    "جنيف",
    "المبعوث",
    "الخاص",
    "البيان",
    "الختامي",
    "الضامنة",
    "العسكرية",
    "الفصائل",
    "المسلحة",
    "المراقبة",
]
PROMO = "تابعونا على تويتر وفيسبوك"
CREDIT = "فرانس24/ أ ف ب"


def _para(rng: random.Random, n: int = 14) -> str:
    return " ".join(rng.choice(WORDS) for _ in range(n))


def write_messy_jsonl(path: Path, n: int = 60, seed: int = 0) -> Path:
    """Write ``n`` records (plus one invalid line) to ``path`` (.jsonl)."""
    rng = random.Random(seed)
    recs = []
    for k in range(n):
        outlet = ["SANA", "الجزيرة", "العربية"][k % 3]
        body = [_para(rng) for _ in range(rng.randint(2, 5))]
        if k % 3 == 0:
            body.append(PROMO)
        if k % 3 == 1 and k % 2:
            body.insert(0, CREDIT)
        rec = {
            "id": f"r{k}",
            "outlet": outlet,
            "date": f"2018-01-{1 + k % 9:02d}",
            "title": _para(rng, 5),
            "text": "\n\n".join(body),
            "url": f"https://example.org/{k}",
            "views": k if k < n // 2 else f"{k} views",
        }
        if k % 11 == 0:
            rec["tags"] = ["a", k]
        recs.append(rec)
    recs[7]["id"] = recs[40]["id"] = recs[52]["id"] = "same"  # repeated ids across parts
    recs[9]["url"] = recs[45]["url"]  # rule 2
    recs[50]["url_duplicate_of"] = "r3"  # rule 1
    recs[33] = {**recs[6], "id": "copy6", "url": "https://example.org/copy6"}  # rule 3
    near = recs[12]["text"].split(" ")
    near[3] = "تغيير"
    recs[48] = {**recs[12], "id": "near12", "url": "https://example.org/near12",
                "text": " ".join(near)}  # fmt: skip
    recs[20]["text"] = ""
    del recs[21]["text"]
    recs[22]["id"] = None
    with path.open("w", encoding="utf-8") as fh:
        for k, r in enumerate(recs):
            print(json.dumps(r, ensure_ascii=False), file=fh)
            if k == 30:
                print("{not json", file=fh)
    return path
