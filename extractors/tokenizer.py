"""The tokenizer for abstracts: spaCy's English tokenizer without emoticons.

spaCy keeps emoticons such as ``"):"`` and ``"(:"`` as single tokens, which
in scientific text swallows the colon after a definition ("Datamodel Matching
(DMM): a method ...") and hides the closing parenthesis from every pattern.
Abstracts contain no emoticons, so this tokenizer drops those exceptions. It
is registered with spaCy through the ``spacy_tokenizers`` entry point and
chosen in ``extractors/config.cfg``::

    [nlp.tokenizer]
    @tokenizers = "paperkg.abstract_tokenizer.v1"

>>> import spacy
>>> nlp = spacy.blank("en")
>>> nlp.tokenizer = registry.tokenizers.get("paperkg.abstract_tokenizer.v1")()(nlp)
>>> [t.text for t in nlp("Datamodel Matching (DMM): a method")]
['Datamodel', 'Matching', '(', 'DMM', ')', ':', 'a', 'method']
"""

from __future__ import annotations

from collections.abc import Callable

from spacy.lang.tokenizer_exceptions import emoticons
from spacy.language import Language
from spacy.tokenizer import Tokenizer
from spacy.util import registry

__all__ = ["make_abstract_tokenizer"]


def make_abstract_tokenizer() -> Callable[[Language], Tokenizer]:
    """spaCy's English tokenizer factory, minus the emoticon exceptions (see the module docstring)."""
    default = registry.tokenizers.get("spacy.Tokenizer.v1")()

    def create(nlp: Language) -> Tokenizer:
        tokenizer = default(nlp)
        tokenizer.rules = {k: v for k, v in tokenizer.rules.items() if k not in emoticons}
        return tokenizer

    return create
