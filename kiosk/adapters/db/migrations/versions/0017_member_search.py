"""Member search without walking every member: an FTS5 trigram index over names and phones, kept by triggers.

The counter's search-as-you-type used `LIKE '% word%'` and `phone LIKE '%digits%'`, which read every member
when few match (336 ms of CPU at 300k members for digits that match nobody). `member_search` is an
external-content FTS5 table over `members.name_search` and `members.phone` with the trigram tokenizer, so
any run of three or more characters (a Thai name has no spaces between its words, digits anywhere in a phone)
is found from the index. Triggers keep it current on every insert, update and delete of a member, whoever
writes: the repository, enrolment, erasure, a merge, or a member arriving from the hub.

When many members match (a common first name, three digits), sorting every match by name would cost as much
as the old scan; the repository then walks the members in name order instead, and these two partial covering
indexes make that walk read only index pages: one over every live member, one over the live members whose
name has Thai letters (a Thai search never has to walk past the Latin names that sort before them).

Only SQLite gets these (a shop running on PostgreSQL searches as before).

Revision ID: 0017
Revises: 0015
"""

from __future__ import annotations

from alembic import op

revision = "0017"
down_revision = "0015"
branch_labels = None
depends_on = None

LIVE = "erased_at IS NULL AND merged_into IS NULL"
THAI_NAME = "name_search GLOB '*[\u0e01-\u0e5b]*'"

STATEMENTS = (
    "CREATE VIRTUAL TABLE member_search USING fts5(name_search, phone, content='members', "
    "content_rowid='rowid', tokenize='trigram')",
    "CREATE TRIGGER member_search_insert AFTER INSERT ON members BEGIN "
    "INSERT INTO member_search(rowid, name_search, phone) VALUES (new.rowid, new.name_search, new.phone); END",
    "CREATE TRIGGER member_search_delete AFTER DELETE ON members BEGIN "
    "INSERT INTO member_search(member_search, rowid, name_search, phone) "
    "VALUES ('delete', old.rowid, old.name_search, old.phone); END",
    "CREATE TRIGGER member_search_update AFTER UPDATE OF name_search, phone ON members BEGIN "
    "INSERT INTO member_search(member_search, rowid, name_search, phone) "
    "VALUES ('delete', old.rowid, old.name_search, old.phone); "
    "INSERT INTO member_search(rowid, name_search, phone) VALUES (new.rowid, new.name_search, new.phone); END",
    # Existing members: read once from the content table.
    "INSERT INTO member_search(member_search) VALUES ('rebuild')",
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
