"""Score a parsed pack against a hand-checked gold file (tests/gold/<stem>.json), field by field.

Why a separate module: `scripts/eval_parse.py` (the readable report) and
`tests/test_parse_eval.py` (the no-regression gate) must score identically, so the rules
live here once. Everything works on the `Pack.to_json()` dict (the public `parse --json`
contract), which also lets the runner cache parses as plain JSON.

Gold format (one JSON object per document; tests/gold/README.md says it in words):
  file, country, kind, council [accepted names], meeting [accepted names], date (ISO;
  "" = the document names none), items [{number|null, title (str or list of accepted
  titles) | null, report_number?, optional?, resolutions? [starts]}], officers
  [{name (or list of the spellings the document uses), role}], sections [headings], minutes [{number, resolved|null}],
  resolutions [starts not tied to an item], scope {pages: [first, last], ...},
  needs_ocr (no text layer: scored, but left out of the averages).
A field missing from the gold file is not scored (None); an empty list means "the document
has none", so anything the parser invents there counts against it.

Scores (each 0..1, or None when the field does not apply to the document):
  meeting / council  1 if the parsed name is one of the accepted names (title similarity ≥ 0.8)
  date               1 if the ISO date is equal
  kind               1 if the pack's `kind` (or `document_kind`) equals the gold kind; None
                     while the parser does not report a kind
  items_recall       share of required gold items matched to a parsed item
  items_precision    share of parsed items (inside the scope) matched to any gold item
  titles             share of matched items whose title matches (similarity ≥ 0.8)
  report_numbers     share of gold report numbers found on the matched item
  officers_f1        F1 of officer names (surname + first initial when both sides have one)
  sections           share of gold headings found among the parsed section headings
  minutes            share of gold minute numbers found among the parsed minutes
  resolutions        share of gold decision starts (first 8 words) found in the decision text
                     of the right minute or item: Minute.resolved and sections of kind
                     decision/recommendations
Items are matched by normalised number (strict, then loose; the titles must share something —
at least half the shorter title's words — so row "01" of a statements table is not minute 1,
while a truncated title still finds its item), then by title similarity ≥ 0.8.
"""
from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from difflib import SequenceMatcher
from typing import Any

FIELDS: tuple[str, ...] = (
    "meeting", "date", "council", "kind", "items_recall", "items_precision", "titles",
    "report_numbers", "officers_f1", "sections", "minutes", "resolutions",
)
TITLE_MATCH = 0.8
NUMBER_TITLE_FLOOR = 0.5  # same number, but the shorter title shares under half its words: not the same item
DECISION_KINDS = {"decision", "recommendations"}
_DASHES = dict.fromkeys(map(ord, "\u2010\u2011\u2012\u2013\u2014\u2015\u2212"), "-")
_QUOTES = dict.fromkeys(map(ord, "\u2018\u2019\u201a\u201b\u2032`´"), "'") | dict.fromkeys(map(ord, "\u201c\u201d\u201e\u2033"), '"')
_HONORIFICS = {"mr", "mrs", "ms", "miss", "dr", "cllr", "councillor", "prof", "professor", "sir", "dame", "rev", "fr"}
_NUMBER_WORDS = re.compile(r"^\s*(?:agenda\s+item|item|minute|min|no\.?|number)\s*", re.I)
_HEADING_NUMBER = re.compile(r"^\s*(?:\(?[0-9]{1,3}(?:\.[0-9]+)*[.)]?|\(?[a-z][.)]|[ivxlc]+[.)])\s+", re.I)


# --------------------------------------------------------------------------- normalisation


def norm(text: str | None) -> str:
    """Lower-case words only: unify dashes, quotes and ordinals, drop punctuation."""
    if not text:
        return ""
    s = unicodedata.normalize("NFKC", str(text)).translate(_DASHES).translate(_QUOTES).lower()
    s = re.sub(r"\b(\d+)(?:st|nd|rd|th)\b", r"\1", s)
    s = re.sub(r"[^\w\s]|_", " ", s)
    return " ".join(s.split())


def similarity(a: str | None, b: str | None) -> float:
    """Max of character-sequence ratio and token overlap over the *longer* token set.

    Dividing by the longer side means a title that swallowed its description column, or
    lost half its words, does not match; small wording and punctuation differences do.
    """
    na, nb = norm(a), norm(b)
    if not na or not nb:
        return 0.0
    if na == nb:
        return 1.0
    ta, tb = set(na.split()), set(nb.split())
    overlap = len(ta & tb) / max(len(ta), len(tb))
    return max(overlap, SequenceMatcher(None, na, nb, autojunk=False).ratio())


