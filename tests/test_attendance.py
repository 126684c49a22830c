"""graph/layout/attendance.py on every document of the real corpus and on minutes the tests write in
each layout: who was present or sent apologies, in which role, for which organisation, and which
spans of text the lists occupy."""
from __future__ import annotations

from pathlib import Path

import pytest

from graph.layout.attendance import parse_attendance
from graph.model import SourceText
from graph.parse import parse_minutes

CORPUS = Path(__file__).resolve().parent.parent.parent / "shared" / "corpus"


def _read(name: str) -> str:
    return (CORPUS / name).read_text(encoding="utf-8")


def _people(text: str) -> set[tuple[str, str, str | None]]:
    return {(p.name, p.role, p.organisation) for p in parse_attendance(text).participants}


def _members(role: str, *names: str, organisation: str | None = None) -> set[tuple[str, str, str | None]]:
    return {(name, role, organisation) for name in names}


#: TC39's "Remote attendees" table: name, abbreviation, organization.
TC39_TABLE = [
    ("Yulia Startsev", "YSV", "Mozilla"), ("Rob Palmer", "RPR", "Bloomberg"), ("Aki", "AKI", "Paypal"),
    ("Richard Gibson", "RGN", "OpenJS Foundation"), ("Marja Hölttä", "MHA", "Google"),
    ("Waldemar Horwat", "WH", "Google"), ("Sergey Rubanov", "SRV", "Invited Expert"),
    ("Rick Button", "RBU", "Bloomberg"), ("Chip Morningstar", "CM", "Agoric"),
    ("Myles Borins", "MBS", "Google"), ("Robin Ricard", "RRD", "Bloomberg"),
    ("Jason Williams", "JWS", "Bloomberg"), ("Mathias Bynens", "MB", "Google"),
    ("Shane F. Carr", "SFC", "Google"), ("Ujjwal Sharma", "USA", "Igalia"),
    ("Bradford C. Smith", "BSH", "Google"), ("Mark Cohen", "MPC", "PayPal"),
    ("Kris Kowal", "KKL", "Agoric"), ("István Sebestyén", "IS", "Ecma International"),
    ("Philip Chimento", "PFC", "Igalia"), ("Kevin Gibbons", "KG", "F5 Networks"),
    ("Michael Ficarra", "MF", "F5 Networks"), ("Frank Yung-Fong Tang", "FYT", "Google"),
    ("Devin Rousso", "DRO", "Apple"), ("Justin Ridgewell", "JRL", "Google"),
    ("Leo Balter", "LEO", "Salesforce"), ("Ilias Tsangaris", "IT", "Evernote"),
    ("Michael Saboff", "MLS", "Apple"), ("Ron Buckton", "RBN", "Microsoft"), ("Ross Kirsling", "RKG", "Sony"),
    ("Mathieu Hofman", "MAH", "Stripe"), ("Mary Marchini", "MAR", "Netflix"),
    ("Chengzhong Wu", "CZW", "Alibaba"), ("Jordan Harband", "JHD", "Invited Expert"),
    ("Ukyo Pu", "PSY", "Alibaba"), ("Tab Atkins-Bittner", "TAB", "Google"), ("Keith Miller", "KM", "Apple"),
    ("Mattijs Hoitink", "MHK", "Apple"), ("Shu-yu Guo", "SYG", "Google"), ("Dave Poole", "DMP", "Apple"),
    ("Jason Orendorff", "JTO", "Mozilla"), ("Thomas Levy", "TLY", "Evernote"),
    ("Jack Works", "JWK", "Sujitech"), ("Gus Caplan", "GCL", "Invited Expert"),
    ("Robert Pamely", "RPY", "Bloomberg"), ("Ben Newman", "BBN", None),
    ("Brian Terlson", "BT", "Microsoft"), ("Rick Waldron", "RW", "Bocoup"),
    ("Daniel Ehrenberg", "DE", "Igalia"),
]

