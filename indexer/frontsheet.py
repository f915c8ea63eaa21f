"""The front sheet: who meets, when, where, and the numbered agenda.

Front sheets differ between councils (labelled fields in Rutland, a two-column
table in Leicestershire, free layout in Kent and the US). The rules here rely on
general cues only: "Label: value" pairs, calendar dates, item numbering that
increases, page ranges in brackets and shouted group headers.

Council and meeting. `council` is the authority whose body meets and `meeting`
is that body. A council named on the first page ("Kent County Council", "City
of Hermosa Beach") is taken as printed. When the heading names the body of a
place instead ("CUYAHOGA COUNTY BOARD OF HEALTH"; "EAST PALO ALTO" over
"PLANNING COMMISSION"), the place is the council ("Cuyahoga County"; "City of
East Palo Alto" when the pack itself calls it that) and the body is the meeting
("Board of Health", "Planning Commission"). Only then is the council counted
from the whole pack, and only a name that dominates its mentions and agrees
with the pack's own government e-mail domain, so that a place named in a
contract list or an address is never taken for the council.
"""
from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass

from core.model import Line

from .textutil import clean_title, find_date, find_time, is_shouting, leading_int, norm_key, smart_title

REPORT_NO = re.compile(r"\bReport\s*(?:No|Number|Ref)\.?\s*[:.]?\s*(\d{1,4}/\d{4})", re.I)
DECISION_NO = re.compile(r"\b(?:Decision\s*(?:No|Number)\.?\s*:?\s*)(\d{2}/\d{5})", re.I)
LEADING_DECISION = re.compile(r"^(\d{2}/\d{5})\s*[-–:]\s*")
PAGES = re.compile(r"\(?(?<!\s)\s*Pages?\s+(\d{1,4})(?:\s*[-–]\s*(\d{1,4}))?\s*\)?", re.I)
ITEM = re.compile(r"^(?:Item\s+)?(?P<num>\d{1,3}[a-z]?)(?:[.)]|\s*[-–:])?\s+(?P<rest>\S.*)$", re.I)
SUB_ITEM = re.compile(r"^\(?(?P<num>[a-zA-Z])[.)]\s+(?P<rest>\S.*)$")
GROUP_REPORT_OF = re.compile(r"^REPORTS?\s+(?:OF|FROM|BY)\s+(?:THE\s+)?(?P<who>[A-Z].+)$")
EXEMPT_HEADER = re.compile(r"^(?:EXEMPT ITEMS|PART\s*(?:II|2|B)\b|RESTRICTED ITEMS|CONFIDENTIAL ITEMS)", re.I)
OPEN_HEADER = re.compile(r"^(?:UNRESTRICTED ITEMS|PART\s*(?:I|1|A)\b(?!I))", re.I)
DESCRIPTION_START = re.compile(r"^(?:To\s|In accordance|\(|Cabinet is|Members are|The |This |Copies|Note|Proposed)", re.I)
END_OF_AGENDA = re.compile(r"^(?:-{2,}\s*o?0?O?0?o?\s*-{2,}|MEMBERS OF THE|TO:\s*ELECTED MEMBERS|Membership\b|Distribution\b)", re.I)
_END_NEEDS_SHOUT = re.compile(r"^(?:MEMBERS OF THE|TO:\s*ELECTED MEMBERS)", re.I)  # not "Members of the public who …"
COUNCIL = re.compile(
    r"\b((?:[A-Z][A-Za-z'&.-]{1,40}+\s+){1,4}(?:County|Borough|District|City|Town|Parish|Metropolitan Borough)\s+Council"
    r"|City\s+of\s+(?:[A-Z][A-Za-z'.-]++\s?){1,3})",
)
_NOT_COUNCIL_START = {"the", "a", "this", "full", "each", "every", "our", "local", "county", "city", "borough",
                      "district", "any", "all", "of", "and", "regular", "special", "agenda", "to", "for", "joint"}
_NOT_COUNCIL_WORDS = {"request", "speaker", "meeting", "agenda", "minutes", "regular", "special", "report", "item",
                      "chamber", "chambers", "members", "member", "leader", "budget", "plan", "policy"}
