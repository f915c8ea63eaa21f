"""Page-level PDF reading: words -> lines (with font size / bold), ruled tables
-> one TAB-joined line per row, and detection of pages without a usable text layer.

Works on one pdfplumber page at a time and knows nothing about the rest of the
document; running headers/footers are removed one level up, in pdf_extract.
"""
from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from .pdf_text import fix_stamps, is_bold_font, mean_word_length, normalise, run_together_ratio

Word = dict[str, Any]

# Default pdfplumber word splitting, then the tighter variants tried when a page
# comes out with words run together ("CityHall1315ValleyDrive").
DEFAULT_TOLERANCE: dict[str, float] = {"x_tolerance": 3}
TIGHT_TOLERANCES: tuple[dict[str, float], ...] = ({"x_tolerance_ratio": 0.15}, {"x_tolerance": 1.5})
RUN_TOGETHER_LIMIT = 0.04  # share of letters in 18+ letter runs that triggers a retry
SPACE_GAP_EM = 0.1  # a horizontal gap wider than this (in ems) between two words is a space
CID_LIMIT = 0.3  # share of unreadable glyphs above which the page is given up


@dataclass
class PageLine:
    top: float
    bottom: float
    x0: float
    text: str
    size: float | None
    bold: bool
    is_table: bool = False


@dataclass
class PageText:
    number: int
    width: float
    height: float
    lines: list[PageLine] = field(default_factory=list)
    warning: str | None = None
    sizes: Counter[float] = field(default_factory=Counter)  # chars per font size
    tight_spacing: bool = False  # words were re-split with a tighter tolerance


def _is_bad_glyph(text: str) -> bool:
    return text.startswith("(cid:") or "\ufffd" in text


def char_stats(chars: Iterable[dict[str, Any]]) -> tuple[int, int]:
    """(non-space chars, unreadable chars) for a page's chars."""
    n_text = n_bad = 0
    for c in chars:
        t = c.get("text", "")
        if not t or t.isspace():
            continue
        n_text += 1
        if _is_bad_glyph(t):
            n_bad += 1
    return n_text, n_bad


def needs_ocr_reason(n_text: int, n_bad: int, has_graphics: bool) -> str | None:
    """Why a page cannot be read as text, or None when it can (or is simply blank)."""
    if n_text == 0:
        return "no text layer (scanned image?) - needs OCR" if has_graphics else None
    if n_bad and (n_bad / n_text > CID_LIMIT or n_text - n_bad < 10):
        return "unreadable font encoding (cid glyphs) - needs OCR"
    return None


def _extract_words(source: Any, tolerance: dict[str, float]) -> list[Word]:
    """Words (with size and font name) from a pdfplumber page or a list of chars."""
    options: dict[str, Any] = {
        "keep_blank_chars": False,
        "use_text_flow": False,
        "extra_attrs": ["size", "fontname"],
        **tolerance,
    }
    if isinstance(source, list):
        from pdfplumber.utils import extract_words

        return extract_words(source, **options)
    return source.extract_words(**options)


def turn_upright(chars: list[dict[str, Any]], width: float, height: float) -> list[dict[str, Any]]:
    """Rotate sideways characters (the dominant direction) into upright page coordinates.

    Text reading bottom-to-top (turned anticlockwise) has its first line at the
    left; text reading top-to-bottom (turned clockwise) has it at the right.
    The font size of a sideways glyph is its horizontal extent.
    """
    sideways = [c for c in chars if not c.get("upright", True) and not _is_bad_glyph(c.get("text", ""))]
    up = sum(1 for c in sideways if c["matrix"][1] > 0)  # b > 0: reads bottom to top
    reads_up = up * 2 >= len(sideways)
    out = []
    for c in sideways:
        if (c["matrix"][1] > 0) != reads_up:
            continue
        size = c["x1"] - c["x0"]
        if reads_up:
            x0, x1, top, bottom = height - c["bottom"], height - c["top"], c["x0"], c["x1"]
        else:
            x0, x1, top, bottom = c["top"], c["bottom"], width - c["x1"], width - c["x0"]
        out.append({**c, "x0": x0, "x1": x1, "top": top, "bottom": bottom, "doctop": top,
                    "upright": True, "size": size, "width": x1 - x0, "height": bottom - top})
    out.sort(key=lambda c: (round(c["top"]), c["x0"]))
    return out