CORPUS_PEOPLE = {
    "wstb-2017-06-29.txt": {
        ("Charlie Boundy", "chair", "DWP Digital, Data Science"),
        ("Rachel Remedios", "member", "Citizens Advice (CA)"),
        ("Natalie Jones", "member", "Economic and Social Research Council (ESRC)"),
        ("Keith Dugmore", "member", "Demographics User Group"),
        ("Judith Jones", "member", "Information Commissioners Office"),
        ("Nick Halliday", "member", "Cabinet Office"),
        ("Tom Davies", "member", "DWP Digital"),
        ("lain Wright", "member", "DWP Strategy UC Analysts"),
        ("Gemma Kirk", "secretariat", "DWP Digital"),
        ("Gillian Hall", "secretariat", "DWP Digital"),
        ("Julie Hewitt", "apologies", "Equifax"),
        ("Rick Wright", "apologies", "Employment Related Services Association (ERSA)"),
    },
    "asf-board-2017-06-15.txt": _members("member", "Rich Bowen", "Shane Curcuru", "Bertrand Delacretaz",
                                         "Ted Dunning", "Jim Jagielski", "Chris Mattmann", "Brett Porter",
                                         "Phil Steitz", "Mark Thomas")
    | _members("in-attendance", "Sam Ruby", "Ross Gardler", "Craig L Russell", "Kevin A. McGrail",  # officers
               "Sally Khudairi", "Tom Pappas", "Greg Stein", "Tim Ellison", "Chris Schultz"),  # guests
    "ethereum-acd-108-2021-03-19.txt": {
        ("Tim Beiko", "chair", None),  # "### Moderator: Tim Beiko", and listed among the attendees
        ("Pedro Rivera", "secretariat", None),  # "### Notes: Pedro Rivera"
        ("Dragan Rakita", "member", "Open Ethereum"),
        ("Michael Carter", "member", "BitsBeTrippin"),
        ("Rai Sur", "member", "Besu"),
        ("Tomasz Stanczak", "member", "Nethermind"),
    } | _members("member", "Afri Schoedin", "Alex Vlasov", "Ansgar Dietrichs", "Danno Ferrin", "Danny Ryan",
                 "James Hancock", "Lightclient", "MariusVanDerWijden", "Martin Holst Swende", "Micah Zoltu",
                 "Mikhail Kalinin", "Vitalik Buterin", "William Morris"),
    "nodejs-ctc-2015-10-21.txt": _members("member", "Rod Vagg", "Brian White", "James Snell", "Chris Dickinson",
                                          "Ben Noordhuis", "Jeremiah Senkpiel", "Trevor Norris",
                                          "Alexis Campailla", "Shigeki Ohtsu", "Bert Belder", "Fedor Indutny",
                                          organisation="CTC")
    | _members("observer", "Steven R. Loomis", "Michael Dawson", "Mikeal Rogers", "Seth Thompson"),
    "pdx-city-council-2011-01-12.txt": {
        ("Mayor Adams", "chair", None),  # "Mayor Adams, Presiding"
        ("Commissioner Fish", "member", None),  # "Commissioners Fish, Fritz, Leonard and Saltzman, 5."
        ("Commissioner Fritz", "member", None),
        ("Commissioner Leonard", "member", None),
        ("Commissioner Saltzman", "member", None),
        ("Karla Moore-Love", "secretariat", None),  # "Clerk of the Council"
        ("Ben Walters", "in-attendance", "Chief Deputy City Attorney"),
        ("Ron Willis", "in-attendance", "Sergeant at Arms"),
    },
    "rust-leadership-council-2023-10-27.txt": _members("member", "Carol", "Eric Huss", "Eric Holk", "JP", "Mara",
                                                       "Jack", "JoshG", "Ryan", "Mark"),
    "tc39-plenary-2020-06-01.txt": {(name, "member", organisation) for name, _, organisation in TC39_TABLE},
    "uk-local-public-data-panel-2011-07-19.txt": {
        ("Professor Nigel Shadbolt", "chair", None),
        ("Tim Allen", "member", "Local Government Association Representative"),
        ("Roger Hampson", "member", "London Borough of Redbridge"),
        ("Chris Taggart", "member", "Openlylocal.com"),
        ("Janet Hughes", "member", "London Assembly"),
        ("William Perrin", "member", "Talk About Local"),
        ("Nick Aldridge", "member", "Mission Fish"),
        ("Jos Creese", "member", "Hampshire County Council"),
        ("Liam Maxwell", "member", "RB Windsor & Maidenhead / Director ICT Futures"),
        ("Shehla Husain", "member", "DCLG"),  # "Ex Officio: Shehla Husain (DCLG)"
        ("Baroness Hanham", "apologies", "DCLG"),
        ("Dave Smith", "apologies", "Sunderland City Council"),
        ("Cass Chideock", "apologies", "Cabinet Office"),
        ("Emer Coleman", "apologies", "London Assembly"),
        ("Steve Peters", "apologies", "DCLG"),
        ("Ruth Hayes", "in-attendance", "DCLG"),
        ("Julie Stephenson", "in-attendance", "DCLG"),
        ("Clive Paulse", "in-attendance", "DCLG"),
        ("Philip Worsfold", "secretariat", "DCLG"),  # "Philip Worsfold and Padma Juggapah (DCLG)."
        ("Padma Juggapah", "secretariat", "DCLG"),
    },
    "uk-pstb-2011-05-19.txt": {
        ("Francis Maude", "chair", None),  # Present column
        ("Sir Tim Berners-Lee", "member", None),  # "(via Skype)" is dropped
        ("Professor Nigel Shadbolt", "member", None),
        ("Andrew Stott", "member", None),
        ("Cass Chideock", "in-attendance", "Cabinet Office"),  # Officials column
        ("Katie Davis", "in-attendance", "Cabinet Office"),
        ("Rachel Fentem", "in-attendance", "Number 10"),
        ("Zoe Hoyal", "secretariat", "Cabinet Office"),
        ("Tim Kelsey", "in-attendance", "Cabinet Office"),
        ("Jane Sigley", "in-attendance", "Ministry of Justice"),
        ("Nick Herbert", "in-attendance", "MoS, Home Office"),  # Guests, under Present
        ("Steve Hilton", "apologies", "Number 10"),  # Apologies column
        ("Lord McNally", "apologies", "MoJ"),
        ("Dr Rufus Pollock", "apologies", None),
        ("Rohan Silva", "apologies", "No 10"),
        ("Tom Steinberg", "apologies", None),
        ("Melanie Dawes", "presenter", "HMRC"),  # Presenters column
        ("Naomi Ferguson", "presenter", "HMRC"),
        ("Gus Jaspert", "presenter", "Home Office"),
        ("Kate Marshall", "presenter", "Cabinet Office"),
        ("Tim Moss", "presenter", "Companies House"),
    },
    "w3c-tag-telcon-2018-03-20.txt": _members("member", "Peter", "Dan", "David", "Yves")
    | {("Sangwhan", "secretariat", None)}  # present, and "Scribe: Sangwhan"
    | _members("apologies", "Andrew", "Hadley"),  # "Regrets: Andrew, Hadley"
    "welsh-gov-board-2025-01-24.txt": {("Andrew Goodall", "chair", None)}
    | _members("member", "Carys Williams", "Mutale Merrill", "Aled Edwards", "Mike Usher", "Tracey Burke",
               "Andrew Slade", "Judith Paget", "Tim Moss", "Dom Houlihan", "David Richards", "Nia James",
               "Dean Medcraft")
    | {("Sinead Gallagher", "in-attendance", None), ("Sioned Evans", "apologies", None)},
}

