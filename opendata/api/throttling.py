"""Per-client rate limiting: at most ``settings.API_RATE`` requests ("120/min") from one
address, counted in the shared cache, so every worker and every web node count together
(Redis with ``CACHE_URL``, else the folder cache of the machine).

django-ninja's ``AnonRateThrottle`` keeps each request's state on the throttle object,
which every thread of a worker shares, and rewrites the list of a client's recent
requests on each one. Here the count is one number per client and period, raised by the
cache's ``incr`` (atomic in Redis), and the wait is until the period ends. Answers taken
from the page cache (core.cache) are not counted: they cost the database nothing.
"""

import threading
import time

from django.conf import settings
from django.core.cache import cache
from ninja.throttling import SimpleRateThrottle

from core.security import client_address


class ClientRateThrottle(SimpleRateThrottle):
    scope = "opendata-api"

    def __init__(self):
        # The rate is read on each request (``get_rate``), not once here.
        self.rate = None
        # What allow_request() found, for wait(): per thread, as the object is shared.
        self.refused = threading.local()

    def get_rate(self):
        return settings.API_RATE

    def get_cache_key(self, request):
        return self.cache_format % {"scope": self.scope, "ident": client_address(request)}

    def allow_request(self, request):
        limit, seconds = self.parse_rate(self.get_rate())
        now = time.time()
        period = int(now // seconds)
        key = f"{self.get_cache_key(request)}:{period}"
        # incr() counts this one when the period's count exists, as it does for every
        # request but a period's first (add() first, on every request, was one more
        # read of the cache each time); add() then starts it, unless another request
        # has just done so.
        try:
            count = cache.incr(key)
        except ValueError:
            if cache.add(key, 1, timeout=seconds + 1):
                count = 1
            else:
                count = self._counted_again(key, seconds)
        if count <= limit:
            return True
        self.refused.wait = (period + 1) * seconds - now
        return False

    @staticmethod
    def _counted_again(key, seconds):
        try:
            return cache.incr(key)
        except ValueError:  # expired in between
            cache.set(key, 1, timeout=seconds + 1)
            return 1

    def wait(self):
        # django-ninja asks right after allow_request() refused, in the same thread.
        return getattr(self.refused, "wait", None)
