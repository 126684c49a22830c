"""Who speaks in a sentence, and with what speech act.

Layouts: reported speech ("Charlie Boundy (CB) welcomed ...", "Judith noted ...", "The Chair invited ...",
"The Minister of State for ... provided ..."), bold names in notes written as they happen ("**Tomasz** thinks
..."), and transcripts: a turn per "Label: text" (a full name, a first name, initials from an attendance table,
"@handle", "**Name**:"; several speakers as "Ross/Phil/Jim/Brett:" or "JHD and KG:"). Several speakers of
one sentence or turn each get a statement of their own (a statement has one speaker)."""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from graph.layout.names import ADVERBS, INITIALS, NAME, PERSON_REF, name_key, initials_of
from graph.layout.vocabulary import PARTICIPLE_VERBS, PRONOUNS, SPEECH_VERBS
from graph.model import Participant, Span

#: The present tense of notes written as the meeting happens, and plural forms ("A and B think").
PRESENT_VERBS = {
    "says": "comment", "thinks": "comment", "notes": "comment", "adds": "comment", "mentions": "comment",
    "comments": "comment", "points": "comment", "argues": "comment", "believes": "comment", "feels": "comment",
    "states": "comment", "observes": "comment", "remarks": "comment", "emphasises": "comment",
    "emphasizes": "comment", "stresses": "comment", "raises": "comment", "brings": "comment",
    "underscores": "comment", "reminds": "comment", "admits": "comment", "acknowledges": "comment",
    "concludes": "comment", "draws": "comment", "shares": "comment",
    "highlights": "update", "presents": "update", "updates": "update", "summarizes": "update",
    "summarises": "update", "outlines": "update", "describes": "update", "reports": "update",
    "introduces": "update", "explains": "explanation", "clarifies": "explanation",
    "asks": "question", "queries": "question", "wonders": "question",
    "responds": "answer", "replies": "answer", "answers": "answer", "confirms": "confirmation",
    "suggests": "suggestion", "recommends": "suggestion", "ideates": "suggestion",
    "proposes": "proposal", "pushes": "proposal", "offers": "offer", "volunteers": "offer",
    "agrees": "agreement", "concurs": "agreement", "echoes": "agreement", "favors": "agreement",
    "favours": "agreement", "supports": "agreement", "disagrees": "disagreement", "objects": "disagreement",
    "opposes": "disagreement", "doubts": "disagreement", "requests": "request", "invites": "request",
    "urges": "request", "demonstrates": "demonstration", "shows": "demonstration",
    "discusses": "discussion", "leads": "discussion",
    "think": "comment", "argue": "comment", "say": "comment", "highlight": "comment", "share": "comment",
    "suggest": "suggestion", "recommend": "suggestion", "agree": "agreement", "disagree": "disagreement",
    "ask": "question", "propose": "proposal", "exchange": "discussion", "discuss": "discussion",
}
VERBS = {**SPEECH_VERBS, **PRESENT_VERBS}
_VERB = "|".join(sorted(VERBS, key=len, reverse=True))
_ANY_ADVERBS = r"(?:(?:also|then|further|again|both|\w+ly),?\s+)*"

ACTOR_AT_START = re.compile(rf"^{PERSON_REF}\s+{ADVERBS}(?P<verb>[a-z]+)\b")
ACTOR_PARTICIPLE = re.compile(rf"(?<!\w)(?P<ref>{NAME}|[A-Z][a-z]+)(?:\s*\((?P<initials>{INITIALS})\))?\s+"
                              rf"(?P<verb>{'|'.join(PARTICIPLE_VERBS)})\b")
ANY_PERSON_REF = re.compile(rf"(?<![\w(])(?P<ref>{NAME}(?:\s*\({INITIALS}\))?|{INITIALS})(?!\w)")
COLLECTIVE_START = re.compile(
    r"^(?:the\s+(?:board|group|committee|meeting|panel|council|members?|attendees)|board\s+members|"
    r"members|all|everyone|consensus|it\s+was|there\s+was\s+(?:a\s+)?(?:general|broad)|"
    r"(?:comments|questions)\s+were)\b", re.IGNORECASE)
#: An office held by someone at the meeting: "The Chair", "the Minister of State for Policing and ...".
ROLE_ACTOR = re.compile(
    r"^(?P<ref>[Tt]he\s+(?:(?:Deputy|Vice|Acting|Permanent|Co-)\s*)?(?:Chair(?:man|woman|person)?|Minister|"
    r"Secretary|Director|Clerk|Mayor|President|Treasurer|Auditor|Commissioner|Presenter|Speaker|Convenor|"
    rf"Convener)(?:\s+(?:of|for|and|the|[A-Z][\w'\u2019-]*))*?)\s+{ADVERBS}(?P<verb>{_VERB})\b")
