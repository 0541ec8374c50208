"""The end-of-day summary and program health as rows and CSV.

The rows a screen, the CLI or the slip shows are figures named by catalogue codes, said by the voice the edge
hands in (kiosk.l10n.catalogue.speaker), since a service never says a sentence itself.

The CSV files are for spreadsheets and scripts, whatever the reader's language: like the partner settlement's, each
row is a stable English key, a plain value and its unit (`figure,value,unit`): money as a decimal in the shop's
currency (unit `THB`), counts and points as whole numbers (unit `count`, `points`), rates as plain percentages
(unit `percent`: 64.4 is 64.4 %), dates as ISO dates (unit `date`); a figure that has no value (an average of no
sales) is an empty cell.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable
from datetime import date

from kiosk.domain.events import Message
from kiosk.domain.money import Money, exponent
from kiosk.services.analytics import ProgramHealth
from kiosk.services.reports import ChainSummary, DailySummary, Say
from kiosk.services.scope import EVERYTHING, ReportScope

Record = tuple[str, object, str]  # key, value (int, float, Money, date, str or None), unit


def _plain(value: object) -> object:
    """A cell a spreadsheet reads as it is: money as a plain decimal, a date as ISO, nothing as empty."""
    if value is None:
        return ""
    if isinstance(value, Money):
        return f"{value.to_decimal():.{exponent(value.currency)}f}"
    if isinstance(value, date):  # a datetime too
        return value.isoformat()
    return value


def _scope_records(scope: ReportScope) -> list[Record]:
    if scope == EVERYTHING:
        return []
    return [("scope", scope.kind, "text"), ("scope_shop_id", scope.shop_id, "text"),
            ("scope_shop", scope.shop_name, "text")]


def summary_records(s: DailySummary, *, device_rows: bool = True) -> list[Record]:
    """The end-of-day figures as (key, value, unit) for the CSV; `device_rows`: this device's queues too."""
    def m(minor: int) -> Money:
        return Money(minor, s.currency)

    money = s.currency
    avg_m, avg_n = s.average_basket(members=True), s.average_basket(members=False)
    records: list[Record] = [("period_from", s.date_from, "date"), ("period_to", s.date_to, "date"),
                             *_scope_records(s.scope)]
    records += [
        ("sales", s.sales, "count"),
        # the screen's sum: sales_before_refunds - refunded = revenue; a void is in none of the three
        ("sales_before_refunds", m(s.takings_minor), money),
        ("revenue", m(s.revenue_minor), money),
        ("member_share", s.member_share_percent, "percent"),
        ("member_sales", s.member_sales, "count"),
        ("member_revenue", m(s.member_revenue_minor), money),
        ("non_member_sales", s.non_member_sales, "count"),
        ("non_member_revenue", m(s.non_member_revenue_minor), money),
        ("average_basket_members", avg_m, money),
        ("average_basket_non_members", avg_n, money),
        ("new_members", s.new_members, "count"),
        ("new_members_returned", s.new_members_returned, "count"),
        ("points_issued", s.points_issued, "points"),
        ("points_redeemed", s.points_redeemed, "points"),
        ("points_expired", s.points_expired, "points"),
        ("points_donated", s.points_donated, "points"),
        ("points_adjusted", s.points_adjusted, "points"),
        ("stamps_given", s.stamps_given, "count"),
        ("cards_completed", s.cards_completed, "count"),
    ]
    records += [(f"rewards_redeemed.{kind}", n, "count") for kind, n in sorted(s.rewards_redeemed.items())]
    records += [
        ("cashback_issued", m(s.cashback_issued_minor), money),
        ("credit_spent", m(s.credit_spent_minor), money),
        ("discounts", m(s.discounts_minor), money),
        ("overrides", s.overrides, "count"),
        ("fraud_flags", s.fraud_flags, "count"),
        ("refunds", s.refunds, "count"),
        ("refunded", m(s.refunded_minor), money),
        ("voids", s.voids, "count"),
        ("voided", m(s.voided_minor), money),
    ]
    if device_rows:  # this device's own outbox and printer, whatever the scope
        # off: Stripe is not set up here, and the outbox's counts only grow (no problem of the period's)
        records += [("stripe_sync", "off" if s.sync_off else "on", "text"),
                    ("sync_waiting", s.sync_waiting, "count"), ("sync_review", s.sync_review, "count"),
                    ("print_waiting", s.print_waiting, "count"), ("print_held", s.print_held, "count")]
    return records


