"""The one vocabulary of the archive: index fields, query-language fields, facets and sorts.

Everything that names a field reads it from here: the index schema (core.schema), the document
builder (indexer.documents fills facet columns from `FACETS`), query parsing and expansion
(search.query_prep, search.query_expand), facet filtering and counting (search.facets), the
website's parameters and labels (webui.params, webui.facets) and the command line's choices
(cli.commands). Adding a facet is one `Facet` entry (plus, for a new kind of value, an index
field holding it); a query field is one `QueryField`. The tables are plain frozen data, so a
second search engine reads the same vocabulary and compiles it its own way.
"""
from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Literal

from .section_kinds import KIND_ALIASES, KIND_LABELS, KINDS

Analysis = Literal["text", "id", "vocab"]
"""How a field's text is split into terms (core.analysis): stemmed words, identifiers, plain words."""


@dataclass(frozen=True)
class IndexField:
    """One field of every searchable document."""

    name: str
    type: Literal["text", "id", "int", "stored"]
    stored: bool = False
    column: bool = False  # a per-document column (sorting, facets, ranking reads it without stored fields)
    analysis: Analysis | None = None
    phrase: bool = True  # positions kept, so phrases match
    unique: bool = False
    word: float = 0.0  # weight when a plain word of a query is searched in this field (0: not searched)
    phrase_weight: float = 0.0  # weight of a quoted phrase in this field
    bigram: float = 0.0  # weight of two neighbouring query words as a phrase in this field
    ident: float = 0.0  # weight of an identifier-like word (report number, minute number)
    doc: str = ""


INDEX_FIELDS: tuple[IndexField, ...] = (
    # identity and grouping
    IndexField("doc_id", "id", stored=True, unique=True),
    IndexField("doc_type", "id", stored=True, column=True),
    IndexField("pack_id", "id", stored=True, column=True),
    IndexField("item_id", "id", stored=True, column=True),
    IndexField("item", "id", stored=True, analysis="id", doc="agenda item number as printed"),
    IndexField("seq", "int", stored=True, column=True, doc="order of the document within its pack"),
    IndexField("source", "id", stored=True),
    IndexField("sha256", "id", stored=True),
    # meeting ("council" is not searched for plain words: a council's name matched every document
    # of its packs; the names are in the text anyway, and `council:` and the facet restrict)
    IndexField("council", "text", stored=True, analysis="text"),
    IndexField("meeting", "text", stored=True, analysis="text", word=0.6, bigram=1.5),
    IndexField("date", "id", stored=True, column=True, doc="ISO yyyy-mm-dd"),
    IndexField("year", "id", stored=True, column=True),
    # item and report
    IndexField("title", "text", stored=True, analysis="text", word=4.0, phrase_weight=4.0, bigram=4.0),
    IndexField("report", "text", analysis="text", ident=4.0, doc="report number + report title, for `report:`"),
    IndexField("report_no", "id", stored=True, analysis="id"),
    IndexField("report_title", "text", stored=True, analysis="text", word=3.0, phrase_weight=3.0, bigram=3.0),
    IndexField("report_of", "text", stored=True, analysis="text", word=1.0, bigram=2.5),
    IndexField("officers", "text", stored=True, analysis="text", word=2.5, phrase_weight=2.5, bigram=2.5,
               doc='"Name, role; Name, role"'),
    IndexField("ids", "text", analysis="text", phrase=False, ident=8.0,
               doc="report number, forward plan reference, minute number"),
    IndexField("key_decision", "id", stored=True, column=True, doc="yes | no | unknown"),
    IndexField("exempt", "id", stored=True, doc="yes | no | unknown"),
    IndexField("restricted", "id", stored=True, doc='"yes" on a restricted item\'s documents'),
    IndexField("item_pages", "stored", doc="printed page range from the front sheet"),
    # section
    IndexField("heading", "text", stored=True, analysis="text", word=1.5, phrase_weight=1.5, bigram=1.5),
    IndexField("kind", "id", stored=True, column=True, doc="section kind (core.section_kinds)"),
    IndexField("minute", "id", stored=True, analysis="id"),
    IndexField("pages", "stored", doc="physical pages in the file"),
    IndexField("line_pages", "stored", doc='page of each line of the content, in runs: "3*12 4*8" (core.model.Section.line_pages)'),
    IndexField("content", "text", stored=True, analysis="text", word=1.0, phrase_weight=1.0, bigram=1.0),
    IndexField("vocab", "text", analysis="vocab", phrase=False, doc='unstemmed words for "did you mean"'),
    # ranking prior (section kind, boilerplate, procedure) in thousandths, as a column: ranking reads
    # it for every match without loading stored fields (whoosh-reloaded 2.7.5 cannot write float columns)
    IndexField("prior", "int", column=True),
    IndexField("procedural", "id", stored=True, doc='"1" for apologies, declarations, minutes approval…'),
    # facet columns (exact values; see FACETS)
    IndexField("council_f", "id", stored=True, column=True),
    IndexField("meeting_f", "id", stored=True, column=True),
    IndexField("officer_f", "id", stored=True, column=True),
    # pack registry and stored pack (doc_type "pack" / "packdata")
    IndexField("paper", "id", stored=True, doc="the stable first part of the pack's item ids"),
    IndexField("path", "stored"),
    IndexField("indexed_at", "stored"),
    IndexField("pack_pages", "stored"),
    IndexField("file_size", "stored"),
    IndexField("n_items", "stored"),
    IndexField("n_sections", "stored"),
    IndexField("has_restricted", "stored", doc='"yes" when any part of the file is restricted'),
    IndexField("reader_version", "stored"),
    IndexField("pack_json", "stored", doc="zlib JSON of the parsed pack (core.schema.dump_pack_json)"),
)
INDEX_FIELD = {f.name: f for f in INDEX_FIELDS}


