"""Packs whose layout differs from the UK ones: what the parser reads from them.

The search website's council and meeting facets and its result titles come straight
from the parser, so each bug found in a real pack gets a test here named after it.
The real packs are the bundled samples/pdf files; a few rules are also pinned on small
hand-made documents (lines as the extractor would give them) where the real pack that
showed the problem is not bundled.
"""
from __future__ import annotations

from functools import lru_cache
from pathlib import Path

from core.model import Line, Pack, RawDoc
from indexer.parse import parse_file, parse_raw

PDF = Path(__file__).resolve().parent.parent / "samples" / "pdf"


@lru_cache(maxsize=None)
def pack(name: str) -> Pack:
    return parse_file(PDF / name)


def items(p: Pack) -> dict[str, object]:
    return {it.number: it for it in p.items}


def doc(*lines: str | Line, body_size: float | None = None) -> Pack:
    """A pack made of the given lines (str: plain page-1 lines)."""
    made = tuple(ln if isinstance(ln, Line) else Line(ln, page=1, size=body_size) for ln in lines)
    return parse_raw(RawDoc(source="made.pdf", sha256="0" * 64, lines=made, pages=1, body_size=body_size))


# --------------------------------------------------------------------------- council and meeting


def test_cuyahoga_council_is_the_place_in_the_heading_not_an_address_in_a_resolution():
    # "CUYAHOGA COUNTY BOARD OF HEALTH" names a body of a place; "City of Middleburg Heights" is
    # only a party to a contract on page 13 and was taken as "the most named council".
    p = pack("us_cuyahoga_board_of_health_agenda_2019-04-24.pdf")
    assert (p.council, p.meeting, p.date) == ("Cuyahoga County", "Board of Health", "2019-04-24")


def test_eastpaloalto_council_and_meeting_from_stacked_heading_lines():
    # EAST PALO ALTO / PLANNING COMMISSION / REGULAR MEETING MINUTES / January 27, 2020
    p = pack("us_eastpaloalto_pc_minutes_2020-01-27.pdf")
    assert p.meeting == "Planning Commission"
    assert p.council == "City of East Palo Alto"  # the pack itself says "the City of East Palo Alto’s Rules"
    assert (p.date, p.time) == ("2020-01-27", "19:00")


def test_heading_place_without_a_fuller_name_is_kept_as_printed():
    p = doc(
        Line("SPRINGFIELD", 1, 16.0, True), Line("ZONING BOARD", 1, 16.0, True),
        Line("REGULAR MEETING AGENDA", 1, 16.0, True), Line("March 3, 2021, 6:00 p.m.", 1, 10.0, True),
        "1. Call to Order.", "2. Roll Call.", "3. Adjournment.", body_size=12.0,
    )
    assert (p.council, p.meeting, p.date) == ("Springfield", "Zoning Board", "2021-03-03")


def test_body_heading_wrapped_over_two_lines_and_council_named_in_shouting():
    # LADWP: "BOARD OF WATER AND POWER" / "COMMISSIONERS" over "... OF THE CITY OF LOS ANGELES"
    p = doc(
        Line("BOARD OF WATER AND POWER", 1, 16.0, True), Line("COMMISSIONERS", 1, 16.0, True),
        "DEPARTMENT OF WATER AND POWER OF THE CITY OF LOS ANGELES",
        Line("REGULAR MEETING AGENDA", 1, 18.0, True), Line("Tuesday, January 25, 2022, at 10:00 A.M.", 1, 18.0, True),
        "1. Roll Call.", "2. Adjournment.", body_size=10.0,
    )
    assert (p.council, p.meeting) == ("City of Los Angeles", "Board of Water and Power Commissioners")


