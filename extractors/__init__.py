"""spaCy pipeline components that find paper entities, and their vocabularies.

Importing this package registers the component factories with spaCy; the
pipeline itself is assembled from ``extractors/config.cfg`` by
:func:`kg.pipeline.load_pipeline`.
"""

from extractors import (  # noqa: F401  (registers the factories)
    abbreviations,
    code_links,
    datasets,
    metrics,
    resolve,
    results,
    sentences,
    tasks,
    token_fixes,
    tokenizer,
    vocab_ruler,
)
from extractors import methods  # noqa: F401  (registers the "methods" factory)

__all__ = ["abbreviations", "code_links", "datasets", "metrics", "resolve", "results", "sentences", "tasks",
           "token_fixes", "tokenizer", "vocab_ruler", "methods"]
