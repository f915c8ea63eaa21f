"""Audit every regular expression of the parser for worse-than-linear time on long lines.

A pattern such as `minutes\\s+of\\s+.+?\\s+held` run with `search` over a line that repeats its
first words but never ends it tries every start position and scans to the end of the line from
each: quadratic, minutes on one 300 KB line. This script finds every pattern in `indexer/*.py`
(module-level compiled patterns and string literals passed to `re.*` calls), builds adversarial
lines from each pattern's own words (every prefix of its literal words, repeated) plus generic
ones (spaces, letters, digits, punctuation runs), and times `search`, `match` and `findall` at
two sizes. A pattern whose time grows clearly faster than the input (ratio > 3 for 2x input)
and takes more than a few milliseconds is reported.

    .venv/bin/python scripts/audit_regex.py            # 20 KB / 40 KB inputs (~1 min)
    .venv/bin/python scripts/audit_regex.py --size 500000   # 0.5 / 1 MB, slow: patterns one by one

Exit code 1 when a pattern is flagged, so it can run in CI.
"""
from __future__ import annotations

import argparse
import ast
import re
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
GENERIC = ["a", "a ", "A", "Aa ", "1", "1 ", "1.", " ", "\t", ".", "-", "- ", "*", "**", "(", "( ", "[",
           "[a](", "<a ", "<", "|", "| ", "$", "/", "1/", "A-", ", ", "Ab, ", "__", "`"]
FLAG_NAMES = {"I": re.I, "IGNORECASE": re.I, "S": re.S, "DOTALL": re.S, "M": re.M, "MULTILINE": re.M,
              "X": re.X, "VERBOSE": re.X, "A": re.A, "ASCII": re.A, "U": re.U, "UNICODE": re.U}
RE_CALLS = {"compile", "search", "match", "fullmatch", "findall", "finditer", "sub", "subn", "split"}


def _flags(node: ast.AST | None) -> int | None:
    if node is None:
        return 0
    if isinstance(node, ast.Attribute) and node.attr in FLAG_NAMES:
        return FLAG_NAMES[node.attr]
    if isinstance(node, ast.BinOp) and isinstance(node.op, ast.BitOr):
        a, b = _flags(node.left), _flags(node.right)
        return None if a is None or b is None else a | b
    return None


def patterns_in(path: Path) -> list[tuple[str, re.Pattern[str]]]:
    """(where, pattern) for every `re.<call>("literal", …)` in a source file."""
    out = []
    tree = ast.parse(path.read_text(encoding="utf-8"))
    for node in ast.walk(tree):
        if not (isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute)
                and isinstance(node.func.value, ast.Name) and node.func.value.id == "re"
                and node.func.attr in RE_CALLS and node.args):
            continue
        arg = node.args[0]
        if isinstance(arg, ast.JoinedStr) or not isinstance(arg, ast.Constant) or not isinstance(arg.value, str):
            continue
        flag_node = next((k.value for k in node.keywords if k.arg == "flags"), None)
        if flag_node is None:
            pos = {"compile": 1, "search": 2, "match": 2, "fullmatch": 2, "findall": 2, "finditer": 2,
                   "split": 3, "sub": 4, "subn": 4}[node.func.attr]
            flag_node = node.args[pos] if len(node.args) > pos else None
        flags = _flags(flag_node)
        if flags is None:
            flags = 0
        out.append((f"{path.name}:{node.lineno}", re.compile(arg.value, flags)))
    return out


def module_patterns() -> list[tuple[str, re.Pattern[str]]]:
    """Compiled patterns that are module attributes (some are built from joined pieces)."""
    import importlib

    out = []
    for path in sorted([*(ROOT / "core").glob("*.py"), *(ROOT / "indexer").glob("*.py")]):
        mod = importlib.import_module(f"{path.parent.name}.{path.stem}")
        for name, value in vars(mod).items():
            if isinstance(value, re.Pattern):
                out.append((f"{path.name}:{name}", value))
    return out


def adversarial_units(pattern: re.Pattern[str]) -> list[str]:
    """Repeat units built from the pattern's literal words (each prefix of them), plus generic ones."""
    source = pattern.pattern
    words = re.findall(r"(?<!\\)[A-Za-z]{2,}", re.sub(r"\(\?P?<\w+>|\(\?P=\w+\)|\\[a-zA-Z]", " ", source))
    units = list(GENERIC)
    for k in range(1, len(words) + 1):
        units.append(" ".join(words[:k]) + " ")
        units.append(" ".join(words[:k]).upper() + " ")
    punct = "".join(sorted(set(re.sub(r"[\w\s\\]", "", source)) - set("()?:+*{}^$|")))
    if punct:
        units.append(punct)
        units.append(" ".join(punct) + " a ")
    return list(dict.fromkeys(units))


def _time(fn, text: str) -> float:
    t = time.perf_counter()
    fn(text)
    return time.perf_counter() - t


def audit(size: int, min_seconds: float, ratio: float, only: str | None) -> list[str]:
    found = module_patterns()
    for path in sorted([*(ROOT / "core").glob("*.py"), *(ROOT / "indexer").glob("*.py")]):
        found += patterns_in(path)
    seen: set[tuple[str, int]] = set()
    flagged = []
    for where, pat in found:
        key = (pat.pattern, pat.flags)
        if key in seen or (only and only not in where):
            continue
        seen.add(key)
        worst = (0.0, 0.0, "", "")
        for unit in adversarial_units(pat):
            for op in ("search", "match", "findall"):
                fn = getattr(pat, op)
                small = (unit * (size // (2 * len(unit)) + 1))[: size // 2]
                big = (unit * (size // len(unit) + 1))[:size]
                t1 = _time(fn, small)
                if t1 > 0.5 * min_seconds or t1 * 4 > worst[1]:
                    t2 = _time(fn, big)
                    if t2 > worst[1]:
                        worst = (t1, t2, unit, op)
        t1, t2, unit, op = worst
        if t2 > min_seconds and t2 > ratio * max(t1, 1e-9):
            flagged.append(f"{where}: {op} {t1:.3f}s -> {t2:.3f}s on {unit!r}*  /{pat.pattern[:90]}/")
            print(flagged[-1], flush=True)
    print(f"{len(seen)} patterns audited at {size // 2} and {size} characters; {len(flagged)} flagged", flush=True)
    return flagged


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--size", type=int, default=40_000, help="characters of the larger input (default 40000)")
    ap.add_argument("--min-seconds", type=float, default=0.01, help="ignore patterns faster than this")
    ap.add_argument("--ratio", type=float, default=3.0, help="flag when 2x the input costs more than this")
    ap.add_argument("--only", help="audit only patterns whose location contains this")
    args = ap.parse_args(argv)
    sys.path.insert(0, str(ROOT))
    return 1 if audit(args.size, args.min_seconds, args.ratio, args.only) else 0


if __name__ == "__main__":
    sys.exit(main())
