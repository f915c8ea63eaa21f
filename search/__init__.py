"""Reads the index: query parsing, ranked item-grouped results, facets."""
