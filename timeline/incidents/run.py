"""One run over a set of articles: each article's lead, and the incidents the leads merge into.

``incidents_of`` is what ``python -m timeline incidents --jsonl`` and ``eval-incidents`` share: articles in,
(lead, its event, incident number) out, all articles of the run merged together.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Iterable, Sequence

import datetime as dt

from timeline.incidents.leads import Lead, LeadReader
from timeline.incidents.merging import IncidentMerger, LeadText, PairModel, merge_all
from timeline.incidents.summary import Report, summarise
from timeline.records import Incident

OPENING_CHARS = 600  # the opening of a report that merging compares beside its headline and lead sentence


@dataclass(frozen=True, slots=True)
class ArticleLead:
    """An article of the run: its id, its lead (None: no event) and the lead's event."""

    article_id: str | None  # None: no article (a gold line whose text could not be read)
    lead: Lead | None
    event: object | None  # the lead's Event
    opening: str


def read_leads(analyses: Iterable, reader: LeadReader) -> list[ArticleLead]:
    out = []
    for a in analyses:
        if a is None:
            out.append(ArticleLead(None, None, None, ""))
            continue
        lead = reader.read(a)
        event = next((e for e in a.events if lead is not None and e.id == lead.event_id), None)
        out.append(ArticleLead(a.article.id, lead, event, a.article.text[:OPENING_CHARS]))
    return out


def incidents_of(leads: Sequence[ArticleLead], model: PairModel) -> list[int | None]:
    """The incident of each article (None where it has no lead), every article of the run merged together."""
    return merge_all([x.lead for x in leads], [x.opening for x in leads], model)


def merged_groups(reports: Sequence[tuple[Report, LeadText]], model: PairModel) -> list[list[Report]]:
    """Stored leads (with their words) merged as ``merge_all`` merges a run: in order of publication (then as
    given); each incident's reports in the order they joined it, the incidents in the order they were opened."""
    merger = IncidentMerger(model)
    order = sorted(range(len(reports)), key=lambda i: (reports[i][0].lead.published or dt.date.min, i))
    members: dict[int, list[Report]] = {}
    for i in order:
        report, text = reports[i]
        members.setdefault(merger.add(report.lead, text=text), []).append(report)
    return [members[n] for n in sorted(members)]


def merged_incidents(reports: Sequence[tuple[Report, LeadText]], model: PairModel) -> list[Incident]:
    """The incidents of ``merged_groups``, each numbered 1, 2, ... in the order it was opened."""
    return [summarise(str(n + 1), group) for n, group in enumerate(merged_groups(reports, model))]
