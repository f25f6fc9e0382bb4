"""From papers to fragments: the spaCy pipeline and the Doc -> fragment step.

The pipeline is assembled from a spaCy config (``extractors/config.cfg`` by
default) on a blank English pipeline: nothing is downloaded. Per-paper work
is a pure function of the paper, so :func:`extract_fragments` can stream
over any number of papers, in one process or several.
"""

from __future__ import annotations

import importlib
import os
from collections.abc import Iterable, Iterator
from functools import lru_cache
from pathlib import Path

import spacy
from spacy.language import Language
from spacy.tokens import Doc, Span

from kg.model import Evidence, Mention, Paper, PaperFragment, ResultRecord, entity_id

__all__ = ["DEFAULT_CONFIG", "load_pipeline", "doc_to_fragment", "extract_fragments", "sentence_of"]

DEFAULT_CONFIG = Path(importlib.util.find_spec("extractors").origin).parent / "config.cfg"

_KIND_OF_LABEL = {"DATASET": "dataset", "METHOD": "method", "METRIC": "metric", "TASK": "task",
                  "REPO": "repository"}


def load_pipeline(config: str | os.PathLike | None = None) -> Language:
    """A spaCy ``Language`` built from *config* (default: the shipped config)."""
    importlib.import_module("extractors")  # registers our factories with spaCy
    cfg = spacy.util.load_config(Path(config) if config else DEFAULT_CONFIG)
    return spacy.util.load_model_from_config(cfg, auto_fill=True, validate=True)


@lru_cache(maxsize=4)
def _cached_pipeline(config: str | None) -> Language:
    return load_pipeline(config)


def sentence_of(span: Span) -> tuple[str, int, int]:
    """The sentence around *span*: its text and character offsets."""
    doc = span.doc
    if doc.has_annotation("SENT_START"):
        sent = span.sent
        return sent.text, sent.start_char, sent.end_char
    start = doc.text.rfind("\n", 0, span.start_char) + 1
    end = doc.text.find("\n", span.end_char)
    end = len(doc.text) if end < 0 else end
    return doc.text[start:end], start, end


def _evidence(span: Span, extractor: str, confidence: float) -> Evidence:
    return Evidence(span.text, span.start_char, span.end_char, sentence_of(span)[0], extractor, confidence)


def doc_to_fragment(doc: Doc, paper: Paper, spans_key: str = "kg") -> PaperFragment:
    """Collect the entity spans and results an extracted ``Doc`` holds."""
    fragment = PaperFragment(paper)
    for span in doc.spans.get(spans_key, []):
        kind = _KIND_OF_LABEL.get(span.label_)
        if kind is None:
            continue
        ext = span._ if Span.has_extension("kg_name") else None
        name = (ext.kg_name if ext else None) or span.text
        props = (ext.kg_props if ext else None) or {}
        extractor = (ext.kg_extractor if ext else None) or "unknown"
        confidence = ext.kg_confidence if ext and ext.kg_confidence is not None else 1.0
        role = ((ext.kg_role if ext else None) or "used") if kind == "method" else None
        fragment.mentions.append(Mention(
            kind=kind,
            entity_id=span.kb_id_ or entity_id(kind, name),
            name=name,
            evidence=_evidence(span, extractor, confidence),
            role=role,
            props=tuple(sorted(props.items())),
        ))
    for res in (doc._.results if Doc.has_extension("results") else None) or []:
        start, end = res.get("start"), res.get("end")
        span = doc.char_span(start, end, alignment_mode="expand") if start is not None else None
        sentence = sentence_of(span)[0] if span is not None else ""
        surface = doc.text[start:end] if start is not None else res.get("raw", "")
        fragment.results.append(ResultRecord(
            metric=res["metric"],
            metric_id=res.get("metric_id") or entity_id("metric", res["metric"]),
            value=float(res["value"]),
            raw=res.get("raw", surface),
            unit=res.get("unit"),
            dataset=res.get("dataset"),
            dataset_id=res.get("dataset_id") or (entity_id("dataset", res["dataset"]) if res.get("dataset") else None),
            method=res.get("method"),
            method_id=res.get("method_id") or (entity_id("method", res["method"]) if res.get("method") else None),
            evidence=Evidence(surface, start, end, sentence, res.get("extractor", "results"),
                              float(res.get("confidence", 1.0))),
        ))
    _add_metadata_code_links(fragment)
    return fragment


def _add_metadata_code_links(fragment: PaperFragment) -> None:
    """Code links given as record metadata (JSON ``github``) become Repository mentions too.

    A link also found in the text gets both pieces of evidence on one edge.
    """
    from extractors.code_links import normalise_code_url
    from kg.model import repository_id

    known: set[str] = set()
    for url in fragment.paper.code_urls:
        parsed = normalise_code_url(url)
        if parsed is None:
            continue
        host, owner, repo = parsed
        rid = repository_id(host, owner, repo)
        if rid in known:
            continue
        known.add(rid)
        props = {"url": f"https://{host}/{owner}/{repo}", "host": host, "owner": owner, "repo_name": repo}
        fragment.mentions.append(Mention("repository", rid, f"{host}/{owner}/{repo}",
                                         Evidence(url, None, None, "", "metadata", 1.0),
                                         props=tuple(sorted(props.items()))))


def extract_fragments(papers: Iterable[Paper], nlp: Language | None = None, *, batch_size: int = 64,
                      n_process: int = 1) -> Iterator[PaperFragment]:
    """Run the pipeline over *papers*, yielding one fragment per paper, in order."""
    nlp = nlp or _cached_pipeline(None)
    pairs = ((p.text, p) for p in papers)
    for doc, paper in nlp.pipe(pairs, as_tuples=True, batch_size=batch_size, n_process=n_process):
        yield doc_to_fragment(doc, paper)
