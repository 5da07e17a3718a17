"""API_RATE is read from the environment, in a fresh interpreter, and refused loudly when
it is not requests per period."""

import pytest

from tests.core.test_settings import PRODUCTION, run


def api_rate(value):
    code = "from django.conf import settings; print(settings.API_RATE)"
    return run(code, **PRODUCTION, API_RATE=value)


@pytest.mark.parametrize("value", ["120/min", "5/s", "10000/day"])
def test_a_rate_is_taken_as_given(value):
    result = api_rate(value)

    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == value


@pytest.mark.parametrize("value", ["120", "0/min", "-5/min", "ten/min", "120/week", "²/min"])
def test_anything_else_refuses_to_start(value):
    result = api_rate(value)

    assert result.returncode != 0
    assert "API_RATE must be requests per period" in result.stderr
