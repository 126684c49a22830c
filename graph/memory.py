"""The in-memory rdflib store a document's graph is built and validated in.

rdflib's default ``Memory`` store keeps, for every triple, the set of graphs it is in and checks that
set on every match, and its ``SimpleMemory`` compares each pattern part with ``!=`` (a Python-level
``__eq__`` call per part); pySHACL matches ~14,000 patterns a document and the shapes graph
~300,000 times a validation, so those costs were a third of it. A document's graph is one graph:
:class:`OneGraphMemory` indexes it three ways in nested dictionaries, matches with ``is None`` tests,
and keeps its size (pySHACL asks ~70 times a document). It says it is context- and graph-aware only
because pySHACL wraps the data graph in an rdflib ``Dataset``, which insists on that; it holds ONE
graph, whatever context a triple is added with."""
from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from rdflib import Graph
from rdflib.plugins.stores.memory import SimpleMemory

__all__ = ["OneGraphMemory", "document_graph"]

_NO_CONTEXTS: tuple = ()


class OneGraphMemory(SimpleMemory):
    """One graph's triples indexed subject-, predicate- and object-first, counted as they change
    (``SimpleMemory`` gives the namespace bindings)."""

    context_aware = True  # for pySHACL's Dataset wrapper; every context is the one graph
    graph_aware = True

    def __init__(self, configuration: Any = None, identifier: Any = None) -> None:
        super().__init__(configuration, identifier)
        # innermost dictionaries map to None: ordered by insertion, so the triples come out in a
        # repeatable order (a set's order follows string hashes, which change from run to run)
        self._spo: dict[Any, dict[Any, dict[Any, None]]] = {}
        self._pos: dict[Any, dict[Any, dict[Any, None]]] = {}
        self._osp: dict[Any, dict[Any, dict[Any, None]]] = {}
        self._size = 0

    def add(self, triple: Any, context: Any, quoted: bool = False) -> None:
        """Add TRIPLE (once, whatever CONTEXT says)."""
        subject, predicate, object_ = triple
        objects = self._spo.setdefault(subject, {}).setdefault(predicate, {})
        if object_ in objects:
            return
        objects[object_] = None
        self._pos.setdefault(predicate, {}).setdefault(object_, {})[subject] = None
        self._osp.setdefault(object_, {}).setdefault(subject, {})[predicate] = None
        self._size += 1

    def remove(self, triple_pattern: Any, context: Any = None) -> None:
        """Remove every triple matching TRIPLE_PATTERN."""
        for (subject, predicate, object_), _ in list(self.triples(triple_pattern)):
            _discard(self._spo, subject, predicate, object_)
            _discard(self._pos, predicate, object_, subject)
            _discard(self._osp, object_, subject, predicate)
            self._size -= 1

    def triples(self, triple_pattern: Any, context: Any = None) -> Iterator[tuple[tuple, tuple]]:
        """Every triple matching TRIPLE_PATTERN (None matches anything), with no contexts."""
        subject, predicate, object_ = triple_pattern
        if subject is not None:
            by_predicate = self._spo.get(subject)
            if by_predicate is None:
                return
            for p, objects in ([(predicate, by_predicate.get(predicate, ()))] if predicate is not None
                               else list(by_predicate.items())):
                if object_ is not None:
                    if object_ in objects:
                        yield (subject, p, object_), _NO_CONTEXTS
                else:
                    for o in list(objects):
                        yield (subject, p, o), _NO_CONTEXTS
        elif predicate is not None:
            by_object = self._pos.get(predicate)
            if by_object is None:
                return
            for o, subjects in ([(object_, by_object.get(object_, ()))] if object_ is not None
                                else list(by_object.items())):
                for s in list(subjects):
                    yield (s, predicate, o), _NO_CONTEXTS
        elif object_ is not None:
            for s, predicates in list(self._osp.get(object_, {}).items()):
                for p in list(predicates):
                    yield (s, p, object_), _NO_CONTEXTS
        else:
            for s, by_predicate in list(self._spo.items()):
                for p, objects in list(by_predicate.items()):
                    for o in list(objects):
                        yield (s, p, o), _NO_CONTEXTS

    def __len__(self, context: Any = None) -> int:
        return self._size

    def add_graph(self, graph: Graph) -> None:
        """Nothing to do: the store holds one graph."""

    def contexts(self, triple: Any = None) -> Iterator[Graph]:
        """No named graphs: the triples are the one graph's."""
        return iter(())


def _discard(index: dict[Any, dict[Any, dict[Any, None]]], first: Any, second: Any, third: Any) -> None:
    """Take THIRD out of INDEX[FIRST][SECOND], dropping entries left empty."""
    inner = index[first]
    del inner[second][third]
    if not inner[second]:
        del inner[second]
        if not inner:
            del index[first]


def document_graph(identifier: Any = None) -> Graph:
    """An empty graph in a fresh :class:`OneGraphMemory`."""
    return Graph(store=OneGraphMemory(), identifier=identifier)
