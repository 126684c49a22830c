"""Agenda items (printed number, title, heading and body spans) on every document of the corpus and on
minutes the tests write in each layout graph/layout/items.py reads."""
from __future__ import annotations

from functools import cache
from pathlib import Path

import pytest

from graph.layout.attendance import parse_attendance
from graph.layout.items import parse_items
from graph.model import AgendaItem, SourceText
from graph.layout.text import masked
from graph.read import read_document

CORPUS = Path(__file__).resolve().parent.parent.parent / "shared" / "corpus"


@cache
def _document(name: str) -> tuple[SourceText, list[AgendaItem]]:
    """A corpus document and its items, read as parse_minutes reads them (attendance lists masked)."""
    source = read_document(CORPUS / name)
    return source, parse_items(masked(source.text, parse_attendance(source.text).blocks))


def _numbered(*titles: str) -> list[tuple[str, str]]:
    """Unnumbered items: their position is their notation."""
    return [(str(position), title) for position, title in enumerate(titles, start=1)]


CORPUS_ITEMS = {
    "asf-board-2017-06-15.txt": [
        ("1", "Call to order"), ("2", "Roll Call"), ("3", "Schedule: 13:30 - 15:15"), ("4", "Executive Session"),
        ("5", "Discussion Items"), ("5A", "Apache in 5 years"), ("5B", "Managing growth"),
        ("5C", "Fundraising plans"), ("5D", "Follow up plans"), ("6", "New Business"), ("7", "Announcements"),
        ("8", "Adjournment")],
    # the sections under the agenda-level headings ("## Berlin Updates - Ropsten/Goerli Forks" only holds them);
    # "Decisions Made", "Action Items", "Attendees" and "Next Meeting" are no items
    "ethereum-acd-108-2021-03-19.txt": _numbered(
        "Discussion on Besu Ropsten consensus issue, post-mortems and tests for feature non-inclusion",
        "Goerli validation and discussion about triggered features",
        "Rinkeby and getting community to know access lists",
        "EIP-3403 - Partial Removal of Refunds",
        "EIP-3322 - Efficient Gas Storage",
        "Client-side thoughts between EIP-3403 and EIP-3298",
        "Bringing 3403 into London",
        "EIP-3198 - BASE FEE Opcode #270",
        "Michael Carter explains EIP-3368 (increase block rewards to 3 ETH, with 2 Year Decay to 1 ETH)",
        "EIP-3382 - Hardcoded Block Gas Limit #281",
        "London #245"),
    # the "###" sections under "## Minutes", not those under "## Agenda"
    "nodejs-ctc-2015-10-21.txt": _numbered(
        "Review of previous meeting", "Standup", "governance: add new collaborators #VIII #3472",
        'detect "full-icu" module #3460', "WG: Considering a new HTTP WG #3214",
        "node: deprecate public access to process.binding #2768", "node: make listen address configurable #3316"),
    "pdx-city-council-2011-01-12.txt": [
        ("38", "Request of Joe Rastatter to address Council regarding fair wages at PGE Park"),
        ("39", "Request of Dixie Johnston to address Council regarding Portland Plan: Comp Plan and citizen "
               "involvement"),
        ("40", "Request of Mary Ann Schwab to address Council regarding Comp Plan and Portland Plan Phase II"),
        ("41", "Appoint Alison Stoll and Peter Stark to the Portland Plan Community Involvement Committee to serve "
               "a term from July 2009 through December 2012"),
        ("42", "Accept and appropriate a grant in the amount of $94,710 from Corporation for National Service for "
               "five Americorps VISTA volunteers"),
        ("43", "Authorize a $285,000 grant agreement with Janus Youth Programs, Inc. to fund shelter beds and "
               "treatment for juvenile human trafficking victims and two additional victim advocate positions for "
               "a one year period"),
        ("44", "Amend contract with ShoreBank Enterprise Cascadia, dba Enterprise Cascadia, to extend Clean Energy "
               "Works Portland agreement terms to 800 loans"),
        ("45", "Adopt a Waste Reduction Program and authorize an Intergovernmental Agreement with Metro to receive "
               "Metro Waste Reduction Challenge Funds of $261,397 and $509,141 for the Recycle at Work Program in "
               "FY 10-11"),
        ("46", "Accept a grant in the amount of $304,400 from the Portland Development Commission and authorize an "
               "Intergovernmental Agreement for the design, bid and award and construction of the N "
               "Killingsworth-Greeley Intersection Improvements"),
        ("47", "Authorize Intergovernmental Agreement with TriMet for the Portland -- Lake Oswego Transit Project"),
        ("48", "Call for bids and authorize contract for the N Burgard Road over Abandoned Railroad Project"),
        ("49", "Accept a grant in the amount of $98,000 from Oregon Department of Transportation to develop and "
               "implement specific efforts to improve transportation safety on four high crash corridors, and to "
               "work with the Metro Traffic Safety Workgroup to support transportation safety efforts in the "
               "Portland metropolitan area"),
        ("50", "Pay claim of Mara Woloshin"),
        ("51", "Amend contract with Triad Technology Group to add $40,000 for Portland Housing Bureau information "
               "and technology transition"),
        ("52", "Authorize a non-exclusive natural gas facility easement with Northwest Natural Gas Company"),
        ("53", "Authorize Lease Agreement with Oregon Yacht Club for property along the Willamette River"),
        ("54", "Authorize funding agreement with members of the Washington Park Alliance for the benefit of "
               "Washington Park"),
        ("55", "Authorize Portland Parks & Recreation to renew its sponsorship of an Oregon Department of Education "
               "Child Nutrition Program"),
        ("56", "Accept a grant in the amount of $2,445,563 from the Oregon Department of Transportation and "
               "authorize an Intergovernmental Agreement for the design of the NE 102nd Ave: NE Glisan to SE "
               "Washington Phase II"),
        ("57", "Accept the Report on the 2011 Federal Legislative Agenda"),
        ("58", "Award a five year contract with Central Parking System for Parking Garage Management services with "
               "anticipated gross revenues to the City of over $66,000,000 for the five year contract period"),
        ("59", "Amend Private For-Hire Transportation Regulations Code to add Regulation of Horse Drawn Carriages"),
        ("60", "Authorize water revenue bonds to finance and refinance water system capital improvements"),
        ("61", "Authorize franchise fee settlement with MCIMetro Access Transmission Services, LLC")],
    # the bullet outline under "## Minutes": top-level bullets, and sub-bullets that carry notes of their own
    "rust-leadership-council-2023-10-27.txt": _numbered(
        "Check-in", "Assign roles", "Turn on recording", "Consent to agenda", "Announcements",
        "Executive Director feedback due today", "Old business", "Social Media / Mastodon (Mara)",
        "Growing moderation team? (Mara)",
        "Regular meeting cadence/schedule - does this time work? Every week, 2 weeks, month?",
        "Meeting observers: Status of https://github.com/rust-lang/leadership-council/pull/19?",
        "New business", "Edition team membership (ehuss)",
        "Team repo access (https://rust-lang.zulipchat.com/#narrow/stream/392734-council/topic/"
        "Who.20merges.20team.20PRs.3F)",
        "Time check: Out of time", "Call for clarifications", "Turn off recording", "Check-out"),
    # "## Housekeeping" only holds its three sections; "### Conclusion" stays in its item
    "tc39-plenary-2020-06-01.txt": _numbered(
        "Adoption of the agenda", "Approval of minutes", "Volunteers for note taking",
        "Next meeting host and logistics", "Secretary\u2019s report", "ECMA404 Status Update",
        "ECMA262 Status Update", "ECMA402 Status Update", "Test262", "Updates from CoC committee",
        'Promise.{all,allSettled,race} should check "resolve" before iterating',
        "Ergonomic brand checks for private fields for stage 2", "Logical assignment status update",
        "Iterator Helpers", "Do expressions for stage 2", "Record & Tuple (status update)"),
    "uk-local-public-data-panel-2011-07-19.txt": [
        ("1", "Minutes, Matters Arising"), ("2", "VAT/Fraud"),
        ("3", "Local Authority Expenditure Data and Open Government License Framework")],
    "uk-pstb-2011-05-19.txt": _numbered(
        "Welcome and Introductions", "Lessons learnt from release of street level crime data"),
    # "### [title](issue) - reviewers" under Agenda, Backlog and Triage, and the Backlog's bullets of that shape
    "w3c-tag-telcon-2018-03-20.txt": _numbered(
        "Web Share Target API", "Img decoding attribute", "HTML General Review",
        "Vehicle Information Service Specification", "CSS Selectors 4 :focus-visible", "BCP56bis",
        "CSS ::part and ::theme pseudo elements", "W3C DOM", "ads.txt", "ResizeObserver", "Privacy Mode",
        '"With Credentials"', "WebVR", "OffscreenCanvas", "Review Accessibility Object Model",
        "<link> rel=modulepreload", "Clear Site Data", "Decentralized Identifiers", "Web Speech API",
        "Transform Streams", "import.meta.url and import.meta", "Find-in-page APIs"),
    "welsh-gov-board-2025-01-24.txt": [
        ("1", "Welcome and current issues"),
        ("2", "Update on key issues from the Economy, Energy and Transport Group")],
    "wstb-2017-06-29.txt": [
        ("1", "Introduction and Welcome"), ("2", "Overview of the Government Data Programme, Cabinet Office"),
        ("3", "DWP Statistical Progress Update"), ("4", "Universal Credit (UC)"), ("5", "Data Science in DWP"),
        ("6", "Digital Economy Act (DEA) 2017"), ("AOB", "Any other business")],
}


