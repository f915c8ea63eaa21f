"""The layering of the packages holds: core at the bottom, the reader and the searcher side by
side on it, the website over the searcher, the command line on top; no import cycles.

Regression for the tangle found in issue 10 (indexer ⇄ search through the CLI, indexer ⇄ webui,
search importing the indexer's schema, pdf_extract ⇄ pdf_worker).
"""
from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

# package → the packages it may import
ALLOWED = {
    "core": set(),
    "indexer": {"core"},
    "search": {"core"},
    "webui": {"core", "search"},
    "cli": {"core", "indexer", "search", "webui"},
}


def _graph_module():
    spec = importlib.util.spec_from_file_location("import_graph", ROOT / "scripts" / "import_graph.py")
    assert spec and spec.loader
    mod = importlib.util.module_from_spec(spec)
    sys.modules["import_graph"] = mod
    spec.loader.exec_module(mod)
    return mod


def test_no_package_imports_one_above_it():
    ig = _graph_module()
    edges = ig.graph()
    assert any(m.startswith("core.") for m in edges), "the graph found no modules"
    wrong = [via for (a, b), vias in ig.package_edges(edges).items() if b not in ALLOWED[a] for via in vias]
    assert not wrong, "imports against the layering:\n" + "\n".join(sorted(wrong))


def test_no_two_files_import_each_other():
    ig = _graph_module()
    assert ig.cycles(ig.graph()) == []


def test_the_checker_sees_a_lazy_upward_import(tmp_path):
    """The rule is only as good as its parser: an import inside a function counts too."""
    ig = _graph_module()
    src = tmp_path / "m.py"
    src.write_text("def f():\n    from webui.app import create_app\n    from . import fields\n", encoding="utf-8")
    ig.ROOT = tmp_path
    (tmp_path / "core").mkdir()
    moved = tmp_path / "core" / "m.py"
    src.rename(moved)
    assert ig.imports_of(moved) >= {"webui.app", "core.fields"}
