"""Named moments of an index run where a test can have the indexer killed (SIGKILL).

Crash-safety tests need kills at exact moments (during extraction, while a batch is being
written, between Whoosh's commit and the switch to the new generation, before the first commit)
without waiting for a timer to land there by luck. When the environment variable
AGENDA_SEARCH_TEST_CRASH_AT holds `PHASE:N` the process SIGKILLs itself the N-th time it passes
`crashpoint(PHASE)`; `PHASE:N:SECONDS` starts a timer there instead, so the kill lands inside
whatever runs next (a PDF extraction, a Whoosh commit); `count:FILE` appends each phase passed
to FILE (one per line), so a test can plan a kill at every pass of a run. Unset, a crash point
costs one lookup.

Phases: lock (run lock just taken), create (first, empty generation written, not yet current),
plan (files hashed, nothing written), extract (before a file is parsed), write (a batch added
to the Whoosh writer, before its commit), commit (Whoosh committed, generation not yet current),
switch (generation current, old ones not yet removed), prune, done (before the run lock is
released).
"""
from __future__ import annotations

import os
import signal
import threading

ENV = "AGENDA_SEARCH_TEST_CRASH_AT"
_counts: dict[str, int] = {}


def _die() -> None:
    os.kill(os.getpid(), signal.SIGKILL)


def crashpoint(phase: str) -> None:
    """Kill this process here if AGENDA_SEARCH_TEST_CRASH_AT asks for this phase's current pass."""
    spec = os.environ.get(ENV)
    if not spec:
        return
    want, _, rest = spec.partition(":")
    if want == "count":
        with open(rest, "a", encoding="utf-8") as log:
            log.write(phase + "\n")
        return
    if want != phase:
        return
    n_text, _, delay = rest.partition(":")
    _counts[phase] = _counts.get(phase, 0) + 1
    if _counts[phase] != int(n_text or 1):
        return
    if delay:
        timer = threading.Timer(float(delay), _die)
        timer.daemon = True
        timer.start()
    else:
        _die()


__all__ = ["ENV", "crashpoint"]
