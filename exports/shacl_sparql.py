"""SHACL validation that scales: the shapes compiled to SPARQL and run by pyoxigraph.

pyshacl evaluates shapes node by node in Python over rdflib; on a 10k-paper export (2.16M
triples) it had not finished after 20 minutes and 4.4 GB. Here each constraint of the shapes
graph becomes one SPARQL query over the whole data graph, run in Rust by pyoxigraph (the
``fast`` extra), so time and memory grow with the number of triples.

The queries are generated from the shapes (``exports/shapes.ttl``, ``exports/shapes-sparql.ttl``
or the user's), never written by hand, so they cannot drift from them; a shapes graph using a
SHACL feature this compiler does not know raises :class:`UnsupportedShapes` and ``kg validate``
falls back to pyshacl. ``tests/exports/test_shacl_sparql.py`` checks that both engines report the
same focus nodes and constraint components on every broken test graph.

Supported: targets (``targetClass``, ``targetNode``, ``targetSubjectsOf``, ``targetObjectsOf``,
implicit class targets are not), paths (IRIs, ``inversePath``, sequences), and the components
``class datatype nodeKind minCount maxCount minLength maxLength pattern minInclusive maxInclusive
minExclusive maxExclusive hasValue in disjoint equals lessThan lessThanOrEquals not or and node``,
plus SHACL-SPARQL ``sh:sparql`` SELECT constraints. As with ``inference="none"`` in pyshacl,
``rdfs:subClassOf`` triples in the data still count for ``sh:class`` and class targets.
"""

from __future__ import annotations

import itertools
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any

from rdflib import BNode, Graph, Literal, URIRef
from rdflib.collection import Collection
from rdflib.namespace import RDF, SH, XSD

from exports.rdf_shacl import ValidationReport, load_shapes
from exports.rdf_store import term_to_rdflib
from exports.shacl_report import ShaclResult, report_graph
from exports.shacl_rewrite import minus_for_not_exists

__all__ = ["UnsupportedShapes", "Check", "ShaclResult", "compile_shapes", "run_checks", "report_graph",
           "validate_store"]

_XSD = str(XSD)
#: Well-formedness tests (on ``?v``'s lexical form) for datatypes a SPARQL cast can check.
_LEXICAL = {
    XSD.decimal: "isLiteral(xsd:decimal(STR({v})))", XSD.integer: "isLiteral(xsd:integer(STR({v})))",
    XSD.double: "isLiteral(xsd:double(STR({v})))", XSD.float: "isLiteral(xsd:float(STR({v})))",
    XSD.boolean: "isLiteral(xsd:boolean(STR({v})))", XSD.date: "isLiteral(xsd:date(STR({v})))",
    XSD.dateTime: "isLiteral(xsd:dateTime(STR({v})))",
}
_NODE_KINDS = {
    SH.IRI: "isIRI({v})", SH.BlankNode: "isBlank({v})", SH.Literal: "isLiteral({v})",
    SH.BlankNodeOrIRI: "(isBlank({v}) || isIRI({v}))", SH.BlankNodeOrLiteral: "(isBlank({v}) || isLiteral({v}))",
    SH.IRIOrLiteral: "(isIRI({v}) || isLiteral({v}))",
}
_COMPARE = {SH.minInclusive: ">=", SH.maxInclusive: "<=", SH.minExclusive: ">", SH.maxExclusive: "<"}
_PAIRS = {SH.lessThan: "<", SH.lessThanOrEquals: "<="}
#: Shape keys that carry no constraint of their own.
_INERT = {RDF.type, SH.targetClass, SH.targetNode, SH.targetSubjectsOf, SH.targetObjectsOf, SH.path, SH.message,
          SH.severity, SH.name, SH.description, SH.order, SH.group, SH.defaultValue, SH.deactivated,
          URIRef("http://www.w3.org/2000/01/rdf-schema#comment"), URIRef("http://www.w3.org/2000/01/rdf-schema#label")}


class UnsupportedShapes(ValueError):
    """The shapes use a SHACL feature the SPARQL compiler does not handle (use pyshacl)."""


@dataclass(frozen=True)
class Check:
    """One constraint as a SPARQL query selecting ``?focus`` and, where SHACL reports one, ``?value``."""

    shape: Any
    component: URIRef
    path: Any  # the rdflib path node of a property shape, else None
    message: str | None
    severity: URIRef
    query: str


