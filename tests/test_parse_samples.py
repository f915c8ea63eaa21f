"""What `agenda-search parse` finds in the real sample packs bundled in samples/.

These are the packs a councillor would search; every expectation below was
read off the pack itself (front sheet, report headers, minutes).
"""
from __future__ import annotations

import json
from functools import lru_cache
from pathlib import Path

import pytest

from cli.main import main
from core.model import Pack
from indexer.parse import parse_file

SAMPLES = Path(__file__).resolve().parent.parent / "samples"
TEXT = SAMPLES / "text"
PDF = SAMPLES / "pdf"


@lru_cache(maxsize=None)
def pack(name: str) -> Pack:
    folder = PDF if name.endswith(".pdf") else TEXT
    return parse_file(folder / name)


def items(p: Pack) -> dict[str, object]:
    return {it.number: it for it in p.items}


def test_rutland_cabinet_front_sheet():
    p = pack("rutland-cabinet-2017-06-20.txt")
    assert (p.council, p.meeting, p.date, p.time) == ("Rutland County Council", "Cabinet", "2017-06-20", "09:30")
    assert p.venue.startswith("Council Chamber, Catmose")
    assert "Mr T Mathias (Chairman)" in p.members
    got = [(it.number, it.title) for it in p.items]
    assert got == [
        ("1", "Announcements from the Chairman And/Or Head of the Paid Service"),
        ("2", "Declarations of Interest"),
        ("3", "Record of Decisions"),
        ("4", "Items Raised by Scrutiny"),
        ("5", "Quarter 4 Performance Management Report"),
        ("6", "Quarter 4 Finance Management Report"),
        ("7", "Educational Psychology Contract Provision"),
        ("8", "Childcare Sufficiency Action Plan"),
        ("9", "Exclusion of the Press and Public"),
        ("10", "Mental Health Recovery and Resilience Local Service Procurement"),
        ("11", "Any Items of Urgent Business"),
    ]
    by = items(p)
    assert [by[n].report_number for n in ("5", "6", "7", "8", "10")] == ["98/2017", "111/2017", "112/2017", "114/2017", "113/2017"]
    assert by["5"].pages == (5, 42) and by["10"].pages == (91, 104)
    assert by["6"].to_follow and by["6"].key_decision
    assert by["10"].exempt is True and by["7"].exempt is False
    assert by["5"].key_decision is False and by["7"].key_decision is True
    assert by["5"].report_of == "Chief Executive" and by["7"].report_of == "Director for People"
    assert by["8"].report_title == "2016 Childcare Sufficiency Action Plan"


def test_rutland_contact_officers_are_repaired_from_their_email():
    by = items(pack("rutland-cabinet-2017-06-20.txt"))
    names = {n: [o.name for o in by[n].officers] for n in ("5", "7", "8", "10")}
    assert names == {
        "5": ["Helen Briggs", "Jason Haynes"],  # printed as "Jason Hayne … es"
        "7": ["Tim O'Neill", "Kevin Quinn"],  # printed as "Dr Tim O'Ne | ill"
        "8": ["Gill Curtis"],
        "10": ["Karen Kibblewhite", "John Morley"],  # printed as "Karen Kibble | white"
    }
    karen = by["10"].officers[0]
    assert (karen.role, karen.email, karen.phone) == ("Head of Commissioning", "kkibblewhite@rutland.gov.uk", "01572 758127")
    assert by["7"].officers[1].role == "Service Manager Early Intervention and Inclusion"


def test_rutland_may_cabinet_markdown_pack():
    p = pack("rutland-cabinet-2017-05-16.md")
    by = items(p)
    assert p.date == "2017-05-16" and p.meeting == "Cabinet"
    assert [(n, by[n].report_number) for n in ("5", "6", "7", "8")] == [
        ("5", "99/2017"), ("6", "104/2017"), ("7", "105/2017"), ("8", "73/2017")]
    assert by["8"].title == "Banking Services Procurement" and by["8"].key_decision
    assert [o.name for o in by["5"].officers] == ["Rebecca Wilshire", "Tim O'Neill"]
    assert [o.name for o in by["6"].officers] == ["Karen Kibblewhite", "Tim O'Neill"]
    assert [o.name for o in by["8"].officers] == ["Saverio Della Rocca", "Debbie Mogg"]
    headings = [s.heading for s in by["8"].sections]
    assert headings[:3] == ["Decision Recommendations", "1 Purpose of the Report", "2 Background and Main Considerations"]
    assert by["8"].sections[0].kind == "recommendations"
    assert "Markdown" not in by["6"].title and "**" not in "".join(s.text for s in by["6"].sections)


