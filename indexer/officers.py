"""Contact officers, with names repaired from evidence inside the pack.

PDF table extraction splits names across cells ("Karen Kibble | white",
"Dr Tim O'Ne | ill", "Jason Hayne … es"). The strongest evidence of the real
name is the e-mail address next to it ("kkibblewhite@", "paul.burnett@"): a
name is repaired only when its fragments agree with that address, and a name
is never made up from the address alone.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from core.model import Officer

EMAIL = re.compile(r"(?<![A-Za-z0-9._%+-])[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)+")
PHONE = re.compile(r"(?<!\d)(?:\+44\s?|0)\d{2,4}[\s-]?\d{2,4}[\s-]?\d{3,5}(?!\d)")
HONORIFICS = {"dr", "mr", "mrs", "ms", "miss", "cllr", "councillor", "prof", "professor"}
_LABELS = re.compile(r"\b(?:Tel(?:ephone)?|Phone|E-?mail|Mobile|Direct Dial(?:/Ext)?)\s*[:.]?", re.I)
_WORD = re.compile(r"[A-Za-z][A-Za-z'’-]*")


@dataclass(frozen=True)
class _Tok:
    text: str
    cell_start: bool
    pos: int


def _tokens(cells: list[str]) -> list[_Tok]:
    out: list[_Tok] = []
    for cell in cells:
        first = True
        for m in re.finditer(r"\S+", cell):
            out.append(_Tok(m.group(0), first, len(out)))
            first = False
    return out


def _letters(text: str) -> str:
    return re.sub(r"[^a-z]", "", text.lower())


def _surname_splits(local: str) -> list[tuple[str, str]]:
    """Possible (initials, surname) readings of an e-mail local part."""
    local = local.lower()
    if "." in local or "_" in local:
        parts = [p for p in re.split(r"[._]", local) if p]
        if len(parts) >= 2:
            return [("".join(p[0] for p in parts[:-1]), parts[-1]), (parts[0][0], "".join(parts[1:]))]
    local = re.sub(r"\d+$", "", local)
    return [(local[:k], local[k:]) for k in (1, 2, 3) if len(local) - k >= 3]


def _first_names(local: str) -> str | None:
    parts = [p for p in re.split(r"[._]", local.lower()) if p]
    return parts[0] if len(parts) >= 2 else None


def _match_at(toks: list[_Tok], i: int, initials: str, surname: str, first: str | None) -> tuple[str, int, bool] | None:
    """Try to read a name starting at token i; return (name, end index, exact)."""
    t0 = toks[i].text.strip(",.;:()")
    if not t0 or not t0[0].isupper() or t0.lower() in HONORIFICS or not t0[0].lower() == initials[0]:
        return None
    if first and _letters(t0) != first:
        return None
    name_parts = [t0]
    j = i + 1
    # optional middle names matching further initials
    for ini in initials[1:]:
        if j < len(toks) and toks[j].text[:1].isupper() and toks[j].text[0].lower() == ini and _letters(toks[j].text) != surname[: len(_letters(toks[j].text))]:
            name_parts.append(toks[j].text.strip(",.;:"))
            j += 1
    got = ""
    pieces: list[str] = []
    while j < len(toks) and len(got) < len(surname):
        frag = toks[j].text
        core = frag.rstrip(",.;:")
        letters = _letters(core)
        if not letters or not surname.startswith(got + letters):
            break
        glue = bool(pieces) and (core[:1].islower() or pieces[-1].endswith(("'", "’")))
        pieces.append(core if not pieces else (core if glue else " " + core))
        got += letters
        j += 1
        if frag != core:
            break
    if not got:
        return None
    joined = "".join(p if p.startswith(" ") or i == 0 else p for i, p in enumerate(pieces))
    exact = got == surname
    if not exact:
        # fragments agree with the start of the address: trust the address for the rest
        if len(got) < 4 and len(got) < len(surname) * 0.6:
            return None
        joined = joined + surname[len(got):]
    name = " ".join(name_parts) + " " + joined.strip()
    return " ".join(name.split()), j, exact


def _find_name(toks: list[_Tok], email: str, lo: int, hi: int) -> tuple[str, int, int, bool] | None:
    local = email.split("@")[0]
    first = _first_names(local)
    best = None
    for initials, surname in _surname_splits(local):
        for i in range(lo, hi):
            got = _match_at(toks, i, initials, surname, first)
            if got and (best is None or (got[2] and not best[3]) or (got[2] == best[3] and i < best[1] and not best[3])):
                best = (got[0], i, got[1], got[2])
        if best and best[3]:
            break
    return best


def _clean_role(toks: list[_Tok]) -> str | None:
    """Join the role words, gluing cell fragments such as 'Commission' + 'ing'."""
    out: list[str] = []
    for t in toks:
        text = t.text
        if EMAIL.search(text) or _LABELS.fullmatch(text) or re.fullmatch(r"[\d+()\s-]+", text):
            continue
        if out and t.cell_start and text[:1].islower() and out[-1][-1:].isalpha() and len(text) <= 4:
            out[-1] += text
        else:
            out.append(text)
    role = " ".join(out)
    role = _LABELS.sub("", role)
    role = re.sub(r"(?<!\s)\s+,", ",", role).strip(" ,;:-–")
    role = re.sub(r"^(?:and\s+)", "", role)
    role = re.sub(r"(?<!\s)\s+(?:Dr|Mr|Mrs|Ms|Miss|Cllr)\.?$", "", role)
    return role or None


def officers_from_block(cells_rows: list[list[str]]) -> list[Officer]:
    """Officers named in a contact block (table rows or plain lines, in reading order)."""
    cells = [c for row in cells_rows for c in row if c.strip()]
    toks = _tokens(cells)
    if not toks:
        return []
    emails = [(k, e.group(0).rstrip(".")) for k, t in enumerate(toks) if (e := EMAIL.search(t.text))]
    found: list[tuple[int, int, str, str]] = []  # (start tok, end tok, name, email)
    used_until = 0
    for _n, (_k, email) in enumerate(emails):
        if email.split("@")[0].lower() in {"corporatesupport", "democratic.services", "committees", "info", "enquiries"}:
            continue
        got = _find_name(toks, email, 0, len(toks))
        if got is None:
            continue
        name, start, end, _exact = got
        if any(abs(start - s) < 1 for s, *_ in found):
            continue
        found.append((start, end, name, email))
        used_until = max(used_until, end)
    if not found:
        return _officers_without_email(cells)
    found.sort()
    officers: list[Officer] = []
    email_pos = {e: k for k, e in emails}
    for idx, (_start, end, name, email) in enumerate(found):
        nxt = found[idx + 1][0] if idx + 1 < len(found) else len(toks)
        seg = [t for t in toks[end:nxt] if not EMAIL.search(t.text)]
        # drop a leftover tail of the surname ("es" after "Hayne")
        surname = _letters(name.split()[-1])
        seg = [t for t in seg if not (t.text[:1].islower() and len(_letters(t.text)) <= 3 and surname.endswith(_letters(t.text)))]
        ek = email_pos.get(email, end)
        prev_email = max((k for k, _ in emails if k < ek), default=-1)
        window = " ".join(t.text for t in toks[max(prev_email + 1, 0):ek])
        phones = PHONE.findall(window)
        role_toks = [t for t in seg if t.pos < ek or t.pos >= nxt] if seg else []
        officers.append(Officer(name=name, role=_clean_role(role_toks or seg), email=email,
                                phone=" ".join(phones[-1].split()) if phones else None))
    return officers


def _officers_without_email(cells: list[str]) -> list[Officer]:
    """'Jane Smith, Head of Planning' with no address: keep only clean, plausible names."""
    out = []
    for cell in cells:
        m = re.match(r"^(?:(?:Dr|Mr|Mrs|Ms|Miss)\.?\s+)?([A-Z][a-z]+(?:[ '-][A-Z][a-z'’]+){1,2})\s*,\s*(.+)$", cell.strip())
        if m and not re.search(r"\b(?:Council|Department|Directorate|Service)\b", m.group(1)):
            phones = PHONE.findall(m.group(2))
            role = PHONE.sub("", _LABELS.sub("", m.group(2))).strip(" ,")
            out.append(Officer(name=m.group(1), role=role or None, phone=phones[0] if phones else None))
    return out


def prefer_known_spelling(officers: list[Officer], text: str) -> list[Officer]:
    """Where the pack spells the same person with an apostrophe or capital elsewhere, prefer that spelling."""
    out = []
    for off in officers:
        parts = off.name.split()
        # "Tim O Neill": the surname may have been split at its apostrophe
        k = len(parts) - 2 if len(parts) >= 3 and len(parts[-2]) == 1 else len(parts) - 1
        surname = "".join(parts[k:])
        parts = parts[:k] + [surname]
        rx = re.compile(r"\b" + r"[ '’]?".join(re.escape(c) for c in _letters(surname)) + r"\b", re.I)
        variants = [m.group(0) for m in rx.finditer(text) if m.group(0)[0].isupper() and m.group(0) != surname]
        better = next((v for v in variants if ("'" in v or "’" in v) and _letters(v) == _letters(surname)), None)
        if better:
            off = Officer(name=" ".join(parts[:-1] + [better]), role=off.role, email=off.email, phone=off.phone)
        out.append(off)
    return out
