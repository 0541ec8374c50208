"""The row order the manager's caches fold by: rows written since a watermark, in either database."""

from __future__ import annotations

from typing import Any

from sqlalchemy import func, literal_column, select
from sqlalchemy.engine import Connection


def row_seq(conn: Connection, table: Any) -> Any:
    """SQLite's rowid; on PostgreSQL, the fold_seq identity column that 0007 added to sales and refunds."""
    return literal_column(f"{table.name}.{'fold_seq' if conn.dialect.name == 'postgresql' else 'rowid'}")


def seq_top(conn: Connection, table: Any) -> int:
    """The last row written so far (0: none)."""
    return int(conn.execute(select(func.max(row_seq(conn, table))).select_from(table)).scalar() or 0)
