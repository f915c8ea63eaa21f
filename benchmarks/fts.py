"""The same documents and the same queries in SQLite FTS5 (stdlib sqlite3): the yardstick.

Documents: the public-index documents `indexer.index_pair.audience_documents` makes of each
pack (what the website's public searches read), one FTS5 row per section/minute/item with the
same text fields. Each field is stored as the tokens agenda-search's own analyzer makes of it
(stemmed, stop words out), each token spelt in [a-z0-9_] so FTS5's unicode61 tokenizer keeps it
whole: the two engines then hold the same terms, with the same document frequencies and the
same adjacency for phrases. (So FTS5's snippets show analysed tokens; they cost the same.)

Queries: `search.query.parse_query` with FTS5's own document frequencies (its fts5vocab table)
gives the same expanded query as the engine; every leaf is translated (terms, phrases, prefixes
on their fields; DisMax and OR as OR, AND, NOT), date ranges and facet filters become SQL. A
search answers what the website shows: the page of items ranked by their best document
(bm25 with the field weights of search.query_expand, times the document's prior), the number of
distinct items, distinct-item counts for the six facets (each with the other facets' filters),
and an FTS5 snippet() plus stored fields for each item shown. Not reproduced: concept
coordination, intent, item folding across papers (these sit above any engine).
"""
from __future__ import annotations

import re
import sqlite3
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterable, Sequence

from whoosh import query as Q

from core.fields import FACET_NAMES as FACETS
from core.schema import MULTI_VALUE_SEP, SEARCHABLE_DOC_TYPES, build_schema
from search.query_expand import IDENT_FIELDS, WORD_FIELDS

FTS_FIELDS = ("title", "report_title", "heading", "content", "officers", "report_of", "meeting", "council",
              "report", "ids", "report_no", "item", "kind", "minute", "key_decision", "exempt")
CONTENT_COLUMN = FTS_FIELDS.index("content")
_WEIGHTS = dict(WORD_FIELDS) | dict(IDENT_FIELDS)
BM25_WEIGHTS = ", ".join(str(_WEIGHTS.get(f, 1.0)) for f in FTS_FIELDS)
FACET_COLUMNS = {"meeting": "meeting_f", "year": "year", "council": "council_f", "kind": "kind",
                 "key_decision": "key_decision"}  # officer: its own table (several per document)
MAX_FACET_VALUES = 25
_SAFE = re.compile(r"[^a-z0-9]")


def encode(token: str) -> str:
    """A token spelt so FTS5 (unicode61, tokenchars '_') keeps it as one token."""
    return _SAFE.sub(lambda m: f"_{ord(m.group()):x}_", token)


# --------------------------------------------------------------------------- building


def _analysed(schema, name: str, value) -> str:
    if not value:
        return ""
    return " ".join(encode(t) for t in schema[name].process_text(str(value), mode="index"))


