"""Queries mean what they say: `-word` and `NOT word` exclude *items* that contain the word
anywhere (any section, the minutes, the same item in the meeting's other papers); AND, OR,
parentheses and phrases work over items (A in one section and B in another is A AND B).

Regressions: `speed -cameras` was searched as `speed OR cameras`, and `speed NOT cameras` only
dropped the sections that say "cameras", so items that talk of cameras elsewhere came first.

Two indexes: a small one built here whose answers are known exactly, and the real sample
index, checked against an oracle that reads each item's full text through the public API.
"""
from __future__ import annotations

import pytest

from core.analysis import analyze
from search.item_logic import EVERYTHING, ItemSet
from search.query import parse_query
from search.results import SearchRequest


def pack(date_long: str, date_th: str, items: list[tuple[str, str, list[tuple[str, str]]]]) -> str:
    """A plain-text agenda pack (front sheet and reports) with these items and report sections."""
    front = "\n".join(f"{n}) {title.upper()}\n\nReport No. {n}0{n}/2017 (Pages 3 - 6)\n" for n, title, _ in items)
    reports = []
    for n, title, sections in items:
        secs = "\n".join(f"{i} {h.upper()}\n\n{i}.1 {t}\n" for i, (h, t) in enumerate(sections, 1))
        reports.append(f"Agenda Item {n}\n\nReport No: {n}0{n}/2017 PUBLIC REPORT\n\nCABINET\n\n{date_th}\n\n"
                       f"{title.upper()}\n\nReport of the Director for Places\n\nKey Decision: No\n"
                       f"Exempt Information: No\n\n{secs}\n")
    return (f"Public Document Pack\n\nExampleshire County Council\n\nCounty Hall, Exampletown.\n\n"
            f"Meeting:\tCABINET\nDate and Time:\t{date_long} at 9.30 am\nVenue:\tCOUNCIL CHAMBER\n\n"
            f"AGENDA\n\nAPOLOGIES FOR ABSENCE\n\n1) ANNOUNCEMENTS FROM THE CHAIRMAN\n\n"
            f"REPORT OF THE DIRECTOR FOR PLACES\n\n{front}\n---000----\n\n" + "\n".join(reports))


AGENDA = pack("Tuesday, 20 June 2017", "20th June 2017", [
    ("2", "Village traffic review", [("Purpose of the report", "A review of speed on village roads."),
                                     ("Financial implications", "Mobile cameras would cost money.")]),
    ("3", "Road safety near schools", [("Purpose of the report", "Schemes to reduce speed near schools.")]),
    ("4", "Town centre parking", [("Purpose of the report", "New cameras in the car parks.")]),
    ("5", "Highways maintenance programme", [("Purpose of the report", "Resurfacing, and humps to slow speed.")]),
    ("6", "Library opening hours", [("Purpose of the report", "Evening opening of the libraries.")]),
    ("7", "Speed limit consultation", [("Purpose of the report", "A new speed limit on the A6003."),
                                       ("Background", "Residents asked for cameras.")]),
    ("8", "Rural lanes", [("Purpose of the report", "The speed limit on rural lanes.")]),
])
# The meeting's supplementary papers: item 5 again, and only here does it mention cameras.
SUPPLEMENT = pack("Tuesday, 20 June 2017", "20th June 2017", [
    ("5", "Highways maintenance programme", [("Appendix", "Cameras will watch the works at night.")]),
])


@pytest.fixture(scope="module")
def small(tmp_path_factory):
    """The real engine over the two packs above (indexed by the real writer)."""
    from indexer.writer import index_paths
    from search.engine import open_service

    folder = tmp_path_factory.mktemp("logic-packs")
    (folder / "exampleshire-cabinet-2017-06-20-agenda.txt").write_text(AGENDA, encoding="utf-8")
    (folder / "exampleshire-cabinet-2017-06-20-supplement.txt").write_text(SUPPLEMENT, encoding="utf-8")
    index_dir = tmp_path_factory.mktemp("logic-index")
    summary = index_paths([folder], index_dir, timeout=60)
    assert not summary.failed and len(summary.added) == 2
    service = open_service(index_dir)
    yield service
    service.close()


