"""The article builder: one input article → its paragraph rows and its article row.

``_Builder`` accumulates the rows of one part (a file, or a range of records) and turns
them into a :class:`~astana_lib.reading.corpus.Corpus` at the end. For each article it

1. splits the text into paragraphs and gives each a role (:mod:`astana_lib.annotate.roles`);
2. decides outlet, date, round and event with one precedence rule
   (:func:`astana_lib.annotate.precedence.decide`): curated metadata, then the record's
   fields, then what the text says — each decision with its source and evidence; a
   curated value the text contradicts is kept and reported;
3. lists the news agencies its source lines cite (:mod:`astana_lib.annotate.sources`).

An unexpected failure on one article becomes an error row, not a crash.
"""

from __future__ import annotations

from typing import Any

import pandas as pd

from astana_lib.annotate.events import infer_event
from astana_lib.annotate.metadata import (
    OutletRegistry,
    infer_date,
    infer_outlet,
    parse_metadata_date,
)
from astana_lib.annotate.paragraphs import Paragraph, split_paragraphs
from astana_lib.annotate.precedence import Candidate, decide
from astana_lib.annotate.roles import RoleResult, assign_roles
from astana_lib.annotate.rounds import infer_round
from astana_lib.annotate.sources import CITATION_ROLES, AgencyMatcher
from astana_lib.reading.corpus import (
    ARTICLE_COLUMNS,
    Corpus,
    _dedupe_ids,
    _empty,
    _finalize,
    _is_missing,
)
from astana_lib.reading.problems import ReadError
from astana_lib.reading.rawinput import parse_round
from astana_lib.schema import ARTICLES, PROBLEMS
from astana_lib.text.normalize import normalize_arabic

LONG_LINE = 100_000
#: Paragraph rows kept as Python lists before they are packed into a DataFrame chunk
#: (bounds the memory of reading a large record file to about the size of the tables).
PARAGRAPH_CHUNK = 20_000
#: The metadata fields decided by precedence, in the order their problems are reported.
FIELDS = ("outlet", "date", "round", "event")
#: A curated value that differs from the text: the problem text, per field.
_CONFLICT = {
    "outlet": "curated outlet {c!r} differs from the text ({t!r}: {ev})",
    "date": "curated date {c} differs from the text ({ev})",
    "round": "curated round {c} differs from the text ({t}: {ev})",
    "event": "curated event {c!r} differs from the text ({t}: {ev})",
}
_NONE = Candidate("metadata", None, "")


def _record_date(meta: dict[str, Any], extra: dict[str, Any] | None) -> Candidate:
    """The date of a record's ``date`` field (its ``date_kind`` field says what it dates)."""
    raw = meta.get("date")
    if not _given(raw):
        return _NONE
    d = parse_metadata_date(raw)
    if d is None:
        return Candidate("metadata", None, f"record field date={str(raw)!r} is not an ISO date")
    evidence = f"record field date={str(raw)!r}"
    kind = (extra or {}).get("date_kind")
    if isinstance(kind, str) and kind:
        evidence += f" (date_kind: {kind})"
    return Candidate("metadata", d, evidence)


def _given(v: Any) -> bool:
    """A metadata value is given: not missing and not blank."""
    return not _is_missing(v) and bool(str(v).strip())


