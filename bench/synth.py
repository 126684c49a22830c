"""A synthetic corpus of board minutes for benchmarks: N realistic documents in three layouts the parser reads.

    .venv/bin/python bench/synth.py --count N --seed S --out DIR [--boards B]

Boards have members (people from a shared pool, each with an organisation from ontology/organisations.ttl) who
come and go over the years, some of them on several boards; a chair, a secretariat and apologies. Each board
meets every three to seven weeks. Minutes have agenda items, statements by members named in full with their
initials, by initials or by first name, numbered action points that run on across a board's meetings and are
reviewed at later ones, decisions, topics from ontology/topics.ttl with Zipf-like frequencies and, now and
then, a speaker's initials that name nobody at the meeting. Layouts: "table" (the WSTB minutes: header
fields, "Agenda item 3 - Title", attendance as TAB rows at the end), "markdown" ("## 3. Title", an attendee
table with initials) and "present" ("Present: A (Chair, Org), ..." runs, "Item 3: Title").

The same seed gives byte-identical files. DIR receives the minutes (.txt, .md) and manifest.json, the truth of
what was written (per document: board, date, participants, items, statements, actions, reviews, decisions,
topics), for benchmarks and tests to compare the pipeline's graphs with."""
from __future__ import annotations

import argparse
import datetime as dt
import itertools
import json
import random
import re
import sys
import time
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
TOPICS_TTL = REPO / "ontology" / "topics.ttl"
LAYOUTS = ("table", "markdown", "present")

FIRST_NAMES = (
    "Alice", "Amira", "Andrew", "Angela", "Barbara", "Bethany", "Brian", "Catherine", "Charlie", "Claire",
    "Colin", "Daniel", "Deborah", "Dominic", "Eleanor", "Elliot", "Fiona", "Frances", "Gareth", "Gemma",
    "Gillian", "Graham", "Hannah", "Harriet", "Hugh", "Imogen", "Isaac", "Jasmine", "Jeremy", "Joanna",
    "Judith", "Julian", "Karen", "Keith", "Laura", "Leonard", "Lucy", "Malcolm", "Martha", "Megan",
    "Natalie", "Neil", "Nicola", "Oliver", "Olivia", "Owen", "Pamela", "Patrick", "Priya", "Quentin",
    "Rachel", "Rebecca", "Rhys", "Robert", "Ruth", "Samuel", "Sarah", "Simon", "Sophie", "Stuart",
    "Tamsin", "Theresa", "Thomas", "Ursula", "Victoria", "Vikram", "Wendy", "Xavier", "Yasmin", "Zoe",
)
SURNAMES = (
    "Abbott", "Ahmed", "Ashworth", "Bailey", "Barker", "Bennett", "Boundy", "Bradshaw", "Butler", "Chapman",
    "Chowdhury", "Clarke", "Coleman", "Collins", "Cooper", "Crawford", "Davies", "Dawson", "Dixon", "Dugmore",
    "Edwards", "Ellis", "Farrell", "Fletcher", "Foster", "Gibson", "Gordon", "Graves", "Griffiths", "Halliday",
    "Hamilton", "Hargreaves", "Harper", "Hewitt", "Holloway", "Hopkins", "Hughes", "Hussain", "Jenkins",
    "Kaur", "Kennedy", "Kirk", "Lambert", "Lawrence", "Lloyd", "Lowe", "Marsh", "Matthews", "Mensah",
    "Mitchell", "Morgan", "Morris", "Murray", "Nash", "Newton", "Nolan", "Norris", "Okafor", "Osborne",
    "Palmer", "Parsons", "Pearson", "Perkins", "Phillips", "Powell", "Pritchard", "Quinn", "Rahman",
    "Randall", "Reeves", "Remedios", "Richards", "Robertson", "Russell", "Saunders", "Shah", "Sharma",
    "Sheppard", "Singh", "Slater", "Spencer", "Stevens", "Sutton", "Thornton", "Townsend", "Turner",
    "Underwood", "Vaughan", "Wallace", "Walsh", "Warren", "Watkins", "Webb", "Whitfield", "Wilkinson",
    "Winter", "Woodward", "Wyatt", "Yates", "Young",
)
#: Organisation names as ontology/organisations.ttl labels them (preferred labels and aliases), and a few
#: the registry does not know (the resolver mints those).
ORGANISATIONS = (
    "Department for Work and Pensions", "DWP Digital", "Cabinet Office", "Government Digital Service",
    "HM Treasury", "Office for National Statistics", "Government Statistical Service",
    "Information Commissioner's Office", "Home Office", "Ministry of Justice", "HM Revenue and Customs",
    "Companies House", "Citizens Advice", "Economic and Social Research Council", "Demographics User Group",
    "Equifax", "Employment Related Services Association", "Open Knowledge", "Hampshire County Council",
    "Sunderland City Council", "Welsh Government", "NHS Wales", "Linux Foundation", "Eclipse Foundation",
    "OpenJS Foundation", "Ecma International", "World Wide Web Consortium", "Mozilla", "Igalia", "Bloomberg",
    "Rust Foundation", "ONS", "HMRC", "W3C", "University of Leeds", "Royal Statistical Society",
    "Leeds City Council", "Northumbria Health Partnership",
)
REGIONS = ("", "North East", "North West", "Yorkshire", "Midlands", "Eastern", "South West", "London", "Wales",
           "Scotland", "Northern", "Southern", "Central", "Thames Valley", "Humber", "Pennine", "Coastal",
           "Borders", "Western", "Capital")