def test_other_council_named_in_a_report_is_not_the_council_of_a_pack_with_its_own_email_domain():
    # Kent's finance monitoring report names "Dover District Council" (a funder) and "the District
    # Council audits"; its officers all write from @kent.gov.uk, so Dover is not the council.
    p = doc(
        Line("Finance Monitoring Report", 1, 28.0, True), "To Cabinet – 30 January 2025",
        "Interim Corporate Director Finance John Betts john.betts@kent.gov.uk",
        "Head of Finance Operations Cath Head cath.head@kent.gov.uk",
        "This project is being funded fully by Dover District Council and KCC are drawing down.",
        "The figures are provisional and subject to the District Council audits.", body_size=11.0,
    )
    assert p.council is None


def test_council_in_a_list_of_parties_is_not_the_council():
    later = [Line(t, page=3) for t in ("City of Highland Hills", "City of Middleburg Heights", "City of Brooklyn Heights",
                                       "City of North Randall", "CRC 2019-75: City of Middleburg Heights - $1,500.00")]
    p = doc("AGENDA – April 24, 2019", "1. Call to Order.", "2. Contracts with the following:", *later)
    assert p.council is None


# --------------------------------------------------------------------------- agenda item titles


def test_eastpaloalto_item_title_loses_the_vote_result_under_it():
    p = pack("us_eastpaloalto_pc_minutes_2020-01-27.pdf")
    got = [(it.number, it.title) for it in p.items]
    assert got == [
        ("1", "Call to Order and Roll Call"), ("2", "Approval of the Agenda"), ("3", "Public Comment"),
        ("4", "Approval of Consent Calendar"), ("5", "Special Presentations"), ("6", "Public Hearings - None"),
        ("7", "Informational Items"), ("8", "Adjournment"),
    ]
    assert "RESULT: APPROVED [UNANIMOUS]" in items(p)["2"].description


def test_shouted_item_title_run_into_its_description_is_split():
    # Norwalk and Rosemead print "1. MEETING MINUTES – Staff recommends …" and
    # "1. PUBLIC COMMENT Opportunity to address the City Council …" as one paragraph.
    p = doc(
        "AGENDA",
        "1. MEETING MINUTES – Staff recommends the Housing Authority approve the minutes of the regular",
        "meeting of October 18, 2022, as submitted. 315-05-03",
        "2. PUBLIC COMMENT Opportunity to address the City Council (on non-agenda items) is limited to 3",
        "minutes per speaker.",
        "3. SEND Strategy – Update on the Local Offer",
        "4. RESOLUTION (2019-37) Accept the Ohio Department of Transportation grant to implement the program",
    )
    by = items(p)
    assert [by[n].title for n in "1234"] == [
        "Meeting Minutes", "Public Comment", "SEND Strategy – Update on the Local Offer",
        "RESOLUTION (2019-37) Accept the Ohio Department of Transportation grant to implement the program",
    ]
    assert by["1"].description.startswith("Staff recommends the Housing Authority approve the minutes")
    assert by["2"].description.startswith("Opportunity to address the City Council")


# --------------------------------------------------------------------------- Roman-numeral agendas


def test_hermosa_roman_numeral_agenda_is_read_and_viewing_options_are_not_items():
    # "I. CALL TO ORDER … XVI. ADJOURNMENT"; the numbered "1. IN PERSON … 6. LIVE STREAM"
    # ways to watch the meeting were read as items 1-6 and the closed session as 6a, 6b …
    p = pack("us_hermosa_beach_council_agenda_2023-01-10.pdf")
    assert (p.council, p.meeting, p.date, p.time) == ("City of Hermosa Beach", "City Council", "2023-01-10", "17:00")
    tops = [it.number for it in p.items if it.number.isupper()]
    assert tops == ["I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X", "XI", "XII", "XIII", "XIV", "XV", "XVI"]
    by = items(p)
    assert by["I"].title == "Call to Order" and by["XI"].title == "Consent Calendar"
    assert by["IX"].title == "Public Participation: Oral and Written Communications from the Public"
    assert by["XVI"].title == "Adjournment"  # not run on into the next page's "FUTURE MEETINGS AND CITY HOLIDAYS"
    assert not any(w in it.title for it in p.items for w in ("ZOOM", "Zoom", "YOUTUBE", "In Person"))
    assert [n for n in by if n.startswith("XI") and n[2:].islower()] == [f"XI{c}" for c in "abcdefghijk"]


