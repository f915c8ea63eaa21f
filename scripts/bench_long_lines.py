"""Worst parse time of one-line text and Markdown files (the shapes that were quadratic).

    .venv/bin/python scripts/bench_long_lines.py                 # 1 MB, every shape
    .venv/bin/python scripts/bench_long_lines.py --size 300000   # the 300 KB line of the issue

Each file is one line repeating a unit that made a pattern scan to the end of the line from
every start position (`minutes of the meeting of the …` for MINUTES_OF, `[x](http://a …` for
_MD_LINK, a random mix of all of them), parsed through `indexer.parse.parse_file` - the whole
parse, in the worker process under its time limit. To measure an older checkout, run this
script with PYTHONPATH pointing at it (its parse_file parsed text in-process; `--timeout` is
then ignored).
"""
from __future__ import annotations

import argparse
import random
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.append(str(ROOT))

UNITS = {
    "minutes-of.txt": "minutes of the meeting of the ",
    "md-links.md": "[x](http://a ",
    "mixed.md": None,
    "mixed.txt": None,
}
MIX = ("minutes of the meeting of the ", "[x](http://a ", "<a href=x>", "\t", " ", "a-", ". ",
       "Minutes of a meeting of the Cabinet [Report](http://x Item 5 Report No. 98/2017 Pages 2 - 3 held at **b ")


def text_for(name: str, size: int) -> str:
    unit = UNITS[name]
    if unit is None:
        rng = random.Random(7)
        parts, n = [], 0
        while n < size:
            piece = rng.choice(MIX) * rng.randint(1, 400)
            parts.append(piece)
            n += len(piece)
        return "".join(parts)[:size]
    return (unit * (size // len(unit) + 1))[:size]


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--size", type=int, default=1_000_000, help="characters on the line (default 1,000,000)")
    ap.add_argument("--timeout", type=float, default=3600, help="time limit of one parse (default 3600 s)")
    ap.add_argument("--only", help="one file name of: " + ", ".join(UNITS))
    args = ap.parse_args(argv)
    from indexer.parse import parse_file

    worst = 0.0
    with tempfile.TemporaryDirectory() as tmp:
        for name in UNITS:
            if args.only and name != args.only:
                continue
            path = Path(tmp) / name
            path.write_text(text_for(name, args.size), encoding="utf-8")
            started = time.perf_counter()
            try:
                try:
                    pack = parse_file(path, timeout=args.timeout)
                except TypeError:  # pragma: no cover - an old parse_file without a timeout for text
                    pack = parse_file(path)
                result = f"{len(pack.items)} items"
            except Exception as exc:  # noqa: BLE001 - a bench reports, it does not stop
                result = f"failed: {exc}"
            took = time.perf_counter() - started
            worst = max(worst, took)
            print(f"{name:16} {args.size:>9,} chars  {took:8.2f} s  {result}", flush=True)
    print(f"worst parse time on a {args.size:,}-character line: {worst:.2f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