DOMAINS = ("Welfare Sector", "Statistics User", "Digital Services", "Open Standards", "Health Information",
           "Local Services", "Public Records", "Research Access", "Software Stewardship", "Civic Technology",
           "Justice Information", "Census Outputs", "Geospatial", "Benefits Analysis", "Skills and Employment",
           "Community Safety", "Environment Information", "Schools Information", "Library Services")
KINDS = ("Board", "Advisory Board", "Steering Committee", "Programme Board", "User Panel", "Oversight Board",
         "Technical Committee", "Partnership Board")
MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
          "November", "December")
WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday")

#: What a member says: speech act -> sentences after the speaker ({t}: a topic label; without {t}: none).
SAYINGS = {
    "welcome": ("welcomed members to the meeting.", "welcomed everyone to the meeting."),
    "update": ("gave an update on {t}.", "provided an update on {t}.", "outlined the current position on {t}.",
               "reported on recent progress with {t}.", "presented a paper on {t}.",
               "gave an update on the work of the team."),
    "explanation": ("explained that the next phase of {t} would start in the spring.",
                    "clarified that the scope of {t} was unchanged.",
                    "explained that the figures would be revised in the autumn."),
    "comment": ("commented that {t} would be of interest outside government too.",
                "noted that {t} had come up at several recent events.",
                "observed that the timetable for {t} was tight.",
                "stressed the importance of {t} for smaller organisations.",
                "commented that the paper was a helpful summary."),
    "question": ("asked whether the plans for {t} had been costed.", "queried the timescale for {t}.",
                 "asked how members could contribute to {t}.", "asked when the next report would be ready."),
    "answer": ("responded that a costed plan would follow.",
               "replied that the timetable would be shared with members."),
    "suggestion": ("suggested that the board return to {t} at a future meeting.",
                   "recommended a short workshop on {t}."),
    "proposal": ("proposed a joint paper on {t}.",),
    "request": ("requested more detail on {t}.", "requested a written summary of the discussion."),
    "agreement": ("supported the approach set out in the paper.",),
    "demonstration": ("demonstrated a prototype dashboard.",),
    "confirmation": ("confirmed that the figures for {t} would be published in the autumn.",),
}
#: Acts of the statements that follow an item's update, by weight.
DISCUSSION = (("comment", 6), ("question", 3), ("explanation", 2), ("suggestion", 2), ("request", 1),
              ("proposal", 1), ("agreement", 1), ("demonstration", 1), ("confirmation", 1))
