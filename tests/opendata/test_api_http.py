"""The API's HTTP: read-only methods, CORS, ETag and Last-Modified with 304s, the rate
limit's 429, JSON errors in the reader's language, and answers kept by the page cache."""

import json
import time

import pytest
from django.core.cache import cache
from django.utils.http import http_date

from core.cache import invalidate_public_pages
from tests.collection.factories import ItemFactory
from tests.opendata.api_records import API, full_item, get

pytestmark = pytest.mark.django_db


@pytest.fixture
def item():
    return full_item(title_en="Khâm Thiên Street")


def test_every_answer_may_be_read_from_any_site(client, item):
    for path in ("/objects", f"/objects/{item.pk}", "/objects/987654", "/nowhere", "/"):
        response = client.get(API + path)
        assert response["Access-Control-Allow-Origin"] == "*"
        assert "ETag" in response["Access-Control-Expose-Headers"]
        assert "Access-Control-Allow-Credentials" not in response


def test_a_preflight_is_answered_for_get_without_credentials(client, item):
    response = client.options(
        f"{API}/objects",
        headers={
            "Origin": "https://example.org",
            "Access-Control-Request-Method": "GET",
            "Access-Control-Request-Headers": "if-none-match",
        },
    )

    assert response.status_code == 204
    assert response["Access-Control-Allow-Origin"] == "*"
    assert response["Access-Control-Allow-Methods"] == "GET, HEAD, OPTIONS"
    assert response["Access-Control-Allow-Headers"] == "*"
    assert int(response["Access-Control-Max-Age"]) > 0
    assert response["Allow"] == "GET, HEAD, OPTIONS"


@pytest.mark.parametrize("method", ["post", "put", "patch", "delete"])
def test_writing_is_a_405_in_json(client, item, method):
    response = getattr(client, method)(
        f"{API}/objects/{item.pk}", data="{}", content_type="application/json"
    )

    assert response.status_code == 405
    assert response["Allow"] == "GET, HEAD, OPTIONS"
    assert response["Access-Control-Allow-Origin"] == "*"
    assert json.loads(response.content)["error"]["code"] == "method_not_allowed"


def test_head_answers_like_get_without_the_body(client, item):
    got = client.get(f"{API}/objects/{item.pk}")
    head = client.head(f"{API}/objects/{item.pk}")

    assert head.status_code == 200
    assert head.content == b""
    assert head["ETag"] == got["ETag"]
    assert head["Content-Type"] == got["Content-Type"]


def test_an_unknown_address_is_a_json_404_naming_the_docs(client):
    paths = ["/nowhere", "/objects/", "/objects/abc", "/objects/1/images", "/exhibitions/a/b"]
    for path in [*paths, "/events/a%0Ab", "/%0A"]:
        data = get(client, path, status=404, accept_language="en")
        assert data["error"]["code"] == "not_found"
        assert "http://testserver/api/v1/docs" in data["error"]["message"]


@pytest.mark.usefixtures("no_page_cache")
def test_a_matching_etag_is_a_304(client, item):
    first = client.get(f"{API}/objects/{item.pk}")
    assert first.status_code == 200
    assert first["Cache-Control"] == "public, no-cache"

    again = client.get(f"{API}/objects/{item.pk}", headers={"If-None-Match": first["ETag"]})

    assert again.status_code == 304
    assert again.content == b""
    assert again["ETag"] == first["ETag"]
    assert again["Access-Control-Allow-Origin"] == "*"
    weak = client.get(f"{API}/objects/{item.pk}", headers={"If-None-Match": f"W/{first['ETag']}"})
    assert weak.status_code == 304
    other = client.get(f"{API}/objects/{item.pk}", headers={"If-None-Match": '"something-else"'})
    assert other.status_code == 200


@pytest.mark.usefixtures("no_page_cache")
def test_an_edit_changes_the_etag_and_the_answer(client, item):
    first = client.get(f"{API}/objects/{item.pk}")
    item.title_en = "Khâm Thiên Street, 1972"
    item.save()

    again = client.get(f"{API}/objects/{item.pk}", headers={"If-None-Match": first["ETag"]})

    assert again.status_code == 200
    assert again["ETag"] != first["ETag"]
    assert json.loads(again.content)["title"]["en"] == "Khâm Thiên Street, 1972"


