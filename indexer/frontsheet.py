"""The front sheet: who meets, when, where, and the numbered agenda.

Front sheets differ between councils (labelled fields in Rutland, a two-column
table in Leicestershire, free layout in Kent and the US). The rules here rely on
general cues only: "Label: value" pairs, calendar dates, item numbering that
increases, page ranges in brackets and shouted group headers.
"""
from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, replace

from .model import Line
from .textutil import clean_title, find_date, find_time, is_shouting, smart_title

REPORT_NO = re.compile(r"\bReport\s*(?:No|Number|Ref)\.?\s*[:.]?\s*(\d{1,4}/\d{4})", re.I)
DECISION_NO = re.compile(r"\b(?:Decision\s*(?:No|Number)\.?\s*:?\s*)(\d{2}/\d{5})", re.I)
LEADING_DECISION = re.compile(r"^(\d{2}/\d{5})\s*[-–:]\s*")
PAGES = re.compile(r"\(?\s*Pages?\s+(\d{1,4})(?:\s*[-–]\s*(\d{1,4}))?\s*\)?", re.I)
ITEM = re.compile(r"^(?:Item\s+)?(?P<num>\d{1,3}[a-z]?)(?:[.)]|\s*[-–:])?\s+(?P<rest>\S.*)$", re.I)
SUB_ITEM = re.compile(r"^\(?(?P<num>[a-zA-Z])[.)]\s+(?P<rest>\S.*)$")
GROUP_REPORT_OF = re.compile(r"^REPORTS?\s+(?:OF|FROM|BY)\s+(?:THE\s+)?(?P<who>[A-Z].+)$")
EXEMPT_HEADER = re.compile(r"^(?:EXEMPT ITEMS|PART\s*(?:II|2|B)\b|RESTRICTED ITEMS|CONFIDENTIAL ITEMS)", re.I)
OPEN_HEADER = re.compile(r"^(?:UNRESTRICTED ITEMS|PART\s*(?:I|1|A)\b(?!I))", re.I)
DESCRIPTION_START = re.compile(r"^(?:To\s|In accordance|\(|Cabinet is|Members are|The |This |Copies|Note|Proposed)", re.I)
END_OF_AGENDA = re.compile(r"^(?:-{2,}\s*o?0?O?0?o?\s*-{2,}|MEMBERS OF THE|TO:\s*ELECTED MEMBERS|Membership\b|Distribution\b)", re.I)
COUNCIL = re.compile(
    r"\b((?:[A-Z][A-Za-z'&.-]+\s+){1,4}(?:County|Borough|District|City|Town|Parish|Metropolitan Borough)\s+Council"
    r"|City\s+of\s+(?:[A-Z][A-Za-z'.-]+\s?){1,3})",
)
_NOT_COUNCIL_START = {"the", "a", "this", "full", "each", "every", "our", "local", "county", "city", "borough",
                      "district", "any", "all", "of", "and", "regular", "special", "agenda", "to", "for", "joint"}
_NOT_COUNCIL_WORDS = {"request", "speaker", "meeting", "agenda", "minutes", "regular", "special", "report", "item",
                      "chamber", "chambers", "members", "member", "leader", "budget", "plan", "policy"}
LABEL = re.compile(r"^(?P<label>Meeting|Committee|Date and Time|Date/Time|Date & Time|Date|Time|Venue|Location|Place|Where)\s*:\s*(?P<value>.*)$", re.I)
MINUTES_OF = re.compile(r"\bminutes\s+of\s+(?:a|the)\s+(?:\w+\s+)?meeting\s+of\s+(?:the\s+)?(?P<body>.+?)\s+held\b(?P<rest>.*)", re.I)
HELD_AT = re.compile(r"\bheld\s+(?:in|at)\s+(?:the\s+)?(?P<venue>.+?)\s+on\s+(?:\w+day)", re.I)
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


def find_council(front: list[Line], everything: list[Line]) -> str | None:
    """The council's name: from the front sheet, else the most named council in the pack."""
    def candidates(lines: list[Line]) -> list[str]:
        out = []
        for line in lines:
            text = line.text.replace("\t", " ")
            for m in COUNCIL.finditer(text):
                name = " ".join(m.group(1).split())
                first = name.split()[0].lower()
                if first in _NOT_COUNCIL_START and not name.lower().startswith("city of"):
                    continue
                if any(w.lower() in _NOT_COUNCIL_WORDS for w in name.split()):
                    continue
                out.append(smart_title(name))
        return out

    first_page = front[0].page if front else None
    head = candidates([ln for ln in front[:25] if len(ln.text) < 80 and not re.match(r"^\d", ln.text)
                       and (first_page is None or ln.page == first_page)])
    if head:
        return head[0]
    counts = Counter(candidates(everything))
    # "the County Council" in the prose speaks for the named council of that kind
    body = " ".join(ln.text for ln in everything)
    for name in list(counts):
        kind = re.search(r"(County|Borough|District|City|Town|Parish) Council$", name)
        if kind:
            counts[name] += len(re.findall(rf"\bthe {kind.group(1)} Council\b", body, re.I))
        # the pack's own e-mail domain ("@kent.gov.uk") speaks for that council
        place = name.split()[0].lower()
        if re.search(rf"@{re.escape(place)}[\w-]*\.gov\.", body, re.I):
            counts[name] += 10
    if counts:
        name, n = counts.most_common(1)[0]
        if n >= 2:
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
        if line is not front[start] and re.match(r"^(?:Please note|Note|SCRUTINY|ALL CHIEF|AGENDA)", text, re.I):
            break
        for m in HONORIFIC.finditer(text):
            name = " ".join(m.group(0).split()).rstrip(" ,")
            name = re.sub(r"\s+(Chairman|Chair)$", r" (\1)", name)
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
    from_who = re.search(r"\bfrom\s+(?:the\s+)?([A-Z][^()]+?)(?:\s*\(|$)", blob)
    if from_who and not report_of and REPORT_NO.search(blob):
        report_of = smart_title(from_who.group(1).strip(" ."))
    if report_number and not report_of:
        report_of = entry.get("report_of")
    key = bool(re.search(r"KEY\s+DECISION", blob + " " + title, re.I)) or None
    title = re.sub(r"\(?\s*KEY\s+DECISION\s*\)?", "", title, flags=re.I)
    title = PAGES.sub("", REPORT_NO.sub("", title))
    to_follow = bool(re.search(r"to\s+follow", blob, re.I))
    title = re.sub(r"\(?\s*\*?Report\s+to\s+follow\*?\s*\)?", "", title, flags=re.I)
    description = " ".join(entry.get("description", [])) or None
    return AgendaEntry(
        number=entry["number"], title=clean_title(title), report_number=report_number, pages=pages,
        key_decision=key, exempt=entry.get("exempt"), report_of=report_of,
        to_follow=to_follow, description=description,
    )


