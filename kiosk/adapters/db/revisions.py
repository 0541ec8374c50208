"""The migrations' revisions, read from their version files without SQLAlchemy or Alembic: what the counter's
early sign-in screen checks a database against before the wiring loads (kiosk.bootstrap.signin)."""

from __future__ import annotations

import re
from functools import cache
from pathlib import Path

MIGRATIONS = Path(__file__).parent / "migrations"
_REVISION = re.compile(r'^revision\s*=\s*["\']([^"\']+)["\']', re.M)
_DOWN = re.compile(r'^down_revision\s*=\s*["\']([^"\']+)["\']', re.M)


@cache
def _history() -> tuple[frozenset[str], frozenset[str]]:
    """Every revision and every revision something follows, read from the version files: importing Alembic
    costs a counter's start-up."""
    revisions, parents = set(), set()
    for path in (MIGRATIONS / "versions").glob("*.py"):
        source = path.read_text(encoding="utf-8")
        found = _REVISION.search(source)
        if found:
            revisions.add(found.group(1))
            down = _DOWN.search(source)
            if down:
                parents.add(down.group(1))
    return frozenset(revisions), frozenset(parents)


def known_revisions() -> frozenset[str]:
    """The revisions this version of the app knows: a database at any other was made by a newer version."""
    return _history()[0]


@cache
def head_revision() -> str:
    """The newest revision."""
    revisions, parents = _history()
    heads = set(revisions - parents)
    if len(heads) != 1:
        raise RuntimeError(f"the migration history must have exactly one head, found {sorted(heads)}")
    return heads.pop()


__all__ = ["MIGRATIONS", "head_revision", "known_revisions"]
