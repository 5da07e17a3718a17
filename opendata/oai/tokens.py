"""Resumption tokens: where a list stopped, signed so that nobody can forge one, and
dated so that an old one is refused.

A token holds the harvest's arguments and the position of the last record sent, its
(datestamp, id). The next page starts after that position, not at an offset: a record
unpublished, edited or added meanwhile moves the records after it in the list, but the
position stays where it was. An edited record comes again later, with its new
datestamp; no record is skipped. The token also keeps the list's size as counted when
the harvest began and the number of records sent before it (``completeListSize`` and
``cursor``).
"""

import datetime
from dataclasses import asdict, dataclass

from django.conf import settings
from django.core import signing
from django.utils.translation import gettext_lazy as _

from opendata.oai.errors import BadResumptionToken

SALT = "opendata.oai.resumption-token"


@dataclass(frozen=True)
class Resumption:
    verb: str
    metadata_prefix: str
    set_spec: str | None
    start: str | None  # the harvest's window, ISO 8601
    end: str | None
    after: tuple  # (datestamp in ISO 8601 to the microsecond, object id)
    cursor: int  # records sent before the page this token asks for
    size: int  # completeListSize


def issue(resumption):
    """(token, its expiry) for ``resumption``."""
    token = signing.dumps(asdict(resumption), salt=SALT, compress=True)
    expires = datetime.datetime.now(datetime.UTC) + datetime.timedelta(
        seconds=settings.OAI_TOKEN_SECONDS
    )
    return token, expires


def read(token, verb):
    """The Resumption a token of ``verb`` holds; BadResumptionToken for one this
    repository did not issue, one that has expired, or one of another verb."""
    try:
        data = signing.loads(token, salt=SALT, max_age=settings.OAI_TOKEN_SECONDS)
    except signing.SignatureExpired:
        raise BadResumptionToken(_("This resumption token has expired.")) from None
    except signing.BadSignature:
        raise BadResumptionToken(_("This resumption token was not issued here.")) from None
    try:
        resumption = Resumption(**data)
        datestamp, pk = resumption.after
        datetime.datetime.fromisoformat(datestamp)
    except (TypeError, ValueError):
        raise BadResumptionToken(_("This resumption token was not issued here.")) from None
    if resumption.verb != verb:
        raise BadResumptionToken(_("This resumption token belongs to another verb."))
    return resumption
