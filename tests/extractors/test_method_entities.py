"""Per-document method bookkeeping (extractors/method_entities.py): ids, entities, blocking spans."""

from __future__ import annotations

import random

import pytest
import spacy
from spacy.tokens import Span

from extractors.method_entities import DocMethods, OtherKinds, method_id, variant_of
from extractors.methods_vocab import MethodVocabulary
from extractors.spans import SpanInfo, add_span, ensure_extensions


def test_unknown_ids_ignore_hyphen_spelling():
    assert method_id("Foo RCNN") == method_id("Foo R-CNN") == method_id("Foo-RCNN")
    assert method_id("ZetaNet50") == method_id("ZetaNet-50")


def test_mentions_join_one_entity_by_name_key_and_plural_acronym():
    doc = spacy.blank("en")("Sparse Binary Network (SBN) works ; SBNs are small ; T\"ULU 3")
    ents = DocMethods(MethodVocabulary.default())
    long = ents.add(doc[0:3], name="Sparse Binary Network")
    ents.add(doc[4:5], target=long)
    assert ents.find(doc[8:9]) is long  # "SBNs"
    assert ents.find("sparse-binary network") is long
    assert long.id == "method:sparse-binary-network" and len(long.spans) == 2


def test_plural_of_a_coined_camel_case_name_joins_it():
    doc = spacy.blank("en")("DreamVoice makes DreamVoices ; Process and Processes")
    ents = DocMethods(MethodVocabulary.default())
    one, other = ents.add(doc[0:1]), ents.add(doc[4:5])
    assert ents.find(doc[2:3]) is one  # "DreamVoices"
    assert ents.find(doc[6:7]) is None and other is not one  # a plain capitalised word is no coinage


def test_variants_of_a_proposed_coinage_are_proposed():
    doc = spacy.blank("en")("ZorbaSound has ZorbaSG , Kappa-QRT , QRT and ZorbLab and DeepBox")
    ents = DocMethods(MethodVocabulary.default())
    own, short = ents.add(doc[0:1]), ents.add(doc[8:9])
    own.proposed = short.proposed = True
    family, part, near, other = (ents.add(doc[i:j]) for i, j in ((2, 3), (4, 7), (10, 11), (12, 13)))
    ents.mark_variants()
    assert family.proposed and part.proposed  # "ZorbaSG" after "ZorbaSound"; "Kappa-QRT" holds "QRT"
    assert not near.proposed and not other.proposed  # "ZorbLab" shares only letters, not a word part


def test_a_name_after_the_proposed_is_proposed():
    doc = spacy.blank("en")("Unlike the recently proposed ZetaNet , the proposed KappaQRT and our introduced Foo-Nets win .")
    ents = DocMethods(MethodVocabulary.default())
    other, own, mine = ents.add(doc[4:5]), ents.add(doc[8:9]), ents.add(doc[12:15])
    ents.mark_variants(frozenset({"proposed", "introduced"}))
    assert own.proposed and mine.proposed  # "the proposed KappaQRT", "our introduced Foo-Nets"
    assert not other.proposed  # "the recently proposed ZetaNet": another's
    ents = DocMethods(MethodVocabulary.default())
    plain = ents.add(doc[8:9])
    ents.mark_variants()
    assert not plain.proposed  # no participles given


def test_variant_of_needs_a_shared_word_part_or_a_hyphen_joined_name():
    assert variant_of("ZorbaSG", "ZorbaSound") and variant_of("Kappa-QRT", "QRT")
    assert not variant_of("ZorbaSound", "ZorbaSound")  # the name itself
    assert not variant_of("KappaQRTx", "QRT") and not variant_of("DeepBox", "Deep Zorba")  # inside a word; not a coinage
    assert not variant_of("ZorbLab", "ZorbaSound") and not variant_of("ArtNet", "ArtFoo")  # no shared part of 4 letters


def test_merge_and_remove():
    doc = spacy.blank("en")("FooNet and Foo Network and BarNet")
    ents = DocMethods(MethodVocabulary.default())
    a, b = ents.add(doc[0:1]), ents.add(doc[2:4])
    b.proposed = True
    ents.merge(b, into=a)
    assert a.proposed and ents.find(doc[2:4]) is a and list(ents.entities) == [a.id]
    ents.remove(a)
    assert ents.find(doc[0:1]) is None and "foonet" in ents.released


def test_drop_parts_forgets_mentions_inside_a_longer_name():
    doc = spacy.blank("en")("Frustum PointNets for detection ; PointNets and BarNet")
    ents = DocMethods(MethodVocabulary.default())
    assert [doc[1].text, doc[5].text, doc[7].text] == ["PointNets", "PointNets", "BarNet"]
    part, other, whole = ents.add(doc[1:2]), ents.add(doc[7:8]), doc[0:2]
    ents.drop_parts(whole)
    assert part.id not in ents.entities and ents.find(doc[1:2]) is None and other.id in ents.entities
    two = ents.add(doc[1:2])
    ents.add(doc[5:6], target=two)  # "PointNets" also named outside the longer name: it stays, with that mention
    ents.drop_parts(whole)
    assert [s.start for s in ents.entities[two.id].spans] == [5]


