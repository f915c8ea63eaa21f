"""Issue 11, the reports-and-people half: document kinds, standalone reports, people, PDF
headings by typography and the page of each line. Every document here is generated in the
test (no sample strings in the rules: the names and titles below are made up)."""
from __future__ import annotations

from pathlib import Path

from core.model import Line, Pack, RawDoc, Section
from indexer.doc_kind import document_kind
from indexer.parse import parse_raw
from indexer.sections import split_sections


def raw(*lines: str | Line, body_size: float | None = None) -> RawDoc:
    made = tuple(ln if isinstance(ln, Line) else Line(ln, page=1, size=body_size) for ln in lines)
    return RawDoc(source="made.pdf", sha256="0" * 64, lines=made, pages=1, body_size=body_size)


def parse(*lines: str | Line, body_size: float | None = None) -> Pack:
    return parse_raw(raw(*lines, body_size=body_size))


def officers(pack: Pack) -> dict[str, str | None]:
    found = {o.name: o.role for o in pack.officers}
    found.update({o.name: o.role for it in pack.items for o in it.officers})
    return found


# --------------------------------------------------------------------------- kinds


def test_kind_is_read_from_what_the_document_calls_itself():
    assert document_kind(raw("Harbour Parish Council", "Minutes of a meeting held on 3 May 2022", "Present: Ann Hill").lines) == "minutes"
    assert document_kind(raw("HARBOUR PARISH COUNCIL", "AGENDA", "1. Apologies", "2. Planning").lines) == "agenda"
    assert document_kind(raw("Committee Report", "TITLE: Bus Lanes", "Purpose of Report: to agree").lines) == "report"
    assert document_kind(raw("Decision Recording Form", "Decision determined at the meeting on 2 May").lines) == "decision"
    assert document_kind(raw("RESOLUTION NO. 2022-14", "A RESOLUTION OF THE CITY COMMISSION").lines) == "decision"
    assert document_kind(raw("Quarterly Performance Report", "Appendix 2", "Key to ratings").lines) == "appendix"
    assert document_kind(raw("Dear Member", "CABINET - 3 MAY 2022", "I now enclose the following reports").lines) == "supplementary"


def test_agenda_list_entry_named_report_does_not_make_the_agenda_a_report():
    lines = raw("THE ORDER OF BUSINESS", "A. Roll Call", "B. Filed Items", "1. Water System Monthly Report", "C. Adjournment").lines
    assert document_kind(lines) == "agenda"


def test_agenda_followed_by_a_report_on_a_new_page_is_a_pack():
    lines = (Line("AGENDA", 1), Line("1. Apologies", 1), Line("2. Bus lanes", 1),
             Line("Report of the Director of Place", 2), Line("Bus lanes", 2), Line("Recommendations", 2))
    assert document_kind(lines) == "agenda_pack"


def test_pack_reports_its_kind_in_json():
    assert parse("AGENDA", "1. Apologies", "2. Planning").to_json()["kind"] == "agenda"


# --------------------------------------------------------------------------- standalone reports


def test_standalone_report_is_one_item_not_one_item_per_numbered_paragraph():
    pack = parse(
        "Committee Report", "TITLE: Bus Lanes on the High Street", "DATE: 12 May 2022",
        "Officer presenting the report: Priya Nandakumar Job title: Head of Transport",
        "Background:",
        "1. The high street carries forty buses an hour at the peak and the lanes are shared with cars.",
        "2. A trial lane was painted in 2021 and journey times fell by a fifth during the trial.",
        "3. Traders asked for loading bays to be kept and the design keeps every one of them.",
        "Recommendations:",
        "1. That the committee approves the permanent bus lane.",
        body_size=11.0,
    )
    assert len(pack.items) == 1
    item = pack.items[0]
    assert item.title == "Bus Lanes on the High Street"
    assert officers(pack) == {"Priya Nandakumar": "Head of Transport"}


# --------------------------------------------------------------------------- people


def test_signoff_name_over_acting_town_clerk_at_the_end_is_an_officer():
    pack = parse("Harbour Town Council", "Minutes of the meeting held on 3 May 2022",
                 "1. Apologies", "None were received.", "The meeting closed at 8pm.",
                 "Dorothea Quist", "Acting Town Clerk")
    assert officers(pack) == {"Dorothea Quist": "Acting Town Clerk"}


def test_memorandum_from_two_officers_names_both():
    pack = parse("CITY OF HARBOUR", "Memorandum from Lena Orvik, Community Development Director and Tomas Brandt, City Attorney",
                 "Subject: Short-term rentals", "Background", "The council asked for a review of rentals in March.")
    assert officers(pack) == {"Lena Orvik": "Community Development Director", "Tomas Brandt": "City Attorney"}


def test_prepared_by_and_staff_contact_lines_name_officers():
    pack = parse("Planning report", "Prepared by: Iris Mandel, Senior Planner", "Staff contact: Omar Haddad",
                 "Background", "The site lies on the edge of the village and is used for grazing.")
    assert officers(pack) == {"Iris Mandel": "Senior Planner", "Omar Haddad": None}


