"""`agenda-search index | search | similar | stats`: the index and search commands.

Registered on the `agenda-search` parser by `cli.main` through `add_commands()`. Indexing goes
through `indexer.writer.index_paths`; everything else through `search.engine.open_service` and
the plain objects of `search.results`. Heavy modules (Whoosh, the engine) are imported only when
a command runs, so `agenda-search parse` and `--help` stay quick.

Exit codes: 0 done, 2 unusable arguments, missing index, nothing indexed yet, unknown item, or
(serve) a port that is taken, 3 (`index` only) done, but some files could not be read: they are
listed with the reason, and everything else is indexed; 130 interrupted. Files not read because
they are not part of the archive (symlinks leaving it, FIFOs) are listed as skipped and do not
change the exit code.
"""
from __future__ import annotations

import argparse
import html
import json
import re
import shutil
import sys
import textwrap
from collections.abc import Iterable
from pathlib import Path

from core.config import Config
from core.fields import DEFAULT_SORT, FACET_NAMES, SORT_NAMES, facet_named

MAX_LIMIT = 100
EXIT_FILES_FAILED = 3  # `index` finished, but some files could not be read (README: exit codes)

# --------------------------------------------------------------------------- argument types


def _bounded_int(low: int, high: int | None, what: str):
    def convert(raw: str) -> int:
        try:
            value = int(raw)
        except ValueError:
            raise argparse.ArgumentTypeError(f"the {what} must be a whole number, not {raw!r}") from None
        if value < low or (high is not None and value > high):
            span = f"from {low} to {high}" if high is not None else f"of at least {low}"
            raise argparse.ArgumentTypeError(f"the {what} must be a number {span}; got {value}")
        return value

    return convert


def _date_arg(end: bool):
    """A date as `core.dates` reads it (the site's from/to and the query's date: read the same):
    --from takes the first day of the period (2017 → 2017-01-01), --to the last (→ 2017-12-31)."""

    def convert(raw: str) -> str:
        from core.dates import DateError, period

        try:
            first, last = period(raw)
        except DateError as exc:
            raise argparse.ArgumentTypeError(str(exc)) from None
        return last if end else first

    return convert


def _filter_arg(raw: str) -> tuple[str, str]:
    name, sep, value = raw.partition("=")
    if not sep or not name.strip() or not value.strip():
        raise argparse.ArgumentTypeError(f"a filter is FIELD=VALUE (e.g. meeting=Cabinet), not {raw!r}")
    return name.strip(), value.strip()


# --------------------------------------------------------------------------- registration