LABEL = re.compile(r"^(?P<label>Meeting|Committee|Date and Time|Date/Time|Date & Time|Date|Time|Venue|Location|Place|Where)\s*:\s*(?P<value>.*)$", re.I)
MINUTES_OF = re.compile(r"\bminutes\s+of\s+(?:a|the)\s+(?:\w+\s+)?meeting\s+of\s+(?:the\s+)?(?P<body>.{1,300}?)\s+held\b(?P<rest>.*)", re.I)
HELD_AT = re.compile(r"\bheld\s+(?:in|at)\s+(?:the\s+)?(?P<venue>.{1,300}?)\s+on\s+(?:\w+day)", re.I)
HONORIFIC = re.compile(r"\b(?:Mr|Mrs|Miss|Ms|Dr|Cllr|Councillor)\.?\s+(?:(?!(?:Mr|Mrs|Miss|Ms|Dr|Cllr)\b)[A-Z][\w.'’-]*,?\s*)+(?:\((?:Chairman|Chair|Vice[- ]Chair(?:man)?)\))?")


@dataclass(frozen=True)
class AgendaEntry:
    number: str
    title: str
    report_number: str | None = None
    pages: tuple[int, int] | None = None
    key_decision: bool | None = None
    exempt: bool | None = None
    report_of: str | None = None
    to_follow: bool = False
    description: str | None = None


@dataclass(frozen=True)
class FrontSheet:
    council: str | None
    meeting: str | None
    date: str | None
    time: str | None
    venue: str | None
    members: tuple[str, ...]
    entries: tuple[AgendaEntry, ...]


def _labelled(lines: list[Line]) -> dict[str, str]:
    """'Label: value' fields of the front sheet (first occurrence wins)."""
    found: dict[str, str] = {}
    for i, line in enumerate(lines):
        text = line.text.replace("\t", " ").strip()
        m = LABEL.match(text)
        if not m:
            continue
        label = m.group("label").lower()
        value = m.group("value").strip()
        if label in ("venue", "location", "place", "where") and i + 1 < len(lines):
            nxt = lines[i + 1].text.strip()
            if value.endswith(",") and ":" not in nxt and len(nxt) < 60:
                value = f"{value} {nxt}"
        found.setdefault(label, value)
    return found


BODY_WORD = re.compile(
    r"\b(?:Board|Commission|Commissioners|Committee|Council|Panel|Authority|Cabinet|Agency|Trustees|Supervisors|"
    r"Assembly|Forum|Partnership)\b", re.I)
PLACE_BODY = re.compile(
    r"^(?P<place>(?:[A-Z][\w'’.-]*\s+){1,3}(?:County|City|Town|Village|Borough|Parish|Township))\s+"
    r"(?P<body>(?!Council$)\S.*)$")
MEETING_KIND = re.compile(
    r"^(?:(?:regular|special|adjourned|joint|annual|emergency|closed|open|public|revised|amended)\s+)*"
    r"(?:meeting|session)?\s*(?:agenda|minutes|notice|packet)?$", re.I)
_NOT_PLACE_LINE = re.compile(r"\b(?:Pack|Document|Agenda|Minutes|Report|Notice|Supplement\w*|Revised|Meeting|Session|"
                             r"Public|Draft|Item|Appendix|Annex|Summons|Part)\b", re.I)
_VENUE_WORD = re.compile(r"\b(?:Chambers?|Hall|Room|Building|Cent(?:er|re)|Street|Avenue|Road|Drive|House)\b", re.I)
_CONNECTOR = re.compile(r"(?:\b(?:of|and|the|for|on|&)|[-–,])$", re.I)
# words that end a place name captured after "City of" ("City of Norwalk Housing Authority")
_NOT_PLACE = {"housing", "planning", "redevelopment", "successor", "authority", "commission", "board", "council",
              "committee", "department", "agency", "public", "cable", "water", "police", "fire", "parks", "community",
              "and", "or", "the", "rules", "municipal", "city", "county"}


def _display(line: Line, body_size: float | None) -> bool:
    """A heading-like line: shouted, larger than the body text, bold or a Markdown heading."""
    if line.is_table_row:
        return False
    bigger = body_size is not None and line.size is not None and line.size >= body_size + 1.0
    return bigger or line.bold or line.heading_level is not None or is_shouting(line.text)


