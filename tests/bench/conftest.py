import pytest
from django.db import connection

from bench.site.dataset import generate


@pytest.fixture
def data(db, media_root):
    """The site benchmark's collection at its smallest: 300 published objects, 300 drafts."""
    with connection.cursor() as cursor:
        return generate(cursor, 300, media_root)