FOLLOW_UPS = ("The work is expected to take around six months.",
              "Further detail will be circulated before the next meeting.",
              "A number of departments are involved in testing.",
              "Early feedback from users has been positive.",
              "Several risks to delivery were identified.",
              "This would help to make better use of existing information.",
              "The timetable depends on decisions elsewhere in government.")
TASKS = ("circulate a note on {t}", "share the slides on {t} with members", "arrange a workshop on {t}",
         "write to members about {t}", "report back on {t} at the next meeting", "draft a short paper on {t}",
         "contact the team about {t}", "send the latest figures to members")
DECISIONS = (("agreed", "The board agreed that work on {t} should continue."),
             ("agreed", "It was agreed that members would send comments on {t} by the end of the month."),
             ("approved", "The board approved the paper on {t}."),
             ("noted", "The board noted the update on {t}."),
             ("deferred", "The board agreed to defer a decision on {t} to the next meeting."))
TITLES = ("Update on {t}", "Progress on {t}", "Proposals for {t}")
STATUSES = (("completed", ("completed", "done", "closed")), ("open", ("ongoing", "in progress")),
            ("dropped", ("dropped", "no longer required")))


# --- topics ----------------------------------------------------------------------------------------

@dataclass(frozen=True)
class Topic:
    """A concept of the thesaurus: its slug (topic/<slug>) and the labels minutes print it by."""

    slug: str
    labels: tuple[str, ...]  # the preferred label first


@lru_cache(maxsize=1)
def load_topics() -> tuple[Topic, ...]:
    """Concepts of ontology/topics.ttl in IRI order, with the labels that fit in a sentence (the codes of
    practice, whose labels hold ':' and ',', are left out)."""
    from rdflib import Graph, URIRef
    from rdflib.namespace import RDF, SKOS

    graph = Graph().parse(TOPICS_TTL, format="turtle", publicID="http://synth.invalid/")
    topics = []
    for concept in sorted(graph.subjects(RDF.type, SKOS.Concept)):
        labels = [str(graph.value(concept, SKOS.prefLabel))] + sorted(
            str(label) for label in graph.objects(URIRef(concept), SKOS.altLabel))
        labels = [label for label in labels if not re.search(r"[:,]", label)]
        if labels:
            topics.append(Topic(str(concept).rsplit("/", 1)[-1], tuple(labels)))
    return tuple(topics)


@lru_cache(maxsize=1)
def blocked_initials() -> frozenset[str]:
    """Letter runs a person's initials must not be: topic acronyms ('UC', 'MI') would tag topics."""
    return frozenset(label for topic in load_topics() for label in topic.labels if re.fullmatch(r"[A-Z]{2,4}", label))


# --- people and boards -----------------------------------------------------------------------------

@dataclass(frozen=True)
class Person:
    """Someone in the pool: a unique full name and the organisation they sit for."""

    name: str
    organisation: str

    @property
    def initials(self) -> str:
        return "".join(word[0] for word in self.name.split())

    @property
    def first(self) -> str:
        return self.name.split()[0]


@dataclass
class OpenAction:
    """An action point a board has raised and not yet seen completed or dropped."""

    number: int
    owner: Person
    task: str
    topics: tuple[str, ...]


@dataclass
class Board:
    """A board as it stands: members by role, its layout, action numbering and open actions."""

    name: str
    acronym: str
    layout: str
    members: dict[Person, str]  # person -> chair, secretariat or member
    focus: tuple[int, ...]  # indices of the topics this board talks about most
    next_action: int
    open_actions: list[OpenAction] = field(default_factory=list)


