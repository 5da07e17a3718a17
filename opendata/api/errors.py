"""Every error of the API as JSON of one shape, in the reader's language (Accept-Language,
Vietnamese by default): ``{"error": {"code": ..., "message": ..., "params": [...]}}``.

``code`` is stable, for programs; ``message`` is for people; ``params`` names the query
parameters that were refused, empty otherwise. The handlers replace django-ninja's own
(``{"detail": ...}`` and 422 for bad parameters): a bad parameter is a 400 here.
"""

import logging
import math

from django.db import InterfaceError, OperationalError
from django.http import Http404, JsonResponse
from django.urls import reverse
from django.utils.translation import gettext as _
from ninja import Schema
from ninja.errors import Throttled
from ninja.errors import ValidationError as ParameterError

from core.views import RETRY_AFTER_SECONDS

logger = logging.getLogger("opendata.api")


class ErrorDetail(Schema):
    code: str
    message: str
    params: list[str]


class Error(Schema):
    error: ErrorDetail


class ApiError(Exception):
    """An answer other than 200 that a view decides on: ``status``, ``code``, ``message``."""

    def __init__(self, status, code, message, params=()):
        super().__init__(message)
        self.status, self.code, self.message, self.params = status, code, message, list(params)


def error_response(status, code, message, params=()):
    body = {"error": {"code": code, "message": str(message), "params": list(params)}}
    return JsonResponse(body, status=status, json_dumps_params={"ensure_ascii": False})


def not_found_message():
    return _("No published record has this identifier.")


def unknown_address(request):
    """The answer for an address under /api/v1/ that is no resource."""
    docs = request.build_absolute_uri(reverse("api-v1:openapi-view"))
    message = _("There is nothing at this address. The API's documentation is at %(docs)s.")
    return error_response(404, "not_found", message % {"docs": docs})


def method_not_allowed():
    response = error_response(
        405, "method_not_allowed", _("This API only reads: use GET, HEAD or OPTIONS.")
    )
    response["Allow"] = "GET, HEAD, OPTIONS"
    return response


def invalid_cursor():
    return ApiError(
        400,
        "invalid_cursor",
        _("This cursor is not valid: use the “next” address of a previous page as it is."),
        ["cursor"],
    )


def on_api_error(request, exc):
    return error_response(exc.status, exc.code, exc.message, exc.params)


def on_parameter_error(request, exc):
    names = sorted({str(error["loc"][-1]) for error in exc.errors if error.get("loc")})
    message = _("These parameters are not valid: %(names)s.") % {"names": ", ".join(names)}
    return error_response(400, "invalid_parameter", message, names)


def on_not_found(request, exc):
    return error_response(404, "not_found", not_found_message())


def on_throttled(request, exc):
    seconds = max(1, math.ceil(exc.wait or 1))
    message = _("Too many requests from this client. Try again in %(seconds)s seconds.")
    response = error_response(429, "too_many_requests", message % {"seconds": seconds})
    # Set here as well as by django-ninja, which leaves it out when it cannot say.
    response["Retry-After"] = str(seconds)
    return response


def on_server_error(request, exc):
    if isinstance(exc, (OperationalError, InterfaceError)):
        logger.warning("database unreachable: %s", exc)
        message = _(
            "The database cannot be reached just now. Please try again in %(seconds)s seconds."
        )
        response = error_response(
            503, "service_unavailable", message % {"seconds": RETRY_AFTER_SECONDS}
        )
        response["Retry-After"] = str(RETRY_AFTER_SECONDS)
        return response
    logger.exception("API request failed: %s %s", request.method, request.get_full_path())
    return error_response(
        500, "server_error", _("The server could not answer this request. Please try again later.")
    )


def install_handlers(api):
    """Replace django-ninja's error answers on ``api`` with this module's."""
    api.add_exception_handler(ApiError, on_api_error)
    api.add_exception_handler(ParameterError, on_parameter_error)
    api.add_exception_handler(Http404, on_not_found)
    api.add_exception_handler(Throttled, on_throttled)
    api.add_exception_handler(Exception, on_server_error)