def heading_names(front: list[Line], body_size: float | None = None) -> tuple[str | None, str | None]:
    """(place, body) named by the heading of the first page: "CUYAHOGA COUNTY BOARD OF HEALTH" gives
    ("Cuyahoga County", "Board of Health"); "EAST PALO ALTO" over "PLANNING COMMISSION" gives
    ("East Palo Alto", "Planning Commission"). Either may be None."""
    first_page = front[0].page if front else None
    shown: list[str] = []
    styles: list[tuple[float | None, bool]] = []
    for line in front[:30]:
        text = " ".join(line.text.split())
        if first_page is not None and line.page != first_page:
            break
        if ITEM.match(text) or LABEL.match(text) or len(text) > 70:
            if shown:
                break  # the heading is over once the agenda or the labelled fields begin
            continue
        if not _display(line, body_size):
            continue
        shown.append(text)
        styles.append((line.size, line.bold))
    for k, text in enumerate(shown):
        words = smart_title(text)
        if find_date(words) or re.search(r"\d", words) or MEETING_KIND.fullmatch(words.strip()):
            continue
        m = PLACE_BODY.match(words)
        if m and BODY_WORD.search(m.group("body")):
            return m.group("place"), m.group("body")
        if (not BODY_WORD.search(words) or re.match(r"^(?:to|from|dear|by|for|at|in)\b", words, re.I)
                or _VENUE_WORD.search(words) or re.search(r"[.;:!?]\s", words) or COUNCIL.fullmatch(words)):
            continue  # not a body: a sentence, a venue ("City Hall Council Chambers") or the council itself
        body = words
        if k + 1 < len(shown):
            nxt = smart_title(shown[k + 1])
            if (BODY_WORD.fullmatch(nxt.strip()) or _CONNECTOR.search(body)) and not find_date(nxt):
                body = f"{body} {nxt}"  # a heading wrapped over two lines
        place = None
        if k > 0:
            prev = smart_title(shown[k - 1])
            if (len(prev.split()) <= 4 and not BODY_WORD.search(prev) and not find_date(prev)
                    and not re.search(r"[\d:@/]", prev) and not MEETING_KIND.fullmatch(prev.strip())
                    and all(w[:1].isupper() for w in prev.split()) and not _NOT_PLACE_LINE.search(prev)
                    and styles[k - 1] == styles[k]):
                place = prev  # set in the same type as the body: one stacked heading
        return place, body
    return None, None


def _council_candidates(lines: list[Line]) -> list[str]:
    out = []
    for line in lines:
        text = line.text.replace("\t", " ")
        if is_shouting(text):
            text = smart_title(text)  # "KENT COUNTY COUNCIL"
        for m in COUNCIL.finditer(text):
            name = " ".join(m.group(1).split())
            first = name.split()[0].lower()
            if first in _NOT_COUNCIL_START and not name.lower().startswith("city of"):
                continue
            if name.lower().startswith("city of"):
                kept = name.split()[:2]
                for w in name.split()[2:]:
                    if w.lower().strip(".,") in _NOT_PLACE:
                        break
                    kept.append(w)
                name = " ".join(kept).rstrip(".,")
                if len(kept) < 3:
                    continue
            if any(w.lower() in _NOT_COUNCIL_WORDS for w in name.split()):
                continue
            out.append(smart_title(name))
    return out


def _place_of(name: str) -> str:
    """'City of Hermosa Beach' -> 'Hermosa Beach'; 'Kent County Council' -> 'Kent'."""
    name = re.sub(r"^City\s+of\s+", "", name)
    return re.sub(r"(?<!\s)\s+(?:County|Borough|District|City|Town|Parish|Metropolitan Borough)\s+Council$", "", name)


def _domain_matches(place: str, label: str) -> bool:
    """Whether an e-mail domain label ("kent", "leics", "cityofrosemead") is that of `place`."""
    key = norm_key(place)
    if not key or len(label) < 3:
        return False
    if key in label or label in key:
        return True
    # an abbreviation: "leics" for Leicestershire
    it = iter(key)
    return label[:3] == key[:3] and all(c in it for c in label)


def _own_domains(body: str) -> Counter:
    """E-mail domain labels of the pack, an address broken over two lines mended first."""
    body = re.sub(r"(@[\w.-]+)[ \t]*\n[ \t]*(\.[\w.]+)", r"\1\2", body)
    out: Counter = Counter()
    for dom in re.findall(r"@([\w-]+(?:\.[\w-]+)+)", body):
        out[dom.lower().split(".")[0] + (".gov" if re.search(r"\.gov\b", dom, re.I) else "")] += 1
    return out


