import json

import pytest

from kg.errors import GraphFormatError
from kg.graph import KnowledgeGraph
from kg.graphjson import VERSION, graph_to_dict, read_graph_json, write_graph_json
from kg.io import atomic_write


def test_round_trip_gives_an_identical_graph(tmp_path, fragments):
    kg = KnowledgeGraph()
    for f in fragments:
        kg.add_fragment(f)
    path = tmp_path / "graph.json"
    write_graph_json(kg, path)
    again = read_graph_json(path)
    assert graph_to_dict(again) == graph_to_dict(kg)
    assert list(again.relations(ordered=True)) == list(kg.relations(ordered=True))
    assert {n.id: n for n in again.nodes()} == {n.id: n for n in kg.nodes()}
    data = json.loads(path.read_text())
    assert data["format"] == "paperkg-graph" and data["version"] == VERSION
    write_graph_json(again, tmp_path / "again.json")
    assert (tmp_path / "again.json").read_bytes() == path.read_bytes()


def test_reading_a_directory_finds_graph_json(tmp_path):
    write_graph_json(KnowledgeGraph(), tmp_path / "graph.json")
    assert len(read_graph_json(tmp_path)) == 0


@pytest.mark.parametrize("content, message", [
    ('{"format": "paperkg-graph", "version": 99}', "version 99 is not supported"),
    ('{"nodes": []}', "not a paperkg graph.json"),
    ('{"format": ', "not valid JSON"),
])
def test_bad_graph_files_are_clear_errors(tmp_path, content, message):
    path = tmp_path / "graph.json"
    path.write_text(content)
    with pytest.raises(GraphFormatError, match=message):
        read_graph_json(path)


def test_missing_graph_file(tmp_path):
    with pytest.raises(GraphFormatError, match="run `kg build"):
        read_graph_json(tmp_path / "nope.json")


def test_atomic_write_keeps_the_old_file_when_writing_fails(tmp_path, fragments):
    path = tmp_path / "graph.json"
    path.write_text("previous content")
    with pytest.raises(RuntimeError):
        with atomic_write(path) as fh:
            fh.write("half of a new file")
            raise RuntimeError("killed mid-write")
    assert path.read_text() == "previous content"
    assert list(tmp_path.iterdir()) == [path]  # no temporary file left behind


def test_write_graph_json_failure_mid_serialisation_keeps_previous(tmp_path, monkeypatch, fragments):
    kg = KnowledgeGraph()
    for f in fragments:
        kg.add_fragment(f)
    path = tmp_path / "graph.json"
    write_graph_json(kg, path)
    before = path.read_bytes()
    kg.set_properties("dataset:coco", bad=object())  # json.dump fails part-way through
    with pytest.raises(TypeError):
        write_graph_json(kg, path)
    assert path.read_bytes() == before


def test_atomic_write_gives_ordinary_file_permissions(tmp_path):
    import os
    import stat

    umask = os.umask(0o022)
    try:
        with atomic_write(tmp_path / "new.txt") as fh:
            fh.write("x")
        assert stat.S_IMODE((tmp_path / "new.txt").stat().st_mode) == 0o644
        (tmp_path / "old.txt").write_text("y")
        os.chmod(tmp_path / "old.txt", 0o640)
        with atomic_write(tmp_path / "old.txt") as fh:
            fh.write("z")
        assert stat.S_IMODE((tmp_path / "old.txt").stat().st_mode) == 0o640
    finally:
        os.umask(umask)


def test_a_lone_surrogate_is_written_as_a_replacement_character(tmp_path):
    kg = KnowledgeGraph()
    kg.add_node("author:ann", "Author", name="Ann \ud800 Lee")  # valid JSON ("\\ud800"), not encodable as UTF-8
    write_graph_json(kg, tmp_path / "graph.json")
    assert read_graph_json(tmp_path).node("author:ann").name == "Ann \ufffd Lee"