def test_other_kinds_block_crossing_spans_but_not_confident_tasks_only():
    ensure_extensions()
    doc = spacy.blank("en")("we propose SimQ-NAS on ImageNet for object detection")
    add_span(doc, Span(doc, 4, 5, label="TASK", kb_id="task:nas"), SpanInfo(confidence=0.6))
    add_span(doc, Span(doc, 6, 7, label="DATASET", kb_id="dataset:imagenet"), SpanInfo(confidence=0.95))
    add_span(doc, Span(doc, 8, 10, label="TASK", kb_id="task:object-detection"), SpanInfo(confidence=0.95))
    blocked = OtherKinds(doc)
    assert blocked.dataset_keys == {"imagenet"} and blocked.any_dataset_keys == {"imagenet"}
    assert not blocked(doc[2:5])  # a low-confidence task inside a method name does not block
    assert blocked(doc[6:7]) and blocked(doc[9:10])
    assert not blocked(doc[8:10], strong=True)  # a strong signal is blocked by datasets and metrics only


@pytest.mark.parametrize("text, dataset, name, expected", [
    ("results on Zorbex , Quimby and Vexo", (2, 3), (4, 5), True),  # the next item after a dataset
    ("results on Quimby , Vexo and Zorbex", (6, 7), (4, 5), True),  # the item before a dataset
    ("results on Zorbex , Quimby and Vexo", (2, 3), (6, 7), False),  # only the items next to it
    ("on Zorbex ( 0.3 % error ) and QUIMBY-small", (1, 2), (8, 11), True),  # across a remark in parentheses
    ("on Kappa Vexo , Zorbex-12 and more", (4, 5), (1, 2), True),  # the rest of its item, then the list
    ("we train VexoNet on Zorbex", (4, 5), (2, 3), False),  # no list between them
    ("VexoNet and the Zorbex split", (3, 4), (0, 1), True),
    ("on the Kappa Zorbex Milan dataset", (3, 5), (2, 3), True),  # glued to a dataset span: a part of its name
    ("on Zorbex Kappa", (1, 2), (2, 3), True),
])
def test_an_item_of_a_list_next_to_a_dataset_is_a_dataset(text, dataset, name, expected):
    ensure_extensions()
    doc = spacy.blank("en")(text)
    add_span(doc, Span(doc, *dataset, label="DATASET", kb_id="dataset:x"), SpanInfo(confidence=0.9))
    assert OtherKinds(doc).dataset_like(doc[name[0]:name[1]]) is expected


def test_an_item_next_to_a_metric_is_a_measure_too():
    ensure_extensions()
    doc = spacy.blank("en")("superior QMMD , Precision and Recall")
    add_span(doc, Span(doc, 3, 4, label="METRIC", kb_id="metric:x"), SpanInfo(confidence=0.9))
    assert OtherKinds(doc).dataset_like(doc[1:2])


def test_a_known_dataset_name_next_in_the_list_counts_too():
    ensure_extensions()
    doc = spacy.blank("en")("on Zorbex , QRTY and Vexo")
    assert OtherKinds(doc).dataset_like(doc[3:4], {"Zorbex"}) and not OtherKinds(doc).dataset_like(doc[3:4])


@pytest.mark.parametrize("seed", range(20))
def test_other_kinds_window_finds_what_a_scan_of_every_span_finds(seed):
    """The bisected window (linear in a long abstract) blocks exactly what a scan of every bound blocks."""
    rng = random.Random(seed)
    ensure_extensions()
    doc = spacy.blank("en")(" ".join(f"w{i}" for i in range(50)))
    for n in range(rng.randint(0, 25)):
        start = rng.randrange(50)
        end = min(50, start + rng.choice([1, 1, 2, 3, 6]))
        add_span(doc, Span(doc, start, end, label=rng.choice(["TASK", "DATASET", "METRIC"]), kb_id=f"x:{n}"),
                 SpanInfo(confidence=rng.choice([0.6, 0.95])))
    blocked = OtherKinds(doc)

    def by_scan(first, stop, strong):
        return any(not (strong and is_task) and start < stop and first < end
                   and not (first <= start and end <= stop and end - start < stop - first)
                   for start, end, is_task in blocked.bounds)

    for first in range(50):
        for stop in range(first, min(50, first + 7) + 1):
            for strong in (False, True):
                assert blocked(doc[first:stop], strong=strong) == by_scan(first, stop, strong), (first, stop, strong)


def test_a_mention_at_a_token_gives_way_to_a_longer_name_starting_there():
    doc = spacy.blank("en")("the dropout regularization for sparse inputs")
    ents = DocMethods(MethodVocabulary.default())
    short = ents.add(doc[1:2])
    starts = ents.starts()
    assert ents.mention_at(starts, 1, None) is short and ents.mention_at(starts, 1, doc[1:2]) is short
    assert ents.mention_at(starts, 1, doc[1:6]) is None and not ents.entities  # dropped as part of the longer
    assert ents.mention_at(starts, 1, None) is None  # its mention is gone, though *starts* still holds it


def test_singular_and_plural_of_a_name_of_words_are_one_entity():
    doc = spacy.blank("en")("Gated Foo Readers and the gated foo reader ; Zeta Loss and Zeta Los")
    ents = DocMethods(MethodVocabulary.default())
    one = ents.add(doc[0:3])
    assert ents.find(doc[5:8]) is one and ents.add(doc[5:8]) is one
    loss = ents.add(doc[9:11])
    assert ents.find(doc[12:14]) is None and loss is not one  # "ss" is no plural ending
