"""The browse pages, their JSON twins and feeds, served from a real in-memory store holding the WSTB
minutes (and, where a test needs them, later minutes written in the same layout)."""
from __future__ import annotations

import html
import re
import xml.etree.ElementTree as ET
from pathlib import Path
from urllib.parse import quote

import pytest
import rdflib

from graph import analysis
from graph.namespaces import BG, SCHEMA
from graph.pipeline import process_file
from graph.store import load_vocabulary, open_store
from graph.writer import write_documents
from web import create_app, pages_people
from web.state import get_store
from web.urls import page_url

BASE = "http://localhost:5000/id/"
ATOM = "{http://www.w3.org/2005/Atom}"
MEETING = "/meeting/wstb/2017-06-29"
#: A query parameter value that would break out of a query if it were pasted into its text (URL-encoded).
HOSTILE = quote('"}) } UNION { ?s ?p ?o } #<b>', safe="")


def load(store, processed) -> None:
    """Write one document as the loader does (with the load-time aggregates the pages read)."""
    write_documents(store, [(str(processed.built.graph_iri), processed.built.graph)])


def minutes_like_wstb(tmp_path: Path, date_words: str, short_date: str, name: str, change=None) -> Path:
    """The bundled minutes moved to another date (and optionally edited): a later meeting of the board."""
    text = (Path(__file__).resolve().parent.parent / "examples/minutes/wstb-2017-06-29.txt").read_text()
    text = text.replace("29 th June 2017", date_words).replace("29.06.17", short_date)
    path = tmp_path / name
    path.write_text(change(text) if change else text)
    return path


@pytest.fixture(scope="module")
def client(wstb_processed):
    with open_store() as store:
        load_vocabulary(store, BASE)
        load(store, wstb_processed)
        yield create_app({"STORE": store, "BASE": BASE, "TESTING": True}).test_client()


def get(client, url: str, status: int = 200):
    response = client.get(url)
    assert response.status_code == status, (url, response.status_code)
    return response


def text_of(client, url: str) -> str:
    """The page's HTML with entities decoded (for checking facts, not escaping)."""
    return html.unescape(get(client, url).get_data(as_text=True))


def data_of(client, url: str) -> dict:
    response = get(client, url)
    assert response.mimetype == "application/json"
    return response.get_json()


# --- URLs ------------------------------------------------------------------------------------------


def test_page_url_follows_the_iri_path():
    assert page_url(BASE + "person/nick-halliday", BASE) == "/person/nick-halliday"
    assert page_url(BASE + "meeting/wstb/2017-06-29", BASE) == MEETING
    assert page_url(BASE + "meeting/wstb/2017-06-29/statement/12", BASE) == MEETING + "#statement-12"
    assert page_url(BASE + "meeting/wstb/2017-06-29/item/aob", BASE) == MEETING + "#item-aob"
    assert page_url(BASE + "meeting/wstb/2017-06-29/source/4096-4256", BASE) == MEETING + "/source/4096-4256"
    assert page_url(BASE + "minutes/wstb/2017-06-29", BASE) == MEETING
    assert page_url(BASE + "graph/meeting/wstb/2017-06-29", BASE) == MEETING
    assert page_url(BASE + "action/wstb/44", BASE) == "/action/wstb/44"
    assert page_url(BASE + "membership/tom-davies/dwp-digital", BASE) == "/person/tom-davies"
    assert page_url("http://data.europa.eu/eli/reg/2016/679/oj", BASE) is None
    assert page_url(BASE + "person/", BASE) is None


# --- home and board --------------------------------------------------------------------------------


def test_home_counts_boards_timeline_topics(client):
    page = text_of(client, "/")
    assert 'href="/board/wstb"' in page and 'href="/meeting/wstb/2017-06-29"' in page
    assert 'action="/search"' in page
    assert 'href="/topic/stat-xplore"' in page
    data = data_of(client, "/index.json")
    assert data["counts"] == {"meetings": 1, "people": 12, "statements": 32, "actions": 4}
    assert data["topics"][0]["topic"]["name"] == "Stat-Xplore"  # the most discussed topic
    assert [m["meeting"]["url"] for m in data["meetings"]] == [MEETING]
    assert data["boards"][0]["board"]["name"] == "Welfare Sector Transparency Board"


def test_board_page(client):
    page = text_of(client, "/board/wstb")
    assert "Welfare Sector Transparency Board" in page and 'href="/board/wstb/feed.atom"' in page
    data = data_of(client, "/board/wstb.json")
    assert data["board"]["meetings"] == 1 and data["rdf"]["Turtle"] == "/doc/board/wstb.ttl"


# --- meeting ---------------------------------------------------------------------------------------


def test_meeting_page(client):
    page = text_of(client, MEETING)
    assert "2017-06-29, 12:15–14:15" in page
    assert re.search(r'>chair</a></th>\s*<td><a href="/person/charlie-boundy">Charlie Boundy</a>', page)
    apologies = page[page.index('id="apologies"'):page.index('id="agenda"')]
    assert "Julie Hewitt" in apologies and "Rick Wright" in apologies and "Charlie Boundy" not in apologies
    positions = [page.index(f'<section class="item" id="item-{n}">') for n in ("1", "2", "3", "4", "5", "6", "aob")]
    assert positions == sorted(positions)
    for number, owner in (("44", "gillian-hall"), ("45", "nick-halliday"), ("46", "gemma-kirk"),
                          ("47", "nick-halliday")):
        assert re.search(rf'Action {number}</a>.*?owner: <a href="/person/{owner}">', page, re.S)
    statement = page[page.index('id="statement-18"'):]
    assert 'href="/person/rachel-remedios">Rachel Remedios' in statement[:400]
    assert "characters 4096–4256" in statement and f'href="{MEETING}/source/4096-4256"' in statement
    assert "KG (unresolved)" in page  # the speaker nobody in the attendance list has, never guessed
    assert 'href="/doc/meeting/wstb/2017-06-29.ttl"' in page


def test_meeting_json_has_the_same_facts(client):
    data = data_of(client, MEETING + ".json")
    assert data["kind"] == "meeting" and data["iri"] == BASE + "meeting/wstb/2017-06-29"
    chair = next(g for g in data["participants"] if g["role"]["name"] == "chair")
    assert [p["person"]["name"] for p in chair["people"]] == ["Charlie Boundy"]
    assert sorted(p["person"]["name"] for p in data["apologies"]) == ["Julie Hewitt", "Rick Wright"]
    assert [i["notation"] for i in data["items"]] == ["1", "2", "3", "4", "5", "6", "AOB"]
    owners = {a["notation"]: a["owner"]["name"] for i in data["items"] for a in i["actions"]}
    assert owners == {"44": "Gillian Hall", "45": "Nick Halliday", "46": "Gemma Kirk", "47": "Nick Halliday"}
    statements = [s for i in data["items"] for s in i["statements"]]
    assert [s["position"] for s in statements] == list(range(1, 33))
    rr = statements[17]
    assert rr["speaker"]["name"] == "Rachel Remedios" and rr["speechAct"]["name"] == "comment"
    assert (rr["quote"]["start"], rr["quote"]["end"]) == (4096, 4256)
    assert rr["quote"]["exact"].startswith("Rachel Remedios (RR) commented")
    assert {"Stat-Xplore", "application programming interfaces"} <= {t["name"] for t in rr["topics"]}
    decisions = [d for i in data["items"] for d in i["decisions"]]
    assert decisions[0]["outcome"]["name"] == "agreed"