def test_hermosa_file_numbers_and_presenters_are_not_part_of_the_titles():
    by = items(pack("us_hermosa_beach_council_agenda_2023-01-10.pdf"))
    # "a) 23-0015 RECOGNIZING JUNIOR LIFEGUARDS …"
    assert (by["VIIa"].report_number, by["VIIa"].title) == (
        "23-0015", "Recognizing Junior Lifeguards Jackson Lowrey and Jameson Lowrey for Their Lifesaving Efforts")
    # "b) REPORT CITY COUNCIL MEETING MINUTES" / "23-0021 (City Clerk Myra Maravilla)"
    assert (by["XIb"].report_number, by["XIb"].title, by["XIb"].report_of) == (
        "23-0021", "City Council Meeting Minutes", "City Clerk Myra Maravilla")
    # "k) REPORT APPROVAL OF A REQUEST TO RECLASSIFY THE" / "23-0004 ADMINISTRATIVE …" / "DEPARTMENT TO …"
    assert by["XIk"].report_number == "23-0004"
    assert by["XIk"].title == ("Approval of a Request to Reclassify the Administrative Assistant Position "
                               "in the Public Works Department to Management Analyst")
    assert by["XIVa"].report_of == "Public Works Director Joe SanClemente"
    assert by["XIc"].description.startswith("23-0013 (Finance Director Viki Copeland) Recommendation:")


def test_roman_numerals_need_to_count_up_like_an_agenda():
    p = doc("AGENDA", "1. Apologies", "2. Minutes", "I. Smith asked about the minutes", "3. Budget", "V. Jones replied")
    assert [it.number for it in p.items] == ["1", "2", "3"]


def test_lettered_agenda_with_numbered_items_inside():
    # LADWP board agenda: "A. Roll Call" … "N. Adjournment", items "1." "2." inside "I.", "L." …,
    # after a numbered "order of business" and a notice that says "Members of the public who …"
    p = doc(
        Line("BOARD OF WATER AND POWER COMMISSIONERS", 1, 16.0, True),
        "Members of the public who wish to listen to the Board Meetings live can do so by calling",
        "THE ORDER OF BUSINESS",
        "1. Preliminary Matters: The Board President will begin the meeting with opening remarks.",
        "2. Consideration of Items Recommended for Approval: The Board will consider items.",
        "A. Roll Call", "B. Opening remarks by the Commission President", "C. General Public Comment",
        "D. Report/Briefing by the General Manager", "E. Introduction of Motions for Future Consideration",
        "F. Comments from Ratepayer Advocate", "G. Discussion with Neighborhood Council Representatives",
        "H. Consideration of Items Recommended for Approval",
        "I. Management Reports",
        "1. Presentation regarding Cal/OSHA Recordable and Reportable Injury Cases",
        "J. Filed Items",
        "1. Office of the Chief Information Security Officer Monthly Report –",
        "December 2021",
        "2. Water System Monthly Report – November/December 2021",
        "L. Items for Approval",
        "1. Recommended by Water System",
        "Approval of Agreement No. 47696 for eSTRE Analysis Model with",
        "Watercourse Engineering, Inc., for a term of five years.",
        "Determine item is exempt pursuant to CEQA Guidelines Section 15060(c)(3).",
        "N. Adjournment", body_size=10.0,
    )
    by = items(p)
    assert list(by) == ["A", "B", "C", "D", "E", "F", "G", "H", "I", "I1", "J", "J1", "J2", "L", "L1", "N"]
    assert by["J1"].title == "Office of the Chief Information Security Officer Monthly Report – December 2021"
    assert by["L1"].title == ("Approval of Agreement No. 47696 for eSTRE Analysis Model with Watercourse Engineering, "
                              "Inc., for a term of five years")
    assert by["L1"].report_of == "Water System"
    assert by["L1"].description.startswith("Determine item is exempt")
    assert "Preliminary Matters" not in " ".join(it.title for it in p.items)


