"""Text extractions in any encoding an archive holds are decoded, not refused (indexer.text_decode).

Before: anything with a NUL byte in its first 4 KB - every UTF-16 or UTF-32 file - was refused as
"binary data", and a file mixing UTF-8 and Windows-1252 lines was read entirely as Windows-1252
(mojibake for the UTF-8 lines).
"""
from __future__ import annotations

from pathlib import Path

import pytest

from core.model import ExtractionError
from indexer.text_decode import decode_text, display_name, display_text
from indexer.text_extract import extract_text

TEXT = "Rutland County Council\nMeeting: Cabinet\nThe café’s licence – Mr Müller objected.\n"


@pytest.mark.parametrize("label, data", [
    ("utf-8", TEXT.encode("utf-8")),
    ("utf-8 BOM", b"\xef\xbb\xbf" + TEXT.encode("utf-8")),
    ("utf-16 LE BOM", b"\xff\xfe" + TEXT.encode("utf-16-le")),
    ("utf-16 BE BOM", b"\xfe\xff" + TEXT.encode("utf-16-be")),
    ("utf-16 LE, no BOM", TEXT.encode("utf-16-le")),
    ("utf-16 BE, no BOM", TEXT.encode("utf-16-be")),
    ("utf-32 LE BOM", b"\xff\xfe\x00\x00" + TEXT.encode("utf-32-le")),
    ("utf-32 BE BOM", b"\x00\x00\xfe\xff" + TEXT.encode("utf-32-be")),
    ("utf-32 LE, no BOM", TEXT.encode("utf-32-le")),
    ("windows-1252", TEXT.encode("cp1252")),
])
def test_utf16_and_utf32_extractions_were_refused_as_binary_now_decode(tmp_path, label, data):
    text, warnings = decode_text(data)
    assert text == TEXT and warnings == (), label
    path = tmp_path / "pack.txt"
    path.write_bytes(data)
    raw = extract_text(path)
    assert [ln.text for ln in raw.lines][-1] == "The café’s licence – Mr Müller objected."


def test_mixed_utf8_and_windows_1252_lines_each_decode_right():
    data = "Résumé – first line\n".encode("utf-8") + "Café – second line\n".encode("cp1252") + b"plain\n"
    text, warnings = decode_text(data)
    assert text == "Résumé – first line\nCafé – second line\nplain\n"
    assert warnings == ("1 of 2 lines with accented characters are not UTF-8 and were read as Windows-1252",)


def test_stray_nul_bytes_and_control_characters_are_dropped_with_a_warning():
    text, warnings = decode_text(b"Agenda\x00 item\x1b[31m one\x07\n" + b"more text here " * 50)
    assert text.startswith("Agenda item [31m one \n") and "\x00" not in text
    assert warnings == ("1 NUL byte removed",)


@pytest.mark.parametrize("data, reason", [
    (b"", "empty file"),
    (b" \n\t\n", "empty file"),
    (" \n".encode("utf-16"), "empty file"),
    (bytes(range(256)) * 8, "binary data, not a text extraction"),
    (b"Agenda\x00\x00\x00" * 100, "binary data, not a text extraction"),
    (b"%PDF-1.4\n1 0 obj << >> endobj\n", "a PDF file, not a text extraction; give it a .pdf name"),
    (b"PK\x03\x04" + bytes(range(256)) * 4, "binary data, not a text extraction (a ZIP archive (a Word or OpenDocument file?))"),
    (b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 4, "binary data, not a text extraction (a PNG image)"),
])
def test_what_is_not_text_is_refused_with_a_reason(data, reason):
    with pytest.raises(ExtractionError) as err:
        decode_text(data)
    assert str(err.value) == reason


def test_names_that_are_not_utf8_display_their_bytes():
    import os

    name = os.fsdecode(b"/archive/caf\xe9 \xff.txt")
    assert display_name(Path(name)) == "caf\\xe9 \\xff.txt"
    assert display_text(name) == "/archive/caf\\xe9 \\xff.txt"
    assert display_text("café") == "café"
    display_text("\ud800").encode("utf-8")  # a lone surrogate no file system made: still printable
