"""Action points and decisions: in sentences ("(Action Point 44)", "it was agreed", "... was adopted"), under
labels ("Action:", "ACTION: Travis to ...", "**Conclusion**: ...", "### Conclusion/Resolution"), in tables
("| Action Item | Description |", "| Action | Owner | Status |"), in reviews of earlier actions, and in a
council's disposition list ("41 Appoint ... (Report) (Y-5) CONFIRMED")."""
from __future__ import annotations

import re
from dataclasses import dataclass, field

from graph import dates
from graph.layout.speech import ANY_PERSON_REF, label_of, looks_like_person, opens_turn
from graph.layout.text import (BULLET, MARKDOWN_HEADING, Unit, body_lines, clean_quote, masked, rstrip_end,
                               table_cells)
from graph.layout.vocabulary import OUTCOMES
from graph.model import ActionPoint, AgendaItem, Decision, Span

DECISION = re.compile(
    r"^(?:consensus\s+(?:among|of|from)\b.*|(?:it\s+was\s+)?(?:\w+\s+and\s+)?"
    r"(?P<verb>agreed|approved|resolved|decided|noted|rejected|deferred)\b.*|"
    r"(?:the\s+)?(?:board|group|committee|meeting|panel|council|members)(?:\s+\w+){0,2}\s+"
    r"(?P<verb2>agreed|approved|resolved|decided|noted|rejected|deferred)\b.*)$",
    re.IGNORECASE | re.DOTALL)
#: "The minutes of 13 December were agreed", "the balance of the Consent Agenda was adopted".
PASSIVE_DECISION = re.compile(
    r"\b(?:was|were|has\s+been|have\s+been)\s+(?:\w+ly\s+)?(?P<verb>agreed|approved|adopted|accepted|confirmed|"
    r"noted|rejected|deferred|resolved|carried|passed|endorsed|ratified|declined|defeated|postponed)\b",
    re.IGNORECASE)
#: "The motion to adopt the budget carried", "the amendment failed".
MOTION_DECISION = re.compile(r"\b(?:motion|resolution|amendment|ordinance)\b[^.;]*?\b(?P<verb>carried|passed|failed|"
                             r"defeated|adopted|rejected)\b", re.IGNORECASE)
CONSENT = re.compile(r"\b(?:no\s+objections?|without\s+objection|by\s+consent|unanimous(?:ly)?)\b", re.IGNORECASE)
OUTCOME_WORD = re.compile(r"^(?P<verb>agreed|approved|adopted|noted|rejected|deferred|resolved|carried)\.?$",
                          re.IGNORECASE)
ACTION_MARKER = re.compile(r"\(\s*\**\s*(?:Action\s+Point|AP)\s*(?P<number>\d+[A-Za-z]?)\s*\**\s*\)",
                           re.IGNORECASE)

_REJECTED = re.compile(r"\b(?:rejected|declined|defeated|voted\s+down|will\s+not\s+go|won't\s+go|"
                       r"not\s+(?:be\s+)?(?:included|approved|adopted|accepted)|shouldn't\s+be\s+included)\b",
                       re.IGNORECASE)
_DEFERRED = re.compile(r"\b(?:defer(?:red)?|postponed?|not\s+advancing|no\s+(?:\w+\s+)?(?:has\s+)?consensus|"
                       r"punt(?:ed)?|revisit(?:ed)?|bumped|referred\s+(?:to|back)|second\s+reading|"
                       r"to\s+be\s+(?:revisited|discussed)|carried\s+(?:forward|over))\b", re.IGNORECASE)
_KEYWORD_OUTCOMES = (
    ("noted", re.compile(r"\b(?:noted|placed\s+on\s+file)\b", re.IGNORECASE)),
    ("approved", re.compile(r"\b(?:approved|adopted|accepted|confirmed|carried|passed|endorsed|ratified|"
                            r"unanimous(?:ly)?)\b", re.IGNORECASE)),
    ("agreed", re.compile(r"\b(?:agreed|consensus|no\s+objections?|without\s+objection|by\s+consent|decided)\b",
                          re.IGNORECASE)),
    ("resolved", re.compile(r"\bresolved\b", re.IGNORECASE)),
)

# --- owners -------------------------------------------------------------------------------------

