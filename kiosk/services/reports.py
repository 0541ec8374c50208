"""Reports: the daily summary a manager reads every evening (figures computed in the database)."""

from __future__ import annotations

from collections.abc import Callable
from contextlib import AbstractContextManager
from dataclasses import dataclass, field, replace
from datetime import date, datetime, timedelta
from typing import Protocol

from kiosk.domain.documents import DailySummarySlip, SummaryRow
from kiosk.domain.errors import InvalidInput
from kiosk.domain.events import Message
from kiosk.domain.money import Money
from kiosk.services.context import ShopContext
from kiosk.services.ports.chain import ShopRef
from kiosk.services.scope import EVERYTHING, ChainScopes, ReportScope, ResolvedScope
from kiosk.services.usecase import LiveContext, live


@dataclass(frozen=True)
class DailySummary:
    """The figures of a period (a day, or several added up: a period is always the sum of its days).

    A past day's figures never change. A sale counts on the day it was made, as it was made; a refund counts
    on the day (and device) it was made, whichever day its sale was:

    - `sales`: the sales made in the period (every one but a voided one: a void unmakes its sale the same day),
      however much of them was given back later. `takings_minor`: what those sales took, paid in money after
      discounts and store credit (gross). The member pair and the discounts and rewards count the same sales.
    - `refunds`, `refunded_minor`: the refunds made in the period (of sales of any day) and the money they gave
      back. `voids`, `voided_minor`: the voids made in the period and what their sales had taken, apart: a void
      is of a sale of its own day, which it unmakes, so it is in neither the takings nor the refunds.
    - `revenue_minor`: net, the takings less the money the period's refunds gave back: takings - refunded =
      revenue, on any day. A day of refunds and no sales has a negative revenue. `member_revenue_minor`
      likewise: the members' takings less the refunds of members' sales; the non-members' revenue is the rest.
    - `average_basket`, `member_share_percent`: of the takings (a basket as it was paid; the members' share of
      what was sold), so a later refund moves neither.
    """

    date_from: date
    date_to: date
    currency: str
    sales: int
    revenue_minor: int  # net: takings less the money refunds of the period gave back
    member_sales: int
    member_revenue_minor: int
    non_member_sales: int
    non_member_revenue_minor: int
    takings_minor: int  # what the period's sales took, gross: before any refund
    member_takings_minor: int
    new_members: int
    new_members_returned: int  # enrolled in the period and came back on a later day
    points_issued: int
    points_redeemed: int
    points_expired: int
    points_donated: int
    stamps_given: int
    cards_completed: int
    rewards_redeemed: dict[str, int]
    cashback_issued_minor: int
    credit_spent_minor: int
    discounts_minor: int
    overrides: int
    fraud_flags: int
    refunds: int  # not the voids: those are below
    refunded_minor: int
    voids: int
    voided_minor: int
    sync_waiting: int
    sync_review: int
    print_waiting: int
    print_held: int
    # What the figures cover. The four queue counts above are always this device's own (its outbox and printer).
    scope: ReportScope = field(default=EVERYTHING)
    # points a manager gave (or took) by hand, net; and the two apart, which the summary shows when there were any
    points_adjusted: int = 0
    points_added_by_hand: int = 0
    points_taken_by_hand: int = 0
    # Stripe is not set up on this device (the report service says so): its outbox only grows, so the sync row
    # says the sync is off rather than a count that is no problem of the day's
    sync_off: bool = False

    @property
    def non_member_takings_minor(self) -> int:
        return self.takings_minor - self.member_takings_minor

    @property
    def member_share_percent(self) -> float | None:
        """The members' share of the takings (of what was sold: a refund on a later day does not move it)."""
        return self.share_percent(self.member_takings_minor)

    def share_percent(self, part_minor: int) -> float | None:
        """`part_minor`'s share of the takings, to a tenth of a percent; None on a day that sold nothing."""
        return None if self.takings_minor <= 0 else round(100 * part_minor / self.takings_minor, 1)

    def average_basket(self, *, members: bool) -> Money | None:
        """What a sale took on average (gross: a basket as it was paid)."""
        count = self.member_sales if members else self.non_member_sales
        total = self.member_takings_minor if members else self.non_member_takings_minor
        return Money.mean(total, count, self.currency) if count else None  # rounded, never cut


