"""The method vocabulary and the generic-term list (extractors/methods_vocab.py, extractors/data/)."""

from __future__ import annotations

import json

import pytest
import spacy

from extractors.methods_vocab import (DATA_DIR, MethodVocabulary, _harvested_forms, load_harvested_entries, plural_form,
                                      load_method_entries, surface_variants)
from kg.names import name_key
from kg.errors import KGError


@pytest.fixture(scope="module")
def vocab() -> MethodVocabulary:
    return MethodVocabulary.default()


def test_every_entry_is_well_formed_and_unique(vocab):
    ids = [e.id for e in vocab.entries]
    assert len(ids) == len(set(ids))
    assert all(e.id.startswith("method:") and e.name and e.kind for e in vocab.entries)
    forms = {}
    for entry in vocab.entries:
        for form in (entry.name, *entry.aliases):
            key = name_key(form, cased=entry.exact)
            assert forms.setdefault(key, entry.id) == entry.id, f"{form!r} names two entries"
            assert vocab.lookup(form).id == entry.id


def test_no_curated_method_is_generic(vocab):
    clashes = [f for e in vocab.entries for f in (e.name, *e.aliases) if vocab.is_generic(f)]
    assert clashes == []


@pytest.mark.parametrize("term", [
    "transformers", "CNNs", "diffusion models", "reinforcement learning", "contrastive learning",
    "knowledge distillation", "fine-tuning", "LLMs", "large language models", "GANs", "self-supervised learning",
    "in-context learning", "GPU", "BLEU", "OpenAI",
])
def test_generic_terms_are_rejected(vocab, term):
    assert vocab.is_generic(term)


@pytest.mark.parametrize("name", ["Mask R-CNN", "LoRA", "mixup", "dynamic time warping", "Adam", "YOLO"])
def test_real_methods_are_not_generic(vocab, name):
    assert not vocab.is_generic(name) and not vocab.is_generic_compound(name)


def test_generic_compounds():
    vocab = MethodVocabulary.default()
    assert vocab.is_generic_compound("Few-shot Continual Learning")
    assert not vocab.is_generic_compound("Soft Contrastive Learning")


@pytest.mark.parametrize("spelling, canonical", [
    ("Mask RCNN", "method:mask-r-cnn"), ("Mask-RCNN", "method:mask-r-cnn"), ("ResNet50", "method:resnet-50"),
    ("Vision Transformer", "method:vit"), ("low-rank adaptation", "method:lora"), ("GPT4", "method:gpt-4"),
])
def test_spellings_resolve_to_one_curated_id(vocab, spelling, canonical):
    assert vocab.lookup(spelling).id == canonical


@pytest.mark.parametrize("alias, plural", [
    ("gated recurrent unit", "gated recurrent units"), ("Zorb Quux Machine", "Zorb Quux Machines"),
    ("Mask R-CNN", None), ("Tree of Thoughts", None), ("BERT", None), ("zorb policy", None), ("zorb search", None),
])
def test_plural_form_of_a_name_of_words(alias, plural):
    assert plural_form(alias) == plural


def test_the_plural_of_a_curated_name_of_words_is_that_name(tmp_path):
    path = tmp_path / "methods.jsonl"
    path.write_text('{"name": "zorbic quux unit", "aliases": ["ZQU"], "kind": "architecture"}\n', encoding="utf-8")
    generic = tmp_path / "generic.txt"
    generic.write_text("cvpr\n", encoding="utf-8")
    vocab = MethodVocabulary.from_files(path, generic)
    assert vocab.lookup("zorbic quux units").name == "zorbic quux unit"
    assert vocab.lookup("zorbic quuxs") is None
    nlp = spacy.blank("en")
    exact, lower = vocab.matchers(nlp)
    doc = nlp("We stack Zorbic Quux Units here.")
    assert [(doc[s:e].text) for _, s, e in lower(doc)] == ["Zorbic Quux Units"]


def test_venues_are_not_methods(vocab):
    assert all(vocab.is_generic(v) for v in ("CVPR", "EMNLP", "NeurIPS", "ICLR", "MICCAI"))


def test_surface_variants_cover_hyphen_and_space():
    assert surface_variants("R-CNN") == {"R-CNN", "R CNN", "RCNN"}