_OWNER = r"(?:@[\w-]+|[A-Z][\w'\u2019-]*(?:[ \t]+[A-Z][\w'\u2019-]*){0,2})"
_OWNERS = rf"(?P<owners>{_OWNER}(?:[ \t]*(?:,|/|&)[ \t]*(?:and[ \t]+)?{_OWNER}|[ \t]+and[ \t]+{_OWNER})*)"
#: "Jeremiah to schedule ...", "Dan, Travis, Sangwhan to do ...", "RC/CJ/TJ: circulate ...", "KG will draft ...".
OWNED_TASK = re.compile(rf"^{_OWNERS}(?:[ \t]*:[ \t]+|[ \t]+(?P<modal>to|will|shall|should)[ \t]+)(?=\w)")
#: "@rvagg: pursue the donation": a task addressed to someone.
ADDRESSED_TASK = re.compile(r"^[ \t]*(?:[-*\u2022][ \t]+)?@(?P<owner>[\w-]+)[ \t]*:[ \t]+"
                            r"(?P<task>(?!(?:i|we|it|the|a|an|this|that|yes|no)\b)[a-z]\w*\b.*)$", re.MULTILINE)
ASKED_TO = re.compile(rf"(?<![\w@]){_OWNERS}[ \t]+(?:was|were)[ \t]+asked[ \t]+to\b")
_NEXT_TASK = re.compile(rf"[,;.][ \t]+(?:and[ \t]+)?(?={_OWNER}(?:[ \t]*(?:,|/|&|and)[ \t]*{_OWNER})*[ \t]+to[ \t])")
COLLECTIVE_OWNERS = {"everyone", "everybody", "all", "members", "board", "the board", "group", "the group",
                     "council", "the council", "committee", "the committee", "we", "they", "team", "the team",
                     "all members", "tbd", "tbc"}

# --- labels, tables, reviews, disposition lists --------------------------------------------------

ACTION_LABEL = re.compile(
    r"^(?P<indent>[ \t]*(?:[-*\u2022][ \t]+)?)(?:\*\*)?(?P<label>(?:(?:possible|agreed|new|open)[ \t]+)?"
    r"action[ \t]+(?:items?|points?)|actions?|ap|todo|next[ \t]+steps)(?:[ \t]*(?P<number>\d+(?:\.\d+)?[a-z]?))?"
    r"(?:\*\*)?[ \t]*(?::|(?<=\d)[ \t]*[-\u2013.)])(?:\*\*)?[ \t]*(?P<rest>.*)$", re.IGNORECASE)
CONCLUSION_LABEL = re.compile(
    r"^[ \t]*(?:[-*\u2022][ \t]+)?(?P<hashes>#{1,6}[ \t]*)?(?:\*\*)?(?P<label>conclusions?(?:[ \t]*/[ \t]*"
    r"resolutions?)?|resolutions?|decisions?(?:[ \t]+made)?|outcomes?)(?:\*\*)?[ \t]*(?P<colon>:?)(?:\*\*)?"
    r"[ \t]*(?P<rest>.*)$", re.IGNORECASE)
DEFERRAL = re.compile(r"^(?:bumped|punt(?:ed)?|revisit(?:ed)?|defer(?:red)?|postpone(?:d)?|"
                      r"discuss(?:ed)?\s+(?:during|at|after|next)|to\s+be\s+(?:revisited|discussed)|"
                      r"carried\s+(?:forward|over))\b", re.IGNORECASE)
#: A scribe's note that an item was put off: "(Missing reviewer, punt)", "(... To be revisited.)".
DEFERRAL_NOTE = re.compile(r"^\((?=[^)]*\b(?:punt(?:ed)?|to\s+be\s+revisited|deferred|postponed)\b)[^()]*\)$",
                           re.IGNORECASE)
REVIEW = re.compile(r"\b(?:review(?:[ \t]+of)?[ \t]+(?:the[ \t]+)?(?:outstanding[ \t]+|previous[ \t]+|open[ \t]+)?"
                    r"actions?(?:[ \t]+(?:items?|points?|log))?|outstanding[ \t]+actions?|"
                    r"action[ \t]+(?:log|tracker)|matters[ \t]+arising)\b", re.IGNORECASE)
