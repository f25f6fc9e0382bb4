"""The bulk load through CSV files and COPY: any text and list survives it, and it loads what the
parameter (MERGE) load loads."""

from __future__ import annotations

import tempfile
from pathlib import Path

import pytest

from exports import embedded_copy
from exports.embedded import _connect, _execute, create_schema, load_embedded, load_items, run_query
from exports.embedded_copy import TableCopy, copy_tables, list_text
from kg.errors import ExportError
from kg.graph import KnowledgeGraph, Node
from tests.exports.nasty_sample import NASTY, nasty_graph
from tests.exports.neo4j_sample import sample_graph

#: Every character the CSV reader or the list encoding could trip on, alone and in combination.
TRICKY = ["", " ", '"', '""', "'", ",", "\\", '\\"', "[", "]", "[a,b]", "{x: 1}", "null", "NULL", "\n", "\r\n", "\r",
          "\x00", "\x1e", "\x1b", "\x1b0", "\x1b1", "\x1be", "\x1bn", "\x1b\x1e", "\x1e\x1b1", "a\x1eb", "é\u2028😀",
          "\ufffd", NASTY.replace("\ud800", "").replace("\udfff", ""), 'x"y\'z \\ }{ `MATCH (n)`\n$rows']
#: Lists: every tricky string alone, all of them together, empty, empty strings.
LISTS = [[t] for t in TRICKY] + [TRICKY, [], [""], ["", ""], ["a", "", "b"], TRICKY[::-1]]