def weighted(attr: Literal["word", "phrase_weight", "bigram", "ident"]) -> tuple[tuple[str, float], ...]:
    """(field, weight) of the index fields a query searches in one way, in registry order."""
    return tuple((f.name, getattr(f, attr)) for f in INDEX_FIELDS if getattr(f, attr))


YES_NO: Mapping[str, str] = {
    "yes": "yes", "y": "yes", "true": "yes", "1": "yes",
    "no": "no", "n": "no", "false": "no", "0": "no",
    "unknown": "unknown",
}
"""What a query or filter may write for a yes/no field, and the value indexed."""

QueryMatch = Literal["words", "item", "report", "minute", "kind", "yes_no", "date", "text"]


@dataclass(frozen=True)
class QueryField:
    """One field of the query language (`officer:Smith`): the names a user may type for it and
    the index fields it searches."""

    name: str
    aliases: tuple[str, ...]
    targets: tuple[str, ...]  # index fields searched
    match: QueryMatch  # how a value is searched (search.query_expand)
    patterns: bool = False  # prefix / wildcard (`officer:sm*`) allowed


QUERY_FIELDS: tuple[QueryField, ...] = (
    QueryField("meeting", ("committee",), ("meeting",), "words", patterns=True),
    QueryField("officer", ("officers", "author", "by"), ("officers", "report_of"), "words", patterns=True),
    QueryField("report", (), ("report",), "report", patterns=True),
    QueryField("council", ("authority",), ("council",), "words", patterns=True),
    QueryField("item", (), ("item", "title"), "item"),
    QueryField("title", (), ("title", "report_title"), "words", patterns=True),
    QueryField("section", ("heading",), ("heading",), "words", patterns=True),
    QueryField("kind", ("type",), ("kind",), "kind"),
    QueryField("minute", (), ("minute",), "minute"),
    QueryField("date", ("year",), ("date",), "date"),
    QueryField("key", ("key_decision",), ("key_decision",), "yes_no"),
    QueryField("exempt", (), ("exempt",), "yes_no"),
    QueryField("text", (), tuple(name for name, _ in weighted("word")), "text", patterns=True),
)
QUERY_FIELD = {f.name: f for f in QUERY_FIELDS}
QUERY_FIELD_ALIASES: Mapping[str, str] = {
    alias: f.name for f in QUERY_FIELDS for alias in (f.name, *f.aliases)
}
"""user-typed field name → query field"""

FacetOrder = Literal["count", "value_desc", "fixed", "count_then_fixed"]