def find_council(front: list[Line], everything: list[Line], place: str | None = None) -> str | None:
    """The council: named on the first page; else the place whose body the heading names; else
    a council that dominates the pack's mentions and agrees with its own e-mail domain."""
    first_page = front[0].page if front else None
    head = _council_candidates([ln for ln in front[:25] if len(ln.text) < 80 and not re.match(r"^\d", ln.text)
                                and (first_page is None or ln.page == first_page)])
    if head:
        return head[0]
    every = _council_candidates(everything)
    if place:
        fuller = [n for n in every if _place_of(n).lower() == place.lower()]
        return fuller[0] if fuller else place
    counts = Counter(every)
    body = "\n".join(ln.text for ln in everything)
    domains = _own_domains(body)
    own = domains.most_common(1)[0][0] if domains else None
    for name in list(counts):
        kind = re.search(r"(County|Borough|District|City|Town|Parish) Council$", name)
        if kind:
            # "the County Council" in the prose speaks for the named council of that kind
            counts[name] += len(re.findall(rf"\bthe {kind.group(1)} Council\b", body, re.I))
        if own and _domain_matches(_place_of(name), own.removesuffix(".gov")):
            counts[name] += 10  # the pack's own e-mail domain ("@kent.gov.uk") speaks for that council
        elif own and own.endswith(".gov"):
            del counts[name]  # a council other than the one whose officers wrote the pack
    if counts:
        name, n = counts.most_common(1)[0]
        if n >= 2 and n * 2 > sum(counts.values()):
            return name
    return None


def find_meeting(front: list[Line], labels: dict[str, str]) -> str | None:
    value = labels.get("meeting") or labels.get("committee")
    if value:
        return clean_title(value)
    for line in front[:40]:
        m = MINUTES_OF.search(line.text)
        if m:
            return clean_title(m.group("body"))
    texts = [ln.text.strip() for ln in front[:30]]
    for i, text in enumerate(texts):
        if text.upper() == "AGENDA" and i + 1 < len(texts) and is_shouting(texts[i + 1]) and len(texts[i + 1]) < 60:
            return clean_title(texts[i + 1])
        m = re.match(r"^(?P<body>[A-Z][A-Z &'()/-]{3,}?)\s*(?:[-–]\s*|\bAGENDA\b|\bMINUTES\b)", text)
        if m and is_shouting(m.group("body")) and find_date(text):
            body = re.sub(r"\b(?:AGENDA|MINUTES)\b.*$", "", m.group("body")).strip(" -–")
            if body:
                return clean_title(body)
        if re.match(r"^AGENDA\b", text) and i > 0 and is_shouting(texts[i - 1]) and len(texts[i - 1]) < 60:
            return clean_title(texts[i - 1])
    return None


TO_MEETING = re.compile(r"^To:?\s+(?:the\s+)?(?P<body>[A-Z][\w&'’ ]{2,60}?)\s*[-–—,]\s*(?P<when>.+)$")


def addressed_to(front: list[Line]) -> str | None:
    """The meeting a report is addressed to: "To: Cabinet - 30 January 2025", "To Cabinet – 30 January 2025"."""
    for line in front[:40]:
        m = TO_MEETING.match(" ".join(line.text.split()))
        if m and find_date(m.group("when")) and len(m.group("body").split()) <= 6:
            return clean_title(m.group("body"))
    return None


def find_members(front: list[Line]) -> tuple[str, ...]:
    """Names listed under a membership heading of the front sheet."""
    members: list[str] = []
    start = None
    for i, line in enumerate(front):
        if re.match(r"^(?:Membership|MEMBERS OF THE|TO:\s*ELECTED MEMBERS|Members:)", line.text.strip(), re.I):
            start = i
            break
    if start is None:
        return ()
    for line in front[start : start + 12]:
        text = line.text.replace("\t", " ")
        # the list ends at a note or at a shouted line that names no member (a distribution heading)
        if line is not front[start] and (re.match(r"^(?:Please note|Note|AGENDA)", text, re.I)
                                         or (is_shouting(text) and not HONORIFIC.search(text))):
            break
        for m in HONORIFIC.finditer(text):
            name = " ".join(m.group(0).split()).rstrip(" ,")
            name = re.sub(r"(?<!\s)\s+(Chairman|Chair)$", r" (\1)", name)
            if name not in members:
                members.append(name)
    return tuple(members)


