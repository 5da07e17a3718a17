import pytest
from django.test import Client

from bench.site.dataset import EXHIBITION_SLUG
from bench.site.load import SEARCH_TERMS
from bench.site.profiling import pages, profile_page, search_matches

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def bench_page_cache(settings):
    """The page cache as the bench runs it (bench.site.settings): ``_bench`` defeats it."""
    settings.MIDDLEWARE = [
        "bench.site.thin.BenchPageCacheMiddleware"
        if name == "core.cache.PublicPageCacheMiddleware"
        else name
        for name in settings.MIDDLEWARE
    ]


def test_every_profiled_page_answers(data):
    client = Client()
    for number, (name, path) in enumerate(pages(150, EXHIBITION_SLUG)):
        assert profile_page(client, path, number)["status"] == 200, name


def test_a_page_profile_times_its_queries_and_explains_the_slowest(data):
    figures = profile_page(Client(), "/en/collection/", 0)
    assert figures["queries"] > 0
    assert figures["sql_ms"] >= figures["slowest"][0]["ms"]
    assert any("Execution Time" in line for line in figures["slowest_plan"])


def test_search_matches_are_counted_per_term(data):
    assert set(search_matches(SEARCH_TERMS)) == set(SEARCH_TERMS)