def test_every_corpus_document_is_covered():
    assert set(CORPUS_ITEMS) == {path.name for path in CORPUS.glob("*.txt")}


@pytest.mark.parametrize("name", sorted(CORPUS_ITEMS))
def test_corpus_items_in_order(name):
    _, items = _document(name)
    assert [(item.notation, item.title) for item in items] == CORPUS_ITEMS[name]
    assert [item.position for item in items] == list(range(1, len(CORPUS_ITEMS[name]) + 1))


@pytest.mark.parametrize("name", sorted(CORPUS_ITEMS))
def test_corpus_spans_follow_each_other(name):
    source, items = _document(name)
    previous_end = 0
    for item in items:
        assert previous_end <= item.span.start < item.span.end <= item.body.start <= item.body.end
        previous_end = item.body.end
        assert item.body.start == item.body.end or source.text[item.body.end - 1].strip()  # no trailing space


def _body(name: str, notation: str) -> str:
    source, items = _document(name)
    return source.quote(next(item.body for item in items if item.notation == notation))


@pytest.mark.parametrize("name, notation, opening, ending", [
    # numbered paragraphs belong to their item; an excerpt's last item keeps what it has
    ("welsh-gov-board-2025-01-24.txt", "1", "1.1 The Chair welcomed all", "Bryn Cowlyd Water Treatment Works."),
    ("welsh-gov-board-2025-01-24.txt", "2", "2.1 The Chair invited An", "2.1 The Chair invited An"),
    ("uk-pstb-2011-05-19.txt", "2", "The Minister of State for Policing", "they are also"),
    ("uk-local-public-data-panel-2011-07-19.txt", "2", "A consultation on whether to publish VAT",
     "DCLG to clarify position on possible use of DUNS numbers."),
    ("uk-local-public-data-panel-2011-07-19.txt", "3", "The LG Group had promoted use of",
     "The LG Group had promoted use of"),
    # the last item ends with the adjournment, not with what the document adds after it
    ("asf-board-2017-06-15.txt", "8", "Adjourned at 5:00pm (Eastern)", "Adjourned at 5:00pm (Eastern)"),
    ("pdx-city-council-2011-01-12.txt", "61", "10 minutes requested", "At 10:31 a.m. Council adjourned."),
    ("pdx-city-council-2011-01-12.txt", "38", "PLACED ON FILE", "PLACED ON FILE"),
    ("asf-board-2017-06-15.txt", "5A", "Ross: Expect to see growth", "Provide active mentoring for new projects"),
    # a markdown item runs to the end of its section: not into "## Next Meeting", nor over a "---"
    ("nodejs-ctc-2015-10-21.txt", "7", "Fedor: Ben suggested", "no objections."),
    ("w3c-tag-telcon-2018-03-20.txt", "12", "Travis: Where are we on this?", "ACTION: Revisit during F2F."),
    ("ethereum-acd-108-2021-03-19.txt", "11", "* **Beiko** summarizes", "invites an engineer from each team to join."),
    ("rust-leadership-council-2023-10-27.txt", "8", "- Mara: we have a mastodon account!",
     "**Conclusion**: Everyone to read doc and approve in public Zulip poll"),
])
def test_corpus_item_bodies(name, notation, opening, ending):
    body = _body(name, notation).strip()
    assert body.startswith(opening) and body.endswith(ending)


