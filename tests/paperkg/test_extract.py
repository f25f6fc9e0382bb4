"""paperkg/extract.py: the per-paper contract record that `kg eval` and shared/eval/score.py read."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from kg.errors import BadRecord
from kg.model import Evidence, Mention, Paper, PaperFragment, ResultRecord
from paperkg.extract import extract_records, fragment_to_record, write_predictions

PAPER = Paper(id="arxiv:2211.12860", title="Co-DETR", record_id="p1",
              abstract="We propose Co-DETR and use DETR on COCO and MS COCO. Code: github.com/Sense-X/Co-DETR")


def ev(surface: str, extractor: str = "test", confidence: float = 0.9) -> Evidence:
    start = PAPER.text.index(surface)
    return Evidence(surface, start, start + len(surface), "a sentence", extractor, confidence)


@pytest.fixture
def fragment() -> PaperFragment:
    return PaperFragment(PAPER, [
        Mention("method", "method:co-detr", "Co-DETR", ev("Co-DETR"), role="used"),
        Mention("dataset", "dataset:coco", "COCO", ev("COCO", "dataset_ruler")),
        Mention("method", "method:co-detr", "Co-DETR", Evidence("Co-DETR", 0, 7, "Co-DETR", "title", 1.0),
                role="proposed"),
        Mention("dataset", "dataset:coco", "COCO", ev("MS COCO", "dataset_ruler", 0.8)),
        Mention("method", "method:detr", "DETR", ev("DETR")),
        Mention("repository", "repo:github.com/sense-x/co-detr", "github.com/sense-x/co-detr",
                ev("github.com/Sense-X/Co-DETR", "code_links", 1.0)),
        Mention("dataset", "dataset:coco", "COCO", ev("COCO", "vocab")),
    ], [ResultRecord("AP", "metric:ap", 66.0, "66.0 AP", Evidence("66.0 AP", 3, 10, "s", "results", 0.8), "%",
                     "COCO test-dev", "dataset:coco", "Co-DETR", "method:co-detr")])


def test_ids_and_title(fragment: PaperFragment) -> None:
    record = fragment_to_record(fragment)
    assert (record["id"], record["paper_id"], record["title"]) == ("p1", "arxiv:2211.12860", "Co-DETR")
    no_own_id = PaperFragment(Paper(id="title:abc", title="T", abstract="A."))
    assert fragment_to_record(no_own_id)["id"] == "title:abc"
    assert fragment_to_record(no_own_id)["entities"] == [] and fragment_to_record(no_own_id)["results"] == []


def test_one_entity_per_id_with_every_surface_once_and_every_evidence(fragment: PaperFragment) -> None:
    entities = {e["id"]: e for e in fragment_to_record(fragment)["entities"]}
    assert list(entities) == ["method:co-detr", "dataset:coco", "method:detr", "github.com/sense-x/co-detr"]
    coco = entities["dataset:coco"]
    assert (coco["type"], coco["name"], coco["surface"]) == ("dataset", "COCO", ["COCO", "MS COCO"])
    assert [(e["extractor"], e["confidence"]) for e in coco["evidence"]] == [
        ("dataset_ruler", 0.9), ("dataset_ruler", 0.8), ("vocab", 0.9)]
    for entity in entities.values():
        for e in entity["evidence"]:
            assert set(e) == {"start", "end", "sentence", "extractor", "confidence"}
            assert PAPER.text[e["start"]:e["end"]] in entity["surface"]


def test_method_roles(fragment: PaperFragment) -> None:
    entities = {e["id"]: e for e in fragment_to_record(fragment)["entities"]}
    assert entities["method:co-detr"]["role"] == "proposed"  # proposed anywhere in the paper wins
    assert entities["method:detr"]["role"] == "used"  # no role given: used
    assert "role" not in entities["dataset:coco"] and "role" not in entities["github.com/sense-x/co-detr"]


def test_a_repository_id_is_its_url_path(fragment: PaperFragment) -> None:
    repo = next(e for e in fragment_to_record(fragment)["entities"] if e["type"] == "repository")
    assert repo["id"] == "github.com/sense-x/co-detr" and repo["surface"] == ["github.com/Sense-X/Co-DETR"]


def test_results(fragment: PaperFragment) -> None:
    (result,) = fragment_to_record(fragment)["results"]
    assert result == {"metric": "AP", "value": 66.0, "raw": "66.0 AP", "unit": "%", "dataset": "COCO test-dev",
                      "method": "Co-DETR", "evidence": {"start": 3, "end": 10, "sentence": "s"}}


def test_the_record_is_plain_json(fragment: PaperFragment) -> None:
    record = fragment_to_record(fragment)
    assert json.loads(json.dumps(record)) == record


def test_write_predictions_writes_one_line_per_record(tmp_path: Path) -> None:
    path = tmp_path / "preds" / "out.jsonl"
    records = [{"id": "a", "title": "Ü"}, {"id": "b", "title": "日本"}]
    assert write_predictions(iter(records), path) == 2
    assert path.read_text(encoding="utf-8") == '{"id": "a", "title": "Ü"}\n{"id": "b", "title": "日本"}\n'
    assert write_predictions([], path) == 0 and path.read_text(encoding="utf-8") == ""


def test_write_predictions_is_atomic(tmp_path: Path) -> None:
    path = tmp_path / "out.jsonl"
    path.write_text("previous run\n", encoding="utf-8")

    def records():
        yield {"id": "a"}
        raise BadRecord("papers.jsonl", 3, "invalid JSON")

    with pytest.raises(BadRecord):
        write_predictions(records(), path)
    assert path.read_text(encoding="utf-8") == "previous run\n"
    assert [p.name for p in tmp_path.iterdir()] == ["out.jsonl"]


def test_extract_records_reports_bad_records_and_keeps_input_ids(fixtures: Path) -> None:
    problems: list[BadRecord] = []
    records = list(extract_records([fixtures / "papers.jsonl"], on_problem=problems.append))
    assert [r["id"] for r in records] == ["p1", "p2", "p7"]
    assert [b.line for b in problems] == [3, 4, 5, 7]


def test_extract_records_strict_raises_the_first_bad_record(fixtures: Path) -> None:
    with pytest.raises(BadRecord, match=r"papers\.jsonl:3: invalid JSON"):
        list(extract_records([fixtures / "papers.jsonl"], strict=True))


def test_write_predictions_to_an_open_file() -> None:
    import io

    buffer = io.StringIO()
    assert write_predictions([{"id": "a"}, {"id": "b"}], buffer) == 2
    assert buffer.getvalue() == '{"id": "a"}\n{"id": "b"}\n'
