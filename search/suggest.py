""""Did you mean": spelling corrections drawn from the index's own vocabulary.

Only words the archive has never seen are corrected (names included, so a surname like "Featherstonehaugh" is never
"fixed"), each to the closest word within two edits (then the commoner one); a mere change of
ending ("councillors" → "councillor") is not offered, since the search finds both anyway.
"""
from __future__ import annotations

import re
from collections.abc import Sequence

from core.analysis import analyze_vocabulary

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
        found = [f for f in corrector.suggest(form, limit=20, maxdist=maxdist, prefix=1) if f != form]
        if found:
            # closest spelling first, then one ending like the typed word (keeps plurals), then the commoner
            best = min(found, key=lambda f: (_distance(form, f), f[-1] != form[-1],
                                             -reader.doc_frequency(VOCAB_FIELD, f)))
            if not _inflection(form, best):  # "councillors" → "councillor": the search finds both anyway
                out[word] = best
    return out


_SUFFIXES = frozenset({"s", "es", "'s", "ed", "d", "ing", "ly", "er", "ers"})


def _inflection(a: str, b: str) -> bool:
    """One word is the other plus an inflectional ending (not a spelling mistake)."""
    short, long_ = sorted((a, b), key=len)
    return long_.startswith(short) and long_[len(short):] in _SUFFIXES


def _distance(a: str, b: str) -> int:
    """Damerau-Levenshtein distance (adjacent transpositions count once)."""
    prev2: list[int] = []
    prev = list(range(len(b) + 1))
    for i, ca in enumerate(a, 1):
        cur = [i] + [0] * len(b)
        for j, cb in enumerate(b, 1):
            cur[j] = min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (ca != cb))
            if i > 1 and j > 1 and ca == b[j - 2] and a[i - 2] == cb:
                cur[j] = min(cur[j], prev2[j - 2] + 1)
        prev2, prev = prev, cur
    return prev[-1]


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
