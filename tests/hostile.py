"""A corpus of hostile and odd pack files, generated (no committed binaries).

    from tests.hostile import build_corpus
    expected = build_corpus(folder)            # CI size: ~60 files, a few MB
    expected = build_corpus(folder, full=True)  # full size: 1 GB deflate bomb, 200,000-page tree, 20 MB lines

`build_corpus` writes every file and returns {file name: what the indexer must do with it}:
"fail" (reported as failed, with a reason), "report" (failed, or indexed and named in the
report: pages without text, nothing to search), "parse" (adversarial text: read in bounded time
and indexed) or "index" (odd but legitimate: indexed and searchable by the word in
`SEARCH_WORDS`). Boundary cases (symlinks, FIFOs, permissions) live in
tests/test_archive_boundary.py, which needs a real file system around the archive.

PDFs are written by hand (`raw_pdf`) so that every byte of an attack is under control:
truncations, encryption (reportlab), nesting and reference bombs, page trees that are huge,
cyclic or lie about their size, a deflate bomb, a graphics-state bomb, image-only (scanned) pages.
"""
from __future__ import annotations

import io
import os
import random
import struct
import zlib
from pathlib import Path

from reportlab.lib.pagesizes import A4
from reportlab.lib.utils import ImageReader
from reportlab.pdfgen import canvas

from tests.pdfgen import build_agenda_pack, build_text_pdf

SEARCH_WORDS: dict[str, str] = {}  # file name -> a word only that file contains (filled by build_corpus)


# --------------------------------------------------------------------------- hand-made PDFs


def raw_pdf(objects: list[bytes], root: int = 1, xref_ok: bool = True) -> bytes:
    """A PDF file of the given object bodies (object k+1 is objects[k]) with a correct xref table
    (or one whose offsets are all wrong)."""
    out = bytearray(b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for n, body in enumerate(objects, 1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % n + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    for off in offsets:
        out += b"%010d 00000 n \n" % (off + 7 if not xref_ok else off)
    out += b"trailer\n<< /Size %d /Root %d 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, root, xref)
    return bytes(out)


def stream(data: bytes, compress: bool = False, extra: bytes = b"") -> bytes:
    if compress:
        data = zlib.compress(data, 6)
        extra += b" /Filter /FlateDecode"
    return b"<< /Length %d%s >>\nstream\n" % (len(data), extra) + data + b"\nendstream"


FONT = b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>"


def _text(words: str) -> bytes:
    return b"BT /F1 12 Tf 72 720 Td (" + words.encode("latin-1") + b") Tj ET"


def one_page_pdf(page_extra: bytes = b"", content: bytes = b"", compress: bool = False,
                 more: list[bytes] | None = None) -> bytes:
    """Catalog, one page (with `page_extra` in its dictionary), its content, a font, then `more`."""
    return raw_pdf([
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R "
        b"/Resources << /Font << /F1 5 0 R >> >> " + page_extra + b" >>",
        stream(content, compress),
        FONT,
        *(more or []),
    ])


def nested_arrays(depth: int) -> bytes:
    return one_page_pdf(b"/Bomb " + b"[" * depth + b"]" * depth)


def nested_dicts(depth: int) -> bytes:
    return one_page_pdf(b"/Bomb " + b"<< /A " * depth + b"1" + b" >>" * depth)


def nested_content(depth: int) -> bytes:
    """Operands nested `depth` deep inside the page's content stream."""
    return one_page_pdf(content=b"[" * depth + b"]" * depth + b" Tj", compress=True)


def reference_chain(length: int) -> bytes:
    """The page's resources are an indirect reference to a reference to … (`length` deep)."""
    first = 6
    chain = [b"%d 0 R" % (first + k + 1) for k in range(length)] + [b"<< /Font << /F1 5 0 R >> >>"]
    objs = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R /Resources 6 0 R >>",
        stream(b""),
        FONT,
        *chain,
    ]
    return raw_pdf(objs)


def reference_loop() -> bytes:
    """Object 6 refers to 7, which refers to 6: resources that never resolve."""
    return raw_pdf([
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R /Resources 6 0 R >>",
        stream(b""),
        FONT,
        b"7 0 R",
        b"6 0 R",
    ])


def page_tree_cycle() -> bytes:
    """The page tree lists itself among its kids."""
    return raw_pdf([
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R 2 0 R] /Count 2 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R >>",
        stream(b""),
    ])


