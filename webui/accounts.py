"""Officers' and members' accounts, kept in one SQLite file (stdlib sqlite3).

Why a real store and not a list in config.toml: failed attempts and lockouts must be recorded
somewhere every server thread (and the `agenda-search user` command) sees at once, and a
password change must end the sessions that were signed in with the old one. Each account has a
random `stamp`, renewed when its password changes; sessions carry it, so they die with it.

Passwords are hashed by werkzeug.security (scrypt). An unknown name is checked against a dummy
hash, so it costs the same time as a wrong password. After MAX_FAILURES wrong passwords in a row an
account is locked for LOCK_SECONDS, even for the right password; one client address is also
refused after ADDRESS_FAILURES failures within ADDRESS_WINDOW (behind a reverse proxy every client
has the proxy's address, so that limit is set high).

This module knows nothing of Flask or of the search engine: the website and the command line
both use it.
"""
from __future__ import annotations

import os
import re
import secrets
import sqlite3
import time
from collections.abc import Callable, Iterator
from contextlib import closing, contextmanager
from dataclasses import dataclass
from pathlib import Path

from werkzeug.security import check_password_hash, generate_password_hash

from core.access import RESTRICTED_READERS, ROLES

# Roles an account may hold. Both may read restricted (exempt) items; the public has no account.

MIN_PASSWORD = 12
MAX_PASSWORD = 1024  # hashing a megabyte "password" is a cheap way to tie up a server thread
MAX_FAILURES = 5
LOCK_SECONDS = 15 * 60
ADDRESS_FAILURES = 50
ADDRESS_WINDOW = 15 * 60

_NAME = re.compile(r"^[\w.@+\\][\w.@+\\-]{0,63}$")

_SCHEMA = """
CREATE TABLE IF NOT EXISTS users (
    name TEXT NOT NULL PRIMARY KEY COLLATE NOCASE,
    role TEXT NOT NULL,
    password_hash TEXT NOT NULL,
    stamp TEXT NOT NULL,
    failures INTEGER NOT NULL DEFAULT 0,
    locked_until REAL NOT NULL DEFAULT 0,
    created REAL NOT NULL,
    last_sign_in REAL
);
CREATE TABLE IF NOT EXISTS address_failures (address TEXT NOT NULL, at REAL NOT NULL);
CREATE INDEX IF NOT EXISTS address_failures_by_address ON address_failures (address, at);
PRAGMA user_version = 1;
"""


class AccountError(ValueError):
    """A refused account change (unknown or duplicate name, weak password, unknown role), said for people."""


@dataclass(frozen=True)
class User:
    name: str
    role: str
    stamp: str
    failures: int = 0
    locked_until: float = 0.0
    created: float = 0.0
    last_sign_in: float | None = None

    def locked(self, now: float) -> bool:
        return self.locked_until > now

    @property
    def reads_restricted(self) -> bool:
        return self.role in RESTRICTED_READERS


@dataclass(frozen=True)
class SignIn:
    """The outcome of a password check. `reason` is "ok", "bad", "locked" or "throttled"."""

    user: User | None
    reason: str

    @property
    def ok(self) -> bool:
        return self.user is not None


def check_name(name: str) -> str:
    """A usable account name (letters, digits and . _ @ + - \\, at most 64), or AccountError."""
    name = name.strip()
    if not _NAME.match(name):
        raise AccountError(f"{name[:80]!r} is not a usable name: use 1-64 letters, digits and . _ @ + - \\ "
                           "(not starting with -)")
    return name


def check_role(role: str) -> str:
    if role not in ROLES:
        raise AccountError(f"unknown role {role!r}: use one of {', '.join(ROLES)}")
    return role


def check_password(password: str, name: str = "") -> str:
    if len(password) < MIN_PASSWORD:
        raise AccountError(f"the password must be at least {MIN_PASSWORD} characters long")
    if len(password) > MAX_PASSWORD:
        raise AccountError(f"the password must be at most {MAX_PASSWORD} characters long")
    if not password.strip() or (name and password.strip().lower() == name.strip().lower()):
        raise AccountError("the password must not be blank or the account's name")
    return password


_dummy_hash: str | None = None


def _dummy() -> str:
    """A hash of a random password, made once, to check unknown names against (same cost as a real check)."""
    global _dummy_hash
    if _dummy_hash is None:
        _dummy_hash = generate_password_hash(secrets.token_urlsafe(16))
    return _dummy_hash


def _user(row: sqlite3.Row) -> User:
    return User(name=row["name"], role=row["role"], stamp=row["stamp"], failures=row["failures"],
                locked_until=row["locked_until"], created=row["created"], last_sign_in=row["last_sign_in"])


