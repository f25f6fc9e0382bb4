"""neo4j-admin import CSV: header rules, referential integrity, quoting of hostile strings."""

from __future__ import annotations

import csv
import json
import re
from pathlib import Path

import pytest

from exports.neo4j_csv import COMMAND_FILE, CONSTRAINTS_FILE, choose_array_delimiter, write_neo4j_csv
from exports.neo4j_schema import load_schema
from kg.errors import ExportError
from kg.graph import KnowledgeGraph
from exports.safe_text import encodable
from tests.exports.nasty_sample import NASTY, nasty_graph
from tests.exports.neo4j_sample import P4, sample_graph

# neo4j-admin 5 header field: name:type, where type is a scalar or array type (operations manual, "Header files")
ADMIN_FIELD = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*:(int|long|float|double|boolean|byte|short|char|string|point|"
                         r"date|localtime|time|localdatetime|datetime|duration)(\[\])?$")
HOSTILE = 'a "quoted", back\\slash\\", }{ brace,\nnew line; semi'


def _read(path: Path) -> tuple[list[str], list[list[str]]]:
    with open(path, encoding="utf-8", newline="") as fh:  # RFC 4180, as neo4j-admin reads it
        rows = list(csv.reader(fh))
    return rows[0], rows[1:]


@pytest.fixture
def exported(tmp_path: Path):
    kg = sample_graph()
    kg.set_properties("dataset:voc", description=HOSTILE)
    kg.set_properties("dataset:voc", aliases=["VOC", "Pascal VOC"])
    return kg, write_neo4j_csv(kg, tmp_path / "import")


def test_node_headers_follow_the_admin_rules(exported) -> None:
    kg, result = exported
    assert set(result.node_files) == {n.label for n in kg.nodes()}
    for label, path in result.node_files.items():
        header, rows = _read(path)
        assert header[0] == f"id:ID({label})" and header[-1] == ":LABEL"
        assert all(ADMIN_FIELD.match(h) for h in header[1:-1]), header
        assert len({h.split(":")[0] for h in header[:-1]}) == len(header) - 1  # no property twice
        assert all(len(r) == len(header) and r[-1] == label for r in rows)
        assert sorted(r[0] for r in rows) == sorted(n.id for n in kg.nodes(label))


def test_relationship_headers_and_ends(exported) -> None:
    kg, result = exported
    schema = load_schema()
    ids = {label: {r[0] for r in _read(p)[1]} for label, p in result.node_files.items()}
    for rel, path in result.relationship_files.items():
        header, rows = _read(path)
        start, end = schema.relationships[rel]
        assert header[:2] == [f":START_ID({start})", f":END_ID({end})"] and header[-1] == ":TYPE"
        assert all(ADMIN_FIELD.match(h) for h in header[2:-1]), header
        assert all(r[-1] == rel and r[0] in ids[start] and r[1] in ids[end] for r in rows)
        assert len(rows) == sum(1 for _ in kg.relations(rel))


def test_hostile_strings_round_trip(exported) -> None:
    kg, result = exported
    header, rows = _read(result.node_files["Dataset"])
    voc = dict(zip([h.split(":")[0] for h in header], next(r for r in rows if r[0] == "dataset:voc")))
    assert voc["description"] == HOSTILE
    assert result.array_delimiter == ";"  # only array elements constrain it; scalars may hold ";"
    header, rows = _read(result.node_files["Paper"])
    titles = {r[0]: r[header.index("title:string")] for r in rows}
    assert titles["arxiv:0004"] == P4


def test_arrays_split_back_into_their_elements(tmp_path: Path) -> None:
    kg = sample_graph()
    kg.set_properties("dataset:coco", aliases=["COCO", "MS;COCO", HOSTILE.replace(";", "")])
    result = write_neo4j_csv(kg, tmp_path)
    assert result.array_delimiter == "|"
    assert "--array-delimiter=U+007C" in result.command
    header, rows = _read(result.node_files["Dataset"])
    coco = next(r for r in rows if r[0] == "dataset:coco")
    assert coco[header.index("aliases:string[]")].split("|") == kg.node("dataset:coco").properties["aliases"]
    header, rows = _read(result.relationship_files["EVALUATES_ON"])
    row = next(r for r in rows if r[:2] == ["arxiv:0001", "dataset:coco"])
    assert row[header.index("ev_start:long[]")].split("|") == ["0", "40"]
    evidence = json.loads(row[header.index("evidence_json:string")])
    assert evidence == [e.to_dict() for e in kg.relation("arxiv:0001", "dataset:coco", "EVALUATES_ON").evidence]


def test_delimiter_choice() -> None:
    assert choose_array_delimiter([["a", "b"]]) == ";"
    assert choose_array_delimiter([["a;b"], ["c|d"]]) == "\x1f"
    with pytest.raises(ExportError, match="array delimiter"):
        choose_array_delimiter([["a;b|c\x1f"]])


def test_command_and_constraints_files(exported) -> None:
    _, result = exported
    command = (result.directory / COMMAND_FILE).read_text(encoding="utf-8").splitlines()[-1]
    assert command == result.command
    assert command.startswith("neo4j-admin database import full neo4j ")
    for path in [*result.node_files.values(), *result.relationship_files.values()]:
        assert f"={path.name}" in command
    assert "--multiline-fields=true" in command
    constraints = (result.directory / CONSTRAINTS_FILE).read_text(encoding="utf-8")
    assert constraints.count("IF NOT EXISTS") == len(load_schema().nodes)


def test_bad_property_name_is_refused(tmp_path: Path) -> None:
    kg = KnowledgeGraph()
    kg.add_node("dataset:x", "Dataset", name="X", **{"weird:key": "v"})
    with pytest.raises(ExportError, match="weird:key"):
        write_neo4j_csv(kg, tmp_path)


def test_prefix_for_a_container_mount(tmp_path: Path) -> None:
    result = write_neo4j_csv(sample_graph(), tmp_path, prefix="/import/")
    assert "--nodes=/import/nodes_Paper.csv" in result.command
    assert "--relationships=/import/rels_EVALUATES_ON.csv" in result.command
    assert "'" not in result.command  # plain words: `docker compose run ... $(tail -n 1 FILE)` works


def test_carriage_returns_and_lone_surrogates_never_split_a_row(tmp_path: Path) -> None:
    kg = nasty_graph()  # CR in arxiv_id, doi, an author; CR LF in the abstract; lone surrogates
    result = write_neo4j_csv(kg, tmp_path / "import")
    header, rows = _read(result.node_files["Paper"])
    assert len(rows) == 2 and all(len(r) == len(header) for r in rows)
    papers = {r[0]: dict(zip([h.split(":")[0] for h in header], r)) for r in rows}
    one = papers["arxiv:2401.00001"]
    assert one["arxiv_id"] == "2401.00001\n" and one["doi"] == "10.1/x\n1"
    assert one["authors"].split(result.array_delimiter) == ["Ann \ufffd Lee 1", "Bob\nSmith 1"]
    assert "\r" not in one["abstract"] and one["abstract"].endswith("COCO." + encodable(NASTY) + "\nDone.")
    for label, path in result.node_files.items():
        assert len(_read(path)[1]) == sum(1 for _ in kg.nodes(label))
