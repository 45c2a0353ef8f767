"""The one offset mapper against the three old ones on every paragraph of the shared dumps.

For each paragraph (title, then each line of the text) of the dumps named on the command
line: the old ``_textmap.norm_offsets`` (A; frozen copy in ``tests/_legacy_offsets.py``)
vs :func:`astana_lib.text.offsets.map_offsets` on every agency mention (``find_citations``)
and Astana mention (``astana_mentions``); the old ``lexicon.normalize_with_offsets`` (B) on
every framing term and actor alias; the old ``explain.tokens_with_offsets`` (C) on every
word token. Counts mentions whose original span changed, with one example of each change
(snippets of at most 80 characters).

Run (from the repository root, about 30 minutes for the three dumps)::

    .venv/bin/python benchmarks/check_offsets_real.py ../shared/corpora/*.jsonl.gz

The output of the last run is ``benchmarks/results/check_offsets_real.txt``.
"""

import gzip
import json
import re
import sys
import time
from collections import Counter
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "tests"))
import _legacy_offsets as legacy  # noqa: E402

from astana_lib.annotate.sources import default_matcher  # noqa: E402
from astana_lib.annotate.topic import ASTANA_RE  # noqa: E402
from astana_lib.text.lexicon import TermMatcher, load_lexicon  # noqa: E402
from astana_lib.text.normalize import normalize_arabic  # noqa: E402
from astana_lib.text.offsets import map_offsets, normalized_tokens  # noqa: E402

TOKEN_RE = re.compile(r"(?u)\b\w+\b")


def _paragraphs(path: str):
    with gzip.open(path, "rt", encoding="utf-8") as f:
        for line in f:
            rec = json.loads(line)
            for para in (rec.get("title") or "", *(rec.get("text") or "").split("\n")):
                if para.strip():
                    yield para


def _check_a(para, norm, new, spans, c, ex):
    old = legacy.a_norm_offsets(para, norm)
    if old is None:
        c["A_none"] += 1
        return
    pos, (_, st, en) = old[1], new
    for s, e, kind in spans:
        c[f"{kind}_spans"] += 1
        was, now = (int(pos[s]), int(pos[e - 1]) + 1), (int(st[s]), int(en[e - 1]))
        if was != now:
            c[f"{kind}_span_changed"] += 1
            ex.setdefault(f"{kind}_span_changed", (para[was[0] : was[1]], para[now[0] : now[1]]))


def _check_b(para, new, hits, c):
    try:
        old = legacy.b_normalize_with_offsets(para)
    except ValueError:
        c["B_error"] += 1
        return
    _, st, en = new
    for _, s, e in hits:
        c["term_spans"] += 1
        if (old[1][s], old[2][e - 1]) != (int(st[s]), int(en[e - 1])):
            c["term_span_changed"] += 1


def _check_c(para, c, ex):
    old = legacy.c_tokens_with_offsets(para)
    new = normalized_tokens(para, TOKEN_RE)
    c["tokens"] += len(new)
    if [t for t, _, _ in old] != [t for t, _, _ in new]:
        c["C_tokens_differ_paragraphs"] += 1
        return
    for o, n in zip(old, new, strict=True):
        if o != n:
            c["C_token_span_changed"] += 1
            ex.setdefault("C_span", (para[o[1] : o[2]], para[n[1] : n[2]]))


def main(paths: list[str]) -> None:
    agencies = default_matcher()
    fr = load_lexicon("framing", term_column="variant", key_column="concept")
    ac = load_lexicon("actors", term_column="alias", key_column="actor_id")
    terms = TermMatcher(list(dict.fromkeys([*fr["term_norm"], *ac["term_norm"]])))
    c: Counter = Counter()
    ex: dict = {}
    t0 = time.time()
    for path in paths:
        for para in _paragraphs(path):
            c["paragraphs"] += 1
            norm = normalize_arabic(para)
            new = map_offsets(para, norm)
            if new is None:
                c["new_none"] += 1
                continue
            spans = [(s, e, "agency") for _, s, e in agencies.finditer(norm)]
            spans += [(m.start(), m.end(), "astana") for m in ASTANA_RE.finditer(norm)]
            _check_a(para, norm, new, spans, c, ex)
            hits = terms.find_norm(norm)
            if hits:
                _check_b(para, new, hits, c)
            _check_c(para, c, ex)
        print(Path(path).name, dict(c), f"{time.time() - t0:.0f} s", flush=True)
    for k, v in ex.items():
        print(k, repr(v)[:160])


if __name__ == "__main__":
    main(sys.argv[1:])