@dataclass(frozen=True)
class ChainSummary:
    """The chain's summary and each shop's, side by side (what an owner reads)."""

    scope: ReportScope
    total: DailySummary
    shops: tuple[DailySummary, ...]

    @property
    def unattributed_sales(self) -> int:
        """Sales by a device the hub does not list under any shop (0 when the shops add up to the chain)."""
        return self.total.sales - sum(s.sales for s in self.shops)

    @property
    def unattributed_revenue_minor(self) -> int:
        return self.total.revenue_minor - sum(s.revenue_minor for s in self.shops)


class ReportQueries(Protocol):
    def daily_summary(self, date_from: date, date_to: date, *, currency: str,
                      installs: tuple[str, ...] | None = None) -> DailySummary:
        """The figures of the period. `installs`: only rows written by these installations' devices (device ids
        `<install>-<label>`; members by the device that enrolled them); None: every row, the unfiltered path."""
        ...

    def view(self) -> AbstractContextManager[None]:
        """One view (program health's): the summaries read inside bring their caches up to date once. Outside
        one, each summary does."""
        ...


class ReportService:
    """The summary of a period, for this device's shop (or everything, with no hub), another shop or the chain.

    `viewer` is the signed-in staff id (or the owner who approved): a manager sees their own shop, an owner any
    shop and the chain; without one, only this device's own figures. Refusals are PermissionDenied with code
    `chain_owner_only` (another shop or the chain) or `reports_manager_only` (a cashier).
    """

    def __init__(self, queries: ReportQueries, ctx: ShopContext | LiveContext, scopes: ChainScopes | None = None,
                 *, sync_configured: Callable[[], bool] = lambda: True) -> None:
        self.queries = queries
        self.live = live(ctx)
        self.scopes = scopes or ChainScopes()
        self.sync_configured = sync_configured  # whether Stripe is set up on this device, asked for each summary

    @property
    def ctx(self) -> ShopContext:
        return self.live.current

    def shops(self) -> tuple[ShopRef, ...]:
        """The chain's shops as (shop_id, name), this device's own first; empty on a device with no hub."""
        return self.scopes.shops()

    def own_shop(self) -> ShopRef | None:
        """This device's shop; None with no hub."""
        return self.scopes.own_shop()

    def daily(self, day: date, *, until: date | None = None, shop: str | None = None, chain: bool = False,
              viewer: str | None = None) -> DailySummary:
        """The summary from `day` to `until` (both included; `day` alone without it).

        `shop` (an id or a name) None: this device's own shop when it is joined to a hub, else everything;
        `chain`: every shop together."""
        check_period(day, until)
        resolved = self.scopes.resolve(shop=shop, chain=chain, viewer=viewer)
        return self._summary(day, until or day, resolved)

    def period(self, day: date, span: str = "day", *, shop: str | None = None, chain: bool = False,
               viewer: str | None = None) -> DailySummary:
        """The summary for the day, the Monday-to-Sunday week, or the calendar month that contains `day`."""
        start, end = period_bounds(day, span)
        resolved = self.scopes.resolve(shop=shop, chain=chain, viewer=viewer)
        return self._summary(start, end, resolved)

    def by_shop(self, day: date, *, until: date | None = None, span: str | None = None,
                viewer: str | None = None) -> ChainSummary:
        """The chain's total and each shop's summary for the period (an owner only): from `day` to `until`,
        or, with `span`, the day, week or month containing `day`."""
        check_period(day, until)
        start, end = period_bounds(day, span) if span is not None else (day, until or day)
        whole, shops = self.scopes.every_shop(viewer=viewer)
        with self.queries.view():  # the caches brought up to date once for the chain, not again for each shop
            return ChainSummary(whole.scope, self._summary(start, end, whole),
                                tuple(self._summary(start, end, s) for s in shops))

    def _summary(self, date_from: date, date_to: date, resolved: ResolvedScope) -> DailySummary:
        summary = self.queries.daily_summary(date_from, date_to, currency=self.ctx.currency,
                                             installs=resolved.installs)
        return replace(summary, scope=resolved.scope, sync_off=not self.sync_configured())

    def summary_slip(self, summary: DailySummary, *, created_at: datetime, say: Say) -> DailySummarySlip:
        """The end-of-day slip; `say` speaks the shop's language (the slip's)."""
        return DailySummarySlip(shop=self.ctx.shop, title=say(Message("summary.title")),
                                period_label=period_label(summary), created_at=created_at,
                                rows=tuple(SummaryRow(k, v) for k, v in summary_rows(summary, say)),
                                language=self.ctx.language)


