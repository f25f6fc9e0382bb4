"""spaCy pipeline components that find paper entities, and their vocabularies.

Importing this package does nothing: spaCy finds the components (and the
abstract tokenizer) through the ``spacy_factories`` / ``spacy_tokenizers``
entry points declared in ``pyproject.toml``, so::

    spacy.blank("en").add_pipe("methods")

works in a fresh interpreter. The shipped pipeline is described by
:data:`CONFIG` (``extractors/config.cfg``); :data:`MODEL_CONFIG`
(``extractors/config_model.cfg``) adds the trained span model (opt-in).
"""

from pathlib import Path

__all__ = ["CONFIG", "MODEL_CONFIG"]

#: The shipped pipeline config: a blank English pipeline plus our components.
CONFIG = Path(__file__).parent / "config.cfg"
#: The shipped pipeline plus the trained span model (``span_model``), opt-in: ``kg extract --config``.
MODEL_CONFIG = Path(__file__).parent / "config_model.cfg"