def containment(a: str | None, b: str | None) -> float:
    """Share of the shorter title's words found in the longer one (a truncated title still counts)."""
    ta, tb = set(norm(a).split()), set(norm(b).split())
    if not ta or not tb:
        return 0.0
    return len(ta & tb) / min(len(ta), len(tb))


def best_containment(accepted: str | list[str] | None, got: str | None) -> float:
    options = accepted if isinstance(accepted, list) else [accepted]
    return max((containment(o, got) for o in options if o), default=0.0)


def best_similarity(accepted: str | list[str] | None, got: str | None) -> float:
    if accepted is None:
        return 0.0
    options = accepted if isinstance(accepted, list) else [accepted]
    return max((similarity(o, got) for o in options), default=0.0)


def number_keys(number: str | None) -> tuple[str, str] | None:
    """(strict, loose) keys: 'A.-1.' → ('a.1', 'a1'); 'Item 01' → ('1', '1'); '10H' → ('10.h', '10h')."""
    if number is None:
        return None
    s = _NUMBER_WORDS.sub("", unicodedata.normalize("NFKC", str(number)).lower())
    groups = [str(int(g)) if g.isdigit() else g for g in re.findall(r"\d+|[a-z]+", s)]
    if not groups:
        return None
    return ".".join(groups), "".join(groups)


def report_key(value: str | None) -> str:
    s = unicodedata.normalize("NFKC", str(value or "")).translate(_DASHES).lower()
    s = re.sub(r"^\s*(?:report|decision|resolution|file)?\s*(?:no\.?|number|#)?\s*:?\s*", "", s)
    return re.sub(r"\s+", "", s)


def name_tokens(name: str | None) -> list[str]:
    toks = [t for t in norm(name).split() if t not in _HONORIFICS and t not in {"cc", "obe", "mbe", "jp", "cmc"}]
    return toks


def names_match(a: str | list[str], b: str | list[str]) -> bool:
    if isinstance(a, list) or isinstance(b, list):
        return any(names_match(x, y) for x in (a if isinstance(a, list) else [a]) for y in (b if isinstance(b, list) else [b]))
    ta, tb = name_tokens(a), name_tokens(b)
    if not ta or not tb:
        return False
    if ta == tb:
        return True
    if ta[-1] != tb[-1]:
        return False
    if len(ta) == 1 or len(tb) == 1:
        return True  # one side gives only the surname
    return ta[0][0] == tb[0][0]


def heading_text(heading: str | None) -> str:
    return _HEADING_NUMBER.sub("", str(heading or "")).strip().rstrip(":").strip()


# --------------------------------------------------------------------------- matching


@dataclass
class ItemMatch:
    gold_to_parsed: dict[int, int] = field(default_factory=dict)
    in_scope: list[int] = field(default_factory=list)  # parsed items counted for precision


def _item_pages(item: dict[str, Any]) -> list[int] | None:
    """Physical pages of a parsed item: its own, else those of its first minute or section."""
    for pages in [item.get("source_pages")] + [m.get("pages") for m in item.get("minutes", [])] + [s.get("pages") for s in item.get("sections", [])]:
        if pages:
            return list(pages)
    return None


def _in_scope(item: dict[str, Any], scope: dict[str, Any] | None) -> bool | None:
    """True/False when the item's pages say; None when a page scope applies but the item has no pages."""
    if not scope or "pages" not in scope:
        return True
    pages = _item_pages(item)
    if not pages:
        return None
    first, last = scope["pages"]
    return pages[0] <= last and pages[1] >= first


