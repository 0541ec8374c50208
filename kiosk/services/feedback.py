"""Visit feedback: customers rate their visit 1-5 at the kiosk, and the manager reads the figure."""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass
from datetime import date, datetime
from typing import Protocol

from kiosk.domain.errors import InvalidInput
from kiosk.services.context import ShopContext
from kiosk.services.ports import Clock
from kiosk.services.usecase import LiveContext, live

MAX_COMMENT = 500
RATINGS = (1, 2, 3, 4, 5)


@dataclass(frozen=True, kw_only=True)
class RateVisit:
    command_id: str
    rating: int
    comment: str = ""
    member_id: str | None = None  # the member signed in at the kiosk, if any


@dataclass(frozen=True)
class VisitFeedback:
    id: str
    at: datetime
    business_date: date
    device_id: str
    member_id: str | None
    rating: int
    comment: str


@dataclass(frozen=True)
class FeedbackSummary:
    """Ratings over a period. The average is kept in hundredths (432 = 4.32 stars): no floats in figures."""

    date_from: date
    date_to: date
    count: int
    total: int
    by_rating: dict[int, int]
    comments: int

    @property
    def average_x100(self) -> int | None:
        return None if not self.count else (self.total * 100 + self.count // 2) // self.count

    def average_text(self) -> str:
        value = self.average_x100
        return "-" if value is None else f"{value // 100}.{value % 100:02d}"


class FeedbackStore(Protocol):
    def add(self, feedback: VisitFeedback) -> bool:
        """Store it; False when this id was stored before (a retried command), which changes nothing."""
        ...

    def get(self, feedback_id: str) -> VisitFeedback | None: ...
    def summary(self, date_from: date, date_to: date) -> tuple[int, int, dict[int, int], int]:
        """(count, sum of ratings, count per rating, how many have a comment) for business dates in range."""
        ...

    def recent(self, *, limit: int = 20) -> list[VisitFeedback]: ...


def clean_comment(raw: str | None) -> str:
    if raw is None:
        return ""
    if not isinstance(raw, str):
        raise InvalidInput("feedback.bad_comment")
    text = "".join(c for c in unicodedata.normalize("NFC", raw) if c in "\n" or unicodedata.category(c)[0] != "C")
    text = "\n".join(" ".join(line.split()) for line in text.strip().splitlines()).strip()
    if len(text) > MAX_COMMENT:
        raise InvalidInput("feedback.comment_too_long", max=MAX_COMMENT)
    return text


class FeedbackService:
    def __init__(self, store: FeedbackStore, clock: Clock, ctx: ShopContext | LiveContext) -> None:
        self.store = store
        self.clock = clock
        self.live = live(ctx)

    @property
    def ctx(self) -> ShopContext:
        return self.live.current

    def rate_visit(self, cmd: RateVisit) -> VisitFeedback:
        """Store a rating once per command id; a repeat returns the first one."""
        if not cmd.command_id or not isinstance(cmd.command_id, str) or len(cmd.command_id) > 64:
            raise InvalidInput("request.bad_id")
        if isinstance(cmd.rating, bool) or cmd.rating not in RATINGS:
            raise InvalidInput("feedback.bad_rating")
        now = self.clock.now()
        feedback = VisitFeedback(id=cmd.command_id, at=now, business_date=self.ctx.business_date(now),
                                 device_id=self.ctx.device_id, member_id=cmd.member_id, rating=cmd.rating,
                                 comment=clean_comment(cmd.comment))
        if not self.store.add(feedback):
            stored = self.store.get(cmd.command_id)
            assert stored is not None
            return stored
        return feedback

    def summary(self, date_from: date, date_to: date | None = None) -> FeedbackSummary:
        date_to = date_to or date_from
        if date_to < date_from:
            raise InvalidInput("feedback.bad_period")
        count, total, by_rating, comments = self.store.summary(date_from, date_to)
        return FeedbackSummary(date_from, date_to, count, total, {r: by_rating.get(r, 0) for r in RATINGS}, comments)

    def recent(self, *, limit: int = 20) -> list[VisitFeedback]:
        return self.store.recent(limit=limit)
