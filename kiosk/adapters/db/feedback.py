"""Repositories for the self-service kiosk: visit feedback and phone-check attempt counters (SQLAlchemy Core)."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from typing import Any

from sqlalchemy import Engine, case, delete, func, insert, select, update
from sqlalchemy.exc import IntegrityError, OperationalError

from kiosk.adapters.db.tables_selfservice import phone_checks, visit_feedback
from kiosk.adapters.db.uow import storage_error
from kiosk.services.context import ShopContext
from kiosk.services.feedback import FeedbackService, VisitFeedback
from kiosk.services.ports import Clock, UnitOfWorkFactory
from kiosk.services.selfservice import AttemptState, SelfServiceService


def _feedback(row: Any) -> VisitFeedback:
    return VisitFeedback(id=row.id, at=row.at, business_date=date.fromisoformat(row.business_date),
                         device_id=row.device_id, member_id=row.member_id, rating=row.rating, comment=row.comment)


class SqlFeedbackStore:
    """kiosk.services.feedback.FeedbackStore on the shop database; each call is one short transaction."""

    def __init__(self, engine: Engine) -> None:
        self.engine = engine

    def add(self, feedback: VisitFeedback) -> bool:
        try:
            with self.engine.begin() as conn:
                conn.execute(insert(visit_feedback).values(
                    id=feedback.id, at=feedback.at, business_date=feedback.business_date.isoformat(),
                    device_id=feedback.device_id, member_id=feedback.member_id, rating=feedback.rating,
                    comment=feedback.comment))
        except IntegrityError:
            return False  # this command id was stored before
        except OperationalError as exc:
            raise storage_error(exc) from exc
        return True

    def get(self, feedback_id: str) -> VisitFeedback | None:
        with self.engine.connect().execution_options(kiosk_readonly=True) as conn:
            row = conn.execute(select(visit_feedback).where(visit_feedback.c.id == feedback_id)).first()
        return _feedback(row) if row else None

    def summary(self, date_from: date, date_to: date) -> tuple[int, int, dict[int, int], int]:
        f = visit_feedback.c
        in_period = (f.business_date >= date_from.isoformat()) & (f.business_date <= date_to.isoformat())
        with self.engine.connect().execution_options(kiosk_readonly=True) as conn:
            count, total, comments = conn.execute(select(
                func.count(), func.coalesce(func.sum(f.rating), 0),
                func.count(case((f.comment != "", 1))),
            ).where(in_period)).one()
            by_rating = {int(k): int(v) for k, v in conn.execute(
                select(f.rating, func.count()).where(in_period).group_by(f.rating)).all()}
        return int(count), int(total), by_rating, int(comments)

    def recent(self, *, limit: int = 20) -> list[VisitFeedback]:
        with self.engine.connect().execution_options(kiosk_readonly=True) as conn:
            rows = conn.execute(select(visit_feedback)
                                .order_by(visit_feedback.c.at.desc(), visit_feedback.c.id.desc()).limit(limit)).all()
        return [_feedback(r) for r in rows]


class SqlAttemptStore:
    """kiosk.services.selfservice.AttemptStore: counting is one IMMEDIATE transaction, safe across processes."""

    def __init__(self, engine: Engine) -> None:
        self.engine = engine

    def get(self, key: str) -> AttemptState | None:
        with self.engine.connect().execution_options(kiosk_readonly=True) as conn:
            row = conn.execute(select(phone_checks).where(phone_checks.c.key == key)).first()
        return AttemptState(row.failures, row.window_started, row.locked_until) if row else None

    def record_failure(self, key: str, *, now: datetime, window: timedelta, limit: int,
                       lock_for: timedelta) -> AttemptState:
        try:
            with self.engine.begin() as conn:
                row = conn.execute(select(phone_checks).where(phone_checks.c.key == key)).first()
                lock_over = row is not None and row.locked_until is not None and now >= row.locked_until
                window_over = row is not None and row.locked_until is None and now - row.window_started >= window
                if row is None or lock_over or window_over:
                    failures, started = 1, now
                else:
                    failures, started = row.failures + 1, row.window_started
                locked = now + lock_for if failures >= limit else None
                values = dict(failures=failures, window_started=started, locked_until=locked)
                if row is None:
                    conn.execute(insert(phone_checks).values(key=key, **values))
                else:
                    conn.execute(update(phone_checks).where(phone_checks.c.key == key).values(**values))
        except OperationalError as exc:
            raise storage_error(exc) from exc
        return AttemptState(failures, started, locked)

    def clear(self, key: str) -> None:
        try:
            with self.engine.begin() as conn:
                conn.execute(delete(phone_checks).where(phone_checks.c.key == key))
        except OperationalError as exc:
            raise storage_error(exc) from exc


def selfservice_extras(engine: Engine, uow_factory: UnitOfWorkFactory, clock: Clock, ctx: ShopContext, *,
                       verification: str) -> dict[str, Any]:
    """The kiosk's services for App.extras: "feedback" (also read by the manager) and "selfservice"."""
    return {
        "feedback": FeedbackService(SqlFeedbackStore(engine), clock, ctx),
        "selfservice": SelfServiceService(uow_factory, SqlAttemptStore(engine), clock, ctx,
                                          verification=verification),
    }
