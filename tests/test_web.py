"""The Flask app's home page, served from a real in-memory store."""
from __future__ import annotations

import pytest
import rdflib

from graph.queries import load_query, query_names
from graph.store import open_store
from web import create_app

BASE = "http://localhost:5000/id/"

# One minutes document in the shape docs/vocabulary.md describes (trimmed), relative to BASE.
MEETING_TTL = """
@prefix bg: <https://w3id.org/boardgraph/ontology#> .
@prefix org: <http://www.w3.org/ns/org#> .
@prefix foaf: <http://xmlns.com/foaf/0.1/> .
@prefix schema: <http://schema.org/> .
@prefix dcterms: <http://purl.org/dc/terms/> .
@prefix skos: <http://www.w3.org/2004/02/skos/core#> .
@prefix prov: <http://www.w3.org/ns/prov#> .
@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .

<board/wstb> a bg:Board , org:Organization ;
    foaf:name "Welfare Sector Transparency Board" ; skos:prefLabel "Welfare Sector Transparency Board" ;
    skos:altLabel "WSTB" .

<minutes/wstb/DATE> a bg:MinutesDocument , foaf:Document ;
    dcterms:source "wstb-DATE.txt" ; dcterms:format "text/plain" ;
    bg:sha256 "0000000000000000000000000000000000000000000000000000000000000001" .

<meeting/wstb/DATE> a bg:Meeting , schema:Event ;
    bg:board <board/wstb> ;
    dcterms:title "TITLE" ;
    dcterms:date "DATE"^^xsd:date ;
    bg:agendaItem <meeting/wstb/DATE/item/1> , <meeting/wstb/DATE/item/2> ;
    prov:wasDerivedFrom <minutes/wstb/DATE> ;
    schema:attendee <person/charlie-boundy> , <person/tom-davies> , <person/gemma-kirk> ;
    bg:chair <person/charlie-boundy> ;
    bg:apologiesFrom <person/julie-hewitt> .

<meeting/wstb/DATE/participation/charlie-boundy> a bg:Participation ;
    bg:meeting <meeting/wstb/DATE> ; bg:participant <person/charlie-boundy> ; bg:role bg:Chair ; bg:initials "CB" .
<meeting/wstb/DATE/participation/julie-hewitt> a bg:Participation ;
    bg:meeting <meeting/wstb/DATE> ; bg:participant <person/julie-hewitt> ; bg:role bg:Apologies .

<person/charlie-boundy> a foaf:Person ; foaf:name "Charlie Boundy" .
<person/tom-davies> a foaf:Person ; foaf:name "Tom Davies" .
<person/gemma-kirk> a foaf:Person ; foaf:name "Gemma Kirk" .
<person/julie-hewitt> a foaf:Person ; foaf:name "Julie Hewitt" .

<meeting/wstb/DATE/item/1> a bg:AgendaItem ; dcterms:isPartOf <meeting/wstb/DATE> ;
    skos:notation "1" ; schema:position 1 ; dcterms:title "Welcome" .
<meeting/wstb/DATE/item/2> a bg:AgendaItem ; dcterms:isPartOf <meeting/wstb/DATE> ;
    skos:notation "2" ; schema:position 2 ; dcterms:title "DWP Statistical Progress Update" .

<meeting/wstb/DATE/statement/1> a bg:Statement , schema:CreativeWork ;
    dcterms:isPartOf <meeting/wstb/DATE/item/1> ; schema:position 1 ;
    bg:speaker <person/charlie-boundy> ; bg:speakerLabel "CB" ; bg:speechAct bg:Welcome ;
    schema:text "CB welcomed everyone." .
<meeting/wstb/DATE/statement/2> a bg:Statement , schema:CreativeWork ;
    dcterms:isPartOf <meeting/wstb/DATE/item/2> ; schema:position 2 ;
    bg:speaker <person/tom-davies> ; bg:speakerLabel "TD" ; bg:speechAct bg:Explanation ;
    schema:text "TD explained that users can still access Stat Xplore without logging in." .
<meeting/wstb/DATE/statement/3> a bg:Statement , schema:CreativeWork ;
    dcterms:isPartOf <meeting/wstb/DATE/item/2> ; schema:position 3 ;
    bg:speakerLabel "KG" ; bg:speechAct bg:Question ; schema:text "KG asked about timings." .

<action/wstb/ACTION> a bg:ActionPoint , schema:Action ;
    skos:notation "ACTION" ; bg:owner <person/gemma-kirk> ; bg:ownerLabel "GK" ;
    schema:description "GK to contact RR with further information" ;
    schema:actionStatus schema:ActiveActionStatus ;
    dcterms:isPartOf <meeting/wstb/DATE/item/2> ; bg:raisedIn <meeting/wstb/DATE> .
"""


def load_meeting(store, date: str, title: str, action: str) -> None:
    ttl = MEETING_TTL.replace("DATE", date).replace("TITLE", title).replace("ACTION", action)
    g = rdflib.Graph().parse(data=ttl, format="turtle", publicID=BASE)
    store.replace_graph(f"{BASE}graph/meeting/wstb/{date}", g)


@pytest.fixture()
def store():
    with open_store() as s:
        yield s


