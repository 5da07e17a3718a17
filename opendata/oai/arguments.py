"""A request's arguments, checked as the protocol says (section 3.1 and each verb's
list of arguments): one verb, no argument twice, none a verb does not take, the
required ones present unless the exclusive resumption token is, and dates in one of
the two granularities the repository supports."""

import datetime
import re
from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _

from opendata.oai.errors import BadArgument, BadVerb

TOKEN = "resumptionToken"


@dataclass(frozen=True)
class Verb:
    required: tuple = ()
    optional: tuple = ()
    exclusive: str | None = None

    @property
    def names(self):
        return {*self.required, *self.optional, *([self.exclusive] if self.exclusive else [])}


LISTING = Verb(required=("metadataPrefix",), optional=("from", "until", "set"), exclusive=TOKEN)
VERBS = {
    "Identify": Verb(),
    "ListMetadataFormats": Verb(optional=("identifier",)),
    "ListSets": Verb(exclusive=TOKEN),
    "GetRecord": Verb(required=("identifier", "metadataPrefix")),
    "ListIdentifiers": LISTING,
    "ListRecords": LISTING,
}

# The protocol's patterns for the values it defines (the OAI-PMH schema's types).
METADATA_PREFIX = re.compile(r"[A-Za-z0-9\-_.!~*'()]+\Z")
SET_SPEC = re.compile(r"[A-Za-z0-9\-_.!~*'()]+(:[A-Za-z0-9\-_.!~*'()]+)*\Z")
DAY = re.compile(r"\d{4}-\d{2}-\d{2}\Z", re.ASCII)
SECOND = re.compile(r"\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z\Z", re.ASCII)
# What the request element may echo as an identifier (its schema type is a URI): a
# scheme, then the characters of an OAI identifier, "%" only as an escape.
IDENTIFIER = re.compile(
    r"[A-Za-z][A-Za-z0-9+.\-]*:(?:[A-Za-z0-9\-_.!~*'();/?:@&=+$,]|%[0-9A-Fa-f]{2})*\Z"
)
# Far longer than any argument this repository hands out or reads.
MAX_LENGTH = 2000


def read_arguments(query):
    """``(verb, {name: value})`` from a QueryDict (the query string, or a POST's form);
    BadVerb or BadArgument when the request breaks the protocol's rules."""
    lists = dict(query.lists())
    verbs = lists.pop("verb", [])
    if not verbs:
        raise BadVerb(_("The request names no verb."))
    if len(verbs) > 1:
        raise BadVerb(_("The verb is given more than once."))
    if verbs[0] not in VERBS:
        raise BadVerb(_("This is not an OAI-PMH verb."))
    verb = VERBS[verbs[0]]
    if repeated := sorted(name for name, values in lists.items() if len(values) > 1):
        raise BadArgument(_("An argument is given more than once: %s"), _listed(repeated))
    arguments = {name: values[0] for name, values in lists.items()}
    if unknown := sorted(set(arguments) - verb.names):
        raise BadArgument(_("This verb takes no argument named %s."), _listed(unknown))
    for value in arguments.values():
        if not value or "\x00" in value or len(value) > MAX_LENGTH:
            raise BadArgument(_("An argument is empty, too long or holds a NUL character."))
    if verb.exclusive in arguments:
        if len(arguments) > 1:
            raise BadArgument(_("A resumption token cannot be given with other arguments."))
    elif missing := [name for name in verb.required if name not in arguments]:
        raise BadArgument(_("A required argument is missing: %s"), _listed(missing))
    if "metadataPrefix" in arguments and not METADATA_PREFIX.match(arguments["metadataPrefix"]):
        raise BadArgument(_("The metadata prefix is not written as the protocol allows."))
    if "set" in arguments and not SET_SPEC.match(arguments["set"]):
        raise BadArgument(_("The set is not written as the protocol allows."))
    return verbs[0], arguments


def _listed(names):
    """Argument names for a message, each cut short: they are the client's."""
    return ", ".join(name if len(name) <= 40 else f"{name[:40]}…" for name in names[:5])


def echoed(verb, arguments):
    """The request element's attributes: the verb and its arguments, but an identifier
    that is not even written as a URI (the protocol's schema wants one there)."""
    return {
        "verb": verb,
        **{
            name: value
            for name, value in arguments.items()
            if name != "identifier" or IDENTIFIER.match(value)
        },
    }


@dataclass(frozen=True)
class Window:
    """The datestamps a selective harvest asks for: from ``start`` (included) to
    ``end`` (excluded), either open."""

    start: datetime.datetime | None = None
    end: datetime.datetime | None = None


def read_window(start, end):
    """The Window of ``from`` and ``until`` as given (None when absent). A day covers the
    whole day and a second the whole second, in UTC; both must have the same
    granularity, and ``from`` must not come after ``until``."""
    granularities = {_granularity(value) for value in (start, end) if value is not None}
    if len(granularities) > 1:
        raise BadArgument(_("From and until must be given at the same granularity."))
    window = Window(
        start=_moment(start) if start is not None else None,
        end=_moment(end, after=True) if end is not None else None,
    )
    if window.start and window.end and window.start >= window.end:
        raise BadArgument(_("From comes after until."))
    return window


def _granularity(value):
    if DAY.match(value):
        return "day"
    if SECOND.match(value):
        return "second"
    raise BadArgument(_("A date must be written YYYY-MM-DD or YYYY-MM-DDThh:mm:ssZ."))


def _moment(value, after=False):
    """The first moment of ``value``'s day or second; with ``after``, the first moment
    after it (None past the last representable day: no end)."""
    try:
        if DAY.match(value):
            moment = datetime.datetime.strptime(value, "%Y-%m-%d")
            step = datetime.timedelta(days=1)
        else:
            moment = datetime.datetime.strptime(value, "%Y-%m-%dT%H:%M:%SZ")
            step = datetime.timedelta(seconds=1)
    except ValueError:
        raise BadArgument(_("This date does not exist.")) from None
    moment = moment.replace(tzinfo=datetime.UTC)
    if not after:
        return moment
    try:
        return moment + step
    except OverflowError:
        return None
