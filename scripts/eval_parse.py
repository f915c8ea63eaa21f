"""Score the real parser against the hand-checked gold files, field by field.

    .venv/bin/python scripts/eval_parse.py                    # table: every document, then both halves
    .venv/bin/python scripts/eval_parse.py --half held-out    # only the half you did not tune on
    .venv/bin/python scripts/eval_parse.py --json             # machine-readable
    .venv/bin/python scripts/eval_parse.py --explain tulsa    # what was missed in matching documents
    .venv/bin/python scripts/eval_parse.py --write-baseline   # hold tests/test_parse_eval.py to today's scores

Every document with a gold file (tests/gold/<stem>.json; format in tests/parse_gold.py) is
parsed with `indexer.parse.parse_file`, two at a time (PDF extraction runs in a worker
process). Parses are cached as JSON in var/eval-parse-cache, keyed by the file's sha256, the
source of every indexer/*.py module and the pdfplumber version, so a changed parser is always
re-run; `--no-cache` ignores the cache. The corpus halves are fixed in tests/gold/SPLIT.json
(with the reason). Averages are means over the documents where a field applies; documents
without a text layer (needs_ocr) are shown but left out of the averages.
"""
from __future__ import annotations

import argparse
import hashlib
import json
import sys
from concurrent.futures import ThreadPoolExecutor
from importlib import metadata
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
GOLD = ROOT / "tests" / "gold"
CACHE = ROOT / "var" / "eval-parse-cache"
BASELINE = GOLD / "baseline.json"
sys.path[:0] = [str(ROOT), str(ROOT / "tests")]

from parse_gold import FIELDS, mean_scores, score  # noqa: E402

SHORT = {"meeting": "meet", "date": "date", "council": "cncl", "kind": "kind", "items_recall": "itemR",
         "items_precision": "itemP", "titles": "title", "report_numbers": "repno", "officers_f1": "offF1",
         "sections": "sect", "minutes": "mins", "resolutions": "resol"}
HALVES = ("tune", "held-out")


def load_gold() -> dict[str, dict[str, Any]]:
    """stem → gold dict, for every tests/gold/*.json except SPLIT and baseline."""
    out = {}
    for path in sorted(GOLD.glob("*.json")):
        if path.name in ("SPLIT.json", "baseline.json"):
            continue
        out[path.stem] = json.loads(path.read_text(encoding="utf-8"))
    return out


def load_split(stems: list[str]) -> dict[str, str]:
    """stem → half; every gold document must be in exactly one half."""
    split = json.loads((GOLD / "SPLIT.json").read_text(encoding="utf-8"))
    half = {}
    for name in HALVES:
        for stem in split[name]:
            if stem in half:
                raise SystemExit(f"SPLIT.json: {stem} is in both halves")
            half[stem] = name
    missing = [s for s in stems if s not in half]
    unknown = [s for s in half if s not in stems]
    if missing or unknown:
        raise SystemExit(f"SPLIT.json out of date: not in a half {missing}, no gold file {unknown}")
    return half


def parser_fingerprint() -> str:
    """Hash of the parser's own source and the PDF library version (the cache key's code half)."""
    h = hashlib.sha256()
    for path in sorted([*(ROOT / "core").glob("*.py"), *(ROOT / "indexer").glob("*.py")]):
        h.update(path.name.encode())
        h.update(path.read_bytes())
    for dist in ("pdfplumber", "pdfminer.six"):
        try:
            h.update(f"{dist}={metadata.version(dist)}".encode())
        except metadata.PackageNotFoundError:  # pragma: no cover
            pass
    return h.hexdigest()[:16]


def parse_one(path: Path, fingerprint: str, use_cache: bool) -> dict[str, Any]:
    """The pack as `Pack.to_json()`, or {"error": message} when the file cannot be read."""
    from core.model import ExtractionError
    from indexer.parse import parse_file

    key = hashlib.sha256(path.read_bytes()).hexdigest()[:24] + "-" + fingerprint
    cached = CACHE / f"{key}.json"
    if use_cache and cached.is_file():
        return json.loads(cached.read_text(encoding="utf-8"))
    try:
        data = parse_file(path, timeout=300).to_json()
    except ExtractionError as e:
        data = {"error": str(e), "items": []}
    if use_cache:
        CACHE.mkdir(parents=True, exist_ok=True)
        tmp = cached.with_suffix(".tmp")
        tmp.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
        tmp.replace(cached)
    return data