def test_source_page_shows_the_quote_among_its_neighbours(client):
    page = text_of(client, MEETING + "/source/4096-4256")
    current = page[page.index('class="span current"'):]
    assert current.index("Rachel Remedios (RR) commented") < current.index("</li>")
    spans = re.findall(r'<li class="span( current)?"', page)
    assert len(spans) == 7 and spans[3] == " current"
    data = data_of(client, MEETING + "/source/4096-4256.json")
    assert [s["current"] for s in data["spans"]].count(True) == 1
    assert data["span"]["facts"][0]["url"] == MEETING + "#statement-18"
    get(client, MEETING + "/source/1-2", 404)


# --- people and organisations ----------------------------------------------------------------------


def test_person_page(client):
    page = text_of(client, "/person/nick-halliday")
    actions = page[page.index('id="actions"'):page.index('id="statements"')]
    assert "Action 45" in actions and "Action 47" in actions and "Action 44" not in actions
    assert actions.count('class="status status-open"') == 2
    data = data_of(client, "/person/nick-halliday.json")
    assert {(a["notation"], a["status"]) for a in data["actions"]} == {("45", "open"), ("47", "open")}
    assert data["meetings"][0]["role"]["name"] == "member"
    assert data["meetings"][0]["organisation"]["name"] == "Cabinet Office"
    assert len(data["statements"]) == 9
    assert data["topics"][0]["statements"] >= data["topics"][-1]["statements"]
    assert {o["other"]["name"] for o in data["sits_with"]} >= {"Charlie Boundy", "Judith Jones"}
    assert "Julie Hewitt" not in {o["other"]["name"] for o in data["sits_with"]}  # apologies do not sit
    assert data["allActions"] is None


def test_person_page_links_to_the_tracker_beyond_its_newest_actions(client, monkeypatch):
    monkeypatch.setattr(pages_people, "ACTIONS_SHOWN", 1)
    data = data_of(client, "/person/nick-halliday.json")
    assert [a["notation"] for a in data["actions"]] == ["47"]  # the tracker's order: highest number first
    assert data["allActions"] == "/actions?owner=nick-halliday"
    tracker = data_of(client, data["allActions"].replace("/actions", "/actions.json"))
    assert notations(tracker) == ["45", "47"]


def test_person_statements_filter_by_topic(client):
    data = data_of(client, "/person/judith-jones.json?topic=gdpr")
    assert data["topic"]["name"] == "General Data Protection Regulation"
    assert len(data["statements"]) == 2
    assert len(data_of(client, "/person/tom-davies.json?topic=stat-xplore")["statements"]) == 4
    assert data_of(client, "/person/tom-davies.json?topic=gdpr")["statements"] == []
    hostile = data_of(client, "/person/tom-davies.json?topic=" + HOSTILE)
    assert hostile["statements"] == [] and len(hostile["meetings"]) == 1


def test_organisation_page(client):
    page = text_of(client, "/org/information-commissioners-office")
    assert "Information Commissioner's Office" in page and 'href="/person/judith-jones"' in page
    data = data_of(client, "/org/cabinet-office.json")
    assert [p["person"]["name"] for p in data["people"]] == ["Nick Halliday"]
    assert data["people"][0]["first"] == data["people"][0]["last"] == "2017-06-29"
    assert [m["meeting"]["url"] for m in data["meetings"]] == [MEETING]
    assert "open data" in {t["topic"]["name"] for t in data["topics"]}


# --- topics ----------------------------------------------------------------------------------------


def test_topic_page(client):
    page = text_of(client, "/topic/gdpr")
    assert "Judith Jones" in page and "Information Commissioner's Office" in page
    assert 'href="http://data.europa.eu/eli/reg/2016/679/oj"' in page
    assert 'href="/topic/data-protection"' in page  # broader
    data = data_of(client, "/topic/gdpr.json")
    assert data["exactMatch"][0]["iri"] == "http://data.europa.eu/eli/reg/2016/679/oj"
    assert {e["who"]["name"] for e in data["timeline"]} == {"Judith Jones"}
    assert {e["organisation"]["name"] for e in data["timeline"]} == {"Information Commissioner's Office"}
    assert [p["person"]["name"] for p in data["people"]] == ["Judith Jones"]
    assert "Data Protection Bill" in {t["other"]["name"] for t in data["cooccurring"]}
    assert "GDPR" in data["altLabel"]


def test_topic_timeline_has_actions_and_decisions(client):
    actions = [e for e in data_of(client, "/topic/data-gov-uk.json")["timeline"] if e["kind"] == "action"]
    assert [(e["who"]["name"], e["status"]) for e in actions] == [("Nick Halliday", "open")]
    decisions = data_of(client, "/topic/service-design.json")["timeline"]
    assert "decision" in {e["kind"] for e in decisions}


# --- action points ---------------------------------------------------------------------------------


def notations(data: dict) -> list[str]:
    return sorted(a["notation"] for a in data["actions"])


def test_action_tracker_filters(client):
    assert notations(data_of(client, "/actions.json")) == ["44", "45", "46", "47"]
    assert notations(data_of(client, "/actions.json?owner=nick-halliday")) == ["45", "47"]
    assert notations(data_of(client, "/actions.json?status=open&board=wstb")) == ["44", "45", "46", "47"]
    assert notations(data_of(client, "/actions.json?status=completed")) == []
    assert notations(data_of(client, "/actions.json?board=asf")) == []
    assert notations(data_of(client, "/actions.json?owner=" + HOSTILE)) == []
    unknown = data_of(client, "/actions.json?status=" + HOSTILE)
    assert unknown["actions"] == [] and unknown["notices"]
    page = text_of(client, "/actions?owner=nick-halliday")
    assert "Action 45" in page and "Action 46" not in page
    assert '<option value="nick-halliday" selected>' in page


def test_action_page(client):
    page = text_of(client, "/action/wstb/46")
    assert "GK to contact RR with further information" in page and 'href="/person/gemma-kirk"' in page
    data = data_of(client, "/action/wstb/46.json")
    assert data["status"] == "open" and len(data["history"]) == 1
    assert data["history"][0]["item"]["notation"] == "3"
    get(client, "/action/wstb/999", 404)


@pytest.fixture(scope="module")
def two_meetings(wstb_processed, tmp_path_factory):
    """The WSTB minutes and a later meeting that records actions 44-47 again, 44 now completed."""
    later = process_file(minutes_like_wstb(tmp_path_factory.mktemp("later"), "14 th September 2017", "14.09.17",
                                           "wstb-2017-09-14.txt"))
    action = rdflib.URIRef(BASE + "action/wstb/44")
    later.built.graph.set((action, SCHEMA.actionStatus, SCHEMA.CompletedActionStatus))
    with open_store() as store:
        load_vocabulary(store, BASE)
        load(store, wstb_processed)
        load(store, later)
        yield create_app({"STORE": store, "BASE": BASE, "TESTING": True}).test_client()