def _n3(term: Any) -> str:
    if isinstance(term, BNode):
        raise UnsupportedShapes("a blank node used as a value in a shape")
    return term.n3()


class _Compiler:
    def __init__(self, shapes: Graph) -> None:
        self.g = shapes
        self.fresh = (f"?_{i}_" for i in itertools.count())  # the trailing _: ?_1_ is no substring of ?_11_
        self.current: Any = None

    # ---- paths
    def path(self, node: Any) -> str:
        if isinstance(node, URIRef):
            return _n3(node)
        inverse = self.g.value(node, SH.inversePath)
        if inverse is not None:
            return f"^({self.path(inverse)})"
        if self.g.value(node, RDF.first) is not None:
            return "/".join(f"({self.path(step)})" for step in Collection(self.g, node))
        raise UnsupportedShapes(f"property path {node!r} (only IRIs, sh:inversePath and sequences are compiled)")

    # ---- targets
    def target(self, shape: Any, var: str) -> str | None:
        parts = []
        for cls in self.g.objects(shape, SH.targetClass):
            parts.append(f"{{ {var} rdf:type/rdfs:subClassOf* {_n3(cls)} }}")
        nodes = list(self.g.objects(shape, SH.targetNode))
        if nodes:
            parts.append(f"{{ VALUES {var} {{ {' '.join(_n3(n) for n in nodes)} }} }}")
        for pred in self.g.objects(shape, SH.targetSubjectsOf):
            parts.append(f"{{ SELECT DISTINCT {var} WHERE {{ {var} {_n3(pred)} [] }} }}")
        for pred in self.g.objects(shape, SH.targetObjectsOf):
            parts.append(f"{{ SELECT DISTINCT {var} WHERE {{ [] {_n3(pred)} {var} }} }}")
        return " UNION ".join(parts) if parts else None

    # ---- constraints: each yields (component, pattern binding ?value or not) for focus *f*
    def violations(self, shape: Any, f: str) -> Iterator[tuple[URIRef, Any, str, str | None, Any]]:
        """(component, path, pattern, value variable, shape) for each constraint of *shape* on focus *f*.

        A pattern matches exactly when the constraint is violated, with the value variable
        bound to the offending value node (None for components that report no value); *f*
        is bound by the caller.
        """
        path_node = self.g.value(shape, SH.path)
        keys = set(self.g.predicates(shape, None)) - _INERT
        unknown = keys - {*_HANDLERS, SH.property, SH.sparql}
        if unknown:
            raise UnsupportedShapes("constraint(s) " + ", ".join(sorted(str(k) for k in unknown)))
        if path_node is None:
            values, v = "", f
        else:
            v = next(self.fresh)
            values = f"{f} {self.path(path_node)} {v} ."
        for key in sorted(keys - {SH.property, SH.sparql}, key=str):
            for obj in self.g.objects(shape, key):
                self.current = shape
                rule = _HANDLERS[key](self, obj, f, v, values, path_node)
                yield component_of(rule), path_node, rule, v if rule.binds else None, shape
        for prop in self.g.objects(shape, SH.property):
            yield from self.violations(prop, f)

    def conforms(self, shape: Any, v: str) -> str:
        """A FILTER expression true when the node in *v* conforms to *shape* (for sh:or, sh:and, sh:node).

        Value tests become plain expressions; anything else ``NOT EXISTS``, which pyoxigraph
        evaluates slowly (the shipped shapes need none).
        """
        tests = [rule.test or f"NOT EXISTS {{ {rule.pattern} }}" for _c, _p, rule, _v, _s in self.violations(shape, v)]
        return "(" + " && ".join(tests) + ")" if tests else "true"

    def conforming(self, shape: Any, values: str, v: str) -> str:
        """A pattern keeping the value nodes *v* of *values* that conform to *shape* (for sh:not).

        Violations that are graph patterns binding *v* are taken away with ``MINUS`` (a hash
        anti-join: pyoxigraph runs ``FILTER NOT EXISTS`` row by row); value tests are filters.
        """
        filters, minus = [], []
        for _c, _p, rule, _v, _s in self.violations(shape, v):
            if rule.test:
                filters.append(rule.test)
            elif rule.positive:
                minus.append(f"MINUS {{ {rule.pattern} }}")
            else:
                filters.append(f"NOT EXISTS {{ {rule.pattern} }}")
        keep = f"FILTER(COALESCE({' && '.join(filters)}, false))" if filters else ""
        return f"{values} {keep} {' '.join(minus)}"

    def count(self, values: str, f: str, v: str, test: str) -> str:
        if not values or not test.startswith(">"):
            raise UnsupportedShapes("sh:minCount above 1, or counts on a node shape")
        n = next(self.fresh)
        return f"{{ SELECT {f} (COUNT(DISTINCT {v}) AS {n}) WHERE {{ {values} }} GROUP BY {f} }} FILTER({n} {test})"