def _csv(header: list[str], rows: Iterable[Iterable[object]]) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(header)
    writer.writerows([_plain(cell) for cell in row] for row in rows)
    return out.getvalue()


def summary_csv(summary: DailySummary) -> str:
    """The end-of-day figures as CSV for a spreadsheet: `figure,value,unit`, the same in every language."""
    return _csv(["figure", "value", "unit"], summary_records(summary))


def chain_csv(chain: ChainSummary) -> str:
    """Each shop's summary and the chain's, one row per shop and figure: `shop_id,shop,figure,value,unit` (the
    chain's rows have no shop id and the shop `chain`); this device's queues only on the chain's rows."""
    rows: list[list[object]] = []
    for s in chain.shops:
        rows += [[s.scope.shop_id, s.scope.shop_name, key, value, unit]
                 for key, value, unit in summary_records(s, device_rows=False) if not key.startswith("scope")]
    rows += [["", "chain", key, value, unit] for key, value, unit in summary_records(chain.total)
             if not key.startswith("scope")]
    if chain.unattributed_sales or chain.unattributed_revenue_minor:
        rows += [["", "unattributed", "sales", chain.unattributed_sales, "count"],
                 ["", "unattributed", "revenue", Money(chain.unattributed_revenue_minor, chain.total.currency),
                  chain.total.currency]]
    return _csv(["shop_id", "shop", "figure", "value", "unit"], rows)


