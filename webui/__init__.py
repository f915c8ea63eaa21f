"""The Flask website over the search API (sees plain Python objects only)."""
