"""People a document names: staff (officers) and the members in its attendance lists.

Papers name their people in a handful of ways that recur in every country, each read here by
its shape and the vocabulary of job titles, never by one council's layout:
- attendance lists after a label: "Present:", "Members present", "Councillors:", "Apologies",
  "Absent", "In attendance", "Officers in attendance", "Staff:", "Others present", "Invited";
  entries as "Name (Role)", "Role Name" ("Operations Superintendent Dan MacInnis") or
  "Name, Role", separated by commas, semicolons and "and";
- labelled lines: "Prepared by: Name, Role", "Officer presenting the report: Name Job title: …",
  "Staff contact: …", "Ask for: Name", "Memorandum from Name, Role and Name, Role";
- sign-offs: a name alone on its line over a job title alone on the next ("Benjamin Watts" /
  "General Counsel"), or "Name, Role" alone on a line;
- "Name, Role, presented …" opening a sentence.
Officers are staff only: an entry whose role is an elected or appointed member's (Councillor,
Chair, Cabinet Member, Mayor, Trustee …) is a member. Names are taken as printed; nothing is
made up.
"""
from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from core.model import Attendee, Line, Officer

HONORIFIC = r"(?:Mr|Mrs|Ms|Miss|Mx|Dr|Prof|Professor|Sir|Dame|Rev|Cllr|Councillor|Councilman|Councilwoman|Council\s+Member)\.?"
_HONORIFIC_RX = re.compile(rf"^{HONORIFIC}$", re.I)
MEMBER_HONORIFIC = re.compile(r"^(?:Cllr|Councillor|Councilman|Councilwoman|Council\s+Member|Alderman|Mayor|Trustee|Senator|Supervisor|Commissioner)\b\.?", re.I)
# words of staff job titles (the last word of most titles is one of these)
STAFF_WORDS = re.compile(
    r"\b(?:director|manager|officer|clerk|executive|head|superintendent|administrator|treasurer|attorney|counsel|solicitor|"
    r"engineer|planner|co-?ordinator|assistant|chief|secretary|accountant|lead|(?:team|project|service|group)\s+leader|analyst|advis[eo]r|architect|partner|"
    r"assessor|auditor|controller|comptroller|inspector|specialist|consultant|intern|ambassador|librarian|"
    r"commissioner|strategist|surveyor|technician|registrar|monitoring\s+officer|minute\s+taker|scribe|staff)\b", re.I)
MEMBER_WORDS = re.compile(
    r"\b(?:councillor|cllr|councilman|councilwoman|council\s+member|cabinet\s+member|portfolio\s+holder|member|mayor|chair|"
    r"chairman|chairwoman|chairperson|vice[\s-]chair|trustee|alderman|president|leader\s+of\s+the\s+council|deputy\s+leader|"
    r"senator|representative|delegate|governor|supervisor)\b", re.I)
# what only an elected or appointed member is called, whatever list the name stands in
STRONG_MEMBER = re.compile(r"\b(?:councillor|cllr|councilman|councilwoman|council\s+member|cabinet\s+member|portfolio\s+holder|mayor|"
                           r"alderman|trustee|board\s+member|committee\s+member|member\s+of\s+the)\b", re.I)
# a bare "Commissioner" or "Leader" is a member's title; staff ones are qualified ("Senior Commissioner")
MEMBER_ONLY = re.compile(r"^(?:commissioners?|leader|chair\w*|vice[\s-]chair\w*|mayor|trustees?|members?|presidents?|vice[\s-]presidents?)$", re.I)

STAFF_LABEL = re.compile(r"^(?:(?:council\s+|city\s+|county\s+)?(?:officers?|staff|employees?)(?:\s+(?:present|in\s+attendance|attending))?|"
                         r"(?:also\s+)?in\s+attendance(?:\s+virtually|\s+remotely)?|others?\s+(?:present|attending)|invited|advis[eo]rs?|"
                         r"(?:council\s+)?officers?\s+present)$", re.I)
