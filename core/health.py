"""``/healthz``: 200 when the database answers, 503 when it does not.

Answered by a middleware at the top of the stack, before host validation and the
HTTPS redirect, so that a container's health check or a load balancer can ask
``http://127.0.0.1:8000/healthz`` whatever ``DJANGO_ALLOWED_HOSTS`` says.
"""

import logging

from django.db import DatabaseError, connection
from django.http import JsonResponse
from django.utils.cache import add_never_cache_headers

logger = logging.getLogger(__name__)

HEALTH_PATH = "/healthz"


def health_response():
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except DatabaseError as error:
        logger.warning("health check failed: database unreachable: %s", error)
        response = JsonResponse({"status": "unavailable", "database": "unreachable"}, status=503)
    else:
        response = JsonResponse({"status": "ok", "database": "ok"})
    add_never_cache_headers(response)
    return response


class HealthCheckMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.path == HEALTH_PATH:
            return health_response()
        return self.get_response(request)
