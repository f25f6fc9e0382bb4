"""Where things are in a document: its text, its title and its sentences, each computed once per doc.

Every component asks these helpers instead of re-deriving the layout:

- :func:`doc_text` / :func:`span_text`: ``Doc.text`` and ``Span.text`` without
  re-joining the tokens (spaCy rebuilds them on every access);
- :func:`title_end`: where the title ends (the first line break);
- :func:`sentence_bounds`: the token bounds of a sentence, as ``Token.sent`` has them;
- :class:`Sentences`: sentence texts and character offsets for evidence.

The values are cached in ``doc.user_data``. Only ``token_fixes`` retokenises,
and it runs first, before anything is cached.

>>> import spacy
>>> nlp = spacy.blank("en"); _ = nlp.add_pipe("sentencizer")
>>> doc = nlp("A Title\\nOne two. Three four.")
>>> title_end(doc), sentence_bounds(doc, 7), span_text(doc[3:6])
(2, (6, 9), 'One two.')
>>> Sentences(doc).around(doc[7].idx)
('Three four.', 17, 28)
"""

from __future__ import annotations

from bisect import bisect_right

from spacy.tokens import Doc, Span

__all__ = ["TEXT_KEY", "doc_text", "span_text", "title_end", "sentence_bounds", "Sentences"]

#: ``doc.user_data`` key of the cached text (set by :func:`extractors.handover.make_doc`).
TEXT_KEY = ("paperkg", "text")
_TITLE_END_KEY = ("paperkg", "title_end")
_SENT_STARTS_KEY = ("paperkg", "sentence_starts")


def doc_text(doc: Doc) -> str:
    """``doc.text``, computed once per document.

    spaCy rebuilds ``Doc.text`` from every token on each access (about 0.4 ms
    for an abstract); components that need the text call this instead.
    Retokenising never changes the text, so the cached value stays right.
    """
    text = doc.user_data.get(TEXT_KEY)
    if text is None:
        text = doc.user_data[TEXT_KEY] = doc.text
    return text


def span_text(span: Span) -> str:
    """``span.text``, sliced from the doc's cached text (``Span.text`` joins its tokens again on every call).

    >>> import spacy
    >>> doc = spacy.blank("en")("Mask R-CNN, (DETR) and ViT-B/16.")
    >>> all(span_text(doc[i:j]) == doc[i:j].text for i in range(len(doc)) for j in range(i, len(doc) + 1))
    True
    """
    return doc_text(span.doc)[span.start_char:span.end_char] if span.end > span.start else ""


def title_end(doc: Doc, *, untitled: int | None = None) -> int:
    """Index of the first token after the title: the title is the text before the first line break.

    A text without a line break is all title (``len(doc)``) unless *untitled*
    gives another answer (the salience rules read such a text as having no
    title: ``untitled=0``).

    >>> import spacy
    >>> nlp = spacy.blank("en")
    >>> title_end(nlp("X: a title\\nText")), title_end(nlp("No title")), title_end(nlp("No title"), untitled=0)
    (4, 2, 0)
    """
    end = doc.user_data.get(_TITLE_END_KEY)
    if end is None:
        end = -1
        newline = doc_text(doc).find("\n")  # a token's trailing white space is at most one space: the break is a token
        line_break = doc.char_span(newline, newline + 1, alignment_mode="expand") if newline >= 0 else None
        if line_break is not None:
            tok = doc[line_break.start]
            end = tok.i if tok.is_space else tok.i + 1
        doc.user_data[_TITLE_END_KEY] = end
    if end < 0:
        return len(doc) if untitled is None else untitled
    return end


def sentence_bounds(doc: Doc, i: int) -> tuple[int, int]:
    """``(start, end)`` of the sentence holding token *i*, as ``doc[i].sent`` has them (the whole doc unsplit).

    ``span.sent`` is the sentence of ``span.start``. The sentence starts are
    read once per doc.

    >>> import spacy
    >>> nlp = spacy.blank("en"); _ = nlp.add_pipe("sentencizer")
    >>> doc = nlp("One two. Three four five. Six")
    >>> [sentence_bounds(doc, i) for i in (0, 3, 8)] == [(s.start, s.end) for s in doc.sents]
    True
    """
    starts = doc.user_data.get(_SENT_STARTS_KEY)
    if starts is None:
        starts = [sent.start for sent in doc.sents] if doc.has_annotation("SENT_START") else []
        doc.user_data[_SENT_STARTS_KEY] = starts
    if i < 0:
        i += len(doc)
    k = bisect_right(starts, i)
    return (starts[k - 1] if k else 0), (starts[k] if k < len(starts) else len(doc))


class Sentences:
    """The sentences of one doc as character offsets: the sentence text around any evidence.

    Without sentence annotation a line (title, abstract) stands for a sentence.
    *text* is the text the doc was made from, when the caller has it; a text
    that does not match the doc is not trusted.
    """

    def __init__(self, doc: Doc, text: str | None = None) -> None:
        if text is None:
            text = doc_text(doc)
        elif not len(doc) or doc[-1].idx + len(doc[-1].text_with_ws) != len(text):
            text = doc.text
        self.text = text
        if doc.has_annotation("SENT_START"):
            self.bounds = [(s.start_char, s.end_char) for s in doc.sents]
        else:
            self.bounds, pos = [], 0
            for line in self.text.split("\n"):
                self.bounds.append((pos, pos + len(line)))
                pos += len(line) + 1
        self.starts = [b[0] for b in self.bounds]

    def around(self, start: int) -> tuple[str, int, int]:
        """The sentence holding character *start*: its text and character offsets."""
        i = max(0, bisect_right(self.starts, start) - 1)
        s, e = self.bounds[i]
        return self.text[s:e], s, e