def test_bad_vocabulary_line_names_the_file(tmp_path):
    path = tmp_path / "methods.jsonl"
    path.write_text(json.dumps({"name": "Foo"}) + "\n{not json}\n", encoding="utf-8")
    with pytest.raises(KGError, match=r"methods\.jsonl:2"):
        load_method_entries(path)


def test_custom_files_in_the_component(tmp_path):
    import spacy


    methods = tmp_path / "m.jsonl"
    methods.write_text(json.dumps({"name": "Zorblax", "aliases": ["ZBX"], "kind": "model"}) + "\n", encoding="utf-8")
    generic = tmp_path / "g.txt"
    generic.write_text("# none\nfoonet\n", encoding="utf-8")
    nlp = spacy.blank("en")
    nlp.add_pipe("methods", config={"methods_path": str(methods), "generic_path": str(generic)})
    doc = nlp("A title\nWe compare zorblax with FooNet and BarNet.")
    assert sorted(s.kb_id_ for s in doc.spans["kg"]) == ["method:barnet", "method:zorblax"]
    assert (DATA_DIR / "methods.jsonl").exists()


# -- harvested catalog names (data/harvested/methods.jsonl) -----------------------------------------------------
def _rec(name, aliases=(), sources=("scikit-learn",), **flags):
    return {"name": name, "aliases": list(aliases), "sources": [{"source": s, "id": "x"} for s in sources], **flags}


@pytest.mark.parametrize("rec, forms", [
    (_rec("logistic regression", ["Logistic Regression", "LR"]), ["logistic regression", "Logistic Regression"]),
    (_rec("ComplEx", sources=("scirex",)), []),  # SciREX alone is not a catalog
    (_rec("Quantization", sources=("scirex",)), []),
    (_rec("ResNeSt-50", sources=("timm",)), ["ResNeSt-50"]),
    (_rec("kmeans", sources=("scikit-learn",)), []),  # one lower-case word: an ordinary word or a routine
    (_rec("LSTM network", sources=("timm",)), []),  # the curated LSTM plus a head noun
    (_rec("FooNet", common_word=True), []),
    (_rec("FooNet", generic=True), []),
    (_rec("FooNet", also_kinds=["dataset"]), []),
])
def test_harvested_forms(rec, forms):
    """Catalog names only; "LR" is too short to match without its definition."""
    known = {name_key("LSTM")}
    assert _harvested_forms(rec, known) == forms


def test_harvested_entries_never_shadow_curated_ones(tmp_path):
    path = tmp_path / "methods.jsonl"
    path.write_text("\n".join(json.dumps(r) for r in (
        _rec("BERT-Foo", sources=("transformers",)), _rec("BERT", sources=("transformers",)),
        _rec("BarNet", ["BERT-Foo"], sources=("timm",)))) + "\n", encoding="utf-8")
    entries = load_harvested_entries(path, {name_key("BERT")})
    assert [(e.name, e.aliases, e.kind) for e in entries] == [("BERT-Foo", (), "harvested"), ("BarNet", (), "harvested")]
    assert entries[0].exact and entries[0].props["sources"] == ["transformers:x"]


def test_default_vocabulary_holds_catalog_names(vocab):
    entry = vocab.lookup("logistic regression")
    assert entry.kind == "harvested" and any(s.startswith("scikit-learn@") for s in entry.props["sources"])
    assert vocab.lookup("BERT").kind != "harvested"


def test_two_papers_using_one_harvested_method_merge_into_one_node(pipeline):
    """Provenance is text: a node's ``sources`` merge by set union (a list of dicts crashed the second paper)."""
    from extractors.handover import doc_to_fragment, make_doc
    from kg.graph import KnowledgeGraph
    from kg.model import Paper

    kg = KnowledgeGraph()
    for i in range(2):
        paper = Paper(f"title:{i}", f"T{i}", f"We apply logistic regression to task {i}.")
        kg.add_fragment(doc_to_fragment(pipeline(make_doc(pipeline, paper.text)), paper))
    node = kg.node("method:logistic-regression")
    assert node.get("sources") and all(isinstance(s, str) for s in node.get("sources"))
    assert any(s.startswith("scikit-learn@") for s in node.get("sources"))