def test_title_broken_inside_a_hyphenated_word_is_joined_without_a_space():
    p = doc("AGENDA", "1. Ord. to rezone the property located at 1130 South 30th Avenue from R7-Medium-",
            "Density Multiple-Family Residential District to R4-Single-Family Residential District.", "2. Adjournment")
    assert "R7-Medium-Density Multiple-Family" in items(p)["1"].title


# --------------------------------------------------------------------------- reports in the pack


def test_report_is_attached_to_its_agenda_item_across_singular_and_plural():
    # Norwalk: agenda item "2. WARRANTS – …"; the report's subject is "… APPROVE WARRANT RUN …"
    p2 = [Line(t, page=2) for t in (
        "Housing Authority Agenda Report", "November 15, 2022", "TO: Honorable Housing Authority",
        "FROM: Jesus M. Gomez, Executive Director", "BY: John P. Ramirez, Director of Community Development",
        "SUBJECT: HOUSING ASSISTANCE PAYMENTS PROGRAM – APPROVE", "WARRANT RUN OCTOBER 15, 2022 – NOVEMBER 1, 2022",
        "Background:", "The Housing Authority made payments during the period of October 15, 2022 through",
        "November 1, 2022 for a grand total $666,146.50.", "Recommended Action:",
        "Staff recommends the Housing Authority approve Check Nos. 221568 - 221571.")]
    p = doc(
        "AGENDA", "HOUSING AUTHORITY", "NOVEMBER 15, 2022", "CONSENT CALENDAR",
        "1. MEETING MINUTES – Staff recommends the Housing Authority approve the minutes of the regular",
        "meeting of October 18, 2022, as submitted. 315-05-03",
        "2. WARRANTS – Staff recommends the Housing Authority approve the warrant runs for the dates of",
        "October 15, 2022 through November 1, 2022, in the total amount of $666,146.50. 315-03-02",
        "ADJOURNMENT", *p2,
    )
    assert p.meeting == "Housing Authority"
    assert [(it.number, it.title) for it in p.items] == [("1", "Meeting Minutes"), ("2", "Warrants")]
    report = items(p)["2"]
    # the subject ends where the next field ("Background:") begins
    assert report.report_title == "Housing Assistance Payments Program – Approve Warrant Run October 15, 2022 – November 1, 2022"
    assert report.source_pages == (2, 2) and report.report_of.startswith("Jesus M. Gomez")


def test_report_title_is_not_the_council_name_over_it_and_its_meeting_is_whom_it_is_addressed_to():
    # Kent's quarterly performance report: "Kent County Council" / "Quarterly Performance Report";
    # the finance monitoring report: "To Cabinet – 30 January 2025"
    p = doc(
        Line("Kent County Council", 1, 26.0, True), Line("Quarterly Performance Report", 1, 26.0, True),
        "To Cabinet – 30 January 2025", "Produced by: Kent Analytics",
        "This report includes 38 Key Performance Indicators, where progress is assessed against targets.",
        body_size=12.0,
    )
    assert (p.council, p.meeting, p.date) == ("Kent County Council", "Cabinet", "2025-01-30")
    (item,) = p.items
    assert item.title == "Quarterly Performance Report"


def test_public_document_pack_banner_is_not_a_place():
    p = doc(Line("Public Document Pack", 1, 12.0, True), Line("PLANNING COMMITTEE", 1, 12.0, True),
            "Tuesday, 4 March 2025 at 7.00 pm", "AGENDA", "1. Apologies", "2. Minutes", body_size=10.0)
    assert (p.council, p.meeting) == (None, "Planning Committee")


def test_place_over_the_body_must_be_set_in_the_same_type():
    # a bold address line over a larger body heading is not one stacked heading
    p = doc(Line("Oakham Rutland", 1, 10.0, True), Line("PLANNING COMMITTEE", 1, 16.0, True),
            "4 March 2025", "AGENDA", "1. Apologies", "2. Minutes", body_size=10.0)
    assert (p.council, p.meeting) == (None, "Planning Committee")
