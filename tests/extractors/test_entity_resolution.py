"""Across papers, surface variants of one dataset become one graph node linked to every paper."""

from __future__ import annotations

from kg.graph import KnowledgeGraph
from kg.model import Paper, paper_id
from paperkg.pipeline import extract_fragments, load_pipeline

ABSTRACTS = {
    "Detector A": "We evaluate on COCO and report 50.1 AP.",
    "Detector B": "Experiments on MS COCO 2017 val show gains over DETR.",
    "Detector C": "Trained on MSCOCO and Microsoft COCO captions, tested on ImageNet-1k.",
    "Speech D": "Our model reaches a word error rate (WER) of 2.1% on LibriSpeech test-clean and 4.0% on test-other.",
    "Speech E": "On Librispeech, WER drops to 1.9% with ImageNet 1K pre-training.",
}


def test_variants_merge_into_one_node_per_dataset():
    papers = [Paper(paper_id(title=t), t, a) for t, a in ABSTRACTS.items()]
    graph = KnowledgeGraph()
    for fragment in extract_fragments(papers, load_pipeline()):
        graph.add_fragment(fragment)
    datasets = {node.id for node in graph.nodes("Dataset")}
    assert {"dataset:coco", "dataset:imagenet-1k", "dataset:librispeech"} <= datasets
    assert not {d for d in datasets if "coco" in d} - {"dataset:coco"}

    def papers_on(dataset_id):
        return {rel.source for rel in graph.relations("EVALUATES_ON", target=dataset_id)}

    ids = {t: paper_id(title=t) for t in ABSTRACTS}
    assert papers_on("dataset:coco") == {ids["Detector A"], ids["Detector B"], ids["Detector C"]}
    assert papers_on("dataset:librispeech") == {ids["Speech D"], ids["Speech E"]}
    assert papers_on("dataset:imagenet-1k") == {ids["Detector C"], ids["Speech E"]}
    metrics = {node.id for node in graph.nodes("Metric")}
    assert "metric:wer" in metrics