def _choose_words(source: Any) -> tuple[list[Word], bool]:
    """Words with sane spacing; retries tighter tolerances when words run together."""
    words = _extract_words(source, DEFAULT_TOLERANCE)
    ratio = run_together_ratio([w["text"] for w in words])
    if ratio <= RUN_TOGETHER_LIMIT:
        return words, False
    best, best_ratio, tight = words, ratio, False
    for tol in TIGHT_TOLERANCES:
        cand = _extract_words(source, tol)
        texts = [w["text"] for w in cand]
        r = run_together_ratio(texts)
        if r < best_ratio * 0.5 and mean_word_length(texts) >= 2.5:
            best, best_ratio, tight = cand, r, True
            if r <= RUN_TOGETHER_LIMIT:
                break
    return best, tight


def group_lines(words: list[Word]) -> list[list[Word]]:
    """Cluster words into visual lines by vertical overlap, each sorted left to right."""
    lines: list[dict[str, Any]] = []
    for w in sorted(words, key=lambda w: (w["top"], w["x0"])):
        h = max(w["bottom"] - w["top"], 0.1)
        target = None
        duplicate = False
        for ln in reversed(lines[-3:]):
            overlap = min(ln["bottom"], w["bottom"]) - max(ln["top"], w["top"])
            if overlap < 0.5 * min(h, ln["height"]):
                continue
            clash = _clash(ln["words"], w)
            if clash is None:
                target = ln
                break
            if clash:  # the same word drawn twice (fake bold): keep one
                duplicate = True
                break
            # otherwise it is drawn over this line (a page stamp on top of the
            # text): it belongs to another line
        if duplicate:
            continue
        if target is None:
            lines.append({"top": w["top"], "bottom": w["bottom"], "height": h, "words": [w]})
        else:
            target["words"].append(w)
            target["top"] = min(target["top"], w["top"])
            target["bottom"] = max(target["bottom"], w["bottom"])
            target["height"] = min(target["height"], h)
    return [sorted(ln["words"], key=lambda w: w["x0"]) for ln in lines]


def _clash(line_words: list[Word], w: Word) -> bool | None:
    """None if `w` fits beside the line's words; True if it duplicates one of
    them; False if it overlaps one horizontally (drawn on top of the line)."""
    for o in line_words:
        overlap = min(o["x1"], w["x1"]) - max(o["x0"], w["x0"])
        if overlap <= min(1.5, 0.3 * min(o["x1"] - o["x0"], w["x1"] - w["x0"])) + 0.01:
            continue
        if o["text"] == w["text"] and abs(o["x0"] - w["x0"]) < 2 and abs(o["top"] - w["top"]) < 2:
            return True
        return False
    return None


def join_words(words: list[Word]) -> str:
    """Join a line's words, with a space only where there is a visible gap.

    Words are also split where the font changes ("no" bold + ":" regular), and
    those pieces must be glued back without a space.
    """
    out: list[str] = []
    prev = None
    for w in words:
        if prev is not None:
            gap = w["x0"] - prev["x1"]
            em = min(prev["size"], w["size"]) or 10.0
            out.append(" " if gap > SPACE_GAP_EM * em else "")
        out.append(w["text"])
        prev = w
    return "".join(out)


def style_of(words: list[Word]) -> tuple[float | None, bool]:
    """Dominant font size (by characters, 0.1 pt) and whether most characters are bold."""
    sizes: Counter[float] = Counter()
    bold = total = 0
    for w in words:
        n = len(w["text"])
        sizes[round(float(w["size"]), 1)] += n
        total += n
        if is_bold_font(str(w.get("fontname", ""))):
            bold += n
    if not total:
        return None, False
    return sizes.most_common(1)[0][0], bold * 2 > total


def _centre_in(w: Word, bbox: tuple[float, float, float, float]) -> bool:
    x = (w["x0"] + w["x1"]) / 2
    y = (w["top"] + w["bottom"]) / 2
    return bbox[0] <= x <= bbox[2] and bbox[1] <= y <= bbox[3]


def _cell_text(words: list[Word]) -> str:
    return normalise(" ".join(join_words(ln) for ln in group_lines(words)))


