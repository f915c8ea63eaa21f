"""Generate small, realistic agenda-pack PDFs with reportlab for tests.

Reusable by any test module (extraction, parsing, indexing):

    from tests.pdfgen import build_agenda_pack, PACK
    pdf = build_agenda_pack(tmp_path / "pack.pdf")

`build_agenda_pack` writes a 4-page Rutland-style pack:

  physical page 1  front sheet: council name (20 pt bold), "Meeting: Cabinet",
                   "Date and Time: ...", numbered agenda items with
                   "Report No. 98/2017 (Pages 2 - 3)"; footer "Page 1"
  physical page 2  "Agenda Item 5" stamp, report title, a REAL ruled table
                   (Key Decision / Exempt Information / Cabinet Member(s) /
                   Contact Officer(s) - two officers), bold 12 pt headings
                   "DECISION RECOMMENDATIONS", "1 PURPOSE OF THE REPORT";
                   footer "Page 2"
  physical page 3  "2 BACKGROUND", "3 FINANCIAL IMPLICATIONS"; footer "Page 3"
  physical page 4  "This page is intentionally left blank"; footer "Page 4"

Every page carries the running header `PACK["header"]` (8 pt) at the top.
Body text is 11 pt Helvetica.
"""
from __future__ import annotations

from pathlib import Path

from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.pdfgen import canvas
from reportlab.platypus import Paragraph, Table, TableStyle

BODY = 11
HEADING = 12
TITLE = 20

PACK = {
    "council": "Rutland County Council",
    "header": "Rutland County Council - Cabinet - 20 June 2017",
    "meeting": "Meeting: Cabinet",
    "date_line": "Date and Time: Tuesday, 20 June 2017 at 9.30 am",
    "venue_line": "Venue: Council Chamber, Catmose, Oakham, Rutland, LE15 6HP",
    "items": [
        "1) APOLOGIES FOR ABSENCE",
        "2) DECLARATIONS OF INTEREST",
        "5) QUARTER 4 PERFORMANCE MANAGEMENT REPORT",
        "Report No. 98/2017 (Pages 2 - 3)",
        "6) ANY ITEMS OF URGENT BUSINESS",
    ],
    "stamp": "Agenda Item 5",
    "report_title": "QUARTER 4 PERFORMANCE MANAGEMENT REPORT",
    # the ruled header table, as the extractor must return it (cells TAB-joined)
    "table_rows": [
        "Key Decision:\tNo\tForward Plan Reference: FP/030317/03",
        "Exempt Information:\tNo\t",
        "Cabinet Member(s) Responsible:\tMr Tony Mathias, Leader and Portfolio Holder for Finance\t",
        "Contact Officer(s):\tHelen Briggs, Chief Executive\t01572 758201 hbriggs@rutland.gov.uk",
        "\tJason Haynes, Projects Co-ordinator\t01572 720962 jhaynes@rutland.gov.uk",
    ],
    "headings": {  # heading text -> physical page
        "DECISION RECOMMENDATIONS": 2,
        "1 PURPOSE OF THE REPORT": 2,
        "2 BACKGROUND": 3,
        "3 FINANCIAL IMPLICATIONS": 3,
    },
    "recommendation": "1. That Cabinet notes the overall position in relation to performance during 2016/17.",
    "page_labels": [(1, "1"), (2, "2"), (3, "3"), (4, "4")],
    "pages": 4,
}

_CELL = ParagraphStyle("cell", fontName="Helvetica", fontSize=BODY, leading=BODY + 2)
_CELL_BOLD = ParagraphStyle("cellb", parent=_CELL, fontName="Helvetica-Bold")


def _header_footer(c: canvas.Canvas, page_no: int) -> None:
    width, height = A4
    c.setFont("Helvetica", 8)
    c.drawCentredString(width / 2, height - 28, PACK["header"])
    c.setFont("Helvetica", 10)
    c.drawCentredString(width / 2, 28, f"Page {page_no}")


def _paragraph(c: canvas.Canvas, x: float, y: float, text: str, width: float = 440) -> float:
    """Draw wrapped body text at (x, y) top-left; return the y below it."""
    p = Paragraph(text, _CELL)
    _w, h = p.wrap(width, 1000)
    p.drawOn(c, x, y - h)
    return y - h - 10


def _heading(c: canvas.Canvas, x: float, y: float, text: str) -> float:
    c.setFont("Helvetica-Bold", HEADING)
    c.drawString(x, y - HEADING, text)
    return y - HEADING - 12


def _contact_table() -> Table:
    def cell(text: str, bold: bool = False) -> Paragraph | str:
        return Paragraph(text, _CELL_BOLD if bold else _CELL) if text else ""

    rows = [[cell(c, bold=(j == 0)) for j, c in enumerate(r.split("\t"))] for r in PACK["table_rows"]]
    table = Table(rows, colWidths=[140, 170, 150])
    table.setStyle(
        TableStyle(
            [
                ("GRID", (0, 0), (-1, -1), 0.75, "black"),
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
            ]
        )
    )
    return table