class People:
    """The shared pool of people: unique names, each with an organisation; drawn as boards need members."""

    def __init__(self, rng: random.Random):
        self.rng = rng
        self.blocked = blocked_initials()
        self.everyone: list[Person] = []
        self.used: set[str] = set()

    def new(self, taken: set[str]) -> Person:
        """Someone not yet in the pool whose initials differ from `taken` (a board's current members)."""
        while True:
            name = f"{self.rng.choice(FIRST_NAMES)} {self.rng.choice(SURNAMES)}"
            person = Person(name, self.rng.choice(ORGANISATIONS))
            if name not in self.used and person.initials not in taken | self.blocked:
                self.used.add(name)
                self.everyone.append(person)
                return person

    def join(self, board: Board) -> Person:
        """A new member for a board: now and then someone already on another board."""
        taken = {p.initials for p in board.members}
        if self.everyone and self.rng.random() < 0.3:
            for candidate in self.rng.choices(self.everyone, k=20):
                if candidate not in board.members and candidate.initials not in taken:
                    return candidate
        return self.new(taken)


def make_boards(rng: random.Random, count: int, people: People) -> list[Board]:
    """`count` boards with distinct names and acronyms, layouts in turn, 9 to 14 members each."""
    boards: list[Board] = []
    acronyms: set[str] = set()
    topics = len(load_topics())
    while len(boards) < count:
        name = " ".join(part for part in (rng.choice(REGIONS), rng.choice(DOMAINS), rng.choice(KINDS)) if part)
        acronym = "".join(word[0] for word in name.replace(" and ", " ").split())
        if acronym in acronyms or acronym in blocked_initials():
            continue
        acronyms.add(acronym)
        board = Board(name, acronym, LAYOUTS[len(boards) % len(LAYOUTS)], {},
                      tuple(rng.sample(range(topics), 8)), rng.randint(1, 60))
        for index in range(rng.randint(9, 14)):
            board.members[people.join(board)] = "chair" if index == 0 else "secretariat" if index < 2 else "member"
        boards.append(board)
    return boards


def turnover(rng: random.Random, board: Board, people: People) -> None:
    """Between meetings a few members leave and others join; now and then a new chair is chosen."""
    for person, role in list(board.members.items()):
        if role != "chair" and rng.random() < 0.04:
            del board.members[person]
            board.members[people.join(board)] = role
    if rng.random() < 0.02:
        chair = next(p for p, role in board.members.items() if role == "chair")
        successor = rng.choice([p for p, role in board.members.items() if role == "member"])
        board.members[chair], board.members[successor] = "member", "chair"


def meeting_dates(rng: random.Random, count: int) -> list[dt.date]:
    """`count` weekday dates, three to seven weeks apart, from a start between 2008 and 2012."""
    day = dt.date(2008, 1, 7) + dt.timedelta(days=rng.randint(0, 4 * 365))
    found = []
    for _ in range(count):
        day += dt.timedelta(days=rng.randint(21, 49))
        found.append(day - dt.timedelta(days=max(0, day.weekday() - 4)))
    return found


# --- one meeting -----------------------------------------------------------------------------------