def _split_cells(line: Line) -> tuple[str, list[str]]:
    cells = [c for c in line.cells if c]
    if not cells:
        return "", []
    if re.fullmatch(r"\d{1,3}[a-z]?[.)]?", cells[0]) and len(cells) > 1:
        return cells[0].rstrip(".)") + ". " + cells[1], cells[2:]
    return cells[0], cells[1:]


def _finish(entry: dict, blob_lines: list[str], extra_cells: list[str]) -> AgendaEntry:
    blob = " ".join(blob_lines)
    report_of = None
    pages = None
    for cell in extra_cells:
        pm = PAGES.search(cell)
        before = PAGES.sub("", cell).strip()
        if before and not report_of and not re.fullmatch(r"[\W\d]*", before):
            report_of = smart_title(before)
        if pm:
            blob += " " + pm.group(0)
    pm = PAGES.search(blob)
    if pm:
        a = int(pm.group(1))
        pages = (a, int(pm.group(2) or a))
    report_number = None
    m = REPORT_NO.search(blob) or DECISION_NO.search(blob)
    title = entry["title"]
    lead = LEADING_DECISION.match(title)
    if lead:
        report_number = lead.group(1)
        title = title[lead.end():]
    if m and not report_number:
        report_number = m.group(1)
    desc_lines = entry.get("description", [])
    rec = RECOMMENDED_BY.match(title)
    if rec and desc_lines:
        # "1. Recommended by Water System" / "Approval of Agreement No. 47696 for …": the subject follows
        n = next((k + 1 for k, d in enumerate(desc_lines[:4]) if d.rstrip().endswith(".")), 1)
        report_of = report_of or rec.group("who").strip(" .")
        title, desc_lines = " ".join(desc_lines[:n]), desc_lines[n:]
        entry = {**entry, "description": desc_lines}
    if not report_number:
        title, report_number = _file_number(title, desc_lines[:1])
    presenter = next((p.group("who") for p in (PRESENTER.match(d) for d in desc_lines[:2]) if p), None)
    if presenter and not report_of and all(w[:1].isupper() or w in _SMALL_WORDS for w in presenter.split()):
        report_of = presenter  # "(Finance Director A. Name)" under the title
    from_who = re.search(r"\bfrom\s+(?:the\s+)?([A-Z][^()]+?)(?:\s*\(|$)", blob)
    if from_who and not report_of and REPORT_NO.search(blob):
        report_of = smart_title(from_who.group(1).strip(" ."))
    if report_number and not report_of:
        report_of = entry.get("report_of")
    key = bool(re.search(r"KEY\s+DECISION", blob + " " + title, re.I)) or None
    title = re.sub(r"\(?(?<!\s)\s*KEY\s+DECISION\s*\)?", "", title, flags=re.I)
    title = PAGES.sub("", REPORT_NO.sub("", title))
    to_follow = bool(re.search(r"to\s+follow", blob, re.I))
    title = re.sub(r"\(?(?<!\s)\s*\*?Report\s+to\s+follow\*?\s*\)?", "", title, flags=re.I)
    title = re.sub(r"\(\s*Pages?\s*$", "", title)  # "(Pages" / "461 - 610)" split over two lines
    description = " ".join(entry.get("description", [])) or None
    head = _shouted_head(title)
    if head:  # "MEETING MINUTES – Staff recommends the Housing Authority approve …"
        title, said = head
        description = f"{said} {description}" if description else said
    return AgendaEntry(
        number=entry["number"], title=clean_title(title), report_number=report_number, pages=pages,
        key_decision=key, exempt=entry.get("exempt"), report_of=report_of,
        to_follow=to_follow, description=description,
    )