_REVIEWED_LINE = re.compile(
    r"^[ \t]*(?:[-*\u2022][ \t]+)?(?P<number>\d+[A-Za-z]?)[ \t]*[-\u2013:.)][ \t]+(?P<rest>\S.*)$")
_STATUS = (("completed", re.compile(r"\b(?:complete[d]?|done|closed|discharged|achieved|finished)\b", re.I)),
           ("dropped", re.compile(r"\b(?:dropped|withdrawn|cancell?ed|no\s+longer\s+(?:required|needed)|"
                                  r"superseded)\b", re.I)))
_COLUMNS = (
    ("owner", re.compile(r"owner|who|lead|responsib|assigned|actionee", re.I)),
    ("status", re.compile(r"status|progress", re.I)),
    ("due", re.compile(r"\bdue\b|deadline|by when|target", re.I)),
    ("text", re.compile(r"description|details?|task|summary", re.I)),
    ("number", re.compile(r"^(?:no\.?|#|ref\.?|number|id|ap|item)$", re.I)),
    ("subject", re.compile(r"\b(?:action|decision|resolution)s?\b", re.I)),
)
_KINDS = r"Communication|Report|Ordinance|Resolution|Second Reading Agenda|Previous Agenda"
_KIND = rf"\((?:{_KINDS})[^)]*\)"
_DISPOSITION = (r"(?P<disposition>PLACED ON FILE|REFERRED TO(?:[ \t]+[A-Z][A-Z&,]*(?![a-z]))+"
                r"|(?:SUBSTITUTE[ \t]+)?PASSED TO\s+SECOND READING"
                r"(?:[ \t]+[A-Z]+[ \t]+\d{1,2},[ \t]+\d{4}[ \t]+AT[ \t]+\d{1,2}:\d\d[ \t]+[AP]M)?"
                r"|\(Y-\d+[^)]*\)(?:\s*\(Y-\d+[^)]*\))*\s*(?:CONFIRMED|ACCEPTED(?: AS AMENDED)?|ADOPTED|\d{5,6}))")
_ENTRY_START = r"\s\*?(?:S-)?\d{1,3}[ \t]+[A-Z]"
#: One entry of a council's disposition agenda: number, title, kind, then what became of it.
DISPOSITION_ENTRY = re.compile(
    rf"(?<![^\s])\*?(?P<number>(?:S-)?\d{{1,3}})[ \t]+(?P<title>[A-Z](?:(?!{_ENTRY_START})[\s\S]){{4,600}}?)\s*"
    rf"{_KIND}(?:(?!\((?:{_KINDS}))[\s\S]){{0,400}}?{_DISPOSITION}")
#: The same when the item's heading holds number and title: the body opens with the disposition.
DISPOSITION_ONLY = re.compile(
    rf"\s*(?:{_KIND}\s*)?(?:\d+ minutes requested\s*)?(?:Motion[\s\S]{{0,300}}?)?{_DISPOSITION}")


@dataclass
class Found:
    """Facts read from the blocks of an item's body, and the spans they cover (hidden from the sentences)."""

    actions: list[ActionPoint] = field(default_factory=list)
    decisions: list[Decision] = field(default_factory=list)
    spans: list[Span] = field(default_factory=list)


# --- outcomes and votes ---------------------------------------------------------------------------

def outcome_of(text: str, verb_outcome: str | None = None, fallback: str = "resolved") -> str:
    """A decision's outcome: rejection or deferral when the text says so, else the verb's outcome, else
    the first outcome word found ('noted', 'approved', 'consensus', 'resolved'), else the fallback."""
    if _REJECTED.search(text):
        return "rejected"
    if _DEFERRED.search(text):
        return "deferred"
    if verb_outcome:
        return verb_outcome
    for outcome, pattern in _KEYWORD_OUTCOMES:
        if pattern.search(text):
            return outcome
    return fallback


