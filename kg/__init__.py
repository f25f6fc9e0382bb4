"""paperkg: research papers in, an evidence-carrying knowledge graph out."""

__all__ = ["__version__"]

__version__ = "0.1.0"