#: Each document's attendance blocks: (first line, last line), stripped.
CORPUS_BLOCKS = {
    "wstb-2017-06-29.txt": [("Welfare Sector Transparency Board",
                             "Rick Wright\tEmployment Related Services Association (ERSA)")],
    "asf-board-2017-06-15.txt": [("Directors Present:", "Chris Schultz")],
    "ethereum-acd-108-2021-03-19.txt": [("### Moderator: Tim Beiko", "### Notes: Pedro Rivera"),
                                        ("## Attendees", "- William Morris")],
    "nodejs-ctc-2015-10-21.txt": [("## Present", "* Fedor Indutny (CTC)")],
    "pdx-city-council-2011-01-12.txt": [
        ("THOSE PRESENT WERE:  Mayor Adams, Presiding; Commissioners Fish, Fritz,", "Leonard and Saltzman, 5."),
        ("OFFICERS IN ATTENDANCE:  Karla Moore-Love, Clerk of the Council; Ben Walters, Chief Deputy City "
         "Attorney; and Ron Willis, Sergeant at Arms.",) * 2],
    "rust-leadership-council-2023-10-27.txt": [
        ("## Attendance", "Carol, Eric Huss, Eric Holk, JP, Mara, Jack, JoshG, Ryan, Mark")],
    "tc39-plenary-2020-06-01.txt": [
        ("**Remote attendees:**", "| Daniel Ehrenberg     | DE             | Igalia             |")],
    "uk-local-public-data-panel-2011-07-19.txt": [
        (_read("uk-local-public-data-panel-2011-07-19.txt").split("\n")[2],
         "Secretariat: Philip Worsfold and Padma Juggapah (DCLG).")],
    "uk-pstb-2011-05-19.txt": [("|", "Tim Moss (Companies House) |")],
    "w3c-tag-telcon-2018-03-20.txt": [("Present: Peter, Dan, David, Sangwhan, Yves", "Scribe: Sangwhan")],
    "welsh-gov-board-2025-01-24.txt": [("Present", "- Lead Co-Chairs of the Shadow Board")],
}