def votes_in(text: str) -> tuple[int | None, int | None, int | None]:
    """Votes for, against and abstaining where printed: '(Y-5)', '(Y-4 N-1)', 'Yeas: A, B. Nays: C',
    '5 in favour, 1 against, 2 abstentions', 'by a vote of 5 to 2'."""
    match = re.search(r"\bY-(\d+)(?:[;,]?\s*N-(\d+))?(?:[;,]?\s*A-(\d+))?", text)
    if match:
        return tuple(int(g) if g else None for g in match.groups())  # type: ignore[return-value]
    counts = []
    for word in (r"Yeas?|Ayes?", r"Nays?|Noes", r"Abstain\w*|Abstentions?"):
        listed = re.search(rf"\b(?:{word})\s*:\s*(?P<v>[^:]*?)\s*(?=\b(?:Yeas?|Ayes?|Nays?|Noes|Abstain\w*|"
                           rf"Abstentions?|Absent)\s*:|$)", text)
        counts.append(_count(listed.group("v")) if listed else None)
    if any(count is not None for count in counts):
        return counts[0], counts[1], counts[2]
    match = re.search(r"(\d+)\s+(?:in\s+favou?r|for)[,;]?\s+(\d+)\s+against(?:[,;]?\s+(?:and\s+)?(\d+)\s+"
                      r"abstentions?)?", text, re.IGNORECASE)
    if match is None:
        match = re.search(r"\bvote\s+of\s+(\d+)\s*(?:to|-)\s*(\d+)()", text, re.IGNORECASE)
    if match:
        return tuple(int(g) if g else None for g in match.groups())  # type: ignore[return-value]
    return None, None, None


def _count(listed: str) -> int:
    """'5' -> 5; 'None' -> 0; 'Fish, Fritz and Saltzman.' -> 3."""
    listed = listed.strip(" .;")
    if listed.isdigit():
        return int(listed)
    if not listed or listed.lower() in {"none", "nil", "-", "0"}:
        return 0
    return len([name for name in re.split(r",|;|\band\b", listed) if name.strip()])


def decision(text: str, span: Span, outcome: str) -> Decision:
    """A decision with the vote counts its text prints."""
    votes_for, against, abstentions = votes_in(text)
    text = re.sub(r"\n[ \t]*[-*\u2022][ \t]+", "\n", text)  # "Consensus on:\n* #430\n* #438"
    return Decision(text=clean_quote(text), outcome=outcome, span=span, votes_for=votes_for,
                    votes_against=against, abstentions=abstentions)


def decision_in(clause: str) -> str | None:
    """The outcome if a clause (no actor in it) records a decision, else None."""
    match = DECISION.match(clause) or OUTCOME_WORD.match(clause)
    if match:
        verb = (match.groupdict().get("verb") or match.groupdict().get("verb2") or "agreed").lower()
        return outcome_of(clause, OUTCOMES[verb])
    match = PASSIVE_DECISION.search(clause) or MOTION_DECISION.search(clause)
    if match:
        return outcome_of(clause, OUTCOMES[match.group("verb").lower()])
    if CONSENT.search(clause):
        return outcome_of(clause, None, "agreed")
    return None


# --- action points ---------------------------------------------------------------------------------

def action_point(text: str, unit: Unit, marker: re.Match[str], known: set[str]) -> ActionPoint:
    """An action point from a sentence carrying "(Action Point N)"; the owner is the first person named before it."""
    quote = text[unit.start:unit.end]
    description = clean_quote(quote[:marker.start()] + quote[marker.end():]).rstrip(" .;,")
    owner = None
    for match in ANY_PERSON_REF.finditer(quote[:marker.start()]):
        label = label_of(match.group("ref"))
        if looks_like_person(label, known):
            owner = label
            break
    return ActionPoint(notation=marker.group("number"), description=description,
                       span=Span(unit.start, unit.end), owner_label=owner, owner_labels=[owner] if owner else [])


def owners_of(task: str) -> list[str]:
    """The owners a task names first ('Travis and Sangwhan to ...' -> ['Travis', 'Sangwhan']); [] for none
    or for everyone ('Everyone to read doc ...')."""
    match = OWNED_TASK.match(task.strip())
    return split_owners(match.group("owners")) if match else []


def split_owners(printed: str) -> list[str]:
    """'Dan, Travis, Sangwhan' -> three owners; 'RC/CJ/TJ' -> three; [] for 'Everyone'."""
    owners = [owner.strip().lstrip("@") for owner in re.split(r"[ \t]*(?:,|/|&)[ \t]*(?:and[ \t]+)?|[ \t]+and[ \t]+",
                                                              printed) if owner.strip()]
    if any(owner.lower() in COLLECTIVE_OWNERS for owner in owners):
        return []
    return owners


