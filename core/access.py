"""Who may read restricted papers, and the per-item overrides of config.toml.

Shared by the reader (which marks items with the overrides), the configuration (which checks
them at start-up) and the website (whose accounts carry the roles), so it sits at the bottom
of the stack with the model.
"""
from __future__ import annotations

import fnmatch
import re
from dataclasses import dataclass

from .model import Item, Pack

ROLES = ("officer", "member")  # account roles; both may read restricted items
RESTRICTED_READERS = frozenset(ROLES)


@dataclass(frozen=True)
class Override:
    """One `[[access.override]]` entry of config.toml: matches items, forces their restriction."""

    restricted: bool
    source: str | None = None  # file name or glob ("cabinet-2017-*.pdf")
    item: str | None = None  # item number as printed
    date: str | None = None  # yyyy-mm-dd of the meeting
    reason: str | None = None

    def matches(self, pack: Pack, item: Item) -> bool:
        if self.source and not fnmatch.fnmatch(pack.source.lower(), self.source.lower()):
            return False
        if self.item and _norm_number(item.number) != _norm_number(self.item):
            return False
        if self.date and pack.date != self.date:
            return False
        return bool(self.source or self.item or self.date)


def _norm_number(s: str | None) -> str:
    return re.sub(r"[\s.()]", "", s or "").lower()