def test_action_history_across_meetings(two_meetings):
    data = data_of(two_meetings, "/action/wstb/44.json")
    assert [(h["date"], h["status"]) for h in data["history"]] == [("2017-06-29", "open"), ("2017-09-14", "completed")]
    assert data["status"] == "completed"
    tracker = data_of(two_meetings, "/actions.json")
    assert notations(tracker) == ["44", "45", "46", "47"]  # each action once
    latest = {a["notation"]: (a["status"], a["first"], a["latest"], a["meetings"]) for a in tracker["actions"]}
    assert latest["44"] == ("completed", "2017-06-29", "2017-09-14", 2)
    assert notations(data_of(two_meetings, "/actions.json?status=open")) == ["45", "46", "47"]
    assert notations(data_of(two_meetings, "/actions.json?status=completed")) == ["44"]
    later = data_of(two_meetings, "/meeting/wstb/2017-09-14.json")
    reviewed = [a for i in later["items"] for a in i["actions"] if a["notation"] == "44"][0]
    assert (reviewed["earlierMentions"], reviewed["firstDate"]) == (1, "2017-06-29")
    home = data_of(two_meetings, "/index.json")
    assert [m["date"] for m in home["meetings"]] == ["2017-09-14", "2017-06-29"]



REVIEW_MINUTES = """Minutes
Title of Meeting:\tWelfare Sector Transparency Board (WSTB)
Date:\t19 th October 2017\tTime:\t12.00 \u2013 14.00

Attendees:
Name\tInitials\tOrganisation
Charlie Boundy\tCB\tDWP Digital (Chair)
Gemma Kirk\tGK\tDWP Digital (Secretariat)

Agenda item 1 \u2013 Review of Action Points

AP 44: GH testing data.gov.uk - completed.
Action 45 - links provided to members. Closed.
46 - ongoing
Action Point 47: dropped, no longer required.
"""


@pytest.fixture(scope="module", params=["with aggregates", "without"])
def reviewed_later(request, wstb_processed, tmp_path_factory):
    """The WSTB minutes and the real parse of a later meeting whose review item updates actions 44-47;
    stored as the loader does (with the load-time aggregates) and as a bare store without them."""
    path = tmp_path_factory.mktemp("review") / "wstb-2017-10-19.txt"
    path.write_text(REVIEW_MINUTES, encoding="utf-8")
    with open_store() as store:
        load_vocabulary(store, BASE)
        for processed in (wstb_processed, process_file(path)):
            if request.param == "with aggregates":
                load(store, processed)
            else:
                store.replace_graph(str(processed.built.graph_iri), processed.built.graph)
        yield create_app({"STORE": store, "BASE": BASE, "TESTING": True}).test_client()


def test_a_review_in_a_later_meeting_gives_the_current_status(reviewed_later):
    tracker = data_of(reviewed_later, "/actions.json")
    current = {a["notation"]: (a["status"], a["owner"]["name"], a["meetings"]) for a in tracker["actions"]}
    assert current == {"44": ("completed", "Gillian Hall", 2), "45": ("completed", "Nick Halliday", 2),
                       "46": ("open", "Gemma Kirk", 2), "47": ("dropped", "Nick Halliday", 2)}
    assert notations(data_of(reviewed_later, "/actions.json?status=open")) == ["46"]
    assert notations(data_of(reviewed_later, "/actions.json?status=completed")) == ["44", "45"]
    assert notations(data_of(reviewed_later, "/actions.json?owner=nick-halliday")) == ["45", "47"]
    task = next(a for a in tracker["actions"] if a["notation"] == "44")["description"]
    assert task.startswith("Gillian Hall (GH) is involved")  # the task as raised, not the review's words
    history = data_of(reviewed_later, "/action/wstb/44.json")
    assert [(h["date"], h["status"]) for h in history["history"]] == [("2017-06-29", "open"),
                                                                       ("2017-10-19", "completed")]
    review = data_of(reviewed_later, "/meeting/wstb/2017-10-19.json")
    assert [a["notation"] for i in review["items"] for a in i["actions"]] == ["44", "45", "46", "47"]
    owed = data_of(reviewed_later, "/person/nick-halliday.json")
    assert {(a["notation"], a["status"]) for a in owed["actions"]} == {("45", "completed"), ("47", "dropped")}


def test_co_attendance_counts_meetings(two_meetings):
    data = data_of(two_meetings, "/person/nick-halliday.json")
    assert {o["meetings"] for o in data["sits_with"]} == {2}
    assert len(data["meetings"]) == 2


# --- search ----------------------------------------------------------------------------------------


def test_search_highlights_matches(client):
    page = get(client, "/search?q=Stat-Xplore").get_data(as_text=True)
    assert page.count("<mark>Stat-Xplore</mark>") >= 5
    data = data_of(client, "/search.json?q=Stat-Xplore")
    # words match as words: "Stat-Xplore" also finds the one "Stat Xplore"
    assert len(data["results"]) == 7 and all(re.search("stat.xplore", r["text"], re.I) for r in data["results"])
    assert data_of(client, "/search.json?q=stat-XPLORE")["results"] == data["results"]  # case-insensitive


def test_search_words_and_filters(client):
    both = data_of(client, "/search.json?q=Stat-Xplore+API")["results"]
    assert [r["who"]["name"] for r in both] == ["Rachel Remedios"]
    assert len(data_of(client, "/search.json?q=Stat-Xplore&person=tom-davies")["results"]) == 4
    assert len(data_of(client, "/search.json?q=Stat-Xplore&board=wstb")["results"]) == 7
    assert data_of(client, "/search.json?q=Stat-Xplore&board=asf")["results"] == []
    assert len(data_of(client, "/search.json?topic=gdpr")["results"]) == 2
    assert len(data_of(client, "/search.json?q=data&from=2017-06-29&to=2017-06-29")["results"]) > 5
    assert data_of(client, "/search.json?q=data&from=2017-06-30")["results"] == []
    kinds = {r["kind"] for r in data_of(client, "/search.json?q=slides")["results"]}
    assert kinds == {"action"}
    assert "decision" in {r["kind"] for r in data_of(client, "/search.json?q=layered")["results"]}


def test_search_values_are_bound_not_pasted(client):
    for url in ("/search.json?q=" + HOSTILE, "/search.json?q=x&person=" + HOSTILE,
                "/search.json?q=x&topic=" + HOSTILE, "/search.json?q=x&board=" + HOSTILE):
        assert data_of(client, url)["results"] == []
    bad_date = data_of(client, "/search.json?q=data&from=" + HOSTILE)
    assert bad_date["notices"] and bad_date["results"]  # the bad date is ignored, said so
    page = get(client, "/search?q=" + HOSTILE).get_data(as_text=True)
    assert "<b>" not in page and "&lt;b&gt;" in page


def test_search_pages(client):
    first = data_of(client, "/search.json?q=the")
    assert len(first["results"]) == 25 and first["pagination"]["next"] == 2
    second = data_of(client, "/search.json?q=the&page=2")
    assert second["pagination"]["previous"] == 1
    assert not {r["iri"] for r in first["results"]} & {r["iri"] for r in second["results"]}
    assert data_of(client, "/search.json?q=the&page=abc")["pagination"]["page"] == 1


# --- data quality ----------------------------------------------------------------------------------


def test_quality_page_lists_shacl_findings(client):
    page = text_of(client, "/quality")
    assert f'href="{MEETING}#statement-31"' in page and "KG" in page
    data = data_of(client, "/quality.json")
    document = data["documents"][0]
    assert document["counts"]["Violation"] == 0 and document["counts"]["Warning"] >= 1
    finding = next(f for f in document["findings"] if f["focus"]["url"] == MEETING + "#statement-31")
    assert finding["severity"] == "Warning" and finding["path"] == "bg:speaker"