def build_database(files: Iterable[Path], db: Path) -> int:
    """Write the FTS5 database of the packs in `files` (JSON packs, see benchmarks.packio)."""
    from benchmarks.packio import read_pack
    from indexer.documents import file_sha256
    from indexer.index_pair import audience_documents

    schema = build_schema()
    db.unlink(missing_ok=True)
    con = sqlite3.connect(db)
    con.executescript(f"""
        PRAGMA journal_mode = OFF;
        PRAGMA synchronous = OFF;
        CREATE VIRTUAL TABLE docs USING fts5({", ".join(FTS_FIELDS)}, tokenize = "unicode61 tokenchars '_'");
        CREATE VIRTUAL TABLE vocab USING fts5vocab(docs, 'col');
        CREATE TABLE meta (rowid INTEGER PRIMARY KEY, item_id TEXT, pack_id TEXT, date TEXT, year TEXT,
            meeting_f TEXT, council_f TEXT, kind TEXT, key_decision TEXT, prior REAL,
            title TEXT, meeting TEXT, council TEXT, source TEXT, report_no TEXT, item TEXT);
        CREATE TABLE officer (rowid INTEGER, name TEXT);
        CREATE TABLE info (key TEXT PRIMARY KEY, value);
    """)
    n = 0
    for path in files:
        pack = read_pack(path)
        _, public = audience_documents(pack, sha256=file_sha256(path), path=str(path))
        for doc in public:
            if doc.get("doc_type") not in SEARCHABLE_DOC_TYPES:
                continue
            n += 1
            con.execute(f"INSERT INTO docs (rowid, {', '.join(FTS_FIELDS)}) VALUES (?, {', '.join('?' * len(FTS_FIELDS))})",
                        [n] + [_analysed(schema, f, doc.get(f)) for f in FTS_FIELDS])
            con.execute("INSERT INTO meta VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", (
                n, doc["item_id"], doc["pack_id"], doc.get("date") or "", doc.get("year") or "",
                (doc.get("meeting_f") or "").lower(), (doc.get("council_f") or "").lower(), doc.get("kind") or "",
                doc.get("key_decision") or "", (doc.get("prior") or 1000) / 1000.0, doc.get("title"),
                doc.get("meeting"), doc.get("council"), doc.get("source"), doc.get("report_no"), doc.get("item")))
            for name in dict.fromkeys((doc.get("officer_f") or "").split(MULTI_VALUE_SEP)):
                if name:
                    con.execute("INSERT INTO officer VALUES (?, ?)", (n, name.lower()))
    con.executescript("""
        CREATE INDEX officer_row ON officer (rowid);
        CREATE INDEX officer_name ON officer (name);
        INSERT INTO docs (docs) VALUES ('optimize');
    """)
    con.execute("INSERT INTO info VALUES ('documents', ?)", (n,))
    con.commit()
    con.execute("VACUUM")
    con.close()
    return n


# --------------------------------------------------------------------------- query translation


@dataclass
class Compiled:
    match: str | None  # FTS5 MATCH expression; None: every document
    where: list[tuple[str, tuple]] = field(default_factory=list)  # SQL conditions on meta (alias x)
    dropped: int = 0  # leaves FTS5 cannot express here (nested ranges)


def _leaf(node: Q.Query) -> str | None:
    f = node.fieldname
    if f not in FTS_FIELDS:
        return None
    if isinstance(node, Q.Term):
        return f'{f} : "{encode(str(node.text))}"'
    if isinstance(node, Q.Phrase):
        return f'{f} : "{" ".join(encode(str(w)) for w in node.words)}"'
    if isinstance(node, (Q.Prefix, Q.Wildcard)):
        stem = re.split(r"[*?]", str(node.text))[0]
        return f'{f} : "{encode(stem)}" *' if stem else None
    return None


def _fts(node: Q.Query, c: Compiled) -> str | None:
    if isinstance(node, (Q.Term, Q.Phrase, Q.Prefix, Q.Wildcard)):
        out = _leaf(node)
        c.dropped += out is None
        return out
    if isinstance(node, Q.AndMaybe):  # the optional side only scores
        return _fts(node.a, c)
    if isinstance(node, Q.AndNot):
        a, b = _fts(node.a, c), _fts(node.b, c)
        return a if b is None or a is None else f"({a}) NOT ({b})"
    if isinstance(node, Q.Require):
        parts = [p for p in (_fts(node.a, c), _fts(node.b, c)) if p]
        return " AND ".join(f"({p})" for p in parts) or None
    if isinstance(node, Q.And):
        pos = [p for p in (_fts(s, c) for s in node.subqueries if not isinstance(s, Q.Not)) if p]
        neg = [p for p in (_fts(s.query, c) for s in node.subqueries if isinstance(s, Q.Not)) if p]
        if not pos:
            return None
        out = " AND ".join(f"({p})" for p in pos)
        for n in neg:
            out = f"({out}) NOT ({n})"
        return out
    if isinstance(node, Q.CompoundQuery):  # Or, DisjunctionMax
        parts = [p for p in (_fts(s, c) for s in node.subqueries) if p]
        return " OR ".join(f"({p})" for p in parts) if parts else None
    c.dropped += 1  # ranges below the top, Every inside OR, …
    return None


