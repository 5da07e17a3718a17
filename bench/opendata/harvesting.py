"""Harvesting the whole collection through OAI-PMH, against a plain SELECT of its rows.

``measure(env)`` runs in the benchmark: it runs ``python -m bench.opendata.harvesting``
in a child process on the bench database, with production settings (DEBUG off, the page
cache on). The child harvests every record with ListRecords, page after page through the
resumption tokens, with Django's test client (in-process: the protocol's work, not the
network's), and selects the same objects' columns with a plain cursor, in turns, ROUNDS
times each, and prints the figures as JSON: the best of each counts. The SELECT with the
linked names runs before and after them; the faster counts.

The harvest's seconds are its requests', from asking for a page to holding its answer, as
the SELECT's are its statement's and fetches'; the harvester's own reading of each page
(counting its records, finding the token: 3 ms of a page of 1,000) is given beside them,
as ``wall_seconds``, and not counted.

The target is judged against the objects' columns alone; the same rows with the linked
names (the records' own query, over every object at once) are given beside it.
"""

import html
import json
import re
import time
from urllib.parse import quote

from django.db import connection

from bench.common import run_module, setup_django

TOKEN = re.compile(rb"<resumptionToken[^>]*>([^<]+)</resumptionToken>")
FIRST_PAGE = "/oai/?verb=ListRecords&metadataPrefix=oai_dc"


def measure(env):
    out = run_module(__name__, env=env)
    return json.loads(out.strip().splitlines()[-1])


def harvest(client):
    """Every page of ListRecords: pages, records, deleted records, seconds, and the
    queries of the second page (one in the middle of a harvest)."""
    from django.test.utils import CaptureQueriesContext

    pages = records = deleted = 0
    page_queries = None
    path = FIRST_PAGE
    seconds = 0.0
    start = time.perf_counter()
    while path:
        asked = time.perf_counter()
        if pages == 1:
            with CaptureQueriesContext(connection) as queries:
                response = client.get(path)
            page_queries = len(queries)
        else:
            response = client.get(path)
        seconds += time.perf_counter() - asked
        if response.status_code != 200 or b"<error" in response.content:
            raise RuntimeError(f"{path}: {response.status_code} {response.content[:500]!r}")
        body = response.content
        pages += 1
        records += body.count(b"<record>")
        deleted += body.count(b'<header status="deleted">')
        found = TOKEN.search(body)
        token = found and quote(html.unescape(found[1].decode()))
        path = token and f"/oai/?verb=ListRecords&resumptionToken={token}"
    wall_seconds = time.perf_counter() - start
    return {
        "pages": pages,
        "records": records,
        "deleted_records": deleted,
        "seconds": round(seconds, 3),
        "records_per_s": round(records / seconds, 1),
        "wall_seconds": round(wall_seconds, 3),
        "records_per_wall_s": round(records / wall_seconds, 1),
        "queries_per_page": page_queries,
    }


def select_all(with_links):
    """The published objects, in the harvest's order, fetched with a plain cursor: the
    columns the records are written from, and (``with_links``) the names of their
    people, subjects and places as the records' own query reads them."""
    from collection.models import Item
    from opendata.oai.records import ITEM_COLUMNS, record_rows

    items = Item.objects.published().order_by("updated_at", "pk")
    rows = record_rows(items) if with_links else items.values_list(*ITEM_COLUMNS)
    sql, params = rows.query.sql_with_params()
    count = 0
    start = time.perf_counter()
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        while batch := cursor.fetchmany(2000):
            count += len(batch)
    seconds = time.perf_counter() - start
    return {"rows": count, "seconds": round(seconds, 3), "rows_per_s": round(count / seconds, 1)}


def fastest(runs, key="rows_per_s"):
    return max(runs, key=lambda figures: figures[key])


# Each measure's best of this many, taken in turns: a single harvest against the better of
# two SELECTs counted a harvest's slow moments (the kept rows' first reading, the other
# core's noise) and not the SELECT's.
ROUNDS = 3


def main():
    setup_django()
    from django.test import Client

    client = Client(HTTP_HOST="127.0.0.1")
    client.get("/oai/?verb=Identify")  # loads the code and opens the connection
    linked = [select_all(with_links=True)]
    columns, harvests = [], []
    for _round in range(ROUNDS):
        columns.append(select_all(with_links=False))
        harvests.append(harvest(client))
    columns.append(select_all(with_links=False))
    linked.append(select_all(with_links=True))
    columns, linked = fastest(columns), fastest(linked)
    harvested = fastest(harvests, "records_per_s")
    print(
        json.dumps(
            {
                "harvest": harvested,
                "harvests_records_per_s": [figures["records_per_s"] for figures in harvests],
                "select": columns,
                "select_with_links": linked,
                "ratio": round(harvested["records_per_s"] / columns["rows_per_s"], 3),
                "ratio_with_links": round(harvested["records_per_s"] / linked["rows_per_s"], 3),
            }
        )
    )


if __name__ == "__main__":
    main()
