"""graph/dates.py: dates and time ranges as minutes print them."""
from __future__ import annotations

import datetime as dt

import pytest

from graph.dates import find_date, find_time_range


@pytest.mark.parametrize("text, expected, printed", [
    ("29 th June 2017", dt.date(2017, 6, 29), "29 th June 2017"),
    ("Date: 29th June 2017", dt.date(2017, 6, 29), "29th June 2017"),
    ("June 15, 2017", dt.date(2017, 6, 15), "June 15, 2017"),
    ("2024-01-25", dt.date(2024, 1, 25), "2024-01-25"),
    ("Thursday 29 February 2024", dt.date(2024, 2, 29), "Thursday 29 February 2024"),
    ("held on 19 May 2011 at", dt.date(2011, 5, 19), "19 May 2011"),
    ("Board \u2013 29.06.17", dt.date(2017, 6, 29), "29.06.17"),
    ("Sept 3, 2021", dt.date(2021, 9, 3), "Sept 3, 2021"),
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