def owned_action(task: str, span: Span, notation: str = "", owners: list[str] | None = None) -> ActionPoint:
    """An action point from its printed text, with the owners it names (or those given)."""
    owners = owners_of(task) if owners is None else owners
    return ActionPoint(notation=notation, description=clean_quote(task).rstrip(" .;,"), span=span,
                       owner_label=owners[0] if owners else None, owner_labels=owners)


def tasks(text: str, start: int) -> list[tuple[str, Span]]:
    """'Jeremiah to schedule ..., Chris to tune in.' -> one task per owner clause, with spans."""
    cuts = [0]
    for match in _NEXT_TASK.finditer(text):
        if not re.fullmatch(_OWNERS, text[cuts[-1]:match.start()].strip()):  # not inside "Dan, Travis, ... to"
            cuts.append(match.end())
    cuts.append(len(text))
    found = []
    for left, right in zip(cuts, cuts[1:]):
        piece = text[left:right]
        stripped = piece.strip().rstrip(",;")
        if stripped:
            offset = start + left + len(piece) - len(piece.lstrip())
            found.append((stripped, Span(offset, offset + len(stripped))))
    return found


def status_of(text: str) -> str:
    """completed, dropped or open, from the words of a status update."""
    for status, pattern in _STATUS:
        if pattern.search(text):
            return status
    return "open"


# --- blocks --------------------------------------------------------------------------------------

def scan_blocks(text: str, item: AgendaItem) -> Found:
    """Tables, action and conclusion labels, reviews of earlier actions and disposition lists in a body."""
    found = Found()
    _tables(text, item.body, found)
    _labels(masked(text, found.spans), item, found)
    _dispositions(masked(text, found.spans), item, found)
    for match in ADDRESSED_TASK.finditer(masked(text, found.spans), item.body.start, item.body.end):
        span = Span(match.start("owner") - 1, match.end())
        found.actions.append(owned_action(text[span.start:span.end], span, owners=[match.group("owner")]))
        found.spans.append(span)
    for region in _review_regions(text, item):
        _reviewed_lines(masked(text, found.spans), region, found)
        for action in found.actions:
            if action.notation and region.start <= action.span.start < region.end:
                action.reviewed = True
                if action.status == "open":
                    action.status = status_of(text[action.span.start:action.span.end])
    return found


def _tables(text: str, body: Span, found: Found) -> None:
    """Action and decision tables: '| Action Item | Description |', 'No.<TAB>Action<TAB>Owner<TAB>Status'."""
    lines = body_lines(text, body)
    index = 0
    while index < len(lines):
        header = table_cells(lines[index][1])
        columns = _columns(header) if header else None
        if columns is None:
            index += 1
            continue
        start = lines[index][0]
        index += 1
        while index < len(lines) and table_cells(lines[index][1]) is not None:
            offset, line = lines[index]
            cells = table_cells(line) or []
            if not re.fullmatch(r"[\s|:\-]*", line):
                _table_row(cells, columns, Span(offset + len(line) - len(line.lstrip()), offset + len(line.rstrip())),
                           found)
            index += 1
        found.spans.append(Span(start, rstrip_end(text, lines[index - 1][0] + len(lines[index - 1][1]))))


def _columns(cells: list[str]) -> dict[str, int] | None:
    """Which column holds what, for a header row naming actions or decisions; None for other tables."""
    names = [cell.replace("*", "").strip() for cell in cells]
    if not any(re.search(r"\b(?:action|decision|resolution)s?\b", name, re.I) for name in names):
        return None
    columns: dict[str, int] = {"kind": 1 if any(re.search(r"decision|resolution", n, re.I) for n in names) else 0}
    for index, name in enumerate(names):
        for role, pattern in _COLUMNS:
            if role not in columns and pattern.search(name):
                columns[role] = index
                break
    if "subject" in columns:  # "Action" heads the text, or the number when a description column exists
        columns.setdefault("text" if "text" not in columns else "number", columns.pop("subject"))
    return columns if "text" in columns else None


