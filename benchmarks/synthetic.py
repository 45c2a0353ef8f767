"""Synthetic wire-copy reuse with known ground truth, built from real paragraphs.

:func:`make_synthetic_reuse` takes a background of real paragraphs (columns ``para_id``,
``article_id``, ``para_no``, ``text``; other columns travel through) and adds edited
copies of some of them, each in a new one-paragraph article of outlet ``"synthetic"``.
It returns ``(paragraphs, truth, hard_negatives)``:

* ``truth``: one row per true reuse pair ``(para_a, para_b, transform)``;
* ``hard_negatives``: pairs of *different* texts on the same topic ``(para_a, para_b, kind)``
  with ``kind`` ``same_article`` (two paragraphs of one article) or ``shared_entities``
  (different articles sharing at least three named entities);
* ``paragraphs`` also has ``group``: the true reuse group id (-1 outside any group).

Transformations (one per copy, chosen round-robin, fixed seed):

``verbatim``          identical copy (control)
``spelling``          alef/hamza forms أ/إ/آ/ا, ى/ي, ة/ه swapped in ~half the eligible words
``names``             transliteration variants (لافرينتيف/لافرنتييف, دي ميستورا/دي مستورا,
                      ترامب/ترمب, أردوغان/اردوغان …) in paragraphs that mention such names
``noise``             diacritics, tatweel and zero-width characters sprinkled in
``attribution``       an attribution clause added ("نقلت وكالة سبوتنيك عن …", "، وفقا لوكالة
                      الأنباء …") or, when the paragraph opens with one, dropped
``truncate``          the first 50–80 % of the words kept
``reorder``           sentences (or, for one-sentence paragraphs, comma clauses) reordered
``runon``             2–4 consecutive paragraphs of one article joined into one run-on
                      paragraph (each source is *contained* in the copy)
``wire_edit``         what an outlet does to wire copy: light spelling/name variants +
                      attribution added + 80–100 % kept + light diacritics
``heavy_edit``        a rewrite desk's pass: one sentence/clause dropped, spelling/name
                      variants, attribution added, 70–100 % kept
``headline``          a headline made from the lead: 9–14 consecutive words of the first
                      sentence with one inner word dropped (role ``title``; every other row
                      has role ``body``)
"""

from __future__ import annotations

import re
from collections.abc import Sequence

import numpy as np
import pandas as pd

TRANSFORMS = (
    "verbatim",
    "spelling",
    "names",
    "noise",
    "attribution",
    "truncate",
    "reorder",
    "runon",
    "wire_edit",
    "heavy_edit",
    "headline",
)

#: Transliteration/spelling variants of names seen in Arabic news (each row: one name).
NAME_VARIANTS: tuple[tuple[str, ...], ...] = (
    ("لافرينتيف", "لافرنتييف", "لافرينتييف", "لافرنتيف"),
    ("دي ميستورا", "دي مستورا", "دى ميستورا"),
    ("بيدرسن", "بيدرسون", "بيدرسين"),
    ("أستانا", "آستانا", "استانا", "أستانة"),
    ("سوتشي", "سوتشى"),
    ("ترامب", "ترمب"),
    ("أردوغان", "اردوغان", "إردوغان"),
    ("نتنياهو", "نتانياهو"),
    ("شويغو", "شويجو"),
    ("بوتين", "بوتن"),
    ("أوباما", "اوباما"),
    ("كيري", "كيرى"),
    ("لافروف", "لافرُوف"),
    ("بان كي مون", "بان كيمون"),
    ("جنيف", "جينيف"),
)
_NAME_RE = re.compile("|".join(sorted({re.escape(v) for g in NAME_VARIANTS for v in g}, key=len, reverse=True)))  # fmt: skip
_NAME_GROUP = {v: g for g in NAME_VARIANTS for v in g}