RECOMMENDED_BY = re.compile(r"^Recommended\s+by\s+(?:the\s+)?(?P<who>[A-Z].{2,100})$")
FILE_NO = re.compile(r"(?<![\w/-])(\d{2}-\d{4})(?![\w/-])")
PRESENTER = re.compile(r"^(?:\d{2}-\d{4}\s+)?\((?P<who>[A-Z][^()]{4,80})\)$")
_TYPE_COLUMN = re.compile(r"^REPORT\s+(?!(?:OF|FROM|BY|ON|TO|AND)\b)(?=[A-Z])")


def _file_number(title: str, first_desc: list[str]) -> tuple[str, str | None]:
    """A legislative file number ("23-0015") printed with an item: leading the title, or in the file
    column beside a title that opens with its type ("REPORT CITY COUNCIL MINUTES" / "23-0021 …").
    Returns the title without it (or the type word) and the number."""
    lead = re.match(r"^(\d{2}-\d{4})\s+(?=\S)", title)
    if lead:
        return title[lead.end():], lead.group(1)
    typed = _TYPE_COLUMN.match(title)
    if typed and is_shouting(title):
        inner = FILE_NO.search(title)
        if inner:
            return (title[typed.end(): inner.start()] + title[inner.end():]).replace("  ", " "), inner.group(1)
        below = re.match(r"^(\d{2}-\d{4})\b", first_desc[0]) if first_desc else None
        if below:
            return title[typed.end():], below.group(1)
    return title, None


_SHOUTED_HEAD = re.compile(r"^(?P<head>[A-Z][A-Z&'’/ -]*[A-Z])(?:\s*[–—:-]\s+|\s+)(?P<rest>[A-Z][a-z]+\s.*)$")
_SMALL_WORDS = {"a", "an", "and", "as", "at", "by", "for", "from", "in", "of", "on", "or", "the", "to", "with", "is", "be"}


def _shouted_head(title: str) -> tuple[str, str] | None:
    """A shouted title run into a sentence that describes it, as US agendas print items
    ("PUBLIC COMMENT Opportunity to address the City Council …"): (title, sentence) or None.
    Title-case text after a shouted word ("SEND Strategy for Schools") is the title itself."""
    m = _SHOUTED_HEAD.match(title)
    if not m or not is_shouting(m.group("head")) or len(re.sub(r"[^A-Z]", "", m.group("head"))) < 4:
        return None
    rest = m.group("rest")
    words = [w for w in re.findall(r"[A-Za-z][\w’'-]*", rest) if w.lower() not in _SMALL_WORDS]
    if len(words) < 5 or is_shouting(rest):
        return None
    capitalised = sum(1 for w in words if w[:1].isupper())
    if capitalised * 2 >= len(words):
        return None
    return m.group("head"), rest.strip()


ROMAN_ITEM = re.compile(r"^(?P<num>[IVXL]{1,7})[.)]\s+(?P<rest>\S.*)$")
_ROMAN = {"I": 1, "V": 5, "X": 10, "L": 50}


def roman_value(text: str) -> int | None:
    """'XIV' -> 14; None for anything that is not a well-formed Roman numeral below 90."""
    total = 0
    for k, c in enumerate(text):
        v = _ROMAN.get(c)
        if v is None:
            return None
        nxt = _ROMAN.get(text[k + 1]) if k + 1 < len(text) else 0
        total += -v if nxt and nxt > v else v
    return total if total and _to_roman(total) == text else None


def _to_roman(n: int) -> str:
    out = ""
    for v, r in ((50, "L"), (40, "XL"), (10, "X"), (9, "IX"), (5, "V"), (4, "IV"), (1, "I")):
        while n >= v:
            out, n = out + r, n - v
    return out


LETTER_ITEM = re.compile(r"^(?P<num>[A-Z])[.)]\s+(?P<rest>\S.*)$")
SUB_NUMBER = re.compile(r"^(?P<num>\d{1,2})[.)]\s+(?P<rest>\S.*)$")


def parse_agenda(front: list[Line]) -> tuple[AgendaEntry, ...]:
    """The numbered agenda list, as printed: numbered 1, 2, 3 … or, in some US agendas, I., II.,
    III. … or A., B., C. with numbered items inside. The count that gives the most items wins, so
    numbered lists inside a lettered or Roman agenda (ways to watch the meeting, the order of
    business) are not taken for items."""
    best, best_top = _parse_agenda(front, "arabic")
    for scheme in ("roman", "letter"):
        found, top = _parse_agenda(front, scheme)
        if top >= 3 and top > best_top:
            best, best_top = found, top
    return best


