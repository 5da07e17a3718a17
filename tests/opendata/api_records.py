"""What the JSON API tests read: records made with the apps' factories, and the API's
answers as JSON."""

import json

from tests.collection.factories import (
    CreatorFactory,
    ImageFactory,
    ItemFactory,
    ItemPlaceFactory,
    SubjectFactory,
)

API = "/api/v1"


def full_item(**kwargs):
    """A published photograph with two images, a photographer, a place and a subject."""
    item = ItemFactory(**kwargs)
    ImageFactory(item=item, is_primary=True, caption_en="The street at dawn", alt_text_vi="Phố")
    ImageFactory(item=item, is_primary=False, position=1, alt_text_en="", caption_en="")
    CreatorFactory(item=item)
    ItemPlaceFactory(item=item)
    item.subjects.add(SubjectFactory())
    return item


def get(client, path, status=200, **headers):
    """The API's answer to GET ``path`` (under /api/v1), checked for ``status``, as JSON."""
    response = client.get(path if path.startswith("http") else API + path, headers=headers)
    assert response.status_code == status, response.content
    assert response["Content-Type"].startswith("application/json")
    return json.loads(response.content)


def every_page(client, path):
    """The results of ``path`` and of every page its ``next`` leads to, and how many
    pages there were."""
    results, pages, address = [], 0, path
    while address:
        page = get(client, address)
        results += page["results"]
        pages += 1
        address = page["next"]
    return results, pages
