"""The repository a harvester talks to: its address, its name (the museum's), whom to
write to, and how its records are identified.

A record's OAI identifier is ``oai:<repository identifier>:<object id>``. The object id
is the primary key, which never changes and is never reused, as in the object's
permalink; an accession number can be corrected, and harvesters key their copies on the
identifier. The repository identifier is ``OAI_REPOSITORY_IDENTIFIER``, a domain name of
the museum's set once; without it, the host name the request came to.
"""

import re
from dataclasses import dataclass

from django.conf import settings
from django.http.request import split_domain_port
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from core.identity import museum
from opendata.oai.markup import in_both_languages, joined

# The OAI identifier guidelines' pattern: a domain name, with at least one dot.
DOMAIN = re.compile(r"[a-zA-Z0-9][a-zA-Z0-9\-]*(\.[a-zA-Z0-9][a-zA-Z0-9\-]*)+\Z")
OBJECT_ID = re.compile(r"[1-9][0-9]{0,17}\Z", re.ASCII)


@dataclass(frozen=True)
class Repository:
    base_url: str
    identifier: str  # the repository identifier, in every record's OAI identifier
    site_url: str  # the site's root, for permalinks

    @classmethod
    def for_request(cls, request):
        host, _port = split_domain_port(request.get_host())
        return cls(
            base_url=request.build_absolute_uri(reverse("oai:endpoint")),
            identifier=settings.OAI_REPOSITORY_IDENTIFIER or host.lower(),
            site_url=request.build_absolute_uri("/").rstrip("/"),
        )

    @property
    def has_domain_identifier(self):
        """Whether the identifier is a domain name, as the oai-identifier description
        (Identify) requires: a bare host such as localhost is not."""
        return bool(DOMAIN.match(self.identifier))

    @staticmethod
    def oai_identifier_prefix(identifier):
        """What every OAI identifier of repository ``identifier`` begins with."""
        return f"oai:{identifier}:"

    def oai_identifier(self, pk):
        return f"{self.oai_identifier_prefix(self.identifier)}{pk}"

    def object_id(self, oai_identifier):
        """The object id an OAI identifier of this repository names, else None."""
        prefix = self.oai_identifier_prefix(self.identifier)
        if not oai_identifier.startswith(prefix):
            return None
        local = oai_identifier.removeprefix(prefix)
        return int(local) if OBJECT_ID.match(local) else None

    @property
    def name(self):
        return joined(museum().names) or in_both_languages(_("The museum"))

    @property
    def admin_emails(self):
        """Whom harvesters write to: ``OAI_ADMIN_EMAIL``, else the museum's address (the
        protocol wants one); webmaster at the repository's domain when neither is set."""
        email = settings.OAI_ADMIN_EMAIL or museum().email
        return [email or f"webmaster@{self.identifier}"]