def test_every_corpus_document_has_expectations():
    assert {path.name for path in CORPUS.glob("*.txt")} == set(CORPUS_PEOPLE) == set(CORPUS_BLOCKS)


@pytest.mark.parametrize("name", sorted(CORPUS_PEOPLE))
def test_corpus_people_roles_and_organisations(name):
    expected = CORPUS_PEOPLE[name]
    found = parse_attendance(_read(name)).participants
    assert len(found) == len(expected)  # nobody twice
    assert _people(_read(name)) == expected


@pytest.mark.parametrize("name", sorted(CORPUS_BLOCKS))
def test_corpus_blocks_cover_the_lists_and_nothing_else(name):
    text = _read(name)
    attendance = parse_attendance(text)
    lines = [(text[b.start:b.end].split("\n")[0].strip(), text[b.start:b.end].split("\n")[-1].strip())
             for b in attendance.blocks]
    assert lines == CORPUS_BLOCKS[name]
    for person in attendance.participants:
        assert any(b.start <= person.span.start < person.span.end <= b.end for b in attendance.blocks), person


@pytest.mark.parametrize("name", sorted(CORPUS_PEOPLE))
def test_each_span_quotes_the_persons_entry(name):
    text = _read(name)
    for person in parse_attendance(text).participants:
        quote = text[person.span.start:person.span.end]
        assert person.name.split()[-1] in quote and "\n" not in quote, (person, quote)


def test_non_people_in_lists_are_skipped_but_covered():
    text = _read("welsh-gov-board-2025-01-24.txt")
    names = {p.name for p in parse_attendance(text).participants}
    for group in ("Representatives of the Shadow Board", "TUS representative", "Permanent Secretary\u2019s Office",
                  "Future Generations Board Champion", "Lead Co-Chairs of the Shadow Board"):
        assert group not in names
        block = parse_attendance(text).blocks[0]
        assert block.start < text.index(group) < block.end


def test_tc39_abbreviations_are_the_initials():
    found = {(p.name, p.initials) for p in parse_attendance(_read("tc39-plenary-2020-06-01.txt")).participants}
    assert found == {(name, initials) for name, initials, _ in TC39_TABLE}


def test_tc39_abbreviations_are_the_initials_through_parse_minutes():
    source = SourceText(name="tc39.txt", media_type="text/plain", sha256="0" * 64,
                        text=_read("tc39-plenary-2020-06-01.txt"))
    meeting = parse_minutes(source)
    initials = {p.name: p.initials for p in meeting.participants}
    assert initials["Yulia Startsev"] == "YSV" and initials["Aki"] == "AKI" and initials["Robin Ricard"] == "RRD"
    assert initials["Ben Newman"] == "BBN"
    assert meeting.initials["JHD"] == "Jordan Harband"


# --- minutes written by the tests, one layout each ---------------------------------------------------

BULLETS = """# Riverside Trust board

## Present

* Ann Lee (Chair)
* Bob Stone (River Trust)
- Cara Diaz \u2013 part only
* Dan Eve (via Skype)
* Ed Fox (observer)
* Fay Gill (secretariat)

## Apologies
- Gil Hay, Environment Agency
- Finance team representative

## Item 1 - Welcome

Ann Lee welcomed everyone.
"""


