"""Statements (graph/layout/speech.py, read through parse_item_body): who speaks and with what speech act, in
every document of the real corpus and in small minutes the tests write in each layout.

The corpus tests read one synthetic agenda item spanning the minutes' body, with the attendees as printed,
so that they depend neither on graph/layout/items.py nor on graph/layout/attendance.py."""
from __future__ import annotations

import datetime as dt
from functools import lru_cache
from pathlib import Path

import pytest

from graph.layout.body import parse_item_body
from graph.layout.speech import known_labels
from graph.model import AgendaItem, Meeting, Participant, SourceText, Span
from graph.resolve import load_registry, person_for, resolve

CORPUS = Path(__file__).resolve().parent.parent.parent / "shared" / "corpus"

#: Each document's body (from, up to) and its attendees as printed ("Name=INITIALS" when a table gives them).
DOCUMENTS = {
    "asf-board-2017-06-15.txt": ("5. Discussion Items", None, "Rich Bowen, Shane Curcuru, Bertrand Delacretaz, "
                                 "Ted Dunning, Jim Jagielski, Chris Mattmann, Brett Porter, Phil Steitz, Mark Thomas, "
                                 "Sam Ruby, Ross Gardler, Craig L Russell, Kevin A. McGrail, Sally Khudairi, "
                                 "Tom Pappas, Greg Stein, Tim Ellison, Chris Schultz"),
    "ethereum-acd-108-2021-03-19.txt": ("## Decisions Made", "## Attendees", "Afri Schoedin, Alex Vlasov, "
                                        "Ansgar Dietrichs, Danno Ferrin, Danny Ryan, Dragan Rakita, James Hancock, "
                                        "Lightclient, Martin Holst Swende, Micah Zoltu, Michael Carter, "
                                        "Mikhail Kalinin, Rai Sur, Tim Beiko, Tomasz Stanczak, Vitalik Buterin, "
                                        "William Morris"),
    "nodejs-ctc-2015-10-21.txt": ("## Minutes", "## Next Meeting", "Rod Vagg, Brian White, Steven R. Loomis, "
                                  "James Snell, Michael Dawson, Chris Dickinson, Ben Noordhuis, Jeremiah Senkpiel, "
                                  "Trevor Norris, Alexis Campailla, Mikeal Rogers, Shigeki Ohtsu, Seth Thompson, "
                                  "Bert Belder, Fedor Indutny"),
    "pdx-city-council-2011-01-12.txt": ("Item Nos. 47", None, "Sam Adams, Nick Fish, Amanda Fritz, Randy Leonard, "
                                        "Dan Saltzman, Karla Moore-Love, Ben Walters, Ron Willis"),
    "rust-leadership-council-2023-10-27.txt": ("## Minutes", None, "Carol, Eric Huss, Eric Holk, JP, Mara, Jack, "
                                               "JoshG, Ryan, Mark"),
    "tc39-plenary-2020-06-01.txt": ("## Housekeeping", None, "Rob Palmer=RPR, Aki=AKI, Waldemar Horwat=WH, "
                                    "Rick Button=RBU, Chip Morningstar=CM, Robin Ricard=RRD, Shane F. Carr=SFC, "
                                    "Bradford C. Smith=BSH, Mark Cohen=MPC, Kris Kowal=KKL, Istvan Sebestyen=IS, "
                                    "Kevin Gibbons=KG, Michael Ficarra=MF, Devin Rousso=DRO, Justin Ridgewell=JRL, "
                                    "Leo Balter=LEO, Michael Saboff=MLS, Ron Buckton=RBN, Ross Kirsling=RKG, "
                                    "Jordan Harband=JHD, Keith Miller=KM, Shu-yu Guo=SYG, Jason Orendorff=JTO, "
                                    "Jack Works=JWK, Gus Caplan=GCL, Brian Terlson=BT, Daniel Ehrenberg=DE, "
                                    "Yulia Startsev=YSV"),
    "uk-local-public-data-panel-2011-07-19.txt": ("Item 1:", None, "Nigel Shadbolt, Tim Allen, Roger Hampson, "
                                                  "Chris Taggart, Janet Hughes, William Perrin, Philip Worsfold"),
    "uk-pstb-2011-05-19.txt": ("Welcome and Introductions", None, "Francis Maude, Nigel Shadbolt, Andrew Stott, "
                               "Nick Herbert, Cass Chideock, Katie Davis"),
    "w3c-tag-telcon-2018-03-20.txt": ("(Dan giving", None, "Peter, Dan, David, Sangwhan, Yves"),
    "welsh-gov-board-2025-01-24.txt": ("1. Welcome", None, "Andrew Goodall, Carys Williams, Mutale Merrill, "
                                       "Aled Edwards, Mike Usher, Tracey Burke, Andrew Slade, Judith Paget, Tim Moss"),
    "wstb-2017-06-29.txt": ("Agenda item 1", "Welfare Sector Transparency Board\n\nWelfare", "Charlie Boundy, "
                            "Rachel Remedios, Natalie Jones, Keith Dugmore, Judith Jones, Nick Halliday, Tom Davies, "
                            "lain Wright, Gemma Kirk, Gillian Hall"),
}


