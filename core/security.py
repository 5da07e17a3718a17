"""Hardening every response shares: query strings that no form sends are refused before a
view sees them, and browsers are told which of their features the site never uses.

The Content-Security-Policy itself comes from django-csp (``CONTENT_SECURITY_POLICY`` in
the settings); the site has no inline scripts or styles, so it allows none.
"""

from django.conf import settings
from django.http import HttpResponse, HttpResponseBadRequest
from django.template import loader

# PostgreSQL cannot store or compare a NUL character: a query string carrying one would
# reach the database and fail there, as a server error, from any filter or search box.
_NUL = "\x00"
# Protocols whose answer to a malformed request is their own, with HTTP 200: OAI-PMH's
# badArgument (opendata.oai checks for NUL itself).
ANSWERED_IN_PROTOCOL = ("/oai/",)


class RejectMalformedQueryMiddleware:
    """A 400 for a query string with a NUL character in any name or value. No browser
    form sends one; a value that is merely wrong (a word for a number) is each view's
    to refuse or ignore."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if not request.path.startswith(ANSWERED_IN_PROTOCOL) and self.has_nul(request.GET):
            return HttpResponseBadRequest(
                "Bad request: the address holds a character no form sends.",
                content_type="text/plain; charset=utf-8",
            )
        return self.get_response(request)

    def has_nul(self, query):
        return any(
            _NUL in key or any(_NUL in value for value in values) for key, values in query.lists()
        )


class PermissionsPolicyMiddleware:
    """Send ``settings.PERMISSIONS_POLICY``: each browser feature the site never asks
    for (camera, geolocation, ...) is switched off for it and anything it embeds."""

    def __init__(self, get_response):
        self.get_response = get_response
        self.header = ", ".join(
            f"{feature}=({' '.join(allowed)})"
            for feature, allowed in settings.PERMISSIONS_POLICY.items()
        )

    def __call__(self, request):
        response = self.get_response(request)
        if self.header:
            response.headers.setdefault("Permissions-Policy", self.header)
        return response


def client_address(request):
    """The visitor's IP address, for sign-in throttling. Behind the TLS proxy
    (``DJANGO_BEHIND_TLS_PROXY``) the connection comes from the proxy, which appends the
    address it saw to X-Forwarded-For: the last entry is the one a visitor cannot forge."""
    forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
    if getattr(settings, "SECURE_PROXY_SSL_HEADER", None) and forwarded.strip():
        return forwarded.split(",")[-1].strip()
    return request.META.get("REMOTE_ADDR")


def lockout_response(request, original_response=None, credentials=None):
    """django-axes' answer to a locked-out sign-in: the bilingual lockout page, 429."""
    minutes = max(1, round(settings.AXES_COOLOFF_TIME.total_seconds() / 60))
    page = loader.get_template("lockout.html").render({"minutes": minutes}, request)
    return HttpResponse(page, status=429)