def test_quality_page_reads_the_stored_reports_with_the_same_findings(wstb_processed):
    """With the loader's report graphs (graph/reports.py) the page reads them: the same findings as
    validating the document at view time."""
    from graph.reports import write_reports
    from graph.validate import context_graph, validate_document
    with open_store() as store:
        load_vocabulary(store, BASE)
        load(store, wstb_processed)
        client = create_app({"STORE": store, "BASE": BASE, "TESTING": True}).test_client()
        validated = data_of(client, "/quality.json")["documents"]
        graph_iri = str(wstb_processed.built.graph_iri)
        findings = validate_document(store.graph(graph_iri), context_graph(base=BASE)).findings
        write_reports(store, [(graph_iri, findings)], BASE)
        stored_client = create_app({"STORE": store, "BASE": BASE, "TESTING": True}).test_client()
        assert data_of(stored_client, "/quality.json")["documents"] == validated
        write_reports(store, [(graph_iri, findings[:1])], BASE)  # the stored report is what is shown
        assert len(data_of(stored_client, "/quality.json")["documents"][0]["findings"]) == 1


# --- feeds -----------------------------------------------------------------------------------------


def feed(client, url: str) -> ET.Element:
    response = get(client, url)
    assert response.mimetype == "application/atom+xml"
    return ET.fromstring(response.data)


def test_feeds(client):
    topic = feed(client, "/topic/gdpr/feed.atom")
    ids = [e.findtext(f"{ATOM}id") for e in topic.iter(f"{ATOM}entry")]
    assert ids == [BASE + "meeting/wstb/2017-06-29/statement/27", BASE + "meeting/wstb/2017-06-29/statement/30"]
    assert topic.findtext(f"{ATOM}title").startswith("General Data Protection Regulation")
    person = feed(client, "/person/nick-halliday/feed.atom")
    ids = [e.findtext(f"{ATOM}id") for e in person.iter(f"{ATOM}entry")]
    assert BASE + "action/wstb/45" in ids and BASE + "meeting/wstb/2017-06-29/statement/3" in ids
    entry = next(e for e in person.iter(f"{ATOM}entry") if e.findtext(f"{ATOM}id").endswith("/statement/3"))
    assert entry.findtext(f"{ATOM}updated") == "2017-06-29T00:00:00Z"
    assert entry.findtext(f"{ATOM}author/{ATOM}name") == "Nick Halliday"
    assert entry.find(f"{ATOM}link").get("href") == "http://localhost/meeting/wstb/2017-06-29#statement-3"
    assert entry.findtext(f"{ATOM}content").startswith("Nick Halliday (NH) gave an overview")
    org = feed(client, "/org/cabinet-office/feed.atom")
    assert len(list(org.iter(f"{ATOM}entry"))) == 11  # Nick Halliday's 9 statements and 2 action points
    board = feed(client, "/board/wstb/feed.atom")
    assert len(list(board.iter(f"{ATOM}entry"))) == 36
    for url in ("/topic/nothing/feed.atom", "/person/nobody/feed.atom", "/org/x/feed.atom", "/board/x/feed.atom"):
        get(client, url, 404)


def test_feed_entries_newest_first(two_meetings):
    entries = list(feed(two_meetings, "/person/nick-halliday/feed.atom").iter(f"{ATOM}entry"))
    dates = [e.findtext(f"{ATOM}updated") for e in entries]
    assert dates == sorted(dates, reverse=True) and dates[0].startswith("2017-09-14")
    ids = [e.findtext(f"{ATOM}id") for e in entries]
    assert len(ids) == len(set(ids))  # an action recorded twice is one entry


# --- vocabulary ------------------------------------------------------------------------------------


def test_ontology_page(client):
    page = text_of(client, "/ontology")
    assert 'id="Meeting"' in page and "bg:Meeting" in page
    speaker = page[page.index('<tr id="speaker">'):]
    assert "bg:Statement" in speaker[:800] and "foaf:Agent" in speaker[:800] and "schema:creator" in speaker[:800]
    assert 'id="Chair"' in page and 'id="Explanation"' in page and 'id="Agreed"' in page
    assert 'href="/topic/gdpr"' in page
    data = data_of(client, "/ontology.json")
    assert "bg:Statement" in {c["curie"] for c in data["classes"]}
    assert {"Roles", "SpeechActs", "Outcomes"} <= {s["anchor"] for s in data["schemes"]}
    assert any(n["name"] == "data protection" for n in data["topics"])


def test_ontology_as_turtle(client):
    for response in (get(client, "/ontology.ttl"), client.get("/ontology", headers={"Accept": "text/turtle"})):
        assert response.status_code == 200 and response.mimetype == "text/turtle"
        graph = rdflib.Graph().parse(data=response.get_data(as_text=True), format="turtle")
        assert (rdflib.URIRef(BASE + "topic/gdpr"), rdflib.RDF.type, rdflib.namespace.SKOS.Concept) in graph
    assert client.get("/ontology", headers={"Accept": "text/html"}).mimetype == "text/html"


# --- pictures and networks ------------------------------------------------------------------------

SVG = "{http://www.w3.org/2000/svg}"


def analysed(client, function, *args):
    """What a graph/analysis.py function says about the store the client's app serves."""
    with client.application.app_context():
        return function(get_store(), *args)


def pictures_in(page: str) -> list[ET.Element]:
    """Every SVG picture in a page, parsed (so each must be well-formed XML)."""
    return [ET.fromstring(m) for m in re.findall(r"<svg .*?</svg>", page, re.S)]


def assert_accessible(picture: ET.Element) -> None:
    title, desc = picture.find(SVG + "title"), picture.find(SVG + "desc")
    assert picture.get("role") == "img" and title is not None and desc is not None
    assert picture.get("aria-labelledby") == f"{title.get('id')} {desc.get('id')}"
    assert title.text and len(desc.text) > 30


def test_network_overview(client):
    page = get(client, "/network").get_data(as_text=True)
    assert 'href="/network"' in page[:page.index("<main>")]  # in the navigation
    drawn = pictures_in(page)
    assert [p.get("aria-labelledby").split()[0] for p in drawn] == [
        "people-picture-title", "organisations-picture-title", "topics-picture-title"]
    for picture in drawn:
        assert_accessible(picture)
    assert page.count("<table") == 4  # connected and central, for people and organisations
    data = data_of(client, "/network.json")
    graph = analysed(client, analysis.people_network)
    ranked = {r.iri: r for r in analysis.rank(graph, top=graph.number_of_nodes())}
    assert data["people"]["count"] == graph.number_of_nodes() == 10
    for row in data["people"]["connected"] + data["people"]["central"]:
        r = ranked[row["node"]["iri"]]
        assert (row["degree"], row["weightedDegree"], row["betweenness"]) == (r.degree, r.weighted_degree, r.betweenness)
    assert [r["node"]["iri"] for r in data["people"]["central"]] == [r.iri for r in analysis.rank(graph, top=10)]
    picture = data["people"]["picture"]
    assert {e["weight"] for e in picture["edges"]} == {1} and len(picture["edges"]) == graph.number_of_edges()
    assert {n["url"] for n in picture["nodes"]} >= {"/person/nick-halliday", "/person/tom-davies"}
    topics = analysed(client, analysis.topic_network)
    communities = analysis.topic_communities(topics)
    assert [[t["iri"] for t in c] and {t["iri"] for t in c} for c in data["topics"]["communities"]] == \
        [set(c) for c in communities[:8]]
    assert {n["group"] for n in data["topics"]["picture"]["nodes"]} <= set(range(len(communities)))
    assert data["bridges"] == []
    assert "Nobody has attended meetings of more than one board yet" in page