def _participants(printed: str) -> list[Participant]:
    people = []
    for entry in printed.split(", "):
        name, _, initials = entry.partition("=")
        people.append(Participant(name, "member", None, Span(0, 0), initials or None))
    return people


def _item(text: str, start: str | None = None, end: str | None = None, people: str = "",
          title: str = "Minutes") -> AgendaItem:
    begin = text.index(start) if start else 0
    stop = text.index(end, begin) if end else len(text.rstrip())
    item = AgendaItem("1", title, 1, Span(begin, begin), Span(begin, stop))
    parse_item_body(text, item, known_labels(_participants(people) if people else [], {}))
    return item


@lru_cache(maxsize=None)
def _corpus(name: str) -> AgendaItem:
    start, end, people = DOCUMENTS[name]
    return _item((CORPUS / name).read_text(encoding="utf-8"), start, end, people)


def _said(item: AgendaItem) -> list[tuple[str, str, str]]:
    return [(s.speaker_label, s.speech_act, s.text) for s in item.statements]


# --- the corpus, document by document ---------------------------------------------------------------

@pytest.mark.parametrize("name, count", [
    ("asf-board-2017-06-15.txt", 46), ("ethereum-acd-108-2021-03-19.txt", 82), ("nodejs-ctc-2015-10-21.txt", 65),
    ("pdx-city-council-2011-01-12.txt", 200), ("rust-leadership-council-2023-10-27.txt", 56),
    ("tc39-plenary-2020-06-01.txt", 198), ("uk-local-public-data-panel-2011-07-19.txt", 1),
    ("uk-pstb-2011-05-19.txt", 1), ("w3c-tag-telcon-2018-03-20.txt", 50), ("welsh-gov-board-2025-01-24.txt", 10),
    ("wstb-2017-06-29.txt", 32),
])
def test_statement_count(name, count):
    """Every turn of a transcript and every sentence in which someone acts, one statement per speaker."""
    assert len(_corpus(name).statements) == count


