"""A graph holding what a graph.json from elsewhere may: C0 controls, noncharacters, lone surrogates, CRs."""

from __future__ import annotations

from kg.graph import KnowledgeGraph
from kg.model import Evidence, Mention, Paper, PaperFragment

#: Characters XML 1.0 forbids or UTF-8 cannot encode, as they may sit in a title, a name, an id.
NASTY = "\x00\x01\x0b\x1f\ud800\ufffe\uffff\udfff"  # the surrogates are apart: each one lone


def nasty_graph() -> KnowledgeGraph:
    """Two papers and a dataset whose texts, authors and identifiers carry :data:`NASTY` and carriage returns."""
    kg = KnowledgeGraph()
    for n in (1, 2):
        paper = Paper(id=f"arxiv:2401.0000{n}", title=f"Title{NASTY} {n}", abstract=f"We use COCO.{NASTY}\r\nDone.",
                      authors=(f"Ann \ud800 Lee {n}", f"Bob\rSmith {n}"), arxiv_id=f"2401.0000{n}\r",
                      doi=f"10.1/x\r{n}")
        evidence = Evidence("COCO", 7, 11, "We use COCO.", "dataset_ruler", 0.9)
        kg.add_fragment(PaperFragment(paper, [Mention("dataset", "dataset:coco\x01", f"CO\x02CO\ud83d", evidence)]))
    return kg
