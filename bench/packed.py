"""What a sale would weigh as one packed record (issue 15's remaining disk target, docs/benchmarks.md).

    python -m bench.packed                      # the newest 560 sales of the 10,000-member bench shop
    python -m bench.packed --shop PATH --sales 2000

A measurement for a design not built: each of the newest sales of a shop is written as one row holding the sale
(its receipt number, moment, totals, payment, lines and discounts, status) with its ledger entries (id, kind,
flags, hash) and their postings (a member's own account written as "m:<bucket>", the program's as it is; the
expiry as a date), and its record link's digest and hash, as compact JSON, into a scratch database with the two
indexes the readers would need (a member's sales in order, a day's sales by member). Its bytes a sale, read with
`dbstat` as the core bench reads the shop's, are what the relational rows (sales, ledger entries, postings, the
record chain and their nine indexes) would shrink to. Nothing of the shop is changed; the scratch file is removed.
"""

from __future__ import annotations

import argparse
import json
import sqlite3
import sys
import tempfile
from pathlib import Path
from typing import Any

from bench import bigshop


def _packed(src: sqlite3.Connection, sale: sqlite3.Row) -> bytes:
    entries = []
    for e in src.execute("SELECT * FROM ledger_entries WHERE sale_id = ? ORDER BY seq", (sale["id"],)):
        member = e["member_id"] or ""
        postings = src.execute("SELECT account, unit, amount, expires_at FROM postings WHERE seq BETWEEN ? AND ?",
                               (e["postings_from"], e["postings_to"])).fetchall()
        entries.append([e["id"], e["kind"], e["flags"], bytes(e["hash"]).hex(),
                        [[p["account"].replace(f"member:{member}:", "m:") if member else p["account"], p["unit"],
                          p["amount"], (p["expires_at"] or "")[:10]] for p in postings]])
    link = src.execute("SELECT digest, hash FROM record_chain WHERE record_id = ?", (sale["id"],)).fetchone()
    body: list[Any] = [sale["receipt_no"], sale["created_at"][:19], sale["staff_id"], sale["subtotal_minor"],
                       sale["discount_minor"], sale["credit_paid_minor"], sale["total_minor"], sale["payment_method"],
                       json.loads(sale["lines_json"]), json.loads(sale["discounts_json"]), sale["status"],
                       sale["flags"], sale["refunded_minor"], entries,
                       [bytes(link["digest"]).hex(), bytes(link["hash"]).hex()] if link else None]
    return json.dumps(body, separators=(",", ":"), ensure_ascii=False).encode()


def measure(shop: Path, sales: int) -> dict[str, Any]:
    src = sqlite3.connect(f"file:{shop}?mode=ro", uri=True)
    src.row_factory = sqlite3.Row
    try:
        rows = src.execute("SELECT * FROM sales ORDER BY rowid DESC LIMIT ?", (sales,)).fetchall()
        with tempfile.TemporaryDirectory(prefix="bench-packed-") as tmp:
            dst = sqlite3.connect(Path(tmp) / "packed.sqlite3")
            dst.execute("CREATE TABLE packed (seq INTEGER PRIMARY KEY, id TEXT NOT NULL, member_id TEXT, "
                        "business_date TEXT NOT NULL, body BLOB NOT NULL)")
            dst.execute("CREATE INDEX ix_packed_member ON packed (member_id, seq) WHERE member_id IS NOT NULL")
            dst.execute("CREATE INDEX ix_packed_day ON packed (business_date, member_id)")
            body = 0
            for sale in reversed(rows):
                packed = _packed(src, sale)
                body += len(packed)
                dst.execute("INSERT INTO packed (id, member_id, business_date, body) VALUES (?, ?, ?, ?)",
                            (sale["id"], sale["member_id"], sale["business_date"], packed))
            dst.commit()
            by_btree = dict(dst.execute("SELECT name, sum(pgsize - unused) FROM dbstat GROUP BY name").fetchall())
            dst.close()
    finally:
        src.close()
    n = max(len(rows), 1)
    return {"sales": len(rows), "packed_body_bytes_per_sale": round(body / n),
            "packed_bytes_per_sale": round(sum(v for k, v in by_btree.items() if k != "sqlite_schema") / n),
            "by_btree_per_sale": {k: round(v / n) for k, v in sorted(by_btree.items()) if k != "sqlite_schema"}}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.packed", description=__doc__.split("\n\n")[0])
    parser.add_argument("--shop", type=Path, default=None, help="the shop database (default: the bench shop's)")
    parser.add_argument("--sales", type=int, default=560, help="how many of the newest sales (default 560)")
    args = parser.parse_args(argv)
    shop = args.shop or bigshop.shop_dir(10_000, 100_000, 365, 1) / "shop.sqlite3"
    if not shop.exists():
        print(f"no shop at {shop}: build it with python -m bench.bigshop --members 10000 --entries 100000",
              file=sys.stderr)
        return 2
    print(json.dumps(measure(shop, args.sales), indent=1))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
