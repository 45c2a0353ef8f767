"""Article metadata: outlet, publication date and Astana round, with evidence.

Everything here works on the *normalised* paragraph text (``norm``) and the paragraph
roles of :mod:`astana_lib.annotate.roles`. Each ``infer_*`` function returns ``(value, evidence)``;
the evidence is the matched text, or, when the value is missing, why. Nothing is guessed:
contradictory or missing evidence gives a missing value.

Outlet (:func:`infer_outlet`)
    From the article's own signals, matched as whole names against the outlet registry
    (``data/outlets.csv``: ``name_ar``, ``variants_ar``, ``name_en``, ``variants_en``,
    ``domains``): source lines (``المصدر : الجزيرة + وكالات``), a dateline opening the
    first paragraph (``الوقت- …``), byline lines (``فريق ماسة``), section tags, and URLs.
    Names are only looked up in those places, never in running text. A name that fits
    several registry outlets (``الرأي``: Jordan's or Kuwait's) is ambiguous; signals that
    name different outlets contradict each other; both give NA.

Date (:func:`infer_date`)
    Only from byline paragraphs (``• 2017-12-22``, ``الخميس 22 ديسمبر 2017``) or record
    metadata; never from page-update stamps (those are boilerplate) nor from body text.

Round (:func:`~astana_lib.annotate.rounds.infer_round`)
    Only from evidence that the article reports on the round — see
    :mod:`astana_lib.annotate.rounds` (re-exported here: ``ASTANA_RE``, ``ROUND_MENTION_RE``,
    ``infer_round``, ``round_for_date``, ``round_mentions``).
"""

from __future__ import annotations

import datetime as dt
import re
from functools import lru_cache
from pathlib import Path

import pandas as pd

from astana_lib.annotate.rounds import (
    ASTANA_RE,
    ROUND_MENTION_RE,
    RoundMention,
    infer_round,
    round_for_date,
    round_mentions,
)
from astana_lib.resources import outlet_registry
from astana_lib.text.normalize import normalize_arabic

__all__ = [
    "ASTANA_RE",
    "DATE_TOKENS_RE",
    "DATE_WORDS",
    "ROUND_MENTION_RE",
    "OutletRegistry",
    "RoundMention",
    "find_dates",
    "infer_date",
    "infer_outlet",
    "infer_round",
    "round_for_date",
    "round_mentions",
]

# ----------------------------------------------------------------------------- dates

_MONTHS: dict[str, int] = {
    "يناير": 1, "جانفي": 1, "كانون الثاني": 1,
    "فبراير": 2, "فيفري": 2, "شباط": 2,
    "مارس": 3, "اذار": 3,
    "ابريل": 4, "افريل": 4, "نيسان": 4,
    "مايو": 5, "ماي": 5, "ايار": 5,
    "يونيو": 6, "يونيه": 6, "جوان": 6, "حزيران": 6,
    "يوليو": 7, "يوليه": 7, "جويليه": 7, "تموز": 7,
    "اغسطس": 8, "اوت": 8, "اب": 8,
    "سبتمبر": 9, "ايلول": 9,
    "اكتوبر": 10, "تشرين الاول": 10,
    "نوفمبر": 11, "تشرين الثاني": 11,
    "ديسمبر": 12, "كانون الاول": 12,
}  # fmt: skip
_WEEKDAYS = ("الاحد", "الاثنين", "الثلاثاء", "الاربعاء", "الخميس", "الجمعه", "السبت")
#: Month and weekday names (normalised), space-separated.
DATE_WORDS = " ".join([*_MONTHS, *_WEEKDAYS])
_MONTH_ALT = "|".join(sorted(map(re.escape, _MONTHS), key=len, reverse=True))
_M = rf"(?:{_MONTH_ALT})"
_DATE_RES: tuple[tuple[re.Pattern[str], str], ...] = (
    (re.compile(r"(?<!\d)(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})(?!\d)"), "ymd"),
    (re.compile(r"(?<!\d)(\d{1,2})[-/.](\d{1,2})[-/.](\d{4})(?!\d)"), "dmy"),
    (
        re.compile(
            rf"(?<!\d)(\d{{1,2}})\s*(?:من\s+)?({_M})(?:\s*[/-]\s*{_M})?\s*[،,]?\s*(\d{{4}})(?!\d)"
        ),
        "d_month_y",
    ),
    (re.compile(rf"(?<!\w)({_M})\s+(\d{{1,2}})\s*[،,]\s*(\d{{4}})(?!\d)"), "month_d_y"),
)
#: Date words, digits and punctuation: what remains of a date or stamp line once removed
#: has no letters. Used by the byline and boilerplate rules of :mod:`astana_lib.annotate.roles`.
DATE_TOKENS_RE = re.compile(rf"(?<!\w)(?:{_MONTH_ALT}|{'|'.join(_WEEKDAYS)})(?!\w)|[\d\W_]+")