def health_figures(h: ProgramHealth) -> list[tuple[Message, object]]:
    """Program health as (label, value): the label a catalogue code, the value a number, money or a message.
    A figure that covers the whole chain in a one-shop view is marked with a star."""
    def m(minor: int) -> Money:
        return Money(minor, h.currency)

    def p(value: float | None) -> object:
        return "-" if value is None else Message("summary.percent", {"percent": f"{value}"})

    def label(key: str, **params: object) -> Message:
        return Message(f"health.{key}", params)

    def chain(name: Message) -> Message:
        return Message("health.chain_wide", {"figure": name}) if h.chain_wide else name

    def of(count: int, total: int, percent: float | None) -> Message:
        return Message("health.percent_of", {"percent": p(percent), "count": count, "total": total})

    lv, pr = h.lifetime_value, h.program_return
    rows: list[tuple[Message, object]] = [(Message("summary.covers"), h.scope.said)] if h.scope != EVERYTHING else []
    if h.chain_wide:
        rows.append((label("whole_chain"), label("whole_chain_note")))
    rows += [
        (label("as_of"), h.as_of),
        (label("period"), Message("health.from_to", {"start": h.period_from, "end": h.period_to})),
        (chain(label("points_liability")), Message("health.points_worth", {
            "points": h.liability.points, "value": m(h.liability.points_value_minor)})),
        (chain(label("credit_liability")), m(h.liability.credit_minor)),
        (chain(label("unused_stamp_rewards")), Message("health.count_worth", {
            "count": h.liability.stamp_rewards, "value": m(h.liability.stamp_rewards_value_minor)})),
        (chain(label("total_liability")), m(h.liability.total_minor)),
        (chain(label("points_issued")), h.all_time.issued),
        (chain(label("points_redeemed")), h.all_time.redeemed),
        (chain(label("points_expired")), Message("health.breakage", {
            "points": h.all_time.expired, "value": m(h.breakage_value_minor)})),
        (chain(label("redemption_rate")), p(h.all_time.redemption_rate)),
        (chain(label("breakage_rate")), p(h.all_time.breakage_rate)),
        (label("repeat_rate"), of(h.repeat_buyers, h.buyers, h.repeat_rate)),
    ]
    if h.headline is not None and h.scope != EVERYTHING:
        rows += [(Message("summary.member_share"), p(h.headline.member_share_percent)),
                 (label("active_members"), h.headline.active_members)]
    for e in h.engagement:
        rows.append((label("earned_in", days=e.days), of(e.earned, e.members, e.earned_percent)))
        rows.append((label("redeemed_in", days=e.days), of(e.redeemed, e.members, e.redeemed_percent)))
    rows += [
        (chain(label("lifetime_value")), m(lv.average_to_date_minor)),
        (chain(label("monthly_value")), m(lv.monthly_value_minor)),
        (chain(label("monthly_churn")), p(lv.monthly_churn_percent)),
        (chain(label("forward_value")), Message("health.value_months", {
            "value": m(lv.forward_minor), "months": round(lv.expected_months)})),
        (label("at_risk"), h.at_risk_count),
        (label("incremental_revenue"), m(pr.incremental_revenue_minor)),
        (label("reward_cost"), m(pr.reward_cost_minor)),
        (label("net_return"), Message("health.value_percent", {"value": m(pr.net_minor),
                                                               "percent": p(pr.return_percent)})),
    ]
    if h.feedback.available:
        rating = "-" if h.feedback.average_rating is None else f"{h.feedback.average_rating}"
        rows.append((label("rating"), Message("health.rating_value", {"rating": rating,
                                                                "responses": h.feedback.responses})))
    rows += [(chain(label("tier", tier=t.label)), t.members) for t in h.tiers]
    for c in h.cohorts:
        rows.append((chain(label("cohort", month=f"{c.month:%Y-%m}")), Message("health.cohort_size", {
            "size": c.size, "active": " ".join(f"{n:,}" for n in c.active)})))
    for s in h.shops:
        rows.append((Message("health.shop", {"shop": s.scope.shop_name or "-"}), Message("health.shop_figures", {
            "revenue": m(s.revenue_minor), "sales": s.sales, "share": p(s.member_share_percent),
            "repeat": of(s.repeat_buyers, s.buyers, s.repeat_rate), "active": s.active_members,
            "new": s.new_members, "issued": s.points_issued, "redeemed": s.points_redeemed})))
    return rows


def health_rows(h: ProgramHealth, say: Say) -> list[tuple[str, str]]:
    """Program health as (label, value) text rows in the language `say` speaks, for CSV, PDF and the CLI."""
    return [(say(name), say(value)) for name, value in health_figures(h)]


