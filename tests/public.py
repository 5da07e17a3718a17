"""Helpers for tests of the public pages."""

import re

from django.urls import reverse
from django.utils import translation


def url(name, *args, language="en", query=""):
    """A public page's address under the language's prefix."""
    with translation.override(language):
        return reverse(name, args=args) + query


def all_sitemaps(client):
    """The sitemap index and every sitemap it lists, as one text."""
    index = client.get("/sitemap.xml").content.decode()
    sections = re.findall(r"<loc>http://testserver(/sitemap-[^<]+)</loc>", index)
    assert sections
    return "".join(
        client.get(section.replace("&amp;", "&")).content.decode() for section in sections
    )