def table_rows(page: Any, words: list[Word]) -> tuple[list[PageLine], list[tuple[float, float, float, float]]]:
    """Ruled tables on the page as TAB-joined row lines, plus the bboxes they cover."""
    if not (page.rects or page.lines):
        return [], []
    try:
        found = page.find_tables()
    except Exception:  # noqa: BLE001 - a broken drawing must not cost us the page's text
        return [], []
    out: list[PageLine] = []
    boxes: list[tuple[float, float, float, float]] = []
    for table in found:
        rows = table.rows
        grid: list[list[str | None]] = []
        row_words: list[list[Word]] = []
        inside = [w for w in words if _centre_in(w, table.bbox)]
        for row in rows:
            cells: list[str | None] = []
            for cell in row.cells:
                cells.append(None if cell is None else _cell_text([w for w in inside if _centre_in(w, cell)]))
            grid.append(cells)
            row_words.append([w for w in inside if _centre_in(w, row.bbox)])
        if not grid:
            continue
        cleaned = compact_columns(grid)
        if not _looks_like_table(cleaned):
            continue
        boxes.append(tuple(table.bbox))
        for row, row_cells, rw in zip(rows, cleaned, row_words, strict=False):
            if not any(row_cells):
                continue
            size, bold = style_of(rw)
            top, bottom = row.bbox[1], row.bbox[3]
            out.append(PageLine(top, bottom, row.bbox[0], "\t".join(c or "" for c in row_cells), size, bold, is_table=True))
    return out, boxes


def compact_columns(grid: list[list[str | None]]) -> list[list[str]]:
    """Drop columns with no text; fold columns that exist only because of merged
    (spanning) cells - `None` in pdfplumber's grid - into their left neighbour
    when no row has text in both. Ordinary empty cells stay as "" so columns line up."""
    ncols = max((len(r) for r in grid), default=0)
    cols = [[r[j] if j < len(r) else None for r in grid] for j in range(ncols)]
    cols = [c for c in cols if any(c)]
    out: list[list[str | None]] = []
    for col in cols:
        if out and any(v is None for v in col + out[-1]):
            prev = out[-1]
            if not any(a and b for a, b in zip(prev, col, strict=False)):
                out[-1] = [a or b for a, b in zip(prev, col, strict=False)]
                continue
        out.append(col)
    nrows = len(grid)
    return [[(c[i] or "") for c in out] for i in range(nrows)]


def _looks_like_table(rows: list[list[str]]) -> bool:
    """>=2 rows and >=2 columns with content, and not a box of running prose."""
    if not rows or len(rows[0]) < 2:
        return False
    filled = [r for r in rows if any(r)]
    if len(filled) < 2:
        return False
    multi = sum(1 for r in filled if sum(1 for c in r if c) >= 2)
    if multi < 2 or multi < 0.25 * len(filled):
        return False
    total = sum(len(c) for r in filled for c in r)
    long_text = sum(len(c) for r in filled for c in r if len(c) > 400)
    return not (total and long_text / total > 0.6)


def read_page(page: Any) -> PageText:
    """Read one pdfplumber page into lines (reading order) or a needs-OCR warning."""
    result = PageText(number=page.page_number, width=float(page.width), height=float(page.height))
    chars = page.chars
    n_text, n_bad = char_stats(chars)
    has_graphics = bool(page.images or page.rects or page.curves or page.lines)
    reason = needs_ocr_reason(n_text, n_bad, has_graphics)
    if reason:
        result.warning = f"page {page.page_number}: {reason}"
        return result
    if n_text == 0:
        return result
    upright = sum(1 for c in chars if c.get("upright", True) and not c.get("text", " ").isspace())
    source: Any = page
    if upright * 2 < n_text:
        # mostly sideways text (a landscape table printed on a portrait page):
        # turn the characters upright and read them as an ordinary page
        source = turn_upright(chars, float(page.width), float(page.height))
        result.width, result.height = result.height, result.width
    elif n_bad or upright < n_text:

        def wanted(obj: dict[str, Any]) -> bool:
            if obj.get("object_type") != "char":
                return True
            return not _is_bad_glyph(obj.get("text", "")) and bool(obj.get("upright", True))

        source = page = page.filter(wanted)
    words, result.tight_spacing = _choose_words(source)
    words = [w for w in words if w["text"].strip()]
    for w in words:
        result.sizes[round(float(w["size"]), 1)] += len(w["text"])
    rows, boxes = table_rows(page, words) if source is page else ([], [])
    if boxes:
        words = [w for w in words if not any(_centre_in(w, b) for b in boxes)]
    lines: list[PageLine] = list(rows)
    for ln in group_lines(words):
        text = fix_stamps(normalise(join_words(ln)))
        if not text:
            continue
        size, bold = style_of(ln)
        top = min(w["top"] for w in ln)
        bottom = max(w["bottom"] for w in ln)
        lines.append(PageLine(top, bottom, ln[0]["x0"], text, size, bold))
    for row in rows:  # table cells get the same clean-up as ordinary lines
        row.text = "\t".join(fix_stamps(c) for c in row.text.split("\t"))
    lines.sort(key=lambda ln: (round(ln.top, 1), ln.x0))
    result.lines = lines
    return result


__all__ = ["PageLine", "PageText", "read_page", "group_lines", "join_words", "style_of", "char_stats", "needs_ocr_reason"]
