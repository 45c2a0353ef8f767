"""Tests for astana_lib.annotate.quotes: quoted speech, attributed speech and statements."""

from __future__ import annotations

import pytest

from astana_lib.annotate.quotes import quotation_info


@pytest.mark.parametrize(
    ("text", "speech"),
    [
        ("وجاء في البيان الختامي لاجتماع أستانا أن الدول الضامنة", True),
        ("وأكد لافروف أن المحادثات كانت مثمرة", True),
        ("وكانت روسيا تدخلت في سوريا في 30 أيلول/سبتمبر 2015", False),
    ],
)
def test_quotation_cues(text, speech):
    assert quotation_info(text)["speech"] is speech


def test_speaker_stops_at_channel_and_time_words():
    # France 24 (ant-FR-middleEast-493-20180517), shortened
    q = quotation_info(
        'قال المتحدث باسم الكرملين ديمتري بيسكوف للصحافيين الخميس "اليوم، أجرى الرئيس"'
    )
    assert q["speaker_text"] == "المتحدث باسم الكرملين ديمتري بيسكوف"
    assert q["quoted_share"] > 0.15 and q["speech"] and not q["statement"]