SPANS = ("day", "week", "month")


def check_period(day: date, until: date | None) -> None:
    if until is not None and until < day:
        # Not an empty report: a reversed period is a typing mistake, and zeros would hide it.
        raise InvalidInput("report.period_reversed", date_from=day.isoformat(), date_to=until.isoformat())


def period_bounds(day: date, span: str) -> tuple[date, date]:
    if span == "day":
        return day, day
    if span == "week":
        start = day - timedelta(days=day.weekday())
        return start, start + timedelta(days=6)
    if span == "month":
        start = day.replace(day=1)
        following = (start + timedelta(days=32)).replace(day=1)
        return start, following - timedelta(days=1)
    raise InvalidInput("report.bad_span")


def period_label(s: DailySummary) -> str:
    return s.date_from.isoformat() if s.date_from == s.date_to else f"{s.date_from} – {s.date_to}"


Say = Callable[[object], str]  # a value or a Message as the edge's language says it (kiosk.l10n.catalogue.speaker)


def _count_and(count: int, code: str, **more: object) -> Message:
    return Message(code, {"count": count, **more})


def _issued(count: int) -> object:
    """A count given in the period, net of what its refunds took back: below zero, the refunds took back more than
    was given (of earlier days' sales), said so rather than as "-7 given"."""
    return count if count >= 0 else Message("summary.taken_back", {"count": -count})


NO_FIGURE = "–"  # where there is no figure (no sales to share or average over): one dash, the typographic one


def summary_figures(s: DailySummary, *, every: bool = False,
                    why_in_label: bool = False) -> list[tuple[str, Message, object]]:
    """The summary's figures as (key, label, value): the label a catalogue code, the value a number, money or a
    message; the screens, the CLI, the slip and the exports say them in their own language. `every`: the rows
    shown only when they say something (takings apart from revenue, points adjusted) too. `why_in_label`: a
    revenue below zero is its amount alone and its label says why (a screen's Value column holds figures)."""
    def m(minor: int) -> Money:
        return Money(minor, s.currency)

    def label(key: str, **params: object) -> Message:
        return Message(f"summary.{key}", params)

    avg_m, avg_n = s.average_basket(members=True), s.average_basket(members=False)
    share = s.member_share_percent
    figures: list[tuple[str, Message, object]] = [("covers", label("covers"), s.scope.said)] \
        if s.scope != EVERYTHING else []
    figures += [
        # the sum a reader checks, together at the top: sales before refunds, less the refunds, is the revenue
        ("sales", label("sales"), s.sales),
        # the takings, shown when the period's refunds made the revenue differ
        *([("takings", label("takings"), m(s.takings_minor))]
          if every or s.refunds or s.takings_minor != s.revenue_minor else []),
        ("refunds", label("refunds"), _count_and(s.refunds, "summary.count_amount", amount=m(s.refunded_minor))),
        # below zero only when the refunds gave back more than the period took: refunds of earlier days' sales
        ("revenue", label("revenue"), m(s.revenue_minor)) if s.revenue_minor >= 0
        else ("revenue", label("revenue_below_zero"), m(s.revenue_minor)) if why_in_label
        else ("revenue", label("revenue"), Message("summary.below_zero", {"amount": m(s.revenue_minor)})),
        # under the sum, not in it: a voided sale was never made, so it is neither sold nor refunded
        *([("voids", label("voids"), _count_and(s.voids, "summary.count_amount", amount=m(s.voided_minor)))]
          if every or s.voids else []),
        # the share, the member rows and the average baskets are of the sales before refunds (what was sold)
        ("member_share", label("member_share"),
         Message("summary.percent", {"percent": f"{share}"}) if share is not None else NO_FIGURE),
        # each with what those sales took: the average basket below is the one over the other
        ("member_sales", label("member_sales"),
         _count_and(s.member_sales, "summary.count_amount", amount=m(s.member_takings_minor))),
        ("non_member_sales", label("non_member_sales"),
         _count_and(s.non_member_sales, "summary.count_amount", amount=m(s.non_member_takings_minor))),
        ("average_members", label("average_members"), avg_m if avg_m else NO_FIGURE),
        ("average_non_members", label("average_non_members"), avg_n if avg_n else NO_FIGURE),
        ("new_members", label("new_members"),
         _count_and(s.new_members, "summary.came_back", returned=s.new_members_returned)),
        ("points_issued", label("points_issued"), _issued(s.points_issued)),
        ("points_redeemed", label("points_redeemed"), s.points_redeemed),
        ("points_expired", label("points_expired"), s.points_expired),
        ("points_donated", label("points_donated"), s.points_donated),
        # added and taken apart: a million given by mistake and taken back the same day is not "0"
        *([("points_added_by_hand", label("points_added_by_hand"), s.points_added_by_hand),
           ("points_taken_by_hand", label("points_taken_by_hand"), s.points_taken_by_hand)]
          if every or s.points_added_by_hand or s.points_taken_by_hand else []),
        ("stamps_given", label("stamps_given"), _issued(s.stamps_given)),
        ("cards_completed", label("cards_completed"), s.cards_completed),
    ]
    figures += [(f"rewards.{kind}", label("rewards", kind=Message(f"discount_kind.{kind}")), n)
                for kind, n in sorted(s.rewards_redeemed.items())]
    figures += [
        ("cashback_issued", label("cashback_issued"),
         m(s.cashback_issued_minor) if s.cashback_issued_minor >= 0
         else Message("summary.taken_back", {"count": m(-s.cashback_issued_minor)})),
        ("credit_spent", label("credit_spent"), m(s.credit_spent_minor)),
        ("discounts", label("discounts"), m(s.discounts_minor)),
        ("overrides", label("overrides"), s.overrides),
        ("fraud_flags", label("fraud_flags"), s.fraud_flags),
        ("sync_waiting", label("sync_waiting"), Message("summary.sync_off") if s.sync_off
         else _count_and(s.sync_waiting, "summary.need_review", review=s.sync_review)),
        ("print_waiting", label("print_waiting"), _count_and(s.print_waiting, "summary.held", held=s.print_held)),
    ]
    return figures