def add_commands(subparsers, config: Config) -> None:
    """Register index, search, similar and stats on the `agenda-search` subparsers."""
    index_help = f"index folder (default {config.index_dir})"

    p = subparsers.add_parser(
        "index", help="index or update agenda packs",
        description="Bring the index up to date with the agenda packs (PDF, .txt, .md) under the given files "
                    "and folders: new files are added, changed ones replaced, unchanged ones skipped. Files "
                    "that cannot be read are listed with the reason and the rest is indexed.")
    p.add_argument("paths", nargs="*", metavar="PATH",
                   help="pack files or folders (default: the archive folders of the configuration)")
    p.add_argument("--index", dest="index_dir", metavar="DIR", help=index_help)
    p.add_argument("--prune", action="store_true", help="also remove packs whose file no longer exists")
    p.add_argument("--retry-failed", action="store_true",
                   help="read again files that failed before (they are skipped, and reported, otherwise)")
    p.add_argument("--json", action="store_true",
                   help="print the run's report as JSON (added, failed and skipped files with reasons, "
                        "pages without text)")
    p.set_defaults(func=lambda a: cmd_index(a, config))

    p = subparsers.add_parser(
        "search", help="search the index",
        description="Search agenda items. QUERY takes words, \"phrases\", AND/OR/NOT, prefix*, and "
                    "field:value (meeting, officer, report, council, item, title, section, kind, minute, date).")
    p.add_argument("query", metavar="QUERY", help='what to look for; "" browses everything (narrow it with --filter, --from, --to)')
    p.add_argument("--index", dest="index_dir", metavar="DIR", help=index_help)
    p.add_argument("--json", action="store_true", help="print the machine-readable response")
    p.add_argument("--limit", type=_bounded_int(1, MAX_LIMIT, "limit"), default=10, metavar="N",
                   help=f"items per page, 1-{MAX_LIMIT} (default 10)")
    p.add_argument("--page", type=_bounded_int(1, None, "page"), default=1, metavar="N", help="page number (default 1)")
    p.add_argument("--sort", choices=SORT_NAMES, default=DEFAULT_SORT, help=f"order of the results (default {DEFAULT_SORT})")
    p.add_argument("--filter", dest="filters", action="append", type=_filter_arg, default=[], metavar="FIELD=VALUE",
                   help=f"only items with this facet value ({', '.join(FACET_NAMES)}); "
                        "repeat it: values of one field are ORed, different fields ANDed")
    p.add_argument("--from", dest="date_from", type=_date_arg(end=False), metavar="DATE",
                   help="meetings on or after DATE (2017-06-20, 2017-06, 2017, June 2017, 20/06/2017)")
    p.add_argument("--to", dest="date_to", type=_date_arg(end=True), metavar="DATE",
                   help="meetings on or before DATE (a month or year: its last day)")
    p.add_argument("--restricted", action="store_true",
                   help="include restricted (exempt) items in full, as signed-in officers see them")
    p.set_defaults(func=lambda a: cmd_search(a, config))

    p = subparsers.add_parser("similar", help="items like a given one",
                              description="Items of other meetings most like ITEM_ID (as shown by `search`).")
    p.add_argument("item_id", metavar="ITEM_ID", help="item id as `search` shows it, e.g. rutland-county-council-cabinet-2017-06-20:7")
    p.add_argument("--index", dest="index_dir", metavar="DIR", help=index_help)
    p.add_argument("--limit", type=_bounded_int(1, MAX_LIMIT, "limit"), default=5, metavar="N",
                   help=f"how many, 1-{MAX_LIMIT} (default 5)")
    p.add_argument("--json", action="store_true", help="print the machine-readable list")
    p.add_argument("--restricted", action="store_true",
                   help="include restricted (exempt) items in full, as signed-in officers see them")
    p.set_defaults(func=lambda a: cmd_similar(a, config))

    p = subparsers.add_parser("stats", help="what the index holds",
                              description="Packs, items, sections, size and last update of the index.")
    p.add_argument("--index", dest="index_dir", metavar="DIR", help=index_help)
    p.add_argument("--json", action="store_true", help="print the machine-readable figures")
    p.add_argument("--restricted", action="store_true",
                   help="include restricted (exempt) items in full, as signed-in officers see them")
    p.set_defaults(func=lambda a: cmd_stats(a, config))


def _fail(message: str, code: int = 2) -> int:
    print(f"agenda-search: {message}", file=sys.stderr)
    return code


def _index_dir(args: argparse.Namespace, config: Config) -> Path:
    return Path(args.index_dir).expanduser() if args.index_dir else config.index_dir


# --------------------------------------------------------------------------- index


