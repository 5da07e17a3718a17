"""The collection dashboard for the admin's index (templates/admin/index.html)."""

from django import template

from museum.dashboard import dashboard

register = template.Library()


@register.simple_tag(takes_context=True)
def collection_dashboard(context):
    """What the dashboard shows the signed-in curator (museum.dashboard), or None."""
    request = context.get("request")
    return dashboard(request) if request is not None else None