def test_minutes_attendance_staff_are_officers_and_members_are_members():
    pack = parse(
        "Harbour Parish Council", "Minutes of a meeting held on 3 May 2022",
        "Present: Cllr Ann Hill (Chair), Cllr Ben Ortega and Cllr Carla Duval",
        "Apologies: Cllr Dev Patel",
        "Officers in attendance: Erin Walsh (Parish Clerk), Farid Nasser (Finance Officer)",
        "1. Apologies", "Apologies were noted.",
    )
    assert officers(pack) == {"Erin Walsh": "Parish Clerk", "Farid Nasser": "Finance Officer"}
    assert {a.name: a.status for a in pack.attendance if not a.staff} == {
        "Ann Hill": "present", "Ben Ortega": "present", "Carla Duval": "present", "Dev Patel": "apologies"}
    assert "Ann Hill" in pack.members and "Erin Walsh" not in pack.members


def test_staff_list_with_roles_before_names_and_semicolons():
    pack = parse("MINUTES", "Township of Harbour", "Present: Mayor Ann Hill and Councillors Ben Ortega and Carla Duval.",
                 "Staff: Operations Superintendent Gus Ferrer; Fire Chief Hana Ito and Municipal Clerk-Treasurer Ivo Lenz.",
                 "1. Call to order", "The meeting was called to order.")
    assert officers(pack) == {"Gus Ferrer": "Operations Superintendent", "Hana Ito": "Fire Chief", "Ivo Lenz": "Municipal Clerk-Treasurer"}


def test_cabinet_member_sending_a_report_is_not_an_officer():
    pack = parse("From: Nora Blake, Cabinet Member for Housing", "To: Cabinet", "Subject: Homes plan",
                 "Background", "The plan sets out how many homes will be built over ten years.")
    assert "Nora Blake" not in officers(pack)


def test_two_columns_of_name_role_pairs_on_one_line_are_split():
    pack = parse("AGENDA", "Executive Team", "Rhea Moss, Deputy City Manager Saul Kent, Public Works Director", "1. Roll call")
    assert officers(pack) == {"Rhea Moss": "Deputy City Manager", "Saul Kent": "Public Works Director"}


def test_people_named_in_rows_of_an_action_plan_are_not_the_papers_officers():
    pack = parse("Report of the Director of People", "Action plan",
                 "2.1 Train every social worker in the new method by the spring\tMay 2022\tYana Roe - Project Officer\tDone",
                 "Background", "The plan was agreed by the board last year.")
    assert "Yana Roe" not in officers(pack)


def test_appointment_with_a_salary_is_not_a_signoff():
    pack = parse("AGENDA", "1. Appointments:", "A. Zora Kim, Data Analyst, Grade E, $53,968 annually effective May 1.")
    assert "Zora Kim" not in officers(pack)


# --------------------------------------------------------------------------- headings by typography


def test_larger_type_heads_a_section_even_with_a_lettered_number():
    body = [Line("The directorate is forecast to underspend this year.", 7, 11.0)] * 3
    secs = split_sections([Line("3a | Adult Social Care and Health", 7, 16.0, True), *body], 11.0)
    assert [s.heading for s in secs] == ["3a Adult Social Care and Health"]


def test_rows_of_figures_and_repeated_column_headers_do_not_become_sections():
    lines = [Line("Revenue Budget Forecast", 5, 14.0, True), Line("The forecast is an overspend.", 5, 11.0)]
    for page in (6, 7, 8):
        lines += [Line("Budget Forecast Variance", page, 11.0, True), Line("Finance 14.1 13.8 -0.3", page, 11.0, True),
                  Line("The figures are in millions of pounds.", page, 11.0)]
    heads = [s.heading for s in split_sections(lines, 11.0)]
    assert heads == ["Revenue Budget Forecast"]


def test_bold_label_line_heads_a_section_where_the_body_is_not_bold():
    prose = [Line("Congestion is rising every year on the main roads of the city.", 2, 12.0)] * 3
    lines = [Line("Challenges:", 2, 12.0, True), *prose, Line("Solutions:", 2, 12.0, True), *prose]
    assert [s.heading for s in split_sections(lines, 12.0)] == ["Challenges", "Solutions"]


def test_heading_with_a_statute_number_is_still_a_heading():
    lines = [Line("4 SECTION 256 AGREEMENT"), Line("The agreement lets the health body pay the council for the service.")]
    assert [s.heading.upper() for s in split_sections(lines, None)] == ["4 SECTION 256 AGREEMENT"]


# --------------------------------------------------------------------------- pages of lines


def test_section_keeps_the_page_of_each_of_its_lines():
    lines = [Line("Background", 3, 14.0, True), Line("First page words here.", 3, 11.0),
             Line("Second page words, the ones a search matches.", 4, 11.0)]
    (sec,) = split_sections(lines, 11.0)
    assert sec.line_pages == (3, 4)
    assert sec.page_of(sec.text.index("ones a search")) == 4
    assert sec.page_of(0) == 3
    assert Section("h", "t", (2, 2)).page_of(0) == 2  # no line pages: the section's first page