@dataclass(frozen=True)
class _Rule:
    """A compiled constraint: *pattern* matches exactly its violations (with the value bound when
    *binds*); *test*, for value tests, is the expression true of a conforming value; *positive*
    when *pattern* binds the value node through triple patterns (so ``MINUS`` can subtract it)."""

    component: URIRef
    pattern: str
    binds: bool
    test: str | None = None
    positive: bool = False


def component_of(rule: _Rule) -> URIRef:
    return rule.component


def _value_test(component: URIRef, expr: Callable[..., str]):
    """A handler for a component that tests each value node alone: ``expr(c, obj, v)`` true when it passes."""
    def handler(c: _Compiler, obj: Any, f: str, v: str, values: str, _path: Any) -> _Rule:
        test = expr(c, obj, v)
        return _Rule(component, f"{values} FILTER(!COALESCE({test}, false))", True, test)
    return handler


#: pyoxigraph's store keeps these as xsd:integer (it normalises derived integer types), so they are
#: checked as an integer in their range: an xsd:integer where one of them is required passes here.
_INTEGER_RANGES = {XSD.nonNegativeInteger: ">= 0", XSD.positiveInteger: "> 0", XSD.nonPositiveInteger: "<= 0",
                   XSD.negativeInteger: "< 0"}


def _datatype(c: _Compiler, dt: Any, v: str) -> str:
    lexical = _LEXICAL.get(dt, "true").format(v=v)
    if dt in _INTEGER_RANGES:
        return f"(isLiteral({v}) && datatype({v}) IN ({_n3(dt)}, xsd:integer) && {v} {_INTEGER_RANGES[dt]})"
    if dt == XSD.string:
        return f"(isLiteral({v}) && datatype({v}) = xsd:string && lang({v}) = \"\")"
    return f"(isLiteral({v}) && datatype({v}) = {_n3(dt)} && {lexical})"


def _class(c: _Compiler, cls: Any, f: str, v: str, values: str, _path: Any) -> _Rule:
    typed = f"{v} rdf:type/rdfs:subClassOf* {_n3(cls)}"
    return _Rule(SH.ClassConstraintComponent, f"{values} MINUS {{ {typed} }}", True)


def _in(c: _Compiler, lst: Any, v: str) -> str:
    return f"{v} IN ({', '.join(_n3(x) for x in Collection(c.g, lst))})"


def _or(c: _Compiler, lst: Any, v: str) -> str:
    return "(" + " || ".join(c.conforms(member, v) for member in Collection(c.g, lst)) + ")"


def _and(c: _Compiler, lst: Any, v: str) -> str:
    return "(" + " && ".join(c.conforms(member, v) for member in Collection(c.g, lst)) + ")"


def _min_count(c: _Compiler, n: Any, f: str, v: str, values: str, _path: Any) -> _Rule:
    if int(n) != 1:
        raise UnsupportedShapes("sh:minCount above 1")
    return _Rule(SH.MinCountConstraintComponent, f"MINUS {{ {values} }}", False)  # no value at all


def _max_count(c: _Compiler, n: Any, f: str, v: str, values: str, _path: Any) -> _Rule:
    return _Rule(SH.MaxCountConstraintComponent, c.count(values, f, v, f"> {int(n)}"), False, positive=True)


def _has_value(c: _Compiler, value: Any, f: str, v: str, values: str, _path: Any) -> _Rule:
    if not values:
        return _Rule(SH.HasValueConstraintComponent, f"FILTER(!sameTerm({f}, {_n3(value)}))", False,
                     f"sameTerm({f}, {_n3(value)})")
    return _Rule(SH.HasValueConstraintComponent, f"MINUS {{ {values.replace(v, _n3(value))} }}", False)


