"""The links CSV: one row per link (source disputes / supports / repeats target) with both quotes."""

from __future__ import annotations

import csv
import io
from typing import BinaryIO

from factcheck.interchange.atomic import Ticker
from factcheck.interchange.records import ExportSource
from factcheck.interchange.spreadsheet import neutralise

COLUMNS = (
    "link_id",
    "source_id",
    "relation",
    "target_id",
    "source_quote",
    "target_quote",
    "source_document",
    "target_document",
)


def write_links_csv(source: ExportSource, out: BinaryIO, ticker: Ticker, *, bom: bool = True) -> int:
    """Write every link touching the scope's annotations; quotes and document titles are neutralised."""
    text = io.TextIOWrapper(out, encoding="utf-8-sig" if bom else "utf-8", newline="")
    writer = csv.writer(text, lineterminator="\r\n")
    writer.writerow(COLUMNS)
    for link in source.links(both_ends=False):
        writer.writerow(
            [
                link.id,
                link.source_id,
                link.relation,
                link.target_id,
                neutralise(link.source_quote),
                neutralise(link.target_quote),
                neutralise(link.source_document),
                neutralise(link.target_document),
            ]
        )
        ticker.step()
    text.flush()
    text.detach()
    return ticker.done
