"""Events as other apps' pages show them, without those apps knowing events."""

from django import template

from events.models import Event

register = template.Library()


@register.simple_tag
def events_of(exhibition):
    """The published events of ``exhibition`` (its opening, talks, tours), in order.
    Their changes renew the exhibition's pages (Event.also_invalidates)."""
    return list(
        Event.objects.published().filter(exhibitions=exhibition).order_by("starts_at", "pk")
    )