def cmd_index(args: argparse.Namespace, config: Config) -> int:
    from indexer.writer import PACK_SUFFIXES, index_paths

    from .progress import print_progress_bar

    if args.paths:
        paths = [Path(p).expanduser() for p in args.paths]
        missing = [p for p in paths if not p.exists()]
        if missing:
            return _fail("no such file or folder: " + ", ".join(str(p) for p in missing))
    else:
        paths = list(config.archive_folders)
        if not paths:
            return _fail("no PATH given and no archive folders in the configuration ([archive] folders)")
        missing = [p for p in paths if not p.exists()]
        if missing:
            return _fail("archive folder of the configuration not found: " + ", ".join(str(p) for p in missing))
    index_dir = _index_dir(args, config)
    if index_dir.exists() and not index_dir.is_dir():
        return _fail(f"the index folder {index_dir} is a file")
    from indexer.parse import parse_file
    from indexer.pdf_worker import ParseWorker

    limit = config.time_limit
    worker = ParseWorker(config.extract_max_memory_mb, limit.max_pages)  # one process for many files

    def parse(path: Path, timeout: float):
        return parse_file(path, timeout=limit, worker=worker)  # the per-page limit of the config

    try:
        with worker:
            summary = index_paths(paths, index_dir, prune=args.prune, retry_failed=args.retry_failed,
                                  timeout=config.extract_timeout, overrides=config.access_overrides,
                                  progress=print_progress_bar(), parser=parse)
    except OSError as exc:
        return _fail(f"cannot write the index in {index_dir}: {exc.strerror or exc}")
    except RuntimeError as exc:  # e.g. IndexLockTimeout
        return _fail(str(exc))
    if args.json:
        _dump(summary.to_json())
    else:
        for line in summary.lines():
            print(line)
    if not (summary.added or summary.updated or summary.unchanged or summary.failed):
        kinds = ", ".join(sorted(PACK_SUFFIXES))
        print(f"agenda-search: no agenda packs ({kinds}) found under " + ", ".join(str(p) for p in paths),
              file=sys.stderr)
    if summary.failed:
        n = len(summary.failed)
        print(f"agenda-search: {n} file{'s' if n != 1 else ''} could not be read (listed with the reason); "
              f"everything else is indexed", file=sys.stderr)
        return EXIT_FILES_FAILED
    return 0


# --------------------------------------------------------------------------- opening the index


def _open(args: argparse.Namespace, config: Config):
    """(service, None) or (None, exit code) after printing why the index cannot be used.

    The public index unless `--restricted`: whoever can read the index folder can read the full
    index anyway, but what the command prints should not surprise someone pasting it elsewhere.
    """
    index_dir = _index_dir(args, config)
    from search.engine import IndexNotFound, NothingIndexed, open_service

    try:
        return open_service(index_dir, audience="officer" if getattr(args, "restricted", False) else "public"), None
    except (IndexNotFound, NothingIndexed) as exc:
        return None, _fail(str(exc))
    except (RuntimeError, OSError, ValueError) as exc:
        return None, _fail(f"cannot open the index in {index_dir}: {_why(exc)} (run `agenda-search index` to build it)")


def _why(exc: BaseException) -> str:
    """An exception as words: its message, or at least its kind (some of whoosh's are blank)."""
    text = str(exc).strip()
    return text or exc.__class__.__name__


def _dump(data) -> None:
    print(json.dumps(data, ensure_ascii=False, indent=2))


# --------------------------------------------------------------------------- plain-text rendering

_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")
_MARK = re.compile(r"<mark>(.*?)</mark>", re.S)
_TAG = re.compile(r"<[^<>]*>")


def _clean(text: str | None) -> str:
    """One line of document text, safe for a terminal (no escape sequences or control characters)."""
    return re.sub(r"\s+", " ", _CONTROL.sub(" ", text or "")).strip()


def snippet_text(snippet: str, tty: bool = False) -> str:
    """An escaped-HTML snippet as terminal text: <mark> → bold (tty) or [[…]], entities unescaped."""
    text = re.sub("[\ue000\ue001]", "", snippet or "")
    text = _MARK.sub(lambda m: "\ue000" + m.group(1) + "\ue001", text)
    text = _clean(html.unescape(_TAG.sub("", text)))
    on, off = ("\x1b[1m", "\x1b[0m") if tty else ("[[", "]]")
    return text.replace("\ue000", on).replace("\ue001", off)


def _pages(pages) -> str:
    if not pages:
        return ""
    a, b = pages
    return f"p. {a}" if a == b else f"pp. {a}-{b}"