MEMBER_LABEL = re.compile(r"^(?:present|also\s+present|(?:(?:board|committee|council|panel|commission)\s+)?members?\s+(?:present|attending)|"
                          r"attendees|attendance|councillors?(?:\s+present)?|commissioners?\s+present|trustees?\s+present|"
                          r"directors?\s+present|members|membership|(?:board|committee|council)\s+members?|present\s+were|"
                          r"(?:(?:board|committee|council)\s+)?members\s+present\s+were)$", re.I)
ABSENT_LABEL = re.compile(r"^(?:apologies(?:\s+for\s+absence)?(?:\s+(?:were\s+)?received\s+from)?|absent|(?:\w+\s+){0,2}absent|"
                          r"members?\s+absent|commissioners?\s+absent|not\s+present|excused)$", re.I)
LABEL_LINE = re.compile(r"^(?:[•o*\-–]\s+)?(?P<label>[A-Za-z][A-Za-z ']{1,40}?)\s*(?::-?|-\s|\t|–)\s*(?P<rest>.*)$")
SENTENCE_LABEL = re.compile(r"^(?P<label>(?:board|committee|council|commission)\s+members\s+present\s+were|present\s+were|"
                            r"apologies\s+(?:for\s+absence\s+)?were\s+received\s+from|members\s+present\s+were)\s+(?P<rest>.*)$", re.I)
# labels that name the people who wrote, sent or present a paper
PAPER_LABEL = re.compile(r"\b(?:prepared|submitted|presented|written|signed|approved|reviewed|recommended)\s+by\b|\bauthors?\b|\bcontact\b|"
                         r"\bask\s+for\b|\bmemo(?:randum)?\s+from\b|^from\b|\bpresenting\b|\bofficer\b|\blead\b|\bpartner\b|\bleader\b|"
                         r"\bdirector\b|\bmanager\b|\bclerk\b|\badvi[cs]e\b|\bsecretary\b|\bcounsel\b", re.I)
_DATE_TAIL = re.compile(r"\s*(?:\d{1,2}(?:st|nd|rd|th)?\s+[A-Z][a-z]+\s+\d{4}|[A-Z][a-z]+\s+\d{1,2},?\s+\d{4}|\d{1,2}/\d{1,2}/\d{2,4})\.?\s*$")
_UP, _LO = "A-ZÀ-ÖØ-Þ", "a-zß-öø-ÿ"
_NAME_TOKEN = re.compile(rf"^(?:[{_UP}][{_LO}]+(?:[-'’][{_UP}]?[{_LO}]+)*|Mc[{_UP}][{_LO}]+|Mac[{_UP}][{_LO}]+|O['’][{_UP}][{_LO}]+|"
                         rf"[{_UP}][{_LO}]*[{_UP}][{_LO}]+|[{_UP}]\.?|[{_UP}]\.[{_UP}]\.|[{_UP}][{_LO}]+-[{_UP}][{_LO}]+(?:-[{_UP}][{_LO}]+)?)$")
_PARTICLE = {"de", "da", "van", "von", "der", "della", "del", "di", "le", "la", "du", "bin", "al"}
_NOT_NAME = re.compile(
    r"^(?:the|a|an|and|of|for|to|in|on|at|by|with|from|all|no|none|nil|there|this|that|these|those|five|four|three|two|one|several|"
    r"members?|public|report|reports|update|item|items|minutes|meeting|agenda|council|committee|board|city|county|town|township|"
    r"department|dept|office|services?|team|group|unit|division|apologies|present|absent|chair|mayor|vice|deputy|interim|acting|"
    r"senior|principal|assistant|director|manager|officer|clerk|head|chief|executive|general|legal|finance|planning|monday|tuesday|"
    r"wednesday|thursday|friday|saturday|sunday|january|february|march|april|may|june|july|august|september|october|november|"
    r"december|north|south|east|west|central|new|street|road|hall|house|library|school|district|state|national|community|"
    r"policy|strategy|budget|motion|resolution|appendix|page|tel|telephone|email|e-mail|phone|mobile|contact|notes?|action|"
    r"purpose|decision|key|date|time|venue|title|subject|ward|wards|yes|not|applicable|n/a|respectfully|submitted|sincerely|"
    r"police|fire|works|parks|recreation|resources|human|development|housing|health|safety|transportation|transport|"
    r"operations|technology|education|social|care|children|adults?|organizational|organisational|"
    r"regards|yours|signed|attest|attested|approved|prepared|presented|dated|signature|print|name|role|job)$", re.I)
