"""The boundary between the extractors and the rest of paperkg: paper text in, :class:`~kg.model.PaperFragment` out.

:func:`make_doc` starts a paper's doc (with its text cached for every
component); after the pipeline, :func:`doc_to_fragment` reads what the
extractors handed over, all typed (see :mod:`extractors.spans`):

- each span of ``doc.spans[SPANS_KEY]`` with a known label becomes a
  :class:`~kg.model.Mention`, from its ``span._.kg`` :class:`SpanInfo`
  (spans without one, e.g. from a trained NER, get the defaults: the span
  text as name, extractor ``"unknown"``, confidence 1.0);
- ``doc._.results`` already holds :class:`~kg.model.ResultRecord` values;
- code links given as record metadata (JSON ``github``) become Repository mentions too.

>>> import spacy
>>> from kg.model import Paper
>>> nlp = spacy.blank("en")
>>> _ = nlp.add_pipe("vocab_ruler")
>>> paper = Paper(id="title:x", title="X", abstract="We train on MS COCO.", code_urls=("https://github.com/a/b",))
>>> fragment = doc_to_fragment(nlp(make_doc(nlp, paper.text)), paper)
>>> [(m.kind, m.entity_id, m.evidence.surface, m.evidence.extractor) for m in fragment.mentions]
[('dataset', 'dataset:coco', 'MS COCO', 'vocab_ruler'), ('repository', 'repo:github.com/a/b', 'https://github.com/a/b', 'metadata')]
"""

from __future__ import annotations

from spacy.language import Language
from spacy.tokens import Doc, Span

from extractors.code_links import normalise_code_url
from extractors.spans import SPANS_KEY, SpanInfo, span_info
from extractors.text import TEXT_KEY, Sentences
from kg.model import Evidence, Mention, Paper, PaperFragment, entity_id, repository_id

__all__ = ["KIND_OF_LABEL", "Sentences", "make_doc", "sentence_of", "doc_to_fragment"]

#: Mention kind of each span label.
KIND_OF_LABEL = {"DATASET": "dataset", "METHOD": "method", "METRIC": "metric", "TASK": "task", "REPO": "repository"}
_NO_INFO = SpanInfo()


def make_doc(nlp: Language, text: str) -> Doc:
    """``nlp.make_doc(text)`` with the text cached for :func:`extractors.text.doc_text`.

    spaCy would rebuild ``Doc.text`` from the tokens on every access.
    """
    doc = nlp.make_doc(text)
    doc.user_data[TEXT_KEY] = text
    return doc


def sentence_of(span: Span) -> tuple[str, int, int]:
    """The sentence around *span*: its text and character offsets."""
    return Sentences(span.doc).around(span.start_char)


def doc_to_fragment(doc: Doc, paper: Paper, spans_key: str = SPANS_KEY) -> PaperFragment:
    """Collect the entity spans and results an extracted ``Doc`` holds."""
    fragment = PaperFragment(paper)
    sentences = Sentences(doc, paper.text)
    for span in doc.spans.get(spans_key, []):
        kind = KIND_OF_LABEL.get(span.label_)
        if kind is None:
            continue
        info = span_info(span) or _NO_INFO
        name = info.name or span.text
        fragment.mentions.append(Mention(
            kind=kind,
            entity_id=span.kb_id_ or entity_id(kind, name),
            name=name,
            evidence=Evidence(span.text, span.start_char, span.end_char, sentences.around(span.start_char)[0],
                              info.extractor or "unknown", info.confidence if info.confidence is not None else 1.0),
            role=(info.role or "used") if kind == "method" else None,
            props=info.props,
        ))
    fragment.results.extend((doc._.results if Doc.has_extension("results") else None) or [])
    _add_metadata_code_links(fragment)
    return fragment


def _add_metadata_code_links(fragment: PaperFragment) -> None:
    """Code links given as record metadata (JSON ``github``) become Repository mentions too.

    A link also found in the text gets both pieces of evidence on one edge.
    """
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