def _not(c: _Compiler, inner: Any, f: str, v: str, values: str, _path: Any) -> _Rule:
    if not values:
        return _Rule(SH.NotConstraintComponent, f"FILTER(!COALESCE(!{c.conforms(inner, v)}, false))", True)
    return _Rule(SH.NotConstraintComponent, c.conforming(inner, values, v), True, positive=True)


def _pair(component: URIRef, build: Callable[[str, str, str, str], str]):
    def handler(c: _Compiler, other: Any, f: str, v: str, values: str, _path: Any) -> _Rule:
        if not values:
            raise UnsupportedShapes(f"{component} on a node shape")
        o = next(c.fresh)
        return _Rule(component, build(values, f"{f} {_n3(other)} {o} .", v, o), True, positive=True)
    return handler


def _equals(values: str, others: str, v: str, o: str) -> str:
    return (f"{{ {values} FILTER NOT EXISTS {{ {others.replace(o, v)} }} }} UNION "
            f"{{ {others} FILTER NOT EXISTS {{ {values.replace(v, o)} }} BIND({o} AS {v}) }}")


_HANDLERS: dict[URIRef, Callable[..., _Rule]] = {
    SH.datatype: _value_test(SH.DatatypeConstraintComponent, _datatype),
    SH.nodeKind: _value_test(SH.NodeKindConstraintComponent, lambda c, kind, v: _NODE_KINDS[kind].format(v=v)),
    SH["class"]: _class,
    SH["in"]: _value_test(SH.InConstraintComponent, _in),
    SH.minLength: _value_test(SH.MinLengthConstraintComponent,
                              lambda c, n, v: f"(!isBlank({v}) && STRLEN(STR({v})) >= {int(n)})"),
    SH.maxLength: _value_test(SH.MaxLengthConstraintComponent,
                              lambda c, n, v: f"(!isBlank({v}) && STRLEN(STR({v})) <= {int(n)})"),
    SH.pattern: _value_test(SH.PatternConstraintComponent, lambda c, p, v: (
        f"(!isBlank({v}) && REGEX(STR({v}), {_n3(Literal(str(p)))}, "
        f"{_n3(Literal(str(c.g.value(c.current, SH.flags) or '')))}))")),
    **{key: _value_test(component, lambda c, n, v, op=op: f"({v} {op} {_n3(n)})")
       for key, op, component in [(SH.minInclusive, ">=", SH.MinInclusiveConstraintComponent),
                                  (SH.maxInclusive, "<=", SH.MaxInclusiveConstraintComponent),
                                  (SH.minExclusive, ">", SH.MinExclusiveConstraintComponent),
                                  (SH.maxExclusive, "<", SH.MaxExclusiveConstraintComponent)]},
    SH["not"]: _not,
    SH["or"]: _value_test(SH.OrConstraintComponent, _or),
    SH["and"]: _value_test(SH.AndConstraintComponent, _and),
    SH.node: _value_test(SH.NodeConstraintComponent, lambda c, inner, v: c.conforms(inner, v)),
    SH.minCount: _min_count,
    SH.maxCount: _max_count,
    SH.hasValue: _has_value,
    SH.disjoint: _pair(SH.DisjointConstraintComponent,  # the same variable: a join, not a filter
                       lambda values, others, v, o: f"{values} {others.replace(o, v)}"),
    SH.equals: _pair(SH.EqualsConstraintComponent, _equals),
    **{key: _pair(component, lambda values, others, v, o, op=op:
                  f"{values} {others} FILTER(!COALESCE({v} {op} {o}, false))")
       for key, op, component in [(SH.lessThan, "<", SH.LessThanConstraintComponent),
                                  (SH.lessThanOrEquals, "<=", SH.LessThanOrEqualsConstraintComponent)]},
}
_INERT |= {SH.flags}  # read by the sh:pattern handler
_FOCUS = "?focus"


def _message(shapes: Graph, shape: Any, constraint: Any = None) -> str | None:
    for node in (constraint, shape):
        if node is not None and (message := shapes.value(node, SH.message)) is not None:
            return str(message)
    return None


