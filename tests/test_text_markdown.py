"""Text inputs are read as Markdown when their content is Markdown, whatever the extension.

Many extraction tools write Markdown into `.txt` files; reading them as plain text loses the
headings and bold runs the parser reads structure from (issue 11: 2 of the 4 text samples lost
most of their items when named `.txt`)."""
from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from indexer.parse import parse_raw
from indexer.text_extract import extract_text, looks_like_markdown
from textpacks import TEXT, banking_text

SAMPLES = sorted(p.name for p in TEXT.iterdir() if p.suffix in (".md", ".txt"))


def _items(path: Path) -> list[tuple[str, str]]:
    pack = parse_raw(extract_text(path))
    return [(it.number, it.title) for it in pack.items]


@pytest.mark.parametrize("name", SAMPLES)
def test_text_sample_renamed_to_txt_keeps_its_items(tmp_path: Path, name: str) -> None:
    original = _items(TEXT / name)
    renamed = tmp_path / (Path(name).stem + ".txt")
    shutil.copyfile(TEXT / name, renamed)
    assert original, name
    assert _items(renamed) == original


def test_markdown_saved_as_txt_keeps_headings_and_bold(tmp_path: Path) -> None:
    path = tmp_path / "pack.txt"
    path.write_text(banking_text(), encoding="utf-8")
    raw = extract_text(path)
    assert any(ln.heading_level for ln in raw.lines)  # "# …" read as a heading, not as text
    assert not any(ln.text.startswith("#") or "**" in ln.text for ln in raw.lines)


def test_plain_text_with_a_few_asterisks_stays_plain() -> None:
    text = "AGENDA\n1. Apologies\n2. Minutes *draft*\n3. Budget ** see note\n# not a heading? once\n"
    assert not looks_like_markdown(text)


def test_markdown_detected_by_headings_bold_or_pipe_table() -> None:
    assert looks_like_markdown("# AGENDA\n## 1 Apologies\n## 2 Minutes\ntext\n")
    assert looks_like_markdown("**Meeting:** Cabinet\n**Date:** 1 May\n**Venue:** Hall\n")
    assert looks_like_markdown("| a | b |\n|---|---|\n| 1 | 2 |\n| 3 | 4 |\n")
    assert not looks_like_markdown("a | b\n1 | 2\n")
