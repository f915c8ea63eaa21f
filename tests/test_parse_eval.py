"""Hold the parser to its hand-checked field scores on every gold document (tests/gold/).

Each document's per-field scores (scripts/eval_parse.py; rules in tests/parse_gold.py) may
not fall more than 0.001 below tests/gold/baseline.json. After an improvement, raise the
baseline so it is kept:

    .venv/bin/python scripts/eval_parse.py --write-baseline
    git add tests/gold/baseline.json     # the diff shows which documents and fields moved

A new gold file needs a baseline entry (and a place in tests/gold/SPLIT.json) before this
test passes. Parsing all documents takes ~1-2 min on two cores the first time; parses are
cached in var/eval-parse-cache by file and parser source, so reruns are quick.
The scorer's own rules are pinned on small made-up packs below.
"""
from __future__ import annotations

import json
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "scripts"))

import eval_parse  # noqa: E402
from parse_gold import FIELDS, match_items, names_match, number_keys, score, similarity  # noqa: E402

BASELINE = json.loads((ROOT / "tests" / "gold" / "baseline.json").read_text(encoding="utf-8"))["documents"]
TOLERANCE = 0.001


@pytest.fixture(scope="module")
def results():
    return eval_parse.evaluate(use_cache=True, jobs=2)


def test_every_gold_document_has_a_half_and_a_baseline():
    gold = eval_parse.load_gold()
    half = eval_parse.load_split(list(gold))  # raises when SPLIT.json is out of date
    assert set(half.values()) == {"tune", "held-out"}
    assert sorted(BASELINE) == sorted(gold), "run scripts/eval_parse.py --write-baseline"
    for stem, g in gold.items():
        assert (ROOT / g["file"]).is_file(), g["file"]


@pytest.mark.parametrize("stem", sorted(BASELINE))
def test_document_scores_do_not_drop_below_the_baseline(results, stem):
    got, want = results[stem], BASELINE[stem]
    drops = {f: (want[f], got[f]) for f in FIELDS
             if want.get(f) is not None and (got[f] is None or got[f] < want[f] - TOLERANCE)}
    assert not drops, f"{stem}: field (baseline, now) {drops}; see scripts/eval_parse.py --explain {stem[:20]}"


# --------------------------------------------------------------------------- the scorer's rules


GOLD = {
    "meeting": ["Transport Committee"], "council": ["Exampleshire Council"], "date": "2024-05-01",
    "items": [
        {"number": "1", "title": "Apologies"},
        {"number": "2", "title": "Highways"},
        {"number": "3", "title": "Budget Monitoring Report", "report_number": "24/00108", "resolutions": ["that the Committee note the forecast overspend"]},
        {"number": None, "title": "Any other business", "optional": True},
    ],
    "officers": [{"name": "Jane Q. Smith", "role": "Director"}, {"name": "A Patel", "role": None}],
    "sections": ["1. Purpose of Report", "Background"],
    "minutes": [{"number": "84", "resolved": "that the minutes be signed"}],
}


def pack(**changes):
    items = [
        {"number": "1", "title": "Apologies", "officers": [], "sections": [], "minutes": [{"number": "84", "resolved": "That the minutes be signed as a correct record"}]},
        {"number": "2", "title": "Highways", "officers": [], "sections": [], "minutes": []},
        {"number": "3", "title": "Budget Monitoring Report", "report_number": "24/00108",
         "officers": [{"name": "Jane Smith"}, {"name": "Dr Anil Patel"}],
         "sections": [{"heading": "Purpose of Report", "kind": "purpose", "text": ""}, {"heading": "Background", "kind": "background", "text": ""},
                      {"heading": "Recommendation", "kind": "recommendations", "text": "That the Committee note the forecast overspend of £2m."}],
         "minutes": []},
    ]
    data = {"meeting": "Transport Committee", "council": "Exampleshire Council", "date": "2024-05-01", "items": items}
    data.update(changes)
    return data


def test_scorer_gives_a_faithful_parse_full_marks():
    got = score(GOLD, pack())
    assert {f: got[f] for f in FIELDS if got[f] is not None} == {f: 1.0 for f in FIELDS if f != "kind"}
    assert got["kind"] is None  # the pack reports no kind


def test_scorer_penalises_a_title_that_swallowed_its_description():
    p = pack()
    p["items"][1]["title"] = "Highways To receive update from the Highways Manager"
    got = score(GOLD, p)
    assert got["items_recall"] == 1.0 and got["titles"] == pytest.approx(2 / 3)


def test_scorer_does_not_match_a_table_row_to_an_item_by_number_alone():
    p = pack()
    p["items"] = [{"number": "01", "title": "Jon Nicholls", "officers": [], "sections": [], "minutes": []}] + p["items"][1:]
    got = score(GOLD, p)
    assert got["items_recall"] == pytest.approx(2 / 3) and got["items_precision"] == pytest.approx(2 / 3)


def test_scorer_counts_invented_meeting_names_and_officers_against_the_parse():
    got = score({**GOLD, "meeting": [], "officers": []}, pack(meeting="Tuesday"))
    assert got["meeting"] == 0.0 and got["officers_f1"] == 0.0


def test_scorer_finds_resolutions_only_in_the_right_minute_or_item():
    p = pack()
    p["items"][2]["sections"][2]["kind"] = "other"  # the decision is no longer marked as one
    p["items"][0]["minutes"][0]["number"] = "85"
    got = score(GOLD, p)
    assert got["resolutions"] == 0.0 and got["minutes"] == 0.0


def test_scorer_ignores_parsed_items_outside_a_page_scope():
    p = pack()
    p["items"].append({"number": "9", "title": "Junk from page 80", "source_pages": [80, 80], "officers": [], "sections": [], "minutes": []})
    assert score({**GOLD, "scope": {"pages": [1, 20]}}, p)["items_precision"] == 1.0
    assert score(GOLD, p)["items_precision"] == pytest.approx(3 / 4)


def test_number_and_name_normalisation():
    assert number_keys("A.-1.") == number_keys("A1") == ("a.1", "a1")
    assert number_keys("Item 01") == ("1", "1") and number_keys("10H") == ("10.h", "10h")
    assert number_keys("2.1")[0] != number_keys("21")[0]
    assert names_match("Mrs A Beer", "Amanda Beer") and not names_match("A Beer", "B Beer")
    assert names_match(["Sandy McMillan", "Sandy McMillian"], "Sandy McMillian")
    assert similarity("Minutes of the Meeting held on 9th January 2025", "MINUTES OF THE MEETING HELD ON 9 JANUARY 2025") == 1.0


def test_items_with_the_same_number_pair_by_title():
    gold = [{"number": "10A", "title": "Accept the Safe Routes to School grant"}, {"number": "10A", "title": "Approval to amend the Clinic Fee Schedule"}]
    parsed = [{"number": "10A", "title": "Approval to amend the Clinic Fee Schedule"}, {"number": "10A", "title": "Accept the Safe Routes to School grant"}]
    assert match_items(gold, parsed).gold_to_parsed == {0: 1, 1: 0}
