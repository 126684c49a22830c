"""The document graph's in-memory store (graph/memory.py): the same answers as rdflib's default store."""
from __future__ import annotations

import itertools
import subprocess
import sys

from rdflib import BNode, Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, RDF

from graph.memory import OneGraphMemory, document_graph
from graph.namespaces import BG
from graph.validate import context_graph, validate_document


def _copy_to_default_store(graph: Graph) -> Graph:
    copy = Graph(identifier=graph.identifier)
    for triple in graph:
        copy.add(triple)
    return copy


def test_a_built_document_lives_in_the_store(wstb_processed) -> None:
    assert isinstance(wstb_processed.built.graph.store, OneGraphMemory)


def test_every_pattern_matches_what_the_default_store_matches(wstb_processed) -> None:
    ours = wstb_processed.built.graph
    theirs = _copy_to_default_store(ours)
    assert len(ours) == len(theirs) > 1000
    triples = sorted(ours)[::7]  # every seventh triple, each with every choice of wildcards
    absent = URIRef("urn:example:absent")
    checked = 0
    for triple in triples:
        for mask in itertools.product((True, False), repeat=3):
            pattern = tuple(part if keep else None for part, keep in zip(triple, mask))
            assert set(ours.triples(pattern)) == set(theirs.triples(pattern)), pattern
            checked += 1
        for position in range(3):
            pattern = tuple(absent if i == position else part for i, part in enumerate(triple))
            assert list(ours.triples(pattern)) == []
    assert checked > 1000


def test_its_size_counts_each_triple_once_through_adds_and_removes() -> None:
    graph = document_graph(URIRef("urn:example:g"))
    subject, other = URIRef("urn:example:s"), BNode()
    graph.add((subject, RDF.type, BG.Meeting))
    graph.add((subject, RDF.type, BG.Meeting))  # again: no change
    graph.add((subject, DCTERMS.title, Literal("A")))
    graph.add((other, DCTERMS.title, Literal("A")))
    assert len(graph) == 3 == len(list(graph))
    graph.remove((None, DCTERMS.title, Literal("A")))
    assert len(graph) == 1 == len(list(graph))
    assert list(graph.triples((None, None, Literal("A")))) == []
    graph.remove((subject, RDF.type, BG.Meeting))
    assert len(graph) == 0 and list(graph) == []
    graph.add((subject, RDF.type, BG.Meeting))  # indexes left clean: it can come back
    assert list(graph.subjects(RDF.type, BG.Meeting)) == [subject]


def test_validation_finds_the_same_in_it_as_in_the_default_store(wstb_processed) -> None:
    broken = document_graph(wstb_processed.built.graph.identifier)
    for triple in wstb_processed.built.graph:
        broken.add(triple)
    meeting = wstb_processed.built.meeting_iri
    broken.remove((meeting, DCTERMS.date, None))  # a Violation
    ours = validate_document(broken, context_graph())
    theirs = validate_document(_copy_to_default_store(broken), context_graph())
    assert not ours.conforms and ours.violations and ours.warnings
    assert ours.findings == theirs.findings


def test_triples_come_out_in_the_same_order_whatever_the_hash_seed() -> None:
    program = ("from rdflib import Literal, URIRef\n"
               "from graph.memory import document_graph\n"
               "g = document_graph()\n"
               "for n in range(40):\n"
               "    g.add((URIRef(f'urn:example:s{n % 7}'), URIRef(f'urn:example:p{n % 3}'), Literal(f'v{n}')))\n"
               "print([str(o) for t in g for o in t])\n")
    outputs = {subprocess.run([sys.executable, "-c", program], capture_output=True, text=True, check=True,
                              env={"PYTHONHASHSEED": seed}).stdout
               for seed in ("1", "2", "3")}
    assert len(outputs) == 1 and "v39" in outputs.pop()