FIRST_NAME_ACTOR = re.compile(rf"^(?P<ref>[A-Z][\w'\u2019-]+)\s+{ADVERBS}(?P<verb>{_VERB})\b")
PRONOUN_ACTOR = re.compile(rf"^(?:(?:Then|So|However|Finally|Lastly|Also|Specifically|Later),?\s+)?"
                           rf"(?P<ref>[Hh]e|[Ss]he)\s+{_ANY_ADVERBS}(?P<verb>{_VERB})\b")
#: One or more bold names followed by a verb, anywhere in a sentence ("Some devs such as **A**, **B** suggest").
BOLD_ACTORS = re.compile(r"(?P<group>\*\*[^*\n]+\*\*(?:\s*(?:,|and|&)\s*\*\*[^*\n]+\*\*)*)"
                         rf"(?:\s+and\s+others)?\s*,?\s+{_ANY_ADVERBS}(?P<verb>[a-z]+)\b")
_SAYS_WILL = re.compile(r"\s+(?:that\s+)?(?:he|she|they|it)\s+(?:would|will)\b")

#: Labels that head a line without being speakers ("Action:", "Presenter:", "Reviewers:").
NOT_SPEAKERS = {
    "action", "actions", "ap", "decision", "decisions", "conclusion", "conclusions", "resolution", "resolved",
    "summary", "note", "notes", "nb", "presenter", "presenters", "present", "regrets", "apologies", "scribe",
    "scribes", "attendees", "attendance", "agenda", "minutes", "date", "time", "venue", "location",
    "disposition", "key", "item", "items", "slides", "reviewers", "reviewer", "moderator", "status", "owner",
    "owners", "due", "aside", "edit", "example", "outcome", "outcomes", "result", "results", "background",
    "topic", "subject", "re", "fyi", "tbd", "todo", "links", "link", "next", "meeting", "audio", "video",
    "github", "recording", "consensus", "motion", "vote", "votes", "yeas", "yea", "nays", "nay", "ayes",
    "abstain", "abstentions", "purpose", "panel", "secretariat", "guests", "observers", "officials",
    "members", "directors", "executive", "chair", "chairs", "proposal", "question", "answer", "update",
    "updates", "discussion", "issue", "issues", "see", "ref", "warning", "important", "http", "https",
    "mailto", "step", "option", "pros", "cons", "other", "total", "agreed", "approved", "noted", "deferred",
    "rejected", "exception", "ex", "possible", "previous", "committee", "board", "council", "in", "also",
    "ps", "q", "a", "source", "sources", "timebox", "follow",
}
_LABEL_WORD = r"[A-Z](?:\.|[\w'\u2019-]*)"  # "Steven", "R.", "Moore-Love"
_LABEL = (rf"(?:@[\w-]+|{_LABEL_WORD}(?:[ \t]{_LABEL_WORD}){{0,2}})(?:[ \t]*\((?:[A-Z]{{2,4}}|[^)\n]{{1,30}})\))?")
_LABELS = rf"{_LABEL}(?:(?:[ \t]*[/,&][ \t]*|[ \t]+and[ \t]+){_LABEL})*"
#: "Ross: text", "* **Rai**: text", "JTO : text", "Ross/Phil/Jim/Brett: text", "@rvagg: text".
LINE_TURN = re.compile(rf"^[ \t]*(?:[-*\u2022][ \t]+)?(?P<turn>(?:\*\*)?(?P<labels>{_LABELS})(?:\*\*)?[ \t]?:"
                       rf"(?:\*\*)?[ \t]+)(?=\S)", re.MULTILINE)
#: In a transcript a turn may also start mid-line, after a sentence or a run of spaces; a full name may
#: carry a job title: "Winston Sandino, Capitol Project Manager, Bureau of Transportation: Good morning".
INLINE_TURN = re.compile(
    rf"(?:(?<=\S)[ \t]{{2,}}|(?<=[^\d\s][.?!])[ \t]+|(?<=\])[ \t]+|(?<=--)[ \t]+)(?P<turn>(?P<labels>{_LABEL}"
    rf"(?:(?:[ \t]*[/&][ \t]*|[ \t]+and[ \t]+){_LABEL})*)"
    rf"(?:,[ \t]+[A-Z][^:\n.?!]{{0,80}}?(?:\.[^:\n.?!]{{0,60}}?)?)?[ \t]?:[ \t]+)(?=\S)")