def test_sub_sections_stay_in_their_item():
    assert "### Conclusion" in _body("tc39-plenary-2020-06-01.txt", "8")
    assert "#### Conclusion" not in _body("tc39-plenary-2020-06-01.txt", "9")


def _items(text: str) -> list[tuple[str, str]]:
    return [(item.notation, item.title) for item in parse_items(text)]


def _bodies(text: str) -> list[str]:
    return [text[item.body.start:item.body.end] for item in parse_items(text)]


LABELLED = """Parish Data Panel \u2013 Third Meeting 2nd May 2012
Meeting note
Panel: Ann Lee (Chair), Bob Stone (Council).
Item 1: Minutes, Matters Arising
Minutes of the last meeting were agreed.
Street Lighting
The panel discussed the new lamps.
Action:
- Council to report on costs.
Item 2: Budget
The budget was noted.
AOB
None.
"""


def test_labelled_items_with_bare_headings_between_them():
    # the bare heading takes its position, unless an item prints that number
    assert _items(LABELLED) == [("1", "Minutes, Matters Arising"), ("2-2", "Street Lighting"), ("2", "Budget"),
                                ("AOB", "Any other business")]
    assert _bodies(LABELLED)[1] == "\nThe panel discussed the new lamps.\nAction:\n- Council to report on costs."


