"""Tests for indexer.pdf_extract (+ pdf_layout, pdf_text, pdf_worker).

Real council PDFs come from samples/pdf; generated ones from tests/pdfgen.py.
"""
from __future__ import annotations

import os
import re
import sys
from pathlib import Path

import pdfplumber
import pytest

from core.model import ExtractionError, Line, RawDoc
from indexer.pdf_extract import extract_pdf, extract_pdf_safely
from indexer.pdf_layout import char_stats, compact_columns, join_words, needs_ocr_reason, read_page
from indexer.pdf_text import fix_stamps, normalise, page_stamp_label, strip_blank_page_notice
from indexer import pdf_worker
from tests.pdfgen import (
    PACK,
    build_agenda_pack,
    build_graphics_only_pdf,
    build_run_together_pdf,
    build_sideways_pdf,
    build_text_pdf,
)

ROOT = Path(__file__).resolve().parent.parent
SAMPLES = ROOT / "samples" / "pdf"
SHARED = ROOT.parent / "shared" / "samples" / "pdf"

_cache: dict[str, RawDoc] = {}


def sample(name: str) -> RawDoc:
    """Extract a sample PDF once per test session (in-process)."""
    if name not in _cache:
        path = SAMPLES / name
        if not path.exists():
            pytest.skip(f"sample {name} not present")
        _cache[name] = extract_pdf(path)
    return _cache[name]


def lines_on(doc: RawDoc, text: str) -> list[Line]:
    return [ln for ln in doc.lines if ln.text == text]


def gone(pid: int | None) -> bool:
    """True when the process no longer exists (not even as a zombie)."""
    assert pid is not None
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return True
    return False


# --------------------------------------------------------------------------- real samples

ITEM7 = "kent_cabinet_2025-01-30_item7_supplementary_pack.pdf"


def test_kent_pack_page_numbers_and_labels():
    doc = sample(ITEM7)
    assert doc.source == ITEM7
    assert doc.pages == 22
    assert len(doc.sha256) == 64
    assert doc.body_size == 12.0
    (decision,) = lines_on(doc, "Decision no: 24/00109")
    assert decision.page == 3 and decision.bold
    labels = dict(doc.page_labels)
    assert labels[3] == "1"  # the first report page is printed "Page 1"
    assert labels[4] == "2" and labels[21] == "19"
    assert 1 not in labels  # the covering letter has no page number
    # the "Page 14" stamp printed over a line of text on page 16 is found too
    assert labels[16] == "14"
    assert all(ln.page is not None and 1 <= ln.page <= 22 for ln in doc.lines)
    assert [ln.page for ln in doc.lines] == sorted(ln.page for ln in doc.lines)


def test_kent_pack_drops_stamps_and_blank_pages_but_keeps_agenda_item_stamps():
    doc = sample(ITEM7)
    texts = [ln.text for ln in doc.lines]
    assert not [t for t in texts if re.fullmatch(r"Page \d+", t)]
    assert not [t for t in texts if "intentionally left blank" in t.lower()]
    assert not [ln for ln in doc.lines if ln.page in (2, 12, 22)]  # blank pages
    (stamp,) = lines_on(doc, "Agenda Item 7")
    assert stamp.page == 3
    assert doc.lines.index(stamp) == min(i for i, ln in enumerate(doc.lines) if ln.page == 3)
    assert lines_on(doc, "Agenda Item No")[0].page == 1  # "A genda Item No" elsewhere
    assert "(cid:" not in "\n".join(texts)
    # the overprinted "Page 14" does not garble the line underneath
    assert any(t.startswith("There are 330 young adults in this service who have a current EHCP") for t in texts)


def test_kent_front_sheet_keeps_page_ranges():
    doc = sample("kent_cabinet_2025-01-30_agenda_frontsheet.pdf")
    text = "\n".join(ln.text for ln in doc.lines)
    assert "(Pages 277 - 326)" in text
    assert "7. 24/00109 - Transfer the 18-25 section of the Strengthening Independence Service" in text
    assert doc.warnings == ()


def test_minutes_page_numbers_dropped_and_item_refs_kept():
    doc = sample("kent_cpp_2024-10-29_minutes.pdf")
    texts = [ln.text for ln in doc.lines]
    assert not [t for t in texts if re.fullmatch(r"\d+", t)]  # bare page numbers
    assert dict(doc.page_labels)[5] == "5"
    # "(Item 8)", "(Item 9)", "(Item 10)" open consecutive pages: content, not a header
    for n in (8, 9, 10):
        assert f"(Item {n})" in texts