def page_count_lie() -> bytes:
    """/Count says a billion pages; there is one, without text."""
    return raw_pdf([
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1000000000 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R >>",
        stream(b""),
    ])


def huge_page_tree(pages: int) -> bytes:
    """`pages` blank pages sharing one empty content stream (a few bytes each)."""
    first = 4
    kids = b" ".join(b"%d 0 R" % (first + k) for k in range(pages))
    objs = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [" + kids + b"] /Count %d >>" % pages,
        stream(b""),
    ] + [b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 3 0 R >>"] * pages
    return raw_pdf(objs)


def zero_pages() -> bytes:
    return raw_pdf([b"<< /Type /Catalog /Pages 2 0 R >>", b"<< /Type /Pages /Kids [] /Count 0 >>"])


def deflate_bomb(megabytes: int) -> bytes:
    """A content stream of `megabytes` MB of spaces in a few hundred KB: segments compressed once
    with a full flush (so each is independent) and repeated, with the right checksum."""
    chunk = b" " * (1 << 20)
    c = zlib.compressobj(9)
    head = c.compress(chunk) + c.flush(zlib.Z_FULL_FLUSH)
    seg = c.compress(chunk) + c.flush(zlib.Z_FULL_FLUSH)
    tail = c.flush(zlib.Z_FINISH)[:-4]
    adler = 1
    for _ in range(megabytes):
        adler = zlib.adler32(chunk, adler)
    data = head + seg * (megabytes - 1) + tail + struct.pack(">I", adler)
    body = b"<< /Length %d /Filter /FlateDecode >>\nstream\n" % len(data) + data + b"\nendstream"
    return raw_pdf([
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R >>",
        body,
    ])


def gstate_bomb(saves: int) -> bytes:
    """`saves` graphics-state saves (q) never restored: each copies the state."""
    return one_page_pdf(content=b"q " * saves, compress=True)


def huge_image_page() -> bytes:
    """A page whose only content is an image that claims to be 100,000 x 100,000 pixels."""
    img = stream(b"\x00" * 16, extra=b" /Type /XObject /Subtype /Image /Width 100000 /Height 100000 "
                                      b"/ColorSpace /DeviceGray /BitsPerComponent 8")
    return raw_pdf([
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R "
        b"/Resources << /XObject << /Im1 5 0 R >> >> >>",
        stream(b"q 500 0 0 700 50 50 cm /Im1 Do Q"),
        img,
    ])


def scanned_pdf(path: Path, pages: int, scanned: set[int], word: str = "") -> Path:
    """A pack whose pages in `scanned` (1-based) are images only, the others text (with `word`)."""
    from PIL import Image, ImageDraw

    img = Image.new("L", (420, 594), 255)
    draw = ImageDraw.Draw(img)
    for i in range(40):
        draw.rectangle([40, 40 + i * 13, 40 + 200 + (i * 37) % 150, 46 + i * 13], fill=30)
    buf = io.BytesIO()
    img.save(buf, format="PNG")
    reader = ImageReader(io.BytesIO(buf.getvalue()))
    c = canvas.Canvas(str(path), pagesize=A4)
    width, height = A4
    for n in range(1, pages + 1):
        if n in scanned:
            c.drawImage(reader, 30, 30, width - 60, height - 60)
        else:
            c.setFont("Helvetica", 11)
            c.drawString(70, height - 80, f"Section {n}: the report on {word} was noted.")
            c.drawString(70, height - 100, "The committee noted the position on the budget.")
        c.showPage()
    c.save()
    return path


# --------------------------------------------------------------------------- text


def one_line(size: int, unit: str) -> str:
    return (unit * (size // len(unit) + 1))[:size]


ADVERSARIAL_UNITS = (  # the shapes that made patterns quadratic before (see scripts/audit_regex.py)
    "minutes of the meeting of the ",
    "[x](http://a ",
    "Minutes of a meeting of the Cabinet [Report](http://x Item 5 Report No. 98/2017 Pages 2 - 3 held at **b ",
    "<a href=x>",
    "\t",
    " ",
    "a-",
    ". ",
)


def mixed_adversarial_line(size: int, seed: int = 7) -> str:
    rng = random.Random(seed)
    out, n = [], 0
    while n < size:
        unit = rng.choice(ADVERSARIAL_UNITS) * rng.randint(1, 400)
        out.append(unit)
        n += len(unit)
    return "".join(out)[:size]


def _agenda_text(word: str) -> str:
    return ("Rutland County Council\nMeeting: Cabinet\nDate and Time: Tuesday, 20 June 2017 at 9.30 am\n"
            "AGENDA\n1) APOLOGIES FOR ABSENCE\n2) QUARTER 4 PERFORMANCE REPORT\n"
            f"The report on {word} was noted by the committee.\n")


# --------------------------------------------------------------------------- the corpus


def build_corpus(folder: Path, full: bool = False) -> dict[str, str]:
    """Write the hostile corpus into `folder`; return {name: "fail" | "report" | "index"}."""
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    expected: dict[str, str] = {}
    SEARCH_WORDS.clear()
    rng = random.Random(2024)

    def put(name: str, data: bytes | str, outcome: str) -> None:
        path = folder / name
        path.write_bytes(data.encode("utf-8") if isinstance(data, str) else data)
        expected[name] = outcome

    # truncated PDFs: the agenda pack cut at several points (before its pages could all be read)
    pack = build_agenda_pack(folder / "_whole.pdf").read_bytes()
    (folder / "_whole.pdf").unlink()
    for frac in (0.02, 0.1, 0.25, 0.5, 0.75):
        put(f"truncated-{int(frac * 100):02d}.pdf", pack[: int(len(pack) * frac)], "fail")
    put("truncated-header-only.pdf", b"%PDF-1.4\n", "fail")
    # encrypted PDFs (reportlab's standard security handler, 40- and 128-bit)
    from reportlab.lib.pdfencrypt import StandardEncryption

    for strength in (40, 128):
        path = folder / f"encrypted-{strength}.pdf"
        build_text_pdf(path, [["Exempt report: not for publication"]],
                       encrypt=StandardEncryption("secret", "owner", strength=strength))
        expected[path.name] = "fail"
    path = build_text_pdf(folder / "encrypted-default.pdf", [["Confidential"]], encrypt="secret")
    expected[path.name] = "fail"
    # random bytes, with and without a PDF header
    for k, size in enumerate((17, 1000, 20_000, 200_000 if full else 60_000)):
        put(f"random-{k}.pdf", rng.randbytes(size), "fail")
        put(f"random-header-{k}.pdf", b"%PDF-1.7\n" + rng.randbytes(size), "fail")
    put("html-named.pdf", "<!DOCTYPE html><html><body>404 Not Found</body></html>", "fail")
    # zero-byte and blank files
    for name in ("zero.pdf", "zero.txt", "zero.md", "zero.markdown", "blank.txt", "blank-utf16.txt"):
        data = {"blank.txt": b"  \n\n\t\n", "blank-utf16.txt": " \n \n".encode("utf-16")}.get(name, b"")
        put(name, data, "fail")
    # nesting and reference bombs
    depth = 200_000 if full else 20_000
    put("nested-arrays.pdf", nested_arrays(depth), "report")
    put("nested-dicts.pdf", nested_dicts(depth), "report")
    put("nested-content.pdf", nested_content(depth), "report")
    put("reference-chain.pdf", reference_chain(20_000 if full else 3000), "report")
    put("reference-loop.pdf", reference_loop(), "report")
    # page trees: cyclic, lying about their size, larger than any agenda, empty
    put("page-tree-cycle.pdf", page_tree_cycle(), "report")
    put("page-count-lie.pdf", page_count_lie(), "report")
    put("page-tree-huge.pdf", huge_page_tree(200_000 if full else 3000), "fail")
    put("zero-pages.pdf", zero_pages(), "report")
    put("bad-xref.pdf", raw_pdf([b"<< /Type /Catalog /Pages 2 0 R >>", b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
                                  b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] >>"], xref_ok=False), "report")
    # decompression and interpreter bombs
    put("deflate-bomb.pdf", deflate_bomb(1024 if full else 600), "fail")
    put("gstate-bomb.pdf", gstate_bomb(3_000_000 if full else 400_000), "report")
    put("huge-image.pdf", huge_image_page(), "report")
    # scanned packs: all pages image-only, or some (named in the report either way)
    scanned_pdf(folder / "scanned-all.pdf", 3, {1, 2, 3})
    expected["scanned-all.pdf"] = "report"
    scanned_pdf(folder / "scanned-3-of-10.pdf", 10, {2, 5, 7}, word="zanzibarite")
    expected["scanned-3-of-10.pdf"] = "report"
    SEARCH_WORDS["scanned-3-of-10.pdf"] = "zanzibarite"
    # binary data given a text name
    for k, size in enumerate((100, 5000, 100_000)):
        put(f"garbage-{k}.txt", rng.randbytes(size), "fail")
        put(f"garbage-{k}.md", rng.randbytes(size), "fail")
    put("pdf-named.txt", pack, "fail")
    put("zip-named.md", b"PK\x03\x04" + rng.randbytes(3000), "fail")
    put("png-named.txt", b"\x89PNG\r\n\x1a\n" + rng.randbytes(3000), "fail")
    put("nul-rich.txt", b"Agenda\x00\x00\x00item\x00" * 500, "fail")
    # huge single lines: parsed in bounded time, indexed
    size = 5_000_000 if full else 200_000  # parse time of 1 MB lines: tests/test_long_lines.py
    # (at 5 MB the minutes line is cut into 1,000 lines that each open a minutes block of a title
    # only, so its last word is not kept: read in bounded time, that is all)
    put("one-line-minutes.txt", one_line(size, ADVERSARIAL_UNITS[0]) + " quokkaline", "parse" if full else "index")
    put("one-line-links.md", one_line(size, ADVERSARIAL_UNITS[1]) + " wallabyline", "index")
    put("one-line-mixed.md", mixed_adversarial_line(size), "parse")  # junk: read in bounded time, that is all
    SEARCH_WORDS.update({"one-line-links.md": "wallabyline"} if full else
                        {"one-line-minutes.txt": "quokkaline", "one-line-links.md": "wallabyline"})
    # odd but legitimate encodings and bytes: decoded and searchable
    odd = {
        "utf16-le-bom.txt": lambda t: t.encode("utf-16"),
        "utf16-be-bom.txt": lambda t: b"\xfe\xff" + t.encode("utf-16-be"),
        "utf16-le-nobom.txt": lambda t: t.encode("utf-16-le"),
        "utf16-be-nobom.md": lambda t: t.encode("utf-16-be"),
        "utf32-le-bom.txt": lambda t: t.encode("utf-32"),
        "utf32-be-bom.md": lambda t: b"\x00\x00\xfe\xff" + t.encode("utf-32-be"),
        "cp1252.txt": lambda t: t.replace("’", "'").encode("cp1252"),
        "mixed-encodings.txt": lambda t: t.encode("utf-8") + "Café terrace licence – Mr Müller’s objection\n".encode("cp1252"),
        "stray-nuls.txt": lambda t: t.encode("utf-8").replace(b"noted", b"no\x00ted", 1),
        "control-chars.md": lambda t: t.encode("utf-8").replace(b"AGENDA", b"\x1b[31mAGENDA\x07\x08"),
    }
    for k, (name, encode) in enumerate(odd.items()):
        word = f"numbat{chr(ord('a') + k)}ville"
        put(name, encode(_agenda_text(word) + "Résumé of the café’s licence.\n"), "index")
        SEARCH_WORDS[name] = word
    return expected


__all__ = ["SEARCH_WORDS", "build_corpus", "raw_pdf", "scanned_pdf", "one_line", "mixed_adversarial_line",
           "deflate_bomb", "huge_page_tree", "ADVERSARIAL_UNITS"]


# --------------------------------------------------------------------------- the archive boundary

SECRET = "xylophonesecret"  # the only word of the files outside the archive: must never be searchable


def build_boundary_cases(archive: Path, outside: Path) -> dict[str, str]:
    """Symlinks that leave `archive` (to `outside`, which holds files with SECRET, and to system
    files), broken and looping links, a FIFO, a socket, links into hidden folders. Returns
    {path relative to archive: a word the skip reason must contain}. Also writes the legitimate
    neighbours: a link that stays inside, a file whose name is not UTF-8 (both indexed)."""
    import socket

    archive.mkdir(parents=True, exist_ok=True)
    outside.mkdir(parents=True, exist_ok=True)
    for name in ("secret.txt", "secret.md"):
        (outside / name).write_text(_agenda_text(SECRET), encoding="utf-8")
    build_text_pdf(outside / "secret.pdf", [[f"Exempt report {SECRET}"]])
    (archive / "nested").mkdir(exist_ok=True)
    (archive / ".private").mkdir(exist_ok=True)
    (archive / ".private" / "hidden.txt").write_text(_agenda_text(SECRET), encoding="utf-8")
    rel = os.path.relpath(outside, archive)
    links = {
        "link-passwd.txt": ("/etc/passwd", "outside the archive"),
        "link-hosts.md": ("/etc/hosts", "outside the archive"),
        "link-secret.txt": (f"{rel}/secret.txt", "outside the archive"),
        "link-secret-abs.md": (str(outside / "secret.md"), "outside the archive"),
        "link-secret.pdf": (f"{rel}/secret.pdf", "outside the archive"),
        "link-outside-folder": (rel, "outside the archive"),
        "link-root": ("/", "outside the archive"),
        "link-etc": ("/etc", "outside the archive"),
        "nested/link-up.txt": (f"../{rel}/secret.txt", "outside the archive"),
        "link-hop.txt": ("link-secret.txt", "outside the archive"),  # inside, to a link that leaves
        "link-dev-zero.txt": ("/dev/zero", "outside the archive"),
        "link-proc.txt": ("/proc/self/environ", "outside the archive"),
        "dangling.pdf": ("no-such-file.pdf", "broken symlink"),
        "loop-a.txt": ("loop-b.txt", "cannot be followed"),
        "loop-b.txt": ("loop-a.txt", "cannot be followed"),
        "peek.txt": (".private/hidden.txt", "hidden"),
    }
    expected: dict[str, str] = {}
    for name, (target, reason) in links.items():
        os.symlink(target, archive / name)
        expected[name] = reason
    os.mkfifo(archive / "fifo.txt")
    expected["fifo.txt"] = "FIFO"
    sock = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    try:
        sock.bind(str(archive / "socket.md"))
    finally:
        sock.close()
    expected["socket.md"] = "socket"
    # legitimate neighbours
    (archive / "real.txt").write_text(_agenda_text("kookaburrareal"), encoding="utf-8")
    os.symlink("real.txt", archive / "nested-real-link.txt")
    with open(os.fsencode(archive) + b"/caf\xe9-\xff-agenda.txt", "wb") as fh:
        fh.write(_agenda_text("echidnabytes").encode("utf-8"))
    return expected


__all__ += ["SECRET", "build_boundary_cases"]