NUMBERED = """Harbour Board meeting: 3 March 2022
Present
- Ann Lee (Chair)
1. Welcome
1.1 The Chair welcomed all.
1.2 The minutes were agreed.
2. Finance
2.1 The board noted two changes:
1. Income
2. Costs
3. Projects
   A. New pier
      Work starts in May.
   B. Dredging
      Deferred.
4. Close
"""


def test_numbered_headings_with_lettered_sub_items():
    assert _items(NUMBERED) == [("1", "Welcome"), ("2", "Finance"), ("3", "Projects"), ("3A", "New pier"),
                                ("3B", "Dredging"), ("4", "Close")]
    assert _bodies(NUMBERED)[0] == "\n1.1 The Chair welcomed all.\n1.2 The minutes were agreed."
    assert _bodies(NUMBERED)[1].endswith("1. Income\n2. Costs")  # a list inside an item is no item


MARKDOWN = """# Harbour Committee (HC) Meeting 2024-01-25

## Present
* Ann Lee

## Agenda
Collected from issues.
### Harbour
* Pier repairs

## Minutes

### Pier repairs
Ann: Work starts in May.
#### Conclusion
Agreed.

### 3. Dredging
Deferred.

## Next Meeting
February 2024
"""


def test_markdown_items_are_the_sections_under_minutes():
    assert _items(MARKDOWN) == [("1", "Pier repairs"), ("3", "Dredging")]
    assert _bodies(MARKDOWN) == ["\nAnn: Work starts in May.\n#### Conclusion\nAgreed.", "\nDeferred."]