_SPLIT_AND = re.compile(r"\s+(?:and|&)\s+")


@dataclass(frozen=True)
class People:
    """Everyone a document names: staff and attendance (members and staff)."""

    officers: tuple[Officer, ...] = ()
    attendance: tuple[Attendee, ...] = ()

    @property
    def members(self) -> tuple[str, ...]:
        return tuple(dict.fromkeys(a.name for a in self.attendance if not a.staff and a.status == "present"))


# --------------------------------------------------------------------------- names and roles


def clean_name(text: str) -> str | None:
    """The name in `text` as printed (honorific kept out), or None when it is not a person's name."""
    text = " ".join(text.replace("\u00a0", " ").split()).strip(" ,;:.()[]*•")
    text = re.sub(r",?\s+(?:OBE|MBE|CBE|JP|CC|Esq\.?|Jr\.?|Sr\.?|III|II|PhD)$", "", text).strip(" ,")
    toks = text.split()
    titled = False  # "Mrs C Head": after an honorific or an initial, a surname may be a common word
    while toks and _HONORIFIC_RX.match(toks[0]):
        toks = toks[1:]
        titled = True
    if toks and len(toks) >= 2 and toks[0].lower() == "council" and toks[1].lower() == "member":
        return None
    if not 1 <= len(toks) <= 5:
        return None
    letters = [t for t in toks if t.lower() not in _PARTICLE]
    titled = titled or (len(letters) >= 2 and len(letters[0].rstrip(".")) == 1)
    if not letters or any(not _NAME_TOKEN.match(t) for t in letters):
        return None
    checked = letters[:-1] if titled else letters
    if any(len(t.rstrip(".")) > 1 and _NOT_NAME.match(t.strip(".")) for t in checked):
        return None
    if any(STAFF_WORDS.search(t) or MEMBER_WORDS.search(t) for t in checked):
        return None
    if all(len(t.rstrip(".")) == 1 for t in letters):
        return None  # initials only
    if sum(1 for t in letters if len(t.rstrip(".")) > 1) > 3:
        return None  # two names run together from two columns ("Sharon Howard Kevin Kasaven")
    return " ".join(toks)


def is_staff_role(role: str | None) -> bool:
    """A job title of staff, not of a member (an organisation's name in brackets is neither)."""
    if not role:
        return False
    if MEMBER_ONLY.match(role.strip(" .")) or re.match(r"^(?:cabinet|board|committee|council)\s+member", role, re.I) \
            or STRONG_MEMBER.search(role) or re.search(r"\breport\b", role, re.I):
        return False
    if MEMBER_WORDS.search(role) and not STAFF_WORDS.search(re.sub(r"\bvice[\s-]chair\w*|\bchair\w*", "", role, flags=re.I)):
        return False
    return bool(STAFF_WORDS.search(role))


def is_member_role(role: str | None) -> bool:
    return bool(role) and bool(MEMBER_WORDS.search(role or "")) and not is_staff_role(role)


def _clean_role(role: str) -> str | None:
    role = _DATE_TAIL.sub("", " ".join(role.split())).strip(" ,;:.-–—()")
    return role or None


def _split_outside_parens(text: str, seps: str) -> list[str]:
    """Split at any of `seps` (characters) and at " and "/" & ", never inside brackets."""
    parts: list[str] = []
    depth = 0
    buf: list[str] = []
    i = 0
    while i < len(text):
        ch = text[i]
        if ch in "([":
            depth += 1
        elif ch in ")]":
            depth = max(0, depth - 1)
        if depth == 0:
            if ch in seps:
                parts.append("".join(buf))
                buf = []
                i += 1
                continue
            m = _SPLIT_AND.match(text, i)
            if m:
                parts.append("".join(buf))
                buf = []
                i = m.end()
                continue
        buf.append(ch)
        i += 1
    parts.append("".join(buf))
    return [p.strip() for p in parts if p.strip()]