def _copied(tmp_path: Path, columns: list[tuple[str, str]], rows: list[dict], chunk_rows: int | None = None) -> list[list]:
    conn = _connect(None)
    defs = ", ".join(f"{name} {typ}" for name, typ in columns)
    conn.execute(f"CREATE NODE TABLE T({defs}, PRIMARY KEY (id))")
    tmp_path.mkdir(exist_ok=True)
    table = TableCopy(tmp_path, "T", columns, 1, chunk_rows)
    for row in rows:
        table.write(row)
    assert copy_tables(conn, [table], _execute) == -(-len(rows) // table.chunk_rows)  # one COPY per file
    names = ", ".join(f"t.{name}" for name, _typ in columns)
    return run_query(conn, f"MATCH (t:T) RETURN {names} ORDER BY t.id").rows


def test_any_string_survives_the_csv_file(tmp_path: Path) -> None:
    rows = [{"id": f"{i:03}", "s": text} for i, text in enumerate([*TRICKY, None])]
    got = _copied(tmp_path, [("id", "STRING"), ("s", "STRING")], rows)
    assert got == [[row["id"], row["s"]] for row in rows]


def test_any_list_survives_the_csv_file(tmp_path: Path) -> None:
    rows = [{"id": f"{i:03}", "l": value} for i, value in enumerate([*LISTS, None])]
    got = _copied(tmp_path, [("id", "STRING"), ("l", "STRING[]")], rows)
    assert got == [[row["id"], row["l"]] for row in rows]


def test_numbers_and_number_lists_survive_exactly(tmp_path: Path) -> None:
    floats = [0.1, 1 / 3, -0.0, 1e-300, 1.7976931348623157e308, 5e-324, 2.0]
    rows = [{"id": "a", "n": -(2**63), "x": 0.1, "ns": [0, -1, 2**62], "xs": floats},
            {"id": "b", "n": None, "x": None, "ns": [], "xs": None},
            {"id": "c", "n": 7, "x": 3, "ns": [5, 1], "xs": [1, 0.5]}]
    columns = [("id", "STRING"), ("n", "INT64"), ("x", "DOUBLE"), ("ns", "INT64[]"), ("xs", "DOUBLE[]")]
    got = _copied(tmp_path, columns, rows)
    assert got == [["a", -(2**63), 0.1, [0, -1, 2**62], floats], ["b", None, None, [], None],
                   ["c", 7, 3.0, [5, 1], [1.0, 0.5]]]


def test_many_rows_of_lists_keep_their_own_values(tmp_path: Path) -> None:
    """Each row's list decoded from its own text (a CASE in the list lambda once mixed up rows)."""
    rows = [{"id": f"{i:05}", "ns": [i, -i], "xs": [i / 7], "ss": [str(i), TRICKY[i % len(TRICKY)]]} for i in range(5000)]
    columns = [("id", "STRING"), ("ns", "INT64[]"), ("xs", "DOUBLE[]"), ("ss", "STRING[]")]
    expected = [[r["id"], r["ns"], r["xs"], r["ss"]] for r in rows]
    assert _copied(tmp_path, columns, rows) == expected
    assert _copied(tmp_path / "chunked", columns, rows, chunk_rows=1234) == expected  # five files, five COPYs


def test_list_text_keeps_elements_apart() -> None:
    assert list_text(["\x1e"]) != list_text(["", ""])
    assert list_text([]) != list_text([""])
    with pytest.raises(ExportError, match="null"):
        list_text(["a", None])
    distinct = {repr(value): value for value in LISTS}.values()
    assert len({list_text(value) for value in distinct}) == len(distinct)


def _everything(conn) -> list[str]:
    """Every node and relationship, sorted (the engine's scans run in parallel: no order without ORDER BY)."""
    rows = run_query(conn, "MATCH (n) RETURN n").rows + run_query(conn, "MATCH (a)-[r]->(b) RETURN a.id, r, b.id").rows
    return sorted(map(repr, rows))


def _merged(kg: KnowledgeGraph):
    conn = _connect(None)
    create_schema(conn)  # tables exist: load_embedded merges row parameters instead of copying
    return load_embedded(kg, conn=conn)


@pytest.mark.parametrize("chunk_rows", [None, 2])
@pytest.mark.parametrize("make", [sample_graph, nasty_graph], ids=["sample", "nasty"])
def test_the_bulk_load_equals_the_parameter_load(make, chunk_rows, monkeypatch) -> None:
    if chunk_rows:  # every table in files of two rows, copied one after the other
        monkeypatch.setattr(embedded_copy, "CHUNK_ROWS", chunk_rows)
    kg = make()
    for rel in kg.relations():  # evidence sentences with every tricky character
        kg.add_relation(rel.source, rel.target, rel.type, [type(rel.evidence[0])(
            "\x1e".join(TRICKY[:5]), 1, 2, "\r\n".join(TRICKY), "x\x1bn", 0.25)])
        break
    copied, merged = _everything(load_embedded(kg)), _everything(_merged(kg))
    assert copied == merged
    assert len(copied) == sum(kg.counts()["nodes"].values()) + sum(kg.counts()["edges"].values())


def test_load_items_takes_nodes_and_relations_in_any_order(tmp_path: Path) -> None:
    kg = sample_graph()
    conn = load_items(iter([*kg.relations(), *kg.nodes()]), database=str(tmp_path / "db"))  # any order
    assert _everything(conn) == _everything(load_embedded(kg))
    assert [p.name for p in tmp_path.iterdir()] == ["db"]  # the CSV files are gone


def test_a_label_outside_the_schema_is_refused_and_leaves_no_files(tmp_path: Path) -> None:
    with pytest.raises(ExportError, match="Gadget"):
        load_items([Node("g:1", "Gadget", {})], database=str(tmp_path / "db"))
    assert not list(tmp_path.glob(".lbdb-copy-*"))


def test_the_scratch_directory_is_beside_an_on_disk_database(tmp_path: Path) -> None:
    scratch = embedded_copy.scratch_directory(str(tmp_path / "sub" / "db"))
    assert scratch.parent == (tmp_path / "sub").resolve()
    embedded_copy.remove(scratch)
    assert not scratch.exists()


def test_a_directory_name_with_quotes_and_backslashes_loads(tmp_path: Path) -> None:
    odd = tmp_path / "it's a \\ \"dir\", [x]"
    odd.mkdir()
    kg = sample_graph()
    conn = load_items(kg.nodes(), database=str(odd / "db"))
    assert run_query(conn, "MATCH (n) RETURN count(n)").rows == [[sum(kg.counts()["nodes"].values())]]
    scratch = embedded_copy.scratch_directory(str(odd / "db"))
    embedded_copy.remove(scratch)
    assert scratch.parent == Path(tempfile.gettempdir()).resolve()
    assert [p.name for p in odd.iterdir()] == ["db"]