def format_hit(n: int, hit, tty: bool = False, snippets: int = 3) -> list[str]:
    """One item hit: "N. date meeting — Item X: title [Report no] (score)", then details and snippets."""
    head = " ".join(x for x in (_clean(hit.date), _clean(hit.meeting) or _clean(hit.council)) if x) or "(undated)"
    title = f"Item {_clean(hit.item)}: {_clean(hit.title) or '(untitled)'}"
    if hit.report_number:
        title += f" [Report {_clean(hit.report_number)}]"
    out = [f"{n}. {head} — {title} ({hit.score:.2f})"]
    where = [x for x in (_clean(hit.council) if hit.meeting else "", _clean(hit.source), _pages(hit.pages)) if x]
    out.append("   " + "  ".join(where + [f"id {hit.item_id}"]))
    if hit.officers:
        out.append("   Officers: " + "; ".join(_clean(o) for o in hit.officers))
    if hit.also_in:
        out.append("   Also in: " + "; ".join(f"{_clean(src)} (id {i})" for i, src in hit.also_in))
    for s in list(dict.fromkeys(s for s in hit.snippets if s))[:snippets]:
        out.append(textwrap.fill(snippet_text(s, tty), width=_width(), initial_indent="   > ",
                                 subsequent_indent="     ", break_long_words=False, break_on_hyphens=False))
    return out


def _width() -> int:
    return max(40, min(shutil.get_terminal_size((100, 24)).columns, 120) - 1)


def _facet_lines(facets: dict) -> list[str]:
    out = []
    for name, values in facets.items():
        if not values:
            continue
        shown = [f"{'*' if v.selected else ''}{_clean(v.value)} ({v.count})" for v in values[:12]]
        more = f", … {len(values) - 12} more" if len(values) > 12 else ""
        out.append(f"  {name}: " + ", ".join(shown) + more)
    return out