def test_rutland_scrutiny_panel_pack():
    p = pack("rutland-people-adults-health-scrutiny-2016-07-14.txt")
    assert p.meeting == "People (Adults & Health) Scrutiny Panel"
    assert (p.date, p.time) == ("2016-07-14", "19:00")
    by = items(p)
    assert [n for n in by] == ["1", "2", "3", "4", "5", "6", "7", "8", "9", "10", "11", "11a", "12", "13"]
    assert by["7"].report_number == "132/2016" and by["7"].report_of == "Chief Executive"
    assert by["10"].report_number == "131/2016" and by["10"].pages == (27, 38)
    assert [o.name for o in by["10"].officers] == ["John Morley", "Mark Andrews"]
    assert by["7"].sections and by["7"].sections[0].heading == "Decision Recommendations"


def test_leicestershire_pack_reports_without_stamps_and_minutes():
    p = pack("leicestershire-cabinet-2017-03-10.md")
    assert (p.council, p.meeting, p.date, p.time) == ("Leicestershire County Council", "Cabinet", "2017-03-10", "11:00")
    by = items(p)
    assert list(by) == [str(n) for n in range(1, 19)]
    minutes = by["1"].minutes
    assert [m.number for m in minutes] == [str(n) for n in range(520, 531)]
    assert minutes[7].title == "Community Speed Enforcement"
    assert "MTFS" in minutes[3].resolved and minutes[3].title.startswith("Medium Term Financial Strategy")
    # reports found by their "REPORT OF THE …" headers and matched to the agenda by title
    assert by["9"].report_of == "Director of Environment and Transport"
    assert [o.name for o in by["9"].officers] == ["Phil Crossland"]
    assert by["6"].report_title == "2018/19 School and High Needs Funding Proposals"
    assert by["4"].officers[0].name == "Paul Burnett" and by["4"].officers[0].email == "paul.burnett@leics.gov.uk"
    kinds = {s.heading: s.kind for s in by["9"].sections}
    assert kinds["Purpose of the Report"] == "purpose"
    assert kinds["Recommendation"] == "recommendations"
    assert kinds["Equality and Human Rights Implications"] == "equality"
    for n in ("4", "5", "6", "7", "8", "9", "10", "11", "12", "13", "14", "15", "16"):
        assert by[n].sections, f"item {n} lost its report"


def test_kent_printed_minutes_become_items():
    p = pack("kent_cabinet_2025-01-30_printed_minutes.pdf")
    assert (p.council, p.meeting, p.date) == ("Kent County Council", "Cabinet", "2025-01-30")
    assert p.venue == "Council Chamber, Sessions House, County Hall, Maidstone"
    by = items(p)
    assert list(by) == [str(n) for n in range(1, 10)]
    assert [by[str(n)].minutes[0].number for n in range(1, 10)] == [str(n) for n in range(84, 93)]
    assert by["3"].minutes[0].resolved.startswith("that the minutes of the meeting on 9 January 2025")
    assert by["7"].minutes[0].pages[0] >= 1


def test_kent_supplementary_pack_report_with_decision_number():
    p = pack("kent_cabinet_2025-01-30_item7_supplementary_pack.pdf")
    assert p.meeting == "Cabinet" and p.date == "2025-01-30"
    (item,) = p.items
    assert item.number == "7" and item.report_number == "24/00109"
    assert item.title.startswith("Transfer the 18-25 section of the Strengthening Independence Service")
    assert item.key_decision is True and item.exempt is False
    assert item.pages == (1, 20)
    emails = {o.email for o in item.officers}
    assert {"sharon.howard@kent.gov.uk", "mark.albiston@kent.gov.uk"} <= emails
    heads = [s.heading for s in item.sections]
    assert "Recommendation(s)" in heads and "5. Financial Implications" in heads
    fin = next(s for s in item.sections if s.heading == "5. Financial Implications")
    assert fin.kind == "financial" and fin.pages == (8, 8)


def test_scanned_pdf_is_flagged_not_indexed_as_junk():
    p = pack("us_palmdale_agenda_scanned.pdf")
    assert any("needs OCR" in w for w in p.warnings)
    assert p.items == ()