@pytest.mark.usefixtures("no_page_cache")
def test_last_modified_is_a_304_until_the_content_changes(client, item):
    first = client.get(f"{API}/objects")
    since = first["Last-Modified"]

    assert client.get(f"{API}/objects", headers={"If-Modified-Since": since}).status_code == 304
    earlier = http_date(time.time() - 3600)
    assert client.get(f"{API}/objects", headers={"If-Modified-Since": earlier}).status_code == 200

    time.sleep(1.1)
    invalidate_public_pages()  # what the admin's save does
    changed = client.get(f"{API}/objects", headers={"If-Modified-Since": since})
    assert changed.status_code == 200
    assert changed["Last-Modified"] != since


def test_the_page_cache_keeps_the_validators_and_never_keeps_a_304(client, item):
    first = client.get(f"{API}/objects/{item.pk}")
    cached = client.get(f"{API}/objects/{item.pk}")
    assert cached.content == first.content
    assert cached["ETag"] == first["ETag"]
    assert cached["Last-Modified"] == first["Last-Modified"]
    assert cached["Access-Control-Allow-Origin"] == "*"

    cache.clear()
    not_modified = client.get(f"{API}/objects/{item.pk}", headers={"If-None-Match": first["ETag"]})
    assert not_modified.status_code == 304
    after = client.get(f"{API}/objects/{item.pk}")
    assert after.status_code == 200
    assert after.content == first.content


def test_an_answer_is_the_same_whatever_language_asked_first(client, item):
    english = client.get(f"{API}/objects/{item.pk}", headers={"Accept-Language": "en"})
    cache.clear()
    vietnamese = client.get(f"{API}/objects/{item.pk}", headers={"Accept-Language": "vi"})

    assert english.content == vietnamese.content
    assert english["ETag"] == vietnamese["ETag"]
    assert english["Content-Language"] == vietnamese["Content-Language"] == "vi, en"


def test_an_object_unpublished_is_gone_from_the_cached_answers(client, item):
    assert get(client, "/objects")["results"]
    get(client, f"/objects/{item.pk}")

    item.status = "draft"
    item.save()
    invalidate_public_pages()  # what the admin's save does

    assert get(client, "/objects")["results"] == []
    get(client, f"/objects/{item.pk}", status=404)


@pytest.mark.usefixtures("no_page_cache")
def test_too_many_requests_are_a_429_with_retry_after(client, settings, item):
    # Counted per day: a count per minute could start afresh in the middle of the test.
    settings.API_RATE = "3/day"
    for _ in range(3):
        assert client.get(f"{API}/objects").status_code == 200

    refused = client.get(f"{API}/objects/{item.pk}")
    english = client.get(f"{API}/objects", headers={"Accept-Language": "en"})

    assert refused.status_code == english.status_code == 429
    # Until the day's count starts afresh.
    assert abs(int(refused["Retry-After"]) - (86400 - time.time() % 86400)) <= 2
    assert refused["Access-Control-Allow-Origin"] == "*"
    body = json.loads(refused.content)
    assert body["error"]["code"] == "too_many_requests"
    assert body["error"]["message"].startswith("Máy khách này gửi quá nhiều yêu cầu")
    assert json.loads(english.content)["error"]["message"].startswith("Too many requests")
    other_client = client.get(f"{API}/objects", REMOTE_ADDR="192.0.2.7")
    assert other_client.status_code == 200


@pytest.mark.usefixtures("no_page_cache")
def test_the_rate_is_counted_per_address_behind_the_proxy(client, settings, item):
    settings.API_RATE = "2/day"
    settings.SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    first = {"HTTP_X_FORWARDED_FOR": "203.0.113.5"}
    second = {"HTTP_X_FORWARDED_FOR": "198.51.100.1, 203.0.113.9"}
    assert [client.get(f"{API}/objects", **first).status_code for _ in range(3)] == [200, 200, 429]
    # A forged first address changes nothing; the proxy's (the last) is the client's.
    assert client.get(f"{API}/objects", **second).status_code == 200