HANDLE_TURN = re.compile(r"^[ \t]*(?:[-*\u2022][ \t]+)?(?P<turn>(?P<labels>[a-z][a-z0-9_-]{2,})[ \t]?:[ \t]+)(?=\S)",
                         re.MULTILINE)


@dataclass(frozen=True)
class Turn:
    """A speaker's turn in a transcript: where it starts, who speaks, and where what they say starts."""

    start: int
    labels: tuple[str, ...]
    said: int


def known_labels(participants: list[Participant], initials: dict[str, str]) -> set[str]:
    """Every label by which this document refers to a person it knows (first names when unique)."""
    labels = {p.name for p in participants} | {name_key(p.name) for p in participants}
    for key, letters in initials.items():
        labels.update({key, letters})
    labels.update(initials_of(p.name) for p in participants)
    labels.update(p.initials for p in participants if p.initials)
    first_names = [name_key(p.name).split()[0].title() for p in participants if len(p.name.split()) > 1]
    labels.update(name for name in first_names if first_names.count(name) == 1)
    return labels


def find_actors(clause: str, known: set[str]) -> tuple[list[str], str] | None:
    """The people who act in a clause and their speech act, or None."""
    match = ACTOR_AT_START.match(clause)
    if match:
        verb, ref = match.group("verb"), match.group("ref")
        label = label_of(ref)
        act = VERBS.get(verb)
        if act and (looks_like_person(label, known) or label in PRONOUNS or label.lower() == "the chair"):
            return [label], _refine(act, verb, clause[match.end():], clause)
    for pattern in (ROLE_ACTOR, FIRST_NAME_ACTOR, PRONOUN_ACTOR):
        match = pattern.match(clause)
        if match and (pattern is not FIRST_NAME_ACTOR or match.group("ref") in known):
            verb = match.group("verb")
            label = match.group("ref")
            label = label.capitalize() if label.lower() in {"he", "she"} else label
            return [label], _refine(VERBS[verb], verb, clause[match.end():], clause)
    bold = _bold_actors(clause)
    if bold:
        return bold
    for match in ACTOR_PARTICIPLE.finditer(clause):
        label = match.group("initials") or match.group("ref")
        if looks_like_person(label_of(match.group("ref")), known):
            return [label], PARTICIPLE_VERBS[match.group("verb")]
    return None


def _refine(act: str, verb: str, rest: str, clause: str) -> str:
    """'agreed to' and 'said he would' are offers."""
    if verb == "agreed" and re.match(r"\s*to\b", rest):
        return "offer"
    if act == "comment" and verb in {"said", "says", "stated"} and _SAYS_WILL.match(rest):
        return "offer"
    return act


def _bold_actors(clause: str) -> tuple[list[str], str] | None:
    """'**Dianno Ferrin** and **Tomasz Stanczak** both suggest' -> (['Dianno Ferrin', 'Tomasz Stanczak'], ...)."""
    for match in BOLD_ACTORS.finditer(clause):
        verb = match.group("verb")
        act = VERBS.get(verb) or ("offer" if verb == "will" else "comment" if verb.endswith("s") else None)
        if act is None:
            continue
        labels = [label.strip() for label in re.split(r"\*\*|,|\band\b|&", match.group("group")) if label.strip()]
        return labels, act
    return None


def starts_with_bold_actor(rest: str) -> bool:
    """Whether a clause opens with a bold speaker and a verb ('**Tomasz** says ...')."""
    match = BOLD_ACTORS.match(rest)
    return bool(match) and _bold_actors(rest) is not None


def label_of(ref: str) -> str:
    """'Charlie Boundy (CB)' -> 'CB' (the initials this document uses); 'NH' -> 'NH'."""
    match = re.search(rf"\(({INITIALS})\)\s*$", ref)
    return match.group(1) if match else ref.strip()


def looks_like_person(label: str, known: set[str]) -> bool:
    """A label names a person if the document knows it, or it is initials (resolved, or flagged, later)."""
    if label in known or name_key(label) in known:
        return True
    return bool(re.fullmatch(INITIALS, label)) and len(label) <= 3


# --- transcripts ---------------------------------------------------------------------------------