def build_agenda_pack(path: Path) -> Path:
    """Write the 4-page mini agenda pack described in the module docstring."""
    path = Path(path)
    width, height = A4
    left = 70
    c = canvas.Canvas(str(path), pagesize=A4)
    c.setTitle("Cabinet agenda pack")

    # --- page 1: front sheet
    _header_footer(c, 1)
    y = height - 80
    c.setFont("Helvetica-Bold", TITLE)
    c.drawString(left, y - TITLE, PACK["council"])
    y -= TITLE + 30
    c.setFont("Helvetica", BODY)
    for text in (PACK["meeting"], PACK["date_line"], PACK["venue_line"]):
        c.drawString(left, y - BODY, text)
        y -= BODY + 8
    y -= 12
    y = _heading(c, left, y, "AGENDA")
    c.setFont("Helvetica", BODY)
    for text in PACK["items"]:
        indent = 20 if text.startswith("Report No.") else 0
        c.drawString(left + indent, y - BODY, text)
        y -= BODY + 10
    c.showPage()

    # --- page 2: the report's first page
    _header_footer(c, 2)
    c.setFont("Helvetica", 12)
    c.drawRightString(width - 60, height - 50, PACK["stamp"])
    y = height - 80
    c.setFont("Helvetica", BODY)
    for text in ("Report No: 98/2017", "PUBLIC REPORT", "CABINET", "20 June 2017"):
        c.drawString(left, y - BODY, text)
        y -= BODY + 6
    y -= 6
    c.setFont("Helvetica-Bold", 14)
    c.drawString(left, y - 14, PACK["report_title"])
    y -= 14 + 8
    c.setFont("Helvetica", BODY)
    c.drawString(left, y - BODY, "Report of the Chief Executive")
    y -= BODY + 16
    table = _contact_table()
    _tw, th = table.wrapOn(c, width - 2 * left, height)
    table.drawOn(c, left, y - th)
    y -= th + 20
    y = _heading(c, left, y, "DECISION RECOMMENDATIONS")
    y = _paragraph(c, left, y, PACK["recommendation"])
    y = _heading(c, left, y, "1 PURPOSE OF THE REPORT")
    y = _paragraph(
        c,
        left,
        y,
        "1.1 To provide Cabinet with strategic oversight of the Council's performance for 2016/17. "
        "Members are accountable for the delivery of the Council's Corporate Plan and this monitoring "
        "information remains a key part of that accountability.",
    )
    c.showPage()

    # --- page 3: the rest of the report
    _header_footer(c, 3)
    y = height - 80
    y = _heading(c, left, y, "2 BACKGROUND")
    for i in range(1, 4):
        y = _paragraph(
            c,
            left,
            y,
            f"2.{i} The Council monitors a set of performance indicators each quarter; the "
            "position at the end of quarter 4 is summarised in Appendix A and discussed below.",
        )
    y = _heading(c, left, y, "3 FINANCIAL IMPLICATIONS")
    _paragraph(c, left, y, "3.1 There are no financial implications arising directly from this report.")
    c.showPage()

    # --- page 4: the blank page at the end of a report
    _header_footer(c, 4)
    c.setFont("Helvetica", 14)
    c.drawCentredString(width / 2, height / 2, "This page is intentionally left blank")
    c.showPage()
    c.save()
    return path


def build_text_pdf(path: Path, pages: list[list[str]], *, encrypt: str | None = None, size: int = BODY) -> Path:
    """A plain PDF with the given lines on each page (optionally password-protected)."""
    path = Path(path)
    c = canvas.Canvas(str(path), pagesize=A4, encrypt=encrypt)
    width, height = A4
    for lines in pages:
        y = height - 80
        c.setFont("Helvetica", size)
        for text in lines:
            c.drawString(70, y, text)
            y -= size + 6
        c.showPage()
    c.save()
    return path


def build_run_together_pdf(path: Path, sentences: list[str], size: float = 10) -> Path:
    """Words drawn one by one with a 0.25 em gap and no space characters, like the
    Hermosa Beach agenda: default pdfplumber settings glue them together."""
    path = Path(path)
    c = canvas.Canvas(str(path), pagesize=A4)
    _width, height = A4
    y = height - 80
    for sentence in sentences:
        x = 70.0
        c.setFont("Helvetica", size)
        for word in sentence.split():
            c.drawString(x, y, word)
            x += c.stringWidth(word, "Helvetica", size) + 0.25 * size
        y -= size + 6
    c.showPage()
    c.save()
    return path


def build_graphics_only_pdf(path: Path, pages: int = 2) -> Path:
    """Pages with a drawing but no text layer, standing in for a scanned document."""
    path = Path(path)
    c = canvas.Canvas(str(path), pagesize=A4)
    width, height = A4
    for _ in range(pages):
        c.setFillGray(0.9)
        c.rect(40, 40, width - 80, height - 80, fill=1, stroke=0)
        c.setFillGray(0.2)
        for i in range(30):
            c.rect(70, height - 100 - i * 20, 300 + (i * 37) % 150, 8, fill=1, stroke=0)
        c.showPage()
    c.save()
    return path


__all__ = [
    "PACK",
    "build_agenda_pack",
    "build_text_pdf",
    "build_run_together_pdf",
    "build_graphics_only_pdf",
    "build_sideways_pdf",
]


def build_sideways_pdf(path: Path, lines: list[str], clockwise: bool = False) -> Path:
    """A portrait page whose text is printed sideways (a landscape table turned
    anticlockwise, or clockwise), with no /Rotate on the page."""
    path = Path(path)
    c = canvas.Canvas(str(path), pagesize=A4)
    width, height = A4
    c.saveState()
    if clockwise:
        c.translate(0, height)
        c.rotate(-90)
    else:
        c.translate(width, 0)
        c.rotate(90)
    # now drawing in a landscape frame of height x width
    c.setFont("Helvetica", 11)
    y = width - 60
    for text in lines:
        c.drawString(60, y, text)
        y -= 18
    c.restoreState()
    c.showPage()
    c.save()
    return path
