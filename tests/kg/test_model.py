from kg.model import entity_id, label_of, paper_id, repository_id, result_id
from kg.names import slugify


def test_paper_ids_prefer_arxiv_then_doi_then_title():
    assert paper_id(title="T", arxiv_id="2211.12860v6", doi="10.1/x") == "arxiv:2211.12860"
    assert paper_id(title="T", arxiv_id="https://arxiv.org/abs/2211.12860") == "arxiv:2211.12860"
    assert paper_id(title="T", doi="https://doi.org/10.1000/ABC") == "doi:10.1000/abc"
    assert paper_id(title="T").startswith("title:")


def test_title_ids_are_stable_and_ignore_case_and_spacing():
    a = paper_id(title="Attention Is All You Need")
    assert a == paper_id(title="  attention is   all you\nneed ")
    assert a == "title:37f63852cdfb0690"  # same input, same id, forever
    assert a != paper_id(title="Attention Is All You Need!")


def test_title_ids_match_the_gold_files_scheme():
    # shared/eval/dev.jsonl ids are sha1 of the lower-cased, space-collapsed title
    title = "DePlot: One-shot visual language reasoning by plot-to-table translation"
    assert paper_id(title=title) == "title:416a93517ef7e8ad"


def test_entity_ids():
    assert entity_id("method", "Mask R-CNN") == "method:mask-r-cnn"
    assert entity_id("method", "DETR++") != entity_id("method", "DETR")
    assert slugify("Ünïcode  Näme") == "ünïcode-näme"
    assert slugify("!!!")  # never empty
    assert repository_id("GitHub.com", "Sense-X", "Co-DETR") == "repo:github.com/sense-x/co-detr"
    assert result_id("p", "metric:ap", 66, None, None) == result_id("p", "metric:ap", 66.0, None, None)
    assert label_of("dataset:coco") == "Dataset" and label_of("arxiv:1") == "Paper"


def test_ids_of_text_with_lone_surrogates():
    import json

    title = json.loads('"broken \\ud800 title"')
    assert paper_id(title=title).startswith("title:")
    assert result_id("p", "metric:x", 1.0, json.loads('"\\udfff"'), None).startswith("result:")
    assert slugify(title)
