"""What the site app does when the project is migrated."""

import pytest
from django.contrib.auth.models import Group
from django.core.management import call_command

from museum.roles import role_permissions

pytestmark = pytest.mark.django_db


def granted(role):
    group = Group.objects.get(name=role)
    return sorted(f"{p.content_type.app_label}.{p.codename}" for p in group.permissions.all())


def test_migrate_leaves_both_roles_with_exactly_their_permissions():
    # No fixture: the test database was made by migrate, as any installation is.
    assert granted("Curator") == role_permissions("Curator")
    assert granted("Archivist") == role_permissions("Archivist")


def test_migrate_puts_back_a_role_someone_changed():
    Group.objects.get(name="Archivist").permissions.clear()

    call_command("migrate", verbosity=0)

    assert granted("Archivist") == role_permissions("Archivist")
