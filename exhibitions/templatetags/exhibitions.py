"""Exhibitions as other apps' pages show them, without those apps knowing exhibitions."""

from django import template

from exhibitions.models import Exhibition

register = template.Library()


@register.inclusion_tag("exhibitions/includes/item_exhibitions.html")
def exhibitions_showing(item):
    """The published exhibitions that show ``item``: a list of links on its page."""
    exhibitions = Exhibition.objects.published().filter(sections__items__item=item).distinct()
    return {"exhibitions": exhibitions}