def evaluate(stems: list[str] | None = None, use_cache: bool = True, jobs: int = 2) -> dict[str, dict[str, Any]]:
    """stem → scores (FIELDS, detail, half, needs_ocr) for the chosen gold documents."""
    gold = load_gold()
    half = load_split(list(gold))
    chosen = [s for s in gold if stems is None or s in stems]
    fingerprint = parser_fingerprint()
    with ThreadPoolExecutor(max_workers=max(1, jobs)) as pool:
        packs = dict(zip(chosen, pool.map(lambda s: parse_one(ROOT / gold[s]["file"], fingerprint, use_cache), chosen)))
    results = {}
    for stem in chosen:
        result = score(gold[stem], packs[stem])
        result.update(half=half[stem], needs_ocr=bool(gold[stem].get("needs_ocr")), error=packs[stem].get("error"))
        results[stem] = result
    return results


def summarise(results: dict[str, dict[str, Any]], which: str) -> dict[str, tuple[float | None, int]]:
    docs = [r for r in results.values() if not r["needs_ocr"] and (which == "all" or r["half"] == which)]
    return mean_scores(docs)


def _short(stem: str, width: int = 44) -> str:
    return stem if len(stem) <= width else stem[: width - 16] + "…" + stem[-15:]


def _cell(value: float | None) -> str:
    return "   -" if value is None else f"{value:4.2f}"


def print_table(results: dict[str, dict[str, Any]], halves: list[str]) -> None:
    head = f"{'document':44} {'half':8} " + " ".join(f"{SHORT[f]:>5}" for f in FIELDS)
    print(head)
    print("-" * len(head))
    for stem, r in results.items():
        if r["half"] not in halves and halves != ["all"]:
            continue
        mark = " (needs OCR, not averaged)" if r["needs_ocr"] else (f" ERROR {r['error']}" if r.get("error") else "")
        print(f"{_short(stem):44} {r['half']:8} " + " ".join(f"{_cell(r[f]):>5}" for f in FIELDS) + mark)
    print("-" * len(head))
    for which in halves + (["all"] if len(halves) > 1 else []):
        summary = summarise(results, which)
        n = sum(1 for r in results.values() if not r["needs_ocr"] and (which == "all" or r["half"] == which))
        print(f"{'MEAN ' + which + f' ({n} docs)':44} {'':8} " + " ".join(f"{_cell(summary[f][0]):>5}" for f in FIELDS))
    print("\n'-' = does not apply to that document (or kind: the parser reports none). Means are over the documents where a field applies.")


def print_explain(results: dict[str, dict[str, Any]], pattern: str) -> None:
    for stem, r in results.items():
        if pattern in stem:
            print(f"== {stem} ({r['half']})")
            print("   " + "  ".join(f"{SHORT[f]}={_cell(r[f]).strip()}" for f in FIELDS))
            for what, lines in r["detail"].items():
                print(f"   {what} ({len(lines)}):")
                for line in lines[:25]:
                    print(f"      {line[:150]}")
                if len(lines) > 25:
                    print(f"      … {len(lines) - 25} more")


def write_baseline(results: dict[str, dict[str, Any]]) -> None:
    docs = {stem: {f: (None if r[f] is None else round(r[f], 4)) for f in FIELDS} for stem, r in sorted(results.items())}
    BASELINE.write_text(json.dumps({
        "about": "Per-document field scores that tests/test_parse_eval.py holds the parser to (regenerate with "
                 "`.venv/bin/python scripts/eval_parse.py --write-baseline` after an improvement, and commit it).",
        "parser_fingerprint": parser_fingerprint(),
        "documents": docs,
    }, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
    print(f"wrote {BASELINE.relative_to(ROOT)} ({len(docs)} documents)")


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--half", choices=("tune", "held-out", "all"), default="all")
    ap.add_argument("--json", action="store_true", help="machine-readable output")
    ap.add_argument("--explain", metavar="TEXT", help="list what was missed in documents whose name contains TEXT")
    ap.add_argument("--write-baseline", action="store_true", help="write tests/gold/baseline.json from these scores")
    ap.add_argument("--no-cache", action="store_true", help="parse every document again")
    ap.add_argument("--jobs", type=int, default=2, help="documents parsed at once (default 2)")
    args = ap.parse_args(argv)
    results = evaluate(use_cache=not args.no_cache, jobs=args.jobs)
    if args.write_baseline:
        write_baseline(results)
    shown = {s: r for s, r in results.items() if args.half == "all" or r["half"] == args.half}
    if args.json:
        halves = list(HALVES) + ["all"] if args.half == "all" else [args.half]
        json.dump({
            "documents": shown,
            "summary": {h: {f: {"mean": v, "documents": n} for f, (v, n) in summarise(results, h).items()} for h in halves},
        }, sys.stdout, indent=1, ensure_ascii=False)
        print()
    elif args.explain:
        print_explain(shown, args.explain)
    else:
        print_table(shown, list(HALVES) if args.half == "all" else [args.half])
    return 0


if __name__ == "__main__":
    sys.exit(main())