def client_for(store):
    app = create_app({"STORE": store, "BASE": BASE, "TESTING": True})
    return app.test_client()


def test_home_lists_meetings(store):
    load_meeting(store, "2017-06-29", "Welfare Sector Transparency Board (WSTB)", "46")
    load_meeting(store, "2017-09-14", "WSTB autumn meeting", "47")
    response = client_for(store).get("/")
    assert response.status_code == 200
    html = response.get_data(as_text=True)
    assert "Welfare Sector Transparency Board (WSTB)" in html and "WSTB autumn meeting" in html
    assert "2017-06-29" in html and "2017-09-14" in html
    meetings_table = html[html.index('class="meetings"'):]
    assert meetings_table.index("2017-09-14") < meetings_table.index("2017-06-29")  # newest first
    boards_table = html[html.index('class="boards"'):html.index("</table>")]
    assert boards_table.count(">Welfare Sector Transparency Board</a></td>") == 1  # one board row, not one per graph
    assert 'href="/meeting/wstb/2017-06-29"' in html  # the meeting's page, derived from its IRI


def test_meetings_query_counts(store):
    load_meeting(store, "2017-06-29", "First", "46")
    load_meeting(store, "2017-09-14", "Second", "47")
    rows = store.select(load_query("meetings")).rows
    assert [str(r["date"]) for r in rows] == ["2017-09-14", "2017-06-29"]
    first = rows[1]
    assert str(first["meeting"]) == BASE + "meeting/wstb/2017-06-29"
    assert str(first["title"]) == "First"
    assert str(first["board"]) == BASE + "board/wstb"
    assert str(first["boardName"]) == "Welfare Sector Transparency Board"
    assert str(first["boardAcronym"]) == "WSTB"
    assert (int(first["participants"]), int(first["statements"]), int(first["actions"])) == (3, 3, 1)


def test_title_is_escaped(store):
    load_meeting(store, "2017-06-29", "<script>alert('x')</script> & co", "46")
    html = client_for(store).get("/").get_data(as_text=True)
    assert "<script>" not in html
    assert "&lt;script&gt;" in html and "&amp; co" in html


def test_empty_store_shows_friendly_page(store):
    response = client_for(store).get("/")
    assert response.status_code == 200
    assert "No meetings loaded yet" in response.get_data(as_text=True)


def test_missing_store_directory_shows_friendly_page(tmp_path):
    app = create_app({"STORE_PATH": str(tmp_path / "nothing-here"), "TESTING": True})
    response = app.test_client().get("/")
    assert response.status_code == 200
    assert "No meetings loaded yet" in response.get_data(as_text=True)


def test_app_opens_on_disk_store_read_only(tmp_path):
    path = tmp_path / "store"
    with open_store(path) as writer:
        load_meeting(writer, "2017-06-29", "On disk", "46")
    app = create_app({"STORE_PATH": str(path), "TESTING": True})
    html = app.test_client().get("/").get_data(as_text=True)
    assert "On disk" in html
    # the app's opener is read-only, so a loader can still open the directory read-write
    with open_store(path) as writer:
        assert writer.count_quads() > 0


def test_static_stylesheet(store):
    response = client_for(store).get("/static/style.css")
    assert response.status_code == 200 and b"body" in response.data
    response.close()


def test_load_query_adds_only_missing_prefixes(tmp_path, monkeypatch):
    import graph.queries as queries
    assert "meetings" in query_names()
    text = load_query("meetings")
    assert text.count("PREFIX bg:") == 1 and "SELECT ?meeting" in text
    (tmp_path / "own.rq").write_text("PREFIX bg: <http://other/>\nprefix schema:<http://x/>\nSELECT * {}\n")
    monkeypatch.setattr(queries, "QUERY_DIR", tmp_path)
    own = load_query("own")
    assert own.count("PREFIX bg:") == 1 and "<http://other/>" in own
    assert own.lower().count("prefix schema:") == 1 and "PREFIX dcterms:" in own
    with pytest.raises(KeyError):
        load_query("nope")
    with pytest.raises(ValueError):
        load_query("../secret")


#: the filter options as actions.html wrote them with a Jinja loop (before web/respond.py options)
_OPTIONS_LOOP = ('{% for o in items %}<option value="{{ o.slug }}"{% if o.slug == selected %} selected{% endif %}>'
                 '{{ o.name }}{% if count %} ({{ o[count] }}){% endif %}</option>{% endfor %}')


@pytest.mark.parametrize("count", [None, "actions"])
def test_filter_options_are_what_the_jinja_loop_wrote(count):
    from web.respond import options, with_selected
    items = [{"slug": "a-b", "name": "Ann <b>&amp;</b> \"Bo\"", "actions": 3},
             {"slug": 'x"><script>', "name": "O'Neil", "actions": 0}, {"slug": "", "name": "", "actions": 12}]
    app = create_app({"STORE": None, "TESTING": True})
    loop = app.jinja_env.from_string(_OPTIONS_LOOP)
    for selected in ("", "a-b", 'x"><script>', "none"):
        written = options(items, selected, count)
        assert written == loop.render(items=items, selected=selected, count=count)
        assert written.count("selected") == (selected in {i["slug"] for i in items})
        assert with_selected(options(items, None, count), selected) == written
