"""An archivist imports a spreadsheet in Chromium: an error, a fixed file, the objects.

The check and the write run in a real worker process (``job_worker``) on the test
database; the page follows them by itself."""

import pytest
from django.contrib.auth.models import Group, Permission, User

from collection.models import Item
from museum.roles import role_permissions
from tests.collection.spreadsheets.helpers import csv_bytes

pytestmark = [pytest.mark.browser, pytest.mark.worker, pytest.mark.django_db(transaction=True)]

HEADERS = ["accession_number", "kind", "title_vi", "title_en", "date", "creator", "places"]
GOOD = ["BTLS.1972.10", "photograph", "Vượt sông Thạch Hãn", "Crossing the river", "12/1972",
        "Chu Chí Thành (photographer)", "Quảng Trị"]  # fmt: skip


@pytest.fixture
def archivist(settings, tmp_path):
    settings.IMPORT_TEMP_DIR = str(tmp_path / "imports")
    user = User.objects.create_user("archivist", password="a-long-test-password", is_staff=True)
    user.groups.add(role("Archivist"))
    return user


def role(name):
    """The role's group. An earlier transactional test's flush removes what migrations
    made, and Playwright's event loop hides the copy serialized_rollback would restore."""
    group, _ = Group.objects.get_or_create(name=name)
    for permission in role_permissions(name):
        app_label, codename = permission.split(".")
        group.permissions.add(
            Permission.objects.get(content_type__app_label=app_label, codename=codename)
        )
    return group


def upload(page, path):
    """Upload, then wait while the worker checks the file and the page shows the preview."""
    page.set_input_files("#id_spreadsheet", str(path))
    page.click("input[type=submit]")
    page.wait_for_selector("#import-counts", timeout=30_000)


def test_archivist_fixes_an_error_then_imports_and_sees_the_objects(
    page, archivist, tmp_path, job_worker
):
    broken, fixed = tmp_path / "catalogue.csv", tmp_path / "catalogue-fixed.csv"
    second = ["BTLS.1972.11", "document", "Thư gửi mẹ", "Letter home", "31/02/1972", "", ""]
    broken.write_bytes(csv_bytes([GOOD, second], HEADERS))
    fixed.write_bytes(csv_bytes([GOOD, [*second[:4], "02/1972", "", ""]], HEADERS))

    page.goto("/admin/login/?next=/admin/collection/item/")
    page.fill("#id_username", "archivist")
    page.fill("#id_password", "a-long-test-password")
    page.click("input[type=submit]")
    page.locator(".object-tools a[href$='/import/']").click()
    upload(page, broken)

    error_row = page.locator("#import-errors tbody tr")
    assert error_row.count() == 1
    cells = error_row.first.locator("td").all_inner_texts()
    assert cells[:2] == ["3", "date"]
    assert "31/02/1972" in cells[2]
    assert page.locator("input[value='Confirm import'], input.default").count() == 0
    assert not Item.objects.exists()

    page.locator(".submit-row a.button").click()
    upload(page, fixed)
    assert page.locator("#import-errors").count() == 0
    assert page.locator("[data-count=new]").inner_text() == "2"
    assert "Chu Chí Thành" in page.locator(".import-names").first.inner_text()
    page.locator("form[action$='/confirm/'] input[type=submit]").click()

    # The job's page follows the write and shows the counts when it is done.
    page.wait_for_selector("#import-done", timeout=30_000)
    assert "2 new, 0 updated, 0 unchanged" in page.locator("#import-done").inner_text()
    page.locator("#import-done a").click()
    assert "BTLS.1972.10" in page.locator("#content").inner_text()
    page.goto("/admin/collection/item/")
    listed = page.locator("#result_list").inner_text()
    assert "BTLS.1972.10" in listed
    assert "BTLS.1972.11" in listed
    assert Item.objects.count() == 2
