"""The import graph of the project's packages, from the source (no imports are run).

    .venv/bin/python scripts/import_graph.py            # package → package edges, with the files
    .venv/bin/python scripts/import_graph.py --cycles   # also file-level import cycles

Used by tests/test_import_graph.py to keep the layering: no package imports one above it and no
two files import each other, directly or round a loop.
"""
from __future__ import annotations

import argparse
import ast
import sys
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PACKAGES = ("core", "indexer", "search", "webui", "cli")


def module_name(path: Path) -> str:
    rel = path.relative_to(ROOT).with_suffix("")
    parts = list(rel.parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def imports_of(path: Path) -> set[str]:
    """Project modules imported anywhere in the file (also inside functions: a lazy import is
    still a dependency)."""
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    mod = module_name(path)
    package = mod if path.name == "__init__.py" else mod.rpartition(".")[0]
    out: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            out.update(a.name for a in node.names)
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")
                base = base[: len(base) - (node.level - 1)]
                target = ".".join(base + ([node.module] if node.module else []))
            else:
                target = node.module or ""
            out.add(target)
            out.update(f"{target}.{a.name}" for a in node.names)
    return {m for m in out if m.split(".")[0] in PACKAGES}


def graph() -> dict[str, set[str]]:
    """module → project modules it imports (only names that are modules)."""
    files = [p for pkg in PACKAGES for p in sorted((ROOT / pkg).rglob("*.py"))]
    modules = {module_name(p): p for p in files}
    edges: dict[str, set[str]] = {}
    for name, path in modules.items():
        edges[name] = {m for m in imports_of(path) if m in modules and m != name}
    return edges


def package_edges(edges: dict[str, set[str]]) -> dict[tuple[str, str], list[str]]:
    out: dict[tuple[str, str], list[str]] = defaultdict(list)
    for src, targets in edges.items():
        for dst in targets:
            a, b = src.split(".")[0], dst.split(".")[0]
            if a != b:
                out[(a, b)].append(f"{src} → {dst}")
    return dict(out)


def cycles(edges: dict[str, set[str]]) -> list[list[str]]:
    """Strongly connected components of more than one module (Tarjan)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on: set[str] = set()
    found: list[list[str]] = []
    counter = [0]
    sys.setrecursionlimit(10000)

    def visit(v: str) -> None:
        index[v] = low[v] = counter[0]
        counter[0] += 1
        stack.append(v)
        on.add(v)
        for w in edges.get(v, ()):
            if w not in index:
                visit(w)
                low[v] = min(low[v], low[w])
            elif w in on:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            comp = []
            while True:
                w = stack.pop()
                on.discard(w)
                comp.append(w)
                if w == v:
                    break
            if len(comp) > 1:
                found.append(sorted(comp))

    for v in sorted(edges):
        if v not in index:
            visit(v)
    return found


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--cycles", action="store_true", help="also list file-level import cycles")
    args = ap.parse_args(argv)
    edges = graph()
    for (a, b), via in sorted(package_edges(edges).items()):
        print(f"{a} → {b}  ({len(via)} imports: {', '.join(sorted(set(v.split(' → ')[0] for v in via))[:6])}"
              f"{' …' if len(set(v.split(' → ')[0] for v in via)) > 6 else ''})")
    if args.cycles:
        loops = cycles(edges)
        print(f"{len(loops)} file-level import cycle(s)")
        for comp in loops:
            print("  " + " ⇄ ".join(comp))
    return 0


if __name__ == "__main__":
    sys.exit(main())
