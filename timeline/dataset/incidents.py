"""The build's last pass: the dataset's leads read back, merged into incidents, and the incidents written.

It runs in the driver once every unit is committed, over the ``leads`` table alone (a lead row holds its words
and what its incident's summary reads, so nothing is analysed again and nothing is joined). Why in the driver
and not per block of weeks on the cluster: merging is the in-memory ``IncidentMerger`` (blocking keeps each
lead's comparisons to those near it in time or sharing a name), a few milliseconds a lead against the seconds
its analysis took on a worker; a block per week would need the leads of the weeks around it (the day window)
and a merge of the incidents at the blocks' edges, for no gain at the sizes the workers analyse.
"""
from __future__ import annotations

import pyarrow.parquet as pq

from timeline.dataset.parquet import Dataset
from timeline.dataset.schema import LEAD_WORDS, from_row


def read_reports(dataset: Dataset) -> list:
    """Every committed lead as (``Report``, ``LeadText``), in article id order (a run's order, not the files')."""
    from timeline.incidents.leads import Lead
    from timeline.incidents.merging import LeadText
    from timeline.incidents.summary import Report

    out = []
    for path in dataset.files("leads"):
        for row in pq.read_table(path, partitioning=None).to_pylist():
            lead = from_row(Lead, row)
            text = LeadText(**{name: frozenset(row[column] or ()) for column, name in LEAD_WORDS})
            out.append((Report(lead, tuple(row["actors"] or ()), row["source"] or "", row["url"] or ""), text))
    return sorted(out, key=lambda r: r[0].lead.article_id)


def write_incidents(dataset: Dataset) -> int:
    """Merge the dataset's leads with the shipped model and commit its incidents; how many."""
    from timeline.incidents.merging import load_pair_model
    from timeline.incidents.run import merged_incidents

    return dataset.commit_incidents(merged_incidents(read_reports(dataset), load_pair_model()))
