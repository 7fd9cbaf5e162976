"""The build's incidents pass on the cluster: the leads cut into blocks of days, a block merged per task, stitched.

Merging (``timeline.incidents.merging``) compares a lead with the incidents filed under a day within
``DAY_WINDOW`` of its own (``UNDATED_WINDOW`` of its publication day when it has no day of its own), and with
those of leads with no day at all that share a word with it. So a block needs, beside its own leads, only:

- the leads of the ``OVERLAP_DAYS`` before its first day (its context: owned by the blocks before it), so no pair
  within a window is missed at its edge;
- every lead with no day and no publication day (merging compares them with any incident sharing a word; the
  driver pass merges them first, as each block does; they are few).

The driver plans the blocks (``plan_blocks``: the leads sorted by the day blocking files them under and cut at
day boundaries into blocks of about ``block_leads``), a worker merges each (``merge_block``: its context and own
leads as the driver pass would, in order of publication), and the driver stitches (``stitch``). An incident of
a block holding no context lead and no lead another block reads as context is final and comes back summarised.
An incident of context leads alone is dropped: their own block says how they group (here they are merged
without the earlier reports of their incidents). The others come back as their article ids and are joined
where they share a lead (a context lead in an incident of its own block and in one of the next, joined there
by a lead of that block), then summarised here. Incidents are numbered by their first report in the driver
pass's order (publication day, then article id), as the driver pass numbers them.

Where it can differ from the driver pass (``write_incidents``): a block sees an earlier incident only through
its overlap days, so at a block's edge a story whose reports chain on over more days than that is judged by
its reports of those days alone (the mean likelihood can then differ), and a lead of the block that joins
context leads grouped otherwise than in their own block joins their incidents in the stitching.
tests/test_incident_blocks.py holds the two passes equal on stories that cross block edges;
``benchmarks/merge_speed.py`` measures how far they agree on a replicated corpus.
"""
from __future__ import annotations

import dataclasses
import datetime as dt
from bisect import bisect_left
from collections import defaultdict
from dataclasses import dataclass
from typing import Callable, Sequence

import pyarrow as pa
import pyarrow.compute as pc

from timeline.dataset.incidents import report_of
from timeline.incidents.merging import UNDATED_WINDOW

BLOCK_LEADS = 5000  # leads a block owns, about: a few seconds of merging, a few tens of MB on a worker
OVERLAP_DAYS = UNDATED_WINDOW  # the widest window a lead looks back over (a lead dated by its publication)


@dataclass(frozen=True, eq=False)
class Block:
    """One task of the pass: the leads anchored in its days, the leads it reads for context, and which of its
    own leads another block reads (their incidents go back to the driver to be stitched)."""

    number: int
    first_day: dt.date | None  # None: the block of a dataset whose leads have no day at all
    own: pa.Table
    context: pa.Table
    shared: frozenset[str]


@dataclass(frozen=True)
class BlockResult:
    final: tuple  # Incident records with no lead another block holds (ids provisional)
    open: tuple[tuple[str, ...], ...]  # the article ids of each other incident, in the order they joined


def anchors(table: pa.Table) -> list[dt.date | None]:
    """Each lead row's day as blocking files it (``merging.anchor_day``): its day, else its publication day."""
    return pc.coalesce(table["day"], table["published"]).to_pylist()


def plan_blocks(leads: pa.Table, block_leads: int) -> list[Block]:
    """The blocks of ``leads`` (one table of lead rows): whole days, about ``block_leads`` leads each."""
    days = anchors(leads)
    ids = leads["article_id"].to_pylist()
    undated = [i for i, d in enumerate(days) if d is None]
    dated = sorted((i for i, d in enumerate(days) if d is not None), key=lambda i: days[i])
    cuts: list[list[int]] = []  # the row numbers each block owns
    for i in dated:
        if not cuts or (len(cuts[-1]) >= block_leads and days[i] != days[cuts[-1][-1]]):
            cuts.append([])
        cuts[-1].append(i)
    firsts = [days[rows[0]] for rows in cuts]
    dated_days = [days[i] for i in dated]
    contexts = [[]] + [undated + dated[bisect_left(dated_days, first - dt.timedelta(days=OVERLAP_DAYS)):
                                       bisect_left(dated_days, first)] for first in firsts[1:]]
    if cuts:  # the undated leads are the first block's, and every other's context
        cuts[0] = undated + cuts[0]
    else:
        cuts, firsts = [undated], [None]
    seen_elsewhere = {ids[i] for rows in contexts for i in rows}

    def rows_of(numbers: list[int]) -> pa.Table:
        return leads.take(pa.array(numbers, pa.int64()))

    return [Block(k, firsts[k], rows_of(rows), rows_of(contexts[k]),
                  frozenset(ids[i] for i in rows if ids[i] in seen_elsewhere))
            for k, rows in enumerate(cuts)]


