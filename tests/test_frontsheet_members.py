"""Membership lists end at a generic boundary, not at words copied from one council's front sheet."""
from indexer.frontsheet import find_members
from core.model import Line


def _lines(*texts: str) -> list[Line]:
    return [Line(t, page=1) for t in texts]


def test_member_list_stops_at_any_shouted_distribution_heading():
    front = _lines("Membership:", "Councillor Ann Smith (Chair), Councillor Bob Jones",
                   "COPIES TO ALL DIRECTORS", "Dr Carl Other, Head of Service")
    assert find_members(front) == ("Councillor Ann Smith (Chair)", "Councillor Bob Jones")


def test_member_lines_until_a_note_are_all_read():
    front = _lines("Membership:", "Councillor Ann Smith", "Cllr Dee Long, Cllr Eve Short", "Please note: webcast")
    assert find_members(front) == ("Councillor Ann Smith", "Cllr Dee Long", "Cllr Eve Short")