def test_parse_json_contract(capsys):
    assert main(["parse", str(TEXT / "rutland-cabinet-2017-06-20.txt"), "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    for key in ("source", "sha256", "council", "meeting", "date", "time", "venue", "pages", "warnings", "items"):
        assert key in data
    item = next(i for i in data["items"] if i["number"] == "5")
    for key in ("number", "title", "report_number", "key_decision", "exempt", "pages", "report_of", "officers", "sections", "minutes"):
        assert key in item
    assert item["pages"] == [5, 42]
    assert set(item["officers"][0]) >= {"name", "role", "email", "phone"}
    assert set(item["sections"][0]) >= {"heading", "pages", "text"}


def test_parse_human_output(capsys):
    assert main(["parse", str(TEXT / "leicestershire-cabinet-2017-03-10.md")]) == 0
    out = capsys.readouterr().out
    assert "minute 527: Community Speed Enforcement" in out
    assert "Leicestershire County Council" in out


@pytest.mark.parametrize(
    "name,content,expect",
    [
        ("empty.pdf", b"", "empty"),
        ("fake.pdf", b"hello, I am not a PDF at all\n" * 5, "not a PDF"),
        ("truncated.pdf", None, "PDF"),
        ("empty.txt", b"   \n", "empty"),
    ],
)
def test_bad_input_gives_one_clear_line(tmp_path, capsys, name, content, expect):
    path = tmp_path / name
    if content is None:
        real = (PDF / "kent_cpp_2024-10-29_minutes.pdf").read_bytes()
        content = real[: len(real) // 3]
    path.write_bytes(content)
    assert main(["parse", str(path)]) == 2
    err = capsys.readouterr().err.strip()
    assert len(err.splitlines()) == 1 and expect.lower() in err.lower()
    assert "Traceback" not in err


def test_missing_file(capsys):
    assert main(["parse", "/nonexistent/pack.pdf"]) == 2
    assert "no such file" in capsys.readouterr().err


def test_kent_front_sheet_council_from_its_email_address_broken_over_two_lines():
    # "georgina.little@kent" / ".gov.uk" corroborates the one council the front sheet names
    p = pack("kent_cabinet_2025-01-30_agenda_frontsheet.pdf")
    assert (p.council, p.meeting, p.date, p.time) == ("Kent County Council", "Cabinet", "2025-01-30", "10:00")


def test_kent_front_sheet_title_wrapped_before_its_page_range_has_no_dangling_pages():
    by = items(pack("kent_cabinet_2025-01-30_agenda_frontsheet.pdf"))
    # "9. 24/00096 - Commissioning Plan … 2025-29 (Pages" / "461 - 610)"
    assert by["9"].title == "Commissioning Plan for Education Provision in Kent 2025-29"
    assert by["9"].pages == (461, 610) and by["9"].report_number == "24/00096"


def test_kent_printed_minutes_numbered_resolutions_and_decision_numbers():
    by = items(pack("kent_cabinet_2025-01-30_printed_minutes.pdf"))
    # "3. RESOLVED that Cabinet agree to:" is the minute's third paragraph, not its start
    assert by["5"].minutes[0].resolved.startswith("that Cabinet agree to:\nA) Note the forecast revenue overspend")
    assert by["6"].minutes[0].resolved.endswith("on 13th February for final decisions.")
    assert by["9"].minutes[0].resolved.startswith("that Cabinet agree the Commissioning Plan for Education")
    # the decision number before a minute's title is the item's report number
    assert (by["9"].title, by["9"].report_number) == ("Commissioning Plan for Education Provision in Kent 2025-29", "24/00096")
    assert by["9"].minutes[0].title.startswith("24/00096 - ")  # the minute heading stays as printed
    assert by["4"].report_number is None and by["4"].minutes[0].resolved is None


def test_kent_cpp_unnumbered_minutes_are_titled_by_their_headings():
    # Corporate Parenting Panel: bold heading, "(Item N)", then numbered paragraphs "1. RESOLVED that …"
    # which were taken for the minutes themselves (items titled "RESOLVED that Mr P Bartlett …",
    # split and duplicated).
    p = pack("kent_cpp_2024-10-29_minutes.pdf")
    assert (p.meeting, p.date) == ("Corporate Parenting Panel", "2024-10-29")
    got = [(it.number, it.title) for it in p.items]
    assert got == [
        ("1", "Apologies and Substitutes"), ("2", "Chairman’s Announcements"),
        ("3", "Minutes of the meeting held on 30 July 2024"), ("4", "Participation Team update"),
        ("5", "Verbal updates by the Cabinet Member"),
        ("6", "Adoption Partnership South East, Regional Adoption Agency Annual Report 2023/2024"),
        ("7", "Youth Justice Annual Report"), ("8", "Performance Scorecard for Children in Care"),
        ("9", "The Joint Housing Protocol for Care Leavers"), ("10", "Sufficiency Strategy 2022-2027"),
        ("11", "Kent CIC in the statutory school years with an EHCP - Access to Education"), ("12", "Work programme"),
    ]
    by = items(p)
    assert all(len(it.minutes) == 1 for it in p.items)
    # the RESOLVED paragraph is the resolution, and ends where the next paragraph begins
    assert by["2"].minutes[0].resolved == "that Mr P Bartlett be duly elected Vice Chair of the Corporate\nParenting Panel."
    assert "The Chair agreed to write to group leaders" in by["2"].minutes[0].text
    assert by["9"].minutes[0].resolved.startswith("to note the report, the proposed Joint Working Protocol for")
    assert by["12"].minutes[0].resolved == "that the work programme was noted."
    assert by["6"].minutes[0].pages == (3, 4)