@pytest.mark.parametrize("name, label, act, opening", [
    ("asf-board-2017-06-15.txt", "Ross", "comment", "Expect to see growth greater than now."),
    ("asf-board-2017-06-15.txt", "Kevin", "question", "Should we consider charging a membership fee"),
    ("asf-board-2017-06-15.txt", "Ted", "answer", "The incubator is where we should instill values."),
    ("asf-board-2017-06-15.txt", "Sally", "comment", 'The "Apache Ambassador" program has started.'),
    ("ethereum-acd-108-2021-03-19.txt", "Rai", "explanation", "Rai explained their client stopped importing"),
    ("ethereum-acd-108-2021-03-19.txt", "Tomasz Stanczak", "comment", "Then he adds that any opcode"),
    ("ethereum-acd-108-2021-03-19.txt", "Micah", "disagreement", "Micah doubts anyone is interested in access lists"),
    ("ethereum-acd-108-2021-03-19.txt", "Tomasz", "comment", "Tomasz says everyone could be interested"),
    ("ethereum-acd-108-2021-03-19.txt", "Vitalik", "confirmation", "Vitalik confirms most people do benefit"),
    ("ethereum-acd-108-2021-03-19.txt", "Beiko", "question", "Beiko, asks to come back to it later"),
    ("ethereum-acd-108-2021-03-19.txt", "Martin", "offer", "Martin will work on explaining the argument better."),
    ("nodejs-ctc-2015-10-21.txt", "Steven R. Loomis", "comment", 'Intl meeting, "full-icu" npm module'),
    ("nodejs-ctc-2015-10-21.txt", "Rod", "question", "Does this have to be done at startup?"),
    ("nodejs-ctc-2015-10-21.txt", "Stephen", "answer", "Yes. V8 has to have the data available before starting."),
    ("nodejs-ctc-2015-10-21.txt", "Ben", "offer", "Ben said he would follow up with a PR."),
    ("nodejs-ctc-2015-10-21.txt", "Fedor", "comment", "Ben suggested commandline argument"),
    ("pdx-city-council-2011-01-12.txt", "Al Sigala", "comment", "Thank you, thank you mr. Mayor, my name is al sigala"),
    ("pdx-city-council-2011-01-12.txt", "Winston Sandino", "comment", "Good morning, mayor and city council."),
    ("pdx-city-council-2011-01-12.txt", "Ron Geason", "comment", "Good morning, mayor and council, it is my first"),
    ("pdx-city-council-2011-01-12.txt", "Fish", "question", "I have a question. And first, martha"),
    ("pdx-city-council-2011-01-12.txt", "Pellegrino", "answer", "Sure, a couple of -- let me take that"),
    ("pdx-city-council-2011-01-12.txt", "Moore-Love", "comment", "She's not coming."),
    ("rust-leadership-council-2023-10-27.txt", "Mara", "comment", "we have a mastodon account!"),
    ("rust-leadership-council-2023-10-27.txt", "eholk", "comment", "Risk around speaking for the project."),
    ("rust-leadership-council-2023-10-27.txt", "Carol", "proposal", "Proposal - Mara writes up guidelines."),
    ("rust-leadership-council-2023-10-27.txt", "Josh", "question", "Question for Mara, are you okay being"),
    ("rust-leadership-council-2023-10-27.txt", "Mara", "answer", "My private account accidentally became"),
    ("rust-leadership-council-2023-10-27.txt", "Jack", "agreement", "Seconded."),
    ("rust-leadership-council-2023-10-27.txt", "Eric Huss", "offer", "I can do it."),
    ("tc39-plenary-2020-06-01.txt", "RPR", "comment", "no questions at the moment, please give feedback"),
    ("tc39-plenary-2020-06-01.txt", "IS", "demonstration", "(presents slides) It is published as TC39/2020/026."),
    ("tc39-plenary-2020-06-01.txt", "CM", "comment", "No news is good news."),
    ("tc39-plenary-2020-06-01.txt", "BSH", "question", "BigInt spec issues - any effect expected on JS engine"),
    ("tc39-plenary-2020-06-01.txt", "KG", "answer", "mostly editorial - assuming I have the right idea"),
    ("tc39-plenary-2020-06-01.txt", "JTO", "comment", "SM will implement"),
    ("tc39-plenary-2020-06-01.txt", "AKI", "comment", "Clapping!"),
    ("uk-local-public-data-panel-2011-07-19.txt", "Philip Worsfold", "update",
     "Philip Worsfold updated on progress against previous actions."),
    ("uk-pstb-2011-05-19.txt", "The Minister of State for Policing and Criminal Justice", "update",
     "The Minister of State for Policing and Criminal Justice provided an overview of the website"),
    ("w3c-tag-telcon-2018-03-20.txt", "Dan", "update", "(Dan giving short update about IETF101. And packaging.)"),
    ("w3c-tag-telcon-2018-03-20.txt", "Sangwhan", "offer", "I can volunteer."),
    ("w3c-tag-telcon-2018-03-20.txt", "Travis", "agreement", "Likewise."),
    ("w3c-tag-telcon-2018-03-20.txt", "Lukasz", "proposal", "let's simply publish the Findings asap."),
    ("w3c-tag-telcon-2018-03-20.txt", "Sangwhan", "agreement", "+1"),
    ("welsh-gov-board-2025-01-24.txt", "The Chair", "welcome", "The Chair welcomed all to the meeting"),
    ("welsh-gov-board-2025-01-24.txt", "Aled Edwards", "welcome", "Aled Edwards welcomed the survey results"),
    ("welsh-gov-board-2025-01-24.txt", "Mutale Merrill", "agreement", "Mutale Merrill echoed these comments."),
    ("welsh-gov-board-2025-01-24.txt", "Judith", "comment", "Judith noted that officials are reviewing"),
    ("welsh-gov-board-2025-01-24.txt", "The Chair", "request", "The Chair invited An"),  # the excerpt stops here
    ("wstb-2017-06-29.txt", "IW", "answer", "IW confirmed that it does not have an automated link"),
])
def test_statement_speaker_and_speech_act(name, label, act, opening):
    matches = [s for s in _corpus(name).statements if s.text.startswith(opening)]
    assert [(s.speaker_label, s.speech_act) for s in matches] == [(label, act)], opening