class Meeting:
    """Writes one meeting's minutes (items as paragraphs) and records its truth as it goes."""

    def __init__(self, rng: random.Random, board: Board, date: dt.date, topic_weights: list[float]):
        """topic_weights: cumulative weights of the topics for this board."""
        self.rng, self.board, self.date = rng, board, date
        self.weights = topic_weights
        self.roles = dict(board.members)
        members = [p for p, role in self.roles.items() if role != "chair"]
        for person in rng.sample(members, k=max(0, min(len(members) - 5, rng.choice((0, 0, 1, 1, 2))))):
            self.roles[person] = "apologies"
        self.present = [p for p, role in self.roles.items() if role != "apologies"]
        firsts = [p.first for p in self.roles]
        self.unique_first = {p for p in self.roles if firsts.count(p.first) == 1}
        self.introduced: set[Person] = set()
        self.items: list[dict] = []
        self.topics: set[str] = set()
        self.item_topics: set[str] = set()

    @property
    def chair(self) -> Person:
        return next(p for p, role in self.roles.items() if role == "chair")

    def write(self) -> list[tuple[str, list[str]]]:
        """The agenda: (title, paragraphs) per item, welcome first and AOB last."""
        agenda = [self.welcome()]
        if self.board.open_actions:
            agenda.append(self.review())
        for _ in range(self.rng.randint(2, 5)):
            agenda.append(self.topic_item())
        agenda.append(self.aob())
        return agenda

    # --- references and topics ---

    def ref(self, person: Person, formal: bool = False) -> str:
        """How the minutes name a person here: in full (with initials the first time, except in the markdown
        layout, whose attendee table gives them), by initials, or by a unique first name (not when formal)."""
        if person not in self.introduced:
            self.introduced.add(person)
            return person.name if self.board.layout == "markdown" else f"{person.name} ({person.initials})"
        choice = self.rng.random()
        if choice < 0.1 and not formal and self.roles[person] == "chair":
            return "The Chair"
        if choice < 0.2:
            return person.name
        if choice < 0.4 and not formal and person in self.unique_first:
            return person.first
        return person.initials

    def topic(self, preferred: Topic | None = None) -> tuple[Topic, str]:
        """A topic (the item's own, or one drawn by Zipf-like weight) and the label it is printed by."""
        topic = preferred or self.rng.choices(load_topics(), cum_weights=self.weights)[0]
        label = topic.labels[0] if self.rng.random() < 0.6 else self.rng.choice(topic.labels)
        self.topics.add(topic.slug)
        return topic, label

    def fresh_topic(self) -> Topic:
        """A topic no earlier item of this meeting is about."""
        while (topic := self.rng.choices(load_topics(), cum_weights=self.weights)[0]).slug in self.item_topics:
            pass
        self.item_topics.add(topic.slug)
        return topic

    def fill(self, template: str, preferred: Topic | None = None) -> tuple[str, list[str]]:
        """A template with its topic filled in, and the topics it names."""
        if "{t}" not in template:
            return template, []
        topic, label = self.topic(preferred)
        return template.replace("{t}", label), [topic.slug]

    # --- facts ---

    def say(self, item: dict, person: Person | None, act: str, preferred: Topic | None = None,
            stranger: str | None = None) -> str:
        """A statement paragraph ('NH gave an update on open data. Further detail ...'), recorded; a stranger's
        initials name nobody (person None)."""
        sentence, topics = self.fill(self.rng.choice(SAYINGS[act]), preferred)
        printed = stranger or self.ref(person)
        item["statements"].append({"speaker": person.name if person else None, "label": printed, "act": act,
                                   "topics": topics})
        follow_ups = self.rng.sample(FOLLOW_UPS, self.rng.choice((0, 0, 1, 1, 2))) if act != "welcome" else []
        return " ".join([f"{printed} {sentence}", *follow_ups])

    def action(self, item: dict, owner: Person, preferred: Topic | None) -> str:
        """'NH to circulate a note on open data (Action Point 48).', or as an offer (a statement too)."""
        task, topics = self.fill(self.rng.choice(TASKS), preferred)
        number = self.board.next_action
        self.board.next_action += 1
        self.board.open_actions.append(OpenAction(number, owner, task, tuple(topics)))
        item["actions"].append({"number": str(number), "owner": owner.name, "topics": topics})
        marker = f"(**Action Point {number}**)" if self.board.layout == "table" else f"(Action Point {number})"
        printed = self.ref(owner, formal=True)
        if self.rng.random() < 0.3:
            item["statements"].append({"speaker": owner.name, "label": printed, "act": "offer", "topics": topics})
            return f"{printed} offered to {task} {marker}."
        return f"{printed} to {task} {marker}."

    def decide(self, item: dict, preferred: Topic | None) -> str:
        """A decision paragraph ('The board agreed that ...'), recorded with its outcome."""
        outcome, template = self.rng.choice(DECISIONS)
        text, _ = self.fill(template, preferred)
        item["decisions"].append({"outcome": outcome})
        return text

    # --- items ---

    def new_item(self, title: str, notation: str) -> dict:
        item = {"notation": notation, "title": title, "statements": [], "actions": [], "reviews": [],
                "decisions": []}
        self.items.append(item)
        return item

    def welcome(self) -> tuple[str, list[str]]:
        item = self.new_item("Welcome and introductions", "1")
        paragraphs = [self.say(item, self.chair, "welcome")]
        if self.board.next_action > 1 and self.rng.random() < 0.7:
            paragraphs.append("The minutes of the previous meeting were agreed as an accurate record.")
            item["decisions"].append({"outcome": "agreed"})
        return item["title"], paragraphs

    def review(self) -> tuple[str, list[str]]:
        """'Review of Action Points': a status line for some of the open actions (most of them)."""
        item = self.new_item("Review of Action Points", str(len(self.items) + 1))
        lines = []
        for action in list(self.board.open_actions):
            if self.rng.random() < 0.2:
                continue
            status, words = self.rng.choices(STATUSES, weights=(5, 3, 1))[0]
            owner = f"{action.owner.initials} to " if action.owner in self.roles else ""
            lead = self.rng.choice(("Action Point {n}: ", "AP {n}: ", "Action {n} - ", "{n} - "))
            lines.append(f"{lead.format(n=action.number)}{owner}{action.task} - {self.rng.choice(words)}.")
            item["reviews"].append({"number": str(action.number), "status": status,
                                    "owner": action.owner.name if owner else None})
            self.topics.update(action.topics)
            if status != "open":
                self.board.open_actions.remove(action)
        return item["title"], ["\n".join(lines)] if lines else []

    def topic_item(self) -> tuple[str, list[str]]:
        """An item on one topic: the presenter's update, a discussion, maybe actions and a decision."""
        topic, label = self.topic(self.fresh_topic())
        item = self.new_item(self.rng.choice(TITLES).replace("{t}", label), str(len(self.items) + 1))
        presenter = self.rng.choice(self.present)
        paragraphs = [self.say(item, presenter, "update", topic)]
        previous = "update"
        others = [p for p in self.present if p is not presenter]
        for _ in range(self.rng.randint(3, 7)):
            speaker = self.rng.choice(others)
            act = "answer" if previous == "question" else self.rng.choices(*zip(*DISCUSSION))[0]
            if act == "answer":
                speaker = presenter
            preferred = topic if self.rng.random() < 0.5 else None
            paragraphs.append(self.say(item, speaker, act, preferred))
            previous = act
        for _ in range(self.rng.choice((0, 1, 1, 2))):
            paragraphs.append(self.action(item, self.rng.choice(self.present), topic))
        if self.rng.random() < 0.4:
            paragraphs.append(self.decide(item, topic))
        return item["title"], paragraphs

    def aob(self) -> tuple[str, list[str]]:
        """Any other business: now and then a remark by initials that name nobody at the meeting."""
        item = self.new_item("Any other business", "AOB")
        paragraphs = []
        if self.rng.random() < 0.3:
            paragraphs.append(self.say(item, None, "suggestion", stranger=self.stranger()))
        if self.rng.random() < 0.5:
            paragraphs.append(self.say(item, self.rng.choice(self.present), "comment"))
        return item["title"], paragraphs

    def stranger(self) -> str:
        """Two letters that are nobody's initials here (nor a topic's acronym): an unresolved speaker."""
        taken = {p.initials for p in self.roles} | blocked_initials()
        while True:
            letters = "".join(self.rng.choice("BCDFGHJKLMNPRSTW") for _ in range(2))
            if letters not in taken and letters[0] != letters[1]:
                return letters

    def printed_initials(self, person: Person) -> bool:
        """Whether the minutes print the person's initials: in the markdown attendee table, or elsewhere
        beside the name at its first mention."""
        if self.board.layout == "markdown":
            return self.roles[person] != "apologies"
        return person in self.introduced

    def truth(self, file_name: str) -> dict:
        """What this document says, for the manifest."""
        return {"file": file_name, "board": self.board.name, "acronym": self.board.acronym,
                "layout": self.board.layout, "date": self.date.isoformat(),
                "participants": [{"name": p.name, "role": role, "organisation": p.organisation,
                                  "initials": p.initials if self.printed_initials(p) else None}
                                 for p, role in self.roles.items()],
                "items": self.items, "topics": sorted(self.topics)}