def _parse_agenda(front: list[Line], scheme: str) -> tuple[tuple[AgendaEntry, ...], int]:
    start = None
    for i, line in enumerate(front):
        if re.fullmatch(r"(?:AGENDA|Agenda|ITEMS? OF BUSINESS)(?:\s+ITEMS|\s+Item\s+No\.?)?", line.text.strip()):
            start = i + 1
            break
    strict = start is None
    start = start or 0
    entries: list[AgendaEntry] = []
    cur: dict | None = None
    blob: list[str] = []
    extra: list[str] = []
    last_num = 0
    parent = None
    group_report_of: str | None = None
    exempt: bool | None = None
    exempt_next = False
    last_letter = ""
    tops: list[int] = []

    def flush() -> None:
        nonlocal cur, blob, extra
        if cur is not None:
            entries.append(_finish(cur, blob, extra))
        cur, blob, extra = None, [], []

    for line in front[start:]:
        first, rest_cells = _split_cells(line)
        text = first.strip()
        if not text:
            continue
        if END_OF_AGENDA.match(text) and (is_shouting(text) or not _END_NEEDS_SHOUT.match(text)):
            break
        if EXEMPT_HEADER.match(text):
            flush()
            exempt = True
            continue
        if OPEN_HEADER.match(text):
            flush()
            exempt = False
            continue
        g = GROUP_REPORT_OF.match(text)
        if g and is_shouting(text):
            flush()
            group_report_of = smart_title(g.group("who"))
            continue
        m = ITEM.match(text) if scheme == "arabic" else None
        num = None
        if scheme != "arabic":
            r = (ROMAN_ITEM if scheme == "roman" else LETTER_ITEM).match(text)
            value = (roman_value(r.group("num")) if scheme == "roman" else ord(r.group("num")) - 64) if r else None
            if r and value is not None and last_num < value <= last_num + 2:
                num, rest = r.group("num"), r.group("rest")
        elif m:
            digits = leading_int(m.group("num"))
            if digits > last_num and digits <= last_num + 30 and not re.match(r"^\d+\s*(?:am|pm|%)", text, re.I):
                num, rest = m.group("num"), m.group("rest")
                if not re.search(r"[.)]|[-–:]", text[: len(num) + 2]) and not LEADING_DECISION.match(rest) and not is_shouting(rest):
                    num = None  # bare "5 Something" is too weak unless a decision number or a shouted title follows
        if num is not None:
            flush()
            last_letter = ""
            last_num = value if scheme != "arabic" and value is not None else leading_int(num)
            tops.append(last_num)
            parent = num
            cur = {"number": num, "title": rest, "exempt": True if exempt_next else exempt,
                   "report_of": group_report_of, "lines": 1, "page": line.page}
            blob, extra = [rest], list(rest_cells)
            exempt_next = bool(re.search(r"exclusion of (?:the )?(?:press|public)", rest, re.I))
            continue
        s = (SUB_NUMBER if scheme == "letter" else SUB_ITEM).match(text)
        if scheme == "letter":
            expected = str(int(last_letter) + 1) if last_letter else "1"
        else:
            expected = chr(ord(last_letter) + 1) if last_letter else "a"
        if s and parent is not None and cur is not None and len(s.group("rest")) > 8 and s.group("num").lower() == expected:
            last_letter = expected
            flush()
            num = f"{parent}{s.group('num')}"
            cur = {"number": num, "title": s.group("rest"), "exempt": exempt, "report_of": group_report_of,
                   "lines": 1, "page": line.page}
            blob, extra = [s.group("rest")], list(rest_cells)
            continue
        if cur is None:
            continue
        extra.extend(rest_cells)
        desc = cur.get("description", [])
        if PAGES.search(text) and desc and not PAGES.search(cur["title"]) and len(cur["title"]) + len(" ".join(desc)) < 300 \
                and not any(DESCRIPTION_START.match(d) for d in desc):
            # a long title wrapped over several lines before its "(Pages …)"
            cur["title"] = " ".join([cur["title"], *desc, PAGES.split(text)[0]]).strip()
            cur["description"] = []
            blob.append(text)
            continue
        if line.page == cur["page"] and _continues_title(cur["title"], text, len(blob) > cur["lines"], cur["lines"]):
            joint = "" if re.search(r"[a-z\d]-$", cur["title"]) else " "  # "R7-Medium-" / "Density …"
            cur["title"] = f"{cur['title']}{joint}{text}"
            cur["lines"] += 1
            blob.append(text)
        elif PAGES.search(text) or REPORT_NO.search(text) or re.search(r"KEY\s+DECISION|to\s+follow", text, re.I):
            blob.append(text)
        else:
            cur.setdefault("description", []).append(text)
            blob.append(text)
    flush()
    if strict and not _plausible_agenda(tops):
        return (), 0
    return tuple(entries), len(tops)


