"""Stripe sync: the worker that pushes the ledger's outbox to Stripe and pulls payments and membership status
back, and the paid membership join link.

    worker.py      SyncService: a pass, the single-worker lease, the background loop, status and retry
    push.py        outbox rows -> Stripe: customer snapshots, store credit, erasures
    progress.py    a batch's outcomes committed as they finish; the same refusal for many members pauses
    pull.py        Stripe -> the shop: membership status onto members, payments into the ledger
    customers.py   a member's snapshot and their Stripe customer (used by the push and by joining)
    calls.py       one gateway call: retries with backoff, Offline / SyncPaused, the online flag
    status.py      SyncStatus, SyncReport and SyncPause, what screens and `kiosk sync` show
    membership.py  MembershipService: the plans on offer and the Stripe Checkout page to join one

Nothing here imports back up the chain: MembershipService gets the worker's GatewayCalls and Customers at
construction, and the membership status pull lives with the other pulls.
"""

from kiosk.services.sync.membership import MembershipService
from kiosk.services.sync.status import SyncReport, SyncStatus
from kiosk.services.sync.worker import SyncService

__all__ = ["MembershipService", "SyncReport", "SyncService", "SyncStatus"]
