"""`agenda-search user add | list | remove | passwd | unlock`: the accounts of officers and members.

Registered on the `agenda-search` parser by `cli.main`. Accounts live in the SQLite file named by
`[auth] users_db` (see webui.accounts); `--db FILE` names another. Passwords are typed twice at a
terminal (never on the command line, where other users could read them in the process list), or
read as one line from standard input with `--password-stdin` for scripts.

Exit codes: 0 done, 2 refused (unknown or duplicate name, weak or mismatched password, unknown role,
unusable accounts file).
"""
from __future__ import annotations

import argparse
import getpass
import json
import sqlite3
import sys
from datetime import datetime
from pathlib import Path

from core.access import ROLES
from core.config import Config
from webui.accounts import (
    MIN_PASSWORD,
    AccountError,
    AccountStore,
    User,
    check_password,
)


class _Refused(Exception):
    """A user command cannot go on; the message is printed as one line."""


def _store(args: argparse.Namespace, config: Config) -> AccountStore:
    path = Path(args.db) if args.db else config.users_db
    if path is None:
        raise _Refused("no accounts file is configured: set [auth] users_db in config.toml, or pass --db FILE")
    return AccountStore(path)


def _read_password(args: argparse.Namespace, name: str) -> str:
    if args.password_stdin:
        line = sys.stdin.readline()
        password = line.rstrip("\r\n")
    else:
        if not sys.stdin.isatty():
            raise _Refused("no terminal to type the password at: pass --password-stdin to read it from standard input")
        password = getpass.getpass(f"New password for {name} (at least {MIN_PASSWORD} characters): ")
        check_password(password, name)
        if getpass.getpass("Type it again: ") != password:
            raise _Refused("the two passwords differ; nothing was changed")
    return check_password(password, name)


def _when(ts: float | None) -> str:
    return datetime.fromtimestamp(ts).strftime("%Y-%m-%d %H:%M") if ts else "never"


def _status(user: User, now: float) -> str:
    if user.locked(now):
        return f"locked until {datetime.fromtimestamp(user.locked_until).strftime('%H:%M')}"
    return f"{user.failures} failed attempt(s)" if user.failures else "active"


def cmd_add(args, config):
    store = _store(args, config)
    user = store.add(args.name, args.role, _read_password(args, args.name))
    print(f"added {user.name} ({user.role})")


def cmd_list(args, config):
    store = _store(args, config)
    users, now = store.users(), store.clock()
    if args.json:
        json.dump([{"name": u.name, "role": u.role, "locked": u.locked(now), "failures": u.failures,
                    "created": u.created, "last_sign_in": u.last_sign_in} for u in users], sys.stdout, indent=2)
        sys.stdout.write("\n")
        return
    if not users:
        print(f"no accounts yet (add one with: agenda-search user add NAME --role officer)  [{store.path}]")
        return
    width = max(len(u.name) for u in users)
    for u in users:
        print(f"{u.name:<{width}}  {u.role:<8}  last sign-in {_when(u.last_sign_in)}  {_status(u, now)}")


def cmd_remove(args, config):
    _store(args, config).remove(args.name)
    print(f"removed {args.name}")


def cmd_passwd(args, config):
    store = _store(args, config)
    if store.get(args.name) is None:
        raise AccountError(f"there is no account called {args.name!r}")
    store.set_password(args.name, _read_password(args, args.name))
    print(f"password changed for {args.name}; its sessions have ended and it is unlocked")


def cmd_unlock(args, config):
    user = _store(args, config).unlock(args.name)
    print(f"unlocked {user.name}")


def _run(func, config: Config):
    def run(args: argparse.Namespace) -> int:
        try:
            func(args, config)
        except (AccountError, _Refused) as exc:
            print(f"agenda-search user: {exc}", file=sys.stderr)
            return 2
        except (OSError, sqlite3.Error) as exc:
            path = args.db or config.users_db
            print(f"agenda-search user: cannot use the accounts file {path}: {exc}", file=sys.stderr)
            return 2
        return 0

    return run


def add_user_commands(subparsers, config: Config) -> argparse.ArgumentParser:
    """Register `user` and its sub-commands on the `agenda-search` subparsers."""
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument("--db", metavar="FILE", help=f"accounts file (default {config.users_db})")
    secret = argparse.ArgumentParser(add_help=False)
    secret.add_argument("--password-stdin", action="store_true",
                        help="read the password as one line from standard input instead of asking twice")

    parser = subparsers.add_parser(
        "user", help="manage the accounts of officers and members",
        description="Accounts that may sign in to the website and see restricted (exempt) items. "
                    f"Roles: {', '.join(ROLES)} (both see restricted items). Passwords: at least "
                    f"{MIN_PASSWORD} characters.")
    sub = parser.add_subparsers(dest="user_command", required=True, metavar="{add,list,remove,passwd,unlock}")
    p = sub.add_parser("add", parents=[common, secret], help="add an account")
    p.add_argument("name", metavar="NAME")
    p.add_argument("--role", required=True, choices=ROLES, help="what the account may see")
    p.set_defaults(func=_run(cmd_add, config))
    p = sub.add_parser("list", parents=[common], help="list the accounts")
    p.add_argument("--json", action="store_true", help="print the machine-readable list")
    p.set_defaults(func=_run(cmd_list, config))
    p = sub.add_parser("remove", parents=[common], help="remove an account (its sessions end at once)")
    p.add_argument("name", metavar="NAME")
    p.set_defaults(func=_run(cmd_remove, config))
    p = sub.add_parser("passwd", parents=[common, secret], help="set a new password (ends its sessions, unlocks)")
    p.add_argument("name", metavar="NAME")
    p.set_defaults(func=_run(cmd_passwd, config))
    p = sub.add_parser("unlock", parents=[common], help="lift a lockout after repeated failed sign-ins")
    p.add_argument("name", metavar="NAME")
    p.set_defaults(func=_run(cmd_unlock, config))
    return parser