def _role_then_name(entry: str) -> tuple[str | None, str | None]:
    """'Operations Superintendent Dan MacInnis' → ('Dan MacInnis', 'Operations Superintendent')."""
    toks = entry.split()
    for k in range(max(0, len(toks) - 4), len(toks) - 1):
        name = clean_name(" ".join(toks[k:]))
        role = " ".join(toks[:k])
        if name and len(name.split()) >= 2 and role and STAFF_WORDS.search(role.split()[-1].split("-")[-1] + " " + role):
            return name, _clean_role(role)
    return None, None


def read_entry(entry: str) -> tuple[str, str | None] | None:
    """(name, role) of one list entry: "Name (Role)", "Name, Role", "Role Name" or a bare name."""
    entry = " ".join(entry.split()).strip(" .;,")
    m = re.match(r"^(?P<name>[^()]+?)\s*\((?P<role>[^()]*(?:\([^()]*\)[^()]*)*)\)\s*(?P<tail>.*)$", entry)
    if m:
        name = clean_name(m.group("name"))
        if name:
            return name, _clean_role(m.group("role") + (" " + m.group("tail") if m.group("tail") else ""))
    m = re.match(r"^(?P<name>[^,–—:]+?)\s*(?:,|\s[–—-]\s|:)\s*(?P<role>.+)$", entry)
    if m:
        name = clean_name(m.group("name"))
        if name and (is_staff_role(m.group("role")) or is_member_role(m.group("role"))):
            return name, _clean_role(m.group("role"))
    name = clean_name(entry)
    if name:
        return name, None
    name, role = _role_then_name(entry)
    if name:
        return name, role
    return None


def _entries(text: str) -> list[tuple[str, str | None]]:
    """Entries of an attendance list; a piece that is a role, not a name, is the role of the one before."""
    seps = ";" if ";" in text else ",;"
    out: list[tuple[str, str | None]] = []
    for piece in _split_outside_parens(text, seps):
        got = read_entry(piece)
        if got:
            out.append(got)
        elif out and out[-1][1] is None and (is_staff_role(piece) or is_member_role(piece)):
            out[-1] = (out[-1][0], _clean_role(piece))
    return out


# --------------------------------------------------------------------------- attendance lists


def _label_kind(label: str) -> str | None:
    label = " ".join(label.split()).strip(" :-")
    if STAFF_LABEL.match(label):
        return "staff"
    if ABSENT_LABEL.match(label):
        return "apologies" if label.lower().startswith("apolog") else "absent"
    if MEMBER_LABEL.match(label):
        return "members"
    return None


def _label_at(line: Line) -> tuple[str, str] | None:
    """(label kind, rest of the line) when the line opens an attendance list."""
    text = line.text.strip()
    if line.is_table_row:
        cells = [c for c in line.cells]
        kind = _label_kind(cells[0]) if cells and cells[0] else None
        return (kind, " ".join(c for c in cells[1:] if c)) if kind else None
    m = SENTENCE_LABEL.match(text)
    if m:
        label = m.group("label").lower()
        return ("apologies" if label.startswith("apolog") else "members", m.group("rest"))
    m = LABEL_LINE.match(text)
    if m:
        kind = _label_kind(m.group("label"))
        if kind:
            return kind, m.group("rest")
    kind = _label_kind(text.rstrip(":- "))
    if kind and text.rstrip().endswith((":", ":-", "-")) or (kind and len(text.split()) <= 4 and line.bold):
        return kind, ""
    return None