def parse_agenda(front: list[Line]) -> tuple[AgendaEntry, ...]:
    """The numbered agenda list, as printed."""
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
        if END_OF_AGENDA.match(text):
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
        m = ITEM.match(text)
        num = None
        if m:
            digits = int(re.match(r"\d+", m.group("num")).group())
            if digits > last_num and digits <= last_num + 30 and not re.match(r"^\d+\s*(?:am|pm|%)", text, re.I):
                num, rest = m.group("num"), m.group("rest")
                if not re.search(r"[.)]|[-–:]", text[: len(num) + 2]) and not LEADING_DECISION.match(rest) and not is_shouting(rest):
                    num = None  # bare "5 Something" is too weak unless a decision number or a shouted title follows
        if num is not None:
            flush()
            last_letter = ""
            last_num = int(re.match(r"\d+", num).group())
            parent = num
            cur = {"number": num, "title": rest, "exempt": True if exempt_next else exempt,
                   "report_of": group_report_of}
            blob, extra = [rest], list(rest_cells)
            exempt_next = bool(re.search(r"exclusion of (?:the )?(?:press|public)", rest, re.I))
            continue
        s = SUB_ITEM.match(text)
        expected = chr(ord(last_letter) + 1) if last_letter else "a"
        if s and parent is not None and cur is not None and len(s.group("rest")) > 8 and s.group("num").lower() == expected:
            last_letter = expected
            flush()
            num = f"{parent}{s.group('num')}"
            cur = {"number": num, "title": s.group("rest"), "exempt": exempt, "report_of": group_report_of}
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
        if _continues_title(cur["title"], text, blob):
            cur["title"] = f"{cur['title']} {text}"
            blob.append(text)
        elif PAGES.search(text) or REPORT_NO.search(text) or re.search(r"KEY\s+DECISION|to\s+follow", text, re.I):
            blob.append(text)
        else:
            cur.setdefault("description", []).append(text)
            blob.append(text)
    flush()
    if strict and not _plausible_agenda(entries):
        return ()
    return tuple(entries)


def _plausible_agenda(entries: list[AgendaEntry]) -> bool:
    """Without an AGENDA heading, numbered lines are only an agenda if they count up from 1 like one."""
    nums = [int(re.match(r"\d+", e.number).group()) for e in entries if e.number[-1:].isdigit()]
    if len(nums) < 2 or nums[0] > 2:
        return False
    steps = sum(1 for a, b in zip(nums, nums[1:]) if b == a + 1)
    return steps >= 0.7 * (len(nums) - 1)


def _continues_title(title: str, text: str, blob: list[str]) -> bool:
    if len(blob) > 1 and not PAGES.search(title):
        # once something other than the title was read, the title is closed
        return False
    if PAGES.search(title) or REPORT_NO.search(text) or re.match(r"^\(?\s*KEY\s+DECISION", text, re.I):
        return False
    if re.match(r"^\(?Pages?\s+\d", text, re.I):
        return False
    if is_shouting(title) and is_shouting(text) and not GROUP_REPORT_OF.match(text):
        return True
    if not is_shouting(title) and not is_shouting(text) and not title.rstrip().endswith((".", ":")):
        return bool(text[:1].islower() or (len(text) < 120 and not DESCRIPTION_START.match(text) and PAGES.search(text)))
    return False


def parse_front_sheet(front: list[Line], everything: list[Line]) -> FrontSheet:
    labels = _labelled(front[:60])
    date_text = labels.get("date and time") or labels.get("date/time") or labels.get("date & time") or labels.get("date") or ""
    date = find_date(date_text)
    time = find_time(date_text) or find_time(labels.get("time", ""))
    meeting = find_meeting(front, labels)
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
        council=find_council(front, everything),
        meeting=meeting,
        date=date[0] if date else None,
        time=time,
        venue=smart_title(" ".join(venue.split()).strip(" ,")) if venue else None,
        members=find_members(front),
        entries=parse_agenda(front),
    )


def with_exempt(entry: AgendaEntry, exempt: bool | None) -> AgendaEntry:
    return replace(entry, exempt=exempt)