def test_bullet_lists_under_markdown_headings():
    attendance = parse_attendance(BULLETS)
    assert [(p.name, p.role, p.organisation) for p in attendance.participants] == [
        ("Ann Lee", "chair", None), ("Bob Stone", "member", "River Trust"), ("Cara Diaz", "member", None),
        ("Dan Eve", "member", None), ("Ed Fox", "observer", None), ("Fay Gill", "secretariat", None),
        ("Gil Hay", "apologies", "Environment Agency")]
    [block] = attendance.blocks
    assert BULLETS[block.start:block.end].startswith("## Present")
    assert BULLETS[block.start:block.end].endswith("- Finance team representative")


RUNS = """Harbour Data Panel \u2013 3 March 2022
Panel: Ann Lee (Chair), Bob Stone and Cara Diaz (River Trust), Ex Officio: Dan Eve (DCLG).
Apologies: Ed Fox (EA), Gil Hay
Other Attendees: Hal Ivy (DCLG)
Secretariat: Ian Jay and Kim Lo (DCLG).
Item 1: Welcome
Ann Lee welcomed everyone.
"""


def test_runs_of_name_and_organisation_in_one_paragraph():
    assert [(p.name, p.role, p.organisation) for p in parse_attendance(RUNS).participants] == [
        ("Ann Lee", "chair", None), ("Bob Stone", "member", "River Trust"), ("Cara Diaz", "member", "River Trust"),
        ("Dan Eve", "member", "DCLG"), ("Ed Fox", "apologies", "EA"), ("Gil Hay", "apologies", None),
        ("Hal Ivy", "in-attendance", "DCLG"), ("Ian Jay", "secretariat", "DCLG"), ("Kim Lo", "secretariat", "DCLG")]
    [block] = parse_attendance(RUNS).blocks
    assert RUNS[block.start:block.end] == RUNS[RUNS.index("Panel:"):RUNS.index("\nItem 1")]


def test_first_names_after_headings_and_a_scribe_who_is_also_present():
    text = "## Telcon\n\nPresent: Peter, Dan, Sangwhan\n\nRegrets: Hadley\n\nScribe: Sangwhan\n\n---\n\nDan: hello.\n"
    assert _people(text) == {("Peter", "member", None), ("Dan", "member", None),
                             ("Sangwhan", "secretariat", None), ("Hadley", "apologies", None)}


def test_semicolon_runs_plural_titles_and_a_heading_after_a_wide_gap():
    text = ("CITY OF RIVERSIDE  A MEETING OF THE COUNCIL WAS HELD AT 9:30 A.M.  THOSE PRESENT WERE:  Mayor Lee, "
            "Presiding; Commissioners Stone, \nDiaz and Eve, 4. \n\nOFFICERS IN ATTENDANCE:  Fay Gill, Clerk of "
            "the Council; and Gil Hay, City Attorney.\n\nItem 1 was adopted.\n")
    assert [(p.name, p.role, p.organisation) for p in parse_attendance(text).participants] == [
        ("Mayor Lee", "chair", None), ("Commissioner Stone", "member", None), ("Commissioner Diaz", "member", None),
        ("Commissioner Eve", "member", None), ("Fay Gill", "secretariat", None),
        ("Gil Hay", "in-attendance", "City Attorney")]
    [block] = parse_attendance(text).blocks  # two runs with only white space between
    assert text[block.start:block.end].startswith("THOSE PRESENT WERE:")
    assert text[block.end:].startswith("\n\nItem 1")


INDENTED = """ 1. Roll Call

    Directors Present:

        Ann Lee
        Bob R. Stone

    Executive Officers Present:

        Cara Diaz

    Guests:

        Dan Eve (dial in)

 2. Next business

    Ann Lee reported on the budget.
"""


def test_indented_lists_under_headings():
    attendance = parse_attendance(INDENTED)
    assert [(p.name, p.role) for p in attendance.participants] == [
        ("Ann Lee", "member"), ("Bob R. Stone", "member"), ("Cara Diaz", "in-attendance"),
        ("Dan Eve", "in-attendance")]
    [block] = attendance.blocks
    assert INDENTED[block.start:block.end].strip().startswith("Directors Present:")
    assert INDENTED[block.end:].startswith("\n\n 2. Next business")