def _continues(acc: str, nxt: Line) -> bool:
    """Whether the next line carries on an attendance list."""
    text = nxt.text.strip()
    if acc.count("(") > acc.count(")") and not nxt.is_table_row:
        return True  # inside "(Area Education" … "Officer – West Kent)"
    if not text or _label_at(nxt) or re.match(r"^(?:\d{1,3}[.)]?\s|[A-Z][.)]\s|[•o]\s)", text):
        return False
    if nxt.is_table_row:
        return not nxt.cells[0] and any(nxt.cells[1:])
    if not acc or re.search(r"(?:[,;(&]|\band)$", acc.strip()) or acc.count("(") > acc.count(")"):
        return True
    if re.match(r"^(?:and\b|&|\(|[a-z])", text):
        return True
    last = _split_outside_parens(acc, ",;")[-1:] or [""]
    if len(last[0].split()) == 1 and clean_name(last[0]) and not acc.rstrip().endswith("."):
        return True  # "…, Gavin" / "Swann (Service Manager …)": a name cut at the line end
    pieces = _split_outside_parens(text.rstrip("."), ",;")
    named = sum(1 for p in pieces if read_entry(p))
    return len(pieces) >= 2 and named >= 0.6 * len(pieces)


def read_attendance(lines: Sequence[Line], limit: int = 120) -> list[Attendee]:
    """Attendance lists among the first `limit` lines (where minutes print them)."""
    out: list[Attendee] = []
    head = list(lines[:limit])
    i = 0
    while i < len(head):
        got = _label_at(head[i])
        if not got:
            i += 1
            continue
        kind, acc = got
        j = i + 1
        while j < len(head) and j - i <= 12 and _continues(acc, head[j]):
            nxt = head[j]
            acc += " " + (" ".join(c for c in nxt.cells if c) if nxt.is_table_row else nxt.text.strip())
            j += 1
        # a sentence after the list ("… and Dave Yemm. Staff: …") ends it
        acc = re.split(r"(?<!Mrs)(?<=[a-z]{2}|.\))\.\s+(?=[A-Z])", acc, maxsplit=1)[0]
        for name, role in _entries(acc):
            staff = kind == "staff" and not STRONG_MEMBER.search(role or "") or (kind != "staff" and is_staff_role(role))
            status = {"staff": "in_attendance", "members": "present"}.get(kind, kind)
            if not MEMBER_HONORIFIC.match(name):
                out.append(Attendee(name=name, role=role, status=status, staff=staff))
        i = max(j, i + 1)
    return out


# --------------------------------------------------------------------------- sign-offs and labelled lines

_NAME_ROLE_LINE = re.compile(r"^(?P<name>(?:[A-Z][\w.'’-]*\s+){0,4}[A-Z][\w'’-]+)\s*(?:,|\s[–—-]\s)\s*(?P<role>[^,]{3,90}?)(?:,\s*(?P<more>.*))?$")


def _trailing_name(text: str) -> tuple[str, str] | None:
    """(text before, name) when `text` ends with a person's name of 2-4 tokens."""
    toks = text.split()
    for k in range(max(0, len(toks) - 4), len(toks) - 1):
        name = clean_name(" ".join(toks[k:]))
        if name and len(name.split()) >= 2:
            return " ".join(toks[:k]), name
    return None


def _name_role_at_start(text: str) -> list[tuple[str, str]]:
    """"Jane Smith, Head of Planning" (alone, or opening a sentence: "…, Head of Planning, presented"), and
    two columns run together: "Angela Crespi, Deputy City Manager Joe SanClemente, Public Works Director"."""
    m = _NAME_ROLE_LINE.match(text)
    if not m or MEMBER_HONORIFIC.match(m.group("name")) or re.search(r"[$£€]\s?\d", text):
        return []  # a salary: a personnel action (appointment, resignation), not a sign-off
    name = clean_name(m.group("name"))
    if not name or len(name.split()) < 2:
        return []
    out: list[tuple[str, str]] = []
    pieces = [m.group("role")] + _split_outside_parens(m.group("more") or "", ",")
    role_parts: list[str] = []
    for piece in pieces:
        split = _trailing_name(piece)
        if split and split[0] and is_staff_role(split[0]) and STAFF_WORDS.fullmatch(split[0].split()[-1]):
            role = _clean_role(" ".join(role_parts + [split[0]]) if not role_parts else ", ".join(role_parts + [split[0]]))
            if role and is_staff_role(role) and len(role.split()) <= 10:
                out.append((name, role))
            name, role_parts = split[1], []
            continue
        if role_parts and not (is_staff_role(piece) or re.match(r"^[A-Z][\w&'’-]*(?:\s+(?:and|&|of|for|the|[A-Z][\w&'’()-]*)){0,5}$", piece)):
            break  # the sentence goes on ("…, made a presentation")
        role_parts.append(piece)
        if not role_parts[0] or not is_staff_role(role_parts[0]):
            return out
    role = _clean_role(", ".join(role_parts)) if role_parts else None
    if role and is_staff_role(role) and len(role.split()) <= 10:
        out.append((name, role))
    return out


