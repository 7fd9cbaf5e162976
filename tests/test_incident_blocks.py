"""The build's incidents pass on a Dask cluster (timeline.dataset.incident_blocks): a real LocalCluster of two
worker processes, the real pipeline's analyses of articles written here, a real Parquet dataset.

The reports: a shooting in Columbus, Ohio, told twice, and another shooting the same night in Cincinnati;
protests on Broad Street in Columbus on three days running; a warehouse fire in Dayton and, two days later, the
chief's word that it was set; a river flood in Toledo on two days; a note that the Columbus victim is
recovering. A lead is filed under the day it happened (or its publication day), so cut into blocks of three
leads, the protests, the fire and the flood each cross a block edge.
"""
from __future__ import annotations

import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from articles import article_from_text

REPORTS = [
    ("Man shot on Parsons Avenue in Columbus", "2017-06-10",
     "COLUMBUS, Ohio - A 19-year-old man was shot Friday night on Parsons Avenue, Columbus police said.\n\n"
     "Officers found Devin Carter wounded in the arm near a gas station. He was taken to Grant Medical Center."),
    ("Two killed in Cincinnati shooting", "2017-06-10",
     "CINCINNATI, Ohio - Two men were shot and killed Friday night outside a bar on Vine Street in Cincinnati.\n\n"
     "Police identified them as Luis Ortega and James Hill. No suspect has been named."),
    ("Police seek shooter after Parsons Avenue shooting", "2017-06-11",
     "Columbus police are looking for the man who shot Devin Carter, 19, on Parsons Avenue on Friday night.\n\n"
     "Carter was wounded near a gas station in Columbus and taken to Grant Medical Center."),
    ("Protesters march on Broad Street in Columbus", "2017-06-12",
     "COLUMBUS, Ohio - Hundreds of protesters marched on Broad Street in Columbus on Monday to demand a police "
     "review board, organiser Tamika Reed said."),
    ("Parsons Avenue shooting victim recovering", "2017-06-12",
     "Devin Carter, 19, who was shot on Parsons Avenue in Columbus, is recovering at Grant Medical Center, "
     "Columbus police said."),
    ("Second day of Broad Street protests in Columbus", "2017-06-13",
     "COLUMBUS, Ohio - Protesters marched on Broad Street in Columbus again on Tuesday to demand a police review "
     "board, organiser Tamika Reed said."),
    ("Fire destroys Dayton warehouse", "2017-06-13",
     "DAYTON, Ohio - A fire destroyed the Hendricks Mill warehouse on Keowee Street in Dayton on Tuesday, "
     "fire chief Mark Ellison said.\n\nNo one was hurt in the Hendricks Mill fire."),
    ("Broad Street protests go on in Columbus", "2017-06-14",
     "COLUMBUS, Ohio - Protesters marched on Broad Street in Columbus for a third day on Wednesday to demand a "
     "police review board, organiser Tamika Reed said."),
    ("Hendricks Mill fire was set", "2017-06-15",
     "The fire that destroyed the Hendricks Mill warehouse on Keowee Street in Dayton was set, Dayton fire chief "
     "Mark Ellison said."),
    ("Maumee River floods Toledo streets", "2017-06-16",
     "TOLEDO, Ohio - The Maumee River flooded streets in downtown Toledo on Friday after two days of rain, "
     "mayor Paula Hicks-Hudson said."),
    ("Maumee River floods more Toledo streets", "2017-06-17",
     "TOLEDO, Ohio - The Maumee River flooded more streets in downtown Toledo on Saturday, mayor Paula "
     "Hicks-Hudson said."),
]
BLOCK_LEADS = 3


@pytest.fixture(scope="module")
def dataset(geoparser, tmp_path_factory):
    """The reports analysed by the real pipeline and committed as a build's unit is."""
    from timeline.dataset.parquet import Dataset, unit_tables
    from timeline.events import Pipeline

    pipeline = Pipeline(geoparser=geoparser)
    analyses = [pipeline.analyse(article_from_text(text, title=title, published=published, source=f"Wire {k}",
                                                   url=f"https://wire.example/{k}"))
                for k, (title, published, text) in enumerate(REPORTS)]
    ds = Dataset(tmp_path_factory.mktemp("incident-blocks") / "ds")
    ds.open_for_build(len(analyses))
    ds.commit("unit-0", "the reports", unit_tables(analyses), [], set())
    return ds


@pytest.fixture(scope="module")
def client():
    from distributed import Client, LocalCluster

    with LocalCluster(n_workers=2, threads_per_worker=1, processes=True, host="127.0.0.1",
                      dashboard_address=None) as cluster, Client(cluster) as c:
        c.wait_for_workers(2)
        yield c


def incidents(ds) -> list[dict]:
    [path] = ds.files("incidents")
    return pq.read_table(path).to_pylist()


def test_the_cluster_pass_gives_the_driver_pass_incidents_across_block_edges(dataset, client):
    from timeline.dataset.incident_blocks import plan_blocks
    from timeline.dataset.incidents import write_incidents, write_incidents_on

    leads = pa.concat_tables([pq.read_table(p, partitioning=None) for p in dataset.files("leads")])
    assert leads.num_rows == len(REPORTS)
    blocks = plan_blocks(leads, BLOCK_LEADS)
    block_of = {a: b.number for b in blocks for a in b.own["article_id"].to_pylist()}
    assert len(blocks) >= 3 and sorted(block_of) == sorted(leads["article_id"].to_pylist())

    write_incidents(dataset)
    driver = incidents(dataset)
    spanning = [i for i in driver if len({block_of[a] for a in i["article_ids"]}) > 1]
    # the test means something only if stories run over block edges: the protests, the fire, the flood
    assert len(spanning) >= 2, [(i["article_ids"], [block_of[a] for a in i["article_ids"]]) for i in driver]

    heard = []
    count, n_blocks = write_incidents_on(dataset, client, block_leads=BLOCK_LEADS,
                                         progress=lambda done, total: heard.append((done, total)))
    assert n_blocks == len(blocks) and heard[-1] == (n_blocks, n_blocks)
    assert count == len(driver) and incidents(dataset) == driver


def test_every_lead_is_in_exactly_one_block_and_each_block_reads_the_days_before_it(dataset):
    import datetime as dt

    from timeline.dataset.incident_blocks import OVERLAP_DAYS, anchors, plan_blocks

    leads = pa.concat_tables([pq.read_table(p, partitioning=None) for p in dataset.files("leads")])
    day_of = dict(zip(leads["article_id"].to_pylist(), anchors(leads)))
    blocks = plan_blocks(leads, BLOCK_LEADS)
    owned = [a for b in blocks for a in b.own["article_id"].to_pylist()]
    assert sorted(owned) == sorted(day_of)
    for before, block in zip(blocks, blocks[1:]):
        # whole days: no day is cut between two blocks
        assert max(day_of[a] for a in before.own["article_id"].to_pylist()) < block.first_day
        context = set(block.context["article_id"].to_pylist())
        assert context == {a for a, d in day_of.items()
                           if block.first_day - dt.timedelta(days=OVERLAP_DAYS) <= d < block.first_day}
        assert context <= set(owned) and not context & set(block.own["article_id"].to_pylist())
        assert all(a in b.shared for b in blocks for a in context if a in b.own["article_id"].to_pylist())
