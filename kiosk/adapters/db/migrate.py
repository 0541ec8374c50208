"""Run Alembic migrations from code: the app upgrades its own database on start-up."""

from __future__ import annotations

from typing import TYPE_CHECKING

from sqlalchemy import Engine, inspect, text

from kiosk.adapters.db.revisions import MIGRATIONS, head_revision, known_revisions

if TYPE_CHECKING:
    from alembic.config import Config


def alembic_config(url: str | None = None) -> Config:
    from alembic.config import Config

    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS))
    if url:
        cfg.set_main_option("sqlalchemy.url", url)
    return cfg


def current_revision(engine: Engine) -> str | None:
    with engine.connect().execution_options(kiosk_readonly=True) as conn:  # a read: no write lock at start-up
        if not inspect(conn).has_table("alembic_version"):
            return None
        return conn.execute(text("SELECT version_num FROM alembic_version")).scalar()


def upgrade(engine: Engine, revision: str = "head") -> None:
    """Bring the database to `revision`; a no-op (without loading Alembic) when it is already there."""
    if revision == "head" and current_revision(engine) == head_revision():
        return
    from alembic import command

    cfg = alembic_config()
    with engine.begin() as conn:
        cfg.attributes["connection"] = conn
        command.upgrade(cfg, revision)


__all__ = ["MIGRATIONS", "alembic_config", "current_revision", "head_revision", "known_revisions", "upgrade"]