def test_network_overview_follows_the_store(wstb_processed, tmp_path):
    """Bridges appear once the same people meet as a second board; the cached overview is recomputed."""
    other_board = process_file(minutes_like_wstb(
        tmp_path, "14 th September 2017", "14.09.17", "dsb-2017-09-14.txt",
        lambda text: text.replace("Welfare Sector Transparency Board", "Data Sharing Board").replace("WSTB", "DSB")))
    with open_store() as store:
        load_vocabulary(store, BASE)
        load(store, wstb_processed)
        client = create_app({"STORE": store, "BASE": BASE, "TESTING": True}).test_client()
        assert data_of(client, "/network.json")["bridges"] == []
        load(store, other_board)
        data = data_of(client, "/network.json")
        expected = analysed(client, analysis.board_bridges)
        assert len(expected) == 10
        assert [(b["person"]["iri"], tuple(b["boards"]), b["betweenness"]) for b in data["bridges"]] == \
            [(b.iri, b.boards, b.betweenness) for b in expected]
        assert data["people"]["connected"][0]["weightedDegree"] == 18  # 9 people, met twice each
        page = text_of(client, "/network")
        assert "DSB, WSTB" in page
        assert data["bounded"] and "betweenness is measured among the 50 people (organisations) with most" in " ".join(page.split())


def test_network_overview_of_an_empty_site(tmp_path):
    client = create_app({"STORE_PATH": str(tmp_path / "nothing"), "BASE": BASE, "TESTING": True}).test_client()
    assert "No people in the minutes loaded so far" in text_of(client, "/network")
    data = data_of(client, "/network.json")
    assert (data["people"], data["topics"], data["bridges"]) == (None, None, [])


def test_person_page_draws_who_they_sit_with(client):
    page = get(client, "/person/nick-halliday").get_data(as_text=True)
    section = page[page.index('id="sits-with"'):page.index('id="meetings"')]
    (picture,) = pictures_in(section)
    assert_accessible(picture)
    assert picture.find(SVG + "desc").text.startswith("Nick Halliday shares meetings with 9 people; most often with")
    assert [a.get("href") for a in picture.iter(SVG + "a") if "centre" in a.get("class")] == ["/person/nick-halliday"]
    assert "<table" in section and 'href="/person/tom-davies"' in section[section.index("<table"):]
    data = data_of(client, "/person/nick-halliday.json")
    iri = BASE + "person/nick-halliday"
    graph = analysis.strongest(analysed(client, analysis.people_network, rdflib.URIRef(iri)), iri, 12)
    assert {(r["other"]["iri"], r["meetings"]) for r in data["sits_with"]} == \
        {(other, graph.edges[iri, other]["weight"]) for other in graph[iri]}
    assert {n["iri"] for n in data["network"]["nodes"]} == set(graph.nodes)
    assert data["network"]["centre"] == iri


def test_organisation_page_draws_who_is_represented_alongside(client):
    page = get(client, "/org/cabinet-office").get_data(as_text=True)
    section = page[page.index('id="alongside"'):page.index('id="meetings"')]
    (picture,) = pictures_in(section)
    assert_accessible(picture)
    assert "Cabinet Office was represented at meetings alongside 6 organisations" in picture.find(SVG + "desc").text
    data = data_of(client, "/org/cabinet-office.json")
    iri = BASE + "org/cabinet-office"
    graph = analysed(client, analysis.organisation_network, rdflib.URIRef(iri))
    assert {(r["other"]["iri"], r["meetings"]) for r in data["alongside"]} == \
        {(other, graph.edges[iri, other]["weight"]) for other in graph[iri]}
    assert "Information Commissioner's Office" in {r["other"]["name"] for r in data["alongside"]}


def test_topic_page_draws_its_rise_and_fall_and_neighbours(client):
    page = get(client, "/topic/gdpr").get_data(as_text=True)
    trend_picture, network_picture = pictures_in(page)
    for picture in (trend_picture, network_picture):
        assert_accessible(picture)
    assert [a.get("href") for a in trend_picture.iter(SVG + "a")] == []  # a bar is a month, not a page
    assert "discussed at 1 of the 1 meeting loaded (by WSTB), in June 2017: 2 statements" in trend_picture.find(SVG + "desc").text
    assert re.search(r'id="first-raised"><a href="/meeting/wstb/2017-06-29#statement-\d+">2017-06-29</a> by '
                     r'<a href="/person/judith-jones">Judith Jones</a>', page)
    data = data_of(client, "/topic/gdpr.json")
    topic = rdflib.URIRef(BASE + "topic/gdpr")
    trend = analysed(client, analysis.topic_trend, topic)
    assert data["trend"]["boards"] == list(trend.boards) == ["WSTB"]
    assert [(m["month"], m["meetings"], m["discussed"], m["statements"], m["decisions"], m["actions"])
            for m in data["trend"]["months"]] == \
        [(m.month, m.meetings, m.discussed, m.statements, m.decisions, m.actions) for m in trend.months]
    first = analysed(client, analysis.first_raised, topic)
    assert (data["firstRaised"]["fact"]["iri"], data["firstRaised"]["who"]["iri"],
            data["firstRaised"]["organisation"]["name"]) == (first.fact, first.who, first.organisation_label)
    graph = analysis.strongest(analysed(client, analysis.topic_network, topic), str(topic), 12)
    assert {(r["other"]["iri"], r["statements"], r["meetings"]) for r in data["cooccurring"]} == \
        {(o, graph.edges[str(topic), o]["statements"], graph.edges[str(topic), o]["meetings"]) for o in graph[str(topic)]}
    assert data["cooccurring"][0]["weight"] >= data["cooccurring"][-1]["weight"]


@pytest.fixture(scope="module")
def hostile_names(wstb_processed, tmp_path_factory):
    """The WSTB minutes with a script tag in a person's name and in a topic's label."""
    path = minutes_like_wstb(tmp_path_factory.mktemp("names"), "12 th October 2017", "12.10.17", "wstb-2017-10-12.txt")
    processed = process_file(path)
    graph = processed.built.graph
    graph.set((rdflib.URIRef(BASE + "person/tom-davies"), rdflib.namespace.FOAF.name,
               rdflib.Literal("Tom <script>alert(1)</script> Davies")))
    graph.add((rdflib.URIRef(BASE + "topic/stat-xplore"), rdflib.namespace.SKOS.prefLabel,
               rdflib.Literal("<script>alert(2)</script>")))
    with open_store() as store:
        load_vocabulary(store, BASE)
        load(store, processed)
        yield create_app({"STORE": store, "BASE": BASE, "TESTING": True}).test_client()


