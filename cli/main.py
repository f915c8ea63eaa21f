"""`agenda-search` command line: parse, index, search, similar, stats, serve, user."""
from __future__ import annotations

import argparse
import json
import sys
import textwrap
from pathlib import Path

from core.config import Config, load_config
from core.model import ExtractionError, Pack


def _fmt_pages(pages: tuple[int, int] | list[int] | None) -> str:
    if not pages:
        return ""
    a, b = pages
    return f"p. {a}" if a == b else f"pp. {a}-{b}"


def format_pack(pack: Pack) -> str:
    """Human-readable outline of a parsed pack."""
    out = [f"{pack.source}  (sha256 {pack.sha256[:12]})"]
    out.append(f"  Council: {pack.council or '?'}")
    out.append(f"  Meeting: {pack.meeting or '?'}")
    when = " ".join(x for x in (pack.date, pack.time) if x)
    out.append(f"  Date:    {when or '?'}")
    if pack.venue:
        out.append(f"  Venue:   {pack.venue}")
    if pack.pages:
        out.append(f"  Pages:   {pack.pages}")
    if pack.members:
        out.append("  Members: " + "; ".join(pack.members))
    for w in pack.warnings:
        out.append(f"  WARNING: {w}")
    out.append(f"  Items ({len(pack.items)}):")
    for it in pack.items:
        flags = [f for f, on in (("KEY DECISION", it.key_decision), ("EXEMPT", it.exempt), ("to follow", it.to_follow)) if on]
        line = f"  {it.number:>4}  {it.title}"
        extras = [x for x in (f"Report {it.report_number}" if it.report_number else "", _fmt_pages(it.pages), ", ".join(flags)) if x]
        if extras:
            line += "  [" + "; ".join(extras) + "]"
        out.append(line)
        if it.report_title and it.report_title.lower() != it.title.lower():
            out.append(f"        report: {it.report_title}")
        if it.report_of:
            out.append(f"        of: {it.report_of}")
        for o in it.officers:
            bits = ", ".join(x for x in (o.role, o.phone, o.email) if x)
            out.append(f"        contact: {o.name}" + (f" ({bits})" if bits else ""))
        for s in it.sections:
            out.append(f"        § {s.heading}  <{s.kind}> {_fmt_pages(s.pages)}".rstrip())
        for m in it.minutes:
            out.append(f"        minute {m.number}: {m.title}")
            if m.resolved:
                out.append(textwrap.indent(textwrap.shorten("RESOLVED: " + m.resolved, 160), " " * 12))
    return "\n".join(out)


def cmd_parse(args: argparse.Namespace, config: Config) -> int:
    from indexer.parse import parse_file

    try:
        pack = parse_file(Path(args.file), timeout=config.time_limit, max_memory_mb=config.extract_max_memory_mb)
    except ExtractionError as exc:
        print(f"agenda-search: cannot parse {args.file}: {exc}", file=sys.stderr)
        return 2
    if args.json:
        json.dump(pack.to_json(), sys.stdout, indent=2, ensure_ascii=False)
        sys.stdout.write("\n")
    else:
        print(format_pack(pack))
    return 0


def build_parser(config: Config) -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="agenda-search", description=__doc__)
    sub = parser.add_subparsers(dest="command", required=True)
    p = sub.add_parser("parse", help="show the structure of one agenda pack")
    p.add_argument("file")
    p.add_argument("--json", action="store_true", help="print the machine-readable structure")
    p.set_defaults(func=lambda a: cmd_parse(a, config))
    from .commands import add_commands
    from .serve import add_serve_command

    add_commands(sub, config)
    add_serve_command(sub, config)
    from .user_commands import add_user_commands

    add_user_commands(sub, config)
    return parser


def main(argv: list[str] | None = None) -> int:
    try:
        config = load_config()
    except (OSError, ValueError) as exc:
        print(f"agenda-search: cannot read configuration: {exc}", file=sys.stderr)
        return 2
    args = build_parser(config).parse_args(argv)
    try:
        return int(args.func(args) or 0)
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        return 0


if __name__ == "__main__":
    sys.exit(main())
