"""The build's last pass: the dataset's leads read back, merged into incidents, and the incidents written.

It reads the ``leads`` table alone (a lead row holds its words and what its incident's summary reads, so
nothing is analysed again and nothing is joined), in one of two ways that give the same incidents where no
incident reaches further back than a block's overlap (``timeline.dataset.incident_blocks`` says when they can
differ):

- ``write_incidents``: in the driver, every lead through one in-memory ``IncidentMerger`` (blocking keeps each
  lead's comparisons to those near it in time or sharing a name). What a build that analysed nothing uses.
- ``write_incidents_on``: on the build's Dask cluster, a second pass over the leads cut into blocks of
  consecutive days (``incident_blocks``): each block merged on a worker with the leads of the days just before
  it, the blocks' incidents stitched in the driver. The workers share the merging (a few milliseconds a lead,
  but a hundred thousand leads are minutes) and none holds more than a block's leads and incidents.
"""
from __future__ import annotations

from typing import Callable

import pyarrow.parquet as pq

from timeline.dataset.parquet import Dataset
from timeline.dataset.schema import LEAD_WORDS, from_row


def report_of(row: dict) -> tuple:
    """A stored lead row as the (``Report``, ``LeadText``) merging reads."""
    from timeline.incidents.leads import Lead
    from timeline.incidents.merging import LeadText
    from timeline.incidents.summary import Report

    lead = from_row(Lead, row)
    text = LeadText(**{name: frozenset(row[column] or ()) for column, name in LEAD_WORDS})
    return Report(lead, tuple(row["actors"] or ()), row["source"] or "", row["url"] or ""), text


def read_reports(dataset: Dataset) -> list:
    """Every committed lead as (``Report``, ``LeadText``), in article id order (a run's order, not the files')."""
    out = [report_of(row) for path in dataset.files("leads")
           for row in pq.read_table(path, partitioning=None).to_pylist()]
    return sorted(out, key=lambda r: r[0].lead.article_id)


def write_incidents(dataset: Dataset) -> int:
    """Merge the dataset's leads in this process with the shipped model and commit its incidents; how many."""
    from timeline.incidents.merging import load_pair_model
    from timeline.incidents.run import merged_incidents

    return dataset.commit_incidents(merged_incidents(read_reports(dataset), load_pair_model()))


def write_incidents_on(dataset: Dataset, client, *, block_leads: int | None = None,
                       progress: Callable[[int, int], None] | None = None) -> tuple[int, int]:
    """Merge the dataset's leads on ``client``'s workers, a block of days each (``incident_blocks``), and commit
    its incidents; (how many incidents, how many blocks). ``progress(blocks merged, blocks)``."""
    from timeline.dataset.incident_blocks import BLOCK_LEADS, merge_on

    tables = [pq.read_table(path, partitioning=None) for path in dataset.files("leads")]
    incidents, blocks = merge_on(client, tables, block_leads=block_leads or BLOCK_LEADS, progress=progress)
    return dataset.commit_incidents(incidents), blocks
