"""The header of minutes: the board that met, its acronym, the title, the date and the times, on every
document of the corpus and on headers the tests write."""
from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from graph.layout.header import board_and_title, title_lines
from graph.model import SourceText
from graph.parse import parse_minutes
from graph.read import read_document

CORPUS = Path(__file__).resolve().parent.parent.parent / "shared" / "corpus"


def _time(text: str | None) -> dt.time | None:
    return dt.time.fromisoformat(text) if text else None


@pytest.mark.parametrize("name, board, acronym, date, start, end, title", [
    ("asf-board-2017-06-15.txt", "Apache Software Foundation Board of Directors", None, "2017-06-15",
     "13:38", "17:00", "The Apache Software Foundation Board of Directors Meeting Agenda June 15, 2017"),
    ("ethereum-acd-108-2021-03-19.txt", "All Core Devs", None, "2021-03-19", "14:00", "15:30",
     "All Core Devs Meeting 108"),
    ("nodejs-ctc-2015-10-21.txt", "Node Foundation Core Technical Committee", "CTC", "2015-10-21", None, None,
     "Node Foundation Core Technical Committee (CTC) Meeting 2015-10-21"),
    ("pdx-city-council-2011-01-12.txt", "Council of the City of Portland, Oregon", None, "2011-01-12",
     "09:30", "10:31", "CITY OF PORTLAND, OREGON OFFICIAL MINUTES A REGULAR MEETING OF THE COUNCIL OF THE CITY "
                       "OF PORTLAND, OREGON WAS HELD THIS 12TH DAY OF JANUARY, 2011 AT 9:30 A.M."),
    # prints no board at all: the name comes from the file
    ("rust-leadership-council-2023-10-27.txt", "Rust Leadership Council", None, "2023-10-27", None, None,
     "2023-10-27"),
    ("tc39-plenary-2020-06-01.txt", "TC39 Plenary", None, "2020-06-01", None, None,
     "June 01, 2020 Meeting Notes"),
    ("uk-local-public-data-panel-2011-07-19.txt", "Local Public Data Panel", None, "2011-07-19", None, None,
     "Local Public Data Panel \u2013 Ninth Meeting 19th July 2011"),
    ("uk-pstb-2011-05-19.txt", "Transparency Board", None, "2011-05-19", None, None,
     "Transparency Board Minutes - 19th May 2011"),
    ("w3c-tag-telcon-2018-03-20.txt", "TAG", None, "2018-03-20", None, None, "TAG Teleconference 20 March 2018"),
    ("welsh-gov-board-2025-01-24.txt", "Welsh Government Board", None, "2025-01-24", None, None,
     "Welsh Government Board meeting: 24 January 2025"),
    ("wstb-2017-06-29.txt", "Welfare Sector Transparency Board", "WSTB", "2017-06-29", "12:15", "14:15",
     "Welfare Sector Transparency Board (WSTB)"),
])
def test_corpus_headers(name, board, acronym, date, start, end, title):
    meeting = parse_minutes(read_document(CORPUS / name))
    assert (meeting.board_name, meeting.board_acronym) == (board, acronym)
    assert meeting.date == dt.date.fromisoformat(date)
    assert (meeting.start_time, meeting.end_time) == (_time(start), _time(end))
    assert meeting.title == title


@pytest.mark.parametrize("text, board, acronym, title", [
    ("Minutes\nTitle of Meeting:\tRiver Trust Data Board (RTDB)\nDate:\t3 March 2022\n",
     "River Trust Data Board", "RTDB", "River Trust Data Board (RTDB)"),
    ("# Harbour Committee (HC) Meeting 2024-01-25\n\n## Present\n",
     "Harbour Committee", "HC", "Harbour Committee (HC) Meeting 2024-01-25"),
    ("   The Example Trust\n\n   Board of Trustees Meeting Agenda\n\n   June 15, 2017\n\n 1. Call to order\n",
     "Example Trust Board of Trustees", None, "The Example Trust Board of Trustees Meeting Agenda June 15, 2017"),
    ("Parish Data Panel \u2013 Third Meeting 2nd May 2012\nMeeting note\nPanel: Ann Lee (Chair).\n",
     "Parish Data Panel", None, "Parish Data Panel \u2013 Third Meeting 2nd May 2012"),
    ("# Core Devs Call #12\n### Meeting Date/Time: March 3rd, 2022 14:00 UTC\n",
     "Core Devs", None, "Core Devs Call #12"),
    ("## Design Group Teleconference\n##### 20 March 2018\n\nPresent: Ann\n",
     "Design Group", None, "Design Group Teleconference 20 March 2018"),
    ("OFFICIAL MINUTES  A REGULAR MEETING OF THE COUNCIL OF THE TOWN OF RYE WAS HELD ON 3 MAY 2010 AT 7 PM.  "
     "PRESENT WERE: Mayor Bell, Councillors Ash, Birch and Cole, and a long list that runs on and on.",
     "Council of the Town of Rye", None,
     "OFFICIAL MINUTES A REGULAR MEETING OF THE COUNCIL OF THE TOWN OF RYE WAS HELD ON 3 MAY 2010 AT 7 PM."),
])
def test_board_and_title_from_what_is_printed(text, board, acronym, title):
    assert board_and_title(text, "anything-2020-01-01.txt") == (board, acronym, title)


def test_board_from_the_file_name_when_none_is_printed():
    assert board_and_title("# 2023-10-27\n\n## Agenda\n", "rust-leadership-council-2023-10-27.md") == (
        "Rust Leadership Council", None, "2023-10-27")
    assert board_and_title("# June 01, 2020 Meeting Notes\n", "tc39-plenary-2020-06-01.txt")[0] == "TC39 Plenary"


def test_title_lines_stop_at_a_field_or_after_the_date():
    assert title_lines("Minutes\n\nParish Council\nDate: 3 May 2010\n") == "Parish Council"
    assert title_lines("Parish Council 3 May 2010\nSecond line\n") == "Parish Council 3 May 2010"


def test_yearless_date_takes_the_year_printed_elsewhere():
    text = ("TRANSPARENCY BOARD\nMinutes of the meeting held on 19 May at the Cabinet Office:\n"
            "Welcome and Introductions\nThe note of the previous meeting was agreed, as in 2011.\n")
    meeting = parse_minutes(SourceText(name="tb.txt", media_type="text/plain", sha256="0" * 64, text=text))
    assert meeting.date == dt.date(2011, 5, 19)
    assert (meeting.board_name, meeting.board_acronym) == ("Transparency Board", None)