def test_us_running_header_and_page_of_footer_dropped():
    doc = sample("us_cuyahoga_board_of_health_agenda_2019-04-24.pdf")
    assert not [ln for ln in doc.lines if ln.text.startswith("Cuyahoga County Board of Health - AGENDA - April")]
    assert any(ln.text == "CUYAHOGA COUNTY BOARD OF HEALTH" for ln in doc.lines)

    doc = sample("us_eastpaloalto_pc_minutes_2020-01-27.pdf")
    assert not [ln for ln in doc.lines if "Minutes Page" in ln.text]
    assert doc.page_labels == ((1, "1"), (2, "2"), (3, "3"))


def test_real_ruled_table_rows_are_tab_joined():
    doc = sample("us_eastpaloalto_pc_minutes_2020-01-27.pdf")
    rows = [ln for ln in doc.lines if ln.is_table_row]
    assert rows[0].text == "Attendee Name\tTitle\tStatus\tArrived"
    assert rows[0].bold
    assert rows[1].text == "Andrei Garcia\tCommissioner\tLate\t7:08 p.m."
    assert rows[2].cells == ["Robert Allen Fisk", "Commissioner", "Present", ""]
    assert all(r.page == 1 for r in rows)
    # one-column boxes ("RESULT: ...") stay ordinary lines
    assert any(ln.text == "RESULT: APPROVED [UNANIMOUS]" and not ln.is_table_row for ln in doc.lines)


def test_scanned_sample_flagged_for_ocr():
    doc = sample("us_palmdale_agenda_scanned.pdf")
    assert doc.lines == ()
    assert doc.pages == 3
    assert "page 1: no text layer (scanned image?) - needs OCR" in doc.warnings
    assert "page 3: no text layer (scanned image?) - needs OCR" in doc.warnings
    assert any("any page" in w and "needs OCR" in w for w in doc.warnings)
    assert doc.body_size is None


def test_run_together_words_in_real_sample():
    path = SHARED / "us_hermosa_beach_council_agenda_2023-01-10.pdf"
    if not path.exists():
        pytest.skip("shared samples not available")
    with pdfplumber.open(path) as pdf:
        page = read_page(pdf.pages[0])
    texts = [ln.text for ln in page.lines]
    assert page.tight_spacing
    assert "1315 Valley Drive" in texts
    assert "Hermosa Beach, CA 90254" in texts


# --------------------------------------------------------------------------- generated pack