ATTRIBUTION_PREFIX = (
    "نقلت وكالة سبوتنيك عن مصدر دبلوماسي أن ",
    "ذكرت وكالة الأنباء السورية الرسمية (سانا) أن ",
    "قالت وكالة رويترز إن ",
    "أفادت وكالة الأناضول بأن ",
    "نقلت وكالة تاس الروسية عن مصدر مطلع أن ",
)
ATTRIBUTION_SUFFIX = (
    "، وفقا لوكالة الأنباء الفرنسية.",
    "، بحسب ما نقلت وكالة رويترز.",
    "، وفقا لوكالة الأنباء السورية (سانا).",
    "، حسبما أفادت وكالة سبوتنيك.",
    "، على ما ذكرت وكالة الأناضول للأنباء.",
)
_LEADING_ATTR = re.compile(
    r"^(?:و)?(?:نقلت|ذكرت|قالت|أفادت|أوردت)\s+(?:وكالة|صحيفة|قناة|مصادر)\s+(?:\S+\s+){0,4}?"
    r"(?:عن\s+(?:\S+\s+){1,4}?)?(?:أن|إن|بأن)\s+"
)
#: Named entities used to pick same-topic hard negatives.
ENTITIES = (
    "سوريا", "روسيا", "تركيا", "إيران", "أستانا", "دمشق", "حلب", "إدلب", "موسكو", "أنقرة",
    "طهران", "جنيف", "سوتشي", "الأسد", "لافروف", "بوتين", "أردوغان", "روحاني", "ظريف",
    "دي ميستورا", "واشنطن", "ترامب", "المعارضة", "داعش", "النصرة", "الأمم المتحدة",
    "السعودية", "الرياض", "اليمن", "الحوثي", "إسرائيل", "غزة", "لبنان", "حزب الله", "العراق",
    "بغداد", "مصر", "القاهرة", "قطر", "الإمارات",
)  # fmt: skip

_SENT_RE = re.compile(r"(?<=[.!?؟])\s+")
_DIAC = "\u064e\u064f\u0650\u0652\u0651\u064b\u064c\u064d"


# --------------------------------------------------------------------------- edits
def spelling_variants(text: str, rng: np.random.Generator, p: float = 0.5) -> str:
    """Swap alef/hamza forms, final ى/ي and final ة/ه in a share ``p`` of eligible words."""

    def word(m: re.Match) -> str:
        w = m.group(0)
        if rng.random() >= p:
            return w
        if w[0] in "أإآا" and len(w) > 2:
            w = rng.choice([c for c in "أإا" if c != w[0]]) + w[1:]
        elif w.startswith("ال") and len(w) > 3 and w[2] in "أإا":
            w = "ال" + rng.choice([c for c in "أإا" if c != w[2]]) + w[3:]
        if w.endswith("ى"):
            w = w[:-1] + "ي"
        elif w.endswith("ي") and len(w) > 3 and rng.random() < 0.5:
            w = w[:-1] + "ى"
        if w.endswith("ة"):
            w = w[:-1] + "ه"
        return w

    return re.sub(r"[\u0621-\u064a]+", word, text)


def name_variants(text: str, rng: np.random.Generator) -> str:
    """Replace every known name by another transliteration of it."""

    def sub(m: re.Match) -> str:
        alts = [v for v in _NAME_GROUP[m.group(0)] if v != m.group(0)]
        return str(rng.choice(alts))

    return _NAME_RE.sub(sub, text)


def add_noise(text: str, rng: np.random.Generator, p: float = 0.15) -> str:
    """Sprinkle diacritics after ~``p`` of Arabic letters, tatweel and zero-width joiners."""
    out = []
    for ch in text:
        out.append(ch)
        if "\u0628" <= ch <= "\u064a" and ch != "\u0640":
            r = rng.random()
            if r < p:
                out.append(str(rng.choice(list(_DIAC))))
            elif r < p + 0.02 and ch not in "اأإآدذرزوؤةىء":
                out.append("\u0640" * int(rng.integers(1, 4)))
            elif r < p + 0.025:
                out.append("\u200c")
    return "".join(out)


def attribution(text: str, rng: np.random.Generator) -> str:
    """Drop a leading attribution clause if present, else add one at the start or the end."""
    m = _LEADING_ATTR.match(text)
    if m and len(text) - m.end() > 40:
        return text[m.end() :]
    if rng.random() < 0.5:
        return str(rng.choice(ATTRIBUTION_PREFIX)) + text
    return text.rstrip(" .") + str(rng.choice(ATTRIBUTION_SUFFIX))


def truncate(text: str, rng: np.random.Generator, lo: float = 0.5, hi: float = 0.8) -> str:
    """Keep the first ``lo``–``hi`` share of the words."""
    w = text.split()
    k = max(1, round(len(w) * rng.uniform(lo, hi)))
    return " ".join(w[:k])