def _table_row(cells: list[str], columns: dict[str, int], span: Span, found: Found) -> None:
    def cell(role: str) -> str:
        index = columns.get(role)
        return cells[index].replace("*", "").strip() if index is not None and index < len(cells) else ""

    text = cell("text")
    if not text:
        return
    if columns["kind"]:
        found.decisions.append(decision(text, span, outcome_of(text, None, "agreed")))
        return
    owners = split_owners(cell("owner"))
    due = dates.find_date(cell("due")) if cell("due") else None
    found.actions.append(ActionPoint(notation=cell("number"), description=clean_quote(text), span=span,
                                     owner_label=owners[0] if owners else None, owner_labels=owners,
                                     status=status_of(cell("status")) if cell("status") else "open",
                                     due=due[0] if due else None))


def _labels(text: str, item: AgendaItem, found: Found) -> None:
    """'Action:' / 'ACTION: ...' / 'Possible Action Items:' lists, and conclusions ('### Conclusion',
    '**Conclusion**: ...'); an item titled 'Conclusion' is one as a whole."""
    lines = body_lines(text, item.body)
    if CONCLUSION_LABEL.fullmatch(item.title.strip()):
        _conclusion(text, lines, 0, found)
        return
    index = 0
    while index < len(lines):
        offset, line = lines[index]
        action = ACTION_LABEL.match(line)
        conclusion = CONCLUSION_LABEL.match(line)
        if action:
            index = _action_list(text, lines, index, action, found)
        elif conclusion and (conclusion.group("colon") or (conclusion.group("hashes") and
                                                          not conclusion.group("rest"))):
            rest = conclusion.group("rest")
            found.spans.append(Span(offset, offset + len(line)))
            if rest:
                _concluded(rest, offset + conclusion.start("rest"), found)
                index += 1
            else:
                index = _conclusion(text, lines, index + 1, found)
        else:
            index += 1


def _action_list(text: str, lines: list[tuple[int, str]], index: int, label: re.Match[str], found: Found) -> int:
    """The action(s) a label introduces, on its own line or in the list below it; the next line's index."""
    offset, line = lines[index]
    found.spans.append(Span(offset, offset + len(line)))
    rest, rest_start = label.group("rest").rstrip(), offset + label.start("rest")
    if label.group("number"):
        found.actions.append(owned_action(rest, Span(offset + len(label.group("indent")), offset + len(line.rstrip())),
                                          label.group("number")))
        return index + 1
    if rest:
        _actions_or_deferral(rest, rest_start, found)
        return index + 1
    entries, index = _list_entries(lines, index + 1, len(label.group("indent")))
    for start, end in entries:
        found.spans.append(Span(start, end))
        _actions_or_deferral(text[start:end], start, found)
    return index


def _trimmed(entry: str, start: int) -> tuple[str, Span]:
    """An entry without its bullet and surrounding white space, and its span."""
    entry = re.sub(r"^[-*\u2022][ \t]+", lambda m: " " * len(m.group()), entry)
    lead = len(entry) - len(entry.lstrip())
    stripped = entry.strip()
    return stripped, Span(start + lead, start + lead + len(stripped))


def _actions_or_deferral(entry: str, start: int, found: Found) -> None:
    """'Revisit next week.' is a deferral; anything else is one action per owner clause."""
    stripped, span = _trimmed(entry, start)
    if DEFERRAL.match(stripped):
        found.decisions.append(decision(stripped, span, "deferred"))
        return
    for task, task_span in tasks(stripped, span.start):
        found.actions.append(owned_action(task, task_span))


def _list_entries(lines: list[tuple[int, str]], index: int, column: int) -> tuple[list[tuple[int, int]], int]:
    """The entries of a list below a label: bullets, or plain lines (a line starting in lower case continues
    the entry above). It ends at a line left of the label, a heading, a turn or another label; without
    indentation also at a blank line. Returns (start, end) offsets and the index after the list."""
    entries: list[list[int]] = []
    bullets: bool | None = None
    while index < len(lines):
        offset, line = lines[index]
        stripped = line.strip()
        indent = len(line) - len(line.lstrip())
        if not stripped:
            if entries and column == 0 and not bullets:
                break
            index += 1
            continue
        bullet = bool(re.match(r"[ \t]*[-*\u2022][ \t]+", line))
        if bullets is None:
            bullets = bullet
        if indent < column or MARKDOWN_HEADING.match(line) or ACTION_LABEL.match(line) or \
                CONCLUSION_LABEL.match(line) and ":" in line or (opens_turn(line) and not bullets):
            break
        if bullets and not bullet and (not entries or indent <= column):
            break
        if entries and not bullet and (bullets or stripped[0].islower()):
            entries[-1][1] = offset + len(line.rstrip())
        else:
            entries.append([offset + indent, offset + len(line.rstrip())])
        index += 1
    return [(start, end) for start, end in entries], index


