"""Exporters: read a :class:`~kg.graph.KnowledgeGraph`, write a file format.

Each format is a plain ``write_x(kg, path, **options)`` function in its own
module (``rdf``, ``neo4j_csv``, ``html``, ``graphml``), registered with
:data:`kg.registry.registry` through the descriptors in
:mod:`exports.plugins`. Exporters read the graph through its typed iterators
(:meth:`~kg.graph.KnowledgeGraph.nodes`, :meth:`~kg.graph.KnowledgeGraph.relations`)
and import nothing from ``extractors`` or the app layer.
"""

__all__: list[str] = []
