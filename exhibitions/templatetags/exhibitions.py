"""Exhibitions as other apps' pages show them, without those apps knowing exhibitions."""

from django import template

from core.cache import depends_on
from exhibitions.models import ExhibitionItem, Section

register = template.Library()

NEIGHBOUR_COUNT = 4


@register.simple_tag
def exhibitions_showing(item, section_id=None):
    """What the published exhibitions say about ``item``, for its page:

    - ``exhibitions``: those that show it, linked from the page;
    - ``from_section``: the section the visitor came from (the page's ``?section=``), for
      a way back to it;
    - ``neighbour_items``: other objects of that section (or of the first that shows it),
      with ``neighbours_section`` and the ``link_suffix`` that keeps the way back.
    """
    sections = list(
        Section.objects.published()
        .filter(items__item=item)
        .select_related("exhibition")
        .order_by("exhibition__opens_on", "exhibition__pk", "position", "pk")
    )
    # The neighbours are the section's: their changes renew it (Section.showing).
    depends_on(*sections, *(section.exhibition for section in sections))
    from_section = next((s for s in sections if str(s.pk) == str(section_id)), None)
    neighbours_section = from_section or (sections[0] if sections else None)
    neighbour_items = []
    if neighbours_section:
        neighbour_items = [
            shown.item
            for shown in ExhibitionItem.objects.published()
            .filter(section=neighbours_section)
            .exclude(item=item)
            .for_display()[:NEIGHBOUR_COUNT]
        ]
    return {
        "exhibitions": list({s.exhibition_id: s.exhibition for s in sections}.values()),
        "from_section": from_section,
        "neighbours_section": neighbours_section,
        "neighbour_items": neighbour_items,
        "link_suffix": f"?section={neighbours_section.pk}" if neighbours_section else "",
    }
