"""Schemathesis against /api/v1/openapi.json, through the whole site (config.wsgi, every
middleware, the page cache included): every operation fuzzed with its parameters valid
and not, each answer checked by all of Schemathesis's checks (no server error, status
codes, content types, headers and bodies as documented, invalid input refused, valid
input accepted, 405 with Allow for other methods)."""

import pytest
import schemathesis
from django.core.signals import request_finished, request_started
from django.db import close_old_connections
from hypothesis import HealthCheck
from hypothesis import settings as hypothesis_settings
from schemathesis.config import SchemathesisConfig

from config.wsgi import application
from tests.collection.factories import (
    CreatorFactory,
    ImageFactory,
    ItemFactory,
    ItemPlaceFactory,
    SubjectFactory,
    uploaded_image,
)
from tests.events.factories import EventFactory
from tests.exhibitions.factories import ExhibitionFactory, ExhibitionItemFactory, SectionFactory

pytestmark = [pytest.mark.django_db, pytest.mark.slow]

CONFIG = SchemathesisConfig.from_dict(
    {
        # A bound per operation, for the suite's time. Stateful testing follows links
        # between operations, which the schema does not declare.
        "generation": {"max-examples": 25, "allow-x00": False},
        "phases": {"stateful": {"enabled": False}},
    }
)


@pytest.fixture
def connection_kept():
    """The WSGI handler closes the database connection after each request when it is
    not in autocommit, which the test's transaction is not; Django's test client stops
    that the same way."""
    for signal in (request_started, request_finished):
        signal.disconnect(close_old_connections)
    yield
    for signal in (request_started, request_finished):
        signal.connect(close_old_connections)


@pytest.fixture
def collection(settings, connection_kept):
    """Published objects (one with people, places, subjects and a small image),
    exhibitions and events for the lists, and a draft."""
    settings.API_RATE = "1000000/min"  # one client sends every case
    item = ItemFactory(title_vi="Phố Khâm Thiên")
    image = ImageFactory(item=item, original=uploaded_image(width=320, height=240))
    CreatorFactory(item=item)
    ItemPlaceFactory(item=item)
    item.subjects.add(SubjectFactory())
    for n in range(2):
        exhibition = ExhibitionFactory(hero_image=image if n else None)
        ExhibitionItemFactory(section=SectionFactory(exhibition=exhibition), item=item)
        EventFactory().exhibitions.add(exhibition)
    ItemFactory()
    ItemFactory(draft=True)


# Loaded as the module is collected (the schema is made without the database).
# schemathesis.pytest.from_fixture() would load it in a fixture, but reads a private
# attribute of pytest's that pytest 9 no longer has.
schema = schemathesis.openapi.from_wsgi("/api/v1/openapi.json", application, config=CONFIG)


@schema.parametrize()
# The records are made once per operation and only read: the API writes nothing.
@hypothesis_settings(suppress_health_check=[HealthCheck.function_scoped_fixture])
def test_the_api_answers_as_its_schema_says(case, collection):
    if case.meta is not None and case.meta.generation.mode.is_positive and case.query:
        # A cursor is a token only the API makes and signs; one made up, however well
        # formed, is refused (tests/opendata/test_api_http.py), not a valid request.
        case.query.pop("cursor", None)
    case.call_and_validate()