# --- layouts ---------------------------------------------------------------------------------------

def render(meeting: Meeting, agenda: list[tuple[str, list[str]]]) -> str:
    """The minutes' text in the board's layout."""
    return {"table": _table, "markdown": _markdown, "present": _present}[meeting.board.layout](meeting, agenda)


def _long_date(date: dt.date, weekday: bool = False) -> str:
    """'12 March 2019', or 'Tuesday 12 March 2019' (meetings fall on weekdays)."""
    day = f"{WEEKDAYS[date.weekday()]} " if weekday else ""
    return f"{day}{date.day} {MONTHS[date.month - 1]} {date.year}"


def _times(rng: random.Random, separator: str) -> tuple[str, str]:
    """A two-hour slot: ('10.00', '12.00') or ('10:00', '12:00')."""
    start = rng.choice((9, 10, 11, 13, 14))
    return f"{start:02d}{separator}00", f"{start + 2:02d}{separator}00"


def _body(agenda: list[tuple[str, list[str]]], heading) -> list[str]:
    """Each item's heading (as the layout prints it) and its paragraphs, blank lines between."""
    lines = []
    for index, (title, paragraphs) in enumerate(agenda, start=1):
        lines += [heading(index, title, index == len(agenda)), ""]
        lines += [part for paragraph in paragraphs for part in (paragraph, "")]
    return lines


