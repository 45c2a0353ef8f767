"""Astana relevance, rounds and events against hand labels (prints its figures).

The labels (``benchmarks/labels/astana_relevance.csv``: corpus file, record number, id,
SHA-1 of the record's text, a title snippet ≤ 80 characters, and the labels — see
``benchmarks/labels/astana_labelling_guide.md``) cover every record of the shared dumps
that names أستانا/آستانا/أستانة/الأستانة/الآستانة/نور سلطان in any spelling (122) plus
38 random records. The script cuts those records out of ``../shared/corpora`` (checking
each text hash), reads them with :func:`astana_lib.read_corpus`, and scores

* the topic filter (``filter_astana`` at its defaults, and per ``min_relevance``),
* the relevance levels (subject / background / passing / none),
* the round and the event of each article,

against the labels. The rule before this change ("before") is read from
``results/astana_before_predictions.csv`` (written by this script at commit 2cda9f3 with
``--write-before``) so before and after are scored on the same labels in the same run.
It also reports the rounds on the sub-corpus ``/work/data/astana_sub.jsonl.gz`` (or
``--sub PATH``) when present.

Usage::

    python benchmarks/eval_astana_relevance.py            # prints, writes results/
    python benchmarks/eval_astana_relevance.py --write-before   # (only at the old commit)
"""

from __future__ import annotations

import argparse
import gzip
import hashlib
import json
import os
import sys
import tempfile
import warnings
from pathlib import Path

import pandas as pd
from _accuracy import cohen_kappa

HERE = Path(__file__).resolve().parent
LABELS = HERE / "labels" / "astana_relevance.csv"
SECOND = HERE / "labels" / "astana_relevance_second_reading.csv"
BEFORE = HERE / "results" / "astana_before_predictions.csv"
OUT = HERE / "results" / "eval_astana_relevance.txt"
LEVELS = ("subject", "background", "passing", "none")


def shared_dir() -> Path:
    env = os.environ.get("ASTANA_SHARED")
    return Path(env) if env else HERE.parents[1] / "shared"


def cut_records(labels: pd.DataFrame, corpora: Path, out: Path) -> None:
    """Copy the labelled records (by file and 1-based line) to ``out``; check hashes."""
    want: dict[str, dict[int, str]] = {}
    for row in labels.itertuples(index=False):
        want.setdefault(row.corpus, {})[int(row.record)] = row.text_sha1
    with open(out, "w", encoding="utf-8") as dst:
        for name, recs in want.items():
            with gzip.open(corpora / name, "rt", encoding="utf-8") as src:
                for i, line in enumerate(src, start=1):
                    if i in recs:
                        rec = json.loads(line)
                        h = hashlib.sha1((rec.get("text") or "").encode()).hexdigest()
                        if h != recs[i]:
                            raise SystemExit(f"{name}:{i}: text hash differs from the label file")
                        dst.write(line if line.endswith("\n") else line + "\n")


def predict(path: Path) -> pd.DataFrame:
    """Predictions of the library as it is now, one row per article id."""
    import astana_lib as al
    from astana_lib.annotate import topic

    warnings.simplefilter("ignore")
    corpus = al.read_corpus(path, progress=False, errors="ignore")
    arts = corpus.articles
    kept = set(al.filter_astana(corpus).articles["article_id"])
    out = pd.DataFrame(
        {
            "id": arts["article_id"],
            "kept": arts["article_id"].isin(kept),
            "round": arts["round"].astype("Int64"),
            "round_evidence": arts["round_evidence"],
        }
    )
    if hasattr(topic, "astana_relevance"):
        rel = topic.astana_relevance(corpus)
        out = out.merge(
            rel[["article_id", "relevance", "relevance_score"]].rename(
                columns={"article_id": "id"}
            ),
            on="id",
            how="left",
        )
    if "event" in arts.columns:
        out["event"] = arts["event"].to_numpy()
    return out


def prf(pred: pd.Series, gold: pd.Series) -> tuple[float, float, float, int, int, int]:
    tp = int((pred & gold).sum())
    fp = int((pred & ~gold).sum())
    fn = int((~pred & gold).sum())
    p = tp / (tp + fp) if tp + fp else float("nan")
    r = tp / (tp + fn) if tp + fn else float("nan")
    f = 2 * p * r / (p + r) if p + r else float("nan")
    return p, r, f, tp, fp, fn


