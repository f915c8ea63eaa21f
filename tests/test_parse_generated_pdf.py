"""The whole pdfplumber path on a pack the test writes itself: real ruled table, stamp, page footers."""
from __future__ import annotations

from tests.pdfgen import build_agenda_pack

from indexer.parse import parse_file


def test_generated_pack_parses_into_meeting_item_report_sections(tmp_path):
    pack = parse_file(build_agenda_pack(tmp_path / "pack.pdf"), timeout=60)
    assert (pack.council, pack.meeting, pack.date, pack.time) == ("Rutland County Council", "Cabinet", "2017-06-20", "09:30")
    assert pack.pages == 4
    by = {it.number: it for it in pack.items}
    assert list(by) == ["1", "2", "5", "6"]
    item = by["5"]
    assert item.title == "Quarter 4 Performance Management Report"
    assert item.report_number == "98/2017" and item.pages == (2, 3)
    assert item.key_decision is False and item.exempt is False and item.forward_plan == "FP/030317/03"
    assert [(o.name, o.email, o.phone) for o in item.officers] == [
        ("Helen Briggs", "hbriggs@rutland.gov.uk", "01572 758201"),
        ("Jason Haynes", "jhaynes@rutland.gov.uk", "01572 720962"),
    ]
    sections = {s.heading: s for s in item.sections}
    assert sections["Decision Recommendations"].pages == (2, 2)
    assert sections["Decision Recommendations"].kind == "recommendations"
    assert sections["3 Financial Implications"].pages == (3, 3)
    assert sections["3 Financial Implications"].kind == "financial"
    text = " ".join(s.text for s in item.sections)
    assert "Rutland County Council - Cabinet - 20 June 2017" not in text  # running header dropped
    assert "intentionally left blank" not in text.lower()