def find_dates(norm: str) -> list[tuple[dt.date, str]]:
    """Find calendar dates written in normalised text.

    Formats: ``2017-12-22``, ``22/12/2017``, ``22 ديسمبر 2017``, ``22 كانون الاول 2017``,
    ``ديسمبر 22, 2017``. Invalid dates (``31/02/2017``) are skipped.

    Examples
    --------
    >>> find_dates("• 2017-12-22")
    [(datetime.date(2017, 12, 22), '2017-12-22')]
    >>> find_dates(normalize_arabic("الخميس 14 أيلول 2017"))
    [(datetime.date(2017, 9, 14), '14 ايلول 2017')]
    """
    found: list[tuple[int, dt.date, str]] = []
    taken: list[tuple[int, int]] = []
    for rx, kind in _DATE_RES:
        for m in rx.finditer(norm):
            if any(a < m.end() and m.start() < b for a, b in taken):
                continue
            g = m.groups()
            try:
                if kind == "ymd":
                    d = dt.date(int(g[0]), int(g[1]), int(g[2]))
                elif kind == "dmy":
                    d = dt.date(int(g[2]), int(g[1]), int(g[0]))
                elif kind == "d_month_y":
                    d = dt.date(int(g[2]), _MONTHS[g[1]], int(g[0]))
                else:
                    d = dt.date(int(g[2]), _MONTHS[g[0]], int(g[1]))
            except (ValueError, KeyError):
                continue
            taken.append(m.span())
            found.append((m.start(), d, m.group(0)))
    return [(d, s) for _, d, s in sorted(found)]


# ----------------------------------------------------------------------------- Astana, rounds
# (moved to astana_lib.annotate.rounds; re-exported here for existing imports)

# ----------------------------------------------------------------------------- outlets

_URL_RE = re.compile(r"https?://(?:www\.)?([a-z0-9.-]+\.[a-z]{2,})", re.IGNORECASE)
_DATELINE_RE = re.compile(r"^\s*\(?(?P<name>[^\s\-–—():]+(?: [^\s\-–—():]+){0,2})\)?\s*[-–—]")
_SOURCE_LINE_RE = re.compile(r"^\s*المصدر\s*[:：]\s*(?P<rest>.+)$", re.DOTALL)
_SPLIT_NAMES_RE = re.compile(r"\s*(?:\+|،|,|/|\s-\s|\sو\s|\n)\s*")
_BYLINE_STRIP_RE = re.compile(r"^[•·▪◦●○■□►▸*\-–—\s]*(?:فريق|تحرير|بقلم|كتب|اعداد)?\s*[:：]?\s*")


class OutletRegistry:
    """Lookup of outlet ids by exact (normalised) name, English name or web domain.

    Parameters
    ----------
    table : pandas.DataFrame, optional
        The ``outlets`` table (default: the packaged one, see
        :func:`astana_lib.resources.outlet_registry`).

    Examples
    --------
    >>> reg = OutletRegistry()
    >>> reg.lookup("الجزيرة")
    ('aljazeera',)
    >>> reg.lookup("Al Arabiya")
    ('alarabiya',)
    >>> reg.domain("https://www.aljazeera.net/news/x")
    ('aljazeera',)
    """

    def __init__(self, table: pd.DataFrame | None = None) -> None:
        self.table = outlet_registry(table)
        names: dict[str, set[str]] = {}
        domains: dict[str, set[str]] = {}
        for row in self.table.itertuples(index=False):
            oid = row.outlet_id
            for col in ("name_ar", "variants_ar", "name_en", "variants_en"):
                val = getattr(row, col)
                if isinstance(val, str):
                    for v in val.split("|"):
                        if v.strip():
                            names.setdefault(normalize_arabic(v), set()).add(oid)
            if isinstance(row.domains, str):
                for d in row.domains.split("|"):
                    if d.strip():
                        domains.setdefault(d.strip().lower().removeprefix("www."), set()).add(oid)
        self._names = {k: tuple(sorted(v)) for k, v in names.items()}
        self._domains = {k: tuple(sorted(v)) for k, v in domains.items()}

    def lookup(self, name: str) -> tuple[str, ...]:
        """Outlet ids whose name or variant equals ``name`` (normalised); () when none."""
        return self._names.get(normalize_arabic(name), ())

    def domain(self, url_or_domain: str) -> tuple[str, ...]:
        """Outlet ids for a URL or host name (sub-domains of a registered domain match)."""
        m = _URL_RE.search(url_or_domain)
        host = (m.group(1) if m else url_or_domain).lower().removeprefix("www.")
        while host:
            if host in self._domains:
                return self._domains[host]
            if "." not in host:
                break
            host = host.split(".", 1)[1]
        return ()