@dataclass(frozen=True)
class Facet:
    """One facet: a filter of the search page and its counts of matching items.

    Its column is filled by the document builder from `source` (an attribute the builder knows:
    see indexer.documents.facet_values); several values in one column are joined by
    core.schema.MULTI_VALUE_SEP.
    """

    name: str  # URL parameter, filter name, key in SearchResponse.facets
    label: str  # heading on the website
    column: str  # index field holding the exact value(s)
    source: str  # what fills the column: a meeting field, the year of the date, officer names…
    order: FacetOrder = "count"
    aliases: tuple[str, ...] = ()  # other names a filter may use (`officers=`, `key=`)
    value_aliases: Mapping[str, str] = field(default_factory=dict)  # typed value → indexed value
    value_labels: Mapping[str, str] = field(default_factory=dict)  # indexed value → label shown
    fixed_order: tuple[str, ...] = ()  # for order "fixed" / "count_then_fixed"
    example: str = ""  # shown in help texts


KEY_DECISION_LABELS: Mapping[str, str] = {"yes": "Key decision", "no": "Not a key decision", "unknown": "Not stated",
                                           "none": "Not stated", "": "Not stated"}

FACETS: tuple[Facet, ...] = (
    Facet("council", "Council", "council_f", "council"),
    Facet("meeting", "Meeting", "meeting_f", "meeting", example="Cabinet"),
    Facet("year", "Year", "year", "year", order="value_desc", example="2017"),
    Facet("officer", "Contact officer", "officer_f", "officers", aliases=("officers", "author")),
    Facet("kind", "Section kind", "kind", "kind", order="count_then_fixed", value_aliases=KIND_ALIASES,
          value_labels=KIND_LABELS, fixed_order=KINDS, example="recommendations"),
    Facet("key_decision", "Key decision", "key_decision", "key_decision", order="fixed", aliases=("key",),
          value_aliases=YES_NO, value_labels=KEY_DECISION_LABELS, fixed_order=("yes", "no", "unknown")),
)
"""In display order (website, CLI, JSON)."""
FACET = {f.name: f for f in FACETS}
FACET_NAMES: tuple[str, ...] = tuple(f.name for f in FACETS)
FACET_COLUMNS: Mapping[str, str] = {f.name: f.column for f in FACETS}
"""facet → the index column holding its values"""
FACET_ALIASES: Mapping[str, str] = {a: f.name for f in FACETS for a in (f.name, *f.aliases)}
"""filter name as typed (lower case, "-" as "_") → facet"""


@dataclass(frozen=True)
class Sort:
    """One order of results."""

    name: str
    label: str


SORTS: tuple[Sort, ...] = (
    Sort("relevance", "Best match"),
    Sort("newest", "Newest first"),
    Sort("oldest", "Oldest first"),
)
SORT_NAMES: tuple[str, ...] = tuple(s.name for s in SORTS)
DEFAULT_SORT = "relevance"


def facet_named(name: str) -> Facet | None:
    """The facet a filter name means (`officers`, `Key-Decision` …), or None."""
    return FACET.get(FACET_ALIASES.get((name or "").strip().lower().replace("-", "_"), ""))


def facet_value(facet: Facet, value: str) -> str:
    """A filter value as the column holds it (aliases resolved, lower case)."""
    v = (value or "").strip().lower()
    return facet.value_aliases.get(v, v)


def value_label(facet_name: str, value: str) -> str:
    """How a facet value is shown ("recommendations" → "Recommendations")."""
    facet = FACET.get(facet_name)
    return facet.value_labels.get(value, value) if facet else value


def _check() -> None:
    """The registry's own consistency, checked at import: a typo fails at once, not in a search."""
    for f in QUERY_FIELDS:
        unknown = [t for t in f.targets if t not in INDEX_FIELD]
        assert not unknown, f"query field {f.name}: unknown index fields {unknown}"
    for facet in FACETS:
        assert facet.column in INDEX_FIELD and INDEX_FIELD[facet.column].column, f"facet {facet.name}: no column"
    names = [a for f in QUERY_FIELDS for a in (f.name, *f.aliases)]
    assert len(names) == len(set(names)), "a query field alias is used twice"


_check()

__all__ = ["IndexField", "INDEX_FIELDS", "INDEX_FIELD", "weighted", "YES_NO", "QueryField", "QUERY_FIELDS",
           "QUERY_FIELD", "QUERY_FIELD_ALIASES", "Facet", "FACETS", "FACET", "FACET_NAMES", "FACET_COLUMNS", "FACET_ALIASES",
           "KEY_DECISION_LABELS", "Sort", "SORTS", "SORT_NAMES", "DEFAULT_SORT", "facet_named", "facet_value",
           "value_label"]