def value_scores(pred: pd.Series, gold: pd.Series) -> str:
    """Exact-match accuracy, precision of given values and recall of gold values."""
    pred = pred.astype(object).where(pred.notna(), None)
    gold = gold.astype(object).where(gold.notna(), None)
    same = [p == g for p, g in zip(pred, gold, strict=True)]
    given = [p is not None for p in pred]
    has = [g is not None for g in gold]
    right_given = sum(s and g for s, g in zip(same, given, strict=True))
    right_gold = sum(s and h for s, h in zip(same, has, strict=True))
    return (
        f"accuracy {sum(same)}/{len(same)}; values given {sum(given)}, right {right_given} "
        f"(precision {right_given / max(sum(given), 1):.2f}); gold values {sum(has)}, "
        f"found {right_gold} (recall {right_gold / max(sum(has), 1):.2f})"
    )


def agreement(labels: pd.DataFrame) -> list[str]:
    """First vs second (blind) reading of a subset: Cohen's kappa and agreement."""
    second = pd.read_csv(SECOND, dtype=str, keep_default_na=False)
    m = labels.astype({"round": str}).merge(second, on="id", suffixes=("", "_2"))
    for c in ("round", "event", "round_2", "event_2"):
        m[c] = m[c].astype(object).fillna("").astype(str).replace({"<NA>": "", "nan": ""})
    out = [f"## Second, blind reading of {len(m)} labelled records (Cohen's kappa)", ""]
    out.append("| label | agreement | kappa |")
    out.append("|---|---|---|")
    order = {k: i for i, k in enumerate(reversed(LEVELS))}
    views = {
        "relevance, 4 levels": (m["relevance"], m["relevance_2"]),
        "names the talks (≥ passing)": (
            m["relevance"].map(order) >= 1, m["relevance_2"].map(order) >= 1),
        "≥ background": (m["relevance"].map(order) >= 2, m["relevance_2"].map(order) >= 2),
        "subject": (m["relevance"] == "subject", m["relevance_2"] == "subject"),
        "round": (m["round"], m["round_2"]),
        "event": (m["event"], m["event_2"]),
    }  # fmt: skip
    for name, (x, y) in views.items():
        a, b = [str(v) for v in x], [str(v) for v in y]
        agree = sum(p == q for p, q in zip(a, b, strict=True))
        k = cohen_kappa(a, b)
        shown = "n/a (one value only)" if k != k else f"{k:.2f}"
        out.append(f"| {name} | {agree}/{len(a)} | {shown} |")
    tab = pd.crosstab(m["relevance"], m["relevance_2"]).reindex(
        index=list(LEVELS), columns=list(LEVELS), fill_value=0
    )
    out += ["", "first (rows) vs second (columns) reading:", ""]
    out.append("| first \\ second | " + " | ".join(LEVELS) + " |")
    out.append("|---|" + "---|" * len(LEVELS))
    for g in LEVELS:
        out.append(f"| {g} | " + " | ".join(str(int(tab.loc[g, c])) for c in LEVELS) + " |")
    return out


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--write-before", action="store_true")
    ap.add_argument("--sub", default="/work/data/astana_sub.jsonl.gz")
    args = ap.parse_args()
    corpora = shared_dir() / "corpora"
    if not corpora.is_dir():
        print(f"skip: {corpora} not found (set ASTANA_SHARED)")
        return 0
    sys.path.insert(0, str(HERE.parent))
    labels = pd.read_csv(
        LABELS,
        dtype={"round": "Int64"},
        keep_default_na=False,
        na_values={"round": [""], "event": [""]},
    )
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "labelled.jsonl"
        cut_records(labels, corpora, path)
        pred = predict(path)
    if args.write_before:
        pred.to_csv(BEFORE, index=False)
        print(f"wrote {BEFORE} ({len(pred)} rows)")
        return 0
    before = pd.read_csv(BEFORE, dtype={"round": "Int64"})
    df = labels.merge(pred, on="id", how="left", suffixes=("", "_pred"))
    dfb = labels.merge(before, on="id", how="left", suffixes=("", "_pred"))
    lines: list[str] = []
    say = lines.append
    say(f"# Astana relevance, rounds, events — {len(labels)} labelled records")
    say("")
    say(
        "gold relevance: "
        + ", ".join(f"{k} {int((labels['relevance'] == k).sum())}" for k in LEVELS)
    )
    say("")
    say("## Topic filter (filter_astana at its defaults) vs gold")
    say("| rule | gold positive | precision | recall | F1 | tp | fp | fn |")
    say("|---|---|---|---|---|---|---|---|")
    for name, frame in (("before", dfb), ("after", df)):
        for gname, gold_levels in (
            ("names the talks (subject/background/passing)", ("subject", "background", "passing")),
            ("subject or background", ("subject", "background")),
            ("subject", ("subject",)),
        ):
            gold = frame["relevance"].isin(gold_levels)
            p, r, f, tp, fp, fn = prf(frame["kept"].fillna(False).astype(bool), gold)
            say(f"| {name} | {gname} | {p:.2f} | {r:.2f} | {f:.2f} | {tp} | {fp} | {fn} |")
    if "relevance_pred" in df.columns:
        say("")
        say("## Relevance levels (after) — filter_astana(min_relevance=…) vs gold at or above it")
        say("| min_relevance | precision | recall | F1 | tp | fp | fn |")
        say("|---|---|---|---|---|---|---|")
        order = {k: i for i, k in enumerate(reversed(LEVELS))}  # none 0 … subject 3
        pr = df["relevance_pred"].map(order).fillna(0)
        gr = df["relevance"].map(order)
        for lvl in ("passing", "background", "subject"):
            p, r, f, tp, fp, fn = prf(pr >= order[lvl], gr >= order[lvl])
            say(f"| {lvl} | {p:.2f} | {r:.2f} | {f:.2f} | {tp} | {fp} | {fn} |")
        say("")
        say("confusion (rows gold, columns predicted):")
        say("")
        tab = pd.crosstab(df["relevance"], df["relevance_pred"].fillna("none"))
        tab = tab.reindex(index=list(LEVELS), columns=list(LEVELS), fill_value=0)
        say("| gold \\ pred | " + " | ".join(LEVELS) + " |")
        say("|---|" + "---|" * len(LEVELS))
        for g in LEVELS:
            say(f"| {g} | " + " | ".join(str(int(tab.loc[g, c])) for c in LEVELS) + " |")
        exact = int((df["relevance_pred"].fillna("none") == df["relevance"]).sum())
        say(f"\nexact level agreement {exact}/{len(df)}")
    say("")
    say("## Round per article (all labelled records)")
    say(f"- before: {value_scores(dfb['round_pred'], dfb['round'])}")
    say(f"- after:  {value_scores(df['round_pred'], df['round'])}")
    wrong = df[
        (df["round_pred"].notna() | df["round"].notna())
        & (df["round_pred"].astype(object) != df["round"].astype(object))
    ]
    for row in wrong.itertuples(index=False):
        say(
            f"  - after, {row.id}: gold {row.round}, predicted {row.round_pred} "
            f"({str(row.round_evidence)[:120]})"
        )
    if "event_pred" in df.columns:
        say("")
        say("## Event per article (after; before had no event column)")
        say(f"- after: {value_scores(df['event_pred'], df['event'])}")
        wrong = df[df["event_pred"].fillna("") != df["event"].fillna("")]
        for row in wrong.itertuples(index=False):
            say(f"  - {row.id}: gold {row.event or '-'}, predicted {row.event_pred}")
    if SECOND.is_file():
        say("")
        lines.extend(agreement(labels))
    sub = Path(args.sub)
    if sub.is_file():
        sp = predict(sub)
        ids = set(sp["id"])
        lab = labels[labels["id"].isin(ids)].merge(sp, on="id", suffixes=("", "_pred"))
        lb = labels[labels["id"].isin(ids)].merge(before, on="id", suffixes=("", "_pred"))
        say("")
        say(f"## Sub-corpus {sub} ({len(sp)} records, {len(lab)} labelled)")
        for name, frame in (("before", lb), ("after", lab)):
            got = frame[frame["round_pred"].notna()]
            right = int((got["round_pred"].astype(object) == got["round"].astype(object)).sum())
            say(
                f"- {name}: {len(got)} articles get a round, {right} right, "
                f"{len(got) - right} wrong; gold rounds {int(frame['round'].notna().sum())}"
            )
    text = "\n".join(lines)
    print(text)
    OUT.write_text(text + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