def items(service, query: str) -> set[str]:
    """The item numbers a query finds (each meeting item once: the two papers of item 5 fold)."""
    resp = service.search(SearchRequest(query=query, limit=100))
    numbers = [h.item for h in resp.results]
    assert len(numbers) == len(set(numbers)) == resp.total, (query, numbers)
    return set(numbers)


CASES = [
    ("speed", {"2", "3", "5", "7", "8"}),
    ("cameras", {"2", "4", "5", "7"}),
    # NOT / -word: the whole item goes, wherever the word is (2: another section; 5: the other paper)
    ("speed -cameras", {"3", "8"}),
    ("speed NOT cameras", {"3", "8"}),
    ("speed AND NOT cameras", {"3", "8"}),
    ("speed ANDNOT cameras", {"3", "8"}),
    ("-cameras speed", {"3", "8"}),
    ("speed −camera", {"3", "8"}),  # a typographic minus, and the singular (the same stem)
    ("-cameras", {"1", "3", "6", "8"}),
    ("NOT cameras", {"1", "3", "6", "8"}),
    ("speed -cameras -schools", {"8"}),
    ("speed -(cameras OR schools)", {"8"}),
    ("speed AND NOT (cameras OR lanes)", {"3"}),
    # AND: one word in one section, the other in another, or in the other paper of the item
    ("speed AND cameras", {"2", "5", "7"}),
    ("speed AND cameras AND money", {"2"}),
    ("speed AND (schools OR lanes)", {"3", "8"}),
    ("(speed OR cameras) AND NOT (schools OR lanes)", {"2", "4", "5", "7"}),
    ("speed OR parking", {"2", "3", "4", "5", "7", "8"}),
    ("speed cameras -limit", {"2", "3", "4", "5"}),
    # phrases at item level
    ('"speed limit"', {"7", "8"}),
    ('"speed limit" AND cameras', {"7"}),
    ('"speed limit" -cameras', {"8"}),
    ('speed -"speed limit"', {"2", "3", "5"}),
    # field values exclude and combine the same way
    ("speed -title:lanes", {"2", "3", "5", "7"}),
    ("speed -meeting:cabinet", set()),
    ("cameras AND kind:background", {"7"}),
    # a hyphen inside a word is not an exclusion
    ("a6003", {"7"}),
]


@pytest.mark.parametrize("query,expected", CASES, ids=[c[0] for c in CASES])
def test_boolean_queries_work_over_whole_items(small, query, expected):
    assert items(small, query) == expected


def test_speed_not_cameras_no_longer_puts_camera_items_first(small):
    """The defect as a journalist met it: "speed but not cameras"."""
    for query in ("speed -cameras", "speed NOT cameras"):
        resp = small.search(SearchRequest(query=query, limit=100))
        assert resp.results and resp.interpreted == "speed; NOT cameras"
        for hit in resp.results:
            for paper in (hit.item_id, *[i for i, _ in hit.also_in], *[h.item_id for h in small.related(hit.item_id)]):
                assert "camera" not in full_text(small, paper)


def test_an_and_item_is_one_hit_with_its_other_paper_and_scores_both_words(small):
    resp = small.search(SearchRequest(query="speed AND cameras", limit=100))
    [item5] = [h for h in resp.results if h.item == "5"]
    assert len(item5.also_in) == 1  # the supplement is listed with it, not a second hit
    by_item = {h.item: h for h in resp.results}
    assert by_item["2"].score > 0 and by_item["7"].score > 0


def test_facet_counts_follow_the_exclusion(small):
    resp = small.search(SearchRequest(query="speed -cameras", limit=100))
    [cabinet] = resp.facets["meeting"]
    assert cabinet.count == resp.total == 2


def test_plain_questions_have_no_item_logic_and_rank_as_before():
    assert parse_query("speed cameras in villages").logic is None
    assert parse_query("procurement kind:recommendations").logic is None
    assert parse_query("call-in of the family hubs decision").logic is None
    assert parse_query("speed -cameras").logic is not None