def merge_block(block: Block) -> BlockResult:
    """On a worker: the block's context and own leads merged as the driver pass merges all of them."""
    from timeline.incidents.merging import load_pair_model
    from timeline.incidents.run import merged_groups
    from timeline.incidents.summary import summarise

    reports = sorted((report_of(row) for table in (block.context, block.own) for row in table.to_pylist()),
                     key=lambda r: r[0].lead.article_id)
    context = set(block.context["article_id"].to_pylist())
    held_elsewhere = context | block.shared
    final, open_ = [], []
    for group in merged_groups(reports, load_pair_model()):
        ids = tuple(r.lead.article_id for r in group)
        if context.issuperset(ids):
            # context leads alone: merged again here without the earlier reports of their incidents, they may
            # group otherwise than in their own block, which says how they group; only a join with a lead of
            # this block says something new
            continue
        if held_elsewhere.isdisjoint(ids):
            final.append(summarise(ids[0], group))
        else:
            open_.append(ids)
    return BlockResult(tuple(final), tuple(open_))


def stitch(leads: pa.Table, results: Sequence[BlockResult]) -> list:
    """The blocks' incidents as the dataset's: open ones joined where they share a lead and summarised, then all
    numbered 1, 2, ... by their first report in the driver pass's order."""
    from timeline.incidents.summary import summarise

    parent: dict[str, str] = {}

    def root(a: str) -> str:
        while parent.setdefault(a, a) != a:
            parent[a] = parent[parent[a]]  # path halving: the chains stay short
            a = parent[a]
        return a

    for ids in (ids for r in results for ids in r.open):
        first = root(ids[0])  # an incident of one lead is filed too
        for other in ids[1:]:
            parent[root(other)] = first
    published = dict(zip(leads["article_id"].to_pylist(), leads["published"].to_pylist()))

    def order(article_id: str) -> tuple:
        return published[article_id] or dt.date.min, article_id

    joined: dict[str, list[str]] = defaultdict(list)
    for a in list(parent):
        joined[root(a)].append(a)
    rows = leads.filter(pc.is_in(leads["article_id"], value_set=pa.array(list(parent), pa.string())))
    reports = {report.lead.article_id: report for report, _ in map(report_of, rows.to_pylist())}
    incidents = [inc for r in results for inc in r.final]
    incidents += [summarise(members[0], [reports[a] for a in members])
                  for members in (sorted(ids, key=order) for ids in joined.values())]
    incidents.sort(key=lambda inc: order(inc.article_ids[0]))
    return [dataclasses.replace(inc, id=str(n + 1)) for n, inc in enumerate(incidents)]


def merge_on(client, tables: Sequence[pa.Table], *, block_leads: int = BLOCK_LEADS,
             progress: Callable[[int, int], None] | None = None) -> tuple[list, int]:
    """The incidents of the lead rows ``tables``, merged a block per task on ``client``'s workers; (incidents,
    how many blocks). ``progress(blocks merged, blocks)``."""
    from distributed import as_completed

    leads = pa.concat_tables(tables) if tables else None
    if leads is None or leads.num_rows == 0:
        return [], 0
    blocks = plan_blocks(leads, block_leads)
    futures = client.map(merge_block, blocks, pure=False)
    results = []
    if progress:
        progress(0, len(blocks))
    for future in as_completed(futures):
        results.append(future.result())
        future.release()
        if progress:
            progress(len(results), len(blocks))
    return stitch(leads, results), len(blocks)