@pytest.mark.parametrize("name, opening, speakers, act", [
    ("asf-board-2017-06-15.txt", "Probably not.", ["Ross", "Phil", "Jim", "Brett"], "answer"),
    ("asf-board-2017-06-15.txt", "This might be an opportunity for directed sponsorship.", ["Ross", "Kevin"],
     "comment"),
    ("ethereum-acd-108-2021-03-19.txt", "Dianno Ferrin and Tomasz Stanczak both suggest",
     ["Dianno Ferrin", "Tomasz Stanczak"], "suggestion"),
    ("ethereum-acd-108-2021-03-19.txt", "Michael, Tomasz, Vlasov, Beiko, Hancock, Danny exchange thoughts",
     ["Michael", "Tomasz", "Vlasov", "Beiko", "Hancock", "Danny"], "discussion"),
    ("tc39-plenary-2020-06-01.txt", "(present slides)", ["JHD", "KG"], "demonstration"),
])
def test_several_speakers_each_get_a_statement(name, opening, speakers, act):
    matches = [s for s in _corpus(name).statements if s.text.startswith(opening)]
    assert [(s.speaker_label, s.speech_act) for s in matches] == [(speaker, act) for speaker in speakers]
    assert len({s.span for s in matches}) == 1  # the same words, said by each


def test_nodejs_standup_turns_are_updates():
    text = (CORPUS / "nodejs-ctc-2015-10-21.txt").read_text(encoding="utf-8")
    item = _item(text, "### Standup", "### governance", title="Standup")
    assert len(item.statements) == 15 and {s.speech_act for s in item.statements} == {"update"}
    assert item.statements[-1].text.startswith("reviewing PRs")
    assert "Discussed the ArrayBuffer issue in detail" in item.statements[-1].text  # its own sub-bullet


def test_agenda_lines_and_labels_are_not_speakers():
    speakers = {s.speaker_label for name in DOCUMENTS for s in _corpus(name).statements}
    assert not speakers & {"Presenter", "Reviewers", "Action", "ACTION", "Conclusion", "Present", "Scribe",
                           "Key", "Disposition", "governance", "node", "WG", "Schedule", "Fundraising",
                           "Summary", "Time check", "Audio Recording"}


# --- each layout, in minutes the tests write -------------------------------------------------------

def test_full_names_with_initials_then_initials():
    item = _item("Tom Davies (TD) provided an update. TD explained the framework. Natalie Jones (NJ) asked if it "
                 "links to Stat-Xplore. TD confirmed that it does not.\n")
    assert [(s.speaker_label, s.speech_act) for s in item.statements] == [
        ("TD", "update"), ("TD", "explanation"), ("NJ", "question"), ("TD", "answer")]


def test_initials_from_an_attendance_table_as_transcript_labels():
    item = _item("RPR: (presents slides)\n\nRPR: no questions at the moment\n\nWH: Which alternative?\n\n"
                 "RBU: The one that uses same-value equality.\n", people="Rob Palmer=RPR, Waldemar Horwat=WH")
    assert [(s.speaker_label, s.speech_act, s.text) for s in item.statements] == [
        ("RPR", "demonstration", "(presents slides)"), ("RPR", "comment", "no questions at the moment"),
        ("WH", "question", "Which alternative?"), ("RBU", "answer", "The one that uses same-value equality.")]


def test_first_names_as_labels_and_as_actors():
    item = _item("Jim: We need to take our leadership position seriously.\n\nJudith noted that officials are "
                 "reviewing take up of the flu vaccine.\n\nOfficials noted the figures.\n",
                 people="Jim Jagielski, Judith Paget")
    assert [(s.speaker_label, s.speech_act) for s in item.statements] == [("Jim", "comment"), ("Judith", "comment")]


def test_several_speakers_of_one_turn():
    item = _item("Kevin: Is there anything in the proposal that can be changed?\n\n"
                 "Ross/Phil/Jim/Brett: Probably not.\n\nJHD and KG: (present slides)\n")
    assert [(s.speaker_label, s.speech_act) for s in item.statements] == [
        ("Kevin", "question"), ("Ross", "answer"), ("Phil", "answer"), ("Jim", "answer"), ("Brett", "answer"),
        ("JHD", "demonstration"), ("KG", "demonstration")]