def test_item_sets_combine_like_sets():
    a, b = ItemSet(frozenset({"1", "2"})), ItemSet(frozenset({"2", "3"}))
    assert (a & b).ids == {"2"} and (a | b).ids == {"1", "2", "3"}
    assert (a & ~b).ids == {"1"} and not (a & ~b).negated
    assert "9" in (~a | ~b) and "2" not in (~a | ~b) and "1" in (~a | ~b)
    assert "9" in (~a & ~b) and "3" not in (~a & ~b)
    assert (EVERYTHING & a) == a and "anything" in EVERYTHING


# --------------------------------------------------------------------------- the real sample index


_TEXTS: dict[tuple[int, str], frozenset[str]] = {}


def full_text(service, item_id: str) -> str:
    """Everything the index stores about one paper of an item (its sections, minutes and agenda
    entry, titles, officers), as analysed (stemmed) words: read from the stored documents, not
    through any query."""
    from core.schema import SEARCHABLE_DOC_TYPES

    parts = []
    for fields in service.searcher.documents(item_id=item_id):
        if fields.get("doc_type") in SEARCHABLE_DOC_TYPES:
            parts += [str(v) for k, v in fields.items() if isinstance(v, str) and k not in ("pack_json", "path")]
    assert parts, item_id
    return " ".join(analyze(" ".join(parts)))


_RELATED: dict[tuple[int, str], tuple[str, ...]] = {}


def group_of(service, hit) -> set[str]:
    """The item's papers: the hit, the papers folded into it, and the same item's other papers."""
    key = (id(service), hit.item_id)
    if key not in _RELATED:
        _RELATED[key] = tuple(h.item_id for h in service.related(hit.item_id))
    return {hit.item_id, *[i for i, _ in hit.also_in], *_RELATED[key]}


def words_of(service, item_id: str) -> frozenset[str]:
    key = (id(service), item_id)
    if key not in _TEXTS:
        _TEXTS[key] = frozenset(full_text(service, item_id).split())
    return _TEXTS[key]


def mentions(service, group: set[str], word: str) -> bool:
    term = analyze(word)[0]
    return any(term in words_of(service, i) for i in group)


# Word pairs without query-side synonyms, so that "contains the word" is the word's own stem.
PAIRS = [("budget", "children"), ("inspection", "ofsted"), ("report", "budget"), ("plan", "review"),
         ("council", "health"), ("speed", "camera")]


@pytest.mark.parametrize("a,b", PAIRS)
def test_sample_exclusion_drops_exactly_the_items_that_mention_the_word(engine, a, b):
    every = engine.search(SearchRequest(query=a, limit=1000)).results
    for query in (f"{a} -{b}", f"{a} NOT {b}"):
        kept = engine.search(SearchRequest(query=query, limit=1000)).results
        assert all(not mentions(engine, group_of(engine, h), b) for h in kept), query
        expected = [h.item_id for h in every if not mentions(engine, group_of(engine, h), b)]
        assert sorted(h.item_id for h in kept) == sorted(expected), query
    assert len(expected) < len(every)  # the pair is a real test: something is excluded


@pytest.mark.parametrize("a,b", PAIRS)
def test_sample_and_finds_the_items_with_both_words_anywhere(engine, a, b):
    both = engine.search(SearchRequest(query=f"{a} AND {b}", limit=1000)).results
    assert both, (a, b)
    for hit in both:
        group = group_of(engine, hit)
        assert mentions(engine, group, a) and mentions(engine, group, b), hit.item_id
    with_a = engine.search(SearchRequest(query=a, limit=1000)).results
    ids = {i for h in both for i in group_of(engine, h)}
    missing = [h.item_id for h in with_a if mentions(engine, group_of(engine, h), b) and h.item_id not in ids]
    assert not missing, missing
    either = engine.search(SearchRequest(query=f"{a} OR {b}", limit=1000))
    assert either.total >= max(len(both), len(with_a))


def test_sample_speed_not_cameras_puts_no_camera_item_first(engine):
    with_cameras = engine.search(SearchRequest(query="speed")).results[0]
    assert mentions(engine, group_of(engine, with_cameras), "cameras")  # the item that used to lead
    for query in ("speed -cameras", "speed NOT cameras"):
        resp = engine.search(SearchRequest(query=query, limit=100))
        assert resp.results and with_cameras.item_id not in {h.item_id for h in resp.results}
