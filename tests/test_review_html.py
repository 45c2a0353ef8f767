"""The shared review renderer: marks and notes keep the text, members beside their match."""

from __future__ import annotations

import html
import re

import pandas as pd

from astana_lib.review.html import _rendered, cluster_html, match_spans, paragraph_provenance


def _plain(fragment: str) -> str:
    return html.unescape(re.sub(r"<[^>]+>", "", fragment.replace("<br>", "\n")))


def test_overlapping_marks_and_notes_keep_every_character():
    text = 'قال <لافرنتييف> لوكالة "سبوتنيك" إن\nالجولة المقبلة & الأخيرة ستعقد في أستانا'
    marks = [(0, 15, 0), (40, 60, 1)]
    notes = [(4, 30, "al-quote", 'quoted: "x"'), (10, 45, "al-credit", "credit: <y>")]
    out = _rendered(text, marks, notes)
    assert _plain(out) == text
    assert "<لافرنتييف>" not in out and 'title="credit: &lt;y&gt;"' in out
    assert out.count('class="al-quote"') >= 1 and out.count("<mark") >= 2


def test_cluster_member_shown_beside_the_paragraph_it_matched():
    shared = "محادثات أستانا ستستأنف غدا في العاصمة الكازاخستانية بحضور الدول الضامنة"
    other = "وفد المعارضة السورية يصل إلى جنيف لبحث الدستور مع المبعوث الأممي الخاص"
    m = pd.DataFrame(
        {
            "para_id": ["a:1", "b:1", "c:1"],
            "text": [other + " " + shared[:20], shared, shared + " اليوم"],
            "date": pd.to_datetime(["2017-01-01", "2017-01-02", "2017-01-03"]),
        }
    )
    info = {("a:1", "b:1"): {"cosine": 0.31}, ("b:1", "c:1"): {"cosine": 0.97}}
    h = cluster_html(0, m, pair_info=info, link=False)
    # c:1 is shown beside b:1 (its real match, cosine 0.97), not beside the earliest a:1
    boxes = re.findall(r'<div class="al-pairbox">.*?</div></div></div></div>', h)
    assert len(boxes) == 2
    assert "a:1" in boxes[0] and "b:1" in boxes[0]
    assert "b:1" in boxes[1] and "c:1" in boxes[1] and "0.970" in boxes[1]
    assert "a:1" not in boxes[1]


def test_match_spans_point_into_original_text_with_diacritics():
    a, b = "إنّ مُحادثاتِ أستانا ستُستأنف غداً", "ان محادثات استانا ستستأنف غدا"
    ((s, e, t, u),) = match_spans(a, b)
    assert a[s:e].startswith("إنّ") and b[t:u] == b


def test_provenance_without_lines_or_record():
    assert paragraph_provenance({"path": "x.txt"}) == "x.txt"
    assert paragraph_provenance({}) == "?"
