"""The base of every paperkg component: a name, its cue words, the contract's extensions and spaCy's error handler.

spaCy runs a component without a ``pipe`` method one doc at a time and hands
a doc that makes it raise to the component's error handler
(``get_error_handler``); ``nlp.set_error_handler`` sets it on every component
that has ``set_error_handler``. With a handler that does not raise, the doc is
reported and skipped and the rest of the batch goes on. So no component
defines ``pipe``: one would bypass the handler.

>>> import spacy
>>> nlp = spacy.blank("en")
>>> _ = nlp.add_pipe("abbreviations")
>>> skipped = []
>>> nlp.set_error_handler(lambda name, proc, docs, e: skipped.extend(docs))
>>> nlp.get_pipe("abbreviations").get_error_handler() is not raise_error
True
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from spacy.util import raise_error

from extractors.cues import Cues
from extractors.spans import ensure_extensions

__all__ = ["Component", "ErrorHandler", "raise_error"]

#: spaCy's error handler signature: ``(component name, component, docs, exception)``.
ErrorHandler = Callable[[str, Any, list, Exception], Any]


class Component:
    """What every component shares (see the module docstring); subclasses define ``__call__``."""

    def __init__(self, name: str, cues: Cues | None = None) -> None:
        ensure_extensions()
        self.name = name
        self.cues = cues  #: the cue words, for components that read some (see extractors.cues)
        self._error_handler: ErrorHandler = raise_error

    def set_error_handler(self, error_handler: ErrorHandler) -> None:
        """Called by ``nlp.set_error_handler``: what to do with a doc that makes this component raise."""
        self._error_handler = error_handler

    def get_error_handler(self) -> ErrorHandler:
        """The handler spaCy calls with a doc that made this component raise (default: re-raise)."""
        return self._error_handler
