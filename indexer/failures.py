"""Files that could not be read, remembered next to the index so later runs do not read them again.

A broken or scanned PDF can take the whole extraction time limit every time it is tried. Its
sha256 and reason are kept in `failed.json`; the next `index` run reports it as failed again
(with the remembered reason) without parsing it, until the file changes, the parser changes
(READER_VERSION), or the user asks for `--retry-failed`.
"""
from __future__ import annotations

import json
import os
from dataclasses import dataclass, field
from pathlib import Path

FAILED_FILE = "failed.json"
NOT_RETRIED = "failed before, not read again (change the file or run with --retry-failed)"


@dataclass
class FailureMemory:
    path: Path
    reader_version: int
    files: dict[str, dict] = field(default_factory=dict)  # sha256 → {"path", "reason"}
    changed: bool = False

    @classmethod
    def load(cls, index_dir: Path, reader_version: int) -> FailureMemory:
        """The remembered failures of this parser version (none if unreadable or another version)."""
        path = Path(index_dir) / FAILED_FILE
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
            if data.get("reader_version") == reader_version and isinstance(data.get("files"), dict):
                return cls(path, reader_version, dict(data["files"]))
        except (OSError, ValueError, AttributeError):
            pass
        return cls(path, reader_version)

    def reason(self, sha256: str) -> str | None:
        entry = self.files.get(sha256)
        return entry.get("reason") if isinstance(entry, dict) else None

    def record(self, sha256: str, path: str, reason: str) -> None:
        entry = {"path": path, "reason": reason}
        if self.files.get(sha256) != entry:
            self.files[sha256] = entry
            self.changed = True

    def forget(self, sha256: str) -> None:
        if self.files.pop(sha256, None) is not None:
            self.changed = True

    def save(self) -> None:
        """Write atomically if anything changed (an unchanged run writes nothing); files no
        longer on disk are dropped."""
        keep = {sha: e for sha, e in self.files.items() if os.path.exists(e.get("path") or "")}
        if not self.changed and keep == self.files:
            return
        tmp = self.path.with_name(f".{self.path.name}.{os.getpid()}.tmp")
        tmp.write_text(json.dumps({"reader_version": self.reader_version, "files": keep}, indent=1,
                                  ensure_ascii=True), encoding="utf-8")  # paths that are not UTF-8 survive
        os.replace(tmp, self.path)


__all__ = ["FAILED_FILE", "NOT_RETRIED", "FailureMemory"]
