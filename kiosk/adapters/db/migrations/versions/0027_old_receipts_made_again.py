"""Old sale receipts are made again from their sale, not kept (issue 15: a sale's disk).

Until now a printed or declined sale receipt's job was slimmed after the retention (14 days) and kept for ever:
its figures of the day packed with numbers into a word list in `kv` (`receipt_word:<n>`; the older form's shop
headers under `receipt_shop:<hash>`), about 490 bytes a sale with the row and its indexes. The retention now
deletes such a job instead, and a reprint of an older sale makes the receipt again from the sale row and the
ledger (kiosk.services.receipt_copies). This revision deletes the slimmed jobs already kept (every one is past the
retention: only those were slimmed) and the word list that only they read. A whole job still within the
retention stays; the daily pass deletes it when its days are over.

Nothing comes back on a downgrade: the older code reads a reprint of these sales as a job not found.

Revision ID: 0027
Revises: 0026
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0027"
down_revision = "0026"
branch_labels = None
depends_on = None


def upgrade() -> None:
    # '[2,' the packed form, '{"pruned":' the older one: a whole job's document starts with '{"document"'
    op.execute(sa.text("DELETE FROM print_jobs WHERE kind = 'sale_receipt' AND "
                       "(document_json LIKE '[2,%' OR document_json LIKE '{\"pruned\":%')"))
    # key ranges, not LIKE (whose "_" matches any letter): "receipt_word:<n>" and "receipt_shop:<hash>" only
    op.execute(sa.text("DELETE FROM kv WHERE (key >= 'receipt_word:' AND key < 'receipt_word;') "
                       "OR (key >= 'receipt_shop:' AND key < 'receipt_shop;')"))


def downgrade() -> None:
    pass