@pytest.mark.parametrize(
    "query",
    [
        "limit=0",
        "limit=abc",
        "limit=1001",
        "kind=statue",
        "person=-1",
        "person=99999999999999999999",
        "year_from=0",
        "year_to=10000",
        "has_image=perhaps",
        "sort=title",
        "q=" + "x" * 201,
    ],
)
def test_a_malformed_parameter_is_a_400_naming_it(client, query):
    data = get(client, f"/objects?{query}", status=400, accept_language="en")

    assert data["error"]["code"] == "invalid_parameter"
    assert data["error"]["params"] == [query.split("=")[0]]
    assert query.split("=")[0] in data["error"]["message"]


@pytest.mark.parametrize(
    "cursor",
    [
        "abc",
        "",
        "x" * 501,
        "WyJudW1iZXIiLFsiYSIsMV1d",  # a cursor's payload, unsigned
        "%00",
    ],
)
def test_a_malformed_cursor_is_a_400(client, cursor):
    ItemFactory()
    response = client.get(f"{API}/objects?cursor={cursor}")

    if cursor == "":
        assert response.status_code == 200  # no cursor: the first page
        return
    assert response.status_code == 400
    if cursor != "%00":  # refused before the API: core.security's answer
        assert json.loads(response.content)["error"]["params"] == ["cursor"]


def test_a_cursor_is_valid_only_where_it_was_given(client):
    for _ in range(3):
        full_item()
    following = get(client, "/objects?limit=1")["next"]
    cursor = following.split("cursor=")[1].split("&")[0]

    for other in ("/people", "/objects?sort=date", "/objects?q=photograph"):
        joiner = "&" if "?" in other else "?"
        data = get(client, f"{other}{joiner}cursor={cursor}", status=400)
        assert data["error"]["code"] == "invalid_cursor"
    tampered = cursor[:-2] + ("AA" if not cursor.endswith("AA") else "BB")
    get(client, f"/objects?cursor={tampered}", status=400)


def test_errors_follow_accept_language_and_default_to_vietnamese(client):
    vietnamese = get(client, "/objects?limit=0", status=400)
    english = get(client, "/objects?limit=0", status=400, accept_language="en-GB,en;q=0.9")

    assert vietnamese["error"]["message"] == "Các tham số sau không hợp lệ: limit."
    assert english["error"]["message"] == "These parameters are not valid: limit."


def test_the_index_lists_every_resource(client):
    data = get(client, "/")

    assert set(data) == {
        "objects",
        "people",
        "places",
        "subjects",
        "exhibitions",
        "events",
        "openapi",
        "docs",
    }
    for address in data.values():
        assert client.get(address).status_code == 200


def test_the_schema_is_openapi_3_and_documents_the_errors(client):
    schema = get(client, "/openapi.json")

    assert schema["openapi"].startswith("3.")
    operation = schema["paths"]["/api/v1/objects"]["get"]
    assert {"200", "400", "429"} <= set(operation["responses"])
    detail = schema["paths"]["/api/v1/objects/{id}"]["get"]
    assert {"200", "404", "429"} <= set(detail["responses"])
    names = {parameter["name"] for parameter in operation["parameters"]}
    assert {"q", "kind", "person", "place", "subject", "year_from", "year_to"} <= names
    assert {"has_image", "sort", "limit", "cursor"} <= names


def test_the_docs_page_keeps_its_own_policy_when_served_from_the_page_cache(client):
    first = client.get(f"{API}/docs")
    cached = client.get(f"{API}/docs")

    for response in (first, cached):
        assert response.status_code == 200
        policy = response["Content-Security-Policy"]
        assert "img-src 'self' data:" in policy
        assert "script-src 'self'" in policy
        assert "cdn" not in response.content.decode()
    assert "data:" not in client.get(f"{API}/objects")["Content-Security-Policy"]


def test_made_up_parameters_reach_neither_the_next_page_nor_the_cache(
    client, django_assert_num_queries
):
    for _ in range(3):
        full_item()
    first = get(client, "/objects?limit=1&utm_source=mail")
    assert "utm_source" not in first["next"]
    assert "limit=1" in first["next"]

    # The same answer from the page cache: no query at all.
    with django_assert_num_queries(0):
        again = get(client, "/objects?utm_source=other&limit=1")
    assert again == first