def reorder_units(text: str) -> list[str]:
    """Sentences of a paragraph, or its comma clauses when it has one sentence."""
    units = [s for s in _SENT_RE.split(text.strip()) if s]
    if len(units) < 2:
        units = [s.strip() for s in text.split("،") if s.strip()]
    return units


def reorder(text: str, rng: np.random.Generator) -> str:
    """Reorder the sentences (or comma clauses); the order always changes."""
    units = reorder_units(text)
    if len(units) < 2:
        return text
    perm = rng.permutation(len(units))
    while np.all(perm == np.arange(len(units))):
        perm = rng.permutation(len(units))
    sep = " " if _SENT_RE.search(text) else "، "
    return sep.join(units[i] for i in perm)


def wire_edit(text: str, rng: np.random.Generator) -> str:
    """Light edits an outlet makes to agency copy."""
    t = name_variants(spelling_variants(text, rng, p=0.2), rng)
    t = truncate(t, rng, 0.8, 1.0)
    t = attribution(t, rng)
    return add_noise(t, rng, p=0.03)


def heavy_edit(text: str, rng: np.random.Generator) -> str:
    """Drop one sentence (or clause), then spelling/name variants, attribution, truncation."""
    units = reorder_units(text)
    if len(units) >= 3:
        k = int(rng.integers(len(units)))
        sep = " " if _SENT_RE.search(text) else "، "
        text = sep.join(u for i, u in enumerate(units) if i != k)
    t = name_variants(spelling_variants(text, rng, p=0.3), rng)
    t = truncate(t, rng, 0.7, 1.0)
    return attribution(t, rng)


def headline(text: str, rng: np.random.Generator) -> str:
    """9–14 consecutive words of the first sentence, one inner word dropped."""
    first = _SENT_RE.split(text.strip())[0]
    w = first.split()
    if len(w) < 12:
        w = text.split()
    start = int(rng.integers(0, max(1, min(4, len(w) - 10))))
    span = w[start : start + int(rng.integers(9, 15))]
    if len(span) > 4:
        del span[int(rng.integers(2, len(span) - 2))]
    return " ".join(span).rstrip(".،,")


# --------------------------------------------------------------------------- generator
def make_synthetic_reuse(
    paragraphs: pd.DataFrame,
    *,
    n: int = 2000,
    seed: int = 0,
    transforms: Sequence[str] = TRANSFORMS,
    n_hard: int | None = None,
) -> tuple[pd.DataFrame, pd.DataFrame, pd.DataFrame]:
    """Add ``n`` edited copies of background paragraphs; return (paragraphs, truth, hard).

    See the module docstring for the transformations. Sources are distinct background
    paragraphs; each copy is a new article ``syn<k>`` of outlet ``synthetic``.
    """
    rng = np.random.default_rng(seed)
    bg = paragraphs.reset_index(drop=True).copy()
    bg["group"] = -1
    bg["transform"] = pd.NA
    bg["role"] = "body"
    texts = bg["text"].tolist()
    used = np.zeros(len(bg), bool)
    has_name = np.array([bool(_NAME_RE.search(t)) for t in texts])
    multi = np.array([len(reorder_units(t)) >= 2 for t in texts])
    attr = np.array([bool(_LEADING_ATTR.match(t)) for t in texts])
    # consecutive runs inside articles for run-on copies
    art = bg["article_id"].to_numpy()
    pno = bg["para_no"].to_numpy()
    per = n // len(transforms)
    new_rows: list[dict] = []
    truth: list[tuple[str, str, str]] = []
    gid = 0

    # sources of single-paragraph edits have >= 12 words: a shorter one, truncated and given
    # a fixed attribution clause, is mostly clause and "contained" in every copy with it
    long_enough = np.array([len(t.split()) >= 12 for t in texts])

    def pick(mask: np.ndarray | None = None) -> int | None:
        ok = ~used & long_enough if mask is None else (~used & long_enough & mask)
        idx = np.flatnonzero(ok)
        if len(idx) == 0:
            return None
        i = int(rng.choice(idx))
        used[i] = True
        return i

    def add_copy(text: str, sources: list[int], transform: str) -> None:
        nonlocal gid
        k = len(new_rows)
        pid = f"syn{k}:1"
        new_rows.append(
            {
                "para_id": pid,
                "article_id": f"syn{k}",
                "para_no": 1,
                "outlet": "synthetic",
                "text": text,
                "role": "title" if transform == "headline" else "body",
                "group": gid,
                "transform": transform,
            }
        )
        for s in sources:
            bg.loc[s, "group"] = gid
            truth.append((bg.at[s, "para_id"], pid, transform))
        gid += 1

    edits = {
        "verbatim": lambda t: t,
        "spelling": lambda t: spelling_variants(t, rng),
        "names": lambda t: name_variants(t, rng),
        "noise": lambda t: add_noise(t, rng),
        "attribution": lambda t: attribution(t, rng),
        "truncate": lambda t: truncate(t, rng),
        "reorder": lambda t: reorder(t, rng),
        "wire_edit": lambda t: wire_edit(t, rng),
        "heavy_edit": lambda t: heavy_edit(t, rng),
        "headline": lambda t: headline(t, rng),
    }
    masks = {
        "names": has_name,
        "reorder": multi,
        "attribution": attr | (rng.random(len(bg)) < 0.5),
        "wire_edit": has_name | (rng.random(len(bg)) < 0.5),
        "heavy_edit": multi,
        "headline": np.array([len(t.split()) >= 16 for t in texts]),
    }
    for tr in transforms:
        for _ in range(per):
            if tr == "runon":
                # start of a run of 2-4 consecutive unused paragraphs of one article
                size = int(rng.integers(2, 5))
                for _try in range(50):
                    i = int(rng.integers(len(bg) - size))
                    run = list(range(i, i + size))
                    if (
                        len(set(art[run])) == 1
                        and np.all(np.diff(pno[run]) == 1)
                        and not used[run].any()
                    ):
                        used[run] = True
                        add_copy(" ".join(texts[r] for r in run), run, tr)
                        break
                continue
            i = pick(masks.get(tr))
            if i is None:
                continue
            new = edits[tr](texts[i])
            if new == texts[i] and tr not in ("verbatim",):
                used[i] = False
                continue
            add_copy(new, [i], tr)

    truth_df = pd.DataFrame(truth, columns=["para_a", "para_b", "transform"])
    out = pd.concat([bg, pd.DataFrame(new_rows)], ignore_index=True)
    hard = hard_negatives(bg, rng, n=n_hard if n_hard is not None else n)
    return out, truth_df, hard