def match_items(gold_items: list[dict[str, Any]], parsed_items: list[dict[str, Any]], scope: dict[str, Any] | None = None) -> ItemMatch:
    """Pair gold and parsed items: same strict number key, then same loose key (best title
    first within a key), then best title similarity ≥ 0.8 among what is left."""
    result = ItemMatch()
    inside = {i: _in_scope(p, scope) for i, p in enumerate(parsed_items)}
    free = {i for i, v in inside.items() if v is not False}

    def sim(gi: int, pi: int) -> float:
        return best_similarity(gold_items[gi].get("title"), parsed_items[pi].get("title"))

    for which in (0, 1):
        pairs = []
        for gi, g in enumerate(gold_items):
            gk = number_keys(g.get("number"))
            if gk is None or gi in result.gold_to_parsed:
                continue
            for pi in free:
                pk = number_keys(parsed_items[pi].get("number"))
                if pk is not None and pk[which] == gk[which]:
                    title = parsed_items[pi].get("title")
                    if g.get("title") is None or best_containment(g["title"], title) >= NUMBER_TITLE_FLOOR:
                        pairs.append((sim(gi, pi), -gi, -pi, gi, pi))
        for _, _, _, gi, pi in sorted(pairs, reverse=True):
            if gi not in result.gold_to_parsed and pi in free:
                result.gold_to_parsed[gi] = pi
                free.discard(pi)
    pairs = []
    for gi, g in enumerate(gold_items):
        if gi in result.gold_to_parsed or g.get("title") is None:
            continue
        for pi in free:
            s = sim(gi, pi)
            if s >= TITLE_MATCH:
                pairs.append((s, -gi, -pi, gi, pi))
    for _, _, _, gi, pi in sorted(pairs, reverse=True):
        if gi not in result.gold_to_parsed and pi in free:
            result.gold_to_parsed[gi] = pi
            free.discard(pi)
    # precision counts what is known to be inside the scope, and every matched item
    result.in_scope = sorted(i for i, v in inside.items() if v or i in result.gold_to_parsed.values())
    return result


def _greedy_count(gold: list[str], got: list[str], ok) -> int:
    """One-to-one matches between two multisets under predicate `ok(gold, got)`."""
    used: set[int] = set()
    n = 0
    for g in gold:
        for j, x in enumerate(got):
            if j not in used and ok(g, x):
                used.add(j)
                n += 1
                break
    return n


# --------------------------------------------------------------------------- scoring


def _name_score(accepted: list[str] | None, got: str | None) -> float | None:
    if accepted is None:
        return None
    if not accepted:
        return 1.0 if not got else 0.0
    return 1.0 if best_similarity(accepted, got) >= TITLE_MATCH else 0.0


def _decision_texts(item: dict[str, Any]) -> list[str]:
    texts = [m.get("resolved") or "" for m in item.get("minutes", [])]
    texts += [s.get("text") or "" for s in item.get("sections", []) if s.get("kind") in DECISION_KINDS]
    return [t for t in texts if t]


def _start_found(start: str, texts: list[str]) -> bool:
    want = " ".join(norm(start).split()[:8])
    return bool(want) and any(f" {want} " in f" {norm(t)} " for t in texts)


def _ratio(hit: int, total: int) -> float | None:
    return hit / total if total else None