@lru_cache(maxsize=1)
def default_registry() -> OutletRegistry:
    """The packaged outlet registry (cached)."""
    return OutletRegistry()


def _name_candidates(text: str) -> list[str]:
    parts = [p.strip(" \t\u00a0.:") for p in _SPLIT_NAMES_RE.split(text.strip())]
    return [p for p in parts if p]


def infer_outlet(
    texts: list[str],
    norms: list[str],
    roles: list[str],
    *,
    registry: OutletRegistry | None = None,
) -> tuple[str | None, str]:
    """Infer the outlet of one article from its own signals (see the module docstring).

    Returns
    -------
    (str or None, str)
        The registry id and the evidence (or why it is missing).

    Examples
    --------
    >>> infer_outlet(["نص.", "المصدر : الجزيرة + وكالات"], ["نص.", "المصدر : الجزيره + وكالات"],
    ...              ["body", "source"])
    ('aljazeera', "source line: 'المصدر : الجزيرة + وكالات'")
    >>> infer_outlet(["نص."], ["نص."], ["body"])
    (None, 'no source line, dateline, byline, section tag or URL naming a registry outlet')
    """
    reg = registry or default_registry()
    signals: list[tuple[str, str, tuple[str, ...]]] = []  # (kind, text, ids)
    dateline_checked = False
    for t, role in zip(texts, roles, strict=True):
        if role == "source":
            m = _SOURCE_LINE_RE.match(t.strip())
            if m:
                for cand in _name_candidates(m.group("rest")):
                    ids = reg.lookup(cand)
                    if ids:
                        signals.append(("source line", t.strip(), ids))
        elif role == "byline":
            for line in t.split("\n"):
                cand = _BYLINE_STRIP_RE.sub("", line.strip())
                ids = reg.lookup(cand) if cand else ()
                if ids:
                    signals.append(("byline", line.strip(), ids))
        elif role == "section":
            for tok in t.split():
                ids = reg.lookup(tok) if len(tok) > 1 else ()
                if ids:
                    signals.append(("section tag", t.strip(), ids))
        elif role == "body" and not dateline_checked:
            dateline_checked = True
            m = _DATELINE_RE.match(t)
            if m:
                ids = reg.lookup(m.group("name"))
                if ids:
                    signals.append(("dateline", m.group(0).strip(), ids))
        if "http" in t:
            for m in _URL_RE.finditer(t):
                ids = reg.domain(m.group(1))
                if ids:
                    signals.append(("URL", m.group(0), ids))
    if not signals:
        return None, "no source line, dateline, byline, section tag or URL naming a registry outlet"
    single = {ids[0] for _, _, ids in signals if len(ids) == 1}
    ambiguous = [(k, t, ids) for k, t, ids in signals if len(ids) > 1]
    if len(single) == 1:
        oid = next(iter(single))
        ev = "; ".join(dict.fromkeys(f"{k}: '{t}'" for k, t, ids in signals if ids == (oid,)))
        return oid, ev
    if len(single) > 1:
        listed = "; ".join(f"{k} '{t}' → {ids[0]}" for k, t, ids in signals if len(ids) == 1)
        return None, f"contradictory signals: {listed}"
    k, t, ids = ambiguous[0]
    return None, f"ambiguous: {k} '{t}' fits several outlets {list(ids)}"


# ----------------------------------------------------------------------------- date


def infer_date(norms: list[str], roles: list[str]) -> tuple[dt.date | None, str]:
    """Publication date from byline paragraphs only (never update stamps or body text).

    Examples
    --------
    >>> infer_date(["• فريق ماسه\\n• 2017-12-22"], ["byline"])
    (datetime.date(2017, 12, 22), "byline: '2017-12-22'")
    >>> infer_date(["التحديث الاخير بتاريخ|الخميس, نوفمبر 14, 2024"], ["boilerplate"])
    (None, 'no date in a byline')
    """
    found: dict[dt.date, str] = {}
    for nm, role in zip(norms, roles, strict=True):
        if role == "byline":
            for d, s in find_dates(nm):
                found.setdefault(d, s)
    if not found:
        return None, "no date in a byline"
    if len(found) > 1:
        return None, "contradictory byline dates: " + ", ".join(f"'{s}'" for s in found.values())
    ((d, s),) = found.items()
    return d, f"byline: '{s}'"


