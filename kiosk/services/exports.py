"""The end-of-day summary and program health as rows and CSV: figures named by catalogue codes, said by the
voice the edge hands in (kiosk.l10n.catalogue.speaker), since a service never says a sentence itself."""

from __future__ import annotations

import csv
import io

from kiosk.domain.events import Message
from kiosk.domain.money import Money
from kiosk.services.analytics import ProgramHealth
from kiosk.services.reports import DailySummary, Say, summary_rows
from kiosk.services.scope import EVERYTHING


def summary_csv(summary: DailySummary, say: Say) -> str:
    """The end-of-day figures as CSV (label, value), in the language `say` speaks."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(["figure", "value"])
    writer.writerow(["period_from", summary.date_from.isoformat()])
    writer.writerow(["period_to", summary.date_to.isoformat()])
    for label, value in summary_rows(summary, say):
        writer.writerow([label, value])
    return out.getvalue()


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


def health_csv(h: ProgramHealth, say: Say) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(["figure", "value"])
    writer.writerows(health_rows(h, say))
    writer.writerow([])
    writer.writerow(["cohort", "members"] + [f"month_{k}" for k in range(len(h.cohorts))])
    for c in h.cohorts:
        writer.writerow([f"{c.month:%Y-%m}", c.size, *c.active])
    writer.writerow([])
    writer.writerow(["month", "liability_minor", "points", "credit_minor", "stamp_rewards"])
    for point in h.liability_trend:
        li = point.liability
        writer.writerow([f"{point.month:%Y-%m}", li.total_minor, li.points, li.credit_minor, li.stamp_rewards])
    if h.shops:
        writer.writerow([])
        writer.writerow(["shop_id", "shop", "sales", "revenue_minor", "member_revenue_minor", "member_share_percent",
                         "buyers", "repeat_buyers", "repeat_rate", "active_members", "new_members", "points_issued",
                         "points_redeemed"])
        for s in (*h.shops, *([h.headline] if h.headline is not None else [])):
            writer.writerow([s.scope.shop_id or "", s.scope.shop_name or "chain", s.sales, s.revenue_minor,
                             s.member_revenue_minor, s.member_share_percent, s.buyers, s.repeat_buyers,
                             s.repeat_rate, s.active_members, s.new_members, s.points_issued, s.points_redeemed])
    return out.getvalue()
