"""Site boilerplate learned from the corpus, on short real excerpts of the shared dumps."""

from __future__ import annotations

import json
import warnings

import pandas as pd

import astana_lib as al
from astana_lib.annotate.roles import assign_roles
from astana_lib.reading.boilerplate import relabel_site_boilerplate, site_boilerplate

# BBC Arabic app promo (ANT 2018: 585 articles)
BBC_PROMO = "يمكنكم استلام إشعارات بأهم الموضوعات بعد تحميل أحدث نسخة من تطبيق بي بي سي عربي على هاتفكم المحمول."
# Al Arabiya opinion disclaimer (ANT 2018: 48 articles)
ARABIYA = "** جميع المقالات المنشورة تمثل رأي كتابها فقط."
# France 24 credit line (ANT 2018)
F24_CREDIT = "فرانس24/ أ ف ب"
# Sky News Arabia background paragraph repeated in 7 Ghouta stories (real body: must stay)
SKY_BACKGROUND = (
    "ويعاني قرابة 400 ألف شخص ظروفا إنسانية صعبة للغاية في الغوطة الشرقية التي تحاصرها قوات "
    "النظام منذ 2013."
)
LEADS = [
    "أعلنت وزارة الخارجية الروسية أن الجولة المقبلة من محادثات أستانا ستعقد في منتصف الشهر.",
    "قالت الأمم المتحدة إن قافلة مساعدات دخلت إلى دوما في الغوطة الشرقية صباح اليوم.",
    "أكد المبعوث الأممي أن المفاوضات السياسية تبقى السبيل الوحيد لإنهاء النزاع السوري.",
    "أعلن الجيش التركي بدء عملية عسكرية جديدة في ريف حلب الشمالي بمشاركة فصائل سورية.",
    "اجتمع وزراء خارجية روسيا وتركيا وإيران في أستانا لبحث نتائج مناطق خفض التصعيد.",
    "شهدت العاصمة دمشق سقوط قذائف هاون على أحياء سكنية وسط المدينة مساء الثلاثاء.",
    "قال المرصد السوري لحقوق الإنسان إن الغارات استهدفت بلدات في ريف إدلب الجنوبي.",
]


def _paras(outlet: str, line: str, n: int, *, days: int, extra: str | None = None):
    rows = []
    for k in range(n):
        date = pd.Timestamp("2018-03-01") + pd.Timedelta(days=k % days)
        for t in (LEADS[k % len(LEADS)] + f" ({k})", line):
            rows.append({"article_id": f"{outlet}-{k}", "outlet": outlet, "date": date,
                         "role": "body", "role_reason": "default",
                         "norm": al.normalize_arabic(t), "text": t})  # fmt: skip
    return pd.DataFrame(rows)


def test_bbc_app_promo_is_learned_as_site_boilerplate():
    paras = _paras("bbc_arabic", BBC_PROMO, 12, days=12)
    lines = site_boilerplate(paras)
    assert lines[["outlet", "n_articles", "n_dates", "role"]].values.tolist() == [
        ["bbc_arabic", 12, 12, "boilerplate"]
    ]
    out = relabel_site_boilerplate(paras, lines)
    promo = out["text"] == BBC_PROMO
    assert (out.loc[promo, "role"] == "boilerplate").all()
    assert out.loc[promo, "role_reason"].iat[0] == (
        "site_boilerplate: line repeated in 12 articles of bbc_arabic on 12 dates"
    )
    assert (out.loc[~promo, "role"] == "body").all()
    assert out["text"].equals(paras["text"])  # text never rewritten


def test_short_disclaimer_on_a_few_dates_is_boilerplate():
    lines = site_boilerplate(_paras("alarabiya", ARABIYA, 5, days=3))
    assert lines["n_articles"].tolist() == [5] and lines["role"].tolist() == ["boilerplate"]


def test_france24_credit_line_becomes_a_source_line():
    lines = site_boilerplate(_paras("france24_arabic", F24_CREDIT, 6, days=6))
    assert lines["role"].tolist() == ["source"]
    assert lines["reason"].iat[0].startswith("site_credit_line:")


def test_wire_copy_printed_by_two_outlets_is_not_boilerplate():
    both = pd.concat(
        [_paras("france24_arabic", F24_CREDIT, 6, days=6), _paras(SKY, F24_CREDIT, 1, days=1)]
    )
    assert site_boilerplate(both).empty


SKY = "skynews_arabia"


def test_background_paragraph_repeated_in_a_story_stays_body():
    # long line: needs 10 articles on 5 dates; 7 articles on 7 dates is a story's background
    assert site_boilerplate(_paras(SKY, SKY_BACKGROUND, 7, days=7)).empty
    # a short line printed 5 times on the same two days (one story) is not learned either
    assert site_boilerplate(_paras("alarabiya", ARABIYA, 5, days=2)).empty


def test_separator_rules_are_boilerplate_per_article():
    texts = ["تشهد أستانا مفاوضات اليوم حول سوريا.", "-" * 40, "* * *", "2018"]
    roles = assign_roles(texts, [al.normalize_arabic(t) for t in texts])
    assert [(r.role, r.reason) for r in roles[1:3]] == [("boilerplate", "separator")] * 2
    assert roles[3].role != "boilerplate" or roles[3].reason != "separator"


def test_read_corpus_learns_site_boilerplate_and_can_apply_lines_learned_elsewhere(tmp_path):
    recs = [
        {"id": f"bbc-{k}", "outlet": "BBC Arabic", "date": f"2018-03-{k + 1:02d}",
         "text": f"{LEADS[k % 7]} {LEADS[(k + 1) % 7]} ({k})\n\n{BBC_PROMO}"}
        for k in range(10)
    ]  # fmt: skip
    p = tmp_path / "bbc.jsonl"
    p.write_text("\n".join(json.dumps(r, ensure_ascii=False) for r in recs), "utf-8")
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        c = al.read_corpus(p, progress=False)
        plain = al.read_corpus(p, progress=False, site_boilerplate=False)
        small = al.read_corpus(p.parent / "bbc.jsonl", progress=False,
                               site_boilerplate=site_boilerplate(c.paragraphs.iloc[:0]))  # fmt: skip
    assert (c.paragraphs["role"] == "boilerplate").sum() == 10
    assert (plain.paragraphs["role"] == "boilerplate").sum() == 0
    assert (small.paragraphs["role"] == "boilerplate").sum() == 0
    learned = site_boilerplate(c.paragraphs.assign(role=plain.paragraphs["role"]))
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        again = al.read_corpus(p, progress=False, site_boilerplate=learned)
    assert again.paragraphs["role"].equals(c.paragraphs["role"])