TELCON = """## Design Group Teleconference
##### 20 March 2018

Present: Ann, Bob

## Agenda:

### [Pier API](https://example.org/1) - Ann

Ann: Nearly done.

---

## Backlog:

### [Quay API](https://example.org/2) - Bob

(Missing reviewer, punt)

* [Dock API](https://example.org/3) - Bob

Bob: Next week.
"""


def test_markdown_sections_that_only_hold_items_and_bullets_shaped_like_headings():
    assert _items(TELCON) == [("1", "Pier API"), ("2", "Quay API"), ("3", "Dock API")]
    assert _bodies(TELCON)[0] == "\n\nAnn: Nearly done."


CALL = """# Core Devs Call #12
### Meeting Date/Time: March 3rd, 2022 14:00 UTC
### [Agenda](https://example.org/agenda)

## Decisions Made
| 12.1 | Ship it |

## Upgrades

### Testnet forks [(1:30)](https://youtu.be/x?t=90)
* **Ann** says all went well.
### AOB
* Nothing.
"""


def test_markdown_header_lines_and_summary_tables_are_no_items():
    assert _items(CALL) == [("1", "Testnet forks"), ("AOB", "Any other business")]


OUTLINE = """# 2023-10-27

## Agenda
- Check-in
- Old business
  - Mastodon

## Minutes

- Check-in
    - Carol facilitates
- Old business
  - Mastodon (*Mara*)
      - Mara: we have an account.
- Check-out
"""


def test_minutes_kept_as_a_bullet_outline():
    assert _items(OUTLINE) == [("1", "Check-in"), ("2", "Old business"), ("3", "Mastodon (Mara)"),
                               ("4", "Check-out")]
    assert _bodies(OUTLINE)[0] == "\n    - Carol facilitates"


COUNCIL = ("COUNCIL OF RYE  A REGULAR MEETING OF THE COUNCIL OF THE TOWN OF RYE WAS HELD THIS 3RD DAY OF MAY, "
           "2010 AT 7:00 P.M.\nDisposition: COMMUNICATIONS  12 Request of Ann Lee to address Council regarding "
           "parking  (Communication)  PLACED ON FILE  CONSENT AGENDA  *13 Accept a grant of $5,000 for the\n"
           "library  (Ordinance)  (Y-5) 1001  Position No. 2  Parks  14 Adopt the 2010 parks plan  (Resolution)  "
           "(Y-5) 1002  At 8:15 p.m. Council adjourned. Clerk of the Council\n"
           "Closed Caption File  Bell: Item 12. Please begin.\n")


def test_council_agenda_run_into_long_lines():
    assert _items(COUNCIL) == [("12", "Request of Ann Lee to address Council regarding parking"),
                               ("13", "Accept a grant of $5,000 for the library"), ("14", "Adopt the 2010 parks plan")]
    assert _bodies(COUNCIL)[2] == "  (Y-5) 1002  At 8:15 p.m. Council adjourned."


BARE = """Transparency Board Minutes - 19th May 2011
TRANSPARENCY BOARD
Minutes of the meeting held on 19 May at the Cabinet Office:
Present: |
Francis Maude (Chair) |
Welcome and Introductions
The note of the previous meeting was agreed.
Crime data
The Minister provided an overview of the website.
The site would continue to be developed:
-
data later in the year.
Open data
The board discussed"""


def test_bare_heading_lines_between_one_line_paragraphs():
    assert _items(BARE) == [("1", "Welcome and Introductions"), ("2", "Crime data"), ("3", "Open data")]
    assert _bodies(BARE)[2] == "\nThe board discussed"


@pytest.mark.parametrize("text", [
    "Minutes of the board\n\nSome notes were taken.\n",
    "Minutes\n\nFuture meeting dates\n\nTo be arranged for Oct/Nov 2017\n",  # a short paragraph is no heading
    "",
])
def test_no_recognisable_items(text):
    assert parse_items(text) == []


def test_markdown_without_a_title_heading():
    assert _items("## Welcome\nAnn welcomed all.\n\n## Budget\nAgreed.\n") == [("1", "Welcome"), ("2", "Budget")]