class _Builder:
    """Accumulates column lists for one part; turns them into a Corpus at the end."""

    def __init__(
        self,
        *,
        errors: str,
        curated: pd.DataFrame | None,
        curated_path: str | None,
        registry: OutletRegistry,
        matcher: AgencyMatcher,
    ) -> None:
        self.errors = errors
        self.arts: list[dict[str, Any]] = []
        self.paras: dict[str, list[Any]] = {
            c: [] for c in ("para_id", "article_id", "para_no", "path", "line_start",
                            "line_end", "text", "norm", "role", "role_reason", "duplicate_of")
        }  # fmt: skip
        self._para_chunks: list[pd.DataFrame] = []
        self.probs: list[dict[str, Any]] = []
        self.registry = registry
        self.matcher = matcher
        self.curated: dict[str, dict[str, Any]] = {}
        self.curated_cols: list[str] = []
        self.curated_path = curated_path
        if curated is not None:
            self.curated_cols = [
                c for c in curated.columns if c != "article_id" and c not in ARTICLES
            ]
            for row in curated.to_dict("records"):
                self.curated[str(row["article_id"])] = row
        self._outlet_cache: dict[str, tuple[str, ...]] = {}

    def _flush_paragraphs(self) -> None:
        """Move the paragraph lists into a DataFrame chunk (Arrow strings: compact)."""
        chunk = pd.DataFrame(self.paras)
        for c in ("para_id", "article_id", "path", "text", "norm", "role", "role_reason"):
            chunk[c] = chunk[c].astype("str")
        self._para_chunks.append(chunk)
        for v in self.paras.values():
            v.clear()

    def problem(
        self,
        path: str,
        problem: str,
        severity: str,
        action: str,
        *,
        record: int | None = None,
        line: int | None = None,
    ) -> None:
        if severity == "error" and self.errors == "raise":
            where = f"{path}" + (f" record {record}" if record is not None else "")
            where += f" line {line}" if line is not None else ""
            raise ReadError(f"{where}: {problem}")
        self.probs.append(
            {"path": path, "record": record, "line": line, "problem": problem,
             "severity": severity, "action": action}
        )  # fmt: skip

    def _lookup_outlet(self, name: str) -> tuple[str, ...]:
        if name not in self._outlet_cache:
            self._outlet_cache[name] = self.registry.lookup(name)
        return self._outlet_cache[name]

    def article(self, **kwargs: Any) -> None:
        """Add one article; an unexpected failure on it becomes an error row, not a crash.

        Partial rows of the failed article are rolled back and the article is kept with
        0 paragraphs (``errors="raise"`` raises :class:`ReadError` naming file and record).
        """
        n_paras = len(self.paras["para_id"])
        n_chunks = len(self._para_chunks)
        n_arts, n_probs = len(self.arts), len(self.probs)
        try:
            self._article(**kwargs)
        except ReadError:
            raise
        except Exception as exc:
            keep = n_paras if len(self._para_chunks) == n_chunks else 0  # flushed meanwhile
            for v in self.paras.values():
                del v[keep:]
            del self.arts[n_arts:]
            del self.probs[n_probs:]
            self.problem(
                kwargs["path"], f"unexpected {type(exc).__name__} while reading: {exc}", "error",
                "article kept with 0 paragraphs", record=kwargs.get("record"),
            )  # fmt: skip
            self._article(**{**kwargs, "text": None, "meta": None, "extra": None})

    def _article(
        self,
        *,
        article_id: str,
        path: str,
        record: int | None,
        encoding: str | None,
        text: str | None,
        meta: dict[str, Any] | None = None,
        extra: dict[str, Any] | None = None,
    ) -> None:
        meta = meta or {}
        record_title = meta.get("title")
        if _is_missing(record_title) or not str(record_title).strip():
            record_title = None
        paras = split_paragraphs(text) if text else []
        texts = [p.text for p in paras]
        norms = [normalize_arabic(t) for t in texts]
        results = assign_roles(
            texts, norms, record_title=normalize_arabic(str(record_title)) if record_title else None
        )
        roles = self._paragraph_rows(article_id, path, record, paras, norms, results)
        # a record's headline is not a paragraph: the round/event rules read it as the title
        if record_title is not None and "title" not in roles:
            ev = ([str(record_title), *texts], [normalize_arabic(str(record_title)), *norms],
                  ["title", *roles])  # fmt: skip
        else:
            ev = (texts, norms, roles)
        cur = self.curated.get(article_id)
        decided = self._decide(meta, extra, cur, path, record, (texts, norms, roles), ev)
        title = record_title
        if title is None:
            title = next((t for t, r in zip(texts, roles, strict=True) if r == "title"), None)
        if cur is not None and not _is_missing(cur.get("title")):
            title = cur["title"]
        cited = self.matcher.ids(
            " \n ".join(nm for nm, r in zip(norms, roles, strict=True) if r in CITATION_ROLES)
        )
        row: dict[str, Any] = {"article_id": article_id, "path": path, "record": record,
                               "encoding": encoding}  # fmt: skip
        for name in FIELDS:
            d = decided[name]
            row[name] = d.value
            row[f"{name}_source"] = d.source
            row[f"{name}_evidence"] = d.evidence or None
        row["title"] = title
        row["cited_sources"] = cited
        row["n_lines"] = sum(p.line_end - p.line_start + 1 for p in paras)
        row["n_paragraphs"] = len(paras)
        for c in self.curated_cols:
            row[c] = cur.get(c) if cur is not None else None
        if extra:
            for k, v in extra.items():
                row[k if k not in row else f"meta_{k}"] = v
        self.arts.append(row)

    def _paragraph_rows(
        self,
        article_id: str,
        path: str,
        record: int | None,
        paras: list[Paragraph],
        norms: list[str],
        results: list[RoleResult],
    ) -> list[str]:
        """Append the paragraph rows of one article; its roles."""
        if len(self.paras["para_id"]) >= PARAGRAPH_CHUNK:
            self._flush_paragraphs()
        P = self.paras
        roles: list[str] = []
        for k, (p, nm, r) in enumerate(zip(paras, norms, results, strict=True), start=1):
            P["para_id"].append(f"{article_id}:{k}")
            P["article_id"].append(article_id)
            P["para_no"].append(k)
            P["path"].append(path)
            P["line_start"].append(p.line_start)
            P["line_end"].append(p.line_end)
            P["text"].append(p.text)
            P["norm"].append(nm)
            P["role"].append(r.role)
            P["role_reason"].append(r.reason)
            P["duplicate_of"].append(
                f"{article_id}:{r.duplicate_of + 1}" if r.duplicate_of is not None else None
            )
            roles.append(r.role)
            if len(p.text) > LONG_LINE and "\n" not in p.text:
                self.problem(
                    path, f"very long line ({len(p.text):,} characters)", "warning",
                    "kept as one paragraph", record=record, line=p.line_start,
                )  # fmt: skip
        return roles

    def _decide(
        self,
        meta: dict[str, Any],
        extra: dict[str, Any] | None,
        cur: dict[str, Any] | None,
        path: str,
        record: int | None,
        body: tuple[list[str], list[str], list[str]],
        ev: tuple[list[str], list[str], list[str]],
    ) -> dict[str, Any]:
        """Outlet, date, round and event: :func:`decide` over curated, record and text.

        ``body`` is (texts, norms, roles) of the paragraphs; ``ev`` the same with a
        record's headline in front (what the round and event rules read). The round and
        event rules see the date of the record or the text, not the curated one.
        """
        texts, norms, roles = body
        inferred = {
            "outlet": Candidate("inferred", *infer_outlet(texts, norms, roles, registry=self.registry)),
            "date": Candidate("inferred", *infer_date(norms, roles)),
        }  # fmt: skip
        rec = {"outlet": self._record_outlet(meta), "date": _record_date(meta, extra)}
        date = rec["date"].value if rec["date"].value is not None else inferred["date"].value
        ev_texts, ev_norms, ev_roles = ev
        inferred["round"] = Candidate(
            "inferred", *infer_round(ev_norms, ev_roles, date=date, texts=ev_texts)
        )
        rec["round"] = self._record_round(meta, path, record)
        inferred["event"] = Candidate(
            "inferred", *infer_event(ev_norms, ev_roles, date=date, texts=ev_texts)
        )
        raw_event = meta.get("event")
        rec["event"] = (
            Candidate("metadata", str(raw_event).strip(),
                      f"record field event={raw_event!r}; text: {inferred['event'].evidence}")
            if _given(raw_event) else _NONE
        )  # fmt: skip
        if cur is None:
            return {f: decide([rec[f], inferred[f]]) for f in FIELDS}
        # curated values are checked against the text (the event: its evidence as recorded)
        event_seen = rec["event"] if rec["event"].value is not None else inferred["event"]
        seen = {**inferred, "event": inferred["event"]._replace(evidence=event_seen.evidence)}
        curated = self._curated(cur, seen, path, record)
        return {f: decide([curated.get(f, _NONE), rec[f], inferred[f]]) for f in FIELDS}

    def _record_outlet(self, meta: dict[str, Any]) -> Candidate:
        """The outlet a record's ``outlet`` field (else its ``url`` domain) names."""
        raw = meta.get("outlet")
        if _given(raw):
            ids = self._lookup_outlet(str(raw))
            if len(ids) == 1:
                return Candidate("metadata", ids[0], f"record field outlet={raw!r}")
            what = "fits several outlets" if ids else "is not in the outlet registry"
            return Candidate("metadata", None, f"record field outlet={raw!r} {what}")
        url = meta.get("url")
        if _given(url):
            ids = self.registry.domain(str(url))
            if len(ids) == 1:
                return Candidate("metadata", ids[0], f"record field url domain ({url})")
            return Candidate(
                "metadata", None, f"record url {url!r} matches no single registry domain"
            )
        return _NONE

    def _record_round(self, meta: dict[str, Any], path: str, record: int | None) -> Candidate:
        """The round of a record's ``round`` field; a value that is not a round is reported."""
        raw = meta.get("round")
        if not _given(raw):
            return _NONE
        rnd, why = parse_round(raw)
        if rnd is not None:
            return Candidate("metadata", rnd, f"record field round={raw!r}")
        self.problem(path, f"record field {why}", "warning",
                     "ignored; round inferred from the text", record=record)  # fmt: skip
        return Candidate("metadata", None, f"record field {why}")

    def _curated(
        self,
        cur: dict[str, Any],
        inferred: dict[str, Candidate],
        path: str,
        record: int | None,
    ) -> dict[str, Candidate]:
        """Curated candidates by field; unusable values and conflicts with the text reported."""
        src = f"curated {self.curated_path or 'metadata'}"
        c_round, why = parse_round(cur.get("round"))
        values = {
            "outlet": None if _is_missing(cur.get("outlet")) else cur.get("outlet"),
            "date": parse_metadata_date(cur.get("date")),
            "round": c_round,
            "event": cur.get("event") if _given(cur.get("event")) else None,
        }
        out: dict[str, Candidate] = {}
        for name, value in values.items():
            if name == "date" and not _is_missing(cur.get("date")) and value is None:
                self.problem(path, f"curated date {cur.get('date')!r} is not YYYY-MM-DD",
                             "warning", "ignored the curated date", record=record)  # fmt: skip
            if name == "round" and why is not None:
                self.problem(path, f"curated {why}", "warning",
                             "ignored the curated round", record=record)  # fmt: skip
            if value is None:
                continue
            t = inferred[name]
            if t.value is not None and t.value != value:
                self.problem(path, _CONFLICT[name].format(c=value, t=t.value, ev=t.evidence),
                             "warning", "kept the curated value", record=record)  # fmt: skip
            if name == "outlet" and value not in set(self.registry.table["outlet_id"]):
                self.problem(path, f"curated outlet {value!r} is not a registry outlet id",
                             "warning", "kept as given", record=record)  # fmt: skip
            out[name] = Candidate("metadata", value, f"{src}; text: {t.evidence}")
        return out

    def corpus(self) -> Corpus:
        arts = pd.DataFrame(self.arts) if self.arts else _empty(ARTICLE_COLUMNS)
        for c in self.curated_cols:
            if c not in arts.columns:
                arts[c] = pd.Series([None] * len(arts), dtype=object)
        self._flush_paragraphs()
        paras = (
            pd.concat(self._para_chunks, ignore_index=True)
            if len(self._para_chunks) > 1
            else self._para_chunks[0]
        )
        self._para_chunks = []
        probs = pd.DataFrame(self.probs) if self.probs else _empty(PROBLEMS)
        arts, paras, probs = _dedupe_ids(arts, paras, probs)
        return _finalize(arts, paras, probs)