def _table(meeting: Meeting, agenda: list[tuple[str, list[str]]]) -> str:
    """The WSTB layout: header fields, 'Agenda item 3 \u2013 Title', attendance as TAB rows at the end."""
    board, start, end = meeting.board, *_times(meeting.rng, ".")
    lines = ["Minutes", f"Title of Meeting:\t{board.name} ({board.acronym})",
             f"Date:\t{_long_date(meeting.date)}\tTime:\t{start} \u2013 {end}",
             "Attendees:\tSee list below", "Apologies:\tSee list below", ""]
    lines += _body(agenda, lambda n, title, last: "AOB" if last else f"Agenda item {n} \u2013 {title}")
    lines += ["", "Attendees"]
    marks = {"chair": " (chair)", "secretariat": " (secretariat)", "member": ""}
    lines += [f"{p.name}{marks[role]}\t{p.organisation}" for p, role in meeting.roles.items() if role != "apologies"]
    absent = [p for p, role in meeting.roles.items() if role == "apologies"]
    if absent:
        lines += ["Apologies"] + [f"{p.name}\t{p.organisation}" for p in absent]
    return "\n".join(lines) + "\n"


def _markdown(meeting: Meeting, agenda: list[tuple[str, list[str]]]) -> str:
    """Markdown: '# Board (ACR)', Chair/Secretariat lines, an attendee table with initials, '## 3. Title'."""
    board, start, end = meeting.board, *_times(meeting.rng, ":")
    roles = meeting.roles
    lines = [f"# {board.name} ({board.acronym})", "", f"Date: {meeting.date.isoformat()}",
             f"Time: {start} - {end}", f"Chair: {meeting.chair.name}"]
    lines += [f"Secretariat: {p.name}" for p, role in roles.items() if role == "secretariat"]
    lines += ["", "## Attendees", "", "| Name | Initials | Organisation |", "|---|---|---|"]
    lines += [f"| {p.name} | {p.initials} | {p.organisation} |" for p, role in roles.items() if role != "apologies"]
    absent = [f"{p.name} ({p.organisation})" for p, role in roles.items() if role == "apologies"]
    lines += ["", f"Apologies: {', '.join(absent)}", ""] if absent else [""]
    lines += _body(agenda, lambda n, title, last: f"## {n}. {'AOB' if last else title}")
    return "\n".join(lines).rstrip("\n") + "\n"