def test_pictures_escape_names(hostile_names):
    for url in ("/network", "/person/nick-halliday", "/person/tom-davies", "/topic/gdpr", "/topic/stat-xplore"):
        body = get(hostile_names, url).get_data(as_text=True)
        assert "<script" not in body, url
        drawn = "".join(re.findall(r"<svg .*?</svg>", body, re.S))
        assert "&lt;script&gt;alert(" in drawn, url
    assert "<script>" in get(hostile_names, "/network.json").get_data(as_text=True).replace("\\u003c", "<")


# --- safety and errors -----------------------------------------------------------------------------


@pytest.fixture(scope="module")
def hostile_minutes(tmp_path_factory):
    """Minutes in the WSTB layout with a script tag in a statement."""
    path = minutes_like_wstb(
        tmp_path_factory.mktemp("hostile"), "12 th October 2017", "12.10.17", "wstb-2017-10-12.txt",
        lambda text: text.replace("KD commented on the importance of using data",
                                  "KD commented <script>alert(1)</script> on the importance of using data"))
    with open_store() as store:
        load_vocabulary(store, BASE)
        load(store, process_file(path))
        yield create_app({"STORE": store, "BASE": BASE, "TESTING": True}).test_client()


def test_data_is_escaped(hostile_minutes):
    data = data_of(hostile_minutes, "/meeting/wstb/2017-10-12.json")
    statement = next(s for i in data["items"] for s in i["statements"] if "<script>" in s["text"])
    escaped = "&lt;script&gt;alert(1)&lt;/script&gt;"
    urls = ["/meeting/wstb/2017-10-12", "/person/keith-dugmore", statement["quote"]["url"],
            *(t["url"] for t in statement["topics"]), "/board/wstb", "/index.json"]
    assert len(urls) > 4
    for url in urls:
        body = get(hostile_minutes, url).get_data(as_text=True)
        assert "<script>" not in body, url
    for url in urls[:-2]:
        assert escaped in get(hostile_minutes, url).get_data(as_text=True), url
    found = get(hostile_minutes, "/search?q=alert").get_data(as_text=True)
    assert "<script>" not in found and "&lt;script&gt;<mark>alert</mark>(1)&lt;/script&gt;" in found


def test_feeds_escape_data(hostile_minutes):
    body = hostile_minutes.get("/person/keith-dugmore/feed.atom").get_data(as_text=True)
    assert "<script>" not in body and "&lt;script&gt;alert(1)&lt;/script&gt;" in body


@pytest.mark.parametrize("url", ["/", "/index.json", MEETING, "/topic/gdpr.json", "/actions", "/search?q=x",
                                 "/quality", "/ontology", "/topic/gdpr/feed.atom", "/nothing-here"])
def test_content_security_policy(client, url):
    policy = client.get(url).headers["Content-Security-Policy"]
    assert "default-src 'self'" in policy and "'unsafe-inline'" not in policy


def test_pages_have_no_inline_script_or_style(client):
    for url in ("/", MEETING, "/person/nick-halliday", "/topic/gdpr", "/actions", "/search?q=data", "/ontology",
                "/network", "/org/cabinet-office"):
        page = get(client, url).get_data(as_text=True)
        assert "<script" not in page and "<style" not in page and " style=" not in page and " on" + "click" not in page


@pytest.mark.parametrize("url", ["/meeting/wstb/1999-01-01", "/person/nobody", "/org/nothing", "/topic/nothing",
                                 "/board/nothing", "/action/wstb/999", "/nothing-here", "/meeting/wstb/%22%7D"])
def test_friendly_not_found(client, url):
    response = get(client, url, 404)
    assert "There is no page here" in response.get_data(as_text=True)
    assert 'action="/search"' in response.get_data(as_text=True)


@pytest.mark.parametrize("url, headers", [("/person/nobody.json", {}),
                                          ("/person/nobody", {"Accept": "application/json"}),
                                          ("/id/person/nobody", {"Accept": "application/json"}),
                                          ("/doc/person/nobody", {"Accept": "application/json"}),
                                          ("/dumps/nothing.trig", {"Accept": "application/json"})])
def test_errors_as_json_have_one_shape(client, url, headers):
    response = client.get(url, headers=headers)
    assert response.status_code == 404 and response.mimetype == "application/json"
    error = response.get_json()["error"]
    assert set(error) == {"status", "title", "message", "url"}
    assert (error["status"], error["title"], error["url"]) == (404, "Not Found", url)


def test_error_page_for_browsers(client):
    response = client.get("/person/nobody", headers={"Accept": "text/html,application/json;q=0.9"})
    assert response.status_code == 404 and response.mimetype == "text/html"
    assert "404 · Not Found" in response.get_data(as_text=True)


def test_wrong_method_is_405_with_allow(client):
    response = client.delete("/person/nick-halliday.json")
    assert response.status_code == 405 and "GET" in response.headers["Allow"]
    assert response.get_json()["error"]["status"] == 405


@pytest.mark.parametrize("url", ["/index.json", "/board/wstb.json", MEETING + ".json", "/person/tom-davies.json",
                                 "/org/dwp-digital.json", "/topic/stat-xplore.json", "/actions.json",
                                 "/action/wstb/44.json", "/search.json?q=data", "/quality.json", "/ontology.json",
                                 "/network.json"])
def test_every_json_twin_has_one_shape(client, url):
    data = data_of(client, url)
    assert {"kind", "title", "iri", "url", "json", "rdf"} <= set(data)
    assert data["json"].split("?")[0] == url.split("?")[0]
    html_page = get(client, data["url"])
    assert html_page.mimetype == "text/html"


@pytest.mark.parametrize("url", ["/index.json", "/actions.json", "/actions.json?status=open", "/actions.json?status=completed",
                                 "/actions.json?owner=nick-halliday", "/actions.json?board=wstb&page=2",
                                 "/topic/gdpr.json", "/person/nick-halliday.json", "/org/dwp-digital.json",
                                 "/board/wstb.json"])
def test_pages_from_aggregates_state_the_counted_facts(two_meetings, url):
    """The load-time aggregates give the pages the same facts as counting over the documents."""
    from graph.aggregates import AGGREGATES_GRAPH, has_aggregates
    from graph.recount import rebuild
    with two_meetings.application.app_context():
        store = get_store()
    assert has_aggregates(store)
    fast = data_of(two_meetings, url)
    store.remove_graph(AGGREGATES_GRAPH)
    try:
        assert data_of(two_meetings, url) == fast
    finally:
        rebuild(store)


