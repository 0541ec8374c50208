"""Member search without walking every member: an FTS5 trigram index over names and phones, kept by triggers.

The counter's search-as-you-type used `LIKE '% word%'` and `phone LIKE '%digits%'`, which read every member
when few match (336 ms of CPU at 300k members for digits that match nobody). `member_search` is a contentless
FTS5 table with the trigram tokenizer over `members.name_search` less its first character and `members.phone`:
any run of three or more characters inside a name (a later word; a Thai name has no spaces between its words)
or a phone is found from it. Names that start with what was typed come, in name order, from
`ix_members_search_live`, a partial covering index of the live members. Triggers keep the trigram index
current on every insert, update and delete of a member, whoever writes: the repository, enrolment, erasure, a
merge, or a member arriving from the hub.

When many match inside names (three digits, a common surname), sorting every match by name would cost as much
as the old scan; the repository then walks the members in name order instead, on the two partial covering
indexes: every live member, and the live members whose name has Thai letters (a Thai search never walks past
the Latin names that sort before them).

Only SQLite gets these (a shop running on PostgreSQL searches as before).

Revision ID: 0017
Revises: 0015
"""

from __future__ import annotations

from alembic import op

revision = "0017"
down_revision = "0016"
branch_labels = None
depends_on = None

LIVE = "erased_at IS NULL AND merged_into IS NULL"
THAI_NAME = "name_search GLOB '*[\u0e01-\u0e5b]*'"

# The index holds each name without its first character: a name that starts with what was typed is found from
# the name index, in name order, and the trigram index finds the rest (a later word, inside a Thai word), which
# are few even when a common first name makes the first kind many. Contentless: the name is in `members`.
TAIL = "substr({0}.name_search, 2)"
STATEMENTS = (
    "CREATE VIRTUAL TABLE member_search USING fts5(name_tail, phone, content='', tokenize='trigram')",
    "CREATE TRIGGER member_search_insert AFTER INSERT ON members BEGIN "
    f"INSERT INTO member_search(rowid, name_tail, phone) VALUES (new.rowid, {TAIL.format('new')}, new.phone); END",
    "CREATE TRIGGER member_search_delete AFTER DELETE ON members BEGIN "
    "INSERT INTO member_search(member_search, rowid, name_tail, phone) "
    f"VALUES ('delete', old.rowid, {TAIL.format('old')}, old.phone); END",
    "CREATE TRIGGER member_search_update AFTER UPDATE OF name_search, phone ON members BEGIN "
    "INSERT INTO member_search(member_search, rowid, name_tail, phone) "
    f"VALUES ('delete', old.rowid, {TAIL.format('old')}, old.phone); "
    f"INSERT INTO member_search(rowid, name_tail, phone) VALUES (new.rowid, {TAIL.format('new')}, new.phone); END",
    # The members already there.
    f"INSERT INTO member_search(rowid, name_tail, phone) SELECT rowid, {TAIL.format('members')}, phone FROM members",
    f"CREATE INDEX ix_members_search_live ON members (name_search, phone, erased_at, merged_into) WHERE {LIVE}",
    f"CREATE INDEX ix_members_search_thai ON members (name_search, phone, erased_at, merged_into) "
    f"WHERE {LIVE} AND {THAI_NAME}",
)


def upgrade() -> None:
    if op.get_bind().dialect.name != "sqlite":
        return  # PostgreSQL (a shop on the hub's engine) keeps the plain scan; see repositories/member_search.py
    for statement in STATEMENTS:
        op.execute(statement)


def downgrade() -> None:
    if op.get_bind().dialect.name != "sqlite":
        return
    for statement in ("DROP INDEX IF EXISTS ix_members_search_thai", "DROP INDEX IF EXISTS ix_members_search_live",
                      "DROP TRIGGER IF EXISTS member_search_update", "DROP TRIGGER IF EXISTS member_search_delete",
                      "DROP TRIGGER IF EXISTS member_search_insert", "DROP TABLE IF EXISTS member_search"):
        op.execute(statement)
