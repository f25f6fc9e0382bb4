"""One module per harvested package; each exposes SOURCE, DIST, LICENCE, TAKEN and ``harvest()``."""