def test_newest_rows_read_in_batches_give_the_whole_query(tmp_path):
    """A topic's timeline and an organisation's meetings read newest documents first in batches
    (web/data.py newest_rows) give the same rows as their queries over the whole store, on every page."""
    from bench.synth import write_corpus
    from web.data import Page, newest_rows, paged_newest, rows
    write_corpus(tmp_path, 24, seed=5, boards=2)
    with open_store() as store:
        load_vocabulary(store, BASE)
        write_documents(store, [(str(d.built.graph_iri), d.built.graph) for d in
                                (process_file(p, BASE) for p in sorted(tmp_path.iterdir()) if p.suffix in (".txt", ".md"))])
        app = create_app({"STORE": store, "BASE": BASE, "TESTING": True})
        with app.test_request_context("/"):
            topics = [r["topic"] for r in rows("topic-counts")]
            organisations = sorted({str(o) for o in store.graph(store.graph_iris()[-1]).objects(None, BG.onBehalfOf)})
            cases = [("topic-timeline", {"topic": rdflib.URIRef(t)}, "topic-documents") for t in topics[:3]]
            cases += [("organisation-meetings", {"organisation": rdflib.URIRef(o)}, "organisation-documents")
                      for o in organisations[:2]]
            people = sorted({str(p) for p in store.graph(store.graph_iris()[-1]).objects(None, BG.participant)})[:2]
            cases += [("person-participations", {"person": rdflib.URIRef(p)}, "person-documents") for p in people]
            # the feeds' and a person's statements (read in batches of the documents not read yet)
            cases += [(name, {"person": rdflib.URIRef(p)}, "person-documents") for p in people
                      for name in ("person-feed", "person-statements")]
            cases += [("organisation-feed", {"organisation": rdflib.URIRef(o)}, "organisation-documents")
                      for o in organisations[:1]]
            cases += [("board-feed", {"board": rdflib.URIRef(r["board"])}, "board-documents") for r in rows("boards")]
            for name, bindings, documents in cases:
                whole = rows(name, bindings)
                assert len(whole) > 8
                for count in (1, 9, len(whole) // 2, len(whole), len(whole) + 5):
                    assert newest_rows(name, bindings, documents, count) == whole[:count]
                    assert newest_rows(name, bindings, documents, count, first=count) == whole[:count]
                    assert newest_rows(name, bindings, documents, count, first=1) == whole[:count]
                size = max(len(whole) // 3, 1)
                for at_once in (False, True):
                    paged = [r for n in range(1, 5)
                             for r in paged_newest(name, bindings, documents, Page(n, size), row_a_document=at_once)[0]]
                    assert paged == whole


# --- a read-only snapshot keeps what it computed: the same facts as computing them again -----------


@pytest.fixture(scope="module")
def synthetic_dir(tmp_path_factory) -> Path:
    """An on-disk store (with its side index) of 30 synthetic meetings of three boards, written as load.py writes."""
    from bench.synth import write_corpus
    folder = tmp_path_factory.mktemp("synthetic-minutes")
    write_corpus(folder, 30, seed=7, boards=3)
    path = tmp_path_factory.mktemp("synthetic-site") / "store"
    with open_store(path) as store:
        load_vocabulary(store, BASE)
        documents = (process_file(p, BASE) for p in sorted(folder.iterdir()) if p.suffix in (".txt", ".md"))
        write_documents(store, [(str(d.built.graph_iri), d.built.graph) for d in documents])
    return path


def _most(store, query: str, count: int = 3) -> list[str]:
    """The COUNT things QUERY (selecting ?thing) names most often, as page URLs."""
    found = store.select(f"SELECT ?thing (COUNT(*) AS ?n) WHERE {{ {query} }} GROUP BY ?thing ORDER BY DESC(?n) ?thing "
                         f"LIMIT {count}").rows
    return [page_url(str(r["thing"]), BASE) for r in found]


@pytest.fixture(scope="module")
def snapshot_and_live(synthetic_dir):
    """A client of the site over a read-only snapshot of the synthetic store (what it computes is kept)
    and one over the same store opened for writing (everything computed again on each request), and
    the pages to compare."""
    snapshot = create_app({"STORE_PATH": str(synthetic_dir), "BASE": BASE, "TESTING": True}).test_client()
    with open_store(synthetic_dir) as store:
        urls = (_most(store, "GRAPH ?g { ?f dcterms:subject ?thing }") + _most(store, "GRAPH ?g { ?f bg:speaker ?thing }")
                + _most(store, "GRAPH ?g { ?p bg:onBehalfOf ?thing }"))
        yield snapshot, create_app({"STORE": store, "BASE": BASE, "TESTING": True}).test_client(), urls


@pytest.mark.parametrize("suffix", [".json", "/feed.atom", ""])
def test_a_snapshot_shows_the_facts_computed_again(snapshot_and_live, suffix):
    """The topic, person and organisation pages and their feeds on a read-only snapshot (kept pictures,
    labels ...) show what the same pages show computing everything again: twice, the second time from
    what was kept."""
    snapshot, live, urls = snapshot_and_live
    assert len(urls) == 9
    for url in urls:
        again = get(live, url + suffix).get_data(as_text=True)
        assert get(snapshot, url + suffix).get_data(as_text=True) == again, url
        assert get(snapshot, url + suffix).get_data(as_text=True) == again, url


def test_the_tracker_on_a_snapshot_shows_the_facts_computed_again(snapshot_and_live):
    """The action tracker's filter choices (kept per snapshot) and rows, with and without an owner chosen."""
    snapshot, live, _ = snapshot_and_live
    owners = [o["slug"] for o in data_of(live, "/actions.json")["owners"]]
    assert len(owners) > 3
    for url in ("/actions", "/actions.json", f"/actions?owner={owners[1]}", f"/actions.json?owner={owners[1]}&page=2"):
        again = get(live, url).get_data(as_text=True)
        assert get(snapshot, url).get_data(as_text=True) == again, url
        assert get(snapshot, url).get_data(as_text=True) == again, url
    assert f'<option value="{owners[1]}" selected>' in text_of(snapshot, f"/actions?owner={owners[1]}")
    assert get(snapshot, "/actions").get_data(as_text=True) == get(live, "/actions").get_data(as_text=True)


def _entries_as_before(keys: list[dict], count: int) -> list[dict]:
    """A feed's entries as web/feeds.py chose them before first_entries: every key described, the first
    entry of each fact kept, up to COUNT."""
    from web.shapes import fact_entries
    entries, seen = [], set()
    for entry in fact_entries(keys):
        if entry["iri"] not in seen and len(entries) < count:
            seen.add(entry["iri"])
            entries.append(entry)
    return entries


def test_feed_entries_describe_each_fact_once_with_the_same_entries(snapshot_and_live):
    from web.data import newest_rows
    from web.shapes import first_entries
    _, live, urls = snapshot_and_live
    cases = [("topic-timeline", "topic", "topic-documents"), ("person-feed", "person", "person-documents"),
             ("organisation-feed", "organisation", "organisation-documents")]
    repeated = 0
    with live.application.test_request_context("/"):
        for (query, variable, documents), url in zip(cases, urls[::3]):
            keys = newest_rows(query, {variable: rdflib.URIRef(BASE + url.lstrip("/"))}, documents, 40)
            assert len(keys) > 20
            repeated += len(keys) - len({k["fact"] for k in keys})
            for count in (1, 7, 20, 50):
                assert first_entries(keys, count) == _entries_as_before(keys, count)
            missing = [{"fact": keys[0]["fact"], "graph": BASE + "graph/nowhere"}, *keys]  # described by no row
            assert first_entries(missing, 20) == _entries_as_before(missing, 20)
    assert repeated > 0  # action points listed once per meeting recording them


def test_feed_entries_are_the_first_of_the_whole_feed_query(snapshot_and_live):
    """Each feed's entries, read from the thing's newest documents in batches (the first of
    FIRST_DOCUMENTS documents), are those of the feed's query over the whole store."""
    from web.data import rows
    from web.feeds import _FEEDS, ENTRIES, feed_entries
    from web.shapes import first_entries
    _, live, urls = snapshot_and_live
    with live.application.test_request_context("/"):
        things = [(url.split("/")[1], rdflib.URIRef(BASE + url.lstrip("/"))) for url in urls]
        things += [("board", rdflib.URIRef(r["board"])) for r in rows("boards")]
        assert {kind for kind, _ in things} == set(_FEEDS)
        longest = 0
        for kind, thing in things:
            _, variable, query = _FEEDS[kind]
            whole = rows(query, {variable: thing})
            assert len(whole) > 20
            longest = max(longest, len(whole))
            assert feed_entries(kind, thing) == first_entries(whole[:ENTRIES * 2], ENTRIES), (kind, thing)
        assert longest > ENTRIES * 2


def test_tracker_rows_are_the_tracker_query_rows(snapshot_and_live):
    """The tracker's rows built from the records each row reads (the newest, the raising one, an older
    owner's when the newest names none) are action-tracker.rq's rows, on a store where owners change,
    go unnamed and are dropped."""
    from web.data import rows
    from web.shapes import _newest, _owner_unseen, _properties, _pairs, _ACTION_PROPERTIES, tracker_rows
    _, live, _ = snapshot_and_live
    with live.application.test_request_context("/actions"):
        expected = rows("action-tracker")
        actions = sorted({r["action"] for r in expected})
        records = rows("action-records", table=[{"action": rdflib.URIRef(a)} for a in actions])
        newest = _newest(records)
        unseen = _owner_unseen(records, newest, _properties(_pairs(newest), _ACTION_PROPERTIES))
        assert {r["action"] for r in unseen} and len(unseen) > len({r["action"] for r in unseen})
        built = tracker_rows(actions)
    as_set = lambda found: sorted(tuple(sorted((k, str(v)) for k, v in r.items())) for r in found)  # noqa: E731
    assert len(built) == len(expected) > 50
    assert as_set(built) == as_set(expected)


def test_properties_kept_by_the_store_are_those_of_the_whole_subjects(snapshot_and_live):
    """_properties keeps the predicates asked for with a FILTER in the query: the same values as
    reading each (graph, thing) whole and keeping them in Python; ``rows(where=...)`` needs a query
    ending with its WHERE group."""
    from rdflib.namespace import FOAF, SKOS
    from web.data import rows
    from web.shapes import _ACTION_PROPERTIES, _LABEL_PROPERTIES, _pairs, _properties
    _, live, _ = snapshot_and_live
    with live.application.test_request_context("/actions"):
        records = rows("action-records", table=[{"action": rdflib.URIRef(r["action"])} for r in rows("action-tracker")])
        pairs = _pairs(records)
        named = sorted({(r["graph"], str(o)) for r in records for o in (r["meeting"],)})
        people = sorted({(g, v) for (g, _), said in _properties(pairs, _ACTION_PROPERTIES).items()
                         for v in said.get(str(BG.owner), ())})
        for chosen, predicates in ((pairs, _ACTION_PROPERTIES), (people, _LABEL_PROPERTIES),
                                   (named, (BG.board, rdflib.RDF.type)), (pairs, (FOAF.name, SKOS.altLabel))):
            whole: dict = {}
            for r in rows("graph-properties", table=[{"graph": rdflib.URIRef(g), "thing": rdflib.URIRef(t)}
                                                     for g, t in chosen]):
                if r["p"] in {str(p) for p in predicates}:
                    whole.setdefault((r["graph"], r["thing"]), {}).setdefault(r["p"], set()).add(r["value"])
            assert _properties(chosen, predicates) == whole
        assert len(pairs) > 50 and len(people) > 10
        with pytest.raises(ValueError):
            rows("meetings", where="FILTER (true)")


@pytest.fixture(scope="module")
def edge_case_facts(synthetic_wstb_documents):
    """An in-memory store of the 24 synthetic meetings and the WSTB example, one meeting's graph given
    edge cases: a statement with two speakers, one of them with a second name and a second listing
    for another organisation, and an action point owned by a person and an organisation."""
    from rdflib.namespace import FOAF, SKOS
    documents = list(synthetic_wstb_documents)
    graph_iri, original = documents[0]
    graph = rdflib.Graph()
    for triple in original:
        graph.add(triple)
    statement = sorted(graph.subjects(rdflib.RDF.type, BG.Statement))[0]
    speaker = graph.value(statement, BG.speaker)
    other = sorted(set(graph.objects(None, BG.participant)) - {speaker})[0]
    graph.add((statement, BG.speaker, other))
    graph.add((other, FOAF.name, rdflib.Literal("Second Name")))
    listing = rdflib.URIRef(str(statement) + "-listing")
    organisation = sorted(set(graph.objects(None, BG.onBehalfOf)))[-1]
    graph.add((listing, rdflib.RDF.type, BG.Participation))
    graph.add((listing, BG.participant, other))
    graph.add((listing, BG.onBehalfOf, organisation))
    graph.add((organisation, SKOS.prefLabel, rdflib.Literal("Organisation Listed Twice")))
    action = sorted(graph.subjects(rdflib.RDF.type, BG.ActionPoint))[0]
    graph.add((action, BG.owner, organisation))
    documents[0] = (graph_iri, graph)
    with open_store() as store:
        load_vocabulary(store, BASE)
        write_documents(store, documents)
        yield store


def test_fact_rows_are_the_fact_details_rows(edge_case_facts):
    """The facts a list describes (web/shapes.py fact_rows: the facts, their meetings, their speakers
    and owners, three queries) have the rows graph/queries/fact-details.rq gives them, pages of 50 facts
    (every statement, decision and action point of 24 synthetic meetings and the WSTB example, an action
    point once per document recording it, a fact of a document that does not exist); each entry of
    fact_entries is one of them, and the same entry as before for a fact with one row."""
    from web.data import iri, rows
    from web.shapes import _entry, fact_entries, fact_rows
    from graph.namespaces import ONTOLOGY_GRAPH
    app = create_app({"STORE": edge_case_facts, "BASE": BASE, "TESTING": True})
    facts = edge_case_facts.select_plain(
        "SELECT ?fact ?graph WHERE { GRAPH ?graph { ?fact a ?type } FILTER (?type IN (bg:Statement, bg:Decision, "
        "bg:ActionPoint)) } ORDER BY ?graph ?fact")
    assert len(facts) > 500
    as_set = lambda found: {tuple(sorted((k, str(v)) for k, v in r.items())) for r in found}  # noqa: E731
    several = 0
    with app.test_request_context("/"):
        ontology = iri(ONTOLOGY_GRAPH)
        for start in range(0, len(facts), 50):
            keys = facts[start:start + 50] + [{"fact": facts[start]["fact"], "graph": BASE + "graph/nowhere"}]
            table = [{"fact": rdflib.URIRef(k["fact"]), "graph": rdflib.URIRef(k["graph"]), "vocabulary": ontology}
                     for k in keys]
            expected: dict = {}
            for r in rows("fact-details", table=table, graphs=dict.fromkeys(k["graph"] for k in keys)):
                expected.setdefault((r["fact"], r["graph"]), []).append(r)
            built = fact_rows(keys)
            assert built.keys() == expected.keys()
            assert all(as_set(built[k]) == as_set(expected[k]) for k in expected)
            entries = fact_entries(keys)
            assert len(entries) == len(expected) == len(keys) - 1
            for k, entry in zip(keys, entries):
                assert entry in [_entry(r) for r in expected[k["fact"], k["graph"]]]
                several += len(as_set(expected[k["fact"], k["graph"]])) > 1
    assert several  # facts with two owners or speakers with two names: one row per combination