class AccountStore:
    """The accounts in the SQLite file at `path` (created, mode 0600, with its folder on first use).

    Every call opens and closes its own connection, so one store can be shared by server threads.
    `clock` is the time source (seconds since the epoch), replaceable so lockout expiry can be tested.
    """

    def __init__(self, path: str | os.PathLike[str], clock: Callable[[], float] = time.time) -> None:
        self.path = Path(path)
        self.clock = clock
        self._ready = False

    # ----------------------------------------------------------------- connection

    def _prepare(self) -> None:
        if self._ready:
            return
        self.path.parent.mkdir(parents=True, exist_ok=True)
        # Create the file ourselves, owner-only: it holds password hashes (SQLite's journal copies the mode).
        os.close(os.open(self.path, os.O_WRONLY | os.O_CREAT, 0o600))
        with closing(sqlite3.connect(self.path, timeout=10)) as db:
            db.executescript(_SCHEMA)
        self._ready = True

    @contextmanager
    def _db(self, write: bool = True) -> Iterator[sqlite3.Connection]:
        """A connection inside one transaction; a writing one starts IMMEDIATE, so counters are read and
        updated atomically even with several server threads and the command line at once."""
        self._prepare()
        with closing(sqlite3.connect(self.path, timeout=10, isolation_level=None)) as db:
            db.row_factory = sqlite3.Row
            db.execute("BEGIN IMMEDIATE" if write else "BEGIN")
            try:
                yield db
            except BaseException:
                db.execute("ROLLBACK")
                raise
            db.execute("COMMIT")

    def _row(self, db: sqlite3.Connection, name: str) -> sqlite3.Row | None:
        row: sqlite3.Row | None = db.execute("SELECT * FROM users WHERE name = ?", (name.strip(),)).fetchone()
        return row

    def _must_row(self, db: sqlite3.Connection, name: str) -> sqlite3.Row:
        row = self._row(db, name)
        if row is None:  # removed by another process since this one looked
            raise AccountError(f"there is no account called {name.strip()!r}")
        return row

    # ----------------------------------------------------------------- administration

    def add(self, name: str, role: str, password: str) -> User:
        name, role = check_name(name), check_role(role)
        hashed = generate_password_hash(check_password(password, name))
        with self._db() as db:
            if self._row(db, name) is not None:
                raise AccountError(f"there is already an account called {name!r} (names are not case-sensitive)")
            db.execute("INSERT INTO users (name, role, password_hash, stamp, created) VALUES (?, ?, ?, ?, ?)",
                       (name, role, hashed, secrets.token_hex(8), self.clock()))
            return _user(self._must_row(db, name))

    def remove(self, name: str) -> None:
        with self._db() as db:
            if db.execute("DELETE FROM users WHERE name = ?", (name.strip(),)).rowcount == 0:
                raise AccountError(f"there is no account called {name.strip()!r}")

    def set_password(self, name: str, password: str) -> None:
        """New password; also unlocks the account and ends its existing sessions (new stamp)."""
        hashed = generate_password_hash(check_password(password, name))
        with self._db() as db:
            cur = db.execute("UPDATE users SET password_hash = ?, stamp = ?, failures = 0, locked_until = 0 "
                             "WHERE name = ?", (hashed, secrets.token_hex(8), name.strip()))
            if cur.rowcount == 0:
                raise AccountError(f"there is no account called {name.strip()!r}")

    def unlock(self, name: str) -> User:
        with self._db() as db:
            cur = db.execute("UPDATE users SET failures = 0, locked_until = 0 WHERE name = ?", (name.strip(),))
            if cur.rowcount == 0:
                raise AccountError(f"there is no account called {name.strip()!r}")
            return _user(self._must_row(db, name))

    def get(self, name: str) -> User | None:
        with self._db(write=False) as db:
            row = self._row(db, name)
        return _user(row) if row is not None else None

    def users(self) -> list[User]:
        with self._db(write=False) as db:
            return [_user(r) for r in db.execute("SELECT * FROM users ORDER BY name")]

    # ----------------------------------------------------------------- signing in

    def address_throttled(self, address: str) -> bool:
        """True when `address` has failed ADDRESS_FAILURES times within the last ADDRESS_WINDOW seconds."""
        if not address:
            return False
        with self._db(write=False) as db:
            return self._address_count(db, address) >= ADDRESS_FAILURES

    def _address_count(self, db: sqlite3.Connection, address: str) -> int:
        since = self.clock() - ADDRESS_WINDOW
        return db.execute("SELECT COUNT(*) FROM address_failures WHERE address = ? AND at > ?",
                          (address, since)).fetchone()[0]

    def _address_failed(self, db: sqlite3.Connection, address: str) -> None:
        if address:
            now = self.clock()
            db.execute("DELETE FROM address_failures WHERE at <= ?", (now - ADDRESS_WINDOW,))
            db.execute("INSERT INTO address_failures (address, at) VALUES (?, ?)", (address, now))

    def authenticate(self, name: str, password: str, address: str = "") -> SignIn:
        """Check a name and password, recording the failure or success. Never raises for bad input."""
        if self.address_throttled(address):
            return SignIn(None, "throttled")
        with self._db(write=False) as db:
            row = self._row(db, name) if _NAME.match(name.strip()) else None
        hashed = row["password_hash"] if row is not None else _dummy()
        # The slow hash runs outside any transaction, and also for unknown names and locked accounts.
        matches = len(password) <= MAX_PASSWORD and check_password_hash(hashed, password)
        now = self.clock()
        with self._db() as db:
            row = self._row(db, name) if row is not None else None
            if row is None:
                self._address_failed(db, address)
                return SignIn(None, "bad")
            if row["locked_until"] > now:
                self._address_failed(db, address)
                return SignIn(None, "locked")
            if matches and row["password_hash"] == hashed and row["role"] in RESTRICTED_READERS:
                db.execute("UPDATE users SET failures = 0, locked_until = 0, last_sign_in = ? WHERE name = ?",
                           (now, row["name"]))
                return SignIn(_user(self._must_row(db, name)), "ok")
            self._address_failed(db, address)
            failures = row["failures"] + 1
            if failures >= MAX_FAILURES:
                db.execute("UPDATE users SET failures = 0, locked_until = ? WHERE name = ?",
                           (now + LOCK_SECONDS, row["name"]))
                return SignIn(None, "locked")
            db.execute("UPDATE users SET failures = ? WHERE name = ?", (failures, row["name"]))
            return SignIn(None, "bad")