def _present(meeting: Meeting, agenda: list[tuple[str, list[str]]]) -> str:
    """'Board (ACR) \u2013 minutes', 'Present: A (Chair, Org), ...' runs, 'Item 3: Title'."""
    board, start, end = meeting.board, *_times(meeting.rng, ":")
    notes = {"chair": "Chair, ", "secretariat": "Secretariat, ", "member": ""}
    present = [f"{p.name} ({notes[role]}{p.organisation})" for p, role in meeting.roles.items() if role != "apologies"]
    absent = [f"{p.name} ({p.organisation})" for p, role in meeting.roles.items() if role == "apologies"]
    lines = [f"{board.name} ({board.acronym}) \u2013 minutes", f"Date: {_long_date(meeting.date, weekday=True)}",
             f"Time: {start} to {end}", "", f"Present: {', '.join(present)}"]
    lines += [f"Apologies: {', '.join(absent)}"] if absent else []
    lines += [""] + _body(agenda, lambda n, title, last: "Any other business" if last else f"Item {n}: {title}")
    return "\n".join(lines).rstrip("\n") + "\n"


# --- the corpus ------------------------------------------------------------------------------------

@dataclass
class Manifest:
    """The truth of a written corpus: the boards and, per document, what it says (see Meeting.truth)."""

    seed: int
    boards: list[dict]
    documents: list[dict]

    def to_json(self) -> str:
        """The manifest as JSON, one line per board and per document."""
        def lines(values: list[dict]) -> str:
            return ",\n".join(json.dumps(value, ensure_ascii=False) for value in values)
        return (f'{{"seed": {self.seed},\n"boards": [\n{lines(self.boards)}\n],\n'
                f'"documents": [\n{lines(self.documents)}\n]}}')


def zipf_weights(rng: random.Random, count: int, exponent: float = 1.1) -> list[float]:
    """Weights 1/rank^s over a seeded ranking of `count` topics."""
    ranks = list(range(1, count + 1))
    rng.shuffle(ranks)
    return [1 / rank ** exponent for rank in ranks]


def default_boards(count: int) -> int:
    """About 150 meetings a board (some 12 years of meetings), and at least three boards."""
    return max(3, -(-count // 150))


def write_corpus(out: Path, count: int, seed: int = 1, boards: int | None = None) -> Manifest:
    """Write `count` minutes documents and out/manifest.json; return the manifest."""
    rng = random.Random(seed)
    out.mkdir(parents=True, exist_ok=True)
    people = People(rng)
    board_list = make_boards(rng, min(boards or default_boards(count), count) or 1, people)
    weights = zipf_weights(rng, len(load_topics()))
    documents = []
    for index, board in enumerate(board_list):
        share = count // len(board_list) + (1 if index < count % len(board_list) else 0)
        focused = list(itertools.accumulate(w * 4 if i in board.focus else w for i, w in enumerate(weights)))
        for date in meeting_dates(rng, share):
            turnover(rng, board, people)
            meeting = Meeting(rng, board, date, focused)
            text = render(meeting, meeting.write())
            name = f"{board.acronym.lower()}-{date.isoformat()}.{'md' if board.layout == 'markdown' else 'txt'}"
            (out / name).write_text(text, encoding="utf-8")
            documents.append(meeting.truth(name))
    manifest = Manifest(seed, [{"name": b.name, "acronym": b.acronym, "layout": b.layout} for b in board_list],
                        documents)
    (out / "manifest.json").write_text(manifest.to_json() + "\n", encoding="utf-8")
    return manifest


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--count", type=int, required=True, help="how many minutes documents")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--out", type=Path, required=True, help="folder for the documents and manifest.json")
    parser.add_argument("--boards", type=int, help="how many boards (default: count/150, at least 3)")
    args = parser.parse_args(argv)
    started = time.perf_counter()
    manifest = write_corpus(args.out, args.count, args.seed, args.boards)
    size = sum((args.out / d["file"]).stat().st_size for d in manifest.documents)
    print(f"{len(manifest.documents)} documents of {len(manifest.boards)} boards in {args.out} "
          f"({size / max(1, len(manifest.documents)):.0f} bytes each on average) "
          f"in {time.perf_counter() - started:.2f} s", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