def parse_metadata_date(value: object) -> dt.date | None:
    """Day of an ISO date/datetime string from record metadata ('2018-05-14T10:00+03:00').

    The local calendar day as written is kept (no time-zone conversion).

    Examples
    --------
    >>> parse_metadata_date("2013-12-26T04:57:07+04:00")
    datetime.date(2013, 12, 26)
    >>> parse_metadata_date("") is None, parse_metadata_date("soon") is None
    (True, True)
    """
    if value is None or (isinstance(value, float) and value != value):
        return None
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if isinstance(value, pd.Timestamp):
        return value.date()
    s = str(value).strip()
    m = re.match(r"(\d{4})-(\d{2})-(\d{2})", s)
    if not m:
        return None
    try:
        return dt.date(int(m.group(1)), int(m.group(2)), int(m.group(3)))
    except ValueError:
        return None


def read_metadata_csv(path: str | Path) -> pd.DataFrame:
    """Read a curated ``metadata.csv`` (article_id, outlet, date, round, title, … notes).

    Never fails on the content: what is wrong is listed in ``df.attrs["problems"]`` as
    ``(problem, severity, action, line)`` tuples (the reader copies them into
    ``corpus.problems``). The bytes are decoded like a ``.txt`` file (a cp1256 file is
    read and reported); a 0-byte file has no rows; a row with more fields than the
    header is ignored (its values cannot be placed), one with fewer is padded with
    missing values; a repeated ``article_id`` keeps its first row; a file without an
    ``article_id`` column gives no rows (error).

    Examples
    --------
    >>> from astana_lib.resources import data_path
    >>> import astana_lib, pathlib
    >>> root = pathlib.Path(astana_lib.__file__).parents[1]
    >>> md = read_metadata_csv(root / "seeds" / "metadata.csv")
    >>> "article_id" in md.columns and md["article_id"].is_unique, md.attrs["problems"]
    (True, [])
    """
    import csv
    import io

    from astana_lib.reading.decoding import decode_bytes

    problems: list[tuple[str, str, str, int | None]] = []
    try:
        data = Path(path).read_bytes()
    except OSError as exc:
        data = b""
        problems.append((f"cannot read: {exc.strerror or exc}", "error", "metadata not used", None))
    dec = decode_bytes(data)
    for pr in dec.problems:
        if pr.kind != "empty" and not (pr.kind == "bom" and dec.encoding == "utf-8-sig"):
            problems.append((pr.problem, pr.severity, pr.action, pr.line))
    rows = list(csv.reader(io.StringIO(dec.text or ""))) if dec.text else []
    rows = [(no, r) for no, r in enumerate(rows, start=1) if any(v.strip() for v in r)]
    if not rows:
        if dec.text is not None and not problems:
            problems.append(("empty metadata file", "warning", "no curated metadata", None))
        header: list[str] = ["article_id"]
        body: list[list[str | None]] = []
    else:
        header = [h.strip() for h in rows[0][1]]
        body = []
        for no, r in rows[1:]:
            if len(r) > len(header):
                problems.append((
                    f"row has {len(r)} fields, the header {len(header)}: {','.join(r)[:60]!r}",
                    "warning", "row ignored (its values cannot be placed)", no,
                ))  # fmt: skip
                continue
            if len(r) < len(header):
                problems.append((
                    f"row has {len(r)} fields, the header {len(header)}", "warning",
                    "missing trailing fields left empty", no,
                ))  # fmt: skip
            body.append([v if v != "" else None for v in r] + [None] * (len(header) - len(r)))
    if "article_id" not in header:
        problems.append((
            f"curated metadata needs an 'article_id' column (header: {header[:8]})", "error",
            "metadata not used", 1,
        ))  # fmt: skip
        header, body = ["article_id"], []
    df = pd.DataFrame(body, columns=header, dtype=object)
    df = df[df["article_id"].notna()]
    dup = df["article_id"].duplicated()
    for a in df["article_id"][dup]:
        problems.append((f"duplicate article_id {a!r}", "warning", "first row kept", None))
    df = df[~dup].reset_index(drop=True)
    for c in df.columns:
        df[c] = df[c].astype("str") if df[c].notna().any() else df[c].astype(object)
    df.attrs["source"] = str(path)
    df.attrs["problems"] = problems
    return df