def summary_rows(s: DailySummary, say: Say, *, why_in_label: bool = False) -> list[tuple[str, str]]:
    """The summary as (label, value) text rows in the language `say` speaks: for the CLI, the slip and exports
    (`why_in_label`: for a screen's narrow table, as summary_figures says)."""
    return [(say(name), say(value)) for _, name, value in summary_figures(s, why_in_label=why_in_label)]


DEVICE_ROWS = ("sync_waiting", "print_waiting")  # this device's own queues, whatever the scope


def chain_table(chain: ChainSummary, say: Say) -> tuple[list[str], list[list[str]]]:
    """Each shop's summary and the chain's side by side: a header row, then (figure, each shop, chain) rows.
    The queues are this device's own, so they are shown once, under the chain."""
    columns = [*chain.shops, chain.total]
    # a row one shop shows (its refunds' takings apart from revenue) has every shop's value, not a dash
    shown = {key for s in columns for key, _, _ in summary_figures(s)}
    figures = [[f for f in summary_figures(s, every=True) if f[0] in shown] for s in columns]  # each shop's once
    values = [{key: say(value) for key, _, value in shop} for shop in figures]
    labels = {key: name for shop in (figures[-1], *figures[:-1]) for key, name, _ in shop if key != "covers"}
    header = ["", *(s.scope.shop_name or "-" for s in chain.shops), say(Message("summary.chain"))]
    rows = []
    for key, name in labels.items():
        if key in DEVICE_ROWS:
            rows.append([say(Message("summary.this_device", {"figure": name})), *("" for _ in chain.shops),
                         values[-1][key]])
        else:
            rows.append([say(name), *(v.get(key, NO_FIGURE) for v in values)])
    if chain.unattributed_sales or chain.unattributed_revenue_minor:
        revenue = Money(chain.unattributed_revenue_minor, chain.total.currency)
        rows.append([say(Message("summary.unattributed")), *("" for _ in chain.shops),
                     say(_count_and(chain.unattributed_sales, "summary.count_amount", amount=revenue))])
    return header, rows