@pytest.fixture(scope="module")
def pack_pdf(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build_agenda_pack(tmp_path_factory.mktemp("pack") / "cabinet-pack.pdf")


@pytest.fixture(scope="module")
def pack(pack_pdf: Path) -> RawDoc:
    return extract_pdf(pack_pdf)


def test_pack_front_sheet(pack: RawDoc):
    assert pack.pages == PACK["pages"]
    assert pack.body_size == 11.0
    (council,) = lines_on(pack, PACK["council"])
    assert council.page == 1 and council.bold and council.size == 20.0
    assert pack.lines[0] == council  # the running header above it is gone
    for text in (PACK["meeting"], PACK["date_line"], *PACK["items"]):
        (ln,) = lines_on(pack, text)
        assert ln.page == 1 and not ln.bold and ln.size == 11.0


def test_pack_table_rows(pack: RawDoc):
    rows = [ln for ln in pack.lines if ln.is_table_row]
    assert [r.text for r in rows] == PACK["table_rows"]
    assert all(r.page == 2 for r in rows)
    officer = rows[3]
    assert officer.cells == ["Contact Officer(s):", "Helen Briggs, Chief Executive", "01572 758201 hbriggs@rutland.gov.uk"]
    # the words inside the table are not repeated as ordinary lines
    assert not [ln for ln in pack.lines if not ln.is_table_row and "hbriggs" in ln.text]
    # reading order: title, table, then the recommendations heading
    order = [ln.text for ln in pack.lines]
    assert order.index(PACK["report_title"]) < order.index(PACK["table_rows"][0]) < order.index("DECISION RECOMMENDATIONS")


def test_pack_headings_bold_and_larger(pack: RawDoc):
    for text, page in PACK["headings"].items():
        (ln,) = lines_on(pack, text)
        assert (ln.page, ln.bold, ln.size) == (page, True, 12.0)
        assert ln.size > pack.body_size
    (title,) = lines_on(pack, PACK["report_title"])
    assert title.bold and title.size == 14.0
    (rec,) = lines_on(pack, PACK["recommendation"])
    assert rec.page == 2 and not rec.bold


def test_pack_stamp_header_footer_labels(pack: RawDoc):
    (stamp,) = lines_on(pack, PACK["stamp"])
    assert stamp.page == 2
    assert not [ln for ln in pack.lines if PACK["header"] in ln.text]
    assert not [ln for ln in pack.lines if re.fullmatch(r"Page \d", ln.text)]
    assert not [ln for ln in pack.lines if ln.page == 4]  # only the blank-page notice was there
    assert list(pack.page_labels) == PACK["page_labels"]
    assert pack.warnings == ()
    assert all("\t" not in ln.text for ln in pack.lines if not ln.is_table_row)


def test_generated_run_together_words(tmp_path: Path):
    path = build_run_together_pdf(
        tmp_path / "tight.pdf",
        [
            "The public may participate via the following options during the meeting",
            "Supplemental communications may be submitted via eComment or emailed to the clerk",
            "City Hall 1315 Valley Drive Hermosa Beach",
        ],
    )
    with pdfplumber.open(path) as pdf:  # default pdfplumber glues the words together
        assert "Thepublicmay" in pdf.pages[0].extract_text()
    doc = extract_pdf(path)
    assert [ln.text for ln in doc.lines] == [
        "The public may participate via the following options during the meeting",
        "Supplemental communications may be submitted via eComment or emailed to the clerk",
        "City Hall 1315 Valley Drive Hermosa Beach",
    ]


@pytest.mark.parametrize("clockwise", [False, True])
def test_sideways_page_is_turned_upright(tmp_path: Path, clockwise: bool):
    rows = ["Budget line 2024-25 forecast", "Adult Social Care 586.1 621.6", "Total 1,432.3"]
    doc = extract_pdf(build_sideways_pdf(tmp_path / "landscape.pdf", rows, clockwise=clockwise))
    assert [(ln.text, ln.page, ln.size) for ln in doc.lines] == [(t, 1, 11.0) for t in rows]


def test_graphics_only_pages_need_ocr(tmp_path: Path):
    doc = extract_pdf(build_graphics_only_pdf(tmp_path / "scan.pdf", pages=2))
    assert doc.lines == ()
    assert doc.warnings[:2] == (
        "page 1: no text layer (scanned image?) - needs OCR",
        "page 2: no text layer (scanned image?) - needs OCR",
    )
    assert len(doc.warnings) == 3


# --------------------------------------------------------------------------- pure helpers


def test_cid_garbage_detection():
    chars = [{"text": "(cid:12)"}] * 40 + [{"text": "a"}] * 5 + [{"text": " "}] * 9
    n_text, n_bad = char_stats(chars)
    assert (n_text, n_bad) == (45, 40)
    assert needs_ocr_reason(n_text, n_bad, False) == "unreadable font encoding (cid glyphs) - needs OCR"
    assert needs_ocr_reason(500, 3, False) is None  # a few odd glyphs are dropped, page kept
    assert needs_ocr_reason(0, 0, True) == "no text layer (scanned image?) - needs OCR"
    assert needs_ocr_reason(0, 0, False) is None  # a genuinely blank page
    assert normalise("Budget (cid:3)2025") == "Budget 2025"


def test_text_normalisation():
    assert normalise("ﬁnance\u00a0\u00a0and  ﬂow\u00ad\u200b – done\t!") == "finance and flow – done !"
    assert normalise("\uf0b7 Item") == "\u2022 Item"
    assert normalise("1 Introduction ..............................4") == "1 Introduction ... 4"
    assert normalise("see p. 4... and more") == "see p. 4... and more"
    assert fix_stamps("A genda Item No") == "Agenda Item No"
    assert fix_stamps("AGENDA I TEM 7") == "AGENDA ITEM 7"
    assert strip_blank_page_notice("THIS PAGE HAS BEEN INTENTIONALLY LEFT BLANK") == ""
    assert strip_blank_page_notice("Notes This page is intentionally left blank") == "Notes"


@pytest.mark.parametrize(
    "text,label",
    [("Page 7", "7"), ("7", "7"), ("- 7 -", "7"), ("Page 7 of 22", "7"), ("7 of 22", "7"), ("iv", "iv"),
     ("Page | 12", "12"), ("civil", None), ("2025", None), ("Agenda Item 7", None), ("Page 7 of the report", None)],
)
def test_page_stamps(text: str, label: str | None):
    assert page_stamp_label(text) == label


def test_join_words_and_columns():
    w = lambda t, x0, x1, size=12.0: {"text": t, "x0": x0, "x1": x1, "size": size}  # noqa: E731
    # a font change splits "no" from ":" without a gap: glued back; a real gap: a space
    assert join_words([w("Decision", 70, 120), w("no", 124, 139), w(":", 139, 142), w("24/00109", 227, 270)]) == (
        "Decision no: 24/00109"
    )
    grid = [["", "Name", None, "Title"], ["Ann", None, None, "Chair"], ["Bob", None, None, ""]]
    assert compact_columns(grid) == [["Name", "Title"], ["Ann", "Chair"], ["Bob", ""]]
    assert compact_columns([["a", "", "b"], ["c", "", ""]]) == [["a", "b"], ["c", ""]]


# --------------------------------------------------------------------------- safe worker


def test_safely_matches_in_process(pack_pdf: Path, pack: RawDoc):
    for _ in range(3):  # called repeatedly, as the indexer does
        assert extract_pdf_safely(pack_pdf, timeout=60) == pack
        assert gone(pdf_worker.last_worker_pid)


def test_safely_real_scanned_sample():
    doc = extract_pdf_safely(SAMPLES / "us_palmdale_agenda_scanned.pdf", timeout=60)
    assert doc.lines == () and len(doc.warnings) == 4


def test_empty_file(tmp_path: Path):
    p = tmp_path / "empty.pdf"
    p.write_bytes(b"")
    with pytest.raises(ExtractionError, match=r"^empty file$"):
        extract_pdf_safely(p)
    with pytest.raises(ExtractionError, match=r"^empty file$"):
        extract_pdf(p)


def test_not_a_pdf(tmp_path: Path):
    p = tmp_path / "agenda.pdf"
    p.write_text("<!DOCTYPE html><html><body>Agenda</body></html>")
    with pytest.raises(ExtractionError, match=r"^not a PDF \(starts with '<!DOCTYPE html><html><bo'\)$"):
        extract_pdf_safely(p)


def test_missing_file(tmp_path: Path):
    with pytest.raises(ExtractionError, match="cannot read file"):
        extract_pdf_safely(tmp_path / "nope.pdf")


def test_truncated_pdf(tmp_path: Path):
    data = (SAMPLES / "kent_cabinet_2025-01-30_agenda_frontsheet.pdf").read_bytes()
    p = tmp_path / "half.pdf"
    p.write_bytes(data[: len(data) // 2])
    with pytest.raises(ExtractionError, match=r"^truncated or damaged PDF: ") as err:
        extract_pdf_safely(p, timeout=60)
    assert "\n" not in str(err.value)
    assert gone(pdf_worker.last_worker_pid)


def test_garbage_after_header(tmp_path: Path):
    p = tmp_path / "junk.pdf"
    p.write_bytes(b"%PDF-1.7\n" + bytes(range(256)) * 40)
    with pytest.raises(ExtractionError, match=r"^truncated or damaged PDF: "):
        extract_pdf_safely(p, timeout=60)


def test_encrypted_pdf(tmp_path: Path):
    p = build_text_pdf(tmp_path / "locked.pdf", [["Exempt report"]], encrypt="secret")
    with pytest.raises(ExtractionError, match=r"^encrypted PDF \(password required\)$"):
        extract_pdf_safely(p, timeout=60)
    with pytest.raises(ExtractionError, match=r"^encrypted PDF \(password required\)$"):
        extract_pdf(p)


def test_timeout_kills_worker(pack_pdf: Path):
    with pytest.raises(ExtractionError, match=r"^timed out after 0.01 s$"):
        extract_pdf_safely(pack_pdf, timeout=0.01)
    assert gone(pdf_worker.last_worker_pid)


def test_hanging_worker_is_killed():
    with pytest.raises(ExtractionError, match=r"^timed out after 0.5 s$"):
        pdf_worker.run_worker([sys.executable, "-c", "import time; time.sleep(60)"], timeout=0.5)
    assert gone(pdf_worker.last_worker_pid)


def test_memory_limit(pack_pdf: Path):
    with pytest.raises(ExtractionError, match=r"^out of memory"):
        extract_pdf_safely(pack_pdf, timeout=60, max_memory_mb=20)
    assert gone(pdf_worker.last_worker_pid)


def test_crashing_worker_reported():
    with pytest.raises(ExtractionError, match=r"^extraction crashed \(SIGSEGV\)$"):
        pdf_worker.run_worker([sys.executable, "-c", "import os, signal; os.kill(os.getpid(), signal.SIGSEGV)"], 10)
    with pytest.raises(ExtractionError, match=r"worker exit code 3"):
        pdf_worker.run_worker([sys.executable, "-c", "raise SystemExit(3)"], 10)
