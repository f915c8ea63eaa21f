"""The kinds of report section ("Recommendations", "Financial implications" …): one rule table.

The reader names each section's kind from its heading, the index stores it (a facet and a ranking
prior), the query language accepts `kind:` with aliases, and the website labels it. All of them
read this table, so a kind is added or renamed in one place. Order matters: the first rule whose
pattern finds the heading wins ("Reasons for the decision" is a decision, "Conclusion and
reasons for the recommendations" is neither).
"""
from __future__ import annotations

import re
from dataclasses import dataclass


@dataclass(frozen=True)
class SectionKind:
    """One kind: its name in the index, label, the words a query may use for it, ranking weight."""

    name: str
    label: str
    aliases: tuple[str, ...]
    weight: float  # how much a match in such a section counts (see search.ranking)


KIND_TABLE: tuple[SectionKind, ...] = (
    SectionKind("recommendations", "Recommendations", ("recommendation", "recommended", "rec", "recs"), 1.35),
    SectionKind("decision", "Decision / resolved", ("decisions", "resolved", "resolution", "resolutions"), 1.35),
    SectionKind("purpose", "Purpose", ("summary",), 1.25),
    SectionKind("background", "Background", (), 1.0),
    SectionKind("financial", "Financial implications", ("finance",), 0.85),
    SectionKind("legal", "Legal implications", ("governance",), 0.75),
    SectionKind("equality", "Equality", ("equalities",), 0.7),
    SectionKind("appendix", "Appendix", ("appendices",), 0.85),
    SectionKind("minutes", "Minutes", ("minute",), 1.15),
    SectionKind("other", "Other", (), 0.95),
)

# heading → kind, first match wins; a heading no rule finds is "other"
HEADING_RULES: tuple[tuple[str, re.Pattern[str]], ...] = tuple(
    (kind, re.compile(rx, re.IGNORECASE))
    for kind, rx in (
        ("other", r"\bconclusions?\b.*\b(?:reasons?\s+for|background\s+papers|timetable)"),
        ("recommendations", r"recommend"),
        ("decision", r"\bresolved\b|\bresolutions?\b|\bdecisions?\b|\bdecided\b"),
        ("appendix", r"\bappendi(?:x|ces)\b|^\W*annex\b"),
        ("purpose", r"\bpurpose\b|\bintroduction\b|\bsummary\b|\boverview\b"),
        ("financial", r"financ|resource\s+implications|\bbudget|\bcosts?\b"),
        ("legal", r"\blegal\b|\bgovernance\b|\bstatutory\b|\blaw\b"),
        ("equality", r"equalit|human\s+rights|diversity|\beqia\b"),
        ("background", r"background|considerations|\bcontext\b|policy\s+framework|previous\s+decisions|key\s+issues"),
        ("minutes", r"^\W*minutes\b"),
    )
)

KINDS: tuple[str, ...] = tuple(k.name for k in KIND_TABLE)
KIND_LABELS: dict[str, str] = {k.name: k.label for k in KIND_TABLE}
KIND_WEIGHTS: dict[str, float] = {k.name: k.weight for k in KIND_TABLE}
KIND_ALIASES: dict[str, str] = {
    word: k.name for k in KIND_TABLE for word in (k.name, *k.aliases)
}


def kind_of_heading(heading: str | None) -> str:
    """The kind a section heading names ("other" when none)."""
    if heading:
        for kind, rx in HEADING_RULES:
            if rx.search(heading):
                return kind
    return "other"


def section_kind(heading: str | None, parser_kind: str | None = None) -> str:
    """The kind of a section: what the reader recorded (any alias), else what its heading names.

    Packs indexed by older readers stored kinds of their own; an alias ("resolved") maps to the
    kind, an unknown word falls back to the heading.
    """
    if parser_kind and parser_kind.lower() != "other":
        kind = KIND_ALIASES.get(parser_kind.lower())
        if kind:
            return kind
    return kind_of_heading(heading)


__all__ = ["SectionKind", "KIND_TABLE", "HEADING_RULES", "KINDS", "KIND_LABELS", "KIND_WEIGHTS",
           "KIND_ALIASES", "kind_of_heading", "section_kind"]