def _date_range(node: Q.Query) -> list[tuple[str, tuple]] | None:
    if isinstance(node, Q.TermRange) and node.fieldname == "date":
        out = []
        if node.start:
            out.append(("x.date >" + ("" if node.startexcl else "=") + " ?", (str(node.start),)))
        if node.end:
            out.append(("x.date <" + ("" if node.endexcl else "=") + " ?", (str(node.end),)))
        return out
    return None


def compile_query(q: Q.Query | None) -> Compiled:
    """The expanded query as an FTS5 MATCH expression plus SQL conditions."""
    c = Compiled(None)
    if q is None:
        return c
    parts = q.subqueries if isinstance(q, Q.And) else [q]
    pos: list[str] = []
    neg: list[str] = []
    for part in parts:
        rng = _date_range(part)
        if rng is not None:
            c.where += rng
        elif isinstance(part, Q.Every):
            continue
        elif isinstance(part, Q.Not):
            n = _fts(part.query, c)
            if n:
                neg.append(n)
        else:
            p = _fts(part, c)
            if p:
                pos.append(p)
    if pos:
        c.match = " AND ".join(f"({p})" for p in pos)
        for n in neg:
            c.match = f"({c.match}) NOT ({n})"
    else:
        for n in neg:
            c.where.append(("x.rowid NOT IN (SELECT rowid FROM docs WHERE docs MATCH ?)", (n,)))
    return c


# --------------------------------------------------------------------------- searching


@dataclass(frozen=True)
class FtsHit:
    item_id: str
    title: str | None
    meeting: str | None
    date: str | None
    snippet: str


@dataclass(frozen=True)
class FtsResponse:
    total: int
    results: tuple[FtsHit, ...]
    facets: dict[str, tuple[tuple[str, int], ...]]
    dropped: int = 0


