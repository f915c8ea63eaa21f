"""Benchmarks of agenda-search at archive scale (see benchmarks/README.md)."""
