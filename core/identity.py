"""The museum's identity (its name, rights statement, installation id) for the apps that
show it without knowing the site app, which keeps it: the collection's citations and
structured data, the events' calendar files.

The site app registers the function that reads it (``provide()``, from its
``AppConfig.ready()``); until then, or in a project without one, a nameless museum
stands in.
"""

from dataclasses import dataclass, field

from django.utils.translation import gettext

from core.languages import Translated, current_language, pick


@dataclass(frozen=True)
class Identity:
    """What the site shows of the museum, each text in both languages (``{"vi": ...,
    "en": ...}``); the properties give the reader's, else the other."""

    names: dict = field(default_factory=dict)
    short_names: dict = field(default_factory=dict)
    addresses: dict = field(default_factory=dict)
    opening_hours_texts: dict = field(default_factory=dict)
    rights_statements: dict = field(default_factory=dict)
    credit_lines: dict = field(default_factory=dict)
    email: str = ""
    phone: str = ""
    website: str = ""
    logo_url: str = ""
    # Random, made once per installation: calendar UIDs built on it never collide with
    # another museum's running the same software.
    installation_id: str = ""

    @property
    def name(self):
        return pick(self.names) or Translated(gettext("The museum"), current_language())

    @property
    def short_name(self):
        return pick(self.short_names) or self.name

    @property
    def address(self):
        return pick(self.addresses)

    @property
    def opening_hours(self):
        return pick(self.opening_hours_texts)

    @property
    def rights(self):
        return pick(self.rights_statements)

    @property
    def credit_line(self):
        return pick(self.credit_lines)

    def json_ld(self, site_url):
        """The museum as schema.org's Museum, the publisher or provider of a page's
        subject; ``site_url`` is this site's address, used when it has no other."""
        data = {
            "@type": "Museum",
            "name": str(self.name),
            "url": self.website or site_url,
            "address": str(self.address),
            "email": self.email,
            "telephone": self.phone,
        }
        return {key: value for key, value in data.items() if value}


_provider = None


def provide(function):
    """Register ``function()``, returning an Identity, as the museum's identity."""
    global _provider
    _provider = function


def museum():
    """The museum's identity, as the registered provider gives it (cached there)."""
    return _provider() if _provider else Identity()