def _prefixes(shapes: Graph, node: Any) -> str:
    lines = []
    for decl in shapes.objects(node, SH.declare):
        lines.append(f"PREFIX {shapes.value(decl, SH.prefix)}: <{shapes.value(decl, SH.namespace)}>")
    return "\n".join(lines)


def compile_shapes(shapes: Graph) -> list[Check]:
    """Every constraint of every (non-deactivated) shape with a target, as one SPARQL :class:`Check`.

    Raises :class:`UnsupportedShapes` for features the compiler does not know.
    """
    c = _Compiler(shapes)
    checks = []
    subjects = sorted({s for p in (SH.targetClass, SH.targetNode, SH.targetSubjectsOf, SH.targetObjectsOf)
                       for s in shapes.subjects(p, None)}, key=str)
    for shape in subjects:
        if str(shapes.value(shape, SH.deactivated)).lower() == "true":
            continue
        target = c.target(shape, _FOCUS)
        severity = shapes.value(shape, SH.severity) or SH.Violation
        for component, path, rule, value, source in c.violations(shape, _FOCUS):
            select = f"(({value}) AS ?value)" if value else ""
            query = f"SELECT DISTINCT {_FOCUS} {select} WHERE {{ {{ {target} }} {rule.pattern} }}"
            checks.append(Check(source, component, path, _message(shapes, shape, source if source != shape else None),
                                shapes.value(source, SH.severity) or severity, query))
        for constraint in shapes.objects(shape, SH.sparql):
            select = shapes.value(constraint, SH.select)
            if select is None:
                raise UnsupportedShapes("sh:sparql without sh:select (sh:ask is not compiled)")
            prefixes = "\n".join(_prefixes(shapes, p) for p in shapes.objects(constraint, SH.prefixes))
            inner = minus_for_not_exists(prefixes, str(select).replace("$this", _FOCUS))
            query = f"{prefixes}\nSELECT * WHERE {{ {{ {target} }} {{ {inner} }} }}"
            checks.append(Check(shape, SH.SPARQLConstraintComponent, None, _message(shapes, shape, constraint),
                                severity, query))
    return checks


def _fill(message: str | None, row: dict[str, Any]) -> str | None:
    """A SHACL-SPARQL message with ``{?var}`` / ``{$var}`` replaced by the row's values."""
    if message is None:
        return None
    for name, term in row.items():
        text = term.n3() if term is not None else ""
        message = message.replace(f"{{?{name}}}", text).replace(f"{{${name}}}", text)
    return message


def run_checks(store: Any, checks: list[Check]) -> list[ShaclResult]:
    """Run *checks* on a pyoxigraph ``Store``; every violation found, in a stable order."""
    results = []
    for check in checks:
        answer = store.query(check.query, prefixes={"rdf": str(RDF), "rdfs": "http://www.w3.org/2000/01/rdf-schema#",
                                                    "xsd": _XSD})
        names = [v.value for v in answer.variables]
        for solution in answer:
            row = {name: term_to_rdflib(solution[name]) for name in names}
            path = check.path
            if check.component == SH.SPARQLConstraintComponent and row.get("path") is not None:
                path = row["path"]
            results.append(ShaclResult(row.get("focus"), check.component, path, row.get("value"),
                                       _fill(check.message, row), check.severity, check.shape))
    results.sort(key=lambda r: (str(r.focus), str(r.component), str(r.path), str(r.value)))
    return results


def validate_store(store: Any, shapes: Graph | None = None) -> ValidationReport:
    """Validate the data in a pyoxigraph ``Store`` against *shapes* (default: the shipped ones).

    The same :class:`~exports.rdf_shacl.ValidationReport` as pyshacl's
    :func:`~exports.rdf_shacl.validate_rdf`; ``text`` has one line per result.
    """
    shapes = shapes if shapes is not None else load_shapes()
    results = run_checks(store, compile_shapes(shapes))
    graph = report_graph(results, shapes)
    violations = len(results)
    text = "\n".join(f"{r.severity.split('#')[-1]}: {r.focus.n3()} {r.component.split('#')[-1]}: {r.message or ''}"
                     for r in results)
    conforms = not any(r.severity == SH.Violation for r in results)
    return ValidationReport(conforms, violations, text or "Conforms: True", graph)