def _conclusion(text: str, lines: list[tuple[int, str]], index: int, found: Found) -> int:
    """The paragraphs (or bullets) under a 'Conclusion' heading, up to the next heading or turn."""
    block: list[tuple[int, str]] = []
    while index < len(lines):
        offset, line = lines[index]
        if MARKDOWN_HEADING.match(line) or opens_turn(line):
            break
        block.append((offset, line))
        index += 1
    for start, end in _entries(block):
        found.spans.append(Span(start, end))
        _concluded(text[start:end], start, found)
    return index


def _entries(block: list[tuple[int, str]]) -> list[tuple[int, int]]:
    """Paragraphs of a block; bullets are entries of their own unless a line ending in ':' introduces them."""
    entries: list[list[int]] = []
    joined, after_blank = False, True
    for offset, line in block:
        stripped = line.strip()
        if not stripped:
            after_blank = True
            continue
        start, end = offset + len(line) - len(line.lstrip()), offset + len(line.rstrip())
        if entries and not after_blank and (joined or not BULLET.match(line)):
            entries[-1][1] = end
        else:
            entries.append([start, end])
            joined = False
        joined, after_blank = joined or stripped.endswith(":"), False
    return [(start, end) for start, end in entries]


def _concluded(entry: str, start: int, found: Found) -> None:
    """A conclusion: a lone owned task is an action; anything else a decision, with an action for each owned
    task within it ('Meet every two weeks, ..., Mark to send out invites')."""
    stripped, span = _trimmed(entry, start)
    pieces = tasks(stripped, span.start)
    owned = [(task, task_span) for task, task_span in pieces if owners_of(task)]
    if len(pieces) > 1 or not owned:
        found.decisions.append(decision(stripped, span, outcome_of(stripped)))
    for task, task_span in owned:
        found.actions.append(owned_action(task, task_span))


def _dispositions(text: str, item: AgendaItem, found: Found) -> None:
    """A council's disposition list: each entry is a decision ('(Y-5) 184349': an ordinance passed 5-0)."""
    bare = DISPOSITION_ONLY.match(text, item.body.start, item.body.end)
    matches = [bare] if bare else list(DISPOSITION_ENTRY.finditer(text, item.body.start, item.body.end))
    for match in matches:
        start = match.start() + len(match.group()) - len(match.group().lstrip())
        span = Span(start, match.end())
        printed = f"{item.title} {text[start:match.end()]}" if bare else text[start:match.end()]
        found.decisions.append(decision(printed, span, outcome_of(match.group("disposition"), None, "approved")))
        found.spans.append(span)


def _review_regions(text: str, item: AgendaItem) -> list[Span]:
    """Where earlier actions are reviewed: an item so titled, or from such a heading to the next heading."""
    if REVIEW.search(item.title):
        return [item.body]
    regions, start = [], None
    for offset, line in body_lines(text, item.body):
        heading = MARKDOWN_HEADING.match(line) or (line.strip() and len(line.strip()) < 80 and
                                                   not line.rstrip().endswith((".", ";", "?")) and
                                                   not re.match(r"\s*(?:[-*\u2022\d|]|action\b|ap\b)", line, re.I))
        if heading and start is not None:
            regions.append(Span(start, offset))
            start = None
        if heading and REVIEW.search(line):
            start = offset
    if start is not None:
        regions.append(Span(start, item.body.end))
    return regions


def _reviewed_lines(text: str, region: Span, found: Found) -> None:
    """'44 - completed' lines in a review: the status of an earlier action by its number."""
    for offset, line in body_lines(text, region):
        match = _REVIEWED_LINE.match(line)
        if match:
            span = Span(offset + len(line) - len(line.lstrip()), offset + len(line.rstrip()))
            found.actions.append(owned_action(match.group("rest"), span, match.group("number")))
            found.spans.append(span)
