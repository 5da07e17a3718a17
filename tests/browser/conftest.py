"""What the browser tests share: a curator to sign in as."""

import pytest
from django.contrib.auth.models import Group, User

PASSWORD = "a-long-test-password"


@pytest.fixture
def curator(roles):
    user = User.objects.create_user("curator", password=PASSWORD, is_staff=True)
    user.groups.add(Group.objects.get(name="Curator"))
    return user
