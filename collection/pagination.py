"""Pages of published objects at a million objects: a count remembered until the
collection changes, and a page found by its ids before its objects are read.

Django's paginator counts the whole filtered list on every request and reads a deep page
with ``OFFSET``, fetching every skipped row from the table. Here the count is kept
(core.cache.remember) until an object, person, place or subject changes, and the page's
ids are read first, from the index alone (``collection_item_public_order``), then only
those objects are fetched with what a card needs.
"""

import hashlib

from django.core.exceptions import EmptyResultSet
from django.core.paginator import Paginator
from django.utils.functional import cached_property

from collection.models import Item, Person, Place, Subject
from core.cache import remember


class CollectionPaginator(Paginator):
    @cached_property
    def count(self):
        try:
            sql, params = self.object_list.query.sql_with_params()
        except EmptyResultSet:  # a filter that can match nothing (an unknown record)
            return 0
        digest = hashlib.sha256(repr((sql, params)).encode()).hexdigest()
        return remember(
            f"count:{digest}",
            lambda: Paginator.count.func(self),
            depends=[Item, Person, Place, Subject],
        )

    def page(self, number):
        number = self.validate_number(number)
        bottom = (number - 1) * self.per_page
        top = min(bottom + self.per_page, self.count)
        if top + self.orphans >= self.count:
            top = self.count
        ids = list(self.object_list.values_list("pk", flat=True)[bottom:top])
        found = self.object_list.order_by().in_bulk(ids)
        return self._get_page([found[pk] for pk in ids if pk in found], number, self)