def score(gold: dict[str, Any], pack: dict[str, Any]) -> dict[str, Any]:
    """Per-field scores (FIELDS) plus `detail` (what was missed) for one document."""
    items = pack.get("items") or []
    gold_items = gold.get("items")
    out: dict[str, Any] = {f: None for f in FIELDS}
    detail: dict[str, list[str]] = {}

    out["meeting"] = _name_score(gold.get("meeting"), pack.get("meeting"))
    out["council"] = _name_score(gold.get("council"), pack.get("council"))
    if "date" in gold:
        out["date"] = 1.0 if (gold["date"] or None) == (pack.get("date") or None) else 0.0
    got_kind = pack.get("kind", pack.get("document_kind"))
    if got_kind is not None and gold.get("kind"):
        out["kind"] = 1.0 if str(got_kind).lower() == gold["kind"] else 0.0

    match = ItemMatch()
    if gold_items is not None:
        match = match_items(gold_items, items, gold.get("scope"))
        required = [i for i, g in enumerate(gold_items) if not g.get("optional")]
        found = [i for i in required if i in match.gold_to_parsed]
        out["items_recall"] = _ratio(len(found), len(required))
        if match.in_scope:
            out["items_precision"] = len(set(match.gold_to_parsed.values()) & set(match.in_scope)) / len(match.in_scope)
        titled = [i for i in found if gold_items[i].get("title") is not None]
        good = [i for i in titled if best_similarity(gold_items[i]["title"], items[match.gold_to_parsed[i]].get("title")) >= TITLE_MATCH]
        out["titles"] = _ratio(len(good), len(titled))
        reps = [i for i in required if gold_items[i].get("report_number")]
        rep_ok = [i for i in reps if i in match.gold_to_parsed
                  and report_key(items[match.gold_to_parsed[i]].get("report_number")) == report_key(gold_items[i]["report_number"])]
        out["report_numbers"] = _ratio(len(rep_ok), len(reps))
        detail["items_missed"] = [f"{gold_items[i].get('number')} {_first(gold_items[i].get('title'))}" for i in required if i not in match.gold_to_parsed]
        detail["titles_wrong"] = [f"{gold_items[i].get('number')}: {items[match.gold_to_parsed[i]].get('title')!r}" for i in titled if i not in good]
        extra = sorted(set(match.in_scope) - set(match.gold_to_parsed.values()))
        detail["items_extra"] = [f"{items[p].get('number')} {items[p].get('title')}" for p in extra]

    if gold.get("officers") is not None:
        gold_names = [o["name"] for o in gold["officers"]]  # a name may list the spellings the document uses
        got_names: list[str] = []
        for o in [o for it in items for o in it.get("officers", [])] + list(pack.get("officers") or []):
            name = o.get("name") if isinstance(o, dict) else str(o)
            if name and not any(names_match(name, g) for g in got_names):
                got_names.append(name)
        if gold_names or got_names:
            hit = _greedy_count(gold_names, got_names, names_match)
            p = hit / len(got_names) if got_names else 0.0
            r = hit / len(gold_names) if gold_names else 0.0
            out["officers_f1"] = 2 * p * r / (p + r) if p + r else 0.0
            detail["officers_missed"] = [str(g) for g in gold_names if not any(names_match(g, x) for x in got_names)]
            detail["officers_extra"] = [x for x in got_names if not any(names_match(g, x) for g in gold_names)]

    if gold.get("sections") is not None:
        headings = [heading_text(s.get("heading")) for it in items for s in it.get("sections", [])]
        want = [heading_text(h) for h in gold["sections"]]
        hit = _greedy_count(want, headings, lambda g, x: similarity(g, x) >= TITLE_MATCH)
        out["sections"] = _ratio(hit, len(want))
        detail["sections_missed"] = [h for h in dict.fromkeys(want) if not any(similarity(h, x) >= TITLE_MATCH for x in headings)]

    parsed_minutes = [m for it in items for m in it.get("minutes", [])]
    if gold.get("minutes") is not None:
        numbers = list(dict.fromkeys(str(m["number"]) for m in gold["minutes"]))
        keys = [number_keys(m.get("number")) for m in parsed_minutes]
        found_n = [n for n in numbers if _minute_index(n, keys)]
        out["minutes"] = _ratio(len(found_n), len(numbers))
        detail["minutes_missed"] = [n for n in numbers if n not in found_n]

    out["resolutions"], detail["resolutions_missed"] = _score_resolutions(gold, items, parsed_minutes, match)
    out["detail"] = {k: v for k, v in detail.items() if v}
    return out


def _minute_index(number: str, keys: list[tuple[str, str] | None]) -> list[int]:
    want = number_keys(number)
    if want is None:
        return []
    strict = [i for i, k in enumerate(keys) if k and k[0] == want[0]]
    return strict or [i for i, k in enumerate(keys) if k and k[1] == want[1]]


def _score_resolutions(gold: dict[str, Any], items: list[dict[str, Any]], parsed_minutes: list[dict[str, Any]],
                       match: ItemMatch) -> tuple[float | None, list[str]]:
    pool = [t for it in items for t in _decision_texts(it)]
    keys = [number_keys(m.get("number")) for m in parsed_minutes]
    wanted: list[tuple[str, str, list[str]]] = []  # (label, start, texts to look in)
    for m in gold.get("minutes") or []:
        if m.get("resolved"):
            texts = [parsed_minutes[i].get("resolved") or "" for i in _minute_index(str(m["number"]), keys)]
            wanted.append((f"minute {m['number']}", m["resolved"], texts))
    for gi, g in enumerate(gold.get("items") or []):
        for start in g.get("resolutions") or []:
            pi = match.gold_to_parsed.get(gi)
            texts = _decision_texts(items[pi]) if pi is not None else []
            wanted.append((f"item {g.get('number')}", start, texts))
    for start in gold.get("resolutions") or []:
        wanted.append(("document", start, pool))
    missed = [f"{label}: {start}" for label, start, texts in wanted if not _start_found(start, texts)]
    return _ratio(len(wanted) - len(missed), len(wanted)), missed


def _first(title: str | list[str] | None) -> str:
    if isinstance(title, list):
        return title[0] if title else ""
    return title or ""


def mean_scores(per_doc: list[dict[str, Any]]) -> dict[str, tuple[float | None, int]]:
    """Field → (mean over the documents where it applies, number of such documents)."""
    out: dict[str, tuple[float | None, int]] = {}
    for f in FIELDS:
        vals = [d[f] for d in per_doc if d.get(f) is not None]
        out[f] = (sum(vals) / len(vals) if vals else None, len(vals))
    return out


__all__ = ["FIELDS", "score", "mean_scores", "match_items", "similarity", "number_keys", "names_match", "norm"]
