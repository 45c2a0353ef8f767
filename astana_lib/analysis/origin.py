"""Where reused text comes from: a news agency, an outlet, or a shared quotation.

Two outlets printing the same paragraph have not necessarily copied each other: both may
have taken a wire agency's copy (SANA, AFP, SPA …), or both may quote the same speaker or
communiqué. :func:`reuse_origins` labels every reuse cluster and :func:`pair_origins`
every reuse pair with

``origin_kind``
    ``"agency"``, ``"outlet"``, ``"quotation"`` or ``"unknown"``;
``origin``
    the agency id (``data/agencies.csv``), the outlet id, or the speaker of a quotation;
``origin_basis`` / ``origin_evidence`` / ``evidence_para``
    which rule decided, the credit line / dateline / attribution quoted from the original
    text, and the paragraph it is in.

Rules, tried in this order on the articles of a group (a cluster, or the two sides of a
pair):

1. **agency** — one wire agency is credited by *every* article (``agency_rule="every"``),
   or (the default, ``"sole"``) by some while the others credit no agency (a credit anywhere in the
   article: credit line, dateline ``(واس)``, "نقلت وكالة …", or the record's ``author``
   field when ``articles`` has one, quoted as paragraph ``<article_id>:author``; an
   article published by the agency itself counts as crediting it), and the agency's own copy, when it is in the
   corpus, is not later than any of them. Citations come from
   :func:`astana_lib.annotate.sources.find_citations`; an outlet naming itself ("(CNN)") is not
   a credit.
2. **quotation** — every paragraph of the group is quoted speech (:mod:`astana_lib.annotate.quotes`):
   mostly inside quotation marks, or attributed speech opening with a speech verb
   (قال … إن، أكد …; with ``quotes="direct"`` only when some words are quoted) or a
   statement (البيان الختامي، بيان مشترك …). ``speaker`` names who speaks when the
   text does (an actor of the gazetteer, else the words after the verb).
3. **outlet** — one article was published strictly first (times when known, else days;
   crawl times never decide: the group is then unknown),
   and every other article credits its outlet or credits no agency or outlet at all.
   When that outlet is itself a wire agency (SPA in SaudiNewsNet) the kind is "agency".
4. **unknown** — anything else (different agencies credited, a same-day tie without
   times …); ``origin_evidence`` says why.

Direction and its confidence: :mod:`astana_lib.analysis.direction` (:func:`pair_direction`).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from pathlib import Path
from typing import Literal

import pandas as pd

from astana_lib._checks import check_choice, check_fraction
from astana_lib.analysis.direction import article_times, pair_direction
from astana_lib.annotate.quotes import _MIN_DIRECT, quotation_info
from astana_lib.annotate.sources import find_citations
from astana_lib.resources import load_table
from astana_lib.schema import require_columns
from astana_lib.text.normalize import normalize_arabic

__all__ = [
    "ORIGIN_KINDS",
    "article_times",
    "pair_direction",
    "pair_origins",
    "quotation_info",
    "reuse_origins",
]

OriginKind = Literal["agency", "outlet", "quotation", "unknown"]
#: The values of ``origin_kind``.
ORIGIN_KINDS: tuple[str, ...] = ("agency", "outlet", "quotation", "unknown")
_OUT_COLS = ["origin_kind", "origin", "origin_basis", "origin_evidence", "evidence_para", "speaker"]


def _roles_table(roles: pd.DataFrame | str | Path | None) -> pd.DataFrame:
    table = load_table("agency_roles", path=roles) if not isinstance(roles, pd.DataFrame) else roles
    require_columns(table, ["agency_id", "kind"], table="agency_roles")
    return table


class _Context:
    """Per-article facts used by the rules: credits, outlet, time, quotation per paragraph.

    Built once per call of :func:`reuse_origins` or :func:`pair_origins` (which share it
    and :func:`_decide`); checks the rule options.
    """

    def __init__(
        self,
        paragraphs: pd.DataFrame,
        para_ids: Iterable[str],
        articles: pd.DataFrame | None,
        agencies,
        agency_roles,
        min_quoted: float,
        agency_rule: str = "sole",
        quotes: str = "speech",
    ) -> None:
        check_fraction("min_quoted", min_quoted)
        check_choice("agency_rule", agency_rule, ("sole", "every"))
        check_choice("quotes", quotes, ("direct", "speech"))
        require_columns(paragraphs, ["para_id", "article_id", "text"], table="paragraphs")
        para_ids = set(map(str, para_ids))
        para = paragraphs.drop_duplicates("para_id")
        arts = set(para.loc[para["para_id"].astype(str).isin(para_ids), "article_id"].astype(str))
        sub = para[para["article_id"].astype(str).isin(arts)]
        self.text = dict(zip(sub["para_id"].astype(str), sub["text"], strict=True))
        self.para_no = (
            dict(zip(sub["para_id"].astype(str), sub["para_no"], strict=True))
            if "para_no" in sub
            else {}
        )
        self.article_of = dict(
            zip(sub["para_id"].astype(str), sub["article_id"].astype(str), strict=True)
        )
        first = sub.drop_duplicates("article_id")
        self.outlet = {
            str(a): (None if pd.isna(o) else str(o))
            for a, o in zip(
                first["article_id"],
                first["outlet"] if "outlet" in first else [None] * len(first),
                strict=True,
            )
        }
        self.date = {
            str(a): (pd.NaT if pd.isna(d) else pd.Timestamp(d).normalize())
            for a, d in zip(
                first["article_id"],
                first["date"] if "date" in first else [pd.NaT] * len(first),
                strict=True,
            )
        }
        self.time: dict[str, pd.Timestamp] = {}
        self.crawl: set[str] = set()
        if articles is not None:
            t = article_times(articles[articles["article_id"].astype(str).isin(arts)])
            self.time = {
                str(a): x for a, x in zip(t["article_id"], t["time"], strict=True) if pd.notna(x)
            }
            self.crawl = set(t.loc[t["time_basis"] == "crawl_time", "article_id"].astype(str))
        roles = _roles_table(agency_roles)
        self.kind = dict(zip(roles["agency_id"], roles["kind"], strict=True))
        from astana_lib.annotate.sources import AgencyMatcher, default_matcher

        matcher = default_matcher() if agencies is None else AgencyMatcher(agencies)
        # agency → its own outlet id: the registry's ``outlet`` column (data/agencies.csv)
        self.agency_outlet = {a: matcher.outlet(a) for a in matcher.table["agency_id"].unique()}
        self.agency_outlet = {a: o for a, o in self.agency_outlet.items() if o}
        self.outlet_agency = {o: a for a, o in self.agency_outlet.items()}
        search = sub
        if articles is not None and "author" in articles.columns:
            # credit lines scraped into the record's author field ("واس - الرياض")
            au = articles[articles["article_id"].astype(str).isin(arts)]
            au = au[au["author"].astype("string").str.strip().fillna("") != ""]
            extra = pd.DataFrame(
                {
                    "para_id": au["article_id"].astype(str) + ":author",
                    "article_id": au["article_id"].astype(str),
                    "text": au["author"].astype(str),
                }
            )
            self.text.update(zip(extra["para_id"], extra["text"], strict=True))
            search = pd.concat([sub[["para_id", "article_id", "text"]], extra], ignore_index=True)
        cites = find_citations(search, agencies=agencies)
        # credits[article][agency] -> list of (para_id, matched); self-citations left out
        self.credits: dict[str, dict[str, list[tuple[str, str]]]] = {}
        for art, pid, ag, matched in zip(
            cites["article_id"], cites["para_id"], cites["agency"], cites["matched"], strict=True
        ):
            if self.agency_outlet.get(ag) is not None and self.agency_outlet[ag] == self.outlet.get(
                art
            ):
                continue
            self.credits.setdefault(str(art), {}).setdefault(ag, []).append((str(pid), matched))
        self.min_quoted = min_quoted
        self.agency_rule = agency_rule
        self.quotes = quotes
        self._quote: dict[str, dict] = {}

    def quote(self, pid: str) -> dict:
        if pid not in self._quote:
            self._quote[pid] = quotation_info(self.text.get(pid, ""))
        return self._quote[pid]

    def is_quotation(self, pid: str) -> bool:
        q = self.quote(pid)
        if q["quoted_share"] >= self.min_quoted or q["statement"]:
            return True
        if self.quotes == "speech":
            return q["speech"]
        return q["speech"] and q["quoted_share"] >= _MIN_DIRECT

    def earliest(self, arts: list[str]) -> tuple[str | None, str]:
        """The article published strictly first, and on which basis ('time'/'day')."""
        use_time = all(a in self.time for a in arts)
        keyed = [(self.time[a] if use_time else self.date.get(a), a) for a in arts]
        if any(k is None or pd.isna(k) for k, _ in keyed):
            return None, "missing"
        keyed.sort()
        if len(keyed) > 1 and keyed[0][0] == keyed[1][0]:
            return None, "time_tie" if use_time else "same_day"
        if not use_time:
            return keyed[0][1], "day"
        return keyed[0][1], "crawl_time" if any(a in self.crawl for a in arts) else "time"

    def evidence(self, pid: str, matched: str, width: int = 35) -> str:
        """The credit with up to ``width`` characters around it (whole words)."""
        text = " ".join(str(self.text.get(pid, "")).split())
        i = text.find(matched)
        if i < 0:
            return matched
        lo, hi = max(0, i - width), min(len(text), i + len(matched) + width)
        lo = text.rfind(" ", 0, lo) + 1 if lo > 0 else 0
        hi = text.find(" ", hi) if hi < len(text) and text.find(" ", hi) > 0 else len(text)
        return ("…" if lo else "") + text[lo:hi] + ("…" if hi < len(text) else "")


def _decide(ctx: _Context, pids: list[str]) -> dict:
    arts = list(dict.fromkeys(ctx.article_of[p] for p in pids if p in ctx.article_of))
    if len(arts) < 2:
        out = ctx.outlet.get(arts[0]) if arts else None
        # an outlet repeating its own text: "agency" only when the outlet is a wire agency
        # (SPA in SaudiNewsNet), not when it merely has a registry entry for self-citations
        own = ctx.outlet_agency.get(out)
        is_wire = own is not None and ctx.kind.get(own) == "agency"
        origin = own if is_wire else out
        kind = ("agency" if is_wire else "outlet") if out else "unknown"
        return _res(kind, origin or pd.NA, "one article", "all paragraphs in one article")
    in_group = set(pids)

    # 1. agency credited by every article
    def credited(art: str) -> set[str]:
        own = ctx.outlet_agency.get(ctx.outlet.get(art))
        got = {a for a in ctx.credits.get(art, {}) if ctx.kind.get(a) == "agency"}
        return got | ({own} if own and ctx.kind.get(own) == "agency" else set())

    credit_sets = [credited(a) for a in arts]
    common = set.intersection(*credit_sets)
    some = ""
    if not common and ctx.agency_rule == "sole":
        union = set.union(*credit_sets)
        if len(union) == 1:  # one agency credited; the other articles credit none
            common = union
            some = f" ({sum(bool(c) for c in credit_sets)} of {len(arts)} articles)"
    candidates = []
    for ag in common:
        own_arts = [a for a in arts if ctx.outlet_agency.get(ctx.outlet.get(a)) == ag]
        if own_arts:
            first, _ = ctx.earliest(arts)
            later = first is not None and first not in own_arts
            if later:
                continue
        hits = [(p, m) for a in arts for p, m in ctx.credits.get(a, {}).get(ag, [])]
        n_in = sum(p in in_group for p, _ in hits)
        candidates.append((-n_in, -len(own_arts), ag, hits, own_arts))
    if candidates:
        candidates.sort(key=lambda c: (c[0], c[1], c[2]))
        n_in, _, ag, hits, own_arts = candidates[0]
        if hits:
            hits.sort(key=lambda h: (h[0] not in in_group,))
            pid, matched = hits[0]
            basis = "credit_in_paragraph" if pid in in_group else "credit_in_article"
            basis += some
            ev = ctx.evidence(pid, matched)
            return _res("agency", ag, basis, ev, pid, _speaker(ctx, pids))
        ev = f"published by the agency ({own_arts[0]})"
        return _res("agency", ag, "agency_copy", ev, speaker=_speaker(ctx, pids))

    # 2. quotation
    if all(ctx.is_quotation(p) for p in pids):
        sp = _speaker(ctx, pids)
        q = max(pids, key=lambda p: ctx.quote(p)["quoted_share"])
        return _res("quotation", sp, "quoted_speech", _snippet(ctx.text.get(q, "")), q, sp)

    # 3. outlet published first, the others credit it or no one
    first, basis = ctx.earliest(arts)
    if basis == "crawl_time":
        return _res("unknown", pd.NA, "crawl_time", "only crawl times: who was first is unknown")
    if first is None:
        why = (
            "same day, no publication times"
            if basis == "same_day"
            else f"no earliest article ({basis})"
        )
        return _res("unknown", pd.NA, basis, why)
    f_outlet = ctx.outlet.get(first)
    f_agency = ctx.outlet_agency.get(f_outlet)
    credited_first, silent = [], []
    for a in arts:
        if a == first:
            continue
        cr = {ag for ag in ctx.credits.get(a, {}) if ctx.kind.get(ag) in ("agency", "outlet")}
        if f_agency is not None and f_agency in cr:
            credited_first.append(a)
        elif not cr or ctx.outlet.get(a) == f_outlet:
            silent.append(a)
        else:
            names = ", ".join(sorted(cr))
            ev = f"{first} ({f_outlet}) first, but {a} credits {names}"
            return _res("unknown", pd.NA, "conflicting_credits", ev)
    kind = "agency" if f_agency is not None and ctx.kind.get(f_agency) == "agency" else "outlet"
    origin = f_agency if kind == "agency" else f_outlet
    if credited_first:
        pid, matched = ctx.credits[credited_first[0]][f_agency][0]
        ev = ctx.evidence(pid, matched)
        return _res(kind, origin, f"published_first_{basis}, credited", ev, pid)
    when = ctx.time.get(first, ctx.date.get(first))
    ev = f"{first} published first ({when})"
    return _res(kind, origin, f"published_first_{basis}, uncredited", ev)


def _res(kind, origin, basis, evidence, para=pd.NA, speaker=pd.NA) -> dict:
    return dict(zip(_OUT_COLS, (kind, origin, basis, evidence, para, speaker), strict=True))


def _snippet(text: str, n: int = 80) -> str:
    text = " ".join(str(text).split())
    return text if len(text) <= n else text[: n - 1] + "…"


def _speaker(ctx: _Context, pids: list[str]):
    names = [n for n in (ctx.quote(p)["speaker_text"] for p in pids) if n]
    if not names:
        return pd.NA
    top = Counter(normalize_arabic(n) for n in names).most_common(1)[0][0]
    return next(n for n in names if normalize_arabic(n) == top)  # original spelling


def reuse_origins(
    clusters: pd.DataFrame,
    paragraphs: pd.DataFrame,
    *,
    articles: pd.DataFrame | None = None,
    agencies: pd.DataFrame | str | Path | None = None,
    agency_roles: pd.DataFrame | str | Path | None = None,
    min_quoted: float = 0.5,
    agency_rule: Literal["sole", "every"] = "sole",
    quotes: Literal["direct", "speech"] = "speech",
) -> pd.DataFrame:
    """Origin of every reuse cluster: agency, outlet, quotation or unknown.

    Parameters
    ----------
    clusters : DataFrame
        CLUSTERS table (``para_id``, ``cluster``), e.g. from
        :func:`~astana_lib.reuse.clusters.reuse_clusters`.
    paragraphs : DataFrame
        PARAGRAPHS table: every paragraph of the clusters' articles is searched for
        credits (``para_id``, ``article_id``, ``text``; ``outlet``, ``date``, ``role``).
    articles : DataFrame, optional
        ARTICLES table; publication times come from its ``date_evidence``.
    agencies, agency_roles : DataFrame, str or Path, optional
        Agency registry (``data/agencies.csv``) and the kind of each agency
        (``data/agency_roles.csv``: agency / outlet / monitor); an agency's own outlet
        is the ``outlet`` column of the agencies table.
    min_quoted : float, default 0.5
        Share of a paragraph inside quotation marks that makes it a quotation.
    agency_rule : {"sole", "every"}, default "sole"
        ``"every"``: an agency is the origin only when every article credits it (the
        rule as first stated). ``"sole"``: also when it is the only agency any of the
        articles credits and the others credit none (uncredited reprints of wire copy;
        ``origin_basis`` then says "k of n articles"). Measured in
        ``benchmarks/eval_origin.py``.
    quotes : {"direct", "speech"}, default "speech"
        ``"direct"``: attributed speech is a quotation only with some words in
        quotation marks (at least 15 % of the paragraph) or a cited statement;
        ``"speech"``: any paragraph opening with a speech verb (… قال … إن) counts.

    Returns
    -------
    DataFrame
        One row per cluster: ``cluster``, ``n_paragraphs``, ``n_articles``,
        ``n_outlets``, ``outlets`` (sorted, ``|``-joined), ``origin_kind``, ``origin``,
        ``origin_basis``, ``origin_evidence`` (original text), ``evidence_para``,
        ``speaker``.

    Examples
    --------
    >>> paras = pd.DataFrame({"para_id": ["f:1", "s:1"], "article_id": ["f", "s"],
    ...     "outlet": ["france24_arabic", "skynews_arabia"],
    ...     "date": pd.to_datetime(["2018-05-17", "2018-05-18"]),
    ...     "text": ["وأوضح بوتين حسب ما نقلت عنه وكالة الأنباء السورية الرسمية أن القوات",
    ...              "وأوضح بوتن، وفق ما نقلت عنه وكالة الأنباء السورية الرسمية أن القوات"]})
    >>> cl = pd.DataFrame({"para_id": ["f:1", "s:1"], "cluster": [0, 0]})
    >>> reuse_origins(cl, paras)[["origin_kind", "origin", "origin_basis",
    ...                           "evidence_para"]].values.tolist()
    [['agency', 'sana', 'credit_in_paragraph', 'f:1']]
    """
    require_columns(clusters, ["para_id", "cluster"], table="clusters")
    rules = {"min_quoted": min_quoted, "agency_rule": agency_rule, "quotes": quotes}
    ctx = _Context(paragraphs, clusters["para_id"], articles, agencies, agency_roles, **rules)
    rows = []
    for cid, grp in clusters.groupby("cluster", sort=True):
        pids = grp["para_id"].astype(str).tolist()
        arts = {ctx.article_of.get(p) for p in pids}
        outs = sorted({ctx.outlet.get(a) or "(unknown)" for a in arts})
        rows.append(
            {
                "cluster": cid,
                "n_paragraphs": len(pids),
                "n_articles": len(arts),
                "n_outlets": len(outs),
                "outlets": "|".join(outs),
                **_decide(ctx, pids),
            }
        )
    cols = ["cluster", "n_paragraphs", "n_articles", "n_outlets", "outlets", *_OUT_COLS]
    out = pd.DataFrame(rows, columns=cols)
    for c in _OUT_COLS[1:]:
        out[c] = out[c].astype("string")
    return out


def pair_origins(
    pairs: pd.DataFrame,
    paragraphs: pd.DataFrame,
    *,
    articles: pd.DataFrame | None = None,
    agencies: pd.DataFrame | str | Path | None = None,
    agency_roles: pd.DataFrame | str | Path | None = None,
    min_quoted: float = 0.5,
    agency_rule: Literal["sole", "every"] = "sole",
    quotes: Literal["direct", "speech"] = "speech",
    scope: Literal["across", "all"] = "across",
) -> pd.DataFrame:
    """Origin and direction of every reuse pair (the rules of :func:`reuse_origins`).

    Parameters
    ----------
    pairs : DataFrame
        PAIRS table.
    paragraphs, articles, agencies, agency_roles, min_quoted, agency_rule, quotes
        As in :func:`reuse_origins`.
    scope : {"across", "all"}, default "across"
        ``"across"`` labels only pairs between two articles (the others get
        ``origin_kind`` NA); ``"all"`` labels pairs inside one article too.

    Returns
    -------
    DataFrame
        ``pairs`` plus ``origin_kind``, ``origin``, ``origin_basis``, ``origin_evidence``,
        ``evidence_para``, ``speaker`` and the columns of :func:`pair_direction`.

    Examples
    --------
    >>> paras = pd.DataFrame({"para_id": ["a:1", "b:1"], "article_id": ["a", "b"],
    ...     "outlet": ["cnn_arabic", "skynews_arabia"],
    ...     "date": pd.to_datetime(["2018-05-17", "2018-05-17"]),
    ...     "text": ['وقال لافروف إن "المحادثات كانت مثمرة جدا"',
    ...              'وقال لافروف: "المحادثات كانت مثمرة جدا"']})
    >>> pairs = pd.DataFrame({"para_a": ["a:1"], "para_b": ["b:1"], "article_a": ["a"],
    ...     "article_b": ["b"], "date_a": paras["date"][:1], "date_b": paras["date"][1:].values})
    >>> pair_origins(pairs, paras)[["origin_kind", "origin", "first"]].values.tolist()
    [['quotation', 'لافروف', <NA>]]
    """
    require_columns(pairs, ["para_a", "para_b"], table="pairs")
    check_choice("scope", scope, ("across", "all"))
    pa, pb = pairs["para_a"].astype(str), pairs["para_b"].astype(str)
    rules = {"min_quoted": min_quoted, "agency_rule": agency_rule, "quotes": quotes}
    ctx = _Context(paragraphs, pd.concat([pa, pb]), articles, agencies, agency_roles, **rules)
    df = pairs.copy()
    for side, ids in (("a", pa), ("b", pb)):
        if f"article_{side}" not in df:
            df[f"article_{side}"] = ids.map(ctx.article_of)
        if f"date_{side}" not in df:
            df[f"date_{side}"] = df[f"article_{side}"].map(ctx.date)
    rows = []
    for a, b in zip(pa, pb, strict=True):
        if scope == "across" and ctx.article_of.get(a) == ctx.article_of.get(b):
            rows.append(dict.fromkeys(_OUT_COLS, pd.NA))
        else:
            rows.append(_decide(ctx, [a, b]))
    lab = pd.DataFrame(rows, columns=_OUT_COLS, index=df.index)
    for c in _OUT_COLS:
        df[c] = lab[c].astype("string")
    return pair_direction(df, articles=articles)