@lru_cache(maxsize=8)
def is_transcript(text: str) -> bool:
    """Whether a document is a transcript: three or more lines open with a speaker's 'Label:'."""
    return sum(1 for line in text.split("\n") if opens_turn(line)) >= 3


def find_turns(text: str, body: Span, transcript: bool, known: set[str]) -> dict[int, Turn]:
    """The speakers' turns in a body, by the offset where each starts. A lone word in -ing heads a topic
    ('- Fundraising: now, next, future') unless it is a name the document knows."""
    turns: dict[int, Turn] = {}
    patterns = (LINE_TURN, HANDLE_TURN, INLINE_TURN) if transcript else (LINE_TURN,)
    for pattern in patterns:
        for match in pattern.finditer(text, body.start, body.end):
            labels = _speaker_labels(match.group("labels"))
            if not labels or any(re.fullmatch(r"[A-Z][a-z]+ing", label) and label not in known for label in labels):
                continue
            said = text[match.end("turn"):text.find("\n", match.end("turn")) % (len(text) + 1)]
            handle = bool(re.fullmatch(r"[a-z][\w-]*", match.group("labels")))  # "eholk:", not "@eholk:"
            if (handle and said[:1].islower()) or ((handle or re.fullmatch(r"[A-Z]{2,4}", labels[0])) and
                                                   re.search(r"\[#\d+\]\([^)]*\)\s*$", said)):
                continue  # "node: deprecate ...", "WG: Considering a new HTTP WG [#3214](...)": issue titles
            if match.start("turn") not in turns:
                turns[match.start("turn")] = Turn(match.start("turn"), tuple(labels), match.end("turn"))
    kept: dict[int, Turn] = {}
    for start in sorted(turns):  # "Steven R. Loomis:" is one turn, not "Loomis:" after "R."
        if not kept or start >= kept[max(kept)].said:
            kept[start] = turns[start]
    return kept


def _speaker_labels(printed: str) -> list[str]:
    """'Ross/Phil/Jim/Brett' -> four labels; 'Jane Doe (JD)' -> ['JD']; [] for 'Action' or 'Presenter'."""
    labels = []
    for part in re.split(r"[ \t]*[/,&][ \t]*|[ \t]+and[ \t]+", printed.replace("**", "")):
        part = part.strip().lstrip("@")
        initials = re.search(r"\(([A-Z]{2,4})\)$", part)
        part = initials.group(1) if initials else re.sub(r"\s*\([^)]*\)$", "", part)
        if not part or part.split()[0].lower().rstrip(".") in NOT_SPEAKERS or (" " in part and part.isupper()):
            return []
        labels.append(part)
    return labels


_DEMONSTRATION = re.compile(r"^\(?(?:presents?|presenting|discuss(?:es)?|demonstrates?)\b", re.IGNORECASE)
_PROPOSAL = re.compile(r"^(?:proposal\b|i\s+propose|propose\b|i\s+move\b|so\s+moved\b|let[\'\u2019]?s\b)",
                       re.IGNORECASE)
_OFFER = re.compile(r"^(?:action item\b|i\s+can\s+(?:volunteer|help|do\s+it|draft|take)|i\s+volunteer|"
                    r"i'?ll\b|i\s+will\b|i\u2019ll\b|i'?m\s+happy\s+to\b|i\u2019m\s+happy\s+to\b)", re.IGNORECASE)
_AGREEMENT = re.compile(r"^(?:aye\b|yea\b|\+1|agreed?\b|i\s+agree|seconded|second\b|concur|likewise|"
                        r"i\s+vote\s+aye|pleased\s+to\s+vote\s+aye|yes\b)", re.IGNORECASE)


def turn_act(said: str, asked_by: str | None, speaker: str, default: str = "comment") -> str:
    """The speech act of a turn from how it opens: slides presented, a proposal, a question, an offer,
    the answer to another speaker's question, agreement ('Aye', '+1'), else the default (comment)."""
    said = said.strip()
    if _DEMONSTRATION.match(said):
        return "demonstration"
    if _PROPOSAL.match(said):
        return "proposal"
    if said.endswith("?"):
        return "question"
    if _OFFER.match(said):
        return "offer"
    if asked_by is not None and asked_by != speaker:
        return "answer"
    if _AGREEMENT.match(said):
        return "agreement"
    return default


def opens_turn(line: str) -> bool:
    """Whether a line opens with a speaker's 'Label:'."""
    match = LINE_TURN.match(line)
    return bool(match) and bool(_speaker_labels(match.group("labels")))
