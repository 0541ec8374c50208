"""Report queries in SQL: aggregates run in the database, never by loading rows into Python."""

from __future__ import annotations

import json
from datetime import date
from typing import Any

from sqlalchemy import Engine, and_, case, distinct, func, select

from kiosk.domain.ledger import POINTS, EntryKind, ProgramAccount
from kiosk.services.reports import DailySummary

from . import tables as t


class SqlReports:
    def __init__(self, engine: Engine) -> None:
        self.engine = engine

    def daily_summary(self, date_from: date, date_to: date, *, currency: str) -> DailySummary:
        s, e, p = t.sales, t.ledger_entries, t.postings
        in_period = and_(s.c.business_date >= date_from, s.c.business_date <= date_to)
        with self.engine.connect().execution_options(kiosk_readonly=True) as conn:
            completed = s.c.status == "completed"
            member = s.c.member_id.is_not(None)
            row = conn.execute(select(
                func.count(s.c.id),
                func.coalesce(func.sum(s.c.total_minor), 0),
                func.count(case((member, 1))),
                func.coalesce(func.sum(case((member, s.c.total_minor), else_=0)), 0),
                func.coalesce(func.sum(s.c.discount_minor), 0),
            ).where(in_period, completed)).one()
            sales, revenue, member_sales, member_revenue, discounts = (int(v) for v in row)

            def ledger_sum(unit_filter: Any, *where: Any, positive_to: str | None = None) -> int:
                q = (select(func.coalesce(func.sum(p.c.amount), 0)).join(e, e.c.id == p.c.entry_id)
                     .where(e.c.business_date >= date_from, e.c.business_date <= date_to, unit_filter, *where))
                return int(conn.execute(q).scalar_one())

            program = p.c.account
            points_issued = -ledger_sum(p.c.unit == POINTS, program == ProgramAccount.ISSUED.value)
            points_redeemed = ledger_sum(p.c.unit == POINTS, program.in_([ProgramAccount.REDEEMED.value,
                                                                          ProgramAccount.VOUCHERS.value]))
            points_expired = ledger_sum(p.c.unit == POINTS, program == ProgramAccount.EXPIRED.value)
            points_donated = ledger_sum(p.c.unit == POINTS, program == ProgramAccount.DONATED.value)
            stamps_given = -ledger_sum(p.c.unit.like("STAMP:%"), program == ProgramAccount.ISSUED.value)
            cards_completed = -ledger_sum(p.c.unit.like("REWARD:%"), program == ProgramAccount.ISSUED.value,
                                          e.c.kind == EntryKind.STAMP_CARD_COMPLETED.value)
            cashback = -ledger_sum(p.c.unit == currency, program == ProgramAccount.ISSUED.value)
            credit_spent = ledger_sum(p.c.unit == currency, program == ProgramAccount.REDEEMED.value)
            m = t.members
            enrolled = and_(m.c.enrolled_date >= date_from, m.c.enrolled_date <= date_to)
            new_members = int(conn.execute(select(func.count()).select_from(m).where(enrolled)).scalar_one())
            later = s.alias("later")
            returned = int(conn.execute(
                select(func.count(distinct(m.c.id))).select_from(m).join(later, later.c.member_id == m.c.id)
                .where(enrolled, later.c.business_date > m.c.enrolled_date)).scalar_one())
            rewards: dict[str, int] = {}
            for (discounts_json,) in conn.execute(select(s.c.discounts_json).where(
                    in_period, completed, s.c.discounts_json != "[]")):
                # only sales with rewards carry discounts; a café has tens a day, not thousands
                for d in json.loads(discounts_json):
                    rewards[d["kind"]] = rewards.get(d["kind"], 0) + 1
            flags = conn.execute(select(
                func.count(case((s.c.flags.like("%override%"), 1))),
                func.count(case((s.c.flags.like("%fraud_limit%"), 1))),
            ).where(in_period)).one()
            refunds = conn.execute(select(func.count(), func.coalesce(func.sum(t.refunds.c.amount_minor), 0)).where(
                t.refunds.c.business_date >= date_from, t.refunds.c.business_date <= date_to)).one()
            sync = conn.execute(select(
                func.count(case((t.outbox.c.status == "pending", 1))),
                func.count(case((t.outbox.c.status == "review", 1))))).one()
            prints = conn.execute(select(
                func.count(case((t.print_jobs.c.status.in_(["queued", "sending"]), 1))),
                func.count(case((t.print_jobs.c.status == "held", 1))))).one()
        return DailySummary(
            date_from=date_from, date_to=date_to, currency=currency, sales=sales, revenue_minor=revenue,
            member_sales=member_sales, member_revenue_minor=member_revenue, non_member_sales=sales - member_sales,
            non_member_revenue_minor=revenue - member_revenue, new_members=new_members,
            new_members_returned=returned, points_issued=points_issued, points_redeemed=points_redeemed,
            points_expired=points_expired, points_donated=points_donated, stamps_given=stamps_given,
            cards_completed=cards_completed, rewards_redeemed=rewards, cashback_issued_minor=cashback,
            credit_spent_minor=credit_spent, discounts_minor=discounts, overrides=int(flags[0]),
            fraud_flags=int(flags[1]), refunds=int(refunds[0]), refunded_minor=int(refunds[1]),
            sync_waiting=int(sync[0]), sync_review=int(sync[1]), print_waiting=int(prints[0]),
            print_held=int(prints[1]),
        )