def format_response(resp, tty: bool = False) -> str:
    out: list[str] = []
    if resp.total:
        first = (resp.page - 1) * resp.limit + 1
        last = first + len(resp.results) - 1
        pages = -(-resp.total // resp.limit)
        what = f"{resp.total} item" + ("s" if resp.total != 1 else "")
        if resp.results:
            out.append(f"{what}; showing {first}-{last} (page {resp.page} of {pages})")
        else:
            out.append(f"{what}; page {resp.page} is past the last page ({pages})")
    else:
        out.append("No items found.")
    out.append(f"Searched for: {_clean(resp.interpreted) or _clean(resp.query) or '(everything)'}")
    for notice in resp.notices:
        out.append(f"Note: {_clean(notice)}")
    if resp.suggestion:
        out.append(f"Did you mean: {_clean(resp.suggestion)}?")
    for n, hit in enumerate(resp.results, (resp.page - 1) * resp.limit + 1):
        out.append("")
        out.extend(format_hit(n, hit, tty))
    facet_lines = _facet_lines(resp.facets)
    if facet_lines:
        out.append("")
        out.append("Refine with --filter FIELD=VALUE (* = selected):")
        out.extend(facet_lines)
    return "\n".join(out)


def _is_tty() -> bool:
    return hasattr(sys.stdout, "isatty") and sys.stdout.isatty()


# --------------------------------------------------------------------------- search, similar, stats


def cmd_search(args: argparse.Namespace, config: Config) -> int:
    from search.results import SearchRequest, response_to_json

    if args.date_from and args.date_to and args.date_from > args.date_to:
        return _fail(f"--from {args.date_from} is after --to {args.date_to}")
    filters = tuple(dict.fromkeys(args.filters))
    bad = _unknown_filters(filters)
    if bad:
        return _fail(bad)
    req = SearchRequest(query=args.query, filters=filters, date_from=args.date_from, date_to=args.date_to,
                        sort=args.sort, page=args.page, limit=args.limit)
    service, code = _open(args, config)
    if service is None:
        return code
    try:
        resp = service.search(req)
    except ValueError as exc:
        return _fail(f"cannot search for {args.query!r}: {exc}")
    except (RuntimeError, OSError) as exc:
        return _fail(f"the search failed: {_why(exc)}")
    finally:
        service.close()
    if args.json:
        _dump(response_to_json(resp))
    else:
        print(format_response(resp, _is_tty()))
    return 0


def _unknown_filters(filters: Iterable[tuple[str, str]]) -> str | None:
    """A message naming the filter fields the engine does not know, or None."""
    unknown = [name for name, _ in filters if facet_named(name) is None]
    if not unknown:
        return None
    return f"unknown filter field {', '.join(dict.fromkeys(unknown))}; filter by one of: {', '.join(FACET_NAMES)}"


def cmd_similar(args: argparse.Namespace, config: Config) -> int:
    from search.results import hit_to_json

    service, code = _open(args, config)
    if service is None:
        return code
    try:
        detail = service.item(args.item_id)
        if detail is None:  # an id of an item whose file was corrected since: the item it is now
            current = service.current_item_id(args.item_id)
            detail = service.item(current) if current else None
        if detail is None:
            return _fail(f"no item {args.item_id!r} in the index (item ids look like "
                         "rutland-county-council-cabinet-2017-06-20:7; `agenda-search search` shows them)")
        hits = service.similar(detail.item_id, args.limit)
    except (RuntimeError, OSError, ValueError) as exc:
        return _fail(f"cannot find items like {args.item_id!r}: {_why(exc)}")
    finally:
        service.close()
    if args.json:
        _dump({"item_id": args.item_id, "results": [hit_to_json(h) for h in hits]})
        return 0
    when = " ".join(_clean(x) for x in (detail.date, detail.meeting) if x)
    print(f"Items like {args.item_id}: {when + ' — ' if when else ''}Item {_clean(detail.item)}: {_clean(detail.title)}")
    if not hits:
        print("No similar items in other meetings.")
    tty = _is_tty()
    for n, hit in enumerate(hits, 1):
        print()
        print("\n".join(format_hit(n, hit, tty, snippets=1)))
    return 0


def _size(n: int) -> str:
    size = float(n)
    for unit in ("bytes", "KB", "MB", "GB"):
        if size < 1024 or unit == "GB":
            return f"{size:.0f} {unit}" if unit == "bytes" else f"{size:.1f} {unit}"
        size /= 1024
    return f"{n} bytes"  # pragma: no cover


def cmd_stats(args: argparse.Namespace, config: Config) -> int:
    service, code = _open(args, config)
    if service is None:
        return code
    try:
        st = service.stats()
        scanned = service.unreadable_pages() if hasattr(service, "unreadable_pages") else []
    except (RuntimeError, OSError, ValueError) as exc:
        return _fail(f"cannot read the index: {_why(exc)}")
    finally:
        service.close()
    index_dir = str(_index_dir(args, config))
    n_scanned = sum(len(pages) for _, pages, _ in scanned)
    if args.json:
        _dump({"index": index_dir, "packs": st.packs, "items": st.items, "sections": st.sections,
               "size_bytes": st.size_bytes, "last_update": st.last_update,
               "unreadable_pages": n_scanned,
               "packs_with_unreadable_pages": [{"source": src, "pages": list(pages), "of": total}
                                               for src, pages, total in scanned]})
        return 0
    from indexer.progress import describe_unreadable

    print(f"Index:       {index_dir}")
    print(f"Packs:       {st.packs}")
    print(f"Items:       {st.items}")
    print(f"Sections:    {st.sections}")
    print(f"Size:        {_size(st.size_bytes)}")
    print(f"Last update: {st.last_update or 'never'}")
    print(f"No text:     {n_scanned} page{'s' if n_scanned != 1 else ''}"
          + (f" in {len(scanned)} pack{'s' if len(scanned) != 1 else ''} (scanned: not searchable until OCR)"
             if scanned else ""))
    for src, pages, total in scanned:
        print(f"  {_clean(src)}: {describe_unreadable(pages, total)}")
    return 0


__all__ = ["add_commands", "cmd_index", "cmd_search", "cmd_similar", "cmd_stats", "format_hit",
           "format_response", "snippet_text"]
