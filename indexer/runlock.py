"""The run lock of an index folder: one indexer at a time, and a dead writer's lock never blocks.

The lock is an `flock` on `agenda-writer.lock`, which the kernel drops when its holder dies, so
a writer killed outright (SIGKILL, OOM killer, power cut) normally leaves nothing behind. It can
still be held after the writer is gone when a process that inherited the open file outlives it
(a child forked by a wrapper script, a stuck helper). So the holder also writes who it is into
the file: pid, the process's start time (clock ticks since boot, /proc/<pid>/stat) and the boot
id. A waiting run that finds the lock busy while that record names a process that no longer
exists (the pid is gone, or now belongs to a process started at another time, or to another
boot) clears the lock: it renames the old lock file away and takes a fresh one. The orphan keeps
its lock on a file nobody uses any more. A record that cannot be checked (written on another
host, an empty record of an older version) is treated as alive: the run waits, it never breaks a
lock it is unsure about.
"""
from __future__ import annotations

import fcntl
import json
import os
import socket
import time
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path

POLL_SECONDS = 0.2
STALE_CONFIRM_SECONDS = 0.3  # a dead owner must be seen this long (a new owner writes its record at once)


class LockTimeout(RuntimeError):
    """Another indexer held the lock for longer than the allowed wait."""


def _boot_id() -> str | None:
    try:
        return Path("/proc/sys/kernel/random/boot_id").read_text().strip() or None
    except OSError:
        return None


def process_start(pid: int) -> str | None:
    """The start time of process `pid` (clock ticks since boot), or None if there is no such process."""
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except (OSError, ValueError):
        return None
    # the command name (field 2) is in parentheses and may hold spaces: count from after it
    fields = stat.rpartition(")")[2].split()
    return fields[19] if len(fields) > 19 else None


def owner_record() -> dict:
    """Who this process is, as written into a lock file it holds."""
    pid = os.getpid()
    return {
        "pid": pid,
        "start": process_start(pid),
        "boot": _boot_id(),
        "host": socket.gethostname(),
        "since": datetime.now(UTC).isoformat(timespec="seconds"),
    }


def owner_alive(record: dict | None) -> bool | None:
    """True/False when the record's process can be checked on this machine; None when it cannot
    (no record, another host, no /proc)."""
    if not isinstance(record, dict) or not isinstance(record.get("pid"), int):
        return None
    if record.get("host") != socket.gethostname() or not Path("/proc/self/stat").exists():
        return None
    boot = _boot_id()
    if record.get("boot") and boot and record["boot"] != boot:
        return False  # written before the machine restarted
    start = process_start(record["pid"])
    if start is None:
        return False
    return record.get("start") is None or start == record["start"]


def read_record(path: Path) -> dict | None:
    try:
        data = json.loads(Path(path).read_text(encoding="utf-8") or "null")
    except (OSError, ValueError):
        return None
    return data if isinstance(data, dict) else None


class RunLock:
    """An exclusive, inter-process lock on one file; a dead holder's lock is detected and cleared."""

    def __init__(self, path: str | os.PathLike[str]):
        self.path = Path(path)
        self._fd: int | None = None
        self.cleared: list[dict] = []  # records of dead writers whose lock this one cleared

    def acquire(self, timeout: float | None = None, on_wait: Callable[[], None] | None = None) -> None:
        start = time.monotonic()
        waited = False
        dead_since: tuple[int, float] | None = None  # (inode, when) of a lock whose owner looked dead
        while True:
            fd = os.open(self.path, os.O_RDWR | os.O_CREAT, 0o644)
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except BlockingIOError:
                inode = os.fstat(fd).st_ino
                os.close(fd)
                record = read_record(self.path)
                if owner_alive(record) is False:
                    now = time.monotonic()
                    if dead_since is None or dead_since[0] != inode:
                        dead_since = (inode, now)
                    elif now - dead_since[1] >= STALE_CONFIRM_SECONDS and self._clear(inode):
                        self.cleared.append(record or {})
                        dead_since = None
                        continue
                else:
                    dead_since = None
                if not waited and on_wait:
                    on_wait()
                waited = True
                if timeout is not None and time.monotonic() - start > timeout:
                    raise LockTimeout(f"another indexer is still writing to the index after {timeout:.0f}s"
                                      + _owner_text(record)) from None
                time.sleep(POLL_SECONDS)
                continue
            try:
                if os.stat(self.path).st_ino != os.fstat(fd).st_ino:  # cleared as stale meanwhile
                    raise FileNotFoundError
            except FileNotFoundError:
                os.close(fd)
                continue
            os.ftruncate(fd, 0)
            os.pwrite(fd, json.dumps(owner_record()).encode("utf-8"), 0)
            self._fd = fd
            return

    def _clear(self, inode: int) -> bool:
        """Move a dead writer's lock file away, if it is still the one judged dead."""
        guard = os.open(self.path.with_name(self.path.name + ".guard"), os.O_RDWR | os.O_CREAT, 0o644)
        try:
            fcntl.flock(guard, fcntl.LOCK_EX)
            try:
                if os.stat(self.path).st_ino != inode:
                    return True  # someone else cleared it already: try again at once
                stale = self.path.with_name(f".{self.path.name}.stale-{inode}")
                os.replace(self.path, stale)
                os.unlink(stale)
            except FileNotFoundError:
                pass
            return True
        finally:
            os.close(guard)

    def release(self) -> None:
        fd, self._fd = self._fd, None
        if fd is None:
            return
        try:
            os.ftruncate(fd, 0)  # an empty record: nobody holds it
            fcntl.flock(fd, fcntl.LOCK_UN)
        finally:
            os.close(fd)

    def __enter__(self) -> RunLock:
        self.acquire()
        return self

    def __exit__(self, *exc) -> None:
        self.release()


def _owner_text(record: dict | None) -> str:
    if not record:
        return ""
    host = f" on {record['host']}" if record.get("host") and record["host"] != socket.gethostname() else ""
    return f" (process {record.get('pid')}{host}, since {record.get('since')})"


__all__ = ["LockTimeout", "RunLock", "owner_alive", "owner_record", "process_start", "read_record"]