TABLE = """# June 1, 2022 Meeting Notes

**In-person attendees:**  (none)

**Remote attendees:**
| Name            | Abbreviation | Organization |
| --------------- | ------------ | ------------ |
| Ann Lee         | AL           | River Trust  |
| Aki             | AKI          |              |

## Agenda
AL: welcome.
"""


def test_markdown_attendee_table_with_abbreviations():
    attendance = parse_attendance(TABLE)
    assert [(p.name, p.role, p.organisation, p.initials) for p in attendance.participants] == [
        ("Ann Lee", "member", "River Trust", "AL"), ("Aki", "member", None, "AKI")]
    [block] = attendance.blocks
    assert TABLE[block.start:block.end].startswith("**Remote attendees:**")
    assert TABLE[block.end:].startswith("\n\n## Agenda")


COLUMNS = """Board Minutes - 19th May 2011
Minutes of the meeting held on 19 May:
|
Present: |
|
Officials: |
|
Ann Lee (Chair) |
Bob Stone (Cabinet Office) |
|
|
Cara Diaz |
Dan Eve (Cabinet Office, secretariat) |
|
|
|
Ed Fox (Number 10) |
|
|
Guests: |
Fay Gill (Home Office) |
|
|
Gil Hay (MoS, Home Office) |
|
|
|
|
|
|
|
Apologies: |
Presenters: |
|
|
Hal Ivy (HMRC) |
Ian Jay (HMRC) |
Welcome and Introductions
The note of the previous meeting was agreed.
"""


def test_two_column_table_flattened_with_bars():
    attendance = parse_attendance(COLUMNS)
    assert [(p.name, p.role, p.organisation) for p in attendance.participants] == [
        ("Ann Lee", "chair", None), ("Bob Stone", "in-attendance", "Cabinet Office"), ("Cara Diaz", "member", None),
        ("Dan Eve", "secretariat", "Cabinet Office"), ("Ed Fox", "in-attendance", "Number 10"),
        ("Fay Gill", "in-attendance", "Home Office"), ("Gil Hay", "in-attendance", "MoS, Home Office"),
        ("Hal Ivy", "apologies", "HMRC"), ("Ian Jay", "presenter", "HMRC")]
    [block] = attendance.blocks
    assert COLUMNS[block.start:block.end].startswith("|\nPresent: |")
    assert COLUMNS[block.end:].startswith("\nWelcome and Introductions")


def test_a_run_of_names_in_the_paragraph_under_a_heading():
    text = "## Attendance\n\nCarol, Eric Huss, JP, Mara\n\n## Minutes\n\n- Check-in\n- Assign roles\n"
    assert [p.name for p in parse_attendance(text).participants] == ["Carol", "Eric Huss", "JP", "Mara"]


@pytest.mark.parametrize("text", [
    "Present: the chair and two members of staff.\n",
    "Apologies were received from Jane Doe.\n",
    "Members agreed to meet again, Tim said.\n",
    "Attendees:\tSee list below\n",
    "## Notes\n\n- Project Updates\n- Next Steps\n",
    "### Notes: The board met late\n",
    "## Apologies\n\nThe chair noted that Ann Lee, Bob Stone and others could not attend.\n",
    "## Minutes\n\n- Check-in\n- Assign roles\n    - Carol facilitates\n",
])
def test_prose_is_never_a_participant(text):
    attendance = parse_attendance(text)
    assert attendance.participants == [] and attendance.blocks == []


def test_lists_are_masked_before_agenda_items_are_read():
    text = ("Minutes\nTitle of Meeting:\tRiver Trust Data Board (RTDB)\nDate:\t3 March 2022\n\n"
            "Present: Ann Lee (Chair), Bob Stone (Environment Agency)\n\n"
            "Agenda item 1 - Welcome\n\nAnn Lee (AL) welcomed members.\n\n"
            "## Apologies\n\n- Cara Diaz (River Trust)\n")
    meeting = parse_minutes(SourceText(name="river.txt", media_type="text/plain", sha256="0" * 64, text=text))
    assert [(p.name, p.role, p.initials) for p in meeting.participants] == [
        ("Ann Lee", "chair", "AL"), ("Bob Stone", "member", None), ("Cara Diaz", "apologies", None)]
    [item] = meeting.agenda_items
    assert [s.speaker_label for s in item.statements] == ["AL"]
    assert not any("Cara" in meeting.source.quote(span) for span in item.unattributed)