class FtsSearch:
    """One connection to the FTS5 database: open one per request, as the website opens its service."""

    def __init__(self, db: Path):
        self.con = sqlite3.connect(f"file:{db}?mode=ro", uri=True)
        self._n_docs: int | None = None

    def close(self) -> None:
        self.con.close()

    def _commonness(self, clause: Q.Query) -> float:
        """search.engine's rule (share of documents the clause's most frequent term is in), from fts5vocab."""
        from search.engine import MIN_DOCS_FOR_COMMON

        if self._n_docs is None:
            self._n_docs = int(self.con.execute("SELECT value FROM info WHERE key = 'documents'").fetchone()[0])
        if self._n_docs < MIN_DOCS_FOR_COMMON:
            return 0.0
        share = 0.0
        for leaf in clause.leaves():
            if isinstance(leaf, Q.Term) and leaf.fieldname in FTS_FIELDS:
                row = self.con.execute("SELECT doc FROM vocab WHERE term = ? AND col = ?",
                                       (encode(str(leaf.text)), leaf.fieldname)).fetchone()
                share = max(share, (row[0] if row else 0) / self._n_docs)
        return share

    def search(self, request) -> FtsResponse:
        from search.engine import _date_bounds
        from search.facets import normalise_filters
        from search.query import parse_query

        parsed = parse_query(request.query, self._commonness)
        if parsed.nothing:
            return FtsResponse(0, (), {})
        filters, _ = normalise_filters(request.filters)
        date_from, date_to = _date_bounds((request.date_from, request.date_to), (parsed.date_from, parsed.date_to))
        comp = compile_query(parsed.query)
        where = list(comp.where)
        if date_from:
            where.append(("x.date >= ?", (date_from,)))
        if date_to:
            where.append(("x.date <= ?", (date_to,)))
        cond = "".join(f" AND {sql}" for sql, _ in where)
        params: list = [p for _, ps in where for p in ps]
        cols = "x.item_id, x.date, x.year, x.meeting_f, x.council_f, x.kind, x.key_decision"
        con = self.con
        con.execute("DROP TABLE IF EXISTS temp.m")
        if comp.match:
            con.execute(f"CREATE TEMP TABLE m AS SELECT docs.rowid AS r, bm25(docs, {BM25_WEIGHTS}) * x.prior AS s, {cols} "
                        f"FROM docs JOIN meta x ON x.rowid = docs.rowid WHERE docs MATCH ?{cond}", [comp.match] + params)
        else:
            con.execute(f"CREATE TEMP TABLE m AS SELECT x.rowid AS r, 0.0 AS s, {cols} FROM meta x WHERE 1{cond}", params)

        def filt(skip: str | None) -> tuple[str, list]:
            sql, ps = [], []
            for name, values in filters.items():
                if name == skip:
                    continue
                marks = ", ".join("?" * len(values))
                if name == "officer":
                    sql.append(f"m.r IN (SELECT rowid FROM officer WHERE name IN ({marks}))")
                else:
                    sql.append(f"m.{FACET_COLUMNS[name]} IN ({marks})")
                ps += sorted(values)
            return (" WHERE " + " AND ".join(sql)) if sql else "", ps

        facets: dict[str, tuple[tuple[str, int], ...]] = {}
        for name in FACETS:
            w, ps = filt(name)
            if name == "officer":
                sql = (f"SELECT o.name, count(DISTINCT m.item_id) c FROM m JOIN officer o ON o.rowid = m.r{w} "
                       f"GROUP BY o.name ORDER BY c DESC LIMIT {MAX_FACET_VALUES}")
            else:
                col = FACET_COLUMNS[name]
                sql = (f"SELECT m.{col}, count(DISTINCT m.item_id) c FROM m{w} GROUP BY m.{col} "
                       f"ORDER BY c DESC LIMIT {MAX_FACET_VALUES}")
            facets[name] = tuple((v, c) for v, c in con.execute(sql, ps) if v)
        w, ps = filt(None)
        total = con.execute(f"SELECT count(DISTINCT m.item_id) FROM m{w}", ps).fetchone()[0]
        sort = request.sort if request.sort in ("newest", "oldest") else "relevance"
        if sort == "relevance" and not comp.match:
            sort = "newest"
        order = {"relevance": "best", "newest": "d DESC, best", "oldest": "d, best"}[sort]
        limit = max(1, int(request.limit))
        offset = (max(1, int(request.page)) - 1) * limit
        page = con.execute(f"SELECT m.item_id, m.r, min(m.s) AS best, max(m.date) AS d FROM m{w} "
                           f"GROUP BY m.item_id ORDER BY {order} LIMIT ? OFFSET ?", ps + [limit, offset]).fetchall()
        rows = [r for _, r, _, _ in page]
        marks = ", ".join("?" * len(rows))
        snippets: dict[int, str] = {}
        if rows and comp.match:
            snippets = dict(con.execute(
                f"SELECT rowid, snippet(docs, {CONTENT_COLUMN}, '<mark>', '</mark>', '…', 24) FROM docs "
                f"WHERE docs MATCH ? AND rowid IN ({marks})", [comp.match] + rows))
        elif rows:
            snippets = dict(con.execute(f"SELECT rowid, substr(content, 1, 200) FROM docs WHERE rowid IN ({marks})", rows))
        stored = {r[0]: r for r in con.execute(
            f"SELECT rowid, item_id, title, meeting, date FROM meta WHERE rowid IN ({marks})", rows)} if rows else {}
        hits = tuple(FtsHit(stored[r][1], stored[r][2], stored[r][3], stored[r][4], snippets.get(r, "")) for r in rows)
        con.execute("DROP TABLE temp.m")
        return FtsResponse(total, hits, facets, comp.dropped)


def available() -> bool:
    """Whether this Python's SQLite has FTS5."""
    try:
        con = sqlite3.connect(":memory:")
        con.execute("CREATE VIRTUAL TABLE t USING fts5(x)")
        con.close()
        return True
    except sqlite3.OperationalError:
        return False


__all__ = ["FTS_FIELDS", "encode", "build_database", "compile_query", "Compiled", "FtsSearch", "FtsResponse",
           "available"]