def _prose_list(text: str) -> list[Officer]:
    """"Also participating were A, Executive Director; B, Authority Counsel; and C, Clerk.": a sentence
    that lists staff as "Name, Role" pieces between semicolons."""
    out: list[Officer] = []
    for sentence in re.split(r"(?<=[a-z)]{2})\.\s+(?=[A-Z])", text):
        if sentence.count(";") < 1:
            continue
        for piece in sentence.split(";"):
            piece = re.sub(r"^\s*(?:and|&)\s+", "", piece.strip()).rstrip(". ")
            m = re.match(r"^(?P<lead>.*?)\s*,\s*(?P<role>[^,]+)$", piece)
            if not m:
                continue
            lead = m.group("lead")
            name = clean_name(lead) or (_trailing_name(lead) or ("", None))[1]
            role = _clean_role(m.group("role"))
            if name and len(name.split()) >= 2 and role and is_staff_role(role) and len(role.split()) <= 8:
                out.append(Officer(name=name, role=role))
    return out if len(out) >= 2 else []


def _labelled(text: str) -> list[Officer]:
    """"Prepared by: Name, Role", "Finance Partner: Name, Role", "Memorandum from A, Role and B, Role"."""
    m = re.match(r"^(?P<label>[A-Z][\w &/'’()-]{1,60}?)\s*(?::|\bfrom\b|\bby\b)\s*(?P<rest>.+)$", text)
    if not m:
        return []
    label = text[: m.start("rest")].strip(" :")  # "Prepared by", "Memorandum from": the joining word belongs to the label
    rest = m.group("rest").strip().lstrip(":").strip()
    bare = re.fullmatch(r"(?:by|from|through|via|author|clerk)", label, re.I)
    if not (bare or PAPER_LABEL.search(label)) \
            or MEMBER_WORDS.search(label) or _label_kind(label):
        return []
    rest = re.split(r"\s+(?:Job\s+title|Title|Role|Position)\s*:\s*", rest, maxsplit=1)
    out: list[Officer] = []
    if len(rest) == 2:
        name = clean_name(rest[0])
        if name:
            return [Officer(name=name, role=_clean_role(rest[1]))]
    rest_text = rest[0]
    rest_text = re.split(r"\s+(?:Tel(?:ephone)?|Phone|E-?mail|Direct\s+Dial)\b", rest_text, maxsplit=1)[0]
    for part in re.split(r"\s+and\s+(?=[A-Z])|;", rest_text):
        part = part.strip(" .")
        name = clean_name(part)
        if name and len(name.split()) >= 2:
            out.append(Officer(name=name))
            continue
        nm = re.match(r"^(?P<name>[^,:–—]+?)\s*(?:,|:|\s[–—-]\s)\s*(?P<role>.+)$", part)
        if nm:
            name = clean_name(nm.group("name"))
            role = _clean_role(nm.group("role"))
            if name and len(name.split()) >= 2 and (is_staff_role(role) or PAPER_LABEL.search(label)) \
                    and not STRONG_MEMBER.search(role or "") and not MEMBER_HONORIFIC.match(nm.group("name").strip()):
                out.append(Officer(name=name, role=role))
    return out


def _role_only(text: str) -> bool:
    """A line that is a job title and nothing else ("Acting Town Clerk", "General Counsel")."""
    words = text.split()
    return 1 <= len(words) <= 10 and is_staff_role(text) and not re.search(r"[.;:!?]$|\d", text) and text[:1].isupper() \
        and not re.search(r"\b(?:is|are|was|were|will|has|have|to|the\s+\w+\s+of\s+the)\b", text)


