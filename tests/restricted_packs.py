"""Packs with restricted (exempt) papers, written the ways councils mark them.

Every restricted passage carries one of SECRET_WORDS; the public passages carry PUBLIC_WORDS.
A public reader must never meet a secret word anywhere: not as a hit, a snippet, a title, a
suggestion, a facet count or a file. Used by tests/test_restricted.py.
"""
from __future__ import annotations

from pathlib import Path

SECRET_WORDS = ("quokkafig", "zeltrabond", "marrowvane", "plinthcrux", "vortelline", "grisewold")
SECRET_FIGURE = "£987,654"
PUBLIC_WORDS = ("bandstand", "allotments", "towpath")

_FRONT = """Public Document Pack

Northwold District Council

Meeting:\tCABINET
Date and Time:\tTuesday, 14 March 2023 at 10.00 am
Venue:\tCOUNCIL CHAMBER

AGENDA

1) APOLOGIES FOR ABSENCE

REPORT OF THE DIRECTOR OF PLACE

2) BANDSTAND RESTORATION

Report No. 31/2023 (Pages 3 - 6)

{part2}

---000----

Agenda Item 2

Report No: 31/2023 PUBLIC REPORT

CABINET

14 March 2023

BANDSTAND RESTORATION

Report of the Director of Place

Key Decision: No
Exempt Information: No
Contact Officer(s):\tAnna Publicwell, Head of Parks\t01000 000001 apublicwell@northwold.example\t

DECISION RECOMMENDATIONS

1. That Cabinet approves the bandstand restoration in the riverside park.

1 PURPOSE OF THE REPORT

1.1 The bandstand needs new paint and the allotments next to the towpath need fencing.

{part2_report}
"""

# 1. a restricted part of the agenda ("PART II") and a report stamped NOT FOR PUBLICATION
PART_II = _FRONT.format(
    part2="""PART II – EXEMPT ITEMS

3) DEPOT DISPOSAL

Report No. 32/2023 (Pages 7 - 9)""",
    part2_report="""Agenda Item 3

NOT FOR PUBLICATION by virtue of paragraph 3 of Part 1 of Schedule 12A of the Local Government Act 1972

Report No: 32/2023

CABINET

DEPOT DISPOSAL

Report of the Director of Resources

Contact Officer(s):\tVictor Hushwell, Head of Estates\t01000 000002 vhushwell@northwold.example\t

DECISION RECOMMENDATIONS

1. That Cabinet accepts the quokkafig and zeltrabond offer of £987,654 for the depot.

1 FINANCIAL IMPLICATIONS

1.1 The zeltrabond bid is the highest; marrowvane bid less.
""",
)

# 2. a motion to exclude the press and public, then the item, whose report says "Exempt: Yes"
EXCLUSION = _FRONT.format(
    part2="""3) EXCLUSION OF THE PRESS AND PUBLIC

Cabinet is recommended to exclude the press and public for the following item, as it is likely to involve the disclosure of exempt information as defined in Paragraph 1 of Part 1 of Schedule 12A of the Act.

4) STAFFING RESTRUCTURE

Report No. 33/2023 (Pages 7 - 9)""",
    part2_report="""Agenda Item 4

Report No: 33/2023

CABINET

STAFFING RESTRUCTURE

Report of the Chief Executive

Key Decision: No
Exempt Information: Yes, paragraph 1
Contact Officer(s):\tVictor Hushwell, Head of Estates\t01000 000002 vhushwell@northwold.example\t

DECISION RECOMMENDATIONS

1. That Cabinet deletes the plinthcrux post.

1 BACKGROUND

1.1 The plinthcrux review found savings of £987,654.
""",
)

# 3. a public report with an exempt appendix printed inside it
APPENDIX = _FRONT.format(
    part2="""3) TOWPATH LIGHTING CONTRACT

Report No. 34/2023 (Pages 7 - 12)""",
    part2_report="""Agenda Item 3

Report No: 34/2023

CABINET

TOWPATH LIGHTING CONTRACT

Report of the Director of Place

Key Decision: Yes
Exempt Information: Appendix A of this report contains exempt information and is not for publication in accordance with Paragraph 3 of Part 1 of Schedule 12A
Contact Officer(s):\tAnna Publicwell, Head of Parks\t01000 000001 apublicwell@northwold.example\t

DECISION RECOMMENDATIONS

1. That Cabinet awards the towpath lighting contract to the provider set out in Appendix A.

1 PURPOSE OF THE REPORT

1.1 New lights along the towpath make it safer after dark.

2 APPENDICES

2.1 Exempt Appendix A Tender results

Exempt Appendix A – Tender results

The vortelline tender scored 91 and asked £987,654; grisewold scored 80.

Appendix B – Lighting plan

The towpath lighting plan covers the allotments path too.
""",
)

# 4. a standalone report stamped CONFIDENTIAL, one report per file
STANDALONE = """CONFIDENTIAL

Northwold District Council

Report to Cabinet – 14 March 2023

Subject: Marrowvane Legal Claim

Report of the Head of Legal Services

Classification: Restricted

1 SUMMARY

1.1 The marrowvane claim could cost £987,654 to settle.

2 RECOMMENDATION

2.1 That Cabinet settles the marrowvane claim.
"""

PACKS = {
    "northwold-cabinet-2023-03-14-part2.txt": PART_II,
    "northwold-cabinet-2023-03-15-exclusion.txt": EXCLUSION.replace("14 March 2023", "15 March 2023"),
    "northwold-cabinet-2023-03-16-appendix.txt": APPENDIX.replace("14 March 2023", "16 March 2023"),
    "northwold-cabinet-2023-03-17-confidential-report.txt": STANDALONE,
}


def write_packs(folder: Path) -> list[Path]:
    folder.mkdir(parents=True, exist_ok=True)
    out = []
    for name, text in PACKS.items():
        path = folder / name
        path.write_text(text, encoding="utf-8")
        out.append(path)
    return out