def health_records(h: ProgramHealth) -> list[Record]:
    """Program health as (key, value, unit) for the CSV. `chain_wide` lists the keys that cover the whole chain
    in a one-shop view."""
    def m(minor: int) -> Money:
        return Money(minor, h.currency)

    money, lv, pr, li = h.currency, h.lifetime_value, h.program_return, h.liability
    records: list[Record] = [("as_of", h.as_of, "date"), ("period_from", h.period_from, "date"),
                             ("period_to", h.period_to, "date"), *_scope_records(h.scope)]
    if h.chain_wide:
        records.append(("chain_wide", " ".join(h.chain_wide), "text"))
    records += [
        ("points_liability", li.points, "points"),
        ("points_liability_value", m(li.points_value_minor), money),
        ("credit_liability", m(li.credit_minor), money),
        ("unused_stamp_rewards", li.stamp_rewards, "count"),
        ("unused_stamp_rewards_value", m(li.stamp_rewards_value_minor), money),
        ("total_liability", m(li.total_minor), money),
        ("points_issued", h.all_time.issued, "points"),
        ("points_redeemed", h.all_time.redeemed, "points"),
        ("points_donated", h.all_time.donated, "points"),
        ("points_expired", h.all_time.expired, "points"),
        ("breakage_value", m(h.breakage_value_minor), money),
        ("redemption_rate", h.all_time.redemption_rate, "percent"),
        ("breakage_rate", h.all_time.breakage_rate, "percent"),
        ("buyers", h.buyers, "count"),
        ("repeat_buyers", h.repeat_buyers, "count"),
        ("repeat_rate", h.repeat_rate, "percent"),
    ]
    if h.headline is not None and h.scope != EVERYTHING:
        records += [("member_share", h.headline.member_share_percent, "percent"),
                    ("active_members", h.headline.active_members, "count")]
    for e in h.engagement:
        records += [(f"members_{e.days}_days", e.members, "count"),
                    (f"earned_in_{e.days}_days", e.earned, "count"),
                    (f"earned_in_{e.days}_days_rate", e.earned_percent, "percent"),
                    (f"redeemed_in_{e.days}_days", e.redeemed, "count"),
                    (f"redeemed_in_{e.days}_days_rate", e.redeemed_percent, "percent")]
    records += [
        ("lifetime_value", m(lv.average_to_date_minor), money),
        ("monthly_value", m(lv.monthly_value_minor), money),
        ("monthly_churn", lv.monthly_churn_percent, "percent"),
        ("forward_value", m(lv.forward_minor), money),
        ("expected_months", round(lv.expected_months), "months"),
        ("at_risk", h.at_risk_count, "count"),
        ("incremental_revenue", m(pr.incremental_revenue_minor), money),
        ("reward_cost", m(pr.reward_cost_minor), money),
        ("net_return", m(pr.net_minor), money),
        ("return_rate", pr.return_percent, "percent"),
    ]
    if h.feedback.available:
        records += [("rating", h.feedback.average_rating, "of 5"), ("rating_responses", h.feedback.responses,
                                                                     "count")]
    records += [(f"tier.{t.tier}", t.members, "count") for t in h.tiers]
    return records


def health_csv(h: ProgramHealth) -> str:
    """Program health as CSV for a spreadsheet, the same in every language: the figures (`figure,value,unit`),
    then the cohorts, the liability by month and, for a chain, each shop, each a table of its own after a blank
    line, money as plain decimals in the shop's currency (the tables' `currency` column)."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(["figure", "value", "unit"])
    writer.writerows([key, _plain(value), unit] for key, value, unit in health_records(h))
    writer.writerow([])
    writer.writerow(["cohort", "members"] + [f"month_{k}" for k in range(len(h.cohorts))])
    for c in h.cohorts:
        writer.writerow([f"{c.month:%Y-%m}", c.size, *c.active])
    writer.writerow([])
    writer.writerow(["month", "liability", "points", "credit", "stamp_rewards", "currency"])
    for point in h.liability_trend:
        li = point.liability
        writer.writerow([f"{point.month:%Y-%m}", _plain(li.total), li.points,
                         _plain(Money(li.credit_minor, h.currency)), li.stamp_rewards, h.currency])
    if h.shops:
        writer.writerow([])
        writer.writerow(["shop_id", "shop", "sales", "revenue", "member_revenue", "member_share_percent",
                         "buyers", "repeat_buyers", "repeat_rate_percent", "active_members", "new_members",
                         "points_issued", "points_redeemed", "currency"])
        for s in (*h.shops, *([h.headline] if h.headline is not None else [])):
            writer.writerow([s.scope.shop_id or "", s.scope.shop_name or "chain", s.sales,
                             _plain(Money(s.revenue_minor, h.currency)), _plain(Money(s.member_revenue_minor,
                                                                                      h.currency)),
                             _plain(s.member_share_percent), s.buyers, s.repeat_buyers, _plain(s.repeat_rate),
                             s.active_members, s.new_members, s.points_issued, s.points_redeemed, h.currency])
    return out.getvalue()