def read_signoffs(lines: Sequence[Line]) -> list[Officer]:
    """Staff named by sign-offs and labelled lines anywhere in `lines`."""
    out: list[Officer] = []
    para: list[str] = []
    for line in lines:  # sentences that list staff run over several lines
        if line.is_table_row:
            continue
        para.append(line.text.strip())
        if line.text.rstrip().endswith(".") or len(para) >= 8:
            if ";" in " ".join(para):
                out += _prose_list(" ".join(para))
            para = []
    for i, line in enumerate(lines):
        cells = [c for c in line.cells if c] if line.is_table_row else [line.text.strip()]
        if line.is_table_row and (len(cells) > 3 or any(len(c) > 90 for c in cells)):
            continue  # a row of a plan or a schedule: the people named in it are not the paper's
        for text in cells:
            if not text or len(text) > 200:
                continue
            found = _labelled(text)
            if found:
                out += found
                continue
            pairs = _name_role_at_start(text)
            if pairs:
                out += [Officer(name=n, role=r) for n, r in pairs]
                continue
            if line.is_table_row and len(cells) == 2 and _role_only(cells[0]) and clean_name(cells[1]):
                name = clean_name(cells[1])
                if name and len(name.split()) >= 2:
                    out.append(Officer(name=name, role=_clean_role(cells[0])))  # "Corporate Director | Amanda Beer"
                break
            shouted = text.isupper() and i + 1 < len(lines) and lines[i + 1].text.strip().isupper()
            as_printed = text.title() if shouted else text  # "CRISTINA M. SUÀREZ" over "CITY ATTORNEY"
            name = clean_name(as_printed) if len(text.split()) <= 5 and not text.endswith(".") else None
            if name and len(name.split()) >= 2 and i + 1 < len(lines) and not lines[i + 1].is_table_row:
                nxt = lines[i + 1].text.strip()
                nxt = nxt.title() if shouted else nxt
                if _role_only(nxt):
                    out.append(Officer(name=name, role=_clean_role(nxt)))
    return out


def merge_officers(*groups: Iterable[Officer]) -> list[Officer]:
    """Officers without repeats (same name, or same surname and initial); the fuller record wins."""
    out: list[Officer] = []
    for off in (o for g in groups for o in g):
        same = next((k for k, o in enumerate(out) if _same_person(o.name, off.name)), None)
        if same is None:
            out.append(off)
            continue
        old = out[same]
        out[same] = Officer(name=max(old.name, off.name, key=len), role=old.role or off.role,
                            email=old.email or off.email, phone=old.phone or off.phone)
    return out


def _same_person(a: str, b: str) -> bool:
    ta = [t for t in re.findall(r"[A-Za-z'’-]+", a) if not _HONORIFIC_RX.match(t)]
    tb = [t for t in re.findall(r"[A-Za-z'’-]+", b) if not _HONORIFIC_RX.match(t)]
    if not ta or not tb:
        return False
    sa, sb = ta[-1].lower(), tb[-1].lower()
    if sa != sb and not (min(len(sa), len(sb)) >= 4 and len(ta) > 1 and len(tb) > 1 and (sa.startswith(sb) or sb.startswith(sa))):
        return False  # a surname cut at a table cell ("Kibble" | "white") is the same person as the repaired one
    return len(ta) == 1 or len(tb) == 1 or ta[0][0].lower() == tb[0][0].lower()


def read_people(lines: Sequence[Line]) -> People:
    """Attendance (members and staff) and the staff named anywhere in a document."""
    attendance = read_attendance(lines)
    staff = [Officer(name=a.name, role=a.role) for a in attendance if a.staff]
    members = {a.name for a in attendance if not a.staff}
    signed = [o for o in read_signoffs(lines) if not any(_same_person(o.name, m) for m in members)]
    return People(officers=tuple(merge_officers(staff, signed)), attendance=tuple(attendance))


__all__ = ["People", "read_people", "read_attendance", "read_signoffs", "read_entry", "clean_name", "is_staff_role",
           "merge_officers"]