def hard_negatives(bg: pd.DataFrame, rng: np.random.Generator, *, n: int) -> pd.DataFrame:
    """Same-topic different-text pairs among background paragraphs (not reuse sources).

    Half ``same_article`` (two paragraphs of one article), half ``shared_entities``
    (different articles whose paragraphs share >= 3 entities of :data:`ENTITIES`).
    """
    rows: list[tuple[str, str, str]] = []
    free = bg[bg["group"] == -1]
    by_art = free.groupby("article_id")["para_id"].apply(list)
    by_art = by_art[by_art.map(len) >= 2]
    arts = by_art.index.to_numpy()
    for a in rng.choice(arts, size=min(n // 2, len(arts)), replace=False):
        p, q = rng.choice(by_art[a], size=2, replace=False)
        rows.append((str(p), str(q), "same_article"))
    ents = free["text"].map(lambda t: frozenset(e for e in ENTITIES if e in t))
    rich = free[ents.map(len) >= 3]
    ent_rich = ents[rich.index]
    ids = rich["para_id"].to_numpy()
    aid = rich["article_id"].to_numpy()
    inv: dict[str, list[int]] = {}
    for k, es in enumerate(ent_rich):
        for e in es:
            inv.setdefault(e, []).append(k)
    target = n - len(rows)
    for _ in range(target * 20):
        if len(rows) >= n or len(ids) < 2:
            break
        k = int(rng.integers(len(ids)))
        es = sorted(ent_rich.iloc[k])
        cands = inv[str(rng.choice(es))]
        m = int(rng.choice(cands))
        if aid[m] != aid[k] and len(ent_rich.iloc[k] & ent_rich.iloc[m]) >= 3:
            rows.append((str(ids[k]), str(ids[m]), "shared_entities"))
    df = pd.DataFrame(rows, columns=["para_a", "para_b", "kind"])
    a = df[["para_a", "para_b"]].min(axis=1)
    b = df[["para_a", "para_b"]].max(axis=1)
    df["para_a"], df["para_b"] = a, b
    return df.drop_duplicates(["para_a", "para_b"]).reset_index(drop=True)