def test_line_pages_survive_json():
    pack = parse("Committee Report", "TITLE: Lanes", Line("Background", 1, 14.0, True),
                 Line("Words on page one of the report body.", 1, 11.0), Line("Words on page two of the report body.", 2, 11.0),
                 body_size=11.0)
    secs = [s for it in pack.to_json()["items"] for s in it["sections"]]
    assert any(s["line_pages"] == [1, 2] for s in secs), secs


def test_generated_pdf_report_keeps_line_pages(tmp_path: Path):
    from pdfgen import build_text_pdf
    from indexer.pdf_extract import extract_pdf_safely

    pdf = build_text_pdf(tmp_path / "r.pdf", [["Committee Report", "TITLE: Lanes", "Background",
                                                "The first page holds the start of the background."],
                                               ["The second page holds the words about parking."]])
    pack = parse_raw(extract_pdf_safely(pdf, timeout=60))
    sec = next(s for it in pack.items for s in it.sections if "parking" in s.text)
    assert sec.page_of(sec.text.index("parking")) == 2


def test_search_hit_links_to_the_page_of_the_matched_words_not_the_sections_first_page(tmp_path: Path):
    from pdfgen import build_text_pdf
    from indexer.writer import index_paths
    from search.engine import open_service
    from search.results import SearchRequest

    archive = tmp_path / "archive"
    archive.mkdir()
    build_text_pdf(archive / "lanes.pdf", [
        ["Committee Report", "TITLE: Bus Lanes", "DATE: 12 May 2022", "Background",
         "The first page says how the lanes were trialled on the high street."],
        ["The second page says the zebracrossing budget is spent."]])
    index_dir = tmp_path / "index"
    summary = index_paths([archive], index_dir, timeout=60)
    assert not summary.failed, summary.failed
    service = open_service(index_dir)
    try:
        resp = service.search(SearchRequest(query="zebracrossing"))
        (hit,) = resp.results
        sec = next(s for s in hit.sections if "<mark>" in s.snippet)
        assert sec.pages is not None and sec.pages[0] == 2, sec
        first = service.search(SearchRequest(query="trialled")).results[0].sections[0]
        assert first.pages is not None and first.pages[0] == 1
    finally:
        service.close()


def test_decision_record_yields_one_item_per_decision_with_its_text():
    pack = parse(
        "Decision Recording Form", "Decision determined at the Harbour Committee meeting on 2 May 2022",
        "(a) Subject: Harbour Wall Repairs", "(Agenda Item 7)", "(b) Ward:", "(c) Declarations of interest:", "None",
        "(d) Decision taken", "That the committee:", "1. approved the repair of the north wall.",
        "(e) Reason for decision:", "As set out in the report.",
        "(a) Subject: Mooring Fees (Agenda Item 8)", "(d) Decision taken", "That the committee noted the fees.",
        "(e) Exempt Information?", "Open",
    )
    assert pack.kind == "decision"
    assert [(it.number, it.title) for it in pack.items] == [("7", "Harbour Wall Repairs"), ("8", "Mooring Fees")]
    wall = pack.items[0].sections[0]
    assert wall.kind == "decision" and wall.text.startswith("That the committee:") and "north wall" in wall.text
    assert "Reason" not in wall.text


def test_resolution_on_its_own_is_one_item_with_its_operative_text_and_signers():
    pack = parse(
        "CITY OF HARBOUR, OREGON", "RESOLUTION NO. 2022- 14",
        "A RESOLUTION OF THE CITY COMMISSION APPROVING A LEASE OF THE", "HARBOUR BOATHOUSE.",
        "WHEREAS, the boathouse is empty; and", "NOW, THEREFORE, BE IT RESOLVED BY THE COMMISSION:",
        "SECTION 1. That the lease of the boathouse is approved.", "SECTION 2. This Resolution takes effect at once.",
        "PASSED AND ADOPTED THIS FIFTH DAY OF MAY, A.D., 2022.", "Agenda Item: E-2)",
        "ATTEST:", "MARIT J. OLSEN", "CITY CLERK",
    )
    assert pack.kind == "decision"
    (item,) = pack.items
    assert (item.number, item.report_number) == ("E-2", "2022-14")
    assert item.title.lower().startswith("a resolution of the city commission approving a lease")
    assert item.sections[0].kind == "decision" and item.sections[0].text.startswith("That the lease")
    assert officers(pack) == {"Marit J. Olsen": "City Clerk"}


def test_confidential_standalone_report_does_not_publish_its_title_and_decisions_keep_the_stamp():
    from indexer.restriction import public_view

    report = parse("CONFIDENTIAL", "Committee Report", "Subject: Quillhaven Settlement", "Report of the Head of Legal",
                   "Background", "The claim could be settled for a sum the report sets out.")
    (item,) = public_view(report).items
    assert item.restricted and "Quillhaven" not in item.title and not item.sections
    record = parse("CONFIDENTIAL", "Decision Recording Form", "(a) Subject: Quillhaven Settlement (Agenda Item 4)",
                   "(d) Decision taken", "That the claim is settled.", "(e) Reason for decision:", "As in the report.")
    assert all(it.restricted for it in record.items) and record.items
