"""Bytes of a text or Markdown extraction -> str, whatever encoding the archive used.

Council archives hold text saved by many tools: UTF-8 (with or without BOM), UTF-16 or UTF-32
from Windows tools (with a BOM, or without one: then the NUL byte of every other character
gives it away), Windows-1252, and files where lines of both meet (text pasted from two
sources). Each of these is decoded rather than refused; only what is really not text (NUL-rich
or control-character-rich data, a PDF or Word file given a .txt name) is refused, with a reason.
Everything here is linear in the size of the data.
"""
from __future__ import annotations

import re
from pathlib import Path

from core.model import ExtractionError

BOMS = (  # longest first: the UTF-32 LE BOM starts with the UTF-16 LE one
    (b"\xff\xfe\x00\x00", "utf-32-le"),
    (b"\x00\x00\xfe\xff", "utf-32-be"),
    (b"\xef\xbb\xbf", "utf-8"),
    (b"\xff\xfe", "utf-16-le"),
    (b"\xfe\xff", "utf-16-be"),
)
KNOWN_BINARY = (  # what a file refused as binary turns out to be, for the message
    (b"%PDF-", "a PDF file; give it a .pdf name"),
    (b"PK\x03\x04", "a ZIP archive (a Word or OpenDocument file?)"),
    (b"\xd0\xcf\x11\xe0", "an old Microsoft Office document"),
    (b"\x89PNG", "a PNG image"),
    (b"\xff\xd8\xff", "a JPEG image"),
    (b"GIF8", "a GIF image"),
    (b"{\\rtf", "an RTF document"),
)
SAMPLE = 8192  # bytes looked at to recognise BOM-less UTF-16/UTF-32
CONTROL_LIMIT = 0.05  # share of control bytes above which data is not text
_CONTROL_BYTES = bytes(b for b in range(32) if b not in b"\t\n\r\x0c\x0b\x1b") + b"\x7f"
_KEEP_BYTES = bytes(b for b in range(256) if b not in _CONTROL_BYTES)
_CONTROL_CHARS = re.compile(r"[\x00-\x08\x0b\x0e-\x1f\x7f]")


def _bomless_wide(sample: bytes) -> str | None:
    """'utf-16-le' etc. when the NUL bytes fall where wide-character ASCII puts them."""
    n = len(sample) - len(sample) % 4
    if n < 8:
        return None
    sample = sample[:n]
    nul = [sample[k::4].count(0) / (n // 4) for k in range(4)]
    if nul[0] < 0.1 and min(nul[1:]) > 0.9:
        return "utf-32-le"
    if nul[3] < 0.1 and min(nul[:3]) > 0.9:
        return "utf-32-be"
    even, odd = (nul[0] + nul[2]) / 2, (nul[1] + nul[3]) / 2
    if even < 0.1 and odd > 0.6:
        return "utf-16-le"
    if odd < 0.1 and even > 0.6:
        return "utf-16-be"
    return None


def _binary_reason(data: bytes) -> str | None:
    """Why `data` is not text (too many control bytes), or None."""
    controls = len(data) - len(data.translate(None, _CONTROL_BYTES))
    if controls == 0:
        return None
    if controls > CONTROL_LIMIT * len(data) or data.count(0) > 0.01 * len(data):
        what = next((label for magic, label in KNOWN_BINARY if data.lstrip()[:16].startswith(magic)), None)
        return f"binary data, not a text extraction ({what})" if what else "binary data, not a text extraction"
    return None


def _mixed(data: bytes) -> tuple[str, int, int]:
    """UTF-8 line by line, Windows-1252 (then Latin-1) for the lines that are not:
    (text, such lines, lines with any non-ASCII byte)."""
    out: list[str] = []
    legacy = wide = 0
    for line in data.splitlines(keepends=True):
        if line.isascii():
            out.append(line.decode("ascii"))
            continue
        wide += 1
        try:
            out.append(line.decode("utf-8"))
            continue
        except UnicodeDecodeError:
            legacy += 1
        try:
            out.append(line.decode("cp1252"))
        except UnicodeDecodeError:  # 0x81, 0x8d, 0x8f, 0x90, 0x9d are undefined in cp1252
            out.append(line.decode("latin-1"))
    return "".join(out), legacy, wide


def decode_text(data: bytes) -> tuple[str, tuple[str, ...]]:
    """Decode a text extraction; return (text, warnings). Raises ExtractionError for empty files
    and data that is not text. Control characters other than tab, newline and form feed become
    spaces (they would only garble snippets and terminals)."""
    warnings: list[str] = []
    bom, encoding = next(((b, e) for b, e in BOMS if data.startswith(b)), (b"", None))
    body = data[len(bom):]
    if encoding is None:
        encoding = _bomless_wide(data[:SAMPLE])
    if encoding and encoding != "utf-8":
        try:
            text = body.decode(encoding)
        except UnicodeDecodeError:
            text = body.decode(encoding, errors="replace")
            warnings.append(f"some characters are not valid {encoding.upper()} and were replaced")
    else:
        if not body.strip():
            raise ExtractionError("empty file")
        if body.lstrip()[:5] == b"%PDF-":  # even an uncompressed PDF is not a text extraction
            raise ExtractionError("a PDF file, not a text extraction; give it a .pdf name")
        reason = _binary_reason(body)
        if reason:
            raise ExtractionError(reason)
        nuls = body.count(0)
        if nuls:
            body = body.replace(b"\x00", b"")
            warnings.append(f"{nuls} NUL byte{'s' if nuls != 1 else ''} removed")
        try:
            text = body.decode("utf-8")
        except UnicodeDecodeError:
            text, legacy, wide = _mixed(body)
            if legacy < wide:  # some lines UTF-8, some not: say so (all not: a Windows-1252 file)
                warnings.append(f"{legacy} of {wide} lines with accented characters are not UTF-8 "
                                "and were read as Windows-1252")
    if _CONTROL_CHARS.search(text):
        text = _CONTROL_CHARS.sub(" ", text)
    if not text.strip():
        raise ExtractionError("empty file")
    return text, tuple(warnings)


def display_text(text: str) -> str:
    """A string that may hold surrogate escapes (a path whose bytes are not UTF-8, as Python keeps
    it) made printable and storable: the bad bytes show as \\xNN."""
    try:
        text.encode("utf-8")
        return text
    except UnicodeEncodeError:
        pass
    try:
        return text.encode("utf-8", "surrogateescape").decode("utf-8", "backslashreplace")
    except UnicodeEncodeError:  # a lone surrogate that no file system produced
        return text.encode("utf-8", "backslashreplace").decode("ascii")


def display_name(path: str | Path) -> str:
    """The file name as shown and indexed (see display_text)."""
    return display_text(Path(path).name)


__all__ = ["decode_text", "display_name", "display_text"]
