""""Did you mean": spelling corrections drawn from the index's own vocabulary.

Only words the archive has never seen are corrected, each to the most frequent word within two
edits, so a correct but rare term ("Kibblewhite") is never "fixed" into a common one, and
council jargon the archive does contain is trusted.
"""
from __future__ import annotations

import re
from typing import Sequence

from indexer.analysis import analyze_vocabulary

VOCAB_FIELD = "vocab"


def _corrections(searcher, words: Sequence[str]) -> dict[str, str]:
    reader = searcher.reader()
    corrector = searcher.corrector(VOCAB_FIELD)
    out: dict[str, str] = {}
    for word in words:
        if word.endswith("*") or any(ch.isdigit() for ch in word):
            continue
        forms = analyze_vocabulary(word)
        if len(forms) != 1:
            continue
        form = forms[0]
        if reader.doc_frequency(VOCAB_FIELD, form) > 0:
            continue
        maxdist = 1 if len(form) <= 4 else 2
        found = corrector.suggest(form, limit=1, maxdist=maxdist, prefix=1)
        if found and found[0] != form:
            out[word] = found[0]
    return out


def suggest(searcher, query_text: str, words: Sequence[str]) -> str | None:
    """The query with unknown words replaced by their closest known word, or None."""
    fixes = _corrections(searcher, words)
    if not fixes:
        return None
    text = query_text
    for wrong, right in fixes.items():
        text = re.sub(rf"(?<![\w]){re.escape(wrong)}(?![\w])", right, text, flags=re.IGNORECASE)
    return text if text != query_text else None


__all__ = ["suggest"]