def _plausible_agenda(nums: list[int]) -> bool:
    """Without an AGENDA heading, numbered lines are only an agenda if they count up from 1 like one."""
    if len(nums) < 2 or nums[0] > 2:
        return False
    steps = sum(1 for a, b in zip(nums, nums[1:], strict=False) if b == a + 1)
    return steps >= 0.7 * (len(nums) - 1)


_OPEN_END = re.compile(r"(?:[,–—-]|\b(?:and|or|of|the|for|to|in|on|with|by|at|from|regarding|a|an))$")


def _continues_title(title: str, text: str, closed: bool, lines: int = 1) -> bool:
    """Whether `text` carries on the item title (read so far from `lines` lines; `closed` once
    anything else was read). Only a shouted title wraps over more than two lines."""
    if closed and not PAGES.search(title):
        return False
    if lines >= 2 and not (is_shouting(title) and is_shouting(text) and lines < 5):
        return False
    if PAGES.search(title) or REPORT_NO.search(text) or re.match(r"^\(?\s*KEY\s+DECISION", text, re.I):
        return False
    if re.match(r"^\(?Pages?\s+\d", text, re.I):
        return False
    if re.match(r"^[A-Z][A-Za-z]*(?:\s+[A-Z][A-Za-z]*){0,2}\s*:\s", text):
        return False  # a labelled line under the title ("RESULT: APPROVED", "MOTION BY: …")
    if is_shouting(title) and is_shouting(text) and not GROUP_REPORT_OF.match(text):
        return True
    if not is_shouting(title) and not is_shouting(text) and not title.rstrip().endswith((".", ":")):
        if _OPEN_END.search(title) and not DESCRIPTION_START.match(text) and len(text) < 120:
            return True  # "… Monthly Report –" / "December 2021"
        return bool(text[:1].islower() or (len(text) < 120 and not DESCRIPTION_START.match(text) and PAGES.search(text)))
    return False


def parse_front_sheet(front: list[Line], everything: list[Line], body_size: float | None = None) -> FrontSheet:
    labels = _labelled(front[:60])
    place, body = heading_names(front, body_size)
    date_text = labels.get("date and time") or labels.get("date/time") or labels.get("date & time") or labels.get("date") or ""
    date = find_date(date_text)
    time = find_time(date_text) or find_time(labels.get("time", ""))
    meeting = find_meeting(front, labels) or (clean_title(body) if body else None) or addressed_to(front)
    if meeting and place and meeting.lower().startswith(place.lower() + " "):
        meeting = clean_title(meeting[len(place):])  # "Cuyahoga County Board of Health": the body is the meeting
    if meeting and not (labels.get("date and time") or labels.get("date/time") or labels.get("date & time")):
        for ln in front[:40]:
            if meeting.lower() in ln.text.lower() and find_date(ln.text) and not LABEL.match(ln.text):
                date = find_date(ln.text)
                break
    head_text = " ".join(ln.text.replace("\t", " ") for ln in front[:30])
    if date is None:
        date = find_date(head_text)
        if time is None and date is not None:
            time = find_time(head_text[date[1]: date[1] + 120])
    venue = labels.get("venue") or labels.get("location") or labels.get("place") or labels.get("where")
    if not venue:
        m = HELD_AT.search(head_text)
        if m and MINUTES_OF.search(head_text):
            venue = m.group("venue")
    return FrontSheet(
        council=find_council(front, everything, place),
        meeting=meeting,
        date=date[0] if date else None,
        time=time,
        venue=smart_title(" ".join(venue.split()).strip(" ,")) if venue else None,
        members=find_members(front),
        entries=parse_agenda(front),
    )