def test_bold_and_at_name_labels():
    item = _item("* **Jane Doe**: We should publish the data.\n* **Bob**: Agreed.\n@rvagg: I think so too.\n"
                 "Jane Doe (Chair): Thank you all.\n")
    assert [(s.speaker_label, s.speech_act, s.text) for s in item.statements] == [
        ("Jane Doe", "comment", "We should publish the data."), ("Bob", "agreement", "Agreed."),
        ("rvagg", "comment", "I think so too."), ("Jane Doe", "comment", "Thank you all.")]


def test_transcript_turns_mid_line_with_job_titles():
    item = _item("Adams: Any questions from council?   Fritz: The previous ordinance had an emergency clause.\n"
                 "Sandino:  No, it doesn't need it.    Fritz: Thank you.\nAdams: Please call the roll.  "
                 "Winston Sandino, Capitol Project Manager, Bureau of Transportation:  Good morning.\n"
                 "Fish: Aye.  Saltzman: Aye.\n")
    assert [(s.speaker_label, s.speech_act, s.text) for s in item.statements] == [
        ("Adams", "question", "Any questions from council?"),
        ("Fritz", "answer", "The previous ordinance had an emergency clause."),
        ("Sandino", "comment", "No, it doesn't need it."), ("Fritz", "comment", "Thank you."),
        ("Adams", "comment", "Please call the roll."), ("Winston Sandino", "comment", "Good morning."),
        ("Fish", "agreement", "Aye."), ("Saltzman", "agreement", "Aye.")]


def test_bold_names_in_running_notes():
    item = _item("* **Martin Holst** and **Danno Ferrin** think it's out of scope, but **Tomasz** says otherwise. "
                 "He adds that it can wait.\n* Some devs such as **Artem**, **Geth** suggest dropping it.\n"
                 "* At least **Nethermind** didn't do so.\n")
    assert [(s.speaker_label, s.speech_act) for s in item.statements] == [
        ("Martin Holst", "comment"), ("Danno Ferrin", "comment"), ("Tomasz", "comment"), ("Tomasz", "comment"),
        ("Artem", "suggestion"), ("Geth", "suggestion")]


def test_roles_as_speakers():
    item = _item("The Chair welcomed members. The Minister of State for Policing and Criminal Justice provided an "
                 "overview; the Minister noted the figures.\n")
    assert [(s.speaker_label, s.speech_act) for s in item.statements] == [
        ("The Chair", "welcome"), ("The Minister of State for Policing and Criminal Justice", "update"),
        ("the Minister", "comment")]


def test_a_role_no_participant_holds_stays_unresolved():
    text = "The Chair welcomed members. The Minister provided an overview.\n"
    item = AgendaItem("1", "Welcome", 1, Span(0, 0), Span(0, len(text)))
    parse_item_body(text, item, set())
    meeting = Meeting(source=SourceText("t.txt", "text/plain", "0" * 64, text), board_name="Board",
                      board_acronym=None, title="Board", date=dt.date(2024, 1, 25), start_time=None, end_time=None,
                      participants=[Participant("Ann Lee", "chair", None, Span(0, 0))], agenda_items=[item])
    resolved = resolve(meeting, load_registry())
    chair, minister = item.statements
    assert person_for(chair.speaker_label, resolved).name == "Ann Lee"
    assert minister.speaker_label == "The Minister" and person_for(minister.speaker_label, resolved) is None


def test_he_and_she_are_the_last_speaker():
    item = _item("NH provided a short overview. He also mentioned the codes. She agreed.\n")
    assert [(s.speaker_label, s.speech_act) for s in item.statements] == [("NH", "update"), ("NH", "comment"),
                                                                          ("NH", "agreement")]


def test_a_turn_runs_on_over_its_paragraphs_but_not_over_a_scribes_note():
    item = _item("DE: Maybe we should follow up on the issue tracker:\n\nPerhaps with code samples.\n\n"
                 "(silence)\n\nWH: What happens then?\n\nNamed evaluation does not carry through.\n")
    assert _said(item) == [("DE", "comment", "Maybe we should follow up on the issue tracker: Perhaps with code "
                                             "samples."), ("WH", "question", "What happens then?")]
    assert len(item.unattributed) == 2  # the note, and an answer nobody is named for
