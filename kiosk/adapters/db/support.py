"""What a support bundle reads from the shop's database: row counts, and the personal data it must scrub."""

from __future__ import annotations

from sqlalchemy import Engine, func, inspect, select

from kiosk.adapters.db import tables as t
from kiosk.services.support import PersonalData


def table_counts(engine: Engine) -> dict[str, int]:
    """Rows in every table of the database (Alembic's own included), by name."""
    with engine.connect().execution_options(kiosk_readonly=True) as conn:
        names = sorted(inspect(conn).get_table_names())
        counts = {}
        for name in names:
            table = t.metadata.tables.get(name)
            if table is not None:
                counts[name] = int(conn.execute(select(func.count()).select_from(table)).scalar_one())
            else:  # a table no Table object describes (alembic_version, or one from a newer version)
                quoted = conn.dialect.identifier_preparer.quote(name)
                counts[name] = int(conn.exec_driver_sql(f"SELECT count(*) FROM {quoted}").scalar_one())
        return counts


def personal_data(engine: Engine) -> PersonalData:
    """Every member's name, phone and email, and every staff member's name. An erased member has none left: the
    placeholder their row carries ("Erased member") is no one's name, and taking its words out would blank the
    word "member" out of every log line."""
    with engine.connect().execution_options(kiosk_readonly=True) as conn:
        members = conn.execute(select(t.members.c.name, t.members.c.phone, t.members.c.email)
                               .where(t.members.c.erased_at.is_(None))).all()
        staff = conn.execute(select(t.staff.c.name)).scalars().all()
    return PersonalData.of(names=[*(m.name for m in members), *staff], phones=(m.phone for m in members),
                           emails=(m.email for m in members))


def has_staff(engine: Engine) -> bool:
    """Whether the database holds a shop: a staff table with someone in it (a fresh or half-made one has none)."""
    with engine.connect().execution_options(kiosk_readonly=True) as conn:
        if not inspect(conn).has_table("staff"):
            return False
        return conn.execute(select(t.staff.c.id).limit(1)).first() is not None
