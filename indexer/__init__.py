"""Turns agenda packs into meetings, items, reports and sections, and writes the index."""
