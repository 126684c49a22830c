"""graph/dates.py: dates and time ranges as minutes print them."""
from __future__ import annotations

import datetime as dt

import pytest

from graph.dates import find_date, find_time_range, find_times, find_yearless_date


@pytest.mark.parametrize("text, expected, printed", [
    ("29 th June 2017", dt.date(2017, 6, 29), "29 th June 2017"),
    ("Date: 29th June 2017", dt.date(2017, 6, 29), "29th June 2017"),
    ("June 15, 2017", dt.date(2017, 6, 15), "June 15, 2017"),
    ("2024-01-25", dt.date(2024, 1, 25), "2024-01-25"),
    ("Thursday 29 February 2024", dt.date(2024, 2, 29), "Thursday 29 February 2024"),
    ("held on 19 May 2011 at", dt.date(2011, 5, 19), "19 May 2011"),
    ("Board \u2013 29.06.17", dt.date(2017, 6, 29), "29.06.17"),
    ("Sept 3, 2021", dt.date(2021, 9, 3), "Sept 3, 2021"),
    ("WAS HELD THIS 12TH DAY OF JANUARY, 2011 AT", dt.date(2011, 1, 12), "12TH DAY OF JANUARY, 2011"),
    ("Date/Time: Friday, March 19th, 2021 14:00 UTC", dt.date(2021, 3, 19), "Friday, March 19th, 2021"),
])
def test_find_date(text, expected, printed):
    found = find_date(text)
    assert found is not None and found[0] == expected
    assert text[found[1]:found[2]] == printed


@pytest.mark.parametrize("text", ["no date here", "31 February 2017", "June 2017"])
def test_no_date(text):
    assert find_date(text) is None


def test_earliest_date_wins():
    assert find_date("Meeting 2 March 2020; next meeting 2020-05-01")[0] == dt.date(2020, 3, 2)


@pytest.mark.parametrize("text, start, end", [
    ("12.15 \u2013 14.15", dt.time(12, 15), dt.time(14, 15)),
    ("10:00-11:30", dt.time(10, 0), dt.time(11, 30)),
    ("2pm to 4.30pm", dt.time(14, 0), dt.time(16, 30)),
])
def test_find_time_range(text, start, end):
    assert find_time_range(text) == (start, end)


@pytest.mark.parametrize("text", ["items 3 - 4", "14.15 - 12.15", "2017-2018"])
def test_not_a_time_range(text):
    assert find_time_range(text) is None


@pytest.mark.parametrize("text, expected", [
    ("Minutes of the meeting held on 19 May at the Cabinet Office ... launched in January 2011",
     dt.date(2011, 5, 19)),
    ("The board meeting was held on March 3rd. Budget 2022 agreed.", dt.date(2022, 3, 3)),
    ("held on 19 May, no year printed anywhere", None),
    ("held on 31 February 2017", None),
])
def test_find_yearless_date(text, expected):
    assert find_yearless_date(text) == expected


@pytest.mark.parametrize("text, start, end", [
    ("Date: 3 March 2022\nTime: 10.00 - 11.30", dt.time(10, 0), dt.time(11, 30)),
    # the time printed with the date, and the adjournment
    ("A MEETING WAS HELD THIS 12TH DAY OF JANUARY, 2011 AT 9:30 A.M. ... At 10:31 a.m. Council adjourned.",
     dt.time(9, 30), dt.time(10, 31)),
    # "began at 1:38" with no am/pm is in the afternoon
    ("June 15, 2017\n\n 1. Call to order\n scheduled for 1:30pm and began at 1:38 when a quorum\n"
     " 8. Adjournment\n   Adjourned at 5:00pm (Eastern)", dt.time(13, 38), dt.time(17, 0)),
    # a start and a duration
    ("### Meeting Date/Time: Friday, March 19th, 2021 14:00 UTC\n### Meeting Duration: 1 hour 30 min",
     dt.time(14, 0), dt.time(15, 30)),
    ("Meeting 2015-10-21\nHTTP WG first meeting is tomorrow at 1pm Pacific", None, None),
    ("June 15, 2017\n 1. Call to order", None, None),
])
def test_find_times(text, start, end):
    assert find_times(text) == (start, end)
